"""Microtext ``arggraph`` XML (Peldszus & Stede), read and written.

The Argumentative Microtext Corpus annotates a short text as elementary discourse units
(EDUs), joined (through ``<joint>`` nodes in the multilayer variant) into argumentative
discourse units (ADUs) with a proponent/opponent role, and edges between them:

==========  ===============================================================================
arggraph    argmap
==========  ===============================================================================
ADU         a statement; its EDUs' text (in text order) as ``text`` and ``quote``, ``role``
            ``proponent`` (``pro``) or ``opponent`` (``opp``)
all EDUs    the map's ``source.text`` (implicit EDUs, which are not in the text, left out)
``sup``     an argument (id: the edge id) from the source ADU to the target ADU
``exa``     the same, with scheme ``example``
``add``     a further, linked premise of the argument whose edge it targets; when that edge
            is a ``reb`` or ``und``, a further attacker of that attack: one joint attack
            (``from: [ids]``), which has force only with all its attackers
``reb``     an attack of type ``rebut``
``und``     an attack of type ``undercut`` on the argument or attack whose edge it targets
implicit    an ADU whose segments are all ``implicit="true"`` (not in the text, supplied by the
            annotator): a statement with ``implicit: true`` and no ``quote``
==========  ===============================================================================

The segmentation (EDU ids and texts, joints, ``seg`` edges) and the ``arggraph`` attributes are
kept in ``metadata["microtext"]``, so microtext -> argmap -> microtext gives back the same
document. Parsing uses :mod:`defusedxml`: entity declarations (the "billion laughs" attack)
and external references are refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from argmap._files import write_output
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
    read_bytes,
)
from argmap.io.parse import DEFAULT_LIMITS, Limits
from argmap.model import Analogy, ArgumentMap, Statement

__all__ = ["dump", "dumps", "export", "load", "loads", "read", "reads"]

_ARGUMENT_EDGES = {"sup": None, "exa": "example"}
_ROLES = {"pro": "proponent", "opp": "opponent"}
_TYPES = {"proponent": "pro", "opponent": "opp"}
_KNOWN_EDGES = {"seg", "sup", "exa", "add", "reb", "und"}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_IMPLICIT = "(implicit)"


# --- parsing --------------------------------------------------------------------------------------


class _Element:
    """An XML element with its position in the file."""

    __slots__ = ("attrib", "children", "column", "line", "tag", "text")

    def __init__(self, tag: str, attrib: dict[str, str], line: int, column: int) -> None:
        self.tag = tag
        self.attrib = attrib
        self.line = line
        self.column = column
        self.text = ""
        self.children: list[_Element] = []


def _parse_xml(text: str, filename: str | None) -> _Element:
    """Parse XML with defusedxml, keeping each element's line and column."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    class Builder:
        def __init__(self) -> None:
            self.stack: list[_Element] = []
            self.root: _Element | None = None
            self.parser: Any = None

        def start(self, tag: str, attrib: dict[str, str]) -> None:
            expat = self.parser.parser
            element = _Element(tag, dict(attrib), expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
            if self.stack:
                self.stack[-1].children.append(element)
            else:
                self.root = element
            self.stack.append(element)

        def end(self, tag: str) -> None:
            self.stack.pop()

        def data(self, data: str) -> None:
            if self.stack:
                self.stack[-1].text += data

        def close(self) -> _Element | None:
            return self.root

    builder = Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(text)
        parser.close()
    except ParseError as exc:
        line, column = exc.position
        raise MapError([diagnostic("AM001", f"invalid XML: {_parse_message(exc)}", filename, line=line,
                                   column=column + 1)]) from None
    except DefusedXmlException as exc:
        raise MapError([diagnostic(
            "AM003", f"refused XML: {exc}", filename,
            hint="entity declarations and external references are refused (they can expand a small file into "
                 "gigabytes or read local files); a microtext file needs neither",
        )]) from None
    if builder.root is None:
        raise MapError([diagnostic("AM001", "invalid XML: no root element", filename)])
    return builder.root


def _parse_message(exc: Exception) -> str:
    return re.sub(r": line \d+, column \d+$", "", str(exc))


# --- reading --------------------------------------------------------------------------------------


def reads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read a Microtext ``arggraph`` XML document; return the map and the conversion's diagnostics.

    Raises
    ------
    MapError
        For malformed XML (with line and column), refused entity declarations (``AM003``),
        and documents that break the arggraph rules (missing or duplicate ids, edges to
        missing nodes, an ``und`` aimed at a unit rather than an edge ...).

    Examples
    --------
    >>> doc = '''<arggraph id="t1">
    ...   <edu id="e1">Bins stink.</edu><edu id="e2">We should separate waste.</edu>
    ...   <adu id="a1" type="pro"/><adu id="a2" type="pro"/>
    ...   <edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="e2" trg="a2" type="seg"/>
    ...   <edge id="c3" src="a1" trg="a2" type="sup"/>
    ... </arggraph>'''
    >>> m = reads(doc).map
    >>> m.arguments[0].premises, m.arguments[0].conclusion, m.statements[0].role
    (['a1'], 'a2', 'proponent')
    """
    source = as_text(text, filename, limits)
    root = _parse_xml(source, filename)
    return _Reader(root, filename).convert()


def read(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read a Microtext XML file; see :func:`reads`."""
    return reads(read_bytes(path, limits), filename=os.fspath(path), limits=limits)


def loads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
          strict: bool = False) -> ArgumentMap:
    """Read a Microtext XML document as a map (warnings issued as ``ConversionWarning``; ``strict`` raises)."""
    return finish(reads(text, filename=filename, limits=limits), strict)


def load(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> ArgumentMap:
    """Read a Microtext XML file as a map; see :func:`loads`."""
    return finish(read(path, limits=limits), strict)


class _Reader:
    def __init__(self, root: _Element, filename: str | None) -> None:
        self.root = root
        self.log = Collector(filename)
        self.filename = filename

    def error(self, element: _Element | None, message: str, code: str = "AM505", hint: str | None = None) -> None:
        line, column = (element.line, element.column) if element is not None else (None, None)
        self.log.add(code, message, hint=hint, severity="error", line=line, column=column)

    def warn(self, element: _Element | None, message: str, code: str = "AM501") -> None:
        line, column = (element.line, element.column) if element is not None else (None, None)
        self.log.add(code, message, line=line, column=column)

    def convert(self) -> Imported:
        root = self.root
        if root.tag != "arggraph":
            self.error(root, f"the root element is <{root.tag}>, not <arggraph>", "AM504",
                       "a Microtext file has an <arggraph> root with <edu>, <adu> and <edge> elements")
            raise MapError(self.log.errors)
        elements: dict[str, _Element] = {}
        edus: list[_Element] = []
        joints: list[_Element] = []
        adus: list[_Element] = []
        edges: list[_Element] = []
        for child in root.children:
            bucket = {"edu": edus, "joint": joints, "adu": adus, "edge": edges}.get(child.tag)
            if bucket is None:
                self.warn(child, f"unknown element <{child.tag}> ignored", "AM505")
                continue
            node_id = child.attrib.get("id")
            if not node_id:
                self.error(child, f"<{child.tag}> has no id")
                continue
            if node_id in elements:
                other = elements[node_id]
                self.error(child, f"duplicate id '{node_id}' (also on line {other.line})", "AM020")
                continue
            elements[node_id] = child
            bucket.append(child)
        for adu in adus:
            if adu.attrib.get("type") not in _ROLES:
                self.error(adu, f"ADU '{adu.attrib['id']}' has type {adu.attrib.get('type')!r}; it must be 'pro' "
                           "or 'opp'", "AM010")
        for edge in edges:
            for end in ("src", "trg"):
                value = edge.attrib.get(end)
                if value is None:
                    self.error(edge, f"edge '{edge.attrib['id']}' has no '{end}'", "AM011")
                elif value not in elements:
                    self.error(edge, f"edge '{edge.attrib['id']}' {'comes from' if end == 'src' else 'goes to'} "
                               f"'{value}', which does not exist", "AM021")
        if self.log.errors:
            raise MapError(self.log.errors)
        self.elements = elements
        kind = {key: element.tag for key, element in elements.items()}
        edge_type = {e.attrib["id"]: e.attrib.get("type", "") for e in edges}
        for edge in edges:
            self.check_edge(edge, kind, edge_type)
        if self.log.errors:
            raise MapError(self.log.errors)
        return self.build(edus, joints, adus, edges, edge_type)

    def check_edge(self, edge: _Element, kind: Mapping[str, str], edge_type: Mapping[str, str]) -> None:
        src, trg, typ = edge.attrib["src"], edge.attrib["trg"], edge.attrib.get("type", "")
        name = edge.attrib["id"]
        if typ == "seg":
            ok = (kind[src] == "edu" and kind[trg] in ("adu", "joint")) or (kind[src] == "joint" and kind[trg] == "adu")
            if not ok:
                self.error(edge, f"seg edge '{name}' must join an EDU to an ADU or joint, or a joint to an ADU")
        elif typ in ("sup", "exa", "reb"):
            if kind[src] != "adu" or kind[trg] != "adu":
                self.error(edge, f"{typ} edge '{name}' must join two ADUs (from '{src}' to '{trg}')")
        elif typ in ("und", "add"):
            if kind[src] != "adu" or kind[trg] != "edge":
                self.error(edge, f"{typ} edge '{name}' must go from an ADU to an edge (from '{src}' to '{trg}')",
                           hint="undercuts and additional premises target the id of an argumentative edge")
            elif edge_type[trg] == "seg":
                self.error(edge, f"{typ} edge '{name}' targets the segmentation edge '{trg}'")
        elif kind[src] == "edge" or kind[trg] == "edge":
            self.error(edge, f"edge '{name}' of unknown type {typ!r} joins edges; it cannot be kept")

    def build(self, edus: list[_Element], joints: list[_Element], adus: list[_Element], edges: list[_Element],
              edge_type: dict[str, str]) -> Imported:
        # text of each ADU: its EDUs in text order, through joints
        position = {e.attrib["id"]: i for i, e in enumerate(edus)}
        parts_of: dict[str, list[str]] = {}
        for edge in edges:
            if edge.attrib.get("type") == "seg":
                parts_of.setdefault(edge.attrib["trg"], []).append(edge.attrib["src"])

        def edus_of(node: str, seen: frozenset[str] = frozenset()) -> list[str]:
            if node in position:
                return [node]
            found: list[str] = []
            for part in parts_of.get(node, []):
                if part not in seen:
                    found.extend(edus_of(part, seen | {node}))
            return found

        used_edus: set[str] = set()
        statements: list[dict[str, Any]] = []
        for adu in adus:
            node_id = adu.attrib["id"]
            members = sorted(set(edus_of(node_id)), key=position.__getitem__)
            used_edus.update(members)
            explicit = [m for m in members if not _implicit(self.elements[m])]
            text = " ".join(self.elements[m].text.strip() for m in members if self.elements[m].text.strip())
            item: dict[str, Any] = {"id": node_id, "text": text or _IMPLICIT,
                                    "role": _ROLES[adu.attrib["type"]]}
            if explicit and len(explicit) == len(members) and text:
                item["quote"] = text
            elif members and not explicit:
                item["implicit"] = True  # every segment is the annotator's: a reconstructed unit
            if not members:
                self.warn(adu, f"ADU '{node_id}' has no segment (no text); its text is '{_IMPLICIT}'")
            extra = {k: v for k, v in adu.attrib.items() if k not in ("id", "type")}
            if extra:
                item["metadata"] = {"microtext": {"attributes": extra}}
            statements.append(item)
        unused = [e.attrib["id"] for e in edus if e.attrib["id"] not in used_edus]
        if unused:
            self.log.add("AM502", f"{len(unused)} EDU(s) belong to no ADU ({', '.join(unused[:5])}"
                         f"{' ...' if len(unused) > 5 else ''}); kept in the source text and metadata",
                         severity="info")

        # arguments, attacks
        by_id = {e.attrib["id"]: e for e in edges}
        arguments: dict[str, dict[str, Any]] = {}
        attacks: dict[str, dict[str, Any]] = {}
        raw: list[dict[str, str]] = []
        order: list[str] = []
        for edge in edges:
            typ = edge.attrib.get("type", "")
            name, src, trg = edge.attrib["id"], edge.attrib["src"], edge.attrib["trg"]
            order.append(name)
            if typ in _ARGUMENT_EDGES:
                item = {"id": name, "premises": [src], "conclusion": trg}
                if _ARGUMENT_EDGES[typ]:
                    item["scheme"] = _ARGUMENT_EDGES[typ]
                arguments[name] = item
            elif typ == "reb":
                attacks[name] = {"id": name, "from": src, "to": trg, "type": "rebut"}
            elif typ == "und":
                attacks[name] = {"id": name, "from": src, "to": trg, "type": "undercut"}
            elif typ not in ("seg", "add"):
                raw.append(dict(edge.attrib))
                self.warn(edge, f"edge '{name}' has the unknown type {typ!r}; kept in metadata only")
        # add: a further linked premise (or a further attacker) of the edge it targets
        for edge in edges:
            if edge.attrib.get("type") != "add":
                continue
            name, src = edge.attrib["id"], edge.attrib["src"]
            root_edge, hops = edge.attrib["trg"], 0
            while edge_type.get(root_edge) == "add" and hops < len(edges):
                root_edge, hops = by_id[root_edge].attrib["trg"], hops + 1
            if root_edge in arguments:
                argument = arguments[root_edge]
                if src in argument["premises"]:
                    self.warn(edge, f"add edge '{name}' repeats premise '{src}' of '{root_edge}'; kept in metadata "
                              "only")
                    raw.append(dict(edge.attrib))
                    continue
                argument["premises"].append(src)
                argument.setdefault("metadata", {"microtext": {"add": []}})["microtext"]["add"].append(
                    {"id": name, "trg": edge.attrib["trg"]})
            elif root_edge in attacks:
                attack = attacks[root_edge]
                attackers = attack["from"] if isinstance(attack["from"], list) else [attack["from"]]
                if src in attackers:
                    self.warn(edge, f"add edge '{name}' repeats attacker '{src}' of '{root_edge}'; kept in metadata "
                              "only")
                    raw.append(dict(edge.attrib))
                    continue
                attack["from"] = [*attackers, src]  # a joint attack: force only with all its attackers
                attack.setdefault("metadata", {"microtext": {"add": []}})["microtext"]["add"].append(
                    {"id": name, "trg": edge.attrib["trg"]})
            else:
                raw.append(dict(edge.attrib))
                self.warn(edge, f"add edge '{name}' targets '{root_edge}', which is not an argument or attack; "
                          "kept in metadata only")
        # undercuts aimed at an add edge: aim at what that edge became
        for attack in attacks.values():
            if attack["type"] == "undercut" and edge_type.get(attack["to"]) == "add":
                aimed = attack["to"]
                hops, root_edge = 0, aimed
                while edge_type.get(root_edge) == "add" and hops < len(edges):
                    root_edge, hops = by_id[root_edge].attrib["trg"], hops + 1
                attack["to"] = root_edge
                attack.setdefault("metadata", {}).setdefault("microtext", {})["und"] = aimed
                self.warn(by_id[attack["id"]], f"undercut '{attack['id']}' targets the edge '{aimed}' of a further "
                          f"premise or attacker; argmap undercuts the whole of '{root_edge}' (the aim is kept)")
        # undercuts whose target did not become an argument or attack
        for name in list(attacks):
            attack = attacks[name]
            if attack["type"] == "undercut" and attack["to"] not in arguments and attack["to"] not in attacks:
                raw.append(dict(by_id[name].attrib))
                del attacks[name]
                self.warn(by_id[name], f"undercut '{name}' targets '{attack['to']}', which argmap cannot "
                          "represent; kept in metadata only")

        source_text = " ".join(e.text.strip() for e in edus if not _implicit(e) and e.text.strip())
        layer: dict[str, Any] = {
            "arggraph": dict(self.root.attrib),
            "edus": [{**e.attrib, "text": e.text} for e in edus],
            "joints": [dict(j.attrib) for j in joints],
            "seg": [dict(e.attrib) for e in edges if e.attrib.get("type") == "seg"],
            "order": order,
        }
        if raw:
            layer["edges"] = raw
        uses_1_1 = any(s.get("implicit") for s in statements) or any(isinstance(a["from"], list)
                                                                     for a in attacks.values())
        data: dict[str, Any] = {"argmap": "1.1" if uses_1_1 else "1", "metadata": {"microtext": layer}}
        if self.root.attrib.get("id"):
            data["title"] = self.root.attrib["id"]
        if source_text:
            data["source"] = {"text": source_text}
        data["statements"] = statements
        data["arguments"] = list(arguments.values())
        data["attacks"] = list(attacks.values())
        return build_map(data, self.log.items, self.filename)


def _implicit(element: _Element) -> bool:
    return _implicit_value(element.attrib.get("implicit"))


def _implicit_value(value: Any) -> bool:
    return isinstance(value, str) and value.lower() in ("true", "1", "yes")


# --- writing --------------------------------------------------------------------------------------


def _cdata(text: str) -> str:
    if "\r" in text:  # XML parsers turn a raw carriage return into a line feed; a character reference survives
        return escape(text).replace("\r", "&#13;")
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _layer(map: ArgumentMap) -> dict[str, Any]:
    layer = map.metadata.get("microtext")
    if not isinstance(layer, dict):
        return {}
    shapes = {"arggraph": dict, "edus": list, "joints": list, "seg": list, "order": list, "edges": list}
    if any(key in layer and not isinstance(layer[key], shape) for key, shape in shapes.items()):
        return {}
    return layer


def dialectical_roles(map: ArgumentMap) -> dict[str, str]:
    """Proponent/opponent roles of the map's propositions: the declared ``role``, else one derived from structure.

    The main conclusions belong to the proponent; premises share the role of the conclusion
    they support, attackers take the other role than what they attack (an attack on an
    attack sides with the first attack's target). Propositions that reach no main conclusion
    default to the proponent.

    Examples
    --------
    >>> m = ArgumentMap.model_validate({"argmap": "1", "statements": [
    ...     {"id": "c", "text": "C"}, {"id": "p", "text": "P"}, {"id": "x", "text": "X"}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}],
    ...     "attacks": [{"id": "r", "from": "x", "to": "c"}]})
    >>> dialectical_roles(m)
    {'c': 'proponent', 'p': 'proponent', 'x': 'opponent'}
    """
    from collections import deque

    from argmap.graph import main_conclusions, to_networkx

    graph = to_networkx(map)
    kinds = {n: d.get("kind") for n, d in graph.nodes(data=True)}
    side: dict[str, str] = {s.id: s.role for s in map.statements if s.role}
    for node in main_conclusions(graph):
        side.setdefault(node, "proponent")
    queue = deque(side)

    def flip(role: str) -> str:
        return "opponent" if role == "proponent" else "proponent"

    while queue:
        node = queue.popleft()
        role = side[node]
        for middle in graph.predecessors(node):
            kind = kinds.get(middle)
            if kind == "argument":
                middle_role, sources = role, list(graph.predecessors(middle))
                sources = [u for u in sources if kinds.get(u) in ("statement", "analogy")]
            elif kind == "attack":
                middle_role = flip(role)
                sources = [u for u in graph.predecessors(middle) if kinds.get(u) in ("statement", "analogy")]
            else:
                continue
            if middle not in side:
                side[middle] = middle_role
                queue.append(middle)
            for source in sources:
                if source not in side:
                    side[source] = middle_role
                    queue.append(source)
    return {node: side.get(node, "proponent") for node, kind in kinds.items() if kind in ("statement", "analogy")}


class _Writer:
    def __init__(self, map: ArgumentMap) -> None:
        self.map = map
        self.problems: list[Diagnostic] = []
        self.layer = _layer(map)

    def warn(self, message: str) -> None:
        self.problems.append(Diagnostic("AM506", message, Location(), None, "warning"))

    def clean(self, text: str, where: str) -> str:
        if _XML_BAD.search(text):
            self.warn(f"{where}: characters that XML cannot hold were replaced by U+FFFD")
            return _XML_BAD.sub("\ufffd", text)
        return text

    def write(self) -> str:
        m = self.map
        propositions: list[Statement | Analogy] = [*m.statements, *m.analogies]
        ids = {p.id for p in propositions}
        roles = dialectical_roles(m) if any(s.role is None for s in m.statements) or m.analogies else {}
        layer = self.layer
        lost: set[str] = set()
        if m.analogies:
            self.warn(f"{len(m.analogies)} analogies are written as plain units (their source, target and mapping "
                      "have no place in arggraph)")
        # segmentation: kept from the input where its units still exist, else one EDU per unit
        edus: list[dict[str, Any]] = []
        joints: list[dict[str, Any]] = []
        seg: list[dict[str, Any]] = []
        covered: set[str] = set()
        if layer:
            joint_ids = {str(j.get("id")) for j in layer.get("joints", []) if isinstance(j, dict)}
            kept_seg = [dict(e) for e in layer.get("seg", []) if isinstance(e, dict)
                        and (e.get("trg") in ids or e.get("trg") in joint_ids)]
            seg.extend(kept_seg)
            covered = {e["trg"] for e in kept_seg if e.get("trg") in ids}
            edus = [dict(e) for e in layer.get("edus", []) if isinstance(e, dict) and "id" in e]
            joints = [dict(j) for j in layer.get("joints", []) if isinstance(j, dict)]
        used = {str(e.get("id")) for e in [*edus, *joints, *seg]}
        used.update(str(e.get("id")) for e in layer.get("edges", []) if isinstance(e, dict))
        counter = {"e": 0, "c": 0}

        def fresh(prefix: str) -> str:
            while True:
                counter[prefix] += 1
                candidate = f"{prefix}{counter[prefix]}"
                if candidate not in used and candidate not in ids and candidate not in self.node_ids:
                    used.add(candidate)
                    return candidate

        self.node_ids = ids | {a.id for a in m.arguments} | {a.id for a in m.attacks}
        if covered:
            self.sync_implicit(propositions, covered, edus, seg)
        for prop in propositions:
            if prop.id in covered:
                continue
            edu_id = fresh("e")
            if getattr(prop, "implicit", None):  # supplied by the mapper: a segment that is not in the text
                edus.append({"id": edu_id, "implicit": "true", "text": prop.text})
            else:
                edus.append({"id": edu_id, "text": prop.quote or prop.text})
            seg.append({"id": fresh("c"), "src": edu_id, "trg": prop.id, "type": "seg"})
        # argumentative edges
        edges: list[dict[str, Any]] = []
        for argument in m.arguments:
            if argument.scheme not in (None, "example"):
                lost.add("argument schemes other than 'example'")
            typ = "exa" if argument.scheme == "example" else "sup"
            edges.append({"id": argument.id, "src": argument.premises[0], "trg": argument.conclusion, "type": typ})
            kept = []
            meta = (argument.metadata or {}).get("microtext")
            if isinstance(meta, dict) and isinstance(meta.get("add"), list):
                kept = [a for a in meta["add"] if isinstance(a, dict) and "id" in a]
            for index, premise in enumerate(argument.premises[1:]):
                if index < len(kept) and str(kept[index]["id"]) not in self.node_ids:
                    add_id, target = str(kept[index]["id"]), str(kept[index].get("trg", argument.id))
                    used.add(add_id)
                else:
                    add_id, target = fresh("c"), argument.id
                edges.append({"id": add_id, "src": premise, "trg": target, "type": "add"})
        for attack in m.attacks:
            meta = (attack.metadata or {}).get("microtext")
            meta = meta if isinstance(meta, dict) else {}
            joined = meta.get("add")
            if isinstance(joined, str) and not attack.joint:  # written by argmap < 1.1: one attack per add edge
                edges.append({"id": attack.id, "src": attack.attackers[0], "trg": joined, "type": "add"})
                continue
            attackers = attack.attackers
            if attack.type == "undercut":
                aimed = meta.get("und") if isinstance(meta.get("und"), str) else attack.to
                edges.append({"id": attack.id, "src": attackers[0], "trg": aimed, "type": "und"})
            else:
                if attack.type == "undermine":
                    lost.add("the rebut/undermine distinction (both are 'reb')")
                edges.append({"id": attack.id, "src": attackers[0], "trg": attack.to, "type": "reb"})
            # a joint attack: the further attackers are add edges on the attack's edge, as further premises are
            kept = [a for a in joined if isinstance(a, dict) and "id" in a] if isinstance(joined, list) else []
            for index, attacker in enumerate(attackers[1:]):
                if index < len(kept) and str(kept[index]["id"]) not in self.node_ids \
                        and str(kept[index]["id"]) not in used:
                    add_id, target = str(kept[index]["id"]), str(kept[index].get("trg", attack.id))
                    used.add(add_id)
                else:
                    add_id, target = fresh("c"), attack.id
                edges.append({"id": add_id, "src": attacker, "trg": target, "type": "add"})
        known = {str(e["id"]) for e in [*edges, *seg]} | ids
        for raw in layer.get("edges", []):
            if isinstance(raw, dict) and raw.get("src") in known and raw.get("trg") in known:
                edges.append(dict(raw))
        for prop in propositions:
            if prop.note or prop.tags or (prop.metadata and set(prop.metadata) - {"microtext"}):
                lost.add("notes, tags and metadata of nodes")
            if getattr(prop, "type", "claim") != "claim":
                lost.add("statement types")
            if prop.occurrence is not None:
                lost.add("which occurrence of a quote is meant (`occurrence`)")
            if getattr(prop, "restates", None) is not None:
                lost.add("restatements (`restates`)")
            if getattr(prop, "implicit", None) and prop.quote:
                lost.add("the quotes of implicit statements")
        if any(node.weight is not None for node in [*propositions, *m.arguments, *m.attacks]):
            lost.add("weights")
        if any(a.implicit is not None for a in m.arguments) or any(a.implicit is not None for a in m.attacks):
            lost.add("implicit arguments and attacks (only units can be implicit)")
        if m.sections:
            lost.add("sections")
        for argument in m.arguments:
            if argument.critical_questions:
                lost.add("critical questions")
            if argument.linked is not None:
                lost.add("linked markers of arguments")
        for item in sorted(lost):
            self.warn(f"arggraph has no place for {item}; not written")
        # order: as read, then new edges
        order = {name: i for i, name in enumerate(layer.get("order", []))} if layer else {}
        all_edges = [*seg, *edges]
        if order:
            all_edges.sort(key=lambda e: order.get(str(e["id"]), len(order)))
        return self.render(edus, joints, propositions, roles, all_edges)

    @staticmethod
    def sync_implicit(propositions: Iterable[Statement | Analogy], covered: set[str], edus: list[dict[str, Any]],
                      seg: list[dict[str, Any]]) -> None:
        """Mark the kept segments of a unit implicit, or no longer, as its statement now says."""
        parts: dict[str, list[str]] = {}
        for edge in seg:
            parts.setdefault(str(edge.get("trg")), []).append(str(edge.get("src")))
        by_id = {str(e["id"]): e for e in edus}

        def segments(node: str, seen: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
            if node in by_id:
                return [by_id[node]]
            return [found for part in parts.get(node, []) if part not in seen
                    for found in segments(part, seen | {node})]

        for prop in propositions:
            if prop.id not in covered:
                continue
            found = segments(prop.id)
            wanted = bool(getattr(prop, "implicit", None))
            if found and wanted != all(_implicit_value(e.get("implicit")) for e in found):
                for edu in found:
                    if wanted:
                        edu["implicit"] = "true"
                    else:
                        edu.pop("implicit", None)

    def render(self, edus: list[dict[str, Any]], joints: list[dict[str, Any]], propositions: Iterable[Any],
               roles: Mapping[str, str], edges: list[dict[str, Any]]) -> str:
        attrs = dict(self.layer.get("arggraph", {})) if self.layer else {}
        if "id" not in attrs:
            attrs["id"] = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.map.title or "argmap") or "argmap"
        lines = ["<?xml version='1.0' encoding='UTF-8'?>",
                 f"<arggraph{_attributes(attrs)}>"]
        for edu in edus:
            text = self.clean(str(edu.get("text", "")), f"EDU {edu['id']}")
            rest = {k: str(v) for k, v in edu.items() if k != "text"}
            lines.append(f"  <edu{_attributes(rest)}>{_cdata(text)}</edu>")
        for joint in joints:
            lines.append(f"  <joint{_attributes({k: str(v) for k, v in joint.items()})}/>")
        for prop in propositions:
            role = getattr(prop, "role", None) or roles.get(prop.id, "proponent")
            extra: dict[str, str] = {}
            meta = (prop.metadata or {}).get("microtext")
            if isinstance(meta, dict) and isinstance(meta.get("attributes"), dict):
                extra = {str(k): str(v) for k, v in meta["attributes"].items()}
            lines.append(f"  <adu{_attributes({'id': prop.id, 'type': _TYPES[role], **extra})}/>")
        for edge in edges:
            lines.append(f"  <edge{_attributes({k: str(v) for k, v in edge.items()})}/>")
        lines.append("</arggraph>")
        return "\n".join(lines) + "\n"


def _attributes(values: Mapping[str, str]) -> str:
    return "".join(f" {key}={quoteattr(_XML_BAD.sub(chr(0xFFFD), value))}" for key, value in values.items())


def export(map: ArgumentMap) -> Exported:
    """The map as Microtext XML, with diagnostics about what arggraph cannot hold."""
    writer = _Writer(map)
    text = writer.write()
    return Exported(text, tuple(writer.problems))


def dumps(map: ArgumentMap) -> str:
    """The map as Microtext ``arggraph`` XML text.

    Statements become ADUs (roles from ``role``, else derived from the structure: see
    :func:`dialectical_roles`); arguments ``sup`` (``exa`` for scheme ``example``) edges plus
    ``add`` edges for further premises; attacks ``reb`` or ``und`` edges. What arggraph cannot
    hold is issued as a :class:`~argmap.io.formats.ConversionWarning`.
    """
    result = export(map)
    emit(result.diagnostics)
    return result.text


def dump(map: ArgumentMap, path: str | os.PathLike[str]) -> None:
    """Write the map as a Microtext XML file, atomically."""
    write_output(path, dumps(map))
