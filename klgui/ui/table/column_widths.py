"""The outcome table's column widths.

The label column ("Outcome") takes the room the other columns leave, as a stretched
column would, but never less than its header's word: Qt's stretch mode keeps a stretched
section at its old size when there is no room left to share out (a narrow, zoomed table
showed "Jutcome" or "utcon"), whatever the header's minimum section size says. So the
label column is a fixed section whose width is set here, after every resize of the view,
of another column, and after a font change (a zoom).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from klgui.ui.table.outcome_model import LABEL

__all__ = ["ColumnWidths"]


class ColumnWidths(QObject):
    """Keeps the label column of ``view`` stretched to the room left, never narrower
    than its header's text."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self._busy = False  # the widths are being set here, not by a person
        self.label_minimum = 0
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Fixed)
        header.sectionResized.connect(self._section_resized)
        header.installEventFilter(self)  # its font changes after the table's on a zoom
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.columnsInserted, model.columnsRemoved,
                       model.headerDataChanged):
            signal.connect(self.stretch_label)
        self.measure_label()

    def measure_label(self) -> None:
        """How narrow the label column may be (its header's word with the header's
        margins), and the narrowest any column may be dragged (a short number)."""
        header = self.view.horizontalHeader()
        title = str(self.view.model().headerData(LABEL, Qt.Orientation.Horizontal))
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        self.label_minimum = header.fontMetrics().horizontalAdvance(title) + 2 * margin + 4
        header.setMinimumSectionSize(self.view.fontMetrics().horizontalAdvance("0.00000"))
        self.stretch_label()

    def others_width(self) -> int:
        """The width of every column but the label's, in pixels."""
        header = self.view.horizontalHeader()
        return sum(header.sectionSize(c) for c in range(header.count())
                   if c != LABEL and not header.isSectionHidden(c))

    def stretch_label(self, *_) -> None:
        """The label column as wide as the room the other columns leave in the view, and
        at least as wide as its header's word."""
        header = self.view.horizontalHeader()
        if header.count() <= LABEL:
            return
        width = max(self.label_minimum, self.view.viewport().width() - self.others_width())
        if header.sectionSize(LABEL) != width:
            self._set(LABEL, width)

    def _set(self, column: int, width: int) -> None:
        self._busy = True
        try:
            self.view.horizontalHeader().resizeSection(column, width)
        finally:
            self._busy = False

    def _section_resized(self, column: int, old: int, new: int) -> None:
        if column != LABEL and not self._busy:
            self.stretch_label()

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.view.viewport():
            self.stretch_label()
        elif kind == QEvent.Type.FontChange and watched is self.view.horizontalHeader():
            self.measure_label()
        return super().eventFilter(watched, event)
