"""Numbers as the app shows them: figures at a chosen precision, and probabilities
written back into the tables as exact, readable text."""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["format_figure", "full_precision", "probability_text"]

_SMALLEST_NORMAL = 2.2250738585072014e-308
_SMALLEST_SUBNORMAL = 5e-324  # the spacing of every subnormal double
#: Longest terminating decimal written out as such by :func:`probability_text`.
_MAX_DECIMALS = 12
#: Largest denominator written as a fraction (1/6, 5/12) by :func:`probability_text`.
_MAX_DENOMINATOR = 1000


def format_figure(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant digits; infinity as ∞, never "-0".

    A value halfway between two roundings, as it is written (its shortest text, as
    ``repr`` gives it: ``0.0009765625``, ``0.15``), is rounded away from zero, as people
    and spreadsheets round: ``0.000976563`` and ``0.2``. (``%g`` rounds the double's
    exact binary value, ties to even: 2⁻¹⁰ gave ``0.000976562`` beside a p a hair
    above it shown ``0.000976563``, and 0.15, a hair below, gave ``0.1``.)
    """
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0.0:
        return "0"
    if abs(value) < _SMALLEST_NORMAL:
        # a subnormal double holds fewer digits: only those it holds are shown (a p of
        # 1e-320 beside 5 is 1.66648e-320 as a double, 1.66667e-320 in truth)
        digits = min(digits, max(1, int(math.log10(abs(value) / _SMALLEST_SUBNORMAL))))
    if _written_tie(value, digits):
        # the nearest double to a tie is within half an ulp of it: one ulp away from
        # zero is past it, and nowhere near the next rounding
        value = math.nextafter(value, math.copysign(math.inf, value))
    return f"{value:.{digits}g}".replace("-", "−")


def _written_tie(value: float, digits: int) -> bool:
    """``value``'s shortest text has ``digits`` + 1 significant digits, the last a 5."""
    mantissa = repr(abs(value)).partition("e")[0]
    significant = mantissa.replace(".", "").lstrip("0").rstrip("0")
    return len(significant) == digits + 1 and significant[-1] == "5"


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
