"""The render subcommand: diagrams as SVG, PNG, PDF, DOT, Mermaid or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap._files import printable, write_output
from argmap.cli._app import EXIT_USAGE, dash_is_stdout, io_error, limits_option, load_or_exit, main
from argmap.io import Limits

_FORMATS = ("svg", "png", "pdf", "dot", "mermaid", "html")


def _check_suffix(output: str, fmt: str | None) -> None:
    """Refuse an output whose suffix names no format argmap writes (``x.jpg`` would get SVG inside)
    unless ``--format`` says which, and one whose suffix names another format than ``--format``."""
    from argmap.render import SUFFIXES

    suffix = Path(output).suffix.lower()
    if not suffix:
        return
    named = SUFFIXES.get(suffix)
    if named is None and fmt is None:
        known = ", ".join(sorted(SUFFIXES))
        raise click.UsageError(f"argmap cannot write {suffix} files ({output}); use one of: {known}")
    if fmt is not None and named is not None and named != fmt:
        raise click.UsageError(f"{output} is named as {named} but --format asks for {fmt}: change one of them")


@main.command()
@click.argument("map_file", metavar="MAP", type=click.Path(dir_okay=False, path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), callback=dash_is_stdout,
              help="Output file (default, or '-': standard output); its suffix picks the format.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), help="Output format (default: by suffix, else svg).")
@click.option("--theme", type=click.Choice(["light", "dark", "mono"]), default="light", show_default=True)
@click.option("--style", type=click.Choice(["compact", "aif"]), default="compact", show_default=True,
              help="compact: a single-premise argument is one labelled edge; aif: every argument and attack is a node.")
@click.option("--view", type=click.Choice(["auto", "full", "overview"]), default="auto", show_default=True,
              help="overview: the main conclusions and the lines that carry them, the rest folded into '＋n' "
                   "counts, fitted to a 1920x1080 screen; full: every node; auto: the overview for maps of more "
                   "than 40 propositions (the HTML viewer always starts from the full map).")
@click.option("--focus", metavar="ID", help="Draw only the neighbourhood of this node (with the attacks on every "
              "inference drawn; cut-off neighbours are counted).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="With --focus: how many reasoning steps around the node.")
@click.option("--width", type=click.IntRange(min=4, max=200), default=24, show_default=True,
              help="Label width in display columns (a CJK character is two).")
@click.option("--direction", type=click.Choice(["BT", "TB", "LR", "RL"]), default="BT", show_default=True,
              help="BT puts conclusions at the top.")
@click.option("--no-legend", is_flag=True, help="Leave out the legend.")
@click.option("--no-sections", is_flag=True, help="Do not group nodes into section clusters (the overview "
              "never does).")
@click.option("--eval", "evaluation",
              type=click.Choice(["grounded", "preferred", "stable", "complete", "hcat", "dfquad", "qe", "euler"]),
              help="Colour nodes by which stand (IN), fall (OUT) or stay undecided under this semantics; "
                   "with a gradual semantics (hcat, dfquad, qe, euler), show and shade each node's score.")
@click.option("--engine", type=click.Choice(["auto", "bundled", "system"]), default="auto", show_default=True,
              help="Graphviz engine: the one bundled with pygraphviz, or the system `dot`.")
@limits_option
def render(map_file: str, output: str | None, fmt: str | None, theme: str, style: str, view: str, focus: str | None,
           depth: int, width: int, direction: str, no_legend: bool, no_sections: bool, evaluation: str | None,
           engine: str, max_bytes: int) -> None:
    """Draw a map: support and attack, linked premises, analogies with their mappings, sections, a legend."""
    from argmap.render import RenderError, format_for
    from argmap.render import render as draw_map

    the_map = load_or_exit(map_file, Limits(max_bytes=max_bytes))
    if output is not None:
        _check_suffix(output, fmt)
    chosen = format_for(output, fmt)
    known = {s.id for s in the_map.statements} | {a.id for a in the_map.analogies} | {
        a.id for a in the_map.arguments} | {a.id for a in the_map.attacks}
    if focus is not None and focus not in known:
        raise click.BadParameter(f"no node has the id {focus!r}", param_hint="--focus")
    if output is None and chosen in ("png", "pdf") and sys.stdout.isatty():
        raise click.UsageError(f"{chosen} is binary: give an output file with -o")
    # the renderer draws what it is given: statuses are evaluated here, and the source text read here
    statuses = None
    scores = None
    semantics = evaluation
    if evaluation in ("hcat", "dfquad", "qe", "euler"):  # scores are computed here, drawn by render
        from argmap.semantics.gradual import gradual

        scores = gradual(the_map, evaluation).scores
    elif evaluation is not None or chosen == "html":
        from argmap.semantics import evaluate

        semantics = evaluation or "grounded"  # the viewer offers the grounded statuses behind a switch
        try:
            statuses = {node.id: node.status for node in evaluate(the_map, semantics)}
        except ValueError as exc:  # e.g. more extensions than the bound: the map's property, not a bug
            said = str(exc).replace("use grounded semantics or raise max_extensions",
                                    "render with --eval grounded (one labelling, found in linear time)")
            click.echo(printable(f"{map_file}: cannot render --eval {semantics}: {said}"), err=True)
            sys.exit(EXIT_USAGE)
    source_text = None
    if chosen == "html":
        from argmap.errors import MapError
        from argmap.text.source import load_source

        try:
            source_text = load_source(the_map, map_file)
        except MapError as error:  # the drawing does not need the text: say so and go on without it
            click.echo(f"{map_file}: the viewer shows no source text: {error}", err=True)
    try:
        data = draw_map(the_map, None, chosen, engine=engine, style=style, theme=theme, view=view, focus=focus,
                        depth=depth, width=width, direction=direction, legend=not no_legend,
                        sections=False if no_sections else None, statuses=statuses, scores=scores,
                        evaluation=semantics,
                        source_text=source_text, show_statuses=evaluation is not None)
    except RenderError as error:
        click.echo(printable(f"{map_file}: cannot render: {error}"), err=True)
        sys.exit(EXIT_USAGE)
    if output is None:
        sys.stdout.buffer.write(data)
        return
    try:
        write_output(output, data)
    except OSError as exc:
        io_error(output, exc)
