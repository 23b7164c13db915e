"""Numbers as the app shows them: figures at a chosen precision, and probabilities
written back into the tables as exact, readable text."""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["format_figure", "full_precision", "probability_text"]

#: Longest terminating decimal written out as such by :func:`probability_text`.
_MAX_DECIMALS = 12
#: Largest denominator written as a fraction (1/6, 5/12) by :func:`probability_text`.
_MAX_DENOMINATOR = 1000


def format_figure(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant digits; infinity as ∞, never "-0"."""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0.0:
        return "0"
    return f"{value:.{digits}g}".replace("-", "−")


def full_precision(value: float) -> str:
    """The shortest text that reads back as exactly ``value`` (``inf`` for infinity),
    in the form a spreadsheet and Python both parse."""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(float(value) + 0.0)  # never "-0.0"


def probability_text(value: Fraction) -> str:
    """Write an exact probability the way a person would type it.

    A terminating decimal of at most 12 places is written out (``0.25``); otherwise a
    fraction with a small denominator (``1/6``); otherwise the float that reads back
    closest (``0.123456789...``).
    """
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    places = max(twos, fives)
    if den == 1 and places <= _MAX_DECIMALS:
        scaled = value.numerator * 10**places // value.denominator
        whole, frac = divmod(scaled, 10**places)
        return f"{whole}.{frac:0{places}d}".rstrip("0")
    if value.denominator <= _MAX_DENOMINATOR:
        return f"{value.numerator}/{value.denominator}"
    return repr(float(value))
