"""Benchmark: anchoring, coverage and drafting, against jieba in the same run.

Run by hand::

    python benchmarks/bench_text.py

* anchoring every quote of the flagship map and computing coverage (jieba loaded) vs one
  jieba segmentation pass over the essay (target: well under 1x);
* ``draft`` on about 1 MB of Chinese text vs plain ``jieba.lcut`` over the same text
  (target: at most 2x);
* "did you mean" for quotes that do not occur: anchoring the flagship with one character dropped
  from the middle of every quote (so every quote misses) vs one jieba pass, and how many of the
  suggestions are the quote meant, word for word;
* how well the draft of the essay matches the hand-built flagship map: the share of the
  flagship's quoted units that some drafted statement overlaps, and the share of its
  analogies that the draft proposes (a drafted analogy overlapping the analogy's quote, or
  naming its source).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import argmap
from argmap.text import coverage, draft, segment
from argmap.text.anchor import anchor, find_quote

ROOT = Path(__file__).resolve().parent.parent
ESSAY = (ROOT / "examples" / "deepseek" / "essay.txt").read_text(encoding="utf-8")
MAP = argmap.load(ROOT / "examples" / "deepseek" / "map.yaml")


def median(fn: Callable[[], object], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> None:
    import jieba

    jieba.initialize()
    segment("預熱")
    draft("預熱。")

    one_pass = median(lambda: jieba.lcut(ESSAY))
    anchoring = median(lambda: coverage(MAP, ESSAY))
    print(f"anchor+coverage of the flagship {anchoring * 1000:.1f} ms | one jieba pass over the essay "
          f"{one_pass * 1000:.1f} ms | ratio {anchoring / one_pass:.2f}x (target well under 1x)")

    slipped = MAP.model_copy(deep=True)
    for node in [*slipped.statements, *slipped.analogies]:
        if node.quote and len(node.quote) > 4:
            middle = len(node.quote) // 2
            node.quote = node.quote[:middle] + node.quote[middle + 1:]
    suggesting = median(lambda: anchor(slipped, ESSAY))
    meant = {n.id: n.quote for n in [*MAP.statements, *MAP.analogies]}
    missing = [a for a in anchor(slipped, ESSAY) if a.status == "missing"]
    exact = sum(1 for a in missing if a.suggestion == meant[a.node])
    print(f"did you mean, every quote slipped: {suggesting * 1000:.1f} ms | one jieba pass {one_pass * 1000:.1f} ms "
          f"| ratio {suggesting / one_pass:.2f}x; {exact}/{len(missing)} suggestions are the quote meant "
          f"({exact / len(missing):.0%})")

    big = (ESSAY + "\n") * (1_000_000 // len(ESSAY.encode()) + 1)
    plain = median(lambda: jieba.lcut(big), repeat=3)
    drafting = median(lambda: draft(big), repeat=3)
    print(f"draft of {len(big.encode()) / 1e6:.2f} MB {drafting:.2f} s | jieba.lcut {plain:.2f} s | "
          f"ratio {drafting / plain:.2f}x (target <= 2x)")

    drafted = draft(ESSAY)
    def spans(quote: str | None) -> list[tuple[int, int]]:
        found = find_quote(ESSAY, quote) if quote else None
        return found[1] if found else []

    statement_spans = [hit for s in drafted.statements for hit in spans(s.quote)]
    analogy_spans = [hit for a in drafted.analogies for hit in spans(a.quote)]
    units = [(n.id, hits) for n in [*MAP.statements, *MAP.analogies] if n.quote
             for hits in [(find_quote(ESSAY, n.quote) or ("", []))[1]]]
    hit_units = sum(1 for _, hits in units if any(overlaps(h, s) for h in hits for s in statement_spans))
    proposed = 0
    for analogy in MAP.analogies:
        hits = (find_quote(ESSAY, analogy.quote) or ("", []))[1] if analogy.quote else []
        named = any(analogy.source in a.source or a.source in analogy.source for a in drafted.analogies)
        if named or any(overlaps(h, s) for h in hits for s in analogy_spans):
            proposed += 1
    print(f"draft vs flagship: {hit_units}/{len(units)} quoted units overlapped by a drafted statement "
          f"({hit_units / len(units):.0%}); {proposed}/{len(MAP.analogies)} analogies proposed "
          f"({proposed / len(MAP.analogies):.0%}); draft has {len(drafted.statements)} statements, "
          f"{len(drafted.analogies)} analogies, {len(drafted.arguments)} arguments, {len(drafted.attacks)} attacks")


if __name__ == "__main__":
    main()
