"""Argdown: argmap's export checked by the real Argdown parser, and import of Argdown's JSON export."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import argmap
from argmap.errors import MapError
from argmap.io import aif, argdown, microtext
from argmap.io.formats import ConversionWarning

from .argdown_cli import argdown_cli, argdown_json  # noqa: F401  (argdown_cli is a fixture)
from .conftest import EXAMPLES
from .interchange_strategies import rich_maps

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"


@st.composite
def maps_1_1(draw: st.DrawFn) -> argmap.ArgumentMap:
    """Rich maps with format 1.1's parts: restatements, implicit nodes, weights, joint attacks."""
    data = draw(rich_maps()).model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["argmap"] = "1.1"
    statements = data.get("statements", [])
    propositions = [s["id"] for s in statements] + [a["id"] for a in data.get("analogies", [])]
    for index, statement in enumerate(statements):
        if index and draw(st.integers(0, 3)) == 0:  # restates an earlier statement: never a loop
            statement["restates"] = draw(st.sampled_from([s["id"] for s in statements[:index]]))
        if draw(st.booleans()):
            statement["implicit"] = draw(st.booleans())
        if draw(st.booleans()):
            statement["weight"] = draw(st.floats(0, 1))
    for node in [*data.get("arguments", []), *data.get("attacks", [])]:
        if draw(st.booleans()):
            node["weight"] = draw(st.floats(0, 1))
        if draw(st.booleans()):
            node["implicit"] = draw(st.booleans())
    for attack in data.get("attacks", []):
        if len(propositions) > 1 and draw(st.integers(0, 3)) == 0:
            attack["from"] = draw(st.lists(st.sampled_from(propositions), min_size=2, max_size=3, unique=True))
    return argmap.ArgumentMap.model_validate(data)


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
    result = argdown.export(m)
    text = result.text
    assert result.diagnostics == ()  # nothing lost: the front matter's extension holds the rest
    assert text.startswith('===\ntitle: "Should the city') and "\nargmap: {" in text
    assert "# " in text and "<a-safety>" in text and "(1) [safer]\n(2) [more-cyclists]\n-- " in text
    assert "[selection-bias]\n  _> <a-injuries>" in text and "[shops-lose]\n  -> [build-lanes]" in text
    # relations are written inside the section they belong to, not after the last heading
    assert text.index("[shops-lose]\n  -> [build-lanes]") > text.index("# Objections")
    assert _plain(argdown.reads(text).map) == _plain(m)
    lost = " ".join(str(d) for d in argdown.export(m, extension=False).diagnostics)
    assert "type" in lost and "analogies" in lost


def test_an_answered_objection_survives_as_an_undercut_of_an_argument() -> None:
    # the reply undercuts the attack: the attack is written as an argument, the reply as `_>`
    m = argmap.loads('argmap: "1.1"\ntitle: T\nstatements: [{id: c, text: C}, {id: o, text: O}, {id: r, text: R}, '
                     '{id: p, text: P}, {id: q, text: Q}]\n'
                     'attacks: [{id: k, from: o, to: c}, {id: u, from: r, to: k, type: undercut}, '
                     '{id: j, from: [p, q], to: c}, {id: x, from: c, to: o}]\n')
    text = argdown.dumps(m)
    assert "<k>\n  <+ [o]\n  -> [c]" in text and "[r]\n  _> <k>" in text
    assert "<j>\n  <+ [p]\n  <+ [q]\n  -> [c]" in text
    back = argdown.loads(text)
    assert _plain(back) == _plain(m) and back.title == "T"
    # without the extension the structure is what Argdown says: the reply still undercuts
    plain = argdown.reads(text, extension=False).map
    assert any(a.type == "undercut" for a in plain.attacks)


def test_restatements_are_members_of_an_equivalence_class() -> None:
    m = argmap.loads('argmap: "1.1"\nstatements: [{id: s, text: Lanes are safe.}, '
                     '{id: r, text: Protected lanes reduce injuries., restates: s}, {id: c, text: Build them.}]\n'
                     'arguments: [{id: a, premises: [s], conclusion: c}]\n')
    text = argdown.dumps(m)
    # the same title, other words: Argdown's equivalence class; the statement's own definition last
    assert text.index("[s]: Protected lanes") < text.index("[s]: Lanes are safe.")
    assert _plain(argdown.loads(text)) == _plain(m)
    plain = argdown.reads(text, extension=False).map  # what Argdown alone says
    assert [(s.text, s.restates) for s in plain.statements if s.restates] == [("Protected lanes reduce injuries.", "s")]
    assert plain.argmap == "1.1"


def test_an_extension_that_does_not_fit_is_ignored_with_a_warning() -> None:
    text = ('===\nargmap: {"version": "1", "nodes": {"[a]": {"id": "not an id", "fields": {"type": 5}}}}\n'
            '===\n\n[a]: A\n')
    result = argdown.reads(text)
    assert [s.id for s in result.map.statements] == ["a"]
    assert [d.code for d in result.warnings] == ["AM505"]
    edited = argdown.dumps(argmap.loads('argmap: "1"\nstatements: [{id: a, text: A, type: fact}]\n'))
    edited += "\n[b]: B, added by hand\n"  # nodes without an entry are read as plain Argdown
    back = argdown.loads(edited)
    assert [(s.id, s.type) for s in back.statements] == [("a", "fact"), ("b", "claim")]


def test_mutual_rebuttals_are_a_contradiction() -> None:
    m = argmap.loads('argmap: "1"\nstatements: [{id: a, text: A}, {id: b, text: B}]\n'
                     'attacks: [{id: x, from: a, to: b}, {id: y, from: b, to: a}]\n')
    text = argdown.dumps(m)
    assert "[a]\n  >< [b]" in text and "->" not in text
    assert _plain(argdown.loads(text)) == _plain(m)


def test_reading_argdown_text_and_its_registration(tmp_path: Path) -> None:
    path = tmp_path / "debate.argdown"
    path.write_text("===\ntitle: Bikes\n===\n\n# Costs\n\n[Cheap]: Lanes are cheap. #money\n  - [Dear]: No, dear.\n"
                    "  + <Cost>: Compared to roads.\n\n<Cost>\n\n(1) [Roads]: Roads cost more.\n"
                    "-- comparison --\n(2) [Cheap]\n", encoding="utf-8")
    m = argmap.load(path)  # detected by suffix, read by argmap's own parser
    assert m.title == "Bikes" and m.sections[0].title == "Costs"
    cheap = next(s for s in m.statements if s.id == "Cheap")
    assert cheap.text == "Lanes are cheap." and cheap.tags == ["money"] and cheap.section == m.sections[0].id
    assert [(a.premises, a.conclusion, a.scheme) for a in m.arguments] == [(["Roads"], "Cheap", "comparison")]
    assert [(a.from_, a.to, a.type) for a in m.attacks] == [("Dear", "Cheap", "rebut")]
    out = tmp_path / "out.yaml"
    from argmap.cli import main

    with pytest.raises(SystemExit) as done:
        main(["convert", str(path), str(out)])
    assert done.value.code == 0 and argmap.load(out).title == "Bikes"


@pytest.mark.parametrize("text, line, column", [
    ("[a]: x\n[b]: y\n", 2, 1),              # top-level elements need an empty line between them
    ("a *b\n", 1, 3),                          # an unclosed italic range: where it opens
    ("(1) a\n----\n", 2, 5),                  # a structure without a conclusion (where Argdown says)
    ("[a]\n  + [b]\n[c]\n", 3, 1),            # an element right after a relation, no empty line
    ("===\ntitle: [x\n===\n\n[a]: b\n", 3, 1),  # invalid YAML in the front matter, located in the file
    ("a \\", 1, 3),                             # a backslash that escapes nothing
    ("", 1, 1),
])
def test_broken_argdown_gets_located_errors(text: str, line: int, column: int) -> None:
    with pytest.raises(MapError) as info:
        argdown.reads(text, filename="x.argdown")
    problem = info.value.diagnostics[0]
    assert problem.code == "AM001" and problem.location.file == "x.argdown"
    assert (problem.location.line, problem.location.column) == (line, column), str(problem)


def test_hostile_input_is_bounded() -> None:
    from argmap.io.parse import Limits

    deep = "".join(f"{' ' * n}+ [s{n}]\n" for n in range(1, 150))
    with pytest.raises(MapError) as info:
        argdown.reads("[root]\n" + deep)
    assert info.value.diagnostics[0].code == "AM003"
    assert len(argdown.reads("[root]\n" + deep, limits=Limits(max_depth=200)).map.statements) == 150
    # one huge line of openers that never close: linear, not quadratic, work
    for opener in ("[", "<", "@[", "@<", "{", "<!--", "/*", "===", ":", ".", "*a ", "_a ", "[x](", "#("):
        text = "x " + opener * 20_000 + "\n"
        try:
            argdown.reads(text)
        except MapError as error:
            assert error.diagnostics[0].location.line is not None


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
            (inputs / f"m{number}.argdown").write_text(argdown.dumps(m), encoding="utf-8", newline="")
    run = argdown_json(argdown_path, inputs, outputs)
    if run.returncode != 0:
        culprit = _first_rejected(maps, argdown_path, tmp_path)
        raise AssertionError(f"Argdown rejected the export of map {culprit}:\n{argmap.dumps(maps[culprit])}\n"
                             f"{run.stdout[-1500:]}{run.stderr[-1500:]}")
    for number, m in enumerate(maps):
        produced = outputs / f"m{number}.json"
        assert produced.exists(), f"Argdown rejected map {number}: {run.stdout[-2000:]}"
        try:
            check_one(m, produced, (inputs / f"m{number}.argdown").read_bytes().decode("utf-8"))
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


def _plain(m: argmap.ArgumentMap) -> dict[str, object]:
    return m.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def check_one(m: argmap.ArgumentMap, produced: Path, text: str) -> None:
    """What Argdown read from argmap's export of ``m`` is what argmap's own parser reads, and ``m`` comes back."""
    # the real parser and argmap's parser read the same Argdown part (the JSON export has no front matter)
    own = _plain(argdown.reads(text, extension=False).map)
    real = _plain(argdown.read_json(produced).map)
    own.pop("title", None)
    assert own == real
    # with the front matter's extension, the map comes back exactly
    assert _plain(argdown.reads(text).map) == _plain(m)


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
    @given(maps_1_1())
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
    # Argdown keeps it in the front matter's extension; without the extension it is reported
    assert argdown.loads(argdown.dumps(m)).arguments[0].linked is True
    assert "linked" in " ".join(d.message for d in argdown.export(m, extension=False).diagnostics)
    with pytest.warns(ConversionWarning, match="linked markers"):
        microtext.dumps(m)


def _cut_one_by_one(text: str, spans: list[tuple[int, int]]) -> str:
    """The plain definition: remove each (non-overlapping, inclusive) span, last first."""
    for start, stop in sorted(spans, reverse=True):
        text = text[:start] + text[stop + 1:]
    return text.strip()


def test_tag_stripping_is_exact_and_linear_on_a_long_text() -> None:
    """200,000 tags in one member: the definition's result, without copying the text per tag."""
    import random
    import time

    from argmap.io.argdown import _strip_tags

    pick = random.Random(7)
    pieces, spans, at = [], [], 0
    for number in range(200_000):
        word = "w" * pick.randint(1, 5) + " "
        tag = f"#tag{number}"
        pieces += [word, tag]
        spans.append((at + len(word), at + len(word) + len(tag) - 1))
        at += len(word) + len(tag)
    text = "".join(pieces) + " end"
    ranges = [{"type": "tag", "start": a, "stop": b} for a, b in spans]
    started = time.perf_counter()
    stripped = _strip_tags({"text": text, "ranges": ranges})
    took = time.perf_counter() - started
    small = {"text": text[:2_000], "ranges": [r for r in ranges if r["stop"] < 2_000]}
    assert _strip_tags(small) == _cut_one_by_one(small["text"], [(r["start"], r["stop"]) for r in small["ranges"]])
    assert "#" not in stripped and stripped.endswith(" end") and len(stripped) == len(text) - sum(
        b - a + 1 for a, b in spans)
    assert took < 10, f"{took:.1f} s for 200,000 tags: not linear"  # cutting one by one: minutes
    # hostile ranges: out of the text, reversed, overlapping, not integers
    odd = [{"type": "tag", "start": -5, "stop": 2}, {"type": "tag", "start": 3, "stop": 1},
           {"type": "tag", "start": 5, "stop": 10**12}, {"type": "tag", "start": True, "stop": 4},
           {"type": "tag", "start": 4, "stop": 6}]
    assert _strip_tags({"text": "abcdefghij", "ranges": odd}) == "d"
