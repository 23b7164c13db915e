"""The Fill from family dialog offers OK only for what the document then takes: the
family placed on the current outcomes, or on the outcomes Replace would create together
with every other family column (issue 21, the tester's cases); otherwise it says why."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from conftest import shown_window
from klgui.core.families import Binomial, Poisson, Uniform

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def offered_is_taken(window, which, dialog) -> bool:
    """OK enabled ⇒ the fill succeeds; OK disabled ⇒ the dialog shows why. Returns
    whether it was filled."""
    if ok_button(dialog).isEnabled():
        assert not dialog.problem.isVisibleTo(dialog)
        assert window.columns.fill(which, dialog.family, dialog.create_outcomes), \
            window.statusBar().currentMessage()
        return True
    assert dialog.problem.isVisibleTo(dialog) and dialog.problem.text()
    return False


def test_uniform_on_more_outcomes_than_the_coin_has(qtbot):
    w = shown_window(qtbot)
    q = w.document.focus_id
    dialog = w.columns.family_dialog(q)
    dialog.choose("uniform")
    dialog.set_value("n", 3)
    assert dialog.family == Uniform(3) and dialog.create.isChecked()
    label = dialog.create.text()
    assert "1…3 (3)" in label
    assert offered_is_taken(w, q, dialog) and list(w.document.labels) == ["1", "2", "3"]
    dialog.set_value("n", 2)  # two ranks on two outcomes fit as they stand
    assert ok_button(dialog).isEnabled() and not dialog.create_outcomes
    dialog.deleteLater()


def test_replacing_outcomes_another_family_column_cannot_follow(qtbot):
    w = shown_window(qtbot)
    doc = w.document
    doc.fill_from_family("Q", Binomial(10, 0.3), create_outcomes=True)
    doc.set_family("P", Binomial(10, 0.5))
    before = doc.snapshot()
    q = doc.focus_id
    dialog = w.columns.family_dialog(q)
    dialog.choose("poisson")
    dialog.set_value("lam", 2)
    dialog.set_value("tail", 3)
    if not dialog.create.isChecked():
        dialog.create.click()
    assert dialog.family == Poisson(2.0, 3) and dialog.create_outcomes
    assert not ok_button(dialog).isEnabled()
    assert "P (Binomial(n = 10, p = 0.5)) cannot follow" in dialog.problem.text()
    assert not offered_is_taken(w, q, dialog) and doc.snapshot() == before
    dialog.create.click()  # unticked: Poisson K = 3 on 0…10 lacks "≥ 3"
    assert not ok_button(dialog).isEnabled()
    assert "does not fit the table's outcomes" in dialog.problem.text()
    dialog.set_value("tail", 10)  # whatever it offers now, the document takes
    offered_is_taken(w, q, dialog)
    dialog.deleteLater()


def test_a_lambda_typed_beyond_the_poisson_range_is_named_in_the_dialog(qtbot):
    """The dialog's λ box stopped at 1e6 without a word (Qt refuses the keystroke); it
    now keeps the text as typed, says why in the family's words (the shown name λ, the
    text as typed) and OK waits; leaving the box puts back λ from before the typing,
    not the 200000 its digits passed through."""
    w = shown_window(qtbot)
    dialog = w.columns.family_dialog(w.document.focus_id)
    dialog.choose("poisson")
    dialog.show()
    dialog.activateWindow()
    box = dialog.boxes["poisson"]["lam"]
    assert (box.minimum(), box.maximum()) == (0.0001, 1e6)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    before = box.value()
    qtbot.keyClicks(box, "2000000")
    said = "λ of the Poisson family must be above 0 and at most 1,000,000, not '2000000'."
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.problem.isVisibleTo(dialog) and dialog.problem.text() == said
    assert box.text() == "2000000" and not ok.isEnabled()
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # leaving the box
    qtbot.waitUntil(lambda: dialog.problem.text() == f"Not taken: {said}")
    assert box.value() == before and ok.isEnabled()
    dialog.deleteLater()


def test_return_on_a_refused_sigma_keeps_the_dialog_open_and_says_why(qtbot):
    """Return on σ typed -1 was taken as σ = 1 (the minus refused): now the text is
    refused with the reason, the σ from before comes back, and the Return does not
    also press OK (which would fill with a value the person did not type)."""
    w = shown_window(qtbot)
    dialog = w.columns.family_dialog(w.document.focus_id)
    dialog.choose("normal")
    dialog.set_value("sd", 2.5)
    dialog.show()
    dialog.activateWindow()
    box = dialog.boxes["normal"]["sd"]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    qtbot.keyClicks(box, "-1")
    said = "σ of the Normal family must be above 0, not '-1'."
    assert dialog.problem.text() == said and not ok_button(dialog).isEnabled()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problem.text() == f"Not taken: {said}")
    assert dialog.isVisible() and dialog.result() == 0 and box.value() == 2.5
    assert dialog.family.sd == 2.5
    dialog.deleteLater()


def test_each_key_typed_is_checked_once(qtbot, monkeypatch):
    """Typing n = 1000000 for the binomial: one check per key (the box's textEdited
    and valueChanged both ran it, each listing a million outcomes), and a text the box
    does not take, then its end, still checked and said."""
    from klgui.ui.table import family_dialog as fd

    dialog = fd.FamilyDialog("Q", ["a", "b", "c"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.choose("binomial")
    calls = []
    listed = fd.support_labels
    monkeypatch.setattr(fd, "support_labels",
                        lambda *a: calls.append(a) or listed(*a))
    box = dialog.boxes["binomial"]["n"]
    box.setFocus()
    box.selectAll()
    per_key = []
    for key in "1000000":
        before = len(calls)
        qtbot.keyClick(box, key)
        per_key.append(len(calls) - before)
    assert per_key == [1] * 7 and box.value() == 1_000_000
    assert dialog.create.text().endswith("with 0…1000000 (1,000,001)")
    before = len(calls)
    qtbot.keyClick(box, "e")  # an exponent begun, not a number: said, nothing listed
    assert dialog.problem.isVisibleTo(dialog) and not ok_button(dialog).isEnabled()
    assert "'1000000e'" in dialog.problem.text() and len(calls) == before
    before = len(calls)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)  # the same value as before: checked again
    assert len(calls) - before == 1
    assert not dialog.problem.isVisibleTo(dialog) and ok_button(dialog).isEnabled()


def test_a_negative_tail_k_is_refused_saying_that_0_means_automatic(qtbot):
    """K = -1 typed into the Poisson tail box was refused with the family's range
    (from 1) alone, though the box itself offers 0 as "automatic": the refusal now says
    so, for a no-number text too; a K above the range has nothing to do with 0 and its
    refusal stays as it was. Return puts back the K from before (0, automatic)."""
    dialog = _typing_dialog(qtbot, "poisson")
    box = dialog.boxes["poisson"]["tail"]
    assert box.value() == 0 and box.text() == "automatic"
    rule = "K of the Poisson family must be a whole number from 1 to 10,000,000"
    said = f"{rule}, not '-1'; 0 means automatic."
    _type(qtbot, box, "-1")
    assert dialog.problem.text() == said and not ok_button(dialog).isEnabled()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problem.text() == f"Not taken: {said}")
    assert box.value() == 0 and dialog.family == Poisson(2.0, None)
    _type(qtbot, box, "1e")  # an exponent begun: no number yet
    assert dialog.problem.text().endswith("'1e' is not a number; 0 means automatic.")
    _type(qtbot, box, "20000000")
    assert dialog.problem.text() == f"{rule}, not '20000000'."
    dialog.choose("uniform")  # the same for n = 0, every outcome
    _type(qtbot, dialog.boxes["uniform"]["n"], "-1")
    assert dialog.problem.text() == ("n of the Uniform family must be a whole number "
                                     "from 1 to 10,000,000, not '-1'; 0 means every outcome.")
    dialog.deleteLater()


def _typing_dialog(qtbot, family):
    from klgui.ui.table.family_dialog import FamilyDialog

    dialog = FamilyDialog("Q", ["0", "1", "2"])
    qtbot.addWidget(dialog)
    dialog.choose(family)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    return dialog


def _type(qtbot, box, text):
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    qtbot.keyClicks(box, text)
