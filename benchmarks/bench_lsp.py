"""Benchmark: how soon an editor shows diagnostics after a one-character edit, over real stdio.

Run by hand::

    python benchmarks/bench_lsp.py [--nodes 5000] [--repeat 7]

Starts ``argmap lsp --debounce 0`` as an editor does, opens a map, then repeatedly changes one
character (an incremental edit) and measures the time until the server publishes the
diagnostics of that version. Maps: the flagship (examples/deepseek/map.yaml, checked against its
essay), a generated map of about ``--nodes`` nodes (YAML), and the same map written as Argdown.
Targets: under 100 ms for the flagship, under 1 s at 5,000 nodes.

As a baseline in the same run, ``argmap.validate`` of the same file in-process (load, every rule,
locating): the ratio says what the protocol and the index add to the linter's own work.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import generate, timed
from lsprotocol import types as T
from pygls.protocol import default_converter
from pytest_lsp import client_capabilities
from pytest_lsp.client import LanguageClient

import argmap
from argmap.io.argdown import export

ROOT = Path(__file__).resolve().parent.parent


async def edit_latency(path: Path, repeat: int) -> tuple[list[float], list[float]]:
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client = LanguageClient(converter_factory=default_converter)  # only the handler below
    versions: dict[int, float] = {}

    await client.start_io(sys.executable, "-m", "argmap", "lsp", "--debounce", "0")
    await client.initialize_session(T.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    published: asyncio.Queue[int] = asyncio.Queue()

    @client.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: T.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            versions[params.version] = time.perf_counter()
            published.put_nowait(params.version)

    argdown = path.suffix == ".argdown"
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(uri, "argdown" if argdown else "yaml",
                                                                                 1, text)))
    await asyncio.wait_for(published.get(), 120)
    # The edit: one character of the title, typed and then removed again (the map stays valid).
    line = next(i for i, row in enumerate(text.splitlines()) if row.startswith("title:"))
    column = len(text.splitlines()[line])
    rows = text.splitlines()
    if argdown:  # a statement's title
        id_line = next(i for i, row in enumerate(rows) if row.startswith("["))
        id_column = 1
    else:
        id_line = next(i for i, row in enumerate(rows) if row.lstrip(" -").startswith("id:"))
        id_column = rows[id_line].index("id:") + 4
    latencies, hovers = [], []
    for version in range(2, 2 + 2 * repeat):
        typed = version % 2 == 0
        start = T.Position(line, column)
        end = T.Position(line, column + (0 if typed else 1))
        sent = time.perf_counter()
        client.text_document_did_change(T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [T.TextDocumentContentChangePartial(T.Range(start, end), "x" if typed else "")]))
        while (await asyncio.wait_for(published.get(), 120)) != version:
            pass
        latencies.append(versions[version] - sent)
        # The first question after an edit (here a hover on an id) builds the position index.
        asked = time.perf_counter()
        await client.text_document_hover_async(T.HoverParams(T.TextDocumentIdentifier(uri),
                                                             T.Position(id_line, id_column)))
        hovers.append(time.perf_counter() - asked)
    await client.shutdown_session()
    await client.stop()
    return latencies, hovers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.yaml"
        arguments = options.nodes * 2 // 5
        statements = options.nodes - arguments - arguments // 10
        big.write_text(yaml.safe_dump(generate(statements, arguments), allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
        # the same map as plain Argdown (hover, diagnostics placed by title)
        written = Path(folder) / "big.argdown"
        written.write_text(export(argmap.load(big), extension=False).text, encoding="utf-8")
        for label, path, target in (("flagship (deepseek, with its essay)", ROOT / "examples/deepseek/map.yaml", 0.1),
                                    (f"generated, {options.nodes:,} nodes", big, 1.0),
                                    (f"generated, {options.nodes:,} nodes, as Argdown", written, 1.0)):
            baseline = timed(lambda p=path: argmap.validate(p), options.repeat)
            latencies, hovers = asyncio.run(edit_latency(path, options.repeat))
            median = statistics.median(latencies)
            print(f"{label}: diagnostics {median * 1000:.0f} ms after a one-character edit "
                  f"(max {max(latencies) * 1000:.0f} ms; target {target * 1000:.0f} ms: "
                  f"{'met' if median < target else 'MISSED'}); argmap.validate of the file {baseline * 1000:.0f} ms, "
                  f"ratio {median / baseline:.2f}; the first hover after an edit "
                  f"{statistics.median(hovers) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
