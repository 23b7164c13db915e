"""The ranking and matrix files, read back with the csv module. No Qt."""

from __future__ import annotations

import csv
import math
from fractions import Fraction

import numpy as np
import pytest

from klgui.core.numerics.entries import TypedColumn, decimal_places_many
from klgui.core.numerics.many import divergence_matrix, rank_models
from klgui.io.formula_guard import unescape_cell
from klgui.io.many_export import RANKING_HEADER, write_matrix_csv, write_ranking_csv


def col(texts, name):
    return TypedColumn(np.array([float(Fraction(t)) for t in texts]),
                       decimal_places_many(texts), {}, name)


P = col(["1", "0", "0"], "P")
A = col(["0.8", "0.1", "0.1"], "Model A")
B = col(["0.4", "0.3", "0.3"], "Model B")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_ranking_file_reads_back(tmp_path):
    rows = rank_models(P, [("Model B", B), ("Z", col(["0", "0", "0"], "Z")),
                           ("C", col(["0", "1", "1"], "C")), ("Model A", A)], "nats")
    path = tmp_path / "r.csv"
    write_ranking_csv(path, rows, "nats")
    lines = read(path)
    assert ",".join(lines[0]) == ("rank,model,kl_pq,kl_qp,js_divergence,js_distance,"
                                  "total_variation,hellinger,bhattacharyya,cross_entropy_pq,"
                                  "infinite_pq_outcomes,problem")
    assert tuple(lines[0]) == RANKING_HEADER
    assert [line[:2] for line in lines[1:]] == [["1", "Model A"], ["2", "Model B"],
                                                 ["3", "C"], ["", "Z"]]
    a = dict(zip(lines[0], lines[1]))
    assert float(a["kl_pq"]) == rows[0].figures.kl_pq  # bit for bit
    assert float(a["kl_pq"]) == pytest.approx(-math.log(0.8), rel=1e-15)
    assert a["kl_qp"] == "inf" and a["infinite_pq_outcomes"] == "0" and a["problem"] == ""
    assert float(a["cross_entropy_pq"]) == float(a["kl_pq"])
    assert float(a["total_variation"]) == pytest.approx(0.2, rel=1e-15)
    b = dict(zip(lines[0], lines[2]))
    assert float(b["kl_pq"]) == pytest.approx(-math.log(0.4), rel=1e-15)
    c = dict(zip(lines[0], lines[3]))
    assert c["kl_pq"] == "inf" and c["infinite_pq_outcomes"] == "1" and c["problem"] == ""
    z = dict(zip(lines[0], lines[4]))
    assert all(z[name] == "" for name in RANKING_HEADER[2:-1])
    assert z["problem"] == "Z: every weight is zero; give at least one outcome a positive weight."


def test_ranking_refuses_another_unit_and_writes_nothing(tmp_path):
    rows = rank_models(P, [("Model A", A)], "bits")
    with pytest.raises(ValueError, match="bits"):
        write_ranking_csv(tmp_path / "r.csv", rows, "nats")
    assert not (tmp_path / "r.csv").exists()


def test_matrix_file_reads_back(tmp_path):
    m = divergence_matrix([("P", P), ("Model A", A), ("Model B", B),
                           ("Z", col(["0", "0", "0"], "Z"))], "nats")
    path = tmp_path / "m.csv"
    write_matrix_csv(path, m)
    lines = read(path)
    assert lines[0] == ["distribution", "P", "Model A", "Model B", "Z"]
    assert [line[0] for line in lines[1:]] == ["P", "Model A", "Model B", "Z"]
    for i in range(3):
        assert lines[1 + i][1 + i] == "0"
        for j in range(3):
            cell = lines[1 + i][1 + j]
            assert (math.inf if cell == "inf" else float(cell)) == m.values[i, j]
    assert lines[2][1] == "inf"  # D(Model A‖P): P rules out what A allows
    assert float(lines[1][3]) == pytest.approx(-math.log(0.4), rel=1e-15)
    assert lines[4][1:] == ["", "", "", ""] and [line[4] for line in lines[1:]] == [""] * 4


def test_js_distance_matrix_is_symmetric_on_file(tmp_path):
    m = divergence_matrix([("P", P), ("Model A", A), ("Model B", B)], "bits", "js_distance")
    write_matrix_csv(tmp_path / "m.csv", m)
    cells = [[float(x) for x in line[1:]] for line in read(tmp_path / "m.csv")[1:]]
    assert np.array_equal(np.array(cells), np.array(cells).T)
    assert all(0 < x <= 1 for i, line in enumerate(cells) for j, x in enumerate(line) if i != j)


def test_names_that_look_like_formulas_are_guarded(tmp_path):
    bad = "=HYPERLINK(\"x\")"
    m = divergence_matrix([("P", P), (bad, col(["1", "1", "1"], bad)), ("-1", A)], "nats")
    write_matrix_csv(tmp_path / "m.csv", m)
    lines = read(tmp_path / "m.csv")
    assert lines[0][2] == "'" + bad and lines[0][3] == "'-1"
    assert [unescape_cell(c) for c in lines[0][1:]] == ["P", bad, "-1"]
    assert lines[2][0] == "'" + bad
    rows = rank_models(P, [(bad, col(["0", "0", "0"], bad))], "nats")
    write_ranking_csv(tmp_path / "r.csv", rows, "nats")
    line = read(tmp_path / "r.csv")[1]
    assert line[1] == "'" + bad and line[-1].startswith("'" + bad + ": every weight")
