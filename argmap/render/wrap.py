"""Line wrapping for diagram labels: at word boundaries, by display width, with CJK line-breaking rules.

* Chinese text breaks only between words found by jieba (:mod:`argmap.text.segment`), never
  inside a word; Latin text breaks at spaces.
* Width is measured in display columns (:mod:`wcwidth`): a CJK character takes two.
* Chinese line-breaking rules (禁則): no line begins with closing punctuation such as
  ``，。、；：？！」』）`` and no line ends with opening punctuation such as ``「『（``; such a
  character moves to the other side of the break.
* A single word wider than the line is broken by characters, as the only way to fit it.
* No widows: a last line of one character (and its punctuation), as in 「…人才是合理 / 的。」, is
  avoided by wrapping a little narrower when that keeps the same number of lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from wcwidth import wcswidth, wcwidth

__all__ = ["CLOSING", "OPENING", "display_width", "wrap", "wrap_many"]

CLOSING = frozenset("，。、；：？！」』）〕】》〉”’,.;:?!)]}…—%·")
"""Characters that may not begin a line."""
OPENING = frozenset("「『（〔【《〈“‘([{")
"""Characters that may not end a line."""

_OPENING_CHARS = "".join(OPENING)
_CLOSING_CHARS = "".join(CLOSING)
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3134F))


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced rendering (CJK characters count two)."""
    width = wcswidth(text)
    if width >= 0:
        return int(width)
    return sum(max(int(wcwidth(char)), 0) for char in text)


_CJK = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _CJK_RANGES) + "]")


def _needs_segmenter(text: str) -> bool:
    return _CJK.search(text) is not None


def _tokens(text: str, spans: Sequence[tuple[int, int]] | None) -> list[str]:
    """Breakable units: words (CJK via jieba spans, Latin split at spaces, spaces kept)."""
    if spans is None:
        out: list[str] = []
        current = ""
        for char in text:
            if char.isspace() != current[-1:].isspace() and current:
                out.append(current)
                current = ""
            current += char
        if current:
            out.append(current)
        return out
    return [text[start:end] for start, end in spans]


def _glue(tokens: list[str]) -> list[str]:
    """Attach closing punctuation to the word before it and opening punctuation to the word after."""
    glued: list[str] = []
    pending_opening = ""
    for token in tokens:
        if token.isspace():
            if pending_opening:
                pending_opening += token
            else:
                glued.append(token)
            continue
        if pending_opening:
            token = pending_opening + token
            pending_opening = ""
        if not token.strip(_OPENING_CHARS):  # only opening punctuation
            pending_opening = token
            continue
        if glued and not token.strip(_CLOSING_CHARS) and not glued[-1].isspace():
            glued[-1] += token
        else:
            glued.append(token)
    if pending_opening:
        glued.append(pending_opening)
    return glued


def _split_long(word: str, width: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and display_width(current + char) > width and char not in CLOSING:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def _wrap_tokens(tokens: list[str], width: int) -> list[str]:
    lines: list[str] = []
    current = ""  # words joined by single spaces; ends with at most one space
    current_width = 0  # display width of current without its trailing space
    for token in _glue(tokens):
        if token.isspace():
            if current:
                current += " "
            continue
        token_width = display_width(token)
        if not current:
            if token_width > width:
                pieces = _split_long(token, width)
                lines.extend(pieces[:-1])
                current = pieces[-1]
                current_width = display_width(current)
            else:
                current, current_width = token, token_width
            continue
        space = 1 if current.endswith(" ") else 0
        if current_width + space + token_width <= width:
            current += token
            current_width += space + token_width
            continue
        lines.append(current.rstrip())
        if token_width > width:
            pieces = _split_long(token, width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
            current_width = display_width(current)
        else:
            current, current_width = token, token_width
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def wrap(text: str, width: int = 24) -> list[str]:
    """Wrap text into lines of at most ``width`` display columns (except over-long single words).

    Examples
    --------
    >>> wrap("Cities should build protected bike lanes.", 16)
    ['Cities should', 'build protected', 'bike lanes.']
    """
    return wrap_many([text], width)[0]


def wrap_many(texts: Iterable[str], width: int = 24, words: Iterable[str] = ()) -> list[list[str]]:
    """Wrap many texts at once; Chinese ones are segmented in a single jieba pass.

    ``words`` are terms to keep whole (e.g. the names an argument map uses), in either script.
    """
    items = [" ".join(text.split()) for text in texts]
    fits = [display_width(text) <= width for text in items]
    chinese = [i for i, text in enumerate(items) if not fits[i] and _needs_segmenter(text)]
    spans_of: dict[int, list[tuple[int, int]]] = {}
    if chinese:
        from argmap.text.segment import segment_spans, shared_segmenter

        joined = "\n".join(items[i] for i in chinese)
        terms = list(words)
        all_spans = shared_segmenter(terms).spans(joined) if terms else segment_spans(joined)
        offset_of = []
        position = 0
        for i in chinese:
            offset_of.append((i, position, position + len(items[i])))
            position += len(items[i]) + 1
        cursor = 0
        for i, start, end in offset_of:
            spans: list[tuple[int, int]] = []
            while cursor < len(all_spans) and all_spans[cursor][0] < end:
                span_start, span_end = all_spans[cursor]
                if span_start >= start:
                    spans.append((span_start - start, min(span_end, end) - start))
                cursor += 1
            spans_of[i] = spans
    result: list[list[str]] = []
    for i, text in enumerate(items):
        if fits[i]:
            result.append([text])
        else:
            result.append(_without_widow(_tokens(text, spans_of.get(i)), width))
    return result


def _is_widow(line: str) -> bool:
    core = line.strip(_CLOSING_CHARS + _OPENING_CHARS + " ")
    return display_width(core) <= 2 and len(core) <= 1


def _without_widow(tokens: list[str], width: int) -> list[str]:
    lines = _wrap_tokens(tokens, width)
    if len(lines) < 2 or not _is_widow(lines[-1]):
        return lines
    for narrower in range(width - 1, max(width // 2, 3), -1):
        candidate = _wrap_tokens(tokens, narrower)
        if len(candidate) > len(lines):
            break
        if not _is_widow(candidate[-1]):
            return candidate
    return lines
