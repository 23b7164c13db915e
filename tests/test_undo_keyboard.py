"""Undo, redo and the keyboard, driven through the real window as a person would."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from klgui.core import compare
from klgui.io.presets import find_preset
from klgui.ui.table.outcome_model import LABEL, P_ENTRY, Q_ENTRY

from test_edits import state_of
from oracle import typed_compare

DATA = Path(__file__).parent / "data" / "csv"
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def settle(window, qtbot) -> None:
    """Wait until the window shows the document's current revision."""
    if window.busy:
        with qtbot.waitSignal(window.sigRefreshed, timeout=5000):
            pass


def go(window, row: int, column: int):
    view = window.table.view
    view.setFocus()
    view.setCurrentIndex(window.table.model.index(row, column))
    return view


def type_into(qtbot, view, text: str) -> QLineEdit:
    """Type on a selected cell: the first key opens the editor, the rest go into it."""
    qtbot.keyClick(view, text[0])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, text[1:])
    return editor


def menu_text(action) -> str:
    return action.text().replace("&", "")


def figure(window, name="kl_pq") -> float:
    return window.panel.figures[name].value


# -- undo and redo -------------------------------------------------------------------
def test_typing_a_value_is_one_step_that_undo_takes_back(window, qtbot):
    view = go(window, 0, P_ENTRY)
    editor = type_into(qtbot, view, "0.65")
    assert editor.text() == "0.65"  # typing replaced the cell's "0.8"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window, qtbot)
    assert window.document.texts("P") == ["0.65", "0.2"]
    assert figure(window) == typed_compare([0.65, 0.2], [0.6, 0.4]).kl_pq
    assert window.undo_stack.count() == 1  # four keystrokes, one step
    assert menu_text(window.undo_action) == "Undo Set P of 'heads' to 0.65"
    assert window.isWindowModified()

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    settle(window, qtbot)
    assert window.document.texts("P") == ["0.8", "0.2"]
    assert figure(window) == typed_compare([0.8, 0.2], [0.6, 0.4]).kl_pq
    assert not window.isWindowModified()  # back where it was opened
    assert menu_text(window.redo_action) == "Redo Set P of 'heads' to 0.65"
    assert not window.undo_action.isEnabled()

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    settle(window, qtbot)
    assert window.document.texts("P") == ["0.65", "0.2"]
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == P_ENTRY


def test_escape_leaves_no_step(window, qtbot):
    view = go(window, 1, Q_ENTRY)
    editor = type_into(qtbot, view, "0.9")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.document.texts("Q") == ["0.6", "0.4"]
    assert window.undo_stack.count() == 0 and not window.isWindowModified()


def test_the_edit_menu_names_a_paste_and_undo_removes_the_rows_it_added(window, qtbot):
    before = state_of(window.document)
    QGuiApplication.clipboard().setText("a\t1\t2\nb\t3\t4\nc\t5\t6\nd\t7\t8\n")
    go(window, 1, LABEL)
    window.table.paste_action.trigger()
    assert window.document.n == 5
    assert menu_text(window.undo_action) == "Undo Paste 12 cells"
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.undo_action in edit_menu.actions()
    window.undo_action.trigger()
    settle(window, qtbot)
    assert state_of(window.document) == before
    assert window.table.model.rowCount() == 2
    assert figure(window) == typed_compare([0.8, 0.2], [0.6, 0.4]).kl_pq


def test_save_marks_the_step_clean(window, qtbot, dialogs, tmp_path):
    window.edits.set_entry("P", 0, "0.7")
    dialogs.save_paths.append(tmp_path / "a.kld.json")
    window.files.save_action.trigger()
    assert not window.isWindowModified()
    window.undo_action.trigger()
    assert window.isWindowModified()  # the saved file has 0.7
    window.redo_action.trigger()
    assert not window.isWindowModified()


ALT = Qt.KeyboardModifier.AltModifier


@pytest.mark.parametrize("key, mods, rows", [(Qt.Key.Key_I, CTRL, 3),
                                             (Qt.Key.Key_Minus, CTRL | ALT, 1),
                                             (Qt.Key.Key_Equal, CTRL | ALT, 3)])
def test_insert_and_remove_shortcuts_undo_exactly(window, qtbot, key, mods, rows):
    before = state_of(window.document)
    view = go(window, 0, P_ENTRY)
    qtbot.keyClick(view, key, mods)
    assert window.document.n == rows
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert state_of(window.document) == before


def test_moving_undoes_and_the_table_follows(window, qtbot):
    view = go(window, 0, Q_ENTRY)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.document.labels == ["tails", "heads"]
    assert menu_text(window.undo_action) == "Undo Move 'heads' down"
    window.undo_action.trigger()
    assert window.document.labels == ["heads", "tails"]
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == Q_ENTRY


def test_import_and_example_undo_to_the_table_before(window, qtbot, dialogs):
    before = state_of(window.document)
    assert window.files.import_csv(DATA / "headerless.csv")
    assert window.document.labels != ["heads", "tails"]
    window.undo_action.trigger()
    assert state_of(window.document) == before
    assert window.load_preset(find_preset("die"))
    title = find_preset("die").title
    assert menu_text(window.undo_action) == f"Undo Load example “{title}”"
    assert not window.isWindowModified()  # an example is a new, unsaved-but-clean document
    window.undo_action.trigger()
    assert state_of(window.document) == before and window.isWindowModified()


def test_normalize_and_settings_undo(window, qtbot):
    window.edits.load(["a", "b", "c"], ["1", "1", "2"], ["3", "3", "4"], text="Load")
    before = state_of(window.document)
    window.table.normalize_action.trigger()
    assert window.document.texts("P") == ["0.25", "0.25", "0.5"]
    window.panel.unit.setCurrentIndex(window.panel.unit.findData("bits"))
    window.panel.digits.setValue(9)
    window.panel.digits.setValue(10)  # spin box clicks merge into one step
    window.table.auto_normalize.click()
    texts = [window.undo_stack.text(i) for i in range(window.undo_stack.count())]
    assert texts[1:] == ["Normalize entries", "Show figures in bits",
                         "Show 10 significant digits", "Turn auto-normalize off"]
    for _ in range(4):
        window.undo_action.trigger()
    settle(window, qtbot)
    assert state_of(window.document) == before
    assert window.panel.unit.currentData() == "nats" and window.panel.digits.value() == 6
    assert window.table.auto_normalize.isChecked()
    assert window.panel.figures["kl_pq"].text().endswith("nats")


def test_smoothing_undoes(window, qtbot):
    panel = window.smoothing
    panel.method.setCurrentIndex(panel.method.findData("additive"))
    assert window.document.smoothing is not None
    window.undo_action.trigger()
    settle(window, qtbot)
    assert window.document.smoothing is None
    panel.update_now()
    assert panel.method.currentData() is None


def test_new_and_open_start_a_fresh_history(window, dialogs):
    window.edits.set_entry("P", 0, "0.7")
    window.files.new()
    assert window.undo_stack.count() == 0 and not window.undo_action.isEnabled()


# -- the keyboard --------------------------------------------------------------------
def test_enter_moves_down_and_tab_moves_right(window, qtbot):
    view = go(window, 0, LABEL)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, P_ENTRY)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, P_ENTRY)
    qtbot.keyClick(view, Qt.Key.Key_Return, SHIFT)
    assert view.currentIndex().row() == 0  # (on the last row Enter adds one, see
    # test_classroom_keyboard.py)


def test_f2_edits_the_cell_as_it_is(window, qtbot):
    view = go(window, 0, LABEL)  # not the last row, where Enter then adds one
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "heads"
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, " up")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the editor commits on the next turn
    qtbot.waitUntil(lambda: window.document.labels == ["heads up", "tails"])
    assert menu_text(window.undo_action) == "Undo Rename 'heads' to 'heads up'"


def test_delete_clears_the_selected_entries_in_one_step(window, qtbot):
    view = go(window, 0, P_ENTRY)
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)  # extend the selection down
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.document.texts("P") == ["0", "0"]
    assert menu_text(window.undo_action) == "Undo Clear 2 entries"
    settle(window, qtbot)
    assert window.panel.reason.isVisible()  # P is all zero: the figures say why
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert window.document.texts("P") == ["0.8", "0.2"]


def test_delete_on_a_label_explains_instead(window, qtbot):
    view = go(window, 0, LABEL)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.document.labels == ["heads", "tails"]
    assert "Delete sets entries to 0" in window.table.message.text()


def test_copy_and_paste_by_keyboard(window, qtbot):
    view = go(window, 0, P_ENTRY)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "0.8\n"
    go(window, 1, Q_ENTRY)
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    assert window.document.texts("Q") == ["0.6", "0.8"]


# -- random sessions -----------------------------------------------------------------
def test_random_edits_pastes_moves_undos_and_redos_keep_the_window_right(qtbot):
    """After every step the figures shown are compare() of the entries shown, each undo
    finds the state its step ended in and leaves the one it began from, and nothing
    raises (pytest-qt fails the test on an exception in any slot)."""
    from hypothesis import settings, strategies as st
    from hypothesis.stateful import (RuleBasedStateMachine, invariant, precondition, rule,
                                     run_state_machine_as_test)

    from klgui.ui.shell.main_window import MainWindow

    texts = st.sampled_from(["0", "1", "0.5", "1/3", "25%", "2e-3", "abc", "-1", ""])

    class WindowMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.window = MainWindow(remember_layout=False)
            self.window.resize(1000, 600)
            self.window.show()
            self.done, self.undone = [], []

        def teardown(self):
            self.window.undo_stack.setClean()  # nothing to ask about on closing
            self.window.close()
            self.window.deleteLater()

        def _act(self, action):
            w = self.window
            before, index = state_of(w.document), w.undo_stack.index()
            action()
            if w.undo_stack.index() == index:
                assert state_of(w.document) == before  # refused or no change
            else:
                assert w.undo_stack.index() == index + 1
                self.done.append((before, state_of(w.document)))
                self.undone.clear()

        def _at(self, row, column):
            n = self.window.document.n
            go(self.window, min(row, n - 1), column)

        @rule(row=st.integers(0, 6), column=st.sampled_from([LABEL, P_ENTRY, Q_ENTRY]),
              text=texts)
        def type_cell(self, row, column, text):
            model = self.window.table.model
            row = min(row, self.window.document.n - 1)
            self._act(lambda: model.setData(model.index(row, column), text))

        @rule(row=st.integers(0, 6), column=st.sampled_from([LABEL, P_ENTRY, Q_ENTRY]),
              block=st.lists(st.lists(texts, min_size=1, max_size=3), min_size=1, max_size=4))
        def paste(self, row, column, block):
            QGuiApplication.clipboard().setText("\n".join("\t".join(r) for r in block))
            self._at(row, column)
            self._act(self.window.table.paste_action.trigger)

        @rule(row=st.integers(0, 6), action=st.sampled_from(
            ["add_action", "insert_action", "remove_action", "up_action", "down_action",
             "normalize_action"]))
        def table_action(self, row, action):
            self._at(row, P_ENTRY)
            self._act(getattr(self.window.table, action).trigger)

        @precondition(lambda self: self.done)
        @rule()
        def undo(self):
            before, after = self.done.pop()
            assert state_of(self.window.document) == after
            self.window.undo_action.trigger()
            assert state_of(self.window.document) == before
            self.undone.append((before, after))

        @precondition(lambda self: self.undone)
        @rule()
        def redo(self):
            before, after = self.undone.pop()
            self.window.redo_action.trigger()
            assert state_of(self.window.document) == after
            self.done.append((before, after))

        @invariant()
        def figures_are_those_of_the_entries(self):
            w = self.window
            qtbot.waitUntil(lambda: not w.busy, timeout=5000)
            doc = w.document
            try:
                c = compare(doc.values("P"), doc.values("Q"), doc.unit,
                            normalize=doc.auto_normalize)
            except ValueError:
                assert w.panel.figures["kl_pq"].value is None and w.panel.reason.isVisible()
                return
            for name in ("kl_pq", "kl_qp", "js_divergence", "hellinger"):
                assert w.panel.figures[name].value == pytest.approx(getattr(c, name), rel=1e-13), name
            assert w.table.model.rowCount() == doc.n
            assert [float(w.table.model.copy_text(r, 3)) for r in range(doc.n)] == \
                pytest.approx(list(c.p), rel=2.3e-16)  # the window's p: the typed exactly

    run_state_machine_as_test(WindowMachine, settings=settings(
        max_examples=25, stateful_step_count=15, deadline=None))
