"""Anchoring: finding each node's ``quote`` in the source text.

Matching is tried in three steps, each more forgiving than the last, and every anchor says
which step found it:

1. ``exact`` — the quote occurs verbatim;
2. ``normalized`` — it occurs once whitespace is collapsed and full-/half-width forms,
   curly and corner quotes and letter case are unified (``？`` vs ``?``, ``「`` vs ``“``);
3. ``script`` — it occurs once Traditional and Simplified characters are unified too (OpenCC).

A quote found more than once is ``ambiguous`` (all occurrences are listed) unless the node says
which one it means (``occurrence: 2``, format 1.1): then the anchor points at that one. A quote not
found at all is ``missing``, with the closest passage of the source as a suggestion (fuzzy
matching by RapidFuzz, in any language: a slipped word, a dropped hyphen or a changed ending still
finds it). Implicit nodes (``implicit: true``) are the mapper's words, not the text's: they are not
anchored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from argmap.model import Analogy, ArgumentMap, Statement
from argmap.text.source import Document, split_document

__all__ = ["Anchor", "MatchKind", "anchor", "find_quote", "map_terms", "normalize"]

MatchKind = Literal["exact", "normalized", "script"]
Status = Literal["found", "ambiguous", "missing"]

# Punctuation that writers and converters swap freely: unify to one form before comparing.
_EQUIVALENT = str.maketrans({
    "“": '"', "”": '"', "「": '"', "」": '"', "„": '"', "‟": '"', "〝": '"', "〞": '"',
    "‘": "'", "’": "'", "『": "'", "』": "'", "‚": "'", "‛": "'",
    "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "﹣": "-",
    "〜": "~", "～": "~", "、": ",", "﹐": ",", "﹑": ",", "。": ".", "．": ".", "｡": ".",
})


@dataclass(frozen=True)
class Anchor:
    """Where one node's quote is in the source.

    ``start``/``end`` are character offsets of the first occurrence in the source text (None
    when missing); ``occurrences`` lists all of them; ``paragraph`` and ``sentence`` are
    indexes into the split document; ``match`` says which normalisation was needed.
    """

    node: str
    quote: str
    status: Status
    match: MatchKind | None = None
    start: int | None = None
    end: int | None = None
    occurrences: tuple[tuple[int, int], ...] = ()
    paragraph: int | None = None
    sentence: int | None = None
    suggestion: str | None = None
    path: tuple[str | int, ...] = field(default=())
    occurrence: int | None = None
    """The occurrence the node asks for (its ``occurrence``, 1-based), if any. When it exists,
    ``start``/``end`` point at it and the status is ``found``; when the quote occurs fewer times,
    ``start``/``end`` stay at the first occurrence and :attr:`occurrence_missing` is true."""

    @property
    def occurrence_missing(self) -> bool:
        """True when the node asks for an occurrence the source does not have."""
        return self.found and self.occurrence is not None and self.occurrence > len(self.occurrences)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The places the node quotes: the chosen occurrence, or every occurrence when none is chosen."""
        if self.occurrence is not None and not self.occurrence_missing:
            return (self.occurrences[self.occurrence - 1],)
        return self.occurrences

    @property
    def found(self) -> bool:
        """True when the quote occurs in the source (once or more)."""
        return self.status != "missing"


def normalize(text: str) -> tuple[str, list[int]]:
    """Normalise text for forgiving comparison, with the source offset of every output character.

    Applies NFKD (full-width to half-width, precomposed letters decomposed), unifies quotation
    marks, dashes and list commas, drops whitespace entirely (Chinese text has none between
    words, and line breaks may fall anywhere) and folds case.
    """
    return _fold_text(text, "")


_RUN = re.compile(r"\S+")  # \s is exactly str.isspace for str patterns


def _fold_text(text: str, space: str) -> tuple[str, list[int]]:
    """The folding of :func:`normalize`, with each run of whitespace replaced by ``space``.

    Runs of ASCII (most of a text in a language written with spaces) are folded whole in C: NFKD
    and the unified punctuation change no ASCII character, and ASCII case folding is ``lower``.
    Only other characters are folded one by one.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        if space and pieces:
            pieces.append(space)
            offsets.append(start - 1)
        run = match.group()
        if run.isascii():
            pieces.append(run.lower())
            offsets.extend(range(start, end))
            continue
        for index, char in enumerate(run, start):
            # NFKD, not NFKC: character by character, only decomposition treats a precomposed
            # letter (NFC "é") and its decomposed spelling (NFD "e" + U+0301) alike
            for piece in unicodedata.normalize("NFKD", char).translate(_EQUIVALENT).casefold():
                if not piece.isspace():
                    pieces.append(piece)
                    offsets.append(index)
    return "".join(pieces), offsets


MAX_OCCURRENCES = 100
"""Occurrences of one quote listed at most: a quote of a repetitive text (``word word ...``) can
occur at nearly every position, and listing them all would take time and memory quadratic in the
text. More than this many reads as "at least 100 times"."""


def _all_occurrences(haystack: str, needle: str, limit: int = MAX_OCCURRENCES) -> list[int]:
    found: list[int] = []
    start = haystack.find(needle)
    while start != -1 and len(found) < limit:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def times(count: int) -> str:
    """How often a quote occurs, in words: ``'3 times'``, or ``'at least 100 times'`` at the cap."""
    return f"at least {count} times" if count >= MAX_OCCURRENCES else f"{count} times"


class _Index:
    """The source prepared once for many lookups: raw, normalised and script-unified forms."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._normalized: tuple[str, list[int]] | None = None
        self._simplified: str | None = None

    @property
    def normalized(self) -> tuple[str, list[int]]:
        if self._normalized is None:
            self._normalized = normalize(self.document.text)
        return self._normalized

    @property
    def simplified(self) -> str:
        if self._simplified is None:
            from argmap.text.segment import to_simplified

            self._simplified = to_simplified(self.normalized[0])
        return self._simplified

    def find(self, quote: str, limit: int = MAX_OCCURRENCES) -> tuple[MatchKind, list[tuple[int, int]]] | None:
        text = self.document.text
        hits = _all_occurrences(text, quote, limit)
        if hits:
            return "exact", [(h, h + len(quote)) for h in hits]
        needle, _ = normalize(quote)
        if not needle:
            return None
        normalized, offsets = self.normalized
        hits = _all_occurrences(normalized, needle, limit)
        kind: MatchKind = "normalized"
        if not hits:
            from argmap.text.segment import to_simplified

            hits = _all_occurrences(self.simplified, to_simplified(needle), limit)
            kind = "script"
        if not hits:
            return None
        return kind, [(offsets[h], offsets[h + len(needle) - 1] + 1) for h in hits]


def find_quote(text: str | Document, quote: str) -> tuple[MatchKind, list[tuple[int, int]]] | None:
    """Find a quote in a text: the match kind and every ``(start, end)`` occurrence, or None."""
    document = text if isinstance(text, Document) else split_document(text)
    return _Index(document).find(quote)


def map_terms(map: ArgumentMap) -> list[str]:
    """Terms a map names that segmentation should keep whole: analogy sources, targets, mapping ends."""
    terms: list[str] = []
    for analogy in map.analogies:
        terms.extend([analogy.source, analogy.target])
        for pair in analogy.mapping:
            terms.extend([pair.from_, pair.to])
    return [t for t in dict.fromkeys(terms) if 1 < len(t) <= 12]


MAX_SUGGESTIONS = 200
"""Missing quotes that get a "did you mean" suggestion at most: each costs a fuzzy scan of the whole
source (fast, in C++, but a map with thousands of wrong quotes would otherwise take minutes)."""

SUGGESTION_BUDGET = 10_000_000_000
"""Work allowed for all the suggestions of one anchoring, in quote characters times source characters
(the fuzzy scan is linear in both, 64 pairs per machine word): about a second. An essay of 30,000
characters affords thousands of suggestions; a 64 MiB source a few; a quote over 2,000 characters,
which is no slip, none."""

_MAX_SUGGESTED_QUOTE = 2_000

_SUGGESTION_CUTOFF = 50.0
"""Least RapidFuzz ``partial_ratio`` (0-100) for a passage to be offered: below it, the closest
passage shares too little with the quote to be the one meant."""

_CLAUSE_END = ",，、;；:：-–— \t\n"


def _fold(text: str) -> tuple[str, list[int]]:
    """Text prepared for fuzzy comparison, with the source offset of every output character.

    Like :func:`normalize` (NFKD, unified quotation marks and dashes, case folded) but a run of
    whitespace becomes one space instead of nothing: in languages written with spaces, the space
    is what separates words, so keeping it keeps "phone free" close to "phone-free".
    """
    return _fold_text(text, " ")


def _unify_script(text: str) -> str:
    """Traditional characters as Simplified, when the conversion keeps every offset (it is per character)."""
    if text.isascii():
        return text
    from argmap.text.segment import to_simplified

    converted = to_simplified(text)
    return converted if len(converted) == len(text) else text


def _is_word_char(char: str) -> bool:
    # letters of scripts written with spaces between words; CJK characters are words on their own
    return char.isalnum() and not unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


class _Suggester:
    """Finds, for a quote that does not occur, the closest passage of the source (prepared once)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.made = 0
        self.budget = SUGGESTION_BUDGET
        self._folded: tuple[str, list[int]] | None = None

    @property
    def folded(self) -> str:
        return self._prepared()[0]

    @property
    def offsets(self) -> list[int]:
        return self._prepared()[1]

    def _prepared(self) -> tuple[str, list[int]]:
        if self._folded is None:  # folded on the first suggestion that the budget affords
            folded, offsets = _fold(self.document.text)
            self._folded = (_unify_script(folded), offsets)
        return self._folded

    def __call__(self, quote: str) -> str | None:
        cost = len(quote) * len(self.document.text)
        if self.made >= MAX_SUGGESTIONS or len(quote) > _MAX_SUGGESTED_QUOTE or cost > self.budget:
            return None
        self.made += 1
        self.budget -= cost
        needle = _unify_script(_fold(quote)[0])
        if not needle.strip() or not self.folded:
            return None
        from rapidfuzz import fuzz

        # partial_ratio aligns the quote with its best-matching stretch of the whole text (an
        # edit-distance similarity of the quote and a window of its length), in one linear scan
        best = fuzz.partial_ratio_alignment(needle, self.folded, score_cutoff=_SUGGESTION_CUTOFF)
        if best is None or best.dest_end <= best.dest_start:
            return None
        first, last = self._refine(needle, best.dest_start, best.dest_end)
        return self._passage(self.offsets[first], self.offsets[last - 1] + 1)

    def _refine(self, needle: str, start: int, end: int) -> tuple[int, int]:
        """Move the window's ends by a few characters to where the whole quote matches best.

        The alignment window has the quote's own length, so a quote that dropped a character ends one
        short of the passage meant; comparing a few shorter and longer windows with ``ratio`` (an
        edit-distance similarity of the whole strings) finds its true ends.
        """
        from rapidfuzz import fuzz

        slack = max(2, min(8, len(needle) // 10))  # at most 17 x 17 comparisons of quote-sized strings
        folded = self.folded
        best = (fuzz.ratio(needle, folded[start:end]), 0, start, end)
        for first in range(max(0, start - slack), min(end, start + slack + 1)):
            for last in range(max(first + 1, end - slack), min(len(folded), end + slack) + 1):
                score = fuzz.ratio(needle, folded[first:last])
                key = (score, -abs((last - first) - len(needle)), first, last)
                if key[:2] > best[:2]:
                    best = key
        return best[2], best[3]

    def _passage(self, start: int, end: int) -> str:
        """The source's own words around ``[start, end)``: whole words, or the whole sentence when
        the match leaves out only a little of it."""
        document = self.document
        text = document.text
        sentence = document.sentence_at(start)
        if sentence is not None and sentence.start <= start and end <= sentence.end + 1 and \
                sentence.end - sentence.start <= 2 * (end - start) + 40:  # else far too much is left out
            length = len(normalize(text[sentence.start:sentence.end])[0])
            left_out = length - len(normalize(text[start:end])[0])
            if left_out <= max(8, length // 3):
                return text[sentence.start:sentence.end].strip()
        while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
            start -= 1
        while end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
            end += 1
        return text[start:end].strip().rstrip(_CLAUSE_END) or text[start:end].strip()


def anchor(map: ArgumentMap, source: str | Document) -> list[Anchor]:
    """Anchor every quote of a map's statements and analogies in the source text.

    Parameters
    ----------
    map : ArgumentMap
    source : str or Document
        The source text (or a document already split with :func:`split_document`).

    Returns
    -------
    list of Anchor
        One per node that has a ``quote`` and is not implicit, in map order. A node's
        ``occurrence`` picks which occurrence its anchor points at.
    """
    document = source if isinstance(source, Document) else split_document(source)
    index = _Index(document)
    suggest: _Suggester | None = None
    anchors: list[Anchor] = []
    collections: tuple[tuple[str, Sequence[Statement | Analogy]], ...] = (
        ("statements", map.statements), ("analogies", map.analogies))
    for collection, nodes in collections:
        for position, node in enumerate(nodes):
            if node.quote is None or getattr(node, "implicit", None):
                continue
            path = (collection, position, "quote")
            wanted = node.occurrence
            result = index.find(node.quote, max(MAX_OCCURRENCES, wanted or 0))
            if result is None:
                if suggest is None:
                    suggest = _Suggester(document)
                anchors.append(Anchor(node.id, node.quote, "missing", path=path, suggestion=suggest(node.quote),
                                      occurrence=wanted))
                continue
            kind, occurrences = result
            chosen = wanted is not None and wanted <= len(occurrences)
            start, end = occurrences[wanted - 1] if chosen and wanted is not None else occurrences[0]
            paragraph = document.paragraph_at(start)
            sentence = document.sentence_at(start)
            status: Status = "found" if len(occurrences) == 1 or chosen else "ambiguous"
            anchors.append(Anchor(
                node.id, node.quote, status, kind, start, end,
                tuple(occurrences), paragraph.index if paragraph else None, sentence.index if sentence else None,
                path=path, occurrence=wanted,
            ))
    return anchors
