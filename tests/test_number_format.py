"""The number format of a file or block (klgui.io.decimal_comma): the whole-column
shortcuts for large plain columns agree with reading every cell. No Qt here."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from klgui.io import decimal_comma
from klgui.io.decimal_comma import CellFormatError, canonical_numbers, decide_format

_cells = st.sampled_from(["0,8", "1,234", "1,234,567", "12,5 %", "3", "0.5", "2.155", "1.5",
                          "1,5E-01", "+0,25", "7", " 0,125 ", "10", "1.234.567", "0.125",
                          "1,000.5", "2e-3", "1/3", "1,5/2"])


def _read(columns):
    fmt = decide_format(columns)
    out = []
    for cells in columns:
        try:
            out.append(canonical_numbers(cells, fmt))
        except CellFormatError as e:
            out.append(("error", e.index, e.problem))
    return fmt, out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_cells, min_size=1, max_size=6), min_size=1, max_size=3))
def test_the_shortcuts_read_as_every_cell_would(columns):
    fast = _read(columns)
    real = decimal_comma._plain_kind
    decimal_comma._plain_kind = lambda joined, n: None  # read every cell
    try:
        careful = _read(columns)
    finally:
        decimal_comma._plain_kind = real
    assert fast[0].decimal == careful[0].decimal
    # the shortcut hands plain cells on as written; the careful reading strips them
    # (and writes 12.5 % as 12.5%): the same numbers
    assert [_spaceless(col) for col in fast[1]] == [_spaceless(col) for col in careful[1]]


def _spaceless(column):
    return [c.replace(" ", "") for c in column] if isinstance(column, list) else column


def test_a_mantissa_of_three_decimals_with_an_exponent_is_not_a_thousands_group():
    """1.234e-06, as %g writes six digits, has one reading; it made a million-row
    file go cell by cell."""
    from klgui.io.csv_import import parse_delimited
    table = parse_delimited("w,P,Q\na,1.234e-06,2.5e-07\nb,3.5,1\n", "g.csv")
    columns, _ = table.guess()
    outcomes = table.outcomes(columns)
    assert outcomes.p == ["1.234e-06", "3.5"] and outcomes.q == ["2.5e-07", "1"]
