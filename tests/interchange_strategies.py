"""Hypothesis strategies for the interchange tests: the maps of ``maps()`` plus what interchange adds.

``rich_maps()`` adds the optional fields the interchange formats introduced (statement roles,
per-node metadata) and undercuts of attacks, so that round trips are tested on them too.
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
