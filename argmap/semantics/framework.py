"""Abstract argumentation frameworks (Dung 1995).

An abstract argumentation framework is a set of arguments and a binary *attack* relation
between them; nothing else. :class:`ArgumentationFramework` stores it compactly (arguments
are numbered ``0 .. n-1``, attacks are two ``int32`` arrays), so a framework with a million
arguments and five million attacks takes about 40 MB and builds in well under a second.

The file formats (``apx``, ``tgf``, ``i23``) are in :mod:`argmap.semantics.formats`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any, Literal

__all__ = [
    "NUMPY_THRESHOLD",
    "ArgumentationFramework",
    "Label",
]

Label = Literal["IN", "OUT", "UNDEC"]
"""The status of an argument in a labelling: accepted, rejected, or undecided."""

# The file-format names lived here before the formats got their own module; they still
# resolve (lazily, since argmap.semantics.formats imports this module).
_MOVED_TO_FORMATS = frozenset({
    "AF_FORMATS", "DEFAULT_AF_LIMITS", "AFFormat", "AFLimits", "detect_af_format", "dump_af", "dumps_af",
    "format_af", "load_af", "loads_af", "parse_af", "read_af", "read_af_bytes", "write_af",
})


def __getattr__(name: str) -> Any:
    if name in _MOVED_TO_FORMATS:
        from argmap.semantics import formats

        return getattr(formats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Above this many attacks the adjacency arrays are built with numpy (C speed); below it,
# pure Python is faster than importing numpy.
NUMPY_THRESHOLD = 20_000


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

    # --- the index form, for solvers and numeric semantics -------------------------------------

    def attack_arrays(self) -> tuple[array[int], array[int]]:
        """The attacks as two ``array('i')`` of argument indices: attack ``k`` is ``sources[k] -> targets[k]``.

        The arrays are the framework's own storage: read them, do not change them (numpy can
        view them without copying, ``numpy.frombuffer(sources, dtype=numpy.int32)``).
        """
        return self._sources, self._targets

    def out_adjacency(self) -> tuple[list[int], array[int]]:
        """Compressed rows of the attack relation: ``idx[ptr[i]:ptr[i+1]]`` are the targets of ``i``.

        Built on first use and cached; returns ``(ptr, idx)``.
        """
        return self._out_csr()

    def in_adjacency(self) -> tuple[list[int], array[int]]:
        """Compressed rows of the inverse relation: ``idx[ptr[i]:ptr[i+1]]`` are the attackers of ``i``."""
        return self._in_csr()

    def in_degrees(self) -> list[int]:
        """How many attacks each argument receives (repeated attacks counted each time), by index."""
        return self._in_degrees()

    # --- internals -------------------------------------------------------------------------------

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


