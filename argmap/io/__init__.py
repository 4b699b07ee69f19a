"""Reading and writing maps, in every format argmap exchanges them in.

One vocabulary for every format (argmap YAML/JSON, AIF, Microtext, Argdown, GraphML, node-link
JSON), detected from the file's suffix and then its content:

- :func:`load` / :func:`loads` return a validated :class:`~argmap.model.ArgumentMap`;
- :func:`read` / :func:`reads` return an :class:`Imported`: the map and what the conversion noticed;
- :func:`dump` / :func:`dumps` write a map, :func:`export` returns an :class:`Exported`.

``argmap.io.formats`` holds the registry (:data:`FORMATS`); each format is a module of this
package (``aif``, ``microtext``, ``argdown``, ``nxjson``, ``mapfile`` for argmap's own format)
with one pair of functions, ``reads`` and ``export``. ``argmap.io.parse`` is the safe,
position-aware parsing underneath.
"""

from argmap.io._convert import ConversionWarning, Exported, Imported
from argmap.io.formats import FORMATS, FormatInfo, detect_format, dump, dumps, export, load, loads, read, reads
from argmap.io.mapfile import source_path, to_data, write_atomic
from argmap.io.parse import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "FORMATS",
    "ConversionWarning",
    "Exported",
    "FormatInfo",
    "Imported",
    "Limits",
    "detect_format",
    "dump",
    "dumps",
    "export",
    "load",
    "loads",
    "read",
    "reads",
    "source_path",
    "to_data",
    "write_atomic",
]
