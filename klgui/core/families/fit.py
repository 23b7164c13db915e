"""The fit lab's maths: D(P‖Q_θ) and D(Q_θ‖P) against θ, and every stationary point.

Forward D(P‖Q_θ) is *mode-covering* (Q must give mass wherever P has it); reverse
D(Q_θ‖P) is *mode-seeking* (Q may ignore outcomes where it puts little mass). Both are
summed as non-negative terms (``bd0``), so a curve is never negative:

    D(P‖Q) = Σ_k bd0(p_k, q_k) + (Q's mass outside P's outcomes)
    D(Q‖P) = Σ_k bd0(q_k, p_k),   ∞ when Q has mass outside P's outcomes.

Stationary points are the roots of dD/dθ, with the score s_k = d log q_k/dθ:

    d/dθ D(P‖Q_θ) = −Σ p_k s_k,      d/dθ D(Q_θ‖P) = Σ q_k s_k (log q_k − log p_k)

(the second uses Σ q_k s_k = 0). A dense grid brackets every sign change of the
derivative, and bisection refines each root to the last bit a double can resolve, so
θ is found far more precisely than by minimising D itself (whose flatness limits θ to
about √ε). A sign change from − to + is a minimum, from + to − a maximum.

The curves (what is drawn) take this fast path (:mod:`.fit_grid`); every figure the
lab lists, copies or exports (each stationary point's D) is the exact core's at that θ
(:func:`.fit_exact.exact_divergences`): the Figures page's value once Q_θ is the model,
bit for bit, 0.0 exactly where Q_θ is P. A curve that is the same for every θ (one
outcome) has no stationary point, and says so; a minimum between an open end of the
range and the grid's first point is looked for by halving the gap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from klgui.core.errors import Cancelled, DistributionError
from klgui.core.families.base import Outcomes
from klgui.core.families.fit_exact import exact_divergences, reference_column
from klgui.core.families.fit_grid import ROWS, Reference, grid_thetas, grid_values, slopes_at
from klgui.core.families.fit_models import FitModel
from klgui.core.numerics.entries import TypedColumn
from klgui.core.units import nats_per_unit

__all__ = ["StationaryPoint", "Curve", "FitResult", "fit_curves", "divergences_at"]

GLOBAL_MIN, LOCAL_MIN, LOCAL_MAX = "global minimum", "local minimum", "local maximum"
FORWARD, REVERSE = "forward", "reverse"
#: Two minima whose D agree to this relative tolerance are both global.
TIE = 1e-10


@dataclass(frozen=True)
class StationaryPoint:
    """A root of dD/dθ: ``kind`` is GLOBAL_MIN, LOCAL_MIN or LOCAL_MAX; D in nats."""

    kind: str
    theta: float
    value: float


@dataclass(frozen=True)
class Curve:
    """One objective against θ.

    Attributes
    ----------
    direction : {"forward", "reverse"}
        D(P‖Q_θ) or D(Q_θ‖P).
    theta, values : ndarray, shape (G,)
        The grid and D (nats) on it; ``inf`` where D is infinite.
    points : tuple of StationaryPoint
        Every stationary point, in increasing θ.
    infinite_reason : str or None
        Why D is ∞ for every θ, when it is.
    edge_note : str or None
        Said when D is smallest at an end of the range (no stationary point there), or
        when D is the same for every θ (no θ is best; ``points`` is then empty).
    """

    direction: str
    theta: np.ndarray
    values: np.ndarray
    points: tuple[StationaryPoint, ...]
    infinite_reason: str | None = None
    edge_note: str | None = None

    def minima(self) -> tuple[StationaryPoint, ...]:
        return tuple(s for s in self.points if s.kind != LOCAL_MAX)

    def best(self) -> tuple[StationaryPoint, ...]:
        """The global minima (two for a symmetric reference, as in the bimodal example)."""
        return tuple(s for s in self.points if s.kind == GLOBAL_MIN)


@dataclass(frozen=True)
class FitResult:
    """Both curves for one family; ``model.spec(θ)`` gives the family object to use.
    ``reference`` is P as the stationary points' D were computed for (None: their
    values in nats are all there is)."""

    model: FitModel
    forward: Curve
    reverse: Curve
    reference: TypedColumn | None = field(default=None, compare=False, repr=False)
    _in_units: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def curve(self, direction: str) -> Curve:
        return self.forward if direction == FORWARD else self.reverse

    def value_in(self, direction: str, point: StationaryPoint, unit: str) -> float:
        """A stationary point's D in ``unit``: computed in that unit by the exact core
        (:func:`.fit_exact.exact_divergences`, so the Figures page's figure in that unit
        too), once per point and unit; in nats, ``point.value``.

        Raises
        ------
        DistributionError
            An unknown unit.
        """
        if unit == "nats" or self.reference is None or not math.isfinite(point.value):
            return point.value / nats_per_unit(unit) + 0.0
        key = (direction, point.theta, unit)
        if key not in self._in_units:
            pair = exact_divergences(self.model, self.reference, point.theta, unit)
            self._in_units[key] = pair[0 if direction == FORWARD else 1]
        return self._in_units[key]


def divergences_at(model: FitModel, ref: TypedColumn | np.ndarray,
                   theta: float) -> tuple[float, float]:
    """(D(P‖Q_θ), D(Q_θ‖P)) in nats at one θ, from the exact core: the Figures page's
    values once Q_θ is the model (:func:`.fit_exact.exact_divergences`).

    ``ref`` is P as a TypedColumn (the entries as typed) or its probabilities, shape
    (n,), taken as exact weights."""
    if not isinstance(ref, TypedColumn):
        ref = reference_column(np.asarray(ref, dtype=np.float64))
    return exact_divergences(model, ref, theta)


def _root(f: Callable[[float], float], a: float, b: float, fa: float) -> float:
    """A root of f in [a, b], f(a) and f(b) of opposite signs: the Illinois variant of
    regula falsi (superlinear), falling back to bisection, until the bracket is as
    narrow as doubles allow. Returned: the point evaluated with the smallest |f| (where
    f is at rounding level, its sign is noise, and the last bracket may have moved off
    the point nearest the root: for a symmetric Normal fit, 5 + 2 ulps instead of 5)."""
    fb = f(b)
    if math.isnan(fb) or fb == 0.0:
        return b if fb == 0.0 else 0.5 * (a + b)
    best = min((abs(fa), a), (abs(fb), b))
    side = 0
    for _ in range(200):
        if not b - a > 4.0 * math.ulp(max(abs(a), abs(b))):
            break
        m = (a * fb - b * fa) / (fb - fa)
        if not a < m < b:
            # The secant lands on an end when that end's slope is already at rounding
            # level: look just inside it (the bracket then closes in one step) rather
            # than bisecting the whole way down (40 evaluations).
            nudge = 2.0 * math.ulp(max(abs(a), abs(b)))
            m = b - nudge if m >= b else a + nudge if m <= a else 0.5 * (a + b)
            if not a < m < b:
                m = 0.5 * (a + b)
        fm = f(m)
        if math.isnan(fm):
            m = 0.5 * (a + b)
            fm = f(m)
            if math.isnan(fm):
                break
        if fm == 0.0:
            return m
        best = min(best, (abs(fm), m))
        if (fm < 0) == (fa < 0):
            a, fa = m, fm
            if side == -1:
                fb *= 0.5
            side = -1
        else:
            b, fb = m, fm
            if side == 1:
                fa *= 0.5
            side = 1
    return best[1]


def fit_curves(p: Sequence[float] | np.ndarray, model: FitModel, *, grid: int = 256,
               labels: Sequence[str] | None = None,
               cancelled: Callable[[], bool] | None = None,
               reference: TypedColumn | None = None) -> FitResult:
    """D(P‖Q_θ) and D(Q_θ‖P) on a grid of θ and every stationary point of each.

    Parameters
    ----------
    p : sequence of float, shape (n,)
        The reference's probabilities over ``model.outcomes`` (non-negative, sum 1;
        scaled to 1 if they do not).
    model : FitModel
        From :func:`klgui.core.families.fit_models.fit_model`.
    grid : int
        Grid points (≥ 16); every sign change of dD/dθ between two of them is refined.
    labels : sequence of str, optional
        Outcome labels for the reasons (default: the model's outcomes' labels).
    cancelled : callable, optional
        Asked once per grid point; True stops with :class:`Cancelled`.
    reference : TypedColumn, optional
        P's entries as typed (the document's column), for the stationary points' D: the
        values the Figures page gives (:func:`divergences_at`). Default: ``p``'s doubles
        as exact weights. The curves themselves are drawn from ``p`` by a fast path.

    Raises
    ------
    DistributionError
        ``p`` has the wrong length, a negative or non-finite entry, or sums to 0.
    """
    checked = _checked(p, model.outcomes)
    ref = Reference(checked)
    if reference is None:
        reference = reference_column(np.asarray(p, dtype=np.float64))
    labels = tuple(labels) if labels is not None else model.outcomes.labels
    theta = grid_thetas(model, max(16, int(grid)))
    leaks = model.leaks()
    fwd, rev, d_fwd, d_rev = [], [], [], []
    for start in range(0, theta.size, ROWS):
        if cancelled is not None and cancelled():
            raise Cancelled()
        part = grid_values(model, ref, theta[start:start + ROWS], leaks)
        for acc, values in zip((fwd, rev, d_fwd, d_rev), part):
            acc.append(values)
    fwd, rev, d_fwd, d_rev = (np.concatenate(x) for x in (fwd, rev, d_fwd, d_rev))
    curves = []
    for direction, values, slopes, which in ((FORWARD, fwd, d_fwd, 0), (REVERSE, rev, d_rev, 1)):
        def slope(t: float, which: int = which) -> float:
            return slopes_at(model, ref, t, leaks)[which]
        flat = _flat_note(theta, values, model, reference, which)
        points = () if flat else _stationary(*_toward_edges(theta, slopes, slope, model),
                                             slope, model, reference, which)
        reason = None
        if np.all(np.isinf(values)):
            reason = _why_infinite(model, ref, float(theta[theta.size // 2]), direction,
                                   labels)
        note = flat or _edge_note(theta, values, points, model)
        curves.append(Curve(direction, theta, values, points, reason, note))
    return FitResult(model, curves[0], curves[1], reference)


def _toward_edges(theta: np.ndarray, slopes: np.ndarray, slope: Callable[[float], float],
                  model: FitModel) -> tuple[np.ndarray, np.ndarray]:
    """The grid and its slopes, with one more θ between an end of the range and the
    grid's first (last) point where D falls toward that end on the grid but turns
    before it: a minimum there (a Geometric fit to outcomes 0, 1 and 100000 has its
    minimum at p = 5e-5, below the grid's first p = 0.00195). Looked for by halving the
    gap to the end, up to 60 times (only when D falls toward that end)."""
    extra_low = extra_high = None
    if math.isfinite(slopes[0]) and slopes[0] > 0:
        extra_low = _turn(slope, float(theta[0]), model.low, lambda d: d < 0)
    if math.isfinite(slopes[-1]) and slopes[-1] < 0:
        extra_high = _turn(slope, float(theta[-1]), model.high, lambda d: d > 0)
    if extra_low is None and extra_high is None:
        return theta, slopes
    head = [] if extra_low is None else [extra_low]
    tail = [] if extra_high is None else [extra_high]
    return (np.concatenate([[t for t, _ in head], theta, [t for t, _ in tail]]),
            np.concatenate([[d for _, d in head], slopes, [d for _, d in tail]]))


def _turn(slope: Callable[[float], float], start: float, end: float,
          turned: Callable[[float], bool]) -> tuple[float, float] | None:
    """(θ, slope) of the first θ, halving the way from ``start`` to ``end``, whose slope
    has turned; None when none has within 60 halvings."""
    gap = end - start
    for j in range(1, 61):
        t = start + gap * (1.0 - 2.0 ** -j)
        if t == end or t == start:
            break
        d = slope(t)
        if math.isfinite(d) and turned(d):
            return t, d
    return None


def _checked(p: Sequence[float] | np.ndarray, outcomes: Outcomes) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    if p.shape != (outcomes.size,):
        raise DistributionError(f"The reference has {p.size} probabilities for "
                                f"{outcomes.size} outcomes.")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise DistributionError("The reference's probabilities must be finite and "
                                "non-negative.")
    total = math.fsum(p)
    if total <= 0:
        raise DistributionError("The reference's probabilities are all 0.")
    return p / total


def _stationary(theta: np.ndarray, slopes: np.ndarray, slope: Callable[[float], float],
                model: FitModel, ref: TypedColumn, which: int) -> tuple[StationaryPoint, ...]:
    found: list[tuple[str, float]] = []
    for i in range(theta.size - 1):
        a, b = slopes[i], slopes[i + 1]
        if not (math.isfinite(a) and math.isfinite(b)):
            continue
        if a == 0.0 and i > 0 and math.isfinite(slopes[i - 1]):
            before = slopes[i - 1]
            if before < 0 < b:
                found.append((LOCAL_MIN, float(theta[i])))
            elif before > 0 > b:
                found.append((LOCAL_MAX, float(theta[i])))
            continue
        if a < 0 < b or a > 0 > b:
            kind = LOCAL_MIN if a < 0 else LOCAL_MAX
            found.append((kind, _root(slope, float(theta[i]), float(theta[i + 1]), a)))
    points = [_settled(kind, t, model, ref, which) for kind, t in found]
    minima = [v for kind, _, v in points if kind == LOCAL_MIN]
    lowest = min(minima) if minima else math.inf
    out = []
    for kind, t, v in points:
        if kind == LOCAL_MIN and v <= lowest + TIE * max(lowest, 1e-300) + 1e-15:
            kind = GLOBAL_MIN
        out.append(StationaryPoint(kind, float(t), float(v)))
    return tuple(out)


#: Below this, a minimum's D may differ from its neighbours' (θ ± a few ulps): D changes
#: by about D''·δθ² there, δθ ~ 1e-16 θ, so above it every neighbour's D is the same double.
_NEAR_ZERO = 1e-28


def _settled(kind: str, t: float, model: FitModel, ref: TypedColumn,
             which: int) -> tuple[str, float, float]:
    """(kind, θ, exact D) of a refined root. A minimum whose D is at the level of δθ²
    (where Q_θ = P up to rounding) takes, of θ and its 4 neighbours on each side, the
    double with the smallest exact D: the refinement's last steps follow the sign of a
    slope that is rounding noise there, and Q_θ is P itself (D exactly 0) at one of them
    (the coin's Binomial(1, p) at p = 0.2, not 0.19999999999999998)."""
    value = exact_divergences(model, ref, t)[which]
    if kind != LOCAL_MIN or not value < _NEAR_ZERO or value == 0.0:
        return kind, t, value
    best = (value, t)
    for side in (-math.inf, math.inf):
        x = t
        for _ in range(4):
            x = math.nextafter(x, side)
            if not (model.low <= x <= model.high):
                break
            d = exact_divergences(model, ref, x)[which]
            best = min(best, (d, x))
            if d == 0.0:
                return kind, x, 0.0
    return kind, best[1], best[0]


def _flat_note(theta: np.ndarray, values: np.ndarray, model: FitModel, ref: TypedColumn,
               which: int) -> str | None:
    """The sentence for a curve that is the same for every θ (every Q_θ is the same
    distribution over the outcomes, as with one outcome), else None: a flat objective
    has no unique minimum, and its grid's slopes are 0 or rounding noise. The fast grid
    proposes (its spread at rounding level), the exact D at both ends and the middle
    decide (the same double at all three)."""
    if not np.all(np.isfinite(values)):
        return None
    top = float(np.max(np.abs(values)))
    if float(np.ptp(values)) > 1e-15 * max(1.0, top):
        return None
    ends = {exact_divergences(model, ref, float(t))[which] for t in
            (theta[0], theta[theta.size // 2], theta[-1])}
    if len(ends) != 1:
        return None
    name = "D(P‖Q)" if which == 0 else "D(Q‖P)"
    value = ends.pop()
    words = "0 (Q is P)" if value == 0.0 else f"{value:.6g} nats"
    return (f"{name} is {words} for every {model.symbol}: every {model.family.capitalize()} "
            f"in the range gives these outcomes the same probabilities, so no "
            f"{model.symbol} fits better than another (the curve is flat; no minimum).")


def _edge_note(theta: np.ndarray, values: np.ndarray, points: tuple[StationaryPoint, ...],
               model: FitModel) -> str | None:
    finite = np.isfinite(values)
    if not finite.any():
        return None
    i = int(np.argmin(np.where(finite, values, np.inf)))
    best = min((s.value for s in points if s.kind == GLOBAL_MIN), default=math.inf)
    if values[i] < best and i in (0, theta.size - 1):
        side, end = ("lower", model.low) if i == 0 else ("upper", model.high)
        return (f"D is smallest at the {side} end of the range ({model.symbol} → "
                f"{end:g}): it keeps falling toward the edge, with no stationary "
                f"point there.")
    return None


def _why_infinite(model: FitModel, ref: Reference, theta: float, direction: str,
                  labels: tuple[str, ...]) -> str:
    log_q, outside = model.log_q(theta)
    q = np.exp(log_q)
    name = model.describe()
    if direction == FORWARD:
        bad = np.flatnonzero((ref.p > 0) & (q == 0))
        if bad.size:
            return (f"D(P‖Q) is ∞ for every {model.symbol}: P gives outcome "
                    f"'{labels[bad[0]]}' probability {ref.p[bad[0]]:.4g}, and {name} gives "
                    f"it none (Q must cover every outcome P uses).")
        return f"D(P‖Q) is ∞ for every {model.symbol}."
    if outside > 0:
        return (f"D(Q‖P) is ∞ for every {model.symbol}: {name} puts mass on outcomes "
                f"beyond P's ({_outside_words(model)}), where P has none.")
    bad = np.flatnonzero((q > 0) & (ref.p == 0))
    if bad.size:
        return (f"D(Q‖P) is ∞ for every {model.symbol}: {name} gives outcome "
                f"'{labels[bad[0]]}' some mass, where P gives it none.")
    return f"D(Q‖P) is ∞ for every {model.symbol}."


def _outside_words(model: FitModel) -> str:
    values = model.outcomes.values
    if model.family in ("poisson", "geometric") and model.outcomes.tail is None:
        return f"every count above {values.max():g}"
    if model.family == "binomial":
        return f"counts from 0 to {model.fixed['n']} the outcomes lack"
    return "outcomes the column lacks"
