"""A semantic diff of two maps: what changed in the argument, not in the file.

Nodes are matched first by id, then (for what is left) by the similarity of their texts, so a
statement whose id was renamed and whose words were edited is *reworded*, not removed and
added. Similarity is :class:`difflib.SequenceMatcher`'s ratio over characters after folding
case and white space, which works for Chinese (no word boundaries needed) as for English.
Links (premise, conclusion, attack) are compared after the matching, so a renamed node does
not make its links look new. The evaluation is compared too: statuses under a Dung semantics
and scores under a gradual one, for the nodes both versions have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from argmap.model import ArgumentMap

__all__ = ["MapDiff", "Reworded", "diff_maps", "outline"]

_SIMILAR = 0.6  # the least text similarity for two unmatched nodes to count as one, reworded


@dataclass(frozen=True)
class Reworded:
    """A node in both versions whose text (or id) changed."""

    old_id: str
    new_id: str
    old_text: str
    new_text: str
    similarity: float


@dataclass(frozen=True)
class MapDiff:
    """What changed between two maps (see :func:`diff_maps`)."""

    added: list[str] = field(default_factory=list)
    """Ids (in the new map) of nodes it has and the old one does not."""
    removed: list[str] = field(default_factory=list)
    """Ids (in the old map) of nodes the new one no longer has."""
    reworded: list[Reworded] = field(default_factory=list)
    links_added: list[str] = field(default_factory=list)
    """Links of the new map the old one lacks, as text (``p -premise-> a1``), in old ids where matched."""
    links_removed: list[str] = field(default_factory=list)
    status_changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Node (new id) to (old status, new status) under ``semantics``."""
    score_changes: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Node (new id) to (old score, new score) under ``gradual``, where they differ by more than 0.005."""
    semantics: str = "grounded"
    gradual: str | None = "dfquad"

    @property
    def empty(self) -> bool:
        """Whether nothing of the argument changed."""
        return not (self.added or self.removed or self.reworded or self.links_added or self.links_removed
                    or self.status_changes or self.score_changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (``argmap diff --format json``)."""
        return {
            "added": self.added, "removed": self.removed,
            "reworded": [{"old": r.old_id, "new": r.new_id, "old_text": r.old_text, "new_text": r.new_text,
                          "similarity": round(r.similarity, 3)} for r in self.reworded],
            "links_added": self.links_added, "links_removed": self.links_removed,
            "semantics": self.semantics,
            "status_changes": {k: {"old": a, "new": b} for k, (a, b) in self.status_changes.items()},
            "gradual": self.gradual,
            "score_changes": {k: {"old": a, "new": b} for k, (a, b) in self.score_changes.items()},
        }

    def lines(self) -> list[str]:
        """The diff as text, one change a line, ``+`` added, ``-`` removed, ``~`` changed."""
        out = [f"+ {node}" for node in self.added]
        out += [f"- {node}" for node in self.removed]
        for r in self.reworded:
            name = r.new_id if r.old_id == r.new_id else f"{r.old_id} → {r.new_id}"
            out.append(f"~ {name}: {r.old_text!r} → {r.new_text!r} ({r.similarity:.0%} alike)")
        out += [f"+ link {link}" for link in self.links_added]
        out += [f"- link {link}" for link in self.links_removed]
        out += [f"~ {node}: {a} → {b} ({self.semantics})" for node, (a, b) in self.status_changes.items()]
        out += [f"~ {node}: {a:.3f} → {b:.3f} ({self.gradual})" for node, (a, b) in self.score_changes.items()]
        return out


def _texts(m: ArgumentMap) -> dict[str, str]:
    """Each node's text: a proposition's words; an argument or attack by its ends (for matching)."""
    texts = {s.id: s.text for s in m.statements}
    texts.update({a.id: a.text for a in m.analogies})
    texts.update({a.id: f"{' + '.join(a.premises)} => {a.conclusion}" for a in m.arguments})
    texts.update({a.id: f"{' + '.join(a.attackers)} -{a.type}-> {a.to}" for a in m.attacks})
    return texts


def _kinds(m: ArgumentMap) -> dict[str, str]:
    kinds = {s.id: "proposition" for s in m.statements}
    kinds.update({a.id: "proposition" for a in m.analogies})
    kinds.update({a.id: "argument" for a in m.arguments})
    kinds.update({a.id: "attack" for a in m.attacks})
    return kinds


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _links(m: ArgumentMap, rename: dict[str, str]) -> set[str]:
    def r(node: str) -> str:
        return rename.get(node, node)

    links = set()
    for argument in m.arguments:
        for premise in argument.premises:
            links.add(f"{r(premise)} -premise-> {r(argument.id)}")
        links.add(f"{r(argument.id)} -conclusion-> {r(argument.conclusion)}")
    for attack in m.attacks:
        for attacker in attack.attackers:
            links.add(f"{r(attacker)} -{attack.type}-> {r(attack.to)}")
    for statement in m.statements:
        if statement.restates:
            links.add(f"{r(statement.id)} -restates-> {r(statement.restates)}")
    return links


def diff_maps(old: ArgumentMap, new: ArgumentMap, *, semantics: str = "grounded",
              gradual: str | None = "dfquad") -> MapDiff:
    """Compare two maps: nodes added, removed and reworded, links added and removed, evaluation changes.

    Parameters
    ----------
    old, new : ArgumentMap
        Two versions (of any formats, once loaded).
    semantics : str
        The Dung semantics whose statuses are compared.
    gradual : str or None
        The gradual semantics whose scores are compared (None: not compared).

    Examples
    --------
    >>> a = ArgumentMap.model_validate({"argmap": "1", "statements": [{"id": "c", "text": "Phones distract pupils."}]})
    >>> b = ArgumentMap.model_validate({"argmap": "1", "statements": [{"id": "c1", "text": "Phones distract pupils!"}]})
    >>> diff_maps(a, b).lines()
    ["~ c → c1: 'Phones distract pupils.' → 'Phones distract pupils!' (96% alike)"]
    """
    old_texts, new_texts = _texts(old), _texts(new)
    old_kinds, new_kinds = _kinds(old), _kinds(new)
    matched: dict[str, str] = {}  # old id -> new id
    for node in old_texts:
        if node in new_texts and old_kinds[node] == new_kinds[node]:
            matched[node] = node
    # what is left is matched by text, most similar pairs first (propositions only: their words matter)
    left_old = [n for n in old_texts if n not in matched and old_kinds[n] == "proposition"]
    taken = set(matched.values())
    left_new = [n for n in new_texts if n not in taken and new_kinds[n] == "proposition"]
    pairs = []
    for a in left_old:
        for b in left_new:
            ratio = SequenceMatcher(None, _fold(old_texts[a]), _fold(new_texts[b]), autojunk=False).ratio()
            if ratio >= _SIMILAR:
                pairs.append((ratio, a, b))
    used_old: set[str] = set()
    used_new: set[str] = set()
    for _ratio, a, b in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if a not in used_old and b not in used_new:
            matched[a] = b
            used_old.add(a)
            used_new.add(b)
    # arguments and attacks renamed: matched by their ends once the propositions are matched
    to_old = {b: a for a, b in matched.items()}
    for kind in ("argument", "attack"):
        old_ends = {_texts_renamed(old, n, {}): n for n in old_texts if old_kinds[n] == kind and n not in matched}
        for n in new_texts:
            if new_kinds[n] == kind and n not in set(matched.values()):
                key = _texts_renamed(new, n, to_old)
                if key in old_ends and old_ends[key] not in matched:
                    matched[old_ends[key]] = n
    to_old = {b: a for a, b in matched.items()}
    reworded = []
    for a, b in matched.items():
        if old_kinds[a] == "proposition" and (a != b or old_texts[a] != new_texts[b]):
            ratio = SequenceMatcher(None, _fold(old_texts[a]), _fold(new_texts[b]), autojunk=False).ratio()
            reworded.append(Reworded(a, b, old_texts[a], new_texts[b], ratio))
    added = [n for n in new_texts if n not in to_old]
    removed = [n for n in old_texts if n not in matched]
    old_links = _links(old, {})
    new_links = _links(new, to_old)
    statuses: dict[str, tuple[str, str]] = {}
    scores: dict[str, tuple[float, float]] = {}
    from argmap.semantics.evaluate import evaluate

    before = {n.id: n.status for n in evaluate(old, semantics)}
    after = {n.id: n.status for n in evaluate(new, semantics)}
    for a, b in matched.items():
        if a in before and b in after and before[a] != after[b]:
            statuses[b] = (before[a], after[b])
    if gradual is not None:
        from argmap.semantics.gradual import gradual as strengths

        s_old, s_new = strengths(old, gradual).scores, strengths(new, gradual).scores
        for a, b in matched.items():
            if a in s_old and b in s_new and abs(s_old[a] - s_new[b]) > 0.005:
                scores[b] = (s_old[a], s_new[b])
    return MapDiff(added, removed, reworded, sorted(new_links - old_links), sorted(old_links - new_links),
                   statuses, scores, semantics, gradual)


def _texts_renamed(m: ArgumentMap, node: str, rename: dict[str, str]) -> str:
    """An argument's or attack's ends, in the old map's ids: how a renamed one is recognised."""
    def r(x: str) -> str:
        return rename.get(x, x)

    for argument in m.arguments:
        if argument.id == node:
            return f"{' + '.join(sorted(r(p) for p in argument.premises))} => {r(argument.conclusion)}"
    for attack in m.attacks:
        if attack.id == node:
            return f"{' + '.join(sorted(r(a) for a in attack.attackers))} -{attack.type}-> {r(attack.to)}"
    return node


def outline(m: ArgumentMap, semantics: str = "grounded") -> str:
    """A map as plain text, one node a line with its status: what ``git diff`` shows through textconv.

    Statements and analogies (with their status), then arguments (``premises => conclusion``) and
    attacks, each in id order so that moving a node in the file changes nothing.
    """
    from argmap.semantics.evaluate import evaluate

    status = {n.id: n.status for n in evaluate(m, semantics)}
    lines = [f"# {m.title or '(untitled)'} ({semantics})"]
    for s in sorted(m.statements, key=lambda s: s.id):
        extra = f" (restates {s.restates})" if s.restates else ""
        lines.append(f"{status.get(s.id, '?'):<5} {s.id}: {' '.join(s.text.split())}{extra}")
    for a in sorted(m.analogies, key=lambda a: a.id):
        lines.append(f"{status.get(a.id, '?'):<5} {a.id}: {' '.join(a.text.split())}")
    for arg in sorted(m.arguments, key=lambda a: a.id):
        lines.append(f"{status.get(arg.id, '?'):<5} {arg.id}: {' + '.join(arg.premises)} => {arg.conclusion}")
    for attack in sorted(m.attacks, key=lambda a: a.id):
        lines.append(f"{'':<5} {attack.id}: {' + '.join(attack.attackers)} -{attack.type}-> {attack.to}")
    return "\n".join(lines) + "\n"
