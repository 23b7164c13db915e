"""Saying in the window's status bar what just happened (a copy, a zoom)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

#: How long a confirmation stays, in milliseconds.
SHOWN_FOR_MS = 5000


def announce(widget: QWidget, text: str) -> None:
    """Show ``text`` in the status bar of ``widget``'s main window, if it has one."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, SHOWN_FOR_MS)
