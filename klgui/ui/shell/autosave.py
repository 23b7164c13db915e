"""Autosave: while the document has unsaved changes, a copy goes to the app's data
folder every few seconds (atomically, written on a thread of its own). A clean exit
removes it; after a crash the next start finds it and offers to restore it.

A write that fails (a full disk, a folder that cannot be written) is no bug: it shows
one non-modal notice, which stays the only one until an autosave works again, and the
next tick tries again. Restored work keeps its file until the new copy is on disk."""

from __future__ import annotations

import contextlib
import datetime
import errno
import os
import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from klgui.model.document import State
from klgui.model.snapshot import ChartView
from klgui.io.session import SUFFIX, SessionError, load_session, save_session, session_notes

__all__ = ["Autosave", "orphans", "offer_restore"]

PREFIX = "autosave-"


class Autosave(QObject):
    """Keeps ``autosave-<pid>.kld.json`` in ``folder`` up to date with the window's
    document while it has unsaved changes; a lock file says the app is still running."""

    INTERVAL_MS = 5000
    #: A copy is on disk (emitted from the writing thread, received on the GUI thread).
    sigWritten = Signal()
    #: A copy could not be written: the reason in words, and the recovered file whose
    #: removal waited for that copy (or None).
    sigFailed = Signal(str, object)

    def __init__(self, window, folder: Path) -> None:
        super().__init__(window)
        self.window = window
        self.path = folder / f"{PREFIX}{os.getpid()}{SUFFIX}"
        self._lock = QLockFile(str(self.path) + ".lock")
        self._lock.tryLock(0)
        self._saved_revision: int | None = None
        self._thread: threading.Thread | None = None
        self._adopted: Path | None = None  # restored work's file, kept until our copy exists
        #: The "Autosave failed" notice, while autosave is failing (shown once).
        self.notice: QMessageBox | None = None
        self.sigWritten.connect(self._written)
        self.sigFailed.connect(self._failed)
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    def save_now(self) -> None:
        """Write the document if it changed since the last autosave; remove the autosave
        once nothing is unsaved (saved, or undone back to the saved state)."""
        doc, files = self.window.document, self.window.files
        if not files.modified:
            self._remove()
            return
        revision = doc.revision  # the Bayes lab's work is the document's: it counts too
        if revision == self._saved_revision or self.writing:
            return  # unchanged, or the last copy is still being written
        self._saved_revision = revision
        state = doc.state()  # cheap; reading it into a Snapshot happens on the thread
        view = self.window.chart.view()  # the chart's view goes with the work
        adopted, self._adopted = self._adopted, None
        self._thread = threading.Thread(target=self._write, args=(state, adopted, view),
                                        name="klgui-autosave", daemon=True)
        self._thread.start()

    def adopt(self, path: Path) -> None:
        """Take over ``path`` (restored work): it is removed once this autosave's own
        copy is on disk, and not before; a copy is started now."""
        self._adopted = path
        self._saved_revision = None
        self.save_now()

    def _write(self, state: State, adopted: Path | None, view: ChartView | None = None
               ) -> None:
        """On the writing thread: never raises (an error here is no bug of the app)."""
        try:
            _write(self.path, state, view)
        except OSError as e:
            with contextlib.suppress(RuntimeError):  # RuntimeError: the window is gone
                self.sigFailed.emit(_reason(e), adopted)
            return
        if adopted is not None:
            with contextlib.suppress(OSError):
                adopted.unlink()
        with contextlib.suppress(RuntimeError):
            self.sigWritten.emit()

    def _written(self) -> None:
        if self.notice is not None:
            self.notice.close()
            self.notice.deleteLater()
            self.notice = None

    def _failed(self, reason: str, adopted: Path | None) -> None:
        self._saved_revision = None  # try again at the next tick
        if adopted is not None and self._adopted is None:
            self._adopted = adopted
        if self.notice is not None:
            return  # said once; said again only after an autosave has worked
        box = QMessageBox(QMessageBox.Icon.Warning, "Autosave failed",
                          f"Autosave failed: {reason}; your work is not being backed up.",
                          QMessageBox.StandardButton.Ok, self.window)
        box.setInformativeText(f"The copy goes to {self.path.parent}. Save your work with "
                               "File ▸ Save to keep it; autosave keeps trying.")
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAccessibleName("Autosave failed")
        box.show()
        self.notice = box

    @property
    def writing(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        """Until the copy being written is on disk."""
        if self._thread is not None:
            self._thread.join()

    def finish(self) -> None:
        """A clean exit: the work was saved or deliberately discarded."""
        self.timer.stop()
        self.wait()
        self._remove()
        self._lock.unlock()

    def _remove(self) -> None:
        """Nothing is unsaved: no copy is needed, ours or a restored one."""
        self.wait()
        self._saved_revision = None
        for path in (self.path, self._adopted):
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink()
        self._adopted = None


def _write(path: Path, state: State, view: ChartView | None = None) -> None:
    # atomic: a crash mid-write keeps the previous copy; the state holds the Bayes work
    save_session(path, replace(state.snapshot(), view=view))


def _reason(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    return (error.strerror or str(error)).rstrip(".").lower()


def orphans(folder: Path) -> list[Path]:
    """Autosaves left by an app that did not exit cleanly, newest first. Locks whose
    app is gone are removed on the way (QLockFile knows a dead process's lock)."""
    for lock_path in folder.glob(f"{PREFIX}*{SUFFIX}.lock"):
        lock = QLockFile(str(lock_path))
        if lock.tryLock(0):  # takes over a stale lock...
            lock.unlock()    # ...and removes it
    found = [p for p in folder.glob(f"{PREFIX}*{SUFFIX}")
             if not p.with_name(p.name + ".lock").exists()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def offer_restore(window, folder: Path) -> bool:
    """After a crash: offer the newest orphaned autosave. Restored work is unsaved (one
    undoable step); its file stays until the window's Autosave has its own copy on disk
    (with no Autosave, it stays to be offered again). Declined work is deleted. The
    status bar says what was restored, with the notes opening the same session gives
    (:func:`~klgui.io.session.session_notes`: repeated labels, blanks taken off labels).
    Returns True when work was restored."""
    found = orphans(folder)
    if not found:
        return False
    path = found[0]
    when = datetime.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d %b %Y, %H:%M")
    try:
        snapshot = load_session(path)
    except SessionError as e:
        _set_aside(path)
        QMessageBox.warning(window, "Cannot restore", f"Unsaved work from {when} was found "
                            f"but cannot be read ({e}). It was kept as {path.name}.unreadable.")
        return False
    answer = QMessageBox.question(
        window, "Restore unsaved work?",
        f"KL Divergence Explorer did not close properly. Unsaved work on “{snapshot.name}” "
        f"({len(snapshot.labels):,} outcomes) from {when} was kept. Open it again?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard,
        QMessageBox.StandardButton.Open)
    if answer != QMessageBox.StandardButton.Open:
        path.unlink(missing_ok=True)
        return False
    try:
        window.edits.replace("Restore unsaved work", lambda: window.document.restore(snapshot))
    except ValueError as e:
        _set_aside(path)
        QMessageBox.warning(window, "Cannot restore", f"The unsaved work from {when} cannot "
                            f"be used ({e}). It was kept as {path.name}.unreadable.")
        return False
    if snapshot.view is not None:
        window.chart.set_view(snapshot.view)  # as it was shown when the copy was made
    window.files.path = None
    window.files.update_title()
    window.statusBar().showMessage(" ".join([f"Restored the unsaved work from {when}.",
                                             *session_notes(snapshot)]), 15000)
    autosave = window.findChild(Autosave)
    if autosave is not None:
        autosave.adopt(path)  # removed once the new copy exists: a crash now loses nothing
    return True


def _set_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.replace(path.with_name(path.name + ".unreadable"))
