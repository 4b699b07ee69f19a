"""Format 1.1 through interchange: every addition survives argmap YAML/JSON and networkx's own writers.

AIF, node-link JSON, GraphML and Microtext have their own property tests (in their test modules),
all fed by ``rich_maps()``, which generates every 1.1 addition: implicit statements, arguments and
attacks, weights, restatements, occurrences, hypothetical analogies and joint attacks.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx
from hypothesis import HealthCheck, given, settings

import argmap
from argmap.io import aif, microtext, nxjson

from .interchange_strategies import rich_maps

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

ALL_OF_1_1 = argmap.ArgumentMap.model_validate({
    "argmap": "1.1",
    "source": {"text": "Phones distract. Phones distract. Schools can ban them. Offices call parents."},
    "statements": [
        {"id": "thesis", "text": "Ban phones in schools.", "role": "proponent", "weight": 0.9},
        {"id": "again", "text": "Schools should ban phones.", "restates": "thesis"},
        {"id": "distract", "text": "Phones distract.", "quote": "Phones distract.", "occurrence": 2},
        {"id": "enforce", "text": "Schools can enforce a ban.", "implicit": True, "weight": 0.7},
        {"id": "office", "text": "Offices call parents.", "role": "opponent"},
        {"id": "line", "text": "The school has a phone line.", "role": "opponent", "implicit": True},
        {"id": "worry", "text": "Parents worry.", "role": "opponent"},
    ],
    "analogies": [{"id": "slot", "figure": "hypothetical", "text": "A phone is like a slot machine.",
                   "source": "slot machine", "target": "phone", "weight": 0.4}],
    "arguments": [{"id": "a1", "premises": ["distract", "enforce"], "conclusion": "thesis", "weight": 0.8},
                  {"id": "a2", "premises": ["slot"], "conclusion": "distract", "implicit": True}],
    "attacks": [{"id": "x1", "from": "worry", "to": "thesis", "weight": 0.3},
                {"id": "x2", "from": ["office", "line"], "to": "worry", "type": "rebut", "weight": 0.5,
                 "implicit": False}],
})


def _has_bad_characters(value: Any) -> bool:
    """Whether any string (key or value) in plain data holds a character XML 1.0 cannot hold."""
    if isinstance(value, str):
        return _XML_BAD.search(value) is not None
    if isinstance(value, dict):
        return any(_has_bad_characters(k) or _has_bad_characters(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_bad_characters(v) for v in value)
    return False


def _plain(value: Any) -> bool:
    """Whether a value is plain data (what JSON holds), with no None at the top."""
    if isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, list):
        return all(item is None or _plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and (v is None or _plain(v)) for k, v in value.items())
    return False


def test_the_example_uses_every_addition() -> None:
    m = ALL_OF_1_1
    assert m.node("x2").joint and m.node("again").restates == "thesis" and m.node("distract").occurrence == 2
    assert m.node("slot").figure == "hypothetical" and m.node("enforce").implicit and m.node("a2").implicit


def test_every_addition_round_trips_through_each_lossless_format() -> None:
    m = ALL_OF_1_1
    assert argmap.loads(argmap.dumps(m, "yaml"), "yaml") == m
    assert argmap.loads(argmap.dumps(m, "json"), "json") == m
    assert aif.loads(aif.dumps(m, timestamp="2025-01-01 00:00:00")) == m
    assert nxjson.loads(nxjson.dumps(m)) == m
    assert nxjson.loads_graphml(nxjson.dumps_graphml(m)) == m
    assert argmap.from_networkx(argmap.to_networkx(m)) == m


def test_aif_holds_joint_attacks_and_restatements_in_aif_itself() -> None:
    data = aif.to_data(ALL_OF_1_1, timestamp="2025-01-01 00:00:00", extension=False)
    types = {n["nodeID"]: n["type"] for n in data["nodes"]}
    into = sorted(e["fromID"] for e in data["edges"] if e["toID"] == "x2")
    assert types["x2"] == "CA" and into == ["line", "office"]  # one CA-node, two I-node inputs
    rephrase = [n for n in data["nodes"] if n["type"] == "MA"]
    assert [n["text"] for n in rephrase] == ["Default Rephrase"]
    ends = {(e["fromID"], e["toID"]) for e in data["edges"]}
    assert ("again", rephrase[0]["nodeID"]) in ends and (rephrase[0]["nodeID"], "thesis") in ends
    back = aif.from_data(data).map  # without the extension: what AIF itself says
    assert back.node("x2").from_ == ["office", "line"] and back.node("again").restates == "thesis"  # type: ignore[union-attr]


def test_microtext_keeps_what_it_can_and_reports_the_rest() -> None:
    exported = microtext.export(ALL_OF_1_1)
    back = microtext.reads(exported.text).map
    assert back.node("x2").from_ == ["office", "line"]  # type: ignore[union-attr]
    assert [s.id for s in back.statements if s.implicit] == ["enforce", "line"]
    assert 'implicit="true"' in exported.text
    reported = " ".join(d.message for d in exported.diagnostics)
    for lost in ("weights", "restatements", "occurrence", "implicit arguments and attacks", "analogies"):
        assert lost in reported, lost


@SETTINGS
@given(rich_maps())
def test_yaml_and_json_keep_every_addition(m: argmap.ArgumentMap) -> None:
    from_yaml = argmap.loads(argmap.dumps(m, "yaml"), "yaml")
    assert from_yaml == m
    assert argmap.loads(argmap.dumps(from_yaml, "json"), "json") == m


@SETTINGS
@given(rich_maps())
def test_networkx_graph_is_plain_data_that_networkx_writes(m: argmap.ArgumentMap) -> None:
    graph = argmap.to_networkx(m)
    assert argmap.from_networkx(graph) == m
    every = [graph.graph, *(d for _, d in graph.nodes(data=True)), *(d for _, _, d in graph.edges(data=True))]
    for attributes in every:
        assert all(value is not None and _plain(value) for value in attributes.values()), attributes
    # networkx's own writers: node-link JSON as json.dumps takes it, GraphML through graphml_ready
    text = json.dumps(nx.node_link_data(graph, edges="edges"))
    assert nxjson.loads(text) == m
    if not _has_bad_characters(m.model_dump(mode="json")):  # XML cannot hold some control characters
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer)  # as it is: structured fields are JSON text already
        assert nxjson.loads_graphml(buffer.getvalue()) == m
    buffer = io.BytesIO()
    nx.write_graphml(nxjson.graphml_ready(nxjson.plain_graph(m)), buffer)  # lists and objects, made writable
    if not _has_bad_characters(m.model_dump(mode="json")):  # else replaced by U+FFFD, with a warning
        assert nxjson.loads_graphml(buffer.getvalue()) == m


def test_a_restatement_is_linked_and_leads_where_its_original_does() -> None:
    """AM103 (isolated) and AM105 (unreachable) count `restates` as a link, as evaluation treats the two as one."""
    from argmap.checks import run_rules

    m = argmap.ArgumentMap.model_validate({
        "main_conclusions": ["c"],
        "statements": [{"id": "c", "text": "C"}, {"id": "p", "text": "P"}, {"id": "again", "text": "C again",
                                                                            "restates": "c"},
                       {"id": "lone", "text": "L"}],
        "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]})
    codes = {(d.code, tuple(d.nodes)) for d in run_rules(m) if d.code in ("AM103", "AM105")}
    assert codes == {("AM103", ("lone",))}
    without = m.model_copy(update={"statements": [*m.statements[:2], m.statements[2].model_copy(
        update={"restates": None}), m.statements[3]]})
    assert {d.nodes[0] for d in run_rules(without) if d.code == "AM103"} == {"again", "lone"}
