"""Shared fixtures: small maps written for the tests (no corpus files needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run by default, so that CI is not red by chance;
# ARGMAP_HYPOTHESIS=explore draws new random examples to look for new failures.
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("ARGMAP_HYPOTHESIS", "repeatable"))

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
