"""Families on a column's own outcomes: Uniform, Zipf(s), a discretized Normal(μ, σ),
and the softmax of logits at a temperature T."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from klgui.core.errors import DistributionError, describe_outcome
from klgui.core.families.base import Family, Outcomes, check_distinct, integer, number
from klgui.core.families.counts import MAX_OUTCOMES
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

    def probabilities(self, outcomes: Outcomes | None = None) -> np.ndarray:
        size, used = _ranks(outcomes, self.n, self.name)
        out = np.zeros(size)
        out[:used] = self.rank_probabilities(used)
        return out


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
    mid = v[:-1] + 0.5 * (v[1:] - v[:-1])
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

    def probabilities(self, outcomes: Outcomes | None = None) -> np.ndarray:
        outcomes = outcomes if outcomes is not None else self.support()
        check_distinct(outcomes, self.name)
        edges, order = outcomes.memo("normal_edges", lambda: normal_edges(outcomes.values))
        out = np.empty(outcomes.size)
        out[order] = normal_bin_masses((edges - self.mean) / self.sd, fast=True)
        return out

    @classmethod
    def _read(cls, d: Mapping[str, Any]) -> Normal:
        return cls(number(d, "mean", cls.name), number(d, "sd", cls.name))


#: log of the smallest normal double (sys.float_info.min).
_LOG_TINY = math.log(2.2250738585072014e-308)


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

    def probabilities(self, outcomes: Outcomes | None = None) -> np.ndarray:
        """softmax(z / T). Raises DistributionError when a probability is below the
        smallest normal double (about 1e-308): a softmax gives every outcome some
        probability, and one written as 0 (or as a subnormal, with few bits) would make
        a divergence ∞, or inexact, that is not."""
        if outcomes is not None and outcomes.size != len(self.logits):
            raise DistributionError(f"{len(self.logits)} logits were given for "
                                    f"{outcomes.size} outcomes.")
        logs = self.log_probabilities()
        low = int(np.argmin(logs))
        if logs[low] < _LOG_TINY:
            z = self.values
            # log p_i ≥ (z_i − max z)/T − log n, so this T keeps every p_i normal
            room = -_LOG_TINY - math.log(z.size)
            least = float(z.max()) / room - float(z.min()) / room  # no overflow
            power = logs[low] / math.log(10)  # -inf when z/T's spread overflows
            where = describe_outcome(low, outcomes.labels[low] if outcomes is not None
                                     and low < len(outcomes.labels) else None)
            about = (f"of about 10^{power:.0f}, too small for the table's numbers (below "
                     "1e-308)") if math.isfinite(power) else \
                "too small for the table's numbers (far below 1e-308)"
            raise DistributionError(
                f"At T = {self.temperature:g} the softmax gives {where} a "
                f"probability {about}: written as 0 it would make a "
                f"divergence ∞ that is not. Use a temperature of at least {least:.3g} "
                f"for these logits.", index=low)
        return np.exp(logs)

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
