"""The argmap command: exit codes, outputs, and never touching its input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main

from .conftest import EXAMPLES, ROOT


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


BROKEN = (
    'argmap: "1"\nstatements:\n  - {id: c, text: 中文, typo: 1}\n'
    "arguments:\n  - {id: a, premises: [x], conclusion: c}\n"
)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_validate_ok(bike_lanes_path: Path) -> None:
    code, out, err = run("validate", str(bike_lanes_path))
    assert code == 0 and "ok" in out and "0 error(s), 0 warning(s)" in err


def test_validate_invalid_shows_location_line_and_caret(broken: Path) -> None:
    code, out, err = run("validate", str(broken))
    assert code == 1
    assert f"{broken}:3:23: error AM012 unknown key 'typo'" in out
    assert f"{broken}:5:24: error AM021 premise 'x' does not exist" in out
    lines = out.splitlines()
    source = lines.index("    3 |   - {id: c, text: 中文, typo: 1}")
    # the caret sits under 'typo' in display columns (each CJK character is two columns wide)
    assert lines[source + 1].index("^") == lines[source].index("typo") + 2
    assert "1 of 1 file(s) invalid; 1 file(s): 2 error(s), 0 warning(s), 0 info" in err


def test_validate_json_output(broken: Path, bike_lanes_path: Path) -> None:
    code, out, _ = run("validate", "--format", "json", str(bike_lanes_path), str(broken))
    assert code == 1
    report = json.loads(out)
    assert report["summary"] == {"files": 2, "invalid": 1, "problems": 7, "errors": 2, "warnings": 0, "infos": 5}
    assert report["files"][0]["valid"] is True
    first = report["files"][1]["diagnostics"][0]
    assert first == {"code": "AM012", "name": "unknown-key", "severity": "error", "message": "unknown key 'typo'",
                     "hint": "did you mean 'type'?",
                     "file": str(broken), "line": 3, "column": 23, "path": "statements[0].typo", "nodes": []}


def test_validate_missing_file_is_exit_2(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "AM005" in out


def test_usage_error_is_exit_2() -> None:
    assert run("validate")[0] == 2
    assert run("validate", "--format", "xml", "x.yaml")[0] == 2


def test_convert_yaml_to_json_and_back(bike_lanes_path: Path, tmp_path: Path) -> None:
    out_json = tmp_path / "m.json"
    assert run("convert", str(bike_lanes_path), str(out_json))[0] == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["argmap"] == "1" and data["attacks"][2]["type"] == "undercut"
    out_yaml = tmp_path / "m.yaml"
    assert run("convert", str(out_json), str(out_yaml))[0] == 0
    assert run("validate", str(out_yaml))[0] == 0


def test_convert_to_stdout(bike_lanes_path: Path) -> None:
    code, out, _ = run("convert", str(bike_lanes_path), "-", "--to", "json")
    assert code == 0 and json.loads(out)["title"].startswith("Should")


def test_convert_never_overwrites_input(bike_lanes_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m.yaml"
    copy.write_bytes(bike_lanes_path.read_bytes())
    before = copy.read_bytes()
    code, _, err = run("convert", str(copy), str(tmp_path / "." / "m.yaml"))
    assert code == 2 and "never overwrites" in err
    assert copy.read_bytes() == before


def test_convert_invalid_map_writes_nothing(broken: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert run("convert", str(broken), str(target))[0] == 1
    assert not target.exists()


def test_schema_command_matches_committed_file(tmp_path: Path) -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out) == json.loads((ROOT / "schemas" / "argmap.schema.json").read_text(encoding="utf-8"))
    assert run("schema", "-o", str(tmp_path / "s.json"))[0] == 0
    assert json.loads((tmp_path / "s.json").read_text()) == json.loads(out)


def test_stats(bike_lanes_path: Path) -> None:
    code, out, _ = run("stats", "--format", "json", str(bike_lanes_path))
    figures = json.loads(out)
    assert code == 0
    assert figures["statements"] == 9 and figures["linked_arguments"] == 1
    assert figures["attack_types"] == {"rebut": 2, "undercut": 1}
    assert figures["main_conclusions"] == ["build-lanes"] and figures["depth"] == 2
    code, out, _ = run("stats", str(bike_lanes_path))
    assert "main conclusions: build-lanes" in out and "depth of support: 2" in out


def test_stats_reports_cycles(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text('argmap: "1"\nstatements: [{id: p, text: x}, {id: q, text: y}]\n'
                    "arguments: [{id: a, premises: [p], conclusion: q}, {id: b, premises: [q], conclusion: p}]\n")
    code, out, _ = run("stats", str(path))
    assert code == 0 and "undefined (support cycle)" in out and "support cycles:" in out


def test_stats_on_invalid_map_is_exit_1(broken: Path) -> None:
    assert run("stats", str(broken))[0] == 1


def test_module_entry_point_and_console_script(bike_lanes_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "argmap", "validate", str(bike_lanes_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_import_is_light() -> None:
    code = ("import sys, argmap; heavy = {'jieba', 'opencc', 'pygraphviz', 'graphviz', 'networkx'}; "
            "print(sorted(heavy & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "[]"


def test_lazy_graph_functions_resolve() -> None:
    import argmap

    assert argmap.to_networkx.__module__ == "argmap.graph"
    with pytest.raises(AttributeError):
        argmap.no_such_function  # noqa: B018


def test_validate_reads_standard_input(bike_lanes_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "-"], input=bike_lanes_path.read_bytes())
    assert result.exit_code == 0
    result = CliRunner().invoke(main, ["validate", "-"], input=BROKEN.encode())
    assert result.exit_code == 1 and "<stdin>:3:23: error AM012" in result.stdout


def test_unwritable_output_is_exit_2(bike_lanes_path: Path, tmp_path: Path) -> None:
    code, _, err = run("convert", str(bike_lanes_path), str(tmp_path / "no" / "such" / "dir.json"))
    assert code == 2 and "AM005" in err


@pytest.mark.parametrize("args", [["render", "{map}", "--format", "dot", "-o", "-"], ["schema", "-o", "-"],
                                  ["draft", "{text}", "-o", "-"]])
def test_dash_as_output_means_standard_output(args: list[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    text = tmp_path / "essay.txt"
    text.write_text("Cities should build lanes. Because lanes are safer.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    filled = [a.format(map=EXAMPLES / "bike-lanes.yaml", text=text) for a in args]
    result = CliRunner().invoke(main, filled)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() and not (tmp_path / "-").exists()


def test_the_cli_choices_are_the_librarys_own() -> None:
    """The CLI spells its choices out (importing the renderer or the solvers would slow every
    command's start-up), so this holds them equal to the library's constants."""
    import typing

    import click

    from argmap.cli import main
    from argmap.render import FORMATS
    from argmap.render.dot import VIEWS, Direction, Style
    from argmap.render.engine import ENGINES
    from argmap.render.theme import THEMES
    from argmap.semantics.gradual import GRADUAL_SEMANTICS
    from argmap.semantics.solve import SEMANTICS

    def choices(command: str, option: str) -> set[str]:
        group = main
        found = next(p for p in group.commands[command].params if option in getattr(p, "opts", ()))
        assert isinstance(found.type, click.Choice)
        return set(found.type.choices)

    assert choices("render", "--theme") == set(THEMES)
    assert choices("render", "--style") == set(typing.get_args(Style))
    assert choices("render", "--direction") == set(typing.get_args(Direction))
    assert choices("render", "--view") == set(VIEWS)
    assert choices("render", "--engine") == set(ENGINES)
    assert choices("render", "--format") == set(FORMATS)
    assert choices("render", "--eval") == {*SEMANTICS, *GRADUAL_SEMANTICS}
    assert choices("eval", "--semantics") == {*SEMANTICS, *GRADUAL_SEMANTICS, "carneades"}
