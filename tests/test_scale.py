"""Large documents: results computed off the GUI thread, newest edit first, and a
1e5-outcome document that edits, exports and re-imports. No timing is asserted."""

import csv
import threading

import numpy as np
import pytest

from klgui.core import Cancelled, compare, parse_weight
from klgui.model.document import Document, ResultJob
from klgui.ui.table.outcome_model import P_ENTRY, P_NORM, Q_ENTRY
from klgui.ui.result_worker import ResultWorker
from oracle import typed_compare


# -- the document's side: jobs that can run elsewhere ---------------------------------
def test_a_job_keeps_the_entries_of_its_revision_while_the_document_moves_on():
    doc = Document(["a", "b"], ["1", "3"], ["1", "1"])
    job = doc.job()
    doc.set_entry("P", 0, "3")  # an edit replaces the array; the job's stays as it was
    assert list(job.p) == [1.0, 3.0] and list(doc.values("P")) == [3.0, 3.0]
    old = job.run()
    assert old.comparison.kl_pq == typed_compare([1, 3], [1, 1]).kl_pq
    assert not doc.accept(job, old) and doc.known_result() is None
    fresh = doc.job()
    assert doc.accept(fresh, fresh.run()) and doc.result() is doc.known_result()
    assert doc.result().comparison.kl_pq == 0.0


def test_labels_and_digits_keep_the_known_result_other_changes_drop_it():
    doc = Document(["a", "b"], ["1", "3"], ["1", "1"])
    first = doc.result()
    doc.set_label(0, "heads")
    doc.set_digits(3)
    assert doc.known_result() is first
    doc.set_unit("bits")
    assert doc.known_result() is None and doc.result().comparison.base == "bits"


def test_a_cancelled_job_stops_part_way_and_says_so():
    n = 100_000
    doc = Document([str(i) for i in range(n)], ["1"] * n, ["2"] * n)
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 2
    with pytest.raises(Cancelled):
        doc.job().run(cancelled)
    assert len(asked) == 3  # stopped at the third block of many, not at the end


# -- the worker: the newest job supersedes the running one -----------------------------
class HeldJob:
    """A job that runs until it is superseded (or released), to make races certain."""

    def __init__(self, name):
        self.name, self.started, self.release = name, threading.Event(), threading.Event()

    def run(self, cancelled=None):
        self.started.set()
        while not self.release.wait(0.001):
            if cancelled():
                raise Cancelled()
        return self.name


def test_a_newer_job_supersedes_the_running_one_instead_of_queueing(qtbot):
    worker = ResultWorker()
    done = []
    worker.sigFinished.connect(lambda job, result: done.append(result))
    slow, fast = HeldJob("slow"), HeldJob("fast")
    fast.release.set()
    worker.submit(slow)
    assert slow.started.wait(5)
    with qtbot.waitSignal(worker.sigFinished, timeout=5000):
        worker.submit(fast)
    assert done == ["fast"] and worker.superseded == 1
    qtbot.waitUntil(lambda: not worker.busy)
    worker.stop()


def test_stop_ends_a_running_job_and_refuses_new_ones(qtbot):
    worker = ResultWorker()
    done = []
    worker.sigFinished.connect(lambda job, result: done.append(result))
    held = HeldJob("held")
    worker.submit(held)
    assert held.started.wait(5)
    worker.stop()
    worker.submit(HeldJob("late"))
    assert not worker.busy and worker.superseded == 1
    qtbot.wait(0)  # deliver anything queued: there must be nothing
    assert done == []


def test_a_bug_in_a_job_reaches_the_gui_thread(qtbot):
    class Broken:
        def run(self, cancelled=None):
            raise ZeroDivisionError("oops")
    worker = ResultWorker()
    with qtbot.waitSignal(worker.sigFailed, timeout=5000) as blocker:
        worker.submit(Broken())
    assert isinstance(blocker.args[0], ZeroDivisionError)
    worker.stop()


# -- the window computing off its thread -------------------------------------------------
@pytest.fixture
def off_thread(window):
    """The window computing every document on the worker, as it does above 200,000."""
    window.results.off_thread_from = 1
    return window


def test_an_edit_shows_at_once_and_the_figures_follow_from_the_worker(off_thread, qtbot):
    w = off_thread
    model = w.table.model
    assert model.setData(model.index(0, P_ENTRY), "0.6")
    w.refresh()  # the job leaves; nothing waits for it
    assert w.busy and model.index(0, P_ENTRY).data() == "0.6"
    assert w.panel.figures["kl_pq"].value == typed_compare([0.8, 0.2], [0.6, 0.4]).kl_pq
    with qtbot.waitSignal(w.sigRefreshed, timeout=5000):
        pass
    assert not w.busy
    assert w.panel.figures["kl_pq"].value == typed_compare([0.6, 0.2], [0.6, 0.4]).kl_pq
    assert model.index(0, P_NORM).data() == "0.75"  # 0.6 / (0.6 + 0.2)


def test_only_the_newest_of_quick_edits_is_shown(off_thread, qtbot):
    w = off_thread
    shown = []
    w.sigRefreshed.connect(lambda: shown.append(w.panel.figures["kl_pq"].value))
    w.edits.set_entry("P", 0, "0.7")
    w.refresh()
    w.edits.set_entry("P", 0, "0.9")  # before the first result is in
    with qtbot.waitSignal(w.sigRefreshed, timeout=5000):
        pass
    qtbot.waitUntil(lambda: not w.results.worker.busy)
    qtbot.wait(0)
    assert shown == [typed_compare([0.9, 0.2], [0.6, 0.4]).kl_pq]


def test_a_slow_computation_shows_the_busy_indicator_until_it_ends(off_thread, qtbot,
                                                                    monkeypatch):
    w = off_thread
    gate = threading.Event()
    real_run = ResultJob.run

    def held_run(job, cancelled=None):
        gate.wait(10)
        return real_run(job, cancelled)
    monkeypatch.setattr(ResultJob, "run", held_run)
    w.edits.set_entry("Q", 1, "0.5")
    w.refresh()
    qtbot.waitUntil(w.busy_indicator.bar.isVisible, timeout=5000)
    assert w.busy_indicator.label.text() == "Computing 2 outcomes…" and w.busy_indicator.label.isVisible()
    with qtbot.waitSignal(w.sigRefreshed, timeout=5000):
        gate.set()
    assert not w.busy_indicator.bar.isVisible() and not w.busy_indicator.label.isVisible()
    assert w.panel.figures["kl_qp"].value == typed_compare([0.8, 0.2], [0.6, 0.5]).kl_qp


# -- a 1e5-outcome document, end to end -----------------------------------------------
FORMS = ("1", "0.25", "3/7", "12.5%", "2e-3", "0")


def test_a_hundred_thousand_outcomes_edit_export_and_reimport(window, qtbot, dialogs, tmp_path):
    n = 100_000
    labels = [f"word {i}" for i in range(n)]
    p = [FORMS[i % len(FORMS)] for i in range(n)]
    q = [FORMS[(i * 7 + 1) % len(FORMS)] if i % 1000 else "5" for i in range(n)]
    with qtbot.waitSignal(window.sigRefreshed, timeout=10_000):
        window.edits.load(labels, p, q, name="words")
    model = window.table.model
    with qtbot.waitSignal(window.sigRefreshed, timeout=10_000):
        assert model.setData(model.index(99_998, Q_ENTRY), "1/3")
        assert model.setData(model.index(5, P_ENTRY), "40%")
    q[99_998], p[5] = "1/3", "40%"
    expected = compare([parse_weight(t) for t in p], [parse_weight(t) for t in q])
    assert window.panel.figures["kl_qp"].value == pytest.approx(expected.kl_qp, rel=1e-14)
    assert window.panel.figures["kl_pq"].text() == "∞"  # Q = 0 where P = 1 (row 5, ...)

    dialogs.save_paths.append(tmp_path / "words.csv")
    assert window.files.export_table()
    rows = list(csv.reader(open(tmp_path / "words.csv", encoding="utf-8", newline="")))
    # weights as plain numbers a spreadsheet reads (40% -> 0.4), every digit kept
    assert len(rows) == n + 1 and rows[6][:3] == ["word 5", "0.4", "1"]
    assert rows[99_999][2] == repr(1 / 3) and float(rows[99_999][4]) == pytest.approx(expected.q[99_998], rel=1e-15)

    with qtbot.waitSignal(window.sigRefreshed, timeout=10_000):
        assert window.files.import_csv(tmp_path / "words.csv", ask_first=False)
    doc = window.document
    assert doc.labels == labels and doc.texts("P") == [r[1] for r in rows[1:]]
    assert np.array_equal(doc.values("P"), [parse_weight(t) for t in p])
    assert np.array_equal(doc.values("Q"), [parse_weight(t) for t in q])
    again = doc.result().comparison
    assert again.kl_qp == expected.kl_qp and again.infinite_pq == expected.infinite_pq
    assert np.array_equal(again.contributions_qp, expected.contributions_qp)


def test_cancelling_an_export_leaves_the_old_file_as_it_was(window, dialogs, tmp_path,
                                                             monkeypatch):
    from PySide6.QtWidgets import QProgressDialog
    target = tmp_path / "coin-table.csv"
    target.write_text("precious", encoding="utf-8")
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    dialogs.save_paths.append(target)
    assert not window.files.export_table()
    assert target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["coin-table.csv"]  # no temporary left
    assert window.statusBar().currentMessage() == \
        "Export cancelled; coin-table.csv was not written."


def test_off_the_thread_the_ranking_follows_the_focus_pair_and_reuses_it(off_thread, qtbot):
    """A large document's focus pair is computed on one worker; the ranking waits for
    it and takes it from there, so after an edit in the focus model it computes no
    pair of its own, and after one in another model only that model's."""
    from klgui.model.snapshot import DistributionSpec
    w = off_thread
    specs = [DistributionSpec("P", "reference", ("1", "2", "3")),
             DistributionSpec("A", "model", ("3", "2", "1")),
             DistributionSpec("B", "model", ("1", "1", "1"))]
    w.edits.replace("Load", lambda: w.document.load_columns(["x", "y", "z"], specs))
    w.show_page(w.ranking)
    qtbot.waitUntil(lambda: w.results.many_current, timeout=20_000)
    cache = w.results._cache
    for which, entry, computed in (("A", "4", 0), ("B", "5", 1)):
        misses = cache.misses
        w.edits.set_entry(which, 0, entry)
        qtbot.waitUntil(lambda: w.results.many_current, timeout=20_000)
        assert cache.misses - misses == computed
    rows = {r.name: r for r in w.results.many.ranking}
    assert rows["A"].figures.kl_pq == typed_compare([1, 2, 3], [4, 2, 1]).kl_pq
    assert rows["B"].figures.kl_pq == typed_compare([1, 2, 3], [5, 1, 1]).kl_pq
