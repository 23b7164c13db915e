"""Lab pages that are dropped or deleted go away, with their plots, tables and workers
(issue 23: the sampling and Bayes pages were kept alive by lambdas connected to their own
buttons, so a page dropped by its owner was never deleted)."""

import gc
import threading
import weakref

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from klgui.ui.pages.labs import BayesPage, CodingPage, SamplingPage
from klgui.ui.pages.labs import lab_jobs

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
PAGES = (SamplingPage, CodingPage, BayesPage)
COIN = (np.array([0.8, 0.2]), np.array([0.6, 0.4]), ["heads", "tails"])


def _flush(qapp) -> None:
    """Run deferred deletes and the garbage collector until nothing more goes."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()
        gc.collect()


def _used_page(cls, parent=None):
    """A page that has shown a pair and been used through its own controls."""
    page = cls(parent)
    page.resize(900, 700)
    (parent or page).show()
    page.show_pair(*COIN, "nats", 6)
    if cls is SamplingPage:
        page.buttons[100].click()
        page.seed.setValue(3)
        assert page.draws == 0  # a new seed resets the draws
        page.buttons[100].click()
        assert page.draws == 100
    elif cls is BayesPage:
        page.name.setText("tails")
        page.add_button.click()
        page.opposite_button.click()
        assert [o.name for o in page.observations] == ["tails", "not tails"]
    return page


@pytest.mark.parametrize("cls", PAGES)
@pytest.mark.parametrize("how", ["dropped", "deleteLater", "taken from its parent"])
def test_a_page_that_goes_is_destroyed(qapp, cls, how):
    destroyed = []
    parent = QWidget() if how == "taken from its parent" else None
    page = _used_page(cls, parent)
    page.destroyed.connect(lambda *_: destroyed.append(True))
    table = weakref.ref(page.table)
    wrapper = weakref.ref(page)
    if how == "deleteLater":
        page.deleteLater()
    elif parent is not None:
        page.setParent(None)
    del page
    _flush(qapp)
    assert destroyed == [True]
    assert wrapper() is None and table() is None


@pytest.mark.parametrize("cls", PAGES)
def test_a_page_deleted_while_computing_stops_its_job(qapp, monkeypatch, cls):
    # The job waits for the page to be gone, then reports whether it was told to stop.
    job_class = {SamplingPage: lab_jobs.SamplingJob, CodingPage: lab_jobs.CodingJob,
                 BayesPage: lab_jobs.BayesJob}[cls]
    entered, gate, told = threading.Event(), threading.Event(), []
    real_run = job_class.run

    def gated(job, cancelled=None):
        entered.set()
        gate.wait(60)  # bounded, so a broken test fails instead of hanging
        told.append(cancelled is not None and cancelled())
        return real_run(job, cancelled)

    monkeypatch.setattr(job_class, "run", gated)
    rng = np.random.default_rng(5)
    p, q = rng.dirichlet(np.ones(3_000)), rng.dirichlet(np.ones(3_000))
    page = cls()
    page.show()
    page.show_pair(p, q, [], "nats", 6)
    assert page.busy
    thread = page.worker._thread
    assert entered.wait(60)  # the job runs
    destroyed = []
    page.destroyed.connect(lambda *_: destroyed.append(True))
    page.deleteLater()
    del page
    _flush(qapp)
    assert destroyed == [True]
    assert told == []  # still waiting
    gate.set()
    thread.join(60)
    assert not thread.is_alive()
    assert told == [True]  # the job learnt that nobody waits for it
