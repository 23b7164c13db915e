"""Family texts in the window in a locale that writes decimal commas (de_DE): the
slider titles, the notes of a refused slider change and the status bar's message after
a fill show the family's numbers as the boxes do (``p = 0,25``, not ``p = 0.25``),
localized once (a second pass would make the comma a dot again)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt

from klgui.core.families import Binomial, Softmax
from conftest import shown_window, type_in_family_box

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def german_binomials(in_locale, qtbot):
    """The window in de_DE with P = Binomial(10, 0.25) and Q = Binomial(10, 0.3)."""
    in_locale(GERMAN)
    w = shown_window(qtbot)
    w.document.fill_from_family("Q", Binomial(10, 0.3), create_outcomes=True)
    w.document.set_family("P", Binomial(10, 0.25))
    w.undo_stack.clear()
    w.refresh()
    return w


def test_the_slider_titles_write_decimal_commas(german_binomials):
    panel = german_binomials.family_panel
    title = panel._titles["P"].toolTip()
    assert title == "P, the reference: Binomial(n = 10, p = 0,25)"
    assert panel._titles["Q"].toolTip().endswith("Binomial(n = 10, p = 0,3)")
    assert panel.controls["P"][1].title.text() == "<b>Binomial(n = 10, p = 0,25)</b>"


def test_a_typed_value_keeps_the_titles_comma(german_binomials, qtbot):
    type_in_family_box(german_binomials, qtbot, "P", "p", "0,35")
    assert german_binomials.document.family_of("P") == Binomial(10, 0.35)
    assert german_binomials.family_panel._titles["P"].toolTip().endswith("p = 0,35)")


def test_a_refused_change_says_its_numbers_with_commas(german_binomials, qtbot):
    window = german_binomials
    type_in_family_box(window, qtbot, "P", "n", "100")
    type_in_family_box(window, qtbot, "P", "p", "0,0001")  # outcome 87 would be about 10^-327
    note = window.family_panel.note.text()
    assert window.document.family_of("P") == Binomial(100, 0.25)  # not changed
    assert "about 2,2e-308" in note and "p from 0,000839 to 1 − 0,000839" in note
    assert window.statusBar().currentMessage() == note
    type_in_family_box(window, qtbot, "Q", "n", "1100")  # needs outcomes the column lacks
    note = window.family_panel.note.text()
    assert note.startswith("Not changed: Q (Binomial(n = 1100, p = 0,3)):")
    assert "(101, 102, 103, 104, 105, …)" in note


def test_the_status_bar_says_the_filled_family_with_commas(in_locale, qtbot):
    in_locale(GERMAN)
    window = shown_window(qtbot)
    doc = window.document
    assert window.columns.fill(doc.focus_id, Softmax(("1.5", "2.5"), 0.5))
    assert window.statusBar().currentMessage() == (
        "Q is softmax(logits / 0,5): move its sliders under the chart.")
    assert window.columns.fill(doc.reference_id, Binomial(1, 0.25), True)
    assert window.statusBar().currentMessage().startswith(
        "P is Binomial(n = 1, p = 0,25): move its sliders under the chart.")


def test_the_tables_tooltips_and_the_detach_question_write_commas(german_binomials,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from klgui.ui.table.detach_question import ask_detach
    from klgui.ui.table.outcome_model import P_ENTRY

    window = german_binomials
    model = window.table.model
    tip = model.headerData(P_ENTRY, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Binomial(n = 10, p = 0,25); its probabilities follow the family" in tip
    cell = model.index(0, P_ENTRY).data(Qt.ItemDataRole.ToolTipRole)
    assert "from Binomial(n = 10, p = 0,25)." in cell
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.No))
    assert not ask_detach(window, "P", window.document.family_of("P"))
    assert "P is Binomial(n = 10, p = 0,25): its probabilities" in asked[0]
