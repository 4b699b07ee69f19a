"""Core subcommands: schema and stats.

``validate`` lives in :mod:`argmap.cli.lint`, ``convert`` in :mod:`argmap.cli.interchange`.
"""

from __future__ import annotations

import json

import click

from argmap._files import printable, write_output
from argmap.cli._app import (
    dash_is_stdout,
    io_error,
    limits_option,
    load_or_exit,
    main,
)
from argmap.io import Limits

# --- schema ------------------------------------------------------------------------------------


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), callback=dash_is_stdout,
              help="Write the schema to this file instead of standard output ('-').")
def schema(output: str | None) -> None:
    """Print the JSON Schema of the map format (as in schemas/argmap.schema.json)."""
    from argmap.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_output(output, text)
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

    figures = summarize(load_or_exit(file, Limits(max_bytes=max_bytes)), check=False)  # load checked it
    if output == "json":
        click.echo(printable(json.dumps(figures, ensure_ascii=False, indent=2), newlines=True))
        return

    def counts(values: dict[str, int]) -> str:
        return f" ({', '.join(f'{k} {v}' for k, v in sorted(values.items()))})" if values else ""

    click.echo(f"{printable(file)}: {printable(figures['title'] or '(untitled)')}")
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
            click.echo(printable(f"  {label}: {'; '.join(shown)}{more}"))
