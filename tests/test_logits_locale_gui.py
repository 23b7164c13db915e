"""The Fill dialog's logits in de_DE, typed with qtbot: a tester's "1,5 2,5" on a table
a–d became the 4 logits 1, 5, 2, 5, and "0,5 1,5 2,5 3,5" 8 logits with "Replace the
outcomes" ticked, OK then replacing a–d with 1…8 and P's entries with 0, unsaid."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from conftest import shown_window
from klgui.core.families import Softmax
from klgui.ui.table.family_dialog import FamilyDialog

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def german(in_locale, qtbot):
    in_locale(GERMAN)
    w = shown_window(qtbot)
    w.edits.load(["a", "b", "c", "d"], ["1", "2", "3", "4"], ["1", "1", "1", "1"])
    w.undo_stack.clear()
    return w


def typed(qtbot, dialog, text):
    box = dialog.boxes["logits"]["logits"]
    box.selectAll()
    qtbot.keyClicks(box, text)


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def softmax(z):
    e = np.exp(np.array(z) - max(z))
    return e / e.sum()


def test_decimal_comma_logits_are_one_logit_each(german, qtbot):
    dialog = german.columns.family_dialog(german.document.focus_id)
    qtbot.addWidget(dialog)
    dialog.choose("logits")
    typed(qtbot, dialog, "0,5 1,5 2,5 3,5")
    assert dialog.family == Softmax(("0.5", "1.5", "2.5", "3.5"))
    assert ok(dialog) and not dialog.create.isChecked()  # 4 logits: the table's a–d
    typed(qtbot, dialog, "0,5; 1,5;2,5 ; 3,5")
    assert dialog.family == Softmax(("0.5", "1.5", "2.5", "3.5"))


@pytest.mark.parametrize("text", ["1,2,3", "1, 2, 3, 4", "1.000 2 3 4"])
def test_a_logits_text_that_reads_two_ways_is_refused_with_a_message(german, qtbot, text):
    dialog = german.columns.family_dialog(german.document.focus_id)
    qtbot.addWidget(dialog)
    dialog.choose("logits")
    typed(qtbot, dialog, text)
    assert dialog.family is None and not ok(dialog)
    assert dialog.problem.isVisibleTo(dialog)
    assert "reads two ways with a decimal comma" in dialog.problem.text()


def test_a_replacement_that_drops_typed_entries_says_so_before_ok(german, qtbot):
    dialog = german.columns.family_dialog(german.document.focus_id)
    qtbot.addWidget(dialog)
    dialog.choose("logits")
    typed(qtbot, dialog, "1,5 2,5")  # 2 logits for 4 outcomes: replace them with 1…2
    assert dialog.family == Softmax(("1.5", "2.5"))
    assert dialog.create.isChecked() and ok(dialog)
    assert dialog.create_note.text() == (
        "The 2 new outcomes '1' and '2' get 0 in P; P's entries of 'a', 'b', 'c' and "
        "'d' ('1', '2', '3' and '4') are dropped.")
    assert dialog.create_note.isVisibleTo(dialog) and dialog.create_note.styleSheet()


def test_the_fill_takes_the_logits_typed_and_says_what_it_dropped(german, monkeypatch, qtbot):
    doc = german.document

    def accepted(self):
        self.choose("logits")
        typed(qtbot, self, "0,5 1,5 2,5 3,5")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(FamilyDialog, "exec", accepted)
    german.table.view.setCurrentIndex(german.table.model.index(0, doc.field_of(doc.focus_id)))
    assert german.columns.fill_from_family()
    assert doc.labels == ["a", "b", "c", "d"] and doc.texts(doc.reference_id) == \
        ["1", "2", "3", "4"]
    assert doc.probabilities(doc.focus_id) == pytest.approx(softmax([.5, 1.5, 2.5, 3.5]),
                                                            rel=1e-14)
    again = german.columns.family_dialog(doc.focus_id)  # opens on the column's logits
    qtbot.addWidget(again)
    assert again.boxes["logits"]["logits"].text() == "0,5 1,5 2,5 3,5"
    assert again.family == doc.family_of(doc.focus_id)

    def two(self):
        self.choose("logits")
        typed(qtbot, self, "1,5 2,5")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(FamilyDialog, "exec", two)
    assert german.columns.fill_from_family()
    assert doc.labels == ["1", "2"]
    assert doc.probabilities(doc.focus_id) == pytest.approx(softmax([1.5, 2.5]), rel=1e-14)
    assert german.statusBar().currentMessage().endswith(
        "P's entries of 'a', 'b', 'c' and 'd' ('1', '2', '3' and '4') are dropped. "
        "(Undo brings them back.)")
    german.undo_stack.undo()
    assert doc.labels == ["a", "b", "c", "d"] and doc.texts(doc.reference_id) == \
        ["1", "2", "3", "4"]
