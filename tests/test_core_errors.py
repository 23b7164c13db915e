"""Bad input gets a DistributionError naming the distribution, the outcome and the fix."""

import math

import numpy as np
import pytest

from klgui.core import DistributionError, Smoothing, compare


@pytest.mark.parametrize("p, q, where, words", [
    ([], [], "P", "empty"),
    ([0.5, 0.5], [1.0], None, "P has 2 outcomes but Q has 1"),
    ([0.5, 0.5], [0.2, math.nan], "Q", "outcome 2: weight is not a number"),
    ([0.5, math.inf], [0.5, 0.5], "P", "outcome 2: weight is infinite"),
    ([0.5, 0.5], [0, 0], "Q", "every weight is zero"),
    ([0.5, 0.5, 0.2], [0.2, 0.6, -0.2], "Q", "outcome 3: weight -0.2 is negative; weights must be ≥ 0"),
])
def test_messages_name_the_place_and_the_problem(p, q, where, words):
    with pytest.raises(DistributionError) as info:
        compare(p, q)
    assert words in str(info.value)
    assert info.value.distribution == where


def test_labels_appear_in_the_message():
    with pytest.raises(DistributionError, match=r"^Q, outcome 3 \('rain'\): weight -0.2 is negative; weights must be ≥ 0$"):
        compare([1, 1, 1], [0.5, 0.7, -0.2], labels=["sun", "cloud", "rain"])


def test_it_is_a_value_error():
    assert issubclass(DistributionError, ValueError)


def test_normalization_off_needs_sums_of_one():
    c = compare([0.25, 0.75], [1 / 3, 2 / 3], normalize=False)
    assert c.normalized is False
    assert compare([1 / 3] * 3, [1 / 3] * 3, normalize=False).kl_pq == 0.0  # 1/3 rounding is fine
    with pytest.raises(DistributionError, match=r"P sums to 0.9, not 1; .*normalization on"):
        compare([0.5, 0.4], [0.5, 0.5], normalize=False)


def test_unknown_unit_and_wrong_label_count():
    with pytest.raises(ValueError, match="unknown unit"):
        compare([1], [1], base="decibans")
    with pytest.raises(DistributionError, match="2 labels were given for 3 outcomes"):
        compare([1, 1, 1], [1, 1, 1], labels=["a", "b"])


def test_text_is_refused_with_a_message():
    with pytest.raises(DistributionError, match="P contains something that is not a number"):
        compare(["x", 1], [1, 1])
    with pytest.raises(DistributionError, match="flat list"):
        compare(np.ones((2, 2)), np.ones((2, 2)))


def test_smoothing_is_off_by_default_and_recorded_when_on():
    plain = compare([1, 0], [0, 1])
    assert plain.smoothing is None and plain.kl_pq == math.inf
    s = Smoothing("additive", 1.0)
    c = compare([1, 0], [0, 1], smoothing=s)
    assert c.smoothing == s
    np.testing.assert_allclose(c.p, [2 / 3, 1 / 3], rtol=1e-15)
    assert c.kl_pq == pytest.approx((2 / 3) * math.log(2) + (1 / 3) * math.log(0.5), rel=1e-15)


def test_the_weight_sums_are_those_given_correctly_rounded():
    c = compare([0.1] * 10, [3, 1, 0, 0, 0, 0, 0, 0, 0, 0],
                smoothing=Smoothing("additive", 1.0))
    assert sum([0.1] * 10) != 1.0 and c.weight_sums == (1.0, 4.0)  # before smoothing
    assert compare([1e300, 1e300], [1, 1]).weight_sums == (2e300, 2.0)  # summed scaled
    assert compare([1e308, 1e308], [1, 1]).weight_sums == (math.inf, 2.0)


def test_smoothing_only_q_and_floor():
    c = compare([3, 1, 0], [1, 1, 0], smoothing=Smoothing("additive", 1.0, apply_to="q"))
    np.testing.assert_allclose(c.p, [0.75, 0.25, 0.0])
    np.testing.assert_allclose(c.q, [0.4, 0.4, 0.2])
    f = compare([0.5, 0.5, 0.0], [1.0, 0.0, 0.0], smoothing=Smoothing("floor", 0.01))
    want_q = np.array([1.0, 0.01, 0.01]) / 1.02
    want_p = np.array([0.5, 0.5, 0.01]) / 1.01
    np.testing.assert_allclose(f.q, want_q, rtol=1e-15)
    np.testing.assert_allclose(f.p, want_p, rtol=1e-15)
    assert math.isfinite(f.kl_pq) and math.isfinite(f.kl_qp)
    assert "floor ε = 0.01" in f.smoothing.describe()


@pytest.mark.parametrize("args, words", [
    (("median", 1.0), "unknown smoothing method"),
    (("additive", 0.0), "finite number above 0"),
    (("additive", math.nan), "finite number above 0"),
    (("additive", 1.0, "p"), "'both' or 'q'"),
])
def test_bad_smoothing_settings(args, words):
    with pytest.raises(ValueError, match=words):
        Smoothing(*args)


def test_floor_too_large_for_the_outcomes():
    with pytest.raises(ValueError, match="use a floor below 0.5"):
        compare([1, 0], [0, 1], smoothing=Smoothing("floor", 0.6))
