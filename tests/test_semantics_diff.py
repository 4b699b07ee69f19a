"""`argmap diff`: a semantic diff of edited copies of the example maps."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.semantics.diff import diff_maps

from .conftest import EXAMPLES

FLAGSHIP = EXAMPLES / "deepseek" / "map.yaml"


def edited_flagship(tmp_path: Path) -> Path:
    """The flagship with c-opaque renamed and reworded, the attack on the thesis removed, and a node moved."""
    text = FLAGSHIP.read_text(encoding="utf-8")
    text = re.sub(r"\bc-opaque\b", "c-hidden", text)
    text = text.replace("DeepSeek的研發過程沒有公開，硬體佈局仍是個謎",
                        "DeepSeek的研發過程並未公開，硬體佈局依然是個謎")
    text = re.sub(r"  - id: att-not-sustainable\n(?:    .*\n)+", "", text, count=1)
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_renamed_reworded_chinese_statement_is_matched(tmp_path: Path) -> None:
    old, new = argmap.load(FLAGSHIP), argmap.load(edited_flagship(tmp_path))
    result = diff_maps(old, new)
    assert [(r.old_id, r.new_id) for r in result.reworded] == [("c-opaque", "c-hidden")]
    assert result.reworded[0].similarity > 0.8
    assert result.removed == ["att-not-sustainable"] and result.added == []
    assert "c-not-sustainable -rebut-> thesis" in result.links_removed
    assert not any("c-hidden" in link or "c-opaque" in link for link in result.links_added + result.links_removed)
    assert result.status_changes["thesis"] == ("OUT", "IN")
    assert result.score_changes["thesis"][1] > result.score_changes["thesis"][0]


def test_moving_nodes_in_the_file_is_no_change(tmp_path: Path) -> None:
    m = argmap.load(EXAMPLES / "bike-lanes.yaml")
    moved = m.model_copy(update={"statements": list(reversed(m.statements)),
                                 "attacks": list(reversed(m.attacks))})
    assert diff_maps(m, moved).empty


def test_a_changed_attack_type_and_a_new_attacker(tmp_path: Path) -> None:
    m = argmap.load(EXAMPLES / "bike-lanes.yaml")
    data = m.model_dump(by_alias=True, exclude_none=True)
    data["attacks"][0]["type"] = "undermine" if data["attacks"][0]["type"] != "undermine" else "rebut"
    data["statements"].append({"id": "new-objection", "text": "Bike lanes slow down buses."})
    data["attacks"].append({"id": "att-new", "from": "new-objection", "to": m.main_conclusions[0], "type": "rebut"})
    result = diff_maps(m, argmap.ArgumentMap.model_validate(data))
    assert result.added == ["new-objection", "att-new"]
    assert len(result.links_added) == 2 and len(result.links_removed) == 1


def test_cli_text_json_exit_status_and_textconv(tmp_path: Path) -> None:
    new = edited_flagship(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["diff", str(FLAGSHIP), str(new)])
    assert result.exit_code == 1
    assert "~ c-opaque → c-hidden" in result.output and "- att-not-sustainable" in result.output
    assert "~ thesis: OUT → IN (grounded)" in result.output
    data = json.loads(runner.invoke(main, ["diff", str(FLAGSHIP), str(new), "--format", "json"]).output)
    assert data["status_changes"]["thesis"] == {"old": "OUT", "new": "IN"}
    same = runner.invoke(main, ["diff", str(FLAGSHIP), str(FLAGSHIP), "--gradual", "none"])
    assert same.exit_code == 0 and "no change" in same.output
    outline = runner.invoke(main, ["diff", "--textconv", str(FLAGSHIP)])
    assert outline.exit_code == 0 and "OUT   thesis:" in outline.output
    assert runner.invoke(main, ["diff", str(FLAGSHIP)]).exit_code == 2
