"""The graph rules against networkx as an oracle, and the linter's diagnostics plumbing.

The graph rules walk the map's links with hand-written linear code (networkx would cost more than
all the rules on a big map); these tests compare what they find with networkx's own algorithms on
generated maps of every shape.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from argmap.checks import Config, run_rules, validate
from argmap.checks.graph_rules import _final
from argmap.checks.registry import Context, new_diagnostic
from argmap.errors import Diagnostic, Location
from argmap.graph import final_propositions
from argmap.model import Analogy, ArgumentMap, Statement

from .findings_before_after import generated_map
from .strategies import maps

EVERYTHING = Config()


def _unignored(data: dict[str, Any]) -> dict[str, Any]:
    """The map without its nodes' ``ignore`` lists, so that every finding is reported."""
    return {key: [{k: v for k, v in node.items() if k != "ignore"} for node in value]
            if key in ("statements", "arguments") else value for key, value in data.items()}


GENERATED = [_unignored(generated_map(seed, 40)) for seed in range(60)]


def _support(m: ArgumentMap) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    for argument in m.arguments:
        graph.add_edges_from((premise, argument.id) for premise in argument.premises)
        graph.add_edge(argument.id, argument.conclusion)
    return graph


def _found(m: ArgumentMap, code: str) -> list[Diagnostic]:
    return [d for d in run_rules(m, EVERYTHING) if d.code == code]


def _check_cycles(m: ArgumentMap) -> None:
    graph = _support(m)
    # one-argument loops are AM102's; the edge from the conclusion into such an argument is on no other cycle
    circles = graph.copy()
    circles.remove_edges_from((a.conclusion, a.id) for a in m.arguments if a.conclusion in a.premises)
    found = _found(m, "AM101")
    assert bool(found) == (not nx.is_directed_acyclic_graph(circles))
    assert len(found) <= 20
    for diagnostic in found:
        cycle = list(diagnostic.nodes)
        assert len(set(cycle)) == len(cycle) > 2
        assert all(circles.has_edge(a, b) for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        assert diagnostic.message.startswith(f"circular support: {' -> '.join([*cycle, cycle[0]])}")
        assert diagnostic.location.path[0] == "arguments"
        assert m.arguments[int(diagnostic.location.path[1])].id in cycle


def _check_reach(m: ArgumentMap) -> None:
    """AM103, AM104, AM105 and the final propositions, from networkx's ancestors in the whole map's graph."""
    graph: nx.DiGraph[str] = _support(m)
    for attack in m.attacks:
        graph.add_edges_from((attacker, attack.id) for attacker in attack.attackers)
        graph.add_edge(attack.id, attack.to)
    for statement in m.statements:
        if statement.restates is not None:
            graph.add_edge(statement.id, statement.restates)
            graph.add_edge(statement.restates, statement.id)
    propositions: list[Statement | Analogy] = [*m.statements, *m.analogies]
    final = final_propositions(m)
    assert _final(Context(m, EVERYTHING)) == final
    roots = list(m.main_conclusions) or final
    reached = set(roots).union(*(nx.ancestors(graph, root) for root in roots if root in graph))
    linked = {n.id for n in propositions if n.id in graph}
    declared = set(m.main_conclusions)
    assert [d.nodes[0] for d in _found(m, "AM105")] == (
        [n.id for n in propositions if n.id in linked and n.id not in reached] if roots else [])
    assert [d.nodes[0] for d in _found(m, "AM103")] == [
        n.id for n in propositions if n.id not in linked and n.id not in declared]
    if m.main_conclusions:
        supported = {a.conclusion for a in m.arguments} | {a.to for a in m.attacks}
        used = {p for a in m.arguments for p in a.premises} | {f for a in m.attacks for f in a.attackers}
        assert [d.nodes[0] for d in _found(m, "AM104")] == [
            n.id for n in propositions if n.id in supported and n.id not in used and n.id not in declared]


@pytest.mark.parametrize("data", GENERATED, ids=[d["title"] for d in GENERATED])
def test_graph_rules_agree_with_networkx_on_generated_maps(data: dict[str, Any]) -> None:
    m = ArgumentMap.model_validate(data)
    _check_cycles(m)
    _check_reach(m)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_graph_rules_agree_with_networkx(m: ArgumentMap) -> None:
    _check_cycles(m)
    _check_reach(m)


def test_a_circle_through_a_self_supporting_argument_is_reported() -> None:
    # a2 concludes s0 from [s0, s2] (AM102), and s0 -> a1 -> s2 -> a3 -> s0 is a circle besides
    m = ArgumentMap.model_validate({"argmap": "1", "statements": [{"id": s, "text": s} for s in ("s0", "s1", "s2")],
                                    "arguments": [{"id": "a0", "premises": ["s2"], "conclusion": "s2"},
                                                  {"id": "a1", "premises": ["s0", "s2"], "conclusion": "s2"},
                                                  {"id": "a2", "premises": ["s0", "s2"], "conclusion": "s0"},
                                                  {"id": "a3", "premises": ["s2"], "conclusion": "s0"}]})
    codes = [d.code for d in run_rules(m, EVERYTHING)]
    assert codes.count("AM102") == 3
    circles = {frozenset(d.nodes) for d in _found(m, "AM101")}
    assert circles and all(len(c) > 2 for c in circles)
    # a map whose only loops are one-argument ones has no AM101
    lone = ArgumentMap.model_validate({"argmap": "1", "statements": [{"id": "c", "text": "C"}],
                                       "arguments": [{"id": "a", "premises": ["c"], "conclusion": "c"},
                                                     {"id": "b", "premises": ["c"], "conclusion": "c"}]})
    assert not _found(lone, "AM101") and len(_found(lone, "AM102")) == 2


def test_the_cycles_listed_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    data = generated_map(7, 300)
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data))
    code = ("import sys; from argmap.checks import Config, validate; print([(d.message, d.location.line) "
            "for d in validate(sys.argv[1], config=Config()) if d.code == 'AM101'])")
    runs = {subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and "circular support" in runs.pop()


def test_new_diagnostic_is_the_dataclass_made_directly() -> None:
    made = new_diagnostic("AM103", "m", "f.yaml", 3, 5, ("statements", 2), "h", "warning", ("s",), "isolated-node")
    plain = Diagnostic("AM103", "m", Location("f.yaml", 3, 5, ("statements", 2)), "h", "warning", ("s",),
                       "isolated-node")
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain) and str(made) == str(plain)
    assert made.to_dict() == plain.to_dict() and dataclasses.asdict(made) == dataclasses.asdict(plain)
    assert pickle.loads(pickle.dumps(made)) == plain and copy.deepcopy(made) == plain
    assert dataclasses.replace(made, hint="other").hint == "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.code = "AM101"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.location.line = 1  # type: ignore[misc]
    # an empty rule name is filled in by the class, as for any structural code
    assert new_diagnostic("AM021", "m", None, None, None, (), None, "error", (), "").rule == "dangling-reference"


def test_findings_are_sorted_by_position_and_keep_the_rules_order_at_one_place(tmp_path: Path) -> None:
    data = generated_map(3, 120)
    path = tmp_path / "map.yaml"
    import yaml

    path.write_text(yaml.safe_dump(data, sort_keys=False))
    found = validate(path, config=EVERYTHING)
    assert found and all(d.location.file == str(path) and d.location.line for d in found)
    keys = [(d.location.line, d.location.column, d.code) for d in found]
    assert keys == sorted(keys)
    # the findings are the rules' own, located: the same as run_rules gives, in another order
    unlocated = run_rules(ArgumentMap.model_validate(data), EVERYTHING)
    assert sorted(map(repr, (dataclasses.replace(d, location=Location(path=d.location.path)) for d in found))) == \
        sorted(map(repr, unlocated))
    # and an in-memory map's findings are returned as the rules made them
    in_memory = validate(ArgumentMap.model_validate(data), config=EVERYTHING)
    assert sorted(map(repr, in_memory)) == sorted(map(repr, unlocated))
