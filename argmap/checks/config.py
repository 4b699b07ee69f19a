"""Validation settings: from ``[tool.argmap]`` in ``pyproject.toml`` or from ``argmap.toml``.

Example (``pyproject.toml``)::

    [tool.argmap]
    select = ["AM"]                 # code prefixes to report (default: all)
    ignore = ["AM205"]              # code prefixes never to report
    fail-on = "warning"             # exit 1 at this severity or above (default: error)
    max-main-conclusions = 3        # AM108 above this many undeclared main conclusions
    paragraph-coverage = 0.0        # AM205 for source paragraphs quoted at or below this share

    [tool.argmap.severity]
    AM304 = "error"                 # change a rule's severity

``argmap.toml`` has the same keys at its top level.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap._files import printable, read_input, real_path
from argmap.errors import Diagnostic, Location, MapError, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["SEVERITIES", "Config", "find_config", "load_config"]

SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
"""Severities from lowest to highest."""

_KEYS = {"select", "ignore", "severity", "fail-on", "max-main-conclusions", "paragraph-coverage"}


@dataclass(frozen=True)
class Config:
    """Which rules run, how severe each is, and the rules' thresholds."""

    select: tuple[str, ...] = ("AM",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = "error"
    max_main_conclusions: int = 3
    paragraph_coverage: float = 0.0
    origin: str | None = None
    """The file these settings came from, if any."""

    def enabled(self, code: str) -> bool:
        """Whether a code is selected and not ignored (longest matching prefix wins)."""
        selected = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return selected > ignored

    def severity_of(self, code: str, default: Severity) -> Severity:
        """A rule's severity after overrides (an exact code beats a prefix)."""
        matches = [(len(prefix), level) for prefix, level in self.severity.items() if code.startswith(prefix)]
        return max(matches)[1] if matches else default


def _error(origin: str, message: str) -> MapError:
    return MapError(
        [
            Diagnostic(
                "AM005",
                f"invalid argmap settings: {message}",
                Location(origin),
                "see `argmap rules` and the docs for the settings argmap reads",
            )
        ]
    )


def _config_from(table: dict[str, Any], origin: str) -> Config:
    unknown = set(table) - _KEYS
    if unknown:
        raise _error(origin, f"unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")

    def codes(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) and v.startswith("AM") for v in value):
            raise _error(origin, f"'{key}' must be a list of rule codes or prefixes such as \"AM1\"")
        return tuple(value)

    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(v in SEVERITIES for v in severity.values()):
        raise _error(origin, '\'severity\' maps codes to "error", "warning" or "info"')
    fail_on = table.get("fail-on", "error")
    if fail_on not in SEVERITIES:
        raise _error(origin, '\'fail-on\' is "error", "warning" or "info"')
    limit = table.get("max-main-conclusions", 3)
    share = table.get("paragraph-coverage", 0.0)
    if not isinstance(limit, int) or limit < 1:
        raise _error(origin, "'max-main-conclusions' is a positive integer")
    if not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise _error(origin, "'paragraph-coverage' is a share between 0 and 1")
    return Config(codes("select", ("AM",)), codes("ignore", ()), dict(severity), fail_on, limit, float(share), origin)


_MAX_SETTINGS_BYTES = 1 << 20  # a settings file is a few lines; a bigger one is not one


def _read_toml(name: str, raw: bytes | None = None) -> dict[str, Any]:
    """Parse a TOML file read under the input rules; every failure is a located :class:`MapError`."""
    if raw is None:
        raw = read_input(name, _MAX_SETTINGS_BYTES, what="settings",
                         too_large_hint="a settings file is a few lines: is this the right file?")
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
        return data
    except UnicodeDecodeError as exc:
        raise _error(name, f"the file is not UTF-8 text (invalid byte at offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise _error(name, printable(str(exc))) from None
    except RecursionError:
        raise _error(name, "the TOML nests too deeply") from None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read settings from a ``pyproject.toml`` (its ``[tool.argmap]`` table) or an ``argmap.toml``.

    Raises
    ------
    MapError
        ``AM005`` when the file is not a readable regular file, or its settings are invalid.
    """
    name = os.fspath(path)
    data = _read_toml(name)
    if Path(name).name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("argmap", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise _error(name, "[tool.argmap] must be a table")
    return _config_from(data, name)


def find_config(start: str | os.PathLike[str]) -> Config:
    """The settings that apply to a file: the nearest ``argmap.toml``, or ``pyproject.toml`` with a
    ``[tool.argmap]`` table, in its folder or any parent; the defaults when there is none."""
    folder = real_path(start)
    if not folder.is_dir():
        folder = folder.parent
    for directory in (folder, *folder.parents):
        candidate = directory / "argmap.toml"
        if candidate.is_file():
            return load_config(candidate)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            # A pyproject.toml is another tool's file first: one that argmap cannot read is
            # skipped, unless it mentions argmap's table (then its error is argmap's business).
            raw: bytes | None = None
            try:
                raw = read_input(pyproject, _MAX_SETTINGS_BYTES, what="settings")
                tool = _read_toml(str(pyproject), raw).get("tool", {})
                has_table = isinstance(tool, dict) and "argmap" in tool
            except MapError:
                if raw is None or b"tool.argmap" not in raw:
                    continue
                raise
            if has_table:
                return load_config(pyproject)
    return Config()

