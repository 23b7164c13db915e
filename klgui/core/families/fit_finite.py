"""The fit lab's families over a finite set of outcomes (see :mod:`.fit_models`): the
normal, binned at the midpoints between the outcomes (θ = the mean, sd fixed), and Zipf
over the N outcomes (θ = s).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from klgui.core.families.finite import Normal, Zipf, normal_edges, zipf_log_pmf
from klgui.core.families.fit_base import FitModel
from klgui.core.families.special import normal_bin_masses, std_normal_pdf

__all__: list[str] = []


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
