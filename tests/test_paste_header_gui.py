"""Pasting a block whose header line names the table's columns, in the real window:
each column goes to the column it names, whatever the order (the tester's blocks:
D(P‖Model A) = −ln 0.8, D(P‖Q) = −ln 0.4 by hand), one undo step; a header naming a
column the table lacks, or a header line alone, is refused and nothing changes."""

import math

import pytest

from klgui.io.presets import find_preset
from klgui.ui.table.outcome_model import P_ENTRY
from conftest import paste_into as paste, shown_window


def snapshot(doc):
    return list(doc.labels), [list(doc.texts(i)) for i in doc.column_ids]


@pytest.fixture
def classifier(qtbot):
    window = shown_window(qtbot)
    window.load_preset(find_preset("classifier"))
    assert window.document.names() == ("P", "Model A", "Model B")
    assert window.document.name_of(window.document.focus_id) == "Model A"
    return window


def test_a_csv_header_in_another_order_fills_the_columns_it_names(classifier, qtbot):
    w, doc = classifier, classifier.document
    before = snapshot(doc)
    paste(w, qtbot, "outcome,Model B,Model A,P\ncat,0.4,0.8,1\ndog,0.3,0.1,0\nbird,0.3,0.1,0")
    assert doc.labels == ["cat", "dog", "bird"]
    assert doc.texts("P") == ["1", "0", "0"]
    assert doc.texts("Model A") == ["0.8", "0.1", "0.1"]
    assert doc.texts("Model B") == ["0.4", "0.3", "0.3"]
    assert doc.result().comparison.kl_pq == pytest.approx(-math.log(0.8), rel=1e-12)
    assert "each column went to the one it names: Outcome, Model B, Model A, P" in \
        w.table.message.text()
    w.undo_stack.undo()  # one step
    assert snapshot(doc) == before


def test_a_tab_header_q_before_p_fills_q_and_p(window, qtbot):
    doc = window.document
    paste(window, qtbot, "outcome\tQ\tP\na\t0.2\t0.8\nb\t0.8\t0.2")
    assert doc.labels == ["a", "b"]
    assert doc.texts("P") == ["0.8", "0.2"] and doc.texts("Q") == ["0.2", "0.8"]
    # D(P‖Q) = 0.8 ln 4 + 0.2 ln(1/4) = 0.6 ln 4 = −1.2 ln 0.5; −ln 0.4 for the next block
    assert doc.result().comparison.kl_pq == pytest.approx(0.6 * math.log(4), rel=1e-12)
    paste(window, qtbot, "Q\tP\n0.4\t1\n0.6\t0", column=P_ENTRY)  # from an entry cell
    assert doc.texts("P") == ["1", "0"] and doc.texts("Q") == ["0.4", "0.6"]
    assert doc.result().comparison.kl_pq == pytest.approx(-math.log(0.4), rel=1e-12)


def test_a_header_naming_a_column_the_table_lacks_is_refused(classifier, qtbot):
    w, doc = classifier, classifier.document
    before, steps = snapshot(doc), w.undo_stack.count()
    paste(w, qtbot, "outcome,P,Model C\ncat,1,0.5\ndog,0,0.5")
    assert snapshot(doc) == before and w.undo_stack.count() == steps
    message = w.table.message.text()
    assert message.startswith("Nothing was pasted. Line 1 of the block:")
    assert "'Model C'" in message and "(Outcome, P, Model A, Model B)" in message


def test_a_header_of_generic_words_still_fills_by_position(classifier, qtbot):
    doc = classifier.document
    paste(classifier, qtbot, "weight\tcount\n0.5\t2\n0.5\t3", column=P_ENTRY + 1)
    assert doc.texts("Model A")[:2] == ["0.5", "0.5"]
    assert doc.texts("Model B")[:2] == ["2", "3"]


@pytest.mark.parametrize("text", ["outcome,P,Model A,Model B\n",
                                  "outcome\tP\tModel A\tModel B\n"])
def test_a_header_line_alone_is_refused_and_renames_nothing(classifier, qtbot, text):
    w, doc = classifier, classifier.document
    before = snapshot(doc)
    paste(w, qtbot, text)
    assert snapshot(doc) == before
    assert w.table.message.text() == (
        "Nothing was pasted. The pasted text is only a header line: there are no values "
        "to paste. Copy the lines of values below it too, or paste the values alone.")


def test_an_unbalanced_quote_is_refused_naming_its_line(classifier, qtbot):
    w, doc = classifier, classifier.document
    before = snapshot(doc)
    paste(w, qtbot, 'a,"1,1\nb,1,1')
    assert snapshot(doc) == before
    assert w.table.message.text().startswith(
        "Nothing was pasted. The pasted text, line 1: a quotation mark opens a field "
        "and never closes")


def test_a_header_naming_columns_apart_fills_those_and_keeps_the_others(classifier, qtbot):
    w, doc = classifier, classifier.document
    model_a = doc.texts("Model A")
    before = snapshot(doc)
    paste(w, qtbot, "Model B\tlabel\n0.5\tcat\n0.25\tdog\n0.25\tbird", column=P_ENTRY)
    assert doc.labels == ["cat", "dog", "bird"] and doc.texts("Model A") == model_a
    assert doc.texts("Model B") == ["0.5", "0.25", "0.25"]
    w.undo_stack.undo()
    assert snapshot(doc) == before
