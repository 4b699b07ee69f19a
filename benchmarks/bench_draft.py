"""Benchmark: how good are ``argmap draft``'s first drafts, measured against gold annotations.

Run by hand (the corpora are read from ``../shared/corpora`` beside the repository, or from
``$ARGMAP_CORPORA``; nothing is downloaded)::

    python benchmarks/bench_draft.py            # the table, in Markdown
    python benchmarks/bench_draft.py --json     # the same numbers as JSON

Microtext (Peldszus & Stede 2015; 112 short texts, English and German), with the field's
standard measures, each for the draft and for the trivial baselines computed in the same run:

* **unit F1** — a drafted statement whose span equals a gold argumentative unit's span (ignoring
  edge punctuation and spaces) counts as a hit; F1 of the two sets of spans. Baseline: one unit
  per sentence.
* **central claim** — accuracy (the text's drafted main conclusion overlaps most with the gold
  central claim) and macro-F1 of the per-unit decision "central claim or not". Baseline: the
  first sentence.
* **role** — macro-F1 of proponent/opponent over gold units. Baseline: everything proponent.
* **function** — macro-F1 of support/attack over the gold units other than the central claim
  (``sup``, ``exa`` and ``add`` to a support are support; ``reb``, ``und`` and ``add`` to an attack
  are attack). Baseline: everything support. **function (with cc)** is the same over every gold
  unit with the central claim as a third class (baseline: the first sentence the central claim,
  the rest support), closer to how the published results count function.
* **attachment** — macro-F1 of "unit i points at unit j" over all ordered pairs of gold units
  (an undercut points at the source unit of the relation it undercuts, an ``add`` at the target of
  the relation it joins). Baseline: every unit attached to the first sentence.

Role, function and attachment of the draft are read through its own segmentation: each gold unit
takes the predictions of the drafted statement that overlaps it most, so segmentation errors
count against the draft, while the baselines get the gold units for free. The ceiling is the best
published supervised result on the same corpus (Peldszus & Stede 2015, evidence graph: macro-F1
0.86 central claim, 0.77 role, 0.75 function, 0.71 attachment). It is not a like-for-like
comparison: that model was trained and tested by cross-validation on gold segments, while the
draft segments the text itself and its rules were written after reading part of this corpus
(see ``SEEN``; the texts not read are also scored on their own).

Chinese: the CRC hotel reviews (Li et al. 2017; claim and premise spans, no relations), for unit
F1 against the gold components (baseline: one unit per sentence), claim/premise macro-F1 over
gold components (a drafted unit supporting anything but the central claim is a premise, as in
CRC's scheme MajorClaim <- Claim <- Premise; baseline: everything a claim) and major-claim
accuracy on the reviews that have one (the chosen unit stands for the gold component it overlaps
most; baseline: the first sentence); and the flagship essay against the flagship map: analogy
precision and recall (a drafted analogy is right when its quote overlaps a flagship analogy's
quote or it names the same source), the share of the flagship's quoted statements that a
drafted statement overlaps, and matches (the spans share at least half of each), and the share
of its arguments whose premise and conclusion are overlapped by the premise and conclusion of one
drafted argument. Baseline: a statement per sentence supporting the first sentence, and every word
jieba tags as an idiom and every short quoted phrase an analogy (the rules drafts used before).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import argmap
from argmap.model import ArgumentMap
from argmap.text import draft, find_quote, split_document

ROOT = Path(__file__).resolve().parent.parent
CEILING = {"central claim F1": 0.86, "role F1": 0.77, "function F1": 0.75, "function F1 (with cc)": 0.75,
           "attachment F1": 0.71}
"""Peldszus & Stede (2015), best supervised model on Microtext part 1 (macro-F1)."""


def corpora() -> Path | None:
    """The shared corpora folder: ``$ARGMAP_CORPORA``, or ``shared/corpora`` beside the repository."""
    candidates = [Path(os.environ["ARGMAP_CORPORA"])] if os.environ.get("ARGMAP_CORPORA") else []
    candidates += [parent / "shared" / "corpora" for parent in ROOT.parents[:2]]
    return next((c for c in candidates if c.is_dir()), None)


SEEN = 30
"""The draft's rules were written after reading the gold analyses of the first 30 English texts
(and how opponent units begin across the English texts); the rest and all German texts are
reported apart as unseen."""

Span = tuple[int, int]
_EDGE = " \t\n,，.。;；:：!！?？、\"“”'‘’「」『』()（）-—"


def trim(text: str, span: Span) -> Span:
    """The span without edge punctuation and spaces (so "X," and "X" are the same unit)."""
    start, end = span
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best(span: Span, candidates: Sequence[Span]) -> int | None:
    """Index of the candidate overlapping ``span`` most (None when none does)."""
    scores = [overlap(span, c) for c in candidates]
    top = max(scores, default=0)
    return scores.index(top) if top > 0 else None


def f1(tp: int, predicted: int, gold: int) -> float:
    return 2 * tp / (predicted + gold) if predicted + gold else 1.0


def macro_f1(pairs: Iterable[tuple[str, str]], labels: Sequence[str]) -> float:
    """Macro-averaged F1 of (gold, predicted) label pairs over ``labels``."""
    pairs = list(pairs)
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        scores.append(f1(tp, sum(1 for _, p in pairs if p == label), sum(1 for g, _ in pairs if g == label)))
    return sum(scores) / len(scores)


# --- reading a drafted or gold map as units ---------------------------------------------------------------


@dataclass
class Units:
    """A map read as units in text order: spans, roles, the central claim, and each unit's relation."""

    spans: list[Span]
    roles: list[str]
    central: set[int]
    function: dict[int, str] = field(default_factory=dict)  # unit -> "support" | "attack"
    target: dict[int, int] = field(default_factory=dict)  # unit -> unit it points at


def spans_of(text: str, quotes: Sequence[str | None]) -> list[Span | None]:
    """Each quote's span in ``text``, taking occurrences in order (a repeated quote is its next occurrence)."""
    out: list[Span | None] = []
    cursor = 0
    for quote in quotes:
        if not quote:
            out.append(None)
            continue
        at = text.find(quote, cursor)
        if at < 0:
            at = text.find(quote)
        if at < 0:
            found = find_quote(text, quote)
            out.append(found[1][0] if found and found[1] else None)
            continue
        out.append((at, at + len(quote)))
        cursor = at + len(quote)
    return out


def read_units(m: ArgumentMap, text: str) -> Units:
    """The statements of ``m`` with their spans in ``text`` and the first relation each one starts."""
    located = [(s, span) for s, span in zip(m.statements, spans_of(text, [s.quote for s in m.statements]),
                                           strict=True) if span is not None]
    located.sort(key=lambda pair: pair[1])
    index = {s.id: i for i, (s, _) in enumerate(located)}
    units = Units([trim(text, span) for _, span in located], [s.role or "proponent" for s, _ in located],
                  {index[c] for c in m.main_conclusions if c in index})
    by_id = {a.id: a for a in m.arguments}
    attacks = {x.id: x for x in m.attacks}

    def anchor(node: str, depth: int = 0) -> int | None:
        """The unit a relation's end stands for: a statement itself, an argument's first premise,
        an attack's attacker."""
        if node in index:
            return index[node]
        if depth > 10:
            return None
        if node in by_id:
            return anchor(by_id[node].premises[0], depth + 1)
        if node in attacks:
            return anchor(_attackers(attacks[node])[0], depth + 1)
        return None

    for attack in m.attacks:
        target = anchor(attack.to)
        for attacker in _attackers(attack):
            if attacker in index and index[attacker] not in units.function and target is not None:
                units.function[index[attacker]] = "attack"
                units.target[index[attacker]] = target
    for argument in m.arguments:
        target = anchor(argument.conclusion)
        for premise in argument.premises:
            if premise in index and index[premise] not in units.function and target is not None:
                units.function[index[premise]] = "support"
                units.target[index[premise]] = target
    return units


def _attackers(attack: object) -> list[str]:
    """An attack's attacking ids (format 1.1 allows a list; 1.0 has one id)."""
    attackers = getattr(attack, "attackers", None)
    if attackers is not None:
        return list(attackers)
    value = attack.from_  # type: ignore[attr-defined]
    return list(value) if isinstance(value, list) else [value]


# --- Microtext -----------------------------------------------------------------------------------------------


@dataclass
class Scores:
    """Sums over texts for one system, turned into the measures by :meth:`measures`."""

    unit_tp: int = 0
    unit_predicted: int = 0
    unit_gold: int = 0
    texts: int = 0
    central_hits: int = 0
    central: list[tuple[str, str]] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    functions: list[tuple[str, str]] = field(default_factory=list)
    functions3: list[tuple[str, str]] = field(default_factory=list)
    attachments: list[tuple[str, str]] = field(default_factory=list)

    def measures(self) -> dict[str, float]:
        """The benchmark's measures from the sums."""
        return {
            "unit F1": f1(self.unit_tp, self.unit_predicted, self.unit_gold),
            "central claim accuracy": self.central_hits / self.texts if self.texts else 0.0,
            "central claim F1": macro_f1(self.central, ["cc", "-"]),
            "role F1": macro_f1(self.roles, ["proponent", "opponent"]),
            "function F1": macro_f1(self.functions, ["support", "attack"]),
            "function F1 (with cc)": macro_f1(self.functions3, ["cc", "support", "attack"]),
            "attachment F1": macro_f1(self.attachments, ["yes", "no"]),
        }


def score_structure(scores: Scores, gold: Units, predicted: Units, *, units_given: bool = False) -> None:
    """Add one text's comparison of ``predicted`` against ``gold`` to ``scores``."""
    scores.texts += 1
    if units_given:
        of_gold = list(range(len(gold.spans)))
    else:
        gold_set, mine = set(gold.spans), set(predicted.spans)
        scores.unit_tp += len(gold_set & mine)
        scores.unit_predicted += len(mine)
        scores.unit_gold += len(gold_set)
        of_gold = [best(span, predicted.spans) for span in gold.spans]  # type: ignore[misc]
    # a predicted unit stands for the gold unit it overlaps most
    to_gold = [best(span, gold.spans) for span in predicted.spans]
    gold_central = next(iter(gold.central), None)
    predicted_central = {to_gold[c] for c in predicted.central}
    scores.central_hits += gold_central in predicted_central
    for g in range(len(gold.spans)):
        p = of_gold[g]
        scores.central.append(("cc" if g in gold.central else "-", "cc" if g in predicted_central else "-"))
        scores.roles.append((gold.roles[g], predicted.roles[p] if p is not None else "proponent"))
        if g not in gold.central and g in gold.function:
            scores.functions.append((gold.function[g], predicted.function.get(p, "support")
                                     if p is not None else "support"))
        gold_function = "cc" if g in gold.central else gold.function.get(g, "support")
        predicted_function = "cc" if g in predicted_central else (
            predicted.function.get(p, "support") if p is not None else "support")
        scores.functions3.append((gold_function, predicted_function))
        points_at = to_gold[predicted.target[p]] if p is not None and p in predicted.target else None
        for h in range(len(gold.spans)):
            if h != g:
                scores.attachments.append(("yes" if gold.target.get(g) == h else "no",
                                           "yes" if points_at == h else "no"))


def baseline_units(gold: Units) -> Units:
    """The trivial baseline on the gold units: the first is the central claim, every other one a
    proponent's support of it."""
    count = len(gold.spans)
    return Units(list(gold.spans), ["proponent"] * count, {0} if count else set(),
                 dict.fromkeys(range(1, count), "support"), dict.fromkeys(range(1, count), 0))


def sentence_units(text: str) -> list[Span]:
    """One unit per sentence (the segmentation baseline)."""
    return [trim(text, (s.start, s.end)) for s in split_document(text).sentences]


def microtext(language: str, folder: Path) -> dict[str, dict[str, float]]:
    """Draft every text of one language of the Microtext corpus and score it with the baselines."""
    from argmap.io import microtext as reader

    mine, trivial, unseen = Scores(), Scores(), Scores()
    sentences_tp = sentences_predicted = sentences_gold = 0
    for number, xml in enumerate(sorted((folder / language).glob("*.xml"))):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gold_map = reader.load(xml)
        text = xml.with_suffix(".txt").read_text(encoding="utf-8").strip()
        gold = read_units(gold_map, text)
        roots = [i for i in range(len(gold.spans)) if i not in gold.function]
        gold.central = set(roots[:1])
        drafted = draft(text, lang=language)
        score_structure(mine, gold, read_units(drafted, text))
        if language != "en" or number >= SEEN:
            score_structure(unseen, gold, read_units(drafted, text))
        score_structure(trivial, gold, baseline_units(gold), units_given=True)
        baseline = set(sentence_units(text))
        sentences_tp += len(baseline & set(gold.spans))
        sentences_predicted += len(baseline)
        sentences_gold += len(gold.spans)
    base = trivial.measures()
    base["unit F1"] = f1(sentences_tp, sentences_predicted, sentences_gold)
    return {"draft": mine.measures(), "baseline": base, "unseen": unseen.measures(),
            "texts": {"count": float(mine.texts), "unseen": float(unseen.texts)}}


# --- Chinese: CRC hotel reviews -----------------------------------------------------------------------------


def crc_reviews(folder: Path) -> list[tuple[str, list[tuple[Span, str]]]]:
    """Each review's text and its gold components ``(span, MajorClaim|Claim|Premise)``."""
    reviews: list[tuple[str, list[tuple[Span, str]]]] = []
    for path in sorted(folder.glob("*_crc.zh")):
        tokens: list[tuple[str, str]] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            if line.strip():
                token, _, label = line.partition("\t")
                tokens.append((token, label.strip()))
                continue
            if not tokens:
                continue
            text, components, position = "", [], 0
            current: tuple[int, str] | None = None
            for token, label in tokens:
                if current and not label.startswith("I-"):
                    components.append(((current[0], position), current[1]))
                    current = None
                if label.startswith("B-"):
                    current = (position, label[2:])
                text += token
                position += len(token)
            if current:
                components.append(((current[0], position), current[1]))
            reviews.append((text, [(trim(text, span), kind) for span, kind in components]))
            tokens = []
    return reviews


def crc(folder: Path) -> dict[str, dict[str, float]]:
    """Unit, claim/premise and major-claim scores of the draft and the baselines on the CRC reviews."""
    systems = {name: {"tp": 0, "predicted": 0, "gold": 0, "labels": [], "major": 0, "with_major": 0}
               for name in ("draft", "baseline")}
    for text, components in crc_reviews(folder):
        gold_spans = [span for span, _ in components]
        drafted = draft(text, lang="zh-Hans")
        units = read_units(drafted, text)
        # CRC's scheme is MajorClaim <- Claim <- Premise: a unit supporting anything but the central claim
        # is a premise, the rest are claims
        premises = {i for i, kind in units.function.items()
                    if kind == "support" and units.target[i] not in units.central}
        predictions = {
            "draft": (units.spans, ["Premise" if i in premises else "Claim" for i in range(len(units.spans))],
                      units.central),
            "baseline": (sentence_units(text), None, {0}),
        }
        majors = [span for span, kind in components if kind == "MajorClaim"]
        for name, (spans, labels, central) in predictions.items():
            sums = systems[name]
            sums["tp"] += len(set(spans) & set(gold_spans))
            sums["predicted"] += len(spans)
            sums["gold"] += len(gold_spans)
            for span, kind in components:
                at = best(span, spans)
                predicted = labels[at] if labels is not None and at is not None else "Claim"
                sums["labels"].append(("Premise" if kind == "Premise" else "Claim", predicted))
            if majors:
                sums["with_major"] += 1
                # the chosen unit stands for the gold component it overlaps most
                chosen = [best(spans[c], gold_spans) for c in central if c < len(spans)]
                sums["major"] += any(at is not None and components[at][1] == "MajorClaim" for at in chosen)
    return {name: {"unit F1": f1(s["tp"], s["predicted"], s["gold"]),
                   "claim/premise F1": macro_f1(s["labels"], ["Claim", "Premise"]),
                   "major claim accuracy": s["major"] / s["with_major"] if s["with_major"] else 0.0}
            for name, s in systems.items()}


# --- Chinese: the flagship essay -----------------------------------------------------------------------------


def flagship_baseline(essay: str) -> ArgumentMap:
    """The trivial draft: a statement per sentence, each supporting the first; every word jieba tags
    as an idiom and every short quoted phrase an analogy for its sentence (the rules drafts used
    before idioms had to be used as figures)."""
    from argmap.text.segment import segment_spans, to_simplified, word_tags

    tags = word_tags()
    simplified = to_simplified(essay)
    sentences = split_document(essay).sentences
    statements = [{"id": f"s{k}", "text": essay[x.start:x.end], "quote": essay[x.start:x.end]}
                  for k, x in enumerate(sentences)]
    arguments = [{"id": f"a{k}", "premises": [f"s{k}"], "conclusion": "s0"} for k in range(1, len(sentences))]
    analogies = []
    for k, sentence in enumerate(sentences):
        quote = essay[sentence.start:sentence.end]
        figures = [essay[a:b] for a, b in segment_spans(quote)
                   if b - a >= 4 and tags.get(simplified[sentence.start + a:sentence.start + b]) == "i"]
        figures += [m.group(1) for m in re.finditer(r"[“「『\"]([^“”「」『』\"\n]{2,12})[”」』\"]", quote)]
        for figure in figures:
            analogies.append({"id": f"an{len(analogies)}", "figure": "metaphor", "text": quote, "source": figure,
                              "target": "?", "quote": quote})
            arguments.append({"id": f"b{len(analogies)}", "premises": [analogies[-1]["id"]], "conclusion": f"s{k}"})
    return ArgumentMap.model_validate({"statements": statements, "analogies": analogies, "arguments": arguments})


def flagship() -> dict[str, dict[str, float]]:
    """The draft of the flagship essay, and the trivial draft, against the hand-built flagship map."""
    essay = (ROOT / "examples" / "deepseek" / "essay.txt").read_text(encoding="utf-8")
    return {"draft": flagship_scores(essay, draft(essay)), "baseline": flagship_scores(essay, flagship_baseline(essay))}


def flagship_scores(essay: str, drafted: ArgumentMap) -> dict[str, float]:
    """A drafted map of the flagship essay against the hand-built flagship map."""
    gold = argmap.load(ROOT / "examples" / "deepseek" / "map.yaml")

    def where(quote: str | None) -> list[Span]:
        found = find_quote(essay, quote) if quote else None
        return found[1] if found else []

    gold_analogies = [(a, where(a.quote)) for a in gold.analogies]
    mine = [(a, where(a.quote)) for a in drafted.analogies]

    def same(ours: tuple[object, list[Span]], theirs: tuple[object, list[Span]]) -> bool:
        a, a_spans = ours
        b, b_spans = theirs
        named = a.source in b.source or b.source in a.source  # type: ignore[attr-defined]
        return named or any(overlap(x, y) for x in a_spans for y in b_spans)

    correct = sum(1 for ours in mine if any(same(ours, theirs) for theirs in gold_analogies))
    found = sum(1 for theirs in gold_analogies if any(same(ours, theirs) for ours in mine))
    drafted_spans = {s.id: where(s.quote) for s in drafted.statements}
    drafted_spans.update({a.id: where(a.quote) for a in drafted.analogies})
    gold_spans = {n.id: where(n.quote) for n in [*gold.statements, *gold.analogies]}
    quoted = [spans for n, spans in gold_spans.items() if spans and any(s.id == n for s in gold.statements)]
    every_drafted = [span for spans in drafted_spans.values() for span in spans]
    statements_hit = sum(1 for spans in quoted if any(overlap(x, y) for x in spans for y in every_drafted))
    # the usual relaxed match: the spans share at least half of each
    matched = sum(1 for spans in quoted if any(2 * overlap(x, y) >= max(x[1] - x[0], y[1] - y[0])
                                               for x in spans for y in every_drafted))

    def covers(node: str, ours: str) -> bool:
        return any(overlap(x, y) for x in gold_spans.get(node, []) for y in drafted_spans.get(ours, []))

    arguments_hit = sum(
        1 for g in gold.arguments
        if any(covers(g.conclusion, d.conclusion) and any(covers(p, q) for p in g.premises for q in d.premises)
               for d in drafted.arguments))
    return {"analogy precision": correct / len(mine) if mine else 0.0,
            "analogy recall": found / len(gold_analogies) if gold_analogies else 0.0,
            "drafted analogies": float(len(mine)), "flagship analogies": float(len(gold_analogies)),
            "statements quoted": statements_hit / len(quoted) if quoted else 0.0,
            "statements matched": matched / len(quoted) if quoted else 0.0,
            "arguments found": arguments_hit / len(gold.arguments) if gold.arguments else 0.0}


# --- report --------------------------------------------------------------------------------------------------


COUNTS = ("drafted analogies", "flagship analogies")


def run() -> dict[str, dict[str, dict[str, float]] | dict[str, float]]:
    """Every measure of the benchmark (the Chinese ones only when their corpora are present)."""
    results: dict[str, dict[str, dict[str, float]] | dict[str, float]] = {}
    folder = corpora()
    if folder is not None:
        micro = folder / "arg-microtexts-part1" / "corpus"
        for language in ("en", "de"):
            if (micro / language).is_dir():
                results[f"microtext-{language}"] = microtext(language, micro)
        if (folder / "zh-crc-hotel-reviews" / "Orig").is_dir():
            results["crc"] = crc(folder / "zh-crc-hotel-reviews" / "Orig")
    results["flagship"] = flagship()
    return results


def table(results: dict[str, dict[str, dict[str, float]] | dict[str, float]]) -> str:
    """The results as Markdown tables."""
    lines = []
    for language in ("en", "de"):
        key = f"microtext-{language}"
        if key not in results:
            continue
        r = results[key]
        lines += [f"Microtext part 1, {'English' if language == 'en' else 'German'} "
                  f"({int(r['texts']['count'])} texts)", "",  # type: ignore[index]
                  f"| measure | trivial baseline | draft | draft, {int(r['texts']['unseen'])} unseen texts "  # type: ignore[index]
                  "| supervised ceiling | gap to ceiling |",
                  "|---|---|---|---|---|---|"]
        for measure, value in r["draft"].items():  # type: ignore[union-attr]
            ceiling = CEILING.get(measure)
            lines.append(f"| {measure} | {r['baseline'][measure]:.3f} | {value:.3f} | "  # type: ignore[index]
                         f"{r['unseen'][measure]:.3f} | "  # type: ignore[index]
                         + (f"{ceiling:.2f} | {ceiling - value:+.3f} |" if ceiling else "– | – |"))
        lines.append("")
    if "crc" in results:
        r = results["crc"]
        lines += ["CRC hotel reviews, Chinese (315 reviews)", "", "| measure | trivial baseline | draft |",
                  "|---|---|---|"]
        for measure, value in r["draft"].items():  # type: ignore[union-attr]
            lines.append(f"| {measure} | {r['baseline'][measure]:.3f} | {value:.3f} |")  # type: ignore[index]
        lines.append("")
    r = results["flagship"]
    lines += ["Flagship essay against the flagship map", "", "| measure | trivial baseline | draft |",
              "|---|---|---|"]
    for measure, value in r["draft"].items():  # type: ignore[union-attr]
        base = r["baseline"][measure]  # type: ignore[index]
        lines.append(f"| {measure} | {base:.3f} | {value:.3f} |" if measure not in COUNTS
                     else f"| {measure} | {base:.0f} | {value:.0f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    started = time.perf_counter()
    if corpora() is None:
        print("note: ../shared/corpora not found (set ARGMAP_CORPORA); only the flagship is measured", file=sys.stderr)
    results = run()
    if "--json" in argv:
        print(json.dumps(results, indent=2))
    else:
        print(table(results))
    print(f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
