"""The fit lab: D(P‖Q_θ) and D(Q_θ‖P) against a family's parameter, every stationary
point marked and listed, and one click to use a fit.

The curves are computed on a :class:`ResultWorker` (about 50 ms even for 11 outcomes:
every stationary point is refined to the last bit), only while the page is shown; a
newer request (an edit, another family) supersedes the one running."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QHBoxLayout,
                               QLabel, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout,
                               QWidget)

from klgui.core import DistributionError
from klgui.core.families import outcome_values
from klgui.core.families.fit import FORWARD, GLOBAL_MIN, LOCAL_MAX, FitResult, fit_curves
from klgui.core.families.fit_models import FIT_PARAMETERS, fit_model
from klgui.core.teaching.families_text import FAMILY_NOTES, fit_lesson
from klgui.core.units import nats_per_unit
from klgui.io.lab_export import save_fit
from klgui.model.text_column import TextColumn
from klgui.ui.numbers import LocaleAxis, figure_text, full_precision_text, localize
from klgui.ui.pages.labs.lab_table import LabTable
from klgui.ui.result_worker import ResultWorker
from klgui.ui.shell.look import BLUE, ORANGE, style_plot
from klgui.ui.table.outcome_table import warning_label

FAMILY_TITLES = {"binomial": "Binomial — fit p, n fixed", "poisson": "Poisson — fit λ",
                 "geometric": "Geometric — fit p", "normal": "Normal — fit μ, σ fixed",
                 "zipf": "Zipf — fit s"}
DIRECTION_NAMES = {FORWARD: "D(P‖Q)", "reverse": "D(Q‖P)"}
SYMBOLS = {GLOBAL_MIN: "star", "local minimum": "o", LOCAL_MAX: "t1"}
#: A computation shorter than this never shows "Computing…" (no flicker).
BUSY_AFTER_MS = 150


class FitPage(QWidget):
    """Fits a one-parameter family to a reference both ways.

    Fed with :meth:`show_result` (the window's Results.sigPair) or :meth:`show_reference`;
    computes while shown. ``fitChosen`` carries the chosen Q_θ as a session family object
    (``{"name": "binomial", "n": 10, "p": 0.5}``); ``sigResultShown`` fires whenever a
    result (or the reason there is none) is shown: tests and the window wait on it.
    """

    fitChosen = Signal(dict)
    sigResultShown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.p: np.ndarray | None = None
        self._labels: Sequence[str] = ()
        self.unit, self.digits, self.model_name = "nats", 6, "Q"
        self.result: FitResult | None = None
        self.rows: list = []  # (direction, StationaryPoint or None for "∞ everywhere")
        self.busy = False
        self._stale = False
        self._request = 0
        self._input = None  # (p, labels, family, fixed) the shown result was computed for
        self._fixed_for: tuple[str, ...] | None = None  # outcomes n and σ were set for
        self._worker = ResultWorker(self)  # the newest request supersedes the running one
        self._worker.sigFinished.connect(lambda job, result: self._came(job.number, result))
        self._worker.sigFailed.connect(lambda error: self._failed(self._request, error))
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(lambda: self.computing.setVisible(self.busy))

        self.family = QComboBox(self)
        for key in FIT_PARAMETERS:
            self.family.addItem(FAMILY_TITLES[key], key)
        self.family.setAccessibleName("Family to fit")
        self.n_label = QLabel("n =", self)
        self.n = QSpinBox(self)
        self.n.setRange(1, 1_000_000)
        self.n.setAccessibleName("Binomial n (fixed)")
        self.sd_label = QLabel("σ =", self)
        self.sd = QDoubleSpinBox(self)
        self.sd.setDecimals(4)
        self.sd.setRange(1e-4, 1e9)
        self.sd.setAccessibleName("Normal σ (fixed)")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.family.currentIndexChanged.connect(self._request_curves)
        self.n.valueChanged.connect(self._request_curves)
        self.sd.valueChanged.connect(self._request_curves)
        self.error = warning_label(self, "Fit lab problem")
        self.computing = QLabel("Computing the curves…", self)
        self.computing.setAccessibleName("Computing")
        self.computing.hide()

        self.plot = pg.PlotWidget(axisItems={s: LocaleAxis(s) for s in ("left", "bottom")})
        self.plot.setMinimumSize(260, 170)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setAccessibleName("Forward and reverse divergence against the parameter")
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        colour = style_plot(self.plot, self)
        back = self.palette().color(self.backgroundRole())
        back.setAlpha(210)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextColor=colour,
                                          brush=pg.mkBrush(back))
        self.curves = {
            FORWARD: self.plot.plot([], [], pen=pg.mkPen(BLUE, width=2), name="D(P‖Q)",
                                    connect="finite"),
            "reverse": self.plot.plot([], [], name="D(Q‖P)", connect="finite",
                                      pen=pg.mkPen(ORANGE, width=2,
                                                   style=Qt.PenStyle.DashLine)),
        }
        self.markers = {d: pg.ScatterPlotItem(size=12, pen=pg.mkPen(c, width=1.5),
                                              brush=pg.mkBrush(c))
                        for d, c in ((FORWARD, BLUE), ("reverse", ORANGE))}
        for m in self.markers.values():
            self.plot.addItem(m)
        for kind, symbol in SYMBOLS.items():  # the markers' key, in words
            key = pg.ScatterPlotItem(size=10, symbol=symbol, pen=pg.mkPen(colour),
                                     brush=pg.mkBrush(colour))
            self.legend.addItem(key, kind)
        self.chosen = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888", width=1,
                                                             style=Qt.PenStyle.DotLine))
        self.plot.addItem(self.chosen)

        self.points = LabTable("Stationary points", self)
        self.points.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.points.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.points.setMinimumWidth(320)
        self.use = QPushButton("Use th&is fit", self)
        self.use.clicked.connect(self._use)
        self.use.setEnabled(False)
        self.lesson = QLabel(self)
        self.lesson.setWordWrap(True)
        self.lesson.setAccessibleName("What the curves show")
        self.lesson.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lesson.setSizePolicy(QSizePolicy.Policy.Preferred,
                                  QSizePolicy.Policy.MinimumExpanding)

        top = QHBoxLayout()
        top.addWidget(QLabel("Famil&y:", self, buddy=self.family))
        top.addWidget(self.family)
        for w in (self.n_label, self.n, self.sd_label, self.sd):
            top.addWidget(w)
        top.addWidget(self.note, 1)
        side = QVBoxLayout()
        side.addWidget(self.points, 1)
        use_row = QHBoxLayout()
        use_row.addWidget(self.use)
        use_row.addWidget(self.computing, 1)
        side.addLayout(use_row)
        side.addWidget(self.lesson, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.plot, 5)
        middle.addLayout(side, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addLayout(middle, 1)
        self._show_fixed()
        self._say_model()

    # --- public ----------------------------------------------------------------------

    def show_result(self, result, labels: Sequence[str], digits: int) -> None:
        """Follow the document's Result (klgui.model.results): its reference P, unit and
        focus model's name; when there is no comparison, say why."""
        c = result.comparison
        if c is None:
            self.show_nothing(str(result.error))
        else:
            self.show_reference(c.p, labels, c.base, digits, result.model_name)

    def show_reference(self, p: Sequence[float] | np.ndarray, labels: Sequence[str],
                       unit: str = "nats", digits: int = 6, model_name: str = "Q") -> None:
        """Fit against reference ``p`` (shape (n,)) over outcomes ``labels`` (read as
        numbers when they all are, a last "≥ K" holding a tail), figures in ``unit``,
        ``model_name`` the model a chosen fit replaces. Drawn now when shown, else when
        next shown."""
        self.p = np.asarray(p, dtype=np.float64)
        self._labels = labels.copy() if isinstance(labels, TextColumn) else labels
        self.unit, self.digits, self.model_name = unit, int(digits), model_name
        self._say_model()
        self._stale = True
        if self.isVisible():
            self.update_now()

    def show_nothing(self, message: str) -> None:
        """No reference to fit (the entries cannot be compared): say why."""
        self.p = None
        self._stale = False
        self._request += 1  # a result on its way is for a reference no longer shown
        self._failed(self._request, DistributionError(message))

    def update_now(self) -> None:
        """Draw the latest reference now (tests call this on a hidden page): redrawn at
        once when only the unit, digits or model changed, else computed on the worker."""
        if self.p is None:
            return
        self._stale = False
        self._adopt_outcomes()
        self._compute()

    def stop(self) -> None:
        """Stop the background thread (the window calls this when it closes)."""
        self._worker.stop()

    def selected_spec(self) -> dict | None:
        """The family object of the selected stationary point, or None."""
        row = self.points.currentIndex().row()
        if self.result is None or self.busy or not 0 <= row < len(self.rows):
            return None
        point = self.rows[row][1]
        return None if point is None else self.result.model.spec(point.theta)

    def export_csv(self, path) -> None:
        """Write the stationary points (klgui.io.lab_export.fit_rows) to ``path``.
        ValueError when there are none to write yet."""
        if self.result is None:
            raise ValueError("The fit lab has no curves to export.")
        if self.busy:
            raise ValueError("The fit lab is still computing; export it when it shows.")
        save_fit(path, self.result, self.unit)

    # --- computing -------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.update_now()

    def _adopt_outcomes(self) -> None:
        """New outcomes: n becomes the largest count, σ the reference's spread (a value
        a person set stays while the outcomes do)."""
        labels = tuple(str(x) for x in self._labels)
        if labels == self._fixed_for or self.p.size != len(labels):
            return
        self._fixed_for = labels
        try:
            outcomes = outcome_values(labels)
        except DistributionError:
            return
        values = outcomes.values
        blocker = [self.n.blockSignals(True), self.sd.blockSignals(True)]
        try:
            top = outcomes.tail if outcomes.tail is not None else np.max(values)
            self.n.setValue(max(1, int(math.floor(top))) if np.isfinite(top) else 1)
            total = math.fsum(self.p)
            if total > 0:
                mean = float(np.dot(self.p, values)) / total
                var = float(np.dot(self.p, (values - mean) ** 2)) / total
                self.sd.setValue(max(math.sqrt(var), 1e-3 * max(np.ptp(values), 1.0)))
        finally:
            self.n.blockSignals(blocker[0])
            self.sd.blockSignals(blocker[1])

    def _show_fixed(self) -> None:
        key = self.family.currentData()
        for w in (self.n_label, self.n):
            w.setVisible(key == "binomial")
        for w in (self.sd_label, self.sd):
            w.setVisible(key == "normal")
        self.note.setText(FAMILY_NOTES[key])

    def _say_model(self) -> None:
        self.use.setToolTip(f"Set {self.model_name} to the selected fit (one undo step)")

    def _request_curves(self, *_) -> None:
        """The family or a fixed parameter changed: the curves again, if shown."""
        self._show_fixed()
        if self.p is None:
            return
        if self.isVisible():
            self._compute()
        else:
            self._stale = True  # computed when shown

    def _compute(self) -> None:
        key = self.family.currentData()
        fixed = {"n": self.n.value()} if key == "binomial" else \
            {"sd": self.sd.value()} if key == "normal" else {}
        labels = tuple(str(x) for x in self._labels)
        wanted = (self.p.tobytes(), labels, key, tuple(fixed.items()))
        self._request += 1
        number = self._request
        if wanted == self._input and self.result is not None:
            self._set_busy(False)
            self._done(number, self.result)  # the same curves in another unit or digits
            return
        try:
            model = fit_model(key, outcome_values(labels), **fixed)
        except DistributionError as e:
            self._failed(number, e)
            return
        p = self.p.copy()
        self._input = None
        self._set_busy(True)
        self._worker.submit(_FitJob(number, wanted, lambda cancelled=None: fit_curves(
            p, model, labels=labels, cancelled=cancelled)))

    def _set_busy(self, busy: bool) -> None:
        """While computing, the old curves stay and Use is off; "Computing…" shows only
        when it takes long enough to notice."""
        self.busy = busy
        self.use.setEnabled(not busy and self.selected_spec() is not None)
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.computing.hide()

    def _came(self, number: int, result) -> None:
        """A job's result: the curves, or the DistributionError that says why not."""
        if number != self._request:
            return  # a newer request is on its way
        job_input, result = result
        self._set_busy(False)
        if isinstance(result, DistributionError):
            self._failed(number, result)
        else:
            self._input = job_input
            self._done(number, result)

    def _failed(self, number: int, error: Exception) -> None:
        if number != self._request:
            return
        if not isinstance(error, DistributionError):
            raise error
        self._set_busy(False)
        self.result, self._input, self.rows = None, None, []
        self.error.setText(localize(str(error), keep_quoted=True))
        self.error.show()
        for c in self.curves.values():
            c.setData([], [])
        for m in self.markers.values():
            m.setData([], [])
        self.points.model_.set_table([], 0)
        self.lesson.clear()
        self.use.setEnabled(False)
        self.chosen.hide()
        self.sigResultShown.emit(None)

    def _done(self, number: int, result: FitResult) -> None:
        if number != self._request:
            return
        self.result = result
        self.error.hide()
        scale = nats_per_unit(self.unit)
        symbol = result.model.symbol
        item = self.plot.getPlotItem()
        item.setLabel("bottom", f"{symbol} of {result.model.describe()}")
        item.setLabel("left", f"D ({self.unit})")
        rows = []
        for direction, curve in ((FORWARD, result.forward), ("reverse", result.reverse)):
            y = np.where(np.isfinite(curve.values), curve.values / scale, np.nan)
            self.curves[direction].setData(curve.theta, y)
            self.markers[direction].setData(
                [s.theta for s in curve.points], [s.value / scale for s in curve.points],
                symbol=[SYMBOLS[s.kind] for s in curve.points])
            rows += [(direction, s) for s in curve.points]
            if curve.infinite_reason:
                rows.append((direction, None))
        finite = [v for c in (result.forward, result.reverse) for v in c.values
                  if math.isfinite(v)]
        if finite:  # a steep end must not squash the interesting part
            top = np.percentile(np.array(finite) / scale, 90)
            low = min(finite) / scale
            item.setYRange(low, max(top, low + 1e-12) * 1.15, padding=0.02)
        item.setXRange(result.forward.theta[0], result.forward.theta[-1], padding=0.02)
        self._fill_points(rows, symbol, scale)
        self.lesson.setText(localize(fit_lesson(result, self.unit, self.digits),
                                     keep_quoted=True))
        self.sigResultShown.emit(result)

    def _fill_points(self, rows, symbol: str, scale: float) -> None:
        chosen = self.points.currentIndex().row()
        self.rows = rows
        digits = self.digits

        def kind(i):
            d, s = rows[i]
            return s.kind if s is not None else f"∞ for every {symbol}"

        def theta(i, full=False):
            s = rows[i][1]
            return "" if s is None else full_precision_text(s.theta) if full \
                else figure_text(s.theta, 12)

        def value(i, full=False):
            s = rows[i][1]
            v = math.inf if s is None else s.value / scale
            return full_precision_text(v) if full else figure_text(v, digits)

        def name(i):
            return DIRECTION_NAMES[rows[i][0]]

        columns = [("Curve", name, name), ("Stationary point", kind, kind),
                   (symbol, theta, lambda i: theta(i, True)),
                   (f"D ({self.unit})", value, lambda i: value(i, True))]
        self.points.model_.set_table(columns, len(rows), text_columns=(0, 1))
        self.points.model_.tips = {2: "Full precision when copied (Ctrl+C) or exported."}
        if rows:
            self.points.selectRow(chosen if 0 <= chosen < len(rows) else 0)
        self._selection_changed()

    def _selection_changed(self, *_) -> None:
        row = self.points.currentIndex().row()
        point = self.rows[row][1] if 0 <= row < len(self.rows) else None
        self.use.setEnabled(point is not None and not self.busy)
        if point is None:
            self.chosen.hide()
            return
        self.chosen.setValue(point.theta)
        self.chosen.show()

    def _use(self) -> None:
        spec = self.selected_spec()
        if spec is not None:
            self.fitChosen.emit(spec)


class _FitJob:
    """One request for the curves, as ResultWorker runs jobs: ``run(cancelled)`` gives
    (``key``, the FitResult or the DistributionError that says why there is none);
    ``key`` names what was fitted, so the same request later only redraws."""

    def __init__(self, number: int, key, compute) -> None:
        self.number, self.key, self._compute = number, key, compute

    def run(self, cancelled=None):
        try:
            return self.key, self._compute(cancelled)
        except DistributionError as e:
            return self.key, e
