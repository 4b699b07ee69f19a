"""The ``argmap`` command line: a click group with one module per family of subcommands."""

from argmap.cli import core  # noqa: F401  (registers validate, convert, schema, stats)
from argmap.cli._app import main

__all__ = ["main"]
