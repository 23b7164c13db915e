"""The fit lab's plot: D(P‖Q_θ) and D(Q_θ‖P) against θ, every stationary point marked
(★ global minimum, ● local minimum, ▲ local maximum, as the table beside it says) and a
dotted line at the chosen one."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QSizePolicy, QWidget

from klgui.core.families.fit import FORWARD, GLOBAL_MIN, LOCAL_MAX, LOCAL_MIN, FitResult
from klgui.core.units import nats_per_unit
from klgui.ui.numbers import LocaleAxis
from klgui.ui.pages.labs.grid_lines import add_grid
from klgui.ui.pages.labs.legend_size import follow_font
from klgui.ui.shell.look import BLUE, ORANGE, PALETTE_EVENTS, paper, style_plot

#: pyqtgraph's symbol for each kind of stationary point, and the character the table
#: shows for it (the plot's key).
SYMBOLS = {GLOBAL_MIN: ("star", "★"), LOCAL_MIN: ("o", "●"), LOCAL_MAX: ("t1", "▲")}
DIRECTION_NAMES = {FORWARD: "D(P‖Q)", "reverse": "D(Q‖P)"}


class FitPlot(pg.PlotWidget):
    """Both curves of a :class:`FitResult` in a unit, their stationary points marked.
    Built once; :meth:`show_result` and :meth:`clear_result` update the items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, axisItems={s: LocaleAxis(s) for s in ("left", "bottom")})
        self.setMinimumSize(280, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseEnabled(x=False, y=False)
        self.setAccessibleName("Forward and reverse divergence against the parameter")
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        for name in ("left", "bottom"):  # no finest grid: a third of the paint, less clutter
            item.getAxis(name).setStyle(maxTickLevel=1)
        colour = style_plot(self, self)
        # The grid as one item: showGrid's axes replaying their grid lines made each
        # repaint of this plot 10-20 ms at 1366x768 (grid_lines.py; 3-4 ms without).
        self.grid_lines = add_grid(self, colour, paper(self))
        self.legend = self.addLegend(labelTextColor=colour, colCount=2)
        self.legend.anchor(itemPos=(0.5, 0), parentPos=(0.5, 0), offset=(0, 4))
        self.curves = {
            FORWARD: self.plot([], [], pen=pg.mkPen(BLUE, width=2), name="D(P‖Q)",
                               connect="finite"),
            "reverse": self.plot([], [], name="D(Q‖P)", connect="finite",
                                 pen=pg.mkPen(ORANGE, width=2, style=Qt.PenStyle.DashLine)),
        }
        self.markers = {d: pg.ScatterPlotItem(size=13, pen=pg.mkPen(c, width=1.5),
                                              brush=pg.mkBrush(c))
                        for d, c in ((FORWARD, BLUE), ("reverse", ORANGE))}
        for m in self.markers.values():
            self.addItem(m)
        self.chosen = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888", width=1,
                                                             style=Qt.PenStyle.DotLine))
        self.addItem(self.chosen)
        self.chosen.hide()
        follow_font(self, self.legend)
        self._style()

    def changeEvent(self, event: QEvent) -> None:
        """A new font (View ▸ Zoom) reaches the axes' numbers and names: pyqtgraph
        draws them with a font of its own; a new palette (View ▸ Theme) its colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            follow_font(self, self.legend)
        elif event.type() in PALETTE_EVENTS and hasattr(self, "legend"):
            self._style()

    def _style(self) -> None:
        """Background, axes, grid and key in the palette's colours."""
        colour = style_plot(self, self)
        self.grid_lines.set_ink(colour, paper(self))
        back = self.palette().color(self.backgroundRole())
        back.setAlpha(210)
        self.legend.setLabelTextColor(colour)
        self.legend.setBrush(pg.mkBrush(back))
        for _, label in self.legend.items:  # setLabelTextColor alone does not redraw them
            label.setText(label.text, color=colour)

    def show_result(self, result: FitResult, unit: str) -> None:
        """Draw ``result``'s curves in ``unit`` (∞ left out: a gap in the line)."""
        scale = nats_per_unit(unit)
        item = self.getPlotItem()
        labels = (f"{result.model.symbol} of {result.model.describe()}", f"D ({unit})")
        if labels != getattr(self, "_labels", None):  # a new label lays the axes out again
            self._labels = labels
            item.setLabel("bottom", labels[0])
            item.setLabel("left", labels[1])
        for direction, curve in ((FORWARD, result.forward), ("reverse", result.reverse)):
            y = np.where(np.isfinite(curve.values), curve.values / scale, np.nan)
            self.curves[direction].setData(curve.theta, y)
            self.markers[direction].setData(
                [s.theta for s in curve.points], [s.value / scale for s in curve.points],
                symbol=[SYMBOLS[s.kind][0] for s in curve.points])
        finite = [v for c in (result.forward, result.reverse) for v in c.values
                  if math.isfinite(v)]
        if finite:  # a steep end must not squash the interesting part
            top = np.percentile(np.array(finite) / scale, 90)
            # from 0, which D never goes below: a minimum's marker stands whole above
            # the axis (it was cut in half on it) and its height reads as what is lost
            item.setYRange(0.0, max(top, min(finite) / scale, 1e-12) * 1.15, padding=0.02)
        item.setXRange(result.forward.theta[0], result.forward.theta[-1], padding=0.02)

    def clear_result(self) -> None:
        for c in self.curves.values():
            c.setData([], [])
        for m in self.markers.values():
            m.setData([], [])
        self.chosen.hide()

    def mark(self, theta: float | None) -> None:
        """The dotted line at the chosen stationary point (None: no line)."""
        if theta is None:
            self.chosen.hide()
        else:
            self.chosen.setValue(theta)
            self.chosen.show()
