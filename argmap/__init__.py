"""argmap: argument maps as typed, validated data.

The public API, re-exported here::

    import argmap
    m = argmap.load("map.yaml")          # validated ArgumentMap, or MapError with every problem
    G = argmap.to_networkx(m)            # AIF-shaped networkx graph
    argmap.main_conclusions(G)
    argmap.dump(m, "map.json")           # atomic write, YAML or JSON by suffix

Heavy optional parts are imported lazily, so ``import argmap`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from argmap.errors import Diagnostic, Location, MapError
from argmap.io import Limits, dump, dumps, load, loads
from argmap.model import (
    Analogy,
    Argument,
    ArgumentMap,
    Attack,
    CriticalQuestion,
    MappingPair,
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
        from_networkx,
        isolated_nodes,
        main_conclusions,
        premises_of,
        summarize,
        support_cycles,
        support_depth,
        supporters_of,
        to_networkx,
        unreachable_nodes,
    )
    from argmap.integrity import check_integrity
    from argmap.schema import json_schema
    from argmap.semantics import evaluate

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
    "isolated_nodes": "argmap.graph",
    "main_conclusions": "argmap.graph",
    "premises_of": "argmap.graph",
    "summarize": "argmap.graph",
    "support_cycles": "argmap.graph",
    "support_depth": "argmap.graph",
    "supporters_of": "argmap.graph",
    "unreachable_nodes": "argmap.graph",
    "check_integrity": "argmap.integrity",
    "json_schema": "argmap.schema",
    "evaluate": "argmap.semantics",
    "validate": "argmap.checks",
    "validate_dict": "argmap.checks",
}

__all__ = [
    "Analogy",
    "Argument",
    "ArgumentMap",
    "Attack",
    "CriticalQuestion",
    "Diagnostic",
    "Limits",
    "Location",
    "MapError",
    "MappingPair",
    "Section",
    "Source",
    "Statement",
    "__version__",
    "dump",
    "dumps",
    "load",
    "loads",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    # networkx costs ~0.2 s to import; load it on first use of a graph function.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
