"""networkx node-link JSON and GraphML: lossless round trips, compatibility with networkx, bad input."""

from __future__ import annotations

import json
import re
import warnings

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap.errors import MapError
from argmap.io import nxjson
from argmap.io.formats import ConversionWarning

from .conftest import EXAMPLES
from .interchange_strategies import rich_maps

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _has_bad_characters(value: object) -> bool:
    """Whether any string (key or value) in plain data holds a character XML 1.0 cannot hold."""
    if isinstance(value, str):
        return _XML_BAD.search(value) is not None
    if isinstance(value, dict):
        return any(_has_bad_characters(k) or _has_bad_characters(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_bad_characters(v) for v in value)
    return False


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_maps())
def test_node_link_round_trip_is_lossless(m: argmap.ArgumentMap) -> None:
    assert nxjson.loads(nxjson.dumps(m)) == m


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_maps())
def test_graphml_round_trip_is_lossless_where_xml_can_hold_the_text(m: argmap.ArgumentMap) -> None:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        text = nxjson.dumps_graphml(m)
    back = nxjson.loads_graphml(text)
    if record:  # only for characters XML cannot hold, which are replaced
        assert _has_bad_characters(m.model_dump(mode="json"))
        assert all(isinstance(w.message, ConversionWarning) for w in record)
    else:
        assert back == m


def test_node_link_is_what_networkx_reads() -> None:
    m = argmap.load(EXAMPLES / "bike-lanes.yaml")
    data = json.loads(nxjson.dumps(m))
    graph = nx.node_link_graph(data, edges="edges")
    reference = argmap.to_networkx(m)
    assert set(graph.nodes) == set(reference.nodes) and set(graph.edges) == set(reference.edges)
    assert {n: d["kind"] for n, d in graph.nodes(data=True)} == {n: d["kind"] for n, d in reference.nodes(data=True)}
    assert graph.edges["safer", "a-safety"] == {"role": "premise", "index": 0}
    assert graph.graph["title"] == m.title


def test_graphml_is_what_networkx_reads() -> None:
    m = argmap.load(EXAMPLES / "deepseek" / "map.yaml")
    graph = nx.parse_graphml(nxjson.dumps_graphml(m))
    assert graph.number_of_nodes() == len(m.statements) + len(m.analogies) + len(m.arguments) + len(m.attacks)
    first = m.statements[0]
    assert graph.nodes[first.id]["text"] == first.text and graph.nodes[first.id]["kind"] == "statement"


def test_a_graph_built_by_hand_with_networkx_can_be_read() -> None:
    graph = nx.DiGraph(title="by hand")
    graph.add_node("p", kind="statement", text="P")
    graph.add_node("c", kind="statement", text="C")
    graph.add_node("a", kind="argument")
    graph.add_edge("p", "a", role="premise", index=0)
    graph.add_edge("a", "c", role="conclusion")
    data = nx.node_link_data(graph, edges="links")  # older networkx wrote 'links'
    m = nxjson.from_node_link(data).map
    assert m.title == "by hand" and m.arguments[0].premises == ["p"]


def errors(data: object) -> list[tuple[str, int | None]]:
    with pytest.raises(MapError) as info:
        nxjson.reads(json.dumps(data, indent=1))
    return [(d.code, d.location.line) for d in info.value.diagnostics]


def test_graphs_that_are_not_argument_maps_are_refused() -> None:
    assert errors({"nodes": [{"id": 1}], "edges": []})[0][0] == "AM505"
    assert errors({"graph": {}, "nodes": [{"id": "a", "kind": "argument"}], "edges": []}) == [("AM505", 4)]
    bad_edge = {"nodes": [{"id": "p", "kind": "statement", "text": "P"}],
                "edges": [{"source": "p", "target": "q", "role": "premise"}]}
    assert errors(bad_edge)[0][0] == "AM021"
    assert errors([1])[0][0] == "AM504"


def test_extra_graph_attributes_are_kept_and_reported() -> None:
    data = {"graph": {"argmap": "1", "layout": "dot"}, "nodes": [{"id": "p", "kind": "statement", "text": "P"}],
            "edges": []}
    result = nxjson.reads(json.dumps(data))
    assert result.map.metadata == {"graph": {"layout": "dot"}} and [d.code for d in result.warnings] == ["AM501"]


def test_graphml_entities_are_refused() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
            '<node id="&b;"/></graph></graphml>')
    with pytest.raises(MapError) as info:
        nxjson.reads_graphml(bomb)
    assert info.value.diagnostics[0].code == "AM003"
    with pytest.raises(MapError) as info:
        nxjson.reads_graphml("<graphml>\n<graph>")
    assert info.value.diagnostics[0].code == "AM001" and info.value.diagnostics[0].location.line == 2
    undirected = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
                  '<node id="a"/></graph></graphml>')
    with pytest.raises(MapError, match="undirected"):
        nxjson.reads_graphml(undirected)


def test_node_attributes_of_other_tools_are_kept_and_reported() -> None:
    data = {"nodes": [{"id": "p", "kind": "statement", "text": "P", "x": 1.5, "color": "red"}], "edges": []}
    result = nxjson.reads(json.dumps(data))
    assert result.map.statements[0].metadata == {"graph": {"color": "red", "x": 1.5}}
    assert [d.code for d in result.warnings] == ["AM501"]


def _bike_node_link() -> dict[str, object]:
    return json.loads(nxjson.dumps(argmap.load(EXAMPLES / "bike-lanes.yaml")))


def test_argmaps_own_node_link_is_recognised_by_content() -> None:
    from argmap.io.formats import detect_format

    text = nxjson.dumps(argmap.load(EXAMPLES / "bike-lanes.yaml"))
    assert '"argmap": "1"' in text  # the map's header travels in "graph", which once fooled the sniffer
    assert detect_format("graph.json", text) == "node-link"


def test_node_ids_must_be_strings_or_integers() -> None:
    data = {"directed": True, "graph": {"argmap": "1"}, "edges": [],
            "nodes": [{"id": 7, "kind": "statement", "text": "int ids are fine"},
                      {"id": None, "kind": "statement", "text": "N"}, {"id": True, "kind": "statement", "text": "T"},
                      {"id": 1.5, "kind": "statement", "text": "F"}]}
    with pytest.raises(MapError) as info:
        nxjson.reads(json.dumps(data, indent=1))
    assert [(d.code, d.location.path) for d in info.value.diagnostics] == [
        ("AM010", ("nodes", 1, "id")), ("AM010", ("nodes", 2, "id")), ("AM010", ("nodes", 3, "id"))]
    assert all(d.location.line for d in info.value.diagnostics)
    del data["nodes"][1:]
    assert [s.id for s in nxjson.reads(json.dumps(data)).map.statements] == ["7"]


def test_a_graph_that_is_not_an_object_and_repeated_edges_are_errors() -> None:
    data = _bike_node_link()
    data["graph"] = [1]
    with pytest.raises(MapError) as info:
        nxjson.reads(json.dumps(data))
    assert [(d.code, d.location.path) for d in info.value.diagnostics] == [("AM010", ("graph",))]
    data = _bike_node_link()
    edges = data["edges"]
    assert isinstance(edges, list)
    edges.append(edges[0])
    with pytest.raises(MapError) as info:
        nxjson.reads(json.dumps(data))
    [found] = info.value.diagnostics
    assert found.code == "AM010" and "repeated" in found.message and found.location.path == ("edges", len(edges) - 1)


def test_graphml_with_a_repeated_node_id_is_refused_not_merged() -> None:
    text = nxjson.dumps_graphml(argmap.load(EXAMPLES / "bike-lanes.yaml"))
    node = re.search(r'<node id="safer">.*?</node>', text, re.S)
    assert node is not None
    doubled = text.replace(node.group(0), node.group(0) + "\n" + node.group(0).replace("safer.", "other text"), 1)
    with pytest.raises(MapError) as info:
        nxjson.reads_graphml(doubled)
    assert [(d.code, d.message) for d in info.value.diagnostics] == [("AM020", "duplicate node id 'safer'")]


@pytest.mark.parametrize("where", ["after", "nested"])
def test_a_second_graph_is_refused_where_it_starts(where: str) -> None:
    """networkx reads the first <graph> of a file and drops the others without a word."""
    text = nxjson.dumps_graphml(argmap.load(EXAMPLES / "bike-lanes.yaml"))
    extra = '<graph id="more" edgedefault="directed"><node id="zz"/></graph>'
    if where == "after":
        broken = text.replace("</graphml>", extra + "</graphml>")
    else:
        found = re.search(r"<node id=\"[^\"]+\">", text)
        assert found is not None
        broken = text[:found.end()] + extra + text[found.end():]
    with pytest.raises(MapError) as raised:
        nxjson.reads_graphml(broken, filename="g.graphml")
    (problem,) = raised.value.diagnostics
    line = broken[:broken.index('<graph id="more"')].count("\n") + 1
    assert problem.code == "AM505" and "second <graph>" in problem.message and problem.location.line == line
