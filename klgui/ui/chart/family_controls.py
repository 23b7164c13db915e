"""Sliders and spin boxes for one family's parameters, beside the chart.

Follows pyqtgraph's pattern: ``specChanging`` while a slider is dragged (figures follow
live), ``specChanged`` once when the gesture ends (one undo step); a spin box edit, a
key press or a click on the slider's track is a gesture of its own. Slider and spin box
are kept in step both ways with their signals blocked, so there is no feedback loop
(napari's habit), and setting an unchanged value does nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractSpinBox, QDoubleSpinBox, QGridLayout, QLabel,
                               QSlider, QSpinBox, QWidget)

from klgui.core import DistributionError
from klgui.core.families import FAMILIES, Family, Softmax, family_from_dict

#: Slider positions per parameter.
STEPS = 1000


@dataclass(frozen=True)
class Knob:
    """One parameter's control: its key, label, range, and whether it is whole or log."""

    key: str
    label: str
    low: float
    high: float
    whole: bool = False
    log: bool = False
    decimals: int = 4


KNOBS: dict[str, tuple[Knob, ...]] = {
    "binomial": (Knob("n", "n", 1, 1000, whole=True), Knob("p", "p", 0.0, 1.0)),
    "poisson": (Knob("lam", "λ", 0.01, 1000.0, log=True), Knob("tail", "K", 1, 10000,
                                                               whole=True)),
    "geometric": (Knob("p", "p", 0.001, 1.0, log=True), Knob("tail", "K", 1, 10000,
                                                             whole=True)),
    "uniform": (),
    "zipf": (Knob("s", "s", -3.0, 6.0),),
    "normal": (Knob("mean", "μ", -1000.0, 1000.0), Knob("sd", "σ", 0.001, 1000.0, log=True)),
    "logits": (Knob("temperature", "T", 0.01, 1000.0, log=True),),
}


def _to_slider(k: Knob, v: float) -> int:
    v = min(max(v, k.low), k.high)
    f = (math.log(v / k.low) / math.log(k.high / k.low)) if k.log else \
        (v - k.low) / (k.high - k.low)
    return round(f * STEPS)


def _from_slider(k: Knob, i: int) -> float:
    f = i / STEPS
    v = k.low * (k.high / k.low) ** f if k.log else k.low + f * (k.high - k.low)
    return float(round(v)) if k.whole else float(f"{v:.{k.decimals}g}")


class FamilyControls(QWidget):
    """A slider and a spin box per parameter of one family spec.

    Parameters
    ----------
    spec : dict or Family
        A session family object (``{"name": "binomial", "n": 10, "p": 0.3}``) or a
        logits column's (``{"logits": [...], "temperature": 2}``).
    """

    specChanging = Signal(dict)
    specChanged = Signal(dict)

    def __init__(self, spec: dict[str, Any] | Family, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._family = _read(spec)
        name = self._family.name
        self.knobs = KNOBS[name]
        self.sliders: dict[str, QSlider] = {}
        self.boxes: dict[str, QAbstractSpinBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        title = QLabel(f"<b>{self._family.describe()}</b>", self)
        self.title = title
        grid.addWidget(title, 0, 0, 1, 3)
        for row, k in enumerate(self.knobs, start=1):
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setRange(0, STEPS)
            slider.setPageStep(STEPS // 20)
            slider.setAccessibleName(f"{k.label} slider")
            box: QAbstractSpinBox
            if k.whole:
                box = QSpinBox(self)
                box.setRange(int(k.low), int(k.high))
            else:
                box = QDoubleSpinBox(self)
                box.setDecimals(k.decimals)
                box.setRange(k.low, k.high)
                box.setSingleStep((k.high - k.low) / 100 if not k.log else k.low * 10)
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
        family = _read(spec)
        if family.name != self._family.name:
            raise DistributionError(f"These controls are for the {self._family.name} "
                                    f"family, not {family.name}.")
        if family == self._family:
            return
        self._family = family
        self._push(family)

    # --- in step ---------------------------------------------------------------------

    def _push(self, family: Family) -> None:
        for k in self.knobs:
            v = getattr(family, k.key)
            for w, value in ((self.sliders[k.key], _to_slider(k, v)),
                             (self.boxes[k.key], int(v) if k.whole else v)):
                blocked = w.blockSignals(True)
                w.setValue(value)
                w.blockSignals(blocked)
        self.title.setText(f"<b>{family.describe()}</b>")

    def _with(self, k: Knob, value: float) -> Family | None:
        d = self._family.to_dict()
        d[k.key] = int(value) if k.whole else value
        try:
            return _read(d)
        except DistributionError:
            return None  # outside the family's range (p = 0 for Geometric): ignored

    def _set(self, family: Family | None, final: bool, source: QWidget | None) -> None:
        if family is None:
            self._push(self._family)  # put the controls back
            return
        changed = family != self._family
        self._family = family
        for k in self.knobs:
            v = getattr(family, k.key)
            if self.sliders[k.key] is not source:
                s = self.sliders[k.key]
                blocked = s.blockSignals(True)
                s.setValue(_to_slider(k, v))
                s.blockSignals(blocked)
            if self.boxes[k.key] is not source:
                b = self.boxes[k.key]
                blocked = b.blockSignals(True)
                b.setValue(int(v) if k.whole else v)
                b.blockSignals(blocked)
        self.title.setText(f"<b>{family.describe()}</b>")
        if final:
            self.specChanged.emit(family.to_dict())
        elif changed:
            self.specChanging.emit(family.to_dict())

    def _slid(self, k: Knob, i: int) -> None:
        slider = self.sliders[k.key]
        dragging = slider.isSliderDown()
        family = self._with(k, _from_slider(k, i))
        if family is not None and family == self._family and not dragging:
            return
        self._set(family, final=not dragging, source=slider)

    def _released(self) -> None:
        self.specChanged.emit(self._family.to_dict())  # the gesture's one step

    def _typed(self, k: Knob, value: float) -> None:
        family = self._with(k, value)
        if family is not None and family == self._family:
            return
        self._set(family, final=True, source=self.boxes[k.key])


def _read(spec: dict[str, Any] | Family) -> Family:
    if isinstance(spec, Family):
        return spec
    if isinstance(spec, dict) and "logits" in spec:
        return Softmax.from_dict(spec)
    if isinstance(spec, dict) and spec.get("name") in FAMILIES:
        return family_from_dict(spec)
    return family_from_dict(spec)  # raises, naming the problem
