"""Exact numbers and doubles: the one conversion the core uses wherever an exact value
(a Fraction, an integer times a power of two) becomes the double people see
(:func:`nearest_double`), and the one reading of a double as the decimal a person
typed (:func:`shortest_decimal`).

``float(Fraction)`` and Python's ``int / int`` round correctly (to nearest, ties to
even, subnormals included) but raise OverflowError beyond the double range, and give
−0.0 for a negative value too small for a double. Weights of 1e400 are exact in this
application (:mod:`klgui.core.numerics.entries`), so their sums and ratios must become
``inf`` instead, and the app never shows −0.0.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Rational

__all__ = ["nearest_double", "shortest_decimal", "shortest_fraction"]


def nearest_double(value: Rational | int, denominator: int = 1, *, exponent: int = 0
                   ) -> float:
    """The double nearest to ``value · 2^exponent / denominator``.

    Parameters
    ----------
    value : Fraction or int
        Any exact rational, however large its numerator and denominator.
    denominator : int, optional
        A positive integer dividing ``value`` (``Σ c·v / n``: a sum over a count).
    exponent : int, optional
        A power of two multiplying ``value`` (an exact sum held as an integer over
        ``2^-exponent``).

    Returns
    -------
    float
        Correctly rounded (to nearest, ties to even; gradual underflow to the
        subnormals); ``±inf`` where the rounded value is beyond the largest double (at
        or above 2^1024 − 2^970), where ``float()`` raises OverflowError; ``0.0``, never
        ``−0.0``, for zero and for a value that rounds to zero.
    """
    numerator = value.numerator
    denominator = value.denominator * denominator
    if exponent >= 0:
        numerator <<= exponent
    else:
        denominator <<= -exponent
    try:
        return numerator / denominator + 0.0  # int / int rounds once, correctly
    except OverflowError:
        return math.inf if numerator > 0 else -math.inf


def shortest_decimal(x: float) -> tuple[int, int]:
    """The shortest decimal that rounds to the double ``x`` (Python's ``repr``), as
    ``(m, e)`` with that decimal = m·10^e exactly.

    A probability typed as 0.3 reaches the core as the double nearest to 3/10; its
    shortest decimal is 0.3 again, ``(3, -1)``: the value typed, for entries of up to
    15 significant digits. ``x`` must be finite (ValueError for inf or NaN).
    """
    mantissa, _, exponent = repr(float(x)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    return int(whole + fraction), (int(exponent) if exponent else 0) - len(fraction)


def shortest_fraction(x: float) -> Fraction:
    """:func:`shortest_decimal` of ``x`` as a Fraction (0.3 is 3/10)."""
    m, e = shortest_decimal(x)
    return Fraction(m * 10 ** e) if e >= 0 else Fraction(m, 10 ** -e)
