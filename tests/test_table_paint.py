"""The outcome table paints its cells from one model call per cell
(EntryDelegate.initStyleOption with OutcomeTableModel.look) instead of Qt's seven data()
calls: the pixels must be the ones Qt's own delegate draws, for labels, entries as typed,
a family's italic dimmed probabilities, p and q, a selection, and every theme."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QStyledItemDelegate

from conftest import shown_window
from klgui.core.families import Binomial

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def pictures(window):
    """The table's viewport drawn by Qt's own delegate, then by the table's."""
    view, ours = window.table.view, window.table.delegate
    qt_own = QStyledItemDelegate(view)
    view.setItemDelegate(qt_own)
    theirs = view.viewport().grab().toImage()
    view.setItemDelegate(ours)
    return theirs, view.viewport().grab().toImage()


@pytest.mark.parametrize("theme", ["system", "dark", "contrast"])
def test_cells_look_as_qt_draws_them(qtbot, theme):
    w = shown_window(qtbot)
    w.resize(1024, 768)
    w.theme.set_theme(theme, say=False)
    try:
        doc = w.document
        doc.fill_from_family("P", Binomial(6, 0.3), create_outcomes=True)
        doc.set_entry("Q", 2, "1/3")
        qtbot.waitUntil(lambda: w.table.model.data(w.table.model.index(2, 4)) != "")
        view = w.table.view
        view.setCurrentIndex(view.model().index(1, 2))
        view.selectionModel().select(view.model().index(3, 3),
                                     view.selectionModel().SelectionFlag.Select)
        qt_own, ours = pictures(w)
        assert not qt_own.isNull() and qt_own == ours
        # and the picture shows something: the italic family column differs from text
        assert w.table.model.look(view.model().index(0, 1))[1] == 2
    finally:
        w.theme.set_theme("system", say=False)


def test_a_cell_without_the_table_model_is_drawn_by_qt(qtbot):
    from PySide6.QtGui import QStandardItemModel, QStandardItem
    from PySide6.QtWidgets import QStyleOptionViewItem, QTableView
    from klgui.ui.table.entry_delegate import EntryDelegate
    view = QTableView()
    qtbot.addWidget(view)
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("x"))
    view.setModel(model)
    option = QStyleOptionViewItem()
    EntryDelegate(view).initStyleOption(option, model.index(0, 0))
    assert option.text == "x"
