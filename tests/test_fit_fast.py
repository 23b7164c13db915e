"""The fit lab's fast paths against the exact ones they replace (and scipy/mpmath as
oracles): θ-independent terms computed once, log q and the score from one pass, the
Poisson tail beyond the column at many λ at once, and the refinement's evaluations."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.optimize as so
import scipy.stats as st
from scipy.special import rel_entr

from klgui.core.families import Binomial, outcome_values
from klgui.core.families.counts import (binomial_log_pmf, poisson_log_pmf, poisson_log_tail,
                                        poisson_tail_grid)
from klgui.core.families.fit import GLOBAL_MIN, LOCAL_MAX, fit_curves
from klgui.core.families.fit_models import fit_model
from klgui.core.families.special import erfc_array, normal_bin_masses

N = 1_000
LABELS = [str(k) for k in range(N)]
BIMODAL = 0.5 * np.exp(Binomial(N - 1, 0.2).log_probabilities()) + \
    0.5 * np.exp(Binomial(N - 1, 0.8).log_probabilities())
THETAS = (1e-9, 0.013, 0.2, 0.5, 0.77, 0.999999)


@pytest.mark.parametrize("labels", [LABELS, ["0", "3", "7", "12"], ["2", "5", "1"]])
@pytest.mark.parametrize("theta", THETAS)
def test_binomial_log_q_is_binomial_log_pmf_bit_for_bit(labels, theta):
    model = fit_model("binomial", outcome_values(labels), n=max(int(x) for x in labels) + 3)
    n = model.fixed["n"]
    log_q, outside = model.log_q(theta)
    k = np.array([float(x) for x in labels])
    assert np.array_equal(log_q, binomial_log_pmf(k, n, theta))
    missing = np.setdiff1d(np.arange(n + 1), k)
    assert outside == math.fsum(np.exp(binomial_log_pmf(missing, n, theta)))
    assert outside == pytest.approx(st.binom.pmf(missing, n, theta).sum(), rel=1e-9,
                                    abs=1e-300)


@pytest.mark.parametrize("labels", [LABELS[:40], ["0", "1", "2", "5", "≥ 9"],
                                    ["0", "2", "4", "6"]])
@pytest.mark.parametrize("lam", (1e-6, 0.7, 3.0, 11.5, 60.0))
def test_poisson_log_q_is_poisson_log_pmf_bit_for_bit(labels, lam):
    outcomes = outcome_values(labels)
    model = fit_model("poisson", outcomes)
    log_q, outside = model.log_q(lam)
    counts = outcomes.values[:-1] if outcomes.tail is not None else outcomes.values
    assert np.array_equal(log_q[:counts.size], poisson_log_pmf(counts, lam))
    top = outcomes.tail if outcomes.tail is not None else int(counts.max()) + 1
    if outcomes.tail is not None:
        assert log_q[-1] == poisson_log_tail(top, lam)
    lost = np.setdiff1d(np.arange(top), counts).astype(float)
    expected = (0.0 if outcomes.tail is not None else math.exp(poisson_log_tail(top, lam)))
    expected += math.fsum(np.exp(poisson_log_pmf(lost, lam))) if lost.size else 0.0
    assert outside == expected
    beyond = 0.0 if outcomes.tail is not None else st.poisson.sf(top - 1, lam)
    assert outside == pytest.approx(st.poisson.pmf(lost, lam).sum() + beyond, rel=1e-9,
                                    abs=1e-300)


@pytest.mark.parametrize("k0", (1, 7, 40, 1_000))
def test_poisson_tail_grid_matches_the_one_at_a_time_tail(k0):
    lams = np.concatenate((np.geomspace(1e-3, 3.0 * k0, 60), [float(k0)]))
    got = poisson_tail_grid(k0, lams)
    one = np.array([math.exp(poisson_log_tail(k0, x)) for x in lams])
    assert np.allclose(got, one, rtol=1e-12, atol=0.0)
    sf = st.poisson.sf(k0 - 1, lams)
    keep = sf > 1e-300
    assert np.allclose(got[keep], sf[keep], rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("family,fixed,theta", [
    ("binomial", {}, 0.31), ("poisson", {}, 420.0), ("geometric", {}, 0.002),
    ("normal", {"sd": 37.0}, 512.25), ("zipf", {}, 1.3)])
def test_log_q_score_is_log_q_and_score(family, fixed, theta):
    model = fit_model(family, outcome_values(LABELS), **fixed)
    log_q, outside, score = model.log_q_score(theta)
    exact_log_q, exact_outside = model.log_q(theta)
    assert np.array_equal(log_q, exact_log_q) and outside == exact_outside
    assert np.array_equal(score, model.score(theta))


def test_normal_score_against_mpmath():
    """d log q_k/dμ = (φ(a') − φ(b'))/(σ q_k) with a', b' the bin's standardized edges."""
    mpmath.mp.dps = 40
    sd, mu = 37.0, 512.25
    model = fit_model("normal", outcome_values(LABELS), sd=sd)
    log_q, _, score = model.log_q_score(mu)
    for k in (0, 3, 480, 512, 513, 700, 999):
        a = mpmath.mpf(-math.inf) if k == 0 else mpmath.mpf(k) - mpmath.mpf(0.5)
        b = mpmath.mpf(math.inf) if k == N - 1 else mpmath.mpf(k) + mpmath.mpf(0.5)
        za, zb = (a - mu) / sd, (b - mu) / sd
        # Φ(b') − Φ(a'), from the nearer tail (no cancellation at 40 digits)
        mass = mpmath.ncdf(zb) - mpmath.ncdf(za) if zb < 0 else \
            mpmath.ncdf(-za) - mpmath.ncdf(-zb)
        dens = (mpmath.npdf(za) if k else 0) - (mpmath.npdf(zb) if k < N - 1 else 0)
        assert log_q[k] == pytest.approx(float(mpmath.log(mass)), rel=1e-13)
        assert score[k] == pytest.approx(float(dens / (sd * mass)), rel=1e-10, abs=1e-14)


def test_normal_bin_masses_against_mpmath_far_out():
    edges = np.array([[-np.inf, -40.0, -12.5, -0.3, 0.0, 0.4, 9.0, 30.0, np.inf]])
    m = normal_bin_masses(edges)[0]
    mpmath.mp.dps = 40
    for i, x in enumerate(m):
        lo, hi = mpmath.mpf(edges[0, i]), mpmath.mpf(edges[0, i + 1])
        exact = mpmath.ncdf(hi) - mpmath.ncdf(lo) if hi <= 0 else \
            mpmath.ncdf(-lo) - mpmath.ncdf(-hi)  # from the nearer tail
        # math.erfc at |z|/√2: that argument's rounding alone is 2z²·1e-16 relative
        assert x == pytest.approx(float(exact), rel=1e-12, abs=1e-320)


@pytest.fixture(scope="module")
def bimodal_1000():
    model = fit_model("binomial", outcome_values(LABELS))
    calls = []
    exact = model.log_q_score

    def counted(theta):
        calls.append(theta)
        return exact(theta)

    model.log_q_score = counted
    return fit_curves(BIMODAL, model), calls


def test_1000_outcome_example_stationary_points(bimodal_1000):
    """P = ½·Bin(999, 0.2) + ½·Bin(999, 0.8): forward θ = 1/2; reverse minima at the
    roots of scipy's derivative (brentq), a local maximum at 1/2 between them."""
    result, _ = bimodal_1000
    (fwd,) = result.forward.points
    assert fwd.kind == GLOBAL_MIN and fwd.theta == pytest.approx(0.5, abs=1e-15)
    k = np.arange(N)

    def reverse_slope(t):
        log_q = st.binom.logpmf(k, N - 1, t)
        q = np.exp(log_q)
        return float(np.sum(q * (k / t - (N - 1 - k) / (1 - t)) * (log_q - np.log(BIMODAL))))

    low, mid, high = result.reverse.points
    assert [s.kind for s in (low, mid, high)] == [GLOBAL_MIN, LOCAL_MAX, GLOBAL_MIN]
    assert mid.theta == pytest.approx(0.5, abs=1e-15)
    root = so.brentq(reverse_slope, 0.15, 0.3, xtol=1e-15)
    assert low.theta == pytest.approx(root, rel=1e-9)
    assert low.theta + high.theta == pytest.approx(1.0, abs=1e-14)
    q = st.binom.pmf(k, N - 1, low.theta)
    assert low.value == pytest.approx(float(np.sum(rel_entr(q, BIMODAL))), rel=1e-9)
    assert low.value == pytest.approx(high.value, rel=1e-12)


def test_refinement_uses_few_exact_evaluations(bimodal_1000):
    """Four roots refined to the last bit: the reverse maximum's slope is already at
    rounding level at a grid point, which once cost 40 bisections."""
    _, calls = bimodal_1000
    assert 4 <= len(calls) <= 40


def test_erfc_array_against_mpmath_and_math_erfc():
    mpmath.mp.dps = 30
    rng = np.random.default_rng(21)
    x = np.concatenate((rng.random(1500) * 26.0, rng.random(200) * 0.05,
                        [0.0, 1.0 / 32, 0.5, 25.999999, 26.0, 27.0, 40.0, np.inf]))
    got = erfc_array(x)
    exact = np.array([float(mpmath.erfc(mpmath.mpf(v))) for v in x])
    keep = exact > 1e-300
    assert np.allclose(got[keep], exact[keep], rtol=8e-16, atol=0.0)
    assert np.array_equal(got[~keep], [math.erfc(v) for v in x[~keep]])
    many = rng.random((400, 2500)) * 26.0
    direct = np.array([math.erfc(v) for v in many.ravel()]).reshape(many.shape)
    assert np.allclose(erfc_array(many), direct, rtol=1.2e-15, atol=0.0)


def test_normal_fast_grid_masses_agree_with_the_exact_ones():
    rng = np.random.default_rng(5)
    edges = np.concatenate(([-np.inf], np.sort(rng.normal(0, 9, 300)), [np.inf]))
    z = edges[None, :] - rng.normal(0, 6, 40)[:, None]
    fast, exact = normal_bin_masses(z, fast=True), normal_bin_masses(z)
    big = exact > 1e-250
    assert np.allclose(fast[big], exact[big], rtol=1e-11, atol=0.0)
    assert np.array_equal(fast == 0.0, exact == 0.0)


def _normal_log_masses(mean: float, sd: float) -> np.ndarray:
    """log of each bin's Normal mass (edges halfway between 0…N−1), from the nearer
    tail with scipy's logcdf/logsf, so bins far out keep their precision."""
    edges = np.concatenate(([-np.inf], np.arange(N - 1) + 0.5, [np.inf]))
    a, b = edges[:-1], edges[1:]
    with np.errstate(divide="ignore"):
        left = st.norm.logcdf(b, mean, sd) + np.log1p(-np.exp(st.norm.logcdf(a, mean, sd)
                                                            - st.norm.logcdf(b, mean, sd)))
        right = st.norm.logsf(a, mean, sd) + np.log1p(-np.exp(st.norm.logsf(b, mean, sd)
                                                            - st.norm.logsf(a, mean, sd)))
    return np.where(b <= mean, left, right)


@pytest.mark.parametrize("family", ["binomial", "geometric", "zipf", "normal"])
def test_1000_outcome_curves_match_scipy_pointwise(family):
    """The grid's curves (shared log(q/p), the reverse skipped when ∞ everywhere, the
    fast erfc for the Normal) against D summed from scipy's log-probabilities."""
    fixed = {"sd": 40.0} if family == "normal" else {}
    result = fit_curves(BIMODAL, fit_model(family, outcome_values(LABELS), **fixed))
    k = np.arange(N)
    log_p = np.log(BIMODAL)
    for i in (3, 60, 128, 200, 251):
        t = result.forward.theta[i]
        if family == "binomial":
            log_q = st.binom.logpmf(k, N - 1, t)
        elif family == "geometric":
            log_q = st.geom.logpmf(k + 1, t)  # scipy's geometric counts trials from 1
        elif family == "zipf":
            e = -t * np.log(k + 1.0)
            log_q = e - np.logaddexp.reduce(e)
        else:
            log_q = _normal_log_masses(t, 40.0)
        q = np.exp(log_q)
        outside = float(st.geom.sf(N, t)) if family == "geometric" else 0.0
        fwd = float(np.sum(BIMODAL * (log_p - log_q) - BIMODAL + q)) + outside
        assert result.forward.values[i] == pytest.approx(fwd, rel=1e-9)
        if family == "geometric":
            assert np.isinf(result.reverse.values[i])
        else:
            rev = float(np.sum(q * (log_q - log_p) - q + BIMODAL))
            assert result.reverse.values[i] == pytest.approx(rev, rel=1e-9)
    if family == "geometric":
        assert result.reverse.infinite_reason and not result.reverse.points


@pytest.mark.parametrize("family, labels", [
    ("binomial", ["0", "1", "3000"]), ("poisson", ["0", "1", "2", "≥ 1000"]),
    ("poisson", ["0", "1", "700"]), ("geometric", ["0", "1", "2", "≥ 1000"]),
    ("geometric", ["0", "5", "900"])])
def test_many_missing_counts_give_one_minus_the_mass_on_the_outcomes_one_or_many_thetas(
        family, labels):
    # More than MANY_MISSING (256) counts lack: Q's mass outside the outcomes is 1 − its
    # mass on them, for one θ (log_q) and for a grid (log_q_grid) alike.
    outcomes = outcome_values(labels)
    model = fit_model(family, outcomes)
    thetas = np.array([0.002, 0.3]) if family != "poisson" else np.array([1.5, 650.0])
    grid_log_q, grid_outside = model.log_q_grid(thetas)
    counts = outcomes.values[:-1] if outcomes.tail is not None else outcomes.values
    for row, theta in enumerate(thetas.tolist()):
        if family == "binomial":
            on = st.binom.pmf(counts, model.fixed["n"], theta).sum()
        elif family == "poisson":
            on = st.poisson.pmf(counts, theta).sum()
            on += st.poisson.sf(outcomes.tail - 1, theta) if outcomes.tail else 0.0
        else:  # scipy's geom counts trials from 1
            on = st.geom.pmf(counts + 1, theta).sum()
            on += st.geom.sf(outcomes.tail, theta) if outcomes.tail else 0.0
        log_q, outside = model.log_q(theta)
        assert outside == pytest.approx(1.0 - on, abs=1e-14)
        assert grid_outside[row] == pytest.approx(1.0 - on, abs=1e-14)
        assert grid_log_q[row] == pytest.approx(log_q, rel=1e-12)
