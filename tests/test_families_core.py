"""Families without Qt: probabilities against scipy.stats and mpmath (test oracles only),
closed forms against the issue's values and the table's sums, session objects."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.stats as st

from klgui.core import DistributionError, compare
from klgui.core.families import (FAMILIES, Binomial, Geometric, Normal, Poisson, Softmax,
                                 Uniform, Zipf, family_from_dict, outcome_values)
from klgui.core.families.closed_form import GapKind, closed_form_kl
from klgui.core.families.distillation import distillation, high_temperature_limit, softmax_kl
from klgui.core.families.special import normal_bin_masses

mpmath.mp.dps = 50


def _labels(n):
    return [str(i) for i in range(n)]


# --- probabilities -------------------------------------------------------------------

def unrefused(family):
    """The family's probabilities of its own outcomes as computed, before
    Family.probabilities refuses those below 1e-308 (Binomial(5000, 0.7) has them):
    the accuracy of the computation itself."""
    return family._masses(None)[0]


@pytest.mark.parametrize("n,p", [(1, 0.5), (10, 0.3), (200, 0.01), (5000, 0.7), (7, 0.999)])
def test_binomial_matches_scipy(n, p):
    got = unrefused(Binomial(n, p))
    ref = st.binom.pmf(np.arange(n + 1), n, p)
    big = ref > 1e-250  # scipy's own relative error grows in the far tails
    np.testing.assert_allclose(got[big], ref[big], rtol=1e-11)
    assert math.fsum(got) == pytest.approx(1.0, abs=1e-14)


def test_binomial_far_tail_against_mpmath():
    n, p, k = 100_000, 0.3, 24_735  # log P ≈ −690.7: a naive lgamma sum loses digits
    pp = mpmath.mpf(p)  # the double nearest 0.3, exactly
    exact = (mpmath.log(mpmath.binomial(n, k)) + k * mpmath.log(pp)
             + (n - k) * mpmath.log(1 - pp))
    got = Binomial(n, p).log_probabilities()[k]
    # bd0's far branch cancels a little: about 1e-12 relative on a probability of 1e-300
    assert got == pytest.approx(float(exact), abs=3e-12)
    mode = 30_000
    exact = (mpmath.log(mpmath.binomial(n, mode)) + mode * mpmath.log(pp)
             + (n - mode) * mpmath.log(1 - pp))
    assert Binomial(n, p).log_probabilities()[mode] == pytest.approx(float(exact), abs=3e-15)


def test_binomial_point_masses():
    assert Binomial(4, 0.0).probabilities().tolist() == [1, 0, 0, 0, 0]
    assert Binomial(4, 1.0).probabilities().tolist() == [0, 0, 0, 0, 1]


@pytest.mark.parametrize("lam", [0.01, 2.0, 3.0, 37.5, 1000.5])
def test_poisson_with_tail_matches_scipy(lam):
    f = Poisson(lam)
    got = unrefused(f)
    k = np.arange(f.tail)
    ref = np.append(st.poisson.pmf(k, lam), st.poisson.sf(f.tail - 1, lam))
    big = ref > 1e-250
    np.testing.assert_allclose(got[big], ref[big], rtol=5e-12)  # scipy's own error
    for j in (0, f.tail // 2, f.tail - 1):
        exact = mpmath.exp(-mpmath.mpf(lam)) * mpmath.mpf(lam) ** j / mpmath.factorial(j)
        assert got[j] == pytest.approx(float(exact), rel=3e-13)
    assert got[-1] <= 1e-3 and st.poisson.sf(f.tail - 2, lam) > 1e-3  # smallest such K
    assert math.fsum(got) == pytest.approx(1.0, abs=1e-14)
    assert f.support_labels()[-1] == f"≥ {f.tail}"


def test_poisson_small_tail_keeps_relative_precision():
    f = Poisson(3.0, tail=40)
    exact = 1 - mpmath.fsum(mpmath.exp(-3) * mpmath.mpf(3) ** j / mpmath.factorial(j)
                            for j in range(40))
    assert f.probabilities()[-1] == pytest.approx(float(exact), rel=1e-13)


def test_poisson_tail_below_the_mean():
    f = Poisson(50.0, tail=30)
    assert f.probabilities()[-1] == pytest.approx(st.poisson.sf(29, 50.0), rel=1e-13)


@pytest.mark.parametrize("p", [0.2, 0.5, 0.999, 1e-3])
def test_geometric_matches_scipy(p):
    f = Geometric(p)
    got = f.probabilities()
    k = np.arange(f.tail)
    # scipy's geom counts trials (1, 2, …): failures k are trials k + 1
    ref = np.append(st.geom.pmf(k + 1, p), st.geom.sf(f.tail, p))
    np.testing.assert_allclose(got, ref, rtol=1e-12)
    assert math.fsum(got) == pytest.approx(1.0, abs=1e-14)


def test_uniform_and_zipf():
    o = outcome_values(_labels(10))
    assert Uniform().probabilities(o).tolist() == [0.1] * 10
    assert Uniform(4).probabilities(o).tolist() == [0.25] * 4 + [0.0] * 6
    ref = st.zipfian.pmf(np.arange(1, 11), 1.3, 10)
    np.testing.assert_allclose(Zipf(1.3).probabilities(o), ref, rtol=1e-14)


def test_normal_bins_match_scipy_far_out():
    o = outcome_values(["-3", "-1", "0", "0.5", "2", "12"])
    got = Normal(0.5, 1.0).probabilities(o)
    edges = np.array([-np.inf, -2, -0.5, 0.25, 1.25, 7, np.inf])
    ref = np.diff(st.norm.cdf(edges, 0.5, 1.0))
    ref[-1] = st.norm.sf(7, 0.5, 1.0)  # far out: a CDF difference would be 0
    ref[-2] = st.norm.sf(1.25, 0.5, 1.0) - st.norm.sf(7, 0.5, 1.0)
    np.testing.assert_allclose(got, ref, rtol=1e-13)
    assert got[-1] > 0 and math.fsum(got) == pytest.approx(1.0, abs=1e-15)


def test_normal_unsorted_outcomes_get_their_own_bins():
    a = Normal(0, 1).probabilities(outcome_values(["1", "-1", "0"]))
    b = Normal(0, 1).probabilities(outcome_values(["-1", "0", "1"]))
    assert a.tolist() == [b[2], b[0], b[1]]


def test_normal_bin_masses_mirror_is_exact_on_symmetry():
    m = normal_bin_masses(np.array([-np.inf, -40, -10, 10, 40, np.inf]))
    assert m[1] == m[3] and m[0] == m[4] and m[1] == pytest.approx(st.norm.sf(10), rel=1e-13)


def test_softmax_stable_and_against_mpmath():
    z = ["1e308", "-1e308", "5", "-7.5"]
    assert Softmax(z, 0.5).log_probabilities()[0] == 0.0  # no overflow, no NaN
    with pytest.raises(DistributionError, match=r"outcome 2 a probability too small for "
                       r"the table's numbers \(far below the smallest normal double, "
                       r"about 2\.2e-308\)") as e:
        Softmax(z, 0.5).probabilities()  # 0 would be a false ∞: refused
    assert "inf" not in str(e.value)  # it said "about 10^-inf"
    with pytest.raises(DistributionError, match=r"outcome 2 a probability of about "
                       r"10\^-434, too small"):
        Softmax(["0", "-1000"], 1).probabilities()  # ln p = -1000: 10^-434.29
    with pytest.raises(DistributionError, match=r"gives outcome 2 \('dog'\) a probability "
                       r"of about 10\^-434"):  # it said "outcome 2", not the label
        Softmax(["0", "-1000"], 1).probabilities(outcome_values(["cat", "dog"]))
    teacher = Softmax(["10", "20", "30"], 0.026)  # p(10) = e^-769: below 1e-308
    with pytest.raises(DistributionError, match=r"at least 0\.0283"):
        teacher.probabilities()
    assert Softmax(["10", "20", "30"], 0.0283).probabilities()[0] > 2.2250738585072014e-308
    z = ["10", "20", "30", "−4"]
    f = Softmax(z, 2.0)
    zz = [10, 20, 30, -4]
    s = mpmath.fsum(mpmath.exp(mpmath.mpf(v) / 2) for v in zz)
    ref = [float(mpmath.exp(mpmath.mpf(v) / 2) / s) for v in zz]
    np.testing.assert_allclose(f.probabilities(), ref, rtol=1e-15)


# --- outcomes ---------------------------------------------------------------------------

def test_outcome_values_reads_numbers_tail_and_positions():
    o = outcome_values(["0", "1", "2", "≥ 3"])
    assert o.values.tolist() == [0, 1, 2, 3] and o.tail == 3 and o.numeric
    o = outcome_values(["a", "b"])
    assert o.values.tolist() == [0, 1] and not o.numeric and o.tail is None
    assert outcome_values(["−1.5", "2"]).values.tolist() == [-1.5, 2]


def test_family_on_a_column_missing_outcomes_is_refused():
    with pytest.raises(DistributionError, match="lacks"):
        Binomial(10, 0.3).probabilities(outcome_values(_labels(6)))
    with pytest.raises(DistributionError, match="≥ 9"):
        Poisson(2.0, 9).probabilities(outcome_values(_labels(12)))
    with pytest.raises(DistributionError, match="distinct"):
        Binomial(1, 0.3).probabilities(outcome_values(["0", "1", "1"]))


def test_binomial_placed_by_value_with_extra_outcomes_zero():
    o = outcome_values(["3", "2", "1", "0", "7.5"])
    got = Binomial(3, 0.5).probabilities(o)
    np.testing.assert_allclose(got, [0.125, 0.375, 0.375, 0.125, 0.0], rtol=1e-15)
    assert got[-1] == 0.0


# --- closed forms -----------------------------------------------------------------------

ISSUE_VALUES = [
    (Poisson(2.0), Poisson(3.0), 0.189069783783671, GapKind.TAIL_FOLDED),
    (Binomial(10, 0.5), Binomial(10, 0.3), 0.871766935723889, GapKind.EXACT),
    (Geometric(0.2), Geometric(0.5), 0.963723785108787, GapKind.TAIL_FOLDED),
    (Zipf(1.0, 10), Zipf(2.0, 10), 0.282610369561601, GapKind.EXACT),
    (Normal(0.0, 2.0), Normal(0.0, 1.0), 0.806852819440055, GapKind.DISCRETIZATION),
    (Binomial(5, 0.5), Binomial(10, 0.5), 1.35406860444439, GapKind.EXACT),
]


@pytest.mark.parametrize("a,b,value,kind", ISSUE_VALUES)
def test_closed_forms_give_the_issue_values(a, b, value, kind):
    cf = closed_form_kl(a, b)
    assert cf.kind is kind
    assert cf.value == pytest.approx(value, rel=3e-15)


def test_closed_forms_against_mpmath():
    p, q = mpmath.mpf("0.2"), mpmath.mpf("0.5")
    geo = (mpmath.log(p / q) + (1 - p) / p * mpmath.log((1 - p) / (1 - q)))
    assert closed_form_kl(Geometric(0.2), Geometric(0.5)).value == pytest.approx(
        float(geo), rel=1e-15)
    h1 = mpmath.fsum(1 / mpmath.mpf(k) for k in range(1, 11))
    h2 = mpmath.fsum(1 / mpmath.mpf(k) ** 2 for k in range(1, 11))
    zipf = mpmath.fsum((1 / (k * h1)) * mpmath.log((1 / (k * h1)) / (1 / (k * k * h2)))
                       for k in range(1, 11))
    assert closed_form_kl(Zipf(1.0), Zipf(2.0), 10).value == pytest.approx(float(zipf),
                                                                           rel=1e-15)


def test_closed_form_close_parameters_keep_relative_precision():
    # n·KL(Bernoulli): p log(p/q) + … cancels; the bd0 form does not
    p, q = mpmath.mpf("0.3"), mpmath.mpf("0.3") + mpmath.mpf("1e-9")
    exact = 10 * (p * mpmath.log(p / q) + (1 - p) * mpmath.log((1 - p) / (1 - q)))
    got = closed_form_kl(Binomial(10, 0.3), Binomial(10, float(q))).value
    assert got == pytest.approx(float(exact), rel=1e-6)  # q itself is rounded to a double
    assert closed_form_kl(Poisson(2.0), Poisson(2.0)).value == 0.0
    assert math.copysign(1, closed_form_kl(Normal(1, 2), Normal(1, 2)).value) == 1.0


def test_closed_forms_infinite_in_one_direction():
    assert closed_form_kl(Binomial(10, 0.5), Binomial(5, 0.5)).kind is GapKind.INFINITE
    assert closed_form_kl(Binomial(10, 0.5), Binomial(5, 0.5)).value == math.inf
    assert closed_form_kl(Uniform(6), Uniform(4)).value == math.inf
    cf = closed_form_kl(Uniform(4), Uniform(6))
    assert cf.kind is GapKind.EXACT and cf.value == pytest.approx(math.log(1.5), rel=1e-15)
    assert closed_form_kl(Uniform(), Uniform(), 7).value == 0.0
    assert closed_form_kl(Uniform(), Uniform()) is None  # N unknown
    assert closed_form_kl(Binomial(3, 0.5), Poisson(1.0)) is None
    assert closed_form_kl(Softmax(["1", "2"]), Softmax(["2", "1"])) is None


def _table_kl(a, b, labels):
    o = outcome_values(labels)
    return compare(a.probabilities(o), b.probabilities(o)).kl_pq


def test_table_equals_exact_closed_forms():
    for a, b, labels in [(Binomial(10, 0.5), Binomial(10, 0.3), _labels(11)),
                         (Binomial(5, 0.5), Binomial(10, 0.5), _labels(11)),
                         (Zipf(1.0), Zipf(2.0), _labels(10)),
                         (Uniform(4), Uniform(), _labels(6))]:
        cf = closed_form_kl(a, b, len(labels))
        assert cf.kind is GapKind.EXACT
        assert _table_kl(a, b, labels) == pytest.approx(cf.value, rel=4e-15)


def test_table_at_most_folded_and_discretized_closed_forms():
    for a, b in [(Poisson(2.0, 12), Poisson(3.0, 12)), (Geometric(0.2, 30),
                                                         Geometric(0.5, 30))]:
        labels = a.support_labels()
        table, cf = _table_kl(a, b, labels), closed_form_kl(a, b)
        assert table <= cf.value and cf.value - table < 2e-3
        longer = type(a)(*(getattr(a, k) for k in a.parameters[:-1]), a.tail * 2)
        longer_b = type(b)(*(getattr(b, k) for k in b.parameters[:-1]), a.tail * 2)
        finer = _table_kl(longer, longer_b, longer.support_labels())
        assert table < finer <= cf.value  # a longer table coarsens less
    labels = [str(x) for x in range(-8, 9)]
    table = _table_kl(Normal(0, 2), Normal(0, 1), labels)
    cf = closed_form_kl(Normal(0, 2), Normal(0, 1))
    assert table < cf.value and cf.value - table < 0.2
    fine = [f"{x / 10:g}" for x in range(-80, 81)]  # finer bins: closer to the formula
    assert table < _table_kl(Normal(0, 2), Normal(0, 1), fine) <= cf.value


# --- sessions ---------------------------------------------------------------------------

@pytest.mark.parametrize("spec", [Binomial(10, 0.3), Poisson(2.5, 9), Geometric(0.2, 14),
                                  Uniform(), Uniform(5), Zipf(1.1), Zipf(2.0, 30),
                                  Normal(-1.5, 0.25)])
def test_family_dicts_round_trip(spec):
    d = spec.to_dict()
    assert d["name"] == spec.name
    assert family_from_dict(d) == spec
    import json
    assert family_from_dict(json.loads(json.dumps(d))) == spec


def test_dicts_as_the_issue_writes_them():
    assert Binomial(10, 0.3).to_dict() == {"name": "binomial", "n": 10, "p": 0.3}
    assert family_from_dict({"name": "poisson", "lam": 2, "tail": 9}).to_dict() == \
        {"name": "poisson", "lam": 2.0, "tail": 9}
    s = Softmax(["10", "20", "30"], 2)
    assert s.to_dict() == {"logits": ["10", "20", "30"], "temperature": 2.0}
    assert Softmax.from_dict(s.to_dict()) == s
    assert set(FAMILIES) == {"binomial", "poisson", "geometric", "uniform", "zipf", "normal"}


@pytest.mark.parametrize("d,key", [
    ({"name": "binomial", "n": 10}, "'p'"),
    ({"name": "binomial", "n": 10.5, "p": 0.3}, "'n'"),
    ({"name": "binomial", "n": 0, "p": 0.3}, "'n'"),
    ({"name": "binomial", "n": 10, "p": 1.5}, "'p'"),
    ({"name": "binomial", "n": 10, "p": "0.3"}, "'p'"),
    ({"name": "poisson", "lam": -1}, "'lam'"),
    ({"name": "poisson", "lam": 2, "tail": 0}, "'tail'"),
    ({"name": "poisson", "lam": 2, "k": 3}, "'k'"),
    ({"name": "geometric", "p": True}, "'p'"),
    ({"name": "geometric", "p": 0}, "'p'"),
    ({"name": "normal", "mean": 0, "sd": 0}, "'sd'"),
    ({"name": "normal", "mean": float("nan"), "sd": 1}, "'mean'"),
    ({"name": "zipf", "s": float("inf")}, "'s'"),
    ({"name": "uniform", "n": -2}, "'n'"),
    ({"name": "cauchy"}, "'name'"),
    ({}, "'name'"),
    ([1, 2], "'family'"),
])
def test_bad_family_dicts_name_the_key(d, key):
    with pytest.raises(DistributionError) as e:
        family_from_dict(d)
    assert key in str(e.value)


@pytest.mark.parametrize("d,key", [({"logits": "1,2"}, "'logits'"),
                                   ({"logits": ["1", "x"]}, "'logits'"),
                                   ({"logits": []}, "'logits'"),
                                   ({"logits": ["1"], "temperature": 0}, "'temperature'"),
                                   ({"logits": ["1"], "temperature": "2"}, "'temperature'")])
def test_bad_logits_dicts_name_the_key(d, key):
    with pytest.raises(DistributionError) as e:
        Softmax.from_dict(d)
    assert key in str(e.value)


# --- distillation -----------------------------------------------------------------------

TEACHER, STUDENT = [10, 20, 30], [5, 10, 15]


def _mp_kl(z, y, t):
    t = mpmath.mpf(t)
    ez = [mpmath.exp(mpmath.mpf(v) / t) for v in z]
    ey = [mpmath.exp(mpmath.mpf(v) / t) for v in y]
    sz, sy = mpmath.fsum(ez), mpmath.fsum(ey)
    return mpmath.fsum(a / sz * mpmath.log((a / sz) / (b / sy)) for a, b in zip(ez, ey))


def test_distillation_issue_values():
    assert distillation(TEACHER, STUDENT, 1).scaled_kl == pytest.approx(0.0064880326332,
                                                                        rel=1e-10)
    assert distillation(TEACHER, STUDENT, 10).scaled_kl == pytest.approx(6.02688974996,
                                                                         rel=1e-11)
    assert high_temperature_limit(TEACHER, STUDENT) == pytest.approx(25 / 3, rel=1e-15)
    assert distillation(TEACHER, STUDENT, 1e6).scaled_kl == pytest.approx(25 / 3, rel=1e-9)


@pytest.mark.parametrize("t", [0.3, 1, 3, 10, 1e3, 1e5, 1e8])
def test_softmax_kl_relative_precision_at_every_temperature(t):
    assert softmax_kl(TEACHER, STUDENT, t) == pytest.approx(float(_mp_kl(TEACHER, STUDENT, t)),
                                                            rel=1e-13)


def test_kl_is_not_monotone_in_temperature():
    ts = [0.5, 1, 2, 5, 10, 100]
    kls = [softmax_kl(TEACHER, STUDENT, t) for t in ts]
    rising = any(b > a for a, b in zip(kls, kls[1:]))
    falling = any(b < a for a, b in zip(kls, kls[1:]))
    assert rising and falling


def test_distillation_reverse_and_bad_input():
    d = distillation(TEACHER, STUDENT, 2)
    assert d.kl_reverse == pytest.approx(float(_mp_kl(STUDENT, TEACHER, 2)), rel=1e-13)
    assert d.teacher.sum() == pytest.approx(1.0)
    with pytest.raises(DistributionError, match="student"):
        softmax_kl([1, 2], [1, 2, 3])
    with pytest.raises(DistributionError, match="temperature"):
        softmax_kl([1, 2], [1, 2], 0)
    with pytest.raises(DistributionError, match="teacher logit 2"):
        softmax_kl([1, math.nan], [1, 2])


@pytest.mark.parametrize("lam", [1e-9, 0.7, 1e4, 1e6])
def test_default_tail_is_the_smallest_k_with_little_mass_left(lam):
    k = Poisson(lam).tail
    assert st.poisson.sf(k - 1, lam) <= 1e-3
    assert k == 1 or st.poisson.sf(k - 2, lam) > 1e-3


def test_labels_that_are_not_numbers_are_positions():
    words = outcome_values(["red", "green", "blue", "rest"])
    got = Poisson(1.5, 3).probabilities(words)  # the last position holds "≥ 3"
    np.testing.assert_allclose(got, Poisson(1.5, 3).probabilities(), rtol=0)
    got = Normal(1.0, 1.0).probabilities(words)  # bins around positions 0…3
    np.testing.assert_allclose(got, Normal(1.0, 1.0).probabilities(
        outcome_values(["0", "1", "2", "3"])), rtol=0)
    with pytest.raises(DistributionError, match="≥ 5"):
        Poisson(1.5, 5).probabilities(words)


def test_closed_form_texts_call_the_distributions_by_the_pages_names():
    from klgui.core.teaching.families_text import closed_form_text
    cf = closed_form_kl(Binomial(15, 0.5), Binomial(5, 0.5))
    text = closed_form_text(cf, math.inf, names=("P", "Q"))
    assert "P reaches counts up to 15, Q at most 5: Q gives them probability 0" in text
    cf = closed_form_kl(Uniform(4), Uniform(8))
    assert "log(N_B/N_A)" in closed_form_text(cf, math.log(2), names=("Q", "P"))  # symbols stay


def test_a_ranked_familys_own_n_decides_its_outcomes():
    assert Uniform(3).support_labels(2) == ("1", "2", "3")  # the coin's 2 outcomes: 3 made
    assert Zipf(1.0, 4).support_labels(10) == ("1", "2", "3", "4")
    assert Uniform().support_labels(5) == ("1", "2", "3", "4", "5")
