"""compare() against a 60-digit mpmath evaluation of the same float inputs.

Bars (issue 2): relative error <= 1e-13 for both KL directions, Jeffreys, entropies and
cross-entropies; <= 1e-10 for Jensen-Shannon. We hold the other figures to 1e-12 too.
"""

import math

import numpy as np
import pytest

from klgui.core import compare
from oracle import oracle, relative_error

TIGHT = ("kl_pq", "kl_qp", "jeffreys", "entropy_p", "entropy_q",
         "cross_entropy_pq", "cross_entropy_qp")
BARS = {**{name: 1e-13 for name in TIGHT}, "js_divergence": 1e-10, "js_distance": 1e-10,
        "total_variation": 1e-12, "hellinger": 1e-12, "bhattacharyya": 1e-12}


def _hard_cases():
    rng = np.random.default_rng(2026)
    x = rng.random(50)
    p = x / x.sum()
    q = p * (1 + 1e-10 * rng.standard_normal(50))
    yield "P≈Q, D~1e-20, both float-normalized", p, q / q.sum()
    yield "P≈Q, P as counts, Q as probabilities", p * 12345.678, q / q.sum()
    yield "P≈Q, D~1e-14", p, p * (1 + 1e-7 * rng.standard_normal(50))
    y = rng.random(30)
    z = rng.random(30)
    yield "sums to 1 only up to rounding", y / y.sum(), z / z.sum()
    t = rng.random(20)
    t[:3] = [1e-300, 5e-320, 0.0]
    u = rng.random(20)
    u[3:6] = [1e-310, 0.0, 2e-300]
    u[0] = 1e-305
    yield "tiny and subnormal probabilities", t, u
    yield "one probability near 1", np.array([1 - 1e-10, 1e-10]), np.array([0.5, 0.5])
    yield "near 1 on both sides", np.array([1 - 1e-10, 1e-10]), np.array([1 - 3e-10, 3e-10])
    w = rng.random(40)
    w[::3] = 0.0
    v = rng.random(40)
    v[::5] = 0.0
    v[w == 0] = 0.0
    yield "zeros, shared and one-sided", w, v
    yield "huge and tiny weights", np.array([1e300, 3e299, 1.0]), np.array([2e-300, 1e-300, 5e-310])
    s = rng.zipf(1.5, 200).astype(float)
    yield "heavy-tailed counts", s, s + rng.integers(0, 3, 200)


@pytest.mark.parametrize("base", ["nats", "bits"])
@pytest.mark.parametrize("name, p, q", list(_hard_cases()), ids=lambda x: x if isinstance(x, str) else "")
def test_hard_cases_against_mpmath(name, p, q, base):
    got = compare(p, q, base)
    want = oracle(p, q, base)
    for figure, bar in BARS.items():
        err = relative_error(getattr(got, figure), want[figure])
        assert err <= bar, f"{figure}: got {getattr(got, figure)!r}, want {want[figure]!r} (rel {err:.1e})"


@pytest.mark.parametrize("seed", range(6))
def test_random_close_pairs_against_mpmath(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 300))
    p = rng.dirichlet(np.full(n, 0.5))
    scale = 10.0 ** -rng.integers(3, 12)
    q = p * (1 + scale * rng.standard_normal(n))
    q = np.abs(q) * rng.uniform(0.5, 2000)  # a different total: exact normalization matters
    got, want = compare(p, q), oracle(p, q)
    for figure, bar in BARS.items():
        assert relative_error(getattr(got, figure), want[figure]) <= bar, figure


def test_contributions_are_accurate_per_outcome():
    rng = np.random.default_rng(7)
    p = rng.random(64)
    q = p * (1 + 1e-9 * rng.standard_normal(64))
    got = compare(p, q)
    import mpmath as mp
    with mp.workdps(60):
        A, B = mp.fsum(map(mp.mpf, p)), mp.fsum(map(mp.mpf, q))
        want = [float((mp.mpf(a) / A) * mp.log((mp.mpf(a) / A) / (mp.mpf(b) / B))) for a, b in zip(p, q)]
    errs = [relative_error(g, w) for g, w in zip(got.contributions_pq, want)]
    assert max(errs) < 1e-13


@pytest.mark.slow
def test_hundred_thousand_outcomes_close_pair_against_mpmath():
    rng = np.random.default_rng(3)
    n = 100_000
    p = rng.random(n)
    q = p * (1 + 1e-8 * rng.standard_normal(n))
    got = compare(p, q)
    want = oracle(p, q)
    for figure in ("kl_pq", "kl_qp", "entropy_p", "js_divergence"):
        assert relative_error(getattr(got, figure), want[figure]) <= BARS[figure], figure


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_where_scipy_fails_we_do_not():
    """The documented scipy failures (issues #20083, #19436) on P close to Q."""
    scipy_stats = pytest.importorskip("scipy.stats")
    from scipy.spatial.distance import jensenshannon
    rng = np.random.default_rng(11)
    p = rng.random(1000)
    p /= p.sum()
    q = p * (1 + 1e-9 * rng.standard_normal(1000))
    q /= q.sum()
    want = oracle(p, q)
    ours = compare(p, q)
    assert relative_error(ours.kl_pq, want["kl_pq"]) < 1e-13
    assert relative_error(ours.js_divergence, want["js_divergence"]) < 1e-10
    scipy_kl = float(scipy_stats.entropy(p, q))
    scipy_js = float(jensenshannon(p, q)) ** 2
    # scipy is at best far off here: wrong sign, NaN, or a large relative error.
    assert not relative_error(scipy_kl, want["kl_pq"]) < 1e-6
    assert math.isnan(scipy_js) or not relative_error(scipy_js, want["js_divergence"]) < 1e-6


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_scipy_on_ordinary_inputs(seed):
    from scipy.spatial.distance import jensenshannon
    from scipy.stats import entropy
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 500))
    p, q = rng.random(n) + 0.01, rng.random(n) + 0.01
    for base, num in (("nats", None), ("bits", 2), ("hartleys", 10)):
        c = compare(p, q, base)
        assert c.kl_pq == pytest.approx(entropy(p, q, base=num), rel=1e-12)
        assert c.kl_qp == pytest.approx(entropy(q, p, base=num), rel=1e-12)
        assert c.entropy_p == pytest.approx(entropy(p, base=num), rel=1e-12)
        assert c.js_distance == pytest.approx(jensenshannon(p, q, base=num), rel=1e-10)


def test_a_term_just_outside_the_series_range_stays_accurate():
    # Found by hypothesis in CI: outcome 2 has |v| = 0.053, just above the old series
    # threshold of 0.05, where x log(x/y) - x + y lost 1.8e-14 to the rounding of p and q.
    common = [264774.710816385, 285424.47120368824, 98677.82129654626, 35475.9781396683,
              207876.73464357952, 2.00001, 206423.66019700203, 653360.5468002238,
              576212.6842176341, 588802.6817089099, 832610.5773091807]
    p = np.array([285424.47120368824, 0.0, *common])
    q = np.array([254707.4052904437, 0.25, *common])
    want = oracle(p, q)["kl_pq"]
    assert relative_error(compare(p, q).kl_pq, want) < 1e-15
    assert relative_error(compare(q, p).kl_qp, want) < 1e-15


def test_jensen_shannon_of_tiny_far_probabilities():
    # All of JS comes from outcomes of probability ~1e-300 just outside the series range
    # (|v| 0.1 to 0.12). There p log p + q log q - (p+q) log((p+q)/2) loses about
    # |log p| / v^2 ulps (it was off by 1e-12); p log(p/q) - (p+q) log((1 + p/q)/2)
    # does not depend on the size of p.
    rng = np.random.default_rng(1)
    v = rng.uniform(0.1, 0.12, 100) * rng.choice([-1, 1], 100)
    tiny = rng.uniform(1.0, 2.0, 100) * 1e-300
    p = np.concatenate([[1.0], tiny])
    q = np.concatenate([[1.0], tiny * (1 - v) / (1 + v)])
    want = oracle(p, q, digits=700)  # the sums are 1 + 1e-298: 60 digits round them to 1
    got = compare(p, q)
    assert relative_error(got.js_divergence, want["js_divergence"]) < 1e-14
    for figure in ("kl_pq", "kl_qp", "hellinger"):
        assert relative_error(getattr(got, figure), want[figure]) < 1e-13, figure
