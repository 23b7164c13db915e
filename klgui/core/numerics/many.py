"""Several distributions at once: models ranked against one reference, and the matrix
of divergences between every two columns.

Every pair goes through :func:`~klgui.core.numerics.entries.compare_typed`, so each
figure is that of the entries as typed, as for the focus pair; only scalars are kept
(:class:`~klgui.core.numerics.pair_cache.PairFigures`), and a
:class:`~klgui.core.numerics.pair_cache.PairCache` spares the pairs whose two columns
did not change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import numpy as np

from klgui.core.numerics.entries import TypedColumn
from klgui.core.numerics.pair_cache import (PairCache, PairFigures, PairProblem,
                                            compare_pair, swap_allowed)
from klgui.core.smoothing import Smoothing
from klgui.core.teaching.ranking import ruled_out_text

__all__ = ["RankRow", "rank_models", "DivergenceMatrix", "Asymmetry", "divergence_matrix",
           "METRICS"]

#: The figures a matrix can show: D(row‖column), or the Jensen–Shannon distance.
METRICS = ("kl", "js_distance")
Metric = Literal["kl", "js_distance"]


@dataclass(frozen=True)
class RankRow:
    """One model's place in the ranking against the reference.

    Attributes
    ----------
    rank : int or None
        1-based competition rank by D(reference‖model): equal divergences share a rank
        (1, 1, 3) and every infinite one shares the rank after the finite ones. None
        for a model that cannot be compared.
    name : str
        The model's name.
    figures : PairFigures or None
        The pair (reference, model): ``kl_pq`` is D(reference‖model), ``kl_qp``
        D(model‖reference), ``cross_entropy_pq`` H(reference, model),
        ``infinite_pq`` how many outcomes the model rules out. None when the model
        cannot be compared.
    problem : str or None
        Why the model cannot be compared (the DistributionError's text, naming the
        columns), else None.
    reason : str
        Why D(reference‖model) is infinite, naming the outcomes the model gives
        probability 0 where the reference does not; "" when it is finite or the model
        cannot be compared.
    """

    rank: int | None
    name: str
    figures: PairFigures | None
    problem: str | None = None
    reason: str = ""

    @property
    def note(self) -> str:
        """The problem, or the reason for infinity, or ""."""
        return self.problem or self.reason


Key = Hashable


def rank_models(reference: TypedColumn, models: Sequence[tuple[str, TypedColumn]],
                base: str = "nats", *, normalize: bool = True,
                smoothing: Smoothing | None = None, cache: PairCache | None = None,
                cancelled: Callable[[], bool] | None = None,
                labels: Sequence[str] | None = None,
                reference_name: str | None = None,
                keys: Sequence[Key] | None = None) -> list[RankRow]:
    """Every model against the reference, best first.

    Parameters
    ----------
    reference : TypedColumn
        P, the truth.
    models : sequence of (name, TypedColumn)
        The models Q₁…Qₖ, in the document's order (ties keep it).
    base : {"nats", "bits", "hartleys"}
        The unit of every divergence.
    normalize, smoothing, cancelled
        As for :func:`~klgui.core.numerics.entries.compare_typed`.
    cache : PairCache, optional
        Where pairs are looked up and kept; requires ``keys``. Only the pair
        (reference, model) serves, never (model, reference) swapped, so every row is
        exactly what compare_typed(reference, model) gives the focus pair; a matrix
        (:func:`divergence_matrix`) computes (i, j) for i < j, so with the reference
        first among its columns the ranking finds all its pairs there.
    labels : sequence of str, optional
        Outcome labels, for the reasons.
    reference_name : str, optional
        The reference's name in the reasons (default ``reference.name``).
    keys : sequence of hashable, optional
        With ``cache``: the reference's key, then one per model (``(column id,
        revision)``), changed whenever a column's entries change.

    Returns
    -------
    list of RankRow
        Sorted by D(P‖Qᵢ) ascending, stable on ties; models with D(P‖Qᵢ) = ∞ next
        (their ``reason`` says which outcomes they rule out), then models that cannot
        be compared (their ``problem`` says why).

    Raises
    ------
    Cancelled
        ``cancelled`` returned True.
    ValueError
        ``cache`` without ``keys``, or ``keys`` of the wrong length.
    """
    keys = _checked_keys(cache, keys, 1 + len(models))
    ref_name = reference_name or reference.name
    results = []
    for i, (name, column) in enumerate(models):
        if cache is None:
            r = compare_pair(reference, column, base, normalize=normalize,
                             smoothing=smoothing, cancelled=cancelled)
        else:
            r = cache.pair(keys[0], reference, keys[i + 1], column, base,
                           normalize=normalize, smoothing=smoothing, cancelled=cancelled)
        results.append((name, r))

    def order(item: tuple[int, tuple[str, PairFigures | PairProblem]]) -> tuple:
        r = item[1][1]
        if isinstance(r, PairProblem):
            return (2, 0.0)
        return (1, 0.0) if math.isinf(r.kl_pq) else (0, r.kl_pq)

    rows: list[RankRow] = []
    ordered = sorted(enumerate(results), key=order)
    previous, rank = None, 0
    for position, item in enumerate(ordered, start=1):
        name, r = item[1]
        if isinstance(r, PairProblem):
            rows.append(RankRow(None, name, None, problem=r.text(ref_name, name)))
            continue
        if order(item) != previous:
            rank, previous = position, order(item)
        rows.append(RankRow(rank, name, r,
                            reason=ruled_out_text(r, ref_name, name, labels)))
    return rows


def _checked_keys(cache: PairCache | None, keys: Sequence[Key] | None,
                  count: int) -> Sequence[Key]:
    if cache is None:
        return keys or ()
    if keys is None or len(keys) != count:
        raise ValueError(f"a cache needs one key per column ({count}), "
                         f"not {None if keys is None else len(keys)}")
    return keys


class Asymmetry(NamedTuple):
    """D(i‖j) − D(j‖i) for every ordered pair.

    Attributes
    ----------
    values : (k, k) float64
        The difference; ``+inf`` where only D(i‖j) is infinite, ``-inf`` where only
        D(j‖i) is; 0.0 where ``defined`` is False.
    defined : (k, k) bool
        False where the difference has no value: both directions infinite (∞ − ∞; the
        page says "∞ both ways") or a pair that cannot be compared.
    """

    values: np.ndarray
    defined: np.ndarray


@dataclass(frozen=True, eq=False)
class DivergenceMatrix:
    """The divergence between every two distributions, row against column.

    Attributes
    ----------
    names : tuple of str
        The k distributions, in the order of rows and columns.
    metric : {"kl", "js_distance"}
        ``values[i, j]`` is D(Pᵢ‖Pⱼ) in ``base`` (``"kl"``), or the Jensen–Shannon
        distance √JS(Pᵢ, Pⱼ) with JS in ``base`` (symmetric).
    base : str
        The unit of the divergences.
    values : (k, k) float64, read-only
        The figures; the diagonal is exactly 0; ``+inf`` where column j gives
        probability 0 to an outcome row i allows. Where ``known`` is False the cell
        holds 0.0 and no meaning: read it with :meth:`value`, which gives None there.
        Never NaN, never -0.0.
    known : (k, k) bool, read-only
        False for a pair that cannot be compared (then :meth:`problem` says why).
    problems : dict of (int, int) to str
        Why cell (i, j) holds no number, for every unknown cell.
    """

    names: tuple[str, ...]
    metric: str
    base: str
    values: np.ndarray
    known: np.ndarray
    problems: dict[tuple[int, int], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values.flags.writeable = False
        self.known.flags.writeable = False

    @property
    def k(self) -> int:
        return len(self.names)

    def value(self, i: int, j: int) -> float | None:
        """D(Pᵢ‖Pⱼ) (or the JS distance), or None when the pair cannot be compared."""
        return float(self.values[i, j]) if self.known[i, j] else None

    def problem(self, i: int, j: int) -> str | None:
        """Why cell (i, j) holds no number, or None when it holds one."""
        return self.problems.get((i, j))

    def asymmetry(self) -> Asymmetry:
        """D(i‖j) − D(j‖i) for every cell (antisymmetric; 0 for the JS distance).

        Convention: one direction infinite gives ±inf with the sign of the infinite
        one; both infinite is undefined (``defined`` False, value 0.0), never NaN."""
        d, t = self.values, self.values.T
        both_inf = np.isinf(d) & np.isinf(t)
        with np.errstate(invalid="ignore"):
            diff = np.where(both_inf, 0.0, d - t)
        defined = self.known & self.known.T & ~both_inf
        diff = np.where(defined, diff, 0.0) + 0.0  # + 0.0: no -0.0
        return Asymmetry(diff, defined)


def divergence_matrix(columns: Sequence[tuple[str, TypedColumn]], base: str = "nats",
                      metric: Metric = "kl", *, normalize: bool = True,
                      smoothing: Smoothing | None = None, cache: PairCache | None = None,
                      keys: Sequence[Key] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> DivergenceMatrix:
    """Every distribution against every other.

    Parameters
    ----------
    columns : sequence of (name, TypedColumn)
        The k distributions (reference and models alike).
    base : {"nats", "bits", "hartleys"}
        The unit of the divergences.
    metric : {"kl", "js_distance"}
        What a cell holds: D(row‖column), or the Jensen–Shannon distance.
    normalize, smoothing, cancelled
        As for :func:`~klgui.core.numerics.entries.compare_typed`.
    cache, keys
        As for :func:`rank_models`: one key per column.

    Returns
    -------
    DivergenceMatrix
        k(k−1)/2 comparisons, each giving both directions (k(k−1) when a smoothing
        applies to the model alone, since then the order matters). A column to blame
        for a pair that cannot be compared (all zeros; a sum other than 1 without
        normalization) holds no number in its whole row and column, diagonal included.

    Raises
    ------
    ValueError
        An unknown metric, or ``cache`` without one key per column.
    Cancelled
        ``cancelled`` returned True.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, not {metric!r}")
    k = len(columns)
    keys = _checked_keys(cache, keys, k)
    names = tuple(name for name, _ in columns)
    values = np.zeros((k, k))
    known = np.ones((k, k), dtype=bool)
    problems: dict[tuple[int, int], str] = {}
    blamed: dict[int, str] = {}
    both_ways = swap_allowed(smoothing)

    def pair(i: int, j: int) -> PairFigures | PairProblem:
        (_, a), (_, b) = columns[i], columns[j]
        if cache is None:
            return compare_pair(a, b, base, normalize=normalize, smoothing=smoothing,
                                cancelled=cancelled)
        return cache.pair(keys[i], a, keys[j], b, base, normalize=normalize,
                          smoothing=smoothing, cancelled=cancelled, either_way=both_ways)

    def put(i: int, j: int, r: PairFigures | PairProblem) -> None:
        if isinstance(r, PairProblem):
            known[i, j] = False
            problems[(i, j)] = r.text(names[i], names[j])
            for who, col in (("p", i), ("q", j)):
                if r.blame in (who, None) and col not in blamed:
                    blamed[col] = problems[(i, j)]
            return
        values[i, j] = r.kl_pq if metric == "kl" else r.js_distance

    for i in range(k):
        for j in range(i + 1, k):
            r = pair(i, j)
            put(i, j, r)
            put(j, i, r.swapped() if both_ways else pair(j, i))
    for col, text in blamed.items():
        for i in range(k):
            for cell in ((col, i), (i, col)):
                if known[cell]:
                    known[cell] = False
                    problems[cell] = text
    values[~known] = 0.0
    np.fill_diagonal(values, 0.0)
    return DivergenceMatrix(names, metric, base, values + 0.0, known, problems)
