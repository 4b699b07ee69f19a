"""The translation of an argument map into a Dung argumentation framework.

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

The labelling is computed and read back in map terms by :mod:`argmap.semantics.evaluate`;
the reasons are built by :mod:`argmap.semantics.explain`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from argmap._perf import gc_paused
from argmap.model import ArgumentMap, Attack, Statement  # noqa: F401  (Attack, Statement: doctests)
from argmap.semantics.framework import ArgumentationFramework

__all__ = [
    "NOT_PREFIX",
    "UNFOUNDED_PREFIX",
    "UNSUPPORTED_PREFIX",
    "MapFramework",
    "NodeKind",
    "restatement_originals",
    "to_framework",
]

NodeKind = Literal["statement", "analogy", "argument", "attack"]

NOT_PREFIX = "not:"
"""Prefix of the helper argument ``not:P``: premise ``P`` does not stand."""
UNSUPPORTED_PREFIX = "unsupported:"
"""Prefix of the helper argument ``unsupported:C``: no argument concluding ``C`` stands."""
UNFOUNDED_PREFIX = "unfounded:"
"""Prefix of the helper argument ``unfounded:A``: argument ``A`` rests on circular support."""


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
    restates: Mapping[str, str] = field(default_factory=dict)
    """Each restating statement (format 1.1 ``restates``) and the original it stands for: the
    end of its ``restates`` chain. A restatement is not a node of the framework; it is the same
    proposition as its original, so it shares the original's status."""


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


def restatement_originals(map: ArgumentMap) -> dict[str, str]:
    """Each restating statement's original: the end of its ``restates`` chain.

    A chain that loops (refused by validation, AM026, but possible in a map built in memory)
    ends at the smallest id of the loop, so the result does not depend on where one starts.
    """
    restates = {statement.id: statement.restates for statement in map.statements if statement.restates}
    originals: dict[str, str] = {}
    for start in restates:
        path = [start]
        seen = {start}
        current = start
        while current in restates and current not in originals:
            current = restates[current]
            if current in seen:  # a loop: every member stands for the smallest
                loop = path[path.index(current):]
                current = min(loop)
                break
            seen.add(current)
            path.append(current)
        root = originals.get(current, current)
        for node in path:
            originals[node] = root
    return {node: root for node, root in originals.items() if node != root}


def _to_framework(map: ArgumentMap) -> MapFramework:
    kinds: dict[str, NodeKind] = {}
    original = restatement_originals(map)
    for statement in map.statements:
        if statement.id not in original:
            kinds[statement.id] = "statement"
    for analogy in map.analogies:
        kinds[analogy.id] = "analogy"
    for argument in map.arguments:
        kinds[argument.id] = "argument"
    # a premise listed twice, or a premise and its restatement, count once
    premises = {argument.id: tuple(dict.fromkeys(original.get(p, p) for p in argument.premises))
                for argument in map.arguments}
    conclusion_of = {argument.id: original.get(argument.conclusion, argument.conclusion) for argument in map.arguments}
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
    target_of = {attack.id: original.get(attack.to, attack.to) for attack in map.attacks}
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
        sources_of = list(dict.fromkeys(original.get(a, a) for a in attack.attackers))
        target = target_of[attack.id]
        if target not in kinds or any(kinds.get(a) not in ("statement", "analogy") for a in sources_of):
            raise ValueError(f"attack {attack.id!r} goes from {attack.from_!r} to {attack.to!r}, which this map "
                             "does not have as a proposition and a node; validate the map first")
        attack_types[attack.id] = attack.type
        attacker = sources_of[0]
        if kinds.get(attack.id) == "attack":
            premises[attack.id] = tuple(sources_of)
            for source in sources_of:
                denied_by.setdefault(source, []).append(attack.id)
            attacker = attack.id
        ids = attack_ids.setdefault((attacker, target), [])
        ids.append(attack.id)
        if len(ids) == 1:
            attackers.setdefault(target, []).append(attacker)

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
        restates=original,
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


