"""Which statements of a map stand: the map as a Dung framework, evaluated and explained.

The translation (documented with a worked example in ``docs/semantics.md``) gives every
statement, analogy and argument of the map an argument of the same id in the framework,
and adds two kinds of helper argument so that support, which Dung frameworks lack, is
expressed with attacks alone:

* ``not:P`` -- "premise P does not stand": attacked by ``P``, and attacking every argument
  that uses ``P`` as a premise. So an argument stands only if all its premises stand.
* ``unsupported:C`` -- "no argument for C stands": attacked by every argument whose
  conclusion is ``C``, and attacking ``C``. So a proposition that some argument concludes
  stands only if one of those arguments stands. A proposition no argument concludes is an
  *assumption*: it stands unless a standing attacker defeats it.

* ``unfounded:A`` -- "argument A rests on circular support": an unattacked helper attacking
  an argument that no chain of arguments grounds in assumptions (its premises are supported
  only through themselves). Arguments are finite trees of inferences, so such an argument can
  never stand, in any semantics.

Each attack of the map (rebut, undermine, undercut) becomes an attack from its ``from`` to
its ``to``. Helper names contain ``:``, which map ids cannot, so they never collide.

An attack that is itself attacked (an undercut aimed at another attack: "that objection does
not touch the claim") becomes an argument of its own, named by the attack's id, that stands
for "this attack has its force". Like an argument with one premise, it is attacked by
``not:X`` (its attacker ``X`` does not stand) and by whatever attacks the attack; it, rather
than ``X``, attacks the target. Attacks nothing attacks keep the direct form above, so the
framework grows only where the map has attacks on attacks.

:func:`evaluate` computes the labelling(s) of that framework and reads them back in the map's
terms: each statement, analogy and argument gets a status (``IN`` stands, ``OUT`` defeated,
``UNDEC`` undecided) and a :class:`Reason` tree saying why -- for something defeated, the
attacking chain down to the arguments that defeat it and what those stand on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any, Literal

from argmap._perf import gc_paused
from argmap.integrity import ensure_sound
from argmap.model import ArgumentMap, Attack, Statement  # noqa: F401  (Attack, Statement: doctests)
from argmap.semantics.framework import ArgumentationFramework, Label
from argmap.semantics.solve import (
    _IN,
    _OUT,
    _UNDEC,
    Semantics,
    _extension_indices,
    _grounded_codes,
    semantics_name,
)

__all__ = [
    "NOT_PREFIX",
    "UNFOUNDED_PREFIX",
    "UNSUPPORTED_PREFIX",
    "Evaluation",
    "MapFramework",
    "NodeKind",
    "NodeStatus",
    "Reason",
    "evaluate",
    "to_framework",
]

NodeKind = Literal["statement", "analogy", "argument", "attack"]

NOT_PREFIX = "not:"
"""Prefix of the helper argument ``not:P``: premise ``P`` does not stand."""
UNSUPPORTED_PREFIX = "unsupported:"
"""Prefix of the helper argument ``unsupported:C``: no argument concluding ``C`` stands."""
UNFOUNDED_PREFIX = "unfounded:"
"""Prefix of the helper argument ``unfounded:A``: argument ``A`` rests on circular support."""

_LABELS: tuple[Label, Label, Label] = ("UNDEC", "IN", "OUT")


@dataclass(frozen=True)
class MapFramework:
    """A map's argumentation framework, with what is needed to read results back in map terms.

    Attributes
    ----------
    framework : ArgumentationFramework
        Map nodes first (statements, analogies, arguments, in map order), then the helpers.
    kinds : mapping of str to {"statement", "analogy", "argument", "attack"}
        The map nodes, then the attacks that are themselves attacked (evaluated as nodes).
    premises : mapping of str to tuple of str
        Each argument's premises; for an evaluated attack, its attacker (the ``from``).
    supporters : mapping of str to tuple of str
        For each proposition, the arguments that conclude it (absent: an assumption).
    attackers : mapping of str to tuple of str
        For each attacked node, what attacks it in the framework, in map order: the attacking
        proposition, or the attack's own id when that attack is evaluated as a node.
    attack_ids : mapping of (str, str) to tuple of str
        The ids of the map's attacks behind each (attacker, attacked) pair of ``attackers``.
    attack_types : mapping of str to str
        Each attack id's type: rebut, undermine or undercut.
    unfounded : frozenset of str
        The arguments that rest on circular support (see ``unfounded:A`` above).
    """

    framework: ArgumentationFramework
    kinds: Mapping[str, NodeKind]
    premises: Mapping[str, tuple[str, ...]]
    supporters: Mapping[str, tuple[str, ...]]
    attackers: Mapping[str, tuple[str, ...]]
    attack_ids: Mapping[tuple[str, str], tuple[str, ...]]
    attack_types: Mapping[str, str]
    unfounded: frozenset[str] = frozenset()


def to_framework(map: ArgumentMap) -> MapFramework:
    """Translate a map into a Dung argumentation framework (the rules are in the module docstring).

    Parameters
    ----------
    map : ArgumentMap
        A valid map (as :func:`argmap.load` returns).

    Returns
    -------
    MapFramework

    Raises
    ------
    ValueError
        When an attack names a node the map does not have (a map that did not pass validation).

    Examples
    --------
    >>> m = ArgumentMap.model_validate({"argmap": "1",
    ...     "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}, {"id": "x", "text": "X"}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}],
    ...     "attacks": [{"id": "k", "from": "x", "to": "p", "type": "undermine"}]})
    >>> sorted(to_framework(m).framework.attacks)
    [('a', 'unsupported:c'), ('not:p', 'a'), ('p', 'not:p'), ('unsupported:c', 'c'), ('x', 'p')]

    An attack on that attack makes ``k`` an argument of its own, which ``r`` attacks:

    >>> m.attacks.append(Attack.model_validate({"id": "u", "from": "r", "to": "k", "type": "undercut"}))
    >>> m.statements.append(Statement(id="r", text="R"))
    >>> sorted(to_framework(m).framework.attacks)  # doctest: +NORMALIZE_WHITESPACE
    [('a', 'unsupported:c'), ('k', 'p'), ('not:p', 'a'), ('not:x', 'k'), ('p', 'not:p'), ('r', 'k'),
     ('unsupported:c', 'c'), ('x', 'not:x')]
    """
    with gc_paused():  # hundreds of thousands of small objects, no cycles among them
        return _to_framework(map)


def _to_framework(map: ArgumentMap) -> MapFramework:
    kinds: dict[str, NodeKind] = {}
    for statement in map.statements:
        kinds[statement.id] = "statement"
    for analogy in map.analogies:
        kinds[analogy.id] = "analogy"
    for argument in map.arguments:
        kinds[argument.id] = "argument"
    # a premise listed twice (only possible in maps built without validation) counts once
    premises = {argument.id: tuple(dict.fromkeys(argument.premises)) for argument in map.arguments}
    conclusion_of = {argument.id: argument.conclusion for argument in map.arguments}
    supporters: dict[str, list[str]] = {}
    used_as_premise: dict[str, list[str]] = {}
    for argument_id, its_premises in premises.items():
        supporters.setdefault(conclusion_of[argument_id], []).append(argument_id)
        for premise in its_premises:
            used_as_premise.setdefault(premise, []).append(argument_id)
    unfounded = _unfounded(premises, conclusion_of, supporters, used_as_premise, kinds)
    # Attacks that are attacked become nodes: "attack k has its force", with its attacker as premise.
    # So do joint attacks: "the attack has force" rests on all its attackers, as linked premises do.
    all_attacks = {attack.id for attack in map.attacks}
    for attack in map.attacks:
        if attack.to in all_attacks and attack.to not in kinds:
            kinds[attack.to] = "attack"
        if attack.joint and attack.id not in kinds:
            kinds[attack.id] = "attack"
    # ``not:P`` attacks the arguments using P, and the evaluated attacks made by P
    denied_by: dict[str, list[str]] = {premise: list(users) for premise, users in used_as_premise.items()}
    attackers: dict[str, list[str]] = {}
    attack_ids: dict[tuple[str, str], list[str]] = {}
    attack_types: dict[str, str] = {}
    for attack in map.attacks:
        sources_of = attack.attackers
        if attack.to not in kinds or any(kinds.get(a) not in ("statement", "analogy") for a in sources_of):
            raise ValueError(f"attack {attack.id!r} goes from {attack.from_!r} to {attack.to!r}, which this map "
                             "does not have as a proposition and a node; validate the map first")
        attack_types[attack.id] = attack.type
        attacker = sources_of[0]
        if kinds.get(attack.id) == "attack":
            premises[attack.id] = tuple(sources_of)
            for source in sources_of:
                denied_by.setdefault(source, []).append(attack.id)
            attacker = attack.id
        ids = attack_ids.setdefault((attacker, attack.to), [])
        ids.append(attack.id)
        if len(ids) == 1:
            attackers.setdefault(attack.to, []).append(attacker)

    # Every pair below is distinct by construction, so the framework is built from index arrays.
    names = list(kinds)
    names.extend(NOT_PREFIX + premise for premise in denied_by)
    names.extend(UNSUPPORTED_PREFIX + conclusion for conclusion in supporters)
    names.extend(UNFOUNDED_PREFIX + argument_id for argument_id in premises if argument_id in unfounded)
    index = {name: i for i, name in enumerate(names)}
    sources: list[int] = []
    targets: list[int] = []
    for premise, users in denied_by.items():
        helper = index[NOT_PREFIX + premise]
        sources.append(index[premise])
        targets.append(helper)
        for user in users:
            sources.append(helper)
            targets.append(index[user])
    for conclusion, arguments in supporters.items():
        helper = index[UNSUPPORTED_PREFIX + conclusion]
        for argument_id in arguments:
            sources.append(index[argument_id])
            targets.append(helper)
        sources.append(helper)
        targets.append(index[conclusion])
    for argument_id in premises:
        if argument_id in unfounded:
            sources.append(index[UNFOUNDED_PREFIX + argument_id])
            targets.append(index[argument_id])
    for attacker, target in attack_ids:
        sources.append(index[attacker])
        targets.append(index[target])
    framework = ArgumentationFramework.from_indices(len(names), sources, targets, names)
    return MapFramework(
        framework=framework,
        kinds=kinds,
        premises=premises,
        supporters={key: tuple(value) for key, value in supporters.items()},
        attackers={key: tuple(value) for key, value in attackers.items()},
        attack_ids={key: tuple(value) for key, value in attack_ids.items()},
        attack_types=attack_types,
        unfounded=unfounded,
    )


def _unfounded(premises: Mapping[str, tuple[str, ...]], conclusion_of: Mapping[str, str],
               supporters: Mapping[str, list[str]], used_as_premise: Mapping[str, list[str]],
               kinds: Mapping[str, NodeKind]) -> frozenset[str]:
    """The arguments not grounded in assumptions by any finite chain of arguments.

    A least fixpoint over support alone (attacks ignored), computed like Horn satisfiability:
    assumptions are grounded; an argument is grounded once all its premises are; a proposition
    once one of its arguments is. Linear in the size of the map.
    """
    missing = {argument_id: len(its_premises) for argument_id, its_premises in premises.items()}
    queue = [node for node, kind in kinds.items() if kind != "argument" and node not in supporters]
    grounded = set(queue)
    while queue:
        proposition = queue.pop()
        for argument_id in used_as_premise.get(proposition, ()):
            missing[argument_id] -= 1
            if missing[argument_id] == 0:
                target = conclusion_of[argument_id]
                if target not in grounded:
                    grounded.add(target)
                    queue.append(target)
    return frozenset(argument_id for argument_id, count in missing.items() if count > 0)


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a node has its status: a rule, the attacks involved, and the reasons it rests on.

    Rules:

    ========================  ======  ==========================================================
    rule                      status  meaning
    ========================  ======  ==========================================================
    ``assumption``            IN      no argument concludes it, and every attacker is defeated
    ``supported``             IN      an argument concluding it stands, every attacker defeated
    ``holds``                 IN      (argument) every premise stands, every undercutter defeated
    ``rebut``                 OUT     a standing proposition rebuts it (``attacks`` names how)
    ``undermine``             OUT     a standing proposition undermines it
    ``undercut``              OUT     (argument) a standing proposition undercuts it
    ``unsupported``           OUT     arguments conclude it, and none of them stands
    ``premise``               OUT     (argument) one of its premises does not stand
    ``circular``              OUT     (argument) its premises are supported only through
                                      themselves: no chain of arguments grounds it in assumptions
    ``undecided-attacker``    UNDEC   an attacker is undecided, none stands
    ``undecided-support``     UNDEC   no argument for it stands, one is undecided
    ``undecided-premise``     UNDEC   (argument) a premise is undecided, none is defeated
    ``contested``             UNDEC   it stands in some extensions, not in others
    ``no-extension``          UNDEC   the semantics gives no extension at all (stable)
    ``cycle``                 any     the node appears again further up: a cycle
    ``see-above``             any     already explained earlier in the same tree
    ``truncated``             any     the explanation is cut here (depth or size limit)
    ========================  ======  ==========================================================

    An attack evaluated as a node (kind ``attack``, see :func:`to_framework`) follows the
    argument rules with its attacker as its one premise: ``holds`` (it keeps its force),
    ``undercut``, ``premise`` (its attacker does not stand) and the undecided ones.

    ``because`` holds the reasons of the nodes this one depends on: the defeating attacker for
    ``rebut``/``undermine``/``undercut``, the failed premise or arguments for ``premise`` and
    ``unsupported``, the standing argument and the defeated attackers for ``supported``, ...
    """

    node: str
    kind: NodeKind
    status: Label
    rule: str
    attacks: tuple[str, ...] = ()
    because: tuple[Reason, ...] = ()
    detail: str | None = None

    def describe(self) -> str:
        """One line in plain English, e.g. ``'safer is defeated: none of its arguments stands (a-injuries)'``."""
        node = self.node
        children = [reason.node for reason in self.because]
        via = f" ({', '.join(self.attacks)})" if self.attacks else ""
        first = children[0] if children else "?"
        rule = self.rule
        through_attack = bool(self.because) and self.because[0].kind == "attack"
        if self.kind == "attack":  # an attack evaluated as a node: its own wording where it differs
            subject = f"attack {node}"
            if rule == "holds":
                against = f", and what attacks the attack fails ({', '.join(children[1:])})" if children[1:] else \
                    " and nothing defeats the attack"
                return f"{subject} keeps its force: its attacker {first} stands{against}"
            if rule == "undercut":
                by = (f"through attack {first}, which keeps its force" if through_attack
                      else f"by {first}{via}, which stands")
                return f"{subject} loses its force: undercut {by}"
            if rule == "premise":
                return f"{subject} has no force: its attacker {first} does not stand"
            if rule == "undecided-premise":
                return f"{subject} is undecided: its attacker {first} is undecided"
        else:
            subject = node
        if rule == "assumption":
            if children:
                return f"{node} stands: an assumption whose attackers are all defeated ({', '.join(children)})"
            return f"{node} stands: an assumption nothing defeats"
        if rule == "supported":
            if len(children) > 1:
                return (f"{node} stands: argument {first} for it holds, and its attackers are defeated "
                        f"({', '.join(children[1:])})")
            return f"{node} stands: argument {first} for it holds"
        if rule == "holds":
            return f"{node} holds: its premises stand and nothing defeats the inference"
        if rule in ("rebut", "undermine", "undercut"):
            verb = {"rebut": "rebutted", "undermine": "undermined", "undercut": "undercut"}[rule]
            if through_attack:
                return f"{node} is defeated: {verb} through attack {first}, which keeps its force"
            return f"{node} is defeated: {verb} by {first}{via}, which stands"
        if rule == "unsupported":
            return f"{node} is defeated: none of its arguments holds ({', '.join(children)})"
        if rule == "premise":
            return f"{node} fails: its premise {first} does not stand"
        if rule == "circular":
            return f"{node} fails: circular support, its premise {first} is supported only in a circle"
        if rule == "undecided-attacker":
            if through_attack:
                return f"{subject} is undecided: whether attack {first} on it keeps its force is undecided"
            return f"{subject} is undecided: attacked by {first}{via}, which is undecided"
        if rule == "undecided-support":
            return f"{node} is undecided: its argument {first} is undecided and none holds"
        if rule == "undecided-premise":
            return f"{node} is undecided: its premise {first} is undecided"
        if rule in ("contested", "no-extension"):
            return f"{subject} is undecided: {self.detail}"
        if rule == "cycle":
            return f"{subject} ({self.status}) again: the chain is a cycle"
        if rule == "see-above":
            return f"{subject} ({self.status}): see above"
        return f"{subject} ({self.status}): ..."

    def lines(self, indent: str = "  ") -> list[str]:
        """The tree as indented lines, one :meth:`describe` per reason."""
        out: list[str] = []
        stack: list[tuple[Reason, int]] = [(self, 0)]
        while stack:
            reason, depth = stack.pop()
            out.append(indent * depth + reason.describe())
            stack.extend((child, depth + 1) for child in reversed(reason.because))
        return out

    def chain(self) -> list[Reason]:
        """The main line of the tree: this reason, then each first sub-reason, to the end."""
        steps = [self]
        while steps[-1].because:
            steps.append(steps[-1].because[0])
        return steps

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        data: dict[str, Any] = {"node": self.node, "kind": self.kind, "status": self.status, "rule": self.rule}
        if self.attacks:
            data["attacks"] = list(self.attacks)
        if self.detail:
            data["detail"] = self.detail
        if self.because:
            data["because"] = [reason.to_dict() for reason in self.because]
        return data


@dataclass(frozen=True)
class NodeStatus:
    """The status of one statement, analogy or argument; :attr:`why` explains it (built on first use)."""

    id: str
    kind: NodeKind
    status: Label
    accepted_in: int
    """In how many of the semantics' extensions the node stands."""
    explain: Callable[[], Reason] = field(repr=False, compare=False)

    @cached_property
    def why(self) -> Reason:
        """Why the node has its status: a :class:`Reason` tree."""
        return self.explain()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {"id": self.id, "kind": self.kind, "status": self.status, "accepted_in": self.accepted_in,
                "why": self.why.to_dict()}


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`: a status and a reason for every node of the map.

    The nodes are the statements, analogies and arguments, then the attacks that are
    themselves attacked (kind ``attack``; IN means the attack keeps its force).

    With one extension (grounded, or a map whose preferred/stable extension is unique) the
    status is the node's label in it. With several, a node is IN when it stands in every
    extension (sceptically accepted), OUT when it is defeated in every one, and UNDEC
    otherwise (``accepted_in`` says in how many it stands). With none (stable semantics
    only), every node is UNDEC.
    """

    semantics: Semantics
    extensions: int
    nodes: dict[str, NodeStatus]
    framework: MapFramework = field(repr=False)

    def __getitem__(self, node: str) -> NodeStatus:
        return self.nodes[node]

    def __iter__(self) -> Iterator[NodeStatus]:
        return iter(self.nodes.values())

    def status(self, node: str) -> Label:
        """The status of one node."""
        return self.nodes[node].status

    def standing(self) -> list[str]:
        """The ids of the nodes that stand (IN), in map order."""
        return [node.id for node in self.nodes.values() if node.status == "IN"]

    def counts(self) -> dict[Label, int]:
        """How many nodes are IN, OUT and UNDEC."""
        result: dict[Label, int] = {"IN": 0, "OUT": 0, "UNDEC": 0}
        for node in self.nodes.values():
            result[node.status] += 1
        return result

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the ``--format json`` output of ``argmap eval``)."""
        return {"semantics": self.semantics, "extensions": self.extensions, "counts": self.counts(),
                "nodes": [node.to_dict() for node in self.nodes.values()]}


# --- evaluation ---------------------------------------------------------------------------------


@dataclass
class _Frame:
    """A reason under construction in :meth:`_Explainer.explain`."""

    node: str
    kind: NodeKind
    status: Label
    rule: str
    attacks: tuple[str, ...]
    dependencies: list[str]
    children: list[Reason] = field(default_factory=list)
    next: int = 0


class _Explainer:
    """Builds :class:`Reason` trees over one labelling of a map framework."""

    def __init__(self, mf: MapFramework, codes: Mapping[str, int], rank: Mapping[str, int] | None,
                 max_depth: int, max_nodes: int) -> None:
        self.mf = mf
        self.codes = codes
        self.rank = rank
        self.max_depth = max_depth
        self.max_nodes = max_nodes

    def _first(self, candidates: Sequence[str], code: int) -> str | None:
        matching = [c for c in candidates if self.codes[c] == code]
        if not matching:
            return None
        if self.rank is None:
            return matching[0]
        rank = self.rank
        return min(matching, key=lambda c: rank[c])

    def explain(self, root: str) -> Reason:
        """The reason tree of ``root``, built depth-first with an explicit stack (no recursion)."""
        path: set[str] = set()
        seen: set[str] = set()
        size = 0

        def open_(node: str, depth: int) -> Reason | _Frame:
            nonlocal size
            kind = self.mf.kinds[node]
            status = _LABELS[self.codes[node]]
            if node in path:
                return Reason(node, kind, status, "cycle")
            if node in seen:
                return Reason(node, kind, status, "see-above")
            if depth >= self.max_depth or size >= self.max_nodes:
                return Reason(node, kind, status, "truncated")
            seen.add(node)
            path.add(node)
            size += 1
            rule, attacks, dependencies = self._rule(node, kind, self.codes[node])
            return _Frame(node, kind, status, rule, attacks, dependencies)

        first = open_(root, 0)
        if isinstance(first, Reason):
            return first
        stack = [first]
        while True:
            frame = stack[-1]
            if frame.next < len(frame.dependencies):
                dependency = frame.dependencies[frame.next]
                frame.next += 1
                child = open_(dependency, len(stack))
                if isinstance(child, Reason):
                    frame.children.append(child)
                else:
                    stack.append(child)
                continue
            stack.pop()
            path.discard(frame.node)
            reason = Reason(frame.node, frame.kind, frame.status, frame.rule, frame.attacks, tuple(frame.children))
            if not stack:
                return reason
            stack[-1].children.append(reason)

    def _rule(self, node: str, kind: NodeKind, code: int) -> tuple[str, tuple[str, ...], list[str]]:
        """The rule that gives ``node`` its label, the attack ids involved, and the nodes it rests on.

        When several attackers could explain an OUT label, the one labelled first in the
        grounded propagation is chosen (the framework attacker with the lowest rank), so the
        chain of reasons is well-founded.
        """
        mf = self.mf
        codes = self.codes
        attackers = mf.attackers.get(node, ())
        if kind in ("argument", "attack"):  # an evaluated attack is an argument with its attacker as premise
            premises = mf.premises[node]
            if code == _IN:
                return "holds", (), [*premises, *attackers]
            if code == _OUT:
                options = [(a, ("undercut", a)) for a in attackers if codes[a] == _IN]
                options += [(NOT_PREFIX + p, ("premise", p)) for p in premises if codes[p] == _OUT]
                if node in mf.unfounded:
                    circular = next(p for p in premises if p in mf.supporters
                                    and all(a in mf.unfounded for a in mf.supporters[p]))
                    options.insert(0, (UNFOUNDED_PREFIX + node, ("circular", circular)))
                rule, culprit = self._earliest(options)
                ids = mf.attack_ids[(culprit, node)] if rule == "undercut" else ()
                return rule, ids, [culprit]
            attacker = self._first(attackers, _UNDEC)
            if attacker is not None:
                return "undecided-attacker", mf.attack_ids[(attacker, node)], [attacker]
            premise = self._first(premises, _UNDEC)
            assert premise is not None
            return "undecided-premise", (), [premise]
        supporters = mf.supporters.get(node)
        if code == _IN:
            if supporters is None:
                return "assumption", (), list(attackers)
            supporter = self._first(supporters, _IN)
            assert supporter is not None
            return "supported", (), [supporter, *attackers]
        if code == _OUT:
            options = [(a, ("attack", a)) for a in attackers if codes[a] == _IN]
            if supporters is not None and all(codes[s] == _OUT for s in supporters):
                options.append((UNSUPPORTED_PREFIX + node, ("unsupported", node)))
            rule, culprit = self._earliest(options)
            if rule == "unsupported":
                return "unsupported", (), list(supporters or ())
            ids = mf.attack_ids[(culprit, node)]
            return mf.attack_types[ids[0]], ids, [culprit]
        attacker = self._first(attackers, _UNDEC)
        if attacker is not None:
            return "undecided-attacker", mf.attack_ids[(attacker, node)], [attacker]
        assert supporters is not None
        supporter = self._first(supporters, _UNDEC)
        assert supporter is not None
        return "undecided-support", (), [supporter]

    def _earliest(self, options: list[tuple[str, tuple[str, str]]]) -> tuple[str, str]:
        """Of several framework attackers that are IN, the payload of the one labelled first."""
        assert options, "an OUT node has an IN attacker in every complete labelling"
        if self.rank is None:
            return options[0][1]
        rank = self.rank
        return min(options, key=lambda option: rank[option[0]])[1]


def evaluate(map: ArgumentMap, semantics: Semantics | str = "grounded", *, max_extensions: int = 1000,
             max_depth: int = 12, max_reasons: int = 200) -> Evaluation:
    """Which statements, analogies and arguments of a map stand, and why.

    Parameters
    ----------
    map : ArgumentMap
    semantics : {"grounded", "preferred", "stable", "complete"}
        Grounded (the default) accepts only what must be accepted and explains it along
        well-founded chains; the others may give several extensions (see :class:`Evaluation`).
    max_extensions : int
        Refuse maps with more extensions than this under the chosen semantics.
    max_depth, max_reasons : int
        Bounds on each explanation tree: depth (1 to 100) and number of reasons. Explanations
        are built when first asked for (:attr:`NodeStatus.why`), so evaluating a large map
        costs little more than its labelling.

    Returns
    -------
    Evaluation

    Raises
    ------
    MapError
        When the map has structural errors (e.g. a premise naming no node), as
        :func:`argmap.validate` reports them.
    ValueError
        For an unknown semantics, ``max_depth`` out of range, or more than ``max_extensions``
        extensions.

    Examples
    --------
    >>> m = ArgumentMap.model_validate({"argmap": "1",
    ...     "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}, {"id": "x", "text": "X"}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}],
    ...     "attacks": [{"id": "k", "from": "x", "to": "p", "type": "undermine"}]})
    >>> result = evaluate(m)
    >>> result.status("c"), result.standing()
    ('OUT', ['x'])
    >>> for line in result["c"].why.lines():
    ...     print(line)
    c is defeated: none of its arguments holds (a)
      a fails: its premise p does not stand
        p is defeated: undermined by x (k), which stands
          x stands: an assumption nothing defeats
    """
    ensure_sound(map, "evaluate")
    name = semantics_name(semantics)
    if not 1 <= max_depth <= 100:
        raise ValueError(f"max_depth must be between 1 and 100, got {max_depth}")
    with gc_paused():
        return _evaluate(map, name, max_extensions, max_depth, max_reasons)


def _evaluate(map: ArgumentMap, name: Semantics, max_extensions: int, max_depth: int,
              max_reasons: int) -> Evaluation:
    mf = to_framework(map)
    af = mf.framework
    nodes_in_order = list(mf.kinds)
    statuses: dict[str, NodeStatus] = {}
    if name == "grounded":
        codes, rank = _grounded_codes(af, ranks=True)
        assert rank is not None
        code_of = dict(zip(af.arguments, codes, strict=True))
        explainer = _Explainer(mf, code_of, dict(zip(af.arguments, rank, strict=True)), max_depth, max_reasons)
        for node in nodes_in_order:
            code = code_of[node]
            statuses[node] = NodeStatus(node, mf.kinds[node], _LABELS[code], int(code == _IN),
                                        partial(explainer.explain, node))
        return Evaluation(name, 1, statuses, mf)
    labellings: list[dict[str, int]] = []
    for extension in _extension_indices(af, name):
        if len(labellings) >= max_extensions:
            raise ValueError(f"the map has more than {max_extensions} {name} extensions; "
                             "use grounded semantics or raise max_extensions")
        labellings.append(_codes_of(af, extension))
    if not labellings:
        detail = f"there is no {name} extension"
        for node in nodes_in_order:
            kind = mf.kinds[node]
            reason = Reason(node, kind, "UNDEC", "no-extension", detail=detail)
            statuses[node] = NodeStatus(node, kind, "UNDEC", 0, partial(_given, reason))
        return Evaluation(name, 0, statuses, mf)
    explainers = [_Explainer(mf, codes_, None, max_depth, max_reasons) for codes_ in labellings]
    total = len(labellings)
    for node in nodes_in_order:
        kind = mf.kinds[node]
        labels = [codes_[node] for codes_ in labellings]
        accepted = labels.count(_IN)
        if all(label == labels[0] for label in labels):
            statuses[node] = NodeStatus(node, kind, _LABELS[labels[0]], accepted,
                                        partial(explainers[0].explain, node))
            continue
        where = labels.index(_OUT) if _OUT in labels else labels.index(_UNDEC)
        detail = f"it stands in {accepted} of {total} {name} extensions; in extension {where + 1}:"
        statuses[node] = NodeStatus(node, kind, "UNDEC", accepted,
                                    partial(_contested, explainers[where], node, kind, detail))
    return Evaluation(name, total, statuses, mf)


def _given(reason: Reason) -> Reason:
    return reason


def _contested(explainer: _Explainer, node: str, kind: NodeKind, detail: str) -> Reason:
    return Reason(node, kind, "UNDEC", "contested", (), (explainer.explain(node),), detail)


def _codes_of(af: ArgumentationFramework, extension: list[int]) -> dict[str, int]:
    """The label codes of every argument in an extension's labelling."""
    ptr, idx = af._out_csr()
    codes = bytearray(af.number_of_arguments)
    for i in extension:
        for j in idx[ptr[i]:ptr[i + 1]]:
            codes[j] = _OUT
    for i in extension:
        codes[i] = _IN
    return dict(zip(af.arguments, codes, strict=True))
