"""Sentences for the families: why a closed form differs from the table, what the fit
lab's curves say (mode-covering against mode-seeking, with the numbers), and the
distillation note. Plain text in the chosen unit; no Qt."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from klgui.core.families.closed_form import ClosedForm, GapKind
from klgui.core.families.distillation import Distillation
from klgui.core.families.fit import FORWARD, GLOBAL_MIN, LOCAL_MAX, LOCAL_MIN, Curve, FitResult
from klgui.core.formatting import format_figure
from klgui.core.units import nats_per_unit

__all__ = ["closed_form_text", "fit_lesson", "fit_smoothing_note", "curve_summary",
           "distillation_text", "LOG_TARGET_NOTE", "FAMILY_NOTES"]

#: One line per family: its parameters and outcomes, for menus and tooltips.
FAMILY_NOTES: dict[str, str] = {
    "binomial": "Binomial(n, p): successes in n trials, outcomes 0…n.",
    "poisson": "Poisson(λ): counts 0, 1, 2, …; a table folds the tail from K into '≥ K'.",
    "geometric": "Geometric(p): failures before the first success, 0, 1, 2, …; a table "
                 "folds the tail from K into '≥ K'.",
    "uniform": "Uniform: the same probability for each outcome.",
    "zipf": "Zipf(s): probability ∝ rank^(−s), ranks 1…N in the table's order.",
    "normal": "Normal(μ, σ) in bins: each numeric outcome gets the Normal mass between "
              "the midpoints to its neighbours; the outer bins are open.",
    "logits": "softmax(z / T): any real logits z, temperature T > 0.",
}

#: The argument convention that trips people up in distillation code.
LOG_TARGET_NOTE = (
    "Mind the argument convention: PyTorch's kl_div(input, target) takes input as "
    "log-probabilities (the student's log_softmax(z/T)) and target as probabilities "
    "(the teacher's softmax), and returns KL(target‖input), the teacher first; "
    "log_target=True makes target log-probabilities too. Passing probabilities where "
    "log-probabilities are expected gives a wrong, even negative, number without an "
    "error.")


# "A" or "B" standing alone as a distribution ("A's counts", "(B)"), not N_A or H_B.
_NAMES = re.compile(r"(?<![\w'])([AB])(?!\w)")


def _figure(nats: float, unit: str, digits: int) -> str:
    if math.isnan(nats):
        return "no number"
    if math.isinf(nats):
        return "∞"
    return f"{format_figure(nats / nats_per_unit(unit), digits)} {unit}"


def closed_form_text(cf: ClosedForm, table_value: float, unit: str = "nats",
                     digits: int = 6, names: tuple[str, str] = ("A", "B"),
                     table_error: float = 0.0) -> str:
    """The closed form beside the table's value, and whether they agree.

    They agree only when both print alike at ``digits`` (both ∞, or the same digits).
    When they print apart by no more than the two proven rounding bounds together
    (``cf.error``, a few ulps of the formula, and ``table_error``, what rounding the
    table's probabilities to doubles can move its D), the sentence says only rounding
    separates them. ∞ against a
    finite value never agrees, and the sentence says which is ∞. A gap beyond the bounds
    is named with its size and its direction: for a coarsened table (tail folded, bins)
    a lower table is expected and a higher one is not; for an exact formula it is a
    difference, not rounding.

    Parameters
    ----------
    cf : ClosedForm
        closed_form_kl(a, b), whose reason calls a "A" and b "B".
    table_value : float
        D from the table, in nats.
    names : (str, str)
        What to call a and b instead (("P", "Q") for D(P‖Q), ("Q", "P") for D(Q‖P)).
    table_error : float
        A bound in nats on the table's D from rounding its probabilities
        (:func:`klgui.core.families.closed_form.rounding_error` of its columns); 0 when
        unknown, leaving the formula's own bound.
    """
    cf = replace(cf, reason=_NAMES.sub(lambda m: names["AB".index(m.group(1))], cf.reason))
    formula, table = _figure(cf.value, unit, digits), _figure(table_value, unit, digits)
    head = f"Formula: {formula}; table: {table}."
    if math.isnan(cf.value) or math.isnan(table_value):
        return f"{head} They cannot be compared: one of them is not a number. {cf.reason}"
    if math.isinf(cf.value) and math.isinf(table_value):
        return f"{head} Both are ∞. {cf.reason}"
    if math.isinf(cf.value) or math.isinf(table_value):
        which = ("the formula is ∞ and the table finite" if math.isinf(cf.value) else
                 "the table is ∞ and the formula finite")
        # an exact formula's reason says the two agree to rounding: not said here
        why = "" if cf.kind is GapKind.EXACT else f" {cf.reason}"
        return f"{head} They do not agree: {which}.{why}"
    gap = cf.value - table_value
    bound = cf.error + (table_error if math.isfinite(table_error) else 0.0)
    if formula != table and abs(gap) <= bound:
        apart = (f"{head} They are {_figure(abs(gap), unit, 2)} apart, within the "
                 f"{_figure(bound, unit, 2)} that rounding the formula and the table's "
                 f"probabilities to doubles can make: only rounding separates them.")
        return apart if cf.kind is GapKind.EXACT else f"{apart} {cf.reason}"
    rounding = f"more than rounding (at most {_figure(bound, unit, 2)})" if bound else \
        "more than rounding"
    if cf.kind is GapKind.EXACT:
        if formula == table:
            return f"{head} They agree: {cf.reason}"
        return (f"{head} They differ by {_figure(abs(gap), unit, 2)}, {rounding}, although "
                f"the formula is exact for these distributions as given.")
    if formula == table:
        how = "They agree to the digits shown"
    elif gap > 0:
        how = f"The table is lower by {_figure(gap, unit, 2)}"
    else:
        how = (f"The table is higher by {_figure(-gap, unit, 2)}, which the coarsening "
               f"alone cannot explain ({rounding})")
    return f"{head} {how}. {cf.reason}"


def _theta(x: float) -> str:
    return format_figure(x, 6)


def curve_summary(curve: Curve, parameter: str, unit: str = "nats",
                  digits: int = 6) -> str:
    """One sentence for one curve: its minima and maxima, or why it is ∞ everywhere."""
    name = "D(P‖Q)" if curve.direction == FORWARD else "D(Q‖P)"
    if curve.infinite_reason:
        return curve.infinite_reason
    parts = []
    best = [s for s in curve.points if s.kind == GLOBAL_MIN]
    if len(best) == 1:
        parts.append(f"{name} is smallest at {parameter} = {_theta(best[0].theta)} "
                     f"({_figure(best[0].value, unit, digits)})")
    elif best:
        where = " and ".join(_theta(s.theta) for s in best)
        parts.append(f"{name} has {len(best)} equal smallest values, at {parameter} = "
                     f"{where} ({_figure(best[0].value, unit, digits)})")
    for kind, word in ((LOCAL_MIN, "a local minimum"), (LOCAL_MAX, "a local maximum")):
        for s in curve.points:
            if s.kind == kind:
                parts.append(f"{word} at {parameter} = {_theta(s.theta)} "
                             f"({_figure(s.value, unit, digits)})")
    if not parts:
        return curve.edge_note or f"{name} has no stationary point in the range."
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:] + (f" {curve.edge_note}" if curve.edge_note else "")


def fit_smoothing_note(smoothing: str) -> str:
    """What the fit lab says while the figures are smoothed (``smoothing``: the
    smoothing's own description, "additive (Laplace) α = 0.5 on P and Q"): it fits the
    data as typed, so its D differs from the Figures page's after Use this fit."""
    return (f"The figures are smoothed ({smoothing}); this lab fits Q_θ to P as typed, "
            "without smoothing, so after Use this fit the Figures page's D differs from "
            "the D listed here by what the smoothing changes.")


def fit_lesson(result: FitResult, unit: str = "nats", digits: int = 6) -> str:
    """Mode-covering against mode-seeking, computed for this reference and family."""
    par = result.model.symbol
    fwd, rev = result.forward, result.reverse
    lines = [curve_summary(fwd, par, unit, digits), curve_summary(rev, par, unit, digits)]
    fb, rb = fwd.best(), rev.best()
    if fb and rb and not rev.infinite_reason:
        lines.append(
            "Forward D(P‖Q) is mode-covering: Q pays for every outcome P uses, so the best "
            "Q spreads over all of P's mass. Reverse D(Q‖P) is mode-seeking: Q pays only "
            "where it puts mass, so it may settle on part of P and ignore the rest.")
        if len(rb) > 1 or any(s.kind == LOCAL_MAX for s in rev.points):
            maxima = [s for s in rev.points if s.kind == LOCAL_MAX]
            between = (f"; between them, {par} = {_theta(maxima[0].theta)} is a local "
                       f"maximum of the reverse ({_figure(maxima[0].value, unit, digits)})"
                       if maxima else "")
            lines.append(f"Here the reverse fit has {len(rev.minima())} minima, one per "
                         f"mode{between}; the forward fit sits between the modes.")
    elif rev.infinite_reason and fb:
        lines.append("Only the forward fit exists here: the reverse direction cannot be "
                     "made finite by any choice of the parameter.")
    return "\n".join(lines)


def distillation_text(d: Distillation, unit: str = "nats", digits: int = 6) -> str:
    """The distillation figures at one temperature, with the T² factor explained."""
    t = format_figure(d.temperature, digits)
    kl = _figure(d.kl, unit, digits)
    scaled = _figure(d.scaled_kl, unit, digits)
    limit = _figure(d.high_temperature_limit, unit, digits)
    return (f"At T = {t}: KL(teacher‖student) = {kl}; T²·KL = {scaled}. Softening by T "
            f"shrinks KL roughly like 1/T², so losses multiply by T² to keep their size "
            f"as T changes. As T grows, T²·KL tends to (1/2N)·Σ(centred Δz)² = {limit}, "
            f"the squared difference of the logits once each is centred. KL itself need "
            f"not fall as T grows.\n{LOG_TARGET_NOTE}")
