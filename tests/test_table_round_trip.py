"""Every table CSV the app writes imports again into the same columns, whatever the
distributions are called (issue 20: "re-importing it restores all columns").

The table's first seven columns do not name the reference and the focus model; unless
they are called P and Q, two columns ``reference_name`` and ``focus_name`` end the table
with their names (issue 21), so every distribution comes back with its own name and the
focus with it, even when a name is one of the usual ones ("P", "Q"), a header of the
table itself ("p", "q", "p_weight"), a near-twin of another ("Model A", "model a") or
holds commas, quotes and formula characters; a table of P and Q is what it always was. Checked by reading the files back through
the import the window and the command line share (klgui.io.column_roles). No Qt.
"""

import csv
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klgui.cli import document_from_file, export_main
from klgui.io.column_roles import plan_import, read_plan
from klgui.io.csv_import import CsvImportError, read_delimited
from klgui.io.pasted_text import pasted_cells
from klgui.io.tsv import entry_block
from klgui.io.session import save_session
from klgui.model.columns import MAX_NAME
from klgui.model.document import Document, DistributionSpec

LABELS = ["cat", 'dog, "big"', "=bird"]
ENTRIES = [["1", "0", "0"], ["0.8", "0.1", "0.1"], ["0.4", "0.3", "0.3"], ["2", "1", "1"],
           ["0.5", "0.25", "0.25"], ["3", "0", "1"]]
#: Names an exported table has met, or could: the usual names, the table's own headers,
#: near-twins, and characters a CSV file or a spreadsheet treats specially.
HOSTILE = ["P", "Q", "p", "q", "Model Q", "Reference", "P weight", "p weight", "q_weight",
           "p_weight", "model", "truth", "outcome", "contribution_pq", "P q", "Model A",
           "model a", "MODEL A", 'a,"b"', "x;y", "=1+2", "'=x", "'a", "-", "@", "1", "0.5",
           "inf", "Gauß ∞", "a weight", "column 2", "P 2", "Q 2"]
#: Any name the document takes: no control character, no blank at either end.
NAMES = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1,
                max_size=MAX_NAME).map(str.strip).filter(bool)


def document(names, reference, focus, labels=LABELS):
    doc = Document()
    doc.load_columns(labels, [DistributionSpec(n, "reference" if n == reference else "model",
                                               tuple(ENTRIES[i]))
                              for i, n in enumerate(names)], focus=focus, name="lesson")
    return doc


def expected(doc):
    """The columns as (name, entries), in the document's order: the table puts them
    back there, wherever the reference and the focus model were."""
    return [(doc.name_of(i), list(doc.texts(i))) for i in doc.column_ids]


def exported(doc, folder: Path) -> Path:
    """The table as the command line writes it (the window writes it with the same
    function, see test_many_files_gui)."""
    save_session(folder / "in.kld.json", doc.snapshot())
    assert export_main([str(folder / "in.kld.json"), "--table", str(folder / "t.csv")]) == 0
    return folder / "t.csv"


def check_round_trip(names, reference, focus, folder: Path, labels=LABELS):
    doc = document(names, reference, focus, labels)
    want = expected(doc)
    path = exported(doc, folder)
    # The command line's import.
    back, notes = document_from_file(path)
    assert notes == [] and list(back.labels) == labels
    got = [(back.name_of(i), list(back.texts(i))) for i in back.column_ids]
    assert got == want  # every name and every entry, in their order
    assert back.role_places == doc.role_places
    assert back.name_of(back.focus_id) == doc.name_of(doc.focus_id)
    # The window's import, which offers its own reference and focus names: a P/Q table
    # names neither (the window's names are used, here P and Q); any other table's two
    # name columns give them, whatever the window offers.
    table = read_delimited(path)
    usual = [doc.name_of(doc.reference_id), doc.name_of(doc.focus_id)] == ["P", "Q"]
    offered = ("P", "Q") if usual else ("Truth", "Model X")
    got = read_plan(table, plan_import(table), reference_name=offered[0],
                    focus_name=offered[1])
    assert got.labels == labels and [(n, t) for n, _, t in got.distributions] == want
    assert got.focus == doc.name_of(doc.focus_id)
    Document().load_columns(got.labels, [DistributionSpec(*d) for d in got.distributions],
                            focus=got.focus)  # the window loads it without a complaint


@pytest.mark.parametrize("names, reference, focus", [
    (["P", "Model A", "Model B"], "Model A", "Model B"),  # the tester's file: P a model
    (["Q", "P", "Model A"], "Model A", "P"),              # P and Q both further models
    (["P", "Q", "Model Q", "Model A"], "Model A", "P"),   # every usual model name taken
    (["Reference", "P", "Q", "x"], "x", "Reference"),     # every usual name taken
    (["p", "q", "P", "Q"], "p", "q"),                     # names that differ in case only
    (["Model A", "model a", "MODEL A"], "MODEL A", "model a"),
    (["p weight", "p_weight", "q_weight", "P weight"], "p weight", "P weight"),
    ([' a,"b" ', "=1+2", "'=x", "x;y"], "x;y", "=1+2"),
    (["P", "Q", "1", "2019", "0.5"], "P", "Q"),  # a header of "1 weight", "2019 q", …
])
def test_a_table_with_any_names_reads_back_into_the_same_columns(tmp_path, names, reference,
                                                                  focus):
    check_round_trip([n.strip() for n in names], reference.strip(), focus.strip(), tmp_path)


def test_a_table_is_read_as_comma_separated_whatever_semicolons_its_cells_hold(tmp_path):
    """A model "x;y" gives the header four semicolons; labels holding four each split
    every line into five fields at semicolons, as evenly as at commas: the table's own
    first line says it is ours, and so comma-separated."""
    check_round_trip(["P", "Model A", "x;y"], "P", "Model A", tmp_path,
                     ["a;b;c;d;e", "f;g;h;i;j", "k;l;m;n;o"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE) | NAMES, min_size=2, max_size=6, unique=True),
       st.data())
def test_any_names_read_back_into_the_same_columns(names, data):
    reference = data.draw(st.sampled_from(names))
    focus = data.draw(st.sampled_from([n for n in names if n != reference]))
    with tempfile.TemporaryDirectory() as folder:
        check_round_trip(names, reference, focus, Path(folder))


def test_the_testers_file_exports_and_reads_back_on_the_command_line(tmp_path):
    """`export cls.csv --reference "Model A" --focus "Model B" --table t4.csv`, then
    `export t4.csv`: P is a model of the exported table, as it was of the document."""
    (tmp_path / "cls.csv").write_text("label,P,Model A,Model B\na,1,0.8,0.4\nb,0,0.1,0.3\n"
                                      "c,0,0.1,0.3\n", encoding="utf-8")
    assert export_main([str(tmp_path / "cls.csv"), "--reference", "Model A", "--focus",
                        "Model B", "--table", str(tmp_path / "t4.csv")]) == 0
    assert export_main([str(tmp_path / "t4.csv"), "--ranking", str(tmp_path / "r.csv")]) == 0
    ranking = [r.split(",") for r in (tmp_path / "r.csv").read_text("utf-8").splitlines()]
    # D(Model A‖Model B) = 0.8 ln 2 + 0.2 ln(1/3) and D(Model A‖P) = inf (P rules out b, c)
    assert [r[:2] for r in ranking[1:]] == [["1", "Model B"], ["2", "P"]]
    assert float(ranking[1][2]) == pytest.approx(0.8 * math.log(2) + 0.2 * math.log(1 / 3),
                                                 rel=1e-15)
    assert ranking[2][2] == "inf"


# -- labels ------------------------------------------------------------------------------
def test_labels_pasted_with_line_breaks_read_back_the_same(tmp_path):
    """A spreadsheet copies a cell holding a line break quoted, with CRLF inside on
    Windows; the CSV import reads every line break as LF, so the paste does too (it kept
    the CR, and the round trip changed the label)."""
    doc = document(["P", "Q"], "P", "Q", ["a", "b", "c"])
    block = entry_block(pasted_cells('"two\r\nlines"\t1\t2\r\n"old\rMac"\t3\t4\r\n', 1).rows,
                        1)
    doc.paste(0, 0, block.rows)
    assert list(doc.labels) == ["two\nlines", "old\nMac", "c"]
    back, _ = document_from_file(exported(doc, tmp_path))
    assert list(back.labels) == list(doc.labels)


@pytest.mark.parametrize("typed", [" a", "a ", "\u00a0a\u2003"])
def test_a_label_typed_with_blanks_at_its_ends_reads_back_the_same(tmp_path, typed):
    """The document keeps no blank at either end of a label (typed, pasted, imported or
    opened alike), so the export never writes one and the round trip is exact; a
    hand-written file's blank after a comma (``a, 0.5``), quoted or not, is no part of
    the label either."""
    doc = document(["P", "Q"], "P", "Q", ["x", "b", "c"])
    doc.set_label(0, typed)
    assert doc.labels[0] == "a"
    back, _ = document_from_file(exported(doc, tmp_path))
    assert list(back.labels) == ["a", "b", "c"]
    (tmp_path / "hand.csv").write_text('outcome, P, Q\na, 0.5, 0.25\n" b ", 0.5, 0.75\n',
                                       encoding="utf-8")
    hand, _ = document_from_file(tmp_path / "hand.csv")
    assert list(hand.labels) == ["a", "b"]


# -- choosing columns of an exported table by the models' names --------------------------
@pytest.fixture
def twins(tmp_path):
    """The table of P, Model B (focus), Model A, "model a" and Model C: the further
    models' columns are headed "Model A weight", …, "model a weight", …"""
    doc = document(["P", "Model B", "Model A", "model a", "Model C"], "P", "Model B")
    return exported(doc, tmp_path)


def test_a_model_of_an_exported_table_is_chosen_by_its_own_name(twins):
    back, _ = document_from_file(twins, models=["model a"])
    assert back.names() == ("P", "model a") and list(back.texts("model a")) == ENTRIES[3]
    back, _ = document_from_file(twins, reference="Model A", models=["model a", "3"],
                                 focus="model a")
    assert back.names() == ("Model A", "model a", "Model B")  # column 3: q_weight
    assert [list(back.texts(i)) for i in back.column_ids] == [ENTRIES[2], ENTRIES[3],
                                                             ENTRIES[1]]
    assert back.name_of(back.focus_id) == "model a"
    # Any case, when only one model answers to it; the columns' own headers still work.
    back, _ = document_from_file(twins, models=["MODEL C", "model a weight", "Model A"])
    assert back.names() == ("P", "Model C", "model a", "Model A")
    assert [list(back.texts(i)) for i in back.column_ids] == [ENTRIES[0], ENTRIES[4],
                                                             ENTRIES[3], ENTRIES[2]]


def test_a_name_that_fits_two_models_but_for_case_is_refused_not_guessed(twins):
    with pytest.raises(CsvImportError) as info:
        document_from_file(twins, models=["MODEL A"])
    assert str(info.value) == ("t.csv: --model 'MODEL A' could be 'Model A' or 'model a'; "
                               "write the name as the file does.")


def test_a_model_called_like_a_column_of_the_table_is_the_model(tmp_path):
    """A model called "p" (or "P"): the name chooses the model's weights, not the
    reference's probabilities in the column headed "p"."""
    doc = document(["Model A", "p", "Model B", "P"], "Model A", "Model B")
    path = exported(doc, tmp_path)
    back, _ = document_from_file(path, models=["p", "P"])
    assert back.names() == ("Model A", "p", "P")
    assert [list(back.texts(i)) for i in back.column_ids] == [ENTRIES[0], ENTRIES[1],
                                                             ENTRIES[3]]


def test_a_model_of_zeros_reads_back_as_a_model_that_cannot_be_compared(tmp_path):
    """A model just added holds zeros: the table writes its weights and empty figures,
    and opens again with it (the ranking puts it last, with its reason), as the session
    does. The reference and the focus model, compared in the first seven columns, are
    never all zeros in a table the app wrote; in any file they still must not be."""
    doc = Document()
    doc.load_columns(LABELS, [DistributionSpec("Model A", "reference", ("0.8", "0.1", "0.1")),
                              DistributionSpec("Model B", "model", ("0.4", "0.3", "0.3")),
                              DistributionSpec("P", "model", ("0", "0", "0"))],
                     focus="Model B")
    path = exported(doc, tmp_path)
    back, _ = document_from_file(path)
    assert back.names() == ("Model A", "Model B", "P")
    assert list(back.texts(back.column_ids[2])) == ["0"] * 3
    assert export_main([str(path), "--ranking", str(tmp_path / "r.csv")]) == 0
    last = (tmp_path / "r.csv").read_text("utf-8").splitlines()[-1].split(",")
    assert last[:3] == ["", "P", ""] and last[-1] != ""
    table = read_delimited(path)
    assert read_plan(table, plan_import(table)).distributions[2] == ("P", "model", ["0"] * 3)
    for chosen in ({"reference": "P"}, {"models": ["P"]}):  # P compared: refused
        with pytest.raises(CsvImportError, match="every weight in column P weight is 0"):
            document_from_file(path, **chosen)


# -- the names of the reference and the focus model (issue 21) ----------------------------
def rows_of(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def test_truth_and_model_a_come_back_by_name_with_the_focus(tmp_path):
    """Truth against Model A (the focus) and Model B: the table ends with the two names
    on its first row, and opens as Truth, Model A (in focus) and Model B, on the command
    line and in the window (whose own names the file's overrule)."""
    doc = document(["Truth", "Model A", "Model B"], "Truth", "Model A")
    path = exported(doc, tmp_path)
    rows = rows_of(path)
    assert rows[0] == ["outcome", "p_weight", "q_weight", "p", "q", "contribution_pq",
                       "contribution_qp", "Model B weight", "Model B q",
                       "Model B contribution_pq", "Model B contribution_qp",
                       "reference_name", "focus_name"]
    assert [r[-2:] for r in rows[1:]] == [["Truth", "Model A"], ["", ""], ["", ""]]
    assert [r[1] for r in rows[1:]] == ENTRIES[0] and [r[2] for r in rows[1:]] == ENTRIES[1]
    back, _ = document_from_file(path)
    assert back.names() == ("Truth", "Model A", "Model B")
    assert back.name_of(back.reference_id) == "Truth"
    assert back.name_of(back.focus_id) == "Model A"
    table = read_delimited(path)
    got = read_plan(table, plan_import(table), reference_name="P", focus_name="Q")
    assert [n for n, _, _ in got.distributions] == ["Truth", "Model A", "Model B"]
    assert got.focus == "Model A"
    # The summary says whose figures they are, and a P/Q summary has no such rows.
    assert export_main([str(tmp_path / "in.kld.json"), "--summary", str(tmp_path / "s.csv")]) == 0
    summary = rows_of(tmp_path / "s.csv")
    keys = [r[0] for r in summary]
    assert summary[keys.index("outcomes") + 1:][:2] == [["reference_name", "Truth", ""],
                                                        ["focus_name", "Model A", ""]]
    plain = Document(["heads", "tails"], ["0.8", "0.2"], ["0.6", "0.4"])
    save_session(tmp_path / "pq.kld.json", plain.snapshot())
    assert export_main([str(tmp_path / "pq.kld.json"), "--summary", str(tmp_path / "s.csv")]) == 0
    assert "reference_name" not in [r[0] for r in rows_of(tmp_path / "s.csv")]
    # The figures of the first seven columns are still Truth against Model A.
    assert export_main([str(path), "--ranking", str(tmp_path / "r.csv")]) == 0
    ranking = rows_of(tmp_path / "r.csv")
    assert [r[1] for r in ranking[1:]] == ["Model A", "Model B"]


def test_a_table_of_p_and_q_is_exactly_what_it_was(tmp_path):
    """One model or several, a reference called P and a focus model called Q: no name
    columns, the bytes of the files written before issue 21."""
    doc = Document(["heads", "tails"], ["0.8", "0.2"], ["0.6", "0.4"])
    path = exported(doc, tmp_path)
    assert path.read_bytes() == (
        b"outcome,p_weight,q_weight,p,q,contribution_pq,contribution_qp\r\n"
        b"heads,0.8,0.6,0.8,0.6,0.23014565796142475,-0.17260924347106857\r\n"
        b"tails,0.2,0.4,0.2,0.4,-0.13862943611198905,0.2772588722239781\r\n")
    doc.add_model("Model B", ["1", "1"])
    rows = rows_of(exported(doc, tmp_path))
    assert rows[0][-1] == "Model B contribution_qp" and len(rows[0]) == 11


def test_names_are_read_wherever_a_spreadsheet_moved_them(tmp_path):
    """Rows sorted in a spreadsheet: the names' row may be any row; a formula-like name
    keeps its guard off; two different names in one column are refused, named."""
    doc = document(["=Truth", "Model A"], "=Truth", "Model A")
    rows = rows_of(exported(doc, tmp_path))
    assert rows[1][-2:] == ["'=Truth", "Model A"]
    rows[1:] = rows[:0:-1]  # sorted the other way round: the names on the last row
    write_rows(tmp_path / "sorted.csv", rows)
    back, _ = document_from_file(tmp_path / "sorted.csv")
    assert back.names() == ("=Truth", "Model A") and list(back.labels) == LABELS[::-1]
    rows[1][-1] = "Model Z"
    write_rows(tmp_path / "two.csv", rows)
    with pytest.raises(CsvImportError) as info:
        document_from_file(tmp_path / "two.csv")
    assert str(info.value) == ("two.csv: column 'focus_name' holds 2 different names; it "
                               "should hold the distribution's name once.")


# -- the order of the distributions ------------------------------------------------------
def test_the_models_come_back_in_their_order_with_the_focus_and_the_figures(tmp_path):
    """P, Model A, Model B, Model C with Model B in focus: the table holds P against
    Model B in its first seven columns, then Model A and Model C, and says where P and
    Model B were (``reference_position`` 1, ``focus_position`` 3): the file opens as P,
    Model A, Model B, Model C with Model B in focus (it opened as P, Model B, Model A,
    Model C), on the command line and in the window, with the same figures."""
    doc = document(["P", "Model A", "Model B", "Model C"], "P", "Model B")
    path = exported(doc, tmp_path)
    rows = rows_of(path)
    assert rows[0][-4:] == ["reference_name", "focus_name", "reference_position",
                            "focus_position"]
    assert [r[-4:] for r in rows[1:]] == [["P", "Model B", "1", "3"]] + [[""] * 4] * 2
    back, notes = document_from_file(path)
    assert notes == [] and back.names() == ("P", "Model A", "Model B", "Model C")
    assert back.name_of(back.focus_id) == "Model B" and back.name_of(back.reference_id) == "P"
    assert [list(back.texts(i)) for i in back.column_ids] == ENTRIES[:4]
    table = read_delimited(path)
    got = read_plan(table, plan_import(table), reference_name="Truth", focus_name="Model X")
    assert [(n, r) for n, r, _ in got.distributions] == [
        ("P", "reference"), ("Model A", "model"), ("Model B", "model"), ("Model C", "model")]
    assert got.focus == "Model B"
    # The same figures: the table written again from the re-imported file is the same.
    again = tmp_path / "again"
    again.mkdir()
    assert rows_of(exported(back, again)) == rows
    # D(P‖Model B) by hand: P = (1, 0, 0), Model B = (0.4, 0.3, 0.3): ln(1/0.4).
    assert float(rows[1][5]) == pytest.approx(math.log(2.5), rel=1e-15)


@pytest.mark.parametrize("names, reference, focus", [
    (["Model A", "P", "Q"], "P", "Q"),            # usual names, the reference second
    (["A", "B", "C", "D", "E"], "E", "A"),        # the reference last, the focus first
    (["A", "B", "C", "D", "E"], "C", "E"),
])
def test_any_order_of_the_reference_and_the_focus_reads_back(tmp_path, names, reference,
                                                              focus):
    check_round_trip(names, reference, focus, tmp_path)


# Positions that no longer fit the columns open the file in its own order with a note:
# tests/test_table_focus_alias.py.
