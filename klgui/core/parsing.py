"""Turn what a person types into a table cell into a weight, or a clear refusal."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from .errors import WeightParseError

__all__ = ["parse_weight", "parse_exact"]

_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_PLAIN = re.compile(rf"^({_NUMBER})$")
_PERCENT = re.compile(rf"^({_NUMBER})\s*%$")
_FRACTION = re.compile(rf"^({_NUMBER})\s*/\s*({_NUMBER})$")
_DECIMAL_COMMA = re.compile(r"^\d*,\d+$")

_HINT = "Type a number ≥ 0 such as 0.8, .8, 4/5, 80% or 2e-3."


def parse_weight(text: str) -> float:
    """Parse the text of a P or Q cell into a finite, non-negative weight.

    Accepts decimals (``0.8``, ``.8``), scientific notation (``2e-3``), fractions
    (``4/5``) and percentages (``80%`` is 0.8), with surrounding spaces.

    Parameters
    ----------
    text : str
        What the person typed.

    Returns
    -------
    float
        The weight.

    Raises
    ------
    WeightParseError
        With a one-line message that says what is wrong and what to type instead.
    """
    s = text.strip()
    if not s:
        raise WeightParseError(f"The cell is empty. {_HINT}")
    if s.startswith(("-", "−", "–")):
        raise WeightParseError(f"{s!r} is negative; weights must be ≥ 0.")
    if s.lower().lstrip("+") in {"nan", "inf", "infinity", "∞"}:
        raise WeightParseError(f"{s!r} is not a finite number. {_HINT}")
    if s.startswith("+"):
        s = s[1:].lstrip()
    if _DECIMAL_COMMA.match(s):
        whole, decimals = s.split(",")
        if len(decimals) == 3 and whole:  # 1,000: a thousand, or one point zero?
            raise WeightParseError(
                f"{s!r} is ambiguous: write {whole}{decimals} for the whole number, "
                f"or {whole}.{decimals} with a dot for decimals.")
        raise WeightParseError(f"{s!r}: write decimals with a dot, e.g. {s.replace(',', '.')}.")

    if m := _PLAIN.match(s):
        value = float(m.group(1))
    elif m := _PERCENT.match(s):
        value = float(m.group(1)) / 100.0
    elif m := _FRACTION.match(s):
        num, den = Fraction(m.group(1)), Fraction(m.group(2))
        if den == 0:
            raise WeightParseError(f"{s!r} divides by zero. {_HINT}")
        value = _fraction_to_float(num / den, s)
    else:
        raise WeightParseError(f"{text.strip()!r} is not a number. {_HINT}")

    if not math.isfinite(value):
        raise WeightParseError(f"{s!r} is too large to use as a weight.")
    return value


def _fraction_to_float(value: Fraction, shown: str) -> float:
    try:
        return float(value)  # correctly rounded, unlike float(num) / float(den)
    except OverflowError:
        raise WeightParseError(f"{shown!r} is too large to use as a weight.") from None


def parse_exact(text: str) -> Fraction:
    """The exact rational value of what :func:`parse_weight` accepts.

    ``0.1`` is 1/10 here, not the float nearest to it, so rewriting entries as
    probabilities ("Normalize entries") can keep them exact. Refuses what
    :func:`parse_weight` refuses, with the same messages.
    """
    parse_weight(text)
    s = text.strip().lstrip("+").lstrip()
    if m := _PERCENT.match(s):
        return Fraction(m.group(1)) / 100
    if m := _FRACTION.match(s):
        return Fraction(m.group(1)) / Fraction(m.group(2))
    return Fraction(s)
