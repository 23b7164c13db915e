"""The family sliders' ranges follow the outcomes and the value (issue 21, the tester's
findings): μ within the outcomes' span, σ from a fraction of their spacing to the span,
n and K one per position at small values, λ on a log scale, and any valid typed value
taken by the spin box with the slider re-centred on it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from conftest import shown_window
from klgui.core.families import Binomial, Normal
from klgui.ui.chart.family_controls import FamilyControls

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
DIE = np.arange(1.0, 7.0)


def shown(qtbot, spec, outcomes=None):
    w = FamilyControls(spec, outcomes=outcomes)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    changed = []
    w.specChanged.connect(changed.append)
    return w, changed


def key(qtbot, w, which, k):
    w.sliders[which].setFocus()
    qtbot.keyClick(w.sliders[which], k)


def test_normal_mean_and_sd_span_the_die(qtbot):
    w, changed = shown(qtbot, {"name": "normal", "mean": 3, "sd": 1}, DIE)
    mean, sd = w.ranges["mean"], w.ranges["sd"]
    assert 0.0 <= mean.low < 1.0 and 6.0 < mean.high <= 7.0  # a little beyond 1…6
    assert sd.log and sd.low <= 0.05 and 5.0 <= sd.high <= 6.0
    key(qtbot, w, "mean", Qt.Key.Key_Right)  # was 3 → 4 (then 6): now a fine step
    assert 3.0 < changed[-1]["mean"] <= 3.01
    key(qtbot, w, "sd", Qt.Key.Key_Right)
    assert 1.0 < changed[-1]["sd"] <= 1.02
    w.sliders["mean"].setValue(0)
    assert changed[-1]["mean"] == pytest.approx(mean.low)


def test_a_typed_mean_far_away_is_taken_and_the_slider_recentres(qtbot):
    w, changed = shown(qtbot, {"name": "normal", "mean": 3, "sd": 1}, DIE)
    w.boxes["mean"].setValue(250.0)
    assert changed[-1]["mean"] == 250.0 and w.ranges["mean"].high >= 250.0
    assert w.sliders["mean"].value() == w.sliders["mean"].maximum()
    w.set_outcomes(np.arange(0.0, 1001.0))  # the outcomes follow: so does the range
    assert w.ranges["mean"].low <= 0.0 and w.ranges["mean"].high >= 1000.0


def test_binomial_n_moves_by_one_at_small_values(qtbot):
    w, changed = shown(qtbot, {"name": "binomial", "n": 10, "p": 0.5})
    s = w.sliders["n"]
    assert s.minimum() == 1 and s.value() == 10 and s.maximum() <= 40  # 10 not far left
    key(qtbot, w, "n", Qt.Key.Key_Right)
    assert changed[-1]["n"] == 11
    key(qtbot, w, "n", Qt.Key.Key_PageUp)  # was 11 → 61
    assert 12 <= changed[-1]["n"] <= 15
    s.setValue(s.maximum())  # at the top a click leaves room above for the next
    top = changed[-1]["n"]
    assert s.maximum() >= 2 * top - 1 and s.value() == top
    w.boxes["n"].setValue(5000)  # any valid n can be typed (the box stopped at 1000)
    assert changed[-1]["n"] == 5000 and s.value() == 5000


@pytest.mark.parametrize("name", ["poisson", "geometric"])
def test_tail_k_moves_by_one_and_takes_big_values(qtbot, name):
    spec = {"name": name, "tail": 5, **({"lam": 2} if name == "poisson" else {"p": 0.3})}
    w, changed = shown(qtbot, spec)
    assert w.sliders["tail"].maximum() <= 40
    key(qtbot, w, "tail", Qt.Key.Key_Right)
    assert changed[-1]["tail"] == 6
    w.boxes["tail"].setValue(20_000)
    assert changed[-1]["tail"] == 20_000


def test_lambda_on_a_log_scale(qtbot):
    w, changed = shown(qtbot, {"name": "poisson", "lam": 2, "tail": 9})
    assert w.ranges["lam"].log
    key(qtbot, w, "lam", Qt.Key.Key_Right)
    assert 2.0 < changed[-1]["lam"] <= 2.04  # a step is about 1% of λ


def test_the_panel_gives_the_outcomes_and_follows_them(qtbot):
    w = shown_window(qtbot)
    doc = w.document
    doc.fill_from_family("Q", Binomial(5, 0.5), create_outcomes=True)  # outcomes 0…5
    doc.set_family("Q", Normal(2.5, 1.0))
    controls = w.family_panel.controls["Q"][1]
    assert -1.0 <= controls.ranges["mean"].low < 0.0 < 5.0 < controls.ranges["mean"].high <= 6
    doc.fill_from_family("P", Binomial(40, 0.5), create_outcomes=True)  # outcomes 0…40
    controls = w.family_panel.controls["Q"][1]
    assert controls.ranges["mean"].high >= 40.0 and controls.ranges["sd"].high >= 40.0


def test_the_panel_says_why_a_typed_lambda_beyond_1e6_is_not_taken(qtbot):
    """The λ box stopped at 1e6 without a word; the family's range is the box's, and a
    value typed beyond it is named under the sliders and in the status bar."""
    from klgui.core.families import Poisson
    w = shown_window(qtbot)
    w.document.fill_from_family("Q", Poisson(2.0), create_outcomes=True)
    qtbot.waitUntil(lambda: "Q" in w.family_panel.controls)
    said = []
    w.family_panel.sigMessage.connect(said.append)
    box = w.family_panel.controls["Q"][1].boxes["lam"]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "2000000")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    want = ("Not changed: λ of the Poisson family must be above 0 and at most "
            "1,000,000, not '2000000'.")
    assert said and said[-1] == want and w.family_panel.note.text() == want
    qtbot.waitUntil(lambda: box.value() == 2.0 and box.lineEdit().text() == box.text()
                    and box.text() == box.textFromValue(2.0))  # shown again
    assert w.document.family_of("Q") == Poisson(2.0)


def test_the_lambda_slider_ends_where_poisson_probabilities_stay_doubles():
    """λ's slider stops at 700: from λ ≈ 708.4, P(X = 0) = e^−λ is below the smallest
    normal double (about 2.2e-308), which the family refuses rather than write 0 (a
    false ∞)."""
    from klgui.core.errors import DistributionError
    from klgui.core.families import Poisson
    from klgui.ui.chart.family_controls import KNOBS
    top = KNOBS["poisson"][0].high
    assert top == 700.0
    p = Poisson(top).probabilities()
    assert p[0] > 0 and abs(np.log(p[0]) + 700.0) < 1e-9  # e^−700
    with pytest.raises(DistributionError):
        Poisson(710.0).probabilities()
