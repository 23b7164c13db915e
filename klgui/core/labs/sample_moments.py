"""The sample mean and standard error of n draws, from how often each outcome was drawn.

A sample mean of n draws is one number whatever order the draws were added in: it is
computed here from the counts of the outcomes drawn (the same for one draw of 1,001 as
for 1 + 100 + 900), so the window's table, its export and the command line's E.csv
give the same figures for the same seed and number of draws.

The mean Σ cᵢ·vᵢ / n is correctly rounded: each value vᵢ = Mᵢ·2^Eᵢ (an integer Mᵢ of at
most 53 bits) is split as Mᵢ = Hᵢ·2²⁶ + Lᵢ; the sums Σ cᵢHᵢ and Σ cᵢLᵢ of the outcomes
sharing an exponent stay below 2⁴⁷ (Σ cᵢ = n ≤ 2²⁰, Hᵢ, Lᵢ < 2²⁷) and are exact in
doubles; they are joined into one Python integer over 2^min(E), and ``int / int``
rounds the quotient once (Python's true division of integers is correctly rounded).
The standard error s/√n (s² = Σ cᵢ(vᵢ − x̄)² / (n − 1)) is summed pairwise (numpy)
from deviations about that mean, a few ulps from exact; being a function of the counts
it too is the same however the draws were split.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["exact_mean", "sample_moments"]

_HALF = 26  # bits in the low part of a mantissa


def exact_mean(values: np.ndarray, counts: np.ndarray) -> float:
    """Σ cᵢ·vᵢ / Σ cᵢ, correctly rounded.

    Parameters
    ----------
    values : ndarray of float, shape (m,)
        Finite values (an infinite one drawn makes the mean ``inf``).
    counts : ndarray of int, shape (m,)
        How often each value was drawn, ≥ 0, in all at most 2²⁰ (MAX_DRAWS ≤ 1,048,576).

    Returns
    -------
    float
        The mean; 0.0 when nothing was drawn, ``inf`` when an infinite value was.
    """
    drawn = np.flatnonzero(np.asarray(counts) > 0)
    c = np.asarray(counts, dtype=np.int64)[drawn]
    return _mean_of(np.asarray(values, dtype=float)[drawn], c, int(c.sum()))


def _mean_of(v: np.ndarray, c: np.ndarray, n: int) -> float:
    """The correctly rounded Σ c·v / n for drawn values ``v`` (counts ``c`` > 0)."""
    if n == 0:
        return 0.0
    if np.isinf(v).any():
        return math.inf
    fraction, exponent = np.frexp(v)
    mantissa = np.ldexp(fraction, 53).astype(np.int64)  # exact: |v| = |M|·2^(E − 53)
    high = mantissa >> _HALF  # floor, for negative values too; 0 ≤ low < 2²⁶
    low = mantissa - (high << _HALF)
    lowest = int(exponent.min())
    where = exponent - lowest  # a bin per binade (at most about 2,100)
    high_sums = np.bincount(where, weights=(c * high).astype(float))  # |sums| < 2^47: exact
    low_sums = np.bincount(where, weights=(c * low).astype(float))
    total = 0
    for shift in np.flatnonzero((high_sums != 0) | (low_sums != 0)).tolist():
        total += ((int(high_sums[shift]) << _HALF) + int(low_sums[shift])) << shift
    lowest -= 53
    if lowest >= 0:
        return (total << lowest) / n + 0.0
    return total / (n << -lowest) + 0.0


def sample_moments(values: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's sample mean and standard error s/√n from draw counts.

    Parameters
    ----------
    values : ndarray of float, shape (k, m)
        The value of each of k estimators at each of m outcomes.
    counts : ndarray of int, shape (m,)
        Draws of each outcome (n = Σ counts).

    Returns
    -------
    mean, se : ndarray, shape (k,)
        The means (:func:`exact_mean`) and standard errors (pairwise sums of
        cᵢ·(vᵢ − x̄) and cᵢ·(vᵢ − x̄)², a few ulps from exact). Before any draw: means
        0 and errors ``inf``; after one draw the errors are ``inf`` (one sample says
        nothing about spread); a row that drew an infinite value has both ``inf``.
    """
    values = np.asarray(values, dtype=float)
    drawn = np.flatnonzero(np.asarray(counts) > 0)
    c = np.asarray(counts, dtype=np.int64)[drawn]
    n = int(c.sum())
    k = values.shape[0]
    mean, se = np.zeros(k), np.full(k, math.inf)
    weights = c.astype(float)
    for row in range(k):
        v = values[row, drawn]
        mean[row] = _mean_of(v, c, n)
        if n < 2 or math.isinf(mean[row]):
            continue
        d = v - mean[row]
        wd = weights * d
        s1, s2 = float(np.sum(wd)), float(np.sum(wd * d))  # (np.dot: BLAS threads)
        var = max(s2 - s1 * s1 / n, 0.0) / (n - 1)
        se[row] = math.sqrt(var / n)
    return mean, se
