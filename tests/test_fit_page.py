"""The fit lab page driven with qtbot: curves, stationary points, the chosen fit, the
background thread, computing only while shown."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from scipy import stats

from klgui.core.families.fit import GLOBAL_MIN, LOCAL_MAX
from klgui.ui.pages import fit_page
from klgui.ui.pages.fit_page import FitPage

#: The offscreen platform plugin says this when a top-level widget is shown.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LABELS = [str(k) for k in range(11)]
K = np.arange(11)
BIMODAL = 0.5 * stats.binom.pmf(K, 10, 0.2) + 0.5 * stats.binom.pmf(K, 10, 0.8)
WAIT = 60_000  # ms: a generous bound for a busy machine, not a speed test
#: The kinds as the table shows them: each with its marker on the plot.
SHOWN_MIN, SHOWN_MAX = f"★ {GLOBAL_MIN}", f"▲ {LOCAL_MAX}"


@pytest.fixture
def page(qtbot):
    w = FitPage()
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.stop()


def _show(page, qtbot, *args, **kwargs):
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        page.show_reference(*args, **kwargs)


def _choose(page, qtbot, family):
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        page.family.setCurrentIndex(page.family.findData(family))


def _rows(page):
    m = page.points.model_
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())]
            for r in range(m.rowCount())]


def test_bimodal_reference_lists_every_stationary_point(page, qtbot):
    _show(page, qtbot, BIMODAL, LABELS, "nats", 6)
    rows = _rows(page)
    assert rows[0][:2] == ["D(P‖Q)", SHOWN_MIN] and rows[0][3] == "1.27944"
    assert [r[1] for r in rows[1:]] == [SHOWN_MIN, SHOWN_MAX, SHOWN_MIN]
    assert rows[1][2] == "0.222929814108" and rows[3][2] == "0.777070185892"
    assert rows[2][3] == "1.02241"
    assert page.points.model_.headerData(2, fit_page.Qt.Orientation.Horizontal) == "p"
    # every point is marked on the plot, and the curves hold the grid
    xs = sorted(page.plot.markers["reverse"].data["x"])
    assert xs == pytest.approx([0.2229298141, 0.5, 0.7770701859])
    x, y = page.plot.curves["forward"].getData()
    assert len(x) == 256 and 1.27943984238 < np.nanmin(y) < 1.2796  # grid misses 0.5
    assert "mode-seeking" in page.lesson.text()


def test_use_this_fit_emits_the_family_object(page, qtbot):
    _show(page, qtbot, BIMODAL, LABELS, model_name="Model A")
    page.select_point(1)
    assert page.use.toolTip().startswith("Set Model A to the selected fit")
    assert page.target.text() == "→ Model A"
    with qtbot.waitSignal(page.fitChosen) as got:
        page.use.click()
    assert got.args[0]["name"] == "binomial" and got.args[0]["n"] == 10
    assert got.args[0]["p"] == pytest.approx(0.222929814099, abs=1e-10)
    assert page.plot.chosen.value() == got.args[0]["p"]


def test_copy_gives_the_points_at_full_precision(page, qtbot):
    from PySide6.QtWidgets import QApplication
    _show(page, qtbot, BIMODAL, LABELS)
    page.select_point(1)
    page.points.copy_selection()
    header, row = [line.split("\t") for line in
                   QApplication.clipboard().text().splitlines()]
    assert header == ["Curve", "Stationary point", "p", "D (nats)"]
    assert row[:2] == ["D(Q‖P)", GLOBAL_MIN]
    assert float(row[2]) == page.rows[1][1].theta  # every bit
    assert float(row[3]) == pytest.approx(0.637319312836, abs=1e-11)


def test_units_and_digits_redraw_without_computing_again(page, qtbot):
    _show(page, qtbot, BIMODAL, LABELS)
    first = page.result
    _show(page, qtbot, BIMODAL, LABELS, "bits", 4)
    assert page.result is first and not page.busy  # the same curves, redrawn
    assert _rows(page)[0][3] == f"{1.27943984238 / np.log(2):.4g}"
    assert page.points.model_.headerData(3, fit_page.Qt.Orientation.Horizontal) == "D (bits)"


def test_poisson_reverse_is_infinite_and_said_so(page, qtbot):
    _show(page, qtbot, BIMODAL, LABELS)
    _choose(page, qtbot, "poisson")
    rows = _rows(page)
    assert [r[:2] for r in rows] == [["D(P‖Q)", SHOWN_MIN], ["D(Q‖P)", "∞ for every λ"]]
    assert rows[1][3] == "∞"
    assert "D(Q‖P) is ∞ for every λ" in page.lesson.text()
    assert "every count above 10" in page.lesson.text()
    _, y = page.plot.curves["reverse"].getData()
    assert np.isnan(y).all()
    page.select_point(1)  # nothing to use there
    assert not page.use.isEnabled() and page.selected_spec() is None
    page.select_point(0)
    assert page.use.isEnabled() and page.selected_spec()["name"] == "poisson"


def test_fixed_parameters_follow_the_spin_boxes(page, qtbot):
    _show(page, qtbot, BIMODAL, LABELS)
    assert page.n.value() == 10 and page.n.isVisible() and not page.sd.isVisible()
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        page.n.setValue(12)  # Binomial(12, p) reaches 11 and 12, where P has nothing
    assert "∞ for every p" in page.lesson.text()
    _show(page, qtbot, BIMODAL, LABELS)  # an edit of P keeps the n a person chose
    assert page.n.value() == 12
    _choose(page, qtbot, "normal")
    assert page.sd.isVisible() and not page.n.isVisible()
    spread = float(np.sqrt(np.dot(BIMODAL, (K - 5.0) ** 2)))
    assert page.sd.value() == pytest.approx(spread, rel=1e-4)
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        page.sd.setValue(1.5)
    kinds = [r[1] for r in _rows(page) if r[0] == "D(Q‖P)"]
    assert kinds == [SHOWN_MIN, SHOWN_MAX, SHOWN_MIN]


def test_bad_reference_shows_the_problem_and_disables_use(page, qtbot):
    _show(page, qtbot, [0.5, 0.5], LABELS)  # 2 probabilities for 11 outcomes
    assert page.error.isVisible() and "11 outcomes" in page.error.text()
    assert not page.use.isEnabled() and page.points.model_.rowCount() == 0
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        page.show_nothing("P's entries are not numbers")
    assert page.error.text() == "P's entries are not numbers"


def test_a_hidden_page_computes_nothing_until_shown(page, qtbot, monkeypatch):
    calls = []
    real = fit_page.fit_curves
    monkeypatch.setattr(fit_page, "fit_curves",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    page.hide()
    page.show_reference(BIMODAL, LABELS)
    page.family.setCurrentIndex(page.family.findData("geometric"))
    assert calls == [] and page.result is None and not page._worker.busy
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        page.show()
    assert len(calls) == 1 and page.result.model.family == "geometric"


def test_the_curves_are_computed_off_the_gui_thread(page, qtbot, monkeypatch):
    n = 999
    k = np.arange(n + 1)
    p = 0.5 * stats.binom.pmf(k, n, 0.2) + 0.5 * stats.binom.pmf(k, n, 0.8)
    labels = [str(x) for x in k]
    calls = []
    real = fit_page.fit_curves

    def spy(*args, **kwargs):
        calls.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(fit_page, "fit_curves", spy)
    _show(page, qtbot, BIMODAL, LABELS)  # small ones too
    _show(page, qtbot, p, labels)
    assert calls and all(name == "klgui-result" for name in calls)  # ResultWorker's thread
    kinds = [r[1] for r in _rows(page) if r[0] == "D(Q‖P)"]
    assert kinds == [SHOWN_MIN, SHOWN_MAX, SHOWN_MIN]


def test_a_newer_request_supersedes_the_older(page, qtbot):
    n = 999
    p = stats.binom.pmf(np.arange(n + 1), n, 0.3)
    labels = [str(k) for k in range(n + 1)]
    shown = []
    page.sigResultShown.connect(shown.append)
    page.show_reference(p, labels)
    assert page.busy and not page.use.isEnabled()
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        page.family.setCurrentIndex(page.family.findData("poisson"))
    qtbot.waitUntil(lambda: not page._worker.busy, timeout=WAIT)
    assert [r.model.family for r in shown] == ["poisson"]  # the binomial never showed
    assert not page.busy


def test_sigma_follows_the_reference_until_a_person_sets_it(page, qtbot):
    _show(page, qtbot, BIMODAL, LABELS)
    _choose(page, qtbot, "normal")
    narrow = stats.binom.pmf(K, 10, 0.5)
    _show(page, qtbot, narrow, LABELS)  # σ follows P's spread: √(10·½·½)
    assert page.sd.value() == pytest.approx(np.sqrt(2.5), abs=1e-4)
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        page.sd.setValue(3.0)
    _show(page, qtbot, BIMODAL, LABELS)
    assert page.sd.value() == 3.0  # the person's σ stays while the outcomes do
    _show(page, qtbot, BIMODAL[:10] / BIMODAL[:10].sum(), LABELS[:10])
    assert page.n.value() == 9 and page.sd.value() != 3.0  # new outcomes: both follow


def test_one_outcome_lists_no_minimum_and_says_why(page, qtbot):
    # The issue: Normal listed a "★ global minimum at μ = 0.163351506571" on a curve 0
    # everywhere; Binomial showed no D(P‖Q) row and no word of its edge minimum.
    _show(page, qtbot, [1.0], ["0"])
    _choose(page, qtbot, "normal")
    assert _rows(page) == [] and not page.use.isEnabled()
    text = page.lesson.text()
    assert "D(P‖Q) is 0 (Q is P) for every μ" in text and "no minimum" in text
    assert "D(Q‖P) is 0 (Q is P) for every μ" in text
    _choose(page, qtbot, "zipf")
    assert _rows(page) == [] and "for every s" in page.lesson.text()
    _choose(page, qtbot, "binomial")  # n = 1: D(P‖Q) = −log(1 − p), smallest as p → 0
    assert [r[:2] for r in _rows(page)] == [["D(Q‖P)", "∞ for every p"]]
    assert "D is smallest at the lower end of the range (p → 0)" in page.lesson.text()


def test_a_large_label_is_fitted_by_the_mean(page, qtbot):
    # Labels 0, 1, 100000 took 21 s (Binomial) while "Computing the curves…" showed.
    _show(page, qtbot, [0.5, 0.3, 0.2], ["0", "1", "100000"])
    assert page.n.value() == 100000
    assert page.rows[0][1].theta == pytest.approx(0.200003, rel=1e-12)
    _choose(page, qtbot, "poisson")
    assert page.rows[0][1].theta == pytest.approx(20000.3, rel=1e-12)
