"""Text rules (AM2xx): quotes checked against the source text. They run when the map has a source."""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.registry import Context, emit, rule, yaml_scalar
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
    good="quote: 美國的AI,至少到今天,給人的印象是用金錢堆砌起來的。   # or: occurrence: 2",
    needs_source=True,
)
def quote_ambiguous(context: Context) -> Iterator[Diagnostic]:
    for found in _anchors(context):
        if found.status == "ambiguous" and found.occurrence is None:  # a wrong occurrence is AM208's
            yield emit(
                "AM203",
                f"quote of '{found.node}' occurs {times(len(found.occurrences))} in the source",
                found.path,
                [found.node],
                f"say which one with occurrence: N (1 to {min(len(found.occurrences), 100)}), or quote more words so "
                "that the quote occurs once",
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
    # the source's headings by title, in order: a title the text repeats is several sections
    by_title: dict[str, list[int]] = {}
    for paragraph in document.paragraphs:
        if paragraph.kind == "heading":
            by_title.setdefault(normalize(document.slice(paragraph))[0], []).append(paragraph.index)
    # the map's sections with one of those titles: when the map has as many sections of a title as
    # the text has headings of it, the k-th section is the k-th heading; otherwise any of them
    sections_of: dict[str, list[str]] = {}
    for section in context.map.sections:
        sections_of.setdefault(normalize(section.title)[0], []).append(section.id)
    heading_of_section: dict[str, set[int]] = {}
    section_of_heading: dict[int, str] = {}
    for title, ids in sections_of.items():
        headings = by_title.get(title)
        if not headings:
            continue  # the section is the map's own grouping, not one of the source's headings
        paired = len(ids) == len(headings)
        for position, section_id in enumerate(ids):
            heading_of_section[section_id] = {headings[position]} if paired else set(headings)
        for position, heading in enumerate(headings):
            section_of_heading[heading] = ids[position] if paired else ids[0]
    if not heading_of_section:
        return
    nodes = {n.id: n for n in propositions(context.map)}
    for found in _anchors(context):
        node = nodes.get(found.node)
        if not found.found or node is None or node.section not in heading_of_section:
            continue
        under: list[int | None] = []
        for start, _ in found.spans:
            at = document.paragraph_at(start)
            above = document.heading_of(at) if at else None
            under.append(above.index if above else None)
        if heading_of_section[node.section].isdisjoint(h for h in under if h is not None):
            where = next((section_of_heading[h] for h in under if h in section_of_heading), None)
            hint = f"move it to section '{where}'" if where else "check the node's section"
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


_PHONES = "Schools debate phone bans. Critics say a ban is cheap. Supporters agree a ban is cheap, and say it works."


@rule(
    "AM206",
    "implicit-with-quote",
    "warning",
    "A statement marked implicit has a quote.",
    why="`implicit: true` says the statement is not in the text: the mapper supplied it (a reconstructed "
    "premise). A quote says the opposite. Coverage and anchoring ignore implicit statements, so the quote "
    "is never checked either.",
    bad="""argmap: "1.1"
statements:
  - {id: ban, text: Schools should ban phones.}
  - {id: enforce, text: Schools can enforce a ban., implicit: true, quote: A ban is easy to enforce.}
arguments:
  - {id: a1, premises: [enforce], conclusion: ban}""",
    good="""argmap: "1.1"
statements:
  - {id: ban, text: Schools should ban phones.}
  - {id: enforce, text: Schools can enforce a ban., implicit: true}
arguments:
  - {id: a1, premises: [enforce], conclusion: ban}""",
)
def implicit_with_quote(context: Context) -> Iterator[Diagnostic]:
    for index, statement in enumerate(context.map.statements):
        if statement.implicit and statement.quote is not None:
            yield emit(
                "AM206",
                f"'{statement.id}' is implicit (not in the text) but has a quote",
                ("statements", index, "quote"),
                [statement.id],
                "remove the quote, or remove implicit: true if the text does say it",
            )


@rule(
    "AM207",
    "occurrence-without-quote",
    "warning",
    "A node names an `occurrence` but has no quote.",
    why="`occurrence` says which occurrence of the node's quote in the source is meant; without a quote it "
    "points at nothing (often the quote was removed and the occurrence left behind).",
    bad="""argmap: "1.1"
statements:
  - {id: cheap, text: A ban costs little., occurrence: 2}""",
    good="""argmap: "1.1"
statements:
  - {id: cheap, text: A ban costs little., quote: a ban is cheap, occurrence: 2}""",
)
def occurrence_without_quote(context: Context) -> Iterator[Diagnostic]:
    for collection in ("statements", "analogies"):
        for index, node in enumerate(getattr(context.map, collection)):
            if node.occurrence is not None and node.quote is None:
                yield emit(
                    "AM207",
                    f"'{node.id}' names occurrence {node.occurrence} but has no quote",
                    (collection, index, "occurrence"),
                    [node.id],
                    "add the quote it refers to, or remove the occurrence",
                )


@rule(
    "AM208",
    "occurrence-not-found",
    "error",
    "A node names an occurrence of its quote that the source does not have.",
    why="`occurrence: 3` of a quote that occurs twice points at nothing; the anchor falls back to the first "
    "occurrence, which may be the wrong place.",
    bad=f"""argmap: "1.1"
source:
  text: {_PHONES}
statements:
  - {{id: cheap, text: A ban costs little., quote: a ban is cheap, occurrence: 3}}""",
    good=f"""argmap: "1.1"
source:
  text: {_PHONES}
statements:
  - {{id: cheap, text: A ban costs little., quote: a ban is cheap, occurrence: 2}}""",
    needs_source=True,
)
def occurrence_not_found(context: Context) -> Iterator[Diagnostic]:
    for found in _anchors(context):
        if found.occurrence_missing:
            count = len(found.occurrences)
            yield emit(
                "AM208",
                f"quote of '{found.node}' occurs {times(count)} in the source, so it has no occurrence "
                f"{found.occurrence}",
                (*found.path[:-1], "occurrence"),
                [found.node],
                f"write occurrence: {count}" if count == 1 else f"write occurrence: N with N from 1 to {count}",
            )


@rule(
    "AM209",
    "invalid-language-tag",
    "error",
    "The map's `lang` (or its source's) is not a valid BCP 47 language tag.",
    why="Tools choose word segmentation, fonts and hyphenation by the language tag; `english` or `zh_TW` "
    "looks like one to a person but matches no language. Tags are checked against the IANA registry "
    "(by the langcodes library).",
    bad="""argmap: "1.1"
lang: english
statements:
  - {id: c, text: Schools should ban phones.}""",
    good="""argmap: "1.1"
lang: en
statements:
  - {id: c, text: Schools should ban phones.}""",
)
def invalid_language_tag(context: Context) -> Iterator[Diagnostic]:
    places: list[tuple[tuple[str, ...], str | None]] = [(("lang",), context.map.lang)]
    if context.map.source is not None:
        places.append((("source", "lang"), context.map.source.lang))
    for path, tag in places:
        if tag is None:
            continue
        problem = language_tag_problem(tag)
        if problem is not None:
            yield emit("AM209", f"'{tag}' is not a valid BCP 47 language tag", path, (), problem)


def language_tag_problem(tag: str) -> str | None:
    """None when ``tag`` is a valid BCP 47 tag; else a hint, naming the tag meant where it can be told.

    >>> language_tag_problem("zh-Hant") is None
    True
    >>> language_tag_problem("english")
    'write lang: en'
    """
    import langcodes  # deferred: the registry's data is read only when a map has a language tag

    if langcodes.tag_is_valid(tag):
        return None
    suggestion: str | None = None
    try:
        standard = langcodes.standardize_tag(tag.replace("_", "-"))
        if langcodes.tag_is_valid(standard):
            suggestion = standard
    except (ValueError, LookupError):
        pass
    if suggestion is None:
        try:  # a language's name, in English or in the language itself ("english", "français", "中文")
            found = langcodes.find(tag)
            suggestion = found.to_tag() if found.is_valid() else None
        except (LookupError, ImportError, ValueError):
            suggestion = None
    if suggestion is None:
        return "use a BCP 47 tag such as en, en-GB, zh-Hant or zh-Hans"
    return f"write lang: {yaml_scalar(suggestion)}"
