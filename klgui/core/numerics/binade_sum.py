"""Exact sums of doubles as Python integers, binned by binade in numpy passes.

Each double v = M·2^E (M an integer of at most 53 bits) is split as M = H·2²⁶ + L
(0 ≤ L < 2²⁶, |H| ≤ 2²⁷). The counts-weighted parts c·H and c·L of the values sharing
an exponent are added by ``numpy.bincount`` in doubles, which is exact while every
partial sum stays below 2⁵³: that holds when Σ c ≤ 2²⁵ (weights up to 2²⁵ in all,
for instance 2²⁵ values with count 1, or a million draws). The per-binade sums then
join into one Python integer over 2^(min E). Cost: a few numpy passes and a Python loop
over the binades present (at most about 2,100).
"""

from __future__ import annotations

import numpy as np

from klgui.core.numerics.doubles import nearest_double

__all__ = ["MAX_WEIGHT", "BinadeParts", "binade_sum", "exact_sum", "as_double_double"]

#: The largest Σ c for which the binned sums are exact.
MAX_WEIGHT = 2 ** 25
_HALF = 26


class BinadeParts:
    """Doubles split once into the parts :func:`binade_sum` adds, for weighting by many
    count vectors (a sampler's values are fixed; its counts change with every draw).
    Values that are not finite count as 0 here (the caller deals with them).

    Parameters
    ----------
    values : ndarray of float, shape (m,)
    """

    def __init__(self, values: np.ndarray) -> None:
        v = np.asarray(values, dtype=np.float64)
        v = np.where(np.isfinite(v), v, 0.0)
        fraction, exponent = np.frexp(v)
        mantissa = np.ldexp(fraction, 53).astype(np.int64)  # exact: v = M·2^(E − 53)
        high = mantissa >> _HALF  # floor, for negative values too; 0 ≤ low < 2²⁶
        self.high = high.astype(np.float64)
        self.low = (mantissa - (high << _HALF)).astype(np.float64)
        self.lowest = int(exponent.min()) if v.size else 0
        self.where = exponent - self.lowest  # a bin per binade
        self.size = v.size

    def weighted_sum(self, counts: np.ndarray | None = None) -> tuple[int, int]:
        """Σ cᵢ·vᵢ exactly, as ``(total, shift)`` with the sum = total·2^shift.

        Raises
        ------
        ValueError
            The counts add up to more than ``MAX_WEIGHT``.
        """
        if self.size == 0:
            return 0, 0
        if counts is None:
            c = np.ones(self.size)
        else:
            c = np.asarray(counts).astype(np.float64)
        if float(c.sum()) > MAX_WEIGHT:
            raise ValueError("binade_sum: weights beyond 2**25")
        # c·H, c·L < 2^52 and their sums per binade < 2^53: all exact in doubles
        high_sums = np.bincount(self.where, weights=c * self.high)
        low_sums = np.bincount(self.where, weights=c * self.low)
        total = 0
        for shift in np.flatnonzero((high_sums != 0) | (low_sums != 0)).tolist():
            total += ((int(high_sums[shift]) << _HALF) + int(low_sums[shift])) << shift
        return total, self.lowest - 53


def binade_sum(values: np.ndarray, counts: np.ndarray | None = None) -> tuple[int, int]:
    """Σ cᵢ·vᵢ exactly, as ``(total, shift)`` with the sum = total·2^shift.

    Parameters
    ----------
    values : ndarray of float, shape (m,)
        Finite doubles.
    counts : ndarray of int, shape (m,), optional
        Non-negative whole weights (1 each when omitted), Σ counts ≤ ``MAX_WEIGHT``.

    Raises
    ------
    ValueError
        The counts add up to more than ``MAX_WEIGHT`` or a value is not finite.
    """
    v = np.asarray(values, dtype=np.float64)
    if not np.isfinite(v).all():
        raise ValueError("binade_sum: a value is not finite")
    return BinadeParts(v).weighted_sum(counts)


def exact_sum(values: np.ndarray) -> tuple[int, int]:
    """Σ vᵢ exactly for any number of finite doubles, as ``(total, shift)`` (see
    :func:`binade_sum`; blocks of ``MAX_WEIGHT`` values joined over the least shift)."""
    v = np.asarray(values, dtype=np.float64)
    parts = [binade_sum(v[i:i + MAX_WEIGHT]) for i in range(0, v.size, MAX_WEIGHT)]
    if not parts:
        return 0, 0
    low = min(shift for _, shift in parts)
    return sum(total << (shift - low) for total, shift in parts), low


def as_double_double(total: int, shift: int) -> tuple[float, float]:
    """total·2^shift as (hi, lo): hi correctly rounded, lo the rounded remainder (so
    hi + lo carries about 106 bits), each rounded by :func:`.doubles.nearest_double`
    (±inf beyond the double range; 0.0, never −0.0, for what rounds to zero)."""
    hi = nearest_double(total, exponent=shift)
    if hi in (float("inf"), float("-inf")) or hi == 0.0:
        return hi, 0.0
    num, den = hi.as_integer_ratio()  # hi exactly; den a power of two
    # hi = num/den; the remainder total·2^shift − hi as an integer over 2^min(shift, ·)
    e = min(shift, -(den.bit_length() - 1))
    rest = (total << (shift - e)) - (num << (-(den.bit_length() - 1) - e))
    return hi, nearest_double(rest, exponent=e)
