"""The sampling lab: estimate D(P‖Q) from draws x ~ P with k1, k2, k3 and watch the
running means settle (or not) against the exact values."""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (QBoxLayout, QButtonGroup, QHBoxLayout, QLabel, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from klgui.core.labs.sampling import MAX_DRAWS, Sampler
from klgui.core.teaching import labs_text as text
from klgui.io.lab_export import SampleSummary, save_estimators
from klgui.ui.flow_layout import FlowLayout
from klgui.ui.numbers import count_text, localize
from klgui.ui.pages.labs.lab_jobs import SamplingJob
from klgui.ui.pages.labs.lab_page import HEADLINE_SCALE, LabPage, room_width, scaled_label
from klgui.ui.pages.labs.lab_table import LabTable
from klgui.ui.pages.labs.sampling_plots import DrawsHistogram, RunningMeansPlot
from klgui.ui.pages.labs.sampling_run import SamplingRun
from klgui.ui.pages.labs.sampling_table import estimator_columns
from klgui.ui.shell.look import PALETTE_EVENTS
from klgui.ui.table.outcome_table import warning_label

#: Samplers with draws kept for an undo back to their pair (each holds up to 48 MB of
#: running means at a million draws).
KEPT_SAMPLERS = 3


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
        self._sampler: Sampler | None = None
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
        self.animation = SamplingRun(self.run_button)  # draws through the page's draw
        self.animation.sigDraw.connect(self.draw)
        self.animation.sigFinished.connect(self.sigRunFinished)
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

        self.means_plot = RunningMeansPlot(self)
        self.hist_plot = DrawsHistogram(self)
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
    def sampler(self) -> Sampler | None:
        """The sampler shown (its pair's exact statistics and the draws so far); the
        run draws from it."""
        return self._sampler

    @sampler.setter
    def sampler(self, sampler: Sampler | None) -> None:
        self._sampler = sampler
        self.animation.sampler = sampler

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
        other, so that the first screen shows the conclusion and the running means.

        Below the words, the plots stand side by side where the room holds both at
        their least width, else one above the other: side by side in a narrower view
        they made the page wider than its view (a sideways scroll bar, and the
        conclusion, wrapped to the page's width, cut at the view's right edge: at
        911×512 with QT_SCALE_FACTOR=1.5 the page needed 504 px in a 468 px view)."""
        margins = self.layout().contentsMargins()
        room = room_width(self) - margins.left() - margins.right()
        area = self.parentWidget()
        view = area.height() if area is not None else self.height()
        needed = self._first_screen(beside=False)
        half = (room - self.top.spacing()) // 2
        side = needed > view and half >= self.means_plot.minimumWidth() * 4 // 3
        top = QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom
        in_row = not side and room >= self._plots_row_width()
        plots = (QBoxLayout.Direction.LeftToRight if in_row
                 else QBoxLayout.Direction.TopToBottom)
        if self.top.direction() != top:
            self.top.setDirection(top)
            self.top.setStretch(0, 1 if side else 0)
        if self.plots.direction() != plots:
            self.plots.setDirection(plots)

    def _plots_row_width(self) -> int:
        """The least width of the two plots side by side, pixels."""
        widths = [max(plot.minimumWidth(), plot.minimumSizeHint().width())
                  for plot in (self.means_plot, self.hist_plot)]
        return sum(widths) + max(0, self.plots.spacing())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _style_legends(self) -> None:
        for plot in (self.means_plot, self.hist_plot):
            plot.restyle(self)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and hasattr(self, "hist_plot"):
            self._style_legends()
        elif event.type() == QEvent.Type.FontChange and hasattr(self, "hist_plot"):
            self._size_legends()

    def _size_legends(self) -> None:
        """The axes' numbers and names and the keys' words in the plots' font: they
        follow View ▸ Zoom (pyqtgraph draws them in fonts of its own)."""
        for plot in (self.means_plot, self.hist_plot):
            plot.follow_font()

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
        self.means_plot.name_curves(self.unit)
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
        self.means_plot.show_exact(stats, unit)
        self._set_table()
        self._arrange()
        # The histogram one event-loop turn later: the two plots then paint in separate
        # turns, two short stalls of the window instead of one long one.
        self._show_draws(histogram=False)
        QTimer.singleShot(1, self, self._draw_histogram)

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
        self.animation.start()

    def stop(self) -> None:
        self.animation.stop()

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
        self.means_plot.show_draws(s, self.unit)
        if histogram:
            self._draw_histogram()
        self.sigDrawn.emit(s.n)

    def _draw_histogram(self) -> None:
        s = self.sampler
        if s is None:
            return
        self.hist_plot.show_draws(s, self.label)

    # -- the table ---------------------------------------------------------------------
    def _set_table(self) -> None:
        # the columns hold the sampler, not the page (no cycle through the page)
        self.table.model_.set_table(estimator_columns(self.sampler, self.unit, self.digits),
                                    3, text_columns=(0, 1))
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
