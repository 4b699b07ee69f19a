"""The ``argmap`` command line: a click group with one module per family of subcommands."""

from argmap.cli import (  # noqa: F401  (importing a module registers its subcommands)
    core,  # schema, stats
    interchange,  # convert, formats
    lint,  # validate, rules
    live,  # lsp, serve
    render,  # render
    semantics,  # af, eval
    text,  # coverage, draft, segment
)
from argmap.cli._app import main

__all__ = ["main"]
