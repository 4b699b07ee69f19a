"""Benchmark: ``argmap stats`` on a large map: time and peak memory per MB, against loading alone.

Run by hand (not part of the test suite)::

    python benchmarks/bench_stats.py [--statements 250000] [--baseline 47ae49d]

Generates a map shaped like ``bench_core.py``'s (random support, so a large knot of support
cycles: the hard case for the depth and cycle figures), writes it as JSON and measures, each in a
fresh process (so every peak is that process's own ``VmHWM``), in the same run:

* ``load``: ``argmap.load`` alone (the floor: what any command on the map pays);
* ``stats``: ``argmap stats`` of this checkout;
* ``stats (baseline)``: ``argmap stats`` of a baseline commit (default: the commit before
  ``summarize`` stopped building the networkx graph), extracted with ``git archive``.

Targets: ``stats`` costs at most 2x the time of ``load`` and at most 1.1x its peak memory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import generate  # the benchmarks folder is not a package

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "47ae49d"
"""The commit before ``summarize`` computed its figures on a bare index."""

_RUN = """
import sys, time
base, what, path = sys.argv[1:4]
if base != '-':
    sys.meta_path = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]
    sys.path.insert(0, base)
started = time.perf_counter()
if what == 'load':
    import argmap
    argmap.load(path)
else:
    from argmap.cli import main
    try:
        main(['stats', '--format', 'json', path], standalone_mode=False)
    except SystemExit:
        pass
elapsed = time.perf_counter() - started
peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))
print(elapsed, peak / 1024, file=sys.stderr)
"""


def measure(base: str, what: str, path: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one fresh process doing ``what`` on ``path``."""
    result = subprocess.run([sys.executable, "-c", _RUN, base, what, path], capture_output=True, text=True,
                            check=True)
    seconds, peak = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=250_000, help="statements (and as many arguments)")
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare with ('' to skip)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "map.json")
        raw = json.dumps(generate(options.statements, options.statements), ensure_ascii=False).encode()
        Path(path).write_bytes(raw)
        megabytes = len(raw) / 1e6
        print(f"map: {options.statements:,} statements and arguments, JSON {megabytes:.1f} MB")
        runs = [("load", "-", "load"), ("stats", "-", "stats")]
        if options.baseline:
            base = Path(folder) / "baseline"
            base.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", options.baseline, "argmap"],
                                     capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
            runs.append((f"stats ({options.baseline})", str(base), "stats"))
        figures: dict[str, tuple[float, float]] = {}
        for label, where, what in runs:
            started = time.perf_counter()
            figures[label] = measure(where, what, path)
            seconds, peak = figures[label]
            print(f"{label:<18} {seconds:6.2f} s ({seconds / megabytes:.3f} s/MB)  peak {peak:7.0f} MB "
                  f"({peak / megabytes:.1f} MB/MB)  [{time.perf_counter() - started:.1f} s wall]")
        load_s, load_peak = figures["load"]
        for label, (seconds, peak) in figures.items():
            if label != "load":
                print(f"{label}: {seconds / load_s:.2f}x the time of load, {peak / load_peak:.2f}x its peak "
                      "(target <= 2x, <= 1.1x)")


if __name__ == "__main__":
    main()
