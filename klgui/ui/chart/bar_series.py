"""The bar items of one series of a :class:`~klgui.ui.chart.bar_plot.BarPlot`
(positive, negative and infinite values) and their fills: solid or striped (told apart
without colour), outlined in high contrast, ∞ bars hatched in vermillion.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from klgui.core.numerics.binning import Bins

from klgui.ui.chart.safe_drawing import safely_drawn
from klgui.ui.shell.look import BLUE, ORANGE, STRIPES, VERMILLION

__all__ = ["Fill", "SOLID_BLUE", "STRIPED_ORANGE"]


#: A bar fill: colour, and whether it is striped (told apart without its colour).
Fill = tuple[str, bool]
SOLID_BLUE, STRIPED_ORANGE = (BLUE, False), (ORANGE, True)
_Bars = safely_drawn(pg.BarGraphItem)
_INFINITE_PEN = pg.mkPen(VERMILLION, width=2)


class _Series:
    """The bar items of one series: positive, negative and infinite values."""

    def __init__(self, plot: pg.PlotWidget, positive: Fill, negative: Fill) -> None:
        empty = dict(x0=np.zeros(0), width=np.zeros(0), height=np.zeros(0))
        self.positive = _Bars(**empty, **_fill(*positive))
        self.negative = _Bars(**empty, **_fill(*negative))
        self.infinite = _Bars(
            **empty, brush=QBrush(QColor(VERMILLION), Qt.BrushStyle.BDiagPattern),
            pen=_INFINITE_PEN)
        for item in (self.positive, self.negative, self.infinite):
            plot.addItem(item)
        self.bins: Bins | None = None


def _infinite_counts(values: np.ndarray, bins: Bins, hit: np.ndarray) -> np.ndarray:
    """How many +inf values each bin with ``hit`` holds (1 each when not binned)."""
    if not hit.any():
        return np.zeros(0, dtype=np.int64)
    if bins.count == np.asarray(values).size:
        return np.ones(int(hit.sum()), dtype=np.int64)
    per_bin = np.add.reduceat(np.isposinf(values).astype(np.int64), bins.start)
    return per_bin[hit]


def _fill(colour: str, striped: bool, width: float = 1, outline: str | None = None) -> dict:
    """BarGraphItem options: a striped bar gets an outline, so its edge stays clear;
    with ``outline`` (high contrast) every bar gets one of that colour, one pixel
    wider."""
    pen = pg.mkPen(outline, width=width + 1) if outline else None
    if striped:
        return dict(brush=QBrush(QColor(colour), STRIPES),
                    pen=pen or pg.mkPen(colour, width=width))
    return dict(brush=colour, pen=pen or pg.mkPen(None))


def _infinite_pen(thick: bool, contrast: bool) -> QPen:
    """The outline of an ∞ bar: vermillion, white in high contrast."""
    return pg.mkPen("#FFFFFF" if contrast else VERMILLION, width=3 if thick else 2)
