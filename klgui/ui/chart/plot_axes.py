"""The chart's axis of outcomes and its lines across the view: the bottom axis that
names outcomes (or numbers them when there are too many to name), the light grid lines
at the value axis's ticks, and the line at 0. Used by :mod:`klgui.ui.chart.bar_plot`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPen

from klgui.ui.elide import short_text
from klgui.ui.chart.safe_drawing import _drawn_safely, _nothing, safely_drawn
from klgui.ui.numbers import LocaleAxis

__all__ = ["MAX_TICK_LABELS", "OutcomeAxis", "ValueAxis"]


MAX_TICK_LABELS = 30


class OutcomeAxis(safely_drawn(pg.AxisItem)):
    """Bottom axis that names outcomes instead of numbering them: every outcome when
    the names fit side by side, else every second (third, ...) one, always with the
    first and the last, so that no two names overlap and the axis never reads as
    other outcomes than the table's ("1 … 10" for 0 … ≥ 11 dropped both ends)."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.labels: Sequence[str] = ()
        self._ticks: list | None = None  # the fixed ticks given to setTicks, if any
        self._named: dict[int, str] = {}  # outcome -> name, as the axis drew them last
        # the first and last names may reach under the value axis and into the margin
        # (pyqtgraph drops a name that reaches past the axis's ends)
        self.setStyle(hideOverlappingLabels=60)

    def set_labels(self, labels: Sequence[str]) -> None:
        """Name the outcomes. The axis is drawn again only if a name it shows changed:
        redrawing it costs about a millisecond, and most edits change no label."""
        self.labels = labels
        n = len(labels)
        if 0 < n <= MAX_TICK_LABELS:
            ticks = [[(i, self._name(i)) for i in self.named_outcomes()]]
            if ticks != self._ticks:
                self._ticks = ticks
                self.setTicks(ticks)
            return
        if self._ticks is not None:
            self._ticks = None
            self.setTicks(None)
        elif any(i >= len(labels) or self._name(i) != name for i, name in self._named.items()):
            self.picture = None  # pyqtgraph's cached drawing of the axis
            self.update()

    def named_outcomes(self) -> list[int]:
        """The outcomes named along the axis at its width: every ``stride``-th from the
        first, and the last, dropping the one before it when the two would touch."""
        n = len(self.labels)
        if n == 0:
            return []
        metrics = QFontMetricsF(self.style["tickFont"] or self.font())
        widest = max(metrics.horizontalAdvance(self._name(i)) for i in range(n))
        slot = max(self.geometry().width(), 100.0) / n  # pixels per outcome
        stride = max(1, math.ceil((widest + 12) / slot))
        named = list(range(0, n, stride))
        if named[-1] != n - 1:
            if len(named) > 1 and n - 1 - named[-1] < stride:
                named.pop()
            named.append(n - 1)
        return named

    def resizeEvent(self, ev=None) -> None:
        super().resizeEvent(ev)
        if 0 < len(getattr(self, "labels", ())) <= MAX_TICK_LABELS:  # built, and naming
            self.set_labels(self.labels)

    def _name(self, i: int) -> str:
        return short_text(self.labels[i] or str(i + 1), 12)

    def generateDrawSpecs(self, p):
        self._named = {}
        return super().generateDrawSpecs(p)

    def tickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            i = int(round(v))
            ok = abs(v - i) < 1e-6 and 0 <= i < len(self.labels)
            if ok:
                self._named[i] = self._name(i)
            out.append(self._named[i] if ok else "")
        return out


class ValueAxis(safely_drawn(LocaleAxis)):
    """The value axis of a bar plot: as wide as the widest of the axes it is lined up
    with (:meth:`line_up`), so that plots stacked one above the other start their
    views at the same pixel and draw each outcome at the same x.

    pyqtgraph sizes a value axis to its tick texts ("−0.05" is wider than "0.10"); two
    plots with linked outcome axes but value axes of different widths were lined up by
    pyqtgraph pixel by pixel, which scrolled the first outcomes out of one plot."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation)

    @property
    def natural_width(self) -> float:
        """The width pyqtgraph gives this axis on its own, in pixels."""
        return getattr(self, "_natural", 0.0)

    def line_up(self, others: Sequence[ValueAxis]) -> None:
        """Be as wide as the widest of ``others`` and this axis (none: its own width)."""
        self._lined_up = list(others)
        self._updateWidth()

    def _updateWidth(self) -> None:  # pyqtgraph's: called whenever the tick texts grow
        super()._updateWidth()
        before, self._natural = self.natural_width, self.maximumWidth()
        others = getattr(self, "_lined_up", ())
        widest = max([self._natural, *(axis.natural_width for axis in others)])
        if widest != self._natural:
            self.setMaximumWidth(widest)
            self.setMinimumWidth(widest)
        if self._natural != before:
            for axis in others:  # theirs follows (their own widths are unchanged)
                axis._updateWidth()


class _ViewLines(pg.GraphicsObject):
    """Horizontal lines across the whole view, in a cosmetic pen of one colour.

    Its bounds change when the view range does (``viewRangeChanged``, before a paint),
    never during a paint: pyqtgraph's InfiniteLine moves its bounds while painting,
    which asks for a second repaint of the plot after every edit."""

    def __init__(self, z: float, alpha: int) -> None:
        super().__init__()
        self.setZValue(z)
        self._alpha = alpha
        self.set_colour(QColor(0, 0, 0))

    def set_colour(self, colour: QColor, width: float | None = None) -> None:
        ink = QColor(colour)
        ink.setAlpha(self._alpha)
        width = self.pen.widthF() if width is None and hasattr(self, "pen") else width or 1
        self.pen = QPen(ink, width)
        self.pen.setCosmetic(True)
        self.update()

    @_drawn_safely(QRectF)
    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return QRectF() if vb is None else vb.viewRect()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def levels(self, rect: QRectF) -> Sequence[float]:
        raise NotImplementedError

    @_drawn_safely(_nothing)
    def paint(self, painter, *args) -> None:
        rect = self.boundingRect()
        if rect.isEmpty():
            return
        painter.setPen(self.pen)
        for y in self.levels(rect):
            painter.drawLine(QLineF(rect.left(), y, rect.right(), y))


class _GridLines(_ViewLines):
    """Light lines at the left axis's labelled ticks, behind the bars. pyqtgraph's own
    grid (``showGrid``) costs about 7 ms a repaint here, most of an edit's budget."""

    def __init__(self, axis: pg.AxisItem) -> None:
        self.axis = axis
        super().__init__(z=-100, alpha=40)

    def levels(self, rect: QRectF) -> Sequence[float]:
        height = max(self.axis.geometry().height(), 1.0)
        ticks = self.axis.tickValues(rect.top(), rect.bottom(), height)
        return ticks[0][1] if ticks else ()  # the major, labelled ticks


class _ZeroLine(_ViewLines):
    """The line at 0, above the bars: positive terms stand on it, negative hang below."""

    def __init__(self) -> None:
        super().__init__(z=100, alpha=255)

    def levels(self, rect: QRectF) -> Sequence[float]:
        return (0.0,)
