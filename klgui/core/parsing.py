"""Turn what a person types into a table cell into a weight, or a clear refusal."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import NoReturn

import numpy as np

from .errors import WeightParseError

__all__ = ["parse_weight", "parse_weights", "parse_exact", "is_plain_number"]

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
        raise WeightParseError(f"The cell is empty. {_HINT}", problem="is empty")
    if s.startswith(("-", "−", "–")):
        _refuse(s, "is negative; weights must be ≥ 0")
    if s.lower().lstrip("+") in {"nan", "inf", "infinity", "∞"}:
        _refuse(s, "is not a finite number", _HINT)
    if s.startswith("+"):
        s = s[1:].lstrip()
    if _DECIMAL_COMMA.match(s):
        whole, decimals = s.split(",")
        if len(decimals) == 3 and whole:  # 1,000: a thousand, or one point zero?
            _refuse(s, f"is ambiguous: write {whole}{decimals} for the whole number, "
                       f"or {whole}.{decimals} with a dot for decimals")
        _refuse(s, f"has a decimal comma: write decimals with a dot, e.g. {s.replace(',', '.')}")

    if m := _PLAIN.match(s):
        value = float(m.group(1))
    elif m := _PERCENT.match(s):
        value = float(m.group(1)) / 100.0
    elif m := _FRACTION.match(s):
        num, den = Fraction(m.group(1)), Fraction(m.group(2))
        if den == 0:
            _refuse(s, "divides by zero", _HINT)
        value = _fraction_to_float(num / den, s)
    else:
        _refuse(text.strip(), "is not a number", _HINT)

    if not math.isfinite(value):
        _refuse(s, "is too large to use as a weight")
    return value


def parse_weights(texts: Sequence[str]) -> np.ndarray:
    """Parse many cell texts at once: what :func:`parse_weight` gives for each.

    Plain decimal numbers, the common case of a file with a million rows, are converted
    by numpy in one pass; anything else (fractions, percentages, mistakes) goes through
    :func:`parse_weight`, so the values and the refusals are the same.

    Raises
    ------
    WeightParseError
        For the first text that is not a weight, with its position in ``index``.
    """
    try:
        values = np.array(texts, dtype=np.float64)
    except (ValueError, TypeError):
        values = None
    # float() also takes "nan", "-0", "1_000"; those go the slow way, to be refused.
    if values is not None and values.ndim == 1 and len(values) == len(texts) and (
            np.isfinite(values).all() and not np.signbit(values).any()
            and "_" not in "".join(texts)):
        return values
    values = np.empty(len(texts))
    for i, t in enumerate(texts):
        try:
            values[i] = parse_weight(t)
        except WeightParseError as e:
            e.index = i
            raise
    return values


def is_plain_number(text: str) -> bool:
    """True for a plain decimal such as ``0.8``, ``.5`` or ``2e-3``: text that every
    spreadsheet and ``float()`` read as the same number."""
    return _PLAIN.match(text.strip()) is not None


def _refuse(text: str, problem: str, hint: str = "") -> NoReturn:
    message = f"{text!r} {problem}." + (f" {hint}" if hint else "")
    raise WeightParseError(message, text=text, problem=problem)


def _fraction_to_float(value: Fraction, shown: str) -> float:
    try:
        return float(value)  # correctly rounded, unlike float(num) / float(den)
    except OverflowError:
        _refuse(shown, "is too large to use as a weight")


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
