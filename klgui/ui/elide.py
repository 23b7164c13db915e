"""Texts shortened to fit, ending in "…": by characters where no width in pixels is
known (a tick label, a choice in a list), by Qt's own eliding where it is; a note kept
to two lines (:class:`ElidedNote`)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QTextLayout
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = ["short_text", "elided", "ElidedNote"]


def short_text(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its first ``limit`` − 1
    and "…"."""
    return text if len(text) <= limit else text[:max(limit - 1, 0)] + "…"


def elided(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` as wide as ``width`` pixels at most in the font of ``metrics``, cut at
    its end with "…" (QFontMetrics.elidedText); whole if it fits."""
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0))


class ElidedNote(QLabel):
    """A note of at most ``lines`` lines (2 by default) at its width: a longer text is
    wrapped, and its last line shortened in the middle with "…", so its end (often
    what to do) still shows; the whole text is in the tooltip and :meth:`text`. A
    refused temperature's three-line reason squeezed the chart's plot to ~100 px."""

    def __init__(self, parent: QWidget | None = None, lines: int = 2) -> None:
        super().__init__(parent)
        self.max_lines = max(int(lines), 1)
        self.setWordWrap(False)  # the lines are laid out here
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # never widens its parent
        policy.setVerticalPolicy(QSizePolicy.Policy.Maximum)  # spare room goes elsewhere
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def shown_lines(self, width: int | None = None) -> list[str]:
        """The lines shown at ``width`` pixels (the label's own, without margins)."""
        width = self.contentsRect().width() if width is None else width
        text, metrics = self.text(), QFontMetrics(self.font())
        if not text or width <= 0:
            return [text] if text else []
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        starts = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append((line.textStart(), line.textLength()))
        layout.endLayout()
        if len(starts) <= self.max_lines:
            return [text[s:s + n].rstrip() for s, n in starts]
        shown = [text[s:s + n].rstrip() for s, n in starts[:self.max_lines - 1]]
        rest = text[starts[self.max_lines - 1][0]:]
        shown.append(metrics.elidedText(rest, Qt.TextElideMode.ElideMiddle, width))
        return shown

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        m = self.contentsMargins()
        count = max(len(self.shown_lines(width - m.left() - m.right())), 1)
        return count * QFontMetrics(self.font()).lineSpacing() + m.top() + m.bottom()

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        width = min(metrics.horizontalAdvance(self.text()), 40 * metrics.averageCharWidth())
        return QSize(width, self.heightForWidth(max(self.width(), width)))

    def minimumSizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(10 * metrics.averageCharWidth(), metrics.lineSpacing())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        metrics = QFontMetrics(self.font())
        y = rect.top()
        for line in self.shown_lines(rect.width()):
            self.style().drawItemText(
                painter, QRect(rect.left(), y, rect.width(), metrics.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                self.palette(), self.isEnabled(), line, self.foregroundRole())
            y += metrics.lineSpacing()
