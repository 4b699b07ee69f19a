"""Gradual semantics: how strongly each argument or statement stands, as a score in [0, 1].

Dung semantics say *whether* something stands; gradual semantics say *how strongly*. Each
node has a base score (its ``weight`` in the map, format 1.1) and a final score computed from
the scores of its attackers and supporters. Four semantics from the literature are offered,
each with the definition of its paper (``w`` the base score, ``att(a)``/``sup(a)`` the
attackers and supporters of ``a``, ``s`` the scores):

``hcat`` -- the (weighted) h-categorizer (Besnard & Hunter 2001; Amgoud, Ben-Naim, Doder &
    Vesic 2017)::

        s(a) = w(a) / (1 + sum(s(b) for b in att(a)))

    Attacks only: support does not change a score. With every base score 1 it is the
    classical h-categorizer.
``dfquad`` -- DF-QuAD (Rago, Toni, Aurisicchio & Baroni 2016), for attack and support::

        F(v1..vn) = 1 - prod(1 - vi)                 (F() = 0)
        va, vs    = F(s(att(a))), F(s(sup(a)))
        s(a)      = w - w * (va - vs)        if va >= vs
                    w + (1 - w) * (vs - va)  otherwise
``qe`` -- the quadratic-energy model (Potyka 2018)::

        E(a) = sum(s(sup(a))) - sum(s(att(a)))
        h(x) = max(x, 0)**2 / (1 + max(x, 0)**2)
        s(a) = w - w * h(-E) + (1 - w) * h(E)

    Potyka defines it as the limit of the continuous system ``ds/dt = f(s) - s``; it is
    integrated here with the explicit Euler method (step 1/2, see :func:`strengths`).
``euler`` -- the Euler-based model (Amgoud & Ben-Naim 2018)::

        E(a) = sum(s(sup(a))) - sum(s(att(a)))
        s(a) = 1 - (1 - w**2) / (1 + w * exp(E))

All are computed as fixed points ``s = f(s)`` from ``s = w`` by the explicit iteration
``s <- s + delta * (f(s) - s)``, vectorised with numpy (a sweep is a few sorted-segment sums
over the edge arrays, sorted by target once, so a million arguments take seconds). ``delta`` is
1 to start; for quadratic energy (Potyka's Euler method) and DF-QuAD (damping: each iterate
averaged with the previous one) it becomes 1/2 once the iterates oscillate, and it is halved when
the residual grows (:func:`strengths`). The iteration stops when no residual ``|f(s) - s|`` exceeds ``tolerance``
(default ``1e-9``), or after ``max_iterations`` sweeps; :attr:`Strengths.converged` says which.
The h-categorizer converges on every graph; the others converge on acyclic graphs, and the
damping makes DF-QuAD converge on cyclic graphs where the plain iteration oscillates (Mossakowski
& Neuhaus 2018); where it still does not converge, that is reported rather than hidden.

On a map (:func:`map_graph`): statements and analogies are nodes with base score ``weight``
(default :data:`DEFAULT_BASE`); an argument is a node whose base score is its ``weight``
(default 1) times the product of its premises' scores -- linked premises support only
together -- and which supports its conclusion; an attack is an edge whose force is its
``weight`` (default 1) times its attacker's score, or, when it is joint or itself attacked,
a node like an argument with its attackers as premises. A restatement is its original.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from argmap.model import ArgumentMap
from argmap.semantics.framework import ArgumentationFramework
from argmap.semantics.translate import restatement_originals

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]

__all__ = [
    "DEFAULT_BASE",
    "GRADUAL_SEMANTICS",
    "GradualSemantics",
    "Strengths",
    "WeightedGraph",
    "dfquad",
    "euler_based",
    "framework_graph",
    "gradual",
    "h_categorizer",
    "map_graph",
    "quadratic_energy",
    "strengths",
]

GradualSemantics = Literal["hcat", "dfquad", "qe", "euler"]
GRADUAL_SEMANTICS: tuple[GradualSemantics, ...] = ("hcat", "dfquad", "qe", "euler")
"""The gradual semantics, by their short names (as ``argmap eval --semantics`` takes them)."""

DEFAULT_BASE: dict[GradualSemantics, float] = {"hcat": 1.0, "dfquad": 0.5, "qe": 0.5, "euler": 0.5}
"""The base score of a statement, analogy or framework argument without a ``weight``.

1 for the h-categorizer (its classical, unweighted form); 0.5 for the bipolar semantics, the
neutral value from which support can raise a score and attack lower it (with base 1, support
could change nothing). Arguments and attacks of a map default to weight 1: a full inference,
an attack with full force."""

@dataclass(frozen=True)
class WeightedGraph:
    """A weighted bipolar graph in index form: what the gradual semantics compute on.

    Attributes
    ----------
    names : tuple of str
        Node ``i`` is ``names[i]``.
    base : numpy array of float
        The base score of each node, in [0, 1].
    attack_source, attack_target, attack_weight : numpy arrays
        Attack ``k``: ``attack_source[k]`` attacks ``attack_target[k]`` with its score times
        ``attack_weight[k]``.
    support_source, support_target : numpy arrays of int
        Support ``k``: ``support_source[k]`` supports ``support_target[k]``.
    gated, gate_start, gate_inputs : numpy arrays of int
        The nodes whose base score is multiplied by the product of their inputs' scores
        (arguments: their premises; joint or attacked attacks: their attackers). The inputs
        of ``gated[j]`` are ``gate_inputs[gate_start[j]:gate_start[j + 1]]``.
    """

    names: tuple[str, ...]
    base: FloatArray
    attack_source: IntArray
    attack_target: IntArray
    attack_weight: FloatArray
    support_source: IntArray
    support_target: IntArray
    gated: IntArray
    gate_start: IntArray
    gate_inputs: IntArray
    reported: tuple[str, ...] = field(default=())
    """The nodes a result lists (empty: all); a map's restatements are added by :func:`strengths`."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Nodes that are not in the graph but share a node's score (a restatement and its original)."""

    _unit: bool = field(default=False, init=False, repr=False, compare=False)
    _plan: _Plan | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def unit_attacks(self) -> bool:
        """Whether every attack has weight 1 (then the weights need not be multiplied in)."""
        return self._unit

    def __post_init__(self) -> None:
        object.__setattr__(self, "_unit", bool(self.attack_weight.size == 0 or (self.attack_weight == 1.0).all()))

    @property
    def size(self) -> int:
        """The number of nodes."""
        return len(self.names)

    def _segments(self) -> _Plan:
        """The edges sorted by target, with their segments (built on first use, then kept)."""
        if self._plan is None:
            object.__setattr__(self, "_plan", _Plan(self))
        assert self._plan is not None
        return self._plan


class _Segment:
    """Edges grouped by target: ``sum`` adds a value per edge into a total per target.

    A sorted-segment sum (``np.add.reduceat`` over edges sorted by target, then one scatter of
    a value per attacked node) rather than ``np.bincount``: it reads and writes memory in order
    and writes into preallocated float64 arrays, so a sweep allocates nothing per edge.
    """

    def __init__(self, source: IntArray, target: IntArray, weight: FloatArray | None, n: int) -> None:
        import numpy as np

        if len(target) < 2 or bool((target[1:] >= target[:-1]).all()):  # framework_graph sorts already
            sorted_target, self.source = target, np.ascontiguousarray(source, dtype=np.int64)
            self.weight: FloatArray | None = None if weight is None else np.ascontiguousarray(weight,
                                                                                             dtype=np.float64)
        else:
            order = np.argsort(target, kind="stable")
            sorted_target, self.source = target[order], np.ascontiguousarray(source[order], dtype=np.int64)
            self.weight = None if weight is None else np.ascontiguousarray(weight[order], dtype=np.float64)
        if len(sorted_target):
            first = np.flatnonzero(np.r_[True, sorted_target[1:] != sorted_target[:-1]])
        else:
            first = np.zeros(0, dtype=np.int64)
        self.starts: IntArray = first.astype(np.int64)
        self.targets: IntArray = sorted_target[first].astype(np.int64)
        self.values: FloatArray = np.empty(len(sorted_target), dtype=np.float64)  # one value per edge, reused
        self.totals: FloatArray = np.zeros(n, dtype=np.float64)  # nodes without edges stay 0

    def sum(self, values: FloatArray) -> FloatArray:
        """The per-target sums of ``values`` (one per edge, in this segment's order); reused buffer."""
        import numpy as np

        if len(self.targets):
            self.totals[self.targets] = np.add.reduceat(values, self.starts)
        return self.totals

    def gather(self, scores: FloatArray) -> FloatArray:
        """Each edge's source score (times its weight, if any) into the reused edge buffer."""
        import numpy as np

        # mode="clip": the indices are in range by construction, and the default mode="raise"
        # with out= gathers into a temporary first (measured 1.4 ms against 4.3 ms on 500k edges)
        np.take(scores, self.source, out=self.values, mode="clip")
        if self.weight is not None:
            self.values *= self.weight
        return self.values


class _Plan:
    """A graph's attack and support segments, built once and reused by every sweep."""

    def __init__(self, graph: WeightedGraph) -> None:
        n = graph.size
        self.attack = _Segment(graph.attack_source, graph.attack_target,
                               None if graph.unit_attacks else graph.attack_weight, n)
        self.support = _Segment(graph.support_source, graph.support_target, None, n)


@dataclass(frozen=True)
class Strengths:
    """The result of a gradual semantics: a score in [0, 1] per node, and how it was reached."""

    semantics: GradualSemantics
    scores: dict[str, float]
    """Each node's final score, in graph order (for a map: statements, analogies, arguments, attacks)."""
    base: dict[str, float]
    """Each node's base score (for a map's arguments: before the premises' product)."""
    iterations: int
    """How many sweeps (evaluations of the update function) were made."""
    converged: bool
    """Whether the last sweep changed no score by more than ``tolerance``."""
    change: float
    """The largest change of a score in the last sweep."""
    tolerance: float

    def __getitem__(self, node: str) -> float:
        return self.scores[node]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the ``--format json`` output of ``argmap eval --semantics dfquad``)."""
        return {"semantics": self.semantics, "converged": self.converged, "iterations": self.iterations,
                "change": self.change, "tolerance": self.tolerance,
                "nodes": [{"id": node, "score": score, "base": self.base.get(node)}
                          for node, score in self.scores.items()]}


# --- building graphs -------------------------------------------------------------------------------


def _graph(names: list[str], base: list[float], attacks: list[tuple[int, int, float]],
           supports: list[tuple[int, int]], gates: list[tuple[int, list[int]]],
           reported: tuple[str, ...] = (), aliases: Mapping[str, str] | None = None) -> WeightedGraph:
    import numpy as np

    def column(rows: list[Any], i: int, dtype: Any) -> Any:
        return np.fromiter((row[i] for row in rows), dtype=dtype, count=len(rows))

    gate_inputs = [i for _, inputs in gates for i in inputs]
    starts = [0]
    for _, inputs in gates:
        starts.append(starts[-1] + len(inputs))
    return WeightedGraph(
        names=tuple(names), base=np.asarray(base, dtype=np.float64),
        attack_source=column(attacks, 0, np.int64), attack_target=column(attacks, 1, np.int64),
        attack_weight=column(attacks, 2, np.float64),
        support_source=column(supports, 0, np.int64), support_target=column(supports, 1, np.int64),
        gated=np.asarray([g for g, _ in gates], dtype=np.int64), gate_start=np.asarray(starts, dtype=np.int64),
        gate_inputs=np.asarray(gate_inputs, dtype=np.int64), reported=reported, aliases=dict(aliases or {}),
    )


def _check_weight(node: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:  # also refuses NaN
        raise ValueError(f"the base score of {node!r} must be in [0, 1], got {value!r}")
    return float(value)


def framework_graph(af: ArgumentationFramework, weights: Mapping[str, float] | None = None,
                    default: float = 1.0) -> WeightedGraph:
    """An abstract framework as a weighted graph: its attacks, and a base score per argument.

    Parameters
    ----------
    af : ArgumentationFramework
    weights : mapping of str to float, optional
        Base scores in [0, 1] by argument name; arguments not named get ``default``.

    Raises
    ------
    ValueError
        For a weight outside [0, 1] or the name of no argument.
    """
    import numpy as np

    n = af.number_of_arguments
    base = np.full(n, _check_weight("default", default), dtype=np.float64)
    for name, value in (weights or {}).items():
        if name not in af:
            raise ValueError(f"weights name {name!r}, which is not an argument of the framework")
        base[af.index(name)] = _check_weight(name, value)
    sources, targets = af.attack_arrays()
    src = np.frombuffer(sources, dtype=np.int32) if len(sources) else np.zeros(0, np.int32)
    dst = np.frombuffer(targets, dtype=np.int32) if len(targets) else np.zeros(0, np.int32)
    # attacks grouped by target: each sweep's segment sums then read and write memory in order
    # (int64 once here: a gather would convert int32 indices on every sweep)
    order = np.argsort(dst, kind="stable")
    src64: IntArray = src[order].astype(np.int64)
    dst64: IntArray = dst[order].astype(np.int64)
    empty = np.zeros(0, dtype=np.int64)
    return WeightedGraph(af.arguments, base, src64, dst64, np.ones(len(src64), dtype=np.float64), empty, empty,
                         empty, np.zeros(1, dtype=np.int64), empty)


def map_graph(map: ArgumentMap, default: float = 0.5) -> WeightedGraph:
    """A map as a weighted bipolar graph (the rules are in the module docstring).

    Parameters
    ----------
    map : ArgumentMap
        A valid map.
    default : float
        The base score of a statement or analogy without ``weight``.

    Raises
    ------
    ValueError
        When the map refers to nodes it does not have (validate it first).
    """
    original = restatement_originals(map)
    names: list[str] = []
    base: list[float] = []
    index: dict[str, int] = {}

    def add(node: str, value: float) -> int:
        index[node] = len(names)
        names.append(node)
        base.append(_check_weight(node, value))
        return index[node]

    weight_of = {s.id: s.weight for s in map.statements}
    for statement in map.statements:
        if statement.id not in original:
            add(statement.id, default if statement.weight is None else statement.weight)
    for analogy in map.analogies:
        add(analogy.id, default if analogy.weight is None else analogy.weight)
    for stmt, root in original.items():  # a restatement's weight counts where its original has none
        if weight_of.get(root) is None and weight_of.get(stmt) is not None and root in index:
            base[index[root]] = _check_weight(stmt, weight_of[stmt])  # type: ignore[arg-type]

    def proposition(node: str, where: str) -> int:
        position = index.get(original.get(node, node))
        if position is None:
            raise ValueError(f"{where} names {node!r}, which this map does not have as a statement or analogy; "
                             "validate the map first")
        return position

    attacks: list[tuple[int, int, float]] = []
    supports: list[tuple[int, int]] = []
    gates: list[tuple[int, list[int]]] = []
    for argument in map.arguments:
        position = add(argument.id, 1.0 if argument.weight is None else argument.weight)
        premises = list(dict.fromkeys(proposition(p, f"argument {argument.id!r}") for p in argument.premises))
        gates.append((position, premises))
        supports.append((position, proposition(argument.conclusion, f"argument {argument.id!r}")))
    attacked = {attack.to for attack in map.attacks}
    as_node = [attack for attack in map.attacks if attack.joint or attack.id in attacked]
    for attack in as_node:
        add(attack.id, 1.0 if attack.weight is None else attack.weight)
    for attack in map.attacks:
        where = f"attack {attack.id!r}"
        sources = list(dict.fromkeys(proposition(a, where) for a in attack.attackers))
        target = index.get(original.get(attack.to, attack.to))
        if target is None:
            raise ValueError(f"{where} goes to {attack.to!r}, which this map does not have; validate the map first")
        if attack.id in index:
            gates.append((index[attack.id], sources))
            attacks.append((index[attack.id], target, 1.0))
        else:
            force = 1.0 if attack.weight is None else _check_weight(attack.id, attack.weight)
            attacks.append((sources[0], target, force))
    order = sorted(gates)  # gated nodes in index order
    reported = tuple(s.id for s in map.statements) + tuple(names[len(map.statements) - len(original):])
    return _graph(names, base, attacks, supports, order, reported, original)


# --- the semantics --------------------------------------------------------------------------------


def _effective_base(graph: WeightedGraph, scores: FloatArray) -> FloatArray:
    """The base scores, with each gated node's multiplied by the product of its inputs' scores."""
    import numpy as np

    if not len(graph.gated):
        return graph.base
    products = np.multiply.reduceat(scores[graph.gate_inputs], graph.gate_start[:-1])
    result: FloatArray = graph.base.copy()
    result[graph.gated] = graph.base[graph.gated] * products
    return result


def _step(semantics: GradualSemantics, graph: WeightedGraph, scores: FloatArray) -> FloatArray:
    """One application of the semantics' update function ``f`` to all scores (a new array)."""
    import numpy as np

    plan = graph._segments()
    w = _effective_base(graph, scores)
    if semantics == "dfquad":
        # F = 1 - prod(1 - v) as 1 - exp(sum(log(1 - v))): a sorted-segment sum of logarithms
        with np.errstate(divide="ignore"):  # log(0) = -inf: an attacker of full force
            if plan.attack.weight is None:  # a logarithm per node, not per attack
                log_one_minus = np.log1p(-np.minimum(scores, 1.0))
                va = -np.expm1(plan.attack.sum(plan.attack.gather(log_one_minus)))
            else:
                forces = plan.attack.gather(scores)
                np.log1p(-np.minimum(forces, 1.0, out=forces), out=forces)
                va = -np.expm1(plan.attack.sum(forces))
                log_one_minus = np.log1p(-np.minimum(scores, 1.0))
            vs = -np.expm1(plan.support.sum(plan.support.gather(log_one_minus)))
        combined: FloatArray = np.where(va >= vs, w - w * (va - vs), w + (1.0 - w) * (vs - va))
        return combined
    attack = plan.attack.sum(plan.attack.gather(scores))
    if semantics == "hcat":  # attacks only: the support sums are not used
        result: FloatArray = w / (1.0 + attack)
        return result
    energy = plan.support.sum(plan.support.gather(scores)) - attack
    if semantics == "qe":
        positive = np.maximum(energy, 0.0)
        negative = np.maximum(-energy, 0.0)
        positive *= positive
        negative *= negative
        result = w - w * (negative / (1.0 + negative)) + (1.0 - w) * (positive / (1.0 + positive))
        return result
    with np.errstate(over="ignore"):  # exp of a large energy is inf: the score is then 1
        result = 1.0 - (1.0 - w * w) / (1.0 + w * np.exp(energy))
    return result


_DAMPED: frozenset[GradualSemantics] = frozenset({"qe", "dfquad"})
"""The semantics whose iteration is damped once it oscillates (see :func:`strengths`)."""
_DAMPED_STEP = 0.5
_SMALLEST_STEP = 1.0 / 64.0


def strengths(graph: WeightedGraph, semantics: GradualSemantics | str = "dfquad", *, tolerance: float = 1e-9,
              max_iterations: int = 1000) -> Strengths:
    """Compute a gradual semantics on a weighted graph.

    Every semantics is a fixed point ``s = f(s)`` of its update function ``f`` (the formulas of
    the module docstring), reached from ``s = w`` by the explicit iteration
    ``s <- s + delta * (f(s) - s)``, which has exactly the fixed points of ``f``:

    * ``hcat``: ``delta = 1`` always, the plain iteration (it converges on every graph).
    * ``euler``: ``delta = 1``, halved (down to 1/64) whenever the largest residual
      ``|f(s) - s|`` grows from one sweep to the next.
    * ``qe`` and ``dfquad``: ``delta = 1`` until the iterates oscillate (two successive
      residuals with a negative inner product), then ``delta = 1/2``, halved (down to 1/64)
      whenever the largest residual grows. For ``qe`` that is the explicit Euler method for
      Potyka's continuous model ``ds/dt = f(s) - s`` (whose equilibria are the fixed points of
      ``f``); for ``dfquad`` it is damping (averaging each iterate with the previous one,
      Krasnoselskii-Mann), also the Euler method for Potyka's continuous DF-QuAD. On cyclic
      graphs the plain DF-QuAD iteration can oscillate for ever; the averaged one settles on a
      fixed point of the same equations where one is attracting. Where the plain iteration
      does not oscillate (e.g. support-only or shallow acyclic graphs) it is kept, and exact.

    The iteration stops when no residual exceeds ``tolerance`` -- then ``s`` is a fixed point
    of ``f`` to within ``tolerance`` -- or after ``max_iterations`` sweeps.

    Parameters
    ----------
    graph : WeightedGraph
        From :func:`map_graph` or :func:`framework_graph`.
    semantics : {"hcat", "dfquad", "qe", "euler"}
    tolerance : float
        Stop when the largest residual ``|f(s) - s|`` is at most this.
    max_iterations : int
        Stop after this many sweeps (evaluations of ``f``) even without convergence
        (:attr:`Strengths.converged` is then False).

    Raises
    ------
    ValueError
        For an unknown semantics or a tolerance that is not positive.
    """
    import numpy as np

    name = _semantics_name(semantics)
    if not tolerance > 0:
        raise ValueError(f"tolerance must be positive, got {tolerance!r}")
    scores: FloatArray = graph.base.copy()
    change = 0.0
    iterations = 0
    converged = graph.size == 0
    delta = 1.0
    previous = np.inf
    residual: FloatArray = np.empty(graph.size, dtype=np.float64)
    last: FloatArray | None = None  # the previous residual, to see oscillation (qe, dfquad)
    while iterations < max_iterations and not converged:
        iterations += 1
        updated = _step(name, graph, scores)
        np.subtract(updated, scores, out=residual)
        change = float(np.max(np.abs(residual))) if graph.size else 0.0
        if change <= tolerance:
            scores, converged = updated, True  # f(s): the plain iteration's value at the fixed point
            break
        if name != "hcat":
            if change > previous and (delta < 1.0 or name == "euler"):  # growing: a smaller step
                delta = max(delta / 2.0, _SMALLEST_STEP)
            elif delta == 1.0 and name in _DAMPED and last is not None and float(np.dot(residual, last)) < 0.0:
                delta = _DAMPED_STEP  # successive changes point opposite ways: the iterates oscillate
            if name in _DAMPED and delta == 1.0:
                last = residual.copy()
        previous = change
        if delta == 1.0:
            scores = updated
        else:
            residual *= delta
            scores += residual
            np.clip(scores, 0.0, 1.0, out=scores)
    return _result(graph, name, scores, iterations, converged, change, tolerance)


def _result(graph: WeightedGraph, name: GradualSemantics, scores: FloatArray, iterations: int, converged: bool,
            change: float, tolerance: float) -> Strengths:
    values = scores.tolist()
    bases = graph.base.tolist()
    by_name = dict(zip(graph.names, values, strict=True))
    base_by_name = dict(zip(graph.names, bases, strict=True))
    if graph.reported:
        order = graph.reported
        aliases = graph.aliases
        by_name = {node: by_name[aliases.get(node, node)] for node in order}
        base_by_name = {node: base_by_name[aliases.get(node, node)] for node in order}
    return Strengths(name, by_name, base_by_name, iterations, converged, change, tolerance)


def _semantics_name(semantics: str) -> GradualSemantics:
    lowered = semantics.strip().lower()
    aliases: dict[str, GradualSemantics] = {
        "h-categorizer": "hcat", "hcategorizer": "hcat", "quadratic-energy": "qe", "quadratic_energy": "qe",
        "euler-based": "euler", "df-quad": "dfquad"}
    for name in GRADUAL_SEMANTICS:
        if lowered == name:
            return name
    if lowered in aliases:
        return aliases[lowered]
    raise ValueError(f"unknown gradual semantics {semantics!r}; expected one of {', '.join(GRADUAL_SEMANTICS)}")


Source = ArgumentMap | ArgumentationFramework | WeightedGraph


def gradual(source: Source, semantics: GradualSemantics | str = "dfquad", *,
            weights: Mapping[str, float] | None = None, default: float | None = None,
            tolerance: float = 1e-9, max_iterations: int = 1000) -> Strengths:
    """Scores in [0, 1] for a map's nodes or a framework's arguments under a gradual semantics.

    Parameters
    ----------
    source : ArgumentMap, ArgumentationFramework or WeightedGraph
        A map (base scores from its ``weight`` fields), a framework (base scores from
        ``weights``), or a graph built already.
    semantics : {"hcat", "dfquad", "qe", "euler"}
    weights : mapping of str to float, optional
        For a framework: base scores by argument name.
    default : float, optional
        The base score of nodes without a weight; :data:`DEFAULT_BASE` of the semantics by default.
    tolerance, max_iterations
        The convergence criterion (see :func:`strengths`).

    Returns
    -------
    Strengths

    Examples
    --------
    The h-categorizer of an attack chain ``c -> b -> a``: ``c`` keeps 1, ``b`` gets 1/2 and
    ``a`` 1/(1 + 1/2):

    >>> af = ArgumentationFramework(["a", "b", "c"], [("b", "a"), ("c", "b")])
    >>> {k: round(v, 4) for k, v in gradual(af, "hcat").scores.items()}
    {'a': 0.6667, 'b': 0.5, 'c': 1.0}

    DF-QuAD on a map: an argument from an unattacked premise supports its conclusion.

    >>> m = ArgumentMap.model_validate({"argmap": "1.1",
    ...     "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]})
    >>> gradual(m, "dfquad").scores
    {'p': 0.5, 'c': 0.75, 'a': 0.5}
    """
    name = _semantics_name(semantics)
    base = DEFAULT_BASE[name] if default is None else _check_weight("default", default)
    if isinstance(source, WeightedGraph):
        graph = source
    elif isinstance(source, ArgumentationFramework):
        graph = framework_graph(source, weights, base)
    elif isinstance(source, ArgumentMap):
        if weights:
            raise ValueError("a map's base scores come from its weight fields; weights= is for frameworks")
        from argmap.integrity import ensure_sound

        ensure_sound(source, "evaluate")
        graph = map_graph(source, base)
    else:
        raise TypeError(f"expected an ArgumentMap, ArgumentationFramework or WeightedGraph, got {type(source)!r}")
    return strengths(graph, name, tolerance=tolerance, max_iterations=max_iterations)


def h_categorizer(source: Source, *, weights: Mapping[str, float] | None = None, default: float | None = None,
                  tolerance: float = 1e-9, max_iterations: int = 1000) -> Strengths:
    """The (weighted) h-categorizer: ``s(a) = w(a) / (1 + sum of the attackers' scores)`` (see :func:`gradual`)."""
    return gradual(source, "hcat", weights=weights, default=default, tolerance=tolerance,
                   max_iterations=max_iterations)


def dfquad(source: Source, *, weights: Mapping[str, float] | None = None, default: float | None = None,
           tolerance: float = 1e-9, max_iterations: int = 1000) -> Strengths:
    """DF-QuAD (Rago et al. 2016), for attack and support (see :func:`gradual`)."""
    return gradual(source, "dfquad", weights=weights, default=default, tolerance=tolerance,
                   max_iterations=max_iterations)


def quadratic_energy(source: Source, *, weights: Mapping[str, float] | None = None, default: float | None = None,
                     tolerance: float = 1e-9, max_iterations: int = 1000) -> Strengths:
    """The quadratic-energy model (Potyka 2018), for attack and support (see :func:`gradual`)."""
    return gradual(source, "qe", weights=weights, default=default, tolerance=tolerance,
                   max_iterations=max_iterations)


def euler_based(source: Source, *, weights: Mapping[str, float] | None = None, default: float | None = None,
                tolerance: float = 1e-9, max_iterations: int = 1000) -> Strengths:
    """The Euler-based model (Amgoud & Ben-Naim 2018), for attack and support (see :func:`gradual`)."""
    return gradual(source, "euler", weights=weights, default=default, tolerance=tolerance,
                   max_iterations=max_iterations)
