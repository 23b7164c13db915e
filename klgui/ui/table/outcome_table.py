"""The left side of the window: the outcome table, its actions, sums and messages."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QBoxLayout, QCheckBox,
                               QHBoxLayout,
                               QLabel, QLayout, QToolButton, QVBoxLayout,
                               QWidget)

from klgui.model.document import Result
from klgui.model.edits import Edits
from klgui.model.family_columns import AttachedColumnError

from klgui.ui.table.column_widths import ColumnWidths
from klgui.ui.table.detach_question import ask_detach
from klgui.ui.table.entry_delegate import EntryDelegate
from klgui.ui.shell.look import VERMILLION, WARNING_STYLE, icon
from klgui.ui.numbers import figure_text, localize
from klgui.ui.table.outcome_model import LABEL, P_ENTRY, OutcomeTableModel
from klgui.ui.table.outcome_view import OutcomeView
from klgui.ui.table.table_clipboard import copy_cells, paste_cells



def warning_label(parent: QWidget, accessible_name: str) -> QLabel:
    """A hidden, word-wrapped label in the warning style, for a message about a problem."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(WARNING_STYLE)
    label.setAccessibleName(accessible_name)
    label.hide()
    return label


class OutcomeTable(QWidget):
    """Table of outcomes with add/insert/remove/move actions and the column sums."""

    def __init__(self, edits: Edits, parent=None) -> None:
        super().__init__(parent)
        self.edits = edits
        self.document = document = edits.document
        self.model = OutcomeTableModel(edits, self)
        self.view = OutcomeView(self)
        self.view.setModel(self.model)
        self.delegate = EntryDelegate(self.view, self.model)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setAlternatingRowColors(True)
        self.view.sigClear.connect(self.clear_selection)
        self.view.may_edit = self._may_edit
        # number columns fitted to their texts, the label column the room left
        self.columns = ColumnWidths(self.view)
        self.columns.sigNeedChanged.connect(self.updateGeometry)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.setAccessibleName("Outcomes table")

        self.auto_normalize = QCheckBox("Auto-normalize", self)
        self.auto_normalize.setToolTip(
            "Scale P and Q to sum to 1 before comparing (counts and percentages work).\n"
            "Off: the entries must already be probabilities that sum to 1.")
        self.auto_normalize.toggled.connect(edits.set_auto_normalize)
        self.sums = QLabel(self)
        self.sums.setTextFormat(Qt.TextFormat.RichText)
        self.sums.setAccessibleName("Column sums")
        self.message = warning_label(self, "Table message")

        self._make_actions()
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.buttons: list[QToolButton] = []
        for action in (self.add_action, self.insert_action, self.remove_action,
                       self.up_action, self.down_action, self.normalize_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAccessibleDescription(action.statusTip())
            buttons.addWidget(button)
            self.buttons.append(button)
            button.installEventFilter(self)  # its own font change: measure again
        buttons.addStretch(1)
        self._buttons_spacing = buttons.spacing()
        self._measure_buttons()

        # The sums go under the check box when the two do not fit side by side (a
        # narrow table at 200%), instead of being cut off.
        self._top = top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.addWidget(self.auto_normalize)
        top.addStretch(1)
        top.addWidget(self.sums)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # see minimumSizeHint
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.model.sigEntryRejected.connect(self.show_problem)
        self.delegate.sigProblem.connect(self.show_problem)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.view.sigPastEnd.connect(self._add_past_end)
        document.subscribe(self._document_changed)
        self._digits_shown: int | None = None
        self.sync_settings()
        self._update_actions()

    def sizeHint(self) -> QSize:
        """Wide enough for every column, fitted to its texts, without a horizontal scroll
        bar, and for the buttons with their words."""
        return QSize(max(self.columns_width(), self._buttons_width),
                     super().sizeHint().height())

    def columns_width(self, full: bool = False) -> int:
        """The width every column needs, fitted to its texts, without a horizontal
        scroll bar (with room for the vertical one), and the check box and sums above;
        ``full``: as the columns would be were they not compact
        (:meth:`~klgui.ui.table.column_widths.ColumnWidths.set_compact`).
        (Not the layout's own hint: that holds the view at the width it was given, the
        label column stretched to it, so the table would never be given less again.)"""
        view = self.view
        others = self.columns.full_width() if full else self.columns.others_width()
        width = (self.columns.label_needed() + others
                 + view.verticalHeader().width() + 2 * view.frameWidth()
                 + view.verticalScrollBar().sizeHint().width())
        return max(width, self._top.sizeHint().width())

    def _measure_buttons(self) -> None:
        """The width of the buttons with their words (again after a zoom)."""
        style = Qt.ToolButtonStyle
        shown = [b.toolButtonStyle() for b in self.buttons]
        for b in self.buttons:
            b.setToolButtonStyle(style.ToolButtonTextBesideIcon)
        self._buttons_width = (sum(b.sizeHint().width() for b in self.buttons)
                               + self._buttons_spacing * (len(self.buttons) - 1))
        for b, s in zip(self.buttons, shown):
            b.setToolButtonStyle(s)

    def minimumSizeHint(self) -> QSize:
        """Narrow enough to give way to the chart and figures: the buttons then show
        only their icons and the table scrolls sideways."""
        hint = super().minimumSizeHint()
        icons = sum(b.iconSize().width() + 12 for b in self.buttons)
        return QSize(min(hint.width(), max(icons, 160)), hint.height())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "buttons"):
            self._measure_buttons()
            self.resizeEvent(None)

    def eventFilter(self, watched, event) -> bool:
        """A button's font can change after the table's (under the high contrast
        theme's style sheet the zoom reaches the buttons later): measured again, or
        "Remove" is cut to "Re…ve"."""
        if event.type() == QEvent.Type.FontChange and watched in getattr(self, "buttons", ()):
            self._measure_buttons()
            self.resizeEvent(None)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        """Buttons show their words when there is room, and only their icons when not
        (a narrow table, or large fonts); the tooltip and accessible name keep the words."""
        if event is not None:
            super().resizeEvent(event)
        style = Qt.ToolButtonStyle
        shown = style.ToolButtonTextBesideIcon if self._buttons_width <= self.width() \
            else style.ToolButtonIconOnly
        for button in self.buttons:
            button.setToolButtonStyle(shown)
        self._place_sums()

    def _place_sums(self) -> None:
        """The sums beside the check box when both fit, else on a line of their own."""
        wanted = (self.auto_normalize.sizeHint().width() + self.sums.sizeHint().width()
                  + 2 * max(self._top.spacing(), 6))
        direction = QBoxLayout.Direction
        self._top.setDirection(direction.LeftToRight if wanted <= self.width()
                               else direction.TopToBottom)

    # -- actions -------------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(text: str, tip: str, keys: list, slot, icon_name: str) -> QAction:
            a = QAction(icon(icon_name), text, self)
            native = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            a.setToolTip(f"{tip} ({native})")
            a.setStatusTip(tip)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)
            return a

        # Ctrl+Plus and Ctrl+Minus zoom, as everywhere; rows are added and removed with
        # Ctrl+Alt+= and Ctrl+Alt+-, as in Google Sheets
        self.add_action = action("Add", "Add an outcome below the current one",
                                 ["Ctrl+Alt+=", "Ctrl+Alt++"], self.add_outcome, "add")
        self.insert_action = action("Insert", "Insert an outcome above the current one",
                                    ["Ctrl+I"], self.insert_outcome, "insert")
        self.remove_action = action("Remove", "Remove the selected outcomes",
                                    ["Ctrl+Alt+-"], self.remove_outcomes, "remove")
        self.up_action = action("Up", "Move the current outcome up", ["Alt+Up"],
                                lambda: self.move_current(-1), "up")
        self.down_action = action("Down", "Move the current outcome down", ["Alt+Down"],
                                  lambda: self.move_current(+1), "down")
        self.normalize_action = action(
            "Normalize entries", "Rewrite the entries as probabilities that sum to 1",
            ["Ctrl+Shift+N"], self.edits.normalize_entries, "normalize")
        self.copy_action = action("Copy", "Copy the selected cells as tab-separated text",
                                  [QKeySequence.StandardKey.Copy], self.copy_selection, "copy")
        self.paste_action = action(
            "Paste", "Paste cells copied from a spreadsheet, adding rows as needed",
            [QKeySequence.StandardKey.Paste], self.paste, "paste")
        for a in (self.copy_action, self.paste_action):
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # figures copy too
            self.view.addAction(a)
        self.clipboard_actions = [self.copy_action, self.paste_action]
        self.actions_for_menu = [self.add_action, self.insert_action, self.remove_action,
                                 self.up_action, self.down_action, self.normalize_action]

    def copy_selection(self) -> None:
        """Ctrl+C: the selected block, tab-separated (:func:`.table_clipboard.copy_cells`)."""
        copy_cells(self)

    def paste(self) -> None:
        """Ctrl+V: the clipboard's block from the current cell on, growing the table
        (:func:`.table_clipboard.paste_cells`; what it pastes: klgui.io.paste_plan)."""
        paste_cells(self)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else self.document.n - 1

    def clear_selection(self) -> None:
        """Set the selected entries to 0, as one step; labels stay (outcomes need names)."""
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        cells = [(i.row(), i.column()) for i in indexes if i.isValid()]
        if any(1 <= col < self.document.field_count for _, col in cells):
            self.detached_for(lambda: self.edits.clear(cells))
        elif cells:
            self.show_message("Delete sets entries to 0. To rename an outcome, "
                              "type over its label or press F2.")

    def _may_edit(self, index, trigger) -> bool:
        """Before an editor opens: a column filled from a family asks to be detached
        (a click on a selected cell only selects it there)."""
        which = self.model.column_of(index.column())
        source = None if which is None else self.document.family_of(which)
        if source is None:
            return True
        if trigger == QAbstractItemView.EditTrigger.SelectedClicked:
            return False
        name = self.document.name_of(which)
        if not ask_detach(self, name, source):
            self.show_message(f"Nothing changed: {name} stays {localize(source.describe())}.")
            return False
        self.edits.detach(which)
        return True

    def detached_for(self, edit) -> bool:
        """Make ``edit``; while it meets a column filled from a family, ask to detach
        that column (one step) and try again. False when the person says No."""
        while True:
            try:
                edit()
                return True
            except AttachedColumnError as e:
                if not ask_detach(self, e.column_name, e.source):
                    self.show_message(f"Nothing changed: {e.column_name} stays "
                                      f"{localize(e.source.describe())}.")
                    return False
                self.edits.detach(e.column)

    def _structure(self, edit) -> bool:
        """Add, insert, remove or move outcomes; a column that cannot follow (a family
        whose outcomes would be lost, logits without a logit for a new outcome) says
        why and nothing changes."""
        try:
            edit()
        except ValueError as e:
            self.show_message(f"Nothing changed: {e}")
            return False
        return True

    def add_outcome(self) -> None:
        row = self.current_row() + 1
        if self._structure(lambda: self.edits.insert_outcomes(row, text="Add outcome")):
            self._go_to(row, LABEL)

    def _add_past_end(self) -> None:
        """Enter on the last row: a new outcome below, its cell in the same column."""
        column = self.view.currentIndex().column()
        self.add_outcome()
        self._go_to(self.document.n - 1, column)

    def insert_outcome(self) -> None:
        row = max(self.current_row(), 0)
        if self._structure(lambda: self.edits.insert_outcomes(row)):
            self._go_to(row, LABEL)

    def remove_outcomes(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()}
                      or {self.current_row()})
        if len(rows) >= self.document.n:
            self.show_message("At least one outcome must remain: select fewer rows to remove.")
            return
        if not self._structure(lambda: self.edits.remove_outcomes(_runs(rows))):
            return
        self._go_to(min(rows[0], self.document.n - 1), self.view.currentIndex().column())

    def move_current(self, step: int) -> None:
        row, dest = self.current_row(), self.current_row() + step
        if 0 <= dest < self.document.n:
            column = max(self.view.currentIndex().column(), 0)
            if self._structure(lambda: self.edits.move_outcome(row, dest)):
                self._go_to(dest, column)

    def go_to(self, row: int, column: int) -> None:
        """Make a cell current and show it (column -1: keep the current column)."""
        if 0 <= row < self.document.n:
            self._go_to(row, column if column >= 0 else self.view.currentIndex().column())

    def _go_to(self, row: int, column: int) -> None:
        index = self.model.index(row, max(column, 0))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)

    def _document_changed(self, change) -> None:
        if change.kind == "lab":  # the Bayes lab's work: nothing of the table changed
            return
        self.message.hide()  # a message is about the state before this change
        if change.kind in ("columns", "reset", "settings"):
            self.sync_settings()  # the controls follow the settings, not every result
        self._update_actions()

    def _update_actions(self) -> None:
        n, row = self.document.n, self.current_row()
        self.remove_action.setEnabled(n > 1)
        self.up_action.setEnabled(row > 0)
        self.down_action.setEnabled(row < n - 1)

    # -- showing state -------------------------------------------------------------
    def sync_settings(self) -> None:
        if self._digits_shown != self.document.digits:  # keep widths a person dragged
            self._digits_shown = self.document.digits
            self.columns.refit()
        self.auto_normalize.blockSignals(True)
        self.auto_normalize.setChecked(self.document.auto_normalize)
        self.auto_normalize.blockSignals(False)

    def show_result(self, result: Result) -> None:
        """Show p and q and the column sums, flagging a sum that must be 1 and is not."""
        doc = self.document
        self.model.show_result(result)
        parts = []
        for which, total in (("P", result.p_sum), ("Q", result.q_sum)):
            name = result.reference_name if which == "P" else result.model_name
            text = f"Σ {name} = {figure_text(total, doc.digits)}"
            flagged = result.error is not None and result.error.distribution == which
            if flagged and not doc.auto_normalize:
                text = f"<b style='color:{VERMILLION}'>⚠ {text}, not 1</b>"
            parts.append(text)
        self.sums.setText("&nbsp;&nbsp;&nbsp;".join(parts))
        self._place_sums()

    def show_problem(self, row: int, which: str, message: str) -> None:
        """Say why an entry was refused, naming the cell; an empty message clears it."""
        if not message:
            self.message.hide()
            return
        label = self.document.labels[row] if 0 <= row < self.document.n else ""
        where = f"Row {row + 1}" + (f" ({label!r})" if label else "")
        self.show_message(f"{where}, {which}: {message}")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def edit_cell(self, row: int, column: int = P_ENTRY) -> None:
        """Open the editor on a cell, as a double-click would."""
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.edit(index)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, count) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][0] + runs[-1][1] == r:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((r, 1))
    return runs
