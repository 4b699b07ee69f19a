"""Core subcommands: validate, convert, schema, stats."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from argmap.cli._app import (
    exit_code,
    io_error,
    limits_option,
    load_or_exit,
    main,
    outside_option,
    print_diagnostic,
)
from argmap.errors import Diagnostic, MapError
from argmap.io import Limits, detect_format, dumps, load, loads, write_atomic
from argmap.io.parse import Format


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human-readable report, or JSON for tools.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
@limits_option
@outside_option
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
    code = exit_code(all_diagnostics)
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
            print_diagnostic(diagnostic)
        if not found and not quiet:
            click.echo(f"{file}: {click.style('ok', fg='green')}")
    if invalid:
        click.echo(click.style(f"{invalid} of {len(results)} file(s) invalid, "
                               f"{len(all_diagnostics)} problem(s)", fg="red", bold=True), err=True)
    elif not quiet:
        click.echo(click.style(f"{len(results)} file(s) valid", fg="green"), err=True)
    sys.exit(code)


# --- convert -----------------------------------------------------------------------------------


@main.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=str))
@click.argument("target", type=click.Path(dir_okay=False, path_type=str))
@click.option("--from", "from_format", type=click.Choice(["yaml", "json"]), help="Input format (default: by suffix).")
@click.option("--to", "to_format", type=click.Choice(["yaml", "json"]), help="Output format (default: by suffix).")
@limits_option
@outside_option
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
        io_error(source, exc)
    except MapError as error:
        for diagnostic in error.diagnostics:
            print_diagnostic(diagnostic)
        sys.exit(exit_code(error.diagnostics))
    fmt = to_format or (detect_format(target) if target != "-" else "yaml")
    text = dumps(the_map, fmt)
    if target == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(target, text)
    except OSError as exc:
        io_error(target, exc)


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
        io_error(output, exc)


# --- stats -------------------------------------------------------------------------------------


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@limits_option
def stats(file: str, output: str, max_bytes: int) -> None:
    """Counts, main conclusions, depth of support and structural oddities of a map."""
    from argmap.graph import summarize

    figures = summarize(load_or_exit(file, Limits(max_bytes=max_bytes)))
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
