"""The reference column as typed, as the Bayes lab's prior: its exact values normalized
(and smoothed as the figures smooth them), for the lab's exact posterior. Qt-free.

The lab is given the prior as doubles (the Comparison's ``p``); a reference typed as
the weights 1, 2, 3 is the prior 1/6, 1/3, 1/2, which no double holds. A
:class:`TypedPrior` travels with the doubles (on the :class:`~klgui.model.results.Result`
of the same revision, so it is never another version of the column) and is read off
the GUI thread, by the lab's job, as the likelihood's exact values are
(:attr:`klgui.model.bayes_work.BayesWork.typed_likelihood`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from klgui.core.labs.posterior import EXACT_MAX
from klgui.core.numerics.entries import TypedColumn, smoothed_fractions
from klgui.core.smoothing import Smoothing

__all__ = ["TypedPrior"]


@dataclass(frozen=True, eq=False)
class TypedPrior:
    """The reference column (``column``, as core.entries reads it) as a prior.

    Attributes
    ----------
    column : TypedColumn
        The reference's entries as typed (a family's column: its doubles, exactly).
    smoothing : Smoothing or None
        The document's smoothing; applied to P as the figures apply it
        (:func:`klgui.core.numerics.entries.smoothed_fractions`: nothing when it is on
        Q only).
    """

    column: TypedColumn
    smoothing: Smoothing | None = None

    @cached_property
    def fractions(self) -> tuple[Fraction, ...] | None:
        """The prior exactly: each entry's exact value (smoothed as the figures do)
        over their total, n Fractions summing to 1, of which the Comparison's ``p`` is
        the doubles. None beyond ``EXACT_MAX`` entries (the lab's exact path does not
        go there, and the Fractions would cost time for nothing) or when the entries
        total 0 (no prior: the comparison refused them). Computed once, when first
        read (by the lab's job, off the GUI thread)."""
        if self.column.values.size > EXACT_MAX:
            return None
        values = list(self.column.fractions())
        if self.smoothing is not None:
            values = smoothed_fractions(values, self.smoothing, "P")
        total = sum(values, Fraction(0))
        if total <= 0:
            return None
        return tuple(v / total for v in values)
