"""A scroll area for a wrapped text whose lines are one font line apart: it shows whole
lines only, so that no line is cut through its middle (a tester read the fit lab's
"0,22293", cut under its comma, as "0.22293")."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

__all__ = ["LineScrollArea"]


class LineScrollArea(QScrollArea):
    """A QScrollArea, without a frame, over one text widget (a QLabel) whose lines stand
    ``fontMetrics().lineSpacing()`` apart (rich text without paragraph margins, lines
    broken with ``<br>``): its viewport is as many whole lines high as fit (what is left
    below it stays blank), and the wheel, the arrows and a page scroll by whole lines,
    so the lines shown stay whole as it scrolls."""

    def __init__(self, text: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(text)
        self.setWidgetResizable(True)

    def line_height(self) -> int:
        """The text's line spacing, pixels."""
        return max(1, self.widget().fontMetrics().lineSpacing())

    def resizeEvent(self, event) -> None:
        # (the viewport's resize comes here too, with its size: the area's own is read)
        line = self.line_height()
        height = self.height() - 2 * self.frameWidth()
        blank = height % line if height >= line else 0
        if self.viewportMargins().bottom() != blank:  # (setting them resizes the viewport)
            self.setViewportMargins(0, 0, 0, blank)
        self.verticalScrollBar().setSingleStep(line)
        super().resizeEvent(event)
