"""Help for building millions of small Python objects (rows, cells) quickly."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["without_gc"]


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: millions of row lists and cell strings set it
    off again and again (it doubled the time of a 1e6-row import), and none of them
    form cycles. Reference counting still frees everything as usual."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
