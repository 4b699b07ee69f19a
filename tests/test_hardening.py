"""Every entry point against generated hostile input: one test per mechanism (issue 18).

The cases come from :mod:`tests.hostile`; a new command added to its tables, or a new case
added to a generator, is covered here without writing a new test.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from argmap.cli import main
from argmap.errors import MapError
from tests import hostile

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bike-lanes.yaml"


class Hang(BaseException):
    """Raised by the alarm when a command runs far longer than any input justifies."""


@contextmanager
def no_hang(seconds: float = 60.0) -> Iterator[None]:
    """Fail (rather than block the suite) when the body runs past ``seconds``."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(args: list[str], stdin: bytes | None = None, seconds: float = 60.0) -> Result:
    with no_hang(seconds):
        return CliRunner().invoke(main, args, input=stdin, catch_exceptions=True)


def assert_handled(result: Result, what: str) -> None:
    """The command ended with one of the documented exit codes and no traceback."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{what}: {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1, 2), f"{what}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output, what
    assert "internal error" not in result.output, f"{what}: {result.output}"


# --- every entry point, every hostile map ------------------------------------------------------


def _corpus() -> list[tuple[str, bytes]]:
    return list(hostile.map_documents())


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-maps")
    (folder / "source.txt").write_text("Some text here. And more.\n")
    for name, content in _corpus():
        (folder / name).write_bytes(content)
    return folder


@pytest.mark.parametrize("entry", sorted(hostile.ENTRY_POINTS))
def test_every_entry_point_handles_every_hostile_map(entry: str, corpus_dir: Path, tmp_path: Path) -> None:
    """No traceback, no hang, a documented exit code, and nothing raw on the terminal."""
    build = hostile.ENTRY_POINTS[entry]
    for name, _ in _corpus():
        result = run(build(corpus_dir / name, tmp_path))
        what = f"{entry} {name}"
        assert_handled(result, what)
        raw = hostile.has_raw_control(result.output, data=entry in hostile.DATA_TO_STDOUT)
        assert raw is None, f"{what}: printed {raw!r} raw"


@pytest.mark.slow
@pytest.mark.parametrize("entry", ["validate", "stats", "convert-json"])
def test_scaled_up_hostile_maps_stay_bounded(entry: str, tmp_path: Path) -> None:
    """The resource attacks at ten times the size: still a clean answer, well within the guard."""
    for name, content in hostile.map_documents(scale=10):
        if not name.startswith(("alias-", "deep-", "base-60", "long-digits")):
            continue
        path = tmp_path / name
        path.write_bytes(content)
        started = time.perf_counter()
        result = run(hostile.ENTRY_POINTS[entry](path, tmp_path), seconds=120)
        assert_handled(result, f"{entry} {name}")
        assert time.perf_counter() - started < 60, f"{entry} {name}: not bounded"


def test_maps_that_cannot_be_written_back_are_refused_with_a_location(corpus_dir: Path) -> None:
    """Whatever validate accepts, convert can write and read back; what it refuses has a line."""
    for name, _ in _corpus():
        if not name.startswith(("unwritable-", "deep-", "alias-", "long-digits", "base-60", "shape-")):
            continue
        result = run(["validate", "--format", "json", str(corpus_dir / name)])
        assert_handled(result, name)
        report = json.loads(result.output)
        errors = [d for d in report["files"][0]["diagnostics"] if d["severity"] == "error"]
        if errors:
            assert all(d["line"] is not None or d["path"] is not None for d in errors), (name, errors)
            continue
        out = corpus_dir / f"{name}.roundtrip.json"
        converted = run(["convert", str(corpus_dir / name), str(out)])
        assert converted.exit_code == 0, (name, converted.output)
        back = run(["validate", str(out)])
        assert back.exit_code in (0, 1) and "AM0" not in back.output.split("error(s)")[0], (name, back.output)


@pytest.mark.parametrize("problem", ["SE-GR", "EE-PR", "DC-CO"])
def test_af_handles_every_hostile_framework(problem: str, tmp_path: Path) -> None:
    for name, content in hostile.framework_documents():
        path = tmp_path / name
        path.write_bytes(content)
        args = ["af", "-p", problem, "-f", str(path)] + (["-a", "b"] if problem.startswith("DC") else [])
        result = run(args)
        assert_handled(result, f"{problem} {name}")
        assert hostile.has_raw_control(result.output) is None, f"{problem} {name}: {result.output!r}"
        assert len(result.output) < 2000, f"{problem} {name}: a 5,000-digit token was echoed whole"


# --- limits that count what costs ---------------------------------------------------------------


_PEAK_OF_READING = """
import sys
import numpy  # imported before the peak is taken: the reading's cost, not the imports'
from argmap.semantics.formats import dumps_af, loads_af
from argmap.semantics.framework import ArgumentationFramework
path, fmt = sys.argv[1:3]
def status(key):
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(key)) * 1024
loads_af(dumps_af(ArgumentationFramework(["a", "b"], [("a", "b")]), fmt), fmt)
raw = open(path, "rb").read()
before = status("VmHWM")
af = loads_af(raw, fmt)
print(status("VmHWM") - before, af.number_of_arguments)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
def test_framework_reading_memory_is_a_small_multiple_of_the_file(tmp_path: Path) -> None:
    """apx, tgf and i23 are read in one pass that keeps numbers, not a Python object per fact."""
    arguments = 20_000
    for name, raw in hostile.large_frameworks(arguments=arguments, attacks=3 * arguments):
        fmt = name.rsplit(".", 1)[1]
        path = tmp_path / name
        path.write_bytes(raw)
        out = subprocess.run([sys.executable, "-c", _PEAK_OF_READING, str(path), fmt], capture_output=True,
                             text=True, timeout=120, check=True).stdout.split()
        peak, count = int(out[0]), int(out[1])
        assert count == arguments, name
        # beyond the file's own bytes: the names, their index and two numbers per attack
        assert peak < 10 * len(raw), f"{name}: {peak / len(raw):.1f} bytes of memory per byte of input"


def test_framework_reading_agrees_across_orders_and_spellings() -> None:
    """Attacks before declarations, repeats, str or bytes: the same framework, in declaration order."""
    from argmap.semantics.formats import loads_af

    frameworks = dict(hostile.large_frameworks(arguments=300, attacks=900))
    plain = loads_af(frameworks["plain.apx"], "apx")
    for name in ("attacks-first.apx", "repeated.apx"):
        other = loads_af(frameworks[name], "apx")
        assert other.arguments == plain.arguments, name
        assert sorted(other.attacks) == sorted(plain.attacks) and len(other.attacks) == len(set(plain.attacks)), name
    assert loads_af(frameworks["non-ascii.apx"].decode(), "apx").attacks == loads_af(
        frameworks["non-ascii.apx"], "apx").attacks
    tgf = loads_af(frameworks["non-ascii.tgf"], "tgf")
    assert tgf.arguments[0] == "點0" and len(tgf.attacks) == 900


@pytest.mark.parametrize("fmt", ["apx", "tgf", "i23"])
def test_a_framework_past_the_size_limit_is_refused_before_reading(fmt: str, tmp_path: Path) -> None:
    raw = dict(hostile.large_frameworks(arguments=100, attacks=300))[f"plain.{fmt}"]
    path = tmp_path / f"big.{fmt}"
    path.write_bytes(raw)
    result = run(["af", "-p", "SE-GR", "-f", str(path), "--max-bytes", str(len(raw) - 1)])
    assert_handled(result, fmt)
    assert result.exit_code != 0 and "AM003" in result.output and str(path) in result.output, result.output



@pytest.mark.parametrize(("length", "copies"), [(1_000, 100), (100_000, 100), (1_000_000, 10), (10, 90_000)])
def test_yaml_alias_limit_counts_expanded_bytes(length: int, copies: int) -> None:
    from argmap.io import loads
    from argmap.io.parse import DEFAULT_LIMITS

    text = ('argmap: "1"\nstatements:\n  - id: t\n    text: &a ' + "x" * length + "\nmetadata:\n  k: ["
            + ", ".join(["*a"] * copies) + "]\n")
    expanded = (length + 2) * copies
    budget = max(DEFAULT_LIMITS.max_alias_bytes, len(text))
    started = time.perf_counter()
    if expanded > budget:
        with pytest.raises(MapError) as caught:
            loads(text)
        assert caught.value.diagnostics[0].code == "AM003"
        assert caught.value.diagnostics[0].location.line == 6
    else:
        assert loads(text).metadata["k"][0] == "x" * length
    assert time.perf_counter() - started < 30  # a hang guard, not a speed test (see benchmarks/)


@pytest.mark.parametrize("groups", [10, 1000, 100_000])
def test_base_60_numbers_are_text_and_linear(groups: int) -> None:
    from argmap.io import loads

    value = ":".join(["1"] + ["59"] * groups)
    the_map = loads(f'argmap: "1"\ntitle: {value}\nstatements:\n  - id: t\n    text: x\n')
    assert the_map.title == value


def test_segmentation_of_unbreakable_runs_is_linear() -> None:
    """A long run without punctuation is cut into bounded pieces before jieba sees it."""
    import random

    from argmap.text.segment import _pieces, segment

    chooser = random.Random(18)
    run_of_han = "".join(chr(chooser.randrange(0x4E00, 0x9FFF)) for _ in range(20_000))
    pieces = list(_pieces(run_of_han * 3))
    assert "".join(p for p, _ in pieces) == run_of_han * 3
    assert max(len(p) for p, _ in pieces) <= 4096
    with no_hang(60):
        assert "".join(segment(run_of_han)) == run_of_han
    sentences = "這是一句話。" * 2000
    assert all(p.endswith("。") for p, hmm in list(_pieces(sentences))[:-1])


def test_a_quote_in_another_unicode_spelling_is_found() -> None:
    """NFC against NFD (and compatibility forms) is the same text, never a false AM201."""
    from argmap.text.anchor import find_quote

    for words in hostile.ACCENTED:
        for source_form, source_words in hostile.unicode_spellings(words):
            source = f"Before. {source_words} after."
            for quote_form, quote in hostile.unicode_spellings(words):
                found = find_quote(source, quote)
                assert found is not None, (words, source_form, quote_form)
                (start, end), = found[1]
                assert source[start:end] == source_words, (words, source_form, quote_form)


# --- reading inputs -----------------------------------------------------------------------------


def _valid_map(folder: Path) -> Path:
    target = folder / "valid.yaml"
    target.write_text(EXAMPLE.read_text(encoding="utf-8").replace("source:", "x-source:", 0), encoding="utf-8")
    return target


@pytest.mark.parametrize("reader", sorted(hostile.READERS))
def test_special_inputs_are_refused_quickly(reader: str, tmp_path: Path) -> None:
    valid = tmp_path / "valid.yaml"
    valid.write_text(hostile._map(), encoding="utf-8")
    for special in hostile.special_inputs(tmp_path):
        if not special.argv:
            continue
        args = [valid.as_posix() if a == "{map}" else a for a in hostile.READERS[reader](special.path)]
        result = run(args, seconds=20)
        what = f"{reader} {special.name}"
        assert_handled(result, what)
        assert result.exit_code == 2, f"{what}: {result.output}"
        if reader == "validate" and special.name == "folder":  # validate searches folders for maps
            assert "no argmap maps found" in result.output, f"{what}: {result.output}"
            continue
        assert "AM005" in result.output or "Error" in result.output, f"{what}: {result.output}"


def test_special_inputs_are_refused_by_every_loader(tmp_path: Path) -> None:
    """The library's own readers apply the same rules (paths a command line cannot pass, too)."""
    from argmap.checks import load_config
    from argmap.io import load
    from argmap.io.formats import read
    from argmap.semantics.framework import read_af
    from argmap.text.source import read_source

    loaders = {"load": load, "formats.read": read, "read_af": read_af, "read_source": read_source,
               "load_config": load_config}
    for special in hostile.special_inputs(tmp_path):
        for name, loader in loaders.items():
            with no_hang(20), pytest.raises(MapError) as caught:
                loader(special.path)
            assert caught.value.diagnostics[0].code == "AM005", (name, special.name)


def test_a_map_linked_to_a_secret_never_prints_it(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    link = hostile.secret_link(folder)
    for entry in sorted(hostile.ENTRY_POINTS):
        result = run(hostile.ENTRY_POINTS[entry](link, tmp_path))
        assert_handled(result, entry)
        assert hostile.SECRET not in result.output and "do-not-print" not in result.output, entry


def test_settings_files_that_are_broken_or_special(tmp_path: Path) -> None:
    valid = tmp_path / "valid.yaml"
    valid.write_text(hostile._map(), encoding="utf-8")
    cases = {
        "not-utf8": b"[tool.argmap]\nselect = ['\xff\xfe']\n",
        "deep": b"[tool.argmap]\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "deep-other-tool": b"[tool.black]\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "not-utf8-other-tool": b"[tool.black]\nname = '\xff'\n",
        "binary": bytes(range(256)),
    }
    for name, content in cases.items():
        (tmp_path / "pyproject.toml").write_bytes(content)
        beside = run(["validate", str(valid)])
        assert_handled(beside, f"beside {name}")
        if "argmap" in content.decode("latin-1"):
            assert beside.exit_code == 2 and "AM005" in beside.output, name
        given = run(["validate", "--config", str(tmp_path / "pyproject.toml"), str(valid)])
        assert_handled(given, f"--config {name}")


def test_every_reader_refuses_a_source_path_that_leaves_the_folder() -> None:
    import warnings

    from argmap.io import loads
    from argmap.io.formats import FORMATS, export, reads

    carried = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        safe = loads(hostile._map().replace("title: T", "title: T\nsource:\n  path: sub/essay.txt"))
        for name, info in FORMATS.items():
            if info.can_read and info.can_write:
                back = reads(export(safe, name).text, name, filename=f"m.{name}")
                if back.map.source is not None and back.map.source.path == "sub/essay.txt":
                    carried.append(name)
        assert {"yaml", "json", "aif"} <= set(carried)
        for raw in hostile.ESCAPING_SOURCE_PATHS:
            text = hostile._map().replace("title: T", f"title: T\nsource:\n  path: {json.dumps(raw)}")
            hostile_map = loads(text, allow_outside_source=True)
            for name in carried:
                written = export(hostile_map, name).text
                with pytest.raises(MapError) as caught:
                    reads(written, name, filename=f"m.{name}")
                assert any(d.code == "AM023" for d in caught.value.diagnostics), (name, raw)
                assert reads(written, name, filename=f"m.{name}", allow_outside_source=True).map.source


def test_a_batch_with_a_forced_format_takes_only_files_of_that_format(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sample = (Path(__file__).parent / "fixtures" / "interchange" / "sample.micro.xml").read_bytes()
    for stem in ("micro_b001", "micro_b002"):
        (corpus / f"{stem}.xml").write_bytes(sample)
        (corpus / f"{stem}.txt").write_text("the plain text of the same microtext\n")
    result = run(["convert", str(corpus), "--from", "microtext", "--out-dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2 of 2 file(s) converted" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["micro_b001.yaml", "micro_b002.yaml"]


# --- codecs -------------------------------------------------------------------------------------


def test_every_codec_as_source_encoding_decodes_or_is_refused() -> None:
    from argmap.text.source import decode_source

    samples = [b"Plain text.", "中文，繁體。".encode("big5"), bytes(range(1, 256)), b"eJzLSM3JyVcozy/KSQEAGgQEXQ=="]
    for name in hostile.codec_names():
        for raw in samples:
            try:
                text = decode_source(raw, name, "s.txt")
            except MapError as error:
                assert error.diagnostics[0].code in ("AM002", "AM005"), name
            else:
                assert isinstance(text, str), name


# --- writing outputs ----------------------------------------------------------------------------


def _setup(folder: Path) -> tuple[Path, Path, Path]:
    source = folder / "source.txt"
    source.write_text("Some text here. And more words follow.\n", encoding="utf-8")
    the_map = folder / "map.yaml"
    the_map.write_text('argmap: "1"\nsource:\n  path: source.txt\nstatements:\n  - id: t\n    text: x\n'
                       "    quote: Some text\n", encoding="utf-8")
    framework = folder / "framework.apx"
    framework.write_text("arg(a).\narg(b).\natt(a,b).\n", encoding="utf-8")
    return the_map, source, framework


def _snapshot(path: str) -> tuple[int, int, bytes | None] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    content = Path(path).read_bytes() if stat.S_ISREG(info.st_mode) else None
    return info.st_mode, info.st_ino, content


@pytest.mark.parametrize("writer", sorted(hostile.WRITERS))
def test_output_targets_follow_the_write_rules(writer: str, tmp_path: Path) -> None:
    the_map, source, framework = _setup(tmp_path)
    the_input = {"render": the_map, "convert": the_map, "draft": source, "schema": None,
                 "af-convert": framework}[writer]
    protected_source = source if writer in ("render", "convert") else None
    for target in hostile.output_targets(tmp_path, the_input or the_map, protected_source):
        if the_input is None and target.name in ("the-input", "hard-link-to-input", "symlink-to-input"):
            continue
        before = _snapshot(target.path)
        inputs_before = {p: p.read_bytes() for p in (the_map, source, framework)}
        result = run(hostile.WRITERS[writer](str(the_map), str(source), str(framework), target.path))
        what = f"{writer} -> {target.name}"
        assert_handled(result, what)
        assert {p: p.read_bytes() for p in inputs_before} == inputs_before, f"{what}: an input changed"
        if target.rule == "refused":
            assert result.exit_code == 2, f"{what}: {result.output}"
            assert _snapshot(target.path) == before, f"{what}: the target changed"
        elif target.rule == "stream":
            assert result.exit_code == 0, f"{what}: {result.output}"
            assert result.stdout_bytes, what
        else:
            assert result.exit_code == 0, f"{what}: {result.output}"
            assert os.path.isfile(target.path) and Path(target.path).read_bytes() != b"old\n", what
            if target.name == "symlink-to-file":
                assert os.path.islink(target.path), f"{what}: the link was replaced by a file"
        assert not list(tmp_path.glob(".*.tmp")), f"{what}: a temporary file was left"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_fifo_and_process_substitution_are_written_as_streams(tmp_path: Path) -> None:
    the_map, _, _ = _setup(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen([sys.executable, "-c", f"import sys; print(len(open({str(fifo)!r}, 'rb').read()))"],
                              stdout=subprocess.PIPE, text=True)
    result = run(["render", str(the_map), "--format", "dot", "-o", str(fifo)], seconds=30)
    assert result.exit_code == 0, result.output
    assert int(reader.communicate(timeout=30)[0]) > 100
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_mode_and_owner_are_kept(tmp_path: Path) -> None:
    from argmap._files import write_output

    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(target, 4321, 4321)
    write_output(target, "new\n")
    info = os.stat(target)
    assert stat.S_IMODE(info.st_mode) == 0o640 and target.read_text() == "new\n"
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 4321)


_SLOW_WRITER = textwrap.dedent("""
    import os, sys, time
    from argmap import _files
    real_fsync = os.fsync
    def slow_fsync(fd):
        print("writing", flush=True)
        time.sleep(30)
    os.fsync = slow_fsync
    _files.write_output(sys.argv[1], "x" * 100_000)
""")


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_mid_write_leaves_no_temporary_and_the_old_file(signame: str, tmp_path: Path) -> None:
    target = tmp_path / "out.svg"
    target.write_text("old\n")
    child = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    assert list(tmp_path.glob(".*.tmp"))  # the temporary exists mid-write
    child.send_signal(getattr(signal, signame))
    child.wait(timeout=30)
    assert child.returncode != 0
    assert not list(tmp_path.glob(".*.tmp"))
    assert target.read_text() == "old\n"


# --- terminal output ----------------------------------------------------------------------------


def test_framework_names_and_diagnostics_are_printed_escaped(tmp_path: Path) -> None:
    for name, payload in hostile.terminal_payloads():
        arg = payload.replace(" ", "_").replace(",", "_").replace(")", "_").replace("(", "_").replace(".", "_")
        framework = tmp_path / f"{name}.apx"
        framework.write_text(f"arg({arg}).\narg(b).\natt({arg},b).\n", encoding="utf-8")
        for problem in ("EE-GR", "SE-PR"):
            result = run(["af", "-p", problem, "-f", str(framework)])
            assert_handled(result, name)
            assert hostile.has_raw_control(result.output) is None, (name, result.output)
    error = MapError([__import__("argmap.errors").errors.Diagnostic("AM010", "bad \x1b]0;x\x07 value")])
    assert hostile.has_raw_control(str(error)) is None


# --- the command line's last line of defence -----------------------------------------------------


@pytest.mark.parametrize(("raised", "code", "said"), [
    (KeyboardInterrupt(), 130, "interrupted"),
    (RecursionError(), 2, "AM003"),
    (MemoryError(), 2, "AM003"),
])
def test_interrupts_and_exhaustion_end_without_a_traceback(raised: BaseException, code: int, said: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.graph

    def explode(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(argmap.graph, "summarize", explode)
    result = run(["stats", str(EXAMPLE)])
    assert result.exit_code == code, result.output
    assert said in result.output and "Traceback" not in result.output


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    many = tmp_path / "many.yaml"
    many.write_text('argmap: "1"\nstatements:\n' + "".join(f"  - id: s{i}\n    text: statement {i}\n"
                                                           for i in range(3000)), encoding="utf-8")
    with subprocess.Popen([sys.executable, "-m", "argmap", "validate", str(many)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.read(100)
        child.stdout.close()  # the reader goes away, as `| head -1` does
        error = child.stderr.read().decode()
        child.wait(timeout=60)
    assert "Traceback" not in error and "BrokenPipe" not in error, error


def _interchange_readers() -> Iterator[tuple[str, object, object]]:
    import argmap
    from argmap.io import aif, nxjson

    example = argmap.load(EXAMPLE)
    yield "aif", aif.to_data(example), aif.from_data
    yield "node-link", nxjson.to_node_link(example), nxjson.from_node_link


@pytest.mark.parametrize("every", [3])
def test_interchange_documents_of_every_wrong_shape_are_the_inputs_fault(every: int) -> None:
    """AIF and node-link values of the wrong shape: a located diagnostic about the input, never a bug report."""
    import warnings

    for fmt, document, reader in _interchange_readers():
        for name, mutated in hostile.mutated_documents(document, every):  # type: ignore[arg-type]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    found = list(reader(mutated, filename="in.json").warnings)  # type: ignore[operator]
                except MapError as error:
                    found = list(error.diagnostics)
                    assert all(d.location.path or d.location.line for d in found if d.severity == "error"), \
                        (fmt, name, [str(d) for d in found])
            for item in found:
                said = f"{item.message} {item.hint or ''}"
                assert "report" not in said and "internal" not in said, (fmt, name, str(item))


def test_an_invalid_carried_value_is_dropped_with_a_warning_that_names_it() -> None:
    """The interchange docs' promise: an invalid value in an extension entry is ignored with a warning."""
    import argmap
    from argmap.io import nxjson

    data = nxjson.to_node_link(argmap.load(EXAMPLE))
    argument = next(n for n in data["nodes"] if n["kind"] == "argument")
    argument["scheme"] = ["not", "a", "string"]
    result = nxjson.from_node_link(data, filename="in.json")
    dropped = [d for d in result.warnings if d.code == "AM010"]
    assert dropped and argument["id"] in dropped[0].message and "scheme" in dropped[0].message
    assert next(a for a in result.map.arguments if a.id == argument["id"]).scheme is None
    critical = dict(argument, critical_questions=[{"question": 5}])
    data["nodes"] = [critical if n is argument else n for n in data["nodes"]]
    before = json.dumps(data)
    with pytest.raises(MapError) as raised:
        nxjson.from_node_link(data, filename="in.json")
    assert json.dumps(data) == before, "the caller's data was changed"
    (problem,) = raised.value.diagnostics
    assert problem.code == "AM010" and "question" in problem.message and problem.location.path


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the layout process through /proc")
def test_ctrl_c_stops_a_long_layout_at_once(tmp_path: Path) -> None:
    """Graphviz lays out in C, deaf to signals: Ctrl-C must still end ``render`` at once, with 130."""
    big = tmp_path / "tangled.yaml"
    big.write_text(hostile.tangled_map(1500))
    out = tmp_path / "out"
    out.mkdir()
    child = subprocess.Popen([sys.executable, "-m", "argmap", "render", str(big), "--view", "full", "--format", "svg",
                              "-o", str(out / "diagram.svg")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        children = Path(f"/proc/{child.pid}/task/{child.pid}/children")
        while not children.read_text().strip():  # the layout runs once the process has a child
            assert child.poll() is None and time.monotonic() < deadline, "render ended before laying out"
            time.sleep(0.05)
        time.sleep(1.0)  # well inside the layout, which takes minutes
        child.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert time.monotonic() - started < 5
    assert child.returncode == 130 and "Traceback" not in err, err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("semantics", ["preferred", "stable", "complete"])
@pytest.mark.parametrize("pairs", [11, 22])
def test_render_eval_with_too_many_extensions_is_a_clear_error(semantics: str, pairs: int, tmp_path: Path) -> None:
    """2**pairs extensions (past the bound of 1,000): a located message naming the way out, quickly."""
    path = tmp_path / "many.yaml"
    path.write_text(hostile.many_extensions_map(pairs))
    target = tmp_path / "out.svg"
    started = time.perf_counter()
    result = run(["render", str(path), "--eval", semantics, "--format", "svg", "-o", str(target)], seconds=60)
    assert time.perf_counter() - started < 30
    assert_handled(result, f"{semantics} {pairs}")
    assert result.exit_code == 2, result.output
    assert str(path) in result.output and "1000" in result.output and "--eval grounded" in result.output
    assert not target.exists() and list(tmp_path.iterdir()) == [path]


# --- a batch of broken interchange files ---------------------------------------------------------


def _interchange_examples() -> dict[str, tuple[str, str]]:
    import argmap
    from argmap.io.formats import export

    example = argmap.load(EXAMPLE)
    return {fmt: (export(example, fmt).text, suffix) for fmt, suffix in (
        ("aif", ".aif.json"), ("node-link", ".node-link.json"), ("graphml", ".graphml"), ("microtext", ".xml"),
        ("argdown", ".argdown"))}


@pytest.mark.parametrize(("every", "targets"), [
    (25, ("yaml",)), pytest.param(10, ("yaml", "aif"), marks=pytest.mark.slow)])
def test_a_batch_of_broken_interchange_files_ends_in_located_diagnostics(every: int, targets: tuple[str, ...],
                                                                          tmp_path: Path) -> None:
    """`convert DIR`: every broken input ends in a diagnostic naming its file; none in "please report"."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = []
    for name, content in [*hostile.interchange_documents(_interchange_examples(), every),
                          *((n, c) for n, c in hostile.map_documents() if not n.startswith("source-"))]:
        (folder / name).write_bytes(content)
        names.append(name)
    for target in targets:
        result = run(["convert", str(folder), "-o", str(tmp_path / f"out-{target}"), "--to", target, "-j", "1"],
                     seconds=600)
        assert_handled(result, target)
        assert "please report" not in result.output and "internal error" not in result.output, \
            [line for line in result.output.splitlines() if "internal" in line][:5]
        assert f"of {len(names)} file(s) converted" in result.output, result.output[-500:]
        for line in result.output.splitlines():
            if " error " in line and line.startswith(str(folder)):
                assert line.split(":", 1)[0].startswith(str(folder / "")), line  # located at its file


def _die(task: object) -> object:
    os._exit(9)  # as a worker killed by the kernel for want of memory


@pytest.mark.skipif(sys.platform != "linux", reason="the pool's workers must be forked to inherit the patch")
def test_a_batch_whose_worker_dies_names_the_files_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.cli import interchange

    monkeypatch.setattr(interchange, "_pool_task", _die)
    for number in range(3):
        (tmp_path / f"m{number}.yaml").write_bytes(EXAMPLE.read_bytes())
    result = run(["convert", *(str(tmp_path / f"m{n}.yaml") for n in range(3)), "-o", str(tmp_path / "out"),
                  "-j", "2"])
    assert_handled(result, "broken pool")
    assert result.exit_code != 0 and result.output.count("AM003") == 3, result.output
    assert "0 of 3 file(s) converted" in result.output


# --- broken references in interchange files ---------------------------------------------------------


def test_a_broken_reference_is_an_error_in_the_structure_and_a_warning_in_carried_data() -> None:
    """One rule for every reader: an edge or relation to a missing node is a located AM021 error;
    an entry of carried data (argmap's extension, the Argdown front matter) whose node is missing is
    dropped with a located warning. Both name the missing node."""
    import warnings

    import argmap
    from argmap.io.formats import export, reads

    example = argmap.load(EXAMPLE)
    documents = {fmt: export(example, fmt).text for fmt in ("aif", "node-link", "graphml", "microtext", "argdown")}
    documents["argdown-json"] = (Path(__file__).parent / "fixtures" / "interchange" / "sample.argdown.json").read_text()
    seen = set()
    for case in hostile.dangling_references(documents):
        seen.add((case.format, case.rule))
        what = f"{case.format} {case.name}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if case.rule == "error":
                with pytest.raises(MapError) as raised:
                    reads(case.text, case.format, filename="in")
                found = [d for d in raised.value.diagnostics if hostile.GHOST in d.message]
                said = [str(d) for d in raised.value.diagnostics]
                assert found and all(d.code == "AM021" for d in found), (what, said)
                assert all(d.location.line or d.location.path for d in found), (what, [str(d) for d in found])
            else:
                result = reads(case.text, case.format, filename="in")
                found = [d for d in result.diagnostics if hostile.GHOST in d.message]
                assert found and all(d.severity == "warning" and d.location.path for d in found), \
                    (what, [str(d) for d in result.diagnostics])
    assert {fmt for fmt, _ in seen} == set(documents), seen


def _mass_mistakes(count: int) -> dict[str, list[dict[str, object]]]:
    """One mistake repeated ``count`` times over, of every kind the reference checks report."""
    statements: list[dict[str, object]] = [{"id": "s", "text": "x"} for _ in range(count)]  # duplicate ids
    statements += [{"id": f"t{i}", "text": "x", "restates": f"t{i + 1}"} for i in range(count)]  # a long chain
    arguments = [{"id": f"a{i}", "premises": ["s", "s", f"nope{i}"], "conclusion": f"missing{i}"}
                 for i in range(count)]
    attacks = [{"id": f"x{i}", "from": ["s", "s"], "to": f"a{i}", "type": "rebut"} for i in range(count)]
    return {"statements": statements, "arguments": arguments, "attacks": attacks}


def test_many_reference_mistakes_are_reported_in_linear_time() -> None:
    """A map of tens of thousands of the same mistake is a report, not a hang (duplicate ids were quadratic)."""
    from argmap.integrity import check_integrity

    with no_hang(60):
        found = check_integrity(_mass_mistakes(30_000))
    codes = {d.code for d in found}
    assert {"AM020", "AM021", "AM022", "AM024", "AM025"} <= codes
    assert sum(d.code == "AM020" for d in found) == 30_000 - 1


def test_the_bulk_reference_check_finds_what_the_one_by_one_check_finds() -> None:
    """Sound maps are checked in bulk; one wrong value anywhere must still be reported, and exactly so."""
    import copy
    import random

    from argmap.integrity import _Checker, check_integrity

    chooser = random.Random(7)
    base = {"statements": [{"id": f"s{i}", "text": "x"} for i in range(30)],
            "analogies": [{"id": "n0"}], "sections": [{"id": "sec"}],
            "arguments": [{"id": f"a{i}", "premises": [f"s{i}", "n0"], "conclusion": f"s{i + 1}", "section": "sec"}
                          for i in range(20)]}
    assert check_integrity(base) == []
    wrong = ["nope", "a3", "sec", None, 7, ["s1"], {"x": 1}, "s1"]
    for _ in range(300):
        data = copy.deepcopy(base)
        argument = chooser.choice(data["arguments"])
        key = chooser.choice(["premises", "conclusion", "section"])
        value = chooser.choice(wrong)
        if key == "premises":
            argument["premises"][chooser.randrange(2)] = value  # "s1" may repeat a premise
        else:
            argument[key] = value
        one_by_one = _Checker(data)
        one_by_one.collect_ids()
        one_by_one._check_arguments(one_by_one.items("arguments"))
        expected = {(d.code, d.location.path) for d in one_by_one.diagnostics}
        assert expected <= {(d.code, d.location.path) for d in check_integrity(data)}
