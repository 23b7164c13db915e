"""The document's results, delivered to whoever shows them: the focus pair's Result on
every change, and the ranking and matrix (ManyResult) once they are computed.

One object computes, once per revision: large documents' pair results and every
ranking or matrix off the GUI thread (newest request first), small pair results at
once. Pages subscribe to the signal they show; the window does not hand results out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

from klgui.core.numerics.pair_cache import PairCache
from klgui.model.document import Change, Document, Result, ResultJob
from klgui.model.many_results import ManyJob, ManyResult
from klgui.ui.result_worker import ResultWorker


class PostedCall(QObject):
    """A zero-interval single-shot timer made of a posted event: ``start()`` asks for
    ``slot`` to run once when the event loop next handles posted events, however often it
    is asked before then; ``stop()`` cancels.

    Unlike a zero ``QTimer`` (which fires only after the posted events), it runs before
    the repaint that an edit has already asked for: Qt posts that (UpdateRequest) at low
    priority, so the new figures are painted in the same pass as the edited cell, and the
    window is painted once per edit instead of twice.
    """

    _TYPE = QEvent.Type(QEvent.registerEventType())

    def __init__(self, slot, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._slot = slot
        self._active = False
        self._posted = False

    def start(self) -> None:
        self._active = True
        if not self._posted:
            self._posted = True
            QCoreApplication.postEvent(self, QEvent(self._TYPE))

    def stop(self) -> None:
        self._active = False

    def isActive(self) -> bool:
        return self._active

    def event(self, event: QEvent) -> bool:
        if event.type() == self._TYPE:
            self._posted = False
            if self._active:
                self._active = False
                self._slot()
            return True
        return super().event(event)


class Results(QObject):
    """Computes a document's results and announces them.

    ``sigPair(Result)`` comes once per shown revision (after a burst of changes in one
    event-loop turn, once). ``sigMany(ManyResult)`` comes when the ranking (and the
    matrix, while someone wants it: :meth:`want_matrix`) of the current revision is
    known. ``sigBusy(bool)``: a pair result is being computed off the thread.
    """

    sigPair = Signal(object)
    sigMany = Signal(object)
    sigBusy = Signal(bool)
    #: A job failed with an unexpected exception (a bug), on the GUI thread.
    sigFailed = Signal(object)

    #: From this many outcomes a pair computation (~10 ms per 1e5) leaves the GUI thread.
    off_thread_from = 200_000

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        # the pair is computed when the event loop next turns (after a burst of changes,
        # once), before the repaint the change asked for: one paint per edit
        self._timer = PostedCall(self.refresh, self)
        self.worker = ResultWorker(self)
        self.worker.sigFinished.connect(self._computed)
        self.worker.sigFailed.connect(self._failed)
        self.many_worker = ResultWorker(self)
        self.many_worker.sigFinished.connect(self._many_computed)
        self.many_worker.sigFailed.connect(self._failed)
        self._cache = PairCache()  # used on the many worker's thread only
        self.shown_revision = -1
        self._many: ManyResult | None = None
        self._many_wanted = False
        self._metric: str | None = None
        self._many_submitted: tuple[int, str | None] | None = None
        document.subscribe(self._changed)

    # -- what is known -------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """True while the pair figures shown are not yet those of the current entries."""
        return self.shown_revision != self.document.revision

    @property
    def many(self) -> ManyResult | None:
        """The latest ranking (and matrix) computed, possibly of an older revision."""
        return self._many

    @property
    def many_current(self) -> bool:
        m = self._many
        return (m is not None and m.revision == self.document.revision
                and (self._metric is None or m.metric == self._metric))

    def want_ranking(self, on: bool = True) -> None:
        """Compute the ranking with every revision while ``on`` (a page shows it)."""
        self._many_wanted = on
        if on:
            self._submit_many()

    def want_matrix(self, metric: str | None) -> None:
        """Also compute the matrix in ``metric`` ("kl" or "js_distance"; None: no
        matrix) with every revision (while its page shows)."""
        self._metric = metric
        if metric is not None:
            self._many_wanted = True
        self._submit_many()

    # -- computing -------------------------------------------------------------------------
    def _changed(self, change: Change) -> None:
        doc = self.document
        if change.keeps_figures and self.shown_revision == doc.revision - 1:
            self.shown_revision = doc.revision  # the figures shown hold as they are
            return
        self._timer.start()

    def refresh(self) -> None:
        """Compute and announce the current revision's pair result (at once, or on the
        worker's thread for a large document), and start the ranking if wanted."""
        self._timer.stop()
        doc = self.document
        if doc.known_result() is None and doc.n >= self.off_thread_from:
            self.worker.submit(doc.job())
            self.sigBusy.emit(True)
        else:
            self._announce(doc.result())
        self._submit_many()

    def _submit_many(self) -> None:
        if not self._many_wanted or self.many_current:
            return
        if self.busy and self.document.known_result() is None:
            return  # the focus pair is being computed: the ranking follows it and reuses it
        wanted = (self.document.revision, self._metric)
        if self._many_submitted == wanted:
            return
        self._many_submitted = wanted
        job: ManyJob = self.document.many_job(self._metric, self._cache)
        self.many_worker.submit(job)

    def _computed(self, job: ResultJob, result: Result) -> None:
        if self.document.accept(job, result):
            self._announce(result)
            self._submit_many()

    def _many_computed(self, job: ManyJob, result: ManyResult) -> None:
        if job.revision == self.document.revision:
            self._many = result
            self.sigMany.emit(result)

    def _announce(self, result: Result) -> None:
        self.shown_revision = self.document.revision
        self.sigBusy.emit(False)
        self.sigPair.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.sigBusy.emit(False)
        self.sigFailed.emit(error)

    def stop(self) -> None:
        """Stop the worker threads (the window is closing)."""
        self.worker.stop()
        self.many_worker.stop()
