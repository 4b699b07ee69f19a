"""AIF JSON: the mapping, lossless round trips both ways, and malformed input."""

from __future__ import annotations

import json
import operator
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap.errors import MapError
from argmap.io import aif
from argmap.io.formats import ConversionWarning

from .conftest import EXAMPLES
from .interchange_strategies import rich_maps

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
SAMPLE = FIXTURES / "sample.aif.json"
STAMP = "2025-01-01 00:00:00"


def doc(nodes: list[tuple[Any, str, str]], edges: list[tuple[Any, Any]], **extra: Any) -> str:
    return json.dumps({"nodes": [{"nodeID": i, "text": t, "type": k} for i, t, k in nodes],
                       "edges": [{"edgeID": n, "fromID": a, "toID": b} for n, (a, b) in enumerate(edges, 1)],
                       **extra})


def same_aif(original: dict[str, Any], written: dict[str, Any]) -> None:
    """The two AIF documents hold the same nodes, edges and other keys (argmap's extension aside)."""
    written = {k: v for k, v in written.items() if k != aif.EXTENSION_KEY}
    inner_a = original.get("AIF", original)
    inner_b = written.get("AIF", written)
    assert {str(n["nodeID"]): n for n in inner_a["nodes"]} == {str(n["nodeID"]): n for n in inner_b["nodes"]}
    key = lambda e: json.dumps(e, sort_keys=True)  # noqa: E731
    assert sorted(map(key, inner_a["edges"])) == sorted(map(key, inner_b["edges"]))
    assert {k: v for k, v in inner_a.items() if k not in ("nodes", "edges")} == \
        {k: v for k, v in inner_b.items() if k not in ("nodes", "edges")}
    if "AIF" in original:  # the wrapper's other keys
        assert {k: v for k, v in original.items() if k != "AIF"} == {k: v for k, v in written.items() if k != "AIF"}
    label = lambda data: {k: v for k, v in data.items() if k in ("type", "text")}  # noqa: E731
    assert nx.is_isomorphic(aif.aif_graph(original), aif.aif_graph(written),
                            node_match=lambda a, b: label(a) == label(b))


def test_sample_maps_linked_premises_undercuts_and_schemes() -> None:
    result = aif.read(SAMPLE)
    m = result.map
    assert [s.id for s in m.statements] == ["101", "102", "103", "105", "107", "109", "111", "113"]
    arguments = {a.id: a for a in m.arguments}
    assert arguments["104"].premises == ["102", "103"] and arguments["104"].conclusion == "101"  # linked
    assert arguments["104"].scheme is None  # "Default Inference" is no scheme
    assert arguments["106"].scheme == "Argument From Cost"  # the RA's text names the scheme
    attacks = {a.id: (a.from_, a.to, a.type) for a in m.attacks}
    assert attacks == {"108": ("107", "101", "rebut"),       # CA into an I-node
                       "110": ("109", "108", "undercut"),    # CA into a CA-node
                       "112": ("111", "104", "undercut")}    # CA into an RA-node
    # an MA-node ("Default Rephrase") between I-nodes: its input restates its output
    statements = {s.id: s for s in m.statements}
    assert statements["113"].restates == "102" and [s.id for s in m.statements if s.restates] == ["113"]
    assert statements["113"].metadata == {"aif": {"node": {"timestamp": "2024-03-01 10:00:00"}, "restates": {
        "nodeID": "114", "node": {"timestamp": "2024-03-01 10:00:03"},
        "edges": {"from": {"edgeID": "12", "formEdgeID": None}, "to": {"edgeID": "13", "formEdgeID": None}}}}}
    layer = m.metadata["aif"]
    assert sorted(n["type"] for n in layer["nodes"]) == ["L", "L", "PA", "TA", "YA", "YA"]
    assert layer["document"]["participants"][1]["participantID"] == 2
    assert [d.code for d in result.diagnostics] == ["AM502"] and result.diagnostics[0].severity == "info"
    assert "1 PA (preference)" in result.diagnostics[0].message and "MA" not in result.diagnostics[0].message
    # integer ids are kept as integers for export, the node's other keys too
    assert arguments["106"].metadata == {"aif": {"nodeID": 106,
                                                 "node": {"timestamp": "2024-03-01 10:00:01"},
                                                 "edges": {"premises": [{"edgeID": 4, "formEdgeID": None}],
                                                           "conclusion": {"edgeID": 5, "formEdgeID": None}}}}


def test_loaded_map_passes_argmaps_own_validation(tmp_path: Path) -> None:
    m = aif.load(SAMPLE)
    argmap.dump(m, tmp_path / "m.yaml")
    assert argmap.load(tmp_path / "m.yaml") == m  # including the undercut of an attack


@pytest.mark.parametrize("name", ["sample.aif.json", "sample.ova.json"])
def test_aif_to_argmap_to_aif_gives_the_same_document(name: str) -> None:
    original = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    written = aif.to_data(aif.load(FIXTURES / name))
    same_aif(original, written)
    if name == "sample.ova.json":
        assert written["OVA"]["firstname"] == "Ana" and "nodes" in written["AIF"]


def test_export_of_a_native_map_is_valid_aif() -> None:
    m = argmap.load(EXAMPLES / "bike-lanes.yaml")
    data = aif.to_data(m, timestamp=STAMP)
    nodes = {n["nodeID"]: n for n in data["nodes"]}
    assert all(set(n) >= {"nodeID", "text", "type", "timestamp"} for n in nodes.values())
    assert {n["type"] for n in nodes.values()} == {"I", "RA", "CA"}
    assert data["locutions"] == []
    ends = [(e["fromID"], e["toID"]) for e in data["edges"]]
    assert all(a in nodes and b in nodes for a, b in ends) and len({e["edgeID"] for e in data["edges"]}) == len(ends)
    for node in nodes.values():  # every RA: I-node premises in, one I-node conclusion out
        if node["type"] == "RA":
            assert "I" in {nodes[a]["type"] for a, b in ends if b == node["nodeID"]} <= {"I", "CA"}  # CA: undercut
            assert [nodes[b]["type"] for a, b in ends if a == node["nodeID"]] == ["I"]
    assert nodes["x-bias"]["type"] == "CA" and ("x-bias", "a-injuries") in ends  # the undercut points at an RA
    assert nodes["a-safety"]["text"] == m.arguments[0].scheme or nodes["a-safety"]["text"] == "Default Inference"


def test_argmap_to_aif_to_argmap_is_lossless_for_the_examples() -> None:
    for path in (EXAMPLES / "bike-lanes.yaml", EXAMPLES / "deepseek" / "map.yaml"):
        m = argmap.load(path)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert aif.loads(aif.dumps(m)) == m


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_maps())
def test_argmap_to_aif_to_argmap_is_lossless(m: argmap.ArgumentMap) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing to report: AIF plus the extension holds everything
        text = aif.dumps(m, timestamp=STAMP)
        assert aif.loads(text) == m
    # and without the extension, the structure AIF itself can hold survives
    plain = aif.loads(aif.dumps(m, extension=False, timestamp=STAMP))
    assert [(a.premises, a.conclusion) for a in plain.arguments] == [(a.premises, a.conclusion) for a in m.arguments]
    assert [(a.attackers, a.to, a.type if a.type != "undermine" else "rebut") for a in m.attacks] == \
        [(a.attackers, a.to, a.type) for a in plain.attacks]  # `from: [x]` and `from: x` are one thing in AIF
    assert {s.id: s.restates for s in plain.statements if s.restates} == \
        {s.id: s.restates for s in m.statements if s.restates}  # MA-nodes
    assert [s.text for s in [*m.statements, *m.analogies]] == [s.text for s in plain.statements]


def test_timestamps_default_to_now_and_can_be_given() -> None:
    m = argmap.loads('argmap: "1"\nstatements: [{id: p, text: P}]\n')
    node = aif.to_data(m)["nodes"][0]
    assert len(node["timestamp"]) == 19 and node["timestamp"][4] == "-"
    assert aif.to_data(m, timestamp=STAMP)["nodes"][0]["timestamp"] == STAMP


# --- ids, texts, wrappers ---------------------------------------------------------------------------


def test_ids_that_argmap_cannot_use_are_renamed_and_restored() -> None:
    text = doc([("a b", "P", "I"), ("节点", "C", "I"), (7, "Default Inference", "RA")],
               [("a b", 7), (7, "节点")])
    m = aif.loads(text)
    assert [s.id for s in m.statements] == ["a-b", "n"] and m.arguments[0].id == "7"
    assert m.arguments[0].premises == ["a-b"]
    out = aif.to_data(m)
    assert [n["nodeID"] for n in out["nodes"]] == ["a b", "节点", 7]
    assert [(e["fromID"], e["toID"]) for e in out["edges"]] == [("a b", 7), (7, "节点")]


def test_empty_text_gets_a_placeholder_and_is_restored() -> None:
    text = doc([("1", "", "I"), ("2", "C", "I"), ("3", "RA", "RA")], [("1", "3"), ("3", "2")])
    m = aif.loads(text)
    assert m.statements[0].text == "(empty)"
    assert aif.to_data(m)["nodes"][0]["text"] == ""


def test_xaif_wrapper_and_extra_keys_are_kept() -> None:
    data = {"AIF": json.loads(doc([("1", "P", "I"), ("2", "C", "I"), ("3", "Default Inference", "RA")],
                                  [("1", "3"), ("3", "2")])),
            "text": "<span>P. So C.</span>", "dialog": False}
    m = aif.loads(json.dumps(data))
    same_aif(data, aif.to_data(m))


# --- malformed input --------------------------------------------------------------------------------


def errors(text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(MapError) as info:
        aif.reads(text, filename="bad.json")
    return [(d.code, d.location.line, d.message) for d in info.value.diagnostics]


def test_edge_to_a_missing_node_is_a_located_error() -> None:
    text = doc([("1", "P", "I"), ("2", "RA", "RA")], [("1", "2"), ("2", "99")]).replace("}, {", "},\n{")
    [(code, line, message)] = errors(text)
    assert code == "AM021" and "node '99', which does not exist" in message
    assert line == text[: text.index('"toID": "99"')].count("\n") + 1


def test_duplicate_node_ids_are_an_error() -> None:
    text = doc([("1", "P", "I"), (1, "Q", "I")], [])
    [(code, _, message)] = errors(text)
    assert code == "AM020" and "duplicate nodeID '1'" in message


def test_not_aif_is_an_error() -> None:
    assert [c for c, _, _ in errors("[1, 2]")] == ["AM010"]
    assert [c for c, _, _ in errors('{"nodes": []}')] == ["AM011"]
    assert [c for c, _, _ in errors('{"nodes": [{"text": "x"}], "edges": []}')] == ["AM011"]
    assert [c for c, _, _ in errors('{"nodes": [{"nodeID": true, "type": "I"}], "edges": []}')] == ["AM010"]
    [(code, line, _)] = errors('{"nodes": [\n  {"nodeID": "1",}\n], "edges": []}')
    assert code == "AM001" and line == 2


def kept(text: str) -> tuple[argmap.ArgumentMap, list[str]]:
    """Import, check that export restores the document exactly, return the map and warning codes."""
    result = aif.reads(text)
    same_aif(json.loads(text), aif.to_data(result.map))
    return result.map, [d.code for d in result.diagnostics if d.severity == "warning"]


def test_ca_attacking_a_ca_without_attacker_is_kept_and_reported() -> None:
    text = doc([("1", "P", "I"), ("2", "Q", "I"), ("3", "CA", "CA"), ("4", "CA", "CA"), ("5", "TA", "TA")],
               [("1", "3"), ("3", "2"), ("5", "4"), ("4", "3")])
    m, codes = kept(text)
    assert [(a.id, a.to) for a in m.attacks] == [("3", "2")] and codes == ["AM501"]


def test_cycle_through_s_nodes_is_kept_and_reported() -> None:
    text = doc([("1", "P", "I"), ("2", "Q", "I"), ("3", "CA", "CA"), ("4", "CA", "CA")],
               [("1", "3"), ("2", "4"), ("3", "4"), ("4", "3")])
    m, codes = kept(text)
    assert m.attacks == [] and "AM501" in codes
    result = aif.reads(text)
    assert any("cycle through S-nodes" in d.message for d in result.diagnostics)


def test_ra_without_conclusion_or_premise_is_kept_and_reported() -> None:
    text = doc([("1", "P", "I"), ("2", "RA", "RA"), ("3", "RA", "RA"), ("4", "C", "I")],
               [("1", "2"), ("3", "4")])
    m, codes = kept(text)
    assert m.arguments == [] and codes == ["AM501", "AM501"]
    with pytest.raises(MapError, match="has no conclusion"):
        aif.loads(text, strict=True)
    with pytest.warns(ConversionWarning) as record:
        aif.loads(text)
    assert sorted(str(w.message).split("AM501 ")[1][:22] for w in record) == ["RA-node '2' has no con",
                                                                             "RA-node '3' has no pre"]


def test_s_node_links_and_i_to_i_edges_are_kept_and_reported() -> None:
    text = doc([("1", "P", "I"), ("2", "Q", "I"), ("3", "RA", "RA"), ("4", "RA", "RA"), ("5", "R", "I"),
                ("6", "X", "EN")],
               [("1", "3"), ("3", "2"), ("2", "4"), ("4", "5"), ("3", "4"), ("1", "5"), ("6", "1")])
    m, codes = kept(text)
    assert len(m.arguments) == 2 and codes.count("AM501") == 3  # RA->RA, I->I, unknown type EN


def test_repeated_edges_are_kept_and_reported() -> None:
    text = doc([("1", "P", "I"), ("2", "Q", "I"), ("3", "RA", "RA")], [("1", "3"), ("1", "3"), ("3", "2")])
    m, codes = kept(text)
    assert m.arguments[0].premises == ["1"] and codes == ["AM501"]


def test_ca_node_with_several_inputs_is_one_joint_attack() -> None:
    text = doc([("1", "P", "I"), ("2", "Q", "I"), ("3", "C", "I"), ("4", "CA", "CA"), ("5", "RA", "RA"),
                ("6", "D", "I")],
               [("1", "4"), ("2", "4"), ("4", "3"), ("1", "5"), ("5", "3"), ("5", "6")])
    m, codes = kept(text)
    assert [(a.id, a.from_, a.to) for a in m.attacks] == [("4", ["1", "2"], "3")]  # force only with both
    assert m.attacks[0].metadata == {"aif": {"text": "CA", "edges": {"from": [{"edgeID": 1}, {"edgeID": 2}],
                                                          "to": {"edgeID": 3}}}}
    # an RA-node with several conclusions is still several arguments (argmap's argument has one conclusion)
    assert [(a.id, a.premises, a.conclusion) for a in m.arguments] == [("5", ["1"], "3"), ("5-2", ["1"], "6")]
    assert codes == ["AM503"]
    same_aif(json.loads(text), aif.to_data(m))  # one CA-node with both inputs and the same edge ids
    # a native joint attack is written as one CA-node with several I-node inputs, and read back the same
    native = argmap.ArgumentMap.model_validate({
        "statements": [{"id": i, "text": i} for i in ("x", "y", "c")],
        "attacks": [{"id": "j", "from": ["x", "y"], "to": "c", "weight": 0.5, "implicit": True}]})
    data = aif.to_data(native, timestamp=STAMP)
    assert sorted((e["fromID"], e["toID"]) for e in data["edges"]) == [("j", "c"), ("x", "j"), ("y", "j")]
    assert aif.from_data(data).map == native


def test_parts_split_by_an_older_argmap_are_joined_or_written_apart() -> None:
    m = argmap.ArgumentMap.model_validate({
        "statements": [{"id": i, "text": i} for i in ("x", "y", "c", "d")],
        "attacks": [{"id": "4", "from": "x", "to": "c"},
                    {"id": "4-2", "from": "y", "to": "c", "metadata": {"aif": {"nodeID": "4", "part": 1}}}]})
    data = aif.to_data(m, timestamp=STAMP)
    assert [n["nodeID"] for n in data["nodes"] if n["type"] == "CA"] == ["4"]  # joined again
    assert aif.from_data(data).map.attacks[0].from_ == ["x", "y"]
    # a part whose target changed is written as a node of its own, with a warning
    changed = m.model_copy(update={"attacks": [m.attacks[0], m.attacks[1].model_copy(update={"to": "d"})]})
    with pytest.warns(ConversionWarning, match="written as a CA-node of its own"):
        data = aif.to_data(changed)
    assert sorted(n["nodeID"] for n in data["nodes"] if n["type"] == "CA") == ["4", "4-2"]


def test_export_reports_kept_parts_that_lost_their_nodes() -> None:
    m = aif.load(SAMPLE)
    smaller = m.model_copy(update={"statements": [s for s in m.statements if s.id != "102"],
                                   "arguments": [a for a in m.arguments if a.id != "104"],
                                   "attacks": [a for a in m.attacks if a.to != "104"]})
    with pytest.warns(ConversionWarning, match="no longer in the map"):
        data = aif.to_data(smaller)
    ids = {str(n["nodeID"]) for n in data["nodes"]}
    assert all(str(e["fromID"]) in ids and str(e["toID"]) in ids for e in data["edges"])


def test_extension_that_does_not_fit_is_ignored_with_a_warning() -> None:
    m = argmap.loads('argmap: "1"\nstatements: [{id: p, text: P, type: fact}]\n')
    data = aif.to_data(m, timestamp=STAMP)
    data["argmap"]["nodes"]["p"]["type"] = "no-such-type"
    result = aif.reads(json.dumps(data))
    assert result.map.statements[0].type == "claim" and [d.code for d in result.warnings] == ["AM505"]
    data["argmap"] = {"version": "99"}
    assert [d.code for d in aif.reads(json.dumps(data)).warnings] == ["AM505"]


def test_typed_graph_helper() -> None:
    graph = aif.aif_graph(json.loads(SAMPLE.read_text(encoding="utf-8")))
    assert graph.nodes["106"] == {"type": "RA", "text": "Argument From Cost"}
    assert graph.has_edge("105", "106")
    assert nx.is_isomorphic(graph, graph, node_match=operator.eq)
