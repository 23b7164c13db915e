"""Reading outcomes and weights from delimited text files.

Comma, semicolon and tab files (or any delimiter an Excel ``sep=X`` first line names),
with or without a header, in UTF-8, UTF-16 or UTF-32 (with or without a byte-order
mark) or Windows-1252, with LF, CRLF or CR line ends, with decimal commas and thousands
separators as spreadsheets write them in many locales (decided once per file, see
:mod:`klgui.io.decimal_comma`), and our own exported table. Reading happens in two
steps, so the window can ask a person what the file cannot tell:

1. :func:`read_delimited` turns the file into columns of text and guesses which column
   is the label, P and Q (:meth:`DelimitedTable.guess`), saying whether it is sure.
2. :meth:`DelimitedTable.outcomes` (P and Q) or :meth:`DelimitedTable.weights` (one
   distribution) parses the chosen columns, refusing bad data with a message that names
   the file, the line and the column.

Which columns are the reference and the models of a file with several weight columns
is decided by :mod:`klgui.io.column_roles` (the policy of the window and the command
line alike), which reads them with :meth:`DelimitedTable.read_columns`.

Nothing here touches a Document: a failed import cannot change the tables. What is not
a regular file (a FIFO, a device, a directory) is refused before it is opened, and
files, lines and rows beyond :data:`MAX_FILE_BYTES`, :data:`MAX_LINE_CHARS` and
:data:`MAX_COLUMNS` are refused within seconds, before anything large is built.

The stages live beside this module: the container and its text (:mod:`klgui.io.text_file`),
the delimiter (:mod:`klgui.io.delimiters`), records and columns
(:mod:`klgui.io.csv_records`), the header and the columns' names
(:mod:`klgui.io.header_row`), and the table of texts with its guesses, reading and
messages (:mod:`klgui.io.delimited_table`); every name of ``__all__`` is importable
from here.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from klgui.io.bulk import without_gc
from klgui.io.csv_records import (MAX_COLUMNS, ImportCancelled, Progress, _careful_table,
                                  _uniform_table)
from klgui.io.decimal_comma import NumberFormat, decide_format, is_number_shaped, plain_kind
from klgui.io.delimited_table import Columns, DelimitedTable, DuplicateLabels, Outcomes
from klgui.io.delimiters import _sniff
from klgui.io.header_row import _SAMPLE_LINES, P_NAMES, Q_NAMES, named_column, normal_name
from klgui.io.text_file import (MAX_FILE_BYTES, MAX_LINE_CHARS, CsvImportError, check_line_lengths,
                        decode, read_bytes, split_sep_line, unified_line_ends)

__all__ = ["CsvImportError", "DuplicateLabels", "ImportCancelled", "Columns", "Outcomes",
           "DelimitedTable", "read_delimited", "parse_delimited", "NumberFormat", "Progress",
           "MAX_FILE_BYTES", "MAX_LINE_CHARS", "MAX_COLUMNS", "P_NAMES", "Q_NAMES", "normal_name",
           "named_column"]


# -- reading a file -----------------------------------------------------------------
def read_delimited(path: str | Path, progress: Progress | None = None) -> DelimitedTable:
    """Read a delimited file into a :class:`DelimitedTable`.

    Raises CsvImportError naming the file (and the line) for a file that is missing,
    not a regular file, too large, empty, binary, has only a header, ragged rows, a
    line or a row beyond the limits; ImportCancelled when ``progress`` returns False.
    """
    path = Path(path)
    return parse_delimited(read_bytes(path), path.name, progress)


def parse_delimited(data: bytes | str, source: str = "the text",
                    progress: Progress | None = None) -> DelimitedTable:
    """Like :func:`read_delimited`, for the content of a file; ``source`` names it in
    messages."""
    with without_gc():
        return _parse(data, source, progress)


def _parse(data: bytes | str, source: str, progress: Progress | None) -> DelimitedTable:
    text = decode(data, source) if isinstance(data, bytes) else data
    text, delimiter = split_sep_line(unified_line_ends(text))
    first_line = 1 if delimiter is None else 2
    if not text or text.isspace():  # (no stripped copy of a large text)
        raise CsvImportError(f"{source} is empty: there are no outcomes in it.")
    delimiter = _sniff(text, source, delimiter, first_line)
    check_line_lengths(text, source, first_line)
    read = _uniform_table(text, delimiter, source, progress, first_line)
    if read is None:
        read = _careful_table(text, delimiter, source, progress, first_line)
    header, columns, lines = read
    kinds = {j: plain_kind(c) for j, c in enumerate(columns) if _holds_numbers(c)}
    fmt = decide_format([columns[j] for j in kinds], delimiter, list(kinds.values()))
    if progress is not None and not progress(0.95):
        raise ImportCancelled()
    return DelimitedTable(source, delimiter, fmt, header, columns, lines, kinds)


def _holds_numbers(column: list[str]) -> bool:
    """Whether most of a column's first non-blank cells are shaped like numbers: its
    cells then have a say in the file's number format (labels do not)."""
    sample = list(itertools.islice((c for c in column if c.strip()), _SAMPLE_LINES))
    return sum(map(is_number_shaped, sample)) * 2 > len(sample)

