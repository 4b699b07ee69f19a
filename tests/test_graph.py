"""The networkx graph and the plain analyses over it."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap import graph as g

from .strategies import maps


def build(statements: list[str], arguments: list[tuple[str, list[str], str]],
          attacks: list[tuple[str, str, str, str]] = (), **extra: object) -> nx.DiGraph:  # type: ignore[assignment]
    m = argmap.ArgumentMap.model_validate({
        "argmap": "1",
        "statements": [{"id": s, "text": s} for s in statements],
        "arguments": [{"id": a, "premises": p, "conclusion": c} for a, p, c in arguments],
        "attacks": [{"id": x, "from": f, "to": t, "type": k} for x, f, t, k in attacks],
        **extra,
    })
    return argmap.to_networkx(m)


@pytest.fixture
def bike(bike_lanes_path: Path) -> nx.DiGraph:
    return argmap.to_networkx(argmap.load(bike_lanes_path))


def test_graph_is_aif_shaped(bike: nx.DiGraph) -> None:
    assert bike.nodes["a-safety"]["kind"] == "argument"
    assert bike.nodes["water-pipes"]["kind"] == "analogy"
    assert bike.nodes["x-bias"]["kind"] == "attack"
    assert bike.edges["safer", "a-safety"] == {"role": "premise", "index": 0}
    assert bike.edges["x-bias", "a-injuries"]["role"] == "target"  # undercut points at the argument node
    assert bike.graph["title"].startswith("Should the city")


def test_premises_keep_their_order(bike: nx.DiGraph) -> None:
    assert g.premises_of(bike, "a-safety") == ["safer", "more-cyclists"]


def test_support_and_attack_queries(bike: nx.DiGraph) -> None:
    assert g.arguments_for(bike, "build-lanes") == ["a-safety", "a-traffic", "a-cost"]
    assert g.supporters_of(bike, "build-lanes") == ["safer", "more-cyclists", "less-traffic", "cheap"]
    assert g.attacks_on(bike, "build-lanes") == ["x-shops"]
    assert g.attackers_of(bike, "build-lanes") == ["shops-lose"]
    assert g.attackers_of(bike, "a-injuries") == ["selection-bias"]


def test_main_conclusions(bike: nx.DiGraph) -> None:
    assert g.main_conclusions(bike) == ["build-lanes"]
    G = build(["p", "q", "c", "d", "lone"], [("a", ["p"], "c"), ("b", ["q"], "d")])
    assert g.main_conclusions(G) == ["c", "d"]
    G = build(["p", "c", "d"], [("a", ["p"], "c")], main_conclusions=["d"])
    assert g.main_conclusions(G) == ["d"]  # the declaration outranks the structure
    assert g.main_conclusions(G, declared=False) == ["c"]


def test_support_cycles_found_and_absent(bike: nx.DiGraph) -> None:
    assert g.support_cycles(bike) == []
    G = build(["p", "q", "r"], [("a", ["p"], "q"), ("b", ["q"], "r"), ("c", ["r"], "p")])
    [cycle] = g.support_cycles(G)
    assert set(cycle) == {"p", "a", "q", "b", "r", "c"}
    G = build(["p"], [("a", ["p"], "p")])
    assert [set(c) for c in g.support_cycles(G)] == [{"p", "a"}]


def test_attacks_do_not_make_support_cycles() -> None:
    G = build(["p", "q"], [("a", ["p"], "q")], [("x", "q", "p", "rebut")])
    assert g.support_cycles(G) == []


def test_isolated_and_unreachable() -> None:
    G = build(["p", "c", "lone", "side", "side2"], [("a", ["p"], "c"), ("b", ["side"], "side2")],
              main_conclusions=["c"])
    assert g.isolated_nodes(G) == ["lone"]
    assert g.unreachable_nodes(G) == ["lone", "side", "side2", "b"]
    assert g.unreachable_nodes(G, roots=["side2"]) == ["p", "c", "lone", "a"]


def test_support_depth(bike: nx.DiGraph) -> None:
    depth = g.support_depth(bike)
    assert depth["build-lanes"] == 2 and depth["safer"] == 1 and depth["injury-data"] == 0
    G = build(["p", "q", "r", "s"], [("a", ["p"], "q"), ("b", ["q"], "r"), ("c", ["p"], "r"), ("d", ["r"], "s")])
    assert g.support_depth(G) == {"p": 0, "q": 1, "r": 2, "s": 3}
    with pytest.raises(nx.NetworkXUnfeasible):
        g.support_depth(build(["p"], [("a", ["p"], "p")]))


def test_support_cycles_scale_on_long_acyclic_chains() -> None:
    # nx.find_cycle on an acyclic child->parent chain is quadratic; the component-first search is not.
    n = 20_000
    G = build([f"s{i}" for i in range(n)], [(f"a{i}", [f"s{i}"], f"s{i + 1}") for i in range(n - 1)])
    assert g.support_cycles(G) == []
    assert g.support_depth(G)[f"s{n - 1}"] == n - 1


def test_from_networkx_rejects_unknown_nodes() -> None:
    G = nx.DiGraph()
    G.add_node("x")
    with pytest.raises(ValueError, match="no known kind"):
        g.from_networkx(G)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_summarize_agrees_with_the_analyses(m: argmap.ArgumentMap) -> None:
    # summarize and the analyses compute on a bare index, not on the networkx graph: held here to
    # what networkx itself says of the graph.
    G = argmap.to_networkx(m)
    figures = g.summarize(m)
    assert figures == g.summarize(G)
    propositions = [n for n, kind in G.nodes(data="kind") if kind in g.PROPOSITION_KINDS]
    structural = [n for n in propositions if G.out_degree(n) == 0 and G.in_degree(n) > 0]
    assert g.main_conclusions(G, declared=False) == structural
    assert figures["main_conclusions"] == g.main_conclusions(G) == (list(m.main_conclusions) or structural)
    assert figures["isolated"] == g.isolated_nodes(G) == [n for n in propositions if G.degree(n) == 0]
    roots = figures["main_conclusions"]
    reached = set(roots).union(*(nx.ancestors(G, r) for r in roots))
    assert figures["unreachable"] == g.unreachable_nodes(G) == [n for n in G if n not in reached]
    support = g.support_graph(G)
    knots = [c for c in nx.strongly_connected_components(support) if len(c) > 1]
    assert len(figures["support_cycles"]) == len(knots) == len(g.support_cycles(G))
    for cycle in figures["support_cycles"]:  # a real cycle, one per knot
        assert all(support.has_edge(u, v) for u, v in zip(cycle, cycle[1:] + cycle[:1], strict=True))
        assert sum(set(cycle) <= knot for knot in knots) == 1
    try:
        depth = max(g.support_depth(G).values(), default=0)
    except nx.NetworkXUnfeasible:
        depth = None
    assert figures["depth"] == depth


def test_summarize_is_linear_on_a_long_cycle_with_tails() -> None:
    # A cycle with a long chain downstream of it: found in linear time, the chain not reported.
    n = 20_000
    arguments = [(f"a{i}", [f"s{i}"], f"s{i + 1}") for i in range(n - 1)]
    arguments.append(("back", ["s10"], "s0"))  # s0 .. s10 is a cycle; s11 .. s{n-1} is downstream of it
    figures = g.summarize(argmap.ArgumentMap.model_validate({
        "argmap": "1", "statements": [{"id": f"s{i}", "text": "x"} for i in range(n)],
        "arguments": [{"id": a, "premises": p, "conclusion": c} for a, p, c in arguments]}))
    assert figures["depth"] is None
    [cycle] = figures["support_cycles"]
    assert set(cycle) == {f"s{i}" for i in range(11)} | {f"a{i}" for i in range(10)} | {"back"}
