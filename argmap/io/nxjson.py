"""networkx node-link JSON and GraphML: the map's AIF-shaped graph for graph tools.

Both hold the graph of :func:`argmap.graph.to_networkx`: one node per statement, analogy,
argument and attack (attribute ``kind``, plus the node's own fields), and edges with a
``role`` (``premise`` with its ``index``, ``conclusion``, ``attacker``, ``target``). The map's
own fields (title, source, sections, ...) are graph attributes. Writing and reading back
gives the same map.

* **node-link JSON** is what :func:`networkx.node_link_data` writes (``{"directed", "multigraph",
  "graph", "nodes", "edges"}``), so ``networkx.node_link_graph`` reads it; d3.js and many graph
  tools read it too. Field values are plain JSON.
* **GraphML** (written and read by networkx) holds only scalar values, so lists and objects
  (``tags``, ``mapping``, ``critical_questions``, ``metadata``, ``source``, ``sections``, ...) are
  stored as JSON text. XML cannot hold some control characters; they are replaced by U+FFFD
  with a warning. Reading parses with :mod:`defusedxml` first, so entity declarations are refused.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any

from argmap.errors import Diagnostic, Location, MapError
from argmap.io._convert import (
    Collector,
    Exported,
    Imported,
    as_text,
    build_map,
    diagnostic,
    emit,
    finish,
    import_json,
    json_text,
    read_bytes,
)
from argmap.io.parse import DEFAULT_LIMITS, Limits
from argmap.model import Analogy, Argument, ArgumentMap, Attack, Statement

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "dump",
    "dump_graphml",
    "dumps",
    "dumps_graphml",
    "export",
    "export_graphml",
    "from_node_link",
    "graphml_ready",
    "load",
    "load_graphml",
    "loads",
    "loads_graphml",
    "plain_graph",
    "read",
    "read_graphml",
    "reads",
    "reads_graphml",
    "to_node_link",
]

_HEADER = tuple(field.alias or name for name, field in ArgumentMap.model_fields.items()
                if name not in ("statements", "analogies", "arguments", "attacks"))
_COLLECTIONS = {"statement": "statements", "analogy": "analogies", "argument": "arguments", "attack": "attacks"}
_FIELDS = {kind: frozenset(field.alias or name for name, field in model.model_fields.items())
           for kind, model in (("statement", Statement), ("analogy", Analogy), ("argument", Argument),
                               ("attack", Attack))}


def _structured(annotation: Any) -> bool:
    """Whether a field's values can be lists or objects (GraphML stores those as JSON text)."""
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    if origin in (list, dict) or annotation in (list, dict):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_structured(arg) for arg in typing.get_args(annotation))


_JSON_KEYS = {kind: frozenset(field.alias or name for name, field in model.model_fields.items()
                              if _structured(field.annotation)) - {"statements", "analogies", "arguments",
                                                                   "attacks", "premises", "from"}
              for kind, model in (("map", ArgumentMap), ("statement", Statement), ("analogy", Analogy),
                                  ("argument", Argument), ("attack", Attack))}
"""Per kind of node (and ``map`` for the graph's own attributes), the fields that GraphML (and
:func:`argmap.to_networkx`) hold as JSON text: tags, mapping, metadata, ignore, the map's source ..."""
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _fields(item: Any, skip: frozenset[str]) -> dict[str, Any]:
    data = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {k: v for k, v in data.items() if k not in skip and v not in ([], {})}


def plain_graph(map: ArgumentMap) -> nx.DiGraph[str]:
    """The map's AIF-shaped graph with plain (JSON-ready) attribute values.

    The same nodes and edges as :func:`argmap.graph.to_networkx`, but every attribute is a
    string, number, boolean, list or dict (no pydantic objects), so that the graph can be
    written by networkx's JSON and GraphML writers.
    """
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    header = map.model_dump(mode="json", by_alias=True, exclude_none=True, include=set(_HEADER))
    graph.graph.update({k: v for k, v in header.items() if v not in ([], {})})
    skip_id = frozenset({"id"})
    for statement in map.statements:
        graph.add_node(statement.id, kind="statement", **_fields(statement, skip_id))
    for analogy in map.analogies:
        graph.add_node(analogy.id, kind="analogy", **_fields(analogy, skip_id))
    for argument in map.arguments:
        graph.add_node(argument.id, kind="argument", **_fields(argument, frozenset({"id", "premises", "conclusion"})))
    for attack in map.attacks:
        graph.add_node(attack.id, kind="attack", **_fields(attack, frozenset({"id", "from", "to"})))
    for argument in map.arguments:
        for index, premise in enumerate(argument.premises):
            graph.add_edge(premise, argument.id, role="premise", index=index)
        graph.add_edge(argument.id, argument.conclusion, role="conclusion")
    for attack in map.attacks:
        if isinstance(attack.from_, str):
            graph.add_edge(attack.from_, attack.id, role="attacker")
        else:  # a joint attack keeps its attackers' order, as premises do
            for index, attacker in enumerate(attack.from_):
                graph.add_edge(attacker, attack.id, role="attacker", index=index)
        graph.add_edge(attack.id, attack.to, role="target")
    return graph


def to_node_link(map: ArgumentMap) -> dict[str, Any]:
    """The map as networkx node-link data (``networkx.node_link_graph`` reads it back as a graph)."""
    return _node_link(plain_graph(map))


def _node_link(graph: nx.Graph[Any]) -> dict[str, Any]:
    # what networkx.node_link_data(graph, edges="edges") writes (built here: its keywords vary across versions)
    return {"directed": True, "multigraph": False, "graph": dict(graph.graph),
            "nodes": [{"id": node, **attributes} for node, attributes in graph.nodes(data=True)],
            "edges": [{"source": u, "target": v, **attributes} for u, v, attributes in graph.edges(data=True)]}


def export(map: ArgumentMap) -> Exported:
    """The map as node-link JSON text."""
    return Exported(json_text(to_node_link(map)))


def dumps(map: ArgumentMap) -> str:
    """The map as networkx node-link JSON text.

    Examples
    --------
    >>> m = ArgumentMap.model_validate({"argmap": "1",
    ...     "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]})
    >>> loads(dumps(m)) == m
    True
    """
    return export(map).text


def dump(map: ArgumentMap, path: str | os.PathLike[str]) -> None:
    """Write the map as a node-link JSON file, atomically."""
    from argmap.io.mapfile import write_atomic

    write_atomic(path, dumps(map))


# --- reading node-link data -------------------------------------------------------------------------


def from_node_link(data: Any, *, filename: str | None = None) -> Imported:
    """Convert node-link data (as :func:`networkx.node_link_data` writes it) into a map.

    The graph must be argmap-shaped: every node has a ``kind``, every edge a ``role``
    (see :mod:`argmap.graph`). Edges may be under ``edges`` or (older networkx) ``links``.

    Raises
    ------
    MapError
        For nodes without a known ``kind``, edges without a ``role`` or to missing nodes, and
        arguments or attacks without their edges, each with its path in the data.
    """
    log = Collector(filename)

    def fail(code: str, message: str, path: tuple[str | int, ...], hint: str | None = None) -> None:
        log.add(code, message, path=path, hint=hint, severity="error")

    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise MapError([diagnostic("AM504", "node-link data is an object with a 'nodes' list", filename)])
    edge_key = "edges" if "edges" in data else "links"
    edges = data.get(edge_key, [])
    if not isinstance(edges, list):
        raise MapError([diagnostic("AM010", f"'{edge_key}' must be a list", filename, path=(edge_key,))])
    found = data.get("graph", {})
    if not isinstance(found, dict):
        raise MapError([diagnostic("AM010", "'graph' must be an object (the map's title, lang, sections ...)",
                                   filename, path=("graph",))])
    header: dict[str, Any] = {k: _decode(k, v, "map") for k, v in found.items()}
    out: dict[str, Any] = {k: v for k, v in header.items() if k in _HEADER}
    out.setdefault("argmap", "1")
    unknown = sorted(set(header) - set(_HEADER))
    if unknown:
        metadata = dict(out.get("metadata") or {}) if isinstance(out.get("metadata"), dict) else {}
        metadata["graph"] = {k: header[k] for k in unknown}
        out["metadata"] = metadata
        log.add("AM501", f"graph attributes that are not map fields are kept in metadata['graph']: "
                f"{', '.join(unknown[:10])}", path=("graph",))
    items: dict[str, dict[str, Any]] = {}
    kinds: dict[str, str] = {}
    position: dict[str, int] = {}
    for collection in _COLLECTIONS.values():
        out[collection] = []
    for index, node in enumerate(data["nodes"]):
        if not isinstance(node, dict) or "id" not in node:
            fail("AM010", "a node must be an object with an 'id'", ("nodes", index))
            continue
        raw_id = node["id"]
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            fail("AM010", f"a node id must be a string or an integer, got {json.dumps(raw_id)[:40]}",
                 ("nodes", index, "id"))
            continue
        node_id = str(raw_id)
        kind = node.get("kind")
        if not isinstance(kind, str) or kind not in _COLLECTIONS:  # a list as kind must not raise TypeError
            fail("AM505", f"node '{node_id}' has kind {kind!r}; an argmap graph's nodes are statement, analogy, "
                 "argument or attack", ("nodes", index, "kind"),
                 "only graphs written by argmap (or built like argmap.to_networkx) can be read")
            continue
        if node_id in items:
            fail("AM020", f"duplicate node id '{node_id}'", ("nodes", index, "id"))
            continue
        # structured fields may be JSON text, as argmap.to_networkx stores them
        item = {k: _decode(k, v, str(kind)) for k, v in node.items() if k not in ("id", "kind")}
        extra = sorted(set(item) - _FIELDS[str(kind)])
        if extra:  # attributes other tools add (positions, colours ...): kept with the node
            found_meta = item.get("metadata")
            node_meta: dict[str, Any] = found_meta if isinstance(found_meta, dict) else {}
            item = {k: v for k, v in item.items() if k not in extra}
            item["metadata"] = {**node_meta, "graph": {k: node[k] for k in extra}}
            log.add("AM501", f"node '{node_id}' has attributes that are not fields of a {kind}; kept in its "
                    f"metadata['graph']: {', '.join(extra[:10])}", path=("nodes", index))
        item["id"] = node_id
        items[node_id] = item
        kinds[node_id] = str(kind)
        position[node_id] = index
        out[_COLLECTIONS[str(kind)]].append(item)
    premises: dict[str, list[tuple[int, str]]] = {}
    attackers: dict[str, list[tuple[int | None, str]]] = {}
    single: dict[tuple[str, str], list[str]] = {}
    seen_edges: set[tuple[str, str]] = set()
    for index, edge in enumerate(edges):
        path = (edge_key, index)
        if not isinstance(edge, dict):
            fail("AM010", "an edge must be an object with 'source' and 'target'", path)
            continue
        source, target, role = str(edge.get("source")), str(edge.get("target")), edge.get("role")
        if (source, target) in seen_edges:
            fail("AM010", f"the edge from '{source}' to '{target}' is repeated; an argmap graph has at most one",
                 path, "remove the repeated edge")
            continue
        seen_edges.add((source, target))
        if source not in items or target not in items:
            missing = source if source not in items else target
            fail("AM021", f"edge from '{source}' to '{target}' names the node '{missing}', which does not exist", path)
            continue
        if role == "premise":
            order = edge.get("index", 0)
            premises.setdefault(target, []).append((order if isinstance(order, int) else 0, source))
        elif role in ("conclusion", "target"):
            single.setdefault((source, str(role)), []).append(target)
        elif role == "attacker":
            order = edge.get("index")
            attackers.setdefault(target, []).append((order if isinstance(order, int) else None, source))
        else:
            fail("AM505", f"edge from '{source}' to '{target}' has role {role!r}; argmap edges are premise, "
                 "conclusion, attacker or target", (*path, "role"))
    for node_id, kind in kinds.items():
        item, path = items[node_id], ("nodes", position[node_id])
        if kind == "argument":
            item["premises"] = [source for _, source in sorted(premises.get(node_id, []))]
            ends = single.get((node_id, "conclusion"), [])
            if len(ends) != 1:
                fail("AM505", f"argument '{node_id}' has {len(ends)} conclusion edges, not one", path)
            else:
                item["conclusion"] = ends[0]
        elif kind == "attack":
            sources = attackers.get(node_id, [])
            targets = single.get((node_id, "target"), [])
            if not sources or len(targets) != 1:
                fail("AM505", f"attack '{node_id}' has {len(sources)} attacker and {len(targets)} target edges; it "
                     "needs at least one attacker and exactly one target", path)
            else:
                # a joint attack: several attacker edges, in the order of their `index` (as premises)
                ordered = [name for _, name in sorted(sources, key=lambda pair: pair[0] if pair[0] is not None else 0)]
                joint = len(sources) > 1 or sources[0][0] is not None
                item["from"], item["to"] = (ordered if joint else ordered[0]), targets[0]
    if log.errors:
        raise MapError(log.errors)
    return build_map(out, log.items, filename)


def reads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read node-link JSON written by argmap (or by ``networkx.node_link_data`` from an argmap graph)."""
    return import_json(text, filename, limits, lambda data: from_node_link(data, filename=filename))


def read(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read a node-link JSON file; see :func:`reads`."""
    return reads(read_bytes(path, limits), filename=os.fspath(path), limits=limits)


def loads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
          strict: bool = False) -> ArgumentMap:
    """Read node-link JSON as a map (warnings issued as ``ConversionWarning``; ``strict`` raises)."""
    return finish(reads(text, filename=filename, limits=limits), strict)


def load(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> ArgumentMap:
    """Read a node-link JSON file as a map; see :func:`loads`."""
    return finish(read(path, limits=limits), strict)


# --- GraphML --------------------------------------------------------------------------------------


def _scalar(value: Any, key: str, problems: list[Diagnostic]) -> Any:
    if isinstance(value, (list, dict)):  # a graph of argmap.to_networkx holds these as JSON text already
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and _XML_BAD.search(value):
        problems.append(Diagnostic("AM506", f"'{key}' holds characters that XML cannot hold; they were replaced "
                                   "by U+FFFD", Location(), None, "warning"))
        value = _XML_BAD.sub("\ufffd", value)
    return value


def graphml_ready(graph: nx.DiGraph[str]) -> nx.DiGraph[str]:
    """A copy of an argmap graph that :func:`networkx.write_graphml` can write.

    GraphML holds only scalars: lists and objects (``tags``, ``mapping``, ``metadata``, ``source``,
    ``sections`` ...) become JSON text, as :func:`argmap.to_networkx` already stores them, and
    :func:`reads_graphml` decodes them again; ``None`` values are left out; characters XML
    cannot hold become U+FFFD.

    Parameters
    ----------
    graph : networkx.DiGraph
        An argmap-shaped graph, e.g. from :func:`plain_graph` (lists and objects as they are) or
        :func:`argmap.to_networkx` (then only the characters are cleaned).

    Examples
    --------
    >>> import io, networkx as nx
    >>> from argmap.graph import to_networkx
    >>> m = ArgumentMap.model_validate({"statements": [{"id": "p", "text": "P", "tags": ["x"]},
    ...     {"id": "c", "text": "C"}], "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]})
    >>> buffer = io.BytesIO()
    >>> nx.write_graphml(graphml_ready(to_networkx(m)), buffer)
    >>> loads_graphml(buffer.getvalue()) == m
    True
    """
    return _flatten(graph, [])


def _flatten(graph: nx.DiGraph[str], problems: list[Diagnostic]) -> nx.DiGraph[str]:
    import networkx as nx

    def scalars(attributes: dict[str, Any]) -> dict[str, Any]:
        return {k: _scalar(v, k, problems) for k, v in attributes.items() if v is not None}

    flat: nx.DiGraph[str] = nx.DiGraph()
    flat.graph.update(scalars(graph.graph))
    for node, attributes in graph.nodes(data=True):
        flat.add_node(_scalar(node, "id", problems), **scalars(attributes))
    for u, v, attributes in graph.edges(data=True):
        flat.add_edge(_scalar(u, "id", problems), _scalar(v, "id", problems), **scalars(attributes))
    return flat


def export_graphml(map: ArgumentMap) -> Exported:
    """The map as GraphML text, with diagnostics about characters XML cannot hold."""
    import io

    import networkx as nx

    problems: list[Diagnostic] = []
    flat = _flatten(plain_graph(map), problems)
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    unique = list({d.message: d for d in problems}.values())
    # XML parsers turn a raw carriage return into a line feed; as a character reference it survives
    text = buffer.getvalue().decode("utf-8").replace("\r", "&#13;")
    return Exported(text, tuple(unique))


def dumps_graphml(map: ArgumentMap) -> str:
    """The map as GraphML text (lists and objects stored as JSON text); see the module's documentation."""
    result = export_graphml(map)
    emit(result.diagnostics)
    return result.text


def dump_graphml(map: ArgumentMap, path: str | os.PathLike[str]) -> None:
    """Write the map as a GraphML file, atomically."""
    from argmap.io.mapfile import write_atomic

    write_atomic(path, dumps_graphml(map))


def reads_graphml(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read GraphML written by argmap (or by networkx from an argmap-shaped graph).

    The document is first parsed with :mod:`defusedxml`, which refuses entity declarations and
    external references; then networkx reads the graph.
    """
    import networkx as nx
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    source = as_text(text, filename, limits)
    try:
        root = fromstring(source.encode("utf-8"), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise MapError([diagnostic("AM003", f"refused XML: {exc}", filename,
                                   hint="entity declarations and external references are refused")]) from None
    except Exception as exc:  # ParseError: report its position
        position = getattr(exc, "position", (None, None))
        raise MapError([diagnostic("AM001", f"invalid XML: {re.sub(r': line .*$', '', str(exc))}", filename,
                                   line=position[0], column=(position[1] + 1) if position[1] is not None else None)
                        ]) from None
    del root
    problems = _graphml_references(source, filename)
    if problems:
        raise MapError(problems)
    try:
        graph = nx.parse_graphml(source)
    except (nx.NetworkXError, ValueError, KeyError) as exc:
        raise MapError([diagnostic("AM505", f"invalid GraphML: {exc}", filename)]) from None
    if not graph.is_directed() or graph.is_multigraph():
        raise MapError([diagnostic("AM505", "the GraphML graph is undirected or a multigraph; an argmap graph is a "
                                   "directed graph without parallel edges", filename)])
    data = _node_link(graph)
    data["graph"] = {k: _decode(k, v, "map") for k, v in data.get("graph", {}).items()
                     if k not in ("node_default", "edge_default")}  # added by networkx's reader
    data["nodes"] = [{k: _decode(k, v, str(node.get("kind"))) for k, v in node.items()} for node in data["nodes"]]
    return from_node_link(data, filename=filename)


def _graphml_references(source: str, filename: str | None) -> list[Diagnostic]:
    """Repeated node ids and edges, edges to undeclared nodes and more than one graph, each located.

    networkx would merge the repeats silently and create an empty node for an edge's missing
    end; they are errors here, as in node-link JSON (``AM020``, ``AM021``). The document has
    already been parsed by defusedxml (no entities, no external references), so expat reads it
    again only for the positions.
    """
    from xml.parsers import expat

    nodes: set[str] = set()
    edges: set[tuple[str | None, str | None]] = set()
    ends: list[tuple[str | None, str | None, int, int]] = []
    problems: list[Diagnostic] = []
    parser = expat.ParserCreate(namespace_separator="}")

    graphs: list[tuple[int, int]] = []
    depth = [0]  # open <graph> elements

    def start(tag: str, attributes: dict[str, str]) -> None:
        name = tag.rsplit("}", 1)[-1]
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        if name == "graph":
            if graphs:  # networkx would read the first graph and drop this one without a word
                where = "inside a node of the first" if depth[0] else "after the first"
                problems.append(diagnostic(
                    "AM505", f"a second <graph> ({where}); an argmap map is one graph", filename, line=line,
                    column=column, hint="split the file into one GraphML document per graph"))
            graphs.append((line, column))
            depth[0] += 1
        elif name == "node":
            node_id = attributes.get("id")
            if node_id in nodes:
                problems.append(diagnostic("AM020", f"duplicate node id '{node_id}'", filename, line=line,
                                           column=column, hint="give every node its own id"))
            elif node_id is not None:
                nodes.add(node_id)
        elif name == "edge":
            pair = (attributes.get("source"), attributes.get("target"))
            if pair in edges:
                problems.append(diagnostic("AM020", f"the edge from '{pair[0]}' to '{pair[1]}' is repeated", filename,
                                           line=line, column=column, hint="keep one edge per pair of nodes"))
            edges.add(pair)
            ends.append((*pair, line, column))

    def end(tag: str) -> None:
        if tag.rsplit("}", 1)[-1] == "graph":
            depth[0] -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(source.encode("utf-8"), True)
    for source_id, target_id, line, column in ends:  # edges may come before the nodes they join
        missing = [end for end in (source_id, target_id) if end not in nodes]
        if missing:
            problems.append(diagnostic(
                "AM021", f"edge from '{source_id}' to '{target_id}' names the node '{missing[0]}', which does not "
                "exist", filename, line=line, column=column, hint="declare the node, or remove the edge"))
    return problems[:100]


def _decode(key: str, value: Any, kind: str) -> Any:
    if isinstance(value, str) and key in _JSON_KEYS.get(kind, ()):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def read_graphml(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read a GraphML file; see :func:`reads_graphml`."""
    return reads_graphml(read_bytes(path, limits), filename=os.fspath(path), limits=limits)


def loads_graphml(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
                  strict: bool = False) -> ArgumentMap:
    """Read GraphML as a map (warnings issued as ``ConversionWarning``; ``strict`` raises)."""
    return finish(reads_graphml(text, filename=filename, limits=limits), strict)


def load_graphml(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS,
                 strict: bool = False) -> ArgumentMap:
    """Read a GraphML file as a map; see :func:`loads_graphml`."""
    return finish(read_graphml(path, limits=limits), strict)
