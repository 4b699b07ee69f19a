"""Which statements of a map stand: the map as a Dung framework, evaluated and explained.

The map is first translated into a framework by :mod:`argmap.semantics.translate` (its module
documentation, and ``docs/semantics.md`` with a worked example, give the translation); this
module labels that framework and reads the labelling back in map terms.

:func:`evaluate` computes the labelling(s) of that framework and reads them back in the map's
terms: each statement, analogy and argument gets a status (``IN`` stands, ``OUT`` defeated,
``UNDEC`` undecided) and a :class:`Reason` tree saying why -- for something defeated, the
attacking chain down to the arguments that defeat it and what those stand on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from argmap._perf import gc_paused
from argmap.integrity import ensure_sound
from argmap.model import ArgumentMap
from argmap.semantics.explain import LABELS as _LABELS
from argmap.semantics.explain import Explainer, Reason
from argmap.semantics.framework import ArgumentationFramework, Label
from argmap.semantics.solve import CODE_IN as _IN
from argmap.semantics.solve import CODE_OUT as _OUT
from argmap.semantics.solve import CODE_UNDEC as _UNDEC
from argmap.semantics.solve import Semantics, extension_indices, grounded_codes, semantics_name
from argmap.semantics.translate import (
    NOT_PREFIX,
    UNFOUNDED_PREFIX,
    UNSUPPORTED_PREFIX,
    MapFramework,
    NodeKind,
    to_framework,
)

__all__ = [
    "NOT_PREFIX",
    "UNFOUNDED_PREFIX",
    "UNSUPPORTED_PREFIX",
    "Evaluation",
    "MapFramework",
    "NodeKind",
    "NodeStatus",
    "Reason",
    "evaluate",
    "to_framework",
]


@dataclass(frozen=True)
class NodeStatus:
    """The status of one statement, analogy or argument; :attr:`why` explains it (built on first use)."""

    id: str
    kind: NodeKind
    status: Label
    accepted_in: int
    """In how many of the semantics' extensions the node stands."""
    explain: Callable[[], Reason] = field(repr=False, compare=False)

    @cached_property
    def why(self) -> Reason:
        """Why the node has its status: a :class:`Reason` tree."""
        return self.explain()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {"id": self.id, "kind": self.kind, "status": self.status, "accepted_in": self.accepted_in,
                "why": self.why.to_dict()}


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`: a status and a reason for every node of the map.

    The nodes are the statements, analogies and arguments, then the attacks that are
    themselves attacked (kind ``attack``; IN means the attack keeps its force).

    With one extension (grounded, or a map whose preferred/stable extension is unique) the
    status is the node's label in it. With several, a node is IN when it stands in every
    extension (sceptically accepted), OUT when it is defeated in every one, and UNDEC
    otherwise (``accepted_in`` says in how many it stands). With none (stable semantics
    only), every node is UNDEC.
    """

    semantics: Semantics
    extensions: int
    nodes: dict[str, NodeStatus]
    framework: MapFramework = field(repr=False)

    def __getitem__(self, node: str) -> NodeStatus:
        return self.nodes[node]

    def __iter__(self) -> Iterator[NodeStatus]:
        return iter(self.nodes.values())

    def status(self, node: str) -> Label:
        """The status of one node."""
        return self.nodes[node].status

    def standing(self) -> list[str]:
        """The ids of the nodes that stand (IN), in map order."""
        return [node.id for node in self.nodes.values() if node.status == "IN"]

    def counts(self) -> dict[Label, int]:
        """How many nodes are IN, OUT and UNDEC."""
        result: dict[Label, int] = {"IN": 0, "OUT": 0, "UNDEC": 0}
        for node in self.nodes.values():
            result[node.status] += 1
        return result

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the ``--format json`` output of ``argmap eval``)."""
        return {"semantics": self.semantics, "extensions": self.extensions, "counts": self.counts(),
                "nodes": [node.to_dict() for node in self.nodes.values()]}



# --- evaluation ---------------------------------------------------------------------------------


def evaluate(map: ArgumentMap, semantics: Semantics | str = "grounded", *, max_extensions: int = 1000,
             max_depth: int = 12, max_reasons: int = 200) -> Evaluation:
    """Which statements, analogies and arguments of a map stand, and why.

    Parameters
    ----------
    map : ArgumentMap
    semantics : {"grounded", "preferred", "stable", "complete"}
        Grounded (the default) accepts only what must be accepted and explains it along
        well-founded chains; the others may give several extensions (see :class:`Evaluation`).
    max_extensions : int
        Refuse maps with more extensions than this under the chosen semantics.
    max_depth, max_reasons : int
        Bounds on each explanation tree: depth (1 to 100) and number of reasons. Explanations
        are built when first asked for (:attr:`NodeStatus.why`), so evaluating a large map
        costs little more than its labelling.

    Returns
    -------
    Evaluation

    Raises
    ------
    MapError
        When the map has structural errors (e.g. a premise naming no node), as
        :func:`argmap.validate` reports them.
    ValueError
        For an unknown semantics, ``max_depth`` out of range, or more than ``max_extensions``
        extensions.

    Examples
    --------
    >>> m = ArgumentMap.model_validate({"argmap": "1",
    ...     "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}, {"id": "x", "text": "X"}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}],
    ...     "attacks": [{"id": "k", "from": "x", "to": "p", "type": "undermine"}]})
    >>> result = evaluate(m)
    >>> result.status("c"), result.standing()
    ('OUT', ['x'])
    >>> for line in result["c"].why.lines():
    ...     print(line)
    c is defeated: none of its arguments holds (a)
      a fails: its premise p does not stand
        p is defeated: undermined by x (k), which stands
          x stands: an assumption nothing defeats
    """
    ensure_sound(map, "evaluate")
    name = semantics_name(semantics)
    if not 1 <= max_depth <= 100:
        raise ValueError(f"max_depth must be between 1 and 100, got {max_depth}")
    with gc_paused():
        return _with_restatements(map, _evaluate(map, name, max_extensions, max_depth, max_reasons))


def _with_restatements(map: ArgumentMap, result: Evaluation) -> Evaluation:
    """Give each restating statement its original's status, and list the nodes in map order."""
    originals = result.framework.restates
    if not originals:
        return result
    nodes: dict[str, NodeStatus] = {}
    for statement in map.statements:
        root = originals.get(statement.id)
        if root is None:
            nodes[statement.id] = result.nodes[statement.id]
            continue
        shared = result.nodes[root]
        nodes[statement.id] = NodeStatus(statement.id, "statement", shared.status, shared.accepted_in,
                                         partial(_restated, statement.id, shared))
    for node, status in result.nodes.items():
        nodes.setdefault(node, status)
    return Evaluation(result.semantics, result.extensions, nodes, result.framework)


def _restated(node: str, original: NodeStatus) -> Reason:
    return Reason(node, "statement", original.status, "restatement", (), (original.why,), original.id)


def _evaluate(map: ArgumentMap, name: Semantics, max_extensions: int, max_depth: int,
              max_reasons: int) -> Evaluation:
    mf = to_framework(map)
    af = mf.framework
    nodes_in_order = list(mf.kinds)
    statuses: dict[str, NodeStatus] = {}
    if name == "grounded":
        codes, rank = grounded_codes(af, ranks=True)
        assert rank is not None
        code_of = dict(zip(af.arguments, codes, strict=True))
        explainer = Explainer(mf, code_of, dict(zip(af.arguments, rank, strict=True)), max_depth, max_reasons)
        for node in nodes_in_order:
            code = code_of[node]
            statuses[node] = NodeStatus(node, mf.kinds[node], _LABELS[code], int(code == _IN),
                                        partial(explainer.explain, node))
        return Evaluation(name, 1, statuses, mf)
    labellings: list[dict[str, int]] = []
    for extension in extension_indices(af, name):
        if len(labellings) >= max_extensions:
            raise ValueError(f"the map has more than {max_extensions} {name} extensions; "
                             "use grounded semantics or raise max_extensions")
        labellings.append(_codes_of(af, extension))
    if not labellings:
        detail = f"there is no {name} extension"
        for node in nodes_in_order:
            kind = mf.kinds[node]
            reason = Reason(node, kind, "UNDEC", "no-extension", detail=detail)
            statuses[node] = NodeStatus(node, kind, "UNDEC", 0, partial(_given, reason))
        return Evaluation(name, 0, statuses, mf)
    explainers = [Explainer(mf, codes_, None, max_depth, max_reasons) for codes_ in labellings]
    total = len(labellings)
    for node in nodes_in_order:
        kind = mf.kinds[node]
        labels = [codes_[node] for codes_ in labellings]
        accepted = labels.count(_IN)
        if all(label == labels[0] for label in labels):
            statuses[node] = NodeStatus(node, kind, _LABELS[labels[0]], accepted,
                                        partial(explainers[0].explain, node))
            continue
        where = labels.index(_OUT) if _OUT in labels else labels.index(_UNDEC)
        detail = f"it stands in {accepted} of {total} {name} extensions; in extension {where + 1}:"
        statuses[node] = NodeStatus(node, kind, "UNDEC", accepted,
                                    partial(_contested, explainers[where], node, kind, detail))
    return Evaluation(name, total, statuses, mf)


def _given(reason: Reason) -> Reason:
    return reason


def _contested(explainer: Explainer, node: str, kind: NodeKind, detail: str) -> Reason:
    return Reason(node, kind, "UNDEC", "contested", (), (explainer.explain(node),), detail)


def _codes_of(af: ArgumentationFramework, extension: list[int]) -> dict[str, int]:
    """The label codes of every argument in an extension's labelling."""
    ptr, idx = af.out_adjacency()
    codes = bytearray(af.number_of_arguments)
    for i in extension:
        for j in idx[ptr[i]:ptr[i + 1]]:
            codes[j] = _OUT
    for i in extension:
        codes[i] = _IN
    return dict(zip(af.arguments, codes, strict=True))
