"""Private helpers shared by the format modules (AIF, Microtext, Argdown, node-link, GraphML).

Locating diagnostics in JSON text, turning foreign ids into argmap ids, validating a converted
map, issuing conversion warnings. Not part of the public API: use :mod:`argmap.io`'s functions.
"""

from __future__ import annotations

import copy
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


_MAX_REPAIRS = 200  # bounds the drop-and-retry loop below; each pass validates the whole map once


def _describe(data: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """Name a place in converted data the way the input's author knows it (node id, field name)."""
    words: list[str] = []
    here: Any = data
    for step in loc:
        if isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here):
            item = here[step]
            ident = item.get("id") if isinstance(item, dict) else None
            words.append(f"{ident!r}" if isinstance(ident, str) else f"entry {step}")
        else:
            words.append(str(step))
        try:
            here = here[step]
        except (KeyError, IndexError, TypeError):
            here = None
    return " ".join(words) or "the map"


def _drop(data: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    """Remove the deepest existing value on ``loc``; False when there is none to remove."""
    # Pydantic's locations include union tags (``'claim'``) that are not keys: skip what is absent.
    here: Any = data
    last: tuple[Any, Any] | None = None
    for step in loc:
        if (isinstance(here, dict) and step in here) or (isinstance(here, list) and isinstance(step, int) \
                and 0 <= step < len(here)):
            last = (here, step)
            here = here[step]
    if last is None:
        return False
    last[0].pop(last[1])
    return True


def build_map(data: dict[str, Any], diagnostics: list[Diagnostic], filename: str | None) -> Imported:
    """Validate converted plain data as a map.

    A value the input carried through (an AIF extension entry, a node-link attribute) that the map
    format refuses is dropped with an ``AM010`` warning naming where it was, as the interchange docs
    promise; a required value that is invalid, and a reference to nothing (``AM021``), are errors
    located in the input's terms. Nothing here asks for a bug report: every case is the input's.
    """
    from pydantic import ValidationError

    from argmap._perf import gc_paused
    from argmap.integrity import check_integrity

    fatal: list[Diagnostic] = []
    result: ArgumentMap | None = None
    dropped: dict[tuple[Any, ...], str] = {}
    with gc_paused():
        for _ in range(_MAX_REPAIRS):
            try:
                result = ArgumentMap.model_validate(data)
                break
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                loc = tuple(err["loc"])
                where = _describe(data, loc)
                if err["type"] == "missing" and loc in dropped:  # what was dropped is required after all
                    fatal = [diagnostic("AM010", f"invalid value in the input at {where}: {dropped[loc]}",
                                        filename, path=loc, hint="give this entry a value of the kind the map "
                                        "format expects (docs/format.md)")]
                    break
                if not dropped:  # the readers share nested values with the caller's data: repair a copy
                    data = copy.deepcopy(data)
                if err["type"] == "missing" or not _drop(data, loc):
                    fatal = [diagnostic("AM010", f"invalid entry in the input at {where}: {err['msg']}", filename,
                                        path=loc, hint="complete or correct this entry (docs/format.md)")]
                    break
                dropped[loc] = err["msg"]
                diagnostics.append(diagnostic(
                    "AM010", f"ignored an invalid value at {where}: {err['msg']}", filename, path=loc,
                    hint="correct or remove this value in the input; the rest of the entry was kept",
                    severity="warning"))
        else:
            fatal = [diagnostic("AM010", f"more than {_MAX_REPAIRS} invalid values in the input", filename,
                                hint="the extension or attributes do not describe an argmap map; remove them")]
        if not fatal:
            fatal = check_integrity(data)
    if fatal:
        raise MapError([Diagnostic(d.code, d.message if d.code == "AM010" else f"the input describes an invalid map: "
                                   f"{d.message}", Location(filename, path=d.location.path),
                                   d.hint or "correct the named entry in the input", d.severity) for d in fatal])
    assert result is not None
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
