"""Every distribution column as grouped bars per outcome, with bars one can drag.

The reference comes first (solid), each model after it with its own colour and hatch
(:mod:`klgui.ui.chart.column_key`), the focus model outlined thickly and drawn on top;
a key above the plot, in the same scene (so an exported picture has it), names them.
Plot items are built once per column and updated in place (``setOpts``), never rebuilt
per edit. Beyond ``AGGREGATE_ABOVE`` outcomes, outcomes are binned so that the bars of
all columns together take about one pixel column each, and each bar shows the largest
probability of its bin (a single tall outcome never vanishes; hovering names the bin).
Bars too narrow for a hatch (under ``NARROW_PX`` pixels) are drawn plain, at least a
pixel wide; the key then shows plain swatches too.

Dragging bars and the arrow keys (issue 21) are :mod:`klgui.ui.chart.bar_drag`'s:
``barDragging(column, outcome, probability)`` while a bar moves, ``barDragged`` once
when the gesture ends (mouse release; arrow key release; focus lost).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen

from klgui.core.errors import DistributionError
from klgui.core.numerics.binning import bin_extremes
from klgui.ui.chart.bar_plot import (AGGREGATE_ABOVE, OutcomeAxis,
                                     safely_drawn, y_range)
from klgui.ui.chart.plot_axes import _GridLines
from klgui.ui.chart.bar_drag import GRAB_PX, BarDragging, Gesture
from klgui.ui.chart.column_key import ColumnKey, KeyEntry, column_style
from klgui.ui.numbers import LocaleAxis, count_text, figure_text
from klgui.ui.shell.look import PALETTE_EVENTS, ink, paper

__all__ = ["DistributionsChart", "AGGREGATE_ABOVE", "NARROW_PX"]

_NAME_CHARS = 12  # outcome names longer than this are shortened on the axis
#: Bars narrower than this (in pixels) are drawn plain: a hatch needs room to show.
NARROW_PX = 7
_Bars = safely_drawn(pg.BarGraphItem)


class _FittingOutcomeAxis(OutcomeAxis):
    """An outcome axis whose long names are shortened in the middle. Hovering a bar
    still names its outcome."""

    def _name(self, i: int) -> str:
        """The name, shortened in the middle (names often differ at their ends:
        "category number 12" is "cate…mber 12")."""
        label = self.labels[i] or str(i + 1)
        return label if len(label) <= _NAME_CHARS else label[:4] + "…" + label[-7:]


class _ColumnItems:
    """A column's bars: a tint (or the solid fill) under a hatch with an outline."""

    def __init__(self, plot: pg.PlotItem) -> None:
        empty = dict(x0=np.zeros(0), width=np.zeros(0), height=np.zeros(0))
        self.tint = _Bars(**empty, pen=pg.mkPen(None))
        self.hatch = _Bars(**empty)
        plot.addItem(self.tint)
        plot.addItem(self.hatch)
        self.look: tuple | None = None  # (index, focus, ink, narrow) last applied
        self.drawn: tuple | None = None  # (values, bins wanted, column, columns) drawn
        self.bins = None

    def shows(self, values: np.ndarray, *geometry: int) -> bool:
        """Whether the bars show ``values`` (this very array: comparing 1e5 numbers
        would cost what drawing them does) binned and placed by ``geometry``."""
        return (self.drawn is not None and self.drawn[0] is values
                and self.drawn[1:] == geometry)

    def set_bars(self, x0: np.ndarray, width: np.ndarray, height: np.ndarray) -> None:
        for item in (self.tint, self.hatch):
            item.setOpts(x0=x0, width=width, height=height)

    def set_look(self, index: int, focus: bool, ink_colour: QColor, narrow: bool) -> None:
        """Tint, hatch and outline; or, for bars too narrow to show a hatch (a few
        pixels), a plain fill at least a pixel wide. The focus is drawn above the others."""
        look = (index, focus, ink_colour.rgba(), narrow)
        if look == self.look:
            return
        self.look = look
        style = column_style(index)
        if narrow:  # a pen of one pixel keeps a bar narrower than a pixel visible
            self.tint.setOpts(brush=QColor(style.colour), pen=pg.mkPen(style.colour, width=1))
            self.hatch.setOpts(brush=pg.mkBrush(None), pen=pg.mkPen(None))
        else:
            self.tint.setOpts(brush=style.tint, pen=pg.mkPen(None))
            self.hatch.setOpts(brush=style.pattern(ink_colour),
                               pen=style.outline(focus, ink_colour))
        for item in (self.tint, self.hatch):
            item.setZValue(10 if focus else 0)


class DistributionsChart(BarDragging, pg.GraphicsLayoutWidget):
    """Grouped bars of every distribution column, the reference first."""

    #: column name, 0-based outcome, probability: while a bar is being moved.
    barDragging = Signal(str, int, float)
    #: column name, 0-based outcome, probability: once, when the gesture ends.
    barDragged = Signal(str, int, float)
    #: Text describing what is under the mouse ("" when nothing is).
    sigHovered = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        base = self.font()
        self._tick_font = QFont(base.family(), max(base.pointSize(), 10))
        self.key = ColumnKey(QFont(base.family(), max(base.pointSize(), 11)))
        self.ci.addItem(self.key, row=0, col=0)
        self.axis = _FittingOutcomeAxis()
        self.plot = pg.PlotItem(axisItems={"bottom": self.axis,
                                           "left": safely_drawn(LocaleAxis)("left")})
        self.ci.addItem(self.plot, row=1, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setStyle(tickFont=self._tick_font)
        # The outcome names' row has its height from the first frame (pyqtgraph would
        # measure it while painting, and the first picture would have no names).
        self.axis.setStyle(autoExpandTextSpace=False,
                           tickTextHeight=math.ceil(QFontMetricsF(self._tick_font).height()) + 2)
        self.plot.getAxis("left").enableAutoSIPrefix(False)  # probability, not ×0.001
        self._grid = _GridLines(self.plot.getAxis("left"))
        self.plot.addItem(self._grid)
        self._items: list[_ColumnItems] = []
        self._marker = _Bars(x0=np.zeros(0), width=np.zeros(0), height=np.zeros(0),
                             brush=pg.mkBrush(None))
        self._marker.setZValue(50)
        self.plot.addItem(self._marker)
        self._labels: Sequence[str] = ()
        self._names: list[str] = []
        self._values: list[np.ndarray] = []
        self._focus: str | None = None
        self._editable: set[str] = set()
        self._selection: tuple[str, int] | None = None
        self._gesture: Gesture | None = None
        self._bins = None
        self._top = 1.0  # the y range's top while no gesture holds it
        #: id of each array given to show_columns -> (that array, its drawable copy)
        self._clean: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Chart of the distributions")
        self.apply_palette()
        self.scene().sigMouseMoved.connect(self._hover)

    # -- what to show ----------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return list(self._names)

    @property
    def binned(self) -> bool:
        """True when outcomes are drawn in bins (too many for one bar each)."""
        return len(self._labels) > AGGREGATE_ABOVE

    def show_columns(self, labels: Sequence[str],
                     columns: Sequence[tuple[str, np.ndarray]], focus: str | None) -> None:
        """Draw ``columns`` (name, normalized probabilities; the first is the reference)
        over the outcomes named by ``labels``, emphasising the model named ``focus``.

        Parameters
        ----------
        labels : sequence of str, length n
            The outcomes' names, drawn along the bottom ("" for an unnamed outcome).
        columns : sequence of (str, (n,) float64 array)
            Each column's name (unique) and probabilities. Non-finite or negative values
            are drawn as 0. A read-only array (the document's are) that was given
            before is taken as unchanged and not binned again: a change of one column
            then costs one column's work, at 1e5 outcomes too.
        focus : str or None
            The model to emphasise (ignored when no column has that name).

        Raises
        ------
        DistributionError
            When a column's length is not ``len(labels)`` or two columns share a name;
            nothing changes then.
        """
        n = len(labels)
        names = [name for name, _ in columns]
        if len(set(names)) != len(names):
            twice = next(name for name in names if names.count(name) > 1)
            raise DistributionError(f"Two distributions are named {twice!r}.",
                                    distribution=twice)
        values, clean = [], {}
        for name, given in columns:
            hit = self._clean.get(id(given))
            if hit is not None and hit[0] is given and not given.flags.writeable:
                p = hit[1]  # a read-only array seen before: unchanged, binned already
            else:
                p = np.asarray(given, dtype=np.float64).reshape(-1)
                p = np.where(np.isfinite(p) & (p > 0), p, 0.0)  # drawable heights
            if p.size != n:
                raise DistributionError(f"{name} has {p.size} probabilities for {n} outcomes.",
                                        distribution=name)
            clean[id(given)] = (given, p)
            values.append(p)
        self._labels, self._names, self._values, self._clean = labels, names, values, clean
        self._focus = focus if focus in names else None
        g = self._gesture
        if g is not None and (g.column not in names or g.outcome >= n or self.binned):
            self._gesture = None  # its column went away: nothing left to finish
        if self._selection is not None and not self._selectable(*self._selection):
            self._selection = None
        self._redraw()

    def set_editable(self, names: Sequence[str]) -> None:
        """The columns whose bars may be dragged (the others stay as they are)."""
        self._editable = set(names)
        if self._selection is not None and not self._selectable(*self._selection):
            self._selection = None
            self._draw_marker()

    def heights(self, name: str) -> np.ndarray:
        """The bar heights drawn for the column ``name``, one per bar (per bin when
        binned); a copy."""
        j = self._names.index(name)
        return np.array(self._items[j].hatch.opts["height"])

    def selection(self) -> tuple[str, int] | None:
        """The selected bar: (column name, 0-based outcome), or None."""
        return self._selection

    def select(self, name: str, outcome: int) -> None:
        """Select a bar of an editable column (for the arrow keys)."""
        if not self._selectable(name, outcome):
            raise DistributionError(f"{name}'s bar {outcome + 1} cannot be selected.",
                                    distribution=name, index=outcome)
        self._finish_gesture()
        self._selection = (name, outcome)
        self._draw_marker()

    def _selectable(self, name: str, outcome: int) -> bool:
        return (name in self._editable and name in self._names and not self.binned
                and 0 <= outcome < len(self._labels))

    # -- drawing ---------------------------------------------------------------------
    def _redraw(self) -> None:
        n, k = len(self._labels), len(self._names)
        while len(self._items) < k:
            self._items.append(_ColumnItems(self.plot))
        narrow = False
        if n == 0 or k == 0:
            self._bins = None
            for items in self._items:
                items.set_bars(np.zeros(0), np.zeros(0), np.zeros(0))
                items.drawn = None
        else:
            width_px = max(int(self.plot.vb.width()), 100)
            max_bins = max(50, width_px // k) if self.binned else n
            narrow = width_px * 0.8 / (k * min(n, max_bins)) < NARROW_PX
            for j, (items, p) in enumerate(zip(self._items, self._values)):
                if not items.shows(p, max_bins, j, k):
                    bins = bin_extremes(p, max_bins)
                    span = (bins.stop - bins.start).astype(float)
                    x0 = bins.start - 0.5 + (0.1 + j * 0.8 / k) * span
                    items.set_bars(x0, 0.8 / k * span, bins.high)
                    items.bins, items.drawn = bins, (p, max_bins, j, k)
                self._bins = items.bins
                items.set_look(j, self._names[j] == self._focus, self._ink, narrow)
            for items in self._items[k:]:
                items.set_bars(np.zeros(0), np.zeros(0), np.zeros(0))
                items.drawn = None
        self.key.set_entries([
            KeyEntry(name, column_style(j),
                     "reference" if j == 0 else "focus" if name == self._focus else "", narrow)
            for j, name in enumerate(self._names)])
        self.axis.set_labels(self._labels)
        self.plot.setXRange(-0.5, max(n, 1) - 0.5, padding=0.01)
        if self._gesture is None or self._gesture.kind == "key":
            top = max((float(items.bins.high.max(initial=0.0)) for items in self._items[:k]
                       if items.drawn is not None), default=0.0)
            self._top = min(top * 1.12, 1.05) if top > 0 else 1.0
            self.plot.setYRange(*y_range(0.0, self._top), padding=0.02)
        self._draw_marker()
        self.setAccessibleDescription(self._summary())

    def _bar_rect(self, j: int, i: int) -> tuple[float, float]:
        """x0 and width of column j's bar at outcome i (unbinned)."""
        k = len(self._names)
        return i - 0.4 + j * 0.8 / k, 0.8 / k

    def _draw_marker(self) -> None:
        s = self._selection
        if s is None or s[0] not in self._names or self.binned:
            self._marker.setOpts(x0=np.zeros(0), width=np.zeros(0), height=np.zeros(0))
            return
        j = self._names.index(s[0])
        x0, w = self._bar_rect(j, s[1])
        pad = 0.15 * w
        least = 6 * self.plot.vb.viewPixelSize()[1]  # a selected bar of 0 still shows
        height = max(float(self._values[j][s[1]]), least)
        self._marker.setOpts(x0=np.array([x0 - pad]), width=np.array([w + 2 * pad]),
                             height=np.array([height + least / 2]))

    def apply_palette(self) -> None:
        """Background, axes, key and outlines in the palette's colours."""
        self._paint_in(ink(self), paper(self))

    def use_print_colours(self, on: bool) -> None:
        """Black on white (for an exported image) while ``on``; the palette's after."""
        if on:
            self._paint_in(QColor("black"), QColor("white"))
        else:
            self.apply_palette()

    def _paint_in(self, ink_colour: QColor, background: QColor) -> None:
        self._ink = ink_colour
        self.setBackground(background)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setTextPen(self._ink)
            axis.setPen(self._ink)
        self.plot.setLabel("left", "probability",
                           **{"color": self._ink.name(), "font-size": "11pt"})
        self._grid.set_colour(self._ink)
        self.key.set_ink(self._ink)
        pen = QPen(self._ink, 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._marker.setOpts(pen=pen)
        if self._names:
            self._redraw()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and hasattr(self, "_marker"):  # built
            self.apply_palette()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # bins follow the pixels available; not while closing (pyqtgraph's close() has
        # cleared the scene when it resizes the view: drawing then crashed Python)
        if hasattr(self, "_items") and self.binned and not getattr(self, "closed", False):
            self._redraw()

    # -- hovering --------------------------------------------------------------------
    def _summary(self) -> str:
        if not self._names:
            return "No distributions to draw."
        focus = f" The focus model is {self._focus}." if self._focus else ""
        return (f"Grouped bars of {', '.join(self._names)} for "
                f"{count_text(len(self._labels))} outcomes; {self._names[0]} is the "
                f"reference.{focus}")

    def describe(self, outcome: int) -> str:
        """What the bars at ``outcome`` (0-based) show, in words."""
        if not 0 <= outcome < len(self._labels) or not self._names:
            return ""
        bins = self._bins
        if bins is not None and bins.count < len(self._labels):
            b = bins.bin_of(outcome)
            start, stop = int(bins.start[b]), int(bins.stop[b])
            parts = [f"{name} {figure_text(p[start:stop].max(), 6)}"
                     for name, p in zip(self._names, self._values)]
            return (f"Outcomes {count_text(start + 1)}–{count_text(stop)}, largest "
                    f"probability: " + ", ".join(parts))
        label = self._labels[outcome] or f"outcome {outcome + 1}"
        parts = [f"{name} {figure_text(p[outcome], 6)}"
                 for name, p in zip(self._names, self._values)]
        return f"{label}: " + ", ".join(parts)

    def _hover(self, pos) -> None:
        if self._gesture is not None and self._gesture.kind == "mouse":
            return
        inside = self.plot.vb.sceneBoundingRect().contains(pos)
        outcome = int(round(self.plot.vb.mapSceneToView(pos).x()))
        text = self.describe(outcome) if inside else ""
        self.sigHovered.emit(text)
        self.setToolTip(text)
        grab = self._bar_at(pos)
        editable = grab is not None and self._names[grab[0]] in self._editable
        if editable:
            self.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            self.viewport().unsetCursor()

    # -- the mouse -------------------------------------------------------------------
    def _bar_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(column index, outcome) of the bar under ``scene_pos``: inside it, or less than
        ``GRAB_PX`` pixels above its top. None when binned or over no bar."""
        n, k = len(self._labels), len(self._names)
        if self.binned or n == 0 or k == 0:
            return None
        vb = self.plot.vb
        point = vb.mapSceneToView(scene_pos)
        i = int(math.floor(point.x() + 0.5))
        if not 0 <= i < n:
            return None
        j = int(math.floor((point.x() - (i - 0.4)) / (0.8 / k)))
        if not 0 <= j < k:
            return None
        grab = GRAB_PX * vb.viewPixelSize()[1]
        if not -grab <= point.y() <= self._values[j][i] + grab:
            return None
        return j, i
