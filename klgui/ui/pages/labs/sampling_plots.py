"""The sampling lab's two plots: the running means of k1, k2, k3 with their ±2 SE bands
against the exact means (draws on a log scale), and the histogram of the draws against
P. Each is built once and updated in place (pyqtgraph's habit); the page hands them the
sampler to show and restyles them when the palette or the font changes."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from klgui.core.labs.sampling import ESTIMATORS, EstimatorStats, Sampler
from klgui.core.labs.sampling_view import curve_picks, histogram_bars
from klgui.core.teaching import labs_text as text
from klgui.core.units import nats_per_unit
from klgui.ui.numbers import LocaleAxis
from klgui.ui.pages.labs.grid_lines import add_grid
from klgui.ui.pages.labs.legend_size import follow_font
from klgui.ui.shell.look import BLUE, GREEN, ORANGE, style_plot

__all__ = ["COLOURS", "PEN_STYLES", "CURVE_POINTS", "MAX_BARS", "RunningMeansPlot",
           "DrawsHistogram"]

COLOURS = {"k1": BLUE, "k2": GREEN, "k3": ORANGE}
PEN_STYLES = {"k1": Qt.PenStyle.SolidLine, "k2": Qt.PenStyle.DotLine,
              "k3": Qt.PenStyle.DashLine}
#: Points of a running-mean curve on screen (log-spaced draws).
CURVE_POINTS = 600
#: Bars of the histogram at most; beyond, consecutive outcomes share a bar.
MAX_BARS = 60


class _LabPlot(pg.PlotWidget):
    """A plot of the lab: fixed view (no mouse, no menu), a grid as one item, axes
    named ``bottom`` and ``left`` in the palette of ``source`` (the page)."""

    def __init__(self, source: QWidget, bottom: str, left: str) -> None:
        super().__init__(axisItems={side: LocaleAxis(side) for side in ("left", "bottom")})
        self.setMinimumSize(240, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.setMouseEnabled(x=False, y=False)
        self.getPlotItem().hideButtons()
        self.getPlotItem().setMenuEnabled(False)
        # The grid as one item (showGrid's axes made each repaint 7-30 ms; grid_lines.py)
        self.grid_lines = add_grid(self, style_plot(self, source))
        self.setLabel("bottom", bottom)
        self.setLabel("left", left)
        for side in ("left", "bottom"):
            self.getAxis(side).enableAutoSIPrefix(False)  # no "(x0.001)" on a projector

    def restyle(self, source: QWidget) -> None:
        """Background, axes, grid and key in the palette colours of ``source``."""
        ink = style_plot(self, source)
        self.grid_lines.set_ink(ink)
        back = QColor(source.palette().color(QPalette.ColorRole.Base))
        back.setAlpha(210)
        self.legend.setLabelTextColor(ink)
        self.legend.setBrush(back)
        for _, label in self.legend.items:  # setLabelTextColor alone does not redraw them
            label.setText(label.text, color=ink)

    def follow_font(self) -> None:
        """The axes' numbers and names and the key's words in the plot's font: they
        follow View ▸ Zoom (pyqtgraph draws them in fonts of its own)."""
        follow_font(self, self.legend)


class RunningMeansPlot(_LabPlot):
    """The running mean of each estimator against the number of draws (log scale),
    its ±2 SE band, and a dash-dotted line at its exact mean; the key defines them."""

    def __init__(self, source: QWidget) -> None:
        super().__init__(source, "draws (log scale)", "running mean")
        self.setLogMode(x=True, y=False)
        self.legend = self.addLegend(offset=(-10, 10))
        self.curves, self.bands, self.exact = {}, {}, {}
        for name in ESTIMATORS:
            colour = pg.mkColor(COLOURS[name])
            edge = pg.PlotDataItem([], [], pen=pg.mkPen(None))
            other = pg.PlotDataItem([], [], pen=pg.mkPen(None))
            fill = colour.lighter(100)
            fill.setAlpha(50)
            band = pg.FillBetweenItem(edge, other, brush=fill)
            self.addItem(edge)
            self.addItem(other)
            self.addItem(band)
            self.bands[name] = (edge, other)
            self.curves[name] = self.plot(
                [], [], pen=pg.mkPen(colour, width=2, style=PEN_STYLES[name]),
                name=f"{name} = {text.estimator_definitions('nats')[name]}")
            line = pg.InfiniteLine(angle=0, pen=pg.mkPen(colour, width=1,
                                                         style=Qt.PenStyle.DashDotLine))
            self.addItem(line)
            self.exact[name] = line
        # The key of the exact-mean lines: an empty curve in the plot (an item outside
        # any scene, given to the legend alone, crashed the garbage collector later).
        self.exact_key = self.plot([], [], name="exact means", pen=pg.mkPen(
            "#777777", width=1, style=Qt.PenStyle.DashDotLine))

    def name_curves(self, unit: str) -> None:
        """The key's definitions in ``unit`` (k2 in bits is ½(ln r)²/ln 2)."""
        definitions = text.estimator_definitions(unit)
        for _, label in self.legend.items:
            name = label.text.split(" = ", 1)[0]
            if name in definitions and label.text != f"{name} = {definitions[name]}":
                label.setText(f"{name} = {definitions[name]}")

    def show_exact(self, stats: EstimatorStats, unit: str) -> None:
        """The exact means' lines, and a vertical range that holds them with room for
        the early spread of the running means (3 SD over √30 draws); for finite
        ``stats`` only (nothing changes otherwise)."""
        if not stats.finite:
            return
        scale = nats_per_unit(unit)
        for name in ESTIMATORS:
            self.exact[name].setPos(stats.mean[name] / scale)
        means = [stats.mean[k] / scale for k in ESTIMATORS]
        margin = 3 * max(stats.sd.values()) / scale / math.sqrt(30)
        margin = margin or max(abs(m) for m in means) or 1.0
        self.setYRange(min(means) - margin, max(means) + margin, padding=0.05)
        self.setLabel("left", f"running mean ({unit})")

    def show_draws(self, sampler: Sampler, unit: str) -> None:
        """The running means and their bands after ``sampler``'s draws, in ``unit``;
        none before two draws or when D is infinite."""
        s = sampler
        if not s.stats.finite or s.n < 2:
            for name in ESTIMATORS:
                self.curves[name].setData([], [])
                for edge in self.bands[name]:
                    edge.setData([], [])
            return
        trace = s.trace()
        picks = curve_picks(s.n, CURVE_POINTS)
        x = trace.draws[picks].astype(float)
        scale = nats_per_unit(unit)
        for j, name in enumerate(ESTIMATORS):
            mean, se = trace.mean[j, picks] / scale, trace.se[j, picks] / scale
            self.curves[name].setData(x, mean)
            self.bands[name][0].setData(x, mean + 2 * se)
            self.bands[name][1].setData(x, mean - 2 * se)
        self.setXRange(0, math.log10(max(s.n, 10)), padding=0.02)


class DrawsHistogram(_LabPlot):
    """Each outcome's share of the draws beside its probability under P (at most
    :data:`MAX_BARS` bars); the key in a row of its own above the bars."""

    def __init__(self, source: QWidget) -> None:
        super().__init__(source, "outcome", "share of draws")
        # the key above the plot, in a row of its own (the title's): inside, at the top
        # right, it covered the bars of outcomes 8 to 10 (follow_font sets the row)
        self.legend = self.addLegend(offset=(-6, 1), colCount=2)
        self.legend.setParentItem(self.getPlotItem())
        self.legend.layout.setContentsMargins(4, 0, 4, 0)  # a row no taller than words
        self.legend.geometryChanged.connect(self.key_row)
        self.drawn_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=pg.mkBrush(BLUE),
                                          name="draws")
        self.p_bars = pg.BarGraphItem(x=[], height=[], width=0.4, pen=pg.mkPen(ORANGE, width=2),
                                      brush=pg.mkBrush(ORANGE, style=Qt.BrushStyle.BDiagPattern),
                                      name="P")
        self.addItem(self.drawn_bars)
        self.addItem(self.p_bars)

    def follow_font(self) -> None:
        super().follow_font()
        self.key_row()

    def key_row(self) -> None:
        """Room above the histogram for its key, as tall as the key (the title's row,
        empty): the key sits there, over no bar."""
        item = self.getPlotItem()
        height = math.ceil(self.legend.height()) + 2
        if item.layout.rowMinimumHeight(0) != height:
            # the label keeps its own least height for its (empty) text: the row is set
            item.titleLabel.setMaximumHeight(height)
            item.titleLabel.setVisible(True)
            item.layout.setRowFixedHeight(0, height)

    def show_draws(self, sampler: Sampler, label: Callable[[int], str]) -> None:
        """The shares of ``sampler``'s draws against P; outcomes named by ``label``
        (0-based index → text) when there are at most 12 of them."""
        s = sampler
        n = s.p.size
        bars = histogram_bars(s.frequencies(), s.p, MAX_BARS)
        x = np.arange(bars.shares.size, dtype=float)
        self.drawn_bars.setOpts(x=x - 0.2, height=bars.shares, width=0.4)
        self.p_bars.setOpts(x=x + 0.2, height=bars.p, width=0.4)
        axis = self.getAxis("bottom")
        if n <= 12:
            axis.setTicks([[(float(i), label(i)) for i in range(n)]])
            self.setLabel("bottom", "outcome")
        else:
            axis.setTicks(None)
            per = "" if n <= MAX_BARS else f" (bars of {bars.per:,} outcomes)"
            self.setLabel("bottom", f"outcome{per}")
        self.setYRange(0, max(float(bars.p.max()), float(bars.shares.max()), 1e-12) * 1.1)
        self.setXRange(-0.7, bars.shares.size - 0.3, padding=0)
