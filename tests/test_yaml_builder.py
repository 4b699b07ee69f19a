"""The one-pass YAML builder reads every document as PyYAML's safe constructor does.

``argmap.io.parse`` builds data straight from the event stream (one walk instead of three);
PyYAML's own loader, with the limit scan before it, is kept for the YAML maps do not use and is
the oracle here: on any document both give the same data and the same duplicate-key findings,
or both refuse it.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import MapError
from argmap.io import parse as P

Outcome = tuple[str, Any]


def _outcome(build: bool, text: str) -> Outcome:
    try:
        if build:
            try:
                data, found = P._build(text, "f.yaml", P.DEFAULT_LIMITS)
            except P._Unusual:
                return _outcome(False, text)
        else:
            found = P._scan_yaml(text, "f.yaml", P.DEFAULT_LIMITS)
            data = yaml.load(text, Loader=P.MapLoader)
    except (MapError, yaml.YAMLError, ValueError):
        return ("refused", None)
    return ("read", (repr(data), [(d.code, d.location.line, d.location.column, str(d.location.path))
                                  for d in found]))


def _same(text: str, findings: bool = True) -> None:
    built, oracle = _outcome(True, text), _outcome(False, text)
    if not findings and built[0] == oracle[0] == "read":
        # The old scan compared keys as written, so `'4'` and `4` (two keys once read) counted as a
        # duplicate; only the data is compared here.
        built, oracle = ("read", built[1][0]), ("read", oracle[1][0])
    assert built == oracle, text


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12))
keys = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans())
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(keys, inner, max_size=4)),
                         max_leaves=20)


@settings(max_examples=300)
@given(documents, st.booleans(), st.booleans())
def test_any_dumped_document_reads_the_same(data: Any, flow: bool, canonical: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, canonical=canonical, allow_unicode=True)
    _same(text, findings=False)
    if not canonical:  # (canonical YAML tags every node: PyYAML's constructor reads it)
        assert P._build(text, None, P.DEFAULT_LIMITS)[1] == []  # a dump of a dict repeats no key


YAMLISH = st.lists(st.sampled_from([*"ab1:-[]{},&*!?'\"#\n |>~.<=%@`\t", "\n  ", ": ", "- ", "&a ", "*a", "<<: ",
                                     "!!str ", "---\n", "0x1f"]), max_size=30).map("".join)


@settings(max_examples=500)
@given(YAMLISH)
def test_any_yaml_like_text_reads_the_same_or_is_refused_by_both(text: str) -> None:
    _same(text, findings=False)


def test_the_constructs_maps_rarely_use_read_the_same() -> None:
    for text in ["", "a", "- 1\n- 2", "a: 1\na: 2", "x: &a [1]\ny: *a", "a: &s hi\n*s : 3",
                 "{a: 1, a: {b: 1, b: 2}}", "- [a, {b: c, b: d}]\n- {x: a, x: b}",
                 "a: null\nb: ~\nc:\nd: true\ne: yes\nf: 0x1F\ng: 1.5\nh: .inf\ni: 010\nj: 1_000\nk: '1'\n"
                 "l: !!str 3\nm: 2025-01-01\nn: 1:20:30\no: .nan\np: -.5e+3",
                 "<<: {a: 1}\nb: 2", "base: &b {a: 1}\nx:\n  <<: *b\n  c: 2", "? [a]\n: 1", "--- a\n--- b",
                 "a: *x", "a: &x [*x]", "!!binary aGk=", "a: !!set {x}", "- =\n- !\n", "a: b: c",
                 "k: 1\nk:\n  - z\n", "nested:\n  a:\n    - b: 1\n      b: 2\n", "a: !custom 1", "!!map {a: 1}",
                 "a: &n 1\nb: *n\n*n : c", "%YAML 1.1\n--- {a: 1}"]:
        _same(text)


def test_aliases_share_the_anchored_object_as_pyyaml_does() -> None:
    data, _ = P._build("a: &x [1, 2]\nb: *x\n", None, P.DEFAULT_LIMITS)
    assert data["a"] is data["b"]


def test_keys_that_read_as_one_value_are_reported_as_duplicates() -> None:
    # 1, true and 1.0 are one key once read (a dict keeps one of them): the file loses two values
    data, found = P._build("1: a\ntrue: b\n1.0: c\n", None, P.DEFAULT_LIMITS)
    assert len(data) == 1
    assert [(d.code, d.location.line) for d in found] == [("AM004", 2), ("AM004", 3)]


def _all_requests(data: Any, path: tuple[Any, ...] = ()) -> list[P.Request]:
    found: list[P.Request] = [(path, False)]
    if isinstance(data, dict):
        for key, value in data.items():
            found.append(((*path, key), True))
            found.extend(_all_requests(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_all_requests(value, (*path, index)))
    return found


def _kept_and_parsed(text: str, requests: list[P.Request]) -> tuple[dict[P.Request, tuple[int, int]], ...]:
    with P.keeping_positions():
        P.parse(text, "yaml")
        kept = P.positions(text, "yaml", requests)
    return kept, P.positions(text, "yaml", requests)


text_keyed = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=20)


# A new parse reads keys as written, so keys that are not text (which maps never have) are left out.
@settings(max_examples=200)
@given(text_keyed.filter(lambda d: isinstance(d, (dict, list))), st.booleans())
def test_positions_kept_while_loading_are_the_positions_a_new_parse_finds(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    try:
        parsed, _ = P.parse(text, "yaml")
    except MapError:
        return
    requests = [*_all_requests(parsed), (("missing", 3), False)]
    kept, reparsed = _kept_and_parsed(text, requests)
    assert kept == reparsed


def test_the_flagship_findings_are_located_alike_either_way() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "examples" / "deepseek" / "map.yaml").read_text(encoding="utf-8")
    data, _ = P.parse(text, "yaml")
    requests = _all_requests(data)
    kept, reparsed = _kept_and_parsed(text, requests)
    assert kept == reparsed and len(kept) == len(requests)
