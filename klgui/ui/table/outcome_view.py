"""The outcome table's view, with a spreadsheet's keys: Enter moves down (Shift+Enter,
when not editing, up) and, on the last row when not editing, adds an outcome (the Enter
that ends an edit there only ends it: it must not grow the table); Tab moves to the next cell
one can type in (Outcome, P entry, Q entry, then the next row's Outcome), typing replaces
the cell, F2 edits it, Delete clears the selected entries, Ctrl+Tab leaves the table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class OutcomeView(QTableView):
    """A QTableView that moves as a spreadsheet does after Enter."""

    #: Delete or Backspace on cells that are not being edited.
    sigClear = Signal()
    #: Enter on the last row: a new outcome is wanted below it, as in a spreadsheet.
    sigPastEnd = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        #: Asked before an editor opens on a cell (index -> may it?): the owner asks
        #: whether to detach a column filled from a family. None: always.
        self.may_edit = None
        self._refused = False  # may_edit said No to this key press: it searches nothing
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers
                             & ~QAbstractItemView.EditTrigger.CurrentChanged)
        self.setTabKeyNavigation(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._refused = False
        key, mods = event.key(), event.modifiers()
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and key in _ENTER and mods in (Qt.KeyboardModifier.NoModifier,
                                                      Qt.KeyboardModifier.KeypadModifier,
                                                      Qt.KeyboardModifier.ShiftModifier):
            up = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            current = self.currentIndex()
            if not up and current.isValid() and current.row() == self.model().rowCount() - 1:
                self.sigPastEnd.emit()  # the owner adds a row and moves into it
                return
            self.step_down(-1 if up else 1)
            return
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and ctrl:
            # Tab moves between cells; Ctrl+Tab leaves the table, as in a text editor.
            forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)
            return
        if not editing and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods:
            self.sigClear.emit()
            return
        super().keyPressEvent(event)

    def edit(self, index, trigger=None, event=None) -> bool:
        if trigger is None:  # the public slot edit(index): Qt calls the virtual below
            return super().edit(index)
        opens = trigger == QAbstractItemView.EditTrigger.AllEditTriggers or bool(
            trigger & self.editTriggers())
        if opens and self.may_edit is not None and index.isValid() \
                and self.state() != QAbstractItemView.State.EditingState \
                and not self.may_edit(index, trigger):
            self._refused = True
            return False
        return super().edit(index, trigger, event)

    def keyboardSearch(self, search: str) -> None:
        if self._refused:  # the key was an answered edit, not a search for a row
            self._refused = False
            return
        super().keyboardSearch(search)

    def moveCursor(self, action, modifiers) -> QModelIndex:
        """Tab and Shift+Tab skip the read-only p and q: from Q entry straight to the
        next row's Outcome (one Tab a cell, not three)."""
        cursor = QAbstractItemView.CursorAction
        current = self.currentIndex()
        if action not in (cursor.MoveNext, cursor.MovePrevious) or not current.isValid():
            return super().moveCursor(action, modifiers)
        model = self.model()
        rows, cols = model.rowCount(), model.columnCount()
        step = 1 if action == cursor.MoveNext else -1
        position = current.row() * cols + current.column()
        for position in range(position + step, position + step * (2 * cols + 1), step):
            if not 0 <= position < rows * cols:
                break
            index = model.index(*divmod(position, cols))
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable and \
                    not self.isColumnHidden(index.column()):
                return index
        return current

    def dataChanged(self, top_left: QModelIndex, bottom_right: QModelIndex,
                    roles=()) -> None:
        """Repaint only the visible cells of a change. For a range of more than about
        200 cells Qt repaints the whole table, and a new result changes p and q of
        every row: after each edit the labels and entries would be drawn again too."""
        first, last = self.rowAt(0), self.rowAt(self.viewport().height() - 1)
        if top_left.isValid() and bottom_right.isValid() and first >= 0:
            if last < 0:  # the rows end above the bottom of the view
                last = self.model().rowCount() - 1
            first, last = max(first, top_left.row()), min(last, bottom_right.row())
            if first > last:
                return  # nothing visible changed
            top_left = top_left.siblingAtRow(first)
            bottom_right = bottom_right.siblingAtRow(last)
        super().dataChanged(top_left, bottom_right, roles)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter was pressed
            self.step_down(1)

    def step_down(self, step: int = 1) -> None:
        """Make the cell ``step`` rows below (above, if negative) the current one current,
        staying put at the first and last rows."""
        current = self.currentIndex()
        if not current.isValid():
            return
        row = min(max(current.row() + step, 0), self.model().rowCount() - 1)
        target = current.siblingAtRow(row)
        self.selectionModel().setCurrentIndex(
            target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(target)
