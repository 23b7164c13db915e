"""What the three lab pages share: the pair they show, drawing only when visible,
computing a large pair on a worker thread, the headline sentence and the message shown
when there is no pair."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from klgui.core.errors import DistributionError
from klgui.model.text_column import TextColumn
from klgui.ui.numbers import count_text, localize
from klgui.ui.pages.labs.lab_table import LabTable
from klgui.ui.result_worker import ResultWorker
from klgui.ui.table.outcome_table import warning_label

#: The headline's font: larger than the body, smaller than comparison_panel's figures.
HEADLINE_SCALE = 1.25
#: A key figure, as comparison_panel shows D(P‖Q).
FIGURE_SCALE = 1.8
#: From this many outcomes on, a lab computes on its worker thread (the window stays
#: responsive); below, at once on the GUI thread (a few milliseconds).
ASYNC_OUTCOMES = 2_000
#: The busy look (the Computing line, the figures greyed) shows only when a result has
#: not come this long after the job started, as the window's and the fit lab's do: a
#: quick result is painted once, not greyed first and then again with the result.
BUSY_AFTER_MS = 150


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


def room_width(page: QWidget) -> int:
    """The width ``page`` is given to show itself in, pixels: its scroll area's visible
    width when it sits in one (the page itself is never narrower than its least width,
    so a layout chosen from its own width would never give way), else its width."""
    area = page.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is None:
        return page.width()
    return area.viewport().width()


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
    is computing (:attr:`busy`: its tables and the buttons that act on the old result
    go off at once, export is refused) and shows the result when it comes, ignoring the
    results of pairs replaced meanwhile. Only a job that runs longer than
    :attr:`busy_after_ms` makes the page look busy (the Computing line, its words
    greyed; :attr:`sigBusyShown`). :attr:`sigComputed` fires when a result is shown.

    Tables and plots are not painted while a job runs: they keep their pixels (their
    updates are off) until the result. Their painting calls into Python for every cell
    and item, and each call waits for the interpreter the worker holds: a greyed repaint
    of the coding page took 50-80 ms beside a running job. When the result comes, the
    tables are filled while still frozen and painted one per timer turn after it (the
    coding lab's codewords, then its block table), so that the hand-over and each
    table's paint are separate, shorter waits.
    """

    #: Paint a result's tables one per timer turn after the hand-over (False: with it,
    #: for a page whose small table can join its first paint while a plot takes the next).
    STAGED_TABLES = True

    #: A computed result (or the reason there is none) is shown.
    sigComputed = Signal()
    #: A job has run for :attr:`busy_after_ms`: the page now says it is computing.
    sigBusyShown = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.p = self.q = None
        self.divergence: float | None = None  # D(P‖Q) in self.unit from the exact core
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
        #: How long a job runs before the page looks busy, ms (tests set it).
        self.busy_after_ms = BUSY_AFTER_MS
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._show_busy)

    def show_pair(self, p: np.ndarray, q: np.ndarray, labels: Sequence[str], unit: str,
                  digits: int, divergence: float | None = None) -> None:
        """Show the focus pair: ``p`` and ``q`` normalized probabilities of equal length,
        ``labels`` their outcomes, ``unit`` nats/bits/hartleys, ``digits`` significant;
        ``divergence`` is D(P‖Q) in ``unit`` as the figures show it (the Comparison's
        ``kl_pq``), for a lab that states it."""
        # Not copied: the window passes a Comparison's arrays, which are read-only (three
        # labs' copies took 48 MB at 1e6 outcomes). A lab never writes into them.
        self.p = np.asarray(p, dtype=float)
        self.q = np.asarray(q, dtype=float)
        self.divergence = divergence
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
        self._set_busy(True)
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
        """Busy: the tables and the buttons that act on the old result go off at once,
        frozen (they keep their pixels and paint nothing); the Computing line and the
        greyed words and buttons follow after :attr:`busy_after_ms` (:meth:`_show_busy`).
        Not busy: all back on; a frozen table is painted once, with whatever it then
        holds, from the next timer turn on (:meth:`_thaw_next_table`)."""
        self.busy = busy
        tables = self.findChildren(LabTable)
        for widget in tables + self.result_buttons():
            if busy:
                widget.setUpdatesEnabled(False)  # first: going off then paints nothing
                widget.setEnabled(False)
            else:
                widget.setEnabled(True)  # a frozen table stays frozen: see below
                if widget not in tables or not self.STAGED_TABLES:
                    widget.setUpdatesEnabled(True)
        if not busy and any(not t.updatesEnabled() for t in tables):
            # The tables are filled while still frozen and painted from the next timer
            # turns on, one table a turn: the hand-over of a result, then each table's
            # paint, are separate waits, each shorter than all of them together were.
            QTimer.singleShot(1, self, self._thaw_next_table)
        if busy:
            if not self._busy_timer.isActive() and not self.computing.isVisible():
                self._busy_timer.start(self.busy_after_ms)
            return
        self._busy_timer.stop()
        self.computing.hide()
        for widget in self._greyed():
            widget.setEnabled(True)

    def _thaw_next_table(self) -> None:
        """Turn the next frozen table back on (and paint it), unless a job runs again."""
        if self.busy:
            return
        frozen = [t for t in self.findChildren(LabTable) if not t.updatesEnabled()]
        if frozen:
            frozen[0].setUpdatesEnabled(True)
        if len(frozen) > 1:
            QTimer.singleShot(1, self, self._thaw_next_table)

    def _show_busy(self) -> None:
        """The job has taken a while: say so, and grey the words and buttons (they
        paint without calling Python); tables and plots stay as they were."""
        if not self.busy:
            return
        self.computing.setText(f"Computing… ({count_text(self.p.size)} outcomes; the "
                               "window stays usable)")
        self._place_computing()
        self.computing.raise_()
        self.computing.show()
        for widget in self._greyed():
            widget.setEnabled(False)
        for button in self.result_buttons():
            button.setUpdatesEnabled(True)  # painted greyed now
        self.sigBusyShown.emit()

    def _greyed(self) -> list[QWidget]:
        """The page's content greyed while busy: all but the widgets whose painting
        calls into Python (tables, plots) and those holding one."""
        heavy = self.findChildren(LabTable) + self.findChildren(pg.PlotWidget)
        return [w for w in getattr(self, "_content", ())
                if not any(w is h or w.isAncestorOf(h) for h in heavy)
                and w not in self.result_buttons()]

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

    def key_height(self) -> int:
        """The height, in pixels, the page's first screen needs (what a class must see
        without scrolling; the window gives it that much when it can). 0: no need."""
        return 0

    def make_job(self, token: int):
        """A job for the pair shown, numbered ``token`` (its ``token`` attribute)."""
        raise NotImplementedError

    def before_compute(self) -> None:
        """Called before a job goes to the worker thread (a run stops, for instance)."""

    def show_computed(self, result) -> None:
        """Show a job's result (never a DistributionError: that shows nothing)."""
        raise NotImplementedError

    def result_buttons(self) -> list[QWidget]:
        """Buttons that act on the result shown: off while a job runs."""
        return []

    def set_content_visible(self, visible: bool) -> None:
        raise NotImplementedError
