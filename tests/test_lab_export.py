"""The labs' CSV files (no Qt): written, read back with the csv module, and the
command-line arguments the integrator wires into ``python -m klgui export``."""

import argparse
import csv
import math

import numpy as np
import pytest

from klgui.core.labs.bayes import update, update_steps
from klgui.core.labs.coding import block_coding, coding_report
from klgui.core.labs.sampling import Sampler, estimator_stats
from klgui.io.formula_guard import unescape_cell
from klgui.io.lab_export import (BAYES_HEADER, BLOCK_HEADER, CODING_HEADER, ESTIMATOR_HEADER,
                                 SampleSummary, add_lab_arguments, save_bayes, save_blocks,
                                 save_coding, save_estimators, write_lab_exports)


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _parser():
    parser = argparse.ArgumentParser(prog="export")
    add_lab_arguments(parser)
    return parser


def test_estimators_file_reads_back(tmp_path):
    stats = estimator_stats([0.8, 0.2], [0.6, 0.4])
    path = tmp_path / "E.csv"
    save_estimators(path, stats, "nats")
    rows = _read(path)
    assert tuple(rows[0]) == ESTIMATOR_HEADER
    by_name = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert float(by_name["k1"]["exact_sd"]) == stats.sd["k1"]  # bit for bit
    assert float(by_name["k2"]["exact_mean"]) == pytest.approx(0.0811496913158808, rel=1e-14)
    assert float(by_name["k1"]["bias"]) == 0.0
    assert by_name["k3"]["definition"] == "(r − 1) − log r"
    assert by_name["k1"]["sample_mean"] == "" and by_name["k1"]["samples"] == "0"


def test_estimators_in_bits_with_samples(tmp_path):
    sampler = Sampler([0.5, 0.5, 0.0], [0.4, 0.4, 0.2], seed=11)
    sampler.draw(1000)
    path = tmp_path / "E.csv"
    save_estimators(path, sampler.stats, "bits", SampleSummary.of(sampler))
    rows = {row[0]: dict(zip(_read(path)[0], row)) for row in _read(path)[1:]}
    assert float(rows["k3"]["bias"]) == pytest.approx(-0.2 / math.log(2), rel=1e-13)
    assert rows["k3"]["samples"] == "1000" and rows["k3"]["seed"] == "11"
    assert float(rows["k1"]["sample_mean"]) == pytest.approx(
        sampler.current()[0][0] / math.log(2), rel=1e-15)
    assert rows["k1"]["unit"] == "bits"


def test_infinite_estimators_written_as_inf(tmp_path):
    path = tmp_path / "E.csv"
    save_estimators(path, estimator_stats([0.5, 0.5], [1.0, 0.0]))
    row = dict(zip(*_read(path)[:2]))
    # ∞ − ∞ is no number: the bias cell is empty, never 0 ("unbiased")
    assert row["exact_mean"] == "inf" and row["kl_pq"] == "inf" and row["bias"] == ""


def test_coding_file_reads_back_with_guarded_labels(tmp_path):
    p, q = np.array([0.5, 0.25, 0.125, 0.125, 0.0]), np.array([0.125, 0.5, 0.25, 0.0, 0.125])
    labels = ["=HYPERLINK(1)", "b", "c", "-d", "e"]
    path = tmp_path / "C.csv"
    save_coding(path, p, q, coding_report(p, q), labels)
    rows = _read(path)
    assert tuple(rows[0]) == CODING_HEADER
    assert rows[1][0] == "'=HYPERLINK(1)" and unescape_cell(rows[1][0]) == labels[0]
    assert rows[4][0] == "'-d"
    assert [r[3] for r in rows[1:]] == ["3", "1", "2", "", "3"]
    assert [r[4] for r in rows[1:]] == ["110", "0", "10", "", "111"]
    assert rows[4][5:] == ["", ""]  # q = 0: no codeword in either code
    assert float(rows[3][2]) == 0.25


def test_blocks_and_bayes_files(tmp_path):
    rows = block_coding([0.8, 0.2], [0.6, 0.4])
    h = coding_report([0.8, 0.2], [0.6, 0.4]).cross_entropy
    save_blocks(tmp_path / "B.csv", rows, h)
    back = _read(tmp_path / "B.csv")
    assert tuple(back[0]) == BLOCK_HEADER
    assert float(back[4][3]) == pytest.approx(0.9432, rel=1e-12)
    theta = np.arange(1, 10) / 10
    prior = np.full(9, 1 / 9)
    steps = update_steps(prior, [("h", theta), ("t", 1 - theta)])
    save_bayes(tmp_path / "H.csv", update(prior, theta), [f"{t:.1f}" for t in theta], steps)
    back = _read(tmp_path / "H.csv")
    assert tuple(back[0]) == BAYES_HEADER
    assert float(back[9][3]) == pytest.approx(0.9 / 4.5, rel=1e-15)
    assert float(back[1][4]) == pytest.approx(steps[-1].posterior[0], rel=0)


def test_command_line_arguments_and_exports(tmp_path):
    e, c = tmp_path / "E.csv", tmp_path / "C.csv"
    args = _parser().parse_args(["--estimators", str(e), "--coding", str(c),
                                 "--samples", "500", "--seed", "3"])
    p, q = np.array([0.8, 0.2]), np.array([0.6, 0.4])
    assert write_lab_exports(args, p, q, ["heads", "tails"], "nats") == [str(e), str(c)]
    first = _read(e)
    again = tmp_path / "E2.csv"
    args.estimators = str(again)
    write_lab_exports(args, p, q, ["heads", "tails"], "nats")
    assert _read(again) == first  # the same seed, the same draws
    reference = Sampler(p, q, seed=3)
    reference.draw(500)
    assert float(first[1][8]) == reference.current()[0][0]
    assert _read(c)[1][:4] == ["heads", "0.8", "0.6", "1"]
    defaults = _parser().parse_args([])
    assert defaults.samples == 0 and defaults.seed == 0 and defaults.coding is None
    assert write_lab_exports(defaults, p, q, None, "nats") == []


@pytest.mark.parametrize("argv", [["--samples", "-1"], ["--samples", "x"],
                                  ["--samples", "1000001"], ["--seed", "-2"]])
def test_command_line_refuses_bad_numbers(argv, capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(argv)
    assert "argument --" in capsys.readouterr().err


def test_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "E.csv"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(OSError):
        save_estimators(tmp_path / "missing" / "E.csv", estimator_stats([1.0], [1.0]))
    assert path.read_text(encoding="utf-8") == "old"


def test_fit_file_lists_every_stationary_point_and_says_where_d_is_infinite(tmp_path):
    from klgui.core.families import Binomial, outcome_values
    from klgui.core.families.fit import fit_curves
    from klgui.core.families.fit_models import fit_model
    from klgui.io.lab_export import FIT_HEADER, save_fit

    p = 0.5 * Binomial(10, 0.2).probabilities() + 0.5 * Binomial(10, 0.8).probabilities()
    outcomes = outcome_values([str(k) for k in range(11)])
    path = tmp_path / "F.csv"
    save_fit(path, fit_curves(p, fit_model("binomial", outcomes)), "bits")
    rows = _read(path)
    assert tuple(rows[0]) == FIT_HEADER
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("forward", "global minimum"), ("reverse", "global minimum"),
        ("reverse", "local maximum"), ("reverse", "global minimum")]
    # the values (nats) in bits; θ = 0.2229298141080550 is mpmath's root of dD/dθ
    assert float(rows[1][6]) == pytest.approx(1.27943984238 / math.log(2), rel=1e-11)
    assert float(rows[2][5]) == pytest.approx(0.222929814108055, rel=1e-14)
    assert float(rows[2][6]) == pytest.approx(0.637319312836 / math.log(2), rel=1e-11)
    assert float(rows[3][6]) == pytest.approx(1.02241054875 / math.log(2), rel=1e-11)
    assert {r[7] for r in rows[1:]} == {"bits"}

    save_fit(path, fit_curves(p, fit_model("poisson", outcomes)))  # reverse: ∞ for every λ
    rows = _read(path)
    assert [r[:3] for r in rows[1:]][-1] == ["reverse", "D(Q‖P)", "infinite for every theta"]
    assert rows[-1][5:] == ["", "inf", "nats"] and rows[1][3:5] == ["Poisson(λ)", "lam"]
