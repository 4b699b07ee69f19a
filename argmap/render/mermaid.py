"""Mermaid flowcharts of maps, for Markdown pages that GitHub and others render.

Node ids are replaced by ``n1``, ``n2``, ... (Mermaid reserves words such as ``end`` and
reads ``--`` inside an id as an arrow), and every text is escaped with Mermaid's entity codes,
so map content cannot change the chart's structure.
"""

from __future__ import annotations

from typing import Any

from argmap.integrity import ensure_sound
from argmap.model import Analogy, ArgumentMap, Statement
from argmap.render.dot import RenderOptions, prepare
from argmap.render.theme import THEMES, captions_for
from argmap.render.wrap import wrap_many
from argmap.selection import View

__all__ = ["to_mermaid"]

_ENTITIES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "|": "#124;",
             "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;", "`": "#96;", "\\": "#92;"}


def _text(text: str) -> str:
    # controls (C0, DEL and C1) are dropped: they would act on a terminal showing the text
    return "".join(_ENTITIES.get(char, char) for char in text
                   if (char >= " " and not "\x7f" <= char <= "\x9f") or char == "\t")


def to_mermaid(map: ArgumentMap | View, **options: Any) -> str:
    """The map as a Mermaid ``flowchart`` (same options as :func:`argmap.render.to_dot`).

    Support is a solid arrow, attack a ``--x`` link in the attack colour; linked premises meet
    at a small circle, and so do joint attackers (a red one); an attacked attack is a diamond;
    implicit statements and links are dashed; an opponent's statement is captioned ▲; a
    restatement is a ``≡`` link; sections become subgraphs; an overview's or focus view's cuts
    are "＋n" stubs.
    """
    ensure_sound(map.map if isinstance(map, View) else map, "draw")
    settings = RenderOptions(**options)
    view = prepare(map, settings)
    map = view.map
    theme = THEMES[settings.theme]
    words = captions_for(map.lang)
    ids: dict[str, str] = {}

    def node_id(key: str) -> str:
        return ids.setdefault(key, f"n{len(ids) + 1}")

    propositions: list[Statement | Analogy] = [*map.statements, *map.analogies]
    wrapped = dict(zip([n.id for n in propositions], wrap_many([n.text for n in propositions], settings.width),
                       strict=True))
    attacked = {a.to for a in map.attacks}
    direction = {"BT": "BT", "TB": "TB", "LR": "LR", "RL": "RL"}[settings.direction]
    lines = [f"flowchart {direction}"]
    for kind, (fill, border) in theme.nodes.items():
        lines.append(f"  classDef {kind} fill:{fill},stroke:{border},color:{theme.text}")
    lines.append(f"  classDef junction fill:{theme.junction},stroke:{theme.junction}")
    lines.append("  classDef main stroke-width:3px")
    lines.append(f"  classDef joint fill:{theme.attack},stroke:{theme.attack}")
    lines.append("  classDef implicit stroke-dasharray:5 4")
    lines.append(f"  classDef stub fill:{theme.background},stroke:{theme.muted},color:{theme.muted},"
                 "stroke-dasharray:2 3")

    statements = {s.id: s for s in map.statements}
    analogies = {a.id: a for a in map.analogies}

    def node_line(node_key: str) -> str:
        statement = statements.get(node_key)
        if statement is not None:
            caption = _text(words[statement.type])
            if statement.role == "opponent":
                caption = f"▲ {_text(words['opponent'])} · {caption}"
            if statement.implicit:
                caption += f" · {_text(words['implicit'])}"
            body = "<br/>".join(_text(line) for line in wrapped[statement.id])
            line = f'  {node_id(statement.id)}["<small>{caption}</small><br/>{body}"]:::{statement.type}'
            if statement.implicit:
                implicit_nodes.append(node_id(statement.id))
            return line
        analogy = analogies[node_key]
        body = "<br/>".join(_text(line) for line in wrapped[analogy.id])
        pairs = "".join(f"<br/>{_text(p.from_)} → {_text(p.to)}" for p in analogy.mapping)
        return (f'  {node_id(analogy.id)}["<small>{_text(words["analogy"])}</small><br/>{body}<br/>'
                f'<b>{_text(analogy.source)} → {_text(analogy.target)}</b>{pairs}"]:::analogy')

    implicit_nodes: list[str] = []
    by_section: dict[str | None, list[str]] = {}
    clusters = settings.sections if settings.sections is not None else view.kind != "overview"
    for node in propositions:
        by_section.setdefault(node.section if clusters else None, []).append(node.id)
    titles = {s.id: s.title for s in map.sections}
    for section, members in by_section.items():
        if section is None or section not in titles:
            lines.extend(node_line(member) for member in members)
            continue
        lines.append(f'  subgraph {node_id("section:" + section)}["{_text(titles[section])}"]')
        lines.extend("  " + node_line(member) for member in members)
        lines.append("  end")

    links: list[tuple[str, bool]] = []  # link lines in order, and whether each is an attack

    def link(text: str, attack: bool = False) -> None:
        links.append((f"  {text}", attack))

    for argument in map.arguments:
        label = f"|{_text(argument.scheme.replace('_', ' '))}|" if argument.scheme else ""
        arrow, line_ = ("-.->", "-.-") if argument.implicit else ("-->", "---")
        if (settings.style == "aif" or len(argument.premises) > 1 or argument.id in attacked
                or argument.id in view.hidden):
            junction = node_id(argument.id)
            lines.append(f"  {junction}(( )):::junction")
            for premise in argument.premises:
                link(f"{node_id(premise)} {line_} {junction}")
            link(f"{junction} {arrow}{label} {node_id(argument.conclusion)}")
        else:
            link(f"{node_id(argument.premises[0])} {arrow}{label} {node_id(argument.conclusion)}")
    for attack in map.attacks:
        kind = _text(words[attack.type])
        line_, cross = ("-.-", "-.-x") if attack.implicit else ("---", "--x")
        if attack.id in attacked or settings.style == "aif":
            lines.append(f'  {node_id(attack.id)}{{"{kind}"}}:::attack')
        elif attack.joint or attack.id in view.hidden:  # joint attackers meet at a red junction
            lines.append(f"  {node_id(attack.id)}(( )):::joint")
        if attack.id in attacked or attack.joint or attack.id in view.hidden or settings.style == "aif":
            for attacker in attack.attackers:
                link(f"{node_id(attacker)} {line_} {node_id(attack.id)}", attack=True)
            link(f"{node_id(attack.id)} {cross}|{kind}| {node_id(attack.to)}", attack=True)
        else:
            link(f"{node_id(attack.attackers[0])} {cross}|{kind}| {node_id(attack.to)}", attack=True)
    for statement in map.statements:
        if statement.restates is not None and statement.restates in ids:
            link(f"{node_id(statement.id)} ---|≡| {node_id(statement.restates)}")
    for hidden_at, hidden in view.hidden.items():
        if hidden_at not in ids:
            continue
        below = hidden.total - hidden.conclusions
        for count, upward in ((below, False), (hidden.conclusions, True)):
            if count:
                stub = node_id(f"stub:{hidden_at}:{upward}")
                lines.append(f'  {stub}["＋{count}"]:::stub')
                link(f"{node_id(hidden_at)} -.- {stub}" if upward else f"{stub} -.- {node_id(hidden_at)}")
    if implicit_nodes:
        lines.append(f"  class {','.join(implicit_nodes)} implicit")
    lines.extend(text for text, _ in links)
    main = [node_id(c) for c in view.main if c in ids]
    if main:
        lines.append(f"  class {','.join(main)} main")
    attack_indexes = [str(index) for index, (_, is_attack) in enumerate(links) if is_attack]
    if attack_indexes:
        lines.append(f"  linkStyle {','.join(attack_indexes)} stroke:{theme.attack},color:{theme.attack}")
    return "\n".join(lines) + "\n"
