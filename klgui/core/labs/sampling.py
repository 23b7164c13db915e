"""Estimating D(P‖Q) from samples x ~ P: the estimators k1, k2 and k3.

With r = q(x)/p(x) for a draw x ~ P (Schulman, "Approximating KL divergence", 2020):

* k1 = −log r. E_P[k1] = Σ_{p>0} p·log(p/q) = D(P‖Q): unbiased, but a single sample
  is often negative and its spread is large.
* k2 = ½(log r)². Never negative and low in spread, but E_P[k2] = ½ Σ p·(log r)² is
  another quantity: close to D only when Q is close to P.
* k3 = (r − 1) − log r. Never negative (log r ≤ r − 1). E_P[k3] = Σ_{p>0} (q − p) + D
  = D − Q(outside supp P): unbiased exactly when Q gives no probability to outcomes P
  rules out, and otherwise biased by −Q(outside supp P).

The exact means and single-sample standard deviations are finite sums over the outcomes
(:func:`estimator_stats`); :class:`Sampler` draws x ~ P with
``numpy.random.Generator(PCG64(seed))`` and keeps each estimator's running mean and
standard error. Everything is in nats; divide by ``nats_per_unit(unit)`` for another
unit (k3 in bits is (r − 1)/ln 2 − log₂ r, still unbiased for D in bits).

When Q gives probability 0 to an outcome P allows, D(P‖Q) = ∞: a draw of that outcome
has r = 0 and k1 = k2 = k3 = +∞, so every exact mean is ∞ and a running mean is finite
only until the first such draw, then ∞ for ever.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.labs.common import pair
from klgui.core.labs.sample_moments import sample_moments
from klgui.core.numerics.binade_sum import BinadeParts
from klgui.core.numerics.divergence import compare
from klgui.core.numerics.exact import dd_sum, rounded
from klgui.core.numerics.terms import nonnegative_terms
from klgui.core.units import check_unit, in_unit, nats_per_unit

__all__ = ["ESTIMATORS", "EstimatorStats", "estimator_stats", "per_outcome",
           "Sampler", "Trace", "MAX_DRAWS"]

ESTIMATORS = ("k1", "k2", "k3")
#: Draws a Sampler keeps at most (its history of running means is then 48 MB).
MAX_DRAWS = 1_000_000
#: Draws are made in chunks of at most this many (memory stays small for any request).
CHUNK = 65_536


def per_outcome(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The values of k1, k2, k3 at each outcome, shape (3, n), in nats.

    Accurate where q ≈ p: log r is ``log1p((q − p)/p)`` there (q − p exact), and
    ``log(q/p)`` elsewhere (where 1 + (q − p)/p would lose the digits of a tiny r);
    k3 = ((q − p) − p·log(q/p))/p is Loader's non-negative bd0 term over p. Where p = 0
    (never drawn) the values are 0; where q = 0 < p they are +∞.
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    out = np.zeros((3, p.size))
    drawn = p > 0
    pd, qd = p[drawn], q[drawn]
    with np.errstate(divide="ignore"):
        u = (qd - pd) / pd
        near = np.abs(u) < 0.5  # r near 1: log1p keeps the digits log(q/p) would lose
        log_r = np.where(near, np.log1p(np.where(near, u, 0.0)), np.log(qd / pd))
    out[0, drawn] = -log_r + 0.0  # never −0.0
    out[1, drawn] = 0.5 * log_r * log_r
    out[2, drawn] = nonnegative_terms(pd, qd) / pd
    return out


@dataclass(frozen=True)
class EstimatorStats:
    """Exact facts about k1, k2, k3 for draws from P, in nats.

    Attributes
    ----------
    divergence : float
        D(P‖Q), the quantity k1 and k3 estimate (``inf`` when Q rules out an outcome P
        allows).
    mean, sd : dict of str to float
        E_P[k] and the standard deviation of one sample of k, for "k1", "k2", "k3";
        ``inf`` when D is infinite.
    q_outside : float
        Q(outside supp P): the probability Q gives to outcomes with p = 0.
    infinite : tuple of int
        Outcomes (0-based) with p > 0 and q = 0: a draw of one gives r = 0, k = ∞.
    p_infinite : float
        P's probability of those outcomes: the chance that one draw is infinite.
    shown : tuple of (float, str) or None
        D(P‖Q) as the exact core gave it (the figures' and the ranking's value) and its
        unit, when the caller passed it: :meth:`divergence_in` gives that very double
        in that unit, rather than one converted from nats.
    """

    divergence: float
    mean: dict[str, float]
    sd: dict[str, float]
    q_outside: float
    infinite: tuple[int, ...]
    p_infinite: float
    shown: tuple[float, str] | None = None

    @property
    def finite(self) -> bool:
        return not self.infinite

    def bias(self, name: str) -> float | None:
        """E_P[k] − D(P‖Q): 0 for k1; exactly −Q(outside supp P) for k3 (the identity
        E[k3] = D − Q(outside supp P)); for k2 the gap between the quantity it
        estimates and D. None when D is infinite: the mean and D are both ∞, and ∞ − ∞
        is no number (0 would read as "unbiased")."""
        if not self.finite:
            return None
        if name == "k1":
            return 0.0
        if name == "k3":
            return -self.q_outside + 0.0
        return self.mean[name] - self.divergence + 0.0

    # -- in a unit: what tables and exports show -------------------------------------
    def divergence_in(self, unit: str) -> float:
        """D(P‖Q) in ``unit``: the core's own figure when it was given in ``unit``."""
        if self.shown is not None and self.shown[1] == unit:
            return self.shown[0]
        return in_unit(self.divergence, unit)

    def mean_in(self, name: str, unit: str) -> float:
        """E_P[k] in ``unit``. E[k1] is D(P‖Q), and so is E[k3] when Q gives nothing
        outside supp P: then the very double :meth:`divergence_in` gives."""
        if name == "k1" or (name == "k3" and self.q_outside == 0.0):
            return self.divergence_in(unit)
        return in_unit(self.mean[name], unit)

    def sd_in(self, name: str, unit: str) -> float:
        """The standard deviation of one sample of k in ``unit``."""
        return in_unit(self.sd[name], unit)

    def bias_in(self, name: str, unit: str) -> float | None:
        """:meth:`bias` in ``unit``; for k2 the difference of the shown mean and D, so
        the three cells of a row agree."""
        bias = self.bias(name)
        if bias is None or name != "k2":
            return None if bias is None else in_unit(bias, unit)
        return self.mean_in(name, unit) - self.divergence_in(unit) + 0.0


def _sum(terms: np.ndarray) -> float:
    """The sum of non-negative terms, rounded once from a double-double
    (:func:`~klgui.core.numerics.exact.dd_sum`, about 1e-21 relative)."""
    return rounded(dd_sum(terms))


def estimator_stats(p: Sequence[float] | np.ndarray, q: Sequence[float] | np.ndarray,
                    divergence: float | None = None, unit: str = "nats") -> EstimatorStats:
    """Exact means and single-sample standard deviations of k1, k2, k3 under x ~ P.

    Parameters
    ----------
    p, q : sequence of float, shape (n,)
        Probabilities of the reference P and the model Q (each summing to 1).
    divergence : float, optional
        D(P‖Q) in ``unit`` as the exact core computed it for the entries as typed (a
        Comparison's ``kl_pq``): E[k1] is that figure, so the lab agrees with the
        summary and the ranking. Without it, D comes from
        :func:`~klgui.core.compare` on ``p`` and ``q`` (a few ulps from exact).
    unit : str
        The unit of ``divergence``.

    Returns
    -------
    EstimatorStats
        In nats. E[k1] = D, and E[k3] = D too when Q(outside supp P) = 0; otherwise
        E[k3] = Σ_{p>0} (p·log(p/q) − p + q), Loader's non-negative terms. E[k3], E[k2]
        and the variances Σ p·(k − E k)² are sums of non-negative terms, each an ulp or
        two from exact, added in double-double (the core's ``dd_sum``) and rounded once.

    Raises
    ------
    DistributionError
        P or Q is not a probability vector, or their lengths differ.
    """
    p, q = pair(p, q)
    check_unit(unit)
    drawn = p > 0
    q_outside = math.fsum(q[~drawn].tolist())
    infinite = tuple(np.flatnonzero(drawn & (q == 0)).tolist())
    p_infinite = math.fsum(p[list(infinite)].tolist()) if infinite else 0.0
    if infinite:
        inf = {name: math.inf for name in ESTIMATORS}
        shown = None if divergence is None else (math.inf, unit)
        return EstimatorStats(math.inf, inf, dict(inf), q_outside, infinite, p_infinite,
                              shown)
    if divergence is None:
        d, shown = compare(p, q, normalize=False).kl_pq, None
    else:
        d, shown = float(divergence) * nats_per_unit(unit), (float(divergence) + 0.0, unit)
    values = per_outcome(p, q)[:, drawn]
    weights = p[drawn]
    mean = {"k1": d,
            "k2": _sum(weights * values[1]),
            # E[k3] = D when Q gives nothing outside supp P; else Σ of the bd0 terms
            # p·log(p/q) − p + q ≥ 0 (D − Q(outside) would cancel when they are close)
            "k3": d if q_outside == 0.0 else
            _sum(nonnegative_terms(p[drawn], q[drawn]))}
    sd = {}
    for row, name in enumerate(ESTIMATORS):
        if np.ptp(values[row]) == 0.0:
            sd[name] = 0.0  # one value at every drawn outcome: no spread, not an ulp of it
            continue
        deviation = values[row] - mean[name]
        sd[name] = math.sqrt(_sum(weights * deviation * deviation))
    return EstimatorStats(d, mean, sd, q_outside, (), 0.0, shown)


@dataclass(frozen=True, eq=False)
class Trace:
    """The running means of a sampler after each draw, in nats.

    Attributes
    ----------
    draws : ndarray of int, shape (m,)
        1, 2, ..., m: the number of draws after which each value holds.
    mean, se : ndarray, shape (3, m)
        Running mean of k1, k2, k3 and its standard error s/√n (s the sample standard
        deviation, n − 1 in its denominator). ``se`` is ``inf`` after one draw (one
        sample says nothing about spread). Both are ``inf`` from the first draw that
        gave k = ∞ on.
    """

    draws: np.ndarray
    mean: np.ndarray
    se: np.ndarray


class Sampler:
    """Draws x ~ P, reproducibly, and follows the running means of k1, k2, k3.

    Draws come from ``numpy.random.Generator(PCG64(seed))``, one uniform double per
    draw mapped through P's cumulative sums, so the same seed gives the same outcomes
    however the draws are split (100 draws of 1 = one draw of 100). The sample means and
    standard errors (:meth:`current`) are computed from the counts of the outcomes
    drawn (:func:`~klgui.core.labs.sample_moments.sample_moments`, the mean correctly
    rounded), so they too are the same however the draws were split; the trace's
    running means between are for drawing curves (a few ulps from exact).

    Parameters
    ----------
    p, q : sequence of float, shape (n,)
        Probabilities of P (drawn from) and Q.
    seed : int
        Seed of the generator, ≥ 0.
    divergence : float, optional
        D(P‖Q) in ``unit`` from the exact core (see :func:`estimator_stats`).
    unit : str
        The unit of ``divergence``.

    Raises
    ------
    DistributionError
        P or Q is not a probability vector, or the seed is negative.
    """

    def __init__(self, p: Sequence[float] | np.ndarray, q: Sequence[float] | np.ndarray,
                 seed: int = 0, divergence: float | None = None, unit: str = "nats"
                 ) -> None:
        if not isinstance(seed, (int, np.integer)) or seed < 0:
            raise DistributionError(f"Sampler: the seed must be a whole number ≥ 0, not {seed!r}.")
        self.p, self.q = pair(p, q)
        self.seed = int(seed)
        self.stats = estimator_stats(self.p, self.q, divergence, unit)
        self.values = per_outcome(self.p, self.q)
        self._parts = [BinadeParts(row) for row in self.values]  # for exact sample means
        cdf = np.cumsum(self.p)
        self._cdf = cdf / cdf[-1]
        self._last = int(np.flatnonzero(self.p > 0)[-1])
        # Sums of k − E[k] (shifted by the exact mean, so the variance keeps its digits).
        self._shift = np.array([0.0 if math.isinf(m) else m
                                for m in self.stats.mean.values()])
        self.reset()

    def reset(self) -> None:
        """Forget every draw and start the generator again from the seed."""
        self._rng = np.random.Generator(np.random.PCG64(self.seed))
        self.n = 0
        self.counts = np.zeros(self.p.size, dtype=np.int64)
        self._s1 = np.zeros(3)
        self._s2 = np.zeros(3)
        self._first_infinite: int | None = None  # 1-based draw
        self._mean = np.empty((3, 1024))  # filled up to self.n; grown by doubling
        self._se = np.empty((3, 1024))
        self._now: tuple[np.ndarray, np.ndarray] = (np.zeros(3), np.full(3, np.inf))

    @property
    def first_infinite(self) -> int | None:
        """The 1-based number of the first draw that gave k = ∞, or None."""
        return self._first_infinite

    def draw(self, count: int) -> np.ndarray:
        """Draw ``count`` more outcomes (0-based indices, returned) and extend the trace.

        Raises
        ------
        DistributionError
            ``count`` < 0, or more than ``MAX_DRAWS`` draws in all.
        """
        count = int(count)
        if count < 0:
            raise DistributionError(f"Sampler: cannot draw {count} samples.")
        if self.n + count > MAX_DRAWS:
            raise DistributionError(f"Sampler: at most {MAX_DRAWS:,} draws in all; "
                                    f"{self.n:,} are drawn, {count:,} more asked for.")
        chunks = [self._draw_chunk(min(CHUNK, count - start)) for start in range(0, count, CHUNK)]
        if chunks:
            # The figures now, from the counts: the trace ends on the very numbers
            # current() gives, whatever chunks the draws came in.
            self._now = sample_moments(self.values, self.counts, self._parts)
            self._mean[:, self.n - 1], self._se[:, self.n - 1] = self._now
        return np.concatenate(chunks) if chunks else np.empty(0, dtype=np.intp)

    def _draw_chunk(self, size: int) -> np.ndarray:
        u = self._rng.random(size)
        x = np.minimum(np.searchsorted(self._cdf, u, side="right"), self._last)
        self.counts += np.bincount(x, minlength=self.p.size)
        k = self.values[:, x]
        n = self.n + np.arange(1, size + 1)
        bad = np.isinf(k[0])
        if self._first_infinite is None and bad.any():
            self._first_infinite = self.n + int(np.argmax(bad)) + 1
        dev = np.where(np.isinf(k), 0.0, k - self._shift[:, None])
        s1 = self._s1[:, None] + np.cumsum(dev, axis=1)
        s2 = self._s2[:, None] + np.cumsum(dev * dev, axis=1)
        self._s1, self._s2 = s1[:, -1].copy(), s2[:, -1].copy()
        mean = self._shift[:, None] + s1 / n
        with np.errstate(divide="ignore", invalid="ignore"):
            var = np.maximum(s2 - s1 * s1 / n, 0.0) / (n - 1)
            se = np.where(n > 1, np.sqrt(var / n), np.inf)
        if self._first_infinite is not None:
            gone = n >= self._first_infinite
            mean[:, gone] = np.inf
            se[:, gone] = np.inf
        if self.n + size > self._mean.shape[1]:
            grown = max(2 * self._mean.shape[1], self.n + size)
            self._mean = _grown(self._mean, grown, self.n)
            self._se = _grown(self._se, grown, self.n)
        self._mean[:, self.n:self.n + size] = mean
        self._se[:, self.n:self.n + size] = se
        self.n += size
        return x

    def trace(self) -> Trace:
        """Running means and standard errors after each draw so far (read-only views)."""
        mean, se = self._mean[:, :self.n], self._se[:, :self.n]
        mean.flags.writeable = se.flags.writeable = False
        return Trace(np.arange(1, self.n + 1), mean, se)

    def current(self) -> tuple[np.ndarray, np.ndarray]:
        """The sample means and standard errors of the draws so far, shape (3,), from
        the counts (the means correctly rounded; see the class); NaN-free (``inf``
        standard errors before a second draw, zeros before any)."""
        return self._now[0].copy(), self._now[1].copy()

    def frequencies(self) -> np.ndarray:
        """The share of the draws that gave each outcome (all 0 before any draw)."""
        return self.counts / max(self.n, 1)


def _grown(a: np.ndarray, columns: int, used: int) -> np.ndarray:
    out = np.empty((a.shape[0], columns))
    out[:, :used] = a[:, :used]
    return out
