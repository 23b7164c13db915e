"""Pasting a column of likelihoods into the Bayes lab (model.bayes_edits.
paste_likelihoods, io.pasted_text.pasted_column, the lab table's Ctrl+V): one undo step
keeping only the pasted entries, numbers read as the outcome table's paste reads them,
refusals naming the pasted line and changing nothing."""

import inspect

import numpy as np
import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication

from klgui.core.errors import DistributionError, WeightParseError
from klgui.io.pasted_text import pasted_column
from klgui.io.text_file import CsvImportError
from klgui.model.bayes_work import BayesWork
from klgui.model.document import Document
from klgui.model.edits import Edits

THETA = [f"{t / 10:.1f}" for t in range(1, 10)]
GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)


def _coin():
    doc = Document(THETA, ["1"] * 9, ["1"] * 9)
    steps = []
    edits = Edits(doc, steps.append)
    edits.set_likelihood(BayesWork.default(doc.labels), 0, "0.12", doc.labels)
    edits.set_likelihood(doc.bayes, 0, "0.15", doc.labels)  # the document's work now
    return doc, edits, steps


def test_a_pasted_column_is_one_step_that_keeps_only_the_pasted_entries():
    doc, edits, steps = _coin()
    before = doc.bayes
    edits.paste_likelihoods(doc.bayes, 1, ["0.9", "1/10", "30%"], doc.labels)
    assert doc.bayes.texts[:5] == ("0.15", "0.9", "1/10", "30%", "0.5")
    assert doc.bayes.likelihood[1:4].tolist() == [0.9, 0.1, 0.3]
    step = steps[-1]
    assert step.text == "Paste 3 likelihoods" and len(steps) == 3
    for call in (step.undo, step.redo):  # not the lab's whole column (16 MB at 10⁶)
        kept = inspect.getclosurevars(call).nonlocals.values()
        assert not any(isinstance(v, BayesWork) for v in kept)
        assert all(v.size == 3 for v in kept if isinstance(v, np.ndarray))
    step.undo()
    assert doc.bayes.texts == before.texts
    assert np.array_equal(doc.bayes.likelihood, before.likelihood)
    step.redo()
    assert doc.bayes.likelihood[1:4].tolist() == [0.9, 0.1, 0.3]


def test_a_refused_value_names_its_line_and_hypothesis_and_changes_nothing():
    doc, edits, steps = _coin()
    work, count = doc.bayes, len(steps)
    with pytest.raises(DistributionError, match=r"Line 3 of the pasted text, θ=0.3: .*1\.5"):
        edits.paste_likelihoods(work, 0, ["0.2", "0.4", "1.5"], doc.labels)
    with pytest.raises(WeightParseError, match="Line 7 of the pasted text, θ=0.3: 'x'"):
        edits.paste_likelihoods(work, 1, ["0.2", "x"], doc.labels, lines=[6, 7])
    with pytest.raises(IndexError, match="3 values, but from θ=0.8 on the lab has 2"):
        edits.paste_likelihoods(work, 7, ["0.2", "0.2", "0.2"], doc.labels)
    assert doc.bayes is work and len(steps) == count


def test_the_column_is_read_as_the_tables_paste_reads_it():
    assert pasted_column("0,9\n0,1\n0,25", decimal_comma=True) == (
        ["0.9", "0.1", "0.25"], [1, 2, 3], None)
    # copied from the lab itself: its header line is left out, and said
    assert pasted_column("P(heads | hypothesis)\n0.9\n0.1") == (
        ["0.9", "0.1"], [2, 3], "P(heads | hypothesis)")
    # a first value that is missing or out of range is data, not a header: the lab
    # refuses it naming line 1 (it was left out, and the values moved up one)
    for first in ("inf", "n.a.", "TRUE", "1e5x", "NA()"):
        texts, lines, header = pasted_column(f"{first}\n0.5\n0.2")
        assert (texts[0], lines, header) == (first, [1, 2, 3], None)
    with pytest.raises(CsvImportError, match="has 2 columns; paste one column of likel"):
        pasted_column("0.9\t0.1\n0.2\t0.3", what="likelihoods")
    with pytest.raises(CsvImportError, match="line 3"):
        pasted_column("0.5\n0.25\n0,125\n")  # a decimal comma among dots: ambiguous


def _lab(window, qtbot):
    window.edits.load(["0.2", "0.5", "0.8"], ["1"] * 3, ["1"] * 3)
    page = window.bayes
    window.show_page(page)
    qtbot.waitUntil(lambda: page.likelihood.size == 3 and not page.busy)
    return page


def _ctrl_v(page, qtbot, text, row=0, column=2):
    QGuiApplication.clipboard().setText(text)
    table = page.table
    table.setCurrentIndex(table.model().index(row, column))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_v_in_the_labs_likelihood_column_pastes_one_undo_step(window, qtbot):
    page = _lab(window, qtbot)
    old = list(page.likelihood_texts)
    _ctrl_v(page, qtbot, "0.9\n0.1\n0.3")
    assert page.likelihood_texts == ["0.9", "0.1", "0.3"]
    assert window.undo_stack.undoText() == "Paste 3 likelihoods"
    window.undo_stack.undo()
    assert page.likelihood_texts == old


def test_a_refused_paste_in_the_lab_says_why(window, qtbot):
    page = _lab(window, qtbot)
    old = list(page.likelihood_texts)
    _ctrl_v(page, qtbot, "0.9\nabc", row=1)
    assert page.likelihood_texts == old
    assert page.error.isVisibleTo(page) and page.error.text().startswith(
        "Nothing was pasted. Line 2 of the pasted text, θ=0.8: 'abc'")
    _ctrl_v(page, qtbot, "0.9", column=1)
    assert page.likelihood_texts == old
    assert "paste into the likelihood column" in page.error.text()


def test_a_german_column_pastes_with_its_decimal_comma(in_locale, qtbot):
    from conftest import shown_window
    in_locale(GERMAN)
    window = shown_window(qtbot)
    page = _lab(window, qtbot)
    _ctrl_v(page, qtbot, "0,9\n0,1\n0,25")
    assert page.likelihood.tolist() == [0.9, 0.1, 0.25]
    # refused, the lab words it as the table does in the same locale (it ran the
    # locale's words through localize() again: "e.g. 1,234.5", "such as 0,8, .8")
    _ctrl_v(page, qtbot, "0,5\n0.25\n0,125")
    assert page.error.text().startswith("Nothing was pasted.") and "1,234.5" not in \
        page.error.text()
    _ctrl_v(page, qtbot, "0,5\nabc")
    assert "such as 0,8, 4/5" in page.error.text() and ".8," not in page.error.text()


def test_a_header_line_left_out_of_the_labs_paste_is_said(window, qtbot):
    page = _lab(window, qtbot)
    _ctrl_v(page, qtbot, "P(heads | hypothesis)\n0.9\n0.1\n0.3")
    assert page.likelihood_texts == ["0.9", "0.1", "0.3"]
    assert page.error.text() == ("Pasted 3 likelihoods; the first line, 'P(heads | "
                                 "hypothesis)', named the column, so it was left out.")


def test_a_refused_likelihood_names_its_line_and_hypothesis_once():
    doc, edits, steps = _coin()
    work = doc.bayes
    with pytest.raises(DistributionError) as e:
        edits.paste_likelihoods(work, 0, ["0.2", "1.5"])
    assert str(e.value) == ("Line 2 of the pasted text, hypothesis 2: the likelihood is "
                            "1.5; a likelihood lies between 0 and 1.")
    with pytest.raises(DistributionError) as e:
        edits.paste_likelihoods(work, 3, ["1e-400"], doc.labels, lines=[4])
    assert str(e.value).startswith("Line 4 of the pasted text, θ=0.4: the likelihood is "
                                   "1e-400, below the smallest double")
    assert str(e.value).count("0.4") == 1
    assert doc.bayes is work
    # typed into its cell, the hypothesis is named by the message itself, as before
    with pytest.raises(DistributionError, match=r"^Likelihood of '0.2' is 1.5; a lik"):
        edits.set_likelihood(work, 1, "1.5", doc.labels)
