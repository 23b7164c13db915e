"""The immutable result of comparing two distributions."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from klgui.core.smoothing import Smoothing

__all__ = ["Comparison", "SCALAR_FIELDS", "UNITLESS_FIELDS"]

#: The figures a Comparison holds, in the order the app lists them.
SCALAR_FIELDS: tuple[str, ...] = (
    "kl_pq", "kl_qp", "entropy_p", "entropy_q", "cross_entropy_pq", "cross_entropy_qp",
    "jeffreys", "js_divergence", "js_distance", "total_variation", "hellinger",
    "bhattacharyya",
)

#: Figures with no unit: distances between probabilities (total variation, Hellinger).
#: The Jensen-Shannon distance is the square root of the JS divergence in ``base``, so it
#: changes with the unit: its unit is written "√nats", "√bits" (:meth:`Comparison.unit_of`;
#: scipy.spatial.distance.jensenshannon(p, q, base=2) gives it in √bits, between 0 and 1).
UNITLESS_FIELDS: frozenset[str] = frozenset({"total_variation", "hellinger"})


@dataclass(frozen=True, eq=False)
class Comparison:
    """Every figure the app shows for one pair of distributions.

    Divergences, entropies and the Bhattacharyya distance are in ``base`` (nats, bits or
    hartleys); total variation and Hellinger are unitless. An infinite divergence is
    ``inf``; nothing is ever NaN and no divergence is negative. Arrays are read-only.

    Attributes
    ----------
    p, q : ndarray
        The normalized (and, if asked, smoothed) distributions.
    contributions_pq, contributions_qp : ndarray
        Signed per-outcome terms p_i·log(p_i/q_i) and q_i·log(q_i/p_i); they sum to
        ``kl_pq`` and ``kl_qp``. ``inf`` where the other distribution is 0.
    infinite_pq, infinite_qp : tuple of int
        0-based indices of outcomes making D(P‖Q) (p > 0, q = 0) or D(Q‖P) infinite.
    smoothing : Smoothing or None
        The smoothing applied, if any.
    labels : tuple of str or None
        Outcome labels, when the caller gave them.
    weight_sums : tuple of float
        The sums of P's and Q's weights as given (before smoothing and normalization),
        correctly rounded.
    """

    p: np.ndarray
    q: np.ndarray
    contributions_pq: np.ndarray
    contributions_qp: np.ndarray
    kl_pq: float
    kl_qp: float
    entropy_p: float
    entropy_q: float
    cross_entropy_pq: float
    cross_entropy_qp: float
    jeffreys: float
    js_divergence: float
    js_distance: float
    total_variation: float
    hellinger: float
    bhattacharyya: float
    base: str
    infinite_pq: tuple[int, ...]
    infinite_qp: tuple[int, ...]
    normalized: bool = True
    smoothing: Smoothing | None = None
    labels: tuple[str, ...] | None = None
    weight_sums: tuple[float, float] = (1.0, 1.0)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            elif isinstance(value, float) and value == 0.0:
                object.__setattr__(self, f.name, 0.0)  # never -0.0 (H of a point mass)

    @property
    def n(self) -> int:
        """Number of outcomes."""
        return int(self.p.size)

    def figures(self) -> dict[str, float]:
        """The scalar figures by field name, in display order."""
        return {name: getattr(self, name) for name in SCALAR_FIELDS}

    def unit_of(self, name: str) -> str:
        """The unit a figure is expressed in: ``base``, "" for unitless figures, and
        "√" + ``base`` for the Jensen–Shannon distance (the square root of a divergence
        in ``base``: 0.155 √nats is 0.187 √bits)."""
        if name == "js_distance":
            return f"√{self.base}"
        return "" if name in UNITLESS_FIELDS else self.base

    def label(self, i: int) -> str:
        """The label of outcome ``i`` (0-based), or its 1-based number."""
        if self.labels is not None and i < len(self.labels) and self.labels[i]:
            return self.labels[i]
        return str(i + 1)
