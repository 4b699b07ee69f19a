"""The linter subcommands: validate (all rules, several output formats) and rules (the registry)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from argmap._files import printable
from argmap.cli._app import EXIT_INVALID, EXIT_OK, EXIT_USAGE, limits_option, main, outside_option, print_diagnostic
from argmap.errors import Diagnostic, Location, MapError

_RANK = {"info": 0, "warning": 1, "error": 2}


def _codes(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    codes = tuple(part.strip() for part in value.split(",") if part.strip())
    for code in codes:
        if not code.startswith("AM"):
            raise click.BadParameter(f"{code!r} is not a rule code or prefix such as AM1 or AM304")
    return codes


_MAP_SUFFIXES = (".yaml", ".yml", ".json")


def _looks_like_map(path: Path, max_bytes: int) -> bool:
    """Whether a file found in a folder is an argmap map (or a broken attempt at one), not other YAML/JSON.

    A file that does not parse is kept (its syntax error is worth reporting); one that parses to a
    mapping is kept when it has the format's version key or one of its node collections.
    """
    from argmap.io.parse import Limits, parse

    try:
        if path.stat().st_size > max_bytes:
            return True  # reported as too large
        text = path.read_text(encoding="utf-8-sig")
        data, _ = parse(text, "json" if path.suffix.lower() == ".json" else "yaml", str(path), Limits(max_bytes))
    except (OSError, UnicodeDecodeError, MapError):
        return True
    return isinstance(data, dict) and bool({"argmap", "statements", "arguments", "attacks", "analogies"} & set(data))


def _expand(files: tuple[str, ...], max_bytes: int) -> tuple[list[str], list[str]]:
    """The map files to check, and the folders given that hold none.

    Files are taken as given; folders are searched (below them, hidden ones skipped) for maps.
    """
    found: list[str] = []
    empty: list[str] = []
    for given in files:
        path = Path(given)
        if given != "-" and path.is_dir():
            before = len(found)
            for file in sorted(path.rglob("*")):
                relative = file.relative_to(path).parts
                if any(part.startswith(".") for part in relative) or not file.is_file():
                    continue
                if file.suffix.lower() in _MAP_SUFFIXES and _looks_like_map(file, max_bytes):
                    found.append(str(file))
            if len(found) == before:
                empty.append(given)
        else:
            found.append(given)
    return list(dict.fromkeys(found)), empty


def _maps_quoting(text_file: Path, max_bytes: int, cache: dict[Path, list[tuple[Path, Path]]]) -> list[str]:
    """Maps whose ``source.path`` names ``text_file``.

    A source path may not leave its map's folder tree, so only the text's own folder and the folders
    above it can hold such maps; the search stops at the current folder (a repository's root, where
    pre-commit runs) or, for a text outside it, at the nearest folder with a ``.git``.
    """
    from argmap.io.parse import Limits, parse

    target = text_file.resolve()
    here = Path.cwd().resolve()
    found: list[str] = []
    for folder in target.parents:
        if folder not in cache:
            entries: list[tuple[Path, Path]] = []
            try:
                candidates = sorted(p for p in folder.iterdir() if p.suffix.lower() in _MAP_SUFFIXES and p.is_file())
            except OSError:
                candidates = []
            for candidate in candidates:
                try:
                    if candidate.stat().st_size > max_bytes:
                        continue
                    text = candidate.read_text(encoding="utf-8-sig")
                    if "source" not in text:
                        continue
                    data, _ = parse(text, "json" if candidate.suffix.lower() == ".json" else "yaml", str(candidate),
                                    Limits(max_bytes))
                except (OSError, UnicodeDecodeError, MapError):
                    continue
                source = data.get("source") if isinstance(data, dict) and "argmap" in data else None
                if isinstance(source, dict) and isinstance(source.get("path"), str):
                    entries.append((candidate, (folder / source["path"]).resolve()))
            cache[folder] = entries
        found.extend(os.path.relpath(m, here) if m.is_relative_to(here) else str(m)
                     for m, quoted in cache[folder] if quoted == target)
        if folder == here or (not target.is_relative_to(here) and (folder / ".git").exists()):
            break
    return found


def _affected(files: tuple[str, ...], max_bytes: int) -> list[str]:
    """Changed files -> the maps to check: the changed maps, and the maps that quote a changed text."""
    maps: list[str] = []
    cache: dict[Path, list[tuple[Path, Path]]] = {}
    for given in files:
        path = Path(given)
        if given == "-" or path.is_dir() or path.suffix.lower() in _MAP_SUFFIXES:
            maps.append(given)
        elif path.is_file():
            maps.extend(_maps_quoting(path, max_bytes, cache))
    return maps


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
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
@click.option("--affected", is_flag=True,
              help="FILES are changed files, as pre-commit passes them: maps are checked, and for a changed "
              "text that is not a map, every map whose source.path names it (in the text's folder or a folder "
              "above it, up to the current one).")
@limits_option
@outside_option
def validate(files: tuple[str, ...], output: str, select: str | None, ignore: str | None, fail_on: str | None,
             config_file: str | None, source_file: str | None, quiet: bool, show_info: bool, affected: bool,
             max_bytes: int, allow_outside_source: bool) -> None:
    """Check maps: structure, graph, quotes against the source, analogies and schemes.

    FILES are maps, or folders, which are searched for maps (YAML and JSON files with the format's
    keys; hidden folders skipped). Every finding has a stable code (see `argmap rules`), a location
    (file:line:column and map path) and a hint. Exit status: 0 clean (or only findings below
    --fail-on), 1 findings at or above it, 2 usage or I/O error.
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

    if affected:
        files = tuple(_affected(files, max_bytes))
    maps, empty = _expand(files, max_bytes)
    # a folder without maps is a usage error (exit 2), reported like an unreadable file
    results: list[tuple[str, list[Diagnostic]]] = [
        (folder, [Diagnostic("AM005", "no argmap maps found in this folder", Location(folder),
                             "argmap validate looks below a folder for .yaml, .yml and .json files with the "
                             "format's keys (argmap, statements, arguments, ...); hidden folders are skipped")])
        for folder in empty]
    threshold = fail_on
    for file in maps:
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


@main.command()
@click.argument("name", required=False)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def schemes(name: str | None, output: str) -> None:
    """List the argument schemes and their critical questions with their ids, or show one scheme.

    Record how an argument fares on a question by its id:
    critical_questions: [{question: ID, status: answered}] (or open, conceded).
    """
    import difflib

    from argmap.checks.registry import yaml_scalar
    from argmap.checks.schemes import SCHEMES, find_scheme, scheme_names

    if name is not None:
        found = find_scheme(name)
        if found is None:
            close = difflib.get_close_matches(name, scheme_names(), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "`argmap schemes` lists them"
            raise click.BadParameter(f"no scheme {name!r} in the catalogue; {hint}", param_hint="NAME")
        chosen = [found]
    else:
        chosen = list(SCHEMES.values())
    if output == "json":
        click.echo(json.dumps([{"name": s.name, "aliases": list(s.aliases), "summary": s.summary,
                                "questions": [{"id": q.id, "text": q.text} for q in s.questions]}
                               for s in chosen], ensure_ascii=False, indent=2))
        return
    for index, scheme in enumerate(chosen):
        if index:
            click.echo()
        aliases = f" (also: {', '.join(scheme.aliases)})" if scheme.aliases else ""
        click.echo(click.style(scheme.name, bold=True) + aliases)
        click.echo(f"  {scheme.summary}")
        width = max(len(yaml_scalar(q.id)) for q in scheme.questions)
        for question in scheme.questions:
            click.echo(f"    {yaml_scalar(question.id):<{width}}  {question.text}")
    if name is not None:
        first = chosen[0].questions[0]
        click.echo(f"\nrecord it: critical_questions: [{{question: {yaml_scalar(first.id)}, status: answered}}]")
