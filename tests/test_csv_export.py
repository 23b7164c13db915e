"""Writing the result files, reading them back, and writing safely. No Qt here."""

import csv
import datetime
import math
import os

import pytest

from klgui import __version__
from klgui.core import SCALAR_FIELDS, Smoothing
from klgui.core.parsing import parse_exact, parse_weights
from klgui.model.document import Document
from klgui.io.atomic import atomic_writer, write_text_atomically
from klgui.io.csv_export import TABLE_HEADER, save_summary, save_table
from klgui.io.csv_import import read_delimited
from oracle import typed_compare

AWKWARD = ["a, b", 'say "hi"', "two\nlines", "café ñ 日本", " =1+1", ""]


def export(tmp_path, doc):
    result = doc.result().comparison
    save_table(tmp_path / "t.csv", doc.labels, doc.texts("P"), doc.texts("Q"), result)
    save_summary(tmp_path / "s.csv", result, labels=doc.labels,
                 now=datetime.datetime(2026, 11, 21, 9, 30, tzinfo=datetime.timezone.utc))
    return tmp_path / "t.csv", tmp_path / "s.csv"


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_the_table_reads_back_bit_for_bit_with_the_csv_module(tmp_path):
    doc = Document(["heads", "tails", "edge"], ["0.8", "4/5", "1"], ["0.3", "0.7", "0"])
    table, _ = export(tmp_path, doc)
    rows = read_rows(table)
    assert tuple(rows[0]) == TABLE_HEADER
    c = doc.result().comparison
    body = rows[1:]
    assert [r[0] for r in body] == ["heads", "tails", "edge"]
    assert [r[1] for r in body] == ["0.8", "0.8", "1"]  # 4/5 would read as a date in a spreadsheet
    for k, column in enumerate([c.p, c.q, c.contributions_pq, c.contributions_qp], start=3):
        assert [float(r[k]) for r in body] == column.tolist()  # exactly, not approximately
    assert body[2][5] == "inf"  # Q rules out 'edge'


def test_plain_entries_are_written_as_typed(tmp_path):
    doc = Document(["a", "b"], ["0.10", " 2e-3 "], ["1", "1"])
    rows = read_rows(export(tmp_path, doc)[0])
    assert [r[1] for r in rows[1:]] == ["0.10", "2e-3"]


def test_the_summary_names_every_figure_as_the_comparison_does(tmp_path):
    doc = Document(["a", "b", "c"], ["1", "2", "0"], ["2", "0", "1"])
    doc.set_unit("bits")
    doc.set_smoothing(None)
    _, summary = export(tmp_path, doc)
    rows = read_rows(summary)
    assert rows[0] == ["metric", "value", "unit"]
    c = doc.result().comparison
    values = {r[0]: r[1] for r in rows[1:]}
    units = {r[0]: r[2] for r in rows[1:]}
    for name in SCALAR_FIELDS:
        assert float(values[name]) == getattr(c, name) or (
            math.isinf(getattr(c, name)) and values[name] == "inf")
        assert units[name] == ("" if name in ("total_variation", "hellinger")
                               else "√bits" if name == "js_distance" else "bits")
    assert values["kl_pq"] == "inf" and values["infinite_pq_outcomes"] == "b"
    assert values["infinite_qp_outcomes"] == "c"
    assert (values["unit"], values["normalization"], values["smoothing"]) == ("bits", "on", "none")
    assert values["app_version"] == __version__ and values["created"] == "2026-11-21T09:30:00+00:00"
    assert values["outcomes"] == "3"


def test_the_summary_records_smoothing(tmp_path):
    doc = Document(["a", "b"], ["1", "1"], ["1", "0"])
    doc.set_smoothing(Smoothing("additive", 0.5, "q"))
    values = {r[0]: r[1] for r in read_rows(export(tmp_path, doc)[1])}
    assert (values["smoothing"], values["smoothing_amount"], values["smoothing_applies_to"]) == \
        ("additive", "0.5", "q")
    assert float(values["kl_pq"]) == typed_compare([1, 1], [1.5, 0.5]).kl_pq


def test_export_then_import_gives_the_same_entries_and_figures(tmp_path):
    labels = [f"{name} {i}" for i, name in enumerate(AWKWARD)]
    doc = Document(labels, ["1", "2", "3/7", "4", "5%", "0.6"], ["6", "5", "4", "3", "2", "1"])
    table, _ = export(tmp_path, doc)
    imported = read_delimited(table)
    columns, sure = imported.guess()
    assert sure
    got = imported.outcomes(columns)
    assert got.labels == [label.strip() for label in labels]
    again = Document(got.labels, got.p, got.q)
    assert again.values("P").tolist() == doc.values("P").tolist()
    assert again.values("Q").tolist() == doc.values("Q").tolist()
    a, b = again.result().comparison, doc.result().comparison
    assert a.figures() == b.figures()


def test_awkward_labels_survive_the_csv_module(tmp_path):
    doc = Document(AWKWARD, ["1"] * 6, ["1"] * 6)
    rows = read_rows(export(tmp_path, doc)[0])
    # "=1+1" is written as "'=1+1": text a spreadsheet would run (tests/test_formula_guard.py)
    assert [r[0] for r in rows[1:]] == ["a, b", 'say "hi"', "two\nlines", "café ñ 日本",
                                        "'=1+1", ""]
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"outcome,") and "café ñ 日本".encode() in raw  # UTF-8, no BOM


def test_a_failed_write_leaves_the_old_file_intact(tmp_path):
    path = tmp_path / "answer.csv"
    path.write_text("the good file\n")
    with pytest.raises(RuntimeError):
        with atomic_writer(path) as stream:
            stream.write("half of a new fi")
            raise RuntimeError("the disk is full")
    assert path.read_text() == "the good file\n"
    assert os.listdir(tmp_path) == ["answer.csv"]  # no temporary file left behind


def test_a_failed_export_midway_leaves_the_old_file_intact(tmp_path, monkeypatch):
    doc = Document()
    table = tmp_path / "t.csv"
    table.write_text("old\n")
    import klgui.io.csv_export as csv_export

    def broken(*args):
        yield list(TABLE_HEADER)
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(csv_export, "table_rows", broken)
    with pytest.raises(OSError):
        save_table(table, doc.labels, doc.texts("P"), doc.texts("Q"), doc.result().comparison)
    assert table.read_text() == "old\n" and os.listdir(tmp_path) == ["t.csv"]


def test_an_atomic_write_keeps_the_file_mode(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a")
    path.chmod(0o640)
    write_text_atomically(path, "b")
    assert path.read_text() == "b" and (path.stat().st_mode & 0o777) == 0o640


def test_weights_written_as_values_read_back_exactly(tmp_path):
    doc = Document(["a", "b", "c"], ["1/3", "1e-300", "12.5%"], ["1", "1", "1"])
    rows = read_rows(export(tmp_path, doc)[0])
    assert parse_weights([r[1] for r in rows[1:]]).tolist() == doc.values("P").tolist()


def test_a_decimal_typed_with_a_comma_is_written_with_a_dot_and_every_digit(tmp_path):
    """0,1000000000000000000001 typed in a decimal-comma locale was written as the double
    nearest to it (0.1), and the file read back gave other figures."""
    typed = ["0,1000000000000000000001", "0,9", "1.000,5", "1/3"]
    doc = Document(["a", "b", "c", "d"], typed, ["1", "1", "1", "1"])
    rows = read_rows(export(tmp_path, doc)[0])
    assert [r[1] for r in rows[1:]] == ["0.1000000000000000000001", "0.9", "1000.5",
                                        repr(1 / 3)]
    table = read_delimited(tmp_path / "t.csv")
    got = table.outcomes(table.guess()[0])
    again = Document(got.labels, got.p, got.q)
    for i in range(3):  # the decimals exactly; 1/3 as its double
        assert parse_exact(got.p[i]) == parse_exact(typed[i])
    assert again.result().comparison.figures() == doc.result().comparison.figures()


# -- probabilities below the doubles' range (weights 1e400, 1e400, 1) ---------------------
def test_a_probability_below_the_doubles_range_is_written_in_decimal_not_as_0(tmp_path):
    """p of the third outcome is 1/(2e400 + 1), about 5e-401: positive (its term of
    D(Q‖P) is finite and computed from it exactly), though 0.0 as a double. The file
    says 5e-401, which Decimal reads to 17 digits and float() as 0.0."""
    import decimal
    import mpmath
    doc = Document(["a", "b", "c"], ["1e400", "1e400", "1"], ["1", "1", "1"])
    table, summary = export(tmp_path, doc)
    rows = read_rows(table)
    assert [r[:5] for r in rows[1:]] == [["a", "1e400", "1", "0.5", "0.3333333333333333"],
                                         ["b", "1e400", "1", "0.5", "0.3333333333333333"],
                                         ["c", "1", "1", "5e-401", "0.3333333333333333"]]
    with mpmath.workdps(50):
        p = mpmath.mpf(1) / (2 * mpmath.mpf(10) ** 400 + 1)
        written = decimal.Decimal(rows[3][3])
        assert abs(mpmath.mpf(str(written)) / p - 1) < 1e-16 and float(rows[3][3]) == 0.0
        q = mpmath.mpf(1) / 3
        assert float(rows[3][6]) == pytest.approx(float(q * mpmath.log(q / p)), rel=1e-15)
    # Our own import reads the weights back: every figure again, bit for bit.
    from klgui.cli import document_from_file
    back, _ = document_from_file(table)
    assert [list(back.texts(i)) for i in back.column_ids] == [["1e400", "1e400", "1"],
                                                             ["1", "1", "1"]]
    again = back.result().comparison
    for name in SCALAR_FIELDS:
        assert getattr(again, name) == getattr(doc.result().comparison, name), name
    # Chosen as the weights themselves, the written probabilities give the figures too.
    back, _ = document_from_file(table, reference="p", models=["q"])
    assert back.result().comparison.kl_qp == doc.result().comparison.kl_qp


def test_tiny_probabilities_of_q_of_further_models_and_after_smoothing(tmp_path):
    """Every probability column says the same truth: q, a further model's q, and a
    probability that smoothing (α = 1 added to each entry) leaves below the range."""
    from fractions import Fraction
    from klgui.io.csv_export import further_models
    doc = Document(["a", "b", "c"], ["1", "1", "1"], ["1", "1e-400", "0"])
    doc.add_model("R", ["3", "0", "1e-500"])
    c = doc.result().comparison
    more = further_models(doc.typed_column("P"), [("R", doc.texts("R"),
                                                   doc.typed_column("R"))], doc.unit)
    save_table(tmp_path / "t.csv", doc.labels, doc.texts("P"), doc.texts("Q"), c, more=more)
    rows = read_rows(tmp_path / "t.csv")
    assert rows[0][8] == "R q"
    assert [r[4] for r in rows[1:]] == ["1.0", "1e-400", "0.0"]  # 1e-400 / (1 + 1e-400)
    assert [r[8] for r in rows[1:]] == ["1.0", "0.0", "3.3333333333333333e-501"]
    doc = Document(["a", "b", "c"], ["1e400", "1e400", "0"], ["1", "1", "1"])
    doc.set_smoothing(Smoothing("additive", 1.0, "both"))
    c = doc.result().comparison
    assert c.p[2] == 0.0
    save_table(tmp_path / "s.csv", doc.labels, doc.texts("P"), doc.texts("Q"), c)
    exact = Fraction(1, 2 * 10**400 + 3)  # (0 + 1) / (1e400 + 1 + 1e400 + 1 + 0 + 1)
    assert read_rows(tmp_path / "s.csv")[3][3] == "5e-401"
    assert abs(Fraction(read_rows(tmp_path / "s.csv")[3][3]) / exact - 1) < Fraction(1, 10**16)
