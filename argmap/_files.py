"""File plumbing for every entry point: bounded reads of inputs and the one atomic write path.

Private; the lowest layer beside :mod:`argmap.errors`. Every reader of a map, source text,
framework or settings file goes through :func:`read_input`, and every writer of an output
through :func:`write_output`, so that the rules below hold everywhere by construction.

Reading
    Only regular files are read (a FIFO, device, socket or folder is refused at once, so
    nothing blocks); a path with a NUL character, a symbolic-link loop or an unreadable file
    is an ``AM005`` error; a file larger than the limit an ``AM003`` error, checked before
    and while reading (so ``/dev/zero``-like files and files that grow cannot exhaust memory).

Writing
    ``-`` and the names of the standard streams (``/dev/stdout``, ``/dev/fd/1`` ...) are
    written as streams, and so is a FIFO (a pipe, process substitution). Any other device,
    a socket or a folder is refused. A regular file is replaced atomically: the data go to a
    temporary file beside the target, which keeps the target's mode and ownership, and is
    renamed over it; a crash, an error or SIGINT/SIGTERM/SIGHUP leaves the old file and no
    temporary behind. A read-only target is refused (as ``cp`` without ``-f`` would), and so is
    a target that is one of the run's inputs, under any name (hard links included). A
    symbolic link to a regular file is kept, and the file it points to is replaced; a link that
    points nowhere is refused, since following it would create a file somewhere unexpected.

Quoting
    Diagnostics quote a line of the text argmap itself read as that input, never re-read the
    file, and never quote a file reached by a symbolic link that leaves the link's folder (a
    map that is a link to a secret must not print the secret).
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import FrameType
from typing import Any, BinaryIO

from argmap.errors import Diagnostic, Location, MapError, printable

__all__ = [
    "FileRefused",
    "guard",
    "leaves_folder",
    "printable",
    "protect",
    "quoted_line",
    "read_input",
    "real_path",
    "write_atomic",
    "write_output",
]

PathLike = str | os.PathLike[str]

class FileRefused(OSError):
    """An output or input that argmap refuses by rule (a device, an input, a read-only file ...).

    An :class:`OSError`, so that callers which report I/O errors report these too;
    :attr:`strerror` says what is wrong and how to go on.
    """

    def __init__(self, path: str, message: str, code: int = errno.EPERM) -> None:
        super().__init__(code, message, path)


# --- the run's inputs ----------------------------------------------------------------------


@dataclass
class _Session:
    """What one command-line run has read: which files are its inputs, and their text."""

    inputs: dict[tuple[int, int], str] = field(default_factory=dict)
    texts: dict[str, tuple[bytes, bool]] = field(default_factory=dict)  # name -> (raw, may be quoted)
    line_starts: dict[str, list[int]] = field(default_factory=dict)


_session: _Session | None = None


@contextmanager
def guard() -> Iterator[None]:
    """Within this block, inputs read are remembered: outputs may not replace them, and
    diagnostics can quote them without reading the file again.

    The command line runs every command inside one; a library caller who loads a map and
    then saves over it on purpose is not affected.
    """
    global _session
    previous, _session = _session, _Session()
    try:
        yield
    finally:
        _session = previous


def protect(path: PathLike) -> None:
    """Count ``path`` among the run's inputs (e.g. a map's source text, which is not read)."""
    if _session is None:
        return
    with suppress(OSError, ValueError):
        info = os.stat(path)
        _session.inputs.setdefault((info.st_dev, info.st_ino), os.fspath(path))


def quoted_line(file: str, line: int, limit: int = 500) -> str | None:
    """Line ``line`` (1-based) of the text read as ``file`` in this run, or None.

    None when the file was not read in this run, may not be quoted (see the module's rules),
    or the line is longer than ``limit`` characters.
    """
    if _session is None or file not in _session.texts:
        return None
    raw, quotable = _session.texts[file]
    if not quotable or line < 1:
        return None
    starts = _session.line_starts.get(file)
    if starts is None:  # built once per file, so that 80,000 findings cost one pass, not 80,000
        starts = _session.line_starts[file] = [0, *(m.end() for m in re.finditer(b"\n", raw))]
    if line > len(starts):
        return None
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(raw)
    if end - start > 4 * limit:
        return None
    text = raw[start:end].decode("utf-8", "replace").removeprefix("\ufeff").rstrip("\r")
    return text if len(text) <= limit else None


def _link_stays_home(name: str) -> bool:
    """Whether a path that may be a symbolic link resolves inside the link's own folder tree."""
    if not os.path.islink(name):
        return True
    home = os.path.realpath(os.path.dirname(os.path.abspath(name)))
    return os.path.commonpath([home, os.path.realpath(name)]) == home


def leaves_folder(relative: str) -> bool:
    """Whether a path written in a map (``source.path``) is absolute or climbs out of its folder.

    Judged on the text alone, in both POSIX and Windows spellings, before anything is resolved:

    >>> leaves_folder("essay.txt"), leaves_folder("../../etc/passwd"), leaves_folder("C:/x")
    (False, True, True)
    """
    if "\x00" in relative:
        return True
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() \
            or PureWindowsPath(relative).drive:
        return True
    normal = posixpath.normpath(relative.replace("\\", "/"))
    return normal == ".." or normal.startswith("../") or normal.startswith("/")


def real_path(path: PathLike) -> Path:
    """The absolute path with symbolic links resolved, as far as they resolve; never raises.

    ``Path.resolve()`` raises ``RuntimeError`` on a link loop (before Python 3.13); a loop, a
    dangling link or a missing file is left as far as it could be followed, and the reader or
    writer then reports the path clearly.
    """
    name = os.fspath(path)
    if "\x00" in name:
        return Path(os.path.abspath(name.replace("\x00", "")))
    return Path(os.path.realpath(name))


# --- reading -------------------------------------------------------------------------------

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _display(name: str) -> str:
    return printable(name)


def _read_error(name: str, what: str, message: str, hint: str | None = None) -> MapError:
    return MapError([Diagnostic("AM005", f"cannot read {what}: {message}", Location(_display(name)), hint)])


def _too_large(name: str, what: str, size: int | str, max_bytes: int, hint: str | None) -> MapError:
    shown = f"{size:,} bytes" if isinstance(size, int) else size
    return MapError([Diagnostic(
        "AM003", f"{what} is {shown}, larger than the limit of {max_bytes:,}", Location(_display(name)),
        hint or "raise the limit (--max-bytes) if you trust the file",
    )])


def read_input(path: PathLike, max_bytes: int, *, what: str = "file", too_large_hint: str | None = None) -> bytes:
    """The bytes of an input file, read under the rules of this module.

    Parameters
    ----------
    path : path
        The file. Symbolic links are followed.
    max_bytes : int
        The largest accepted size; larger files are refused before more is read.
    what : str
        What the file is, for messages ("file", "source", "settings", "framework file").
    too_large_hint : str, optional
        The hint of the ``AM003`` error (by default: raise ``--max-bytes``).

    Raises
    ------
    MapError
        ``AM005`` when the path has a NUL character, is not a regular file, loops through
        symbolic links or cannot be read; ``AM003`` when the file is larger than ``max_bytes``.
    """
    name = os.fspath(path)
    if "\x00" in name:
        raise _read_error(name, what, "the path contains a NUL character", "give a path without control characters")
    try:
        # O_NONBLOCK: opening a FIFO to check what it is must not wait for a writer
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _read_error(name, what, "the path loops through symbolic links") from None
        if exc.errno == errno.EISDIR:
            raise _read_error(name, what, "it is a folder", "give the path of a file") from None
        raise _read_error(name, what, exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _read_error(name, what, f"it is {_kind(info.st_mode)}, not a regular file",
                              "argmap reads only regular files; where a command reads standard input, give '-'")
        if info.st_size > max_bytes:
            raise _too_large(name, what, info.st_size, max_bytes, too_large_hint)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(max_bytes + 1 - total, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:  # the file grew, or reports no size (/proc)
            raise _too_large(name, what, f"more than {max_bytes:,} bytes", max_bytes, too_large_hint)
        raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        raise _read_error(name, what, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if _session is not None:
        _session.inputs.setdefault((info.st_dev, info.st_ino), name)
        _session.texts[name] = (raw, _link_stays_home(name))
        _session.line_starts.pop(name, None)
    return raw


# --- writing -------------------------------------------------------------------------------

_STREAM_NAME = re.compile(r"^/(?:dev|proc/self|proc/\d+)/fd/\d+$|^/dev/std(?:out|err)$")


def write_atomic(path: PathLike, data: str | bytes) -> None:
    """Write text (as UTF-8) or bytes to ``path`` under the rules of this module.

    Kept under this name for the callers of :func:`argmap.io.write_atomic`; see
    :func:`write_output`.
    """
    write_output(path, data)


def write_output(path: PathLike, data: str | bytes, *, inputs: Iterable[PathLike] = ()) -> None:
    """Write an output: a stream for ``-``, standard streams and pipes, else an atomic replace.

    Parameters
    ----------
    path : path
        The target. ``-`` is standard output.
    data : str or bytes
        The content; text is written as UTF-8.
    inputs : paths
        Files the output may not replace (besides the inputs of the command-line run).

    Raises
    ------
    FileRefused
        (an :class:`OSError`) when a rule refuses the target: a device, socket or folder, one of
        the inputs, a read-only file, a link that points nowhere.
    OSError
        When writing fails; the old file is then unchanged and no temporary file is left.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    name = os.fspath(path)
    if name == "-":
        _write_stream(sys.stdout.buffer, raw)
        return
    if "\x00" in name:
        raise FileRefused(_display(name), "the path contains a NUL character", errno.EINVAL)
    if _STREAM_NAME.match(name):
        _write_named_stream(name, raw)
        return
    try:
        info: os.stat_result | None = os.stat(name)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused(_display(name), "the path loops through symbolic links", errno.ELOOP) from None
        raise
    if info is None:
        if os.path.islink(name):
            raise FileRefused(_display(name), "it is a symbolic link that points nowhere; argmap does not "
                              "create files through such links (remove the link, or name its target)")
        _replace(name, raw, None)
        return
    mode = info.st_mode
    if stat.S_ISFIFO(mode):
        _write_named_stream(name, raw)
        return
    if not stat.S_ISREG(mode):
        raise FileRefused(_display(name), f"it is {_kind(mode)}; argmap writes only regular files, standard "
                          "output ('-') and pipes (to discard the output, redirect standard output instead)")
    _check_not_input(name, info, inputs)
    if not (mode & 0o222) or not os.access(name, os.W_OK):
        raise FileRefused(_display(name), "the file is read-only; argmap does not replace it (make it writable, "
                          "or write elsewhere)", errno.EACCES)
    _replace(os.path.realpath(name), raw, info)


def _check_not_input(name: str, info: os.stat_result, inputs: Iterable[PathLike]) -> None:
    key = (info.st_dev, info.st_ino)
    known = dict(_session.inputs) if _session is not None else {}
    for other in inputs:
        with suppress(OSError, ValueError):
            other_info = os.stat(other)
            known.setdefault((other_info.st_dev, other_info.st_ino), os.fspath(other))
    if key in known:
        same = known[key]
        also = "" if os.path.abspath(same) == os.path.abspath(name) else f" (the same file as {_display(same)})"
        raise FileRefused(_display(name), f"it is an input of this run{also}; argmap never overwrites its inputs")


def _write_stream(stream: BinaryIO, raw: bytes) -> None:
    stream.write(raw)
    stream.flush()


def _write_named_stream(name: str, raw: bytes) -> None:
    if name in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
        _write_stream(sys.stdout.buffer, raw)
        return
    if name in ("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"):
        _write_stream(sys.stderr.buffer, raw)
        return
    with open(name, "ab") as stream:  # append: a named descriptor may be a file the shell opened
        _write_stream(stream, raw)


# Temporary files being written, removed when a signal ends the process mid-write.
_live: set[str] = set()
_CLEANED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _remove_live() -> None:
    for temporary in list(_live):
        with suppress(OSError):
            os.unlink(temporary)
        _live.discard(temporary)


@contextmanager
def _signals_clean_up() -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP first remove the temporary file, then act as before.

    (SIGINT raises KeyboardInterrupt, which the writer's own clean-up handles.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        before = previous.get(signum, signal.SIG_DFL)
        if before == signal.SIG_IGN:
            return
        _remove_live()
        if callable(before):
            before(signum, frame)
            return
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for number in _CLEANED_SIGNALS:
        with suppress(ValueError, OSError):
            previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, before in previous.items():
            with suppress(ValueError, OSError, TypeError):
                signal.signal(number, before)


def _replace(target: str, raw: bytes, info: os.stat_result | None) -> None:
    folder, base = os.path.split(target)
    # O_EXCL on a fresh random name, with mode 0666 filtered by the umask: a new file gets the
    # permissions a plain open() would give (mkstemp would make it private, 0600).
    temporary = os.path.join(folder, f".{base}.{secrets.token_hex(6)}.tmp")
    with _signals_clean_up():
        _live.add(temporary)
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            try:
                if info is not None:
                    _keep_owner_and_mode(temporary, handle, info, target)
                with os.fdopen(handle, "wb") as out:
                    handle = -1
                    out.write(raw)
                    out.flush()
                    os.fsync(out.fileno())
            finally:
                if handle >= 0:
                    os.close(handle)
            os.replace(temporary, target)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise
        finally:
            _live.discard(temporary)


def _keep_owner_and_mode(temporary: str, handle: int, info: os.stat_result, target: str) -> None:
    """Give the new file the old one's owner, group and permissions, or refuse to replace it."""
    mine = os.fstat(handle)
    if hasattr(os, "fchown") and (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.fchown(handle, info.st_uid, info.st_gid)
        except OSError:
            with suppress(OSError):  # the group alone may still be ours to give
                os.fchown(handle, -1, info.st_gid)
            if os.fstat(handle).st_uid != info.st_uid:
                raise FileRefused(_display(target), "the file belongs to another user, and replacing it would "
                                  "change its owner; write elsewhere, or as its owner") from None
    # after chown, which clears set-id bits; the mode is restored whole
    if hasattr(os, "fchmod"):
        os.fchmod(handle, stat.S_IMODE(info.st_mode))
    else:  # pragma: no cover - Windows
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
