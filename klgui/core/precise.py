"""Every figure of a small comparison from the exact rationals, correctly rounded.

The kernel (``kernel.py``) is fast and accurate to a few units in the last place.
A table on a projector has a handful of outcomes, and there the figures should be
*the* double nearest to the exact answer for the typed numbers: the coin's total
variation is 0.2, not 0.20000000000000004, and its tails term in bits is −0.2. This
module computes them with the standard library's ``decimal`` at 40 significant digits
(more where a difference is tiny), from exact fractions, then rounds once. It also
serves columns whose weights span more than the double range (a weight 1e-349 beside
1), which no scaling by a power of two can hold.

Forms used, all with exact p, q (fractions summing to one) and d = p − q:

* D(P‖Q) = Σ (p ln(p/q) − p + q), non-negative terms, so no cancellation in the sum;
* JS = ½ (D(P‖M) + D(Q‖M)), M = (P + Q)/2, in the same form;
* Hellinger² = ½ Σ d² / (√p + √q)²; Bhattacharyya = −ln(1 − H²), or −ln Σ √(pq)
  when that sum is small;
* ln x near 1 at a precision raised by the digits that x − 1 has lost.

Cost: a few ``Decimal.ln`` calls per outcome, about 0.15 ms an outcome.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Context, Decimal, localcontext
from fractions import Fraction

import numpy as np

from .comparison import Comparison
from .errors import DistributionError
from .units import check_unit

__all__ = ["compare_precise", "PRECISE_MAX"]

#: Up to this many outcomes a document's figures come from here.
PRECISE_MAX = 32
_DIGITS = 40
_MAX_EXTRA = 2000  # digits added for a ratio within 1e-2000 of one (beyond: it is 1)
_LOG_BASE = {"nats": None, "bits": 2, "hartleys": 10}


def compare_precise(a: Sequence[Fraction], b: Sequence[Fraction], base: str = "nats", *,
                    labels: Sequence[str] | None = None,
                    weight_sums: tuple[float, float] | None = None) -> Comparison:
    """The Comparison of exact non-negative weights ``a`` (P) and ``b`` (Q), every
    figure and term the correctly rounded value of the exact answer (to within the
    rounding of a 40-digit intermediate, far below half an ulp).

    Raises DistributionError when a distribution is empty or all zero.
    """
    check_unit(base)
    with localcontext(Context(prec=_DIGITS, Emin=-10**9, Emax=10**9)):
        return _compare(a, b, base, labels, weight_sums)


def _compare(a, b, base, labels, weight_sums) -> Comparison:
    if len(a) != len(b):
        raise DistributionError(f"P has {len(a)} outcomes but Q has {len(b)}; "
                                "both must give a weight for every outcome.")
    A, B = _total(a, "P"), _total(b, "Q")
    p = [x / A for x in a]
    q = [y / B for y in b]
    ctx = Context(prec=_DIGITS, Emin=-10**9, Emax=10**9)
    unit = Decimal(1) if _LOG_BASE[base] is None else ctx.ln(Decimal(_LOG_BASE[base]))

    infinite_pq = tuple(i for i, (x, y) in enumerate(zip(p, q)) if x and not y)
    infinite_qp = tuple(i for i, (x, y) in enumerate(zip(p, q)) if y and not x)
    logs = [_ln_ratio(x, y) if x and y else None for x, y in zip(p, q)]
    c_pq = [_term(x, lg, unit, sign=1) if y else (math.inf if x else 0.0)
            for x, y, lg in zip(p, q, logs)]
    c_qp = [_term(y, lg, unit, sign=-1) if x else (math.inf if y else 0.0)
            for x, y, lg in zip(p, q, logs)]
    kl_pq = math.inf if infinite_pq else _figure(_kl(p, q, logs), unit)
    kl_qp = math.inf if infinite_qp else _figure(_kl(q, p, [None if g is None else -g
                                                            for g in logs]), unit)
    ent_p, ent_q = _entropy(p), _entropy(q)
    m = [(x + y) / 2 for x, y in zip(p, q)]
    js = (_kl(p, m, _ln_ratios(p, m)) + _kl(q, m, _ln_ratios(q, m))) / 2
    h2 = sum(((_dec(x - y) ** 2) / (_sqrt(x) + _sqrt(y)) ** 2
              for x, y in zip(p, q) if x != y), Decimal(0)) / 2
    return Comparison(
        p=_array(p), q=_array(q),
        contributions_pq=np.array(c_pq, dtype=np.float64),
        contributions_qp=np.array(c_qp, dtype=np.float64),
        kl_pq=kl_pq, kl_qp=kl_qp,
        entropy_p=_figure(ent_p, unit), entropy_q=_figure(ent_q, unit),
        cross_entropy_pq=math.inf if infinite_pq else _figure(ent_p + _kl(p, q, logs), unit),
        cross_entropy_qp=(math.inf if infinite_qp else
                          _figure(ent_q + _kl(q, p, [None if g is None else -g
                                                     for g in logs]), unit)),
        jeffreys=(math.inf if infinite_pq or infinite_qp else
                  _figure(_kl(p, q, logs) + _kl(q, p, [None if g is None else -g
                                                       for g in logs]), unit)),
        js_divergence=_figure(js, unit), js_distance=_figure((js / unit).sqrt(ctx), 1),
        total_variation=float(sum((abs(x - y) for x, y in zip(p, q)), Fraction(0)) / 2),
        hellinger=_figure(h2.sqrt(ctx), 1),
        bhattacharyya=_figure(_bhattacharyya(p, q, h2), unit),
        base=base, infinite_pq=infinite_pq, infinite_qp=infinite_qp,
        labels=tuple(labels) if labels is not None else None,
        weight_sums=weight_sums if weight_sums is not None else (float(A), float(B)),
    )


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


def _dec(x: Fraction, prec: int = _DIGITS) -> Decimal:
    ctx = Context(prec=prec, Emin=-10**9, Emax=10**9)
    return ctx.divide(Decimal(x.numerator), Decimal(x.denominator))


def _sqrt(x: Fraction) -> Decimal:
    return _dec(x, _DIGITS + 5).sqrt(Context(prec=_DIGITS + 5))


def _extra_digits(x: Fraction) -> int:
    """Digits lost when ln is taken of ``x`` near 1: about −log10 |x − 1|."""
    d = x - 1
    if d == 0:
        return 0
    lost = int((d.denominator.bit_length() - abs(d.numerator).bit_length()) * 0.30103)
    return min(max(lost, 0), _MAX_EXTRA)


def _ln(x: Fraction) -> Decimal:
    """ln x to 40 significant digits, however close x is to 1."""
    prec = _DIGITS + _extra_digits(x) + 5
    return _dec(x, prec).ln(Context(prec=prec, Emin=-10**9, Emax=10**9))


def _ln_ratio(x: Fraction, y: Fraction) -> Decimal:
    return _ln(x / y)


def _ln_ratios(x: Sequence[Fraction], y: Sequence[Fraction]) -> list[Decimal | None]:
    return [_ln_ratio(a, b) if a and b else None for a, b in zip(x, y)]


def _kl(x: Sequence[Fraction], y: Sequence[Fraction],
        logs: Sequence[Decimal | None]) -> Decimal:
    """Σ x ln(x/y) − x + y over outcomes with x, y > 0 (the others add y, or 0): each
    term ≥ 0 and evaluated at the precision its logarithm was."""
    total = Decimal(0)
    for a, b, lg in zip(x, y, logs):
        if not a:
            total += _dec(b)
            continue
        if lg is None:
            continue  # b = 0: the caller reports an infinite divergence
        prec = max(_DIGITS, len(lg.as_tuple().digits)) + 5
        ctx = Context(prec=prec, Emin=-10**9, Emax=10**9)
        total += ctx.subtract(ctx.multiply(_dec(a, prec), lg), _dec(a - b, prec))
    return total


def _entropy(x: Sequence[Fraction]) -> Decimal:
    return -sum((_dec(a) * _ln(a) for a in x if a), Decimal(0))


def _bhattacharyya(p: Sequence[Fraction], q: Sequence[Fraction], h2: Decimal) -> Decimal:
    """−ln Σ √(pq): as −ln(1 − H²) when H² is small (no cancellation), else directly."""
    if h2 < Decimal("0.5"):
        lost = 0 if h2 == 0 else max(0, -h2.adjusted())
        prec = _DIGITS + lost + 5
        return -(Decimal(1) - h2).ln(Context(prec=prec, Emin=-10**9, Emax=10**9))
    coefficient = sum((_sqrt(x * y) for x, y in zip(p, q) if x and y), Decimal(0))
    if coefficient == 0:
        return Decimal("Infinity")
    return -coefficient.ln(Context(prec=_DIGITS))


def _term(x: Fraction, lg: Decimal | None, unit: Decimal, sign: int) -> float:
    """x · log(x/y) in the unit (``sign`` −1 for q · log(q/p) from log(p/q))."""
    if not x or lg is None or lg == 0:
        return 0.0
    return _figure(sign * _dec(x) * lg, unit)


def _figure(value: Decimal, unit: Decimal | int) -> float:
    """A Decimal in nats as the nearest float in the unit; never −0.0."""
    if value.is_infinite():
        return math.inf
    return float(value / unit) + 0.0


def _array(x: Sequence[Fraction]) -> np.ndarray:
    return np.array([float(v) for v in x], dtype=np.float64)
