"""Checks shared by the labs: a pair of probability vectors the labs can trust."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.numerics.validation import SUM_TOLERANCE, check_same_length, checked_weights

__all__ = ["probabilities", "pair"]


def probabilities(values: Sequence[float] | np.ndarray, name: str,
                  labels: Sequence[str] | None = None) -> np.ndarray:
    """``values`` as a read-only float64 probability vector.

    Raises
    ------
    DistributionError
        Not a flat list of finite numbers ≥ 0, all zero, or a sum further than
        ``SUM_TOLERANCE`` from 1 (the labs take normalized probabilities).
    """
    w = checked_weights(values, name, labels).values
    total = float(np.sum(w))
    if not abs(total - 1.0) <= SUM_TOLERANCE:
        raise DistributionError(f"{name} sums to {total:.10g}, not 1; the labs take "
                                "normalized probabilities.", distribution=name)
    out = np.array(w, dtype=np.float64)
    out.flags.writeable = False
    return out


def pair(p: Sequence[float] | np.ndarray, q: Sequence[float] | np.ndarray,
         labels: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """P and Q checked as probability vectors of the same length."""
    a, b = probabilities(p, "P", labels), probabilities(q, "Q", labels)
    check_same_length(a, b)
    return a, b
