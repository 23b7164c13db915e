"""Properties every correct implementation must have, over generated inputs."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from klgui.core import compare

weight = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-12, max_value=1e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def pairs(draw, positive=False):
    n = draw(st.integers(1, 30))
    elem = st.floats(min_value=1e-9, max_value=1e6) if positive else weight
    p = draw(st.lists(elem, min_size=n, max_size=n))
    q = draw(st.lists(elem, min_size=n, max_size=n))
    assume(sum(p) > 0 and sum(q) > 0)
    return np.array(p), np.array(q)


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_never_negative_never_nan(pq):
    c = compare(*pq)
    for name, value in c.figures().items():
        assert not math.isnan(value), name
        assert value >= 0.0, name
    assert not np.isnan(c.contributions_pq).any() and not np.isnan(c.contributions_qp).any()


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_zero_exactly_when_equal(pq):
    p, q = pq
    assert compare(p, p).kl_pq == 0.0
    A = sum(map(Fraction, p))
    B = sum(map(Fraction, q))
    same = all(Fraction(x) * B == Fraction(y) * A for x, y in zip(p, q))  # exact
    c = compare(p, q)
    assert (c.kl_pq == 0.0) == same
    assert (c.js_divergence == 0.0) == same


@settings(max_examples=200, deadline=None)
@given(pairs(positive=True))
def test_cross_entropy_identity(pq):
    c = compare(*pq)
    assert c.cross_entropy_pq == pytest.approx(c.entropy_p + c.kl_pq, rel=1e-15)
    assert c.jeffreys == pytest.approx(c.kl_pq + c.kl_qp, rel=1e-15)
    assert c.js_distance == pytest.approx(math.sqrt(c.js_divergence), rel=1e-15)


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_js_symmetric_and_bounded(pq):
    p, q = pq
    a, b = compare(p, q), compare(q, p)
    assert a.js_divergence == pytest.approx(b.js_divergence, rel=1e-13, abs=1e-300)
    assert a.js_divergence <= math.log(2) * (1 + 1e-15)
    assert compare(p, q, "bits").js_divergence <= 1.0 + 1e-15
    assert a.kl_pq == pytest.approx(b.kl_qp, rel=1e-14, abs=1e-300)


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_pinsker(pq):
    c = compare(*pq)
    assert c.total_variation <= math.sqrt(c.kl_pq / 2) * (1 + 1e-12) + 1e-300
    assert 0.0 <= c.hellinger <= 1.0 and 0.0 <= c.total_variation <= 1.0
    # Hellinger and TV bound each other: H^2 <= TV <= H sqrt(2)
    assert c.hellinger ** 2 <= c.total_variation * (1 + 1e-12) + 1e-300
    assert c.total_variation <= c.hellinger * math.sqrt(2) * (1 + 1e-12) + 1e-300


@settings(max_examples=100, deadline=None)
@given(pairs(), st.sampled_from(["bits", "hartleys"]))
def test_unit_conversion(pq, base):
    nats, other = compare(*pq), compare(*pq, base=base)
    per = {"bits": math.log(2), "hartleys": math.log(10)}[base]
    for name in ("kl_pq", "kl_qp", "entropy_p", "entropy_q", "js_divergence", "bhattacharyya"):
        assert getattr(other, name) == pytest.approx(getattr(nats, name) / per, rel=1e-14), name


@settings(max_examples=150, deadline=None)
@given(pairs(), st.randoms(use_true_random=False),
       st.sampled_from([2.0, 0.5, 1024.0, 2.0 ** -30, 2.0 ** 40]))
def test_invariant_under_permutation_and_scaling(pq, rnd, scale):
    """Scales are powers of two: any other factor rounds the inputs, which changes the
    exact answer itself when P is close to Q (the oracle tests cover other totals)."""
    p, q = pq
    order = list(range(p.size))
    rnd.shuffle(order)
    base, moved = compare(p, q), compare(p[order] * scale, q[order])
    for name in ("kl_pq", "kl_qp", "entropy_p", "js_divergence", "hellinger"):
        assert getattr(moved, name) == pytest.approx(getattr(base, name), rel=1e-13, abs=1e-300), name
    # p - q is resolved to 2^-100 of p + q (the double-double ratio of the sums,
    # divergence._RESOLUTION), so first-order figures of P and Q agreeing to 19 digits
    # (hypothesis found TV = 2e-19) carry an absolute uncertainty of about n * 2^-100.
    resolution = p.size * 2.0 ** -99
    assert moved.total_variation == pytest.approx(base.total_variation, rel=1e-13, abs=resolution)
    np.testing.assert_allclose(moved.contributions_pq, base.contributions_pq[order], rtol=1e-13,
                               atol=resolution)
    assert sorted(order.index(i) for i in base.infinite_pq) == list(moved.infinite_pq)
