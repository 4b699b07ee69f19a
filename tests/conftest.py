"""Shared fixtures: small maps written for the tests (no corpus files needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def bike_lanes_path() -> Path:
    return EXAMPLES / "bike-lanes.yaml"


MINIMAL = """\
argmap: "1"
statements:
  - id: p
    text: P
  - id: c
    text: C
arguments:
  - id: a
    premises: [p]
    conclusion: c
"""


@pytest.fixture
def minimal_yaml() -> str:
    return MINIMAL
