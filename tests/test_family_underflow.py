"""A family probability that is positive in truth but below the smallest normal double
(2.2250738585072014e-308) is refused, never written as 0 (a false ∞: the tester's
Bin(2000, 0.5) against Bin(2000, 0.3), Poisson(3) against Poisson(800), Zipf(1) against
Zipf(500)) or as a subnormal (Zipf(460): 276.833996 shown as exact, truly 276.833620).
The message names the outcome and its size, and the parameters it advises do work
(checked by filling with them, and against mpmath). True zeros stay exact zeros."""

from __future__ import annotations

import json
import math

import mpmath
import numpy as np
import pytest

from klgui.core.errors import DistributionError
from klgui.core.families import Binomial, Geometric, Normal, Poisson, Uniform, Zipf
from klgui.core.families.base import TINY, outcome_values
from klgui.core.families.placing import placed
from klgui.io.session import SessionError, parse_session

assert TINY == 2.2250738585072014e-308  # sys.float_info.min


def refusal(family, labels=None) -> DistributionError:
    with pytest.raises(DistributionError) as e:
        placed(family, labels if labels is not None else family.support_labels(5))
    return e.value


def test_binomial_2000_is_refused_naming_outcome_0_and_its_size():
    e = refusal(Binomial(2000, 0.5))
    # P(X = 0) = 2^-2000 = 10^-602.06 (by hand)
    assert str(e).startswith("Binomial(n = 2000, p = 0.5) gives outcome 1 ('0') a "
                             "probability of about 10^-602, too small for the table's "
                             "numbers (below the smallest normal double, about "
                             "2.2e-308)")
    assert "n of at most 1,022 works (at p = 0.5)" in str(e) and e.index == 0
    assert "too small" in str(refusal(Binomial(2000, 0.3)))


def test_binomial_limits_it_advises_hold():
    # 2^-1022 is the smallest normal double itself: n = 1022 works, n = 1023 not
    least = placed(Binomial(1022, 0.5), [str(k) for k in range(1023)])[0]
    assert least >= TINY and least == pytest.approx(TINY, rel=1e-13)
    refusal(Binomial(1023, 0.5))
    e = refusal(Binomial(100, 1e-5))
    assert "With n = 100, p from 0.000839 to 1 − 0.000839 works (or p = 0 or 1)." in str(e)
    # (1 − p)^100 and p^100 at p = 0.000839: 10^(100·log10 p) = 10^-307.6 (by hand)
    assert placed(Binomial(100, 0.000839), [str(k) for k in range(101)]).min() >= TINY
    refusal(Binomial(100, 0.000838))


def test_true_zeros_stay_exact_zeros():
    assert placed(Binomial(2000, 0.0), [str(k) for k in range(2001)])[0] == 1.0
    assert placed(Binomial(2000, 1.0), [str(k) for k in range(2001)])[1:2000].max() == 0.0
    assert placed(Binomial(3, 0.5), ["0", "1", "2", "3", "4", "5"])[4:].tolist() == [0, 0]
    assert placed(Geometric(1.0, 2000), Geometric(1.0, 2000).support_labels()).tolist() \
        == [1.0] + [0.0] * 2000
    assert placed(Uniform(2), ["a", "b", "c"]).tolist() == [0.5, 0.5, 0.0]
    assert placed(Zipf(3.0, 2), ["a", "b", "c"])[2] == 0.0


def _poisson_column(lam, k):
    mpmath.mp.dps = 60
    def pmf(j):
        return mpmath.exp(-mpmath.mpf(lam)) * mpmath.mpf(lam) ** j / mpmath.factorial(j)
    head = [pmf(j) for j in range(k)]
    tail = 1 - mpmath.fsum(head) if lam > k else mpmath.fsum(pmf(j) for j in range(k, k + 400))
    return head + [tail]


def test_poisson_800_is_refused_and_the_lambda_range_it_gives_works():
    """Q's λ = 800 with K = 11 (gui_pois_slider.py): P(X = 0) = e^-800 = 10^-347.4."""
    e = refusal(Poisson(800.0, 11))
    assert "gives outcome 1 ('0') a probability of about 10^-347" in str(e)
    assert "λ from 5.28e-28 to 708 works" in str(e)
    assert ("with λ = 800, P(X = 0) = e^−λ is below the smallest normal double, about "
            "2.2e-308, whatever K.") in str(e)
    labels = Poisson(3.0, 11).support_labels()
    for lam in (708.0, 5.28e-28):
        got = placed(Poisson(lam, 11), labels)
        want = [float(x) for x in _poisson_column(lam, 11)]
        np.testing.assert_allclose(got, want, rtol=1e-12)
        assert got.min() >= TINY
    refusal(Poisson(708.5, 11))
    refusal(Poisson(5.2e-28, 11))


def test_poisson_tail_it_advises_is_the_largest_that_works():
    e = refusal(Poisson(1e-4, 200))
    assert "with λ = 0.0001, a tail K of at most 57." in str(e)
    assert "gives outcome 62 ('61')" in str(e)  # the first written as 0
    # mpmath: P(X ≥ 57) = 2.5e-305 ≥ 1e-308, P(X ≥ 58) = 4.3e-311 below it
    assert _poisson_column(1e-4, 57)[-1] > TINY > _poisson_column(1e-4, 58)[-1]
    assert placed(Poisson(1e-4, 57), Poisson(1e-4, 57).support_labels()).min() >= TINY
    refusal(Poisson(1e-4, 58))


def test_poisson_session_of_the_tester_is_refused():
    """P = Poisson(10), Q = Poisson(1000) folded at 1,200 (pois_extreme.py)."""
    assert "λ = 1000, P(X = 0) = e^−λ is below the smallest normal double" in str(refusal(Poisson(1000.0, 1200)))
    assert "No λ works with K = 2,000" in str(refusal(Poisson(10.0, 2000)))


def test_geometric_tail_it_advises_works():
    e = refusal(Geometric(0.9999, 100))
    # (1 − p)^K = 10^-4K: K = 76 gives 1e-304, 77 gives 1e-308 < TINY (by hand)
    assert "with p = 0.9999, a tail K of at most 76." in str(e)
    assert placed(Geometric(0.9999, 76), Geometric(0.9999, 76).support_labels()).min() \
        >= TINY
    refusal(Geometric(0.9999, 77))


@pytest.mark.parametrize("s", [460.0, 500.0, 1000.0, -1000.0])
def test_zipf_beyond_its_range_is_refused_and_the_range_works(s):
    """5 ranks: s·ln 5 ≤ −ln TINY gives |s| ≤ 440.15 (by hand); s = 460 gave a
    subnormal (276.833996 labelled exact), 500 and 1000 a false ∞."""
    labels = list("abcde")
    e = refusal(Zipf(s), labels)
    assert "With 5 ranks, s from −440 to 440 works." in str(e)
    if s == 460.0:  # 5^-460 = 10^-321.5: a subnormal
        assert "gives outcome 5 ('e') a probability of about 10^-322" in str(e)
    for ok in (440.0, -440.0):
        assert placed(Zipf(ok), labels).min() >= TINY
    refusal(Zipf(441.0), labels)


def test_normal_far_bins_are_refused_and_the_sd_it_advises_works():
    labels = [str(k) for k in range(-40, 41)]
    e = refusal(Normal(0.0, 1.0), labels)
    # the bin of −40 starts at −39.5σ: P(Z < −39.5) = 10^-341 (mpmath)
    mpmath.mp.dps = 30
    size = mpmath.log10(mpmath.ncdf(-39.5) - mpmath.ncdf(-40.5))
    assert f"gives outcome 1 ('-40') a probability of about 10^{int(mpmath.nint(size))}" \
        in str(e)
    assert "With μ = 0, σ of at least 1.06 works." in str(e)
    assert placed(Normal(0.0, 1.06), labels).min() >= TINY
    e = refusal(Normal(0.0, 1e-4), ["-2", "-1", "0", "1", "2"])  # zipf_extreme.py
    assert "far below" in str(e) or "10^-" in str(e)


def test_a_session_holding_such_a_family_is_refused_with_the_reason():
    session = {"format": "klgui-session", "version": 2, "name": "t",
               "settings": {"unit": "nats", "auto_normalize": True, "digits": 6,
                            "smoothing": None},
               "outcomes": {"labels": [str(i) for i in range(2001)]},
               "distributions": [
                   {"name": "P", "role": "reference",
                    "family": {"name": "binomial", "n": 2000, "p": 0.5}},
                   {"name": "Q", "role": "model",
                    "family": {"name": "binomial", "n": 2000, "p": 0.3}}],
               "focus": "Q"}
    with pytest.raises(SessionError, match=r"distribution 1 \('P'\): Binomial\(n = 2000, "
                       r"p = 0\.5\) gives outcome 1 \('0'\) a probability of about "
                       r"10\^-602"):
        parse_session(json.dumps(session), "b.kld.json")


def test_exactness_is_kept_where_nothing_is_refused():
    """Refusing changes nothing below the limit: Binomial(2, 0.3) is still 0.49, 0.42,
    0.09 and the subnormal-free Zipf(440) on 5 ranks matches mpmath."""
    assert Binomial(2, 0.3).probabilities().tolist() == [0.49, 0.42, 0.09]
    mpmath.mp.dps = 40
    z = [mpmath.mpf(k) ** -440 for k in range(1, 6)]
    want = [float(x / mpmath.fsum(z)) for x in z]
    np.testing.assert_allclose(Zipf(440.0).probabilities(outcome_values(list("abcde"))),
                               want, rtol=1e-13)
    assert math.isclose(want[-1], 5.0 ** -440 / float(mpmath.zeta(440)), rel_tol=1e-12)
