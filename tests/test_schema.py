"""The committed JSON Schema is current, and example maps satisfy it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from argmap.schema import json_schema

from .conftest import EXAMPLES, ROOT

SCHEMA_FILE = ROOT / "schemas" / "argmap.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "stale schema: run `argmap schema -o schemas/argmap.schema.json`"


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


EXAMPLE_MAPS = sorted(p for p in EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_MAPS, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_examples_validate_against_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json_schema()).validate(data)


def test_schema_rejects_what_the_models_reject() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    good = {"argmap": "1", "statements": [{"id": "c", "text": "x"}]}
    assert validator.is_valid(good)
    for bad in (
        {"argmap": 1},
        {"argmap": "1", "statements": [{"id": "c", "text": "x", "typo": 1}]},
        {"argmap": "1", "statements": [{"id": "bad id", "text": "x"}]},
        {"argmap": "1", "statements": [{"id": "c", "type": "opinion", "text": "x"}]},
        {"argmap": "1", "arguments": [{"id": "a", "premises": [], "conclusion": "c"}]},
        {"argmap": "1", "attacks": [{"id": "x", "from": "p", "to": "c", "type": "defeat"}]},
    ):
        assert not validator.is_valid(bad), bad


def test_example_maps_declare_the_schema_for_editors() -> None:
    first_line = (EXAMPLES / "bike-lanes.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/argmap.schema.json"
