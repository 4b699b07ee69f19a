"""Building the Graphviz diagram of a map (DOT, via the ``graphviz`` package).

Layout: conclusions at the top (edges point upwards, ``rankdir=BT``), one cluster per section,
a legend. Support is drawn in green with ordinary arrowheads, attack in red with a bar (⊣).
Linked premises meet at a junction (the argument node) before the conclusion; a single
premise is one labelled edge in the ``compact`` style. An undercut points at the junction of
the inference it attacks. The ``aif`` style draws every argument (RA) and attack (CA) as a
node, as the Argument Interchange Format does.

Every text that comes from the map is escaped for HTML-like labels or DOT strings here, so a
statement such as ``"]; evil [label="x`` or ``<script>`` is drawn as literal text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from argmap.graph import focus_map
from argmap.integrity import ensure_sound
from argmap.model import Analogy, Argument, ArgumentMap, Attack, Statement, propositions
from argmap.render.theme import THEMES, Theme, captions_for, fonts_for, scheme_label
from argmap.render.wrap import wrap_many

if TYPE_CHECKING:
    import graphviz

__all__ = ["RenderOptions", "Style", "build", "to_dot"]

Style = Literal["compact", "aif"]
Direction = Literal["BT", "TB", "LR", "RL"]

_STATUS_COLOURS = {"IN": "#188038", "OUT": "#D93025", "UNDEC": "#E37400"}
_STATUS_MARKS = {"IN": "✓", "OUT": "✗", "UNDEC": "?"}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class RenderOptions:
    """How to draw a map. Every option of :func:`to_dot` and :func:`argmap.render.render`."""

    style: Style = "compact"
    theme: str = "light"
    width: int = 24
    direction: Direction = "BT"
    focus: str | None = None
    depth: int = 2
    evaluation: str | None = None
    """Colour nodes by their status under this semantics (``grounded``, ``preferred``, ...)."""
    legend: bool = True
    sections: bool = True


def _escape(text: str) -> str:
    """Text for an HTML-like label: entities escaped, control characters dropped."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def _dot_string(text: str) -> str:
    """Text for a quoted DOT attribute (tooltips).

    Backslashes are doubled (DOT reads \\N, \\G ... as escapes), and the value is marked as
    not HTML: the graphviz package would otherwise pass a value that starts with ``<`` and ends
    with ``>`` through unquoted, as an HTML-like label.
    """
    import graphviz

    text = _CONTROL.sub("", text)
    if len(text) > _TOOLTIP_CHARS:  # Graphviz refuses quoted strings over 16,384 bytes
        text = text[:_TOOLTIP_CHARS - 1] + "…"
    marked: str = graphviz.nohtml(text.replace("\\", "\\\\").replace("\n", " "))
    return marked


_TOOLTIP_CHARS = 2000
"""Longest tooltip, in characters: well under Graphviz's limit even for 4-byte characters and escapes."""


class _Builder:
    def __init__(self, map: ArgumentMap, options: RenderOptions, main: set[str] | None = None) -> None:
        import graphviz

        if options.theme not in THEMES:
            raise ValueError(f"unknown theme {options.theme!r}; choose one of {', '.join(THEMES)}")
        self.map = map
        self.options = options
        self.theme: Theme = THEMES[options.theme]
        self.words = captions_for(map.lang)
        self.font = fonts_for(map.lang)
        # the main conclusions of the whole map (a focused view passes them in: inside a
        # neighbourhood, any proposition at its edge would otherwise look like a main conclusion)
        self.main = main if main is not None else _main_conclusions(map)
        self.attacked = {a.to for a in map.attacks}
        self.graph = graphviz.Digraph(
            name="argmap",
            graph_attr={"rankdir": options.direction, "bgcolor": self.theme.background, "fontname": self.font,
                        "fontcolor": self.theme.text, "nodesep": "0.3", "ranksep": "0.45",
                        "pad": "0.3", "labelloc": "t", "fontsize": "20",
                        **({"label": f"<<B>{_escape(map.title)}</B>>"} if map.title else {})},
            # defaults shared by most nodes and edges, so that each one carries only what differs
            node_attr={"fontname": self.font, "fontcolor": self.theme.text, "fontsize": "12", "margin": "0.12,0.08",
                       "shape": "box", "style": "rounded,filled", "penwidth": "1.2"},
            edge_attr={"fontname": self.font, "fontsize": "10", "arrowsize": "0.8", "color": self.theme.support,
                       "penwidth": "1.4"},
        )
        self.wrapped = self._wrap_all()
        self.edges: list[dict[str, Any]] = []  # drawn edges: SVG id, ends, attack or not (for HTML)
        self.status: dict[str, str] = {}
        if options.evaluation is not None:
            from argmap.semantics import evaluate

            result = evaluate(map, options.evaluation)
            self.status = {node.id: node.status for node in result}

    def _wrap_all(self) -> dict[str, list[str]]:
        """Every label text wrapped in one segmentation pass, keyed by node id (and id + part)."""
        from argmap.text.anchor import map_terms

        texts: dict[str, str] = {}
        for node in propositions(self.map):
            texts[node.id] = node.text
        for analogy in self.map.analogies:
            texts[f"{analogy.id}/case"] = f"{analogy.source} → {analogy.target}"
            for index, pair in enumerate(analogy.mapping):
                texts[f"{analogy.id}/pair{index}"] = f"{pair.from_} → {pair.to}"
        width = self.options.width
        return dict(zip(texts, wrap_many(texts.values(), width, map_terms(self.map)), strict=True))

    # --- nodes -----------------------------------------------------------------------------

    def _lines(self, lines: list[str]) -> str:
        return '<BR ALIGN="LEFT"/>'.join(_escape(line) for line in lines) + '<BR ALIGN="LEFT"/>'

    def _caption(self, label: str, colour: str, node_id: str, main: bool) -> str:
        star = f' · <B>★ {_escape(self.words["main"])}</B>' if main else ""
        status = self.status.get(node_id)
        badge = (f'<FONT COLOR="{_STATUS_COLOURS[status]}"><B>{_STATUS_MARKS[status]} {status}</B></FONT> · '
                 if status else "")
        return (f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{colour}">{badge}<B>{_escape(label)}</B>'
                f'{star}</FONT></TD></TR>')

    def _status_border(self, node_id: str, attributes: dict[str, str]) -> dict[str, str]:
        """With an evaluation, the border shows the node's status (and OUT nodes are drawn faded)."""
        status = self.status.get(node_id)
        if status is not None:
            attributes["color"] = _STATUS_COLOURS[status]
            attributes["penwidth"] = "2.4"
            if status == "OUT":
                attributes["style"] = attributes.get("style", "rounded,filled") + ",dashed"
                attributes["fillcolor"] = self.theme.cluster_fill
        return attributes

    def _statement(self, statement: Statement) -> tuple[str, dict[str, str]]:
        fill, border = self.theme.nodes[statement.type]
        main = statement.id in self.main
        caption = self.words[statement.type]
        if statement.role == "opponent":  # the dialectical role, where the analysis records one
            caption += f" · {self.words['opponent']}"
        if statement.attribution:
            caption += f" · {statement.attribution}"
        label = (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
                 f'{self._caption(caption, border, statement.id, main)}'
                 f'<TR><TD ALIGN="LEFT">{self._lines(self.wrapped[statement.id])}</TD></TR></TABLE>>')
        style = "rounded,filled" + (",dashed" if statement.type == "concession" else "")
        style += ",dotted" if statement.type == "question" else ""
        attributes = {"fillcolor": fill, "color": border, "tooltip": self._tooltip(statement), "id": statement.id}
        if style != "rounded,filled":
            attributes["style"] = style
        pen = self._pen(statement.id, main, "1.2")
        if pen != "1.2":
            attributes["penwidth"] = pen
        return label, self._status_border(statement.id, attributes)

    def _analogy(self, analogy: Analogy) -> tuple[str, dict[str, str]]:
        fill, border = self.theme.nodes["analogy"]
        main = analogy.id in self.main
        figure = self.words["example_figure" if analogy.figure == "example" else analogy.figure]
        rows = [self._caption(f'{self.words["analogy"]} · {figure}', border, analogy.id, main),
                f'<TR><TD ALIGN="LEFT">{self._lines(self.wrapped[analogy.id])}</TD></TR>',
                f'<TR><TD ALIGN="LEFT" BGCOLOR="{self.theme.background}"><FONT COLOR="{border}">'
                f'{self._lines(self.wrapped[analogy.id + "/case"])}</FONT></TD></TR>']
        for index in range(len(analogy.mapping)):
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">'
                        f'{self._lines(self.wrapped[f"{analogy.id}/pair{index}"])}</FONT></TD></TR>')
        if analogy.disanalogies:
            # the differences themselves are in the tooltip and the HTML view; the count keeps them visible
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{self.theme.muted}"><I>≠ '
                        f'{len(analogy.disanalogies)} {_escape(self.words["differs"])}</I></FONT></TD></TR>')
        label = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}</TABLE>>'
        attributes = {"fillcolor": fill, "color": border, "penwidth": self._pen(analogy.id, main, "1.6"),
                      "tooltip": self._tooltip(analogy),
                      "id": analogy.id}
        return label, self._status_border(analogy.id, attributes)

    def _pen(self, node_id: str, main: bool, normal: str) -> str:
        if node_id == self.options.focus:
            return "4"
        return "2.6" if main else normal

    def _tooltip(self, node: Statement | Analogy) -> str:
        parts = [node.text]
        if node.quote:
            parts.append(f"「{node.quote}」")
        if isinstance(node, Analogy):
            parts.extend(f"≠ {difference}" for difference in node.disanalogies)
        if node.note:
            parts.append(node.note)
        return _dot_string(" — ".join(parts))

    # --- arguments and attacks ----------------------------------------------------------------

    def _argument_is_node(self, argument: Argument) -> bool:
        # a junction also marks a single premise that the map says is linked: a premise is missing
        return (self.options.style == "aif" or len(argument.premises) > 1 or argument.id in self.attacked
                or bool(argument.linked))

    def _attack_is_node(self, attack: Attack) -> bool:
        return self.options.style == "aif" or attack.id in self.attacked or attack.joint

    def _argument(self, argument: Argument) -> tuple[str, dict[str, str]]:
        scheme = _escape(scheme_label(argument.scheme, self.map.lang)) if argument.scheme else ""
        tooltip = _dot_string(" — ".join(p for p in (argument.scheme, argument.note) if p) or argument.id)
        if self.options.style == "aif":
            fill, border = self.theme.nodes["argument"]
            label = f'<<FONT POINT-SIZE="9"><B>RA</B>{"<BR/>" + scheme if scheme else ""}</FONT>>'
            return label, {"shape": "ellipse", "style": "filled", "fillcolor": fill, "color": border,
                           "tooltip": tooltip, "id": argument.id, "margin": "0.04,0.02"}
        junction = _STATUS_COLOURS.get(self.status.get(argument.id, ""), self.theme.junction)
        attributes = {"shape": "circle", "style": "filled", "fillcolor": junction,
                      "color": junction, "width": "0.14", "height": "0.14", "fixedsize": "true",
                      "tooltip": tooltip, "id": argument.id}
        if scheme:
            attributes["xlabel"] = f'<<FONT POINT-SIZE="9" COLOR="{self.theme.muted}">{scheme}</FONT>>'
        return "", attributes

    def _attack_node(self, attack: Attack) -> tuple[str, dict[str, str]]:
        fill, border = self.theme.nodes["attack"]
        kind = _escape(self.words[attack.type])
        label = f'<<FONT POINT-SIZE="9" COLOR="{border}"><B>CA</B><BR/>{kind}</FONT>>'
        attributes = {"shape": "diamond", "style": "filled", "fillcolor": fill, "color": border,
                      "tooltip": _dot_string(attack.note or attack.type), "id": attack.id, "margin": "0.02"}
        return label, self._status_border(attack.id, attributes)  # an attacked attack has a status

    # --- assembling ------------------------------------------------------------------------------

    def build(self) -> graphviz.Digraph:
        import graphviz

        clusters: dict[str | None, list[tuple[str, str, dict[str, str]]]] = {}
        section_of = {n.id: n.section for n in propositions(self.map)}

        def place(section: str | None, node_id: str, label: str, attributes: dict[str, str]) -> None:
            key = section if self.options.sections else None
            clusters.setdefault(key, []).append((node_id, label, attributes))

        for statement in self.map.statements:
            place(statement.section, statement.id, *self._statement(statement))
        for analogy in self.map.analogies:
            place(analogy.section, analogy.id, *self._analogy(analogy))
        for argument in self.map.arguments:
            if self._argument_is_node(argument):
                place(argument.section or section_of.get(argument.conclusion), argument.id,
                      *self._argument(argument))
        for attack in self.map.attacks:
            if self._attack_is_node(attack):
                place(attack.section or section_of.get(attack.attackers[0]), attack.id, *self._attack_node(attack))

        titles = {s.id: s.title for s in self.map.sections}
        for section_id, nodes in clusters.items():
            if section_id is None or section_id not in titles:
                for node_id, label, attributes in nodes:
                    self.graph.node(node_id, label, **attributes)
                continue
            with self.graph.subgraph(name=f"cluster_{section_id}") as cluster:
                cluster.attr(label=f"<<B>{_escape(titles[section_id])}</B>>", style="rounded,filled",
                             color=self.theme.cluster_border, fillcolor=self.theme.cluster_fill,
                             fontcolor=self.theme.muted, fontsize="14", labeljust="l", margin="14",
                             # cluster labels follow the rank direction: "b" is the top when ranks run upwards
                             labelloc="b" if self.options.direction == "BT" else "t")
                for node_id, label, attributes in nodes:
                    cluster.node(node_id, label, **attributes)

        self._edges()
        if self.options.legend:
            self._legend()
        assert isinstance(self.graph, graphviz.Digraph)
        return self.graph

    def _edge(self, tail: str, head: str, attack: bool, **attributes: str) -> None:
        edge_id = f"edge-{len(self.edges) + 1}"
        self.edges.append({"id": edge_id, "from": tail, "to": head, "attack": attack})
        self.graph.edge(tail, head, id=edge_id, **attributes)

    def _edges(self) -> None:
        support: dict[str, str] = {}  # the edge defaults are the support style
        for argument in self.map.arguments:
            scheme = _escape(scheme_label(argument.scheme, self.map.lang)) if argument.scheme else ""
            if self._argument_is_node(argument):
                for premise in argument.premises:
                    self._edge(premise, argument.id, False, arrowhead="none", **support)
                self._edge(argument.id, argument.conclusion, False, **support)
            else:
                label = {"label": f'<<FONT COLOR="{self.theme.muted}">{scheme}</FONT>>'} if scheme else {}
                self._edge(argument.premises[0], argument.conclusion, False, tooltip=_dot_string(argument.id),
                           **label, **support)
        for attack in self.map.attacks:
            colour = self.theme.attack
            kind = f'<<FONT COLOR="{colour}">{_escape(self.words[attack.type])}</FONT>>'
            style = "dashed" if attack.type == "undercut" else "solid"
            if self._attack_is_node(attack):
                for attacker in attack.attackers:  # a joint attack's attackers meet at its node
                    self._edge(attacker, attack.id, True, color=colour, arrowhead="none", style=style,
                               penwidth="1.4")
                self._edge(attack.id, attack.to, True, color=colour, arrowhead="tee", style=style, penwidth="1.4")
            else:
                self._edge(attack.attackers[0], attack.to, True, color=colour, arrowhead="tee", style=style,
                           penwidth="1.4", label=kind, tooltip=_dot_string(attack.note or attack.type))

    def _legend(self) -> None:
        used_types = [t for t in ("claim", "fact", "example", "quote", "concession", "question")
                      if any(s.type == t for s in self.map.statements)]
        rows = []
        for kind in [*used_types, *(["analogy"] if self.map.analogies else [])]:
            fill, border = self.theme.nodes[kind]
            rows.append(f'<TR><TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1" WIDTH="18"> </TD>'
                        f'<TD ALIGN="LEFT">{_escape(self.words[kind])}</TD></TR>')
        rows.append(f'<TR><TD><FONT COLOR="{self.theme.support}"><B>→</B></FONT></TD>'
                    f'<TD ALIGN="LEFT">{_escape(self.words["support"])}</TD></TR>')
        rows.append(f'<TR><TD><FONT COLOR="{self.theme.junction}">●</FONT></TD>'
                    f'<TD ALIGN="LEFT">{_escape(self.words["linked"])}</TD></TR>')
        if self.map.attacks:
            rows.append(f'<TR><TD><FONT COLOR="{self.theme.attack}"><B>⊣</B></FONT></TD>'
                        f'<TD ALIGN="LEFT">{_escape(self.words["attack"])}</TD></TR>')
        if self.main:
            rows.append(f'<TR><TD><B>★</B></TD><TD ALIGN="LEFT">{_escape(self.words["main"])}</TD></TR>')
        if self.status:
            semantics = _escape(str(self.options.evaluation))
            for status, colour in _STATUS_COLOURS.items():
                rows.append(f'<TR><TD><FONT COLOR="{colour}"><B>{_STATUS_MARKS[status]}</B></FONT></TD>'
                            f'<TD ALIGN="LEFT">{status} ({semantics})</TD></TR>')
        label = (f'<<TABLE BORDER="1" COLOR="{self.theme.cluster_border}" CELLBORDER="0" CELLSPACING="3" '
                 f'CELLPADDING="2"><TR><TD COLSPAN="2"><B>{_escape(self.words["legend"])}</B></TD></TR>'
                 f'{"".join(rows)}</TABLE>>')
        self.graph.node("argmap_legend", label, shape="plaintext", style="solid", fontsize="10")


def _main_conclusions(map: ArgumentMap) -> set[str]:
    """The declared main conclusions, else the structural ones."""
    from argmap.graph import final_propositions

    return set(map.main_conclusions) or set(final_propositions(map))


def build(map: ArgumentMap, options: RenderOptions) -> tuple[graphviz.Digraph, list[dict[str, Any]]]:
    """The diagram and the list of its drawn edges (``{"id", "from", "to", "attack"}``)."""
    if options.width < 4:
        raise ValueError("width must be at least 4 columns")
    if options.depth < 0:
        raise ValueError("depth must not be negative")
    if options.focus is not None:
        main = _main_conclusions(map)
        map = focus_map(map, options.focus, options.depth)
        builder = _Builder(map, options, main)
    else:
        builder = _Builder(map, options)
    return builder.build(), builder.edges


def to_dot(map: ArgumentMap, **options: Any) -> graphviz.Digraph:
    """The map as a ``graphviz.Digraph`` (call ``.source`` for the DOT text).

    Parameters
    ----------
    map : ArgumentMap
    style : {"compact", "aif"}
        ``compact`` (default) draws a single-premise argument as one labelled edge;
        ``aif`` draws every argument (RA) and attack (CA) as a node.
    theme : {"light", "dark", "mono"}
    width : int
        Label width in display columns (a CJK character is two), default 24.
    direction : {"BT", "TB", "LR", "RL"}
        ``BT`` (default) puts conclusions at the top.
    focus : str, optional
        Draw only the neighbourhood of this node ...
    depth : int
        ... up to this many reasoning steps away (default 2).
    legend, sections : bool
        Draw the legend; draw sections as clusters.
    evaluation : str, optional
        Colour nodes by their status (IN / OUT / UNDEC) under this semantics
        (see :func:`argmap.semantics.evaluate`).

    Raises
    ------
    ValueError
        For an unknown option value. KeyError for an unknown focus node.
    MapError
        When the map has structural errors (duplicate ids, dangling references).
    """
    ensure_sound(map, "draw")
    return build(map, RenderOptions(**options))[0]
