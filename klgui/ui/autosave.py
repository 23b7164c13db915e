"""Autosave: while the document has unsaved changes, a copy goes to the app's data
folder every few seconds (atomically, written on a thread of its own). A clean exit
removes it; after a crash the next start finds it and offers to restore it."""

from __future__ import annotations

import contextlib
import datetime
import os
import threading
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from klgui.document import Snapshot, State
from klgui.io.session import SUFFIX, SessionError, load_session, save_session

__all__ = ["Autosave", "orphans", "offer_restore"]

PREFIX = "autosave-"


class Autosave(QObject):
    """Keeps ``autosave-<pid>.kld.json`` in ``folder`` up to date with the window's
    document while it has unsaved changes; a lock file says the app is still running."""

    INTERVAL_MS = 5000

    def __init__(self, window, folder: Path) -> None:
        super().__init__(window)
        self.window = window
        self.path = folder / f"{PREFIX}{os.getpid()}{SUFFIX}"
        self._lock = QLockFile(str(self.path) + ".lock")
        self._lock.tryLock(0)
        self._saved_revision: int | None = None
        self._thread: threading.Thread | None = None
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
        if doc.revision == self._saved_revision or self.writing:
            return  # unchanged, or the last copy is still being written
        self._saved_revision = doc.revision
        state = doc.state()  # cheap; reading it into a Snapshot happens on the thread
        self._thread = threading.Thread(target=_write, args=(self.path, state),
                                        name="klgui-autosave", daemon=True)
        self._thread.start()

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
        self.wait()
        self._saved_revision = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _write(path: Path, state: State) -> None:
    snapshot = Snapshot(tuple(state.labels), tuple(state.p), tuple(state.q), state.name,
                        state.unit, state.auto_normalize, state.digits, state.smoothing)
    save_session(path, snapshot)  # atomic: a crash mid-write keeps the previous copy


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
    undoable step); declined work is deleted. Returns True when work was restored."""
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
    window.files.path = None
    window.files.update_title()
    path.unlink(missing_ok=True)  # the window's own autosave keeps it from now on
    return True


def _set_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.replace(path.with_name(path.name + ".unreadable"))
