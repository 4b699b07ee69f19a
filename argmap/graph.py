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
from array import array
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
               "notes", "expect", "tags", "metadata")


def _attributes(node: Any, kind: str, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    # Hot path (once per node of a 200k-node map): a single comprehension over the model's
    # __dict__, leaving out unset fields (None or an empty list) and fields that become edges.
    # Attributes are scalars (JSON- and GraphML-ready): the rare structured values become JSON text.
    # (Exact type tests: comparing every text with [] went through two rich comparisons each.)
    attributes = {name: value if type(value) in _SCALARS else _json_text(value)
                  for name, value in node.__dict__.items()
                  if value is not None and (type(value) is not list or value) and name not in skip}
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
STRUCTURED_MAP_FIELDS = frozenset({"tags", "metadata", "sections", "source", "main_conclusions", "expect"})
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
    return _skeleton(graph).main_conclusions(declared)


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
    component can hold many cycles; fixing one usually fixes the rest), components in the order
    of their first node in the graph, each cycle from its first node. Linear in the map: only
    what a topological sort cannot place is searched.
    """
    return _skeleton(graph).support()[1]


def isolated_nodes(graph: MapOrGraph) -> list[str]:
    """Propositions connected to nothing at all."""
    return _skeleton(graph).isolated()


def unreachable_nodes(graph: MapOrGraph, roots: Iterable[str] | None = None) -> list[str]:
    """Nodes from which no root (by default: the main conclusions) can be reached.

    Reaching follows the graph's edges (premise -> argument -> conclusion, attacker -> attack
    -> target), so these are the parts of the map that do not bear on its main conclusions.
    """
    skeleton = _skeleton(graph)
    return skeleton.unreachable(skeleton.main_conclusions() if roots is None else list(roots))


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


def summarize(map: MapOrGraph, *, check: bool = True) -> dict[str, Any]:
    """Counts and structural figures of a map (or its graph): the data behind ``argmap stats``.

    Returns a JSON-ready dict: node counts by kind and type, the number of arguments with
    linked premises, main conclusions, the depth of support (None when support is circular),
    support cycles, isolated propositions and nodes that lead to no main conclusion.

    The figures are those of :func:`main_conclusions`, :func:`support_depth`,
    :func:`support_cycles`, :func:`isolated_nodes` and :func:`unreachable_nodes`, computed in
    one linear pass over a bare index of the nodes and edges: a map is not turned into a
    networkx graph (nor a graph back into a map), so the cost stays a small share of loading.

    Parameters
    ----------
    map : ArgumentMap or networkx.DiGraph
    check : bool
        For a map: check its references first (as :func:`to_networkx` does). Turn off only for
        a map you have just loaded or validated.

    Raises
    ------
    MapError
        When ``check`` is on and the map has structural errors.
    """
    if isinstance(map, ArgumentMap) and check:
        ensure_sound(map, "convert")
    with gc_paused():
        if isinstance(map, ArgumentMap):
            skeleton, counts = _Skeleton.of_map(map), _counts_of_map(map)
        else:
            skeleton, counts = _Skeleton.of_graph(map), _counts_of_graph(map)
        depth, cycles = skeleton.support()
        main = skeleton.main_conclusions()
        return {
            **counts,
            "main_conclusions": main,
            "depth": depth,
            "support_cycles": cycles,
            "isolated": skeleton.isolated(),
            "unreachable": skeleton.unreachable(main),
        }


def _counts_of_map(map: ArgumentMap) -> dict[str, Any]:
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
    }


def _counts_of_graph(graph: MapGraph) -> dict[str, Any]:
    # Read from the node attributes as they are (unset fields take the model's default), rather
    # than rebuilding the whole map with from_networkx only to count it.
    by_kind: dict[str, Counter[Any]] = {kind: Counter() for kind in ("statement", "analogy", "argument", "attack")}
    field = {"statement": "type", "analogy": "figure", "attack": "type"}
    default = {"statement": Statement.model_fields["type"].default,
               "analogy": Analogy.model_fields["figure"].default,
               "attack": Attack.model_fields["type"].default}
    linked = 0
    for node, data in graph.nodes(data=True):
        kind = data.get("kind")
        if kind not in by_kind:
            raise ValueError(f"node {node!r} has no known kind (got {kind!r})")
        if kind == "argument":
            linked += sum(1 for _, _, d in graph.in_edges(node, data=True) if d.get("role") == "premise") > 1
            by_kind[kind][None] += 1
        else:
            by_kind[kind][data.get(field[kind], default[kind])] += 1
    sections = attribute(graph, None, "sections") or []
    return {
        "title": graph.graph.get("title"),
        "statements": sum(by_kind["statement"].values()),
        "statement_types": dict(by_kind["statement"]),
        "analogies": sum(by_kind["analogy"].values()),
        "analogy_figures": dict(by_kind["analogy"]),
        "arguments": sum(by_kind["argument"].values()),
        "linked_arguments": linked,
        "attacks": sum(by_kind["attack"].values()),
        "attack_types": dict(by_kind["attack"]),
        "sections": len(sections),
    }


_PROPOSITION, _ARGUMENT, _OTHER = 1, 2, 0


def _skeleton(graph: MapOrGraph) -> _Skeleton:
    # The one implementation of the structural analyses below works on this index, for a map
    # (checked first, as to_networkx does) or its graph.
    if isinstance(graph, ArgumentMap):
        ensure_sound(graph, "convert")
        return _Skeleton.of_map(graph)
    return _Skeleton.of_graph(graph)


class _Skeleton:
    """Nodes as numbers and edges as two flat arrays: what the structural figures need, and no more.

    A networkx graph keeps three dicts per node and one per edge (plus the attributes); for the
    figures of :func:`summarize` a number per node and two per edge are enough, which is what
    keeps ``argmap stats`` linear and lean on maps of hundreds of thousands of nodes.
    """

    __slots__ = ("declared", "edges", "ids", "index", "kind", "premise_edges")

    def __init__(self, ids: list[str], kind: bytearray, declared: list[str] | None) -> None:
        self.ids = ids
        self.index = {node: number for number, node in enumerate(ids)}
        self.kind = kind  # _PROPOSITION, _ARGUMENT or _OTHER per node
        self.declared = declared
        # support (premise and conclusion) edges, and every edge, as parallel arrays of node numbers
        self.premise_edges: tuple[array[int], array[int]] = (array("l"), array("l"))
        self.edges: tuple[array[int], array[int]] = (array("l"), array("l"))

    @classmethod
    def of_map(cls, map: ArgumentMap) -> _Skeleton:
        ids = [n.id for n in map.statements]
        ids += [n.id for n in map.analogies]
        kind = bytearray([_PROPOSITION]) * len(ids)
        ids += [n.id for n in map.arguments]
        kind += bytearray([_ARGUMENT]) * len(map.arguments)
        ids += [n.id for n in map.attacks]
        kind += bytearray([_OTHER]) * len(map.attacks)
        skeleton = cls(ids, kind, list(map.main_conclusions or []) or None)
        index = skeleton.index
        (s_from, s_to), (e_from, e_to) = skeleton.premise_edges, skeleton.edges
        for argument in map.arguments:
            a = index[argument.id]
            for premise in argument.premises:
                p = index.get(premise)
                if p is not None:  # a dangling reference (check=False on an unsound map) is no edge
                    s_from.append(p)
                    s_to.append(a)
            c = index.get(argument.conclusion)
            if c is not None:
                s_from.append(a)
                s_to.append(c)
        e_from.extend(s_from)
        e_to.extend(s_to)
        for attack in map.attacks:
            k = index[attack.id]
            for attacker in attack.attackers:
                f = index.get(attacker)
                if f is not None:
                    e_from.append(f)
                    e_to.append(k)
            t = index.get(attack.to)
            if t is not None:
                e_from.append(k)
                e_to.append(t)
        return skeleton

    @classmethod
    def of_graph(cls, graph: MapGraph) -> _Skeleton:
        ids: list[str] = list(graph)
        codes = {"statement": _PROPOSITION, "analogy": _PROPOSITION, "argument": _ARGUMENT}
        kind = bytearray(codes.get(str(data.get("kind")), _OTHER) for _, data in graph.nodes(data=True))
        declared = attribute(graph, None, "main_conclusions")
        skeleton = cls(ids, kind, [str(n) for n in declared] if declared else None)
        index = skeleton.index
        (s_from, s_to), (e_from, e_to) = skeleton.premise_edges, skeleton.edges
        role: Any
        for u, v, role in graph.edges(data="role"):
            e_from.append(index[u])
            e_to.append(index[v])
            if role in ("premise", "conclusion"):
                s_from.append(index[u])
                s_to.append(index[v])
        return skeleton

    def main_conclusions(self, declared: bool = True) -> list[str]:
        """As :func:`main_conclusions` (the declared ones, unless ``declared`` is off)."""
        if declared and self.declared:
            return self.declared
        out = bytearray(len(self.ids))
        into = bytearray(len(self.ids))
        for u in self.edges[0]:
            out[u] = 1
        for v in self.edges[1]:
            into[v] = 1
        kind, ids = self.kind, self.ids
        return [ids[n] for n in range(len(ids)) if kind[n] == _PROPOSITION and into[n] and not out[n]]

    def isolated(self) -> list[str]:
        """As :func:`isolated_nodes`."""
        touched = bytearray(len(self.ids))
        for end in self.edges:
            for n in end:
                touched[n] = 1
        kind, ids = self.kind, self.ids
        return [ids[n] for n in range(len(ids)) if kind[n] == _PROPOSITION and not touched[n]]

    def unreachable(self, roots: list[str]) -> list[str]:
        """As :func:`unreachable_nodes` from ``roots``: a breadth-first walk against the edges."""
        ids = self.ids
        predecessors = _adjacency(len(ids), self.edges[1], self.edges[0])
        index = self.index
        reached = bytearray(len(ids))
        queue = deque(index[root] for root in roots if root in index)
        for n in queue:
            reached[n] = 1
        while queue:
            for p in predecessors[queue.popleft()]:
                if not reached[p]:
                    reached[p] = 1
                    queue.append(p)
        return [ids[n] for n in range(len(ids)) if not reached[n]]

    def support(self) -> tuple[int | None, list[list[str]]]:
        """The depth of support (as :func:`support_depth`, its maximum) and the support cycles.

        One pass of Kahn's algorithm gives the longest chain; when it cannot finish, what it left
        (every cycle and what lies downstream of one) is split into strongly connected components
        (Tarjan's algorithm, without recursion), and each component of two or more nodes gives one
        cycle: follow a successor inside the component until a node comes round again.
        """
        count = len(self.ids)
        sources, targets = self.premise_edges
        successors = _adjacency(count, sources, targets)
        waiting = [0] * count
        for v in targets:
            waiting[v] += 1
        kind = self.kind
        depth = [1 if k == _ARGUMENT else 0 for k in kind]
        ready = deque(n for n in range(count) if not waiting[n])
        done = 0
        while ready:
            u = ready.popleft()
            done += 1
            step = depth[u]
            for v in successors[u]:
                reach = step + 1 if kind[v] == _ARGUMENT else step
                if reach > depth[v]:
                    depth[v] = reach
                waiting[v] -= 1
                if not waiting[v]:
                    ready.append(v)
        if done == count:
            return max((d for d, k in zip(depth, kind, strict=True) if k == _PROPOSITION), default=0), []
        left = [n for n in range(count) if waiting[n]]
        inside = bytearray(count)
        for n in left:
            inside[n] = 1
        within: list[list[int]] = [[] for _ in range(count)]
        for n in left:
            within[n] = [v for v in successors[n] if inside[v]]
        del successors
        ids = self.ids
        cycles = [[ids[n] for n in _cycle_in(component, within)] for component in _components(left, within)]
        return None, cycles


def _components(nodes: list[int], successors: list[list[int]]) -> list[list[int]]:
    """The strongly connected components among ``nodes`` (Tarjan's algorithm, iterative), each sorted.

    ``successors[n]`` lists only successors among ``nodes``; numbers index flat lists, not dicts
    (this runs on every node a topological sort could not place: most of a map with a large knot).
    """
    count = len(successors)
    order = [-1] * count
    low = [0] * count
    on_stack = bytearray(count)
    stack: list[int] = []
    found: list[list[int]] = []
    visited = 0
    for root in nodes:
        if order[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            if i == 0:
                order[v] = low[v] = visited
                visited += 1
                stack.append(v)
                on_stack[v] = 1
            after = successors[v]
            deeper = False
            while i < len(after):
                w = after[i]
                i += 1
                if order[w] < 0:
                    work[-1] = (v, i)
                    work.append((w, 0))
                    deeper = True
                    break
                if on_stack[w] and order[w] < low[v]:
                    low[v] = order[w]
            if deeper:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == order[v]:
                component: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    found.sort()
    return found


def _cycle_in(component: list[int], successors: list[list[int]]) -> list[int]:
    """One cycle in a strongly connected component of two or more nodes, from its first node."""
    members = set(component)
    position: dict[int, int] = {}
    path: list[int] = []
    node = component[0]
    while node not in position:  # every member has a successor inside: walking must come round
        position[node] = len(path)
        path.append(node)
        node = next(v for v in successors[node] if v in members)
    cycle = path[position[node]:]
    first = cycle.index(min(cycle))
    return cycle[first:] + cycle[:first]


def _adjacency(count: int, ends: Iterable[int], others: Iterable[int]) -> list[list[int]]:
    """For each node, the nodes at the other end of its edges (``ends[i] -> others[i]``), in edge order."""
    adjacent: list[list[int]] = [[] for _ in range(count)]
    for u, v in zip(ends, others, strict=True):
        adjacent[u].append(v)
    return adjacent


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
