"""The handed files from the wild (cases 01-09 of /work/shared/cases, copied here), each
imported with its right value, and one input of our own for each kind they stand for.
No Qt here: klgui.io is pure."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from klgui.cli import export_main
from klgui.core import compare
from klgui.core.parsing import parse_weights
from klgui.io.csv_import import CsvImportError, parse_delimited, read_delimited

CASES = Path(__file__).parent / "data" / "cases"
COIN = 0.0915162218494357  # D(0.8, 0.2 ‖ 0.6, 0.4) in nats


def imported(table):
    columns, sure = table.guess()
    assert sure, f"{table.source}: the columns should be plain"
    got = table.outcomes(columns)
    return got, parse_weights(got.p), parse_weights(got.q)


def kl(table):
    _, p, q = imported(table)
    return compare(p, q).kl_pq


@pytest.mark.parametrize("name, d", [
    ("01-excel-sep-line.csv", COIN),
    ("02-excel-unicode-text-utf16.txt", COIN),
    ("03-german-thousands-dot.csv", 0.002218311784084921),
    ("04-mac-cr-line-endings.csv", COIN),
    ("05a-nbsp-thousands.csv", 0.027752830944208144),
    ("05b-narrow-nbsp-thousands.csv", 0.027752830944208144),
    ("06a-unicode-minus-exponent.csv", 0.000307353654192509),
    ("07-fraction-characters.csv", 0.056633012265132491),
    ("08-quoted-decimal-comma-comma-file.csv", 1.3831606918261925e-9),
    ("09-german-excel-export.csv", 0.0025739001648514252),
])
def test_each_handed_file_gives_its_right_divergence(name, d):
    assert kl(read_delimited(CASES / name)) == pytest.approx(d, rel=1e-12)


def test_03_reads_dots_between_thousands_and_says_so():
    table = read_delimited(CASES / "03-german-thousands-dot.csv")
    _, p, q = imported(table)
    assert p.tolist() == [2155, 987, 1204] and q.tolist() == [2010.5, 1050.25, 1285.25]
    assert table.describe() == ("3 rows, 3 columns, semicolon-separated, decimal commas, "
                                "dots between thousands, with a header")


@pytest.mark.parametrize("name, space", [("05a-nbsp-thousands.csv", "no-break spaces"),
                                         ("05b-narrow-nbsp-thousands.csv",
                                          "narrow no-break spaces")])
def test_05_spaces_between_thousands(name, space):
    table = read_delimited(CASES / name)
    _, p, q = imported(table)
    assert p.tolist() == [1234.5, 765.5] and q.tolist() == [0.5, 0.5]
    assert f"decimal commas, {space} between thousands" in table.describe()


def test_01_the_sep_line_is_dropped_and_lines_keep_their_numbers():
    table = read_delimited(CASES / "01-excel-sep-line.csv")
    assert table.delimiter == ";" and table.header == ("outcome", "P", "Q")
    assert table.lines == [3, 4]  # the file's own lines: sep= is line 1, the header line 2


def test_02_excel_unicode_text():
    table = read_delimited(CASES / "02-excel-unicode-text-utf16.txt")
    assert table.delimiter == "\t" and table.decimal_comma
    assert imported(table)[0].labels == ["heads", "tails"]


def test_06b_a_negative_written_with_a_minus_sign_is_refused_naming_the_cell():
    table = read_delimited(CASES / "06b-unicode-minus-negative.csv")
    with pytest.raises(CsvImportError) as e:
        imported(table)
    assert str(e.value) == ("06b-unicode-minus-negative.csv, line 2: '\u22120,2' in column P "
                            "is negative; weights must be ≥ 0.")
    assert e.value.line == 2


def test_07_fraction_characters_stay_exact_fractions():
    got, p, q = imported(read_delimited(CASES / "07-fraction-characters.csv"))
    assert got.p == ["1/3", "2/3"] and got.q == ["1/2", "1/2"]


def test_08_quoted_decimal_commas_are_not_misread():
    got, p, q = imported(read_delimited(CASES / "08-quoted-decimal-comma-comma-file.csv"))
    assert p.tolist() == [2523.0, 2524.5] and q.tolist() == [2143.5, 2145.0]


# -- inputs of our own, one for each kind ---------------------------------------------------
COIN_TEXT = "outcome\tP\tQ\r\nheads\t0,8\t0,6\r\ntails\t0,2\t0,4\r\n"


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", b""), ("utf-16-be", b""), ("utf-32-le", b""), ("utf-32-be", b""),
])
def test_unicode_encodings_with_and_without_a_byte_order_mark(codec, bom):
    text = COIN_TEXT.replace("heads", "Kopf \u20ac\u00e9")  # beyond ASCII and Latin-1
    table = parse_delimited(bom + text.encode(codec), "coin.txt")
    assert kl(table) == pytest.approx(COIN, rel=1e-12)
    assert imported(table)[0].labels == ["Kopf \u20ac\u00e9", "tails"]


def test_a_byte_order_mark_with_broken_text_after_it_is_refused_plainly():
    with pytest.raises(CsvImportError, match=r"^bad.txt starts with a UTF-16 byte-order mark, "
                                             r"but byte 10 is not UTF-16 text"):
        parse_delimited(codecs.BOM_UTF16_LE + "a\t1\n".encode("utf-16-le") + b"\x00", "bad.txt")


@pytest.mark.parametrize("end", ["\r\n", "\r", "\n"])
def test_line_ends_with_quotes_spanning_lines(end):
    text = end.join(['outcome,P,Q', '"two', 'lines",0.8,0.6', '"x, y",0.2,"0.4"', ''])
    table = parse_delimited(text.encode(), "q.csv")
    got, p, q = imported(table)
    assert got.labels == ["two\nlines", "x, y"] and table.lines == [2, 4]
    assert compare(p, q).kl_pq == pytest.approx(COIN, rel=1e-12)


@pytest.mark.parametrize("line", ["sep=|", '"sep=|"', "SEP=|", "sep=|||"])
def test_a_sep_line_names_any_delimiter(line):
    table = parse_delimited(f"{line}\nheads|0.8|0.6\ntails|0.2|0.4\n", "pipe.csv")
    assert table.delimiter == "|" and table.lines == [2, 3]
    assert kl(table) == pytest.approx(COIN, rel=1e-12)
    assert table.describe().startswith("2 rows, 3 columns, pipe-separated")


@pytest.mark.parametrize("text, p, described", [
    ("a;1'234,5;1\nb;0,5;1\n", [1234.5, 0.5], "decimal commas, apostrophes between thousands"),
    ("a,1\u2019234.5,1\nb,0.5,1\n", [1234.5, 0.5], "apostrophes between thousands"),
    ('a,"1,234.5",1\nb,0.5,1\n', [1234.5, 0.5], "commas between thousands"),
    ('a,"12,345,678",1\nb,2,1\n', [12345678, 2], "commas between thousands"),
    ("a;1 234 567,25;1\nb;0,75;1\n", [1234567.25, 0.75], "spaces between thousands"),
    ("a;1\u2009234,5;1\nb;0,5;1\n", [1234.5, 0.5], "thin spaces between thousands"),
    ("a\t1.234.567\t1\nb\t2\t1\n", [1234567, 2], "decimal commas, dots between thousands"),
    ("a,\uff11\uff12,1\nb,\u0663,1\n", [12, 3], "no header"),  # full-width, Arabic-Indic
    ("a;12,5\u202f%;1\nb;1\u202f250\u00a0%;1\n", [0.125, 12.5], "narrow no-break spaces"),
])
def test_thousands_separators_of_every_kind(text, p, described):
    table = parse_delimited(text, "own.csv")
    assert imported(table)[1].tolist() == p
    assert described in table.describe()


@pytest.mark.parametrize("text, message", [
    # a dot that is neither a decimal mark nor between thousands in a decimal-comma file
    ("outcome;P;Q\na;0,5;1\nb;2.15;1\n", "x.csv, line 3: '2.15' in column P has a dot that "
     "is neither a decimal mark nor between thousands"),
    # a comma that is not between thousands in a decimal-dot file
    ('outcome,P,Q\na,0.5,1\nb,0.25,1\nc,"1,5",1\n', "x.csv, line 4: '1,5' in column P has a "
     "comma that is neither a decimal mark nor between thousands"),
    # groups of thousands are exactly three digits
    ("outcome;P;Q\na;1.23,5;1\nb;0,5;1\n", "x.csv, line 2: '1.23,5' in column P has a dot"),
    ("outcome;P;Q\na;12 34;1\nb;5;1\n", "x.csv, line 2: '12 34' in column P is not a number "
     "as written"),
    # nothing in the file says whether 2.155 is 2155 or 2.155
    ("outcome;P;Q\na;2.155;1\nb;3;1\n", "x.csv, line 2: '2.155' in column P could be 2155 or "
     "2.155: no other number here shows whether its dot is the decimal mark"),
    # an invisible character that still spoils the cell is named by code point
    ("outcome,P,Q\na,0.5\u200b1,1\nb,0.5,1\n", "x.csv, line 2: '0.5\ufffd1' in column P is not "
     "a number (it contains U+200B, a zero-width space)."),
])
def test_marks_out_of_place_are_errors_naming_the_cell(text, message):
    table = parse_delimited(text, "x.csv")
    with pytest.raises(CsvImportError) as e:
        table.outcomes(table.guess()[0])
    assert str(e.value).startswith(message)
    assert "\n" not in str(e.value) and "\\x" not in str(e.value) and "\\u" not in str(e.value)


_WHOLE = "a;1;2\nb;3;4\nc;5;6\nd;1;1\ne;2;2\nf;3;3\ng;{};3\n"


@pytest.mark.parametrize("text", [_WHOLE.format("1,23,4"), _WHOLE.format("12,34,5"),
                                  _WHOLE.replace(";", "\t").format("1,23,4")])
def test_a_bad_cell_among_whole_numbers_names_no_decimal_mark_the_file_does_not_show(text):
    """Whole numbers only: '1,23,4' (whose commas voted for decimal dots) was refused as
    'numbers here have decimal dots, e.g. 1,234.5', a mark no cell of the file shows."""
    table = parse_delimited(text, "whole.csv")
    with pytest.raises(CsvImportError) as e:
        table.outcomes(table.guess()[0])
    cell = text.splitlines()[6].split(text[1])[1]
    assert str(e.value) == (f"whole.csv, line 7: '{cell}' in column 2 (P) is not a number "
                            "as written: thousands are grouped by threes (1 234 567) and "
                            "there is one decimal mark.")


def test_a_bad_cell_beside_a_decimal_dot_names_the_mark_the_file_shows():
    table = parse_delimited(_WHOLE.replace("f;3;3", "f;0.5;3").format("1,23,4"), "dot.csv")
    with pytest.raises(CsvImportError, match=r"line 7: '1,23,4' in column 2 \(P\) has a comma "
                       r"that is neither a decimal mark nor between thousands \(numbers here "
                       r"have decimal dots, e\.g\. 1,234\.5\)\.$"):
        table.outcomes(table.guess()[0])


_AMBIGUOUS = ("could be {} or {}: no other number here shows whether its comma is the "
              "decimal mark or separates thousands.")


@pytest.mark.parametrize("text, message", [
    ('outcome,P,Q\na,"1,500",1\nb,1,1\n',
     "amb.csv, line 2: '1,500' in column P " + _AMBIGUOUS.format("1.5", "1500")),
    ('a,"1,234",1\nb,2,1\n', "amb.csv, line 1: '1,234' in column 2 (P) "
     + _AMBIGUOUS.format("1.234", "1234")),
])
def test_a_quoted_comma_and_three_digits_that_nothing_else_settles_is_refused(text, message):
    """It was read as thousands (1500, D = 0.6877) while the same cell pasted is refused:
    in a comma-separated file the comma inside quotes may be a decimal comma (case 08)."""
    table = parse_delimited(text, "amb.csv")
    with pytest.raises(CsvImportError) as e:
        table.outcomes(table.guess()[0])
    assert str(e.value) == message


@pytest.mark.parametrize("text, p", [
    ('outcome,P,Q\na,"1,500",1\nb,"2,5",1\n', [1.5, 2.5]),  # a decimal comma elsewhere
    ('outcome,P,Q\na,"1,500",1\nb,"1,234,567",1\n', [1500, 1234567]),  # commas in thousands
    ('outcome,P,Q\na,"1,500",1\nb,0.5,1\n', [1500, 0.5]),  # a decimal dot elsewhere
    ("outcome,P,Q\na,1.234,1\nb,1.000,1\n", [1.234, 1]),  # dots, as before: decimal
])
def test_a_comma_separated_file_whose_other_cells_settle_the_mark_reads_by_them(text, p):
    assert imported(parse_delimited(text, "amb.csv"))[1].tolist() == p


def test_the_export_refuses_the_ambiguous_file_and_writes_nothing(tmp_path, capfd,
                                                                  monkeypatch):
    (tmp_path / "amb.csv").write_text('outcome,P,Q\na,"1,500",1\nb,1,1\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    assert export_main(["amb.csv", "--table", "-"]) == 2
    out, err = capfd.readouterr()
    assert out == "" and "amb.csv, line 2: '1,500' in column P could be 1.5 or 1500" in err


def test_the_number_format_is_decided_by_all_the_weight_cells():
    # the first cells alone (1,500) say nothing; a later one settles decimal commas
    rows = "".join(f"o{i};1,500;1\n" for i in range(300)) + "z;0,25;1\n"
    table = parse_delimited("outcome;P;Q\n" + rows, "late.csv")
    assert table.decimal_comma
    assert set(imported(table)[1].tolist()) == {1.5, 0.25}
