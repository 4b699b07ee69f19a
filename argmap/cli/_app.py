"""The ``argmap`` command group and what its subcommands share.

Exit codes are the same for every subcommand: 0 success, 1 the map is invalid,
2 usage or input/output error (missing file, unwritable output, bad option).
Subcommands live in sibling modules (one per family) and register on :data:`main`.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from argmap.errors import Diagnostic, MapError, format_path
from argmap.io import DEFAULT_LIMITS, Limits, load
from argmap.model import ArgumentMap

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "exit_code",
    "io_error",
    "limits_option",
    "load_or_exit",
    "main",
    "outside_option",
    "print_diagnostic",
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="argmap", message="argmap %(version)s")
def main() -> None:
    """Argument maps as typed, validated data: validate, convert and analyse them."""


def exit_code(diagnostics: list[Diagnostic]) -> int:
    """The exit status for a list of diagnostics: 2 for I/O errors, 1 for errors, else 0."""
    if any(d.code == "AM005" for d in diagnostics):
        return EXIT_USAGE
    return EXIT_INVALID if any(d.severity == "error" for d in diagnostics) else EXIT_OK


def _source_line(file: str, line: int) -> str | None:
    try:
        with open(file, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if number == line:
                    return text.rstrip("\r\n")
    except OSError:
        return None
    return None


def _display_width(text: str) -> int:
    from wcwidth import wcswidth  # CJK characters take two terminal columns

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def print_diagnostic(diagnostic: Diagnostic) -> None:
    """Print a diagnostic like a compiler: location, severity and code, message, the source line with a caret, hint."""
    where = diagnostic.location
    colour = {"error": "red", "warning": "yellow", "info": "blue"}[diagnostic.severity]
    head = click.style(f"{where}:", bold=True)
    # the severity in words on every finding, not only in the summary (and not only as a colour)
    code = click.style(f"{diagnostic.severity} {diagnostic.code}", fg=colour, bold=True)
    path = f" [{format_path(where.path)}]" if where.path else ""
    click.echo(f"{head} {code} {diagnostic.message}{click.style(path, dim=True)}")
    if where.file and where.line:
        text = _source_line(where.file, where.line)
        if text is not None and len(text) <= 500:
            gutter = f"{where.line:>5} | "
            click.echo(click.style(gutter, dim=True) + text)
            offset = _display_width(text[: max((where.column or 1) - 1, 0)].replace("\t", " "))
            click.echo(" " * len(gutter) + " " * offset + click.style("^", fg=colour, bold=True))
    if diagnostic.hint:
        click.echo(f"{' ' * 7}{click.style('hint:', fg='cyan')} {diagnostic.hint}")


def dash_is_stdout(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Option callback: ``-o -`` means standard output, as leaving ``-o`` out does."""
    return None if value == "-" else value


def io_error(path: str, exc: OSError) -> NoReturn:
    """Report a file that cannot be read or written, and exit 2."""
    click.echo(f"{path}: {click.style('AM005', fg='red', bold=True)} {exc.strerror or exc}", err=True)
    sys.exit(EXIT_USAGE)


def load_or_exit(file: str, limits: Limits = DEFAULT_LIMITS, allow_outside_source: bool = False) -> ArgumentMap:
    """Load a map, or print its diagnostics and exit with the matching code."""
    try:
        return load(file, limits=limits, allow_outside_source=allow_outside_source)
    except MapError as error:
        for diagnostic in error.diagnostics:
            print_diagnostic(diagnostic)
        sys.exit(exit_code(error.diagnostics))
