"""Microtext arggraph XML: the mapping, round trips, and hostile or malformed XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap.errors import MapError
from argmap.io import microtext
from argmap.io.formats import ConversionWarning

from .conftest import EXAMPLES
from .interchange_strategies import rich_maps

SAMPLE = Path(__file__).parent / "fixtures" / "interchange" / "sample.micro.xml"


def elements(text: str) -> tuple[dict[str, str], list[tuple[str, tuple[tuple[str, str], ...], str]]]:
    root = ET.fromstring(text.encode("utf-8"))
    return root.attrib, sorted((e.tag, tuple(sorted(e.attrib.items())), e.text or "") for e in root)


def test_sample_units_roles_and_text() -> None:
    result = microtext.read(SAMPLE)
    m = result.map
    texts = {s.id: (s.text, s.quote, s.role) for s in m.statements}
    # two EDUs joined through a <joint> make one unit, in text order
    assert texts["a5"] == ("Of course, shops will lose parking and customers with it.",) * 2 + ("opponent",)
    assert texts["a1"][2] == "proponent"
    # an implicit EDU is not verbatim source text: no quote, and the statement is implicit
    assert texts["a8"] == ("What works elsewhere works here.", None, "proponent")
    assert [s.id for s in m.statements if s.implicit] == ["a8"]
    assert m.source is not None and m.source.text is not None
    assert "What works elsewhere" not in m.source.text and m.source.text.endswith("I write this as a cyclist myself.")
    assert m.title == "sample_m1" and m.metadata["microtext"]["arggraph"]["topic_id"] == "bike_lanes"
    info = [d for d in result.diagnostics if d.severity == "info"]
    assert [d.code for d in info] == ["AM502"] and "(e9)" in info[0].message  # a segment outside every unit


def test_sample_arguments_and_attacks() -> None:
    m = microtext.read(SAMPLE).map
    arguments = {a.id: (a.premises, a.conclusion, a.scheme) for a in m.arguments}
    assert arguments == {"c1": (["a2", "a3"], "a1", None),    # sup + add: linked premises
                         "c3": (["a4"], "a1", "example")}     # exa
    attacks = {a.id: (a.from_, a.to, a.type) for a in m.attacks}
    assert attacks == {"c4": ("a5", "a1", "rebut"),
                       "c5": ("a6", "c4", "undercut"),        # und aimed at a reb edge: undercut of an attack
                       "c6": (["a7", "a8"], "c3", "undercut"),  # und aimed at an exa edge, plus an add
                       }
    # add on an undercut's edge: one joint undercut, with force only if both attackers stand
    assert attacks["c6"] == (["a7", "a8"], "c3", "undercut") and m.node("c6").joint
    assert "c7" not in attacks
    assert microtext.read(SAMPLE).warnings == []


def test_loaded_map_passes_argmaps_own_validation(tmp_path: Path) -> None:
    m = microtext.read(SAMPLE).map
    argmap.dump(m, tmp_path / "m.yaml")
    assert argmap.load(tmp_path / "m.yaml") == m


def test_microtext_to_argmap_to_microtext_gives_the_same_document() -> None:
    original = SAMPLE.read_text(encoding="utf-8")
    result = microtext.export(microtext.read(SAMPLE).map)
    assert result.diagnostics == ()
    assert elements(result.text) == elements(original)
    assert result.text == original  # even the order and the CDATA style


def test_native_map_to_microtext_and_back_keeps_the_structure() -> None:
    m = argmap.load(EXAMPLES / "bike-lanes.yaml")
    with pytest.warns(ConversionWarning):  # analogies, types, notes ... have no place in arggraph
        text = microtext.dumps(m)
    back = microtext.reads(text).map
    props = {p.id: p.quote or p.text for p in [*m.statements, *m.analogies]}
    assert {s.id: s.text for s in back.statements} == props
    assert [(a.id, a.premises, a.conclusion) for a in back.arguments] == \
        [(a.id, a.premises, a.conclusion) for a in m.arguments]
    assert [(a.id, a.from_, a.to, a.type) for a in back.attacks] == \
        [(a.id, a.from_, a.to, "rebut" if a.type == "undermine" else a.type) for a in m.attacks]
    roles = microtext.dialectical_roles(m)
    assert roles["build-lanes"] == "proponent" and roles["shops-lose"] == "opponent"
    assert roles["shoppers-on-bikes"] == "proponent"  # attacks the opponent's objection
    assert roles["selection-bias"] == "opponent"  # undercuts an argument for the proponent's premise
    assert {s.id: s.role for s in back.statements} == roles


def test_roles_flip_along_attacks_and_undercuts_of_attacks() -> None:
    m = argmap.ArgumentMap.model_validate({
        "argmap": "1", "main_conclusions": ["c"],
        "statements": [{"id": i, "text": i} for i in ("c", "p", "x", "y", "z")],
        "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}],
        "attacks": [{"id": "r", "from": "x", "to": "c"}, {"id": "u", "from": "y", "to": "r", "type": "undercut"},
                    {"id": "v", "from": "z", "to": "a", "type": "undercut"}]})
    assert microtext.dialectical_roles(m) == {"c": "proponent", "p": "proponent", "x": "opponent",
                                              "y": "proponent", "z": "opponent"}


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _unit_text(prop: argmap.Statement | argmap.Analogy) -> str:
    """The text a unit has after a trip through arggraph: an implicit one's text, else its quote or text."""
    raw = prop.text if getattr(prop, "implicit", None) else (prop.quote or prop.text)
    return _XML_BAD.sub("\ufffd", raw).strip() or "(implicit)"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_maps())
def test_any_map_survives_microtext_in_structure(m: argmap.ArgumentMap) -> None:
    exported = microtext.export(m)
    back = microtext.reads(exported.text).map
    props = [*m.statements, *m.analogies]
    assert [s.id for s in back.statements] == [p.id for p in props]
    assert [s.text for s in back.statements] == [_unit_text(p) for p in props]
    # implicit statements stay implicit (an implicit EDU), and have no quote
    assert [bool(s.implicit) for s in back.statements] == [bool(getattr(p, "implicit", None)) for p in props]
    assert all(s.quote is None for s in back.statements if s.implicit)
    assert [(a.premises, a.conclusion) for a in back.arguments] == [(a.premises, a.conclusion) for a in m.arguments]
    # joint attacks stay joint: the further attackers are add edges on the attack's edge
    assert sorted((a.id, a.attackers, a.to, a.type) for a in back.attacks) == \
        sorted((a.id, a.attackers, a.to, "rebut" if a.type == "undermine" else a.type) for a in m.attacks)
    assert all(s.role for s in back.statements)
    # what arggraph has no place for is reported, never dropped silently
    reported = " ".join(d.message for d in exported.diagnostics)
    nodes = [*props, *m.arguments, *m.attacks]
    assert ("weights" in reported) == any(n.weight is not None for n in nodes)
    assert ("restatements" in reported) == any(s.restates for s in m.statements)
    assert ("occurrence" in reported) == any(p.occurrence is not None for p in props)
    assert ("implicit arguments and attacks" in reported) == \
        any(n.implicit is not None for n in [*m.arguments, *m.attacks])


# --- hostile and malformed XML ----------------------------------------------------------------------


def problems(text: str) -> list[tuple[str, int | None]]:
    with pytest.raises(MapError) as info:
        microtext.reads(text, filename="x.xml")
    return [(d.code, d.location.line) for d in info.value.diagnostics]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<arggraph id="x"><edu id="e1">&lol9;</edu></arggraph>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE arggraph [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<arggraph id="x"><edu id="e1">&secret;</edu></arggraph>"""


def test_entity_expansion_and_external_entities_are_refused() -> None:
    assert problems(BILLION_LAUGHS) == [("AM003", None)]
    assert problems(EXTERNAL) == [("AM003", None)]
    with pytest.raises(MapError, match="entity declarations and external references are refused"):
        microtext.reads(BILLION_LAUGHS)


def test_a_doctype_naming_the_dtd_is_fine() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "<arggraph id=", '<!DOCTYPE arggraph SYSTEM "arggraph.dtd">\n<arggraph id=', 1)
    assert microtext.reads(text).map == microtext.read(SAMPLE).map


def test_malformed_xml_is_located() -> None:
    assert problems('<arggraph id="x">\n  <edu id="e1">text</edu>\n  <adu id="a1" type="pro">\n</arggraph>') == \
        [("AM001", 4)]
    assert problems("") == [("AM001", 1)]


def test_structural_errors_are_reported_together_with_lines() -> None:
    text = """<arggraph id="x">
  <edu id="e1">A</edu>
  <adu id="a1" type="pro"/>
  <adu id="a1" type="opp"/>
  <adu id="a2" type="maybe"/>
  <edge id="c1" src="e1" trg="a9" type="seg"/>
  <edge id="c2" src="a1" trg="a2" type="und"/>
</arggraph>"""
    assert problems(text) == [("AM020", 4), ("AM010", 5), ("AM021", 6)]
    text = text.replace('<adu id="a1" type="opp"/>', "").replace('type="maybe"', 'type="opp"').replace("a9", "a1")
    assert problems(text) == [("AM505", 7)]  # und must aim at an edge


def test_wrong_root_is_an_unknown_format() -> None:
    assert problems("<graphml/>") == [("AM504", 1)]


def test_unknown_edge_types_and_units_without_text_are_kept_and_reported() -> None:
    text = """<arggraph id="x">
  <edu id="e1">A</edu>
  <edu id="e2">B</edu>
  <adu id="a1" type="pro"/>
  <adu id="a2" type="opp"/>
  <adu id="a3" type="pro"/>
  <edge id="c1" src="e1" trg="a1" type="seg"/>
  <edge id="c2" src="e2" trg="a2" type="seg"/>
  <edge id="c3" src="a2" trg="a1" type="concede"/>
  <edge id="c4" src="a3" trg="a1" type="sup"/>
</arggraph>"""
    result = microtext.reads(text)
    assert [(d.code, d.location.line) for d in result.warnings] == [("AM501", 6), ("AM501", 9)]
    assert result.map.statements[2].text == "(implicit)" and result.map.arguments[0].premises == ["a3"]
    again = microtext.export(result.map).text
    assert elements(again)[1] == elements(text)[1] or 'type="concede"' in again
