"""Adding, renaming, reordering and removing distribution columns, filling one from a
family and detaching it again: the table header's context menu and the Edit menu's
actions, each one undoable step (model.edits)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QHeaderView, QInputDialog, QMenu, QWidget

from klgui.model.edits import Edits
from klgui.ui.numbers import localize
from klgui.ui.table.family_dialog import FamilyDialog, ReplacementNote, replacement_note


class ColumnActions(QObject):
    """The column actions, acting on the distribution of the table's current column
    (or the one whose header was right-clicked); a refusal (the reference cannot be
    removed, a name in use) is said with :attr:`sigMessage`."""

    #: Something to tell the person (a refusal, what was done).
    sigMessage = Signal(str)

    def __init__(self, edits: Edits, table, parent: QWidget) -> None:
        super().__init__(parent)
        self.edits, self.table, self.window = edits, table, parent
        self.document = edits.document
        self._target: int | None = None  # a right-clicked column, for its menu

        def action(text: str, slot, keys: str | None = None, tip: str = "") -> QAction:
            a = QAction(text, parent)
            if keys:
                a.setShortcut(QKeySequence(keys))
            a.setStatusTip(tip)
            a.triggered.connect(slot)
            return a

        self.add_action = action("Add &model", self.add_model, "Ctrl+Shift+M",
                                 "Add a model column: another Q to compare with the reference")
        self.rename_action = action("Re&name distribution…", self.rename, None,
                                    "Rename the current distribution column")
        self.reference_action = action("Make the &reference", self.make_reference, None,
                                       "Make the current column the reference P (the truth)")
        self.focus_action = action("&Focus on this model", self.focus, None,
                                   "Show this model against the reference on every page")
        self.left_action = action("Move column &left", lambda: self.move(-1), None,
                                  "Move the current distribution column left")
        self.right_action = action("Move column righ&t", lambda: self.move(+1), None,
                                   "Move the current distribution column right")
        self.remove_action = action("Remo&ve model", self.remove, None,
                                    "Remove the current model column")
        self.family_action = action("Fill from famil&y…", self.fill_from_family, None,
                                    "Fill the current column from a family (Binomial, "
                                    "Poisson, …) or from logits, with sliders")
        self.detach_action = action("&Detach into plain entries", self.detach, None,
                                    "Make the current column's family probabilities plain "
                                    "entries that can be typed over")
        self.actions = [self.add_action, self.rename_action, self.reference_action,
                        self.focus_action, self.left_action, self.right_action,
                        self.remove_action, self.family_action, self.detach_action]
        header: QHeaderView = table.view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)

    # -- which column ----------------------------------------------------------------
    def current(self) -> int:
        """The column acted on: the right-clicked one, else the table's current entry
        column, else the focus model."""
        if self._target is not None:
            return self._target
        index = self.table.view.currentIndex()
        which = self.table.model.column_of(index.column()) if index.isValid() else None
        return self.document.focus_id if which is None else which

    def menu_for(self, which: int | None) -> QMenu:
        """The header menu of column ``which`` (None: a header that is no distribution)."""
        menu = QMenu(self.window)
        menu.addAction(self.add_action)
        if which is not None:
            doc = self.document
            is_reference = which == doc.reference_id
            menu.addSeparator()
            for a in (self.rename_action, self.reference_action, self.focus_action,
                      self.left_action, self.right_action, self.remove_action):
                menu.addAction(a)
            self.reference_action.setEnabled(not is_reference)
            self.focus_action.setEnabled(not is_reference and which != doc.focus_id)
            place = doc.column_ids.index(which)
            self.left_action.setEnabled(place > 0)
            self.right_action.setEnabled(place < len(doc.column_ids) - 1)
            self.remove_action.setEnabled(not is_reference and len(doc.model_ids) > 1)
            menu.addSeparator()
            menu.addAction(self.family_action)
            menu.addAction(self.detach_action)
            self.detach_action.setEnabled(doc.family_of(which) is not None)
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        header = self.table.view.horizontalHeader()
        self._target = self.table.model.column_of(header.logicalIndexAt(pos))
        try:
            self.menu_for(self._target).exec(header.mapToGlobal(pos))
        finally:
            self._target = None

    # -- the actions -------------------------------------------------------------------
    def add_model(self) -> int:
        which = self.edits.add_model(focus=True)  # the new model is the one to fill in next
        self.table.go_to(0, self.table.model.entry_column(which))
        self.sigMessage.emit(f"Added {self.document.name_of(which)}: type its entries, "
                             "or paste a column.")
        return which

    def rename(self) -> None:
        which = self.current()
        old = self.document.name_of(which)
        name, ok = QInputDialog.getText(self.window, "Rename distribution",
                                        f"New name for “{old}”:", text=old)
        if ok:
            self.rename_to(which, name)

    def rename_to(self, which: int, name: str) -> bool:
        try:
            self.edits.rename_column(which, name)
        except ValueError as e:
            self.sigMessage.emit(f"Not renamed: {e}")
            return False
        return True

    def make_reference(self) -> None:
        which = self.current()
        self.edits.make_reference(which)
        self.sigMessage.emit(f"{self.document.name_of(which)} is now the reference P.")

    def focus(self) -> None:
        which = self.current()
        try:
            self.document.set_focus(which)
        except ValueError as e:
            self.sigMessage.emit(str(e))

    def move(self, step: int) -> None:
        which = self.current()
        place = self.document.column_ids.index(which) + step
        if 0 <= place < len(self.document.column_ids):
            self.edits.move_column(which, place)

    def family_dialog(self, which: int) -> FamilyDialog:
        """The Fill dialog for column ``which``, starting from its family if it has one."""
        doc = self.document
        return FamilyDialog(doc.name_of(which), list(doc.labels), doc.family_of(which),
                            self.window, lambda family, create:
                            doc.fill_refusal(which, family, create),
                            lambda family: replacement_note(doc, which, family))

    def fill_from_family(self) -> bool:
        """Ask for a family and fill the current column from it (one step)."""
        which = self.current()
        dialog = self.family_dialog(which)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.family is None:
            return False
        return self.fill(which, dialog.family, dialog.create_outcomes)

    def fill(self, which: int, family, create_outcomes: bool = False) -> bool:
        """Fill column ``which`` from ``family`` (one step), replacing the outcomes with
        the family's when ``create_outcomes``; the status bar says what became of the
        other columns' entries then (kept under a new label, 0 for a new outcome,
        dropped, which Undo brings back)."""
        doc = self.document
        note = replacement_note(doc, which, family) if create_outcomes \
            else ReplacementNote()
        try:
            self.edits.fill_from_family(which, family, create_outcomes)
        except ValueError as e:
            self.sigMessage.emit(f"Not filled: {localize(str(e), keep_quoted=True)}")
            return False
        sliders = (": move its sliders under the chart" if which in (doc.reference_id,
                                                                    doc.focus_id) else "")
        undo = " (Undo brings them back.)" if note.drops else ""
        self.sigMessage.emit(f"{doc.name_of(which)} is {localize(family.describe())}{sliders}."
                             + (f" {note.text}{undo}" if note.text else ""))
        return True

    def detach(self) -> None:
        which = self.current()
        if self.document.family_of(which) is not None:
            self.edits.detach(which)
            self.sigMessage.emit(f"{self.document.name_of(which)} is now plain entries.")

    def remove(self) -> None:
        which = self.current()
        try:
            self.edits.remove_column(which)
        except ValueError as e:
            self.sigMessage.emit(f"Not removed: {e}")
