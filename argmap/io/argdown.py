"""Argdown: read and write ``.argdown`` text (no Node.js), and read Argdown's JSON export.

Reading (``.argdown`` text, and ``argdown json`` output)
--------------------------------------------------------
The text is parsed by :mod:`argmap.io.argdown_syntax` into what Argdown's JSON export holds;
both then go through one converter. Each equivalence class becomes a statement (its canonical
text, tags stripped; id from its title) and each other wording among its members a statement
that ``restates`` it (format 1.1). An argument with a premise-conclusion structure becomes one
argmap argument per inference step (premises: the statements since the previous conclusion,
or the inference's ``uses``; the last step keeps the argument's id; inference rules are the
scheme); an argument without one becomes a statement holding its description (its "gist").
Relations: ``support``/``entails`` become arguments, ``attack``/``contrary`` attacks
(``rebut``; ``undermine`` when aimed at an argument's gist), ``contradictory`` two rebuttals,
``undercut`` an undercut of the argument's (last) inference. Relation types argmap does not
know, and relations whose target Argdown leaves open (a support of or attack on a
reconstructed argument, which names no premise), are kept in ``metadata["argdown"]`` and
reported (``AM501``). From text, the front matter's ``title`` is the map's title and its
``argmap`` key (the extension below) restores what Argdown has no place for.

Writing (``.argdown``)
----------------------
=====================  ===================================================================
argmap                 Argdown
=====================  ===================================================================
statement, analogy     ``[title]: text #tag`` (defined once, under its section's heading)
restatement            another member of the restated statement's class, ``[title]: other
                       words``, just before its definition (when nothing else refers to it)
argument               ``<title>`` with a premise-conclusion structure: ``(1) [p1]`` ...
                       ``----`` (``-- scheme --`` when it has one) ``(n) [conclusion]``
attack                 ``[attacker]`` with ``-> [target]`` (an undercut: ``_> <argument>``),
                       inside the attack's (else the attacker's) section
two rebuttals, one     ``[a]`` with ``>< [b]``
each way
attacked or joint      an argument ``<title>`` supported by its attackers (``<+ [x]``) that
attack                 attacks the target (``-> [t]`` or ``_> <a>``); its undercutters
                       ``_> <title>``
section                a ``#`` heading
map title              the front matter's ``title``
=====================  ===================================================================

Everything else (ids that are not titles, statement types, quotes, notes, roles, weights,
analogies' structure, critical questions, the rebut/undermine distinction, repeated attacks,
the order of nodes, the map's other fields) goes in one front-matter key, ``argmap``, that
Argdown tools ignore. What it must hold is found by reading the written Argdown back: so
map -> ``.argdown`` -> map gives the same map. ``export(map, extension=False)`` leaves it out
and reports what is lost (``AM506``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from argmap._files import write_output
from argmap.errors import Diagnostic, Location, MapError
from argmap.io._convert import (
    Collector,
    Exported,
    IdAllocator,
    Imported,
    as_text,
    build_map,
    diagnostic,
    emit,
    finish,
    import_json,
    read_bytes,
    too_large,
)
from argmap.io.parse import DEFAULT_LIMITS, Limits
from argmap.model import ArgumentMap, Attack

__all__ = ["TitleIds", "dump", "dumps", "escape", "export", "front_matter_json", "keeping_titles", "load", "load_json",
           "loads", "loads_json", "read", "read_json", "reads", "reads_json", "titles"]

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


def titles(map: ArgumentMap, attacks: Iterable[str] = ()) -> dict[str, str]:
    """The Argdown title each statement, analogy and argument is written with (by id).

    A node keeps the title it was read from Argdown with, else its id is its title. Argdown
    cannot refer to a title that starts with ``-``, ``+`` or ``_`` (it reads a relation), so such
    ids get an ``n`` in front (``-x`` becomes ``n-x``), unique across the map. ``attacks`` names
    attacks written as arguments (an attacked or joint attack), which get titles too.
    """
    found: dict[str, str] = {}
    taken: set[str] = set()
    wanted = set(attacks)
    nodes: list[Any] = [*map.statements, *map.analogies, *map.arguments, *(a for a in map.attacks if a.id in wanted)]
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
    """Writes the Argdown part of a map: statements, arguments and relations under their headings."""

    def __init__(self, map: ArgumentMap) -> None:
        self.map = map
        self.problems: list[Diagnostic] = []
        self.keys: dict[str, str] = {}  # attack id -> the relation line (see _relation_key) or <title>
        attacked = {a.to for a in map.attacks}
        # an attack that is attacked, or has several attackers, is written as an argument of its own
        self.attack_arguments = [a for a in map.attacks if a.id in attacked or len(a.attackers) > 1]
        self.titles = titles(map, [a.id for a in self.attack_arguments])
        # a restatement that nothing else refers to is another member of its statement's equivalence
        # class (the same title, other words), written just before the statement's own definition
        used = {p for a in map.arguments for p in [*a.premises, a.conclusion]} | set(map.main_conclusions)
        used |= {i for a in map.attacks for i in [*a.attackers, a.to]}
        used |= {s.restates for s in map.statements if s.restates is not None}
        plain = {s.id for s in map.statements if s.restates is None}
        self.members: dict[str, list[Any]] = {}
        self.member_of: dict[str, str] = {}
        for statement in map.statements:
            if statement.restates in plain and statement.id not in used and statement.restates != statement.id:
                self.members.setdefault(statement.restates, []).append(statement)
                self.member_of[statement.id] = f"[{self.titles[statement.restates]}] " \
                    f"{len(self.members[statement.restates]) + 1}"

    def warn(self, message: str) -> None:
        self.problems.append(Diagnostic("AM506", message, Location(), None, "warning"))

    def tags(self, tags: Iterable[str]) -> str:
        written = [text for text in (_tag(tag) for tag in tags) if text is not None]
        return (" " + " ".join(written)) if written else ""

    def body(self) -> str:
        m = self.map
        blocks: dict[str | None, list[list[str]]] = {}
        sections = {s.id for s in m.sections}

        def add(section: str | None, block: list[str]) -> None:
            blocks.setdefault(section if section in sections else None, []).append(block)

        node: Any
        for node in [*m.statements, *m.analogies]:
            if node.id in self.member_of:
                continue  # written in the block of the statement it restates
            members = [line for member in self.members.get(node.id, [])
                       for line in [*self.statement(member, node), ""]]
            add(node.section, members + self.statement(node))
        for argument in m.arguments:
            add(argument.section, self.argument(argument))
        where: dict[str, str | None] = {n.id: n.section for n in [*m.statements, *m.analogies]}  # type: ignore[attr-defined]
        for attack, block in self.relations():
            add(attack.section if attack.section is not None else where.get(attack.attackers[0]), block)
        lines: list[str] = []
        for block in blocks.get(None, []):
            lines += [*block, ""]
        for section in m.sections:
            lines += [f"# {escape(section.title)}", ""]
            for block in blocks.get(section.id, []):
                lines += [*block, ""]
        if not lines:  # Argdown needs at least one element; the extension says there is no section
            lines = [f"# {escape(m.title or 'Argument map')}", ""]
        return "\n".join(lines).rstrip("\n") + "\n"

    def statement(self, node: Any, owner: Any = None) -> list[str]:
        flat = _LINE_BREAK.sub(" ", node.text)
        text = escape(flat)
        if not flat.strip() and flat[:1] not in _JS_LINE_TERMINATORS:
            # Argdown drops text that is only spaces; an escaped first space keeps it. JavaScript's
            # ``.`` does not match U+2028/U+2029, so those cannot be escaped (and need not be).
            text = "\\" + flat[:1] + escape(flat[1:])
        return [f"[{self.titles[(owner or node).id]}]: {text}{self.tags(node.tags)}"]

    def argument(self, argument: Any) -> list[str]:
        lines = [f"<{self.titles[argument.id]}>{self.tags(argument.tags)}", ""]
        for number, premise in enumerate(argument.premises, start=1):
            lines.append(f"({number}) [{self.titles[premise]}]")
        scheme = argument.scheme
        if scheme and re.search(r"[\r\n]", scheme) is None and scheme.strip():
            lines.append(f"-- {escape(scheme.strip()).replace(',', ' ')} --")
        else:
            lines.append("----")
        lines.append(f"({len(argument.premises) + 1}) [{self.titles[argument.conclusion]}]")
        return lines

    def relations(self) -> list[tuple[Any, list[str]]]:
        """Each attack's block: a relation under its attacker, or an argument standing for the attack."""
        m = self.map
        kinds = {s.id: "statement" for s in [*m.statements, *m.analogies]}  # type: ignore[attr-defined]
        kinds |= {a.id: "argument" for a in m.arguments}
        as_argument = {a.id for a in self.attack_arguments}
        kinds |= {a: "attack" for a in as_argument}
        t = self.titles
        out: list[tuple[Any, list[str]]] = []
        written: set[str] = set()
        plain = [a for a in m.attacks if a.id not in as_argument]
        # two rebuttals between the same statements, one each way, are a contradiction (><)
        pairs: dict[tuple[str, str], Any] = {}
        for attack in plain:
            if kinds.get(attack.to) == "statement" and attack.attackers[0] != attack.to:
                pairs.setdefault((attack.attackers[0], attack.to), attack)
        paired: set[str] = set()
        for attack in plain:
            source = attack.attackers[0]
            if attack.id in paired:
                continue
            if kinds.get(attack.to) == "statement":
                partner = pairs.get((attack.to, source))
                if partner is not None and partner.id not in paired and partner.id != attack.id \
                        and attack.type == "rebut" and partner.type == "rebut" and (
                        f"[{t[source]}] >< [{t[attack.to]}] a" not in written):
                    key = f"[{t[source]}] >< [{t[attack.to]}]"
                    self.keys[attack.id], self.keys[partner.id] = key + " a", key + " b"
                    written |= {key + " a", key + " b"}
                    paired |= {attack.id, partner.id}
                    out.append((attack, [f"[{t[source]}]", f"  >< [{t[attack.to]}]"]))
                    continue
                line, key = f"  -> [{t[attack.to]}]", f"[{t[source]}] -> [{t[attack.to]}]"
            else:
                line, key = f"  _> <{t[attack.to]}>", f"[{t[source]}] _> <{t[attack.to]}>"
            if key in written:
                continue  # Argdown keeps one relation per pair and kind; the extension adds this one
            written.add(key)
            self.keys[attack.id] = key
            out.append((attack, [f"[{t[source]}]", line]))
        for attack in self.attack_arguments:
            title = t[attack.id]
            lines = [f"<{title}>{self.tags(attack.tags)}"]
            lines += [f"  <+ [{t[a]}]" for a in dict.fromkeys(attack.attackers)]
            if kinds.get(attack.to) == "statement":
                lines.append(f"  -> [{t[attack.to]}]")
            else:
                lines.append(f"  _> <{t[attack.to]}>")
            self.keys[attack.id] = f"<{title}>"
            out.append((attack, lines))
        return out


def front_matter_json(value: Any) -> str:
    """JSON that YAML (PyYAML, js-yaml) reads back as the same value, and that cannot end Argdown's front matter.

    The encoding of argmap's front-matter extension (the language server's rename writes titles in it).

    ``=`` is escaped (``===`` would end the front matter), and so is every character that YAML
    does not allow in a document or reads as a line break (U+0085, U+2028, U+2029).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_YAML_UNSAFE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
                          "|[=\x85\u2028\u2029\ufeff]")


def _dump(node: Any) -> dict[str, Any]:
    data: dict[str, Any] = node.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return data


def _fields(original: Mapping[str, Any], back: Mapping[str, Any]) -> dict[str, Any]:
    """What to set (or remove, with None) on ``back`` to make it ``original``."""
    out = {k: v for k, v in original.items() if k != "id" and back.get(k) != v}
    out |= {k: None for k in back if k not in original and k not in ("id", "_key")}
    return out


def _extension(map: ArgumentMap, writer: _Writer, body: str) -> dict[str, Any]:
    """The front matter's ``argmap`` extension: what reading ``body`` back would not give."""
    from argmap.io.argdown_syntax import parse_document
    from argmap.model import Analogy, Argument, Statement

    skeleton: dict[str, Any] = {"version": "1"}
    if writer.attack_arguments:
        skeleton["attack_arguments"] = {writer.titles[a.id]: True for a in writer.attack_arguments}
    reader = _JsonReader(parse_document(body), None)
    reader.extension = skeleton
    reader.title = map.title
    back = reader.plain()
    for kind in _NODE_LISTS:
        back.setdefault(kind, [])
    t = writer.titles
    # match the read-back nodes with the map's: by title, and attacks by their relation line
    keyed: dict[str, tuple[str, dict[str, Any]]] = {}
    back_title = {v: k for k, v in reader.statement_id.items()}
    arg_title = {v: k for k, v in reader.argument_end.items()}
    for kind in _NODE_LISTS:
        for item in back.get(kind, []):
            if kind == "attacks" or "_key" in item:
                key = item.get("_key")
            elif kind == "arguments":
                key = f"<{arg_title.get(item['id'], item['id'])}>"
            else:
                key = f"[{back_title.get(item['id'], item['id'])}]"
            if isinstance(key, str):
                keyed[key] = (kind, item)
    wanted: dict[str, tuple[str, Any]] = {}
    node: Any
    for node in map.statements:
        wanted[writer.member_of.get(node.id, f"[{t[node.id]}]")] = ("statements", node)
    for node in map.analogies:
        wanted[f"[{t[node.id]}]"] = ("analogies", node)
    for node in map.arguments:
        wanted[f"<{t[node.id]}>"] = ("arguments", node)
    for node in map.attacks:
        if node.id in writer.keys:
            wanted[writer.keys[node.id]] = ("attacks", node)
    _rename_sections(back, [s.id for s in map.sections])
    renames = {item["id"]: wanted[key][1].id for key, (_, item) in keyed.items() if key in wanted}
    allocated = {item["id"]: item["id"] for _, item in keyed.values()}
    read_as = {new: old for old, new in renames.items()}  # the map's id -> the id reading gives
    _rename(back, renames)
    nodes: dict[str, Any] = {}
    found: set[str] = set()
    models: dict[str, Any] = {"statements": Statement, "analogies": Analogy, "arguments": Argument, "attacks": Attack}
    for key, (kind, node) in wanted.items():
        hit = keyed.get(key)
        if hit is None or (hit[0] != kind and not (kind == "analogies" and hit[0] == "statements")):
            continue
        found.add(node.id)
        item = {k: v for k, v in hit[1].items() if k != "_key"}
        try:
            read = _dump(models[hit[0]].model_validate(item))
        except (ValueError, MapError):  # a read-back node that does not validate: record every field
            read = {}
        entry: dict[str, Any] = {}
        read_id = read_as.get(node.id)
        if read_id is not None and allocated.get(read_id) != node.id:
            entry["id"] = node.id
        fields = _fields(_dump(node), read)
        if kind == "analogies":
            entry["kind"] = "analogy"
        if fields:
            entry["fields"] = fields
        if entry:
            nodes[key] = entry
    ext: dict[str, Any] = dict(skeleton)
    if map.sections:
        ext["sections"] = [s.id for s in map.sections]
    if nodes:
        ext["nodes"] = nodes
    added: dict[str, list[Any]] = {}
    for kind in _NODE_LISTS:
        for node in getattr(map, kind):
            if node.id not in found:
                added.setdefault(kind, []).append(_dump(node))
    if added:
        ext["added"] = added
    removed = [key for key in keyed if key not in wanted]
    if removed:
        ext["removed"] = removed
    order: dict[str, list[str]] = {}
    for kind in _NODE_LISTS:
        mine = [n.id for n in getattr(map, kind)]
        analogies = {n.id for n in map.analogies}
        theirs = [i["id"] for i in back.get(kind, []) if kind != "statements" or i["id"] not in analogies]
        theirs += [d["id"] for d in added.get(kind, [])]
        if kind == "analogies":  # read as statements, then moved in the statements' order
            theirs = [i["id"] for i in back["statements"] if i["id"] in analogies]
            theirs += [d["id"] for d in added.get(kind, [])]
        if mine != theirs:
            order[kind] = mine
    if order:
        ext["order"] = order
    header = map.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude=set(_NODE_LISTS))
    header["argmap"] = map.argmap
    back_header = {k: v for k, v in back.items() if k not in _NODE_LISTS}
    diff = _fields(header, back_header)
    if diff:
        ext["map"] = diff
    return ext


def export(map: ArgumentMap, *, extension: bool = True) -> Exported:
    """The map as Argdown text, with diagnostics about what Argdown cannot hold.

    With ``extension`` (the default), what Argdown has no place for (ids, statement types,
    quotes, notes, analogies' structure, the rebut/undermine distinction, repeated attacks, ...)
    is written in the front matter's ``argmap`` key, so that reading the file back gives the
    same map; Argdown tools ignore that key. Without it, such parts are reported (``AM506``).
    """
    writer = _Writer(map)
    body = writer.body()
    front = []
    if map.title:
        front.append("title: " + front_matter_json(map.title))
    problems = list(writer.problems)
    if extension:
        ext = _extension(map, writer, body)
        if len(ext) > 1:
            front.append("argmap: " + front_matter_json(ext))
    else:
        ext = _extension(map, writer, body)
        lost = sorted({name for entry in ext.get("nodes", {}).values() for name in entry.get("fields", {})}
                      | ({"analogies' structure"} if map.analogies else set()))
        if lost:
            problems.append(Diagnostic("AM506", "Argdown has no place for: " + ", ".join(lost) + "; not written "
                                       "(export with the argmap extension to keep them)", Location(), None,
                                       "warning"))
        if ext.get("added"):
            problems.append(Diagnostic("AM506", "some attacks repeat the relation of another between the same "
                                       "nodes; Argdown keeps one; not written", Location(), None, "warning"))
    text = (("===\n" + "\n".join(front) + "\n===\n\n") if front else "") + body
    return Exported(text, tuple(problems))


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
    write_output(path, dumps(map))


# --- reading Argdown text -------------------------------------------------------------------------


def reads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
          extension: bool = True) -> Imported:
    """Read Argdown text (``.argdown``); return the map and the conversion's diagnostics.

    The text is parsed in Python (:func:`argmap.io.argdown_syntax.parse_document`, no Node.js)
    into what Argdown's JSON export holds, then converted as :func:`reads_json` does; the front
    matter's ``title`` becomes the map's title, and its ``argmap`` key (written by :func:`export`)
    restores what Argdown has no place for (``extension=False`` ignores it: the map is then what
    the Argdown part alone says, as from Argdown's JSON export).

    Raises
    ------
    MapError
        For text that is not valid Argdown, located by line and column (``AM001``; ``AM003``
        for a resource limit).

    Examples
    --------
    >>> m = reads("[Rain]: It rains.\\n  + [Clouds]: It is cloudy.\\n").map
    >>> [(a.premises, a.conclusion) for a in m.arguments]
    [(['Clouds'], 'Rain')]
    """
    from argmap.io.argdown_syntax import parse_document

    source = as_text(text, filename, limits)
    document = parse_document(source, filename=filename, limits=limits)
    reader = _JsonReader(document, filename)
    front = document.get("frontMatter")
    if isinstance(front, dict):
        if isinstance(front.get("title"), str) and front["title"].strip():
            reader.title = front["title"]
        if extension and isinstance(front.get("argmap"), dict):
            reader.extension = front["argmap"]
        for name, setting in (("group", "regroup"), ("model", "explodeArguments")):
            if isinstance(front.get(name), dict) and front[name].get(setting):
                reader.log.add("AM501", f"the front matter's {name}.{setting} is applied as Argdown applies it "
                               "(sections from the front matter; one argument per inference step)", severity="info")
    if not reader.extension:
        return _kept(source, reader, reader.convert())
    try:
        return _kept(source, reader, reader.convert())
    except Exception:  # the extension is untrusted input: any misfit means "ignore it"
        plain = _JsonReader(document, filename)
        plain.title = reader.title
        plain.log.items = [d for d in reader.log.items if d.severity == "info"]
        plain.log.add("AM505", "the front matter's argmap key does not fit the Argdown part (was it edited?); it is "
                      "ignored, and the map is what the Argdown part says", hint="remove the argmap key, or "
                      "export the map again")
        return _kept(source, plain, plain.convert())


@dataclass(frozen=True)
class TitleIds:
    """Which argmap node each Argdown title became: the reader's own assignment of ids.

    A statement's title names the statement made from its equivalence class; an argument's title
    names its last inference step (an argument with a premise-conclusion structure), the statement
    holding its description (one without), or the attack it stands for (argmap's extension).
    Ids are the final ones, after the front matter's ``argmap`` extension renamed any.
    """

    statements: dict[str, str]
    """Statement title -> node id."""
    arguments: dict[str, str]
    """Argument title -> node id."""

    def id_of(self, kind: str, title: str) -> str | None:
        """The node id of a ``statement`` or ``argument`` title, if the map has one."""
        return (self.statements if kind == "statement" else self.arguments).get(title)

    def title_of(self, node_id: str) -> tuple[str, str] | None:
        """The kind (``statement`` or ``argument``) and title that a node was read from, if any."""
        for kind, found in (("statement", self.statements), ("argument", self.arguments)):
            for title, each in found.items():
                if each == node_id:
                    return kind, title
        return None


_kept_titles: ContextVar[dict[str, TitleIds] | None] = ContextVar("argmap_argdown_titles", default=None)


@contextmanager
def keeping_titles() -> Iterator[dict[str, TitleIds]]:
    """Keep which node each title of the Argdown text read meanwhile (in this thread or task) became.

    A caller that reads a map and then answers questions about its text (the language server)
    learns from these which node a ``[title]`` or ``<title>`` is, exactly as the reader decided.
    Only the last text read is kept.

    Yields
    ------
    dict of str to TitleIds
        The text read last, and its titles' ids (empty until an Argdown text is read).
    """
    kept: dict[str, TitleIds] = {}
    token = _kept_titles.set(kept)
    try:
        yield kept
    finally:
        _kept_titles.reset(token)


def _kept(source: str, reader: _JsonReader, result: Imported) -> Imported:
    kept = _kept_titles.get()
    if kept is not None:
        kept.clear()
        kept[source] = reader.title_ids()
    return result


def read(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, extension: bool = True) -> Imported:
    """Read an Argdown file; see :func:`reads`.

    ``@include(other.argdown)`` is replaced by that file's text, as the Argdown CLI does (each
    file at most once), for files inside the including file's folder tree only, and within
    ``limits.max_bytes`` in all.
    """
    name = os.fspath(path)
    text = as_text(read_bytes(path, limits), name, limits)
    if "@include(" in text:
        text = _include(name, text, limits, [os.path.realpath(name)], [len(text)])
    return reads(text, filename=name, limits=limits, extension=extension)


_INCLUDE = re.compile(r"@include\(([^)]+)\)")


def _include(name: str, text: str, limits: Limits, seen: list[str], size: list[int]) -> str:
    folder = os.path.dirname(os.path.realpath(seen[0]))
    out: list[str] = []
    last = 0
    for match in _INCLUDE.finditer(text):
        out.append(text[last:match.start()])
        last = match.end()
        target = os.path.realpath(os.path.join(os.path.dirname(name), match.group(1).strip()))
        line = text.count("\n", 0, match.start()) + 1
        where = f"{name}:{line}"
        if os.path.commonpath([folder, target]) != folder:
            raise MapError([diagnostic("AM505", f"@include({match.group(1)}) leaves the folder of {seen[0]}",
                                       name, line=line, hint="include only files beside the main file")])
        if target in seen:
            out.append(f"<!-- Include failed: File '{target}' already included. -->")
            continue
        seen.append(target)
        try:
            included = as_text(read_bytes(target, limits), target, limits)
        except MapError as error:
            raise MapError([diagnostic(d.code, f"{where}: @include({match.group(1)}): {d.message}", name, line=line)
                            for d in error.diagnostics]) from None
        size[0] += len(included)
        if size[0] > limits.max_bytes:
            raise too_large(size[0], limits, name)
        out.append(_include(target, included, limits, seen, size))
    out.append(text[last:])
    return "".join(out)


def loads(text: str | bytes, *, filename: str | None = None, limits: Limits = DEFAULT_LIMITS,
          strict: bool = False) -> ArgumentMap:
    """Read Argdown text as a map (warnings issued as ``ConversionWarning``; ``strict`` raises)."""
    return finish(reads(text, filename=filename, limits=limits), strict)


def load(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> ArgumentMap:
    """Read an Argdown file as a map; see :func:`loads`."""
    return finish(read(path, limits=limits), strict)


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
    """The member's text without its tags (the export's ``tag`` ranges, inclusive, in UTF-16 units).

    The ranges are merged and the kept pieces joined once: linear in the text (plus sorting the
    ranges), where cutting one range at a time copied the text once per tag. Ranges outside the
    text are clipped; overlapping ones remove the union of what they cover.
    """
    text = member.get("text")
    if not isinstance(text, str):
        return ""
    ranges = member.get("ranges")
    if isinstance(ranges, list):
        cuts: list[tuple[int, int]] = sorted(
            (r["start"], r["stop"] + 1) for r in ranges if isinstance(r, dict) and r.get("type") == "tag"
            and type(r.get("start")) is int and type(r.get("stop")) is int and r["stop"] >= r["start"])
        if cuts:  # Argdown counts in UTF-16 code units (JavaScript strings)
            units = text.encode("utf-16-le", "surrogatepass")
            size = len(units) // 2
            kept: list[bytes] = []
            at = 0  # first unit not yet kept or cut
            for start, stop in cuts:
                start, stop = max(0, min(start, size)), max(0, min(stop, size))
                if start > at:
                    kept.append(units[2 * at:2 * start])
                at = max(at, stop)
            kept.append(units[2 * at:])
            text = b"".join(kept).decode("utf-16-le", "surrogatepass")
    return text.strip()


def _links(member: Mapping[str, Any]) -> list[dict[str, str]]:
    """The links of a member's text, ``[text](url)``: from argmap's parser, or from the export's ranges."""
    links = member.get("links")
    if isinstance(links, list):
        return [dict(link) for link in links if isinstance(link, dict)]
    text, ranges = member.get("text"), member.get("ranges")
    if not isinstance(text, str) or not isinstance(ranges, list):
        return []
    units = text.encode("utf-16-le", "surrogatepass")
    found = []
    for r in ranges:
        if isinstance(r, dict) and r.get("type") == "link" and isinstance(r.get("url"), str) \
                and isinstance(r.get("start"), int) and isinstance(r.get("stop"), int):
            words = units[2 * r["start"]:2 * (r["stop"] + 1)].decode("utf-16-le", "surrogatepass")
            found.append({"text": words, "url": r["url"]})
    return found


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
        self.extension: dict[str, Any] = {}
        self.title: str | None = None
        self.section_data: dict[str, Any] = {}
        self.via: dict[str, list[dict[str, Any]]] = {}  # argument title -> the items made from its relations
        self.renames: dict[str, str] = {}  # the ids the extension changed: read id -> final id

    def title_ids(self) -> TitleIds:
        """The node id of each Argdown title (after the extension's renames)."""
        renames = self.renames
        arguments = {title: renames.get(node_id, node_id) for title, node_id in self.gist.items()}
        arguments.update((title, renames.get(node_id, node_id)) for title, node_id in self.argument_end.items())
        return TitleIds({title: renames.get(node_id, node_id) for title, node_id in self.statement_id.items()},
                        arguments)

    def convert(self) -> Imported:
        """The map (validated), with the conversion's diagnostics."""
        data = self.plain()
        for item in [i for kind in _NODE_LISTS for i in data.get(kind, [])]:
            item.pop("_key", None)
        return build_map(data, self.log.items, self.filename)

    def plain(self) -> dict[str, Any]:
        """The map as plain data; attacks carry a ``_key`` naming the Argdown relation they come from."""
        data = self.data
        if not (isinstance(data, dict) and isinstance(data.get("statements"), dict)
                and isinstance(data.get("arguments", {}), dict)):
            raise MapError([diagnostic("AM504", "this is not Argdown's JSON export (no 'statements' object)",
                                       self.filename, hint="create it with: argdown json FILE.argdown OUTDIR")])
        sections = self.sections(data.get("sections"))
        self.pending: list[tuple[dict[str, Any], dict[str, Any], str]] = []
        for title, element in data["statements"].items():
            self.statement(str(title), element, sections)
        # restatements get their ids after every titled statement has its own
        after: dict[int, list[dict[str, Any]]] = {}
        for owner, restating, wanted in self.pending:
            restating["id"] = self.ids.take(wanted)
            after.setdefault(id(owner), []).append(restating)
        if after:
            self.statements = [i for owner in self.statements for i in [owner, *after.get(id(owner), [])]]
        arguments = data.get("arguments", {})
        relations = data.get("relations", [])
        if not isinstance(relations, list):
            raise MapError([diagnostic("AM010", "'relations' must be a list", self.filename, path=("relations",))])
        relations = self.attack_arguments(arguments, relations)
        for title, element in arguments.items():
            if isinstance(element, dict) and title not in self.attack_id:
                self.argument(str(title), element, sections)
        self.attack_argument_items()
        # undercuts last: one aimed at an argument without a premise-conclusion structure needs the
        # argument's support relations first
        ordered = sorted(enumerate(relations),
                         key=lambda pair: isinstance(pair[1], dict) and pair[1].get("relationType") == "undercut")
        for index, relation in ordered:
            self.relation(index, relation, arguments)
        header: dict[str, Any] = {"argmap": "1"}
        if self.title is not None:
            header["title"] = self.title
        if sections:
            header["sections"] = [{"id": sid, "title": title} for sid, title in sections.values()]
        kept: dict[str, Any] = {}
        if self.kept:
            kept["relations"] = self.kept
        if self.section_data:
            kept["section_data"] = self.section_data
            self.log.add("AM502", "the data of headings ({...}) is kept in metadata['argdown']['section_data']",
                         severity="info")
        if kept:
            header["metadata"] = {"argdown": kept}
        data_out = {**header, "statements": self.statements, "arguments": self.arguments, "attacks": self.attacks}
        if any("restates" in s for s in self.statements) or any(isinstance(a["from"], list) for a in self.attacks):
            data_out["argmap"] = "1.1"  # restatements and joint attacks are format 1.1
        if self.extension.get("version") is not None:
            _apply_extension(data_out, self.extension, self, self.log)
        return data_out

    # --- attacks written as arguments (attacked attacks, joint attacks) ---------------------------

    def attack_arguments(self, arguments: Mapping[str, Any], relations: list[Any]) -> list[Any]:
        """Take out the relations of the arguments the extension marks as attacks; the rest is returned."""
        marked = self.extension.get("attack_arguments")
        self.attack_id: dict[str, str] = {}
        self.attack_parts: dict[str, dict[str, Any]] = {}
        if not isinstance(marked, dict):
            return relations
        for title in marked:
            if title in arguments and isinstance(arguments[title], dict) and not arguments[title].get("pcs"):
                self.attack_id[title] = self.ids.take(f"attack-{title}")
                self.attack_parts[title] = {"from": [], "to": None}
        rest = []
        for relation in relations:
            if not isinstance(relation, dict):
                rest.append(relation)
                continue
            kind, source, target = relation.get("relationType"), relation.get("from"), relation.get("to")
            if relation.get("toType") == "argument" and target in self.attack_parts and kind == "support" \
                    and relation.get("fromType") == "equivalence-class":
                self.attack_parts[target]["from"].append(source)
            elif relation.get("fromType") == "argument" and source in self.attack_parts and \
                    kind in ("attack", "undercut") and self.attack_parts[source]["to"] is None:
                self.attack_parts[source]["to"] = (kind, target, relation.get("toType"))
            else:
                rest.append(relation)
        return rest

    def attack_argument_items(self) -> None:
        for title, parts in self.attack_parts.items():
            attackers = [self.statement_id[t] for t in parts["from"] if t in self.statement_id]
            target = parts["to"]
            if not attackers or target is None:
                self.log.add("AM505", f"the argument <{title}> stands for an attack (argmap extension) but has no "
                             "supporting statement or no target; left out", path=("arguments", title))
                continue
            _kind, name, to_type = target
            if to_type == "equivalence-class":
                to, attack_type = self.statement_id.get(str(name)), "rebut"
            else:
                to, attack_type = self.attack_id.get(str(name)) or self.argument_end.get(str(name)), "undercut"
            if to is None:
                self.log.add("AM505", f"the attack <{title}> aims at {name!r}, which argmap cannot place; left out",
                             path=("arguments", title))
                continue
            self.attacks.append({"id": self.attack_id[title], "from": attackers[0] if len(attackers) == 1
                                 else attackers, "to": to, "type": attack_type, "_key": f"<{title}>"})
            self.argument_end.setdefault(title, self.attack_id[title])

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
            if isinstance(section.get("data"), dict) and section["data"]:
                self.section_data[found[section["id"]][0]] = section["data"]
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
        links = _links(member) if member else []
        if links:
            meta["links"] = links
        if meta:
            item["metadata"] = {"argdown": meta}
        self.statements.append(item)
        # the other members of the equivalence class say the same in other words: restatements (1.1)
        seen = {item["text"]}
        number = 1
        for other in element.get("members", []) if isinstance(element.get("members"), list) else []:
            if not isinstance(other, dict) or other is member or other.get("isReference"):
                continue
            words = _strip_tags(other)
            if not words or words in seen:
                continue
            seen.add(words)
            number += 1
            restating: dict[str, Any] = {"text": words, "restates": node_id, "_key": f"[{title}] {number}",
                                         "metadata": {"argdown": {"title": title, "member": number}}}
            other_section = other.get("section")
            if isinstance(other_section, str) and other_section in sections:
                restating["section"] = sections[other_section][0]
            self.pending.append((item, restating, f"{node_id}-{number}"))

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
        for number, (premises, conclusion, rules, data) in enumerate(steps, start=1):
            last = number == len(steps)
            node_id = base if last else self.ids.take(f"{base}-{number}")
            item = {"id": node_id, "premises": premises, "conclusion": conclusion}
            if rules:
                item["scheme"] = ", ".join(rules)
            step_meta = dict(meta) if last else {"title": title, "step": number}
            if data:  # the inference's own data ({uses: [1, 2], ...})
                step_meta["inference"] = data
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

    def inferences(self, title: str, pcs: list[Any]) -> list[tuple[list[str], str, list[str], dict[str, Any]]]:
        """The inference steps of a premise-conclusion structure: (premises, conclusion, rules, data)."""
        numbered: list[str] = []
        steps: list[tuple[list[str], str, list[str], dict[str, Any]]] = []
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
                    data = inference.get("data")
                    steps.append((premises, statement, rules, data if isinstance(data, dict) else {}))
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
            if to_type == "argument" and target_name in self.attack_id:
                target = self.attack_id[target_name]
            if target is None and to_type == "argument" and target_name in self.gist:
                # an argument without premise-conclusion structure: its one support or attack relation
                steps = self.via.get(target_name, [])
                target = steps[0]["id"] if len(steps) == 1 else None
            if target is None and target_name not in arguments and target_name not in self.attack_id:
                self.log.add("AM021", f"relation to {target_name!r} ({to_type}), which is not in the export",
                             path=(*path, "to"), severity="error")
                raise MapError(self.log.errors)
            if target is None:
                self.keep(relation, path, f"undercut of {target_name!r}, which has no single inference in argmap")
                return
            self.attacks.append({"id": self.ids.take(relation_id), "from": source, "to": target, "type": "undercut",
                                 "_key": _relation_key(relation)})
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
                self.via.setdefault(source_name, []).append(item)
            self.arguments.append(item)
        elif kind == "contradictory":
            for a, b, suffix in ((source, target, "a"), (target, source, "b")):
                self.attacks.append({"id": self.ids.take(f"{relation_id}{suffix}"), "from": a, "to": b,
                                     "type": "rebut", "metadata": {"argdown": {"relation": kind}},
                                     "_key": _relation_key(relation) + f" {suffix}"})
        else:
            item = {"id": self.ids.take(relation_id), "from": source, "to": target, "type": attack_type,
                    "_key": _relation_key(relation)}
            meta = {"relation": kind} if kind != "attack" else {}
            if from_type == "argument":
                meta["via"] = source_name
                self.via.setdefault(source_name, []).append(item)
            if meta:
                item["metadata"] = {"argdown": meta}
            self.attacks.append(item)

    def keep(self, relation: Any, path: tuple[str | int, ...], why: str) -> None:
        self.kept.append(relation)
        self.log.add("AM501", f"{why}; kept in metadata['argdown'] only", path=path)


def _relation_key(relation: Mapping[str, Any]) -> str:
    """An Argdown relation as the line that writes it: ``[a] -> [b]``, ``[a] _> <A>``, ``[a] >< [b]``."""
    def end(name: Any, kind: Any) -> str:
        return f"[{name}]" if kind == "equivalence-class" else f"<{name}>"

    arrow = {"attack": "->", "contrary": "->", "undercut": "_>", "contradictory": "><"}.get(
        str(relation.get("relationType")), str(relation.get("relationType")))
    source = end(relation.get("from"), relation.get("fromType"))
    return f"{source} {arrow} {end(relation.get('to'), relation.get('toType'))}"


_NODE_LISTS = ("statements", "analogies", "arguments", "attacks")
_REFERENCES = {"statements": ("restates",), "analogies": (), "arguments": ("premises", "conclusion"),
               "attacks": ("from", "to")}


def _rename(data: dict[str, Any], renames: Mapping[str, str]) -> None:
    """Replace ids (of nodes and in every reference to them) as ``renames`` says."""
    if not renames:
        return

    def new(value: Any) -> Any:
        if isinstance(value, list):
            return [renames.get(v, v) if isinstance(v, str) else v for v in value]
        return renames.get(value, value) if isinstance(value, str) else value

    for kind in _NODE_LISTS:
        for item in data.get(kind, []):
            item["id"] = renames.get(item["id"], item["id"])
            for key in _REFERENCES[kind]:
                if key in item:
                    item[key] = new(item[key])
    if "main_conclusions" in data:
        data["main_conclusions"] = new(data["main_conclusions"])


def _rename_sections(data: dict[str, Any], ids: list[str]) -> None:
    """Give the sections read from headings the map's own ids (by position, when the numbers agree)."""
    found = data.get("sections", [])
    if len(found) != len(ids) or len(set(ids)) != len(ids):
        return
    renames = {section["id"]: new for section, new in zip(found, ids, strict=False)}
    for section in found:
        section["id"] = renames[section["id"]]
    for kind in _NODE_LISTS:
        for item in data.get(kind, []):
            if item.get("section") in renames:
                item["section"] = renames[item["section"]]


def _apply_extension(data: dict[str, Any], extension: Mapping[str, Any], reader: _JsonReader,
                     log: Collector) -> None:
    """Restore what the Argdown part cannot hold from the front matter's ``argmap`` extension.

    The Argdown part is trusted: an entry applies to the node of the same Argdown title (an
    attack: of the same relation line); entries without such a node are ignored, and nodes
    without an entry stay as read.
    """
    sections = extension.get("sections")
    if isinstance(sections, list) and all(isinstance(i, str) for i in sections):
        _rename_sections(data, sections)
    entries: dict[str, Mapping[str, Any]] = {}
    by_key: dict[str, dict[str, Any]] = {}
    titles = {v: k for k, v in reader.statement_id.items()}
    titles |= {v: k for k, v in reader.argument_end.items() if v not in titles}
    for kind in _NODE_LISTS:
        for item in data.get(kind, []):
            key = item.get("_key") if kind == "attacks" or "_key" in item else \
                ("[" if kind != "arguments" else "<") + titles.get(item["id"], item["id"]) + \
                ("]" if kind != "arguments" else ">")
            if isinstance(key, str):
                by_key[key] = item
    nodes = extension.get("nodes")
    if isinstance(nodes, dict):
        entries = {str(k): v for k, v in nodes.items() if isinstance(v, dict)}
    for key in [key for key in entries if key not in by_key][:100]:
        # carried data, not structure: an entry whose node is gone is dropped, and said so
        log.add("AM505", f"the front matter's argmap entry for {key}, which the Argdown part does not have; ignored",
                path=("argmap", "nodes", key), hint="remove the entry, or restore the node in the Argdown part")
    # ids first (so that the fields below, written with the map's own ids, fit)
    renames = {item["id"]: str(entries[key]["id"]) for key, item in by_key.items()
               if key in entries and isinstance(entries[key].get("id"), str)}
    taken = {item["id"] for kind in _NODE_LISTS for item in data.get(kind, [])}
    for old, wanted in list(renames.items()):
        if wanted != old and wanted in taken and wanted not in renames:
            log.add("AM505", f"the argmap extension renames {old!r} to {wanted!r}, which another node has; "
                    "kept as read")
            del renames[old]
    _rename(data, renames)
    reader.renames.update(renames)
    moved: list[tuple[dict[str, Any], Mapping[str, Any]]] = []
    for key, item in by_key.items():
        entry = entries.get(key)
        if entry is None:
            continue
        fields = entry.get("fields")
        if isinstance(fields, dict):
            for name, value in fields.items():
                if name in ("id", "_key"):
                    continue
                if value is None:
                    item.pop(name, None)
                else:
                    item[name] = value
        if entry.get("kind") == "analogy":
            moved.append((item, entry))
    if moved:
        leaving = {id(item) for item, _ in moved}
        data["statements"] = [i for i in data["statements"] if id(i) not in leaving]
        data.setdefault("analogies", []).extend(item for item, _ in moved)
    removed = extension.get("removed")
    if isinstance(removed, list):
        gone = {id(by_key[str(r)]) for r in removed if str(r) in by_key}
        for kind in _NODE_LISTS:
            if kind in data:
                data[kind] = [i for i in data[kind] if id(i) not in gone]
    added = extension.get("added")
    if isinstance(added, dict):
        for kind, items in added.items():
            if kind in _NODE_LISTS and isinstance(items, list):
                data.setdefault(kind, []).extend(dict(i) for i in items if isinstance(i, dict))
    order = extension.get("order")
    if isinstance(order, dict):  # the map's own order of nodes, where the Argdown part keeps another
        for kind, ids in order.items():
            if kind in _NODE_LISTS and isinstance(ids, list) and kind in data:
                rank = {str(v): n for n, v in enumerate(ids)}
                data[kind].sort(key=lambda i: rank.get(i["id"], len(rank)))
    header = extension.get("map")
    if isinstance(header, dict):
        for name, value in header.items():
            if name in _NODE_LISTS:
                continue
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
    for kind in _NODE_LISTS:
        if kind in data and not data[kind]:
            del data[kind]
