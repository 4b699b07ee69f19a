"""Argdown: argmap's export checked by the real Argdown parser, and import of Argdown's JSON export."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

import argmap
from argmap.errors import MapError
from argmap.io import aif, argdown, microtext
from argmap.io.formats import ConversionWarning

from .argdown_cli import argdown_cli, argdown_json  # noqa: F401  (argdown_cli is a fixture)
from .conftest import EXAMPLES
from .interchange_strategies import rich_maps

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"


def test_escape_keeps_markup_characters_literal() -> None:
    assert argdown.escape("[a] <b> #c @d {e} *f* _g_ //h \\") == \
        "\\[a\\] \\<b\\> \\#c \\@d \\{e\\} \\*f\\* \\_g\\_ \\/\\/h \\\\"
    assert argdown.escape(":smile: and 3.5 and a.b.c") == "\\:smile: and 3.5 and a\\.b.c"
    assert argdown.escape("line\nbreak") == "line break"
    assert argdown.escape(" lead") == "\\ lead"


def test_titles_avoid_what_argdown_reads_as_relations() -> None:
    m = argmap.loads('argmap: "1"\nstatements: [{id: "-x", text: A}, {id: "n-x", text: B}, {id: "_y", text: C}]\n')
    assert argdown.titles(m) == {"-x": "n-x-2", "n-x": "n-x", "_y": "n_y"}


def test_export_of_the_bike_lanes_map() -> None:
    m = argmap.load(EXAMPLES / "bike-lanes.yaml")
    with pytest.warns(ConversionWarning) as record:
        text = argdown.dumps(m)
    assert text.startswith('===\ntitle: "Should the city')
    assert "# " in text and "<a-safety>" in text and "(1) [safer]\n(2) [more-cyclists]\n-- " in text
    assert "[selection-bias]\n  _> <a-injuries>" in text and "[shops-lose]\n  -> [build-lanes]" in text
    lost = " ".join(str(w.message) for w in record)
    assert "statement types" in lost and "analogies" in lost


# --- the real parser --------------------------------------------------------------------------------


# What JavaScript's String.prototype.trim removes, on top of Python's str.strip.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000\ufeff"


def _norm(text: str) -> str:
    return re.sub(r"\r\n|\r|\n", " ", text).strip()


def _norm_heading(text: str) -> str:
    """A heading as Argdown keeps it: it trims headings (not statements) with JavaScript's trim."""
    return _norm(text).strip(_JS_SPACE).strip()


def compare_with_parser(maps: list[argmap.ArgumentMap], argdown_path: Path, tmp_path: Path) -> None:
    """Export each map, parse all with the real Argdown parser, and compare what it read with the map."""
    inputs, outputs = tmp_path / "in", tmp_path / "json"
    inputs.mkdir(exist_ok=True)
    for number, m in enumerate(maps):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConversionWarning)
            (inputs / f"m{number}.argdown").write_text(argdown.dumps(m), encoding="utf-8")
    run = argdown_json(argdown_path, inputs, outputs)
    if run.returncode != 0:
        culprit = _first_rejected(maps, argdown_path, tmp_path)
        raise AssertionError(f"Argdown rejected the export of map {culprit}:\n{argmap.dumps(maps[culprit])}\n"
                             f"{run.stdout[-1500:]}{run.stderr[-1500:]}")
    for number, m in enumerate(maps):
        produced = outputs / f"m{number}.json"
        assert produced.exists(), f"Argdown rejected map {number}: {run.stdout[-2000:]}"
        try:
            check_one(m, produced)
        except AssertionError as error:
            raise AssertionError(f"map {number}:\n{argmap.dumps(m)}") from error


def _first_rejected(maps: list[argmap.ArgumentMap], argdown_path: Path, tmp_path: Path) -> int:
    """The number of a map whose export Argdown rejects, found by halving (one Argdown run fails all)."""
    low, high = 0, len(maps)
    while high - low > 1:
        middle = (low + high) // 2
        probe = tmp_path / f"probe-{low}-{middle}"
        probe.mkdir()
        for number in range(low, middle):
            (probe / f"m{number}.argdown").write_bytes((tmp_path / "in" / f"m{number}.argdown").read_bytes())
        if argdown_json(argdown_path, probe, probe / "out").returncode != 0:
            high = middle
        else:
            low = middle
    return low


def check_one(m: argmap.ArgumentMap, produced: Path) -> None:
    """Compare what Argdown read from argmap's export of ``m`` with ``m``."""
    raw = json.loads(produced.read_text(encoding="utf-8"))
    back = argdown.load_json(produced)
    title = argdown.titles(m)
    # statements: every proposition, with its text
    assert set(raw["statements"]) == {title[p.id] for p in [*m.statements, *m.analogies]}
    assert {s.id: s.text for s in back.statements} == \
        {title[p.id]: _norm(p.text) or title[p.id] for p in [*m.statements, *m.analogies]}
    # arguments: premise-conclusion structures with the same premises and conclusion
    assert set(raw["arguments"]) == {title[a.id] for a in m.arguments}
    assert {(a.id, tuple(a.premises), a.conclusion, a.scheme) for a in back.arguments} == \
        {(title[a.id], tuple(title[p] for p in a.premises), title[a.conclusion],
          a.scheme.strip().replace(",", " ") if a.scheme and a.scheme.strip() and "\n" not in a.scheme
          and "\r" not in a.scheme else None) for a in m.arguments}
    # relations: attacks and undercuts (Argdown keeps one relation per pair; no relations to relations)
    attacks = {a.id for a in m.attacks}
    expected = {(title[attacker], title[a.to], "undercut" if a.type == "undercut" else "attack")
                for a in m.attacks for attacker in a.attackers  # a joint attack: one relation per attacker
                if a.to not in attacks and attacker != a.to}
    found = {(r["from"], r["to"], r["relationType"]) for r in raw["relations"] if r["from"] != r["to"]}
    assert found == expected
    # sections: each proposition and argument is under its section's heading
    section_title = {s.id: _norm_heading(s.title) for s in m.sections}
    sections = {s.id: s.title for s in back.sections}
    for node in [*m.statements, *m.analogies]:
        imported = next(s for s in back.statements if s.id == title[node.id])
        if node.section is not None and section_title[node.section]:
            assert imported.section is not None and _norm_heading(sections[imported.section]) == \
                section_title[node.section]


def test_examples_and_samples_pass_the_argdown_parser(argdown_cli: Path, tmp_path: Path) -> None:  # noqa: F811
    maps = [argmap.load(EXAMPLES / "bike-lanes.yaml"), argmap.load(EXAMPLES / "deepseek" / "map.yaml"),
            aif.read(FIXTURES / "sample.aif.json").map, microtext.read(FIXTURES / "sample.micro.xml").map]
    compare_with_parser(maps, argdown_cli, tmp_path)


# Characters that JavaScript, Python and Argdown disagree about: JavaScript's ``.`` does not match
# U+2028/U+2029 (so "\\\u2028" is a lexing error), Python's ``str.strip`` removes them and the
# C0 separators, and Argdown's own newline is only CR/LF.
AWKWARD = ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\u3000", "\u00a0", "\t", " ",
           "\ufeff"]


def test_awkward_whitespace_passes_the_argdown_parser(argdown_cli: Path, tmp_path: Path) -> None:  # noqa: F811
    maps = []
    for number, char in enumerate(AWKWARD):
        texts = [char, char * 2 + " ", f"a{char}b", f"{char}a", f"a{char}", f" {char}"]
        statements = [{"id": f"s{i}", "text": text, "tags": [f"t{char}", char + "x"], "section": "h"}
                      for i, text in enumerate(texts)]
        maps.append(argmap.ArgumentMap.model_validate({
            "argmap": "1", "title": f"T{char}", "sections": [{"id": "h", "title": f"{char}H{char}"}],
            "statements": statements,
            "arguments": [{"id": "a", "premises": ["s0", "s1"], "conclusion": "s2", "scheme": f"x{char}y"}],
            "attacks": [{"id": "k", "from": "s3", "to": "s4"}, {"id": "u", "from": "s5", "to": "a",
                                                                "type": "undercut"}]}))
        assert number == len(maps) - 1
    compare_with_parser(maps, argdown_cli, tmp_path)


def test_any_map_passes_the_argdown_parser(argdown_cli: Path, tmp_path: Path) -> None:  # noqa: F811
    # Maps are generated first and parsed in one run of the Argdown command (one run per map would
    # take minutes); a failure names the map, whose YAML is in the assertion message.
    maps: list[argmap.ArgumentMap] = []

    @settings(max_examples=150, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(rich_maps())
    def collect(m: argmap.ArgumentMap) -> None:
        maps.append(m)

    collect()
    compare_with_parser(maps, argdown_cli, tmp_path)


def test_committed_sample_is_what_argdown_writes(argdown_cli: Path, tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "sample.argdown").write_bytes((FIXTURES / "sample.argdown").read_bytes())
    assert argdown_json(argdown_cli, tmp_path / "in", tmp_path / "out").returncode == 0
    produced = json.loads((tmp_path / "out" / "sample.json").read_text(encoding="utf-8"))
    committed = json.loads((FIXTURES / "sample.argdown.json").read_text(encoding="utf-8"))
    assert produced == committed


# --- reading Argdown's JSON export ------------------------------------------------------------------


def test_sample_json_import() -> None:
    result = argdown.read_json(FIXTURES / "sample.argdown.json")
    m = result.map
    assert result.diagnostics == ()
    texts = {s.id: s.text for s in m.statements}
    assert texts["Build-lanes"] == "The city should build protected bike lanes."  # the tag is not text
    assert next(s for s in m.statements if s.id == "Build-lanes").tags == ["policy"]
    # a premise-conclusion structure with an intermediary conclusion: two inference steps
    assert [(a.id, a.premises, a.conclusion, a.scheme) for a in m.arguments] == [
        ("Safety-1", ["Safer", "More-riders"], "Worth-it", "practical reasoning"),
        ("Safety", ["Worth-it", "Cheap"], "Build-lanes", None)]
    attacks = {(a.from_, a.to, a.type) for a in m.attacks}
    assert attacks == {("Shops", "Build-lanes", "rebut"),           # an argument without structure: its gist
                       ("Cheap", "Expensive", "rebut"), ("Expensive", "Cheap", "rebut"),  # contradictory
                       ("Revenue", "Shops", "undermine"),           # attack on the gist
                       ("Other-cities", "attack-2", "undercut")}    # undercut of the gist argument's attack
    assert {s.title for s in m.sections} == {"Safety", "Costs"}
    assert next(s for s in m.statements if s.id == "Expensive").section == "section-s2"
    argmap.loads(argmap.dumps(m))  # passes argmap's own checks


def test_unknown_relation_types_are_kept_and_reported() -> None:
    data = json.loads((FIXTURES / "sample.argdown.json").read_text(encoding="utf-8"))
    data["relations"].append({"type": "relation", "relationType": "questions", "from": "Cheap",
                              "fromType": "equivalence-class", "to": "Revenue", "toType": "equivalence-class"})
    text = json.dumps(data, indent=1)
    result = argdown.reads_json(text)
    [warning] = result.warnings
    assert warning.code == "AM501" and "'questions'" in warning.message and warning.location.line is not None
    assert result.map.metadata["argdown"]["relations"] == [data["relations"][-1]]
    with pytest.raises(MapError):
        argdown.loads_json(text, strict=True)


def test_not_an_argdown_export() -> None:
    with pytest.raises(MapError) as info:
        argdown.reads_json('{"nodes": []}')
    assert info.value.diagnostics[0].code == "AM504"
    data = {"statements": {}, "arguments": {}, "relations": [
        {"relationType": "support", "from": "X", "fromType": "equivalence-class", "to": "Y",
         "toType": "equivalence-class"}]}
    with pytest.raises(MapError) as info:
        argdown.reads_json(json.dumps(data))
    assert info.value.diagnostics[0].code == "AM021"


def test_a_linked_marker_is_reported_as_lost() -> None:
    m = argmap.loads('argmap: "1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\n'
                     'arguments: [{id: a, premises: [p], conclusion: c, linked: true}]\n')
    with pytest.warns(ConversionWarning, match="linked markers"):
        argdown.dumps(m)
    with pytest.warns(ConversionWarning, match="linked markers"):
        microtext.dumps(m)
