"""Colour scales for the pages of several models, readable without colour.

Sequential: viridis reversed (light for 0, dark for the largest finite value), which
stays ordered in every common colour-vision deficiency and in grey. Diverging: CET-CBD1
(Kovesi's colour-blind-safe blue–grey–yellow). Infinity is never a colour alone: its
cells are hatched and say ∞.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPen

__all__ = ["sequential", "diverging", "text_on", "paint_hatched", "gradient",
           "INFINITE_FILL", "UNDEFINED_FILL"]

_VIRIDIS = pg.colormap.get("viridis")
_CBD1 = pg.colormap.get("CET-CBD1")
#: The fill of an infinite cell (under its hatching): darker than viridis's darkest.
INFINITE_FILL = QColor("#1a1a1a")
#: The fill of a cell whose asymmetry is undefined (∞ both ways).
UNDEFINED_FILL = QColor("#8c8c8c")


def _clip(t: float) -> float:
    return min(max(t, 0.0), 1.0)


def sequential(t: float) -> QColor:
    """The colour of ``t`` in [0, 1] (0 light yellow, 1 dark purple)."""
    return _VIRIDIS.map(1.0 - _clip(t), mode="qcolor")


def diverging(t: float) -> QColor:
    """The colour of ``t`` in [−1, 1] (−1 blue, 0 grey, 1 yellow)."""
    return _CBD1.map(_clip((t + 1.0) / 2.0), mode="qcolor")


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour`` (relative luminance)."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
           + 0.0722 * linear(colour.blueF()))
    return QColor("black") if lum > 0.179 else QColor("white")


def paint_hatched(painter: QPainter, rect: QRectF, fill: QColor, lines: QColor) -> None:
    """Fill ``rect`` and hatch it with diagonal lines (infinity, never colour alone)."""
    painter.save()
    painter.fillRect(rect, fill)
    painter.setClipRect(rect)
    painter.setPen(QPen(lines, 1.5))
    step = 8.0
    x = rect.left() - rect.height()
    while x < rect.right():
        painter.drawLine(x, rect.bottom(), x + rect.height(), rect.top())
        x += step
    painter.restore()


def gradient(rect: QRectF, diverging_scale: bool) -> QBrush:
    """A left-to-right brush over ``rect`` of the sequential or diverging scale."""
    g = QLinearGradient(rect.topLeft(), rect.topRight())
    for k in range(11):
        t = k / 10
        g.setColorAt(t, diverging(2 * t - 1) if diverging_scale else sequential(t))
    return QBrush(g)


def pattern_brush(colour: QColor) -> QBrush:
    """A hatching brush, for a legend swatch."""
    return QBrush(colour, Qt.BrushStyle.BDiagPattern)
