"""Reading and writing maps.

``argmap.io.mapfile`` handles argmap's own YAML/JSON format; ``argmap.io.parse`` the safe,
position-aware parsing underneath it. Other formats (AIF, Argdown, ...) live beside them as
modules with a ``load``/``dump`` pair.
"""

from argmap.io.mapfile import detect_format, dump, dumps, load, loads, source_path, to_data, write_atomic
from argmap.io.parse import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "detect_format",
    "dump",
    "dumps",
    "load",
    "loads",
    "source_path",
    "to_data",
    "write_atomic",
]
