"""Family and logits columns in the window, driven with qtbot: the Fill dialog, a slider
gesture (one undo step, undone), typing, pasting and dragging into a family column (the
detach question; No keeps the family), and the Figures page's closed-form line."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox

from klgui.core.families import Binomial, Softmax
from klgui.core.formatting import format_figure
from klgui.core.smoothing import Smoothing
from klgui.ui.table.family_dialog import FamilyDialog

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def binomial_kl(n, p, q):
    return n * (p * math.log(p / q) + (1 - p) * math.log((1 - p) / (1 - q)))


def test_the_fill_dialog_fills_a_column_and_creates_its_outcomes(window, monkeypatch):
    doc = window.document
    q = doc.focus_id
    dialog = window.columns.family_dialog(q)
    dialog.choose("binomial")
    dialog.set_value("n", 10)
    dialog.set_value("p", 0.3)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    # heads and tails are no counts 0…10: the dialog offers to replace them
    assert dialog.create.isChecked() and "0…10" in dialog.create.text() and ok.isEnabled()
    dialog.create.click()  # unticked by hand: it cannot fit, and says why
    assert not ok.isEnabled() and "lacks" in dialog.problem.text()
    dialog.create.click()
    assert ok.isEnabled() and dialog.family == Binomial(10, 0.3) and dialog.create_outcomes

    def accepted(self):
        self.choose("binomial")
        self.set_value("n", 10)
        self.set_value("p", 0.3)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(FamilyDialog, "exec", accepted)
    before, steps = doc.snapshot(), window.undo_stack.count()
    window.columns.table.view.setCurrentIndex(window.table.model.index(0, doc.field_of(q)))
    assert window.columns.fill_from_family()
    assert doc.labels == [str(k) for k in range(11)] and doc.family_of(q) == Binomial(10, .3)
    assert window.undo_stack.count() == steps + 1
    assert window.family_panel.isVisible() and "Q" in window.family_panel.controls
    window.undo_stack.undo()
    assert doc.snapshot() == before and not window.family_panel.isVisibleTo(window)


def test_logits_in_the_dialog():
    dialog = FamilyDialog("Q", ["a", "b", "c"])
    dialog.choose("logits")
    dialog.set_value("logits", "5, 10 15")
    dialog.set_value("temperature", 2)
    assert dialog.family == Softmax(("5", "10", "15"), 2.0) and not dialog.create_outcomes
    dialog.set_value("logits", "5 x 15")
    assert dialog.family is None and "'logits' entry 2" in dialog.problem.text()
    dialog.deleteLater()


def test_a_slider_gesture_moves_every_figure_and_is_one_undo_step(binomials, qtbot):
    doc = binomials.document
    ids, controls = binomials.family_panel.controls["Q"]
    assert ids == (doc.focus_id,)
    slider = controls.sliders["p"]
    slider.setSliderDown(True)
    slider.setSliderPosition(400)
    assert doc.family_of("Q") == Binomial(10, 0.4)  # live, during the drag
    qtbot.waitUntil(lambda: binomials.panel.figures["kl_pq"].value
                    == pytest.approx(binomial_kl(10, 0.5, 0.4), rel=1e-12))
    slider.setSliderPosition(450)
    slider.setSliderDown(False)
    assert doc.family_of("Q") == Binomial(10, 0.45)
    qtbot.waitUntil(lambda: binomials.panel.figures["kl_pq"].value
                    == pytest.approx(binomial_kl(10, 0.5, 0.45), rel=1e-12))
    assert binomials.undo_stack.count() == 1
    binomials.undo_stack.undo()
    assert doc.family_of("Q") == Binomial(10, 0.3)
    assert controls.boxes["p"].value() == pytest.approx(0.3)  # the sliders follow undo


def test_a_binomial_n_slider_grows_the_outcomes_it_made(binomials):
    doc = binomials.document
    _, controls = binomials.family_panel.controls["Q"]
    controls.boxes["n"].setValue(12)  # P's Binomial(10) fits 0…12 as well
    assert doc.labels == [str(k) for k in range(13)] and doc.family_of("Q") == Binomial(12, .3)
    assert binomials.undo_stack.count() == 1
    _, p_controls = binomials.family_panel.controls["P"]
    p_controls.boxes["n"].setValue(20)  # labels are Q's support now, not P's: refused
    assert doc.family_of("P") == Binomial(10, 0.5) and "lacks" in binomials.family_panel.note.text()
    assert p_controls.boxes["n"].value() == 10


def test_typing_into_a_family_column_asks_to_detach_it(binomials, qtbot, dialogs):
    doc, view = binomials.document, binomials.table.view
    q = doc.field_of("Q")
    view.setFocus()
    view.setCurrentIndex(binomials.table.model.index(2, q))
    dialogs.answers = [NO]
    qtbot.keyClicks(view, "5")
    assert "Detach Q into plain entries?" in dialogs.asked[-1]
    assert doc.family_of("Q") == Binomial(10, 0.3) and binomials.undo_stack.count() == 0
    assert "Nothing changed: Q stays Binomial(n = 10, p = 0.3)" in binomials.table.message.text()
    assert binomials.table.model.data(binomials.table.model.index(2, q), Qt.ItemDataRole.ToolTipRole) \
        .endswith("Typing here asks to detach it into plain entries.")
    dialogs.answers = [YES]
    qtbot.keyClicks(view, "5")
    editor = view.findChild(QLineEdit)
    assert editor.text() == "5"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert doc.family_of("Q") is None and doc.texts("Q")[2] == "5"
    assert [binomials.undo_stack.text(i) for i in range(binomials.undo_stack.count())] == [
        "Detach Q into plain entries", "Set Q of '2' to 5"]
    binomials.undo_stack.undo()
    binomials.undo_stack.undo()
    assert doc.family_of("Q") == Binomial(10, 0.3)


def test_pasting_and_deleting_in_a_family_column_ask_first(binomials, dialogs):
    doc, table = binomials.document, binomials.table
    before = doc.snapshot()
    table.view.setCurrentIndex(table.model.index(0, doc.field_of("P")))
    QApplication.clipboard().setText("1\n2\n")
    dialogs.answers = [NO, NO]
    table.paste()
    table.clear_selection()
    assert doc.snapshot() == before and len(dialogs.asked) == 2
    assert "stays Binomial(n = 10, p = 0.5)" in table.message.text()
    dialogs.answers = [YES]
    table.paste()
    assert doc.family_of("P") is None and doc.texts("P")[:2] == ["1", "2"]


def test_dragging_a_bar_of_a_family_column_asks_first(binomials, dialogs):
    doc = binomials.document
    before = doc.snapshot()
    binomials.distributions.barDragging.emit("Q", 3, 0.5)
    assert doc.snapshot() == before and not dialogs.asked  # nothing changes mid-drag
    dialogs.answers = [NO]
    binomials.distributions.barDragged.emit("Q", 3, 0.5)
    assert doc.snapshot() == before and "Detach Q" in dialogs.asked[-1]
    dialogs.answers = [YES]
    binomials.distributions.barDragged.emit("Q", 3, 0.5)
    assert doc.family_of("Q") is None and doc.probabilities("Q")[3] == pytest.approx(0.5)
    assert binomials.undo_stack.count() == 2


def test_the_figures_page_shows_the_closed_form_beside_the_table(binomials, qtbot):
    line = binomials.panel.formula
    qtbot.waitUntil(line.isVisible)
    assert "D(P‖Q): Formula: 0.871767 nats; table: 0.871767 nats. They agree" in line.text()
    binomials.edits.fill_from_family("P", Binomial(5, 0.5))
    binomials.edits.set_family("Q", Binomial(10, 0.5))
    qtbot.waitUntil(lambda: "1.35407" in line.text())
    assert "D(Q‖P): Formula: ∞; table: ∞" in line.text()


def test_the_figures_page_shows_the_distillation_figures(window, qtbot):
    doc = window.document
    doc.load(["a", "b", "c"], ["1", "1", "1"], ["1", "1", "1"])
    window.edits.set_family("P", Softmax(("10", "20", "30"), 1))
    window.edits.set_family("Q", Softmax(("5", "10", "15"), 1))
    line = window.panel.formula
    qtbot.waitUntil(lambda: "T²·KL = 0.00648803" in line.text())
    assert "log-probabilities" in line.text()
    ids, controls = window.family_panel.controls["Q"]  # one temperature for both
    assert ids == (doc.reference_id, doc.focus_id) and "P" not in window.family_panel.controls
    controls.boxes["temperature"].setValue(10)
    assert doc.family_of("P").temperature == doc.family_of("Q").temperature == 10
    qtbot.waitUntil(lambda: "T²·KL = 6.02689" in line.text())
    assert window.undo_stack.count() == 3


def test_a_tail_slider_moves_every_column_folded_at_that_k(window):
    from klgui.core.families import Poisson
    doc = window.document
    window.edits.fill_from_family("Q", Poisson(3, tail=12), True)
    window.edits.set_family("P", Poisson(2, tail=12))
    steps = window.undo_stack.count()
    _, controls = window.family_panel.controls["Q"]
    controls.boxes["tail"].setValue(15)
    assert doc.labels[-1] == "≥ 15" and doc.n == 16
    assert doc.family_of("P") == Poisson(2, tail=15) and doc.family_of("Q") == Poisson(3, 15)
    assert window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert doc.labels[-1] == "≥ 12" and doc.family_of("P") == Poisson(2, tail=12)


def test_the_handout_names_the_family_and_rounds_its_probabilities(binomials):
    from klgui.ui.files.handout import _table_html
    doc = binomials.document
    html = _table_html(doc, doc.result().comparison)
    assert "Q entry: Binomial(n = 10, p = 0.3)" in html
    assert "<td>0.0282475</td>" in html and doc.texts("Q")[0] not in html


def test_a_family_column_shows_the_same_digits_as_its_p_and_q(binomials, qtbot):
    """Binomial(10, 0.5) at 3 and at 0 is 0.1171875 and 0.0009765625, halves at six
    digits: the family's doubles and p (one ulp away after scaling) showed 0.117187
    beside 0.117188. The family column shows the p and q the figures use."""
    model = binomials.table.view.model()
    p_entry, q_entry = model.entry_column("P"), model.entry_column("Q")

    def text(row, col):
        return model.data(model.index(row, col))
    for row in range(11):
        assert text(row, p_entry) == text(row, model.p_column), row
        assert text(row, q_entry) == text(row, model.q_column), row
    assert text(3, p_entry) == "0.117188" and text(0, p_entry) == "0.000976563"
    # smoothed, p and q are no longer the family's probabilities: the column keeps its own
    binomials.document.set_smoothing(Smoothing("additive", 0.5))
    binomials.refresh()
    own = binomials.document.values("P")
    assert text(3, model.p_column) != text(3, p_entry) == format_figure(float(own[3]), 6)
    assert float(text(0, q_entry)) == pytest.approx(0.7 ** 10, rel=1e-5)


def test_replacing_the_outcomes_keeps_entries_of_the_same_numbers_and_says_so(
        window, monkeypatch):
    """A tester's table labelled 0.0, 1.0, 2.0 with P = 5, 3, 2: filling Q from
    Binomial(3, ½), the dialog replacing the outcomes with 0…3, set P to 0, 0, 0, 0 and
    said nothing of it."""
    doc = window.document
    window.edits.load(["0.0", "1.0", "2.0"], ["5", "3", "2"], ["1", "1", "1"])
    ticked = []

    def accepted(self):
        self.choose("binomial")
        self.set_value("n", 3)
        self.set_value("p", 0.5)
        ticked.append(self.create.isChecked())  # 0.0…2.0 lack 3: replace, ticked
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(FamilyDialog, "exec", accepted)
    window.table.view.setCurrentIndex(window.table.model.index(0, doc.field_of(doc.focus_id)))
    assert window.columns.fill_from_family() and ticked == [True]
    assert doc.labels == ["0", "1", "2", "3"]
    assert doc.texts(doc.reference_id) == ["5", "3", "2", "0"]
    message = window.statusBar().currentMessage()
    assert message.startswith("Q is Binomial(n = 3, p = 0.5)")
    assert message.endswith("P keeps the entries of '0.0', '1.0' and '2.0', now '0', '1' "
                            "and '2'; the new outcome '3' gets 0 in P.")
