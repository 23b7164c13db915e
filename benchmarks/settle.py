"""Waiting for the end of a repaint, the same way in every GUI benchmark."""

from __future__ import annotations

import time
from collections.abc import Callable


def last_paint_end(app, painted: Callable[[], int]) -> float:
    """Run ``app``'s event-loop passes until two in a row paint nothing (``painted()``
    counts Paint events so far); return the time (``time.perf_counter``) at which the
    last pass that painted ended. The repaint may come in the pass that showed the new
    figures, which has then already ended."""
    end, idle = time.perf_counter(), 0
    while idle < 2:
        before = painted()
        app.processEvents()
        if painted() != before:
            end, idle = time.perf_counter(), 0
        else:
            idle += 1
    return end
