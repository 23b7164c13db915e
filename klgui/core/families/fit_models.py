"""One-parameter families for the fit lab: log q_θ over a column's outcomes, the mass
Q_θ puts outside them, and the score d log q_θ/dθ.

Which parameter is fitted (the others stay fixed):

=========  ======  ============================  ==================================
family     θ       fixed                         range of θ
=========  ======  ============================  ==================================
binomial   p       n                             (0, 1)
poisson    lam     the tail K of P's "≥ K"       (0, max(2·largest count, 10)]
geometric  p       the tail K of P's "≥ K"       (0, 1)
normal     mean    sd                            smallest … largest outcome ± 3·sd
zipf       s       N = the number of outcomes    [−3, 6]
=========  ======  ============================  ==================================

Without a "≥ K" outcome, Poisson and Geometric keep their whole infinite support: the
mass beyond the column's counts is Q's "outside" mass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families.base import SYMBOLS, Outcomes
from klgui.core.families.counts import (Binomial, Geometric, Poisson, binomial_log_pmf,
                                        poisson_log_pmf, poisson_log_tail,
                                        poisson_tail_grid)
from klgui.core.families.finite import Normal, Zipf, normal_edges, zipf_log_pmf
from klgui.core.families.special import (bd0_array, normal_bin_masses, std_normal_pdf,
                                         stirlerr)

__all__ = ["FitModel", "fit_model", "FIT_PARAMETERS"]

_LOG_2PI = math.log(2.0 * math.pi)
#: The fitted parameter of each family the fit lab offers.
FIT_PARAMETERS: dict[str, str] = {"binomial": "p", "poisson": "lam", "geometric": "p",
                                  "normal": "mean", "zipf": "s"}


@dataclass
class FitModel:
    """Q_θ over a column's outcomes for one family with its other parameters fixed."""

    family: str
    outcomes: Outcomes
    fixed: dict[str, Any] = field(default_factory=dict)
    low: float = 0.0
    high: float = 1.0
    #: Whether θ = low / θ = high belong to the range (else the grid stays inside).
    closed: tuple[bool, bool] = (False, False)

    @property
    def parameter(self) -> str:
        """The fitted parameter's session key (``"lam"``)."""
        return FIT_PARAMETERS[self.family]

    @property
    def symbol(self) -> str:
        """The fitted parameter as people write it (``"λ"``)."""
        return {"lam": "λ", "mean": "μ"}.get(self.parameter, self.parameter)

    # The family's pieces, set by fit_model().
    def log_q(self, theta: float) -> tuple[np.ndarray, float]:
        """(log q_θ on each outcome, -inf where 0; Q_θ's mass outside the outcomes)."""
        raise NotImplementedError

    def score(self, theta: float) -> np.ndarray:
        """d log q_θ / dθ on each outcome (0 where q_θ = 0)."""
        raise NotImplementedError

    def log_q_score(self, theta: float) -> tuple[np.ndarray, float, np.ndarray]:
        """(:meth:`log_q`'s two values, :meth:`score`) at one θ; the same numbers, the
        work they share done once (the refinement calls this a dozen times a root)."""
        log_q, outside = self.log_q(theta)
        return log_q, outside, self.score(theta)

    def log_q_grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`log_q` for many θ at once: shapes (G, n) and (G,). Fast; the curves use
        it, the refined stationary points the exact :meth:`log_q`."""
        rows = [self.log_q(float(t)) for t in thetas]
        return np.array([r[0] for r in rows]), np.array([r[1] for r in rows])

    def score_grid(self, thetas: np.ndarray) -> np.ndarray:
        """:meth:`score` for many θ at once, shape (G, n)."""
        return np.array([self.score(float(t)) for t in thetas])

    def grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(log q, outside mass, score) for many θ; families sharing work override it."""
        log_q, outside = self.log_q_grid(thetas)
        return log_q, outside, self.score_grid(thetas)

    def spec(self, theta: float) -> dict[str, Any]:
        """The session's family object of Q_θ."""
        raise NotImplementedError

    def leaks(self) -> bool:
        """Whether every Q_θ gives mass to outcomes the column lacks (so D(Q‖P) = ∞ for
        every θ, even where that mass underflows a double)."""
        return False

    def describe(self, theta: float | None = None) -> str:
        fixed = ", ".join(f"{SYMBOLS.get(k, k)} = {v:g}" for k, v in self.fixed.items())
        par = self.symbol if theta is None else f"{self.symbol} = {theta:.6g}"
        return f"{self.family.capitalize()}({', '.join(x for x in (fixed, par) if x)})"


def _counts(outcomes: Outcomes) -> tuple[np.ndarray, np.ndarray]:
    """(whether each outcome is a count 0, 1, 2, …, its count as float)."""
    v = outcomes.values
    ok = (v >= 0) & (v == np.floor(v))
    return ok, np.where(ok, v, 0.0)


class _Binomial(FitModel):
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
            present = np.zeros(n + 1, dtype=bool)
            present[kk.astype(np.int64)] = True
            parts = (ok, kk, mid, km, head, half, np.flatnonzero(~present))
            self.__dict__["_cached_parts"] = parts
        return parts

    def log_q(self, theta: float) -> tuple[np.ndarray, float]:
        # binomial_log_pmf(k, n, θ) term for term (the same doubles), Stirling once
        n = self.fixed["n"]
        ok, kk, mid, km, head, half, missing = self._parts()
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
        # the counts 0…n the column lacks
        outside = 0.0
        if missing.size:
            outside = math.fsum(np.exp(binomial_log_pmf(missing, n, theta)))
        return out, outside

    def score(self, theta: float) -> np.ndarray:
        n = self.fixed["n"]
        ok, k = _counts(self.outcomes)
        return np.where(ok & (k <= n), k / theta - (n - k) / (1.0 - theta), 0.0)

    def log_q_grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n = self.fixed["n"]
        ok, k = _counts(self.outcomes)
        ok &= k <= n
        log_c = np.full(k.shape, -np.inf)  # log C(n, k), from Loader's pmf at p = 1/2
        log_c[ok] = binomial_log_pmf(k[ok], n, 0.5) + n * math.log(2.0)
        t = thetas[:, None]
        with np.errstate(invalid="ignore"):
            out = log_c + np.where(ok, k * np.log(t) + (n - k) * np.log1p(-t), 0.0)
        present = np.zeros(n + 1, dtype=bool)
        present[k[ok].astype(np.int64)] = True
        missing = np.flatnonzero(~present)
        outside = np.zeros(thetas.size)
        if missing.size:
            outside = np.array([math.fsum(np.exp(binomial_log_pmf(missing, n, float(x))))
                                for x in thetas])
        return out, outside

    def score_grid(self, thetas: np.ndarray) -> np.ndarray:
        n = self.fixed["n"]
        ok, k = _counts(self.outcomes)
        t = thetas[:, None]
        return np.where(ok & (k <= n), k / t - (n - k) / (1.0 - t), 0.0)

    def spec(self, theta: float) -> dict[str, Any]:
        return Binomial(self.fixed["n"], theta).to_dict()

    def leaks(self) -> bool:
        return self._parts()[-1].size > 0


def _tailed(outcomes: Outcomes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(counts below the tail, their values, the tail outcome's mask)."""
    ok, k = _counts(outcomes)
    tail = np.zeros(outcomes.size, dtype=bool)
    if outcomes.tail is not None:
        tail[-1] = True
        ok &= ~tail & (k < outcomes.tail)
    return ok, k, tail


class _Poisson(FitModel):
    def _parts(self) -> tuple:
        """θ-independent pieces, once: the counts, the missing ones, and the Stirling
        terms of poisson_log_pmf (in its order, so log q is the same doubles)."""
        parts = self.__dict__.get("_cached_parts")
        if parts is None:
            ok, k, tail = _tailed(self.outcomes)
            kk = k[ok]
            pos = kk > 0
            kp = kk[pos]
            if tail.any():
                top = self.outcomes.tail
            else:
                top = int(kk.max()) + 1 if ok.any() else 0
            parts = (ok, tail, kk, pos, kp, -stirlerr(kp), 0.5 * (_LOG_2PI + np.log(kp)),
                     top, _missing_counts(kk, top))
            self.__dict__["_cached_parts"] = parts
        return parts

    def log_q(self, theta: float) -> tuple[np.ndarray, float]:
        ok, tail, kk, pos, kp, neg_stirl, half_log, top, lost = self._parts()
        out = np.full(ok.shape, -np.inf)
        inner = np.full(kk.shape, -theta)  # poisson_log_pmf(k, θ), Stirling terms once
        inner[pos] = neg_stirl - bd0_array(kp, theta) - half_log
        out[ok] = inner
        lost_mass = math.fsum(np.exp(poisson_log_pmf(lost, theta))) if lost.size else 0.0
        if tail.any():
            out[tail] = poisson_log_tail(top, theta)
            return out, lost_mass
        beyond = math.exp(poisson_log_tail(top, theta))
        return out, beyond + lost_mass

    def log_q_grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ok, k, tail = _tailed(self.outcomes)
        lam = thetas[:, None]
        log_fact = np.where(ok, np.frompyfunc(math.lgamma, 1, 1)(k + 1.0).astype(float), 0.0)
        out = np.where(ok, k * np.log(lam) - lam - log_fact, -np.inf)
        outside = np.zeros(thetas.size)
        if tail.any():
            kk = self.outcomes.tail
            out[:, tail] = np.array([poisson_log_tail(kk, float(x)) for x in thetas])[:, None]
            lost = _missing_counts(k[ok], kk)
        else:
            top = int(k[ok].max()) + 1 if ok.any() else 0
            lost = _missing_counts(k[ok], top)
            outside = poisson_tail_grid(top, thetas)
        if lost.size:
            outside = outside + np.exp(lost * np.log(lam) - lam
                                       - np.frompyfunc(math.lgamma, 1, 1)(lost + 1.0)
                                       .astype(float)).sum(axis=1)
        return out, outside

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


def _leaks(outcomes: Outcomes) -> bool:
    """An infinite-support family leaks unless the column has 0…K−1 and "≥ K"."""
    if outcomes.tail is None:
        return True
    ok, k, _ = _tailed(outcomes)
    return _missing_counts(k[ok], outcomes.tail).size > 0


def _missing_counts(present: np.ndarray, tail: int) -> np.ndarray:
    """The counts 0…K−1 the column lacks (their mass is outside the outcomes)."""
    have = np.zeros(tail, dtype=bool)
    have[present.astype(np.int64)] = True
    return np.flatnonzero(~have).astype(np.float64)


class _Geometric(FitModel):
    def log_q(self, theta: float) -> tuple[np.ndarray, float]:
        ok, k, tail = _tailed(self.outcomes)
        out = np.full(k.shape, -np.inf)
        log_f = math.log1p(-theta)
        out[ok] = math.log(theta) + k[ok] * log_f
        if tail.any():
            out[tail] = self.outcomes.tail * log_f
            lost = _missing_counts(k[ok], self.outcomes.tail)
            return out, math.fsum(theta * np.exp(lost * log_f)) if lost.size else 0.0
        top = int(k[ok].max()) + 1 if ok.any() else 0
        lost = _missing_counts(k[ok], top)
        return out, math.exp(top * log_f) + math.fsum(theta * np.exp(lost * log_f))

    def log_q_grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ok, k, tail = _tailed(self.outcomes)
        t = thetas[:, None]
        log_f = np.log1p(-t)
        out = np.where(ok, np.log(t) + k * log_f, -np.inf)
        if tail.any():
            out[:, tail] = self.outcomes.tail * log_f
            top = self.outcomes.tail
            outside = np.zeros(thetas.size)
        else:
            top = int(k[ok].max()) + 1 if ok.any() else 0
            outside = np.exp(top * log_f[:, 0])
        lost = _missing_counts(k[ok], top)
        if lost.size:
            outside = outside + (t * np.exp(lost * log_f)).sum(axis=1)
        return out, outside

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


class _Normal(FitModel):
    @property
    def _edges(self) -> np.ndarray:
        return self._edges_order()[0]

    @property
    def _order(self) -> np.ndarray:
        return self._edges_order()[1]

    def _edges_order(self) -> tuple[np.ndarray, np.ndarray]:
        outcomes = self.outcomes  # they do not change: sorted once
        return outcomes.memo("normal_edges", lambda: normal_edges(outcomes.values))

    def _masses(self, theta: float) -> tuple[np.ndarray, np.ndarray]:
        sd = self.fixed["sd"]
        z = (self._edges - theta) / sd
        return normal_bin_masses(z), z

    def log_q(self, theta: float) -> tuple[np.ndarray, float]:
        m, _ = self._masses(theta)
        out = np.empty(m.size)
        with np.errstate(divide="ignore"):
            out[self._order] = np.log(m)
        return out, 0.0

    def score(self, theta: float) -> np.ndarray:
        return self.log_q_score(theta)[2]

    def log_q_score(self, theta: float) -> tuple[np.ndarray, float, np.ndarray]:
        m, z = self._masses(theta)  # one erfc per edge, shared by log q and the score
        log_q = np.empty(m.size)
        with np.errstate(divide="ignore"):
            log_q[self._order] = np.log(m)
        dens = std_normal_pdf(z)  # 0 at ±inf
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(m > 0, (dens[1:] - dens[:-1]) / (self.fixed["sd"] * m), 0.0)
        # d/dμ Φ((b−μ)/σ) = −φ(b')/σ: mass' = (φ(a') − φ(b'))/σ; sign fixed below
        out = np.empty(m.size)
        out[self._order] = -s
        return log_q, 0.0, out

    def _grid_masses(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        z = (self._edges[None, :] - thetas[:, None]) / self.fixed["sd"]
        # The grid (plotted, and where the slope changes sign) takes the fast erfc; the
        # refined points and their D take math.erfc itself (_masses).
        return normal_bin_masses(z, fast=True), z

    def log_q_grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m, _ = self._grid_masses(thetas)
        out = np.empty(m.shape)
        with np.errstate(divide="ignore"):
            out[:, self._order] = np.log(m)
        return out, np.zeros(thetas.size)

    def score_grid(self, thetas: np.ndarray) -> np.ndarray:
        return self.grid(thetas)[2]

    def grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m, z = self._grid_masses(thetas)  # one erfc per edge and θ, shared
        order = self._order
        log_q = np.empty(m.shape)
        with np.errstate(divide="ignore"):
            log_q[:, order] = np.log(m)
        dens = std_normal_pdf(z)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(m > 0, (dens[:, :-1] - dens[:, 1:]) / (self.fixed["sd"] * m), 0.0)
        score = np.empty(m.shape)
        score[:, order] = s
        return log_q, np.zeros(thetas.size), score

    def spec(self, theta: float) -> dict[str, Any]:
        return Normal(theta, self.fixed["sd"]).to_dict()


class _Zipf(FitModel):
    def log_q(self, theta: float) -> tuple[np.ndarray, float]:
        return zipf_log_pmf(theta, self.outcomes.size), 0.0

    def score(self, theta: float) -> np.ndarray:
        return self.log_q_score(theta)[2]

    def log_q_score(self, theta: float) -> tuple[np.ndarray, float, np.ndarray]:
        log_q = zipf_log_pmf(theta, self.outcomes.size)
        log_k = np.log(np.arange(1, self.outcomes.size + 1, dtype=np.float64))
        return log_q, 0.0, math.fsum(np.exp(log_q) * log_k) - log_k

    def log_q_grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        log_k = np.log(np.arange(1, self.outcomes.size + 1, dtype=np.float64))
        e = -thetas[:, None] * log_k
        top = e.max(axis=1, keepdims=True)
        return e - top - np.log(np.exp(e - top).sum(axis=1, keepdims=True)), \
            np.zeros(thetas.size)

    def score_grid(self, thetas: np.ndarray) -> np.ndarray:
        return self.grid(thetas)[2]

    def grid(self, thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        log_q, outside = self.log_q_grid(thetas)  # once, for log q and the score
        log_k = np.log(np.arange(1, self.outcomes.size + 1, dtype=np.float64))
        return log_q, outside, (np.exp(log_q) * log_k).sum(axis=1, keepdims=True) - log_k

    def spec(self, theta: float) -> dict[str, Any]:
        return Zipf(theta).to_dict()


def fit_model(family: str, outcomes: Outcomes, **fixed: Any) -> FitModel:
    """The fit lab's model of ``family`` over ``outcomes`` (see the module's table).

    Parameters
    ----------
    family : {"binomial", "poisson", "geometric", "normal", "zipf"}
    outcomes : Outcomes
        The reference's outcomes (:func:`klgui.core.families.outcome_values`).
    **fixed
        ``n`` for binomial (default: the largest count), ``sd`` for normal (required).

    Raises
    ------
    DistributionError
        An unknown family, a bad fixed parameter (named), repeated outcome values.
    """
    if family not in FIT_PARAMETERS:
        raise DistributionError(f"The fit lab fits {', '.join(FIT_PARAMETERS)}, "
                                f"not {family!r}.")
    values = outcomes.values
    if np.unique(values).size != values.size:
        raise DistributionError("The fit lab needs distinct outcomes; the labels repeat a "
                                "number.")
    big = float(np.max(values)) if values.size else 1.0
    if family == "binomial":
        n = fixed.get("n")
        if n is None:
            n = max(1, int(math.floor(big)))
        Binomial(n, 0.5)  # checks n, naming it
        return _Binomial(family, outcomes, {"n": int(n)})
    if family == "poisson":
        top = outcomes.tail if outcomes.tail is not None else big
        return _Poisson(family, outcomes, {}, 0.0, max(2.0 * top, 10.0), (False, True))
    if family == "geometric":
        return _Geometric(family, outcomes, {})
    if family == "normal":
        sd = fixed.get("sd")
        if sd is None:
            raise DistributionError("'sd' of the normal family must be given: it stays "
                                    "fixed while the mean is fitted.")
        Normal(0.0, sd)  # checks sd, naming it
        lo, hi = float(np.min(values)), float(np.max(values))
        return _Normal(family, outcomes, {"sd": float(sd)}, lo - 3 * sd, hi + 3 * sd,
                       (True, True))
    return _Zipf(family, outcomes, {}, -3.0, 6.0, (True, True))
