"""Every figure of a small comparison from the exact rationals, correctly rounded.

The kernel (``kernel.py``) is fast and accurate to a few units in the last place.
A table on a projector has a handful of outcomes, and there the figures should be
*the* double nearest to the exact answer for the typed numbers: the coin's total
variation is 0.2, not 0.20000000000000004, and its tails term in bits is −0.2. This
module computes them in binary fixed point with Python integers, at least 110 bits
below the point (more where a difference is tiny), from the exact fractions, and rounds
once (``int / int`` is correctly rounded in Python). It also serves columns whose
weights span more than the double range (a weight 1e-349 beside 1), which no scaling by
a power of two can hold.

Forms used, all with exact p, q (fractions summing to one) and d = p − q:

* ln x = k ln 2 + 2 atanh((m − 1)/(m + 1)), x = m·2^k with m in [1/√2, √2]: the
  series of atanh in s² ≤ 0.03, to the working precision;
* D(P‖Q) = Σ (p ln(p/q) − p + q), non-negative terms, so nothing cancels in the sum;
* JS = ½ (D(P‖M) + D(Q‖M)), M = (P + Q)/2, in the same form;
* Hellinger² = ½ Σ d² / (√p + √q)²; Bhattacharyya = −ln(1 − H²), or −ln Σ √(pq)
  when that sum is small.

The working precision grows with the bits a ratio near one has lost, so a term of
p = q·(1 + 1e-30) keeps its digits. Cost: about five logarithms an outcome, some tens
of microseconds each.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache

import numpy as np

from klgui.core.comparison import Comparison
from klgui.core.errors import DistributionError
from klgui.core.numerics.doubles import nearest_double
from klgui.core.units import check_unit

__all__ = ["compare_precise", "kl_precise", "PRECISE_MAX", "ln_fixed", "sum_float"]

#: Up to this many outcomes a document's figures come from here.
PRECISE_MAX = 32
_BITS = 110  # bits below the binary point, at least
_MAX_EXTRA = 8000  # extra bits for a ratio within 2^-8000 of one (beyond: it is one)


def compare_precise(a: Sequence[Fraction], b: Sequence[Fraction], base: str = "nats", *,
                    labels: Sequence[str] | None = None,
                    weight_sums: tuple[float, float] | None = None) -> Comparison:
    """The Comparison of exact non-negative weights ``a`` (P) and ``b`` (Q), every
    figure and term the correctly rounded value of the exact answer (but for the
    2^-110 relative error of the fixed-point intermediates, far below half an ulp).

    Raises DistributionError when the lengths differ or a distribution is empty or all
    zero.
    """
    A, B, p, q = _normalized(a, b, base)
    one = 1 << _BITS
    unit = _unit(base)

    infinite_pq = tuple(i for i, (x, y) in enumerate(zip(p, q)) if x and not y)
    infinite_qp = tuple(i for i, (x, y) in enumerate(zip(p, q)) if y and not x)
    both = [i for i, (x, y) in enumerate(zip(p, q)) if x and y]
    logs = {i: _ln_ratio(p[i], q[i]) for i in both}  # (value, bits) of ln(p/q)
    c_pq = [math.inf if i in infinite_pq else 0.0 for i in range(len(p))]
    c_qp = [math.inf if i in infinite_qp else 0.0 for i in range(len(p))]
    for i, (value, bits) in logs.items():
        log_ratio = Fraction(value, 1 << bits)
        c_pq[i] = _in_unit(p[i] * log_ratio, unit)
        c_qp[i] = 0.0 - _in_unit(q[i] * log_ratio, unit)  # 0.0 - 0.0 is not -0.0
    d_pq = None if infinite_pq else _kl(p, q, logs, sign=1)
    d_qp = None if infinite_qp else _kl(q, p, logs, sign=-1)
    ent_p, ent_q = _entropy(p), _entropy(q)
    m = [(x + y) / 2 for x, y in zip(p, q)]
    js = (_kl(p, m, {i: _ln_ratio(p[i], m[i]) for i, x in enumerate(p) if x}, 1)
          + _kl(q, m, {i: _ln_ratio(q[i], m[i]) for i, y in enumerate(q) if y}, 1)) / 2
    h2 = _total_of([(x - y) ** 2 / (x + y + 2 * _root(x * y))  # (√p − √q)²
                    for x, y in zip(p, q) if x != y]) / 2

    def figure(*parts: Fraction | None) -> float:
        if any(x is None for x in parts):
            return math.inf
        return nearest_double(sum(parts, Fraction(0)) * one / unit)

    return Comparison(
        p=_array(p), q=_array(q),
        contributions_pq=np.array(c_pq, dtype=np.float64),
        contributions_qp=np.array(c_qp, dtype=np.float64),
        kl_pq=figure(d_pq), kl_qp=figure(d_qp),
        entropy_p=figure(ent_p), entropy_q=figure(ent_q),
        cross_entropy_pq=figure(d_pq, ent_p), cross_entropy_qp=figure(d_qp, ent_q),
        jeffreys=figure(d_pq, d_qp),
        js_divergence=figure(js), js_distance=_sqrt_float(js * one / unit),
        total_variation=nearest_double(_total_of([abs(x - y) for x, y in zip(p, q)]) / 2),
        hellinger=_sqrt_float(h2),
        bhattacharyya=figure(_bhattacharyya(p, q, h2)),
        base=base, infinite_pq=infinite_pq, infinite_qp=infinite_qp,
        labels=tuple(labels) if labels is not None else None,
        weight_sums=weight_sums if weight_sums is not None else (sum_float(A), sum_float(B)),
    )


def kl_precise(a: Sequence[Fraction], b: Sequence[Fraction], base: str = "nats") -> float:
    """D(P‖Q) alone for exact non-negative weights ``a`` (P) and ``b`` (Q), each
    normalized: the correctly rounded value (as :func:`compare_precise`'s ``kl_pq``, one
    logarithm an outcome instead of about five); ``inf`` when Q rules out an outcome P
    allows.

    Raises DistributionError when the lengths differ or a distribution is empty or all
    zero.
    """
    _, _, p, q = _normalized(a, b, base)
    if any(x and not y for x, y in zip(p, q)):
        return math.inf
    logs = {i: _ln_ratio(x, y) for i, (x, y) in enumerate(zip(p, q)) if x and y}
    return nearest_double(_kl(p, q, logs, sign=1) * (1 << _BITS) / _unit(base)) + 0.0


def _normalized(a: Sequence[Fraction], b: Sequence[Fraction], base: str
                ) -> tuple[Fraction, Fraction, list[Fraction], list[Fraction]]:
    """The totals of ``a`` and ``b`` and each scaled to sum to 1; DistributionError for
    an unknown unit, lengths that differ, or a distribution empty or all zero."""
    check_unit(base)
    if len(a) != len(b):
        raise DistributionError(f"P has {len(a)} outcomes but Q has {len(b)}; "
                                "both must give a weight for every outcome.")
    A, B = _total(a, "P"), _total(b, "Q")
    return A, B, [x / A for x in a], [y / B for y in b]


def _unit(base: str) -> int:
    """One of ``base``'s units (ln 2 for bits, ln 10 for hartleys) in the fixed point."""
    return {"nats": 1 << _BITS, "bits": _ln2(_BITS),
            "hartleys": ln_fixed(Fraction(10), _BITS)}[base]


def sum_float(total: Fraction) -> float:
    """A column's exact weight sum as a double: correctly rounded, and ±inf beyond the
    double range (weights of 1e400 are exact here; ``float()`` of such a Fraction raises
    OverflowError). The typed entries' exact sum, so it may differ by an ulp from
    TypedColumn.value_sum, the rounded sum of the entries' doubles (0.1 + 0.7)."""
    return nearest_double(total)


def ln_fixed(x: Fraction, bits: int) -> int:
    """ln x for a positive fraction, as an integer in units of 2^-bits (error below a
    few units)."""
    num, den = x.numerator, x.denominator
    k = num.bit_length() - den.bit_length()
    guard = bits + 8
    # m = x / 2^k in (1/2, 2), in units of 2^-guard
    m = (num << (guard - k)) // den if k <= guard else (num >> (k - guard)) // den
    one = 1 << guard
    if m * m > 2 * one * one:  # m > √2
        m >>= 1
        k += 1
    elif 2 * m * m < one * one:  # m < 1/√2
        m <<= 1
        k -= 1
    negative = m < one
    s = (abs(m - one) << guard) // (m + one)  # |s| ≤ 0.172, so s² ≤ 0.03
    s2 = (s * s) >> guard
    total, term, j = s, s, 1
    while term:
        term = (term * s2) >> guard
        total += term // (2 * j + 1)
        j += 1
    value = (-2 if negative else 2) * total + k * _ln2(guard)
    return value >> 8 if value >= 0 else -((-value) >> 8)


@lru_cache(maxsize=64)
def _ln2(bits: int) -> int:
    """ln 2 = 2 atanh(1/3) in units of 2^-bits."""
    guard = bits + 8
    one = 1 << guard
    s = one // 3
    total, term, j = s, s, 1
    while term:
        term //= 9
        total += term // (2 * j + 1)
        j += 1
    return (2 * total) >> 8


def _ln_ratio(x: Fraction, y: Fraction) -> tuple[int, int]:
    """ln(x/y) in fixed point, and its number of bits below the point: _BITS plus twice
    the bits that δ = x/y − 1 has lost, so that x ln(x/y) − (x − y) ≈ x δ²/2, where
    the first two bits-lost cancel, keeps _BITS bits."""
    r = x / y
    d = r - 1
    lost = 0 if d == 0 else max(0, r.denominator.bit_length() - abs(d.numerator).bit_length())
    bits = _BITS + min(2 * lost, _MAX_EXTRA)
    return ln_fixed(r, bits), bits


def _kl(x: Sequence[Fraction], y: Sequence[Fraction], logs: dict[int, tuple[int, int]],
        sign: int) -> Fraction:
    """Σ x ln(x/y) − x + y (``logs`` holds ln(p/q) by outcome; ``sign`` −1 reads it as
    ln(q/p)), each term ≥ 0. Outcomes with x = 0 add y; with y = 0 the caller reports ∞."""
    terms = []
    for i, (a, b) in enumerate(zip(x, y)):
        if not a:
            terms.append(b)
            continue
        if i not in logs:
            continue
        value, bits = logs[i]
        terms.append(Fraction(sign * a.numerator * value, a.denominator << bits) - (a - b))
    return _total_of(terms)


def _entropy(x: Sequence[Fraction]) -> Fraction:
    """−Σ x ln x, with ln x near 0 (x near 1) at the precision it needs."""
    terms = []
    for a in x:
        if a and a != 1:
            value, bits = _ln_ratio(a, Fraction(1))
            terms.append(-Fraction(a.numerator * value, a.denominator << bits))
    return _total_of(terms)


def _total_of(terms: list[Fraction]) -> Fraction:
    """The sum of non-negative fractions to about 2^-150 of itself. Each term goes to
    a common binary fixed point first: a sum of fractions whose denominators all differ
    (square roots, ratios) would grow its denominator with every term."""
    terms = [t for t in terms if t]
    if not terms:
        return Fraction(0)
    top = max(terms)
    shift = 150 - (top.numerator.bit_length() - top.denominator.bit_length())
    if shift >= 0:
        return Fraction(sum((t.numerator << shift) // t.denominator for t in terms),
                        1 << shift)
    return Fraction(sum(t.numerator // (t.denominator << -shift) for t in terms) << -shift)


def _root(x: Fraction) -> Fraction:
    """√x to about 2^-120 relative (rounded down)."""
    if x <= 0:
        return Fraction(0)
    shift = max(0, 240 - (x.numerator.bit_length() - x.denominator.bit_length()))
    shift += shift % 2
    return Fraction(math.isqrt((x.numerator << shift) // x.denominator), 1 << (shift // 2))


def _bhattacharyya(p: Sequence[Fraction], q: Sequence[Fraction],
                   h2: Fraction) -> Fraction | None:
    """−ln Σ √(pq): as −ln(1 − H²) when H² is small (no cancellation), else directly."""
    if h2 < Fraction(1, 2):
        if h2 == 0:
            return Fraction(0)
        lost = max(0, h2.denominator.bit_length() - h2.numerator.bit_length())
        bits = _BITS + min(lost, _MAX_EXTRA)
        return Fraction(-ln_fixed(1 - h2, bits), 1 << bits)
    coefficient = _total_of([_root(x * y) for x, y in zip(p, q) if x and y])
    if coefficient == 0:
        return None  # no outcome in common: infinite
    return Fraction(-ln_fixed(coefficient, _BITS), 1 << _BITS)


def _in_unit(nats: Fraction, unit: int) -> float:
    """A value in nats as the nearest float in the unit (``unit``: its size in nats,
    in units of 2^-_BITS)."""
    return nearest_double(nats * (1 << _BITS) / unit)


def _sqrt_float(x: Fraction) -> float:
    """√x, correctly rounded but for a near-tie (to within 2^-120 relative)."""
    return nearest_double(_root(x))


def _total(w: Sequence[Fraction], name: str) -> Fraction:
    if not w:
        raise DistributionError(
            f"{name} is empty; give at least one outcome with a positive weight.",
            distribution=name)
    total = sum(w, Fraction(0))
    if total <= 0:
        raise DistributionError(
            f"{name}: every weight is zero; give at least one outcome a positive weight.",
            distribution=name)
    return total


def _array(x: Sequence[Fraction]) -> np.ndarray:
    return np.array([nearest_double(v) for v in x], dtype=np.float64)
