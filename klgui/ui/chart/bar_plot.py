"""A bar chart of per-outcome values, built once and updated in place.

Up to ``AGGREGATE_ABOVE`` outcomes every outcome gets a bar. Beyond that, outcomes are
binned to about one bar per pixel column, each bin drawn from its extremes (the
largest positive and most negative value), so a single large term never vanishes.
Infinite values get their own hatched bars reaching the top of the plot, marked ∞.

Qt calls ``paint`` and ``boundingRect`` from C++: an exception raised there is not an
ordinary error (two nested ones crash shiboken, and the window dies without a word). So
every such override of the chart's items goes through
:func:`klgui.ui.chart.safe_drawing._drawn_safely`, which logs the error and draws
nothing, and the value range is never narrower than ``MIN_Y_SPAN`` (a range of a few
subnormals made pyqtgraph divide by zero).

Its parts: the outcome axis and the lines across the view (:mod:`.plot_axes`), the bars
of a series and their fills (:mod:`.bar_series`), the ∞ marks and values written on the
bars (:mod:`.bar_labels`), the fitted title (:mod:`.plot_title`) and safe drawing
(:mod:`.safe_drawing`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QMetaObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from klgui.core.numerics.binning import Bins, bin_extremes

from klgui.ui.chart.bar_labels import BarLabels, _Text
from klgui.ui.chart.bar_series import (SOLID_BLUE, STRIPED_ORANGE, Fill, _fill, _infinite_counts,
                                       _infinite_pen, _Series)
from klgui.ui.chart.plot_axes import (MAX_TICK_LABELS, OutcomeAxis, ValueAxis, _GridLines,
                                      _ZeroLine)
from klgui.ui.chart.plot_title import FittedTitle
from klgui.ui.chart.safe_drawing import MIN_Y_SPAN, safely_drawn, y_range
from klgui.ui.shell.look import (CONTRAST_CYAN, CONTRAST_YELLOW, PALETTE_EVENTS, high_contrast,
                                 style_plot)

__all__ = ["BarPlot", "AGGREGATE_ABOVE", "Fill", "SOLID_BLUE", "STRIPED_ORANGE", "MAX_TICK_LABELS",
           "MIN_Y_SPAN", "OutcomeAxis", "safely_drawn", "y_range"]

AGGREGATE_ABOVE = 2000
_INFINITY_MARK_PX = 30  # height of an ∞ mark (16 pt bold) with a little air
_VALUE_LABEL_PX = 22  # height of a value written under a negative bar
_VALUE_LABEL_MIN_PX = 44  # bars narrower than this get no value written on them


class BarPlot(BarLabels, FittedTitle, pg.PlotWidget):
    """Bars for one or more arrays of per-outcome values, side by side per outcome.

    ``fills`` gives the (positive, negative) bar fills of each series. Colours follow
    the palette (light or dark) as it changes.
    """

    #: Text describing what is under the mouse ("" when nothing is).
    sigHovered = Signal(str)

    def __init__(self, fills: Sequence[tuple[Fill, Fill]] = ((SOLID_BLUE, STRIPED_ORANGE),),
                 parent=None) -> None:
        self.axis = OutcomeAxis()
        self.value_axis = ValueAxis("left")
        super().__init__(parent, axisItems={"bottom": self.axis, "left": self.value_axis})
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        self._grid = _GridLines(plot.getAxis("left"))
        plot.addItem(self._grid)
        # Wheel zooms and dragging pans along the outcomes; the values stay fitted.
        self.setMouseEnabled(x=True, y=False)
        self.zoomed = False  # a person zoomed or panned: edits keep their view
        self._partner: BarPlot | None = None  # shows the same outcomes (line_up)
        self._following = False  # taking the partner's range of outcomes
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

    def least_height(self, squeezed: bool = False, base: int = 120) -> int:
        """The least height of the plot at its zoom, in pixels: ``base`` (120) at 100%,
        growing with the zoom (more slowly when ``squeezed``, for a screen too short for
        more), and, unless ``squeezed``, tall enough for the value axis's title."""
        least = round(base * self._zoom ** (0.5 if squeezed else 0.75))
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
        if self._partner is not None:  # it shows the same outcomes: its view is kept too
            self._partner.zoomed = True

    def line_up(self, other: BarPlot | None) -> None:
        """Show the same outcomes as ``other``, value for value (a zoom or pan of either
        moves both), with value axes of the same width, so that each outcome stands at
        the same x in both plots when one is above the other. ``None``: on its own.

        Not pyqtgraph's ``setXLink``: that lines linked views up by their pixels on the
        screen, and value axes of different widths ("−0.05", "0.10") shifted one plot's
        outcomes by the difference, compounding at each fit, until the first outcomes
        were out of view."""
        if other is self._partner:
            return
        for plot in (self, self._partner, other):
            if plot is not None and plot._partner is not None:
                plot._link(plot._partner, False)
        if other is not None:
            self._link(other, True)
            other._follow_outcomes(None, self.getPlotItem().vb.viewRange()[0])
            other.zoomed = self.zoomed = self.zoomed or other.zoomed

    def _link(self, other: BarPlot, on: bool) -> None:
        for a, b in ((self, other), (other, self)):
            signal = a.getPlotItem().vb.sigXRangeChanged
            if on:
                signal.connect(b._follow_outcomes)
            else:
                signal.disconnect(b._follow_outcomes)
            a._partner = b if on else None
        self.value_axis.line_up([other.value_axis] if on else [])
        other.value_axis.line_up([self.value_axis] if on else [])

    def _follow_outcomes(self, _view, outcomes) -> None:
        if self._following:
            return
        self._following = True
        try:
            self.getPlotItem().vb.setXRange(*outcomes, padding=0)
        finally:
            self._following = False

    def reset_view(self) -> None:
        """Show every outcome again after a zoom or pan."""
        self.zoomed = False
        if self._partner is not None:
            self._partner.zoomed = False
        # a little more room at the ends when outcomes are named one by one: a long
        # name at either end would otherwise be dropped by the axis
        pad = 0.04 if self.n <= MAX_TICK_LABELS else 0.01
        self.setXRange(-0.5, max(self.n, 1) - 0.5, padding=pad)

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
        size = 11 * self._zoom  # read from the back of a room, as the ticks are
        self._message.setHtml(f"<div align='center' style='font-size:{size:g}pt'>"
                              f"{escape(text)}</div>")
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

    def _mouse_moved(self, pos) -> None:
        x = self.getPlotItem().vb.mapSceneToView(pos).x()
        outcome = int(round(x))
        inside = self.getPlotItem().vb.sceneBoundingRect().contains(pos)
        self.sigHovered.emit(self.describe(outcome) if inside and 0 <= outcome < self.n else "")

