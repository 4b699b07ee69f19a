"""Format 1.1 in evaluation: joint attacks, restatements, implicit and weight (which change no status)."""

from __future__ import annotations

from typing import Any

import pytest

from argmap.model import ArgumentMap
from argmap.semantics import evaluate, to_framework


def build(**data: Any) -> ArgumentMap:
    return ArgumentMap.model_validate({"argmap": "1.1", **data})


def st(*ids: str, **extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": i, "text": i.upper(), **extra.get(i, {})} for i in ids]


def joint_map(defeat: str | None = None) -> ArgumentMap:
    """Two statements attack c jointly; ``defeat`` names one of them that is itself rebutted."""
    attacks: list[dict[str, Any]] = [{"id": "j", "from": ["a", "b"], "to": "c", "type": "rebut"}]
    ids = ["a", "b", "c"]
    if defeat:
        ids.append("z")
        attacks.append({"id": "k", "from": "z", "to": defeat, "type": "rebut"})
    return build(statements=st(*ids), attacks=attacks)


def test_a_joint_attack_is_one_attacker_with_several_premises() -> None:
    mf = to_framework(joint_map())
    assert mf.kinds["j"] == "attack" and mf.premises["j"] == ("a", "b")
    attacks = set(mf.framework.attacks)
    assert {("j", "c"), ("not:a", "j"), ("not:b", "j"), ("a", "not:a"), ("b", "not:b")} <= attacks
    assert ("a", "c") not in attacks and ("b", "c") not in attacks  # neither attacks alone
    result = evaluate(joint_map())
    assert result.status("c") == "OUT" and result.status("j") == "IN"
    assert "its joint attackers a and b all stand" in result["j"].why.describe()


@pytest.mark.parametrize("defeated", ["a", "b"])
def test_a_joint_attack_loses_its_force_when_one_attacker_falls(defeated: str) -> None:
    result = evaluate(joint_map(defeated))
    assert result.status(defeated) == "OUT"
    assert result.status("j") == "OUT" and result.status("c") == "IN"
    line = result["j"].why.describe()
    assert f"{defeated}, one of its joint attackers (a and b), does not stand" in line


def restating_map() -> ArgumentMap:
    # t2 restates t; an argument concludes t2, and x rebuts t: one proposition, one status
    return build(
        statements=st("t", "t2", "p", "x", "y", t2={"restates": "t"}),
        arguments=[{"id": "a", "premises": ["p"], "conclusion": "t2"}],
        attacks=[{"id": "k", "from": "x", "to": "t", "type": "rebut"},
                 {"id": "k2", "from": "y", "to": "x", "type": "rebut"}],
    )


def test_a_restatement_and_its_original_share_one_status() -> None:
    m = restating_map()
    mf = to_framework(m)
    assert "t2" not in mf.framework and mf.restates == {"t2": "t"}
    assert mf.supporters["t"] == ("a",)  # the argument for t2 supports t
    result = evaluate(m)
    assert [n.id for n in result][:5] == ["t", "t2", "p", "x", "y"]  # map order kept
    assert result.status("t") == result.status("t2") == "IN"
    why = result["t2"].why
    assert why.rule == "restatement" and why.because[0].node == "t"
    assert "restates t" in why.describe()


def test_a_restatement_chain_shares_the_status_of_its_end_under_every_semantics() -> None:
    m = build(statements=st("t", "t2", "t3", "x", t2={"restates": "t"}, t3={"restates": "t2"}),
              attacks=[{"id": "k", "from": "x", "to": "t3", "type": "rebut"}])
    assert to_framework(m).restates == {"t2": "t", "t3": "t"}
    for semantics in ("grounded", "preferred", "stable", "complete"):
        result = evaluate(m, semantics)
        assert result.status("t") == result.status("t2") == result.status("t3") == "OUT", semantics


def test_a_restatement_loop_built_in_memory_is_translated_but_not_evaluated() -> None:
    from argmap.errors import MapError

    m = build(statements=st("a", "b", "c"))
    m.statements[0].restates = "b"
    m.statements[1].restates = "a"
    assert to_framework(m).restates == {"b": "a"}  # the translation still terminates
    with pytest.raises(MapError, match="AM026"):
        evaluate(m)


def test_implicit_and_weight_change_no_status() -> None:
    plain = restating_map()
    data = plain.model_dump(by_alias=True, exclude_none=True)
    for item in data["statements"]:
        item.update(implicit=True, weight=0.1)
    for item in data["arguments"] + data["attacks"]:
        item.update(implicit=True, weight=0.9)
    marked = ArgumentMap.model_validate(data)
    assert {n.id: n.status for n in evaluate(marked)} == {n.id: n.status for n in evaluate(plain)}
