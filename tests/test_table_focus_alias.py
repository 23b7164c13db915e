"""Our exported table read back with a focus asked for: "Q" (any case, when no
distribution is called so) is the file's own focus model, as it is a session's and as
the window focuses when it opens the file (tester 16: ``--focus Q`` on a table whose
reference and focus were not first gave the first model's figures). And a table whose
saved order no longer fits its columns (a model deleted in a spreadsheet) opens in the
file's order with a note, instead of being refused. Values against mpmath. No Qt."""

import csv
from pathlib import Path

import mpmath as mp
import pytest

from klgui.cli import document_from_file, export_main
from klgui.io.column_roles import plan_import, read_plan
from klgui.io.csv_import import read_delimited
from klgui.io.session import save_session
from klgui.model.document import Document, DistributionSpec

LABELS = ["cat", "dog", "cow", "eel"]
#: The tester's lesson: the reference "Data" second, "Model B" in focus fourth.
ENTRIES = {"Model A": ["0.8", "0.1", "0.05", "0.05"], "Data": ["5", "3", "2", "1"],
           "Q": ["0.7", "0.1", "0.1", "0.1"], "Model B": [".5", ".3", ".1", ".1"],
           "Model C": ["1", "1", "1", "1"], "P": ["2", "1", "1", "1"]}


def kl(p, q):
    p, q = [mp.mpf(x) for x in p], [mp.mpf(x) for x in q]
    p, q = [x / mp.fsum(p) for x in p], [x / mp.fsum(q) for x in q]
    return mp.fsum(x * mp.log(x / y) for x, y in zip(p, q) if x > 0)


def exported(names, reference, focus, folder: Path) -> Path:
    doc = Document()
    doc.load_columns(LABELS, [DistributionSpec(n, "reference" if n == reference else "model",
                                               tuple(ENTRIES[n])) for n in names],
                     focus=focus, name="lesson")
    save_session(folder / "in.kld.json", doc.snapshot())
    assert export_main([str(folder / "in.kld.json"), "--table", str(folder / "t.csv")]) == 0
    return folder / "t.csv"


def window_focus(path: Path) -> str:
    """The focus the window gives the file: its plan as the window makes it."""
    table = read_delimited(path)
    return read_plan(table, plan_import(table), reference_name="P", focus_name="Q").focus


@pytest.mark.parametrize("names, focus", [
    (["Model A", "Data", "Model C", "Model B"], "Model B"),  # the tester's: with positions
    (["Data", "Model B", "Model A"], "Model B"),             # names, no positions
    (["Data", "Model A", "Model B"], "Model B"),             # the focus not the first model
    (["Model A", "Data", "Model B", "Q"], "Model B"),        # a model called Q is that model
])
@pytest.mark.parametrize("asked", [None, "Q", "q"])
def test_focus_q_is_the_files_focus_as_for_the_session_and_the_window(tmp_path, names,
                                                                      focus, asked):
    path = exported(names, "Data", focus, tmp_path)
    session, _ = document_from_file(tmp_path / "in.kld.json", focus=asked)
    back, _ = document_from_file(path, focus=asked)
    want = "Q" if asked and "Q" in names else focus
    assert session.name_of(session.focus_id) == want
    assert back.name_of(back.focus_id) == want
    if asked is None:
        assert window_focus(path) == want
    table = read_delimited(path)  # the plan's own reading of the alias
    got = read_plan(table, plan_import(table, focus=asked))
    assert got.focus == want
    c = back.result().comparison
    assert c.kl_pq == pytest.approx(float(kl(ENTRIES["Data"], ENTRIES[want])), rel=1e-14)
    if want == "Model B":  # the tester's value
        assert c.kl_pq == pytest.approx(0.030716580297483378, rel=1e-14)


def test_a_headerless_files_q_is_its_third_column(tmp_path):
    (tmp_path / "h.csv").write_text("a,5,1,2\nb,3,1,1\nc,2,2,1\n", "utf-8")
    for asked in (None, "Q", "q", "3"):
        doc, _ = document_from_file(tmp_path / "h.csv", reference="2", models=["3", "4"],
                                    focus=asked)
        assert list(doc.texts(doc.focus_id)) == ["1", "1", "2"]


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def without(rows, name):
    """The table with one further model's four columns deleted, as in a spreadsheet."""
    keep = [j for j, h in enumerate(rows[0]) if not h.startswith(name + " ")]
    return [[r[j] for j in keep] for r in rows]


NOTE = ("note: {file}: the saved order could not be used: columns reference_position, "
        "focus_position hold {held}, not two different places among the 3 distributions "
        "(1 to 3); the distributions are in the file's order (the reference, the focus "
        "model, the others).")


def test_a_table_with_a_model_deleted_opens_in_the_files_order_with_a_note(tmp_path):
    path = exported(["Model A", "Data", "Model C", "Model B"], "Data", "Model B", tmp_path)
    rows = without(rows_of(path), "Model C")
    assert rows[1][-2:] == ["2", "4"]
    write_rows(tmp_path / "noC.csv", rows)
    doc, notes = document_from_file(tmp_path / "noC.csv", focus="Q")
    assert notes == [NOTE.format(file="noC.csv", held="2, 4")]
    assert doc.names() == ("Data", "Model B", "Model A")
    assert doc.name_of(doc.reference_id) == "Data" and doc.name_of(doc.focus_id) == "Model B"
    assert [list(doc.texts(i)) for i in doc.column_ids] == [ENTRIES[n] for n in doc.names()]
    table = read_delimited(tmp_path / "noC.csv")  # the window: the same plan, its note
    plan = plan_import(table)
    assert ["note: " + n for n in plan.notes] == notes
    assert read_plan(table, plan).focus == "Model B"


@pytest.mark.parametrize("places, held", [(["3", "3"], "3, 3"), (["1", "9"], "1, 9"),
                                          (["x", "2"], "'x', 2"), (["", ""], "'', ''"),
                                          (["\u00b3", "2"], "'\u00b3', 2")])  # ³: isdigit
def test_positions_that_do_not_fit_leave_the_files_order_with_a_note(tmp_path, places, held):
    """Positions only order the distributions (p_weight and q_weight say which is the
    reference and the focus), so none refuses the file."""
    path = exported(["Model A", "Data", "Model B"], "Data", "Model B", tmp_path)
    rows = rows_of(path)
    rows[1][-2:] = places
    write_rows(tmp_path / "bad.csv", rows)
    doc, notes = document_from_file(tmp_path / "bad.csv")
    assert notes == [NOTE.format(file="bad.csv", held=held)]
    assert doc.names() == ("Data", "Model B", "Model A")
    assert doc.name_of(doc.focus_id) == "Model B"


@pytest.mark.parametrize("names, focus", [
    (["Model A", "Data", "Model C", "Model B"], "Model B"),
    (["Data", "Q", "Model A"], "Q"),  # the focus called Q
    (["P", "Q", "Model A"], "Q"),     # P and Q: no name columns
])
@pytest.mark.parametrize("reference, asked", [
    ("P", None), ("p", "Q"), ("Model A", None), ("Model A", "q"), ("Data", None),
    ("Q", None), ("Model A", "Data"), ("P", "Model A")])
def test_reference_and_focus_choose_as_in_the_session(tmp_path, names, focus, reference,
                                                     asked):
    """``--reference`` on our exported table makes that distribution the reference as
    a session's does: the order kept, the focus kept (the old reference when the focus
    becomes the reference); "P" and "p" are the reference, not the column p of its
    probabilities."""
    path = exported(names, names[0] if "P" in names else "Data", focus, tmp_path)
    if "Data" not in names:  # the reference is called P
        reference, asked = [{"Data": "P"}.get(w, w) for w in (reference, asked)]
    session, _ = document_from_file(tmp_path / "in.kld.json", reference=reference,
                                    focus=asked)
    back, _ = document_from_file(path, reference=reference, focus=asked)
    order = session.names()
    assert back.names() == order and session.role_places == back.role_places
    for doc in (back, session):
        assert [list(doc.texts(i)) for i in doc.column_ids] == [ENTRIES[n] for n in order]
    p, q = session.name_of(session.reference_id), session.name_of(session.focus_id)
    c = back.result().comparison
    assert c.kl_pq == pytest.approx(float(kl(ENTRIES[p], ENTRIES[q])), rel=1e-14)


@pytest.mark.parametrize("deleted, names, note", [
    # The names gone: the positions still order them; the two are P and Q again.
    (("reference_name", "focus_name"), ("Model A", "P", "Model C", "Q"), None),
    # One position gone: the file's order, said; the names stay.
    (("focus_position",), ("Data", "Model B", "Model A", "Model C"),
     "column focus_position is missing"),
    (("reference_position", "focus_position"), ("Data", "Model B", "Model A", "Model C"),
     None),
    (("focus_name", "reference_position"), ("Data", "Q", "Model A", "Model C"),
     "column reference_position is missing"),
])
def test_a_table_with_some_of_its_last_columns_deleted_is_still_ours(tmp_path, deleted,
                                                                      names, note):
    """Not a file of eleven models called "p", "q", "Model A q"…: the table's derived
    columns are never models, whichever of its last four columns a spreadsheet lost."""
    path = exported(["Model A", "Data", "Model C", "Model B"], "Data", "Model B", tmp_path)
    rows = rows_of(path)
    keep = [j for j, h in enumerate(rows[0]) if h not in deleted]
    write_rows(tmp_path / "cut.csv", [[r[j] for j in keep] for r in rows])
    doc, notes = document_from_file(tmp_path / "cut.csv", focus="Q")
    assert doc.names() == names
    assert notes == ([] if note is None else [
        f"note: cut.csv: the saved order could not be used: {note}; the distributions are "
        "in the file's order (the reference, the focus model, the others)."])
    source = {"P": "Data", "Q": "Model B"}
    assert [list(doc.texts(i)) for i in doc.column_ids] == [
        ENTRIES[source.get(n, n)] for n in names]
    assert source.get(doc.name_of(doc.focus_id), doc.name_of(doc.focus_id)) == "Model B"
    c = doc.result().comparison
    assert c.kl_pq == pytest.approx(0.030716580297483378, rel=1e-14)


@pytest.mark.parametrize("text", ["a,5,1\nb,3,2\n", "outcome,truth,guess\na,5,1\nb,3,2\n"])
@pytest.mark.parametrize("options", [
    {"reference": "P"}, {"models": ["Q"]}, {"reference": "p", "models": ["q"]},
    {"focus": "Q"}, {"reference": "P", "focus": "q"}])
def test_p_and_q_name_the_columns_the_window_gives_those_roles(tmp_path, text, options):
    """In a file whose roles are plain (the window opens it without asking), "P" and
    "Q", when no column is called so, are its reference and its focus model, as in a
    session, not "not a column"."""
    (tmp_path / "f.csv").write_text(text, "utf-8")
    plain, _ = document_from_file(tmp_path / "f.csv")
    doc, _ = document_from_file(tmp_path / "f.csv", **options)
    assert doc.names() == plain.names() and doc.role_places == plain.role_places
    assert list(doc.texts(doc.reference_id)) == ["5", "3"]
    assert list(doc.texts(doc.focus_id)) == ["1", "2"]
    assert doc.result().comparison.kl_pq == pytest.approx(float(kl(["5", "3"], ["1", "2"])),
                                                          rel=1e-14)


def test_p_names_no_column_where_the_window_would_ask(tmp_path):
    from klgui.io.csv_import import CsvImportError
    (tmp_path / "w.csv").write_text("a,5,1,2\nb,3,2,2\n", "utf-8")
    with pytest.raises(CsvImportError, match=r"--reference 'P' is not a column"):
        document_from_file(tmp_path / "w.csv", reference="P")


def test_a_superscript_digit_is_no_column_number(tmp_path):
    # '³'.isdigit() is True but int('³') raises: the export ended in a traceback.
    from klgui.cli import export_main
    (tmp_path / "t.csv").write_text("outcome,a,b\nx,1,2\ny,2,1\n", "utf-8")
    assert export_main([str(tmp_path / "t.csv"), "--reference", "\u00b3",
                        "--summary", str(tmp_path / "s.csv")]) == 2
    assert not (tmp_path / "s.csv").exists()
