"""The map's own expectations (format 1.1 ``expect:``): its intended reading, checked as a regression test."""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.registry import Context, emit, rule
from argmap.errors import Diagnostic

_LABEL = {"IN": "in", "OUT": "out", "UNDEC": "undec"}
_DUNG = ("grounded", "preferred", "stable", "complete")


@rule(
    "AM120",
    "expectation-failed",
    "error",
    "An evaluation of the map disagrees with what its `expect:` block states.",
    why="The block states the map's intended reading (which claims stand, how strongly); when an edit changes "
    "that reading, the map no longer says what its author meant. Either the edit is wrong or the expectation "
    "must be updated on purpose.",
    bad="""expect:
  - semantics: grounded
    status: {thesis: in}    # but an objection nobody answers defeats thesis""",
    good="""expect:
  - semantics: grounded
    status: {thesis: out}   # or answer the objection in the map""",
)
def expectation_failed(context: Context) -> Iterator[Diagnostic]:
    from argmap.errors import MapError

    m = context.map
    if not m.expect:
        return
    known = {node.id for node in m.nodes()}
    for index, expectation in enumerate(m.expect):
        names = [*(expectation.status or {}), *(expectation.score or {})]
        missing = [n for n in names if n not in known]
        for node in missing:
            key = "status" if node in (expectation.status or {}) else "score"
            yield emit("AM120", f"expect[{index}] names '{node}', which the map does not have",
                       ("expect", index, key, node), [], "use the id of a statement, analogy, argument or attack")
        if missing:
            continue
        try:
            actual = _evaluate(context, expectation.semantics)
        except (ValueError, MapError) as exc:
            yield emit("AM120", f"expect[{index}]: the map cannot be evaluated under {expectation.semantics}: {exc}",
                       ("expect", index, "semantics"), [])
            continue
        for node, wanted in (expectation.status or {}).items():
            got = actual.get(node)
            if isinstance(got, str) and got != wanted:
                yield emit("AM120", f"under {expectation.semantics} semantics '{node}' is {got}, but the map "
                           f"expects {wanted}", ("expect", index, "status", node), [node],
                           f"run `argmap eval MAP -s {expectation.semantics}` to see why")
        for node, (low, high) in (expectation.score or {}).items():
            score = actual.get(node)
            if isinstance(score, float) and not low - 1e-9 <= score <= high + 1e-9:
                yield emit("AM120", f"under {expectation.semantics} '{node}' scores {score:.3f}, outside the "
                           f"expected [{low}, {high}]", ("expect", index, "score", node), [node],
                           f"run `argmap eval MAP -s {expectation.semantics}` to see the scores")


def _evaluate(context: Context, semantics: str) -> dict[str, str | float]:
    """Statuses (in/out/undec) or scores of every node under ``semantics``, cached per run."""
    key = f"expect:{semantics}"
    if key not in context._cache:
        m = context.map
        result: dict[str, str | float]
        if semantics in _DUNG:
            from argmap.semantics.evaluate import evaluate

            result = {n.id: _LABEL[n.status] for n in evaluate(m, semantics)}
        elif semantics == "carneades":
            from argmap.semantics.carneades import carneades

            result = {k: _LABEL[v] for k, v in carneades(m).labels.items()}
        else:
            from argmap.semantics.gradual import gradual

            result = dict(gradual(m, semantics).scores)
        context._cache[key] = result
    cached: dict[str, str | float] = context._cache[key]
    return cached
