"""The table model: one row per outcome, over the Qt-free Document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt,
                            Signal)

from klgui.core import WeightParseError
from klgui.core.teaching.explain import outcome_name
from klgui.core.parsing import parse_exact
from klgui.model.document import Change, Result
from klgui.model.edits import Edits
from klgui.io.formula_guard import escape_cell

from klgui.ui.numbers import figure_text, full_precision_text

LABEL, P_ENTRY, Q_ENTRY, P_NORM, Q_NORM = range(5)
_SMALLEST = 2.2250738585072014e-308  # the smallest normal double
ENTRY_COLUMNS = {P_ENTRY: "P", Q_ENTRY: "Q"}
HEADERS = ("Outcome", "P entry", "Q entry", "p", "q")
HEADER_TIPS = (
    "The outcome's name. Double-click or type to rename it.",
    "P, the truth (the data): a count, decimal, fraction such as 1/6, or percentage.",
    "Q, the model: a count, decimal, fraction such as 1/6, or percentage.",
    "p: P's entries scaled to sum to 1 (the probabilities the figures use).",
    "q: Q's entries scaled to sum to 1 (the probabilities the figures use).",
)

Index = QModelIndex | QPersistentModelIndex

# data() and flags() run for every role of every visible cell at each repaint (about
# 900 calls after an edit), so what they compare with and return is made once, here.
_DISPLAY, _EDIT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole)
_ALIGNMENT, _TOOLTIP = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable


class OutcomeTableModel(QAbstractTableModel):
    """Labels and entries are editable; the normalized p and q columns are not.

    Entries show at once; p and q come from the result the window last showed
    (:meth:`show_result`), so the table never computes one itself and agrees with the
    figures. Until a new result comes, rows that moved show no p and q.
    """

    #: An entry was refused: row, "P" or "Q", and a message that says why.
    sigEntryRejected = Signal(int, str, str)

    def __init__(self, edits: Edits, parent=None) -> None:
        super().__init__(parent)
        self.edits = edits
        self.document = document = edits.document
        self._shown: Result | None = None
        self._aligned = False  # the shown result's rows are the table's rows
        document.subscribe(self._after_change, self._before_change)

    # -- reading -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.document.n

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _EDITABLE if index.column() < P_NORM else _READ_ONLY

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY or role == _EDIT:
            if not index.isValid():
                return None
            row, col = index.row(), index.column()
            doc = self.document
            if col == LABEL:
                return doc.labels[row]
            if col in ENTRY_COLUMNS:
                return doc.texts(ENTRY_COLUMNS[col])[row]
            value = self._probability(row, col)
            if value == 0.0 and self._below_doubles(row, col):
                return "< " + figure_text(_SMALLEST, 1)
            return "" if value is None else figure_text(value, doc.digits)
        if role == _ALIGNMENT:
            return _RIGHT if index.column() != LABEL else None
        if role == _TOOLTIP and index.isValid():
            return self._tooltip(index.row(), index.column())
        return None

    def copy_text(self, row: int, col: int) -> str:
        """A cell as the clipboard gets it: labels (guarded against formulas, as in a CSV
        export) and entries as typed, p and q at full precision in the locale's form (a
        spreadsheet of that locale gets every digit, not the digits shown)."""
        if col in (P_NORM, Q_NORM):
            value = self._probability(row, col)
            return "" if value is None else full_precision_text(value)
        if col == LABEL:  # a spreadsheet would run '=HYPERLINK(…)' pasted as it is
            return escape_cell(self.document.labels[row])
        return self.data(self.index(row, col), Qt.ItemDataRole.EditRole)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if horizontal else str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:
            return HEADER_TIPS[section]
        return None

    # -- editing -------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_text(index, str(value))

    def set_text(self, index: Index, text: str, session: object = None) -> bool:
        """Set a label or entry as typed, as one undoable step (the edits of one editing
        ``session`` merge into one). A refused entry is reported by sigEntryRejected."""
        row, col = index.row(), index.column()
        if col == LABEL:
            self.edits.set_label(row, text)
            return True
        if col not in ENTRY_COLUMNS:
            return False
        which = ENTRY_COLUMNS[col]
        try:
            self.edits.set_entry(which, row, text, session)
        except WeightParseError as e:
            self.sigEntryRejected.emit(row, which, str(e))
            return False
        return True

    # -- keeping views in step with the document ---------------------------------
    def _before_change(self, change: Change) -> None:
        root = QModelIndex()
        if change.kind == "insert":
            self.beginInsertRows(root, change.first, change.last)
        elif change.kind == "remove":
            self.beginRemoveRows(root, change.first, change.last)
        elif change.kind == "move":
            self.beginMoveRows(root, change.first, change.last, root, change.dest)
        elif change.kind == "reset":
            self.beginResetModel()

    def show_result(self, result: Result) -> None:
        """Take the result now shown everywhere: p and q follow it."""
        self._shown, self._aligned = result, True
        if self.document.n:
            self._changed(0, self.document.n - 1, P_NORM, Q_NORM)

    def _after_change(self, change: Change) -> None:
        kind = change.kind
        if kind in ("insert", "remove", "move", "reset"):  # rows now elsewhere
            self._aligned = False
        if kind == "insert":
            self.endInsertRows()
        elif kind == "remove":
            self.endRemoveRows()
        elif kind == "move":
            self.endMoveRows()
        elif kind == "reset":
            self.endResetModel()
        elif kind == "labels":
            self._changed(change.first, change.last, LABEL, LABEL)
        elif kind == "rows":
            self._changed(change.first, change.last, LABEL, Q_ENTRY)
        elif kind == "entries":
            columns = [P_ENTRY, Q_ENTRY] if change.which is None else \
                [P_ENTRY if change.which == "P" else Q_ENTRY]
            for col in columns:
                self._changed(change.first, change.last, col, col)
        # p and q change with the next result (show_result), not here.

    def _changed(self, first: int, last: int, col0: int, col1: int) -> None:
        self.dataChanged.emit(self.index(first, col0), self.index(last, col1),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])

    def _probability(self, row: int, col: int) -> float | None:
        shown = self._shown if self._aligned else None
        c = shown.comparison if shown is not None else None
        if c is None or row >= c.p.size:
            return None
        return float((c.p if col == P_NORM else c.q)[row])

    def _tooltip(self, row: int, col: int) -> str | None:
        doc = self.document
        name = outcome_name(row, doc.labels)
        if col in ENTRY_COLUMNS:
            which = ENTRY_COLUMNS[col]
            value = float(doc.values(which)[row])
            return (f"{which} for {name}: typed {doc.texts(which)[row]!r}, "
                    f"weight {full_precision_text(value)}")
        if col in (P_NORM, Q_NORM):
            value = self._probability(row, col)
            which = "p" if col == P_NORM else "q"
            if value is None:
                if self._shown is not None and not self._aligned:
                    return f"{which} of {name}: being computed."
                return f"No {which}: the entries cannot be compared yet (see the message)."
            if value == 0.0 and self._below_doubles(row, col):
                return (f"{which} of {name} is above 0 but below {figure_text(_SMALLEST, 3)}, "
                        "the smallest number a double holds; the figures use its exact value.")
            return f"{which} of {name} = {full_precision_text(value)}"
        return None

    def _below_doubles(self, row: int, col: int) -> bool:
        """The entry is positive though its probability rounds to 0 (1e-349 beside 1)."""
        text = self.document.texts("P" if col == P_NORM else "Q")[row]
        try:
            return parse_exact(text) > 0
        except ValueError:
            return False
