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
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from klgui.core import Cancelled, WeightParseError
from klgui.core.characters import describe_odd_characters, quoted
from klgui.core.formatting import probability_text
from klgui.core.parsing import ParsedTexts, parse_entries, parse_exact, parse_weights

from klgui.io.bulk import without_gc
from klgui.io.decimal_comma import (CellFormatError, NumberFormat, canonical_numbers, decide_format,
                                    is_number_like, is_number_shaped, plain_kind)
from klgui.io.formula_guard import unescape_cells
from klgui.io.text_file import (MAX_FILE_BYTES, MAX_LINE_CHARS, CsvImportError, check_line_lengths,
                        decode, read_bytes, split_sep_line, unified_line_ends)

__all__ = ["CsvImportError", "DuplicateLabels", "ImportCancelled", "Columns", "Outcomes",
           "DelimitedTable", "read_delimited", "parse_delimited", "NumberFormat", "Progress",
           "MAX_FILE_BYTES", "MAX_LINE_CHARS", "MAX_COLUMNS", "P_NAMES", "Q_NAMES", "normal_name",
           "named_column"]

#: Called with the fraction done (0..1); returning False cancels the import.
Progress = Callable[[float], bool]

DELIMITERS = {"\t": "tab", ";": "semicolon", ",": "comma"}
#: Names of other delimiters a ``sep=`` line may choose.
_OTHER_DELIMITERS = {"|": "pipe", " ": "space", ":": "colon"}
#: The most columns a file may have: a table of outcomes needs three; a thousand
#: leaves room for wide exports whose P and Q are chosen in the dialog.
MAX_COLUMNS = 1_000
LABEL_NAMES = ("outcome", "outcomes", "label", "labels", "name", "category", "class", "event",
               "word", "token", "item", "key", "bin", "symbol", "state", "value", "x")
P_NAMES = ("p_weight", "p", "p_entry", "p_count", "p_counts", "p_x", "data", "truth", "observed")
Q_NAMES = ("q_weight", "q", "q_entry", "q_count", "q_counts", "q_x", "model", "predicted",
           "expected")
_SAMPLE_LINES = 50
_PROGRESS_EVERY = 50_000


class DuplicateLabels(CsvImportError):
    """The label column repeats labels; ``groups`` maps each repeated label to the lines
    it is on. Import again with ``duplicates="keep"`` or ``"merge"``."""

    def __init__(self, message: str, groups: dict[str, list[int]]) -> None:
        super().__init__(message, line=min(lines[1] for lines in groups.values()))
        self.groups = groups


class ImportCancelled(Cancelled):
    """The person cancelled the import; nothing was changed."""


@dataclass(frozen=True)
class Columns:
    """Which column (0-based) holds the labels (None: number the outcomes), P and Q."""

    label: int | None
    p: int | None
    q: int | None


@dataclass(frozen=True)
class Outcomes:
    """What an import gives the document: labels and entries as text."""

    labels: list[str]
    p: list[str]
    q: list[str]


@dataclass(frozen=True, eq=False)
class DelimitedTable:
    """A delimited file as columns of text, before the P and Q columns are chosen."""

    source: str
    delimiter: str
    number_format: NumberFormat  # decided once from every weight cell
    header: tuple[str, ...] | None
    columns: tuple[list[str], ...]
    lines: list[int]  # the file line each data row starts on
    #: decimal_comma.plain_kind of the columns that hold numbers, by index (when known).
    kinds: dict[int, str | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def decimal_comma(self) -> bool:
        return self.number_format.decimal == ","

    @property
    def n_rows(self) -> int:
        return len(self.lines)

    @property
    def n_columns(self) -> int:
        return len(self.columns)

    def column_name(self, j: int) -> str:
        """The header's name for column ``j``, or "column 3" (1-based)."""
        if self.header and self.header[j].strip():
            return self.header[j].strip()
        return f"column {j + 1}"

    def describe(self) -> str:
        """A short account of what was read and decided: "2,000 rows, 3 columns,
        semicolon-separated, decimal commas, dots between thousands, with a header"."""
        name = DELIMITERS.get(self.delimiter) or _OTHER_DELIMITERS.get(self.delimiter)
        parts = [f"{self.n_rows:,} rows", f"{self.n_columns} columns",
                 f"{name}-separated" if name else f"separated by {self.delimiter!r}"]
        parts += self.number_format.describe()
        parts.append("with a header" if self.header else "no header")
        return ", ".join(parts)

    # -- guessing ------------------------------------------------------------------
    def weight_columns(self) -> list[int]:
        """Columns whose first rows all read as weights."""
        return [j for j in range(self.n_columns) if self._looks_numeric(j)]

    def guess(self) -> tuple[Columns, bool]:
        """The likely roles of the columns, and whether the file says so plainly (named
        P and Q columns, or a headerless ``label,p,q`` or ``label,weight``). When it is
        not sure, ask the person. A file with one weight column has ``q`` None."""
        if self.header is None:
            if self.n_columns == 2:
                return Columns(0, 1, None), True
            return Columns(0, 1, 2), self.n_columns == 3
        numeric = self.weight_columns()
        names = [_normal(n) for n in self.header]
        p, q = _named(names, P_NAMES), _named(names, Q_NAMES)
        label = _named(names, LABEL_NAMES)
        if label is None and 0 not in numeric and 0 not in (p, q):
            label = 0
        weights = [j for j in numeric if j not in (label, p, q)]
        if p is not None and q is not None and p != q:
            return Columns(label, p, q), True
        if p is None and q is None and len(weights) == 1:
            return Columns(label, weights[0], None), True
        if (p is None) != (q is None) and not weights:
            return Columns(label, p if p is not None else q, None), True
        free = iter(weights)
        p = p if p is not None else next(free, None)
        q = q if q is not None else next(free, None)
        return Columns(label, p, q), False

    def _looks_numeric(self, j: int) -> bool:
        try:
            sample = canonical_numbers(self.columns[j][:_SAMPLE_LINES], self.number_format)
            parse_weights(sample)
        except (WeightParseError, CellFormatError):
            return False
        return bool(sample)

    # -- reading the chosen columns -------------------------------------------------
    def texts(self, j: int) -> list[str]:
        """Column ``j`` as the parser reads it: decimal dots, no thousands separators,
        look-alike characters replaced (see :mod:`klgui.io.decimal_comma`).

        Raises CsvImportError naming the line for a cell that does not fit the file's
        number format."""
        try:
            return canonical_numbers(self.columns[j], self.number_format,
                                     self.kinds.get(j, "?"))
        except CellFormatError as e:
            raise self._cell_error(j, e.index, e.problem, "") from None

    def labels(self, j: int | None) -> list[str]:
        """The labels in column ``j``, stripped; a blank label becomes "outcome N"."""
        if j is None:
            return [f"outcome {i + 1}" for i in range(self.n_rows)]
        labels = unescape_cells(map(str.strip, self.columns[j]))  # our exports' ' before =+-@
        if "" in labels:
            labels = [t or f"outcome {i + 1}" for i, t in enumerate(labels)]
        return labels

    def outcomes(self, columns: Columns, duplicates: str = "refuse") -> Outcomes:
        """Labels, P and Q from the chosen columns.

        ``duplicates`` says what to do with a label that appears more than once:
        ``"refuse"`` (raise DuplicateLabels, so the window can ask), ``"keep"`` (separate
        outcomes) or ``"merge"`` (one outcome whose weights are the exact sums).
        """
        if columns.p is None or columns.q is None or columns.p == columns.q:
            raise CsvImportError(f"{self.source}: choose two different columns for P and Q.")
        labels, (p, q) = self.read_columns(columns.label, [(columns.p, "P"), (columns.q, "Q")],
                                           duplicates)
        return Outcomes(labels, p, q)

    def read_columns(self, label: int | None, weights: Sequence[tuple[int, str]],
                     duplicates: str = "refuse") -> tuple[list[str], list[list[str]]]:
        """Labels and the entries of several weight columns, each given as (0-based
        index, name used in messages), in that order. ``duplicates`` as for
        :meth:`outcomes`. Raises CsvImportError naming the line and the column of the
        first bad cell, or DuplicateLabels."""
        if len({j for j, _ in weights}) != len(weights):
            raise CsvImportError(f"{self.source}: choose a different column for each "
                                 "distribution.")
        with without_gc():
            labels = self.labels(label)
            texts = {f"{k}": self._weights(j, which) for k, (j, which) in enumerate(weights)}
            labels, merged = self._resolve_duplicates(labels, texts, duplicates, allow_keep=True)
        return labels, [merged[f"{k}"] for k in range(len(weights))]

    def weights(self, label: int | None, weight: int, which: str,
                duplicates: str = "refuse") -> tuple[list[str], list[str]]:
        """Labels and entries of one distribution (to load into ``which``, P or Q).
        Labels must be unique to be matched with the table's, so ``duplicates`` is
        ``"refuse"`` or ``"merge"``."""
        labels = self.labels(label)
        texts = {which: self._weights(weight, which)}
        labels, merged = self._resolve_duplicates(labels, texts, duplicates, allow_keep=False)
        return labels, merged[which]

    def _weights(self, j: int, which: str) -> ParsedTexts:
        """Column ``j``'s entries, read once: the texts with their values, which a
        document takes as they are."""
        try:
            texts = canonical_numbers(self.columns[j], self.number_format,
                                      self.kinds.get(j, "?"))
        except CellFormatError as e:
            raise self._cell_error(j, e.index, e.problem, which) from None
        try:
            texts = parse_entries(texts)
        except WeightParseError as e:
            raise self._cell_error(j, e.index or 0, e.problem, which) from None
        if not texts.values.any() and not any(map(parse_exact, texts)):  # 1e-400 is not 0
            raise CsvImportError(
                f"{self.source}: every weight in column {self._column_title(j, which)} is 0; "
                f"{which} needs at least one positive weight.")
        return texts

    def _cell_error(self, j: int, i: int, problem: str, which: str) -> CsvImportError:
        """The one-line refusal of row ``i``'s cell in column ``j``: file, line, column,
        the cell (shortened) and the problem, and any invisible or look-alike character
        in it."""
        where = f"column {self._column_title(j, which)}"
        cell = self.columns[j][i]
        if problem == "is empty":
            message = f"{where} is empty"
        else:
            message = f"{quoted(cell)} in {where} {problem}"
            if odd := describe_odd_characters(cell):
                message += f" (it {odd})"
        return CsvImportError(f"{self.source}, line {self.lines[i]}: {message}.",
                              line=self.lines[i])

    def _column_title(self, j: int, which: str) -> str:
        name = self.column_name(j)
        if self.header and which and _normal(name) in (which.lower(), _normal(which),
                                                       f"{which.lower()}_weight"):
            return name
        role = f" ({which})" if which else ""
        return f"{quoted(name)}{role}" if self.header else f"{j + 1}{role}"

    def _resolve_duplicates(self, labels: list[str], texts: dict[str, list[str]],
                            duplicates: str, allow_keep: bool):
        allowed = ("refuse", "keep", "merge") if allow_keep else ("refuse", "merge")
        if duplicates not in allowed:
            raise ValueError(f"duplicates must be one of {allowed}, not {duplicates!r}")
        if len(set(labels)) == len(labels):
            return labels, texts
        rows: dict[str, list[int]] = {}
        for i, label in enumerate(labels):
            rows.setdefault(label, []).append(i)
        groups = {label: found for label, found in rows.items() if len(found) > 1}
        if duplicates == "keep":
            return labels, texts
        if duplicates == "refuse":
            first, at = next(iter(groups.items()))
            lines = [str(self.lines[i]) for i in at]
            if len(lines) > 6:  # keep the message one short line
                lines = lines[:5] + [f"{len(lines) - 5:,} more"]
            more = len(groups) - 1
            raise DuplicateLabels(
                f"{self.source}: the label {quoted(first)} appears on lines "
                f"{', '.join(lines[:-1])} and {lines[-1]}"
                + (f", and {more} more label{'s' if more > 1 else ''} repeat" if more else "")
                + ". Keep them as separate outcomes, or merge each into one by adding its weights.",
                {label: [self.lines[i] for i in at] for label, at in groups.items()})
        order = list(rows)
        merged = {w: [_exact_sum([column[i] for i in rows[label]]) for label in order]
                  for w, column in texts.items()}
        return order, merged


def _exact_sum(texts: list[str]) -> str:
    if len(texts) == 1:
        return texts[0]
    return probability_text(sum((parse_exact(t) for t in texts), Fraction(0)))


def normal_name(name: str) -> str:
    """A column name as the guesses compare it: lower case, runs of blanks, ``_`` and
    ``-`` as one ``_`` ("P Weight" → "p_weight")."""
    return re.sub(r"[\s_\-]+", "_", name.strip().lower())


def named_column(names: list[str], wanted: Sequence[str]) -> int | None:
    """The index in ``names`` (normal names) of the first of ``wanted`` found, else
    None."""
    for w in wanted:
        if w in names:
            return names.index(w)
    return None


_normal, _named = normal_name, named_column


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


def _header(sample: list[list[str]]) -> tuple[str, ...] | None:
    """The first row when it names the columns, else None."""
    return tuple(sample[0]) if _is_header(sample) else None


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


def _sniff(text: str, source: str, chosen: str | None = None, first_line: int = 1) -> str:
    """The delimiter among tab, semicolon and comma that splits the first lines into the
    same number (≥ 2) of fields most consistently (``chosen``, from a ``sep=`` line,
    when given). Refuses a file whose first lines have more than MAX_COLUMNS fields,
    counting before splitting anything."""
    sample = []
    for number, line in enumerate(_lines(text), start=first_line):
        if line.strip():
            sample.append((number, line))
            if len(sample) == _SAMPLE_LINES:
                break  # text.strip() is not empty: one line at least
    best, best_score = chosen, (0.0, 0)
    for d in (chosen,) if chosen else DELIMITERS:
        widths = [_width_of(line, d) for _, line in sample]
        read = [w for w in widths if w] or [0]  # a refused line matches no width
        modal = max(set(read), key=read.count)
        if modal < 2 and not chosen:
            continue
        score = (widths.count(modal) / len(widths), modal)
        if score[0] > best_score[0] or chosen:
            best, best_score = d, score
    if best is None:
        raise CsvImportError(
            f"{source} has one column: it needs an outcome label and a weight on each line "
            "(label,weight), or a label and both weights (label,p,q), separated by commas, "
            "semicolons or tabs.")
    for number, line in sample:
        if line.count(best) >= MAX_COLUMNS:
            _too_many_columns(max(_width_of(line, best), line.count(best) + 1), number, source)
    return best


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their line breaks, as io.StringIO gives them, without
    copying the whole text first."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        if stop == -1:
            yield text[start:]
            return
        yield text[start:stop + 1]
        start = stop + 1


def _width_of(line: str, delimiter: str) -> int:
    """How many fields one line holds, trailing empty ones left out; 0 for a line the
    csv module refuses (reading the whole file then names that line and its problem).
    A line of more than MAX_COLUMNS fields is counted, not split."""
    if (n := line.count(delimiter)) >= MAX_COLUMNS:
        return n + 1
    try:
        return len(_trimmed(next(csv.reader([line], delimiter=delimiter), [])))
    except csv.Error:
        return 0


def _trimmed(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _is_header(rows: list[list[str]]) -> bool:
    """The first row names columns when nothing past its first cell is a weight
    (``outcome,P,Q``), or when its first cell is a usual name for a label column
    (``word,2019,2020``). A data row with one mistyped weight is still data."""
    first = _trimmed(rows[0])
    if len(first) < 2:
        return False
    if not any(map(_is_weight, first[1:])):
        return True
    return _normal(first[0]) in LABEL_NAMES


def _is_weight(text: str) -> bool:
    if is_number_like(text):
        return True
    try:
        parse_weights([text])
    except WeightParseError:
        return False
    return True


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
