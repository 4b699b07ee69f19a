"""Map-wide structural checks: unique ids and references that resolve to the right kind of node.

These checks need the whole map at once, so they are not part of the per-object models.
They run on the map's plain data (as parsed from YAML/JSON, or dumped from a model) and
tolerate malformed parts, so that a file with both a typo'd key and a dangling reference
gets both reported in one go.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from argmap.errors import Diagnostic, Location, MapPath

__all__ = ["COLLECTIONS", "check_integrity"]

COLLECTIONS: dict[str, str] = {
    "sections": "section",
    "statements": "statement",
    "analogies": "analogy",
    "arguments": "argument",
    "attacks": "attack",
}
"""The map's node collections and the kind of node each holds."""

_PROPOSITION = ("statement", "analogy")
_MAX_SUGGESTIONS = 50  # suggesting a near id costs a scan of all ids; do it for the first few only


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _kinds_phrase(kinds: Iterable[str]) -> str:
    return " or ".join(kinds)


class _Checker:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.kind_of: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []
        self._suggested = 0

    def report(self, code: str, message: str, path: MapPath, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, Location(path=path), hint))

    def items(self, collection: str) -> list[tuple[int, dict[str, Any]]]:
        items = self.data.get(collection)
        if not isinstance(items, list):
            return []
        # plain dict check: parsed data is made of dicts, and Mapping's ABC check is slow at 100k items
        return [(index, item) for index, item in enumerate(items) if type(item) is dict or isinstance(item, dict)]

    def collect_ids(self) -> None:
        first_at: dict[str, MapPath] = {}
        kind_of = self.kind_of
        for collection, kind in COLLECTIONS.items():
            for index, item in self.items(collection):
                node_id = item.get("id")
                if type(node_id) is not str:
                    continue
                if node_id in kind_of:
                    where = first_at[node_id]
                    self.report(
                        "AM020",
                        f"duplicate id '{node_id}' (already used by {where[0]}[{where[1]}])",
                        (collection, index, "id"),
                        hint="ids must be unique across sections, statements, analogies, arguments and attacks; "
                        "rename one of them",
                    )
                else:
                    kind_of[node_id] = kind
                    first_at[node_id] = (collection, index)

    def reference(self, value: Any, path: MapPath, allowed: tuple[str, ...], role: str,
                  wrong_kind_hint: str | None = None) -> None:
        kind = self.kind_of.get(value) if type(value) is str else None
        if kind in allowed:
            return
        if not isinstance(value, str):
            return  # wrong types are reported by the models
        if kind is None:
            self.report("AM021", f"{role} '{value}' does not exist", path, self._suggest(value, allowed))
        elif kind not in allowed:
            self.report(
                "AM022",
                f"{role} '{value}' is {_article(kind)} {kind}, but must be {_article(allowed[0])} "
                f"{_kinds_phrase(allowed)}",
                path,
                wrong_kind_hint,
            )

    def _suggest(self, value: str, allowed: tuple[str, ...]) -> str:
        base = f"define {_article(allowed[0])} {_kinds_phrase(allowed)} with id '{value}', or fix the reference"
        if self._suggested >= _MAX_SUGGESTIONS:
            return base
        self._suggested += 1
        candidates = [node_id for node_id, kind in self.kind_of.items() if kind in allowed]
        close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
        return f"did you mean '{close[0]}'?" if close else base

    def check_references(self) -> None:
        for collection in ("statements", "analogies", "arguments", "attacks"):
            for index, item in self.items(collection):
                section = item.get("section")
                if section is not None:
                    self.reference(section, (collection, index, "section"), ("section",), "section")
        for index, item in self.items("arguments"):
            premises = item.get("premises")
            if isinstance(premises, list):
                seen: set[Any] = set()
                for position, premise in enumerate(premises):
                    if isinstance(premise, str) and premise in seen:
                        self.report("AM024", f"premise '{premise}' is listed twice",
                                    ("arguments", index, "premises", position),
                                    "list each premise once; a premise cannot support a conclusion twice over")
                        continue
                    seen.add(premise)
                    self.reference(premise, ("arguments", index, "premises", position), _PROPOSITION, "premise",
                                   "premises are statements or analogies; to chain arguments, "
                                   "use the other argument's conclusion as the premise")
            self.reference(item.get("conclusion"), ("arguments", index, "conclusion"), _PROPOSITION,
                           "conclusion")
        for index, item in self.items("attacks"):
            self.reference(item.get("from"), ("attacks", index, "from"), _PROPOSITION, "attacker")
            attack_type = item.get("type", "rebut")
            if attack_type == "undercut":
                self.reference(item.get("to"), ("attacks", index, "to"), ("argument", "attack"),
                               "undercut target",
                               "an undercut attacks an inference, so `to` names an argument (or an attack); "
                               "to attack a statement use type: rebut or undermine")
            elif attack_type in ("rebut", "undermine"):
                self.reference(item.get("to"), ("attacks", index, "to"), _PROPOSITION, f"{attack_type} target",
                               "rebuttals and underminers attack statements or analogies; "
                               "to attack an argument's inference use type: undercut")
        conclusions = self.data.get("main_conclusions")
        if isinstance(conclusions, list):
            for position, value in enumerate(conclusions):
                self.reference(value, ("main_conclusions", position), _PROPOSITION, "main conclusion")


def check_integrity(data: Mapping[str, Any]) -> list[Diagnostic]:
    """Check a map's plain data for duplicate ids and unresolved or mistyped references.

    Parameters
    ----------
    data : mapping
        The map as plain data (e.g. parsed YAML/JSON, or ``map.model_dump(by_alias=True)``).

    Returns
    -------
    list of Diagnostic
        One per problem (codes ``AM020``-``AM024``), with map paths but no file positions;
        empty when the map's references are sound.

    Examples
    --------
    >>> data = {"statements": [{"id": "c", "text": "C"}],
    ...         "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]}
    >>> [d.code for d in check_integrity(data)]
    ['AM021']
    """
    checker = _Checker(data)
    checker.collect_ids()
    checker.check_references()
    return checker.diagnostics
