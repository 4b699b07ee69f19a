"""The public Python API: one front door for every format, maps that stay valid in memory, plain graphs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pytest

import argmap
from argmap.io import formats

from .conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "interchange"


@pytest.fixture
def bike() -> argmap.ArgumentMap:
    return argmap.load(EXAMPLES / "bike-lanes.yaml")


def _codes(error: pytest.ExceptionInfo[argmap.MapError]) -> list[str]:
    return [d.code for d in error.value.diagnostics]


# --- the snippet of the issue, step by step ---------------------------------------------------------


def test_an_edited_map_is_checked_as_a_file_would_be(bike: argmap.ArgumentMap, tmp_path: Path) -> None:
    thesis = bike.statements[0].id
    bike.arguments.append(argmap.Argument(id="a-bad", premises=["nope"], conclusion=thesis))
    bike.statements.append(argmap.Statement(id=thesis, text="dup"))
    found = argmap.validate(bike)
    assert {d.code for d in found if d.severity == "error"} == {"AM020", "AM021"}
    paths = {d.code: d.location.path for d in found}
    assert paths["AM021"] == ("arguments", len(bike.arguments) - 1, "premises", 0)
    assert paths["AM020"] == ("statements", len(bike.statements) - 1, "id")
    for action in (lambda: argmap.dump(bike, tmp_path / "x.yaml"), lambda: argmap.dumps(bike),
                   lambda: argmap.to_networkx(bike), lambda: argmap.evaluate(bike),
                   lambda: argmap.render(bike, tmp_path / "m.svg"), lambda: argmap.to_dot(bike)):
        with pytest.raises(argmap.MapError) as error:
            action()
        assert set(_codes(error)) == {"AM020", "AM021"}
    assert not (tmp_path / "x.yaml").exists() and not (tmp_path / "m.svg").exists()
    argmap.dump(bike, tmp_path / "forced.yaml", check=False)  # told not to check: written as it is
    with pytest.raises(argmap.MapError):
        argmap.load(tmp_path / "forced.yaml")


def test_a_dict_appended_instead_of_a_node_is_reported(bike: argmap.ArgumentMap) -> None:
    bike.statements.append({"id": "x", "txt": "typo"})  # type: ignore[arg-type]
    found = argmap.validate(bike)
    assert found and found[0].severity == "error"
    assert found[0].location.path[:2] == ("statements", len(bike.statements) - 1)


def test_assignment_is_validated(bike: argmap.ArgumentMap) -> None:
    with pytest.raises(argmap.MapError) as error:
        bike.statements[0].type = "objection"  # type: ignore[assignment]
    assert _codes(error) == ["AM010"] and "claim" in str(error.value)
    assert bike.statements[0].type != "objection"
    with pytest.raises(argmap.MapError):
        bike.statements[0].id = "not an id"


def test_every_format_through_one_door(bike: argmap.ArgumentMap, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", argmap.ConversionWarning)
        aif = argmap.load(FIXTURES / "sample.aif.json")
        assert aif.statements
        for suffix in (".yaml", ".json", ".aif.json", ".node-link.json", ".graphml", ".xml", ".argdown"):
            target = tmp_path / f"out{suffix}"
            argmap.dump(bike, target)
            assert target.exists()
            if formats.FORMATS[argmap.detect_format(target, target.read_bytes())].can_read:
                assert argmap.load(target).statements
    assert argmap.detect_format("x.aif.json") == "aif"
    assert argmap.loads(argmap.dumps(bike, "json")) == bike
    assert argmap.reads(argmap.dumps(bike, "aif"), "aif").map.statements


def test_a_file_read_as_the_wrong_format_gets_a_hint() -> None:
    text = (FIXTURES / "sample.aif.json").read_text(encoding="utf-8")
    with pytest.raises(argmap.MapError) as error:
        argmap.loads(text, "json")
    assert "format='aif'" in (error.value.diagnostics[0].hint or "")


def test_files_use_the_file_names_of_keys() -> None:
    with pytest.raises(argmap.MapError) as error:
        argmap.loads('argmap: "1.1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\n'
                     "attacks: [{id: x, from_: p, to: c}]\n")
    assert _codes(error) == ["AM012"] and "'from'" in (error.value.diagnostics[0].hint or "")
    attack = argmap.Attack(id="x", from_="p", to="c")
    assert attack.model_dump()["from"] == "p" and '"from"' in attack.model_dump_json()


def test_conveniences(bike: argmap.ArgumentMap) -> None:
    assert argmap.ArgumentMap().argmap == argmap.FORMAT_VERSION
    first = bike.statements[0]
    assert bike.node(first.id) is first and bike[first.id] is first and first.id in bike
    assert "missing" not in bike
    with pytest.raises(KeyError):
        bike.node("missing")
    counted = len(bike.sections) + len(bike.statements) + len(bike.analogies) + len(bike.arguments) + len(bike.attacks)
    assert len(list(bike.nodes())) == counted


def test_graph_attributes_are_plain_data(tmp_path: Path) -> None:
    m = argmap.load(EXAMPLES / "deepseek" / "map.yaml")
    G = argmap.to_networkx(m)
    json.dumps(nx.node_link_data(G, edges="links"))
    nx.write_graphml(G, tmp_path / "g.graphml")
    for _, data in G.nodes(data=True):
        assert all(type(value) in (str, int, float, bool) for value in data.values())
    assert argmap.from_networkx(G) == m.model_copy(update={"sections": m.sections})  # the inverse
    tagged = next(s for s in m.statements if s.tags)
    assert argmap.attribute(G, tagged.id, "tags") == tagged.tags


def test_analyses_take_a_map_or_its_graph(bike: argmap.ArgumentMap) -> None:
    G = argmap.to_networkx(bike)
    assert argmap.main_conclusions(bike) == argmap.main_conclusions(G)
    assert argmap.summarize(bike) == argmap.summarize(G)


def test_top_level_render_names(bike: argmap.ArgumentMap, tmp_path: Path) -> None:
    import argmap.render.dot  # importing the subpackage must not hide the function

    assert argmap.render(bike, format="dot").decode().startswith("digraph")
    assert argmap.to_dot(bike).source.startswith("digraph")
    assert argmap.to_mermaid(bike).startswith("flowchart")
    assert "<svg" in argmap.to_html(bike)
    argmap.render(bike, tmp_path / "m.svg")
    assert (tmp_path / "m.svg").read_bytes().count(b"<svg") == 1


def test_readme_example_passes_mypy_strict(tmp_path: Path) -> None:
    if shutil.which("mypy", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("mypy is not installed")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = readme.split("## Use it from Python", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    user_file = tmp_path / "user_code.py"
    user_file.write_text(code, encoding="utf-8")
    # An editable install is an import hook, which mypy does not follow: point it at the source tree,
    # and check only the user's file, as mypy does with an installed package (py.typed).
    environment = {**os.environ, "MYPYPATH": str(ROOT)}
    command = [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
               "--cache-dir", str(tmp_path / "cache"), str(user_file)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
