"""Rendering: DOT structure, wrapping rules, escaping, formats, fonts, determinism, focus, committed files."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.render import RenderError, render, to_dot, to_mermaid
from argmap.render.engine import check_fonts, draw
from argmap.render.wrap import CLOSING, OPENING, display_width, wrap, wrap_many
from argmap.text import segment_spans

from .conftest import EXAMPLES

FLAGSHIP = EXAMPLES / "deepseek" / "map.yaml"


@pytest.fixture(scope="module")
def bike() -> argmap.ArgumentMap:
    return argmap.load(EXAMPLES / "bike-lanes.yaml")


@pytest.fixture(scope="module")
def flagship() -> argmap.ArgumentMap:
    return argmap.load(FLAGSHIP)


def has_cjk_font() -> bool:
    from argmap.render.engine import missing_font_characters

    return missing_font_characters("龜兔賽跑") == []


# --- wrapping -------------------------------------------------------------------------------------


def test_wrap_breaks_chinese_only_between_jieba_words(flagship: argmap.ArgumentMap) -> None:
    for statement in flagship.statements:
        text = " ".join(statement.text.split())
        boundaries = {end for _, end in segment_spans(text)} | {0}
        lines = wrap(text, 20)
        assert "".join(lines) == text.replace(" ", "") or " ".join(lines).replace(" ", "") == text.replace(" ", "")
        position = 0
        for line in lines[:-1]:
            position += len(line)
            # a break falls on a word boundary, or inside a word only when that word is wider than the line
            assert position in boundaries or any(
                start < position < end and display_width(text[start:end]) > 20 for start, end in segment_spans(text))


def test_wrap_measures_display_width() -> None:
    lines = wrap("中國不應成為龜兔賽跑中的兔子，而應堅持不懈地追趕", 12)
    assert all(display_width(line) <= 12 for line in lines)
    assert len(lines) >= 4  # 24 CJK characters are 48 columns wide


def test_wrap_follows_chinese_line_breaking_rules() -> None:
    text = "他說：「這是真的嗎？」我們都不知道，（也許）答案很快就會出現。真的！"
    for width in range(6, 30, 2):
        lines = wrap(text, width)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in CLOSING, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in OPENING, (width, lines)


def test_wrap_latin_at_spaces() -> None:
    lines = wrap("Safer streets draw more people onto bikes.", 16)
    assert lines == ["Safer streets", "draw more people", "onto bikes."]
    assert wrap("Supercalifragilisticexpialidocious!", 10)[0] == "Supercalif"  # only an over-long word is cut
    assert wrap("short", 24) == ["short"]


def test_wrap_many_keeps_map_terms_whole() -> None:
    [lines] = wrap_many(["窮小子不一定就輸給富二代的財大氣粗"], 10, words=["富二代"])
    assert any("富二代" in line for line in lines)


# --- structure ---------------------------------------------------------------------------------------


def test_compact_style_structure(bike: argmap.ArgumentMap) -> None:
    source = to_dot(bike).source
    # linked premises meet at the argument's junction
    assert re.search(r"\bsafer -> \"a-safety\"", source) and re.search(r"\"more-cyclists\" -> \"a-safety\"", source)
    assert re.search(r"\"a-safety\" -> \"build-lanes\"", source)
    # a single premise is one labelled edge ...
    assert re.search(r"\"less-traffic\" -> \"build-lanes\"", source) and '"a-traffic" [' not in source
    # ... unless an undercut needs its junction to point at
    assert re.search(r"\"selection-bias\" -> \"a-injuries\" \[[^\]]*arrowhead=tee", source)
    assert "cluster_benefits" in source and "What the lanes would bring" in source
    assert "argmap_legend" in source and "rankdir=BT" in source


def test_aif_style_has_every_ra_and_ca_node(bike: argmap.ArgumentMap) -> None:
    source = to_dot(bike, style="aif").source
    for node in [*bike.arguments, *bike.attacks]:
        assert re.search(rf'"?{re.escape(node.id)}"? \[', source), node.id
    assert source.count("<B>RA</B>") == len(bike.arguments) and source.count("<B>CA</B>") == len(bike.attacks)


def test_analogy_shows_source_target_and_mapping(bike: argmap.ArgumentMap) -> None:
    source = to_dot(bike).source
    assert "water pipes → bike lanes" in source
    assert "pipe width → lane safety" in source and "≠ 1 difference<" in source  # singular for one


def test_captions_follow_the_map_language(flagship: argmap.ArgumentMap) -> None:
    source = to_dot(flagship).source
    assert "主張" in source and "類比" in source and "主要結論" in source and "圖例" in source
    assert "Noto Sans CJK TC" in source  # the SVG names a CJK-capable font list


def test_focus_limits_the_drawing(flagship: argmap.ArgumentMap) -> None:
    full = argmap.to_networkx(flagship)
    focused = to_dot(flagship, focus="an-hare", depth=1).source
    drawn = set(re.findall(r'^\t+"?([A-Za-z0-9_-]+)"? \[', focused, flags=re.M)) - {
        "argmap_legend", "graph", "node", "edge"}
    expected = argmap.graph.neighbourhood(full, "an-hare", 1) if hasattr(argmap, "graph") else set()
    assert "an-hare" in drawn and drawn <= expected
    assert len(drawn) < len(full) / 4
    with pytest.raises(KeyError):
        to_dot(flagship, focus="nope")


def test_options_are_validated(bike: argmap.ArgumentMap) -> None:
    with pytest.raises(ValueError):
        to_dot(bike, theme="neon")
    with pytest.raises(ValueError):
        to_dot(bike, width=2)
    with pytest.raises(TypeError):
        to_dot(bike, colour="red")


# --- escaping ------------------------------------------------------------------------------------------

HOSTILE = ['"]; evil [label="x', "<script>alert(1)</script>", "a\\Nb & c > d", "end", "x --> y |z| #quot;"]


def hostile_map() -> argmap.ArgumentMap:
    return argmap.ArgumentMap.model_validate({
        "argmap": "1", "title": "<b>title</b>", "sections": [{"id": "s", "title": "</TD><script>x</script>"}],
        "statements": [{"id": f"s{i}", "text": text, "quote": text, "note": text, "section": "s"}
                       for i, text in enumerate(HOSTILE)],
        "analogies": [{"id": "an", "figure": "metaphor", "text": HOSTILE[1], "source": HOSTILE[0],
                       "target": HOSTILE[1], "mapping": [{"from": HOSTILE[1], "to": HOSTILE[0]}]}],
        "arguments": [{"id": "a", "premises": ["s0", "an"], "conclusion": "s1", "scheme": "<i>x</i>"}],
        "attacks": [{"id": "x", "from": "s2", "to": "a", "type": "undercut", "note": HOSTILE[1]}],
    })


def test_dot_escapes_hostile_text() -> None:
    import pygraphviz

    source = to_dot(hostile_map()).source
    graph = pygraphviz.AGraph(string=source)  # parses: the quotes did not break out
    assert {n for n in graph.nodes()} >= {"s0", "s1", "s2", "s3", "s4", "an", "a"}
    assert 'ID="argmap_legend"' in graph.graph_attr["label"]  # the legend is in the graph's label, parsed whole
    assert "&lt;script&gt;" in source  # in labels, as text
    assert graph.get_node("s1").attr["tooltip"].startswith("<script>alert(1)</script> — ")  # a quoted string
    assert graph.get_node("s2").attr["tooltip"].startswith("a\\\\Nb")  # no \N escape reaches Graphviz


def test_svg_and_html_contain_no_script_from_the_map() -> None:
    m = hostile_map()
    svg = render(m, format="svg").decode()
    assert "<script" not in svg.lower() and "&lt;script&gt;" in svg
    page = render(m, format="html").decode()
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 2  # our data block and our fixed code, nothing else
    assert "alert(1)" not in scripts[1] and "<" not in scripts[0]
    assert "\\u003cscript\\u003ealert(1)" in scripts[0]
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # offline


def test_mermaid_escapes_hostile_text() -> None:
    chart = to_mermaid(hostile_map())
    assert "<script>" not in chart and '"]; evil' not in chart
    for line in chart.splitlines()[1:]:
        if '["' in line:
            inner = line.split('["', 1)[1].rsplit('"]', 1)[0]
            assert '"' not in inner


# --- formats and engines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("dot", b"digraph"), ("mermaid", b"flowchart BT"),
                                            ("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF"), ("png", b"\x89PNG")])
def test_every_format(bike: argmap.ArgumentMap, fmt: str, magic: bytes, tmp_path: Path) -> None:
    target = tmp_path / f"bike.{ 'mmd' if fmt == 'mermaid' else fmt}"
    data = render(bike, target)
    assert data.startswith(magic) and target.read_bytes() == data


def test_rendering_is_deterministic(flagship: argmap.ArgumentMap) -> None:
    assert render(flagship, format="dot") == render(flagship, format="dot")
    assert render(flagship, format="svg") == render(flagship, format="svg")


def test_system_engine_missing_is_a_clear_error(bike: argmap.ArgumentMap, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RenderError, match="system Graphviz"):
        render(bike, format="svg", engine="system")


@pytest.mark.skipif(shutil.which("dot") is None, reason="no system Graphviz")
def test_system_engine(bike: argmap.ArgumentMap) -> None:
    assert render(bike, format="svg", engine="system").startswith(b"<?xml")


def test_missing_fonts_stop_png_with_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.render.engine as engine

    monkeypatch.setattr(engine, "missing_font_characters", lambda text: sorted(set("龜兔")))
    with pytest.raises(RenderError, match="fonts-noto-cjk"):
        draw("digraph { a [label=\"龜兔\"] }", "png", labels="龜兔")
    monkeypatch.setattr(engine, "missing_font_characters", lambda text: None)
    monkeypatch.setattr(engine.platform, "system", lambda: "Linux")
    with pytest.raises(RenderError, match="fontconfig"):
        check_fonts("龜兔")
    draw("digraph { a [label=\"龜兔\"] }", "svg", labels="龜兔")  # SVG needs no installed font


@pytest.mark.skipif(not has_cjk_font(), reason="no CJK font installed (CI installs fonts-noto-cjk)")
def test_png_of_chinese_map_with_font(flagship: argmap.ArgumentMap) -> None:
    assert render(flagship, format="png", focus="thesis", depth=1).startswith(b"\x89PNG")


def test_jupyter_display(bike: argmap.ArgumentMap) -> None:
    assert bike._repr_svg_().lstrip().startswith("<?xml")


# --- committed example drawings ---------------------------------------------------------------------------


COMMITTED = [("map", {"view": "full"}), ("overview", {"view": "overview"})]


@pytest.mark.parametrize(("name", "options"), COMMITTED)
def test_committed_flagship_svg_is_in_sync(flagship: argmap.ArgumentMap, name: str, options: dict[str, str]) -> None:
    committed = (EXAMPLES / "deepseek" / f"{name}.svg").read_bytes()
    if not has_cjk_font():  # the overview's size (and so its budget) depends on font metrics
        pytest.skip("no CJK font to lay out the picture as CI does")
    digest = hashlib.sha256(render(flagship, format="dot", **options)).hexdigest()
    assert f"argmap dot sha256: {digest}".encode() in committed, "run: argmap render examples/deepseek/map.yaml " \
        f"--view {options['view']} -o examples/deepseek/{name}.svg (and .png)"
    assert render(flagship, format="svg", **options) == committed


@pytest.mark.parametrize(("name", "options"), COMMITTED)
def test_committed_flagship_png_is_in_sync(flagship: argmap.ArgumentMap, name: str, options: dict[str, str]) -> None:
    committed = EXAMPLES / "deepseek" / f"{name}.png"
    assert committed.read_bytes().startswith(b"\x89PNG")
    if not has_cjk_font():
        pytest.skip("no CJK font to compare a fresh PNG with")
    assert render(flagship, format="png", **options) == committed.read_bytes()


# --- command line ---------------------------------------------------------------------------------------------


def test_cli_render(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "m.svg"
    assert runner.invoke(main, ["render", str(EXAMPLES / "bike-lanes.yaml"), "-o", str(out)]).exit_code == 0
    assert out.read_bytes().startswith(b"<?xml")
    result = runner.invoke(main, ["render", str(EXAMPLES / "bike-lanes.yaml"), "--format", "mermaid"])
    assert result.exit_code == 0 and result.stdout.startswith("flowchart BT")
    result = runner.invoke(main, ["render", str(EXAMPLES / "bike-lanes.yaml"), "--focus", "nope"])
    assert result.exit_code == 2 and "no node has the id" in result.output
    copy = tmp_path / "m.yaml"
    copy.write_bytes((EXAMPLES / "bike-lanes.yaml").read_bytes())
    assert runner.invoke(main, ["render", str(copy), "-o", str(copy), "--format", "dot"]).exit_code == 2
    assert copy.read_bytes() == (EXAMPLES / "bike-lanes.yaml").read_bytes()


def test_evaluation_colours_nodes(bike: argmap.ArgumentMap) -> None:
    from argmap.semantics import evaluate

    statuses = {node.id: node.status for node in evaluate(bike, "grounded")}
    source = to_dot(bike, statuses=statuses, evaluation="grounded").source
    for node_id, status in statuses.items():
        if node_id in {s.id for s in bike.statements}:
            block = source[source.index(f'"{node_id}" [') if f'"{node_id}" [' in source else source.index(
                f"\t{node_id} ["):]
            assert f"{status}</B>" in block.split("\n", 1)[0], node_id
    assert "OUT (grounded)" in source and "IN (grounded)" in source
    result = CliRunner().invoke(main, ["render", str(EXAMPLES / "bike-lanes.yaml"), "--format", "dot",
                                       "--eval", "grounded"])
    assert result.exit_code == 0 and "✗ OUT" in result.stdout


def test_evaluation_marks_an_attacked_attack_by_whether_it_keeps_its_force() -> None:
    m = argmap.ArgumentMap.model_validate({
        "argmap": "1",
        "statements": [{"id": "c", "text": "C"}, {"id": "x", "text": "X"}, {"id": "r", "text": "R"}],
        "attacks": [{"id": "k", "from": "x", "to": "c"}, {"id": "u", "from": "r", "to": "k", "type": "undercut"}]})
    from argmap.semantics import evaluate

    def k_line() -> str:
        statuses = {node.id: node.status for node in evaluate(m, "grounded")}
        source = to_dot(m, statuses=statuses, evaluation="grounded").source
        return next(row for row in source.splitlines() if row.lstrip().startswith("k ["))

    faded = argmap.render.THEMES["light"].cluster_fill
    line = k_line()
    assert faded in line and "penwidth=2.4" in line  # k loses its force: drawn like a defeated node
    m.statements.append(argmap.Statement(id="s", text="S"))
    m.attacks.append(argmap.Attack.model_validate({"id": "v", "from": "s", "to": "r"}))
    line = k_line()
    assert faded not in line and "penwidth=2.4" in line


def test_a_very_long_statement_still_renders() -> None:
    # Graphviz refuses quoted strings over 16 KB; the tooltip carries the whole text, so it is clipped
    m = argmap.ArgumentMap.model_validate({"argmap": "1", "statements": [
        {"id": "p", "text": "word " * 4000}, {"id": "q", "text": "龜兔賽跑" * 3000, "quote": '"\\' * 5000}]})
    svg = render(m, format="svg").decode("utf-8")
    assert svg.count("word") >= 4000  # the label keeps every word; only the tooltip is cut
    tooltips = re.findall(r'xlink:title="([^"]*)"', svg)
    assert tooltips and max(len(t) for t in tooltips) < 20_000


def test_small_layouts_run_in_process_and_long_ones_in_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking costs more than a small layout; only a layout that could take long is forked (for Ctrl-C)."""
    from argmap.render import engine
    from tests import hostile

    def no_fork(source: str, fmt: str) -> object:
        raise AssertionError("a small layout was forked")

    monkeypatch.setattr(engine, "_layout_in_child", no_fork)
    flagship = argmap.load(Path(__file__).resolve().parent.parent / "examples" / "deepseek" / "map.yaml")
    assert argmap.render(flagship, format="svg", view="overview").startswith(b"<?xml")
    tangled = argmap.to_dot(argmap.loads(hostile.tangled_map(300)), view="full").source
    assert not engine._quick(tangled)  # a layout of minutes: forked, so that Ctrl-C stops it
    assert engine._quick(argmap.to_dot(flagship, view="full").source)
