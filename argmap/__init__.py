"""argmap: argument maps as typed, validated data.

The public API, in one place (every name below is importable from ``argmap``)::

    import argmap
    m = argmap.load("map.yaml")          # any format: a valid ArgumentMap, or MapError with every problem
    argmap.validate(m)                   # every check, on a file or a map in memory
    G = argmap.to_networkx(m)            # AIF-shaped networkx graph, plain attributes
    argmap.main_conclusions(G)
    argmap.evaluate(m)                   # which claims stand, and why
    argmap.render(m, "map.svg")          # diagrams: svg, png, pdf, dot, mermaid, html
    argmap.dump(m, "map.aif.json")       # atomic write, format from the suffix

Reading and writing (:func:`load`, :func:`loads`, :func:`dump`, :func:`dumps`, :func:`read`,
:func:`reads`, :func:`export`) cover every registered format (:data:`FORMATS`). What a conversion
had to report is issued as :class:`ConversionWarning` by ``load``/``dumps`` (raised with
``strict=True``), and returned as data by ``read``/``export``. Problems with a map are always a
:class:`MapError` whose :attr:`~MapError.diagnostics` say what, where and how to fix it.

Heavy parts (networkx, Graphviz, jieba, the SAT solvers) are imported on first use, so
``import argmap`` stays light; the names are listed literally in ``__all__`` for type checkers.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from argmap.errors import CODES, Diagnostic, Location, MapError
from argmap.integrity import check_integrity, check_map
from argmap.io import (
    FORMATS,
    ConversionWarning,
    Exported,
    Imported,
    Limits,
    detect_format,
    dump,
    dumps,
    export,
    load,
    loads,
    read,
    reads,
)
from argmap.model import (
    FORMAT_VERSION,
    Analogy,
    Argument,
    ArgumentMap,
    Attack,
    CriticalQuestion,
    MappingPair,
    Node,
    Section,
    Source,
    Statement,
)

if TYPE_CHECKING:
    from argmap.checks import validate, validate_dict
    from argmap.graph import (
        arguments_for,
        attackers_of,
        attacks_on,
        attribute,
        focus_map,
        from_networkx,
        isolated_nodes,
        main_conclusions,
        neighbourhood,
        premises_of,
        summarize,
        support_cycles,
        support_depth,
        supporters_of,
        to_networkx,
        unreachable_nodes,
    )
    from argmap.render import RenderError, render, to_dot, to_html, to_mermaid
    from argmap.schema import json_schema
    from argmap.semantics import Evaluation, evaluate

try:
    __version__ = version("argmap")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

_LAZY = {
    "to_networkx": "argmap.graph",
    "from_networkx": "argmap.graph",
    "arguments_for": "argmap.graph",
    "attackers_of": "argmap.graph",
    "attacks_on": "argmap.graph",
    "attribute": "argmap.graph",
    "focus_map": "argmap.graph",
    "isolated_nodes": "argmap.graph",
    "main_conclusions": "argmap.graph",
    "neighbourhood": "argmap.graph",
    "premises_of": "argmap.graph",
    "summarize": "argmap.graph",
    "support_cycles": "argmap.graph",
    "support_depth": "argmap.graph",
    "supporters_of": "argmap.graph",
    "unreachable_nodes": "argmap.graph",
    "json_schema": "argmap.schema",
    "Evaluation": "argmap.semantics",
    "evaluate": "argmap.semantics",
    "validate": "argmap.checks",
    "validate_dict": "argmap.checks",
    "RenderError": "argmap.render",
    "render": "argmap.render",
    "to_dot": "argmap.render",
    "to_html": "argmap.render",
    "to_mermaid": "argmap.render",
}

__all__ = [
    "CODES",
    "FORMATS",
    "FORMAT_VERSION",
    "Analogy",
    "Argument",
    "ArgumentMap",
    "Attack",
    "ConversionWarning",
    "CriticalQuestion",
    "Diagnostic",
    "Evaluation",
    "Exported",
    "Imported",
    "Limits",
    "Location",
    "MapError",
    "MappingPair",
    "Node",
    "RenderError",
    "Section",
    "Source",
    "Statement",
    "__version__",
    "arguments_for",
    "attackers_of",
    "attacks_on",
    "attribute",
    "check_integrity",
    "check_map",
    "detect_format",
    "dump",
    "dumps",
    "evaluate",
    "export",
    "focus_map",
    "from_networkx",
    "isolated_nodes",
    "json_schema",
    "load",
    "loads",
    "main_conclusions",
    "neighbourhood",
    "premises_of",
    "read",
    "reads",
    "render",
    "summarize",
    "support_cycles",
    "support_depth",
    "supporters_of",
    "to_dot",
    "to_html",
    "to_mermaid",
    "to_networkx",
    "unreachable_nodes",
    "validate",
    "validate_dict",
]


def __getattr__(name: str) -> Any:
    # networkx costs ~0.2 s to import, Graphviz and the solvers more: load them on first use.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
