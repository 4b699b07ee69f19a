"""Diagnostics: what is wrong with a map, where, and how to fix it.

Every problem argmap reports is a :class:`Diagnostic` with a stable code, a message,
an optional hint, and a :class:`Location` (file, 1-based line and column, and the map
path such as ``arguments[2].premises[1]``). Loading raises :class:`MapError`, which
carries all diagnostics of a file at once.

The codes the loader (``AM0xx``) and the format readers (``AM5xx``) emit are listed, with
their names and summaries, in :data:`CODES`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

__all__ = [
    "CODES",
    "STRUCTURE_CODES",
    "Code",
    "Diagnostic",
    "Location",
    "MapError",
    "MapPath",
    "format_path",
    "printable",
]

MapPath = tuple[str | int, ...]
Severity = Literal["error", "warning", "info"]


class Code(NamedTuple):
    """A diagnostic code of the loader or the format readers: its name, default severity and summary."""

    name: str
    severity: Severity
    summary: str


CODES: dict[str, Code] = {
    "AM001": Code("syntax-error", "error",
                  "The file is not valid YAML or JSON."),
    "AM002": Code("encoding-error", "error",
                  "The file is not valid UTF-8 text."),
    "AM003": Code("resource-limit", "error",
                  "The file exceeds a safety limit: size, nesting depth or YAML alias expansion."),
    "AM004": Code("duplicate-key", "error",
                  "A mapping repeats a key; only one value would survive."),
    "AM005": Code("io-error", "error",
                  "A file (map, source text or settings) cannot be read or written."),
    "AM010": Code("invalid-value", "error",
                  "A value has the wrong type or is not one of the allowed values."),
    "AM011": Code("missing-key", "error",
                  "A required key is missing."),
    "AM012": Code("unknown-key", "error",
                  "A key is not part of the format (often a typo)."),
    "AM020": Code("duplicate-id", "error",
                  "Two nodes share an id; ids must be unique across the whole map."),
    "AM021": Code("dangling-reference", "error",
                  "A reference names an id that no node has."),
    "AM022": Code("wrong-target-kind", "error",
                  "A reference names a node of the wrong kind, e.g. an undercut aimed at a statement."),
    "AM023": Code("unsafe-source-path", "error",
                  "The source path leaves the map's folder tree."),
    "AM024": Code("duplicate-premise", "error",
                  "An argument lists the same premise twice."),
    "AM025": Code("duplicate-attacker", "error",
                  "A joint attack lists the same attacker twice."),
    "AM026": Code("restatement-loop", "error",
                  "A statement restates itself, or a chain of restatements loops."),
    # interchange (AM5xx): reported by the format readers and writers
    "AM501": Code("not-representable", "warning",
                  "A part of the input has no equivalent in argmap's model; it is kept in metadata and restored on "
                  "export."),
    "AM502": Code("kept-in-metadata", "info",
                  "A layer of the input outside argmap's model (e.g. AIF's dialogue layer) is kept in metadata."),
    "AM503": Code("split-node", "warning",
                  "One node of the input became several argmap nodes (e.g. an AIF RA-node with two conclusions)."),
    "AM504": Code("unknown-format", "error",
                  "The format of the input cannot be determined, or is not the one requested."),
    "AM505": Code("invalid-structure", "error",
                  "The input breaks the rules of its own format (a warning where the reader can leave the "
                  "broken part out, such as an entry of argmap's extension for a node the file lacks)."),
    "AM506": Code("lossy-export", "warning",
                  "A part of the map cannot be written in the output format."),
}
"""Every code the loader (``AM0xx``) and the format readers and writers (``AM5xx``) emit: the one
table of their names and summaries. The linter's registry documents them from here (with why, bad
and good examples) and ``docs/format.md``/``docs/rules.md`` are checked against it."""

STRUCTURE_CODES: dict[str, tuple[str, str]] = {c: (v.name, v.summary) for c, v in CODES.items() if c < "AM1"}
"""The structural codes (``AM0xx``) as (name, summary): a view of :data:`CODES`."""


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_CONTROL_OR_NEWLINE = re.compile(_CONTROL.pattern[:-1] + "\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    # C0 controls as \x1b; the rest as \u009b, which is also a valid escape inside JSON strings
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with control characters written as escapes, safe to print on a terminal.

    Escape sequences from a map (window titles, clearing the screen, OSC 52 clipboard writes),
    C1 controls and the bidirectional overrides of "Trojan Source" become visible ``\\x1b`` or
    ``\\u202e`` text. Tabs stay; newlines stay only when ``newlines`` is true.

    >>> printable("title\x1b]0;pwned\x07")
    'title\\\\x1b]0;pwned\\\\x07'
    """
    pattern = _CONTROL if newlines else _CONTROL_OR_NEWLINE
    return pattern.sub(_escape, text) if pattern.search(text) else text


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
        if not self.rule and self.code in CODES:
            object.__setattr__(self, "rule", CODES[self.code].name)

    @property
    def name(self) -> str:
        """The code's readable name, e.g. ``dangling-reference``."""
        return self.rule or self.code

    def __str__(self) -> str:
        # control characters from a map never reach a terminal raw
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
    """A map could not be loaded, saved or used; :attr:`diagnostics` says every reason."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__(self._summary())

    def _summary(self) -> str:
        shown = "\n".join(str(d) for d in self.diagnostics[:20])
        more = len(self.diagnostics) - 20
        if more > 0:
            shown += f"\n... and {more} more"
        return shown or "invalid map"
