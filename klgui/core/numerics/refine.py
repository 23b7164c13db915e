"""The KL family in double-double arithmetic: D(P‖Q), D(Q‖P), H(P), H(Q), the
cross-entropies, Jeffreys, the per-outcome terms and total variation, each the correctly
rounded value of the exact answer for the given weights (but for a relative error of
about 1e-22, far below half an ulp), for tables too large for :mod:`klgui.core.numerics.precise`.

The kernel's figures carry a few ulps of error: its logarithms, products and the
differences p − q are each rounded to a double. Here every quantity is a pair
(hi, lo) of doubles whose sum carries about 106 bits:

* p = a/A and q = b/B, with A and B summed by ``exact.dd_sum``;
* ln x from a table of ln(1 + j/128) and the series of atanh in s = (m − c)/(m + c),
  |s| < 1/512, with x = m·2^k: error about 1e-22 of ln x; ln(p/q) for |v| < 1e-3 as
  2 atanh(v), v = (p − q)/(p + q);
* far outcomes (|v| ≥ 0.1): the bd0 term p·ln(p/q) − (p − q); close ones:
  d·v + 2p·v³·S(v²), Loader's series, with d = p − q to 106 bits;
* the non-negative terms' high parts summed by ``exact.dd_sum``, the low parts by a
  pairwise sum.

Cost: some eighty numpy passes over the outcomes, about ten times the kernel.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import numpy as np

from klgui.core.numerics.close import CLOSE, kl_series
from klgui.core.numerics.exact import dd_ratio, dd_sum, two_product
from klgui.core.numerics.precise import ln_fixed

__all__ = ["kl_family", "unit_size", "REFINE_MAX"]

#: Up to this many outcomes the document's KL family comes from here.
REFINE_MAX = 5_000
_TABLE = 128
_SMALLEST = 1e-280  # below this, products' low parts may underflow: not refined
_SERIES_BELOW = 1e-3  # |v| below which ln(p/q) comes from the atanh series


def kl_family(a: np.ndarray, b: np.ndarray, unit: tuple[float, float] | None = None,
              a_low: np.ndarray | None = None, b_low: np.ndarray | None = None
              ) -> dict[str, object] | None:
    """The KL family of non-negative weights ``a`` (P) and ``b`` (Q), both (n,)
    float64 with positive sums, exact or with the remainders ``a_low`` and ``b_low``
    (each weight is then ``a + a_low`` to 106 bits). ``unit`` is the size of the unit
    in nats as a double-double (hi, lo), None for nats.

    Returns a dict of floats (``kl_pq``, ``kl_qp``, ``entropy_p``, ``entropy_q``,
    ``cross_entropy_pq``, ``cross_entropy_qp``, ``jeffreys``; ``math.inf`` where a
    model rules out what the other allows; and ``total_variation``) and the (n,) arrays
    ``contributions_pq`` and ``contributions_qp``; or None when a probability is so
    small (below 1e-280) that double-double products could underflow.
    """
    A, B = _exact_sum(a, a_low), _exact_sum(b, b_low)
    p, q = _divided(a, a_low, A), _divided(b, b_low, B)
    for x in (p, q):
        positive = x[0][x[0] > 0]
        if positive.size and positive.min() < _SMALLEST:
            return None
    both = (a > 0) & (b > 0)
    ph, pl, qh, ql = p[0][both], p[1][both], q[0][both], q[1][both]
    dh, dl = _dd_add(ph, pl, -qh, -ql)
    th, tl = _dd_add(ph, pl, qh, ql)
    vh, vl = _dd_div(dh, dl, th, tl)
    close = np.absolute(vh) < CLOSE
    log_h, log_l = _log_ratio(ph, pl, qh, ql, vh, vl)
    near_h, near_l = _dd_mul(dh, dl, vh, vl)  # d·v: Loader's leading term, both ways
    odd = 2.0 * vh ** 3 * kl_series(vh * vh) if close.any() else np.zeros_like(vh)

    out: dict[str, object] = {}
    sums: dict[str, tuple[float, float] | None] = {}
    sides = {"pq": (a, b, ph, pl, q, 1.0), "qp": (b, a, qh, ql, p, -1.0)}
    for name, (x, y, xh, xl, other, sign) in sides.items():
        # bd0(x, y) = x ln(x/y) − (x − y); for Q‖P the log and d change sign.
        xlh, xll = _dd_mul(xh, xl, sign * log_h, sign * log_l)  # the signed term
        far_h, far_l = _dd_add(xlh, xll, -sign * dh, -sign * dl)
        term_h = np.where(close, near_h, far_h)
        term_l = np.where(close, near_l + sign * xh * odd, far_l)
        alone = (y > 0) & (x == 0)  # adds y to the sum of bd0 terms
        infinite = (x > 0) & (y == 0)
        c = np.zeros(a.size)
        c[both] = _in_unit(xlh, xll, unit)
        c[infinite] = math.inf
        out[f"contributions_{name}"] = c + 0.0
        sums[name] = None if infinite.any() else _dd_total(
            term_h, other[0][alone], term_l, other[1][alone])
        out[f"kl_{name}"] = _scalar(sums[name], unit)
    for name, (xh, xl) in {"p": p, "q": q}.items():
        positive = xh > 0
        lh, ll = _log(xh[positive])
        ll = ll + xl[positive] / xh[positive]
        eh, el = _dd_mul(xh[positive], xl[positive], lh, ll)
        entropy = _dd_total(-eh, -el)
        out[f"entropy_{name}"] = _scalar(entropy, unit)
        cross = "cross_entropy_pq" if name == "p" else "cross_entropy_qp"
        out[cross] = _scalar(_plus(entropy, sums["pq" if name == "p" else "qp"]), unit)
    out["jeffreys"] = _scalar(_plus(sums["pq"], sums["qp"]), unit)
    # Total variation: Σ (p − q) where p > q, the differences to 106 bits.
    larger = dh > 0.0
    only_p = (a > 0) & (b == 0)
    tv = _dd_total(dh[larger], p[0][only_p], dl[larger], p[1][only_p])
    out["total_variation"] = min(tv[0] + tv[1], 1.0) + 0.0
    return out


def _plus(x: tuple[float, float] | None,
          y: tuple[float, float] | None) -> tuple[float, float] | None:
    """x + y for two non-negative double-doubles; None (∞) if either is."""
    if x is None or y is None:
        return None
    return _dd_total(np.array([x[0], y[0]]), np.array([x[1], y[1]]))


def _dd_total(*parts: np.ndarray) -> tuple[float, float]:
    """The sum of the double-doubles whose high parts come first in ``parts`` and low
    parts second (several arrays each), as a double-double: the high parts, all ≥ 0
    here, by exact.dd_sum (relative error below 2e-21), the low parts by a pairwise
    sum (they are 1e-16 of the high ones)."""
    half = len(parts) // 2
    high = np.concatenate([np.ravel(x) for x in parts[:half]])
    low = np.concatenate([np.ravel(x) for x in parts[half:]])
    if high.size and high.min() < 0.0:  # not expected; exact all the same
        values = [*high.tolist(), *low.tolist()]
        hi = math.fsum(values)
        return hi, math.fsum([*values, -hi])
    hi, lo = dd_sum(high)
    return _fast_two_sum(hi, lo + float(np.add.reduce(low)))


@lru_cache(maxsize=4)
def unit_size(base: str) -> tuple[float, float] | None:
    """The size of one bit or hartley in nats as a double-double; None for nats."""

    if base == "nats":
        return None
    bits = 140
    value = Fraction(ln_fixed(Fraction({"bits": 2, "hartleys": 10}[base]), bits), 1 << bits)
    hi = float(value)
    return hi, float(value - Fraction(hi))


def _log_ratio(ph, pl, qh, ql, vh, vl):
    """ln(p/q) in double-double: from the ratio's logarithm, or as 2 atanh(v) where p
    and q are so close (|v| < 1e-3) that the series' tail, kept in double precision,
    is below 1e-22 of the whole."""
    rh, rl = _dd_div(ph, pl, qh, ql)
    lh, ll = _log(rh)
    ll = ll + rl / rh
    tiny = np.absolute(vh) < _SERIES_BELOW
    if tiny.any():
        w = vh * vh
        series = 2.0 * vh * w * kl_series(w)  # 2 atanh(v) − 2v
        ch, cl = _fast_two_sum(2.0 * vh, 2.0 * vl + series)
        lh = np.where(tiny, ch, lh)
        ll = np.where(tiny, cl, ll)
    return lh, ll


def _log(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ln x for positive doubles, as double-doubles (error about 1e-22 relative)."""
    table_h, table_l, ln2_h, ln2_l = _tables()
    m, k = np.frexp(x)
    m = m * 2.0
    k = (k - 1).astype(np.float64)
    j = np.rint((m - 1.0) * _TABLE)
    c = 1.0 + j / _TABLE
    num = m - c  # exact (Sterbenz)
    uh, ul = _two_sum(m, c)
    sh, sl = _dd_div(num, np.zeros_like(num), uh, ul)
    s2 = sh * sh
    rest = sh * s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 / 7.0))
    idx = j.astype(np.intp)
    hi, lo = _two_sum(table_h[idx], 2.0 * sh)
    lo = lo + table_l[idx] + 2.0 * sl + 2.0 * rest
    kh = k * ln2_h  # exact: ln2_h has 42 bits, |k| < 2^11
    hi2, lo2 = _two_sum(kh, hi)
    lo2 = lo2 + lo + k * ln2_l
    return _fast_two_sum(hi2, lo2)


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray, float, float]:

    bits = 140
    values = [Fraction(ln_fixed(Fraction(_TABLE + j, _TABLE), bits), 1 << bits)
              for j in range(_TABLE + 1)]
    hi = np.array([float(v) for v in values])
    lo = np.array([float(v - Fraction(h)) for v, h in zip(values, hi.tolist())])
    ln2 = Fraction(ln_fixed(Fraction(2), bits), 1 << bits)
    ln2_h = math.ldexp(math.floor(math.ldexp(float(ln2), 42)), -42)
    return hi, lo, ln2_h, float(ln2 - Fraction(ln2_h))


def _exact_sum(x: np.ndarray, low: np.ndarray | None) -> tuple[float, float]:
    hi, lo = dd_sum(x)
    return (hi, lo) if low is None else _fast_two_sum(hi, lo + float(np.add.reduce(low)))


def _divided(a: np.ndarray, a_low: np.ndarray | None,
             total: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """(a + a_low) / total as double-doubles."""
    h = a / total[0]
    ph, pl = two_product(h, np.full_like(h, total[0]))
    low = (a - ph) - pl - h * total[1]
    if a_low is not None:
        low = low + a_low
    return _fast_two_sum(h, low / total[0])


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _fast_two_sum(a, b):
    s = a + b
    return s, b - (s - a)


def _dd_mul(ah, al, bh, bl):
    p, e = two_product(ah, bh)
    e = e + (ah * bl + al * bh)
    return _fast_two_sum(p, e)


def _dd_add(ah, al, bh, bl):
    s, e = _two_sum(ah, bh)
    e = e + (al + bl)
    return _fast_two_sum(s, e)


def _dd_div(ah, al, bh, bl):
    return _fast_two_sum(*dd_ratio((ah, al), (bh, bl)))


def _in_unit(h: np.ndarray, low: np.ndarray, unit: tuple[float, float] | None) -> np.ndarray:
    """A double-double in nats, rounded, in the unit."""
    if unit is None:
        return h + low
    qh, ql = _dd_div(h, low, np.full_like(h, unit[0]), np.full_like(h, unit[1]))
    return qh + ql


def _scalar(total: tuple[float, float] | None, unit: tuple[float, float] | None) -> float:
    """A double-double sum in nats as the nearest float in the unit; None is ∞."""
    if total is None:
        return math.inf
    if unit is None:
        return total[0] + total[1] + 0.0
    value = (Fraction(total[0]) + Fraction(total[1])) / (Fraction(unit[0]) + Fraction(unit[1]))
    return float(value) + 0.0
