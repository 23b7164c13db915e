"""A column's own arithmetic, kept per version of its entries and worked out again only
where an edit changed them.

After a one-cell edit a document hands the comparison a new column whose entries
differ from the last version's in one place. What depends on that column alone (the
sum of its values, its exact weights, the sum and extremes of its weights) is worked
out again only for the blocks of outcomes, or the outcomes, that changed; the rest is
taken from the last version. Every result is the very double a full computation
gives:

* sums are those of :func:`~klgui.core.numerics.exact.surveyed`: the same blocks of
  ``SURVEY_BLOCK`` outcomes give the same block parts, and their total is formed by
  ``math.fsum``, which rounds the exact sum correctly, so the blocks' order is moot;
* exact weights over a common denominator are elementwise in the entries (each is
  ``rint(v 10^k) 10^(s-k)`` times the same integer), so with the same denominator only
  the changed outcomes are computed again;
* anything else (a new denominator, a value beyond the double range, weights that no
  longer fit) is worked out in full, as before.

Changes are found by comparing the bits of the new arrays with the old ones (one cheap
pass), so nothing relies on being told which cell was edited.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from klgui.core.numerics.exact import (SURVEY_BLOCK, BlockSurvey, Survey, joined_survey,
                                       surveyed_block)
from klgui.core.numerics.scratch import borrowed

__all__ = ["Blocks", "block_survey", "changed_rows", "Previous", "CommonDenominator",
           "updated_weights", "INTEGRAL_MAX"]

#: Whole numbers whose total is below this are summed exactly in any order.
INTEGRAL_MAX = 2.0 ** 53


class Blocks(NamedTuple):
    """The survey of ``array`` block by block (blocks of ``min(SURVEY_BLOCK, n)``), and
    with ``integral`` whether each block holds whole numbers only (None: not asked)."""

    array: np.ndarray
    blocks: tuple[BlockSurvey, ...]
    integral: tuple[bool, ...] | None

    def survey(self) -> Survey:
        """The array's Survey: the very one :func:`exact.surveyed` gives."""
        return joined_survey(list(self.blocks))

    def exactly_summable(self) -> bool:
        """Every value is a whole number and every block sums below 2^53, so that a
        sum of any of them within a block is exact in any order (False when
        ``integral`` was not asked). Then :func:`exact.dd_sum` of any selection of them
        is the exact sum S as (S rounded, the rest): see divergence._subset_sum."""
        return (self.integral is not None and all(self.integral)
                and all(math.fsum(b.parts) < INTEGRAL_MAX for b in self.blocks))


def changed_rows(old: np.ndarray, new: np.ndarray) -> np.ndarray | None:
    """Indices where two 1-D arrays of one shape and dtype differ in their bits (so
    -0.0 differs from 0.0, and a NaN never matches); None when they cannot be
    compared (other shapes or dtypes, not contiguous)."""
    if (old.shape != new.shape or old.dtype != new.dtype or old.ndim != 1
            or not (old.flags.c_contiguous and new.flags.c_contiguous)):
        return None
    if old.dtype == np.float64:
        old, new = old.view(np.int64), new.view(np.int64)
    return np.flatnonzero(old != new)


def block_survey(x: np.ndarray, base: Blocks | None = None, *, rows: np.ndarray | None = None,
                 integral: bool = False) -> Blocks | None:
    """The survey of a 1-D float64 array by blocks, reusing ``base`` (the survey of an
    earlier version of it, of the same length) for every block whose values are
    unchanged: those where ``x`` differs from ``base.array`` (``rows``, when known: the
    outcomes where it may differ). With ``integral``, also whether each block holds
    whole numbers only.

    Returns None when a block holds a negative, NaN, infinite or huge value (as
    :func:`exact.surveyed` then gives no sum; the caller does what it did before)."""
    if x.size == 0:
        return None
    block = min(SURVEY_BLOCK, x.size)
    count = -(-x.size // block)
    todo: range | list[int] = range(count)
    blocks: list[BlockSurvey | None] = [None] * count
    flags: list[bool] | None = [False] * count if integral else None
    if base is not None and len(base.blocks) == count and (
            not integral or base.integral is not None):
        if rows is None:
            rows = changed_rows(base.array, x)
        if rows is not None:
            todo = np.unique(rows // block).tolist()
            blocks = list(base.blocks)
            if flags is not None:
                flags = list(base.integral)
    with borrowed((block,)) as work:
        for i in todo:
            chunk = x[i * block:(i + 1) * block]
            found = surveyed_block(chunk, work)
            if found is None:
                return None
            blocks[i] = found
            if flags is not None:
                whole = np.rint(chunk, out=work[:chunk.size])
                whole -= chunk
                flags[i] = not whole.any()
    return Blocks(x, tuple(blocks), None if flags is None else tuple(flags))


class Previous:
    """What the previous version of a column leaves to the next one: its values and
    places, and what it had worked out, by name (each taken once). Holds arrays only,
    never a column, so versions do not chain."""

    def __init__(self, values: np.ndarray, places: np.ndarray, kept: dict) -> None:
        self.values, self.places, self._kept = values, places, kept
        self._rows: dict[int, np.ndarray | None] = {}

    def take(self, key: str):
        """What was kept under ``key``, or None; dropped here."""
        return self._kept.pop(key, None)

    def leftovers(self) -> dict:
        """What no one has taken yet (for the version after the next)."""
        return dict(self._kept)

    def rows(self, values: np.ndarray, places: np.ndarray) -> np.ndarray | None:
        """The outcomes whose value or places differ between this version and the next
        (``values``, ``places``); None when they cannot be compared. Worked out once."""
        key = id(values)
        if key not in self._rows:
            a, b = changed_rows(self.values, values), changed_rows(self.places, places)
            self._rows[key] = None if a is None or b is None else np.union1d(a, b)
        return self._rows[key]


class CommonDenominator(NamedTuple):
    """How exact weights were formed over a common denominator: the entries' values
    and decimal places, the odd texts, the largest number of places ``shortest``, the
    denominator ``common`` and the factor ``extra = common / 10^shortest``."""

    values: np.ndarray
    places: np.ndarray
    odd: dict[int, str]
    shortest: int
    common: int
    extra: int
    weights: np.ndarray


def updated_weights(base: CommonDenominator, values: np.ndarray, places: np.ndarray,
                    odd: dict[int, str], powers: np.ndarray,
                    rows: np.ndarray | None = None) -> np.ndarray | None:
    """The exact weights of edited entries from those of an earlier version (``base``),
    computing only the changed outcomes (``rows``, when known: where the values or
    places may differ from ``base``'s): the weights a full computation over the same
    common denominator gives. None when that denominator may differ (another largest
    number of places, other odd texts) or a weight no longer fits below 2^53: then
    the full computation decides. ``powers``: 10^k for k = 0…MAX_PLACES, exact."""
    if int(places.max(initial=0)) != base.shortest or odd != base.odd:
        return None
    if rows is None:
        value_rows = changed_rows(base.values, values)
        place_rows = changed_rows(base.places, places)
        if value_rows is None or place_rows is None:
            return None
        rows = np.union1d(value_rows, place_rows)
    k = places[rows]
    if (k < 0).any():  # an odd entry changed: then so did ``odd``; never here
        return None
    out = base.weights.copy()
    changed = values[rows] * powers[k]
    np.rint(changed, out=changed)  # exact: at most 15 significant digits
    changed *= powers[base.shortest - k]
    if base.extra != 1:
        with np.errstate(over="ignore"):  # inf fails the test below
            changed *= float(base.extra)
    out[rows] = changed
    if not out.max(initial=0.0) < INTEGRAL_MAX:
        return None
    return out
