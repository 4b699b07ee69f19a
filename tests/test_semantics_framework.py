"""The framework type and its file formats: building, reading with located errors, writing, limits."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from argmap.errors import MapError
from argmap.semantics import (
    AFLimits,
    ArgumentationFramework,
    detect_af_format,
    format_af,
    parse_af,
    read_af,
    write_af,
)


def diagnostics(text: str | bytes, fmt: str | None = None, **kwargs: object) -> list[str]:
    with pytest.raises(MapError) as caught:
        parse_af(text, fmt, filename="f", **kwargs)  # type: ignore[arg-type]
    return [str(d) for d in caught.value.diagnostics]


# --- the type --------------------------------------------------------------------------------


def test_names_keep_order_and_repeats_count_once() -> None:
    af = ArgumentationFramework(["b", "a", "b"], [("a", "b"), ("a", "b"), ("c", "a")])
    assert af.arguments == ("b", "a", "c")  # c comes from an attack, after the declared ones
    assert af.attacks == [("a", "b"), ("c", "a")]
    assert af.attackers("a") == ["c"] and af.targets("a") == ["b"] and af.attackers("c") == []
    assert "c" in af and "z" not in af and 1 not in af
    assert len(af) == 3 and list(af) == ["b", "a", "c"]
    assert af == ArgumentationFramework(["a", "b", "c"], [("c", "a"), ("a", "b")])
    assert af != ArgumentationFramework(["a", "b", "c"], [("a", "b")])
    assert "3 arguments and 2 attacks" in repr(af)


def test_unknown_names_and_bad_types_are_refused() -> None:
    af = ArgumentationFramework(["a"])
    with pytest.raises(KeyError, match="no argument named 'x'"):
        af.index("x")
    with pytest.raises(TypeError):
        ArgumentationFramework([1])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        ArgumentationFramework(["a"], [("a", 2)])  # type: ignore[list-item]


def test_from_indices_checks_its_input() -> None:
    af = ArgumentationFramework.from_indices(3, array("i", [0, 2]), [1, 1], names=["x", "y", "z"])
    assert af.attacks == [("x", "y"), ("z", "y")]
    with pytest.raises(ValueError, match="out of range"):
        ArgumentationFramework.from_indices(2, [0], [2])
    with pytest.raises(ValueError, match="out of range"):
        ArgumentationFramework.from_indices(2, [-1], [0])
    with pytest.raises(ValueError, match="differ in length"):
        ArgumentationFramework.from_indices(2, [0, 1], [0])
    with pytest.raises(ValueError, match="unique"):
        ArgumentationFramework.from_indices(2, [], [], names=["a", "a"])
    with pytest.raises(ValueError, match="2 names given for 3"):
        ArgumentationFramework.from_indices(3, [], [], names=["a", "b"])
    with pytest.raises(ValueError, match="at least 0"):
        ArgumentationFramework.from_indices(-1, [], [])


def test_from_indices_takes_numpy_arrays_without_copying_per_element() -> None:
    np = pytest.importorskip("numpy")
    src = np.array([0, 1, 2], dtype=np.int32)
    dst = np.array([1, 2, 0], dtype=np.int64)  # another width is converted
    af = ArgumentationFramework.from_indices(3, src, dst)
    assert af.attacks == [("1", "2"), ("2", "3"), ("3", "1")]


# --- reading -----------------------------------------------------------------------------------


def test_apx_with_comments_quotes_and_several_facts_per_line() -> None:
    text = '% a comment\narg(a). arg("b c"). arg(1).\natt(a, "b c").  % trailing\natt("b c",1).\n'
    af = parse_af(text, "apx")
    assert af.arguments == ("a", "b c", "1")
    assert af.attacks == [("a", "b c"), ("b c", "1")]


def test_apx_errors_are_located() -> None:
    found = diagnostics("arg(a).\natt(a,b).\narg(c)\nfoo(x).\n", "apx")
    assert any(d.startswith("f:3:1: AM001 expected arg(NAME). or att(NAME,NAME).") for d in found), found
    assert any(d.startswith("f:2:7: AM021 argument 'b' is attacked or attacks but is not declared") for d in found)


def test_apx_arity_errors() -> None:
    assert any("arg(...) takes one name" in d for d in diagnostics("arg(a,b).", "apx"))
    assert any("att(...) takes two names" in d for d in diagnostics("arg(a). att(a).", "apx"))


def test_tgf_reads_labels_crlf_and_reports_undeclared_nodes() -> None:
    af = parse_af("a label\r\nb\r\n#\r\na b edge label\r\n", "tgf")
    assert af.attacks == [("a", "b")]
    found = diagnostics("a\nb\n#\na c\nb\n", "tgf")
    assert "f:4:3: AM021 argument 'c' is not declared before '#'" in found[0]
    assert any(d.startswith("f:5:1: AM001 an attack line needs two argument ids") for d in found)
    assert any("declared twice" in d for d in diagnostics("a\na\n#\n", "tgf"))


def test_i23_comments_and_errors() -> None:
    af = parse_af("# made by hand\np af 3\n1 2\n# a comment\n2 3\n", "i23")
    assert af.arguments == ("1", "2", "3") and af.attacks == [("1", "2"), ("2", "3")]
    found = diagnostics("p af 3\n1 2\n1 x\n4 1\n1 2 3\n", "i23")
    assert "f:3:3: AM001 'x' is not an argument number" in found[0]
    assert "f:4:1: AM021 argument 4 does not exist: the header declares arguments 1 .. 3" in found[1]
    assert found[2].startswith("f:5:1: AM001 an attack line has two argument numbers")
    assert "expected the header 'p af N'" in diagnostics("1 2\n", "i23")[0]
    assert "no 'p af N' header" in diagnostics("# only a comment\n", "i23")[0]


def test_i23_fast_path_agrees_with_the_line_parser() -> None:
    numbers = [(i % 50 + 1, (i * 7) % 50 + 1) for i in range(60_000)]
    body = "".join(f"{a} {b}\n" for a, b in numbers)
    fast = parse_af("p af 50\n" + body, "i23")
    slow = parse_af("p af 50\n# forces the line-by-line parser\n" + body, "i23")
    assert fast.attacks == slow.attacks and fast.number_of_attacks == 60_000
    # an out-of-range number on the fast path falls back to a located error
    assert "f:3:3: AM021 argument 51 does not exist" in diagnostics("p af 50\n1 2\n1 51\n", "i23")[0]
    # ... and so does a number too large for the fast path's 32-bit array
    for huge in ("2147483648", "99999999999999999999999999"):
        assert f"f:2:3: AM021 argument {huge} does not exist" in diagnostics(f"p af 3\n1 {huge}\n", "i23")[0]


def test_bytes_are_decoded_and_bad_utf8_is_located() -> None:
    assert parse_af("\ufeffarg(é).".encode(), "apx").arguments == ("é",)
    found = diagnostics(b"arg(a).\narg(\xff).", "apx")
    assert found[0].startswith("f:2:5: AM002 invalid UTF-8")


def test_limits_bound_size_arguments_and_error_count() -> None:
    assert "AM003" in diagnostics("p af 3\n", "i23", limits=AFLimits(max_bytes=4))[0]
    assert "more than the limit of 10" in diagnostics("p af 1000000000\n", "i23",
                                                      limits=AFLimits(max_arguments=10))[0]
    assert "more than 2 arguments" in diagnostics("arg(a). arg(b). arg(c).", "apx",
                                                  limits=AFLimits(max_arguments=2))[0]
    assert "more than 2 arguments" in diagnostics("a\nb\nc\n#\n", "tgf", limits=AFLimits(max_arguments=2))[0]
    many = diagnostics("p af 1\n" + "1 9\n" * 500, "i23", limits=AFLimits(max_errors=5))
    assert len(many) == 6 and many[-1].endswith("stopped after 5 problems")


def test_detect_format() -> None:
    assert detect_af_format("x.APX") == "apx" and detect_af_format("x.af") == "i23"
    assert detect_af_format(text="\n% c\narg(a).") == "apx"
    assert detect_af_format(text="# c\n\np af 2\n") == "i23"
    assert detect_af_format(text="a\nb\n#\na b\n") == "tgf"


def test_read_af_reports_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(MapError) as caught:
        read_af(tmp_path / "missing.apx")
    assert caught.value.diagnostics[0].code == "AM005"
    big = tmp_path / "big.i23"
    big.write_text("p af 1\n" + "1 1\n" * 100)
    with pytest.raises(MapError) as caught:
        read_af(big, limits=AFLimits(max_bytes=50))
    assert caught.value.diagnostics[0].code == "AM003"


# --- writing -----------------------------------------------------------------------------------


def test_format_quotes_apx_names_and_refuses_what_cannot_be_written() -> None:
    af = ArgumentationFramework(["ok", "Upper", "with space", 'q"uote', "12", "x-1"], [("ok", "x-1")])
    text = format_af(af, "apx")
    assert 'arg(ok).' in text and 'arg("Upper").' in text and 'arg("q\\"uote").' in text and "arg(12)." in text
    assert parse_af(text, "apx") == af
    with pytest.raises(ValueError, match="cannot be written as tgf"):
        format_af(af, "tgf")
    with pytest.raises(ValueError, match="line break"):
        format_af(ArgumentationFramework(["a\nb"]), "apx")
    with pytest.raises(ValueError, match="unknown framework format"):
        format_af(af, "xml")  # type: ignore[arg-type]


def test_write_af_is_atomic_and_needs_a_known_suffix(tmp_path: Path) -> None:
    af = ArgumentationFramework(["a", "b"], [("a", "b")])
    for suffix in (".apx", ".tgf", ".i23"):
        path = tmp_path / f"out{suffix}"
        write_af(af, path)
        back = read_af(path)
        assert back.number_of_attacks == 1
    with pytest.raises(ValueError, match="cannot tell the format"):
        write_af(af, tmp_path / "out.txt")
    write_af(af, tmp_path / "out.txt", "tgf")
    assert (tmp_path / "out.txt").read_text() == "a\nb\n#\na b\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp files left
    with pytest.raises(OSError):
        write_af(af, tmp_path / "no-such-dir" / "out.apx")


# --- names that start like apx facts, and the 1.0 names ------------------------------------


@pytest.mark.parametrize("first", ["arg0", "att", "argument-1", "attack_x"])
def test_tgf_ids_that_start_like_apx_facts_are_read_as_tgf(first: str) -> None:
    text = f"{first}\nb\n#\n{first} b\n"
    assert detect_af_format(text=text) == "tgf"
    af = parse_af(text)
    assert af.attacks == [(first, "b")]
    assert detect_af_format(text="  att ( a , b ).\narg(a).") == "apx"


def test_library_names_are_the_old_functions(tmp_path: Path) -> None:
    from argmap.semantics import dump_af, dumps_af, load_af, loads_af
    from argmap.semantics import framework as old_home

    af = loads_af("arg(a). arg(b). att(a,b).")
    assert dumps_af(af, "tgf") == format_af(af, "tgf") == "a\nb\n#\na b\n"
    dump_af(af, tmp_path / "x.i23")
    assert load_af(tmp_path / "x.i23").number_of_attacks == 1
    assert old_home.parse_af is loads_af and old_home.AFLimits is AFLimits  # the pre-1.0 home still resolves
    sources, targets = af.attack_arrays()
    assert list(sources) == [0] and list(targets) == [1]
