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
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from argmap.errors import Diagnostic, Location, MapError, MapPath

__all__ = [
    "DEFAULT_LIMITS",
    "Format",
    "Limits",
    "Request",
    "SpanTuple",
    "Spans",
    "decode",
    "keeping_positions",
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
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                       "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
MapLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
# YAML 1.1's numbers without the base-60 forms (``1:59:59``): they are text in YAML 1.2, and
# converting a long one costs quadratic time.
MapLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
MapLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)

_MAX_INT_BITS = 14_000
"""Integers beyond about 4,200 decimal digits are refused: no writer can print them (Python's
own guard) and no map needs them."""


class _Refused(yaml.MarkedYAMLError):
    """A value YAML can express but a map file cannot hold (it could not be written back)."""


def _refuse(why: str, hint: str) -> Any:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        raise _Refused(None, None, why, node.start_mark, hint)
    return construct


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = int(yaml.SafeLoader.construct_yaml_int(loader, node))
    if value.bit_length() > _MAX_INT_BITS:
        raise _Refused(None, None, "an integer with more than about 4,200 digits", node.start_mark,
                       "write very long numbers as quoted strings")
    return value


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = float(yaml.SafeLoader.construct_yaml_float(loader, node))
    if value != value or value in (float("inf"), float("-inf")):
        raise _Refused(None, None, f"{node.value} (not a number, or infinite) cannot be written as JSON",
                       node.start_mark, f"quote it ('{node.value}') if it is text, or write a finite number")
    return value


MapLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
MapLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
for _tag, _what in (("binary", "binary data (!!binary)"), ("set", "a set (!!set)"),
                    ("timestamp", "a timestamp (!!timestamp)"), ("omap", "an ordered map (!!omap)"),
                    ("pairs", "a list of pairs (!!pairs)")):
    MapLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse(
        f"{_what} has no JSON equivalent, so a map cannot hold it",
        "write the value as plain text, a list or a mapping"))


@dataclass(frozen=True)
class Limits:
    """Safety limits for untrusted input. The defaults fit any hand-built or generated map."""

    max_bytes: int = 64 * 1024 * 1024
    """Largest accepted file, in bytes."""
    max_depth: int = 64
    """Deepest accepted nesting of mappings and sequences (a map needs about 5)."""
    max_alias_nodes: int = 100_000
    """Nodes that YAML aliases may add beyond the document's own, guarding against 'billion laughs'."""
    max_alias_bytes: int = 4 * 1024 * 1024
    """Bytes of text that YAML aliases may add, or the document's own size if larger: a few aliases
    of one long text cost as much as many of a short one."""


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
        return _parse_json(text, filename, limits)
    return _parse_yaml(text, filename, limits)


# --- JSON -----------------------------------------------------------------------------


class _DuplicateKeys(dict[str, Any]):
    """A JSON object in which some keys occurred more than once (found after parsing)."""

    repeated: list[str]


class _NotFinite(ValueError):
    """JSON's ``NaN``/``Infinity`` extension: Python reads it, but no map file can hold it."""


def _not_finite(name: str) -> Any:
    raise _NotFinite(name)


def _parse_json(text: str, filename: str | None, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, list[Diagnostic]]:
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
        data = json.loads(text, object_pairs_hook=pairs_to_dict, parse_constant=_not_finite)
    except _NotFinite as exc:
        found = re.search(r"-?\b(?:NaN|Infinity)\b", text)
        line, column = _line_column(text, found.start()) if found else (None, None)
        raise MapError([Diagnostic("AM010", f"unsupported value: {exc} is not valid JSON and cannot be written back",
                                   Location(filename, line, column), "write a finite number, or quote it as text")]) \
            from None
    except json.JSONDecodeError as exc:
        raise _error("AM001", f"invalid JSON: {exc.msg}", filename, exc.lineno, exc.colno) from None
    except RecursionError:
        raise _error("AM003", "JSON nesting is too deep", filename, 1, 1) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts safely
        raise _number_error(exc, text, filename) from None
    # a map whose text never spells "metadata" (escapes included) has nothing free-form to walk
    if not (isinstance(data, dict) and "argmap" in data) or '"metadata"' in text or "\\u" in text:
        _check_depth(data, limits, filename)
    diagnostics: list[Diagnostic] = []
    if flagged:  # rare: only then is the whole document walked to find where they are
        for path, obj in _walk(data):
            if isinstance(obj, _DuplicateKeys):
                diagnostics.extend(_duplicate_key(key, (*path, key), filename) for key in obj.repeated)
    return data, diagnostics


def _check_depth(data: Any, limits: Limits, filename: str | None) -> None:
    """Refuse JSON nested deeper than ``limits.max_depth`` (the YAML scan refuses it while parsing).

    In argmap's own format only ``metadata`` is free-form (everything else has a fixed shape
    that validation checks), so only it is walked: the check costs nothing on a large map. Any
    other JSON document (an interchange format) is walked whole.
    """
    if isinstance(data, dict) and "argmap" in data:
        roots: list[tuple[Any, int, MapPath]] = []
        for key, value in data.items():
            if key == "metadata":
                roots.append((value, 2, (key,)))
            elif type(value) is list:
                roots.extend((item["metadata"], 4, (key, index, "metadata")) for index, item in enumerate(value)
                             if type(item) is dict and "metadata" in item)
    else:
        roots = [(data, 1, ())]
    limit = limits.max_depth
    for root, depth, path in roots:
        stack = [(root, depth)]
        pop, push = stack.pop, stack.append
        while stack:
            obj, level = pop()
            if type(obj) is dict:
                children: Iterable[Any] = obj.values()
            elif type(obj) is list:
                children = obj
            else:
                continue
            if level > limit:
                raise MapError([Diagnostic("AM003", f"nesting deeper than {limit} levels",
                                           Location(filename, path=path),
                                           "an argument map needs only a few levels; check the file's structure")])
            for child in children:
                kind = type(child)
                if kind is dict or kind is list:
                    push((child, level + 1))


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
    keys: set[str] | None = None
    expecting_key: bool = True
    current: str | int = -1  # the key or index of the child being read


@dataclass
class _Step:
    """One node of the event stream, with where it sits in the document."""

    event: yaml.Event
    stack: list[_Frame]
    is_key: bool


def _walk_events(text: str) -> Iterator[_Step]:
    """Walk PyYAML's event stream (libyaml when present) keeping track of each node's path.

    This is linear and never recursive, so it is safe on hostile input; JSON is valid YAML
    flow syntax, so the same walk serves JSON documents.
    """
    stack: list[_Frame] = []
    for event in yaml.parse(text, Loader=MapLoader):
        is_key = False
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
            if stack:
                parent = stack[-1]
                if not parent.is_mapping:
                    parent.current = int(parent.current) + 1
                elif parent.expecting_key:
                    parent.current = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                    parent.expecting_key = False
                    is_key = True
                else:
                    parent.expecting_key = True
            yield _Step(event, stack, is_key)
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append(_Frame(isinstance(event, yaml.MappingStartEvent)))
        elif isinstance(event, yaml.CollectionEndEvent):
            yield _Step(event, stack, False)
            stack.pop()


def _path(stack: list[_Frame]) -> MapPath:
    return tuple(frame.current for frame in stack)


def _mark(event: yaml.Event) -> tuple[int | None, int | None]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _parse_yaml(text: str, filename: str | None, limits: Limits) -> tuple[Any, list[Diagnostic]]:
    try:
        try:
            return _build(text, filename, limits)
        except _Unusual:  # tags, merge keys, complex keys, several documents: PyYAML's own constructor
            diagnostics = _scan_yaml(text, filename, limits)
            data = yaml.load(text, Loader=MapLoader)  # MapLoader is a SafeLoader
    except _Refused as exc:
        mark = exc.problem_mark
        raise MapError([Diagnostic("AM010", f"unsupported value: {exc.problem}",
                                   Location(filename, mark.line + 1 if mark else None,
                                            mark.column + 1 if mark else None), exc.note)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = "; ".join(str(p) for p in (exc.context, exc.problem) if p)
        too_deep = "nesting depth" in message  # libyaml's own limit can trip before ours
        raise _error(
            "AM003" if too_deep else "AM001",
            f"nesting deeper than {limits.max_depth} levels" if too_deep else f"invalid YAML: {message}",
            filename,
            mark.line + 1 if mark else None, mark.column + 1 if mark else None,
            None if too_deep or mark is None else syntax_hint(text, message, mark.line, mark.column),
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character: locate it by its character offset
        line, column = _line_column(text, exc.position)
        raise _error("AM001", f"invalid YAML: {exc.reason} (character {exc.character!r})", filename, line, column,
                     hint="remove the control character") from None
    except yaml.YAMLError as exc:
        raise _error("AM001", f"invalid YAML: {exc}", filename) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts safely
        raise _number_error(exc, text, filename) from None
    return data, diagnostics


class _Unusual(Exception):
    """The document uses YAML that the one-pass builder leaves to PyYAML's constructor."""


_STR, _NULL, _BOOL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
_SCALAR_TAGS = frozenset({_STR, _NULL, _BOOL, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_DEFAULT_COLLECTION_TAGS = frozenset({None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_CONSTRUCTOR_HOST = yaml.SafeLoader("")  # what the int and float constructors are handed (they read node.value)


def _resolve(value: str, plain: bool) -> str:
    """The tag of an untagged scalar: MapLoader's implicit resolvers for plain text, else str."""
    if not plain:
        return _STR
    for tag, regexp in MapLoader.yaml_implicit_resolvers.get(value[:1], ()):
        if regexp.match(value):
            return str(tag)
    return _STR


def _build(text: str, filename: str | None, limits: Limits) -> tuple[Any, list[Diagnostic]]:
    """Build the document from PyYAML's event stream in one linear pass, with the limits applied.

    PyYAML's own loader composes a node tree and then constructs from it, and the limits need a
    pass of their own before that: three walks of the document. Here one walk over the events
    (read by libyaml when present) enforces the limits, finds duplicate keys and builds the
    data. Only the YAML that maps do not use (explicit tags, merge keys, complex keys, several
    documents) raises :class:`_Unusual`, and is then loaded by PyYAML's constructor as before.
    Aliases share the anchored object, as PyYAML's constructor does.
    """
    diagnostics: list[Diagnostic] = []
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (nodes, bytes) it expands to; _OPEN while read
    anchored: dict[str, Any] = {}  # anchor -> its value
    own_nodes = alias_nodes = own_bytes = alias_bytes = 0
    byte_budget = max(limits.max_alias_bytes, len(text))
    max_depth = limits.max_depth
    resolvers = MapLoader.yaml_implicit_resolvers
    constructors = MapLoader.yaml_constructors
    # a frame: [container, is_mapping, pending key (or _NO_KEY), nodes and bytes at start, anchor,
    #           the key of the child being read (for a duplicate key's path), the container's path]
    stack: list[list[Any]] = []
    spans: Spans | None = None  # where every node is written, when a caller keeps them
    kept = _kept_positions.get()
    if kept is not None and len(text) <= _KEEP_POSITIONS_UP_TO:
        kept.clear()  # one text at a time: a caller locates what it has just loaded
        kept[text] = spans = Spans({}, {}, {})
    path: MapPath = ()
    root: Any = None
    documents = 0
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent

    event: Any
    for event in yaml.parse(text, Loader=MapLoader):
        kind = type(event)
        if kind is scalar_event:
            value: Any = event.value
            own_nodes += 1
            own_bytes += len(value) + 2
            tag = event.tag
            if tag is None or tag == "!":
                if event.implicit[0] and value[:1] in resolvers:
                    tag = _resolve(value, True)
                    if tag not in _SCALAR_TAGS:
                        raise _Unusual
                    if tag == _NULL:
                        value = None
                    elif tag == _BOOL:
                        value = value in ("true", "True", "TRUE")
                    elif tag != _STR:
                        value = constructors[tag](_CONSTRUCTOR_HOST, yaml.ScalarNode(tag, value, event.start_mark,
                                                                                       event.end_mark))
            else:
                raise _Unusual
            if event.anchor:
                sizes[event.anchor] = (1, len(event.value) + 2)
                anchored[event.anchor] = value
        elif kind is alias_event:
            size = _alias_size(event, sizes, filename)
            alias_nodes += size[0]
            alias_bytes += size[1]
            _check_alias_budget(event, alias_nodes, alias_bytes, own_nodes, limits, byte_budget, filename)
            value = anchored[event.anchor or ""]
        elif kind is mapping_start or kind is sequence_start:
            if event.tag not in _DEFAULT_COLLECTION_TAGS:
                raise _Unusual
            own_nodes += 1
            own_bytes += 2
            if len(stack) >= max_depth:
                raise _refusal(f"nesting deeper than {max_depth} levels", event,
                               "an argument map needs only a few levels; check the file's structure", filename)
            container: Any = {} if kind is mapping_start else []
            if stack:
                parent = stack[-1]
                if parent[1]:
                    if parent[2] is _NO_KEY:
                        raise _Unusual  # a collection as a key
                    container_key = parent[2]
                    parent[2] = _NO_KEY
                    parent[0][container_key] = container
                else:
                    container_key = len(parent[0])
                    parent[0].append(container)
                if spans is not None:
                    path = (*parent[7], container_key)
            else:
                root = container
            if spans is not None:
                mark = event.start_mark
                spans.collections[path] = (mark.line, mark.column, mark.line, mark.column)
            if event.anchor:
                sizes[event.anchor] = _OPEN
                anchored[event.anchor] = container
            stack.append([container, kind is mapping_start, _NO_KEY, own_nodes + alias_nodes,
                          own_bytes + alias_bytes, event.anchor, None, path])
            continue
        elif kind is mapping_end or kind is sequence_end:
            frame = stack.pop()
            if spans is not None:
                start, end = spans.collections[frame[7]], event.end_mark
                spans.collections[frame[7]] = (start[0], start[1], end.line, end.column)
            if frame[5]:
                sizes[frame[5]] = (own_nodes + alias_nodes - frame[3] + 1, own_bytes + alias_bytes - frame[4] + 2)
            continue
        else:
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Unusual  # PyYAML's loader says where the second document starts
            continue
        # a scalar or an alias: a key, a mapping's value or a list item
        if not stack:
            root = value
            continue
        parent = stack[-1]
        if not parent[1]:
            if spans is not None:
                mark, end = event.start_mark, event.end_mark
                item: MapPath = (*parent[7], len(parent[0]))
                spans.values[item] = (mark.line, mark.column, end.line, end.column)
            parent[0].append(value)
        elif parent[2] is not _NO_KEY:
            if spans is not None:
                mark, end = event.start_mark, event.end_mark
                member: MapPath = (*parent[7], parent[2])
                spans.values[member] = (mark.line, mark.column, end.line, end.column)
            parent[0][parent[2]] = value
            parent[2] = _NO_KEY
        else:  # a key
            try:
                repeated = value in parent[0]
            except TypeError:
                raise _Unusual from None  # an aliased collection as a key
            if value == "<<" and kind is scalar_event and event.implicit[0]:
                raise _Unusual  # a merge key
            parent[2] = parent[6] = value
            if spans is not None:
                mark, end = event.start_mark, event.end_mark
                introduced: MapPath = (*parent[7], value)
                spans.keys[introduced] = (mark.line, mark.column, end.line, end.column)
            if repeated:
                where = tuple(frame[6] if frame[1] else len(frame[0]) - 1 for frame in stack)
                diagnostics.append(_duplicate_key(str(value), where, filename, *_mark(event)))
    return root, diagnostics


SpanTuple = tuple[int, int, int, int]
"""Where something is written: 0-based start line and column, end line and column (end exclusive)."""


@dataclass
class Spans:
    """Where every node of a parsed YAML text is written, by map path (see :func:`keeping_positions`).

    Positions are PyYAML's: 0-based lines and columns counted in characters (code points).
    """

    values: dict[MapPath, SpanTuple]
    """Scalar (and alias) values."""
    keys: dict[MapPath, SpanTuple]
    """Mapping keys, by the path of the value each introduces (the last, for a repeated key, as for values)."""
    collections: dict[MapPath, SpanTuple]
    """Mappings and sequences, from their first character to their end."""

    def position(self, request: Request) -> tuple[int, int] | None:
        """The 1-based line and column of a requested path (its key, or its value), if written."""
        path, key = request
        found = self.keys.get(path) if key else self.values.get(path) or self.collections.get(path)
        return (found[0] + 1, found[1] + 1) if found is not None else None


_kept_positions: ContextVar[dict[str, Spans] | None] = ContextVar("argmap_yaml_positions", default=None)
_KEEP_POSITIONS_UP_TO = 8 * 1024 * 1024
"""Texts up to this size keep their positions while parsed (about 20 bytes held per byte of YAML);
larger ones are parsed again by :func:`positions` when there is something to report."""


@contextmanager
def keeping_positions() -> Iterator[dict[str, Spans]]:
    """Keep where every node of the YAML text parsed meanwhile (in this thread or task) is written.

    A caller that loads a map and then reports on it (the linter, the language server) locates
    its findings from these instead of parsing the text once more: :func:`positions` uses them.
    Only the last text parsed is kept, and only texts of up to 8 MB.

    Yields
    ------
    dict of str to Spans
        The text parsed last, and its spans (empty until a YAML text is parsed).
    """
    kept: dict[str, Spans] = {}
    token = _kept_positions.set(kept)
    try:
        yield kept
    finally:
        _kept_positions.reset(token)


_NO_KEY: Any = object()
"""A mapping frame's pending key when the next node read is a key."""


_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_-]*:\s+)(.+?)\s*$")


def syntax_hint(text: str, problem: str, line: int, column: int) -> str | None:
    """A hint for the YAML mistakes people make by hand, or None (``line``, ``column`` 0-based).

    * a tab in the indentation (YAML indents with spaces only);
    * a colon followed by a space inside unquoted text (``text: The answer: no``), which YAML reads
      as a second key: the hint is the line with the text quoted, checked to parse;
    * an unclosed quotation mark or bracket.
    """
    lines = text.splitlines()
    here = lines[line] if 0 <= line < len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip())] or "tab character" in problem or here[column:column + 1] == "\t":
        return "YAML indents with spaces, not tabs: replace the tab(s) at the start of this line with spaces"
    if "mapping values are not allowed" in problem:
        match = _KEY_VALUE.match(here)
        if match is not None:
            head, value = match.groups()
            fixed = head + json.dumps(value, ensure_ascii=False)
            try:
                yaml.load(fixed.strip().removeprefix("- "), Loader=MapLoader)
            except yaml.YAMLError:
                fixed = ""
            if fixed:
                return f"a colon and a space inside unquoted text start a new key; quote the text: {fixed.strip()}"
        return "a colon and a space inside unquoted text start a new key; put the text in double quotes"
    if "end of stream" in problem and "quoted" in problem + here:
        return "a quotation mark is not closed; close it (or escape an inner one: \\\" in double quotes)"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return ("a bracket is not closed, or a value inside [...] or {...} contains a comma, colon or bracket: "
                "close the bracket, or quote the value")
    if "block sequence entries are not allowed" in problem:
        return "a list item '- ' cannot follow a key on the same line: start the list on the next line, indented"
    return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _number_error(exc: ValueError, text: str, filename: str | None) -> MapError:
    # Python refuses to convert integers of more than sys.get_int_max_str_digits() digits (a
    # denial-of-service guard); neither parser reports where, so the first such run is located.
    limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
    digits = re.search(r"\d{" + str(limit + 1) + ",}", text)
    if digits is None:
        return _error("AM001", f"invalid number: {exc}", filename)
    line, column = _line_column(text, digits.start())
    return _error("AM003", f"a number has more than {limit:,} digits", filename, line, column,
                  hint="write very long numbers as quoted strings")


def _scan_yaml(text: str, filename: str | None, limits: Limits) -> list[Diagnostic]:
    """Enforce the limits and find duplicate keys in one pass over the events.

    Counting is done on events, before any node tree is built, so neither a deeply nested
    document nor an alias bomb costs more than one linear pass. Aliases are measured by what
    they cost: the nodes and the bytes of text they add.
    """
    diagnostics: list[Diagnostic] = []
    # anchor -> (nodes, bytes) it expands to; _OPEN while its collection is being read
    anchors: dict[str, tuple[int, int]] = {}
    scalar_anchors: dict[str, str] = {}  # anchor -> value, for an alias used as a key
    own_nodes = 0
    alias_nodes = 0
    alias_bytes = 0
    byte_budget = max(limits.max_alias_bytes, len(text))
    own_bytes = 0
    open_collections: list[tuple[int, int, str | None]] = []  # nodes and bytes at start, anchor

    for step in _walk_events(text):
        event, stack = step.event, step.stack
        if step.is_key:
            parent = stack[-1]
            keys = parent.keys if parent.keys is not None else set()
            if isinstance(event, yaml.AliasEvent) and (event.anchor or "") in scalar_anchors:
                parent.current = scalar_anchors[event.anchor or ""]
            key = str(parent.current)
            if key in keys and not (key == "?" and not isinstance(event, yaml.ScalarEvent)):
                diagnostics.append(_duplicate_key(key, _path(stack), filename, *_mark(event)))
            keys.add(key)
            parent.keys = keys
        if isinstance(event, yaml.ScalarEvent):
            own_nodes += 1
            own_bytes += len(event.value) + 2
            if event.anchor:
                anchors[event.anchor] = (1, len(event.value) + 2)
                scalar_anchors[event.anchor] = event.value
        elif isinstance(event, yaml.AliasEvent):
            size = _alias_size(event, anchors, filename)
            alias_nodes += size[0]
            alias_bytes += size[1]
            _check_alias_budget(event, alias_nodes, alias_bytes, own_nodes, limits, byte_budget, filename)
        elif isinstance(event, yaml.CollectionStartEvent):
            own_nodes += 1
            own_bytes += 2
            if event.anchor:
                anchors[event.anchor] = _OPEN
            if len(stack) >= limits.max_depth:
                raise _refusal(f"nesting deeper than {limits.max_depth} levels", event,
                               "an argument map needs only a few levels; check the file's structure", filename)
            open_collections.append((own_nodes + alias_nodes, own_bytes + alias_bytes, event.anchor))
        elif isinstance(event, yaml.CollectionEndEvent):
            start_count, start_bytes, anchor = open_collections.pop()
            if anchor:
                anchors[anchor] = (own_nodes + alias_nodes - start_count + 1,
                                   own_bytes + alias_bytes - start_bytes + 2)
    return diagnostics


def _refusal(message: str, event: yaml.Event, hint: str, filename: str | None, code: str = "AM003") -> MapError:
    line, column = _mark(event)
    return _error(code, message, filename, line, column, hint)


def _alias_size(event: yaml.Event, sizes: dict[str, tuple[int, int]], filename: str | None) -> tuple[int, int]:
    """The nodes and bytes an alias adds; refused when it names no anchor, or the node it is in."""
    anchor = getattr(event, "anchor", None) or ""
    size = sizes.get(anchor)
    if size is None:
        raise _refusal(f"alias '*{anchor}' refers to no anchor defined before it", event,
                       f"define the anchor ('&{anchor}') before using it, or remove the alias", filename, "AM001")
    if size is _OPEN:
        raise _refusal(f"alias '*{anchor}' refers to a node that contains it (recursive alias)", event,
                       "argument maps cannot contain recursive structures; remove the alias", filename)
    return size


def _check_alias_budget(event: yaml.Event, alias_nodes: int, alias_bytes: int, own_nodes: int, limits: Limits,
                        byte_budget: int, filename: str | None) -> None:
    """Refuse aliases that have added more nodes or bytes than the limits allow (an alias bomb)."""
    if alias_nodes > limits.max_alias_nodes and alias_nodes > own_nodes:
        raise _refusal(f"YAML aliases expand to more than {limits.max_alias_nodes:,} nodes", event,
                       "this looks like an alias bomb; write the values out instead of aliasing them", filename)
    if alias_bytes > byte_budget:
        raise _refusal(f"YAML aliases expand to more than {byte_budget:,} bytes of text", event,
                       "this looks like an alias bomb; write the values out instead of aliasing them", filename)


_OPEN = (-1, -1)
"""The size of an anchor whose collection is still being read (an alias to it would recurse)."""


# --- Positions --------------------------------------------------------------------------


Request = tuple[MapPath, bool]
"""A position request: a map path, and whether the key (rather than the value) is wanted."""


def positions(text: str, fmt: Format, requests: Iterable[Request]) -> dict[Request, tuple[int, int]]:
    """Find the 1-based line and column of each requested map path; call only when reporting.

    A path that does not exist (a missing key) falls back to its nearest enclosing value, so
    the report points at the object that should hold it. Paths that cannot be found at all
    (e.g. in a document that no longer parses) are left out.
    """
    wanted = list(requests)
    prefixes = {(path[:cut], key and cut == len(path)) for path, key in wanted for cut in range(len(path) + 1)}
    found: dict[Request, tuple[int, int]] | None = None
    if fmt == "json":
        try:
            found = _json_positions_by_decoder(text, prefixes)
        except (ValueError, IndexError, RecursionError):
            found = None  # not valid JSON after all: try the YAML parser, which also reads JSON
    kept = _kept_positions.get()
    if found is None and kept is not None and fmt == "yaml" and text in kept:
        spans = kept[text]
        found = {request: hit for request in prefixes if (hit := spans.position(request)) is not None}
    if found is None:
        try:
            found = _positions_from_events(text, prefixes)
        except yaml.YAMLError:
            found = _json_positions(text, prefixes) if fmt == "json" else {}
    result: dict[Request, tuple[int, int]] = {}
    for path, key in wanted:
        for cut in range(len(path), -1, -1):
            hit = found.get((path[:cut], key and cut == len(path)))
            if hit is not None:
                result[(path, key)] = hit
                break
    return result


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _json_positions_by_decoder(text: str, prefixes: set[Request]) -> dict[Request, tuple[int, int]]:
    """Positions in JSON text from the standard library's own decoder.

    The document is walked only along the requested paths: keys are read with
    ``json.decoder.scanstring`` and every value off those paths is skipped whole with
    ``JSONDecoder.raw_decode``, which returns where the value ends. Both run in C, so locating
    any number of paths costs about one more parse of the file.
    """
    from json.decoder import scanstring  # type: ignore[attr-defined]  # public in CPython, not in the stubs

    values = {path for path, key in prefixes if not key}
    keys = {path for path, key in prefixes if key}
    inside = {path[:cut] for path, _ in prefixes for cut in range(len(path))}
    offsets: dict[Request, int] = {}
    decode = _DECODER.raw_decode

    def space(index: int) -> int:
        if text[index] not in " \t\n\r":
            return index
        if text[index + 1] not in " \t\n\r":  # the usual single space after ',' or ':'
            return index + 1
        match = _JSON_SPACE.match(text, index)
        return match.end() if match else index

    def walk(index: int, path: MapPath) -> int:
        if path in values:
            offsets[(path, False)] = index
        opening = text[index]
        if path not in inside or opening not in "{[":
            return int(decode(text, index)[1])
        index = space(index + 1)
        closing = "}" if opening == "{" else "]"
        position = 0
        while text[index] != closing:
            if opening == "{":
                if text[index] != '"':
                    raise ValueError("expected a key")
                key, after = scanstring(text, index + 1)
                child: MapPath = (*path, key)
                if child in keys:
                    offsets[(child, True)] = index
                index = space(after)
                if text[index] != ":":
                    raise ValueError("expected ':'")
                index = walk(space(index + 1), child)
            else:
                element: MapPath = (*path, position)
                if element in inside:
                    index = walk(index, element)
                else:  # wanted at most whole (e.g. each argument of a big map): no recursive step
                    if element in values:
                        offsets[(element, False)] = index
                    index = decode(text, index)[1]
                position += 1
            index = space(index)
            if text[index] == ",":
                index = space(index + 1)
            elif text[index] != closing:
                raise ValueError("expected ',' or a closing bracket")
        return index + 1

    walk(space(1 if text.startswith("\ufeff") else 0), ())
    newlines = [match.start() for match in re.finditer("\n", text)] if offsets else []
    found: dict[Request, tuple[int, int]] = {}
    for request, offset in offsets.items():
        line = bisect_right(newlines, offset - 1)
        start = newlines[line - 1] + 1 if line else 0
        found[request] = (line + 1, offset - start + 1)
    return found


def _positions_from_events(text: str, prefixes: set[Request],
                           events: Iterable[yaml.Event] | None = None) -> dict[Request, tuple[int, int]]:
    """Positions of the requested paths from one walk over the events (parsed anew, or given).

    Paths are built only down to the deepest requested level, and the walk stops as soon as
    everything asked for is found.
    """
    found: dict[Request, tuple[int, int]] = {}
    if not prefixes:
        return found
    depth = max(len(path) for path, _ in prefixes)
    wanted = len(prefixes)
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    # a frame: [is_mapping, path, expecting a key, key or index of the child being read]
    stack: list[list[Any]] = []
    event: Any
    for event in (yaml.parse(text, Loader=MapLoader) if events is None else events):
        kind = type(event)
        if kind is scalar_event or kind is alias_event or kind in starts:
            if len(stack) > depth:  # below every requested path: only the nesting is followed
                if kind in starts:
                    stack.append([False, None, False, 0])
                continue
            is_key = False
            if stack:
                parent = stack[-1]
                if not parent[0]:
                    parent[3] += 1
                elif parent[2]:
                    parent[3] = event.value if kind is scalar_event else "?"
                    parent[2] = False
                    is_key = True
                else:
                    parent[2] = True
                path: MapPath = (*parent[1], parent[3])
            else:
                path = ()
            request = (path, is_key)
            if request in prefixes and request not in found:
                mark = event.start_mark
                found[request] = (mark.line + 1, mark.column + 1)
                if len(found) == wanted:
                    break  # everything asked for is found: no need to read the rest of a large file
            if kind in starts:
                stack.append([kind is yaml.MappingStartEvent, path, True, -1])
        elif kind in ends:
            stack.pop()
    return found


def _json_positions(text: str, prefixes: set[Request]) -> dict[Request, tuple[int, int]]:
    # JSON that YAML cannot read (rare: e.g. escaped surrogate pairs); json-source-map is pure
    # Python and slow on big files, so it is only used for files of ordinary size.
    if len(text) > 2_000_000:
        return {}
    from json_source_map import calculate

    try:
        entries = calculate(text)
    except Exception:  # a position is a courtesy; never fail because of it
        return {}
    found: dict[Request, tuple[int, int]] = {}
    for path, key in prefixes:
        pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
        entry = entries.get(pointer)
        if entry is not None:
            loc = entry.key_start if key and entry.key_start is not None else entry.value_start
            found[(path, key)] = (loc.line + 1, loc.column + 1)
    return found
