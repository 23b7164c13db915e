"""Cell editor for the P and Q entries: live, forgiving, and never lossy.

While a person types, every text that is a valid weight goes straight into the
document, so the figures and bars follow each keystroke. Text that is not (yet) a
weight is shown with the reason and not used: the figures show the entry as it was
before editing began, Enter will not accept the text, and leaving the cell or pressing
Escape puts that entry back.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QValidator
from PySide6.QtWidgets import (QAbstractItemDelegate, QApplication, QLineEdit,
                               QStyledItemDelegate, QStyleOptionViewItem, QWidget)

from klgui.core import WeightParseError
from klgui.core.parsing import canonical_entry

from klgui.ui.shell.look import VERMILLION
from klgui.ui.numbers import locale_uses_decimal_comma, message_text
from klgui.ui.table.outcome_model import FAMILY_LOOK, OutcomeTableModel

_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def locale_entry(text: str) -> str:
    """The entry to keep for what was typed: read with the system locale's decimal mark
    (``1,5`` where the locale writes decimals with a comma), kept as typed unless only
    that locale reads it so (see core.parsing.canonical_entry). Raises WeightParseError."""
    return canonical_entry(text, decimal_comma=locale_uses_decimal_comma())


class WeightValidator(QValidator):
    """Acceptable when the text is a weight; otherwise Intermediate, so typing goes on."""

    def validate(self, text: str, pos: int) -> object:
        try:
            locale_entry(text)
        except WeightParseError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


class EntryDelegate(QStyledItemDelegate):
    """Line editor with live preview and revert for the entry columns."""

    #: Row, the column's name, and the reason the text is not used ("" once it is fine).
    sigProblem = Signal(int, str, str)

    def __init__(self, parent=None, model: OutcomeTableModel | None = None) -> None:
        super().__init__(parent)
        #: the outcome table's model, whose cells this paints (None: Qt's own way)
        self.model = model
        self._family_looks: tuple | None = None
        # An open editor's cell, the entry before editing (as the document keeps it),
        # its editing session (the edits of one session are one undo step) and the
        # text the editor opened with (the entry with the locale's decimal mark).
        self._open: dict[QLineEdit, tuple[QPersistentModelIndex, str, int, str]] = {}
        self._sessions = 0
        self.closeEditor.connect(self._editor_closed)

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """What Qt's own sets for a cell of the outcome table (text, alignment, and the
        italic, dimmed look of a family's probabilities), read from the model in one call
        (OutcomeTableModel.look): Qt's asks data() once per role, seven calls into Python
        a cell, and a repaint of the 120 visible cells of two Normal columns took a
        fifth longer (8.1 against 6.5 ms, the fastest of 60).
        tests/test_table_paint.py checks that both draw the same pixels."""
        model = self.model
        if model is None:
            super().initStyleOption(option, index)
            return
        option.index = index
        text, look = model.look(index)
        option.text = text
        option.features |= _HAS_DISPLAY
        if look:  # a number: right-aligned, as data()'s alignment role says
            option.displayAlignment = _RIGHT
            if look == FAMILY_LOOK:
                option.font, option.fontMetrics, option.palette = self._family_look(option)

    def _family_look(self, option: QStyleOptionViewItem) -> tuple:
        """The font, its metrics and the palette of a family's cell: the view's, italic
        and with the disabled text colour. Made once per view font and palette (a new
        QFontMetrics per cell cost as much as the rest of the cell's paint)."""
        font, palette = option.font, option.palette
        made = self._family_looks
        if made is None or made[0] != font or made[1] != palette.cacheKey():
            italic = QFont(font)
            italic.setItalic(True)
            dimmed = QPalette(palette)
            dimmed.setBrush(QPalette.ColorRole.Text, QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            # copies: the option's own font dies with the option
            made = self._family_looks = (QFont(font), palette.cacheKey(),
                                         (italic, QFontMetrics(italic), dimmed))
        return made[2]

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if _column_name(index) is not None and isinstance(editor, QLineEdit):
            editor.setValidator(WeightValidator(editor))
            persistent = QPersistentModelIndex(index)
            self._sessions += 1
            model = index.model()
            self._open[editor] = (persistent, model.document.texts(
                model.column_of(index.column()))[index.row()], self._sessions,
                index.data(Qt.ItemDataRole.EditRole))
            editor.textEdited.connect(lambda text: self._preview(editor, persistent, text))
            editor.destroyed.connect(lambda *_: self._open.pop(editor, None))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        # The live preview changes the model under an open entry editor; what the person
        # is typing stays the editor's text, so only fill it in once.
        if editor in self._open and editor.property("filled"):
            return
        super().setEditorData(editor, index)
        editor.setProperty("filled", True)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if editor in self._open and isinstance(editor, QLineEdit):
            _, original, session, shown = self._open[editor]
            try:
                text = locale_entry(editor.text())
            except WeightParseError:
                return  # _editor_closed puts the entry back and says why
            if editor.text() == shown:
                text = original  # not changed: kept as it was (0.8, shown 0,8 in de_DE)
            model.set_text(index, text, session)
            return
        super().setModelData(editor, model, index)

    def _preview(self, editor: QLineEdit, index: QPersistentModelIndex, text: str) -> None:
        row, which = index.row(), _column_name(index)
        _, original, session, _ = self._open[editor]
        model: OutcomeTableModel = index.model()
        try:
            entry = locale_entry(text)
        except WeightParseError as e:
            # The figures show what leaving the cell now would give: the entry as it
            # was before editing, not a valid prefix such as the "0" of "0,3".
            model.set_text(QModelIndex(index), original, session)
            said = message_text(e)  # (the Bayes lab says the same for the same text)
            editor.setToolTip(said)
            editor.setStyleSheet(f"border: 2px solid {VERMILLION};")
            self.sigProblem.emit(row, which, said)
            return
        editor.setToolTip("")
        editor.setStyleSheet("")
        self.sigProblem.emit(row, which, "")
        model.set_text(QModelIndex(index), entry, session)

    def _editor_closed(self, editor: QWidget, hint) -> None:
        entry = self._open.pop(editor, None)  # type: ignore[arg-type]
        if entry is None or not entry[0].isValid():
            return
        index, original, session, shown = entry
        assert isinstance(editor, QLineEdit)
        reverted = hint == QAbstractItemDelegate.EndEditHint.RevertModelCache
        if reverted or not editor.hasAcceptableInput():
            typed, reason = editor.text().strip(), editor.toolTip()
            index.model().set_text(QModelIndex(index), original, session)
            if not reverted:  # left the cell with text that is not a weight
                row, which = index.row(), _column_name(index)
                self.sigProblem.emit(row, which, f"{typed!r} was not used and the entry "
                                                 f"is back to {shown!r}: {reason}")


def _column_name(index) -> str | None:
    """The name of the distribution whose entry ``index`` is, or None (label, p, q)."""
    model = index.model()
    which = model.column_of(index.column()) if isinstance(model, OutcomeTableModel) else None
    return None if which is None else model.document.name_of(which)
