"""Argdown benchmark: argmap's Python parser against the Argdown CLI (Node.js) on the same 1 MB file.

Run by hand (Node.js and the Argdown CLI the tests install, or ``ARGMAP_ARGDOWN``)::

    .venv/bin/python benchmarks/bench_argdown.py [--size 1000000] [--repeat 3]

The file is a synthetic debate of the size asked for: statements with tags under headings,
premise-conclusion structures with inference rules, attacks, undercuts and contradictions, as
argmap writes them (without the argmap extension, so that it is plain Argdown). Reported, all
measured in this run:

* argmap: ``parse_document`` (text to Argdown's model: what ``argdown json`` computes) and
  ``argdown.reads`` (text to a validated map);
* Argdown in Node: parse + build-model + export-json timed inside one Node process (no start-up),
  and the CLI's wall time for the big file and for a one-line file (Node start-up and loading);
* the ratios argmap / Argdown (below 1.0: argmap is faster) and, as a check on linear time,
  argmap's time per MB at a quarter of the size against the full size.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argmap.io import argdown  # noqa: E402
from argmap.io.argdown_syntax import parse_document  # noqa: E402
from argmap.io.formats import ConversionWarning  # noqa: E402
from argmap.io.parse import Limits  # noqa: E402
from argmap.model import ArgumentMap  # noqa: E402
from tests.argdown_cli import find_argdown  # noqa: E402

warnings.simplefilter("ignore", ConversionWarning)

WORDS = ("lanes", "cyclists", "safety", "traffic", "cost", "city", "shops", "injuries", "data", "study", "roads",
         "cars", "council", "budget", "evidence", "claim", "reply", "objection", "winter", "distance", "culture")


def best(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def debate(size: int, seed: int = 1) -> str:
    """Argdown text of at least ``size`` characters."""
    text = _debate(size, seed)
    while len(text) < size:
        text = _debate(int(size * size / len(text)) + 1000, seed)
    return text


def _debate(size: int, seed: int) -> str:
    rng = random.Random(seed)
    statements: list[dict[str, Any]] = []
    arguments: list[dict[str, Any]] = []
    attacks: list[dict[str, Any]] = []
    sections = [{"id": f"h{n}", "title": f"Part {n}: " + " ".join(rng.choices(WORDS, k=3))} for n in range(40)]
    text_size = 0
    n = 0
    while text_size < size:
        sid = f"s{n}"
        words = " ".join(rng.choices(WORDS, k=rng.randint(6, 18)))
        part = min(len(sections) - 1, n * len(sections) // max(1, size // 100))
        statements.append({"id": sid, "text": words.capitalize() + ".", "tags": rng.sample(WORDS, 1),
                           "section": sections[part]["id"]})
        text_size += len(words) + 40
        if n >= 3:
            kind = rng.random()
            if kind < 0.5:
                arguments.append({"id": f"a{n}", "premises": [sid, f"s{n - 1}"], "conclusion": f"s{n - 3}",
                                  "scheme": rng.choice(["example", "analogy", "consequences"])})
                text_size += 60
            elif kind < 0.8:
                attacks.append({"id": f"k{n}", "from": sid, "to": f"s{rng.randrange(n)}"})
                text_size += 30
            elif arguments:
                attacks.append({"id": f"u{n}", "from": sid, "to": rng.choice(arguments)["id"], "type": "undercut"})
                text_size += 30
        n += 1
    m = ArgumentMap.model_validate({"argmap": "1", "title": "Benchmark debate", "sections": sections,
                                    "statements": statements, "arguments": arguments, "attacks": attacks})
    return argdown.export(m, extension=False).text


NODE_SCRIPT = """
const path = require("path");
const core = require(path.join(process.argv[2], "@argdown", "core", "dist", "argdown.js"));
const fs = require("fs");
const input = fs.readFileSync(process.argv[3], "utf8");
const repeat = parseInt(process.argv[4]);
let best = Infinity;
for (let i = 0; i < repeat; i++) {
  const start = process.hrtime.bigint();
  const response = core.argdown.run({input, process: ["parse-input", "build-model", "colorize", "export-json"],
                                      logLevel: "error"});
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!response.json) throw new Error("no JSON: " + JSON.stringify(response.parserErrors || []).slice(0, 300));
  best = Math.min(best, seconds);
}
console.log(JSON.stringify({seconds: best}));
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of Argdown (default 1 MB)")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    text = debate(options.size)
    quarter = debate(options.size // 4)
    limits = Limits()
    print(f"Argdown file: {len(text.encode('utf-8')):,} bytes, {text.count(chr(10)):,} lines")
    own_model = best(lambda: parse_document(text, limits=limits), options.repeat)
    own_map = best(lambda: argdown.reads(text, limits=limits), options.repeat)
    own_quarter = best(lambda: parse_document(quarter, limits=limits), options.repeat)
    print(f"argmap parse_document (text -> Argdown model): {own_model:8.3f} s")
    print(f"argmap argdown.reads   (text -> validated map): {own_map:8.3f} s")
    per_mb = own_model / len(text) / (own_quarter / len(quarter))
    print(f"argmap time per character, full size / quarter size: {per_mb:.2f} (1.0 = linear)")
    found = find_argdown()
    if isinstance(found, str):
        print(f"Argdown CLI not available ({found}); the comparison is skipped")
        return
    binary = Path(found)
    modules = binary.parent.parent  # node_modules/.bin/argdown -> node_modules
    folder = Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    try:
        big, tiny = folder / "big.argdown", folder / "tiny.argdown"
        big.write_text(text, encoding="utf-8")
        tiny.write_text("[a]: b\n", encoding="utf-8")
        script = folder / "time.js"
        script.write_text(NODE_SCRIPT, encoding="utf-8")
        node = shutil.which("node") or "node"
        run = subprocess.run([node, str(script), str(modules), str(big), str(options.repeat)], capture_output=True,
                             text=True, timeout=3600, check=False)
        if run.returncode != 0:
            print("Argdown in Node failed:", run.stderr[-800:])
            return
        node_parse = float(json.loads(run.stdout.strip().splitlines()[-1])["seconds"])

        def cli(path: Path) -> float:
            out = folder / "out"
            start = time.perf_counter()
            subprocess.run([str(binary), "json", str(path), str(out)], capture_output=True, timeout=3600,
                           check=False, env={**os.environ, "NODE_OPTIONS": ""})
            return time.perf_counter() - start

        cli_big = min(cli(big) for _ in range(options.repeat))
        cli_tiny = min(cli(tiny) for _ in range(options.repeat))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Argdown (Node) parse + model + JSON, in process:  {node_parse:8.3f} s")
    print(f"Argdown CLI wall time, this file:                {cli_big:8.3f} s")
    print(f"Argdown CLI wall time, a one-line file (start-up): {cli_tiny:6.3f} s")
    print(f"ratio argmap parse_document / Argdown in process: {own_model / node_parse:.2f}")
    print(f"ratio argmap argdown.reads / Argdown in process:  {own_map / node_parse:.2f}")
    print(f"ratio argmap argdown.reads / Argdown CLI minus start-up: {own_map / max(cli_big - cli_tiny, 1e-9):.2f}")


if __name__ == "__main__":
    main()
