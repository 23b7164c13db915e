"""The one exact-to-double conversion (core.numerics.doubles.nearest_double) against
independent oracles: mpmath's correctly rounded division at 53 bits in the normal
range and at the overflow threshold, and integer rounding (ties to even) on the grid
of the subnormals; the callers that use it (typed fractions, exact sums, sample
means, binade sums) at those edges; and the one reading of a double as its shortest
decimal (shortest_decimal), by hand and by its definition."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from mpmath import libmp, mpf

from klgui.core.labs.sample_moments import exact_mean
from klgui.core.numerics.binade_sum import as_double_double
from klgui.core.numerics.doubles import nearest_double, shortest_decimal, shortest_fraction
from klgui.core.numerics.precise import sum_float
from klgui.core.parsing import parse_weight

TINY = Fraction(1, 2 ** 1074)  # the least subnormal
HUGE = Fraction(2 ** 1024 - 2 ** 970)  # halfway between the largest double and 2^1024


def _mpmath(x: Fraction) -> float:
    """x rounded to 53 bits by mpmath (exponent unbounded): the double where the
    result is normal, inf where it reaches 2^1024."""
    return float(mpf(libmp.from_rational(x.numerator, x.denominator, 53, libmp.round_nearest)))


def _on_the_subnormal_grid(x: Fraction) -> float:
    """x rounded to a multiple of 2^-1074, ties to even, for |x| below 2^-1022."""
    steps, rest = divmod(abs(x) / TINY, 1)
    whole = int(steps)
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2):
        whole += 1
    return math.copysign(math.ldexp(whole, -1074), x) + 0.0


def _oracle(x: Fraction) -> float:
    if x == 0:
        return 0.0
    return _on_the_subnormal_grid(x) if abs(x) < 2 * Fraction(2) ** -1023 else _mpmath(x)


EDGES = [
    Fraction(1, 3), Fraction(2, 3), Fraction(7, 10), Fraction(2 ** 53 + 1),  # a tie: to 2^53
    Fraction(2 ** 53 + 3),  # a tie: to 2^53 + 4
    Fraction(10) ** 308 * Fraction(17976931348623157, 10 ** 16),  # just below the largest
    Fraction(2 ** 1024 - 2 ** 971),  # the largest double itself
    HUGE - Fraction(1, 10 ** 30),  # just below halfway: the largest double
    HUGE,  # halfway, ties to even: 2^1024, so inf
    Fraction(10) ** 400, Fraction(10 ** 400 + 1, 3 * 10 ** 400),
    Fraction(2) ** -1022, Fraction(2) ** -1022 - TINY,  # the least normal, the largest subnormal
    TINY, TINY / 2,  # halfway between 0 and the least subnormal: ties to even, 0
    TINY / 2 + Fraction(1, 10 ** 400), 3 * TINY / 2,  # a tie between 1 and 2 ulps: 2
    5 * TINY / 2,  # a tie between 2 and 3 ulps: 2
    Fraction(1, 10 ** 400), Fraction(4, 10 ** 324), Fraction(5, 10 ** 324),
]


@pytest.mark.parametrize("x", EDGES + [-x for x in EDGES])
def test_nearest_double_against_the_oracles(x):
    got = nearest_double(x)
    assert got == _oracle(x)
    assert math.copysign(1.0, got) == (-1.0 if got < 0 else 1.0)  # never -0.0
    assert (got == math.inf) == (x >= HUGE) and (got == -math.inf) == (x <= -HUGE)


def test_zero_and_what_rounds_to_zero_are_plus_zero():
    for x in (Fraction(0), -TINY / 2, -Fraction(1, 10 ** 400), Fraction(-1, 2 ** 1100)):
        assert math.copysign(1.0, nearest_double(x)) == 1.0


def test_the_denominator_and_power_of_two_arguments_give_the_exact_quotient():
    rng = np.random.default_rng(6)
    for _ in range(300):
        total = int(rng.integers(-2 ** 62, 2 ** 62)) * 3 ** int(rng.integers(0, 80))
        n = int(rng.integers(1, 2 ** 20))
        shift = int(rng.integers(-1250, 900))
        exact = Fraction(total) * Fraction(2) ** shift / n
        assert nearest_double(total, n, exponent=shift) == _oracle(exact)
        assert nearest_double(Fraction(total, n), exponent=shift) == _oracle(exact)


def test_the_callers_overflow_to_infinity_and_keep_the_subnormals():
    assert parse_weight("1e400/3") == math.inf
    assert parse_weight("1/1e400") == 0.0
    assert parse_weight("3/2e323") == _oracle(Fraction(3, 2 * 10 ** 323)) > 0.0
    assert sum_float(Fraction(10) ** 400) == math.inf and sum_float(-HUGE) == -math.inf
    assert sum_float(HUGE - 1) == 2.0 ** 1023 * (2 - 2.0 ** -52)
    # a binade sum: an integer over a power of two, and its remainder
    assert as_double_double(1, 2000) == (math.inf, 0.0)
    assert as_double_double(3, -1076) == (5e-324, 0.0)  # 3/4 ulp: one ulp, rest below
    hi, lo = as_double_double(-1, -1100)
    assert (hi, lo) == (0.0, 0.0) and math.copysign(1.0, hi) == 1.0


def test_sample_means_at_the_edges_of_the_doubles():
    assert exact_mean(np.array([1.7e308, 1.7e308]), np.array([1, 3])) == 1.7e308
    top = np.nextafter(np.inf, 0.0)
    assert exact_mean(np.array([top, top]), np.array([5, 2])) == top
    assert exact_mean(np.array([5e-324, 0.0]), np.array([1, 1])) == 0.0  # a tie: to even
    assert exact_mean(np.array([5e-324, 0.0]), np.array([3, 1])) == 5e-324
    mean = exact_mean(np.array([-5e-324, 0.0]), np.array([1, 1]))
    assert mean == 0.0 and math.copysign(1.0, mean) == 1.0
    assert exact_mean(np.array([1e-323, -5e-324]), np.array([1, 3])) == _oracle(
        (2 * TINY - 3 * TINY) / 4)


@pytest.mark.parametrize("x, decimal", [
    (0.3, (3, -1)), (0.1 + 0.2, (30000000000000004, -17)), (1e-05, (1, -5)),
    (1e16, (1, 16)), (123.0, (1230, -1)), (5e-324, (5, -324)), (0.0, (0, -1)),
    (1.7976931348623157e308, (17976931348623157, 292)), (2.0 ** -1022, (22250738585072014, -324)),
    (-2.5, (-25, -1))])
def test_shortest_decimals_by_hand(x, decimal):
    assert shortest_decimal(x) == decimal
    m, e = decimal
    assert shortest_fraction(x) == Fraction(m) * Fraction(10) ** e


def test_the_shortest_decimal_rounds_back_and_no_shorter_one_does():
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.random(300), rng.random(100) * 10.0 ** rng.integers(-320, 300, 100),
                             np.round(rng.random(100), 3)])
    for x in values.tolist():
        m, e = shortest_decimal(x)
        value = shortest_fraction(x)
        assert value == Fraction(m) * Fraction(10) ** e
        assert nearest_double(value) == x
        digits = len(str(abs(m)).rstrip("0")) or 1
        assert all(float(f"{x:.{k}e}") != x for k in range(digits - 1))


def test_the_shortest_decimal_of_a_non_finite_value_is_refused():
    for x in (math.inf, -math.inf, math.nan):
        with pytest.raises(ValueError):
            shortest_decimal(x)
