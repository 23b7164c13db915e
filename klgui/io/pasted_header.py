"""The header line of a pasted block and the table's columns: where each pasted column
goes when the header names them (``outcome,Model B,Model A,P``, in any order), and
whether a pasted line is a header alone, with no values below it.

A header cell names a column of the table as the rest of the app finds a column by name
(:func:`klgui.io.column_roles.named`, as the command line's ``--focus``): its name
exactly, else its name but for case, else ``p`` or ``q`` (any case) for the alias "P"
(the reference) or "Q" (the focus model) when no column is called so
(:meth:`klgui.model.document.Document.column_id`). The label column is the header's
cell above the labels (the first, when the block was pasted into the Outcome column),
or a usual name for a label column (``outcome``, ``label``…,
:data:`~klgui.io.header_row.LABEL_NAMES`).

No Qt, no Document: the table passes its columns' names and the places of the
reference and the focus model.
"""

from __future__ import annotations

from collections.abc import Sequence

from klgui.core.characters import quoted
from klgui.io.column_roles import named
from klgui.io.header_row import LABEL_NAMES, names_a_column, normal_name

__all__ = ["PastedHeaderError", "header_fields", "is_header_alone", "names_table_column"]

#: The table's label column as messages name it.
OUTCOME = "Outcome"


class PastedHeaderError(ValueError):
    """A pasted header that names columns, some of which the table does not have or
    two of which name one column: ``cell`` is the header's cell (0-based) refused."""

    def __init__(self, message: str, cell: int) -> None:
        super().__init__(message)
        self.cell = cell


def _field(cell: str, names: Sequence[str], reference: int, focus: int) -> int | None:
    """The field (1-based place among ``names``) of the column ``cell`` names, else
    None."""
    found = named(cell.strip(), names)
    if found in names:
        return list(names).index(found) + 1
    return {"P": reference, "Q": focus}.get(found)


def names_table_column(cell: str, names: Sequence[str]) -> bool:
    """Whether header ``cell`` names one of the table's columns ``names`` (or the
    alias P or Q)."""
    found = named(cell.strip(), names)
    return found in names or found in ("P", "Q")


def header_fields(header: Sequence[str], first_entry: int, names: Sequence[str],
                  reference: int, focus: int) -> list[int] | None:
    """Where each column of a pasted block goes, by the names of its header line.

    Parameters
    ----------
    header : sequence of str
        The header line's cells, left out of the block.
    first_entry : int
        Where the block's weights begin: 1 when it was pasted into the Outcome column
        (its first cell is then the label column's), else 0.
    names : sequence of str
        The table's distribution columns' names, in order (field 1, 2, …).
    reference, focus : int
        The fields of the reference and of the focus model (the aliases P and Q).

    Returns
    -------
    list of int or None
        The field of each pasted column (0: the label column), one per header cell;
        None when no cell names a column of the table (``weight``, ``count``…): the
        block is then filled by position, from the cell pasted into.

    Raises
    ------
    PastedHeaderError
        When the header names columns of the table but one of its cells names none of
        them (nor the label column), or two cells name one column: the message names
        the cell and the table's columns. Filled by position, those columns would land
        where the header does not say.
    """
    fields = [_field(c, names, reference, focus) for c in header]
    if not any(f is not None for f in fields):
        return None
    columns = ", ".join([OUTCOME, *names])
    out: list[int] = []
    for j, (cell, f) in enumerate(zip(header, fields)):
        if f is None and (j < first_entry or normal_name(cell) in LABEL_NAMES):
            f = 0
        if f is None:
            raise PastedHeaderError(
                f"the header line names the table's columns, but its cell {quoted(cell)} "
                f"(column {j + 1} of the block) names none of them ({columns}); rename "
                "that cell to a column's name, or add that column first", j)
        if f in out:
            other = header[out.index(f)]
            where = OUTCOME if f == 0 else names[f - 1]
            raise PastedHeaderError(
                f"the header line's cells {quoted(other)} and {quoted(cell)} both name "
                f"the column {where} (the table's columns: {columns}); each pasted "
                "column needs a column of its own", j)
        out.append(f)
    return out


def is_header_alone(cells: Sequence[str], first_entry: int, names: Sequence[str]) -> bool:
    """Whether one pasted line of ``cells`` (split at tabs or a CSV file's delimiter) is
    a header line alone: two cells or more, every cell from ``first_entry`` on can name
    a column (:func:`~klgui.io.header_row.names_a_column`), and one names a column of
    the table (``names``, or P or Q). ``Smith, J.`` and ``x,y`` (labels with a comma,
    though ``x`` is a usual name for a label column) are not."""
    if len(cells) < 2 or not all(map(names_a_column, cells[first_entry:])):
        return False
    return any(names_table_column(c, names) for c in cells)
