"""Private helpers shared by the format modules (AIF, Microtext, Argdown, node-link, GraphML).

Locating diagnostics in JSON text, turning foreign ids into argmap ids, validating a converted
map, issuing conversion warnings. Not part of the public API: use :mod:`argmap.io`'s functions.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from argmap._files import read_input
from argmap.errors import Diagnostic, Location, MapError, MapPath
from argmap.io.parse import DEFAULT_LIMITS, Limits, decode, parse, positions
from argmap.model import ArgumentMap

__all__ = [
    "Collector",
    "ConversionWarning",
    "Exported",
    "IdAllocator",
    "Imported",
    "as_text",
    "build_map",
    "diagnostic",
    "emit",
    "finish",
    "import_json",
    "json_text",
    "locate",
    "parse_json",
    "read_bytes",
    "too_large",
]



@dataclass(frozen=True)
class Imported:
    """The result of reading a file: the map, and what was noticed while converting it.

    ``diagnostics`` holds warnings (a part of the input is kept in metadata, not in the model)
    and infos (a layer of the input is kept in metadata); errors are raised as :class:`MapError`.
    """

    map: ArgumentMap
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics of severity ``warning``."""
        return [d for d in self.diagnostics if d.severity == "warning"]


@dataclass(frozen=True)
class Exported:
    """The result of writing a map in some format: the text, and what the format could not hold."""

    text: str
    diagnostics: tuple[Diagnostic, ...] = ()


class ConversionWarning(UserWarning):
    """Issued by ``load``/``dumps`` of a format for a part it keeps only in metadata or cannot write.

    The :class:`Diagnostic` is in :attr:`diagnostic`.
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def diagnostic(code: str, message: str, filename: str | None = None, *, path: MapPath = (),
               line: int | None = None, column: int | None = None, hint: str | None = None,
               severity: str = "error") -> Diagnostic:
    """A :class:`Diagnostic` with its location (helper for the format modules)."""
    return Diagnostic(code, message, Location(filename, line, column, path), hint, severity)  # type: ignore[arg-type]


def read_bytes(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A file's bytes, or :class:`MapError` (``AM005`` unreadable, ``AM003`` too large)."""
    return read_input(path, limits.max_bytes,
                      too_large_hint="raise the limit (Limits(max_bytes=...) or --max-bytes) if you trust the file")


def too_large(size: int, limits: Limits, filename: str | None) -> MapError:
    """The ``AM003`` error for an input larger than ``limits.max_bytes``."""
    return MapError([diagnostic(
        "AM003", f"input is {size:,} bytes, larger than the limit of {limits.max_bytes:,}", filename,
        hint="raise the limit (Limits(max_bytes=...) or --max-bytes) if you trust the file",
    )])


def as_text(text: str | bytes, filename: str | None, limits: Limits) -> str:
    """Decode bytes (UTF-8, BOM allowed) and enforce the size limit."""
    if len(text) > limits.max_bytes:
        raise too_large(len(text), limits, filename)
    return decode(text, filename) if isinstance(text, bytes) else text


def parse_json(text: str, filename: str | None, limits: Limits) -> Any:
    """Parse JSON safely; syntax errors and duplicate keys raise :class:`MapError` with line and column."""
    data, problems = parse(text, "json", filename, limits)
    if problems:
        raise MapError(problems)
    return data


def import_json(text: str | bytes, filename: str | None, limits: Limits,
                convert: Callable[[Any], Imported]) -> Imported:
    """Decode, parse and convert a JSON document, locating every diagnostic in the text."""
    source = as_text(text, filename, limits)
    data = parse_json(source, filename, limits)
    try:
        result = convert(data)
    except MapError as error:
        raise MapError(locate(error.diagnostics, source)) from None
    return Imported(result.map, tuple(locate(result.diagnostics, source)))


def locate(diagnostics: Iterable[Diagnostic], text: str) -> list[Diagnostic]:
    """Fill in line and column of diagnostics that have a JSON path but no position."""
    found = list(diagnostics)
    wanted = [(d.location.path, False) for d in found if d.location.path and d.location.line is None]
    if not wanted:
        return found
    where = positions(text, "json", wanted)
    located = []
    for d in found:
        hit = where.get((d.location.path, False)) if d.location.line is None else None
        if hit is None:
            located.append(d)
        else:
            loc = d.location
            located.append(Diagnostic(d.code, d.message, Location(loc.file, hit[0], hit[1], loc.path), d.hint,
                                      d.severity))
    return located


_ID_BAD = re.compile(r"[^A-Za-z0-9_-]+")
_ID_OK = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class IdAllocator:
    """Turns foreign identifiers into unique, valid argmap ids (``[A-Za-z0-9_-]``, at most 128)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        """Reserve ``wanted`` as is when it is valid and free; else a close valid, free variant."""
        if _ID_OK.match(wanted) and wanted not in self.used:
            self.used.add(wanted)
            return wanted
        base = _ID_BAD.sub("-", wanted).strip("-")[:110] or "n"
        candidate, number = base, 1
        while candidate in self.used:
            number += 1
            candidate = f"{base}-{number}"
        self.used.add(candidate)
        return candidate


def build_map(data: dict[str, Any], diagnostics: list[Diagnostic], filename: str | None) -> Imported:
    """Validate converted plain data as a map; a failure here is a converter bug, reported as ``AM505``."""
    from pydantic import ValidationError

    from argmap._perf import gc_paused
    from argmap.integrity import check_integrity

    with gc_paused():
        problems = check_integrity(data)
        try:
            result = ArgumentMap.model_validate(data)
        except ValidationError as exc:
            problems.extend(diagnostic("AM505", f"converted map is invalid: {err['msg']}", filename,
                                       path=tuple(err["loc"])) for err in exc.errors(include_url=False)[:20])
            result = None
    if problems or result is None:
        raise MapError([Diagnostic("AM505", f"cannot convert: {d.message}", Location(filename, path=d.location.path),
                                   "please report this input to argmap's developers") for d in problems])
    return Imported(result, tuple(diagnostics))


def finish(result: Imported, strict: bool, stacklevel: int = 3) -> ArgumentMap:
    """Return the map; with ``strict``, raise on any warning, else issue each as a :class:`ConversionWarning`."""
    found = result.warnings
    if strict and found:
        raise MapError(found)
    for item in found:
        warnings.warn(ConversionWarning(item), stacklevel=stacklevel)
    return result.map


def emit(diagnostics: Iterable[Diagnostic], stacklevel: int = 3) -> None:
    """Issue export diagnostics as :class:`ConversionWarning` (used by the ``dumps`` of each format)."""
    for item in diagnostics:
        warnings.warn(ConversionWarning(item), stacklevel=stacklevel)


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON text with Unicode as is and a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"



@dataclass
class Collector:
    """Diagnostics gathered while converting one file."""

    filename: str | None
    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, message: str, *, path: MapPath = (), hint: str | None = None,
            severity: str = "warning", line: int | None = None, column: int | None = None) -> None:
        """Record a diagnostic."""
        self.items.append(diagnostic(code, message, self.filename, path=path, hint=hint, severity=severity,
                                     line=line, column=column))

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics of severity ``error``."""
        return [d for d in self.items if d.severity == "error"]
