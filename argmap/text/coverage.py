"""Coverage: which parts of the source text a map quotes, and which it leaves out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from argmap.model import ArgumentMap
from argmap.text.anchor import Anchor, anchor
from argmap.text.source import Document, split_document

__all__ = ["Coverage", "SectionCoverage", "SentenceCoverage", "coverage"]


@dataclass(frozen=True)
class SentenceCoverage:
    """How much of one sentence the map's quotes cover (whitespace not counted)."""

    index: int
    paragraph: int
    start: int
    end: int
    chars: int
    covered_chars: int
    covered: bool


@dataclass
class SectionCoverage:
    """Coverage of one section of the source: the text under one heading."""

    heading: str | None
    index: int | None = None
    """The heading's paragraph index (None for the text before the first heading): two headings with
    the same title are two sections."""
    sentences: int = 0
    covered_sentences: int = 0
    chars: int = 0
    covered_chars: int = 0

    @property
    def char_share(self) -> float:
        """Covered share of the section's characters."""
        return self.covered_chars / self.chars if self.chars else 1.0

    @property
    def sentence_share(self) -> float:
        """Share of the section's sentences that count as covered."""
        return self.covered_sentences / self.sentences if self.sentences else 1.0


@dataclass
class Coverage:
    """The result of :func:`coverage`."""

    document: Document
    anchors: list[Anchor]
    threshold: float
    sentences: list[SentenceCoverage] = field(default_factory=list)
    sections: list[SectionCoverage] = field(default_factory=list)

    @property
    def chars(self) -> int:
        """Characters of the source's text paragraphs (headings and bylines excluded)."""
        return sum(s.chars for s in self.sentences)

    @property
    def covered_chars(self) -> int:
        """How many of those characters some quote covers."""
        return sum(s.covered_chars for s in self.sentences)

    @property
    def char_share(self) -> float:
        """Covered share by characters."""
        return self.covered_chars / self.chars if self.chars else 1.0

    @property
    def sentence_share(self) -> float:
        """Share of sentences covered (at least ``threshold`` of their characters quoted)."""
        return sum(s.covered for s in self.sentences) / len(self.sentences) if self.sentences else 1.0

    @property
    def uncovered_sentences(self) -> list[SentenceCoverage]:
        """Sentences no quote covers enough."""
        return [s for s in self.sentences if not s.covered]

    @property
    def uncovered_paragraphs(self) -> list[int]:
        """Indexes of text paragraphs of which no character is quoted."""
        touched: dict[int, bool] = {}
        for s in self.sentences:
            touched[s.paragraph] = touched.get(s.paragraph, False) or s.covered_chars > 0
        return [paragraph for paragraph, any_quoted in touched.items() if not any_quoted]

    def paragraph_counts(self) -> list[tuple[int, int, int]]:
        """Per text paragraph: its index, its characters and how many of them quotes cover."""
        counts: dict[int, list[int]] = {}
        for sentence in self.sentences:
            entry = counts.setdefault(sentence.paragraph, [0, 0])
            entry[0] += sentence.chars
            entry[1] += sentence.covered_chars
        return [(paragraph, chars, covered) for paragraph, (chars, covered) in counts.items()]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready report (the ``--format json`` output of ``argmap coverage``)."""
        text = self.document
        return {
            "chars": self.chars,
            "covered_chars": self.covered_chars,
            "char_share": round(self.char_share, 4),
            "sentences": len(self.sentences),
            "covered_sentences": sum(s.covered for s in self.sentences),
            "sentence_share": round(self.sentence_share, 4),
            "threshold": self.threshold,
            "sections": [{"heading": s.heading, "paragraph": s.index, "sentences": s.sentences,
                          "covered_sentences": s.covered_sentences,
                          "chars": s.chars, "covered_chars": s.covered_chars,
                          "char_share": round(s.char_share, 4), "sentence_share": round(s.sentence_share, 4)}
                         for s in self.sections],
            "uncovered_paragraphs": [{"paragraph": p, "text": text.slice(text.paragraphs[p])}
                                     for p in self.uncovered_paragraphs],
            "uncovered_sentences": [{"sentence": s.index, "paragraph": s.paragraph, "start": s.start, "end": s.end,
                                     "covered_chars": s.covered_chars, "chars": s.chars,
                                     "text": text.text[s.start:s.end]} for s in self.uncovered_sentences],
            "quotes": [{"node": a.node, "status": a.status, "match": a.match, "start": a.start, "end": a.end,
                        "occurrences": len(a.occurrences), "occurrence": a.occurrence,
                        "paragraph": a.paragraph, "sentence": a.sentence,
                        "suggestion": a.suggestion} for a in self.anchors],
        }


def coverage(map: ArgumentMap, source: str | Document, threshold: float = 0.5) -> Coverage:
    """Measure how much of the source text the map's quotes cover.

    Every occurrence of every anchored quote marks the characters it spans (a quote the text
    repeats, e.g. a lede that repeats a body sentence, covers both places), except that a node
    which names its ``occurrence`` covers that one only. Implicit nodes are not the text's words
    and cover nothing. A sentence counts
    as covered when at least ``threshold`` of its non-space characters are marked. Headings
    and bylines are not argument and are left out of the figures.

    Parameters
    ----------
    map : ArgumentMap
    source : str or Document
    threshold : float
        Share of a sentence's characters that must be quoted for it to count as covered.
    """
    document = source if isinstance(source, Document) else split_document(source)
    anchors = anchor(map, document)
    text = document.text
    marked = bytearray(len(text))
    for found in anchors:
        for start, end in found.spans:
            marked[start:end] = b"\x01" * (end - start)
    result = Coverage(document, anchors, threshold)
    section = SectionCoverage(None)
    for paragraph in document.paragraphs:
        if paragraph.kind == "heading":
            if section.heading is not None or section.sentences:
                result.sections.append(section)
            section = SectionCoverage(text[paragraph.start:paragraph.end], paragraph.index)
            continue
        for sentence in paragraph.sentences:
            chars = covered = 0
            for position in range(sentence.start, sentence.end):
                if not text[position].isspace():
                    chars += 1
                    covered += marked[position]
            is_covered = chars > 0 and covered >= threshold * chars
            result.sentences.append(SentenceCoverage(sentence.index, paragraph.index, sentence.start, sentence.end,
                                                     chars, covered, is_covered))
            section.sentences += 1
            section.covered_sentences += is_covered
            section.chars += chars
            section.covered_chars += covered
    if section.heading is not None or section.sentences:
        result.sections.append(section)
    return result
