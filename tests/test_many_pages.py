"""The ranking and matrix pages, driven as a person would: the shown texts, a click on
a model, the metric switch and the asymmetry toggle."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from klgui.core.numerics.entries import TypedColumn, decimal_places_many
from klgui.core.numerics.many import divergence_matrix, rank_models
from klgui.core.numerics.triangle import triangle_check
from klgui.core.teaching.triangle import KL_NOT_A_METRIC, triangle_text
from klgui.ui.pages.matrix_page import FILL_ROLE, HATCH_ROLE, MatrixPage
from klgui.ui.pages.ranking_page import BAR_COLUMN, BAR_ROLE, RankingPage

# Showing a top-level widget offscreen warns that sizes cannot be passed to a screen.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def col(texts, name):
    return TypedColumn(np.array([float(Fraction(t)) for t in texts]),
                       decimal_places_many(texts), {}, name)


P = col(["1", "0", "0"], "P")
A = col(["0.8", "0.1", "0.1"], "Model A")
B = col(["0.4", "0.3", "0.3"], "Model B")
C = col(["0", "0.5", "0.5"], "Model C")
Z = col(["0", "0", "0"], "Model Z")


@pytest.fixture
def ranking(qtbot):
    page = RankingPage()
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def matrix_page(qtbot):
    page = MatrixPage()
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def luminance(colour):
    """Relative luminance (WCAG): the order a grey print or any colour vision keeps."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
           for c in (colour.redF(), colour.greenF(), colour.blueF())]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def texts(table, row):
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_ranking_shows_the_seed_lesson(ranking):
    rows = rank_models(P, [("Model B", B), ("Model A", A)], "nats")
    ranking.show_ranking(rows, "nats", 6)
    t = ranking.table
    assert t.rowCount() == 2
    assert texts(t, 0) == ["1", "Model A", "0.223144", "∞", "0.0748818", "0.2", "0.32492",
                           "0.223144"]
    assert texts(t, 1)[:3] == ["2", "Model B", "0.916291"]
    header = [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]
    assert header[2] == "D(P‖Q)\n(nats)" and header[7] == "H(P,Q)\n(nats)"
    assert header[5] == "Total\nvariation"  # no unit
    lengths = [t.item(r, BAR_COLUMN).data(BAR_ROLE) for r in range(2)]
    assert lengths[1] == 1.0 and lengths[0] == pytest.approx(np.log(0.8) / np.log(0.4))
    assert "2 models against P" in ranking.title.text()
    assert ranking.verdict.text() == ("Model A fits P best: D(P‖Model A) = 0.223144 nats is "
                                      "the least information lost.")
    assert not ranking.notes.isVisible()
    # Nothing is cut off at 1024 pixels: no sideways scrolling.
    assert not t.horizontalScrollBar().isVisible()


def test_the_columns_fit_their_contents_again_after_a_fill_even_one_that_fails(
        ranking, monkeypatch):
    """The rows are filled with the columns held Fixed (Qt refits ResizeToContents at
    every setItem); after the fill, and after a fill that raised, they fit again."""
    from PySide6.QtWidgets import QHeaderView
    header = ranking.table.horizontalHeader()

    def modes():
        return {c: header.sectionResizeMode(c) for c in range(header.count())
                if c != BAR_COLUMN}
    fits = QHeaderView.ResizeMode.ResizeToContents
    rows = rank_models(P, [("Model B", B), ("Model A", A)], "nats")
    ranking.show_ranking(rows, "nats", 6)
    assert set(modes().values()) == {fits}
    wide = ranking.table.columnWidth(1)
    longer = rank_models(P, [("Model B with a much longer name", B), ("Model A", A)],
                         "nats")
    ranking.show_ranking(longer, "nats", 6)
    assert ranking.table.columnWidth(1) > wide  # fitted to the new name

    def broken(*args):
        raise RuntimeError("a bug while filling")
    monkeypatch.setattr(ranking, "_fill", broken)
    with pytest.raises(RuntimeError):
        ranking.show_ranking(rows, "nats", 6)
    assert set(modes().values()) == {fits}


def test_ranking_says_why_a_model_is_infinite_or_cannot_be_compared(ranking):
    rows = rank_models(P, [("Model Z", Z), ("Model C", C), ("Model A", A)], "bits",
                       labels=["cat", "dog", "bird"])
    ranking.show_ranking(rows, "bits", 4)
    t = ranking.table
    assert [t.item(r, 1).text() for r in range(3)] == ["Model A", "Model C", "Model Z"]
    assert t.item(1, BAR_COLUMN).text() == "∞" and t.item(1, BAR_COLUMN).data(BAR_ROLE) == "inf"
    assert texts(t, 2)[0] == "—" and t.item(2, BAR_COLUMN).text() == "cannot be compared"
    assert t.item(2, BAR_COLUMN).data(BAR_ROLE) is None
    notes = ranking.notes.text()
    assert ranking.notes.isVisible()
    assert "D(P‖Model C) = ∞</b>: Model C gives 'cat' probability 0 where P gives 1." in notes
    assert "<b>Model Z cannot be compared</b>: every weight is zero" in notes
    assert "Model C gives 'cat'" in t.item(1, 3).toolTip()


def test_clicking_a_model_asks_for_the_focus(ranking, qtbot):
    ranking.show_ranking(rank_models(P, [("Model A", A), ("Model B", B)], "nats"), "nats", 6)
    t = ranking.table
    where = t.visualRect(t.model().index(1, 1)).center()
    with qtbot.waitSignal(ranking.focusRequested) as signal:
        QTest.mouseClick(t.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert signal.args == ["Model B"]


def test_ranking_with_nothing_to_show(ranking):
    ranking.show_ranking(rank_models(P, [("Model A", A)], "nats"), "nats", 6)
    ranking.show_nothing("Add a model to rank it against P.")
    assert ranking.message.isVisible() and not ranking.table.isVisible()
    assert ranking.message.text() == "Add a model to rank it against P."
    assert not ranking.verdict.isVisible()
    assert ranking.table.rowCount() == 0


def seed_matrix(metric="kl"):
    return divergence_matrix([("P", P), ("Model A", A), ("Model B", B)], "nats", metric)


def test_matrix_shows_the_divergences_and_the_triangle_check(matrix_page):
    m = seed_matrix()
    matrix_page.show_matrix(m, "nats", 6)
    t = matrix_page.table
    assert [t.horizontalHeaderItem(c).text() for c in range(3)] == ["P", "Model A", "Model B"]
    assert [t.verticalHeaderItem(c).text() for c in range(3)] == ["P", "Model A", "Model B"]
    assert texts(t, 0) == ["0", "0.223144", "0.916291"]
    assert texts(t, 1) == ["∞", "0", "0.334795"]
    assert t.item(1, 0).data(HATCH_ROLE) and not t.item(0, 1).data(HATCH_ROLE)
    # The colour scale is ordered: a larger divergence is darker.
    light = [luminance(t.item(0, c).data(FILL_ROLE)) for c in range(3)]
    assert light[0] > light[1] > light[2]
    assert matrix_page.triangle.text() == triangle_text(triangle_check(m), m.names, 4)
    assert matrix_page.triangle.text().startswith("The triangle inequality breaks for P, "
                                                  "Model A, Model B")
    assert matrix_page.note.text() == KL_NOT_A_METRIC
    assert "D(P‖Model B) = 0.9162907318741551 nats" in t.item(0, 2).toolTip()


def test_the_asymmetry_toggle(matrix_page):
    matrix_page.show_matrix(seed_matrix(), "nats", 6)
    QTest.mouseClick(matrix_page.asymmetry, Qt.MouseButton.LeftButton)
    assert matrix_page.asymmetry.isChecked()
    t = matrix_page.table
    assert texts(t, 0) == ["0", "−∞", "−∞"]
    assert texts(t, 1) == ["+∞", "0", "−0.0471132"]
    assert texts(t, 2)[1] == "+0.0471132"
    assert "D(row‖column) − D(column‖row)" in matrix_page.caption.text()
    matrix_page.asymmetry.setChecked(False)
    assert texts(t, 1) == ["∞", "0", "0.334795"]


def test_the_metric_switch(matrix_page, qtbot):
    matrix_page.show_matrix(seed_matrix(), "nats", 6)
    combo = matrix_page.metric_choice
    with qtbot.waitSignal(matrix_page.metricChanged) as signal:
        combo.setCurrentIndex(combo.findData("js_distance"))
    assert signal.args == ["js_distance"]
    # The window answers with the other matrix; showing it does not echo the signal.
    with qtbot.assertNotEmitted(matrix_page.metricChanged):
        matrix_page.show_matrix(seed_matrix("js_distance"), "nats", 6)
    t = matrix_page.table
    assert texts(t, 0) == ["0", "0.273645", "0.523792"] and texts(t, 1)[0] == "0.273645"
    assert not matrix_page.asymmetry.isEnabled()
    assert "holds for every triple" in matrix_page.triangle.text()
    assert "is a metric" in matrix_page.note.text()


def test_cells_that_cannot_be_compared(matrix_page):
    m = divergence_matrix([("P", P), ("Model Z", Z), ("Model C", C)], "nats")
    matrix_page.show_matrix(m, "nats", 6)
    t = matrix_page.table
    assert texts(t, 1) == ["—", "—", "—"] and t.item(0, 1).text() == "—"
    assert "every weight is zero" in t.item(0, 1).toolTip()
    assert texts(t, 0) == ["0", "—", "∞"]
    matrix_page.asymmetry.setChecked(True)
    assert t.item(0, 2).text() == "∞ both ways"  # D(P‖C) and D(C‖P) are both infinite
    assert "fewer" not in matrix_page.triangle.text()


def test_matrix_with_nothing_to_show(matrix_page):
    matrix_page.show_matrix(seed_matrix(), "nats", 6)
    matrix_page.show_nothing("The matrix needs two distributions.")
    assert matrix_page.message.isVisible() and not matrix_page.table.isVisible()
    matrix_page.show_matrix(seed_matrix(), "nats", 6)
    assert matrix_page.table.isVisible() and not matrix_page.message.isVisible()
