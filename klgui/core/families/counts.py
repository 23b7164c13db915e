"""Families on the counts 0, 1, 2, …: Binomial(n, p), Poisson(λ), Geometric(p).

Probabilities follow Loader (2000), "Fast and accurate computation of binomial
probabilities" (the method of R's dbinom and dpois): ``exp(-stirlerr - bd0)`` terms, so
probabilities near the mode have a relative error of a few ulps even for n in the
millions, where ``exp(lgamma(n+1) - …)`` loses digits to cancellation (about 1e-12
relative remains in tails below 1e-250, from bd0's far branch). Poisson and Geometric fold their
tail into a last outcome "≥ K" (the tail is summed upward from K when small, so it
keeps its relative precision too).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families.base import (LOG_TINY, TINY, TINY_SAID, Family, Outcomes,
                                      check_distinct, integer, number, tail_label)
from klgui.core.families.special import bd0_array, stirlerr
from klgui.core.families.working_range import advised, interval, shown
from klgui.core.numerics.doubles import shortest_fraction

__all__ = ["Binomial", "Poisson", "Geometric", "binomial_pmf_exact", "binomial_log_pmf",
           "poisson_log_pmf", "poisson_log_tail", "poisson_tail_grid", "place",
           "poisson_lambda_range"]

_LOG_2PI = math.log(2.0 * math.pi)
#: The default K leaves at most this much mass in the "≥ K" outcome.
DEFAULT_TAIL_MASS = 1e-3
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


def _default_poisson_tail(lam: float) -> int:
    """The smallest K ≥ 1 with P(X ≥ K) ≤ DEFAULT_TAIL_MASS, from one window of
    probabilities around λ (the mass beyond it is below e^-70)."""
    spread = 12.0 * math.sqrt(lam)
    lo = max(0, int(lam - spread) - 10)
    k = np.arange(lo, int(lam + spread) + 40, dtype=np.float64)
    probs = np.exp(poisson_log_pmf(k, lam))
    tails = np.cumsum(probs[::-1])[::-1]  # tails[i] = P(lo + i ≤ X ≤ end)
    at = int(np.argmax(tails <= DEFAULT_TAIL_MASS))
    return max(1, lo + at)


def place(outcomes: Outcomes, values: np.ndarray, probs: np.ndarray,
          family: str) -> np.ndarray:
    """Put a support's probabilities on a column's outcomes, matched by value.

    Outcomes the family does not use get 0; an outcome the family gives mass but the
    column lacks is a DistributionError naming it (the mass would be lost).
    """
    check_distinct(outcomes, family)
    order, sorted_values = outcomes.sorted()
    at = np.searchsorted(sorted_values, values)
    at_c = np.minimum(at, sorted_values.size - 1)
    found = sorted_values[at_c] == values
    missing = ~found & (probs > 0)
    if missing.any():
        lost = values[missing]
        shown = ", ".join(f"{v:g}" for v in lost[:5]) + (", …" if lost.size > 5 else "")
        raise DistributionError(
            f"The {family} family gives mass to outcomes the column lacks ({shown}); "
            f"create the outcomes it needs first.")
    out = np.zeros(outcomes.size)
    out[order[at_c[found]]] = probs[found]
    return out


def _tail_outcomes(tail: int) -> Outcomes:
    labels = tuple(str(k) for k in range(tail)) + (tail_label(tail),)
    return Outcomes(np.arange(tail + 1, dtype=np.float64), labels, tail, True)


def _with_tail(outcomes: Outcomes, tail: int, family: str) -> Outcomes:
    """The outcomes with their tail: "≥ K" last, or, for labels that are not numbers
    (positions 0…K), the last position."""
    if outcomes.tail is None and not outcomes.numeric and outcomes.size == tail + 1:
        return Outcomes(outcomes.values, outcomes.labels, tail, False)
    if outcomes.tail != tail:
        where = (f"its last outcome is '{tail_label(outcomes.tail)}'"
                 if outcomes.tail is not None else "it has no last outcome '≥ K'")
        raise DistributionError(
            f"The {family} family folds its tail into '{tail_label(tail)}', but {where}.")
    return outcomes


def _check_tail_value(tail: int, family: str) -> None:
    if not 1 <= tail < MAX_OUTCOMES:
        raise DistributionError(f"'tail' of the {family} family must be from 1 to "
                                f"{MAX_OUTCOMES - 1:,}, not {tail}.")


@dataclass(frozen=True)
class Binomial(Family):
    """Binomial(n, p): successes in n trials, outcomes 0…n. ``0 ≤ p ≤ 1``, ``n ≥ 1``."""

    n: int
    p: float
    name = "binomial"
    parameters = ("n", "p")

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, (int, np.integer)) \
                or not 1 <= self.n < MAX_OUTCOMES:
            raise DistributionError(f"'n' of the binomial family must be a whole number "
                                    f"from 1 to {MAX_OUTCOMES - 1:,}, not {self.n!r}.")
        if not (isinstance(self.p, (int, float)) and 0.0 <= self.p <= 1.0):
            raise DistributionError(f"'p' of the binomial family must be from 0 to 1, "
                                    f"not {self.p!r}.")
        object.__setattr__(self, "n", int(self.n))
        object.__setattr__(self, "p", float(self.p))

    def support(self, n_outcomes: int | None = None) -> Outcomes:
        k = np.arange(self.n + 1, dtype=np.float64)
        return Outcomes(k, tuple(str(i) for i in range(self.n + 1)))

    def log_probabilities(self) -> np.ndarray:
        """log P(X = k) for k = 0…n (stirlerr(k) computed once, reversed for n − k)."""
        n, p = self.n, self.p
        if n < 2 or p == 0.0 or p == 1.0:
            return binomial_log_pmf(np.arange(n + 1), n, p)
        k = np.arange(1, n, dtype=np.float64)
        s = stirlerr(np.arange(n + 1, dtype=np.float64))
        log_k = np.log(k)
        out = np.empty(n + 1)
        out[0], out[n] = n * math.log1p(-p), n * math.log(p)
        out[1:n] = (s[n] - s[1:n] - s[n - 1:0:-1] - bd0_array(k, n * p)
                    - bd0_array(k[::-1], n * (1.0 - p))
                    + 0.5 * (math.log(n) - _LOG_2PI - log_k - log_k[::-1]))
        return out

    @property
    def point_mass(self) -> bool:
        return self.p in (0.0, 1.0)

    def _masses(self, outcomes: Outcomes | None) -> tuple[np.ndarray, np.ndarray]:
        """P(X = k) for k = 0…n: correctly rounded (:func:`binomial_pmf_exact`) while
        that is cheap (n²·bits of p's decimal denominator ≤ ``EXACT_BINOMIAL_WORK``,
        e.g. n ≤ 500 for p = 0.3, n ≤ 130 for a 17-digit p), else ``exp`` of Loader's
        logarithms (a few ulps near the mode)."""
        exact = binomial_pmf_exact(self.n, self.p)
        probs = np.exp(self.log_probabilities()) if exact is None else exact
        if outcomes is None:
            return probs, probs
        return probs, place(outcomes, np.arange(self.n + 1, dtype=np.float64), probs,
                            self.name)

    def _own_outcome(self, i: int, outcomes: Outcomes | None) -> tuple[int | None, str]:
        return _position(outcomes, float(i), i), str(i)

    def _log_own(self, i: int, outcomes: Outcomes | None) -> float:
        return float(binomial_log_pmf(np.array([i]), self.n, self.p)[0])

    def _works(self, outcomes: Outcomes | None) -> str:
        """The counts 0 and n are the least likely: (1 − p)ⁿ and pⁿ ≥ TINY for p from
        e^(log TINY / n) to 1 minus that."""
        n = self.n
        edge = math.exp(LOG_TINY / n)
        if edge > 0.5:
            most = int(-LOG_TINY / math.log(2.0))
            return (f"No p strictly between 0 and 1 works with n = {n:,}: (1−p)^n for "
                    f"0 successes or p^n for {n:,} is below {TINY_SAID}, for every p. n "
                    f"of at most {most:,} works (at p = 0.5); p = 0 or 1 works with any n.")
        def holds(p: float) -> bool:  # p and 1 − p as typed from the sentence
            high = float(Decimal(1) - Decimal(repr(p)))
            return all(self._binomial_holds(x) for x in (p, 1.0 - p, high))
        low = advised(edge, up=True, works=holds)
        if low is None:
            return ""
        return (f"With n = {n:,}, p from {shown(low)} to 1 − {shown(low)} works (or p = 0 "
                f"or 1).")

    def _binomial_holds(self, p: float) -> bool:
        """Whether Binomial(n, p) is taken: its probabilities as :meth:`_masses` gives
        them while they are exact and cheap, else its least, (1 − p)ⁿ and pⁿ (the pmf
        is log-concave), as :meth:`log_probabilities` computes them."""
        if not 0.0 <= p <= 1.0:
            return False
        if p in (0.0, 1.0):
            return True
        exact = binomial_pmf_exact(self.n, p)  # None beyond EXACT_BINOMIAL_WORK
        if exact is not None:
            return bool(exact.min() >= TINY)
        n = self.n
        return min(math.exp(n * math.log1p(-p)), math.exp(n * math.log(p))) >= TINY

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Binomial:
        return cls(integer(d, "n", cls.name), number(d, "p", cls.name))


class _Tailed(Family):
    """A family on 0, 1, 2, … whose tail is folded into a last outcome "≥ K" (``tail``
    K): outcomes 0…K−1 and "≥ K", probabilities from ``log_probabilities``."""

    def support(self, n_outcomes: int | None = None) -> Outcomes:
        return _tail_outcomes(self.tail)

    def log_probabilities(self) -> np.ndarray:
        raise NotImplementedError

    def _masses(self, outcomes: Outcomes | None) -> tuple[np.ndarray, np.ndarray]:
        probs = np.exp(self.log_probabilities())
        if outcomes is None:
            return probs, probs
        outcomes = _with_tail(outcomes, self.tail, self.name)
        return probs, place(outcomes, np.arange(self.tail + 1, dtype=np.float64), probs,
                            self.name)

    def _own_outcome(self, i: int, outcomes: Outcomes | None) -> tuple[int | None, str]:
        label = str(i) if i < self.tail else tail_label(self.tail)
        return _position(outcomes, float(i), i), label

    def _log_own(self, i: int, outcomes: Outcomes | None) -> float:
        return float(self.log_probabilities()[i])


def _position(outcomes: Outcomes | None, value: float, i: int) -> int | None:
    """The position of the outcome numbered ``value`` in ``outcomes`` (``i`` when there
    are none: the support's own order), None when they lack it."""
    if outcomes is None:
        return i
    at = np.flatnonzero(outcomes.values == value)
    return int(at[0]) if at.size else None


@dataclass(frozen=True)
class Poisson(_Tailed):
    """Poisson(λ) on 0…K−1 and "≥ K". ``λ > 0``; ``tail`` K defaults to the smallest K
    with P(X ≥ K) ≤ 0.001."""

    lam: float
    tail: int | None = None
    name = "poisson"
    parameters = ("lam", "tail")
    optional = ("tail",)

    def __post_init__(self) -> None:
        if not (isinstance(self.lam, (int, float)) and not isinstance(self.lam, bool)
                and 0.0 < self.lam <= MAX_LAMBDA):
            raise DistributionError(f"'lam' of the poisson family must be above 0 and at "
                                    f"most {MAX_LAMBDA:,.0f}, not {self.lam!r}.")
        object.__setattr__(self, "lam", float(self.lam))
        if self.tail is None:
            object.__setattr__(self, "tail", _default_poisson_tail(self.lam))
        _check_tail_value(self.tail, self.name)
        object.__setattr__(self, "tail", int(self.tail))

    def log_probabilities(self) -> np.ndarray:
        """log P(X = k) for k = 0…K−1, then log P(X ≥ K)."""
        head = poisson_log_pmf(np.arange(self.tail), self.lam)
        return np.append(head, poisson_log_tail(self.tail, self.lam))

    def _works(self, outcomes: Outcomes | None) -> str:
        """The λ that work with this K, and the K that work with this λ: the least
        likely outcomes are 0 (e^−λ), K − 1 and "≥ K" (the pmf is log-concave), each
        log-probability concave in log λ or increasing in it, so the λ that work are
        an interval."""
        k = self.tail
        found = interval(lambda u: _poisson_least(k, math.exp(u)), math.log(1e-300),
                         math.log(-LOG_TINY))
        def holds(lam: float) -> bool:
            return self._accepts(None, lam=lam)
        ends = (advised(math.exp(found[0]), up=True, works=holds),
                advised(math.exp(found[1]), up=False, works=holds)) if found else (None,)
        parts = [f"With K = {k:,}, λ from {shown(ends[0])} to {shown(ends[1])} works"
                 if None not in ends and ends[0] <= ends[1] else f"No λ works with K = {k:,}"]
        lam = self.lam
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
                while ok > 1 and not self._accepts(None, tail=ok):  # an edge's rounding
                    ok -= 1
                parts.append(f"with λ = {lam:g}, a tail K of at most {ok:,}")
        return "; ".join(parts) + "."

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Poisson:
        tail = integer(d, "tail", cls.name) if "tail" in d else None
        return cls(number(d, "lam", cls.name), tail)


@dataclass(frozen=True)
class Geometric(_Tailed):
    """Geometric(p): failures before the first success, 0, 1, 2, …, folded at "≥ K".
    ``0 < p ≤ 1``; ``tail`` K defaults to the smallest K with (1−p)^K ≤ 0.001."""

    p: float
    tail: int | None = None
    name = "geometric"
    parameters = ("p", "tail")
    optional = ("tail",)

    def __post_init__(self) -> None:
        if not (isinstance(self.p, (int, float)) and not isinstance(self.p, bool)
                and 0.0 < self.p <= 1.0):
            raise DistributionError(f"'p' of the geometric family must be above 0 and at "
                                    f"most 1, not {self.p!r}.")
        object.__setattr__(self, "p", float(self.p))
        if self.tail is None:
            k = 1 if self.p == 1.0 else \
                math.ceil(math.log(DEFAULT_TAIL_MASS) / math.log1p(-self.p))
            object.__setattr__(self, "tail", max(1, min(k, MAX_OUTCOMES - 1)))
        _check_tail_value(self.tail, self.name)
        object.__setattr__(self, "tail", int(self.tail))

    def log_probabilities(self) -> np.ndarray:
        """log P(X = k) = log p + k log(1−p) for k < K, then log P(X ≥ K) = K log(1−p)."""
        k = np.arange(self.tail + 1, dtype=np.float64)
        if self.p == 1.0:
            return np.where(k == 0, 0.0, -np.inf)
        log_q = math.log1p(-self.p)
        out = math.log(self.p) + k * log_q
        out[-1] = self.tail * log_q
        return out

    @property
    def point_mass(self) -> bool:
        return self.p == 1.0

    def _works(self, outcomes: Outcomes | None) -> str:
        """The least likely outcomes are K − 1 (p(1−p)^(K−1)) and "≥ K" ((1−p)^K)."""
        k = self.tail
        found = interval(lambda x: _geometric_least(k, min(max(math.exp(x), 5e-324), _BELOW_1)),
                         math.log(5e-324), math.log(_BELOW_1))
        def holds(p: float) -> bool:
            return 0.0 < p < 1.0 and _geometric_holds(k, p)
        ends = (advised(math.exp(found[0]), up=True, works=holds),
                advised(math.exp(found[1]), up=False, works=holds)) if found else (None,)
        parts = [f"With K = {k:,}, p from {shown(ends[0])} to {shown(ends[1])} works "
                 f"(or p = 1)" if None not in ends and ends[0] <= ends[1] else
                 f"No p below 1 works with K = {k:,}"]
        p = self.p
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
        if most < self.tail:
            parts.append(f"with p = {p:g}, a tail K of at most {most:,}")
        return "; ".join(parts) + "."

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Geometric:
        tail = integer(d, "tail", cls.name) if "tail" in d else None
        return cls(number(d, "p", cls.name), tail)


def poisson_lambda_range(tail: int, inside: float, digits: int = 4) -> tuple[float, float]:
    """The λ with which Poisson(λ, K) keeps every probability at least TINY: what a
    slider of λ may offer at this K.

    The λ that work are an interval (:meth:`Poisson._works`); each end is found by
    bisection on log λ from ``inside``, a λ that works, towards 1e-300 and towards
    the largest λ, each step checked on the probabilities themselves, then rounded
    inward to ``digits`` significant digits (what a slider of that many digits shows at
    its end) and checked again.

    Parameters
    ----------
    tail : int
        K, the "≥ K" outcome.
    inside : float
        A λ that works with this K (the one shown).
    digits : int

    Returns
    -------
    (float, float)
        The least and the greatest λ, ``inside`` itself at an end whose rounding fails.

    Raises
    ------
    DistributionError
        ``inside`` does not work with this K (or is no λ).
    """
    family = Poisson(inside, tail)
    if not family._accepts(None):
        raise DistributionError(f"{family.describe()} is refused: no range of λ holds it.")

    def holds(lam: float) -> bool:
        return family._accepts(None, lam=lam)
    ends = []
    for edge, up in ((1e-300, True), (MAX_LAMBDA, False)):
        if holds(edge):
            ends.append(edge)
            continue
        ok, bad = math.log(inside), math.log(edge)
        for _ in range(60):
            mid = 0.5 * (ok + bad)
            ok, bad = (mid, bad) if holds(math.exp(mid)) else (ok, mid)
        end = advised(math.exp(ok), up=up, works=holds, digits=digits)
        ends.append(inside if end is None or (end > inside if up else end < inside)
                    else end)
    return ends[0], ends[1]


def _poisson_least(k: int, lam: float) -> float:
    """The least log-probability of Poisson(λ) folded at K: of 0, K − 1 and "≥ K"."""
    least = -lam
    if k >= 2:
        least = min(least, float(poisson_log_pmf(np.array([k - 1.0]), lam)[0]))
    return min(least, poisson_log_tail(k, lam))


#: The largest double below 1.
_BELOW_1 = 1.0 - 2.0 ** -53


def _geometric_holds(k: int, p: float) -> bool:
    """Whether Geometric(p) folded at K (p < 1) keeps every probability at least TINY,
    as :meth:`Geometric.log_probabilities` computes them (its least are at K − 1 and
    "≥ K")."""
    log_q = math.log1p(-p)
    return min(math.exp(math.log(p) + (k - 1) * log_q), math.exp(k * log_q)) >= TINY


def _geometric_least(k: int, p: float) -> float:
    """The least log-probability of Geometric(p) folded at K (p < 1)."""
    log_q = math.log1p(-p)
    return min(math.log(p) + (k - 1) * log_q, k * log_q)
