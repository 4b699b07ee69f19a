"""``argmap lsp``: a Language Server Protocol server for argument maps, over stdio.

Built on pygls (the LSP machinery: JSON-RPC framing, document synchronisation, capabilities)
and lsprotocol (the protocol's types). The features themselves live in
:mod:`argmap.lsp.analysis`; this module wires them to the protocol:

* diagnostics from every rule, published after a short pause in typing (``debounce``), and again
  when the map's source text or its ``[tool.argmap]`` settings change on disk;
* hover, go to definition, find references and rename for ids;
* completion of ids, keys, enumerated values, scheme names, critical-question ids and rule codes;
* code actions from the diagnostics' hints, and the document outline;
* the same for Argdown documents (``.argdown``, ``.ad``), by title: ``[statement]`` and
  ``<argument>`` where a map has ids, headings where it has sections.

The server never loses a document's text and keeps answering while a map is broken: features
use what the current text still shows (the part that parses, the ids written in it) and the
last version of the map that loaded.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from argmap import __version__
from argmap._perf import gc_paused
from argmap.errors import Diagnostic
from argmap.lsp import analysis
from argmap.lsp.index import MapIndex, PathSpans, Span, TitleSite, ids_in_text, is_argdown, text_format

__all__ = ["DEFAULT_DEBOUNCE", "ArgmapLanguageServer", "create_server", "run"]

DEFAULT_DEBOUNCE = 0.15
"""Seconds of quiet after an edit before the map is checked again."""

logger = logging.getLogger(__name__)

_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information}
_SYMBOL_KIND = {"collection": types.SymbolKind.Array, "section": types.SymbolKind.Namespace,
                "statement": types.SymbolKind.String, "analogy": types.SymbolKind.Interface,
                "argument": types.SymbolKind.Function, "attack": types.SymbolKind.Event}
_COMPLETION_KIND = {"reference": types.CompletionItemKind.Reference, "value": types.CompletionItemKind.EnumMember,
                    "key": types.CompletionItemKind.Property, "scheme": types.CompletionItemKind.Class,
                    "question": types.CompletionItemKind.Value, "rule": types.CompletionItemKind.Constant}
_MAP_KEYS = {"argmap", "statements", "arguments", "attacks", "analogies", "sections", "main_conclusions"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Positions:
    """Converts between the index's columns (code points) and the client's units (UTF-16 by default)."""

    def __init__(self, text: str, encoding: str) -> None:
        self.lines = _LINE_BREAK.split(text)
        self.encoding = encoding

    def _line(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def to_client(self, line: int, column: int) -> types.Position:
        text = self._line(line)
        if self.encoding == types.PositionEncodingKind.Utf32 or text.isascii():
            return types.Position(line, column)
        head = text[:column]
        if self.encoding == types.PositionEncodingKind.Utf8:
            return types.Position(line, len(head.encode("utf-8")))
        return types.Position(line, column + sum(1 for char in head if ord(char) > 0xFFFF))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        text = self._line(position.line)
        if self.encoding == types.PositionEncodingKind.Utf32 or text.isascii():
            return position.line, min(position.character, len(text))
        units, column = 0, 0
        for char in text:
            step = len(char.encode("utf-8")) if self.encoding == types.PositionEncodingKind.Utf8 else (
                2 if ord(char) > 0xFFFF else 1)
            if units + step > position.character:
                break
            units += step
            column += 1
        return position.line, column

    def range(self, span: Span) -> types.Range:
        return types.Range(self.to_client(span.start_line, span.start_column),
                           self.to_client(span.end_line, span.end_column))


@dataclass
class _State:
    """What the server knows of one open document."""

    checked: analysis.Checked | None = None
    """The check of the document's current text (None until the first check ends)."""
    good: analysis.Checked | None = None
    """The last check whose map loaded."""
    published: list[tuple[Diagnostic, types.Diagnostic]] | None = None
    task: asyncio.Task[None] | None = None


class ArgmapLanguageServer(LanguageServer):
    """The argmap language server (see the module's documentation)."""

    def __init__(self, debounce: float = DEFAULT_DEBOUNCE) -> None:
        super().__init__("argmap", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.documents: dict[str, _State] = {}
        self._watcher: _Watcher | None = None

    # --- documents ------------------------------------------------------------------------------

    def state(self, uri: str) -> _State:
        """The server's state of a document (created on first use)."""
        return self.documents.setdefault(uri, _State())

    def text(self, uri: str) -> str:
        """The document's current text, as the editor holds it."""
        return self.workspace.get_text_document(uri).source

    def positions(self, uri: str, text: str | None = None) -> _Positions:
        """Position conversion for a document's current text."""
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return _Positions(self.text(uri) if text is None else text, str(encoding))

    def current(self, uri: str) -> analysis.Checked:
        """A check of the document's current text: the last one if the text has not changed since,
        else an index-only view of the text (with the last good map for what needs one)."""
        state = self.state(uri)
        text = self.text(uri)
        if state.checked is not None and state.checked.text == text:
            return state.checked
        the_map = state.good.map if state.good is not None else None
        titles = state.good.titles if state.good is not None else None
        return analysis.Checked(text, _filename(uri), the_map, [], titles=titles)

    def schedule(self, uri: str, delay: float) -> None:
        """Check a document after ``delay`` seconds, replacing a check already waiting."""
        state = self.state(uri)
        if state.task is not None and not state.task.done():
            state.task.cancel()
        state.task = asyncio.get_running_loop().create_task(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            document = self.workspace.get_text_document(uri)
        except KeyError:  # pragma: no cover - closed meanwhile
            return
        text, version = document.source, document.version
        filename = _filename(uri)
        loop = asyncio.get_running_loop()
        try:
            checked = await loop.run_in_executor(None, analysis.check_text, text, filename)
        except Exception as exc:  # a check must never take the server down; say what happened
            logger.exception("checking %s failed", uri)
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"argmap: {exc!r}"))
            return
        if uri not in self.documents or self.text(uri) != text:
            return  # the text changed while it was checked: a newer check is on its way
        self.publish(uri, checked, version)

    def publish(self, uri: str, checked: analysis.Checked, version: int | None) -> None:
        """Publish a check's diagnostics and remember it."""
        state = self.state(uri)
        state.checked = checked
        if checked.map is not None:
            state.good = checked
        if not _looks_like_map(checked):
            state.published = []
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, [], version))
            return
        # Thousands of diagnostics (and their JSON) are small acyclic objects: no collector runs meanwhile;
        # and their fields are built here from checked values, so attrs' per-field validators are skipped.
        with gc_paused(), attrs.validators.disabled():
            positions = self.positions(uri, checked.text)
            index = checked.locator
            pairs = [(d, self._diagnostic(d, index, checked.lines, positions)) for d in checked.diagnostics]
            state.published = pairs
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri, [p[1] for p in pairs], version))
        self.watch()

    def _diagnostic(self, diagnostic: Diagnostic, index: MapIndex | PathSpans | analysis.ArgdownLocator,
                    lines: list[str],
                    positions: _Positions) -> types.Diagnostic:
        span = analysis.diagnostic_span(diagnostic, index, lines)
        return types.Diagnostic(
            range=positions.range(span),
            message=analysis.describe(diagnostic),
            severity=_SEVERITY[diagnostic.severity],
            code=diagnostic.code,
            source="argmap",
            data={"rule": diagnostic.name, "nodes": list(diagnostic.nodes)},  # the hint is in the message
        )

    def recheck_dependents(self, paths: Iterable[str]) -> None:
        """Check again every open document that depends on one of these files."""
        changed = {os.path.realpath(p) for p in paths}
        for uri, state in list(self.documents.items()):
            checked = state.checked
            depends = {os.path.realpath(p) for p in checked.depends_on} if checked else set()
            if changed & depends or any(Path(p).name in ("pyproject.toml", "argmap.toml") for p in changed):
                self.schedule(uri, 0)

    # --- watching files ---------------------------------------------------------------------------

    def watch(self) -> None:
        """Watch the files the open documents depend on (their sources, their settings)."""
        wanted = {str(Path(p).resolve()) for s in self.documents.values() if s.checked
                  for p in s.checked.depends_on}
        wanted |= {str(Path(f).resolve().parent / name) for f in
                   (_filename(u) for u in self.documents) if f for name in ("argmap.toml", "pyproject.toml")}
        if self._watcher is not None and self._watcher.files == wanted:
            return
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if wanted:
            loop = asyncio.get_running_loop()
            self._watcher = _Watcher(wanted, lambda paths: loop.call_soon_threadsafe(self.recheck_dependents, paths))

    def shutdown(self) -> None:
        """Stop watching files, then shut down as pygls does."""
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        super().shutdown()  # type: ignore[no-untyped-call]


class _Watcher:
    """A thread that reports changes to a set of files (watchfiles: native change notification)."""

    def __init__(self, files: set[str], changed: Callable[[list[str]], Any]) -> None:
        self.files = files
        self._stop = threading.Event()
        self._changed = changed
        folders = sorted({str(Path(f).parent) for f in files if Path(f).parent.is_dir()})
        self._thread = threading.Thread(target=self._run, args=(folders,), name="argmap-lsp-watch", daemon=True)
        if folders:
            self._thread.start()

    def _run(self, folders: list[str]) -> None:
        from watchfiles import watch

        try:
            for changes in watch(*folders, stop_event=self._stop, recursive=False, debounce=100, step=50,
                                 rust_timeout=1000, yield_on_timeout=False, raise_interrupt=False):
                hits = [path for _, path in changes if os.path.realpath(path) in self.files or path in self.files]
                if hits:
                    self._changed(hits)
        except Exception:  # pragma: no cover - a vanished folder, an exhausted inotify quota
            logger.exception("watching %s stopped", folders)

    def stop(self) -> None:
        self._stop.set()


def _filename(uri: str) -> str | None:
    return to_fs_path(uri) if uri.startswith("file:") else None


def _looks_like_map(checked: analysis.Checked) -> bool:
    """Whether a document is an argument map (a YAML file of another kind gets no diagnostics)."""
    if checked.map is not None or is_argdown(checked.filename):
        return True
    index = checked.index
    top_keys = {str(path[0]) for path in index.keys if len(path) == 1}
    return bool(top_keys & _MAP_KEYS) or not top_keys


# --- features ---------------------------------------------------------------------------------------


def create_server(debounce: float = DEFAULT_DEBOUNCE) -> ArgmapLanguageServer:
    """The argmap language server with every feature registered (start it with ``start_io()``)."""
    server = ArgmapLanguageServer(debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: ArgmapLanguageServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
            ls.debounce = min(max(float(options["debounce"]) / 1000, 0.0), 5.0)  # milliseconds, as editors write it

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ArgmapLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ArgmapLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ArgmapLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ArgmapLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        state = ls.documents.pop(uri, None)
        if state is not None and state.task is not None:
            state.task.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ArgmapLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.recheck_dependents(p for p in (_filename(c.uri) for c in params.changes) if p)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ArgmapLanguageServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        checked = ls.current(uri)
        positions = ls.positions(uri, checked.text)
        if is_argdown(checked.filename):
            return _argdown_hover(ls, uri, checked, positions, params.position)
        site = _site_at(checked, positions, params.position)
        if site is None:
            return None
        state = ls.state(uri)
        if checked.nodes is not None and state.checked is checked:  # the current text describes the node
            stale = checked.map is None and state.good is not None
            evaluation = checked.evaluation if checked.map is not None else (
                state.good.evaluation if state.good is not None else None)
            text = analysis.hover_text(site[0], checked.nodes, evaluation, stale=stale)
        else:  # the text changed since the last check: describe what the last good map says
            good = state.good
            text = analysis.hover_text(site[0], good.map, good.evaluation, stale=True) if good else None
        if text is None:
            text = f"`{site[0]}`: no node has this id" if checked.index.complete else None
        if text is None:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), positions.range(site[1]))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ArgmapLanguageServer, params: types.DefinitionParams) -> list[types.Location]:
        uri = params.text_document.uri
        checked = ls.current(uri)
        positions = ls.positions(uri, checked.text)
        if is_argdown(checked.filename):
            title = checked.argdown_index.site_at(*positions.from_client(params.position))
            return [types.Location(uri, positions.range(s.span))
                    for s in checked.argdown_index.definitions(title.kind, title.title)] if title else []
        site = _site_at(checked, positions, params.position)
        if site is None:
            return []
        spans = [analysis.inner(s) for s in checked.index.sites_of(site[0]) if s.is_definition]
        if not spans:
            spans = _definitions_in_text(checked.text, site[0])
        return [types.Location(uri, positions.range(span)) for span in spans]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: ArgmapLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
        uri = params.text_document.uri
        checked = ls.current(uri)
        positions = ls.positions(uri, checked.text)
        include = params.context.include_declaration
        if is_argdown(checked.filename):
            title = checked.argdown_index.site_at(*positions.from_client(params.position))
            return [types.Location(uri, positions.range(s.span))
                    for s in checked.argdown_index.sites_of(title.kind, title.title)
                    if include or not s.is_definition] if title else []
        site = _site_at(checked, positions, params.position)
        if site is None:
            return []
        return [types.Location(uri, positions.range(analysis.inner(s))) for s in checked.index.sites_of(site[0])
                if include or not s.is_definition]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: ArgmapLanguageServer, params: types.PrepareRenameParams) -> types.Range | None:
        uri = params.text_document.uri
        checked = ls.current(uri)
        positions = ls.positions(uri, checked.text)
        if is_argdown(checked.filename):
            title = checked.argdown_index.site_at(*positions.from_client(params.position))
            if title is None or not checked.argdown_index.complete:
                return None  # a text the lexer stops in could hide titles after the error
            return positions.range(title.span)
        site = _site_at(checked, positions, params.position)
        if site is None or not checked.index.complete:
            return None  # renaming in a text that does not parse could miss references
        return positions.range(site[1])

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(ls: ArgmapLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        uri = params.text_document.uri
        checked = ls.current(uri)
        positions = ls.positions(uri, checked.text)
        if is_argdown(checked.filename):
            index = checked.argdown_index
            title = index.site_at(*positions.from_client(params.position))
            if title is None:
                return None
            if not index.complete:
                raise ValueError(f"Argdown stops reading this text ({index.error}); fix it before renaming, so "
                                 "no title is missed")
            edits = analysis.argdown_rename_edits(index, checked.text, title.kind, title.title, params.new_name)
        else:
            site = _site_at(checked, positions, params.position)
            if site is None:
                return None
            if not checked.index.complete:
                raise ValueError("the map does not parse; fix its syntax before renaming, so no reference is missed")
            edits = analysis.rename_edits(checked.index, site[0], params.new_name)
        version = ls.workspace.get_text_document(uri).version
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            types.OptionalVersionedTextDocumentIdentifier(uri, version),
            [types.TextEdit(positions.range(e.span), e.new_text) for e in edits])])

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[":", " ", "[", ",", '"', "-", "<"]))
    def completion(ls: ArgmapLanguageServer, params: types.CompletionParams) -> types.CompletionList:
        uri = params.text_document.uri
        text = ls.text(uri)
        positions = ls.positions(uri, text)
        line, column = positions.from_client(params.position)
        state = ls.state(uri)
        checked = ls.current(uri)
        the_map = state.good.map if state.good is not None else None
        if is_argdown(checked.filename):
            titles = state.good.titles if state.good is not None else None
            choices = analysis.argdown_completions(text, line, column, checked.argdown_index, titles, the_map)
        else:
            fmt = text_format(_filename(uri), text)
            choices = analysis.completions(text, line, column, fmt, checked.index, the_map)
        items = []
        for order, choice in enumerate(choices):
            span = Span(choice.line, choice.start_column, choice.line, choice.end_column)
            items.append(types.CompletionItem(
                label=choice.label,
                kind=_COMPLETION_KIND[choice.kind],
                detail=choice.detail or None,
                documentation=choice.documentation or None,
                text_edit=types.TextEdit(positions.range(span), choice.insert),
                sort_text=f"{order:05d}",
                filter_text=choice.label,
            ))
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: ArgmapLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        state = ls.state(uri)
        checked = state.checked
        if checked is None or state.published is None or checked.text != ls.text(uri):
            return []  # diagnostics are for an older text: fixes would edit the wrong places
        positions = ls.positions(uri, checked.text)
        wanted = params.range
        selected = [(d, lsp) for d, lsp in state.published if _overlaps(lsp.range, wanted)]
        by_diagnostic = {id(d): lsp for d, lsp in selected}
        actions = []
        version = ls.workspace.get_text_document(uri).version
        fixer = analysis.argdown_code_actions if is_argdown(checked.filename) else analysis.code_actions
        for fix in fixer(checked, [d for d, _ in selected]):
            edits = [types.TextEdit(positions.range(e.span), e.new_text) for e in fix.edits]
            actions.append(types.CodeAction(
                title=fix.title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[by_diagnostic[id(fix.diagnostic)]],
                is_preferred=fix.preferred or None,
                edit=types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                    types.OptionalVersionedTextDocumentIdentifier(uri, version), edits)]),
            ))
        return actions

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: ArgmapLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        uri = params.text_document.uri
        checked = ls.current(uri)
        positions = ls.positions(uri, checked.text)

        def convert(symbol: analysis.Symbol) -> types.DocumentSymbol:
            return types.DocumentSymbol(
                name=symbol.name, kind=_SYMBOL_KIND[symbol.kind], range=positions.range(symbol.span),
                selection_range=positions.range(symbol.selection), detail=symbol.detail or None,
                children=[convert(child) for child in symbol.children] or None)

        if is_argdown(checked.filename):
            return [convert(symbol) for symbol in analysis.argdown_outline(checked.argdown_index, checked.text)]
        return [convert(symbol) for symbol in analysis.outline(checked.index)]

    return server


def _argdown_hover(ls: ArgmapLanguageServer, uri: str, checked: analysis.Checked, positions: _Positions,
                   position: types.Position) -> types.Hover | None:
    """Hover on a ``[title]`` or ``<title>``: the node it names in the current map, else in the last
    one that loaded (said to be stale)."""
    site: TitleSite | None = checked.argdown_index.site_at(*positions.from_client(position))
    if site is None:
        return None
    state = ls.state(uri)
    if state.checked is checked and checked.map is not None:
        text = analysis.argdown_hover(site, checked.titles, checked.map, checked.evaluation)
    else:
        good = state.good
        text = analysis.argdown_hover(site, good.titles if good else None, good.map if good else None,
                                      good.evaluation if good else None, stale=True)
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), positions.range(site.span))


def _site_at(checked: analysis.Checked, positions: _Positions,
             position: types.Position) -> tuple[str, Span] | None:
    """The id under the cursor and its span: from the index, else (in a text that breaks off before
    it) the word there when it is a known id."""
    line, column = positions.from_client(position)
    site = checked.index.site_at(line, column)
    if site is not None:
        return site.id, analysis.inner(site)
    text = positions.lines[line] if line < len(positions.lines) else ""
    for match in re.finditer(r"[A-Za-z0-9_-]+", text):
        if match.start() <= column <= match.end():
            word = match.group(0)
            known = word in checked.index.definitions or word in _ids_of(checked)
            return (word, Span(line, match.start(), line, match.end())) if known else None
    return None


def _ids_of(checked: analysis.Checked) -> set[str]:
    found = set(ids_in_text(checked.text))
    if checked.map is not None:
        found |= {n.id for c in ("sections", "statements", "analogies", "arguments", "attacks")
                  for n in getattr(checked.map, c)}
    return found


def _definitions_in_text(text: str, node_id: str) -> list[Span]:
    pattern = re.compile(r"""(["']?id["']?\s*:\s*["']?)(""" + re.escape(node_id) + r""")(?![A-Za-z0-9_-])""")
    spans = []
    for number, line in enumerate(_LINE_BREAK.split(text)):
        for match in pattern.finditer(line):
            spans.append(Span(number, match.start(2), number, match.end(2)))
    return spans


def _overlaps(first: types.Range, second: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(first.start) <= key(second.end) and key(second.start) <= key(first.end)


def run(debounce: float = DEFAULT_DEBOUNCE) -> None:
    """Serve the Language Server Protocol on standard input and output until the client exits."""
    create_server(debounce).start_io()

