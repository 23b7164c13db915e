"""Tab-separated text, as spreadsheets put it on the clipboard and take it back."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from klgui.core import WeightParseError, parse_weight
from klgui.core.parsing import parse_weights
from klgui.io.decimal_comma import (CellFormatError, NumberFormat, canonical_number,
                                   canonical_numbers, decide_format, is_number_shaped)
from klgui.io.formula_guard import unescape_cells
from klgui.io.header_row import is_header_row
from klgui.io.text_file import unified_line_ends

__all__ = ["to_tsv", "from_tsv", "PastedBlock", "BlockCellError", "entry_block"]


def to_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as tab-separated lines; a cell with a tab, quote or line break is
    quoted the way spreadsheets do it."""
    out = io.StringIO()
    csv.writer(out, dialect="excel-tab", lineterminator="\n").writerows(rows)
    return out.getvalue()


def from_tsv(text: str) -> list[list[str]]:
    """The block of cells in tab-separated text (trailing blank lines and blank columns
    on the right dropped); CR, LF and CRLF line ends alike, also inside a quoted cell
    (``"two⏎lines"``), whose line breaks become LF as the CSV import reads them, so a
    label pasted so reads back the same from a CSV export. Text whose quotation marks
    are not a spreadsheet's quoting (``"Smith, J.",0.3``, a quote that never closes) is
    read with its quotes as written, so that the cells are what was pasted."""
    lines = unified_line_ends(text)
    try:
        rows = list(csv.reader(io.StringIO(lines, newline=""), dialect="excel-tab",
                               strict=True))
    except csv.Error:
        rows = list(csv.reader(io.StringIO(lines, newline=""), dialect="excel-tab",
                               quoting=csv.QUOTE_NONE))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    # A spreadsheet selection that took in blank columns on the right: drop them.
    width = max((j + 1 for r in rows for j, cell in enumerate(r) if cell.strip()), default=0)
    return [r[:width] for r in rows]


@dataclass(frozen=True)
class PastedBlock:
    """A block ready to paste: ``rows`` with the entries as the parser reads them,
    whether a header line was left out, and the number format decided for the block."""

    rows: list[list[str]]
    header_skipped: bool
    number_format: NumberFormat


class BlockCellError(ValueError):
    """An entry of a pasted block that its number format cannot read: ``row`` and
    ``column`` are 0-based in the rows that would be pasted (the header left out);
    ``skipped``: how many rows of the block given were left out above them (1 for a
    header line, else 0); ``others``: the other rows (0-based as ``row``) with an entry
    the block's format or the parser refuses, for the refusal to count them."""

    def __init__(self, problem: str, row: int, column: int, text: str,
                 skipped: int = 0, others: Sequence[int] = ()) -> None:
        super().__init__(problem)
        self.problem, self.row, self.column, self.text = problem, row, column, text
        self.skipped = skipped
        self.others = tuple(others)


def entry_block(block: list[list[str]], first_entry: int,
                decimal_comma: bool = False, delimiter: str | None = None) -> PastedBlock:
    """``block`` (rows of cells) made ready to paste; its entries begin at column
    ``first_entry`` (1 when the block starts with labels, else 0). ``decimal_comma``:
    whether the locale writes decimals with a comma. ``delimiter``: what the block's
    lines were split at, when they were a CSV file's (:mod:`klgui.io.pasted_text`).

    The decimal mark and thousands separators are decided once from all the block's
    entries, as for a file (:func:`~klgui.io.decimal_comma.decide_format`), and the
    entries rewritten with dot decimals and no grouping; labels, and entries that are
    not numbers (for the parser to refuse as pasted), are kept. Where no entry shows the
    decimal mark, a number that the import would refuse as ambiguous in a file of these
    cells (``1.234``, ``1,000``; lines split at commas write decimal dots) is refused, in
    any locale, except that a single entry (not split from a CSV line) reads as typing
    reads it in the locale: its decimal mark is the decimal mark (``1,000`` is 1 where
    it is a comma, ``1.000`` is 1 where it is a dot), while a number that only the other
    mark between thousands would settle (``1.234`` in German, ``1,234`` in English) is
    refused as ambiguous, as the cell refuses it typed.

    A first row that names the columns above rows of numbers (``outcome⇥P⇥Q``;
    :func:`klgui.io.header_row.is_header_row`) is a header and left out; a data row of
    ``-``, ``#DIV/0!`` or ``?`` is not, and its cells are refused by the parser.

    Raises
    ------
    BlockCellError
        For the first entry whose marks do not fit the block's format.
    """
    rows = [list(r) for r in block]
    header = len(rows) > 1 and is_header_row(rows, first_entry)
    if header:
        del rows[0]
    width = max((len(r) for r in rows), default=0)
    columns = [[r[j] for r in rows if j < len(r)] for j in range(first_entry, width)]
    single = delimiter is None and sum(map(len, columns)) == 1
    fmt = decide_format(columns, delimiter,
                        prefer=("," if decimal_comma else ".") if single else None)
    for j, cells in enumerate(columns, start=first_entry):
        try:
            texts = canonical_numbers(cells, fmt)
        except CellFormatError as e:
            at = [i for i, r in enumerate(rows) if j < len(r)][e.index]
            given = block[int(header):]  # as pasted (``rows`` are rewritten in part)
            others = [i for i in _rows_refused(given, first_entry, fmt) if i != at]
            raise BlockCellError(e.problem, at, j, given[at][j], int(header),
                                 others) from None
        # (canonical_numbers may make the commas of a cell like x;0,5 dots)
        texts = [t if t == c or is_number_shaped(c) else c for c, t in zip(cells, texts)]
        _refused_as_pasted(texts, cells)
        it = iter(texts)
        for r in rows:
            if j < len(r):
                r[j] = next(it)
    for r in rows:  # labels copied from us or a CSV export: the formula guard comes off
        r[:first_entry] = unescape_cells(r[:first_entry])
    return PastedBlock(rows, header, fmt)


def _rows_refused(rows: Sequence[Sequence[str]], first_entry: int, fmt: NumberFormat
                  ) -> list[int]:
    """The rows (0-based) with an entry that number format ``fmt`` or the parser
    refuses (the count of a refusal that names only its first cell)."""
    bad = []
    for i, r in enumerate(rows):
        for cell in r[first_entry:]:
            try:
                parse_weight(canonical_number(cell, fmt))
            except ValueError:  # CellFormatError, WeightParseError
                bad.append(i)
                break
    return bad


def _refused_as_pasted(texts: list[str], cells: list[str]) -> None:
    """The first of ``texts`` (a column's entries as rewritten from ``cells``) that the
    parser refuses put back as pasted, when the parser refuses that too: the table
    names it in its refusal, which quoted ``-1`` for a pasted ``−1`` (U+2212). (The
    table refuses a block at its first bad cell, which is the first of its column.)"""
    try:
        parse_weights(texts)
    except WeightParseError as e:
        k = e.index or 0
        if texts[k] != cells[k]:
            try:
                parse_weight(cells[k])
            except WeightParseError:
                texts[k] = cells[k]

