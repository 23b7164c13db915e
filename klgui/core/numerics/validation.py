"""Checks that turn user-supplied weights into arrays the kernel can trust."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple, NoReturn

import numpy as np

from klgui.core.errors import DistributionError, describe_outcome
from klgui.core.numerics.exact import SURVEY_BLOCK, surveyed
from klgui.core.numerics.scratch import borrowed

__all__ = ["checked_weights", "surveyed_weights", "Weights", "check_same_length",
           "check_sums_to_one", "SUM_TOLERANCE"]

#: How far from 1 the sum of un-normalized input may stray (float rounding of typed
#: probabilities such as 1/3 + 1/3 + 1/3 stays far inside it).
SUM_TOLERANCE = 1e-9


class Weights(NamedTuple):
    """Checked weights with their smallest and largest value and their sum."""

    values: np.ndarray
    low: float
    high: float
    total: tuple[float, float]  #: double-double (exact.dd_sum); NaN if too large to sum
    #: Known to be whole numbers whose every block of SURVEY_BLOCK sums below 2^53, so
    #: that a sum of some of them is exact block by block (False: not known; see
    #: column_cache.Blocks.exactly_summable).
    integral: bool = False


def surveyed_weights(w: np.ndarray) -> Weights:
    """Weights for a 1-D float64 array known to be valid, from one pass over it."""
    with borrowed((SURVEY_BLOCK,)) as work:
        survey = surveyed(w, work[:w.size])
    return Weights(w, survey.low, survey.high, survey.total)


def checked_weights(values: Sequence[float] | np.ndarray, name: str,
                    labels: Sequence[str] | None = None, *,
                    all_zero_ok: bool = False) -> Weights:
    """Return ``values`` as a 1-D float64 array with its smallest and largest weight,
    or raise a DistributionError that names the distribution and the first offending
    outcome.

    One pass over memory decides (``min`` and ``max`` propagate NaN) and sums the
    weights on the way; only bad input pays for a search that finds the first
    offending outcome for the message."""
    try:
        w = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise DistributionError(
            f"{name} contains something that is not a number; weights must be numbers ≥ 0.",
            distribution=name) from None
    if w.ndim != 1:
        raise DistributionError(
            f"{name} must be a flat list of weights, one per outcome.", distribution=name)
    if w.size == 0:
        raise DistributionError(
            f"{name} is empty; give at least one outcome with a positive weight.",
            distribution=name)
    weights = surveyed_weights(w)
    if not (weights.low >= 0.0 and weights.high < math.inf):  # also false for NaN
        _raise_first_bad(w, name, labels)
    if weights.high == 0.0 and not all_zero_ok:  # additive smoothing fills a zero column
        raise DistributionError(
            f"{name}: every weight is zero; give at least one outcome a positive weight.",
            distribution=name)
    return weights


def _raise_first_bad(w: np.ndarray, name: str, labels: Sequence[str] | None) -> NoReturn:
    i = int(np.argmax(~(w >= 0.0) | np.isinf(w)))  # NaN fails `>= 0`
    where = f"{name}, {describe_outcome(i, _label(labels, i))}"
    v = w[i]
    if np.isnan(v):
        problem = "weight is not a number (NaN); weights must be finite numbers ≥ 0"
    elif np.isinf(v):
        problem = "weight is infinite; weights must be finite numbers ≥ 0"
    else:
        problem = f"weight {v:g} is negative; weights must be ≥ 0"
    raise DistributionError(f"{where}: {problem}", distribution=name, index=i)


def check_same_length(p: np.ndarray, q: np.ndarray) -> None:
    if p.size != q.size:
        raise DistributionError(
            f"P has {p.size} outcomes but Q has {q.size}; "
            "both must give a weight for every outcome.")


def check_sums_to_one(total: float, name: str) -> None:
    """With normalization off, the weights must already be probabilities."""
    if not abs(total - 1.0) <= SUM_TOLERANCE:  # NaN fails too
        raise DistributionError(
            f"{name} sums to {total:.10g}, not 1; fix the weights or turn normalization on.",
            distribution=name)


def _label(labels: Sequence[str] | None, i: int) -> str | None:
    if labels is None or i >= len(labels):
        return None
    return str(labels[i])
