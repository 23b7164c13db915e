"""Entries as typed, as exact numbers: the weights the kernel gets are exactly
proportional to what a person typed, not to the binary numbers nearest to it.

A person who types 0.8 means 4/5. The double nearest to 0.8 is 0.8000000000000000444,
so a column typed as 0.8, 0.2 normalizes to probabilities a few parts in 1e17 away from
4/5 and 1/5, and two columns that are equal after normalization (counts 3, 3, 4 against
0.3, 0.3, 0.4) differ by rounding noise. Here a column of decimals becomes a column of
integers over a power of ten, and fractions join them over a common denominator, while
every integer stays below 2^53 (so is held exactly by a double): then the weights are
exact, and so are their ratios.

Where that is impossible (a 30-digit decimal, a denominator too large to share), each
entry becomes the double nearest to its exact value after the whole column is scaled by
a power of two, so typed weights far below or above the double range (``1e-349``,
``1e400``) are still usable. An entry more than about 1e308 times smaller than the
largest of its column cannot be held next to it and is refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from klgui.core.comparison import Comparison
from klgui.core.numerics.column_cache import (CommonDenominator, KeptColumnWork,
                                              updated_weights)
from klgui.core.numerics.divergence import Prepared, compare, compare_prepared
from klgui.core.numerics.doubles import nearest_double
from klgui.core.errors import DistributionError, describe_outcome
from klgui.core.parsing import parse_exact
from klgui.core.numerics.precise import PRECISE_MAX, compare_precise, sum_float
from klgui.core.numerics.places import MAX_PLACES as _MAX_PLACES
from klgui.core.numerics.places import ODD, decimal_places, decimal_places_many
from klgui.core.numerics.refine import REFINE_MAX, kl_family, unit_size
from klgui.core.smoothing import Smoothing
from klgui.core.numerics.validation import check_sums_to_one

__all__ = ["ODD", "decimal_places", "decimal_places_many", "exact_weights", "exact_values",
           "exact_weight_parts", "ExactWeights",
           "TypedColumn", "PlacedColumn", "compare_typed", "PRECISE_RANGE_MAX",
           "smoothed_fractions"]

#: Up to this many outcomes, and this many bits of exact values in all, columns beyond
#: the double range are compared precisely (under a second).
PRECISE_RANGE_MAX = 1000
PRECISE_RANGE_BITS = 200_000
_EXACT = 2.0 ** 53


def exact_weights(values: np.ndarray, places: np.ndarray, odd: Mapping[int, str],
                  name: str = "P", labels: Sequence[str] | None = None) -> np.ndarray:
    """Weights exactly proportional to the typed entries (see the module's docstring).

    Parameters
    ----------
    values : (n,) float64
        Each entry's value, the double nearest to it (may be 0 or inf beyond the range).
    places : (n,) int16
        :func:`decimal_places` of each entry.
    odd : mapping of int to str
        The typed text of every entry whose ``places`` is :data:`ODD`, by index.
    name, labels
        For the message of a refusal.

    Returns
    -------
    (n,) float64
        Finite weights, exactly proportional to the typed values when every entry can
        be held exactly, else each the nearest double to its value times one power of
        two. ``values`` itself when it is already exact (integers).

    Raises
    ------
    DistributionError
        An entry is positive but more than about 1e308 times smaller than the largest of
        its column, so no scale holds both.
    """
    return exact_weight_parts(values, places, odd, name, labels).high


class ExactWeights(NamedTuple):
    """Weights ``high + low`` (to about 106 bits; ``low`` None when ``high`` is exact)
    equal to the typed values times ``scale``."""

    high: np.ndarray
    low: np.ndarray | None
    scale: Fraction


def exact_weight_parts(values: np.ndarray, places: np.ndarray, odd: Mapping[int, str],
                       name: str = "P", labels: Sequence[str] | None = None) -> ExactWeights:
    """:func:`exact_weights`, with the remainders where those are not exact and the
    scale by which they are the typed values (an additive smoothing's α in their
    units is α times the scale). Raises as exact_weights does."""
    return _weight_parts_how(values, places, odd, name, labels)[0]


def _weight_parts_how(values: np.ndarray, places: np.ndarray, odd: Mapping[int, str],
                      name: str = "P", labels: Sequence[str] | None = None
                      ) -> tuple[ExactWeights, CommonDenominator | None]:
    """:func:`exact_weight_parts`, and how the weights were formed when over a common
    denominator from decimals (for :func:`column_cache.updated_weights`), else None."""
    shortest = int(places.max(initial=0))
    if shortest <= _MAX_PLACES:
        found = _over_common_denominator(values, places, shortest, odd)
        if found is not None:
            how = None
            if found[0] is not values:  # (integers are their own weights: nothing to redo)
                how = CommonDenominator(values, places, dict(odd), shortest, found[1],
                                        found[1] // 10 ** shortest, found[0])
            return ExactWeights(found[0], None, Fraction(found[1])), how
    exact = exact_values(values, places, odd)
    common = math.lcm(*{x.denominator for x in exact if x})
    ints = [x.numerator * (common // x.denominator) for x in exact]
    shared = math.gcd(*ints)
    if shared > 1:  # 2e150, 3e150 are 2, 3
        ints = [i // shared for i in ints]
    if max(ints) < _EXACT:
        return ExactWeights(np.array(ints, dtype=np.float64), None,
                            Fraction(common, max(shared, 1))), None
    return _nearest_scaled(exact, name, labels), None


_POWERS = 10.0 ** np.arange(_MAX_PLACES + 1)  # exact doubles


def _over_common_denominator(values: np.ndarray, places: np.ndarray, shortest: int,
                             odd: Mapping[int, str]) -> tuple[np.ndarray, int] | None:
    """The entries times one common denominator (10^shortest times what the odd
    entries' denominators add), and that denominator, when every product is an integer
    below 2^53: the short decimals in a few numpy passes, the odd entries one by one.
    None when some product is too large."""
    fractions = {i: parse_exact(t) for i, t in odd.items()}
    common = math.lcm(10 ** shortest, *(f.denominator for f in fractions.values()))
    extra = common // 10 ** shortest
    if extra >= _EXACT:
        return None
    if not odd and shortest == 0:  # integers: already exact if small enough
        return (values, 1) if values.max(initial=0.0) < _EXACT else None
    if odd:
        places = places.copy()
        places[list(odd)] = shortest  # their values are replaced below
    if odd or places.min(initial=shortest) != shortest:
        out = values * _POWERS[places]
        np.rint(out, out=out)  # exact: at most 15 significant digits
        out *= _POWERS[shortest - places]
    else:  # every entry has the same number of places
        out = values * _POWERS[shortest]
        np.rint(out, out=out)
    if extra != 1:
        with np.errstate(over="ignore"):  # inf fails the test below
            out *= float(extra)
    for i, f in fractions.items():
        w = f.numerator * (common // f.denominator)
        if w >= _EXACT:
            return None
        out[i] = w
    return (out, common) if out.max(initial=0.0) < _EXACT else None


def exact_values(values: np.ndarray, places: np.ndarray,
                 odd: Mapping[int, str]) -> list[Fraction]:
    """Every entry's exact value (parameters as for :func:`exact_weights`)."""
    out = []
    for i, (v, k) in enumerate(zip(values.tolist(), places.tolist())):
        if k == ODD:
            out.append(parse_exact(odd[i]))
        else:
            out.append(Fraction(round(v * 10.0 ** k), 10 ** k) if v else Fraction(0))
    return out


def _nearest_scaled(exact: list[Fraction], name: str, labels: Sequence[str] | None
                    ) -> ExactWeights:
    """Each value times 2^s, correctly rounded, with s chosen so that the largest is
    near 1 (no overflow), and what the rounding left out; refuses a positive value that
    would fall below the normal range there."""
    top = max(exact)
    if top == 0:
        return ExactWeights(np.zeros(len(exact)), np.zeros(len(exact)), Fraction(1))
    shift = -(top.numerator.bit_length() - top.denominator.bit_length())
    scale = Fraction(2) ** shift
    out = np.empty(len(exact))
    low = np.zeros(len(exact))
    for i, x in enumerate(exact):
        w = float(x * scale) if x else 0.0
        if x:
            low[i] = float(x * scale - Fraction(w))
        if x and w < 2.2250738585072014e-308:
            label = labels[i] if labels is not None and i < len(labels) else None
            raise DistributionError(
                f"{name}, {describe_outcome(i, label)}: the weight is more than 1e308 times "
                "smaller than the largest weight of its column; no double holds both. "
                "Make it 0, or rescale the column.", distribution=name, index=i)
        out[i] = w
    return ExactWeights(out, low, scale)


@dataclass(frozen=True)
class TypedColumn(KeptColumnWork):
    """One distribution's entries as typed, in the form :func:`exact_weights` takes:
    ``values`` (n,) float64, ``places`` (n,) int16 and the ``odd`` texts by index.
    What depends on the column alone is worked out once, and after an edit only where
    its entries changed (:meth:`follow`, :class:`column_cache.KeptColumnWork`)."""

    values: np.ndarray
    places: np.ndarray
    odd: Mapping[int, str]
    name: str = "P"

    def weights(self) -> np.ndarray:
        """Weights exactly proportional to the typed values (see exact_weights)."""
        return self.weight_parts().high

    def weight_parts(self) -> ExactWeights:
        """The weights, what rounding them left out, and their scale (see
        exact_weight_parts); computed once per column (a document reuses the column of
        a distribution its edit did not touch)."""
        return self._parts

    @cached_property
    def _parts(self) -> ExactWeights:
        base = self._kept("_denominator")
        if base is not None:
            odd = dict(self.odd)
            rows = self._rows_since(base.values)
            weights = updated_weights(base, self.values, self.places, odd, _POWERS, rows)
            if weights is not None:
                self.__dict__["_denominator"] = base._replace(
                    values=self.values, places=self.places, odd=odd, weights=weights)
                if rows is not None:  # the weights changed there only
                    self.__dict__["_weight_rows"] = (base.weights, rows)
                self._done("_parts")
                return ExactWeights(weights, None, Fraction(base.common))
        parts, how = _weight_parts_how(self.values, self.places, self.odd, self.name)
        if how is not None:
            self.__dict__["_denominator"] = how
        self._done("_parts")
        return parts

    @cached_property
    def _fractions(self) -> list[Fraction]:
        return exact_values(self.values, self.places, self.odd)

    def fractions(self) -> list[Fraction]:
        """Every entry's exact value (computed once per column)."""
        return self._fractions

    def prepared(self) -> Prepared | None:
        """What a comparison without smoothing worked out for :meth:`weights` on their
        own (checked weights, entropy in nats), once one has (see keep_prepared), else
        None. A column's entries change only by making a new TypedColumn, so it is
        never stale."""
        return self.__dict__.get("_prepared")

    def keep_prepared(self, prepared: Prepared | None) -> None:
        """Keep what a comparison worked out for this column, for every other pair it is
        in (a ranking's reference, a matrix's columns)."""
        if prepared is not None:
            self.__dict__["_prepared"] = prepared

    def known_entropy(self) -> float | None:
        """The entropy in nats of :meth:`weights` as the kernel computes it, once a
        comparison has (see prepared), else None."""
        known = self.prepared()
        return None if known is None else known.entropy


class PlacedColumn(TypedColumn):
    """A column of doubles that are its exact weights (a family's probabilities, the
    fit lab's Q_θ), as core.entries reads columns: nothing is parsed or rescaled."""

    @cached_property
    def _parts(self) -> ExactWeights:
        return ExactWeights(self.values, None, Fraction(1))

    @cached_property
    def _fractions(self) -> list[Fraction]:
        return [Fraction(v) for v in self.values.tolist()]


def compare_typed(p: TypedColumn, q: TypedColumn, base: str = "nats", *,
                  normalize: bool = True, smoothing: Smoothing | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  given_sums: tuple[float, float] | None = None) -> Comparison:
    """compare() for entries as typed: the figures of the typed rationals.

    Up to PRECISE_MAX outcomes, and for columns whose weights span more than doubles
    hold (up to PRECISE_RANGE_MAX outcomes), every figure is correctly rounded
    (:mod:`klgui.core.numerics.precise`), smoothing applied to the exact values; otherwise the
    kernel runs on the exact weights, and up to REFINE_MAX outcomes the KL family (both
    divergences, entropies, cross-entropies, Jeffreys and the terms) is redone in
    double-double (:mod:`klgui.core.numerics.refine`). An
    additive smoothing adds α in the units the entries were typed in; with smoothing,
    columns whose weights doubles cannot hold use the values as typed (the smoothing
    lifts the tiny ones). Raises DistributionError as compare() does; ``given_sums``
    as there.
    """
    if p.values.size <= PRECISE_MAX or _beyond_doubles(p, q):
        a, b = p.fractions(), q.fractions()
        sums = given_sums or (sum_float(sum(a, Fraction(0))), sum_float(sum(b, Fraction(0))))
        if not normalize:
            check_sums_to_one(sums[0], "P")
            check_sums_to_one(sums[1], "Q")
        if smoothing is not None:
            a, b = smoothed_fractions(a, smoothing, "P"), smoothed_fractions(b, smoothing, "Q")
        c = compare_precise(a, b, base, weight_sums=sums)
        return replace(c, normalized=normalize, smoothing=smoothing)
    try:
        a, a_low, a_scale = p.weight_parts()
        b, b_low, b_scale = q.weight_parts()
    except DistributionError:
        if smoothing is None:
            raise
        # A floor or pseudo-counts lift what doubles cannot hold beside the largest
        # weights: the values as typed (1e-323 is a subnormal double) serve.
        (a, a_low, a_scale), (b, b_low, b_scale) = ((p.values, None, Fraction(1)),
                                                    (q.values, None, Fraction(1)))
    if smoothing is not None and smoothing.method == "additive":
        if smoothing.apply_to == "both":
            a = _plus_pseudo_counts(a, p.values, smoothing.amount, a_scale)
        b = _plus_pseudo_counts(b, q.values, smoothing.amount, b_scale)
        c = compare(a, b, base, normalize=normalize, cancelled=cancelled,
                    given_sums=given_sums)
        return replace(c, smoothing=smoothing)
    if smoothing is None and a.size > REFINE_MAX:  # (below, refine redoes the entropies)
        c, (prepared_p, prepared_q) = compare_prepared(
            a, b, base, normalize=normalize, cancelled=cancelled, given_sums=given_sums,
            prepared=(p.prepared() or p.checked(), q.prepared() or q.checked()))
        p.keep_prepared(prepared_p)
        q.keep_prepared(prepared_q)
        return c
    c = compare(a, b, base, normalize=normalize, smoothing=smoothing, cancelled=cancelled,
                given_sums=given_sums)
    if smoothing is None and a.size <= REFINE_MAX:
        refined = kl_family(a, b, unit_size(base), a_low, b_low)
        if refined is not None:
            c = replace(c, **refined)
    return c


def smoothed_fractions(column: list[Fraction], smoothing: Smoothing, name: str) -> list[Fraction]:
    """A column smoothed exactly, as Smoothing.apply does with doubles."""
    if name == "P" and smoothing.apply_to == "q":
        return column
    amount = Fraction(smoothing.amount)
    if smoothing.method == "additive":
        return [x + amount for x in column]
    smoothing.check_fits(len(column))
    total = sum(column, Fraction(0))
    if total == 0:
        raise DistributionError(
            f"{name}: every weight is zero; give at least one outcome a positive weight.",
            distribution=name)
    return [max(x / total, amount) for x in column]


def _plus_pseudo_counts(weights: np.ndarray, values: np.ndarray, amount: float,
                        scale: Fraction) -> np.ndarray:
    """The weights with α added in the units the entries were typed in (α times the
    weights' scale); the values as typed plus α where that product is beyond doubles."""
    shift = amount * nearest_double(scale)  # amount > 0; inf when the scale is beyond doubles
    if math.isfinite(shift):
        return weights + shift
    return values + amount


def _beyond_doubles(p: TypedColumn, q: TypedColumn) -> bool:
    """True when a column's weights span more than doubles hold (1e-349 beside 1) and
    the table is small enough for the precise path: at most PRECISE_RANGE_MAX outcomes
    whose exact values take at most PRECISE_RANGE_BITS bits in all (a hundred weights
    from 1 to 1e-9000 would take minutes, so they are refused as for a large table)."""
    if p.values.size > PRECISE_RANGE_MAX:
        return False
    try:
        p.weights(), q.weights()
    except DistributionError:
        size = sum(x.numerator.bit_length() + x.denominator.bit_length()
                   for column in (p, q) for x in column.fractions())
        return size <= PRECISE_RANGE_BITS
    return False
