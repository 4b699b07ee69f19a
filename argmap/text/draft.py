"""Drafting: a skeleton map proposed from raw text, for a person to correct.

The draft is a starting point, not an analysis. It proposes

* sections from the text's headings, and the title and author from its first line and byline;
* a statement for every sentence, split further where a clause opens with a discourse marker,
  each quoting its exact words;
* support where a clause opens with a conclusion marker (所以/因此/可見 ..., therefore/thus ...),
  a reason marker (因為/由於 ..., because/since ...), an example marker (例如/比如 ..., for example)
  or an enumeration marker (首先/其次 ..., first/second ...);
* attacks where a clause opens with a contrast marker (但/然而/不過/其實/卻 ..., however/but ...),
  and concessions where one opens with 雖然/當然/固然 ... (although/admittedly ...);
* analogies from analogy markers (就像/如同/好比/彷彿/正如/猶如 ..., just as/as if ...), from
  idioms (words jieba's dictionary tags as idioms), from short phrases in quotation marks
  (scare quotes often mark a figure: “窮小子”) and from named historical cases (a year or an
  age together with a name).

Markers are recognised on word tokens (after segmentation), never as raw substrings, so 但 in
但願 or 因 in 原因 is not mistaken for a marker. Every drafted element carries the tag ``draft``
and a note naming the rule and the marker that proposed it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

from argmap.model import ArgumentMap
from argmap.text.source import Document, split_document

__all__ = ["DRAFT_TAG", "MARKERS", "draft"]

DRAFT_TAG = "draft"
"""The tag every drafted element carries."""

Role = Literal["conclusion", "reason", "contrast", "concession", "enumeration", "example", "analogy"]

# Chinese markers are listed in Simplified script: tokens are compared after conversion.
MARKERS: dict[str, dict[Role, frozenset[str]]] = {
    "zh": {
        "conclusion": frozenset({"所以", "因此", "可见", "因而", "于是", "由此可见", "故此", "总之", "从而", "故而"}),
        "reason": frozenset({"因为", "由于", "鉴于", "既然"}),
        "contrast": frozenset({"但", "但是", "然而", "不过", "其实", "却", "可是", "只是", "反而", "相反"}),
        "concession": frozenset({"虽然", "当然", "固然", "尽管", "即使", "诚然", "虽说"}),
        "enumeration": frozenset({"首先", "其次", "再次", "最后", "第一", "第二", "第三", "此外", "另外"}),
        "example": frozenset({"例如", "比如", "譬如", "比方说", "好比说"}),
        "analogy": frozenset({"就像", "如同", "好比", "彷佛", "仿佛", "正如", "犹如", "宛如", "恰似", "好像"}),
    },
    "en": {
        "conclusion": frozenset({"therefore", "thus", "hence", "so", "consequently", "accordingly"}),
        "reason": frozenset({"because", "since"}),
        "contrast": frozenset({"however", "but", "yet", "nevertheless", "nonetheless", "still"}),
        "concession": frozenset({"although", "though", "admittedly", "granted", "of course", "while"}),
        "enumeration": frozenset({"first", "firstly", "second", "secondly", "third", "finally", "moreover",
                                  "furthermore", "besides"}),
        "example": frozenset({"for example", "for instance", "e.g."}),
        "analogy": frozenset({"just as", "as if", "as though", "like", "similarly", "likewise"}),
    },
}

_CLAUSE_BREAK = re.compile(r"[,，;；:：、]\s*")
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?:年|s)?(?!\d)")
_AGE = re.compile(r"(?<!\d)(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:歲|岁)|\baged? \d{1,3}\b|\bat \d{1,2}\b")
_SCARE_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"\n]{2,12})[”」』\"]")
_SENTENCE_PUNCTUATION = re.compile(r"[。！？!?；;]")
_EDGE_PUNCTUATION = " ,，、:：;；\"“”「」『』'"
_UNDECIDED = {"zh": "待定", "en": "to be decided"}


@dataclass
class _Unit:
    """A span of a sentence that becomes one drafted statement."""

    start: int
    end: int
    paragraph: int
    sentence: int
    section: str | None
    role: Role | None = None
    marker: str | None = None
    concession: str | None = None


class _Tokens:
    """The source's word spans, with the comparison form of each word, for quick lookups."""

    def __init__(self, text: str) -> None:
        from argmap.text.segment import segment_spans, to_simplified

        self.spans = segment_spans(text)
        self.starts = [start for start, _ in self.spans]
        simplified = to_simplified(text)
        self.forms = [simplified[start:end].lower() for start, end in self.spans]

    def original(self, text: str, first: int, last: int) -> str:
        """The source's own characters for tokens ``first`` to ``last``."""
        return text[self.spans[first][0]:self.spans[last][1]]

    def words(self, start: int, end: int, limit: int | None = None) -> list[tuple[int, str]]:
        """(token index, comparison form) of the word tokens inside ``[start, end)``, at most ``limit``."""
        first = bisect_left(self.starts, start)
        out: list[tuple[int, str]] = []
        for index in range(first, len(self.spans)):
            if self.spans[index][0] >= end or (limit is not None and len(out) >= limit):
                break
            form = self.forms[index]
            if any(char.isalnum() for char in form):
                out.append((index, form))
        return out


def _opening_marker(words: list[tuple[int, str]], markers: dict[Role, frozenset[str]],
                    roles: tuple[Role, ...], reach: int = 1) -> tuple[Role, int, int] | None:
    """The marker among the first ``reach`` words (or the first two words joined by a space).

    Returns the marker's role and the first and last token index it spans.
    """
    head = words[: reach + 1]
    candidates: list[tuple[str, int, int]] = []
    if len(head) > 1:
        candidates.append((f"{head[0][1]} {head[1][1]}", head[0][0], head[1][0]))
    candidates += [(form, index, index) for index, form in head[:reach]]
    for candidate, first, last in candidates:
        for role in roles:
            if candidate in markers[role]:
                return role, first, last
    return None


def _analogy_marker(words: list[tuple[int, str]], markers: frozenset[str]) -> tuple[int, int] | None:
    """First and last token index of the first analogy marker (one or two words) in a unit."""
    for position, (index, form) in enumerate(words):
        if position + 1 < len(words):
            following = words[position + 1][1]
            # two-word markers: "just as" in English; 就+像 when jieba splits 就像
            if f"{form} {following}" in markers or f"{form}{following}" in markers:
                return index, words[position + 1][0]
        if form in markers:
            return index, index
    return None


def _language(text: str) -> str:
    sample = text[:20_000]
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    letters = sum(1 for c in sample if c.isalpha())
    if letters and cjk / letters > 0.3:
        from argmap.text.segment import to_simplified

        return "zh-Hant" if to_simplified(sample) != sample else "zh-Hans"
    return "en"


_SPLIT_ROLES: tuple[Role, ...] = ("conclusion", "contrast", "reason", "example")


def _units(document: Document, tokens: _Tokens, markers: dict[Role, frozenset[str]]) -> list[_Unit]:
    text = document.text
    units: list[_Unit] = []
    section: str | None = None
    for paragraph in document.paragraphs:
        if paragraph.kind == "heading":
            section = text[paragraph.start:paragraph.end]
            continue
        for sentence in paragraph.sentences:
            # clause boundaries at which a new unit starts: the next clause opens with a marker
            cuts = [sentence.start]
            # "因為 A，B" / "Although A, B": the opening clause is a unit of its own
            opens_subordinate = _opening_marker(tokens.words(sentence.start, sentence.end, limit=4), markers,
                                                ("reason", "concession"))
            for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
                if match.end() >= sentence.end:
                    break
                clause_words = tokens.words(match.end(), sentence.end, limit=4)
                if _opening_marker(clause_words, markers, _SPLIT_ROLES) or (opens_subordinate and len(cuts) == 1):
                    cuts.append(match.end())
            cuts.append(sentence.end)
            cuts = _capped(cuts, tokens)
            for start, end in pairwise(cuts):
                quote_end = end
                while quote_end > start and (text[quote_end - 1] in ",，;；:：、" or text[quote_end - 1].isspace()):
                    quote_end -= 1
                if quote_end <= start:
                    continue
                unit = _Unit(start, quote_end, paragraph.index, sentence.index, section)
                words = tokens.words(start, quote_end)
                opening = _opening_marker(words, markers, ("conclusion", "reason", "contrast", "example",
                                                            "enumeration"))
                if opening:
                    unit.role, unit.marker = opening[0], tokens.original(text, opening[1], opening[2])
                concession = _opening_marker(words, markers, ("concession",), reach=3)
                if concession:
                    unit.concession = tokens.original(text, concession[1], concession[2])
                units.append(unit)
    return units


MAX_UNIT_CHARS = 1000
"""Longest drafted statement: a longer stretch without a sentence end is cut at word boundaries."""


def _capped(cuts: list[int], tokens: _Tokens) -> list[int]:
    """The cut points, with more added so that no unit is longer than ``MAX_UNIT_CHARS``.

    A text without sentence punctuation would otherwise become one statement holding all of
    it (twice: as text and as quote). Extra cuts fall on word boundaries where possible.
    """
    out = [cuts[0]]
    for end in cuts[1:]:
        while end - out[-1] > MAX_UNIT_CHARS:
            limit = out[-1] + MAX_UNIT_CHARS
            boundary = tokens.starts[bisect_left(tokens.starts, limit + 1) - 1]  # last word start <= limit
            out.append(boundary if boundary > out[-1] else limit)
        out.append(end)
    return out


def draft(text: str, *, title: str | None = None, lang: str | None = None,
          source_path: str | None = None, inline_source: bool = False) -> ArgumentMap:
    """Draft a skeleton map from a source text.

    Parameters
    ----------
    text : str
        The source text (Chinese in either script, or English).
    title : str, optional
        The map's title; by default the text's first line when it is a heading.
    lang : str, optional
        BCP 47 tag; detected from the text when omitted (``zh-Hant``, ``zh-Hans`` or ``en``).
    source_path : str, optional
        Recorded as ``source.path`` (relative to where the map will be saved).
    inline_source : bool
        Record the text itself as ``source.text`` (when no path can be given).

    Returns
    -------
    ArgumentMap
        A valid map whose every element is tagged ``draft`` and says why it was proposed.
    """
    document = split_document(text)
    language = lang or _language(text)
    family = "zh" if language.lower().startswith("zh") else "en"
    markers = MARKERS[family]
    undecided = _UNDECIDED[family]
    tokens = _Tokens(text)
    units = _units(document, tokens, markers)

    headings = [p for p in document.paragraphs if p.kind == "heading"]
    first_is_title = bool(document.paragraphs) and document.paragraphs[0].kind == "heading"
    section_ids: dict[str, str] = {}
    sections: list[dict[str, Any]] = []
    for heading in headings:
        heading_text = text[heading.start:heading.end]
        if heading_text not in section_ids:
            section_ids[heading_text] = f"sec{len(section_ids) + 1}"
            sections.append({"id": section_ids[heading_text], "title": heading_text,
                             "note": "draft: a heading of the source text"})

    statements: list[dict[str, Any]] = []
    analogies: list[dict[str, Any]] = []
    arguments: list[dict[str, Any]] = []
    attacks: list[dict[str, Any]] = []

    def note(rule: str, marker: str | None = None) -> str:
        return f"draft: proposed by rule '{rule}'" + (f" (marker '{marker}')" if marker else "")

    def add_argument(premise: str, conclusion: str, rule: str, marker: str | None,
                     scheme: str | None = None) -> None:
        arguments.append({"id": f"a{len(arguments) + 1}", "premises": [premise], "conclusion": conclusion,
                          "scheme": scheme, "section": None, "tags": [DRAFT_TAG], "note": note(rule, marker)})

    ids: list[str] = []
    enumeration_anchor: dict[int, str] = {}  # paragraph -> statement the enumeration elaborates
    for position, unit in enumerate(units):
        quote = text[unit.start:unit.end]
        statement_id = f"s{position + 1}"
        kind = "claim"
        reasons = [f"sentence {unit.sentence + 1} of the source"]
        if unit.concession:
            kind = "concession"
            reasons.append(f"concession marker '{unit.concession}'")
        elif unit.role == "example":
            kind = "example"
        elif quote.rstrip("”’」』\"')）").endswith(("?", "？")):
            kind = "question"
        section = section_ids.get(unit.section) if unit.section else None
        statements.append({"id": statement_id, "type": kind, "text": quote, "quote": quote, "section": section,
                           "tags": [DRAFT_TAG], "note": "draft: " + "; ".join(reasons)})
        ids.append(statement_id)
        previous = ids[position - 1] if position > 0 and units[position - 1].paragraph == unit.paragraph else None
        following = units[position + 1] if position + 1 < len(units) else None

        opened_by = units[position - 1] if previous and units[position - 1].sentence == unit.sentence else None
        if opened_by is not None and opened_by.role is None and opened_by.concession and unit.role is None:
            attacks.append({"id": f"x{len(attacks) + 1}", "from": previous, "to": statement_id, "type": "rebut",
                            "tags": [DRAFT_TAG, "conceded"],
                            "note": note("concession-marker", opened_by.concession) + "; the text grants it"})
        if opened_by is not None and opened_by.role == "reason" and unit.role is None:
            add_argument(previous or "", statement_id, "reason-marker", opened_by.marker)
        elif unit.role == "conclusion" and previous:
            add_argument(previous, statement_id, "conclusion-marker", unit.marker)
        elif unit.role == "reason" and previous and not (following and following.sentence == unit.sentence):
            add_argument(statement_id, previous, "reason-marker", unit.marker)
        elif unit.role == "example" and previous:
            add_argument(statement_id, previous, "example-marker", unit.marker, scheme="example")
        elif unit.role == "contrast" and previous:
            attacks.append({"id": f"x{len(attacks) + 1}", "from": statement_id, "to": previous, "type": "rebut",
                            "tags": [DRAFT_TAG], "note": note("contrast-marker", unit.marker)})
        elif unit.role == "enumeration":
            anchor_id = enumeration_anchor.setdefault(unit.paragraph, previous or "")
            if anchor_id:
                add_argument(statement_id, anchor_id, "enumeration-marker", unit.marker)

        # analogies proposed inside the unit
        target_of = previous or statement_id
        words = tokens.words(unit.start, unit.end)
        found = _analogy_marker(words, markers["analogy"])
        if found:
            # "就像 X，Y" / "Just as X, Y": X is the familiar case, Y (or what precedes the marker) the target
            marker_start, marker_end = tokens.spans[found[0]][0], tokens.spans[found[1]][1]
            clause_end = _CLAUSE_BREAK.search(text, marker_end, unit.end)
            source_end = clause_end.start() if clause_end else unit.end
            familiar = text[marker_end:source_end].strip(_EDGE_PUNCTUATION)
            before = text[unit.start:marker_start].strip(_EDGE_PUNCTUATION)
            target = before or text[source_end:unit.end].strip(_EDGE_PUNCTUATION)
            if familiar:
                analogies.append(_analogy(len(analogies), "metaphor", quote, familiar, target or undecided, quote,
                                          section, note("analogy-marker", text[marker_start:marker_end])))
                add_argument(analogies[-1]["id"], target_of, "analogy-marker", None, scheme="analogy")
        if family == "zh":
            from argmap.text.segment import word_tags

            tags = word_tags()
            for index, form in words:
                if len(form) >= 4 and tags.get(form) == "i":
                    idiom = text[tokens.spans[index][0]:tokens.spans[index][1]]
                    analogies.append(_analogy(len(analogies), "idiom", f"成語「{idiom}」用於此處", idiom, undecided,
                                              idiom, section, note("idiom", idiom)))
                    add_argument(analogies[-1]["id"], statement_id, "idiom", None, scheme="analogy")
        for phrase in _SCARE_QUOTED.finditer(quote):
            # a short phrase in quotation marks is often used figuratively ("窮小子", 「一顆衛星」)
            inner = phrase.group(1)
            if not _SENTENCE_PUNCTUATION.search(inner):
                analogies.append(_analogy(len(analogies), "metaphor", quote, inner, undecided, phrase.group(0),
                                          section, note("quoted-phrase", phrase.group(0))))
                add_argument(analogies[-1]["id"], statement_id, "quoted-phrase", None, scheme="analogy")
        case = _YEAR.search(quote) or _AGE.search(quote)
        if case and _names_a_case(words, family, text, tokens):
            analogies.append(_analogy(len(analogies), "historical", quote, quote, undecided, quote, section,
                                      note("named-historical-case", case.group(0))))
            add_argument(analogies[-1]["id"], target_of, "named-historical-case", None, scheme="precedent")

    section_of = {s["id"]: s["section"] for s in statements}
    for argument in arguments:  # an argument belongs to its conclusion's section
        argument["section"] = section_of.get(argument["conclusion"])

    byline_author = _author(document)
    source: dict[str, Any] = {}
    if source_path is not None:
        source["path"] = source_path
    elif inline_source:
        source["text"] = text
    if byline_author:
        source["author"] = byline_author
    map_title = title or (text[document.paragraphs[0].start:document.paragraphs[0].end] if first_is_title else None)
    return ArgumentMap.model_validate({
        "argmap": "1",
        "title": map_title,
        "lang": language,
        "description": "Draft proposed by `argmap draft` from discourse markers; review every element.",
        "source": source or None,
        "sections": sections,
        "statements": statements,
        "analogies": analogies,
        "arguments": arguments,
        "attacks": attacks,
        "tags": [DRAFT_TAG],
        "notes": "Every element tagged 'draft' was proposed by a rule named in its note. Statements quote the "
                 "sentence or clause they come from; rewrite `text` as a concise paraphrase, delete what is not "
                 "argument, and fill in analogy targets and mappings.",
    })


def _analogy(count: int, figure: str, text: str, source: str, target: str, quote: str,
             section: str | None, why: str) -> dict[str, Any]:
    return {"id": f"an{count + 1}", "figure": figure, "text": text, "source": source, "target": target,
            "quote": quote, "section": section, "tags": [DRAFT_TAG], "note": why}


def _names_a_case(words: list[tuple[int, str]], family: str, text: str, tokens: _Tokens) -> bool:
    """Whether a unit with a year also names someone or somewhere (a historical case)."""
    if family == "zh":
        from argmap.text.segment import word_tags

        tags = word_tags()
        return any(tags.get(form, "")[:2] in ("nr", "ns", "nt") for _, form in words)
    return any(text[tokens.spans[index][0]].isupper() for index, _ in words[1:])


_BYLINE_AUTHOR = re.compile(r"^(?:文|作者|撰文|By)\s*[/／:：|丨]?\s*(.+)$")


def _author(document: Document) -> str | None:
    for paragraph in document.paragraphs:
        if paragraph.kind == "byline":
            match = _BYLINE_AUTHOR.match(document.text[paragraph.start:paragraph.end])
            if match:
                return match.group(1).strip()
    return None
