"""The teaching pages in the real window: the worked solution follows every edit and
copies as text and LaTeX, the checks tick, smoothing is chosen, refused, compared and
plotted, the chart switches to non-negative terms, and every figure explains itself."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from klgui.core import SCALAR_FIELDS, Smoothing, compare
from klgui.core.teaching.meanings import meaning
from klgui.core.teaching.worked import worked_solution
from klgui.ui.table.outcome_model import P_ENTRY
from oracle import typed_compare


def show_page(window, qtbot, page):
    """Select the tab holding ``page`` and wait until it is on screen."""
    for k in range(window.pages.count()):
        tab = window.pages.widget(k)
        if tab is page or tab.isAncestorOf(page):
            window.pages.setCurrentIndex(k)
            break
    else:
        raise AssertionError("page not in a tab")
    qtbot.waitUntil(page.isVisible)


def test_the_worked_solution_follows_an_edit(window, qtbot):
    show_page(window, qtbot, window.worked)
    text = window.worked.view.toPlainText()
    assert "0.8·ln(0.8/0.6) + 0.2·ln(0.2/0.4)" in text
    assert "0.230146 + (−0.138629)" in text and "0.0915162 nats" in text
    model = window.table.model
    with qtbot.waitSignal(window.sigRefreshed):
        model.setData(model.index(0, P_ENTRY), "0.6")  # P = (0.6, 0.2) -> (0.75, 0.25)
    text = window.worked.view.toPlainText()
    c = compare([0.6, 0.2], [0.6, 0.4])
    assert "0.75·ln(0.75/0.6) + 0.25·ln(0.25/0.4)" in text
    assert f"{c.kl_pq:.6g} nats" in text


def test_a_hidden_worked_solution_catches_up_when_shown(window, qtbot):
    assert not window.worked.isVisible()
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.set_unit("bits")
    show_page(window, qtbot, window.worked)
    assert "0.8·log2(0.8/0.6)" in window.worked.view.toPlainText()  # log<sub>2</sub>
    assert "1 nat = 1/ln 2 bits ≈ 1.4427 bits" in window.worked.view.toPlainText()
    # the view's text is the rich-text rendering of the same solution
    c = compare([0.8, 0.2], [0.6, 0.4], "bits")
    assert window.worked.text("html") == worked_solution(c, "pq", "html", 6, ["heads", "tails"])


def test_switching_to_d_q_p(window, qtbot):
    show_page(window, qtbot, window.worked)
    window.worked.direction.setCurrentIndex(1)
    text = window.worked.view.toPlainText()
    # equation rows are table cells: left side, "=", right side
    assert "D(Q‖P)\n = \n0.6·ln(0.6/0.8) + 0.4·ln(0.4/0.2)\n" in text
    assert "H(Q,P)\n = \nH(Q) + D(Q‖P)" in text


def test_copy_as_text_and_as_latex(window, qtbot):
    show_page(window, qtbot, window.worked)
    clipboard = QGuiApplication.clipboard()
    qtbot.mouseClick(window.worked.copy_text_button, Qt.MouseButton.LeftButton)
    c = compare([0.8, 0.2], [0.6, 0.4])
    assert clipboard.text() == worked_solution(c, "pq", "plain", 6, ["heads", "tails"])
    assert "<table" in clipboard.mimeData().html()  # rich text for word processors
    qtbot.mouseClick(window.worked.copy_latex_button, Qt.MouseButton.LeftButton)
    latex = clipboard.text()
    assert r"0.8 \cdot \ln\left(\frac{0.8}{0.6}\right)" in latex
    assert latex.isascii()


def test_the_worked_solution_explains_an_infinite_result(window, qtbot):
    show_page(window, qtbot, window.worked)
    model = window.table.model
    with qtbot.waitSignal(window.sigRefreshed):
        model.setData(model.index(1, P_ENTRY + 1), "0")  # Q(tails) = 0
    text = window.worked.view.toPlainText()
    assert "'tails' has p = 0.2 but q = 0" in text and "D(P‖Q) = ∞" in text


def test_no_result_no_solution_and_copy_is_off(window, qtbot):
    show_page(window, qtbot, window.worked)
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.set_auto_normalize(False)
        window.edits.set_entry("P", 0, "8")
    assert "Nothing to work out yet: P sums to" in window.worked.view.toPlainText()
    assert not window.worked.copy_text_button.isEnabled()
    assert not window.worked.copy_latex_button.isEnabled()


def test_the_checks_page_ticks_each_inequality_with_the_numbers(window, qtbot):
    show_page(window, qtbot, window.checks)
    rows = [[label.text() for label in row] for row in window.checks.rows if row[0].isVisible()]
    assert len(rows) == 5
    assert all("✓ holds" in row[0] for row in rows)
    pinsker = next(row for row in rows if "Pinsker" in row[1])
    assert pinsker[3] == "0.2 ≤ √(0.0915162/2) = 0.213911"
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b"], ["1", "0"], ["0", "1"])  # disjoint: JS = 1 bit
    js = next(row for row in window.checks.rows if "Jensen" in row[1].text())
    assert "no outcome in common" in js[3].text()


def test_every_figure_explains_itself(window):
    for name in SCALAR_FIELDS:
        figure = window.panel.figures[name]
        assert meaning(name) in figure.toolTip()
        assert figure.whatsThis() == meaning(name)
    assert "1 nat = 1/ln 2" in window.panel.figures["kl_pq"].toolTip()  # the unit, too
    assert "Bits use the base-2 logarithm" in window.panel.unit.toolTip()


# -- smoothing -------------------------------------------------------------------------
@pytest.fixture
def with_a_zero(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b", "c"], ["5", "3", "2"], ["6", "4", "0"])
    assert window.document.result().comparison.kl_pq == math.inf
    show_page(window, qtbot, window.smoothing)
    return window


def test_choosing_additive_smoothing_shows_both_sides(with_a_zero, qtbot):
    window, panel = with_a_zero, with_a_zero.smoothing
    assert not panel.amount.isEnabled() and "Smoothing is off" in panel.help.text()
    with qtbot.waitSignal(window.sigRefreshed):
        panel.method.setCurrentIndex(panel.method.findData("additive"))
    assert window.document.smoothing == Smoothing("additive", 1.0, "both")
    smoothed = typed_compare([6, 4, 3], [7, 5, 1])  # add-one on both
    before, after, change = panel.cells["kl_pq"]
    assert before.text() == "∞" and after.text() == f"{smoothed.kl_pq:.6g} nats"
    assert change.text() == "now finite"
    raw = compare([5, 3, 2], [6, 4, 0])
    before, after, change = panel.cells["kl_qp"]
    assert before.text() == f"{raw.kl_qp:.6g} nats" and after.text() == f"{smoothed.kl_qp:.6g} nats"
    assert "moved D(P‖Q) from ∞ to" in panel.moved.text()
    assert "report it with the result" in panel.moved.text()
    # the figures page says the figures are smoothed
    assert "Smoothed: additive (Laplace) α = 1 on P and Q" in window.panel.smoothed.text()
    assert window.panel.figures["kl_pq"].value == smoothed.kl_pq


def test_typing_an_amount_is_live_and_bad_amounts_are_refused(with_a_zero, qtbot):
    window, panel = with_a_zero, with_a_zero.smoothing
    with qtbot.waitSignal(window.sigRefreshed):
        panel.method.setCurrentIndex(panel.method.findData("additive"))
    panel.amount.selectAll()
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClicks(panel.amount, "0.5")
    assert window.document.smoothing.amount == 0.5
    with qtbot.waitSignal(window.sigRefreshed):
        panel.target.setCurrentIndex(panel.target.findData("q"))
    assert window.document.smoothing == Smoothing("additive", 0.5, "q")
    panel.amount.selectAll()
    qtbot.keyClicks(panel.amount, "lots")
    assert panel.error.isVisible() and "α: 'lots' is not a number" in panel.error.text()
    assert window.document.smoothing == Smoothing("additive", 0.5, "q")  # kept
    assert panel.amount.text() == "lots"  # what was typed stays to be corrected
    panel.amount.selectAll()
    qtbot.keyClicks(panel.amount, "0")
    assert "α must be above 0" in panel.error.text()
    panel.amount.selectAll()
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClicks(panel.amount, "2")
    assert not panel.error.isVisible() and window.document.smoothing.amount == 2.0


def test_a_floor_too_large_for_the_outcomes_is_refused(with_a_zero, qtbot):
    window, panel = with_a_zero, with_a_zero.smoothing
    with qtbot.waitSignal(window.sigRefreshed):
        panel.method.setCurrentIndex(panel.method.findData("floor"))
    assert window.document.smoothing == Smoothing("floor", 1e-6, "both")
    assert panel.symbol.text() == "ε ="
    panel.amount.selectAll()
    qtbot.keyClicks(panel.amount, "0.5")
    assert "ε = 0.5 is too large: a floor of 0.5 over 3 outcomes leaves no room" in panel.error.text()
    assert "below 0.333333" in panel.error.text()
    assert window.document.smoothing.amount == 1e-6


def test_the_curve_shows_d_against_the_amount_with_the_choice_marked(with_a_zero, qtbot):
    window, panel = with_a_zero, with_a_zero.smoothing
    with qtbot.waitSignal(panel.sigSweepShown, timeout=20_000):  # computed off the thread
        panel.method.setCurrentIndex(panel.method.findData("additive"))
    x, y = panel.curves["pq"].xData, panel.curves["pq"].yData  # not the log10 view
    assert x.size >= 20 and 1.0 in x
    k = int(np.flatnonzero(x == 1.0)[0])
    # the curve comes from compare() on doubles, the figure from the typed numbers
    assert y[k] == pytest.approx(window.document.result().comparison.kl_pq, rel=1e-13)
    assert y[0] > 5 * y[k]  # tiny α: a large D
    assert panel.chosen_line.value() == pytest.approx(0.0)  # log10(1)
    assert panel.plot.isVisible()


def test_smoothing_off_again_restores_the_exact_figures(with_a_zero, qtbot):
    window, panel = with_a_zero, with_a_zero.smoothing
    with qtbot.waitSignal(window.sigRefreshed):
        panel.method.setCurrentIndex(panel.method.findData("additive"))
    with qtbot.waitSignal(window.sigRefreshed):
        panel.method.setCurrentIndex(panel.method.findData(None))
    assert window.document.smoothing is None
    assert window.panel.figures["kl_pq"].text() == "∞"
    assert not panel.plot.isVisible() and not window.panel.smoothed.isVisible()


def test_a_session_with_smoothing_shows_it_in_the_control(window, qtbot):
    show_page(window, qtbot, window.smoothing)
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.set_smoothing(Smoothing("floor", 1e-3, "q"))
    panel = window.smoothing
    assert panel.method.currentData() == "floor" and panel.target.currentData() == "q"
    assert panel.amount.text() == "0.001"


# -- the chart's two forms of the terms ------------------------------------------------
def test_non_negative_terms_add_up_to_the_same_d(window, qtbot):
    chart = window.chart
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b", "c"], ["5", "3", "2"], ["3", "3", "4"])
    signed = chart.plots["pq"].series[0]
    assert signed.negative.opts["height"].min() < 0
    chart.form.setCurrentIndex(chart.form.findData("nonnegative"))
    c = window.document.result().comparison
    heights = chart.plots["pq"].series[0].positive.opts["height"]
    assert np.all(chart.plots["pq"].series[0].negative.opts["height"] == 0)
    assert math.fsum(heights) == pytest.approx(c.kl_pq, rel=1e-12)
    p, q = c.p, c.q
    assert heights[2] == pytest.approx(p[2] * math.log(p[2] / q[2]) - p[2] + q[2], rel=1e-12)
    assert "(p·log(p/q) − p + q)" in chart.plots["pq"].getPlotItem().titleLabel.text
    key = chart.key.text().replace("&nbsp;", " ")
    assert "never negative" in key and "negative term" not in key


def test_the_infinity_mark_fits_above_its_bar_when_every_other_term_is_negative(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b", "c"], ["5", "3", "2"], ["6", "4", "0"])
    plot = window.chart.plots["pq"]
    assert plot.infinity_label_count() == 1

    def room_px():
        bar_top = float(plot.series[0].infinite.opts["height"][0])
        low, high = plot.getPlotItem().vb.viewRange()[1]
        return (high - bar_top) / (high - low) * plot.getPlotItem().vb.height()

    assert room_px() >= 25  # the 16 pt ∞ is not clipped
    tall = plot.height()
    window.resize(window.width(), window.height() - 200)  # a shorter window and chart
    qtbot.waitUntil(lambda: plot.height() < tall - 60)
    assert room_px() >= 25


def test_an_amount_refused_at_its_last_keystroke_leaves_no_prefix_behind(with_a_zero, qtbot):
    """Typing 1e400 passes through 1e40, which is an amount: the figures follow it for a
    moment, but once the text is refused they show the smoothing from before the typing
    (not 1e40), leaving the field puts that amount back with what was not used, and the
    typing left no undo step."""
    window, panel = with_a_zero, with_a_zero.smoothing
    with qtbot.waitSignal(window.sigRefreshed):
        panel.method.setCurrentIndex(panel.method.findData("additive"))
    before = window.document.smoothing
    steps = window.undo_stack.count()
    panel.amount.setFocus()
    panel.amount.selectAll()

    def type_(text):  # as a person types: each keystroke's result is shown before the next
        for key in text:
            qtbot.keyClick(panel.amount, key)
            QApplication.processEvents()
    type_("1e40")
    assert window.document.smoothing.amount == 1e40
    type_("0")
    assert panel.amount.text() == "1e400" and panel.error.isVisible()
    assert "from before this was typed" in panel.error.text()
    assert window.document.smoothing == before  # not 1e40
    assert window.undo_stack.count() == steps  # typed, then back: no step
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    assert panel.amount.text() == "1"
    assert "'1e400' was not used; α is back to 1: " in panel.error.text()
    # a typing session of its own is one undo step
    panel.amount.selectAll()
    type_("2.5")
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    assert window.document.smoothing.amount == 2.5
    assert window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert window.document.smoothing == before
