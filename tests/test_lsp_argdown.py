"""``argmap lsp`` on Argdown documents, driven as an editor drives it: pytest-lsp over stdio.

The same features as for YAML and JSON maps (see tests/test_lsp.py), in Argdown's terms: a
statement is ``[title]``, an argument ``<title>``, a section a heading.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytest_lsp")

from lsprotocol import types as T
from pytest_lsp.client import LanguageClient

from argmap.io.argdown import keeping_titles, reads
from argmap.io.argdown_syntax import title_occurrences
from tests.test_lsp import apply, at, change, diagnostics_after, doc, open_doc, run

DEBATE = """\
===
title: Trees
===

# Why plant trees

[Claim]: Cities should plant more trees. #policy
  + <Shade>: Trees cool the streets.
  - [Cost]: Trees cost money to water.
    - [Cheap]: Watering is cheap compared with @[Claim].

## Heat

<Shade>

(1) [Heat]: Streets are too hot in summer.
(2) [Cool]: Trees cool what is under them.
-- expert opinon --
(3) [Claim]
"""


def titles(text: str, kind: str, title: str) -> list[str]:
    """The roles in which Argdown's own lexer finds a title in a text."""
    return [o.role for o in title_occurrences(text)[0] if o.kind == kind and o.title == title]


def test_hover_definition_references_and_outline(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "trees.argdown"
        uri = path.as_uri()
        found = await diagnostics_after(client, uri, lambda: open_doc(client, path, DEBATE, "argdown"),
                                        lambda d: any(x.code == "AM401" for x in d))
        # A rule's finding about an argument sits on the argument's title where it is defined.
        scheme = next(d for d in found if d.code == "AM401")
        line = DEBATE.splitlines()[scheme.range.start.line]
        assert line[scheme.range.start.character:scheme.range.end.character] == "Shade"
        assert scheme.range.start == at(DEBATE, "<Shade>:", 1)
        # Hover on a mention: the statement's text, type, section and grounded status with why.
        mention = at(DEBATE, "@[Claim]", 3)
        hover = await client.text_document_hover_async(T.HoverParams(doc(uri), mention))
        assert hover is not None
        value = hover.contents.value  # type: ignore[union-attr]
        assert "Cities should plant more trees" in value and "Why plant trees" in value
        assert "IN" in value and "argument Shade for it holds" in value
        # On an argument's reference: its premises and conclusion.
        hover = await client.text_document_hover_async(T.HoverParams(doc(uri), at(DEBATE, "\n<Shade>\n", 3)))
        assert hover is not None and "`Heat`, `Cool` → `Claim`" in hover.contents.value  # type: ignore[union-attr]
        # Definition from the reference in the premise-conclusion structure; references of it.
        reference = at(DEBATE, "(3) [Claim]", 6)
        definition = await client.text_document_definition_async(T.DefinitionParams(doc(uri), reference))
        assert isinstance(definition, list) and [d.range.start for d in definition] == [at(DEBATE, "[Claim]:", 1)]
        refs = await client.text_document_references_async(T.ReferenceParams(
            text_document=doc(uri), position=reference, context=T.ReferenceContext(include_declaration=True)))
        assert refs is not None and len(refs) == len(titles(DEBATE, "statement", "Claim")) == 3
        without = await client.text_document_references_async(T.ReferenceParams(
            text_document=doc(uri), position=reference, context=T.ReferenceContext(include_declaration=False)))
        assert without is not None and len(without) == 2
        # The outline: headings as sections (nested), the titles first written under each.
        symbols = await client.text_document_document_symbol_async(T.DocumentSymbolParams(doc(uri)))
        assert symbols is not None and [s.name for s in symbols] == ["Why plant trees"]  # type: ignore[union-attr]
        top = symbols[0]
        assert isinstance(top, T.DocumentSymbol) and top.kind == T.SymbolKind.Namespace
        names = [c.name for c in top.children or []]
        assert names == ["[Claim]", "<Shade>", "[Cost]", "[Cheap]", "Heat"]
        heat = (top.children or [])[-1]
        assert [c.name for c in heat.children or []] == ["[Heat]", "[Cool]"]
        kinds = {c.name: c.kind for c in top.children or []}
        assert kinds["<Shade>"] == T.SymbolKind.Function and kinds["[Claim]"] == T.SymbolKind.String

    run(scenario)


def test_rename_a_title_everywhere_and_refuse_titles_that_would_not_parse(tmp_path: Path) -> None:
    from argmap import load, loads
    from argmap.io import argdown

    exported = argdown.dumps(load(Path(__file__).resolve().parents[1] / "examples" / "bike-lanes.yaml"))

    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "trees.argdown"
        uri = path.as_uri()
        await diagnostics_after(client, uri, lambda: open_doc(client, path, DEBATE, "argdown"))
        cursor = at(DEBATE, "[Claim]:", 2)
        prepared = await client.text_document_prepare_rename_async(T.PrepareRenameParams(doc(uri), cursor))
        assert prepared is not None and prepared.start == at(DEBATE, "[Claim]:", 1)  # type: ignore[union-attr]
        edit = await client.text_document_rename_async(T.RenameParams(doc(uri), cursor, "More trees"))
        assert edit is not None and edit.document_changes
        renamed = apply(DEBATE, edit.document_changes[0].edits)  # type: ignore[union-attr]
        assert titles(renamed, "statement", "Claim") == []
        assert titles(renamed, "statement", "More trees") == ["definition", "mention", "reference"]
        with keeping_titles() as kept:
            after = reads(renamed).map
        goal = kept[renamed].statements["More trees"]  # the id the reader gives the new title
        assert "Claim" not in kept[renamed].statements
        assert [a.conclusion for a in after.arguments if a.id == "Shade"] == [goal]
        assert [a.to for a in after.attacks if a.to == goal]  # Cost still attacks it
        # Names Argdown would read otherwise are refused, with the reason; so is a title in use.
        for bad in ("a]b", "", " lead", "two\nlines", "Cost"):
            with pytest.raises(Exception, match="title"):
                await client.text_document_rename_async(T.RenameParams(doc(uri), cursor, bad))
        # An exported map: the front matter's extension names titles too, and is renamed with them.
        other = tmp_path / "bike.argdown"
        other_uri = other.as_uri()
        await diagnostics_after(client, other_uri, lambda: open_doc(client, other, exported, "argdown"))
        where = at(exported, "[shops-lose]:", 2)
        edit = await client.text_document_rename_async(T.RenameParams(doc(other_uri), where, "shops-suffer"))
        assert edit is not None and edit.document_changes
        again = apply(exported, edit.document_changes[0].edits)  # type: ignore[union-attr]
        original, back = loads(exported, "argdown"), loads(again, "argdown")
        assert "[shops-lose]" not in again
        # the extension still fits: every attack keeps its id and section
        assert [(a.id, a.section) for a in back.attacks] == [(a.id, a.section) for a in original.attacks]

    run(scenario)


def test_completion_of_titles_while_typing(tmp_path: Path) -> None:
    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "trees.argdown"
        uri = path.as_uri()
        await diagnostics_after(client, uri, lambda: open_doc(client, path, DEBATE, "argdown"))
        lines = DEBATE.split("\n")
        end = T.Position(len(lines) - 1, 0)
        change(client, uri, 2, end, end, "\n[Co")
        cursor = T.Position(end.line + 1, 3)
        items = await client.text_document_completion_async(T.CompletionParams(doc(uri), cursor))
        assert items is not None
        found = {i.label: i for i in items.items}  # type: ignore[union-attr]
        assert {"Claim", "Cost", "Cheap", "Heat", "Cool"} <= set(found) and "Shade" not in found
        choice = found["Cost"]
        assert isinstance(choice.text_edit, T.TextEdit) and choice.text_edit.new_text == "Cost]"
        assert choice.text_edit.range.start.character == 1 and choice.documentation == "Trees cost money to water."
        # After '<' in a relation: argument titles, the closing bracket there already.
        change(client, uri, 3, T.Position(cursor.line, 0), T.Position(cursor.line, 3), "  + <S>")
        items = await client.text_document_completion_async(T.CompletionParams(doc(uri),
                                                                               T.Position(cursor.line, 6)))
        assert items is not None and [i.label for i in items.items] == ["Shade"]  # type: ignore[union-attr]
        assert items.items[0].text_edit.new_text == "Shade"  # type: ignore[union-attr]
        # A relation arrow or a comment is not an argument's title.
        change(client, uri, 4, T.Position(cursor.line, 0), T.Position(cursor.line, 7), "  <-")
        items = await client.text_document_completion_async(T.CompletionParams(doc(uri),
                                                                               T.Position(cursor.line, 4)))
        assert items is not None and list(items.items) == []  # type: ignore[union-attr]

    run(scenario)


def test_quick_fixes_from_the_argdown_hints(tmp_path: Path) -> None:
    glued = "[A]: Trees help.\n[B]: They cost.\n"
    italic = "[A]: Trees help *a lot.\n"
    scheme = DEBATE

    async def scenario(client: LanguageClient) -> None:
        for name, text, code, title in (("glued", glued, "AM001", "Insert an empty line before this"),
                                        ("italic", italic, "AM001", "Escape '*' (write it as itself)"),
                                        ("scheme", scheme, "AM401", "Change to 'expert_opinion'")):
            path = tmp_path / f"{name}.argdown"
            uri = path.as_uri()
            found = await diagnostics_after(client, uri, lambda p=path, t=text: open_doc(client, p, t, "argdown"),
                                            lambda d, c=code: any(x.code == c for x in d))
            problem = next(d for d in found if d.code == code)
            actions = await client.text_document_code_action_async(T.CodeActionParams(
                doc(uri), problem.range, T.CodeActionContext(diagnostics=[problem])))
            assert actions is not None
            fix = next(a for a in actions if isinstance(a, T.CodeAction) and a.title == title)
            assert fix.edit is not None and fix.edit.document_changes
            fixed = apply(text, fix.edit.document_changes[0].edits)  # type: ignore[union-attr]
            result = reads(fixed).map  # it now reads (and the fix is what the hint said)
            if name == "scheme":
                assert [a.scheme for a in result.arguments if a.id == "Shade"] == ["expert_opinion"]
            elif name == "italic":
                assert result.statements[0].text == "Trees help *a lot."
            else:
                assert [s.id for s in result.statements] == ["A", "B"]

    run(scenario)


def test_broken_argdown_keeps_every_feature_answering(tmp_path: Path) -> None:
    """Typed character by character, with requests in between: every request gets an answer, hover
    falls back to the last map that loaded, and the final text is the typed one."""

    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "new.argdown"
        uri = path.as_uri()
        open_doc(client, path, "", "argdown")
        typed, version = "", 1
        for chunk in [DEBATE[i:i + 9] for i in range(0, len(DEBATE), 9)]:
            lines = typed.split("\n")
            end = T.Position(len(lines) - 1, len(lines[-1]))
            version += 1
            change(client, uri, version, end, end, chunk)
            typed += chunk
            lines = typed.split("\n")
            cursor = T.Position(len(lines) - 1, max(len(lines[-1]) - 1, 0))
            assert await client.text_document_completion_async(T.CompletionParams(doc(uri), cursor)) is not None
            await client.text_document_hover_async(T.HoverParams(doc(uri), cursor))
            assert await client.text_document_document_symbol_async(T.DocumentSymbolParams(doc(uri))) is not None
            await client.text_document_references_async(T.ReferenceParams(
                text_document=doc(uri), position=cursor, context=T.ReferenceContext(include_declaration=True)))
        assert typed == DEBATE
        found = await diagnostics_after(client, uri, lambda: client.text_document_did_save(
            T.DidSaveTextDocumentParams(doc(uri))), lambda d: any(x.code == "AM401" for x in d))
        assert all(d.severity != T.DiagnosticSeverity.Error for d in found)
        # Now break it (an unclosed bold range): located error; hover still describes the last good map.
        start = at(DEBATE, "Trees cost")
        broken = await diagnostics_after(client, uri, lambda: change(client, uri, version + 1, start, start, "**"),
                                         lambda d: any(x.code == "AM001" for x in d))
        error = next(d for d in broken if d.code == "AM001")
        assert error.range.start == start and "bold" in error.message
        hover = await client.text_document_hover_async(T.HoverParams(doc(uri), at(DEBATE, "[Heat]", 2)))
        assert hover is not None and "Streets are too hot" in hover.contents.value  # type: ignore[union-attr]
        assert "last version" in hover.contents.value  # type: ignore[union-attr]
        refs = await client.text_document_references_async(T.ReferenceParams(
            text_document=doc(uri), position=at(DEBATE, "[Claim]", 2),
            context=T.ReferenceContext(include_declaration=True)))
        assert refs is not None and len(refs) == 3  # the lexer still finds every title
        # A lone backslash stops Argdown's lexer: renaming is refused (a title after it could be missed).
        last = T.Position(len(DEBATE.split("\n")) - 1, 0)
        change(client, uri, version + 2, last, last, "[Z]: z \\")
        await diagnostics_after(client, uri, lambda: None, lambda d: any("backslash" in x.message for x in d))
        prepared = await client.text_document_prepare_rename_async(T.PrepareRenameParams(
            doc(uri), at(DEBATE, "[Claim]", 2)))
        assert prepared is None

    run(scenario)


# --- the pieces, without a client -------------------------------------------------------------------


def test_titles_are_found_where_argdowns_lexer_sees_them() -> None:
    text = ("[A]: see [a link](http://x.org) and \\[not a title\\] <!-- [B]: hidden -->\n"
            "  + [C]: and @[A] @<D>\n")
    found = [(o.kind, o.role, o.title) for o in title_occurrences(text)[0]]
    assert found == [("statement", "definition", "A"), ("statement", "definition", "C"),
                     ("statement", "mention", "A"), ("argument", "mention", "D")]
    for o in title_occurrences(text)[0]:
        assert text[o.start:o.end] == o.title
    # a lexer error keeps the titles before it, and says so
    found, error = title_occurrences("[A]: a\n\n[B]: b \\")
    assert [o.title for o in found] == ["A", "B"] and error is not None


def test_rename_keeps_the_front_matter_extension_readable() -> None:
    from argmap import loads
    from argmap.io import argdown
    from argmap.lsp.analysis import argdown_rename_edits
    from argmap.lsp.index import build_argdown_index

    original = loads('argmap: "1"\nstatements:\n  - {id: a, text: A, type: fact, metadata: {argdown: {title: "x=y"}}}\n'
                     '  - {id: b, text: B}\narguments:\n  - {id: r, premises: [b], conclusion: a}\n')
    text = argdown.dumps(original)
    edits = argdown_rename_edits(build_argdown_index(text), text, "statement", "x=y", 'say "no" = z')
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.span.start_line, e.span.start_column), reverse=True):
        row = lines[edit.span.start_line]
        lines[edit.span.start_line] = row[:edit.span.start_column] + edit.new_text + row[edit.span.end_column:]
    back = loads("\n".join(lines), "argdown")
    assert [(s.id, s.type) for s in back.statements] == [("a", "fact"), ("b", "claim")]  # the extension still fits
    assert back.arguments[0].conclusion == "a"


def test_rule_findings_land_on_the_titles_of_restatements_and_inference_steps(tmp_path: Path) -> None:
    from argmap.errors import Diagnostic, Location
    from argmap.lsp.analysis import check_text, diagnostic_span

    text = ("[T]: Trees help.\n\n[T]: Trees are good for cities.\n\n<Arg>\n\n(1) [P]: p\n----\n(2) [Q]: q\n"
            "----\n(3) [T]\n")
    checked = check_text(text, str(tmp_path / "steps.argdown"))
    assert checked.map is not None
    lines = text.split("\n")

    def placed(path: tuple[str | int, ...]) -> tuple[int, str]:
        span = diagnostic_span(Diagnostic("AM999", "x", Location(None, None, None, path)), checked.locator,
                               checked.lines)
        return span.start_line, lines[span.start_line][span.start_column:span.end_column]

    restated = next(i for i, s in enumerate(checked.map.statements) if s.restates)
    assert placed(("statements", restated, "text")) == (2, "T")  # the second member of [T]'s class
    for number, argument in enumerate(checked.map.arguments):  # both inference steps: on <Arg>
        assert placed(("arguments", number)) == (4, "Arg"), argument.id


def test_titles_beyond_ascii_are_placed_in_the_clients_units(tmp_path: Path) -> None:
    text = "[主張 😀]: 城市應該種更多的樹。\n  + [陰涼]: 樹 😀 讓街道涼快，見 @[主張 😀]。\n"

    async def scenario(client: LanguageClient) -> None:
        path = tmp_path / "樹.argdown"
        uri = path.as_uri()
        await diagnostics_after(client, uri, lambda: open_doc(client, path, text, "argdown"))
        lines = text.split("\n")
        column = lines[1].index("@[主張") + 2  # where the title starts, in code points
        cursor = T.Position(1, column + 1 + 1)  # in UTF-16 units: the emoji before it is two; one into the title
        refs = await client.text_document_references_async(T.ReferenceParams(
            text_document=doc(uri), position=cursor, context=T.ReferenceContext(include_declaration=True)))
        assert refs is not None and len(refs) == 2
        for ref in refs:
            row = lines[ref.range.start.line].encode("utf-16-le")
            written = row[ref.range.start.character * 2:ref.range.end.character * 2].decode("utf-16-le")
            assert written == "主張 😀"
        hover = await client.text_document_hover_async(T.HoverParams(doc(uri), cursor))
        assert hover is not None and "城市應該種更多的樹" in hover.contents.value  # type: ignore[union-attr]

    run(scenario)
