"""Benchmark: loading, validating and graphing a large generated map, against baselines.

Run by hand (not part of the test suite)::

    python benchmarks/bench_core.py [--statements 100000] [--arguments 100000] [--repeat 3]

Every figure is a ratio against a baseline measured in the same run on the same data:
  * JSON load+validate vs ``json.loads`` of the same bytes, on texts of ~50 characters and on
    texts of a few (target: at most 2x for both);
  * YAML load+validate vs PyYAML's C safe loader alone;
  * ``to_networkx`` vs networkx building the same graph from ready-made node and edge lists
    (target: at most 1.5x);
  * peak memory (RSS) of a fresh process that loads the JSON map (target: under 1 GB).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import yaml

import argmap
from argmap.graph import _attributes  # the same attribute extraction, to give the baseline ready-made lists


def generate(statements: int, arguments: int, seed: int = 1) -> dict[str, Any]:
    """A map shaped like real ones: 1-3 premises per argument, some attacks, texts of ~50 characters."""
    rnd = random.Random(seed)
    types = ["claim", "fact", "example", "quote", "concession"]
    st = [{"id": f"s{i}", "type": rnd.choice(types),
           "text": f"Statement {i}: 這是一個相當普通的命題 about topic {i % 97}.",
           "quote": f"quote {i}" if i % 3 == 0 else None, "tags": ["t"] if i % 5 == 0 else []}
          for i in range(statements)]
    ar = [{"id": f"a{i}", "premises": [f"s{j}" for j in rnd.sample(range(statements), rnd.randint(1, 3))],
           "conclusion": f"s{rnd.randrange(statements)}", "scheme": "example"} for i in range(arguments)]
    at = [{"id": f"x{i}", "from": f"s{rnd.randrange(statements)}", "to": f"a{rnd.randrange(arguments)}",
           "type": "undercut"} for i in range(arguments // 10)]
    for s in st:
        if s["quote"] is None:
            del s["quote"]
    return {"argmap": "1", "title": "benchmark", "statements": st, "arguments": ar, "attacks": at}


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def peak_rss_mb(path: str) -> float:
    # VmHWM of the child's own address space: ru_maxrss would carry over the parent's peak across fork.
    code = ("import argmap, sys; argmap.load(sys.argv[1]); "
            "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True).stdout
    return int(out) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--arguments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--yaml-scale", type=float, default=0.2, help="fraction of the map used for YAML timing")
    options = parser.parse_args()

    data = generate(options.statements, options.arguments)
    raw_json = json.dumps(data, ensure_ascii=False).encode()
    print(f"map: {options.statements:,} statements, {options.arguments:,} arguments, "
          f"{len(data['attacks']):,} attacks; JSON {len(raw_json) / 1e6:.1f} MB")

    base = timed(lambda: json.loads(raw_json), options.repeat)
    ours = timed(lambda: argmap.loads(raw_json, "json"), options.repeat)
    print(f"JSON  json.loads {base:.3f}s | argmap.loads {ours:.3f}s | ratio {ours / base:.2f}x (target <= 2x)")
    # The same map with texts of a few characters: json.loads has little text to decode, so what
    # argmap adds per node (validation, references) weighs most.
    short = generate(options.statements, options.arguments)
    for statement in short["statements"]:
        statement["text"] = f"S{statement['id']}"
        statement.pop("quote", None)
    raw_short = json.dumps(short, ensure_ascii=False).encode()
    sbase = timed(lambda: json.loads(raw_short), options.repeat)
    sours = timed(lambda: argmap.loads(raw_short, "json"), options.repeat)
    print(f"JSON, short texts ({len(raw_short) / 1e6:.1f} MB) json.loads {sbase:.3f}s | argmap.loads {sours:.3f}s | "
          f"ratio {sours / sbase:.2f}x (target <= 2x)")

    small = generate(int(options.statements * options.yaml_scale), int(options.arguments * options.yaml_scale))
    raw_yaml = yaml.dump(small, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False).encode()
    ybase = timed(lambda: yaml.load(raw_yaml, Loader=yaml.CSafeLoader), options.repeat)
    yours = timed(lambda: argmap.loads(raw_yaml, "yaml"), options.repeat)
    jsmall = json.dumps(small, ensure_ascii=False).encode()
    jbase = timed(lambda: json.loads(jsmall), options.repeat)
    print(f"YAML  ({len(raw_yaml) / 1e6:.1f} MB) yaml CSafeLoader {ybase:.3f}s | argmap.loads {yours:.3f}s | "
          f"ratio {yours / ybase:.2f}x vs the YAML loader, {yours / jbase:.1f}x vs json.loads of the same map")

    the_map = argmap.loads(raw_json, "json")
    nodes = [(s.id, _attributes(s, "statement")) for s in the_map.statements]
    nodes += [(a.id, _attributes(a, "argument", frozenset({"premises", "conclusion"}))) for a in the_map.arguments]
    nodes += [(x.id, _attributes(x, "attack", frozenset({"from_", "to"}))) for x in the_map.attacks]
    edges = [(p, a.id, {"role": "premise", "index": i}) for a in the_map.arguments for i, p in enumerate(a.premises)]
    edges += [(a.id, a.conclusion, {"role": "conclusion"}) for a in the_map.arguments]
    edges += [(x.from_, x.id, {"role": "attacker"}) for x in the_map.attacks]
    edges += [(x.id, x.to, {"role": "target"}) for x in the_map.attacks]

    def baseline() -> None:
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from(edges)

    gbase = timed(baseline, options.repeat)
    gours = timed(lambda: argmap.to_networkx(the_map), options.repeat)
    gbare = timed(lambda: argmap.to_networkx(the_map, check=False), options.repeat)
    print(f"graph networkx from lists {gbase:.3f}s | argmap.to_networkx {gours:.3f}s | "
          f"ratio {gours / gbase:.2f}x (target <= 1.5x); without the structural check (check=False) "
          f"{gbare:.3f}s, {gbare / gbase:.2f}x")

    path = "/tmp/argmap-bench-map.json"
    with open(path, "wb") as handle:
        handle.write(raw_json)
    print(f"memory: peak RSS of a process loading the JSON map: {peak_rss_mb(path):.0f} MB (target < 1024 MB)")


if __name__ == "__main__":
    main()
