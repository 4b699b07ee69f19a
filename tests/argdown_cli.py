"""The real Argdown parser for the tests: ``@argdown/cli`` installed with npm into a cache folder.

The fixture installs a pinned version once per machine into a per-user cache folder (outside
the repository; ``ARGMAP_TEST_CACHE`` overrides it) and skips the tests that need it when
Node.js or npm is absent, or when the install cannot reach the npm registry.
``ARGMAP_ARGDOWN`` may name an ``argdown`` executable to use instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ARGDOWN_CLI_VERSION = "1.7.5"


def _cache_root() -> Path:
    given = os.environ.get("ARGMAP_TEST_CACHE")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "argmap-tests"


def find_argdown() -> Path | str:
    """The argdown executable, installing it when needed; a reason to skip (str) when that is impossible."""
    given = os.environ.get("ARGMAP_ARGDOWN")
    if given:
        return Path(given)
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return "Node.js and npm are needed for the Argdown checks"
    folder = _cache_root() / f"argdown-cli-{ARGDOWN_CLI_VERSION}"
    binary = folder / "node_modules" / ".bin" / "argdown"
    if binary.exists():
        return binary
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(json.dumps({"name": "argmap-test-tools", "private": True}))
    try:
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(folder),
                        f"@argdown/cli@{ARGDOWN_CLI_VERSION}"], check=True, capture_output=True, text=True,
                       timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        output = getattr(exc, "stderr", "") or ""
        return f"cannot install @argdown/cli with npm: {output.strip()[-300:] or exc}"
    return binary if binary.exists() else "npm install did not provide the argdown command"


@pytest.fixture(scope="session")
def argdown_cli() -> Path:
    """Path of the argdown command (the tests using it are skipped when it cannot be had)."""
    found = find_argdown()
    if isinstance(found, str):
        pytest.skip(found)
    return found


def argdown_json(argdown: Path, inputs: Path, outputs: Path) -> subprocess.CompletedProcess[str]:
    """Run ``argdown json`` on every ``.argdown`` file in ``inputs``, writing ``.json`` files to ``outputs``."""
    outputs.mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(argdown), "json", str(inputs / "*.argdown"), str(outputs)], capture_output=True,
                          text=True, timeout=600, check=False)
