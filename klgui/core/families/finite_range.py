"""The parameters that keep Zipf, Normal and Softmax families' probabilities normal
doubles (at least :data:`~klgui.core.families.base.TINY`): the sentences their refusals
advise with, each bound checked on the probabilities themselves (the family's
``_accepts``) before it is said. Called only when a family refuses."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from klgui.core.families.base import LOG_TINY, TINY
from klgui.core.families.special import least_log_softmax, log_softmax
from klgui.core.families.working_range import advised, interval, shown

if TYPE_CHECKING:
    from klgui.core.families.base import Outcomes
    from klgui.core.families.finite import Normal, Softmax, Zipf

__all__ = ["zipf_works", "least_sd", "softmax_works"]


def zipf_works(family: Zipf, outcomes: Outcomes | None, used: int, limit: float) -> str:
    """:meth:`Zipf._works` over ``used`` ranks, s within ±``limit``."""
    log_k = np.log(np.arange(1, used + 1, dtype=np.float64))
    found = interval(lambda s: least_log_softmax(-s * log_k), -limit,
                     limit, inside=0.0, steps=45)  # (the ends advised are checked)
    if found is None:  # unreachable: s = 0 gives 1/N
        return ""
    low = advised(found[0], up=True, works=lambda s: family._accepts(outcomes, s=s))
    high = advised(found[1], up=False, works=lambda s: family._accepts(outcomes, s=s))
    if low is None or high is None or low > high:
        return ""
    return (f"With {used:,} ranks, s from {shown(low).replace('-', '−')} to "
            f"{shown(high).replace('-', '−')} works.")


def least_sd(family: Normal, outcomes: Outcomes, edges: np.ndarray) -> str:
    """:meth:`Normal._works` on ``outcomes`` whose bin edges are ``edges`` (shape
    (n + 1,), :func:`~klgui.core.families.finite.normal_edges`), not remembered."""
    with np.errstate(over="ignore", invalid="ignore"):
        lo, hi = edges[:-1] - family.mean, edges[1:] - family.mean
    near = np.where(lo > 0.0, lo, np.where(hi < 0.0, -hi, 0.0))
    farthest = float(near.max())
    start = farthest / _Z_TINY
    if not start > 0.0 or not math.isfinite(farthest):
        return ""

    def holds(sd: float) -> bool:
        return family._accepts(outcomes, sd=sd)

    grid = [start * 2.0 ** (k / 4) for k in range(129)]
    grid = [sd for sd in grid if sd < 1e300]
    first = next((i for i, sd in enumerate(grid) if holds(sd)), None)
    if first is None:
        return ""
    bad, ok = (grid[first - 1] if first else start), grid[first]
    for _ in range(60):  # the least σ that works, from above
        mid = math.sqrt(bad) * math.sqrt(ok)
        if not bad < mid < ok:
            break
        bad, ok = (bad, mid) if holds(mid) else (mid, ok)
    sd = advised(ok, up=True, works=holds)
    if sd is None:
        return ""
    if holds(grid[-1]):
        return f"With μ = {family.mean:g}, σ of at least {shown(sd)} works."
    last = first  # bins so narrow that a wide σ fails again: the σ that work end
    while holds(grid[last + 1]):
        last += 1
    ok, bad = grid[last], grid[last + 1]
    for _ in range(60):
        mid = math.sqrt(ok) * math.sqrt(bad)
        if not ok < mid < bad:
            break
        ok, bad = (mid, bad) if holds(mid) else (ok, mid)
    top = advised(ok, up=False, works=holds)
    if top is None or top < sd:
        return ""
    return f"With μ = {family.mean:g}, σ from {shown(sd)} to {shown(top)} works."


#: Z with P(Z > z) = TINY for a standard Normal Z (about 37.5): a bin whose nearest
#: point is within this many σ of μ holds at least TINY (``_z_tiny``).
def _z_tiny() -> float:
    lo, hi = 30.0, 40.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if 0.5 * math.erfc(mid / math.sqrt(2.0)) >= TINY else (lo, mid)
    return lo


_Z_TINY = _z_tiny()


def softmax_works(family: Softmax, limits: tuple[float, float]) -> str:
    """:meth:`Softmax._works` with the temperatures ``limits`` (least, greatest)."""
    z = family.values
    room = -LOG_TINY - math.log(z.size)
    bound = float(z.max()) / room - float(z.min()) / room  # no overflow
    low, high = limits

    def holds(t: float) -> bool:  # as _masses and probabilities() test it (no new
        # Softmax: that would read every logit's text again at each step)
        return low <= t <= high and \
            bool(np.exp(log_softmax(z, t)).min() >= TINY)

    def near(t: float) -> bool:  # holds(t) to a few ulps, quickly
        return least_log_softmax(z, t) >= LOG_TINY
    ok = min(bound * 1.001, high)
    if not near(ok):
        ok = high
        if not holds(ok):
            return (f"No temperature up to {high:,.0f}, the top of the temperature "
                    f"control, works for these logits.")
    bad = family.temperature
    for _ in range(60):
        mid = math.sqrt(bad) * math.sqrt(ok)
        if not bad < mid < ok:
            break
        bad, ok = (bad, mid) if near(mid) else (mid, ok)
    least = advised(ok, up=True, works=holds)  # each checked exactly
    if least is None:
        return ""
    return f"Use a temperature of at least {shown(least)} for these logits."
