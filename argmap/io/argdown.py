"""Argdown: write maps as Argdown text, read Argdown's JSON export.

Writing (``.argdown``)
----------------------
=====================  ===================================================================
argmap                 Argdown
=====================  ===================================================================
statement, analogy     ``[id]: text #tag`` (defined once, under its section's heading)
argument               ``<id>`` with a premise-conclusion structure: ``(1) [p1]`` ...
                       ``----`` (``-- scheme --`` when it has one) ``(n) [conclusion]``
attack (rebut,         ``[attacker]`` with the outgoing relation ``-> [target]``
undermine)
attack (undercut)      ``[attacker]`` with ``_> <argument>``
section                a ``#`` heading; its statements and arguments follow it
map title              the front matter's ``title``
=====================  ===================================================================

Text is escaped so that Argdown reads it back verbatim (line breaks become spaces). Argdown
has no place for statement types, quotes, notes, analogy mappings, critical questions, the
rebut/undermine distinction, or an undercut of an attack: those are reported as warnings.

Reading (Argdown's JSON export, ``argdown json``)
-------------------------------------------------
Each equivalence class becomes a statement (its canonical text, tags stripped; id from its
title). An argument with a premise-conclusion structure becomes one argmap argument per
inference step (the last keeps the argument's id); an argument without one becomes a
statement holding its description (its "gist"). Relations: ``support``/``entails`` become
arguments, ``attack``/``contrary`` attacks (``rebut``; ``undermine`` when aimed at an
argument's gist), ``contradictory`` two rebuttals, ``undercut`` an undercut of the
argument's (last) inference. Relation types argmap does not know, and relations whose target
Argdown leaves open (a support of or attack on a reconstructed argument, which names no
premise), are kept in ``metadata["argdown"]`` and reported.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

from argmap.errors import Diagnostic, Location, MapError
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
    read_bytes,
)
from argmap.io.parse import DEFAULT_LIMITS, Limits
from argmap.model import ArgumentMap, Attack

__all__ = ["dump", "dumps", "escape", "export", "load_json", "loads_json", "read_json", "reads_json", "titles"]

_ALWAYS = set("\\[]<>{}#@*_/")
_SPECIAL = re.compile(r"[.:][^\s]+?[.:]")
_SIMPLE_TAG = re.compile(r"^[a-zA-Z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_JS_LINE_TERMINATORS = "\u2028\u2029"
_KNOWN_RELATIONS = {"support", "entails", "attack", "contrary", "contradictory", "undercut"}


# --- writing --------------------------------------------------------------------------------------


def escape(text: str) -> str:
    r"""Escape text so that Argdown reads it back as the same characters.

    Argdown's markup characters (``[ ] < > { } # @ * _ / \``) are escaped with a backslash,
    as are ``.`` and ``:`` where they could start a named special character (``:smile:``);
    line breaks become spaces, and leading spaces are kept.

    Examples
    --------
    >>> escape("a [b] #c http://x :smile:")
    'a \\[b\\] \\#c http:\\/\\/x \\:smile:'
    """
    text = _LINE_BREAK.sub(" ", text)
    out: list[str] = []
    for index, char in enumerate(text):
        if char in _ALWAYS or (char in ".:" and _SPECIAL.match(text, index)) or (char in " \t" and index == 0):
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _tag(tag: str) -> str | None:
    tag = _LINE_BREAK.sub(" ", tag)
    if _SIMPLE_TAG.match(tag):
        return f"#{tag}"
    if ")" in tag or tag != tag.strip() or not tag.strip():
        return None
    return f"#({tag})"


def _title(node: Any) -> str:
    """The Argdown title of a node: the one it was read with, else its id."""
    meta = (node.metadata or {}).get("argdown")
    title = meta.get("title") if isinstance(meta, dict) else None
    if isinstance(title, str) and _SAFE_TITLE.match(title):
        return title
    return str(node.id)


_SAFE_TITLE = re.compile(r"^[^\s\[\]<>+\-_*#@/\\(){}.,:;][^\[\]<>\r\n\\{}#@]*(?<!\s)$")


def titles(map: ArgumentMap) -> dict[str, str]:
    """The Argdown title each statement, analogy and argument is written with (by id).

    A node keeps the title it was read from Argdown with, else its id is its title. Argdown
    cannot refer to a title that starts with ``-``, ``+`` or ``_`` (it reads a relation), so such
    ids get an ``n`` in front (``-x`` becomes ``n-x``), unique across the map.
    """
    found: dict[str, str] = {}
    taken: set[str] = set()
    nodes: list[Any] = [*map.statements, *map.analogies, *map.arguments]
    reserved = {str(n.id) for n in nodes if _SAFE_TITLE.match(str(n.id))}
    for node in nodes:
        title = _title(node)
        if not _SAFE_TITLE.match(title) or title in taken:
            base = f"n{node.id}"
            title, number = base, 1
            while title in taken or title in reserved:
                number += 1
                title = f"{base}-{number}"
        taken.add(title)
        found[node.id] = title
    return found


class _Writer:
    def __init__(self, map: ArgumentMap) -> None:
        self.map = map
        self.problems: list[Diagnostic] = []
        self.lost: set[str] = set()

    def warn(self, message: str) -> None:
        self.problems.append(Diagnostic("AM506", message, Location(), None, "warning"))

    def tags(self, tags: Iterable[str], where: str) -> str:
        written = []
        for tag in tags:
            text = _tag(tag)
            if text is None:
                self.warn(f"{where}: the tag {tag!r} cannot be written in Argdown (it has a ')' or surrounding "
                          "spaces); left out")
            else:
                written.append(text)
        return (" " + " ".join(written)) if written else ""

    def write(self) -> str:
        m = self.map
        self.titles = titles(m)
        lines: list[str] = []
        if m.title:
            lines += ["===", "title: " + json.dumps(m.title).replace("=", "\\u003d"), "===", ""]
        by_section: dict[str | None, list[list[str]]] = {}
        for statement in m.statements:
            self.check_statement(statement)
            by_section.setdefault(statement.section, []).append(self.statement(statement))
        for analogy in m.analogies:
            self.lost.add("analogies' figure, source, target and mapping")
            by_section.setdefault(analogy.section, []).append(self.statement(analogy))
        for argument in m.arguments:
            by_section.setdefault(argument.section, []).append(self.argument(argument))
        for block in by_section.get(None, []):
            lines += [*block, ""]
        for section in m.sections:
            lines += [f"# {escape(section.title)}", ""]
            for block in by_section.get(section.id, []):
                lines += [*block, ""]
        relations = self.relations()
        if relations:
            if m.sections:
                self.warn("relations are written after the last section, so Argdown counts them in it")
            lines += relations
        for item in sorted(self.lost):
            self.warn(f"Argdown has no place for {item}; not written")
        return "\n".join(lines).rstrip("\n") + "\n"

    def check_statement(self, statement: Any) -> None:
        if statement.type != "claim":
            self.lost.add("statement types")
        if statement.quote or statement.attribution or statement.note or statement.role:
            self.lost.add("quotes, attributions, notes and roles")

    def statement(self, node: Any) -> list[str]:
        flat = _LINE_BREAK.sub(" ", node.text)
        text = escape(flat)
        if not flat.strip() and flat[:1] not in _JS_LINE_TERMINATORS:
            # Argdown drops text that is only spaces; an escaped first space keeps it. JavaScript's
            # ``.`` does not match U+2028/U+2029, so those cannot be escaped (and need not be).
            text = "\\" + flat[:1] + escape(flat[1:])
        return [f"[{self.titles[node.id]}]: {text}{self.tags(node.tags, f'statement {node.id!r}')}"]

    def argument(self, argument: Any) -> list[str]:
        if argument.critical_questions:
            self.lost.add("critical questions")
        if argument.note:
            self.lost.add("notes of arguments")
        if argument.linked is not None:
            self.lost.add("linked markers of arguments")
        lines = [f"<{self.titles[argument.id]}>{self.tags(argument.tags, f'argument {argument.id!r}')}", ""]
        for number, premise in enumerate(argument.premises, start=1):
            lines.append(f"({number}) [{self.titles[premise]}]")
        scheme = argument.scheme
        if scheme and re.search(r"[\r\n]", scheme) is None and scheme.strip():
            lines.append(f"-- {escape(scheme.strip()).replace(',', ' ')} --")
            if scheme != scheme.strip() or "," in scheme:
                self.lost.add("commas and surrounding spaces in scheme names")
        else:
            lines.append("----")
        lines.append(f"({len(argument.premises) + 1}) [{self.titles[argument.conclusion]}]")
        return lines

    def relations(self) -> list[str]:
        m = self.map
        kinds = {s.id: "statement" for s in m.statements} | {a.id: "statement" for a in m.analogies}
        kinds |= {a.id: "argument" for a in m.arguments} | {a.id: "attack" for a in m.attacks}
        by_attacker: dict[str, list[str]] = {}
        written: dict[str, str] = {}
        for attack in m.attacks:
            if attack.tags or attack.note:
                self.lost.add("notes and tags of attacks")
            if kinds.get(attack.to) == "attack":
                self.warn(f"attack '{attack.id}' undercuts the attack '{attack.to}'; Argdown has no relation to a "
                          "relation, so it is left out")
                continue
            if attack.type == "undercut":
                line = f"  _> <{self.titles[attack.to]}>"
            else:
                if attack.type == "undermine":
                    self.lost.add("the rebut/undermine distinction (both are attacks)")
                line = f"  -> [{self.titles[attack.to]}]"
            if attack.joint:
                self.warn(f"attack '{attack.id}' is made jointly by {', '.join(attack.attackers)}; Argdown has no "
                          "joint attack relation, so each attacker is written as attacking alone")
            for attacker in attack.attackers:
                self._attack_line(attack, attacker, line, written, by_attacker)
        lines: list[str] = []
        for attacker, relations in by_attacker.items():
            lines += [f"[{self.titles[attacker]}]", *relations, ""]
        return lines

    def _attack_line(self, attack: Attack, attacker: str, line: str, written: dict[str, str],
                     by_attacker: dict[str, list[str]]) -> None:
        key = f"{attacker}\n{line}"
        if key in written:
            self.warn(f"attack '{attack.id}' repeats the relation of attack '{written[key]}'; Argdown keeps one "
                      "relation per pair of nodes and kind, so it is left out")
            return
        written[key] = attack.id
        if attacker == attack.to:
            self.warn(f"attack '{attack.id}' is a statement attacking itself; Argdown drops such a relation when "
                      "the statement has another attacker")
        by_attacker.setdefault(attacker, []).append(line)


def export(map: ArgumentMap) -> Exported:
    """The map as Argdown text, with diagnostics about what Argdown cannot hold."""
    writer = _Writer(map)
    text = writer.write()
    return Exported(text, tuple(writer.problems))


def dumps(map: ArgumentMap) -> str:
    """The map as Argdown text (see the module's documentation for the mapping).

    What Argdown cannot hold is issued as a :class:`~argmap.io.formats.ConversionWarning`.

    Examples
    --------
    >>> m = ArgumentMap.model_validate({"argmap": "1",
    ...     "statements": [{"id": "p", "text": "It rains."}, {"id": "c", "text": "The street is wet."}],
    ...     "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]})
    >>> print(dumps(m), end="")
    [p]: It rains.
    <BLANKLINE>
    [c]: The street is wet.
    <BLANKLINE>
    <a>
    <BLANKLINE>
    (1) [p]
    ----
    (2) [c]
    """
    result = export(map)
    emit(result.diagnostics)
    return result.text


def dump(map: ArgumentMap, path: str | os.PathLike[str]) -> None:
    """Write the map as an Argdown file, atomically."""
    from argmap.io.mapfile import write_atomic

    write_atomic(path, dumps(map))


# --- reading Argdown's JSON export -----------------------------------------------------------------


def reads_json(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read the JSON that ``argdown json`` writes; return the map and the conversion's diagnostics.

    Raises
    ------
    MapError
        For invalid JSON, or JSON that is not an Argdown export (``AM504``), located by line
        and column; a relation naming a missing statement or argument (``AM021``).

    Examples
    --------
    >>> doc = json.dumps({"statements": {
    ...     "Rain": {"type": "equivalence-class", "title": "Rain", "members": [{"text": "It rains."}]},
    ...     "Wet": {"type": "equivalence-class", "title": "Wet", "members": [{"text": "The street is wet."}]}},
    ...   "arguments": {}, "relations": [{"relationType": "support", "from": "Rain", "fromType":
    ...     "equivalence-class", "to": "Wet", "toType": "equivalence-class"}]})
    >>> m = reads_json(doc).map
    >>> [(a.premises, a.conclusion) for a in m.arguments]
    [(['Rain'], 'Wet')]
    """
    return import_json(text, filename, limits, lambda data: _JsonReader(data, filename).convert())


def read_json(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read a file written by ``argdown json``; see :func:`reads_json`."""
    return reads_json(read_bytes(path, limits), filename=os.fspath(path), limits=limits)


def loads_json(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
               strict: bool = False) -> ArgumentMap:
    """Read Argdown's JSON export as a map (warnings issued as ``ConversionWarning``; ``strict`` raises)."""
    return finish(reads_json(text, filename=filename, limits=limits), strict)


def load_json(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> ArgumentMap:
    """Read a file written by ``argdown json`` as a map; see :func:`loads_json`."""
    return finish(read_json(path, limits=limits), strict)


def _strip_tags(member: Mapping[str, Any]) -> str:
    text = member.get("text")
    if not isinstance(text, str):
        return ""
    ranges = member.get("ranges")
    if isinstance(ranges, list):
        cuts: list[tuple[int, int]] = sorted(
            ((r["start"], r["stop"]) for r in ranges if isinstance(r, dict) and r.get("type") == "tag"
             and isinstance(r.get("start"), int) and isinstance(r.get("stop"), int)), reverse=True)
        if cuts:  # Argdown counts in UTF-16 code units (JavaScript strings)
            units = text.encode("utf-16-le", "surrogatepass")
            for start, stop in cuts:
                units = units[:2 * start] + units[2 * (stop + 1):]
            text = units.decode("utf-16-le", "surrogatepass")
    return text.strip()


def _canonical(element: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Argdown's canonical member: the last non-reference member (or the one marked ``isCanonical``)."""
    members = element.get("members")
    if not isinstance(members, list):
        return None
    fallback = None
    for member in reversed(members):
        if isinstance(member, dict) and not member.get("isReference"):
            data = member.get("data")
            if isinstance(data, dict) and data.get("isCanonical"):
                return member
            if fallback is None:
                fallback = member
    return fallback


class _JsonReader:
    def __init__(self, data: Any, filename: str | None) -> None:
        self.data = data
        self.filename = filename
        self.log = Collector(filename)
        self.ids = IdAllocator()
        self.statement_id: dict[str, str] = {}
        self.argument_end: dict[str, str] = {}  # argument title -> id of its last inference
        self.argument_source: dict[str, str] = {}  # argument title -> statement that speaks for it
        self.gist: dict[str, str] = {}  # argument title -> its gist statement (arguments without PCS)
        self.statements: list[dict[str, Any]] = []
        self.arguments: list[dict[str, Any]] = []
        self.attacks: list[dict[str, Any]] = []
        self.kept: list[Any] = []

    def convert(self) -> Imported:
        data = self.data
        if not (isinstance(data, dict) and isinstance(data.get("statements"), dict)
                and isinstance(data.get("arguments", {}), dict)):
            raise MapError([diagnostic("AM504", "this is not Argdown's JSON export (no 'statements' object)",
                                       self.filename, hint="create it with: argdown json FILE.argdown OUTDIR")])
        sections = self.sections(data.get("sections"))
        for title, element in data["statements"].items():
            self.statement(str(title), element, sections)
        arguments = data.get("arguments", {})
        for title, element in arguments.items():
            if isinstance(element, dict):
                self.argument(str(title), element, sections)
        relations = data.get("relations", [])
        if not isinstance(relations, list):
            raise MapError([diagnostic("AM010", "'relations' must be a list", self.filename, path=("relations",))])
        # undercuts last: one aimed at an argument without a premise-conclusion structure needs the
        # argument's support relations first
        ordered = sorted(enumerate(relations),
                         key=lambda pair: isinstance(pair[1], dict) and pair[1].get("relationType") == "undercut")
        for index, relation in ordered:
            self.relation(index, relation, arguments)
        header: dict[str, Any] = {"argmap": "1"}
        if sections:
            header["sections"] = [{"id": sid, "title": title} for sid, title in sections.values()]
        if self.kept:
            header["metadata"] = {"argdown": {"relations": self.kept}}
        data_out = {**header, "statements": self.statements, "arguments": self.arguments, "attacks": self.attacks}
        return build_map(data_out, self.log.items, self.filename)

    def sections(self, tree: Any) -> dict[str, tuple[str, str]]:
        """Argdown's section tree, flattened in document order: Argdown id -> (argmap id, title)."""
        found: dict[str, tuple[str, str]] = {}
        stack = list(reversed(tree)) if isinstance(tree, list) else []
        while stack:
            section = stack.pop()
            if not isinstance(section, dict) or not isinstance(section.get("id"), str):
                continue
            title = section.get("title") if isinstance(section.get("title"), str) and section["title"].strip() \
                else section["id"]
            found[section["id"]] = (self.ids.take(f"section-{section['id']}"), str(title))
            children = section.get("children")
            if isinstance(children, list):
                stack.extend(reversed(children))
        return found

    def statement(self, title: str, element: Any, sections: Mapping[str, tuple[str, str]]) -> None:
        if not isinstance(element, dict):
            self.log.add("AM505", f"statement {title!r} is not an object; left out", path=("statements", title),
                         severity="error")
            raise MapError(self.log.errors)
        node_id = self.ids.take(title)
        self.statement_id[title] = node_id
        member = _canonical(element)
        text = _strip_tags(member) if member else ""
        item: dict[str, Any] = {"id": node_id, "text": text or title}
        tags = element.get("tags")
        if isinstance(tags, list) and tags:
            item["tags"] = [str(t) for t in tags if str(t)]
        section = element.get("section")
        if isinstance(section, str) and section in sections:
            item["section"] = sections[section][0]
        meta: dict[str, Any] = {}
        if node_id != title:
            meta["title"] = title
        if not text:
            meta["text"] = None
        if isinstance(element.get("data"), dict) and element["data"]:
            meta["data"] = element["data"]
        if meta:
            item["metadata"] = {"argdown": meta}
        self.statements.append(item)

    def argument(self, title: str, element: Mapping[str, Any], sections: Mapping[str, tuple[str, str]]) -> None:
        pcs = element.get("pcs")
        member = _canonical(element)
        description = _strip_tags(member) if member else ""
        section = element.get("section")
        section_id = sections[section][0] if isinstance(section, str) and section in sections else None
        tags = [str(t) for t in element.get("tags", []) if str(t)] if isinstance(element.get("tags"), list) else []
        meta: dict[str, Any] = {"title": title}
        if description:
            meta["description"] = description
        if isinstance(element.get("data"), dict) and element["data"]:
            meta["data"] = element["data"]
        steps = self.inferences(title, pcs) if isinstance(pcs, list) and pcs else []
        if not steps:
            node_id = self.ids.take(title)
            item: dict[str, Any] = {"id": node_id, "text": description or title,
                                    "metadata": {"argdown": {**meta, "argument": True}}}
            if tags:
                item["tags"] = tags
            if section_id:
                item["section"] = section_id
            self.statements.append(item)
            self.gist[title] = node_id
            self.argument_source[title] = node_id
            return
        base = self.ids.take(title)
        for number, (premises, conclusion, rules) in enumerate(steps, start=1):
            last = number == len(steps)
            node_id = base if last else self.ids.take(f"{base}-{number}")
            item = {"id": node_id, "premises": premises, "conclusion": conclusion}
            if rules:
                item["scheme"] = ", ".join(rules)
            step_meta = dict(meta) if last else {"title": title, "step": number}
            item["metadata"] = {"argdown": step_meta} if step_meta != {"title": title} or node_id != title else {}
            if not item["metadata"]:
                del item["metadata"]
            if tags and last:
                item["tags"] = tags
            if section_id:
                item["section"] = section_id
            self.arguments.append(item)
        self.argument_end[title] = base
        self.argument_source[title] = steps[-1][1]

    def inferences(self, title: str, pcs: list[Any]) -> list[tuple[list[str], str, list[str]]]:
        """The inference steps of a premise-conclusion structure: (premises, conclusion, rules)."""
        numbered: list[str] = []
        steps: list[tuple[list[str], str, list[str]]] = []
        since: list[str] = []
        for member in pcs:
            if not isinstance(member, dict) or member.get("title") not in self.statement_id:
                self.log.add("AM505", f"argument {title!r}: a statement of its premise-conclusion structure is "
                             "not among the statements; the structure is ignored", path=("arguments", title))
                return []
            statement = self.statement_id[member["title"]]
            numbered.append(statement)
            inference = member.get("inference")
            if isinstance(inference, dict) and member.get("role") in ("intermediary-conclusion", "main-conclusion"):
                uses = inference.get("data", {}).get("uses") if isinstance(inference.get("data"), dict) else None
                if isinstance(uses, list) and all(isinstance(u, int) and 1 <= u < len(numbered) for u in uses):
                    premises = [numbered[u - 1] for u in uses]
                else:
                    premises = list(since)
                premises = list(dict.fromkeys(premises))
                rules = [str(r) for r in inference.get("inferenceRules", []) if str(r).strip()]
                if premises:
                    steps.append((premises, statement, rules))
                since = [statement]
            else:
                since.append(statement)
        return steps

    def source(self, name: str, kind: str) -> str | None:
        if kind == "equivalence-class":
            return self.statement_id.get(name)
        if kind == "argument":
            return self.argument_source.get(name)
        return None

    def relation(self, index: int, relation: Any, arguments: Mapping[str, Any]) -> None:
        path = ("relations", index)
        if not isinstance(relation, dict):
            self.log.add("AM010", "a relation must be an object", path=path, severity="error")
            raise MapError(self.log.errors)
        kind = relation.get("relationType")
        source_name, target_name = str(relation.get("from")), str(relation.get("to"))
        from_type, to_type = relation.get("fromType"), relation.get("toType")
        if kind not in _KNOWN_RELATIONS:
            self.keep(relation, path, f"relation type {kind!r} is not one argmap knows")
            return
        source = self.source(source_name, str(from_type))
        if source is None:
            self.log.add("AM021", f"relation from {source_name!r} ({from_type}), which is not in the export",
                         path=(*path, "from"), severity="error")
            raise MapError(self.log.errors)
        relation_id = f"{kind}-{index + 1}"
        if kind == "undercut":
            target = self.argument_end.get(target_name) if to_type in ("argument", "inference") else None
            if target is None and to_type == "argument" and target_name in self.gist:
                # an argument without premise-conclusion structure: its one support or attack relation
                steps = [a for a in [*self.arguments, *self.attacks]
                         if a.get("metadata", {}).get("argdown", {}).get("via") == target_name]
                target = steps[0]["id"] if len(steps) == 1 else None
            if target is None:
                self.keep(relation, path, f"undercut of {target_name!r}, which has no single inference in argmap")
                return
            self.attacks.append({"id": self.ids.take(relation_id), "from": source, "to": target, "type": "undercut"})
            return
        if to_type == "equivalence-class":
            target = self.statement_id.get(target_name)
            attack_type = "rebut"
        elif to_type == "argument" and target_name in self.gist:
            target = self.gist[target_name]
            attack_type = "undermine"
        elif to_type == "argument" and target_name in arguments:
            self.keep(relation, path, f"{kind} of the reconstructed argument {target_name!r}: Argdown does not say "
                      "which premise it aims at")
            return
        else:
            target = None
            attack_type = "rebut"
        if target is None:
            self.log.add("AM021", f"relation to {target_name!r} ({to_type}), which is not in the export",
                         path=(*path, "to"), severity="error")
            raise MapError(self.log.errors)
        if kind in ("support", "entails"):
            item: dict[str, Any] = {"id": self.ids.take(relation_id), "premises": [source], "conclusion": target,
                                    "metadata": {"argdown": {"relation": kind}}}
            if from_type == "argument":
                item["metadata"]["argdown"]["via"] = source_name
            self.arguments.append(item)
        elif kind == "contradictory":
            for a, b, suffix in ((source, target, "a"), (target, source, "b")):
                self.attacks.append({"id": self.ids.take(f"{relation_id}{suffix}"), "from": a, "to": b,
                                     "type": "rebut", "metadata": {"argdown": {"relation": kind}}})
        else:
            item = {"id": self.ids.take(relation_id), "from": source, "to": target, "type": attack_type}
            meta = {"relation": kind} if kind != "attack" else {}
            if from_type == "argument":
                meta["via"] = source_name
            if meta:
                item["metadata"] = {"argdown": meta}
            self.attacks.append(item)

    def keep(self, relation: Any, path: tuple[str | int, ...], why: str) -> None:
        self.kept.append(relation)
        self.log.add("AM501", f"{why}; kept in metadata['argdown'] only", path=path)
