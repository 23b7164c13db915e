"""Figures and keys in a classroom: Tab reaches the figures, Ctrl+C on a focused figure
copies it and the status bar says so, Tab in the table visits entry cells only, Enter on
the last row adds one, dialog buttons have mnemonics, Qt's options pass through, Open
Recent holds only what was opened."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from klgui.app import split_qt_options
from klgui.ui.numbers import full_precision_text
from klgui.ui.shell.mnemonics import with_mnemonics
from klgui.ui.table.outcome_model import LABEL, P_ENTRY, Q_ENTRY


def test_tab_reaches_the_figures(window, qtbot):
    window.table.view.setFocus()
    figures = set(window.panel.figures.values())
    reached = []
    for _ in range(60):
        window.focusNextChild()
        reached.append(QGuiApplication.focusObject())
    assert figures & set(reached)
    first = next(w for w in reached if w in figures)
    assert first is window.panel.figures["kl_pq"]  # the headline first, in reading order


def test_ctrl_c_on_a_focused_figure_copies_it_and_says_so(window, qtbot):
    figure = window.panel.figures["kl_pq"]
    figure.setFocus()
    qtbot.waitUntil(figure.hasFocus)
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(figure, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = full_precision_text(figure.value)
    assert QGuiApplication.clipboard().text() == text
    assert window.statusBar().currentMessage() == f"Copied D(P‖Q) = {text} (every digit)."


def test_the_context_menu_copy_and_the_table_copy_confirm_too(window, qtbot):
    window.panel.figures["hellinger"].copy_action.trigger()
    assert window.statusBar().currentMessage().startswith("Copied Hellinger distance = ")
    window.table.view.setFocus()
    window.table.view.setCurrentIndex(window.table.model.index(0, P_ENTRY))
    window.table.copy_action.trigger()
    assert window.statusBar().currentMessage() == "Copied 1 cell (tab-separated, every digit)."
    window.worked.copy_latex()
    assert "LaTeX" in window.statusBar().currentMessage()


def test_tab_in_the_table_visits_entry_cells_only(window, qtbot):
    view = window.table.view
    view.setFocus()
    view.setCurrentIndex(window.table.model.index(0, LABEL))
    visited = []
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        visited.append((view.currentIndex().row(), view.currentIndex().column()))
    assert visited == [(0, P_ENTRY), (0, Q_ENTRY), (1, LABEL), (1, P_ENTRY)]
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, Q_ENTRY)


def test_enter_on_the_last_row_adds_an_outcome(window, qtbot):
    view = window.table.view
    n = window.document.n
    view.setFocus()
    view.setCurrentIndex(window.table.model.index(n - 1, P_ENTRY))
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.document.n == n + 1
    assert (view.currentIndex().row(), view.currentIndex().column()) == (n, P_ENTRY)
    # typing there, Enter ends the edit (no row for an unchanged entry), Enter again adds
    qtbot.keyClicks(view, "3")
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    assert window.document.texts("P")[n] == "3" and window.document.n == n + 1
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.document.n == n + 2
    window.undo_stack.undo()
    assert window.document.n == n + 1


@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen, a shown dialog
def test_dialog_buttons_get_mnemonics(window, qtbot):
    assert with_mnemonics(["Save", "Discard", "Cancel"]) == ["&Save", "&Discard", "&Cancel"]
    assert with_mnemonics(["&Open", "Open later", "Close"]) == ["&Open", "Open &later", "&Close"]
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved", "Save the changes?",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, window)
    qtbot.addWidget(box)
    box.show()
    texts = {b.text().replace("&", ""): b.text()
             for b in box.findChild(QDialogButtonBox).buttons()}
    assert texts["Discard"].startswith("&") or "&" in texts["Discard"]
    assert len({t[t.index("&") + 1].lower() for t in texts.values()}) == 3
    box.close()


@pytest.mark.parametrize("argv, ours, qt", [
    (["-style", "fusion"], [], ["-style", "fusion"]),
    (["--style=fusion", "lesson.kld.json"], ["lesson.kld.json"], ["--style=fusion"]),
    (["-platform", "offscreen", "--size", "800x600", "-reverse"],
     ["--size", "800x600"], ["-platform", "offscreen", "-reverse"]),
    (["--preset", "coin", "-"], ["--preset", "coin", "-"], []),
])
def test_qt_options_pass_through(argv, ours, qt):
    assert split_qt_options(argv) == (ours, qt)


def test_open_recent_holds_only_opened_files_and_clears(window, qtbot, tmp_path, dialogs):
    table = tmp_path / "table.csv"
    table.write_text("label,P,Q\na,1,2\nb,3,4\n", encoding="utf-8")
    part = tmp_path / "p-only.csv"
    part.write_text("label,P\na,5\nb,6\n", encoding="utf-8")
    window.settings.set("recent_files", [])
    assert window.files.import_csv(table, ask_first=False)
    window.files.import_csv(part, into="P")
    assert window.settings.recent_files() == [str(table)]
    window.files._fill_recent()
    texts = [a.text() for a in window.files.recent_menu.actions()]
    assert texts[-1] == "&Clear menu"
    window.files.recent_menu.actions()[-1].trigger()
    assert window.settings.recent_files() == []
    window.files._fill_recent()
    assert [a.text() for a in window.files.recent_menu.actions()] == ["(no recent files)"]
