"""The af (ICCMA-style solver) and eval commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main

from .conftest import EXAMPLES, ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "af"
FLOATING = str(FIXTURES / "floating.apx")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# --- af ----------------------------------------------------------------------------------------


def test_af_describes_itself_like_a_competition_solver() -> None:
    code, out, _ = run("af")
    assert code == 0 and out.startswith("argmap ")
    assert run("af", "--formats")[1].strip() == "[apx,tgf,i23]"
    problems = run("af", "--problems")[1].strip()
    assert problems.startswith("[EE-CO,") and "DS-PR" in problems and problems.count(",") == 15


@pytest.mark.parametrize(("problem", "expected"), [
    ("EE-PR", "[[a,d],[b,d]]"),
    ("EE-ST", "[[a,d],[b,d]]"),
    ("EE-GR", "[[]]"),
    ("SE-GR", "[]"),
    ("SE-CO", "[]"),
])
def test_af_enumeration_and_single_extension_iccma19(problem: str, expected: str) -> None:
    code, out, _ = run("af", "-p", problem, "-f", FLOATING)
    assert code == 0
    got = out.strip()
    if problem in ("EE-PR", "EE-ST"):  # order of extensions is not fixed
        assert sorted(got[1:-1].replace("],[", "]|[").split("|")) == ["[a,d]", "[b,d]"]
    else:
        assert got == expected


def test_af_ee_complete_lists_every_extension_once() -> None:
    out = run("af", "-p", "EE-CO", "-f", FLOATING)[1].strip()
    found = sorted(out[1:-1].replace("],[", "]|[").split("|"))
    assert found == ["[]", "[a,d]", "[b,d]"]
    assert run("af", "-p", "EE-CO", "-f", FLOATING, "--limit", "1")[1].count("[") == 2


@pytest.mark.parametrize(("problem", "argument", "answer"), [
    ("DC-PR", "a", "YES"), ("DC-GR", "a", "NO"), ("DC-ST", "c", "NO"), ("DC-CO", "d", "YES"),
    ("DS-PR", "d", "YES"), ("DS-ST", "d", "YES"), ("DS-GR", "d", "NO"), ("DS-CO", "d", "NO"), ("DS-PR", "a", "NO"),
])
def test_af_acceptance(problem: str, argument: str, answer: str) -> None:
    code, out, _ = run("af", "-p", problem, "-f", FLOATING, "-fo", "apx", "-a", argument)
    assert code == 0 and out == answer + "\n"


def test_af_auto_output_follows_the_format_read_also_from_standard_input(tmp_path: Path) -> None:
    text = "p af 3\n1 2\n2 3\n# a comment\n"
    assert run("af", "-p", "EE-GR", "-f", "-", stdin=text)[1] == "w 1 3\n"
    unsuffixed = tmp_path / "framework.txt"
    unsuffixed.write_text(text)
    assert run("af", "-p", "EE-GR", "-f", str(unsuffixed))[1] == "w 1 3\n"
    assert run("af", "-p", "EE-GR", "-f", "-", "--output", "iccma19", stdin=text)[1] == "[[1,3]]\n"


def test_af_iccma19_lists_quote_names_that_would_be_misread(tmp_path: Path) -> None:
    path = tmp_path / "names.apx"
    path.write_text('arg("a,b").\narg(c).\narg("x y").\narg("[q]").\natt(c,"x y").\n')
    assert run("af", "-p", "EE-GR", "-f", str(path))[1] == '[["a,b",c,"[q]"]]\n'


def test_af_default_argument_limit_bounds_memory(tmp_path: Path) -> None:
    path = tmp_path / "tiny.i23"
    path.write_text("p af 9999999\n1 2\n")  # 20 bytes declaring ten million arguments
    code, out, err = run("af", "-p", "EE-ST", "-f", str(path))
    assert code == 1 and "AM003" in out + err and "2,000,000" in out + err


def test_af_iccma23_output_has_certificates(tmp_path: Path) -> None:
    path = tmp_path / "chain.i23"
    path.write_text("p af 3\n1 2\n2 3\n")
    assert run("af", "-p", "SE-GR", "-f", str(path))[1] == "w 1 3\n"
    assert run("af", "-p", "DC-CO", "-f", str(path), "-a", "3")[1] == "YES\nw 1 3\n"
    assert run("af", "-p", "DS-PR", "-f", str(path), "-a", "2")[1] == "NO\nw 1 3\n"
    assert run("af", "-p", "DC-ST", "-f", str(path), "-a", "2")[1] == "NO\n"
    assert run("af", "-p", "EE-PR", "-f", str(path))[1] == "w 1 3\n"
    odd = tmp_path / "odd.i23"
    odd.write_text("p af 3\n1 2\n2 3\n3 1\n")
    assert run("af", "-p", "SE-ST", "-f", str(odd))[1] == "NO\n"
    assert run("af", "-p", "EE-ST", "-f", str(odd))[1] == ""  # no extension: no line
    assert run("af", "-p", "EE-PR", "-f", str(odd))[1] == "w\n"  # one empty extension
    assert run("af", "-p", "EE-PR", "-f", str(odd), "--output", "iccma19")[1] == "[[]]\n"


def test_af_json_output_and_stdin() -> None:
    code, out, _ = run("af", "-p", "DS-PR", "-f", "-", "-fo", "tgf", "-a", "a", "--output", "json",
                       stdin="a\nb\n#\nb a\n")
    assert code == 0
    assert json.loads(out) == {"problem": "DS-PR", "argument": "a", "accepted": False, "certificate": ["b"]}
    data = json.loads(run("af", "-p", "EE-ST", "-f", FLOATING, "--output", "json")[1])
    assert sorted(data["extensions"]) == [["a", "d"], ["b", "d"]]
    assert json.loads(run("af", "-p", "SE-ST", "-f", FLOATING, "--output", "json")[1])["extension"] in (
        ["a", "d"], ["b", "d"])


def test_af_usage_errors_exit_2() -> None:
    assert run("af", "-p", "EE-PR")[0] == 2  # no file
    assert run("af", "-f", FLOATING)[0] == 2  # no problem
    code, _, err = run("af", "-p", "EE-XX", "-f", FLOATING)
    assert code == 2 and "unknown problem" in err
    code, _, err = run("af", "-p", "DC-PR", "-f", FLOATING)
    assert code == 2 and "-a ARG" in err
    code, _, err = run("af", "-p", "DC-PR", "-f", FLOATING, "-a", "zz")
    assert code == 2 and "no argument 'zz'" in err
    code, out, _ = run("af", "-p", "EE-PR", "-f", "/no/such/file.apx")
    assert code == 2 and "AM005 cannot read file" in out


def test_af_invalid_file_exits_1_with_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.apx"
    bad.write_text("arg(a).\natt(a,b).\n")
    code, out, _ = run("af", "-p", "EE-PR", "-f", str(bad))
    assert code == 1
    assert f"{bad}:2:7:" in out and "AM021" in out and "    2 | att(a,b)." in out


def test_af_convert(tmp_path: Path) -> None:
    target = tmp_path / "floating.i23"
    code, _, _ = run("af", "-f", FLOATING, "--convert", str(target))
    assert code == 0 and target.read_text().startswith("p af 4\n")
    tgf = tmp_path / "floating.out"
    assert run("af", "-f", str(target), "--convert", str(tgf), "--to", "tgf")[0] == 0
    assert tgf.read_text().startswith("1\n2\n3\n4\n#\n")
    assert run("af", "-f", FLOATING, "--convert", str(tmp_path / "x.txt"))[0] == 2  # unknown suffix
    original = Path(FLOATING).read_text()
    assert run("af", "-f", FLOATING, "--convert", FLOATING)[0] == 2  # never over its input
    assert Path(FLOATING).read_text() == original


# --- eval --------------------------------------------------------------------------------------


def test_eval_text_report_on_the_bike_lanes_map() -> None:
    code, out, _ = run("eval", str(EXAMPLES / "bike-lanes.yaml"))
    assert code == 0
    assert "grounded semantics, 1 extension: 11 stand, 4 defeated, 0 undecided" in out
    lines = out.splitlines()
    safer = next(i for i, line in enumerate(lines) if line.startswith("OUT   safer"))
    assert "why: safer is defeated: none of its arguments holds (a-injuries)" in lines[safer + 1]
    assert "undercut by selection-bias (x-bias), which stands" in lines[safer + 2]
    assert any(line.startswith("IN    build-lanes") and "[main]" in line for line in lines)
    assert "a-injuries" not in " ".join(line for line in lines if line[:5].strip() in ("IN", "OUT"))


def test_eval_nodes_depth_and_json() -> None:
    path = str(EXAMPLES / "bike-lanes.yaml")
    out = run("eval", path, "--nodes", "all")[1]
    assert "OUT   a-injuries" in out
    main_only = run("eval", path, "--nodes", "main")[1]
    assert "build-lanes" in main_only and "safer" not in main_only
    shallow = run("eval", path, "--depth", "1")[1]
    assert "        why: safer is defeated" in shallow and "          ..." in shallow
    data = json.loads(run("eval", path, "--format", "json", "--semantics", "preferred")[1])
    assert data["semantics"] == "preferred" and data["extensions"] == 1
    assert data["main_conclusions"] == ["build-lanes"]
    safer = next(node for node in data["nodes"] if node["id"] == "safer")
    assert safer["status"] == "OUT" and safer["why"]["rule"] == "unsupported"


def test_eval_flagship_main_conclusions() -> None:
    out = run("eval", str(EXAMPLES / "deepseek" / "map.yaml"), "--nodes", "main")[1]
    lines = out.splitlines()
    assert lines[2].startswith("OUT   thesis") and lines[7].startswith("IN    hare-advice")
    assert "rebutted by c-not-sustainable (att-not-sustainable), which stands" in lines[3]


def test_eval_writes_the_framework(tmp_path: Path) -> None:
    target = tmp_path / "bike.apx"
    assert run("eval", str(EXAMPLES / "bike-lanes.yaml"), "--write-af", str(target))[0] == 0
    text = target.read_text()
    assert 'arg("build-lanes").' in text and 'att("unsupported:safer",safer).' in text
    code = run("af", "-p", "DS-GR", "-f", str(target), "-a", "build-lanes")
    assert code[1] == "YES\n"


def test_eval_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('argmap: "1"\nstatements:\n  - {id: a}\n')
    assert run("eval", str(bad))[0] == 1
    assert run("eval", str(tmp_path / "missing.yaml"))[0] == 2
    many = tmp_path / "many.yaml"
    statements = "".join(f"  - {{id: s{i}, text: S}}\n" for i in range(8))
    attacks = "".join(f"  - {{id: x{i}, from: s{2 * i}, to: s{2 * i + 1}}}\n  - {{id: y{i}, from: s{2 * i + 1}, "
                      f"to: s{2 * i}}}\n" for i in range(4))
    many.write_text(f'argmap: "1"\nstatements:\n{statements}attacks:\n{attacks}')
    code, _, err = run("eval", str(many), "-s", "stable", "--max-extensions", "5")
    assert code == 2 and "more than 5 stable extensions" in err
    assert "contested" not in run("eval", str(many))[1]  # grounded: undecided, by a cycle
    out = run("eval", str(many), "-s", "preferred")[1]
    assert "it stands in 8 of 16 preferred extensions" in out


def test_eval_runs_as_a_program() -> None:
    result = subprocess.run([sys.executable, "-m", "argmap", "eval", "--nodes", "main",
                             str(EXAMPLES / "bike-lanes.yaml")], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0 and "build-lanes" in result.stdout


def _check_worked_example(section: str, file_name: str, tmp_path: Path) -> None:
    """Run the command of a worked example in docs/semantics.md on its map; compare with the text shown."""
    doc = (ROOT / "docs" / "semantics.md").read_text(encoding="utf-8")
    example = doc.split(section, 1)[1]
    yaml_block = example.split("```yaml\n", 1)[1].split("```", 1)[0]
    text_block = example.split("```text\n", 1)[1].split("```", 1)[0]
    command, *expected = text_block.splitlines()
    assert command == f"$ argmap eval {file_name} --nodes all"
    (tmp_path / file_name).write_text(yaml_block, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "argmap", "eval", file_name, "--nodes", "all"],
                            capture_output=True, text=True, cwd=tmp_path, check=False,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert [line.rstrip() for line in result.stdout.splitlines()] == [line.rstrip() for line in expected]


def test_the_attack_on_an_attack_example_in_the_docs_is_true(tmp_path: Path) -> None:
    _check_worked_example("### Worked example: an attack on an attack", "reply.yaml", tmp_path)
    written = tmp_path / "reply.apx"
    assert run("eval", str(tmp_path / "reply.yaml"), "--write-af", str(written))[0] == 0
    attacks = {line for line in written.read_text().splitlines() if line.startswith("att(")}
    assert attacks == {'att(funded,"not:funded").', 'att("not:funded",k).', "att(small,k).", "att(k,poor)."}


def test_the_worked_example_in_the_docs_is_true(tmp_path: Path) -> None:
    _check_worked_example("### Worked example\n", "lanes.yaml", tmp_path)
    written = tmp_path / "lanes.apx"
    assert run("eval", str(tmp_path / "lanes.yaml"), "--write-af", str(written))[0] == 0
    attacks = {line for line in written.read_text().splitlines() if line.startswith("att(")}
    for pair in ("shops,lanes", "survey,shops", "bias,a2", 'safer,"not:safer"', '"not:safer",a1',
                 '"unsupported:lanes",lanes', 'a2,"unsupported:safer"'):
        assert f"att({pair})." in attacks
    assert len(attacks) == 11


def test_af_reads_tgf_from_stdin_whose_first_id_starts_with_arg() -> None:
    code, out, _ = run("af", "-p", "EE-PR", "-f", "-", stdin="arg0\narg1\n#\narg0 arg1\n")
    assert code == 0 and out.strip() == "[[arg0]]"


def test_eval_gradual_semantics_prints_scores(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text('argmap: "1.1"\nstatements:\n  - {id: c, text: C}\n  - {id: x, text: X, weight: 0.5}\n'
                    "attacks:\n  - {id: k, from: x, to: c, type: rebut}\n", encoding="utf-8")
    code, out, _ = run("eval", str(path), "-s", "dfquad")
    assert code == 0 and "converged" in out and "0.250" in out and "0.500" in out
    code, out, _ = run("eval", str(path), "--semantics", "hcat", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["semantics"] == "hcat" and data["converged"] is True
    assert {n["id"]: n["score"] for n in data["nodes"]} == {"c": 1 / 1.5, "x": 0.5}
    code, _, err = run("eval", str(path), "-s", "qe", "--write-af", str(tmp_path / "x.apx"))
    assert code == 2 and "Dung" in err


def test_eval_carneades_on_a_carneades_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text("meta: {title: G}\nstatements: {p: P, q: Q, r: R}\n"
                    "arguments: {a1: {conclusion: r, premises: [q]}}\nassumptions: [q]\n"
                    "tests: {in: [q, r], out: [p]}\n", encoding="utf-8")
    code, out, _ = run("eval", str(path), "-s", "carneades")
    assert code == 0 and "2 in, 1 out, 0 undecided" in out
    code, out, _ = run("eval", str(path), "-s", "carneades", "--format", "json")
    assert '"disagreements": []' in out


def test_render_eval_dfquad_shows_scores_with_a_legend(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text('argmap: "1.1"\nstatements:\n  - {id: c, text: C}\n  - {id: x, text: X, weight: 1.0}\n'
                    "attacks:\n  - {id: k, from: x, to: c, type: rebut}\n", encoding="utf-8")
    code, out, _ = run("render", str(path), "--eval", "dfquad", "--format", "dot")
    assert code == 0
    assert "<B>0.00</B>" in out and "<B>1.00</B>" in out  # c falls to 0, x keeps 1
    assert "(dfquad)" in out  # the legend's score scale names the semantics
