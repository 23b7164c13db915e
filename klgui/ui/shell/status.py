"""Saying in the window's status bar what just happened (a copy, a zoom), and what the
data on screen are (an example's description) for as long as that is true."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

from klgui.model.document import Change, Document

__all__ = ["announce", "DataDescription", "SHOWN_FOR_MS"]

#: How long a confirmation stays, in milliseconds.
SHOWN_FOR_MS = 5000
#: Changes that leave the data as they were: a description of them still holds.
KEEPS_DATA = ("settings", "focus", "lab")


def announce(widget: QWidget, text: str) -> None:
    """Show ``text`` in the status bar of ``widget``'s main window, if it has one."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, SHOWN_FOR_MS)


class DataDescription:
    """A description of the data shown (an example's: "A biased coin (P) and a model
    of it (Q).") in ``window``'s status bar while it is true: until the data change (an
    edit, a paste, an import, a Fill from family, New, another example). A unit, digits
    or focus change keeps it; a message shown over it since is left alone."""

    def __init__(self, window: QMainWindow, document: Document) -> None:
        self._window = window
        self._text = ""
        document.subscribe(self._changed)

    @property
    def text(self) -> str:
        """The description in force ("" when there is none)."""
        return self._text

    def show(self, text: str) -> None:
        """Show ``text`` until the data change (call it after the change that loads
        the data it describes)."""
        self._text = text
        self._window.statusBar().showMessage(text)

    def _changed(self, change: Change) -> None:
        if not self._text or change.kind in KEEPS_DATA:
            return
        bar = self._window.statusBar()
        if bar.currentMessage() == self._text:
            bar.clearMessage()
        self._text = ""
