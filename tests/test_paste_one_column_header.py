"""A one-column paste whose first line can name a column (``abc⏎0,5``): by the header
rule (klgui.io.header_row.is_header_row: every cell can name a column, numbers below)
it is a header, left out, and the table says so quoting it, as the Bayes lab's column
paste does; pasted into the Outcome column the same lines are two labels."""

import pytest
from PySide6.QtCore import QLocale

from klgui.io.header_row import is_header_row
from klgui.io.paste_plan import table_paste, table_pasted
from klgui.ui.table.outcome_model import LABEL, P_ENTRY
from conftest import paste_into, shown_window

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
SAID = "Pasted 1 row; the first line of the block, 'abc', named the column, so it was left out."


def test_the_header_rule_says_abc_above_a_number_names_the_column():
    assert is_header_row([["abc"], ["0,5"]], 0) and is_header_row([["abc"], ["0.5"]], 0)
    assert not is_header_row([["abc"], ["0.5"]], 1)  # pasted as labels: no header


def test_the_plan_quotes_the_one_columns_header():
    for text, comma in (("abc\n0.5", False), ("abc\n0,5", True), ("abc\r\n0,5", False)):
        plan = table_paste(text, 1, ("P", "Q"), 1, 2, comma)
        assert plan.rows == [["0.5"]] and plan.lines == [2] and plan.header_skipped
        assert table_pasted(plan, ("P", "Q")) == SAID
    plan = table_paste("abc\n0.5\n0.25", 2, ("P", "Q"), 1, 2)
    assert table_pasted(plan, ("P", "Q")) == SAID.replace("1 row", "2 rows")


def test_the_window_pastes_the_value_and_says_the_header_was_left_out(window, qtbot):
    texts = list(window.document.texts("P"))
    paste_into(window, qtbot, "abc\n0.5", 0, P_ENTRY)
    assert window.document.texts("P") == ["0.5", *texts[1:]]
    assert window.table.message.isVisibleTo(window) and window.table.message.text() == SAID


@pytest.fixture
def german_window(in_locale, qtbot):
    in_locale(GERMAN)
    return shown_window(qtbot)


def test_in_german_abc_above_0_5_too(german_window, qtbot):
    window = german_window
    texts = list(window.document.texts("P"))
    paste_into(window, qtbot, "abc\n0,5", 0, P_ENTRY)
    assert window.table.message.text() == SAID
    assert window.document.texts("P") == ["0.5", *texts[1:]]


def test_pasted_into_the_outcome_column_the_lines_are_labels(window, qtbot):
    paste_into(window, qtbot, "abc\n0.5", 0, LABEL)
    assert window.document.labels[:2] == ["abc", "0.5"]
    assert not window.table.message.isVisibleTo(window)


@pytest.mark.parametrize("text", ["P\r\n0,1\r\n0,9\r\n", "P\n0,1\n0,9", "Anteil\n0,1\n0,9\n"])
def test_in_german_a_column_of_decimal_commas_under_its_name_pastes(german_window, qtbot,
                                                                    text):
    # Excel's copy of a German column with its name: before, the decimal commas were
    # read as a CSV file's field separators and the paste refused ("1 value, but ...")
    window = german_window
    header = text.split("\n")[0].strip()
    paste_into(window, qtbot, text, 0, P_ENTRY)
    assert window.document.texts("P") == ["0.1", "0.9"]
    assert window.table.message.text() == SAID.replace("1 row", "2 rows").replace(
        "'abc'", f"'{header}'")


def test_in_english_the_same_column_with_decimal_dots_pastes_alike(window, qtbot):
    paste_into(window, qtbot, "P\n0.25\n0.75", 0, P_ENTRY)
    assert window.document.texts("P") == ["0.25", "0.75"]
