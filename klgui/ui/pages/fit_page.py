"""The fit lab: D(P‖Q_θ) and D(Q_θ‖P) against a family's parameter, every stationary
point marked and listed, and one click to use a fit.

The curves are computed on a :class:`ResultWorker` (5-10 ms at 11 outcomes, 15-70 ms
at 1,000 on a shared machine: 256 θ and every stationary point refined to the last
bit), only while the page is shown; a newer request (an edit, another family)
supersedes the one running. Drawing a result takes the GUI thread about 10 ms. The D
of each stationary point is the exact core's for P as typed (the window passes the
document's typed column), so it is the Figures page's after Use this fit."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from html import escape

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QBoxLayout, QComboBox, QDoubleSpinBox,
                               QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSpinBox, QVBoxLayout, QWidget)

from klgui.core import DistributionError
from klgui.core.families import outcome_values
from klgui.core.families.fit import FORWARD, FitResult, fit_curves
from klgui.core.families.fit_models import FIT_PARAMETERS, fit_model
from klgui.core.teaching.families_text import FAMILY_NOTES, fit_lesson, fit_smoothing_note
from klgui.core.units import nats_per_unit
from klgui.io.lab_export import save_fit
from klgui.core.numerics.entries import TypedColumn
from klgui.model.text_column import TextColumn
from klgui.ui.flow_layout import FlowLayout
from klgui.ui.numbers import localize
from klgui.ui.pages.fit_plot import FitPlot
from klgui.ui.pages.line_scroll_area import LineScrollArea
from klgui.ui.pages.fit_points import PLOT_SHARE, FitPoints
from klgui.ui.pages.labs.lab_table import LabTable
from klgui.ui.result_worker import ResultWorker
from klgui.ui.table.outcome_table import warning_label

FAMILY_TITLES = {"binomial": "Binomial — fit p, n fixed", "poisson": "Poisson — fit λ",
                 "geometric": "Geometric — fit p", "normal": "Normal — fit μ, σ fixed",
                 "zipf": "Zipf — fit s"}
#: A computation shorter than this never shows "Computing…" (no flicker).
BUSY_AFTER_MS = 150


class FitPage(FitPoints, QWidget):
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
        self._reference: TypedColumn | None = None  # P as typed, for the exact figures
        self._labels: Sequence[str] = ()
        self.unit, self.digits, self.model_name = "nats", 6, "Q"
        self.result: FitResult | None = None
        self.rows: list = []  # (direction, StationaryPoint or None for "∞ everywhere")
        self.busy = False
        self._stale = False
        self._request = 0
        self._input = None  # (p, labels, family, fixed) the shown result was computed for
        self._fixed_for: tuple[str, ...] | None = None  # outcomes n and σ were set for
        self._touched: set[str] = set()  # the fixed parameters a person set for them
        self._outcomes = None  # outcome_values of those outcomes
        self._worker = ResultWorker(self)  # the newest request supersedes the running one
        self._worker.sigFinished.connect(self._came)
        self._worker.sigFailed.connect(self._bug)
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
        self.family.currentIndexChanged.connect(self._request_curves)
        for key, box in (("n", self.n), ("sd", self.sd)):
            box.valueChanged.connect(partial(_note, self._touched, key))
            box.valueChanged.connect(self._request_curves)
        self.error = warning_label(self, "Fit lab problem")
        self.smoothing_note = QLabel(self)  # while the figures are smoothed
        self.smoothing_note.setWordWrap(True)
        self.smoothing_note.setAccessibleName("Fit lab and smoothing")
        self.smoothing_note.hide()
        self.computing = QLabel("Computing the curves…", self)
        self.computing.setAccessibleName("Computing")
        self.computing.hide()

        self.plot = FitPlot(self)
        self.points = LabTable("Stationary points", self)
        self.points.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.points.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.points.verticalHeader().hide()
        self.use = QPushButton("Use th&is fit", self)
        self.use.clicked.connect(self._use)
        self.use.setEnabled(False)
        # why Use this fit changed nothing, under the button, where the person looks
        # (the status bar at the window's foot says it too)
        self.use_problem = warning_label(self, "Why this fit was not used")
        self.lesson = QLabel(self)
        self.lesson.setWordWrap(True)
        self.lesson.setAccessibleName("What the curves show")
        self.lesson.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lesson.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.lesson.setTextFormat(Qt.TextFormat.RichText)
        # beside the plot the text scrolls, showing whole lines only
        self.lesson_area = LineScrollArea(self.lesson, self)
        self.lesson_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        top = FlowLayout()
        family_label = QLabel("Famil&y:", self, buddy=self.family)
        for label in (family_label, self.n_label, self.sd_label):  # level with the boxes
            label.setMinimumHeight(self.family.sizeHint().height())
            label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        for w in (family_label, self.family, self.n_label, self.n, self.sd_label, self.sd):
            top.addWidget(w)
        use_row = QHBoxLayout()
        self.target = QLabel(self)
        self.target.setAccessibleName("The model Use this fit sets")
        use_row.addWidget(self.use)
        use_row.addWidget(self.target)
        use_row.addWidget(self.computing, 1)
        side = QVBoxLayout()
        side.addWidget(self.points)
        side.addLayout(use_row)
        side.addWidget(self.use_problem)
        side.addWidget(self.lesson_area, 1)
        # the plot, and beside it the text where the table stands below both and the
        # room allows (fit_points._arrange moves the text between here and ``side``)
        self.upper = QHBoxLayout()
        self.upper.addWidget(self.plot, PLOT_SHARE)
        self.middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.middle.addLayout(self.upper, 1)
        self.middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.smoothing_note)
        layout.addLayout(self.middle, 1)
        self._show_fixed()
        self._say_model()

    # --- public ----------------------------------------------------------------------

    def show_result(self, result, labels: Sequence[str], digits: int,
                    reference: TypedColumn | None = None) -> None:
        """Follow the document's Result (klgui.model.results): its reference P, unit and
        focus model's name; when there is no comparison, say why. ``reference``: P's
        entries as typed (Document.typed_column), used when the figures are not
        smoothed, so each stationary point's D is the Figures page's once it is used."""
        c = result.comparison
        smoothed = c is not None and c.smoothing is not None
        self.smoothing_note.setText(fit_smoothing_note(localize(c.smoothing.describe()))
                                    if smoothed else "")
        self.smoothing_note.setVisible(smoothed)
        if c is None:
            self.show_nothing(str(result.error))
            return
        # smoothed, the data as typed: smoothing P alone against an unsmoothed Q_θ
        # would be neither the data nor the Figures page's comparison
        raw = result.unsmoothed if smoothed else c
        if raw is None:  # (a smoothed result keeps its unsmoothed one; never None)
            raw, reference = c, None
        self.show_reference(raw.p, labels, c.base, digits, result.model_name, reference)

    def show_reference(self, p: Sequence[float] | np.ndarray, labels: Sequence[str],
                       unit: str = "nats", digits: int = 6, model_name: str = "Q",
                       reference: TypedColumn | None = None) -> None:
        """Fit against reference ``p`` (shape (n,)) over outcomes ``labels`` (read as
        numbers when they all are, a last "≥ K" holding a tail), figures in ``unit``,
        ``model_name`` the model a chosen fit replaces. The stationary points' D are the
        exact core's (klgui.core.families.fit_exact) for ``reference``, P's entries as
        typed (shape (n,)), or else for ``p``'s doubles. Drawn now when shown, else when
        next shown."""
        self.p = np.asarray(p, dtype=np.float64)
        self._reference = reference if reference is not None and \
            reference.values.size == self.p.size else None
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

    def show_use_problem(self, message: str) -> None:
        """Say under Use this fit why the chosen fit was not used ("" clears it: a later
        action succeeded)."""
        self.use_problem.setText(message)
        self.use_problem.setVisible(bool(message))
        self._fit_use_problem()
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if message and area is not None:  # the page scrolls (a small screen): into view
            self.layout().activate()
            area.ensureWidgetVisible(self.use_problem)

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
        """n follows the largest count, σ the reference's spread, until a person sets
        them; what they set stays while the outcomes do."""
        labels = tuple(str(x) for x in self._labels)
        if self.p.size != len(labels):
            return
        if labels != self._fixed_for:
            self._fixed_for = labels
            self._touched.clear()
            try:
                self._outcomes = outcome_values(labels)
            except DistributionError:
                self._outcomes = None
        outcomes = self._outcomes
        if outcomes is None:
            return
        values = outcomes.values
        blocker = [self.n.blockSignals(True), self.sd.blockSignals(True)]
        try:
            top = outcomes.tail if outcomes.tail is not None else np.max(values)
            if "n" not in self._touched:
                self.n.setValue(max(1, int(math.floor(top))) if np.isfinite(top) else 1)
            total = math.fsum(self.p)
            if total > 0 and "sd" not in self._touched:
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
        self.family.setToolTip(FAMILY_NOTES[key])

    def _say_model(self) -> None:
        self.use.setToolTip(f"Set {self.model_name} to the selected fit (one undo step)")
        self.target.setText(f"→ {self.model_name}")

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
        reference = self._reference
        wanted = (self.p.tobytes(), labels, key, tuple(fixed.items()), id(reference))
        self._request += 1
        number = self._request
        if wanted == self._input and self.result is not None:
            self._set_busy(False)
            self._done(number, self.result)  # the same curves in another unit or digits
            return
        try:
            known = self._outcomes if labels == self._fixed_for else None
            model = fit_model(key, known or outcome_values(labels), **fixed)
        except DistributionError as e:
            self._failed(number, e)
            return
        p = self.p.copy()
        self._input = None
        self._set_busy(True)
        self._worker.submit(_FitJob(number, wanted, lambda cancelled=None: fit_curves(
            p, model, labels=labels, cancelled=cancelled, reference=reference)))

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

    def _came(self, job: _FitJob, result) -> None:
        """A job's result: the curves, or the DistributionError that says why not."""
        if job.number != self._request:
            return  # a newer request is on its way
        job_input, result = result
        number = job.number
        self._set_busy(False)
        if isinstance(result, DistributionError):
            self._failed(number, result)
        else:
            self._input = job_input
            self._done(number, result)

    def _bug(self, error: BaseException) -> None:
        """A job raised something other than a DistributionError: a bug, raised here on
        the GUI thread (reported like any error in a slot)."""
        self._set_busy(False)
        raise error

    def _failed(self, number: int, error: DistributionError) -> None:
        if number != self._request:
            return
        self._set_busy(False)
        self.result, self._input, self.rows = None, None, []
        self.error.setText(localize(str(error), keep_quoted=True))
        self.error.show()
        self.plot.clear_result()
        self.points.model_.set_table([], 0)
        self.lesson.clear()
        self.use.setEnabled(False)
        self.show_use_problem("")  # it was about a fit no longer shown
        self.sigResultShown.emit(None)

    def _done(self, number: int, result: FitResult) -> None:
        if number != self._request:
            return
        self.result = result
        self.error.hide()
        self.plot.show_result(result, self.unit)
        scale, symbol = nats_per_unit(self.unit), result.model.symbol
        rows = []
        for direction, curve in ((FORWARD, result.forward), ("reverse", result.reverse)):
            rows += [(direction, s) for s in curve.points]
            if curve.infinite_reason:
                rows.append((direction, None))
        self._fill_points(rows, symbol, scale)
        lesson = localize(fit_lesson(result, self.unit, self.digits), keep_quoted=True)
        note = FAMILY_NOTES[result.model.family]
        # lines a line apart (a blank one between, no paragraph margins): the text's
        # scroll area shows whole lines
        self.lesson.setText(f"{escape(lesson).replace(chr(10), '<br>')}<br><br>"
                            f"<i>{escape(note)}</i>")
        self.sigResultShown.emit(result)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _use(self) -> None:
        spec = self.selected_spec()
        if spec is not None:
            self.fitChosen.emit(spec)


def _note(touched: set[str], key: str, *_) -> None:
    """A person set the fixed parameter ``key`` (a function, not a lambda on the page:
    no reference cycle through the spin box's connection)."""
    touched.add(key)


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
