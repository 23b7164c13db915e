"""Every model against the reference (the ranking) and every distribution against every
other (the matrix), as a job that runs on another thread like a ResultJob.

The pairs are cached by column key (a column's id and the version of its entries), so
an edit to one column recomputes only the pairs it is in; the cache belongs to whoever
runs the jobs (one worker thread).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from klgui.core import Smoothing
from klgui.core.numerics.entries import TypedColumn
from klgui.core.numerics.many import DivergenceMatrix, RankRow, divergence_matrix, rank_models
from klgui.core.numerics.pair_cache import PairCache

__all__ = ["ManyJob", "ManyResult"]


@dataclass(frozen=True, eq=False)
class ManyResult:
    """The ranking (every model against the reference, best first) and, when asked,
    the matrix, of one revision."""

    revision: int
    ranking: list[RankRow]
    matrix: DivergenceMatrix | None
    reference_name: str
    unit: str
    metric: str | None


@dataclass(frozen=True, eq=False)
class ManyJob:
    """What one revision's ranking and matrix depend on; ``columns`` are every
    distribution in the document's order as (name, key, TypedColumn), the reference at
    ``reference``. ``metric`` None: no matrix."""

    revision: int
    columns: tuple[tuple[str, Hashable, TypedColumn], ...]
    reference: int
    unit: str
    normalize: bool
    smoothing: Smoothing | None
    metric: str | None
    labels: Sequence[str] | None = None
    cache: PairCache | None = None
    #: The focus pair's figures when already computed for this revision, as (reference
    #: key, model key, PairFigures): kept in the cache first, so the ranking does not
    #: compute that pair a second time.
    known: tuple | None = None

    def run(self, cancelled: Callable[[], bool] | None = None) -> ManyResult:
        """Rank the models, then (if asked) fill the matrix. Raises core.Cancelled when
        ``cancelled`` returns True part-way."""
        ref_name, ref_key, ref_column = self.columns[self.reference]
        models = [c for i, c in enumerate(self.columns) if i != self.reference]
        options = dict(normalize=self.normalize, smoothing=self.smoothing, cache=self.cache,
                       cancelled=cancelled)
        if self.known is not None and self.cache is not None:
            p_key, q_key, figures = self.known
            self.cache.store(p_key, q_key, self.unit, self.normalize, self.smoothing,
                             figures)
        matrix = None
        if self.metric is not None:
            # The reference first: the ranking then finds its pairs in the matrix's.
            ordered = [self.columns[self.reference]] + models
            m = divergence_matrix([(n, c) for n, _, c in ordered], self.unit, self.metric,
                                  keys=[k for _, k, _ in ordered], **options)
            matrix = _in_order(m, [self.reference] + [i for i in range(len(self.columns))
                                                      if i != self.reference])
        ranking = rank_models(ref_column, [(n, c) for n, _, c in models], self.unit,
                              keys=[ref_key] + [k for _, k, _ in models], labels=self.labels,
                              reference_name=ref_name, **options)
        return ManyResult(self.revision, ranking, matrix, ref_name, self.unit, self.metric)


def _in_order(m: DivergenceMatrix, order: list[int]) -> DivergenceMatrix:
    """``m`` (whose rows are in ``order``) with its rows and columns back in the
    document's order."""
    back = [order.index(i) for i in range(len(order))]
    problems = {(back.index(i), back.index(j)): text for (i, j), text in m.problems.items()}
    return DivergenceMatrix(tuple(m.names[i] for i in back), m.metric, m.base,
                            m.values[back][:, back].copy(), m.known[back][:, back].copy(),
                            problems)
