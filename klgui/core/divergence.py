"""compare(): every divergence, entropy and distance between two distributions.

How the figures stay exact (see DESIGN.md, "Numerical notes"):

* Each divergence is summed as non-negative terms ``bd0(x, y) = x log(x/y) - x + y``
  (their total equals the divergence because both distributions sum to one), so no
  cancellation happens in the sum and the result can never be negative.
* The difference ``d_i = p_i - q_i`` is formed from the raw weights with error-free
  arithmetic (``exact.scaled_difference``), not from rounded probabilities, so it is
  correct even when P and Q agree to 15 digits.
* Where ``|x - y| < 0.05 (x + y)`` a term is evaluated with the series of Loader's bd0
  in ``v = (x - y)/(x + y)``; log-ratios there use ``2 atanh(v)``.
* ``log p`` for p > 1/2 is taken as ``log1p(-(1 - p))`` with ``1 - p`` exact.

The work runs in blocks so temporaries stay in cache whatever the number of outcomes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from .comparison import Comparison
from .errors import Cancelled, DistributionError
from .exact import dd_ratio, dd_sum, scaled_difference
from .smoothing import Smoothing
from .units import nats_per_unit
from .validation import as_weights, check_same_length, check_sums_to_one

__all__ = ["compare"]

BLOCK = 8192
# |v| below this: series evaluation with an error-free d. Above it, the far formula
# x log(x/y) - x + y loses about ulp(p) / (2 v^2 p) relatively to the rounding of p and q:
# 2e-14 at |v| = 0.05 (a hypothesis case hit 1.8e-14), 5e-15 at 0.1 (Loader's choice).
_CLOSE = 0.1
_SERIES_TOL = 1e-17
_RESOLUTION = 2.0 ** -100  # relative resolution of the error-free difference


def compare(p: Sequence[float] | np.ndarray, q: Sequence[float] | np.ndarray,
            base: str = "nats", *, normalize: bool = True,
            smoothing: Smoothing | None = None,
            labels: Sequence[str] | None = None,
            cancelled: Callable[[], bool] | None = None) -> Comparison:
    """Compare distribution P (the truth) with Q (the model).

    Parameters
    ----------
    p, q : sequence of float
        Equal-length, finite, non-negative weights, each with a positive sum: counts,
        percentages or probabilities.
    base : {"nats", "bits", "hartleys"}
        Unit of every divergence, entropy and of the Bhattacharyya distance.
    normalize : bool
        Scale each distribution to sum to one (default). When False, a distribution
        whose sum differs from 1 by more than ``validation.SUM_TOLERANCE`` is an error.
    smoothing : Smoothing, optional
        Smoothing to apply first; none unless given, and recorded in the result.
    labels : sequence of str, optional
        Outcome labels, used in error messages and kept in the result.
    cancelled : callable, optional
        Asked between blocks of outcomes (every few thousand); when it returns True the
        computation stops with :class:`Cancelled`. For a caller on another thread whose
        result a newer request has made useless.

    Returns
    -------
    Comparison

    Raises
    ------
    DistributionError
        Empty input, unequal lengths, a negative, NaN or infinite weight, all weights
        zero, or (``normalize=False``) a sum other than 1.
    Cancelled
        ``cancelled`` returned True.
    """
    unit = nats_per_unit(base)
    if labels is not None:
        labels = tuple(str(x) for x in labels)
    a = as_weights(p, "P", labels)
    b = as_weights(q, "Q", labels)
    check_same_length(a, b)
    if labels is not None and len(labels) != a.size:
        raise DistributionError(f"{len(labels)} labels were given for {a.size} outcomes.")
    if not normalize:
        check_sums_to_one(float(np.sum(a)), "P")
        check_sums_to_one(float(np.sum(b)), "Q")
    if smoothing is not None:
        a = smoothing.apply(a, is_q=False)
        b = smoothing.apply(b, is_q=True)

    k = _Kernel(_rescaled(a), _rescaled(b))
    nats = k.run(cancelled)
    h = min(nats["hellinger_sq"], 1.0)
    bhatta = -math.log1p(-h) if h < 1.0 else math.inf  # -log(sum sqrt(pq)), sum = 1 - H^2

    def u(x: float) -> float:
        return x / unit

    kl_pq, kl_qp = u(nats["kl_pq"]), u(nats["kl_qp"])
    ent_p, ent_q = u(nats["entropy_p"]), u(nats["entropy_q"])
    js = u(0.5 * nats["js"])
    if unit != 1.0:
        k.contrib_pq /= unit
        k.contrib_qp /= unit
    return Comparison(
        p=k.p, q=k.q, contributions_pq=k.contrib_pq, contributions_qp=k.contrib_qp,
        kl_pq=kl_pq, kl_qp=kl_qp, entropy_p=ent_p, entropy_q=ent_q,
        cross_entropy_pq=ent_p + kl_pq, cross_entropy_qp=ent_q + kl_qp,
        jeffreys=kl_pq + kl_qp, js_divergence=js, js_distance=math.sqrt(js),
        total_variation=min(0.5 * nats["abs_diff"], 1.0), hellinger=math.sqrt(h),
        bhattacharyya=u(bhatta), base=base,
        infinite_pq=tuple(k.infinite_pq), infinite_qp=tuple(k.infinite_qp),
        normalized=normalize, smoothing=smoothing, labels=labels,
    )


def _rescaled(w: np.ndarray) -> np.ndarray:
    """Scale by a power of two (exact) when weights are so large that products
    could overflow, or so small that they are subnormal."""
    top = float(w.max())
    exponent = math.frexp(top)[1]
    if -900 < exponent < 900:
        return w
    return np.ldexp(w, -exponent)


class _Kernel:
    """One pass over the outcomes in blocks, filling per-outcome arrays and
    accumulating every sum (in nats)."""

    def __init__(self, a: np.ndarray, b: np.ndarray) -> None:
        self.a, self.b = a, b
        self.A, self.B = dd_sum(a), dd_sum(b)
        self.k = dd_ratio(self.A, self.B)
        n = a.size
        self.p = np.empty(n)
        self.q = np.empty(n)
        self.contrib_pq = np.zeros(n)  # stays 0 where the weight is 0
        self.contrib_qp = np.zeros(n)
        self.infinite_pq: list[int] = []
        self.infinite_qp: list[int] = []
        # At most one outcome of a distribution has p > 1/2; its log comes from the
        # exact 1 - p (see _x_log_x).
        self.major_p = int(np.argmax(a))
        self.major_q = int(np.argmax(b))
        # Zeros need masks (0 log 0 = 0, infinite terms); tiny weights need the
        # guarded log-ratio. Both are rare, so look once instead of in every block.
        low = min(float(a.min()) / self.A[0], float(b.min()) / self.B[0])
        self.zeros = low == 0.0
        self.tiny = low < 1e-150
        # (p, q, d, v) of close outcomes awaiting their series sums (_flush_close).
        self._pending: list[tuple[np.ndarray, ...]] = []
        self._pending_size = 0

    def run(self, cancelled: Callable[[], bool] | None = None) -> dict[str, float]:
        parts: dict[str, list[float]] = {"kl_pq": [], "kl_qp": [], "js": []}

        def add(sums: dict[str, float]) -> None:
            for name, value in sums.items():
                parts.setdefault(name, []).append(value)

        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            for start in range(0, self.a.size, BLOCK):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                add(self._block(start, min(start + BLOCK, self.a.size)))
                if self._pending_size >= BLOCK:
                    add(self._flush_close())
            if self._pending_size:
                add(self._flush_close())
        return {name: math.fsum(values) for name, values in parts.items()}

    def _flush_close(self) -> dict[str, float]:
        """Series sums over the close outcomes gathered so far. Gathering them across
        blocks keeps the series' many numpy calls off the per-block path."""
        columns = zip(*self._pending)
        self._pending, self._pending_size = [], 0
        return _close_terms(*(np.concatenate(c) for c in columns))

    def _block(self, s: int, e: int) -> dict[str, float]:
        a, b = self.a[s:e], self.b[s:e]
        p = np.divide(a, self.A[0], out=self.p[s:e])
        q = np.divide(b, self.B[0], out=self.q[s:e])
        total = p + q
        # d = p - q. Plain subtraction is accurate to a few ulps of d wherever p and q
        # are not close (|v| >= _CLOSE); where they are, d is formed again error-free
        # from the raw weights and the terms come from series (_close_terms).
        d = p - q
        v = d / total  # in [-1, 1]; NaN only where p = q = 0
        idx = np.flatnonzero(np.abs(v) < _CLOSE)
        all_close = idx.size == v.size
        if idx.size:
            sel = slice(None) if all_close else idx
            p_c, q_c = p[sel], q[sel]
            d_c = scaled_difference(a[sel], b[sel], self.k)
            d_c /= self.A[0]
            total_c = p_c + q_c
            # Below ~2^-104 of p + q, d is noise of the double-double ratio A/B, not a
            # difference between P and Q: equal distributions must give exactly 0.
            d_c[np.abs(d_c) < _RESOLUTION * total_c] = 0.0
            v_c = d_c / total_c
            self._pending.append((p_c, q_c, d_c, v_c))
            self._pending_size += idx.size
            d[sel] = d_c

        # log(p/q): from the ratio, or 2 atanh(v) where p and q are close.
        if all_close:
            log_ratio = 2.0 * np.arctanh(v_c)
        else:
            ratio = p / q
            log_ratio = np.log(ratio)
            if self.tiny:  # p/q may over- or underflow: |log| > 345
                extreme = ((p > 0) & (q > 0)) & ~((ratio > 2.3e-308) & (ratio < 1.7e308))
                log_ratio[extreme] = np.log(p[extreme]) - np.log(q[extreme])
            if idx.size:
                log_ratio[idx] = 2.0 * np.arctanh(v_c)
        cpq = self.contrib_pq[s:e]
        cqp = self.contrib_qp[s:e]
        if self.zeros:
            p_pos, q_pos = p > 0, q > 0
            np.multiply(p, log_ratio, out=cpq, where=p_pos)
            np.multiply(q, log_ratio, out=cqp, where=q_pos)
            self.infinite_pq.extend((np.flatnonzero(p_pos & ~q_pos) + s).tolist())
            self.infinite_qp.extend((np.flatnonzero(q_pos & ~p_pos) + s).tolist())
            some = p_pos | q_pos
        else:
            p_pos = q_pos = some = True
            np.multiply(p, log_ratio, out=cpq)
            np.multiply(q, log_ratio, out=cqp)
        np.negative(cqp, out=cqp)

        # Entropies: -p log p.
        p_log_p = self._x_log_x(p, a, self.A, self.major_p - s, p_pos)
        q_log_q = self._x_log_x(q, b, self.B, self.major_q - s, q_pos)
        sums = {"entropy_p": -float(np.sum(p_log_p)), "entropy_q": -float(np.sum(q_log_q)),
                "abs_diff": float(np.sum(np.abs(d)))}

        # Far terms: KL x log(x/y) - x + y; JS p log p + q log q - (p+q) log((p+q)/2).
        # Close terms are summed from their series in _flush_close.
        if not all_close:
            kl_pq = cpq - d
            kl_qp = cqp + d
            js = p_log_p + q_log_q
            js -= total * np.log(0.5 * total)
            if some is not True:
                js[~some] = 0.0  # p = q = 0
            if idx.size:
                kl_pq[idx] = kl_qp[idx] = js[idx] = 0.0
            sums.update(kl_pq=float(np.sum(kl_pq)), kl_qp=float(np.sum(kl_qp)),
                        js=float(np.sum(js)))

        root_diff = d / (np.sqrt(p) + np.sqrt(q))
        sums["hellinger_sq"] = 0.5 * float(np.sum(root_diff * root_diff, where=some))
        return sums

    @staticmethod
    def _x_log_x(p: np.ndarray, w: np.ndarray, total: tuple[float, float], major: int,
                 positive: np.ndarray | bool) -> np.ndarray:
        """p log p, 0 where p = 0. For the largest p (``major``, an index into this
        block or outside it), when above 1/2, log p = log1p(-(1 - p)) with
        1 - p = (sum of weights - w) / sum formed exactly."""
        out = np.log(p)
        if 0 <= major < p.size and p[major] > 0.5:
            out[major] = math.log1p(-((total[0] - w[major]) + total[1]) / total[0])
        np.multiply(p, out, out=out)
        if positive is not True:
            out[~positive] = 0.0
        return out


def _close_terms(p: np.ndarray, q: np.ndarray, d: np.ndarray, v: np.ndarray) -> dict[str, float]:
    """Sums over outcomes with |v| < _CLOSE, from series in v = d / (p + q):

    * KL (Loader's bd0): x log(x/y) - x + y = d v +- 2 x v^3 S(v^2),
      S(w) = sum_j w^j / (2j + 3), shared by both directions;
    * JS: p log(p/m) + q log(q/m) = (p + q) / 2 * sum_k v^2k / (k (2k - 1)),
      every term positive.
    """
    w = v * v
    wmax = float(w.max())
    n_kl = _terms_needed(wmax, _KL_TAIL)
    n_js = _terms_needed(wmax, _JS_TAIL)
    odd = 2.0 * v * w * _horner(w, _KL_SERIES[:n_kl])
    dv = d * v
    js = 0.5 * (p + q) * w * _horner(w, _JS_SERIES[:n_js])
    return {"kl_pq": float(np.sum(dv + p * odd)), "kl_qp": float(np.sum(dv - q * odd)),
            "js": float(np.sum(js))}


_MAX_TERMS = 16
#: Series coefficients: S(w) = sum_j w^j / (2j + 3) for KL, sum_k w^(k-1) / (k (2k - 1))
#: for JS, and the relative size of the tail each leaves after t terms.
_KL_SERIES = [1.0 / (2 * j + 3) for j in range(_MAX_TERMS)]
_JS_SERIES = [1.0 / (k * (2 * k - 1)) for k in range(1, _MAX_TERMS + 1)]
_KL_TAIL = [3.0 / (2 * t + 3) for t in range(1, _MAX_TERMS)]
_JS_TAIL = [1.0 / ((t + 1) * (2 * t + 1)) for t in range(1, _MAX_TERMS)]


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
