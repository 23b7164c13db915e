"""Errors nobody expected: written to a log file and shown in a dialog, and the app
keeps running. Nothing is swallowed: every uncaught exception in a slot, in an event
handler or on another thread reaches :meth:`CrashReporter.report`."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from .file_actions import APP_NAME

__all__ = ["CrashReporter", "data_folder", "LOG_NAME"]

LOG_NAME = "klgui.log"
log = logging.getLogger("klgui")


def data_folder() -> Path:
    """The app's own data folder (log, autosaves), created if need be:
    ``$XDG_DATA_HOME/klgui`` on Linux, ``~/Library/Application Support/klgui`` on macOS,
    ``%APPDATA%/klgui`` on Windows."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    folder = Path(base) / "klgui"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class CrashReporter(QObject):
    """Installed as ``sys.excepthook`` and ``threading.excepthook``. PySide6 hands an
    exception raised in a slot or a virtual method to ``sys.excepthook`` and carries
    on, so the app survives; this hook makes sure the person hears of it."""

    #: An exception on another thread, carried to the GUI thread (type, value, traceback).
    _sigFromThread = Signal(object, object, object)

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = (folder or data_folder()) / LOG_NAME
        self._handler = logging.handlers.RotatingFileHandler(
            self.log_path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
        self._handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(self._handler)
        log.setLevel(logging.INFO)
        self._showing = False
        self._previous = None
        self._sigFromThread.connect(self.report)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.report
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        log.removeHandler(self._handler)
        self._handler.close()

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self._sigFromThread.emit(args.exc_type, args.exc_value, args.exc_traceback)

    def report(self, kind: type[BaseException], error: BaseException,
               tb: TracebackType | None) -> None:
        """Log the error with its traceback, then say so in a dialog (one at a time: an
        error while the dialog is open is logged and shown on stderr)."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("Uncaught exception\n%s", details)
        self._handler.flush()
        print(details, file=sys.stderr, end="")
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            self._show(error, details)
        finally:
            self._showing = False

    def _show(self, error: BaseException, details: str) -> None:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(f"{APP_NAME}: unexpected error")
        box.setText(f"Something went wrong: {type(error).__name__}: {error}")
        box.setInformativeText(
            "This is a bug in the app, not a problem with your data. The app keeps "
            "running; if a figure looks wrong, undo your last action or save under a new "
            f"name.\n\nThe details are in {self.log_path}; please send that file with a "
            "note of what you did.")
        box.setDetailedText(details)
        box.setAccessibleName("Unexpected error")
        box.exec()
