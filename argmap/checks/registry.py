"""The rule registry: every validation rule with its code, name, severity and documentation.

A rule is a function ``check(context) -> Iterable[Diagnostic]`` registered with :func:`rule`,
or (for the structural codes the loader emits) documentation only. ``argmap rules`` prints
this registry; ``argmap rules CODE`` one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from argmap.errors import CODES, Diagnostic, Location, MapPath, Severity
from argmap.model import ArgumentMap

if TYPE_CHECKING:
    from argmap.checks.config import Config
    from argmap.graph import MapGraph
    from argmap.text.source import Document

__all__ = ["FAMILIES", "RULES", "Context", "Rule", "document", "emit", "rule", "rules_markdown", "yaml_scalar"]

FAMILIES: dict[str, str] = {
    "AM0": "structure",
    "AM1": "graph",
    "AM2": "text",
    "AM3": "analogies",
    "AM4": "schemes",
    "AM5": "interchange",
}
"""Rule families by code prefix."""


@dataclass(frozen=True)
class Rule:
    """A validation rule and its documentation (the same sections for every rule, as in ruff)."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: str
    good: str
    options: str = ""
    check: Callable[[Context], Iterable[Diagnostic]] | None = None
    needs_source: bool = False

    @property
    def family(self) -> str:
        """The rule's family, e.g. ``graph``."""
        return FAMILIES.get(self.code[:3], "other")

    def explain(self) -> str:
        """The rule's documentation as text: what it does, why, a bad and a good example."""
        parts = [
            f"{self.code} ({self.name}) — {self.family}, default severity: {self.severity}",
            "",
            "What it does",
            f"  {self.summary}",
            "",
            "Why is this bad?",
            *(f"  {line}" for line in self.why.splitlines()),
            "",
            "Example",
            *(f"    {line}" for line in self.bad.strip("\n").splitlines()),
            "",
            "Use instead",
            *(f"    {line}" for line in self.good.strip("\n").splitlines()),
        ]
        if self.options:
            parts += ["", "Options", f"  {self.options}"]
        if self.check is None:
            parts += ["", "Reported by the loader: a map with this problem does not load."]
        return "\n".join(parts) + "\n"

    def diagnostic(
        self,
        message: str,
        path: MapPath = (),
        nodes: Iterable[str] = (),
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        """A diagnostic of this rule (located by map path; the file position is added later)."""
        return new_diagnostic(self.code, message, None, None, None, path, hint, severity or self.severity,
                              tuple(nodes), self.name)


RULES: dict[str, Rule] = {}
"""Every rule, by code."""

# Diagnostic and Location are frozen dataclasses, whose generated __init__ sets each field through
# object.__setattr__: on a large map with 100,000 findings (each made once by its rule and once more
# when located) that cost more than finding them. new_diagnostic fills the instance's __dict__ at
# once instead, as pickle and copy restore a frozen dataclass; the objects are the same (equal,
# same hash). Should either class change shape (other fields, __slots__, __post_init__), the
# ordinary constructors are used.
_FAST = (
    tuple(Diagnostic.__dataclass_fields__) == ("code", "message", "location", "hint", "severity", "nodes", "rule")
    and tuple(Location.__dataclass_fields__) == ("file", "line", "column", "path")
    and not hasattr(Diagnostic, "__slots__") and not hasattr(Location, "__slots__")
    and not hasattr(Location, "__post_init__")
)
_new = object.__new__
_set = object.__setattr__


def new_diagnostic(code: str, message: str, file: str | None, line: int | None, column: int | None, path: MapPath,
                   hint: str | None, severity: Severity, nodes: tuple[str, ...], rule: str) -> Diagnostic:
    """``Diagnostic(code, message, Location(file, line, column, path), hint, severity, nodes, rule)``, made faster.

    ``rule`` must be the rule's name (``Diagnostic.__post_init__`` would fill in an empty one).
    """
    if not _FAST or not rule:
        return Diagnostic(code, message, Location(file, line, column, path), hint, severity, nodes, rule)
    location = _new(Location)
    _set(location, "__dict__", {"file": file, "line": line, "column": column, "path": path})
    made = _new(Diagnostic)
    _set(made, "__dict__", {"code": code, "message": message, "location": location, "hint": hint,
                            "severity": severity, "nodes": nodes, "rule": rule})
    return made


def rules_markdown() -> str:
    """The rule reference as Markdown (``docs/rules.md``, kept in sync by a test)."""
    lines = ["# argmap validation rules", "",
             "Generated by `argmap rules --format markdown`; `argmap rules CODE` prints one rule.", ""]
    family = None
    for rule in sorted(RULES.values(), key=lambda r: r.code):
        if rule.family != family:
            family = rule.family
            lines += [f"## {family.capitalize()}", ""]
        lines += [f"### {rule.code} `{rule.name}` ({rule.severity})", "", rule.summary, "",
                  "**Why is this bad?** " + " ".join(rule.why.split()), "", "Example:", "", "```yaml", rule.bad,
                  "```", "", "Use instead:", "", "```yaml", rule.good, "```", ""]
        if rule.options:
            lines += [f"**Options:** {rule.options}", ""]
        if rule.check is None:
            lines += ["Reported by the loader: a map with this problem does not load.", ""]
    return "\n".join(lines)


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    why: str,
    bad: str,
    good: str,
    options: str = "",
    needs_source: bool = False,
) -> Callable[[Callable[[Context], Iterable[Diagnostic]]], Callable[[Context], Iterable[Diagnostic]]]:
    """Register a rule function under ``code`` (codes are unique and never reused)."""

    def register(check: Callable[[Context], Iterable[Diagnostic]]) -> Callable[[Context], Iterable[Diagnostic]]:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, name, severity, summary, why, bad, good, options, check, needs_source)
        return check

    return register


def document(code: str, *, why: str, bad: str, good: str) -> None:
    """Register documentation for a code the loader or a format reader reports (no check function).

    Its name, severity and summary come from the one table, :data:`argmap.errors.CODES`.
    """
    entry = CODES[code]
    RULES[code] = Rule(code, entry.name, entry.severity, entry.summary, why, bad, good)


def yaml_scalar(value: str) -> str:
    """``value`` written so that YAML reads it back as this very string, also inside ``[...]`` or ``{...}``.

    Hints show YAML to copy into a map; a plain ``true``, ``1``, ``null`` or ``a: b`` would be read as
    something else (a boolean, a number, nothing, a mapping), so such values are quoted.

    >>> yaml_scalar("similarity"), yaml_scalar("true"), yaml_scalar("a: b")
    ('similarity', '"true"', '"a: b"')
    """
    import json

    import yaml

    from argmap.io.parse import MapLoader

    try:
        plain = yaml.load(f"[{{k: {value}}}]", Loader=MapLoader) == [{"k": value}]
    except yaml.YAMLError:
        plain = False
    return value if plain and value == value.strip() and value else json.dumps(value, ensure_ascii=False)


def emit(code: str, message: str, path: MapPath = (), nodes: Iterable[str] = (), hint: str | None = None) -> Diagnostic:
    """A diagnostic of the registered rule ``code``, with the rule's name and default severity."""
    rule = RULES[code]
    return new_diagnostic(code, message, None, None, None, path, hint, rule.severity, tuple(nodes), rule.name)


@dataclass
class Context:
    """What a rule may look at: the map, its graph (built once, on demand), the source, the settings."""

    map: ArgumentMap
    config: Config
    document: Document | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def graph(self) -> MapGraph:
        """The map's networkx graph (see :func:`argmap.graph.to_networkx`)."""
        from argmap.graph import to_networkx

        return to_networkx(self.map)

    @cached_property
    def paths(self) -> dict[str, MapPath]:
        """Map path of every node by id, e.g. ``{"a1": ("arguments", 0)}``."""
        paths: dict[str, MapPath] = {}
        for collection in ("statements", "analogies", "arguments", "attacks", "sections"):
            for index, node in enumerate(getattr(self.map, collection)):
                paths[node.id] = (collection, index)
        return paths
