"""Carneades 4 argument graphs (YAML) read as argmap maps.

A Carneades graph (the native text format of Carneades 4) has ``meta`` (title, notes),
``statements`` (id to text, or ``{text, assumed}``), ``issues`` (id to ``positions`` and an
optional proof ``standard``: PE, CCE, BRD), ``arguments`` (id to ``conclusion``, ``premises``
as a list or a role map such as ``{minor: p, major: q}``, an optional ``undercutter``
statement and ``scheme``), ``assumptions`` (statement ids), ``argument_schemes`` (weighing
functions such as ``{constant: 0.4}``, ``criteria`` or a named ``preference``), and ``tests``
(the labels Carneades is expected to give: ``in``, ``out``, ``undecided``).

The map holds it this way:

* a statement is a statement; Carneades ids such as ``¬app(a1)`` are not argmap ids, so they
  are spelt ``not-app-a1`` (the original is kept in the node's ``metadata.carneades.id``);
  an assumed statement has ``metadata.carneades.assumed: true``;
* an argument is an argument; one without premises (it applies unconditionally) gets an
  implicit, assumed premise ``<id>-grounds``, since an argmap argument has at least one;
  a premise role map is kept as ``metadata.carneades.roles``; a scheme with a constant weight
  gives the argument that ``weight``;
* an undercutter ``u`` of argument ``a`` is an undercut attack from ``u`` to ``a``;
* the positions of an issue rebut each other (an attack each way), and the issue with its
  proof standard is kept in the map's ``metadata.carneades.issues``;
* assumptions, schemes, weighing functions, language and tests are kept in the map's
  ``metadata.carneades``, so that :func:`argmap.semantics.carneades.carneades` evaluates the
  map by Carneades' own rules, and the tests are checked against it.

Rule-based schemes (premises and conclusions with variables, compiled by Carneades to CHR) are
kept in metadata but not applied: argmap constructs no arguments from rules (``AM501``).
"""

from __future__ import annotations

import os
import re
from typing import Any

from argmap.errors import Diagnostic, Location, MapError
from argmap.io._convert import IdAllocator, Imported, as_text, build_map, diagnostic, finish, read_bytes
from argmap.io.parse import DEFAULT_LIMITS, Limits, parse, positions
from argmap.model import ArgumentMap

__all__ = ["load", "loads", "looks_like_carneades", "read", "reads"]

_STANDARDS = {"": "PE", "pe": "PE", "cce": "CCE", "brd": "BRD", "dv": "DV"}
_TEST_LABELS = {"in": "in", "out": "out", "undecided": "undecided"}
_TOP_KEYS = frozenset({"meta", "statements", "issues", "arguments", "assumptions", "argument_schemes", "tests",
                       "language", "weighing_functions", "issue_schemes", "references", "labels"})


def looks_like_carneades(head: str) -> bool:
    """Whether a YAML document's start looks like a Carneades graph rather than an argmap map.

    An argmap map has a top-level ``argmap:`` key; a Carneades graph has ``statements:`` given
    as a mapping (``id: text``) and usually ``meta:``, ``issues:``, ``assumptions:`` or ``tests:``.
    """
    if re.search(r"^argmap\s*:", head, re.MULTILINE):
        return False
    keys = set(re.findall(r"^([a-z_]+)\s*:", head, re.MULTILINE))
    if not keys or not keys <= _TOP_KEYS:
        return False
    return bool(keys & {"meta", "issues", "assumptions", "tests", "argument_schemes", "language"}) or (
        "statements" in keys and re.search(r"^statements\s*:\s*(?:#.*)?\n[ \t]+[^-\s#]", head, re.MULTILINE)
        is not None)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _plain(value: Any) -> Any:
    """JSON-compatible data: keys as strings, dates and other scalars as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _spell(carneades_id: str) -> str:
    """A readable argmap id for a Carneades id: ``¬app(a1)`` becomes ``not-app-a1``."""
    spelt = carneades_id.replace("¬", "not-").replace("~", "not-")
    spelt = re.sub(r"[^A-Za-z0-9_-]+", "-", spelt).strip("-")
    return spelt or "s"


class _Reader:
    def __init__(self, filename: str | None) -> None:
        self.filename = filename
        self.ids = IdAllocator()
        self.statement_ids: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []
        self.errors: list[Diagnostic] = []

    def error(self, message: str, path: tuple[str | int, ...], hint: str | None = None) -> None:
        self.errors.append(diagnostic("AM505", message, self.filename, path=path, hint=hint))

    def formula(self, key: Any, statements: list[dict[str, Any]]) -> str:
        """The statement for an atomic formula named only in assumptions or tests (rule-based graphs
        name formulas their rules derive): declared on first mention, with the formula as its text."""
        original = _text(key).strip()
        found = self.statement_ids.get(original)
        if found is None:
            found = self.statement_ids[original] = self.ids.take(_spell(original))
            statements.append({"id": found, "text": original or "(empty)",
                               "metadata": {"carneades": {"id": original, "declared": False}}})
        return found

    def statement(self, key: Any, path: tuple[str | int, ...]) -> str | None:
        found = self.statement_ids.get(_text(key).strip())
        if found is None:
            self.error(f"{_text(key)!r} is not a statement of this graph", path,
                       hint="declare it under statements:")
        return found

    def convert(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.error("a Carneades graph is a mapping with statements, arguments, issues, ...", ())
            return {}
        meta: dict[Any, Any] = data["meta"] if isinstance(data.get("meta"), dict) else {}
        layer: dict[str, Any] = {}
        statements = self._statements(data.get("statements"), layer)
        arguments, attacks = self._arguments(data.get("arguments"), statements, data.get("argument_schemes"))
        attacks.extend(self._issues(data.get("issues"), layer))
        raw_assumptions = data.get("assumptions") or []
        if not isinstance(raw_assumptions, list):
            raw_assumptions = [raw_assumptions]
        assumptions = [self.formula(a, statements) for a in raw_assumptions]
        for statement in statements:
            if statement["metadata"]["carneades"].get("assumed"):
                assumptions.append(statement["id"])
        layer["assumptions"] = list(dict.fromkeys(assumptions))
        tests = data.get("tests")
        if isinstance(tests, dict):
            layer["tests"] = {}
            for key, label in _TEST_LABELS.items():
                items = tests.get(key) or []
                if isinstance(items, (str, int)):
                    items = [items]
                layer["tests"][label] = [self.formula(x, statements) for x in items]
        for key in ("argument_schemes", "weighing_functions", "language", "issue_schemes", "references"):
            if data.get(key) is not None:
                layer[key] = _plain(data[key])
        schemes = data.get("argument_schemes") or []
        rules = [s.get("id") for s in schemes if isinstance(s, dict) and (s.get("conclusions") or s.get("premises"))]
        if rules:
            self.diagnostics.append(diagnostic(
                "AM501", f"argument schemes with rules ({', '.join(map(_text, rules))}) are kept in metadata, but "
                "argmap constructs no arguments from rules", self.filename, path=("argument_schemes",),
                severity="warning"))
        result: dict[str, Any] = {"argmap": "1.1", "statements": statements, "arguments": arguments,
                                  "attacks": attacks, "metadata": {"carneades": layer}}
        if meta.get("title"):
            result["title"] = _text(meta["title"]).strip()
        notes = meta.get("notes") or meta.get("note")
        if notes:
            result["notes"] = _text(notes).strip()
        extra = {k: v for k, v in meta.items() if k not in ("title", "notes", "note")}
        if extra:
            layer["meta"] = _plain(extra)
        return result

    def _statements(self, raw: Any, layer: dict[str, Any]) -> list[dict[str, Any]]:
        if raw is None:
            return []
        if not isinstance(raw, dict):
            self.error("statements: is a mapping from statement id to its text", ("statements",))
            return []
        out = []
        for key, value in raw.items():
            original = _text(key).strip()
            argmap_id = self.ids.take(_spell(original))
            self.statement_ids[original] = argmap_id
            carneades: dict[str, Any] = {"id": original}
            if isinstance(value, dict):
                text = _text(value.get("text")).strip()
                if value.get("assumed") is True or _text(value.get("assumed")).lower() == "true":
                    carneades["assumed"] = True
                extra = {k: _plain(v) for k, v in value.items() if k not in ("text", "assumed")}
                if extra:
                    carneades.update(extra)
            else:
                text = _text(value).strip()
            out.append({"id": argmap_id, "text": text or original, "metadata": {"carneades": carneades}})
        return out

    def _arguments(self, raw: Any, statements: list[dict[str, Any]],
                   schemes_raw: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        constants: dict[str, float] = {}
        for scheme in schemes_raw or []:
            if isinstance(scheme, dict):
                weight = scheme.get("weight")
                if isinstance(weight, dict) and isinstance(weight.get("constant"), (int, float)):
                    value = float(weight["constant"])
                    if 0.0 <= value <= 1.0:
                        constants[_text(scheme.get("id"))] = value
        if raw is None:
            return [], []
        if not isinstance(raw, dict):
            self.error("arguments: is a mapping from argument id to its conclusion and premises", ("arguments",))
            return [], []
        arguments: list[dict[str, Any]] = []
        attacks: list[dict[str, Any]] = []
        for key, value in raw.items():
            original = _text(key).strip()
            path: tuple[str | int, ...] = ("arguments", original)
            if not isinstance(value, dict):
                self.error(f"argument {original!r} needs a conclusion (and premises)", path)
                continue
            argmap_id = self.ids.take(_spell(original))
            conclusion = self.statement(value.get("conclusion"), (*path, "conclusion"))
            carneades: dict[str, Any] = {"id": original}
            premises_raw = value.get("premises")
            premises: list[str] = []
            if isinstance(premises_raw, dict):
                roles = {}
                for role, item in premises_raw.items():
                    found = self.statement(item, (*path, "premises", _text(role)))
                    if found:
                        premises.append(found)
                        roles[_text(role)] = found
                carneades["roles"] = roles
            elif isinstance(premises_raw, list):
                premises = [p for p in (self.statement(item, (*path, "premises", i))
                                        for i, item in enumerate(premises_raw)) if p]
            elif premises_raw is not None:
                found = self.statement(premises_raw, (*path, "premises"))
                premises = [found] if found else []
            if not premises:
                grounds = self.ids.take(f"{argmap_id}-grounds")
                statements.append({"id": grounds, "text": f"(argument {original} has no premises: it applies "
                                   "unconditionally)", "implicit": True,
                                   "metadata": {"carneades": {"grounds_of": original, "assumed": True}}})
                premises = [grounds]
                carneades["no_premises"] = True
            scheme = _text(value.get("scheme")).strip()
            entry: dict[str, Any] = {"id": argmap_id, "premises": list(dict.fromkeys(premises)),
                                    "conclusion": conclusion or "", "metadata": {"carneades": carneades}}
            if scheme:
                carneades["scheme"] = scheme
                if scheme in constants:
                    entry["weight"] = constants[scheme]
            if value.get("weight") is not None:
                carneades["weight"] = _plain(value["weight"])
            if value.get("meta"):
                carneades["meta"] = _plain(value["meta"])
            undercutter = value.get("undercutter")
            if undercutter:
                by = self.statement(undercutter, (*path, "undercutter"))
                if by:
                    carneades["undercutter"] = by
                    attacks.append({"id": self.ids.take(f"{argmap_id}-undercut"), "from": by, "to": argmap_id,
                                    "type": "undercut", "metadata": {"carneades": {"undercutter_of": original}}})
            if conclusion:
                arguments.append(entry)
        return arguments, attacks

    def _issues(self, raw: Any, layer: dict[str, Any]) -> list[dict[str, Any]]:
        if not raw:
            return []
        if not isinstance(raw, dict):
            self.error("issues: is a mapping from issue id to its positions", ("issues",))
            return []
        issues: dict[str, Any] = {}
        attacks: list[dict[str, Any]] = []
        for key, value in raw.items():
            name = _text(key).strip()
            path: tuple[str | int, ...] = ("issues", name)
            if not isinstance(value, dict):
                self.error(f"issue {name!r} needs positions: [...]", path)
                continue
            standard = _STANDARDS.get(_text(value.get("standard")).strip().lower())
            if standard is None:
                self.error(f"issue {name!r} has an unknown proof standard {value.get('standard')!r}",
                           (*path, "standard"), hint="use PE, CCE, BRD (or DV)")
                continue
            positions = [p for p in (self.statement(x, (*path, "positions", i))
                                     for i, x in enumerate(value.get("positions") or [])) if p]
            positions = list(dict.fromkeys(positions))
            issues[name] = {"positions": positions, "standard": standard}
            for a in positions:
                for b in positions:
                    if a != b:
                        attacks.append({"id": self.ids.take(f"{_spell(name)}-{a}-{b}"), "from": a, "to": b,
                                        "type": "rebut", "metadata": {"carneades": {"issue": name}}})
        layer["issues"] = issues
        if issues:
            self.diagnostics.append(diagnostic(
                "AM502", "issues and their proof standards are kept in metadata.carneades.issues; their positions "
                "rebut each other in the map", self.filename, path=("issues",), severity="info"))
        return attacks


def reads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read a Carneades 4 YAML argument graph; return the map and the conversion's diagnostics.

    Raises
    ------
    MapError
        For YAML syntax errors, input over the limits, and references to statements the graph
        does not declare (``AM505``, located by map path).

    Examples
    --------
    >>> result = reads("statements: {p: P, '¬p': Not P, q: Q}\\n"
    ...                "issues: {i1: {positions: [p, '¬p']}}\\n"
    ...                "arguments: {a1: {conclusion: p, premises: [q]}}\\nassumptions: [q]\\n")
    >>> [s.id for s in result.map.statements], [a.id for a in result.map.attacks]
    (['p', 'not-p', 'q'], ['i1-p-not-p', 'i1-not-p-p'])
    """
    source = as_text(text, filename, limits)
    data, problems = parse(source, "yaml", filename, limits)
    if problems:
        raise MapError(problems)
    reader = _Reader(filename)
    converted = reader.convert(data if data is not None else {})
    if reader.errors:
        raise MapError(_located(reader.errors, source))
    return build_map(converted, reader.diagnostics, filename)


def _located(found: list[Diagnostic], text: str) -> list[Diagnostic]:
    """The diagnostics with the line and column of their path in the YAML text."""
    wanted = [(d.location.path, False) for d in found if d.location.path]
    where = positions(text, "yaml", wanted)
    out = []
    for d in found:
        hit = where.get((d.location.path, False))
        loc = d.location
        out.append(d if hit is None else
                   Diagnostic(d.code, d.message, Location(loc.file, hit[0], hit[1], loc.path), d.hint, d.severity))
    return out


def read(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read a Carneades YAML file; see :func:`reads`."""
    return reads(read_bytes(path, limits), filename=os.fspath(path), limits=limits)


def loads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
          strict: bool = False) -> ArgumentMap:
    """Read a Carneades YAML graph as a map (warnings issued as ``ConversionWarning``; ``strict`` raises)."""
    return finish(reads(text, filename=filename, limits=limits), strict)


def load(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> ArgumentMap:
    """Read a Carneades YAML file as a map; see :func:`loads`."""
    return finish(read(path, limits=limits), strict)
