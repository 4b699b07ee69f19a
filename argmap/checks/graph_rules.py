"""Graph rules (AM1xx): circular reasoning, disconnected parts, self-attacks, unclear conclusions.

These run on adjacency lists built in one pass over the map, so they stay linear on maps of
hundreds of thousands of nodes; networkx is used only to extract cycles once a cycle is known
to exist.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from itertools import chain

from argmap.checks.registry import Context, emit, rule
from argmap.errors import Diagnostic
from argmap.graph import final_propositions


def _support_edges(context: Context) -> dict[str, list[str]]:
    cached = context._cache.get("support")
    if cached is None:
        edges: dict[str, list[str]] = defaultdict(list)
        for argument in context.map.arguments:
            for premise in argument.premises:
                edges[premise].append(argument.id)
            edges[argument.id].append(argument.conclusion)
        context._cache["support"] = cached = edges
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
    edges = _support_edges(context)
    # Kahn's algorithm removes everything not on or behind a cycle in linear time ...
    indegree: Counter[str] = Counter(chain.from_iterable(edges.values()))
    queue = [node for node in edges if node not in indegree]
    removed = 0
    nodes = edges.keys() | indegree.keys()
    while queue:
        node = queue.pop()
        removed += 1
        for target in edges.get(node, ()):
            indegree[target] -= 1
            if not indegree[target]:
                queue.append(target)
    if removed == len(nodes):
        return
    # ... and a depth-first search of the remainder, which holds every cycle, finds them.
    self_support = {a.id for a in context.map.arguments if a.conclusion in a.premises}
    cycles = _cycles(edges, [n for n in nodes if indegree[n] > 0], indegree, _MAX_CYCLES + len(self_support))
    reported = 0
    for cycle in cycles:
        if len(cycle) == 2 and (cycle[0] in self_support or cycle[1] in self_support):
            continue  # a one-argument loop is AM102's
        reported += 1
        if reported > _MAX_CYCLES:
            break
        shown = " -> ".join([*cycle, cycle[0]])
        arguments = [n for n in cycle if context.paths.get(n, ("",))[0] == "arguments"]
        first = arguments[0] if arguments else cycle[0]
        more = " (only the first cycles are listed; break these and check again)" if reported == _MAX_CYCLES else ""
        yield emit(
            "AM101",
            f"circular support: {shown}{more}",
            context.paths.get(first, ()),
            cycle,
            "break the circle: support one of these claims with evidence that does not depend on the others",
        )


_MAX_CYCLES = 20


def _cycles(edges: dict[str, list[str]], roots: list[str], live: dict[str, int], limit: int) -> list[list[str]]:
    """Cycles through back edges of an iterative depth-first search, at most ``limit`` of them.

    Only nodes with ``live[node] > 0`` (those Kahn's algorithm could not remove) are visited.
    Linear in the size of that part of the graph; never recursive.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    found: list[list[str]] = []
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        path = [root]
        position = {root: 0}
        stack = [iter(edges.get(root, ()))]
        while stack:
            for child in stack[-1]:
                if live.get(child, 0) <= 0:
                    continue
                seen = state.get(child)
                if seen is None:
                    state[child] = 1
                    position[child] = len(path)
                    path.append(child)
                    stack.append(iter(edges.get(child, ())))
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
    for collection in ("statements", "analogies"):
        for index, node in enumerate(getattr(context.map, collection)):
            if node.id not in linked and node.id not in context.map.main_conclusions:
                yield emit(
                    "AM103",
                    f"'{node.id}' is connected to nothing",
                    (collection, index),
                    [node.id],
                    "link it with an argument or attack, or remove it",
                )


def _final(context: Context) -> list[str]:
    cached = context._cache.get("final")
    if cached is None:
        context._cache["final"] = cached = final_propositions(context.map)
    return cached


def _linked(context: Context) -> set[str]:
    cached = context._cache.get("linked")
    if cached is None:
        cached = set()
        for argument in context.map.arguments:
            cached.update(argument.premises)
            cached.add(argument.conclusion)
        for attack in context.map.attacks:
            cached.update(attack.attackers)
            cached.add(attack.to)
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
    sources = {p for a in context.map.arguments for p in a.premises}
    sources.update(f for a in context.map.attacks for f in a.attackers)
    targets = {a.conclusion for a in context.map.arguments} | {a.to for a in context.map.attacks}
    declared = set(context.map.main_conclusions)
    for collection in ("statements", "analogies"):
        for index, node in enumerate(getattr(context.map, collection)):
            if node.id in targets and node.id not in sources and node.id not in declared:
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
    backwards: dict[str, list[str]] = defaultdict(list)
    for argument in context.map.arguments:
        backwards[argument.conclusion].append(argument.id)
        backwards[argument.id].extend(argument.premises)
    for attack in context.map.attacks:
        backwards[attack.to].append(attack.id)
        backwards[attack.id].extend(attack.attackers)
    for statement in context.map.statements:  # a restatement and its original are one proposition (format 1.1)
        if statement.restates is not None:
            backwards[statement.restates].append(statement.id)
            backwards[statement.id].append(statement.restates)
    reached = set(roots)
    queue = deque(roots)
    while queue:
        for previous in backwards.get(queue.popleft(), ()):
            if previous not in reached:
                reached.add(previous)
                queue.append(previous)
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
        premises = {p for a in context.map.arguments for p in a.premises}
        conclusions = {a.conclusion for a in context.map.arguments} | set(context.map.main_conclusions)
        context._cache["roles"] = cached = (premises, conclusions)
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
