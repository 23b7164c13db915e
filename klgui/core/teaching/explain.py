"""Sentences that explain a result in the user's own outcome names."""

from __future__ import annotations

import math
from collections.abc import Sequence

from klgui.core.comparison import Comparison
from klgui.core.formatting import format_figure

__all__ = ["infinite_reason", "outcome_name", "asymmetry_text", "identity_text"]

#: How many outcomes an explanation names before it counts the rest.
NAMED = 3


def outcome_name(i: int, labels: Sequence[str] | None) -> str:
    """'label' in quotes, or "outcome 4" (1-based) when the outcome has no label."""
    if labels is not None and i < len(labels) and labels[i]:
        return f"'{labels[i]}'"
    return f"outcome {i + 1}"


def infinite_reason(c: Comparison, direction: str = "pq",
                    labels: Sequence[str] | None = None, digits: int = 4) -> str:
    """Why D(P‖Q) (``direction="pq"``) or D(Q‖P) (``"qp"``) is infinite, naming the
    outcomes: "Q gives 'tails' probability 0 where P gives 0.2." Empty when finite."""
    if direction not in ("pq", "qp"):
        raise ValueError(f"direction must be 'pq' or 'qp', not {direction!r}")
    if labels is None:
        labels = c.labels
    rows = c.infinite_pq if direction == "pq" else c.infinite_qp
    if not rows:
        return ""
    truth, model = ("P", "Q") if direction == "pq" else ("Q", "P")
    probs = c.p if direction == "pq" else c.q
    names = [outcome_name(i, labels) for i in rows[:NAMED]]
    values = [format_figure(float(probs[i]), digits) for i in rows[:NAMED]]
    if len(rows) == 1:
        return f"{model} gives {names[0]} probability 0 where {truth} gives {values[0]}."
    if len(rows) <= NAMED:
        return (f"{model} gives probability 0 to {_and(names)}, "
                f"where {truth} gives {_and(values)}.")
    rest = len(rows) - NAMED
    return (f"{model} gives probability 0 to {', '.join(names)} and {rest:,} more "
            f"outcome{'s' if rest > 1 else ''} where {truth} gives a positive probability "
            f"({', '.join(values)}, …).")


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1]


def asymmetry_text(c: Comparison, digits: int = 6) -> str:
    """How D(P‖Q) and D(Q‖P) differ: their difference and ratio, or why they agree."""
    a, b = c.kl_pq, c.kl_qp
    if math.isinf(a) and math.isinf(b):
        return "Both directions are infinite."
    if math.isinf(a) or math.isinf(b):
        return "Only one direction is finite: KL divergence is not symmetric."
    if a == b:
        return ("P and Q are identical: every divergence is 0." if a == 0
                else "Both directions give the same value here.")
    text = f"Asymmetry: D(P‖Q) − D(Q‖P) = {format_figure(a - b, digits)} {c.base}"
    if min(a, b) > 0:
        big, small = ("D(P‖Q)", "D(Q‖P)") if a > b else ("D(Q‖P)", "D(P‖Q)")
        ratio = max(a, b) / min(a, b)
        if ratio < 1.01:  # "1×" would say they agree: the difference in per cent
            percent = abs(a - b) / min(a, b) * 100
            return text + f" ({big} is {format_figure(percent, 2)}% larger than {small})"
        shown = f"{ratio:.0f}" if 1000 <= ratio < 1e6 else format_figure(ratio, 3)
        text += f" ({big} is {shown}× {small})"  # 2230×, not 2.23e+03×
    return text


def identity_text(c: Comparison, digits: int = 6) -> str:
    """H(P,Q) = H(P) + D(P‖Q) with the numbers, on two lines."""
    f = lambda v: format_figure(v, digits)  # noqa: E731
    return (f"H(P,Q) = H(P) + D(P‖Q):\n{f(c.cross_entropy_pq)} = {f(c.entropy_p)} + "
            f"{f(c.kl_pq)} {c.base}")


def pair_text(reference: str, model: str) -> str:
    """Which distributions P and Q are, by name: "P = the reference “Data”, Q = Model A
    (the model in focus)"."""
    ref = "the reference" if reference == "P" else f"the reference “{reference}”"
    mod = "the model “Q”" if model == "Q" else model
    return f"P = {ref}, Q = {mod} (the model in focus)"


def names_differ(reference: str, model: str) -> bool:
    """True when the pair has names other than the first round's P and Q."""
    return (reference, model) != ("P", "Q")
