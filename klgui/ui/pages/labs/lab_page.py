"""What the three lab pages share: the pair they show, drawing only when visible, the
headline sentence and the message shown when there is no pair."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtWidgets import QLabel, QWidget

from klgui.core.errors import DistributionError
from klgui.model.text_column import TextColumn
from klgui.ui.numbers import localize
from klgui.ui.table.outcome_table import warning_label

#: The headline's font: larger than the body, smaller than comparison_panel's figures.
HEADLINE_SCALE = 1.25
#: A key figure, as comparison_panel shows D(P‖Q).
FIGURE_SCALE = 1.8


def scaled_label(parent: QWidget, scale: float, *, bold: bool = True,
                 name: str = "") -> QLabel:
    label = QLabel(parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    return label


class LabPage(QWidget):
    """Keeps the focus pair; :meth:`draw_pair` runs when the page is visible (or when
    :meth:`update_now` is called), so a hidden lab costs nothing per edit."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.p = self.q = None
        self.labels: Sequence[str] = ()
        self.unit, self.digits = "nats", 6
        self._stale = False
        self.nothing = warning_label(self, "Why the lab has nothing to show")

    def show_pair(self, p: np.ndarray, q: np.ndarray, labels: Sequence[str], unit: str,
                  digits: int) -> None:
        """Show the focus pair: ``p`` and ``q`` normalized probabilities of equal length,
        ``labels`` their outcomes, ``unit`` nats/bits/hartleys, ``digits`` significant."""
        # Not copied: the window passes a Comparison's arrays, which are read-only (three
        # labs' copies took 48 MB at 1e6 outcomes). A lab never writes into them.
        self.p = np.asarray(p, dtype=float)
        self.q = np.asarray(q, dtype=float)
        self.labels, self.unit, self.digits = labels, unit, int(digits)
        self.nothing.hide()
        self._stale = True
        if self.isVisible():
            self.update_now()

    @property
    def labels(self) -> list[str]:
        """The outcomes' labels, copied when first read (a hidden page never reads them,
        so an edit does not copy 1e5 labels for each lab)."""
        if not isinstance(self._labels, list):
            self._labels = list(self._labels)
        return self._labels

    @labels.setter
    def labels(self, labels: Sequence[str]) -> None:
        # A document's TextColumn changes in place: keep a (cheap) copy of this version.
        self._labels = labels.copy() if isinstance(labels, TextColumn) else labels

    def show_nothing(self, message: str) -> None:
        """No pair to show (the entries cannot be compared): say why."""
        self.p = self.q = None
        self._stale = False
        self.set_content_visible(False)
        self.nothing.setText(localize(message, keep_quoted=True))
        self.nothing.show()

    def update_now(self) -> None:
        """Draw the latest pair now (tests call this on hidden pages)."""
        if self.p is not None:
            self._stale = False
            self.set_content_visible(True)
            try:
                self.draw_pair()
            except DistributionError as e:  # not a pair of distributions: say so
                self.show_nothing(str(e))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.update_now()

    def label(self, i: int) -> str:
        return self.labels[i] if i < len(self.labels) and self.labels[i] else str(i + 1)

    # -- for subclasses --------------------------------------------------------------
    def draw_pair(self) -> None:
        raise NotImplementedError

    def set_content_visible(self, visible: bool) -> None:
        raise NotImplementedError
