"""The table model: one row per outcome, over the Qt-free Document."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt,
                            Signal)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from klgui.core import WeightParseError
from klgui.core.teaching.explain import outcome_name
from klgui.core.numerics.below_doubles import decimal_text, positive_below_doubles
from klgui.core.parsing import parse_exact
from klgui.model.document import Change, Result
from klgui.model.edits import Edits
from klgui.model.family_columns import AttachedColumnError
from klgui.io.formula_guard import escape_cell

from klgui.ui.numbers import entry_text, figure_text, full_precision_text, localize

#: The columns of a document with one reference and one model (the first round's
#: layout): the label, one entry column per distribution in the document's order, then
#: the focus pair's probabilities p and q. With k distributions, p is column k + 1.
LABEL, P_ENTRY, Q_ENTRY, P_NORM, Q_NORM = range(5)
_SMALLEST = 2.2250738585072014e-308  # the smallest normal double
_LABEL_TIP = "The outcome's name. Double-click or type to rename it."
_ENTRY_TIP = "a count, decimal, fraction such as 1/6, or percentage."

Index = QModelIndex | QPersistentModelIndex

# data() and flags() run for every role of every visible cell at each repaint (about
# 900 calls after an edit), so what they compare with and return is made once, here.
_DISPLAY, _EDIT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole)
_ALIGNMENT, _TOOLTIP = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ToolTipRole)
_FONT, _FOREGROUND = int(Qt.ItemDataRole.FontRole), int(Qt.ItemDataRole.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable
_LABEL_KIND, _ENTRY_KIND, _FAMILY_KIND, _PROBABILITY_KIND = range(4)
#: How a cell looks (OutcomeTableModel.look): a label, a number, a family's probability.
LABEL_LOOK, NUMBER_LOOK, FAMILY_LOOK = range(3)
_LOOKS = (LABEL_LOOK, NUMBER_LOOK, FAMILY_LOOK, NUMBER_LOOK)  # by kind


class OutcomeTableModel(QAbstractTableModel):
    """Labels and entries are editable; the normalized p and q columns are not.

    Entries show at once; p and q come from the result the window last showed
    (:meth:`show_result`), so the table never computes one itself and agrees with the
    figures. Until a new result comes, rows that moved show no p and q.
    """

    #: An entry was refused: row, the column's name, and a message that says why.
    sigEntryRejected = Signal(int, str, str)

    def __init__(self, edits: Edits, parent=None) -> None:
        super().__init__(parent)
        self.edits = edits
        self.document = document = edits.document
        self._shown: Result | None = None
        self._aligned = False  # the shown result's rows are the table's rows
        self._shown_digits: int | None = None  # the digits p and q were last shown with
        # rows whose entries changed since p and q were shown: their p and q are shown
        # again with the next result even if the value is the same (a positive entry
        # below the doubles' range next to a 0 is shown as "< 2.2e-308", not 0)
        self._edited: dict[str, tuple[int, int]] = {}
        self._kinds_of: tuple[int, tuple] = (-1, ())
        self._texts_of: tuple = ()  # what the numbers' texts below were made for
        self._texts: dict[tuple[int, int], str] = {}
        self._tiny: tuple = (None, None, {})  # _exact_tiny's: comparison, column, values
        document.subscribe(self._after_change, self._before_change)

    # -- reading -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.document.n

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.document.field_count + 2

    # -- where things are --------------------------------------------------------------
    @property
    def p_column(self) -> int:
        """The column of p, the reference's probabilities (the focus pair's)."""
        return self.document.field_count

    @property
    def q_column(self) -> int:
        """The column of q, the focus model's probabilities."""
        return self.document.field_count + 1

    def entry_column(self, which: int | str) -> int:
        """The column of a distribution's entries (by id, or "P"/"Q")."""
        return self.document.field_of(which)

    def column_of(self, col: int) -> int | None:
        """The id of the distribution whose entries are in column ``col``, else None."""
        return self.document.which_of(col) if 1 <= col < self.document.field_count else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _EDITABLE if index.column() < self.document.field_count else _READ_ONLY

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY or role == _EDIT:
            if not index.isValid():
                return None
            row, col = index.row(), index.column()
            return self._text(row, col, self._kinds()[col], role)
        if role == _ALIGNMENT:
            return _RIGHT if index.column() != LABEL else None
        if role == _TOOLTIP and index.isValid():
            return self._tooltip(index.row(), index.column())
        if role in (_FONT, _FOREGROUND) and index.isValid() and self._from_family(index):
            # read-only-looking: a family's probabilities, not entries as typed
            if role == _FONT:
                return _italic()  # only italic is set: the view's font gives the rest
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled,
                                                QPalette.ColorRole.Text)
        return None

    def look(self, index: Index) -> tuple[str, int]:
        """A cell's text as shown and its look: 0 a label (left-aligned), NUMBER_LOOK
        (right-aligned) or FAMILY_LOOK (right-aligned, italic and dimmed: a family's
        probability), as data()'s roles say, in one call: the table's delegate paints
        every visible cell from it (see EntryDelegate.initStyleOption)."""
        row, col = index.row(), index.column()
        kind = self._kinds()[col]
        return self._text(row, col, kind, _DISPLAY), _LOOKS[kind[0]]

    def shown_texts(self, col: int, rows: range) -> list[str]:
        """The texts column ``col`` shows in ``rows``, the empty ones left out (as data()
        gives them, without a call through Qt per cell: the column widths read them at
        every result)."""
        kind = self._kinds()[col]
        return [t for t in (self._text(row, col, kind, _DISPLAY) for row in rows) if t]

    def _text(self, row: int, col: int, kind_of: tuple[int, int | None], role: int) -> str:
        doc = self.document
        kind, which = kind_of
        if kind == _LABEL_KIND:
            return doc.labels[row]
        if which is not None and (kind != _FAMILY_KIND or role != _DISPLAY):
            return entry_text(doc.texts(which)[row])  # the locale's decimal mark
        # a number the result or a family gives: made once per result, as the column
        # widths measure it and the paint then shows it
        token = (self._shown, self._aligned, doc.revision, doc.digits)
        if token != self._texts_of:
            self._texts_of, self._texts = token, {}
        text = self._texts.get((row, col))
        if text is None:
            text = self._texts[row, col] = self._number_text(row, col, kind, which)
        return text

    def _number_text(self, row: int, col: int, kind: int, which: int | None) -> str:
        doc = self.document
        if kind == _FAMILY_KIND:
            return figure_text(self._family_value(row, which), doc.digits)
        value = self._probability(row, col)
        if value == 0.0 and self._below_doubles(row, col):
            return "< " + figure_text(_SMALLEST, 1)
        return "" if value is None else figure_text(value, doc.digits)

    def _kinds(self) -> tuple[tuple[int, int | None], ...]:
        """Per table column, what it shows (label, entries, a family's probabilities,
        p or q) and the distribution's id, worked out once per revision: data() runs for
        every role of every visible cell at each repaint."""
        doc = self.document
        if self._kinds_of[0] != doc.revision:
            kinds = [(_LABEL_KIND, None)]
            for col in range(1, doc.field_count):
                which = doc.which_of(col)
                kinds.append((_FAMILY_KIND if doc.family_of(which) is not None
                              else _ENTRY_KIND, which))
            kinds += [(_PROBABILITY_KIND, None)] * 2
            self._kinds_of = (doc.revision, tuple(kinds))
        return self._kinds_of[1]

    def _from_family(self, index: Index) -> bool:
        return self.from_family(index.column())

    def from_family(self, col: int) -> bool:
        """Whether table column ``col`` shows a family's probabilities (not entries)."""
        kinds = self._kinds()
        return 0 <= col < len(kinds) and kinds[col][0] == _FAMILY_KIND

    def copy_text(self, row: int, col: int) -> str:
        """A cell as the clipboard gets it: labels (guarded against formulas, as in a CSV
        export), entries as the table shows them (their digits as typed, the locale's
        decimal mark), p and q at full precision in the locale's form (a spreadsheet of
        that locale gets every digit, not the digits shown)."""
        if col >= self.document.field_count:
            value = self._probability(row, col)
            if value == 0.0 and (exact := self._exact_tiny(row, col)) is not None:
                return exact  # "5e-401" (below the doubles' range), as the CSV export
            return "" if value is None else full_precision_text(value)
        if col == LABEL:  # a spreadsheet would run '=HYPERLINK(…)' pasted as it is
            return escape_cell(self.document.labels[row])
        return self.data(self.index(row, col), Qt.ItemDataRole.EditRole)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(section) if horizontal else str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:
            return self._header_tip(section)
        return None

    def _header(self, section: int) -> str:
        doc = self.document
        if section == LABEL:
            return "Outcome"
        if section == self.p_column:
            return "p"
        if section == self.q_column:
            return "q"
        name = doc.name_of(doc.which_of(section))
        return f"{name} entry" if name in ("P", "Q") else name

    def _header_tip(self, section: int) -> str:
        doc = self.document
        if section == LABEL:
            return _LABEL_TIP
        if section == self.p_column:
            return (f"p: {doc.name_of(doc.reference_id)}'s entries scaled to sum to 1 (the "
                    "probabilities the figures use).")
        if section == self.q_column:
            return (f"q: {doc.name_of(doc.focus_id)}'s entries scaled to sum to 1 (the "
                    "probabilities the figures use; the model in focus).")
        which = doc.which_of(section)
        name = doc.name_of(which)
        source = doc.family_of(which)
        tip = _ENTRY_TIP if source is None else (
            f"{localize(source.describe())}; its probabilities follow the family (read-only: "
            "typing asks to detach it into plain entries).")
        if which == doc.reference_id:
            return f"{name}, the reference (the truth, the data): {tip}"
        focus = ", in focus" if which == doc.focus_id else ""
        return f"{name}, a model{focus}: {tip}"

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
            try:
                self.edits.set_label(row, text)
            except ValueError as e:  # a family column cannot follow the new label
                self.sigEntryRejected.emit(row, "label", str(e))
                return False
            return True
        which = self.column_of(col)
        if which is None:
            return False
        try:
            self.edits.set_entry(which, row, text, session)
        except (WeightParseError, AttachedColumnError) as e:
            self.sigEntryRejected.emit(row, self.document.name_of(which), str(e))
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
        elif change.kind in ("reset", "columns"):
            self.beginResetModel()

    def show_result(self, result: Result) -> None:
        """Take the result now shown everywhere: p and q follow it.

        Views are told of the cells that changed only (``dataChanged`` over the rows
        from the first to the last changed value of p, of q, or of neither): an edit in
        a model out of focus repaints no p or q, an edit in the focus model no p. A new
        number of digits repaints every number shown (p, q and families' columns)."""
        before = self._shown.comparison if self._shown is not None and self._aligned \
            else None
        self._shown, self._aligned = result, True
        n, digits = self.document.n, self.document.digits
        if not n:
            return
        if digits != self._shown_digits:
            self._shown_digits = digits
            self._changed(0, n - 1, 1, self.q_column)
            return
        c, edits, self._edited = result.comparison, self._edited, {}
        for col, name in ((self.p_column, "p"), (self.q_column, "q")):
            rows = _changed_rows(None if before is None else getattr(before, name),
                                 None if c is None else getattr(c, name), n)
            edited = edits.get(name)
            if edited is not None:
                rows = edited if rows is None else (min(rows[0], edited[0]),
                                                    max(rows[1], edited[1]))
            if rows is not None:
                self._changed(rows[0], min(rows[1], n - 1), col, col)
                family = self._shown_family_column(name)
                if family is not None:  # it shows the same numbers (_family_value)
                    self._changed(rows[0], min(rows[1], n - 1), family, family)

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
        elif kind in ("reset", "columns"):
            self.endResetModel()
        elif kind == "focus":
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.q_column)
        elif kind == "labels":
            self._changed(change.first, change.last, LABEL, LABEL)
        elif kind == "rows":
            self._changed(change.first, change.last, LABEL, self.p_column - 1)
            self._note_edited(change.first, change.last, None)
        elif kind == "entries":
            self._note_edited(change.first, change.last, change.which)
            if change.which is None:
                self._changed(change.first, change.last, 1, self.p_column - 1)
            else:
                col = self.entry_column(change.which)
                self._changed(change.first, change.last, col, col)
        # p and q change with the next result (show_result), not here.

    def _note_edited(self, first: int, last: int, which: int | None) -> None:
        """Rows ``first..last`` of column ``which`` (None: every column) were edited."""
        doc = self.document
        for name, column in (("p", doc.reference_id), ("q", doc.focus_id)):
            if which is None or which == column:
                e = self._edited.get(name)
                self._edited[name] = (first, last) if e is None else \
                    (min(e[0], first), max(e[1], last))

    def _changed(self, first: int, last: int, col0: int, col1: int) -> None:
        self.dataChanged.emit(self.index(first, col0), self.index(last, col1),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])

    def _probability(self, row: int, col: int) -> float | None:
        shown = self._shown if self._aligned else None
        c = shown.comparison if shown is not None else None
        if c is None or row >= c.p.size:
            return None
        return float((c.p if col == self.p_column else c.q)[row])

    def _exact_tiny(self, row: int, col: int) -> str | None:
        """The p or q at ``row`` when it is positive but below the doubles' range, in
        decimal as the table CSV writes it ("5e-401") in the locale's form; None when it
        is not such a value. Worked out once per shown result and column."""
        c = self._shown.comparison if self._shown is not None and self._aligned else None
        if c is None:
            return None
        is_p = col == self.p_column
        if self._tiny[0] is not c or self._tiny[1] != is_p:
            doc = self.document
            texts = doc.texts(doc.reference_id if is_p else doc.focus_id)
            tiny = positive_below_doubles(texts, c.p if is_p else c.q, c.smoothing,
                                          "P" if is_p else "Q")
            self._tiny = (c, is_p, tiny)
        x = self._tiny[2].get(row)
        return None if x is None else localize(decimal_text(x))

    def _family_value(self, row: int, which: int) -> float:
        """The probability a family column shows at ``row``. For the reference and the
        focus model, unsmoothed, it is the p or q the figures use, the number the p and q
        columns show: the family's own double can be an ulp away from it, and a half
        (0.1171875) then showed rounded two ways side by side."""
        doc = self.document
        shown = self._shown.comparison if self._shown is not None and self._aligned else None
        if shown is not None and shown.smoothing is None:
            if which == doc.reference_id:
                value = self._probability(row, self.p_column)
            elif which == doc.focus_id:
                value = self._probability(row, self.q_column)
            else:
                value = None
            if value is not None:
                return value
        return float(doc.values(which)[row])

    def _shown_family_column(self, name: str) -> int | None:
        """The table column of the reference ("p") or the focus model ("q") when it is
        a family's (it shows p or q: _family_value), else None."""
        doc = self.document
        which = doc.reference_id if name == "p" else doc.focus_id
        return self.entry_column(which) if doc.family_of(which) is not None else None

    def _tooltip(self, row: int, col: int) -> str | None:
        doc = self.document
        name = outcome_name(row, doc.labels)
        which = self.column_of(col)
        if which is not None:
            value = float(doc.values(which)[row])
            source = doc.family_of(which)
            if source is not None:
                return (f"{doc.name_of(which)} for {name}: {full_precision_text(value)}, "
                        f"from {localize(source.describe())}. Typing here asks to detach it into "
                        "plain entries.")
            typed = entry_text(doc.texts(which)[row])
            return (f"{doc.name_of(which)} for {name}: typed {typed!r}, "
                    f"weight {full_precision_text(value)}")
        if col in (self.p_column, self.q_column):
            value = self._probability(row, col)
            which = "p" if col == self.p_column else "q"
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
        doc = self.document
        text = doc.texts(doc.reference_id if col == self.p_column else doc.focus_id)[row]
        try:
            return parse_exact(text) > 0
        except ValueError:
            return False


@functools.cache
def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


def _changed_rows(old: np.ndarray | None, new: np.ndarray | None,
                  n: int) -> tuple[int, int] | None:
    """The first and last row whose value differs between ``old`` and ``new`` (each
    (n,) float64 or None: nothing shown), or None when every row is the same."""
    if old is None or new is None:
        return None if old is None and new is None else (0, n - 1)
    if old is new:
        return None
    if old.shape != new.shape or old.shape != (n,):
        return 0, n - 1
    differ = np.flatnonzero(old != new)
    return None if differ.size == 0 else (int(differ[0]), int(differ[-1]))
