"""Files that must not freeze the window, eat the memory or escape as an unreadable
message (issue 19): each is refused within seconds with one short line. The inputs are
small and generated; the size bound is tested by lowering the limit. The window's
import dialogs are bounded and deleted after use."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from klgui.io import csv_import, text_file
from klgui.io.csv_import import MAX_COLUMNS, CsvImportError, parse_delimited, read_delimited


def refused(path_or_text, source="x.csv") -> CsvImportError:
    with pytest.raises(CsvImportError) as e:
        if isinstance(path_or_text, Path):
            table = read_delimited(path_or_text)
        else:
            table = parse_delimited(path_or_text, source)
        table.outcomes(table.guess()[0])
    message = str(e.value)
    assert "\n" not in message and len(message) < 300, message
    return e.value


def test_one_line_of_millions_of_fields_names_the_column_count(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(b"1," * 2_500_000)  # 5 MB, 2,500,001 fields on one line
    e = refused(path)
    assert str(e) == (f"wide.csv, line 1 has 2,500,001 columns; at most {MAX_COLUMNS:,} "
                      "are supported.")


def test_two_lines_of_a_million_columns(tmp_path):
    path = tmp_path / "million_columns.csv"
    line = ",".join(["1"] * 1_000_001)
    path.write_text(f"{line}\n{line}\n")
    assert str(refused(path)) == ("million_columns.csv, line 1 has 1,000,001 columns; "
                                  "at most 1,000 are supported.")


def test_a_wide_line_after_the_first_lines_is_found_before_splitting():
    text = "a,1,2\n" * 70 + "b" + ",1" * 5000 + "\n" + "c,1,2\n"
    assert str(refused(text)) == "x.csv, line 71 has 5,001 columns; at most 1,000 are supported."


def test_a_wide_record_in_a_quoted_file():
    text = '"a",1,2\n' * 70 + "b" + ",1" * 5000 + "\n"
    assert str(refused(text)) == "x.csv, line 71 has 5,001 columns; at most 1,000 are supported."


def test_a_thousand_columns_are_still_read():
    header = ",".join(["outcome", "P", "Q"] + [f"c{j}" for j in range(MAX_COLUMNS - 3)])
    row = ",".join(["a", "1", "2"] + ["0"] * (MAX_COLUMNS - 3))
    table = parse_delimited(f"{header}\n{row}\n{row.replace('a', 'b', 1)}\n", "wide.csv")
    assert table.n_columns == MAX_COLUMNS and table.outcomes(table.guess()[0]).p == ["1", "1"]


def test_a_line_too_long(monkeypatch):
    monkeypatch.setattr(text_file, "MAX_LINE_CHARS", 1000)
    text = "outcome,P,Q\na,1,2\nb,1," + "2" * 2000 + "\nc,1,2\n"
    e = refused(text)
    assert str(e) == "x.csv, line 3 is 2,004 characters long; at most 1,000 are supported."
    assert e.line == 3


def test_a_long_line_that_is_the_last_one(monkeypatch):
    monkeypatch.setattr(text_file, "MAX_LINE_CHARS", 1000)
    assert str(refused("a,1,2\n" * 500 + "b" * 1001)).startswith(
        "x.csv, line 501 is 1,001 characters long")
    parse_delimited("a,1,2\n" * 500 + "b,1," + "2" * 996, "x.csv")  # 1,000 exactly: read


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(text_file, "MAX_FILE_BYTES", 3 * 2**20)
    path = tmp_path / "big.csv"
    with open(path, "wb") as f:
        f.truncate(4 * 2**20)  # sparse: nothing written
    assert str(refused(path)) == "big.csv is 4.0 MiB; files up to 3.0 MiB can be imported."


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_an_endless_device_is_refused(tmp_path, device):
    link = tmp_path / "data.csv"
    link.symlink_to(device)
    assert str(refused(link)) == ("data.csv is a device, not a file that can be read to its "
                                  "end; choose a CSV file.")


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    assert str(refused(fifo)).startswith("x.csv is a named pipe (FIFO), not a file")


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "folder.csv").mkdir()
    assert str(refused(tmp_path / "folder.csv")).startswith("folder.csv is a folder")


def test_a_huge_cell_is_quoted_short():
    e = refused("outcome,P,Q\na," + "x" * 100_000 + ",1\nb,1,1\n")
    assert str(e).startswith("x.csv, line 2: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' in "
                             "column P is not a number.")


def test_a_huge_column_name_is_quoted_short():
    text = "outcome,P," + "n" * 50_000 + "\na,1,x\nb,1,1\n"
    table = parse_delimited(text, "x.csv")
    with pytest.raises(CsvImportError) as e:
        table.outcomes(csv_import.Columns(0, 1, 2))
    assert len(str(e.value)) < 300 and "nnnn…' (Q) is not a number" in str(e.value)


def test_a_label_repeated_a_hundred_thousand_times_is_reported_briefly():
    text = "outcome,P,Q\n" + "same,1,1\n" * 100_000
    table = parse_delimited(text, "x.csv")
    with pytest.raises(csv_import.DuplicateLabels) as e:
        table.outcomes(table.guess()[0])
    assert str(e.value).startswith("x.csv: the label 'same' appears on lines 2, 3, 4, 5, 6 "
                                   "and 99,995 more.")


def test_control_characters_in_a_cell_never_break_the_line():
    e = refused("outcome,P,Q\na,\"1\n2\",1\nb,1,1\n")
    assert "'1 2'" in str(e)


# -- nothing escapes as anything but a one-line CsvImportError --------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_pieces = st.sampled_from(["a", "1", "0,5", "2.155", "1\u00a0234", "\u2212", "½", "⅟", '"', "\n",
                           "\r", "\r\n", ",", ";", "\t", " ", "sep=;\n", "\ufeff", "\x00", "e",
                           "%", "/", "'", "\u0663", "\uff11", "\u200b", "1e999", "outcome,P,Q\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=40), st.sampled_from(["utf-8", "utf-16", "utf-32-be",
                                                        "cp1252"]))
def test_any_input_is_read_or_refused_in_one_line(pieces, codec):
    data = "".join(pieces).encode(codec, errors="replace")
    try:
        table = parse_delimited(data, "fuzz.csv")
        columns, _ = table.guess()
        if columns.p is not None and columns.q is not None and columns.p != columns.q:
            table.outcomes(columns, "keep")
        table.describe()
    except CsvImportError as e:
        assert "\n" not in str(e) and len(str(e)) < 400 and str(e).startswith("fuzz.csv")
