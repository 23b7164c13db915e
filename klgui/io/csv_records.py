"""Splitting the text of a delimited file into records and columns, with the line each
row starts on: the fast reading of the usual file (no quotes, no blank lines, the same
fields on every line) and the careful one, record by record, that finds and names every
problem (a ragged row, an unclosed quote, too many columns). Used by
:mod:`klgui.io.csv_import`, which decides the delimiter first
(:mod:`klgui.io.delimiters`).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable

from klgui.core import Cancelled

from klgui.io.header_row import _SAMPLE_LINES, _header, _trimmed
from klgui.io.text_file import CsvImportError

__all__ = ["ImportCancelled", "Progress", "MAX_COLUMNS"]


#: Called with the fraction done (0..1); returning False cancels the import.
Progress = Callable[[float], bool]
#: The most columns a file may have: a table of outcomes needs three; a thousand
#: leaves room for wide exports whose P and Q are chosen in the dialog.
MAX_COLUMNS = 1_000
_PROGRESS_EVERY = 50_000


class ImportCancelled(Cancelled):
    """The person cancelled the import; nothing was changed."""


def _careful_table(text: str, delimiter: str, source: str, progress: Progress | None,
                   first_line: int):
    """Header, columns and line numbers, record by record with the csv module."""
    if '"' not in text:  # (quoted records are checked one by one as they are read)
        _check_columns(text, delimiter, source, first_line)
    rows, lines = _records(text, delimiter, source, progress, first_line)
    if not rows:
        raise CsvImportError(f"{source} is empty: there are no outcomes in it.")
    header = _header(rows[:_SAMPLE_LINES * 20])
    if header is not None:
        del rows[0]
        header_line = lines.pop(0)
        if not rows:
            raise CsvImportError(f"{source} has a header (line {header_line}) but no data rows.",
                                 line=header_line)
    width = _width(header, rows, lines, source)
    if set(map(len, rows)) != {width}:
        for r in rows:  # pad or cut to the width (what is cut is empty: _width checked)
            if len(r) < width:
                r.extend([""] * (width - len(r)))
            del r[width:]
    columns = tuple(list(c) for c in zip(*rows))
    if progress is not None and not progress(0.9):
        raise ImportCancelled()
    return (header[:width] if header else None), columns, lines


def _uniform_table(text: str, delimiter: str, source: str, progress: Progress | None,
                   first_line: int = 1):
    """Header, columns and line numbers of the usual file (no quotes, no blank lines,
    every line with the same fields) read with two str.split calls, about three times
    faster than record by record; None for any other file, which _careful_table reads
    (and where its errors are found)."""
    if '"' in text:
        return None
    text = text.rstrip("\n")
    blank = rf"(?:[^\S\n]|{re.escape(delimiter)})*(?:\n|\Z)"
    if re.match(blank, text) or re.search(r"\n" + blank, text):  # (a literal first: fast)
        return None  # a blank line (or one of blanks): skipped the careful way
    lines = text.split("\n")
    counts = set(map(str.count, lines, itertools.repeat(delimiter)))
    if len(counts) != 1:
        return None  # (the careful reading checks the widths before splitting)
    if max(counts) >= MAX_COLUMNS:
        _too_many_columns(max(counts) + 1, first_line, source)
    fields = counts.pop() + 1
    flat = text.replace("\n", delimiter).split(delimiter)
    del text
    columns = [flat[j::fields] for j in range(fields)]
    del flat
    if progress is not None and not progress(0.5):
        raise ImportCancelled()
    head = [list(r) for r in zip(*(c[:_SAMPLE_LINES * 20] for c in columns))]
    header = _header(head)
    numbers = list(range(first_line, first_line + len(lines)))
    if header is not None:
        columns = [c[1:] for c in columns]
        header_line = numbers.pop(0)
        if not numbers:
            raise CsvImportError(f"{source} has a header (line {header_line}) but no data rows.",
                                 line=header_line)
    width = len(_trimmed(list(header))) if header else len(_trimmed(head[0]))
    if width > fields or any(any(c) for c in columns[width:]):
        return None  # values beyond the named columns: refused the careful way
    _at_least_two(width, source)
    if progress is not None and not progress(0.9):
        raise ImportCancelled()
    return (header[:width] if header else None), tuple(columns[:width]), numbers


def _records(text: str, delimiter: str, source: str, progress: Progress | None,
             first_line: int = 1) -> tuple[list[list[str]], list[int]]:
    """The non-blank records and the line each starts on, read in chunks so that a
    million lines take about a second and progress can be reported between chunks."""
    total_lines = text.count("\n") + 1
    offset = first_line - 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Without quotes a record is one line, so record k is on line k + 1 and whole chunks
    # can be read at C speed; quoted fields may span lines, so follow reader.line_num.
    quoted = '"' in text
    rows: list[list[str]] = []
    lines: list[int] = []
    start = first_line
    try:
        while True:
            first = reader.line_num + 1 + offset
            if quoted:
                chunk, starts = [], []
                for record in itertools.islice(reader, _PROGRESS_EVERY):
                    if len(record) > MAX_COLUMNS:
                        _too_many_columns(len(record), start, source)
                    chunk.append(record)
                    starts.append(start)
                    start = reader.line_num + 1 + offset
            else:
                chunk = list(itertools.islice(reader, _PROGRESS_EVERY))
                starts = range(first, first + len(chunk))
            if not chunk:
                break
            for record, line in zip(chunk, starts):
                if record and (record[0].strip() or "".join(record).strip()):
                    rows.append(record)
                    lines.append(line)
            if progress is not None and not progress(0.8 * min(reader.line_num / total_lines, 1.0)):
                raise ImportCancelled()
    except csv.Error as e:
        line, problem = reader.line_num + offset, str(e)
        if "field limit" in problem:
            limit = f"{csv.field_size_limit():,} characters"
            problem = f"a field is longer than {limit}"
            if quoted:  # the record being read began at `start`: its quote never closes
                line, problem = start, ('a quotation mark (") opens a field that never '
                                        f"closes (it runs on past {limit})")
        raise CsvImportError(f"{source}, line {line}: {problem}.", line=line) from None
    return rows, lines


def _too_many_columns(n: int, line: int, source: str) -> None:
    raise CsvImportError(f"{source}, line {line} has {n:,} columns; at most {MAX_COLUMNS:,} "
                         "are supported.", line=line)


def _check_columns(text: str, delimiter: str, source: str, first_line: int) -> None:
    """Refuse a line of unquoted text with more than MAX_COLUMNS fields, before any is
    split (one regular-expression pass; lines are already bounded in length)."""
    d = re.escape(delimiter)
    m = re.search(rf"(?m)^(?:[^\n{d}]*{d}){{{MAX_COLUMNS}}}", text)
    if m is not None:
        stop = text.find("\n", m.start())
        line_text = text[m.start():None if stop == -1 else stop]
        _too_many_columns(line_text.count(delimiter) + 1,
                          text.count("\n", 0, m.start()) + first_line, source)


def _width(header: tuple[str, ...] | None, rows: list[list[str]], lines: list[int],
           source: str) -> int:
    """How many columns the file has; a row with values beyond them, or missing some, is
    refused with its line."""
    width = len(_trimmed(list(header))) if header else len(_trimmed(rows[0]))
    whose = "the header names" if header else "the first line has"
    if set(map(len, rows)) == {width}:  # the usual case, checked at C speed
        return _at_least_two(width, source)
    for r, line in zip(rows, lines):
        n = len(_trimmed(r))
        if n > width or len(r) < width:
            found = n if n > width else len(r)
            raise CsvImportError(
                f"{source}, line {line}: {found} values, but {whose} {width} columns; "
                "every line needs the same columns.", line=line)
    return _at_least_two(width, source)


def _at_least_two(width: int, source: str) -> int:
    if width < 2:
        raise CsvImportError(f"{source}: the file needs at least two columns "
                             "(a label and a weight).")
    return width
