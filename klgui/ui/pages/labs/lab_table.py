"""A read-only (or one-column editable) table for the labs that asks only for the cells
it shows, copies its selection as tab-separated text and fits a projector."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt,
                            QTimer, Signal)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView

from klgui.io.tsv import to_tsv
from klgui.ui.table.text_widths import rows_on_screen, text_width

Index = QModelIndex | QPersistentModelIndex
#: A column: its header, the shown text of row i, and the copied text of row i.
Column = tuple[str, Callable[[int], str], Callable[[int], str]]
#: Cell texts kept at most (a few screenfuls); beyond, the store starts again.
MAX_SHOWN = 20_000
#: Rows measured when the columns are fitted to their contents.
CONTENTS_PRECISION = 40  # rows; a screenful and more (at 100, 45 ms per fill)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_EDIT = Qt.ItemDataRole.EditRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_FLAGS = _FLAGS | Qt.ItemFlag.ItemIsEditable


#: A wrapped header's lines are at least this many characters long (when its words are).
HEADER_LINE = 10


def wrapped(header: str) -> str:
    """``header``'s words on lines of at most ``HEADER_LINE`` characters or its longest
    word, joined by newlines: "SD of one sample (nats)" → "SD of one\nsample\n(nats)".
    A sign or a short number ("|", "−", "± 2") stays with the word after it."""
    words: list[str] = []
    for word in header.split(" "):
        if words and len(words[-1]) <= 2 and not words[-1].isalpha():
            words[-1] += " " + word
        else:
            words.append(word)
    width = max(HEADER_LINE, *map(len, words))
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


class LabTableModel(QAbstractTableModel):
    """Rows computed on demand from column functions: a million rows cost nothing until
    they are scrolled to. One column may be editable (``editable``, ``sigEdited``)."""

    #: row, the text typed into the editable column
    sigEdited = Signal(int, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._columns: list[Column] = []
        self._shown: dict[tuple[int, int], str] = {}  # texts made, until the values change
        self.rows = 0
        self.editable: int | None = None
        self.text_columns: frozenset[int] = frozenset({0})
        self.tips: dict[int, str] = {}
        #: Headers shown on lines no longer than their longest word (copies and exports
        #: keep them on one line): the columns as narrow as their numbers allow.
        self.wrap_headers = False
        self._retired: list[object] = []  # replaced columns, let go of a turn later

    @property
    def columns(self) -> list[Column]:
        return self._columns

    @columns.setter
    def columns(self, columns: Sequence[Column]) -> None:
        # The replaced columns, their texts and the result they hold are let go of one
        # timer turn later, not while a new result is handed over: freeing a coding
        # report at 1e5 outcomes (two lists of 1e5 Python ints) takes 4-5 ms.
        if not self._retired:
            QTimer.singleShot(1, self, self._let_go)
        self._retired.append((self._columns, self._shown))
        self._columns = list(columns)
        self._shown = {}

    def _let_go(self) -> None:
        self._retired.clear()

    def shown(self, row: int, column: int) -> str:
        """The text row ``row`` shows in ``column``, made once until the values change:
        the columns are fitted to the first rows' texts and a paint asks again for the
        same cells (greyed out while computing, then shown), each time formatting
        numbers in Python."""
        key = (row, column)
        text = self._shown.get(key)
        if text is None:
            if len(self._shown) >= MAX_SHOWN:
                self._shown.clear()
            text = self._shown[key] = self._columns[column][1](row)
        return text

    def set_table(self, columns: Sequence[Column], rows: int, *,
                  text_columns: Sequence[int] = (0,)) -> None:
        self.beginResetModel()
        self.columns, self.rows = list(columns), int(rows)
        self.text_columns = frozenset(text_columns)
        self.endResetModel()

    def refresh(self) -> None:
        """The same rows and columns with new values."""
        self._shown.clear()
        if self.rows and self.columns:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rows - 1, len(self.columns) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called ~10 times per painted cell (once per role the delegate asks for), so
        # roles are compared as plain ints: enum members cost a lookup each time.
        if role == _DISPLAY or role == _EDIT:
            if not index.isValid():
                return None
            return self.shown(index.row(), index.column())
        if role == _ALIGNMENT:
            return None if index.column() in self.text_columns else _RIGHT
        if role == _TOOLTIP:
            return self.tips.get(index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if role != _DISPLAY and role != _TOOLTIP:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                if role != _DISPLAY:
                    return self.tips.get(section)
                header = self.columns[section][0]
                return wrapped(header) if self.wrap_headers else header
            return None
        return str(section + 1) if role == _DISPLAY else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS  # the root item (what qtmodeltester asks for)
        return _EDITABLE_FLAGS if index.column() == self.editable else _FLAGS

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.editable:
            return False
        self.sigEdited.emit(index.row(), str(value))
        self._shown.pop((index.row(), index.column()), None)
        self.dataChanged.emit(index, index)
        return True

    def copy_text(self, row: int, column: int) -> str:
        return self.columns[column][2](row)


class RowHeader(QHeaderView):
    """The rows' numbers, sized as Qt sizes them from their texts, but measured on the
    first and last few rows only: Qt's own size hint measures the first and last hundred
    after every reset, ~1,400 calls into the Python model per result of the coding lab.
    Row numbers with the most digits come last, so the widest is among those measured."""

    #: Rows measured at each end.
    FIRST, LAST = 3, 10

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionsClickable(True)  # as QTableView's own: a click selects the row
        self.setHighlightSections(True)
        self._hint: tuple[int, object, QSize] | None = None  # rows, font, size hint

    def sizeHint(self) -> QSize:
        count, font = self.count(), self.font()
        if self._hint is not None and self._hint[0] == count and self._hint[1] == font:
            return QSize(self._hint[2])
        rows = [*range(min(count, self.FIRST)), *range(max(count - self.LAST, self.FIRST),
                                                       count)]
        hint = QSize(0, 0)
        for row in rows:
            if not self.isSectionHidden(row):
                hint = hint.expandedTo(self.sectionSizeFromContents(row))
        self._hint = (count, font, QSize(hint))
        return hint


class LabTable(QTableView):
    """The view: Ctrl+C copies the selected block (numbers at full precision); Ctrl+V
    emits ``sigPasted`` (the current cell's row and column, the clipboard's text) for
    the page to paste, as only it knows what its editable column holds."""

    sigPasted = Signal(int, int, str)

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.setVerticalHeader(RowHeader(self))
        self.model_ = LabTableModel(self)
        self.setModel(self.model_)
        self.setAccessibleName(name)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        # Columns fitted once per table to its first rows (fit_columns after set_table):
        # fitting to a million rows, or at every change, would take seconds.
        self.horizontalHeader().setResizeContentsPrecision(CONTENTS_PRECISION)
        self._fitted: list[int] = []  # the columns' widths as fit_columns made them
        self._longest: list[int] = []  # the longest text's length they were fitted to
        self.model_.modelReset.connect(self._model_reset)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        # Ctrl+C and Ctrl+V are these actions' shortcuts, which take the keys before
        # keyPressEvent would (QTableView copies only the current cell on Ctrl+C)
        self.copy_action = QAction("Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.addAction(self.copy_action)
        self.paste_action = QAction("Paste", self)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.paste_action.triggered.connect(self.paste)
        self.addAction(self.paste_action)

    def paste(self) -> None:
        """Ask the page to paste the clipboard at the current cell (``sigPasted``), when
        the table has an editable column (else there is nowhere to paste)."""
        if self.model_.editable is None:
            return
        index = self.currentIndex()
        row, column = (index.row(), index.column()) if index.isValid() else (0, -1)
        self.sigPasted.emit(row, column, QApplication.clipboard().text())

    def _model_reset(self) -> None:
        """Fit the columns and lay the rows out now. Qt lays them out after a reset on
        a timer, which fires after the next paint and repaints the whole table (and its
        page, as the scroll bars settle): every result was painted twice."""
        self.fit_columns()
        self.executeDelayedItemsLayout()

    def refresh(self) -> None:
        """The same rows and columns with new values: the rows in view made into texts
        now, so the paint that follows only paints them (formatting ~100 numbers in
        Python during the paint made it the longest wait of a Bayes update)."""
        self.model_.refresh()
        self._grow_to(self.make_visible_texts())

    def make_visible_texts(self) -> list[int]:
        """Make (and keep) the texts of the cells in view; the longest text's length per
        column."""
        model = self.model_
        if not model.rows or not model.columns:
            return []
        longest = [0] * len(model.columns)
        for row in rows_on_screen(self, model.rows):
            for column in range(len(model.columns)):
                longest[column] = max(longest[column], len(model.shown(row, column)))
        return longest

    def _grow_to(self, longest: list[int]) -> None:
        """Widen a column whose new texts in view are longer than those it was fitted
        to (a running mean that came after the fit, under a header wrapped narrow, was
        cut to '0.0894…'); measured only when a text got longer."""
        fitted, seen = self._fitted, self._longest
        if len(seen) != len(longest):
            seen = self._longest = [0] * len(longest)
        grown = [c for c, n in enumerate(longest) if n > seen[c] and c < len(fitted)]
        if not grown:
            return
        model, header = self.model_, self.horizontalHeader()
        rows = rows_on_screen(self, model.rows)
        for column in grown:
            seen[column] = longest[column]
            width = text_width(self, {model.shown(row, column) for row in rows})
            if width > fitted[column]:
                fitted[column] = width
                if column < len(fitted) - 1 or not header.stretchLastSection():
                    header.resizeSection(column, width)

    def fit_columns(self) -> None:
        """Each column as wide as its header and the texts of the rows on screen after a
        new table (its first ``CONTENTS_PRECISION`` rows: a reset shows the top, and
        the rows are not laid out yet) with one cell margin (:mod:`.text_widths`),
        measured from the texts alone: Qt's own fitting asked the model for every role
        of every cell measured, ~4,000 calls into Python and 40 ms for the coding lab's
        eight columns, during which the window could not answer."""
        model, header = self.model_, self.horizontalHeader()
        rows = range(min(model.rows, CONTENTS_PRECISION))
        self._fitted, self._longest = [], []
        # The header's signals held: on sectionResized the view repaints the resized
        # columns from a timer, which fires after the paint of the new result, so each
        # result whose widths changed was painted twice. Laid out and repainted here,
        # before that paint, instead.
        header.blockSignals(True)
        try:
            for column in range(len(model.columns)):
                texts = {model.shown(row, column) for row in rows}
                self._longest.append(max(map(len, texts), default=0))
                self._fitted.append(max(text_width(self, texts),
                                        header.sectionSizeHint(column)))
                if header.sectionSize(column) != self._fitted[-1]:
                    header.resizeSection(column, self._fitted[-1])
            header.resizeSections()  # the last one stretched now, not from a timer
        finally:
            header.blockSignals(False)
        self.updateGeometries()
        self.viewport().update()

    def fitted_width(self, columns: int | None = None) -> int:
        """The columns' widths (the first ``columns``, else all) as :meth:`fit_columns`
        made them, summed: the width the table needs. (The header's ``length()``
        includes the last column stretched to the view, so a table sized from it grows
        each time it is sized again.)"""
        return sum(self._fitted[:columns])

    def needed_width(self) -> int:
        """The width, pixels, that shows every column whole (:meth:`fitted_width`) with
        the row numbers, the frame and room for a vertical scroll bar."""
        header = self.verticalHeader()
        rows = header.sizeHint().width() if not header.isHidden() else 0
        return (self.fitted_width() + rows + 2 * self.frameWidth()
                + self.verticalScrollBar().sizeHint().width())

    def copy_selection(self) -> None:
        """The selected block (or the whole table when nothing is selected) with its
        header line, tab-separated, on the clipboard."""
        model = self.model_
        indexes = [i for i in self.selectionModel().selectedIndexes() if i.isValid()]
        if indexes:
            rows = range(min(i.row() for i in indexes), max(i.row() for i in indexes) + 1)
            cols = range(min(i.column() for i in indexes),
                         max(i.column() for i in indexes) + 1)
            chosen = {(i.row(), i.column()) for i in indexes}
        else:
            rows, cols = range(model.rows), range(model.columnCount())
            chosen = None
        block = [[model.columns[c][0] for c in cols]]
        block += [[model.copy_text(r, c) if chosen is None or (r, c) in chosen else ""
                   for c in cols] for r in rows]
        QApplication.clipboard().setText(to_tsv(block))

    def fit_height(self, rows: int) -> None:
        """As tall as ``rows`` rows and the header: a short table without a scroll bar."""
        height = (self.horizontalHeader().sizeHint().height()
                  + rows * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth()
                  + self.horizontalScrollBar().sizeHint().height())
        self.setFixedHeight(height)
