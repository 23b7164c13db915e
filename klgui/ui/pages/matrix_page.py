"""The k×k matrix of divergences, row against column, with a colour scale, the
asymmetry D(i‖j) − D(j‖i) at a click, and the triangle check.

Standalone: the window hands it a :class:`~klgui.core.numerics.many.DivergenceMatrix`
with :meth:`MatrixPage.show_matrix`, and computes another when the page asks for the
other metric (:attr:`MatrixPage.metricChanged`).
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
from PySide6.QtCore import QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox,
                               QHeaderView, QLabel, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from klgui.core.numerics.many import DivergenceMatrix
from klgui.core.numerics.triangle import triangle_check
from klgui.core.teaching.triangle import metric_note, triangle_text
from klgui.ui.numbers import figure_text, full_precision_text, localize
from klgui.ui.pages.page_height import height_above
from klgui.ui.pages.heat_colours import (INFINITE_FILL, UNDEFINED_FILL, diverging, gradient,
                                         paint_hatched, sequential, text_on)
from klgui.ui.flow_layout import FlowLayout
from klgui.ui.shell.look import WARNING_STYLE, ink

__all__ = ["MatrixPage", "ColourScale"]

METRIC_NAMES = {"kl": "KL divergence D(row‖column)", "js_distance": "Jensen–Shannon distance"}
#: Item data: the cell's fill (QColor) and whether it is hatched (infinite).
FILL_ROLE = Qt.ItemDataRole.UserRole + 1
HATCH_ROLE = Qt.ItemDataRole.UserRole + 2


class HeatDelegate(QStyledItemDelegate):
    """A cell filled with its colour, hatched when infinite, its text in black or white
    (whichever reads on the fill), bold and a little larger."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        fill = index.data(FILL_ROLE)
        rect = QRectF(option.rect).adjusted(1, 1, -1, -1)
        painter.save()
        if fill is None:
            painter.fillRect(rect, option.palette.base())
            colour = ink(option.widget)
        elif index.data(HATCH_ROLE):
            paint_hatched(painter, rect, fill, QColor("#bbbbbb"))
            colour = QColor("white")
        else:
            painter.fillRect(rect, fill)
            colour = text_on(fill)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        font = QFont(option.font)
        font.setBold(True)
        if "∞" in text:  # the sign is small in most fonts
            font.setPointSizeF(font.pointSizeF() * 1.5)
        painter.setFont(font)
        if index.data(HATCH_ROLE):  # a plate under the text, so the hatching never cuts it
            width = painter.fontMetrics().horizontalAdvance(text) + 12
            plate = QRectF(0, 0, width, painter.fontMetrics().height() + 4)
            plate.moveCenter(rect.center())
            painter.fillRect(plate, fill)
        painter.setPen(colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(option.palette.highlight().color())
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()


class ColourScale(QWidget):
    """The key of the colours: a gradient from its low to its high end, with numbers,
    and a hatched swatch for ∞ (or ±∞ for the asymmetry)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.low = self.high = ""
        self.diverging = False
        self.infinite = "∞"
        self.setMinimumHeight(self.fontMetrics().height() * 3)
        self.setAccessibleName("Colour scale")

    def set_scale(self, low: str, high: str, diverging_scale: bool, infinite: str) -> None:
        self.low, self.high, self.diverging, self.infinite = (low, high, diverging_scale,
                                                              infinite)
        self.setAccessibleDescription(f"Colours from {low} to {high}"
                                      + (f"; hatched: {infinite}" if infinite else ""))
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        line = metrics.height()
        swatch = metrics.horizontalAdvance(self.infinite) + 60 if self.infinite else 0
        bar = QRectF(4, 2, max(self.width() - swatch - 24, 40), line * 1.2)
        painter.fillRect(bar, gradient(bar, self.diverging))
        painter.setPen(ink(self))
        painter.drawRect(bar)
        below = QRectF(bar.left(), bar.bottom() + 2, bar.width(), line + 4)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, self.low)
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, self.high)
        if self.diverging:
            painter.drawText(below, Qt.AlignmentFlag.AlignHCenter, "0")
        if not self.infinite:
            painter.end()
            return
        box = QRectF(bar.right() + 16, bar.top(), swatch - 8, bar.height())
        paint_hatched(painter, box, INFINITE_FILL, QColor("#bbbbbb"))
        painter.setPen(ink(self))
        painter.drawRect(box)
        painter.drawText(QRectF(box.left(), below.top(), box.width(), below.height()),
                         Qt.AlignmentFlag.AlignHCenter, self.infinite)
        painter.end()


class MatrixPage(QWidget):
    """The matrix of D(row‖column) (or the JS distance), coloured, with its asymmetry
    and the triangle check. Emits :attr:`metricChanged` ("kl" or "js_distance") when a
    person picks the other metric."""

    metricChanged = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix: DivergenceMatrix | None = None
        self.unit, self.digits = "nats", 6
        self.metric_choice = QComboBox(self)
        for key, name in METRIC_NAMES.items():
            self.metric_choice.addItem(name, key)
        self.metric_choice.setAccessibleName("Metric")
        self.metric_choice.setToolTip("What each cell shows: the KL divergence of the row's "
                               "distribution from the column's, or the Jensen–Shannon "
                               "distance (symmetric, a metric).")
        self.metric_choice.currentIndexChanged.connect(
            lambda *_: self.metricChanged.emit(self.metric_choice.currentData()))
        # the formula is in the tooltip and the caption: a check box does not wrap, and
        # with it the page scrolled sideways at 1024×768 beside the table
        self.asymmetry = QCheckBox("Show the &asymmetry", self)
        self.asymmetry.setToolTip("D(row‖column) − D(column‖row): each cell minus its mirror "
                                  "image across the diagonal; 0 where the two directions "
                                  "agree.")
        self.asymmetry.toggled.connect(lambda *_: self._render())
        controls = FlowLayout()  # wraps onto a second line when narrow or zoomed
        controls.addWidget(QLabel("Show:", self))
        controls.addWidget(self.metric_choice)
        controls.addWidget(self.asymmetry)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, 0, self)
        self.table.setAccessibleName("Divergence matrix")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegate(HeatDelegate(self.table))
        font = self.table.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)  # read from the back of a room
        self.table.setFont(font)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setFont(font)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(int(self.table.fontMetrics().height() * 2))
        self.scale = ColourScale(self)
        self.triangle = QLabel(self)
        self.triangle.setWordWrap(True)
        self.triangle.setAccessibleName("Triangle check")
        bold = self.triangle.font()
        bold.setPointSizeF(bold.pointSizeF() * 1.1)
        self.triangle.setFont(bold)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.hide()
        layout = QVBoxLayout(self)
        m = layout.contentsMargins()
        layout.setContentsMargins(m.left(), 2, m.right(), m.bottom())  # under its tabs
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        # the lesson and what a cell means under the matrix, the lesson first: above
        # it, at 1024×768 and 150% the matrix began below the page's foot
        layout.addWidget(self.triangle)
        layout.addWidget(self.caption)
        layout.addWidget(self.scale)
        layout.addWidget(self.note)

    def key_height(self) -> int:
        """The height from the top of the page to the foot of the matrix, every row at
        its least height, at the page's width, in pixels: what a presentation needs
        without scrolling (the colour scale and the note may scroll)."""
        table = self.table
        least = table.verticalHeader().minimumSectionSize()
        rows = sum(max(least, table.sizeHintForRow(i)) for i in range(table.rowCount()))
        return height_above(self, table) + table.horizontalHeader().sizeHint().height() \
            + rows + 2 * table.frameWidth()

    def show_nothing(self, message: str) -> None:
        """No matrix: say why."""
        self.matrix = None
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        for w in (self.table, self.scale, self.triangle, self.note):
            w.hide()
        self.caption.setText("")
        self.message.setText(message)
        self.message.show()

    def show_matrix(self, matrix: DivergenceMatrix, unit: str, digits: int) -> None:
        """Show ``matrix`` (its figures in ``unit``) to ``digits`` significant digits."""
        self.matrix, self.unit, self.digits = matrix, unit, digits
        with QSignalBlocker(self.metric_choice):
            self.metric_choice.setCurrentIndex(self.metric_choice.findData(matrix.metric))
        symmetric = matrix.metric != "kl"
        if symmetric:
            with QSignalBlocker(self.asymmetry):
                self.asymmetry.setChecked(False)
        self.asymmetry.setEnabled(not symmetric)
        self.asymmetry.setToolTip("The Jensen–Shannon distance is symmetric: every "
                                  "difference would be 0." if symmetric else
                                  "Each cell minus its mirror image across the diagonal.")
        self.message.hide()
        for w in (self.table, self.scale, self.triangle, self.note):
            w.show()
        self._render()

    def _render(self) -> None:
        m = self.matrix
        if m is None:
            return
        asym = self.asymmetry.isChecked() and m.metric == "kl"
        kl = m.metric == "kl"
        unit = f" {self.unit}" if kl else ""
        if asym:
            self.caption.setText(f"Cell (row, column) = D(row‖column) − D(column‖row), in "
                                 f"{self.unit}: how much the direction matters. ±∞ where "
                                 "only one direction is infinite.")
        elif kl:
            self.caption.setText(f"Cell (row, column) = D(row‖column) in {self.unit}: the "
                                 "information lost when the column is used in place of the "
                                 "row. Diagonal 0; ∞ where the column gives probability 0 to "
                                 "an outcome the row allows.")
        else:
            self.caption.setText("Cell (row, column) = the Jensen–Shannon distance "
                                 f"√JS (JS in {self.unit}); symmetric, diagonal 0.")
        k = m.k
        self.table.setRowCount(k)
        self.table.setColumnCount(k)
        self.table.setHorizontalHeaderLabels(list(m.names))
        self.table.setVerticalHeaderLabels(list(m.names))
        if asym:
            a = m.asymmetry()
            values, defined = a.values, a.defined
        else:
            values, defined = m.values, m.known
        finite = np.abs(values[defined & np.isfinite(values)])
        top = float(finite.max()) if finite.size else 0.0
        for i in range(k):
            for j in range(k):
                self.table.setItem(i, j, self._cell(m, i, j, float(values[i, j]),
                                                    bool(defined[i, j]), top, asym))
        d = self.digits
        if asym:
            self.scale.set_scale(f"−{figure_text(top, d)}" if top else "0",
                                 f"+{figure_text(top, d)}{unit}", True, "±∞ / ∞ both ways")
        else:
            self.scale.set_scale("0", f"{figure_text(top, d)}{unit}", False,
                                 "∞" if kl else "")  # √JS ≤ √ln 2: never infinite
        check = triangle_check(m)
        self.triangle.setText(localize(triangle_text(check, m.names, min(d, 4))))
        self.triangle.setStyleSheet(WARNING_STYLE if check.broken else "")
        self.note.setText(localize(metric_note(m.metric)))

    def _cell(self, m: DivergenceMatrix, i: int, j: int, value: float, defined: bool,
              top: float, asym: bool) -> QTableWidgetItem:
        item = QTableWidgetItem()
        names = m.names
        what = (f"D({names[i]}‖{names[j]}) − D({names[j]}‖{names[i]})" if asym else
                f"D({names[i]}‖{names[j]})" if m.metric == "kl" else
                f"JS distance({names[i]}, {names[j]})")
        if not m.known[i, j] or (asym and not m.known[j, i]):
            problem = m.problem(i, j) or m.problem(j, i) or ""
            item.setText("—")
            item.setToolTip("<p>" + escape(f"{what}: cannot be compared. "
                                           f"{localize(problem, keep_quoted=True)}",
                                           quote=False) + "</p>")
            return item
        if not defined:  # asymmetry with both directions infinite
            item.setText("∞ both ways")
            item.setData(FILL_ROLE, UNDEFINED_FILL)
            item.setData(HATCH_ROLE, True)
            item.setToolTip(f"{what}: both directions are infinite; ∞ − ∞ has no value.")
            return item
        if math.isinf(value):
            item.setText(("+∞" if asym else "∞") if value > 0 else "−∞")
            item.setData(FILL_ROLE, INFINITE_FILL if not asym else
                         diverging(1.0 if value > 0 else -1.0).darker(250))
            item.setData(HATCH_ROLE, True)
        else:
            text = figure_text(value, self.digits)
            item.setText(f"+{text}" if asym and value > 0 else text)
            t = (value / top if top > 0 else 0.0)
            item.setData(FILL_ROLE, diverging(t) if asym else sequential(t))
        unit = f" {self.unit}" if m.metric == "kl" else ""
        item.setToolTip(f"{what} = {full_precision_text(value)}{unit}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{what} = {item.text()}")
        return item
