"""Scratch buffers that each thread keeps from one comparison to the next.

Memory fresh from the system costs a page fault per 4 KiB page on first touch (about a
microsecond each on a virtual machine), and the allocator hands large freed blocks
back to the system. compare()'s block buffers are a few megabytes: fresh each time,
they cost 1e5 outcomes a fifth of the time. A thread keeps its buffers; a nested use
while one is out (from a callback) gets fresh ones.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

__all__ = ["borrowed"]

_kept = threading.local()


@contextmanager
def borrowed(shape: tuple[int, ...], dtype: type = np.float64) -> Iterator[np.ndarray]:
    """An uninitialized array of ``shape`` and ``dtype``, this thread's to use until
    the ``with`` block ends."""
    pool: dict = _kept.__dict__.setdefault("pool", {})
    key = (shape, np.dtype(dtype))
    array = pool.pop(key, None)
    if array is None:
        array = np.empty(shape, dtype)
    try:
        yield array
    finally:
        pool[key] = array
