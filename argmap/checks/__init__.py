"""Validation as a linter: every rule with a code, a reason and a fix.

``validate`` loads a map (or takes one already loaded), runs the selected rules, and returns
diagnostics located by file, line, column and map path — without printing or exiting. The
command ``argmap validate`` is a thin layer over it; ``argmap rules`` prints the registry.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from argmap._files import read_input
from argmap._perf import gc_paused

# Importing the rule modules registers their rules, in code order.
from argmap.checks import analogy_rules, expect_rules, graph_rules, schemes, structure, text_rules  # noqa: F401
from argmap.checks.config import Config, find_config, load_config
from argmap.checks.registry import RULES, Context, Rule, new_diagnostic
from argmap.errors import Diagnostic, Location, MapError, Severity
from argmap.integrity import check_map
from argmap.io import DEFAULT_LIMITS, Limits, loads
from argmap.model import ArgumentMap

__all__ = ["RULES", "Config", "Rule", "find_config", "load_config", "run_rules", "validate", "validate_dict"]

_RANK = {"info": 0, "warning": 1, "error": 2}


def _suppressed(diagnostic: Diagnostic, ignores: Mapping[str, tuple[str, ...]]) -> bool:
    return any(diagnostic.code.startswith(prefix) for node in diagnostic.nodes for prefix in ignores.get(node, ()))


def run_rules(map: ArgumentMap, config: Config | None = None, source: str | None = None) -> list[Diagnostic]:
    """Run every selected rule on a loaded map (text rules only when ``source`` text is given).

    Diagnostics carry map paths but no file positions; :func:`validate` adds those.
    """
    from argmap.text.source import split_document

    settings = config or Config()
    context = Context(map, settings, split_document(source) if source is not None else None)
    ignores = {node.id: tuple(node.ignore) for collection in (map.statements, map.analogies, map.arguments,
                                                              map.attacks) for node in collection if node.ignore}
    found: list[Diagnostic] = []
    with gc_paused():  # rules build many small objects (adjacency lists, diagnostics) and no cycles
        for code, rule in sorted(RULES.items()):
            if rule.check is None or not settings.enabled(code) or (rule.needs_source and context.document is None):
                continue
            severity = settings.severity_of(code, rule.severity)
            checked = rule.check(context)
            if ignores:
                checked = (d for d in checked if not _suppressed(d, ignores))
            if severity == rule.severity:
                found.extend(d if d.severity == severity else _with(d, severity=severity) for d in checked)
            else:
                found.extend(_with(d, severity=severity) for d in checked)
    return found


def _with(diagnostic: Diagnostic, *, file: str | None = None, line: int | None = None, column: int | None = None,
          severity: Severity | None = None) -> Diagnostic:
    """``diagnostic`` with another severity or position (what ``dataclasses.replace`` does, made faster)."""
    where = diagnostic.location
    return new_diagnostic(diagnostic.code, diagnostic.message, where.file if file is None else file,
                          where.line if line is None else line,
                          where.column if column is None else column, where.path, diagnostic.hint,
                          severity or diagnostic.severity, diagnostic.nodes, diagnostic.rule)


def _locate(diagnostics: Iterable[Diagnostic], text: str | None, filename: str | None) -> list[Diagnostic]:
    from argmap.io.parse import positions

    items = list(diagnostics)
    found: dict[Any, tuple[int, int]] = {}
    if text is not None and filename is not None:
        from argmap.io import detect_format

        requests = list(dict.fromkeys((d.location.path, False) for d in items if d.location.line is None))
        fmt = detect_format(filename, text[:4096])
        if requests and fmt in ("yaml", "json"):  # other formats' paths are not paths in their text
            found = positions(text, "json" if fmt == "json" else "yaml", requests)
    located: list[Diagnostic] = []
    keys: list[tuple[int, int, str]] = []
    for diagnostic in items:
        where = diagnostic.location
        line, column = where.line, where.column
        if line is None and found:
            line, column = found.get((where.path, False), (None, None))
        file = where.file or filename
        if file != where.file or line != where.line or column != where.column:
            diagnostic = new_diagnostic(diagnostic.code, diagnostic.message, file, line, column, where.path,
                                        diagnostic.hint, diagnostic.severity, diagnostic.nodes, diagnostic.rule)
        located.append(diagnostic)  # (unchanged, the very object will do)
        keys.append((line or 0, column or 0, diagnostic.code))
    # by position (then code); findings at the same place keep the order the rules gave them
    return [located[i] for i in sorted(range(len(located)), key=keys.__getitem__)]


def validate(
    map_or_path: ArgumentMap | str | os.PathLike[str],
    source: str | None = None,
    config: Config | None = None,
    *,
    allow_outside_source: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Diagnostic]:
    """Check a map and return every diagnostic, most severe kinds included; never prints or exits.

    Parameters
    ----------
    map_or_path : ArgumentMap or path
        A map file (YAML/JSON) or a map already in memory.
    source : str, optional
        The source text. By default a map file's own ``source`` is read (a path relative to
        the map); for a map in memory, text rules run only when this is given.
    config : Config, optional
        Rule selection, severities and thresholds; by default the nearest ``argmap.toml`` or
        ``pyproject.toml`` ``[tool.argmap]`` above a map file, else the defaults.
    allow_outside_source, limits
        As for :func:`argmap.load`.

    Returns
    -------
    list of Diagnostic
        Sorted by position. Loader problems (``AM0xx``) come alone: rules run on loadable maps.
        A map in memory gets the same structural checks as a file (duplicate ids, dangling
        references, wrong target kinds, restatement loops, nodes that are not nodes), located
        by map path (``arguments[3].premises[0]``), since it has no lines.

    Examples
    --------
    >>> import argmap
    >>> m = argmap.ArgumentMap(statements=[argmap.Statement(id="c", text="C")])
    >>> m.arguments.append(argmap.Argument(id="a", premises=["nope"], conclusion="c"))
    >>> [str(d).splitlines()[0] for d in validate(m)]
    ["<input>: AM021 premise 'nope' does not exist (at arguments[0].premises[0])"]
    """
    if isinstance(map_or_path, ArgumentMap):
        structural = check_map(map_or_path)
        if any(d.severity == "error" for d in structural):
            return _locate(structural, None, None)
        return _locate([*structural, *run_rules(map_or_path, config, source)], None, None)
    from argmap.io.parse import keeping_positions

    # one pause over loading, rules and locating: one collection afterwards, not three; and the
    # positions read while loading locate the findings, so the text is not parsed a second time
    with gc_paused(), keeping_positions():
        return _validate_file(os.fspath(map_or_path), source, config, allow_outside_source, limits)


def _validate_file(filename: str, source: str | None, config: Config | None, allow_outside_source: bool,
                   limits: Limits) -> list[Diagnostic]:
    try:
        settings = config or find_config(filename)
        # read once, under the input rules: the same bytes are loaded and used to locate findings
        raw = read_input(filename, limits.max_bytes)
        the_map = loads(raw, filename=filename, limits=limits, allow_outside_source=allow_outside_source)
    except MapError as error:
        return list(error.diagnostics)
    text = raw.decode("utf-8-sig", errors="replace")
    if source is None:
        from argmap.text.source import load_source

        try:
            source = load_source(the_map, filename, allow_outside=allow_outside_source)
        except MapError as error:
            located = [
                replace(d, location=Location(filename, None, None, ("source", "path"))) for d in error.diagnostics
            ]
            return _locate([*located, *run_rules(the_map, settings)], text, filename)
    return _locate(run_rules(the_map, settings, source), text, filename)


def validate_dict(data: Mapping[str, Any], source: str | None = None, config: Config | None = None) -> list[Diagnostic]:
    """Check a map given as plain data (e.g. a tool's or a language model's structured output).

    Structural problems are reported with map paths (there is no file to give lines); rules run
    when the structure is sound.
    """
    import json

    from argmap.io import loads

    try:
        the_map = loads(json.dumps(data, ensure_ascii=False, default=str), "json")
    except MapError as error:
        return [replace(d, location=Location(None, None, None, d.location.path)) for d in error.diagnostics]
    return _locate(run_rules(the_map, config, source), None, None)


def worst(diagnostics: Iterable[Diagnostic]) -> str | None:
    """The highest severity among diagnostics, or None when there are none."""
    levels = [d.severity for d in diagnostics]
    return max(levels, key=_RANK.__getitem__) if levels else None
