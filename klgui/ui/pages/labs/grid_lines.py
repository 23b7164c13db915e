"""A plot's grid drawn as one item in its view: the same lines as pyqtgraph's
``showGrid`` (at the axes' ticks, fainter for finer levels), at a fraction of the cost.

Measured offscreen at 800x500 px (Nov 2026): a repaint of a plot with ``showGrid``
costs 7-30 ms, almost all of it the axes replaying their grid lines; without the grid
0.6 ms, with this item about 1 ms. The sampling lab repaints two plots per update, so
the grid alone blocked the window for tens of milliseconds each time.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPen, QTransform

#: Opacity of the coarsest level (pyqtgraph's ``showGrid(alpha=0.25)``); finer levels
#: are fainter, 1/(level + 1) of it, as pyqtgraph draws them.
ALPHA = 0.25


class GridLines(pg.GraphicsObject):
    """Grid lines at the ticks of ``plot``'s left and bottom axes (log axes included),
    in the colour of ``ink``. Add it with :func:`add_grid`.

    Given the plot's ``paper`` (its solid background), each line is drawn opaque in
    ink and paper already mixed: the same colour as ink at its opacity over that paper,
    and the raster engine draws an opaque line several times faster than a
    translucent one (at 1366x768, the fit lab's grid took 6 ms a paint, translucent)."""

    def __init__(self, plot_item: pg.PlotItem, ink: QColor,
                 paper: QColor | None = None) -> None:
        super().__init__()
        self._plot = plot_item
        self.ink = QColor(ink)
        self.paper = None if paper is None else QColor(paper)
        self.setZValue(-100)  # under the data
        self._key = None  # the view range and size the lines below were made for
        self._lines: dict[int, list[QLineF]] = {}

    def set_ink(self, ink: QColor, paper: QColor | None = None) -> None:
        self.ink = QColor(ink)
        self.paper = None if paper is None else QColor(paper)
        self.update()

    def _colour(self, alpha: int) -> QColor:
        """The ink at opacity ``alpha`` (0-255), mixed with the paper when it is known."""
        colour = QColor(self.ink)
        if self.paper is None:
            colour.setAlpha(alpha)
            return colour
        a = alpha / 255.0
        ink, paper = self.ink, self.paper
        return QColor(*(round(a * i + (1.0 - a) * p) for i, p in
                        ((ink.red(), paper.red()), (ink.green(), paper.green()),
                         (ink.blue(), paper.blue()))))

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        return QRectF() if view is None else view.viewRect()

    def _levels(self, name: str, low: float, high: float, pixels: float):
        axis = self._plot.getAxis(name)
        if pixels <= 0 or not high > low:
            return []
        fixed = _fixed_ticks(axis)
        if fixed is not None:
            return [(None, [v for v, _ in level]) for level in fixed]
        return axis.tickValues(low, high, pixels)

    def paint(self, painter, *args) -> None:
        view = self.getViewBox()
        if view is None:
            return
        rect, size = view.viewRect(), view.boundingRect()
        to_device = painter.transform()
        key = (rect.getRect(), size.width(), size.height(),
               *(_fixed_ticks(self._plot.getAxis(a)) for a in ("bottom", "left")),
               to_device.m11(), to_device.m22(), to_device.dx(), to_device.dy())
        if key != self._key:  # the ticks cost more than the lines: made once per range
            self._lines, self._key = self._make_lines(rect, size, to_device), key
        # In device pixels, without the view's transform: lines drawn through a transform
        # of a few thousand pixels per unit took ~2 ms each call, untransformed ~0.05 ms.
        painter.save()
        painter.resetTransform()
        for alpha, group in self._lines.items():
            pen = QPen(self._colour(alpha))
            pen.setCosmetic(True)
            pen.setWidth(1)
            painter.setPen(pen)
            painter.drawLines(group)
        painter.restore()

    def _make_lines(self, rect: QRectF, size: QRectF,
                    to_device: QTransform) -> dict[int, list[QLineF]]:
        """The lines in device pixels (on pixel centres), by opacity."""
        lines: dict[int, list[QLineF]] = {}
        for name, low, high, pixels in (
                ("bottom", rect.left(), rect.right(), size.width()),
                ("left", rect.top(), rect.bottom(), size.height())):
            levels = self._levels(name, low, high, pixels)
            for level, (_, values) in enumerate(levels):
                crowd = min(1.0, 0.05 * pixels / (len(values) + 1))  # as pyqtgraph fades
                alpha = int(round(255 * ALPHA / (level + 1) * crowd))
                for v in values:
                    if name == "bottom":
                        line = QLineF(v, rect.top(), v, rect.bottom())
                    else:
                        line = QLineF(rect.left(), v, rect.right(), v)
                    lines.setdefault(alpha, []).append(_on_pixels(to_device.map(line)))
        return lines


def _on_pixels(line: QLineF) -> QLineF:
    """``line`` moved to the centres of the pixels it crosses: sharp, one pixel wide."""
    return QLineF(math.floor(line.x1()) + 0.5, math.floor(line.y1()) + 0.5,
                  math.floor(line.x2()) + 0.5, math.floor(line.y2()) + 0.5)


def _fixed_ticks(axis: pg.AxisItem) -> tuple | None:
    """The ticks given with ``setTicks`` (levels of (value, text)), or None."""
    levels = getattr(axis, "_tickLevels", None)
    return None if levels is None else tuple(tuple(level) for level in levels)


def add_grid(plot: pg.PlotWidget, ink: QColor, paper: QColor | None = None) -> GridLines:
    """Put a :class:`GridLines` into ``plot``'s view (not counted in its auto-range)
    and repaint it when the range changes; ``paper``: the plot's solid background, for
    opaque lines of the same colours (faster)."""
    item = plot.getPlotItem()
    grid = GridLines(item, ink, paper)
    item.getViewBox().addItem(grid, ignoreBounds=True)
    item.getViewBox().sigRangeChanged.connect(grid.prepareGeometryChange)
    return grid
