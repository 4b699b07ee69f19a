"""Benchmark: Dung semantics in argmap against baselines measured in the same run.

Run by hand (not part of the test suite); PyArg comes from ``pip install -e ".[bench]"``::

    python benchmarks/bench_semantics.py [--timeout 60] [--quick]

Every figure is a ratio against a baseline measured in the same run on the same frameworks:

* grounded on random frameworks with n arguments and 5n attacks, n = 10k, 100k, 1M: time per
  attack against the 10k run (linear growth means a ratio near 1), against one bare Python pass
  over the attack arrays, and against building a networkx DiGraph of the same attacks;
* grounded on 1,000 arguments: argmap against PyArg (``python-argumentation``), same frameworks;
* peak memory (RSS) of a fresh process that builds the 1M/5M framework and computes grounded,
  against the same process before building (the limit to meet: 2 GB);
* gradual semantics (h-categorizer, DF-QuAD, quadratic energy, Euler-based) on the same random
  frameworks, n = 10k, 100k, 1M: time, sweeps, time per attack and sweep against the 10k run
  (linear growth means a ratio near 1) and against grounded on the same framework; peak memory
  of a fresh process computing DF-QuAD on the 1M framework, against the same process before;
* preferred (enumerate all) and stable on random frameworks of 200 and 1,000 arguments at
  densities 2 and 5 (attacks per argument), argmap against PyArg, each run in its own process
  with a time limit; then both scanned over growing sizes to find where each stops finishing.

Random frameworks: ``density * n`` distinct attacks drawn uniformly, no self-attacks, fixed seeds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.semantics import ArgumentationFramework, extensions, grounded_extension

# --- frameworks ----------------------------------------------------------------------------------


def random_attacks(n: int, density: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``round(density * n)`` distinct attacks (i, j), i != j, uniformly at random."""
    m = round(density * n)
    rng = np.random.default_rng(seed)
    keys = np.empty(0, dtype=np.int64)
    while len(keys) < m:
        extra = int((m - len(keys)) * 1.1) + 16
        s = rng.integers(0, n, extra, dtype=np.int64)
        t = rng.integers(0, n, extra, dtype=np.int64)
        fresh = (s * n + t)[s != t]
        keys = np.unique(np.concatenate([keys, fresh]))
    keys = rng.permutation(keys)[:m]
    return (keys // n).astype(np.int32), (keys % n).astype(np.int32)


def framework(n: int, density: float, seed: int) -> ArgumentationFramework:
    src, dst = random_attacks(n, density, seed)
    return ArgumentationFramework.from_indices(n, src, dst)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


# --- workers: one semantics run in a fresh process, killed at the time limit ---------------------


def worker(tool: str, semantics: str, n: int, density: float, seed: int) -> None:
    src, dst = random_attacks(n, density, seed)
    if tool == "argmap":
        if semantics == "grounded":  # fast: the median of 21 runs, each on a fresh framework
            fresh = [ArgumentationFramework.from_indices(n, src, dst) for _ in range(21)]
            runs = []
            for af in fresh:
                started = time.perf_counter()
                found = [grounded_extension(af)]
                runs.append(time.perf_counter() - started)
            seconds = statistics.median(runs)
        else:
            af = ArgumentationFramework.from_indices(n, src, dst)
            started = time.perf_counter()
            found = list(extensions(af, semantics))
            seconds = time.perf_counter() - started
        result = sorted(sorted(int(a) - 1 for a in e) for e in found)
    else:
        from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
            AbstractArgumentationFramework,
        )
        from py_arg.abstract_argumentation_classes.argument import Argument
        from py_arg.abstract_argumentation_classes.defeat import Defeat
        from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
        from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
        from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

        arguments = [Argument(str(i)) for i in range(n)]
        defeats = [Defeat(arguments[s], arguments[t]) for s, t in zip(src.tolist(), dst.tolist(), strict=True)]
        pyarg_af = AbstractArgumentationFramework("bench", arguments, defeats)
        solver = {"grounded": lambda: [get_grounded_extension(pyarg_af)],
                  "preferred": lambda: list(get_preferred_extensions(pyarg_af)),
                  "stable": lambda: list(get_stable_extensions(pyarg_af))}[semantics]
        started = time.perf_counter()
        found = solver()
        seconds = time.perf_counter() - started
        result = sorted(sorted(int(a.name) for a in e) for e in found)
    digest = hashlib.sha1(json.dumps(result).encode()).hexdigest()[:12]
    print(json.dumps({"seconds": seconds, "extensions": len(result), "digest": digest}))


def run_worker(tool: str, semantics: str, n: int, density: float, seed: int, timeout: float) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", tool, semantics, str(n), str(density), str(seed)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False,
                              env={"PATH": "/usr/bin:/bin"})
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def show(result: dict[str, Any], timeout: float) -> str:
    if result.get("timeout"):
        return f"> {timeout:.0f} s (stopped)"
    if "error" in result:
        return f"error: {result['error'][:50]}"
    return f"{result['seconds']:9.4f} s, {result['extensions']} ext."


# --- sections ------------------------------------------------------------------------------------


def grounded_scaling(sizes: list[int], repeat: int) -> None:
    import networkx as nx

    print("\n== grounded: random frameworks, 5 attacks per argument ==")
    print(f"{'arguments':>10} {'attacks':>10} {'argmap':>9} {'per attack':>11} {'vs 10k':>7} "
          f"{'1 Python pass':>14} {'ratio':>6} {'networkx build':>15} {'ratio':>6}")
    base_per_attack = None
    grounded_extension(framework(30_000, 5, 0))  # warm-up: imports numpy, outside every timing
    for n in sizes:
        src, dst = random_attacks(n, 5, seed=n)
        fresh = iter([ArgumentationFramework.from_indices(n, src, dst) for _ in range(repeat)])
        t = median_time(lambda fresh=fresh: grounded_extension(next(fresh)), repeat)  # type: ignore[misc]
        per_attack = t / len(src)
        base_per_attack = base_per_attack or per_attack
        s_list, d_list = src.tolist(), dst.tolist()

        def one_pass(s_list: list[int] = s_list, d_list: list[int] = d_list) -> int:
            total = 0
            for a, b in zip(s_list, d_list, strict=True):
                total += a ^ b
            return total

        t_pass = median_time(one_pass, repeat)
        if n <= 100_000:
            t_nx = median_time(lambda s_list=s_list, d_list=d_list: nx.DiGraph(zip(s_list, d_list, strict=True)), 1)
            nx_text = f"{t_nx:13.3f} s {t_nx / t:5.1f}x"
        else:
            nx_text = f"{'(skipped)':>15} {'':>6}"
        print(f"{n:>10,} {len(src):>10,} {t:8.3f}s {per_attack * 1e9:8.0f} ns {per_attack / base_per_attack:6.2f}x "
              f"{t_pass:12.3f} s {t / t_pass:5.2f}x {nx_text}")
    n = sizes[-1]
    chain = [ArgumentationFramework.from_indices(n, range(n - 1), range(1, n)) for _ in range(repeat)]
    it = iter(chain)
    t = median_time(lambda: grounded_extension(next(it)), repeat)
    print(f"attack chain of {n:,} arguments (labelling depth {n:,}): {t:.3f} s, no recursion")


def grounded_against_pyarg(timeout: float) -> None:
    print("\n== grounded at 1,000 arguments: argmap against PyArg (same frameworks) ==")
    for density in (2, 5):
        ours = [run_worker("argmap", "grounded", 1000, density, seed, timeout) for seed in (1, 2, 3)]
        theirs = run_worker("pyarg", "grounded", 1000, density, 1, timeout * 10)
        ours_t = statistics.median(r["seconds"] for r in ours)
        line = (f"density {density}: argmap {ours_t * 1000:8.3f} ms (median of 3 frameworks); "
                f"PyArg {show(theirs, timeout * 10)}")
        if "seconds" in theirs:
            agree = "same extension" if theirs["digest"] == ours[0]["digest"] else "DIFFERENT extension"
            line += f"; argmap {theirs['seconds'] / ours[0]['seconds']:,.0f}x faster on framework 1 ({agree})"
        print(line)


def memory(n: int) -> None:
    import tempfile

    print(f"\n== peak memory: {n:,} arguments, {5 * n:,} attacks, build + grounded, fresh process ==")
    code = (
        "import sys, time\n"
        "import numpy as np\n"
        "def peak():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        "from argmap.semantics import ArgumentationFramework, grounded_extension\n"
        "src, dst = np.load(sys.argv[1]), np.load(sys.argv[2])\n"
        "before = peak()\n"
        "t = time.perf_counter()\n"
        f"af = ArgumentationFramework.from_indices({n}, src, dst)\n"
        "built = time.perf_counter() - t\n"
        "g = grounded_extension(af)\n"
        "total = time.perf_counter() - t\n"
        "print(before, peak(), built, total, len(g))\n"
    )
    src, dst = random_attacks(n, 5, 1)
    with tempfile.TemporaryDirectory() as folder:
        np.save(Path(folder) / "src.npy", src)
        np.save(Path(folder) / "dst.npy", dst)
        out = subprocess.run([sys.executable, "-c", code, str(Path(folder) / "src.npy"),
                              str(Path(folder) / "dst.npy")], capture_output=True, text=True, check=True,
                             cwd=Path(__file__).resolve().parent.parent).stdout.split()
    before, after = float(out[0]), float(out[1])
    print(f"peak RSS with argmap and numpy imported and the attack arrays loaded: {before:.0f} MB; "
          f"after build + grounded: {after:.0f} MB ({after / before:.2f}x; {after / 2048:.0%} of the 2 GB limit)")
    print(f"build {float(out[2]):.2f} s, build + grounded {float(out[3]):.2f} s, grounded extension size {out[4]}")


def gradual_scaling(sizes: list[int], max_iterations: int = 300) -> None:
    from argmap.semantics.gradual import GRADUAL_SEMANTICS, framework_graph, strengths

    print(f"\n== gradual semantics: random frameworks, 5 attacks per argument, at most {max_iterations} sweeps ==")
    print(f"{'semantics':>9} {'arguments':>10} {'time':>9} {'sweeps':>7} {'converged':>9} "
          f"{'ns/attack/sweep':>16} {'vs 10k':>7} {'vs grounded':>12}")
    strengths(framework_graph(framework(1000, 5, 0), default=0.5), "hcat")  # warm-up: imports numpy
    base: dict[str, float] = {}
    for n in sizes:
        af = framework(n, 5, seed=n)
        t_grounded = median_time(lambda af=af, n=n: grounded_extension(ArgumentationFramework.from_indices(
            n, *af.attack_arrays())), 3)
        for name in GRADUAL_SEMANTICS:
            graph = framework_graph(af, default=0.5)
            started = time.perf_counter()
            result = strengths(graph, name, max_iterations=max_iterations)
            t = time.perf_counter() - started
            evaluations = result.iterations  # one evaluation of the update function per sweep
            per = t / (af.number_of_attacks * max(evaluations, 1))
            base.setdefault(name, per)
            print(f"{name:>9} {n:>10,} {t:8.2f}s {result.iterations:>7} {result.converged!s:>9} "
                  f"{per * 1e9:16.1f} {per / base[name]:6.2f}x {t / t_grounded:11.1f}x")


def gradual_memory(n: int) -> None:
    import tempfile

    print(f"\n== peak memory: DF-QuAD on {n:,} arguments, {5 * n:,} attacks, fresh process ==")
    code = (
        "import sys\n"
        "import numpy as np\n"
        "def peak():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        "from argmap.semantics import ArgumentationFramework\n"
        "from argmap.semantics.gradual import framework_graph, strengths\n"
        "src, dst = np.load(sys.argv[1]), np.load(sys.argv[2])\n"
        "before = peak()\n"
        f"af = ArgumentationFramework.from_indices({n}, src, dst)\n"
        "r = strengths(framework_graph(af, default=0.5), 'dfquad', max_iterations=300)\n"
        "print(before, peak(), r.iterations)\n"
    )
    src, dst = random_attacks(n, 5, 1)
    with tempfile.TemporaryDirectory() as folder:
        np.save(Path(folder) / "src.npy", src)
        np.save(Path(folder) / "dst.npy", dst)
        out = subprocess.run([sys.executable, "-c", code, str(Path(folder) / "src.npy"),
                              str(Path(folder) / "dst.npy")], capture_output=True, text=True, check=True,
                             cwd=Path(__file__).resolve().parent.parent).stdout.split()
    before, after = float(out[0]), float(out[1])
    print(f"peak RSS before: {before:.0f} MB; after build + DF-QuAD ({out[2]} sweeps): {after:.0f} MB "
          f"({after / before:.2f}x)")


def extension_tables(timeout: float) -> None:
    print(f"\n== preferred (all) and stable: argmap against PyArg, {timeout:.0f} s limit per run ==")
    print(f"{'semantics':>9} {'n':>5} {'density':>7} {'argmap':>26} {'PyArg':>26}  agree")
    for semantics in ("preferred", "stable"):
        for n in (200, 1000):
            for density in (2, 5):
                ours = run_worker("argmap", semantics, n, density, 1, timeout)
                theirs = run_worker("pyarg", semantics, n, density, 1, timeout)
                agree = ""
                if "digest" in ours and "digest" in theirs:
                    agree = "yes" if ours["digest"] == theirs["digest"] else "NO"
                print(f"{semantics:>9} {n:>5} {density:>7} {show(ours, timeout):>26} "
                      f"{show(theirs, timeout):>26}  {agree}")


def where_they_stop(timeout: float, sizes_pyarg: list[int], sizes_ours: list[int]) -> None:
    print(f"\n== where each stops finishing ({timeout:.0f} s limit; seeds 1-3, "
          "a size counts as done when all 3 finish) ==")
    for semantics in ("preferred", "stable"):
        for density in (2, 5):
            for tool, sizes in (("pyarg", sizes_pyarg), ("argmap", sizes_ours)):
                last_done, stopped, times = None, None, []
                for n in sizes:
                    results = []
                    for seed in (1, 2, 3):
                        results.append(run_worker(tool, semantics, n, density, seed, timeout))
                        if "seconds" not in results[-1]:
                            break
                    if all("seconds" in r for r in results):
                        last_done = n
                        times.append(f"{n}: {max(r['seconds'] for r in results):.2f}s")
                    else:
                        stopped = n
                        break
                print(f"{semantics:>9} density {density} {tool:>6}: finishes up to n={last_done}, "
                      f"stops at n={stopped}  [{'; '.join(times)}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per preferred/stable run")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--sections", default="grounded,memory,gradual,pyarg-grounded,tables,stop",
                        help="comma-separated: grounded, memory, gradual, pyarg-grounded, tables, stop")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        tool, semantics, n, density, seed = args.worker
        worker(tool, semantics, int(n), float(density), int(seed))
        return
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    sections = set(args.sections.split(","))
    if "grounded" in sections:
        grounded_scaling(sizes, repeat=5)
    if "memory" in sections:
        memory(sizes[-1])
    if "gradual" in sections:
        gradual_scaling(sizes)
        gradual_memory(sizes[-1])
    if "pyarg-grounded" in sections:
        grounded_against_pyarg(args.timeout)
    if "tables" in sections:
        extension_tables(args.timeout)
    if "stop" in sections:
        where_they_stop(args.timeout, [10, 20, 30, 40, 50, 60, 80, 100, 200],
                        [200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
                         1_000_000] if not args.quick else [200, 500])


if __name__ == "__main__":
    main()
