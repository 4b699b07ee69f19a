"""argmap's own format (YAML or JSON): reading with located, complete error reports, and writing.

This is the reader and writer behind the ``yaml`` and ``json`` entries of the format registry;
use :func:`argmap.load`/:func:`argmap.dump` (every format, detected from the suffix and content).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from argmap._files import leaves_folder, real_path, write_atomic
from argmap._perf import gc_paused
from argmap.errors import Diagnostic, Location, MapError
from argmap.integrity import COLLECTIONS, check_integrity
from argmap.io.parse import DEFAULT_LIMITS, Format, Limits, decode, parse, positions
from argmap.model import FORMAT_VERSION, ArgumentMap, diagnostics_from_validation_error

__all__ = ["dumps", "loads", "source_path", "to_data", "write_atomic"]

def loads(text: str | bytes, format: Format | None = None, *, filename: str | None = None,
          limits: Limits = DEFAULT_LIMITS, allow_outside_source: bool = False,
          max_errors: int = 1000) -> ArgumentMap:
    """Parse and validate a map from YAML or JSON text.

    Parameters
    ----------
    text : str or bytes
        The document. Bytes are decoded as UTF-8 (a BOM is allowed).
    format : {"yaml", "json"}, optional
        Detected from ``filename`` or the text when omitted.
    filename : str, optional
        Used in error locations.
    limits : Limits
        Safety limits for untrusted input.
    allow_outside_source : bool
        Accept a ``source.path`` that is absolute or leaves the map's folder tree.
    max_errors : int
        Stop listing problems after this many (the count of the rest is still given).

    Raises
    ------
    MapError
        With every problem found, each located by line, column and map path.
    """
    if isinstance(text, bytes):
        if len(text) > limits.max_bytes:
            raise _too_large(len(text), limits, filename)
        text = decode(text, filename)
    elif len(text) > limits.max_bytes:
        raise _too_large(len(text), limits, filename)
    fmt = format or _own_format(filename, text)
    result: ArgumentMap | None = None
    with gc_paused():
        data, diagnostics = parse(text, fmt, filename, limits)
        try:
            # by alias only: a file writes `from`; `from_` is the Python name, an unknown key here
            result = ArgumentMap.model_validate(data, by_name=False)
        except ValidationError as exc:
            diagnostics.extend(diagnostics_from_validation_error(exc))
        if isinstance(data, Mapping):
            if "argmap" not in data and not diagnostics:
                diagnostics.append(Diagnostic("AM011", "missing required key 'argmap' (the format version)",
                                              Location(None, 1, 1), f'start the file with: argmap: "{FORMAT_VERSION}"'))
            diagnostics.extend(check_integrity(data))
            diagnostics.extend(_check_source_path(data, allow_outside_source))
        # The parsed data is freed here, inside the pause: the collection that runs once the
        # collector is back on then walks only the map's objects, not the data's as well.
        del data
    if diagnostics:
        raise MapError(_locate(diagnostics, text, fmt, filename, max_errors))
    assert result is not None
    return result


def _own_format(filename: str | None, text: str) -> Format:
    from argmap.io.formats import detect_format

    found = detect_format(filename, text[:4096])
    if found not in ("yaml", "json"):
        raise MapError([Diagnostic("AM504", f"this is not argmap's own format but '{found}'", Location(filename),
                                   "read it with argmap.load/argmap.loads, which read every format")])
    return "json" if found == "json" else "yaml"


def _too_large(size: int, limits: Limits, filename: str | None) -> MapError:
    return MapError([Diagnostic(
        "AM003", f"file is {size:,} bytes, larger than the limit of {limits.max_bytes:,}",
        Location(filename),
        hint="split the map, or raise the limit (Limits(max_bytes=...) or --max-bytes) if you trust the file",
    )])


def _check_source_path(data: Mapping[str, Any], allow_outside: bool) -> list[Diagnostic]:
    source = data.get("source")
    if allow_outside or not isinstance(source, Mapping) or not isinstance(source.get("path"), str):
        return []
    raw = source["path"]
    if leaves_folder(raw):
        return [Diagnostic(
            "AM023", f"source path '{raw}' leaves the map's folder tree",
            Location(path=("source", "path")),
            hint="put the source next to the map (or below it) and give a relative path; "
            "tools can allow outside paths explicitly (--allow-outside-source)",
        )]
    return []


def _locate(diagnostics: list[Diagnostic], text: str, fmt: Format, filename: str | None,
            max_errors: int) -> list[Diagnostic]:
    shown = diagnostics[:max_errors]
    requests = [(d.location.path, d.code == "AM012") for d in shown if d.location.line is None]
    found = positions(text, fmt, requests) if requests else {}
    located: list[Diagnostic] = []
    for diagnostic in shown:
        where = diagnostic.location
        line, column = where.line, where.column
        if line is None:
            line, column = found.get((where.path, diagnostic.code == "AM012"), (None, None))
        located.append(replace(diagnostic, location=Location(filename, line, column, where.path)))
    located.sort(key=lambda d: (d.location.line or 0, d.location.column or 0))
    if len(diagnostics) > max_errors:
        located.append(Diagnostic("AM003", f"{len(diagnostics) - max_errors} more problems not listed",
                                  Location(filename), "fix the ones above first", "info"))
    return located


def source_path(map: ArgumentMap, map_file: str | os.PathLike[str], *,
                allow_outside: bool = False) -> Path | None:
    """The resolved path of the map's source text, or None when it has no ``source.path``.

    The path is taken relative to the map file's folder. Unless ``allow_outside`` is true,
    a path that resolves (following symbolic links) outside that folder tree raises
    :class:`MapError` (``AM023``).
    """
    if map.source is None or map.source.path is None:
        return None
    base = real_path(map_file).parent
    target = real_path(base / map.source.path)
    if not allow_outside and not target.is_relative_to(base):
        raise MapError([Diagnostic(
            "AM023", f"source path '{map.source.path}' resolves to {target}, outside {base}",
            Location(os.fspath(map_file), path=("source", "path")),
            hint="keep the source inside the map's folder tree, or allow outside paths explicitly",
        )])
    return target


# --- writing ------------------------------------------------------------------------------------

_NODE_COLLECTIONS = tuple(COLLECTIONS)


def _drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in obj.items() if not (isinstance(value, (list, dict)) and not value)}


def to_data(map: ArgumentMap) -> dict[str, Any]:
    """The map as plain JSON-compatible data, in the file's key names, without empty optional keys."""
    data = _drop_empty(map.model_dump(mode="json", by_alias=True, exclude_none=True))
    for collection in _NODE_COLLECTIONS:
        if collection in data:
            data[collection] = [_drop_empty(item) for item in data[collection]]
    return data


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes block-style YAML with Unicode text as-is and multi-line strings as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and value == value.strip() + ("\n" if value.endswith("\n") else "") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dumps(map: ArgumentMap, format: Format = "yaml") -> str:
    """Serialise a map as YAML (the default) or JSON text."""
    data = to_data(map)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return str(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100))
