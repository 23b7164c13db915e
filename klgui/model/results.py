"""A revision's result and the job that computes it, runnable on another thread."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from klgui.core import Comparison, DistributionError, Smoothing
from klgui.core.numerics.entries import TypedColumn, compare_typed
from klgui.core.numerics.column_cache import column_sum
from klgui.core.numerics.pair_cache import problem_of
from klgui.core.units import nats_per_unit
from klgui.model.family_columns import table_errors
from klgui.model.typed_prior import TypedPrior

__all__ = ["Result", "ResultJob", "SweepJob"]


@dataclass(frozen=True, eq=False)
class Result:
    """The comparison of the reference with the focus model, or why there is none."""

    comparison: Comparison | None
    error: DistributionError | None
    p_sum: float
    q_sum: float
    #: With smoothing on: the same entries compared without it (None when that
    #: fails, e.g. Q all zero, which only smoothing makes comparable).
    unsmoothed: Comparison | None = None
    #: The names of the reference and of the focus model ("P", "Model A").
    reference_name: str = "P"
    model_name: str = "Q"
    #: The reference as typed, as the Bayes lab's prior (exact, smoothed as
    #: ``comparison.p`` is), when there is a comparison.
    prior: TypedPrior | None = None
    #: Bounds (nats) on how much rounding the compared probabilities to doubles can move
    #: the table's D(P‖Q) and D(Q‖P) (model.family_columns.table_errors), for the
    #: sentence beside a closed form; None when the job was not asked for them (no
    #: closed form applies) or there is no comparison.
    table_errors: tuple[float, float] | None = None

    @property
    def ok(self) -> bool:
        return self.comparison is not None


@dataclass(frozen=True, eq=False)
class ResultJob:
    """Everything one revision's result depends on. The arrays are never changed
    afterwards (edits replace them), so a job can run on another thread while the
    person keeps typing."""

    revision: int
    p: np.ndarray
    q: np.ndarray
    unit: str
    normalize: bool
    smoothing: Smoothing | None
    #: The entries as core.entries reads them (their exact weights computed once),
    #: under "P" (the reference) and "Q" (the focus model).
    columns: dict[str, TypedColumn]
    reference_name: str = "P"
    model_name: str = "Q"
    #: Whether a closed form applies (the reference and the focus model of one family):
    #: the result then carries :attr:`Result.table_errors`, computed here with the
    #: comparison (linear in the outcomes, so on the worker's thread for a large one).
    closed_form: bool = False

    @property
    def places(self) -> dict[str, np.ndarray]:
        """Decimal places of each entry (core.entries.decimal_places)."""
        return {w: c.places for w, c in self.columns.items()}

    @property
    def odd(self) -> dict[str, Mapping[int, str]]:
        """The texts of the entries that are not short decimals, by index."""
        return {w: c.odd for w, c in self.columns.items()}

    def run(self, cancelled: Callable[[], bool] | None = None) -> Result:
        """Compare the captured entries, exactly as typed (core.entries). Raises
        core.Cancelled when ``cancelled`` returns True part-way (see compare)."""
        columns = self.columns["P"], self.columns["Q"]
        # column_sum of each column's values, kept by the column (and, after an edit,
        # worked out again only where its entries changed).
        sums = tuple(c.value_sum() if c.values is v else column_sum(v)
                     for c, v in zip(columns, (self.p, self.q)))
        names = {"reference_name": self.reference_name, "model_name": self.model_name}
        try:
            c = compare_typed(*columns, self.unit, normalize=self.normalize,
                              smoothing=self.smoothing, cancelled=cancelled, given_sums=sums)
        except DistributionError as e:
            return Result(None, self._named(e), *sums, **names)
        raw = None
        if self.smoothing is not None:
            try:
                raw = compare_typed(*columns, self.unit, normalize=self.normalize,
                                    cancelled=cancelled, given_sums=sums)
            except DistributionError:
                pass  # the panel says there is no value without smoothing
        errors = None
        if self.closed_form:
            scale = nats_per_unit(c.base)
            errors = table_errors(c.p, c.q, c.kl_pq * scale, c.kl_qp * scale)
        return Result(c, None, *sums, unsmoothed=raw, **names,
                      prior=TypedPrior(columns[0], self.smoothing), table_errors=errors)

    def _named(self, error: DistributionError) -> DistributionError:
        """The core's error (which calls the columns P and Q) in the columns' own
        names: "Model B: every weight is zero". ``distribution`` stays "P" or "Q"."""
        if (self.reference_name, self.model_name) == ("P", "Q"):
            return error
        text = problem_of(error, self.columns["P"], self.columns["Q"]).text(
            self.reference_name, self.model_name)
        return DistributionError(text, distribution=error.distribution, index=error.index)


@dataclass(frozen=True, eq=False)
class SweepJob:
    """D against the smoothing amount (core.teaching.smoothing_effect.sweep) for one
    revision's entries: 25 comparisons, so it runs off the GUI thread like a
    ResultJob. The arrays are the document's read-only ones."""

    revision: int
    p: np.ndarray
    q: np.ndarray
    smoothing: Smoothing
    unit: str
    normalize: bool

    def run(self, cancelled: Callable[[], bool] | None = None):
        """The Sweep (amounts and D both ways; NaN where a comparison fails)."""
        from klgui.core.teaching.smoothing_effect import sweep
        return sweep(self.p, self.q, self.smoothing, self.unit, self.normalize)
