"""Diagnostics: what is wrong with a map, where, and how to fix it.

Every problem argmap reports is a :class:`Diagnostic` with a stable code, a message,
an optional hint, and a :class:`Location` (file, 1-based line and column, and the map
path such as ``arguments[2].premises[1]``). Loading raises :class:`MapError`, which
carries all diagnostics of a file at once.

The structural codes (``AM0xx``) are listed in :data:`STRUCTURE_CODES`; they are the
ones the loader can emit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "STRUCTURE_CODES",
    "Diagnostic",
    "Location",
    "MapError",
    "MapPath",
    "format_path",
]

MapPath = tuple[str | int, ...]
Severity = Literal["error", "warning", "info"]

STRUCTURE_CODES: dict[str, tuple[str, str]] = {
    # code: (name, one-line summary)
    "AM001": ("syntax-error", "The file is not valid YAML or JSON."),
    "AM002": ("encoding-error", "The file is not valid UTF-8 text."),
    "AM003": ("resource-limit", "The file exceeds a safety limit (size, nesting depth, alias expansion)."),
    "AM004": ("duplicate-key", "A mapping repeats a key; only one value would survive."),
    "AM005": ("io-error", "The file cannot be read or written."),
    "AM010": ("invalid-value", "A value has the wrong type or is not one of the allowed values."),
    "AM011": ("missing-key", "A required key is missing."),
    "AM012": ("unknown-key", "A key is not part of the format (often a typo)."),
    "AM020": ("duplicate-id", "Two nodes share an id; ids must be unique across the whole map."),
    "AM021": ("dangling-reference", "A reference names an id that no node has."),
    "AM022": ("wrong-target-kind", "A reference names a node of the wrong kind."),
    "AM023": ("unsafe-source-path", "The source path leaves the map's folder tree."),
    "AM024": ("duplicate-premise", "An argument lists the same premise twice."),
}


def format_path(path: MapPath) -> str:
    """Render a map path as ``arguments[2].premises[1]``.

    >>> format_path(("arguments", 2, "premises", 1))
    'arguments[2].premises[1]'
    >>> format_path(())
    '<root>'
    """
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else str(part))
    return "".join(out) or "<root>"


@dataclass(frozen=True)
class Location:
    """Where a problem is: file, 1-based line and column, and the path inside the map."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: MapPath = ()

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a map."""

    code: str
    message: str
    location: Location = field(default_factory=Location)
    hint: str | None = None
    severity: Severity = "error"
    nodes: tuple[str, ...] = ()
    """Ids of the map's nodes the problem is about (for tools that highlight them)."""
    rule: str = ""
    """The rule's readable name, e.g. ``dangling-reference`` (filled in for structural codes)."""

    def __post_init__(self) -> None:
        if not self.rule and self.code in STRUCTURE_CODES:
            object.__setattr__(self, "rule", STRUCTURE_CODES[self.code][0])

    @property
    def name(self) -> str:
        """The code's readable name, e.g. ``dangling-reference``."""
        return self.rule or self.code

    def __str__(self) -> str:
        from argmap._files import printable  # control characters from a map never reach a terminal raw

        where = self.location
        text = f"{printable(str(where))}: {self.code} {printable(self.message)}"
        if where.path:
            text += f" (at {printable(format_path(where.path))})"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
        return text

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form (the ``--format json`` output of ``argmap validate``)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "path": format_path(self.location.path) if self.location.path else None,
            "nodes": list(self.nodes),
        }


class MapError(Exception):
    """A map could not be loaded or saved; :attr:`diagnostics` says every reason."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__(self._summary())

    def _summary(self) -> str:
        shown = "\n".join(str(d) for d in self.diagnostics[:20])
        more = len(self.diagnostics) - 20
        if more > 0:
            shown += f"\n... and {more} more"
        return shown or "invalid map"
