from __future__ import annotations

import pytest
from pydantic import ValidationError

from argmap import Analogy, ArgumentMap, Attack, Source, Statement


def test_statement_defaults_to_claim_and_keeps_fields() -> None:
    s = Statement(id="c1", text="中國不應成為龜兔賽跑中的兔子", quote="不要成為龜兔賽跑的兔子")
    assert s.type == "claim"
    assert s.tags == []
    assert s.quote == "不要成為龜兔賽跑的兔子"


@pytest.mark.parametrize("bad_id", ["a b", "", "x" * 129, "兔子", "a/b", "a.b"])
def test_ids_are_restricted_ascii(bad_id: str) -> None:
    with pytest.raises(ValidationError):
        Statement(id=bad_id, text="x")


def test_unknown_keys_are_errors() -> None:
    with pytest.raises(ValidationError) as info:
        Statement.model_validate({"id": "c", "text": "x", "txet": "typo"})
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_attack_accepts_from_alias_and_python_name() -> None:
    a = Attack.model_validate({"id": "x", "from": "p", "to": "c", "type": "undercut"})
    b = Attack(id="x", from_="p", to="c", type="undercut")
    assert a == b
    assert a.model_dump(by_alias=True)["from"] == "p"


def test_analogy_mapping_pairs() -> None:
    a = Analogy.model_validate({
        "id": "tortoise-hare", "figure": "fable", "text": "t", "source": "龜兔賽跑", "target": "中美AI競賽",
        "mapping": [{"from": "兔子", "to": "自滿的領先者"}],
    })
    assert a.mapping[0].from_ == "兔子"
    with pytest.raises(ValidationError):
        Analogy.model_validate({"id": "x", "figure": "parable", "text": "t", "source": "s", "target": "t"})


def test_source_path_and_text_are_exclusive() -> None:
    with pytest.raises(ValidationError, match="either `path` or `text`"):
        Source(path="a.txt", text="inline")
    assert Source(text="inline").text == "inline"


def test_version_must_be_string_one() -> None:
    with pytest.raises(ValidationError):
        ArgumentMap.model_validate({"argmap": "2"})
    assert ArgumentMap.model_validate({"argmap": "1"}).statements == []


def test_argument_needs_a_premise() -> None:
    with pytest.raises(ValidationError):
        ArgumentMap.model_validate({"argmap": "1", "arguments": [{"id": "a", "premises": [], "conclusion": "c"}]})
