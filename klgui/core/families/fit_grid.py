"""The fit lab's fast path: D(P‖Q_θ), D(Q_θ‖P) and their slopes dD/dθ on a grid of θ,
with whole-matrix numpy (what the curves draw and where the stationary points are
bracketed; klgui.core.families.fit refines and settles them with the exact core).

Both directions are summed as non-negative terms (``bd0``, see
:func:`~klgui.core.families.special.h_exp_array` near q = p); the slopes use the score
s_k = d log q_k/dθ: d/dθ D(P‖Q_θ) = −Σ p_k s_k, d/dθ D(Q_θ‖P) = Σ q_k s_k (log q_k −
log p_k).
"""

from __future__ import annotations

import math

import numpy as np

from klgui.core.families.fit_models import FitModel
from klgui.core.families.special import h_exp_array

__all__ = ["Reference", "ROWS", "grid_thetas", "grid_values", "slopes_at"]


class Reference:
    """P's probabilities ``p`` (shape (n,), summing to 1), where they are positive, and
    their logs (−∞ at 0), computed once per fit."""

    def __init__(self, p: np.ndarray) -> None:
        self.p = p
        self.pos = p > 0
        with np.errstate(divide="ignore"):
            self.log_p = np.log(p)


def slopes_at(model: FitModel, ref: Reference, theta: float,
              leaks: bool) -> tuple[float, float]:
    """(dD(P‖Q)/dθ, dD(Q‖P)/dθ) from the exact log q; nan where a D is infinite.
    ``leaks`` is ``model.leaks()`` (asked once per fit, not per θ)."""
    log_q, outside, s = model.log_q_score(theta)
    pos = ref.pos
    fwd = -float(np.sum(ref.p[pos] * s[pos])) if np.all(np.isfinite(log_q[pos])) else math.nan
    q = np.exp(log_q)
    qp = q > 0
    if leaks or outside > 0 or np.any(ref.p[qp] == 0):
        rev = math.nan
    else:
        rev = float(np.sum(q[qp] * s[qp] * (log_q[qp] - ref.log_p[qp])))
    return fwd, rev


#: Grid points computed per block (between two looks at ``cancelled``).
ROWS = 64


def grid_values(model: FitModel, ref: Reference, thetas: np.ndarray,
                 leaks: bool) -> tuple[np.ndarray, ...]:
    """D(P‖Q), D(Q‖P) and their slopes on a block of θ (shape (rows,) each, D in
    nats, never negative; a slope nan where its D is infinite), with whole-matrix numpy.

    Both directions share w = log(q/p) (the reverse's is −w, exactly) and the mask of
    the terms summed without cancellation; the reverse is skipped when it is ∞ for
    every θ (``leaks``); the forward slope is one matrix-vector product."""
    log_q, outside, s = model.grid(thetas)
    q = np.exp(log_q)
    p, log_p = ref.p, ref.log_p
    pos = ref.pos
    rows = thetas.size
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        w = log_q - log_p  # nan where both are 0, -inf where q = 0 < p, +inf where p = 0 < q
        near = np.abs(w) < 0.1  # false for nan and ±inf
        any_near = bool(near.any())
        # forward: Σ bd0(p, q) = Σ p log(p/q) − p + q; +inf where q = 0 < p; q where p = 0
        t = q - p
        t -= p * w
        if any_near:
            t[near] = np.broadcast_to(p, w.shape)[near] * h_exp_array(w[near])
        if not pos.all():
            t[:, ~pos] = q[:, ~pos]
        fwd = t.sum(axis=1) + outside
        d_fwd = -(s @ p) if pos.all() else -(s[:, pos] @ p[pos])
        d_fwd[~np.isfinite(fwd)] = np.nan
        if leaks:
            rev = np.full(rows, np.inf)
            d_rev = np.full(rows, np.nan)
        else:
            # reverse: Σ bd0(q, p); +inf where p = 0 < q; p where q = 0
            t = p - q
            t += q * w  # −q·log(p/q)
            if any_near:
                t[near] = q[near] * h_exp_array(-w[near])
            q_zero = q == 0.0
            if q_zero.any():
                t[q_zero] = np.broadcast_to(p, w.shape)[q_zero]
            rev = np.where(outside > 0, np.inf, t.sum(axis=1))
            t = q * s
            t *= w
            if q_zero.any():
                t[q_zero] = 0.0
            d_rev = t.sum(axis=1)
            d_rev[~np.isfinite(rev)] = np.nan
    return np.maximum(fwd, 0.0), np.maximum(rev, 0.0), d_fwd, d_rev


def grid_thetas(model: FitModel, size: int) -> np.ndarray:
    """``size`` evenly spaced θ over the model's range, shape (size,): both ends
    included when the range is closed; one step in from the low end when only it is
    open; else half a step in from both ends."""
    lo_in, hi_in = model.closed
    i = np.arange(size, dtype=np.float64)
    if lo_in and hi_in:
        return model.low + (model.high - model.low) * i / (size - 1)
    if hi_in:
        return model.low + (model.high - model.low) * (i + 1) / size
    return model.low + (model.high - model.low) * (i + 0.5) / size
