"""Pasting into the real window's table: lines of a CSV file copied from a text editor
are split into cells (or refused with the line named), a single value or a label with a
comma stays one cell, and in a decimal-comma locale pasted, typed and normalized entries
show one way (``0,8`` beside ``1,5``), keeping their numbers through a session opened in
another locale."""

import pytest
from PySide6.QtCore import QLocale, Qt

from klgui.ui.table.outcome_model import LABEL, P_ENTRY, Q_ENTRY
from conftest import paste_into, shown_window, type_into as typed_into
from oracle import typed_compare

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def refreshed(window, qtbot):
    if window.busy or window.results._timer.isActive():
        with qtbot.waitSignal(window.sigRefreshed, timeout=5000):
            pass


def paste(window, qtbot, text, row=0, column=LABEL):
    """Paste ``text`` at the cell as a person does (conftest.paste_into), and wait for
    the figures."""
    paste_into(window, qtbot, text, row, column)
    refreshed(window, qtbot)


def type_into(window, qtbot, row, column, text):
    typed_into(window, qtbot, row, column, text)
    refreshed(window, qtbot)


def shown(window, column):
    model = window.table.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


@pytest.fixture
def german_window(in_locale, qtbot):
    in_locale(GERMAN)
    return shown_window(qtbot)


# -- lines of a CSV file ------------------------------------------------------------------
def test_german_csv_lines_pasted_into_the_label_cell_fill_the_cells(german_window, qtbot):
    w = german_window
    paste(w, qtbot, "Kopf;0,8;0,6\r\nZahl;0,2;0,4\r\n")
    assert w.document.labels == ["Kopf", "Zahl"]
    assert list(w.document.values("P")) == [0.8, 0.2]
    assert list(w.document.values("Q")) == [0.6, 0.4]
    assert shown(w, P_ENTRY) == ["0,8", "0,2"] and shown(w, Q_ENTRY) == ["0,6", "0,4"]
    assert w.document.result().comparison.kl_pq == typed_compare([0.8, 0.2], [0.6, 0.4]).kl_pq
    assert w.table.message.isVisibleTo(w) and w.table.message.text() == (
        "Pasted 2 rows, each line split at its semicolons as in a CSV file.")


def test_one_german_csv_line_fills_its_row(german_window, qtbot):
    w = german_window
    paste(w, qtbot, "Kopf;0,3;0,9", row=1)
    assert w.document.labels == ["heads", "Kopf"]
    assert list(w.document.values("P")) == [0.8, 0.3]
    assert list(w.document.values("Q")) == [0.6, 0.9]


def test_english_csv_lines_with_a_header_fill_the_cells(window, qtbot):
    paste(window, qtbot, "outcome,P,Q\na,0.7,0.5\nb,0.2,0.25\nc,0.1,0.25\n")
    assert window.document.labels == ["a", "b", "c"]
    assert window.document.texts("P") == ["0.7", "0.2", "0.1"]
    assert window.document.texts("Q") == ["0.5", "0.25", "0.25"]
    assert window.table.message.text() == (
        "Pasted 3 rows, each line split at its commas as in a CSV file; the first line of "
        "the block named the columns, so it was left out.")


def test_english_csv_lines_read_as_the_import_reads_them_in_a_german_locale(german_window,
                                                                           qtbot):
    """1.234 in a file split at commas is a decimal, whatever the locale's mark."""
    w = german_window
    paste(w, qtbot, "a,1.234,1\nb,2,1\n")
    assert list(w.document.values("P")) == [1.234, 2.0]
    assert shown(w, P_ENTRY) == ["1,234", "2"]


def test_csv_lines_pasted_into_an_entry_column_fill_the_entries(window, qtbot):
    paste(window, qtbot, "0.7,0.5\n0.3,0.5\n", column=P_ENTRY)
    assert window.document.texts("P") == ["0.7", "0.3"]
    assert window.document.texts("Q") == ["0.5", "0.5"]


def test_a_line_that_is_one_number_with_a_decimal_comma_is_not_split(window, qtbot):
    """3,1 is a decimal (the rule reads every such line as one number), not 3 and 1."""
    paste(window, qtbot, "3,1\n1,3\n", column=P_ENTRY)
    assert list(window.document.values("P")) == [3.1, 1.3]
    assert window.document.texts("Q") == ["0.6", "0.4"]


def test_csv_lines_that_do_not_split_evenly_are_refused_naming_the_line(german_window, qtbot):
    w = german_window
    before = w.document.snapshot()
    paste(w, qtbot, "Kopf;0,8;0,6\nZahl;0,2\nRand;0,1;0,1\n")
    assert w.document.snapshot() == before
    assert w.table.message.isVisibleTo(w) and w.table.message.text() == (
        "Nothing was pasted. The pasted text, line 2: 2 values, but line 1 has 3; every line "
        "needs the same number of values (split at semicolons, as in a CSV file).")


def test_a_bad_number_in_csv_lines_is_named_and_nothing_changes(german_window, qtbot):
    w = german_window
    before = w.document.snapshot()
    paste(w, qtbot, "Kopf;0,8;0,6\nZahl;0,2;viel\n")
    assert w.document.snapshot() == before
    assert w.table.message.text().startswith(
        "Nothing was pasted. Line 2 of the block, Q: 'viel' is not a number.")


_TWO_WAYS = ("'1.234' could be 1234 or 1.234: no other number here shows whether its dot "
             "is the decimal mark or separates thousands.")


@pytest.mark.parametrize("text, column, message", [
    ("1.234", P_ENTRY, f"Nothing was pasted. Line 1 of the block, P: {_TWO_WAYS}"),
    ("a;1.234;2", LABEL, f"Nothing was pasted. Line 1 of the block, P: {_TWO_WAYS}"),
    ("a;1;1\nb;1.234;2", LABEL, f"Nothing was pasted. Line 2 of the block, P: {_TWO_WAYS}"),
])
def test_german_1_234_pasted_is_refused_as_typing_and_the_import_refuse_it(
        german_window, qtbot, text, column, message):
    """1.234 alone or in a CSV line became 1234 in German, while typed it is refused as
    ambiguous and the import refuses the same line in a file."""
    w = german_window
    before = w.document.snapshot()
    paste(w, qtbot, text, column=column)
    assert w.document.snapshot() == before
    assert w.table.message.isVisibleTo(w) and w.table.message.text() == message
    type_into(w, qtbot, 0, P_ENTRY, "1.234")  # the cell refuses it typed
    assert w.document.snapshot() == before


@pytest.mark.parametrize("text, message", [
    ("outcome;P;Q\na;1;1\nb;1.234;2", f"Line 3 of the block, P: {_TWO_WAYS}"),
    ("sep=;\na;1;1\nb;1;x", "Line 3 of the block, Q: 'x' is not a number."),
])
def test_a_refused_paste_names_the_line_as_pasted_header_and_sep_line_counted(
        german_window, qtbot, text, message):
    """The line named was the one among the rows pasted: line 1 for the first line under
    the header, as if the header and the sep= line were not there."""
    w = german_window
    before = w.document.snapshot()
    paste(w, qtbot, text)
    assert w.document.snapshot() == before
    assert w.table.message.text().startswith("Nothing was pasted. " + message)


_BLANK = ("Nothing was pasted. Line {} of the pasted text is blank, inside the block: its cells "
          "would be empty, and a cell cannot be empty. Fill the line in, or leave it out.")


@pytest.mark.parametrize("text, row, column, line", [
    ("0.3\r\n\r\n0.7\r\n", 0, Q_ENTRY, 2),  # what Excel copies from a column with a gap
    ("\r\n0.3\r\n0.7\r\n", 0, Q_ENTRY, 1),
    ("a\t0.8\t0.6\n\nb\t0.2\t0.4", 0, LABEL, 2),
    ("a;0,8;0,6\n\nb;0,2;0,4", 0, LABEL, 2),
])
def test_a_blank_line_inside_a_pasted_block_is_refused_and_nothing_changes(
        window, qtbot, text, row, column, line):
    """Coin example with a third outcome, P = 1, 1, 1 and Q = 0.1, 0.2, 0.3: Q's column
    pasted with a gap became 0.3, 0.2 (the old, kept), 0.7 with no word, D = 0.140404,
    and an "Undo Paste 2 cells"."""
    w = window
    paste(w, qtbot, "heads\t1\t0.1\ntails\t1\t0.2\nedge\t1\t0.3")
    assert w.document.texts("Q") == ["0.1", "0.2", "0.3"]
    before, steps = w.document.snapshot(), w.undo_stack.count()
    paste(w, qtbot, text, row, column)
    assert w.document.snapshot() == before and w.undo_stack.count() == steps
    assert w.table.message.isVisibleTo(w) and w.table.message.text() == _BLANK.format(line)


@pytest.mark.parametrize("text, message", [
    ("cat\t-\t-\t-\ndog\t0.5\t0.05\t0.25\nbird\t0.5\t0.05\t0.25",
     "Line 1 of the block, P: '-' is not a number (a spreadsheet's accounting format shows 0 "
     "as '-'); write a weight of zero as 0."),
    ("cat\t#DIV/0!\t#DIV/0!\t0.1\ndog\t0.5\t0.05\t0.25",
     "Line 1 of the block, P: '#DIV/0!' is not a number but a spreadsheet's error value: the "
     "spreadsheet's formula for that cell failed; fix the formula or write the number."),
])
def test_a_first_data_row_with_no_number_is_refused_not_left_out_as_a_header(
        window, qtbot, text, message):
    """Classifier lesson, cursor on cat: it said "Pasted 2 rows; the first line of the block
    named the columns, so it was left out", and the table became dog, bird, bird (old)."""
    from klgui.model.snapshot import DistributionSpec
    w = window
    specs = [DistributionSpec("P", "reference", ("1", "0", "0")),
             DistributionSpec("Model A", "model", ("0.8", "0.1", "0.1")),
             DistributionSpec("Model B", "model", ("0.4", "0.3", "0.3"))]
    w.edits.replace("Load the lesson", lambda: w.document.load_columns(
        ["cat", "dog", "bird"], specs, name="Classifier"))
    refreshed(w, qtbot)
    before = w.document.snapshot()
    paste(w, qtbot, text)
    assert w.document.snapshot() == before
    assert w.table.message.text() == "Nothing was pasted. " + message


def test_a_refused_paste_shows_the_locales_decimal_mark_and_quotes_what_was_pasted(
        german_window, qtbot):
    """In German the hint said "such as 0.8, .8", and a pasted −1 was quoted as '-1'."""
    w = german_window
    before = w.document.snapshot()
    paste(w, qtbot, "0,5\nabc", column=P_ENTRY)
    assert w.document.snapshot() == before
    assert w.table.message.text() == ("Nothing was pasted. Line 2 of the block, P: 'abc' is "
                                      "not a number. Type a number ≥ 0 such as 0,8, 4/5, 80% "
                                      "or 2e-3.")
    paste(w, qtbot, "0,5\n\u22121", column=P_ENTRY)
    assert w.document.snapshot() == before
    assert w.table.message.text() == ("Nothing was pasted. Line 2 of the block, P: '\u22121' "
                                      "is negative; weights must be ≥ 0.")


def test_a_german_block_whose_other_numbers_show_the_dot_pastes(german_window, qtbot):
    paste(german_window, qtbot, "1.234\n1.5", column=P_ENTRY)
    assert list(german_window.document.values("P")) == [1.234, 1.5]


_HINT = " Type a number ≥ 0 such as 0.8, .8, 4/5, 80% or 2e-3."


@pytest.mark.parametrize("text, column, message", [
    ("x;0,5", P_ENTRY, "Line 1 of the block, P: 'x;0,5' is not a number." + _HINT),
    ('"Smith, J.",0.3,0.7', P_ENTRY,
     "Line 1 of the block, P: '\"Smith, J.\",0.3,0.7' is not a number." + _HINT),
    ("a;;0,6", LABEL, "Line 1 of the block, P: the cell is empty." + _HINT),
])
def test_a_refused_paste_quotes_what_was_pasted_in_one_sentence(window, qtbot, text, column,
                                                                message):
    before = window.document.snapshot()
    paste(window, qtbot, text, column=column)
    assert window.document.snapshot() == before
    assert window.table.message.text() == "Nothing was pasted. " + message


@pytest.mark.parametrize("text, column, labels, p_texts", [
    ("0,5", P_ENTRY, ["heads", "tails"], ["0.5", "0.2"]),  # a German decimal: one entry
    ("Smith, J.", LABEL, ["Smith, J.", "tails"], ["0.8", "0.2"]),  # a label with a comma
    ("Smith, J.\nDoe, A.\n", LABEL, ["Smith, J.", "Doe, A."], ["0.8", "0.2"]),
])
def test_a_single_value_or_a_label_with_a_comma_stays_one_cell(german_window, qtbot, text,
                                                              column, labels, p_texts):
    w = german_window
    paste(w, qtbot, text, column=column)
    assert w.document.labels == labels and w.document.texts("P") == p_texts
    assert not w.table.message.isVisibleTo(w)


# -- one decimal mark in a decimal-comma locale --------------------------------------------
def test_pasted_typed_and_normalized_entries_show_one_decimal_mark(german_window, qtbot):
    w = german_window
    type_into(w, qtbot, 0, P_ENTRY, "1,5")
    paste(w, qtbot, "0,5", row=1, column=P_ENTRY)
    assert shown(w, P_ENTRY) == ["1,5", "0,5"]
    assert list(w.document.values("P")) == [1.5, 0.5]
    w.edits.set_entry("Q", 0, "0.125")  # as a drag or a family writes it
    paste(w, qtbot, "0,375", row=1, column=Q_ENTRY)
    assert shown(w, Q_ENTRY) == ["0,125", "0,375"]
    w.table.normalize_action.trigger()
    refreshed(w, qtbot)
    assert shown(w, P_ENTRY) == ["0,75", "0,25"] and shown(w, Q_ENTRY) == ["0,25", "0,75"]
    assert list(w.document.values("P")) == [0.75, 0.25]
    assert list(w.document.values("Q")) == [0.25, 0.75]


def test_an_entry_opened_and_left_unchanged_is_kept_as_it_was(german_window, qtbot):
    """The editor shows 0,8 for the document's 0.8; Enter without a change makes no
    undo step and keeps the entry."""
    w = german_window
    steps = w.undo_stack.count()
    view = w.table.view
    index = w.table.model.index(0, P_ENTRY)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert editor.text() == "0,8"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert w.document.texts("P") == ["0.8", "0.2"]
    assert not w.isWindowModified()
    assert w.undo_stack.count() == steps


def test_a_german_session_opens_in_english_with_the_same_figures(in_locale, qtbot, dialogs,
                                                                   tmp_path):
    in_locale(GERMAN)
    german = shown_window(qtbot)
    paste(german, qtbot, "Kopf;0,8;0,6\nZahl;0,2;0,4\n")
    type_into(german, qtbot, 0, P_ENTRY, "1,5")
    paste(german, qtbot, "0,125", row=1, column=Q_ENTRY)
    assert shown(german, P_ENTRY) == ["1,5", "0,2"] and shown(german, Q_ENTRY) == ["0,6", "0,125"]
    figures = german.document.result().comparison
    dialogs.save_paths.append(tmp_path / "stunde")
    assert german.files.save_as()
    in_locale(ENGLISH)
    english = shown_window(qtbot)
    assert english.files.open(tmp_path / "stunde.kld.json")
    refreshed(english, qtbot)
    assert list(english.document.values("P")) == [1.5, 0.2]
    assert list(english.document.values("Q")) == [0.6, 0.125]
    again = english.document.result().comparison
    assert again.kl_pq == figures.kl_pq == typed_compare([1.5, 0.2], [0.6, 0.125]).kl_pq
    assert shown(english, P_ENTRY) == ["1.5", "0.2"] and shown(english, Q_ENTRY) == [
        "0.6", "0.125"]


@pytest.mark.parametrize("text, message", [
    ("outcome;P;Q\na;x;1",
     "Line 2 of the block, P: 'x' is not a number."),
    ("a;0,5;1\nb;0,5;y",
     "Line 2 of the block, Q: 'y' is not a number."),
])
def test_a_csv_line_with_a_mistyped_weight_pasted_into_the_outcome_column_is_refused(
        window, qtbot, text, message):
    """Pasted into the Outcome column, "outcome;P;Q⏎a;x;1" renamed two outcomes to the
    whole lines (any text is a label, and a line whose weights were not all numbers was
    not split). The lines are split now, as pasting into an entry column splits them,
    and the mistyped weight refuses the paste, naming its line and column."""
    before = window.document.snapshot()
    paste(window, qtbot, text, column=LABEL)
    assert window.document.snapshot() == before
    assert window.table.message.text() == "Nothing was pasted. " + message + _HINT


def test_a_csv_block_with_a_header_pasted_into_the_outcome_column_fills_the_columns(
        window, qtbot):
    paste(window, qtbot, "outcome;P;Q\na;0,5;1\nb;0,5;3", column=LABEL)
    doc = window.document
    assert list(doc.labels) == ["a", "b"]
    assert list(doc.texts("P")) == ["0.5", "0.5"] and list(doc.texts("Q")) == ["1", "3"]
