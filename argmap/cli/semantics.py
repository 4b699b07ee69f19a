"""Argumentation subcommands: ``af`` (an ICCMA-style solver) and ``eval`` (which claims of a map stand)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import click

from argmap._files import printable
from argmap.cli._app import (
    EXIT_INVALID,
    EXIT_USAGE,
    exit_code,
    io_error,
    limits_option,
    load_or_exit,
    main,
    print_diagnostic,
)
from argmap.errors import MapError
from argmap.io import Limits

if TYPE_CHECKING:
    from argmap.model import ArgumentMap
    from argmap.semantics.evaluate import Evaluation, NodeStatus
    from argmap.semantics.formats import AFFormat
    from argmap.semantics.framework import ArgumentationFramework

_TASKS = ("EE", "SE", "DC", "DS")
_SEMANTICS = ("CO", "GR", "PR", "ST")
PROBLEMS = tuple(f"{task}-{sem}" for task in _TASKS for sem in _SEMANTICS)
"""The ICCMA problems ``argmap af`` solves."""
_FORMATS = ("apx", "tgf", "i23")


def _exit_with(error: MapError) -> None:
    for diagnostic in error.diagnostics:
        print_diagnostic(diagnostic)
    sys.exit(exit_code(error.diagnostics))


# --- af ------------------------------------------------------------------------------------------


@main.command("af")
@click.option("-p", "--problem", metavar="TASK",
              help="ICCMA problem, e.g. EE-PR, SE-GR, DC-CO, DS-ST (see --problems).")
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False, path_type=str),
              help="The framework file ('-' reads standard input).")
@click.option("-fo", "--format", "fmt", type=click.Choice(_FORMATS),
              help="Its format: apx, tgf or i23 (ICCMA 2023 'p af N'); default: by suffix or content.")
@click.option("-a", "--argument", help="The query argument of DC and DS problems.")
@click.option("--formats", "list_formats", is_flag=True, help="Print the supported file formats and exit.")
@click.option("--problems", "list_problems", is_flag=True, help="Print the supported problems and exit.")
@click.option("--output", type=click.Choice(["auto", "iccma19", "iccma23", "json"]), default="auto",
              show_default=True,
              help="Answer style: ICCMA 2019 lists ([[a,b],[c]]), ICCMA 2023 lines (w 1 2), or JSON; "
                   "auto picks 2023 for i23 input and 2019 otherwise.")
@click.option("--limit", type=click.IntRange(min=1), help="EE problems: stop after this many extensions.")
@click.option("--convert", "convert_to", type=click.Path(dir_okay=False, path_type=str),
              help="Instead of solving, write the framework to this file (format by suffix or --to).")
@click.option("--to", "to_format", type=click.Choice(_FORMATS), help="Format for --convert.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=1 << 30, show_default=True,
              help="Refuse framework files larger than this.")
@click.option("--max-arguments", type=click.IntRange(min=1), default=2_000_000, show_default=True,
              help="Refuse frameworks with more arguments than this (each costs a few hundred bytes of memory "
                   "while solving, declared in a 'p af N' header or not).")
def af_command(problem: str | None, file: str | None, fmt: AFFormat | None, argument: str | None,
               list_formats: bool, list_problems: bool, output: str, limit: int | None,
               convert_to: str | None, to_format: AFFormat | None, max_bytes: int, max_arguments: int) -> None:
    """Solve an ICCMA problem on an abstract argumentation framework, like a competition solver.

    \b
      argmap af -p EE-PR -f framework.apx          all preferred extensions
      argmap af -p DC-CO -f framework.i23 -a 3     is argument 3 in some complete extension?
      argmap af -f framework.tgf --convert out.i23 convert between formats

    Problems are TASK-SEMANTICS: tasks EE (enumerate extensions), SE (some extension), DC
    (credulous acceptance of -a), DS (sceptical acceptance of -a); semantics CO complete, GR
    grounded, PR preferred, ST stable. Grounded is computed in linear time, the others with a
    SAT solver. Exit status: 0 answered, 1 the file is invalid, 2 usage or I/O error.
    """
    from argmap import __version__

    if list_formats:
        click.echo(f"[{','.join(_FORMATS)}]")
        return
    if list_problems:
        click.echo(f"[{','.join(PROBLEMS)}]")
        return
    if file is None:
        if problem is None and convert_to is None:
            click.echo(f"argmap {__version__}\nargmap developers")
            return
        raise click.UsageError("give the framework file with -f FILE")
    af, read_as = _read_framework(file, fmt, max_bytes, max_arguments)
    if convert_to is not None:
        _convert(af, file, convert_to, to_format)
        if problem is None:
            return
    if problem is None:
        raise click.UsageError("give a problem with -p TASK (see --problems)")
    task = problem.strip().upper()
    if task not in PROBLEMS:
        raise click.UsageError(f"unknown problem {problem!r}; supported: {', '.join(PROBLEMS)}")
    kind, sem = task.split("-")
    if kind in ("DC", "DS"):
        if argument is None:
            raise click.UsageError(f"{task} needs the query argument: -a ARG")
        if argument not in af:
            raise click.UsageError(f"the framework has no argument {argument!r}")
    style = output
    if style == "auto":
        style = "iccma23" if read_as == "i23" else "iccma19"
    _solve(af, kind, sem, argument, style, limit)


def _read_framework(file: str, fmt: AFFormat | None, max_bytes: int,
                    max_arguments: int) -> tuple[ArgumentationFramework, AFFormat]:
    """The framework, and the format it was read as (given, or found from the suffix or content)."""
    from argmap.semantics.formats import AFLimits, detect_af_format, loads_af, read_af_bytes

    limits = AFLimits(max_bytes=max_bytes, max_arguments=max_arguments)
    name = "<stdin>" if file == "-" else file
    try:
        data = sys.stdin.buffer.read(max_bytes + 1) if file == "-" else read_af_bytes(file, limits)
        read_as = fmt or detect_af_format(None if file == "-" else file, data[:4096].decode("utf-8", "replace"))
        return loads_af(data, read_as, filename=name, limits=limits), read_as
    except MapError as error:
        _exit_with(error)
        raise  # pragma: no cover  (sys.exit above)


def _convert(af: ArgumentationFramework, source: str, target: str, to_format: AFFormat | None) -> None:
    from argmap.semantics.formats import dump_af as write_af

    try:
        write_af(af, target, to_format)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        io_error(target, exc)


def _names(extension: Iterable[str], af: ArgumentationFramework) -> list[str]:
    return sorted(extension, key=af.index)


def _solve(af: ArgumentationFramework, kind: str, sem: str, argument: str | None, style: str,
           limit: int | None) -> None:
    from argmap.semantics.solve import credulous_witness, extensions, sceptical_counterexample, some_extension

    def line(extension: Iterable[str]) -> str:
        names = _names(extension, af)
        if style == "iccma23":
            return " ".join(["w", *names])
        return "[" + ",".join(_list_name(name) for name in names) + "]"

    if kind == "EE":
        found = extensions(af, sem, limit=limit)
        if style == "json":
            click.echo(printable(json.dumps({"problem": f"EE-{sem}", "extensions": [_names(e, af) for e in found]},
                                            ensure_ascii=False)))
        elif style == "iccma23":
            for extension in found:
                click.echo(printable(line(extension)))
        else:
            _stream_list(printable(line(e)) for e in found)
        return
    if kind == "SE":
        some = some_extension(af, sem)
        if style == "json":
            click.echo(printable(json.dumps({"problem": f"SE-{sem}",
                                             "extension": None if some is None else _names(some, af)},
                                            ensure_ascii=False)))
        else:
            click.echo("NO" if some is None else printable(line(some)))
        return
    assert argument is not None
    if kind == "DC":
        witness = credulous_witness(af, argument, sem)
        accepted = witness is not None
        certificate = witness
    else:
        counterexample = sceptical_counterexample(af, argument, sem)
        accepted = counterexample is None
        certificate = counterexample
    if style == "json":
        click.echo(printable(json.dumps({"problem": f"{kind}-{sem}", "argument": argument, "accepted": accepted,
                                         "certificate": None if certificate is None else _names(certificate, af)},
                                        ensure_ascii=False)))
        return
    click.echo("YES" if accepted else "NO")
    if style == "iccma23" and certificate is not None:
        click.echo(printable(line(certificate)))


_LIST_SPECIAL = re.compile(r'[,\[\]"\\\s]')


def _list_name(name: str) -> str:
    """An argument name in an ICCMA 2019 list: quoted (JSON-style) when it holds , [ ] " \\ or spaces."""
    return json.dumps(name, ensure_ascii=False) if not name or _LIST_SPECIAL.search(name) else name


def _stream_list(items: Iterator[str]) -> None:
    """Print ``[item,item,...]`` as the items come, so long enumerations show progress."""
    out = sys.stdout
    out.write("[")
    for count, item in enumerate(items):
        out.write(("," if count else "") + item)
        out.flush()
    out.write("]\n")
    out.flush()


# --- eval ----------------------------------------------------------------------------------------

_COLOURS = {"IN": "green", "OUT": "red", "UNDEC": "yellow"}
_DUNG = ("grounded", "preferred", "stable", "complete")
_GRADUAL = ("hcat", "dfquad", "qe", "euler")  # argmap.semantics.gradual.GRADUAL_SEMANTICS, kept light here


@main.command("eval")
@click.argument("map_file", metavar="MAP", type=click.Path(dir_okay=False, path_type=str))
@click.option("-s", "--semantics", type=click.Choice([*_DUNG, *_GRADUAL, "carneades"]),
              default="grounded", show_default=True,
              help="Which semantics decides: Dung (grounded, preferred, stable, complete: IN/OUT/UNDEC with "
                   "reasons), gradual (hcat, dfquad, qe, euler: a score in [0, 1] from the weights), or carneades "
                   "(Carneades' own evaluation, for maps read from Carneades graphs).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Human-readable report, or JSON (argmap.evaluate(map).to_dict()).")
@click.option("--nodes", type=click.Choice(["propositions", "all", "main"]), default="propositions",
              show_default=True,
              help="Report statements and analogies, also arguments, or only the main conclusions.")
@click.option("--depth", type=click.IntRange(min=1, max=50), default=8, show_default=True,
              help="How deep to show each explanation.")
@click.option("--max-extensions", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Refuse maps with more extensions than this (preferred, stable).")
@click.option("--write-af", type=click.Path(dir_okay=False, path_type=str),
              help="Also write the map's argumentation framework (.apx, .tgf or .i23) for other solvers.")
@limits_option
def eval_command(map_file: str, semantics: str, output: str, nodes: str, depth: int, max_extensions: int,
                 write_af: str | None, max_bytes: int) -> None:
    """Which statements of a map stand under an argumentation semantics, and why.

    Each statement, analogy and argument is IN (stands), OUT (defeated) or UNDEC (undecided).
    For anything OUT or UNDEC the report shows the chain that defeats it: the attacker, what
    that attacker stands on, down to unattacked assumptions. The translation of a map into a
    Dung framework is documented in docs/semantics.md.
    """
    from argmap.semantics.evaluate import evaluate
    from argmap.semantics.formats import dump_af as write_framework

    the_map = load_or_exit(map_file, Limits(max_bytes=max_bytes))
    if semantics in _GRADUAL or semantics == "carneades":
        if write_af is not None:
            raise click.UsageError("--write-af writes the Dung framework; use it with a Dung semantics")
        if semantics == "carneades":
            _carneades_report(map_file, the_map, output, nodes)
        else:
            _gradual_report(map_file, the_map, semantics, output, nodes)
        return
    try:
        result = evaluate(the_map, semantics, max_extensions=max_extensions, max_depth=max(depth, 1))
    except ValueError as exc:
        click.echo(printable(f"{map_file}: {exc}"), err=True)
        sys.exit(EXIT_USAGE)
    if write_af is not None:
        try:
            write_framework(result.framework.framework, write_af)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        except OSError as exc:
            io_error(write_af, exc)
    main_ids = list(the_map.main_conclusions)
    shown = _select(result, nodes, main_ids)
    if output == "json":
        data: dict[str, Any] = {"file": map_file, **result.to_dict()}
        data["main_conclusions"] = main_ids
        data["nodes"] = [status.to_dict() for status in shown]
        click.echo(printable(json.dumps(data, ensure_ascii=False, indent=2), newlines=True))
        return
    texts = {s.id: s.text for s in the_map.statements}
    texts.update({a.id: a.text for a in the_map.analogies})
    texts.update({a.id: f"{a.type}: {a.from_} → {a.to}" for a in the_map.attacks})
    _print_report(map_file, the_map.title, result, shown, texts, main_ids, depth)


def _select(result: Evaluation, nodes: str, main_ids: list[str]) -> list[NodeStatus]:
    if nodes == "main":
        return [result[node] for node in main_ids if node in result.nodes]
    if nodes == "all":
        return list(result)
    return [status for status in result if status.kind in ("statement", "analogy")]


def _clip(text: str, width: int) -> str:
    from wcwidth import wcswidth

    text = " ".join(text.split())
    if max(wcswidth(text), 0) <= width:
        return text
    out = ""
    for char in text:
        if max(wcswidth(out + char), 0) > width - 1:
            break
        out += char
    return out + "…"


def _print_report(file: str, title: str | None, result: Evaluation, shown: list[NodeStatus],
                  texts: dict[str, str], main_ids: list[str], depth: int) -> None:
    counts = result.counts()
    extensions = ("no extension" if result.extensions == 0 else
                  f"{result.extensions} extension{'s' if result.extensions != 1 else ''}")
    click.echo(click.style(printable(f"{file}: {title or '(untitled)'}"), bold=True))
    click.echo(f"{result.semantics} semantics, {extensions}: "
               f"{counts['IN']} stand, {counts['OUT']} defeated, {counts['UNDEC']} undecided "
               f"(of {_node_count(result)})")
    width = max((len(status.id) for status in shown), default=0)
    for status in shown:
        label = click.style(f"{status.status:<5}", fg=_COLOURS[status.status], bold=True)
        marker = click.style(" [main]", fg="cyan") if status.id in main_ids else ""
        text = printable(_clip(texts.get(status.id, ""), 60))
        click.echo(f"{label} {status.id:<{width}}  {text}{marker}")
        if status.status != "IN":
            for line in _tree_lines(status, depth):
                click.echo(" " * 8 + printable(line))


def _node_count(result: Evaluation) -> str:
    attacks = sum(1 for status in result if status.kind == "attack")
    text = f"{len(result.nodes) - attacks} statements, analogies and arguments"
    return text + (f", and {attacks} attacked attack{'s' if attacks != 1 else ''}" if attacks else "")


def _tree_lines(status: NodeStatus, depth: int) -> list[str]:
    lines: list[str] = []
    stack = [(status.why, 0)]
    while stack:
        reason, level = stack.pop()
        lines.append("  " * level + ("why: " if level == 0 else "") + reason.describe())
        if level + 1 < depth:
            stack.extend((child, level + 1) for child in reversed(reason.because))
        elif reason.because:
            lines.append("  " * (level + 1) + "...")
    return lines


def _shown_ids(the_map: ArgumentMap, nodes: str, ids: Iterable[str]) -> list[str]:
    """The node ids a report lists: propositions, all, or the main conclusions."""
    present = list(ids)
    if nodes == "main":
        wanted = set(the_map.main_conclusions)
        return [node for node in present if node in wanted]
    if nodes == "all":
        return present
    propositions = {s.id for s in the_map.statements} | {a.id for a in the_map.analogies}
    return [node for node in present if node in propositions]


def _node_texts(the_map: ArgumentMap) -> dict[str, str]:
    texts = {s.id: s.text for s in the_map.statements}
    texts.update({a.id: a.text for a in the_map.analogies})
    texts.update({a.id: f"{', '.join(a.premises)} ⇒ {a.conclusion}" for a in the_map.arguments})
    texts.update({a.id: f"{a.type}: {', '.join(a.attackers)} → {a.to}" for a in the_map.attacks})
    return texts


def _gradual_report(map_file: str, the_map: ArgumentMap, semantics: str, output: str, nodes: str) -> None:
    from argmap.semantics.gradual import gradual

    try:
        result = gradual(the_map, semantics)
    except ValueError as exc:
        click.echo(f"{map_file}: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    shown = _shown_ids(the_map, nodes, result.scores)
    main_ids = list(the_map.main_conclusions)
    if output == "json":
        data = {"file": map_file, **result.to_dict(), "main_conclusions": main_ids}
        data["nodes"] = [item for item in data["nodes"] if item["id"] in set(shown)]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    texts = _node_texts(the_map)
    click.echo(click.style(f"{map_file}: {the_map.title or '(untitled)'}", bold=True))
    state = (f"converged after {result.iterations} iteration{'s' if result.iterations != 1 else ''}"
             if result.converged else
             f"NOT converged after {result.iterations} iterations (last change {result.change:.2g})")
    click.echo(f"{semantics} scores in [0, 1], base scores from the map's weights; {state}")
    width = max((len(node) for node in shown), default=0)
    for node in shown:
        score = result.scores[node]
        bar = "█" * round(score * 10) + "·" * (10 - round(score * 10))
        colour = "green" if score >= 0.5 else "red" if score < 0.25 else "yellow"
        marker = click.style(" [main]", fg="cyan") if node in main_ids else ""
        base = result.base[node]
        click.echo(f"{click.style(f'{score:.3f}', fg=colour, bold=True)} {bar} {node:<{width}}  "
                   f"{_clip(texts.get(node, ''), 50)}{click.style(f'  (base {base:.2f})', dim=True)}{marker}")
    if not result.converged:
        sys.exit(EXIT_INVALID)


def _carneades_report(map_file: str, the_map: ArgumentMap, output: str, nodes: str) -> None:
    from argmap.semantics.carneades import carneades

    try:
        result = carneades(the_map)
    except ValueError as exc:
        click.echo(f"{map_file}: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    shown = _shown_ids(the_map, nodes, result.labels)
    if output == "json":
        data = {"file": map_file, **result.to_dict()}
        data["statements"] = [item for item in data["statements"] if item["id"] in set(shown)]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    texts = _node_texts(the_map)
    counts = {label: sum(1 for node in shown if result.labels[node] == label) for label in ("IN", "OUT", "UNDEC")}
    click.echo(click.style(f"{map_file}: {the_map.title or '(untitled)'}", bold=True))
    click.echo(f"carneades evaluation: {counts['IN']} in, {counts['OUT']} out, {counts['UNDEC']} undecided")
    width = max((len(node) for node in shown), default=0)
    for node in shown:
        label = result.labels[node]
        click.echo(f"{click.style(f'{label:<5}', fg=_COLOURS[label], bold=True)} {node:<{width}}  "
                   f"{_clip(texts.get(node, ''), 60)}")


# --- diff ----------------------------------------------------------------------------------------


@main.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=str))
@click.argument("new", type=click.Path(dir_okay=False, path_type=str), required=False)
@click.option("-s", "--semantics", type=click.Choice(list(_DUNG)), default="grounded", show_default=True,
              help="The Dung semantics whose statuses are compared.")
@click.option("--gradual", type=click.Choice([*_GRADUAL, "none"]), default="dfquad", show_default=True,
              help="The gradual semantics whose scores are compared ('none': not compared).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--textconv", is_flag=True,
              help="Print one map (OLD) as a plain outline with statuses, for git's diff.<driver>.textconv.")
@limits_option
def diff_command(old: str, new: str | None, semantics: str, gradual: str, output: str, textconv: bool,
                 max_bytes: int) -> None:
    """A semantic diff of two maps (any formats): nodes added, removed and reworded, links, evaluation.

    \b
      argmap diff old.yaml new.yaml               what changed in the argument
      argmap diff old.yaml new.aif.json --format json
      argmap diff --textconv map.yaml             one map as text (for git)

    Nodes are matched by id, then by text similarity (character-based, so Chinese works), so a
    renamed and reworded statement shows as reworded. As a git diff driver, in .gitattributes
    `*.argmap.yaml diff=argmap`, then `git config diff.argmap.textconv "argmap diff --textconv"`;
    or compare two revisions with `git difftool -y -x "argmap diff" REV -- map.yaml`.
    Exit status: 0 no change, 1 changes, 2 usage or I/O error (as diff(1)).
    """
    from argmap.semantics.diff import diff_maps, outline

    limits = Limits(max_bytes=max_bytes)
    old_map = load_or_exit(old, limits)
    if textconv:
        click.echo(printable(outline(old_map, semantics), newlines=True), nl=False)
        return
    if new is None:
        raise click.UsageError("give two maps: argmap diff OLD NEW (or --textconv MAP)")
    new_map = load_or_exit(new, limits)
    result = diff_maps(old_map, new_map, semantics=semantics, gradual=None if gradual == "none" else gradual)
    if output == "json":
        click.echo(printable(json.dumps({"old": old, "new": new, **result.to_dict()}, ensure_ascii=False, indent=2),
                             newlines=True))
    elif result.empty:
        click.echo("no change in the argument")
    else:
        click.echo(click.style(printable(f"--- {old}\n+++ {new}"), bold=True))
        colours = {"+": "green", "-": "red", "~": "yellow"}
        for line in result.lines():
            click.echo(click.style(printable(line), fg=colours[line[0]]))
    sys.exit(0 if result.empty else 1)
