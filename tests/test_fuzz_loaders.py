"""A fuzz target per loader: any bytes, and any mutation of a valid file, load or fail cleanly.

"Cleanly" means a :class:`MapError` (with diagnostics that have a code) or a result: never
another exception, whatever the input. Each target draws arbitrary bytes and mutations of a
real sample (insertions from a hostile alphabet, deletions, duplications), which reach far
deeper into a parser than random bytes do. ``ARGMAP_HYPOTHESIS=explore`` draws new examples.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import MapError
from tests.hostile import _map

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bike-lanes.yaml"


def _node_link_sample() -> bytes:
    from argmap.io import loads
    from argmap.io.nxjson import dumps

    return dumps(loads(_map())).encode()


def _graphml_sample() -> bytes:
    from argmap.io import loads
    from argmap.io.nxjson import dumps_graphml

    return dumps_graphml(loads(_map())).encode()


def _load_config(raw: bytes) -> Any:
    from argmap.checks.config import _config_from, _read_toml

    data = _read_toml("pyproject.toml", raw)
    table = data.get("tool", {}).get("argmap", {}) if isinstance(data.get("tool"), dict) else {}
    return _config_from(table if isinstance(table, dict) else {}, "pyproject.toml")


def _loader(fmt: str) -> Callable[[bytes], Any]:
    def load(raw: bytes) -> Any:
        from argmap.io.formats import reads

        return reads(raw, fmt, filename=f"fuzz.{fmt}")
    return load


def _af(fmt: str) -> Callable[[bytes], Any]:
    def load(raw: bytes) -> Any:
        from argmap.semantics.framework import parse_af

        return parse_af(raw, fmt, filename=f"fuzz.{fmt}")  # type: ignore[arg-type]
    return load


def _source(raw: bytes) -> Any:
    from argmap.text.source import decode_source, split_document

    return split_document(decode_source(raw, None, "source.txt"))


# loader name -> (function of bytes, a valid sample)
LOADERS: dict[str, tuple[Callable[[bytes], Any], Callable[[], bytes]]] = {
    "yaml": (_loader("yaml"), lambda: EXAMPLE.read_bytes()),
    "json": (_loader("json"), lambda: b'{"argmap": "1", "title": "T", "statements": [{"id": "t", "text": "x"}], '
             b'"arguments": [{"id": "a", "premises": ["t"], "conclusion": "t"}]}'),
    "aif": (_loader("aif"), lambda: (FIXTURES / "interchange" / "sample.aif.json").read_bytes()),
    "ova": (_loader("aif"), lambda: (FIXTURES / "interchange" / "sample.ova.json").read_bytes()),
    "microtext": (_loader("microtext"), lambda: (FIXTURES / "interchange" / "sample.micro.xml").read_bytes()),
    "argdown-json": (_loader("argdown-json"), lambda: (FIXTURES / "interchange" / "sample.argdown.json").read_bytes()),
    "node-link": (_loader("node-link"), _node_link_sample),
    "graphml": (_loader("graphml"), _graphml_sample),
    "apx": (_af("apx"), lambda: (FIXTURES / "af" / "floating.apx").read_bytes()),
    "tgf": (_af("tgf"), lambda: (FIXTURES / "af" / "odd-cycle.tgf").read_bytes()),
    "i23": (_af("i23"), lambda: (FIXTURES / "af" / "6-nixon-plus.i23").read_bytes()),
    "source-text": (_source, lambda: "標題\n第一句。第二句！\nA sentence. Another one?\n".encode()),
    "settings": (_load_config, lambda: b'[tool.argmap]\nselect = ["AM1"]\nignore = ["AM103"]\nfail-on = "warning"\n'),
}

# Characters that break parsers: structure of every format, quotes, controls, odd Unicode.
_HOSTILE = [*"{}[]<>&*!|:-,#%@`'\"\\\n\t\r ", "\x00", "\x1b", "\u202e", "\ufeff", "\ud7ff", "\U0001f600",
            "&a ", "*a", "!!binary ", "<<: ", ".nan", "0x", "]]>",
            "<!ENTITY", "p af 99999999999999999999", "arg(", "att(",
            "#", "NaN", "1e999", "-", "\u0085", "\u2028"]


@st.composite
def mutated(draw: st.DrawFn, sample: bytes) -> bytes:
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "replace"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(_HOSTILE)).encode("utf-8", "surrogatepass")
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif action == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 200))] * draw(st.integers(2, 50))
        else:
            data[at:at + 1] = bytes([draw(st.integers(0, 255))])
    return bytes(data)


def _check(loader: Callable[[bytes], Any], raw: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            loader(raw)
        except MapError as error:
            assert error.diagnostics and all(d.code.startswith("AM") for d in error.diagnostics)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_fuzz_loader(name: str) -> None:
    loader, sample = LOADERS[name]
    original = sample()
    _check(loader, original)  # the sample itself loads (or fails cleanly)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.one_of(st.binary(max_size=2000), mutated(original)))
    def fuzz(raw: bytes) -> None:
        _check(loader, raw)

    fuzz()
