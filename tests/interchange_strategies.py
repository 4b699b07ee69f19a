"""Hypothesis strategies for the interchange tests: the maps of ``maps()`` plus what interchange adds.

``rich_maps()`` adds the optional fields the interchange formats introduced (statement roles,
per-node metadata), undercuts of attacks, and every addition of format 1.1 (implicit statements,
arguments and attacks; weights; restatements; occurrences; joint attacks), so that round trips
are tested on them too.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from argmap.model import ArgumentMap

from .strategies import maps

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
node_metadata = st.none() | st.dictionaries(st.sampled_from(["x-tool", "score", "origin", "note"]), json_values,
                                            min_size=1, max_size=2)


@st.composite
def rich_maps(draw: st.DrawFn) -> ArgumentMap:
    base = draw(maps())
    data: dict[str, Any] = base.model_dump(by_alias=True, exclude_none=True)
    for statement in data["statements"]:
        role = draw(st.none() | st.sampled_from(["proponent", "opponent"]))
        if role:
            statement["role"] = role
    for collection in ("statements", "analogies", "arguments", "attacks"):
        for item in data[collection]:
            meta = draw(node_metadata)
            if meta:
                item["metadata"] = meta
    attacks = data["attacks"]
    propositions = [s["id"] for s in data["statements"]] + [a["id"] for a in data["analogies"]]
    if draw(st.booleans()):
        add_format_1_1(draw, data, propositions)
    taken = {item["id"] for c in ("sections", "statements", "analogies", "arguments", "attacks") for item in data[c]}
    if attacks and propositions and draw(st.booleans()):
        for number in range(draw(st.integers(1, 3))):
            new_id = f"u{number}-on-attack"
            if new_id in taken:
                continue
            taken.add(new_id)
            attacks.append({"id": new_id, "from": draw(st.sampled_from(propositions)),
                            "to": draw(st.sampled_from([a["id"] for a in attacks])), "type": "undercut"})
    return ArgumentMap.model_validate(data)


weights = st.none() | st.floats(0.0, 1.0, allow_nan=False) | st.sampled_from([0.0, 0.5, 1.0])
flags = st.none() | st.booleans()


def add_format_1_1(draw: st.DrawFn, data: dict[str, Any], propositions: list[str]) -> None:
    """Give generated map data the optional fields of format 1.1, in every combination."""
    data["argmap"] = "1.1"
    for collection in ("statements", "analogies", "arguments", "attacks"):
        for item in data[collection]:
            weight = draw(weights)
            if weight is not None:
                item["weight"] = weight
            if collection != "analogies" and (flag := draw(flags)) is not None:
                item["implicit"] = flag
            if collection in ("statements", "analogies") and (occurrence := draw(st.none() | st.integers(1, 3))):
                item["occurrence"] = occurrence
    for index, statement in enumerate(data["statements"]):
        # restate an earlier proposition only (analogies come later in the list): restatements never loop
        earlier = [s["id"] for s in data["statements"][:index]]
        if earlier and draw(st.integers(0, 3)) == 0:
            statement["restates"] = draw(st.sampled_from(earlier))
    for attack in data["attacks"]:
        if draw(st.integers(0, 2)) == 0:  # a joint attack: several attackers, each once
            attack["from"] = draw(st.lists(st.sampled_from(propositions), min_size=1, max_size=3, unique=True))
