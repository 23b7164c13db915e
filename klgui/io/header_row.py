"""The first row of a delimited file and the names of its columns: whether that row
names the columns (a header) or is data, and the names the guesses of
:class:`~klgui.io.delimited_table.DelimitedTable` look for (label, P and Q columns).
Used by :mod:`klgui.io.csv_import`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from klgui.core import WeightParseError
from klgui.core.parsing import parse_weights

from klgui.io.decimal_comma import is_number_like

__all__ = ["LABEL_NAMES", "P_NAMES", "Q_NAMES", "normal_name", "named_column"]


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
