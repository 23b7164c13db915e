"""The smoothing page read by a student: plain changes, powers of ten, a legible
legend, and an amount that starts where it makes sense for what was typed."""

import math

import numpy as np
import pytest

from klgui.core import compare
from klgui.core.smoothing import Smoothing
from klgui.core.teaching.smoothing_effect import (looks_like_counts, power_of_ten,
                                                  relative_change, suggested_amount)


@pytest.mark.parametrize("before, after, text", [
    (1.0, 4.7, "+370%"),
    (0.223144, 0.00446, "−98%"),
    (0.1, 0.09, "−10%"),
    (1.0, 1.00052, "+0.052%"),
    (1.0, 0.981, "−1.9%"),
    (1.0, 47.0, "×47"),
    (2.0, 24_002.0, "×12,001"),
    (1.0, 1.0 + 1e-9, "+<0.0001%"),
    (math.inf, 2.0, "now finite"),
    (0.5, 0.5, "unchanged"),
])
def test_changes_read_in_plain_numbers(before, after, text):
    assert relative_change(before, after) == text
    assert "e+" not in text and "e-" not in text


def test_powers_of_ten_as_on_a_board():
    assert [power_of_ten(k) for k in (-6, -10, 0, 3)] == ["10⁻⁶", "10⁻¹⁰", "10⁰", "10³"]


def test_counts_start_at_laplace_and_probabilities_start_small():
    counts_p, counts_q = np.array([3.0, 0.0, 5.0]), np.array([1.0, 2.0, 0.0])
    probs_p, probs_q = np.array([1.0, 0.0, 0.0]), np.array([0.8, 0.1, 0.1])
    assert looks_like_counts(counts_p, counts_q)
    assert not looks_like_counts(probs_p, probs_q)
    assert not looks_like_counts(np.array([1.0, 0.0]), np.array([0.0, 1.0]))  # one-hots
    amount, why = suggested_amount("additive", counts_p, counts_q)
    assert amount == 1.0 and "Laplace" in why
    amount, why = suggested_amount("additive", probs_p, probs_q)
    assert amount == 1e-6 and "probabilities" in why and "swamp" in why
    amount, why = suggested_amount("floor", probs_p, probs_q)
    assert amount == 1e-6 and "floor ε starts small" in why
    big = np.ones(1_000_000)
    assert suggested_amount("floor", big / 1e6, big / 1e6)[0] == pytest.approx(1e-7)
    # Classifier A: α = 1 moved D by −98%; the small default moves it by a hair
    raw = compare(probs_p, probs_q).kl_pq
    laplace = compare(probs_p, probs_q, smoothing=Smoothing("additive", 1.0)).kl_pq
    small = compare(probs_p, probs_q, smoothing=Smoothing("additive", amount)).kl_pq
    assert relative_change(raw, laplace) == "−98%"
    assert abs(small - raw) / raw < 1e-3  # −0.011%


def _choose(window, qtbot, method):
    panel = window.smoothing
    window.pages.setCurrentIndex(window.pages.indexOf(panel.parentWidget().parentWidget()))
    with qtbot.waitSignal(window.sigRefreshed):
        panel.method.setCurrentIndex(panel.method.findData(method))
    return panel


def test_the_page_says_why_the_amount_starts_where_it_does(window, qtbot):
    from klgui.io.presets import find_preset

    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset("classifier-a"))
        window.refresh()
    panel = _choose(window, qtbot, "additive")
    assert panel.amount.text() == "1e-06"
    assert window.document.smoothing == Smoothing("additive", 1e-6)
    assert panel.starting.isVisible() and "probabilities" in panel.starting.text()
    change = panel.cells["kl_pq"][2].text()
    assert change.startswith("−") and change.endswith("%") and "e" not in change
    with qtbot.waitSignal(window.sigRefreshed):
        panel.method.setCurrentIndex(panel.method.findData(None))
    assert not panel.starting.isVisible()


def test_counts_start_at_alpha_one(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b", "c"], ["3", "0", "5"], ["1", "2", "0"], name="counts")
    panel = _choose(window, qtbot, "additive")
    assert panel.amount.text() == "1"
    assert "Laplace" in panel.starting.text()


def test_the_curve_axes_and_legend(window, qtbot):
    panel = _choose(window, qtbot, "floor")
    qtbot.waitUntil(lambda: panel.plot.isVisible())
    bottom = panel.plot.getPlotItem().getAxis("bottom")
    left = panel.plot.getPlotItem().getAxis("left")
    assert bottom.labelText == "probability floor ε, on a log scale"
    assert left.labelText == f"D in {window.document.result().comparison.base}"
    assert not left.autoSIPrefix and not bottom.autoSIPrefix
    assert bottom.tickStrings([-6.0, -5.69897, -4.0], 1, 1) == ["10⁻⁶", "", "10⁻⁴"]
    # a linear axis: the same decimal places at every tick, never an exponent
    assert left.tickStrings([0.0, 0.0002, 0.0004], 1, 0.0002) == ["0.0000", "0.0002", "0.0004"]
    assert left.tickStrings([0.0, 2e-5, 4e-5], 1, 2e-5) == ["0.00000", "0.00002", "0.00004"]
    ink = panel.palette().color(panel.palette().ColorRole.Text).name()
    for _, label in panel.legend.items:
        assert ink in label.item.toHtml() or label.opts["color"].name() == ink


def _typed_amount(window, qtbot, panel, text):
    """Select the amount and type ``text`` as a person does, then Enter."""
    from PySide6.QtCore import Qt
    panel.amount.selectAll()
    with qtbot.waitSignal(panel.sigSweepShown, timeout=20_000):
        qtbot.keyClicks(panel.amount, text)
        qtbot.keyClick(panel.amount, Qt.Key.Key_Return)


def _curve_x(panel):
    return panel.curves["pq"].getOriginalDataset()[0]


def test_a_pseudo_count_near_the_largest_double_gets_its_curve_also_after_undo(window, qtbot):
    """α = 1e308: the sweep's grid would go 2 decades above, to inf, which no smoothing
    accepts; it stops at the largest double, so the curve is drawn (the worker raised)."""
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b", "c"], ["3", "0", "5"], ["1", "2", "0"], name="counts")
    panel = _choose(window, qtbot, "additive")
    _typed_amount(window, qtbot, panel, "1e308")
    assert window.document.smoothing == Smoothing("additive", 1e308)
    x = _curve_x(panel)
    assert np.all(np.isfinite(x)) and x.max() == np.finfo(float).max and 1e308 in x
    assert x.min() == pytest.approx(1e304, rel=1e-12)  # 4 decades below, as always
    _typed_amount(window, qtbot, panel, "2")
    with qtbot.waitSignal(panel.sigSweepShown, timeout=20_000):
        window.undo_stack.undo()  # back to 1e308: computed again, again without a failure
    assert window.document.smoothing == Smoothing("additive", 1e308)
    assert np.array_equal(_curve_x(panel), x)


def test_an_amount_below_the_smallest_double_is_said_so(window, qtbot):
    panel = _choose(window, qtbot, "additive")
    before = window.document.smoothing
    panel.amount.selectAll()
    qtbot.keyClicks(panel.amount, "1e-400")
    assert window.document.smoothing == before
    assert panel.error.text().startswith(
        "α = 1e-400 is below the smallest positive double (about 4.9e-324). The figures keep")
    panel.amount.selectAll()
    qtbot.keyClicks(panel.amount, "0")
    assert panel.error.text().startswith("α must be above 0; 0 would be no smoothing.")
