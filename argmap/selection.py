"""Choosing what a view of a map shows: the overview, a focus neighbourhood, and what each hides.

These are graph-layer functions: they take a map and return a smaller map (always a valid one:
every reference inside it resolves) together with counts of what was left out, so that a
drawing can mark each cut with a stub ("＋12"). The renderer draws what it is given and does
not choose for itself.

The overview rule
-----------------
An overview keeps the author's main conclusions (``main_conclusions``, else the propositions
that support or attack nothing) and grows outwards from them one reasoning step at a time,
breadth first, until a budget of propositions is spent:

1. nearer steps first (a direct reason for a main conclusion before a reason for a reason);
2. at the same distance, attacks before supports, so that where the essay is attacked stays
   visible (an attack on a kept node or on a kept inference, and then the replies to it);
3. then the step that carries more of the map (more propositions below it) first;
4. an argument is taken whole (all its linked premises) or not at all, and so is a joint attack;
5. a main conclusion is not drawn as a premise of another drawn node: that would pull it below
   the claim it supports, out of the top row where a reader looks for what the essay claims
   (the link is in the full view).

Everything not kept is counted against the kept node it hangs from (its nearest kept node
going down the lines of support and attack), by what it is: supports, attacks, analogies.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.model import ArgumentMap, propositions

__all__ = ["OVERVIEW_BUDGET", "Hidden", "View", "focus_view", "full_view", "hidden_counts", "overview_map",
           "overview_view", "restrict"]

OVERVIEW_BUDGET = 22
"""Default number of propositions an overview keeps (what fits 1920×1080 with labels of 11 px or more)."""


@dataclass(frozen=True)
class Hidden:
    """What a view leaves out below (or, in a focus view, around) one of its nodes.

    Attributes
    ----------
    supports : int
        Propositions that support it, directly or through other hidden ones.
    attacks : int
        Propositions that attack it or a hidden supporter (objections, and replies to them).
    analogies : int
        Analogies among the hidden propositions.
    conclusions : int
        In a focus view: propositions beyond the drawn depth in the direction of reasoning (what it
        leads to, and what else hangs from those: co-premises, their reasons and objections).
    """

    supports: int = 0
    attacks: int = 0
    analogies: int = 0
    conclusions: int = 0

    @property
    def total(self) -> int:
        """How many propositions are hidden here."""
        return self.supports + self.attacks + self.analogies + self.conclusions


@dataclass(frozen=True)
class View:
    """A map prepared for drawing: the part to draw and what each cut hides.

    Attributes
    ----------
    map : ArgumentMap
        The part of the map to draw (a valid map of its own).
    hidden : dict of str to Hidden
        For a drawn node (proposition or argument), what hangs from it and is not drawn.
    main : list of str
        The main conclusions of the whole map that are drawn (a focus view must not mistake
        the edge of its neighbourhood for a main conclusion).
    focus : str, optional
        The focused node of a focus view.
    kind : {"full", "overview", "focus"}
    unplaced : int
        Hidden propositions that hang from no drawn node (parts of the map not connected to it).
    """

    map: ArgumentMap
    hidden: dict[str, Hidden] = field(default_factory=dict)
    main: list[str] = field(default_factory=list)
    focus: str | None = None
    kind: str = "full"
    unplaced: int = 0


def _main_conclusions(map: ArgumentMap) -> list[str]:
    from argmap.graph import final_propositions

    known = {n.id for n in propositions(map)}
    declared = [c for c in map.main_conclusions if c in known]
    return declared or final_propositions(map)


def full_view(map: ArgumentMap) -> View:
    """The whole map as a :class:`View` (nothing hidden)."""
    return View(map, {}, _main_conclusions(map), None, "full", 0)


def restrict(map: ArgumentMap, nodes: Iterable[str]) -> ArgumentMap:
    """The part of a map made of the given propositions, arguments and attacks.

    Arguments keep only their premises inside the set (and are dropped with none left or
    without their conclusion); attacks are kept when all their attackers and their target are
    kept. Sections and main conclusions follow the propositions kept. The result is valid.
    """
    keep = set(nodes)
    arguments = []
    for argument in map.arguments:
        premises = [p for p in argument.premises if p in keep]
        if argument.id in keep and premises and argument.conclusion in keep:
            arguments.append(argument if len(premises) == len(argument.premises)
                             else argument.model_copy(update={"premises": premises}))
    kept = {n.id for n in propositions(map) if n.id in keep}
    targets = kept | {a.id for a in arguments}
    attacks = [a for a in map.attacks if a.id in keep and all(f in kept for f in a.attackers)]
    # an attack on an attack stays only if that attack stays (repeat: chains of undercuts)
    while True:
        ids = {a.id for a in attacks}
        narrowed = [a for a in attacks if a.to in targets or a.to in ids]
        if len(narrowed) == len(attacks):
            break
        attacks = narrowed
    used_sections = {n.section for n in propositions(map) if n.id in kept}
    statements = []
    for statement in map.statements:
        if statement.id in kept:
            if statement.restates is not None and statement.restates not in kept:
                statement = statement.model_copy(update={"restates": None})
            statements.append(statement)
    return map.model_copy(update={
        "statements": statements,
        "analogies": [a for a in map.analogies if a.id in kept],
        "arguments": arguments,
        "attacks": attacks,
        "sections": [s for s in map.sections if s.id in used_sections],
        "main_conclusions": [c for c in map.main_conclusions if c in kept],
    })


class _Index:
    """Who supports and attacks what, as plain dictionaries (no graph library needed)."""

    def __init__(self, map: ArgumentMap) -> None:
        self.analogies = {a.id for a in map.analogies}
        self.propositions = [n.id for n in propositions(map)]
        self.arguments = {a.id: a for a in map.arguments}
        self.attacks = {a.id: a for a in map.attacks}
        self.for_: dict[str, list[str]] = {}      # node -> arguments concluding it
        self.against: dict[str, list[str]] = {}   # node (proposition, argument, attack) -> attacks on it
        self.uses: dict[str, list[str]] = {}      # proposition -> arguments and attacks it takes part in
        for argument in map.arguments:
            self.for_.setdefault(argument.conclusion, []).append(argument.id)
            for premise in argument.premises:
                self.uses.setdefault(premise, []).append(argument.id)
        for attack in map.attacks:
            self.against.setdefault(attack.to, []).append(attack.id)
            for attacker in attack.attackers:
                self.uses.setdefault(attacker, []).append(attack.id)

    def sources(self, step: str) -> list[str]:
        """The propositions an argument or attack starts from."""
        argument = self.arguments.get(step)
        return list(argument.premises) if argument is not None else self.attacks[step].attackers

    def below(self, node: str) -> list[tuple[str, str]]:
        """The steps into ``node`` (its arguments and attacks on it), with their kind."""
        return ([(a, "support") for a in self.for_.get(node, [])]
                + [(a, "attack") for a in self.against.get(node, [])])

    def carried(self) -> dict[str, int]:
        """For each proposition, how many propositions lie below it (support and attack), capped."""
        memo: dict[str, int] = {}
        for start in self.propositions:
            seen = {start}
            queue = deque([start])
            while queue and len(seen) < 500:  # a cap keeps this linear on huge maps; order is what matters
                node = queue.popleft()
                for step, _ in self.below(node):
                    for step_below, _ in self.below(step):  # attacks on the inference itself
                        for source in self.sources(step_below):
                            if source not in seen:
                                seen.add(source)
                                queue.append(source)
                    for source in self.sources(step):
                        if source not in seen:
                            seen.add(source)
                            queue.append(source)
            memo[start] = len(seen) - 1
        return memo


def hidden_counts(map: ArgumentMap, kept: Iterable[str], *, upward: bool = False) -> tuple[dict[str, Hidden], int]:
    """Count what a selection leaves out, per kept node it hangs from.

    Starting from every kept node at once, a breadth-first walk goes down the lines of support
    and attack (and, with ``upward``, also up to conclusions: a focus view's cut-off
    neighbours). Each hidden proposition is counted once, against the kept node that reaches it
    first, as a support, an attack (reached through an attack), an analogy, or a conclusion.

    Returns
    -------
    (dict of str to Hidden, int)
        The counts per kept node, and how many hidden propositions hang from no kept node.
    """
    index = _Index(map)
    kept_set = set(kept)
    owner: dict[str, str] = {}
    kinds: dict[str, str] = {}
    position = {n.id: i for i, n in enumerate([*propositions(map), *map.arguments, *map.attacks])}
    ordered = sorted(kept_set, key=lambda node: position.get(node, len(position)))  # map order: deterministic
    queue: deque[tuple[str, str]] = deque((node, node) for node in ordered)
    seen = set(kept_set)
    while queue:
        node, root = queue.popleft()
        steps = index.below(node)
        if node in index.arguments or node in index.attacks:
            steps = [(a, "attack") for a in index.against.get(node, [])]
            inherited = kinds.get(node, "support")
            for source in index.sources(node):
                steps.append((source, inherited))
        reached: list[tuple[str, str]] = []
        for step, kind in steps:
            if step in index.arguments or step in index.attacks:
                if step not in seen:
                    seen.add(step)
                    kinds[step] = kind
                    queue.append((step, root))
            else:
                reached.append((step, kind))
        if upward and node not in index.arguments and node not in index.attacks:
            for step in index.uses.get(node, []):
                if step in seen:
                    continue
                seen.add(step)
                kinds[step] = "conclusion"
                queue.append((step, root))  # its other premises and the attacks on it hang here too
                target = index.arguments[step].conclusion if step in index.arguments else index.attacks[step].to
                if target not in seen:
                    reached.append((target, "conclusion"))
        for proposition, kind in reached:
            if proposition in seen:
                continue
            seen.add(proposition)
            owner[proposition] = root
            kinds[proposition] = "analogy" if proposition in index.analogies else kind
            queue.append((proposition, root))
    counts: dict[str, dict[str, int]] = {}
    for proposition, root in owner.items():
        if proposition in index.arguments or proposition in index.attacks:
            continue
        tally = counts.setdefault(root, {})
        kind = kinds[proposition]
        tally[kind] = tally.get(kind, 0) + 1
    hidden = {root: Hidden(t.get("support", 0), t.get("attack", 0), t.get("analogy", 0), t.get("conclusion", 0))
              for root, t in counts.items()}
    placed = set(owner) | kept_set
    unplaced = sum(1 for p in index.propositions if p not in placed)
    return hidden, unplaced


def overview_map(map: ArgumentMap, budget: int = OVERVIEW_BUDGET) -> ArgumentMap:
    """The overview's part of a map (see the module's rule); :func:`overview_view` adds the counts."""
    return overview_view(map, budget).map


def overview_view(map: ArgumentMap, budget: int = OVERVIEW_BUDGET) -> View:
    """The main conclusions and the lines of argument that carry them, within ``budget`` propositions.

    Parameters
    ----------
    map : ArgumentMap
    budget : int
        The most propositions to keep (the main conclusions always stay, even beyond it).

    Returns
    -------
    View
        ``kind="overview"``; ``hidden`` says, per kept node, how many supports, attacks and
        analogies are folded away below it.
    """
    if budget < 1:
        raise ValueError("the overview budget must be at least 1")
    index = _Index(map)
    roots = _main_conclusions(map)
    carried = index.carried()
    kept: set[str] = set(roots)
    root_set = frozenset(roots)
    count = len(kept)
    taken: set[str] = set()
    heap: list[tuple[int, int, int, int, int, str]] = []
    serial = 0

    def offer(node: str, depth: int) -> None:
        # a node's steps are ranked among themselves (attacks first, then by what they carry); the
        # heap takes every node's first step at a depth before any node's second, so that no line
        # of argument starves the others
        nonlocal serial
        steps = []
        for step, kind in index.below(node):
            if step not in taken:
                weight = sum(carried.get(s, 0) + 1 for s in index.sources(step))
                steps.append((0 if kind == "attack" else 1, -weight, step))
        for rank, (kind_rank, weight, step) in enumerate(sorted(steps)):
            heapq.heappush(heap, (depth, rank, kind_rank, weight, serial, step))
            serial += 1

    for root in roots:
        offer(root, 1)
    while heap:
        depth, _, _, _, _, step = heapq.heappop(heap)
        if step in taken:
            continue
        new = [s for s in dict.fromkeys(index.sources(step)) if s not in kept]
        if root_set.intersection(index.sources(step)):
            continue
        if count + len(new) > budget:
            continue  # a smaller step further on may still fit
        taken.add(step)
        kept.update(new)
        count += len(new)
        offer(step, depth)  # attacks on the inference itself
        for source in new:
            offer(source, depth + 1)
    # a step whose ends were all kept by other steps belongs in the drawing too
    for argument in map.arguments:
        if (argument.conclusion in kept and all(p in kept for p in argument.premises)
                and not root_set.intersection(argument.premises)):
            taken.add(argument.id)
    for attack in map.attacks:
        if all(a in kept for a in attack.attackers) and (attack.to in kept or attack.to in taken):
            taken.add(attack.id)
    chosen = restrict(map, kept | taken)
    drawn = {n.id for n in propositions(chosen)} | {a.id for a in chosen.arguments} | {a.id for a in chosen.attacks}
    hidden, unplaced = hidden_counts(map, drawn)
    return View(chosen, hidden, [r for r in roots if r in drawn], None, "overview", unplaced)


def focus_view(map: ArgumentMap, node: str, depth: int = 2) -> View:
    """:func:`argmap.graph.focus_map` with its cut-off neighbours counted (``hidden``, kind ``"focus"``).

    Raises
    ------
    KeyError
        When ``node`` is not in the map.
    """
    from argmap.graph import focus_map

    if depth < 0:
        raise ValueError("depth must not be negative")
    chosen = focus_map(map, node, depth)
    drawn = {n.id for n in propositions(chosen)} | {a.id for a in chosen.arguments} | {a.id for a in chosen.attacks}
    hidden, unplaced = hidden_counts(map, drawn, upward=True)
    main = [c for c in _main_conclusions(map) if c in drawn]
    return View(chosen, hidden, main, node, "focus", unplaced)
