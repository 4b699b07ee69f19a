"""The ``argmap`` command group and what its subcommands share.

Exit codes are the same for every subcommand: 0 success, 1 the map is invalid,
2 usage or input/output error (missing file, unwritable output, bad option).
Subcommands live in sibling modules (one per family) and register on :data:`main`.
"""

from __future__ import annotations

import sys
from contextlib import suppress
from typing import NoReturn

import click

from argmap._files import guard, printable, protect, quoted_line
from argmap.errors import Diagnostic, MapError, format_path
from argmap.io import DEFAULT_LIMITS, Limits, load, source_path
from argmap.model import ArgumentMap

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "echo",
    "exit_code",
    "io_error",
    "limits_option",
    "load_or_exit",
    "main",
    "outside_option",
    "print_diagnostic",
    "protect_source",
]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

limits_option = click.option(
    "--max-bytes", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_bytes, show_default=True,
    help="Refuse map files larger than this.",
)
outside_option = click.option(
    "--allow-outside-source", is_flag=True,
    help="Accept a source.path that is absolute or leaves the map's folder tree.",
)


class _Group(click.Group):
    """The command group, which runs every command inside the file rules of :mod:`argmap._files`.

    Outputs may not replace the run's inputs, diagnostics quote only the text that was read,
    and no input, however hostile, ends in a traceback: Ctrl-C exits 130, a closed pipe
    quietly, a structure too deep or large for memory with an ``AM003`` message.
    """

    def invoke(self, ctx: click.Context) -> object:
        with guard():
            try:
                return super().invoke(ctx)
            except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
                raise
            except KeyboardInterrupt:
                click.echo("interrupted", err=True)
                sys.exit(130)
            except BrokenPipeError:
                _silence_stdout()
                sys.exit(EXIT_OK)
            except (RecursionError, MemoryError) as exc:
                kind = "nests too deeply" if isinstance(exc, RecursionError) else "needs more memory than is available"
                click.echo(f"{click.style('AM003', fg='red', bold=True)} the input {kind} to be processed; "
                           "split it or simplify it", err=True)
                sys.exit(EXIT_USAGE)


def _silence_stdout() -> None:
    """After the reader of a pipe has gone, send what is left to /dev/null (no second error at exit)."""
    import os

    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="argmap", message="argmap %(version)s")
def main() -> None:
    """Argument maps as typed, validated data: validate, convert and analyse them."""


def exit_code(diagnostics: list[Diagnostic]) -> int:
    """The exit status for a list of diagnostics: 2 for I/O errors, 1 for errors, else 0."""
    if any(d.code == "AM005" for d in diagnostics):
        return EXIT_USAGE
    return EXIT_INVALID if any(d.severity == "error" for d in diagnostics) else EXIT_OK


def _display_width(text: str) -> int:
    from wcwidth import wcswidth  # CJK characters take two terminal columns

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def print_diagnostic(diagnostic: Diagnostic) -> None:
    """Print a diagnostic like a compiler: location, severity and code, message, the source line with a caret, hint."""
    where = diagnostic.location
    colour = {"error": "red", "warning": "yellow", "info": "blue"}[diagnostic.severity]
    head = click.style(f"{printable(str(where))}:", bold=True)
    # the severity in words on every finding, not only in the summary (and not only as a colour)
    code = click.style(f"{diagnostic.severity} {printable(diagnostic.code)}", fg=colour, bold=True)
    path = f" [{printable(format_path(where.path))}]" if where.path else ""
    click.echo(f"{head} {code} {printable(diagnostic.message)}{click.style(path, dim=True)}")
    if where.file and where.line:
        # the line as argmap read it in this run: never a second read of the file, never a file
        # reached through a link that leaves its folder
        text = quoted_line(where.file, where.line)
        if text is not None:
            shown = printable(text).replace("\t", " ")
            gutter = f"{where.line:>5} | "
            click.echo(click.style(gutter, dim=True) + shown)
            before = printable(text[: max((where.column or 1) - 1, 0)]).replace("\t", " ")
            click.echo(" " * len(gutter) + " " * _display_width(before) + click.style("^", fg=colour, bold=True))
    if diagnostic.hint:
        click.echo(f"{' ' * 7}{click.style('hint:', fg='cyan')} {printable(diagnostic.hint)}")


def dash_is_stdout(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Option callback: ``-o -`` means standard output, as leaving ``-o`` out does."""
    return None if value == "-" else value


def io_error(path: str, exc: OSError) -> NoReturn:
    """Report a file that cannot be read or written, and exit 2."""
    click.echo(f"{printable(path)}: {click.style('AM005', fg='red', bold=True)} {printable(exc.strerror or str(exc))}",
               err=True)
    sys.exit(EXIT_USAGE)


def load_or_exit(file: str, limits: Limits = DEFAULT_LIMITS, allow_outside_source: bool = False) -> ArgumentMap:
    """Load a map, or print its diagnostics and exit with the matching code."""
    try:
        the_map = load(file, limits=limits, allow_outside_source=allow_outside_source)
    except MapError as error:
        for diagnostic in error.diagnostics:
            print_diagnostic(diagnostic)
        sys.exit(exit_code(error.diagnostics))
    protect_source(the_map, file)
    return the_map


def protect_source(the_map: ArgumentMap, map_file: str) -> None:
    """Count the map's source text among the run's inputs, so that no output replaces it."""
    if the_map.source is not None and the_map.source.path is not None and map_file != "-":
        with suppress(MapError, OSError, ValueError):
            path = source_path(the_map, map_file, allow_outside=True)
            if path is not None:
                protect(path)


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print human-readable text with control characters from maps and inputs made visible."""
    click.echo(printable(text, newlines=True), err=err, nl=nl)
