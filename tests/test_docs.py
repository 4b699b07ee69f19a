"""The README's commands and Python example stay true."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)


def test_readme_opens_with_exactly_two_commands() -> None:
    first_screen = README.split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", first_screen, flags=re.S)
    assert len(blocks) == 2 and all("\n" not in b for b in blocks)
    assert "argmap render examples/deepseek/map.yaml" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = shell_blocks()[1]
    assert test_command in ci.splitlines()


def test_readme_python_example_runs(tmp_path: Path) -> None:
    code = re.search(r"```python\n(.*?)\n```", README, flags=re.S)
    assert code is not None
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    result = subprocess.run([sys.executable, "-c", code.group(1)], cwd=tmp_path, capture_output=True, text=True,
                            check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "['build-lanes']" in result.stdout
    assert "AM021" in result.stdout  # the error example prints located diagnostics
    assert (tmp_path / "bike-lanes.json").exists()


def test_documented_codes_match_the_one_table() -> None:
    from argmap.checks import RULES
    from argmap.errors import CODES

    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    documented = {code: (name, summary) for code, name, summary
                  in re.findall(r"^\| (AM0\d\d) \| ([a-z-]+) \| (.*) \|$", doc, flags=re.M)}
    assert documented == {code: (c.name, c.summary) for code, c in CODES.items() if code.startswith("AM0")}
    for code, entry in CODES.items():  # the registry documents every code with the same words
        assert (RULES[code].name, RULES[code].severity, RULES[code].summary) == entry
