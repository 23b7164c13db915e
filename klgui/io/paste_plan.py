"""What a paste pastes and what it says: the clipboard's text made into the block the
outcome table pastes (where each column goes, the line each row came from) or the
column the Bayes lab pastes, and the words of the message shown after it. Qt-free: the
widgets (klgui.ui.table.outcome_table, klgui.ui.pages.labs.bayes_page) take the text
from the clipboard, make the edit and show these words.

The cells are read by :func:`klgui.io.pasted_text.pasted_cells` (the shape of the text)
and :func:`klgui.io.tsv.entry_block` (the block's number format, a header line left
out); a header line that names the table's columns places them
(:func:`klgui.io.pasted_header.header_fields`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from klgui.core.characters import quoted
from klgui.core.errors import more_lines
from klgui.io.pasted_header import PastedHeaderError, header_fields
from klgui.io.pasted_text import PastedCells, pasted_cells
from klgui.io.tsv import BlockCellError, entry_block

__all__ = ["NOTHING_PASTED", "PasteRefused", "TablePaste", "table_paste", "table_pasted",
           "column_pasted"]

#: The first words of every refused paste's message.
NOTHING_PASTED = "Nothing was pasted."


class PasteRefused(ValueError):
    """A paste refused before anything changed; ``str(error)`` is the whole message as
    the window shows it (beginning with :data:`NOTHING_PASTED` where something was
    refused)."""


@dataclass(frozen=True)
class TablePaste:
    """A block ready for :meth:`klgui.model.edits.Edits.paste`.

    Attributes
    ----------
    rows : list of list of str
        The rows to paste (a header line left out), entries with dot decimals.
    lines : list of int
        The line of the pasted text each row came from (1-based), for messages.
    fields : list of int or None
        Where each column goes when a header line named them (field 0 the label, 1…
        the columns), else None: from the current cell on.
    header_skipped : bool
        A header line was left out.
    cells : PastedCells
        The cells as read from the text (how its lines were split).
    """

    rows: list[list[str]]
    lines: list[int]
    fields: list[int] | None
    header_skipped: bool
    cells: PastedCells

    @property
    def width(self) -> int:
        """The number of columns pasted: the longest row's cells (≥ 1)."""
        return max(len(r) for r in self.rows)


def table_paste(text: str, column: int, names: Sequence[str], reference: int, focus: int,
                decimal_comma: bool = False) -> TablePaste:
    """The block clipboard ``text`` pastes into the outcome table from ``column`` (0 the
    Outcome column, 1… the distributions' columns ``names``, in order; ``reference``
    and ``focus``: the fields of the reference and the focus, for a header's ``P`` and
    ``Q``); ``decimal_comma``: the locale writes decimals with a comma.

    Raises
    ------
    PasteRefused
        Nothing to paste; text that cannot be split (a quote that never closes, a
        header line alone: :func:`~klgui.io.pasted_text.pasted_cells`'s
        CsvImportError, its message after :data:`NOTHING_PASTED`); a cell whose number
        format does not fit the block's (naming the line and the column it would go
        to, as a header line places it); or a header naming a column the table lacks
        (said even where a cell is refused too: no cell's column is known then).
    """
    first_entry = 1 if column == 0 else 0  # where the block's weights begin
    try:
        cells = pasted_cells(text, first_entry, names)
    except ValueError as e:
        raise PasteRefused(f"{NOTHING_PASTED} {e}") from None
    block = cells.rows
    if not block:
        raise PasteRefused("The clipboard holds no cells to paste.")
    def placed() -> list[int] | None:  # where the header line sends each column
        try:
            return header_fields(block[0], first_entry, names, reference, focus)
        except PastedHeaderError as e:
            raise PasteRefused(f"{NOTHING_PASTED} Line {cells.line_of(0)} of the block: "
                               f"{e}. Nothing was filled by position, as the header says "
                               "otherwise.") from None

    try:
        pasted = entry_block(block, first_entry, decimal_comma, cells.delimiter)
    except BlockCellError as e:
        fields = placed() if e.skipped else None  # the cell's column as the header says
        field = fields[e.column] if fields and e.column < len(fields) else column + e.column
        # (a block wider than the table names its own column)
        where = (names[field - 1] if 0 < field <= len(names)
                 else "label" if field == 0 else f"column {e.column + 1}")
        others = more_lines(cells.line_of(i + e.skipped) for i in e.others)
        raise PasteRefused(f"{NOTHING_PASTED} Line {cells.line_of(e.row + e.skipped)} of "
                           f"the block, {where}: {quoted(e.text)} {e.problem}.{others}"
                           ) from None
    fields = placed() if pasted.header_skipped else None
    rows = pasted.rows
    skipped = int(pasted.header_skipped)  # messages count the header's line
    lines = [cells.line_of(i + skipped) for i in range(len(rows))]
    width = max(len(r) for r in rows)
    if fields == list(range(column, column + width)):
        fields = None  # the header named the columns where they land anyway
    return TablePaste(rows, lines, fields, pasted.header_skipped, cells)


def table_pasted(paste: TablePaste, names: Sequence[str]) -> str | None:
    """What the table says after ``paste`` was pasted (None: nothing to say): how its
    lines were split, and the header line left out and where its columns went. A
    column's header is quoted (``abc⏎0.5``: ``abc`` can name a column, so by the header
    rule, klgui.io.header_row.is_header_row, it is one, and the one value is pasted),
    as the Bayes lab's column paste says it (:func:`column_pasted`)."""
    count = len(paste.rows)
    rows = "1 row" if count == 1 else f"{count:,} rows"
    cells = paste.cells
    split = (f", each line split at its {cells.describe_split()} as in a CSV file"
             if cells.delimiter else "")
    if paste.fields:
        went = ", ".join("Outcome" if f == 0 else names[f - 1] for f in paste.fields)
        return (f"Pasted {rows}{split}; the first line of the block named the columns, so "
                f"it was left out and each column went to the one it names: {went}.")
    if paste.header_skipped and paste.width == 1:  # its one cell quoted: it held no value
        return (f"Pasted {rows}{split}; the first line of the block, "
                f"{quoted(cells.rows[0][0])}, named the column, so it was left out.")
    if paste.header_skipped:
        return (f"Pasted {rows}{split}; the first line of the block named the columns, so "
                "it was left out.")
    if split:
        return f"Pasted {rows}{split}."
    return None


def column_pasted(count: int, what: str, header: str) -> str:
    """What a lab says after a column of ``count`` ``what`` (``"likelihoods"``) was
    pasted whose first line, ``header``, named the column and was left out."""
    return (f"Pasted {count:,} {what}; the first line, {quoted(header)}, named the column, "
            "so it was left out.")
