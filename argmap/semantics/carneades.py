"""Carneades' own evaluation of a map: proof standards, argument weights, assumptions, issues.

This is the Carneades Argument Evaluation Structure (CAES) of Carneades 4 (Gordon & Walton;
the rules as Carneades 4 applies them to its YAML graphs), written afresh for argmap maps. It
labels statements IN, OUT or UNDEC (undecided) in one grounded pass:

1. **Start.** An assumed statement is IN; a statement that is neither assumed nor concluded by
   any argument is OUT (Carneades is closed-world: nothing stands without grounds). In an
   issue where some position is IN, the undecided positions become OUT.
2. **Arguments.** An argument is *applicable* when none of its premises is undecided and its
   undercutter is OUT (or it has none); OUT premises do not make it inapplicable, they lower
   its weight. Its *weight* is 0 when it is undercut or not applicable, else the value of its
   scheme's weighing function (below); the default is *linked*.
3. **Statements not at issue** become IN when some argument for them has weight > 0, and OUT
   when every argument for them is undercut, or applicable with weight 0 (an undercut
   argument supports nothing, even while some of its premises are undecided).
4. **Issues** are decided once every argument for every position is undercut or applicable:
   each position's strength is the greatest weight of its arguments; the position whose
   strength is positive and beats every other position under the issue's proof standard
   becomes IN, all others OUT (none IN when no position wins).
5. Steps 3 and 4 repeat until nothing changes; what is left is UNDEC.

Proof standards compare the winner's strength ``w1`` with each rival's ``w2``:
``PE`` (preponderance of the evidence, the default) and ``DV`` (dialectical validity) ask
``w1 > w2``; ``CCE`` (clear and convincing evidence) also ``w1 - w2 > 0.5``; ``BRD`` (beyond
reasonable doubt) also ``w2 < 0.3``.

Weighing functions: ``linked`` (1 when all premises are IN, else 0), ``convergent`` (1 when
one is IN), ``cumulative`` (the share of IN premises), ``factorized`` (0 when a premise is OUT,
else the IN premises over the number of distinct premises of all arguments on the issue),
``constant`` (a fixed weight), ``criteria`` (hard constraints and a weighted sum of soft ones,
reading each criterion's value from the IN position of the premise's issue) and
``preference`` (arguments on an issue ordered by properties of their schemes, e.g. lex
superior; the ``k``-th of ``n`` groups from the weakest weighs ``k/n``).

The rules come from the map's ``metadata.carneades`` (as :mod:`argmap.io.carneades` writes
it: assumptions, issues with their proof standards, schemes). A map written for argmap has
none, so they are derived: propositions that no argument concludes are assumed; the two sides
of each ``rebut`` or ``undermine`` between propositions are positions of one issue (standard
PE); an ``undercut`` of an argument is its undercutter; an argument's ``weight`` scales the
linked weighing function. Attacks on attacks have no counterpart in Carneades and are ignored.
A restatement shares its original's label.

How this differs from :func:`argmap.semantics.evaluate` (Dung): Dung semantics accept an
unattacked statement, Carneades rejects an unassumed statement nobody argues for; Dung
resolves a rebuttal by attack and defence, so two rebutting claims are both undecided,
Carneades weighs their arguments under a proof standard and may decide; and Carneades'
cumulative and constant-weight arguments can carry weight with OUT premises, which no Dung
translation of linked premises allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from argmap.model import ArgumentMap
from argmap.semantics.framework import Label
from argmap.semantics.translate import restatement_originals

__all__ = ["PROOF_STANDARDS", "CarneadesResult", "ProofStandard", "carneades"]

ProofStandard = Literal["DV", "PE", "CCE", "BRD"]
PROOF_STANDARDS: tuple[ProofStandard, ...] = ("DV", "PE", "CCE", "BRD")
"""Carneades' proof standards: dialectical validity, preponderance of the evidence, clear and
convincing evidence, beyond reasonable doubt."""

_ALPHA, _BETA = 0.5, 0.3  # the thresholds of CCE and BRD
_UNDEC: Label = "UNDEC"
_IN: Label = "IN"
_OUT: Label = "OUT"
_EXPECTED: dict[str, Label] = {"in": "IN", "out": "OUT", "undecided": "UNDEC"}


@dataclass
class _Argument:
    id: str
    premises: list[str]
    roles: dict[str, str]
    conclusion: str
    undercutters: list[list[str]]
    scheme: str | None
    weight: float | None


@dataclass
class _Issue:
    id: str
    positions: list[str]
    standard: ProofStandard


@dataclass(frozen=True)
class CarneadesResult:
    """The labels Carneades' rules give a map's statements, and the weights of its arguments."""

    labels: dict[str, Label]
    """Each statement's (and analogy's) label, in map order."""
    weights: dict[str, float]
    """Each argument's weight in the final labelling (0 when undercut or not applicable)."""
    expected: dict[str, Label] = field(default_factory=dict)
    """The labels the map says Carneades should give (its ``tests``), by statement id."""

    def disagreements(self) -> dict[str, tuple[Label, Label]]:
        """The statements whose label differs from the expected one: id to (expected, computed)."""
        return {node: (want, self.labels.get(node, _UNDEC)) for node, want in self.expected.items()
                if self.labels.get(node, _UNDEC) != want}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the ``--format json`` output of ``argmap eval --semantics carneades``)."""
        return {"semantics": "carneades",
                "statements": [{"id": node, "label": label, **({"expected": self.expected[node]}
                                                                if node in self.expected else {})}
                               for node, label in self.labels.items()],
                "arguments": [{"id": node, "weight": weight} for node, weight in self.weights.items()],
                "disagreements": sorted(self.disagreements())}


class _Graph:
    """The map in Carneades' terms: statements, arguments, issues, assumptions and schemes."""

    def __init__(self, map: ArgumentMap) -> None:
        layer = map.metadata.get("carneades") if isinstance(map.metadata, dict) else None
        self.layer: dict[str, Any] = layer if isinstance(layer, dict) else {}
        self.original = restatement_originals(map)
        canon = self.canon
        self.statements = list(dict.fromkeys(
            [canon(s.id) for s in map.statements] + [a.id for a in map.analogies]))
        self.carneades_id = {s.id: str((s.metadata or {}).get("carneades", {}).get("id", s.id))
                             for s in map.statements}
        attacked_args: dict[str, list[list[str]]] = {}
        kinds = {a.id: "argument" for a in map.arguments}
        for attack in map.attacks:
            if attack.type == "undercut" and kinds.get(attack.to) == "argument":
                attacked_args.setdefault(attack.to, []).append([canon(a) for a in attack.attackers])
        self.arguments: list[_Argument] = []
        for argument in map.arguments:
            meta = (argument.metadata or {}).get("carneades", {})
            meta = meta if isinstance(meta, dict) else {}
            premises = [] if meta.get("no_premises") else list(dict.fromkeys(canon(p) for p in argument.premises))
            roles = {str(k): canon(str(v)) for k, v in (meta.get("roles") or {}).items()}
            self.arguments.append(_Argument(argument.id, premises, roles, canon(argument.conclusion),
                                            attacked_args.get(argument.id, []), meta.get("scheme"),
                                            argument.weight))
        self.args_for: dict[str, list[_Argument]] = {}
        for arg in self.arguments:
            self.args_for.setdefault(arg.conclusion, []).append(arg)
        if self.layer:
            self.assumptions = {canon(a) for a in self.layer.get("assumptions", [])}
            self.issues = [_Issue(name, list(dict.fromkeys(canon(p) for p in item.get("positions", []))),
                                  item.get("standard", "PE"))
                           for name, item in (self.layer.get("issues") or {}).items()]
        else:
            self.assumptions = {s for s in self.statements if s not in self.args_for}
            self.issues = self._issues_from_attacks(map)
        self.issue_of: dict[str, _Issue] = {}
        for issue in self.issues:
            for position in issue.positions:
                self.issue_of.setdefault(position, issue)
        self.schemes: dict[str, Any] = {}
        for scheme in self.layer.get("argument_schemes") or []:
            if isinstance(scheme, dict) and scheme.get("id") is not None:
                self.schemes[str(scheme["id"])] = scheme
        self.functions: dict[str, Any] = {str(k).lower(): v for k, v in
                                          (self.layer.get("weighing_functions") or {}).items()}

    def canon(self, node: str) -> str:
        return self.original.get(node, node)

    def _issues_from_attacks(self, map: ArgumentMap) -> list[_Issue]:
        """Rebuts and undermines between propositions, grouped into issues (union-find)."""
        propositions = set(self.statements)
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for attack in map.attacks:
            if attack.type in ("rebut", "undermine") and not attack.joint:
                a, b = self.canon(attack.attackers[0]), self.canon(attack.to)
                if a in propositions and b in propositions and a != b:
                    ra, rb = find(a), find(b)
                    if ra != rb:
                        parent[rb] = ra
        groups: dict[str, list[str]] = {}
        for node in self.statements:
            if node in parent or any(find(node) == node and p == node for p in parent.values()):
                groups.setdefault(find(node), []).append(node)
        return [_Issue(f"issue-{i + 1}", members, "PE") for i, members in enumerate(groups.values())
                if len(members) > 1]


class _Labeller:
    def __init__(self, graph: _Graph) -> None:
        self.g = graph
        self.label: dict[str, Label] = {}

    def of(self, node: str) -> Label:
        return self.label.get(node, _UNDEC)

    def undercut(self, arg: _Argument) -> Label:
        if not arg.undercutters:
            return _OUT
        group_labels = []
        for group in arg.undercutters:
            labels = [self.of(x) for x in group]
            group_labels.append(_OUT if _OUT in labels else _IN if all(x == _IN for x in labels) else _UNDEC)
        if _IN in group_labels:
            return _IN
        return _OUT if all(x == _OUT for x in group_labels) else _UNDEC

    def applicable(self, arg: _Argument) -> bool:
        return self.undercut(arg) == _OUT and all(self.of(p) != _UNDEC for p in arg.premises)

    def weight(self, arg: _Argument) -> float:
        if self.undercut(arg) == _IN or not self.applicable(arg):
            return 0.0
        scheme = self.g.schemes.get(arg.scheme) if arg.scheme else None
        if scheme is not None:
            return self._weigh(scheme.get("weight"), arg, scheme)
        if arg.scheme in ("linked", "convergent", "cumulative", "factorized"):
            return self._basic(str(arg.scheme), arg)
        linked = self._basic("linked", arg)
        return linked * (1.0 if arg.weight is None else arg.weight)

    def _basic(self, name: str, arg: _Argument) -> float:
        labels = [self.of(p) for p in arg.premises]
        if name == "linked":
            return 1.0 if all(x == _IN for x in labels) else 0.0
        if name == "convergent":
            return 1.0 if _IN in labels else 0.0
        if name == "cumulative":
            return labels.count(_IN) / len(labels) if labels else 1.0
        # factorized
        if _OUT in labels:
            return 0.0
        issue = self.g.issue_of.get(arg.conclusion)
        if issue is None:
            total = len(arg.premises)
        else:  # distinct premises of all arguments on the issue (by text, as Carneades counts them)
            total = len({p for position in issue.positions for a in self.g.args_for.get(position, [])
                         for p in a.premises})
        return labels.count(_IN) / total if total else 1.0

    def _weigh(self, spec: Any, arg: _Argument, scheme: Mapping[str, Any]) -> float:
        if spec is None:
            return self._basic("linked", arg)
        if isinstance(spec, str):
            name = spec.lower()
            if name in ("linked", "convergent", "cumulative", "factorized"):
                return self._basic(name, arg)
            if name in self.g.functions:
                return self._weigh(self.g.functions[name], arg, scheme)
            raise ValueError(f"scheme {scheme.get('id')!r} names the weighing function {spec!r}, which is not defined")
        if isinstance(spec, (int, float)):
            return float(spec)
        if isinstance(spec, dict):
            kind = next(iter(spec), None)
            body = spec.get(kind) if kind is not None else None
            kind = str(kind).lower()
            if kind == "constant":
                return float(body)  # type: ignore[arg-type]
            if kind == "criteria":
                return self._criteria(body or {}, arg)
            if kind == "preference":
                return self._preference(body, arg)
        raise ValueError(f"scheme {scheme.get('id')!r} has a weight argmap does not understand: {spec!r}")

    def _criteria(self, body: Mapping[str, Any], arg: _Argument) -> float:
        for role in body.get("hard") or []:
            premise = arg.roles.get(str(role))
            if premise is not None and self.of(premise) == _OUT:
                return 0.0
        soft = body.get("soft") or {}
        total = sum(float(c.get("factor", 0)) for c in soft.values())
        weight = 0.0
        for prop, constraint in soft.items():
            value = self._property_value(str(prop), arg)
            if value is None:
                return 0.0
            factor = float(constraint.get("factor", 0))
            weight += (factor / total if total else 0.0) * float((constraint.get("values") or {}).get(value, 0.0))
        return weight

    def _property_value(self, role: str, arg: _Argument) -> str | None:
        """The object of the IN position of the issue of the premise in ``role`` (``speed(x,fast)`` -> fast)."""
        premise = arg.roles.get(role)
        if premise is None:
            return None
        issue = self.g.issue_of.get(premise)
        for position in issue.positions if issue else [premise]:
            if self.of(position) == _IN:
                parts = self.g.carneades_id.get(position, position).split(",")
                return parts[-1].strip(" )") if len(parts) == 2 else ""
        return None

    def _preference(self, body: Any, arg: _Argument) -> float:
        linked = self._basic("linked", arg)
        issue = self.g.issue_of.get(arg.conclusion)
        if issue is None or linked == 0.0:
            return linked
        orders = body if isinstance(body, list) else [body]
        rivals = [a for position in issue.positions for a in self.g.args_for.get(position, [])]

        def key(a: _Argument) -> tuple[Any, ...]:
            scheme = self.g.schemes.get(a.scheme or "", {})
            meta = scheme.get("meta") or {}
            out: list[Any] = []
            for order in orders:
                value = meta.get(order.get("property"))
                ranking = order.get("order")
                if isinstance(ranking, list):  # explicit, weakest first
                    ranked = [str(v).lower() for v in ranking]
                    out.append(ranked.index(str(value).lower()) if str(value).lower() in ranked else -1)
                elif str(ranking).lower() == "descending":
                    out.append(_Descending(value))
                else:
                    out.append(_Ascending(value))
            return tuple(out)

        groups = sorted({key(a) for a in rivals})
        return (groups.index(key(arg)) + 1) / len(groups)

    def greater(self, standard: ProofStandard, w1: float, w2: float) -> bool:
        if standard in ("DV", "PE"):
            return w1 > w2
        if standard == "CCE":
            return w1 > w2 and w1 - w2 > _ALPHA
        return w1 > w2 and w1 - w2 > _ALPHA and w2 < _BETA

    def run(self) -> dict[str, Label]:
        g = self.g
        for node in g.statements:
            if node in g.assumptions:
                self.label[node] = _IN
            elif not g.args_for.get(node):
                self.label[node] = _OUT
        for issue in g.issues:
            if any(self.of(p) == _IN for p in issue.positions):
                for p in issue.positions:
                    if self.of(p) == _UNDEC:
                        self.label[p] = _OUT
        changed = True
        while changed:
            changed = False
            for node in g.statements:
                if self.of(node) != _UNDEC:
                    continue
                at_issue = g.issue_of.get(node)
                arguments = g.args_for.get(node, [])
                if at_issue is None:
                    if any(self.weight(a) > 0 for a in arguments):
                        self.label[node] = _IN
                        changed = True
                    elif all(self.undercut(a) == _IN or (self.applicable(a) and self.weight(a) == 0)
                             for a in arguments):
                        self.label[node] = _OUT
                        changed = True
                elif self._ready(at_issue):
                    self._resolve(at_issue)
                    changed = True
        return {node: self.of(node) for node in g.statements}

    def _ready(self, issue: _Issue) -> bool:
        return all(self.undercut(a) == _IN or self.applicable(a)
                   for p in issue.positions for a in self.g.args_for.get(p, []))

    def _resolve(self, issue: _Issue) -> None:
        strength = {p: max((self.weight(a) for a in self.g.args_for.get(p, [])), default=0.0)
                    for p in issue.positions}
        winner = None
        for p1 in issue.positions:
            if strength[p1] == 0.0:
                continue
            if all(self.greater(issue.standard, strength[p1], strength[p2]) for p2 in issue.positions if p2 != p1):
                winner = p1
                break
        for p in issue.positions:
            self.label[p] = _IN if p == winner else _OUT


@dataclass(frozen=True, order=False)
class _Ascending:
    value: Any

    def __lt__(self, other: _Ascending) -> bool:
        return _compare(self.value, other.value) < 0

    def __hash__(self) -> int:
        return hash(str(self.value))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Ascending) and str(self.value) == str(other.value)


@dataclass(frozen=True, order=False)
class _Descending:
    value: Any

    def __lt__(self, other: _Descending) -> bool:
        return _compare(self.value, other.value) > 0

    def __hash__(self) -> int:
        return hash(str(self.value))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and str(self.value) == str(other.value)


def _compare(a: Any, b: Any) -> int:
    """Order values of one property: numbers as numbers, anything else as text (ISO dates sort as text)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return (a > b) - (a < b)
    sa, sb = str(a), str(b)
    return (sa > sb) - (sa < sb)


def carneades(map: ArgumentMap) -> CarneadesResult:
    """Label a map's statements by Carneades' rules (see the module docstring).

    Parameters
    ----------
    map : ArgumentMap
        Typically read from a Carneades graph (``argmap.load("graph.yml")``); any valid map works.

    Returns
    -------
    CarneadesResult

    Raises
    ------
    ValueError
        When a scheme names a weighing function the map does not define.

    Examples
    --------
    Tweety: a1 (bird, birds fly, so Tweety flies) is undercut because Tweety is ill; nobody
    argues that Tweety is a penguin, so under Carneades' closed world that is OUT too:

    >>> from argmap.io import carneades as reader
    >>> m = reader.loads('''
    ... statements: {flies: Tweety flies., bird: Tweety is a bird., birdsFly: Birds fly.,
    ...              penguin: Tweety is a penguin., ill: Tweety is ill., "¬app(a1)": a1 does not apply.}
    ... arguments:
    ...   a1: {conclusion: flies, premises: {minor: bird, major: birdsFly}, undercutter: "¬app(a1)"}
    ...   a4: {conclusion: "¬app(a1)", premises: [ill]}
    ... assumptions: [bird, birdsFly, ill]
    ... ''')
    >>> carneades(m).labels
    {'flies': 'OUT', 'bird': 'IN', 'birdsFly': 'IN', 'penguin': 'OUT', 'ill': 'IN', 'not-app-a1': 'IN'}
    """
    from argmap.integrity import ensure_sound

    ensure_sound(map, "evaluate")
    graph = _Graph(map)
    labels = _Labeller(graph)
    by_node = labels.run()
    restated = {s.id: by_node[graph.canon(s.id)] for s in map.statements}
    ordered: dict[str, Label] = {**restated, **{a.id: by_node[a.id] for a in map.analogies}}
    weights = {arg.id: labels.weight(arg) for arg in graph.arguments}
    expected: dict[str, Label] = {}
    for key, label in _EXPECTED.items():
        for node in (graph.layer.get("tests") or {}).get(key, []):
            expected[str(node)] = label
    return CarneadesResult(ordered, weights, expected)

