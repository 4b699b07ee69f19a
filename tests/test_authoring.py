"""Writing a map by hand without friction: each point a person hit in a trial, with its fix."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import argmap
from argmap.checks import RULES, validate_dict
from argmap.checks.registry import yaml_scalar
from argmap.checks.schemes import SCHEMES, record_hint
from argmap.cli import main
from argmap.errors import MapError
from argmap.io.parse import MapLoader
from argmap.text.anchor import anchor
from argmap.text.coverage import coverage

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")

ESSAY = (
    "Phones at school\n"
    "Schools across the country are debating whether to ban phones in class. A phone-free classroom lets "
    "pupils give their full attention to the lesson in front of them, and teachers say behaviour improves "
    "within weeks. Critics reply that parents worry about reaching their children during the day.\n"
)


def problems(text: str) -> list[tuple[str, str | None]]:
    """(code, hint) of every problem loading ``text`` as YAML."""
    try:
        argmap.loads(text, "yaml")
    except MapError as error:
        return [(d.code, d.hint) for d in error.diagnostics]
    return []


def one_statement_map(quote: str) -> argmap.ArgumentMap:
    return argmap.ArgumentMap(statements=[argmap.Statement(id="s", text="x", quote=quote)])


# --- "did you mean" for quotes in any language --------------------------------------------------


@pytest.mark.parametrize("slip", [
    # a dropped hyphen and a changed word in a 15-word quote
    "A phone free classroom lets pupils give their full attention to the lessons in front of them",
    # one word changed
    "A phone-free classroom lets pupils give their whole attention to the lesson in front of them",
])
def test_a_slip_in_an_english_quote_gets_the_closest_passage(slip: str) -> None:
    [found] = anchor(one_statement_map(slip), ESSAY)
    assert found.status == "missing"
    meant = "A phone-free classroom lets pupils give their full attention to the lesson in front of them"
    assert found.suggestion == meant  # the source's own words, ready to copy
    assert anchor(one_statement_map(found.suggestion), ESSAY)[0].match == "exact"


def test_did_you_mean_works_for_other_languages_and_stays_quiet_on_nonsense() -> None:
    text = "Die Schule verbietet Handys im Unterricht. Eltern möchten ihre Kinder trotzdem erreichen können.\n"
    [found] = anchor(one_statement_map("Eltern möchten ihre Kinder trotzdem erreichen"), text.replace("möchten",
                                                                                                       "wollen"))
    assert found.suggestion == "Eltern wollen ihre Kinder trotzdem erreichen können."
    [nothing] = anchor(one_statement_map("zzzz qqqq xxxx"), ESSAY)
    assert nothing.suggestion is None


def test_validate_hint_carries_the_passage(tmp_path: Path) -> None:
    data = {"argmap": "1.1", "statements": [{"id": "s", "text": "x", "quote": "teachers say behavior improves "
                                              "within a week"}]}
    [found] = [d for d in validate_dict(data, source=ESSAY) if d.code == "AM201"]
    assert found.hint == "did you mean: teachers say behaviour improves within weeks"


# --- critical questions are discoverable --------------------------------------------------------


def test_schemes_command_lists_every_scheme_and_question_id() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["schemes"])
    assert listing.exit_code == 0
    for scheme in SCHEMES.values():
        assert scheme.name in listing.stdout
        assert all(question.text in listing.stdout for question in scheme.questions)
    one = runner.invoke(main, ["schemes", "expert_opinion", "--format", "json"])
    [entry] = json.loads(one.stdout)
    assert [q["id"] for q in entry["questions"]] == [q.id for q in SCHEMES["expert_opinion"].questions]
    alias = runner.invoke(main, ["schemes", "generalization"])  # an alias shows its scheme
    assert alias.exit_code == 0 and alias.stdout.startswith("example")
    wrong = runner.invoke(main, ["schemes", "expert_opinoin"])
    assert wrong.exit_code == 2 and "did you mean 'expert_opinion'?" in wrong.output


def test_a_misspelt_question_id_gets_did_you_mean() -> None:
    data = {"argmap": "1.1", "statements": [{"id": "e", "text": "E says so."}, {"id": "c", "text": "C"}],
            "arguments": [{"id": "a1", "premises": ["e"], "conclusion": "c", "scheme": "expert_opinion",
                           "critical_questions": [{"question": "expertice", "status": "answered"},
                                                  {"question": "Is she paid by the industry?"}]}]}
    found = [d for d in validate_dict(data) if d.code == "AM403"]
    assert len(found) == 1  # the free-text question of the mapper's own is not a slip
    assert "did you mean expertise?" in (found[0].hint or "")
    assert found[0].location.path == ("arguments", 0, "critical_questions", 0, "question")


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_question_hints_are_yaml_that_records_the_answer(name: str) -> None:
    """Every hint that shows how to record a question, pasted into the argument, settles that question."""
    for question in SCHEMES[name].questions:
        snippet = record_hint(question)
        argument = yaml.load(f"{{id: a1, premises: [p], conclusion: c, scheme: {name}, {snippet}}}",
                             Loader=MapLoader)
        assert argument["critical_questions"][0]["question"] == question.id  # e.g. "true" stays text
        data = {"argmap": "1.1", "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}],
                "arguments": [argument]}
        found = [d for d in validate_dict(data) if d.code in ("AM402", "AM305", "AM403")]
        assert all(question.text not in d.message for d in found), (name, question.id)


def test_open_question_hint_quotes_ids_yaml_would_misread() -> None:
    data = {"argmap": "1.1", "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}],
            "arguments": [{"id": "a1", "premises": ["p"], "conclusion": "c", "scheme": "example"}]}
    [found] = [d for d in validate_dict(data) if d.code == "AM402"]
    assert '{question: "true", status: answered}' in (found.hint or "")
    assert yaml_scalar("true") == '"true"' and yaml_scalar("similarity") == "similarity"


# --- every text finding shows its severity ------------------------------------------------------


def test_every_text_finding_names_its_severity(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text('argmap: "1.1"\nstatements:\n  - {id: c, text: C}\n  - {id: lone, text: L}\n'
                    "arguments:\n  - {id: a1, premises: [p], conclusion: c}\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["validate", str(path)]).stdout
    assert re.search(r"m\.yaml:6:\d+: error AM021 ", out)
    path.write_text('argmap: "1.1"\nstatements:\n  - {id: c, text: C}\n  - {id: lone, text: L}\n'
                    "  - {id: p, text: P}\narguments:\n  - {id: a1, premises: [p], conclusion: c}\n",
                    encoding="utf-8")
    out = CliRunner().invoke(main, ["validate", "--show-info", str(path)]).stdout
    assert re.search(r"m\.yaml:4:\d+: warning AM103 ", out)
    findings = [line for line in out.splitlines() if re.match(r".*m\.yaml:\d+:\d+: ", line)]
    assert findings and all(re.search(r": (error|warning|info) AM\d{3} ", line) for line in findings)


# --- hints for the common YAML and shape mistakes -----------------------------------------------


def test_colon_inside_unquoted_text_gets_the_line_quoted() -> None:
    [(code, hint)] = problems('argmap: "1.1"\nstatements:\n  - id: c\n    text: The answer: no phones.\n')
    assert code == "AM001" and hint is not None
    fixed = hint.split("quote the text: ", 1)[1]
    assert yaml.load(fixed, Loader=MapLoader) == {"text": "The answer: no phones."}


def test_a_tab_in_the_indentation_is_named() -> None:
    [(code, hint)] = problems('argmap: "1.1"\nstatements:\n\t- id: c\n\t  text: C\n')
    assert code == "AM001" and "tab" in (hint or "")


@pytest.mark.parametrize(("text", "expected"), [
    ('argmap: "1.1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\n'
     "arguments:\n  - {id: a, premises: p, conclusion: c}\n", "premises: [p]"),
    ('argmap: "1.1"\nmain_conclusions: c\nstatements: [{id: c, text: C}]\n', "main_conclusions: [c]"),
    ('argmap: "1.1"\nsource: essay.txt\nstatements: [{id: c, text: C}]\n', "source: {path: essay.txt}"),
    ('argmap: "1.1"\nstatements: [{id: 1, text: P}]\n', 'id: "1"'),
    ('argmap: "1.1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\n'
     "arguments: [{id: a, premises: [2], conclusion: c}]\n", 'premises: ["2"]'),
])
def test_shape_mistakes_get_the_yaml_to_write(text: str, expected: str) -> None:
    found = problems(text)
    assert len(found) == 1, found
    hint = found[0][1] or ""
    assert expected in hint
    yaml.load(expected, Loader=MapLoader)  # the hint's YAML is valid


def test_target_on_an_attack_says_to_and_is_one_error() -> None:
    found = problems('argmap: "1.1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\n'
                     "attacks: [{id: x, from: p, target: c}]\n")
    assert found == [("AM012", "did you mean 'to'? write to: c")]


def test_a_misspelt_required_key_is_one_error() -> None:
    found = problems('argmap: "1.1"\nstatements: [{id: c, txt: C}]\n')
    assert [code for code, _ in found] == ["AM012"]


def test_a_duplicate_id_shared_with_a_section_is_one_error() -> None:
    text = ('argmap: "1.1"\nsections: [{id: intro, title: Intro}]\n'
            "statements:\n  - {id: intro, text: P, section: intro}\n  - {id: c, text: C, section: intro}\n"
            "arguments:\n  - {id: a1, premises: [intro], conclusion: c}\n  - {id: a2, premises: [c], "
            "conclusion: intro}\nmain_conclusions: [intro]\n")
    assert [code for code, _ in problems(text)] == ["AM020"]


def test_wrong_kind_names_the_attack() -> None:
    found = problems('argmap: "1.1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\n'
                     "attacks: [{id: x7, from: p, to: c, type: undercut}]\n")
    assert [code for code, _ in found] == ["AM022"]
    with pytest.raises(MapError) as info:
        argmap.loads('argmap: "1.1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\n'
                     "attacks: [{id: x7, from: p, to: c, type: undercut}]\n", "yaml")
    assert info.value.diagnostics[0].message.startswith("attack 'x7': ")


# --- fixes ---------------------------------------------------------------------------------------


def test_an_analogy_used_as_an_attacker_is_used() -> None:
    data = {"argmap": "1.1", "statements": [{"id": "c", "text": "C"}],
            "analogies": [{"id": "an", "figure": "hypothetical", "text": "A", "source": "S", "target": "T",
                           "mapping": [{"from": "s", "to": "t"}]}],
            "attacks": [{"id": "x", "from": "an", "to": "c"}]}
    assert "AM304" not in [d.code for d in validate_dict(data)]
    data["attacks"] = [{"id": "x", "from": ["an", "c"], "to": "an2"}]  # jointly, too
    data["analogies"].append({**data["analogies"][0], "id": "an2"})
    assert [d.nodes for d in validate_dict(data) if d.code == "AM304"] == [("an2",)]


@pytest.mark.parametrize(("tag", "hint"), [("english", "write lang: en"), ("Chinese", "write lang: zh"),
                                           ("xx-qq-zz", "BCP 47")])
def test_language_tags_are_checked(tag: str, hint: str) -> None:
    data = {"argmap": "1.1", "lang": tag, "statements": [{"id": "c", "text": "C"}]}
    [found] = [d for d in validate_dict(data) if d.code == "AM209"]
    assert hint in (found.hint or "") and found.severity == "error"
    for good in ("en", "en-GB", "zh-Hant", "zh-Hans-CN"):
        assert "AM209" not in [d.code for d in validate_dict({**data, "lang": good})]
    source = {**data, "lang": "en", "source": {"text": "C.", "lang": tag}}
    assert [d.location.path for d in validate_dict(source) if d.code == "AM209"] == [("source", "lang")]


def test_validate_a_folder(tmp_path: Path) -> None:
    (tmp_path / "maps" / "deep").mkdir(parents=True)
    (tmp_path / "maps" / ".hidden").mkdir()
    good = 'argmap: "1.1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\n' \
        "arguments: [{id: a, premises: [p], conclusion: c}]\n"
    (tmp_path / "maps" / "good.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "maps" / "deep" / "bad.json").write_text(json.dumps({"argmap": "1.1", "arguments": [
        {"id": "a", "premises": ["x"], "conclusion": "y"}]}), encoding="utf-8")
    (tmp_path / "maps" / "deep" / "broken.yml").write_text("argmap: [\n", encoding="utf-8")
    (tmp_path / "maps" / ".hidden" / "skip.yaml").write_text("argmap: [\n", encoding="utf-8")
    (tmp_path / "maps" / "mkdocs.yml").write_text("site_name: docs\n", encoding="utf-8")  # not a map
    (tmp_path / "maps" / "notes.txt").write_text("not a map\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(tmp_path / "maps")])
    report = json.loads(result.stdout)
    files = {Path(f["file"]).name: f["valid"] for f in report["files"]}
    assert files == {"good.yaml": True, "bad.json": False, "broken.yml": False}
    assert result.exit_code == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(main, ["validate", str(empty)]).exit_code == 2


@pytest.mark.parametrize(("name", "extra", "code"), [
    ("x.jpg", [], 2), ("x.svg.bak", [], 2), ("x.png", ["--format", "svg"], 2), ("x.svg", [], 0),
    ("x.md", ["--format", "mermaid"], 0), ("diagram", ["--format", "dot"], 0),
])
def test_render_refuses_suffixes_it_cannot_write(tmp_path: Path, name: str, extra: list[str], code: int) -> None:
    result = CliRunner().invoke(main, ["render", str(ROOT / "examples" / "bike-lanes.yaml"), "-o",
                                       str(tmp_path / name), *extra])
    assert result.exit_code == code, result.output
    assert (tmp_path / name).exists() == (code == 0)


COVERAGE_ESSAY = ("Why now\nA ban is cheap. Schools debate it.\n\nObjections\nParents worry. A ban is cheap.\n\n"
                  "Why now\nTeachers say behaviour improves. Attention returns.\n")


def test_coverage_lists_a_repeated_title_as_two_sections_and_notes_apart(tmp_path: Path) -> None:
    (tmp_path / "essay.txt").write_text(COVERAGE_ESSAY, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        'argmap: "1.1"\nsource: {path: essay.txt}\nstatements:\n  - {id: c, text: C, quote: A ban is cheap.}\n'
        "  - {id: p, text: P, quote: Teachers say behaviour improves.}\n"
        "arguments: [{id: a, premises: [p], conclusion: c}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["coverage", str(tmp_path / "m.yaml")])
    lines = result.stdout.splitlines()
    sections = [line for line in lines if line.startswith("  Why now")]
    assert len(sections) == 2 and sections[0] != sections[1]
    listed = lines[lines.index("not quoted:") + 1:]
    notes_at = lines.index("quotes:")
    assert all("quote of" not in line for line in lines[lines.index("not quoted:"):notes_at])
    assert any("quote of 'c' occurs 2 times" in line for line in listed)
    report = json.loads(CliRunner().invoke(main, ["coverage", str(tmp_path / "m.yaml"), "--format",
                                                  "json"]).stdout)
    repeated = [s for s in report["sections"] if s["heading"] == "Why now"]
    assert len(repeated) == 2 and repeated[0]["paragraph"] != repeated[1]["paragraph"]


# --- format 1.1 in the text rules ---------------------------------------------------------------


def test_occurrence_picks_the_anchored_occurrence() -> None:
    text = "A ban is cheap. Critics agree. A ban is cheap, they say.\n"
    second = argmap.ArgumentMap(statements=[argmap.Statement(id="s", text="x", quote="A ban is cheap",
                                                             occurrence=2)])
    [found] = anchor(second, text)
    assert found.status == "found" and found.start == text.rindex("A ban is cheap")
    assert not found.occurrence_missing
    report = coverage(second, text)
    assert report.covered_chars == len("Abanischeap")  # only the chosen occurrence is covered
    third = argmap.ArgumentMap(statements=[argmap.Statement(id="s", text="x", quote="A ban is cheap",
                                                            occurrence=3)])
    [missing] = anchor(third, text)
    assert missing.occurrence_missing and missing.start == text.index("A ban is cheap")
    [found_rule] = [d for d in argmap.validate(third, source=text) if d.code == "AM208"]
    assert found_rule.location.path == ("statements", 0, "occurrence") and "2 times" in found_rule.message


def test_implicit_statements_are_ignored_by_anchoring_and_coverage() -> None:
    m = argmap.ArgumentMap(statements=[argmap.Statement(id="s", text="x", quote="nowhere in the text",
                                                        implicit=True)])
    assert anchor(m, ESSAY) == []
    assert coverage(m, ESSAY).covered_chars == 0
    codes = [d.code for d in argmap.validate(m, source=ESSAY)]
    assert "AM206" in codes and "AM201" not in codes


@pytest.mark.parametrize("code", ["AM111", "AM112", "AM206", "AM207", "AM208", "AM209"])
def test_new_rules_document_whole_maps(code: str) -> None:
    """The documented examples are complete maps that load; the test's maps are exactly these."""
    rule = RULES[code]
    for example in (rule.bad, rule.good):
        data: dict[str, Any] = yaml.load(example, Loader=MapLoader)
        argmap.loads(json.dumps(data), "json")
        source = (data.get("source") or {}).get("text")
        found = [d.code for d in validate_dict(data, source=source)]
        assert (code in found) == (example is rule.bad), (code, found)


# --- pre-commit and CI, as the README documents them ----------------------------------------------


def _pre_commit() -> str | None:
    return shutil.which("pre-commit") or (str(Path(sys.executable).parent / "pre-commit")
                                          if (Path(sys.executable).parent / "pre-commit").exists() else None)


def _readme_yaml_after(marker: str) -> str:
    block = re.search(re.escape(marker) + r".*?```yaml\n(.*?)\n```", README, flags=re.S)
    assert block is not None, marker
    return block.group(1)


def _git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, env=env, capture_output=True)


PHONES_MAP = ('argmap: "1.1"\nlang: en\nsource: {path: essay.txt}\nstatements:\n'
              "  - {id: ban, text: Ban phones., quote: Schools should ban phones.}\n"
              "  - {id: focus, text: Focus., quote: Pupils focus better without them.}\n"
              "arguments: [{id: a1, premises: [focus], conclusion: ban}]\n")
PHONES_TEXT = "Schools should ban phones. Pupils focus better without them.\n"


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed")
def test_readme_pre_commit_snippet_works_from_a_fresh_project(tmp_path: Path) -> None:
    """The README's configuration, verbatim but for the repository's address, in a new git project:
    a broken map fails the commit, and so does a change of the source text alone."""
    executable = _pre_commit()
    assert executable is not None
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull}
    # the hook repository as published: this working tree committed on its default branch
    published = tmp_path / "argmap"
    published.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, published / name)
    shutil.copytree(ROOT / "argmap", published / "argmap", ignore=shutil.ignore_patterns("__pycache__"))
    _git(published, "init", "-q", "-b", "main", env=env)
    _git(published, "add", ".", env=env)
    _git(published, "commit", "-q", "-m", "release", env=env)

    config = _readme_yaml_after("**pre-commit**")
    assert "rev: main" in config
    project = tmp_path / "project"
    (project / "maps").mkdir(parents=True)
    (project / ".pre-commit-config.yaml").write_text(config.replace("https://github.com/argmap/argmap",
                                                                    str(published)), encoding="utf-8")
    (project / "maps" / "phones.yaml").write_text(PHONES_MAP, encoding="utf-8")
    (project / "maps" / "essay.txt").write_text(PHONES_TEXT, encoding="utf-8")
    _git(project, "init", "-q", env=env)
    _git(project, "add", ".", env=env)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([executable, "run", *args], cwd=project, capture_output=True, text=True, env=env,
                              timeout=900, check=False)

    good = run("--all-files")
    assert good.returncode == 0, good.stdout + good.stderr
    _git(project, "commit", "-q", "-m", "maps", env=env)
    # only the source text changes: the map that quotes it is checked again
    (project / "maps" / "essay.txt").write_text(PHONES_TEXT.replace("better", "more"), encoding="utf-8")
    _git(project, "add", "maps/essay.txt", env=env)
    changed = run()
    assert changed.returncode == 1 and "AM201" in changed.stdout and "phones.yaml" in changed.stdout, \
        changed.stdout + changed.stderr
    _git(project, "checkout", "HEAD", "--", "maps/essay.txt", env=env)
    (project / "maps" / "bad.yaml").write_text('argmap: "1.1"\narguments: [{id: a, premises: [p], conclusion: c}]\n',
                                               encoding="utf-8")
    _git(project, "add", ".", env=env)
    bad = run()
    assert bad.returncode == 1 and "AM021" in bad.stdout and "phones.yaml" not in bad.stdout


def test_affected_finds_the_maps_that_quote_a_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "maps" / "texts").mkdir(parents=True)
    (tmp_path / "maps" / "phones.yaml").write_text(PHONES_MAP.replace("essay.txt", "texts/essay.txt"),
                                                   encoding="utf-8")
    (tmp_path / "maps" / "other.yaml").write_text(PHONES_MAP.replace("essay.txt", "texts/other.txt"),
                                                  encoding="utf-8")
    (tmp_path / "maps" / "texts" / "essay.txt").write_text(PHONES_TEXT.replace("better", "more"), encoding="utf-8")
    (tmp_path / "maps" / "texts" / "other.txt").write_text(PHONES_TEXT, encoding="utf-8")
    (tmp_path / "README.md").write_text("nothing quotes me\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--affected", "--format", "json", "maps/texts/essay.txt",
                                       "README.md"])
    report = json.loads(result.stdout)
    assert [Path(f["file"]).as_posix() for f in report["files"]] == ["maps/phones.yaml"]
    assert result.exit_code == 1 and "AM201" in result.stdout
    untouched = CliRunner().invoke(main, ["validate", "--affected", "README.md"])
    assert untouched.exit_code == 0


def test_readme_ci_recipe_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workflow in the README is valid YAML, and its argmap steps give annotations and valid SARIF."""
    workflow = yaml.safe_load(_readme_yaml_after("**GitHub Actions**"))
    steps = workflow["jobs"]["validate"]["steps"]
    assert workflow["jobs"]["validate"]["permissions"]["security-events"] == "write"
    commands = [step["run"] for step in steps if "argmap validate" in step.get("run", "")]
    assert any("upload-sarif" in step.get("uses", "") for step in steps)
    assert len(commands) == 2
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "essay.txt").write_text(PHONES_TEXT, encoding="utf-8")
    (tmp_path / "maps" / "phones.yaml").write_text(PHONES_MAP.replace("type: rebut", ""), encoding="utf-8")
    (tmp_path / "maps" / "bad.yaml").write_text('argmap: "1.1"\narguments: [{id: a, premises: [p], '
                                                "conclusion: c}]\n", encoding="utf-8")
    argmap_bin = Path(sys.executable).parent / "argmap"
    results = []
    for command in commands:
        shell = command.replace("argmap validate", f"{argmap_bin} validate", 1)
        results.append(subprocess.run(["bash", "-c", shell], cwd=tmp_path, capture_output=True, text=True,
                                      check=False, timeout=120))
    github, sarif = results
    assert github.returncode == 1
    assert any(line.startswith("::error file=maps/bad.yaml,line=2,") and "AM021" in line
               for line in github.stdout.splitlines())
    assert sarif.returncode == 0, sarif.stderr  # findings (exit 1) are tolerated: the upload still runs
    from sarif_pydantic import Sarif

    log = Sarif.model_validate(json.loads((tmp_path / "argmap.sarif").read_text(encoding="utf-8")))
    results_of_run = log.runs[0].results or []
    assert any(r.rule_id == "AM021" for r in results_of_run)


def test_format_reference_documents_every_field() -> None:
    """docs/format.md names every key of every part of the format, and every allowed value."""
    from argmap import model

    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for cls in (model.ArgumentMap, model.Source, model.Section, model.Statement, model.Analogy,
                model.MappingPair, model.Argument, model.CriticalQuestion, model.Attack):
        for name, field in cls.model_fields.items():
            key = field.alias or name
            assert f"`{key}`" in doc or f"{{{key}," in doc or f", {key}," in doc or f", {key}}}" in doc, \
                (cls.__name__, key)
    for values in (model.STATEMENT_TYPES, model.ANALOGY_FIGURES, model.ATTACK_TYPES, model.QUESTION_STATUSES,
                   model.DIALECTICAL_ROLES, model.FORMAT_VERSIONS):
        assert all(f"`{value}`" in doc or f'`"{value}"`' in doc for value in values), values


def test_a_repeated_heading_is_two_sections_for_am204() -> None:
    sections = [{"id": "first", "title": "Why now"}, {"id": "objections", "title": "Objections"},
                {"id": "second", "title": "Why now"}]

    def am204(section: str) -> list[str | None]:
        data = {"argmap": "1.1", "sections": sections,
                "statements": [{"id": "p", "text": "P", "quote": "Teachers say behaviour improves.",
                                "section": section}]}
        return [d.hint for d in validate_dict(data, source=COVERAGE_ESSAY) if d.code == "AM204"]

    assert am204("second") == []
    assert am204("first") == ["move it to section 'second'"]  # the same title, but the other heading
    assert am204("objections") == []  # not one of the text's headings: the map's own grouping


def test_did_you_mean_finds_the_quote_meant_across_the_flagship() -> None:
    """One character dropped from the middle of every quote of the Chinese flagship: the suggestion is
    the quote meant, word for word, for nearly all of them (the old word-overlap guess gave half)."""
    flagship = argmap.load(ROOT / "examples" / "deepseek" / "map.yaml")
    essay = (ROOT / "examples" / "deepseek" / "essay.txt").read_text(encoding="utf-8")
    meant = {n.id: n.quote for n in [*flagship.statements, *flagship.analogies]}
    for node in [*flagship.statements, *flagship.analogies]:
        if node.quote and len(node.quote) > 4:
            middle = len(node.quote) // 2
            node.quote = node.quote[:middle] + node.quote[middle + 1:]
    missing = [a for a in anchor(flagship, essay) if a.status == "missing"]
    assert len(missing) > 40
    assert sum(a.suggestion == meant[a.node] for a in missing) >= 0.9 * len(missing)
    assert all(a.suggestion and a.suggestion in essay for a in missing)


def test_a_wrong_occurrence_is_one_finding() -> None:
    data: dict[str, Any] = yaml.load(RULES["AM208"].bad, Loader=MapLoader)
    found = [d.code for d in validate_dict(data, source=data["source"]["text"]) if d.code.startswith("AM2")]
    assert found == ["AM208"]
