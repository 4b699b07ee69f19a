"""Why a node of an evaluated map has its status: :class:`Reason` trees over one labelling.

A reason names the rule that gives the node its label (the table in :class:`Reason`), the
attacks involved, and the reasons of the nodes it rests on, down to unattacked assumptions.
:class:`Explainer` builds them from a map's framework (:mod:`argmap.semantics.translate`)
and a labelling, depth-first without recursion, within bounds on depth and size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from argmap.semantics.framework import Label
from argmap.semantics.solve import CODE_IN as _IN
from argmap.semantics.solve import CODE_OUT as _OUT
from argmap.semantics.solve import CODE_UNDEC as _UNDEC
from argmap.semantics.translate import NOT_PREFIX, UNFOUNDED_PREFIX, UNSUPPORTED_PREFIX, MapFramework, NodeKind

__all__ = ["LABELS", "Explainer", "Reason"]

LABELS: tuple[Label, Label, Label] = ("UNDEC", "IN", "OUT")
"""The label of each code (:data:`argmap.semantics.solve.CODE_UNDEC` ...)."""
_LABELS = LABELS


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
    ``restatement``           any     (statement) it restates another statement (``restates``),
                                      is the same proposition, and shares its status
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
            joint = self.detail.split(", ") if self.detail and rule in ("holds", "premise",
                                                                        "undecided-premise") else []
            if rule == "holds":
                rest = children[len(joint):] if joint else children[1:]
                against = f", and what attacks the attack fails ({', '.join(rest)})" if rest else \
                    " and nothing defeats the attack"
                if joint:
                    return f"{subject} keeps its force: its joint attackers {_and(joint)} all stand{against}"
                return f"{subject} keeps its force: its attacker {first} stands{against}"
            if joint and rule == "premise":
                return f"{subject} has no force: {first}, one of its joint attackers ({_and(joint)}), does not stand"
            if joint and rule == "undecided-premise":
                return f"{subject} is undecided: {first}, one of its joint attackers ({_and(joint)}), is undecided"
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
        if rule == "restatement":
            verb = {"IN": "stands", "OUT": "is defeated", "UNDEC": "is undecided"}[self.status]
            return f"{node} {verb}: it restates {self.detail or first}, the same proposition, and shares its status"
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


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Explainer:
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
            reason = Reason(frame.node, frame.kind, frame.status, frame.rule, frame.attacks, tuple(frame.children),
                            self._joint(frame.node, frame.kind, frame.rule))
            if not stack:
                return reason
            stack[-1].children.append(reason)

    def _joint(self, node: str, kind: NodeKind, rule: str) -> str | None:
        """For a joint attack (format 1.1, ``from: [a, b]``), its attackers, named in its reason."""
        if kind != "attack" or rule not in ("holds", "premise", "undecided-premise"):
            return None
        premises = self.mf.premises[node]
        return ", ".join(premises) if len(premises) > 1 else None

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


