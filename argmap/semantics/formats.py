"""The file formats of abstract argumentation frameworks: ``apx``, ``tgf`` and ``i23``.

Three text formats are read and written, the ones argumentation solvers exchange:

``apx``
    ASPARTIX facts, one per statement: ``arg(a).`` declares an argument, ``att(a,b).`` says
    that ``a`` attacks ``b``; ``%`` starts a comment.
``tgf``
    Trivial Graph Format: one argument id per line, a line ``#``, then ``attacker attacked``
    per line (anything after the id or the pair is a label and ignored).
``i23``
    The ICCMA 2023 format: a header ``p af N`` (arguments ``1`` .. ``N``), then one attack
    ``i j`` per line; lines starting with ``#`` are comments.

The functions follow the library's vocabulary (:func:`argmap.load`, :func:`argmap.loads`,
...): :func:`load_af` reads a file, :func:`loads_af` parses text, :func:`dump_af` writes a
file atomically and :func:`dumps_af` gives the text. The older names ``read_af``,
``parse_af``, ``write_af`` and ``format_af`` are the same functions.

Reading reports every problem with its file, line and column (as :class:`argmap.MapError`,
codes ``AM001`` syntax, ``AM003`` limit, ``AM005`` I/O, ``AM021`` undeclared argument), and
refuses input beyond :class:`AFLimits`.
"""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from argmap._files import read_input, write_output
from argmap.errors import Diagnostic, Location, MapError
from argmap.semantics.framework import ArgumentationFramework

__all__ = [
    "AF_FORMATS",
    "DEFAULT_AF_LIMITS",
    "AFFormat",
    "AFLimits",
    "detect_af_format",
    "dump_af",
    "dumps_af",
    "format_af",
    "load_af",
    "loads_af",
    "parse_af",
    "read_af",
    "read_af_bytes",
    "write_af",
]

AFFormat = Literal["apx", "tgf", "i23"]
AF_FORMATS: tuple[AFFormat, ...] = ("apx", "tgf", "i23")
"""The file formats :func:`load_af` and :func:`dump_af` understand."""

_SUFFIXES: dict[str, AFFormat] = {".apx": "apx", ".tgf": "tgf", ".i23": "i23", ".af": "i23"}

@dataclass(frozen=True)
class AFLimits:
    """Safety limits for reading untrusted framework files."""

    max_bytes: int = 1 << 30
    """Largest accepted file, in bytes (1 GiB: about 70 million attacks in ``i23``)."""
    max_arguments: int = 2_000_000
    """Most arguments accepted, also for a bare ``p af N`` header that declares them without attacks.

    Each argument costs a few hundred bytes while solving (its name, index and labels), so a
    tiny file declaring ``p af 2000000`` may take about a gigabyte; raise the limit knowingly."""
    max_errors: int = 100
    """Stop listing problems after this many."""


DEFAULT_AF_LIMITS = AFLimits()
"""The limits used when none are given."""


# --- reading ---------------------------------------------------------------------------------


_APX_START = re.compile(r"(?:arg|att)\s*\(")


def detect_af_format(path: str | os.PathLike[str] | None = None, text: str | None = None) -> AFFormat:
    """Choose the format from a file suffix (``.apx``, ``.tgf``, ``.i23``/``.af``), else from the text.

    Examples
    --------
    >>> detect_af_format("x.tgf")
    'tgf'
    >>> detect_af_format(text="# comment\\np af 3\\n1 2\\n")
    'i23'
    >>> detect_af_format(text="arg(a).")
    'apx'
    >>> detect_af_format(text="arg0\\narg1\\n#\\narg0 arg1\\n")  # TGF ids that start like a fact
    'tgf'
    """
    if path is not None:
        suffix = Path(path).suffix.lower()
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
    if text is not None:
        for line in text.lstrip("\ufeff").splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("%"):
                continue
            if stripped.startswith("p "):
                return "i23"
            if stripped.startswith("#") and stripped != "#":
                continue  # an i23 comment
            # an ASPARTIX fact, not merely a name that starts like one: TGF ids such as
            # ``arg0`` or ``attack`` are common, and TGF ids contain no '('
            if _APX_START.match(stripped):
                return "apx"
            return "tgf"
    return "apx"


class _Errors:
    """Collects located diagnostics while parsing; stops the parse after ``limit`` of them."""

    def __init__(self, filename: str | None, limit: int) -> None:
        self.filename = filename
        self.limit = limit
        self.items: list[Diagnostic] = []

    def add(self, code: str, message: str, line: int | None, column: int | None = None,
            hint: str | None = None) -> None:
        self.items.append(Diagnostic(code, message, Location(self.filename, line, column), hint))
        if len(self.items) >= self.limit:
            stop = Diagnostic("AM001", f"stopped after {self.limit} problems", Location(self.filename))
            raise MapError([*self.items, stop])

    def raise_if_any(self) -> None:
        if self.items:
            raise MapError(self.items)


def loads_af(text: str | bytes, format: AFFormat | None = None, *, filename: str | None = None,
             limits: AFLimits = DEFAULT_AF_LIMITS) -> ArgumentationFramework:
    """Parse a framework from ``apx``, ``tgf`` or ``i23`` text.

    Parameters
    ----------
    text : str or bytes
        The file's content; bytes are decoded as UTF-8.
    format : {"apx", "tgf", "i23"}, optional
        Detected from ``filename`` or the text when omitted.
    filename : str, optional
        Used in error locations.
    limits : AFLimits
        Safety limits for untrusted input.

    Raises
    ------
    MapError
        With every problem found (up to ``limits.max_errors``), each located by line and column.

    Examples
    --------
    >>> af = loads_af("arg(a). arg(b).\\natt(a,b).")
    >>> af.attacks
    [('a', 'b')]
    >>> loads_af("p af 2\\n1 3\\n", filename="x.i23")
    Traceback (most recent call last):
    ...
    argmap.errors.MapError: x.i23:2:3: AM021 argument 3 does not exist: the header declares arguments 1 .. 2
    """
    size = len(text)
    if size > limits.max_bytes:
        raise MapError([Diagnostic("AM003", f"file is {size:,} bytes, larger than the limit of {limits.max_bytes:,}",
                                   Location(filename), hint="raise the limit (AFLimits(max_bytes=...) or "
                                   "--max-bytes) if you trust the file")])
    data = _text_or_utf8(text, filename)
    fmt = format or detect_af_format(filename, data[:4096] if isinstance(data, str)
                                     else data[:4096].decode("utf-8", "replace"))
    errors = _Errors(filename, limits.max_errors)
    if fmt == "apx":
        return _parse_apx(data, errors, limits)
    if fmt == "tgf":
        return _parse_tgf(data, errors, limits)
    if fmt == "i23":
        return _parse_i23(data, errors, limits)
    raise ValueError(f"unknown framework format {fmt!r}; expected one of {', '.join(AF_FORMATS)}")


_CHUNK = 1 << 22
"""Bytes decoded or converted at a time: what a step of reading may hold beside the file itself."""


def _text_or_utf8(text: str | bytes, filename: str | None) -> str | bytes:
    """The text to parse: a ``str`` as given, or the file's bytes once they are known to be UTF-8.

    The bytes are parsed as they are (names are decoded one by one), so reading needs no second
    copy of the file: a decoded ``str`` takes up to four bytes per character as soon as one
    character is outside Latin-1. They are checked in pieces, with an incremental decoder; a file
    with a UTF-16 byte-order mark, or one that is not UTF-8, goes through the map loader's
    decoder (which locates the first bad byte).
    """
    import codecs

    from argmap.io.parse import decode

    if isinstance(text, str):
        return text.lstrip("\ufeff")
    if text.startswith(codecs.BOM_UTF8):
        text = text[len(codecs.BOM_UTF8):]
    elif text.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(text, filename).lstrip("\ufeff")
    if not text.isascii():
        check = codecs.getincrementaldecoder("utf-8")()
        try:
            for start in range(0, len(text), _CHUNK):
                check.decode(text[start:start + _CHUNK])
            check.decode(b"", final=True)
        except UnicodeDecodeError:
            decode(text, filename)  # raises the located AM002
            raise
    return text


def load_af(path: str | os.PathLike[str], format: AFFormat | None = None, *,
            limits: AFLimits = DEFAULT_AF_LIMITS) -> ArgumentationFramework:
    """Read a framework file (``.apx``, ``.tgf``, ``.i23``; the format is detected when not given).

    Raises
    ------
    MapError
        ``AM005`` when the file cannot be read, ``AM003`` when it is too large, and the
        located syntax errors of :func:`loads_af`.
    """
    name = os.fspath(path)
    return loads_af(read_af_bytes(name, limits), format, filename=name, limits=limits)


def read_af_bytes(path: str | os.PathLike[str], limits: AFLimits = DEFAULT_AF_LIMITS) -> bytes:
    """The bytes of a framework file, refused (``AM003``) when larger than ``limits.max_bytes``.

    Raises
    ------
    MapError
        ``AM005`` when the file cannot be read, ``AM003`` when it is too large.
    """
    return read_input(path, limits.max_bytes)


def _line_starts(text: str | bytes) -> list[int]:
    newline: Any = _NEWLINE_STR if isinstance(text, str) else _NEWLINE_BYTES
    return [0, *(m.end() for m in newline.finditer(text))]


_NEWLINE_STR, _NEWLINE_BYTES = re.compile("\n"), re.compile(b"\n")


def _position(text: str | bytes, starts: list[int], offset: int) -> tuple[int, int]:
    """Line and column (in characters) of an offset (in characters of a str, bytes of bytes)."""
    from bisect import bisect_right

    line = bisect_right(starts, offset)
    before = text[starts[line - 1]:offset]
    return line, (len(before) if isinstance(before, str) else len(before.decode("utf-8", "replace"))) + 1


def _shown(token: str | bytes) -> str:
    return token if isinstance(token, str) else token.decode("utf-8", "replace")


_APX_NAME = r'"(?:[^"\\\n]|\\.)*"|[^\s(),."%]+'
_APX_FACT = (rf"(?P<pred>arg|att)\s*\(\s*(?P<a>{_APX_NAME})\s*(?:,\s*(?P<b>{_APX_NAME})\s*)?\)\s*\.")
_APX_SKIP = r"(?:\s+|%[^\n]*)*"
_APX: dict[type, tuple[Any, ...]] = {  # the same patterns for text given as str and as bytes
    str: (re.compile(_APX_FACT), re.compile(_APX_SKIP), re.compile(r"\\(.)"), r"\1", "arg"),
    bytes: (re.compile(_APX_FACT.encode()), re.compile(_APX_SKIP.encode()), re.compile(rb"\\(.)"), rb"\1", b"arg"),
}


def _parse_apx(text: str | bytes, errors: _Errors, limits: AFLimits) -> ArgumentationFramework:
    """ASPARTIX facts, read in one pass that keeps two numbers per attack and one entry per name.

    Names get their numbers when first seen, declared or not; an attack is stored as two
    numbers at once (no list of names and positions per attack). Names used before their
    ``arg(...)`` are renumbered in declaration order at the end; a name never declared is
    reported once, at its first use.
    """
    fact_re, skip_re, escape_re, unescaped, arg = _APX[type(text)]
    starts: list[int] | None = None

    def where(offset: int) -> tuple[int, int]:
        nonlocal starts
        if starts is None:
            starts = _line_starts(text)
        return _position(text, starts, offset)

    index: dict[str, int] = {}
    keys: list[str] = []
    declared = bytearray()  # per name: 1 once arg(...) has declared it
    order: array[int] = array("q")  # per name: its place among the declarations (-1 until declared)
    pending: dict[str, int] = {}  # name used but not (yet) declared -> offset of its first use
    count = 0  # declarations so far
    sources: array[int] = array("q")
    targets: array[int] = array("q")

    def number(token: str | bytes, offset: int) -> int:
        raw = escape_re.sub(unescaped, token[1:-1]) if token[:1] in ('"', b'"') else token
        key = raw if isinstance(raw, str) else raw.decode()  # one str per name, shared by the index and the list
        found = index.get(key)
        if found is not None:
            return found
        if len(keys) >= limits.max_arguments:
            line, column = where(offset)
            raise MapError([Diagnostic("AM003", f"more than {limits.max_arguments:,} arguments",
                                       Location(errors.filename, line, column))])
        index[key] = found = len(keys)
        keys.append(key)
        declared.append(0)
        order.append(-1)
        pending[key] = offset
        return found

    reordered = False
    position = skip_re.match(text, 0).end()  # matches the empty string
    end = len(text)
    while position < end:
        fact = fact_re.match(text, position)
        if fact is None:
            line, column = where(position)
            snippet = _shown(text[position:position + 30]).split("\n", 1)[0]
            errors.add("AM001", f"expected arg(NAME). or att(NAME,NAME). but found {snippet!r}", line, column,
                       hint="each fact ends with a full stop; names with spaces or punctuation need double quotes")
            next_stop = text.find("." if isinstance(text, str) else b".", position)  # type: ignore[arg-type]
            newline = text.find("\n" if isinstance(text, str) else b"\n", position)  # type: ignore[arg-type]
            candidates = [p for p in (next_stop, newline) if p >= 0]
            position = min(candidates) + 1 if candidates else end
        else:
            pred, a, b = fact.groups()
            if pred == arg:
                if b is not None:
                    line, column = where(fact.start("b"))
                    errors.add("AM001", "arg(...) takes one name", line, column)
                else:
                    i = number(a, fact.start("a"))
                    if not declared[i]:
                        declared[i] = 1
                        reordered = reordered or i != count
                        order[i] = count
                        count += 1
                        del pending[keys[i]]
            elif b is None:
                line, column = where(fact.end() - 1)
                errors.add("AM001", "att(...) takes two names: att(attacker,attacked).", line, column)
            else:
                sources.append(number(a, fact.start("a")))
                targets.append(number(b, fact.start("b")))
            position = fact.end()
        skip = skip_re.match(text, position)
        position = skip.end() if skip else position
    for key, offset in sorted(pending.items(), key=lambda item: item[1]):
        line, column = where(offset)
        errors.add("AM021", f"argument {key!r} is attacked or attacks but is not declared with arg(...)",
                   line, column, hint=f"add arg({key}).")
    errors.raise_if_any()
    names = keys
    if reordered:  # some names were used before their declaration: number them as declared
        ranked = [""] * len(names)
        for i, place in enumerate(order):
            ranked[place] = names[i]
        names = ranked
        sources, targets = _renumbered(order, sources), _renumbered(order, targets)
    sources, targets = _without_repeats(len(names), sources, targets)
    return ArgumentationFramework.from_indices(len(names), sources, targets, names)


def _renumbered(order: array[int], ends: array[int]) -> array[int]:
    if len(ends) < _SMALL:
        return array("q", (order[i] for i in ends))
    import numpy as np

    return array("q", np.frombuffer(order, dtype=np.int64)[np.frombuffer(ends, dtype=np.int64)].tobytes())


_SMALL = 4096
"""Below this many attacks, plain Python; above, numpy (a set of pairs costs about 100 bytes per attack)."""


def _without_repeats(n: int, sources: array[int], targets: array[int]) -> tuple[array[int], array[int]]:
    """The attacks with each pair kept once, at its first place (a repeated fact says nothing new)."""
    if len(sources) < _SMALL:
        seen: set[int] = set()
        kept_s: array[int] = array("q")
        kept_t: array[int] = array("q")
        for a, b in zip(sources, targets, strict=True):
            if a * n + b not in seen:
                seen.add(a * n + b)
                kept_s.append(a)
                kept_t.append(b)
        return kept_s, kept_t
    import numpy as np

    src = np.frombuffer(sources, dtype=np.int64)
    dst = np.frombuffer(targets, dtype=np.int64)
    _, first = np.unique(src * n + dst, return_index=True)
    if len(first) == len(src):
        return sources, targets
    first.sort()
    return array("q", src[first].tobytes()), array("q", dst[first].tobytes())


def _lines(text: str | bytes, start: int = 0) -> Iterator[tuple[int, str | bytes]]:
    """``(offset, line)`` for each line from ``start``, one at a time (no list of every line)."""
    newline = "\n" if isinstance(text, str) else b"\n"
    end = len(text)
    while start < end:
        stop = text.find(newline, start)  # type: ignore[arg-type]
        stop = end if stop < 0 else stop + 1
        yield start, text[start:stop]
        start = stop


def _parse_tgf(text: str | bytes, errors: _Errors, limits: AFLimits) -> ArgumentationFramework:
    index: dict[str, int] = {}
    names: list[str] = []
    sources: array[int] = array("i")
    targets: array[int] = array("i")
    separator = "#" if isinstance(text, str) else b"#"
    in_edges = False
    line: Any
    for number, (_, line) in enumerate(_lines(text), start=1):
        tokens = line.split()
        if not tokens:
            continue
        if tokens[0] == separator and not in_edges:
            in_edges = True
            continue
        if not in_edges:
            name = _shown(tokens[0])  # one str per name, shared by the index and the list
            if name in index:
                errors.add("AM001", f"argument {name!r} is declared twice", number,
                           len(_shown(line[:line.index(tokens[0])])) + 1)
                continue
            if len(names) >= limits.max_arguments:
                raise MapError([Diagnostic("AM003", f"more than {limits.max_arguments:,} arguments",
                                           Location(errors.filename, number, 1))])
            index[name] = len(names)
            names.append(name)
            continue
        if len(tokens) < 2:
            errors.add("AM001", "an attack line needs two argument ids: ATTACKER ATTACKED", number, 1)
            continue
        a, b = index.get(_shown(tokens[0])), index.get(_shown(tokens[1]))
        if a is not None and b is not None:
            sources.append(a)
            targets.append(b)
            continue
        column = 0
        for token, found in zip(tokens[:2], (a, b), strict=True):
            column = line.index(token, column) + 1
            if found is None:
                errors.add("AM021", f"argument {_shown(token)!r} is not declared before '#'", number,
                           len(_shown(line[:column - 1])) + 1,
                           hint="list every argument id, one per line, before the '#' line")
            column += len(token) - 1
    errors.raise_if_any()
    return ArgumentationFramework.from_indices(len(names), sources, targets, names)


_I23_HEADER = re.compile(r"p\s+af\s+(\d+)\s*$")


def _parse_i23(text: str | bytes, errors: _Errors, limits: AFLimits) -> ArgumentationFramework:
    n: int | None = None
    header_line = 0
    header_end = 0
    for number, (offset, raw) in enumerate(_lines(text), start=1):
        header_end = offset + len(raw)
        line = _shown(raw)
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        found = _I23_HEADER.match(stripped)
        if found is None:
            errors.add("AM001", f"expected the header 'p af N' but found {stripped[:30]!r}", number,
                       len(line) - len(line.lstrip()) + 1, hint="an ICCMA 2023 file starts with 'p af N'")
            errors.raise_if_any()
        else:
            # a count of more than 18 digits exceeds any limit: not converted (Python refuses
            # to convert more than 4,300 digits, and converting is quadratic up to there)
            declared = found.group(1)
            n, header_line = (int(declared) if len(declared) <= 18 else limits.max_arguments + 1), number
        break
    if n is None:
        errors.add("AM001", "no 'p af N' header: the file has no content", 1, 1,
                   hint="an ICCMA 2023 file starts with 'p af N'")
        errors.raise_if_any()
        raise AssertionError("unreachable")  # pragma: no cover
    if n > limits.max_arguments:
        count = f"{n:,}" if len(declared) <= 18 else f"a {len(declared):,}-digit number of"
        raise MapError([Diagnostic("AM003", f"the header declares {count} arguments, more than the limit of "
                                   f"{limits.max_arguments:,}", Location(errors.filename, header_line, 1),
                                   hint="raise the limit (AFLimits(max_arguments=...) or --max-arguments) "
                                   "if you trust the file")])
    numbers = _i23_numbers(text, header_end, n)
    if numbers is not None:
        return _from_one_based(n, numbers)
    sources: array[int] = array("i")
    targets: array[int] = array("i")
    for number, (_, raw) in enumerate(_lines(text, header_end), start=header_line + 1):
        line = _shown(raw)
        tokens = line.split()
        if not tokens or tokens[0].startswith("#"):
            continue
        if len(tokens) != 2:
            errors.add("AM001", f"an attack line has two argument numbers 'i j', found {len(tokens)} item(s)",
                       number, len(line) - len(line.lstrip()) + 1)
            continue
        ends: list[int] = []
        column = 0
        for token in tokens:
            column = line.index(token, column) + 1
            if not (token.isascii() and token.isdigit()):
                errors.add("AM001", f"{token!r} is not an argument number", number, column)
            elif len(token) > 18 or not 1 <= int(token) <= n:
                shown = token if len(token) <= 30 else token[:27] + "..."
                errors.add("AM021", f"argument {shown} does not exist: the header declares arguments 1 .. {n}",
                           number, column)
            else:
                ends.append(int(token) - 1)
            column += len(token) - 1
        if len(ends) == 2:
            sources.append(ends[0])
            targets.append(ends[1])
    errors.raise_if_any()
    return ArgumentationFramework.from_indices(n, sources, targets)


def _i23_numbers(text: str | bytes, start: int, n: int) -> Any:
    """The fast path: a body of nothing but numbers, converted in C a piece at a time, or None.

    The numbers as a flat ``i j i j ...`` sequence (an ``array`` for a small body, a numpy
    array for a large one: numpy parses the text itself, without a Python object per number).
    None when anything else is there (a comment, a letter, a number out of range, an odd count):
    the line-by-line pass then locates the problem.
    """
    digits: Any = _DIGITS_ONLY if isinstance(text, str) else _DIGITS_ONLY_BYTES
    if digits.fullmatch(text, start) is None:
        return None
    end = len(text)
    if end - start < _SMALL_BODY:
        try:
            numbers: Any = array("i", map(int, text[start:].split()))
        except (OverflowError, ValueError):  # a number too large for the 32-bit array
            return None
    else:
        import numpy as np

        newline: Any = "\n" if isinstance(text, str) else b"\n"
        pieces = []
        while start < end:
            stop = text.find(newline, min(start + _CHUNK, end - 1))
            stop = end if stop < 0 else stop + 1
            # digits and white space only (checked above): a number too large saturates, and is out of range below
            pieces.append(np.fromstring(text[start:stop], dtype=np.int64, sep=" "))
            start = stop
        numbers = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
        del pieces
    if len(numbers) % 2:
        return None
    if len(numbers):
        low, high = (min(numbers), max(numbers)) if isinstance(numbers, array) else (numbers.min(), numbers.max())
        if low < 1 or high > n:
            return None
    return numbers


_SMALL_BODY = 1 << 16
"""Below this many bytes an i23 body is converted without numpy (importing it costs more)."""
_DIGITS_ONLY = re.compile(r"[0-9\s]*")
_DIGITS_ONLY_BYTES = re.compile(rb"[0-9\s]*")


def _from_one_based(n: int, numbers: Any) -> ArgumentationFramework:
    """A framework from the flat 1-based ``i j i j ...`` numbers of an ``i23`` body."""
    if not isinstance(numbers, array):
        import numpy as np

        return ArgumentationFramework.from_indices(n, (numbers[0::2] - 1).astype(np.int32),
                                                   (numbers[1::2] - 1).astype(np.int32))
    return ArgumentationFramework.from_indices(n, array("i", (v - 1 for v in numbers[0::2])),
                                               array("i", (v - 1 for v in numbers[1::2])))


# --- writing ---------------------------------------------------------------------------------

_APX_PLAIN = re.compile(r"^(?:[a-z][A-Za-z0-9_]*|0|[1-9][0-9]*)$")


def _apx_quote(name: str) -> str:
    if _APX_PLAIN.match(name):
        return name
    if "\n" in name:
        raise ValueError(f"argument name {name!r} contains a line break and cannot be written as apx")
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dumps_af(af: ArgumentationFramework, format: AFFormat = "apx") -> str:
    """The framework as ``apx``, ``tgf`` or ``i23`` text.

    In ``apx``, names that are not plain ASP constants (lower-case identifiers or numbers) are
    written in double quotes. ``i23`` numbers the arguments ``1 .. n`` in order; their names
    are not kept. ``tgf`` needs names without white space.

    Raises
    ------
    ValueError
        When a name cannot be written in the chosen format.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "B-1"], [("a", "B-1")])
    >>> print(dumps_af(af, "apx"), end="")
    arg(a).
    arg("B-1").
    att(a,"B-1").
    >>> print(dumps_af(af, "i23"), end="")
    p af 2
    1 2
    """
    names = af.arguments
    src, dst = af.attack_arrays()
    if format == "apx":
        quoted = [_apx_quote(name) for name in names]
        parts = [f"arg({q}).\n" for q in quoted]
        parts.extend(f"att({quoted[s]},{quoted[t]}).\n" for s, t in zip(src, dst, strict=True))
        return "".join(parts)
    if format == "tgf":
        for name in names:
            if not name or any(ch.isspace() for ch in name) or name == "#":
                raise ValueError(f"argument name {name!r} cannot be written as tgf (no spaces, not '#')")
        parts = [f"{name}\n" for name in names]
        parts.append("#\n")
        parts.extend(f"{names[s]} {names[t]}\n" for s, t in zip(src, dst, strict=True))
        return "".join(parts)
    if format == "i23":
        parts = [f"p af {af.number_of_arguments}\n"]
        parts.extend(f"{s + 1} {t + 1}\n" for s, t in zip(src, dst, strict=True))
        return "".join(parts)
    raise ValueError(f"unknown framework format {format!r}; expected one of {', '.join(AF_FORMATS)}")


def dump_af(af: ArgumentationFramework, path: str | os.PathLike[str], format: AFFormat | None = None) -> None:
    """Write a framework file atomically; the format comes from the suffix when not given.

    Raises
    ------
    ValueError
        When no format is given and the suffix is not ``.apx``, ``.tgf``, ``.i23`` or ``.af``.
    OSError
        When the file cannot be written (nothing is left behind).
    """
    if format is None:
        suffix = Path(path).suffix.lower()
        if suffix not in _SUFFIXES:
            raise ValueError(f"cannot tell the format from {os.fspath(path)!r}; use .apx, .tgf or .i23")
        format = _SUFFIXES[suffix]
    write_output(path, dumps_af(af, format))


parse_af = loads_af
"""The same function as :func:`loads_af` (its name before argmap 1.0)."""
read_af = load_af
"""The same function as :func:`load_af` (its name before argmap 1.0)."""
format_af = dumps_af
"""The same function as :func:`dumps_af` (its name before argmap 1.0)."""
write_af = dump_af
"""The same function as :func:`dump_af` (its name before argmap 1.0)."""
