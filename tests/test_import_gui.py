"""Imports and pastes through the real window: the column dialog stays bounded for a
wide file, every import question is deleted once answered, and a pasted block is read
with one number format and without its header line."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from klgui.io.csv_import import Columns, parse_delimited
from klgui.ui.files import import_dialogs
from klgui.ui.table.outcome_model import LABEL, P_ENTRY

DATA = Path(__file__).parent / "data" / "csv"


def test_the_column_dialog_previews_a_bounded_part_of_a_wide_file(qtbot):
    header = ",".join(f"c{j}" for j in range(1000))
    row = ",".join(str(j % 7) for j in range(1000))
    table = parse_delimited(f"{header}\n{row}\n{row}\n", "wide.csv")
    dialog = import_dialogs.ColumnDialog(table, Columns(0, 1, 2))
    qtbot.addWidget(dialog)
    preview = dialog.findChild(import_dialogs.QTableWidget)
    assert preview.columnCount() == import_dialogs.PREVIEW_COLUMNS and preview.rowCount() == 2
    assert dialog.p.count() == 1000 and dialog.p.itemText(999) == "c999"  # all can be chosen
    assert dialog.columns == Columns(0, 1, 2)


def _answer_every_question():
    """A timer that answers the modal question on screen as a person would: OK in the
    column dialog, Merge for repeated labels, P for one distribution."""
    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, import_dialogs.ColumnDialog):
            box.accept()
        elif isinstance(box, QMessageBox):
            for button in box.buttons():
                if button.text().startswith(("Merge", "Load into P")):
                    button.click()
    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(5)
    return timer


# The offscreen platform warns that it cannot propagate a shown dialog's size hints.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_import_questions_are_deleted_once_answered(window, qtbot):
    files = [DATA / "ambiguous_columns.csv", DATA / "duplicate_labels.csv",
             DATA / "two_columns.csv"]
    timer = _answer_every_question()
    for path in files:  # once each first: whatever is built once stays out of the count
        assert window.files.import_csv(path, ask_first=False)
    qtbot.wait(1)  # the deferred deletions of this first round
    before = len(QApplication.topLevelWidgets())
    gc.disable()  # a dialog must not wait for the cyclic collector to go
    try:
        for _ in range(10):
            for path in files:
                assert window.files.import_csv(path, ask_first=False)
        timer.stop()
        qtbot.waitUntil(lambda: len(QApplication.topLevelWidgets()) <= before)
    finally:
        gc.enable()
    assert window.document.labels == ["the", "of", "and"]


def _paste(window, text, row=0, column=LABEL):
    QGuiApplication.clipboard().setText(text)
    index = window.table.model.index(row, column)
    window.table.view.setCurrentIndex(index)
    window.table.view.selectionModel().select(
        QItemSelection(index, index), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    window.table.paste()


def test_a_pasted_header_line_is_left_out_and_said(window):
    _paste(window, "outcome\tP\tQ\r\nsun\t0,5\t0,25\r\nrain\t0,5\t0,75\r\n")
    doc = window.document
    assert doc.labels == ["sun", "rain"]
    assert doc.texts("P") == ["0.5", "0.5"] and doc.texts("Q") == ["0.25", "0.75"]
    assert window.table.message.text() == ("Pasted 2 rows; the first line of the block named "
                                           "the columns, so it was left out.")


def test_a_pasted_column_with_its_name_on_top(window):
    _paste(window, "P\n3\n1\n", column=P_ENTRY)
    assert window.document.texts("P") == ["3", "1"]
    assert "left out" in window.table.message.text()


def test_a_pasted_block_with_dots_between_thousands(window):
    _paste(window, "north\t2.155\t2.010,5\nsouth\t987\t1.050,25\n")
    assert window.document.texts("P") == ["2155", "987"]
    assert window.document.texts("Q") == ["2010.5", "1050.25"]
    assert not window.table.message.isVisibleTo(window)


def test_a_pasted_block_with_look_alike_characters(window):
    _paste(window, "rare\t1e\u22123\t\u00bd\ncommon\t0.999\t1\u20442\n")
    assert window.document.texts("P") == ["1e-3", "0.999"]
    assert window.document.texts("Q") == ["1/2", "1/2"]


@pytest.mark.parametrize("text, message", [
    ("a\t0,5\t1\nb\t2.15\t1\n", "Nothing was pasted. Line 2 of the block, P: '2.15' has a dot "
     "that is neither a decimal mark nor between thousands"),
    ("a\t2.155\t1\nb\t3\t1\n", "Nothing was pasted. Line 1 of the block, P: '2.155' could be "
     "2155 or 2.155"),
])
def test_a_pasted_mark_out_of_place_names_the_cell_and_changes_nothing(window, text, message):
    before = window.document.snapshot()
    _paste(window, text)
    assert window.document.snapshot() == before
    assert window.table.message.text().startswith(message)


def test_the_window_imports_a_german_export_and_says_what_it_decided(window):
    cases = Path(__file__).parent / "data" / "cases"
    assert window.files.import_csv(cases / "03-german-thousands-dot.csv", ask_first=False)
    assert window.document.texts("P") == ["2155", "987", "1204"]
    assert window.document.result().comparison.kl_pq == pytest.approx(0.002218311784084921,
                                                                      rel=1e-12)
    assert window.statusBar().currentMessage() == (
        "Imported 3 outcomes from 03-german-thousands-dot.csv (3 rows, 3 columns, "
        "semicolon-separated, decimal commas, dots between thousands, with a header).")
