"""How much smoothing changes the answer: figures side by side, and D against the
smoothing amount."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, replace

import numpy as np

from klgui.core.comparison import Comparison
from klgui.core.numerics.divergence import compare
from klgui.core.errors import DistributionError
from klgui.core.formatting import format_figure
from klgui.core.smoothing import Smoothing

__all__ = ["SIDE_BY_SIDE", "moved_text", "relative_change", "Sweep", "sweep", "SWEEP_POINTS",
           "suggested_amount", "looks_like_counts", "power_of_ten"]

#: The figures shown with and without smoothing.
SIDE_BY_SIDE = ("kl_pq", "kl_qp", "cross_entropy_pq", "js_divergence", "total_variation")
SWEEP_POINTS = 25
#: The sweep spans this many decades below and above the chosen amount.
DECADES_BELOW, DECADES_ABOVE = 4, 2
#: The smallest and largest amounts a Smoothing accepts (5e-324 and about 1.8e308).
_SMALLEST, _LARGEST = math.ulp(0.0), sys.float_info.max
_LOG_SMALLEST, _LOG_LARGEST = math.log10(_SMALLEST), math.log10(_LARGEST)


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
    if change >= 1000 and before > 0:  # "×47" reads better than "+4,600%"
        return f"×{_plain(after / before)}"
    sign = "+" if change > 0 else "−"
    size = abs(change)
    if size < 1e-4:
        return f"{sign}<0.0001%"
    return f"{sign}{_plain(size)}%"


def _plain(x: float) -> str:
    """A positive number in plain digits, never an exponent: two significant digits
    below 10 (``4.7``, ``0.052``), whole numbers from 10 (``370``, ``12,000``)."""
    if x >= 9.5:
        return f"{x:,.0f}"
    decimals = max(1 - math.floor(math.log10(x)), 0)
    text = f"{x:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(exponent: int) -> str:
    """10 to an integer power as written on a board: ``10⁻⁶``, ``10⁰``, ``10³``."""
    return "10" + str(int(exponent)).translate(_SUPERSCRIPT)


def looks_like_counts(p: np.ndarray, q: np.ndarray) -> bool:
    """True when every weight of both columns is a whole number and some is above 1:
    counts, for which adding α = 1 (Laplace) is the textbook rule. Probabilities (or
    any column with a fraction) are not counts."""
    p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    whole = all(np.all(np.isfinite(w) & (w == np.floor(w))) for w in (p, q))
    return whole and max(float(p.max(initial=0)), float(q.max(initial=0))) > 1


def suggested_amount(method: str, p: np.ndarray, q: np.ndarray) -> tuple[float, str]:
    """The amount a smoothing method starts at for these weights, and why, in words.

    Counts: α = 1 (Laplace's add-one rule). Probabilities: adding 1 would swamp them
    (Classifier A's D moves by −98%), so α, like a floor ε, starts small:
    ``min(10⁻⁶, 0.1/n)``, which stays below 1/n so a floor fits.
    """
    n = max(np.asarray(p).size, 1)
    small = min(1e-6, 0.1 / n)
    counts = looks_like_counts(p, q)
    if method == "additive" and counts:
        return 1.0, "The entries are counts, so α starts at 1: Laplace's add-one rule."
    what = "pseudo-count α" if method == "additive" else "floor ε"
    kind = "counts" if counts else "probabilities"
    why = (" (adding 1 to a probability would swamp it)"
           if method == "additive" else "")
    return small, (f"The entries are {kind}, so the {what} starts small, at "
                   f"{format_figure(small, 3)}{why}; type another amount to see how much "
                   "the answer depends on it.")


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
    # The grid stays within the amounts a Smoothing accepts (finite, above 0): from
    # the smallest subnormal double to the largest double.
    lo = max(math.log10(chosen) - DECADES_BELOW, _LOG_SMALLEST)
    hi = min(math.log10(chosen) + DECADES_ABOVE, _LOG_LARGEST)
    if smoothing.method == "floor":
        hi = min(hi, math.log10(0.999 / len(p)))
        lo = min(lo, hi - 1)
    with np.errstate(over="ignore", under="ignore"):
        grid = np.clip(np.logspace(lo, hi, points), _SMALLEST, _LARGEST)
    amounts = np.unique(np.append(grid, chosen))
    pq, qp = np.full(amounts.size, np.nan), np.full(amounts.size, np.nan)
    for k, amount in enumerate(amounts):
        try:
            c: Comparison = compare(p, q, base, normalize=normalize,
                                    smoothing=replace(smoothing, amount=float(amount)))
        except DistributionError:
            continue
        pq[k], qp[k] = c.kl_pq, c.kl_qp
    return Sweep(amounts, pq, qp)
