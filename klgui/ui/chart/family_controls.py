"""Sliders and spin boxes for one family's parameters, beside the chart.

Follows pyqtgraph's pattern: ``specChanging`` while a slider is dragged (figures follow
live), ``specChanged`` once when the gesture ends (one undo step); a spin box edit, a
key press or a click on the slider's track is a gesture of its own. Slider and spin box
are kept in step both ways with their signals blocked, so there is no feedback loop
(napari's habit), and setting an unchanged value does nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QGridLayout, QLabel, QSlider, QWidget

from klgui.core import DistributionError
from klgui.core.families import (PARAMETER_RANGES, Family, Poisson, family_from_spec,
                                 parameter_name)
from klgui.core.families.counts import poisson_lambda_range
from klgui.ui.chart.typed_boxes import CheckedDoubleSpinBox, CheckedSpinBox, refusal_text
from klgui.ui.numbers import localize

#: Slider positions of a parameter with a continuous value.
STEPS = 1000
#: The smallest top of a whole-number slider (n, K): one position per value from the
#: bottom, so one arrow key moves 10 to 11.
WHOLE_SPAN = 30


@dataclass(frozen=True)
class Knob:
    """One parameter's control: its key, label, the slider's default range, whether it
    is whole (the slider's positions are the values) or log, and ``limits``, what the
    spin box accepts (any valid value: the slider's range re-centres on it)."""

    key: str
    label: str
    low: float
    high: float
    whole: bool = False
    log: bool = False
    decimals: int = 4
    limits: tuple[float, float] = (-1e9, 1e9)
    #: The values the family takes with its other parameters as they are (Poisson's λ
    #: at this K: core poisson_lambda_range), which the slider never leaves; None: any.
    working: tuple[float, float] | None = None


#: What the box of a parameter without a highest (lowest) value shows at most (least).
_BOX_CAP = 1e9


def box_limits(family: str, key: str, decimals: int = 4) -> tuple[float, float]:
    """What the spin box of parameter ``key`` of ``family`` takes: the family's own range
    (core.families.PARAMETER_RANGES, so the box and the family agree: λ up to 1e6, n up
    to 10,000,000), a lowest value the family refuses (λ > 0) raised to the smallest the
    box shows above it (10^-decimals), a range without an end (μ, σ) capped at ±1e9."""
    low, high, open_low = PARAMETER_RANGES[(family, key)]
    if open_low:
        low += 10.0 ** -decimals
    return max(low, -_BOX_CAP), min(high, _BOX_CAP)


def _knob(family: str, key: str, low: float, high: float, **kw: Any) -> Knob:
    """Parameter ``key``'s knob, labelled as the core names it (λ, K: parameter_name)."""
    return Knob(key, parameter_name(key), low, high, limits=box_limits(family, key), **kw)


KNOBS: dict[str, tuple[Knob, ...]] = {
    "binomial": (_knob("binomial", "n", 1, WHOLE_SPAN + 1, whole=True),
                 _knob("binomial", "p", 0.0, 1.0)),
    "poisson": (_knob("poisson", "lam", 0.01, 700.0, log=True),  # e^−708.4 is 2.2e-308
                _knob("poisson", "tail", 1, WHOLE_SPAN + 1, whole=True)),
    "geometric": (_knob("geometric", "p", 0.001, 1.0, log=True),
                  _knob("geometric", "tail", 1, WHOLE_SPAN + 1, whole=True)),
    "uniform": (),
    "zipf": (_knob("zipf", "s", -3.0, 6.0),),
    "normal": (_knob("normal", "mean", -10.0, 10.0),
               _knob("normal", "sd", 0.01, 100.0, log=True)),
    "logits": (_knob("logits", "temperature", 0.01, 1000.0, log=True),),
}


def outcome_span(outcomes: np.ndarray | None) -> tuple[float, float, float] | None:
    """The outcomes' smallest and largest value and smallest spacing (1 for one
    outcome), read once per set of outcomes; None for none."""
    if outcomes is None or not np.size(outcomes):
        return None
    v = np.unique(np.asarray(outcomes, dtype=np.float64))
    spacing = float(np.min(np.diff(v))) if v.size > 1 else 1.0
    return float(v[0]), float(v[-1]), spacing


def ranged(k: Knob, value: float, span: tuple[float, float, float] | None = None,
           working: tuple[float, float] | None = None) -> Knob:
    """The slider's range for ``k`` showing ``value``, on a table whose outcomes have
    this :func:`outcome_span` (None: the knob's default range), within ``working``, the
    values the family takes (None: any), so no position of the slider is refused.

    Whole numbers (n, K): positions are the values, from the bottom to at least
    twice the value (WHOLE_SPAN at least). μ: the outcomes' span and a little beyond
    (the larger of one spacing and a tenth of the span). σ: log, from a twentieth of
    the smallest spacing to the span. Every range holds ``value``."""
    low, high = k.low, k.high
    if k.whole:
        return replace(k, high=max(2 * int(value), int(low) + WHOLE_SPAN))
    if span is not None and k.key in ("mean", "sd"):
        first, last, spacing = span
        if k.key == "mean":
            margin = max(spacing, (last - first) / 10)
            low, high = first - margin, last + margin
        else:
            low, high = spacing / 20, max(last - first, spacing)
    if k.log:
        low, high = min(low, value / 2) if value > 0 else low, max(high, value * 2)
    else:
        low, high = min(low, value), max(high, value)
    if working is not None:
        inner = max(low, min(working[0], value)), min(high, max(working[1], value))
        if inner[0] < inner[1]:
            low, high = inner
    return replace(k, low=low, high=high, working=working)


def _to_slider(k: Knob, v: float) -> int:
    v = min(max(v, k.low), k.high)
    if k.whole:
        return int(round(v))
    f = (math.log(v / k.low) / math.log(k.high / k.low)) if k.log else \
        (v - k.low) / (k.high - k.low)
    return round(f * STEPS)


def _from_slider(k: Knob, i: int) -> float:
    if k.whole:
        return float(i)
    f = i / STEPS
    if k.log:
        v = k.low * (k.high / k.low) ** f
        return float(f"{v:.{k.decimals}g}")
    v = k.low + f * (k.high - k.low)
    places = max(0, math.ceil(-math.log10((k.high - k.low) / STEPS)))  # one step shows
    return float(round(v, min(places, 12))) + 0.0  # never -0.0


class FamilyControls(QWidget):
    """A slider and a spin box per parameter of one family spec.

    Parameters
    ----------
    spec : dict or Family
        A session family object (``{"name": "binomial", "n": 10, "p": 0.3}``) or a
        logits column's (``{"logits": [...], "temperature": 2}``).
    outcomes : ndarray, shape (n,), optional
        The table's outcomes as numbers (core.families.outcome_values(...).values): μ
        and σ sliders span them (see :func:`ranged`); :meth:`set_outcomes` changes them.
    """

    specChanging = Signal(dict)
    specChanged = Signal(dict)
    #: Why a typed value was not taken (the family's own words), to show.
    sigRefused = Signal(str)

    def __init__(self, spec: dict[str, Any] | Family, parent: QWidget | None = None,
                 outcomes: np.ndarray | None = None) -> None:
        super().__init__(parent)
        self._family = family_from_spec(spec)
        name = self._family.name
        self.knobs = KNOBS[name]
        self._span = outcome_span(outcomes) if any(
            k.key in ("mean", "sd") for k in self.knobs) else None
        #: Each slider's range now, by key (a Knob of :func:`ranged`).
        self.ranges: dict[str, Knob] = {}
        self._working_cache: dict[tuple[str, int], tuple[float, float] | None] = {}
        self.sliders: dict[str, QSlider] = {}
        self.boxes: dict[str, QAbstractSpinBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        title = QLabel(f"<b>{localize(self._family.describe())}</b>", self)
        self.title = title
        grid.addWidget(title, 0, 0, 1, 3)
        for row, k in enumerate(self.knobs, start=1):
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setRange(0, STEPS)
            slider.setPageStep(STEPS // 20)
            slider.setAccessibleName(f"{k.label} slider")
            box: CheckedSpinBox | CheckedDoubleSpinBox
            if k.whole:
                box = CheckedSpinBox(self)
                box.setRange(int(k.limits[0]), int(k.limits[1]))
            else:
                box = CheckedDoubleSpinBox(self)
                box.setDecimals(k.decimals)
                box.setRange(*k.limits)
                if k.log:  # a step of about a tenth of the value
                    box.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
                else:
                    box.setSingleStep((k.high - k.low) / 100)
            box.setKeyboardTracking(False)  # a typed number counts when it is entered
            box.setAccessibleName(k.label)
            label = QLabel(f"{k.label} =", self)
            label.setBuddy(box)
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(box, row, 2)
            self.sliders[k.key], self.boxes[k.key] = slider, box
            slider.valueChanged.connect(lambda i, k=k: self._slid(k, i))
            slider.sliderReleased.connect(self._released)
            box.valueChanged.connect(lambda v, k=k: self._typed(k, v))
            box.sigNotTaken.connect(lambda v, typed, why, k=k: self._outside(k, v, typed, why))
        grid.setColumnStretch(1, 1)
        self._push(self._family)

    # --- public ----------------------------------------------------------------------

    @property
    def family(self) -> Family:
        """The family (or Softmax) shown."""
        return self._family

    def spec(self) -> dict[str, Any]:
        """The current family object."""
        return self._family.to_dict()

    def set_spec(self, spec: dict[str, Any] | Family) -> None:
        """Show ``spec`` without emitting anything (the model pushing its state back).

        Raises
        ------
        DistributionError
            A spec of another family, or a bad one.
        """
        family = family_from_spec(spec)
        if family.name != self._family.name:
            raise DistributionError(f"These controls are for the {self._family.name} "
                                    f"family, not {family.name}.")
        if family == self._family:
            return
        self._family = family
        self._push(family)

    def set_outcomes(self, outcomes: np.ndarray | None) -> None:
        """The table's outcomes as numbers changed: the sliders' ranges follow (emits
        nothing)."""
        if not any(k.key in ("mean", "sd") for k in self.knobs):
            return
        self._span = outcome_span(outcomes)
        for k in self.knobs:  # only μ and σ follow the outcomes; never mid-drag
            if k.key in ("mean", "sd") and not self.sliders[k.key].isSliderDown():
                self._rerange(k, getattr(self._family, k.key))

    # --- in step ---------------------------------------------------------------------

    def _working(self, k: Knob) -> tuple[float, float] | None:
        """The values of ``k`` the family takes with its other parameters as they are:
        Poisson's λ at this K (core poisson_lambda_range, once per K), else None. Its
        top, about 708.4, is where e^−λ leaves the normal doubles, whatever K."""
        family = self._family
        if k.key != "lam" or not isinstance(family, Poisson):
            return None
        key = (k.key, family.tail)
        if key not in self._working_cache:
            try:
                self._working_cache[key] = poisson_lambda_range(family.tail, family.lam,
                                                                k.decimals)
            except DistributionError:  # the family shown is refused: nothing to keep to
                return None
        return self._working_cache[key]

    def _rerange(self, k: Knob, v: float, always: bool = True) -> Knob:
        """Set the slider of ``k`` to the range for value ``v``. A whole-number slider
        keeps its range unless ``always`` or ``v`` is in its top quarter or far below
        its top, so an arrow key near the top keeps moving by one. A range within the
        values the family takes (:meth:`_working`) follows them when they change."""
        now = self.ranges.get(k.key)
        working = self._working(k)
        if now is not None and not always and now.working == working and (
                k.whole and v <= 0.75 * now.high
                and (now.high <= k.low + WHOLE_SPAN or v >= now.high / 4)
                or not k.whole and now.low <= v <= now.high):
            return now  # a slider step keeps the range (no jump under the mouse)
        r = ranged(k, v, self._span, working)
        self.ranges[k.key] = r
        slider = self.sliders[k.key]
        blocked = slider.blockSignals(True)
        if k.whole:
            slider.setRange(int(r.low), int(r.high))
            slider.setPageStep(max(1, int(r.high - r.low) // 10))
        else:
            if k.key == "mean" and self._span is not None:  # the box steps too
                self.boxes[k.key].setSingleStep((r.high - r.low) / 100)
        slider.setValue(_to_slider(r, v))
        slider.blockSignals(blocked)
        return r

    def _push(self, family: Family) -> None:
        for k in self.knobs:
            v = getattr(family, k.key)
            r = self._rerange(k, v)
            for w, value in ((self.sliders[k.key], _to_slider(r, v)),
                             (self.boxes[k.key], int(v) if k.whole else v)):
                blocked = w.blockSignals(True)
                w.setValue(value)
                w.blockSignals(blocked)
        self.title.setText(f"<b>{localize(family.describe())}</b>")

    def _with(self, k: Knob, value: float) -> Family | None:
        return self._tried(k, value)[0]

    def _tried(self, k: Knob, value: float) -> tuple[Family | None, str]:
        """The family with ``k`` at ``value``, or None and the family's reason."""
        d = self._family.to_dict()
        whole = k.whole and math.isfinite(value) and value == int(value)
        d[k.key] = int(value) if whole else value
        try:
            return family_from_spec(d), ""
        except DistributionError as e:
            return None, str(e)

    def _outside(self, k: Knob, value: float, typed: str, problem: str = "") -> None:
        """Text entered that the box cannot take (a number beyond its range, or no
        number): say why in the family's words, with the parameter's shown name and the
        text as typed, and show the value kept again."""
        self.sigRefused.emit(self._refusal(k, value, typed, problem))
        QTimer.singleShot(0, self, lambda k=k: self._show_again(k))

    def _refusal(self, k: Knob, value: float, typed: str | None = None,
                 problem: str = "") -> str:
        reason = "" if problem else self._tried(k, value)[1]
        return refusal_text(self._family.name, k.key, value, typed or "", problem, k.limits,
                            reason, None if k.whole else k.decimals) or (
                                f"{k.label} = {typed or value} is not taken.")

    def _show_again(self, k: Knob) -> None:
        box = self.boxes[k.key]
        v = getattr(self._family, k.key)
        blocked = box.blockSignals(True)
        box.setValue(int(v) if k.whole else v)
        box.lineEdit().setText(box.textFromValue(box.value()))
        box.blockSignals(blocked)
        box.selectAll()

    def _set(self, family: Family | None, final: bool, source: QWidget | None) -> None:
        if family is None:
            self._push(self._family)  # put the controls back
            return
        changed = family != self._family
        self._family = family
        for k in self.knobs:
            v = getattr(family, k.key)
            s = self.sliders[k.key]
            if s is not source:
                typed = self.boxes[k.key] is source
                self._rerange(k, v, always=typed)  # a typed value re-centres
            elif final:  # a key or a click: a whole slider grows near its top
                self._rerange(k, v, always=False)
            if self.boxes[k.key] is not source:
                b = self.boxes[k.key]
                blocked = b.blockSignals(True)
                b.setValue(int(v) if k.whole else v)
                b.blockSignals(blocked)
        self.title.setText(f"<b>{localize(family.describe())}</b>")
        if final:
            self.specChanged.emit(family.to_dict())
        elif changed:
            self.specChanging.emit(family.to_dict())

    def _slid(self, k: Knob, i: int) -> None:
        slider = self.sliders[k.key]
        dragging = slider.isSliderDown()
        family = self._with(k, _from_slider(self.ranges[k.key], i))
        if family is not None and family == self._family and not dragging:
            return
        self._set(family, final=not dragging, source=slider)

    def _released(self) -> None:
        for k in self.knobs:  # a drag to the top of n leaves room above
            self._rerange(k, getattr(self._family, k.key), always=False)
        self.specChanged.emit(self._family.to_dict())  # the gesture's one step

    def _typed(self, k: Knob, value: float) -> None:
        family = self._with(k, value)
        if family is not None and family == self._family:
            return
        if family is None:
            self.sigRefused.emit(self._refusal(k, value))
        self._set(family, final=True, source=self.boxes[k.key])
