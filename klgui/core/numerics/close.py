"""Terms of the outcomes where P and Q are close (|v| < CLOSE, v = (p - q)/(p + q)).

There ``p log(p/q) - p + q``, the Jensen-Shannon terms and ``(sqrt p - sqrt q)^2`` are
differences of nearly equal numbers. Written in v (with an error-free d = p - q) they
keep full relative accuracy however close p and q are.
"""

from __future__ import annotations

import numpy as np

from klgui.core.numerics.exact import pairwise_sum

__all__ = ["CLOSE", "close_terms", "kl_series"]

# |v| below this: series evaluation with an error-free d. Above it, the far formula
# x log(x/y) - x + y loses about ulp(p) / (2 v^2 p) relatively to the rounding of p and q:
# 2e-14 at |v| = 0.05 (a hypothesis case hit 1.8e-14), 5e-15 at 0.1 (Loader's choice).
CLOSE = 0.1
_SERIES_TOL = 1e-17
_MAX_TERMS = 16
#: Coefficients of S(w) = sum_j w^j / (2j + 3), and the relative size of the tail
#: left after t terms.
_KL_SERIES = [1.0 / (2 * j + 3) for j in range(_MAX_TERMS)]
_KL_TAIL = [3.0 / (2 * t + 3) for t in range(1, _MAX_TERMS)]


def close_terms(p: np.ndarray, q: np.ndarray, total: np.ndarray, d: np.ndarray,
                v: np.ndarray) -> tuple[dict[str, float], np.ndarray]:
    """Sums over close outcomes, in nats, with the same keys as the kernel's, and
    log(p/q) for each, from total = p + q, d = p - q and v = d / total:

    * log(p/q) = 2 atanh(v) = 2v (1 + v^2 S(v^2));
    * KL (Loader's bd0): x log(x/y) - x + y = d v +- 2 x v^3 S(v^2),
      S(w) = sum_j w^j / (2j + 3), shared by both directions and the log-ratio;
    * JS: p log(p/m) + q log(q/m) = (p + q)/2 (v log(p/q) + log(1 - v^2)), two terms
      of opposite sign whose sum is about half the first (no worse than losing a bit);
    * (sqrt p - sqrt q)^2 = (p + q) v^2 / (1 + sqrt(1 - v^2)).
    """
    w = v * v
    twice_v = v + v
    odd = twice_v * w
    odd *= kl_series(w)  # 2 v^3 S(v^2)
    log_ratio = twice_v + odd
    dv = d * v
    kl_pq = p * odd
    kl_pq += dv
    kl_qp = np.multiply(q, odd, out=odd)
    np.subtract(dv, kl_qp, out=kl_qp)
    js = np.multiply(v, log_ratio, out=dv)
    js += np.log1p(-w)
    js *= total
    root = np.subtract(1.0, w, out=twice_v)
    np.sqrt(root, out=root)
    root += 1.0
    root_diff_sq = np.multiply(total, w, out=w)
    root_diff_sq /= root
    sums = {"kl_pq": pairwise_sum(kl_pq), "kl_qp": pairwise_sum(kl_qp),
            "js": 0.5 * pairwise_sum(js),
            "sq_root_diff": pairwise_sum(root_diff_sq)}
    return sums, log_ratio


def kl_series(w: np.ndarray) -> np.ndarray:
    """S(w) = sum_j w^j / (2j + 3) for w = v^2 < CLOSE^2, to within 1e-17 relative:
    bd0(x, y) = d v + 2 x v^3 S(v^2) with d = x - y, v = d / (x + y)."""
    return _horner(w, _KL_SERIES[:_terms_needed(float(w.max()), _KL_TAIL)])


def _horner(w: np.ndarray, coefficients: list[float]) -> np.ndarray:
    if w.size <= 512:  # few values: two numpy calls instead of two per coefficient
        return np.vander(w, len(coefficients), increasing=True) @ np.asarray(coefficients)
    out = np.full_like(w, coefficients[-1])
    for c in reversed(coefficients[:-1]):
        out *= w
        out += c
    return out


def _terms_needed(wmax: float, tail: list[float]) -> int:
    """How many series terms bring the neglected tail below _SERIES_TOL (relative)."""
    power = wmax
    for terms, coefficient in enumerate(tail, start=1):
        if power * coefficient <= _SERIES_TOL:
            return terms
        power *= wmax
    return _MAX_TERMS
