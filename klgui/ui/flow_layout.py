"""A layout that wraps its widgets onto further lines when the width runs out (Qt's
Flow Layout example), so a row of controls never squeezes a combo box below its text."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QWidget

__all__ = ["FlowLayout"]


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line where the next one does not fit."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            natural = _natural_width(item, hint.width())
            right = area.right() + 1
            if natural != hint.width():  # a word-wrapping label: whole on one line if it can
                if x + natural > right and line > 0:
                    # a line of its own beats a corner, unless it takes as many lines
                    # there (the chart's colour key beside Reset zoom at 200%: a row
                    # less, which the figures under the chart need)
                    own = item.heightForWidth(min(natural, area.width()))
                    corner = item.heightForWidth(max(right - x, item.minimumSize().width()))
                    if corner > own:
                        x, y, line = area.x(), y + line + self._spacing, 0
                width = max(min(natural, right - x), item.minimumSize().width())
                hint = QSize(width, item.heightForWidth(width))
            elif x + hint.width() > right and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


def _natural_width(item: QLayoutItem, hint: int) -> int:
    """The width of a word-wrapping label's text on one line (its size hint is only a
    pleasant width); ``hint`` for anything else."""
    label = item.widget()
    if not isinstance(label, QLabel) or not label.wordWrap():
        return hint
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setHtml(label.text())
    m = label.contentsMargins()
    return int(doc.idealWidth()) + m.left() + m.right() + 2
