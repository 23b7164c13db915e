"""What the sampling lab draws on screen and how its animated run grows, as numbers:
the draws where a running-mean curve has its points, the histogram's bars when
outcomes share them, a run's goal and each step towards it (numpy only, no Qt)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

__all__ = ["run_goal", "run_step", "curve_picks", "HistogramBars", "histogram_bars"]


def run_goal(drawn: int, target: int, most: int) -> int:
    """The number of draws in all a run stops at: ``target`` when fewer than that are
    drawn, else ten times ``drawn``; never more than ``most`` (the sampler's room).

    >>> run_goal(0, 100_000, 1_000_000), run_goal(200_000, 100_000, 1_000_000)
    (100000, 1000000)
    """
    return min(most, target if drawn < target else 10 * drawn)


def run_step(drawn: int, goal: int) -> int:
    """How many to draw at the next tick of a run: about an eighth more than ``drawn``
    (at least one), never past ``goal``; 0 or less when the goal is reached."""
    return min(max(1, drawn // 8), goal - drawn)


def curve_picks(drawn: int, points: int) -> np.ndarray:
    """The 0-based indices of the draws a running-mean curve shows: ``points``
    log-spaced draw counts from 2 to ``drawn`` (duplicates merged), each minus one.

    Returns
    -------
    numpy.ndarray of int64, shape (m,) with m ≤ ``points``, increasing, from 1 to
    ``drawn - 1``. ``drawn`` must be at least 2.
    """
    return np.unique(np.geomspace(2, drawn, points).astype(np.int64)) - 1


class HistogramBars(NamedTuple):
    """The histogram's bars: ``shares`` of the draws and ``p`` summed over the
    outcomes of each bar (arrays of shape (bars,)); ``per``, the most outcomes a bar
    holds (1 when each outcome has its own bar), as the axis names it."""

    shares: np.ndarray
    p: np.ndarray
    per: int


def histogram_bars(shares: np.ndarray, p: np.ndarray, most: int) -> HistogramBars:
    """Outcomes' ``shares`` of the draws and their probabilities ``p`` (shape (n,)),
    in at most ``most`` bars: beyond ``most`` outcomes, consecutive outcomes share a
    bar (their sums): bars of ``n // most`` or ``ceil(n / most)`` outcomes, evenly
    spread."""
    n = p.size
    edges = np.linspace(0, n, min(n, most) + 1).astype(np.int64)
    return HistogramBars(np.add.reduceat(shares, edges[:-1]), np.add.reduceat(p, edges[:-1]),
                         1 if n <= most else math.ceil(n / most))
