"""Building the Graphviz diagram of a map (DOT, via the ``graphviz`` package).

Layout: conclusions at the top (edges point upwards, ``rankdir=BT``), one cluster per section,
a legend in the top corner. Support is drawn in green with ordinary arrowheads, attack in red
with a bar (⊣). Linked premises meet at a junction (the argument node) before the conclusion,
and so do the attackers of a joint attack (a red junction); a single premise is one labelled
edge in the ``compact`` style. An undercut points at the junction of the inference it attacks;
an attack that is itself attacked is a diamond. Implicit statements, arguments and attacks
(``implicit: true``) are dashed; an opponent's statement carries a red ▲ caption; a restatement
is a thin "≡" line to what it restates. The ``aif`` style draws every argument (RA) and attack
(CA) as a node, as the Argument Interchange Format does.

The builder draws a prepared :class:`argmap.selection.View` (the whole map, an overview or a
focus neighbourhood, with counts of what each cut hides, drawn as "＋n" stubs) and statuses or
scores passed in by the caller: it selects and evaluates nothing itself.

Every text that comes from the map is escaped for HTML-like labels or DOT strings here, so a
statement such as ``"]; evil [label="x`` or ``<script>`` is drawn as literal text.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from argmap.integrity import ensure_sound
from argmap.model import Analogy, Argument, ArgumentMap, Attack, Statement, propositions
from argmap.render.theme import THEMES, Theme, captions_for, fonts_for, scheme_label
from argmap.render.wrap import wrap_many
from argmap.selection import OVERVIEW_BUDGET, Hidden, View, focus_view, full_view, overview_view

if TYPE_CHECKING:
    import graphviz

__all__ = ["AUTO_OVERVIEW_ABOVE", "VIEWS", "RenderOptions", "Style", "build", "prepare", "to_dot"]

Style = Literal["compact", "aif"]
Direction = Literal["BT", "TB", "LR", "RL"]
ViewName = Literal["auto", "full", "overview"]
VIEWS: tuple[str, ...] = ("auto", "full", "overview")
"""The ``view`` option's values."""

AUTO_OVERVIEW_ABOVE = 40
"""``view="auto"`` draws the overview for maps with more propositions than this.

A box of a 24-column label is about 170×80 pt with its spacing, so a 1920×1080 screen holds
some 30-40 of them at their natural size (labels of 16 px); beyond that a whole-map drawing
must be shrunk below legibility, and the overview is drawn instead."""

STATUSES: tuple[str, ...] = ("IN", "OUT", "UNDEC")
"""The statuses a node can be given (``statuses`` option)."""

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
    """The name of the semantics the ``statuses`` come from, shown in the legend (``grounded``, ...)."""
    legend: bool = True
    sections: bool | None = None
    """Draw sections as clusters; default: in the full and focus views, not in the overview (whose few
    boxes are placed better without them; each box's section is in its tooltip)."""
    view: ViewName = "auto"
    """``full``, ``overview`` or ``auto`` (the overview above :data:`AUTO_OVERVIEW_ABOVE` propositions)."""
    budget: int | None = None
    """Propositions an overview keeps (default: as many as fit 1920×1080, see ``render``)."""
    statuses: Mapping[str, str] | None = None
    """Per node id, ``IN``, ``OUT`` or ``UNDEC``: computed by the caller (e.g. ``argmap.semantics.evaluate``)."""
    scores: Mapping[str, float] | None = None
    """Per node id, a score in [0, 1] (gradual semantics), shown on the node and shading its border."""
    source_text: str | None = None
    """The map's source text, shown beside the drawing by the HTML viewer (default: ``source.text``)."""
    show_statuses: bool = True
    """HTML viewer: whether the statuses' colouring is switched on when the page opens."""


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


def _score_colour(score: float) -> str:
    """Red (0) through amber (0.5) to green (1)."""
    score = min(max(score, 0.0), 1.0)
    stops = [(0.0, (0xD9, 0x30, 0x25)), (0.5, (0xE3, 0x74, 0x00)), (1.0, (0x18, 0x80, 0x38))]
    for (low, a), (high, b) in pairwise(stops):
        if score <= high:
            t = (score - low) / (high - low)
            return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(a, b, strict=True))
    return "#188038"


def resolve_view(map: ArgumentMap, options: RenderOptions) -> str:
    """The view ``options`` ask for on ``map``: ``focus``, ``overview`` or ``full``."""
    if options.focus is not None:
        return "focus"
    if options.view == "auto":
        count = len(map.statements) + len(map.analogies)
        return "overview" if count > AUTO_OVERVIEW_ABOVE else "full"
    if options.view not in VIEWS:
        raise ValueError(f"unknown view {options.view!r}; choose one of {', '.join(VIEWS)}")
    return options.view


def prepare(map: ArgumentMap | View, options: RenderOptions) -> View:
    """The view to draw: a given :class:`~argmap.selection.View` as is, else the one the options ask for.

    The selection itself is the graph layer's (:mod:`argmap.selection`); this only picks it.
    """
    if isinstance(map, View):
        return map
    if options.depth < 0:
        raise ValueError("depth must not be negative")
    chosen = resolve_view(map, options)
    if chosen == "focus":
        assert options.focus is not None
        return focus_view(map, options.focus, options.depth)
    if chosen == "overview":
        return overview_view(map, options.budget or OVERVIEW_BUDGET)
    return full_view(map)


_SINGULAR = {"supports": "support", "attacks": "attack", "analogies": "analogy", "conclusions": "conclusion"}


class _Builder:
    def __init__(self, view: View, options: RenderOptions) -> None:
        import graphviz

        if options.theme not in THEMES:
            raise ValueError(f"unknown theme {options.theme!r}; choose one of {', '.join(THEMES)}")
        self.view = view
        self.map = map = view.map
        self.options = options
        self.theme: Theme = THEMES[options.theme]
        self.words = captions_for(map.lang)
        self.font = fonts_for(map.lang)
        self.main = set(view.main)
        self.focus = view.focus
        self.attacked = {a.to for a in map.attacks}
        self.status: dict[str, str] = {}
        for node_id, status in (options.statuses or {}).items():
            if status not in _STATUS_COLOURS:
                raise ValueError(f"unknown status {status!r} for {node_id!r}; use one of {', '.join(STATUSES)}")
            self.status[node_id] = status
        self.scores: dict[str, float] = {}
        for node_id, score in (options.scores or {}).items():
            if not isinstance(score, (int, float)) or math.isnan(score) or not 0 <= score <= 1:
                raise ValueError(f"score {score!r} for {node_id!r} is not a number in [0, 1]")
            self.scores[node_id] = float(score)
        if options.evaluation is not None and not self.status and not self.scores:
            raise ValueError("the renderer does not evaluate: pass statuses= (e.g. {n.id: n.status for n in "
                             "argmap.semantics.evaluate(map, 'grounded')}) together with evaluation=")
        self.clusters = options.sections if options.sections is not None else view.kind != "overview"
        self.used: set[str] = set()  # the marks drawn, for the legend
        # Graphviz reads POINT-SIZE as a whole number: 9 pt is 12 px, the smallest text of any view
        self.pt_caption, self.pt_small = ("9", "9") if view.kind == "overview" else ("9", "10")
        drawn = len(map.statements) + len(map.analogies)
        # the legend grows with the picture, so that it stays readable when the picture is shrunk to fit
        self.legend_scale = min(max(math.sqrt(drawn / 12), 1.0), 3.0) if view.kind != "overview" else 0.8
        title = map.title
        if title and view.kind == "overview":
            title = f"{title} · {self.words['overview']}"
        self.graph = graphviz.Digraph(
            name="argmap",
            graph_attr={"rankdir": options.direction, "bgcolor": self.theme.background, "fontname": self.font,
                        "fontcolor": self.theme.text, "nodesep": "0.3", "ranksep": "0.45",
                        "pad": "0.3", "labelloc": "t", "labeljust": "l", "fontsize": "20",
                        # clusters ranked with the rest of the graph: edges between sections are routed
                        # between nodes instead of all in one channel along the cluster borders
                        "newrank": "true",
                        **({"label": f"<<B>{_escape(title)}</B>>"} if title else {})},
            # defaults shared by most nodes and edges, so that each one carries only what differs
            node_attr={"fontname": self.font, "fontcolor": self.theme.text, "fontsize": "12", "margin": "0.12,0.08",
                       "shape": "box", "style": "rounded,filled", "penwidth": "1.2"},
            edge_attr={"fontname": self.font, "fontsize": "10", "arrowsize": "0.8", "color": self.theme.support,
                       "penwidth": "1.4"},
        )
        if drawn <= 300:
            # more crossing-minimisation passes: on the flagship 84 -> 64 crossings; beyond a few hundred
            # boxes the extra passes cost more time than the picture gains
            self.graph.graph_attr["mclimit"] = "4"
        if view.kind == "overview":
            # an overview is read whole at its natural size: text 10.5 pt (14 px), the smallest 9 pt (12 px)
            self.graph.node_attr.update(fontsize="10.5", margin="0.08,0.05")
            self.graph.edge_attr["fontsize"] = "9"
            self.graph.graph_attr.update(nodesep="0.2", ranksep="0.3", fontsize="15")
        self.wrapped = self._wrap_all()
        self.edges: list[dict[str, Any]] = []  # drawn edges: SVG id, ends, kind (for HTML)

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

    def _caption(self, label: str, colour: str, node_id: str, main: bool, prefix: str = "") -> str:
        star = ""
        if main:
            self.used.add("main")
            star = f' · <B>★ {_escape(self.words["main"])}</B>'
        if node_id == self.focus:
            self.used.add("focus")
            star += f' · <B>◎ {_escape(self.words["focus"])}</B>'
        badge = ""
        status = self.status.get(node_id)
        if status:
            self.used.add("status")
            badge = f'<FONT COLOR="{_STATUS_COLOURS[status]}"><B>{_STATUS_MARKS[status]} {status}</B></FONT> · '
        score = self.scores.get(node_id)
        if score is not None:
            self.used.add("score")
            badge += f'<FONT COLOR="{_score_colour(score)}"><B>{score:.2f}</B></FONT> · '
        if not label and not (prefix or badge or star):
            return ""
        star = star[3:] if not label and star else star
        name = f"<B>{_escape(label)}</B>" if label else ""
        return (f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{self.pt_caption}" COLOR="{colour}">{prefix}{badge}{name}'
                f'{star}</FONT></TD></TR>')

    def _status_border(self, node_id: str, attributes: dict[str, str]) -> dict[str, str]:
        """The border shows a given status (OUT nodes are drawn faded) or score."""
        status = self.status.get(node_id)
        if status is not None:
            attributes["color"] = _STATUS_COLOURS[status]
            attributes["penwidth"] = "2.4"
            if status == "OUT":
                attributes["fillcolor"] = self.theme.cluster_fill
                attributes["fontcolor"] = self.theme.muted
        elif node_id in self.scores:
            attributes["color"] = _score_colour(self.scores[node_id])
            attributes["penwidth"] = "2.4"
        return attributes

    def _statement(self, statement: Statement) -> tuple[str, dict[str, str]]:
        fill, border = self.theme.nodes[statement.type]
        main = statement.id in self.main
        self.used.add(statement.type)
        # the overview leaves out the type caption of claims (the colour and the legend say it)
        caption = "" if self.view.kind == "overview" and statement.type == "claim" else self.words[statement.type]
        prefix = ""
        if statement.role == "opponent":  # the dialectical role, where the analysis records one
            self.used.add("opponent")
            prefix = f'<FONT COLOR="{self.theme.attack}"><B>▲ {_escape(self.words["opponent"])}</B></FONT> · '
        extra = []
        if statement.implicit:
            self.used.add("implicit")
            extra.append(self.words["implicit"])
        if statement.attribution:
            extra.append(statement.attribution)
        caption = " · ".join([c for c in (caption, *extra) if c])
        label = (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
                 f'{self._caption(caption, border, statement.id, main, prefix)}'
                 f'<TR><TD ALIGN="LEFT">{self._lines(self.wrapped[statement.id])}</TD></TR>'
                 f'{self._stub_row(statement.id)}</TABLE>>')
        style = "rounded,filled" + (",dashed" if statement.implicit else "")
        if statement.type == "question":
            self.used.add("question_legend")
            style += ",dotted"
        attributes = {"fillcolor": fill, "color": border, "tooltip": self._tooltip(statement), "id": statement.id}
        if style != "rounded,filled":
            attributes["style"] = style
        self._pen(statement.id, main, "1.2", attributes)
        return label, self._status_border(statement.id, attributes)

    def _analogy(self, analogy: Analogy) -> tuple[str, dict[str, str]]:
        fill, border = self.theme.nodes["analogy"]
        main = analogy.id in self.main
        self.used.add("analogy")
        figure = self.words["example_figure" if analogy.figure == "example" else analogy.figure]
        rows = [self._caption(f'{self.words["analogy"]} · {figure}', border, analogy.id, main),
                f'<TR><TD ALIGN="LEFT">{self._lines(self.wrapped[analogy.id])}</TD></TR>']
        if self.view.kind != "overview":  # the overview names the figure; the case and its mapping are in the full view
            rows.append(f'<TR><TD ALIGN="LEFT" BGCOLOR="{self.theme.background}"><FONT COLOR="{border}">'
                        f'{self._lines(self.wrapped[analogy.id + "/case"])}</FONT></TD></TR>')
        # an overview shows the case (source → target) and leaves the mapping pairs to the full view
        for index in range(len(analogy.mapping) if self.view.kind != "overview" else 0):
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{self.pt_small}">'
                        f'{self._lines(self.wrapped[f"{analogy.id}/pair{index}"])}</FONT></TD></TR>')
        if analogy.disanalogies and self.view.kind != "overview":
            # the differences themselves are in the tooltip and the HTML view; the count keeps them visible
            count = len(analogy.disanalogies)
            word = self.words["difference" if count == 1 else "differs"]
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{self.pt_caption}" COLOR="{self.theme.muted}"><I>≠ '
                        f'{count} {_escape(word)}</I></FONT></TD></TR>')
        rows.append(self._stub_row(analogy.id))
        label = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}</TABLE>>'
        attributes = {"fillcolor": fill, "color": border, "tooltip": self._tooltip(analogy), "id": analogy.id}
        self._pen(analogy.id, main, "1.6", attributes)
        return label, self._status_border(analogy.id, attributes)

    def _pen(self, node_id: str, main: bool, normal: str, attributes: dict[str, str]) -> None:
        if node_id == self.focus:  # a double border: the focus, distinct from a main conclusion's thick one
            attributes["peripheries"] = "2"
            attributes["penwidth"] = "2"
        elif main:
            attributes["penwidth"] = "2.8"
        elif normal != "1.2":
            attributes["penwidth"] = normal

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
        # a junction also marks a single premise that the map says is linked (a premise is missing),
        # and an inference with folded-away attacks or supports (its stub hangs from the junction)
        return (self.options.style == "aif" or len(argument.premises) > 1 or argument.id in self.attacked
                or bool(argument.linked) or argument.id in self.view.hidden)

    def _attack_is_node(self, attack: Attack) -> bool:
        return (self.options.style == "aif" or attack.id in self.attacked or attack.joint
                or attack.id in self.view.hidden)

    def _argument(self, argument: Argument) -> tuple[str, dict[str, str]]:
        scheme = _escape(scheme_label(argument.scheme, self.map.lang)) if argument.scheme else ""
        tooltip = _dot_string(" — ".join(p for p in (argument.scheme, argument.note) if p) or argument.id)
        if self.options.style == "aif":
            fill, border = self.theme.nodes["argument"]
            label = f'<<FONT POINT-SIZE="{self.pt_caption}"><B>RA</B>{"<BR/>" + scheme if scheme else ""}</FONT>>'
            return label, {"shape": "ellipse", "style": "filled" + (",dashed" if argument.implicit else ""),
                           "fillcolor": fill, "color": border, "tooltip": tooltip, "id": argument.id,
                           "margin": "0.04,0.02"}
        if len(argument.premises) > 1:
            self.used.add("linked")
        junction = _STATUS_COLOURS.get(self.status.get(argument.id, ""), self.theme.junction)
        attributes = {"shape": "circle", "style": "filled", "fillcolor": junction,
                      "color": junction, "width": "0.14", "height": "0.14", "fixedsize": "true",
                      "tooltip": tooltip, "id": argument.id}
        stub = self._junction_stub(argument.id)
        if scheme:
            self.used.add("scheme")
        if scheme or stub:
            attributes["xlabel"] = (f'<<FONT POINT-SIZE="{self.pt_caption}" COLOR="{self.theme.muted}"><I>{scheme}</I>'
                                    f'{stub}</FONT>>')
        return "", attributes

    def _attack_node(self, attack: Attack) -> tuple[str, dict[str, str]]:
        fill, border = self.theme.nodes["attack"]
        kind = _escape(self.words[attack.type])
        tooltip = _dot_string(attack.note or attack.type)
        if self.options.style != "aif" and attack.id not in self.attacked:
            # a joint attack's attackers meet at a red junction, as linked premises meet at a black one
            self.used.add("joint")
            return "", {"shape": "circle", "style": "filled", "fillcolor": self.theme.attack,
                        "color": self.theme.attack, "width": "0.14", "height": "0.14", "fixedsize": "true",
                        "tooltip": tooltip, "id": attack.id,
                        "xlabel": f'<<FONT POINT-SIZE="{self.pt_caption}" COLOR="{border}">{kind}'
                                  f'{self._junction_stub(attack.id)}</FONT>>'}
        if attack.id in self.attacked:
            self.used.add("attacked_attack")
        label = (f'<<FONT POINT-SIZE="{self.pt_caption}" COLOR="{border}"><B>CA</B><BR/>{kind}'
                 f'{self._junction_stub(attack.id)}</FONT>>')
        attributes = {"shape": "diamond", "style": "filled" + (",dashed" if attack.implicit else ""),
                      "fillcolor": fill, "color": border, "tooltip": tooltip, "id": attack.id, "margin": "0.02"}
        return label, self._status_border(attack.id, attributes)  # an attacked attack has a status

    def _junction_stub(self, node_id: str) -> str:
        """"＋n" beside a junction whose folded-away attacks or supports hang from it."""
        hidden = self.view.hidden.get(node_id)
        if hidden is None or not hidden.total:
            return ""
        self.used.add("hidden")
        detail = _escape(self._stub_detail(hidden, True))
        return f'<BR/><FONT COLOR="{self.theme.muted}"><B>＋{hidden.total}</B> {detail}</FONT>'

    def _stub_row(self, node_id: str) -> str:
        """A last row "＋n · what" for a node with folded-away neighbours (an overview's or focus view's cut)."""
        hidden = self.view.hidden.get(node_id)
        if hidden is None or not hidden.total:
            return ""
        self.used.add("hidden")
        rows = []
        for below in (True, False):
            total = hidden.total - hidden.conclusions if below else hidden.conclusions
            if total:
                mark = "▾" if below == (self.options.direction in ("BT", "RL")) else "▴"
                rows.append(f'<B>＋{total}</B> {mark} {_escape(self._stub_detail(hidden, below))}')
        body = "".join(f'{row}<BR ALIGN="LEFT"/>' for row in rows)
        return (f'<TR><TD ALIGN="LEFT" BORDER="1" SIDES="T" COLOR="{self.theme.cluster_border}">'
                f'<FONT POINT-SIZE="{self.pt_small}" COLOR="{self.theme.muted}">{body}</FONT></TD></TR>')

    def _stub_detail(self, hidden: Hidden, below: bool) -> str:
        kinds = (("supports", hidden.supports), ("attacks", hidden.attacks), ("analogies", hidden.analogies)) \
            if below else (("conclusions", hidden.conclusions),)
        return " · ".join(f"{count} {self.words[f'more_{kind}' if count > 1 else f'more_{_SINGULAR[kind]}']}"
                          for kind, count in kinds if count)

    # --- assembling ------------------------------------------------------------------------------

    def build(self) -> graphviz.Digraph:
        import graphviz

        clusters: dict[str | None, list[tuple[str, str, dict[str, str]]]] = {}
        section_of = {n.id: n.section for n in propositions(self.map)}

        def place(section: str | None, node_id: str, label: str, attributes: dict[str, str]) -> None:
            key = section if self.clusters else None
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
        finals = set(section_of) - {p for a in self.map.arguments for p in a.premises} - {
            f for a in self.map.attacks for f in a.attackers}
        top = [node for node in self.view.main if node in finals]
        if len(top) > 1 and not self.clusters:  # the main conclusions side by side at the top, where a reader starts
            with self.graph.subgraph(name="argmap_main_rank") as rank:
                rank.attr(rank="same")
                for node in top:
                    rank.node(node)
        if self.options.legend:
            self._legend()
        assert isinstance(self.graph, graphviz.Digraph)
        return self.graph

    def _edge(self, tail: str, head: str, kind: str, **attributes: str) -> None:
        edge_id = f"edge-{len(self.edges) + 1}"
        self.edges.append({"id": edge_id, "from": tail, "to": head, "attack": kind == "attack", "kind": kind})
        self.graph.edge(tail, head, id=edge_id, **attributes)

    def _edges(self) -> None:
        for argument in self.map.arguments:
            scheme = _escape(scheme_label(argument.scheme, self.map.lang)) if argument.scheme else ""
            support: dict[str, str] = {"style": "dashed"} if argument.implicit else {}
            if argument.implicit:
                self.used.add("implicit")
            self.used.add("support")
            if self._argument_is_node(argument):
                for premise in argument.premises:
                    self._edge(premise, argument.id, "support", arrowhead="none", **support)
                self._edge(argument.id, argument.conclusion, "support", **support)
            else:
                label: dict[str, str] = {}
                if scheme:
                    self.used.add("scheme")
                    # the scheme sits on the edge itself (a head label at the arrow's middle drifts off it)
                    label = {"label": f'<<FONT COLOR="{self.theme.muted}"><I>{scheme}</I></FONT>>'}
                self._edge(argument.premises[0], argument.conclusion, "support", tooltip=_dot_string(argument.id),
                           **label, **support)
        for attack in self.map.attacks:
            colour = self.theme.attack
            kind = f'<<FONT COLOR="{colour}">{_escape(self.words[attack.type])}</FONT>>'
            style = "dashed" if attack.implicit else "solid"
            if attack.implicit:
                self.used.add("implicit")
            self.used.add("undercut_legend" if attack.type == "undercut" else "rebut_legend")
            if self._attack_is_node(attack):
                for attacker in attack.attackers:  # a joint attack's attackers meet at its node
                    self._edge(attacker, attack.id, "attack", color=colour, arrowhead="none", style=style,
                               penwidth="1.4")
                self._edge(attack.id, attack.to, "attack", color=colour, arrowhead="tee", style=style,
                           penwidth="1.4")
            else:
                self._edge(attack.attackers[0], attack.to, "attack", color=colour, arrowhead="tee", style=style,
                           penwidth="1.4", label=kind, tooltip=_dot_string(attack.note or attack.type))
        drawn = {n.id for n in propositions(self.map)}
        for statement in self.map.statements:
            if statement.restates is not None and statement.restates in drawn:
                self.used.add("restates")
                self._edge(statement.id, statement.restates, "restates", dir="none", color=self.theme.muted,
                           penwidth="0.8", label=f'<<FONT COLOR="{self.theme.muted}"><B>≡</B></FONT>>',
                           tooltip=_dot_string(self.words["restates"]))

    def _legend(self) -> None:
        rows = []
        muted, attack = self.theme.muted, self.theme.attack

        def row(mark: str, text: str) -> None:
            rows.append(f'<TD ALIGN="RIGHT">{mark}</TD><TD ALIGN="LEFT">{_escape(text)}</TD>')

        for kind in ("claim", "fact", "example", "quote", "concession", "question", "analogy"):
            if kind in self.used:
                fill, border = self.theme.nodes[kind]
                rows.append(f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1" WIDTH="22"> </TD>'
                            f'<TD ALIGN="LEFT">{_escape(self.words[kind])}</TD>')
        if "main" in self.used:
            row("<B>★</B>", self.words["main"])
        if "focus" in self.used:
            row("<B>◎</B>", self.words["focus_legend"])
        if "support" in self.used:
            row(f'<FONT COLOR="{self.theme.support}"><B>──▶</B></FONT>', self.words["support"])
        if "linked" in self.used:
            row(f'<FONT COLOR="{self.theme.junction}">●</FONT>', self.words["linked"])
        if "scheme" in self.used:
            row(f'<FONT COLOR="{muted}"><I>{_escape(self.words["scheme"])}</I></FONT>', self.words["scheme_legend"])
        if "rebut_legend" in self.used:
            row(f'<FONT COLOR="{attack}"><B>──⊣</B></FONT>', self.words["rebut_legend"])
        if "undercut_legend" in self.used:
            row(f'<FONT COLOR="{attack}"><B>⊣</B></FONT><FONT COLOR="{self.theme.junction}">●</FONT>',
                self.words["undercut_legend"])
        if "joint" in self.used:
            row(f'<FONT COLOR="{attack}">●</FONT>', self.words["joint"])
        if "attacked_attack" in self.used:
            row(f'<FONT COLOR="{attack}">◆</FONT>', self.words["attacked_attack"])
        if "implicit" in self.used:
            row(f'<FONT COLOR="{muted}"><B>╌╌</B></FONT>', self.words["implicit_legend"])
        if "question_legend" in self.used:
            row(f'<FONT COLOR="{muted}"><B>┈┈</B></FONT>', self.words["question_legend"])
        if "opponent" in self.used:
            row(f'<FONT COLOR="{attack}"><B>▲</B></FONT>', self.words["opponent_legend"])
        if "restates" in self.used:
            row(f'<FONT COLOR="{muted}"><B>≡</B></FONT>', self.words["restates"])
        if "hidden" in self.used:
            row(f'<FONT COLOR="{muted}"><B>＋n</B></FONT>', self.words["hidden_legend"])
        if self.view.unplaced:
            row(f'<FONT COLOR="{muted}">{self.view.unplaced}</FONT>', self.words["unplaced"])
        if "status" in self.used:
            semantics = f" ({self.options.evaluation})" if self.options.evaluation else ""
            for status, colour in _STATUS_COLOURS.items():
                row(f'<FONT COLOR="{colour}"><B>{_STATUS_MARKS[status]}</B></FONT>', f"{status}{semantics}")
        if "score" in self.used:
            scale = "".join(f'<FONT COLOR="{_score_colour(x / 4)}">■</FONT>' for x in range(5))
            semantics = f" ({self.options.evaluation})" if self.options.evaluation else ""
            row(scale, f"{self.words['score']} 0 → 1{semantics}")
        size = max(9, round(11 * self.legend_scale))  # a whole number: Graphviz reads POINT-SIZE as one
        # a strip of entries under the title, in the top-left corner: it never crowds the drawing,
        # and its type grows with the picture so that it stays readable when the picture is fitted
        per_row = 6 if self.view.kind == "overview" else 8
        lines = ["".join(rows[i:i + per_row]) for i in range(0, len(rows), per_row)]
        legend = (f'<TABLE ID="argmap_legend" BORDER="1" COLOR="{self.theme.cluster_border}" '
                  f'BGCOLOR="{self.theme.background}" '
                  f'CELLBORDER="0" CELLSPACING="1" CELLPADDING="2">'
                  f'<TR><TD ALIGN="LEFT" COLSPAN="{2 * per_row}"><B>{_escape(self.words["legend"])}</B></TD></TR>'
                  + "".join(f"<TR>{line}</TR>" for line in lines) + "</TABLE>")
        title = self.graph.graph_attr.get("label", "")
        heading = f'<TR><TD ALIGN="LEFT">{title[1:-1]}</TD></TR>' if title else ""
        self.graph.graph_attr["label"] = (
            f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">{heading}'
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{size}" COLOR="{self.theme.text}">{legend}</FONT></TD></TR>'
            f'</TABLE>>')


def build(map: ArgumentMap | View, options: RenderOptions) -> tuple[graphviz.Digraph, list[dict[str, Any]]]:
    """The diagram and the list of its drawn edges (``{"id", "from", "to", "attack", "kind"}``).

    ``map`` is a map (the view is chosen by ``options``: focus, overview or full) or a prepared
    :class:`argmap.selection.View`.
    """
    if options.width < 4:
        raise ValueError("width must be at least 4 columns")
    builder = _Builder(prepare(map, options), options)
    return builder.build(), builder.edges


def to_dot(map: ArgumentMap | View, **options: Any) -> graphviz.Digraph:
    """The map as a ``graphviz.Digraph`` (call ``.source`` for the DOT text).

    Parameters
    ----------
    map : ArgumentMap or argmap.selection.View
        A map, or a view prepared with :mod:`argmap.selection` (drawn as given).
    style : {"compact", "aif"}
        ``compact`` (default) draws a single-premise argument as one labelled edge;
        ``aif`` draws every argument (RA) and attack (CA) as a node.
    theme : {"light", "dark", "mono"}
    width : int
        Label width in display columns (a CJK character is two), default 24.
    direction : {"BT", "TB", "LR", "RL"}
        ``BT`` (default) puts conclusions at the top.
    view : {"auto", "full", "overview"}
        ``overview``: the main conclusions and the lines that carry them, the rest folded into
        "＋n" stubs (:func:`argmap.selection.overview_view`); ``auto`` (default) draws it for maps
        of more than :data:`AUTO_OVERVIEW_ABOVE` propositions, else the full map.
    budget : int, optional
        Propositions the overview keeps (default :data:`argmap.selection.OVERVIEW_BUDGET`).
    focus : str, optional
        Draw only the neighbourhood of this node, with the attacks on every inference drawn ...
    depth : int
        ... up to this many reasoning steps away (default 2).
    legend, sections : bool
        Draw the legend; draw sections as clusters.
    statuses : mapping of str to {"IN", "OUT", "UNDEC"}, optional
        Colour nodes by a status the caller computed (e.g. with :func:`argmap.semantics.evaluate`).
    scores : mapping of str to float, optional
        Show a score in [0, 1] per node (gradual semantics) and shade its border by it.
    evaluation : str, optional
        The semantics' name, for the legend.

    Raises
    ------
    ValueError
        For an unknown option value. KeyError for an unknown focus node.
    MapError
        When the map has structural errors (duplicate ids, dangling references).
    """
    ensure_sound(map.map if isinstance(map, View) else map, "draw")
    return build(map, RenderOptions(**options))[0]
