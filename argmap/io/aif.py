"""AIF JSON: the Argument Interchange Format as AIFdb, OVA and xAIF store it, read and written losslessly.

Reading
-------
An AIF document is ``{"nodes": [...], "edges": [...], "locutions": [...], ...}`` (AIFdb), or the
same object under an ``"AIF"`` key (OVA, xAIF). Node ids may be strings or integers.

===========================  ===============================================================
AIF                          argmap
===========================  ===============================================================
I-node                       a statement (an analogy when argmap's extension says so)
RA-node                      an argument; its I-node inputs are its (linked) premises, its
                             I-node output its conclusion (several outputs: one argument per
                             conclusion, joined again on export)
CA-node into an I-node       an attack of type ``rebut`` (``undermine`` via the extension)
CA-node into an RA-node      an attack of type ``undercut`` on that argument
CA-node into a CA-node       an attack of type ``undercut`` on that attack
CA-node with several inputs  one attack per attacking I-node, joined again on export
MA-, PA-nodes, L, YA, TA     kept as they are in ``metadata["aif"]`` (rephrase, preference and
                             the dialogue layer with its locutions), restored on export
===========================  ===============================================================

What the model cannot hold (an RA-node without a premise or conclusion, a CA-node whose target
is not a proposition, argument or attack, S-node cycles, I-to-I edges, edges repeated, node
types outside AIF) is kept in ``metadata["aif"]`` too and reported as a warning (``AM501``), so
that AIF -> argmap -> AIF gives back the same graph. Per node, the AIF keys that argmap has no
field for (``timestamp``, ``scheme``, ``schemeID``, edge ids ...) are kept in the node's
``metadata["aif"]``.

Writing
-------
Statements and analogies become I-nodes, arguments RA-nodes (text: the scheme, else
``Default Inference``), attacks CA-nodes (``Default Conflict``). What AIF has no place for
(statement types, quotes, notes, tags, sections, analogy mappings, critical questions, the
map's title and source ...) travels in one namespaced top-level key, ``"argmap"``, which AIF
tools ignore and which makes argmap -> AIF -> argmap lossless (see ``docs/interchange.md``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from argmap._files import write_output
from argmap._perf import gc_paused
from argmap.errors import Diagnostic, MapError, MapPath
from argmap.io._convert import (
    Collector,
    Exported,
    IdAllocator,
    Imported,
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
    "EXTENSION_KEY",
    "aif_graph",
    "dump",
    "dumps",
    "export",
    "from_data",
    "load",
    "loads",
    "read",
    "reads",
    "to_data",
]

EXTENSION_KEY = "argmap"
"""The top-level key of an AIF document that holds argmap's extension."""
EXTENSION_VERSION = "1"

DEFAULT_RA_TEXT = "Default Inference"
DEFAULT_CA_TEXT = "Default Conflict"
_GENERIC_RA = frozenset({"RA", DEFAULT_RA_TEXT, ""})
_S_TYPES = frozenset({"RA", "CA", "MA", "PA"})
_DIALOGUE_TYPES = frozenset({"L", "YA", "TA"})
_KIND_OF_TYPE = {"I": "I", "RA": "RA", "CA": "CA"}
_PLACEHOLDER = "(empty)"
_NODE_KEYS = ("nodeID", "text", "type")
_EDGE_KEYS = ("fromID", "toID")
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_STRUCTURAL = frozenset({"id", "text", "premises", "conclusion", "from", "to", "restates", "metadata"})
"""Fields that AIF itself holds: the node's text and its edges (``restates`` is an MA-node)."""
DEFAULT_MA_TEXT = "Default Rephrase"
_COLLECTIONS = ("statements", "analogies", "arguments", "attacks")


def _field_names(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(field.alias or name for name, field in model.model_fields.items())


_PROPOSITION_FIELDS = {kind: _field_names(model) - _STRUCTURAL
                       for kind, model in (("statement", Statement), ("analogy", Analogy), ("argument", Argument),
                                           ("attack", Attack))}
"""Per kind of node, the fields that travel in the extension (all but those AIF itself holds)."""
_HEADER_FIELDS = _field_names(ArgumentMap) - set(_COLLECTIONS)


# --- reading --------------------------------------------------------------------------------------


def reads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read an AIF JSON document; return the map and the diagnostics of the conversion.

    Parameters
    ----------
    text : str or bytes
        The document (bytes are decoded as UTF-8).
    filename : str, optional
        Used in diagnostics.
    limits : Limits
        Safety limits for untrusted input.

    Returns
    -------
    Imported
        The map, and warnings/infos about what is kept only in metadata.

    Raises
    ------
    MapError
        For invalid JSON or a document that breaks AIF's rules (an edge to a missing node,
        duplicate node ids, ...), each problem located by line and column.

    Examples
    --------
    >>> doc = '''{"nodes": [{"nodeID": 1, "text": "It rains", "type": "I"},
    ...                     {"nodeID": 2, "text": "The street is wet", "type": "I"},
    ...                     {"nodeID": 3, "text": "Default Inference", "type": "RA"}],
    ...           "edges": [{"edgeID": 1, "fromID": 1, "toID": 3}, {"edgeID": 2, "fromID": 3, "toID": 2}]}'''
    >>> m = reads(doc).map
    >>> [(a.premises, a.conclusion) for a in m.arguments]
    [(['1'], '2')]
    """
    return import_json(text, filename, limits, lambda data: from_data(data, filename=filename))


def read(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read an AIF JSON file; see :func:`reads`."""
    return reads(read_bytes(path, limits), filename=os.fspath(path), limits=limits)


def loads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
          strict: bool = False) -> ArgumentMap:
    """Read an AIF JSON document as a map.

    Warnings (parts kept only in metadata) are issued as
    :class:`~argmap.io.formats.ConversionWarning`; with ``strict`` they raise :class:`MapError`.
    """
    return finish(reads(text, filename=filename, limits=limits), strict)


def load(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> ArgumentMap:
    """Read an AIF JSON file as a map; see :func:`loads`."""
    return finish(read(path, limits=limits), strict)


class _Reader:
    """One conversion of an AIF document (already parsed) into plain map data."""

    def __init__(self, data: Any, filename: str | None) -> None:
        self.filename = filename
        self.log = Collector(filename)
        self.data = data
        self.prefix: MapPath = ()
        self.wrapper: dict[str, Any] | None = None
        self.nodes: dict[str, dict[str, Any]] = {}  # str(nodeID) -> node
        self.order: list[str] = []
        self.edges: list[tuple[int, dict[str, Any]]] = []
        self.ins: dict[str, list[int]] = {}
        self.outs: dict[str, list[int]] = {}
        self.ends: dict[int, tuple[str, str]] = {}  # edge index -> (str(fromID), str(toID))
        self.types: dict[str, str] = {}
        self.raw_edges: set[int] = set()
        self.ids = IdAllocator()
        self.argmap_id: dict[str, str] = {}
        self.extension: dict[str, Any] = {}
        self.ext_nodes: dict[str, Any] = {}

    # -- shape ---------------------------------------------------------------------------------

    def error(self, code: str, message: str, path: MapPath, hint: str | None = None) -> None:
        self.log.add(code, message, path=path, hint=hint, severity="error")

    def check_shape(self) -> dict[str, Any]:
        data = self.data
        if not isinstance(data, dict):
            self.error("AM010", "an AIF document is a JSON object with 'nodes' and 'edges'", ())
            raise MapError(self.log.errors)
        doc = data
        if isinstance(data.get("AIF"), dict):  # OVA and xAIF wrap the AIF object
            self.wrapper = {k: v for k, v in data.items() if k not in ("AIF", EXTENSION_KEY)}
            doc = data["AIF"]
            self.prefix = ("AIF",)
        ext = data.get(EXTENSION_KEY)
        if ext is not None:
            if isinstance(ext, dict) and ext.get("version") == EXTENSION_VERSION:
                self.extension = ext
                nodes = ext.get("nodes")
                self.ext_nodes = nodes if isinstance(nodes, dict) else {}
            else:
                self.log.add("AM505", f"unknown argmap extension (expected an object with version "
                             f"'{EXTENSION_VERSION}'); ignored", path=(EXTENSION_KEY,))
        for key in ("nodes", "edges"):
            if key not in doc:
                self.error("AM011", f"missing required key '{key}'", self.prefix,
                           "an AIF document has 'nodes' and 'edges' lists")
            elif not isinstance(doc[key], list):
                self.error("AM010", f"'{key}' must be a list", (*self.prefix, key))
        if self.log.errors:
            raise MapError(self.log.errors)
        return doc

    def check_nodes(self, nodes: list[Any]) -> None:
        for index, node in enumerate(nodes):
            path = (*self.prefix, "nodes", index)
            if not isinstance(node, dict):
                self.error("AM010", "a node must be an object with 'nodeID', 'text' and 'type'", path)
                continue
            node_id = node.get("nodeID")
            if "nodeID" not in node:
                self.error("AM011", "missing required key 'nodeID'", path)
                continue
            if isinstance(node_id, bool) or not isinstance(node_id, (str, int)):
                self.error("AM010", f"nodeID must be a string or an integer, got {node_id!r}", (*path, "nodeID"))
                continue
            key = str(node_id)
            if key in self.nodes:
                self.error("AM020", f"duplicate nodeID '{key}'", (*path, "nodeID"),
                           "node ids must be unique; edges to this id would be ambiguous")
                continue
            node_type = node.get("type")
            if not isinstance(node_type, str):
                self.error("AM011" if node_type is None else "AM010",
                           "missing required key 'type'" if node_type is None else f"type must be a string, "
                           f"got {node_type!r}", (*path, "type"))
                continue
            text = node.get("text")
            if text is not None and not isinstance(text, str):
                self.error("AM010", f"text must be a string, got {text!r}", (*path, "text"))
                continue
            self.nodes[key] = node
            self.types[key] = node_type
            self.order.append(key)

    def check_edges(self, edges: list[Any]) -> None:
        seen: set[tuple[str, str]] = set()
        nodes, ends_of, kept = self.nodes, self.ends, self.edges
        outs, ins = self.outs, self.ins
        for index, edge in enumerate(edges):
            # fast path: a well-formed edge between existing nodes, seen for the first time
            if type(edge) is dict:
                source, target = edge.get("fromID"), edge.get("toID")
                if type(source) is str and type(target) is str and source in nodes and target in nodes \
                        and (source, target) not in seen:
                    seen.add((source, target))
                    kept.append((index, edge))
                    ends_of[index] = (source, target)
                    outs.setdefault(source, []).append(index)
                    ins.setdefault(target, []).append(index)
                    continue
            path = (*self.prefix, "edges", index)
            if not isinstance(edge, dict):
                self.error("AM010", "an edge must be an object with 'fromID' and 'toID'", path)
                continue
            ends: list[str] = []
            for key in _EDGE_KEYS:
                value = edge.get(key)
                if key not in edge:
                    self.error("AM011", f"missing required key '{key}'", path)
                elif isinstance(value, bool) or not isinstance(value, (str, int)):
                    self.error("AM010", f"{key} must be a string or an integer, got {value!r}", (*path, key))
                elif str(value) not in self.nodes:
                    name = edge.get("edgeID", index)
                    self.error("AM021", f"edge {name} {'comes from' if key == 'fromID' else 'goes to'} node "
                               f"'{value}', which does not exist", (*path, key),
                               "every fromID and toID must be the nodeID of a node in 'nodes'")
                else:
                    ends.append(str(value))
            if len(ends) != 2:
                continue
            kept.append((index, edge))
            source, target = ends
            ends_of[index] = (source, target)
            if (source, target) in seen:
                self.raw_edges.add(index)
                self.log.add("AM501", f"edge {edge.get('edgeID', index)} repeats the edge from '{source}' to "
                             f"'{target}'; kept in metadata only", path=path)
                continue
            seen.add((source, target))
            outs.setdefault(source, []).append(index)
            ins.setdefault(target, []).append(index)

    # -- structure -----------------------------------------------------------------------------

    def type_of(self, key: str) -> str:
        return self.types[key]

    def classify(self) -> tuple[dict[str, str], list[tuple[str, list[int], list[int]]],
                                list[tuple[str, list[int], int]]]:
        """Decide which nodes become statements, arguments and attacks; the rest stays raw."""
        self._edges_by_index = dict(self.edges)
        node_kind: dict[str, str] = {}
        arguments: list[tuple[str, list[int], list[int]]] = []
        attack_candidates: dict[str, tuple[list[int], int]] = {}
        unknown_types: dict[str, int] = {}
        layer_counts: dict[str, int] = {}

        ends, types, ins, outs = self.ends, self.types, self.ins, self.outs
        none: list[int] = []
        restated: dict[str, str] = {}  # I-node -> the I-node it restates (through an MA-node)
        self.restatements: list[tuple[str, list[int], int]] = []

        for key in self.order:
            node_type = types[key]
            if node_type == "I":
                node_kind[key] = "I"
                for index in outs.get(key, none):
                    if types[ends[index][1]] == "I":
                        self.raw_edges.add(index)
                        self.log.add("AM501", f"edge from I-node '{key}' straight to I-node "
                                     f"'{ends[index][1]}' (AIF links propositions through S-nodes); "
                                     "kept in metadata only", path=(*self.prefix, "edges", index))
            elif node_type == "RA":
                premises = [i for i in ins.get(key, none) if types[ends[i][0]] == "I"]
                conclusions = [i for i in outs.get(key, none) if types[ends[i][1]] == "I"]
                if premises and conclusions:
                    node_kind[key] = "RA"
                    arguments.append((key, premises, conclusions))
                    if len(conclusions) > 1:
                        self.log.add("AM503", f"RA-node '{key}' has {len(conclusions)} conclusions; imported as "
                                     f"one argument per conclusion (joined again on export)",
                                     path=self.node_path(key))
                else:
                    missing = "premise (I-node input)" if not premises else "conclusion (I-node output)"
                    self.log.add("AM501", f"RA-node '{key}' has no {missing}; kept in metadata only",
                                 path=self.node_path(key), hint="an argument needs a premise and a conclusion")
            elif node_type == "CA":
                attackers = [i for i in ins.get(key, none) if types[ends[i][0]] == "I"]
                targets = [i for i in outs.get(key, none) if types[ends[i][1]] in ("I", "RA", "CA")]
                if not attackers:
                    self.log.add("AM501", f"CA-node '{key}' has no attacking I-node; kept in metadata only",
                                 path=self.node_path(key))
                elif len(targets) != 1:
                    self.log.add("AM501", f"CA-node '{key}' has {len(targets)} targets (I-, RA- or CA-nodes), "
                                 "argmap needs exactly one; kept in metadata only", path=self.node_path(key))
                else:
                    attack_candidates[key] = (attackers, targets[0])
            elif node_type == "MA":
                inputs = [i for i in ins.get(key, none) if types[ends[i][0]] == "I"]
                outputs = [i for i in outs.get(key, none) if types[ends[i][1]] == "I"]
                problem = self.restatement_problem(key, inputs, outputs, restated)
                if problem is None:
                    node_kind[key] = "MA"
                    self.restatements.append((key, inputs, outputs[0]))
                    for index in inputs:
                        restated[ends[index][0]] = ends[outputs[0]][1]
                else:
                    layer_counts[node_type] = layer_counts.get(node_type, 0) + 1
                    if problem:
                        self.log.add("AM501", f"MA-node '{key}' {problem}; kept in metadata only",
                                     path=self.node_path(key))
            elif node_type in _S_TYPES or node_type in _DIALOGUE_TYPES:
                layer_counts[node_type] = layer_counts.get(node_type, 0) + 1
            else:
                unknown_types[node_type] = unknown_types.get(node_type, 0) + 1

        attacks = self.resolve_attacks(attack_candidates, node_kind)
        for node_type, count in sorted(unknown_types.items()):
            self.log.add("AM501", f"{count} node(s) of type '{node_type}', which is not an AIF node type argmap "
                         "knows; kept in metadata only")
        if layer_counts:
            names = {"MA": "MA (rephrase)", "PA": "PA (preference)", "L": "L (locution)",
                     "YA": "YA (illocution)", "TA": "TA (transition)"}
            listed = ", ".join(f"{count} {names.get(t, t)}" for t, count in sorted(layer_counts.items()))
            self.log.add("AM502", f"kept in metadata['aif'] and restored on export: {listed} node(s)",
                         severity="info")
        # S-node to S-node edges that no attack or argument stands for
        structural: set[int] = set()
        for _key, premises, conclusions in arguments:
            structural.update(premises)
            structural.update(conclusions)
        for _key, attackers, target_edge in attacks:
            structural.update(attackers)
            structural.add(target_edge)
        for _key, inputs, output in self.restatements:
            structural.update(inputs)
            structural.add(output)
        for index, _ in self.edges:
            if index in structural or index in self.raw_edges:
                continue
            self.raw_edges.add(index)
            head, tail = self.ends[index]
            if head in node_kind and tail in node_kind:  # else the kept node's own report covers it
                self.log.add("AM501", f"edge from {self.type_of(head)}-node '{head}' to "
                             f"{self.type_of(tail)}-node '{tail}' has no argmap equivalent; kept in metadata only",
                             path=(*self.prefix, "edges", index))
        return node_kind, arguments, attacks

    def resolve_attacks(self, candidates: dict[str, tuple[list[int], int]],
                        node_kind: dict[str, str]) -> list[tuple[str, list[int], int]]:
        """Keep the CA-nodes whose target is represented; CA chains are followed, cycles refused."""
        ok: dict[str, bool] = {}
        for start in candidates:
            path: list[str] = []
            on_path: set[str] = set()
            key = start
            verdict = False
            while True:
                if key in ok:
                    verdict = ok[key]
                    break
                if key in on_path:
                    cycle = path[path.index(key):]
                    self.log.add("AM501", "cycle through S-nodes: CA-nodes " + " -> ".join([*cycle, key])
                                 + " attack each other in a circle; kept in metadata only",
                                 path=self.node_path(key))
                    for member in cycle:
                        ok[member] = False
                    verdict = False
                    break
                if key not in candidates:
                    verdict = False
                    break
                path.append(key)
                on_path.add(key)
                target = self.ends[candidates[key][1]][1]
                target_type = self.type_of(target)
                if target_type == "I" or (target_type == "RA" and node_kind.get(target) == "RA"):
                    verdict = True
                    break
                if target_type == "RA":
                    verdict = False
                    break
                key = target  # a CA-node: decided by its own target
            for member in reversed(path):
                if member in ok:
                    continue
                ok[member] = verdict
                if not verdict:
                    self.log.add("AM501", f"CA-node '{member}' attacks a node argmap cannot represent; kept in "
                                 "metadata only", path=self.node_path(member))
        attacks: list[tuple[str, list[int], int]] = []
        for name, (attackers, target_edge) in candidates.items():
            if ok.get(name):
                node_kind[name] = "CA"
                attacks.append((name, attackers, target_edge))  # several I-node inputs: one joint attack
        attacks.sort(key=lambda item: self._position[item[0]])
        return attacks

    def restatement_problem(self, key: str, inputs: list[int], outputs: list[int],
                            restated: Mapping[str, str]) -> str | None:
        """Why an MA-node cannot become ``restates`` ('' when it is simply not between I-nodes), or None."""
        if not inputs and not outputs:
            return ""  # a rephrase in the dialogue layer only (e.g. TA -> MA): kept with it, nothing to report
        if not inputs or len(outputs) != 1:
            return (f"has {len(inputs)} I-node input(s) and {len(outputs)} I-node output(s); a restatement needs "
                    "one or more inputs (the rephrasings) and one output (the original)")
        original = self.ends[outputs[0]][1]
        for index in inputs:
            rephrasing = self.ends[index][0]
            if rephrasing == original:
                return f"joins I-node '{original}' to itself"
            if rephrasing in restated:
                return (f"makes I-node '{rephrasing}' restate '{original}', but it already restates "
                        f"'{restated[rephrasing]}' (argmap's `restates` names one original)")
            node, hops = original, 0
            while node in restated and hops <= len(restated):
                node, hops = restated[node], hops + 1
                if node == rephrasing:
                    return f"would close a loop of restatements through I-node '{rephrasing}'"
        return None

    def node_path(self, key: str) -> MapPath:
        return (*self.prefix, "nodes", self._position_in_file[key])

    # -- conversion ------------------------------------------------------------------------------

    def convert(self) -> Imported:
        doc = self.check_shape()
        self._position_in_file: dict[str, int] = {}
        for index, node in enumerate(doc["nodes"]):
            if isinstance(node, dict) and "nodeID" in node and str(node["nodeID"]) not in self._position_in_file:
                self._position_in_file[str(node["nodeID"])] = index
        self.check_nodes(doc["nodes"])
        if not self.log.errors:
            self.check_edges(doc["edges"])
        if self.log.errors:
            raise MapError(self.log.errors)
        self._position = {key: position for position, key in enumerate(self.order)}
        node_kind, arguments, attacks = self.classify()
        for key in [key for key in self.ext_nodes if key not in self.nodes][:100]:
            # carried data, not structure: an entry whose node is gone is dropped, and said so
            self.log.add("AM505", f"argmap extension entry for node '{key}', which the document does not have; "
                         "ignored", path=(EXTENSION_KEY, "nodes", key), hint="remove the entry, or restore the node")

        found_map = self.extension.get("map")
        ext_map: dict[str, Any] = found_map if isinstance(found_map, dict) else {}
        for section in ext_map.get("sections", []) if isinstance(ext_map.get("sections"), list) else []:
            if isinstance(section, dict) and isinstance(section.get("id"), str):
                self.ids.take(section["id"])
        # ids: the extension's argmap id, else the AIF id when valid, else a sanitised variant
        for key in self.order:
            if key in node_kind and node_kind[key] != "MA":
                entry = self.ext_nodes.get(key)
                wanted = entry.get("id") if isinstance(entry, dict) else None
                self.argmap_id[key] = self.ids.take(wanted if isinstance(wanted, str) else key)

        self.restating: dict[str, list[tuple[str, int, int, int]]] = {}  # I-node -> (MA, in, out, part)
        for ma_key, inputs, output in self.restatements:
            for part, index in enumerate(inputs):
                self.restating.setdefault(self.ends[index][0], []).append((ma_key, index, output, part))
        statements: list[dict[str, Any]] = []
        analogies: list[dict[str, Any]] = []
        for key in self.order:
            if node_kind.get(key) == "I":
                item, kind = self.proposition(key)
                (analogies if kind == "analogy" else statements).append(item)
        argument_items: list[dict[str, Any]] = []
        for key, premises, conclusions in arguments:
            argument_items.extend(self.argument(key, premises, conclusions))
        attack_items: list[dict[str, Any]] = []
        for key, attackers, target in attacks:
            attack_items.extend(self.attack(key, attackers, target))

        layer: dict[str, Any] = {}
        document = {k: v for k, v in doc.items() if k not in ("nodes", "edges", EXTENSION_KEY)}
        if document:
            layer["document"] = document
        if self.wrapper is not None:
            layer["wrapper"] = self.wrapper
        kept_nodes = [self.nodes[key] for key in self.order if key not in node_kind]
        if kept_nodes:
            layer["nodes"] = kept_nodes
        kept_edges = [edge for index, edge in self.edges if index in self.raw_edges]
        if kept_edges:
            layer["edges"] = kept_edges

        header = self.header(ext_map, layer)
        if "argmap" not in ext_map and (self.restatements or any(isinstance(a["from"], list) for a in attack_items)):
            header["argmap"] = "1.1"  # the map says what format 1 cannot: joint attacks, restatements
        data = {**header, "statements": statements, "analogies": analogies, "arguments": argument_items,
                "attacks": attack_items}
        if self.log.errors:
            raise MapError(self.log.errors)
        return build_map(data, self.log.items, self.filename)

    def header(self, ext_map: Mapping[str, Any], layer: dict[str, Any]) -> dict[str, Any]:
        header: dict[str, Any] = {"argmap": "1"}
        if ext_map:
            header.update({k: v for k, v in ext_map.items() if k in _HEADER_FIELDS})
            if not isinstance(header.get("metadata"), dict):
                header.pop("metadata", None)
        metadata = dict(header.get("metadata", {}))
        if not self.extension or ext_map.get("aif") is True:
            metadata["aif"] = layer  # even when empty: it marks the map as read from AIF
        elif layer.get("nodes") or layer.get("edges") or layer.get("wrapper"):
            metadata["aif"] = layer  # added by another tool after argmap wrote the file
        if metadata:
            header["metadata"] = metadata
        else:
            header.pop("metadata", None)
        return header

    def extension_for(self, key: str, kinds: Iterable[str], part: int = 0) -> dict[str, Any] | None:
        entry = self.ext_nodes.get(key)
        if entry is None:
            return None
        if part:
            parts = entry.get("parts") if isinstance(entry, dict) else None
            entry = parts[part - 1] if isinstance(parts, list) and len(parts) >= part else None
            if entry is None:
                return None
        kind = entry.get("kind") if isinstance(entry, dict) else None
        if not isinstance(kind, str) or kind not in kinds:  # a list or object as kind is as unfit as a typo
            self.log.add("AM505", f"argmap extension entry for node '{key}' does not fit an AIF "
                         f"{self.type_of(key)}-node; ignored", path=(EXTENSION_KEY, "nodes", key))
            return None
        return cast("dict[str, Any]", entry)

    def node_meta(self, key: str, entry: dict[str, Any] | None, model_text: str | None,
                  edges: dict[str, Any] | None = None, part: int = 0) -> dict[str, Any] | None:
        """The node's metadata: the extension's, plus what AIF keeps that argmap has no field for."""
        node = self.nodes[key]
        metadata: dict[str, Any] = {}
        if entry is not None and isinstance(entry.get("metadata"), dict):
            metadata.update(entry["metadata"])
        if entry is not None and not entry.get("aif"):
            return metadata or None  # written by argmap from a map without AIF details: nothing more to keep
        aif: dict[str, Any] = {}
        original = node["nodeID"]
        if isinstance(original, int) or original != self.argmap_id[key]:
            aif["nodeID"] = original
        if "text" not in node:
            aif["text"] = None
        elif node["text"] != model_text:
            aif["text"] = node["text"]
        extra = {k: v for k, v in node.items() if k not in _NODE_KEYS}
        if extra:
            aif["node"] = extra
        if edges:
            aif["edges"] = edges
        if part:
            aif["part"] = part
        if aif:
            metadata["aif"] = aif
        return metadata or None

    def edge_extra(self, index: int) -> dict[str, Any]:
        return {k: v for k, v in self._edges_by_index[index].items() if k not in _EDGE_KEYS}

    def proposition(self, key: str) -> tuple[dict[str, Any], str]:
        node = self.nodes[key]
        entry = self.extension_for(key, ("statement", "analogy"))
        text = node.get("text") or ""
        model_text = text or _PLACEHOLDER
        kind = "statement"
        item: dict[str, Any] = {"id": self.argmap_id[key], "text": model_text}
        if entry is not None:
            kind = entry["kind"]
            item.update({k: v for k, v in entry.items() if k in _PROPOSITION_FIELDS[kind]})
        meta = self.node_meta(key, entry, model_text)
        restating = self.restating.get(key)
        if restating:  # I-node -> MA-node -> I-node: this proposition restates the MA-node's output
            ma_key, in_index, out_index, part = restating[0]
            item["restates"] = self.argmap_id[self.ends[out_index][1]]
            if entry is None or entry.get("aif"):
                meta = meta or {}
                meta.setdefault("aif", {})["restates"] = self.ma_record(ma_key, in_index, out_index, part)
        if meta:
            item["metadata"] = meta
        return (self.checked(item, kind, key) if entry is not None else item), kind

    def ma_record(self, key: str, in_index: int, out_index: int, part: int) -> dict[str, Any]:
        """What the MA-node of a restatement keeps for export: its nodeID, text, other keys and edge keys."""
        node = self.nodes[key]
        record: dict[str, Any] = {"nodeID": node["nodeID"]}
        edges: dict[str, Any] = {}
        if self.edge_extra(in_index):
            edges["from"] = self.edge_extra(in_index)
        if part:
            record["part"] = part  # a further input of an MA-node written with its first one
        else:
            if node.get("text") != DEFAULT_MA_TEXT:
                record["text"] = node.get("text")
            extra = {k: v for k, v in node.items() if k not in _NODE_KEYS}
            if extra:
                record["node"] = extra
            if self.edge_extra(out_index):
                edges["to"] = self.edge_extra(out_index)
        if edges:
            record["edges"] = edges
        return record

    def checked(self, item: dict[str, Any], kind: str, key: str) -> dict[str, Any]:
        """Validate one node's fields; extension values that do not fit are dropped with a warning."""
        from pydantic import ValidationError

        models: dict[str, type[BaseModel]] = {"statement": Statement, "analogy": Analogy, "argument": Argument,
                                              "attack": Attack}
        model = models[kind]
        try:
            model.model_validate(item)
            return item
        except ValidationError as exc:
            bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
            structural = {"id", "text", "premises", "conclusion", "from", "to"}
            if bad & structural or not bad:
                raise
            self.log.add("AM505", f"argmap extension values for node '{key}' are invalid and ignored: "
                         f"{', '.join(sorted(bad))}", path=(EXTENSION_KEY, "nodes", key))
            if kind == "analogy":  # an analogy without its fields cannot stand: fall back to a statement
                return self.checked({k: v for k, v in item.items() if k in ("id", "text", "metadata")},
                                    "statement", key)
            return {k: v for k, v in item.items() if k not in bad}

    def part_id(self, base_id: str, part: int, entry: dict[str, Any] | None) -> str:
        if part == 0:
            return base_id
        wanted = entry.get("id") if entry is not None else None
        return self.ids.take(wanted if isinstance(wanted, str) else f"{base_id}-{part + 1}")

    def argument(self, key: str, premises: list[int], conclusions: list[int]) -> list[dict[str, Any]]:
        node = self.nodes[key]
        first_entry = entry = self.extension_for(key, ("argument",))
        text = node.get("text")
        scheme = node.get("scheme")
        if entry is not None:
            derived = entry.get("scheme")
        elif isinstance(scheme, str) and scheme.strip() and scheme not in _GENERIC_RA:
            derived = scheme
        elif isinstance(text, str) and text.strip() and text not in _GENERIC_RA:
            derived = text
        else:
            derived = None
        model_text = _ra_text(derived)
        premise_ids = [self.argmap_id[self.ends[i][0]] for i in premises]
        items = []
        base_id = self.argmap_id[key]
        for part, index in enumerate(conclusions):
            entry = first_entry if part == 0 else self.extension_for(key, ("argument",), part)
            item: dict[str, Any] = {"id": self.part_id(base_id, part, entry),
                                    "premises": premise_ids,
                                    "conclusion": self.argmap_id[self.ends[index][1]]}
            if derived is not None:
                item["scheme"] = derived
            if entry is not None:
                item.update({k: v for k, v in entry.items() if k in _PROPOSITION_FIELDS["argument"]})
            edges: dict[str, Any] = {}
            premise_extras = [self.edge_extra(i) for i in premises]
            if any(premise_extras) and part == 0:
                edges["premises"] = premise_extras
            conclusion_extra = self.edge_extra(index)
            if conclusion_extra:
                edges["conclusion"] = conclusion_extra
            meta = self.node_meta(key, entry, model_text, edges, part)
            if part and "aif" in (meta or {}):
                meta["aif"].setdefault("nodeID", node["nodeID"])  # type: ignore[index]
            elif part:
                meta = {**(meta or {}), "aif": {"nodeID": node["nodeID"], "part": part}}
            if meta:
                item["metadata"] = meta
            items.append(self.checked(item, "argument", key) if entry is not None else item)
        return items

    def attack(self, key: str, attackers: list[int], target: int) -> list[dict[str, Any]]:
        entry = self.extension_for(key, ("attack",))
        target_key = self.ends[target][1]
        target_type = self.type_of(target_key)
        attack_type = "undercut" if target_type in ("RA", "CA") else "rebut"
        if entry is not None and target_type == "I" and entry.get("type") in ("rebut", "undermine"):
            attack_type = entry["type"]
        if entry is not None and entry.get("parts"):
            self.log.add("AM505", f"CA-node '{key}' was written by an older argmap as one attack per attacker; read "
                         "as one joint attack (the further attacks' ids and fields are not read)",
                         path=(EXTENSION_KEY, "nodes", key))
        names = [self.argmap_id[self.ends[index][0]] for index in attackers]
        # several I-node inputs: one joint attack, which has force only if all its attackers stand
        as_list = len(names) > 1 or (entry is not None and entry.get("from_list") is True)
        item: dict[str, Any] = {"id": self.argmap_id[key], "from": names if as_list else names[0],
                                "to": self.argmap_id[target_key], "type": attack_type}
        if entry is not None:
            item.update({k: v for k, v in entry.items() if k in _PROPOSITION_FIELDS["attack"] - {"type"}})
        edges: dict[str, Any] = {}
        extras = [self.edge_extra(index) for index in attackers]
        if any(extras):
            edges["from"] = extras if len(extras) > 1 else extras[0]
        if self.edge_extra(target):
            edges["to"] = self.edge_extra(target)
        meta = self.node_meta(key, entry, DEFAULT_CA_TEXT, edges)
        if meta:
            item["metadata"] = meta
        return [self.checked(item, "attack", key) if entry is not None else item]


def from_data(data: Any, *, filename: str | None = None) -> Imported:
    """Convert an already parsed AIF document (a dict) into a map.

    See :func:`reads` for the mapping; this is the same without the JSON parsing, e.g. for
    AIF held in memory or fetched from a web service.
    """
    with gc_paused():
        return _Reader(data, filename).convert()


def _ra_text(scheme: str | None) -> str:
    return scheme if scheme else DEFAULT_RA_TEXT


# --- writing --------------------------------------------------------------------------------------


def _clean_aif(meta: Mapping[str, Any] | None) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Split node metadata into its well-formed ``aif`` part (or None) and the rest."""
    if not meta:
        return None, {}
    rest = {k: v for k, v in meta.items() if k != "aif"}
    aif = meta.get("aif")
    if aif is None:
        return None, rest
    ok = (isinstance(aif, dict)
          and isinstance(aif.get("node", {}), dict)
          and isinstance(aif.get("edges", {}), dict)
          and isinstance(aif.get("part", 0), int)
          and (aif.get("text") is None or isinstance(aif.get("text"), str))
          and ("nodeID" not in aif or (isinstance(aif["nodeID"], (str, int)) and not isinstance(aif["nodeID"], bool)))
          and not set(aif.get("node", {})) & set(_NODE_KEYS))
    if not ok:
        return None, {**rest, "aif": aif}  # not ours: travels verbatim in the extension
    return aif, rest


class _Writer:
    def __init__(self, map: ArgumentMap, timestamp: str | None, extension: bool) -> None:
        self.map = map
        self.timestamp = timestamp
        self.extension = extension
        self.problems: list[Diagnostic] = []
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.aif_id: dict[str, str | int] = {}
        self.used_edge_ids: set[str] = set()
        self.next_edge = 1
        self.ext_nodes: dict[str, Any] = {}
        self.layer = self.map_layer()

    def map_layer(self) -> dict[str, Any]:
        """The AIF layer kept in the map's metadata when it is well-formed (``layer_ok``)."""
        self.layer_ok = False
        layer = self.map.metadata.get("aif")
        if not isinstance(layer, dict):
            return {}
        shapes = {"document": dict, "wrapper": dict, "nodes": list, "edges": list}
        if any(key not in shapes or not isinstance(value, shapes[key]) for key, value in layer.items()):
            return {}
        self.layer_ok = True
        return layer

    def warn(self, message: str, hint: str | None = None) -> None:
        self.problems.append(diagnostic("AM506", message, hint=hint, severity="warning"))

    def edge_id(self) -> str:
        while str(self.next_edge) in self.used_edge_ids:
            self.next_edge += 1
        self.used_edge_ids.add(str(self.next_edge))
        return str(self.next_edge)

    def add_edge(self, source: str | int, target: str | int, extra: Mapping[str, Any] | None) -> None:
        edge: dict[str, Any] = {}
        if extra:
            edge.update(extra)
        if "edgeID" not in edge:
            edge = {"edgeID": self.edge_id(), **edge}
            edge.setdefault("formEdgeID", None)
        edge["fromID"], edge["toID"] = source, target
        ordered = {"edgeID": edge.pop("edgeID")} if "edgeID" in edge else {}
        ordered.update({"fromID": source, "toID": target})
        ordered.update({k: v for k, v in edge.items() if k not in ("fromID", "toID")})
        self.edges.append(ordered)

    def node(self, item: Any, node_type: str, model_text: str, kind: str) -> dict[str, Any] | None:
        """Write one node (or return None when it is a further part of an already written node)."""
        aif, _ = _clean_aif(item.metadata)
        original = aif.get("nodeID") if aif else None
        node_id: str | int = original if original is not None else item.id
        if aif and aif.get("part"):
            return None
        if str(node_id) in self.written:
            self.warn(f"{kind} '{item.id}' would have the AIF nodeID '{node_id}' of another node; written with "
                      f"nodeID '{item.id}'")
            node_id = item.id
            if str(node_id) in self.written:
                node_id = f"argmap-{item.id}"
        self.aif_id[item.id] = node_id
        self.written.add(str(node_id))
        text = model_text
        if aif and "text" in aif:
            text = aif["text"]
        node: dict[str, Any] = {"nodeID": node_id}
        if text is not None:
            node["text"] = text
        node["type"] = node_type
        if aif:
            node.update(aif.get("node", {}))
        elif not self.layer_ok:  # a map made in argmap: give the node what AIFdb's nodes carry
            if self.timestamp is not None:
                node["timestamp"] = self.timestamp
            if node_type == "RA" and getattr(item, "scheme", None):
                node["scheme"] = item.scheme
        if self.extension:
            self.ext_nodes[str(node_id)] = self.entry(item, kind)
        self.nodes.append(node)
        return node

    def entry(self, item: Any, kind: str) -> dict[str, Any]:
        """The extension entry of a node: its id, kind, and the fields AIF has no place for."""
        aif, rest = _clean_aif(item.metadata)
        entry: dict[str, Any] = {"id": item.id, "kind": kind}
        fields = item.model_dump(mode="json", by_alias=True, exclude_none=True, include=_PROPOSITION_FIELDS[kind])
        default_type = "claim" if kind == "statement" else "rebut"
        entry.update({k: v for k, v in fields.items()
                      if v not in ([], {}) and not (k == "type" and v == default_type)})
        if kind == "argument" and item.scheme is None:
            entry["scheme"] = None
        if kind == "attack" and isinstance(item.from_, list) and len(item.from_) == 1:
            entry["from_list"] = True  # `from: [x]`, which AIF cannot tell from `from: x`
        if rest:
            entry["metadata"] = rest
        entry["aif"] = aif is not None
        return entry

    def add_part_entry(self, node_id: str | int, part: Any, kind: str) -> None:
        if self.extension:
            self.ext_nodes[str(node_id)].setdefault("parts", []).append(self.entry(part, kind))

    def write(self) -> dict[str, Any]:
        m = self.map
        self.written: set[str] = set()
        for raw in self.layer.get("edges", []):
            if isinstance(raw, dict) and "edgeID" in raw:
                self.used_edge_ids.add(str(raw["edgeID"]))
        for items in (m.arguments, m.attacks):
            for item in items:
                aif, _ = _clean_aif(item.metadata)
                for extra in _edge_extras(aif):
                    if "edgeID" in extra:
                        self.used_edge_ids.add(str(extra["edgeID"]))
        for statement in m.statements:
            self.node(statement, "I", statement.text, "statement")
        for analogy in m.analogies:
            self.node(analogy, "I", analogy.text, "analogy")
        self.write_arguments()
        self.write_attacks()
        self.write_restatements()
        for raw in self.layer.get("nodes", []):
            if isinstance(raw, dict) and "nodeID" in raw:
                if str(raw["nodeID"]) in self.written:
                    self.warn(f"a node kept from the AIF input has the nodeID '{raw['nodeID']}' of a map node; "
                              "left out")
                    continue
                self.written.add(str(raw["nodeID"]))
                self.nodes.append(raw)
        for raw in self.layer.get("edges", []):
            if not isinstance(raw, dict):
                continue
            ends = (str(raw.get("fromID")), str(raw.get("toID")))
            if ends[0] in self.written and ends[1] in self.written:
                self.edges.append(raw)
            else:
                self.warn(f"edge {raw.get('edgeID', '?')} kept from the AIF input joins a node that is no longer "
                          "in the map; left out")
        document: dict[str, Any] = dict(self.layer.get("document", {}))
        out: dict[str, Any] = {"nodes": self.nodes, "edges": self.edges}
        if not self.layer_ok:
            out["locutions"] = []
        for key, value in document.items():
            if key not in ("nodes", "edges"):
                out[key] = value
        if "wrapper" in self.layer:
            out = {**self.layer["wrapper"], "AIF": out}
        if self.extension:
            out[EXTENSION_KEY] = {"version": EXTENSION_VERSION, "map": self.header(), "nodes": self.ext_nodes}
        return out

    def header(self) -> dict[str, Any]:
        m = self.map
        header = m.model_dump(mode="json", by_alias=True, exclude_none=True,
                              include=set(_HEADER_FIELDS - {"metadata"}))
        header = {k: v for k, v in header.items() if v not in ([], {})}
        metadata = dict(m.metadata)
        if self.layer_ok:
            metadata.pop("aif")  # written into the document itself
        if metadata:
            header["metadata"] = metadata
        header["aif"] = self.layer_ok
        return header

    def write_arguments(self) -> None:
        groups: dict[str, list[Any]] = {}
        for argument in self.map.arguments:
            aif, _ = _clean_aif(argument.metadata)
            if aif and aif.get("part"):
                groups.setdefault(str(aif.get("nodeID", argument.id)), []).append(argument)
        for argument in self.map.arguments:
            node = self.node(argument, "RA", _ra_text(argument.scheme), "argument")
            if node is None:
                continue
            node_id = self.aif_id[argument.id]
            aif, _ = _clean_aif(argument.metadata)
            edges = aif.get("edges", {}) if aif else {}
            extras = edges.get("premises", []) if isinstance(edges.get("premises"), list) else []
            if len(extras) != len(argument.premises):
                extras = [{}] * len(argument.premises)
            for premise, extra in zip(argument.premises, extras, strict=True):
                self.add_edge(self.aif_id[premise], node_id, extra if isinstance(extra, dict) else None)
            self.add_edge(node_id, self.aif_id[argument.conclusion], _as_dict(edges.get("conclusion")))
            for part in groups.get(str(node_id), []):
                if part.premises != argument.premises:
                    self.warn(f"argument '{part.id}' was imported as part of RA-node '{node_id}' but its premises "
                              "changed; written as an RA-node of its own")
                    self.separate(part, "RA", _ra_text(part.scheme), "argument")
                    continue
                self.aif_id[part.id] = node_id
                self.add_part_entry(node_id, part, "argument")
                part_aif, _ = _clean_aif(part.metadata)
                part_edges = part_aif.get("edges", {}) if part_aif else {}
                self.add_edge(node_id, self.aif_id[part.conclusion], _as_dict(part_edges.get("conclusion")))
        for argument in self.map.arguments:
            if argument.id not in self.aif_id:
                self.warn(f"argument '{argument.id}' is a part of an RA-node that is no longer in the map; written "
                          "as an RA-node of its own")
                self.separate(argument, "RA", _ra_text(argument.scheme), "argument")

    def separate(self, item: Any, node_type: str, text: str, kind: str) -> None:
        metadata = dict(item.metadata or {})
        aif = dict(metadata.get("aif") or {})
        aif.pop("part", None)
        aif["nodeID"] = item.id
        metadata["aif"] = aif
        copy = item.model_copy(update={"metadata": metadata})
        self.node(copy, node_type, text, kind)
        node_id = self.aif_id[item.id]
        edges = aif.get("edges", {}) if isinstance(aif.get("edges"), dict) else {}
        if kind == "argument":
            for premise in item.premises:
                self.add_edge(self.aif_id[premise], node_id, None)
            self.add_edge(node_id, self.aif_id[item.conclusion], _as_dict(edges.get("conclusion")))
        else:
            self.attacker_edges(item, node_id, edges.get("from"))
            self.pending_targets.append((item, node_id, None))

    def attacker_edges(self, attack: Attack, node_id: str | int, kept: Any) -> None:
        """attacker -> CA edges: several for a joint attack, with the edge keys kept for each."""
        attackers = attack.attackers
        extras: list[dict[str, Any] | None] = [None] * len(attackers)
        if isinstance(kept, list) and len(kept) == len(attackers):
            extras = [_as_dict(extra) for extra in kept]
        elif isinstance(kept, dict):
            extras[0] = kept
        for attacker, extra in zip(attackers, extras, strict=True):
            self.add_edge(self.aif_id[attacker], node_id, extra)

    def write_restatements(self) -> None:
        """``restates`` as MA-nodes (``Default Rephrase``): restating I-node -> MA -> restated I-node."""
        written: dict[str, str | int] = {}  # nodeID kept from AIF -> the MA-node written for it
        for item in self.map.statements:
            if item.restates is None:
                continue
            if item.restates not in self.aif_id:
                self.warn(f"statement '{item.id}' restates '{item.restates}', which is no longer in the map; its "
                          "MA-node is left out")
                continue
            aif, _ = _clean_aif(item.metadata)
            found = aif.get("restates") if aif else None
            record: dict[str, Any] = found if isinstance(found, dict) else {}
            original = record.get("nodeID")
            has_id = isinstance(original, (str, int)) and not isinstance(original, bool)
            found_edges = record.get("edges")
            edges: dict[str, Any] = found_edges if isinstance(found_edges, dict) else {}
            if has_id and str(original) in written:  # a further input of an MA-node already written
                self.add_edge(self.aif_id[item.id], written[str(original)], _as_dict(edges.get("from")))
                continue
            node_id: str | int
            if has_id and str(original) not in self.written:
                node_id = cast("str | int", original)
            else:
                base = f"{self.aif_id[item.id]}-restates"
                node_id, number = base, 1
                while str(node_id) in self.written:
                    number += 1
                    node_id = f"{base}-{number}"
            self.written.add(str(node_id))
            if has_id:
                written[str(original)] = node_id
            node: dict[str, Any] = {"nodeID": node_id}
            text = record.get("text", DEFAULT_MA_TEXT) if record else DEFAULT_MA_TEXT
            if text is not None:
                node["text"] = text
            node["type"] = "MA"
            extra = record.get("node")
            if isinstance(extra, dict):
                node.update({k: v for k, v in extra.items() if k not in _NODE_KEYS})
            elif not record and not self.layer_ok and self.timestamp is not None:
                node["timestamp"] = self.timestamp
            self.nodes.append(node)
            self.add_edge(self.aif_id[item.id], node_id, _as_dict(edges.get("from")))
            self.add_edge(node_id, self.aif_id[item.restates], _as_dict(edges.get("to")))

    def write_attacks(self) -> None:
        self.pending_targets: list[tuple[Any, str | int, dict[str, Any] | None]] = []
        groups: dict[str, list[Any]] = {}
        for attack in self.map.attacks:
            aif, _ = _clean_aif(attack.metadata)
            if aif and aif.get("part"):
                groups.setdefault(str(aif.get("nodeID", attack.id)), []).append(attack)
        for attack in self.map.attacks:
            node = self.node(attack, "CA", DEFAULT_CA_TEXT, "attack")
            if node is None:
                continue
            node_id = self.aif_id[attack.id]
            aif, _ = _clean_aif(attack.metadata)
            edges = aif.get("edges", {}) if aif else {}
            self.attacker_edges(attack, node_id, edges.get("from"))
            parts = []
            for part in groups.get(str(node_id), []):
                if part.to != attack.to or part.type != attack.type:
                    self.warn(f"attack '{part.id}' was imported as part of CA-node '{node_id}' but its target "
                              "changed; written as a CA-node of its own")
                    self.separate(part, "CA", DEFAULT_CA_TEXT, "attack")
                    continue
                self.aif_id[part.id] = node_id
                self.add_part_entry(node_id, part, "attack")
                part_aif, _ = _clean_aif(part.metadata)
                part_edges = part_aif.get("edges", {}) if part_aif else {}
                parts.append((part, _as_dict(part_edges.get("from"))))
            for part, extra in parts:  # attacks that an older argmap split from this CA-node
                self.attacker_edges(part, node_id, extra)
            self.pending_targets.append((attack, node_id, _as_dict(edges.get("to"))))
        for attack in self.map.attacks:
            if attack.id not in self.aif_id:
                self.warn(f"attack '{attack.id}' is a part of a CA-node that is no longer in the map; written as a "
                          "CA-node of its own")
                self.separate(attack, "CA", DEFAULT_CA_TEXT, "attack")
        # targets last: an undercut may point at an attack written after it
        for attack, node_id, extra in self.pending_targets:
            self.add_edge(node_id, self.aif_id[attack.to], extra)


def _as_dict(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _edge_extras(aif: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if not aif or not isinstance(aif.get("edges"), dict):
        return []
    edges = aif["edges"]
    found = [v for k, v in edges.items() if k != "premises" and isinstance(v, dict)]
    premises = edges.get("premises")
    if isinstance(premises, list):
        found.extend(v for v in premises if isinstance(v, dict))
    return found


def to_data(map: ArgumentMap, *, timestamp: str | datetime | None = None, extension: bool = True) -> dict[str, Any]:
    """The map as an AIF document (a dict ready for ``json.dump``).

    Parameters
    ----------
    map : ArgumentMap
    timestamp : str or datetime, optional
        The ``timestamp`` of nodes the map did not get from AIF (AIFdb's ``YYYY-MM-DD HH:MM:SS``);
        the current time (UTC) when omitted.
    extension : bool
        Write argmap's extension (the ``"argmap"`` key) so that reading the document back gives
        the same map. Without it the document holds only what AIF itself can say.

    Returns
    -------
    dict
        ``{"nodes", "edges", "locutions", ..., "argmap"}``, or the OVA/xAIF wrapper the map was
        read from.
    """
    writer = _Writer(map, _stamp(timestamp), extension)
    data = writer.write()
    emit(writer.problems)
    return data


def _stamp(timestamp: str | datetime | None) -> str:
    if timestamp is None:
        timestamp = datetime.now(timezone.utc)
    return timestamp.strftime(_TIME_FORMAT) if isinstance(timestamp, datetime) else timestamp


def export(map: ArgumentMap, *, timestamp: str | datetime | None = None, extension: bool = True,
           indent: int | None = 2) -> Exported:
    """The map as AIF JSON text, with diagnostics about anything that could not be written."""
    writer = _Writer(map, _stamp(timestamp), extension)
    data = writer.write()
    return Exported(json_text(data, indent), tuple(writer.problems))


def dumps(map: ArgumentMap, *, timestamp: str | datetime | None = None, extension: bool = True,
          indent: int | None = 2) -> str:
    """The map as AIF JSON text; see :func:`to_data` for the options.

    Anything that could not be written is issued as a :class:`~argmap.io.formats.ConversionWarning`.

    Examples
    --------
    >>> from argmap.model import ArgumentMap
    >>> m = ArgumentMap.model_validate({"argmap": "1",
    ...     "statements": [{"id": "p", "text": "P"}, {"id": "c", "text": "C"}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]})
    >>> text = dumps(m, timestamp="2025-01-01 00:00:00")
    >>> loads(text) == m
    True
    """
    result = export(map, timestamp=timestamp, extension=extension, indent=indent)
    emit(result.diagnostics)
    return result.text


def dump(map: ArgumentMap, path: str | os.PathLike[str], *, timestamp: str | datetime | None = None,
         extension: bool = True) -> None:
    """Write the map as an AIF JSON file, atomically."""
    write_output(path, dumps(map, timestamp=timestamp, extension=extension))


# --- comparison -----------------------------------------------------------------------------------


def aif_graph(data: Mapping[str, Any]) -> nx.DiGraph[str]:
    """An AIF document as a typed networkx graph: nodes keyed by ``str(nodeID)`` with ``type`` and ``text``.

    Useful to compare AIF documents structurally, e.g. with
    ``nx.is_isomorphic(G1, G2, node_match=operator.eq)``. The OVA/xAIF wrapper is looked through.
    """
    import networkx as nx

    doc = data["AIF"] if isinstance(data.get("AIF"), dict) else data
    graph: nx.DiGraph[str] = nx.DiGraph()
    for node in doc.get("nodes", []):
        graph.add_node(str(node["nodeID"]), type=node.get("type"), text=node.get("text"))
    for edge in doc.get("edges", []):
        graph.add_edge(str(edge["fromID"]), str(edge["toID"]))
    return graph
