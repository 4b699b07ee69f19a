"""Round trips: text -> model -> text -> model, and map -> networkx -> map, lose nothing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

import argmap
from argmap import ArgumentMap

from .strategies import maps

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(maps())
def test_yaml_json_round_trip(m: ArgumentMap) -> None:
    from_yaml = argmap.loads(argmap.dumps(m, "yaml"), "yaml")
    assert from_yaml == m
    from_json = argmap.loads(argmap.dumps(from_yaml, "json"), "json")
    assert from_json == m


@SETTINGS
@given(maps())
def test_networkx_round_trip(m: ArgumentMap) -> None:
    assert argmap.from_networkx(argmap.to_networkx(m)) == m


def test_example_round_trips_through_files(bike_lanes_path: Path, tmp_path: Path) -> None:
    m = argmap.load(bike_lanes_path)
    for name in ("copy.json", "copy.yaml"):
        argmap.dump(m, tmp_path / name)
        assert argmap.load(tmp_path / name) == m
    assert (tmp_path / "copy.json").read_text(encoding="utf-8").lstrip().startswith("{")


def test_dump_is_atomic_and_leaves_no_temporary_file(bike_lanes_path: Path, tmp_path: Path) -> None:
    m = argmap.load(bike_lanes_path)
    target = tmp_path / "out.yaml"
    target.write_text("previous content")
    argmap.dump(m, target)
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]
    assert argmap.load(target) == m


def test_failed_dump_keeps_the_old_file(bike_lanes_path: Path, tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    m = argmap.load(bike_lanes_path)
    target = tmp_path / "out.yaml"
    target.write_text("previous content")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk full")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("argmap.io.mapfile.dumps", broken)
        with pytest.raises(RuntimeError):
            argmap.dump(m, target)
    assert target.read_text() == "previous content"


def test_written_files_get_ordinary_permissions(bike_lanes_path: Path, tmp_path: Path) -> None:
    import os
    import stat

    m = argmap.load(bike_lanes_path)
    umask = os.umask(0o022)
    try:
        argmap.dump(m, tmp_path / "new.yaml")
        assert stat.S_IMODE(os.stat(tmp_path / "new.yaml").st_mode) == 0o644
        os.chmod(tmp_path / "new.yaml", 0o600)
        argmap.dump(m, tmp_path / "new.yaml")  # an existing file keeps its mode
        assert stat.S_IMODE(os.stat(tmp_path / "new.yaml").st_mode) == 0o600
    finally:
        os.umask(umask)
