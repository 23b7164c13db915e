"""Poisson's λ slider offers only the λ the family takes at its K (gui_drag.py, session
16): at λ = 600 its range re-centred to 0.01–1,200, and everything above 708.4 (P(X = 0)
= e^−λ below the smallest normal double, whatever K) and below the least λ for K =
1,000 was refused, the refusal re-ranging the slider under the mouse. Typed values
beyond are still refused by the box, with the reason."""

from __future__ import annotations

import math

import mpmath
import pytest

from conftest import type_in_family_box
from klgui.core.families import Poisson
from klgui.core.families.base import TINY
from klgui.core.families.counts import poisson_lambda_range
from klgui.ui.chart.family_controls import FamilyControls, _from_slider

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _least(lam: str, k: int) -> mpmath.mpf:
    """The least probability of Poisson(λ) folded at K: of 0, K − 1 and "≥ K" (mpmath)."""
    mpmath.mp.dps = 60
    lam = mpmath.mpf(lam)

    def pmf(j):
        return mpmath.exp(-lam + j * mpmath.log(lam) - mpmath.loggamma(j + 1))
    tail = mpmath.fsum(pmf(j) for j in range(k, k + 3000)) if lam < k else \
        1 - mpmath.fsum(pmf(j) for j in range(k))
    return min(pmf(0), pmf(k - 1), tail)


def test_the_lambda_range_at_k_1000_is_where_mpmath_keeps_every_probability_normal():
    """Its ends, to the slider's 4 digits, rounded inward: 228.7 and 708.3."""
    low, high = poisson_lambda_range(1000, 600.0)
    assert (low, high) == (228.7, 708.3)
    tiny = mpmath.mpf(TINY)
    assert _least("228.7", 1000) >= tiny > _least("228.6", 1000)
    assert _least("708.3", 1000) >= tiny > _least("708.4", 1000)  # e^-708.396 = TINY
    assert Poisson(low, 1000).probabilities().min() >= TINY
    assert Poisson(high, 1000).probabilities().min() >= TINY


def test_every_lambda_slider_position_is_taken_and_a_drag_keeps_the_range(window, qtbot):
    doc = window.document
    window.edits.load([str(i) for i in range(1001)], ["1"] * 1001, ["1"] * 1001)
    assert window.columns.fill(doc.focus_id, Poisson(600.0, 1000), True)
    window.refresh()
    controls = window.family_panel.controls["Q"][1]
    slider, r = controls.sliders["lam"], controls.ranges["lam"]
    assert (_from_slider(r, slider.minimum()), _from_slider(r, slider.maximum())) == \
        (228.7, 708.3)
    slider.setSliderDown(True)
    for i in range(slider.minimum(), slider.maximum() + 1, 25):
        slider.setValue(i)
        assert not window.family_panel.note.text()
        assert doc.family_of(doc.focus_id) == Poisson(_from_slider(r, i), 1000)
        assert controls.ranges["lam"] == r and slider.value() == i  # nothing re-ranged
    slider.setValue(slider.maximum())
    slider.setSliderDown(False)
    window.refresh()
    assert doc.family_of(doc.focus_id) == Poisson(708.3, 1000)
    type_in_family_box(window, qtbot, "Q", "lam", "709")  # beyond: refused by the box, saying why
    assert doc.family_of(doc.focus_id) == Poisson(708.3, 1000)
    assert "e^−λ is below the smallest normal double" in window.family_panel.note.text() + \
        window.family_panel.note.toolTip()


def test_the_range_follows_k_and_stays_as_it_was_for_small_k(qtbot):
    """Poisson(300), K = 11: the default 0.01…700 (its least λ, 5.28e-28, is far
    below); K = 1,000 typed: λ's slider starts at 228.7, the least λ it takes."""
    w = FamilyControls({"name": "poisson", "lam": 300, "tail": 11})
    qtbot.addWidget(w)
    r = w.ranges["lam"]
    assert (r.low, r.high) == (0.01, 700.0)
    w.boxes["tail"].setValue(1000)
    r = w.ranges["lam"]
    assert (r.low, r.high) == (228.7, 700.0) and math.isclose(
        _from_slider(r, w.sliders["lam"].value()), 300.0, rel_tol=2e-3)
