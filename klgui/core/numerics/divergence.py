"""compare(): every divergence, entropy and distance between two distributions.

The checks and the figures live here; the pass over the outcomes that makes them exact
and fast is ``kernel.Kernel``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from klgui.core.comparison import Comparison
from klgui.core.errors import DistributionError
from klgui.core.numerics.exact import SURVEY_BLOCK, dd_ratio, dd_sum, pairwise_sum, rounded
from klgui.core.numerics.kernel import Kernel
from klgui.core.numerics.scratch import borrowed
from klgui.core.smoothing import Smoothing
from klgui.core.units import nats_per_unit
from klgui.core.numerics.validation import (Weights, check_same_length, check_sums_to_one,
                                           checked_weights, surveyed_weights)

__all__ = ["compare", "compare_prepared", "Prepared"]

_LN_2 = math.log(2.0)

def compare(p: Sequence[float] | np.ndarray, q: Sequence[float] | np.ndarray,
            base: str = "nats", *, normalize: bool = True,
            smoothing: Smoothing | None = None,
            labels: Sequence[str] | None = None,
            cancelled: Callable[[], bool] | None = None,
            given_sums: tuple[float, float] | None = None) -> Comparison:
    """Compare distribution P (the truth) with Q (the model).

    Parameters
    ----------
    p, q : sequence of float
        Equal-length, finite, non-negative weights, each with a positive sum: counts,
        percentages or probabilities.
    base : {"nats", "bits", "hartleys"}
        Unit of every divergence, entropy and of the Bhattacharyya distance.
    normalize : bool
        Scale each distribution to sum to one (default). When False, a distribution
        whose sum differs from 1 by more than ``validation.SUM_TOLERANCE`` is an error.
    smoothing : Smoothing, optional
        Smoothing to apply first; none unless given, and recorded in the result.
    labels : sequence of str, optional
        Outcome labels, used in error messages and kept in the result.
    cancelled : callable, optional
        Asked between blocks of outcomes (every few thousand); when it returns True the
        computation stops with :class:`Cancelled`. For a caller on another thread whose
        result a newer request has made useless.
    given_sums : (float, float), optional
        The sums of the weights as typed, when ``p`` and ``q`` are copies of them
        scaled by a constant each (:func:`klgui.core.numerics.entries.exact_weights`): the
        ``normalize=False`` check and ``weight_sums`` then use these.

    Returns
    -------
    Comparison

    Raises
    ------
    DistributionError
        Empty input, unequal lengths, a negative, NaN or infinite weight, all weights
        zero, or (``normalize=False``) a sum other than 1.
    Cancelled
        ``cancelled`` returned True.
    """
    return compare_prepared(p, q, base, normalize=normalize, smoothing=smoothing,
                            labels=labels, cancelled=cancelled, given_sums=given_sums)[0]


class Prepared(NamedTuple):
    """What compare() works out for one column on its own, to be reused by the next
    pair the column is in (a ranking's reference, a matrix's columns): its checked
    weights (unsmoothed) and its entropy in nats as the kernel computes it (None until
    a comparison without smoothing has)."""

    weights: Weights
    entropy: float | None


def compare_prepared(p, q, base: str = "nats", *, normalize: bool = True,
                     smoothing: Smoothing | None = None,
                     labels: Sequence[str] | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     given_sums: tuple[float, float] | None = None,
                     prepared: tuple[Prepared | None, Prepared | None] = (None, None)
                     ) -> tuple[Comparison, tuple[Prepared | None, Prepared | None]]:
    """:func:`compare`, reusing what an earlier comparison worked out for either column
    (``prepared``, of the very arrays ``p`` and ``q``: their checks are not made
    again, and without smoothing their entropies are not computed again), and
    returning with the Comparison what it worked out for both, to keep for the next
    pair (None, None with smoothing: a column is prepared only once it has passed its
    checks without smoothing). Raises as compare() does."""
    unit = nats_per_unit(base)
    if labels is not None:
        labels = tuple(str(x) for x in labels)
    additive = smoothing is not None and smoothing.method == "additive"
    known_p, known_q = prepared
    if known_p is not None and (known_p.weights.values is not p or additive):
        known_p = None
    if known_q is not None and (known_q.weights.values is not q or additive):
        known_q = None
    a = known_p.weights if known_p is not None else checked_weights(
        p, "P", labels, all_zero_ok=additive and smoothing.apply_to == "both")
    b = known_q.weights if known_q is not None else checked_weights(
        q, "Q", labels, all_zero_ok=additive)
    checked = a, b
    check_same_length(a.values, b.values)
    if labels is not None and len(labels) != a.values.size:
        raise DistributionError(
            f"{len(labels)} labels were given for {a.values.size} outcomes.")
    if given_sums is None:
        given_sums = _weight_sum(a), _weight_sum(b)
    if not normalize:
        check_sums_to_one(given_sums[0], "P")
        check_sums_to_one(given_sums[1], "Q")
    if smoothing is not None:
        a = surveyed_weights(smoothing.apply(a.values, is_q=False))
        b = surveyed_weights(smoothing.apply(b.values, is_q=True))
    entropies = (None, None)
    if smoothing is None:
        entropies = (known_p.entropy if known_p else None, known_q.entropy if known_q else None)
    k = Kernel(_rescaled(a), _rescaled(b), entropies)
    nats = k.run(cancelled)
    h = min(0.5 * nats["sq_root_diff"], 1.0)  # squared Hellinger distance
    bhatta = _bhattacharyya(h, k.p, k.q)

    def u(x: float) -> float:
        return x / unit

    kl_pq, kl_qp = u(nats["kl_pq"]), u(nats["kl_qp"])
    ent_p, ent_q = u(nats["entropy_p"]), u(nats["entropy_q"])
    js = u(min(0.5 * nats["js"], _LN_2))  # JS ≤ ln 2; rounding may cross it
    if unit != 1.0:
        k.contrib_pq /= unit
        k.contrib_qp /= unit
    return (Comparison(
        p=k.p, q=k.q, contributions_pq=k.contrib_pq, contributions_qp=k.contrib_qp,
        kl_pq=kl_pq, kl_qp=kl_qp, entropy_p=ent_p, entropy_q=ent_q,
        cross_entropy_pq=ent_p + kl_pq, cross_entropy_qp=ent_q + kl_qp,
        jeffreys=kl_pq + kl_qp, js_divergence=js, js_distance=math.sqrt(js),
        total_variation=_total_variation(k), hellinger=math.sqrt(h),
        bhattacharyya=u(bhatta), base=base,
        infinite_pq=tuple(k.infinite_pq), infinite_qp=tuple(k.infinite_qp),
        normalized=normalize, smoothing=smoothing, labels=labels,
        weight_sums=given_sums,
    ), (None, None) if smoothing is not None else (
        Prepared(checked[0], nats["entropy_p"]), Prepared(checked[1], nats["entropy_q"])))


def _weight_sum(w: Weights) -> float:
    """The sum of checked weights, correctly rounded (inf if it overflows)."""
    return rounded(w.total if not math.isnan(w.total[0]) else dd_sum(w.values))  # huge weights


def _rescaled(w: Weights) -> Weights:
    """Scale by a power of two (exact) when weights are so large that products
    could overflow, or so small that they are subnormal."""
    exponent = math.frexp(w.high)[1]
    if -900 < exponent < 900:
        return w
    return surveyed_weights(np.ldexp(w.values, -exponent))


def _total_variation(k: Kernel) -> float:
    """P(S) − Q(S) over the outcomes S where p > q: exact sums of weights and one
    double-double subtraction, so the coin's 0.8, 0.2 against 0.6, 0.4 gives 0.2 (the
    sum of |p − q| over rounded probabilities gives 0.20000000000000004).

    The sign of p − q at the largest outcome may be lost below the resolution of the
    sums (a weight of 1 beside weights of 1e-290 that carry every difference). Its
    p − q is then Q(rest) − P(rest) over the other outcomes, and TV = Σ over S without
    it, plus that difference where it is positive."""
    larger = k.contrib_pq > 0.0  # log(p/q) > 0, with the sign of the exact p - q
    top = int(np.argmax(k.p + k.q))
    if k.contrib_pq[top] != 0.0 or k.contrib_qp[top] != 0.0 or k.a.size == 1:
        return _clipped(_mass_difference(k, larger))
    larger[top] = False
    rest = np.ones(k.a.size, dtype=bool)
    rest[top] = False
    tv = _mass_difference(k, larger)
    return _clipped(max(tv, tv - _mass_difference(k, rest)))


def _mass_difference(k: Kernel, where: np.ndarray) -> float:
    """P(where) − Q(where), from exact sums of the weights."""
    if not where.any():
        return 0.0
    p_hi, p_lo = dd_ratio(_subset_sum(k.a, where, k.integral_a), k.A)
    q_hi, q_lo = dd_ratio(_subset_sum(k.b, where, k.integral_b), k.B)
    return (p_hi - q_hi) + (p_lo - q_lo)


def _subset_sum(w: np.ndarray, where: np.ndarray, integral: bool) -> tuple[float, float]:
    """``dd_sum(w[where])``, without copying the selected weights out when ``integral``:
    whole numbers whose every block of SURVEY_BLOCK sums below 2^53.

    Why that is the same pair of doubles: for whole numbers below 2^53, dd_sum's high
    parts are exact (by design) and so are its low parts' sums (whole numbers of at
    most 2^33 in all), so it returns the exact sum S as (S rounded, S minus that).
    Here each block's selected weights add up exactly (every partial sum is a whole
    number below the block's sum), and math.fsum of the block sums gives the same
    two doubles."""
    if not integral:
        return dd_sum(w[where])
    parts = []
    with borrowed((min(SURVEY_BLOCK, w.size),)) as work:
        for s in range(0, w.size, SURVEY_BLOCK):
            e = min(s + SURVEY_BLOCK, w.size)
            chunk = np.multiply(w[s:e], where[s:e], out=work[:e - s])
            parts.append(float(np.add.reduce(chunk)))
    hi = math.fsum(parts)
    parts.append(-hi)
    return hi, math.fsum(parts)


def _clipped(tv: float) -> float:
    return min(max(tv, 0.0), 1.0)


def _bhattacharyya(h: float, p: np.ndarray, q: np.ndarray) -> float:
    """−ln Σ √(pq) in nats from the squared Hellinger distance h = 1 − Σ √(pq): as
    −log1p(−h) while h is small, and from Σ √(pq) itself when it is (barely
    overlapping distributions), where 1 − h has lost its digits."""
    if h < 0.5:
        return -math.log1p(-h)
    coefficient = pairwise_sum(np.sqrt(p) * np.sqrt(q))
    return -math.log(coefficient) if coefficient > 0.0 else math.inf
