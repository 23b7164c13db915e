"""The fit lab's maths without Qt: curves, every stationary point and ∞ reasons, against
mpmath (roots of the exact derivative) and scipy.optimize (test oracles only)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.optimize as so
import scipy.stats as st

from klgui.core import Cancelled, DistributionError
from klgui.core.families import Binomial, outcome_values
from klgui.core.families.fit import (GLOBAL_MIN, LOCAL_MAX, LOCAL_MIN, divergences_at,
                                     fit_curves)
from klgui.core.families.fit_models import fit_model
from klgui.core.teaching.families_text import curve_summary, fit_lesson

mpmath.mp.dps = 40
LABELS = [str(k) for k in range(11)]
BIMODAL = 0.5 * Binomial(10, 0.2).probabilities() + 0.5 * Binomial(10, 0.8).probabilities()


@pytest.fixture(scope="module")
def bimodal():
    return fit_curves(BIMODAL, fit_model("binomial", outcome_values(LABELS)))


def test_issue_example_forward(bimodal):
    pts = bimodal.forward.points
    assert [s.kind for s in pts] == [GLOBAL_MIN]
    assert pts[0].theta == pytest.approx(0.5, abs=1e-15)
    assert pts[0].value == pytest.approx(1.27943984238, rel=1e-11)


def _mp_reverse(t):
    def pmf(k, x):
        return mpmath.binomial(10, k) * x ** k * (1 - x) ** (10 - k)
    P = [(pmf(k, mpmath.mpf(0.2)) + pmf(k, mpmath.mpf(0.8))) / 2 for k in range(11)]
    return mpmath.fsum(pmf(k, t) * mpmath.log(pmf(k, t) / P[k]) for k in range(11))


def test_issue_example_reverse(bimodal):
    pts = bimodal.reverse.points
    assert [s.kind for s in pts] == [GLOBAL_MIN, LOCAL_MAX, GLOBAL_MIN]
    # the issue's figures (12 digits) ...
    assert pts[0].theta == pytest.approx(0.222929814099, abs=2e-11)
    assert pts[2].theta == pytest.approx(0.777070185897, abs=2e-11)
    assert pts[0].value == pytest.approx(0.637319312836, rel=1e-11)
    assert pts[2].value == pytest.approx(0.637319312836, rel=1e-11)
    assert pts[1].theta == pytest.approx(0.5, abs=1e-15)
    assert pts[1].value == pytest.approx(1.02241054875, rel=1e-11)
    # ... and the root of the exact derivative, to 40 digits
    root = mpmath.findroot(lambda t: mpmath.diff(_mp_reverse, t), mpmath.mpf("0.2229"))
    assert pts[0].theta == pytest.approx(float(root), rel=1e-14)
    assert pts[0].value == pytest.approx(float(_mp_reverse(root)), rel=1e-14)
    assert pts[2].theta == pytest.approx(1 - float(root), rel=1e-14)


def test_curves_match_scipy_pointwise(bimodal):
    for i in (3, 100, 200):
        t = bimodal.forward.theta[i]
        q = st.binom.pmf(np.arange(11), 10, t)
        assert bimodal.forward.values[i] == pytest.approx(st.entropy(BIMODAL, q), rel=1e-12)
        assert bimodal.reverse.values[i] == pytest.approx(st.entropy(q, BIMODAL), rel=1e-12)
    assert np.all(bimodal.forward.values >= 0) and np.all(bimodal.reverse.values >= 0)


def test_scipy_optimize_agrees_on_the_reverse_minimum(bimodal):
    def rev(t):
        return st.entropy(st.binom.pmf(np.arange(11), 10, t), BIMODAL)
    r = so.minimize_scalar(rev, bounds=(0.01, 0.45), method="bounded",
                           options={"xatol": 1e-12})
    assert bimodal.reverse.points[0].theta == pytest.approx(r.x, abs=1e-6)
    assert bimodal.reverse.points[0].value <= r.fun + 1e-15


def test_poisson_reverse_is_infinite_for_every_lambda():
    r = fit_curves(BIMODAL, fit_model("poisson", outcome_values(LABELS)))
    assert np.all(np.isinf(r.reverse.values)) and r.reverse.points == ()
    assert "∞ for every λ" in r.reverse.infinite_reason
    assert "every count above 10" in r.reverse.infinite_reason
    # forward: the Poisson mean matches P's mean (the moment-matching of exponential
    # families), here 5
    assert [s.kind for s in r.forward.points] == [GLOBAL_MIN]
    assert r.forward.points[0].theta == pytest.approx(5.0, rel=1e-13)
    lam = 5.0
    q = st.poisson.pmf(np.arange(11), lam)
    exact = float(np.sum(BIMODAL * np.log(BIMODAL / q)))
    assert r.forward.points[0].value == pytest.approx(exact, rel=1e-12)
    assert "Only the forward fit" in fit_lesson(r)


def test_poisson_with_a_tail_outcome_has_finite_reverse():
    from klgui.core.families import Poisson
    p = Poisson(3.0, 12).probabilities()
    o = outcome_values(Poisson(3.0, 12).support_labels())
    r = fit_curves(p, fit_model("poisson", o))
    for c in (r.forward, r.reverse):  # P is in the family: both fits are exact at λ = 3
        assert [s.kind for s in c.points] == [GLOBAL_MIN]
        assert c.points[0].theta == pytest.approx(3.0, rel=1e-12)
        assert c.points[0].value == pytest.approx(0.0, abs=1e-15)
    assert r.model.spec(3.0) == {"name": "poisson", "lam": 3.0, "tail": 12}


def test_forward_infinite_when_p_uses_an_outcome_the_family_cannot():
    o = outcome_values(["0", "1", "2.5"])
    r = fit_curves([0.3, 0.3, 0.4], fit_model("poisson", o))
    assert np.all(np.isinf(r.forward.values))
    assert "'2.5'" in r.forward.infinite_reason


def test_reverse_infinite_when_p_has_a_zero_inside_the_support():
    p = Binomial(4, 0.5).probabilities()
    p[2] = 0.0
    r = fit_curves(p, fit_model("binomial", outcome_values([str(k) for k in range(5)])))
    assert np.all(np.isinf(r.reverse.values))
    assert "'2'" in r.reverse.infinite_reason


def test_binomial_n_larger_than_the_outcomes_leaks():
    r = fit_curves(BIMODAL, fit_model("binomial", outcome_values(LABELS), n=12))
    assert np.all(np.isinf(r.reverse.values))
    assert np.isfinite(r.forward.values).all()


def test_normal_mean_fit_of_a_symmetric_bimodal_reference():
    o = outcome_values(LABELS)
    r = fit_curves(BIMODAL, fit_model("normal", o, sd=1.5))
    kinds = [s.kind for s in r.reverse.points]
    assert kinds == [GLOBAL_MIN, LOCAL_MAX, GLOBAL_MIN]
    assert r.reverse.points[0].theta + r.reverse.points[2].theta == pytest.approx(10, rel=1e-12)
    # derivative zero, checked by a finite difference of the exact D
    m = fit_model("normal", o, sd=1.5)
    t = r.reverse.points[0].theta
    h = 1e-5
    slope = (divergences_at(m, BIMODAL, t + h)[1] - divergences_at(m, BIMODAL, t - h)[1]) / (2 * h)
    assert abs(slope) < 1e-8
    assert [s.kind for s in r.forward.points] == [GLOBAL_MIN]
    assert r.forward.points[0].theta == pytest.approx(5.0, abs=1e-12)


def test_local_minimum_of_an_asymmetric_mixture():
    p = 0.7 * Binomial(20, 0.15).probabilities() + 0.3 * Binomial(20, 0.85).probabilities()
    r = fit_curves(p, fit_model("binomial", outcome_values([str(k) for k in range(21)])))
    kinds = [s.kind for s in r.reverse.points]
    assert kinds == [GLOBAL_MIN, LOCAL_MAX, LOCAL_MIN]
    assert r.reverse.points[0].value < r.reverse.points[2].value < r.reverse.points[1].value
    text = curve_summary(r.reverse, "p")
    assert "a local minimum at p = " in text and "a local maximum" in text


def test_zipf_and_geometric_recover_their_own_parameter():
    from klgui.core.families import Geometric, Zipf
    o = outcome_values([str(k) for k in range(1, 31)])
    r = fit_curves(Zipf(1.3).probabilities(o), fit_model("zipf", o))
    assert r.forward.best()[0].theta == pytest.approx(1.3, rel=1e-12)
    assert r.reverse.best()[0].theta == pytest.approx(1.3, rel=1e-12)
    g = Geometric(0.3, 20)
    r = fit_curves(g.probabilities(), fit_model("geometric", outcome_values(g.support_labels())))
    assert r.forward.best()[0].theta == pytest.approx(0.3, rel=1e-12)
    assert r.model.spec(0.3) == {"name": "geometric", "p": 0.3, "tail": 20}


def test_edge_note_when_d_falls_toward_the_edge():
    p = np.zeros(11)
    p[0] = 1.0
    r = fit_curves(p, fit_model("geometric", outcome_values(LABELS)))
    assert r.forward.points == ()
    assert "upper end" in r.forward.edge_note


def test_lesson_text_names_both_behaviours(bimodal):
    text = fit_lesson(bimodal)
    assert "mode-covering" in text and "mode-seeking" in text
    assert "p = 0.22293 and 0.77707" in text and "local maximum" in text


def test_bad_input_is_refused_with_reasons():
    o = outcome_values(LABELS)
    with pytest.raises(DistributionError, match="11 outcomes"):
        fit_curves([0.5, 0.5], fit_model("binomial", o))
    with pytest.raises(DistributionError, match="non-negative"):
        fit_curves([-1.0] + [0.2] * 10, fit_model("binomial", o))
    with pytest.raises(DistributionError, match="'sd'"):
        fit_model("normal", o)
    with pytest.raises(DistributionError, match="'n'"):
        fit_model("binomial", o, n=0)
    with pytest.raises(DistributionError, match="fits"):
        fit_model("cauchy", o)


def test_cancelled_stops_the_computation():
    with pytest.raises(Cancelled):
        fit_curves(BIMODAL, fit_model("binomial", outcome_values(LABELS)),
                   cancelled=lambda: True)


def test_never_negative_or_nan_on_a_reference_inside_the_family():
    p = Binomial(10, 0.37).probabilities()
    r = fit_curves(p, fit_model("binomial", outcome_values(LABELS)))
    for c in (r.forward, r.reverse):
        assert not np.isnan(c.values).any() and (c.values >= 0).all()
        assert c.best()[0].theta == pytest.approx(0.37, rel=1e-13)
        assert 0.0 <= c.best()[0].value < 1e-25
        assert math.copysign(1.0, c.best()[0].value) == 1.0


def _is_plus_zero(x):
    return x == 0.0 and math.copysign(1.0, x) == 1.0


def test_a_minimum_where_q_is_p_is_exactly_zero():
    # The issue: the coin's Binomial(1, p) fit listed 5.23853e-33 and 1.2326e-33. At
    # p = 0.2, Q = (0.8, 0.2) as doubles, exactly proportional to P = (4/5, 1/5).
    r = fit_curves([0.8, 0.2], fit_model("binomial", outcome_values(["heads", "tails"])))
    for curve in (r.forward, r.reverse):
        (best,) = curve.points
        assert best.kind == GLOBAL_MIN and best.theta == 0.2
        assert _is_plus_zero(best.value)


def test_divergences_at_is_exact_and_zero_where_q_is_p():
    m = fit_model("zipf", outcome_values(["a"]))
    assert all(_is_plus_zero(d) for d in divergences_at(m, [1.0], 1.7))
    # against mpmath at 40 digits, both ways, within one ulp
    theta = 0.3
    p = [mpmath.mpf(x) for x in BIMODAL.tolist()]
    q = [mpmath.mpf(x) for x in Binomial(10, theta).probabilities().tolist()]
    p = [x / mpmath.fsum(p) for x in p]
    q = [x / mpmath.fsum(q) for x in q]
    fwd, rev = divergences_at(fit_model("binomial", outcome_values(LABELS)), BIMODAL, theta)
    assert abs(fwd - mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(p, q))) <= math.ulp(fwd)
    assert abs(rev - mpmath.fsum(b * mpmath.log(b / a) for a, b in zip(p, q))) <= math.ulp(rev)


@pytest.mark.parametrize("family, fixed", [("normal", {"sd": 1e-3}), ("normal", {"sd": 1.0}),
                                           ("zipf", {})])
def test_a_flat_curve_has_no_minimum_and_says_so(family, fixed):
    # One outcome: every Q_θ is P, D = 0 for every θ; the lab had listed a "global
    # minimum at μ = 0.163351506571".
    for labels in (["x"], ["3"]):
        r = fit_curves([1.0], fit_model(family, outcome_values(labels), **fixed))
        for curve in (r.forward, r.reverse):
            assert curve.points == () and not np.any(curve.values)
            assert "for every" in curve.edge_note and "no minimum" in curve.edge_note
            assert curve_summary(curve, r.model.symbol) == curve.edge_note


def test_an_edge_minimum_is_said_with_the_edge():
    # One outcome "0" with Binomial(1, p): D(P‖Q) = −log(1 − p) falls toward p = 0, the
    # open range's end; D(Q‖P) is ∞ (Q gives count 1 mass). Both are said.
    r = fit_curves([1.0], fit_model("binomial", outcome_values(["0"])))
    assert r.forward.points == ()
    assert "lower end of the range (p → 0)" in r.forward.edge_note
    assert "lower end" in curve_summary(r.forward, "p")
    assert r.reverse.infinite_reason.startswith("D(Q‖P) is ∞ for every p")


def _mp_forward(p, labels, log_pmf):
    """D(P‖Q) = Σ p log(p/q) at 40 digits, Q summing to 1 over its whole support."""
    return float(mpmath.fsum(mpmath.mpf(a) * (mpmath.log(a) - log_pmf(int(k)))
                             for a, k in zip(p, labels) if a > 0))


@pytest.mark.parametrize("family", ["binomial", "poisson", "geometric"])
def test_a_large_label_fits_at_the_mean(family):
    # The issue: labels 0, 1, 100000 took 21 s (binomial), 6.6 s (Poisson), 2 s
    # (geometric): the mass outside the outcomes was summed over every missing count.
    # The forward fit of each is the mean's (maximum likelihood): n·p = λ = 20000.3,
    # geometric p = 1/(1 + 20000.3), below the grid's first point.
    p, labels = [0.5, 0.3, 0.2], ["0", "1", "100000"]
    r = fit_curves(p, fit_model(family, outcome_values(labels)))
    (best,) = r.forward.points
    mean = mpmath.mpf("20000.3")
    if family == "binomial":
        theta, n = mean / 100000, 100000

        def log_pmf(k):
            t = mpmath.mpf(best.theta)
            return (mpmath.log(mpmath.binomial(n, k)) + k * mpmath.log(t)
                    + (n - k) * mpmath.log1p(-t))
    elif family == "poisson":
        theta = mean

        def log_pmf(k):
            t = mpmath.mpf(best.theta)
            return k * mpmath.log(t) - t - mpmath.loggamma(k + 1)
    else:
        theta = 1 / (1 + mean)

        def log_pmf(k):
            t = mpmath.mpf(best.theta)
            return mpmath.log(t) + k * mpmath.log1p(-t)
    assert best.kind == GLOBAL_MIN and best.theta == pytest.approx(float(theta), rel=1e-12)
    assert best.value == pytest.approx(_mp_forward(p, labels, log_pmf), rel=1e-14)
    assert r.reverse.infinite_reason  # Q gives the counts between mass


@pytest.mark.parametrize("family", ["binomial", "poisson", "geometric"])
def test_outcomes_a_count_family_cannot_cover_are_infinite_at_once(family):
    # labels −3, 2.5, 1e6 took 149 s with Binomial(n = 10⁶); no count family gives −3
    # any probability, so D(P‖Q) is ∞ for every θ and says why.
    r = fit_curves([0.5, 0.3, 0.2], fit_model(family, outcome_values(["-3", "2.5", "1e6"])))
    assert "'-3'" in r.forward.infinite_reason and r.forward.points == ()
    assert r.reverse.infinite_reason and np.all(np.isinf(r.forward.values))


@pytest.mark.parametrize("family", ["poisson", "geometric"])
def test_a_label_of_a_trillion_fits_without_a_list_that_long(family):
    # The missing counts 2 … 10¹² − 1 are counted, never listed (a list would need
    # 931 GiB); the forward fit is the mean's, as for 100000.
    r = fit_curves([0.5, 0.3, 0.2], fit_model(family, outcome_values(["0", "1", "1e12"])))
    (best,) = r.forward.points
    mean = 0.3 + 0.2e12
    assert best.theta == pytest.approx(mean if family == "poisson" else 1 / (1 + mean),
                                       rel=1e-12)


@pytest.mark.parametrize("family", ["binomial", "poisson", "geometric"])
def test_counts_beyond_two_to_the_53_are_refused_with_the_reason(family):
    with pytest.raises(DistributionError, match=r"outcome 1e\+300: counts above 2\^53"):
        fit_model(family, outcome_values(["0", "1", "1e300"]))
