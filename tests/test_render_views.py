"""Views and marks: the overview and its rule, focus views that keep objections, "＋n" counts,
format 1.1 marks (joint attacks, implicit, opponent, restatement) in every output, statuses and
scores passed in, pictures that open fitted, the legend, and the layout measurements."""

from __future__ import annotations

import re
from typing import Any

import pytest

import argmap
from argmap.render import SCREEN, render, svg_size, to_dot, to_mermaid
from argmap.render.layout import layout_metrics
from argmap.render.wrap import wrap_many
from argmap.selection import OVERVIEW_BUDGET, full_view, hidden_counts, overview_view, restrict

from .conftest import EXAMPLES

FLAGSHIP = EXAMPLES / "deepseek" / "map.yaml"


@pytest.fixture(scope="module")
def bike() -> argmap.ArgumentMap:
    return argmap.load(EXAMPLES / "bike-lanes.yaml")


@pytest.fixture(scope="module")
def flagship() -> argmap.ArgumentMap:
    return argmap.load(FLAGSHIP)


def tree(fanout: int = 3, levels: int = 4, attacks: bool = True) -> argmap.ArgumentMap:
    """A generated map: one root, ``fanout`` single-premise reasons per claim, an objection per level."""
    statements: list[dict[str, Any]] = [{"id": "root", "text": "Root claim."}]
    arguments: list[dict[str, Any]] = []
    attack_list: list[dict[str, Any]] = []
    frontier = ["root"]
    for level in range(levels):
        nxt = []
        for parent in frontier:
            for k in range(fanout):
                child = f"{parent}-{k}"
                statements.append({"id": child, "text": f"Reason {child}."})
                arguments.append({"id": f"a-{child}", "premises": [child], "conclusion": parent})
                nxt.append(child)
        if attacks:
            statements.append({"id": f"obj{level}", "text": f"Objection {level}.", "type": "concession"})
            attack_list.append({"id": f"x{level}", "from": f"obj{level}", "to": frontier[0]})
        frontier = nxt
    return argmap.ArgumentMap.model_validate({"argmap": "1", "statements": statements, "arguments": arguments,
                                              "attacks": attack_list})


def drawn_nodes(source: str) -> set[str]:
    return set(re.findall(r'^\t+"?([^"\s\[]+)"? \[', source, flags=re.M)) - {"graph", "node", "edge"}


# --- the overview --------------------------------------------------------------------------------------


def test_overview_keeps_main_conclusions_and_counts_the_rest() -> None:
    m = tree()
    view = overview_view(m, budget=10)
    kept = {s.id for s in view.map.statements}
    assert "root" in kept and len(kept) <= 10
    assert {"root-0", "root-1", "root-2"} <= kept  # the nearest reasons first
    assert "obj0" in kept  # where the main conclusion is attacked stays visible
    hidden_total = sum(h.total for h in view.hidden.values())
    assert hidden_total + len(kept) == len(m.statements)  # every left-out proposition is counted once
    assert view.kind == "overview" and view.main == ["root"] and view.unplaced == 0
    argmap.validate(view.map)  # the part is a valid map of its own


def test_overview_takes_linked_premises_whole_and_shares_the_budget_among_conclusions() -> None:
    m = argmap.ArgumentMap.model_validate({"argmap": "1", "main_conclusions": ["c1", "c2"], "statements": [
        {"id": "c1", "text": "C1"}, {"id": "c2", "text": "C2"}, *({"id": f"p{i}", "text": f"P{i}"} for i in range(8))],
        "arguments": [{"id": "big", "premises": ["p0", "p1", "p2"], "conclusion": "c1"},
                      {"id": "s1", "premises": ["p3"], "conclusion": "c1"},
                      {"id": "s2", "premises": ["p4"], "conclusion": "c2"},
                      {"id": "s3", "premises": ["p5"], "conclusion": "c2"}]})
    kept = {s.id for s in overview_view(m, budget=4).map.statements}
    assert {"c1", "c2"} <= kept
    assert not ({"p0", "p1", "p2"} & kept) or {"p0", "p1", "p2"} <= kept  # all linked premises or none
    assert kept & {"p3", "p0"} and kept & {"p4", "p5"}  # each conclusion gets a reason


def test_overview_of_the_flagship_fits_a_screen_with_legible_labels(flagship: argmap.ArgumentMap) -> None:
    svg = render(flagship, format="svg", view="overview")
    width, height = svg_size(svg) if b'width="100%"' not in svg else (1e9, 1e9)
    assert width * 4 / 3 <= SCREEN[0] and height * 4 / 3 <= SCREEN[1]
    sizes = [float(s) for s in re.findall(rb'font-size="([\d.]+)"', svg)]
    assert min(sizes) * 4 / 3 >= 11  # every label at 11 px or more at natural size
    text = svg.decode()
    for main in flagship.main_conclusions:  # what the essay claims
        assert f'id="{main.replace("-", "&#45;")}"' in text
    assert "＋" in text and "攻擊" in text and "反駁" in text  # what is folded, and where it is attacked


def test_auto_view_is_the_overview_only_for_big_maps(bike: argmap.ArgumentMap, flagship: argmap.ArgumentMap) -> None:
    assert to_dot(bike).source == to_dot(bike, view="full").source
    assert "＋" in render(flagship, format="dot").decode()
    assert "＋" not in render(flagship, format="dot", view="full").decode()
    with pytest.raises(ValueError):
        to_dot(bike, view="sideways")


def test_hidden_counts_by_kind(flagship: argmap.ArgumentMap) -> None:
    hidden, unplaced = hidden_counts(flagship, set(flagship.main_conclusions))
    total = sum(h.total for h in hidden.values())
    assert total + len(flagship.main_conclusions) + unplaced == len(flagship.statements) + len(flagship.analogies)
    assert sum(h.analogies for h in hidden.values()) == len(flagship.analogies)
    assert sum(h.attacks for h in hidden.values()) > 0


# --- focus views -------------------------------------------------------------------------------------------


def test_focus_keeps_the_undercut_of_the_arrow_it_draws(bike: argmap.ArgumentMap) -> None:
    source = to_dot(bike, focus="safer", depth=1).source
    nodes = drawn_nodes(source)
    assert {"safer", "injury-data", "a-injuries", "selection-bias"} <= nodes
    assert re.search(r'"selection-bias" -> "a-injuries"', source)


def test_focus_marks_cut_off_neighbours_and_the_focus(bike: argmap.ArgumentMap) -> None:
    source = to_dot(bike, focus="safer", depth=1).source
    assert "＋" in source  # the neighbours beyond depth 1 are counted
    line = next(row for row in source.splitlines() if row.lstrip().startswith("safer ["))
    assert "peripheries=2" in line and "◎" in line  # the focus: double border, marked
    main = next(row for row in to_dot(bike).source.splitlines() if row.lstrip().startswith('"build-lanes" ['))
    assert "peripheries" not in main and "★" in main  # a main conclusion: thick border and star


# --- format 1.1 marks ----------------------------------------------------------------------------------------

HOSTILE = '<b>"]; x [label="y</b> & #quot; |z|'


def marks_map() -> argmap.ArgumentMap:
    return argmap.ArgumentMap.model_validate({
        "argmap": "1", "lang": "en",
        "statements": [
            {"id": "thesis", "text": "Ban phones in class."},
            {"id": "again", "text": f"Phones out of class. {HOSTILE}", "restates": "thesis"},
            {"id": "gap", "text": f"Schools can enforce it. {HOSTILE}", "implicit": True},
            {"id": "worry", "text": "Parents worry.", "role": "opponent"},
            {"id": "office", "text": "The office can call."},
            {"id": "line", "text": "Schools have a line."},
            {"id": "p", "text": "Attention matters."}],
        "arguments": [{"id": "a1", "premises": ["p", "gap"], "conclusion": "thesis", "implicit": True}],
        "attacks": [{"id": "x1", "from": "worry", "to": "thesis"},
                    {"id": "x2", "from": ["office", "line"], "to": "worry", "implicit": True}]})


def test_marks_in_dot() -> None:
    source = to_dot(marks_map()).source
    joint = next(row for row in source.splitlines() if row.lstrip().startswith("x2 ["))
    assert "shape=circle" in joint and "CA" not in joint  # joint attackers meet at a junction
    assert re.search(r"office -> x2 \[[^\]]*style=dashed", source)  # an implicit attack is dashed
    gap = next(row for row in source.splitlines() if row.lstrip().startswith("gap ["))
    assert "dashed" in gap and "implicit" in gap
    assert re.search(r"p -> a1 \[[^\]]*style=dashed", source)  # an implicit argument's links too
    worry = next(row for row in source.splitlines() if row.lstrip().startswith("worry ["))
    assert "▲" in worry and "opponent" in worry
    restates = next(row for row in source.splitlines() if row.lstrip().startswith("again -> thesis"))
    assert "dir=none" in restates and "≡" in restates  # the restatement: a thin line, no arrow
    legend = source.split('ID="argmap_legend"', 1)[1]
    for mark in ("dashed: implicit", "opponent", "restates", "joint attack", "linked premises"):
        assert mark in legend, mark
    assert "undercut" not in legend  # only marks that are drawn are explained


def test_marks_are_escaped_in_every_output() -> None:
    import pygraphviz

    m = marks_map()
    source = to_dot(m).source
    graph = pygraphviz.AGraph(string=source)
    assert set(graph.nodes()) >= {"again", "gap"} and "x" not in set(graph.nodes())  # nothing broke out
    assert "&lt;b&gt;&quot;]; x [label=&quot;y&lt;/b&gt;" in graph.get_node("gap").attr["label"]
    svg = render(m, format="svg").decode()
    assert "<b>" not in svg.replace('xlink:title="', "") or "&lt;b&gt;" in svg
    assert re.search(r">[^<]*&lt;b&gt;&quot;\]; x \[label=&quot;y", svg)  # drawn as text
    chart = to_mermaid(m)
    assert "<b>" not in chart and '"]; x' not in chart
    assert "---|≡|" in chart and "-.-x" in chart and ":::joint" in chart and "▲" in chart
    page = render(m, format="html").decode()
    assert "<b>&quot;]" not in page and 'x [label="y' not in page.split("<script", 1)[0]


# --- statuses and scores come from the caller -----------------------------------------------------------------


def test_statuses_and_scores_are_passed_in(bike: argmap.ArgumentMap) -> None:
    with pytest.raises(ValueError, match="does not evaluate"):
        to_dot(bike, evaluation="grounded")
    with pytest.raises(ValueError, match="unknown status"):
        to_dot(bike, statuses={"safer": "MAYBE"})
    with pytest.raises(ValueError, match="score"):
        to_dot(bike, scores={"safer": 1.5})
    source = to_dot(bike, scores={"safer": 0.25, "build-lanes": 0.9}, evaluation="dfquad").source
    line = next(row for row in source.splitlines() if row.lstrip().startswith("safer ["))
    assert "0.25" in line and "penwidth=2.4" in line
    assert "score 0 → 1 (dfquad)" in source


def test_html_statuses_are_switchable(bike: argmap.ArgumentMap) -> None:
    statuses = {node.id: node.status for node in argmap.evaluate(bike, "grounded")}
    page = render(bike, format="html", statuses=statuses, evaluation="grounded").decode()
    assert 'id="statuses" checked' in page and '"status":"OUT"' in page
    assert "✗ OUT" not in page  # coloured by the page's switch, not baked into the drawing
    page = render(bike, format="html", statuses=statuses, evaluation="grounded", show_statuses=False).decode()
    assert 'id="statuses">' in page


def test_html_shows_the_text_with_quotes_marked(flagship: argmap.ArgumentMap) -> None:
    from argmap.text.source import load_source

    page = render(flagship, format="html", source_text=load_source(flagship, FLAGSHIP)).decode()
    assert page.count("<mark data-nodes=") > 40 and 'data-nodes="thesis"' in page
    assert 'class="text unquoted"' in page  # the paragraphs the map does not quote
    assert 'lang="zh-Hant"' in page and "搜尋文字或編號" in page  # interface strings in the map's language
    english = render(argmap.load(EXAMPLES / "bike-lanes.yaml"), format="html").decode()
    assert "Search text or id" in english


# --- pictures that open fitted ---------------------------------------------------------------------------------


def test_big_svg_opens_fitted_small_keeps_its_size(bike: argmap.ArgumentMap, flagship: argmap.ArgumentMap) -> None:
    big = render(flagship, format="svg", view="full")
    assert re.search(rb'<svg width="100%" height="100%" preserveAspectRatio="xMidYMid meet"\s+viewBox=', big)
    small = render(argmap.ArgumentMap.model_validate({"argmap": "1", "statements": [{"id": "a", "text": "A"}]}),
                   format="svg")
    assert re.search(rb'<svg width="[\d.]+pt" height="[\d.]+pt"', small)


def test_legend_grows_with_the_picture(bike: argmap.ArgumentMap, flagship: argmap.ArgumentMap) -> None:
    def legend_size(source: str) -> float:
        found = re.search(r'<FONT POINT-SIZE="([\d.]+)" COLOR="[^"]*"><TABLE ID="argmap_legend"', source)
        assert found is not None
        return float(found.group(1))

    assert legend_size(to_dot(flagship, view="full").source) > legend_size(to_dot(bike).source)


def test_no_one_character_widow() -> None:
    lines = wrap_many(["中國擁有龐大的人才庫，所以中國人認為自己有創新的人才是合理的。"], 24)[0]
    assert len(lines[-1].strip("。，")) > 1


def test_layout_metrics_count_crossings_and_length() -> None:
    import graphviz

    crossing = graphviz.Digraph()
    crossing.attr(rankdir="TB")
    crossing.edge("a", "d")
    crossing.edge("b", "c")
    with crossing.subgraph() as top:
        top.attr(rank="same")
        top.node("a")
        top.node("b")
    with crossing.subgraph() as bottom:
        bottom.attr(rank="same", ordering="in")
        bottom.node("c")
        bottom.node("d")
    crossing.edge("c", "d", style="invis")
    straight = graphviz.Digraph()
    straight.edge("a", "c")
    straight.edge("b", "d")
    straight_metrics = layout_metrics(straight.source)
    assert straight_metrics.crossings == 0 and straight_metrics.edges == 2 and straight_metrics.edge_length > 0
    assert layout_metrics(crossing.source).crossings >= 0  # dot may uncross these; the count must not fail


def test_full_view_has_fewer_crossings_than_without_newrank(flagship: argmap.ArgumentMap) -> None:
    source = to_dot(flagship, view="full").source
    before = layout_metrics(source.replace("newrank=true", "").replace("mclimit=4", ""))
    after = layout_metrics(source)
    assert after.crossings < before.crossings


def test_restrict_and_full_view(flagship: argmap.ArgumentMap) -> None:
    view = full_view(flagship)
    assert view.map is flagship and view.hidden == {} and set(view.main) == set(flagship.main_conclusions)
    part = restrict(flagship, ["thesis", "hare-advice"])
    assert {s.id for s in part.statements} == {"thesis", "hare-advice"} and part.arguments == []
    assert OVERVIEW_BUDGET > 5
