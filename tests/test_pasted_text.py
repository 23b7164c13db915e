"""Clipboard text as the block of cells the table pastes (klgui.io.pasted_text): lines
of a CSV file copied from a text editor are split as the CSV import splits them, while a
single value or a label with a comma stays one cell. No Qt (the window's paste is
tested in test_paste_gui)."""

import pytest

from klgui.core import WeightParseError
from klgui.core.parsing import canonical_entry, parse_exact
from klgui.io.csv_import import parse_delimited
from klgui.io.pasted_text import pasted_cells
from klgui.io.text_file import CsvImportError
from klgui.io.tsv import BlockCellError, entry_block

LABEL_COLUMN, ENTRY_COLUMN = 1, 0  # where the weights begin: after the label, or at once


@pytest.mark.parametrize("text, rows, delimiter", [
    # a German CSV's lines: semicolons between fields, decimal commas
    ("Kopf;0,8;0,6", [["Kopf", "0,8", "0,6"]], ";"),
    ("Kopf;0,8;0,6\r\nZahl;0,2;0,4\r\n", [["Kopf", "0,8", "0,6"], ["Zahl", "0,2", "0,4"]], ";"),
    # an English one, and a hand-written one with a space after each comma
    ("a,0.8,0.6\nb,0.2,0.4\n", [["a", "0.8", "0.6"], ["b", "0.2", "0.4"]], ","),
    ("a, 0.8, 0.6\nb, 0.2, 0.4", [["a", "0.8", "0.6"], ["b", "0.2", "0.4"]], ","),
    # a quoted label holding the delimiter, and a German value quoted in a comma file
    ('"Smith, J.";0,8;0,6', [["Smith, J.", "0,8", "0,6"]], ";"),
    ('a,"0,8","0,6"', [["a", "0,8", "0,6"]], ","),
    # trailing blank lines end the block; Excel's sep= line chooses the delimiter
    ("a;1;2\nb;3;4\n\n", [["a", "1", "2"], ["b", "3", "4"]], ";"),
    ("sep=;\na;1;2\n", [["a", "1", "2"]], ";"),
])
def test_csv_lines_pasted_into_the_label_column_are_split_into_cells(text, rows, delimiter):
    cells = pasted_cells(text, LABEL_COLUMN)
    assert cells.rows == rows and cells.delimiter == delimiter


@pytest.mark.parametrize("text, rows", [
    ("0,8;0,6\n0,2;0,4", [["0,8", "0,6"], ["0,2", "0,4"]]),
    ("0.8,0.6", [["0.8", "0.6"]]),
])
def test_csv_lines_pasted_into_an_entry_column_are_entries(text, rows):
    assert pasted_cells(text, ENTRY_COLUMN).rows == rows


@pytest.mark.parametrize("text, first_entry, rows", [
    ("0,5", ENTRY_COLUMN, [["0,5"]]),  # a German decimal
    ("0,5", LABEL_COLUMN, [["0,5"]]),
    ("1,234", ENTRY_COLUMN, [["1,234"]]),  # a number with a thousands comma
    ("0,5\n0,25\n1,75\n", ENTRY_COLUMN, [["0,5"], ["0,25"], ["1,75"]]),  # a German column
    ("Smith, J.", LABEL_COLUMN, [["Smith, J."]]),  # a label with a comma
    ("Smith, J.\nDoe, A.\nLee", LABEL_COLUMN, [["Smith, J."], ["Doe, A."], ["Lee"]]),
    ("Tom; Jerry", LABEL_COLUMN, [["Tom; Jerry"]]),
    ('"Smith, J."', LABEL_COLUMN, [["Smith, J."]]),  # quoted as a spreadsheet copies it
    # quotes that are not a spreadsheet's quoting stay as written (they were dropped)
    ('"Smith, J.",0.3,0.7', ENTRY_COLUMN, [['"Smith, J.",0.3,0.7']]),
    ('"open\tx', LABEL_COLUMN, [['"open', "x"]]),
    ("sun\t0,5\t0,25\nrain\t0,5\t0,75\n", LABEL_COLUMN,  # tabs: as spreadsheets copy
     [["sun", "0,5", "0,25"], ["rain", "0,5", "0,75"]]),
    ("a;b\t1\n", LABEL_COLUMN, [["a;b", "1"]]),  # tabs win: a label with a semicolon
])
def test_a_single_value_a_label_with_a_comma_and_tab_separated_cells_paste_as_before(
        text, first_entry, rows):
    cells = pasted_cells(text, first_entry)
    assert cells.rows == rows and cells.delimiter is None


@pytest.mark.parametrize("text, message", [
    ("Kopf;0,8;0,6\nZahl;0,2\n", "The pasted text, line 2: 2 values, but line 1 has 3; "
     "every line needs the same number of values (split at semicolons, as in a CSV file)."),
    ("a,1\n\nb,2,3\n", "The pasted text, line 1: 2 values, but line 3 has 3;"),
    ("a;" + ";".join(["1"] * 1000), "The pasted text, line 1 has 1,001 columns; at most 1,000"),
])
def test_csv_lines_that_cannot_be_split_into_cells_are_refused_naming_the_line(text, message):
    with pytest.raises(CsvImportError) as e:
        pasted_cells(text, LABEL_COLUMN)
    assert str(e.value).startswith(message)


_BLANK = ("Line {} of the pasted text is blank, inside the block: its cells would be empty, "
          "and a cell cannot be empty. Fill the line in, or leave it out.")


@pytest.mark.parametrize("text, first_entry, line", [
    ("0.3\r\n\r\n0.7\r\n", ENTRY_COLUMN, 2),  # Excel's copy of a column with an empty cell
    ("0.3\n   \n0.7", ENTRY_COLUMN, 2),
    ("\n0.3\n0.7", ENTRY_COLUMN, 1),  # a leading blank line
    ("a\t0.8\t0.6\n\nb\t0.2\t0.4", LABEL_COLUMN, 2),  # tab-separated rows
    ("a\t0.8\t0.6\n\t\t\nb\t0.2\t0.4", LABEL_COLUMN, 2),  # a row of empty cells
    ("\na\t0.8\t0.6\nb\t0.2\t0.4", LABEL_COLUMN, 1),
    ("cat\n\ndog", LABEL_COLUMN, 2),  # labels alone
    ("a;1;2\n\nb;3;4\n\n", LABEL_COLUMN, 2),  # lines of a CSV file
    ("a;1;2\n;;\nb;3;4", LABEL_COLUMN, 2),
    ("\na,1,2\nb,3,4", LABEL_COLUMN, 1),
    ("sep=;\na;1;2\n\nb;3;4", LABEL_COLUMN, 3),  # lines counted as pasted
    ('a;"x\ny";1\n\nb;1;1', LABEL_COLUMN, 3),  # after a label of two lines
])
def test_a_blank_line_inside_the_block_is_refused_naming_it_in_every_shape(
        text, first_entry, line):
    """Left out, it moved the rows below it up one and kept the old row silently (Q
    became 0.3, 0.2 (old), 0.7)."""
    with pytest.raises(CsvImportError) as e:
        pasted_cells(text, first_entry)
    assert str(e.value) == _BLANK.format(line) and e.value.line == line


@pytest.mark.parametrize("text, first_entry, rows", [
    ("0.3\r\n0.7\r\n\r\n", ENTRY_COLUMN, [["0.3"], ["0.7"]]),  # trailing: no row
    ('a;"x\n\ny";1\nb;1;1', LABEL_COLUMN, [["a", "x\n\ny", "1"], ["b", "1", "1"]]),
    # a short tab-separated row has empty cells (the table refuses), not the old ones
    ("a\t0.8\t0.6\nb\t0.2\nc\t1\t1", LABEL_COLUMN,
     [["a", "0.8", "0.6"], ["b", "0.2", ""], ["c", "1", "1"]]),
])
def test_trailing_blank_lines_and_a_blank_line_inside_a_quoted_label_are_no_blank_row(
        text, first_entry, rows):
    assert pasted_cells(text, first_entry).rows == rows


@pytest.mark.parametrize("text, first_entry, header", [
    # names of columns above numbers: left out
    ("outcome\tP\tQ\na\t1\t1", LABEL_COLUMN, True),
    ("\tP\tQ\na\t1\t1", LABEL_COLUMN, True),  # the label column unnamed
    ("bin\tP\tQ\n1\t0.5\t0.5", LABEL_COLUMN, True),  # numbered outcomes, a named column
    ("P\n3\n1", ENTRY_COLUMN, True),
    ("outcome;P(x);Q(x)\na;1;1", LABEL_COLUMN, True),
    # a first data row with no number where numbers belong: data (the parser refuses it)
    ("cat\t-\t-\t-\ndog\t0.5\t0.05\t0.25\nbird\t0.5\t0.05\t0.25", LABEL_COLUMN, False),
    ("cat\t#DIV/0!\t#DIV/0!\ndog\t0.5\t0.05", LABEL_COLUMN, False),
    ("cat\t#N/A\t0.5\ndog\t0.5\t0.05", LABEL_COLUMN, False),
    ("1\t?\t?\n2\t0.5\t0.5\n3\t0.5\t0.5", LABEL_COLUMN, False),
    ("1\tabc\n2\t0.5\n3\t0.5", LABEL_COLUMN, False),  # a typo under numbered labels
    ("a\tn/a\tNA\nb\t0.5\t0.5", LABEL_COLUMN, False),
    ("outcome\tP\t\na\t1\t1", LABEL_COLUMN, False),  # an entry column named by nothing
    ("-\n0.5", ENTRY_COLUMN, False), ("#VALUE!\n0.5", ENTRY_COLUMN, False),
])
def test_a_first_line_is_a_header_only_when_it_names_the_columns(text, first_entry, header):
    """A first data row whose entries were all non-numbers ('-', Excel's accounting 0,
    #DIV/0!) was left out as a header: the rows below moved up one, the last old row
    stayed, and D changed with no word of it."""
    block = entry_block(pasted_cells(text, first_entry).rows, first_entry)
    assert block.header_skipped == header
    assert len(block.rows) == text.count("\n") + 1 - header


def test_a_pasted_german_csv_line_reads_as_the_csv_import_reads_it():
    """The split cells go through the block's number format (decimal commas), so the
    entries are the numbers the German file means."""
    block = entry_block(pasted_cells("Kopf;0,8;1.234,5\nZahl;0,2;2,5", 1).rows, 1)
    assert block.rows == [["Kopf", "0.8", "1234.5"], ["Zahl", "0.2", "2.5"]]


def test_comma_separated_lines_write_decimal_dots_where_the_entries_do_not_say():
    """1.234 alone reads two ways; in a file split at commas it is a decimal (as the CSV
    import reads it), even where the locale's decimal mark is a comma."""
    cells = pasted_cells("a,1.234\nb,2\n", LABEL_COLUMN)
    block = entry_block(cells.rows, 1, decimal_comma=True, delimiter=cells.delimiter)
    assert block.rows == [["a", "1.234"], ["b", "2"]]
    cells = pasted_cells("a;1.234\nb;2,5\n", LABEL_COLUMN)  # a German file: thousands
    block = entry_block(cells.rows, 1, decimal_comma=True, delimiter=cells.delimiter)
    assert block.rows == [["a", "1234"], ["b", "2.5"]]


def imported(text):
    """The import's reading of ``text`` as a file: its P entries, or its refusal."""
    try:
        table = parse_delimited(text, "f.csv")
        return table.outcomes(table.guess()[0]).p
    except CsvImportError as e:
        return str(e)


def pasted(text, decimal_comma):
    """The paste's reading of ``text`` into the label column: its P entries, or the
    refusal of a cell."""
    cells = pasted_cells(text, LABEL_COLUMN)
    try:
        block = entry_block(cells.rows, 1, decimal_comma, cells.delimiter)
    except BlockCellError as e:
        return f"line {e.row + 1}: {e.text!r} {e.problem}"
    return [r[1] for r in block.rows]


_DOT = "no other number here shows whether its dot is the decimal mark or separates thousands"
_COMMA = _DOT.replace("dot", "comma")


@pytest.mark.parametrize("decimal_comma", [True, False])
@pytest.mark.parametrize("text, line, cell, problem", [
    ("a;1.234;2\n", 1, "1.234", f"could be 1234 or 1.234: {_DOT}"),
    ("a;1,000;2\n", 1, "1,000", f"could be 1 or 1000: {_COMMA}"),
    ("a;1;2\nb;1.234;2\n", 2, "1.234", f"could be 1234 or 1.234: {_DOT}"),
    ('a,"1,500",1\nb,1,1\n', 1, "1,500", f"could be 1.5 or 1500: {_COMMA}"),  # was 1500
])
def test_csv_lines_the_import_refuses_as_ambiguous_are_refused_in_every_locale(
        text, line, cell, problem, decimal_comma):
    """The same lines as a file are refused by the import; pasted, they were 1234 (or 1)
    where the locale writes decimal commas."""
    assert imported(text) == f"f.csv, line {line}: '{cell}' in column 2 (P) {problem}."
    assert pasted(text, decimal_comma) == f"line {line}: '{cell}' {problem}"


@pytest.mark.parametrize("text", ["a;1.234;2,5\n", "a,1.234,2\n", "a;1.000.000;2\n"])
def test_csv_lines_the_import_reads_are_read_as_it_reads_them_in_every_locale(text):
    assert pasted(text, True) == pasted(text, False) == imported(text)


@pytest.mark.parametrize("decimal_comma", [True, False])
@pytest.mark.parametrize("value", ["1.234", "1,234", "1,000", "1.000", "12.345", "0,5",
                                   "1.234,5", "1 234", "2.155"])
def test_a_single_value_pasted_reads_as_typing_reads_it(value, decimal_comma):
    """A single cell pasted is the number the cell takes when typed, or refused as
    typing refuses it (1.234 in German: ambiguous, as a file's 1.234 is)."""
    try:
        typed = parse_exact(canonical_entry(value, decimal_comma=decimal_comma))
    except WeightParseError as e:
        assert "ambiguous" in str(e)
        typed = None
    try:
        block = entry_block([[value]], 0, decimal_comma)
    except BlockCellError as e:
        assert e.problem.startswith("could be ")
        block = None
    assert (None if block is None else parse_exact(block.rows[0][0])) == typed


@pytest.mark.parametrize("block", [
    [["a", "\u22121", "1"], ["b", "0,5", "1"]],  # (0,5 makes the block's cells rewritten)
    [["a", "1", "1"], ["b", "\u22120,5", "1"]],
])
def test_an_entry_the_parser_refuses_is_kept_as_pasted_for_the_refusal_to_quote(block):
    """The table quoted '-1' for a pasted '−1' (U+2212): what was not pasted."""
    rows = entry_block(block, 1).rows
    assert [r[1] for r in rows if "\u2212" in r[1]] == [c[1] for c in block if "\u2212" in c[1]]


@pytest.mark.parametrize("decimal_comma", [True, False])
@pytest.mark.parametrize("text", ["x;0,5", "a;;0,6", "0,5 kg"])
def test_an_entry_that_is_not_a_number_is_kept_as_pasted(text, decimal_comma):
    """The parser refuses it quoting the cell: it said 'x;0.5', which was not pasted."""
    assert entry_block([["0,25"], [text]], 0, decimal_comma).rows == [["0.25"], [text]]


def test_a_line_of_weights_with_a_word_pasted_into_the_label_column_is_split():
    """Any text is a label: a CSV line whose weights were not all numbers was pasted as
    one label. Its weights holding a number, it is fields now (the word is refused when
    read); into an entry column, and for lines of words, nothing changes."""
    cells = pasted_cells("outcome;P;Q\na;x;1", 1)
    assert cells.rows == [["outcome", "P", "Q"], ["a", "x", "1"]] and cells.delimiter == ";"
    assert cells.lines == (1, 2)
    assert pasted_cells("outcome;P;Q\na;x;1", 0).rows == [["outcome;P;Q"], ["a;x;1"]]
    assert pasted_cells("Smith; J.\nDoe; A.", 1).rows == [["Smith; J."], ["Doe; A."]]
    block = entry_block(cells.rows, 1, False, ";")
    assert block.header_skipped and block.rows == [["a", "x", "1"]]


@pytest.mark.parametrize("cells, want", [
    (["x,5", "0,5"], ["x,5", "0.5"]), (["0,5", ",", "1,"], ["0.5", ",", "1."]),
    (["a b,c", "1,5e-3", "-0,5", "e,5", ""], ["a b,c", "1.5e-3", "-0.5", "e,5", ""]),
])
def test_canonical_numbers_keeps_the_commas_of_cells_that_are_not_numbers(cells, want):
    """The fast path of a decimal-comma column (one comma at most a cell) made every
    comma a dot, "x,5" too; the cells read one by one keep it. Both paths agree now."""
    from klgui.io.decimal_comma import NumberFormat, canonical_number, canonical_numbers
    fmt = NumberFormat(",", ())
    assert canonical_numbers(cells, fmt, ",") == want
    assert [canonical_number(c, fmt) for c in cells] == want


@pytest.mark.parametrize("text", ["P\n0,1\n0,9\n", "P\r\n0,1\r\n0,9\r\n", "Anteil\n0,1\n0,9"])
def test_a_header_above_one_column_of_decimal_commas_does_not_split_it(text):
    # a German column copied from a spreadsheet with its name: the name is no number,
    # but it must not make the decimal commas below it field separators
    cells = pasted_cells(text, ENTRY_COLUMN)
    assert cells.delimiter is None and [r[0] for r in cells.rows[1:]] == ["0,1", "0,9"]
    block = entry_block(cells.rows, ENTRY_COLUMN, True, cells.delimiter)
    assert block.header_skipped and block.rows == [["0.1"], ["0.9"]]
    assert block.rows == entry_block(pasted_cells("0,1\n0,9", 0).rows, 0, True).rows


def test_a_header_of_two_names_above_comma_lines_still_splits_them():
    cells = pasted_cells("P,Q\n0,1\n0,9", ENTRY_COLUMN)  # a CSV file's: P 0 and Q 1
    assert cells.delimiter == "," and cells.rows == [["P", "Q"], ["0", "1"], ["0", "9"]]
