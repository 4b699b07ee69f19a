"""Benchmark: ``argmap stats`` on a large map, and ``argmap af`` on large frameworks: per MB of input.

Run by hand (not part of the test suite)::

    python benchmarks/bench_stats.py [--statements 250000] [--baseline 47ae49d]
    python benchmarks/bench_stats.py --frameworks [--arguments 200000] [--baseline 47ae49d]

Generates a map shaped like ``bench_core.py``'s (random support, so a large knot of support
cycles: the hard case for the depth and cycle figures), writes it as JSON and measures, each in a
fresh process (so every peak is that process's own ``VmHWM``), in the same run:

* ``load``: ``argmap.load`` alone (the floor: what any command on the map pays);
* ``stats``: ``argmap stats`` of this checkout;
* ``stats (baseline)``: ``argmap stats`` of a baseline commit (default: the commit before
  ``summarize`` stopped building the networkx graph), extracted with ``git archive``.

Targets: ``stats`` costs at most 2x the time of ``load`` and at most 1.1x its peak memory.

``--frameworks`` writes one framework (``--arguments`` arguments, three attacks each) as apx,
tgf and i23 and measures ``argmap af -p SE-GR -f FILE`` for each, with this checkout and the
baseline, in fresh processes: seconds and peak memory per MB of the file (the peak includes the
interpreter and argmap's imports, about 47 MB).
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
    import contextlib, io
    from argmap.cli import main
    argv = ['stats', '--format', 'json', path] if what == 'stats' else ['af', '-p', 'SE-GR', '-f', path]
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main(argv, standalone_mode=False)
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


def _baseline(folder: str, commit: str) -> str:
    base = Path(folder) / "baseline"
    base.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "argmap"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
    return str(base)


def frameworks(arguments: int, baseline: str) -> None:
    import random

    pick = random.Random(1)
    pairs = [(pick.randrange(arguments), pick.randrange(arguments)) for _ in range(3 * arguments)]
    texts = {
        "apx": "".join(f"arg(a{i}).\n" for i in range(arguments)) + "".join(f"att(a{a},a{b}).\n" for a, b in pairs),
        "tgf": "".join(f"a{i}\n" for i in range(arguments)) + "#\n" + "".join(f"a{a} a{b}\n" for a, b in pairs),
        "i23": f"p af {arguments}\n" + "".join(f"{a + 1} {b + 1}\n" for a, b in pairs),
    }
    with tempfile.TemporaryDirectory() as folder:
        base = _baseline(folder, baseline) if baseline else None
        for fmt, text in texts.items():
            path = str(Path(folder) / f"framework.{fmt}")
            Path(path).write_text(text)
            megabytes = len(text) / 1e6
            for label, where in (("this checkout", "-"), (f"{baseline}", base)):
                if where is None:
                    continue
                seconds, peak = measure(where, "af", path)
                print(f"{fmt} ({megabytes:.1f} MB) {label:<14} {seconds:6.2f} s ({seconds / megabytes:.2f} s/MB)  "
                      f"peak {peak:6.0f} MB ({peak / megabytes:.1f} MB/MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=250_000, help="statements (and as many arguments)")
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare with ('' to skip)")
    parser.add_argument("--frameworks", action="store_true", help="measure `argmap af` on apx, tgf and i23 instead")
    parser.add_argument("--arguments", type=int, default=200_000, help="arguments of the framework (--frameworks)")
    options = parser.parse_args()
    if options.frameworks:
        frameworks(options.arguments, options.baseline)
        return

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "map.json")
        raw = json.dumps(generate(options.statements, options.statements), ensure_ascii=False).encode()
        Path(path).write_bytes(raw)
        megabytes = len(raw) / 1e6
        print(f"map: {options.statements:,} statements and arguments, JSON {megabytes:.1f} MB")
        runs = [("load", "-", "load"), ("stats", "-", "stats")]
        if options.baseline:
            runs.append((f"stats ({options.baseline})", _baseline(folder, options.baseline), "stats"))
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
