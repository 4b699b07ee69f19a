"""Text rules (AM2xx): quotes checked against the source text. They run when the map has a source."""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.registry import Context, emit, rule
from argmap.errors import Diagnostic
from argmap.model import propositions
from argmap.text.anchor import Anchor, anchor, normalize, times


def _anchors(context: Context) -> list[Anchor]:
    cached = context._cache.get("anchors")
    if cached is None and context.document is not None:
        cached = context._cache["anchors"] = anchor(context.map, context.document)
    return cached or []


@rule(
    "AM201",
    "quote-not-found",
    "error",
    "A node's quote does not occur in the source text.",
    why="A quote is a promise that these are the source's own words; one that is not there misreports "
    "the text (or quotes another edition).",
    bad="quote: 不要成為龜兔賽跑中的兔子   # the essay says 的兔子",
    good="quote: 不要成為龜兔賽跑的兔子",
    needs_source=True,
)
def quote_not_found(context: Context) -> Iterator[Diagnostic]:
    for found in _anchors(context):
        if found.status == "missing":
            hint = f"did you mean: {found.suggestion}" if found.suggestion else "copy the words from the source"
            yield emit("AM201", f"quote of '{found.node}' is not in the source", found.path, [found.node], hint)


@rule(
    "AM202",
    "quote-normalized",
    "warning",
    "A quote is found only after normalising whitespace, punctuation width, quotation marks or script.",
    why="The quote is close but not verbatim: a reader searching for it will not find it.",
    bad="quote: 為什麼這樣說？   # the essay has a half-width ?",
    good="quote: 為什麼這樣說?",
    needs_source=True,
)
def quote_normalized(context: Context) -> Iterator[Diagnostic]:
    for found in _anchors(context):
        if found.found and found.match != "exact" and context.document is not None:
            exact = context.document.text[found.start : found.end]
            kind = "Traditional/Simplified script" if found.match == "script" else "whitespace or punctuation"
            yield emit(
                "AM202",
                f"quote of '{found.node}' matches the source only after normalising {kind}",
                found.path,
                [found.node],
                f"use the source's exact words: {exact}",
            )


@rule(
    "AM203",
    "quote-ambiguous",
    "warning",
    "A quote occurs more than once in the source.",
    why="An anchor should point at one place; a repeated quote may mean the wrong occurrence.",
    bad="quote: 美國   # occurs many times",
    good="quote: 美國的AI,至少到今天,給人的印象是用金錢堆砌起來的。",
    needs_source=True,
)
def quote_ambiguous(context: Context) -> Iterator[Diagnostic]:
    for found in _anchors(context):
        if found.status == "ambiguous":
            yield emit(
                "AM203",
                f"quote of '{found.node}' occurs {times(len(found.occurrences))} in the source",
                found.path,
                [found.node],
                "quote more words, so that the quote occurs once "
                "(or suppress with ignore: [AM203] when the text repeats itself)",
            )


@rule(
    "AM204",
    "quote-outside-section",
    "warning",
    "A quote is found under a different heading of the source than the node's section.",
    why="When sections mirror the source's headings, a node filed under the wrong one misplaces the step.",
    bad="section: s1   # but the quote is under the second heading",
    good="section: s2",
    needs_source=True,
)
def quote_outside_section(context: Context) -> Iterator[Diagnostic]:
    document = context.document
    if document is None:
        return
    titles = {s.id: normalize(s.title)[0] for s in context.map.sections}
    headings = {normalize(document.slice(p))[0] for p in document.paragraphs if p.kind == "heading"}
    nodes = {n.id: n for n in propositions(context.map)}
    for found in _anchors(context):
        node = nodes.get(found.node)
        if not found.found or node is None or node.section is None or found.start is None:
            continue
        title = titles.get(node.section)
        if title is None or title not in headings:
            continue  # the section is the map's own grouping, not one of the source's headings
        occurrences = []
        for start, _ in found.occurrences:
            paragraph = document.paragraph_at(start)
            heading = document.heading_of(paragraph) if paragraph else None
            occurrences.append(normalize(document.slice(heading))[0] if heading else None)
        if title not in occurrences:
            where = next((h for h in occurrences if h), None)
            section = next((s.id for s in context.map.sections if normalize(s.title)[0] == where), None)
            hint = f"move it to section '{section}'" if section else "check the node's section"
            yield emit(
                "AM204",
                f"quote of '{found.node}' is not under the heading of section '{node.section}'",
                found.path,
                [found.node],
                hint,
            )


@rule(
    "AM205",
    "uncovered-paragraph",
    "info",
    "A paragraph of the source is not quoted by any node.",
    why="Coverage shows what the map leaves out: a paragraph of argument with no node may be a gap.",
    bad="(a body paragraph no node quotes)",
    good="(a node whose quote is a span of that paragraph)",
    options="paragraph-coverage (default 0.0): report paragraphs whose quoted share is at most this",
    needs_source=True,
)
def uncovered_paragraph(context: Context) -> Iterator[Diagnostic]:
    from argmap.text.coverage import coverage

    document = context.document
    if document is None:
        return
    report = coverage(context.map, document)
    threshold = context.config.paragraph_coverage
    for index, chars, covered in report.paragraph_counts():
        paragraph = document.paragraphs[index]
        text = document.slice(paragraph)
        if chars and (covered == 0 or covered / chars <= threshold):
            snippet = text if len(text) <= 40 else text[:39] + "…"
            yield emit(
                "AM205",
                f"source paragraph {paragraph.index + 1} is not quoted ({covered}/{chars} characters): {snippet}",
                ("source",),
                (),
                "map the paragraph, or ignore AM205 if it is not argument (e.g. a publisher's trailer)",
            )
