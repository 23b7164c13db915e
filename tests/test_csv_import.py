"""Reading CSV files: every accepted shape, and every bad file refused with its line.
No Qt here: klgui.io is pure."""

from pathlib import Path

import pytest

from klgui.io.csv_import import (Columns, CsvImportError, DuplicateLabels, ImportCancelled,
                                 parse_delimited, read_delimited)
from klgui.io.decimal_comma import NumberFormat, canonical_numbers, decide_format

DATA = Path(__file__).parent / "data" / "csv"


def outcomes(name, duplicates="refuse"):
    table = read_delimited(DATA / name)
    columns, sure = table.guess()
    assert sure, f"{name}: the columns should be plain"
    return table.outcomes(columns, duplicates)


@pytest.mark.parametrize("name", ["header_outcome_p_q.csv", "tab_separated.tsv",
                                  "semicolon_decimal_comma.csv", "utf8_bom.csv",
                                  "columns_in_another_order.csv"])
def test_files_that_name_p_and_q_load_as_the_coin(name):
    got = outcomes(name)
    from klgui.core.parsing import parse_weights
    assert parse_weights(got.p).tolist() == [0.8, 0.2]
    assert parse_weights(got.q).tolist() == [0.6, 0.4]
    assert len(got.labels) == 2


def test_decimal_commas_become_dots_and_the_labels_stay():
    got = outcomes("semicolon_decimal_comma.csv")
    assert got == type(got)(["Kopf", "Zahl"], ["0.8", "0.2"], ["0.6", "0.4"])


def test_dots_between_thousands_in_a_decimal_comma_file():
    assert outcomes("thousands_dots.csv").p == ["1234.5", "0.5"]


def test_a_headerless_file_is_label_p_q():
    got = outcomes("headerless.csv")
    assert got.labels == ["sun", "rain", "snow"] and got.p == ["5", "3", "2"] and got.q == ["3", "3", "4"]


def test_entries_keep_what_was_typed():
    got = outcomes("columns_in_another_order.csv")
    assert got.p == ["4/5", "20%"] and got.labels == ["heads", "tails"]


def test_a_two_column_file_is_one_distribution():
    table = read_delimited(DATA / "two_columns.csv")
    columns, sure = table.guess()
    assert sure and columns == Columns(0, 1, None)
    assert table.weights(columns.label, columns.p, "P") == (["the", "of", "and"], ["120", "80", "70"])


def test_unnamed_weight_columns_are_a_guess_to_confirm():
    table = read_delimited(DATA / "ambiguous_columns.csv")
    columns, sure = table.guess()
    assert not sure and columns == Columns(0, 1, 2)
    assert [table.column_name(j) for j in range(3)] == ["word", "book1", "book2"]
    got = table.outcomes(Columns(0, 2, 1))  # the person chose book2 as P
    assert got.p == ["100", "95", "60"] and got.q == ["120", "80", "70"]


def test_trailing_delimiters_and_blank_rows_from_spreadsheets_are_ignored():
    got = outcomes("trailing_delimiters.csv")
    assert got.labels == ["heads", "tails"] and got.q == ["0.6", "0.4"]


def test_windows_1252_files_keep_their_letters():
    assert outcomes("windows_1252.csv").labels == ["café", "naïve"]


def test_the_table_describes_itself():
    table = read_delimited(DATA / "semicolon_decimal_comma.csv")
    assert table.describe() == "2 rows, 3 columns, semicolon-separated, decimal commas, with a header"


@pytest.mark.parametrize("name, message, line", [
    ("empty.csv", "empty.csv is empty", None),
    ("blank_lines_only.csv", "blank_lines_only.csv is empty", None),
    ("header_only.csv", "header_only.csv has a header (line 1) but no data rows", 1),
    ("binary.png", "binary.png is not a text file", None),
    ("ragged.csv", "ragged.csv, line 3: 2 values, but the header names 3 columns", 3),
    ("ragged_long.csv", "ragged_long.csv, line 2: 4 values, but the header names 3 columns", 2),
    ("negative.csv", "negative.csv, line 3: '-0.2' in column P is negative; weights must be ≥ 0.", 3),
    ("not_a_number.csv", "not_a_number.csv, line 7: 'abc' in column Q is not a number.", 7),
    ("empty_cell.csv", "empty_cell.csv, line 3: column Q is empty.", 3),
    ("zero_sum.csv", "zero_sum.csv: every weight in column Q is 0; Q needs at least one positive", None),
    ("one_column.csv", "one_column.csv has one column", None),
    ("no_such_file.csv", "no_such_file.csv: cannot be read", None),
])
def test_bad_files_are_refused_naming_the_file_and_the_line(name, message, line):
    with pytest.raises(CsvImportError) as info:
        outcomes(name)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)
    assert info.value.line == line


def test_a_bad_cell_in_an_unnamed_column_names_its_number_and_role():
    table = parse_delimited("a,1,2\nb,x,3\n", "sheet.csv")
    with pytest.raises(CsvImportError, match=r"^sheet.csv, line 2: 'x' in column 2 \(P\) is not a number"):
        table.outcomes(table.guess()[0])


def test_duplicate_labels_are_reported_then_kept_or_merged_exactly():
    with pytest.raises(DuplicateLabels) as info:
        outcomes("duplicate_labels.csv")
    assert "the label 'the' appears on lines 2 and 4" in str(info.value)
    assert info.value.groups == {"the": [2, 4]}
    kept = outcomes("duplicate_labels.csv", "keep")
    assert kept.labels == ["the", "of", "the", "and"]
    merged = outcomes("duplicate_labels.csv", "merge")
    assert merged.labels == ["the", "of", "and"]
    assert merged.p == ["1.5", "3", "1"] and merged.q == ["7/3", "4", "1"]  # 2 + 1/3 exactly


def test_quoted_labels_with_commas_quotes_and_line_breaks():
    text = 'outcome,P,Q\n"a, b",1,2\n"say ""hi""",1,1\n"two\nlines",1,1\nx,1,oops\n'
    table = parse_delimited(text, "awkward.csv")
    with pytest.raises(CsvImportError, match="line 6: 'oops'"):  # the physical line
        table.outcomes(table.guess()[0])
    good = parse_delimited(text.replace("oops", "1"), "awkward.csv")
    assert good.outcomes(good.guess()[0]).labels == ["a, b", 'say "hi"', "two\nlines", "x"]


def test_a_quote_left_open_is_reported_where_it_opens():
    text = "outcome;P;Q\na;1;2\nb;1;2\n\"c;1;2\n" + "d;1;2\n" * 30_000  # 180,000 characters
    with pytest.raises(CsvImportError) as e:
        parse_delimited(text, "open_quote.csv")
    assert str(e.value) == ('open_quote.csv, line 4: a quotation mark (") opens a field that '
                            "never closes (it runs on past 131,072 characters).")
    assert e.value.line == 4


def test_many_blank_lines_before_the_data_are_skipped():
    table = parse_delimited("\n" * 500 + "outcome,P,Q\nheads,0.8,0.6\n", "spaced.csv")
    assert table.outcomes(table.guess()[0]).labels == ["heads"]
    assert table.lines == [502]


def test_a_first_row_with_one_mistyped_weight_is_data_not_a_header():
    table = parse_delimited("heads,abc,0.6\ntails,0.2,0.4\n", "coin.csv")
    assert table.header is None
    with pytest.raises(CsvImportError, match="line 1: 'abc'"):
        table.outcomes(table.guess()[0])


@pytest.mark.parametrize("text, message", [
    ("cat,-,-\ndog,0.5,0.05\n", "f.csv, line 1: '-' in column 2 (P) is not a number (a "
     "spreadsheet's accounting format shows 0 as '-'); write a weight of zero as 0."),
    ("cat,#DIV/0!,#DIV/0!\ndog,0.5,0.05\n", "f.csv, line 1: '#DIV/0!' in column 2 (P) is "
     "not a number but a spreadsheet's error value: the spreadsheet's formula for that cell "
     "failed; fix the formula or write the number."),
    ("1,abc,1\n2,0.5,1\n", "f.csv, line 1: 'abc' in column 2 (P) is not a number."),
    ("x,?,?\na,1,1\n", "f.csv, line 1: '?' in column 2 (P) is not a number."),
    ("cat,--,--\ndog,0.5,0.05\n", "f.csv, line 1: '--' in column 2 (P) is not a number "
     "(dashes mark an empty or zero cell in accounting formats and reports); write a weight "
     "of zero as 0."),  # it said: is negative
])
def test_a_first_data_row_with_no_number_is_refused_not_left_out_as_a_header(text, message):
    """It was taken for a header (nothing in it a weight) and left out, silently."""
    table = parse_delimited(text, "f.csv")
    assert table.header is None
    with pytest.raises(CsvImportError) as e:
        table.outcomes(table.guess()[0])
    assert str(e.value).startswith(message)


@pytest.mark.parametrize("text, labels, p", [
    ("x,1,2\ny,3,4\nz,5,6\n", ["x", "y", "z"], ["1", "3", "5"]),  # x: a label column's name
    ("label;0,5;0,25\nother;0,5;0,75\n", ["label", "other"], ["0.5", "0.5"]),
    ("word,2019,2020\nthe,1,2\n", ["word", "the"], ["2019", "1"]),  # numbers name nothing
])
def test_a_first_row_with_numbers_in_its_weight_cells_is_data(text, labels, p):
    """'x,1,2' was taken for a header (x is a usual name of a label column) and the
    outcome x dropped, silently; pasted, the same line was data."""
    from klgui.io.header_row import is_header_row
    table = parse_delimited(text, "f.csv")
    assert table.header is None and table.lines[0] == 1
    got = table.outcomes(table.guess()[0])
    assert (got.labels, got.p) == (labels, p)
    rows = [line.split(table.delimiter) for line in text.splitlines()]
    assert not is_header_row(rows)  # one rule: a paste of the same lines agrees


def test_a_first_row_of_a_label_name_a_number_and_a_name_is_refused_naming_its_line():
    table = parse_delimited("x,1,Q\na,1,1\n", "f.csv")
    assert table.header is None
    with pytest.raises(CsvImportError, match="^f.csv, line 1: 'Q' in column 3"):
        table.outcomes(table.guess()[0])


@pytest.mark.parametrize("text, header", [
    ("outcome,P,Q\na,1,1\n", ("outcome", "P", "Q")),
    ("word,y2019,y2020\nthe,1,2\n", ("word", "y2019", "y2020")),
    ("bin,P,Q\n1,0.5,0.5\n", ("bin", "P", "Q")),
])
def test_a_first_row_that_names_the_columns_is_still_a_header(text, header):
    assert parse_delimited(text, "f.csv").header == header


@pytest.mark.parametrize("cells, decimal", [
    (["0,8"], ","), (["2,5"], ","), (["1.234,5"], ","), (["1,000"], None),
    (["0.8", "3"], "."), (["12,345,678"], "."), (["0,125"], ","), (["1,000", "0.5"], "."),
])
def test_decimal_comma_detection(cells, decimal):
    assert decide_format([cells]).decimal == decimal


def test_cells_are_rewritten_with_dot_decimals():
    comma = NumberFormat(",")
    assert canonical_numbers(["0,8", "1.234,5", "3", "12,5%", "1/6"], comma) == [
        "0.8", "1234.5", "3", "12.5%", "1/6"]
    assert canonical_numbers(["0,8", "2"], comma) == ["0.8", "2"]


def test_progress_is_reported_and_cancel_stops_the_import():
    text = "outcome,P,Q\n" + "".join(f"o{i},1,2\n" for i in range(120_000))
    seen = []
    parse_delimited(text, "big.csv", lambda f: seen.append(f) or True)
    assert seen and seen == sorted(seen) and 0 < seen[0] and seen[-1] <= 1
    with pytest.raises(ImportCancelled):
        parse_delimited(text, "big.csv", lambda f: False)


def test_a_million_rows_load(tmp_path):
    path = tmp_path / "million.csv"
    with open(path, "w") as f:
        f.write("outcome,P,Q\n")
        f.writelines(f"w{i},{i % 7 + 1},{i % 5}\n" for i in range(1_000_000))
    table = read_delimited(path)
    got = table.outcomes(table.guess()[0])
    assert len(got.labels) == 1_000_000 and got.labels[-1] == "w999999"
    assert got.p[-1] == str(999_999 % 7 + 1) and got.q[-1] == str(999_999 % 5)


def test_tab_separated_clipboard_text_round_trips_awkward_cells():
    from klgui.io.tsv import entry_block, from_tsv, to_tsv
    block = [["a\tb", "1"], ['say "hi"', "2"], ["two\nlines", "3"]]
    assert from_tsv(to_tsv(block)) == block
    assert from_tsv("x\t1\r\ny\t2\r\n\r\n") == [["x", "1"], ["y", "2"]]
    assert entry_block([["Kopf", "0,8", "0,6"]], 1).rows == [["Kopf", "0.8", "0.6"]]
    assert entry_block([["1,5", "2"]], 1).rows == [["1,5", "2"]]  # labels are left alone



def test_a_pasted_cell_that_reads_two_ways_follows_the_locale_as_typing_does():
    """In de_DE typing 1,000 stores 1; pasting it was refused with "could be 1.000 or
    1000", a message that itself reads two ways there."""
    from klgui.io.tsv import BlockCellError, entry_block
    assert entry_block([["a", "1,000"]], 1, decimal_comma=True).rows == \
        [["a", "1.000"]]  # the number 1, dot-decimal as entries are kept
    assert entry_block([["a", "1.000", "2,5"]], 1, decimal_comma=True).rows == \
        [["a", "1000", "2.5"]]  # the block shows its comma: the dot groups thousands
    with pytest.raises(BlockCellError, match="^could be 1 or 1000: "):
        entry_block([["a", "1,000"]], 1)  # as typing in English
    with pytest.raises(BlockCellError, match="^could be 1 or 1000: "):  # as in a file
        entry_block([["a", "1,000", "1"]], 1, decimal_comma=True)

# -- the fast reading of plain files agrees with the careful one --------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from klgui.io import csv_import  # noqa: E402

_cells = st.sampled_from(["", " ", "a", "b c", "1", "0,5", "2.5", "1.234,5", "3/4", "10%",
                          "x;y", "P", "Q", "label", "\t", "1e-3"])


@st.composite
def _plain_files(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(_cells, min_size=width, max_size=width + draw(
        st.integers(0, 1))), min_size=1, max_size=8))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [delimiter.join(c for c in r if delimiter not in c) for r in rows]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", " ", delimiter])))
    return end.join(lines) + draw(st.sampled_from(["", end, end * 2]))


def _outcome(text):
    try:
        t = csv_import.parse_delimited(text, "f.csv")
    except CsvImportError as e:
        return ("error", str(e), e.line)
    return (t.delimiter, t.decimal_comma, t.header, t.columns, t.lines)


@settings(max_examples=400, deadline=None)
@given(_plain_files())
def test_plain_files_read_the_same_by_the_fast_and_the_careful_path(text):
    fast = _outcome(text)
    real = csv_import._uniform_table
    csv_import._uniform_table = lambda *args: None  # force the record-by-record reading
    try:
        careful = _outcome(text)
    finally:
        csv_import._uniform_table = real
    assert fast == careful


def test_a_plain_file_takes_the_fast_path():
    assert csv_import._uniform_table("a,b\nx,1\n", ",", "f", None) is not None
    assert csv_import._uniform_table('a,b\n"x",1\n', ",", "f", None) is None
