"""Errors nobody expected: written to a log file and shown in a dialog, and the app
keeps running. Nothing is swallowed: every uncaught exception in a slot, in an event
handler or on another thread reaches :meth:`CrashReporter.report`.

The reporter itself never raises: a log that cannot be opened (a folder named
``klgui.log``, a file left to another user) or written (a full disk) costs the log, not
the dialog, and never the autosave that starts after it."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from klgui.ui.files.file_actions import APP_NAME

__all__ = ["CrashReporter", "data_folder", "LOG_NAME"]

LOG_NAME = "klgui.log"
log = logging.getLogger("klgui")


def data_folder() -> Path:
    """The app's own data folder (log, autosaves), created if need be:
    ``$XDG_DATA_HOME/klgui`` on Linux, ``~/Library/Application Support/klgui`` on macOS,
    ``%APPDATA%/klgui`` on Windows."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    folder = Path(base) / "klgui"
    with contextlib.suppress(OSError):  # then the log is off and autosave says it fails
        folder.mkdir(parents=True, exist_ok=True)
    return folder


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file. A record it cannot write (a full disk) is dropped, and the reason
    kept in ``problem``, instead of logging's own traceback on stderr."""

    problem = ""

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        self.problem = getattr(error, "strerror", None) or str(error) or type(error).__name__


class CrashReporter(QObject):
    """Installed as ``sys.excepthook`` and ``threading.excepthook``. PySide6 hands an
    exception raised in a slot or a virtual method to ``sys.excepthook`` and carries
    on, so the app survives; this hook makes sure the person hears of it."""

    #: An exception on another thread, carried to the GUI thread (type, value, traceback).
    _sigFromThread = Signal(object, object, object)

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = (folder or data_folder()) / LOG_NAME
        #: Why the log cannot be written ("" while it can).
        self.log_problem = ""
        self._handler: _LogFile | None = None
        try:
            self._handler = _LogFile(
                self.log_path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
        except OSError as e:
            self.log_problem = e.strerror or str(e)
            _stderr(f"klgui: {self.log_path} cannot be opened ({self.log_problem}); errors "
                    "will be shown but not logged.\n")
        else:
            self._handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
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
        if self._handler is not None:
            log.removeHandler(self._handler)
            with contextlib.suppress(OSError):
                self._handler.close()

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        try:
            self._sigFromThread.emit(args.exc_type, args.exc_value, args.exc_traceback)
        except RuntimeError:  # the reporter is gone (the app is closing): stderr only
            _stderr("".join(traceback.format_exception(
                args.exc_type, args.exc_value, args.exc_traceback)))

    def report(self, kind: type[BaseException], error: BaseException,
               tb: TracebackType | None) -> None:
        """Log the error with its traceback, then say so in a dialog (one at a time: an
        error while the dialog is open is logged and shown on stderr). Never raises: it
        is the last handler there is."""
        try:
            if issubclass(kind, KeyboardInterrupt):
                sys.__excepthook__(kind, error, tb)
                return
            details = "".join(traceback.format_exception(kind, error, tb))
            self._log(details)
            _stderr(details)
            if self._showing or QApplication.instance() is None:
                return
            self._showing = True
            try:
                self._show(error, details)
            finally:
                self._showing = False
        except BaseException as e:  # noqa: BLE001 -- nothing may escape the last handler
            _stderr(f"klgui: the error report itself failed: {type(e).__name__}: {e}\n")

    def _log(self, details: str) -> None:
        if self._handler is None:
            return  # no log file; the details go to stderr and the dialog
        log.error("Uncaught exception\n%s", details)  # the handler flushes each record
        if self._handler.problem:
            self.log_problem = self._handler.problem

    def _show(self, error: BaseException, details: str) -> None:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(f"{APP_NAME}: unexpected error")
        box.setText(f"Something went wrong: {type(error).__name__}: {error}")
        where = (f"The details are in {self.log_path}; please send that file with a note "
                 "of what you did." if not self.log_problem else
                 f"The details could not be written to {self.log_path} ({self.log_problem}); "
                 "please copy them from below and send them with a note of what you did.")
        box.setInformativeText(
            "This is a bug in the app, not a problem with your data. The app keeps "
            "running; if a figure looks wrong, undo your last action or save under a new "
            f"name.\n\n{where}")
        box.setDetailedText(details)
        box.setAccessibleName("Unexpected error")
        box.exec()


def _stderr(text: str) -> None:
    """Print to stderr, if there is one that can be written (not under pythonw, nor on a
    full disk)."""
    with contextlib.suppress(Exception):
        if sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
