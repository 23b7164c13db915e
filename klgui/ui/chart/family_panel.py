"""The sliders under the chart: one set of :class:`FamilyControls` for the reference and
one for the model in focus, when they are filled from a family or from logits (a
teacher and its student share one temperature slider).

A slider's drag changes the document at every step (``specChanging``: every figure
follows) and is one undo step (``specChanged`` ends the gesture). When a parameter asks
for outcomes the table lacks (n of a Binomial above the last label) and the table holds
exactly the family's own outcomes, the outcomes follow; otherwise the change is refused
with the reason and the sliders go back. The controls follow the document both ways
(undo moves them) without echoing: FamilyControls.set_spec emits nothing.
"""

from __future__ import annotations

import numpy as np

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from klgui.core import DistributionError
from klgui.core.families import Family, Softmax, family_from_spec, outcome_values
from klgui.model.document import Change
from klgui.model.edits import Edits
from klgui.ui.chart.family_controls import FamilyControls
from klgui.ui.elide import ElidedNote
from klgui.ui.numbers import localize


class FamilyPanel(QWidget):
    """Sliders for the reference's and the focus model's families (hidden when neither
    has one). ``sigMessage`` says why a change was refused, and "" when that no longer
    holds (a later value was taken): a status bar then clears only that refusal, never
    a message shown over it since."""

    sigMessage = Signal(str)

    def __init__(self, edits: Edits, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits = edits
        self.document = edits.document
        self.setAccessibleName("Family sliders")
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(18)
        # why a change was refused: two lines at most, whole in its tooltip and the
        # status bar (three lines squeezed the chart's plot to ~100 px at 1366×768)
        self.note = ElidedNote(self)
        self.note.setAccessibleName("Why the change was refused")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(self.row)
        layout.addWidget(self.note)
        #: The controls shown, by role ("P", "Q"): (column ids they move, the controls).
        self.controls: dict[str, tuple[tuple[int, ...], FamilyControls]] = {}
        self._boxes: dict[str, QWidget] = {}
        self._gesture = 0
        #: The outcomes as numbers for the sliders' ranges; None until asked again
        #: after the labels change (read once per labels, not per slider step).
        self._values: np.ndarray | None = None
        self.document.subscribe(self._changed)
        self.sync()

    # -- following the document ---------------------------------------------------------
    def _changed(self, change: Change) -> None:
        if change.kind == "lab":  # the Bayes lab's work: no family changed
            return
        if not change.keeps_data:  # a later value was taken (a slider, the table, an
            self._forget_refusal()  # undo); a unit, digits or focus change is none
        if change.kind not in ("entries", "settings", "focus", "columns"):
            self._values = None  # the labels may have changed: the ranges follow
            for _, controls in self.controls.values():
                controls.set_outcomes(self.outcome_numbers())
        if change.kind != "labels":
            self.sync()

    def outcome_numbers(self) -> np.ndarray | None:
        """The table's outcomes as the families read them (numbers, else positions)."""
        if self._values is None:
            try:
                self._values = outcome_values(self.document.labels).values
            except DistributionError:
                return None
        return self._values

    def wanted(self) -> dict[str, tuple[tuple[int, ...], Family]]:
        """The controls the document asks for, by role: the columns they move and the
        family they show."""
        doc = self.document
        p, q = doc.family_of(doc.reference_id), doc.family_of(doc.focus_id)
        out = {}
        if isinstance(p, Softmax) and isinstance(q, Softmax) and \
                p.temperature == q.temperature:
            out["Q"] = ((doc.reference_id, doc.focus_id), q)  # one T for both
            return out
        if p is not None:
            out["P"] = ((doc.reference_id,), p)
        if q is not None:
            out["Q"] = ((doc.focus_id,), q)
        return out

    def sync(self) -> None:
        """Show the controls the document asks for, rebuilding only those whose family
        or columns changed (never the one being dragged)."""
        wanted = self.wanted()
        for role in ("P", "Q"):
            shown = self.controls.get(role)
            want = wanted.get(role)
            if want is not None and shown is not None and shown[0] == want[0] \
                    and shown[1].family.name == want[1].name:
                shown[1].set_spec(want[1])
                title = self._titles[role]
                _set_title(title, self._title(role, want[0], want[1]))
                continue
            if shown is not None:
                box = self._boxes.pop(role)
                self.row.removeWidget(box)
                box.hide()  # gone now, deleted when the event loop next can
                box.deleteLater()
                del self.controls[role]
            if want is not None:
                self._add(role, *want)
        self.setVisible(bool(self.controls))

    @property
    def _titles(self) -> dict[str, QLabel]:
        return {role: box.findChild(QLabel, "title") for role, box in self._boxes.items()}

    def _title(self, role: str, ids: tuple[int, ...], family: Family) -> str:
        doc = self.document
        if len(ids) == 2:
            return (f"One temperature for {doc.name_of(ids[0])} and "
                    f"{doc.name_of(ids[1])}: {localize(family.describe())}")
        what = "the reference" if role == "P" else "the model in focus"
        return f"{doc.name_of(ids[0])}, {what}: {localize(family.describe())}"

    def _add(self, role: str, ids: tuple[int, ...], family: Family) -> None:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        title = QLabel(box)
        title.setObjectName("title")
        # Plain text: a rich-text label lays its text out again after each new text
        # and asked for a second and third repaint of the panel per slider step. (Not
        # bold either: a font of its own does not follow the zoom under a style sheet.)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)  # at 150% on a small screen it wraps, never cut
        _set_title(title, self._title(role, ids, family))
        controls = FamilyControls(family, box, self.outcome_numbers())
        controls.title.hide()  # the title above says the family, and whose it is
        controls.setAccessibleName(f"Sliders of {self.document.name_of(ids[-1])}")
        column.addWidget(title)
        column.addWidget(controls)
        controls.specChanging.connect(lambda spec, r=role: self._moved(r, spec, False))
        controls.specChanged.connect(lambda spec, r=role: self._moved(r, spec, True))
        controls.sigRefused.connect(self._say)
        self.row.insertWidget(0 if role == "P" else self.row.count(), box, 1)
        self._boxes[role] = box
        self.controls[role] = (ids, controls)

    # -- changing the document ---------------------------------------------------------
    def _moved(self, role: str, spec: dict, final: bool) -> None:
        ids, controls = self.controls[role]
        gesture = ("slider", self._gesture)
        if final:
            self._gesture += 1
        try:
            self.edits.move_family(ids, family_from_spec(spec), gesture)
        except DistributionError as e:
            self._refused(localize(str(e), keep_quoted=True), controls)
            return
        self._forget_refusal()

    def _forget_refusal(self) -> None:
        """The note of a refused change goes, and its status bar message with it."""
        if self.note.isVisibleTo(self) or self.note.text():
            self.note.hide()
            self.note.setText("")
            self.sigMessage.emit("")

    def _refused(self, problem: str, controls: FamilyControls) -> None:
        self._say(problem)
        self.sync()  # the sliders go back to the document's family

    def _say(self, problem: str) -> None:
        """Show why a change was not made (a typed value outside the family's range,
        or a move the document refused)."""
        self.note.setText(f"Not changed: {problem}")
        self.note.show()
        self.sigMessage.emit(f"Not changed: {problem}")


def _set_title(label: QLabel, text: str) -> None:
    """``text`` on ``label``, wrapping between parameters, never inside one ("p =" at a
    line's end, "0.3)" on the next); the tooltip has it whole, with plain spaces."""
    label.setText(text.replace(" = ", "\u00a0=\u00a0"))
    label.setToolTip(text)
