"""Map-wide structural checks: unique ids and references that resolve to the right kind of node.

These checks need the whole map at once, so they are not part of the per-object models.
They run on the map's plain data (as parsed from YAML/JSON) or on an :class:`ArgumentMap` in
memory, and tolerate malformed parts, so that a file with both a typo'd key and a dangling
reference gets both reported in one go.

:func:`check_map` is what every consumer of an in-memory map calls before trusting its
references (``to_networkx``, ``evaluate``, ``render``, ``dump``): a map edited in Python
(``m.arguments.append(...)``) is checked exactly as a file would be.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

from argmap._perf import gc_paused
from argmap.errors import Diagnostic, Location, MapError, MapPath
from argmap.model import ArgumentMap, diagnostics_from_validation_error

__all__ = ["COLLECTIONS", "check_integrity", "check_map", "ensure_sound"]

COLLECTIONS: dict[str, str] = {
    "sections": "section",
    "statements": "statement",
    "analogies": "analogy",
    "arguments": "argument",
    "attacks": "attack",
}
"""The map's node collections and the kind of node each holds."""

_PROPOSITION = ("statement", "analogy")
_PROPOSITION_SET = frozenset(_PROPOSITION)
_UNDERCUT_TARGETS = ("argument", "attack")
_MAX_SUGGESTIONS = 50  # suggesting a near id costs a scan of all ids; do it for the first few only


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _kinds_phrase(kinds: Iterable[str]) -> str:
    return " or ".join(kinds)


class _Checker:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.kind_of: dict[str, str] = {}
        self.also: dict[str, set[str]] = {}  # an id used twice: the kinds of its later, duplicate nodes
        self.diagnostics: list[Diagnostic] = []
        self._suggested = 0
        self._items: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._first_uses: dict[str, MapPath] | None = None
        self._candidates: dict[tuple[str, ...], list[str]] = {}  # ids of the allowed kinds, for suggestions

    def report(self, code: str, message: str, path: MapPath, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, Location(path=path), hint))

    def items(self, collection: str) -> list[tuple[int, dict[str, Any]]]:
        cached = self._items.get(collection)
        if cached is not None:
            return cached
        items = self.data.get(collection)
        if not isinstance(items, list):
            found: list[tuple[int, dict[str, Any]]] = []
        elif _only(items, dict):  # parsed data is made of plain dicts: checked in bulk, in C
            found = list(enumerate(items))
        else:
            found = [(index, item) for index, item in enumerate(items) if type(item) is dict or isinstance(item, dict)]
        self._items[collection] = found
        return found

    def _first_use(self, node_id: str) -> MapPath:
        if self._first_uses is None:  # built once, at the first duplicate: a map of duplicates stays linear
            self._first_uses = {}
            for collection in COLLECTIONS:
                for index, item in self.items(collection):
                    first = item.get("id")
                    if type(first) is str:
                        self._first_uses.setdefault(first, (collection, index))
        return self._first_uses.get(node_id, ())

    def collect_ids(self) -> None:
        # Only the first use of an id defines it; a later duplicate is reported once (AM020) and
        # its references are still checked against the first, so one mistake gives one error.
        kind_of = self.kind_of
        for collection, kind in COLLECTIONS.items():
            entries = self.items(collection)
            ids = _values(entries, "id")
            fresh = dict.fromkeys(ids, kind) if _only(ids, str) else {i: kind for i in ids if type(i) is str}
            if len(fresh) == len(ids) and kind_of.keys().isdisjoint(fresh):
                kind_of.update(fresh)  # the common case: every id new and a string, checked in bulk
                continue
            claimed: set[str] = set()
            for index, item in entries:
                node_id = item.get("id")
                if type(node_id) is not str:
                    continue
                if node_id in kind_of or node_id in claimed:
                    self.also.setdefault(node_id, set()).add(kind)
                    where = self._first_use(node_id)
                    self.report(
                        "AM020",
                        f"duplicate id '{node_id}' (already used by {where[0]}[{where[1]}])",
                        (collection, index, "id"),
                        hint="ids must be unique across sections, statements, analogies, arguments and attacks; "
                        "rename one of them",
                    )
                else:
                    claimed.add(node_id)
            kind_of.update((node_id, kind) for node_id in ids if type(node_id) is str and node_id in claimed)

    def reference(self, value: Any, path: MapPath, allowed: tuple[str, ...], role: str,
                  wrong_kind_hint: str | None = None, owner: str | None = None) -> None:
        kind = self.kind_of.get(value) if type(value) is str else None
        if kind in allowed:
            return
        if not isinstance(value, str):
            return  # wrong types are reported by the models
        if self.also and not self.also.get(value, set()).isdisjoint(allowed):
            return  # a duplicate id (AM020) of the right kind: one mistake, reported once
        if kind is None:
            self.report("AM021", f"{role} '{value}' does not exist", path, self._suggest(value, allowed))
        elif kind not in allowed:
            self.report(
                "AM022",
                f"{owner + ': ' if owner else ''}{role} '{value}' is {_article(kind)} {kind}, but must be "
                f"{_article(allowed[0])} {_kinds_phrase(allowed)}",
                path,
                wrong_kind_hint,
            )

    def _suggest(self, value: str, allowed: tuple[str, ...]) -> str:
        base = f"define {_article(allowed[0])} {_kinds_phrase(allowed)} with id '{value}', or fix the reference"
        if self._suggested >= _MAX_SUGGESTIONS:
            return base
        self._suggested += 1
        candidates = self._candidates.get(allowed)
        if candidates is None:
            candidates = [node_id for node_id, kind in self.kind_of.items() if kind in allowed]
            self._candidates[allowed] = candidates
        # RapidFuzz's ratio is difflib's (2 * matches / total length) in C++: a suggestion among
        # 100,000 ids takes milliseconds, where difflib took a fifth of a second.
        from rapidfuzz import fuzz, process

        close = process.extractOne(value, candidates, scorer=fuzz.ratio, score_cutoff=60)
        return f"did you mean '{close[0]}'?" if close else base

    def sound(self, ids: Any) -> bool:
        """Whether a list of ids names distinct propositions: the common case, checked without a call per id."""
        kind_of = self.kind_of
        return (type(ids) is list and all(type(i) is str and kind_of.get(i) in _PROPOSITION for i in ids)
                and len(set(ids)) == len(ids))

    def check_references(self) -> None:
        # Hot path (100k-node maps): a reference that resolves to the right kind costs one dict lookup;
        # only the others go through `reference`, which builds the message and the hint.
        kind_of = self.kind_of
        for collection in ("statements", "analogies", "arguments", "attacks"):
            entries = self.items(collection)
            named = _values(entries, "section")
            if set(map(type, named)) <= {str, type(None)}:  # a map has a few sections: each checked once
                sections = set(named)
                sections.discard(None)
                if all(kind_of.get(section) == "section" for section in sections):
                    continue
            for index, item in entries:
                section = item.get("section")
                if section is not None and not (type(section) is str and kind_of.get(section) == "section"):
                    self.reference(section, (collection, index, "section"), ("section",), "section")
        arguments = self.items("arguments")
        if not self._arguments_sound(arguments):
            self._check_arguments(arguments)
        self._check_attacks()
        self.check_restatements()
        conclusions = self.data.get("main_conclusions")
        if isinstance(conclusions, list):
            for position, value in enumerate(conclusions):
                self.reference(value, ("main_conclusions", position), _PROPOSITION, "main conclusion")

    def _arguments_sound(self, entries: list[tuple[int, dict[str, Any]]]) -> bool:
        """Whether every argument's premises and conclusion resolve, each premise listed once.

        The common case, checked in bulk with C-level ``map``/``set`` over all arguments at once
        (a 100k-argument map costs milliseconds); any doubt sends the caller to the per-argument
        checks, which say exactly what is wrong and where.
        """
        premises = _values(entries, "premises")
        conclusions = _values(entries, "conclusion")
        if not (_only(premises, list) and _only(conclusions, str)):
            return False
        flat = list(chain.from_iterable(premises))
        if not _only(flat, str):  # (before any lookup: a list in a list, [[a]], cannot be hashed)
            return False
        kinds = set(map(self.kind_of.get, chain(flat, conclusions)))
        return kinds <= _PROPOSITION_SET and sum(map(len, map(set, premises))) == len(flat)

    def _check_arguments(self, entries: list[tuple[int, dict[str, Any]]]) -> None:
        kind_of = self.kind_of
        for index, item in entries:
            premises = item.get("premises")
            conclusion = item.get("conclusion")
            if self.sound(premises) and type(conclusion) is str and kind_of.get(conclusion) in _PROPOSITION:
                continue
            if isinstance(premises, list):
                self.id_list(premises, ("arguments", index, "premises"), "premise", "AM024",
                             "list each premise once; a premise cannot support a conclusion twice over",
                             "premises are statements or analogies; to chain arguments, "
                             "use the other argument's conclusion as the premise", _owner("argument", item))
            self.reference(item.get("conclusion"), ("arguments", index, "conclusion"), _PROPOSITION,
                           "conclusion", None, _owner("argument", item))

    def _check_attacks(self) -> None:
        kind_of = self.kind_of
        for index, item in self.items("attacks"):
            attackers = item.get("from")
            target = item.get("to")
            attack_type = item.get("type", "rebut")
            if ((self.sound(attackers) or (type(attackers) is str and kind_of.get(attackers) in _PROPOSITION))
                    and type(target) is str and type(attack_type) is str
                    and kind_of.get(target) in (_UNDERCUT_TARGETS if attack_type == "undercut" else _PROPOSITION)):
                continue
            if isinstance(attackers, list):
                self.id_list(attackers, ("attacks", index, "from"), "attacker", "AM025",
                             f"list each attacker of the joint attack '{item.get('id')}' once",
                             self._attacker_hint(item), _owner("attack", item))
            else:
                self.reference(attackers, ("attacks", index, "from"), _PROPOSITION, "attacker",
                               self._attacker_hint(item), _owner("attack", item))
            attack_type = item.get("type", "rebut")
            if attack_type == "undercut":
                self.reference(item.get("to"), ("attacks", index, "to"), ("argument", "attack"),
                               "undercut target",
                               "an undercut attacks an inference, so `to` names an argument (or an attack); "
                               "to attack a statement use type: rebut or undermine", _owner("attack", item))
            elif attack_type in ("rebut", "undermine"):
                self.reference(item.get("to"), ("attacks", index, "to"), _PROPOSITION, f"{attack_type} target",
                               "rebuttals and underminers attack statements or analogies; "
                               "to attack an argument's inference use type: undercut", _owner("attack", item))


    def id_list(self, ids: list[Any], path: MapPath, role: str, repeated_code: str, repeated_hint: str,
                wrong_kind_hint: str, owner: str | None) -> None:
        """Check a list of references (premises, joint attackers): each once, each naming a proposition."""
        seen: set[str] = set()
        for position, value in enumerate(ids):
            if isinstance(value, str) and value in seen:
                self.report(repeated_code, f"{role} '{value}' is listed twice", (*path, position), repeated_hint)
                continue
            if isinstance(value, str):  # a list here ([[a]]) is the model's type error, not ours
                seen.add(value)
            self.reference(value, (*path, position), _PROPOSITION, role, wrong_kind_hint, owner)

    @staticmethod
    def _attacker_hint(item: Mapping[str, Any]) -> str:
        return (f"attack '{item.get('id')}': attackers are statements or analogies; to attack with an argument, "
                "attack from its conclusion")

    def check_restatements(self) -> None:
        restated: dict[str, str] = {}
        where: dict[str, MapPath] = {}
        for collection in ("statements", "analogies"):
            for index, item in self.items(collection):
                target = item.get("restates")
                if target is None:
                    continue
                path: MapPath = (collection, index, "restates")
                if target == item.get("id"):
                    self.report("AM026", f"'{target}' restates itself", path,
                                "`restates` names another statement that says the same in other words")
                    continue
                before = len(self.diagnostics)
                self.reference(target, path, _PROPOSITION, "restated proposition")
                node_id = item.get("id")
                if len(self.diagnostics) == before and type(node_id) is str and type(target) is str:
                    restated[node_id] = target
                    where[node_id] = path
        # A chain of restatements must end: follow each chain once, marking what is done.
        done: set[str] = set()
        for start in restated:
            chain: list[str] = []
            on_chain: set[str] = set()
            node = start
            while node in restated and node not in done and node not in on_chain:
                chain.append(node)
                on_chain.add(node)
                node = restated[node]
            if node in on_chain:
                loop = chain[chain.index(node):]
                self.report("AM026", "restatements form a loop: " + " → ".join([*loop, node]), where[loop[0]],
                            "one statement of the loop is the original: remove its `restates`")
            done.update(chain)


def _only(values: list[Any], kind: type) -> bool:
    """Whether every value is exactly of ``kind`` (one C-level pass; true of an empty list)."""
    return set(map(type, values)) <= {kind}


def _values(entries: list[tuple[int, dict[str, Any]]], key: str) -> list[Any]:
    """The value of ``key`` (or None) in each entry, in one C-level pass."""
    return list(map(dict.get, map(itemgetter(1), entries), repeat(key)))


def _owner(kind: str, item: Mapping[str, Any]) -> str | None:
    node_id = item.get("id")
    return f"{kind} '{node_id}'" if type(node_id) is str else None


_REFERENCE_KEYS = ("id", "section", "premises", "conclusion", "to", "type", "restates")


def _plain(map: ArgumentMap) -> dict[str, Any]:
    """The parts of an in-memory map that the checks read, as plain data (cheap: no dump, no copy).

    A node's own ``__dict__`` holds its fields under their Python names, which are the file's
    names for every field the checks read but an attack's ``from_``: only attacks are copied.
    """
    data: dict[str, Any] = {"main_conclusions": list(map.main_conclusions)}
    for collection in COLLECTIONS:
        items: list[Any] = []
        for node in getattr(map, collection):
            fields = getattr(node, "__dict__", None)
            if not isinstance(fields, dict):
                items.append(node)  # not a model: reported as such by check_map
            elif collection == "attacks":
                item = {key: fields[key] for key in _REFERENCE_KEYS if fields.get(key) is not None}
                if "from_" in fields:
                    item["from"] = fields["from_"]
                items.append(item)
            else:
                items.append(fields)
        data[collection] = items
    return data


def check_map(map: ArgumentMap) -> list[Diagnostic]:
    """Every structural problem of an in-memory map, as a file with the same content would get them.

    Besides the references (:func:`check_integrity`), this finds what Python code can put in a map
    that validation of assignments cannot see: a list element that is not a node of the right
    class (``m.statements.append({...})``) or a node built with ``model_construct``. Diagnostics
    carry map paths such as ``arguments[3].premises[0]`` (there are no lines in memory).

    Examples
    --------
    >>> from argmap.model import Argument, Statement
    >>> m = ArgumentMap(statements=[Statement(id="c", text="C")])
    >>> m.arguments.append(Argument(id="a", premises=["nope"], conclusion="c"))
    >>> [(d.code, d.location.path) for d in check_map(m)]
    [('AM021', ('arguments', 0, 'premises', 0))]
    """
    from argmap.model import Analogy, Argument, Attack, Section, Statement

    classes = {"sections": Section, "statements": Statement, "analogies": Analogy, "arguments": Argument,
               "attacks": Attack}
    problems: list[Diagnostic] = []
    for collection, cls in classes.items():
        items = getattr(map, collection)
        if not isinstance(items, list):
            problems.append(Diagnostic("AM010", f"`{collection}` must be a list, got {type(items).__name__}",
                                       Location(path=(collection,))))
            continue
        if _only(items, cls):  # the common case, checked in one C-level pass
            continue
        for index, item in enumerate(items):
            if type(item) is not cls:
                problems.extend(_revalidate(cls, item, (collection, index)))
    if problems:
        return problems  # the references of malformed nodes cannot be trusted
    return check_integrity(_plain(map))


def _revalidate(cls: Any, item: Any, path: MapPath) -> list[Diagnostic]:
    from pydantic import BaseModel, ValidationError

    data = item.model_dump(by_alias=True, warnings=False) if isinstance(item, BaseModel) else item
    try:
        cls.model_validate(data, by_name=False)
    except ValidationError as exc:
        return [Diagnostic(d.code, d.message, Location(path=path + d.location.path), d.hint)
                for d in diagnostics_from_validation_error(exc, cls)]
    if isinstance(item, BaseModel) and not isinstance(item, cls):
        return [Diagnostic("AM010", f"a {type(item).__name__} in the list of {path[0]}", Location(path=path),
                           f"put a {cls.__name__} here")]
    if not isinstance(item, BaseModel):
        return [Diagnostic("AM010", f"a plain {type(item).__name__} instead of a {cls.__name__}",
                           Location(path=path), f"append {cls.__name__}(...) rather than a dict")]
    return []


def ensure_sound(map: ArgumentMap, action: str) -> None:
    """Raise :class:`MapError` with every problem of :func:`check_map` (``action`` says what needed it).

    Warnings and notes do not stop anything: only structural errors, which would make ``action``
    fail later with a less helpful message (a ``KeyError`` on a dangling id, a file that does not load).
    """
    problems = [d for d in check_map(map) if d.severity == "error"]
    if problems:
        first = problems[0]
        problems[0] = Diagnostic(first.code, first.message, first.location,
                                 (first.hint + "; " if first.hint else "") + f"fix the map before you {action} it",
                                 first.severity, first.nodes, first.rule)
        raise MapError(problems)


def check_integrity(data: Mapping[str, Any] | ArgumentMap) -> list[Diagnostic]:
    """Check a map's plain data for duplicate ids and unresolved or mistyped references.

    Parameters
    ----------
    data : mapping or ArgumentMap
        The map as plain data (e.g. parsed YAML/JSON), or a map in memory (see also
        :func:`check_map`, which also checks the nodes' own types).

    Returns
    -------
    list of Diagnostic
        One per problem (codes ``AM020``-``AM026``), with map paths but no file positions;
        empty when the map's references are sound.

    Examples
    --------
    >>> data = {"statements": [{"id": "c", "text": "C"}],
    ...         "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]}
    >>> [d.code for d in check_integrity(data)]
    ['AM021']
    """
    # Hundreds of thousands of small lists and tuples, none in a cycle: with a large map in memory,
    # each collection they would trigger walks the whole map (it cost more than the checks).
    with gc_paused():
        if isinstance(data, ArgumentMap):
            data = _plain(data)
        checker = _Checker(data)
        checker.collect_ids()
        checker.check_references()
        return checker.diagnostics
