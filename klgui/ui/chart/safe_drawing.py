"""Drawing that never raises into Qt, and value ranges that never degenerate.

Qt calls ``paint`` and ``boundingRect`` from C++: an exception raised there is not an
ordinary error (two nested ones crash shiboken, and the window dies without a word). So
every such override of the chart's items goes through :func:`_drawn_safely`, which logs
the error and draws nothing, and the value range is never narrower than
``MIN_Y_SPAN`` (a range of a few subnormals made pyqtgraph divide by zero). Used by
:mod:`klgui.ui.chart.bar_plot` and the charts built on it.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QRectF

__all__ = ["MIN_Y_SPAN", "y_range", "safely_drawn"]


#: The narrowest value range shown. Pixels per unit must stay a finite double: a range
#: of [-1.5e-323, 0] (every term a subnormal) gave pyqtgraph a zero division in paint.
#: Terms far smaller than this are drawn as bars of no height; hovering reads them.
MIN_Y_SPAN = 1e-300
_log = logging.getLogger("klgui")
_reported: set[tuple[str, str]] = set()


def _drawn_safely(fallback: Callable[[], object]):
    """Wrap a Qt paint or boundingRect override: an exception is logged (once per item
    class and error type, not at every repaint) and ``fallback()`` is returned, so
    nothing is drawn. Nothing may be raised into Qt's painting."""
    def wrap(method):
        @functools.wraps(method)
        def safe(self, *args):
            try:
                return method(self, *args)
            except Exception as e:  # noqa: BLE001 -- the boundary with C++: never raise
                key = (f"{type(self).__name__}.{method.__name__}", type(e).__name__)
                if key not in _reported:
                    _reported.add(key)
                    _log.error("%s failed, so it drew nothing", key[0], exc_info=True)
                return fallback()
        return safe
    return wrap


def _nothing() -> None:
    return None


def y_range(low: float, high: float) -> tuple[float, float]:
    """The value range to show for bars from ``low`` to ``high`` (low <= 0 <= high):
    the same, widened to ``MIN_Y_SPAN`` away from zero when narrower, and (0, 1) when
    not finite. Never degenerate."""
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        return 0.0, 1.0
    if high - low >= MIN_Y_SPAN:
        return low, high
    if high > 0 or low == 0:
        return low, low + MIN_Y_SPAN
    return high - MIN_Y_SPAN, high


@functools.cache
def safely_drawn(cls: type) -> type:
    """``cls`` (a QGraphicsItem class, e.g. one of pyqtgraph's) with its ``paint`` and
    ``boundingRect`` going through :func:`_drawn_safely`; one subclass per class."""
    return type(f"Safe{cls.__name__}", (cls,), {
        "__doc__": f"{cls.__name__}, drawn safely (see safe_drawing._drawn_safely).",
        "__module__": __name__,
        "paint": _drawn_safely(_nothing)(cls.paint),
        "boundingRect": _drawn_safely(QRectF)(cls.boundingRect)})
