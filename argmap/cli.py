"""The ``argmap`` command.

Exit codes are the same for every subcommand: 0 success, 1 the map is invalid,
2 usage or input/output error (missing file, unwritable output, bad option).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from argmap.errors import Diagnostic, MapError, format_path
from argmap.io import DEFAULT_LIMITS, Limits, detect_format, dumps, load, loads, write_atomic
from argmap.io.parse import Format

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

_limits_option = click.option(
    "--max-bytes", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_bytes, show_default=True,
    help="Refuse map files larger than this.",
)
_outside_option = click.option(
    "--allow-outside-source", is_flag=True,
    help="Accept a source.path that is absolute or leaves the map's folder tree.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="argmap", message="argmap %(version)s")
def main() -> None:
    """Argument maps as typed, validated data: validate, convert and analyse them."""


# --- validate ----------------------------------------------------------------------------------


def _exit_code(diagnostics: list[Diagnostic]) -> int:
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


def _print_diagnostic(diagnostic: Diagnostic) -> None:
    where = diagnostic.location
    colour = {"error": "red", "warning": "yellow", "info": "blue"}[diagnostic.severity]
    head = click.style(f"{where}:", bold=True)
    code = click.style(f"{diagnostic.code}", fg=colour, bold=True)
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


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human-readable report, or JSON for tools.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
@_limits_option
@_outside_option
def validate(files: tuple[str, ...], output: str, quiet: bool, max_bytes: int, allow_outside_source: bool) -> None:
    """Check map files (YAML or JSON; '-' reads standard input): syntax, shape, keys, ids, references.

    Every problem is reported with file, line, column and map path. Exit status: 0 all
    valid, 1 some map invalid, 2 a file could not be read.
    """
    limits = Limits(max_bytes=max_bytes)
    results: list[tuple[str, list[Diagnostic]]] = []
    for file in files:
        try:
            if file == "-":
                loads(sys.stdin.buffer.read(limits.max_bytes + 1), filename="<stdin>", limits=limits,
                      allow_outside_source=allow_outside_source)
            else:
                load(file, limits=limits, allow_outside_source=allow_outside_source)
            results.append((file, []))
        except MapError as error:
            results.append((file, error.diagnostics))
    all_diagnostics = [d for _, found in results for d in found]
    code = _exit_code(all_diagnostics)
    invalid = sum(1 for _, found in results if any(d.severity == "error" for d in found))
    if output == "json":
        report = {
            "version": 1,
            "files": [{"file": file, "valid": not any(d.severity == "error" for d in found),
                       "diagnostics": [d.to_dict() for d in found]} for file, found in results],
            "summary": {"files": len(results), "invalid": invalid, "problems": len(all_diagnostics)},
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        sys.exit(code)
    for file, found in results:
        for diagnostic in found:
            _print_diagnostic(diagnostic)
        if not found and not quiet:
            click.echo(f"{file}: {click.style('ok', fg='green')}")
    if invalid:
        click.echo(click.style(f"{invalid} of {len(results)} file(s) invalid, "
                               f"{len(all_diagnostics)} problem(s)", fg="red", bold=True), err=True)
    elif not quiet:
        click.echo(click.style(f"{len(results)} file(s) valid", fg="green"), err=True)
    sys.exit(code)


def _io_error(path: str, exc: OSError) -> NoReturn:
    click.echo(f"{path}: {click.style('AM005', fg='red', bold=True)} {exc.strerror or exc}", err=True)
    sys.exit(EXIT_USAGE)


def _load_or_exit(file: str, limits: Limits = DEFAULT_LIMITS, allow_outside_source: bool = False) -> Any:
    try:
        return load(file, limits=limits, allow_outside_source=allow_outside_source)
    except MapError as error:
        for diagnostic in error.diagnostics:
            _print_diagnostic(diagnostic)
        sys.exit(_exit_code(error.diagnostics))


# --- convert -----------------------------------------------------------------------------------


@main.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=str))
@click.argument("target", type=click.Path(dir_okay=False, path_type=str))
@click.option("--from", "from_format", type=click.Choice(["yaml", "json"]), help="Input format (default: by suffix).")
@click.option("--to", "to_format", type=click.Choice(["yaml", "json"]), help="Output format (default: by suffix).")
@_limits_option
@_outside_option
def convert(source: str, target: str, from_format: Format | None, to_format: Format | None,
            max_bytes: int, allow_outside_source: bool) -> None:
    """Convert a map between YAML and JSON (TARGET '-' writes to standard output).

    The map is validated first; an invalid map is not converted. The output is written
    atomically and never over the input file.
    """
    if target != "-" and Path(target).resolve() == Path(source).resolve():
        raise click.UsageError("TARGET is the input file; argmap never overwrites its input")
    try:
        limits = Limits(max_bytes=max_bytes)
        if from_format is None:
            the_map = load(source, limits=limits, allow_outside_source=allow_outside_source)
        else:
            raw = Path(source).read_bytes() if source != "-" else sys.stdin.buffer.read()
            the_map = loads(raw, from_format, filename=source, limits=limits,
                            allow_outside_source=allow_outside_source)
    except OSError as exc:
        _io_error(source, exc)
    except MapError as error:
        for diagnostic in error.diagnostics:
            _print_diagnostic(diagnostic)
        sys.exit(_exit_code(error.diagnostics))
    fmt = to_format or (detect_format(target) if target != "-" else "yaml")
    text = dumps(the_map, fmt)
    if target == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(target, text)
    except OSError as exc:
        _io_error(target, exc)


# --- schema ------------------------------------------------------------------------------------


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the schema to this file instead of standard output.")
def schema(output: str | None) -> None:
    """Print the JSON Schema of the map format (as in schemas/argmap.schema.json)."""
    from argmap.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        _io_error(output, exc)


# --- stats -------------------------------------------------------------------------------------


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_limits_option
def stats(file: str, output: str, max_bytes: int) -> None:
    """Counts, main conclusions, depth of support and structural oddities of a map."""
    from argmap.graph import summarize

    figures = summarize(_load_or_exit(file, Limits(max_bytes=max_bytes)))
    if output == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return

    def counts(values: dict[str, int]) -> str:
        return f" ({', '.join(f'{k} {v}' for k, v in sorted(values.items()))})" if values else ""

    click.echo(f"{file}: {figures['title'] or '(untitled)'}")
    click.echo(f"  statements  {figures['statements']}{counts(figures['statement_types'])}")
    click.echo(f"  analogies   {figures['analogies']}{counts(figures['analogy_figures'])}")
    click.echo(f"  arguments   {figures['arguments']} ({figures['linked_arguments']} with linked premises)")
    click.echo(f"  attacks     {figures['attacks']}{counts(figures['attack_types'])}")
    click.echo(f"  sections    {figures['sections']}")
    click.echo(f"  main conclusions: {', '.join(figures['main_conclusions']) or '(none)'}")
    depth = figures["depth"]
    click.echo(f"  depth of support: {depth if depth is not None else 'undefined (support cycle)'}")
    for label, key in (("support cycles", "support_cycles"), ("isolated", "isolated"),
                       ("not leading to a main conclusion", "unreachable")):
        values = figures[key]
        if values:
            shown = [" -> ".join(v) if isinstance(v, list) else v for v in values[:10]]
            more = f" ... (+{len(values) - 10})" if len(values) > 10 else ""
            click.echo(f"  {label}: {'; '.join(shown)}{more}")
