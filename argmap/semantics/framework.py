"""Abstract argumentation frameworks (Dung 1995) and their file formats.

An abstract argumentation framework is a set of arguments and a binary *attack* relation
between them; nothing else. :class:`ArgumentationFramework` stores it compactly (arguments
are numbered ``0 .. n-1``, attacks are two ``int32`` arrays), so a framework with a million
arguments and five million attacks takes about 40 MB and builds in well under a second.

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

Reading reports every problem with its file, line and column (as :class:`argmap.MapError`,
codes ``AM001`` syntax, ``AM003`` limit, ``AM005`` I/O, ``AM021`` undeclared argument), and
refuses input beyond :class:`AFLimits`.
"""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Literal

from argmap._files import read_input, write_output
from argmap.errors import Diagnostic, Location, MapError

__all__ = [
    "AF_FORMATS",
    "DEFAULT_AF_LIMITS",
    "AFFormat",
    "AFLimits",
    "ArgumentationFramework",
    "Label",
    "detect_af_format",
    "format_af",
    "parse_af",
    "read_af",
    "read_af_bytes",
    "write_af",
]

Label = Literal["IN", "OUT", "UNDEC"]
"""The status of an argument in a labelling: accepted, rejected, or undecided."""

AFFormat = Literal["apx", "tgf", "i23"]
AF_FORMATS: tuple[AFFormat, ...] = ("apx", "tgf", "i23")
"""The file formats :func:`read_af` and :func:`write_af` understand."""

_SUFFIXES: dict[str, AFFormat] = {".apx": "apx", ".tgf": "tgf", ".i23": "i23", ".af": "i23"}

# Above this many attacks the adjacency arrays are built with numpy (C speed); below it,
# pure Python is faster than importing numpy.
NUMPY_THRESHOLD = 20_000


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


def _int_array(values: Iterable[int]) -> array[int]:
    """Copy a sequence of ints (list, array, numpy array, ...) into a compact ``array('i')``."""
    if isinstance(values, array) and values.typecode == "i":
        return array("i", values)
    try:
        view = memoryview(values)  # type: ignore[arg-type]
    except TypeError:
        return array("i", values)
    if view.format == "i" and view.c_contiguous:
        result = array("i")
        result.frombytes(view.cast("B"))
        return result
    return array("i", (int(v) for v in values))


class ArgumentationFramework:
    """An abstract argumentation framework: arguments and who attacks whom.

    Immutable. Arguments keep the order in which they were given; every analysis refers
    to them by name. Internally argument ``i`` is the ``i``-th name, attacks are pairs of
    such indices, and adjacency arrays are built on first use and cached.

    Parameters
    ----------
    arguments : iterable of str
        The argument names. Repeated names count once.
    attacks : iterable of (str, str)
        ``(attacker, attacked)`` pairs. Repeated pairs count once. An argument named only
        in an attack is added after the declared ones.

    See Also
    --------
    from_indices : build from integer arrays, without per-attack Python objects.
    read_af, parse_af : read a framework from an ``apx``, ``tgf`` or ``i23`` file.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> af.number_of_arguments, af.number_of_attacks
    (3, 2)
    >>> af.attackers("c")
    ['b']
    >>> af.targets("a")
    ['b']
    """

    __slots__ = ("_in", "_index", "_n", "_names", "_out", "_sources", "_targets")

    def __init__(self, arguments: Iterable[str] = (), attacks: Iterable[tuple[str, str]] = ()) -> None:
        index: dict[str, int] = {}
        names: list[str] = []
        for name in arguments:
            if not isinstance(name, str):
                raise TypeError(f"argument names must be strings, got {name!r}")
            if name not in index:
                index[name] = len(names)
                names.append(name)
        sources: array[int] = array("i")
        targets: array[int] = array("i")
        seen: set[tuple[int, int]] = set()
        for pair in attacks:
            attacker, attacked = pair
            ends = []
            for name in (attacker, attacked):
                if not isinstance(name, str):
                    raise TypeError(f"argument names must be strings, got {name!r} in attack {pair!r}")
                position = index.get(name)
                if position is None:
                    position = index[name] = len(names)
                    names.append(name)
                ends.append(position)
            key = (ends[0], ends[1])
            if key not in seen:
                seen.add(key)
                sources.append(key[0])
                targets.append(key[1])
        self._n = len(names)
        self._names: tuple[str, ...] | None = tuple(names)
        self._index: dict[str, int] | None = index
        self._sources = sources
        self._targets = targets
        self._out: tuple[list[int], array[int]] | None = None
        self._in: tuple[list[int], array[int]] | None = None

    @classmethod
    def from_indices(cls, n: int, sources: Iterable[int], targets: Iterable[int],
                     names: Sequence[str] | None = None) -> ArgumentationFramework:
        """Build a framework from argument indices, the fast way for large frameworks.

        Parameters
        ----------
        n : int
            Number of arguments, numbered ``0 .. n-1``.
        sources, targets : sequences of int
            Attack ``k`` is ``sources[k]`` attacks ``targets[k]``. Lists, ``array('i')`` and
            numpy integer arrays are accepted; repeated pairs are kept (they change nothing
            in any semantics).
        names : sequence of str, optional
            The names of the arguments; by default ``"1"`` .. ``str(n)``, as in the ICCMA 2023
            format.

        Raises
        ------
        ValueError
            When an index is out of range, the arrays differ in length, or names repeat.

        Examples
        --------
        >>> af = ArgumentationFramework.from_indices(3, [0, 1], [1, 2])
        >>> af.arguments
        ('1', '2', '3')
        >>> af.attacks
        [('1', '2'), ('2', '3')]
        """
        if n < 0:
            raise ValueError(f"the number of arguments must be at least 0, got {n}")
        src, dst = _int_array(sources), _int_array(targets)
        if len(src) != len(dst):
            raise ValueError(f"sources and targets differ in length ({len(src)} and {len(dst)})")
        if src:
            low, high = _min_max(src, dst)
            if low < 0 or high >= n:
                raise ValueError(f"attack index out of range: arguments are numbered 0 .. {n - 1}")
        self = cls.__new__(cls)
        self._n = n
        if names is not None:
            names = tuple(names)
            if len(names) != n:
                raise ValueError(f"{len(names)} names given for {n} arguments")
            if len(set(names)) != n:
                raise ValueError("argument names must be unique")
            self._names = names
        else:
            self._names = None
        self._index = None
        self._sources, self._targets = src, dst
        self._out = self._in = None
        return self

    # --- basic facts ---------------------------------------------------------------------

    @property
    def arguments(self) -> tuple[str, ...]:
        """The argument names, in order."""
        if self._names is None:
            self._names = tuple(str(i) for i in range(1, self._n + 1))
        return self._names

    @property
    def attacks(self) -> list[tuple[str, str]]:
        """The attacks as ``(attacker, attacked)`` name pairs, in order."""
        names = self.arguments
        return [(names[s], names[t]) for s, t in zip(self._sources, self._targets, strict=True)]

    @property
    def number_of_arguments(self) -> int:
        """How many arguments the framework has."""
        return self._n

    @property
    def number_of_attacks(self) -> int:
        """How many attacks the framework has (as stored; see :meth:`from_indices`)."""
        return len(self._sources)

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[str]:
        return iter(self.arguments)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._name_index()

    def __repr__(self) -> str:
        return f"<ArgumentationFramework with {self._n} arguments and {len(self._sources)} attacks>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArgumentationFramework):
            return NotImplemented
        return set(self.arguments) == set(other.arguments) and set(self.attacks) == set(other.attacks)

    __hash__ = None  # type: ignore[assignment]  # mutable-looking equality; keep it unhashable

    def index(self, name: str) -> int:
        """The position of an argument (``0 .. n-1``).

        Raises
        ------
        KeyError
            When there is no argument of that name.
        """
        try:
            return self._name_index()[name]
        except KeyError:
            raise KeyError(f"no argument named {name!r}") from None

    def attackers(self, name: str) -> list[str]:
        """The arguments that attack ``name``."""
        ptr, idx = self._in_csr()
        i = self.index(name)
        names = self.arguments
        return [names[j] for j in idx[ptr[i]:ptr[i + 1]]]

    def targets(self, name: str) -> list[str]:
        """The arguments that ``name`` attacks."""
        ptr, idx = self._out_csr()
        i = self.index(name)
        names = self.arguments
        return [names[j] for j in idx[ptr[i]:ptr[i + 1]]]

    # --- internals shared with the solvers ------------------------------------------------

    def _name_index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {name: i for i, name in enumerate(self.arguments)}
        return self._index

    def _out_csr(self) -> tuple[list[int], array[int]]:
        """Compressed rows of the attack relation: ``idx[ptr[i]:ptr[i+1]]`` are the targets of ``i``."""
        if self._out is None:
            self._out = _csr(self._n, self._sources, self._targets)
        return self._out

    def _in_csr(self) -> tuple[list[int], array[int]]:
        """Compressed rows of the inverse relation: ``idx[ptr[i]:ptr[i+1]]`` are the attackers of ``i``."""
        if self._in is None:
            self._in = _csr(self._n, self._targets, self._sources)
        return self._in

    def _in_degrees(self) -> list[int]:
        """How many attacks each argument receives (repeated attacks counted each time)."""
        if self._in is not None:
            ptr = self._in[0]
            return [ptr[i + 1] - ptr[i] for i in range(self._n)]
        if len(self._targets) >= NUMPY_THRESHOLD:
            import numpy as np

            counts: list[int] = np.bincount(np.frombuffer(self._targets, dtype=np.int32),
                                            minlength=self._n).tolist()
            return counts
        degrees = [0] * self._n
        for t in self._targets:
            degrees[t] += 1
        return degrees


def _min_max(src: array[int], dst: array[int]) -> tuple[int, int]:
    if len(src) >= NUMPY_THRESHOLD:
        import numpy as np

        a, b = np.frombuffer(src, dtype=np.int32), np.frombuffer(dst, dtype=np.int32)
        return int(min(a.min(), b.min())), int(max(a.max(), b.max()))
    return min(min(src), min(dst)), max(max(src), max(dst))


def _csr(n: int, rows: array[int], cols: array[int]) -> tuple[list[int], array[int]]:
    """Group ``cols`` by ``rows``: returns ``(ptr, idx)`` with row ``i`` at ``idx[ptr[i]:ptr[i+1]]``.

    Within a row the original order is kept (a stable counting sort).
    """
    m = len(rows)
    if m >= NUMPY_THRESHOLD:
        import numpy as np

        r = np.frombuffer(rows, dtype=np.int32)
        c = np.frombuffer(cols, dtype=np.int32)
        order = np.argsort(r, kind="stable")
        idx = array("i")
        idx.frombytes(c[order].tobytes())
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=n), out=ptr[1:])
        return ptr.tolist(), idx
    counts = [0] * (n + 1)
    for r_ in rows:
        counts[r_ + 1] += 1
    ptr_list = list(accumulate(counts))
    position = ptr_list[:-1]
    idx = array("i", bytes(4 * m))
    for r_, c_ in zip(rows, cols, strict=True):
        p = position[r_]
        idx[p] = c_
        position[r_] = p + 1
    return ptr_list, idx


# --- reading ---------------------------------------------------------------------------------


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
            if stripped.startswith(("arg", "att")):
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


def parse_af(text: str | bytes, format: AFFormat | None = None, *, filename: str | None = None,
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
    >>> af = parse_af("arg(a). arg(b).\\natt(a,b).")
    >>> af.attacks
    [('a', 'b')]
    >>> parse_af("p af 2\\n1 3\\n", filename="x.i23")
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


def read_af(path: str | os.PathLike[str], format: AFFormat | None = None, *,
            limits: AFLimits = DEFAULT_AF_LIMITS) -> ArgumentationFramework:
    """Read a framework file (``.apx``, ``.tgf``, ``.i23``; the format is detected when not given).

    Raises
    ------
    MapError
        ``AM005`` when the file cannot be read, ``AM003`` when it is too large, and the
        located syntax errors of :func:`parse_af`.
    """
    name = os.fspath(path)
    return parse_af(read_af_bytes(name, limits), format, filename=name, limits=limits)


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
    if len(numbers) >= 2 * NUMPY_THRESHOLD:
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


def format_af(af: ArgumentationFramework, format: AFFormat = "apx") -> str:
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
    >>> print(format_af(af, "apx"), end="")
    arg(a).
    arg("B-1").
    att(a,"B-1").
    >>> print(format_af(af, "i23"), end="")
    p af 2
    1 2
    """
    names = af.arguments
    src, dst = af._sources, af._targets
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


def write_af(af: ArgumentationFramework, path: str | os.PathLike[str], format: AFFormat | None = None) -> None:
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
    write_output(path, format_af(af, format))
