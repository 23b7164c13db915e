"""Plain sentences about the triangle inequality over a divergence matrix."""

from __future__ import annotations

from collections.abc import Sequence

from klgui.core.formatting import format_figure
from klgui.core.numerics.triangle import TriangleCheck

__all__ = ["triangle_text", "KL_NOT_A_METRIC", "JS_IS_A_METRIC", "metric_note"]

#: Why a broken triangle matters, for the KL matrix.
KL_NOT_A_METRIC = (
    "KL divergence is not a metric, not a distance: it is not symmetric (D(P‖Q) and "
    "D(Q‖P) differ) and it can break the triangle inequality, so going from P to R "
    "through Q can cost less than going straight. It measures how much a model loses "
    "when the truth is the first distribution, not how far apart two distributions are.")

#: The Jensen–Shannon distance, for contrast.
JS_IS_A_METRIC = (
    "The Jensen–Shannon distance √JS is a metric (Endres and Schindelin, 2003): it is "
    "symmetric, 0 only between equal distributions, and keeps the triangle inequality "
    "for every triple.")


def metric_note(metric: str) -> str:
    """The explanation that goes with a matrix of ``metric`` ("kl" or "js_distance")."""
    return KL_NOT_A_METRIC if metric == "kl" else JS_IS_A_METRIC


def _d(metric: str, a: str, b: str) -> str:
    return f"D({a}‖{b})" if metric == "kl" else f"JSD({a}, {b})"


def triangle_text(check: TriangleCheck, names: Sequence[str], digits: int = 4) -> str:
    """One sentence: whether the triangle inequality d(i,k) ≤ d(i,j) + d(j,k) holds
    over the matrix, naming the worst triple with its three figures.

    "The triangle inequality breaks for P, Model A, Model B: D(P‖Model B) = 0.9163
    nats is more than D(P‖Model A) + D(Model A‖Model B) = 0.2231 + 0.3348 = 0.5579."
    """
    kind = "divergences" if check.metric == "kl" else "distances"
    if len(names) < 3:
        return ("The triangle inequality needs three distributions: add a model to "
                "check it.")
    if check.worst is None:
        if check.triples == 0:
            return ("No three distributions here can all be compared, so the triangle "
                    "inequality cannot be checked.")
        return (f"Every triple with finite {kind} keeps the triangle inequality "
                "(an infinite side never breaks it).")
    i, j, k = (names[x] for x in check.worst)
    f = lambda v: format_figure(v, digits)  # noqa: E731
    unit = f" {check.base}" if check.metric == "kl" else ""
    total = check.d_ij + check.d_jk
    sides = (f"{_d(check.metric, i, k)} = {f(check.d_ik)}{unit}",
             f"{_d(check.metric, i, j)} + {_d(check.metric, j, k)} = "
             f"{f(check.d_ij)} + {f(check.d_jk)} = {f(total)}{unit}")
    if check.broken:
        return (f"The triangle inequality breaks for {i}, {j}, {k}: {sides[0]} is more "
                f"than {sides[1]}, by {f(check.excess)}{unit}.")
    n = len(names)
    every = n * (n - 1) * (n - 2)
    which = f"every triple of these {n} distributions" if check.triples >= every else \
        (f"every triple that can be compared ({check.triples} of the {every} ordered "
         f"triples of these {n} distributions)")
    return (f"The triangle inequality holds for {which}; the closest call is {i}, {j}, "
            f"{k}: {sides[0]} is at most {sides[1]}.")
