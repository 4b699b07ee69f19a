"""Hostile input, generated: the corpus the hardening tests draw from.

Each generator yields named cases of one *class* of attack, built from parts (payloads, values,
positions, sizes) rather than listed by hand, so a test that runs every entry point over every
case covers a new entry point or a new case by construction. Sizes are parameters: the suite
uses small ones; the slow tests scale them up.

Classes
-------
* :func:`map_documents` — map files (YAML and JSON) with hostile values in every place a map
  has free text or free data: terminal payloads, values no writer can write, alias bombs,
  nesting, base-60 numbers, wrong shapes, bad encodings.
* :func:`terminal_payloads` — escape sequences and controls that act on a terminal.
* :func:`large_frameworks` — framework files of any size, in the shapes that cost a reader most.
* :func:`special_inputs` — paths that are not regular files, or lead somewhere else.
* :func:`output_targets` — where an output may be asked to go, with the rule that applies.
* :func:`codec_names` — every codec name Python knows, for ``source.encoding``.
* :func:`dangling_references` — interchange documents with one reference to a node that is not there.
* :func:`interchange_documents` — broken AIF, node-link, GraphML, Microtext and Argdown files.
* :func:`mutated_documents` — an interchange document (AIF, node-link) with each value in turn
  replaced by a value of another shape.
* :data:`ENTRY_POINTS` — every command that reads a map, as argv builders.
"""

from __future__ import annotations

import encodings.aliases
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

# --- payloads -------------------------------------------------------------------------------

TERMINAL_CONTROLS = {
    "window-title": "\x1b]0;pwned\x07",
    "clear-screen": "\x1b[2J\x1b[H",
    "clipboard-osc52": "\x1b]52;c;ZXZpbA==\x07",
    "conceal": "\x1b[8m",
    "c1-csi": "\x9b31m",
    "bell-backspace": "\x07\x08\x08",
    "carriage-return": "ok\rFAKE",
    "trojan-source-bidi": "\u202eevil\u202c",
    "hyperlink-osc8": "\x1b]8;;http://x\x1b\\click\x1b]8;;\x1b\\",
}
"""Control sequences that act on a terminal when printed raw."""

_BIDI = ("\u202e", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069")
RAW_CONTROL = (*(chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))), *_BIDI)
"""Characters that must never reach a terminal raw (tab and newline are allowed)."""


def terminal_payloads() -> Iterator[tuple[str, str]]:
    """Each terminal control, alone and wrapped in ordinary text."""
    for name, payload in TERMINAL_CONTROLS.items():
        yield name, f"Title {payload} end"


def has_raw_control(text: str, data: bool = False) -> str | None:
    """The first character in ``text`` that acts on a terminal, or None.

    With ``data`` (a file format written to standard output, which must equal the file), the
    bidirectional marks are allowed: they are text, and the format writes them as they are.
    """
    allowed = set(_BIDI) if data else set()
    return next((char for char in text if char in RAW_CONTROL and char not in allowed), None)


# --- map documents -------------------------------------------------------------------------

_HEAD = 'argmap: "1"\n'


def _yaml_str(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def _map(title: str = "T", text: str = "A claim", metadata: str = "", quote: str | None = None,
         extra: str = "") -> str:
    lines = [_HEAD, f"title: {title}\n"]
    if quote is not None:
        lines.append(f"source:\n  text: {_yaml_str(quote + ' and more words.')}\n")
    lines.append(f"statements:\n  - id: t\n    text: {text}\n")
    if quote is not None:
        lines.append(f"    quote: {_yaml_str(quote)}\n")
    lines.append("  - id: p\n    text: A premise\n")
    lines.append("arguments:\n  - id: a\n    premises: [p]\n    conclusion: t\n")
    lines.append(extra)
    if metadata:
        lines.append(f"metadata:\n  k: {metadata}\n")
    return "".join(lines)


UNWRITABLE_YAML_VALUES = {
    "binary": "!!binary aGVsbG8=",
    "set": "!!set {a: null}",
    "timestamp": "!!timestamp 2001-12-14",
    "omap": "!!omap [{a: 1}]",
    "pairs": "!!pairs [{a: 1}]",
    "nan": ".nan",
    "infinity": "-.inf",
    "huge-hex": "0x" + "f" * 5000,
    "huge-octal": "0" + "7" * 6000,
}
"""YAML values a map file cannot hold (no JSON writer can write them back)."""

WRONG_SHAPES = {
    "premises-nested-list": "arguments:\n  - id: b\n    premises: [[p]]\n    conclusion: t\n",
    "premises-mapping": "arguments:\n  - id: b\n    premises: [{p: 1}]\n    conclusion: t\n",
    "conclusion-list": "arguments:\n  - id: b\n    premises: [p]\n    conclusion: [t]\n",
    "attack-from-nested": "attacks:\n  - id: k\n    from: [[p]]\n    to: t\n",
    "attack-to-mapping": "attacks:\n  - id: k\n    from: p\n    to: {a: 1}\n",
    "id-list": "analogies: []\nsections:\n  - id: [s]\n    title: S\n",
}
"""Typos that give a value the wrong shape (each replaces the map's arguments or adds a block)."""


def map_documents(scale: int = 1) -> Iterator[tuple[str, bytes]]:
    """Hostile map files: ``(name, bytes)``; names end in ``.yaml`` or ``.json``.

    ``scale`` multiplies the sizes of the resource attacks (1: fast enough for every test run).
    """
    for name, payload in terminal_payloads():
        yield f"terminal-title-{name}.yaml", _map(title=_yaml_str(payload)).encode()
        yield f"terminal-text-{name}.yaml", _map(text=_yaml_str(payload)).encode()
        yield f"terminal-quote-{name}.yaml", _map(quote=payload).encode()
        doc = json.loads(json.dumps({"argmap": "1", "title": payload,
                                     "statements": [{"id": "t", "text": payload}]}))
        yield f"terminal-json-{name}.json", json.dumps(doc, ensure_ascii=False).encode()
    for name, value in UNWRITABLE_YAML_VALUES.items():
        yield f"unwritable-{name}.yaml", _map(metadata=value).encode()
    for constant in ("NaN", "Infinity", "-Infinity"):
        yield f"unwritable-json-{constant}.json", (
            '{"argmap": "1", "statements": [{"id": "t", "text": "x", "metadata": {"v": ' + constant + '}}]}'
        ).encode()
    yield "deep-json-metadata.json", (
        '{"argmap": "1", "statements": [{"id": "t", "text": "x"}], "metadata": {"k": '
        + "[" * (900 * scale) + "]" * (900 * scale) + "}}").encode()
    yield "deep-yaml-metadata.yaml", _map(metadata="[" * (900 * scale) + "]" * (900 * scale)).encode()
    for name, block in WRONG_SHAPES.items():
        head = _map().split("arguments:")[0] if block.startswith("arguments:") else _map()
        yield f"shape-{name}.yaml", (head + block).encode()
    big = "x" * (100_000 * scale)
    yield "alias-bytes-bomb.yaml", (_map(text=f"&a {big}")
                                    + "metadata:\n  k: [" + ", ".join(["*a"] * 200) + "]\n").encode()
    yield "alias-nodes-bomb.yaml", (_HEAD + "statements:\n  - id: t\n    text: x\nmetadata:\n"
                                    + "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                                    + "".join(f"  a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 10)}]\n"
                                              for i in range(1, 9))).encode()
    yield "alias-undefined.yaml", _map(metadata="*nowhere").encode()
    yield "alias-recursive.yaml", (_HEAD + "statements:\n  - id: t\n    text: x\nmetadata:\n"
                                   "  k: &r [a, *r]\n").encode()
    yield "alias-duplicate-key.yaml", (_HEAD + "metadata:\n  n: &k text\nstatements:\n  - id: t\n"
                                       "    text: x\n    *k : y\n").encode()
    yield "base-60-number.yaml", _map(title=":".join(["1"] + ["59"] * (20_000 * scale))).encode()
    yield "long-digits.yaml", _map(metadata="9" * (5000 * scale)).encode()
    yield "not-utf8.yaml", _map().encode() + b"# \xff\xfe\xfa\n"
    yield "nul-bytes.yaml", _map().encode().replace(b"A claim", b"A\x00claim")
    yield "bom-utf16.yaml", b"\xff\xfe" + _map().encode("utf-16-le")
    yield "empty.yaml", b""
    yield "scalar-root.yaml", b"just text\n"
    yield "list-root.json", b"[1, 2, 3]"
    yield "unterminated.json", b'{"argmap": "1", "statements": [{"id": "t", "text": "x"'
    yield "source-path-nul.yaml", (_HEAD + 'source:\n  path: "a\\0b.txt"\nstatements:\n  - id: t\n'
                                   "    text: x\n    quote: y\n").encode()
    yield "source-path-traversal.yaml", (_HEAD + "source:\n  path: ../../../../etc/passwd\nstatements:\n"
                                         "  - id: t\n    text: x\n    quote: root\n").encode()
    for codec in ("rot13", "base64", "hex", "zlib_codec", "punycode", "undefined", "idna", "unicode_escape"):
        yield f"source-encoding-{codec}.yaml", (
            _HEAD + f"source:\n  path: source.txt\n  encoding: {codec}\nstatements:\n  - id: t\n    text: x\n"
            "    quote: Some text\n").encode()


def framework_documents() -> Iterator[tuple[str, bytes]]:
    """Hostile argumentation-framework files (apx, tgf, i23): ``(name, bytes)``."""
    huge = "9" * 5000
    yield "huge-header.i23", f"p af {huge}\n1 1\n".encode()
    yield "huge-argument.i23", f"p af 3\n1 {huge}\n".encode()
    yield "negative.i23", b"p af 3\n-1 2\n"
    yield "huge-name.apx", f"arg({huge}).\natt({huge},{huge}).\n".encode()
    yield "undeclared.apx", b"arg(a).\natt(a,b).\n"
    yield "unterminated.apx", b"arg(a\natt(a"
    yield "empty.tgf", b""
    yield "only-separator.tgf", b"#\n"
    yield "nul.apx", b"arg(a\x00).\n"
    yield "not-utf8.tgf", b"\xff\xfe\n#\n"
    for name, payload in terminal_payloads():
        token = "".join(c if c.isalnum() or ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in _BIDI else "_"
                        for c in payload)
        yield f"terminal-{name}.apx", f"arg({token}).\narg(b).\natt({token},b).\n".encode()
        yield f"terminal-{name}.tgf", f"{token}\nb\n#\n{token} b\n".encode()


def large_frameworks(arguments: int, attacks: int, seed: int = 1) -> Iterator[tuple[str, bytes]]:
    """Framework files of a given size in every format and in the shapes that cost a reader most.

    ``(name, bytes)``: plain; attacks before the declarations (legal in apx: the reader must
    renumber); every name non-ASCII (a decoded ``str`` would take 2-4 bytes per character);
    quoted names; every attack written twice; and a comment on each line (the slow path of i23).
    """
    import random

    pick = random.Random(seed)
    pairs = [(pick.randrange(arguments), pick.randrange(arguments)) for _ in range(attacks)]

    def apx(name: Callable[[int], str], attacks_first: bool = False, twice: bool = False) -> bytes:
        declared = [f"arg({name(i)}).\n" for i in range(arguments)]
        attacked = [f"att({name(a)},{name(b)}).\n" for a, b in pairs] * (2 if twice else 1)
        return "".join(attacked + declared if attacks_first else declared + attacked).encode()

    yield "plain.apx", apx(lambda i: f"a{i}")
    yield "attacks-first.apx", apx(lambda i: f"a{i}", attacks_first=True)
    yield "non-ascii.apx", apx(lambda i: f"論點{i}")
    yield "quoted.apx", apx(lambda i: f'"a {i}"')
    yield "repeated.apx", apx(lambda i: f"a{i}", twice=True)
    tgf_names = "".join(f"n{i}\n" for i in range(arguments))
    yield "plain.tgf", (tgf_names + "#\n" + "".join(f"n{a} n{b}\n" for a, b in pairs)).encode()
    yield "non-ascii.tgf", ("".join(f"點{i}\n" for i in range(arguments)) + "#\n"
                            + "".join(f"點{a} 點{b}\n" for a, b in pairs)).encode()
    yield "plain.i23", (f"p af {arguments}\n" + "".join(f"{a + 1} {b + 1}\n" for a, b in pairs)).encode()
    yield "commented.i23", (f"p af {arguments}\n" + "".join(f"{a + 1} {b + 1}\n# c\n" for a, b in pairs)).encode()


ACCENTED = ("café", "naïve façade", "Ångström", "Việt Nam", "한국어", "ﬁnancial", "Ｆｕｌｌ　ｗｉｄｔｈ",
            "e\u0301\u0323")
"""Texts whose Unicode spellings differ (precomposed, decomposed, compatibility forms)."""


def unicode_spellings(text: str) -> Iterator[tuple[str, str]]:
    """Every normal form of ``text``: the same words, spelled with other code points."""
    import unicodedata

    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        yield form, unicodedata.normalize(form, text)  # type: ignore[arg-type]


ESCAPING_SOURCE_PATHS = ("../essay.txt", "../../../../etc/passwd", "/etc/passwd", "C:/Windows/win.ini",
                         "C:essay.txt", "\\\\server\\share\\essay.txt", "a/../../essay.txt", "..\\..\\essay.txt")
"""``source.path`` values that leave the map's folder (refused with AM023 by every reader)."""


# --- special paths --------------------------------------------------------------------------


@dataclass(frozen=True)
class Special:
    """A path that is not a plain regular file of the map's own folder."""

    name: str
    path: str
    argv: bool = True
    """Whether a command line can pass it (an argument cannot hold a NUL character)."""


def special_inputs(folder: Path) -> Iterator[Special]:
    """Paths that argmap must refuse to read, quickly and clearly (``folder`` is scratch space).

    A FIFO (reading would block forever), a symbolic-link loop, a dangling link, a folder, a
    character device, a path with a NUL character, and a map that is a link to a secret
    outside its folder (its content must never be echoed).
    """
    fifo = folder / "fifo.yaml"
    if hasattr(os, "mkfifo") and not fifo.exists():
        os.mkfifo(fifo)
    if fifo.exists():
        yield Special("fifo", str(fifo))
    loop_a, loop_b = folder / "loop-a.yaml", folder / "loop-b.yaml"
    if not loop_a.is_symlink():
        loop_a.symlink_to(loop_b.name)
        loop_b.symlink_to(loop_a.name)
    yield Special("symlink-loop", str(loop_a))
    dangling = folder / "dangling.yaml"
    if not dangling.is_symlink():
        dangling.symlink_to("no-such-target.yaml")
    yield Special("dangling-link", str(dangling))
    sub = folder / "a-folder.yaml"
    sub.mkdir(exist_ok=True)
    yield Special("folder", str(sub))
    if Path("/dev/zero").exists():
        yield Special("device-zero", "/dev/zero")
    yield Special("nul-in-path", str(folder / "bad\x00name.yaml"), argv=False)


SECRET = "TOKEN=do-not-print-me-4d1f"
"""The content of the secret file a hostile map links to."""


def secret_link(folder: Path) -> Path:
    """A map file that is a symbolic link to a secret outside ``folder`` (which must be fresh)."""
    outside = folder.parent / f"{folder.name}-secret"
    outside.mkdir(exist_ok=True)
    secret = outside / "credentials"
    secret.write_text(f"{SECRET}\x00PATH=/bin\n")
    link = folder / "innocent.yaml"
    if not link.is_symlink():
        link.symlink_to(secret)
    return link


# --- output targets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where an output may be asked to go, and what must happen."""

    name: str
    path: str
    rule: str
    """``written`` (a regular file now holds the output), ``stream`` (the bytes went to a stream),
    ``refused`` (exit 2, nothing changed)."""


def output_targets(folder: Path, the_input: Path, source_text: Path | None = None) -> Iterator[Target]:
    """Output paths of every kind, relative to an input ``the_input`` in ``folder``."""
    yield Target("new-file", str(folder / "out-new"), "written")
    existing = folder / "out-existing"
    existing.write_text("old\n")
    yield Target("existing-file", str(existing), "written")
    yield Target("the-input", str(the_input), "refused")
    hard = folder / "hard-link-to-input"
    if not hard.exists():
        os.link(the_input, hard)
    yield Target("hard-link-to-input", str(hard), "refused")
    soft = folder / "symlink-to-input"
    if not soft.is_symlink():
        soft.symlink_to(the_input)
    yield Target("symlink-to-input", str(soft), "refused")
    if source_text is not None:
        yield Target("the-source-text", str(source_text), "refused")
    read_only = folder / "read-only"
    read_only.write_text("keep me\n")
    read_only.chmod(0o444)
    yield Target("read-only", str(read_only), "refused")
    real = folder / "link-target"
    real.write_text("old\n")
    link = folder / "link-to-file"
    if not link.is_symlink():
        link.symlink_to(real.name)
    yield Target("symlink-to-file", str(link), "written")
    dangling = folder / "dangling-out"
    if not dangling.is_symlink():
        dangling.symlink_to("nowhere/else")
    yield Target("dangling-symlink", str(dangling), "refused")
    yield Target("dev-null", "/dev/null", "refused")
    yield Target("stdout-dash", "-", "stream")
    yield Target("dev-stdout", "/dev/stdout", "stream")
    directory = folder / "a-dir"
    directory.mkdir(exist_ok=True)
    yield Target("folder", str(directory), "refused")


# --- codecs ---------------------------------------------------------------------------------


def codec_names() -> list[str]:
    """Every codec name Python registers (the charsets and the transforms), sorted."""
    names = set(encodings.aliases.aliases.values()) | set(encodings.aliases.aliases)
    names |= {"rot13", "base64", "hex", "zlib_codec", "bz2_codec", "uu_codec", "quopri_codec", "punycode",
              "undefined", "idna", "unicode_escape", "raw_unicode_escape", "utf_7", "utf_8_sig", "mbcs", "oem"}
    return sorted(names)


ODD_VALUES: tuple[object, ...] = (None, [], {}, [[1]], {"a": {"b": 1}}, "", " ", 0, -1, 1.5, True,
                                  "x" * 200, "\x00", [None], {"": 1}, "../../etc/passwd", ["a"],
                                  {"kind": "x"}, "claim", "argument", 10**30)
"""Values of every JSON shape, empty and odd, to put where a document expects something else."""


def _places(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def mutated_documents(document: dict[str, object], every: int = 1) -> Iterator[tuple[str, dict[str, object]]]:
    """Copies of ``document`` with one value (every ``every``-th place) replaced by each wrong shape."""
    for number, path in enumerate(_places(document)):
        if number % every:
            continue
        for shape in ODD_VALUES:
            copy = json.loads(json.dumps(document))
            here = copy
            for step in path[:-1]:
                here = here[step]  # type: ignore[index]
            here[path[-1]] = shape  # type: ignore[index]
            yield f"{'/'.join(map(str, path))}={shape!r:.20}", copy


_XML_ATTRIBUTE = re.compile(r'([A-Za-z_][\w:.-]*)="([^"]*)"')
_XML_ELEMENT = re.compile(r"<(\w+)[^>]*/>|<(\w+)[^>]*>[^<]*</\2>")
ODD_ATTRIBUTES = ("", "x", "missing-node", "1e999", "-1", "NaN", "\u202e", "&amp;")
"""Attribute values to put in an XML interchange file where a name, number or reference was."""
ARGDOWN_JUNK = ("<", "[", "]", "(", "{", "}", "#", "-->", "+>", "<-", "_", "@include(x)", "===", "---", ">")
"""Fragments to put at the start of an Argdown line."""


def interchange_documents(documents: dict[str, tuple[str, str]], every: int = 1) -> Iterator[tuple[str, bytes]]:
    """Broken copies of interchange files: ``(file name, bytes)``, for ``argmap convert DIR``.

    ``documents`` maps a format to ``(text, suffix)`` (a valid document, e.g. a map exported
    with :func:`argmap.io.formats.export`). JSON formats get :func:`mutated_documents`; XML
    formats each attribute replaced by :data:`ODD_ATTRIBUTES` or dropped, and each element
    dropped or doubled (dangling and duplicate references); Argdown each line dropped, doubled
    or prefixed with :data:`ARGDOWN_JUNK`. Every ``every``-th case is kept.
    """
    cases: list[tuple[str, str, str]] = []
    for fmt, (text, suffix) in documents.items():
        if suffix.endswith(".json"):
            for name, mutated in mutated_documents(json.loads(text), every):
                cases.append((f"{fmt}-{name}", suffix, json.dumps(mutated, ensure_ascii=False)))
        elif suffix.endswith((".xml", ".graphml")):
            for i, found in enumerate(_XML_ATTRIBUTE.finditer(text)):
                for j, value in enumerate(ODD_ATTRIBUTES):
                    cases.append((f"{fmt}-attribute{i}-{j}", suffix,
                                  text[:found.start(2)] + value + text[found.end(2):]))
                cases.append((f"{fmt}-attribute{i}-dropped", suffix, text[:found.start()] + text[found.end():]))
            for i, found in enumerate(_XML_ELEMENT.finditer(text)):
                cases.append((f"{fmt}-element{i}-dropped", suffix, text[:found.start()] + text[found.end():]))
                cases.append((f"{fmt}-element{i}-doubled", suffix, text[:found.end()] + found.group(0)
                              + text[found.end():]))
        else:
            lines = text.splitlines(keepends=True)
            for i in range(len(lines)):
                cases.append((f"{fmt}-line{i}-dropped", suffix, "".join(lines[:i] + lines[i + 1:])))
                cases.append((f"{fmt}-line{i}-doubled", suffix, "".join(lines[:i + 1] + lines[i:])))
                for j, junk in enumerate(ARGDOWN_JUNK):
                    broken = [*lines[:i], junk + lines[i], *lines[i + 1:]]
                    cases.append((f"{fmt}-line{i}-junk{j}", suffix, "".join(broken)))
    for number, (name, suffix, text) in enumerate(cases):
        if number % every == 0 or suffix.endswith(".json"):  # JSON cases are already thinned
            safe = re.sub(r"[^\w.-]+", "_", name)[:80]
            yield f"{number:05d}-{safe}{suffix}", text.encode("utf-8", "surrogatepass")


GHOST = "ghost-node"
"""The id a broken reference names: no document has a node of that name."""


@dataclass(frozen=True)
class Dangling:
    """An interchange document with one reference pointed at :data:`GHOST`."""

    format: str
    name: str
    text: str
    rule: str
    """``error`` (a reference of the format's structure: an edge, a relation) or ``warning`` (an
    entry of data carried along, such as argmap's extension: dropped, and said so)."""


def dangling_references(documents: dict[str, str]) -> Iterator[Dangling]:
    """Each reference of each document, in turn, pointed at a node that does not exist.

    ``documents`` maps a format (``aif``, ``node-link``, ``graphml``, ``microtext``,
    ``argdown``, ``argdown-json``) to a valid document of it.
    """
    for fmt, text in documents.items():
        if fmt in ("aif", "node-link", "argdown-json"):
            document = json.loads(text)
            edges, ends = {"aif": ("edges", ("fromID", "toID")), "node-link": ("edges", ("source", "target")),
                           "argdown-json": ("relations", ("from", "to"))}[fmt]
            for index in range(len(document.get(edges, []))):
                for end in ends:
                    copy = json.loads(text)
                    copy[edges][index][end] = GHOST
                    yield Dangling(fmt, f"{edges}/{index}/{end}", json.dumps(copy, ensure_ascii=False), "error")
            entries = document.get("argmap", {}).get("nodes", {}) if fmt == "aif" else {}
            for key in list(entries)[:5]:
                copy = json.loads(text)
                copy["argmap"]["nodes"][GHOST] = copy["argmap"]["nodes"].pop(key)
                yield Dangling(fmt, f"argmap/nodes/{key}", json.dumps(copy, ensure_ascii=False), "warning")
        elif fmt in ("graphml", "microtext"):
            ends = ("source", "target") if fmt == "graphml" else ("src", "trg")
            for number, edge in enumerate(re.finditer(r"<edge\b[^>]*>", text)):
                for end in ends:
                    found = re.search(rf'\b{end}="[^"]*"', edge.group(0))
                    if found is None:
                        continue
                    start = edge.start() + found.start()
                    broken = text[:start] + f'{end}="{GHOST}"' + text[edge.start() + found.end():]
                    yield Dangling(fmt, f"edge{number}/{end}", broken, "error")
        elif fmt == "argdown":
            head, separator, body = text.partition("\n===\n") if not text.startswith("===\n") else \
                ("", "", text)
            for number, entry in enumerate(re.finditer(r'"[\[<][^"\]>]+[\]>]":\{', body)):
                if number >= 5:
                    break
                bracket = entry.group(0)[1]
                closing = "]" if bracket == "[" else ">"
                broken = body[:entry.start()] + f'"{bracket}{GHOST}{closing}":{{' + body[entry.end():]
                yield Dangling(fmt, f"front-matter/{entry.group(0)[1:-3]}", head + separator + broken, "warning")


def tangled_map(size: int, seed: int = 1) -> str:
    """A map of ``size`` statements and arguments joined at random: minutes of Graphviz layout."""
    import random

    pick = random.Random(seed)
    lines = ['argmap: "1"', "statements:"]
    lines += [f"  - id: s{i}\n    text: statement number {i} with some words" for i in range(size)]
    lines.append("arguments:")
    for i in range(size):
        a, b, c = pick.sample(range(size), 3)
        lines.append(f"  - id: a{i}\n    premises: [s{a}, s{b}]\n    conclusion: s{c}")
    return "\n".join(lines) + "\n"


def many_extensions_map(pairs: int) -> str:
    """``pairs`` independent mutual rebuttals: 2**pairs preferred, stable and complete-ish extensions."""
    lines = ['argmap: "1"', "statements:"]
    for i in range(pairs):
        lines += [f"  - id: p{i}\n    text: position p{i}", f"  - id: q{i}\n    text: position q{i}"]
    lines.append("attacks:")
    for i in range(pairs):
        lines += [f"  - id: x{i}\n    from: p{i}\n    to: q{i}\n    type: rebut",
                  f"  - id: y{i}\n    from: q{i}\n    to: p{i}\n    type: rebut"]
    return "\n".join(lines) + "\n"


# --- entry points ---------------------------------------------------------------------------

EntryPoint = Callable[[Path, Path], list[str]]
"""argv (without ``argmap``) for a map file and a scratch folder for outputs."""

ENTRY_POINTS: dict[str, EntryPoint] = {
    "validate": lambda m, out: ["validate", str(m)],
    "validate-json": lambda m, out: ["validate", "--format", "json", str(m)],
    "validate-sarif": lambda m, out: ["validate", "--format", "sarif", str(m)],
    "stats": lambda m, out: ["stats", str(m)],
    "stats-json": lambda m, out: ["stats", "--format", "json", str(m)],
    "eval": lambda m, out: ["eval", str(m), "--nodes", "all"],
    "eval-preferred-json": lambda m, out: ["eval", "-s", "preferred", "--format", "json", str(m)],
    "render-dot": lambda m, out: ["render", str(m), "--format", "dot", "-o", str(out / "diagram.dot")],
    "render-mermaid": lambda m, out: ["render", str(m), "--format", "mermaid"],
    "coverage": lambda m, out: ["coverage", str(m)],
    "convert-json": lambda m, out: ["convert", str(m), str(out / "converted.json")],
    "convert-aif": lambda m, out: ["convert", str(m), str(out / "converted.aif.json")],
    "convert-argdown": lambda m, out: ["convert", str(m), "-"],
    "write-af": lambda m, out: ["eval", str(m), "--write-af", str(out / "framework.apx")],
}
"""Every command that reads a map."""

DATA_TO_STDOUT = {"convert-argdown", "render-mermaid"}
"""Entry points whose standard output is a file format (written as the file would be)."""

READERS: dict[str, Callable[[str], list[str]]] = {
    "validate": lambda p: ["validate", p],
    "stats": lambda p: ["stats", p],
    "render": lambda p: ["render", p, "--format", "dot"],
    "eval": lambda p: ["eval", p],
    "convert": lambda p: ["convert", p, "-"],
    "coverage-source": lambda p: ["coverage", "{map}", "--source", p],
    "validate-source": lambda p: ["validate", "{map}", "--source", p],
    "validate-config": lambda p: ["validate", "{map}", "--config", p],
    "segment": lambda p: ["segment", p],
    "draft": lambda p: ["draft", p],
    "af": lambda p: ["af", "-p", "SE-GR", "-f", p],
}
"""Every command that reads a file, with the path in the place it reads (``{map}``: a valid map)."""

WRITERS: dict[str, Callable[[str, str, str, str], list[str]]] = {
    "render": lambda m, src, af, out: ["render", m, "--format", "dot", "-o", out],
    "convert": lambda m, src, af, out: ["convert", m, out, "--to", "json"],
    "draft": lambda m, src, af, out: ["draft", src, "-o", out],
    "schema": lambda m, src, af, out: ["schema", "-o", out],
    "af-convert": lambda m, src, af, out: ["af", "-f", af, "--convert", out, "--to", "tgf"],
}
"""Every command that writes a file: argv for a map, its source text, a framework and the output."""
