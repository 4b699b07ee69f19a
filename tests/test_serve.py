"""``argmap serve``: the live preview, over real HTTP, and in headless Chromium when it is installed.

The server runs as a subprocess (``python -m argmap serve MAP --port 0``); the tests edit the map
file on disk as an editor saves it and watch the page follow.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .conftest import EXAMPLES


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    folder = tmp_path / "maps"
    folder.mkdir()
    map_file = folder / "map.yaml"
    shutil.copy(EXAMPLES / "bike-lanes.yaml", map_file)
    (tmp_path / "secret.txt").write_text("not for the browser\n")
    process = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(map_file), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, (line, process.stderr.read() if process.poll() is not None else "")
        url = line.split(" at ", 1)[1].split()[0]
        yield url, map_file
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()


def get(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A GET with the path sent exactly as given (no client-side normalisation of '..')."""
    where = urlsplit(url)
    connection = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port, timeout=20)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def state(url: str) -> dict[str, Any]:
    status, _, body = get(url, "/state.json")
    assert status == 200
    result: dict[str, Any] = json.loads(body)
    return result


def wait_for(url: str, condition: Callable[[dict[str, Any]], bool], timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = state(url)
        if condition(current):
            return current
        time.sleep(0.1)
    raise AssertionError(f"the preview did not update: {state(url)}")


def save(path: Path, text: str) -> None:
    """Save as many editors do: write a temporary file beside it, then rename it into place."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_the_page_follows_every_save(served: tuple[str, Path]) -> None:
    url, map_file = served
    status, headers, body = get(url, "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "content-security-policy" in headers and b"/events" in body
    first = state(url)
    assert first["loads"] and first["has_drawing"] and not first["message"]
    assert all(d["severity"] != "error" for d in first["diagnostics"])
    _, _, view = get(url, "/view")
    assert b"<svg" in view and b"Protected lanes make cycling safer." in view

    text = map_file.read_text(encoding="utf-8")
    save(map_file, text.replace("Protected lanes make cycling safer.", "Separated lanes make riding safer."))
    second = wait_for(url, lambda s: s["version"] > first["version"])
    assert second["loads"]
    _, _, view = get(url, "/view")
    assert b"Separated lanes make riding safer." in view and b"Protected lanes make cycling" not in view

    # An invalid save: the errors are listed, the page says so, the last drawing stays.
    save(map_file, text.replace("premises: [injury-data]", "premises: [injury-dta]"))
    broken = wait_for(url, lambda s: s["version"] > second["version"])
    assert not broken["loads"] and broken["stale"]
    assert "does not load" in broken["message"]
    dangling = next(d for d in broken["diagnostics"] if d["code"] == "AM021")
    assert "injury-dta" in dangling["message"]
    assert "injury-dta" in text.replace("injury-data]", "injury-dta]").splitlines()[dangling["line"] - 1]
    _, _, view = get(url, "/view")
    assert b"Separated lanes make riding safer." in view

    save(map_file, "argmap: [unclosed\n")
    syntax = wait_for(url, lambda s: s["version"] > broken["version"])
    assert [d["code"] for d in syntax["diagnostics"]] == ["AM001"] and syntax["diagnostics"][0]["line"]

    save(map_file, text)
    fixed = wait_for(url, lambda s: s["version"] > syntax["version"])
    assert fixed["loads"] and not fixed["stale"] and not fixed["message"]


def test_a_map_that_never_loaded_gets_a_message_not_a_blank_page(tmp_path: Path) -> None:
    from argmap.preview import Preview

    map_file = tmp_path / "broken.yaml"
    map_file.write_text('argmap: "1"\nstatements: [{id: c}]\n')
    snapshot = Preview(map_file).refresh()
    assert not snapshot.loads and snapshot.drawing is None
    assert "does not load" in snapshot.message
    from argmap.preview import _message_page

    page = _message_page(snapshot).decode()
    assert "The map does not load" in page and "AM011" in page


def test_only_files_inside_the_folder_are_served(served: tuple[str, Path]) -> None:
    url, map_file = served
    status, headers, body = get(url, "/files/map.yaml")
    assert status == 200 and headers["content-type"].startswith("text/plain") and b"argmap:" in body
    assert headers.get("content-security-policy") == "sandbox"
    for path in ("/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files//etc/passwd", "/files/.tmp"):
        status, _, body = get(url, path)
        assert status == 403, path
        assert b"not for the browser" not in body
    (map_file.parent / "link.txt").symlink_to(map_file.parent.parent / "secret.txt")
    status, _, body = get(url, "/files/link.txt")
    assert status == 403 and b"not for the browser" not in body
    assert get(url, "/nowhere")[0] == 404


def test_requests_for_another_host_are_refused(served: tuple[str, Path]) -> None:
    url, _ = served
    status, _, _ = get(url, "/state.json", {"Host": "evil.example:8765"})
    assert status == 403  # a page on another site cannot read the map through DNS rebinding
    assert get(url, "/state.json", {"Host": "localhost:1"})[0] == 200


def test_the_preview_serves_only_on_this_machine_by_default() -> None:
    from argmap.preview import DEFAULT_HOST

    assert DEFAULT_HOST == "127.0.0.1"
    from click.testing import CliRunner

    from argmap.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "127.0.0.1" in result.output
    missing = CliRunner().invoke(main, ["serve", "no-such-map.yaml"])
    assert missing.exit_code == 2 and "no such file" in missing.output


BROWSER_SCRIPT = """
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: process.argv[2],
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(process.argv[3]);
  const report = async () => ({
    version: Number(await page.evaluate(() => document.body.dataset.version || 0)),
    status: await page.textContent('#status'),
    items: await page.$$eval('#diagnostics li', els => els.map(e => e.textContent)),
    view: await page.frameLocator('#view').locator('body').innerText({ timeout: 10000 }),
    errors });
  await page.waitForFunction(() => Number(document.body.dataset.version || 0) >= 1);
  const first = await report();
  console.log(JSON.stringify(first));
  // Python saves the map now; the page must follow by itself (server-sent events), without a reload.
  await page.waitForFunction(v => Number(document.body.dataset.version || 0) > v, first.version,
                             { timeout: 30000 });
  await page.waitForTimeout(300);
  console.log(JSON.stringify(await report()));
  await page.screenshot({ path: process.argv[4] });
  await browser.close();
})();
"""


def test_in_headless_chromium_the_page_shows_the_diagnostics_and_follows_saves(
        served: tuple[str, Path], tmp_path: Path) -> None:
    from .test_render_browser import _browser_tools

    tools = _browser_tools()
    if isinstance(tools, str):
        pytest.skip(tools)
    chromium, folder = tools
    url, map_file = served
    script = folder / "serve-check.js"
    script.write_text(BROWSER_SCRIPT)
    process = subprocess.Popen(["node", str(script), chromium, url, str(tmp_path / "broken.png")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder)
    try:
        assert process.stdout is not None
        first = json.loads(process.stdout.readline() or "null")
        assert first is not None, process.stderr.read() if process.stderr else ""
        assert first["errors"] == []
        assert "loaded at" in first["status"] and any("AM402" in item for item in first["items"])
        assert "Should the city build protected bike lanes?" in first["view"] and "MAIN CONCLUSION" in first["view"]
        text = map_file.read_text(encoding="utf-8")
        save(map_file, text.replace("premises: [injury-data]", "premises: [injury-dta]"))
        second = json.loads(process.stdout.readline() or "null")
        assert second is not None, process.stderr.read() if process.stderr else ""
        assert second["version"] > first["version"] and second["errors"] == []
        assert "The map does not load" in second["status"]
        assert any("AM021" in item and "injury-dta" in item for item in second["items"])
        assert "MAIN CONCLUSION" in second["view"]  # the last drawing stays, never a blank page
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
