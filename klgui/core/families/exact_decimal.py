"""Exact arithmetic for the closed forms: 60-digit decimals from the parameters' exact
values, and the rounding bound of a divergence summed from a table's probabilities.

Every double is a finite decimal, so ``decimal.Decimal(x)`` is exact; a logarithm of a
ratio near 1 is taken as log1p of the exactly formed gap, so nearly equal parameters
keep their digits (Loader 2000, "Fast and accurate computation of binomial
probabilities", for why the naive x log(x/y) − x + y loses them). Standard library and
numpy only.
"""

from __future__ import annotations

import decimal
import math

import numpy as np

from klgui.core.families.counts import Binomial

__all__ = ["UNIT_ROUNDOFF", "CTX", "ZERO", "ONE", "as_decimal", "ln1p", "xlog",
           "bernoulli_decimal", "binomial_decimal", "counts_window", "to_double",
           "ulp_error", "clean", "power", "rounding_error", "DECIMAL_COUNTS"]

#: u = 2⁻⁵³, the unit roundoff of a double.
UNIT_ROUNDOFF = 2.0 ** -53
#: 60 digits: cancellation of nearly equal parameters costs at most about 17
#: (|terms| / D ≲ 1/v with v ≥ 2⁻⁵³ the parameters' relative gap), leaving 40 or more.
CTX = decimal.Context(prec=60, Emax=10**6, Emin=-10**6, traps=[])
ZERO, ONE = decimal.Decimal(0), decimal.Decimal(1)


def as_decimal(x: float) -> decimal.Decimal:
    """The double x as a Decimal, exactly (every double is a finite decimal)."""
    return decimal.Decimal(x)


def ln1p(x: decimal.Decimal) -> decimal.Decimal:
    """log(1 + x) for x > −1 to 60 digits relative: the series below 10⁻¹² (where
    1 + x would keep too few of x's digits), else log of 1 + x (then its rounding is
    10⁻⁶⁰ absolute against a logarithm of 10⁻¹² or more)."""
    if abs(x) >= decimal.Decimal("1e-12"):
        return CTX.ln(CTX.add(ONE, x))
    total, term, j = ZERO, x, 1
    while term != 0 and abs(term) > abs(x) * decimal.Decimal("1e-64"):
        total = CTX.add(total, CTX.divide(term, j) if j % 2 else
                        CTX.minus(CTX.divide(term, j)))
        term, j = CTX.multiply(term, x), j + 1
    return total


def xlog(x: decimal.Decimal, y: decimal.Decimal,
         gap: decimal.Decimal) -> decimal.Decimal | None:
    """x·log(x/y) = x·log1p(gap/y) with gap = x − y formed exactly by the caller, so
    x/y near 1 keeps every digit of the gap; 0·log(0/y) = 0; None for x > 0 = y (∞).
    Where x/y is far from 1 (|gap| > y/2) the logarithm of the ratio itself: gap/y
    would round to −1 when x is below 10⁻⁶⁰·y (log1p(−1) = −∞, which made
    Bernoulli(1e-70)‖Bernoulli(½) 0 instead of log 2)."""
    if x == 0:
        return ZERO
    if y == 0:
        return None
    if CTX.multiply(2, abs(gap)) > y:
        return CTX.multiply(x, CTX.ln(CTX.divide(x, y)))
    return CTX.multiply(x, ln1p(CTX.divide(gap, y)))


def bernoulli_decimal(p: float, q: float) -> decimal.Decimal | None:
    """b(p‖q) to about 40 digits, None for ∞. p − q is formed from the exact values
    (correctly rounded to 60 digits); 1 − p and 1 − q only multiply or divide, so their
    rounding (10⁻⁶⁰ relative) stays 10⁻⁶⁰ of the result."""
    dp, dq = as_decimal(p), as_decimal(q)
    gap = CTX.subtract(dp, dq)
    first = xlog(dp, dq, gap)
    second = xlog(CTX.subtract(ONE, dp), CTX.subtract(ONE, dq), CTX.minus(gap))
    if first is None or second is None:
        return None
    return CTX.add(first, second)


def to_double(d: decimal.Decimal | None) -> float:
    """The double nearest d (``inf`` for None or beyond the range), never −0.0."""
    if d is None:
        return math.inf
    return clean(float(d))  # float(Decimal) rounds correctly (through its string)


def ulp_error(v: float) -> float:
    """The bound for a correctly rounded value: half an ulp, said as u·|v| plus the
    subnormal spacing; 0 for ∞."""
    return 0.0 if math.isinf(v) else UNIT_ROUNDOFF * v + 5e-324


def clean(x: float) -> float:
    """x, or 0.0 for x ≤ 0 (a rounding below 0, or −0.0): a divergence is never either."""
    return 0.0 if x <= 0.0 else x


#: Decimal sums over at most this many counts (about 60 µs each), for n_A up to
#: _WINDOW_COUNTS (C(n_A, k) as an exact integer: 30,000 digits at most).
_WINDOW_TERMS, _WINDOW_COUNTS = 1000, 100_000


def counts_window(a: Binomial, b: Binomial, log_a: np.ndarray, v: float) -> tuple[int, int] | None:
    """The counts lo…hi whose terms a_k log R_k of :func:`binomial_decimal` can move D by
    more than e⁻¹⁰⁰/(n_A + 1) of it (estimated from the doubles: D ≈ v, a_k from
    log_a, log R_k as a cumulative sum of log1p), or None when the window is too wide or
    the estimate is no guide (v = 0 or ∞, p_A = 0 or 1)."""
    if not (0.0 < v < math.inf and 0.0 < a.p < 1.0 and a.n <= _WINDOW_COUNTS):
        return None
    j = np.arange(a.n, dtype=np.float64)
    log_r = np.concatenate(([0.0], np.cumsum(np.log1p(-(b.n - a.n) / (b.n - j)))))
    keep = np.flatnonzero(log_a + np.log1p(np.abs(log_r))
                          >= math.log(v) - 100.0 - math.log(a.n + 1.0))
    if keep.size == 0 or keep[-1] - keep[0] + 1 > _WINDOW_TERMS:
        return None
    return int(keep[0]), int(keep[-1])


#: Binomials with different n and n_A up to this: the sum in decimals over every count
#: (n_A logarithms, about 40 µs each); beyond, over the counts :func:`counts_window` finds.
DECIMAL_COUNTS = 400


def power(x: decimal.Decimal, k: int) -> decimal.Decimal:
    """x**k for an integer k ≥ 0 in 60 digits, with 0**0 = 1 (Decimal says undefined)."""
    return ONE if k == 0 else CTX.power(x, k)


def binomial_decimal(a: Binomial, b: Binomial, lo: int = 0,
                  hi: int | None = None) -> decimal.Decimal | None:
    """D(Bin(n_A, p_A)‖Bin(n_B, p_B)) for n_A < n_B to about 40 digits, None for ∞.

    With R_k = C(n_A, k)/C(n_B, k), log(a_k/b_k) = log R_k + k log(p_A(1−p_B)/(p_B(1−p_A)))
    + n_A log(1−p_A) − n_B log(1−p_B), and E_A[k] = n_A p_A, so
    D = n_A·b(p_A‖p_B) − (n_B − n_A) log(1 − p_B) + Σ_k a_k log R_k:
    two non-negative terms and a non-positive sum (they cancel by at most about 2n_B,
    a few of the 60 digits). The sum runs over the counts lo…hi (all by default: the
    others' terms are left out), a_k and R_k from their values at lo by their ratios."""
    pa, pb = as_decimal(a.p), as_decimal(b.p)
    bern = bernoulli_decimal(a.p, b.p)
    if bern is None or pb == 1:  # B's mass sits at n_B > n_A (or A's where B has none)
        return None
    if a.p in (0.0, 1.0):  # a point mass at 0 or n_A: one term
        lo = hi = 0 if a.p == 0.0 else a.n
    hi = a.n if hi is None else hi
    qa = CTX.subtract(ONE, pa)
    total = CTX.subtract(CTX.multiply(bern, a.n),
                          CTX.multiply(b.n - a.n, ln1p(CTX.minus(pb))))
    mass = CTX.multiply(CTX.multiply(math.comb(a.n, lo), power(pa, lo)),
                         power(qa, a.n - lo))
    ratio = CTX.divide(decimal.Decimal(math.comb(a.n, lo)),
                        decimal.Decimal(math.comb(b.n, lo)))
    step = CTX.divide(pa, qa) if hi > lo else ONE  # qa > 0 here: 0 < p_A < 1
    for k in range(lo, hi + 1):
        if k > 0 and mass != 0:
            total = CTX.add(total, CTX.multiply(mass, CTX.ln(ratio)))
        mass = CTX.multiply(mass, CTX.multiply(step, CTX.divide(a.n - k, k + 1)))
        ratio = CTX.multiply(ratio, CTX.divide(a.n - k, b.n - k))
    return total


#: Relative error, per unit of (1 + |log x|), of a family's probability x made as
#: exp(log x): the logarithm's absolute error (a few ulps of its largest part) becomes
#: x's relative error. Eight ulps: Loader's terms (stirlerr, bd0, ½log) each within 2.
_PER_LOG = 8.0 * UNIT_ROUNDOFF
#: Outcomes per block of rounding_error's arrays (256 KB of doubles each).
_BLOCK = 32_768


def rounding_error(a: np.ndarray, b: np.ndarray, d: float,
                   logs: tuple[np.ndarray, np.ndarray] | None = None) -> float:
    """A bound (nats) on how much D(a‖b) = Σ a log(a/b) moves when each a_k and b_k is
    off by a relative ε_k = 8u(1 + |log x_k|) (x_k = a_k or b_k, u = 2⁻⁵³), as a family's
    probabilities made from their logarithms are, plus 4u·D for summing the terms.

    To first order, with both renormalized, ΔD = Σ a_k α_k (log(a_k/b_k) − D) −
    Σ (a_k − b_k) β_k for relative errors α_k of a_k and β_k of b_k, so the bound is
    Σ ε^a_k a_k |log(a_k/b_k) − D| + Σ ε^b_k |a_k − b_k| + 4uD. Outcomes where a is 0 only
    count through b; where b is 0 and a is not, D is ∞ and the bound 0.

    Parameters
    ----------
    a, b : ndarray
        Probabilities (1-D, same length, non-negative).
    d : float
        D(a‖b) in nats.
    logs : (ndarray, ndarray), optional
        log a and log b when known (``-inf`` for a true 0): a probability below the
        doubles' range then still counts as the positive number it is.
    """
    if not math.isfinite(d):
        return 0.0
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    sums = []
    # in blocks: a dozen temporaries of the whole length cost more in page faults than
    # in arithmetic (1e6 outcomes: about 2x slower)
    for start in range(0, len(a), _BLOCK):
        part = slice(start, start + _BLOCK)
        if logs is None:
            with np.errstate(divide="ignore"):
                la, lb = np.log(a[part]), np.log(b[part])
        else:
            la, lb = (np.asarray(x, dtype=np.float64)[part] for x in logs)
        if np.any((la > -np.inf) & (lb == -np.inf)):
            return 0.0
        pa, pb = a[part], b[part]
        with np.errstate(invalid="ignore"):
            first = np.where(la > -np.inf,
                             (1.0 + np.abs(la)) * pa * np.abs(np.where(la > -np.inf, la - lb,
                                                                       0.0) - d), 0.0)
        second = (1.0 + np.where(lb > -np.inf, np.abs(lb), 0.0)) * np.abs(pa - pb)
        sums += (float(np.sum(first)), float(np.sum(second)))
    # a bound, not a figure: numpy's pairwise sums within blocks (terms ≥ 0: within a
    # relative 1e-13), the blocks' sums added exactly rounded, are enough
    return float(_PER_LOG * (1.0 + 1e-12) * math.fsum(sums) + 4.0 * UNIT_ROUNDOFF * d)
