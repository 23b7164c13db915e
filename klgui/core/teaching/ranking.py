"""Sentences for the ranking of several models against one reference."""

from __future__ import annotations

from collections.abc import Sequence

from klgui.core.formatting import format_figure
from klgui.core.numerics.pair_cache import PairFigures
from klgui.core.teaching.explain import outcome_name

__all__ = ["ruled_out_text"]


def ruled_out_text(figures: PairFigures, reference: str, model: str,
                   labels: Sequence[str] | None = None, digits: int = 4) -> str:
    """Why D(reference‖model) is infinite, naming the outcomes the model rules out:
    "Model B gives 'tails' probability 0 where P gives 0.2." Empty when finite.

    ``figures`` is the pair (reference, model); it keeps the first few such outcomes
    (:data:`~klgui.core.numerics.pair_cache.NAMED`) and counts the rest."""
    count = figures.infinite_pq
    if count == 0:
        return ""
    shown = figures.ruled_out_pq
    names = [outcome_name(i, labels) for i, _ in shown]
    values = [format_figure(p, digits) for _, p in shown]
    if count == 1:
        return f"{model} gives {names[0]} probability 0 where {reference} gives {values[0]}."
    if count <= len(shown):
        return (f"{model} gives probability 0 to {_and(names)}, "
                f"where {reference} gives {_and(values)}.")
    rest = count - len(shown)
    return (f"{model} gives probability 0 to {', '.join(names)} and {rest:,} more "
            f"outcome{'s' if rest > 1 else ''} where {reference} gives a positive "
            f"probability ({', '.join(values)}, …).")


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1]
