"""The fit lab's curves on a background thread, the newest request only."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from klgui.core import Cancelled


class FitWorker(QObject):
    """Runs ``job(cancelled)`` callables one at a time on a thread of its own.

    A request made while another runs supersedes it: the running one stops at its next
    block of θ (``cancelled()`` turns True) and its result is dropped. Results arrive on
    the GUI thread with the request's number, so the page keeps only the newest.
    """

    #: (request number, FitResult) — delivered on the GUI thread.
    sigDone = Signal(int, object)
    #: (request number, exception) for a DistributionError or a bug.
    sigFailed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._waiting: tuple[int, Callable] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    def submit(self, number: int, job: Callable) -> None:
        with self._lock:
            if self._stopping:
                return
            self._waiting = (number, job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="klgui-fit",
                                                daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """Drop what waits, stop what runs and wait for the thread."""
        with self._lock:
            self._stopping, self._waiting = True, None
            thread = self._thread
        if thread is not None:
            thread.join()

    def _superseded(self) -> bool:
        return self._waiting is not None or self._stopping

    def _loop(self) -> None:
        while True:
            with self._lock:
                item, self._waiting = self._waiting, None
                if item is None or self._stopping:
                    self._thread = None
                    return
            number, job = item
            try:
                result = job(self._superseded)
            except Cancelled:
                continue
            except Exception as e:  # noqa: BLE001 - shown on the page, never lost
                self._emit(self.sigFailed, number, e)
                continue
            self._emit(self.sigDone, number, result)

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)  # queued to the GUI thread
        except RuntimeError:
            pass  # the page was destroyed while the job ran
