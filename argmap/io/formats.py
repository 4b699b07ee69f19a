"""Interchange formats: one registry of readers and writers, and format detection.

Every format argmap exchanges maps in is a module of :mod:`argmap.io` with the same pair of
functions, registered here under a short name:

================  ===================================  ===========================  =====  =====
name              format                               suffixes                     read   write
================  ===================================  ===========================  =====  =====
``yaml``          argmap's own format, YAML            ``.yaml`` ``.yml``           yes    yes
``json``          argmap's own format, JSON            ``.json``                    yes    yes
``aif``           AIF JSON (AIFdb, OVA, xAIF)          ``.aif`` ``.aif.json``       yes    yes
``microtext``     Microtext ``arggraph`` XML           ``.xml``                     yes    yes
``argdown``       Argdown text                         ``.argdown`` ``.ad``         no     yes
``argdown-json``  Argdown's JSON export                ``.argdown.json``            yes    no
``node-link``     networkx node-link JSON              ``.node-link.json``          yes    yes
``graphml``       GraphML (via networkx)               ``.graphml``                 yes    yes
``carneades``     Carneades 4 argument graph (YAML)    ``.yml`` (by content)        yes    no
================  ===================================  ===========================  =====  =====

Several formats share the ``.json`` suffix, so a JSON file is recognised by its content
(:func:`detect_format`). Readers return an :class:`Imported`: the map and the diagnostics
about what the input holds that argmap's model cannot hold natively. Nothing is dropped
silently: such parts are kept in ``metadata`` (so that writing the map back restores them)
and reported with a warning or info diagnostic (codes in :data:`INTERCHANGE_CODES`).
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from argmap.errors import CODES, Diagnostic, Location, MapError, MapPath
from argmap.io.parse import DEFAULT_LIMITS, Limits, decode, parse, positions
from argmap.model import ArgumentMap

__all__ = [
    "FORMATS",
    "INTERCHANGE_CODES",
    "ConversionWarning",
    "Exported",
    "FormatInfo",
    "Imported",
    "detect_format",
    "dump",
    "dumps",
    "export",
    "load",
    "loads",
    "read",
    "reads",
]

INTERCHANGE_CODES: dict[str, tuple[str, str]] = {c: (v.name, v.summary) for c, v in CODES.items() if c >= "AM5"}
"""The interchange codes (``AM5xx``) as (name, summary): a view of :data:`argmap.errors.CODES`."""


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


@dataclass(frozen=True)
class FormatInfo:
    """A registered format: its name, description, suffixes, and where its reader and writer are.

    ``reader`` and ``writer`` name functions of ``module``: ``reader(text, *, filename, limits)``
    returns an :class:`Imported`, ``writer(map)`` an :class:`Exported`; None when the format is
    only written or only read.
    """

    name: str
    title: str
    suffixes: tuple[str, ...]
    module: str
    reader: str | None = "reads"
    writer: str | None = "export"

    @property
    def can_read(self) -> bool:
        """Whether argmap reads this format."""
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        """Whether argmap writes this format."""
        return self.writer is not None


FORMATS: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo("yaml", "argmap map (YAML)", (".yaml", ".yml"), "argmap.io.formats", "_read_yaml", "_write_yaml"),
        FormatInfo("json", "argmap map (JSON)", (".json",), "argmap.io.formats", "_read_json", "_write_json"),
        FormatInfo("aif", "AIF JSON (AIFdb, OVA, xAIF)", (".aif",), "argmap.io.aif"),
        FormatInfo("microtext", "Microtext arggraph XML", (".xml",), "argmap.io.microtext"),
        FormatInfo("argdown", "Argdown text", (".argdown", ".ad"), "argmap.io.argdown", reader=None),
        FormatInfo("argdown-json", "Argdown JSON export (`argdown json`)", (), "argmap.io.argdown",
                   reader="reads_json", writer=None),
        FormatInfo("node-link", "networkx node-link JSON", (), "argmap.io.nxjson"),
        FormatInfo("graphml", "GraphML (networkx)", (".graphml",), "argmap.io.nxjson", "reads_graphml",
                   "export_graphml"),
        FormatInfo("carneades", "Carneades 4 argument graph (YAML)", (), "argmap.io.carneades", writer=None),
    )
}
"""Every format, by name."""


def _names(readable: bool) -> str:
    return ", ".join(n for n, i in FORMATS.items() if (i.can_read if readable else i.can_write))

_SNIFF_BYTES = 256 * 1024


# --- shared helpers for the format modules ----------------------------------------------------


def diagnostic(code: str, message: str, filename: str | None = None, *, path: MapPath = (),
               line: int | None = None, column: int | None = None, hint: str | None = None,
               severity: str = "error") -> Diagnostic:
    """A :class:`Diagnostic` with its location (helper for the format modules)."""
    return Diagnostic(code, message, Location(filename, line, column, path), hint, severity)  # type: ignore[arg-type]


def read_bytes(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A file's bytes, or :class:`MapError` (``AM005`` unreadable, ``AM003`` too large)."""
    name = os.fspath(path)
    try:
        size = os.stat(name).st_size
        if size > limits.max_bytes:
            raise too_large(size, limits, name)
        with open(name, "rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise MapError([diagnostic("AM005", f"cannot read file: {exc.strerror or exc}", name)]) from None
    if len(raw) > limits.max_bytes:
        raise too_large(len(raw), limits, name)
    return raw


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


# --- detection --------------------------------------------------------------------------------


def _suffix(path: str | os.PathLike[str]) -> str:
    name = Path(path).name.lower()
    for compound in (".aif.json", ".node-link.json", ".nodelink.json", ".argdown.json"):
        if name.endswith(compound):
            return compound
    return Path(name).suffix


_COMPOUND = {".aif.json": "aif", ".node-link.json": "node-link", ".nodelink.json": "node-link",
             ".argdown.json": "argdown-json"}


def sniff_json(head: str) -> str | None:
    """Which JSON format a document is, from its first part; None when it is not recognisable."""
    if re.search(r'"directed"\s*:\s*(?:true|false)', head) and re.search(r'"nodes"\s*:\s*\[', head):
        # before the "argmap" key: argmap's node-link files carry it in "graph"; the edges come
        # after all the nodes, often beyond the part of the file that is looked at
        return "node-link"
    if re.search(r'"argmap"\s*:\s*"', head[:4096]):
        return "json"
    if re.search(r'"(?:nodeID|AIF|fromID)"\s*:', head):
        return "aif"
    if re.search(r'"relationType"\s*:', head) or (
            re.search(r'"equivalence-class"', head) and re.search(r'"statements"\s*:\s*\{', head)):
        return "argdown-json"
    if re.search(r'"(?:links|edges)"\s*:', head) and re.search(r'"directed"\s*:', head):
        return "node-link"
    if re.search(r'"statements"\s*:\s*\{', head) and re.search(r'"arguments"\s*:\s*\{', head):
        return "argdown-json"
    if re.search(r'"(?:statements|arguments|attacks)"\s*:\s*\[', head):
        return "json"
    return None


def detect_format(path: str | os.PathLike[str] | None = None, head: str | bytes | None = None, *,
                  writing: bool = False) -> str:
    """Choose a format name from a file's suffix and, for reading, its first bytes.

    Parameters
    ----------
    path : path-like, optional
        The file name; its suffix decides where it is unambiguous (``.yaml``, ``.xml``, ...).
    head : str or bytes, optional
        The start of the file's content, used for ``.json`` and unknown suffixes.
    writing : bool
        Choose an output format: ``.json`` then means argmap's own JSON.

    Raises
    ------
    MapError
        ``AM504`` when neither suffix nor content tells the format.

    Examples
    --------
    >>> detect_format("map.yaml")
    'yaml'
    >>> detect_format("x.json", '{"nodes": [{"nodeID": "1", "text": "t", "type": "I"}], "edges": []}')
    'aif'
    >>> detect_format("out.argdown", writing=True)
    'argdown'
    """
    suffix = _suffix(path) if path is not None else ""
    if suffix in _COMPOUND:
        return _COMPOUND[suffix]
    by_suffix = [info.name for info in FORMATS.values() if suffix in info.suffixes]
    if writing:
        writable = [n for n in by_suffix if FORMATS[n].can_write]
        if writable:
            return writable[0]
    elif by_suffix and suffix != ".json":
        if by_suffix[0] == "yaml" and head is not None and _carneades(head):
            return "carneades"  # Carneades graphs are .yml files too
        return by_suffix[0]
    if head is not None and not writing:
        text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
        text = text.lstrip("\ufeff \t\r\n")
        if text.startswith("{") or text.startswith("["):
            found = sniff_json(text[:_SNIFF_BYTES])
            if found:
                return found
        elif text.startswith("<"):
            if "<arggraph" in text[:_SNIFF_BYTES]:
                return "microtext"
            if "<graphml" in text[:_SNIFF_BYTES]:
                return "graphml"
        elif re.match(r"argmap\s*:", text) or re.search(r"^argmap\s*:", text[:4096], re.MULTILINE):
            return "yaml"
        elif _carneades(text):
            return "carneades"
    if suffix == ".json":
        return "json"
    name = os.fspath(path) if path is not None else None
    raise MapError([diagnostic(
        "AM504", "cannot tell the format of this file" + (f" (suffix '{suffix}')" if suffix else ""), name,
        hint=f"name it with a known suffix or give the format explicitly; formats: {', '.join(FORMATS)}",
    )])


def _carneades(head: str | bytes) -> bool:
    from argmap.io.carneades import looks_like_carneades

    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    return looks_like_carneades(text.lstrip("\ufeff")[:_SNIFF_BYTES])


# --- the registry's functions ---------------------------------------------------------------------


def _function(info: FormatInfo, name: str) -> Callable[..., Any]:
    function: Callable[..., Any] = getattr(import_module(info.module), name)
    return function


def _read_yaml(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
               allow_outside_source: bool = False) -> Imported:
    from argmap.io.mapfile import loads as own_loads

    return Imported(own_loads(text, "yaml", filename=filename, limits=limits,
                              allow_outside_source=allow_outside_source))


def _read_json(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
               allow_outside_source: bool = False) -> Imported:
    from argmap.io.mapfile import loads as own_loads

    return Imported(own_loads(text, "json", filename=filename, limits=limits,
                              allow_outside_source=allow_outside_source))


def _write_yaml(map: ArgumentMap) -> Exported:
    from argmap.io.mapfile import dumps as own_dumps

    return Exported(own_dumps(map, "yaml"))


def _write_json(map: ArgumentMap) -> Exported:
    from argmap.io.mapfile import dumps as own_dumps

    return Exported(own_dumps(map, "json"))


def reads(text: str | bytes, format: str | None = None, *, filename: str | None = None,
          limits: Limits = DEFAULT_LIMITS, allow_outside_source: bool = False) -> Imported:
    """Read a map from text in any readable format (detected from ``filename`` and content when omitted).

    ``allow_outside_source`` is passed to argmap's own YAML/JSON reader (see :func:`argmap.io.loads`).

    Raises
    ------
    MapError
        With every problem found, located by line and column where the format has lines.
    """
    if format is None:
        format = detect_format(filename, text[:_SNIFF_BYTES])
    info = FORMATS.get(format)
    if info is None or info.reader is None:
        hint = ("argmap reads Argdown's JSON export: run `argdown json FILE` and convert the .json file"
                if format == "argdown" else f"readable formats: {_names(True)}")
        raise MapError([diagnostic("AM504", f"argmap cannot read the format '{format}'", filename, hint=hint)])
    options = {"allow_outside_source": allow_outside_source} if format in ("yaml", "json") else {}
    result: Imported = _function(info, info.reader)(text, filename=filename, limits=limits, **options)
    return result


def read(path: str | os.PathLike[str], format: str | None = None, *,
         limits: Limits = DEFAULT_LIMITS, allow_outside_source: bool = False) -> Imported:
    """Read a map file in any readable format; see :func:`reads`."""
    raw = read_bytes(path, limits)
    return reads(raw, format, filename=os.fspath(path), limits=limits, allow_outside_source=allow_outside_source)


def loads(text: str | bytes, format: str | None = None, *, filename: str | None = None,
          limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> ArgumentMap:
    """Like :func:`reads` but return the map; warnings are issued as :class:`ConversionWarning`.

    With ``strict``, a warning (anything kept only in metadata) raises :class:`MapError` instead.
    """
    return finish(reads(text, format, filename=filename, limits=limits), strict)


def load(path: str | os.PathLike[str], format: str | None = None, *, limits: Limits = DEFAULT_LIMITS,
         strict: bool = False) -> ArgumentMap:
    """Read a map file in any readable format; see :func:`loads`.

    Examples
    --------
    >>> from argmap.io import formats
    >>> m = formats.load("tests/fixtures/interchange/sample.aif.json")  # doctest: +SKIP
    """
    return finish(read(path, format, limits=limits), strict)


def export(map: ArgumentMap, format: str) -> Exported:
    """Write a map in a format: the text and the diagnostics about what the format cannot hold."""
    info = FORMATS.get(format)
    if info is None or info.writer is None:
        raise MapError([diagnostic("AM504", f"argmap cannot write the format '{format}'",
                                   hint=f"writable formats: {_names(False)}")])
    result: Exported = _function(info, info.writer)(map)
    return result


def dumps(map: ArgumentMap, format: str) -> str:
    """The map as text in ``format``; what the format cannot hold is issued as :class:`ConversionWarning`."""
    result = export(map, format)
    emit(result.diagnostics)
    return result.text


def dump(map: ArgumentMap, path: str | os.PathLike[str], format: str | None = None) -> None:
    """Write the map to ``path`` (atomically) in ``format``, by default chosen from the suffix."""
    from argmap.io.mapfile import write_atomic

    text = dumps(map, format or detect_format(path, writing=True))
    write_atomic(path, text)


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
