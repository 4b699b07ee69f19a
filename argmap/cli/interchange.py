"""Interchange subcommands: convert (one file, or many in a batch) and formats."""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click

from argmap._files import real_path
from argmap.cli._app import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    exit_code,
    limits_option,
    main,
    outside_option,
    print_diagnostic,
    protect_source,
)
from argmap.errors import Diagnostic, Location, MapError
from argmap.io.parse import Limits

_READABLE = ["yaml", "json", "aif", "microtext", "argdown", "argdown-json", "node-link", "graphml"]
_WRITABLE = ["yaml", "json", "aif", "microtext", "argdown", "node-link", "graphml"]
_OUTPUT_SUFFIX = {"yaml": ".yaml", "json": ".json", "aif": ".aif.json", "microtext": ".xml", "argdown": ".argdown",
                  "node-link": ".node-link.json", "graphml": ".graphml"}
_INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".aif", ".xml", ".graphml", ".argdown", ".ad")
_POOL_THRESHOLD = 40  # below this many files a process pool costs more than it saves


@contextlib.contextmanager
def _to_stderr() -> Iterator[None]:
    with contextlib.redirect_stdout(sys.stderr):
        yield


def _report(diagnostics: list[Diagnostic]) -> None:
    with _to_stderr():
        for diagnostic in diagnostics:
            print_diagnostic(diagnostic)


@dataclass
class _Outcome:
    source: str
    target: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False


def _convert_one(source: str, target: str, from_format: str | None, to_format: str, max_bytes: int,
                 strict: bool, allow_outside_source: bool = False, make_dirs: bool = False) -> _Outcome:
    """Convert one file; never raises (errors are returned as diagnostics, so a batch goes on)."""
    from argmap._files import write_output
    from argmap.io.formats import export, read, reads

    outcome = _Outcome(source, target)
    limits = Limits(max_bytes=max_bytes)
    stage = "read"
    try:
        if source == "-":
            imported = reads(sys.stdin.buffer.read(max_bytes + 1), from_format, filename="<stdin>", limits=limits,
                             allow_outside_source=allow_outside_source)
        else:
            imported = read(source, from_format, limits=limits, allow_outside_source=allow_outside_source)
            protect_source(imported.map, source)
        outcome.diagnostics.extend(imported.diagnostics)
        if strict and imported.warnings:
            outcome.diagnostics = [Diagnostic(d.code, d.message, d.location, d.hint, "error") if d.severity ==
                                   "warning" else d for d in outcome.diagnostics]
            return outcome
        stage = "convert"
        result = export(imported.map, to_format)
        where = target if target != "-" else "<stdout>"
        written = [Diagnostic(d.code, d.message, Location(where, path=d.location.path), d.hint,
                              "error" if strict else d.severity) for d in result.diagnostics]
        outcome.diagnostics.extend(written)
        if strict and written:
            return outcome
        stage = "write"
        if target != "-":
            if make_dirs:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            write_output(target, result.text, inputs=() if source == "-" else (source,))
        else:
            click.echo(result.text, nl=False)
        outcome.written = True
    except MapError as error:
        outcome.diagnostics.extend(error.diagnostics)
    except OSError as exc:
        at = Location(target) if stage == "write" else Location(source)
        outcome.diagnostics.append(Diagnostic("AM005", f"cannot {stage}: {exc.strerror or exc}", at))
    except (RecursionError, MemoryError) as exc:  # the input's size or depth, as the command guard says it
        kind = "nests too deeply" if isinstance(exc, RecursionError) else "needs more memory than is available"
        outcome.diagnostics.append(Diagnostic("AM003", f"the input {kind} to be converted", Location(source),
                                              "split it or simplify it"))
    except UnicodeError as exc:  # text no UTF-8 file can hold (a lone surrogate, say) that a reader let through
        outcome.diagnostics.append(Diagnostic("AM002", f"the input holds text that cannot be written as UTF-8 "
                                              f"({exc})", Location(source),
                                              "remove the character (often half of an escaped emoji, '\\ud83d')"))
    except Exception as exc:  # a bug must not stop a batch of thousands of files: report it for this file
        # No input is meant to end here: tests/test_hardening.py runs `convert DIR` over every
        # hostile generator and requires that none does.
        outcome.diagnostics.append(Diagnostic("AM505", f"internal error while converting: {exc!r}",
                                              Location(source), "please report this file to argmap's developers"))
    return outcome


def _pool_task(args: tuple[str, str, str | None, str, int, bool, bool]) -> _Outcome:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _convert_one(*args, make_dirs=True)


def _collect_inputs(paths: tuple[str, ...], from_format: str | None) -> list[tuple[str, Path]]:
    """Input files with the path each output keeps below --out-dir (relative to a folder given)."""
    from argmap.io.formats import FORMATS

    # In a folder, only files named like the input format are inputs: with --from microtext,
    # the corpus's .txt siblings are not (they claimed the output names of the .xml files).
    wanted = _INPUT_SUFFIXES if from_format is None else (FORMATS[from_format].suffixes or (".json",))
    found: list[tuple[str, Path]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.name.lower().endswith(wanted):
                    found.append((str(file), file.relative_to(path)))
        else:
            found.append((given, Path(path.name)))
    return found


def _output_name(relative: Path, to_format: str) -> Path:
    name = relative.name
    for compound in (".aif.json", ".node-link.json", ".argdown.json"):
        if name.lower().endswith(compound):
            name = name[: -len(compound)]
            break
    else:
        name = Path(name).stem
    return relative.with_name(name + _OUTPUT_SUFFIX[to_format])


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--from", "from_format", type=click.Choice(_READABLE),
              help="Input format (default: from each file's suffix and content).")
@click.option("--to", "to_format", type=click.Choice(_WRITABLE),
              help="Output format (default: from OUT's suffix; with --out-dir: yaml).")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=str),
              help="Batch mode: convert every input file (folders are searched) into this folder.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Processes for a batch (default: all cores for 40 files or more, else 1; 0 = all cores).")
@click.option("--strict", is_flag=True, help="Treat anything kept only in metadata, or not written, as an error.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when on a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Do not list warnings, only errors and the summary.")
@limits_option
@outside_option
def convert(paths: tuple[str, ...], from_format: str | None, to_format: str | None, out_dir: str | None,
            jobs: int | None, strict: bool, progress: bool | None, quiet: bool, max_bytes: int,
            allow_outside_source: bool) -> None:
    """Convert maps between formats: argmap YAML/JSON, AIF, Microtext XML, Argdown, node-link JSON, GraphML.

    \b
    argmap convert IN OUT [--from F] [--to F]      one file (OUT '-': standard output)
    argmap convert IN... --out-dir DIR [--to F]    a batch: files and folders

    Formats are detected from suffixes and content (see `argmap formats`). Argdown text is
    read by argmap's own parser (no Node.js needed). An invalid input is not converted; outputs are
    written atomically and never over an input. In a batch, each file's problems are
    collected and reported at the end, and the batch goes on. Exit status: 0 all converted,
    1 some input invalid, 2 a file could not be read or written, or a usage error.
    """
    if out_dir is None:
        if len(paths) != 2:
            raise click.UsageError("give IN and OUT, or several inputs with --out-dir DIR")
        _single(paths[0], paths[1], from_format, to_format, strict, quiet, max_bytes, allow_outside_source)
        return
    _batch(paths, Path(out_dir), from_format, to_format or "yaml", jobs, strict, progress, quiet, max_bytes,
           allow_outside_source)


def _single(source: str, target: str, from_format: str | None, to_format: str | None, strict: bool, quiet: bool,
            max_bytes: int, allow_outside_source: bool) -> None:
    from argmap.io.formats import detect_format

    if to_format is None:
        try:
            to_format = detect_format(target, writing=True) if target != "-" else "yaml"
        except MapError as error:
            _report(error.diagnostics)
            sys.exit(EXIT_USAGE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcome = _convert_one(source, target, from_format, to_format, max_bytes, strict, allow_outside_source)
    shown = [d for d in outcome.diagnostics if not (quiet and d.severity != "error")]
    _report(shown)
    sys.exit(exit_code(outcome.diagnostics) if not outcome.written else EXIT_OK)


def _batch(paths: tuple[str, ...], out_dir: Path, from_format: str | None, to_format: str, jobs: int | None,
           strict: bool, progress: bool | None, quiet: bool, max_bytes: int, allow_outside_source: bool) -> None:
    inputs = _collect_inputs(paths, from_format)
    if not inputs:
        raise click.UsageError("no input files found")
    resolved_inputs = {real_path(source) for source, _ in inputs}
    tasks: list[tuple[str, str, str | None, str, int, bool, bool]] = []
    outcomes: list[_Outcome] = []
    claimed: dict[Path, str] = {}
    for source, relative in inputs:
        target = out_dir / _output_name(relative, to_format)
        key = real_path(target)
        if key in resolved_inputs:
            outcomes.append(_Outcome(source, str(target), [Diagnostic(
                "AM005", f"the output {target} would overwrite an input; argmap never overwrites its input",
                Location(source))]))
        elif key in claimed:
            outcomes.append(_Outcome(source, str(target), [Diagnostic(
                "AM005", f"the output {target} is also the output of {claimed[key]}; not converted",
                Location(source), "convert the folders separately or rename one of the files")]))
        else:
            claimed[key] = source
            tasks.append((source, str(target), from_format, to_format, max_bytes, strict, allow_outside_source))
    workers = jobs if jobs is not None else (0 if len(tasks) >= _POOL_THRESHOLD else 1)
    workers = workers or (os.cpu_count() or 1)
    show = progress if progress is not None else sys.stderr.isatty()
    with click.progressbar(length=len(tasks), label="converting", file=sys.stderr,
                           hidden=not show) as bar:
        if workers > 1 and len(tasks) > 1:
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            chunk = max(1, min(64, len(tasks) // (workers * 8)))
            done = 0
            try:
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    for outcome in pool.map(_pool_task, tasks, chunksize=chunk):
                        outcomes.append(outcome)
                        done += 1
                        bar.update(1)
            except BrokenProcessPool:  # a worker was killed (out of memory, a signal): say so for each file left
                outcomes.extend(_Outcome(task[0], task[1], [Diagnostic(
                    "AM003", "not converted: a worker process of the batch ended abruptly (killed, or out of "
                    "memory) while converting this file or one beside it", Location(task[0]),
                    "convert this file alone, or run the batch with -j 1")]) for task in tasks[done:])
        else:
            for task in tasks:
                outcomes.append(_pool_task(task))
                bar.update(1)
    failed = [o for o in outcomes if not o.written]
    warned = [o for o in outcomes if o.written and any(d.severity == "warning" for d in o.diagnostics)]
    for outcome in outcomes:
        shown = [d for d in outcome.diagnostics if d.severity == "error" or (not quiet and d.severity == "warning")]
        _report(shown)
    converted = len(outcomes) - len(failed)
    colour = "red" if failed else "green"
    summary = f"{converted} of {len(outcomes)} file(s) converted into {out_dir}"
    if failed:
        summary += f", {len(failed)} failed"
    if warned:
        summary += f", {len(warned)} with warnings"
    click.echo(click.style(summary, fg=colour, bold=bool(failed)), err=True)
    if failed:
        all_diagnostics = [d for o in failed for d in o.diagnostics]
        sys.exit(exit_code(all_diagnostics) if exit_code(all_diagnostics) != EXIT_OK else EXIT_INVALID)


@main.command()
def formats() -> None:
    """List the formats `argmap convert` reads and writes, with their suffixes."""
    from argmap.io.formats import FORMATS

    for info in FORMATS.values():
        modes = ("read" if info.can_read else "    ") + (" write" if info.can_write else "      ")
        suffixes = " ".join(info.suffixes) or "(by content)"
        click.echo(f"{info.name:<13} {modes}  {suffixes:<18} {info.title}")
