"""The pass over the outcomes behind compare(): per-outcome terms and every sum, in nats.

How the figures stay exact (see DESIGN.md, "Numerical notes"):

* Each divergence is summed as non-negative terms ``bd0(x, y) = x log(x/y) - x + y``
  (their total equals the divergence because both distributions sum to one), so no
  cancellation happens in the sum and the result can never be negative.
* Where P and Q are close (``|v| < 0.1`` with ``v = (p - q)/(p + q)``, that is
  ``|log(p/q)| < 2 atanh(0.1)``), the difference ``d = p - q`` is formed again from the
  raw weights with error-free arithmetic (``exact.scaled_difference``), not from rounded
  probabilities, so it is correct even when P and Q agree to 15 digits. The terms there
  come from the series of Loader's bd0 in ``v``, and log-ratios from ``2 atanh(v)``
  (``close.close_terms``). A block treats these outcomes as if p = q, which makes
  every far-formula term exactly 0 there, so no sum has to mask them out.
* ``log p`` for p > 1/2 is taken as ``log1p(-(1 - p))`` with ``1 - p`` exact.

How it stays fast: the work runs in blocks of outcomes through buffers that each thread
keeps (``scratch.borrowed``), so temporaries stay in cache and no memory is asked for
inside the loop. A block makes about forty numpy passes: four logarithms, a square
root and seven pairwise sums among them. The close outcomes' extra work is batched
across blocks (``_flush_close``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from klgui.core.numerics.close import CLOSE, close_terms
from klgui.core.errors import Cancelled
from klgui.core.numerics.exact import dd_ratio, pairwise_sum, scaled_difference
from klgui.core.numerics.scratch import borrowed
from klgui.core.numerics.validation import Weights

BLOCK = 32768
FLUSH = 8192  # close outcomes are handled in batches of about this many
_CLOSE_LOG = 2.0 * math.atanh(CLOSE)  # |v| < CLOSE as a bound on |log(p/q)|
_RESOLUTION = 2.0 ** -100  # relative resolution of the error-free difference
# Ratios p/q outside these bounds may have over- or underflowed (only with tiny weights).
_RATIO_LOW, _RATIO_HIGH = 2.3e-308, 1.7e308
_LOG_2 = math.log(2.0)


class _Workspace:
    """Temporaries for one block: float64 rows and a mask, BLOCK elements each."""

    def __init__(self, rows: np.ndarray, mask: np.ndarray) -> None:
        self.ratio, self.log_ratio, self.d, self.t, self.x, self.y, self.x_log_x = rows
        self.mask = mask


class Kernel:
    """One pass over the outcomes in blocks, filling the normalized distributions
    ``p`` and ``q`` and the signed contributions, and accumulating every sum.

    ``a`` and ``b`` are checked weights with their extremes and sums (known from the
    checks, so not looked for again)."""

    def __init__(self, a: Weights, b: Weights,
                 entropies: tuple[float | None, float | None] = (None, None)) -> None:
        """``entropies``: -sum p log p of either distribution in nats when known already
        (:func:`entropy_nats` of the same weights), so the blocks skip it."""
        self.a, self.b = a.values, b.values
        self.known_entropy_p, self.known_entropy_q = entropies
        n = self.a.size
        self.A, self.B = a.total, b.total
        #: Whole-number weights summing below 2^53: sums of some of them are exact.
        self.integral_a, self.integral_b = a.integral, b.integral
        self.k = dd_ratio(self.A, self.B)
        self.infinite_pq: list[int] = []
        self.infinite_qp: list[int] = []
        # At most one outcome of a distribution has p > 1/2; its log comes from the
        # exact 1 - p (see _x_log_x). -1: there is none.
        self.major_p = int(np.argmax(self.a)) if a.high > 0.5 * self.A[0] else -1
        self.major_q = int(np.argmax(self.b)) if b.high > 0.5 * self.B[0] else -1
        # Zeros need masks (0 log 0 = 0, infinite terms); tiny weights need guarded
        # ratios. Both are rare, so they are decided once instead of in every block.
        smallest = min(a.low / self.A[0], b.low / self.B[0])
        self.zeros = smallest == 0.0
        self.tiny = smallest < 1e-150
        # The four per-outcome results are one block: they live and die together, and
        # the allocator keeps one large freed block for the next comparison where it
        # hands smaller ones back to the system, to be faulted in again page by page.
        # Every entry is written but the contributions where a weight is 0: those are 0.
        self.p, self.q, self.contrib_pq, self.contrib_qp = results = np.empty((4, n))
        if self.zeros:
            results[2:] = 0.0
        # (where, a, b) of close outcomes awaiting _flush_close.
        self._pending: list[tuple[np.ndarray, ...]] = []
        self._pending_size = 0

    def run(self, cancelled: Callable[[], bool] | None = None) -> dict[str, float]:
        """Every sum, in nats: kl_pq, kl_qp, entropy_p, entropy_q, js (twice the
        Jensen-Shannon divergence) and sq_root_diff (twice the squared Hellinger distance)."""
        parts: dict[str, list[float]] = {"kl_pq": [], "kl_qp": [], "js": []}

        def add(sums: dict[str, float]) -> None:
            for name, value in sums.items():
                parts.setdefault(name, []).append(value)

        with borrowed((7, BLOCK)) as rows, borrowed((BLOCK,), bool) as mask, \
                np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            self.work = _Workspace(rows, mask)
            for start in range(0, self.a.size, BLOCK):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                add(self._block(start, min(start + BLOCK, self.a.size)))
                if self._pending_size >= FLUSH:
                    add(self._flush_close())
            if self._pending_size:
                add(self._flush_close())
        out = {name: math.fsum(values) for name, values in parts.items()}
        for name, known in (("entropy_p", self.known_entropy_p),
                            ("entropy_q", self.known_entropy_q)):
            if known is not None:
                out[name] = known
        return out

    def _flush_close(self) -> dict[str, float]:
        """Everything about the close outcomes gathered so far: their error-free
        differences, log-ratios and contributions, and their share of every sum that
        the blocks left out. Gathering them across blocks keeps these many small numpy
        calls off the per-block path."""
        where, a, b = (np.concatenate(c) for c in zip(*self._pending))
        self._pending, self._pending_size = [], 0
        p = np.divide(a, self.A[0])  # as in _block, so equal to self.p[where]
        q = np.divide(b, self.B[0])
        d = scaled_difference(a, b, self.k)
        d /= self.A[0]
        total = p + q
        size = np.absolute(d)
        # Below ~2^-104 of p + q, d is noise of the double-double ratio A/B, not a
        # difference between P and Q: equal distributions must give exactly 0.
        noise = size < _RESOLUTION * total
        if noise.any():
            d[noise] = 0.0
            size[noise] = 0.0
        sums, log_ratio = close_terms(p, q, total, d, np.divide(d, total))
        self.contrib_pq[where] = np.multiply(p, log_ratio, out=p)
        np.multiply(q, log_ratio, out=q)
        self.contrib_qp[where] = np.negative(q, out=q) + 0.0  # no -0.0
        return sums

    def _block(self, s: int, e: int) -> dict[str, float]:
        """The far outcomes' share of every sum, the entropies, and p, q and the
        contributions (those of close outcomes are set in _flush_close)."""
        w, m = self.work, e - s
        a, b = self.a[s:e], self.b[s:e]
        p = np.divide(a, self.A[0], out=self.p[s:e])
        q = np.divide(b, self.B[0], out=self.q[s:e])
        ratio = np.divide(p, q, out=w.ratio[:m])  # inf where q = 0, NaN where both are
        log_ratio = np.log(ratio, out=w.log_ratio[:m])
        extreme = None
        if self.tiny:  # p/q may have over- or underflowed: |log| > 700
            extreme = (p > 0) & (q > 0) & ~((ratio > _RATIO_LOW) & (ratio < _RATIO_HIGH))
            log_ratio[extreme] = np.log(p[extreme]) - np.log(q[extreme])
        x = np.absolute(log_ratio, out=w.x[:m])
        close = np.flatnonzero(np.less(x, _CLOSE_LOG, out=w.mask[:m]))
        if close.size:
            self._pending.append((close + s, a[close], b[close]))
            self._pending_size += close.size
            # As if p = q there: every far term below is then exactly 0, so no sum
            # needs the close outcomes masked out.
            ratio[close] = 1.0
            log_ratio[close] = 0.0

        cpq = self.contrib_pq[s:e]
        cqp = self.contrib_qp[s:e]
        if self.zeros:
            p_pos, q_pos = p > 0, q > 0
            np.multiply(p, log_ratio, out=cpq, where=p_pos)
            np.multiply(q, log_ratio, out=cqp, where=q_pos)
            only_p = p_pos & ~q_pos
            self.infinite_pq.extend((np.flatnonzero(only_p) + s).tolist())
            self.infinite_qp.extend((np.flatnonzero(q_pos & ~p_pos) + s).tolist())
        else:
            p_pos = q_pos = True
            np.multiply(p, log_ratio, out=cpq)
            np.multiply(q, log_ratio, out=cqp)
        np.negative(cqp, out=cqp)
        cqp += 0.0  # -(q * 0) is -0.0: never show a negative zero

        # Entropies: -p log p, over every outcome (unless known: entropy_nats).
        sums = {}
        if self.known_entropy_p is None:
            sums["entropy_p"] = -_sum_x_log_x(p, a, self.A, self.major_p - s, p_pos,
                                              w.x_log_x[:m])
        if self.known_entropy_q is None:
            sums["entropy_q"] = -_sum_x_log_x(q, b, self.B, self.major_q - s, q_pos,
                                              w.x_log_x[:m])
        if close.size == m:
            return sums

        # The far outcomes' terms (|log(p/q)| >= 0.2, where these forms lose at most a
        # few parts in 1e15).
        # KL: x log(x/y) - x + y. Hellinger: q (sqrt(p/q) - 1)^2.
        # JS: p log(2p/(p+q)) + q log(2q/(p+q)) = p log(p/q) - (p+q) log((1 + p/q)/2).
        d = np.subtract(p, q, out=w.d[:m])
        if close.size:
            d[close] = 0.0
        sums["kl_pq"] = pairwise_sum(np.subtract(cpq, d, out=x))
        sums["kl_qp"] = pairwise_sum(np.add(cqp, d, out=x))
        total = np.add(p, q, out=w.t[:m])
        mix = np.add(ratio, 1.0, out=w.y[:m])
        mix *= 0.5
        np.log(mix, out=mix)
        mix *= total
        terms = np.subtract(cpq, mix, out=x)
        if self.zeros:
            terms[~(p_pos | q_pos)] = 0.0
            terms[only_p] = p[only_p] * _LOG_2  # inf - inf there
        if extreme is not None and extreme.any():  # p/q overflowed: log((1 + p/q)/2) too
            lm = np.log(total[extreme] * 0.5)
            terms[extreme] = (p[extreme] * (np.log(p[extreme]) - lm)
                              + q[extreme] * (np.log(q[extreme]) - lm))
        sums["js"] = pairwise_sum(terms)
        root_diffs = self._squared_root_differences(p, q, ratio, d, x)
        sums["sq_root_diff"] = pairwise_sum(root_diffs)
        return sums

    def _squared_root_differences(self, p: np.ndarray, q: np.ndarray, ratio: np.ndarray,
                                  d: np.ndarray, out: np.ndarray) -> np.ndarray:
        """(sqrt p - sqrt q)^2 for far outcomes (0 for close ones, where ratio = 1 and
        d = 0): q (sqrt(p/q) - 1)^2 from the ratio at hand (one square root), or
        (d / (sqrt p + sqrt q))^2 when tiny weights may have broken the ratio."""
        if self.tiny:
            root_diff = np.divide(d, np.sqrt(p) + np.sqrt(q), out=out)
            np.multiply(root_diff, root_diff, out=out)
            if self.zeros:
                out[(p == 0) & (q == 0)] = 0.0
            return out
        terms = np.sqrt(ratio, out=out)
        terms -= 1.0
        terms *= terms
        terms *= q
        if self.zeros:
            q_zero = q == 0.0
            terms[q_zero] = p[q_zero]  # inf * 0 or NaN there; the term is p
        return terms


def entropy_nats(w: Weights) -> float:
    """-sum p log p of one distribution's checked weights, in nats: the very double a
    Kernel with these weights computes for it (the same blocks, masks and sums), so
    a column's entropy can be computed once and handed to every pair it is in."""
    a, total = w.values, w.total
    major = int(np.argmax(a)) if w.high > 0.5 * total[0] else -1
    masked = w.low / total[0] == 0.0  # some p is 0 (Kernel.zeros is then set)
    parts = []
    with borrowed((2, BLOCK)) as rows, np.errstate(divide="ignore", invalid="ignore",
                                                   over="ignore", under="ignore"):
        for s in range(0, a.size, BLOCK):
            e = min(s + BLOCK, a.size)
            p = np.divide(a[s:e], total[0], out=rows[0, :e - s])
            positive = p > 0 if masked else True
            parts.append(-_sum_x_log_x(p, a[s:e], total, major - s, positive,
                                       rows[1, :e - s]))
    return math.fsum(parts)


def _sum_x_log_x(p: np.ndarray, w: np.ndarray, total: tuple[float, float], major: int,
                 positive: np.ndarray | bool, out: np.ndarray) -> float:
    """The sum of p log p (0 where p = 0), formed in ``out``. For the largest p
    (``major``, an index into this block or outside it), when above 1/2,
    log p = log1p(-(1 - p)) with 1 - p = (sum of weights - w) / sum formed exactly."""
    np.log(p, out=out)
    if 0 <= major < p.size:
        out[major] = math.log1p(-((total[0] - w[major]) + total[1]) / total[0])
    out *= p
    if positive is not True:
        out[~positive] = 0.0
    return pairwise_sum(out)
