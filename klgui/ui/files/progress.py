"""Progress and a wait cursor for the File menu's long reads and writes."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

__all__ = ["progress", "busy"]


@contextlib.contextmanager
def progress(window, title: str, text: str):
    """A window-modal progress dialog with Cancel, shown when the work takes more than
    0.4 s; yields the callback the io functions report to (False means cancel)."""
    dialog = QProgressDialog(text, "Cancel", 0, 100, window)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def report(fraction: float) -> bool:
        dialog.setValue(int(fraction * 100))
        QApplication.processEvents()
        return not dialog.wasCanceled()
    try:
        yield report
    finally:
        dialog.reset()
        dialog.deleteLater()


@contextlib.contextmanager
def busy():
    """A wait cursor while a large file's columns are parsed and loaded (about a second
    at a million rows, after the progress bar has finished reading)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
