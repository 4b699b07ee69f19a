"""Benchmark: argmap's total render time vs Graphviz's layout+render alone on the same DOT.

Run by hand::

    python benchmarks/bench_render.py [--sizes 100 1000 5000] [--lang zh|en]

For generated maps (a bushy support tree with linked premises, some attacks and analogies) of each
size, measures in the same run:

* Graphviz alone: ``pygraphviz.AGraph(string=dot).draw(format="svg", prog="dot")`` on argmap's DOT;
* argmap: ``argmap.render.render(map, format="svg")`` — building the DOT (wrapping every label,
  with jieba for Chinese) plus the same layout and drawing;

and prints the ratio (target: at most 1.3x), the same for the flagship map, and what ``focus``
(depth 2) costs on the largest map.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import argmap
from argmap.render import render, to_dot

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


def main() -> None:
    import pygraphviz

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    render(generate(10, options.lang), format="svg")  # load jieba and OpenCC before timing

    for size in options.sizes:
        the_map = generate(size, options.lang)
        source = to_dot(the_map).source
        repeat = options.repeat if size < 5000 else 1
        alone_runs, our_runs = [], []
        for _ in range(repeat):  # interleaved, so that drifts in machine speed hit both alike
            alone_runs.append(timed(lambda s=source: pygraphviz.AGraph(string=s).draw(format="svg", prog="dot"), 1))
            our_runs.append(timed(lambda m=the_map: render(m, format="svg"), 1))
        graphviz_alone, ours = statistics.median(alone_runs), statistics.median(our_runs)
        build = timed(lambda m=the_map: to_dot(m), repeat)
        print(f"{size:>6} statements: graphviz {graphviz_alone:8.3f} s | argmap {ours:8.3f} s | "
              f"ratio {ours / graphviz_alone:.2f}x (DOT building {build:.3f} s)")
    flagship = argmap.load(Path(__file__).resolve().parent.parent / "examples" / "deepseek" / "map.yaml")
    source = to_dot(flagship).source
    alone_runs, our_runs = [], []
    for _ in range(options.repeat):
        alone_runs.append(timed(lambda: pygraphviz.AGraph(string=source).draw(format="svg", prog="dot"), 1))
        our_runs.append(timed(lambda: render(flagship, format="svg"), 1))
    graphviz_alone, ours = statistics.median(alone_runs), statistics.median(our_runs)
    print(f"the flagship map: graphviz {graphviz_alone:8.3f} s | argmap {ours:8.3f} s | "
          f"ratio {ours / graphviz_alone:.2f}x")
    largest = generate(max(options.sizes), options.lang)
    focused = timed(lambda: render(largest, format="svg", focus="s1", depth=2), options.repeat)
    print(f"focus s1 depth 2 on {max(options.sizes)} statements: {focused:.3f} s")


if __name__ == "__main__":
    main()
