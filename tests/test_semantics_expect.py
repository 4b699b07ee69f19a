"""`expect:` blocks: a map's intended reading checked by `argmap validate` (AM120), located in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap.checks import validate

from .conftest import EXAMPLES

FLAGSHIP = EXAMPLES / "deepseek" / "map.yaml"


def test_the_flagship_map_states_its_reading_and_meets_it() -> None:
    m = argmap.load(FLAGSHIP)
    assert [e.semantics for e in m.expect] == ["grounded", "dfquad"]
    assert not [d for d in validate(FLAGSHIP) if d.code == "AM120"]


def test_a_changed_reading_is_reported_at_the_expectation(tmp_path: Path) -> None:
    text = FLAGSHIP.read_text(encoding="utf-8")
    broken = text.replace("status: {thesis: out,", "status: {thesis: in,")
    assert broken != text
    (tmp_path / "map.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "essay.txt").write_text((FLAGSHIP.parent / "essay.txt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    found = [d for d in validate(tmp_path / "map.yaml") if d.code == "AM120"]
    assert len(found) == 1
    d = found[0]
    assert "'thesis' is out, but the map expects in" in d.message
    assert d.location.path == ("expect", 0, "status", "thesis")
    line = broken.splitlines()[(d.location.line or 0) - 1]
    assert "thesis: in" in line


@pytest.mark.parametrize("bad, message", [
    ({"semantics": "dfquad", "status": {"t": "in"}}, "gives scores, not statuses"),
    ({"semantics": "grounded", "score": {"t": [0.1, 0.2]}}, "gives statuses, not scores"),
    ({"semantics": "hcat", "score": {"t": [0.6, 0.2]}}, "is empty"),
    ({"semantics": "grounded"}, "needs `status` or `score`"),
    ({"semantics": "nope", "status": {"t": "in"}}, "semantics"),
])
def test_malformed_expectations_are_refused(bad: dict[str, object], message: str) -> None:
    import json

    with pytest.raises(argmap.MapError, match=message):
        argmap.loads(json.dumps({"argmap": "1.1", "statements": [{"id": "t", "text": "T"}], "expect": [bad]}),
                     "json")


def test_an_unknown_node_and_carneades_expectations() -> None:
    m = argmap.ArgumentMap.model_validate({
        "argmap": "1.1", "statements": [{"id": "t", "text": "T"}, {"id": "p", "text": "P"}],
        "arguments": [{"id": "a", "premises": ["p"], "conclusion": "t"}],
        "expect": [{"semantics": "carneades", "status": {"t": "in", "p": "in"}},
                   {"semantics": "grounded", "status": {"ghost": "in"}}]})
    found = [d for d in validate(m) if d.code == "AM120"]
    assert [d.message for d in found] == ["expect[1] names 'ghost', which the map does not have"]
