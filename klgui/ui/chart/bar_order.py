"""Which bars the chart draws, in which order: table order, by size, or the top N.

"300 words" drawn in table order is unreadable; sorted by the size of their terms, or
as the ten largest terms and one bar adding up the other 290, the story shows. Pure
numpy (no Qt): the chart and the tests share it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


__all__ = ["ORDERS", "TOP_N", "Arrangement", "arrange"]

TOP_N = 10
ORDERS = {"table": "Table order", "size": "Largest first", "top": f"Top {TOP_N} + rest"}


@dataclass(frozen=True, eq=False)
class Arrangement:
    """The bars to draw.

    ``values[j]`` is drawn at position ``j`` and named ``labels[j]``. ``order[j]`` is
    the 0-based outcome at position ``j`` (None: table order, position = outcome); with
    ``rest`` > 0 the last bar is the sum of the ``rest`` outcomes not in ``order``.
    """

    values: np.ndarray
    labels: Sequence[str]
    order: np.ndarray | None = None
    rest: int = 0


class _Reordered(Sequence[str]):
    """``labels`` read in ``order``, plus the rest bar's name: no copy of a million
    labels is made, the axis asks only for the names at its ticks."""

    def __init__(self, labels: Sequence[str], order: np.ndarray, rest_name: str | None):
        self._labels, self._order, self._rest = labels, order, rest_name

    def __len__(self) -> int:
        return self._order.size + (self._rest is not None)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if i == self._order.size and self._rest is not None:
            return self._rest
        k = int(self._order[i])
        return (self._labels[k] if k < len(self._labels) else "") or str(k + 1)


def arrange(values: np.ndarray, labels: Sequence[str], order: str,
            top: int = TOP_N) -> Arrangement:
    """Arrange per-outcome ``values`` (shape (n,), +inf allowed) for drawing.

    ``order`` is ``"table"`` (as typed), ``"size"`` (largest |value| first, +inf
    before every finite value, ties in table order) or ``"top"`` (the ``top`` largest
    as in ``"size"``, then one bar "other N" holding the exact sum of the rest, +inf
    if any of them is).

    Raises
    ------
    ValueError
        ``order`` is not one of :data:`ORDERS`.
    """
    values = np.asarray(values, dtype=np.float64)
    if order == "table":
        return Arrangement(values, labels)
    if order not in ORDERS:
        raise ValueError(f"no bar order {order!r}; use one of {', '.join(ORDERS)}")
    size = np.abs(values)
    ranked = np.argsort(-size, kind="stable")  # +inf first; ties keep the table's order
    if order == "size" or values.size <= top + 1:
        return Arrangement(values[ranked], _Reordered(labels, ranked, None), ranked)
    shown, others = ranked[:top], ranked[top:]
    rest = values[others]
    total = float("inf") if np.isposinf(rest).any() else math.fsum(rest.tolist()) + 0.0
    name = f"other {others.size:,}"
    return Arrangement(np.append(values[shown], total), _Reordered(labels, shown, name),
                       shown, int(others.size))
