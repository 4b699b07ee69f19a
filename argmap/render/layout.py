"""Measuring a laid-out diagram: edge crossings, total edge length and size, from Graphviz's positions.

Graphviz gives every edge as a B-spline (its ``pos`` attribute after layout). Each spline is
flattened into a polyline; two edges cross where their polylines intersect, except edges that
share an end (they meet at that node by design). The figures compare layouts of the same map:
fewer crossings and shorter edges are a drawing that is easier to follow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["LayoutMetrics", "layout_metrics"]

_SAMPLES = 6  # points per Bézier segment: enough to follow a spline's bends between ranks


@dataclass(frozen=True)
class LayoutMetrics:
    """Figures of one layout.

    Attributes
    ----------
    crossings : int
        Points where two edges without a common end cross.
    edge_length : float
        The length of all edges together, in points.
    width, height : float
        The drawing's size in points.
    edges : int
        How many edges were measured.
    """

    crossings: int
    edge_length: float
    width: float
    height: float
    edges: int


def _bezier(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A cubic B-spline in Graphviz's form (p0, then three points per segment) as a polyline."""
    line = [points[0]]
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i:i + 4]
        for k in range(1, _SAMPLES + 1):
            t = k / _SAMPLES
            u = 1 - t
            line.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                         u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
    return line


def _parse_pos(pos: str) -> list[list[tuple[float, float]]]:
    """The splines of an edge's ``pos`` (``e,x,y`` / ``s,x,y`` arrow ends are left out)."""
    splines = []
    for part in pos.split(";"):
        points = []
        for token in part.split():
            if token.startswith(("e,", "s,")):
                continue
            x, y = token.split(",")[:2]
            points.append((float(x), float(y)))
        if len(points) >= 4:
            splines.append(_bezier(points))
        elif len(points) >= 2:
            splines.append(points)
    return splines


def _intersect(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float], d: tuple[float, float]) -> bool:
    def orient(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    return (o1 > 0) != (o2 > 0) and (o3 > 0) != (o4 > 0) and o1 != 0 and o2 != 0 and o3 != 0 and o4 != 0


def _box(line: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in line]
    ys = [p[1] for p in line]
    return min(xs), min(ys), max(xs), max(ys)


def layout_metrics(dot_source: str) -> LayoutMetrics:
    """Lay out DOT with the bundled Graphviz ``dot`` and measure crossings and edge length.

    Parameters
    ----------
    dot_source : str
        A diagram, e.g. ``argmap.render.to_dot(map).source``.

    Returns
    -------
    LayoutMetrics
    """
    import pygraphviz

    from argmap.render.engine import _filtered_stderr

    with _filtered_stderr():
        graph = pygraphviz.AGraph(string=dot_source)
        graph.layout(prog="dot")
    edges: list[tuple[str, str, list[tuple[float, float]], tuple[float, float, float, float]]] = []
    length = 0.0
    for edge in graph.edges():
        pos = edge.attr.get("pos")
        if not pos:
            continue
        for line in _parse_pos(pos):
            length += sum(math.dist(p, q) for p, q in pairwise(line))
            edges.append((str(edge[0]), str(edge[1]), line, _box(line)))
    crossings = 0
    for i, (tail_a, head_a, line_a, box_a) in enumerate(edges):
        for tail_b, head_b, line_b, box_b in edges[i + 1:]:
            if {tail_a, head_a} & {tail_b, head_b}:
                continue
            if box_a[2] < box_b[0] or box_b[2] < box_a[0] or box_a[3] < box_b[1] or box_b[3] < box_a[1]:
                continue
            for p, q in pairwise(line_a):
                if max(p[0], q[0]) < box_b[0] or min(p[0], q[0]) > box_b[2] or max(p[1], q[1]) < box_b[1] \
                        or min(p[1], q[1]) > box_b[3]:
                    continue
                for r, s in pairwise(line_b):
                    if _intersect(p, q, r, s):
                        crossings += 1
    bb = graph.graph_attr.get("bb") or "0,0,0,0"
    x0, y0, x1, y1 = (float(v) for v in bb.split(","))
    return LayoutMetrics(crossings, round(length, 1), x1 - x0, y1 - y0, len(edges))
