"""Clipboard text as the block of cells the table pastes: tab-separated, as spreadsheets
copy cells, or the lines of a CSV file copied from a text editor (``Kopf;0,8;0,6`` from a
German file, ``a,0.8,0.6`` from an English one), split as the CSV import splits them.

The rule, so that a single value or a label with a comma in it pastes into one cell as
before:

1. Text with a tab in some line is tab-separated: split at the tabs (:func:`from_tsv`).
2. Otherwise it is one column of cells, unless its lines are delimited fields: the
   delimiter is sniffed as the CSV import sniffs it (:mod:`klgui.io.delimiters`: the one
   of semicolon and comma, or the one a ``sep=`` line names, that splits the lines most
   consistently; a semicolon on a tie) and quotes read as the CSV import reads them.
   The lines are then taken as fields when at least half of them have two fields or
   more whose weights are numbers in some number format
   (:func:`~klgui.io.decimal_comma.is_number_like`): pasting into an entry column,
   every field is a number; pasting into the label column, the fields after the label
   hold a number (any text is a label, so a line of weights with a mistyped one must
   not become one label: it is split, and the paste refuses the cell), and, for commas,
   not every line is itself one number (``0,5``, a column of ``0,5`` and ``0,25``, and
   ``1,234`` are numbers with a decimal comma or a thousands comma, not two fields; so
   too under a first line that names the column, ``P⏎0,1⏎0,9``, by the header rule).
   ``Smith, J.`` is one label, ``0,5`` one entry, ``Kopf;0,8;0,6`` a label and two
   entries; ``outcome;P;Q⏎a;x;1`` is a header and a line whose ``x`` the paste refuses,
   naming its line (it was two labels, each a whole line).
3. Lines taken as fields must all have the fields of the widest one (empty fields
   count, so ``a;;0,6`` is three): a shorter line is refused, naming it. A tab-separated
   row shorter than the widest has empty cells on its right (which the table refuses).
4. A blank line inside the block (before its last line that holds something; a line of
   blanks, tabs or delimiters alike) is a row of empty cells, as a spreadsheet copies a
   column with an empty cell (``0.3⏎⏎0.7``), in every shape: refused, naming its line.
   Left out, it would move the rows below it up one and leave the old row in place.
   Trailing line breaks and blank lines end the block: they are no row.
5. A quotation mark that opens a field of lines split as a CSV file's and never closes
   (``a,"1,1⏎b,1,1``) is refused, naming its line: read as written, the lines would
   become labels, each a whole line.
6. One line that is a header alone (``outcome,P,Model A`` or ``outcome⇥P⇥Q`` and
   nothing below it; :func:`klgui.io.pasted_header.is_header_alone`, given the table's
   column names) is refused: there are no values to paste (pasted into the Outcome
   column it would rename an outcome to the whole line).

The weights' number format (decimal comma or dot, thousands separators) is then decided
for the whole block by :func:`klgui.io.tsv.entry_block`, as for a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, NoReturn

from klgui.core.errors import more_lines
from klgui.io.csv_records import _records
from klgui.io.decimal_comma import is_number_like
from klgui.io.delimiters import _OTHER_DELIMITERS, DELIMITERS, _sniff
from klgui.io.header_row import _trimmed, is_header_row
from klgui.io.pasted_header import is_header_alone
from klgui.io.text_file import CsvImportError, split_sep_line, unified_line_ends
from klgui.io.tsv import BlockCellError, entry_block, from_tsv

__all__ = ["PastedCells", "PastedColumn", "pasted_cells", "pasted_column"]

_SOURCE = "The pasted text"


@dataclass(frozen=True)
class PastedCells:
    """The cells of pasted text: ``rows`` of cell texts (not yet read as numbers), the
    delimiter its lines were split at when they were read as a CSV file's (``";"``,
    ``","`` or a ``sep=`` line's), None for tab-separated text or one column, and then
    ``lines``, the 1-based line of the text where each row begins, for lines split as a
    CSV file's (a row may span lines in a quoted field)."""

    rows: list[list[str]]
    delimiter: str | None = None
    lines: tuple[int, ...] = ()

    def line_of(self, row: int) -> int:
        """The line of the pasted text where ``rows[row]`` (0-based) begins, for a
        message: for lines split as a CSV file's the line it begins on; for other text
        the row's own number."""
        return self.lines[row] if row < len(self.lines) else row + 1

    def describe_split(self) -> str:
        """"semicolons", "commas" ...: what the lines were split at ("" when at tabs)."""
        if self.delimiter is None:
            return ""
        name = DELIMITERS.get(self.delimiter) or _OTHER_DELIMITERS.get(self.delimiter)
        return f"{name}s" if name else repr(self.delimiter)


def pasted_cells(text: str, first_entry: int, names: Sequence[str] = ()) -> PastedCells:
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
        columns on the right) left out, every row as wide as the widest; the weights of
        lines split as a CSV file's without the blanks around them.

    Raises
    ------
    CsvImportError
        When the lines are a CSV file's but cannot be split: a line with fewer fields
        than another, a quotation mark that never closes (rule 5), more than
        :data:`~klgui.io.csv_records.MAX_COLUMNS` fields; and, in any shape, a blank line
        inside the block (rule 4) or a header line alone (rule 6). The message names the
        line of ``text`` ("The pasted text, line 3: ...").
    """
    block = from_tsv(text)
    split = _csv_lines(text, block, first_entry)
    if split is not None:
        _refuse_header_alone(split.rows, first_entry, names)
        return split
    _refuse_header_alone(block, first_entry, names)
    blank = [i + 1 for i, r in enumerate(block) if not "".join(r).strip()]
    if blank:
        _refuse_blank(blank[0], blank[1:])
    width = max((len(r) for r in block), default=0)
    for r in block:  # a short row's missing cells are empty (refused), not the old ones
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    return PastedCells(block)


class PastedColumn(NamedTuple):
    """What :func:`pasted_column` read."""

    #: The values, dot decimals and no grouping, for the parser.
    texts: list[str]
    #: The line of the pasted text each value is on (1-based), for messages.
    lines: list[int]
    #: The first line when it named the column and was left out (say so), else None.
    header: str | None = None


def pasted_column(text: str, decimal_comma: bool = False, what: str = "values"
                  ) -> PastedColumn:
    """One column of numbers pasted (a lab's likelihood column): read as the table's
    paste reads a block pasted into an entry column (:func:`pasted_cells`, then
    :func:`klgui.io.tsv.entry_block`: the block's number format, ``decimal_comma``: the
    locale's; a header line left out).

    Returns
    -------
    PastedColumn
        The values, the line of ``text`` each is on, and the header line left out.

    Raises
    ------
    CsvImportError
        Nothing to paste, more than one column (``what`` names what the column takes),
        or a value whose number format does not fit the block's; the message names the
        line of ``text``.
    """
    cells = pasted_cells(text, 0)
    if not cells.rows:
        raise CsvImportError("The clipboard holds no values to paste.")
    width = max(len(r) for r in cells.rows)
    if width > 1:
        raise CsvImportError(f"{_SOURCE} has {width} columns; paste one column of {what}.")
    try:
        block = entry_block(cells.rows, 0, decimal_comma, cells.delimiter)
    except BlockCellError as e:
        line = cells.line_of(e.row + e.skipped)
        others = more_lines(cells.line_of(i + e.skipped) for i in e.others)
        raise CsvImportError(f"{_SOURCE}, line {line}: '{e.text}' {e.problem}.{others}",
                             line=line) from None
    skipped = int(block.header_skipped)
    return PastedColumn([r[0] for r in block.rows],
                        [cells.line_of(i + skipped) for i in range(len(block.rows))],
                        cells.rows[0][0] if skipped else None)


def _csv_lines(text: str, block: list[list[str]], first_entry: int) -> PastedCells | None:
    """The block of ``text``'s lines split as a CSV file's, or None when they are not
    fields (step 2 of the module's rule)."""
    if not block or any(len(r) > 1 for r in block) or (";" not in text and "," not in text):
        return None
    lines_text, chosen = split_sep_line(unified_line_ends(text))
    first_line = 1 if chosen is None else 2
    if not lines_text.strip():
        return None
    try:
        delimiter = _sniff(lines_text, _SOURCE, chosen, first_line)
    except CsvImportError as e:
        if e.line is None:  # one column: no delimiter splits the lines
            return None
        raise
    if '"' in lines_text:
        _refuse_unclosed_quote(lines_text, delimiter, first_line)
    rows, lines = _records(lines_text, delimiter, _SOURCE, None, first_line)
    if not rows or not _fields_meant(rows, delimiter, first_entry):
        return None
    width = max(len(_trimmed(r)) for r in rows)
    short = [(r, line) for r, line in zip(rows, lines) if len(r) < width]
    if short:
        (r, line), others = short[0], [at for _, at in short[1:]]
        widest = lines[next(i for i, w in enumerate(rows) if len(_trimmed(w)) == width)]
        raise CsvImportError(
            f"{_SOURCE}, line {line}: {_values(len(r))}, but line {widest} has {width}; "
            f"every line needs the same number of values (split at "
            f"{PastedCells(rows, delimiter).describe_split()}, as in a CSV file)."
            f"{more_lines(others)}", line=line)
    blank = _blank_record(lines_text, delimiter, first_line, lines)
    if blank is not None:
        _refuse_blank(blank)
    cells = [r[:first_entry] + [c.strip() for c in r[first_entry:width]] for r in rows]
    return PastedCells(cells, delimiter, tuple(lines))


def _blank_record(text: str, delimiter: str, first_line: int, lines: list[int]
                  ) -> int | None:
    """The line of the first blank record (no field but blanks: an empty line, ``;;``)
    of ``text``, whose first line is ``first_line``, before its last record that is not
    blank, else None. ``lines``: where each record that is not blank begins."""
    if '"' not in text:  # a record a line: the first line missing from ``lines``
        return next((line for line, at in enumerate(lines, first_line) if at != line), None)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = first_line
    for record in reader:
        if start >= lines[-1]:
            return None
        if not "".join(record).strip():
            return start
        start = reader.line_num + first_line
    return None


def _refuse_unclosed_quote(text: str, delimiter: str, first_line: int) -> None:
    """Refuse ``text`` (whose first line is ``first_line``) when a quotation mark opens
    a field and never closes (rule 5), naming the line where that field's record
    begins; a quote inside a field (``5" screen``) is a character of it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = first_line
    try:
        for _ in reader:
            start = reader.line_num + first_line
    except csv.Error as e:
        if "end of data" not in str(e):
            return  # other quoting the lenient reading takes as written
        raise CsvImportError(
            f"{_SOURCE}, line {start}: a quotation mark opens a field and never closes, "
            "so the rest of the text would be one field. Close the quotation mark, or "
            "remove it.", line=start) from None


def _refuse_header_alone(rows: list[list[str]], first_entry: int,
                         names: Sequence[str]) -> None:
    """Refuse a block that is one header line and no values (rule 6)."""
    if len(rows) != 1:
        return
    cells = rows[0]
    if len(cells) == 1 and ("," in cells[0] or ";" in cells[0]):
        delimiter = ";" if ";" in cells[0] else ","
        cells = next(csv.reader([cells[0]], delimiter=delimiter), [])
    if is_header_alone([c.strip() for c in cells], first_entry, names):
        raise CsvImportError(
            f"{_SOURCE} is only a header line: there are no values to paste. Copy the "
            "lines of values below it too, or paste the values alone.", line=1)


def _refuse_blank(line: int, others: Sequence[int] = ()) -> NoReturn:
    """A blank line inside the block: the row of empty cells a spreadsheet copies from
    a row with empty cells, which the table cannot take, not a line to skip (skipped,
    the rows below it would land one row higher, and the old row stay)."""
    raise CsvImportError(
        f"Line {line} of the pasted text is blank, inside the block: its cells would be empty, "
        f"and a cell cannot be empty. Fill the line in, or leave it out.{more_lines(others)}",
        line=line)


def _fields_meant(rows: list[list[str]], delimiter: str, first_entry: int) -> bool:
    """Whether lines split at ``delimiter`` are fields (step 2 of the module's rule)."""
    if delimiter == "," and _one_number_each(rows):
        return False  # 0,5 or 1,234: one number each (under a header line, if any)
    weights = _any_number if first_entry else _all_numbers
    numeric = sum(len(_trimmed(r)) >= 2 and weights(r[first_entry:]) for r in rows)
    return numeric * 2 >= len(rows)


def _one_number_each(rows: list[list[str]]) -> bool:
    """Whether every line split at commas is one number (``0,5``, ``1,234``), or every
    line but a first that names them (``P⏎0,1⏎0,9``, the header rule of
    :func:`klgui.io.header_row.is_header_row` for one column): a header is not a number,
    and must not make the decimal commas below it field separators."""
    lines = [[",".join(r)] for r in rows]
    numbers = [is_number_like(line[0]) for line in lines]
    if all(numbers):
        return True
    return (len(lines) > 1 and all(numbers[1:]) and len(_trimmed(rows[0])) == 1
            and is_header_row(lines, 0))


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
