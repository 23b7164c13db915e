"""The worked examples every KL tutorial uses, with hand-computed values."""

import math

import numpy as np
import pytest

from klgui.core import compare


def test_coin_in_nats_and_bits():
    assert compare([0.8, 0.2], [0.6, 0.4]).kl_pq == pytest.approx(0.0915162218494, abs=1e-13)
    assert compare([0.8, 0.2], [0.6, 0.4], "bits").kl_pq == pytest.approx(0.132029999423, abs=1e-12)


def test_coin_contributions_are_signed_and_sum_to_the_divergence():
    c = compare([0.8, 0.2], [0.6, 0.4])
    assert c.contributions_pq[0] == pytest.approx(0.8 * math.log(0.8 / 0.6), rel=1e-15)
    assert c.contributions_pq[1] == pytest.approx(0.2 * math.log(0.2 / 0.4), rel=1e-15)
    assert c.contributions_pq[1] < 0
    assert math.fsum(c.contributions_pq) == pytest.approx(c.kl_pq, rel=1e-15)


@pytest.mark.parametrize("model, exact, epsilon_version", [
    ([0.8, 0.1, 0.1], math.log2(1.25), 0.32192809488700175),
    ([0.4, 0.3, 0.3], math.log2(2.5), 1.3219280948851984),
])
def test_one_hot_classification_is_exact_where_the_epsilon_version_is_not(model, exact, epsilon_version):
    got = compare([1, 0, 0], model, "bits").kl_pq
    assert got == pytest.approx(exact, rel=2e-16)
    # What the popular "add 1e-12 inside the log" recipe prints instead:
    p, q = np.array([1.0, 0, 0]), np.array(model)
    eps = 1e-12
    assert float(np.sum(p * np.log2((p + eps) / (q + eps)))) == pytest.approx(epsilon_version, rel=1e-15)
    assert abs(got - epsilon_version) > 1e-13


def test_one_hot_reverse_direction_is_infinite_and_names_the_outcomes():
    c = compare([1, 0, 0], [0.8, 0.1, 0.1], "bits", labels=["cat", "dog", "bird"])
    assert c.kl_qp == math.inf
    assert c.infinite_qp == (1, 2)
    assert c.infinite_pq == ()
    assert [c.label(i) for i in c.infinite_qp] == ["dog", "bird"]
    assert c.jeffreys == math.inf and c.cross_entropy_qp == math.inf
    assert math.isfinite(c.js_divergence)


def test_identical_distributions_give_exact_zeros():
    c = compare([1, 2, 3, 4], [1, 2, 3, 4])
    for name in ("kl_pq", "kl_qp", "jeffreys", "js_divergence", "total_variation",
                 "hellinger", "bhattacharyya"):
        assert getattr(c, name) == 0.0, name
    assert c.cross_entropy_pq == c.entropy_p


def test_counts_and_percentages_are_normalized():
    a = compare([80, 20], [60, 40])
    b = compare([0.8, 0.2], [0.6, 0.4])
    assert a.kl_pq == pytest.approx(b.kl_pq, rel=1e-15)
    np.testing.assert_allclose(a.p, [0.8, 0.2], rtol=1e-16)


def test_support_mismatch_is_infinite_never_nan():
    c = compare([0.5, 0.5, 0], [0, 0.5, 0.5], labels=["heads", "tails", "edge"])
    assert c.kl_pq == math.inf and c.kl_qp == math.inf
    assert c.infinite_pq == (0,) and c.infinite_qp == (2,)
    assert np.isinf(c.contributions_pq[0]) and c.contributions_pq[2] == 0.0
    for name, value in c.figures().items():
        assert not math.isnan(value), name
    assert c.js_divergence == pytest.approx(0.5 * math.log(2), rel=1e-15)  # two halves disjoint


def test_disjoint_supports_reach_the_bounds():
    c = compare([1, 0], [0, 1])
    assert c.js_divergence == pytest.approx(math.log(2), rel=1e-15)
    assert c.total_variation == 1.0 and c.hellinger == 1.0
    assert c.bhattacharyya == math.inf


def test_units_scale_every_information_figure():
    nats = compare([0.5, 0.3, 0.2], [0.2, 0.5, 0.3])
    for base, per in (("bits", math.log(2)), ("hartleys", math.log(10))):
        c = compare([0.5, 0.3, 0.2], [0.2, 0.5, 0.3], base)
        for name in ("kl_pq", "kl_qp", "entropy_p", "cross_entropy_qp", "jeffreys",
                     "js_divergence", "bhattacharyya"):
            assert getattr(c, name) == pytest.approx(getattr(nats, name) / per, rel=1e-15), name
        assert c.total_variation == nats.total_variation  # unitless
        np.testing.assert_allclose(c.contributions_pq, nats.contributions_pq / per, rtol=1e-15)


def test_comparison_is_immutable():
    c = compare([1, 1], [1, 3])
    with pytest.raises(ValueError):
        c.p[0] = 0.9
    with pytest.raises(AttributeError):
        c.kl_pq = 0.0  # type: ignore[misc]


def test_units_of_figures():
    c = compare([0.8, 0.2], [0.6, 0.4], "bits")
    assert c.unit_of("kl_pq") == "bits" and c.unit_of("bhattacharyya") == "bits"
    assert c.unit_of("total_variation") == c.unit_of("hellinger") == ""
    assert c.unit_of("js_distance") == "√bits"  # √JS, JS in bits: it changes with the unit
