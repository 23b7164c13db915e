"""The triangle inequality d(i,k) ≤ d(i,j) + d(j,k) over a matrix of divergences.

A metric satisfies it for every triple. The Jensen–Shannon distance √JS is a metric
(Endres & Schindelin, "A new metric for probability distributions", IEEE Trans. Inf.
Theory 49(7), 2003), so it never breaks it; KL divergence is not one and breaks it:
P = [1, 0, 0], A = [0.8, 0.1, 0.1], B = [0.4, 0.3, 0.3] give D(P‖B) = ln 2.5 = 0.916
nats, more than D(P‖A) + D(A‖B) = 0.558.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from klgui.core.numerics.many import DivergenceMatrix

__all__ = ["TriangleCheck", "triangle_check", "ROUNDING_ULPS"]

#: An excess within this many units in the last place of the larger side is rounding
#: (each figure is correctly rounded or within a few ulps), not a broken inequality.
ROUNDING_ULPS = 8


@dataclass(frozen=True)
class TriangleCheck:
    """Whether some ordered triple of distinct distributions breaks d(i,k) ≤ d(i,j) +
    d(j,k) for the matrix's metric.

    Attributes
    ----------
    metric, base : str
        The matrix's.
    triples : int
        How many ordered triples of distinct distributions, all three of whose cells
        hold a number, were checked (k(k−1)(k−2) when every pair can be compared).
    broken : bool
        True when some triple breaks the inequality by more than rounding
        (:data:`ROUNDING_ULPS` ulps of the larger side). A triple whose left side is
        infinite never breaks it: then the right side is infinite too (a column that
        rules out what i allows is ruled out by j, or j's allowance is ruled out by k).
    worst : (int, int, int) or None
        The triple (i, j, k) with the largest excess d(i,k) − (d(i,j) + d(j,k)) among
        those with finite sides, whether broken or not; None when no triple has finite
        sides.
    d_ik, d_ij, d_jk : float or None
        The worst triple's three figures.
    excess : float or None
        d(i,k) − (d(i,j) + d(j,k)) for the worst triple (≤ rounding when not broken).
    """

    metric: str
    base: str
    triples: int
    broken: bool
    worst: tuple[int, int, int] | None = None
    d_ik: float | None = None
    d_ij: float | None = None
    d_jk: float | None = None
    excess: float | None = None


def triangle_check(matrix: DivergenceMatrix) -> TriangleCheck:
    """Check the triangle inequality over every ordered triple of distinct columns.

    Parameters
    ----------
    matrix : DivergenceMatrix
        (k, k) figures; cells it does not know are left out, with their triples.

    Returns
    -------
    TriangleCheck
        ``broken`` True iff some excess exceeds :data:`ROUNDING_ULPS` ulps of
        d(i,j) + d(j,k) (excesses that small are rounding of the figures, not a break).
        Costs k³ additions: fine for the dozens of columns a document has.
    """
    d = matrix.values
    k = matrix.k
    if k < 3:
        return TriangleCheck(matrix.metric, matrix.base, 0, False)
    # excess[i, j, l] = d[i, l] - (d[i, j] + d[j, l])
    left = np.broadcast_to(d[:, None, :], (k, k, k))
    right = d[:, :, None] + d[None, :, :]
    distinct = (np.arange(k)[:, None, None] != np.arange(k)[None, :, None]) \
        & (np.arange(k)[None, :, None] != np.arange(k)[None, None, :]) \
        & (np.arange(k)[:, None, None] != np.arange(k)[None, None, :])
    known = matrix.known
    usable = distinct & known[:, None, :] & known[:, :, None] & known[None, :, :]
    finite = usable & np.isfinite(left) & np.isfinite(right)
    triples = int(usable.sum())
    if not finite.any():
        return TriangleCheck(matrix.metric, matrix.base, triples, False)
    with np.errstate(invalid="ignore"):
        excess = np.where(finite, left - right, -np.inf)
    at = np.unravel_index(int(np.argmax(excess)), excess.shape)
    i, j, m = (int(x) for x in at)
    worst = float(excess[at]) + 0.0
    tolerance = ROUNDING_ULPS * float(np.spacing(max(float(right[at]), float(left[at]))))
    return TriangleCheck(matrix.metric, matrix.base, triples, worst > tolerance, (i, j, m),
                         float(d[i, m]), float(d[i, j]), float(d[j, m]), worst)
