"""Small performance helpers shared by the layers that build many objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk build.

    Building hundreds of thousands of small objects (none of which form reference cycles)
    triggers the collector over and over for nothing; pausing it roughly halves the time of
    validating or graphing a 100k-node map. The previous state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
