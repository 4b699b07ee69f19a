"""Maps as frameworks: the translation rules, statuses, explanations, and the flagship map."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap.model import ArgumentMap
from argmap.semantics import ArgumentationFramework, Evaluation, evaluate, extensions, to_framework
from argmap.semantics.evaluate import Reason

from .conftest import EXAMPLES
from .strategies import maps


def make(statements: list[str], arguments: list[tuple[str, list[str], str]] = (),  # type: ignore[assignment]
         attacks: list[tuple[str, str, str, str]] = ()) -> ArgumentMap:  # type: ignore[assignment]
    """A map from ids: arguments as (id, premises, conclusion), attacks as (id, from, to, type)."""
    data: dict[str, Any] = {
        "argmap": "1",
        "statements": [{"id": s, "text": s.upper()} for s in statements],
        "arguments": [{"id": a, "premises": p, "conclusion": c} for a, p, c in arguments],
        "attacks": [{"id": x, "from": f, "to": t, "type": k} for x, f, t, k in attacks],
    }
    return ArgumentMap.model_validate(data)


def statuses(result: Evaluation) -> dict[str, str]:
    return {node.id: node.status for node in result}


# --- the translation ---------------------------------------------------------------------------


def test_translation_rules() -> None:
    m = make(["p", "q", "c", "r", "u"], [("a", ["p", "q"], "c")],
             [("x1", "r", "c", "rebut"), ("x2", "u", "a", "undercut"), ("x3", "r", "c", "undermine")])
    mf = to_framework(m)
    af = mf.framework
    assert af.arguments[:6] == ("p", "q", "c", "r", "u", "a")  # map nodes first, in map order
    assert set(af.attacks) == {
        ("p", "not:p"), ("not:p", "a"), ("q", "not:q"), ("not:q", "a"),  # premises must stand
        ("a", "unsupported:c"), ("unsupported:c", "c"),  # the conclusion needs a standing argument
        ("r", "c"), ("u", "a"),  # the map's attacks, one framework attack per pair
    }
    assert mf.attack_ids[("r", "c")] == ("x1", "x3")
    assert mf.attack_types == {"x1": "rebut", "x2": "undercut", "x3": "undermine"}
    assert mf.supporters == {"c": ("a",)} and mf.premises == {"a": ("p", "q")}
    assert mf.unfounded == frozenset()


def test_linked_premises_all_must_stand() -> None:
    m = make(["p", "q", "c", "r"], [("a", ["p", "q"], "c")], [("x", "r", "q", "undermine")])
    result = evaluate(m)
    assert statuses(result) == {"p": "IN", "q": "OUT", "c": "OUT", "r": "IN", "a": "OUT"}
    assert [step.rule for step in result["c"].why.chain()] == ["unsupported", "premise", "undermine", "assumption"]
    assert result["q"].why.attacks == ("x",)


def test_convergent_support_survives_one_failed_argument() -> None:
    m = make(["p", "q", "c", "r"], [("a1", ["p"], "c"), ("a2", ["q"], "c")], [("x", "r", "a1", "undercut")])
    result = evaluate(m)
    assert result.status("c") == "IN" and result.status("a1") == "OUT"
    assert result["c"].why.rule == "supported" and result["c"].why.because[0].node == "a2"
    assert result["a1"].why.rule == "undercut" and result["a1"].why.attacks == ("x",)


def test_reinstatement_and_attack_beats_support() -> None:
    # r rebuts the supported claim c; s rebuts r; so c is reinstated
    m = make(["p", "c", "r", "s"], [("a", ["p"], "c")], [("x1", "r", "c", "rebut"), ("x2", "s", "r", "rebut")])
    result = evaluate(m)
    assert statuses(result) == {"p": "IN", "c": "IN", "r": "OUT", "s": "IN", "a": "IN"}
    why = result["c"].why
    assert why.rule == "supported" and [r.node for r in why.because] == ["a", "r"]
    assert why.because[1].status == "OUT" and why.because[1].rule == "rebut"
    # without s, the standing rebuttal defeats c although its argument holds
    without = evaluate(make(["p", "c", "r"], [("a", ["p"], "c")], [("x1", "r", "c", "rebut")]))
    assert without.status("c") == "OUT" and without.status("a") == "IN"
    assert without["c"].why.rule == "rebut"


def test_mutual_attack_is_undecided_in_grounded_and_contested_in_preferred() -> None:
    m = make(["a", "b", "c"], [("ac", ["a"], "c")], [("x1", "a", "b", "rebut"), ("x2", "b", "a", "rebut")])
    grounded = evaluate(m)
    assert set(statuses(grounded).values()) == {"UNDEC"}
    chain = grounded["c"].why.chain()
    assert [s.rule for s in chain] == ["undecided-support", "undecided-premise", "undecided-attacker",
                                       "undecided-attacker", "cycle"]
    assert chain[-1].node == "a"
    preferred = evaluate(m, "preferred")
    assert preferred.extensions == 2
    assert preferred["c"].status == "UNDEC" and preferred["c"].accepted_in == 1
    assert preferred["c"].why.rule == "contested" and "1 of 2" in (preferred["c"].why.detail or "")
    assert preferred["c"].why.because[0].status == "OUT"


def test_circular_support_never_stands() -> None:
    m = make(["d", "e", "f"], [("de", ["d"], "e"), ("ed", ["e"], "d"), ("fe", ["f"], "f")])
    mf = to_framework(m)
    assert mf.unfounded == frozenset({"de", "ed", "fe"})
    for semantics in ("grounded", "preferred", "stable"):
        result = evaluate(m, semantics)
        assert statuses(result) == {"d": "OUT", "e": "OUT", "f": "OUT", "de": "OUT", "ed": "OUT", "fe": "OUT"}
    assert evaluate(m)["de"].why.rule == "circular"
    # an independent ground breaks the circle
    grounded = make(["d", "e", "g"], [("de", ["d"], "e"), ("ed", ["e"], "d"), ("gd", ["g"], "d")])
    assert to_framework(grounded).unfounded == frozenset()
    assert set(statuses(evaluate(grounded)).values()) == {"IN"}


def test_no_stable_extension() -> None:
    m = make(["a", "b", "c"], [], [("x1", "a", "b", "rebut"), ("x2", "b", "c", "rebut"), ("x3", "c", "a", "rebut")])
    result = evaluate(m, "stable")
    assert result.extensions == 0
    assert {n.why.rule for n in result} == {"no-extension"}
    assert evaluate(m, "preferred").extensions == 1  # the empty extension


def test_too_many_extensions_and_unknown_semantics_are_refused() -> None:
    statements = [f"s{i}" for i in range(12)]
    attacks = [(f"x{i}", f"s{2 * i}", f"s{2 * i + 1}", "rebut") for i in range(6)]
    attacks += [(f"y{i}", f"s{2 * i + 1}", f"s{2 * i}", "rebut") for i in range(6)]
    m = make(statements, [], attacks)  # 6 independent mutual attacks: 64 preferred extensions
    assert evaluate(m, "preferred").extensions == 64
    with pytest.raises(ValueError, match="more than 10 preferred extensions"):
        evaluate(m, "preferred", max_extensions=10)
    with pytest.raises(ValueError, match="unknown semantics"):
        evaluate(m, "ideal")


def test_explanations_are_bounded() -> None:
    n = 2000  # a long support chain: s0 -> s1 -> ... with the root undermined
    statements = [f"s{i}" for i in range(n)] + ["r"]
    arguments = [(f"a{i}", [f"s{i}"], f"s{i + 1}") for i in range(n - 1)]
    m = make(statements, arguments, [("x", "r", "s0", "undermine")])
    result = evaluate(m, max_depth=10)
    assert result.status(f"s{n - 1}") == "OUT"
    chain = result[f"s{n - 1}"].why.chain()
    assert len(chain) == 11 and chain[-1].rule == "truncated"
    assert len(evaluate(m, max_depth=100, max_reasons=30)[f"s{n - 1}"].why.chain()) == 31
    near = evaluate(m, max_depth=100)["s40"].why
    assert near.chain()[-1].rule == "assumption" and near.chain()[-2].rule == "undermine"
    assert len(near.lines()) == len(near.chain()) and near.to_dict()["node"] == "s40"
    with pytest.raises(ValueError, match="max_depth"):
        evaluate(m, max_depth=101)


def test_reason_rendering_and_data() -> None:
    m = make(["p", "c", "x"], [("a", ["p"], "c")], [("k", "x", "p", "undermine")])
    why = evaluate(m)["c"].why
    assert why.lines() == [
        "c is defeated: none of its arguments holds (a)",
        "  a fails: its premise p does not stand",
        "    p is defeated: undermined by x (k), which stands",
        "      x stands: an assumption nothing defeats",
    ]
    data = why.to_dict()
    assert data["rule"] == "unsupported" and data["because"][0]["because"][0]["attacks"] == ["k"]
    assert isinstance(why, Reason)


# --- the examples ------------------------------------------------------------------------------


def test_bike_lanes() -> None:
    result = evaluate(argmap.load(EXAMPLES / "bike-lanes.yaml"))
    out = {node.id for node in result if node.status == "OUT"}
    assert out == {"safer", "shops-lose", "a-safety", "a-injuries"}
    assert result.status("build-lanes") == "IN"
    assert [s.node for s in result["safer"].why.chain()] == ["safer", "a-injuries", "selection-bias"]
    assert result.counts() == {"IN": 11, "OUT": 4, "UNDEC": 0}
    assert result.to_dict()["counts"] == result.counts()


def test_flagship_evaluation() -> None:
    the_map = argmap.load(EXAMPLES / "deepseek" / "map.yaml")
    result = evaluate(the_map)
    assert {node: result.status(node) for node in the_map.main_conclusions} == {
        "thesis": "OUT", "hare-advice": "IN", "hk-model": "IN"}
    assert [(s.node, s.rule) for s in result["thesis"].why.chain()] == [
        ("thesis", "rebut"), ("c-not-sustainable", "supported"), ("arg-opaque", "holds"), ("c-opaque", "assumption")]
    defeated = {node.id for node in result if node.status == "OUT" and node.kind != "argument"}
    assert defeated == {"f-market-drop", "c-few-million", "c-forced-software", "thesis", "c-no-fear",
                        "c-software-wise", "c-mindset", "c-young-china", "c-bold-only-way", "an-poor-kid",
                        "an-mirror"}
    assert result["hk-model"].why.because[0].node == "arg-hk-youth"  # arg-hk-mirror fails with an-mirror
    assert result.status("arg-hk-mirror") == "OUT"
    # the map has no mutual attacks: every semantics agrees with grounded
    for semantics in ("preferred", "stable"):
        assert statuses(evaluate(the_map, semantics)) == statuses(result)


# --- properties on generated maps ------------------------------------------------------------


def check_local_rules(m: ArgumentMap, result: Evaluation) -> None:
    """Every status follows from its neighbours' by the documented rules (a complete labelling)."""
    mf = to_framework(m)
    st = statuses(result)
    for node, kind in mf.kinds.items():
        attackers = [st[a] for a in mf.attackers.get(node, ())]
        if kind in ("argument", "attack"):
            premises = [st[p] for p in mf.premises[node]]
            if st[node] == "IN":
                assert all(p == "IN" for p in premises) and all(a == "OUT" for a in attackers)
            elif st[node] == "OUT":
                assert node in mf.unfounded or "OUT" in premises or "IN" in attackers
        else:
            support = [st[a] for a in mf.supporters.get(node, ())]
            if st[node] == "IN":
                assert all(a == "OUT" for a in attackers) and (not support or "IN" in support)
            elif st[node] == "OUT":
                assert "IN" in attackers or (support and all(s == "OUT" for s in support))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_generated_maps_evaluate_consistently(m: ArgumentMap) -> None:
    result = evaluate(m)
    assert set(result.nodes) == {s.id for s in m.statements} | {a.id for a in m.analogies} | {
        a.id for a in m.arguments}
    check_local_rules(m, result)
    rules = {"IN": {"assumption", "supported", "holds"},
             "OUT": {"rebut", "undermine", "undercut", "unsupported", "premise", "circular"},
             "UNDEC": {"undecided-attacker", "undecided-support", "undecided-premise"}}
    for node in result:
        assert node.why.node == node.id and node.why.status == node.status
        assert node.why.rule in rules[node.status]
        for step in node.why.chain()[1:]:
            assert step.rule in rules[step.status] | {"cycle", "see-above", "truncated"}
    # grounded statuses are the framework's grounded labelling restricted to the map nodes
    af: ArgumentationFramework = to_framework(m).framework
    grounded = next(extensions(af, "grounded"))
    assert {node.id for node in result if node.status == "IN"} == set(grounded) & set(result.nodes)


def on_attack_map(extra_statements: list[dict[str, str]] = [], extra_attacks: list[dict[str, str]] = []) -> ArgumentMap:  # noqa: B006
    return ArgumentMap.model_validate({
        "argmap": "1",
        "statements": [{"id": "c", "text": "C"}, {"id": "x", "text": "X"}, {"id": "r", "text": "R"},
                       *extra_statements],
        "attacks": [{"id": "k", "from": "x", "to": "c", "type": "rebut"},
                    {"id": "u", "from": "r", "to": "k", "type": "undercut"}, *extra_attacks]})


def test_an_undercut_attack_loses_its_force() -> None:
    result = evaluate(on_attack_map())
    assert statuses(result) == {"c": "IN", "x": "IN", "r": "IN", "k": "OUT"}
    assert result["k"].kind == "attack"
    assert result["k"].why.lines() == [
        "attack k loses its force: undercut by r (u), which stands",
        "  r stands: an assumption nothing defeats"]
    assert result["c"].why.rule == "assumption" and result["c"].why.because[0].node == "k"


def test_an_attack_on_an_attack_is_itself_defeasible() -> None:
    # s defeats r, so u fails, so k keeps its force and c falls
    result = evaluate(on_attack_map([{"id": "s", "text": "S"}], [{"id": "v", "from": "s", "to": "r"}]))
    assert statuses(result) == {"c": "OUT", "x": "IN", "r": "OUT", "s": "IN", "k": "IN"}
    assert result["c"].why.lines() == [
        "c is defeated: rebutted through attack k, which keeps its force",
        "  attack k keeps its force: its attacker x stands, and what attacks the attack fails (r)",
        "    x stands: an assumption nothing defeats",
        "    r is defeated: rebutted by s (v), which stands",
        "      s stands: an assumption nothing defeats"]
    # an attack whose attacker falls has no force either
    result = evaluate(on_attack_map([{"id": "s", "text": "S"}], [{"id": "v", "from": "s", "to": "x"}]))
    assert result.status("k") == "OUT" and result.status("c") == "IN"
    assert result["k"].why.rule in ("premise", "undercut")


def test_attacks_on_attacks_nest_and_cycle() -> None:
    # w undercuts u, which undercuts k: k is restored
    nested = on_attack_map([{"id": "w0", "text": "W"}], [{"id": "w", "from": "w0", "to": "u", "type": "undercut"}])
    result = evaluate(nested)
    assert (result.status("u"), result.status("k"), result.status("c")) == ("OUT", "IN", "OUT")
    # two attacks undercutting each other: grounded leaves both undecided, preferred picks either
    mutual = ArgumentMap.model_validate({
        "argmap": "1", "statements": [{"id": "p", "text": "P"}, {"id": "q", "text": "Q"}],
        "attacks": [{"id": "u", "from": "p", "to": "w", "type": "undercut"},
                    {"id": "w", "from": "q", "to": "u", "type": "undercut"}]})
    grounded = evaluate(mutual)
    assert statuses(grounded) == {"p": "IN", "q": "IN", "u": "UNDEC", "w": "UNDEC"}
    assert grounded["u"].why.describe() == "attack u is undecided: whether attack w on it keeps its force is undecided"
    preferred = evaluate(mutual, "preferred")
    assert preferred.extensions == 2 and preferred["u"].accepted_in == 1


def test_attacks_on_attacks_match_the_framework_on_generated_maps() -> None:
    from .interchange_strategies import rich_maps  # maps with undercuts of attacks

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(rich_maps())
    def check(m: ArgumentMap) -> None:
        result = evaluate(m)
        attacked = {a.to for a in m.attacks} & {a.id for a in m.attacks}
        joint = {a.id for a in m.attacks if a.joint}  # a joint attack is a node too: it rests on all its attackers
        assert {n.id for n in result if n.kind == "attack"} == attacked | joint
        check_local_rules(m, result)
        for node in result:
            assert node.why.status == node.status and node.why.describe()

    check()
