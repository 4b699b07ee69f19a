"""Analogy rules (AM3xx): analogies that say too little, say nothing, or are never used."""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.registry import Context, emit, rule
from argmap.checks.schemes import open_questions, record_hint
from argmap.errors import Diagnostic
from argmap.text.anchor import normalize


@rule(
    "AM301",
    "analogy-without-mapping",
    "warning",
    "An analogy has no mapping pairs.",
    why="An analogy argues through correspondences (the hare is the complacent leader); without them the "
    "reader cannot see what carries over from the familiar case, nor test it.",
    bad="- {id: an1, figure: fable, text: ..., source: 龜兔賽跑, target: 中美AI競賽}",
    good="- id: an1\n  ...\n  mapping:\n    - {from: 兔子, to: 自滿的領先者}\n    - {from: 烏龜, to: 堅持的後來者}",
)
def analogy_without_mapping(context: Context) -> Iterator[Diagnostic]:
    for index, analogy in enumerate(context.map.analogies):
        if not analogy.mapping:
            yield emit(
                "AM301",
                f"analogy '{analogy.id}' has no mapping",
                ("analogies", index),
                [analogy.id],
                "add mapping: [{from: <element of the source case>, to: <its counterpart>}]",
            )


@rule(
    "AM302",
    "analogy-source-is-target",
    "error",
    "An analogy's source and target are the same case.",
    why="A case compared with itself establishes nothing.",
    bad="source: 龜兔賽跑\ntarget: 龜兔賽跑",
    good="source: 龜兔賽跑\ntarget: 中美AI競賽",
)
def analogy_source_is_target(context: Context) -> Iterator[Diagnostic]:
    for index, analogy in enumerate(context.map.analogies):
        if normalize(analogy.source)[0] == normalize(analogy.target)[0]:
            yield emit(
                "AM302",
                f"analogy '{analogy.id}' compares '{analogy.source}' with itself",
                ("analogies", index, "target"),
                [analogy.id],
                "name the case argued about as the target",
            )


@rule(
    "AM303",
    "repeated-mapping-pair",
    "warning",
    "An analogy lists the same correspondence twice.",
    why="A repeated pair adds nothing and usually hides a pair that was meant to be different.",
    bad="mapping:\n  - {from: 兔子, to: 領先者}\n  - {from: 兔子, to: 領先者}",
    good="mapping:\n  - {from: 兔子, to: 領先者}\n  - {from: 烏龜, to: 後來者}",
)
def repeated_mapping_pair(context: Context) -> Iterator[Diagnostic]:
    for index, analogy in enumerate(context.map.analogies):
        seen: set[tuple[str, str]] = set()
        for position, pair in enumerate(analogy.mapping):
            key = (normalize(pair.from_)[0], normalize(pair.to)[0])
            if key in seen:
                yield emit(
                    "AM303",
                    f"analogy '{analogy.id}' repeats the pair {pair.from_} → {pair.to}",
                    ("analogies", index, "mapping", position),
                    [analogy.id],
                    "remove or correct the pair",
                )
            seen.add(key)


@rule(
    "AM304",
    "unused-analogy",
    "warning",
    "An analogy is neither a premise of an argument nor an attacker.",
    why="Analogies are recorded to show how they carry the argument; one that neither supports nor attacks "
    "anything is not doing argumentative work in the map. (An analogy used as an objection, `from:` an "
    "attack, is used.)",
    bad="analogies: [{id: an1, ...}]\narguments: []",
    good="arguments: [{id: a1, premises: [an1], conclusion: thesis, scheme: analogy}]",
)
def unused_analogy(context: Context) -> Iterator[Diagnostic]:
    if not context.map.analogies:
        return
    used = {p for argument in context.map.arguments for p in argument.premises}
    used.update(attacker for attack in context.map.attacks for attacker in attack.attackers)
    for index, analogy in enumerate(context.map.analogies):
        if analogy.id not in used:
            yield emit(
                "AM304",
                f"analogy '{analogy.id}' is neither a premise of an argument nor an attacker",
                ("analogies", index),
                [analogy.id],
                "use it as a premise (scheme: analogy) of the claim it illustrates, or as an attacker of the "
                "claim it counters",
            )


@rule(
    "AM305",
    "analogy-open-questions",
    "info",
    "An argument from analogy leaves critical questions of the analogy scheme open.",
    why="Analogies fail where the cases differ; recording the answers (and the analogy's disanalogies) "
    "shows how far the comparison carries.",
    bad="- {id: a1, premises: [an1], conclusion: c, scheme: analogy}",
    good="- id: a1\n  premises: [an1]\n  conclusion: c\n  scheme: analogy\n  critical_questions:\n"
    "    - {question: differences, status: conceded, note: The race has no finish line.}",
)
def analogy_open_questions(context: Context) -> Iterator[Diagnostic]:
    analogies = {a.id for a in context.map.analogies}
    for index, argument in enumerate(context.map.arguments):
        if argument.scheme != "analogy":
            continue
        questions = open_questions(argument)
        if questions:
            used = [p for p in argument.premises if p in analogies]
            yield emit(
                "AM305",
                f"'{argument.id}' (analogy{', ' + ', '.join(used) if used else ''}) leaves "
                f"{len(questions)} critical question(s) open: {'; '.join(q.text for q in questions)}",
                ("arguments", index),
                [argument.id, *used],
                f"record them: {record_hint(questions[0])}",
            )
