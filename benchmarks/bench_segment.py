"""Benchmark: Traditional-Chinese word segmentation quality and speed.

Gold data: ``../shared/corpora/ud-chinese-gsd-seg/dev_gold.utf8`` (UD Chinese-GSD dev split,
Traditional Chinese, gold words separated by spaces; CC BY-SA 4.0). Run by hand::

    python benchmarks/bench_segment.py

Reports word-boundary precision, recall and F1 of plain ``jieba.lcut`` on the raw Traditional
text against argmap's pipeline (length-preserving OpenCC t2s conversion, then jieba), and the
speed of both on the same text, as a ratio measured in the same run.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ud-chinese-gsd-seg" / "dev_gold.utf8"


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, position = set(), 0
    for word in words:
        if word.strip():
            out.add((position, position + len(word)))
        position += len(word)
    return out


def score(cut: Callable[[str], list[str]], sentences: list[list[str]]) -> tuple[float, float, float]:
    correct = predicted = gold_total = 0
    for gold_words in sentences:
        raw = "".join(gold_words)
        words = cut(raw)
        assert "".join(words) == raw, "segmentation must reproduce the input"
        gold, mine = spans(gold_words), spans(words)
        correct += len(gold & mine)
        predicted += len(mine)
        gold_total += len(gold)
    precision, recall = correct / predicted, correct / gold_total
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> None:
    if not GOLD.exists():
        sys.exit(f"gold data not found at {GOLD}")
    sentences = [line.split() for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    import jieba

    from argmap.text.segment import segment

    jieba.initialize()
    segment("預熱")  # load dictionaries before timing
    systems: dict[str, Callable[[str], list[str]]] = {
        "plain jieba.lcut (Traditional input)": lambda s: jieba.lcut(s),
        "argmap.text.segment (t2s + jieba)": segment,
    }
    text = "".join("".join(s) for s in sentences)
    timings = {}
    for name, cut in systems.items():
        p, r, f = score(cut, sentences)
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            cut(text)
            runs.append(time.perf_counter() - started)
        timings[name] = statistics.median(runs)
        print(f"{name:40s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  {len(text) / timings[name]:>9,.0f} chars/s")
    plain, ours = timings.values()
    print(f"speed ratio argmap/plain: {ours / plain:.2f}x time ({len(sentences)} sentences, {len(text):,} chars)")


if __name__ == "__main__":
    main()
