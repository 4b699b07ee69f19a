"""Benchmark: validating a large map with every non-text rule, against loading it, in the same run.

Run by hand::

    python benchmarks/bench_checks.py [--statements 100000] [--arguments 100000] [--format json|yaml]

Target: ``argmap.checks.validate`` (load + all graph, analogy and scheme rules + locating every
finding in the file) takes at most 2x ``argmap.load`` of the same file.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml
from bench_core import generate

import argmap
from argmap._perf import gc_paused
from argmap.checks import Config, validate


def timed(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall and CPU seconds of one call (CPU time is less disturbed by other processes on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--arguments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--format", choices=("json", "yaml"), default="json", help="the map file's format")
    options = parser.parse_args()
    random_map = generate(options.statements, options.arguments)
    # The same size without cycles or schemes: conclusions always come before their premises.
    tidy = generate(options.statements, options.arguments)
    for argument in tidy["arguments"]:
        argument.pop("scheme", None)
        first = min(int(p[1:]) for p in argument["premises"])
        argument["conclusion"] = f"s{first // 2}" if first > 1 else "s0"
        argument["premises"] = [p for p in argument["premises"] if p != argument["conclusion"]] or ["s1"]
    for label, data in (("random map (cyclic, a scheme finding per argument)", random_map), ("acyclic map", tidy)):
        measure(label, data, options)


def measure(label: str, data: dict, options: argparse.Namespace) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"big.{options.format}"
        if options.format == "json":
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        else:
            path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
        last: list[list[argmap.Diagnostic]] = [[]]
        runs: dict[str, list[tuple[float, float]]] = {"load": [], "paused": [], "validate": []}

        def paused_load() -> None:
            with gc_paused():
                argmap.load(path)

        # interleaved, so that a busy spell on a shared machine falls on both sides of a ratio
        for _ in range(options.repeat):
            runs["load"].append(timed(lambda: argmap.load(path)))
            # only the last run's findings are kept: piling up every run's would grow the heap the
            # collector scans, and slow the later runs for a reason that is not validation's
            runs["validate"].append(timed(lambda: last.__setitem__(0, validate(path, config=Config()))))
            runs["paused"].append(timed(paused_load))
            gc.collect()
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    ratio = statistics.median(v[0] / lo[0] for v, lo in zip(runs["validate"], runs["load"], strict=True))
    per_run = len(last[0])
    print(f"{label}: {options.statements:,} statements, {options.arguments:,} arguments: load {wall['load']:.2f} s | "
          f"validate (all non-text rules, {per_run:,} findings located) {wall['validate']:.2f} s | ratio "
          f"{ratio:.2f}x (target <= 2x; CPU time {cpu['validate'] / cpu['load']:.2f}x)")
    # validate pauses the collector over loading, rules and locating; load does not. Against a load
    # that pauses it too, the ratio shows what the rules and the locating cost by themselves.
    print(f"  against load with the collector paused ({wall['paused']:.2f} s): "
          f"{wall['validate'] / wall['paused']:.2f}x (CPU time {cpu['validate'] / cpu['paused']:.2f}x)")


if __name__ == "__main__":
    main()
