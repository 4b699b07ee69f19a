"""Benchmark: validating a large map with every non-text rule, against loading it, in the same run.

Run by hand::

    python benchmarks/bench_checks.py [--statements 100000] [--arguments 100000]

Target: ``argmap.checks.validate`` (load + all graph, analogy and scheme rules + locating every
finding in the file) takes at most 2x ``argmap.load`` of the same file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import generate

import argmap
from argmap.checks import Config, validate


def median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--arguments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    random_map = generate(options.statements, options.arguments)
    # The same size without cycles or schemes: conclusions always come before their premises.
    tidy = generate(options.statements, options.arguments)
    for argument in tidy["arguments"]:
        argument.pop("scheme", None)
        first = min(int(p[1:]) for p in argument["premises"])
        argument["conclusion"] = f"s{first // 2}" if first > 1 else "s0"
        argument["premises"] = [p for p in argument["premises"] if p != argument["conclusion"]] or ["s1"]
    for label, data in (("random map (cyclic, 100k scheme findings)", random_map), ("acyclic map", tidy)):
        measure(label, data, options)


def measure(label: str, data: dict, options: argparse.Namespace) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        load = median(lambda: argmap.load(path), options.repeat)
        last: list[list[argmap.Diagnostic]] = [[]]
        # only the last run's findings are kept: piling up every run's would grow the heap the
        # collector scans, and slow the later runs for a reason that is not validation's
        check = median(lambda: last.__setitem__(0, validate(path, config=Config())), options.repeat)
    per_run = len(last[0])
    print(f"{label}: {options.statements:,} statements, {options.arguments:,} arguments: load {load:.2f} s | validate "
          f"(all non-text rules, {per_run:,} findings located) {check:.2f} s | ratio {check / load:.2f}x "
          "(target <= 2x)")


if __name__ == "__main__":
    main()
