"""The parameters that keep Binomial, Poisson and Geometric families' probabilities
normal doubles (at least :data:`~klgui.core.families.base.TINY`): the sentences their
refusals advise with, and the range of λ a Poisson slider offers. Each bound shown is
checked on the probabilities themselves before it is said. Called only when a family
refuses, or once per K for the slider."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families.base import LOG_TINY, TINY, TINY_SAID
from klgui.core.families.counts_pmf import (MAX_LAMBDA, MAX_OUTCOMES, geometric_log_pmf,
                                            poisson_log_pmf, poisson_log_tail)
from klgui.core.families.working_range import advised, interval, shown

if TYPE_CHECKING:
    from klgui.core.families.counts import Binomial, Geometric, Poisson

__all__ = ["binomial_works", "poisson_works", "geometric_works", "lambda_range"]


def binomial_works(family: Binomial) -> str:
    """The counts 0 and n are the least likely: (1 − p)ⁿ and pⁿ ≥ TINY for p from
    e^(log TINY / n) to 1 minus that."""
    n = family.n
    edge = math.exp(LOG_TINY / n)
    if edge > 0.5:
        most = int(-LOG_TINY / math.log(2.0))
        return (f"No p strictly between 0 and 1 works with n = {n:,}: (1−p)^n for "
                f"0 successes or p^n for {n:,} is below {TINY_SAID}, for every p. n "
                f"of at most {most:,} works (at p = 0.5); p = 0 or 1 works with any n.")
    def holds(p: float) -> bool:  # p and 1 − p as typed from the sentence; the refusal's test
        high = float(Decimal(1) - Decimal(repr(p)))
        return all(family._accepts(None, p=x) for x in (p, 1.0 - p, high))
    low = advised(edge, up=True, works=holds)
    if low is None:
        return ""
    return (f"With n = {n:,}, p from {shown(low)} to 1 − {shown(low)} works (or p = 0 "
            f"or 1).")


def poisson_works(family: Poisson) -> str:
    """The λ that work with this K, and the K that work with this λ: the least
    likely outcomes are 0 (e^−λ), K − 1 and "≥ K" (the pmf is log-concave), each
    log-probability concave in log λ or increasing in it, so the λ that work are
    an interval."""
    k = family.tail
    found = interval(lambda u: _poisson_least(k, max(math.exp(u), _SMALLEST)),
                     math.log(_SMALLEST), math.log(-LOG_TINY))
    def holds(lam: float) -> bool:
        return family._accepts(None, lam=lam)
    ends = (advised(math.exp(found[0]), up=True, works=holds),
            advised(math.exp(found[1]), up=False, works=holds)) if found else (None,)
    parts = [f"With K = {k:,}, λ from {shown(ends[0])} to {shown(ends[1])} works"
             if None not in ends and ends[0] <= ends[1] else f"No λ works with K = {k:,}"]
    lam = family.lam
    if lam > -LOG_TINY:
        parts.append(f"with λ = {lam:g}, P(X = 0) = e^−λ is below {TINY_SAID}, "
                     f"whatever K")
    else:
        ok, bad = 1, k  # h falls with K once K − 1 passes λ: the good K are 1…most
        if _poisson_least(1, lam) >= LOG_TINY:
            while bad - ok > 1:
                mid = (ok + bad) // 2
                ok, bad = (mid, bad) if _poisson_least(mid, lam) >= LOG_TINY else \
                    (ok, mid)
            while ok > 1 and not family._accepts(None, tail=ok):  # an edge's rounding
                ok -= 1
            parts.append(f"with λ = {lam:g}, a tail K of at most {ok:,}")
    return "; ".join(parts) + "."


def geometric_works(family: Geometric) -> str:
    """The least likely outcomes are K − 1 (p(1−p)^(K−1)) and "≥ K" ((1−p)^K)."""
    k = family.tail
    found = interval(lambda x: _geometric_least(k, min(max(math.exp(x), _SMALLEST), _BELOW_1)),
                     math.log(_SMALLEST), math.log(_BELOW_1))
    def holds(p: float) -> bool:
        return p < 1.0 and _geometric_holds(k, p)
    ends = (advised(math.exp(found[0]), up=True, works=holds),
            advised(math.exp(found[1]), up=False, works=holds)) if found else (None,)
    parts = [f"With K = {k:,}, p from {shown(ends[0])} to {shown(ends[1])} works "
             f"(or p = 1)" if None not in ends and ends[0] <= ends[1] else
             f"No p below 1 works with K = {k:,}"]
    p = family.p
    if not _geometric_holds(1, p):  # P(X = 0) = p itself, or (1 − p) at K = 1
        if math.log(p) < LOG_TINY:
            parts.append(f"with p = {p:g}, P(X = 0) = p is below {TINY_SAID}, "
                         f"whatever K")
        return "; ".join(parts) + "."
    log_q = math.log1p(-p)  # (1−p)^K and p(1−p)^(K−1) fall with K: the good K are 1…most
    most = min(LOG_TINY / log_q, 1.0 + (LOG_TINY - math.log(p)) / log_q)  # maybe inf
    most = int(min(most, MAX_OUTCOMES - 1.0))
    while most > 1 and not _geometric_holds(most, p):  # a rounding at the edge
        most -= 1
    if most < family.tail:
        parts.append(f"with p = {p:g}, a tail K of at most {most:,}")
    return "; ".join(parts) + "."


def lambda_range(family: Poisson, digits: int = 4) -> tuple[float, float]:
    """:func:`~klgui.core.families.counts.poisson_lambda_range` for ``family``, whose λ
    is the one inside."""
    inside = family.lam
    if not family._accepts(None):
        raise DistributionError(f"{family.describe()} is refused: no range of λ holds it.")

    def holds(lam: float) -> bool:
        return family._accepts(None, lam=lam)
    ends = []
    for edge, up in ((_SMALLEST, True), (MAX_LAMBDA, False)):
        if holds(edge):
            ends.append(edge)
            continue
        ok, bad = math.log(inside), math.log(edge)
        for _ in range(60):
            mid = 0.5 * (ok + bad)
            ok, bad = (mid, bad) if holds(max(math.exp(mid), _SMALLEST)) else (ok, mid)
        end = advised(max(math.exp(ok), _SMALLEST), up=up, works=holds, digits=digits)
        ends.append(inside if end is None or (end > inside if up else end < inside)
                    else end)
    return ends[0], ends[1]


def _poisson_least(k: int, lam: float) -> float:
    """The least log-probability of Poisson(λ) folded at K: of 0, K − 1 and "≥ K"."""
    least = -lam
    if k >= 2:
        least = min(least, float(poisson_log_pmf(np.array([k - 1.0]), lam)[0]))
    return min(least, poisson_log_tail(k, lam))


#: The smallest positive double, 5e-324: the least λ of a Poisson, p of a Geometric, that
#: the family takes as a value (the searches for the least that works start here).
_SMALLEST = math.ulp(0.0)
#: The largest double below 1.
_BELOW_1 = 1.0 - 2.0 ** -53


def _geometric_holds(k: int, p: float) -> bool:
    """Whether Geometric(p) folded at K keeps every probability at least TINY, as its
    probabilities are computed (:func:`geometric_log_pmf`, then ``np.exp``), from its
    least: K − 1 and "≥ K" (the log-probabilities fall with k; all of them would take
    O(K) for each value tried)."""
    if not 0.0 < p <= 1.0:
        return False
    if p == 1.0:
        return True
    least = np.exp(geometric_log_pmf(p, k, np.array([k - 1.0, float(k)])))
    return bool(least.min() >= TINY)


def _geometric_least(k: int, p: float) -> float:
    """The least log-probability of Geometric(p) folded at K (p < 1)."""
    log_q = math.log1p(-p)
    return min(math.log(p) + (k - 1) * log_q, k * log_q)
