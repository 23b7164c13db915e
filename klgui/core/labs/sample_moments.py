"""The sample mean and standard error of n draws, from how often each outcome was drawn.

A sample mean of n draws is one number whatever order the draws were added in: it is
computed here from the counts of the outcomes drawn (the same for one draw of 1,001 as
for 1 + 100 + 900), so the window's table, its export and the command line's E.csv
give the same figures for the same seed and number of draws.

The mean Σ cᵢ·vᵢ / n is correctly rounded: the sum is exact, a Python integer over a
power of two (:func:`~klgui.core.numerics.binade_sum.binade_sum`), and ``int / int``
rounds the quotient once (Python's true division of integers is correctly rounded).
The standard error s/√n (s² = Σ cᵢ(vᵢ − x̄)² / (n − 1)) is summed pairwise (numpy)
from deviations about that mean, a few ulps from exact; being a function of the counts
it too is the same however the draws were split.
"""

from __future__ import annotations

import math

import numpy as np

from klgui.core.numerics.binade_sum import BinadeParts, binade_sum
from klgui.core.numerics.doubles import nearest_double

__all__ = ["exact_mean", "sample_moments"]

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


def _mean_of(v: np.ndarray, c: np.ndarray, n: int, parts: BinadeParts | None = None,
             counts: np.ndarray | None = None) -> float:
    """The correctly rounded Σ c·v / n for drawn values ``v`` (counts ``c`` > 0); with
    ``parts`` (of every outcome's value) and every outcome's ``counts``, from those."""
    if n == 0:
        return 0.0
    if np.isinf(v).any():
        return math.inf
    total, shift = binade_sum(v, c) if parts is None else parts.weighted_sum(counts)
    return nearest_double(total, n, exponent=shift)


def sample_moments(values: np.ndarray, counts: np.ndarray,
                   parts: list[BinadeParts] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each row's sample mean and standard error s/√n from draw counts.

    Parameters
    ----------
    values : ndarray of float, shape (k, m)
        The value of each of k estimators at each of m outcomes.
    counts : ndarray of int, shape (m,)
        Draws of each outcome (n = Σ counts).
    parts : list of BinadeParts, optional
        ``BinadeParts(values[row])`` for each row, made once for values that do not
        change (a sampler's), so that each call only weights them.

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
        mean[row] = _mean_of(v, c, n, None if parts is None else parts[row], counts)
        if n < 2 or math.isinf(mean[row]):
            continue
        d = v - mean[row]
        wd = weights * d
        s1, s2 = float(np.sum(wd)), float(np.sum(wd * d))  # (np.dot: BLAS threads)
        var = max(s2 - s1 * s1 / n, 0.0) / (n - 1)
        se[row] = math.sqrt(var / n)
    return mean, se
