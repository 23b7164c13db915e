"""One import policy (klgui.io.column_roles): which column of a file is the reference
and which are the models, for the window and the command line alike. No Qt here."""

import pytest

from klgui.core.numerics.entries import TypedColumn  # noqa: F401  (io builds on core only)
from klgui.io.column_roles import (ASK_COLUMNS, ASK_ROLES, MODEL, ONE, REFERENCE, IGNORE,
                                   PlannedColumn, plan_from_roles, plan_import, read_plan)
from klgui.io.csv_import import Columns, CsvImportError, DuplicateLabels, parse_delimited

SEED = "outcome,P,Model A,Model B\ncat,1,0.8,0.4\ndog,0,0.1,0.3\nbird,0,0.1,0.3\n"


def read(text, name="f.csv", **kwargs):
    table = parse_delimited(text, name)
    return table, plan_import(table, **kwargs)


def test_a_named_reference_and_named_models_are_read_as_they_are_named():
    table, plan = read(SEED)
    assert plan.sure and plan.label == 0 and plan.reference == PlannedColumn(1)
    assert plan.models == (PlannedColumn(2, "Model A"), PlannedColumn(3, "Model B"))
    got = read_plan(table, plan)
    assert got.labels == ["cat", "dog", "bird"] and got.focus == "Model A"
    assert got.distributions == [("P", REFERENCE, ["1", "0", "0"]),
                                 ("Model A", MODEL, ["0.8", "0.1", "0.1"]),
                                 ("Model B", MODEL, ["0.4", "0.3", "0.3"])]


def test_a_q_column_keeps_the_focus_models_usual_name_and_comes_first():
    table, plan = read("outcome,R,q,p\na,1,2,3\nb,4,5,6\n")
    assert plan.sure and plan.reference == PlannedColumn(3)
    assert plan.models == (PlannedColumn(2), PlannedColumn(1, "R"))
    got = read_plan(table, plan, reference_name="Truth", focus_name="Model A")
    assert [d[0] for d in got.distributions] == ["Truth", "Model A", "R"]
    assert got.p == ["3", "6"] and got.q == ["2", "5"] and got.focus == "Model A"


@pytest.mark.parametrize("text, ask, columns", [
    ("a,1,2\nb,3,4\n", "", Columns(0, 1, 2)),               # label,p,q as before
    ("a,1\nb,3\n", ONE, Columns(0, 1, None)),               # one distribution
    ("a,1,2,3\nb,3,4,5\n", ASK_ROLES, Columns(0, 1, 2)),    # 4 columns: roles asked
    ("word,book1,book2\nthe,1,2\nof,3,4\n", ASK_COLUMNS, Columns(0, 1, 2)),
    ("word,b1,b2,b3\nthe,1,2,3\nof,3,4,5\n", ASK_ROLES, Columns(0, 1, 2)),
    ("outcome,weight\na,1\nb,2\n", ONE, Columns(0, 1, None)),
    ("outcome,P\na,1\nb,2\n", ONE, Columns(0, 1, None)),
])
def test_what_a_file_says_plainly_and_what_must_be_asked(text, ask, columns):
    _, plan = read(text)
    assert plan.ask == ask and plan.columns == columns


def test_a_headerless_file_of_three_models_reads_with_named_roles():
    table, plan = read("a,1,2,3,4\nb,3,4,5,6\n", reference="3", models=["2", "5"])
    assert plan.sure
    got = read_plan(table, plan)
    assert [(n, t) for n, _, t in got.distributions] == [
        ("column 3", ["2", "4"]), ("column 2", ["1", "3"]), ("column 5", ["4", "6"])]


def test_a_reference_alone_makes_every_other_weight_column_a_model():
    table, plan = read("word,b1,b2,b3\nthe,1,2,3\nof,3,4,5\n", reference="b2")
    got = read_plan(table, plan)
    assert [d[0] for d in got.distributions] == ["b2", "b1", "b3"]
    assert got.p == ["2", "4"]


def test_roles_from_the_dialog_make_a_plan():
    table = parse_delimited("x,a,b,c,d\n1,1,2,3,4\n2,3,4,5,6\n", "r.csv")
    plan = plan_from_roles(table, 0, [IGNORE, MODEL, IGNORE, REFERENCE, MODEL], focus="d")
    got = read_plan(table, plan)
    assert [d[0] for d in got.distributions] == ["c", "a", "d"] and got.focus == "d"
    with pytest.raises(CsvImportError, match="one reference column and at least one model"):
        plan_from_roles(table, 0, [IGNORE, REFERENCE, REFERENCE, MODEL, IGNORE])


@pytest.mark.parametrize("text, kwargs, words", [
    ("outcome,P,X,X\na,1,2,3\n", {}, "f.csv: two columns are called 'X'; names must differ"),
    (SEED, {"focus": "Model C"}, "the focus 'Model C' is not one of the models "
                                 "(Model A, Model B)"),
    (SEED, {"reference": "Truth"}, "f.csv: --reference 'Truth' is not a column; the columns "
                                   "are outcome, P, Model A, Model B."),
    (SEED, {"reference": "2", "models": ["P"]}, "column 'P' is given two roles"),
])
def test_unusable_choices_are_refused_with_one_line(text, kwargs, words):
    with pytest.raises(CsvImportError) as e:
        table, plan = read(text, **kwargs)
        read_plan(table, plan)
    assert words in str(e.value) and "\n" not in str(e.value)


def test_a_bad_cell_in_a_model_column_names_the_line_and_the_model():
    rows = "".join(f"o{i},1,1,1\n" for i in range(60))
    table, plan = read("outcome,P,Model A,Model B\n" + rows + "z,1,1,abc\n")
    with pytest.raises(CsvImportError, match=r"^f.csv, line 62: 'abc' in column Model B is "
                                             r"not a number\.$"):
        read_plan(table, plan)


def test_a_column_of_text_is_not_a_model():
    table, plan = read("outcome,P,Q,note\na,1,2,sunny\nb,3,4,wet\n")
    assert plan.sure and [m.index for m in plan.models] == [2]


def test_repeated_labels_are_handled_for_every_column_at_once():
    table, plan = read("outcome,P,A,B\nx,1,2,3\ny,1,1,1\nx,1,2,3\n")
    with pytest.raises(DuplicateLabels):
        read_plan(table, plan)
    got = read_plan(table, plan, "merge")
    assert got.labels == ["x", "y"]
    assert [d[2] for d in got.distributions] == [["2", "1"], ["4", "1"], ["6", "1"]]


def test_a_model_whose_name_looks_like_a_formula_comes_back_by_its_name():
    import csv
    import io

    from klgui.core import compare
    from klgui.io.csv_export import table_rows
    p, q, r = ["1", "1"], ["1", "3"], ["2", "1"]
    c_q, c_r = compare([1, 1], [1, 3]), compare([1, 1], [2, 1])
    out = io.StringIO()
    csv.writer(out).writerows(table_rows(["a", "b"], p, q, c_q, [("=R", r, c_r)]))
    assert out.getvalue().splitlines()[0].endswith("'=R contribution_qp")  # guarded
    table = parse_delimited(out.getvalue(), "t.csv")
    got = read_plan(table, plan_import(table))
    assert [(n, t) for n, _, t in got.distributions] == [("P", p), ("Q", q), ("=R", r)]
