"""Live authoring: ``argmap lsp`` (a language server for editors) and ``argmap serve`` (a live preview)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from argmap.cli._app import EXIT_USAGE, main


@main.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default; editors pass it).")
@click.option("--debounce", type=click.IntRange(min=0, max=5000), default=150, show_default=True,
              help="Milliseconds of quiet after an edit before the map is checked again.")
def lsp(stdio: bool, debounce: int) -> None:
    """Run the argmap language server (Language Server Protocol over stdio) for editors.

    Diagnostics from every rule as you type, hover, go to definition, references, rename,
    completion, quick fixes and an outline for YAML and JSON maps. See docs/editors.md for
    VS Code, Neovim and Helix.
    """
    del stdio  # stdio is the only transport; the flag is accepted because clients commonly send it
    from argmap.lsp.server import run

    run(debounce / 1000)


@main.command()
@click.argument("map_file", metavar="MAP", type=click.Path(dir_okay=False, path_type=str))
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1/localhost shows the map to other machines.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default browser.")
def serve(map_file: str, port: int, host: str, open_browser: bool) -> None:
    """Preview a map in the browser, redrawn on every save, with its diagnostics beside it.

    The map may be broken: the page lists its errors until it loads. Ctrl-C stops the server.
    """
    from argmap.preview import PreviewServer
    from argmap.preview import serve as run_preview

    if not Path(map_file).is_file():
        click.echo(f"{map_file}: AM005 no such file", err=True)
        sys.exit(EXIT_USAGE)

    def ready(server: PreviewServer) -> None:
        click.echo(f"Previewing {map_file} at {server.url} (Ctrl-C to stop)")
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo("warning: listening beyond this machine; anyone who can reach it can read the map", err=True)
        sys.stdout.flush()
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)

    try:
        run_preview(map_file, host, port, ready)
    except OSError as exc:
        click.echo(f"cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
