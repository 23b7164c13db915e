"""Families on a column's own outcomes: Uniform, Zipf(s), a discretized Normal(μ, σ),
and the softmax of logits at a temperature T."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families.base import (TINY, Family, Outcomes, check_distinct, integer,
                                      number)
from klgui.core.families.counts import MAX_OUTCOMES
from klgui.core.families.finite_range import least_sd, softmax_works, zipf_works
from klgui.core.families.special import log_softmax, normal_bin_masses

__all__ = ["Uniform", "Zipf", "Normal", "Softmax", "TEMPERATURE_LIMITS", "normal_edges",
           "zipf_log_pmf"]

#: The temperatures a logits column takes: what the window's temperature control shows
#: (a file with another temperature is refused rather than shown as a different one).
#: Below 0.001 the softmax of logits a unit apart underflows to 0; above 1e6 it is
#: uniform to about a millionth.
TEMPERATURE_LIMITS = (0.001, 1e6)
#: The largest |s| of a Zipf family.
MAX_ZIPF_S = 1e3


def _ranks(outcomes: Outcomes | None, n: int | None, family: str) -> tuple[int, int]:
    """(outcomes in the column, ranks used): ranks are positions 1…N in the column."""
    size = outcomes.size if outcomes is not None else n
    if size is None:
        raise DistributionError(f"The {family} family needs the number of outcomes.")
    used = size if n is None else n
    if used > size:
        raise DistributionError(f"The {family} family spreads over {used} outcomes, but "
                                f"the column has {size}; create the outcomes it needs.")
    return size, used


def _check_n(n: int | None, family: str) -> None:
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer))
                          or not 1 <= n < MAX_OUTCOMES):
        raise DistributionError(f"'n' of the {family} family must be a whole number from 1 "
                                f"to {MAX_OUTCOMES - 1:,}, not {n!r}.")


def _positions(size: int) -> Outcomes:
    return Outcomes(np.arange(1, size + 1, dtype=np.float64),
                    tuple(str(i) for i in range(1, size + 1)))


class _Ranked(Family):
    """A family on ranks 1…N, the outcomes' positions in the column (``n`` fixes N;
    default: every outcome); outcomes beyond N get 0."""

    def support(self, n_outcomes: int | None = None) -> Outcomes:
        """Ranks 1…N: N is the family's own ``n``, else ``n_outcomes``."""
        count = self.n if self.n is not None else n_outcomes
        return _positions(_ranks(None, count, self.name)[0])

    def rank_probabilities(self, used: int) -> np.ndarray:
        """The probabilities of ranks 1…``used``."""
        raise NotImplementedError

    def _masses(self, outcomes: Outcomes | None) -> tuple[np.ndarray, np.ndarray]:
        size, used = _ranks(outcomes, self.n, self.name)
        own = self.rank_probabilities(used)
        out = np.zeros(size)
        out[:used] = own
        return own, out

    def _own_outcome(self, i: int, outcomes: Outcomes | None) -> tuple[int, str | None]:
        return i, outcomes.labels[i] if outcomes is not None else f"rank {i + 1}"


@dataclass(frozen=True)
class Uniform(_Ranked):
    """Equal probability on the first ``n`` outcomes (default: all of the column's)."""

    n: int | None = None
    name = "uniform"
    parameters = ("n",)
    optional = ("n",)

    def __post_init__(self) -> None:
        _check_n(self.n, self.name)

    def rank_probabilities(self, used: int) -> np.ndarray:
        return np.full(used, 1.0 / used)

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Uniform:
        return cls(integer(d, "n", cls.name) if "n" in d else None)


def zipf_log_pmf(s: float, n: int) -> np.ndarray:
    """log P(rank k) = -s log k - log H(N, s) for ranks k = 1…N (Zipf's law)."""
    log_k = np.log(np.arange(1, n + 1, dtype=np.float64))
    return log_softmax(-s * log_k)


@dataclass(frozen=True)
class Zipf(_Ranked):
    """Zipf(s): P(rank k) ∝ k^(-s) on ranks 1…N, the outcomes' positions in the column
    (``n`` fixes N; default: every outcome). Any finite s (s = 0 is Uniform)."""

    s: float
    n: int | None = None
    name = "zipf"
    parameters = ("s", "n")
    optional = ("n",)

    def __post_init__(self) -> None:
        if isinstance(self.s, bool) or not isinstance(self.s, (int, float)) \
                or not math.isfinite(self.s) or abs(self.s) > MAX_ZIPF_S:
            raise DistributionError(f"'s' of the zipf family must be a number from "
                                    f"{-MAX_ZIPF_S:g} to {MAX_ZIPF_S:g}, not {self.s!r}.")
        object.__setattr__(self, "s", float(self.s))
        _check_n(self.n, self.name)

    def rank_probabilities(self, used: int) -> np.ndarray:
        return np.exp(zipf_log_pmf(self.s, used))

    def _log_own(self, i: int, outcomes: Outcomes | None) -> float:
        return float(zipf_log_pmf(self.s, _ranks(outcomes, self.n, self.name)[1])[i])

    def _works(self, outcomes: Outcomes | None) -> str:
        """The least log-probability, of rank N (s > 0) or rank 1 (s < 0), is concave in
        s (minus a log-sum-exp of lines) and at s = 0 is −log N: the s that work are an
        interval around 0."""
        return zipf_works(self, outcomes, _ranks(outcomes, self.n, self.name)[1], MAX_ZIPF_S)

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Zipf:
        return cls(number(d, "s", cls.name), integer(d, "n", cls.name) if "n" in d else None)


def normal_edges(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bin edges halfway between sorted outcome values, outer bins open.

    Returns ``(edges, order)``: ``edges`` has n + 1 entries from ``-inf`` to ``+inf``
    for the values sorted by ``order``.
    """
    order = np.argsort(values, kind="stable")
    v = values[order]
    mid = v[:-1] + (0.5 * v[1:] - 0.5 * v[:-1])  # no overflow for ±1e308
    return np.concatenate(([-np.inf], mid, [np.inf])), order


@dataclass(frozen=True)
class Normal(Family):
    """Normal(μ, σ) discretized: each outcome gets the Normal mass of its bin (edges
    halfway between neighbouring outcome values, numbers or positions; the outer bins
    are open)."""

    mean: float
    sd: float
    name = "normal"
    parameters = ("mean", "sd")

    def __post_init__(self) -> None:
        for key in ("mean", "sd"):
            v = getattr(self, key)
            if isinstance(v, bool) or not isinstance(v, (int, float)) \
                    or not math.isfinite(v):
                raise DistributionError(f"'{key}' of the normal family must be a finite "
                                        f"number, not {v!r}.")
            object.__setattr__(self, key, float(v))
        if not self.sd > 0.0:
            raise DistributionError(f"'sd' of the normal family must be above 0, "
                                    f"not {self.sd!r}.")

    def support(self, n_outcomes: int | None = None) -> Outcomes:
        """The whole numbers from μ − 4σ to μ + 4σ (at most 100,001 of them)."""
        half = min(4.0 * self.sd, 50_000.0)
        lo, hi = math.floor(self.mean - half), math.ceil(self.mean + half)
        k = np.arange(lo, hi + 1, dtype=np.float64)
        return Outcomes(k, tuple(str(int(x)) for x in k))

    def _masses(self, outcomes: Outcomes | None) -> tuple[np.ndarray, np.ndarray]:
        outcomes = outcomes if outcomes is not None else self.support()
        check_distinct(outcomes, self.name)
        edges, order = outcomes.memo("normal_edges", lambda: normal_edges(outcomes.values))
        out = np.empty(outcomes.size)
        with np.errstate(over="ignore"):  # beyond the double range: an open bin's ±inf
            z = (edges - self.mean) / self.sd
        out[order] = normal_bin_masses(z, fast=True)
        return out, out

    def _own_outcome(self, i: int, outcomes: Outcomes | None) -> tuple[int, str]:
        return i, (outcomes if outcomes is not None else self.support()).labels[i]

    def _bin(self, i: int, outcomes: Outcomes | None) -> tuple[float, float]:
        """Outcome ``i``'s bin edges, in standard deviations from μ."""
        outcomes = outcomes if outcomes is not None else self.support()
        edges, order = outcomes.memo("normal_edges", lambda: normal_edges(outcomes.values))
        at = int(np.flatnonzero(order == i)[0])
        with np.errstate(over="ignore"):
            return (float((edges[at] - self.mean) / self.sd),
                    float((edges[at + 1] - self.mean) / self.sd))

    def _log_own(self, i: int, outcomes: Outcomes | None) -> float | None:
        a, b = self._bin(i, outcomes)
        return _log_bin_mass(a, b)

    def _works(self, outcomes: Outcomes | None) -> str:
        """The least σ that works with this μ, found without refusing again.

        Every bin holds at most the Normal's tail beyond its nearest point, so each
        nearest point must lie within Z_TINY standard deviations of μ: σ ≥ σ₀, the
        farthest nearest point over Z_TINY. That is enough for the outer bins, but a
        narrow bin far out can need more; each bin's mass is unimodal in σ, so the σ
        that work are an interval, found on a grid of quarter octaves above σ₀ (up to
        2^32·σ₀) and then by bisection. Each σ is checked on the probabilities
        themselves (``_masses``, never ``probabilities``, which would refuse and ask
        this again). "" when no σ of the grid works.
        """
        outcomes = outcomes if outcomes is not None else self.support()
        # the same for every σ: worked out once per μ on these outcomes (a σ slider
        # dragged below it over 10⁵ outcomes would redo a search of about half a second)
        return outcomes.memo(f"normal_works {self.mean!r}", lambda: least_sd(
            self, outcomes, outcomes.memo("normal_edges",
                                          lambda: normal_edges(outcomes.values))[0]))

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Normal:
        return cls(number(d, "mean", cls.name), number(d, "sd", cls.name))


_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def _log_tail(z: float) -> float:
    """log P(Z > z) for a standard Normal Z, z ≥ 0 (``math.erfc`` while it is a normal
    double, else the asymptotic series of the Mills ratio, to a relative 1e-4 for
    z > 37)."""
    t = 0.5 * math.erfc(z / math.sqrt(2.0))
    if t >= TINY:
        return math.log(t)
    u = 1.0 / (z * z)
    return -0.5 * z * z - math.log(z) - _LOG_SQRT_2PI + math.log1p(-u + 3 * u * u
                                                                   - 15 * u ** 3)


def _log_bin_mass(a: float, b: float) -> float | None:
    """log P(a < Z < b), roughly (the size of a refused probability): from the tails on
    the bin's side, or, for a bin too narrow for them to differ, its width times the
    density at its nearest point. None when neither says it."""
    if b <= 0.0:
        a, b = -b, -a
    if a < 0.0:  # the bin holds μ: only a very narrow one is this small
        return math.log(b - a) - _LOG_SQRT_2PI if b - a > 0.0 else None
    ta = _log_tail(a)
    tb = _log_tail(b) if math.isfinite(b) else -math.inf
    if tb < ta:
        return ta + math.log1p(-math.exp(tb - ta)) if ta - tb > 1e-12 else \
            -0.5 * a * a - _LOG_SQRT_2PI + math.log(b - a)
    return None


@dataclass(frozen=True)
class Softmax(Family):
    """softmax(z / T) of logits z (any real numbers, kept as typed) at temperature T > 0.

    In a session: ``"logits": ["10", "20", "30"], "temperature": 2`` in place of
    ``"entries"`` (:meth:`to_dict`).
    """

    logits: tuple[str, ...]
    temperature: float = 1.0
    name = "logits"
    parameters = ("logits", "temperature")

    def __post_init__(self) -> None:
        texts = tuple(str(t) for t in self.logits)
        if not texts:
            raise DistributionError("'logits' must hold at least one number.")
        object.__setattr__(self, "logits", texts)
        self.values  # noqa: B018 - checks every text
        t = self.temperature
        if isinstance(t, bool) or not isinstance(t, (int, float)):
            raise DistributionError(f"'temperature' must be a number above 0, not {t!r}.")
        low, high = TEMPERATURE_LIMITS
        try:
            inside = low <= float(t) <= high  # an int of 400 digits is no float
        except OverflowError:
            inside = False
        if not inside:
            shown = f"{t!r}" if isinstance(t, float) or abs(t) < 10**20 else "a huge number"
            raise DistributionError(f"'temperature' must lie between {low:g} and {high:,.0f}, "
                                    f"the range of the temperature control, not {shown}.")
        object.__setattr__(self, "temperature", float(t))

    @cached_property
    def values(self) -> np.ndarray:
        """The logits as float64 (read-only)."""
        try:
            out = np.array([t.replace("\u2212", "-") for t in self.logits], dtype=np.float64)
            if np.all(np.isfinite(out)):
                out.flags.writeable = False
                return out
        except ValueError:
            pass
        out = np.empty(len(self.logits))
        for i, text in enumerate(self.logits):
            try:
                out[i] = float(text.strip().replace("\u2212", "-"))
            except ValueError:
                out[i] = math.nan
            if not math.isfinite(out[i]):
                raise DistributionError(f"'logits' entry {i + 1} ({text!r}) is not a finite "
                                        f"number.", index=i)
        out.flags.writeable = False
        return out

    def log_probabilities(self) -> np.ndarray:
        """log softmax(z / T), stable for huge or very negative logits."""
        return log_softmax(self.values, self.temperature)

    def support(self, n_outcomes: int | None = None) -> Outcomes:
        return _positions(len(self.logits))

    def _masses(self, outcomes: Outcomes | None) -> tuple[np.ndarray, np.ndarray]:
        """softmax(z / T) (every outcome positive in truth, so one below the smallest
        normal double, about 2.2e-308,
        is refused: Family.probabilities)."""
        if outcomes is not None and outcomes.size != len(self.logits):
            raise DistributionError(f"{len(self.logits)} logits were given for "
                                    f"{outcomes.size} outcomes.")
        probs = np.exp(self.log_probabilities())
        return probs, probs

    def _log_own(self, i: int, outcomes: Outcomes | None) -> float:
        return float(self.log_probabilities()[i])

    def _own_outcome(self, i: int, outcomes: Outcomes | None) -> tuple[int, str | None]:
        return i, (outcomes.labels[i] if outcomes is not None
                   and i < len(outcomes.labels) else None)

    def _subject(self) -> str:
        return f"At T = {self.temperature:g} the softmax"

    def _works(self, outcomes: Outcomes | None) -> str:
        """The least temperature that works, rounded up: the least log-probability
        rises with T (its derivative in 1/T is z_min − E[z] ≤ 0), so it is found by
        bisection between this T and a bound that works, log p_i ≥ (z_i − max z)/T −
        log n (with a quick sum); the T advised, rounded up to 3 digits, is checked on
        the probabilities themselves."""
        return softmax_works(self, TEMPERATURE_LIMITS)

    def describe(self) -> str:
        return f"softmax(logits / {self.temperature:g})"

    def to_dict(self) -> dict[str, Any]:
        """``{"logits": [...texts], "temperature": T}``, the session's column keys."""
        return {"logits": list(self.logits), "temperature": self.temperature}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Softmax:
        if not isinstance(d, Mapping):
            raise DistributionError(f"A logits column must be an object, not {d!r}.")
        z = d.get("logits")
        if not isinstance(z, list) or not all(isinstance(t, (str, int, float))
                                              and not isinstance(t, bool) for t in z):
            raise DistributionError(f"'logits' must be a list of numbers or texts, "
                                    f"not {z!r}.")
        t = number(d, "temperature", "logits") if "temperature" in d else 1.0
        return cls(tuple(str(x) for x in z), t)

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Softmax:
        return cls.from_dict(d)
