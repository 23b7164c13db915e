"""Probabilities of the counting families on 0, 1, 2, …, as plain functions: Binomial
(exact integers while cheap, else Loader's logarithms) and Poisson (Loader's logarithms,
the tail "≥ K" summed upward from K when small).

Loader (2000), "Fast and accurate computation of binomial probabilities" (the method of
R's dbinom and dpois): ``exp(-stirlerr - bd0)`` terms, so probabilities near the mode
have a relative error of a few ulps even for n in the millions. The families themselves
are in :mod:`klgui.core.families.counts`, which re-exports these names.
"""

from __future__ import annotations

import math

import numpy as np

from klgui.core.families.special import bd0_array, stirlerr
from klgui.core.numerics.doubles import shortest_fraction

__all__ = ["binomial_pmf_exact", "binomial_log_pmf", "poisson_log_pmf", "poisson_log_tail",
           "poisson_tail_grid", "geometric_log_pmf", "MAX_OUTCOMES", "MAX_LAMBDA",
           "EXACT_BINOMIAL_WORK"]

_LOG_2PI = math.log(2.0 * math.pi)
MAX_OUTCOMES = 10_000_001
#: The largest λ of a Poisson family.
MAX_LAMBDA = 1e6


#: The work (n² times the bits of p's denominator) up to which Binomial's probabilities
#: are computed exactly: about 2-7 ms at the limit.
EXACT_BINOMIAL_WORK = 1_000_000


def binomial_pmf_exact(n: int, p: float) -> np.ndarray | None:
    """C(n, k)·p^k·(1 − p)^(n − k) for k = 0…n, each correctly rounded, with p read as
    the shortest decimal that rounds to it (``repr``: 0.3 is 3/10, as typed), so
    Binomial(2, 0.3) gives 0.49, 0.42, 0.09. Integers throughout: with p = a/d,
    P(X = k) = C(n, k)·a^k·(d − a)^(n − k) / dⁿ, rounded once (``int / int``).

    Returns None when the work n²·log₂ d exceeds ``EXACT_BINOMIAL_WORK``.
    """
    ratio = shortest_fraction(p)
    a, d = ratio.numerator, ratio.denominator
    if n * n * max(d.bit_length(), 1) > EXACT_BINOMIAL_WORK:
        return None
    b, whole = d - a, d ** n
    failures = [1] * (n + 1)  # (d − a)^(n − k)
    for k in range(n - 1, -1, -1):
        failures[k] = failures[k + 1] * b
    out = np.empty(n + 1)
    choose, successes = 1, 1
    for k in range(n + 1):
        out[k] = choose * successes * failures[k] / whole
        choose = choose * (n - k) // (k + 1)
        successes *= a
    return out


def binomial_log_pmf(k: np.ndarray, n: int, p: float) -> np.ndarray:
    """log P(X = k) for X ~ Binomial(n, p), integers ``0 ≤ k ≤ n`` (Loader's dbinom_raw)."""
    k = np.asarray(k, dtype=np.float64)
    out = np.empty(k.shape)
    if p == 0.0 or p == 1.0:
        hit = n if p == 1.0 else 0
        return np.where(k == hit, 0.0, -np.inf)
    q = 1.0 - p
    edge0, edgen = k == 0, k == n
    out[edge0] = n * math.log1p(-p)
    out[edgen] = n * math.log(p)
    mid = ~(edge0 | edgen)
    km = k[mid]
    out[mid] = (stirlerr(np.array([n]))[0] - stirlerr(km) - stirlerr(n - km)
                - bd0_array(km, n * p) - bd0_array(n - km, n * q)
                + 0.5 * (math.log(n) - _LOG_2PI - np.log(km) - np.log(n - km)))
    return out


def poisson_log_pmf(k: np.ndarray, lam: float) -> np.ndarray:
    """log P(X = k) for X ~ Poisson(λ), integers ``k ≥ 0`` (Loader's dpois_raw), λ > 0."""
    k = np.asarray(k, dtype=np.float64)
    out = np.full(k.shape, -lam)
    pos = k > 0
    kp = k[pos]
    out[pos] = -stirlerr(kp) - bd0_array(kp, lam) - 0.5 * (_LOG_2PI + np.log(kp))
    return out


def poisson_log_tail(k0: int, lam: float) -> float:
    """log P(X ≥ K) for X ~ Poisson(λ).

    Below the mean the tail is ``1 - P(X < K)`` (the head then holds less than about
    half the mass, so nothing cancels); above it, the terms from K upward are summed
    until they no longer change the total.
    """
    if k0 <= 0:
        return 0.0
    if k0 <= lam:
        head = float(np.sum(np.exp(poisson_log_pmf(np.arange(k0), lam))))
        return math.log1p(-head) if head < 1.0 else -math.inf
    width = int(40 * math.sqrt(lam) + 60)
    logs = poisson_log_pmf(np.arange(k0, k0 + width), lam)
    top = logs[0]
    if top == -math.inf:
        return -math.inf
    return top + math.log(float(np.sum(np.exp(logs - top))))


def poisson_tail_grid(k0: int, lams: np.ndarray) -> np.ndarray:
    """P(X ≥ K) for X ~ Poisson(λ) at many λ > 0 at once, shape (G,): the sums of
    :func:`poisson_log_tail` as whole-matrix numpy (1 − P(X < K) where K ≤ λ, the terms
    from K upward where K > λ), each term Loader's, so every value keeps its relative
    precision except where 1 − P(X < K) cancels (as in poisson_log_tail)."""
    lams = np.asarray(lams, dtype=np.float64)
    out = np.empty(lams.shape)
    if k0 <= 0:
        out[:] = 1.0
        return out
    below = k0 <= lams
    if below.any():
        head = np.exp(_poisson_log_pmf_grid(np.arange(k0, dtype=np.float64),
                                            lams[below])).sum(axis=1)
        out[below] = np.maximum(1.0 - head, 0.0)
    if (~below).any():
        lam = lams[~below]
        width = int(40 * math.sqrt(float(lam.max())) + 60)
        k = np.arange(k0, k0 + width, dtype=np.float64)
        out[~below] = np.exp(_poisson_log_pmf_grid(k, lam)).sum(axis=1)
    return out


def _poisson_log_pmf_grid(k: np.ndarray, lams: np.ndarray) -> np.ndarray:
    """poisson_log_pmf for integers ``k`` (shape (m,)) at each λ: shape (G, m)."""
    out = np.empty((lams.size, k.size))
    pos = k > 0
    kp = k[pos]
    out[:, ~pos] = -lams[:, None]
    out[:, pos] = (-stirlerr(kp) - bd0_array(kp[None, :], lams[:, None])
                   - 0.5 * (_LOG_2PI + np.log(kp)))
    return out


def geometric_log_pmf(p: float, tail: int, k: np.ndarray) -> np.ndarray:
    """log P(X = k) = log p + k·log(1−p) of Geometric(p) folded at K (``tail``), for
    integers ``0 ≤ k ≤ K`` (shape kept), the last, k = K, being log P(X ≥ K) = K·log(1−p).
    ``0 < p ≤ 1``. The one formula both the family's probabilities and its refusal's
    advice use, so they agree to the last bit."""
    k = np.asarray(k, dtype=np.float64)
    if p == 1.0:
        return np.where(k == 0, 0.0, -np.inf)
    log_q = math.log1p(-p)
    return np.where(k == tail, tail * log_q, math.log(p) + k * log_q)

