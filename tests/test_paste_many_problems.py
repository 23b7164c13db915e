"""A paste with several bad lines says the first problem whole and how many more lines
have problems, naming them (klgui.core.errors.more_lines), in the outcome table's paste
and the Bayes lab's alike; nothing is pasted. The model and reader tests need no Qt."""

import pytest

from klgui.core.errors import DistributionError, WeightParseError
from klgui.io.paste_plan import PasteRefused, table_paste
from klgui.io.pasted_text import pasted_column
from klgui.io.text_file import CsvImportError
from klgui.model.bayes_work import BayesWork
from klgui.model.document import Document
from klgui.model.edits import Edits

THETA = ["0.2", "0.5", "0.8", "0.9"]


def test_the_sentence_counts_and_lists_the_other_lines():
    from klgui.core.errors import more_lines
    assert more_lines([]) == ""
    assert more_lines([7]) == " Also, 1 more line has a problem (line 7)."
    assert more_lines([12, 7, 9, 9]) == " Also, 3 more lines have problems (lines 7, 9, 12)."
    assert more_lines(range(2, 14)) == (" Also, 12 more lines have problems (lines 2, 3, 4, "
                                        "5, 6, 7, 8, 9, 10, 11, …).")


def _table():
    doc = Document(["a", "b"], ["1", "1"], ["1", "1"])
    steps = []
    return doc, Edits(doc, steps.append), steps


def test_the_tables_paste_names_the_first_bad_cell_and_counts_the_other_lines():
    doc, edits, steps = _table()
    before = doc.snapshot()
    block = [["x", "0.1", "0.2"], ["y", "abc", "0.2"], ["z", "0.3", "0.3"],
             ["u", "-1", "0.1"], ["v", "0.2", ""], ["w", "0.5", "?"]]
    with pytest.raises(WeightParseError) as e:
        edits.paste(0, 0, block, lines=[2, 3, 4, 5, 6, 7])
    message = str(e.value)
    assert message.startswith("Line 3 of the block, P: 'abc' is not a number")
    assert message.endswith(" Also, 3 more lines have problems (lines 5, 6, 7).")
    assert message.count("Line 3") == 1
    assert doc.snapshot() == before and steps == []


def test_one_bad_line_says_nothing_more():
    doc, edits, _ = _table()
    with pytest.raises(WeightParseError) as e:
        edits.paste(0, 1, [["0.1", "abc"], ["0.2", "0.3"]])
    assert "more line" not in str(e.value) and "Also" not in str(e.value)


def test_a_number_format_refusal_counts_the_other_lines_too():
    names = ("P", "Q")
    # a decimal comma among dots (line 3), and lines 4 and 6 no numbers at all
    text = "0.5\t0.25\n0.25\t0.5\n0,125\t0.25\nabc\t0.25\n0.1\t0.2\n0.1\tx\n"
    with pytest.raises(PasteRefused) as e:
        table_paste(text, 1, names, 1, 2)
    message = str(e.value)
    assert message.startswith("Nothing was pasted. Line 3 of the block, P: '0,125'")
    assert message.endswith(" Also, 2 more lines have problems (lines 4, 6).")
    # a header line left out: the lines still count it
    with pytest.raises(PasteRefused) as e:
        table_paste("P\tQ\n" + text, 1, names, 1, 2)
    assert "Line 4 of the block" in str(e.value)
    assert str(e.value).endswith("(lines 5, 7).")


def test_a_refused_cell_is_named_by_the_column_the_header_sends_it_to():
    # the header line sends the block's second column to P, not to Q beside column 1
    text = "Q\tP\n0.5\t1,234.5\n0.5\t0,7\n"
    with pytest.raises(PasteRefused) as e:
        table_paste(text, 1, ("P", "Q"), 1, 2)
    assert str(e.value).startswith("Nothing was pasted. Line 3 of the block, P: '0,7' ")
    # pasted into the Outcome column: the header's first cell is the label column's
    with pytest.raises(PasteRefused) as e:
        table_paste("outcome\tQ\tP\na\t0.5\t1,234.5\nb\t0,7\t0.5\n", 0, ("P", "Q"), 1, 2)
    assert str(e.value).startswith("Nothing was pasted. Line 3 of the block, Q: '0,7' ")
    # a header naming a column the table lacks: that is said, as no cell's column is known
    with pytest.raises(PasteRefused) as e:
        table_paste("Q\tR\n0.5\t1,234.5\n0.5\t0,7\n", 1, ("P", "Q"), 1, 2)
    assert "its cell 'R' (column 2 of the block) names none of them" in str(e.value)


def test_the_labs_paste_names_the_first_bad_likelihood_and_counts_the_others():
    doc = Document(THETA, ["1"] * 4, ["1"] * 4)
    steps = []
    edits = Edits(doc, steps.append)
    work = BayesWork.default(doc.labels)
    with pytest.raises(WeightParseError) as e:
        edits.paste_likelihoods(work, 0, ["x", "1.5", "0.5", "y"], doc.labels,
                                lines=[2, 3, 4, 5])
    assert str(e.value).startswith("Line 2 of the pasted text, θ=0.2: 'x' is not a number")
    assert str(e.value).endswith(" Also, 2 more lines have problems (lines 3, 5).")
    with pytest.raises(DistributionError) as e:
        edits.paste_likelihoods(work, 0, ["0.5", "2", "3"], doc.labels)
    assert str(e.value) == ("Line 2 of the pasted text, θ=0.5: the likelihood is 2; a "
                            "likelihood lies between 0 and 1. Also, 1 more line has a "
                            "problem (line 3).")
    assert doc.bayes is None or doc.bayes.texts == work.texts
    assert steps == []
    with pytest.raises(CsvImportError) as e:
        pasted_column("0.5\n0.25\n0,125\nabc\n")
    assert str(e.value).startswith("The pasted text, line 3: '0,125'")
    assert str(e.value).endswith(" Also, 1 more line has a problem (line 4).")


def test_blank_and_short_lines_are_counted_too():
    from klgui.io.pasted_text import pasted_cells
    with pytest.raises(CsvImportError) as e:
        pasted_cells("0.3\n\n0.7\n\n0.1\n", 0)
    assert str(e.value).startswith("Line 2 of the pasted text is blank")
    assert str(e.value).endswith(" Also, 1 more line has a problem (line 4).")
    with pytest.raises(CsvImportError) as e:
        pasted_cells("a;0,8;0,6\nb;0,2\nc;0,1;0,1\nd;0,5\ne;1\n", 1)
    assert str(e.value).startswith("The pasted text, line 2: 2 values, but line 1 has 3")
    assert str(e.value).endswith(" Also, 2 more lines have problems (lines 4, 5).")


# -- in the window ------------------------------------------------------------------------
def test_the_window_says_the_first_problem_and_the_count_and_pastes_nothing(window, qtbot):
    from conftest import paste_into
    before = window.document.snapshot()
    paste_into(window, qtbot, "a\t0.1\t0.2\nb\tabc\t0.2\nc\t-1\t0.3\nd\t0.1\t0.1\ne\t?\t1\n")
    assert window.document.snapshot() == before
    message = window.table.message.text()
    assert message.startswith("Nothing was pasted. Line 2 of the block, P: 'abc' is not a "
                              "number")
    assert message.endswith(" Also, 2 more lines have problems (lines 3, 5).")


def test_the_labs_window_says_the_first_problem_and_the_count(window, qtbot):
    from test_bayes_paste import _ctrl_v, _lab
    page = _lab(window, qtbot)
    old = list(page.likelihood_texts)
    _ctrl_v(page, qtbot, "0.5\nabc\n7\n")
    assert page.likelihood_texts == old
    assert page.error.text().startswith("Nothing was pasted. Line 2 of the pasted text, "
                                        "θ=0.5: 'abc' is not a number")
    assert page.error.text().endswith(" Also, 1 more line has a problem (line 3).")
