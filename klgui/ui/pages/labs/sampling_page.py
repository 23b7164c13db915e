"""The sampling lab: estimate D(P‖Q) from draws x ~ P with k1, k2, k3 and watch the
running means settle (or not) against the exact values."""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QBoxLayout, QButtonGroup, QHBoxLayout, QLabel, QPushButton,
                               QSizePolicy, QSpinBox, QVBoxLayout, QWidget)

from klgui.core.labs.sampling import ESTIMATORS, MAX_DRAWS, Sampler
from klgui.core.teaching import labs_text as text
from klgui.core.units import nats_per_unit
from klgui.io.lab_export import SampleSummary, save_estimators
from klgui.ui.flow_layout import FlowLayout
from klgui.ui.numbers import LocaleAxis, count_text, figure_text, full_precision_text, localize
from klgui.ui.pages.labs.grid_lines import add_grid
from klgui.ui.pages.labs.lab_jobs import SamplingJob
from klgui.ui.pages.labs.legend_size import follow_font
from klgui.ui.pages.labs.lab_page import HEADLINE_SCALE, LabPage, room_width, scaled_label
from klgui.ui.pages.labs.lab_table import LabTable
from klgui.ui.shell.look import BLUE, GREEN, ORANGE, PALETTE_EVENTS, style_plot
from klgui.ui.table.outcome_table import warning_label

COLOURS = {"k1": BLUE, "k2": GREEN, "k3": ORANGE}
PEN_STYLES = {"k1": Qt.PenStyle.SolidLine, "k2": Qt.PenStyle.DotLine,
              "k3": Qt.PenStyle.DashLine}
#: A run draws until this many draws in all (or ten times as many as are drawn).
RUN_TARGET = 100_000
#: Timer interval of a run, ms; each tick draws about an eighth more.
RUN_INTERVAL_MS = 30
#: Points of a running-mean curve on screen (log-spaced draws).
CURVE_POINTS = 600
#: Bars of the histogram at most; beyond, consecutive outcomes share a bar.
MAX_BARS = 60
#: Samplers with draws kept for an undo back to their pair (each holds up to 48 MB of
#: running means at a million draws).
KEPT_SAMPLERS = 3
#: The bias when D is infinite: the mean and D are both ∞ (shown "undefined (∞ − ∞)").
UNDEFINED = object()
HEADERS = ("Estimator", "Definition", "Exact mean", "SD of one sample", "Bias E[k] − D",
           "Running mean", "± 2 SE")


class SamplingPage(LabPage):
    """Draw 1 / 100 / 10,000, Run (animated, Stop), Reset and the seed; the estimator
    table, the running means with ±2 SE bands against the exact means, the histogram of
    the draws against P, and what is true here."""

    #: The estimator table (3 rows) is painted with the curves, the histogram a turn
    #: later: together the table and the histogram made the longer wait.
    STAGED_TABLES = False

    #: The number of draws so far, after each draw, Reset or new pair.
    sigDrawn = Signal(int)
    #: A run reached its target (or was stopped).
    sigRunFinished = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.sampler: Sampler | None = None
        #: Why the draws shown before were dropped (empty: they were not).
        self._dropped = ""
        #: The samplers, with their draws, of pairs shown before (newest first): an undo
        #: back to one of those pairs brings its draws back.
        self._before: list[Sampler] = []
        self.buttons = {}
        controls = FlowLayout()  # the buttons wrap where the width runs out
        # Signals go to bound methods, never to lambdas that hold the page: Qt keeps a
        # lambda alive as long as its sender, a child of the page, so a page dropped by
        # its owner was never deleted (a leak of the page, its plots and its sampler).
        self._draw_group = QButtonGroup(self)
        self._draw_group.idClicked.connect(self.draw)  # a button's id is its count
        for count in (1, 100, 10_000):
            button = QPushButton(f"Draw {count:,}", self)
            button.setToolTip(f"Draw {count:,} more outcome{'s' if count > 1 else ''} x ~ P.")
            self._draw_group.addButton(button, count)
            controls.addWidget(button)
            self.buttons[count] = button
        self.run_button = QPushButton("Run", self)
        self.run_button.setCheckable(True)
        self.run_button.setToolTip(f"Draw more and more (up to {RUN_TARGET:,} draws), "
                                   "animated; press again to stop.")
        self.run_button.toggled.connect(self._run_toggled)
        self.reset_button = QPushButton("Reset", self)
        self.reset_button.setToolTip("Forget the draws and start again from the seed.")
        self.reset_button.clicked.connect(self.reset)
        seed_pair = QWidget(self)  # the seed and its label, kept together
        self.seed = QSpinBox(seed_pair)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setAccessibleName("Seed")
        self.seed.setToolTip("The same seed gives the same draws.")
        self.seed.valueChanged.connect(self._seed_changed)
        controls.addWidget(self.run_button)
        controls.addWidget(self.reset_button)
        pair = QHBoxLayout(seed_pair)
        pair.setContentsMargins(12, 0, 0, 0)
        pair.addWidget(QLabel("Seed:", seed_pair))
        pair.addWidget(self.seed)
        controls.addWidget(seed_pair)
        self.timer = QTimer(self)
        self.timer.setInterval(RUN_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self._run_goal = 0

        self.conclusion = scaled_label(self, HEADLINE_SCALE, name="What to conclude")
        self.progress = QLabel(self)
        self.progress.setWordWrap(True)
        self.progress.setAccessibleName("Draws so far")
        self.table = LabTable("Estimators", self)
        self.table.model_.wrap_headers = True  # "± 2 SE\n(nats)": every column shows
        self.table.verticalHeader().hide()  # the estimator's name is the row's name
        self.infinite = warning_label(self, "Why no curve is drawn")
        self.statements = QLabel(self)
        self.statements.setWordWrap(True)
        self.statements.setTextFormat(Qt.TextFormat.RichText)
        self.statements.setAccessibleName("What is true here")
        self.statements.setToolTip(text.K2_TEXT)
        self.statements.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.means_plot = self._plot("draws (log scale)", "running mean")
        self.means_plot.setLogMode(x=True, y=False)
        self.legend = self.means_plot.addLegend(offset=(-10, 10))
        self.curves, self.bands, self.exact = {}, {}, {}
        for name in ESTIMATORS:
            colour = pg.mkColor(COLOURS[name])
            edge = pg.PlotDataItem([], [], pen=pg.mkPen(None))
            other = pg.PlotDataItem([], [], pen=pg.mkPen(None))
            fill = colour.lighter(100)
            fill.setAlpha(50)
            band = pg.FillBetweenItem(edge, other, brush=fill)
            self.means_plot.addItem(edge)
            self.means_plot.addItem(other)
            self.means_plot.addItem(band)
            self.bands[name] = (edge, other)
            self.curves[name] = self.means_plot.plot(
                [], [], pen=pg.mkPen(colour, width=2, style=PEN_STYLES[name]),
                name=f"{name} = {text.estimator_definitions('nats')[name]}")
            line = pg.InfiniteLine(angle=0, pen=pg.mkPen(colour, width=1,
                                                         style=Qt.PenStyle.DashDotLine))
            self.means_plot.addItem(line)
            self.exact[name] = line
        self.hist_plot = self._plot("outcome", "share of draws")
        # the key above the plot, in a row of its own (the title's): inside, at the top
        # right, it covered the bars of outcomes 8 to 10 (_size_legends sets the row)
        self.hist_legend = self.hist_plot.addLegend(offset=(-6, 1), colCount=2)
        self.hist_legend.setParentItem(self.hist_plot.getPlotItem())
        self.hist_legend.layout.setContentsMargins(4, 0, 4, 0)  # a row no taller than words
        self.hist_legend.geometryChanged.connect(self._key_row)
        self.drawn_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=pg.mkBrush(BLUE),
                                          name="draws")
        self.p_bars = pg.BarGraphItem(x=[], height=[], width=0.4, pen=pg.mkPen(ORANGE, width=2),
                                      brush=pg.mkBrush(ORANGE, style=Qt.BrushStyle.BDiagPattern),
                                      name="P")
        self.hist_plot.addItem(self.drawn_bars)
        self.hist_plot.addItem(self.p_bars)
        # The key of the exact-mean lines: an empty curve in the plot (an item outside
        # any scene, given to the legend alone, crashed the garbage collector later).
        self.exact_key = self.means_plot.plot([], [], name="exact means", pen=pg.mkPen(
            "#777777", width=1, style=Qt.PenStyle.DashDotLine))
        self._style_legends()
        self._size_legends()

        # What a class must see first: the conclusion, then the plots; the table after.
        # Where the view is too short for both in a column (presentation mode), the
        # plots stand beside the words, one above the other (see _arrange).
        words = QVBoxLayout()
        words.addWidget(self.conclusion)
        words.addWidget(self.progress)
        words.addWidget(self.infinite)
        words.addStretch(1)
        self.plots = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.plots.addWidget(self.means_plot, 3)
        self.plots.addWidget(self.hist_plot, 2)
        self.top = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.top.addLayout(words)
        self.top.addLayout(self.plots, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.nothing)
        layout.addLayout(self.top, 1)
        layout.addWidget(self.table)
        layout.addWidget(self.statements)
        self._content = [self.conclusion, self.progress, self.table, self.means_plot,
                         self.hist_plot, self.statements, *self.buttons.values(),
                         self.run_button, self.reset_button]
        self.set_content_visible(False)

    @property
    def beside(self) -> bool:
        """Whether the plots stand beside the words (else below them)."""
        return self.top.direction() == QBoxLayout.Direction.LeftToRight

    def key_height(self) -> int:
        """The controls, the conclusion and the running-means plot's least height, the
        plots beside the words where they stand so."""
        return self._first_screen(self.beside)

    def _first_screen(self, beside: bool) -> int:
        """The height of the controls, the conclusion and the running-means plot's least
        height, in pixels: the plots beside the words (``beside``) or below them."""
        layout = self.layout()
        margins = layout.contentsMargins()
        room = room_width(self) - margins.left() - margins.right()
        spacing = layout.spacing()
        words_room = (room - self.top.spacing()) // 2 if beside else room
        controls = layout.itemAt(0).layout().heightForWidth(room)
        words = sum(w.heightForWidth(words_room) + spacing
                    for w in (self.conclusion, self.progress) if w.isVisibleTo(self))
        plot = self.means_plot.minimumHeight()
        first = max(words, plot) if beside else words + plot
        return margins.top() + controls + spacing + first

    def _arrange(self) -> None:
        """The plots below the conclusion when the view shows both (the controls, the
        words and the plots' least height); else, where the room is wide enough for
        the words and a plot side by side, the plots beside the words, one above the
        other, so that the first screen shows the conclusion and the running means."""
        margins = self.layout().contentsMargins()
        room = room_width(self) - margins.left() - margins.right()
        area = self.parentWidget()
        view = area.height() if area is not None else self.height()
        needed = self._first_screen(beside=False)
        half = (room - self.top.spacing()) // 2
        side = needed > view and half >= self.means_plot.minimumWidth() * 4 // 3
        top = QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom
        if self.top.direction() != top:
            self.top.setDirection(top)
            self.plots.setDirection(QBoxLayout.Direction.TopToBottom if side
                                    else QBoxLayout.Direction.LeftToRight)
            self.top.setStretch(0, 1 if side else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _plot(self, bottom: str, left: str) -> pg.PlotWidget:
        plot = pg.PlotWidget(axisItems={side: LocaleAxis(side) for side in ("left", "bottom")})
        plot.setMinimumSize(240, 150)
        plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        plot.setMouseEnabled(x=False, y=False)
        plot.getPlotItem().hideButtons()
        plot.getPlotItem().setMenuEnabled(False)
        # The grid as one item (showGrid's axes made each repaint 7-30 ms; grid_lines.py)
        plot.grid_lines = add_grid(plot, style_plot(plot, self))
        plot.setLabel("bottom", bottom)
        plot.setLabel("left", left)
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)  # no "(x0.001)" on a projector
        return plot

    def _style_legends(self) -> None:
        ink = style_plot(self.means_plot, self)
        style_plot(self.hist_plot, self)
        for plot in (self.means_plot, self.hist_plot):
            plot.grid_lines.set_ink(ink)
        back = QColor(self.palette().color(QPalette.ColorRole.Base))
        back.setAlpha(210)
        for legend in (self.legend, self.hist_legend):
            legend.setLabelTextColor(ink)
            legend.setBrush(back)
            for _, label in legend.items:  # setLabelTextColor alone does not redraw them
                label.setText(label.text, color=ink)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and hasattr(self, "hist_legend"):
            self._style_legends()
        elif event.type() == QEvent.Type.FontChange and hasattr(self, "hist_legend"):
            self._size_legends()

    def _size_legends(self) -> None:
        """The axes' numbers and names and the keys' words in the plots' font: they
        follow View ▸ Zoom (pyqtgraph draws them in fonts of its own)."""
        for plot, legend in ((self.means_plot, self.legend), (self.hist_plot, self.hist_legend)):
            follow_font(plot, legend)
        self._key_row()

    def _key_row(self) -> None:
        """Room above the histogram for its key, as tall as the key (the title's row,
        empty): the key sits there, over no bar."""
        item = self.hist_plot.getPlotItem()
        height = math.ceil(self.hist_legend.height()) + 2
        if item.layout.rowMinimumHeight(0) != height:
            # the label keeps its own least height for its (empty) text: the row is set
            item.titleLabel.setMaximumHeight(height)
            item.titleLabel.setVisible(True)
            item.layout.setRowFixedHeight(0, height)

    # -- LabPage ---------------------------------------------------------------------
    def set_content_visible(self, visible: bool) -> None:
        for widget in self._content:
            if isinstance(widget, QPushButton):
                widget.setEnabled(visible)
            else:
                widget.setVisible(visible)
        if not visible:
            self.infinite.hide()
            self.stop()

    def result_buttons(self) -> list[QPushButton]:
        """Draw, Run and Reset act on the sampler shown: off while a new one computes."""
        return [*self.buttons.values(), self.run_button, self.reset_button]

    def draw_pair(self) -> None:
        """Keep the draws while the pair stays the same; else compute the new pair's
        sampler (its exact statistics) and say why the draws went, if there were any;
        back at the pair before (an undo), its draws come back.

        The draws are of P, scored against Q: they stay valid exactly as long as both
        arrays are the same, bit for bit (a new unit, number of digits, label or model
        out of focus, an entry retyped to the same probability, changes neither); they
        are shown again in the new unit and digits, and a run goes on."""
        s = self.sampler
        for kept in [s, *self._before]:
            if kept is not None and self.same_pair(kept.p, kept.q):
                if kept is not s:  # back at a pair before (an undo): its draws come back
                    self._keep(s)
                    self._before.remove(kept)
                self._dropped = ""
                self._finish(kept)
                return
        dropped = s is not None and s.n > 0
        self._keep(s)
        self._dropped = text.SAMPLING_PAIR_CHANGED if dropped else ""
        self.compute()

    def _keep(self, sampler: Sampler | None) -> None:
        """Keep a sampler left behind, if it has draws, for an undo (the newest
        :data:`KEPT_SAMPLERS`)."""
        if sampler is not None and sampler.n > 0:
            self._before = [sampler, *self._before][:KEPT_SAMPLERS]

    def same_pair(self, p: np.ndarray, q: np.ndarray) -> bool:
        """Whether ``p``, ``q`` are exactly the pair shown (shape and every value)."""
        return (self.p is not None and np.array_equal(p, self.p)
                and np.array_equal(q, self.q))

    def make_job(self, token: int) -> SamplingJob:
        return SamplingJob(token, self.p, self.q, self.seed.value(), self.divergence,
                           self.unit)

    def before_compute(self) -> None:
        self.stop()

    def show_computed(self, sampler: Sampler) -> None:
        if sampler is not self.sampler:  # a new pair: its draws start afresh
            self.stop()
            if sampler.seed != self.seed.value():  # the seed changed while it was computed
                sampler.seed = self.seed.value()
                sampler.reset()
        self.sampler = sampler
        self._name_curves()
        stats = self.sampler.stats
        unit, digits = self.unit, self.digits
        self.conclusion.setText(localize(text.sampling_conclusion(stats, unit, min(digits, 4)),
                                         keep_quoted=True))
        self.statements.setText(localize("<br>".join(
            escape(line) for line in
            text.sampling_statements(stats, unit, min(digits, 4), self.labels)),
            keep_quoted=True))
        self.statements.setVisible(stats.finite)
        self.infinite.setText(localize(text.sampling_infinite_text(stats, self.labels),
                                       keep_quoted=True))
        self.infinite.setVisible(not stats.finite)
        self.means_plot.setVisible(stats.finite)
        scale = nats_per_unit(unit)
        for name in ESTIMATORS:
            if stats.finite:
                self.exact[name].setPos(stats.mean[name] / scale)
        if stats.finite:
            means = [stats.mean[k] / scale for k in ESTIMATORS]
            margin = 3 * max(stats.sd.values()) / scale / math.sqrt(30)
            margin = margin or max(abs(m) for m in means) or 1.0
            self.means_plot.setYRange(min(means) - margin, max(means) + margin, padding=0.05)
            self.means_plot.setLabel("left", f"running mean ({unit})")
        self._set_table()
        self._arrange()
        # The histogram one event-loop turn later: the two plots then paint in separate
        # turns, two short stalls of the window instead of one long one.
        self._show_draws(histogram=False)
        QTimer.singleShot(1, self, self._draw_histogram)

    def _name_curves(self) -> None:
        """The legend's definitions in the unit shown (k2 in bits is ½(ln r)²/ln 2)."""
        definitions = text.estimator_definitions(self.unit)
        for _, label in self.legend.items:
            name = label.text.split(" = ", 1)[0]
            if name in definitions and label.text != f"{name} = {definitions[name]}":
                label.setText(f"{name} = {definitions[name]}")

    # -- drawing -----------------------------------------------------------------------
    def draw(self, count: int) -> None:
        """Draw ``count`` more outcomes (fewer if the sampler is full) and show them."""
        if self.sampler is None:
            return
        count = min(count, MAX_DRAWS - self.sampler.n)
        if count > 0:
            self.sampler.draw(count)
        self._show_draws()

    def reset(self) -> None:
        """Forget the draws; the generator restarts from the seed."""
        self.stop()
        self._dropped = ""
        if self.sampler is not None:  # the exact statistics stay: only the draws go
            self.sampler.seed = self.seed.value()
            self.sampler.reset()
            self._show_draws()

    def _seed_changed(self, _seed: int) -> None:
        self.reset()

    def run(self) -> None:
        """Start the animated run (as the Run button does)."""
        self.run_button.setChecked(True)

    def stop(self) -> None:
        self.run_button.setChecked(False)

    def _run_toggled(self, on: bool) -> None:
        self.run_button.setText("Stop" if on else "Run")
        if not on:
            if self.timer.isActive():
                self.timer.stop()
                self.sigRunFinished.emit()
            return
        if self.sampler is None or self.sampler.n >= MAX_DRAWS:
            self.run_button.setChecked(False)
            self.sigRunFinished.emit()
            return
        n = self.sampler.n
        self._run_goal = min(MAX_DRAWS, RUN_TARGET if n < RUN_TARGET else 10 * n)
        self.timer.start()

    def _tick(self) -> None:
        n = self.sampler.n if self.sampler is not None else self._run_goal
        step = min(max(1, n // 8), self._run_goal - n)
        if step > 0:
            self.draw(step)
        if self.sampler is None or self.sampler.n >= self._run_goal:
            self.stop()

    def _show_draws(self, histogram: bool = True) -> None:
        s = self.sampler
        if s is None:
            return
        means, ses = s.current()
        progress = text.sampling_progress(s.n, means, ses, s.stats, self.unit,
                                          min(self.digits, 4), s.first_infinite)
        if s.n == 0 and self._dropped:
            progress = f"{self._dropped} {progress}"
        self.progress.setText(localize(progress))
        self.table.refresh()  # its texts in view made now, a column widened if needed
        self._draw_curves()
        if histogram:
            self._draw_histogram()
        self.sigDrawn.emit(s.n)

    def _draw_curves(self) -> None:
        s = self.sampler
        if not s.stats.finite or s.n < 2:
            for name in ESTIMATORS:
                self.curves[name].setData([], [])
                for edge in self.bands[name]:
                    edge.setData([], [])
            return
        trace = s.trace()
        picks = np.unique(np.geomspace(2, s.n, CURVE_POINTS).astype(np.int64)) - 1
        x = trace.draws[picks].astype(float)
        scale = nats_per_unit(self.unit)
        for j, name in enumerate(ESTIMATORS):
            mean, se = trace.mean[j, picks] / scale, trace.se[j, picks] / scale
            self.curves[name].setData(x, mean)
            self.bands[name][0].setData(x, mean + 2 * se)
            self.bands[name][1].setData(x, mean - 2 * se)
        self.means_plot.setXRange(0, math.log10(max(s.n, 10)), padding=0.02)

    def _draw_histogram(self) -> None:
        s = self.sampler
        if s is None:
            return
        n = s.p.size
        edges = np.linspace(0, n, min(n, MAX_BARS) + 1).astype(np.int64)
        shares = np.add.reduceat(s.frequencies(), edges[:-1])
        p = np.add.reduceat(s.p, edges[:-1])
        x = np.arange(shares.size, dtype=float)
        self.drawn_bars.setOpts(x=x - 0.2, height=shares, width=0.4)
        self.p_bars.setOpts(x=x + 0.2, height=p, width=0.4)
        axis = self.hist_plot.getAxis("bottom")
        if n <= 12:
            axis.setTicks([[(float(i), self.label(i)) for i in range(n)]])
            self.hist_plot.setLabel("bottom", "outcome")
        else:
            axis.setTicks(None)
            per = "" if n <= MAX_BARS else f" (bars of {math.ceil(n / MAX_BARS):,} outcomes)"
            self.hist_plot.setLabel("bottom", f"outcome{per}")
        self.hist_plot.setYRange(0, max(float(p.max()), float(shares.max()), 1e-12) * 1.1)
        self.hist_plot.setXRange(-0.7, shares.size - 0.3, padding=0)

    # -- the table ---------------------------------------------------------------------
    def _set_table(self) -> None:
        digits, unit = self.digits, self.unit
        scale = nats_per_unit(unit)
        sampler = self.sampler  # drawn in place; not self (no cycle through the page)

        def exact(field):
            in_unit = getattr(sampler.stats, f"{field}_in")

            def value(i):  # the numbers the export writes (EstimatorStats.mean_in, ...)
                v = in_unit(ESTIMATORS[i], unit)
                return UNDEFINED if v is None else v
            return value

        def running(kind):
            def value(i):
                if sampler.n == 0 or (kind == 1 and sampler.n < 2):
                    return None
                return sampler.current()[kind][i] / scale * (2 if kind else 1)
            return value

        def shown(get):
            def cell(i):
                v = get(i)
                if v is UNDEFINED:  # the bias when D = ∞: ∞ − ∞
                    return "undefined (∞ − ∞)"
                return "—" if v is None else figure_text(v, digits)
            return cell

        def copied(get):
            def cell(i):
                v = get(i)
                return "" if v is None or v is UNDEFINED else full_precision_text(v)
            return cell

        definitions = [text.estimator_definitions(unit)[name] for name in ESTIMATORS]
        columns = [(HEADERS[0], ESTIMATORS.__getitem__, ESTIMATORS.__getitem__),
                   (HEADERS[1], definitions.__getitem__, definitions.__getitem__)]
        getters = [exact("mean"), exact("sd"), exact("bias"), running(0), running(1)]
        for header, get in zip(HEADERS[2:], getters):
            columns.append((f"{header} ({unit})", shown(get), copied(get)))
        self.table.model_.set_table(columns, 3, text_columns=(0, 1))
        self.table.fit_height(3)

    def export_csv(self, path) -> None:
        """Write the estimators table (exact values and this run's draws) as CSV."""
        if self.sampler is None:
            raise ValueError("The sampling lab has no pair to export.")
        self.check_ready("sampling lab")
        sample = SampleSummary.of(self.sampler) if self.sampler.n else None
        save_estimators(path, self.sampler.stats, self.unit, sample)

    @property
    def draws(self) -> int:
        return 0 if self.sampler is None else self.sampler.n

    def draws_text(self) -> str:
        return count_text(self.draws)
