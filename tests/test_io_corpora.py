"""Proof on real data: every file of the shared corpora imports, with its counts, and round-trips.

The corpora are read from ``../shared/corpora`` beside the repository (never copied into it);
the tests skip when that folder is absent. Expected counts are computed here from the raw
files, independently of the importers.
"""

from __future__ import annotations

import json
import os
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import argmap
from argmap.io import aif, argdown, microtext
from argmap.io.formats import ConversionWarning

from .argdown_cli import argdown_cli, argdown_json  # noqa: F401  (argdown_cli is a fixture)

# ARGMAP_CORPORA points elsewhere, e.g. from a git worktree whose parent has no shared/ folder
CORPORA = Path(os.environ.get("ARGMAP_CORPORA") or Path(__file__).resolve().parents[2] / "shared" / "corpora")

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="the shared corpora are not beside the repository")


def files(folder: str, pattern: str) -> list[Path]:
    found = sorted((CORPORA / folder).glob(pattern))
    if not found:
        pytest.skip(f"{folder} is not in the shared corpora")
    return found


# --- AIF --------------------------------------------------------------------------------------------


def aif_expectations(data: dict[str, Any]) -> dict[str, Any]:
    """What a lossless import must give, computed from the raw AIF nodes and edges."""
    nodes = {str(n["nodeID"]): n["type"] for n in data["nodes"]}
    ins: dict[str, list[str]] = {}
    outs: dict[str, list[str]] = {}
    for edge in data["edges"]:
        ins.setdefault(str(edge["toID"]), []).append(str(edge["fromID"]))
        outs.setdefault(str(edge["fromID"]), []).append(str(edge["toID"]))
    premises: Counter[int] = Counter()
    arguments = 0
    for key, kind in nodes.items():
        if kind == "RA":
            i_in = [n for n in ins.get(key, []) if nodes[n] == "I"]
            i_out = [n for n in outs.get(key, []) if nodes[n] == "I"]
            if i_in and i_out:
                arguments += len(i_out)
                premises.update([len(i_in)] * len(i_out))
    attacks: Counter[str] = Counter()
    attackers_per_attack: Counter[int] = Counter()
    for key, kind in nodes.items():
        if kind == "CA":
            attackers = [n for n in ins.get(key, []) if nodes[n] == "I"]
            targets = [n for n in outs.get(key, []) if nodes[n] in ("I", "RA", "CA")]
            if attackers and len(targets) == 1:
                target_ok = nodes[targets[0]] != "CA" or any(nodes[n] == "I" for n in ins.get(targets[0], []))
                if target_ok:  # one attack per CA-node; several I-node inputs attack jointly
                    attacks["rebut" if nodes[targets[0]] == "I" else "undercut"] += 1
                    attackers_per_attack[len(attackers)] += 1
    # an MA-node from I-node(s) to one I-node: each input restates the output
    restates: dict[str, str] = {}
    for key, kind in nodes.items():
        if kind == "MA":
            inputs = [n for n in ins.get(key, []) if nodes[n] == "I"]
            outputs = [n for n in outs.get(key, []) if nodes[n] == "I"]
            # argmap's `restates` names one original, never the node itself
            if inputs and len(outputs) == 1 and all(n != outputs[0] and n not in restates for n in inputs):
                restates.update((n, outputs[0]) for n in inputs)
    return {"statements": sum(1 for k in nodes.values() if k == "I"), "arguments": arguments,
            "premises": premises, "attacks": attacks, "attackers": attackers_per_attack, "restates": restates}


@pytest.mark.parametrize("folder", ["aif-araucariadb/nodesets", "aif-qt30-dialam2024/train-sample"])
def test_aif_corpus_imports_with_its_counts_and_round_trips(folder: str) -> None:
    totals: Counter[str] = Counter()
    reported: list[str] = []
    for path in files(folder, "*.json"):
        original = json.loads(path.read_text(encoding="utf-8"))
        result = aif.read(path)  # raises on any error
        m = result.map
        expected = aif_expectations(original)
        assert len(m.statements) == expected["statements"], path.name
        assert len(m.arguments) == expected["arguments"], path.name
        assert Counter(len(a.premises) for a in m.arguments) == expected["premises"], path.name  # linked intact
        assert Counter(a.type for a in m.attacks) == expected["attacks"], path.name
        assert Counter(len(a.attackers) for a in m.attacks) == expected["attackers"], path.name
        ids = {str(n["nodeID"]): n for n in original["nodes"]}
        assert {s.id: s.restates for s in m.statements if s.restates} == expected["restates"], path.name
        assert all(ids[s.id]["type"] == "I" for s in m.statements)  # the corpora's ids are valid argmap ids
        reported.extend(f"{path.name}:{d.code}" for d in result.warnings)
        totals["linked"] += sum(1 for a in m.arguments if len(a.premises) > 1)
        totals["undercuts"] += sum(1 for a in m.attacks if a.type == "undercut")
        totals["joint"] += sum(1 for a in m.attacks if a.joint)
        totals["restatements"] += sum(1 for s in m.statements if s.restates)
        # AIF -> argmap -> AIF: the same nodes (every key), edges and other keys; isomorphic typed graphs
        written = aif.to_data(m)
        assert {str(n["nodeID"]): n for n in original["nodes"]} == {str(n["nodeID"]): n for n in written["nodes"]}
        assert sorted(json.dumps(e, sort_keys=True) for e in original["edges"]) == \
            sorted(json.dumps(e, sort_keys=True) for e in written["edges"])
        assert {k: v for k, v in original.items() if k not in ("nodes", "edges")} == \
            {k: v for k, v in written.items() if k not in ("nodes", "edges", aif.EXTENSION_KEY)}
        assert nx.vf2pp_is_isomorphic(_typed(original), _typed(written), node_label="label"), path.name
        # argmap -> AIF -> argmap: the same map
        assert aif.from_data(written).map == m, path.name
    if folder.startswith("aif-araucariadb"):
        assert totals["linked"] == 1173 and reported == []  # the corpus README's count of linked RAs
        assert totals["joint"] == totals["restatements"] == 0
    else:
        # an RA-node fed only by an L-node, two CA-nodes without an attacking I-node (one is nodeset23565's CA->CA),
        # two MA-nodes from an I-node to itself and four that give an I-node a second original
        assert sorted(reported) == ["nodeset18320.json:AM501", "nodeset18507.json:AM501", "nodeset19082.json:AM501",
                                    "nodeset19173.json:AM501", "nodeset19210.json:AM501", "nodeset19764.json:AM501",
                                    "nodeset21275.json:AM501", "nodeset23565.json:AM501", "nodeset23565.json:AM501"]
        assert totals["joint"] == 2  # CA-nodes with two I-node inputs: one joint attack each
        assert totals["restatements"] == 344  # statements restating another through a "Default Rephrase" MA-node


def _typed(data: dict[str, Any]) -> nx.DiGraph:  # type: ignore[type-arg]
    graph = aif.aif_graph(data)
    for _, attributes in graph.nodes(data=True):
        attributes["label"] = (attributes["type"], attributes["text"])
    return graph


# --- Microtext ---------------------------------------------------------------------------------------


def microtext_expectations(path: Path) -> dict[str, Any]:
    root = ET.parse(path).getroot()
    edges = {e.get("id"): e for e in root.iter("edge")}
    kinds = Counter(e.get("type") for e in edges.values())
    adds: Counter[str] = Counter(e.get("trg") for e in edges.values() if e.get("type") == "add")
    premises = Counter(1 + adds.get(key, 0) for key, e in edges.items() if e.get("type") in ("sup", "exa"))
    # one attack per reb/und edge; an add edge on it is a further attacker of that one (joint) attack
    attackers = Counter(1 + adds.get(key, 0) for key, e in edges.items() if e.get("type") in ("reb", "und"))
    # a unit is implicit when every segment it is made of is marked implicit="true"
    implicit_edus = {e.get("id") for e in root.iter("edu") if e.get("implicit") == "true"}
    parts: dict[str, list[str]] = {}
    for e in edges.values():
        if e.get("type") == "seg":
            parts.setdefault(str(e.get("trg")), []).append(str(e.get("src")))

    def segments(node: str) -> list[str]:
        return [node] if node not in parts else [edu for part in parts[node] for edu in segments(part)]

    implicit = sorted(str(a.get("id")) for a in root.iter("adu")
                      if segments(str(a.get("id"))) and set(segments(str(a.get("id")))) <= implicit_edus)
    return {"statements": len(list(root.iter("adu"))), "arguments": kinds["sup"] + kinds["exa"],
            "premises": premises, "rebut": kinds["reb"], "undercut": kinds["und"], "und": kinds["und"],
            "attackers": attackers, "implicit": implicit,
            "linked": sum(1 for count in premises.elements() if count > 1), "add": kinds["add"],
            "exa": kinds["exa"], "joint": sum(1 for count in attackers.elements() if count > 1)}


MICROTEXT_SETS = ["arg-microtexts-part1/corpus/en", "arg-microtexts-part1/corpus/de",
                  "arg-microtexts-multilayer/corpus/arg"]


def _structure(m: argmap.ArgumentMap) -> nx.DiGraph:  # type: ignore[type-arg]
    graph = argmap.to_networkx(m)
    for _, attributes in graph.nodes(data=True):
        attributes["label"] = (attributes["kind"], attributes.get("role"), attributes.get("type"),
                               attributes.get("scheme"))
    for _, _, attributes in graph.edges(data=True):
        attributes["label"] = (attributes["role"], attributes.get("index"))
    return graph


@pytest.mark.parametrize("folder", MICROTEXT_SETS)
def test_microtext_corpus_imports_with_its_counts_and_round_trips(folder: str) -> None:
    totals: Counter[str] = Counter()
    for path in files(folder, "*.xml"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConversionWarning)
            result = microtext.read(path)
        m = result.map
        expected = microtext_expectations(path)
        assert len(m.statements) == expected["statements"], path.name
        assert len(m.arguments) == expected["arguments"], path.name
        assert Counter(len(a.premises) for a in m.arguments) == expected["premises"], path.name
        types = Counter(a.type for a in m.attacks)
        assert (types["rebut"], types["undercut"]) == (expected["rebut"], expected["undercut"]), path.name
        assert Counter(len(a.attackers) for a in m.attacks) == expected["attackers"], path.name
        assert [s.id for s in m.statements if s.implicit] == expected["implicit"], path.name
        assert all(s.role in ("proponent", "opponent") for s in m.statements)
        assert result.warnings == [], path.name  # nothing of the corpus is split or kept aside any more
        for key in ("und", "linked", "add", "exa", "joint"):
            totals[key] += expected[key]
        totals["undercuts kept"] += sum(1 for a in m.attacks if a.type == "undercut")
        totals["linked kept"] += sum(1 for a in m.arguments if len(a.premises) > 1)
        totals["joint kept"] += sum(1 for a in m.attacks if a.joint)
        # the assembled text is the corpus's running text
        text_file = path.with_suffix(".txt") if "part1" in folder else \
            path.parents[1] / "txt" / path.with_suffix(".txt").name
        if "part1" in folder:
            assert m.source is not None and m.source.text == text_file.read_text(encoding="utf-8").strip()
        # microtext -> argmap -> microtext: the same elements
        written = microtext.export(m)
        assert written.diagnostics == ()
        assert _elements(path.read_text(encoding="utf-8")) == _elements(written.text), path.name
        assert microtext.reads(written.text).map == m
    assert totals["undercuts kept"] == totals["und"] == 63  # every undercut survives
    assert totals["linked kept"] == totals["linked"] == 17  # every linked-premise group survives (18 add
    # edges on support edges: one argument has three premises)
    assert (totals["add"], totals["exa"]) == (21, 9)
    assert totals["joint kept"] == totals["joint"] == 3  # the 3 add edges on attack edges: 3 joint attacks


def _elements(text: str) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    root = ET.fromstring(text.encode("utf-8"))
    return sorted((e.tag, tuple(sorted(e.attrib.items())), e.text or "") for e in root)


def test_english_and_german_microtexts_give_isomorphic_maps() -> None:
    english = files("arg-microtexts-part1/corpus/en", "*.xml")
    multilayer = CORPORA / "arg-microtexts-multilayer" / "corpus" / "arg"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConversionWarning)
        for path in english:
            en = microtext.read(path).map
            de = microtext.read(path.parents[1] / "de" / path.name).map
            assert en.statements[0].text != de.statements[0].text  # really two languages
            assert nx.is_isomorphic(_structure(en), _structure(de), node_match=_same_label, edge_match=_same_label)
            ml = multilayer / path.name
            if ml.exists():  # the re-segmented version: other edge ids, the same argument
                assert nx.is_isomorphic(_structure(en), _structure(microtext.read(ml).map),
                                        node_match=_same_label, edge_match=_same_label), path.name


def _same_label(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["label"] == b["label"])


# --- Argdown ----------------------------------------------------------------------------------------


def _words(member: dict[str, Any]) -> str:
    """A member's text without its tags (independently of the importer: by the tag ranges Argdown gives)."""
    text = member.get("text") or ""
    units = text.encode("utf-16-le", "surrogatepass")
    for r in sorted((r for r in member.get("ranges", []) if r.get("type") == "tag"), key=lambda r: -r["start"]):
        units = units[:2 * r["start"]] + units[2 * (r["stop"] + 1):]
    return str(units.decode("utf-16-le", "surrogatepass").strip())


@pytest.fixture(scope="module")
def argdown_exports(argdown_cli: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[Path, Path | None], int]:  # noqa: F811
    """Each corpus file and the CLI's JSON export of it (None: rejected), and the count of syntax-error reports."""
    sources = files("argdown", "**/*.argdown")
    tmp = tmp_path_factory.mktemp("argdown-json")
    exports: dict[Path, Path | None] = {}
    rejected = 0
    for folder in sorted({path.parent for path in sources}):  # Argdown reads them in place, writes to tmp
        out = tmp / folder.relative_to(CORPORA).as_posix().replace("/", "__")
        run = argdown_json(argdown_cli, folder, out)
        rejected += run.stderr.count("Argdown syntax errors in")
        for path in sorted(folder.glob("*.argdown")):
            produced = out / (path.stem + ".json")
            exports[path] = produced if produced.exists() else None
    return exports, rejected


def test_argdown_corpus_imports_through_argdowns_json(argdown_exports: tuple[dict[Path, Path | None], int]) -> None:
    sources = files("argdown", "**/*.argdown")
    produced = [p for p in argdown_exports[0].values() if p is not None]
    rejected = argdown_exports[1]
    partials = sum(1 for path in sources if path.name.startswith("_"))  # included by others, not exported
    # Argdown 1.7.5 rejects 50 syntax fragments (cheat-sheet snippets, lexer fixtures) and skips one lexer
    # fixture; every file it exports is imported below.
    assert len(sources) == 229 and len(produced) == 176 and rejected == 50 and partials == 2
    kept = 0
    for path in produced:
        raw = json.loads(path.read_text(encoding="utf-8"))
        result = argdown.read_json(path)  # raises on any error
        m = result.map
        relations = Counter(r["relationType"] for r in raw["relations"])
        without_pcs = sum(1 for a in raw["arguments"].values() if not a.get("pcs"))
        inferences = sum(1 for a in raw["arguments"].values() for s in a.get("pcs", []) if "inference" in s
                         and s.get("role") in ("intermediary-conclusion", "main-conclusion"))
        unrepresented = len(result.warnings)
        kept += unrepresented
        # every equivalence class is a statement, and so is each of its other wordings (a restatement)
        restatements = sum(len({_words(x) for x in ec["members"] if not x.get("isReference") and _words(x)} - {
            _words(argdown._canonical(ec) or {})}) for ec in raw["statements"].values())
        assert len(m.statements) == len(raw["statements"]) + without_pcs + restatements, path.name
        assert sum(1 for s in m.statements if s.restates) == restatements, path.name
        represented = relations["support"] + relations["entails"] + relations["attack"] + relations["contrary"] + \
            relations["undercut"] + 2 * relations["contradictory"]
        assert len(m.arguments) + len(m.attacks) + unrepresented == inferences + represented, path.name
        assert sum(1 for a in m.attacks if a.type == "undercut") + sum(
            1 for r in (m.metadata.get("argdown", {}).get("relations", [])) if r["relationType"] == "undercut") == \
            relations["undercut"], path.name
    assert kept == 12  # relations argmap cannot place (mostly: aimed at a reconstructed argument, no premise named)


def test_argdown_corpus_reads_natively_as_the_real_parser_reads_it(
        argdown_exports: tuple[dict[Path, Path | None], int]) -> None:
    # For every file the Argdown CLI accepts, argmap's own parser gives the map that argmap reads from
    # the CLI's JSON export (its front matter's title aside: the JSON export has none); every file the
    # CLI rejects gets a located error from argmap as well.
    from argmap.errors import MapError

    accepted = rejected = 0
    for path, produced in argdown_exports[0].items():
        if path.name.startswith("_"):  # partials, included by other files
            continue
        if produced is None:
            with pytest.raises(MapError) as info:
                argdown.read(path)
            assert info.value.diagnostics[0].location.line is not None, path.name
            rejected += 1
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConversionWarning)
            own = argdown.read(path).map
            real = argdown.read_json(produced).map
        own.title = None
        assert own == real, path.name
        accepted += 1
    assert accepted == 176 and rejected == 51


# --- evaluation of the imported maps -----------------------------------------------------------------


@pytest.mark.parametrize("folder", MICROTEXT_SETS)
def test_microtext_maps_evaluate_with_their_undercuts_of_attacks(folder: str) -> None:
    # Microtext's "und" on a rebuttal's edge is an attack on an attack: each becomes a node of the
    # evaluation, and every status follows from its neighbours by the documented rules.
    from argmap.semantics import evaluate

    from .test_semantics_evaluate import check_local_rules

    attacked_attacks = joint_attacks = 0
    for path in files(folder, "*.xml"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConversionWarning)
            m = microtext.read(path).map
        result = evaluate(m)
        attacked = {a.to for a in m.attacks} & {a.id for a in m.attacks}
        joint = {a.id for a in m.attacks if a.joint}  # "the attack has force" rests on all its attackers
        assert {n.id for n in result if n.kind == "attack"} == attacked | joint
        attacked_attacks += len(attacked)
        joint_attacks += len(joint)
        check_local_rules(m, result)
    assert attacked_attacks > 40
    assert joint_attacks == 3  # the three add edges on attack edges (the multilayer set has the same argument)
