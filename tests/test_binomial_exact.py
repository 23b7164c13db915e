"""Binomial's probabilities are correctly rounded while that is cheap (p read as the
decimal typed): Binomial(2, 0.3) is 0.49, 0.42, 0.09, and the exported q_weight and q
agree on it (issue: 0.49000000000000005 against 0.4900000000000001)."""

import csv
import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from klgui.cli import export_main
from klgui.core.errors import DistributionError
from klgui.core.families import Binomial
from klgui.core.families import counts


def _mp_pmf(n, p_text):
    mpmath.mp.dps = 60
    p = mpmath.mpf(p_text)
    return [mpmath.binomial(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1)]


def test_binomial_two_point_three():
    assert Binomial(2, 0.3).probabilities().tolist() == [0.49, 0.42, 0.09]


def test_correctly_rounded_against_mpmath_over_many_n_and_p():
    rng = np.random.default_rng(4)
    checked = 0
    for _ in range(150):
        n = int(rng.integers(1, 120))
        p_text = f"{rng.random():.{rng.integers(1, 5)}f}"
        exact = counts.binomial_pmf_exact(n, float(p_text))
        if exact is None:
            continue
        got = Binomial(n, float(p_text)).probabilities()
        assert got.tolist() == exact.tolist()
        # the exact rationals, rounded once; and mpmath at 60 digits
        f = Fraction(p_text)
        for k, v in enumerate(got.tolist()):
            value = math.comb(n, k) * f ** k * (1 - f) ** (n - k)
            assert v == float(value)
        assert got.tolist() == [float(x) for x in _mp_pmf(n, p_text)]
        checked += 1
    assert checked >= 100


@pytest.mark.parametrize("n,p", [(2000, 0.3), (300, 0.123456789), (5000, 0.5)])
def test_beyond_the_exact_limit_loaders_values_stay_close(n, p):
    assert counts.binomial_pmf_exact(n, p) is None  # too much work: Loader's path
    got = np.exp(Binomial(n, p).log_probabilities())  # (2000 and 5000 have some < 1e-308)
    expected = _mp_pmf(n, repr(p))
    mode = int(n * p)
    for k in range(max(0, mode - 30), min(n, mode + 30) + 1):
        assert got[k] == pytest.approx(float(expected[k]), rel=2e-14)


def test_edges():
    assert Binomial(3, 0.0).probabilities().tolist() == [1.0, 0.0, 0.0, 0.0]
    assert Binomial(3, 1.0).probabilities().tolist() == [0.0, 0.0, 0.0, 1.0]
    assert Binomial(1, 0.5).probabilities().tolist() == [0.5, 0.5]
    tiny = np.exp(Binomial(40, 1e-9).log_probabilities())  # 1e-360 is 0, never negative
    assert tiny[-1] == 0.0 and tiny[0] == float(Fraction(1 - Fraction("1e-9")) ** 40)
    with pytest.raises(DistributionError, match=r"Binomial\(n = 40, p = 1e-09\) gives "
                       r"outcome 38 \('37'\) a probability of about 10\^-329.*With n = 40, "
                       r"p from 2\.04e-08 to 1 − 2\.04e-08 works"):
        Binomial(40, 1e-9).probabilities()  # a column of it would show a false ∞


def test_the_exported_weight_and_probability_agree(tmp_path):
    session = tmp_path / "b.kld.json"
    session.write_text(
        '{"distributions": [{"name": "P", "role": "reference", "family": {"name": '
        '"binomial", "n": 2, "p": 0.5}}, {"name": "Q", "role": "model", "family": '
        '{"name": "binomial", "n": 2, "p": 0.3}}], "focus": "Q", "format": '
        '"klgui-session", "version": 2, "name": "b", "settings": {"unit": "nats", '
        '"auto_normalize": true, "digits": 6, "smoothing": null}, "outcomes": '
        '{"labels": ["0", "1", "2"]}}', encoding="utf-8")
    table = tmp_path / "t.csv"
    assert export_main([str(session), "--table", str(table)]) == 0
    with open(table, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["q_weight"] for r in rows] == [r["q"] for r in rows] == ["0.49", "0.42", "0.09"]
    assert [r["p_weight"] for r in rows] == [r["p"] for r in rows] == ["0.25", "0.5", "0.25"]
