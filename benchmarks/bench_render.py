"""Benchmark: argmap's total render time vs Graphviz's layout+render alone on the same DOT.

Run by hand::

    python benchmarks/bench_render.py [--sizes 100 1000 5000] [--lang zh|en]

For generated maps (a bushy support tree with linked premises, some attacks and analogies) of each
size, measures in the same run:

* Graphviz alone: ``pygraphviz.AGraph(string=dot).draw(format="svg", prog="dot")`` on argmap's DOT;
* argmap: ``argmap.render.render(map, format="svg")`` — building the DOT (wrapping every label,
  with jieba for Chinese) plus the same layout and drawing;

and prints the ratio (target: at most 1.3x), the same for the flagship map, and what ``focus``
(depth 2) and the fitted overview cost.

``--layout`` measures the drawings instead: edge crossings and total edge length from Graphviz's
positions (:func:`argmap.render.layout.layout_metrics`), for the flagship and generated maps, with
this checkout's renderer and with a baseline commit's (``--baseline``, default the commit before
the layout rework), both laid out in the same run::

    python benchmarks/bench_render.py --layout [--baseline 267ca58]

``--fork`` measures what laying out in a forked child (so that Ctrl-C stops a long layout) costs
against laying out in-process, in the same run, for small renders (the bike-lanes example, the
flagship's whole map, its HTML viewer) and a bundle of layouts (the flagship's overview: seven
small layouts), and shows which a render now uses (``argmap.render.engine.QUICK_EDGES``)::

    python benchmarks/bench_render.py --fork
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import argmap
from argmap.render import render, to_dot

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "267ca58"
"""The commit before the layout rework (newrank, mclimit, the legend strip, the overview)."""

_OLD_DOT = """
import sys
base, path, lang, size = sys.argv[1:5]
sys.meta_path = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]
sys.path.insert(0, base)
for name in list(sys.modules):
    if name.startswith('argmap'):
        del sys.modules[name]
import argmap
from argmap.render import to_dot
sys.path.insert(0, sys.argv[5])
if path == '-':
    from bench_render import generate
    m = generate(int(size), lang)
else:
    m = argmap.load(path)
sys.stdout.write(to_dot(m).source)
"""

ZH = ["中國作為後起之秀更應該提醒自己", "美國的AI給人的印象是用金錢堆砌起來的", "制裁倒逼中國另闢創新道路",
      "窮小子不一定就輸給富二代", "梁文鋒的勇氣和想象力打開了一片天", "一次震撼決定不了整場競賽"]
EN = ["Protected lanes make cycling safer for everyone", "More cycling means fewer cars and less congestion",
      "Local shops will lose customers who cannot park", "Cities that built lanes saw injuries fall"]


def generate(nodes: int, lang: str, seed: int = 7) -> argmap.ArgumentMap:
    rnd = random.Random(seed)
    texts = ZH if lang == "zh" else EN
    statements = [{"id": f"s{i}", "type": rnd.choice(["claim", "fact", "example", "quote", "concession"]),
                   "text": f"{rnd.choice(texts)}（{i}）" if lang == "zh" else f"{rnd.choice(texts)} ({i})"}
                  for i in range(nodes)]
    arguments = []
    for i in range(1, nodes):
        parent = (i - 1) // 4  # a bushy tree: four children each
        premises = [f"s{i}"]
        arguments.append({"id": f"a{i}", "premises": premises, "conclusion": f"s{parent}",
                          "scheme": rnd.choice(["example", "analogy", "sign", None])})
    for argument in arguments[::7]:  # some linked premises
        extra = f"s{rnd.randrange(nodes)}"
        if extra not in argument["premises"] and extra != argument["conclusion"]:
            argument["premises"].append(extra)
    attacks = [{"id": f"x{i}", "from": f"s{rnd.randrange(nodes)}", "to": f"a{rnd.randrange(1, nodes)}",
                "type": "undercut"} for i in range(nodes // 20)]
    data = {"argmap": "1", "lang": "zh-Hant" if lang == "zh" else "en", "statements": statements,
            "arguments": arguments, "attacks": attacks}
    return argmap.ArgumentMap.model_validate(data)


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def _baseline_dot(base: Path, path: str, lang: str = "en", size: int = 0) -> str:
    """The DOT the baseline checkout draws for a map file (or a generated map when ``path`` is "-")."""
    result = subprocess.run([sys.executable, "-c", _OLD_DOT, str(base), path, lang, str(size),
                             str(ROOT / "benchmarks")], capture_output=True, text=True, check=True, timeout=600)
    return result.stdout


def layout(baseline: str, sizes: list[int], lang: str) -> None:
    """Crossings and edge length of the baseline's drawings and of this checkout's, in one run."""
    from argmap.render.layout import layout_metrics

    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", baseline, "argmap"], capture_output=True,
                                 check=True)
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        flagship = ROOT / "examples" / "deepseek" / "map.yaml"
        cases = [("flagship, whole map", _baseline_dot(Path(folder), str(flagship)),
                  to_dot(argmap.load(flagship), view="full").source)]
        for size in sizes:
            cases.append((f"generated, {size} statements", _baseline_dot(Path(folder), "-", lang, size),
                          to_dot(generate(size, lang), view="full").source))
        print(f"{'map':<28} {'crossings':>19} {'edge length (pt)':>25} {'size (pt)':>29}")
        for name, before, after in cases:
            old, new = layout_metrics(before), layout_metrics(after)
            print(f"{name:<28} {old.crossings:>8} -> {new.crossings:<8} {old.edge_length:>11.0f} -> "
                  f"{new.edge_length:<11.0f} {old.width:>6.0f}x{old.height:<6.0f} -> {new.width:.0f}x{new.height:.0f}")
        overview = render(argmap.load(flagship), format="dot", view="overview").decode()
        metrics = layout_metrics(overview)
        print(f"{'flagship, overview':<28} {metrics.crossings:>20} {metrics.edge_length:>24.0f} "
              f"{metrics.width:>18.0f}x{metrics.height:.0f} (= {metrics.width * 4 / 3:.0f}x"
              f"{metrics.height * 4 / 3:.0f} px)")


def _forks_of(job: Callable[[], object]) -> int:
    """How many layouts ``job`` runs in a forked child, as the renderer now chooses."""
    from argmap.render import engine

    calls: list[bool] = []
    original = engine._layout_in_child

    def spy(source: str, fmt: str) -> tuple[bytes, list[tuple[str, type[Warning]]]]:
        calls.append(True)
        return original(source, fmt)

    engine._layout_in_child = spy  # type: ignore[assignment]
    try:
        job()
    finally:
        engine._layout_in_child = original  # type: ignore[assignment]
    return len(calls)


def fork_cost(repeat: int) -> None:
    """Each render with every layout forked vs every layout in-process, interleaved in one run."""
    from argmap.render import engine

    examples = ROOT / "examples"
    bike, flagship = argmap.load(examples / "bike-lanes.yaml"), argmap.load(examples / "deepseek" / "map.yaml")
    generated = generate(300, "zh")
    cases = [("bike-lanes, svg (1 layout)", lambda: render(bike, format="svg")),
             ("flagship whole map, svg (1 layout)", lambda: render(flagship, format="svg", view="full")),
             ("flagship viewer, html (1 layout)", lambda: render(flagship, format="html")),
             ("flagship overview, svg (7 layouts)", lambda: render(flagship, format="svg", view="overview")),
             ("generated 300 statements, svg", lambda: render(generated, format="svg", view="full"))]
    default = engine.QUICK_EDGES
    render(bike, format="svg")  # load jieba and OpenCC before timing
    print(f"{'render':<38} {'forked':>9} {'in-process':>11} {'ratio':>7}  now")
    for name, job in cases:
        forked, inside = [], []
        for _ in range(repeat):
            engine.QUICK_EDGES = -1  # every layout in a child (the behaviour before QUICK_EDGES)
            forked.append(timed(job, 1))
            engine.QUICK_EDGES = 10**9  # every layout in-process
            inside.append(timed(job, 1))
        engine.QUICK_EDGES = default
        calls = _forks_of(job)
        a, b = statistics.median(forked), statistics.median(inside)
        print(f"{name:<38} {a * 1000:7.0f}ms {b * 1000:9.0f}ms {a / b:6.2f}x  "
              f"{'forked' if calls else 'in-process'}")


def main() -> None:
    import pygraphviz

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--layout", action="store_true", help="measure crossings and edge length instead")
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare the layout with")
    parser.add_argument("--fork", action="store_true", help="measure the cost of laying out in a forked child")
    options = parser.parse_args()
    if options.fork:
        fork_cost(options.repeat)
        return
    if options.layout:
        layout(options.baseline, [s for s in options.sizes if s <= 300] or [60, 200], options.lang)
        return
    render(generate(10, options.lang), format="svg")  # load jieba and OpenCC before timing

    for size in options.sizes:
        the_map = generate(size, options.lang)
        source = to_dot(the_map, view="full").source
        repeat = options.repeat if size < 5000 else 1
        alone_runs, our_runs = [], []
        for _ in range(repeat):  # interleaved, so that drifts in machine speed hit both alike
            alone_runs.append(timed(lambda s=source: pygraphviz.AGraph(string=s).draw(format="svg", prog="dot"), 1))
            our_runs.append(timed(lambda m=the_map: render(m, format="svg", view="full"), 1))
        graphviz_alone, ours = statistics.median(alone_runs), statistics.median(our_runs)
        build = timed(lambda m=the_map: to_dot(m, view="full"), repeat)
        print(f"{size:>6} statements: graphviz {graphviz_alone:8.3f} s | argmap {ours:8.3f} s | "
              f"ratio {ours / graphviz_alone:.2f}x (DOT building {build:.3f} s)")
    flagship = argmap.load(Path(__file__).resolve().parent.parent / "examples" / "deepseek" / "map.yaml")
    source = to_dot(flagship, view="full").source
    alone_runs, our_runs = [], []
    for _ in range(options.repeat):
        alone_runs.append(timed(lambda: pygraphviz.AGraph(string=source).draw(format="svg", prog="dot"), 1))
        our_runs.append(timed(lambda: render(flagship, format="svg", view="full"), 1))
    graphviz_alone, ours = statistics.median(alone_runs), statistics.median(our_runs)
    print(f"the flagship map: graphviz {graphviz_alone:8.3f} s | argmap {ours:8.3f} s | "
          f"ratio {ours / graphviz_alone:.2f}x")
    largest = generate(max(options.sizes), options.lang)
    focused = timed(lambda: render(largest, format="svg", focus="s1", depth=2), options.repeat)
    print(f"focus s1 depth 2 on {max(options.sizes)} statements: {focused:.3f} s")
    overview = timed(lambda: render(flagship, format="svg", view="overview"), options.repeat)
    print(f"the flagship's fitted overview (a handful of small layouts): {overview:.3f} s")


if __name__ == "__main__":
    main()
