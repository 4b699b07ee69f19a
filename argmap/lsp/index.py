"""Where things are in a map's text: the id of every node, every reference to one, every value.

An editor asks questions about positions ("what is under the cursor?", "where is this id
defined?", "what may be typed here?"). :func:`build_index` answers them from the YAML/JSON
parser's own event stream (libyaml when present; JSON is read as YAML flow syntax), which
gives every scalar its exact span. A document that stops parsing part-way (the usual state
while typing) still yields an index of everything before the error, and
:func:`expectation_at` reads what is expected at the cursor from the text before it alone, so
completion keeps working in a half-typed file.

Lines and columns here are 0-based and count characters (Unicode code points); the server
converts them to the editor's units.
"""

from __future__ import annotations

import re
import typing
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from argmap._perf import gc_paused
from argmap.errors import MapPath
from argmap.integrity import COLLECTIONS
from argmap.io.parse import Spans, SpanTuple
from argmap.model import ArgumentMap, model_in

if typing.TYPE_CHECKING:
    from argmap.io.argdown_syntax import Token

__all__ = [
    "PROPOSITION_KINDS",
    "ArgdownIndex",
    "Expectation",
    "Heading",
    "IdSite",
    "MapIndex",
    "PathSpans",
    "Scalar",
    "Span",
    "TitleSite",
    "build_argdown_index",
    "build_index",
    "expectation_at",
    "id_role",
    "ids_in_text",
    "is_argdown",
    "model_at",
    "text_format",
]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PROPOSITION_KINDS: tuple[str, ...] = ("statement", "analogy")
"""Kinds of node that premises, conclusions and attackers name."""

_KIND_OF_COLLECTION = dict(COLLECTIONS)


@dataclass(order=True, slots=True)  # not frozen: built for every scalar, and frozen init is several times slower
class Span:
    """A stretch of text from (start_line, start_column) to (end_line, end_column), 0-based, end exclusive."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int

    def contains(self, line: int, column: int) -> bool:
        """Whether a position lies in the span (its end included, where a cursor after a word sits)."""
        return (self.start_line, self.start_column) <= (line, column) <= (self.end_line, self.end_column)


@dataclass(slots=True)
class Scalar:
    """One scalar of the document: a key or a value, with its map path and where it is written."""

    path: MapPath
    """The path of the value (for a key: of the value the key introduces)."""
    is_key: bool
    value: str
    span: Span
    quoted: bool
    """Written in quotes (the span includes them)."""


@dataclass(slots=True)
class IdSite:
    """An id where it is written: a node's own ``id`` (the definition) or a reference to it."""

    id: str
    path: MapPath
    span: Span
    role: str
    """``id`` for a definition, else the reference's role: ``premise``, ``conclusion``, ``attacker``,
    ``target``, ``section``, ``main conclusion`` or ``restates``."""
    quoted: bool = False

    @property
    def is_definition(self) -> bool:
        """Whether this is the node's own ``id``."""
        return self.role == "id"


def id_role(path: MapPath) -> str | None:
    """The role of the value at ``path`` if it holds an id (``id`` for a node's own id), else None.

    >>> id_role(("arguments", 0, "premises", 1))
    'premise'
    >>> id_role(("statements", 2, "id"))
    'id'
    >>> id_role(("statements", 2, "text")) is None
    True
    """
    if len(path) == 2 and path[0] == "main_conclusions" and isinstance(path[1], int):
        return "main conclusion"
    if len(path) < 3 or path[0] not in COLLECTIONS or not isinstance(path[1], int):
        return None
    collection, key, rest = path[0], path[2], path[3:]
    single = not rest
    listed = len(rest) == 1 and isinstance(rest[0], int)
    if key == "id" and single:
        return "id"
    if key == "section" and single and collection != "sections":
        return "section"
    if collection == "arguments":
        if key == "premises" and listed:
            return "premise"
        if key == "conclusion" and single:
            return "conclusion"
    if collection == "attacks":
        if key == "from" and (single or listed):  # format 1.1: one attacker or a list of them
            return "attacker"
        if key == "to" and single:
            return "target"
    if collection in ("statements", "analogies") and key == "restates" and (single or listed):
        return "restates"
    return None


def allowed_kinds(role: str, attack_type: str | None = None) -> tuple[str, ...]:
    """The kinds of node a reference of this role may name (the integrity rules' view)."""
    if role == "section":
        return ("section",)
    if role == "target":
        if attack_type == "undercut":
            return ("argument", "attack")
        if attack_type in ("rebut", "undermine"):
            return PROPOSITION_KINDS
        return (*PROPOSITION_KINDS, "argument", "attack")
    return PROPOSITION_KINDS


# --- the event walk -------------------------------------------------------------------------------


@dataclass
class _Frame:
    is_mapping: bool
    path: MapPath
    start: int
    """Character offset where the collection starts."""
    column: int
    expecting_key: bool = True
    current: str | int = -1
    keys: list[str] = field(default_factory=list)


@dataclass
class _Event:
    event: yaml.Event
    path: MapPath
    is_key: bool


class _Walk:
    """PyYAML's event stream with each node's map path; keeps its stack when the text breaks off."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Frame] = []
        self.error: yaml.YAMLError | None = None
        self.error_offset: int | None = None

    def __iter__(self) -> Iterator[_Event]:
        stack = self.stack
        try:
            for event in yaml.parse(self.text, Loader=_Loader):
                if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                    is_key = False
                    if stack:
                        parent = stack[-1]
                        if not parent.is_mapping:
                            parent.current = int(parent.current) + 1
                        elif parent.expecting_key:
                            parent.current = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                            parent.keys.append(str(parent.current))
                            parent.expecting_key = False
                            is_key = True
                        else:
                            parent.expecting_key = True
                        path: MapPath = (*parent.path, parent.current)
                    else:
                        path = ()
                    if isinstance(event, yaml.CollectionStartEvent):  # pushed first: its frame is on top
                        _, column, offset = _start(event)
                        stack.append(_Frame(isinstance(event, yaml.MappingStartEvent), path, offset, column))
                    yield _Event(event, path, is_key)
                elif isinstance(event, yaml.CollectionEndEvent):
                    frame = stack.pop()
                    yield _Event(event, frame.path, False)
        except yaml.YAMLError as exc:
            self.error = exc
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            self.error_offset = mark.index if mark is not None else None
        except (ValueError, RecursionError) as exc:  # e.g. an over-long number: keep what was read
            self.error = yaml.YAMLError(str(exc))


def _start(event: yaml.Event) -> tuple[int, int, int]:
    """An event's start as (line, column, character offset); PyYAML always sets the marks it parses."""
    mark = event.start_mark
    return (mark.line, mark.column, mark.index) if mark is not None else (0, 0, 0)


def _end(event: yaml.Event) -> tuple[int, int, int]:
    mark = event.end_mark
    return (mark.line, mark.column, mark.index) if mark is not None else _start(event)


def _span(event: yaml.Event) -> Span:
    (line, column, _), (end_line, end_column, _) = _start(event), _end(event)
    return Span(line, column, end_line, end_column)


# --- the index ----------------------------------------------------------------------------------


@dataclass
class MapIndex:
    """The positions of a map's keys, values, collections and ids."""

    scalars: list[Scalar]
    """Every scalar, in document order."""
    values: dict[MapPath, Scalar]
    keys: dict[MapPath, Scalar]
    """Key scalars, by the path of the value they introduce."""
    collections: dict[MapPath, Span]
    sites: list[IdSite]
    complete: bool
    """Whether the whole text parsed (else the index covers the text before the error)."""
    error: str | None = None

    @cached_property
    def _starts(self) -> list[tuple[int, int]]:
        # Built on the first lookup by position (hover, completion), not for every check's diagnostics.
        return [(s.span.start_line, s.span.start_column) for s in self.scalars]

    @property
    def definitions(self) -> dict[str, IdSite]:
        """The first definition of each id."""
        found: dict[str, IdSite] = {}
        for site in self.sites:
            if site.is_definition:
                found.setdefault(site.id, site)
        return found

    def kind_of(self, node_id: str) -> str | None:
        """The kind of node (``statement``, ``argument``, ...) that defines ``node_id``."""
        site = self.definitions.get(node_id)
        return _KIND_OF_COLLECTION.get(str(site.path[0])) if site else None

    def scalar_at(self, line: int, column: int) -> Scalar | None:
        """The scalar under a position (a cursor just after it counts), if any."""
        index = bisect_right(self._starts, (line, column)) - 1
        for candidate in (index, index - 1):
            if 0 <= candidate < len(self.scalars) and self.scalars[candidate].span.contains(line, column):
                return self.scalars[candidate]
        return None

    def site_at(self, line: int, column: int) -> IdSite | None:
        """The id (definition or reference) under a position, if any."""
        scalar = self.scalar_at(line, column)
        if scalar is None or scalar.is_key:
            return None
        role = id_role(scalar.path)
        return IdSite(scalar.value, scalar.path, scalar.span, role, scalar.quoted) if role else None

    def sites_of(self, node_id: str) -> list[IdSite]:
        """Every place ``node_id`` is written: its definition(s) and references, in document order."""
        return [site for site in self.sites if site.id == node_id]

    def span_of(self, path: MapPath, key: bool = False) -> Span | None:
        """Where the value (or, with ``key``, the key) at ``path`` is written; for a missing path, the
        nearest enclosing thing that is."""
        values, keys = self.values, self.keys
        return _span_of(path, key, lambda p: values[p].span if p in values else None,
                        lambda p: keys[p].span if p in keys else None, self.collections.get)

    def value(self, path: MapPath) -> str | None:
        """The scalar value at ``path``, if the text has one there."""
        scalar = self.values.get(path)
        return scalar.value if scalar else None


def _span_of(path: MapPath, key: bool, value: Callable[[MapPath], Span | None],
             key_of: Callable[[MapPath], Span | None], collection: Callable[[MapPath], Span | None]) -> Span | None:
    if key:
        found = key_of(path)
        if found is not None:
            return found
    for cut in range(len(path), -1, -1):
        head = path[:cut]
        found = value(head)
        if found is not None:
            return found
        whole = collection(head)
        if whole is not None:
            if cut == 2 and head[0] in COLLECTIONS:
                node_id = value((*head, "id"))
                if node_id is not None:
                    return node_id  # a node: point at its id, not the whole item
            if cut < len(path):
                child = key_of((*head, path[cut]))
                if child is not None:
                    return child
            return whole
    return None


class PathSpans:
    """Where the loader found each value, key and collection: enough to place diagnostics.

    Built from the spans the loader keeps while it reads a map (:func:`argmap.io.parse.keeping_positions`),
    so diagnostics are placed without building the full :class:`MapIndex`, which only the editor's
    questions (hover, completion, ...) need.
    """

    def __init__(self, spans: Spans) -> None:
        self._spans = spans

    def span_of(self, path: MapPath, key: bool = False) -> Span | None:
        """As :meth:`MapIndex.span_of`."""
        spans = self._spans
        return _span_of(path, key, lambda p: _as_span(spans.values.get(p)), lambda p: _as_span(spans.keys.get(p)),
                        lambda p: _as_span(spans.collections.get(p)))


def _as_span(found: SpanTuple | None) -> Span | None:
    return Span(*found) if found is not None else None


_ID_KEYS = frozenset({"id", "section", "premises", "conclusion", "from", "to", "restates"})
"""The keys under which :func:`id_role` finds ids (a quick test before calling it)."""

_NO_MARK = yaml.Mark("", 0, 0, 0, "", 0)  # PyYAML sets marks on parsed events; typing says they may be None


def build_index(text: str, events: Iterable[yaml.Event] | None = None) -> MapIndex:
    """Index a map's YAML or JSON text (as much of it as parses).

    One pass over the parser's events, written for speed: frames are plain lists, events are told
    apart by exact type. The server builds it when the editor first asks about positions after an
    edit (diagnostics are placed without it: see :class:`PathSpans`).

    Parameters
    ----------
    text : str
        The document.
    events : iterable of yaml.Event, optional
        The events of ``text``, if already parsed, to spare parsing it again.
    """
    # Tens of thousands of small acyclic objects: the cyclic collector would run over and over
    # for nothing (it was over half of the index's time at 5,000 nodes).
    with gc_paused():
        return _build_index(text, events)


def _build_index(text: str, events: Iterable[yaml.Event] | None) -> MapIndex:
    scalars: list[Scalar] = []
    values: dict[MapPath, Scalar] = {}
    keys: dict[MapPath, Scalar] = {}
    collections: dict[MapPath, Span] = {}
    sites: list[IdSite] = []
    # a frame: [is_mapping, path, expecting_key, current, start line, start column]
    stack: list[list[Any]] = []
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    error: str | None = None
    try:
        event: Any  # scalar, alias and collection events, told apart by exact type below
        for event in (yaml.parse(text, Loader=_Loader) if events is None else events):
            kind = type(event)
            if kind is scalar_event or kind is alias_event or kind in starts:
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
                mark = event.start_mark or _NO_MARK
                if kind is scalar_event:
                    end_mark = event.end_mark or mark
                    span = Span(mark.line, mark.column, end_mark.line, end_mark.column)
                    scalar = Scalar(path, is_key, event.value, span, event.style in ('"', "'"))
                    scalars.append(scalar)
                    if is_key:
                        keys[path] = scalar
                    else:
                        values[path] = scalar
                        if event.value and len(path) >= 2 and (
                                (path[-1] if type(path[-1]) is not int else path[-2]) in _ID_KEYS
                                or path[0] == "main_conclusions"):  # most values hold no id: skip id_role
                            role = id_role(path)
                            if role is not None:
                                sites.append(IdSite(event.value, path, span, role, scalar.quoted))
                elif kind is not alias_event:
                    stack.append([kind is yaml.MappingStartEvent, path, True, -1, mark.line, mark.column])
            elif kind in ends:
                frame = stack.pop()
                end_mark = event.end_mark or _NO_MARK
                collections[frame[1]] = Span(frame[4], frame[5], end_mark.line, end_mark.column)
    except yaml.YAMLError as exc:
        error = str(exc)
    except (ValueError, RecursionError) as exc:  # e.g. an over-long number: keep what was read
        error = str(exc)
    # Collections left open by an error still get a span, up to the end of what parsed.
    last = scalars[-1].span if scalars else Span(0, 0, 0, 0)
    for frame in stack:
        collections.setdefault(frame[1], Span(frame[4], frame[5], last.end_line, last.end_column))
    return MapIndex(scalars, values, keys, collections, sites, error is None, error)


# --- Argdown ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class TitleSite:
    """A statement's ``[title]`` or an argument's ``<title>`` where it is written (the span: the title alone)."""

    kind: Literal["statement", "argument"]
    title: str
    span: Span
    role: Literal["definition", "reference", "mention"]
    """``definition`` (``[title]: text``), ``reference`` (``[title]``) or ``mention`` (``@[title]`` in a text)."""

    @property
    def is_definition(self) -> bool:
        """Whether the title is defined here (``[title]:`` or ``<title>:``)."""
        return self.role == "definition"


@dataclass(slots=True)
class Heading:
    """An Argdown heading (a section): its level, its text and where the text is written."""

    level: int
    title: str
    span: Span


@dataclass
class ArgdownIndex:
    """Where an Argdown document writes each title and heading: what :class:`MapIndex` is for YAML.

    Built from the Argdown lexer's own tokens (:func:`argmap.io.argdown_syntax.title_occurrences`),
    so a half-typed document that does not parse is indexed all the same.
    """

    sites: list[TitleSite]
    """Every title written, in text order."""
    headings: list[Heading]
    complete: bool
    """Whether the lexer read the whole text (else the index covers the text before its error)."""
    error: str | None = None
    front_matter: Span | None = None
    """Where the front matter (``=== ... ===``) is, if the document has one."""

    @cached_property
    def _starts(self) -> list[tuple[int, int]]:
        return [(s.span.start_line, s.span.start_column) for s in self.sites]

    def site_at(self, line: int, column: int) -> TitleSite | None:
        """The title under a position (a cursor just after it counts), if any."""
        index = bisect_right(self._starts, (line, column)) - 1
        for candidate in (index, index - 1):
            if 0 <= candidate < len(self.sites) and self.sites[candidate].span.contains(line, column):
                return self.sites[candidate]
        return None

    @cached_property
    def _by_title(self) -> dict[tuple[str, str], list[TitleSite]]:
        # one pass, so that placing thousands of diagnostics by title stays linear
        found: dict[tuple[str, str], list[TitleSite]] = {}
        for site in self.sites:
            found.setdefault((site.kind, site.title), []).append(site)
        return found

    def sites_of(self, kind: str, title: str) -> list[TitleSite]:
        """Every place a statement's (or an argument's) title is written, in text order."""
        return list(self._by_title.get((kind, title), ()))

    def definitions(self, kind: str, title: str) -> list[TitleSite]:
        """Where the title is defined; a title that is only referred to is defined where first written."""
        sites = self.sites_of(kind, title)
        return [site for site in sites if site.is_definition] or sites[:1]

    def titles(self, kind: str) -> dict[str, TitleSite]:
        """Each title of a kind, with its first definition (else its first site), in text order."""
        found: dict[str, TitleSite] = {}
        for site in self.sites:
            if site.kind == kind and (site.title not in found or (site.is_definition
                                                                   and not found[site.title].is_definition)):
                found[site.title] = site
        return found


def build_argdown_index(text: str, tokens: list[Token] | None = None) -> ArgdownIndex:
    """Index an Argdown document's titles and headings (as much of it as the lexer reads).

    Parameters
    ----------
    text : str
        The document.
    tokens : list of Token, optional
        Its tokens, if the reader lexed it already (:func:`argmap.io.argdown_syntax.keeping_tokens`).

    Examples
    --------
    >>> index = build_argdown_index("[Rain]: It rains.\\n  + <Clouds>: It is cloudy.\\n")
    >>> [(s.kind, s.title, s.span.start_line, s.span.start_column) for s in index.sites]
    [('statement', 'Rain', 0, 1), ('argument', 'Clouds', 1, 5)]
    """
    with gc_paused():  # thousands of small acyclic objects
        return _build_argdown_index(text, tokens)


def _build_argdown_index(text: str, tokens: list[Token] | None) -> ArgdownIndex:
    from argmap.io.argdown_syntax import title_occurrences

    found, error = title_occurrences(text, tokens=tokens)
    starts = [0] + [m.end() for m in _LINE_BREAKS.finditer(text)]
    line, next_start, last = 0, starts[1] if len(starts) > 1 else len(text) + 1, len(starts) - 1

    def place(offset: int) -> tuple[int, int]:
        # occurrences come in text order: the line only moves forward
        nonlocal line, next_start
        if offset >= next_start:
            line = bisect_right(starts, offset) - 1
            next_start = starts[line + 1] if line < last else len(text) + 1
        return line, offset - starts[line]

    sites: list[TitleSite] = []
    headings: list[Heading] = []
    front_matter: Span | None = None
    for each in found:
        start_line, start_column = place(each.start)
        if each.kind == "front matter" or each.kind == "heading":
            end_line = bisect_right(starts, each.end) - 1
            span = Span(start_line, start_column, end_line, each.end - starts[end_line])
            if each.kind == "heading":
                headings.append(Heading(each.level, each.title, span))
            else:
                front_matter = span
        else:  # a title is on one line
            sites.append(TitleSite(each.kind, each.title,  # type: ignore[arg-type]
                                   Span(start_line, start_column, start_line, start_column + each.end - each.start),
                                   each.role))  # type: ignore[arg-type]
    message = error.diagnostics[0].message if error is not None and error.diagnostics else None
    return ArgdownIndex(sites, headings, error is None, message, front_matter)


_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def is_argdown(filename: str | None) -> bool:
    """Whether a document is Argdown text, by its file's suffix (``.argdown``, ``.ad``).

    >>> is_argdown("debate.argdown"), is_argdown("map.yaml"), is_argdown(None)
    (True, False, False)
    """
    return bool(filename) and str(filename).lower().endswith((".argdown", ".ad"))


def text_format(filename: str | None, text: str) -> Literal["yaml", "json"]:
    """Whether a map's text is JSON or YAML: by the file's suffix, else by its first character.

    >>> text_format("map.json", ""), text_format(None, '  {"argmap": "1"}'), text_format("map.yml", "{}")
    ('json', 'json', 'yaml')
    """
    suffix = filename.rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    if suffix in ("yaml", "yml"):
        return "yaml"
    if suffix == "json":
        return "json"
    return "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "yaml"


_ID_IN_TEXT = re.compile(r"""(?m)(?:^|[{,\s])["']?id["']?\s*:\s*["']?([A-Za-z0-9_-]+)""")


def ids_in_text(text: str) -> list[str]:
    """Ids written as ``id: x`` / ``"id": "x"`` anywhere in the text, even where it does not parse.

    >>> ids_in_text('statements:\\n  - id: a\\n    text: A\\n  - {id: b, text: [broken')
    ['a', 'b']
    """
    return list(dict.fromkeys(_ID_IN_TEXT.findall(text)))


# --- what is expected at the cursor ----------------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    """What may be typed at a position: a key of some object, or the value at some map path."""

    kind: Literal["key", "value"]
    path: MapPath
    """For ``key``: the path of the object whose key is typed; for ``value``: the value's path."""
    start_column: int
    """Where the word being typed starts on the cursor's line (completion replaces from here)."""
    end_column: int
    """Where that word ends (the cursor, or further when the cursor is inside a word)."""
    quoted: bool
    """The word is inside quotes already (else JSON needs them added)."""
    present: tuple[str, ...] = ()
    """Keys the object already has (before the cursor)."""


_CURSOR = "\ue000"  # a private-use character: a plain-scalar character no map contains
_WORD = re.compile(r"[A-Za-z0-9_.\-]*$")
_WORD_AFTER = re.compile(r"[A-Za-z0-9_.\-]*")


def _offset(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    end = text.find("\n", offset)
    return min(offset + column, end if end >= 0 else len(text))


def _closers(prefix: str) -> str:
    """The quote and brackets that close what is open at the end of ``prefix`` (flow style and JSON)."""
    stack: list[str] = []
    quote: str | None = None
    index, size = 0, len(prefix)
    line_start = True
    while index < size:
        char = prefix[index]
        if quote is not None:
            if char == "\\" and quote == '"':
                index += 2
                continue
            if char == quote:
                if quote == "'" and index + 1 < size and prefix[index + 1] == "'":
                    index += 2
                    continue
                quote = None
        elif char == "#" and (line_start or prefix[index - 1] in " \t"):
            newline = prefix.find("\n", index)
            index = size if newline < 0 else newline
            continue
        elif char in "\"'" and (stack or prefix[index - 1:index] in ("", " ", ":", "\n", "[", "{", ",")):
            quote = char
        elif char in "[{":
            stack.append("]" if char == "[" else "}")
        elif char in "]}" and stack:
            stack.pop()
        line_start = char == "\n"
        index += 1
    return (quote or "") + "".join(reversed(stack))


def expectation_at(text: str, line: int, column: int) -> Expectation | None:
    """What may be typed at a position of a (possibly half-written) map: a key, or a value at a path.

    Only the text before the cursor is read, closed off with the quote and brackets it leaves
    open, so the answer does not depend on whether the rest of the file parses.

    >>> expectation_at("arguments:\\n  - id: a\\n    conclusion: th", 2, 18).path
    ('arguments', 0, 'conclusion')
    >>> e = expectation_at('{"attacks": [{"id": "x", "ty', 0, 27)
    >>> e.kind, e.path
    ('key', ('attacks', 0))
    """
    cursor = _offset(text, line, column)
    line_start = text.rfind("\n", 0, cursor) + 1
    before = text[line_start:cursor]
    if before.lstrip().startswith("#"):
        return None
    word = _WORD.search(before)
    start_column = column - (len(word.group(0)) if word else 0)
    after = _WORD_AFTER.match(text, cursor)
    end_column = column + (len(after.group(0)) if after else 0)
    quoted = start_column > 0 and before[start_column - 1:start_column] in ('"', "'")
    prefix = text[:cursor] + _CURSOR  # a word-character stand-in, so the cursor is always inside a scalar
    walk = _Walk(prefix + _closers(prefix))
    at_cursor: _Event | None = None
    mappings: list[_Frame] = []
    for item in walk:
        event = item.event
        if isinstance(event, yaml.ScalarEvent) and _CURSOR in event.value:
            at_cursor = item
        elif isinstance(event, yaml.MappingStartEvent) and _start(event)[2] <= cursor:
            mappings.append(walk.stack[-1])
    if at_cursor is None and walk.error_offset is not None and walk.error_offset < line_start and walk.stack:
        return None  # the text is broken further up: its structure at the cursor is unknown
    present = tuple(walk.stack[-1].keys) if walk.stack and walk.stack[-1].is_mapping else ()

    def make(kind: Literal["key", "value"], path: MapPath, keys: tuple[str, ...] = present) -> Expectation:
        return Expectation(kind, path, start_column, end_column, quoted, keys)

    if at_cursor is not None:
        if at_cursor.is_key:
            return make("key", at_cursor.path[:-1], tuple(k for k in present if _CURSOR not in k))
        return make("value", at_cursor.path)
    if walk.error is not None and walk.stack:
        top = walk.stack[-1]
        if top.is_mapping:
            if top.expecting_key:
                return make("key", top.path)
            return make("value", (*top.path, top.current))
        return make("value", (*top.path, int(top.current) + 1))
    # A well-formed prefix that ends between values (a fresh line): the block mapping whose keys
    # start at the cursor's column, if the line holds nothing but the word being typed.
    if before.strip() == (word.group(0) if word else "").strip():
        for frame in reversed(mappings):
            if frame.column == start_column:
                return make("key", frame.path, tuple(frame.keys))
    return None


def model_at(path: MapPath) -> type[BaseModel] | None:
    """The model class of the object at ``path`` (e.g. ``Statement`` at ``("statements", 0)``)."""
    model: type[BaseModel] = ArgumentMap
    for part in path:
        if isinstance(part, int):
            continue
        annotation = _field(model, str(part))
        found = model_in(annotation) if annotation is not None else None
        if found is None:
            return None
        model = found
    return model


def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def field_annotation(path: MapPath) -> Any:
    """The type annotation of the field a value path ends in (list items: the field's type)."""
    parts = list(path)
    while parts and isinstance(parts[-1], int):
        parts.pop()
    if not parts:
        return None
    model = model_at(tuple(parts[:-1]))
    return _field(model, str(parts[-1])) if model is not None else None


def literal_values(annotation: Any) -> list[Any]:
    """The values a ``Literal`` inside an annotation allows (e.g. ``Statement.type``'s kinds).

    >>> literal_values(Literal["a", "b"] | None)
    ['a', 'b']
    """
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    found: list[Any] = []
    for arg in typing.get_args(annotation):
        found.extend(v for v in literal_values(arg) if v not in found)
    return found


def is_bool(annotation: Any) -> bool:
    """Whether an annotation is a boolean (possibly optional)."""
    if annotation is bool:
        return True
    return any(is_bool(arg) for arg in typing.get_args(annotation)) and typing.get_origin(annotation) is not Literal
