"""Columns whose probabilities come from a source, not from typed entries: a family
(Binomial, Poisson, …; core.families) placed on the outcome labels, or the softmax of
logits at a temperature (:class:`~klgui.core.families.Softmax`).

A column with a source keeps what every column keeps (texts, values, decimal places),
so the table, the chart, the export and every page read it as they read any column:
its texts are its probabilities at full precision (``repr`` of each double, which
reads back to the same double), its values those doubles. The figures take the doubles
as the exact weights (:class:`PlacedColumn`): a family's probabilities are the doubles
it computed, not the decimals that print them.

Qt-free. The Document calls these helpers; nothing here changes a document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families import (Binomial, Family, Geometric, Normal, Outcomes, Poisson,
                                 Softmax)
from klgui.core.families.base import labels_unread
from klgui.core.families.placing import placed
from klgui.core.families.closed_form import ClosedForm, closed_form_kl, rounding_error
from klgui.core.families.distillation import Distillation, distillation
from klgui.core.numerics.entries import PlacedColumn
from klgui.core.units import nats_per_unit
from klgui.model.derived_texts import DerivedTexts

__all__ = ["Source", "AttachedColumnError", "PlacedColumn", "FamilyFigures", "filled",
           "support_labels", "softmax_removed", "softmax_moved", "reads_values",
           "moved_outcome", "not_numbers", "check_follows", "family_figures", "closed_form_rows",
           "table_errors"]

#: What a column's probabilities may come from (Softmax is a Family too).
Source = Family


class AttachedColumnError(DistributionError):
    """An edit would overwrite the probabilities of a column filled from a family or
    logits. The window asks "Detach <name> into plain entries?" and, on Yes, detaches
    the column and makes the edit.

    Attributes
    ----------
    column : int
        The column's id.
    column_name : str
    source : Family
        What the column is filled from.
    """

    def __init__(self, column: int, column_name: str, source: Family) -> None:
        super().__init__(f"{column_name} is {source.describe()}: its probabilities come "
                         f"from {'its logits' if isinstance(source, Softmax) else 'the family'}"
                         f". Detach it into plain entries to change them by hand.",
                         distribution=column_name)
        self.column, self.column_name, self.source = column, column_name, source


def filled(source: Family, labels: Sequence[str] | Outcomes, name: str
           ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """A column's texts, values and decimal places from ``source`` placed on ``labels``.

    Parameters
    ----------
    source : Family
        A family or a Softmax.
    labels : sequence of str, length n, or Outcomes
        The outcome labels (numbers, with a last "≥ K" for a folded tail; else the
        outcomes are their positions 0…n−1), or core.families.outcome_values of them.
    name : str
        The column's name, for messages.

    Returns
    -------
    texts : DerivedTexts, length n
        core.families.placing.probability_texts of the values, written when read.
    values : ndarray, shape (n,), float64, read-only
    places : ndarray, shape (n,), int16
        Zeros: a column with a source is read as its doubles (PlacedColumn), not by
        decimal places; Document.detach counts them when the texts become entries.

    Raises
    ------
    DistributionError
        The family cannot be placed on these outcomes (it gives mass to outcomes the
        table lacks, its tail outcome is missing, logits and outcomes differ in number),
        or some probability it gives would be below the smallest normal double,
        about 2.2e-308 (Family.probabilities); the
        message names the column and the family.
    """
    try:
        probs = placed(source, labels)
    except DistributionError as e:
        said = str(e)  # a refusal that names the family already is not prefixed twice
        head = name if said.startswith(source.describe()) else \
            f"{name} ({source.describe()})"
        raise DistributionError(f"{head}: {said}", distribution=name) from None
    return DerivedTexts(probs), probs, np.zeros(probs.size, dtype=np.int16)


def check_follows(name: str, source: Family, labels: Sequence[str]) -> None:
    """Raise DistributionError when column ``name``, filled from ``source``, cannot be
    placed on new outcomes ``labels`` (another column's fill replacing them)."""
    try:
        placed(source, labels)
    except DistributionError as e:
        raise DistributionError(
            f"{name} ({source.describe()}) cannot follow the new outcomes: {e} Detach "
            f"{name} into plain entries first, or keep the outcomes.",
            distribution=name) from None


def support_labels(source: Family, n_outcomes: int) -> tuple[str, ...]:
    """The outcomes a family needs, to replace a table's: 0…n for Binomial, 0…K−1 and
    "≥ K" for Poisson and Geometric, 1…N for Uniform and Zipf (N: their own n, else
    ``n_outcomes``), the whole numbers within 4σ of μ for Normal, one per logit."""
    return tuple(source.support_labels(n_outcomes))


def softmax_removed(source: Softmax, first: int, end: int) -> Softmax:
    """The logits without those of outcomes ``first … end−1``."""
    z = source.logits[:first] + source.logits[end:]
    return Softmax(z, source.temperature)


def softmax_moved(source: Softmax, row: int, dest: int) -> Softmax:
    """The logits with outcome ``row``'s moved to ``dest``."""
    z = list(source.logits)
    z.insert(dest, z.pop(row))
    return Softmax(tuple(z), source.temperature)


def reads_values(source: Family) -> bool:
    """Whether ``source`` places its mass by the outcomes' numbers (Binomial, Poisson,
    Geometric, Normal), not by their positions (Uniform, Zipf, logits)."""
    return isinstance(source, (Binomial, Poisson, Geometric, Normal))


def moved_outcome(before: Outcomes, after: Outcomes) -> str | None:
    """The first label that a family reading the outcomes would give another number
    after a change of the outcomes than before, or None. Once a label is not a number,
    the outcomes are read by position: renaming "3" to "three" moves nothing, inserting
    a word before "3" moves 3 to 4."""
    if after.numeric:
        return None  # read as their own numbers: nothing moves
    old = dict(zip(before.labels, before.values.tolist()))
    for label, value in zip(after.labels, after.values.tolist()):
        if old.get(label, value) != value:
            return label
    return None


def not_numbers(name: str, source: Family, after: Outcomes, moved: str) -> DistributionError:
    """Why a family reading the outcomes' numbers cannot follow a change that makes it
    read them by position: ``moved`` would get another number."""
    word, problem = labels_unread(after.labels) or (after.labels[-1], "is not a number")
    return DistributionError(
        f"{name} is {source.describe()}, which reads the outcomes as numbers, and "
        f"{word!r} {problem}: read by position, {moved!r} would get the "
        f"probability of another count. Name the outcome with a number, or detach "
        f"{name} into plain entries first.", distribution=name)


def softmax_refused(name: str, source: Softmax) -> DistributionError:
    """Why outcomes cannot be added to a logits column."""
    return DistributionError(
        f"{name} is {source.describe()} of {len(source.logits)} logits, one per outcome: "
        f"a new outcome has no logit. Detach {name} into plain entries first, or fill it "
        f"again with one more logit.", distribution=name)


@dataclass(frozen=True)
class FamilyFigures:
    """What the reference and the focus model's sources add to the table's figures.

    Attributes
    ----------
    closed_pq, closed_qp : ClosedForm or None
        D(P‖Q) and D(Q‖P) from their formulas (nats), when both are of one family.
    distillation : Distillation or None
        Teacher (reference) and student (focus) logits at their shared temperature.
    note : str
        Why nothing applies although both columns have a source ("" otherwise).
    """

    closed_pq: ClosedForm | None = None
    closed_qp: ClosedForm | None = None
    distillation: Distillation | None = None
    note: str = ""

    @property
    def empty(self) -> bool:
        return self.closed_pq is None and self.distillation is None and not self.note


def family_figures(reference: Family | None, model: Family | None,
                   n_outcomes: int) -> FamilyFigures:
    """The closed forms (both directions) when the reference and the model are of one
    family, the distillation figures when both are logits at one temperature, or a note
    saying why neither applies."""
    if reference is None or model is None:
        return FamilyFigures()
    if isinstance(reference, Softmax) and isinstance(model, Softmax):
        if reference.temperature != model.temperature:
            return FamilyFigures(note=(
                f"The teacher's temperature is {reference.temperature:g}, the student's "
                f"{model.temperature:g}: distillation compares both at one temperature."))
        if len(reference.logits) != len(model.logits):
            return FamilyFigures()
        return FamilyFigures(distillation=distillation(reference.values, model.values,
                                                       reference.temperature))
    pq = closed_form_kl(reference, model, n_outcomes)
    qp = closed_form_kl(model, reference, n_outcomes)
    if pq is None or qp is None:
        if type(reference) is not type(model):
            return FamilyFigures(note=(
                f"No formula compares {reference.describe()} with {model.describe()}: "
                f"they are of different families; the table's value is the one."))
        return FamilyFigures()
    return FamilyFigures(closed_pq=pq, closed_qp=qp)


def closed_form_rows(figures: FamilyFigures, unit: str) -> list[tuple[str, float]]:
    """The summary's ``kl_pq_closed_form`` and ``kl_qp_closed_form`` rows in ``unit``
    (``inf`` when infinite); none when no formula applies."""
    out = []
    for name, cf in (("kl_pq_closed_form", figures.closed_pq),
                     ("kl_qp_closed_form", figures.closed_qp)):
        if cf is not None:
            out.append((name, cf.value / nats_per_unit(unit)))
    return out


def table_errors(p: np.ndarray, q: np.ndarray, kl_pq: float, kl_qp: float
                 ) -> tuple[float, float]:
    """Bounds (nats) on how much rounding the table's probabilities to doubles can move
    its D(P‖Q) and D(Q‖P): core.families.closed_form.rounding_error of the compared
    columns, what the sentence beside a closed form
    (core.teaching.families_text.closed_form_text, ``table_error``) weighs the gap with.

    Linear in the number of outcomes (the logarithms of both columns are taken once for
    the two), so the document's result job computes it with the comparison: once per
    revision, off the GUI thread for a large document, only when a closed form applies.

    Parameters
    ----------
    p, q : ndarray, length n
        The compared probabilities (Comparison.p and .q, smoothed when smoothing is on).
    kl_pq, kl_qp : float
        D(P‖Q) and D(Q‖P) in nats (∞ allowed: its bound is then 0).
    """
    p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    with np.errstate(divide="ignore"):  # what rounding_error takes them as; once for both
        log_p, log_q = np.log(p), np.log(q)
    return (rounding_error(p, q, kl_pq, (log_p, log_q)),
            rounding_error(q, p, kl_qp, (log_q, log_p)))
