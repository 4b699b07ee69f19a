"""Source documents: reading them safely and splitting them into paragraphs and sentences.

Every paragraph and sentence keeps its character offsets into the document's text, so that
anchors, coverage and drafts can point back at the exact words.
"""

from __future__ import annotations

import codecs
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

from argmap._files import read_input
from argmap.errors import Diagnostic, Location, MapError
from argmap.io import source_path
from argmap.model import ArgumentMap

__all__ = [
    "DEFAULT_MAX_SOURCE_BYTES",
    "Document",
    "Paragraph",
    "Sentence",
    "decode_source",
    "load_source",
    "read_source",
    "split_document",
]

DEFAULT_MAX_SOURCE_BYTES = 64 * 1024 * 1024
"""Largest source text read by default (64 MiB); larger ones are refused with a clear error."""

ParagraphKind = Literal["heading", "byline", "text"]

# Sentence ends: Chinese full stops, question/exclamation marks, semicolons and ellipses, their
# ASCII forms, and a Latin full stop followed by whitespace or the end of the paragraph.
_SENTENCE_END = re.compile(r"(?:[。！？；!?;]+|…+|\.{3,}|\.(?=\s|$))[”’」』\"')）\]》〉]*")
_TERMINAL = "。！？；!?;…．.:：,，、"
_HEADING_MAX = 40
# Byline lines of Chinese and English media: "文/于品海", "來源：新華社", "By Jane Doe".
_BYLINE = re.compile(r"^(?:[^\s/／:：|丨]{1,4}\s*[/／:：|丨]\s*\S|By\s+\S)")


@dataclass(frozen=True)
class Sentence:
    """A sentence: its index in the document, and character offsets ``[start, end)``."""

    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (a non-empty line): kind, offsets and its sentences."""

    index: int
    start: int
    end: int
    kind: ParagraphKind
    sentences: tuple[Sentence, ...] = ()


@dataclass
class Document:
    """A source text split into paragraphs and sentences with character offsets."""

    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def sentences(self) -> list[Sentence]:
        """All sentences, in order (headings and bylines have none)."""
        return [s for p in self.paragraphs for s in p.sentences]

    def slice(self, item: Paragraph | Sentence) -> str:
        """The text of a paragraph or sentence."""
        return self.text[item.start:item.end]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph that contains the character at ``offset``."""
        starts = [p.start for p in self.paragraphs]
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < self.paragraphs[index].end:
            return self.paragraphs[index]
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains the character at ``offset``."""
        paragraph = self.paragraph_at(offset)
        if paragraph is None:
            return None
        for sentence in paragraph.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def heading_of(self, paragraph: Paragraph) -> Paragraph | None:
        """The nearest heading before a paragraph (its section), if any."""
        for candidate in reversed(self.paragraphs[: paragraph.index]):
            if candidate.kind == "heading":
                return candidate
        return None


# Codecs Python lists as text encodings that are not character sets: text transforms and the
# codec that refuses everything. A source in one of these is refused before decoding.
_NOT_CHARSETS = frozenset({"punycode", "idna", "undefined", "unicode-escape", "raw-unicode-escape"})


def decode_source(raw: bytes, encoding: str | None = None, filename: str | None = None) -> str:
    """Decode a source text: UTF-8 (BOM tolerated) unless ``encoding`` says otherwise.

    Raises :class:`MapError` naming the byte offset of the first undecodable byte and, where
    it can tell, the encoding the file is probably in.
    """
    if encoding is None and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    name = encoding or "utf-8"
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):  # ValueError: a name with a NUL character
        raise MapError([Diagnostic("AM005", f"unknown encoding '{name}'", Location(filename),
                                   "use a Python codec name such as utf-8, big5, gb18030")]) from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        raise MapError([Diagnostic(
            "AM005", f"'{name}' is not a character encoding (it transforms data rather than mapping bytes to "
            "characters)", Location(filename), "use a character encoding such as utf-8, big5, gb18030 or latin-1")])
    if b"\x00" in raw[:8192] and not info.name.startswith(("utf-16", "utf-32")):
        raise MapError([Diagnostic("AM002", "the source looks like a binary file (it contains NUL bytes)",
                                   Location(filename), "give a plain-text file")])
    try:
        text = raw.decode(name)
    except UnicodeDecodeError as exc:
        if not 0 <= exc.start < len(raw):
            raise MapError([Diagnostic("AM002", f"cannot decode the source as {name}: {exc.reason}",
                                       Location(filename))]) from None
        guess = _guess_encoding(raw, name)
        hint = f"the file looks like {guess}: pass --encoding {guess} (or source.encoding)" if guess else \
            "save the file as UTF-8, or name its encoding with --encoding (or source.encoding)"
        raise MapError([Diagnostic(
            "AM002", f"cannot decode the source as {name}: invalid byte 0x{raw[exc.start]:02x} at byte offset "
            f"{exc.start}", Location(filename), hint)]) from None
    except (UnicodeError, ValueError) as exc:  # a codec that fails in its own way
        raise MapError([Diagnostic("AM002", f"cannot decode the source as {name}: {exc}", Location(filename))]) \
            from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(raw: bytes, tried: str) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        return None
    best = from_bytes(raw[:200_000]).best()
    if best is None or best.encoding.replace("_", "-") == tried.lower().replace("_", "-"):
        return None
    return str(best.encoding).replace("_", "-")


def read_source(path: str | os.PathLike[str], encoding: str | None = None,
                max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> str:
    """Read a source text file (see :func:`decode_source`); refuse files over ``max_bytes``."""
    name = os.fspath(path)
    raw = read_input(name, max_bytes, what="source",
                     too_large_hint="split the text, or raise the limit (--max-source-bytes)")
    return decode_source(raw, encoding, name)


def _is_short_line(line: str) -> bool:
    return 0 < len(line) <= _HEADING_MAX


def _ends_like_sentence(line: str) -> bool:
    stripped = line.rstrip("”’」』\"')）]》〉 ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def _split_sentences(text: str, start: int, end: int, paragraph: int, first_index: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.end() > position:
            sentences.append(Sentence(first_index + len(sentences), position, match.end(), paragraph))
            position = match.end()
            while position < end and text[position].isspace():
                position += 1
    if position < end and text[position:end].strip():
        sentences.append(Sentence(first_index + len(sentences), position, end, paragraph))
    return [_trim(text, s) for s in sentences]


def _trim(text: str, sentence: Sentence) -> Sentence:
    start, end = sentence.start, sentence.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(sentence.index, start, end, sentence.paragraph)


def split_document(text: str) -> Document:
    """Split a text into paragraphs (non-empty lines) and sentences, with offsets.

    Paragraph kinds:

    * ``heading`` — a short line (at most 40 characters) that does not end like a sentence
      and is followed by a longer text paragraph; the first line of the document when short
      (its title) and later repetitions of that title;
    * ``byline`` — a short ``label/value`` line such as ``文/于品海`` or ``來源：新華社``;
    * ``text`` — everything else, split into sentences at ``。！？；…`` (and ``! ? ;``, and a
      Latin full stop followed by a space), closing quotes kept with their sentence.

    Runs in one pass over the text and never recurses, so any input (one huge line, no
    sentence ends at all) ends in a result.
    """
    lines: list[tuple[int, int]] = []
    position = 0
    for raw_line in text.split("\n"):
        line_start, line_end = position, position + len(raw_line)
        position = line_end + 1
        stripped_start = line_start + (len(raw_line) - len(raw_line.lstrip()))
        stripped_end = line_start + len(raw_line.rstrip())
        if stripped_end > stripped_start:
            lines.append((stripped_start, stripped_end))

    contents = [text[s:e] for s, e in lines]
    # The first line is the title when it is short, has at most one sentence end, and more follows.
    title = contents[0] if (len(contents) > 1 and _is_short_line(contents[0])
                            and len(_SENTENCE_END.findall(contents[0])) <= 1) else None
    bylines = [_is_short_line(line) and _BYLINE.match(line) is not None and not _ends_like_sentence(line)
               for line in contents]
    # whether the next line that is not a byline is a long (body) paragraph, computed backwards
    long_follows = [False] * len(contents)
    following_is_long = False
    for i in range(len(contents) - 1, -1, -1):
        long_follows[i] = following_is_long
        if not bylines[i]:
            following_is_long = not _is_short_line(contents[i])
    kinds: list[ParagraphKind] = []
    for i, line in enumerate(contents):
        if bylines[i]:
            kinds.append("byline")
        elif (title is not None and line == title) or (
            _is_short_line(line) and not _ends_like_sentence(line) and long_follows[i]
        ):
            kinds.append("heading")
        else:
            kinds.append("text")

    document = Document(text)
    sentence_count = 0
    for index, ((start, end), kind) in enumerate(zip(lines, kinds, strict=True)):
        sentences: tuple[Sentence, ...] = ()
        if kind == "text":
            sentences = tuple(_split_sentences(text, start, end, index, sentence_count))
            sentence_count += len(sentences)
        document.paragraphs.append(Paragraph(index, start, end, kind, sentences))
    return document


def load_source(map: ArgumentMap, map_file: str | os.PathLike[str] | None = None, *,
                encoding: str | None = None, allow_outside: bool = False,
                max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> str | None:
    """The text of a map's source: ``source.text``, or the file at ``source.path``.

    ``source.path`` is resolved against the map file's folder and may not leave it unless
    ``allow_outside`` is true; ``encoding`` overrides ``source.encoding``. Returns None when
    the map names no source. Raises :class:`MapError` when the source cannot be read.
    """
    if map.source is None:
        return None
    if map.source.text is not None:
        return map.source.text
    if map.source.path is None:
        return None
    if map_file is None:
        raise MapError([Diagnostic("AM005", "the map's source is a path, but the map's own location is unknown",
                                   Location(path=("source", "path")), "load the map from a file, or pass the text")])
    path = source_path(map, map_file, allow_outside=allow_outside)
    assert path is not None
    return read_source(path, encoding or map.source.encoding, max_bytes)
