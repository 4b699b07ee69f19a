"""The language features, in editor-neutral terms: checking a map's text, hover, completion,
renaming, code actions and the outline.

Everything here works on text and :class:`~argmap.lsp.index.MapIndex` positions (0-based lines,
columns in characters); :mod:`argmap.lsp.server` only translates to and from the Language
Server Protocol. The checks are argmap's own: :func:`argmap.loads` for the structure (located
load errors) and :func:`argmap.validate` for every rule, with the map's ``[tool.argmap]``
settings and its source text.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from argmap import loads
from argmap._perf import gc_paused
from argmap.errors import Diagnostic, Location, MapError, MapPath, format_path
from argmap.io.parse import Spans, keeping_positions
from argmap.lsp.index import (
    ArgdownIndex,
    Expectation,
    IdSite,
    MapIndex,
    PathSpans,
    Span,
    TitleSite,
    allowed_kinds,
    build_argdown_index,
    build_index,
    expectation_at,
    field_annotation,
    id_role,
    ids_in_text,
    is_argdown,
    is_bool,
    literal_values,
    model_at,
    text_format,
)
from argmap.model import ID_PATTERN, ArgumentMap

if TYPE_CHECKING:
    from argmap.checks.config import Config
    from argmap.io.argdown import TitleIds
    from argmap.io.argdown_syntax import Token
    from argmap.semantics import Evaluation

__all__ = [
    "ArgdownLocator",
    "Checked",
    "CompletionChoice",
    "Edit",
    "Fix",
    "Symbol",
    "argdown_code_actions",
    "argdown_completions",
    "argdown_hover",
    "argdown_outline",
    "argdown_rename_edits",
    "check_text",
    "code_actions",
    "completions",
    "diagnostic_span",
    "hover_text",
    "outline",
    "rename_edits",
]

_COLLECTION_KIND = {"sections": "section", "statements": "statement", "analogies": "analogy",
                    "arguments": "argument", "attacks": "attack"}
_COLLECTION_OF = {kind: collection for collection, kind in _COLLECTION_KIND.items()}


# --- checking -----------------------------------------------------------------------------------


@dataclass
class Checked:
    """One check of a document's text: the map (when it loads), every diagnostic, what it depends on."""

    text: str
    filename: str | None
    map: ArgumentMap | None
    diagnostics: list[Diagnostic]
    depends_on: tuple[Path, ...] = ()
    """Files whose change changes the result: the source text, the settings file."""
    draft: ArgumentMap | None = None
    """When the map does not load only because of its references (a dangling id, a duplicate): the
    map as its models read it, for hover to describe nodes while the author fixes the references."""
    spans: Spans | None = field(default=None, repr=False, compare=False)
    """Where the loader found each value, key and collection, if it kept them (see :attr:`locator`)."""
    titles: TitleIds | None = field(default=None, repr=False, compare=False)
    """For Argdown text: which node each ``[title]`` and ``<title>`` became, as the reader decided."""
    tokens: list[Token] | None = field(default=None, repr=False, compare=False)
    """For Argdown text: the reader's tokens, so that :attr:`argdown_index` need not lex it again."""

    @property
    def nodes(self) -> ArgumentMap | None:
        """The map, or its draft: what describes the nodes as the text has them now."""
        return self.map if self.map is not None else self.draft

    @cached_property
    def index(self) -> MapIndex:
        """The positions of the text's keys, values and ids (built on first use).

        It is built from a parse of its own: keeping the loader's events for it instead held
        hundreds of thousands of objects that the garbage collector then walked after every check.
        """
        return build_index(self.text)

    @cached_property
    def argdown_index(self) -> ArgdownIndex:
        """For Argdown text: where each title and heading is written (built on first use)."""
        return build_argdown_index(self.text, self.tokens)

    @cached_property
    def _argdown_locator(self) -> ArgdownLocator:
        return ArgdownLocator(self)

    @property
    def locator(self) -> MapIndex | PathSpans | ArgdownLocator:
        """What places diagnostics: the index when it is built, else the loader's own spans.

        Publishing diagnostics after each edit then needs no index; the index is built when the
        editor first asks something else (hover, completion, ...). Argdown text places them at
        the titles (see :class:`ArgdownLocator`).
        """
        if is_argdown(self.filename):
            return self._argdown_locator
        if "index" in self.__dict__ or self.spans is None:
            return self.index
        return PathSpans(self.spans)

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines (split as the editor splits them)."""
        return re.split(r"\r\n|\r|\n", self.text)

    @cached_property
    def evaluation(self) -> Evaluation | None:
        """The map's grounded evaluation (on first use), or None when the map does not load."""
        if self.map is None:
            return None
        try:
            from argmap.semantics import evaluate

            return evaluate(self.map)
        except (ValueError, RecursionError):
            return None


def check_text(text: str, filename: str | None = None, config: Config | None = None) -> Checked:
    """Check a map's text as the linter does: the loader's located errors, or every rule's findings.

    Parameters
    ----------
    text : str
        The document (it need not be saved: this is what the editor holds).
    filename : str, optional
        The document's path. It locates the ``[tool.argmap]`` settings (``argmap.toml`` or
        ``pyproject.toml`` above it) and the map's ``source.path``.
    config : Config, optional
        Settings to use instead of the ones found from ``filename``.

    Returns
    -------
    Checked
        Diagnostics carry 1-based lines and columns where the loader gives them, and map paths;
        :func:`diagnostic_span` turns them into ranges.
    """
    with gc_paused():  # the load and the rules build many small acyclic objects
        return _check_text(text, filename, config)


def _check_text(text: str, filename: str | None, config: Config | None) -> Checked:
    from argmap.checks import Config, find_config, run_rules, validate
    from argmap.text.source import load_source

    depends: list[Path] = []
    found: list[Diagnostic] = []
    if config is None:
        config = Config()
        if filename is not None:
            try:
                config = find_config(filename)
            except MapError as error:
                found.extend(replace(d, location=Location(filename, 1, 1)) for d in error.diagnostics)
                origin = error.diagnostics[0].location.file if error.diagnostics else None
                if origin:
                    depends.append(Path(origin))
    if config.origin:
        depends.append(Path(config.origin))
    argdown = is_argdown(filename)
    titles: dict[str, TitleIds] = {}
    tokens: dict[str, list[Token]] = {}
    if argdown:  # the reader says which node each title became, and its lexer where each is written
        from argmap.io.argdown import keeping_titles
        from argmap.io.argdown_syntax import keeping_tokens

        remember: AbstractContextManager[dict[str, TitleIds]] = keeping_titles()
        lexed: AbstractContextManager[dict[str, list[Token]]] = keeping_tokens()
    else:
        remember, lexed = nullcontext(titles), nullcontext(tokens)
    try:
        with warnings.catch_warnings():  # conversion notes (AM5xx) of Argdown input are not map problems
            warnings.simplefilter("ignore")
            with keeping_positions() as kept, remember as titles, lexed as tokens:
                the_map = loads(text, "argdown" if argdown else text_format(filename, text), filename=filename)
    except MapError as error:
        if argdown:
            return Checked(text, filename, None, [*found, *error.diagnostics], tuple(depends),
                           tokens=tokens.get(text))
        return Checked(text, filename, None, [*found, *error.diagnostics], tuple(depends), _draft(text, filename))
    source: str | None = None
    if the_map.source is not None:
        try:
            if filename is not None and the_map.source.path is not None:
                from argmap.io import source_path

                target = source_path(the_map, filename)
                if target is not None:
                    depends.append(target)
            source = load_source(the_map, filename)
        except MapError as error:
            severity: Literal["error", "info"] = "error" if filename is not None else "info"
            found.extend(replace(d, location=Location(filename, None, None, ("source", "path")), severity=severity)
                         for d in error.diagnostics)
    if argdown:
        findings = validate(the_map, source, config)
    else:
        # the map has just loaded, so the loader's structural checks passed: only the rules are left
        findings = sorted(run_rules(the_map, config, source), key=lambda d: d.code)
    found.extend(Diagnostic(d.code, d.message, Location(filename, d.location.line, d.location.column, d.location.path),
                            d.hint, d.severity, d.nodes, d.rule) for d in findings)
    return Checked(text, filename, the_map, found, tuple(depends), spans=None if argdown else kept.get(text),
                   titles=titles.get(text), tokens=tokens.get(text))


def _draft(text: str, filename: str | None) -> ArgumentMap | None:
    from pydantic import ValidationError

    from argmap.io.parse import parse

    try:
        data, _ = parse(text, text_format(filename, text), filename)
        return ArgumentMap.model_validate(data)
    except (MapError, ValidationError, ValueError, RecursionError):
        return None


def diagnostic_span(diagnostic: Diagnostic, index: MapIndex | PathSpans | ArgdownLocator,
                    text: str | Sequence[str]) -> Span:
    """Where a diagnostic belongs in the text (or its lines): its value (or key), else its line and column."""
    where = diagnostic.location
    span: Span | None = None
    if where.path:
        span = index.span_of(where.path, key=diagnostic.code == "AM012")
    if span is None and where.line is not None:
        line = where.line - 1
        column = max((where.column or 1) - 1, 0)
        span = Span(line, column, line, column)
    if span is None:
        return Span(0, 0, 0, 0)
    lines = re.split(r"\r\n|\r|\n", text) if isinstance(text, str) else text
    if span.end_line != span.start_line or span.end_column == span.start_column:
        # A whole object, or a bare position: underline the rest of its first line (or the word there).
        line_text = lines[span.start_line] if span.start_line < len(lines) else ""
        if span.end_column == span.start_column and span.end_line == span.start_line:
            word = re.match(r"[^\s,:\]\}]+", line_text[span.start_column:])
            end = span.start_column + (len(word.group(0)) if word else 0)
        else:
            end = len(line_text.rstrip())
        if end <= span.start_column:
            end = max(len(line_text.rstrip()), span.start_column)
        return Span(span.start_line, span.start_column, span.start_line, end)
    return span


# --- hover ---------------------------------------------------------------------------------------


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def _md(text: str) -> str:
    """Text shown as itself in Markdown (the map is untrusted: no links, images or HTML from it)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node(the_map: ArgumentMap, node_id: str) -> tuple[str, Any] | None:
    for collection, kind in _COLLECTION_KIND.items():
        for node in getattr(the_map, collection):
            if node.id == node_id:
                return kind, node
    return None


def hover_text(node_id: str, the_map: ArgumentMap | None, evaluation: Evaluation | None,
               stale: bool = False) -> str | None:
    """Markdown about a node: its kind and type, text, section, quote, and grounded status with the reason."""
    found = _node(the_map, node_id) if the_map is not None else None
    if found is None or the_map is None:
        return None
    kind, node = found
    head = f"**{kind}** `{node_id}`"
    kind_detail = getattr(node, "type", None) if kind in ("statement", "attack") else getattr(node, "figure", None)
    if kind_detail:
        head += f" — {kind_detail}"
    lines = [head, ""]
    text = getattr(node, "text", None) or getattr(node, "title", None)
    if text:
        lines += [_md(_short(text, 500)), ""]
    if kind == "argument":
        lines += [f"{', '.join(f'`{p}`' for p in node.premises)} → `{node.conclusion}`"
                  + (f" (scheme: {_md(node.scheme)})" if node.scheme else ""), ""]
    if kind == "attack":
        attackers = node.from_ if isinstance(node.from_, list) else [node.from_]
        lines += [f"{', '.join(f'`{a}`' for a in attackers)} ⊣ `{node.to}`", ""]
    if kind == "analogy":
        lines += [f"{_md(_short(node.source, 120))} → {_md(_short(node.target, 120))}", ""]
    section = getattr(node, "section", None)
    if section:
        titles = {s.id: s.title for s in the_map.sections}
        title = titles.get(section)
        lines += [f"section `{section}`" + (f": {_md(_short(title, 120))}" if title else ""), ""]
    quote = getattr(node, "quote", None)
    if quote:
        lines += ["> " + _md(_short(quote, 500)), ""]
    if evaluation is not None and node_id in evaluation.nodes:
        status = evaluation.nodes[node_id]
        word = {"IN": "stands", "OUT": "is defeated", "UNDEC": "is undecided"}[status.status]
        lines += [f"grounded semantics: **{status.status}** ({word})", ""]
        try:
            reasons = status.why.lines()
        except (ValueError, RecursionError):
            reasons = []
        shown = reasons[:8]
        lines += ["```text", *shown, *(["…"] if len(reasons) > len(shown) else []), "```"]
    if stale:
        lines += ["", "*(status from the last version of the map that loaded)*"]
    return "\n".join(lines).strip()


# --- completion ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionChoice:
    """One completion: what to show, and the text that replaces the word being typed."""

    label: str
    kind: Literal["reference", "value", "key", "scheme", "question", "rule"]
    insert: str
    detail: str = ""
    documentation: str = ""
    line: int = 0
    start_column: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class _Known:
    kind: str | None
    text: str


def _known_nodes(index: MapIndex, text: str, the_map: ArgumentMap | None) -> dict[str, _Known]:
    """Every id the author may mean: those of the text as written (even part-parsed) and of the last
    map that loaded."""
    known: dict[str, _Known] = {}
    for site in index.sites:
        if site.is_definition and site.id not in known:
            collection = str(site.path[0])
            node_path = site.path[:2]
            words = (index.value((*node_path, "text")) or index.value((*node_path, "title"))
                     or index.value((*node_path, "scheme")) or "")
            known[site.id] = _Known(_COLLECTION_KIND.get(collection), words)
    if the_map is not None:
        for collection, kind in _COLLECTION_KIND.items():
            for node in getattr(the_map, collection):
                if node.id not in known:
                    words = getattr(node, "text", None) or getattr(node, "title", None) or ""
                    known[node.id] = _Known(kind, words)
    for node_id in ids_in_text(text):
        known.setdefault(node_id, _Known(None, ""))
    return known


def _scheme_named(name: str | None) -> Any:
    from argmap.checks.schemes import SCHEMES

    if not name:
        return None
    for scheme in SCHEMES.values():
        if name == scheme.name or name in scheme.aliases:
            return scheme
    return None


def _yaml_plain(value: str) -> bool:
    """Whether YAML reads ``value`` unquoted as this very string."""
    try:
        return bool(yaml.safe_load(value) == value) and not value.startswith(("*", "&", "!", "%", "@", "`"))
    except yaml.YAMLError:
        return False


def completions(text: str, line: int, column: int, fmt: Literal["yaml", "json"], index: MapIndex,
                the_map: ArgumentMap | None = None) -> list[CompletionChoice]:
    """What may be typed at a position: ids where an id is expected, keys, enumerated values, scheme
    names, critical-question ids and rule codes."""
    expected = expectation_at(text, line, column)
    if expected is None:
        return []
    if expected.kind == "value" and model_at(expected.path) is not None:
        # The value here is an object (a new list item of statements, critical_questions, ...): its keys.
        expected = replace(expected, kind="key", present=())
    choices = _key_choices(expected, fmt) if expected.kind == "key" else _value_choices(expected, fmt, text,
                                                                                      index, the_map)
    return [replace(c, line=line, start_column=expected.start_column, end_column=expected.end_column)
            for c in choices]


def _key_choices(expected: Expectation, fmt: str) -> list[CompletionChoice]:
    model = model_at(expected.path)
    if model is None:
        return []
    choices = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in expected.present:
            continue
        insert = (key if expected.quoted else f'"{key}": ') if fmt == "json" else f"{key}: "
        required = info.is_required()
        choices.append(CompletionChoice(key, "key", insert, ("required" if required else "optional"),
                                        info.description or ""))
    return choices


def _quote_value(value: str, fmt: str, expected: Expectation) -> str:
    if expected.quoted:
        return value
    if fmt == "json" or not _yaml_plain(value):
        return json.dumps(value, ensure_ascii=False)
    return value


def _value_choices(expected: Expectation, fmt: str, text: str, index: MapIndex,
                   the_map: ArgumentMap | None) -> list[CompletionChoice]:
    path = expected.path
    role = id_role(path)
    if role is not None and role != "id":
        return _id_choices(expected, fmt, role, text, index, the_map)
    parts = [p for p in path if not isinstance(p, int)]
    if parts[-2:] == ["critical_questions", "question"] and len(path) >= 2 and isinstance(path[1], int):
        return _question_choices(expected, fmt, index, the_map)
    if parts == ["arguments", "scheme"]:
        from argmap.checks.schemes import SCHEMES

        return [CompletionChoice(s.name, "scheme", _quote_value(s.name, fmt, expected),
                                 f"scheme, {len(s.questions)} critical questions", s.summary)
                for s in SCHEMES.values()]
    if parts[-1:] == ["ignore"]:
        from argmap.checks import RULES

        return [CompletionChoice(code, "rule", _quote_value(code, fmt, expected), rule.name, rule.summary)
                for code, rule in sorted(RULES.items())]
    annotation = field_annotation(path)
    if annotation is None:
        return []
    values = literal_values(annotation)
    if values:
        return [CompletionChoice(str(v), "value", _quote_value(str(v), fmt, expected)) for v in values]
    if is_bool(annotation) and not expected.quoted:
        return [CompletionChoice(v, "value", v) for v in ("true", "false")]
    return []


def _id_choices(expected: Expectation, fmt: str, role: str, text: str, index: MapIndex,
                the_map: ArgumentMap | None) -> list[CompletionChoice]:
    attack_type = None
    if role == "target" and len(expected.path) > 1:
        attack_type = index.value(("attacks", expected.path[1], "type")) or "rebut"
    kinds = allowed_kinds(role, attack_type)
    own = index.value((*expected.path[:2], "id")) if len(expected.path) > 1 else None
    choices = []
    for node_id, known in _known_nodes(index, text, the_map).items():
        if known.kind is not None and known.kind not in kinds:
            continue
        if node_id == own and role != "section":
            continue  # a node does not support, attack or restate itself
        choices.append(CompletionChoice(node_id, "reference", _quote_value(node_id, fmt, expected),
                                        known.kind or "id", known.text))
    return choices


def _question_choices(expected: Expectation, fmt: str, index: MapIndex,
                      the_map: ArgumentMap | None) -> list[CompletionChoice]:
    from argmap.checks.schemes import SCHEMES

    number = expected.path[1]
    name = index.value(("arguments", number, "scheme"))
    if name is None and the_map is not None and isinstance(number, int) and number < len(the_map.arguments):
        name = the_map.arguments[number].scheme
    scheme = _scheme_named(name)
    schemes = [scheme] if scheme is not None else list(SCHEMES.values())
    choices = []
    for each in schemes:
        for question in each.questions:
            label = question.id if scheme is not None else f"{question.id}"
            choices.append(CompletionChoice(label, "question", _quote_value(question.id, fmt, expected),
                                            f"critical question of {each.name}", question.text))
    return choices


# --- rename ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Replace the text in ``span`` with ``new_text``."""

    span: Span
    new_text: str


def inner(site: IdSite) -> Span:
    """An id's span without its quotes."""
    span = site.span
    if site.quoted and span.start_line == span.end_line:
        return Span(span.start_line, span.start_column + 1, span.end_line, span.end_column - 1)
    return span


def rename_edits(index: MapIndex, old: str, new: str) -> list[Edit]:
    """The edits that rename an id everywhere it is written (definition and references).

    Raises
    ------
    ValueError
        When ``new`` is not a valid id, or another node already has it.
    """
    if not re.fullmatch(ID_PATTERN.strip("^$"), new) or len(new) > 128:
        raise ValueError(f"'{new}' is not a valid id: use letters A-Z and a-z, digits, '_' and '-'")
    if new != old and new in index.definitions:
        raise ValueError(f"the id '{new}' is already used by {index.kind_of(new)} '{new}'")
    return [Edit(inner(site), new) for site in index.sites_of(old)]


# --- code actions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """A code action: a title and the edits it makes, for one diagnostic."""

    title: str
    edits: tuple[Edit, ...]
    diagnostic: Diagnostic
    preferred: bool = False


_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
_QUOTE_SUGGESTION = re.compile(r"^(?:did you mean: |use the source's exact words: )(.+)$", re.S)


def _replacement(index: MapIndex, path: MapPath, key: bool, value: str, fmt: str) -> Edit | None:
    scalar = index.keys.get(path) if key else index.values.get(path)
    if scalar is None:
        return None
    if fmt == "json" or scalar.quoted:
        return Edit(scalar.span, json.dumps(value, ensure_ascii=False))
    return Edit(scalar.span, value if _yaml_plain(value) else json.dumps(value, ensure_ascii=False))


def code_actions(checked: Checked, diagnostics: Iterable[Diagnostic]) -> list[Fix]:
    """The fixes that the diagnostics' hints already know: apply "did you mean", quote the closest
    passage of the source, add a stub for a missing statement or section."""
    index = checked.index
    fmt = text_format(checked.filename, checked.text)
    fixes: list[Fix] = []
    for diagnostic in diagnostics:
        path = diagnostic.location.path
        hint = diagnostic.hint or ""
        if not path:
            continue
        suggestion = _DID_YOU_MEAN.search(hint)
        if suggestion:
            edit = _replacement(index, path, diagnostic.code == "AM012", suggestion.group(1), fmt)
            if edit is not None:
                fixes.append(Fix(f"Change to '{suggestion.group(1)}'", (edit,), diagnostic, True))
        quoted = _QUOTE_SUGGESTION.match(hint)
        if quoted and diagnostic.code.startswith("AM2") and path[-1:] != ("quote",):
            quote_path = (*path, "quote")
        else:
            quote_path = path
        if quoted and diagnostic.code.startswith("AM2"):
            edit = _replacement(index, quote_path, False, quoted.group(1).strip(), fmt)
            if edit is not None:
                fixes.append(Fix(f"Quote the source: {_short(quoted.group(1), 40)}", (edit,), diagnostic, True))
        if diagnostic.code == "AM021":
            value = index.value(path)
            role = id_role(path)
            if value and role is not None and re.fullmatch(ID_PATTERN.strip("^$"), value):
                kind = "section" if role == "section" else "statement"
                stub = _stub(checked, kind, value, fmt)
                if stub is not None:
                    fixes.append(Fix(f"Add {kind} '{value}'", (stub,), diagnostic))
    return fixes


def _stub(checked: Checked, kind: str, node_id: str, fmt: str) -> Edit | None:
    """An edit that appends a minimal node (``id`` and ``text``, or ``title`` for a section) to its collection."""
    index, text = checked.index, checked.text
    collection = _COLLECTION_OF[kind]
    body = {"id": node_id, ("title" if kind == "section" else "text"): "TODO"}
    lines = text.splitlines(keepends=True)
    sequence = index.collections.get((collection,))
    items = sorted((p[1], span) for p, span in index.collections.items()
                   if len(p) == 2 and p[0] == collection and isinstance(p[1], int))
    flow = fmt == "json" or (sequence is not None and _char_at(lines, sequence.start_line,
                                                               sequence.start_column) == "[")
    if sequence is not None and flow:
        if items:
            last = items[-1][1]
            indent = " " * last.start_column
            same_line = last.start_line == sequence.start_line
            separator = ", " if same_line else ",\n" + indent
            return Edit(Span(last.end_line, last.end_column, last.end_line, last.end_column),
                        separator + json.dumps(body, ensure_ascii=False))
        at = Span(sequence.start_line, sequence.start_column + 1, sequence.start_line, sequence.start_column + 1)
        return Edit(at, json.dumps(body, ensure_ascii=False))
    if sequence is not None:  # a block sequence: a new item after the last one, indented like it
        dash = sequence.start_column
        key_column = items[-1][1].start_column if items else dash + 2
        end_line = max(span.end_line for _, span in items) if items else sequence.start_line
        # after the last line that belongs to the sequence's last item
        last_item = items[-1][1] if items else sequence
        insert_line = last_item.end_line if last_item.end_column == 0 else last_item.end_line + 1
        insert_line = max(insert_line, end_line if items else sequence.start_line + 1)
        gap = " " * (key_column - dash - 1)
        second = "title" if kind == "section" else "text"
        stub = f"{' ' * dash}-{gap}id: {node_id}\n{' ' * key_column}{second}: TODO\n"
        if insert_line >= len(lines):
            prefix = "" if not lines or lines[-1].endswith("\n") else "\n"
            last_line = len(lines) - 1 if lines else 0
            last_col = len(lines[-1]) if lines else 0
            return Edit(Span(last_line, last_col, last_line, last_col), prefix + stub)
        return Edit(Span(insert_line, 0, insert_line, 0), stub)
    if fmt == "json":
        root = index.collections.get(())
        if root is None:
            return None
        close_line, close_col = root.end_line, max(root.end_column - 1, 0)
        return Edit(Span(close_line, close_col, close_line, close_col),
                    f',\n  "{collection}": [{json.dumps(body, ensure_ascii=False)}]\n')
    second = "title" if kind == "section" else "text"
    stub = f"{collection}:\n  - id: {node_id}\n    {second}: TODO\n"
    last_line = len(lines) - 1 if lines else 0
    last_col = len(lines[-1]) if lines else 0
    prefix = "" if not lines or lines[-1].endswith("\n") else "\n"
    return Edit(Span(last_line, last_col, last_line, last_col), prefix + stub)


def _char_at(lines: Sequence[str], line: int, column: int) -> str:
    return lines[line][column:column + 1] if line < len(lines) else ""


# --- outline ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Symbol:
    """An entry of the document outline."""

    name: str
    kind: str
    """``collection``, ``section``, ``statement``, ``analogy``, ``argument`` or ``attack``."""
    detail: str
    span: Span
    selection: Span
    children: tuple[Symbol, ...] = field(default=())


def outline(index: MapIndex) -> list[Symbol]:
    """The map's sections, statements, analogies, arguments and attacks, by collection, in file order."""
    symbols: list[Symbol] = []
    for collection, kind in _COLLECTION_KIND.items():
        span = index.collections.get((collection,))
        key = index.keys.get((collection,))
        if span is None or key is None:
            continue
        children = []
        number = 0
        while (collection, number) in index.collections:
            item = index.collections[(collection, number)]
            node_id = index.values.get((collection, number, "id"))
            words = (index.value((collection, number, "text")) or index.value((collection, number, "title"))
                     or _argument_detail(index, collection, number))
            selection = node_id.span if node_id else Span(item.start_line, item.start_column, item.start_line,
                                                          item.start_column)
            children.append(Symbol(node_id.value if node_id else f"{collection}[{number}]", kind,
                                   _short(words or "", 60), _cover(item, selection), selection))
            number += 1
        symbols.append(Symbol(collection, "collection", f"{len(children)}", _cover(_join(key.span, span), key.span),
                              key.span, tuple(children)))
    return symbols


def _argument_detail(index: MapIndex, collection: str, number: int) -> str:
    if collection == "arguments":
        premises = []
        position = 0
        while (value := index.value((collection, number, "premises", position))) is not None:
            premises.append(value)
            position += 1
        conclusion = index.value((collection, number, "conclusion")) or "?"
        return f"{', '.join(premises)} → {conclusion}"
    if collection == "attacks":
        attacker = index.value((collection, number, "from")) or index.value((collection, number, "from", 0)) or "?"
        return f"{attacker} ⊣ {index.value((collection, number, 'to')) or '?'}"
    return ""


def _join(first: Span, second: Span) -> Span:
    start = min((first.start_line, first.start_column), (second.start_line, second.start_column))
    end = max((first.end_line, first.end_column), (second.end_line, second.end_column))
    return Span(start[0], start[1], end[0], end[1])


def _cover(outer: Span, inner_span: Span) -> Span:
    """``outer`` grown to contain ``inner_span`` (LSP requires the selection inside the range)."""
    return _join(outer, inner_span)


def describe(diagnostic: Diagnostic) -> str:
    """A diagnostic's message with its hint and map path, as an editor shows it."""
    text = diagnostic.message
    if diagnostic.hint:
        text += f"\nhint: {diagnostic.hint}"
    if diagnostic.location.path:
        text += f"\n(at {format_path(diagnostic.location.path)})"
    return text



# --- Argdown ------------------------------------------------------------------------------------------
#
# An Argdown document names nodes by title (``[title]`` statements, ``<title>`` arguments) where a map
# names them by id. The reader decides which node each title becomes (Checked.titles); the positions
# come from the Argdown lexer (Checked.argdown_index). The features below are the YAML ones in those
# terms: the same hover text, edits, completion choices, fixes and outline symbols.

_BRACKETS = {"statement": ("[", "]"), "argument": ("<", ">")}
_NODE_COLLECTIONS = ("statements", "analogies", "arguments", "attacks")


def _written(kind: str, title: str) -> str:
    opening, closing = _BRACKETS[kind]
    return f"{opening}{title}{closing}"


class ArgdownLocator:
    """Places diagnostics in Argdown text: a finding about a node at its title where it is defined.

    A diagnostic that has a line (a syntax error) keeps it; one with a map path (a rule's finding)
    is placed at the title of the node the path names (``("arguments", 2, "scheme")``: the third
    argument's ``<title>``), found through the reader's title of that node. The Argdown index is
    built only when such a diagnostic is placed.
    """

    def __init__(self, checked: Checked) -> None:
        self._checked = checked
        self._titles: dict[str, tuple[str, str]] | None = None

    def _title(self, node_id: str, node: Any) -> tuple[str, str, int] | None:
        if self._titles is None:
            ids = self._checked.titles
            self._titles = {}
            if ids is not None:
                for kind, found in (("argument", ids.arguments), ("statement", ids.statements)):
                    self._titles.update((each, (kind, title)) for title, each in found.items())
        hit = self._titles.get(node_id)
        if hit is not None:
            return hit[0], hit[1], 0
        # a restatement (another member of a statement's class) or an argument's earlier inference step
        meta = (getattr(node, "metadata", None) or {}).get("argdown")
        if isinstance(meta, dict) and isinstance(meta.get("title"), str):
            member = meta.get("member")
            if isinstance(member, int):
                return "statement", meta["title"], member - 1
            return "argument", meta["title"], 0
        return None

    def span_of(self, path: MapPath, key: bool = False) -> Span | None:
        """Where the node that ``path`` is in (or names) is titled, if the text titles it."""
        the_map = self._checked.map
        if the_map is None or len(path) < 2 or not isinstance(path[1], int):
            return None
        node: Any = None
        if path[0] in _NODE_COLLECTIONS:
            nodes = getattr(the_map, str(path[0]))
            node = nodes[path[1]] if 0 <= path[1] < len(nodes) else None
            node_id = node.id if node is not None else None
        elif path[0] == "main_conclusions":
            node_id = the_map.main_conclusions[path[1]] if 0 <= path[1] < len(the_map.main_conclusions) else None
        else:
            return None
        found = self._title(node_id, node) if node_id is not None else None
        if found is None:
            return None
        kind, title, member = found
        sites = self._checked.argdown_index.definitions(kind, title)
        if not sites:
            return None
        return sites[member].span if member < len(sites) else sites[0].span


def argdown_hover(site: TitleSite, titles: TitleIds | None, the_map: ArgumentMap | None,
                  evaluation: Evaluation | None, stale: bool = False) -> str:
    """Markdown about the node a ``[title]`` or ``<title>`` names: what :func:`hover_text` says of it.

    Parameters
    ----------
    site : TitleSite
        The title under the cursor.
    titles : TitleIds, optional
        Which node each title became (from the check whose map is ``the_map``).
    the_map, evaluation
        The map the text was read as, and its grounded evaluation.
    stale : bool
        The map is from an earlier version of the text (the current one does not load).
    """
    written = _md(_written(site.kind, site.title))
    node_id = titles.id_of(site.kind, site.title) if titles is not None else None
    body = hover_text(node_id, the_map, evaluation, stale) if node_id is not None else None
    if body is None:
        where = "the map as it last loaded" if stale or the_map is None else "the map"
        return f"Argdown {site.kind} {written}: not in {where} (yet)"
    named = f" (argmap id `{node_id}`)" if node_id != site.title else ""
    return f"Argdown {site.kind} {written}{named}\n\n{body}"


def _title_parses(kind: str, title: str) -> bool:
    """Whether Argdown reads ``title`` back as itself when written as a definition, a reference and a mention."""
    from argmap.io.argdown_syntax import title_occurrences

    if not title or title != title.strip():
        return False
    written = _written(kind, title)
    for text, role in ((f"{written}: text\n", "definition"), (f"{written}\n", "reference"),
                       (f"words @{written} words\n", "mention")):
        found, error = title_occurrences(text)
        sites = [o for o in found if o.kind in ("statement", "argument")]
        if error is not None or len(sites) != 1 or (sites[0].kind, sites[0].role, sites[0].title) != (
                kind, role, title):
            return False
    return True


def argdown_rename_edits(index: ArgdownIndex, text: str, kind: str, old: str, new: str) -> list[Edit]:
    """The edits that rename a statement's (or argument's) title everywhere the document writes it.

    Definitions, references and mentions, and the keys of argmap's front-matter extension that
    name the title (``"[title]"``, ``"[a] -> [b]"``), so that the extension still fits.

    Raises
    ------
    ValueError
        When Argdown would not read ``new`` back as a title, or another one of its kind has it.
    """
    opening, closing = _BRACKETS[kind]
    if not _title_parses(kind, new):
        raise ValueError(f"{opening}{new}{closing} is not a title Argdown reads back: a title is one line, does "
                         f"not start or end with a space and holds no {opening!r} or {closing!r}")
    if new != old and index.sites_of(kind, new):
        raise ValueError(f"the {kind} title {_written(kind, new)} is already used: renaming would merge the two")
    edits = [Edit(site.span, new) for site in index.sites_of(kind, old)]
    front = index.front_matter
    if front is not None:
        from argmap.io.argdown import front_matter_json  # the extension's own string encoding

        lines = re.split(r"\r\n|\r|\n", text)
        written = front_matter_json(_written(kind, old))[1:-1]
        encoded = front_matter_json(new)[1:-1]
        for number in range(front.start_line, min(front.end_line, len(lines) - 1) + 1):
            for match in re.finditer(re.escape(written), lines[number]):
                edits.append(Edit(Span(number, match.start() + 1, number, match.end() - 1), encoded))
    return sorted(edits, key=lambda e: (e.span.start_line, e.span.start_column))


_OPEN_TITLE = re.compile(r"(?<!\\)([\[<])([^\[\]<>]*)$")


def argdown_completions(text: str, line: int, column: int, index: ArgdownIndex, titles: TitleIds | None,
                        the_map: ArgumentMap | None) -> list[CompletionChoice]:
    """Titles to complete after ``[`` (statements) or ``<`` (arguments), also in ``@[`` mentions.

    The choices are the titles the text writes (even where it does not parse) and those of the
    last map that loaded; the word typed after the bracket is replaced, and the closing bracket is
    added when it is not there yet.
    """
    lines = re.split(r"\r\n|\r|\n", text)
    here = lines[line] if 0 <= line < len(lines) else ""
    before = here[:column]
    typed = _OPEN_TITLE.search(before)
    if typed is None:
        return []
    bracket, partial = typed.group(1), typed.group(2)
    if bracket == "<" and partial[:1] in ("+", "-", "_", "!"):
        return []  # a relation (<+, <-, <_) or a comment (<!--), not an argument's title
    kind = "statement" if bracket == "[" else "argument"
    closing = _BRACKETS[kind][1]
    rest = re.match(r"[^\[\]<>]*", here[column:])
    tail = rest.group(0) if rest else ""
    closed = here[column + len(tail):column + len(tail) + 1] == closing
    end_column = column + len(tail) if closed else column
    texts: dict[str, str] = {}
    if titles is not None and the_map is not None:
        for title, node_id in (titles.statements if kind == "statement" else titles.arguments).items():
            texts[title] = _described(_node(the_map, node_id))
    order: dict[str, None] = {}
    for title, site in index.titles(kind).items():
        if site.span.start_line == line and site.span.start_column == typed.start(2) and \
                len(index.sites_of(kind, title)) == 1:
            continue  # the title being typed, written nowhere else
        order[title] = None
    for title in texts:
        order.setdefault(title, None)
    choices = []
    for title in order:
        choices.append(CompletionChoice(title, "reference", title if closed else title + closing, kind,
                                        _short(texts.get(title, ""), 200), line, typed.start(2), end_column))
    return choices


def _described(found: tuple[str, Any] | None) -> str:
    """A node in a few words: its text, else (an argument) its Argdown description or its inference."""
    if found is None:
        return ""
    kind, node = found
    if getattr(node, "text", None):
        return str(node.text)
    meta = (node.metadata or {}).get("argdown")
    if isinstance(meta, dict) and isinstance(meta.get("description"), str):
        return str(meta["description"])
    if kind == "argument":
        return f"{', '.join(node.premises)} → {node.conclusion}"
    return ""


def argdown_outline(index: ArgdownIndex, text: str) -> list[Symbol]:
    """The document's headings as sections (nested by level), each with the statements and arguments
    first written under it; what comes before the first heading is at the top."""
    lines = re.split(r"\r\n|\r|\n", text)
    last_line = len(lines) - 1
    # each open section: [heading, children]; closed ones become Symbols in their parent's children
    top: list[Symbol] = []
    stack: list[tuple[Any, list[Symbol]]] = []

    def close(until_line: int) -> None:
        heading, children = stack.pop()
        end = max(until_line, heading.span.start_line)
        span = Span(heading.span.start_line, 0, end, len(lines[end]) if end <= last_line else 0)
        symbol = Symbol(heading.title or "(heading)", "section", f"level {heading.level}", span, heading.span,
                        tuple(children))
        (stack[-1][1] if stack else top).append(symbol)

    events: list[tuple[int, int, int, Any]] = [(h.span.start_line, h.span.start_column, 0, h) for h in index.headings]
    for kind in ("statement", "argument"):
        for title, site in index.titles(kind).items():
            events.append((site.span.start_line, site.span.start_column, 1, (kind, title, site)))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    for line, _, is_title, item in events:
        if not is_title:
            while stack and stack[-1][0].level >= item.level:
                close(line - 1)
            stack.append((item, []))
            continue
        kind, title, site = item
        row = lines[site.span.start_line] if site.span.start_line <= last_line else ""
        detail = row[site.span.end_column + 2:].strip() if site.is_definition else ""
        start = max(site.span.start_column - 1, 0)
        span = Span(site.span.start_line, start, site.span.start_line, max(len(row), site.span.end_column + 1))
        symbol = Symbol(_written(kind, title), kind, _short(detail, 60), _cover(span, site.span), site.span)
        (stack[-1][1] if stack else top).append(symbol)
    while stack:
        close(last_line)
    return top


_ESCAPE_HINT = re.compile(r"write '(?:\\)+(.)' for the character itself")


def argdown_code_actions(checked: Checked, diagnostics: Iterable[Diagnostic]) -> list[Fix]:
    """The fixes that the Argdown diagnostics' hints already know: an empty line between two
    top-level elements, a backslash to escape an unclosed ``*``/``_`` or to double a lone
    backslash, and "did you mean" for an argument's scheme (its inference rule)."""
    lines = checked.lines
    fixes: list[Fix] = []
    for diagnostic in diagnostics:
        hint = diagnostic.hint or ""
        where = diagnostic.location
        if where.line is not None and where.column is not None and 0 < where.line <= len(lines):
            line, column = where.line - 1, where.column - 1
            at = Span(line, column, line, column)
            if "separate top-level statements" in hint and not lines[line][:column].strip():
                fixes.append(Fix("Insert an empty line before this", (Edit(Span(line, 0, line, 0), "\n"),),
                                 diagnostic, True))
            escape = _ESCAPE_HINT.search(hint)
            if escape and lines[line][column:column + 1] == escape.group(1):
                fixes.append(Fix(f"Escape '{escape.group(1)}' (write it as itself)", (Edit(at, "\\"),), diagnostic))
            if diagnostic.message.startswith("a backslash at the end of a line") and \
                    lines[line][column:column + 1] == "\\":
                fixes.append(Fix("Write the backslash itself (\\\\)", (Edit(at, "\\"),), diagnostic, True))
        suggestion = _DID_YOU_MEAN.search(hint)
        path = where.path
        if suggestion and path[-1:] == ("scheme",) and path[:1] == ("arguments",):
            edit = _inference_rule_edit(checked, path, suggestion.group(1))
            if edit is not None:
                fixes.append(Fix(f"Change to '{suggestion.group(1)}'", (edit,), diagnostic, True))
    return fixes


def _inference_rule_edit(checked: Checked, path: MapPath, scheme: str) -> Edit | None:
    """Replace the inference rule that became an argument's scheme (``-- rule --``) with ``scheme``.

    The rule is looked for on the inference lines after the argument's title, up to the next
    empty line that ends its premise-conclusion structure; only a rule written exactly as the
    scheme reads is replaced.
    """
    the_map = checked.map
    if the_map is None or not isinstance(path[1], int) or not 0 <= path[1] < len(the_map.arguments):
        return None
    argument = the_map.arguments[path[1]]
    if not argument.scheme:
        return None
    site = checked.locator.span_of(path[:2]) if isinstance(checked.locator, ArgdownLocator) else None
    if site is None:
        return None
    lines = checked.lines
    pattern = re.compile(r"^\s*--+\s*(.*?)\s*--+\s*$")
    for number in range(site.start_line, len(lines)):
        match = pattern.match(lines[number])
        if match and match.group(1) == argument.scheme:
            return Edit(Span(number, match.start(1), number, match.end(1)), scheme)
    return None
