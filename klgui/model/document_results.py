"""The part of the Document that computes: each column as the numerics read it (exact
weights, probabilities for drawing, a key per version of its entries), the comparison of
the reference with the focus model (once per revision, or as a job to run on another
thread and hand back), and the job of the ranking and the matrix. A mixin, so
document.py stays about the state and its changes; it uses the Document's ``_columns``,
``_col``, ``column_id``, ``column_ids``, ``name_of``, ``labels``, ``n``, ``revision``,
``_reference``, ``family_figures`` and its settings.
"""

from __future__ import annotations

import math

import numpy as np

from klgui.core.numerics.column_cache import column_sum
from klgui.core.numerics.entries import ODD, TypedColumn
from klgui.core.numerics.pair_cache import pair_figures
from klgui.model.columns import frozen
from klgui.model.family_columns import PlacedColumn
from klgui.model.many_results import ManyJob
from klgui.model.results import Result, ResultJob
from klgui.model.typed_prior import TypedPrior

__all__ = ["DocumentResults"]

Which = int | str


class DocumentResults:
    """Typed columns, probabilities and results of a Document (mixed into it)."""

    def _init_results(self) -> None:
        self._result: Result | None = None
        self._result_revision = -1
        #: The last columns handed to a job, by id, reused while their entries stand,
        #: with the key that names that version of the entries (for the pair cache).
        self._typed: dict[int, TypedColumn] = {}
        self._typed_keys: dict[int, tuple[int, int]] = {}
        self._versions = 0
        self._scaled: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def typed_column(self, which: Which) -> TypedColumn:
        """A column as core.entries reads it (exact weights computed once, kept while
        its entries stand)."""
        c = self._col(which)
        known = self._typed.get(c.id)
        if known is None or not (known.values is c.values and known.places is c.places
                                 and isinstance(known, PlacedColumn) == (c.source is not None)):
            if c.source is not None:  # the family's doubles are the weights
                known = PlacedColumn(c.values, c.places, {}, c.name)
            else:
                odd = {i: c.texts[i] for i in np.flatnonzero(c.places == ODD).tolist()}
                previous, known = known, TypedColumn(c.values, c.places, odd, c.name)
                if previous is not None:  # its sums and weights, redone where edited
                    known.follow(previous)
            self._typed[c.id] = known
            self._versions += 1
            self._typed_keys[c.id] = (c.id, self._versions)
        return known

    def typed_prior(self) -> TypedPrior:
        """The reference as typed, as the Bayes lab's prior (its exact values normalized
        and smoothed as the figures are; read when wanted). The window hands the lab
        the one on the shown :class:`Result` (:attr:`Result.prior`), of the same
        revision as the prior's doubles."""
        return TypedPrior(self.typed_column(self._reference), self.smoothing)

    def probabilities(self, which: Which) -> np.ndarray:
        """A column's entries scaled to sum to 1, as doubles, for drawing (read-only;
        the same array while the entries stand). All zeros when they sum to 0; the
        figures come from the exact entries, not from these."""
        c = self._col(which)
        known = self._scaled.get(c.id)
        if known is not None and known[0] is c.values:
            return known[1]
        total = column_sum(c.values)
        if total > 0 and math.isfinite(total):
            scaled = c.values / total
        elif math.isinf(total):  # weights beyond doubles: scale by the largest first
            big = float(np.max(c.values))
            scaled = (c.values / big) / column_sum(c.values / big) if big > 0 else c.values * 0
        else:
            scaled = np.zeros_like(c.values)
        scaled = frozen(np.nan_to_num(scaled, nan=0.0, posinf=0.0))
        self._scaled[c.id] = (c.values, scaled)
        return scaled

    def column_key(self, which: Which) -> tuple[int, int]:
        """A key that names this version of a column's entries: it changes whenever
        they do (for caches of pairs)."""
        self.typed_column(which)
        return self._typed_keys[self.column_id(which)]

    def many_job(self, metric: str | None = None, cache=None) -> ManyJob:
        """What the ranking (every model against the reference) and, with ``metric``
        ("kl" or "js_distance"), the matrix of the current revision take, to run
        elsewhere with ``cache`` (a core.numerics.pair_cache.PairCache)."""
        columns = tuple((c.name, self.column_key(c.id), self.typed_column(c.id))
                        for c in self._columns)
        known = self.known_result()
        if known is not None and known.comparison is not None:
            known = (self.column_key(self._reference), self.column_key(self._focus),
                     pair_figures(known.comparison))
        else:
            known = None
        return ManyJob(self.revision, columns, self.column_ids.index(self._reference),
                       self.unit, self.auto_normalize, self.smoothing, metric,
                       tuple(self.labels) if self.n <= 10_000 else None, cache, known)

    def result(self) -> Result:
        """The comparison of the reference with the focus model, computed once per
        revision."""
        known = self.known_result()
        if known is None:
            job = self.job()
            known = job.run()
            self.accept(job, known)
        return known

    def known_result(self) -> Result | None:
        """The current revision's result if it has been computed, else None."""
        return self._result if self._result_revision == self.revision else None

    def job(self) -> ResultJob:
        """What computing the current result takes, to run elsewhere (another thread)
        and hand back with :meth:`accept`."""
        live = {c.id for c in self._columns}
        self._typed = {k: v for k, v in self._typed.items() if k in live}
        p, q = self.typed_column(self._reference), self.typed_column(self._focus)
        return ResultJob(self.revision, p.values, q.values, self.unit, self.auto_normalize,
                         self.smoothing, {"P": p, "Q": q}, self.name_of(self._reference),
                         self.name_of(self._focus),
                         closed_form=self.family_figures().closed_pq is not None)

    def accept(self, job: ResultJob, result: Result) -> bool:
        """Keep ``result`` as the current one if ``job`` is of the current revision;
        False (and nothing kept) when the document has changed since."""
        if job.revision != self.revision:
            return False
        self._result, self._result_revision = result, job.revision
        return True
