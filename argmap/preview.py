"""``argmap serve``: a live preview of a map in the browser, redrawn on every save.

The page shows the map's HTML view (:func:`argmap.render.render` with ``format="html"``) beside
the current diagnostics (the linter's, as ``argmap validate`` reports them). The map file, its
source text and its settings are watched (watchfiles: the operating system's change
notification); each change redraws the view in the background, and the page learns of it by
server-sent events (or, failing those, by polling). While the map does not load, the page says
so plainly, lists the errors, and keeps showing the last drawing that worked.

The server is the standard library's threading HTTP server, local by design: it binds to
127.0.0.1 unless told otherwise, answers only requests addressed to a local host name (no DNS
rebinding), serves a fixed set of pages plus, read-only, the files inside the map's folder
(never outside it, never hidden files), and sends no map content as markup.
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from argmap.errors import Diagnostic, format_path

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "Preview", "PreviewServer", "Snapshot", "serve"]

DEFAULT_HOST = "127.0.0.1"
"""Where ``argmap serve`` listens unless told otherwise: this machine only."""
DEFAULT_PORT = 8765
"""The default port of ``argmap serve``."""

_MAX_FILE_BYTES = 16 * 1024 * 1024
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass(frozen=True)
class Snapshot:
    """The preview's state after one check: what the page shows."""

    version: int
    checked_at: float
    loads: bool
    diagnostics: tuple[Diagnostic, ...]
    drawing: bytes | None
    """The HTML view of the current map, or of the last one that loaded (``stale``)."""
    stale: bool = False
    message: str = ""
    """Why there is no current drawing (the map does not load, or drawing it failed)."""
    depends_on: tuple[str, ...] = ()

    def to_dict(self, name: str) -> dict[str, Any]:
        """The page's view of the snapshot (``/state.json``)."""
        counts = {level: sum(d.severity == level for d in self.diagnostics) for level in ("error", "warning", "info")}
        return {
            "version": self.version,
            "file": name,
            "checked_at": time.strftime("%H:%M:%S", time.localtime(self.checked_at)),
            "loads": self.loads,
            "stale": self.stale,
            "has_drawing": self.drawing is not None,
            "message": self.message,
            "counts": counts,
            "diagnostics": [
                {"code": d.code, "name": d.name, "severity": d.severity, "message": d.message, "hint": d.hint,
                 "line": d.location.line, "column": d.location.column,
                 "path": format_path(d.location.path) if d.location.path else None}
                for d in self.diagnostics
            ],
        }


@dataclass
class Preview:
    """The map being previewed: checks and draws it, and tells waiting pages when that changes."""

    map_file: Path
    draw: Callable[[Any], bytes] | None = None
    """Draws a loaded map as an HTML page (default: ``argmap.render.render(map, format="html")``)."""
    snapshot: Snapshot | None = None
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _refresh_lock: threading.Lock = field(default_factory=threading.Lock)
    closed: bool = False

    def refresh(self) -> Snapshot:
        """Check and draw the map file as it is on disk now."""
        from argmap.lsp.analysis import check_text

        with self._refresh_lock:
            previous = self.snapshot
            version = previous.version + 1 if previous else 1
            name = str(self.map_file)
            try:
                raw = self.map_file.read_bytes()
                text = raw.decode("utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                problem = Diagnostic("AM005" if isinstance(exc, OSError) else "AM002",
                                     f"cannot read the map: {getattr(exc, 'strerror', None) or exc}")
                snapshot = self._broken(version, (problem,), previous, ())
            else:
                checked = check_text(text, name)
                depends = tuple(str(p) for p in checked.depends_on)
                diagnostics = tuple(_located(checked))
                if checked.map is None:
                    snapshot = self._broken(version, diagnostics, previous, depends)
                else:
                    try:
                        drawing = (self.draw or _draw_html)(checked.map)
                    except Exception as exc:  # a drawing failure is reported on the page, never a crash
                        snapshot = self._broken(version, diagnostics, previous, depends,
                                                f"The map loads, but drawing it failed: {exc}", loads=True)
                    else:
                        snapshot = Snapshot(version, time.time(), True, diagnostics, drawing, depends_on=depends)
            with self._changed:
                self.snapshot = snapshot
                self._changed.notify_all()
            return snapshot

    def _broken(self, version: int, diagnostics: tuple[Diagnostic, ...], previous: Snapshot | None,
                depends: tuple[str, ...], message: str | None = None, loads: bool = False) -> Snapshot:
        errors = sum(d.severity == "error" for d in diagnostics)
        text = message or (f"The map does not load: {errors} error{'s' if errors != 1 else ''}, listed beside. "
                           "Save a fix and the drawing updates by itself.")
        drawing = previous.drawing if previous is not None else None
        if previous is not None and previous.drawing is not None:
            text += " The drawing shows the last version that loaded."
        return Snapshot(version, time.time(), loads, diagnostics, drawing, stale=drawing is not None, message=text,
                        depends_on=depends or (previous.depends_on if previous else ()))

    def wait(self, seen: int, timeout: float) -> Snapshot | None:
        """Wait until the snapshot is newer than version ``seen`` (or ``timeout`` seconds pass)."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or (self.snapshot is not None and self.snapshot.version > seen),
                                   timeout)
            return self.snapshot

    def close(self) -> None:
        """Wake every waiting page so that its connection ends."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def watched_files(self) -> set[str]:
        """The files whose change redraws the preview: the map, its source, its settings."""
        folder = self.map_file.resolve().parent
        files = {str(self.map_file.resolve()), str(folder / "argmap.toml"), str(folder / "pyproject.toml")}
        if self.snapshot is not None:
            files |= {str(Path(p).resolve()) for p in self.snapshot.depends_on}
        return files


def _located(checked: Any) -> list[Diagnostic]:
    """The diagnostics with the line and column of what they are about (rules give map paths only)."""
    from argmap.lsp.analysis import diagnostic_span

    found = []
    for diagnostic in checked.diagnostics:
        if diagnostic.location.line is None and diagnostic.location.path:
            span = diagnostic_span(diagnostic, checked.index, checked.lines)
            where = replace(diagnostic.location, line=span.start_line + 1, column=span.start_column + 1)
            diagnostic = replace(diagnostic, location=where)
        found.append(diagnostic)
    return found


def _signature(files: set[str]) -> tuple[tuple[str, int, int], ...]:
    """What the watched files look like now (size and modification time), to notice a missed event."""
    out = []
    for name in sorted(files):
        try:
            status = os.stat(name)
        except OSError:
            out.append((name, -1, -1))
        else:
            out.append((name, status.st_size, status.st_mtime_ns))
    return tuple(out)


def _draw_html(the_map: Any) -> bytes:
    from argmap.render import render

    return render(the_map, format="html")


# --- the page -----------------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>argmap preview — {name}</title>
<style>
html, body {{ margin: 0; height: 100%; font-family: system-ui, "Noto Sans CJK TC", "Noto Sans", sans-serif; }}
body {{ display: flex; }}
main {{ flex: 1; display: flex; flex-direction: column; min-width: 0; }}
#status {{ padding: 8px 14px; font-size: 14px; border-bottom: 1px solid #ddd; background: #eef7ee; color: #1e4620; }}
#status.broken {{ background: #fdecea; color: #611a15; font-weight: 600; }}
#status.stale {{ background: #fff4e5; color: #663c00; }}
#view {{ flex: 1; border: 0; width: 100%; background: #fff; }}
aside {{ width: 380px; max-width: 40vw; overflow: auto; border-left: 1px solid #ddd; padding: 0 14px;
        font-size: 13px; background: #fafafa; }}
aside h2 {{ font-size: 15px; margin: 12px 0 8px; }}
#diagnostics {{ list-style: none; padding: 0; margin: 0; }}
#diagnostics li {{ padding: 6px 0; border-bottom: 1px solid #eee; }}
#diagnostics .where {{ color: #666; font-family: ui-monospace, monospace; }}
#diagnostics .code {{ font-weight: 600; font-family: ui-monospace, monospace; }}
#diagnostics .error .code {{ color: #b00020; }}
#diagnostics .warning .code {{ color: #8a6100; }}
#diagnostics .info .code {{ color: #0b5394; }}
#diagnostics .hint {{ color: #444; margin-top: 2px; }}
#empty {{ color: #1e4620; }}
</style>
</head>
<body>
<main>
<div id="status" role="status" aria-live="polite">Checking {name}…</div>
<iframe id="view" title="The map's diagram" src="/view"></iframe>
</main>
<aside>
<h2>Diagnostics <span id="counts"></span></h2>
<p id="empty" hidden>No problems found.</p>
<ol id="diagnostics"></ol>
</aside>
<script>
(function () {{
  var shown = 0, view = document.getElementById('view');
  function text(tag, cls, value) {{
    var el = document.createElement(tag); if (cls) {{ el.className = cls; }} el.textContent = value; return el;
  }}
  function show(state) {{
    var status = document.getElementById('status');
    status.className = state.loads && !state.message ? '' : (state.stale ? 'broken stale' : 'broken');
    status.textContent = state.message ||
      (state.file + ' loaded at ' + state.checked_at + ' \\u2014 ' + state.counts.error + ' errors, ' +
       state.counts.warning + ' warnings, ' + state.counts.info + ' notes');
    if (state.message) {{ status.className = state.stale ? 'broken stale' : 'broken'; }}
    document.getElementById('counts').textContent = '(' + state.diagnostics.length + ')';
    var list = document.getElementById('diagnostics');
    list.replaceChildren();
    state.diagnostics.forEach(function (d) {{
      var li = document.createElement('li'); li.className = d.severity;
      var where = (d.line ? 'line ' + d.line + (d.column ? ':' + d.column : '') : '') + (d.path ? ' ' + d.path : '');
      li.appendChild(text('span', 'code', d.code + ' '));
      li.appendChild(text('span', 'message', d.message));
      if (where) {{ li.appendChild(text('div', 'where', where)); }}
      if (d.hint) {{ li.appendChild(text('div', 'hint', 'hint: ' + d.hint)); }}
      list.appendChild(li);
    }});
    document.getElementById('empty').hidden = state.diagnostics.length > 0;
    if (state.version !== shown) {{ shown = state.version; view.src = '/view?v=' + state.version; }}
    document.body.dataset.version = state.version;
  }}
  function refresh() {{
    fetch('/state.json', {{ cache: 'no-store' }}).then(function (r) {{ return r.json(); }}).then(show)
      .catch(function () {{ document.getElementById('status').textContent = 'The preview server stopped.'; }});
  }}
  refresh();
  if (window.EventSource && !/[?&]poll\b/.test(location.search)) {{
    var events = new EventSource('/events');
    events.onmessage = refresh;
  }} else {{
    setInterval(refresh, 2000);
  }}
}})();
</script>
</body>
</html>
"""

_MESSAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>argmap preview</title>
<style>body {{ font-family: system-ui, sans-serif; margin: 40px; color: #611a15; }}
li {{ margin: 6px 0; color: #333; }} code {{ font-weight: 600; }}</style></head>
<body><h1>{title}</h1><p>{message}</p><ol>{items}</ol></body></html>
"""


def _message_page(snapshot: Snapshot) -> bytes:
    items = "".join(
        f"<li><code>{html.escape(d.code)}</code> {html.escape(d.message)}"
        + (f" (line {d.location.line})" if d.location.line else "") + "</li>"
        for d in snapshot.diagnostics if d.severity == "error")
    title = "The map does not load" if not snapshot.loads else "The map cannot be drawn"
    return _MESSAGE.format(title=title, message=html.escape(snapshot.message), items=items).encode("utf-8")


# --- the server ---------------------------------------------------------------------------------------


def _host_name(header: str) -> str:
    """The host of a Host header, without its port (``[::1]:8765`` -> ``[::1]``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "argmap-serve"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        self._send(status, f"{status.value} {status.phrase}: {why}\n".encode(), "text/plain; charset=utf-8")

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if self.server.local_only and _host_name(self.headers.get("Host") or "") not in _LOCAL_HOSTS:
            self._refuse(HTTPStatus.FORBIDDEN, "the preview answers only requests to localhost")
            return
        route = unquote(urlsplit(self.path).path)
        preview = self.server.preview
        snapshot = preview.snapshot or preview.refresh()
        name = preview.map_file.name
        if route in ("/", "/index.html"):
            csp = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-src 'self'"
            self._send(HTTPStatus.OK, _PAGE.format(name=html.escape(name)).encode("utf-8"), "text/html; charset=utf-8",
                       {"Content-Security-Policy": csp})
        elif route == "/view":
            body = snapshot.drawing if snapshot.drawing is not None else _message_page(snapshot)
            csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
            self._send(HTTPStatus.OK, body, "text/html; charset=utf-8", {"Content-Security-Policy": csp})
        elif route == "/state.json":
            body = json.dumps(snapshot.to_dict(name), ensure_ascii=False).encode("utf-8")
            self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
        elif route == "/events":
            self._events()
        elif route.startswith("/files/"):
            self._file(route[len("/files/"):])
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "no such page")

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        preview = self.server.preview
        seen = preview.snapshot.version if preview.snapshot else 0
        try:
            self.wfile.write(f"retry: 1000\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            while not preview.closed:
                snapshot = preview.wait(seen, timeout=15)
                if preview.closed:
                    break
                if snapshot is not None and snapshot.version > seen:
                    seen = snapshot.version
                    self.wfile.write(f"data: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")  # also finds out when the page has gone
                self.wfile.flush()
        except OSError:
            pass  # the page was closed

    def _file(self, relative: str) -> None:
        folder = self.server.folder
        parts = Path(relative).parts
        if not relative or Path(relative).is_absolute() or ".." in parts or any(p.startswith(".") for p in parts):
            self._refuse(HTTPStatus.FORBIDDEN, "only files inside the map's folder are served (no hidden files)")
            return
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder):
            self._refuse(HTTPStatus.FORBIDDEN, "only files inside the map's folder are served")
            return
        if not target.is_file():
            self._refuse(HTTPStatus.NOT_FOUND, "no such file in the map's folder")
            return
        try:
            if target.stat().st_size > _MAX_FILE_BYTES:
                self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the file is too large to preview")
                return
            body = target.read_bytes()
        except OSError:
            self._refuse(HTTPStatus.NOT_FOUND, "the file cannot be read")
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or target.suffix.lower() in (".yaml", ".yml", ".json", ".md", ".argdown"):
            kind = "text/plain; charset=utf-8"  # shown as text, never run as a page
        self._send(HTTPStatus.OK, body, kind, {"Content-Security-Policy": "sandbox"})


class PreviewServer(ThreadingHTTPServer):
    """An HTTP server for one map's live preview (see the module's documentation)."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, preview: Preview, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 verbose: bool = False) -> None:
        self.preview = preview
        self.folder = preview.map_file.resolve().parent
        self.verbose = verbose
        self.local_only = host in _LOCAL_HOSTS
        super().__init__((host, port), _Handler)
        self._stop_watching = threading.Event()
        self._watcher: threading.Thread | None = None
        self._seen: tuple[tuple[str, int, int], ...] = ()

    @property
    def url(self) -> str:
        """The preview's address."""
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    def start_watching(self) -> None:
        """Redraw on every change of the map, its source or its settings (in a background thread)."""
        self._seen = _signature(self.preview.watched_files())
        self._watcher = threading.Thread(target=self._watch, name="argmap-serve-watch", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        from watchfiles import watch

        seen = self._seen
        while not self._stop_watching.is_set():
            files = self.preview.watched_files()
            real = {os.path.realpath(f) for f in files}
            folders = sorted({str(Path(f).parent) for f in files if Path(f).parent.is_dir()})
            restart = False
            # Events say when to look; the files' signature says whether anything changed, which also
            # catches a save made before the operating system's watch was in place.
            for changes in watch(*folders, stop_event=self._stop_watching, recursive=False, debounce=100, step=50,
                                 raise_interrupt=False, rust_timeout=500, yield_on_timeout=True):
                hit = bool({os.path.realpath(path) for _, path in changes} & real)
                now = _signature(files)
                if hit or now != seen:
                    seen = now
                    self.preview.refresh()
                    if self.preview.watched_files() != files:  # the map now names another source
                        restart = True
                        break
            if not restart:
                return

    def shutdown(self) -> None:
        """Stop serving and watching; end the pages' event streams."""
        self._stop_watching.set()
        self.preview.close()
        super().shutdown()


def serve(map_file: str | os.PathLike[str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          ready: Callable[[PreviewServer], None] | None = None) -> None:
    """Serve a live preview of ``map_file`` until interrupted.

    Parameters
    ----------
    map_file : path
        The map (YAML or JSON). It need not load: the page lists its errors until it does.
    host, port
        Where to listen; port 0 picks a free one. Any host other than 127.0.0.1 / localhost makes
        the map readable by other machines: do that only on a network you trust.
    ready : callable, optional
        Called with the server once it listens (e.g. to print its address).

    Raises
    ------
    OSError
        When the address cannot be bound (e.g. the port is in use).
    """
    preview = Preview(Path(map_file))
    preview.refresh()
    server = PreviewServer(preview, host, port)
    server.start_watching()
    if ready is not None:
        ready(server)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        server._stop_watching.set()
        preview.close()
        server.server_close()
