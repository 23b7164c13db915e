"""The fit lab page driven with qtbot: curves, stationary points, the chosen fit, the
background thread for many outcomes."""

from __future__ import annotations

import numpy as np
import pytest

from klgui.core.families import Binomial
from klgui.core.families.fit import GLOBAL_MIN, LOCAL_MAX
from klgui.ui.pages import fit_page
from klgui.ui.pages.fit_page import FitPage

#: The offscreen platform plugin says this when a top-level widget is shown.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LABELS = [str(k) for k in range(11)]
BIMODAL = 0.5 * Binomial(10, 0.2).probabilities() + 0.5 * Binomial(10, 0.8).probabilities()


@pytest.fixture
def page(qtbot):
    w = FitPage()
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.stop()


def _rows(page):
    return [[page.points.item(r, c).text() for c in range(4)]
            for r in range(page.points.rowCount())]


def test_bimodal_reference_lists_every_stationary_point(page):
    page.show_reference(BIMODAL, LABELS, "nats", 6)
    rows = _rows(page)
    assert rows[0][:2] == ["D(P‖Q)", GLOBAL_MIN] and rows[0][3] == "1.27944"
    assert [r[1] for r in rows[1:]] == [GLOBAL_MIN, LOCAL_MAX, GLOBAL_MIN]
    assert rows[1][2] == "0.222929814108" and rows[3][2] == "0.777070185892"
    assert rows[2][3] == "1.02241"
    assert page.points.horizontalHeaderItem(2).text() == "p"
    # every point is marked on the plot, and the curves hold the grid
    xs = sorted(page.markers["reverse"].data["x"])
    assert xs == pytest.approx([0.2229298141, 0.5, 0.7770701859])
    x, y = page.curves["forward"].getData()
    assert len(x) == 256 and 1.27943984238 < np.nanmin(y) < 1.2796  # grid misses 0.5
    assert "mode-seeking" in page.lesson.text()


def test_use_this_fit_emits_the_family_object(page, qtbot):
    page.show_reference(BIMODAL, LABELS)
    page.points.selectRow(1)
    with qtbot.waitSignal(page.fitChosen) as got:
        page.use.click()
    assert got.args[0]["name"] == "binomial" and got.args[0]["n"] == 10
    assert got.args[0]["p"] == pytest.approx(0.2229298141080552, rel=1e-14)
    assert page.chosen.value() == pytest.approx(0.2229298141080552)


def test_units_scale_the_figures(page):
    page.show_reference(BIMODAL, LABELS, "bits", 4)
    assert _rows(page)[0][3] == f"{1.27943984238 / np.log(2):.4g}"
    assert page.points.horizontalHeaderItem(3).text() == "D (bits)"


def test_poisson_reverse_is_infinite_and_said_so(page):
    page.show_reference(BIMODAL, LABELS)
    page.family.setCurrentIndex(page.family.findData("poisson"))
    rows = _rows(page)
    assert [r[0] for r in rows] == ["D(P‖Q)"]
    assert "∞ for every λ" in page.lesson.text()
    _, y = page.curves["reverse"].getData()
    assert np.isnan(y).all()


def test_fixed_parameters_follow_the_spin_boxes(page):
    page.show_reference(BIMODAL, LABELS)
    assert page.n.value() == 10 and page.n.isVisible() and not page.sd.isVisible()
    page.n.setValue(12)  # Binomial(12, p) reaches 11 and 12, where P has nothing
    assert "∞ for every p" in page.lesson.text()
    page.family.setCurrentIndex(page.family.findData("normal"))
    assert page.sd.isVisible() and not page.n.isVisible()
    assert page.sd.value() == pytest.approx(float(np.sqrt(np.dot(BIMODAL, (np.arange(11) - 5.0) ** 2))),
                                            rel=1e-4)
    page.sd.setValue(1.5)
    kinds = [r[1] for r in _rows(page) if r[0] == "D(Q‖P)"]
    assert kinds == [GLOBAL_MIN, LOCAL_MAX, GLOBAL_MIN]


def test_bad_reference_shows_the_problem_and_disables_use(page):
    page.show_reference([0.5, 0.5], LABELS)  # 2 probabilities for 11 outcomes
    assert page.error.isVisible() and "11 outcomes" in page.error.text()
    assert not page.use.isEnabled() and page.points.rowCount() == 0


def test_many_outcomes_are_fitted_off_the_gui_thread(page, qtbot, monkeypatch):
    n = 999
    p = 0.5 * Binomial(n, 0.2).probabilities() + 0.5 * Binomial(n, 0.8).probabilities()
    labels = [str(k) for k in range(n + 1)]
    calls = []
    real = fit_page.fit_curves

    def spy(*args, **kwargs):
        import threading
        calls.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(fit_page, "fit_curves", spy)
    with qtbot.waitSignal(page.sigResultShown, timeout=60_000):
        page.show_reference(p, labels)
    assert calls and all(name == "klgui-result" for name in calls)  # ResultWorker's thread
    kinds = [r[1] for r in _rows(page) if r[0] == "D(Q‖P)"]
    assert kinds == [GLOBAL_MIN, LOCAL_MAX, GLOBAL_MIN]


def test_a_newer_request_supersedes_the_older(page, qtbot):
    n = 999
    p = Binomial(n, 0.3).probabilities()
    labels = [str(k) for k in range(n + 1)]
    shown = []
    page.sigResultShown.connect(shown.append)
    page.show_reference(p, labels)
    with qtbot.waitSignal(page.sigResultShown, timeout=60_000):
        page.family.setCurrentIndex(page.family.findData("poisson"))
    qtbot.waitUntil(lambda: not page._worker._thread, timeout=60_000)
    assert shown[-1].model.family == "poisson"
    assert all(r.model.family in ("binomial", "poisson") for r in shown)
