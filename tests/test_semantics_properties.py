"""Property tests: every semantics against a brute-force enumerator on small random frameworks."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.semantics import (
    SEMANTICS,
    ArgumentationFramework,
    credulous_witness,
    extensions,
    format_af,
    grounded_extension,
    grounded_labelling,
    is_credulously_accepted,
    is_extension,
    is_sceptically_accepted,
    labelling_of,
    labellings,
    parse_af,
    sceptical_counterexample,
    some_extension,
)
from argmap.semantics import framework as framework_module

# --- the oracle: definitions applied literally to every subset -----------------------------------


class BruteForce:
    """Dung's definitions checked on all 2^n subsets (n <= 8 here)."""

    def __init__(self, af: ArgumentationFramework) -> None:
        self.arguments = list(af.arguments)
        self.attacks = set(af.attacks)

    def attacks_set(self, s: frozenset[str], target: str) -> bool:
        return any((a, target) in self.attacks for a in s)

    def conflict_free(self, s: frozenset[str]) -> bool:
        return not any((a, b) in self.attacks for a in s for b in s)

    def defends(self, s: frozenset[str], a: str) -> bool:
        return all(self.attacks_set(s, b) for b in self.arguments if (b, a) in self.attacks)

    def subsets(self) -> list[frozenset[str]]:
        return [frozenset(c) for k in range(len(self.arguments) + 1) for c in combinations(self.arguments, k)]

    def admissible(self) -> list[frozenset[str]]:
        return [s for s in self.subsets() if self.conflict_free(s) and all(self.defends(s, a) for a in s)]

    def complete(self) -> set[frozenset[str]]:
        return {s for s in self.admissible()
                if all((a in s) == self.defends(s, a) for a in self.arguments)}

    def preferred(self) -> set[frozenset[str]]:
        adm = self.admissible()
        return {s for s in adm if not any(s < t for t in adm)}

    def stable(self) -> set[frozenset[str]]:
        return {s for s in self.subsets() if self.conflict_free(s)
                and all(a in s or self.attacks_set(s, a) for a in self.arguments)}

    def grounded(self) -> frozenset[str]:
        # least fixpoint of the characteristic function, iterated from the empty set
        current: frozenset[str] = frozenset()
        while True:
            following = frozenset(a for a in self.arguments if self.defends(current, a))
            if following == current:
                return current
            current = following

    def semantics(self, name: str) -> set[frozenset[str]]:
        if name == "grounded":
            return {self.grounded()}
        return {"complete": self.complete, "preferred": self.preferred, "stable": self.stable}[name]()


@st.composite
def frameworks(draw: st.DrawFn, max_arguments: int = 7) -> ArgumentationFramework:
    n = draw(st.integers(0, max_arguments))
    names = [f"a{i}" for i in range(n)]
    pairs = [(a, b) for a in names for b in names]
    attacks = draw(st.lists(st.sampled_from(pairs), max_size=3 * n, unique=True)) if pairs else []
    return ArgumentationFramework(names, attacks)


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(frameworks())
def test_every_semantics_agrees_with_brute_force(af: ArgumentationFramework) -> None:
    oracle = BruteForce(af)
    for name in SEMANTICS:
        got = list(extensions(af, name))
        assert len(got) == len(set(got)), f"{name}: an extension was enumerated twice"
        assert set(got) == oracle.semantics(name), name


@PROPERTY
@given(frameworks())
def test_grounded_is_the_least_complete_extension(af: ArgumentationFramework) -> None:
    grounded = grounded_extension(af)
    complete = set(extensions(af, "complete"))
    assert grounded in complete
    assert all(grounded <= extension for extension in complete)
    assert grounded == frozenset.intersection(*complete)


@PROPERTY
@given(frameworks())
def test_stable_extensions_are_preferred_and_preferred_are_complete(af: ArgumentationFramework) -> None:
    preferred = set(extensions(af, "preferred"))
    assert set(extensions(af, "stable")) <= preferred
    assert preferred <= set(extensions(af, "complete"))
    assert preferred, "every framework has at least one preferred extension"


def assert_legal(af: ArgumentationFramework, labelling: dict[str, str]) -> None:
    """Caminada's conditions of a complete labelling."""
    assert set(labelling) == set(af.arguments)
    for argument, label in labelling.items():
        attackers = [labelling[b] for b in af.attackers(argument)]
        if label == "IN":
            assert all(x == "OUT" for x in attackers)
        elif label == "OUT":
            assert "IN" in attackers
        else:
            assert "IN" not in attackers and any(x == "UNDEC" for x in attackers)


@PROPERTY
@given(frameworks())
def test_labellings_are_legal(af: ArgumentationFramework) -> None:
    assert_legal(af, grounded_labelling(af))
    for name in SEMANTICS:
        for labelling in labellings(af, name):
            assert_legal(af, labelling)
            if name == "stable":
                assert "UNDEC" not in labelling.values()


@PROPERTY
@given(frameworks(max_arguments=6), st.data())
def test_acceptance_and_certificates(af: ArgumentationFramework, data: st.DataObject) -> None:
    if not af.arguments:
        return
    argument = data.draw(st.sampled_from(af.arguments))
    for name in SEMANTICS:
        found = set(extensions(af, name))
        credulous = any(argument in e for e in found)
        sceptical = all(argument in e for e in found)
        assert is_credulously_accepted(af, argument, name) == credulous
        assert is_sceptically_accepted(af, argument, name) == sceptical
        witness = credulous_witness(af, argument, name)
        if witness is not None:
            assert argument in witness and witness in found
        counterexample = sceptical_counterexample(af, argument, name)
        if counterexample is not None:
            assert argument not in counterexample and counterexample in found
        some = some_extension(af, name)
        assert (some is None) == (not found) and (some is None or some in found)


@PROPERTY
@given(frameworks(max_arguments=6), st.data())
def test_is_extension_agrees_with_brute_force(af: ArgumentationFramework, data: st.DataObject) -> None:
    oracle = BruteForce(af)
    candidate = frozenset(data.draw(st.sets(st.sampled_from(af.arguments))) if af.arguments else ())
    for name in SEMANTICS:
        assert is_extension(af, candidate, name) == (candidate in oracle.semantics(name)), name


@PROPERTY
@given(frameworks())
def test_numpy_and_python_adjacency_give_the_same_results(af: ArgumentationFramework) -> None:
    expected = {name: set(extensions(af, name)) for name in SEMANTICS}
    labelling = grounded_labelling(af)
    original = framework_module.NUMPY_THRESHOLD
    framework_module.NUMPY_THRESHOLD = 0  # force the numpy path on a fresh copy
    try:
        copy = ArgumentationFramework(af.arguments, af.attacks)
        assert grounded_labelling(copy) == labelling
        assert {name: set(extensions(copy, name)) for name in SEMANTICS} == expected
        assert all(copy.attackers(a) == af.attackers(a) for a in af.arguments)
    finally:
        framework_module.NUMPY_THRESHOLD = original


@PROPERTY
@given(frameworks(), st.sampled_from(["apx", "tgf", "i23"]))
def test_formats_round_trip(af: ArgumentationFramework, fmt: str) -> None:
    text = format_af(af, fmt)  # type: ignore[arg-type]
    back = parse_af(text, fmt)  # type: ignore[arg-type]
    if fmt == "i23":  # arguments become 1 .. n in order
        rename = {name: str(i + 1) for i, name in enumerate(af.arguments)}
        assert back.arguments == tuple(rename[a] for a in af.arguments)
        assert back.attacks == [(rename[a], rename[b]) for a, b in af.attacks]
    else:
        assert back.arguments == af.arguments
        assert back.attacks == af.attacks


@PROPERTY
@given(frameworks(max_arguments=5))
def test_labelling_of_an_extension_is_its_complete_labelling(af: ArgumentationFramework) -> None:
    for extension in extensions(af, "complete"):
        labelling = labelling_of(af, extension)
        assert {a for a, label in labelling.items() if label == "IN"} == set(extension)
        assert_legal(af, labelling)


@pytest.mark.parametrize("n", [1_000_000])
def test_grounded_on_a_million_long_attack_chain_needs_no_recursion(n: int) -> None:
    af = ArgumentationFramework.from_indices(n, range(n - 1), range(1, n))
    labelling = grounded_labelling(af)
    assert labelling["1"] == "IN" and labelling["2"] == "OUT" and labelling[str(n)] == ("IN" if n % 2 else "OUT")
    assert len(grounded_extension(af)) == (n + 1) // 2


def test_preferred_on_a_long_chain_and_an_even_cycle() -> None:
    # PyArg's recursive preferred solver fails at a 3,000-long chain; the SAT encoding does not recurse
    n = 3000
    chain = ArgumentationFramework.from_indices(n, range(n - 1), range(1, n))
    assert list(extensions(chain, "preferred")) == [grounded_extension(chain)]
    cycle = ArgumentationFramework.from_indices(n, range(n), [(i + 1) % n for i in range(n)])
    found = set(extensions(cycle, "preferred"))
    assert found == set(extensions(cycle, "stable"))
    assert {len(e) for e in found} == {n // 2} and len(found) == 2
