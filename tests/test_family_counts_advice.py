"""The counting families' refusals and their advice agree (counts_range.py): Poisson's
least λ searched from the smallest positive double (it started at 1e-300, so
Poisson(5e-324, K = 1) was told "λ from 1.01e-300" though 3e-308 is taken), Binomial's
advised p checked by the family's own test, Geometric's default tail for a subnormal p."""

from __future__ import annotations

import math
import re

import mpmath
import pytest

from klgui.core.errors import DistributionError
from klgui.core.families import Binomial, Geometric, Poisson
from klgui.core.families.base import TINY
from klgui.core.families.counts import MAX_OUTCOMES, poisson_lambda_range


def _refusal(family) -> str:
    with pytest.raises(DistributionError) as err:
        family.probabilities()
    return str(err.value)


def test_poisson_k1_is_advised_the_least_lambda_it_takes_not_1e_300():
    """K = 1: P(X ≥ 1) = 1 − e^−λ ≈ λ, so the least λ is TINY itself (2.2251e-308)."""
    said = _refusal(Poisson(5e-324, 1))
    assert "With K = 1, λ from 2.23e-308 to 708 works" in said
    mpmath.mp.dps = 50
    assert -mpmath.expm1(-mpmath.mpf("2.23e-308")) >= TINY  # P(X ≥ 1), mpmath
    assert -mpmath.expm1(-mpmath.mpf("2.22e-308")) < TINY
    assert Poisson(2.23e-308, 1).probabilities().min() >= TINY
    assert Poisson(3e-308, 1).probabilities().min() >= TINY  # the reviewer's value
    with pytest.raises(DistributionError):
        Poisson(2.22e-308, 1).probabilities()


def test_poisson_k5_least_lambda_is_where_the_tail_reaches_tiny():
    """K = 5: P(X ≥ 5) ≈ λ⁵/5!, so the least λ is about (120·TINY)^(1/5) = 7.67e-62."""
    said = _refusal(Poisson(1e-310, 5))
    low = float(re.search(r"λ from ([0-9.e+-]+) to", said).group(1))
    assert low == 7.68e-62
    mpmath.mp.dps = 50

    def tail(lam: str) -> mpmath.mpf:  # P(X ≥ 5) = 1 − Σ_{j<5} e^−λ λ^j / j!
        x = mpmath.mpf(lam)
        return mpmath.fsum(mpmath.exp(-x) * x ** j / mpmath.factorial(j)
                           for j in range(5, 40))
    assert tail("7.68e-62") >= TINY > tail("7.66e-62")
    assert Poisson(low, 5).probabilities().min() >= TINY


@pytest.mark.parametrize(("k", "low", "below"), [(1, 2.226e-308, 2.225e-308),
                                                  (2, 2.11e-154, 2.109e-154),
                                                  (3, 5.111e-103, 5.11e-103)])
def test_the_lambda_range_reaches_down_to_the_least_lambda_taken(k, low, below):
    """The slider's range (poisson_lambda_range, 4 digits) at small K: it stopped at
    1e-300, which K = 1 takes, so its lower end was 1e-300 instead of 2.226e-308."""
    got_low, got_high = poisson_lambda_range(k, 0.5)
    assert (got_low, got_high) == (low, 708.3)
    assert Poisson(got_low, k).probabilities().min() >= TINY
    with pytest.raises(DistributionError):
        Poisson(below, k).probabilities()


@pytest.mark.parametrize("n", [2, 40, 131, 320, 700, 1022])
def test_binomial_advice_is_what_the_refusal_takes(n):
    """p from ``low`` to 1 − ``low``: Binomial(n, low) and Binomial(n, 1 − low) are taken
    (the family's own test, exact or Loader's by n), the 3-digit value below ``low`` is
    refused, and low^n ≥ TINY > (low − unit)^n in mpmath."""
    said = _refusal(Binomial(n, 1e-320))
    low_text = re.search(r"p from ([0-9.e+-]+) to 1 − ", said).group(1)
    low = float(low_text)
    assert Binomial(n, low).probabilities().min() >= TINY
    Binomial(n, 1.0 - low).probabilities()  # taken (1.0 itself, a point mass, for n = 2)
    mantissa, _, exponent = low_text.partition("e")
    unit = 10.0 ** (-(len(mantissa) - 2)) if "." in mantissa else 1.0
    below = float(f"{float(mantissa) - unit:.{max(len(mantissa) - 2, 0)}f}"
                  + (f"e{exponent}" if exponent else ""))
    with pytest.raises(DistributionError):
        Binomial(n, below).probabilities()
    mpmath.mp.dps = 40
    assert mpmath.mpf(low_text) ** n >= TINY > mpmath.mpf(below) ** n


def test_geometric_with_a_subnormal_p_and_no_tail_is_refused_not_crashed():
    """Its default K, log(0.001)/log(1 − p), is ∞ for p = 1e-320 (math.ceil raised
    OverflowError); capped at the largest K, and the refusal says p itself is too small."""
    g = Geometric(1e-320)
    assert g.tail == MAX_OUTCOMES - 1
    said = _refusal(g)
    assert "P(X = 0) = p is below the smallest normal double" in said
    low = float(re.search(r"p from ([0-9.e+-]+) to", said).group(1))
    assert low == 2.23e-308 and math.log(low) > math.log(TINY)
    assert Geometric(low, g.tail)._accepts(None)
