"""The format registry, detection from suffix and content, and `argmap convert` (single and batch)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.errors import MapError
from argmap.io import formats

from .conftest import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("name", "expected"), [
    ("sample.aif.json", "aif"), ("sample.ova.json", "aif"), ("sample.micro.xml", "microtext"),
    ("sample.argdown.json", "argdown-json"),
])
def test_detection_by_content(name: str, expected: str) -> None:
    path = FIXTURES / name
    assert formats.detect_format(path, path.read_bytes()[:4096]) == expected
    assert formats.detect_format("renamed.dat", path.read_bytes()) == expected


def test_detection_by_suffix_and_for_writing() -> None:
    assert formats.detect_format("m.yml") == "yaml"
    assert formats.detect_format("m.graphml") == "graphml"
    assert formats.detect_format("m.json", '{"argmap": "1"}') == "json"
    assert formats.detect_format("m.json", '{"directed": true, "nodes": [], "edges": []}') == "node-link"
    assert formats.detect_format("m.json") == "json"  # nothing to go on: argmap's own
    assert formats.detect_format("out.json", writing=True) == "json"
    assert formats.detect_format("out.aif.json", writing=True) == "aif"
    assert formats.detect_format("out.xml", writing=True) == "microtext"
    with pytest.raises(MapError) as info:
        formats.detect_format("notes.txt", "just text")
    assert info.value.diagnostics[0].code == "AM504"


def test_every_writable_format_reads_back(tmp_path: Path) -> None:
    m = argmap.load(EXAMPLES / "bike-lanes.yaml")
    for name, info in formats.FORMATS.items():
        if not info.can_write:
            continue
        result = formats.export(m, name)
        assert result.text
        if name in ("yaml", "json", "aif", "node-link", "graphml", "argdown"):  # the lossless ones
            assert formats.reads(result.text, name).map == m, name
    with pytest.raises(MapError, match="cannot write"):
        formats.export(m, "argdown-json")


def test_load_and_dump_by_suffix(tmp_path: Path) -> None:
    with pytest.warns(formats.ConversionWarning):  # an edge of an unknown type: kept in metadata only
        m = formats.load(FIXTURES / "lossy.micro.xml")
    formats.dump(m, tmp_path / "m.graphml")
    assert formats.load(tmp_path / "m.graphml") == m
    with pytest.raises(MapError):
        formats.load(FIXTURES / "lossy.micro.xml", strict=True)


# --- argmap convert --------------------------------------------------------------------------------


def test_convert_single_file_between_formats(tmp_path: Path) -> None:
    out = tmp_path / "m.aif.json"
    code, _, err = run("convert", str(FIXTURES / "lossy.micro.xml"), str(out))
    assert code == 0 and "AM501" in err  # the warning is shown
    assert {n["type"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]} == {"I", "RA", "CA"}
    code, out_text, _ = run("convert", str(out), "-", "--to", "argdown")
    assert code == 0 and "<c1>" in out_text
    code, _, err = run("convert", str(FIXTURES / "lossy.micro.xml"), str(tmp_path / "x.yaml"), "--strict")
    assert code == 1 and not (tmp_path / "x.yaml").exists()
    code, _, err = run("convert", str(FIXTURES / "sample.aif.json"), str(tmp_path / "m.txt"))
    assert code == 2 and "AM504" in err


def test_convert_reads_argdown_json_and_argdown_text_alike(tmp_path: Path) -> None:
    code, _, _ = run("convert", str(FIXTURES / "sample.argdown.json"), str(tmp_path / "m.yaml"))
    assert code == 0 and argmap.load(tmp_path / "m.yaml").arguments[0].id == "Safety-1"
    # argmap's own Argdown parser reads the text the JSON was exported from: the same map
    code, _, err = run("convert", str(FIXTURES / "sample.argdown"), str(tmp_path / "n.yaml"))
    assert code == 0, err
    from_text, from_json = argmap.load(tmp_path / "n.yaml"), argmap.load(tmp_path / "m.yaml")
    assert from_text.title == "Bike lanes" and from_json.title is None  # the JSON export has no front matter
    from_text.title = None
    assert from_text == from_json
    (tmp_path / "broken.argdown").write_text("[a]: x\n[b]: y\n", encoding="utf-8")
    code, _, err = run("convert", str(tmp_path / "broken.argdown"), str(tmp_path / "o.yaml"))
    assert code == 1 and "broken.argdown:2:1" in err and "Traceback" not in err


def test_convert_needs_two_paths_without_out_dir() -> None:
    code, _, err = run("convert", str(FIXTURES / "sample.aif.json"))
    assert code == 2 and "--out-dir" in err


def make_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "sample.aif.json", folder / "a.json")
    shutil.copy(FIXTURES / "lossy.micro.xml", folder / "sub" / "b.xml")
    shutil.copy(EXAMPLES / "bike-lanes.yaml", folder / "c.yaml")
    (folder / "broken.json").write_text('{"nodes": [], "edges": [{"fromID": 1, "toID": 2}]}', encoding="utf-8")
    (folder / "notes.txt").write_text("not a map", encoding="utf-8")  # not picked up: unknown suffix
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_collects_errors_and_goes_on(tmp_path: Path, jobs: str) -> None:
    folder = make_corpus(tmp_path)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    code, _, err = run("convert", str(folder), "--out-dir", str(out), "--to", "json", "--jobs", jobs)
    assert code == 1
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == \
        ["a.json", "c.json", "sub/b.json"]
    assert "3 of 4 file(s) converted" in err and "1 failed" in err and "AM021" in err
    assert argmap.load(out / "c.json") == argmap.load(EXAMPLES / "bike-lanes.yaml")
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before  # inputs untouched


def test_batch_never_overwrites_inputs_or_its_own_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    shutil.copy(EXAMPLES / "bike-lanes.yaml", folder / "m.yaml")
    before = (folder / "m.yaml").read_bytes()
    code, _, err = run("convert", str(folder / "m.yaml"), "-o", str(folder), "--to", "yaml")
    assert code == 2 and "never overwrites" in err and (folder / "m.yaml").read_bytes() == before
    other = tmp_path / "g"
    other.mkdir()
    shutil.copy(EXAMPLES / "bike-lanes.yaml", other / "m.yaml")
    code, _, err = run("convert", str(folder / "m.yaml"), str(other / "m.yaml"), "-o", str(tmp_path / "out"))
    assert code == 2 and "also the output of" in err
    assert "1 of 2 file(s) converted" in err


def test_batch_progress_bar_and_quiet(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path)
    (folder / "broken.json").unlink()
    code, _, err = run("convert", str(folder), "-o", str(tmp_path / "o"), "--progress", "--to", "aif")
    assert code == 0 and "converting" in err and "AM501" in err and "with warnings" in err
    code, _, err = run("convert", str(folder), "-o", str(tmp_path / "p"), "-q", "--to", "aif")
    assert code == 0 and "AM501" not in err and "3 of 3 file(s) converted" in err


def test_formats_command_lists_every_format() -> None:
    code, out, _ = run("formats")
    assert code == 0 and all(name in out for name in formats.FORMATS)


def test_documentation_lists_every_code_and_format() -> None:
    import re

    from .conftest import ROOT

    doc = (ROOT / "docs" / "interchange.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (AM5\d\d) \| ([a-z-]+) \| (.*) \|$", doc, flags=re.M)
    documented = {code: summary for code, _, summary in rows}
    assert documented == {code: summary for code, (_, summary) in formats.INTERCHANGE_CODES.items()}
    assert all(f"`{name}`" in doc for name in formats.FORMATS)
