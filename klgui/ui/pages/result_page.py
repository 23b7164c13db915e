"""A page of the window that shows the current result only while someone can see it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from klgui.model.document import Result


class ResultPage(QWidget):
    """Keeps the latest result and draws it when visible: hidden tabs cost nothing
    per edit, and catch up when they are shown. Subclasses implement :meth:`render`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.result: Result | None = None
        self.labels: Sequence[str] = ()
        self.digits = 6
        self._stale = False

    def show_result(self, result: Result, labels: Sequence[str], digits: int) -> None:
        self.result, self.labels, self.digits = result, labels, digits
        self._stale = True
        if self.isVisible():
            self.update_now()

    def update_now(self) -> None:
        """Draw the latest result (tests call this on hidden pages)."""
        if self.result is not None:
            self._stale = False
            self.render_result(self.result)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.update_now()

    def render_result(self, result: Result) -> None:
        raise NotImplementedError
