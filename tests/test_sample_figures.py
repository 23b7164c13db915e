"""The sampling lab's figures are one number each: E[k1] is the core's D(P‖Q) (the
figure the summary and the ranking give), and a sample mean of n draws is correctly
rounded from the counts, the same however the draws were split, in the window and on
the command line (issue: the estimators file disagreed with the other exports)."""

import csv
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from klgui.cli import export_main
from klgui.core.labs.sample_moments import exact_mean, sample_moments
from klgui.core.labs.sampling import Sampler, estimator_stats


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_exact_mean_is_the_correctly_rounded_rational():
    rng = np.random.default_rng(11)
    for trial in range(300):
        m = int(rng.integers(1, 60))
        scale = 10.0 ** rng.integers(-300, 300, size=m) if trial % 3 == 0 else 1.0
        values = rng.standard_normal(m) * scale
        counts = rng.integers(0, 20_000, size=m)
        counts[0] += 1
        exact = sum(int(c) * Fraction(float(v)) for c, v in zip(counts, values))
        assert exact_mean(values, counts) == float(exact / int(counts.sum()))


def test_exact_mean_edge_cases():
    assert exact_mean(np.array([1.0, 2.0]), np.array([0, 0])) == 0.0
    assert exact_mean(np.array([1.0, np.inf]), np.array([3, 1])) == np.inf
    assert exact_mean(np.array([1.0, np.inf]), np.array([3, 0])) == 1.0  # inf never drawn
    # 1 + 2^-53 exactly: a tie, rounded to even as Fraction rounds it
    v = np.array([1.0, 1.0 + 2.0 ** -52])
    assert exact_mean(v, np.array([1, 1])) == 1.0
    assert str(exact_mean(np.array([0.5, -0.5]), np.array([7, 7]))) == "0.0"  # never -0.0
    tiny = np.array([5e-324, 1e-320])
    assert exact_mean(tiny, np.array([1, 1])) == float((Fraction(5e-324) + Fraction(1e-320)) / 2)


def test_sample_moments_match_an_independent_sum():
    rng = np.random.default_rng(5)
    values = rng.standard_normal((3, 40))
    counts = rng.integers(0, 50, size=40)
    mean, se = sample_moments(values, counts)
    n = int(counts.sum())
    mpmath.mp.dps = 40
    for row in range(3):
        draws = np.repeat(values[row], counts)
        m = mpmath.fsum(mpmath.mpf(float(x)) for x in draws) / n
        var = mpmath.fsum((mpmath.mpf(float(x)) - m) ** 2 for x in draws) / (n - 1)
        assert mean[row] == float(m)
        assert se[row] == pytest.approx(float(mpmath.sqrt(var / n)), rel=4e-16)
    mean, se = sample_moments(values, np.eye(1, 40, 3, dtype=np.int64)[0])
    assert list(mean) == list(values[:, 3]) and np.isinf(se).all()  # one draw: no spread


def test_the_same_draws_give_the_same_figures_however_split():
    p = [0.5, 0.25, 0.25, 0.0]
    q = [0.25, 0.5, 0.125, 0.125]
    whole = Sampler(p, q, seed=3)
    whole.draw(1001)
    parts = Sampler(p, q, seed=3)
    for count in (1, 100, *[100] * 9):
        parts.draw(count)
    assert parts.n == whole.n == 1001
    for a, b in zip(whole.current(), parts.current()):
        assert a.tolist() == b.tolist()
    # k1 is log 2 or −log 2 at each drawn outcome: the mean is (a − b)/1001 · log 2
    a, b = int(whole.counts[[0, 2]].sum()), int(whole.counts[1])
    log2 = float(mpmath.log(2))
    expected = (a - b) * Fraction(log2) / 1001
    assert whole.current()[0][0] == float(expected)
    trace = parts.trace()  # the trace ends on the very figures current() gives
    assert trace.mean[:, -1].tolist() == parts.current()[0].tolist()
    assert trace.se[:, -1].tolist() == parts.current()[1].tolist()


def test_the_exact_divergence_given_is_e_k1_in_its_unit():
    p, q = [1.0, 0.0, 0.0], [0.8, 0.1, 0.1]
    d = 0.22314355131420976  # −ln 0.8, correctly rounded (mpmath below)
    assert d == float(-mpmath.log(mpmath.mpf(4) / 5))
    stats = estimator_stats(p, q, d, "nats")
    assert stats.mean_in("k1", "nats") == stats.divergence_in("nats") == d
    bits = float(-mpmath.log(mpmath.mpf(4) / 5, 2))
    stats = estimator_stats(p, q, bits, "bits")
    assert stats.mean_in("k1", "bits") == stats.divergence_in("bits") == bits
    assert stats.bias_in("k1", "bits") == 0.0
    # k3 = (r − 1) − log r with r = 0.8: E[k3] = D − 0.2, a few ulps from exact
    mpmath.mp.dps = 40
    k3 = -mpmath.log(mpmath.mpf(4) / 5) - mpmath.mpf(1) / 5
    assert stats.mean_in("k3", "nats") == pytest.approx(float(k3), rel=4e-16)
    k2 = mpmath.log(mpmath.mpf(4) / 5) ** 2 / 2
    assert stats.mean_in("k2", "nats") == pytest.approx(float(k2), rel=4e-16)


def test_estimators_file_agrees_with_the_ranking_and_summary(tmp_path, capsys):
    source = tmp_path / "cls.csv"
    source.write_text("label,P,A\nx,1,.8\ny,0,.1\nz,0,.1\n", encoding="utf-8")
    for base in ("nats", "bits"):
        e, r, s = (tmp_path / f"{k}-{base}.csv" for k in "ERS")
        assert export_main([str(source), "--ranking", str(r), "--summary", str(s),
                            "--estimators", str(e), "--samples", "5", "--base", base]) == 0
        ranking = {row[1]: row for row in _rows(r)}
        summary = {row[0]: row[1] for row in _rows(s)}
        estimators = {row[0]: row for row in _rows(e)}
        header = estimators["estimator"]
        kl = summary["kl_pq"]
        assert ranking["A"][2] == kl
        assert estimators["k1"][header.index("exact_mean")] == kl
        assert {estimators[k][header.index("kl_pq")] for k in ("k1", "k2", "k3")} == {kl}
    assert kl == repr(float(-mpmath.log(mpmath.mpf(4) / 5, 2)))


def test_the_window_and_the_command_line_write_the_same_estimators(
        window, qtbot, tmp_path):
    source = tmp_path / "t1.csv"
    source.write_text("outcome,P,Q\na,0.5,0.25\nb,0.25,0.5\nc,0.25,0.125\nd,0,0.125\n",
                      encoding="utf-8")
    cli = tmp_path / "cli.csv"
    assert export_main([str(source), "--base", "bits", "--estimators", str(cli),
                        "--samples", "1001", "--seed", "3"]) == 0
    assert window.files.open(source)
    window.edits.set_unit("bits")
    lab = window.sampling
    window.show_page(lab)
    qtbot.waitUntil(lambda: lab.sampler is not None and not lab.busy and lab.unit == "bits")
    lab.seed.setValue(3)
    for count in (1, *[100] * 10):
        lab.buttons[count].click()
    assert lab.draws == 1001
    gui = tmp_path / "gui.csv"
    lab.export_csv(gui)
    assert _rows(gui) == _rows(cli)
    rows = {row[0]: row for row in _rows(cli)}
    assert rows["k1"][8] == repr(float(Fraction(465, 1001)))  # the tester's 465/1001
    # the table on screen copies the same numbers (exact mean, SD, bias, running mean)
    model = lab.table.model_
    for i, name in enumerate(("k1", "k2", "k3")):
        assert [model.copy_text(i, j) for j in (2, 3, 4, 5)] == [
            rows[name][j] for j in (2, 3, 4, 8)]
    window.show_page(window.panel)
