"""Probabilities that are positive but below the smallest double.

Weights beyond the double range (1e400 beside 1) are handled exactly (see
:func:`klgui.core.numerics.entries.compare_typed`), so an outcome's probability may be
about 1e-400: positive, and its terms computed from it, but 0.0 as a double (the
nearest double, correctly rounded). The window shows such a value as "< 2e−308";
a file writes it in decimal with its exponent (:func:`decimal_text`), which a reader
using :class:`decimal.Decimal` gets to 17 significant digits and ``float()`` reads as
0.0. Standard library and numpy only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np

from klgui.core.numerics.entries import smoothed_fractions
from klgui.core.parsing import parse_exact
from klgui.core.smoothing import Smoothing

__all__ = ["positive_below_doubles", "decimal_text"]

#: The text of a zero weight, read without parsing it (most zeros of a table are "0").
_ZERO = re.compile(r"\s*[+-]?(?:0+\.?0*|\.0+)(?:[eE][+-]?\d+)?%?\s*")


def positive_below_doubles(texts: Sequence[str], probabilities: np.ndarray,
                           smoothing: Smoothing | None = None, name: str = "P"
                           ) -> dict[int, Fraction]:
    """The exact probabilities that the doubles ``probabilities`` round to 0.0 though
    they are positive, by 0-based outcome.

    Parameters
    ----------
    texts : sequence of str, length n
        A distribution's entries as typed (what :func:`~klgui.core.parsing.parse_exact`
        reads); a list is read as it is, any other sequence copied into one first.
    probabilities : ndarray, shape (n,)
        Its probabilities as a comparison holds them (``Comparison.p`` or ``.q``).
    smoothing : Smoothing, optional
        The comparison's smoothing, applied exactly as
        :func:`~klgui.core.numerics.entries.compare_typed` applies it.
    name : str
        ``"P"`` (the reference) or ``"Q"`` (a model): whom ``smoothing`` applies to.

    Returns
    -------
    dict of int to Fraction
        Entry / sum of the entries (after smoothing), each positive and below
        2.2250738585072014e-308; empty when no probability is such (the usual case,
        found without reading any text when no probability is 0.0).

    Raises
    ------
    ValueError
        When ``texts`` and ``probabilities`` differ in length.
    """
    if len(texts) != len(probabilities):
        raise ValueError(f"{name}: {len(texts)} entries for {len(probabilities)} "
                         "probabilities")
    zeros = np.flatnonzero(np.asarray(probabilities) == 0.0).tolist()
    if not zeros:
        return {}
    texts = texts if isinstance(texts, list) else list(texts)  # (one pass, not n lookups)
    smoothed = smoothing is not None and not (name == "P" and smoothing.apply_to == "q")
    if not smoothed and all(map(_ZERO.fullmatch, {texts[i] for i in zeros})):
        return {}  # (every 0.0 is an entry of 0, "0" a million times: nothing to read)
    exact = [parse_exact(t) for t in texts]
    if smoothed:
        exact = smoothed_fractions(exact, smoothing, name)
    total = sum(exact, Fraction(0))
    if total <= 0:
        return {}
    return {i: exact[i] / total for i in zeros if exact[i] > 0}


def decimal_text(x: Fraction, digits: int = 17) -> str:
    """``x`` in decimal with an exponent, to ``digits`` significant digits, trailing
    zeros dropped: ``Fraction(1, 2 * 10**400 + 1)`` is ``"5e-401"``; 17 digits single
    out any value as ``repr`` does a double's. ``float()`` of it is 0.0 below the
    doubles' range; ``Decimal`` reads it exactly."""
    with localcontext() as ctx:
        ctx.prec = digits
        ctx.Emin, ctx.Emax = -10**9, 10**9
        value = (Decimal(x.numerator) / Decimal(x.denominator)).normalize()
    return format(value, "e")
