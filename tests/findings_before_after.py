"""Compare the linter's findings of two versions of argmap on generated maps (run by hand, not by pytest).

    python tests/findings_before_after.py [--ref main] [--maps 300] [--size 60]

The version at git ``--ref`` and the working tree each validate the same generated maps (JSON and
YAML files, every non-text rule) in a subprocess with the same hash seed; every finding (code,
message, file, line, column, path, hint, severity, nodes, rule name) must be the same, in the same
order. AM101 (support cycles) is compared by the set of cycles as node sets when both versions list
every cycle, since which node a reported cycle starts at depends on the search order.

The maps exercise every non-text rule: support cycles and self-support, isolated nodes, dead ends,
unreachable parts, self-attacks and undercuts of attacks, joint attacks, restatements (format 1.1),
linked flags, attack types, analogies (empty, repeated and self-compared mappings), known, aliased,
unknown and misspelt schemes with recorded critical questions, ``ignore`` lists and ``expect`` blocks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

_SCHEMES = [None, None, "analogy", "example", "expert_opinion", "generalization", "rule", "analogie", "made_up"]
_QUESTIONS = ["similarity", "differences", "true", "typical", "feild", "expertise", "field", "Are the examples true?",
              "Are the exampels true?", "Is it raining in the relevant sense, really?", "x"]


def generated_map(seed: int, size: int) -> dict[str, Any]:
    """A random map of about ``size`` statements in which every non-text rule has a chance to fire."""
    rnd = random.Random(seed)
    n_statements = rnd.randint(1, size)
    n_analogies = rnd.randint(0, max(1, size // 8))
    n_arguments = rnd.randint(0, size)
    statements: list[dict[str, Any]] = []
    for i in range(n_statements):
        statement: dict[str, Any] = {"id": f"s{i}", "text": f"Statement {i}"}
        if i and rnd.random() < 0.05:
            statement["restates"] = f"s{rnd.randrange(i)}"  # always earlier: a chain never loops
        if rnd.random() < 0.03:
            statement["ignore"] = [rnd.choice(["AM1", "AM103", "AM105", "AM4"])]
        statements.append(statement)
    analogies = []
    for i in range(n_analogies):
        case = rnd.choice(["race", "fable", "market"])
        pairs = [{"from": rnd.choice("ab"), "to": rnd.choice("xy")} for _ in range(rnd.randint(0, 3))]
        analogies.append({"id": f"n{i}", "figure": "fable", "text": f"Analogy {i}", "source": case,
                          "target": rnd.choice([case, "policy", case.upper()]), "mapping": pairs})
    propositions = [s["id"] for s in statements] + [a["id"] for a in analogies]
    # a few hubs make long chains and large strongly connected parts likely, as in real maps
    focus = propositions[: max(1, len(propositions) // 4)]
    arguments = []
    for i in range(n_arguments):
        pool = focus if rnd.random() < 0.5 else propositions
        premises = rnd.sample(pool, rnd.randint(1, min(3, len(pool))))
        conclusion = rnd.choice(premises) if rnd.random() < 0.03 else rnd.choice(propositions)
        argument: dict[str, Any] = {"id": f"a{i}", "premises": premises, "conclusion": conclusion}
        if rnd.random() < 0.1:
            argument["linked"] = rnd.choice([True, False])
        scheme = rnd.choice(_SCHEMES)
        if scheme is not None:
            argument["scheme"] = scheme
            argument["critical_questions"] = [
                {"question": rnd.choice(_QUESTIONS), "status": rnd.choice(["open", "answered", "conceded"])}
                for _ in range(rnd.randint(0, 2))]
        if rnd.random() < 0.02:
            argument["ignore"] = ["AM402"]
        arguments.append(argument)
    attacks: list[dict[str, Any]] = []
    n_attacks = rnd.randint(0, max(1, size // 3))
    for i in range(n_attacks):
        kind = rnd.choice(["rebut", "undermine", "undercut"])
        attack_id = f"x{i}"
        if kind == "undercut" and (arguments or attacks):
            # undercuts of arguments, of earlier attacks, of itself and of the next (circles of undercuts)
            targets = [a["id"] for a in arguments] + [x["id"] for x in attacks] + [attack_id]
            targets += [f"x{i + 1}"] * 3 if i + 1 < n_attacks else []
            target = rnd.choice(targets)
        else:
            kind = rnd.choice(["rebut", "undermine"])
            target = rnd.choice(propositions)
        attacker: Any = rnd.choice(propositions)
        if rnd.random() < 0.1 and len(propositions) > 2:
            attacker = rnd.sample(propositions, 2)
        if rnd.random() < 0.03:
            attacker = target if kind != "undercut" else attacker
        attack: dict[str, Any] = {"id": attack_id, "from": attacker, "to": target}
        if kind != "rebut" or rnd.random() < 0.5:
            attack["type"] = kind
        attacks.append(attack)
    data: dict[str, Any] = {"argmap": "1.1", "title": f"map {seed}", "statements": statements,
                            "analogies": analogies, "arguments": arguments, "attacks": attacks}
    if rnd.random() < 0.4:
        data["main_conclusions"] = rnd.sample(propositions, rnd.randint(1, min(2, len(propositions))))
    if rnd.random() < 0.15:
        names = rnd.sample(propositions, min(2, len(propositions))) + (["ghost"] if rnd.random() < 0.3 else [])
        data["expect"] = [{"semantics": "grounded", "status": {name: rnd.choice(["in", "out"]) for name in names}}]
    return data


_DUMP = r"""
import json, sys
from argmap.checks import Config, validate
out = {}
for path in sys.argv[1:]:
    out[path] = [[d.code, d.message, d.location.file, d.location.line, d.location.column,
                  [str(p) for p in d.location.path], d.hint, d.severity, list(d.nodes), d.rule]
                 for d in validate(path, config=Config())]
json.dump(out, sys.stdout)
"""


def findings(tree: Path, files: list[str], hash_seed: str = "0") -> dict[str, list[list[Any]]]:
    """Every file's findings as validated by the argmap package found in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", _DUMP, *files], env=env, capture_output=True, text=True,
                          check=True, cwd=tree)
    result: dict[str, list[list[Any]]] = json.loads(done.stdout)
    return result


def cycle_problems(data: dict[str, Any], found: list[list[Any]]) -> list[str]:
    """What is wrong with the AM101 findings of one map, judged against its support graph.

    Which cycles are listed depends on where the search starts (in the version before, on the hash
    seed), so the findings are checked for what must hold: there are some exactly when the support
    graph has a cycle other than one-argument loops; each lists a cycle of that graph, as its message
    shows, located at an argument on it; at most 20; and where the cycles are separate simple loops
    (so that there is only one way to list them), exactly those loops.
    """
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    for argument in data["arguments"]:
        graph.add_edges_from((premise, argument["id"]) for premise in argument["premises"])
        graph.add_edge(argument["id"], argument["conclusion"])
    # a one-argument loop (AM102's) is the only cycle through the edge from an argument's conclusion
    # into that argument; without those edges, the cycles left are the circles AM101 reports
    loops = [(a["conclusion"], a["id"]) for a in data["arguments"] if a["conclusion"] in a["premises"]]
    without_loops = graph.copy()
    without_loops.remove_edges_from(loops)
    cyclic = not nx.is_directed_acyclic_graph(without_loops)
    cycles = [f for f in found if f[0] == "AM101"]
    problems = []
    if bool(cycles) != cyclic:
        problems.append(f"{len(cycles)} AM101 findings, but the support graph {'has' if cyclic else 'has no'} cycles")
    ignoring = any("ignore" in node for node in data["statements"] + data["arguments"])  # fewer may be shown
    said = any("only the first cycles" in f[1] for f in cycles)
    if len(cycles) > 20 or (not ignoring and (len(cycles) == 20) != said):
        problems.append(f"{len(cycles)} AM101 findings: the cap of 20 is not kept or not said")
    for f in cycles:
        nodes = f[8]
        shown = f[1].removeprefix("circular support: ").split(" (only")[0].split(" -> ")
        if shown != [*nodes, nodes[0]] or len(set(nodes)) != len(nodes):
            problems.append(f"AM101 message does not show its nodes as a cycle: {f[1]}")
        if not all(graph.has_edge(a, b) for a, b in zip(nodes, [*nodes[1:], nodes[0]], strict=True)):
            problems.append(f"AM101 lists a cycle that is not in the map: {nodes}")
        if f[5][:1] != ["arguments"] or data["arguments"][int(f[5][1])]["id"] not in nodes:
            problems.append(f"AM101 located away from its cycle: {f[5]}")
    components = [c for c in nx.strongly_connected_components(without_loops) if len(c) > 1]
    separate = all(without_loops.subgraph(c).number_of_edges() == len(c) for c in components) and len(components) < 20
    if separate and {frozenset(f[8]) for f in cycles} != {frozenset(c) for c in components}:
        problems.append("AM101 does not list exactly the separate loops of the map")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="main")
    parser.add_argument("--maps", type=int, default=300)
    parser.add_argument("--size", type=int, default=60)
    parser.add_argument("--hash-seed", default="0", help="PYTHONHASHSEED of the working tree's run")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the version to compare with --ref (default: this one)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder) / "old"
        old.mkdir()
        archive = subprocess.run(["git", "archive", options.ref, "argmap"], cwd=ROOT, capture_output=True, check=True)
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            if hasattr(tarfile, "data_filter"):  # Python 3.10.12+, 3.11.4+
                tar.extractall(old, filter="data")
            else:
                tar.extractall(old)  # our own repository's archive
        files, maps = [], {}
        for seed in range(options.maps):
            data = generated_map(seed, options.size if seed % 10 else options.size * 20)
            path = Path(folder) / f"map{seed}.{'json' if seed % 2 else 'yaml'}"
            if seed % 2:
                path.write_text(json.dumps(data, ensure_ascii=False, indent=1 if seed % 4 == 1 else None))
            else:
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
            files.append(str(path))
            maps[str(path)] = data
        before, after = findings(old, files), findings(options.tree, files, options.hash_seed)
    counted: dict[str, int] = {}
    differences = 0
    for file in files:
        old_rest = [f for f in before[file] if f[0] != "AM101"]
        new_rest = [f for f in after[file] if f[0] != "AM101"]
        problems = cycle_problems(maps[file], after[file])
        missed = cycle_problems(maps[file], before[file])
        if missed:
            print(f"before, {file}: {'; '.join(missed)}")
        if old_rest != new_rest or problems:
            differences += 1
            print(f"DIFFERENT: {file}")
            for f in old_rest:
                if f not in new_rest:
                    print("  only before:", f)
            for f in new_rest:
                if f not in old_rest:
                    print("  only after: ", f)
            if old_rest != new_rest and sorted(map(str, old_rest)) == sorted(map(str, new_rest)):
                print("  (same findings, other order)")
            for problem in problems:
                print("  " + problem)
        for f in after[file]:
            counted[f[0]] = counted.get(f[0], 0) + 1
    total = sum(counted.values())
    print(f"{len(files)} maps, {total} findings after ({', '.join(f'{c}: {n}' for c, n in sorted(counted.items()))})")
    print("no difference" if not differences else f"{differences} map(s) differ")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
