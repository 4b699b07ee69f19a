"""Drawing maps: Graphviz diagrams (SVG, PNG, PDF, DOT), Mermaid flowcharts and HTML pages.

``to_dot`` builds the diagram; ``render`` lays it out and writes it. The Graphviz engine
bundled with pygraphviz is used in-process, so ``pip install argmap`` is all a user needs.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from argmap.graph import focus_map
from argmap.integrity import ensure_sound
from argmap.model import ArgumentMap
from argmap.render.dot import RenderOptions, build, to_dot
from argmap.render.engine import ENGINES, RenderError, draw
from argmap.render.mermaid import to_mermaid
from argmap.render.theme import THEMES

__all__ = ["ENGINES", "FORMATS", "THEMES", "RenderError", "RenderOptions", "focus_map", "format_for", "render",
           "to_dot", "to_html", "to_mermaid"]

Format = Literal["svg", "png", "pdf", "dot", "mermaid", "html"]
FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "dot", "mermaid", "html")
"""Output formats of :func:`render`."""

_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid",
             ".mermaid": "mermaid", ".html": "html", ".htm": "html"}


def format_for(target: str | os.PathLike[str] | None, format: str | None = None) -> str:
    """The output format: given explicitly, else from the target's suffix, else SVG."""
    if format is not None:
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    if target is not None:
        suffix = Path(target).suffix.lower()
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
    return "svg"


def _stamp(svg: bytes, dot_source: str) -> bytes:
    """Record the DOT the SVG was drawn from, so a test can tell a stale committed picture."""
    digest = hashlib.sha256(dot_source.encode("utf-8")).hexdigest()
    marker = f"<!-- argmap dot sha256: {digest} -->\n".encode()
    head, separator, rest = svg.partition(b"<svg")
    return head + marker + separator + rest if separator else marker + svg


def render(map: ArgumentMap, target: str | os.PathLike[str] | None = None, format: str | None = None, *,
           engine: str = "auto", **options: Any) -> bytes:
    """Draw a map, and write it to ``target`` (atomically) when one is given.

    Parameters
    ----------
    map : ArgumentMap
    target : path, optional
        Where to write; its suffix chooses the format when ``format`` is not given.
    format : {"svg", "png", "pdf", "dot", "mermaid", "html"}, optional
        Default: from the suffix, else SVG.
    engine : {"auto", "bundled", "system"}
        The Graphviz engine for SVG, PNG, PDF and HTML.
    **options
        Drawing options of :func:`to_dot` (style, theme, width, direction, focus, depth, legend, sections).

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
    ensure_sound(map, "draw")
    fmt = format_for(target, format)
    settings = RenderOptions(**options)
    if fmt == "mermaid":
        data = to_mermaid(map, **options).encode("utf-8")
    else:
        graph, edges = build(map, settings)
        source = graph.source
        if fmt == "dot":
            data = source.encode("utf-8")
        elif fmt == "html":
            from argmap.render.html import to_html

            svg = draw(source, "svg", engine).decode("utf-8")  # type: ignore[arg-type]
            data = to_html(map, svg, edges, settings.theme).encode("utf-8")
        else:
            data = draw(source, fmt, engine, labels=source)  # type: ignore[arg-type]
            if fmt == "svg":
                data = _stamp(data, source)
    if target is not None:
        from argmap.io import write_atomic

        write_atomic(target, data)
    return data


def to_html(map: ArgumentMap, *, engine: str = "auto", **options: Any) -> str:
    """The map as a self-contained HTML page (the diagram with hover and click-to-highlight).

    The same as ``render(map, format="html", ...)``, as text.
    """
    return render(map, format="html", engine=engine, **options).decode("utf-8")


class _RenderPackage(ModuleType):
    """``argmap.render`` names both this package and its main function: calling the package draws.

    Python binds a subpackage as an attribute of its parent when it is first imported, which would
    hide the function ``argmap.render`` behind the package; a callable package keeps
    ``argmap.render(map, "map.svg")`` working whichever was bound.
    """

    def __call__(self, map: ArgumentMap, target: str | os.PathLike[str] | None = None, format: str | None = None,
                 **options: Any) -> bytes:
        return render(map, target, format, **options)


sys.modules[__name__].__class__ = _RenderPackage
