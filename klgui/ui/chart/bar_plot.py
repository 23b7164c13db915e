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
from PySide6.QtCore import QLineF, QMetaObject, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPen, QTextDocumentFragment
from PySide6.QtWidgets import QApplication

from klgui.core.numerics.binning import Bins, bin_extremes

from klgui.ui.shell.look import (BLUE, CONTRAST_CYAN, CONTRAST_YELLOW, ORANGE, PALETTE_EVENTS,
                                 STRIPES, VERMILLION, high_contrast, style_plot)
from klgui.ui.numbers import LocaleAxis, count_text

#: A bar fill: colour, and whether it is striped (told apart without its colour).
Fill = tuple[str, bool]
SOLID_BLUE, STRIPED_ORANGE = (BLUE, False), (ORANGE, True)
AGGREGATE_ABOVE = 2000
MAX_INFINITY_LABELS = 40
MAX_TICK_LABELS = 30
_INFINITY_MARK_PX = 30  # height of an ∞ mark (16 pt bold) with a little air
_INFINITY_MARK_GAP_PX = 70  # ∞ marks closer than this merge into one with a count
_VALUE_LABEL_PX = 22  # height of a value written under a negative bar
_VALUE_LABEL_MIN_PX = 44  # bars narrower than this get no value written on them
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
        # Wheel zooms and dragging pans along the outcomes; the values stay fitted.
        self.setMouseEnabled(x=True, y=False)
        self.zoomed = False  # a person zoomed or panned: edits keep their view
        plot.vb.sigRangeChangedManually.connect(self._zoomed_by_hand)
        plot.getAxis("left").enableAutoSIPrefix(False)  # no "(x0.001)": the ticks say it
        self._zoom, self._thick = 1.0, False  # set_look: presentation mode
        self._printing = False  # use_print_colours: black on white, for an image
        self.setMinimumHeight(120)
        self._fills = list(fills)
        self._set_tick_fonts()
        self.series = [_Series(self, pos, neg) for pos, neg in fills]
        self._zero = _ZeroLine()
        self.addItem(self._zero)
        self._title: tuple[str, str] | None = None
        self._short: tuple[str, str | None] = ("", None)  # a title and its short form
        self._shown = ""  # the title shown: the title, or its short form
        self._message: pg.TextItem | None = None  # shown in place of values (show_message)
        self.apply_palette()
        self._infinity_labels: list[pg.TextItem] = []
        self._value_labels: list[pg.TextItem] = []
        #: value_text(v) -> the text written on a bar of value v; None: no values shown.
        self.value_text: Callable[[float], str] | None = None
        self._y_extent = (0.0, 1.0, 0, 0)  # lowest bar, top of ∞ bars, pixels above, below
        #: how many outcomes each ∞ mark stands for, left to right (for tests and hover)
        self.infinity_counts: list[int] = []
        plot.vb.sigResized.connect(self._view_resized)
        self.n = 0
        #: describe(outcome) -> hover text for the 0-based outcome; set by the owner.
        self.describe = lambda outcome: ""
        self.scene().sigMouseMoved.connect(self._mouse_moved)

    def set_value_label(self, text: str) -> None:
        """Title the value axis (its unit included, e.g. "term (nats)")."""
        axis = self.getPlotItem().getAxis("left")
        if axis.labelText != text:
            self.setLabel("left", text, **{"font-size": f"{10 * self._zoom:g}pt"})

    def set_look(self, zoom: float, thick: bool) -> None:
        """Text ``zoom`` times its usual size, and, when ``thick``, lines and outlines
        twice as wide: a chart read from the back of a room (presentation mode)."""
        if (zoom, thick) == (self._zoom, self._thick):
            return
        self._zoom, self._thick = zoom, thick
        self.setMinimumHeight(self.least_height())  # the bars never shrink to a strip
        self._set_tick_fonts()
        axis = self.getPlotItem().getAxis("left")
        if axis.labelText:
            self.setLabel("left", axis.labelText, **{"font-size": f"{10 * zoom:g}pt"})
        if self._title is not None:
            html, _ = self._title
            self._title = None
            self.set_title(html)
        for label in self._infinity_labels:
            label.setFont(self._infinity_font())
        for label in self._value_labels:
            label.setFont(self._value_font())
        self._apply_fills()
        self._apply_palette_lines()
        self._apply_y_range()

    def least_height(self, squeezed: bool = False) -> int:
        """The least height of the plot at its zoom, in pixels: 120 at 100%, growing
        with the zoom (more slowly when ``squeezed``, for a screen too short for more),
        and, unless ``squeezed``, tall enough for the value axis's title."""
        least = round(120 * self._zoom ** (0.5 if squeezed else 0.75))
        return least if squeezed else max(least, self.axis_title_height())

    def axis_title_height(self) -> int:
        """The plot's height at which its value axis is as tall as the axis's title
        ("term (nats)" is 127 px long at 150%), in pixels; 0 without a title.
        pyqtgraph centres the turned title on the axis: on a shorter axis it reaches
        over the plot's title and, shorter still, the widget's edges cut it off (at
        1024×768 and 150%, with a family's sliders under the chart)."""
        item = self.getPlotItem()
        axis = item.getAxis("left")
        if not axis.labelText or not axis.label.isVisible():
            return 0
        laid_out = axis.height() > 0 and self.height() > axis.height()
        # the title above and the outcome axis below, as laid out (else as their fonts say)
        around = self.height() - axis.height() if laid_out else \
            2 * QFontMetrics(self._value_font()).height() + 2 * 12 * self._zoom
        return math.ceil(axis.label.boundingRect().width() + around) + 2

    def _fitted_title_pt(self, html: str) -> float:
        """12 pt times the zoom, or smaller so the title fits the plot's width (a
        pyqtgraph title does not wrap: it would be cut off)."""
        size = 12 * self._zoom
        if not html or self.width() < 50:
            return size
        font = QFont(self.font())
        font.setPointSizeF(size)
        font.setBold(True)  # the value is bold: measure as if all were
        text = QTextDocumentFragment.fromHtml(html).toPlainText()
        width = QFontMetrics(font).horizontalAdvance(text)
        # the title is centred over the bars' view: room for the plot's width less the
        # value axis and the margins of the text item that draws it (not the view's
        # width: a title too wide for the plot widens the view beyond the plot)
        axis = self.getPlotItem().getAxis("left")
        room = self.width() - axis.width() - 24
        return size if width <= room else max(round(size * room / width, 1), 8.0)

    def resizeEvent(self, event) -> None:
        # the title first: pyqtgraph then fits the plot to the new size, which a title
        # laid out for the old width would hold wider than the widget
        self._refit_title()
        super().resizeEvent(event)

    def _set_tick_fonts(self) -> None:
        font = self._value_font()
        metrics = QFontMetrics(font)
        for name in ("left", "bottom"):
            axis = self.getPlotItem().getAxis(name)
            # the room pyqtgraph keeps for tick text before its first paint measures it
            axis.setStyle(tickFont=font, tickTextHeight=metrics.height(),
                          tickTextWidth=metrics.horizontalAdvance("−0.000"))
            axis.picture = None  # pyqtgraph's cached drawing of the axis
        # the outcome names' row as tall as the font's lines: pyqtgraph measures the
        # drawn names without their descenders ("dog" lost its g at 200%)
        self.getPlotItem().getAxis("bottom").setStyle(autoExpandTextSpace=False)

    def _value_font(self) -> QFont:
        # the zoom is applied here, to the unzoomed size of the font of its class (the
        # window's font, which this plot inherits, is zoomed already: 4× at 200%)
        base = QApplication.font(self)
        return QFont(self.font().family(), round(max(base.pointSize(), 10) * self._zoom))

    def _infinity_font(self) -> QFont:
        # with the square root of the zoom: at 200% a mark as tall as the text's zoom
        # would need more room above the bars than a short plot has, and cover the title
        return QFont(self.font().family(), round(16 * self._zoom ** 0.5), QFont.Weight.Bold)

    def _apply_fills(self) -> None:
        """The bars' fills and outlines: twice as wide when thick; in high contrast
        (never in an exported image) positive bars outlined yellow, negative cyan."""
        thick, contrast = self._thick, high_contrast() and not self._printing
        width = 2 if thick else 1
        for series, (positive, negative) in zip(self.series, self._fills):
            series.positive.setOpts(**_fill(*positive, width=width,
                                            outline=CONTRAST_YELLOW if contrast else None))
            series.negative.setOpts(**_fill(*negative, width=width,
                                            outline=CONTRAST_CYAN if contrast else None))
            if series.infinite.opts["pen"].style() != Qt.PenStyle.NoPen:  # not binned thin
                series.infinite.setOpts(pen=_infinite_pen(thick, contrast))

    def _apply_palette_lines(self) -> None:
        width = 2 if self._thick else 1
        self._grid.set_colour(self._ink, width)
        self._zero.set_colour(self._ink, width)
        for name in ("left", "bottom"):
            axis = self.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(self._ink, width=width))

    def _zoomed_by_hand(self, *args) -> None:
        self.zoomed = True

    def reset_view(self) -> None:
        """Show every outcome again after a zoom or pan."""
        self.zoomed = False
        # a little more room at the ends when outcomes are named one by one: a long
        # name at either end would otherwise be dropped by the axis
        pad = 0.04 if self.n <= MAX_TICK_LABELS else 0.01
        self.setXRange(-0.5, max(self.n, 1) - 0.5, padding=pad)

    def set_title(self, html: str, size: str | None = None, short: str | None = None) -> None:
        """A title in the palette's text colour (kept when the palette changes), at
        12 pt times the zoom unless ``size`` says otherwise; ``short``, if given, takes
        its place where the title would not fit even at 8 pt (a narrow plot)."""
        if short is not None or self._short[0] != html:
            self._short = (html, short)
        shown, size = self._title_choice(html, size)
        if (html, size) == self._title and shown == self._shown:
            return  # laying out rich text again costs more than the rest of an update
        self._title, self._shown = (html, size), shown
        self.setTitle(shown or None, color=self._ink.name(), size=size)  # None: no title row

    def _title_choice(self, html: str, size: str | None = None) -> tuple[str, str]:
        """The title to show (``html`` or its short form) and its size."""
        shown, short = html, self._short[1] if self._short[0] == html else None
        if short and size is None and self._fitted_title_pt(html) <= 8.0 \
                and self._fitted_title_pt(short) > 8.0:
            shown = short
        return shown, size or f"{self._fitted_title_pt(shown):g}pt"

    def apply_palette(self) -> None:
        self._ink = style_plot(self)
        self._recolour()

    def use_print_colours(self, on: bool) -> None:
        """Black on white (for an exported image) while ``on``; the palette's after."""
        self._printing = on
        if not on:
            self.apply_palette()
            return
        self._ink = QColor("black")
        self.setBackground("w")
        for name in ("left", "bottom"):
            axis = self.getPlotItem().getAxis(name)
            axis.setTextPen(self._ink)
            axis.setPen(self._ink)
        self._recolour()

    def _recolour(self) -> None:
        self._apply_fills()
        self._apply_palette_lines()
        if self._title is not None:
            self.setTitle(self._shown or None, color=self._ink.name(), size=self._title[1])
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
        self._label_infinities(none, none, 0.0)
        self._label_values(none, none)
        self.axis.set_labels(labels)
        self._fit_x()
        self._y_extent = (0.0, 1.0, 0, 0)
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
        # an ∞ bar stands taller than every finite bar, above or below zero
        tallest = max(top, -bottom)
        cap = tallest * 1.25 if tallest > 0 else 1.0
        centres, counts, label_x, label_v = [], [], [], []
        pixels = max(self.getPlotItem().vb.width(), 100.0) / max(n, 1)  # per outcome
        for k, (series, bins, values) in enumerate(zip(self.series, all_bins, arrays)):
            series.bins = bins
            span = (bins.stop - bins.start).astype(float)
            x0 = bins.start - 0.5 + (0.1 + k * width) * span
            w = width * span
            series.positive.setOpts(x0=x0, width=w, height=bins.high)
            series.negative.setOpts(x0=x0, width=w, height=bins.low)
            hit = bins.infinite
            thin = bool(hit.any()) and float(w[hit].min()) * pixels < 6
            series.infinite.setOpts(x0=x0[hit], width=w[hit],
                                    height=np.full(int(hit.sum()), cap),
                                    pen=pg.mkPen(None) if thin else _infinite_pen(
                                        self._thick, high_contrast() and not self._printing))
            centres.append(x0[hit] + w[hit] / 2)
            counts.append(_infinite_counts(values, bins, hit))
            if (self.value_text is not None and bins.count == n <= MAX_TICK_LABELS
                    and pixels * 0.8 / len(arrays) >= _VALUE_LABEL_MIN_PX):
                finite = ~bins.infinite
                label_x.append(x0[finite] + w[finite] / 2)
                label_v.append(np.asarray(values, dtype=float)[finite])
        any_infinite = sum(c.size for c in centres) > 0
        order = np.argsort(np.concatenate(centres), kind="stable")
        self._label_infinities(np.concatenate(centres)[order],
                               np.concatenate(counts)[order], cap, pixels)
        xs = np.concatenate(label_x) if label_x else np.zeros(0)
        vs = np.concatenate(label_v) if label_v else np.zeros(0)
        self._label_values(xs, vs)
        self.axis.set_labels(labels)
        if not self.zoomed:
            self._fit_x()
        above = _INFINITY_MARK_PX * self._zoom ** 0.5 if any_infinite else 0
        above = max(above, _VALUE_LABEL_PX * self._zoom if vs.size else 0)
        below = _VALUE_LABEL_PX * self._zoom if (vs < 0).any() else 0
        self._y_extent = (bottom * 1.15 if bottom < 0 else 0.0, cap, above, below)
        self._apply_y_range()

    def flush(self) -> None:
        """Hand the scene's changed items to the view now, so that the window's repaint
        already asked for (by the edit) draws the new bars in the same pass.

        Qt gathers a scene's changes in a call it posts behind the repaint, which then
        asks for a second repaint of the window; a visible plot calls it itself after an
        update (the posted call then finds nothing left to do)."""
        scene = self.scene()
        if scene is None or not self.isVisible():
            return
        if scene.metaObject().indexOfMethod("_q_processDirtyItems()") >= 0:
            QMetaObject.invokeMethod(scene, "_q_processDirtyItems",
                                     Qt.ConnectionType.DirectConnection)

    def _fit_x(self) -> None:
        vb = self.getPlotItem().vb
        vb.setLimits(xMin=-0.5 - 0.05 * max(self.n, 1), xMax=self.n - 0.5 + 0.05 * max(self.n, 1))
        # a little more room at the ends when outcomes are named one by one: a long
        # name at either end would otherwise be dropped by the axis
        pad = 0.04 if self.n <= MAX_TICK_LABELS else 0.01
        self.setXRange(-0.5, max(self.n, 1) - 0.5, padding=pad)

    def _apply_y_range(self) -> None:
        low, cap, above, below = self._y_extent
        height = max(self.getPlotItem().vb.height(), 1.0)
        # room, in pixels, above the bars for the ∞ marks and values, below for values
        f_top, f_bottom = min(above / height, 0.4), min(below / height, 0.3)
        span = (cap - low) / max(1.0 - f_top - f_bottom, 0.3)
        high, low = cap + f_top * span, low - f_bottom * span
        self.setYRange(*y_range(low, high), padding=0.02)
        # pyqtgraph applies a new range when it paints, which then asks for a second
        # repaint of the plot; applied now, one repaint draws the new bars.
        self.getPlotItem().vb.prepareForPaint()

    def _view_resized(self) -> None:
        if self._y_extent[2] or self._y_extent[3]:  # marks need the same pixels at any height
            self._apply_y_range()
        self._refit_title()  # the value axis grew or shrank (zoomed ticks): less room

    def _refit_title(self) -> None:
        if getattr(self, "_title", None) is not None and self._title[0]:
            html, size = self._title
            if self._title_choice(html) != (self._shown, size):
                self._title = None
                self.set_title(html)

    def infinity_label_count(self) -> int:
        return sum(1 for t in self._infinity_labels if t.isVisible())

    def _label_infinities(self, centres: np.ndarray, counts: np.ndarray, cap: float,
                          pixels: float = 1.0) -> None:
        """One ∞ mark per group of infinite bars closer than a mark's width, saying how
        many infinite terms it stands for ("∞ ×1,234"); at most ``MAX_INFINITY_LABELS``."""
        groups: list[list[float]] = []  # [first centre, sum of centres, bars, outcomes]
        widest = f"∞ ×{count_text(int(counts.sum()))}" if counts.size else "∞"
        gap_px = max(_INFINITY_MARK_GAP_PX,
                     QFontMetrics(self._infinity_font()).horizontalAdvance(widest) + 16)
        gap = max(gap_px / max(pixels, 1e-9), self.n / MAX_INFINITY_LABELS)
        for x, k in zip(centres.tolist(), counts.tolist()):
            if groups and x - groups[-1][0] < gap:
                g = groups[-1]
                g[1] += x
                g[2] += 1
                g[3] += k
            else:
                groups.append([x, x, 1, k])
        self.infinity_counts = [int(g[3]) for g in groups]
        while len(self._infinity_labels) < len(groups):
            text = _Text("∞", color=VERMILLION, anchor=(0.5, 1.0))
            text.setFont(self._infinity_font())
            self.addItem(text)
            self._infinity_labels.append(text)
        for i, label in enumerate(self._infinity_labels):
            label.setVisible(i < len(groups))
            if i < len(groups):
                first, total, bars, outcomes = groups[i]
                label.setText("∞" if outcomes == 1 else f"∞ ×{count_text(int(outcomes))}")
                label.setPos(total / bars, cap)

    def _label_values(self, xs: np.ndarray, values: np.ndarray) -> None:
        """Each finite bar's value written at its end (above, or below if negative)."""
        while len(self._value_labels) < xs.size:
            text = _Text("", color=self._ink)
            text.setFont(self._value_font())
            self.addItem(text)
            self._value_labels.append(text)
        for i, label in enumerate(self._value_labels):
            label.setVisible(i < xs.size)
            if i < xs.size:
                v = float(values[i])
                label.setColor(self._ink)
                label.setText(self.value_text(v) if self.value_text else "")
                label.setAnchor((0.5, 0.0) if v < 0 else (0.5, 1.0))
                label.setPos(float(xs[i]), v)

    def _mouse_moved(self, pos) -> None:
        x = self.getPlotItem().vb.mapSceneToView(pos).x()
        outcome = int(round(x))
        inside = self.getPlotItem().vb.sceneBoundingRect().contains(pos)
        self.sigHovered.emit(self.describe(outcome) if inside and 0 <= outcome < self.n else "")


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


def _short(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"
