"""The map as a networkx graph, and the basic analyses over it as plain functions.

The graph is AIF-shaped: every statement, analogy, argument and attack is a node, so linked
premises (several premises into one argument node) and undercuts (an attack node pointing at
an argument node) are represented exactly. Edges run in the direction of reasoning:

=========================  ==============  =============================================
edge                       ``role``        meaning
=========================  ==============  =============================================
premise -> argument        ``premise``     the premise is one of the argument's premises
argument -> conclusion     ``conclusion``  the argument supports its conclusion
attacker -> attack         ``attacker``    the attacker is the attack's source
attack -> target           ``target``      the attack's target (statement, analogy, argument)
=========================  ==============  =============================================

Node attributes: ``kind`` (``statement``, ``analogy``, ``argument``, ``attack``) and the
node's own fields (``type``, ``text``, ``quote``, ...), unset optional fields omitted.
Premise edges carry ``index``, the premise's position, so the order survives a round trip
(as do the attacker edges of a joint attack). Map-level fields (title, source, sections, ...)
are in ``G.graph``.

Every attribute is a plain scalar (str, int, float or bool; never None or a pydantic object), so
the graph goes as it is to ``networkx.node_link_data`` + ``json.dumps`` and to
``networkx.write_graphml``. Structured fields (``tags``, ``mapping``, ``critical_questions``,
``metadata``, ``sections``, ``source``, ...) are stored as their JSON text; :func:`attribute`
decodes one, and :func:`from_networkx` decodes them all.

The functions below take the graph of :func:`to_networkx` or, for convenience, the map itself
(the graph is then built for the call).
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx

from argmap._perf import gc_paused
from argmap.integrity import ensure_sound
from argmap.model import FORMAT_VERSION, Analogy, Argument, ArgumentMap, Attack, Statement, propositions

__all__ = [
    "PROPOSITION_KINDS",
    "STRUCTURED_MAP_FIELDS",
    "STRUCTURED_NODE_FIELDS",
    "MapGraph",
    "MapOrGraph",
    "arguments_for",
    "as_graph",
    "attackers_of",
    "attacks_on",
    "attribute",
    "final_propositions",
    "focus_map",
    "from_networkx",
    "isolated_nodes",
    "main_conclusions",
    "neighbourhood",
    "premises_of",
    "summarize",
    "support_cycles",
    "support_depth",
    "support_graph",
    "supporters_of",
    "to_networkx",
    "unreachable_nodes",
]

if TYPE_CHECKING:
    MapGraph: TypeAlias = nx.DiGraph[str]
else:
    MapGraph = nx.DiGraph

MapOrGraph: TypeAlias = "MapGraph | ArgumentMap"
"""What the analyses take: the graph of :func:`to_networkx`, or the map itself."""


def as_graph(map_or_graph: MapOrGraph) -> MapGraph:
    """The graph of a map (built with :func:`to_networkx`), or the graph itself when given one."""
    return to_networkx(map_or_graph) if isinstance(map_or_graph, ArgumentMap) else map_or_graph

PROPOSITION_KINDS = frozenset({"statement", "analogy"})
"""Node kinds that are propositions (AIF I-nodes)."""
_SUPPORT_KINDS = PROPOSITION_KINDS | {"argument"}

_EDGE_FIELDS = {"premises", "conclusion", "from_", "to"}
_MAP_FIELDS = ("argmap", "title", "lang", "description", "source", "main_conclusions", "sections",
               "notes", "tags", "metadata")


def _attributes(node: Any, kind: str, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    # Hot path (once per node of a 200k-node map): a single comprehension over the model's
    # __dict__, leaving out unset fields (None or an empty list) and fields that become edges.
    # Attributes are scalars (JSON- and GraphML-ready): the rare structured values become JSON text.
    attributes = {name: value for name, value in node.__dict__.items()
                  if value is not None and value != _EMPTY and name not in skip}
    for name, value in attributes.items():
        if type(value) not in _SCALARS:
            attributes[name] = _json_text(value)
    attributes["kind"] = kind
    return attributes


_SCALARS = frozenset({str, int, float, bool})


def _json_text(value: Any) -> str:
    from pydantic import BaseModel

    def plain(item: Any) -> Any:
        if isinstance(item, BaseModel):
            return item.model_dump(mode="json", exclude_none=True)
        if isinstance(item, (list, tuple)):
            return [plain(x) for x in item]
        if isinstance(item, dict):
            return {str(k): plain(v) for k, v in item.items()}
        return item

    return json.dumps(plain(value), ensure_ascii=False, sort_keys=False)


STRUCTURED_NODE_FIELDS = frozenset({"tags", "mapping", "critical_questions", "metadata", "disanalogies", "ignore"})
"""Node fields whose value is a list or a mapping: stored in the graph as JSON text."""
STRUCTURED_MAP_FIELDS = frozenset({"tags", "metadata", "sections", "source", "main_conclusions"})
"""The same for the map's own fields, in ``G.graph``."""


def attribute(graph: MapGraph, node: str | None, name: str, default: Any = None) -> Any:
    """A node's attribute (or, with ``node=None``, the map's) with structured values decoded from JSON.

    Examples
    --------
    >>> from argmap.model import ArgumentMap, Statement
    >>> G = to_networkx(ArgumentMap(statements=[Statement(id="p", text="P", tags=["key"])]))
    >>> G.nodes["p"]["tags"]
    '["key"]'
    >>> attribute(G, "p", "tags")
    ['key']
    """
    data = graph.graph if node is None else graph.nodes[node]
    value = data.get(name, default)
    if name in (STRUCTURED_MAP_FIELDS if node is None else STRUCTURED_NODE_FIELDS) and isinstance(value, str):
        return json.loads(value)
    return value


def _decoded(data: dict[str, Any], structured: frozenset[str] = STRUCTURED_NODE_FIELDS) -> dict[str, Any]:
    return {key: json.loads(value) if key in structured and isinstance(value, str) else value
            for key, value in data.items()}

_EMPTY: list[Any] = []
_SKIP_ARGUMENT = frozenset({"premises", "conclusion"})
_SKIP_ATTACK = frozenset({"from_", "to"})


def to_networkx(map: ArgumentMap, *, check: bool = True) -> MapGraph:
    """Build the AIF-shaped directed graph of a map.

    Parameters
    ----------
    map : ArgumentMap
    check : bool
        Check the map's references first (:func:`argmap.integrity.check_map`), so that a map edited
        in memory with a dangling id raises :class:`~argmap.errors.MapError` instead of gaining an
        empty node. Turn off only for a map you have just loaded or validated.

    Returns
    -------
    networkx.DiGraph
        One node per statement, analogy, argument and attack, keyed by id.

    Raises
    ------
    MapError
        When ``check`` is on and the map has structural errors (duplicate ids, dangling references).

    See Also
    --------
    from_networkx : the inverse; ``from_networkx(to_networkx(m)) == m``.

    Examples
    --------
    >>> from argmap.model import ArgumentMap
    >>> m = ArgumentMap.model_validate({"argmap": "1",
    ...     "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]})
    >>> G = to_networkx(m)
    >>> list(G.edges)
    [('p', 'a'), ('a', 'c')]
    >>> G.nodes["a"]["kind"]
    'argument'
    """
    if check:
        ensure_sound(map, "convert")
    with gc_paused():
        return _build(map)


def _build(map: ArgumentMap) -> MapGraph:
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: list[tuple[str, str, dict[str, Any]]] = []
    nodes.extend((s.id, _attributes(s, "statement")) for s in map.statements)
    nodes.extend((a.id, _attributes(a, "analogy")) for a in map.analogies)
    for argument in map.arguments:
        nodes.append((argument.id, _attributes(argument, "argument", _SKIP_ARGUMENT)))
        edges.extend((premise, argument.id, {"role": "premise", "index": i})
                     for i, premise in enumerate(argument.premises))
        edges.append((argument.id, argument.conclusion, {"role": "conclusion"}))
    for attack in map.attacks:
        nodes.append((attack.id, _attributes(attack, "attack", _SKIP_ATTACK)))
        if isinstance(attack.from_, str):
            edges.append((attack.from_, attack.id, {"role": "attacker"}))
        else:  # a joint attack: the attackers in order, as an argument's premises
            edges.extend((attacker, attack.id, {"role": "attacker", "index": i})
                         for i, attacker in enumerate(attack.from_))
        edges.append((attack.id, attack.to, {"role": "target"}))
    header = map.model_dump(mode="json", include=set(_MAP_FIELDS), exclude_none=True)
    graph: MapGraph = nx.DiGraph()
    graph.graph.update({key: value if type(value) in _SCALARS else _json_text(value)
                        for key, value in header.items() if value != _EMPTY and value != {}})
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def from_networkx(graph: MapGraph) -> ArgumentMap:
    """Rebuild a map from a graph made by :func:`to_networkx` (or built the same way).

    Nodes are grouped by ``kind`` in graph order; premises follow the ``index`` of their edges.

    Raises
    ------
    ValueError
        When a node has no known ``kind`` or an argument/attack lacks its edges.
    """
    statements: list[Statement] = []
    analogies: list[Analogy] = []
    arguments: list[Argument] = []
    attacks: list[Attack] = []
    for node, data in graph.nodes(data=True):
        fields = {key: value for key, value in _decoded(data).items() if key != "kind"}
        fields["id"] = node
        kind = data.get("kind")
        if kind == "statement":
            statements.append(Statement.model_validate(fields))
        elif kind == "analogy":
            analogies.append(Analogy.model_validate(fields))
        elif kind == "argument":
            incoming = sorted((d.get("index", 0), u) for u, _, d in graph.in_edges(node, data=True)
                              if d.get("role") == "premise")
            outgoing = [v for _, v, d in graph.out_edges(node, data=True) if d.get("role") == "conclusion"]
            if len(outgoing) != 1:
                raise ValueError(f"argument {node!r} must have exactly one conclusion edge, has {len(outgoing)}")
            fields.update(premises=[u for _, u in incoming], conclusion=outgoing[0])
            arguments.append(Argument.model_validate(fields))
        elif kind == "attack":
            sources = sorted((d.get("index", 0), u) for u, _, d in graph.in_edges(node, data=True)
                             if d.get("role") == "attacker")
            targets = [v for _, v, d in graph.out_edges(node, data=True) if d.get("role") == "target"]
            if not sources or len(targets) != 1:
                raise ValueError(f"attack {node!r} must have at least one attacker and exactly one target edge")
            joint = len(sources) > 1 or "index" in graph.edges[sources[0][1], node]
            fields.update({"from": [u for _, u in sources] if joint else sources[0][1], "to": targets[0]})
            attacks.append(Attack.model_validate(fields))
        else:
            raise ValueError(f"node {node!r} has no known kind (got {kind!r})")
    decoded = _decoded(graph.graph, STRUCTURED_MAP_FIELDS)
    header = {name: value for name, value in decoded.items() if name in _MAP_FIELDS}
    header.setdefault("argmap", FORMAT_VERSION)
    return ArgumentMap.model_validate(
        {**header, "statements": statements, "analogies": analogies, "arguments": arguments, "attacks": attacks}
    )


# --- queries -------------------------------------------------------------------------------------


def _kind(graph: MapGraph, node: str) -> str | None:
    kind: str | None = graph.nodes[node].get("kind")
    return kind


def _nodes_of_kind(graph: MapGraph, kinds: frozenset[str]) -> Iterable[str]:
    return (node for node, attributes in graph.nodes(data=True) if attributes.get("kind") in kinds)


def _by_role(edges: Iterable[tuple[str, str, dict[str, Any]]], role: str, end: int) -> list[str]:
    return [str(edge[end]) for edge in edges if edge[2].get("role") == role]


def premises_of(graph: MapOrGraph, argument: str) -> list[str]:
    """The premises of an argument, in their written order."""
    graph = as_graph(graph)
    edges = sorted((d.get("index", 0), u) for u, _, d in graph.in_edges(argument, data=True)
                   if d.get("role") == "premise")
    return [u for _, u in edges]


def arguments_for(graph: MapOrGraph, node: str) -> list[str]:
    """The arguments whose conclusion is ``node``."""
    graph = as_graph(graph)
    return _by_role(graph.in_edges(node, data=True), "conclusion", 0)


def supporters_of(graph: MapOrGraph, node: str) -> list[str]:
    """Every proposition that is a premise of some argument for ``node`` (each once, in order)."""
    graph = as_graph(graph)
    seen: dict[str, None] = {}
    for argument in arguments_for(graph, node):
        seen.update(dict.fromkeys(premises_of(graph, argument)))
    return list(seen)


def attacks_on(graph: MapOrGraph, node: str) -> list[str]:
    """The attacks whose target is ``node`` (a proposition or an argument)."""
    graph = as_graph(graph)
    return _by_role(graph.in_edges(node, data=True), "target", 0)


def attackers_of(graph: MapOrGraph, node: str) -> list[str]:
    """The propositions that attack ``node``, through any attack."""
    graph = as_graph(graph)
    return [u for attack in attacks_on(graph, node)
            for u in _by_role(graph.in_edges(attack, data=True), "attacker", 0)]


def main_conclusions(graph: MapOrGraph, *, declared: bool = True) -> list[str]:
    """The map's main conclusions, in graph order.

    Structurally, a main conclusion is a proposition that neither supports nor attacks
    anything while something supports or attacks it. When the map declares its main
    conclusions (``main_conclusions`` in the file) and ``declared`` is true, those are
    returned instead: the author's word outranks the shape of the graph.
    """
    graph = as_graph(graph)
    declared_ids = attribute(graph, None, "main_conclusions") if declared else None
    if declared_ids:
        return [str(node) for node in declared_ids]
    return [node for node in _nodes_of_kind(graph, PROPOSITION_KINDS)
            if graph.out_degree(node) == 0 and graph.in_degree(node) > 0]


def final_propositions(map: ArgumentMap) -> list[str]:
    """Propositions that are supported or attacked but support and attack nothing, in map order.

    The structural main conclusions of :func:`main_conclusions`, computed from the map directly
    (linear, without building a graph) for callers that need only these.
    """
    sources = {p for a in map.arguments for p in a.premises} | {f for a in map.attacks for f in a.attackers}
    targets = {a.conclusion for a in map.arguments} | {a.to for a in map.attacks}
    return [n.id for n in propositions(map) if n.id in targets and n.id not in sources]


def support_graph(graph: MapOrGraph) -> MapGraph:
    """The subgraph of support only: propositions and arguments, premise and conclusion edges."""
    graph = as_graph(graph)
    support: MapGraph = nx.DiGraph()
    support.add_nodes_from(_nodes_of_kind(graph, _SUPPORT_KINDS))
    support.add_edges_from((u, v) for u, v, data in graph.edges(data=True)
                           if data.get("role") in ("premise", "conclusion"))
    return support


def support_cycles(graph: MapOrGraph) -> list[list[str]]:
    """Circular reasoning: each cycle of support, as the propositions and arguments on it.

    One cycle is reported per strongly connected component of the support graph (a
    component can hold many cycles; fixing one usually fixes the rest).
    """
    graph = as_graph(graph)
    support = support_graph(graph)
    cycles: list[list[str]] = []
    # Components first: nx.find_cycle on an acyclic graph whose edges run child -> parent is
    # very slow, so only components known to contain a cycle are searched.
    for component in nx.strongly_connected_components(support):
        if len(component) < 2:
            continue
        start = next(iter(component))
        edges = nx.find_cycle(support.subgraph(component), source=start)
        cycles.append([u for u, _ in edges])
    return cycles


def isolated_nodes(graph: MapOrGraph) -> list[str]:
    """Propositions connected to nothing at all."""
    graph = as_graph(graph)
    return [node for node in _nodes_of_kind(graph, PROPOSITION_KINDS) if graph.degree(node) == 0]


def unreachable_nodes(graph: MapOrGraph, roots: Iterable[str] | None = None) -> list[str]:
    """Nodes from which no root (by default: the main conclusions) can be reached.

    Reaching follows the graph's edges (premise -> argument -> conclusion, attacker -> attack
    -> target), so these are the parts of the map that do not bear on its main conclusions.
    """
    graph = as_graph(graph)
    targets = list(main_conclusions(graph) if roots is None else roots)
    reached = set(targets)
    queue = deque(targets)
    while queue:
        for predecessor in graph.predecessors(queue.popleft()):
            if predecessor not in reached:
                reached.add(predecessor)
                queue.append(predecessor)
    return [node for node in graph if node not in reached]


def support_depth(graph: MapOrGraph) -> dict[str, int]:
    """For each proposition, the longest chain of arguments that supports it.

    An unsupported proposition has depth 0; a conclusion of an argument whose premises have
    depths d1..dn has depth 1 + max(d1..dn) (the best such argument counts).

    Raises
    ------
    networkx.NetworkXUnfeasible
        When the support graph has a cycle (see :func:`support_cycles`).
    """
    graph = as_graph(graph)
    support = support_graph(graph)
    depth: dict[str, int] = {}
    for node in nx.topological_sort(support):
        kind = _kind(graph, node)
        if kind == "argument":
            depth[node] = 1 + max((depth[p] for p in support.predecessors(node)), default=0)
        else:
            depth[node] = max((depth[a] for a in support.predecessors(node)), default=0)
    return {node: value for node, value in depth.items() if _kind(graph, node) in PROPOSITION_KINDS}


def summarize(map: MapOrGraph) -> dict[str, Any]:
    """Counts and structural figures of a map (or its graph): the data behind ``argmap stats``.

    Returns a JSON-ready dict: node counts by kind and type, the number of arguments with
    linked premises, main conclusions, the depth of support (None when support is circular),
    support cycles, isolated propositions and nodes that lead to no main conclusion.
    """
    if isinstance(map, ArgumentMap):
        graph = to_networkx(map)
    else:
        graph, map = map, from_networkx(map)
    try:
        depth: int | None = max(support_depth(graph).values(), default=0)
    except nx.NetworkXUnfeasible:
        depth = None
    return {
        "title": map.title,
        "statements": len(map.statements),
        "statement_types": dict(Counter(s.type for s in map.statements)),
        "analogies": len(map.analogies),
        "analogy_figures": dict(Counter(a.figure for a in map.analogies)),
        "arguments": len(map.arguments),
        "linked_arguments": sum(1 for a in map.arguments if len(a.premises) > 1),
        "attacks": len(map.attacks),
        "attack_types": dict(Counter(a.type for a in map.attacks)),
        "sections": len(map.sections),
        "main_conclusions": main_conclusions(graph),
        "depth": depth,
        "support_cycles": support_cycles(graph),
        "isolated": isolated_nodes(graph),
        "unreachable": unreachable_nodes(graph),
    }


def neighbourhood(graph: MapOrGraph, node: str, depth: int = 1) -> set[str]:
    """The nodes within ``depth`` reasoning steps of ``node``, in either direction.

    One step crosses one argument or attack: from a premise to its conclusion (through the
    argument node), from an attacker to what it attacks. Argument and attack nodes on those
    paths are included.

    Raises
    ------
    KeyError
        When ``node`` is not in the graph.
    """
    graph = as_graph(graph)
    if node not in graph:
        raise KeyError(node)
    undirected = graph.to_undirected(as_view=True)
    return set(nx.single_source_shortest_path_length(undirected, node, cutoff=2 * depth))


def focus_map(map: ArgumentMap, node: str, depth: int = 2) -> ArgumentMap:
    """The part of a map within ``depth`` reasoning steps of ``node`` (see :func:`neighbourhood`).

    Arguments keep only the premises inside the neighbourhood; those left with none are dropped,
    as are attacks with an end outside it (a joint attack needs all its attackers). Every
    inference and attack that is drawn keeps the attacks on it, with their attackers, even
    beyond ``depth``: a focus view never shows an arrow without its objections. Raises
    KeyError for an unknown node. The selection behind ``argmap render --focus``
    (:func:`argmap.selection.focus_view` adds what each cut hides).
    """
    keep = neighbourhood(to_networkx(map), node, depth)
    against: dict[str, list[Attack]] = {}
    for attack in map.attacks:
        against.setdefault(attack.to, []).append(attack)
    premises_of_argument = {a.id: a.premises for a in map.arguments}
    attack_ids = {a.id for a in map.attacks}
    while True:  # repeated: the replies to an objection added here are attacks on a drawn attack
        added: set[str] = set()
        for step in keep:
            drawn = step in attack_ids or (step in premises_of_argument
                                           and any(p in keep for p in premises_of_argument[step]))
            if not drawn:
                continue
            for attack in against.get(step, []):
                missing = {attack.id, *attack.attackers} - keep  # the attack node may be in, its attacker not
                added |= missing
        if not added:
            break
        keep |= added
    arguments = []
    for argument in map.arguments:
        premises = [p for p in argument.premises if p in keep]
        if argument.id in keep and premises and argument.conclusion in keep:
            arguments.append(argument.model_copy(update={"premises": premises}))
    kept_arguments = {a.id for a in arguments}
    kept = {n.id for n in propositions(map) if n.id in keep}
    attacks = [a for a in map.attacks if a.id in keep and all(f in kept for f in a.attackers)
               and (a.to in kept or a.to in kept_arguments or a.to in keep)]
    attack_ids = {a.id for a in attacks}
    attacks = [a for a in attacks if a.to in kept or a.to in kept_arguments or a.to in attack_ids]
    used_sections = {n.section for n in propositions(map) if n.id in kept}
    return map.model_copy(update={
        "statements": [s for s in map.statements if s.id in kept],
        "analogies": [a for a in map.analogies if a.id in kept],
        "arguments": arguments,
        "attacks": attacks,
        "sections": [s for s in map.sections if s.id in used_sections],
        "main_conclusions": [c for c in map.main_conclusions if c in kept],
    })
