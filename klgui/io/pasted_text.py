"""Clipboard text as the block of cells the table pastes: tab-separated, as spreadsheets
copy cells, or the lines of a CSV file copied from a text editor (``Kopf;0,8;0,6`` from a
German file, ``a,0.8,0.6`` from an English one), split as the CSV import splits them.

The rule, so that a single value or a label with a comma in it pastes into one cell as
before:

1. Text with a tab in some line is tab-separated: split at the tabs (:func:`from_tsv`).
2. Otherwise it is one column of cells, unless its lines are delimited fields: the
   delimiter is sniffed as the CSV import sniffs it (:mod:`klgui.io.delimiters`: the one
   of semicolon and comma, or the one a ``sep=`` line names, that splits the lines most
   consistently; a semicolon on a tie), quotes read as the CSV import reads them, and
   blank lines left out. The lines are then taken as fields when at least half of them
   have two fields or more whose weights are numbers in some number format
   (:func:`~klgui.io.decimal_comma.is_number_like`): pasting into an entry column,
   every field is a number; pasting into the label column, the fields after the label
   hold a number (any text is a label, so a line of weights with a mistyped one must
   not become one label: it is split, and the paste refuses the cell), and, for commas,
   not every line is itself one number (``0,5``, a column of ``0,5`` and ``0,25``, and
   ``1,234`` are numbers with a decimal comma or a thousands comma, not two fields).
   ``Smith, J.`` is one label, ``0,5`` one entry, ``Kopf;0,8;0,6`` a label and two
   entries; ``outcome;P;Q⏎a;x;1`` is a header and a line whose ``x`` the paste refuses,
   naming its line (it was two labels, each a whole line).
3. Lines taken as fields must all have the fields of the widest one (empty fields
   count, so ``a;;0,6`` is three): a shorter line is refused, naming it.

The weights' number format (decimal comma or dot, thousands separators) is then decided
for the whole block by :func:`klgui.io.tsv.entry_block`, as for a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from klgui.io.csv_records import _records
from klgui.io.decimal_comma import is_number_like
from klgui.io.delimiters import _OTHER_DELIMITERS, DELIMITERS, _sniff
from klgui.io.header_row import _trimmed
from klgui.io.text_file import CsvImportError, split_sep_line, unified_line_ends
from klgui.io.tsv import from_tsv

__all__ = ["PastedCells", "pasted_cells"]

_SOURCE = "The pasted text"


@dataclass(frozen=True)
class PastedCells:
    """The cells of pasted text: ``rows`` of cell texts (not yet read as numbers), the
    delimiter its lines were split at when they were read as a CSV file's (``";"``,
    ``","`` or a ``sep=`` line's), None for tab-separated text or one column, and then
    ``lines``, the 1-based line of the text where each row begins (blank lines are left
    out of the rows)."""

    rows: list[list[str]]
    delimiter: str | None = None
    lines: tuple[int, ...] = ()

    def line_of(self, row: int) -> int:
        """The line of the pasted text where ``rows[row]`` (0-based) begins, for a
        message: blank lines left out of lines split as a CSV file's count; for other
        text the row's own number."""
        return self.lines[row] if row < len(self.lines) else row + 1

    def describe_split(self) -> str:
        """"semicolons", "commas" ...: what the lines were split at ("" when at tabs)."""
        if self.delimiter is None:
            return ""
        name = DELIMITERS.get(self.delimiter) or _OTHER_DELIMITERS.get(self.delimiter)
        return f"{name}s" if name else repr(self.delimiter)


def pasted_cells(text: str, first_entry: int) -> PastedCells:
    """The block of cells in clipboard ``text`` (see the module's rule).

    Parameters
    ----------
    text : str
        What the clipboard holds; CR, LF and CRLF line ends alike.
    first_entry : int
        The block's column where the weights begin: 1 when it is pasted into the label
        column (a label, then the entries), 0 into an entry column.

    Returns
    -------
    PastedCells
        Rows of cells with trailing blank lines (and, for tab-separated text, blank
        columns on the right) left out; the weights of lines split as a CSV file's
        without the blanks around them.

    Raises
    ------
    CsvImportError
        When the lines are a CSV file's but cannot be split: a line with fewer fields
        than another, a quotation mark that never closes, more than
        :data:`~klgui.io.csv_records.MAX_COLUMNS` fields. The message names the line of
        ``text`` ("The pasted text, line 3: ...").
    """
    block = from_tsv(text)
    if not block or any(len(r) > 1 for r in block) or (";" not in text and "," not in text):
        return PastedCells(block)
    lines_text, chosen = split_sep_line(unified_line_ends(text))
    first_line = 1 if chosen is None else 2
    if not lines_text.strip():
        return PastedCells(block)
    try:
        delimiter = _sniff(lines_text, _SOURCE, chosen, first_line)
    except CsvImportError as e:
        if e.line is None:  # one column: no delimiter splits the lines
            return PastedCells(block)
        raise
    rows, lines = _records(lines_text, delimiter, _SOURCE, None, first_line)
    if not rows or not _fields_meant(rows, delimiter, first_entry):
        return PastedCells(block)
    width = max(len(_trimmed(r)) for r in rows)
    for r, line in zip(rows, lines):
        if len(r) < width:
            widest = lines[next(i for i, w in enumerate(rows) if len(_trimmed(w)) == width)]
            raise CsvImportError(
                f"{_SOURCE}, line {line}: {_values(len(r))}, but line {widest} has {width}; "
                f"every line needs the same number of values (split at "
                f"{PastedCells(rows, delimiter).describe_split()}, as in a CSV file).",
                line=line)
    cells = [r[:first_entry] + [c.strip() for c in r[first_entry:width]] for r in rows]
    return PastedCells(cells, delimiter, tuple(lines))


def _fields_meant(rows: list[list[str]], delimiter: str, first_entry: int) -> bool:
    """Whether lines split at ``delimiter`` are fields (step 2 of the module's rule)."""
    if delimiter == "," and all(is_number_like(",".join(r)) for r in rows):
        return False  # 0,5 or 1,234: one number each
    weights = _any_number if first_entry else _all_numbers
    numeric = sum(len(_trimmed(r)) >= 2 and weights(r[first_entry:]) for r in rows)
    return numeric * 2 >= len(rows)


def _all_numbers(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(map(is_number_like, filled))


def _any_number(cells: list[str]) -> bool:
    """Whether ``cells`` (the weights of a line pasted into the label column) hold a
    number: a line of a table of weights, even with a mistyped one, which the paste
    then refuses naming it (as one label, the whole line would rename an outcome)."""
    return any(is_number_like(c) for c in cells if c.strip())


def _values(n: int) -> str:
    return "1 value" if n == 1 else f"{n} values"
