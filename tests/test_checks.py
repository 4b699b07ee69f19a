"""The linter: every rule fires on a minimal bad map and is silent on the fixed one; settings; outputs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

import argmap
from argmap.checks import RULES, Config, load_config, run_rules, validate, validate_dict
from argmap.checks.output import github_annotations, json_report, sarif_report
from argmap.cli import main

from .conftest import EXAMPLES, ROOT
from .strategies import maps


def base(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "argmap": "1",
        "statements": [{"id": "thesis", "text": "T"}, {"id": "p", "text": "P"}, {"id": "q", "text": "Q"}],
        "arguments": [{"id": "a1", "premises": ["p"], "conclusion": "thesis"},
                      {"id": "a2", "premises": ["q"], "conclusion": "thesis"}],
    }
    for key, value in extra.items():
        data[key] = value
    return data


def with_items(key: str, *items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data = base(**extra)
    data[key] = [*data.get(key, []), *items]
    return data


ANALOGY = {"id": "an", "figure": "fable", "text": "A", "source": "龜兔賽跑", "target": "中美AI競賽",
           "mapping": [{"from": "兔子", "to": "領先者"}]}
SOURCE = "標題\n他說T。P是真的。\n\nQ也是真的。另一句。\n"

# code: (bad map, fixed map, source text or None)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str | None]] = {
    "AM101": (with_items("arguments", {"id": "a3", "premises": ["thesis"], "conclusion": "p"}),
              base(), None),
    "AM102": (with_items("arguments", {"id": "a3", "premises": ["p", "thesis"], "conclusion": "thesis"}),
              with_items("arguments", {"id": "a3", "premises": ["p", "q"], "conclusion": "thesis"}), None),
    "AM103": (with_items("statements", {"id": "lone", "text": "L"}), base(), None),
    "AM104": (with_items("arguments", {"id": "a3", "premises": ["p"], "conclusion": "side"},
                         statements=[*base()["statements"], {"id": "side", "text": "S"}],
                         main_conclusions=["thesis"]),
              with_items("arguments", {"id": "a3", "premises": ["p"], "conclusion": "side"},
                         statements=[*base()["statements"], {"id": "side", "text": "S"}],
                         main_conclusions=["thesis", "side"]), None),
    "AM105": (with_items("arguments", {"id": "a3", "premises": ["r"], "conclusion": "s"},
                         statements=[*base()["statements"], {"id": "r", "text": "R"}, {"id": "s", "text": "S"}],
                         main_conclusions=["thesis"]),
              with_items("arguments", {"id": "a3", "premises": ["r"], "conclusion": "p"},
                         statements=[*base()["statements"], {"id": "r", "text": "R"}],
                         main_conclusions=["thesis"]), None),
    "AM107": (base(attacks=[{"id": "x", "from": "p", "to": "p"}]),
              base(attacks=[{"id": "x", "from": "q", "to": "p"}]), None),
    "AM108": (base(statements=[{"id": f"c{i}", "text": "C"} for i in range(4)] + [{"id": "p", "text": "P"}],
                   arguments=[{"id": f"a{i}", "premises": ["p"], "conclusion": f"c{i}"} for i in range(4)]),
              base(statements=[{"id": f"c{i}", "text": "C"} for i in range(4)] + [{"id": "p", "text": "P"}],
                   arguments=[{"id": f"a{i}", "premises": ["p"], "conclusion": f"c{i}"} for i in range(4)],
                   main_conclusions=["c0", "c1", "c2", "c3"]), None),
    "AM109": (base(arguments=[{"id": "a1", "premises": ["p"], "conclusion": "thesis", "linked": True},
                              {"id": "a2", "premises": ["q"], "conclusion": "thesis"}]),
              base(arguments=[{"id": "a1", "premises": ["p", "q"], "conclusion": "thesis", "linked": True}]), None),
    "AM110": (base(arguments=[{"id": "a1", "premises": ["p", "q"], "conclusion": "thesis", "linked": False}]),
              base(arguments=[{"id": "a1", "premises": ["p"], "conclusion": "thesis", "linked": False},
                              {"id": "a2", "premises": ["q"], "conclusion": "thesis"}]), None),
    "AM120": (base(argmap="1.1", expect=[{"semantics": "grounded", "status": {"thesis": "out"}},
                                         {"semantics": "dfquad", "score": {"thesis": [0.0, 0.5]}}]),
              base(argmap="1.1", expect=[{"semantics": "grounded", "status": {"thesis": "in"}},
                                         {"semantics": "dfquad", "score": {"thesis": [0.5, 1.0]}}]), None),
    "AM201": (base(statements=[{"id": "thesis", "text": "T", "quote": "他說U"}, {"id": "p", "text": "P"},
                               {"id": "q", "text": "Q"}]),
              base(statements=[{"id": "thesis", "text": "T", "quote": "他說T"}, {"id": "p", "text": "P"},
                               {"id": "q", "text": "Q"}]), SOURCE),
    "AM202": (base(statements=[{"id": "thesis", "text": "T", "quote": "他說 T。"}, {"id": "p", "text": "P"},
                               {"id": "q", "text": "Q"}]),
              base(statements=[{"id": "thesis", "text": "T", "quote": "他說T。"}, {"id": "p", "text": "P"},
                               {"id": "q", "text": "Q"}]), SOURCE),
    "AM203": (base(statements=[{"id": "thesis", "text": "T", "quote": "是真的"}, {"id": "p", "text": "P"},
                               {"id": "q", "text": "Q"}]),
              base(statements=[{"id": "thesis", "text": "T", "quote": "P是真的"}, {"id": "p", "text": "P"},
                               {"id": "q", "text": "Q"}]), SOURCE),
    "AM204": (base(sections=[{"id": "s1", "title": "標題"}, {"id": "s2", "title": "小標"}],
                   statements=[{"id": "thesis", "text": "T", "quote": "Q也是真的", "section": "s1"},
                               {"id": "p", "text": "P"}, {"id": "q", "text": "Q"}]),
              base(sections=[{"id": "s1", "title": "標題"}, {"id": "s2", "title": "小標"}],
                   statements=[{"id": "thesis", "text": "T", "quote": "Q也是真的", "section": "s2"},
                               {"id": "p", "text": "P"}, {"id": "q", "text": "Q"}]),
              "前言很長的一段文字在這裡開始並且繼續寫下去直到足夠長為止。這一段是正文，不是標題，所以要寫得更長一點才行。\n"
              "標題\n他說T。P是真的。這一段也要足夠長才會被當作正文段落來看待的，所以多寫幾句話，再多寫幾句話。\n"
              "小標\nQ也是真的。另一句而且這一段也要足夠長才會被當作正文段落來看待的，所以多寫幾句，再多寫幾句。\n"),
    "AM205": (base(statements=[{"id": "thesis", "text": "T", "quote": "他說T。P是真的。"}, {"id": "p", "text": "P"},
                               {"id": "q", "text": "Q"}]),
              base(statements=[{"id": "thesis", "text": "T", "quote": "他說T。P是真的。"}, {"id": "p", "text": "P"},
                               {"id": "q", "text": "Q", "quote": "Q也是真的。另一句。"}]), SOURCE),
    "AM301": (with_items("analogies", {**ANALOGY, "mapping": []},
                         arguments=[*base()["arguments"], {"id": "a3", "premises": ["an"], "conclusion": "thesis"}]),
              with_items("analogies", ANALOGY,
                         arguments=[*base()["arguments"], {"id": "a3", "premises": ["an"], "conclusion": "thesis"}]),
              None),
    "AM302": (with_items("analogies", {**ANALOGY, "target": "龜兔 賽跑"},
                         arguments=[*base()["arguments"], {"id": "a3", "premises": ["an"], "conclusion": "thesis"}]),
              with_items("analogies", ANALOGY,
                         arguments=[*base()["arguments"], {"id": "a3", "premises": ["an"], "conclusion": "thesis"}]),
              None),
    "AM303": (with_items("analogies", {**ANALOGY, "mapping": [{"from": "兔子", "to": "領先者"}] * 2},
                         arguments=[*base()["arguments"], {"id": "a3", "premises": ["an"], "conclusion": "thesis"}]),
              with_items("analogies", ANALOGY,
                         arguments=[*base()["arguments"], {"id": "a3", "premises": ["an"], "conclusion": "thesis"}]),
              None),
    "AM304": (with_items("analogies", ANALOGY, attacks=[{"id": "x", "from": "p", "to": "an"}]),
              with_items("analogies", ANALOGY,
                         arguments=[*base()["arguments"], {"id": "a3", "premises": ["an"], "conclusion": "thesis"}]),
              None),
    "AM305": (with_items("analogies", ANALOGY, arguments=[*base()["arguments"], {
                  "id": "a3", "premises": ["an"], "conclusion": "thesis", "scheme": "analogy"}]),
              with_items("analogies", ANALOGY, arguments=[*base()["arguments"], {
                  "id": "a3", "premises": ["an"], "conclusion": "thesis", "scheme": "analogy",
                  "critical_questions": [{"question": q, "status": "answered"} for q in
                                         ("similarity", "differences", "source-truth", "counter-analogy")]}]),
              None),
    "AM401": (base(arguments=[{"id": "a1", "premises": ["p"], "conclusion": "thesis", "scheme": "analogie"},
                              {"id": "a2", "premises": ["q"], "conclusion": "thesis"}]),
              base(arguments=[{"id": "a1", "premises": ["p"], "conclusion": "thesis", "scheme": "analogy",
                               "ignore": ["AM305"]}, {"id": "a2", "premises": ["q"], "conclusion": "thesis"}]),
              None),
    "AM402": (base(arguments=[{"id": "a1", "premises": ["p"], "conclusion": "thesis", "scheme": "sign"},
                              {"id": "a2", "premises": ["q"], "conclusion": "thesis"}]),
              base(arguments=[{"id": "a1", "premises": ["p"], "conclusion": "thesis", "scheme": "sign",
                               "critical_questions": [{"question": "strength", "status": "answered"},
                                                      {"question": "Are there other events that would more "
                                                       "reliably account for the sign?", "status": "conceded"}]},
                              {"id": "a2", "premises": ["q"], "conclusion": "thesis"}]), None),
    "AM403": (base(arguments=[{"id": "a1", "premises": ["p"], "conclusion": "thesis", "scheme": "sign",
                               "critical_questions": [{"question": "strenght", "status": "answered"}]},
                              {"id": "a2", "premises": ["q"], "conclusion": "thesis"}]),
              base(arguments=[{"id": "a1", "premises": ["p"], "conclusion": "thesis", "scheme": "sign",
                               "critical_questions": [{"question": "strength", "status": "answered"},
                                                      {"question": "Was the sign seen by a reliable witness?"}]},
                              {"id": "a2", "premises": ["q"], "conclusion": "thesis"}]), None),
}


def documented_case(code: str) -> tuple[dict[str, Any], dict[str, Any], str | None]:
    """A rule whose documentation shows whole maps: its bad and good examples are the test's maps."""
    import yaml

    from argmap.io.parse import MapLoader

    bad, good = (yaml.load(text, Loader=MapLoader) for text in (RULES[code].bad, RULES[code].good))
    source = (bad.get("source") or {}).get("text")
    return bad, good, source


DOCUMENTED = ("AM111", "AM112", "AM206", "AM207", "AM208", "AM209")
CASES.update({code: documented_case(code) for code in DOCUMENTED})


def codes_of(data: dict[str, Any], source: str | None) -> list[str]:
    return [d.code for d in validate_dict(data, source=source)]


def test_every_rule_has_a_case() -> None:
    assert {code for code, rule in RULES.items() if rule.check} == set(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_bad_and_not_on_fixed(code: str) -> None:
    bad, good, source = CASES[code]
    assert code in codes_of(bad, source), f"{code} did not fire"
    assert code not in codes_of(good, source), f"{code} fired on the fixed map"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    assert rule.summary and rule.why and rule.bad and rule.good and rule.name
    text = rule.explain()
    assert "What it does" in text and "Example" in text and "Use instead" in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_no_rule_crashes_on_a_valid_map(m: argmap.ArgumentMap) -> None:
    for diagnostic in run_rules(m, source="某個來源文字。Some source text."):
        assert diagnostic.code in RULES and diagnostic.severity in ("info", "warning", "error")


def test_rule_locations_are_exact_in_yaml_and_json(tmp_path: Path) -> None:
    bad, _, _ = CASES["AM107"]
    yaml_file = tmp_path / "m.yaml"
    yaml_file.write_text(argmap.dumps(argmap.loads(json.dumps(bad), "json"), "yaml"), encoding="utf-8")
    json_file = tmp_path / "m.json"
    json_file.write_text(json.dumps(bad, indent=2), encoding="utf-8")
    for path in (yaml_file, json_file):
        [found] = [d for d in validate(path) if d.code == "AM107"]
        line = path.read_text(encoding="utf-8").splitlines()[found.location.line - 1]  # type: ignore[operator]
        assert line[found.location.column - 1:].lstrip('"').startswith("p")  # type: ignore[operator]
        assert found.location.path == ("attacks", 0, "to") and found.nodes == ("x", "p")


def test_node_suppression() -> None:
    bad = copy.deepcopy(CASES["AM103"][0])
    bad["statements"][-1]["ignore"] = ["AM103"]
    assert "AM103" not in codes_of(bad, None)
    bad["statements"][-1]["ignore"] = ["AM1"]  # a prefix works too
    assert "AM103" not in codes_of(bad, None)


def test_settings_select_ignore_severity() -> None:
    bad, _, _ = CASES["AM103"]
    m = argmap.loads(json.dumps(bad), "json")
    assert [d.severity for d in run_rules(m) if d.code == "AM103"] == ["warning"]
    assert not [d for d in run_rules(m, Config(ignore=("AM1",))) if d.code == "AM103"]
    assert [d.code for d in run_rules(m, Config(select=("AM103",)))] == ["AM103"]
    assert [d.code for d in run_rules(m, Config(ignore=("AM1",), select=("AM", "AM103")))] == ["AM103"]
    assert [d.severity for d in run_rules(m, Config(severity={"AM103": "error"})) if d.code == "AM103"] == ["error"]


def test_settings_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.argmap]\nignore = ["AM103"]\nfail-on = "warning"\n'
                                             '[tool.argmap.severity]\nAM304 = "error"\n')
    config = load_config(tmp_path / "pyproject.toml")
    assert config.ignore == ("AM103",) and config.fail_on == "warning" and config.severity == {"AM304": "error"}
    maps_dir = tmp_path / "maps"
    maps_dir.mkdir()
    bad, _, _ = CASES["AM103"]
    (maps_dir / "m.json").write_text(json.dumps(bad))
    assert "AM103" not in [d.code for d in validate(maps_dir / "m.json")]  # found by walking up
    (tmp_path / "argmap.toml").write_text("nonsense = 1\n")
    assert [d.code for d in validate(maps_dir / "m.json")] == ["AM005"]  # unknown settings keys are errors


def test_validate_reports_loader_errors_and_missing_sources(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text('argmap: "1"\nsource: {path: essay.txt}\nstatements: [{id: p, text: P}]\n')
    found = validate(tmp_path / "m.yaml")
    assert found[0].code == "AM005" and found[0].location.line == 2
    assert [d.code for d in validate(EXAMPLES / "bike-lanes.yaml") if d.severity != "info"] == []
    assert validate_dict({"argmap": "1", "statements": [{"id": "p"}]})[0].code == "AM011"


def test_flagship_and_examples_validate_clean() -> None:
    for path in (EXAMPLES / "bike-lanes.yaml", EXAMPLES / "deepseek" / "map.yaml"):
        assert [d for d in validate(path) if d.severity != "info"] == [], path


# --- outputs ----------------------------------------------------------------------------------------


def results() -> list[tuple[str, list[argmap.Diagnostic]]]:
    bad, _, _ = CASES["AM107"]
    return [("maps/m,1:x.json", validate_dict(bad))]


def test_sarif_output_is_valid_sarif_2_1_0() -> None:
    from sarif_pydantic import Sarif

    log = sarif_report(results(), "1.0")
    Sarif.model_validate(log)
    run = log["runs"][0]
    [result] = [r for r in run["results"] if r["ruleId"] == "AM107"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "AM107"
    assert result["level"] == "error"


def test_github_annotations_escape_properties() -> None:
    text = github_annotations(results())
    line = next(line for line in text.splitlines() if "AM107" in line)
    assert line.startswith("::error file=maps/m%2C1%3Ax.json,title=AM107 self-attack::")


def test_json_report_is_stable() -> None:
    report = json_report(results())
    assert report["version"] == 1 and set(report["summary"]) == {"files", "invalid", "problems", "errors",
                                                                 "warnings", "infos"}
    assert set(report["files"][0]["diagnostics"][0]) == {"code", "name", "severity", "message", "hint", "file",
                                                          "line", "column", "path", "nodes"}


def test_cli_formats_and_fail_on(tmp_path: Path) -> None:
    bad, _, _ = CASES["AM103"]  # a warning
    path = tmp_path / "m.json"
    path.write_text(json.dumps(bad))
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    assert runner.invoke(main, ["validate", str(path), "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(main, ["validate", str(path), "--fail-on", "warning", "--ignore", "AM103"]).exit_code == 0
    result = runner.invoke(main, ["validate", str(path), "--format", "sarif"])
    assert json.loads(result.stdout)["version"] == "2.1.0"
    result = runner.invoke(main, ["validate", str(path), "--format", "github"])
    assert result.stdout.startswith("::warning file=")
    assert runner.invoke(main, ["validate", str(path), "--select", "bogus"]).exit_code == 2


def test_cli_rules() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["rules"]).stdout
    assert all(code in listing for code in RULES)
    explained = runner.invoke(main, ["rules", "am101"]).stdout
    assert "support-cycle" in explained and "Use instead" in explained
    assert runner.invoke(main, ["rules", "AM999"]).exit_code == 2


def test_an_attack_aimed_at_itself_is_a_self_attack() -> None:
    data = base(attacks=[{"id": "u", "from": "p", "to": "u", "type": "undercut"}])
    [found] = [d for d in validate_dict(data) if d.code == "AM107"]
    assert found.nodes == ("u",) and "aimed at itself" in found.message
    assert found.location.path == ("attacks", 0, "to")


def test_rule_reference_is_in_sync() -> None:
    from argmap.checks.registry import rules_markdown

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), \
        "run: argmap rules --format markdown > docs/rules.md"
