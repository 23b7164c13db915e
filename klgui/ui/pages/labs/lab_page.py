"""What the three lab pages share: the pair they show, drawing only when visible,
computing a large pair on a worker thread, the headline sentence and the message shown
when there is no pair."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from klgui.core.errors import DistributionError
from klgui.model.text_column import TextColumn
from klgui.ui.numbers import count_text, localize
from klgui.ui.result_worker import ResultWorker
from klgui.ui.table.outcome_table import warning_label

#: The headline's font: larger than the body, smaller than comparison_panel's figures.
HEADLINE_SCALE = 1.25
#: A key figure, as comparison_panel shows D(P‖Q).
FIGURE_SCALE = 1.8
#: From this many outcomes on, a lab computes on its worker thread (the window stays
#: responsive); below, at once on the GUI thread (a few milliseconds).
ASYNC_OUTCOMES = 2_000


def scaled_label(parent: QWidget, scale: float, *, bold: bool = True,
                 name: str = "") -> QLabel:
    label = QLabel(parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    return label


def labeller(labels: Sequence[str]):
    """``i`` → outcome ``i``'s label, or its 1-based number when it has none. Tables'
    column functions use this rather than the page's method: a column function that
    refers to its page makes a reference cycle, and a lab page left to the garbage
    collector with one crashed Qt as it was collected."""
    labels = list(labels)

    def label(i: int) -> str:
        return labels[i] if i < len(labels) and labels[i] else str(i + 1)
    return label


class LabPage(QWidget):
    """Keeps the focus pair; :meth:`draw_pair` runs when the page is visible (or when
    :meth:`update_now` is called), so a hidden lab costs nothing per edit.

    A subclass's :meth:`make_job` returns a Qt-free job (``run(cancelled=None)``, see
    klgui.ui.pages.labs.lab_jobs) and :meth:`show_computed` shows its result. With
    ``ASYNC_OUTCOMES`` outcomes or more the job runs on :attr:`worker`'s thread: the page
    says it is computing (:attr:`busy`) and shows the result when it comes, ignoring the
    results of pairs replaced meanwhile. :attr:`sigComputed` fires when a result is shown.
    """

    #: A computed result (or the reason there is none) is shown.
    sigComputed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.p = self.q = None
        self.labels: Sequence[str] = ()
        self.unit, self.digits = "nats", 6
        self._stale = False
        self._token = 0  # the number of the newest job; older results are stale
        self.busy = False
        self.nothing = warning_label(self, "Why the lab has nothing to show")
        # The "Computing…" line floats over the page's top right corner, outside the
        # layout: showing and hiding it moves nothing, so the plots and tables are not
        # laid out and repainted twice per update (that cost more than the update).
        self.computing = QLabel(self)
        self.computing.setAccessibleName("Computing")
        self.computing.setAutoFillBackground(True)
        self.computing.setFrameShape(QFrame.Shape.StyledPanel)
        self.computing.setMargin(4)
        self.computing.hide()
        self.worker = ResultWorker(self)
        self.worker.sigFinished.connect(self._computed)

    def show_pair(self, p: np.ndarray, q: np.ndarray, labels: Sequence[str], unit: str,
                  digits: int) -> None:
        """Show the focus pair: ``p`` and ``q`` normalized probabilities of equal length,
        ``labels`` their outcomes, ``unit`` nats/bits/hartleys, ``digits`` significant."""
        # Not copied: the window passes a Comparison's arrays, which are read-only (three
        # labs' copies took 48 MB at 1e6 outcomes). A lab never writes into them.
        self.p = np.asarray(p, dtype=float)
        self.q = np.asarray(q, dtype=float)
        self.labels, self.unit, self.digits = labels, unit, int(digits)
        self.nothing.hide()
        self._stale = True
        self._token += 1  # a result on its way is for the previous pair
        if self.isVisible():
            self.update_now()

    @property
    def labels(self) -> list[str]:
        """The outcomes' labels, copied when first read (a hidden page never reads them,
        so an edit does not copy 1e5 labels for each lab)."""
        if not isinstance(self._labels, list):
            self._labels = list(self._labels)
        return self._labels

    @labels.setter
    def labels(self, labels: Sequence[str]) -> None:
        # A document's TextColumn changes in place: keep a (cheap) copy of this version.
        self._labels = labels.copy() if isinstance(labels, TextColumn) else labels

    def show_nothing(self, message: str) -> None:
        """No pair to show (the entries cannot be compared): say why."""
        self.p = self.q = None
        self._stale = False
        self._token += 1  # a result on its way is for a pair no longer shown
        self._set_busy(False)
        self.set_content_visible(False)
        self.nothing.setText(localize(message, keep_quoted=True))
        self.nothing.show()

    def update_now(self) -> None:
        """Draw the latest pair now (tests call this on hidden pages); a large pair is
        computed on the worker thread and drawn when done."""
        if self.p is not None:
            self._stale = False
            self.draw_pair()

    def compute(self) -> None:
        """Run :meth:`make_job` now (few outcomes) or on the worker thread (many)."""
        self._token += 1
        job = self.make_job(self._token)
        if self.p.size < ASYNC_OUTCOMES:
            self._finish(job.run())
            return
        self.before_compute()
        greyed = self.busy  # already greyed out: a job was running and is now replaced
        self._set_busy(True)
        if self.isVisible() and not greyed:
            # Paint the greyed page now, before the job starts: painting calls into Python
            # hundreds of times (table cells, plot items), and each call waits for the
            # interpreter while a worker holds it, so the same paint took 50-80 ms beside
            # a running job and ~10 ms alone. While the job runs the page paints nothing.
            self.repaint()
        self.worker.submit(job)

    def _computed(self, job, result) -> None:
        if job.token == self._token:  # else the pair changed meanwhile; a newer job runs
            self._finish(result)

    def _finish(self, result) -> None:
        self._set_busy(False)
        if isinstance(result, DistributionError):  # not a pair of distributions: say so
            self.show_nothing(str(result))
        else:
            self.set_content_visible(True)
            try:
                self.show_computed(result)
            except DistributionError as e:
                self.show_nothing(str(e))
        self.sigComputed.emit()

    def _set_busy(self, busy: bool) -> None:
        """While computing, the old figures stay, greyed out, under a line saying so."""
        self.busy = busy
        if busy:
            self.computing.setText(f"Computing… ({count_text(self.p.size)} outcomes; the "
                                   "window stays usable)")
            self._place_computing()
            self.computing.raise_()
        self.computing.setVisible(busy)
        for widget in getattr(self, "_content", ()):
            # Plots look the same disabled; greying them only cost a repaint each way.
            if not isinstance(widget, pg.PlotWidget):
                widget.setEnabled(not busy)

    def _place_computing(self) -> None:
        self.computing.adjustSize()
        margin = 8
        self.computing.move(max(margin, self.width() - self.computing.width() - margin), margin)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.computing.isVisible():
            self._place_computing()

    def check_ready(self, what: str) -> None:
        """Raise ValueError when there is nothing to export: no pair, or still computing."""
        if self.busy:
            raise ValueError(f"The {what} is still computing; export it when it shows.")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.update_now()

    def label(self, i: int) -> str:
        return labeller(self.labels)(i)

    # -- for subclasses --------------------------------------------------------------
    def draw_pair(self) -> None:
        """Show the new pair; by default, compute it (:meth:`compute`)."""
        self.compute()

    def make_job(self, token: int):
        """A job for the pair shown, numbered ``token`` (its ``token`` attribute)."""
        raise NotImplementedError

    def before_compute(self) -> None:
        """Called before a job goes to the worker thread (a run stops, for instance)."""

    def show_computed(self, result) -> None:
        """Show a job's result (never a DistributionError: that shows nothing)."""
        raise NotImplementedError

    def set_content_visible(self, visible: bool) -> None:
        raise NotImplementedError
