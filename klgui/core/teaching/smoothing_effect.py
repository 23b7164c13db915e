"""How much smoothing changes the answer: figures side by side, and D against the
smoothing amount."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from klgui.core.comparison import Comparison
from klgui.core.numerics.divergence import compare
from klgui.core.errors import DistributionError
from klgui.core.formatting import format_figure
from klgui.core.smoothing import Smoothing

__all__ = ["SIDE_BY_SIDE", "moved_text", "relative_change", "Sweep", "sweep", "SWEEP_POINTS"]

#: The figures shown with and without smoothing.
SIDE_BY_SIDE = ("kl_pq", "kl_qp", "cross_entropy_pq", "js_divergence", "total_variation")
SWEEP_POINTS = 25
#: The sweep spans this many decades below and above the chosen amount.
DECADES_BELOW, DECADES_ABOVE = 4, 2


def moved_text(before: float | None, after: float, unit: str, digits: int) -> str:
    """How far a figure moved: "from ∞ to 2.303 nats", "from 0.0915 to 0.0898 nats
    (−1.9%)", "unchanged", or "no value without smoothing"."""
    f = lambda v: format_figure(v, digits)  # noqa: E731
    unit = f" {unit}" if unit else ""
    if before is None:
        return f"no value without smoothing; {f(after)}{unit} with it"
    if before == after:
        return "unchanged"
    text = f"from {f(before)} to {f(after)}"
    text += unit if math.isfinite(after) else ""
    if math.isfinite(before) and math.isfinite(after) and before != 0:
        text += f" ({relative_change(before, after)})"
    return text


def relative_change(before: float | None, after: float) -> str:
    """The change in a few characters: "−62%", "now finite", "unchanged", "—"."""
    if before is None:
        return "—"
    if before == after:
        return "unchanged"
    if math.isinf(before) != math.isinf(after):
        return "now finite" if math.isinf(before) else "now infinite"
    if before == 0:
        return "was 0"
    change = (after - before) / abs(before) * 100
    return f"{'+' if change > 0 else ''}{format_figure(change, 2)}%"


@dataclass(frozen=True, eq=False)
class Sweep:
    """D(P‖Q) and D(Q‖P) at log-spaced smoothing amounts (``nan`` where a compare
    failed, e.g. a floor too large for the outcomes)."""

    amounts: np.ndarray
    kl_pq: np.ndarray
    kl_qp: np.ndarray


def sweep(p: np.ndarray, q: np.ndarray, smoothing: Smoothing, base: str = "nats",
          normalize: bool = True, points: int = SWEEP_POINTS) -> Sweep:
    """D against the amount of ``smoothing``'s method, over a range around its amount.

    A probability floor stays below 1/n, the largest floor that leaves room."""
    chosen = smoothing.amount
    lo = math.log10(chosen) - DECADES_BELOW
    hi = math.log10(chosen) + DECADES_ABOVE
    if smoothing.method == "floor":
        hi = min(hi, math.log10(0.999 / len(p)))
        lo = min(lo, hi - 1)
    amounts = np.unique(np.append(np.logspace(lo, hi, points), chosen))
    amounts = amounts[amounts > 0.0]  # 1e-326 and below are 0 in doubles: no smoothing
    pq, qp = np.full(amounts.size, np.nan), np.full(amounts.size, np.nan)
    for k, amount in enumerate(amounts):
        try:
            c: Comparison = compare(p, q, base, normalize=normalize,
                                    smoothing=replace(smoothing, amount=float(amount)))
        except DistributionError:
            continue
        pq[k], qp[k] = c.kl_pq, c.kl_qp
    return Sweep(amounts, pq, qp)
