"""The headless export of several models: the reference and models chosen by the one
import policy, the focus, the ranking and the matrix files, the labs' files, and the
table of several models read back. Values against mpmath on the exact decimals (the
seed's second lesson: P = [1, 0, 0], A = [0.8, 0.1, 0.1], B = [0.4, 0.3, 0.3]). No Qt."""

import csv
import subprocess
import sys

import mpmath as mp
import pytest

from klgui.io.column_roles import plan_import, read_plan
from klgui.io.csv_export import TABLE_HEADER
from klgui.io.csv_import import read_delimited
from klgui.io.session import save_session
from klgui.model.document import Document, DistributionSpec

SEED = "outcome,P,Model A,Model B\ncat,1,0.8,0.4\ndog,0,0.1,0.3\nbird,0,0.1,0.3\n"
DISTS = {"P": ["1", "0", "0"], "Model A": ["0.8", "0.1", "0.1"],
         "Model B": ["0.4", "0.3", "0.3"]}


def kl(a, b):
    a, b = [mp.mpf(x) for x in a], [mp.mpf(x) for x in b]
    if any(x > 0 and y == 0 for x, y in zip(a, b)):
        return mp.inf
    return mp.fsum(x * mp.log(x / y) for x, y in zip(a, b) if x > 0)


def js_distance(a, b):
    a, b = [mp.mpf(x) for x in a], [mp.mpf(x) for x in b]
    m = [(x + y) / 2 for x, y in zip(a, b)]
    return mp.sqrt((kl(a, m) + kl(b, m)) / 2)


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "klgui", "export", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def close(text, want):
    return float(text) == pytest.approx(float(want), rel=1e-14, abs=1e-300)


@pytest.fixture
def seed(tmp_path):
    (tmp_path / "seed.csv").write_text(SEED, "utf-8")
    return tmp_path


def test_the_seed_lesson_ranks_a_above_b_with_the_hand_values(seed):
    done = run("seed.csv", "--ranking", "r.csv", cwd=seed)
    assert done.returncode == 0 and done.stderr == ""
    got = rows(seed / "r.csv")
    assert got[0] == ["rank", "model", "kl_pq", "kl_qp", "js_divergence", "js_distance",
                      "total_variation", "hellinger", "bhattacharyya", "cross_entropy_pq",
                      "infinite_pq_outcomes", "problem"]
    assert [r[:2] for r in got[1:]] == [["1", "Model A"], ["2", "Model B"]]
    a, b = (dict(zip(got[0], r)) for r in got[1:])
    assert close(a["kl_pq"], -mp.log(mp.mpf("0.8"))) and close(b["kl_pq"], -mp.log(mp.mpf("0.4")))
    assert float(a["kl_pq"]) == pytest.approx(0.223144, abs=5e-7)
    assert float(b["kl_pq"]) == pytest.approx(0.916291, abs=5e-7)
    assert a["kl_qp"] == "inf" and b["kl_qp"] == "inf"  # the models allow what P rules out
    assert close(a["cross_entropy_pq"], -mp.log(mp.mpf("0.8")))  # H(P) = 0
    assert close(b["total_variation"], "0.6") and b["infinite_pq_outcomes"] == "0"
    assert close(a["js_distance"], js_distance(DISTS["P"], DISTS["Model A"]))


@pytest.mark.parametrize("metric, f", [("kl", kl), ("js_distance", js_distance)])
def test_the_matrix_holds_every_pair_against_mpmath(seed, metric, f):
    done = run("seed.csv", "--matrix", "m.csv", "--matrix-metric", metric, cwd=seed)
    assert done.returncode == 0, done.stderr
    got = rows(seed / "m.csv")
    names = list(DISTS)
    assert got[0] == ["distribution", *names] and [r[0] for r in got[1:]] == names
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            cell, want = got[1 + i][1 + j], f(DISTS[a], DISTS[b])
            if i == j:
                assert cell == "0"
            elif mp.isinf(want):
                assert cell == "inf"
            else:
                assert close(cell, want), (a, b, cell, want)


def test_the_focus_chooses_the_pair_of_the_summary_and_the_table_keeps_every_model(seed):
    done = run("seed.csv", "--focus", "Model B", "--summary", "s.csv", "--table", "t.csv",
               "--base", "bits", cwd=seed)
    assert done.returncode == 0, done.stderr
    summary = {r[0]: r[1] for r in rows(seed / "s.csv")}
    assert close(summary["kl_pq"], -mp.log(mp.mpf("0.4"), 2))
    table = rows(seed / "t.csv")
    assert table[0] == [*TABLE_HEADER, "Model A weight", "Model A q",
                        "Model A contribution_pq", "Model A contribution_qp",
                        "reference_name", "focus_name",  # the focus is not called Q
                        "reference_position", "focus_position"]  # nor the second column
    assert table[1][-4:] == ["P", "Model B", "1", "3"]
    assert [r[2] for r in table[1:]] == DISTS["Model B"]  # the focus model first
    assert [r[7] for r in table[1:]] == DISTS["Model A"]
    assert close(table[1][9], -mp.log(mp.mpf("0.8"), 2))  # P(cat)·log2(P/A) at cat
    assert table[2][10] != "" and float(table[2][9]) == 0.0


HUGE = "outcome,truth,Alpha,Beta\nx,1e400,0.5,1\ny,1e400,0.25,2\nw,1,0.25,3\n"
HUGE_DISTS = {"truth": ["1e400", "1e400", "1"], "Alpha": ["0.5", "0.25", "0.25"],
              "Beta": ["1", "2", "3"]}


def normalized(texts):
    w = [mp.mpf(t) for t in texts]
    return [x / mp.fsum(w) for x in w]


def test_a_reference_beyond_doubles_exports_every_model_against_mpmath(tmp_path):
    """Weights of 1e400 are exact entries: the ranking, the matrix and the table of every
    model are written (no OverflowError), as the two-column figures are."""
    (tmp_path / "b.csv").write_text(HUGE, "utf-8")
    with mp.workdps(50):
        d = {k: normalized(v) for k, v in HUGE_DISTS.items()}
        for focus in ([], ["--focus", "beta"]):
            done = run("b.csv", "--ranking", "r.csv", "--matrix", "m.csv", "--table", "t.csv",
                       "--summary", "s.csv", *focus, cwd=tmp_path)
            assert done.returncode == 0 and done.stderr == "", done.stderr
            ranking = rows(tmp_path / "r.csv")
            assert [r[1] for r in ranking[1:]] == ["Alpha", "Beta"]
            for r in ranking[1:]:
                got = dict(zip(ranking[0], r))
                assert close(got["kl_pq"], kl(d["truth"], d[r[1]]))
                assert close(got["kl_qp"], kl(d[r[1]], d["truth"]))
                assert close(got["js_distance"], js_distance(d["truth"], d[r[1]]))
            assert close(ranking[1][2], mp.log(2) / 2)  # D(P‖Alpha) = ½ ln 2 by hand
            matrix = rows(tmp_path / "m.csv")
            names = ["P", "Alpha", "Beta"]  # the reference's column is called P
            for i, a in enumerate(HUGE_DISTS):
                assert matrix[1 + i][0] == names[i]
                for j, b in enumerate(HUGE_DISTS):
                    assert close(matrix[1 + i][1 + j], kl(d[a], d[b])), (a, b)
            table = rows(tmp_path / "t.csv")
            focus_name, other = ("Beta", "Alpha") if focus else ("Alpha", "Beta")
            assert table[1][11:] == ["P", focus_name, *(["1", "3"] if focus else [])]
            assert [r[1] for r in table[1:]] == HUGE_DISTS["truth"]
            assert table[0][7] == f"{other} weight"
            for k, r in enumerate(table[1:]):  # the other model's contributions
                p, q = d["truth"][k], d[other][k]
                assert close(r[8], q) and close(r[9], p * mp.log(p / q))
                assert close(r[10], q * mp.log(q / p))
            summary = {r[0]: r[1] for r in rows(tmp_path / "s.csv")}
            assert close(summary["kl_pq"], kl(d["truth"], d[focus_name]))


def test_an_exported_table_of_several_models_reads_back_whole(tmp_path):
    doc = Document()
    doc.load_columns(["cat", "dog, big", "=bird"],
                     [DistributionSpec(n, "reference" if n == "P" else "model", tuple(t))
                      for n, t in DISTS.items()] +
                     [DistributionSpec("Model C", "model", ("1/3", "1e-3", "2"))],
                     focus="Model B", name="seed")
    (tmp_path / "in.kld.json").write_text("", "utf-8")
    save_session(tmp_path / "in.kld.json", doc.snapshot())
    done = run("in.kld.json", "--table", "t.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    table = read_delimited(tmp_path / "t.csv")
    plan = plan_import(table)
    assert plan.sure
    got = read_plan(table, plan, focus_name="Model B")
    assert got.labels == ["cat", "dog, big", "=bird"] and got.focus == "Model B"
    names = [d[0] for d in got.distributions]
    assert names == ["P", "Model A", "Model B", "Model C"]  # the document's order
    back = {n: [float(x) for x in t] for n, _, t in got.distributions}
    assert [d[2] for d in got.distributions[:3]] == [DISTS[n] for n in names[:3]]  # as typed
    for n in names:
        want = [float(mp.mpf(mp.fraction(*t.split("/"))) if "/" in t else mp.mpf(t))
                for t in (DISTS.get(n) or ["1/3", "1e-3", "2"])]
        assert back[n] == want
    # The command line reads it again: the same ranking as from the session. The table
    # does not name the reference and the focus model (its first seven columns are the
    # one-model file's), so here they are called P and Q.
    again = run("t.csv", "--ranking", "r2.csv", cwd=tmp_path)
    first = run("in.kld.json", "--ranking", "r1.csv", cwd=tmp_path)
    assert again.returncode == first.returncode == 0, again.stderr
    renamed = [[("Model B" if c == "Q" else c) for c in r] for r in rows(tmp_path / "r2.csv")]
    session = rows(tmp_path / "r1.csv")
    assert [r[:2] for r in renamed] == [r[:2] for r in session]
    for mine, theirs in zip(renamed[1:], session[1:]):  # 1/3 is written as a float: an ulp
        assert [float(x) for x in mine[2:11]] == pytest.approx([float(x) for x in theirs[2:11]],
                                                               rel=1e-15)


def test_a_headerless_file_of_several_weights_needs_the_roles_named(tmp_path):
    (tmp_path / "four.csv").write_text("cat,0.8,1,0.4\ndog,0.1,0,0.3\nbird,0.1,0,0.3\n")
    done = run("four.csv", "--table", "t.csv", "--ranking", "r.csv", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr == (
        "four.csv: cannot tell which column is the reference (column 2, column 3, column 4); "
        "name it with --reference and the models with --model.\n")  # column 1: the labels
    assert sorted(p.name for p in tmp_path.iterdir()) == ["four.csv"]
    done = run("four.csv", "--reference", "3", "--model", "2", "--model", "4",
               "--ranking", "r.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    got = rows(tmp_path / "r.csv")
    assert [r[1] for r in got[1:]] == ["column 2", "column 4"]
    assert close(got[2][2], -mp.log(mp.mpf("0.4")))


@pytest.mark.parametrize("text, words", [
    ("cat,0.8,1,0.4,0.5\ndog,0.1,0,0.3,0.5\n",
     "f.csv: cannot tell which column is the reference (column 2, column 3, column 4, "
     "column 5); name it with --reference and the models with --model.\n"),
    ("word,b1,b2,b3\nthe,1,2,3\nof,3,4,5\n",
     "f.csv: cannot tell which column is the reference (b1, b2, b3); name it with "
     "--reference and the models with --model.\n"),
    ("word,weight\nthe,1\nof,3\n",
     "f.csv has one weight column (weight); the export needs a P column and a Q column.\n"),
])
def test_a_refusal_lists_the_columns_that_could_be_weights_not_the_labels(tmp_path, text,
                                                                          words):
    (tmp_path / "f.csv").write_text(text, "utf-8")
    done = run("f.csv", "--table", "t.csv", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr == words
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv"]


@pytest.mark.parametrize("args, words", [
    (["--focus", "Model C"], "seed.csv: the focus 'Model C' is not one of the models "
                             "(Model A, Model B).\n"),
    (["--focus", "P"], "seed.csv: the focus 'P' is the reference (P); the focus is one of "
                       "the models (Model A, Model B).\n"),
    (["--focus", "2"], "seed.csv: the focus '2' is the reference (P); the focus is one of "
                       "the models (Model A, Model B).\n"),
    (["--model", "Model D"], "seed.csv: --model 'Model D' is not a column; the columns are "
                             "outcome, P, Model A, Model B.\n"),
])
def test_bad_choices_exit_2_with_one_line_and_write_nothing(seed, args, words):
    done = run("seed.csv", *args, "--table", "t.csv", "--ranking", "r.csv", "--matrix", "m.csv",
               cwd=seed)
    assert done.returncode == 2 and done.stderr == words
    assert sorted(p.name for p in seed.iterdir()) == ["seed.csv"]


def test_a_session_with_several_models_exports_its_ranking_and_matrix(tmp_path):
    doc = Document(["cat", "dog", "bird"], DISTS["P"], DISTS["Model B"])
    doc.rename_column("Q", "Model B")
    doc.add_model("Model A", DISTS["Model A"])
    doc.add_model("Model Z", ["0", "1", "0"])  # rules out what P allows: ranked last, ∞
    save_session(tmp_path / "lesson.kld.json", doc.snapshot())
    done = run("lesson.kld.json", "--ranking", "r.csv", "--matrix", "m.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    got = rows(tmp_path / "r.csv")
    assert [r[:3] for r in got[1:]] == [["1", "Model A", got[1][2]], ["2", "Model B", got[2][2]],
                                        ["3", "Model Z", "inf"]]
    assert got[3][10] == "1" and got[3][11] == ""
    matrix = rows(tmp_path / "m.csv")
    assert matrix[0] == ["distribution", "P", "Model B", "Model A", "Model Z"]
    assert close(matrix[3][2], kl(DISTS["Model A"], DISTS["Model B"]))


def test_the_lab_files_follow_the_focus(seed):
    done = run("seed.csv", "--focus", "Model B", "--estimators", "e.csv", "--coding", "c.csv",
               "--samples", "200", "--seed", "7", cwd=seed)
    assert done.returncode == 0, done.stderr
    est = [dict(zip(rows(seed / "e.csv")[0], r)) for r in rows(seed / "e.csv")[1:]]
    assert [r["estimator"] for r in est] == ["k1", "k2", "k3"]
    assert all(close(r["kl_pq"], -mp.log(mp.mpf("0.4"))) for r in est)
    assert all(r["samples"] == "200" and r["seed"] == "7" for r in est)
    # every draw is "cat" (P is one-hot), so k1's sample mean is exactly -ln(0.4/1)
    assert close(est[0]["sample_mean"], -mp.log(mp.mpf("0.4")))
    coding = rows(seed / "c.csv")
    assert [r[0] for r in coding[1:4]] == ["cat", "dog", "bird"]
    assert [r[2] for r in coding[1:4]] == ["0.4", "0.3", "0.3"]
    # Shannon length for Q: ceil(-log2 q) = 2, 2, 2
    assert [r[3] for r in coding[1:4]] == ["2", "2", "2"]


def test_p_and_q_stay_the_old_names_of_reference_and_model(seed):
    done = run("seed.csv", "--p", "Model B", "--q", "P", "--summary", "s.csv", cwd=seed)
    assert done.returncode == 0, done.stderr
    summary = {r[0]: r[1] for r in rows(seed / "s.csv")}
    assert close(summary["kl_pq"], kl(DISTS["Model B"], DISTS["P"]))


def test_a_model_that_cannot_be_compared_is_last_with_its_reason(tmp_path):
    doc = Document(["cat", "dog", "bird"], DISTS["P"], DISTS["Model A"])
    doc.rename_column("Q", "Model A")
    doc.add_model("Empty")  # 0 everywhere: no distribution
    doc.add_model("Model B", DISTS["Model B"])
    save_session(tmp_path / "l.kld.json", doc.snapshot())
    done = run("l.kld.json", "--ranking", "r.csv", "--table", "t.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    got = rows(tmp_path / "r.csv")
    assert [r[1] for r in got[1:]] == ["Model A", "Model B", "Empty"]
    last = got[3]
    assert last[0] == "" and last[2:11] == [""] * 9 and "Empty" in last[11]
    table = rows(tmp_path / "t.csv")
    assert table[0][7:] == ["Empty weight", "Empty q", "Empty contribution_pq",
                            "Empty contribution_qp", "Model B weight", "Model B q",
                            "Model B contribution_pq", "Model B contribution_qp",
                            "reference_name", "focus_name"]
    assert [r[7:11] for r in table[1:]] == [["0", "", "", ""]] * 3
    assert close(table[1][13], -mp.log(mp.mpf("0.4")))


def test_a_session_reference_can_be_chosen_by_name(tmp_path):
    doc = Document(["cat", "dog", "bird"], DISTS["P"], DISTS["Model A"])
    doc.rename_column("Q", "Model A")
    doc.add_model("Model B", DISTS["Model B"])
    save_session(tmp_path / "l.kld.json", doc.snapshot())
    done = run("l.kld.json", "--reference", "Model B", "--ranking", "r.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    got = {r[1]: r for r in rows(tmp_path / "r.csv")[1:]}
    assert set(got) == {"P", "Model A"} and got["P"][2] == "inf"
    assert close(got["Model A"][2], kl(DISTS["Model B"], DISTS["Model A"]))
    bad = run("l.kld.json", "--reference", "Model C", "--ranking", "r2.csv", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Model C" in bad.stderr
    assert not (tmp_path / "r2.csv").exists()
