"""Safe parsing of YAML and JSON documents, and positions of map paths in them.

Parsing is done in two stages so that the common case stays fast:

* :func:`parse` turns text into plain Python data (dicts, lists, scalars) with the safety
  limits applied (nesting depth, YAML alias expansion) and duplicate keys reported;
* :func:`positions` builds, only when there is something to report, an index from a map
  path such as ``("arguments", 2, "premises", 1)`` to the line and column of that value,
  using the parser's own position information (PyYAML marks, JSON source maps).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from argmap.errors import Diagnostic, Location, MapError, MapPath

__all__ = [
    "Format",
    "Limits",
    "Positions",
    "decode",
    "parse",
    "positions",
]

Format = Literal["yaml", "json"]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MapLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader with YAML 1.2 core-schema booleans and no timestamps.

    YAML 1.1 reads ``no``, ``off`` and ``y`` as booleans and ``2025-01-28`` as a date;
    in an argument map those are almost always meant as text, so only ``true``/``false``
    are booleans and dates stay strings.
    """


MapLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
MapLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass(frozen=True)
class Limits:
    """Safety limits for untrusted input. The defaults fit any hand-built or generated map."""

    max_bytes: int = 64 * 1024 * 1024
    """Largest accepted file, in bytes."""
    max_depth: int = 64
    """Deepest accepted nesting of mappings and sequences (a map needs about 5)."""
    max_alias_nodes: int = 100_000
    """Nodes that YAML aliases may add beyond the document's own, guarding against 'billion laughs'."""


DEFAULT_LIMITS = Limits()
"""The limits used when none are given."""


def _error(code: str, message: str, filename: str | None, line: int | None = None,
           column: int | None = None, hint: str | None = None) -> MapError:
    return MapError([Diagnostic(code, message, Location(filename, line, column), hint)])


def decode(raw: bytes, filename: str | None = None) -> str:
    """Decode a map file's bytes: UTF-8, with or without a BOM (UTF-16 with a BOM too).

    Raises :class:`MapError` (``AM002``) naming the line and column of the first bad byte.
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _error("AM002", f"invalid UTF-16 at byte {exc.start}", filename) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise _error(
            "AM002",
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x} at byte offset {exc.start}",
            filename, line, column,
            hint="save the file as UTF-8 (it may be in a legacy encoding such as Big5, GB18030 or Latin-1)",
        ) from None


def parse(text: str, fmt: Format, filename: str | None = None,
          limits: Limits = DEFAULT_LIMITS) -> tuple[Any, list[Diagnostic]]:
    """Parse text into plain data; return it with any duplicate-key diagnostics.

    Raises :class:`MapError` for syntax errors and exceeded limits.
    """
    if fmt == "json":
        return _parse_json(text, filename)
    return _parse_yaml(text, filename, limits)


# --- JSON -----------------------------------------------------------------------------


class _DuplicateKeys(dict[str, Any]):
    """A JSON object in which some keys occurred more than once (found after parsing)."""

    repeated: list[str]


def _parse_json(text: str, filename: str | None) -> tuple[Any, list[Diagnostic]]:
    flagged: list[_DuplicateKeys] = []

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        marked = _DuplicateKeys(obj)
        seen: set[str] = set()
        marked.repeated = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
        flagged.append(marked)
        return marked

    try:
        data = json.loads(text, object_pairs_hook=pairs_to_dict)
    except json.JSONDecodeError as exc:
        raise _error("AM001", f"invalid JSON: {exc.msg}", filename, exc.lineno, exc.colno) from None
    except RecursionError:
        raise _error("AM003", "JSON nesting is too deep", filename, 1, 1) from None
    diagnostics: list[Diagnostic] = []
    if flagged:  # rare: only then is the whole document walked to find where they are
        for path, obj in _walk(data):
            if isinstance(obj, _DuplicateKeys):
                diagnostics.extend(_duplicate_key(key, (*path, key), filename) for key in obj.repeated)
    return data, diagnostics


def _walk(data: Any, path: MapPath = ()) -> Iterator[tuple[MapPath, Any]]:
    stack: list[tuple[MapPath, Any]] = [(path, data)]
    while stack:
        here, obj = stack.pop()
        if isinstance(obj, dict):
            yield here, obj
            stack.extend(((*here, k), v) for k, v in obj.items() if isinstance(v, (dict, list)))
        elif isinstance(obj, list):
            stack.extend(((*here, i), v) for i, v in enumerate(obj) if isinstance(v, (dict, list)))


def _duplicate_key(key: str, path: MapPath, filename: str | None,
                   line: int | None = None, column: int | None = None) -> Diagnostic:
    return Diagnostic(
        "AM004", f"duplicate key '{key}'; only the last value would be kept",
        Location(filename, line, column, path),
        hint=f"remove or rename one of the '{key}' keys",
    )


# --- YAML -----------------------------------------------------------------------------


@dataclass
class _Frame:
    is_mapping: bool
    start_count: int
    anchor: str | None
    keys: set[str]
    expecting_key: bool = True
    current: str | int = -1  # the key or index of the child being read


def _parse_yaml(text: str, filename: str | None, limits: Limits) -> tuple[Any, list[Diagnostic]]:
    try:
        diagnostics = _scan_yaml(text, filename, limits)
        data = yaml.load(text, Loader=MapLoader)  # MapLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = "; ".join(str(p) for p in (exc.context, exc.problem) if p)
        too_deep = "nesting depth" in message  # libyaml's own limit can trip before ours
        raise _error(
            "AM003" if too_deep else "AM001",
            f"nesting deeper than {limits.max_depth} levels" if too_deep else f"invalid YAML: {message}",
            filename,
            mark.line + 1 if mark else None, mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise _error("AM001", f"invalid YAML: {exc}", filename) from None
    return data, diagnostics


def _mark(event: yaml.Event) -> tuple[int | None, int | None]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _scan_yaml(text: str, filename: str | None, limits: Limits) -> list[Diagnostic]:
    """Walk the YAML event stream once (no recursion) to enforce limits and find duplicate keys.

    Counting is done on events, before any node tree is built, so neither a deeply nested
    document nor an alias bomb costs more than one linear pass.
    """
    diagnostics: list[Diagnostic] = []
    stack: list[_Frame] = []
    anchors: dict[str, int | None] = {}
    own_nodes = 0
    alias_nodes = 0

    def fail(message: str, event: yaml.Event, hint: str) -> MapError:
        line, column = _mark(event)
        return _error("AM003", message, filename, line, column, hint)

    for event in yaml.parse(text, Loader=MapLoader):
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)) and stack:
            parent = stack[-1]
            if not parent.is_mapping:
                parent.current = int(parent.current) + 1
            elif parent.expecting_key:
                key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                if key in parent.keys:
                    path = (*(frame.current for frame in stack[:-1]), key)
                    diagnostics.append(_duplicate_key(key, path, filename, *_mark(event)))
                parent.keys.add(key)
                parent.current = key
                parent.expecting_key = False
            else:
                parent.expecting_key = True

        if isinstance(event, yaml.ScalarEvent):
            own_nodes += 1
            if event.anchor:
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            size = anchors.get(event.anchor or "")
            if size is None:
                raise fail(f"alias '*{event.anchor}' refers to a node that contains it (recursive alias)",
                           event, "argument maps cannot contain recursive structures; remove the alias")
            alias_nodes += size
            if alias_nodes > limits.max_alias_nodes and alias_nodes > own_nodes:
                raise fail(f"YAML aliases expand to more than {limits.max_alias_nodes:,} nodes", event,
                           "this looks like an alias bomb; write the values out instead of aliasing them")
        elif isinstance(event, yaml.CollectionStartEvent):
            own_nodes += 1
            if event.anchor:
                anchors[event.anchor] = None  # open: an alias to it from inside would be recursive
            stack.append(_Frame(isinstance(event, yaml.MappingStartEvent), own_nodes + alias_nodes,
                                event.anchor, set()))
            if len(stack) > limits.max_depth:
                raise fail(f"nesting deeper than {limits.max_depth} levels", event,
                           "an argument map needs only a few levels; check the file's structure")
        elif isinstance(event, yaml.CollectionEndEvent):
            frame = stack.pop()
            if frame.anchor:
                anchors[frame.anchor] = own_nodes + alias_nodes - frame.start_count + 1
    return diagnostics


# --- Positions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Positions:
    """Finds the 1-based line and column of a map path in the parsed text."""

    _lookup: Callable[[MapPath, bool], tuple[int, int] | None]

    def find(self, path: MapPath, key: bool = False) -> tuple[int, int] | None:
        """Position of the value at ``path`` (of its key when ``key`` is true).

        Falls back to the nearest enclosing value that exists, so a missing key points
        at the object that should hold it.
        """
        for cut in range(len(path), -1, -1):
            found = self._lookup(path[:cut], key and cut == len(path))
            if found is not None:
                return found
        return None


def positions(text: str, fmt: Format) -> Positions:
    """Build a :class:`Positions` index for ``text``; call only when reporting problems."""
    if fmt == "json":
        return _json_positions(text)
    return _yaml_positions(text)


def _json_positions(text: str) -> Positions:
    from json_source_map import calculate  # only needed on the error path

    try:
        entries = calculate(text)
    except Exception:  # a position index is a courtesy; never fail because of it
        entries = {}

    def lookup(path: MapPath, key: bool) -> tuple[int, int] | None:
        pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
        entry = entries.get(pointer)
        if entry is None:
            return None
        loc = entry.key_start if key and entry.key_start is not None else entry.value_start
        return loc.line + 1, loc.column + 1

    return Positions(lookup)


def _yaml_positions(text: str) -> Positions:
    try:
        root = yaml.compose(text, Loader=MapLoader)
    except yaml.YAMLError:
        root = None

    def lookup(path: MapPath, key: bool) -> tuple[int, int] | None:
        node = root
        if node is None:
            return None
        key_node = None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)]
                if not match:
                    return None
                key_node, node = match[-1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                key_node, node = None, node.value[part]
            else:
                return None
        target = key_node if key and key_node is not None else node
        return target.start_mark.line + 1, target.start_mark.column + 1

    return Positions(lookup)
