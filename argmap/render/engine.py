"""Laying out and drawing DOT: the Graphviz engine bundled with pygraphviz, or the system ``dot``.

The ``pygraphviz`` wheels (version 2 and later) carry the Graphviz libraries, so rendering works
from ``pip install`` alone. ``engine="system"`` runs the ``dot`` executable instead; ``"auto"``
prefers the bundled engine and falls back to the system one.

Before drawing PNG or PDF (where the fonts are baked into the picture), the fonts are checked
with fontconfig: if no installed font covers the labels' characters, rendering stops with an
error that names the package to install, rather than drawing boxes (tofu).
"""

from __future__ import annotations

import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Literal

__all__ = ["ENGINES", "FORMATS_DRAWN", "RenderError", "check_fonts", "draw", "missing_font_characters"]

Engine = Literal["auto", "bundled", "system"]
ENGINES: tuple[str, ...] = ("auto", "bundled", "system")
FORMATS_DRAWN: tuple[str, ...] = ("svg", "png", "pdf")
"""Output formats produced by Graphviz itself."""

_FONT_PACKAGES = (
    "install a CJK font: `apt-get install fonts-noto-cjk` (Debian/Ubuntu), `dnf install google-noto-sans-cjk-fonts` "
    "(Fedora), `pacman -S noto-fonts-cjk` (Arch), or any font covering these characters"
)


class RenderError(Exception):
    """Rendering failed: no engine, missing fonts, or a Graphviz error. The message says what to do."""


@contextmanager
def _filtered_stderr() -> Iterator[None]:
    """Drop the bundled fontconfig's complaints about newer system config files.

    The fontconfig inside the pygraphviz wheel can be older than the system's, and then prints
    'Fontconfig warning: ... unknown element' on the process's standard error for every render,
    although fonts are found; and dot warns that a big layout "may take a long time". Other
    messages written there are passed on unchanged.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no usable standard error (e.g. closed): nothing to filter
        yield
        return
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            kept = [line for line in capture.read().decode("utf-8", "replace").splitlines(keepends=True)
                    if not _noise(line)]
            if kept:
                sys.stderr.write("".join(kept))


def _noise(line: str) -> bool:
    """Graphviz and fontconfig messages that are about the engine, not about the user's map."""
    return ((line.startswith("Fontconfig warning") and "unknown element" in line)
            # dot's notice on big graphs (e.g. "... layout may take a long time"): nothing a user can act on
            or "layout may take a long time" in line or "may take a long time" in line)


def _layout(source: str, fmt: str) -> tuple[bytes, list[tuple[str, type[Warning]]]]:
    import warnings

    import pygraphviz

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = pygraphviz.AGraph(string=source)
        output: bytes = graph.draw(format=fmt, prog="dot")
    return output, [(str(w.message), w.category) for w in caught]


def _layout_in_child(source: str, fmt: str) -> tuple[bytes, list[tuple[str, type[Warning]]]]:
    """Run :func:`_layout` in a forked child, so that Ctrl-C stops a long layout at once.

    Graphviz lays out inside C code, where Python sees a signal only when the call returns (a big
    map: minutes). Here the parent waits in a Python read, which a signal interrupts: on
    Ctrl-C (or any exception) the child is killed and reaped, and ``KeyboardInterrupt`` goes on to
    the command line, which exits 130. The child writes nothing but the pipe, so nothing is left.
    """
    import pickle

    import pygraphviz  # noqa: F401 - imported once here, not in every child

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: lay out, send the result or the error, never return to the caller
        status = 0
        try:
            os.close(read_end)
            try:
                message: object = ("ok", _layout(source, fmt))
            except Exception as exc:  # sent to the parent, which raises it as a RenderError
                message = ("error", f"{exc}")
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(message, pipe)
        except BaseException:  # the parent went away (closed pipe) or a signal: just end
            status = 1
        finally:
            os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with suppress(OSError):
            os.waitpid(pid, 0)
        raise
    os.waitpid(pid, 0)
    if not data:
        raise RenderError("Graphviz ended without drawing (the layout process was killed)")
    kind, payload = pickle.loads(data)  # our own child's pickle, through our own pipe
    if kind == "error":
        raise RuntimeError(payload)
    return payload  # type: ignore[no-any-return]


QUICK_EDGES = 150
"""Graphs of at most this many edges (and :data:`QUICK_BYTES` of DOT) are laid out in-process.

dot's time grows steeply with crossings: a random ("tangled") graph takes about 0.3 s at 150
edges, 1 s at 240, 4 s at 360 and 20 s at 480; a map shaped like the flagship (106 edges) takes
0.16 s. Below the threshold a layout ends well before Ctrl-C would feel slow, and forking the
process (20-50 ms each, more with jieba's dictionary in memory) would cost more than the layout
itself (``benchmarks/bench_render.py --fork``: the bike-lanes example rendered 2.6x slower
forked, the flagship's whole map 1.4x, its overview of seven small layouts 2.0x). Above it the
layout runs in a forked child, which Ctrl-C stops at once.
"""
QUICK_BYTES = 128 * 1024
"""The DOT size up to which a graph of few edges still counts as quick (long labels, many nodes)."""


def _quick(source: str) -> bool:
    # Counting "->" may overcount (an arrow inside a label), never undercount: the safe direction.
    return len(source) <= QUICK_BYTES and source.count("->") <= QUICK_EDGES


def _bundled(source: str, fmt: str) -> bytes:
    import warnings

    with _filtered_stderr():
        # fork only for a layout that could take long, and only where it is safe and cheap (POSIX,
        # one thread); otherwise lay out in-process
        if (not _quick(source) and hasattr(os, "fork") and threading.active_count() == 1
                and sys.platform != "darwin"):
            output, caught = _layout_in_child(source, fmt)
        else:
            output, caught = _layout(source, fmt)
    for message, category in caught:  # pygraphviz turns Graphviz's messages into warnings: pass on all but noise
        if not _noise(message):
            warnings.warn(message, category, stacklevel=3)
    return output


def _system(source: str, fmt: str) -> bytes:
    executable = shutil.which("dot")
    if executable is None:
        raise RenderError("the system Graphviz `dot` is not installed; install graphviz, or use --engine bundled "
                          "(pip install pygraphviz)")
    result = subprocess.run([executable, f"-T{fmt}"], input=source.encode(), capture_output=True, check=False,
                            timeout=600)
    if result.returncode != 0:
        raise RenderError(f"dot failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def _bundled_available() -> bool:
    try:
        import pygraphviz  # noqa: F401
    except ImportError:
        return False
    return True


def missing_font_characters(text: str) -> list[str] | None:
    """Characters of ``text`` outside ASCII that no installed font covers, per fontconfig.

    Returns None when fontconfig's ``fc-list`` is not available to ask.
    """
    wanted = sorted({char for char in text if ord(char) > 0x7F and not char.isspace()})
    if not wanted:
        return []
    executable = shutil.which("fc-list")
    if executable is None:
        return None
    missing: list[str] = []
    # Ask for fonts covering batches of characters; split a batch only when no font covers it.
    batches = [wanted[i:i + 64] for i in range(0, len(wanted), 64)]
    while batches:
        batch = batches.pop()
        charset = " ".join(f"{ord(char):x}" for char in batch)
        result = subprocess.run([executable, f":charset={charset}", "family"], capture_output=True, text=True,
                                check=False, timeout=60)
        if result.stdout.strip():
            continue
        if len(batch) == 1:
            missing.extend(batch)
        else:
            half = len(batch) // 2
            batches.extend([batch[:half], batch[half:]])
    return sorted(missing)


def check_fonts(labels: str) -> None:
    """Raise :class:`RenderError` when installed fonts cannot draw the labels' characters.

    On Linux, where Graphviz finds fonts through fontconfig, a missing ``fc-list`` is an error
    too (fonts cannot be verified); elsewhere the platform's own fonts are trusted.
    """
    missing = missing_font_characters(labels)
    if missing is None:
        if platform.system() == "Linux" and any(ord(c) > 0x2E7F for c in labels):
            raise RenderError("cannot check fonts: fontconfig (fc-list) is not installed. Install fontconfig and "
                              "a CJK font, e.g. `apt-get install fontconfig fonts-noto-cjk`; or render SVG, which "
                              "the viewer's fonts draw")
        return
    if missing:
        shown = "".join(missing[:20]) + ("…" if len(missing) > 20 else "")
        raise RenderError(f"no installed font covers {len(missing)} character(s) of the labels ({shown}); "
                          f"the picture would show boxes. {_FONT_PACKAGES}; or render SVG, which the viewer's "
                          "fonts draw")


def draw(source: str, fmt: str, engine: Engine = "auto", labels: str | None = None) -> bytes:
    """Lay out DOT source and draw it as ``svg``, ``png`` or ``pdf``.

    Parameters
    ----------
    source : str
        DOT text.
    fmt : {"svg", "png", "pdf"}
    engine : {"auto", "bundled", "system"}
    labels : str, optional
        The text drawn in the picture; for PNG and PDF its characters are checked against the
        installed fonts first.
    """
    if fmt not in FORMATS_DRAWN:
        raise ValueError(f"Graphviz draws {', '.join(FORMATS_DRAWN)}, not {fmt!r}")
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if fmt in ("png", "pdf") and labels:
        check_fonts(labels)
    if engine == "system" or (engine == "auto" and not _bundled_available()):
        if engine == "auto" and shutil.which("dot") is None:
            raise RenderError("no Graphviz engine: `pip install pygraphviz` (its wheels bundle Graphviz) or install "
                              "the system graphviz package")
        return _system(source, fmt)
    if not _bundled_available():
        raise RenderError("the bundled engine needs pygraphviz: `pip install pygraphviz` (or use --engine system)")
    try:
        return _bundled(source, fmt)
    except Exception as exc:  # pygraphviz raises plain exceptions for Graphviz errors
        raise RenderError(f"Graphviz failed: {exc}") from None
