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
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from argmap._files import read_input, write_output
from argmap.errors import Diagnostic, Location, MapError
from argmap.semantics import framework as _framework
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
    from argmap.io.parse import decode

    size = len(text)
    if size > limits.max_bytes:
        raise MapError([Diagnostic("AM003", f"file is {size:,} bytes, larger than the limit of {limits.max_bytes:,}",
                                   Location(filename), hint="raise the limit (AFLimits(max_bytes=...) or "
                                   "--max-bytes) if you trust the file")])
    if isinstance(text, bytes):
        text = decode(text, filename)
    text = text.lstrip("\ufeff")
    fmt = format or detect_af_format(filename, text)
    errors = _Errors(filename, limits.max_errors)
    if fmt == "apx":
        return _parse_apx(text, errors, limits)
    if fmt == "tgf":
        return _parse_tgf(text, errors, limits)
    if fmt == "i23":
        return _parse_i23(text, errors, limits)
    raise ValueError(f"unknown framework format {fmt!r}; expected one of {', '.join(AF_FORMATS)}")


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


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    from bisect import bisect_right

    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


_APX_NAME = r'"(?:[^"\\\n]|\\.)*"|[^\s(),."%]+'
_APX_FACT = re.compile(
    rf"(?P<pred>arg|att)\s*\(\s*(?P<a>{_APX_NAME})\s*(?:,\s*(?P<b>{_APX_NAME})\s*)?\)\s*\.")
_APX_SKIP = re.compile(r"(?:\s+|%[^\n]*)*")


def _apx_name(token: str) -> str:
    if token.startswith('"'):
        return re.sub(r"\\(.)", r"\1", token[1:-1])
    return token


def _parse_apx(text: str, errors: _Errors, limits: AFLimits) -> ArgumentationFramework:
    starts: list[int] | None = None

    def where(offset: int) -> tuple[int, int]:
        nonlocal starts
        if starts is None:
            starts = _line_starts(text)
        return _position(starts, offset)

    index: dict[str, int] = {}
    names: list[str] = []
    attacks: list[tuple[str, str, int, int]] = []
    position = _APX_SKIP.match(text, 0).end()  # type: ignore[union-attr]  # matches the empty string
    end = len(text)
    while position < end:
        fact = _APX_FACT.match(text, position)
        if fact is None:
            line, column = where(position)
            snippet = text[position:position + 30].split("\n", 1)[0]
            errors.add("AM001", f"expected arg(NAME). or att(NAME,NAME). but found {snippet!r}", line, column,
                       hint="each fact ends with a full stop; names with spaces or punctuation need double quotes")
            next_stop = text.find(".", position)
            newline = text.find("\n", position)
            candidates = [p for p in (next_stop, newline) if p >= 0]
            position = min(candidates) + 1 if candidates else end
        else:
            a, b = fact.group("a"), fact.group("b")
            if fact.group("pred") == "arg":
                if b is not None:
                    line, column = where(fact.start("b"))
                    errors.add("AM001", "arg(...) takes one name", line, column)
                else:
                    name = _apx_name(a)
                    if name not in index:
                        if len(names) >= limits.max_arguments:
                            line, column = where(fact.start())
                            raise MapError([Diagnostic("AM003", f"more than {limits.max_arguments:,} arguments",
                                                       Location(errors.filename, line, column))])
                        index[name] = len(names)
                        names.append(name)
            elif b is None:
                line, column = where(fact.end() - 1)
                errors.add("AM001", "att(...) takes two names: att(attacker,attacked).", line, column)
            else:
                attacks.append((_apx_name(a), _apx_name(b), fact.start("a"), fact.start("b")))
            position = fact.end()
        skip = _APX_SKIP.match(text, position)
        position = skip.end() if skip else position
    sources: array[int] = array("i")
    targets: array[int] = array("i")
    seen: set[tuple[int, int]] = set()
    for a, b, offset_a, offset_b in attacks:
        ia, ib = index.get(a), index.get(b)
        if ia is None or ib is None:
            missing = a if ia is None else b
            line, column = where(offset_a if ia is None else offset_b)
            errors.add("AM021", f"argument {missing!r} is attacked or attacks but is not declared with arg(...)",
                       line, column, hint=f"add arg({missing}).")
            continue
        if (ia, ib) not in seen:
            seen.add((ia, ib))
            sources.append(ia)
            targets.append(ib)
    errors.raise_if_any()
    return ArgumentationFramework.from_indices(len(names), sources, targets, names)


def _parse_tgf(text: str, errors: _Errors, limits: AFLimits) -> ArgumentationFramework:
    index: dict[str, int] = {}
    names: list[str] = []
    sources: array[int] = array("i")
    targets: array[int] = array("i")
    in_edges = False
    for number, line in enumerate(text.splitlines(), start=1):
        tokens = line.split()
        if not tokens:
            continue
        if tokens[0] == "#" and not in_edges:
            in_edges = True
            continue
        if not in_edges:
            name = tokens[0]
            if name in index:
                errors.add("AM001", f"argument {name!r} is declared twice", number, line.index(name) + 1)
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
        ends = []
        column = 0
        for token in tokens[:2]:
            column = line.index(token, column) + 1
            position = index.get(token)
            if position is None:
                errors.add("AM021", f"argument {token!r} is not declared before '#'", number, column,
                           hint="list every argument id, one per line, before the '#' line")
            ends.append(position)
            column += len(token) - 1
        if ends[0] is not None and ends[1] is not None:
            sources.append(ends[0])
            targets.append(ends[1])
    errors.raise_if_any()
    return ArgumentationFramework.from_indices(len(names), sources, targets, names)


_I23_HEADER = re.compile(r"p\s+af\s+(\d+)\s*$")


def _parse_i23(text: str, errors: _Errors, limits: AFLimits) -> ArgumentationFramework:
    lines = text.splitlines(keepends=True)
    n: int | None = None
    header_line = 0
    header_end = 0
    for number, line in enumerate(lines, start=1):
        header_end += len(line)
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
    body = text[header_end:]
    if _DIGITS_ONLY.fullmatch(body):
        # Fast path: the body is nothing but numbers, two per attack, split and converted in C.
        try:
            numbers = array("i", map(int, body.split())) if body.strip() else array("i")
        except (OverflowError, ValueError):  # a number too large: the line-by-line pass below locates it
            numbers = array("i", [0])
        if len(numbers) % 2 == 0 and (not numbers or (min(numbers) >= 1 and max(numbers) <= n)):
            return _from_one_based(n, numbers)
    sources: array[int] = array("i")
    targets: array[int] = array("i")
    for number, line in enumerate(lines[header_line:], start=header_line + 1):
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


_DIGITS_ONLY = re.compile(r"[0-9\s]*")


def _from_one_based(n: int, numbers: array[int]) -> ArgumentationFramework:
    """A framework from the flat 1-based ``i j i j ...`` numbers of an ``i23`` body."""
    if len(numbers) >= 2 * _framework.NUMPY_THRESHOLD:
        import numpy as np

        flat = np.frombuffer(numbers, dtype=np.int32) - 1
        return ArgumentationFramework.from_indices(n, np.ascontiguousarray(flat[0::2]),
                                                   np.ascontiguousarray(flat[1::2]))
    return ArgumentationFramework.from_indices(n, [v - 1 for v in numbers[0::2]], [v - 1 for v in numbers[1::2]])


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
