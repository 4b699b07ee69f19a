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
``argdown``       Argdown text                         ``.argdown`` ``.ad``         yes    yes
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

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from argmap._files import leaves_folder, write_output
from argmap.errors import CODES, Diagnostic, MapError
from argmap.integrity import ensure_sound
from argmap.io._convert import ConversionWarning, Exported, Imported, diagnostic, emit, finish, read_bytes
from argmap.io.parse import DEFAULT_LIMITS, Limits
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
        FormatInfo("argdown", "Argdown text", (".argdown", ".ad"), "argmap.io.argdown"),
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


_YAML_KEY = re.compile(r"^(?:[ \t]*(?:#.*)?\n)*[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)", re.MULTILINE)


def detect_format(path: str | os.PathLike[str] | None = None, head: str | bytes | None = None, *,
                  writing: bool = False) -> str:
    """Choose a format name from a file's suffix and, for reading, its first bytes.

    Parameters
    ----------
    path : path-like, optional
        The file name; its suffix decides where it is unambiguous (``.yaml``, ``.xml``, ...).
    head : str or bytes, optional
        The start of the file's content, used for ``.json`` and unknown suffixes. Without a ``path``,
        content that no format claims but that reads as a YAML mapping or a JSON object is taken as
        argmap's own format, whose reader then says what is wrong.
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
        elif path is None and _YAML_KEY.search(text[:4096]):
            return "yaml"  # text without a name that reads as a YAML mapping: argmap's format says what is wrong
        if path is None and text.startswith("{"):
            return "json"  # likewise for a JSON object that no other format claims
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
               allow_outside_source: bool = False, max_errors: int = 1000) -> Imported:
    from argmap.io.mapfile import loads as own_loads

    return Imported(own_loads(text, "yaml", filename=filename, limits=limits,
                              allow_outside_source=allow_outside_source, max_errors=max_errors))


def _read_json(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
               allow_outside_source: bool = False, max_errors: int = 1000) -> Imported:
    from argmap.io.mapfile import loads as own_loads

    return Imported(own_loads(text, "json", filename=filename, limits=limits,
                              allow_outside_source=allow_outside_source, max_errors=max_errors))


def _write_yaml(map: ArgumentMap) -> Exported:
    from argmap.io.mapfile import dumps as own_dumps

    return Exported(own_dumps(map, "yaml"))


def _write_json(map: ArgumentMap) -> Exported:
    from argmap.io.mapfile import dumps as own_dumps

    return Exported(own_dumps(map, "json"))


def reads(text: str | bytes, format: str | None = None, *, filename: str | None = None,
          limits: Limits = DEFAULT_LIMITS, allow_outside_source: bool = False, max_errors: int = 1000) -> Imported:
    """Read a map from text in any readable format, with what the conversion had to report.

    Parameters
    ----------
    text : str or bytes
        The document; bytes are decoded as UTF-8 (a BOM is allowed).
    format : str, optional
        A name of :data:`FORMATS`; detected from ``filename`` and then the content when omitted.
    filename : str, optional
        Used for detection and in error locations.
    limits : Limits
        Safety limits for untrusted input.
    allow_outside_source, max_errors
        For argmap's own YAML/JSON: accept a ``source.path`` outside the map's folder; stop listing
        problems after this many.

    Returns
    -------
    Imported
        The map, and the diagnostics (warnings and infos, codes ``AM5xx``) about what the input
        holds that argmap keeps only in ``metadata``.

    Raises
    ------
    MapError
        With every problem found, located by line and column where the format has lines. When the
        input fails as one format but its content looks like another, the first problem's hint says so.
    """
    if format is None:
        format = detect_format(filename, text[:_SNIFF_BYTES])
    info = FORMATS.get(format)
    if info is None or info.reader is None:
        hint = f"readable formats: {_names(True)}"
        raise MapError([diagnostic("AM504", f"argmap cannot read the format '{format}'", filename, hint=hint)])
    options: dict[str, Any] = (
        {"allow_outside_source": allow_outside_source, "max_errors": max_errors} if format in ("yaml", "json") else {}
    )
    try:
        result: Imported = _function(info, info.reader)(text, filename=filename, limits=limits, **options)
    except MapError as error:
        raise _with_format_hint(error, text, format) from None
    source = result.map.source
    if not options and not allow_outside_source and source is not None and source.path is not None \
            and leaves_folder(source.path):  # the same rule as argmap's own files (AM023), for every format
        raise MapError([diagnostic("AM023", f"source path '{source.path}' leaves the map's folder tree", filename,
                                   path=("source", "path"),
                                   hint="put the source next to the map (or below it) and give a relative path; "
                                   "tools can allow outside paths explicitly (--allow-outside-source)")])
    return result


def _with_format_hint(error: MapError, text: str | bytes, tried: str) -> MapError:
    """The error, with a hint when the content looks like another readable format than ``tried``."""
    try:
        looks_like = detect_format(None, text[:_SNIFF_BYTES])
    except MapError:
        return error
    if looks_like == tried or {looks_like, tried} == {"yaml", "json"} or not FORMATS[looks_like].can_read:
        return error
    if not error.diagnostics:
        return error
    first = error.diagnostics[0]
    advice = (f"the content looks like {FORMATS[looks_like].title}, not {FORMATS[tried].title}: read it with "
              f"format='{looks_like}' (on the command line: --from {looks_like})")
    hint = f"{advice}; {first.hint}" if first.hint else advice
    return MapError([Diagnostic(first.code, first.message, first.location, hint, first.severity, first.nodes,
                                first.rule), *error.diagnostics[1:]])


def read(path: str | os.PathLike[str], format: str | None = None, *, limits: Limits = DEFAULT_LIMITS,
         allow_outside_source: bool = False, max_errors: int = 1000) -> Imported:
    """Read a map file in any readable format; see :func:`reads`.

    Raises :class:`MapError` with ``AM005`` when the file cannot be read and ``AM003`` when it is
    larger than ``limits.max_bytes``, besides the problems of its content.
    """
    name = os.fspath(path)
    if format == "argdown" or (format is None and _suffix(name) in FORMATS["argdown"].suffixes):
        from argmap.io import argdown  # reading from a file resolves Argdown's @include(...) beside it

        return argdown.read(name, limits=limits)
    raw = read_bytes(name, limits)
    return reads(raw, format, filename=name, limits=limits, allow_outside_source=allow_outside_source,
                 max_errors=max_errors)


def loads(text: str | bytes, format: str | None = None, *, filename: str | None = None,
          limits: Limits = DEFAULT_LIMITS, allow_outside_source: bool = False, max_errors: int = 1000,
          strict: bool = False) -> ArgumentMap:
    """Read a map from text in any readable format (argmap YAML/JSON, AIF, Microtext, GraphML, ...).

    Like :func:`reads`, but returns the map itself. What the conversion reports (the ``AM5xx``
    warnings: parts of the input kept only in ``metadata``) is issued as :class:`ConversionWarning`
    (a :class:`UserWarning` carrying the :class:`~argmap.errors.Diagnostic`); with ``strict`` such a
    warning raises :class:`MapError` instead. Use :func:`reads` to get them as data.

    Examples
    --------
    >>> m = loads('argmap: "1.1"\\nstatements: [{id: c, text: Cities need trees.}]\\n')
    >>> m.node("c").text
    'Cities need trees.'
    """
    return finish(reads(text, format, filename=filename, limits=limits, allow_outside_source=allow_outside_source,
                        max_errors=max_errors), strict)


def load(path: str | os.PathLike[str], format: str | None = None, *, limits: Limits = DEFAULT_LIMITS,
         allow_outside_source: bool = False, max_errors: int = 1000, strict: bool = False) -> ArgumentMap:
    """Read and validate a map file in any readable format, detected from its suffix and then its content.

    Returns a valid :class:`ArgumentMap`, or raises :class:`MapError` listing every problem (each located
    by file, line, column and map path). Conversion warnings as for :func:`loads`.

    Examples
    --------
    >>> import argmap
    >>> m = argmap.load("examples/bike-lanes.yaml")  # doctest: +SKIP
    >>> m = argmap.load("debate.aif.json")  # AIF, by suffix and content  # doctest: +SKIP
    """
    return finish(read(path, format, limits=limits, allow_outside_source=allow_outside_source,
                       max_errors=max_errors), strict)


def export(map: ArgumentMap, format: str = "yaml", *, check: bool = True) -> Exported:
    """Write a map in a format: the text, and the diagnostics (``AM506``) about what the format cannot hold.

    Raises
    ------
    MapError
        ``AM504`` for a format argmap cannot write; with ``check`` (the default), the map's structural
        errors (:func:`argmap.integrity.check_map`), so that no file is written that would not load.
    """
    info = FORMATS.get(format)
    if info is None or info.writer is None:
        raise MapError([diagnostic("AM504", f"argmap cannot write the format '{format}'",
                                   hint=f"writable formats: {_names(False)}")])
    if check:
        ensure_sound(map, "write")
    result: Exported = _function(info, info.writer)(map)
    return result


def dumps(map: ArgumentMap, format: str = "yaml", *, check: bool = True) -> str:
    """The map as text in ``format`` (argmap YAML by default).

    What the format cannot hold is issued as :class:`ConversionWarning` (see :func:`export` to get it
    as data). Raises :class:`MapError` on a map with structural errors unless ``check=False``.
    """
    result = export(map, format, check=check)
    emit(result.diagnostics)
    return result.text


def dump(map: ArgumentMap, path: str | os.PathLike[str], format: str | None = None, *, check: bool = True) -> None:
    """Write the map to ``path`` atomically, in ``format`` (by default chosen from the suffix).

    ``.yaml``/``.yml``/``.json`` write argmap's own format, ``.aif``/``.aif.json`` AIF, ``.xml``
    Microtext, ``.argdown`` Argdown, ``.graphml`` GraphML, ``.node-link.json`` node-link JSON.
    A crash or error never leaves a half-written file. Raises :class:`MapError` on a map with
    structural errors unless ``check=False``.
    """
    text = dumps(map, format or detect_format(path, writing=True), check=check)
    write_output(path, text)
