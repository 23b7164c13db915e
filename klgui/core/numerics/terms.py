"""Per-outcome terms of a divergence in their two forms.

The signed terms p·log(p/q) add up to D(P‖Q) but can be negative. The terms
p·log(p/q) − p + q (Loader's bd0) are never negative and add up to the same D, because
Σp = Σq = 1: Gibbs' inequality D ≥ 0, term by term.
"""

from __future__ import annotations

import numpy as np

from klgui.core.comparison import Comparison
from klgui.core.numerics.close import CLOSE, kl_series
from klgui.core.units import nats_per_unit

__all__ = ["TERM_FORMS", "terms", "nonnegative_terms"]

#: form key -> how the term is written.
TERM_FORMS = {"signed": "p·log(p/q)", "nonnegative": "p·log(p/q) − p + q"}


def terms(c: Comparison, direction: str = "pq", form: str = "signed") -> np.ndarray:
    """The per-outcome terms of D(P‖Q) (``"pq"``) or D(Q‖P) (``"qp"``) in ``c.base``:
    ``form="signed"`` gives the Comparison's contributions, ``"nonnegative"`` the
    bd0 terms. Both add up to the divergence."""
    if direction not in ("pq", "qp"):
        raise ValueError(f"direction must be 'pq' or 'qp', not {direction!r}")
    if form == "signed":
        return c.contributions_pq if direction == "pq" else c.contributions_qp
    if form != "nonnegative":
        raise ValueError(f"form must be one of {', '.join(TERM_FORMS)}, not {form!r}")
    x, y = (c.p, c.q) if direction == "pq" else (c.q, c.p)
    out = nonnegative_terms(x, y) / nats_per_unit(c.base)
    out.flags.writeable = False
    return out


def nonnegative_terms(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x·ln(x/y) − x + y in nats for each outcome, ≥ 0; y where x = 0, +∞ where y = 0 < x.

    Where x and y are close (|v| < 0.1 with v = (x − y)/(x + y)) the series
    d·v + 2x·v³·S(v²) (d = x − y, exact there by Sterbenz) avoids the cancellation that
    would otherwise leave only noise.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    out = np.empty_like(x)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d = x - y
        v = d / (x + y)
        close = np.abs(v) < CLOSE  # False where x = y = 0 (v is NaN)
        far = ~close
        xf, yf = x[far], y[far]
        ratio_log = np.log(xf) - np.log(yf)
        far_terms = np.where(xf > 0, xf * ratio_log, 0.0) - xf + yf
        far_terms[(xf > 0) & (yf == 0)] = np.inf
        far_terms[(xf == 0) & (yf == 0)] = 0.0
        out[far] = far_terms
        if close.any():
            vc, w = v[close], v[close] ** 2
            out[close] = d[close] * vc + 2.0 * x[close] * vc * w * kl_series(w)
    return np.maximum(out, 0.0)
