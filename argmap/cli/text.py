"""Text subcommands: coverage, draft, segment."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from argmap._files import printable, real_path, write_output
from argmap.cli._app import (
    EXIT_INVALID,
    dash_is_stdout,
    exit_code,
    io_error,
    limits_option,
    load_or_exit,
    main,
    print_diagnostic,
)
from argmap.errors import MapError
from argmap.io import Limits, dumps

_encoding_option = click.option("--encoding", help="Encoding of the source text (default: source.encoding or UTF-8).")
_source_bytes_option = click.option("--max-source-bytes", type=click.IntRange(min=1), default=64 * 1024 * 1024,
                                    show_default=True, help="Refuse source texts larger than this.")
_draft_bytes_option = click.option(
    "--max-source-bytes", type=click.IntRange(min=1), default=4 * 1024 * 1024, show_default=True,
    help="Refuse source texts larger than this (drafting takes about 100 bytes of memory per character: "
         "4 MiB is a long book).")


def _read_text(path: str, encoding: str | None, max_bytes: int) -> str:
    from argmap.text.source import decode_source, read_source

    try:
        if path == "-":
            return decode_source(sys.stdin.buffer.read(max_bytes + 1), encoding, "<stdin>")
        return read_source(path, encoding, max_bytes)
    except MapError as error:
        for diagnostic in error.diagnostics:
            print_diagnostic(diagnostic)
        sys.exit(exit_code(error.diagnostics))


@main.command()
@click.argument("map_file", metavar="MAP", type=click.Path(dir_okay=False, path_type=str))
@click.option("--source", "source_file", type=click.Path(dir_okay=False, path_type=str),
              help="The source text (default: the map's source).")
@_encoding_option
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Share of a sentence's characters that quotes must cover for it to count as covered.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--allow-outside-source", is_flag=True, help="Accept a source.path outside the map's folder tree.")
@limits_option
@_source_bytes_option
def coverage(map_file: str, source_file: str | None, encoding: str | None, threshold: float, output: str,
             allow_outside_source: bool, max_bytes: int, max_source_bytes: int) -> None:
    """Show which paragraphs and sentences of the source no node quotes, per section.

    Exit status 0 when every quote is found in the source, 1 when some quote is missing.
    """
    from argmap.text.anchor import times
    from argmap.text.coverage import coverage as measure
    from argmap.text.source import load_source

    the_map = load_or_exit(map_file, Limits(max_bytes=max_bytes), allow_outside_source)
    if source_file is not None:
        text: str | None = _read_text(source_file, encoding, max_source_bytes)
    else:
        try:
            text = load_source(the_map, map_file, encoding=encoding, allow_outside=allow_outside_source,
                               max_bytes=max_source_bytes)
        except MapError as error:
            for diagnostic in error.diagnostics:
                print_diagnostic(diagnostic)
            sys.exit(exit_code(error.diagnostics))
    if text is None:
        raise click.UsageError("the map names no source: give one with --source")
    report = measure(the_map, text, threshold)
    missing = [a for a in report.anchors if not a.found]
    if output == "json":
        click.echo(printable(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), newlines=True))
        sys.exit(EXIT_INVALID if missing else 0)
    document = report.document
    click.echo(f"{printable(map_file)}: {report.covered_chars:,} of {report.chars:,} characters quoted "
               f"({report.char_share:.1%}); {sum(s.covered for s in report.sentences)} of "
               f"{len(report.sentences)} sentences ({report.sentence_share:.1%})")
    seen: dict[str, int] = {}
    for section in report.sections:
        heading = section.heading or "(before the first heading)"
        seen[heading] = seen.get(heading, 0) + 1
        # a title the text repeats names two sections: number the repeats so each line is one section
        label = heading if seen[heading] == 1 else f"{heading} (#{seen[heading]})"
        shares = (f"{section.sentence_share:.0%} of sentences, {section.char_share:.0%} of characters"
                  if section.sentences else "no text")
        click.echo(f"  {printable(label)}: {shares}")
    if report.uncovered_sentences:
        click.echo("not quoted:")
        for sentence in report.uncovered_sentences:
            snippet = document.text[sentence.start:sentence.end]
            snippet = snippet if len(snippet) <= 60 else snippet[:57] + "..."
            click.echo(f"  paragraph {sentence.paragraph + 1}, sentence {sentence.index + 1}: {printable(snippet)}")
    notes = []
    for found in report.anchors:
        if found.occurrence_missing:
            notes.append(f"  quote of '{found.node}' occurs {times(len(found.occurrences))}, "
                         f"so it has no occurrence {found.occurrence}")
        elif found.status == "ambiguous":
            notes.append(f"  quote of '{found.node}' occurs {times(len(found.occurrences))} "
                         "(say which with occurrence: N)")
        if found.found and found.match not in (None, "exact"):
            notes.append(f"  quote of '{found.node}' found only after {found.match} matching")
    if notes or missing:
        click.echo("quotes:")  # notes on the quotes, apart from the list of sentences not quoted
        for note in notes:
            click.echo(note)
    for found in missing:
        hint = f" — did you mean: {printable(found.suggestion)}" if found.suggestion else ""
        click.echo(click.style(f"  quote of '{found.node}' not found{hint}", fg="red"))
    sys.exit(EXIT_INVALID if missing else 0)


@main.command()
@click.argument("source_file", metavar="SOURCE", type=click.Path(dir_okay=False, path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), callback=dash_is_stdout,
              help="Write the draft map here (YAML or JSON by suffix) instead of standard output ('-').")
@_encoding_option
@click.option("--lang", help="BCP 47 language tag (default: detected: zh-Hant, zh-Hans, de or en).")
@click.option("--title", help="The map's title (default: the text's first line when it is a heading).")
@_draft_bytes_option
def draft(source_file: str, output: str | None, encoding: str | None, lang: str | None, title: str | None,
          max_source_bytes: int) -> None:
    """Draft a first map from a text (English, German or Chinese): statements, the central claim,
    support, attacks and analogies, from discourse markers.

    Every drafted element is tagged 'draft' and its note names the rule and marker that
    proposed it. The source is recorded by a path relative to the output (or inline when
    that path would leave the output's folder), so the draft passes `argmap validate`.
    """
    from argmap.text.draft import draft as make_draft

    text = _read_text(source_file, encoding, max_source_bytes)
    base = real_path(output).parent if output else Path.cwd()
    relative = os.path.relpath(real_path(source_file), base) if source_file != "-" else None
    inside = relative is not None and not relative.startswith("..") and not os.path.isabs(relative)
    the_map = make_draft(text, title=title, lang=lang,
                         source_path=Path(relative).as_posix() if relative is not None and inside else None,
                         inline_source=not inside)
    if the_map.source is not None and encoding:
        the_map.source.encoding = encoding
    if output is None:
        click.echo(dumps(the_map, "yaml"), nl=False)
        return
    try:
        write_output(output, dumps(the_map, "json" if output.lower().endswith(".json") else "yaml"))
    except OSError as exc:
        io_error(output, exc)
    central = f"; central claim {', '.join(the_map.main_conclusions)}" if the_map.main_conclusions else ""
    click.echo(f"{printable(output)}: {len(the_map.statements)} statements, {len(the_map.analogies)} analogies, "
               f"{len(the_map.arguments)} arguments, {len(the_map.attacks)} attacks{central} (all drafts)", err=True)


@main.command()
@click.argument("source_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=str), default="-")
@_encoding_option
@click.option("--separator", default=" / ", show_default=True, help="Printed between words.")
@_source_bytes_option
def segment(source_file: str, encoding: str | None, separator: str, max_source_bytes: int) -> None:
    """Print the words of a text as argmap segments them (Traditional Chinese via OpenCC + jieba)."""
    from argmap.text.segment import segment as cut

    text = _read_text(source_file, encoding, max_source_bytes)
    for line in text.split("\n"):
        # a very long line is segmented piece by piece, so memory stays bounded
        pieces = (separator.join(word for word in cut(piece) if not word.isspace()) for piece in _pieces(line))
        click.echo(printable(separator.join(piece for piece in pieces if piece)))


def _pieces(line: str, size: int = 1 << 16) -> Iterator[str]:
    """``line`` in pieces of at most about ``size`` characters, cut after whitespace or punctuation if any."""
    start = 0
    while len(line) - start > size:
        window = line[start:start + size]
        cut = max(window.rfind(mark) for mark in (" ", "\t", "。", "，", "、", "；", "！", "？", ".", ","))
        end = start + (cut + 1 if cut > 0 else size)
        yield line[start:end]
        start = end
    yield line[start:]
