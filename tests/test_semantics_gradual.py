"""Gradual semantics: the defining papers' definitions on worked examples, properties, and maps."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.model import ArgumentMap
from argmap.semantics import ArgumentationFramework
from argmap.semantics.gradual import (
    DEFAULT_BASE,
    GRADUAL_SEMANTICS,
    dfquad,
    euler_based,
    framework_graph,
    gradual,
    h_categorizer,
    map_graph,
    quadratic_energy,
)

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def af(names: str, attacks: str = "") -> ArgumentationFramework:
    """``af("abc", "ba cb")``: arguments a, b, c; b attacks a, c attacks b."""
    return ArgumentationFramework(list(names), [(p[0], p[1]) for p in attacks.split()])


# --- the papers' definitions on small worked examples --------------------------------------------


def test_h_categorizer_chain_and_cycle() -> None:
    # Besnard & Hunter 2001: an unattacked argument has 1; each attacker lowers by 1 / (1 + sum)
    chain = h_categorizer(af("abc", "ba cb")).scores
    assert chain == pytest.approx({"a": 2 / 3, "b": 1 / 2, "c": 1.0})
    # a two-cycle: s = 1 / (1 + s), the golden ratio's conjugate
    cycle = h_categorizer(af("ab", "ab ba"))
    assert cycle.converged and cycle.scores["a"] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-8)
    # two unattacked attackers: 1 / (1 + 1 + 1)
    assert h_categorizer(af("abc", "ba ca"))["a"] == pytest.approx(1 / 3)


def test_weighted_h_categorizer_scales_by_the_base_score() -> None:
    # Amgoud, Ben-Naim, Doder & Vesic 2017: s(a) = w(a) / (1 + sum of the attackers' scores)
    result = h_categorizer(af("ab", "ba"), weights={"a": 0.8, "b": 0.5})
    assert result.scores == pytest.approx({"a": 0.8 / 1.5, "b": 0.5})


def test_dfquad_aggregation_and_combination() -> None:
    # Rago et al. 2016: F = 1 - prod(1 - v); C(w, va, vs) moves w towards 0 or 1 by |vs - va|
    one = dfquad(af("ab", "ba")).scores
    assert one == pytest.approx({"a": 0.5 - 0.5 * 0.5, "b": 0.5})
    two = dfquad(af("abc", "ba ca"))["a"]
    assert two == pytest.approx(0.5 - 0.5 * (1 - 0.5 * 0.5))  # F(0.5, 0.5) = 0.75
    m = ArgumentMap.model_validate({"argmap": "1.1", "statements": [
        {"id": "c", "text": "C", "weight": 0.4}, {"id": "p", "text": "P", "weight": 0.9},
        {"id": "x", "text": "X", "weight": 0.3}],
        "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}],
        "attacks": [{"id": "k", "from": "x", "to": "c", "type": "rebut"}]})
    # the argument's score is 1 * 0.9 (its premise); support 0.9 beats attack 0.3 by 0.6
    assert dfquad(m)["c"] == pytest.approx(0.4 + (1 - 0.4) * (0.9 - 0.3))


def test_quadratic_energy_single_attacker_and_supporter() -> None:
    # Potyka 2018: E = -0.5, h(0.5) = 0.25 / 1.25 = 0.2, s = 0.5 - 0.5 * 0.2
    result = quadratic_energy(af("ab", "ba"))
    assert result.converged and result["a"] == pytest.approx(0.4, abs=1e-7)
    m = ArgumentMap.model_validate({"argmap": "1.1", "statements": [
        {"id": "c", "text": "C"}, {"id": "p", "text": "P", "weight": 1.0}],
        "arguments": [{"id": "a", "premises": ["p"], "conclusion": "c"}]})
    # E = +1, h(1) = 1/2: s = 0.5 + 0.5 * 0.5
    assert quadratic_energy(m)["c"] == pytest.approx(0.75, abs=1e-7)


def test_euler_based_closed_form() -> None:
    # Amgoud & Ben-Naim 2018: s = 1 - (1 - w^2) / (1 + w e^E)
    w = 0.5
    assert euler_based(af("ab", "ba"))["a"] == pytest.approx(1 - (1 - w * w) / (1 + w * math.exp(-0.5)))
    assert euler_based(af("a"), weights={"a": 0.3})["a"] == pytest.approx(0.3)  # E = 0 keeps w
    assert euler_based(af("ab", "ba"), weights={"a": 1.0})["a"] == 1.0  # w = 1 cannot be lowered


# --- properties -------------------------------------------------------------------------------


def update(semantics: str, names: list[str], weights: dict[str, float], attacks: list[tuple[str, str]],
           s: dict[str, float]) -> dict[str, float]:
    """One plain-Python application of each definition's update function."""
    new = {}
    for a in names:
        att = [s[x] for x, y in attacks if y == a]
        w = weights[a]
        if semantics == "hcat":
            new[a] = w / (1 + sum(att))
        elif semantics == "dfquad":
            va = 1 - math.prod(1 - v for v in att)
            new[a] = w - w * va
        elif semantics == "euler":
            new[a] = 1 - (1 - w * w) / (1 + w * math.exp(-sum(att)))
    return new


def reference(semantics: str, names: list[str], weights: dict[str, float], attacks: list[tuple[str, str]],
              sweeps: int = 5000) -> dict[str, float] | None:
    """A plain-Python fixed-point iteration of each definition; None when it does not converge."""
    s = dict(weights)
    for _ in range(sweeps):
        new = update(semantics, names, weights, attacks, s)
        if max(abs(new[a] - s[a]) for a in names) < 1e-12:
            return new
        s = new
    return None


@st.composite
def weighted(draw: st.DrawFn, acyclic: bool = False) -> tuple[ArgumentationFramework, dict[str, float]]:
    n = draw(st.integers(1, 7))
    names = [f"a{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(names) for j, b in enumerate(names) if not acyclic or i < j]
    attacks = draw(st.lists(st.sampled_from(pairs), max_size=3 * n, unique=True)) if pairs else []
    weights = {a: draw(st.floats(0, 1)) for a in names}
    return ArgumentationFramework(names, attacks), weights


@PROPERTY
@given(weighted(), st.sampled_from(GRADUAL_SEMANTICS))
def test_scores_are_in_the_unit_interval_and_unattacked_keep_their_base(
        case: tuple[ArgumentationFramework, dict[str, float]], semantics: str) -> None:
    framework, weights = case
    result = gradual(framework, semantics, weights=weights, max_iterations=2000)
    for name in framework.arguments:
        assert 0.0 <= result[name] <= 1.0
        if not framework.attackers(name):
            assert result[name] == pytest.approx(weights[name], abs=1e-12)


@PROPERTY
@given(weighted(acyclic=True), st.sampled_from(GRADUAL_SEMANTICS), st.data())
def test_adding_an_attacker_never_raises_a_score(case: tuple[ArgumentationFramework, dict[str, float]],
                                                 semantics: str, data: st.DataObject) -> None:
    framework, weights = case
    target = data.draw(st.sampled_from(framework.arguments))
    strength = data.draw(st.floats(0, 1))
    before = gradual(framework, semantics, weights=weights)
    bigger = ArgumentationFramework([*framework.arguments, "new"], [*framework.attacks, ("new", target)])
    after = gradual(bigger, semantics, weights={**weights, "new": strength})
    assert before.converged and after.converged
    assert after[target] <= before[target] + 1e-9


@PROPERTY
@given(weighted(), st.sampled_from(["hcat", "dfquad", "euler"]))
def test_the_vectorised_iteration_agrees_with_a_plain_one(case: tuple[ArgumentationFramework, dict[str, float]],
                                                          semantics: str) -> None:
    framework, weights = case
    result = gradual(framework, semantics, weights=weights, tolerance=1e-12, max_iterations=5000)
    if not result.converged:  # Euler and (rarely, even damped) DF-QuAD may oscillate; reported
        assert semantics != "hcat"
        return
    names = list(framework.arguments)
    # whatever the step, a converged result is a fixed point of the paper's update function
    assert update(semantics, names, weights, framework.attacks, result.scores) == pytest.approx(
        result.scores, abs=1e-9)
    expected = reference(semantics, names, weights, framework.attacks)
    if expected is not None:  # where the plain iteration converges too, both reach the same point
        assert result.scores == pytest.approx(expected, abs=1e-6)


@PROPERTY
@given(weighted())
def test_the_h_categorizer_result_is_its_fixed_point(case: tuple[ArgumentationFramework, dict[str, float]]) -> None:
    framework, weights = case
    result = h_categorizer(framework, weights=weights, tolerance=1e-12)
    assert result.converged
    for name in framework.arguments:
        total = sum(result[x] for x in framework.attackers(name))
        assert result[name] == pytest.approx(weights[name] / (1 + total), abs=1e-9)


# --- maps ---------------------------------------------------------------------------------------


def build(**data: Any) -> ArgumentMap:
    return ArgumentMap.model_validate({"argmap": "1.1", **data})


def test_linked_premises_gate_an_argument_and_weights_are_base_scores() -> None:
    m = build(statements=[{"id": "p", "text": "P", "weight": 0.8}, {"id": "q", "text": "Q", "weight": 0.0},
                          {"id": "c", "text": "C"}],
              arguments=[{"id": "a", "premises": ["p", "q"], "conclusion": "c", "weight": 0.9}])
    graph = map_graph(m)
    assert graph.names == ("p", "q", "c", "a")
    for semantics in GRADUAL_SEMANTICS:
        result = gradual(m, semantics)
        assert result["a"] == pytest.approx(0.0, abs=1e-7)  # q has score 0: the linked argument carries nothing
        assert result["c"] == pytest.approx(DEFAULT_BASE[semantics], abs=1e-7)  # so c keeps its base
        assert result.base["a"] == 0.9 and result.base["p"] == 0.8


def test_joint_attacks_and_restatements_on_maps() -> None:
    m = build(statements=[{"id": "t", "text": "T"}, {"id": "t2", "text": "T again", "restates": "t"},
                          {"id": "x", "text": "X", "weight": 1.0}, {"id": "y", "text": "Y", "weight": 0.5}],
              attacks=[{"id": "j", "from": ["x", "y"], "to": "t2", "type": "rebut", "weight": 0.5}])
    result = dfquad(m)
    assert list(result.scores) == ["t", "t2", "x", "y", "j"]
    assert result["j"] == pytest.approx(0.5 * 1.0 * 0.5)  # weight times the product of its attackers
    assert result["t"] == result["t2"] == pytest.approx(0.5 - 0.5 * 0.25)


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="unknown gradual semantics 'nope'"):
        gradual(af("a"), "nope")
    with pytest.raises(ValueError, match="must be in \\[0, 1\\]"):
        framework_graph(af("a"), {"a": 1.5})
    with pytest.raises(ValueError, match="not an argument"):
        gradual(af("a"), "hcat", weights={"z": 0.5})
    with pytest.raises(ValueError, match="tolerance"):
        gradual(af("a"), "hcat", tolerance=0)


def test_non_convergence_is_reported() -> None:
    result = gradual(af("abcd", "ba cb dc"), "dfquad", max_iterations=2)
    assert not result.converged and result.iterations == 2 and result.change > 0
    assert result.to_dict()["converged"] is False


def test_damping_makes_dfquad_converge_where_the_plain_iteration_oscillates() -> None:
    # a self-attacker of base 1: the plain iteration alternates 1, 0, 1, ...; s = 1 - s has s = 1/2
    result = dfquad(af("a", "aa"), weights={"a": 1.0})
    assert result.converged and result["a"] == pytest.approx(0.5, abs=1e-8)
    # an odd cycle: every fixed point of DF-QuAD's equations s = w (1 - s(attacker)) has s = 1/3
    odd = dfquad(af("abc", "ab bc ca"), weights=dict.fromkeys("abc", 0.5))
    assert odd.converged and all(v == pytest.approx(1 / 3, abs=1e-8) for v in odd.scores.values())
