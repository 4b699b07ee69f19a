"""Word segmentation for Chinese (Traditional and Simplified) and Latin-script text.

jieba's dictionary is Simplified Chinese, so Traditional text segments badly when given to
it directly (龜 / 兔賽 / 跑). argmap converts the text character by character to Simplified
with OpenCC, segments that, and maps the word boundaries back onto the original characters:
the words returned are always slices of the input, concatenating back to exactly it.

jieba and OpenCC are imported on first use. jieba's dictionary cache goes to a per-user
cache directory (``$XDG_CACHE_HOME/argmap`` or ``~/.cache/argmap``), falling back to the
temporary directory; when nothing is writable jieba still works, only without a cache.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jieba

__all__ = ["Segmenter", "cache_dir", "segment", "segment_spans", "shared_segmenter", "to_simplified", "word_tags"]

_lock = threading.Lock()
_base: jieba.Tokenizer | None = None
_converter: Any = None
_default: Segmenter | None = None


def cache_dir() -> Path:
    """The per-user directory where argmap keeps caches (jieba's dictionary cache)."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "argmap"


def _writable_dir() -> str:
    for candidate in (cache_dir(), Path(tempfile.gettempdir()) if _has_tempdir() else None):
        if candidate is None:
            continue
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            probe = candidate / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
            return str(candidate)
        except OSError:
            continue
    # Nothing writable: jieba then fails to save its cache, which it logs and survives.
    return str(Path.cwd())


def _has_tempdir() -> bool:
    try:
        tempfile.gettempdir()
        return True
    except FileNotFoundError:
        return False


def _base_tokenizer() -> jieba.Tokenizer:
    global _base
    with _lock:
        if _base is None:
            import jieba

            logger = logging.getLogger("jieba")
            jieba.setLogLevel(logging.CRITICAL)  # its progress and cache messages are not ours to print
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = _writable_dir()
            tokenizer.initialize()
            logger.setLevel(logging.WARNING)
            _base = tokenizer
        return _base


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified, keeping the length (one character each).

    OpenCC's phrase tables can change a text's length; where a conversion would, the text is
    converted one character at a time instead, so offsets in the result match the input.
    """
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    converted: str = _converter.convert(text)
    if len(converted) == len(text):
        return converted
    pieces = []
    for char in text:
        single: str = _converter.convert(char)
        pieces.append(single if len(single) == 1 else char)
    return "".join(pieces)


class Segmenter:
    """A word segmenter with its own vocabulary: extra words and user dictionaries stay whole.

    Parameters
    ----------
    words : iterable of str, optional
        Terms that must never be split (e.g. the names and figures a map mentions), in either
        script.
    userdict : path, optional
        A jieba user dictionary file: one ``word [frequency] [tag]`` per line.

    Each segmenter has its own copy of jieba's dictionary, so adding words here never
    changes how other segmenters (or other code using jieba) cut text.
    """

    def __init__(self, words: Iterable[str] = (), userdict: str | os.PathLike[str] | None = None) -> None:
        import jieba

        base = _base_tokenizer()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = dict(base.FREQ), base.total
        tokenizer.initialized = True
        tokenizer.tmp_dir = base.tmp_dir
        self._tokenizer = tokenizer
        if userdict is not None:
            self.load_userdict(userdict)
        for word in words:
            self.add_word(word)

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """Keep ``word`` whole from now on (whitespace-only or empty words are ignored)."""
        word = word.strip()
        if word:
            self._tokenizer.add_word(to_simplified(word), freq, tag)

    def load_userdict(self, path: str | os.PathLike[str]) -> None:
        """Add the words of a jieba-style dictionary file: ``word [frequency] [tag]`` per line (UTF-8).

        Words may be in either script; they are stored in the form the segmenter compares.
        """
        with open(path, encoding="utf-8-sig") as handle:
            for line in handle:
                parts = line.split()
                if not parts:
                    continue
                freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
                tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
                self.add_word(parts[0], freq, tag)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Word boundaries as ``(start, end)`` offsets covering the whole text, in order."""
        simplified = to_simplified(text)
        spans: list[tuple[int, int]] = []
        position = 0
        words = (w for piece, hmm in _pieces(simplified) for w in self._tokenizer.cut(piece, HMM=hmm))
        for word in words:
            end = position + len(word)
            # jieba keeps Latin words and numbers whole but splits whitespace runs char by char
            if spans and word.isspace() and simplified[spans[-1][0]:spans[-1][1]].isspace():
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((position, end))
            position = end
        return spans

    def words(self, text: str) -> list[str]:
        """The words of ``text`` in order; ``"".join(words) == text``."""
        return [text[start:end] for start, end in self.spans(text)]


_PIECE = 4096
_BREAKS = re.compile(r"[\s。！？；，、.!?;,:：]")


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` in pieces of at most about 4,096 characters, cut after whitespace or punctuation,
    each with whether jieba's HMM (new-word discovery) should run on it.

    jieba's work grows faster than the length of a run it cannot split (a long text without
    punctuation); cut where a word cannot continue anyway, it stays linear in the text. A
    stretch without any break is cut at the limit and segmented by the dictionary alone (the
    HMM costs four times as much there and finds nothing in such a text).
    """
    if len(text) <= _PIECE:
        yield text, True
        return
    start = 0
    while len(text) - start > _PIECE:
        end = start + _PIECE
        cut = max((m.end() for m in _BREAKS.finditer(text, end - _PIECE // 4, end)), default=None)
        yield text[start:cut or end], cut is not None
        start = cut or end
    yield text[start:], True


@functools.lru_cache(maxsize=1)
def _segmenter_keeping(words: tuple[str, ...]) -> Segmenter:
    return Segmenter(words)


def shared_segmenter(words: Iterable[str] = ()) -> Segmenter:
    """A segmenter that keeps ``words`` whole, shared by the callers that ask for the same words.

    Building a :class:`Segmenter` copies jieba's dictionary (about 10 ms); drawing or checking
    the same map again reuses the one built for its terms. Do not add words to the result:
    make your own :class:`Segmenter` for that.
    """
    key = tuple(sorted({word.strip() for word in words if word.strip()}))
    return _segmenter_keeping(key) if key else _default_segmenter()


def _default_segmenter() -> Segmenter:
    global _default
    if _default is None:
        _default = Segmenter()
    return _default


def segment(text: str) -> list[str]:
    """Split text into words; the words concatenate back to exactly ``text``.

    Chinese (either script) is segmented with jieba after a length-preserving conversion to
    Simplified characters; Latin words, numbers, whitespace runs and punctuation come out
    as tokens of their own.

    Examples
    --------
    >>> segment("不要成為龜兔賽跑的兔子")  # doctest: +SKIP
    ['不要', '成為', '龜兔賽跑', '的', '兔子']
    """
    return _default_segmenter().words(text)


def segment_spans(text: str) -> list[tuple[int, int]]:
    """Like :func:`segment`, as ``(start, end)`` offsets into ``text``."""
    return _default_segmenter().spans(text)


_tags: dict[str, str] | None = None


def word_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags (Simplified words), e.g. ``'i'`` for idioms."""
    global _tags
    if _tags is None:
        import jieba.posseg

        table: dict[str, str] = dict(jieba.posseg.dt.word_tag_tab)
        _tags = table
    return _tags
