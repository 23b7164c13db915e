"""A bar chart of per-outcome values, built once and updated in place.

Up to ``AGGREGATE_ABOVE`` outcomes every outcome gets a bar. Beyond that, outcomes are
binned to about one bar per pixel column, each bin drawn from its extremes (the
largest positive and most negative value), so a single large term never vanishes.
Infinite values get their own hatched bars reaching the top of the plot, marked ∞.

Qt calls ``paint`` and ``boundingRect`` from C++: an exception raised there is not an
ordinary error (two nested ones crash shiboken, and the window dies without a word). So
every such override of the chart's items goes through :func:`_drawn_safely`, which logs
the error and draws nothing, and the value range is never narrower than
``MIN_Y_SPAN`` (a range of a few subnormals made pyqtgraph divide by zero).
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable, Sequence
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPen

from klgui.core.numerics.binning import Bins, bin_extremes

from klgui.ui.shell.look import BLUE, ORANGE, PALETTE_EVENTS, STRIPES, VERMILLION, style_plot
from klgui.ui.numbers import LocaleAxis

#: A bar fill: colour, and whether it is striped (told apart without its colour).
Fill = tuple[str, bool]
SOLID_BLUE, STRIPED_ORANGE = (BLUE, False), (ORANGE, True)
AGGREGATE_ABOVE = 2000
MAX_INFINITY_LABELS = 40
MAX_TICK_LABELS = 30
_INFINITY_MARK_PX = 30  # height of an ∞ mark (16 pt bold) with a little air
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
        "__doc__": f"{cls.__name__}, drawn safely (see bar_plot._drawn_safely).",
        "__module__": __name__,
        "paint": _drawn_safely(_nothing)(cls.paint),
        "boundingRect": _drawn_safely(QRectF)(cls.boundingRect)})


_Bars = safely_drawn(pg.BarGraphItem)
_Text = safely_drawn(pg.TextItem)


class OutcomeAxis(safely_drawn(pg.AxisItem)):
    """Bottom axis that names outcomes instead of numbering them."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.labels: Sequence[str] = ()
        self._ticks: list | None = None  # the fixed ticks given to setTicks, if any
        self._named: dict[int, str] = {}  # outcome -> name, as the axis drew them last

    def set_labels(self, labels: Sequence[str]) -> None:
        """Name the outcomes. The axis is drawn again only if a name it shows changed:
        redrawing it costs about a millisecond, and most edits change no label."""
        self.labels = labels
        if 0 < len(labels) <= MAX_TICK_LABELS:
            ticks = [[(i, self._name(i)) for i in range(len(labels))]]
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

    def _name(self, i: int) -> str:
        return _short(self.labels[i] or str(i + 1))

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

    def set_colour(self, colour: QColor) -> None:
        ink = QColor(colour)
        ink.setAlpha(self._alpha)
        self.pen = QPen(ink)
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


class _Series:
    """The bar items of one series: positive, negative and infinite values."""

    def __init__(self, plot: pg.PlotWidget, positive: Fill, negative: Fill) -> None:
        empty = dict(x0=np.zeros(0), width=np.zeros(0), height=np.zeros(0))
        self.positive = _Bars(**empty, **_fill(*positive))
        self.negative = _Bars(**empty, **_fill(*negative))
        self.infinite = _Bars(
            **empty, brush=QBrush(QColor(VERMILLION), Qt.BrushStyle.BDiagPattern),
            pen=pg.mkPen(VERMILLION, width=2))
        for item in (self.positive, self.negative, self.infinite):
            plot.addItem(item)
        self.bins: Bins | None = None


class BarPlot(pg.PlotWidget):
    """Bars for one or more arrays of per-outcome values, side by side per outcome.

    ``fills`` gives the (positive, negative) bar fills of each series. Colours follow
    the palette (light or dark) as it changes.
    """

    #: Text describing what is under the mouse ("" when nothing is).
    sigHovered = Signal(str)

    def __init__(self, fills: Sequence[tuple[Fill, Fill]] = ((SOLID_BLUE, STRIPED_ORANGE),),
                 parent=None) -> None:
        self.axis = OutcomeAxis()
        super().__init__(parent, axisItems={"bottom": self.axis,
                                                 "left": safely_drawn(LocaleAxis)("left")})
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        self._grid = _GridLines(plot.getAxis("left"))
        plot.addItem(self._grid)
        self.setMouseEnabled(x=False, y=False)
        font = QFont(self.font().family(), max(self.font().pointSize(), 10))
        for name in ("left", "bottom"):
            plot.getAxis(name).setStyle(tickFont=font)
        self.series = [_Series(self, pos, neg) for pos, neg in fills]
        self._zero = _ZeroLine()
        self.addItem(self._zero)
        self._title: tuple[str, str] | None = None
        self._message: pg.TextItem | None = None  # shown in place of values (show_message)
        self.apply_palette()
        self._infinity_labels: list[pg.TextItem] = []
        self._y_extent = (0.0, 1.0, False)  # lowest bar, top of the ∞ bars, any ∞
        plot.vb.sigResized.connect(self._view_resized)
        self.n = 0
        #: describe(outcome) -> hover text for the 0-based outcome; set by the owner.
        self.describe = lambda outcome: ""
        self.scene().sigMouseMoved.connect(self._mouse_moved)

    def set_title(self, html: str, size: str = "12pt") -> None:
        """A title in the palette's text colour (kept when the palette changes)."""
        if (html, size) == self._title:
            return  # laying out rich text again costs more than the rest of an update
        self._title = (html, size)
        self.setTitle(html or None, color=self._ink.name(), size=size)  # None: no title row

    def apply_palette(self) -> None:
        self._ink = style_plot(self)
        self._grid.set_colour(self._ink)
        self._zero.set_colour(self._ink)
        if self._title is not None:
            self.setTitle(self._title[0] or None, color=self._ink.name(), size=self._title[1])
        if self._message is not None:
            self._message.setColor(self._ink)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and hasattr(self, "_zero"):  # built
            self.apply_palette()

    @property
    def bins(self) -> Bins | None:
        return self.series[0].bins

    def show_message(self, text: str, labels: Sequence[str]) -> None:
        """No values to draw: ``text`` in the middle of the plot, the outcomes along the
        bottom, and no bars, grid or value axis that would read as a chart of zeros."""
        self.n = len(labels)
        none = np.zeros(0)
        for series in self.series:
            series.bins = None
            for item in (series.positive, series.negative, series.infinite):
                item.setOpts(x0=none, width=none, height=none)
        self._label_infinities(none, 0.0)
        self.axis.set_labels(labels)
        self.setXRange(-0.5, self.n - 0.5, padding=0.01)
        self._y_extent = (0.0, 1.0, False)
        self._show_scale(False)
        self.set_title("")
        if self._message is None:
            self._message = _Text(anchor=(0.5, 0.5))
            self.addItem(self._message)
        self._message.setHtml(f"<div align='center' style='font-size:11pt'>{escape(text)}</div>")
        self._message.setTextWidth(max(self.getPlotItem().vb.width() * 0.8, 150.0))
        self._message.setColor(self._ink)
        self._message.setPos(0.5 * (self.n - 1), 0.5)
        self._message.show()
        self._apply_y_range()

    def _show_scale(self, shown: bool) -> None:
        self.getPlotItem().showAxis("left", shown)
        self._grid.setVisible(shown)
        self._zero.setVisible(shown)
        if shown and self._message is not None:
            self._message.hide()

    def show_values(self, arrays: Sequence[np.ndarray], labels: Sequence[str]) -> None:
        """Draw one array per series in place, without creating plot items."""
        self._show_scale(True)
        n = arrays[0].size
        self.n = n
        max_bins = max(100, self.width()) if n > AGGREGATE_ABOVE else n
        width = 0.8 / len(arrays)
        all_bins = [bin_extremes(values, max(max_bins, 1)) for values in arrays]
        top = max(float(b.high.max(initial=0.0)) for b in all_bins)
        bottom = min(float(b.low.min(initial=0.0)) for b in all_bins)
        cap = top * 1.15 if top > 0 else (1.0 if bottom == 0 else -bottom * 0.15)
        centres = []
        for k, (series, bins) in enumerate(zip(self.series, all_bins)):
            series.bins = bins
            span = (bins.stop - bins.start).astype(float)
            x0 = bins.start - 0.5 + (0.1 + k * width) * span
            w = width * span
            series.positive.setOpts(x0=x0, width=w, height=bins.high)
            series.negative.setOpts(x0=x0, width=w, height=bins.low)
            hit = bins.infinite
            series.infinite.setOpts(x0=x0[hit], width=w[hit],
                                    height=np.full(int(hit.sum()), cap))
            centres.append(x0[hit] + w[hit] / 2)
        any_infinite = sum(c.size for c in centres) > 0
        self._label_infinities(np.concatenate(centres), cap)
        self.axis.set_labels(labels)
        self.setXRange(-0.5, n - 0.5, padding=0.01)
        self._y_extent = (bottom * 1.15 if bottom < 0 else 0.0, cap, any_infinite)
        self._apply_y_range()

    def _apply_y_range(self) -> None:
        low, cap, any_infinite = self._y_extent
        high = cap
        if any_infinite:  # room above the hatched bars for their ∞ marks, in pixels
            f = min(_INFINITY_MARK_PX / max(self.getPlotItem().vb.height(), 50.0), 0.5)
            high = (cap - f * low) / (1.0 - f)
        self.setYRange(*y_range(low, high), padding=0.02)
        # pyqtgraph applies a new range when it paints, which then asks for a second
        # repaint of the plot; applied now, one repaint draws the new bars.
        self.getPlotItem().vb.prepareForPaint()

    def _view_resized(self) -> None:
        if self._y_extent[2]:  # the ∞ marks need the same pixels at any height
            self._apply_y_range()

    def infinity_label_count(self) -> int:
        return sum(1 for t in self._infinity_labels if t.isVisible())

    def _label_infinities(self, centres: np.ndarray, cap: float) -> None:
        shown = centres[:MAX_INFINITY_LABELS]
        while len(self._infinity_labels) < shown.size:
            text = _Text("∞", color=VERMILLION, anchor=(0.5, 1.0))
            text.setFont(QFont(self.font().family(), 16, QFont.Weight.Bold))
            self.addItem(text)
            self._infinity_labels.append(text)
        for i, label in enumerate(self._infinity_labels):
            label.setVisible(i < shown.size)
            if i < shown.size:
                label.setPos(float(shown[i]), cap)

    def _mouse_moved(self, pos) -> None:
        x = self.getPlotItem().vb.mapSceneToView(pos).x()
        outcome = int(round(x))
        inside = self.getPlotItem().vb.sceneBoundingRect().contains(pos)
        self.sigHovered.emit(self.describe(outcome) if inside and 0 <= outcome < self.n else "")


def _fill(colour: str, striped: bool) -> dict:
    """BarGraphItem options: a striped bar gets an outline, so its edge stays clear."""
    if striped:
        return dict(brush=QBrush(QColor(colour), STRIPES), pen=pg.mkPen(colour, width=1))
    return dict(brush=colour, pen=pg.mkPen(None))


def _short(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"
