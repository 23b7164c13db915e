"""The fit lab: D(P‖Q_θ) and D(Q_θ‖P) against a family's parameter, every stationary
point marked and listed, and one click to use a fit."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QSizePolicy, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from klgui.core import DistributionError
from klgui.core.families import outcome_values
from klgui.core.families.fit import FORWARD, GLOBAL_MIN, LOCAL_MAX, FitResult, fit_curves
from klgui.core.families.fit_models import FIT_PARAMETERS, fit_model
from klgui.core.teaching.families_text import FAMILY_NOTES, fit_lesson
from klgui.core.units import nats_per_unit
from klgui.ui.numbers import LocaleAxis, figure_text, localize
from klgui.ui.result_worker import ResultWorker
from klgui.ui.shell.look import BLUE, ORANGE, style_plot
from klgui.ui.table.outcome_table import warning_label

#: Up to this many outcomes the curves are computed at once on the GUI thread.
SYNC_LIMIT = 200
FAMILY_TITLES = {"binomial": "Binomial — fit p, n fixed", "poisson": "Poisson — fit λ",
                 "geometric": "Geometric — fit p", "normal": "Normal — fit μ, σ fixed",
                 "zipf": "Zipf — fit s"}
DIRECTION_NAMES = {FORWARD: "D(P‖Q)", "reverse": "D(Q‖P)"}
SYMBOLS = {GLOBAL_MIN: "star", "local minimum": "o", LOCAL_MAX: "t1"}


class FitPage(QWidget):
    """Fits a one-parameter family to a reference both ways.

    Call :meth:`show_reference`; the curves follow the family and its fixed parameter.
    ``fitChosen`` carries the chosen Q_θ as a session family object
    (``{"name": "binomial", "n": 10, "p": 0.5}``); ``sigResultShown`` fires whenever a
    new result is drawn (tests and the window wait on it).
    """

    fitChosen = Signal(dict)
    sigResultShown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.p = np.array([1.0])
        self.labels: tuple[str, ...] = ("0",)
        self.unit, self.digits = "nats", 6
        self.result: FitResult | None = None
        self._request = 0
        self._worker = ResultWorker(self)  # the newest request supersedes the running one
        self._worker.sigFinished.connect(lambda job, result: self._came(job.number, result))
        self._worker.sigFailed.connect(lambda error: self._failed(self._request, error))

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
        for w in (self.family, self.n, self.sd):
            signal = w.currentIndexChanged if w is self.family else w.valueChanged
            signal.connect(self._recompute)
        self.error = warning_label(self, "Fit lab problem")

        self.plot = pg.PlotWidget(axisItems={s: LocaleAxis(s) for s in ("left", "bottom")})
        self.plot.setMinimumSize(300, 160)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.setMouseEnabled(x=False, y=False)
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

        self.points = QTableWidget(0, 4, self)
        self.points.setHorizontalHeaderLabels(["Curve", "Stationary point", "θ", "D"])
        self.points.verticalHeader().hide()
        self.points.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.points.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.points.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.points.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.points.setAccessibleName("Stationary points")
        self.points.setMaximumHeight(150)
        self.points.itemSelectionChanged.connect(self._selection_changed)
        self.use = QPushButton("&Use this fit", self)
        self.use.setToolTip("Set the model to the selected fit (one undo step)")
        self.use.clicked.connect(self._use)
        self.lesson = QLabel(self)
        self.lesson.setWordWrap(True)
        self.lesson.setAccessibleName("What the curves show")
        self.lesson.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(QLabel("&Family:", self, buddy=self.family))
        top.addWidget(self.family)
        for w in (self.n_label, self.n, self.sd_label, self.sd):
            top.addWidget(w)
        top.addStretch(1)
        below = QHBoxLayout()
        below.addWidget(self.points, 3)
        side = QVBoxLayout()
        side.addWidget(self.use)
        side.addStretch(1)
        below.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.plot, 1)
        layout.addLayout(below)
        layout.addWidget(self.lesson)
        self._show_fixed()

    # --- public ----------------------------------------------------------------------

    def show_reference(self, p: Sequence[float] | np.ndarray, labels: Sequence[str],
                       unit: str = "nats", digits: int = 6) -> None:
        """Fit against reference ``p`` over outcomes ``labels`` (read as numbers when
        they all are, a last "≥ K" holding a tail), figures in ``unit``."""
        self.p = np.asarray(p, dtype=np.float64)
        self.labels = tuple(str(x) for x in labels)
        self.unit, self.digits = unit, digits
        outcomes = outcome_values(self.labels)
        values = outcomes.values
        blocker = [self.n.blockSignals(True), self.sd.blockSignals(True)]
        try:
            top = outcomes.tail if outcomes.tail is not None else np.max(values)
            self.n.setValue(max(1, int(math.floor(top))) if np.isfinite(top) else 1)
            total = math.fsum(self.p) if self.p.size == values.size else 0.0
            if total > 0:
                mean = float(np.dot(self.p, values)) / total
                var = float(np.dot(self.p, (values - mean) ** 2)) / total
                self.sd.setValue(max(math.sqrt(var), 1e-3 * max(np.ptp(values), 1.0)))
        finally:
            self.n.blockSignals(blocker[0])
            self.sd.blockSignals(blocker[1])
        self._recompute()

    def stop(self) -> None:
        """Stop the background thread (the window calls this when it closes)."""
        self._worker.stop()

    def selected_spec(self) -> dict | None:
        """The family object of the selected stationary point, or None."""
        row = self.points.currentRow()
        if self.result is None or row < 0:
            return None
        theta = self.points.item(row, 2).data(Qt.ItemDataRole.UserRole)
        return self.result.model.spec(float(theta))

    # --- computing -------------------------------------------------------------------

    def _show_fixed(self) -> None:
        key = self.family.currentData()
        for w in (self.n_label, self.n):
            w.setVisible(key == "binomial")
        for w in (self.sd_label, self.sd):
            w.setVisible(key == "normal")
        self.note.setText(FAMILY_NOTES[key])

    def _recompute(self, *_) -> None:
        self._show_fixed()
        key = self.family.currentData()
        fixed = {"n": self.n.value()} if key == "binomial" else \
            {"sd": self.sd.value()} if key == "normal" else {}
        self._request += 1
        number = self._request
        try:
            model = fit_model(key, outcome_values(self.labels), **fixed)
        except DistributionError as e:
            self._failed(number, e)
            return
        p, labels = self.p.copy(), self.labels

        job = _FitJob(number, lambda cancelled=None: fit_curves(
            p, model, labels=labels, cancelled=cancelled))
        if self.p.size <= SYNC_LIMIT:
            self._came(number, job.run())
        else:
            self.lesson.setText("Computing the curves…")
            self._worker.submit(job)

    def _came(self, number: int, result) -> None:
        """A job's result: the curves, or the DistributionError that says why not."""
        if isinstance(result, DistributionError):
            self._failed(number, result)
        else:
            self._done(number, result)

    def _failed(self, number: int, error: Exception) -> None:
        if number != self._request:
            return
        if not isinstance(error, DistributionError):
            raise error
        self.result = None
        self.error.setText(str(error))
        self.error.show()
        for c in self.curves.values():
            c.setData([], [])
        for m in self.markers.values():
            m.setData([], [])
        self.points.setRowCount(0)
        self.lesson.clear()
        self.use.setEnabled(False)

    def _done(self, number: int, result: FitResult) -> None:
        if number != self._request:
            return  # a newer request is on its way
        self.result = result
        self.error.hide()
        scale = nats_per_unit(self.unit)
        symbol = result.model.symbol
        item = self.plot.getPlotItem()
        item.setLabel("bottom", symbol)
        item.setLabel("left", f"D ({self.unit})")
        rows = []
        for direction, curve in ((FORWARD, result.forward), ("reverse", result.reverse)):
            y = np.where(np.isfinite(curve.values), curve.values / scale, np.nan)
            self.curves[direction].setData(curve.theta, y)
            self.markers[direction].setData(
                [s.theta for s in curve.points], [s.value / scale for s in curve.points],
                symbol=[SYMBOLS[s.kind] for s in curve.points])
            rows += [(direction, s) for s in curve.points]
        finite = [v for c in (result.forward, result.reverse) for v in c.values
                  if math.isfinite(v)]
        if finite:  # a steep end must not squash the interesting part
            top = np.percentile(np.array(finite) / scale, 90)
            low = min(finite) / scale
            item.setYRange(low, max(top, low + 1e-12) * 1.15, padding=0.02)
        item.setXRange(result.forward.theta[0], result.forward.theta[-1], padding=0.02)
        self._fill_points(rows, symbol, scale)
        self.lesson.setText(localize(fit_lesson(result, self.unit, self.digits)))
        self.sigResultShown.emit(result)

    def _fill_points(self, rows, symbol: str, scale: float) -> None:
        self.points.blockSignals(True)
        self.points.setRowCount(len(rows))
        self.points.setHorizontalHeaderLabels(["Curve", "Stationary point", symbol,
                                               f"D ({self.unit})"])
        for r, (direction, s) in enumerate(rows):
            cells = [DIRECTION_NAMES[direction], s.kind, figure_text(s.theta, 12),
                     figure_text(s.value / scale, self.digits)]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.points.setItem(r, c, cell)
            self.points.item(r, 2).setData(Qt.ItemDataRole.UserRole, s.theta)
        self.points.blockSignals(False)
        self.use.setEnabled(bool(rows))
        if rows:
            self.points.selectRow(0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        row = self.points.currentRow()
        if row < 0 or self.points.item(row, 2) is None:
            self.chosen.hide()
            return
        self.chosen.setValue(float(self.points.item(row, 2).data(Qt.ItemDataRole.UserRole)))
        self.chosen.show()

    def _use(self) -> None:
        spec = self.selected_spec()
        if spec is not None:
            self.fitChosen.emit(spec)


class _FitJob:
    """One request for the curves, as ResultWorker runs jobs: ``run(cancelled)`` gives
    the FitResult, or the DistributionError that says why there is none."""

    def __init__(self, number: int, compute) -> None:
        self.number, self._compute = number, compute

    def run(self, cancelled=None):
        try:
            return self._compute(cancelled)
        except DistributionError as e:
            return e
