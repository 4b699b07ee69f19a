"""The HTML view in a real browser: tooltips, click-to-highlight of chains, Escape to clear.

Runs when Chromium (``/usr/bin/chromium`` or ``ARGMAP_CHROMIUM``), Node.js and npm are present;
``playwright-core`` is installed with npm into the same per-user test cache as the Argdown CLI.
Skipped otherwise (CI machines without a browser).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import argmap
from argmap.render import render

from .argdown_cli import _cache_root
from .conftest import EXAMPLES

PLAYWRIGHT_VERSION = "1"

SCRIPT = """
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: process.argv[2],
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto('file://' + process.argv[3]);
  await page.hover('g#safer');
  const tip = await page.$eval('#tip', el => ({ hidden: el.hidden, text: el.textContent }));
  await page.click('g#safer');
  const lit = await page.$$eval('.lit', els => els.map(e => e.id).sort());
  await page.keyboard.press('Escape');
  const after = await page.$$eval('.lit', els => els.length);
  console.log(JSON.stringify({ errors, tip, lit, after }));
  await browser.close();
})();
"""


def _browser_tools() -> tuple[str, Path] | str:
    chromium = os.environ.get("ARGMAP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return "no Chromium"
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        return "Node.js and npm are needed"
    folder = _cache_root() / "playwright-core"
    if not (folder / "node_modules" / "playwright-core").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text(json.dumps({"name": "argmap-test-browser", "private": True}))
        try:
            subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(folder),
                            f"playwright-core@{PLAYWRIGHT_VERSION}"], check=True, capture_output=True, timeout=600)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            return f"cannot install playwright-core: {exc}"
    return chromium, folder


def test_html_view_in_a_browser(tmp_path: Path) -> None:
    tools = _browser_tools()
    if isinstance(tools, str):
        pytest.skip(tools)
    chromium, folder = tools
    page = tmp_path / "bike.html"
    render(argmap.load(EXAMPLES / "bike-lanes.yaml"), page)
    script = folder / "check.js"
    script.write_text(SCRIPT)
    result = subprocess.run(["node", str(script), chromium, str(page)], capture_output=True, text=True,
                            timeout=120, check=False, cwd=folder)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["tip"] == {"hidden": False, "text": "Protected lanes make cycling safer."}
    lit = set(report["lit"])
    # clicking 'safer' lights what supports it (injury data, through a-injuries) and what attacks that
    # inference (the undercutting selection-bias claim) -- and nothing downstream of it
    assert {"safer", "a-injuries", "injury-data", "selection-bias"} <= lit
    assert "build-lanes" not in lit and "shops-lose" not in lit
    assert report["after"] == 0
