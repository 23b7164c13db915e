"""The base of the fit lab's one-parameter families (:class:`FitModel`): Q_θ over a
column's outcomes with the family's other parameters fixed, and which parameter each
family fits. The families themselves are in :mod:`.fit_counts` (binomial, Poisson,
geometric) and :mod:`.fit_finite` (normal, Zipf); :func:`.fit_models.fit_model` makes
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from klgui.core.families.base import SYMBOLS, Outcomes

__all__ = ["FitModel", "FIT_PARAMETERS"]


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
