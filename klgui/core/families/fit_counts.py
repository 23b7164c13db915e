"""The fit lab's families over counts 0, 1, 2, … (see :mod:`.fit_models`): binomial
(θ = p, n fixed), Poisson (θ = λ) and geometric (θ = p), the last two with the tail K of
P's "≥ K" outcome when it has one, else their whole infinite support (the mass beyond
the column's counts is Q's "outside" mass). Binomial and Poisson compute log q_θ term
for term as :mod:`.counts` does (the same doubles), their θ-independent Stirling terms
once per model.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from klgui.core.families.base import Outcomes
from klgui.core.families.counts import (Binomial, Geometric, Poisson, binomial_log_pmf,
                                        poisson_log_pmf, poisson_log_tail,
                                        poisson_tail_grid)
from klgui.core.families.fit_base import FitModel
from klgui.core.families.special import bd0_array, stirlerr

__all__: list[str] = []

_LOG_2PI = math.log(2.0 * math.pi)
#: Beyond this many counts the outcomes lack (a label 100000 among 0 and 1), Q's mass
#: outside the outcomes is 1 − its mass on them, so the cost follows the number of
#: outcomes, not the size of a label (it was O(largest label) per θ: 21 s for one fit).
MANY_MISSING = 256


def _rest(log_q: np.ndarray) -> float:
    """1 − Q's mass on the outcomes (log q, -inf where 0), at least 0: the mass outside
    them, for a family whose whole support has mass 1. Its absolute error is a few
    ulps of 1, so it serves only where the missing counts are many (MANY_MISSING)."""
    return max(0.0, 1.0 - math.fsum(np.exp(log_q[np.isfinite(log_q)]).tolist()))


def _rest_grid(log_q: np.ndarray) -> np.ndarray:
    """:func:`_rest` for each row of log q, shape (G, n) → (G,)."""
    with np.errstate(under="ignore"):
        return np.maximum(0.0, 1.0 - np.exp(log_q).sum(axis=1))


def _counts(outcomes: Outcomes) -> tuple[np.ndarray, np.ndarray]:
    """(whether each outcome is a count 0, 1, 2, …, its count as float)."""
    v = outcomes.values
    ok = (v >= 0) & (v == np.floor(v))
    return ok, np.where(ok, v, 0.0)


class _CountModel(FitModel):
    """A family over counts: log q_θ on the outcomes, and Q_θ's mass outside them (on
    the counts the column lacks and, with no "≥ K" outcome, beyond its largest count).
    Where the lacking counts are more than MANY_MISSING that mass is 1 − Q_θ's mass on
    the outcomes (:func:`_rest`), for :meth:`log_q` and :meth:`log_q_grid` alike; else
    each family sums it (``_outside``, ``_outside_grid``)."""

    def log_q(self, theta: float) -> tuple[np.ndarray, float]:
        out = self._log_q_on(theta)
        if self._missing().size > MANY_MISSING:
            return out, _rest(out)
        return out, self._outside(theta)

    def log_q_grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = self._log_q_grid_on(thetas)
        if self._missing().size > MANY_MISSING:
            return out, _rest_grid(out)
        return out, self._outside_grid(thetas)

    def _missing(self) -> np.ndarray | _ManyMissing:
        """The counts the column lacks (:func:`_missing_counts`), worked out once."""
        raise NotImplementedError

    def _log_q_on(self, theta: float) -> np.ndarray:
        """log q_θ on each outcome, -inf where 0."""
        raise NotImplementedError

    def _outside(self, theta: float) -> float:
        """Q_θ's mass outside the outcomes, summed (at most MANY_MISSING counts lack)."""
        raise NotImplementedError

    def _log_q_grid_on(self, thetas: np.ndarray) -> np.ndarray:
        """:meth:`_log_q_on` for many θ, shape (G, n)."""
        raise NotImplementedError

    def _outside_grid(self, thetas: np.ndarray) -> np.ndarray:
        """:meth:`_outside` for many θ, shape (G,)."""
        raise NotImplementedError


class _Binomial(_CountModel):
    def _parts(self) -> tuple:
        """What log q_θ needs that does not depend on θ, computed once: the counts, the
        missing ones, and Loader's Stirling terms (binomial_log_pmf's, in its order)."""
        parts = self.__dict__.get("_cached_parts")
        if parts is None:
            n = self.fixed["n"]
            ok, k = _counts(self.outcomes)
            ok &= k <= n
            kk = k[ok]
            mid = (kk > 0) & (kk < n)
            km = kk[mid]
            head = stirlerr(np.array([n]))[0] - stirlerr(km) - stirlerr(n - km)
            half = 0.5 * (math.log(n) - _LOG_2PI - np.log(km) - np.log(n - km))
            parts = (ok, kk, mid, km, head, half, _missing_counts(kk, n + 1))
            self.__dict__["_cached_parts"] = parts
        return parts

    def _missing(self) -> np.ndarray | _ManyMissing:
        return self._parts()[-1]  # the counts 0…n the column lacks

    def _log_q_on(self, theta: float) -> np.ndarray:
        # binomial_log_pmf(k, n, θ) term for term (the same doubles), Stirling once
        n = self.fixed["n"]
        ok, kk, mid, km, head, half, _ = self._parts()
        out = np.full(ok.shape, -np.inf)
        if theta == 0.0 or theta == 1.0:
            out[ok] = binomial_log_pmf(kk, n, theta)
        else:
            q = 1.0 - theta
            inner = np.empty(kk.shape)
            inner[kk == 0] = n * math.log1p(-theta)
            inner[kk == n] = n * math.log(theta)
            inner[mid] = head - bd0_array(km, n * theta) - bd0_array(n - km, n * q) + half
            out[ok] = inner
        return out

    def _outside(self, theta: float) -> float:
        missing = self._missing()
        if not missing.size:
            return 0.0
        return math.fsum(np.exp(binomial_log_pmf(missing, self.fixed["n"], theta)))

    def score(self, theta: float) -> np.ndarray:
        n = self.fixed["n"]
        ok, k = _counts(self.outcomes)
        return np.where(ok & (k <= n), k / theta - (n - k) / (1.0 - theta), 0.0)

    def _log_q_grid_on(self, thetas: np.ndarray) -> np.ndarray:
        n = self.fixed["n"]
        ok, k = _counts(self.outcomes)
        ok &= k <= n
        log_c = np.full(k.shape, -np.inf)  # log C(n, k), from Loader's pmf at p = 1/2
        log_c[ok] = binomial_log_pmf(k[ok], n, 0.5) + n * math.log(2.0)
        t = thetas[:, None]
        with np.errstate(invalid="ignore"):
            return log_c + np.where(ok, k * np.log(t) + (n - k) * np.log1p(-t), 0.0)

    def _outside_grid(self, thetas: np.ndarray) -> np.ndarray:
        if not self._missing().size:
            return np.zeros(thetas.size)
        return np.array([self._outside(float(x)) for x in thetas])

    def score_grid(self, thetas: np.ndarray) -> np.ndarray:
        n = self.fixed["n"]
        ok, k = _counts(self.outcomes)
        t = thetas[:, None]
        return np.where(ok & (k <= n), k / t - (n - k) / (1.0 - t), 0.0)

    def spec(self, theta: float) -> dict[str, Any]:
        return Binomial(self.fixed["n"], theta).to_dict()

    def leaks(self) -> bool:
        return self._missing().size > 0


def _tailed(outcomes: Outcomes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(counts below the tail, their values, the tail outcome's mask)."""
    ok, k = _counts(outcomes)
    tail = np.zeros(outcomes.size, dtype=bool)
    if outcomes.tail is not None:
        tail[-1] = True
        ok &= ~tail & (k < outcomes.tail)
    return ok, k, tail


class _Poisson(_CountModel):
    def _parts(self) -> tuple:
        """θ-independent pieces, once: the counts, the missing ones, and the Stirling
        terms of poisson_log_pmf (in its order, so log q is the same doubles)."""
        parts = self.__dict__.get("_cached_parts")
        if parts is None:
            ok, k, tail = _tailed(self.outcomes)
            kk = k[ok]
            pos = kk > 0
            kp = kk[pos]
            top = _top(self.outcomes)
            parts = (ok, tail, kk, pos, kp, -stirlerr(kp), 0.5 * (_LOG_2PI + np.log(kp)),
                     top, _missing_counts(kk, top))
            self.__dict__["_cached_parts"] = parts
        return parts

    def _missing(self) -> np.ndarray | _ManyMissing:
        return self._parts()[-1]

    def _log_q_on(self, theta: float) -> np.ndarray:
        ok, tail, kk, pos, kp, neg_stirl, half_log, top, _ = self._parts()
        out = np.full(ok.shape, -np.inf)
        inner = np.full(kk.shape, -theta)  # poisson_log_pmf(k, θ), Stirling terms once
        inner[pos] = neg_stirl - bd0_array(kp, theta) - half_log
        out[ok] = inner
        if tail.any():
            out[tail] = poisson_log_tail(top, theta)
        return out

    def _outside(self, theta: float) -> float:
        tail, top, lost = self._parts()[1], self._parts()[-2], self._missing()
        lost_mass = math.fsum(np.exp(poisson_log_pmf(lost, theta))) if lost.size else 0.0
        if tail.any():
            return lost_mass
        return math.exp(poisson_log_tail(top, theta)) + lost_mass

    def _log_q_grid_on(self, thetas: np.ndarray) -> np.ndarray:
        ok, k, tail = _tailed(self.outcomes)
        lam = thetas[:, None]
        log_fact = np.where(ok, np.frompyfunc(math.lgamma, 1, 1)(k + 1.0).astype(float), 0.0)
        out = np.where(ok, k * np.log(lam) - lam - log_fact, -np.inf)
        if tail.any():
            kk = self.outcomes.tail
            out[:, tail] = np.array([poisson_log_tail(kk, float(x)) for x in thetas])[:, None]
        return out

    def _outside_grid(self, thetas: np.ndarray) -> np.ndarray:
        tail, top, lost = self._parts()[1], self._parts()[-2], self._missing()
        outside = np.zeros(thetas.size) if tail.any() else poisson_tail_grid(top, thetas)
        if lost.size:
            lam = thetas[:, None]
            outside = outside + np.exp(lost * np.log(lam) - lam
                                       - np.frompyfunc(math.lgamma, 1, 1)(lost + 1.0)
                                       .astype(float)).sum(axis=1)
        return outside

    def score(self, theta: float) -> np.ndarray:
        ok, k, tail = _tailed(self.outcomes)
        s = np.where(ok, k / theta - 1.0, 0.0)
        if tail.any():
            kk = self.outcomes.tail
            # d/dλ log P(X ≥ K) = P(X = K−1) / P(X ≥ K)
            s[tail] = math.exp(poisson_log_pmf(np.array([kk - 1.0]), theta)[0]
                               - poisson_log_tail(kk, theta))
        return s

    def score_grid(self, thetas: np.ndarray) -> np.ndarray:
        ok, k, tail = _tailed(self.outcomes)
        lam = thetas[:, None]
        s = np.where(ok, k / lam - 1.0, 0.0)
        if tail.any():
            s[:, tail] = np.array([self.score(float(x))[tail][0] for x in thetas])[:, None]
        return s

    def spec(self, theta: float) -> dict[str, Any]:
        return Poisson(theta, self.outcomes.tail).to_dict()

    def leaks(self) -> bool:
        return _leaks(self.outcomes)


def _top(outcomes: Outcomes) -> int:
    """K of the "≥ K" outcome; without one, the largest count plus one (0 for none)."""
    if outcomes.tail is not None:
        return outcomes.tail
    ok, k, _ = _tailed(outcomes)
    return int(k[ok].max()) + 1 if ok.any() else 0


def _leaks(outcomes: Outcomes) -> bool:
    """An infinite-support family leaks unless the column has 0…K−1 and "≥ K"."""
    if outcomes.tail is None:
        return True
    ok, k, _ = _tailed(outcomes)
    return _missing_counts(k[ok], outcomes.tail).size > 0


class _ManyMissing:
    """Stands for more than MANY_MISSING missing counts: only their number (``size``) is
    kept, never a list as long as the largest label."""

    def __init__(self, size: int) -> None:
        self.size = size


def _missing_counts(present: np.ndarray, tail: int) -> np.ndarray | _ManyMissing:
    """The counts 0…K−1 the column lacks (their mass is outside the outcomes); when
    there are more than MANY_MISSING, a :class:`_ManyMissing` of their number."""
    tail = int(tail)
    count = tail - np.unique(present[present < tail]).size
    if count > MANY_MISSING:
        return _ManyMissing(count)
    have = np.zeros(tail, dtype=bool)
    have[present.astype(np.int64)] = True
    return np.flatnonzero(~have).astype(np.float64)


class _Geometric(_CountModel):
    def _log_q_on(self, theta: float) -> np.ndarray:
        ok, k, tail = _tailed(self.outcomes)
        out = np.full(k.shape, -np.inf)
        log_f = math.log1p(-theta)
        out[ok] = math.log(theta) + k[ok] * log_f
        if tail.any():
            out[tail] = self.outcomes.tail * log_f
        return out

    def _outside(self, theta: float) -> float:
        log_f = math.log1p(-theta)
        lost = self._missing()
        if self.outcomes.tail is not None:
            return math.fsum(theta * np.exp(lost * log_f)) if lost.size else 0.0
        return math.exp(_top(self.outcomes) * log_f) + math.fsum(theta * np.exp(lost * log_f))

    def _missing(self) -> np.ndarray | _ManyMissing:
        """The counts below the tail (or the largest count) the outcomes lack, once."""
        lost = self.__dict__.get("_cached_lost")
        if lost is None:
            ok, k, _ = _tailed(self.outcomes)
            lost = self.__dict__["_cached_lost"] = _missing_counts(k[ok], _top(self.outcomes))
        return lost

    def _log_q_grid_on(self, thetas: np.ndarray) -> np.ndarray:
        ok, k, tail = _tailed(self.outcomes)
        t = thetas[:, None]
        log_f = np.log1p(-t)
        out = np.where(ok, np.log(t) + k * log_f, -np.inf)
        if tail.any():
            out[:, tail] = self.outcomes.tail * log_f
        return out

    def _outside_grid(self, thetas: np.ndarray) -> np.ndarray:
        t = thetas[:, None]
        log_f = np.log1p(-t)
        if self.outcomes.tail is not None:
            outside = np.zeros(thetas.size)
        else:
            outside = np.exp(_top(self.outcomes) * log_f[:, 0])
        lost = self._missing()
        if lost.size:
            outside = outside + (t * np.exp(lost * log_f)).sum(axis=1)
        return outside

    def score_grid(self, thetas: np.ndarray) -> np.ndarray:
        ok, k, tail = _tailed(self.outcomes)
        t = thetas[:, None]
        s = np.where(ok, 1.0 / t - k / (1.0 - t), 0.0)
        if tail.any():
            s[:, tail] = -self.outcomes.tail / (1.0 - t)
        return s

    def score(self, theta: float) -> np.ndarray:
        ok, k, tail = _tailed(self.outcomes)
        s = np.where(ok, 1.0 / theta - k / (1.0 - theta), 0.0)
        if tail.any():
            s[tail] = -self.outcomes.tail / (1.0 - theta)
        return s

    def spec(self, theta: float) -> dict[str, Any]:
        return Geometric(theta, self.outcomes.tail).to_dict()

    def leaks(self) -> bool:
        return _leaks(self.outcomes)
