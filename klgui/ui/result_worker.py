"""Computing a large document's result on a background thread, newest request first."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject, Signal

from klgui.core import Cancelled
from klgui.model.document import ResultJob


class ResultWorker(QObject):
    """Runs one :class:`ResultJob` at a time on a thread of its own.

    A job submitted while another runs supersedes it: the running one stops at its
    next block of outcomes and is dropped, and at most one job ever waits. So a person
    typing into a million-outcome table never queues computations behind each other;
    the figures jump to the newest entries as soon as they are known.
    """

    #: A job finished: the job and its Result (delivered on the GUI thread).
    sigFinished = Signal(object, object)
    #: A job failed with an unexpected exception (a bug); delivered on the GUI thread.
    sigFailed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._waiting: ResultJob | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        #: How many jobs were dropped part-way because a newer one came (for tests).
        self.superseded = 0

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._thread is not None

    def submit(self, job: ResultJob) -> None:
        """Compute ``job`` soon, instead of whatever was running or waiting."""
        with self._lock:
            if self._stopping:
                return
            self._waiting = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="klgui-result",
                                                daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """Drop any waiting job, stop the running one and wait for the thread."""
        with self._lock:
            self._stopping, self._waiting = True, None
            thread = self._thread
        if thread is not None:
            thread.join()

    def _superseded(self) -> bool:
        # Read without the lock: a hint. A worker deleted with its owner (a page that was
        # dropped) stops its job too: nobody is left to show the result.
        return self._waiting is not None or self._stopping or not shiboken6.isValid(self)

    def _loop(self) -> None:
        while True:
            with self._lock:
                job, self._waiting = self._waiting, None
                if job is None or self._stopping or not shiboken6.isValid(self):
                    self._thread = None
                    return
            try:
                result = job.run(cancelled=self._superseded)
            except Cancelled:
                self.superseded += 1
                continue
            except Exception as e:  # noqa: BLE001 - a bug; the window re-raises it
                self._emit(self.sigFailed, e)
                continue
            self._emit(self.sigFinished, job, result)

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)  # queued to the GUI thread
        except RuntimeError:
            pass  # the window was destroyed while the job ran; nobody is waiting
