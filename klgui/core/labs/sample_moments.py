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
The standard error s/√n (s² = Σ cᵢ(vᵢ − x̄)² / (n − 1)) is summed with ``math.fsum``
from deviations about that mean, a few ulps from exact.
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
    drawn = counts > 0
    v = np.asarray(values, dtype=float)[drawn]
    c = np.asarray(counts, dtype=np.int64)[drawn]
    n = int(c.sum())
    if n == 0:
        return 0.0
    if np.isinf(v).any():
        return math.inf
    fraction, exponent = np.frexp(v)
    mantissa = np.ldexp(fraction, 53).astype(np.int64)  # exact: |v| = |M|·2^(E − 53)
    high = mantissa >> _HALF  # floor, for negative values too; 0 ≤ low < 2²⁶
    low = mantissa - (high << _HALF)
    exponents, where = np.unique(exponent, return_inverse=True)
    high_sums = np.bincount(where, weights=(c * high).astype(float))  # |sums| < 2^47: exact
    low_sums = np.bincount(where, weights=(c * low).astype(float))
    lowest = int(exponents[0]) - 53
    total = 0
    for e, h, lo in zip(exponents.tolist(), high_sums.tolist(), low_sums.tolist()):
        total += ((int(h) << _HALF) + int(lo)) << (e - 53 - lowest)
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
        The means (:func:`exact_mean`) and standard errors. Before any draw: means 0
        and errors ``inf``; after one draw the errors are ``inf`` (one sample says
        nothing about spread); a row that drew an infinite value has both ``inf``.
    """
    values = np.asarray(values, dtype=float)
    counts = np.asarray(counts, dtype=np.int64)
    k = values.shape[0]
    n = int(counts.sum())
    mean, se = np.zeros(k), np.full(k, math.inf)
    drawn = counts > 0
    c = counts[drawn].astype(float)
    for row in range(k):
        mean[row] = exact_mean(values[row], counts)
        if n < 2 or math.isinf(mean[row]):
            continue
        d = values[row, drawn] - mean[row]
        s1 = math.fsum((c * d).tolist())
        s2 = math.fsum((c * d * d).tolist())
        var = max(s2 - s1 * s1 / n, 0.0) / (n - 1)
        se[row] = math.sqrt(var / n)
    return mean, se
