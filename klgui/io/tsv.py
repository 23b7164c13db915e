"""Tab-separated text, as spreadsheets put it on the clipboard and take it back."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from .decimal_comma import dot_decimals, uses_decimal_comma

__all__ = ["to_tsv", "from_tsv", "entries_with_dots"]


def to_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as tab-separated lines; a cell with a tab, quote or line break is
    quoted the way spreadsheets do it."""
    out = io.StringIO()
    csv.writer(out, dialect="excel-tab", lineterminator="\n").writerows(rows)
    return out.getvalue()


def from_tsv(text: str) -> list[list[str]]:
    """The block of cells in tab-separated text (trailing blank lines dropped)."""
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect="excel-tab"))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def entries_with_dots(block: list[list[str]], first_entry: int) -> list[list[str]]:
    """``block`` with decimal commas (``0,8``, as spreadsheets copy them in many
    locales) turned into dots in the cells from column ``first_entry`` on, when the
    block plainly uses them."""
    cells = [c for row in block for c in row[first_entry:]]
    if not uses_decimal_comma(cells):
        return block
    return [row[:first_entry] + dot_decimals(row[first_entry:]) for row in block]
