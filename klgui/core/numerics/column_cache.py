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

from functools import cached_property

from klgui.core.numerics.divergence import Prepared
from klgui.core.numerics.exact import (SURVEY_BLOCK, BlockSurvey, Survey, dd_sum,
                                       joined_survey, rounded, surveyed_block)
from klgui.core.numerics.scratch import borrowed
from klgui.core.numerics.validation import Weights

__all__ = ["Blocks", "block_survey", "changed_rows", "Previous", "CommonDenominator",
           "updated_weights", "KeptColumnWork", "INTEGRAL_MAX", "column_sum"]

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


def column_sum(values: np.ndarray, total: tuple[float, float] | None = None) -> float:
    """The sum of a column's values (the doubles nearest to its entries), shape (n,),
    correctly rounded from their double-double sum: ``total`` when it is known (a
    :class:`Blocks` survey's), else :func:`exact.dd_sum` of ``values``. inf when it
    overflows or an entry is beyond the double range (1e400, read as inf), where
    dd_sum says NaN."""
    found = rounded(dd_sum(values) if total is None else total)
    return math.inf if math.isnan(found) else found


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


#: What a column keeps for its next version (KeptColumnWork.follow).
_KEPT = ("_denominator", "_value_blocks", "_weight_blocks")
#: What a column works out with the help of its previous version.
_KEPT_FOR = ("_parts", "_value_blocks", "_weight_blocks")


class KeptColumnWork:
    """The sums of a column of entries (``values`` and ``places`` arrays, and
    ``weights()``: its exact weights, whose computation calls ``_kept``,
    ``_rows_since`` and ``_done`` to reuse a previous version's), worked out once per
    version and, after :meth:`follow`, only where the entries changed."""

    def follow(self, previous: KeptColumnWork) -> None:
        """Take this column for a later version of ``previous`` (the same outcomes, some
        entries changed): what depends on the column alone (its sums, its exact
        weights) is then worked out again only where the entries changed
        (:mod:`~klgui.core.numerics.column_cache`), each the very double a full
        computation gives. Holds on to ``previous``'s arrays until used, not to it."""
        if type(previous) is not type(self) or previous.values.shape != self.values.shape:
            return
        older = previous.__dict__.get("_base")
        kept = older.leftovers() if older is not None else {}
        for key in _KEPT:
            found = previous.__dict__.get(key)
            if found is not None:
                kept[key] = found
        if kept:
            self.__dict__["_base"] = Previous(previous.values, previous.places, kept)

    def _kept(self, key: str):
        """What a previous version kept under ``key`` (once: it is dropped here)."""
        base = self.__dict__.get("_base")
        return None if base is None else base.take(key)

    def _done(self, key: str) -> None:
        """Once the three things a previous version helps with are worked out (``key``
        being the last), let go of that version's arrays."""
        if all(k == key or k in self.__dict__ for k in _KEPT_FOR):
            self.__dict__.pop("_base", None)
            self.__dict__.pop("_weight_rows", None)

    def _rows_since(self, values: np.ndarray) -> np.ndarray | None:
        """Where the entries differ from the previous version's, when ``values`` are
        that version's; else None (the caller compares for itself)."""
        base = self.__dict__.get("_base")
        if base is None or base.values is not values:
            return None
        return base.rows(self.values, self.places)

    def value_sum(self) -> float:
        """The sum of :attr:`values` (the doubles nearest to the entries), correctly
        rounded from :func:`exact.dd_sum`; inf when it overflows or an entry is beyond
        the double range (1e400). Computed once per column."""
        return self._value_sum

    @cached_property
    def _value_blocks(self) -> Blocks | None:
        base = self._kept("_value_blocks")
        rows = None if base is None else self._rows_since(base.array)
        found = block_survey(self.values, base, rows=rows)
        self._done("_value_blocks")
        return found

    @cached_property
    def _value_sum(self) -> float:
        blocks = self._value_blocks
        return column_sum(self.values, None if blocks is None else blocks.survey().total)

    @cached_property
    def _weight_blocks(self) -> Blocks | None:
        weights = self.weights()
        base = self._kept("_weight_blocks")
        known = self.__dict__.get("_weight_rows")
        rows = known[1] if base is not None and known and known[0] is base.array else None
        found = block_survey(weights, base, rows=rows, integral=True)
        self._done("_weight_blocks")
        return found

    def checked(self) -> Prepared | None:
        """:meth:`weights` as :func:`~klgui.core.numerics.validation.checked_weights`
        returns them (with ``integral`` known), as a Prepared without an entropy; None
        when those checks would refuse them or cannot say from the block sums (the
        comparison then makes them and raises). Raises as :meth:`weights` does."""
        blocks = self._weight_blocks
        if blocks is None:
            return None
        s = blocks.survey()
        if not (s.low >= 0.0 and 0.0 < s.high < math.inf):
            return None
        return Prepared(Weights(blocks.array, s.low, s.high, s.total,
                                blocks.exactly_summable()), None)
