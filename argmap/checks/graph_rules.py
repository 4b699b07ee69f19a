"""Graph rules (AM1xx): circular reasoning, disconnected parts, self-attacks, unclear conclusions.

These run on the links of the map gathered in one pass over its arguments and attacks
(:func:`_links`, shared by every rule of a run), so they stay linear on maps of hundreds of
thousands of nodes. networkx is not used here: building its graph of a 100k-argument map costs
more than all these rules together, and each rule needs only a walk over the links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from argmap.checks.registry import Context, emit, rule
from argmap.errors import Diagnostic


@dataclass(frozen=True)
class _Links:
    """The links of a map, by argument index and by proposition id."""

    premises: list[list[str]]
    """Each argument's premises (the map's own lists), by index."""
    conclusions: list[str]
    """Each argument's conclusion, by index."""
    concluding: dict[str, list[int]]
    """The arguments that conclude each proposition (their indices, in map order)."""
    used: Counter[str]
    """How many arguments have each proposition as a premise."""
    attackers: set[str]
    """Every proposition that attacks, alone or jointly."""
    attacked: set[str]
    """Every node an attack is aimed at."""


def _links(context: Context) -> _Links:
    cached: _Links | None = context._cache.get("links")
    if cached is None:
        arguments = context.map.arguments
        premises = [argument.premises for argument in arguments]
        conclusions = [argument.conclusion for argument in arguments]
        concluding: dict[str, list[int]] = {}
        add = concluding.setdefault
        for index, conclusion in enumerate(conclusions):
            add(conclusion, []).append(index)
        attackers: set[str] = set()
        for attack in context.map.attacks:
            if isinstance(attack.from_, str):
                attackers.add(attack.from_)
            else:
                attackers.update(attack.from_)
        attacked = {attack.to for attack in context.map.attacks}
        cached = context._cache["links"] = _Links(premises, conclusions, concluding,
                                                  Counter(chain.from_iterable(premises)), attackers, attacked)
    return cached


@rule(
    "AM101",
    "support-cycle",
    "error",
    "The support relation goes round in a circle (circular reasoning).",
    why="A claim that ultimately supports itself gives no reason to accept it.",
    bad="arguments:\n  - {id: a1, premises: [p], conclusion: q}\n  - {id: a2, premises: [q], conclusion: p}",
    good="arguments:\n  - {id: a1, premises: [p], conclusion: q}\n  - {id: a2, premises: [evidence], conclusion: p}",
)
def support_cycle(context: Context) -> Iterator[Diagnostic]:
    arguments = context.map.arguments
    links = _links(context)
    premises, conclusions, concluding = links.premises, links.conclusions, links.concluding
    # The walk goes against the support: from a conclusion to the arguments for it, from an
    # argument to its premises (each argument has one conclusion, so it needs no count of its own).
    # An argument that lists its conclusion among its premises is a one-argument loop (AM102's).
    # The step from that argument back to its conclusion is on no other cycle, so leaving those
    # steps out leaves exactly the circles this rule reports, including circles through such an
    # argument's other premises.
    pending = dict(links.used)  # arguments not yet removed that have each proposition as a premise
    for argument in arguments:
        if argument.conclusion in argument.premises:
            pending[argument.conclusion] -= 1
    # Kahn's algorithm removes everything not on or behind a cycle in linear time: a proposition
    # goes once no remaining argument has it as a premise, and takes the arguments for it along.
    # The map is acyclic exactly when every argument goes.
    queue = [conclusion for conclusion in concluding if not pending.get(conclusion)]
    removed = 0
    while queue:
        conclusion = queue.pop()
        for index in concluding.get(conclusion, ()):
            removed += 1
            for premise in premises[index]:
                left = pending[premise] - 1
                pending[premise] = left
                if not left and premise != conclusion:
                    queue.append(premise)
    if removed == len(arguments):
        return
    # ... and a depth-first search of the remainder, which holds every cycle, finds them. It starts
    # from the remaining arguments in map order (every cycle passes through one), so the same map
    # always gives the same cycles.
    roots = [index for index, conclusion in enumerate(conclusions) if pending.get(conclusion, 0) > 0]
    for reported, found in enumerate(_cycles(links, roots, pending, _MAX_CYCLES), 1):
        cycle = [found[0], *reversed(found[1:])]  # in the direction of support
        first = next(n for n in cycle if isinstance(n, int))  # the support graph alternates: one in two
        names = [arguments[n].id if isinstance(n, int) else n for n in cycle]
        shown = " -> ".join([*names, names[0]])
        more = " (only the first cycles are listed; break these and check again)" if reported == _MAX_CYCLES else ""
        yield emit(
            "AM101",
            f"circular support: {shown}{more}",
            ("arguments", first),
            names,
            "break the circle: support one of these claims with evidence that does not depend on the others",
        )


_MAX_CYCLES = 20


def _cycles(links: _Links, roots: list[int], pending: dict[str, int], limit: int) -> list[list[int | str]]:
    """Cycles through back edges of an iterative depth-first search against the support, at most ``limit``.

    Nodes are argument indices (int) and proposition ids (str). Only what Kahn's algorithm could
    not remove is visited: propositions that remaining arguments have as premises (``pending``),
    and the arguments for them. Linear in the size of that part of the graph; never recursive.
    """
    premises, conclusions, concluding = links.premises, links.conclusions, links.concluding

    def children(node: int | str) -> Iterator[int | str]:
        if isinstance(node, int):
            conclusion = conclusions[node]
            # not back to the argument's own conclusion: that is a one-argument loop
            yield from (p for p in premises[node] if p != conclusion and pending.get(p, 0) > 0)
        else:
            yield from concluding.get(node, ())

    state: dict[int | str, int] = {}  # 1: on the current path, 2: finished
    found: list[list[int | str]] = []
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        path: list[int | str] = [root]
        position: dict[int | str, int] = {root: 0}
        stack = [children(root)]
        while stack:
            for child in stack[-1]:
                seen = state.get(child)
                if seen is None:
                    state[child] = 1
                    position[child] = len(path)
                    path.append(child)
                    stack.append(children(child))
                    break
                if seen == 1:
                    found.append(path[position[child]:])
                    if len(found) >= limit:
                        return found
            else:
                stack.pop()
                node = path.pop()
                del position[node]
                state[node] = 2
    return found


@rule(
    "AM102",
    "self-support",
    "error",
    "An argument lists its own conclusion among its premises.",
    why="'C, therefore C' is the shortest circle: it assumes what it sets out to show.",
    bad="- {id: a1, premises: [c, p], conclusion: c}",
    good="- {id: a1, premises: [p], conclusion: c}",
)
def self_support(context: Context) -> Iterator[Diagnostic]:
    for index, argument in enumerate(context.map.arguments):
        if argument.conclusion in argument.premises:
            position = argument.premises.index(argument.conclusion)
            yield emit(
                "AM102",
                f"argument '{argument.id}' concludes '{argument.conclusion}', which is also one of its premises",
                ("arguments", index, "premises", position),
                [argument.id, argument.conclusion],
                "remove the conclusion from the premises, or give the argument a different conclusion",
            )


@rule(
    "AM103",
    "isolated-node",
    "warning",
    "A statement or analogy is connected to nothing.",
    why="A proposition that neither supports, attacks nor is supported or attacked plays no part in the "
    "argument: it is either a leftover or a missing link.",
    bad="statements: [{id: lone, text: An unconnected remark.}]",
    good="arguments: [{id: a9, premises: [lone], conclusion: thesis}]  # or delete it",
)
def isolated_node(context: Context) -> Iterator[Diagnostic]:
    linked = _linked(context)
    declared = set(context.map.main_conclusions)
    for collection in ("statements", "analogies"):
        for index, node in enumerate(getattr(context.map, collection)):
            if node.id not in linked and node.id not in declared:
                yield emit(
                    "AM103",
                    f"'{node.id}' is connected to nothing",
                    (collection, index),
                    [node.id],
                    "link it with an argument or attack, or remove it",
                )


def _final(context: Context) -> list[str]:
    """:func:`argmap.graph.final_propositions`, from the links the rules already hold."""
    cached = context._cache.get("final")
    if cached is None:
        links = _links(context)
        final = (links.concluding.keys() | links.attacked) - links.used.keys() - links.attackers
        cached = context._cache["final"] = [
            node.id for collection in (context.map.statements, context.map.analogies) for node in collection
            if node.id in final
        ] if final else []
    return cached


def _linked(context: Context) -> set[str]:
    cached = context._cache.get("linked")
    if cached is None:
        links = _links(context)
        cached = {*links.used, *links.concluding, *links.attackers, *links.attacked}
        for statement in context.map.statements:  # a restatement is linked to what it restates (format 1.1)
            if statement.restates is not None:
                cached.update((statement.id, statement.restates))
        context._cache["linked"] = cached
    return cached


@rule(
    "AM104",
    "dead-end",
    "warning",
    "A supported or attacked proposition leads nowhere, although the map declares its main conclusions.",
    why="When main conclusions are declared, every other claim should bear on one of them; a claim that "
    "receives support but supports nothing is an undeclared conclusion or a missing link.",
    bad="main_conclusions: [thesis]\narguments: [{id: a1, premises: [p], conclusion: side-claim}]",
    good="main_conclusions: [thesis]\narguments:\n  - {id: a1, premises: [p], conclusion: side-claim}\n"
    "  - {id: a2, premises: [side-claim], conclusion: thesis}",
)
def dead_end(context: Context) -> Iterator[Diagnostic]:
    if not context.map.main_conclusions:
        return
    links = _links(context)
    # supported or attacked, and neither a premise nor an attacker
    ends = (links.concluding.keys() | links.attacked) - links.used.keys() - links.attackers
    ends -= set(context.map.main_conclusions)
    for collection in ("statements", "analogies"):
        for index, node in enumerate(getattr(context.map, collection)):
            if node.id in ends:
                yield emit(
                    "AM104",
                    f"'{node.id}' is supported or attacked but leads to no main conclusion",
                    (collection, index),
                    [node.id],
                    "use it as a premise towards a main conclusion, or declare it in main_conclusions",
                )


@rule(
    "AM105",
    "unreachable",
    "warning",
    "Part of the map does not lead to any main conclusion.",
    why="Reasoning that bears on none of the main conclusions is either off-topic or missing a link.",
    bad="(a chain p -> q that never reaches the thesis)",
    good="(link q to the thesis, or drop the chain)",
)
def unreachable(context: Context) -> Iterator[Diagnostic]:
    roots = list(context.map.main_conclusions) or _final(context)
    if not roots:
        return
    reached = _leading_to(context, roots)
    linked = _linked(context)
    for collection in ("statements", "analogies"):
        for index, node in enumerate(getattr(context.map, collection)):
            if node.id not in reached and node.id in linked:  # isolated nodes are AM103's
                yield emit(
                    "AM105",
                    f"'{node.id}' does not lead to a main conclusion",
                    (collection, index),
                    [node.id],
                    "connect its chain to a main conclusion, or remove the chain",
                )


def _leading_to(context: Context, roots: list[str]) -> set[str]:
    """The propositions from which support or attack leads to one of ``roots`` (the roots included).

    An argument leads to its conclusion, and an attack to what it is aimed at; so a proposition's
    predecessors are the premises of the arguments that conclude it, the attackers of the attacks
    on it, and, through an undercut, the attackers of the attacks on an argument that concludes it
    (or on an attack that leads to it). The walk goes breadth first over propositions, one level at
    a time: one lookup per proposition, and the predecessors added and filtered in bulk.
    """
    m = context.map
    links = _links(context)
    premises, concluding = links.premises, links.concluding
    # what leads to a proposition besides the premises of the arguments for it: attackers, and
    # restatements (a restatement and its original are one proposition, format 1.1)
    besides: dict[str, list[str]] = {}
    add = besides.setdefault
    if m.attacks:
        for attack, proposition in zip(m.attacks, _attacked_propositions(context), strict=True):
            if proposition is not None:
                add(proposition, []).extend(attack.attackers)
    for statement in m.statements:
        if statement.restates is not None:
            add(statement.restates, []).append(statement.id)
            add(statement.id, []).append(statement.restates)
    reached = set(roots)
    frontier: set[str] | list[str] = roots
    arguments_for, other = concluding.get, besides.get
    while frontier:
        found: list[str] = []
        for node in frontier:
            for index in arguments_for(node, ()):
                found += premises[index]
            more = other(node)
            if more:
                found += more
        fresh = set(found)
        fresh -= reached
        reached |= fresh
        frontier = fresh
    return reached


def _attacked_propositions(context: Context) -> list[str | None]:
    """For each attack, the proposition it bears on: its target, the conclusion of the argument it
    undercuts, or (for an attack on an attack) the one that attack bears on; None in a circle of attacks."""
    m = context.map
    conclusion_of = {argument.id: argument.conclusion for argument in m.arguments}
    target_of = {attack.id: attack.to for attack in m.attacks}
    resolved: dict[str, str | None] = {}
    result: list[str | None] = []
    for attack in m.attacks:
        chain = {attack.id: None}  # attacks that bear on the proposition found at the end of the chain
        node = attack.to
        while node in target_of and node not in resolved:
            if node in chain:  # a circle of undercuts, or an attack aimed at itself: it bears on nothing
                resolved.update(chain)
                break
            chain[node] = None
            node = target_of[node]
        if attack.id not in resolved:
            proposition = resolved[node] if node in resolved else conclusion_of.get(node, node)
            resolved.update(dict.fromkeys(chain, proposition))
        result.append(resolved[attack.id])
    return result


@rule(
    "AM107",
    "self-attack",
    "error",
    "A proposition attacks itself, or an attack is aimed at itself.",
    why="A statement cannot be a reason against itself, nor can an objection deny its own force; the attack "
    "is a slip or needs a separate statement.",
    bad="- {id: x1, from: c, to: c}",
    good="- {id: x1, from: objection, to: c}",
)
def self_attack(context: Context) -> Iterator[Diagnostic]:
    for index, attack in enumerate(context.map.attacks):
        if attack.to == attack.id:
            yield emit(
                "AM107",
                f"attack '{attack.id}' is aimed at itself",
                ("attacks", index, "to"),
                [attack.id],
                "aim the undercut at the attack whose force it denies, which must be another attack",
            )
        elif attack.to in attack.attackers:
            yield emit(
                "AM107",
                f"'{attack.to}' attacks itself",
                ("attacks", index, "to"),
                [attack.id, attack.to],
                "attack it from a separate statement",
            )


@rule(
    "AM108",
    "too-many-conclusions",
    "warning",
    "The map has more main conclusions than the threshold and declares none.",
    why="Many final claims usually mean missing links between the parts of the argument; declaring the "
    "main conclusions (main_conclusions) makes the author's reading explicit.",
    bad="# 5 claims that support nothing, no main_conclusions",
    good="main_conclusions: [thesis]",
    options="max-main-conclusions (default 3)",
)
def too_many_conclusions(context: Context) -> Iterator[Diagnostic]:
    if context.map.main_conclusions:
        return
    found = _final(context)
    if len(found) > context.config.max_main_conclusions:
        shown = ", ".join(found[:8]) + (" ..." if len(found) > 8 else "")
        yield emit(
            "AM108",
            f"{len(found)} main conclusions ({shown}) and none declared",
            ("main_conclusions",),
            found,
            "declare the map's main conclusion(s) in main_conclusions, or link the parts together",
        )


@rule(
    "AM109",
    "linked-single-premise",
    "warning",
    "An argument is marked as linked but has a single premise.",
    why="Linked premises work only together, so a linked argument needs at least two. A single premise "
    "marked as linked usually means a premise the author leaves unstated (an enthymeme) that the map "
    "has not yet written down.",
    bad="- {id: a1, premises: [p], conclusion: c, linked: true}",
    good="- {id: a1, premises: [p, unstated-rule], conclusion: c}   # the missing premise, made explicit",
)
def linked_single_premise(context: Context) -> Iterator[Diagnostic]:
    for index, argument in enumerate(context.map.arguments):
        if argument.linked and len(argument.premises) == 1:
            yield emit(
                "AM109",
                f"argument '{argument.id}' is marked as linked but has the single premise '{argument.premises[0]}'",
                ("arguments", index, "linked"),
                [argument.id],
                "add the premise that works together with it (often an unstated one), or remove `linked: true`",
            )


@rule(
    "AM110",
    "convergent-premises-in-one-argument",
    "warning",
    "An argument is marked as not linked but has several premises.",
    why="Premises that support a conclusion independently (convergent support) are separate reasons: each "
    "can fail without the others, and attacks and evaluation treat them separately. In the format that is "
    "one argument per premise; several premises in one argument always work together.",
    bad="- {id: a1, premises: [p, q], conclusion: c, linked: false}",
    good="- {id: a1, premises: [p], conclusion: c}\n- {id: a2, premises: [q], conclusion: c}",
)
def convergent_premises_in_one_argument(context: Context) -> Iterator[Diagnostic]:
    for index, argument in enumerate(context.map.arguments):
        if argument.linked is False and len(argument.premises) > 1:
            yield emit(
                "AM110",
                f"argument '{argument.id}' is marked as not linked but has {len(argument.premises)} premises "
                f"({', '.join(argument.premises)})",
                ("arguments", index, "linked"),
                [argument.id],
                "write one argument per independent premise, or remove `linked: false` if they work together",
            )


def _premises_and_conclusions(context: Context) -> tuple[set[str], set[str]]:
    cached = context._cache.get("roles")
    if cached is None:
        links = _links(context)
        cached = context._cache["roles"] = (set(links.used), {*links.concluding, *context.map.main_conclusions})
    return cached


@rule(
    "AM111",
    "undermine-of-conclusion",
    "warning",
    "An attack of type `undermine` is aimed at a statement that is only ever a conclusion.",
    why="`undermine` attacks a premise (a reason given for something else); `rebut` attacks a conclusion. "
    "A statement that is concluded and never used as a premise can only be rebutted: the wrong type "
    "misdescribes the objection, and tools that tell the two apart (AIF, Microtext) misread it.",
    bad="""argmap: "1.1"
statements:
  - {id: ban, text: Schools should ban phones.}
  - {id: focus, text: Pupils focus better without phones.}
  - {id: contact, text: Parents need to reach their children.}
arguments:
  - {id: a1, premises: [focus], conclusion: ban}
attacks:
  - {id: x1, from: contact, to: ban, type: undermine}""",
    good="""argmap: "1.1"
statements:
  - {id: ban, text: Schools should ban phones.}
  - {id: focus, text: Pupils focus better without phones.}
  - {id: contact, text: Parents need to reach their children.}
arguments:
  - {id: a1, premises: [focus], conclusion: ban}
attacks:
  - {id: x1, from: contact, to: ban, type: rebut}""",
)
def undermine_of_conclusion(context: Context) -> Iterator[Diagnostic]:
    premises, conclusions = _premises_and_conclusions(context)
    for index, attack in enumerate(context.map.attacks):
        if attack.type == "undermine" and attack.to in conclusions and attack.to not in premises:
            yield emit(
                "AM111",
                f"attack '{attack.id}' undermines '{attack.to}', which is a conclusion and never a premise",
                ("attacks", index, "type"),
                [attack.id, attack.to],
                "write type: rebut (an attack on a conclusion), or attack a premise of it instead",
            )


@rule(
    "AM112",
    "rebut-of-premise",
    "warning",
    "An attack of type `rebut` is aimed at a statement that is only ever a premise.",
    why="`rebut` attacks a conclusion (it argues for the opposite); an attack on a reason that is given and "
    "never itself argued for undermines it. The wrong type misdescribes the objection, and tools that tell "
    "the two apart (AIF, Microtext) misread it. `rebut` is the default type, so this is easy to get by "
    "leaving `type` out.",
    bad="""argmap: "1.1"
statements:
  - {id: ban, text: Schools should ban phones.}
  - {id: focus, text: Pupils focus better without phones.}
  - {id: study, text: The study had only forty pupils.}
arguments:
  - {id: a1, premises: [focus], conclusion: ban}
attacks:
  - {id: x1, from: study, to: focus}""",
    good="""argmap: "1.1"
statements:
  - {id: ban, text: Schools should ban phones.}
  - {id: focus, text: Pupils focus better without phones.}
  - {id: study, text: The study had only forty pupils.}
arguments:
  - {id: a1, premises: [focus], conclusion: ban}
attacks:
  - {id: x1, from: study, to: focus, type: undermine}""",
)
def rebut_of_premise(context: Context) -> Iterator[Diagnostic]:
    premises, conclusions = _premises_and_conclusions(context)
    for index, attack in enumerate(context.map.attacks):
        if attack.type == "rebut" and attack.to in premises and attack.to not in conclusions:
            yield emit(
                "AM112",
                f"attack '{attack.id}' rebuts '{attack.to}', which is a premise and never a conclusion",
                ("attacks", index, "type"),
                [attack.id, attack.to],
                "write type: undermine (an attack on a premise), or aim the attack at the conclusion",
            )
