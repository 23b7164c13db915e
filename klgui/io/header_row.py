"""The first row of a delimited file and the names of its columns: whether that row
names the columns (a header) or is data, and the names the guesses of
:class:`~klgui.io.delimited_table.DelimitedTable` look for (label, P and Q columns).
Used by :mod:`klgui.io.csv_import`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from klgui.core import WeightParseError
from klgui.core.parsing import is_spreadsheet_error, parse_weights

from klgui.io.csv_export import TABLE_HEADER
from klgui.io.decimal_comma import is_number_like, is_number_shaped

__all__ = ["LABEL_NAMES", "P_NAMES", "Q_NAMES", "normal_name", "named_column",
           "names_a_column", "is_header_row"]


LABEL_NAMES = ("outcome", "outcomes", "label", "labels", "name", "category", "class", "event",
               "word", "token", "item", "key", "bin", "symbol", "state", "value", "x")
P_NAMES = ("p_weight", "p", "p_entry", "p_count", "p_counts", "p_x", "data", "truth", "observed")
Q_NAMES = ("q_weight", "q", "q_entry", "q_count", "q_counts", "q_x", "model", "predicted",
           "expected")
_SAMPLE_LINES = 50


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


def _header(sample: list[list[str]]) -> tuple[str, ...] | None:
    """The first row when it names the columns, else None."""
    return tuple(sample[0]) if _is_header(sample) else None


def _trimmed(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


#: Cells that stand for a missing number or a spreadsheet's truth value, in a data row:
#: no column's name.
_MISSING = frozenset({"n/a", "n.a.", "na", "na()", "nan", "null", "none", "-", "?",
                      "true", "false"})


def names_a_column(cell: str) -> bool:
    """Whether ``cell`` of a first row can name a column: it holds a letter, and it is
    no number in any format (``0,8``, ``½``, ``1e-3``), no spreadsheet's error value
    (``#DIV/0!``, ``#N/A``: a failed formula) and no mark of a missing number (``n/a``,
    ``NA``, ``null``; ``-``, a spreadsheet's accounting format's 0, and ``?`` hold no
    letter), no spreadsheet truth value (``TRUE``), and nothing that begins like a
    number (``inf``, ``-inf``, ``1e5x``, ``0x10``: a value mistyped or out of range, in
    a data row). Empty cells name nothing."""
    s = cell.strip()
    return (any(ch.isalpha() for ch in s) and s.lower() not in _MISSING
            and not is_spreadsheet_error(s) and not is_number_shaped(s) and not _is_weight(s)
            and not _number_begun(s))


def _number_begun(text: str) -> bool:
    """Whether ``text`` begins as a number does (a digit, a sign or a decimal mark
    before one) or is an infinity the parser knows (``inf``, ``Infinity``)."""
    body = text.lstrip("+-−").strip()
    if body.lower() in ("inf", "infinity", "∞"):
        return True
    return bool(body) and (body[0].isdigit() or (body[0] in ".," and body[1:2].isdigit()))


def is_header_row(rows: Sequence[Sequence[str]], first_entry: int = 1) -> bool:
    """Whether the first of ``rows`` names the columns of the rows below it, its
    entries beginning at column ``first_entry`` (1 after a label column, 0 for
    entries alone), as a paste decides it (the import: :func:`_is_header`).

    Never a guess that drops a row of data: every cell of its entries names a column
    (:func:`names_a_column`: a data row of ``-``, ``#DIV/0!`` or ``?`` does not), at
    least half the entries below (up to 50 rows) are numbers (so a header stays one
    above a mistyped line, ``outcome;P;Q⏎a;x;1``, whose ``x`` is then refused by its
    line), and, when the labels below are all numbers, its label is none (``1⇥abc``
    above ``2⇥0.5`` is data with a mistyped weight)."""
    head, below = rows[0], rows[1:1 + _SAMPLE_LINES]
    entries = [c for r in below for c in r[first_entry:] if c.strip()]
    if len(head) <= first_entry or not entries or \
            sum(map(is_number_like, entries)) * 2 < len(entries):
        return False
    return all(map(names_a_column, head[first_entry:])) and not (
        first_entry and _numbered(head[0], [r[0] for r in below if r]))


def _numbered(label: str, labels: list[str]) -> bool:
    """Whether ``label`` is a number as every non-blank one of ``labels`` is."""
    filled = [t for t in labels if t.strip()]
    return bool(filled) and is_number_shaped(label) and all(map(is_number_shaped, filled))


def _is_header(rows: list[list[str]]) -> bool:
    """The first row of a file names columns when every cell past its first names a
    column (``outcome,P,Q``; :func:`names_a_column`), as a pasted line does
    (:func:`is_header_row`), and not when it is numbered as the first column below it
    is (``1,abc`` above ``2,0.5``). A row with a number in a weight cell is data, even
    under a usual name for a label column (``x,1,2``: the outcome x; ``word,2019,2020``
    too, which a header can only say with names that are no numbers, ``y2019``): read
    as data, a header shows as an outcome in the table, while a data row taken for a
    header would vanish. A data row with one mistyped weight, or with ``-``,
    ``#DIV/0!`` or ``?`` where numbers belong, is still data, refused then, by line
    and cell. Our own exported table's first row is its header, whatever its models are
    called (``1 weight``)."""
    first = _trimmed(rows[0])
    if tuple(c.strip() for c in first[:len(TABLE_HEADER)]) == TABLE_HEADER:
        return True  # our exported table, whose models may be called 1 or inf
    if len(first) < 2 or _numbered(first[0], [r[0] for r in rows[1:_SAMPLE_LINES] if r]):
        return False
    return all(map(names_a_column, first[1:]))


def _is_weight(text: str) -> bool:
    if is_number_like(text):
        return True
    try:
        parse_weights([text])
    except WeightParseError:
        return False
    return True
