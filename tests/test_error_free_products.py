"""The one error-free product (exact.two_product) and the double-double ratio built on
it (exact.dd_ratio), which the kernel, the double-double KL family (refine) and the
Bayes lab's posterior share, checked exactly in Fractions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from klgui.core.numerics.exact import dd_ratio, two_product

EDGES = [1.0, 1.0 + 2.0 ** -52, 2.0 ** 53 - 1.0, 0.1, 1.0 / 3.0, 2.0 ** 995 * 1.5,
         2.0 ** -484 * 1.75, 1e-150, 3.0 ** 33]
#: The pairs whose product is in the range where it is error-free (2^-969 to 2^1023).
PAIRS = [(a, b) for a in EDGES for b in EDGES if 2.0 ** -969 < a * b < 2.0 ** 1023]


@pytest.mark.parametrize("a, b", PAIRS)
def test_the_product_and_its_error_add_up_to_the_exact_product(a, b):
    exact = Fraction(a) * Fraction(b)
    p, e = two_product(a, b)
    assert p == a * b  # the rounded product
    assert Fraction(p) + Fraction(e) == exact


def test_arrays_give_the_scalars_values_bit_for_bit():
    rng = np.random.default_rng(4)
    a = rng.random(200) * 10.0 ** rng.integers(-100, 100, 200)
    b = rng.random(200) * 10.0 ** rng.integers(-100, 100, 200)
    p, e = two_product(a, b)
    for i in range(a.size):
        assert (p[i], e[i]) == two_product(float(a[i]), float(b[i]))
        assert Fraction(p[i]) + Fraction(e[i]) == Fraction(a[i]) * Fraction(b[i])


def test_the_ratio_of_double_doubles_against_fractions():
    rng = np.random.default_rng(8)
    for _ in range(300):
        num = float(rng.random()) * 10.0 ** int(rng.integers(-30, 30))
        den = float(rng.random()) * 10.0 ** int(rng.integers(-30, 30))
        num_lo, den_lo = num * 2.0 ** -60 * float(rng.random()), den * 2.0 ** -58
        hi, lo = dd_ratio((num, num_lo), (den, den_lo))
        exact = (Fraction(num) + Fraction(num_lo)) / (Fraction(den) + Fraction(den_lo))
        assert hi == num / den
        assert abs(Fraction(hi) + Fraction(lo) - exact) <= exact * Fraction(1, 2 ** 100)
