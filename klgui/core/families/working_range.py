"""The parameter values that keep every probability of a family a normal double (at
least :data:`~klgui.core.families.base.TINY`, about 2.2e-308), found for the sentence
that refuses a value outside them: a scalar search over quasi-concave functions (the
smallest log-probability of a Poisson, Geometric or Zipf family against one
parameter), and the rounding that keeps a shown bound inside the range. Standard
library only; called only when a family refuses, never per slider step."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from klgui.core.families.base import LOG_TINY

__all__ = ["advised", "interval", "inward", "shown"]

_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def inward(x: float, up: bool, digits: int = 3) -> float:
    """``x`` rounded to ``digits`` significant digits, up (``up``) or down, so a bound
    shown rounded stays inside the range it bounds (exact decimal rounding: no
    tolerance, and no underflow for a subnormal ``x``)."""
    if x == 0.0 or not math.isfinite(x):
        return x
    d = Decimal(x)
    unit = Decimal(1).scaleb(d.adjusted() - digits + 1)
    return float(d.quantize(unit, rounding=ROUND_CEILING if up else ROUND_FLOOR))


def _next(x: float, up: bool, digits: int) -> float:
    """The number of ``digits`` significant digits after ``x`` (one of them), up or
    down."""
    d = Decimal(repr(x))
    unit = Decimal(1).scaleb(d.adjusted() - digits + 1)
    return float(d + unit if up else d - unit)


def advised(x: float, up: bool, works: Callable[[float], bool], digits: int = 3,
            tries: int = 4) -> float | None:
    """A bound for a sentence that works when typed as shown.

    ``x`` rounded to ``digits`` significant digits away from the refused side (``up``
    for a least value, down for a greatest), then checked with ``works`` (the
    family's own test of its probabilities); if the rounded value still fails (``x``
    was an estimate, or the double arithmetic differs from the bound's), the next few
    values at those digits are tried. None when none of ``tries`` works.
    """
    if not math.isfinite(x):
        return None
    value = inward(x, up, digits)
    for _ in range(tries):
        if works(value):
            return value
        value = _next(value, up, digits)
    return None


def shown(x: float) -> str:
    """A bound for a sentence: ``708``, ``0.0124``, ``3.1e-15``, ``1,022``."""
    if x == int(x) and abs(x) < 1e7:
        return f"{int(x):,}"
    return f"{x:.3g}"


def interval(h: Callable[[float], float], lo: float, hi: float,
             inside: float | None = None, grid: int = 129,
             steps: int = 60) -> tuple[float, float] | None:
    """``[a, b]``, the values x in ``[lo, hi]`` where ``h(x) ≥ LOG_TINY``, for ``h``
    quasi-concave (its upper level sets are intervals), or None when there is none.

    ``inside``: a value known to be in it (else the best of a grid of ``grid`` values,
    refined by a golden-section search). Each end is found by ``steps`` bisections and
    is the last value that satisfied ``h``, so both ends are inside.
    """
    good = lambda x: h(x) >= LOG_TINY  # noqa: E731
    if inside is None:
        xs = [lo + (hi - lo) * i / (grid - 1) for i in range(grid)]
        values = [h(x) for x in xs]
        best = max(range(grid), key=values.__getitem__)
        a, b = xs[max(best - 1, 0)], xs[min(best + 1, grid - 1)]
        c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
        for _ in range(steps):
            if h(c) >= h(d):
                b, d = d, c
                c = b - _GOLDEN * (b - a)
            else:
                a, c = c, d
                d = a + _GOLDEN * (b - a)
        inside = max((xs[best], c, d), key=h)
    if not good(inside):
        return None
    ends = []
    for edge in (lo, hi):
        if good(edge):
            ends.append(edge)
            continue
        ok, bad = inside, edge
        for _ in range(steps):
            mid = 0.5 * (ok + bad)
            ok, bad = (mid, bad) if good(mid) else (ok, mid)
        ends.append(ok)
    return ends[0], ends[1]
