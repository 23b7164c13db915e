"""The outcome table's Ctrl+C and Ctrl+V: the selected block copied as tab-separated
text, and the clipboard's block pasted from the current cell. What a paste pastes and
says is decided Qt-free in klgui.io.paste_plan; here are only the clipboard, the edit
(a column filled from a family asks to be detached first) and the message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QApplication

from klgui.io.paste_plan import NOTHING_PASTED, PasteRefused, table_paste, table_pasted
from klgui.io.tsv import to_tsv
from klgui.ui.numbers import locale_uses_decimal_comma, pasted_message
from klgui.ui.shell.status import announce
from klgui.ui.table.outcome_model import LABEL

if TYPE_CHECKING:
    from klgui.ui.table.outcome_table import OutcomeTable

__all__ = ["copy_cells", "paste_cells"]


def copy_cells(table: OutcomeTable) -> None:
    """Put ``table``'s selected block on the clipboard: labels and entries as typed, p
    and q at full precision, so a spreadsheet gets every digit."""
    view = table.view
    indexes = view.selectionModel().selectedIndexes() or [view.currentIndex()]
    indexes = [i for i in indexes if i.isValid()]
    if not indexes:
        return
    rows = range(min(i.row() for i in indexes), max(i.row() for i in indexes) + 1)
    cols = range(min(i.column() for i in indexes), max(i.column() for i in indexes) + 1)
    chosen = {(i.row(), i.column()) for i in indexes}
    block = [[table.model.copy_text(r, c) if (r, c) in chosen else "" for c in cols]
             for r in rows]
    QApplication.clipboard().setText(to_tsv(block))
    cells = len(chosen)
    announce(table, f"Copied {cells:,} cell{'s' if cells != 1 else ''} "
                    "(tab-separated, every digit).")


def paste_cells(table: OutcomeTable) -> None:
    """Write the clipboard's block into ``table`` from the current cell on, growing the
    table, as one undo step, and select what was pasted; a block with any bad cell is
    refused whole, naming the cell (klgui.io.paste_plan: tab-separated cells or a CSV
    file's lines, klgui.io.pasted_text; a header line naming the columns,
    klgui.io.pasted_header)."""
    index = table.view.currentIndex()
    row, col = (index.row(), index.column()) if index.isValid() else (0, LABEL)
    doc = table.document
    if col >= doc.field_count:
        table.show_message("Paste into the Outcome column or an entry column: "
                           "p and q are computed from the entries.")
        return
    try:
        plan = table_paste(QApplication.clipboard().text(), col, doc.names(),
                           doc.field_of(doc.reference_id), doc.field_of(doc.focus_id),
                           locale_uses_decimal_comma())
        if not table.detached_for(lambda: table.edits.paste(
                row, col, plan.rows, plan.lines, plan.fields)):
            return
    except PasteRefused as e:
        table.show_message(str(e))
        return
    except ValueError as e:
        table.show_message(f"{NOTHING_PASTED} {pasted_message(e)}")
        return
    said = table_pasted(plan, doc.names())
    if said:
        table.show_message(said)
    fields = plan.fields
    left, right = (min(fields), max(fields)) if fields else (col, col + plan.width - 1)
    pasted = QItemSelection(table.model.index(row, left),
                            table.model.index(row + len(plan.rows) - 1, right))
    table.view.selectionModel().select(pasted, QItemSelectionModel.SelectionFlag.ClearAndSelect)
