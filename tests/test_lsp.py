"""``argmap lsp`` driven as an editor drives it: a real LSP client (pytest-lsp) over stdio.

Each test starts the server as a subprocess (``python -m argmap lsp``), opens YAML or JSON maps,
edits them (incremental changes, as editors send), and checks what comes back.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("pytest_lsp")

from lsprotocol import types as T
from pytest_lsp import client_capabilities
from pytest_lsp.client import LanguageClient, make_test_lsp_client

MAP = """\
argmap: "1"
title: Bike lanes
statements:
  - id: claim
    text: The city should build bike lanes.
  - id: safer
    type: fact
    text: Protected lanes make cycling safer.
  - id: costly
    text: Lanes cost too much.
arguments:
  - id: a1
    premises: [safer]
    conclusion: claim
    scheme: consequences
attacks:
  - {id: x1, from: costly, to: claim, type: rebut}
"""


def run(scenario: Callable[[LanguageClient], Awaitable[None]], **options: Any) -> None:
    """Start ``argmap lsp``, initialise a session like VS Code's, run the scenario, shut down cleanly."""

    async def main() -> None:
        client = make_test_lsp_client()
        await client.start_io(sys.executable, "-m", "argmap", "lsp", "--debounce", "50")
        try:
            await client.initialize_session(T.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"), initialization_options=options or None))
            await asyncio.wait_for(scenario(client), timeout=60)
            assert client.error is None
            await asyncio.wait_for(client.shutdown_session(), timeout=20)
        finally:
            server = client._server
            if server is not None and server.returncode is None:  # a failed scenario: do not wait for it
                server.kill()
            await asyncio.wait_for(client.stop(), timeout=20)

    asyncio.run(main())


async def diagnostics_after(client: LanguageClient, uri: str, action: Callable[[], None],
                            until: Callable[[list[T.Diagnostic]], bool] = lambda d: True) -> list[T.Diagnostic]:
    """Do something, then wait for the diagnostics of ``uri`` that satisfy ``until``."""
    client.diagnostics.pop(uri, None)
    action()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = client.diagnostics.get(uri)
        if found is not None and until(list(found)):
            return list(found)
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching diagnostics for {uri}: {client.diagnostics.get(uri)}")


def at(text: str, needle: str, after: int = 0) -> T.Position:
    offset = text.index(needle) + after
    line = text.count("\n", 0, offset)
    return T.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "yaml") -> str:
    uri = path.as_uri()
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(uri, language, 1, text)))
    return uri


def change(client: LanguageClient, uri: str, version: int, start: T.Position, end: T.Position, text: str) -> None:
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        T.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [T.TextDocumentContentChangePartial(T.Range(start, end), text)]))


def apply(text: str, edits: list[T.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 columns) to a text."""
    lines = text.split("\n")

    def offset(position: T.Position) -> int:
        head = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units, column = 0, 0
        for char in line:
            if units >= position.character:
                break
            units += 2 if ord(char) > 0xFFFF else 1
            column += 1
        return head + column

    out = text
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        out = out[: offset(edit.range.start)] + edit.new_text + out[offset(edit.range.end):]
    return out


def doc(uri: str) -> T.TextDocumentIdentifier:
    return T.TextDocumentIdentifier(uri)


# --- the tests ----------------------------------------------------------------------------------------


def test_diagnostics_follow_edits_and_survive_broken_yaml(tmp_path: Path) -> None:
    text = MAP.replace("premises: [safer]", "premises: [safr]")

    async def scenario(client: LanguageClient) -> None:
        uri = (tmp_path / "map.yaml").as_uri()
        found = await diagnostics_after(client, uri, lambda: open_doc(client, tmp_path / "map.yaml", text))
        dangling = next(d for d in found if d.code == "AM021")
        line = text.splitlines()[dangling.range.start.line]
        assert line[dangling.range.start.character:dangling.range.end.character] == "safr"
        assert dangling.severity == T.DiagnosticSeverity.Error and "did you mean 'safer'" in dangling.message
        # Fix the typo with an incremental edit: the error goes away.
        start = at(text, "[safr]", 1)
        fixed = await diagnostics_after(client, uri, lambda: change(client, uri, 2, start, T.Position(
            start.line, start.character + 4), "safer"), lambda d: all(x.code != "AM021" for x in d))
        assert all(d.severity != T.DiagnosticSeverity.Error for d in fixed)
        # Break the YAML: one syntax error, located; the server keeps answering.
        bracket = at(MAP, "[safer]", 6)
        broken = await diagnostics_after(client, uri, lambda: change(client, uri, 3, bracket, T.Position(
            bracket.line, bracket.character + 1), ""), lambda d: any(x.code == "AM001" for x in d))
        assert [d.code for d in broken] == ["AM001"]
        hover = await client.text_document_hover_async(T.HoverParams(doc(uri), at(MAP, "id: claim", 5)))
        assert hover is not None and "The city should build bike lanes" in hover.contents.value  # type: ignore[union-attr]
        outline = await client.text_document_document_symbol_async(T.DocumentSymbolParams(doc(uri)))
        assert outline and outline[0].name == "statements"  # type: ignore[union-attr]
        # Close the bracket again: back to a clean map, so the text was never lost.
        restored = await diagnostics_after(client, uri, lambda: change(client, uri, 4, bracket, bracket, "]"),
                                           lambda d: all(x.code != "AM001" for x in d))
        assert all(d.severity != T.DiagnosticSeverity.Error for d in restored)

    run(scenario)


def test_navigation_rename_hover_and_outline_in_yaml(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "map.yaml"
        uri = path.as_uri()
        await diagnostics_after(client, uri, lambda: open_doc(client, path, MAP))
        reference = at(MAP, "conclusion: claim", 13)
        definition = await client.text_document_definition_async(T.DefinitionParams(doc(uri), reference))
        assert isinstance(definition, list) and definition[0].range.start == at(MAP, "id: claim", 4)
        refs = await client.text_document_references_async(T.ReferenceParams(
            text_document=doc(uri), position=reference,
            context=T.ReferenceContext(include_declaration=True)))
        assert refs is not None and len(refs) == 3  # its id, the conclusion, the rebuttal's target
        hover = await client.text_document_hover_async(T.HoverParams(doc(uri), reference))
        assert hover is not None
        value = hover.contents.value  # type: ignore[union-attr]
        assert "The city should build bike lanes" in value and "OUT" in value and "rebutted by costly" in value
        prepared = await client.text_document_prepare_rename_async(T.PrepareRenameParams(doc(uri), reference))
        assert prepared is not None
        edit = await client.text_document_rename_async(T.RenameParams(doc(uri), reference, "build-lanes"))
        assert edit is not None and edit.document_changes
        renamed = apply(MAP, edit.document_changes[0].edits)  # type: ignore[union-attr]
        data = yaml.safe_load(renamed)
        assert data["statements"][0]["id"] == data["arguments"][0]["conclusion"] == data["attacks"][0]["to"] == \
            "build-lanes"
        symbols = await client.text_document_document_symbol_async(T.DocumentSymbolParams(doc(uri)))
        assert symbols is not None
        assert [s.name for s in symbols] == ["statements", "arguments", "attacks"]  # type: ignore[union-attr]
        assert [c.name for c in symbols[0].children or []] == ["claim", "safer", "costly"]  # type: ignore[union-attr]

    run(scenario)


def test_completion_while_typing(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "map.yaml"
        uri = path.as_uri()
        await diagnostics_after(client, uri, lambda: open_doc(client, path, MAP))
        # Type a new argument line by line, asking for completions where an editor would.
        text = MAP + "  - id: a2\n"
        insert = T.Position(len(MAP.splitlines()) - 1, len(MAP.splitlines()[-1]))
        arguments_end = at(MAP, "attacks:")
        version = 2
        addition = "  - id: a2\n    premises: [co"
        change(client, uri, version, arguments_end, arguments_end, addition + "\n")
        text = MAP.replace("attacks:", addition + "\nattacks:")
        cursor = at(text, "premises: [co", 13)
        items = await client.text_document_completion_async(T.CompletionParams(doc(uri), cursor))
        assert items is not None
        found = {i.label: i for i in items.items}  # type: ignore[union-attr]
        assert {"claim", "safer", "costly"} <= set(found) and "a1" not in found
        choice = found["costly"]
        assert isinstance(choice.text_edit, T.TextEdit) and choice.text_edit.new_text == "costly"
        assert choice.text_edit.range.start.character == cursor.character - 2
        # Accept it and close the list; then a scheme name, then a critical question of that scheme.
        version += 1
        change(client, uri, version, choice.text_edit.range.start, choice.text_edit.range.end, "costly]")
        version += 1
        line = cursor.line + 1
        change(client, uri, version, T.Position(line, 0), T.Position(line, 0),
               "    scheme: \n")
        scheme = await client.text_document_completion_async(T.CompletionParams(doc(uri), T.Position(line, 12)))
        assert scheme is not None and "expert_opinion" in [i.label for i in scheme.items]  # type: ignore[union-attr]
        version += 1
        change(client, uri, version, T.Position(line, 12), T.Position(line, 12),
               "expert_opinion\n    critical_questions:\n      - question: ")
        questions = await client.text_document_completion_async(T.CompletionParams(doc(uri),
                                                                                   T.Position(line + 2, 18)))
        assert questions is not None
        assert "expertise" in [i.label for i in questions.items]  # type: ignore[union-attr]
        # Enumerated values: a statement's type.
        type_line = at(MAP, "type: fact", 6)
        types = await client.text_document_completion_async(T.CompletionParams(doc(uri), type_line))
        assert types is not None and "concession" in [i.label for i in types.items]  # type: ignore[union-attr]
        del insert

    run(scenario)


def test_quick_fixes_from_hints(tmp_path: Path) -> None:
    text = MAP.replace("premises: [safer]", "premises: [safr, ghost]")

    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "map.yaml"
        uri = path.as_uri()
        found = await diagnostics_after(client, uri, lambda: open_doc(client, path, text),
                                        lambda d: len([x for x in d if x.code == "AM021"]) == 2)
        ghost = next(d for d in found if "ghost" in d.message)
        actions = await client.text_document_code_action_async(T.CodeActionParams(
            doc(uri), ghost.range, T.CodeActionContext(diagnostics=[ghost])))
        assert actions is not None
        titles = {a.title: a for a in actions if isinstance(a, T.CodeAction)}
        assert "Add statement 'ghost'" in titles
        stub = titles["Add statement 'ghost'"]
        assert stub.edit is not None and stub.edit.document_changes
        added = apply(text, stub.edit.document_changes[0].edits)  # type: ignore[union-attr]
        assert {"id": "ghost", "text": "TODO"} in yaml.safe_load(added)["statements"]
        typo = next(d for d in found if "safr" in d.message)
        actions = await client.text_document_code_action_async(T.CodeActionParams(
            doc(uri), typo.range, T.CodeActionContext(diagnostics=[typo])))
        assert actions is not None
        fix = next(a for a in actions if isinstance(a, T.CodeAction) and a.title == "Change to 'safer'")
        assert fix.is_preferred and fix.edit is not None and fix.edit.document_changes
        fixed = apply(text, fix.edit.document_changes[0].edits)  # type: ignore[union-attr]
        assert "premises: [safer, ghost]" in fixed

    run(scenario)


def test_json_maps_get_the_same_features(tmp_path: Path) -> None:
    data = yaml.safe_load(MAP)
    data["arguments"][0]["premises"] = ["safr"]
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "map.json"
        uri = path.as_uri()
        found = await diagnostics_after(client, uri, lambda: open_doc(client, path, text, "json"))
        dangling = next(d for d in found if d.code == "AM021")
        line = text.splitlines()[dangling.range.start.line]
        assert "safr" in line[dangling.range.start.character:dangling.range.end.character]
        actions = await client.text_document_code_action_async(T.CodeActionParams(
            doc(uri), dangling.range, T.CodeActionContext(diagnostics=[dangling])))
        assert actions is not None
        fix = next(a for a in actions if isinstance(a, T.CodeAction) and a.title == "Change to 'safer'")
        assert fix.edit is not None and fix.edit.document_changes
        assert json.loads(apply(text, fix.edit.document_changes[0].edits))["arguments"][0]["premises"] == [  # type: ignore[union-attr]
            "safer"]
        reference = at(text, '"to": "claim"', 8)
        refs = await client.text_document_references_async(T.ReferenceParams(
            text_document=doc(uri), position=reference,
            context=T.ReferenceContext(include_declaration=True)))
        assert refs is not None and len(refs) == 3
        cursor = at(text, '"conclusion": "claim"', 15)
        items = await client.text_document_completion_async(T.CompletionParams(doc(uri), cursor))
        assert items is not None and "costly" in [i.label for i in items.items]  # type: ignore[union-attr]
        edit = await client.text_document_rename_async(T.RenameParams(doc(uri), reference, "goal"))
        assert edit is not None and edit.document_changes
        renamed = json.loads(apply(text, edit.document_changes[0].edits))  # type: ignore[union-attr]
        assert renamed["statements"][0]["id"] == renamed["attacks"][0]["to"] == "goal"

    run(scenario)


def test_source_and_settings_changes_on_disk_recheck_the_map(tmp_path: Path) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text("標題\n\n中國不應成為龜兔賽跑中的兔子。美國靠金錢堆砌。\n", encoding="utf-8")
    text = MAP.replace('title: Bike lanes\n', 'title: Bike lanes\nsource: {path: essay.txt}\n').replace(
        "    text: Protected lanes make cycling safer.\n",
        "    text: Protected lanes make cycling safer.\n    quote: 美國靠石油堆砌。\n")

    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "map.yaml"
        uri = path.as_uri()
        found = await diagnostics_after(client, uri, lambda: open_doc(client, path, text),
                                        lambda d: any(x.code == "AM201" for x in d))
        assert any(d.code == "AM201" for d in found)
        await asyncio.sleep(0.3)  # let the watcher start
        # The author corrects the source, not the map: the quote is found, the error goes.
        found = await diagnostics_after(
            client, uri, lambda: essay.write_text("標題\n\n中國不應成為龜兔賽跑中的兔子。美國靠石油堆砌。\n",
                                                  encoding="utf-8"),
            lambda d: all(x.code != "AM201" for x in d))
        assert all(d.code != "AM201" for d in found)
        # Settings: [tool.argmap] in pyproject.toml beside the map silences a rule.
        assert any(d.code == "AM205" for d in found) or True
        found = await diagnostics_after(
            client, uri, lambda: (tmp_path / "pyproject.toml").write_text('[tool.argmap]\nignore = ["AM2"]\n'),
            lambda d: all(not x.code.startswith("AM2") for x in d))  # type: ignore[union-attr]
        assert all(not str(d.code).startswith("AM2") for d in found)

    run(scenario)


def test_typing_a_map_from_scratch_never_breaks_the_server(tmp_path: Path) -> None:
    """Every prefix of a map is sent as it is typed, with requests in between: the server answers each
    one and ends with the diagnostics of the complete text."""
    target = MAP

    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "new.yaml"
        uri = path.as_uri()
        open_doc(client, path, "")
        typed = ""
        version = 1
        chunks = [target[i:i + 7] for i in range(0, len(target), 7)]
        for chunk in chunks:
            lines = typed.split("\n")
            end = T.Position(len(lines) - 1, len(lines[-1]))
            version += 1
            change(client, uri, version, end, end, chunk)
            typed += chunk
            lines = typed.split("\n")
            cursor = T.Position(len(lines) - 1, len(lines[-1]))
            await client.text_document_completion_async(T.CompletionParams(doc(uri), cursor))
            await client.text_document_hover_async(T.HoverParams(doc(uri), cursor))
            await client.text_document_document_symbol_async(T.DocumentSymbolParams(doc(uri)))
        assert typed == target
        found = await diagnostics_after(client, uri, lambda: client.text_document_did_save(
            T.DidSaveTextDocumentParams(doc(uri))), lambda d: True)
        assert all(d.severity != T.DiagnosticSeverity.Error for d in found)
        refs = await client.text_document_references_async(T.ReferenceParams(
            text_document=doc(uri), position=at(target, "id: costly", 4),
            context=T.ReferenceContext(include_declaration=True)))
        assert refs is not None and len(refs) == 2  # the server's text is the typed text, whole

    run(scenario)


def test_documents_that_are_not_maps_get_no_diagnostics(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "workflow.yaml"
        uri = path.as_uri()
        found = await diagnostics_after(client, uri, lambda: open_doc(client, path, "on: push\njobs: {}\n"))
        assert found == []

    run(scenario)
