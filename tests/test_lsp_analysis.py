"""The language features without the protocol: the index of a map's text, completion contexts in
half-written files, diagnostics' ranges, rename, fixes and the outline (fast, in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from argmap.checks.schemes import SCHEMES
from argmap.lsp.analysis import (
    check_text,
    code_actions,
    completions,
    diagnostic_span,
    hover_text,
    outline,
    rename_edits,
)
from argmap.lsp.index import Span, build_index, expectation_at, ids_in_text
from argmap.model import ATTACK_TYPES, STATEMENT_TYPES

from .conftest import EXAMPLES

MAP = """\
argmap: "1"
statements:
  - id: claim
    text: Cycling is safer.
  - id: reason
    type: fact
    text: Injuries fell.
arguments:
  - id: a1
    premises: [reason]
    conclusion: claim
    scheme: example
attacks:
  - {id: x1, from: reason, to: a1, type: undercut}
"""


def apply(text: str, edits: list[tuple[Span, str]]) -> str:
    """Apply span edits (0-based, character columns) to a text, last first."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    out = text
    for span, new in sorted(edits, key=lambda e: (e[0].start_line, e[0].start_column), reverse=True):
        start = offsets[span.start_line] + span.start_column
        end = offsets[span.end_line] + span.end_column
        out = out[:start] + new + out[end:]
    return out


def position(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """Line and column of the first occurrence of ``needle`` (plus ``after`` characters)."""
    offset = text.index(needle) + after
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def labels(text: str, needle: str, after: int, fmt: str = "yaml") -> list[str]:
    line, column = position(text, needle, after)
    return [c.label for c in completions(text, line, column, fmt, build_index(text))]  # type: ignore[arg-type]


# --- index ------------------------------------------------------------------------------------------


def test_index_finds_definitions_and_references_with_exact_spans() -> None:
    index = build_index(MAP)
    assert index.complete
    sites = index.sites_of("reason")
    assert [s.role for s in sites] == ["id", "premise", "attacker"]
    lines = MAP.splitlines()
    for site in sites:
        assert lines[site.span.start_line][site.span.start_column:site.span.end_column] == "reason"
    assert index.kind_of("a1") == "argument"
    line, column = position(MAP, "conclusion: claim", len("conclusion: c"))
    found = index.site_at(line, column)
    assert found is not None and (found.id, found.role) == ("claim", "conclusion")


def test_index_of_json_covers_quoted_ids() -> None:
    text = json.dumps(yaml.safe_load(MAP), indent=2)
    index = build_index(text)
    sites = index.sites_of("claim")
    assert [s.role for s in sites] == ["id", "conclusion"] and all(s.quoted for s in sites)


def test_index_of_a_broken_text_keeps_what_comes_before_the_break() -> None:
    broken = MAP.replace("conclusion: claim", "conclusion: [claim")
    index = build_index(broken)
    assert not index.complete
    assert {"claim", "reason", "a1"} <= set(index.definitions)
    assert "x1" in ids_in_text(broken)  # after the break, the ids written in the text are still seen


@pytest.mark.parametrize(("text", "needle", "after", "kind", "path"), [
    ("arguments:\n  - id: a\n    conclusion: th", "th", 2, "value", ("arguments", 0, "conclusion")),
    ("arguments:\n  - id: a\n    premises: [p, q", "q", 1, "value", ("arguments", 0, "premises", 1)),
    ("arguments:\n  - id: a\n    premises:\n      - ", "      - ", 8, "value", ("arguments", 0, "premises", 0)),
    ("statements:\n  - id: a\n    ty", "ty", 2, "key", ("statements", 0)),
    ('{"attacks": [{"id": "x", "from": "', '"from": "', 9, "value", ("attacks", 0, "from")),
    ('{"arguments": [{"id": "x", "premises": ["a", ', '"a", ', 5, "value", ("arguments", 0, "premises", 1)),
    ("attacks:\n  - {id: x, from: a, to: ", "to: ", 4, "value", ("attacks", 0, "to")),
])
def test_expectation_in_half_written_maps(text: str, needle: str, after: int, kind: str, path: tuple) -> None:
    line, column = position(text, needle, after)
    expected = expectation_at(text, line, column)
    assert expected is not None
    assert (expected.kind, expected.path) == (kind, path)


# --- completion -------------------------------------------------------------------------------------


def test_completion_offers_ids_of_the_right_kind() -> None:
    assert set(labels(MAP, "premises: [reason", len("premises: ["))) == {"claim", "reason"}
    # an undercut names an argument or an attack, never a statement
    assert "a1" in labels(MAP, "to: a1", 4) and "claim" not in labels(MAP, "to: a1", 4)


def test_completion_of_enumerations_schemes_and_critical_questions() -> None:
    assert labels(MAP, "type: fact", 6) == list(STATEMENT_TYPES)
    assert labels(MAP, "type: undercut", 6) == list(ATTACK_TYPES)
    assert labels(MAP, "scheme: example", 8) == list(SCHEMES)
    text = MAP.replace("    scheme: example\n", "    scheme: example\n    critical_questions:\n      - question: \n")
    assert labels(text, "question: ", 10) == [q.id for q in SCHEMES["example"].questions]


def test_completion_of_keys_leaves_out_those_present() -> None:
    text = MAP.replace("    text: Injuries fell.\n", "    text: Injuries fell.\n    qu\n", 1)
    found = labels(text, "    qu\n", 6)
    assert "quote" in found and "text" not in found and "id" not in found


def test_completion_in_json_adds_quotes_when_missing() -> None:
    text = '{"argmap": "1", "statements": [{"id": "p", "text": "P"}], "arguments": [{"id": "a", "conclusion": '
    line, column = position(text, '"conclusion": ', 14)
    choices = completions(text, line, column, "json", build_index(text))
    assert [c.insert for c in choices] == ['"p"']


# --- checking, ranges and fixes -----------------------------------------------------------------------


def test_dangling_reference_gets_its_range_and_both_fixes() -> None:
    text = MAP.replace("premises: [reason]", "premises: [reasn]")
    checked = check_text(text)
    assert checked.map is None and checked.draft is not None
    problem = next(d for d in checked.diagnostics if d.code == "AM021")
    span = diagnostic_span(problem, checked.index, text)
    assert text.splitlines()[span.start_line][span.start_column:span.end_column] == "reasn"
    fixes = {fix.title: fix for fix in code_actions(checked, [problem])}
    fixed = apply(text, [(e.span, e.new_text) for e in fixes["Change to 'reason'"].edits])
    assert check_text(fixed).diagnostics == [] or all(d.code != "AM021" for d in check_text(fixed).diagnostics)
    stubbed = apply(text, [(e.span, e.new_text) for e in fixes["Add statement 'reasn'"].edits])
    data = yaml.safe_load(stubbed)
    assert {"id": "reasn", "text": "TODO"} in data["statements"]
    assert all(d.code != "AM021" for d in check_text(stubbed).diagnostics)


def test_stub_fix_in_json() -> None:
    data = yaml.safe_load(MAP)
    data["arguments"][0]["premises"] = ["ghost"]
    text = json.dumps(data, indent=2)
    checked = check_text(text, "map.json")
    problem = next(d for d in checked.diagnostics if d.code == "AM021")
    fix = next(f for f in code_actions(checked, [problem]) if f.title.startswith("Add"))
    stubbed = json.loads(apply(text, [(e.span, e.new_text) for e in fix.edits]))
    assert stubbed["statements"][-1] == {"id": "ghost", "text": "TODO"}


def test_unknown_key_fix_renames_the_key() -> None:
    text = MAP.replace("conclusion: claim", "conclusoin: claim")
    checked = check_text(text)
    problem = next(d for d in checked.diagnostics if d.code == "AM012")
    fix = next(iter(code_actions(checked, [problem])))
    assert "conclusion: claim" in apply(text, [(e.span, e.new_text) for e in fix.edits])


def test_quote_fix_uses_the_closest_passage(tmp_path: Path) -> None:
    (tmp_path / "essay.txt").write_text("科技競賽\n\n中國不應成為龜兔賽跑中的兔子。美國的人工智慧靠金錢堆砌起來。\n",
                                        encoding="utf-8")
    text = MAP.replace('argmap: "1"\n', 'argmap: "1"\nsource: {path: essay.txt}\n').replace(
        "    text: Injuries fell.\n", "    text: Injuries fell.\n    quote: 中國不要成為龜兔賽跑的兔子\n")
    path = tmp_path / "map.yaml"
    checked = check_text(text, str(path))
    assert (tmp_path / "essay.txt").resolve() in checked.depends_on
    problem = next(d for d in checked.diagnostics if d.code == "AM201")
    fix = next(f for f in code_actions(checked, [problem]) if f.title.startswith("Quote"))
    fixed = apply(text, [(e.span, e.new_text) for e in fix.edits])
    assert all(d.code != "AM201" for d in check_text(fixed, str(path)).diagnostics)


def test_settings_from_pyproject_apply(tmp_path: Path) -> None:
    text = MAP.replace("premises: [reason]", "premises: [reason]\n    linked: true")  # AM109: an enthymeme
    path = tmp_path / "map.yaml"
    assert any(d.code == "AM109" for d in check_text(text, str(path)).diagnostics)
    (tmp_path / "pyproject.toml").write_text('[tool.argmap]\nignore = ["AM109"]\n')
    checked = check_text(text, str(path))
    assert all(d.code != "AM109" for d in checked.diagnostics)
    assert tmp_path / "pyproject.toml" in checked.depends_on


def test_broken_yaml_is_one_located_syntax_error() -> None:
    checked = check_text(MAP.replace("premises: [reason]", "premises: [reason"))
    assert [d.code for d in checked.diagnostics] == ["AM001"]
    assert checked.diagnostics[0].location.line is not None


# --- rename, hover, outline ----------------------------------------------------------------------------


def test_rename_rewrites_every_occurrence_and_refuses_bad_names() -> None:
    index = build_index(MAP)
    renamed = apply(MAP, [(e.span, e.new_text) for e in rename_edits(index, "reason", "evidence")])
    data = yaml.safe_load(renamed)
    assert data["statements"][1]["id"] == "evidence"
    assert data["arguments"][0]["premises"] == ["evidence"] and data["attacks"][0]["from"] == "evidence"
    assert "reason" not in ids_in_text(renamed)
    with pytest.raises(ValueError, match="already used"):
        rename_edits(index, "reason", "claim")
    with pytest.raises(ValueError, match="not a valid id"):
        rename_edits(index, "reason", "兔子")


def test_rename_in_json_keeps_the_quotes() -> None:
    text = json.dumps(yaml.safe_load(MAP), indent=2)
    renamed = apply(text, [(e.span, e.new_text) for e in rename_edits(build_index(text), "a1", "a-main")])
    assert json.loads(renamed)["attacks"][0]["to"] == "a-main"


def test_hover_explains_the_grounded_status() -> None:
    checked = check_text(MAP)
    text = hover_text("claim", checked.map, checked.evaluation)
    assert text is not None
    assert "Cycling is safer" in text and "OUT" in text  # the undercut by a standing statement defeats a1
    assert "**statement**" in text


def test_hover_escapes_markdown_from_the_map() -> None:
    text = MAP.replace("Cycling is safer.", "\"[click](http://evil.example) <b>x</b>\"")
    checked = check_text(text)
    shown = hover_text("claim", checked.map, checked.evaluation)
    assert shown is not None and "](http" not in shown and "<b>" not in shown


def test_outline_lists_nodes_by_collection() -> None:
    symbols = outline(build_index(MAP))
    assert [s.name for s in symbols] == ["statements", "arguments", "attacks"]
    assert [c.name for c in symbols[0].children] == ["claim", "reason"]
    assert symbols[1].children[0].detail == "reason → claim"


def test_flagship_map_checks_cleanly_enough_and_indexes() -> None:
    path = EXAMPLES / "deepseek" / "map.yaml"
    checked = check_text(path.read_text(encoding="utf-8"), str(path))
    assert checked.map is not None
    assert all(d.severity != "error" for d in checked.diagnostics)
    assert checked.index.complete and len(checked.index.definitions) == sum(
        len(getattr(checked.map, c)) for c in ("sections", "statements", "analogies", "arguments", "attacks"))


def test_format_1_1_references_restates_and_joint_attacks() -> None:
    text = MAP.replace('argmap: "1"', 'argmap: "1.1"').replace(
        "    text: Cycling is safer.\n", "    text: Cycling is safer.\n  - id: again\n    text: Riding is safer.\n"
        "    restates: claim\n    implicit: true\n").replace(
        "{id: x1, from: reason, to: a1, type: undercut}", "{id: x1, from: [reason, again], to: a1, type: undercut}")
    checked = check_text(text)
    assert checked.map is not None, checked.diagnostics
    index = checked.index
    assert [s.role for s in index.sites_of("claim")] == ["id", "restates", "conclusion"]
    assert [s.role for s in index.sites_of("again")] == ["id", "attacker"]
    assert "claim" in labels(text, "restates: claim", len("restates: "))
    assert labels(text, "implicit: true", len("implicit: ")) == ["true", "false"]
    renamed = apply(text, [(e.span, e.new_text) for e in rename_edits(index, "again", "restated")])
    assert yaml.safe_load(renamed)["attacks"][0]["from"] == ["reason", "restated"]
    figure = "analogies:\n  - id: h\n    figure: \n"
    assert "hypothetical" in labels(figure, "figure: ", len("figure: "))


def test_argdown_files_get_the_linters_diagnostics(tmp_path: Path) -> None:
    good = "[Claim]: Cities need trees.\n  + <Shade>: Trees cool the streets.\n"
    checked = check_text(good, str(tmp_path / "map.argdown"))
    assert checked.map is not None and all(d.severity != "error" for d in checked.diagnostics)
    assert {s.id for s in checked.map.statements} >= {"Claim"} or checked.map.statements


def _paths(data: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*path, index)))
    return found


def test_diagnostics_are_placed_alike_from_the_loaders_spans_and_from_the_index() -> None:
    # Publishing places diagnostics with the spans the loader kept, and builds no index; they must
    # land exactly where the index would put them: every path, as key and as value, and missing ones.
    from argmap.lsp.analysis import check_text
    from argmap.lsp.index import PathSpans

    for name in ("bike-lanes.yaml", "deepseek/map.yaml"):
        checked = check_text((EXAMPLES / name).read_text(encoding="utf-8"), str(EXAMPLES / name))
        assert isinstance(checked.locator, PathSpans)
        data = yaml.safe_load(checked.text)
        requests = [*_paths(data), ("arguments", 0, "missing"), ("statements", 10_000), ("nowhere",)]
        from_spans = [checked.locator.span_of(path, key) for path in requests for key in (False, True)]
        index = checked.index
        assert checked.locator is index  # once built, the index places them
        assert from_spans == [index.span_of(path, key) for path in requests for key in (False, True)]
