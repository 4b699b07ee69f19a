"""Hypothesis strategies that generate valid argument maps of any shape."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from argmap.model import ANALOGY_FIGURES, ATTACK_TYPES, QUESTION_STATUSES, STATEMENT_TYPES, ArgumentMap

ids = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)
# Any text, including CJK, quotes, YAML-special words and line breaks.
texts = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["no", "yes", "null", "~", "2025-01-28", "1e3", "- x", "a: b", "#", "'\"", "龜兔賽跑", " x "]),
)
optional_text = st.none() | texts
tags = st.lists(st.text(min_size=1, max_size=10), max_size=3)


@st.composite
def maps(draw: st.DrawFn) -> ArgumentMap:
    all_ids = draw(st.lists(ids, min_size=2, max_size=30, unique=True))
    n_sections = draw(st.integers(0, min(2, len(all_ids) - 1)))
    n_props = draw(st.integers(1, max(1, len(all_ids) - n_sections - 1)))
    section_ids = all_ids[:n_sections]
    prop_ids = all_ids[n_sections:n_sections + n_props]
    rest = all_ids[n_sections + n_props:]
    n_analogies = draw(st.integers(0, len(prop_ids)))
    n_arguments = draw(st.integers(0, len(rest)))
    argument_ids, attack_ids = rest[:n_arguments], rest[n_arguments:]
    section = st.none() | st.sampled_from(section_ids) if section_ids else st.none()

    statements: list[dict[str, Any]] = []
    analogies: list[dict[str, Any]] = []
    for i, node_id in enumerate(prop_ids):
        common = {"id": node_id, "text": draw(texts), "quote": draw(optional_text), "section": draw(section),
                  "note": draw(optional_text), "tags": draw(tags)}
        if i < n_analogies:
            analogies.append({
                **common, "figure": draw(st.sampled_from(ANALOGY_FIGURES)), "source": draw(texts),
                "target": draw(texts),
                "mapping": draw(st.lists(st.fixed_dictionaries({"from": texts, "to": texts}), max_size=3)),
                "disanalogies": draw(st.lists(texts, max_size=2)),
            })
        else:
            statements.append({**common, "type": draw(st.sampled_from(STATEMENT_TYPES)),
                               "attribution": draw(optional_text)})
    arguments = [{
        "id": node_id,
        "premises": draw(st.lists(st.sampled_from(prop_ids), min_size=1, max_size=4, unique=True)),
        "conclusion": draw(st.sampled_from(prop_ids)),
        "linked": draw(st.none() | st.booleans()),
        "scheme": draw(st.none() | st.sampled_from(["analogy", "example", "expert_opinion"])),
        "critical_questions": draw(st.lists(st.fixed_dictionaries(
            {"question": texts, "status": st.sampled_from(QUESTION_STATUSES)}), max_size=2)),
        "section": draw(section),
        "tags": draw(tags),
    } for node_id in argument_ids]
    attacks = []
    for node_id in attack_ids:
        kind = draw(st.sampled_from(ATTACK_TYPES)) if argument_ids else draw(st.sampled_from(["rebut", "undermine"]))
        target = draw(st.sampled_from(argument_ids if kind == "undercut" else prop_ids))
        attacks.append({"id": node_id, "from": draw(st.sampled_from(prop_ids)), "to": target, "type": kind,
                        "note": draw(optional_text)})
    return ArgumentMap.model_validate({
        "argmap": "1",
        "title": draw(optional_text),
        "lang": draw(st.none() | st.sampled_from(["en", "zh-Hant", "de"])),
        "source": draw(st.none() | st.fixed_dictionaries({"text": texts}, optional={"author": texts})),
        "main_conclusions": draw(st.lists(st.sampled_from(prop_ids), max_size=2, unique=True)),
        "sections": [{"id": s, "title": draw(texts)} for s in section_ids],
        "statements": statements, "analogies": analogies, "arguments": arguments, "attacks": attacks,
        "notes": draw(optional_text),
        "tags": draw(tags),
        "metadata": draw(st.dictionaries(st.text(max_size=5), st.none() | st.integers() | st.text(max_size=5)
                                         | st.lists(st.integers(), max_size=2), max_size=3)),
    })
