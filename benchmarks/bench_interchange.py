"""Interchange benchmark: argmap against arguebuf on the shared corpora, and AIF import at scale.

Run by hand, in an environment that has argmap and arguebuf (arguebuf is not a dependency of
argmap, not even for tests: install it for the benchmark only)::

    python -m venv .bench-venv
    .bench-venv/bin/pip install -e . arguebuf
    .bench-venv/bin/python benchmarks/bench_interchange.py [--repeat 3] [--sizes 1000,10000,100000]

Without arguebuf the comparison is skipped and the rest still runs. Every time is reported as a
ratio against a baseline measured in the same run:

1. Import of the 661 AraucariaDB AIF maps: argmap's ``aif.read`` against arguebuf's
   ``load.aif`` (given the parsed JSON: arguebuf's ``load.file`` mistakes AIF without
   ``locutions`` for its protobuf JSON), both against plain ``json.loads`` of the same files.
2. Structure kept from the Microtext corpus (part 1 English and German, and the multilayer
   version): linked-premise groups and undercuts in the raw XML, in argmap's maps, in arguebuf's
   graphs.
3. Import of synthetic AIF documents of growing size (I-nodes with RA-nodes of two premises and
   CA-nodes): time per node relative to the smallest size (1.0 everywhere = linear), and the
   ratio to ``json.loads`` of the same text.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPORA = ROOT.parent / "shared" / "corpora"

from argmap.io import aif, microtext  # noqa: E402
from argmap.io.formats import ConversionWarning  # noqa: E402

warnings.simplefilter("ignore", ConversionWarning)

try:
    import arguebuf
except ImportError:  # the comparison needs it; the rest does not
    arguebuf = None


def best(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


# --- 1. AraucariaDB import time ----------------------------------------------------------------------


def araucaria(repeat: int) -> None:
    files = sorted((CORPORA / "aif-araucariadb" / "nodesets").glob("*.json"))
    if not files:
        print("AraucariaDB corpus not found; skipped")
        return
    texts = [path.read_bytes() for path in files]

    def parse_only() -> None:
        for raw in texts:
            json.loads(raw)

    def with_argmap() -> None:
        for raw in texts:
            aif.reads(raw)

    baseline = best(parse_only, repeat)
    ours = best(with_argmap, repeat)
    print(f"\n1. Import of {len(files)} AraucariaDB maps (best of {repeat})")
    print(f"   json.loads only      {baseline:7.3f} s   1.00")
    print(f"   argmap aif.reads     {ours:7.3f} s   {ours / baseline:5.2f} x json.loads")
    if arguebuf is None:
        print("   arguebuf not installed: comparison skipped")
        return

    def with_arguebuf() -> None:
        for raw in texts:
            arguebuf.load.aif(json.loads(raw))

    theirs = best(with_arguebuf, repeat)
    print(f"   arguebuf load.aif    {theirs:7.3f} s   {theirs / baseline:5.2f} x json.loads")
    print(f"   argmap is {theirs / ours:.1f}x faster than arguebuf")


# --- 2. Microtext structure -------------------------------------------------------------------------


def raw_counts(path: Path) -> tuple[int, int]:
    root = ET.parse(path).getroot()
    edges = {e.get("id"): e for e in root.iter("edge")}
    linked = {e.get("trg") for e in edges.values() if e.get("type") == "add"
              and edges[str(e.get("trg"))].get("type") in ("sup", "exa")}
    undercuts = sum(1 for e in edges.values() if e.get("type") == "und")
    return len(linked), undercuts


def argmap_counts(path: Path) -> tuple[int, int]:
    m = microtext.read(path).map
    linked = sum(1 for a in m.arguments if len(a.premises) > 1)
    undercuts = sum(1 for a in m.attacks if a.type == "undercut"
                    and "add" not in (a.metadata or {}).get("microtext", {}))
    return linked, undercuts


def arguebuf_counts(path: Path) -> tuple[int, int]:
    graph = arguebuf.load.file(path)
    linked = 0
    undercuts = 0
    for scheme in graph.scheme_nodes.values():
        incoming = [e.source for e in graph.edges.values() if e.target is scheme]
        outgoing = [e.target for e in graph.edges.values() if e.source is scheme]
        atoms_in = [n for n in incoming if n.id in graph.atom_nodes]
        kind = type(scheme.scheme).__name__
        if kind == "Support" and len(atoms_in) > 1:
            linked += 1
        if kind == "Attack" and any(n.id in graph.scheme_nodes for n in outgoing):
            undercuts += 1
    return linked, undercuts


def microtexts() -> None:
    sets = {"part 1, English": CORPORA / "arg-microtexts-part1" / "corpus" / "en",
            "part 1, German": CORPORA / "arg-microtexts-part1" / "corpus" / "de",
            "multilayer (joints)": CORPORA / "arg-microtexts-multilayer" / "corpus" / "arg"}
    print("\n2. Microtexts: linked-premise groups / undercuts kept (in the XML, argmap, arguebuf)")
    for label, folder in sets.items():
        files = sorted(folder.glob("*.xml"))
        if not files:
            print(f"   {label}: corpus not found; skipped")
            continue
        raw = [raw_counts(p) for p in files]
        ours = [argmap_counts(p) for p in files]
        line = (f"   {label:<22} XML {sum(r[0] for r in raw):3d} / {sum(r[1] for r in raw):3d}   "
                f"argmap {sum(o[0] for o in ours):3d} / {sum(o[1] for o in ours):3d}")
        if arguebuf is not None:
            theirs, failed = [], 0
            for path in files:
                try:
                    theirs.append(arguebuf_counts(path))
                except Exception:  # a file arguebuf cannot load keeps nothing
                    failed += 1
            line += f"   arguebuf {sum(t[0] for t in theirs):3d} / {sum(t[1] for t in theirs):3d}"
            if failed:
                line += f" ({failed} files failed to load)"
        print(line)


# --- 3. Scaling -------------------------------------------------------------------------------------


def synthetic_aif(nodes: int, seed: int = 7) -> bytes:
    """An AIF document of about ``nodes`` nodes: I-nodes, RA-nodes with two premises, CA-nodes."""
    rng = random.Random(seed)
    n_i = nodes // 2
    out_nodes = [{"nodeID": str(i), "text": f"proposition {i}", "type": "I", "timestamp": "2024-01-01 00:00:00"}
                 for i in range(n_i)]
    edges = []
    next_id = n_i
    while next_id < nodes:
        kind = "RA" if rng.random() < 0.8 else "CA"
        node_id = str(next_id)
        out_nodes.append({"nodeID": node_id, "text": "Default Inference" if kind == "RA" else "Default Conflict",
                          "type": kind, "timestamp": "2024-01-01 00:00:00"})
        target = str(rng.randrange(n_i))
        sources = {str(rng.randrange(n_i)) for _ in range(2 if kind == "RA" else 1)} - {target}
        for source in sources or {str((int(target) + 1) % n_i)}:
            edges.append({"edgeID": str(len(edges)), "fromID": source, "toID": node_id, "formEdgeID": None})
        edges.append({"edgeID": str(len(edges)), "fromID": node_id, "toID": target, "formEdgeID": None})
        next_id += 1
    return json.dumps({"nodes": out_nodes, "edges": edges, "locutions": []}).encode()


def scaling(sizes: list[int], repeat: int) -> None:
    print(f"\n3. AIF import at scale (best of {repeat}; per-node time relative to {sizes[0]:,} nodes)")
    print("   nodes        edges      import s   per node (rel.)   json.loads per node (rel.)   x json.loads")
    first: tuple[float, float] | None = None
    for size in sizes:
        text = synthetic_aif(size)
        edges = text.count(b'"edgeID"')
        baseline = best(lambda: json.loads(text), repeat)  # noqa: B023
        took = best(lambda: aif.reads(text), repeat)  # noqa: B023
        first = first or (took / size, baseline / size)
        print(f"   {size:>9,}  {edges:>9,}  {took:9.3f}   {took / size / first[0]:8.2f}          "
              f"{baseline / size / first[1]:8.2f}                   {took / baseline:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000,200000")
    args = parser.parse_args()
    from importlib.metadata import PackageNotFoundError, version

    try:
        theirs = version("arguebuf")
    except PackageNotFoundError:
        theirs = "absent"
    print(f"Python {sys.version.split()[0]}; arguebuf {theirs}")
    araucaria(args.repeat)
    microtexts()
    scaling([int(s) for s in args.sizes.split(",")], args.repeat)


if __name__ == "__main__":
    main()
