"""Dung's semantics: grounded in linear time, complete, preferred and stable with a SAT solver.

An *extension* is a set of arguments that can stand together; a *labelling* says of every
argument whether it is accepted (``IN``), rejected (``OUT``: attacked by an accepted
argument) or undecided (``UNDEC``). For a framework ``(A, R)`` and a set ``S`` of arguments:

* ``S`` is *conflict-free* if no member attacks a member, and *admissible* if it is
  conflict-free and attacks every attacker of its members (it defends itself);
* **complete**: admissible, and it contains every argument it defends;
* **grounded**: the least complete extension (exactly one exists) -- what must be accepted
  by anyone, computed by propagating from the unattacked arguments;
* **preferred**: a maximal complete (equivalently, maximal admissible) extension;
* **stable**: conflict-free and attacking every argument outside it (there may be none).

The grounded labelling is computed by one pass over the attacks with a work queue and
per-argument counters of undefeated attackers: ``O(arguments + attacks)`` time, no recursion
(a chain of a million attacks is fine). The other semantics are encoded in propositional
logic and handed to an incremental SAT solver (``python-sat``, CaDiCaL by default), as the
ICCMA competition solvers do: admissible sets and complete labellings by the standard
``in``/``out`` variable encoding, stable extensions as conflict-free sets attacking everything
else, preferred extensions by growing an admissible set until no strict superset is
admissible and then excluding its subsets (the PrefSAT scheme). Arguments decided by the
grounded labelling are fixed first, which shrinks every SAT problem to the undecided part.

Credulous acceptance asks whether *some* extension contains an argument, sceptical
acceptance whether *every* extension does (vacuously true when there is no extension).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from argmap.semantics.framework import ArgumentationFramework, Label

__all__ = [
    "CODE_IN",
    "CODE_OUT",
    "CODE_UNDEC",
    "SEMANTICS",
    "Semantics",
    "credulous_witness",
    "extension_indices",
    "extensions",
    "grounded_codes",
    "grounded_extension",
    "grounded_labelling",
    "is_credulously_accepted",
    "is_extension",
    "is_sceptically_accepted",
    "labelling_of",
    "labellings",
    "sceptical_counterexample",
    "semantics_name",
    "some_extension",
]

Semantics = Literal["grounded", "complete", "preferred", "stable"]
SEMANTICS: tuple[Semantics, ...] = ("grounded", "complete", "preferred", "stable")
"""The semantics argmap computes, by their full names."""

_ABBREVIATIONS: dict[str, Semantics] = {"GR": "grounded", "CO": "complete", "PR": "preferred", "ST": "stable"}

SAT_SOLVER = "cadical195"
"""The python-sat solver used for complete, preferred and stable semantics."""

_UNDEC, _IN, _OUT = 0, 1, 2
CODE_UNDEC, CODE_IN, CODE_OUT = _UNDEC, _IN, _OUT
"""The label codes of :func:`grounded_codes`: 0 undecided, 1 in, 2 out."""
_LABELS: tuple[Label, Label, Label] = ("UNDEC", "IN", "OUT")


def semantics_name(name: str) -> Semantics:
    """The full name of a semantics given by name or ICCMA abbreviation (``GR``, ``CO``, ``PR``, ``ST``).

    Raises
    ------
    ValueError
        For an unknown semantics.

    Examples
    --------
    >>> semantics_name("PR"), semantics_name("Grounded")
    ('preferred', 'grounded')
    """
    lowered = name.strip().lower()
    for full in SEMANTICS:
        if lowered == full:
            return full
    abbreviation = _ABBREVIATIONS.get(name.strip().upper())
    if abbreviation is None:
        raise ValueError(f"unknown semantics {name!r}; expected one of {', '.join(SEMANTICS)} "
                         f"(or {', '.join(_ABBREVIATIONS)})")
    return abbreviation


# --- grounded ---------------------------------------------------------------------------------


def grounded_codes(af: ArgumentationFramework, ranks: bool = False) -> tuple[bytearray, list[int] | None]:
    """The grounded labelling as a code per argument index (:data:`CODE_UNDEC`, :data:`CODE_IN`, :data:`CODE_OUT`).

    With ``ranks``, also the step at which each argument was labelled: every IN argument's
    attackers were labelled OUT before it, and every OUT argument has an earlier IN attacker
    (so explanations that follow earlier ranks are well-founded). Linear time.
    """
    return _grounded_codes(af, ranks)


def extension_indices(af: ArgumentationFramework, semantics: Semantics) -> Iterator[list[int]]:
    """The extensions of a semantics, one at a time, each as a list of argument indices."""
    return _extension_indices(af, semantics)


def _grounded_codes(af: ArgumentationFramework, ranks: bool = False) -> tuple[bytearray, list[int] | None]:
    """The grounded labelling as codes (0 undecided, 1 in, 2 out), optionally with the step of each label.

    A queue holds the accepted arguments whose targets have not been processed; each target
    becomes OUT once, and each OUT argument lowers the count of undefeated attackers of its own
    targets; an argument whose count reaches zero becomes IN. Every attack is looked at at most
    twice, so the work is linear. ``rank[i]`` orders the labels so that every IN argument's
    attackers were labelled OUT before it and every OUT argument has an earlier IN attacker:
    explanations that follow ranks downwards are well-founded.
    """
    n = af.number_of_arguments
    ptr, idx = af.out_adjacency()
    count = af.in_degrees()
    label = bytearray(n)
    queue = [i for i, c in enumerate(count) if c == 0]
    for i in queue:
        label[i] = _IN
    rank: list[int] | None = None
    if ranks:
        rank = [-1] * n
        for step, i in enumerate(queue):
            rank[i] = step
    step = len(queue)
    head = 0
    while head < len(queue):
        x = queue[head]
        head += 1
        for y in idx[ptr[x]:ptr[x + 1]]:
            if label[y] != _UNDEC:
                continue
            label[y] = _OUT
            if rank is not None:
                rank[y] = step
                step += 1
            for z in idx[ptr[y]:ptr[y + 1]]:
                left = count[z] - 1
                count[z] = left
                if left == 0 and label[z] == _UNDEC:
                    label[z] = _IN
                    queue.append(z)
                    if rank is not None:
                        rank[z] = step
                        step += 1
    return label, rank


def grounded_labelling(af: ArgumentationFramework) -> dict[str, Label]:
    """The grounded labelling: every argument IN, OUT or UNDEC.

    Linear in the size of the framework and without recursion.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("d", "d")])
    >>> grounded_labelling(af)
    {'a': 'IN', 'b': 'OUT', 'c': 'IN', 'd': 'UNDEC'}
    """
    codes, _ = _grounded_codes(af)
    return {name: _LABELS[code] for name, code in zip(af.arguments, codes, strict=True)}


def grounded_extension(af: ArgumentationFramework) -> frozenset[str]:
    """The grounded extension: the arguments IN in the grounded labelling.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> sorted(grounded_extension(af))
    ['a', 'c']
    """
    codes, _ = _grounded_codes(af)
    names = af.arguments
    return frozenset(names[i] for i in _positions(codes, _IN))


def _positions(codes: bytearray, code: int) -> list[int]:
    """Indices where ``codes`` equals ``code``, found with bytes.find (C speed)."""
    found: list[int] = []
    target = bytes([code])
    start = codes.find(target)
    while start >= 0:
        found.append(start)
        start = codes.find(target, start + 1)
    return found


# --- SAT encodings ----------------------------------------------------------------------------


class _Sat:
    """An incremental SAT solver loaded with the admissible, complete or stable encoding of a framework.

    Variable ``i + 1`` says argument ``i`` is IN; for the admissible and complete encodings
    variable ``n + i + 1`` says it is OUT (attacked by an IN argument). Arguments the grounded
    labelling decides are fixed by unit clauses. That keeps every complete, preferred and
    stable extension (they all contain the grounded extension and reject what it attacks),
    and restricts admissible sets to those containing the grounded extension -- which loses
    nothing, since the union of an admissible set and the grounded extension is admissible.
    """

    def __init__(self, af: ArgumentationFramework, encoding: Literal["admissible", "complete", "stable"],
                 ground: bytearray) -> None:
        from pysat.solvers import Solver

        n = af.number_of_arguments
        self.n = n
        self.top = n if encoding == "stable" else 2 * n
        ptr, idx = af.in_adjacency()
        clauses: list[list[int]] = []
        add = clauses.append
        stable = encoding == "stable"
        for a in range(n):
            x = a + 1
            code = ground[a]
            if code != _UNDEC:
                # Decided by the grounded labelling: fixing "in" and "out" satisfies every clause
                # of this argument, so only the units are needed and the SAT problem shrinks to
                # the undecided part of the framework.
                add([x] if code == _IN else [-x])
                if not stable:
                    add([-(n + x)] if code == _IN else [n + x])
                continue
            attackers = sorted(set(idx[ptr[a]:ptr[a + 1]]))
            for b in attackers:  # conflict-free
                add([-x, -(b + 1)] if b != a else [-x])
            if stable:
                add([x, *(b + 1 for b in attackers)])  # IN, or attacked by an IN argument
                continue
            o = n + x
            add([-o, *(b + 1 for b in attackers)])  # OUT only if some attacker is IN
            for b in attackers:
                add([-x, n + b + 1])  # IN only if every attacker is OUT (defended)
            if encoding == "complete":
                for b in attackers:
                    add([-(b + 1), o])  # OUT if some attacker is IN
                add([x, *(-(n + b + 1) for b in attackers)])  # IN if every attacker is OUT
        self.solver: Any = Solver(name=SAT_SOLVER, bootstrap_with=clauses)

    def close(self) -> None:
        self.solver.delete()

    def __enter__(self) -> _Sat:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def new_variable(self) -> int:
        self.top += 1
        return self.top

    def add(self, clause: list[int]) -> None:
        self.solver.add_clause(clause)

    def solve(self, assumptions: Iterable[int] = ()) -> list[int] | None:
        """The IN arguments of a model, or None when there is none."""
        if not self.solver.solve(assumptions=list(assumptions)):
            return None
        model = self.solver.get_model()
        return [literal - 1 for literal in model[: self.n] if literal > 0]

    def maximize(self, extension: list[int], free: list[int]) -> list[int]:
        """Grow an admissible set until no admissible strict superset exists: a preferred extension."""
        while True:
            inside = set(extension)
            rest = [a + 1 for a in free if a not in inside]
            if not rest:
                return extension
            switch = self.new_variable()
            self.add([-switch, *rest])  # some argument outside joins
            larger = self.solve([switch, *(a + 1 for a in extension)])
            self.add([-switch])  # retire the temporary clause
            if larger is None:
                return extension
            extension = larger


def _closure(af: ArgumentationFramework, admissible: list[int]) -> list[int]:
    """The least complete extension containing an admissible set (linear, like the grounded labelling)."""
    ptr, idx = af.out_adjacency()
    count = af.in_degrees()
    label = bytearray(af.number_of_arguments)
    queue = [i for i, c in enumerate(count) if c == 0]
    queue.extend(i for i in admissible if count[i] != 0)
    for i in queue:
        label[i] = _IN
    head = 0
    while head < len(queue):
        x = queue[head]
        head += 1
        for y in idx[ptr[x]:ptr[x + 1]]:
            if label[y] != _UNDEC:
                continue
            label[y] = _OUT
            for z in idx[ptr[y]:ptr[y + 1]]:
                count[z] -= 1
                if count[z] == 0 and label[z] == _UNDEC:
                    label[z] = _IN
                    queue.append(z)
    return sorted(queue)


def _ground(af: ArgumentationFramework) -> tuple[bytearray, list[int]]:
    codes, _ = _grounded_codes(af)
    return codes, _positions(codes, _UNDEC)


def _extension_indices(af: ArgumentationFramework, semantics: Semantics) -> Iterator[list[int]]:
    ground, free = _ground(af)
    if semantics == "grounded":
        yield _positions(ground, _IN)
        return
    if not free and semantics != "stable":
        yield _positions(ground, _IN)  # the grounded extension is the only complete one
        return
    encoding: Literal["admissible", "complete", "stable"] = "admissible" if semantics == "preferred" else semantics
    with _Sat(af, encoding, ground) as sat:
        while True:
            extension = sat.solve()
            if extension is None:
                return
            if semantics == "preferred":
                extension = sat.maximize(extension, free)
            yield extension
            inside = set(extension)
            if semantics == "complete":
                # exclude exactly this extension (complete extensions may be nested)
                block = [-(a + 1) if a in inside else a + 1 for a in free]
            else:
                # preferred and stable extensions are incomparable: the next one has an argument outside
                block = [a + 1 for a in free if a not in inside]
            if not block:
                return
            if semantics == "preferred" and not inside.intersection(free):
                # maximize just proved that no admissible set adds a free argument to the
                # grounded extension: this is the only preferred extension
                return
            sat.add(block)


def extensions(af: ArgumentationFramework, semantics: Semantics | str = "preferred", *,
               limit: int | None = None) -> Iterator[frozenset[str]]:
    """Enumerate the extensions of a framework under a semantics.

    Parameters
    ----------
    af : ArgumentationFramework
    semantics : {"grounded", "complete", "preferred", "stable"} or "GR", "CO", "PR", "ST"
    limit : int, optional
        Stop after this many extensions (there can be exponentially many).

    Yields
    ------
    frozenset of str
        One extension at a time, each exactly once. No extension at all (possible only for
        stable semantics) yields nothing; the empty extension yields ``frozenset()``.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")])
    >>> sorted(sorted(e) for e in extensions(af, "preferred"))
    [['a', 'c'], ['b']]
    >>> sorted(sorted(e) for e in extensions(af, "complete"))
    [[], ['a', 'c'], ['b']]
    >>> list(extensions(ArgumentationFramework(["a"], [("a", "a")]), "stable"))
    []
    """
    name = semantics_name(semantics)
    names = af.arguments
    for count, extension in enumerate(_extension_indices(af, name)):
        if limit is not None and count >= limit:
            return
        yield frozenset(names[i] for i in extension)


def labelling_of(af: ArgumentationFramework, extension: Iterable[str]) -> dict[str, Label]:
    """The labelling that goes with an extension: IN its members, OUT what they attack, UNDEC the rest.

    For a complete extension this is its complete labelling.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b", "c"], [("a", "b")])
    >>> labelling_of(af, {"a"})
    {'a': 'IN', 'b': 'OUT', 'c': 'UNDEC'}
    """
    ptr, idx = af.out_adjacency()
    codes = bytearray(af.number_of_arguments)
    members = [af.index(name) for name in extension]
    for i in members:
        for j in idx[ptr[i]:ptr[i + 1]]:
            codes[j] = _OUT
    for i in members:
        codes[i] = _IN
    return {name: _LABELS[code] for name, code in zip(af.arguments, codes, strict=True)}


def labellings(af: ArgumentationFramework, semantics: Semantics | str = "preferred", *,
               limit: int | None = None) -> Iterator[dict[str, Label]]:
    """Enumerate the labellings of a framework under a semantics (see :func:`extensions`).

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b"], [("a", "b"), ("b", "a")])
    >>> [sorted(lab.items()) for lab in labellings(af, "grounded")]
    [[('a', 'UNDEC'), ('b', 'UNDEC')]]
    """
    for extension in extensions(af, semantics, limit=limit):
        yield labelling_of(af, extension)


def some_extension(af: ArgumentationFramework, semantics: Semantics | str = "preferred") -> frozenset[str] | None:
    """One extension under a semantics, or None when there is none (only possible for stable).

    For grounded and complete semantics this is the grounded extension.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b"], [("a", "b"), ("b", "a")])
    >>> len(some_extension(af, "stable"))
    1
    """
    name = semantics_name(semantics)
    if name == "complete":
        name = "grounded"
    return next(extensions(af, name), None)


def credulous_witness(af: ArgumentationFramework, argument: str,
                      semantics: Semantics | str = "preferred") -> frozenset[str] | None:
    """An extension that contains ``argument``, or None when no extension does.

    Raises
    ------
    KeyError
        When the framework has no such argument.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b"], [("a", "b"), ("b", "a")])
    >>> sorted(credulous_witness(af, "b", "preferred"))
    ['b']
    >>> credulous_witness(af, "b", "grounded") is None
    True
    """
    name = semantics_name(semantics)
    a = af.index(argument)
    ground, free = _ground(af)
    names = af.arguments
    if ground[a] == _IN and name != "stable":
        if name == "preferred":
            return some_extension(af, "preferred")
        return frozenset(names[i] for i in _positions(ground, _IN))
    if name == "grounded" or ground[a] == _OUT:
        return None
    # credulous acceptance is the same for admissible, complete and preferred semantics
    with _Sat(af, "stable" if name == "stable" else "admissible", ground) as sat:
        found = sat.solve([a + 1])
        if found is not None and name == "preferred":
            found = sat.maximize(found, free)
    if found is not None and name == "complete":
        found = _closure(af, found)
    return None if found is None else frozenset(names[i] for i in found)


def sceptical_counterexample(af: ArgumentationFramework, argument: str,
                             semantics: Semantics | str = "preferred") -> frozenset[str] | None:
    """An extension that does *not* contain ``argument``, or None when every extension does.

    When there is no extension at all (stable semantics), there is no counterexample and the
    argument counts as sceptically accepted.

    Raises
    ------
    KeyError
        When the framework has no such argument.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b", "c"], [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c")])
    >>> sorted(sceptical_counterexample(af, "a", "preferred"))
    ['b']
    >>> sceptical_counterexample(af, "c", "preferred") is None
    False
    """
    name = semantics_name(semantics)
    a = af.index(argument)
    ground, free = _ground(af)
    names = af.arguments
    if ground[a] == _IN:
        return None  # in the grounded extension, so in every complete, preferred and stable one
    if name in ("grounded", "complete"):
        return frozenset(names[i] for i in _positions(ground, _IN))
    with _Sat(af, "stable" if name == "stable" else "admissible", ground) as sat:
        if name == "stable":
            found = sat.solve([-(a + 1)])
            return None if found is None else frozenset(names[i] for i in found)
        while True:
            candidate = sat.solve([-(a + 1)])
            if candidate is None:
                return None
            preferred = sat.maximize(candidate, free)
            inside = set(preferred)
            if a not in inside:
                return frozenset(names[i] for i in preferred)
            block = [b + 1 for b in free if b not in inside]
            if not block:
                return None
            sat.add(block)  # the next candidate is no subset of this preferred extension


def is_credulously_accepted(af: ArgumentationFramework, argument: str,
                            semantics: Semantics | str = "preferred") -> bool:
    """Whether some extension contains ``argument`` (``DC-`` tasks in ICCMA terms).

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b"], [("a", "b"), ("b", "a")])
    >>> is_credulously_accepted(af, "a", "preferred"), is_credulously_accepted(af, "a", "grounded")
    (True, False)
    """
    return credulous_witness(af, argument, semantics) is not None


def is_sceptically_accepted(af: ArgumentationFramework, argument: str,
                            semantics: Semantics | str = "preferred") -> bool:
    """Whether every extension contains ``argument`` (``DS-`` tasks in ICCMA terms).

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b", "c"], [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c")])
    >>> is_sceptically_accepted(af, "c", "preferred"), is_sceptically_accepted(af, "a", "preferred")
    (False, False)
    """
    return sceptical_counterexample(af, argument, semantics) is None


def is_extension(af: ArgumentationFramework, arguments: Iterable[str],
                 semantics: Semantics | str = "preferred") -> bool:
    """Whether a set of arguments is an extension under a semantics (checks a certificate).

    Raises
    ------
    KeyError
        When a name is not an argument of the framework.

    Examples
    --------
    >>> af = ArgumentationFramework(["a", "b"], [("a", "b"), ("b", "a")])
    >>> is_extension(af, {"a"}, "stable"), is_extension(af, set(), "preferred"), is_extension(af, set(), "complete")
    (True, False, True)
    """
    name = semantics_name(semantics)
    members = {af.index(argument) for argument in arguments}
    ground, free = _ground(af)
    if name == "grounded":
        return members == set(_positions(ground, _IN))
    out_ptr, out_idx = af.out_adjacency()
    in_ptr, in_idx = af.in_adjacency()
    attacked: set[int] = set()
    for i in members:
        attacked.update(out_idx[out_ptr[i]:out_ptr[i + 1]])
    if attacked & members:
        return False  # not conflict-free
    if name == "stable":
        return len(members) + len(attacked) == af.number_of_arguments
    for i in range(af.number_of_arguments):
        defended = all(j in attacked for j in in_idx[in_ptr[i]:in_ptr[i + 1]])
        if (i in members) != defended:
            return False  # not admissible, or not containing all it defends
    if name == "complete":
        return True
    outside = [a + 1 for a in free if a not in members]
    if not outside:
        return True
    with _Sat(af, "admissible", ground) as sat:
        sat.add(outside)
        return sat.solve([a + 1 for a in members]) is None
