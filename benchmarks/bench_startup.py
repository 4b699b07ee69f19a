"""Benchmark: start-up cost of ``import argmap`` and ``argmap validate`` on a small map.

Baseline: a bare ``python -c pass`` in the same run. Run by hand::

    python benchmarks/bench_startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bike-lanes.yaml"


def median_seconds(command: list[str], repeat: int = 7) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    base = median_seconds([sys.executable, "-c", "pass"])
    importing = median_seconds([sys.executable, "-c", "import argmap"])
    validating = median_seconds([sys.executable, "-m", "argmap", "validate", "-q", str(EXAMPLE)])
    print(f"python -c pass          {base * 1000:6.0f} ms")
    print(f"import argmap           {importing * 1000:6.0f} ms  ({importing / base:.1f}x bare start-up)")
    print(f"argmap validate (small) {validating * 1000:6.0f} ms  ({validating / base:.1f}x bare start-up)")


if __name__ == "__main__":
    main()
