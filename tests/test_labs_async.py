"""The labs at many outcomes: computed on a worker thread while the window stays
responsive, the newest pair's result shown, stale ones ignored (issue 23, "no lab blocks
the window"). Waits are on the pages' signals, never on sleeps."""

import math
import threading

import numpy as np
import pytest

from klgui.core.labs.coding import coding_report
from klgui.ui.pages.labs import BayesPage, CodingPage, SamplingPage
from klgui.ui.pages.labs import lab_jobs
from klgui.ui.pages.labs.lab_page import ASYNC_OUTCOMES

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
N = 100_000
WAIT_MS = 120_000  # a loaded machine; the signal normally comes in well under a second


def _pair(n, seed):
    rng = np.random.default_rng(seed)
    p, q = rng.random(n) + 0.01, rng.random(n) + 0.01
    return p / p.sum(), q / q.sum()


def _shown(qtbot, cls):
    page = cls()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_coding_at_1e5_computes_while_the_event_loop_runs(qtbot, monkeypatch):
    # The job waits until the GUI thread has shown the busy look (a timer event), so the
    # result can only come if the event loop runs while the lab computes.
    gate, ran = threading.Event(), []
    real_run = lab_jobs.CodingJob.run

    def gated(job, cancelled=None):
        gate.wait(WAIT_MS / 1000)  # bounded: were it run on the GUI thread, fail, not hang
        return real_run(job, cancelled)

    monkeypatch.setattr(lab_jobs.CodingJob, "run", gated)
    page = _shown(qtbot, CodingPage)
    page.busy_after_ms = 0  # the busy look at the event loop's next turn
    p, q = _pair(N, 1)

    def busy_shown():
        ran.append((page.busy, page.computing.isVisible(), page.computing.text()))
        gate.set()

    page.sigBusyShown.connect(busy_shown)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(p, q, [], "bits", 6)
        assert page.busy and page.report is None  # show_pair returned before the codes
        assert not page.table.isEnabled()  # off at once ...
        assert not page.computing.isVisible()  # ... said only once the event loop turns
    assert len(ran) == 1  # the timer fired while the job was still computing
    busy, visible, said = ran[0]
    assert busy and visible and "Computing" in said and "100,000 outcomes" in said
    assert not page.busy and not page.computing.isVisible() and page.table.isEnabled()
    oracle = coding_report(p, q)
    assert page.report.length_shannon == oracle.length_shannon
    assert page.report.length_huffman == oracle.length_huffman
    assert page.table.model().rowCount() == N and len(page.blocks) == 8


def test_a_newer_pair_wins_over_a_stale_result(qtbot):
    page = _shown(qtbot, CodingPage)
    (p1, q1), (p2, q2) = _pair(N, 2), _pair(N, 3)
    shown = []
    page.sigComputed.connect(lambda: shown.append(page.report.length_shannon))
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(p1, q1, [], "bits", 6)
        page.show_pair(p2, q2, [], "bits", 6)
    qtbot.waitUntil(lambda: not page.worker.busy, timeout=WAIT_MS)
    assert shown == [coding_report(p2, q2).length_shannon]  # the first pair never shows
    assert list(page.p) == list(p2)


def test_bad_pair_found_on_the_worker_is_said(qtbot):
    page = _shown(qtbot, CodingPage)
    p, q = _pair(ASYNC_OUTCOMES, 4)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(p * 2, q, [], "bits", 6)  # sums to 2
    assert page.nothing.isVisible() and not page.busy and page.report is None


def test_small_pairs_stay_immediate(qtbot):
    page = _shown(qtbot, CodingPage)
    p, q = _pair(ASYNC_OUTCOMES - 1, 5)
    with qtbot.waitSignal(page.sigComputed, timeout=0):  # emitted inside show_pair
        page.show_pair(p, q, [], "bits", 6)
    assert not page.busy and page.report is not None


def test_sampling_at_1e5_then_draws(qtbot, tmp_path):
    page = _shown(qtbot, SamplingPage)
    page.show_pair([0.8, 0.2], [0.6, 0.4], ["heads", "tails"], "nats", 6)  # at once
    small = page.sampler
    p, q = _pair(N, 6)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(p, q, [], "nats", 6)
        assert page.busy and page.sampler is small  # the old one, still shown
        assert not page.buttons[10_000].isEnabled() and not page.table.isEnabled()
        with pytest.raises(ValueError, match="still computing"):
            page.export_csv(tmp_path / "E.csv")  # not the previous pair's table
    assert page.buttons[10_000].isEnabled()
    # Exact mean of k1 is D(P‖Q), a finite sum: an independent numpy oracle.
    assert page.sampler.stats.mean["k1"] == pytest.approx(float(np.sum(p * np.log(p / q))),
                                                          rel=1e-12)
    page.buttons[10_000].click()
    assert page.draws == 10_000
    page.export_csv(tmp_path / "E.csv")
    assert (tmp_path / "E.csv").read_text(encoding="utf-8").count("\n") >= 4


def test_bayes_with_4000_coin_hypotheses(qtbot):
    n = 4000
    theta = np.arange(1, n + 1) / n
    page = _shown(qtbot, BayesPage)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(np.full(n, 1 / n), np.full(n, 1 / n), [repr(float(t)) for t in theta],
                       "nats", 6)
        assert page.busy and page.result is None
    assert page.name.text() == "heads"  # the labels are a coin's θ
    posterior = theta / theta.sum()  # uniform prior, likelihood θ
    gain = float(np.sum(posterior * np.log2(posterior * n)))
    assert page.result.gain == pytest.approx(gain, rel=1e-12)
    # The continuous limit: posterior density 2θ on (0, 1], ∫ 2θ log₂(2θ) dθ.
    assert page.result.gain == pytest.approx(1 - 1 / (2 * math.log(2)), abs=1e-3)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.add_button.click()
    assert len(page.steps) == 1 and page.steps[0].update.gain == pytest.approx(gain, rel=1e-12)


@pytest.mark.parametrize("cls", [SamplingPage, CodingPage, BayesPage])
def test_a_dropped_page_is_collected_without_a_crash(qapp, cls):
    # Tables' column functions once referred to their page; a shown page left to the
    # garbage collector then crashed Qt (a segmentation fault) as it was collected.
    import gc
    import weakref

    page = cls()
    page.show()
    page.show_pair([0.8, 0.2], [0.6, 0.4], ["heads", "tails"], "nats", 6)
    assert page.table.model().rowCount() in (2, 3)
    ref = weakref.ref(page)
    del page
    gc.collect()  # survived: the test would end here with a crash
    if cls is CodingPage:  # no cycle left through the coding page at all
        assert ref() is None
