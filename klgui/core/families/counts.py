"""Families on the counts 0, 1, 2, …: Binomial(n, p), Poisson(λ), Geometric(p).

Probabilities follow Loader (2000), "Fast and accurate computation of binomial
probabilities" (the method of R's dbinom and dpois): ``exp(-stirlerr - bd0)`` terms, so
probabilities near the mode have a relative error of a few ulps even for n in the
millions, where ``exp(lgamma(n+1) - …)`` loses digits to cancellation (about 1e-12
relative remains in tails below 1e-250, from bd0's far branch). Poisson and Geometric fold their
tail into a last outcome "≥ K" (the tail is summed upward from K when small, so it
keeps its relative precision too). The probabilities as functions are in
:mod:`~klgui.core.families.counts_pmf`, the advice of a refusal in
:mod:`~klgui.core.families.counts_range`; both are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families.base import (Family, Outcomes, check_distinct, integer, number,
                                      tail_label)
from klgui.core.families.counts_pmf import (MAX_LAMBDA, MAX_OUTCOMES, binomial_log_pmf,
                                            binomial_pmf_exact, geometric_log_pmf, poisson_log_pmf,
                                            poisson_log_tail, poisson_tail_grid)
from klgui.core.families.counts_range import (binomial_works, geometric_works,
                                              lambda_range, poisson_works)
from klgui.core.families.special import bd0_array, stirlerr

__all__ = ["Binomial", "Poisson", "Geometric", "binomial_pmf_exact", "binomial_log_pmf",
           "poisson_log_pmf", "poisson_log_tail", "poisson_tail_grid", "place",
           "poisson_lambda_range"]

_LOG_2PI = math.log(2.0 * math.pi)
#: The default K leaves at most this much mass in the "≥ K" outcome.
DEFAULT_TAIL_MASS = 1e-3


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
        return binomial_works(self)

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
        return poisson_works(self)

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
            # a subnormal p gives ∞ here (log1p(−p) = −p): capped before the rounding
            k = 1.0 if self.p == 1.0 else math.log(DEFAULT_TAIL_MASS) / math.log1p(-self.p)
            k = math.ceil(min(k, MAX_OUTCOMES - 1.0))
            object.__setattr__(self, "tail", max(1, k))
        _check_tail_value(self.tail, self.name)
        object.__setattr__(self, "tail", int(self.tail))

    def log_probabilities(self) -> np.ndarray:
        """log P(X = k) = log p + k log(1−p) for k < K, then log P(X ≥ K) = K log(1−p)."""
        return geometric_log_pmf(self.p, self.tail, np.arange(self.tail + 1, dtype=np.float64))

    @property
    def point_mass(self) -> bool:
        return self.p == 1.0

    def _works(self, outcomes: Outcomes | None) -> str:
        """The least likely outcomes are K − 1 (p(1−p)^(K−1)) and "≥ K" ((1−p)^K)."""
        return geometric_works(self)

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Geometric:
        tail = integer(d, "tail", cls.name) if "tail" in d else None
        return cls(number(d, "p", cls.name), tail)


def poisson_lambda_range(tail: int, inside: float, digits: int = 4) -> tuple[float, float]:
    """The λ with which Poisson(λ, K) keeps every probability at least TINY: what a
    slider of λ may offer at this K.

    The λ that work are an interval (:meth:`Poisson._works`); each end is found by
    bisection on log λ from ``inside``, a λ that works, towards the smallest positive
    double (5e-324, the least λ the family takes) and towards the largest λ, each step
    checked on the probabilities themselves, then rounded
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
    return lambda_range(Poisson(inside, tail), digits)
