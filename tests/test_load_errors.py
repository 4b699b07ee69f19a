"""Every kind of loading error: reported with code, line, column and map path, all at once."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import argmap
from argmap import Limits, MapError

Problem = tuple[str, int | None, int | None, str]


def problems(text: str | bytes, fmt: str | None = None, **options: object) -> list[Problem]:
    with pytest.raises(MapError) as info:
        argmap.loads(text, fmt, filename="m", **options)  # type: ignore[arg-type]
    from argmap.errors import format_path

    return [(d.code, d.location.line, d.location.column, format_path(d.location.path))
            for d in info.value.diagnostics]


def codes(text: str | bytes, fmt: str | None = None, **options: object) -> list[str]:
    return [p[0] for p in problems(text, fmt, **options)]


# --- syntax and encoding -------------------------------------------------------------------


def test_yaml_syntax_error_is_located() -> None:
    text = 'argmap: "1"\nstatements:\n  - id: c\n    text: [unclosed\n'
    [(code, line, _, _)] = problems(text, "yaml")
    assert code == "AM001"
    assert line == 5  # where the parser noticed the missing bracket (end of input)


def test_json_syntax_error_is_located() -> None:
    text = '{"argmap": "1",\n "statements": [\n  {"id": "c", "text": "x",}\n ]}'
    [(code, line, column, _)] = problems(text, "json")
    assert (code, line, column) == ("AM001", 3, 27)


def test_invalid_utf8_names_line_and_column() -> None:
    raw = 'argmap: "1"\ntitle: 中文\xff'.encode().replace("\xff".encode(), b"\xff")
    with pytest.raises(MapError) as info:
        argmap.loads(raw, "yaml", filename="m")
    [d] = info.value.diagnostics
    assert d.code == "AM002"
    assert (d.location.line, d.location.column) == (2, 10)
    assert "UTF-8" in d.message and d.hint


def test_bom_and_crlf_are_handled(minimal_yaml: str) -> None:
    raw = b"\xef\xbb\xbf" + minimal_yaml.replace("\n", "\r\n").encode()
    m = argmap.loads(raw, "yaml")
    assert [s.id for s in m.statements] == ["p", "c"]
    crlf_bad = minimal_yaml.replace("conclusion: c", "conclusion: z").replace("\n", "\r\n")
    # CRLF must not shift reported lines
    assert problems(crlf_bad, "yaml") == [("AM021", 10, 17, "arguments[0].conclusion")]


def test_utf16_with_bom_is_decoded(minimal_yaml: str) -> None:
    m = argmap.loads(minimal_yaml.encode("utf-16"), "yaml")
    assert len(m.statements) == 2


# --- shape ---------------------------------------------------------------------------------


def test_wrong_type_missing_field_and_unknown_key_all_reported(minimal_yaml: str) -> None:
    text = minimal_yaml.replace("  - id: c\n    text: C\n", "  - id: c\n    type: claims\n    txt: C\n")
    found = problems(text, "yaml")
    assert ("AM010", 6, 11, "statements[1].type") in found
    assert ("AM012", 7, 5, "statements[1].txt") in found
    # one mistake, one error: the misspelt key is not reported again as a missing 'text'
    assert ("AM011", 5, 5, "statements[1].text") not in found
    # a key that is simply missing points at the object that should hold it
    assert ("AM011", 5, 5, "statements[1].text") in problems(text.replace("    txt: C\n", ""), "yaml")


def test_unknown_key_suggests_the_right_one() -> None:
    with pytest.raises(MapError) as info:
        argmap.loads('argmap: "1"\narguments:\n  - {id: a, premise: [p], conclusion: c}\n', "yaml")
    unknown = [d for d in info.value.diagnostics if d.code == "AM012"]
    assert unknown[0].hint == "did you mean 'premises'?"


def test_top_level_must_be_a_mapping() -> None:
    assert codes("- a\n- b\n", "yaml") == ["AM010"]
    assert codes("", "yaml") == ["AM010"]
    assert codes("[]", "json") == ["AM010"]


def test_version_as_number_gets_a_hint() -> None:
    with pytest.raises(MapError) as info:
        argmap.loads("argmap: 1\n", "yaml")
    [d] = info.value.diagnostics
    assert d.code == "AM010" and d.hint and '"1"' in d.hint


def test_linked_takes_only_true_or_false() -> None:
    base = 'argmap: "1"\nstatements: [{id: p, text: P}, {id: c, text: C}]\narguments:\n'
    for value in ("yes", "1", '"true"', "on"):
        with pytest.raises(MapError) as info:
            argmap.loads(base + f"  - {{id: a, premises: [p], conclusion: c, linked: {value}}}\n", "yaml")
        [d] = info.value.diagnostics
        assert (d.code, d.location.path) == ("AM010", ("arguments", 0, "linked")), value
        assert d.hint and "true or false" in d.hint
    m = argmap.loads(base + "  - {id: a, premises: [p], conclusion: c, linked: false}\n", "yaml")
    assert m.arguments[0].linked is False


def test_yaml_11_booleans_and_dates_stay_text() -> None:
    m = argmap.loads('argmap: "1"\nstatements:\n  - {id: s, text: no}\n  - {id: t, text: 2025-01-28}\n', "yaml")
    assert [s.text for s in m.statements] == ["no", "2025-01-28"]


def test_unsafe_yaml_tags_are_refused() -> None:
    assert codes('argmap: "1"\ntitle: !!python/object/apply:os.system ["echo hi"]\n', "yaml") == ["AM001"]


# --- cross references ------------------------------------------------------------------------


def test_duplicate_ids_across_collections() -> None:
    text = 'argmap: "1"\nstatements:\n  - {id: a, text: x}\narguments:\n  - {id: a, premises: [a], conclusion: a}\n'
    found = problems(text, "yaml")
    assert ("AM020", 5, 10, "arguments[0].id") in found


def test_dangling_references_everywhere() -> None:
    text = """\
argmap: "1"
main_conclusions: [nowhere]
statements:
  - {id: claim, text: x, section: s9}
arguments:
  - id: a1
    premises: [claim, clam]
    conclusion: missing
attacks:
  - {id: x1, from: ghost, to: claim}
"""
    found = problems(text, "yaml")
    assert ("AM021", 2, 20, "main_conclusions[0]") in found
    assert ("AM021", 4, 35, "statements[0].section") in found
    assert ("AM021", 7, 23, "arguments[0].premises[1]") in found
    assert ("AM021", 8, 17, "arguments[0].conclusion") in found
    assert ("AM021", 10, 20, "attacks[0].from") in found


def test_dangling_reference_suggests_close_id() -> None:
    with pytest.raises(MapError) as info:
        argmap.loads('argmap: "1"\nstatements: [{id: thesis, text: x}]\n'
                     "arguments: [{id: a, premises: [theses], conclusion: thesis}]\n", "yaml")
    [d] = info.value.diagnostics
    assert d.hint == "did you mean 'thesis'?"


def test_wrong_target_kinds() -> None:
    text = """\
argmap: "1"
sections: [{id: s, title: S}]
statements:
  - {id: p, text: x}
  - {id: c, text: y}
arguments:
  - {id: a, premises: [p, s], conclusion: a}
attacks:
  - {id: u, from: p, to: c, type: undercut}
  - {id: r, from: a, to: a, type: rebut}
"""
    found = {(code, path) for code, _, _, path in problems(text, "yaml")}
    assert found == {
        ("AM022", "arguments[0].premises[1]"),
        ("AM022", "arguments[0].conclusion"),
        ("AM022", "attacks[0].to"),
        ("AM022", "attacks[1].from"),
        ("AM022", "attacks[1].to"),
    }


def test_json_errors_are_located_too() -> None:
    text = json.dumps({"argmap": "1", "statements": [{"id": "p", "text": "x"}],
                       "arguments": [{"id": "a", "premises": ["p", "q"], "conclusion": "p", "extra": 1}]},
                      indent=2)
    found = problems(text, "json")
    lines = text.splitlines()
    for code, line, column, path in found:
        assert line is not None and column is not None
        snippet = lines[line - 1][column - 1:]
        if code == "AM021":
            assert path == "arguments[0].premises[1]" and snippet.startswith('"q"')
        if code == "AM012":
            assert path == "arguments[0].extra" and snippet.startswith('"extra"')
    assert sorted(p[0] for p in found) == ["AM012", "AM021"]


def test_errors_are_sorted_and_capped() -> None:
    statements = "".join(f"  - {{id: s{i}, text: x, bad: 1}}\n" for i in range(50))
    with pytest.raises(MapError) as info:
        argmap.loads('argmap: "1"\nstatements:\n' + statements, "yaml", max_errors=10)
    diagnostics = info.value.diagnostics
    assert len(diagnostics) == 11 and "40 more" in diagnostics[-1].message
    lines = [d.location.line or 0 for d in diagnostics[:-1]]
    assert lines == sorted(lines)


# --- duplicate keys ------------------------------------------------------------------------------


def test_duplicate_keys_yaml() -> None:
    text = 'argmap: "1"\nstatements:\n  - id: p\n    text: one\n    text: two\n'
    assert problems(text, "yaml") == [("AM004", 5, 5, "statements[0].text")]


def test_duplicate_keys_json() -> None:
    text = '{"argmap": "1", "statements": [{"id": "p", "text": "one", "text": "two"}]}'
    [(code, line, _, path)] = problems(text, "json")
    assert (code, line, path) == ("AM004", 1, "statements[0].text")


# --- hostile input ---------------------------------------------------------------------------------


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    found = problems("\n".join(lines) + "\n", "yaml")
    assert found[0][0] == "AM003"
    assert time.perf_counter() - started < 5  # linear, not exponential (generous bound)


def test_recursive_alias_is_refused() -> None:
    assert codes("argmap: &x [*x]\n", "yaml") == ["AM003"]


def test_small_aliases_are_fine() -> None:
    text = 'argmap: "1"\nstatements:\n  - {id: p, text: x, tags: &t [a, b]}\n  - {id: q, text: y, tags: *t}\n'
    assert argmap.loads(text, "yaml").statements[1].tags == ["a", "b"]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_deep_nesting_is_refused(fmt: str) -> None:
    depth = 200_000
    text = "[" * depth + "]" * depth
    assert codes(text, fmt) == ["AM003"]


def test_deep_block_yaml_nesting_is_refused() -> None:
    text = "".join(" " * i + "- \n" for i in range(0, 3000, 1)) + " " * 3000 + "x\n"
    assert codes(text, "yaml")[0] in ("AM003", "AM001")


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, instant to make
    with pytest.raises(MapError) as info:
        argmap.load(big)
    [d] = info.value.diagnostics
    assert d.code == "AM003" and "104,857,600" in d.message


def test_size_limit_applies_to_text_too() -> None:
    assert codes('argmap: "1"\n' + "#" * 100, "yaml", limits=Limits(max_bytes=50)) == ["AM003"]


def test_missing_file_is_an_io_error(tmp_path: Path) -> None:
    with pytest.raises(MapError) as info:
        argmap.load(tmp_path / "nope.yaml")
    assert info.value.diagnostics[0].code == "AM005"


# --- source paths --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["../essay.txt", "/etc/passwd", "a/../../b.txt", "C:\\x.txt", "..\\x.txt"])
def test_source_path_may_not_escape(path: str) -> None:
    text = f'argmap: "1"\nsource:\n  path: {json.dumps(path)}\n'
    assert problems(text, "yaml") == [("AM023", 3, 9, "source.path")]
    assert argmap.loads(text, "yaml", allow_outside_source=True).source is not None


@pytest.mark.parametrize("path", ["essay.txt", "texts/essay.txt", "a/../essay.txt", "./essay.txt"])
def test_source_path_inside_is_fine(path: str) -> None:
    assert argmap.loads(f'argmap: "1"\nsource: {{path: "{path}"}}\n', "yaml").source is not None


def test_source_path_symlink_escape_is_caught(tmp_path: Path) -> None:
    from argmap.io import source_path

    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    folder = tmp_path / "maps"
    folder.mkdir()
    os.symlink(outside, folder / "essay.txt")
    (folder / "m.yaml").write_text('argmap: "1"\nsource: {path: essay.txt}\n')
    m = argmap.load(folder / "m.yaml")
    with pytest.raises(MapError) as info:
        source_path(m, folder / "m.yaml")
    assert info.value.diagnostics[0].code == "AM023"
    assert source_path(m, folder / "m.yaml", allow_outside=True) == outside.resolve()


def test_premise_listed_twice() -> None:
    text = 'argmap: "1"\nstatements: [{id: p, text: x}, {id: c, text: y}]\n' \
           "arguments: [{id: a, premises: [p, p], conclusion: c}]\n"
    assert problems(text, "yaml") == [("AM024", 3, 35, "arguments[0].premises[1]")]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_enormous_integer_is_located(fmt: str) -> None:
    number = "1" * 5000
    if fmt == "json":
        text = f'{{"argmap": "1",\n "metadata": {{"x": {number}}}}}'
    else:
        text = f'argmap: "1"\nmetadata: {{x: {number}}}\n'
    [(code, line, column, _)] = problems(text, fmt)
    assert code == "AM003" and line == 2
    assert text.splitlines()[1][column - 1:].startswith("1111")


def test_control_character_is_located() -> None:
    [(code, line, column, _)] = problems('argmap: "1"\ntitle: a\x00b\n', "yaml")
    assert (code, line, column) == ("AM001", 2, 9)


def test_several_documents_are_refused() -> None:
    assert codes('---\nargmap: "1"\n---\nargmap: "1"\n', "yaml") == ["AM001"]


def test_errors_in_large_json_are_located_quickly() -> None:
    statements = [{"id": f"s{i}", "text": "x" * 40} for i in range(50_000)]
    arguments = [{"id": f"a{i}", "premises": [f"s{i}"], "conclusion": f"s{i + 1}"} for i in range(49_999)]
    arguments[40_000]["premises"] = ["missing"]
    text = json.dumps({"argmap": "1", "statements": statements, "arguments": arguments})
    started = time.perf_counter()
    [(code, line, column, path)] = problems(text, "json")
    assert (code, path) == ("AM021", "arguments[40000].premises[0]")
    assert line == 1 and text[column - 1:].startswith('"missing"')
    assert time.perf_counter() - started < 20  # a pure-Python source map took minutes at this size


def test_json_with_tabs_is_located() -> None:
    text = '{\n\t"argmap": "1",\n\t"statements": [\n\t\t{"id": "p", "txt": "x"}\n\t]\n}'
    found = problems(text, "json")
    assert ("AM012", 4, 15, "statements[0].txt") in found


def test_an_unknown_key_like_no_allowed_one_lists_the_allowed_keys() -> None:
    # "k" is close to no key and is no known synonym: no "did you mean 'None'" (a past bug)
    with pytest.raises(MapError) as caught:
        argmap.loads('argmap: "1"\nk: title\n')
    hint = caught.value.diagnostics[0].hint or ""
    assert "None" not in hint and hint.startswith("allowed keys:")
