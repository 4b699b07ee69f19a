"""Dung semantics against gold extensions: the asgl ICCMA corpus, and the project's own fixtures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from argmap.semantics import (
    SEMANTICS,
    extensions,
    grounded_extension,
    is_credulously_accepted,
    is_extension,
    is_sceptically_accepted,
    read_af,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "af"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "iccma-asgl-small-afs"
CODES = {"complete": "CO", "grounded": "GR", "preferred": "PR", "stable": "ST"}


def parse_solution(text: str) -> set[frozenset[str]]:
    """An ICCMA 2015 solution list: ``[]`` is no extension, ``[[]]`` one empty extension."""
    text = text.strip()
    assert text.startswith("[") and text.endswith("]"), text
    inner = text[1:-1].strip()
    if not inner:
        return set()
    return {frozenset(name for name in group.split(",") if name)
            for group in re.findall(r"\[([^\[\]]*)\]", inner)}


def test_parse_solution_tells_no_extension_from_the_empty_one() -> None:
    assert parse_solution("[]") == set()
    assert parse_solution("[[]]") == {frozenset()}
    assert parse_solution("[[a1,a2],[a3]]") == {frozenset({"a1", "a2"}), frozenset({"a3"})}


# --- the committed fixtures (always run) -------------------------------------------------------

GOLD = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(GOLD))
@pytest.mark.parametrize("semantics", SEMANTICS)
def test_fixture_extensions_match_gold(name: str, semantics: str) -> None:
    af = read_af(FIXTURES / f"{name}.i23")
    got = {frozenset(e) for e in extensions(af, semantics)}
    want = {frozenset(str(i) for i in group) for group in GOLD[name][semantics]}
    assert got == want
    for extension in got:
        assert is_extension(af, extension, semantics)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_fixture_gold_is_what_the_definitions_give(name: str) -> None:
    from .test_semantics_properties import BruteForce

    oracle = BruteForce(read_af(FIXTURES / f"{name}.i23"))
    for semantics in SEMANTICS:
        assert oracle.semantics(semantics) == {frozenset(str(i) for i in group) for group in GOLD[name][semantics]}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_fixture_acceptance_agrees_with_the_extensions(name: str) -> None:
    af = read_af(FIXTURES / f"{name}.i23")
    for semantics in SEMANTICS:
        found = [set(map(str, group)) for group in GOLD[name][semantics]]
        for argument in af.arguments:
            assert is_credulously_accepted(af, argument, semantics) == any(argument in e for e in found)
            assert is_sceptically_accepted(af, argument, semantics) == all(argument in e for e in found)


def test_floating_reinstatement_is_sceptically_preferred_but_not_grounded() -> None:
    af = read_af(FIXTURES / "floating.apx")
    assert grounded_extension(af) == frozenset()
    assert {frozenset(e) for e in extensions(af, "preferred")} == {frozenset("ad"), frozenset("bd")}
    assert is_sceptically_accepted(af, "d", "preferred")
    assert is_sceptically_accepted(af, "d", "stable")
    assert not is_sceptically_accepted(af, "d", "grounded")
    assert not is_sceptically_accepted(af, "a", "preferred")


def test_odd_cycle_tgf_has_no_stable_extension() -> None:
    af = read_af(FIXTURES / "odd-cycle.tgf")
    assert af.arguments == ("a", "b", "c", "d", "e")
    assert list(extensions(af, "stable")) == []
    assert list(extensions(af, "preferred")) == [frozenset({"e"})]
    assert list(extensions(af, "complete")) == [frozenset({"e"})]
    # with no stable extension, every argument is vacuously sceptically accepted (ICCMA convention)
    assert is_sceptically_accepted(af, "a", "stable")
    assert not is_credulously_accepted(af, "e", "stable")


# --- the full corpus (skipped when ../shared/corpora is absent) ---------------------------------

CORPUS_FILES = sorted((CORPUS / "apx").glob("*.apx")) if CORPUS.is_dir() else []


def test_corpus_has_the_35_frameworks() -> None:
    if not CORPUS.is_dir():
        pytest.skip("corpus not available")
    assert len(CORPUS_FILES) == 35


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_extensions_match_gold(path: Path) -> None:
    af = read_af(path)
    for semantics in SEMANTICS:
        want = parse_solution(path.with_suffix(f".EE-{CODES[semantics]}").read_text(encoding="utf-8"))
        got = set(extensions(af, semantics))
        assert got == want, f"{path.name} {semantics}"


@pytest.mark.parametrize("name", ["ex1", "ex2", "ex3"])
def test_tweety_examples_read(name: str) -> None:
    if not CORPUS.is_dir():
        pytest.skip("corpus not available")
    folder = CORPUS / "tweety-examples"
    tgf = read_af(folder / f"{name}.tgf")
    assert tgf.number_of_arguments >= 4
    if (folder / f"{name}.apx").exists():  # CRLF line ends and no final newline, in both formats
        assert read_af(folder / f"{name}.apx") == tgf
    # every semantics runs, and grounded is the least complete extension
    complete = set(extensions(tgf, "complete"))
    grounded = grounded_extension(tgf)
    assert grounded in complete and all(grounded <= e for e in complete)

