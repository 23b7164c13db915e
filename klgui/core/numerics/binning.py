"""Aggregate per-outcome values into a bounded number of bins for drawing.

A chart cannot draw 1e6 bars, and a mean per bin would hide the one huge term a
person is looking for. Each bin keeps its extremes instead: the largest positive value,
the most negative value, and whether any value is +inf.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Bins", "bin_extremes"]


@dataclass(frozen=True, eq=False)
class Bins:
    """Outcomes ``start[k]`` to ``stop[k] - 1`` (0-based) form bin ``k``.

    ``high`` is the largest finite value ≥ 0 in the bin (0 if none), ``low`` the
    smallest finite value ≤ 0 (0 if none), ``infinite`` whether the bin holds +inf.
    """

    start: np.ndarray
    stop: np.ndarray
    high: np.ndarray
    low: np.ndarray
    infinite: np.ndarray

    @property
    def count(self) -> int:
        return int(self.start.size)

    def bin_of(self, outcome: int) -> int:
        """The bin that holds ``outcome`` (0-based)."""
        return int(np.searchsorted(self.stop, outcome, side="right"))


def bin_extremes(values: np.ndarray, max_bins: int) -> Bins:
    """Bin ``values`` into at most ``max_bins`` contiguous, near-equal bins (one
    outcome per bin when there are few enough)."""
    values = np.asarray(values, dtype=np.float64)
    n = values.size
    if max_bins < 1:
        raise ValueError("max_bins must be at least 1")
    bins = min(n, max_bins)
    start = (np.arange(bins, dtype=np.int64) * n) // bins
    stop = np.append(start[1:], n)
    if bins < n:  # two passes when every value is finite, as is usual
        top, bottom = np.maximum.reduceat(values, start), np.minimum.reduceat(values, start)
        if np.isfinite(top).all() and np.isfinite(bottom).all():
            return Bins(start, stop, np.maximum(top, 0.0), np.minimum(bottom, 0.0),
                        np.zeros(bins, dtype=bool))
    infinite = np.isposinf(values)
    finite = np.where(np.isfinite(values), values, 0.0)
    if bins == n:
        high, low = np.maximum(finite, 0.0), np.minimum(finite, 0.0)
    else:
        high = np.maximum.reduceat(np.maximum(finite, 0.0), start)
        low = np.minimum.reduceat(np.minimum(finite, 0.0), start)
        infinite = np.logical_or.reduceat(infinite, start)
    return Bins(start, stop, high, low, infinite)
