"""The linter subcommands: validate (all rules, several output formats) and rules (the registry)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import click

from argmap._files import printable
from argmap.cli._app import EXIT_INVALID, EXIT_OK, EXIT_USAGE, limits_option, main, outside_option, print_diagnostic
from argmap.errors import Diagnostic, MapError

_RANK = {"info": 0, "warning": 1, "error": 2}


def _codes(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    codes = tuple(part.strip() for part in value.split(",") if part.strip())
    for code in codes:
        if not code.startswith("AM"):
            raise click.BadParameter(f"{code!r} is not a rule code or prefix such as AM1 or AM304")
    return codes


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "output", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True, help="Human-readable, JSON for tools, SARIF 2.1.0 for code scanning, or GitHub "
              "workflow annotations.")
@click.option("--select", help="Comma-separated codes or prefixes to report (adds to the settings' selection).")
@click.option("--ignore", help="Comma-separated codes or prefixes not to report.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Exit 1 when a finding has at least this severity (default: error, or the settings').")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=str),
              help="Settings file (pyproject.toml or argmap.toml); default: the nearest one above each map.")
@click.option("--source", "source_file", type=click.Path(dir_okay=False, path_type=str),
              help="The source text to check quotes against (default: each map's own source).")
@click.option("-q", "--quiet", is_flag=True, help="Print only findings and the summary.")
@click.option("--show-info", is_flag=True,
              help="Also list info-level findings (open critical questions, uncovered paragraphs) in text and "
              "GitHub output; JSON and SARIF always include them.")
@limits_option
@outside_option
def validate(files: tuple[str, ...], output: str, select: str | None, ignore: str | None, fail_on: str | None,
             config_file: str | None, source_file: str | None, quiet: bool, show_info: bool, max_bytes: int,
             allow_outside_source: bool) -> None:
    """Check maps: structure, graph, quotes against the source, analogies and schemes.

    Every finding has a stable code (see `argmap rules`), a location (file:line:column and map
    path) and a hint. Exit status: 0 clean (or only findings below --fail-on), 1 findings at or
    above it, 2 usage or I/O error.
    """
    from argmap.checks import find_config, load_config
    from argmap.checks import validate as check
    from argmap.checks.output import github_annotations, json_report, sarif_report
    from argmap.io import Limits

    extra_select, extra_ignore = _codes(select), _codes(ignore)
    try:
        fixed = load_config(config_file) if config_file else None
        source = None
        if source_file is not None:
            from argmap.text.source import read_source

            source = read_source(source_file)
    except MapError as error:
        for diagnostic in error.diagnostics:
            print_diagnostic(diagnostic)
        sys.exit(EXIT_USAGE)

    results: list[tuple[str, list[Diagnostic]]] = []
    threshold = fail_on
    for file in files:
        try:
            settings = fixed or find_config(file if file != "-" else ".")
        except MapError as error:
            for diagnostic in error.diagnostics:
                print_diagnostic(diagnostic)
            sys.exit(EXIT_USAGE)
        settings = replace(settings, select=settings.select + extra_select, ignore=settings.ignore + extra_ignore)
        threshold = threshold or settings.fail_on
        if file == "-":
            found = _validate_stdin(settings, source, max_bytes, allow_outside_source)
        else:
            found = check(file, source, settings, allow_outside_source=allow_outside_source,
                          limits=Limits(max_bytes=max_bytes))
        results.append((file, found))

    every = [d for _, found in results for d in found]
    level = _RANK[threshold or "error"]
    if any(d.code == "AM005" for d in every):
        code = EXIT_USAGE
    elif any(_RANK[d.severity] >= level for d in every):
        code = EXIT_INVALID
    else:
        code = EXIT_OK
    if output == "json":
        click.echo(printable(json.dumps(json_report(results), ensure_ascii=False, indent=2), newlines=True))
    elif output == "sarif":
        from argmap import __version__

        click.echo(printable(json.dumps(sarif_report(results, __version__), ensure_ascii=False, indent=2),
                             newlines=True))
    elif output == "github":
        shown = [(file, [d for d in found if show_info or d.severity != "info"]) for file, found in results]
        click.echo(printable(github_annotations(shown), newlines=True), nl=False)
    else:
        _print_text(results, quiet, show_info)
    sys.exit(code)


def _validate_stdin(settings: object, source: str | None, max_bytes: int, allow_outside: bool) -> list[Diagnostic]:
    from argmap.checks import Config, _locate, run_rules
    from argmap.io import Limits, loads

    assert isinstance(settings, Config)
    raw = sys.stdin.buffer.read(max_bytes + 1)
    try:
        the_map = loads(raw, filename="<stdin>", limits=Limits(max_bytes=max_bytes),
                        allow_outside_source=allow_outside)
    except MapError as error:
        return list(error.diagnostics)
    text = raw.decode("utf-8-sig", errors="replace")
    inline = the_map.source.text if the_map.source is not None else None
    return _locate(run_rules(the_map, settings, source if source is not None else inline), text, "<stdin>")


def _print_text(results: list[tuple[str, list[Diagnostic]]], quiet: bool, show_info: bool) -> None:
    counts = {"error": 0, "warning": 0, "info": 0}
    for file, found in results:
        for diagnostic in found:
            if show_info or diagnostic.severity != "info":
                print_diagnostic(diagnostic)
            counts[diagnostic.severity] += 1
        if not any(d.severity == "error" for d in found) and not quiet:
            click.echo(f"{printable(file)}: {click.style('ok', fg='green')}")
    invalid = sum(1 for _, found in results if any(d.severity == "error" for d in found))
    summary = (f"{len(results)} file(s): {counts['error']} error(s), {counts['warning']} warning(s), "
               f"{counts['info']} info" + ("" if show_info or not counts["info"] else " (--show-info lists them)"))
    if invalid:
        click.echo(click.style(f"{invalid} of {len(results)} file(s) invalid; {summary}", fg="red", bold=True),
                   err=True)
    elif not quiet or counts["warning"] or counts["info"]:
        click.echo(click.style(f"{summary}" if any(counts.values()) else f"{len(results)} file(s) valid",
                               fg="green" if not counts["warning"] else "yellow"), err=True)


@main.command()
@click.argument("code", required=False)
@click.option("--format", "output", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
def rules(code: str | None, output: str) -> None:
    """List the validation rules, or explain one (e.g. `argmap rules AM101`)."""
    from argmap.checks import RULES
    from argmap.checks.registry import rules_markdown

    if output == "markdown":
        click.echo(rules_markdown(), nl=False)
        return
    if code is not None:
        rule = RULES.get(code.upper())
        if rule is None:
            raise click.BadParameter(f"no rule {code!r}; `argmap rules` lists them", param_hint="CODE")
        if output == "json":
            click.echo(json.dumps({"code": rule.code, "name": rule.name, "family": rule.family,
                                   "severity": rule.severity, "summary": rule.summary, "why": rule.why,
                                   "bad": rule.bad, "good": rule.good, "options": rule.options},
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(rule.explain(), nl=False)
        return
    ordered = sorted(RULES.values(), key=lambda r: r.code)
    if output == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "family": r.family, "severity": r.severity,
                                "summary": r.summary} for r in ordered], ensure_ascii=False, indent=2))
        return
    family = None
    for rule in ordered:
        if rule.family != family:
            family = rule.family
            click.echo(click.style(f"\n{family}", bold=True))
        click.echo(f"  {rule.code}  {rule.name:<26} {rule.severity:<8} {rule.summary}")
