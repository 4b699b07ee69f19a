"""Drawing maps: Graphviz diagrams (SVG, PNG, PDF, DOT), Mermaid flowcharts and HTML viewers.

``to_dot`` builds the diagram; ``render`` lays it out and writes it; ``to_mermaid`` and
``to_html`` give the other two forms as text. The Graphviz engine bundled with pygraphviz is
used in-process, so ``pip install argmap`` is all a user needs.

What is drawn is prepared before drawing: a view (the whole map, the overview, a focus
neighbourhood; :mod:`argmap.selection`) and, if wanted, statuses or scores the caller computed
(``statuses=``, ``scores=``). The renderer selects and evaluates nothing itself.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from argmap.graph import focus_map
from argmap.integrity import ensure_sound
from argmap.model import ArgumentMap
from argmap.render.dot import AUTO_OVERVIEW_ABOVE, VIEWS, RenderOptions, build, prepare, resolve_view, to_dot
from argmap.render.engine import ENGINES, RenderError, draw
from argmap.render.mermaid import to_mermaid
from argmap.render.theme import THEMES
from argmap.selection import View, overview_view

__all__ = [
    "AUTO_OVERVIEW_ABOVE",
    "ENGINES",
    "FORMATS",
    "SCREEN",
    "SUFFIXES",
    "THEMES",
    "VIEWS",
    "RenderError",
    "RenderOptions",
    "fit_overview",
    "focus_map",
    "format_for",
    "render",
    "to_dot",
    "to_html",
    "to_mermaid",
]

Format = Literal["svg", "png", "pdf", "dot", "mermaid", "html"]
FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "dot", "mermaid", "html")
"""Output formats of :func:`render`."""

SCREEN = (1920, 1080)
"""The screen an overview must fit at its natural size, in CSS pixels (1 pt = 4/3 px)."""

SUFFIXES: dict[str, str] = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot",
                            ".mmd": "mermaid",
                            ".mermaid": "mermaid", ".html": "html", ".htm": "html"}
"""Output file suffixes and the format each names."""

_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def format_for(target: str | os.PathLike[str] | None, format: str | None = None) -> str:
    """The output format: given explicitly, else from the target's suffix, else SVG."""
    if format is not None:
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    if target is not None:
        suffix = Path(target).suffix.lower()
        if suffix in SUFFIXES:
            return SUFFIXES[suffix]
    return "svg"


def _stamp(svg: bytes, dot_source: str) -> bytes:
    """Record the DOT the SVG was drawn from, so a test can tell a stale committed picture."""
    digest = hashlib.sha256(dot_source.encode("utf-8")).hexdigest()
    marker = f"<!-- argmap dot sha256: {digest} -->\n".encode()
    head, separator, rest = svg.partition(b"<svg")
    return head + marker + separator + rest if separator else marker + svg


def svg_size(svg: bytes) -> tuple[float, float]:
    """The natural size of a Graphviz SVG in points (before :func:`_fitted` rewrites it)."""
    found = _SIZE.search(svg)
    if found is None:
        return (0.0, 0.0)
    return float(found.group(1)), float(found.group(2))


def _fitted(svg: bytes) -> bytes:
    """An SVG that opens showing the whole drawing: larger than the screen, it scales to the window.

    Graphviz writes a fixed size in points; a browser opening a 6,000-pt drawing shows its empty
    top-left corner. A drawing bigger than :data:`SCREEN` gets ``width``/``height`` of 100% (the
    ``viewBox`` keeps the proportions), smaller ones keep their natural size.
    """
    width, height = svg_size(svg)
    if width * 4 / 3 <= SCREEN[0] and height * 4 / 3 <= SCREEN[1]:
        return svg
    return _SIZE.sub(b'<svg width="100%" height="100%" preserveAspectRatio="xMidYMid meet"', svg, count=1)


def fit_overview(map: ArgumentMap, options: RenderOptions, engine: str = "auto") -> View:
    """The largest overview (by budget) whose drawing fits :data:`SCREEN` at its natural size.

    Searches budgets from 4 to 40 propositions by bisection, laying out each candidate (they are
    small, so this costs a handful of small layouts), and returns the largest that fits.
    """
    def fits(budget: int) -> View | None:
        view = overview_view(map, budget)
        width, height = svg_size(draw(build(view, options)[0].source, "svg", engine))  # type: ignore[arg-type]
        return view if width * 4 / 3 <= SCREEN[0] and height * 4 / 3 <= SCREEN[1] else None

    low, high = 4, 40
    best = fits(low) or overview_view(map, low)
    while low < high:
        middle = (low + high + 1) // 2
        found = fits(middle)
        if found is not None:
            best, low = found, middle
        else:
            high = middle - 1
    return best


def render(map: ArgumentMap | View, target: str | os.PathLike[str] | None = None, format: str | None = None, *,
           engine: str = "auto", **options: Any) -> bytes:
    """Draw a map, and write it to ``target`` (atomically) when one is given.

    Parameters
    ----------
    map : ArgumentMap or argmap.selection.View
        A map (the view is chosen by the options) or a prepared view, drawn as given.
    target : path, optional
        Where to write; its suffix chooses the format when ``format`` is not given.
    format : {"svg", "png", "pdf", "dot", "mermaid", "html"}, optional
        Default: from the suffix, else SVG.
    engine : {"auto", "bundled", "system"}
        The Graphviz engine for SVG, PNG, PDF and HTML.
    **options
        Drawing options of :func:`to_dot` (style, theme, width, direction, view, budget, focus,
        depth, legend, sections, statuses, scores, evaluation). An overview without a ``budget``
        keeps as much as fits a 1920×1080 screen (:func:`fit_overview`). The HTML viewer draws
        the whole map unless ``view`` or ``focus`` says otherwise (it folds and zooms).

    Returns
    -------
    bytes
        The drawing (UTF-8 text for svg, dot, mermaid and html).

    Raises
    ------
    MapError
        When the map has structural errors (duplicate ids, dangling references).
    RenderError
        No Graphviz engine, no font for the labels (PNG/PDF), or a Graphviz failure.
    """
    ensure_sound(map.map if isinstance(map, View) else map, "draw")
    fmt = format_for(target, format)
    if fmt == "html" and options.get("view", "auto") == "auto" and not isinstance(map, View):
        options = {**options, "view": "full"}
    settings = RenderOptions(**options)
    view: ArgumentMap | View = map
    if (not isinstance(map, View) and settings.budget is None and fmt != "mermaid"
            and resolve_view(map, settings) == "overview"):
        view = fit_overview(map, settings, engine)
    if fmt == "mermaid":
        data = to_mermaid(view, **options).encode("utf-8")
    else:
        graph, edges = build(view, settings)
        source = graph.source
        if fmt == "dot":
            data = source.encode("utf-8")
        elif fmt == "html":
            from argmap.render.html import page

            # statuses are coloured by the page (a switch turns them on and off), not baked into the SVG
            plain = replace(settings, statuses=None, evaluation=None)
            graph, edges = build(view, plain)
            svg = draw(graph.source, "svg", engine).decode("utf-8")  # type: ignore[arg-type]
            drawn = prepare(view, plain)
            data = page(map.map if isinstance(map, View) else map, drawn, svg, edges, settings).encode("utf-8")
        else:
            data = draw(source, fmt, engine, labels=source)  # type: ignore[arg-type]
            if fmt == "svg":
                data = _fitted(_stamp(data, source))
    if target is not None:
        from argmap.io import write_atomic

        write_atomic(target, data)
    return data


def to_html(map: ArgumentMap | View, *, engine: str = "auto", **options: Any) -> str:
    """The map as one offline HTML page: the diagram with fit, pan, zoom, fold and search, the text beside it.

    Same options as :func:`render`; ``render(map, "x.html")`` writes the same page.
    """
    return render(map, None, "html", engine=engine, **options).decode("utf-8")


class _RenderPackage(ModuleType):
    """``argmap.render`` names both this package and its main function: calling the package draws.

    Python binds a subpackage as an attribute of its parent when it is first imported, which would
    hide the function ``argmap.render`` behind the package; a callable package keeps
    ``argmap.render(map, "map.svg")`` working whichever was bound.
    """

    def __call__(self, map: ArgumentMap | View, target: str | os.PathLike[str] | None = None, format: str | None = None,
                 **options: Any) -> bytes:
        return render(map, target, format, **options)


sys.modules[__name__].__class__ = _RenderPackage
