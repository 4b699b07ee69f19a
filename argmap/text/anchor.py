"""Anchoring: finding each node's ``quote`` in the source text.

Matching is tried in three steps, each more forgiving than the last, and every anchor says
which step found it:

1. ``exact`` — the quote occurs verbatim;
2. ``normalized`` — it occurs once whitespace is collapsed and full-/half-width forms,
   curly and corner quotes and letter case are unified (``？`` vs ``?``, ``「`` vs ``“``);
3. ``script`` — it occurs once Traditional and Simplified characters are unified too (OpenCC).

A quote found more than once is ``ambiguous`` (all occurrences are listed); one not found at
all is ``missing``, with the source sentence that shares most words with it as a suggestion.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from argmap.model import Analogy, ArgumentMap, Statement
from argmap.text.source import Document, Sentence, split_document

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
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        # NFKD, not NFKC: character by character, only decomposition treats a precomposed
        # letter (NFC "é") and its decomposed spelling (NFD "e" + U+0301) alike
        folded = unicodedata.normalize("NFKD", char).translate(_EQUIVALENT).casefold()
        for piece in folded:
            if not piece.isspace():
                out.append(piece)
                offsets.append(index)
    return "".join(out), offsets


MAX_OCCURRENCES = 100
"""Occurrences of one quote listed at most: a quote of a repetitive text (``word word ...``) can
occur at nearly every position, and listing them all would take time and memory quadratic in the
text. More than this many reads as "at least 100 times"."""


def _all_occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    start = haystack.find(needle)
    while start != -1 and len(found) < MAX_OCCURRENCES:
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

    def find(self, quote: str) -> tuple[MatchKind, list[tuple[int, int]]] | None:
        text = self.document.text
        hits = _all_occurrences(text, quote)
        if hits:
            return "exact", [(h, h + len(quote)) for h in hits]
        needle, _ = normalize(quote)
        if not needle:
            return None
        normalized, offsets = self.normalized
        hits = _all_occurrences(normalized, needle)
        kind: MatchKind = "normalized"
        if not hits:
            from argmap.text.segment import to_simplified

            hits = _all_occurrences(self.simplified, to_simplified(needle))
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


def _suggest(quote: str, document: Document, sentences: list[Sentence], words_of: _Words) -> str | None:
    """The sentence sharing the largest share of the quote's words (the shorter one on a tie)."""
    wanted = words_of(quote)
    if not wanted:
        return None
    scored = ((len(wanted & words_of(document.slice(s))) / len(wanted), s.start - s.end, s) for s in sentences)
    best = max(scored, key=lambda item: item[:2], default=None)
    return document.slice(best[2]) if best is not None and best[0] > 0 else None


class _Words:
    """Content words of a text (script-unified, punctuation and spaces dropped), cached."""

    def __init__(self, terms: Iterable[str]) -> None:
        from argmap.text.segment import shared_segmenter

        self._segmenter = shared_segmenter(terms)
        self._cache: dict[str, frozenset[str]] = {}

    def __call__(self, text: str) -> frozenset[str]:
        cached = self._cache.get(text)
        if cached is None:
            from argmap.text.segment import to_simplified

            words = self._segmenter.words(to_simplified(normalize(text)[0]))
            cached = frozenset(w for w in words if any(c.isalnum() for c in w))
            self._cache[text] = cached
        return cached


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
        One per node that has a ``quote``, in map order.
    """
    document = source if isinstance(source, Document) else split_document(source)
    index = _Index(document)
    sentences = document.sentences
    words_of: _Words | None = None
    anchors: list[Anchor] = []
    collections: tuple[tuple[str, Sequence[Statement | Analogy]], ...] = (
        ("statements", map.statements), ("analogies", map.analogies))
    for collection, nodes in collections:
        for position, node in enumerate(nodes):
            if node.quote is None:
                continue
            path = (collection, position, "quote")
            result = index.find(node.quote)
            if result is None:
                if words_of is None:
                    words_of = _Words(map_terms(map))
                anchors.append(Anchor(node.id, node.quote, "missing", path=path,
                                      suggestion=_suggest(node.quote, document, sentences, words_of)))
                continue
            kind, occurrences = result
            start, end = occurrences[0]
            paragraph = document.paragraph_at(start)
            sentence = document.sentence_at(start)
            anchors.append(Anchor(
                node.id, node.quote, "found" if len(occurrences) == 1 else "ambiguous", kind, start, end,
                tuple(occurrences), paragraph.index if paragraph else None, sentence.index if sentence else None,
                path=path,
            ))
    return anchors
