"""The smoothing control, the figures with and without it, and D against the amount."""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QSizePolicy, QVBoxLayout)

from klgui.core import Smoothing, WeightParseError
from klgui.core.parsing import canonical_entry
from klgui.core.teaching.explain import names_differ, pair_text
from klgui.core.teaching.smoothing_effect import (SIDE_BY_SIDE, moved_text, power_of_ten,
                                                  relative_change, suggested_amount)
from klgui.model.document import Result
from klgui.model.results import SweepJob
from klgui.model.edits import Edits

from klgui.ui.shell.look import BLUE, ORANGE, PALETTE_EVENTS, style_plot
from klgui.ui.pages.comparison_panel import NAMES
from klgui.ui.numbers import LocaleAxis, figure_text, locale_uses_decimal_comma, localize
from klgui.ui.table.outcome_table import warning_label
from klgui.ui.pages.result_page import ResultPage
from klgui.ui.result_worker import ResultWorker

METHODS = {None: "None (exact figures)", "additive": "Additive (Laplace)",
           "floor": "Probability floor"}
TARGETS = {"both": "to P and Q", "q": "to Q only"}
SYMBOL = {"additive": "α", "floor": "ε"}
_IDLE = ()  # SmoothingPanel._typing when no amount is being typed
HELP = {
    "additive": "α is added to every entry before normalizing (for counts, α = 1 is "
                "Laplace's add-one rule).",
    "floor": "Every probability below ε is raised to ε, then the distribution is "
             "normalized again; ε must stay below 1/n.",
}
SHORT_NAMES = {"js_divergence": "JS divergence"}
#: Above this many outcomes the curve is not drawn (one compare per point).
SWEEP_LIMIT = 20_000


class PlainAxis(LocaleAxis):
    """Tick labels a student reads at once: every tick of a linear axis with the same
    decimal places and never an exponent or an SI scale ("(x0.001)"); a log axis
    labelled at its decades as powers of ten (10⁻⁶), its minor ticks unlabelled."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):
        if self.logMode:
            return self.on_decades(values, [power_of_ten(round(v)) for v in values])
        places = max(0, math.ceil(-math.log10(spacing))) if spacing > 0 else 0
        return [localize(f"{0.0 if abs(v) < spacing * 1e-6 else v:.{min(places, 12)}f}")
                for v in values]


class SmoothingPanel(ResultPage):
    """Chooses the document's smoothing and shows what it changes."""

    #: The curve of D against the amount shows the current revision's entries.
    sigSweepShown = Signal()

    def __init__(self, edits: Edits, parent=None) -> None:
        super().__init__(parent)
        self.sweep_worker = ResultWorker(self)
        self.sweep_worker.sigFinished.connect(self._sweep_computed)
        self.edits = edits
        self.document = document = edits.document
        self.method = QComboBox(self)
        for key, text in METHODS.items():
            self.method.addItem(text, key)
        self.method.setAccessibleName("Smoothing method")
        self.symbol = QLabel("α =", self)
        self.amount = QLineEdit(self)
        self.amount.setAccessibleName("Smoothing amount")
        self.amount.setMaximumWidth(120)
        self.target = QComboBox(self)
        for key, text in TARGETS.items():
            self.target.addItem(text, key)
        self.target.setAccessibleName("Smoothing applies to")
        self.method.currentIndexChanged.connect(self._method_changed)
        self.amount.textEdited.connect(lambda *_: self._typed())
        self.amount.editingFinished.connect(self._typing_ended)
        # While an amount is typed: the smoothing from before the first keystroke (the
        # figures go back to it while the text is not an amount), and the session's
        # number (its keystrokes are one undo step). _IDLE when no one is typing.
        self._typing: tuple = _IDLE
        self._sessions = 0
        self._reason = ""  # why the amount typed is not used
        self.target.currentIndexChanged.connect(self._target_changed)
        self.error = warning_label(self, "Smoothing amount problem")
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.starting = QLabel(self)  # why the amount starts where it does
        self.starting.setWordWrap(True)
        self.starting.setAccessibleName("Why this smoothing amount")
        self.starting.hide()
        self.moved = QLabel(self)
        self.moved.setWordWrap(True)
        self.moved.setAccessibleName("How much smoothing moved the answer")

        self.table = QGridLayout()
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for column, title in enumerate(("", "Without", "With", "Change")):
            self.table.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
        for row, name in enumerate(SIDE_BY_SIDE, start=1):
            self.table.addWidget(QLabel(SHORT_NAMES.get(name, NAMES[name]), self), row, 0)
            cells = tuple(QLabel(self) for _ in range(3))
            for column, cell in enumerate(cells, start=1):
                self.table.addWidget(cell, row, column)
            self.cells[name] = cells
        self.table.setHorizontalSpacing(12)

        self.plot = pg.PlotWidget(axisItems={side: PlainAxis(side) for side in ("left", "bottom")})
        self.plot.setMinimumSize(320, 170)
        # Its size hint (480 px high) would make the scrolled page taller than the tab.
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setLogMode(x=True, y=False)
        self.plot.getPlotItem().hideButtons()
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        font = QFont(self.font().family(), max(self.font().pointSize(), 10))
        for side in ("left", "bottom"):
            self.plot.getPlotItem().getAxis(side).setStyle(tickFont=font)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextSize="11pt",
                                          verSpacing=-2)
        self.curves = {
            "pq": self.plot.plot([], [], pen=pg.mkPen(BLUE, width=2), name="D(P‖Q)"),
            "qp": self.plot.plot([], [], pen=pg.mkPen(ORANGE, width=2,
                                                      style=pg.QtCore.Qt.PenStyle.DashLine),
                                 name="D(Q‖P)"),
        }
        self.chosen_line = pg.InfiniteLine(angle=90)
        self.plot.addItem(self.chosen_line)
        self._style_plot()

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Smoothing:", self))
        controls.addWidget(self.method)
        controls.addWidget(self.symbol)
        controls.addWidget(self.amount)
        controls.addWidget(self.target)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.error)
        layout.addWidget(self.help)  # only while smoothing is off; a tooltip after
        layout.addWidget(self.starting)
        layout.addWidget(self.moved)
        side_by_side = QHBoxLayout()
        figures = QVBoxLayout()
        figures.addLayout(self.table)
        figures.addStretch(1)
        side_by_side.addLayout(figures)
        side_by_side.addWidget(self.plot, 1)
        layout.addLayout(side_by_side, 1)
        self._applied = document.smoothing  # what this control last gave the document
        self.sync()

    # -- the control ---------------------------------------------------------------
    def sync(self) -> None:
        """Show the document's smoothing (unless the person is mid-way through typing
        an amount the document has not accepted)."""
        s = self.document.smoothing
        if not self.error.isHidden() and s == self._applied:
            return
        self.error.hide()  # changed elsewhere (a session, undo): show what it is now
        if s != self._applied:
            self._typing = _IDLE  # what is typed next starts from it
        self._applied = s
        with QSignalBlocker(self.method), QSignalBlocker(self.target):
            self.method.setCurrentIndex(self.method.findData(None if s is None else s.method))
            if s is not None:
                self.target.setCurrentIndex(self.target.findData(s.apply_to))
                if self._amount_value() != s.amount:
                    self.amount.setText(localize(f"{s.amount:g}"))
        self._show_method(None if s is None else s.method)

    def _show_method(self, method: str | None) -> None:
        on = method is not None
        for widget in (self.symbol, self.amount, self.target):
            widget.setEnabled(on)
        self.symbol.setText(f"{SYMBOL.get(method, 'α')} =")
        self.amount.setToolTip(HELP.get(method, ""))
        self.help.setVisible(not on)
        if not on:
            self.starting.hide()
        self.help.setText("Smoothing is off: every figure is exact for the entries as given. "
                          "Choose a method to see how much it would change them. "
                          + " ".join(HELP.values()))

    def _style_plot(self) -> None:
        """The sweep plot in the palette's colours (light or dark)."""
        ink = style_plot(self.plot, self)  # the panel hears of a new palette first
        self.chosen_line.setPen(pg.mkPen(ink, width=1))
        self.legend.setLabelTextColor(ink)  # the text's own colour: full contrast
        for _, label in self.legend.items:  # pyqtgraph recolours a label when set again
            label.setText(label.text)
        back = QColor(self.palette().color(QPalette.ColorRole.Base))
        back.setAlpha(235)
        self.legend.setBrush(back)
        self.legend.setPen(pg.mkPen(ink, width=1))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and hasattr(self, "legend"):
            self._style_plot()

    def _target_changed(self) -> None:
        self._typing = _IDLE  # what is typed next starts from this target
        self._apply()

    def _method_changed(self) -> None:
        self._typing = _IDLE
        method = self.method.currentData()
        if method is not None:
            amount, why = suggested_amount(method, self.document.values(self.document.reference_id),
                                           self.document.values(self.document.focus_id))
            self.amount.setText(localize(f"{amount:g}"))
            self.starting.setText(localize(why))
        self.starting.setVisible(method is not None)
        self._show_method(method)
        self._apply()

    def _amount_text(self) -> str:
        """The amount as typed, read in the locale: ``0,5`` is a half anywhere (it has
        one reading), ``1,000`` is one where the locale writes decimal commas."""
        text = self.amount.text()
        try:
            return canonical_entry(text, decimal_comma=locale_uses_decimal_comma())
        except WeightParseError:
            return text  # Smoothing.from_text refuses it with the reason

    def _amount_value(self) -> float | None:
        try:
            return Smoothing.from_text("additive", self._amount_text()).amount
        except ValueError:
            return None

    def _typed(self) -> None:
        """A keystroke in the amount. Applied at once when the text is an amount; when
        it is not, the figures go back to the smoothing from before this typing began,
        not to a prefix on the way (typing 1e400, which is refused, would have left
        1e40), as an entry cell does. The keystrokes of one typing are one undo step."""
        if self._typing is _IDLE:
            self._sessions += 1
            self._typing = (self.document.smoothing, self._sessions)
        self._apply()

    def _typing_ended(self) -> None:
        """Enter or leaving the field: text that is not an amount is put back to the
        amount the figures use, and the message says what was not used."""
        typing, self._typing = self._typing, _IDLE
        if typing is _IDLE or self.error.isHidden():
            return
        typed, reason = self.amount.text().strip(), self._reason
        s = self.document.smoothing
        if s is None:
            return
        shown = localize(f"{s.amount:g}")
        self.amount.setText(shown)
        self.error.setText(localize(f"{typed!r} was not used; {SYMBOL[s.method]} is back to "
                                    f"{shown}: {reason}", keep_quoted=True))

    def _apply(self) -> None:
        method = self.method.currentData()
        if method is None:
            self._set(None)
            return
        try:
            smoothing = Smoothing.from_text(method, self._amount_text(),
                                            self.target.currentData(), self.document.n)
        except ValueError as e:
            if self._typing is not _IDLE:
                self._set(self._typing[0])
            self._refuse(localize(str(e), keep_quoted=True))
            return
        self._set(smoothing)

    def _set(self, smoothing: Smoothing | None) -> None:
        self.error.hide()
        self._applied = smoothing
        self.edits.set_smoothing(smoothing, None if self._typing is _IDLE else self._typing[1])

    def _refuse(self, message: str) -> None:
        """Say what is wrong; the document keeps its smoothing."""
        self._reason = message.rstrip(". ")
        self.error.setText(self._reason + ". The figures keep the setting from before this "
                           "was typed.")
        self.error.show()
        self._applied = self.document.smoothing

    # -- what it changes -----------------------------------------------------------
    def show_result(self, result: Result, labels, digits: int) -> None:
        """The control follows the document at once, shown or not (a load or an undo
        changes the smoothing); the figures and the curve are drawn when visible."""
        self.sync()
        super().show_result(result, labels, digits)

    def render_result(self, result: Result) -> None:
        self.sync()
        c, raw, digits = result.comparison, result.unsmoothed, self.digits
        on = c is not None and c.smoothing is not None
        for widget in (self.plot, *self._table_widgets()):
            widget.setVisible(on)
        self.moved.setVisible(c is None or on)
        if c is None:
            self.moved.setText("Nothing to compare yet: "
                               + localize(str(result.error), keep_quoted=True))
            return
        if not on:
            return
        moved = moved_text(raw.kl_pq if raw else None, c.kl_pq, c.base, digits)
        pair = (html.escape(pair_text(result.reference_name, result.model_name), quote=False)
                + ". " if names_differ(result.reference_name, result.model_name) else "")
        self.moved.setText(localize(f"{pair}<b>Smoothing ({c.smoothing.describe()}) moved "
                                    f"D(P‖Q) {moved}.</b> " + self._advice(result)))
        for name, (before, after, change) in self.cells.items():
            figure_unit = c.unit_of(name)
            b = None if raw is None else getattr(raw, name)
            a = getattr(c, name)
            before.setText("—" if b is None else _with_unit(b, figure_unit, digits))
            after.setText(_with_unit(a, figure_unit, digits))
            change.setText(localize(relative_change(b, a)))
        self._draw_sweep(result)

    def _table_widgets(self):
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                item = self.table.itemAtPosition(row, column)
                if item is not None and item.widget() is not None:
                    yield item.widget()

    @staticmethod
    def _advice(result: Result) -> str:
        c, raw = result.comparison, result.unsmoothed
        symbol = SYMBOL[c.smoothing.method]
        if raw is not None and math.isinf(raw.kl_pq):
            return (f"Without smoothing it is infinite: the smaller {symbol}, the larger D, "
                    f"without limit. The answer is largely the choice of {symbol}: report it "
                    "with the result.")
        if c.n > SWEEP_LIMIT:
            return (f"The curve of D against {symbol} is drawn for up to {SWEEP_LIMIT:,} "
                    f"outcomes; this table has {c.n:,}.")
        return f"The vertical line on the curve marks the chosen {symbol}."

    def _draw_sweep(self, result: Result) -> None:
        """The curve is computed on the sweep worker's thread (25 comparisons) and drawn
        when it comes (:attr:`sigSweepShown`); the chosen amount is marked at once."""
        c, doc = result.comparison, self.document
        s = c.smoothing
        if c.n > SWEEP_LIMIT:
            self.plot.hide()
            return
        self.sweep_worker.submit(SweepJob(doc.revision, doc.values(doc.reference_id),
                                          doc.values(doc.focus_id), s, c.base,
                                          doc.auto_normalize))
        self.chosen_line.setPos(math.log10(s.amount))  # the view's x is log10 of the amount
        what = "pseudo-count α" if s.method == "additive" else "probability floor ε"
        self.plot.setLabel("bottom", f"{what}, on a log scale")
        self.plot.setLabel("left", f"D in {c.base}")


    def _sweep_computed(self, job: SweepJob, curve) -> None:
        if job.revision != self.document.revision:
            return  # the entries changed meanwhile; the newer sweep is on its way
        for key, values in (("pq", curve.kl_pq), ("qp", curve.kl_qp)):
            ok = np.isfinite(values)
            self.curves[key].setData(curve.amounts[ok], values[ok])
        self.sigSweepShown.emit()


def _with_unit(value: float, unit: str, digits: int) -> str:
    text = figure_text(value, digits)
    return text if math.isinf(value) or not unit else f"{text} {unit}"
