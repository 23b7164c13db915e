"""The fit lab's figures at one θ from the exact core: D(P‖Q_θ) and D(Q_θ‖P) as the
Figures page gives them once Q_θ is the model.

The Figures page compares the reference's entries as typed with a family column's
doubles (:func:`klgui.core.numerics.entries.compare_typed` of the typed reference and a
:class:`~klgui.core.numerics.entries.PlacedColumn` of
:func:`klgui.core.families.placing.placed`). :func:`exact_divergences` makes the same
call with the same doubles, so a stationary point's D and the Figures page's D after
*Use this fit* are the same double: correctly rounded up to PRECISE_MAX outcomes, 0.0
exactly where Q_θ is P.

When Q_θ gives mass to counts the outcomes lack (a Binomial whose n exceeds the
outcomes, a Poisson without a "≥ K" outcome), no family column can hold it; that mass
is then one more outcome, where P has 0, so D(P‖Q_θ) counts it and D(Q_θ‖P) is ∞.
Where Q_θ's doubles underflow to 0 on an outcome P uses while log q_θ is finite,
D(P‖Q_θ) is summed from log q_θ (finite, as it is), not ∞.
"""

from __future__ import annotations

import math

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families import family_from_dict
from klgui.core.families.fit_base import FitModel
from klgui.core.families.placing import placed
from klgui.core.numerics.entries import PlacedColumn, TypedColumn, compare_typed
from klgui.core.units import nats_per_unit

__all__ = ["exact_divergences", "reference_column"]


def reference_column(p: np.ndarray, name: str = "P") -> TypedColumn:
    """A reference given as doubles (shape (n,), non-negative): those doubles are its
    exact weights (scaled exactly to sum 1 by the comparison)."""
    values = np.asarray(p, dtype=np.float64)
    return PlacedColumn(values, np.zeros(values.size, dtype=np.int16), {}, name)


def exact_divergences(model: FitModel, reference: TypedColumn, theta: float,
                      unit: str = "nats") -> tuple[float, float]:
    """(D(P‖Q_θ), D(Q_θ‖P)) in ``unit``, as the Figures page computes them.

    Parameters
    ----------
    model : FitModel
    reference : TypedColumn
        P over ``model.outcomes``, shape (n,): the document's typed column (so the
        figures are those of the entries as typed) or :func:`reference_column`.
    theta : float
        The fitted parameter, inside the model's range.
    unit : {"nats", "bits", ...}
        klgui.core.units' units; the figures are computed in it (correctly rounded in
        it, as the Figures page's), not converted from nats.

    Returns
    -------
    (float, float)
        Non-negative, never -0.0; ``inf`` where Q_θ rules out what P allows (or the
        reverse).

    Raises
    ------
    DistributionError
        ``reference`` has another length than the outcomes, or cannot be compared.
    """
    if reference.values.size != model.outcomes.size:
        raise DistributionError(f"The reference has {reference.values.size} "
                                f"probabilities for {model.outcomes.size} outcomes.")
    q = None
    if not model.leaks():  # (a leaking family's own placing would refuse, after work
        try:               # that follows the largest label)
            q, outside = placed(family_from_dict(model.spec(theta)), model.outcomes), 0.0
        except DistributionError:
            pass
    if q is None:  # mass on counts the outcomes lack
        log_q, outside = model.log_q(theta)
        q = np.exp(log_q)
    if outside > 0.0:
        q = np.append(q, outside)
        reference = TypedColumn(np.append(reference.values, 0.0),
                                np.append(reference.places, np.int16(0)),
                                reference.odd, reference.name) \
            if not isinstance(reference, PlacedColumn) else \
            reference_column(np.append(reference.values, 0.0), reference.name)
    column = PlacedColumn(q, np.zeros(q.size, dtype=np.int16), {}, "Q")
    c = compare_typed(reference, column, unit)
    forward = c.kl_pq
    if forward == math.inf:
        forward = _from_logs(model, reference, theta) / nats_per_unit(unit)
    return _clean(forward), _clean(c.kl_qp)


def _from_logs(model: FitModel, reference: TypedColumn, theta: float) -> float:
    """D(P‖Q_θ) = Σ p log(p/q) from log q, for a Q_θ whose doubles underflow to 0 where
    P has mass though log q is finite (Poisson(20000) at count 0: log q = −20000): Q_θ
    does not rule the outcome out, so D is finite, but no column of doubles holds it
    (a family column of it would say ∞). ∞ where q is 0 indeed."""
    log_q, _ = model.log_q(theta)
    w = reference.weights()[:log_q.size]
    pos = w > 0
    if not np.all(np.isfinite(log_q[pos])):
        return math.inf
    p = w[pos] / math.fsum(w[pos].tolist())
    return math.fsum((p * (np.log(p) - log_q[pos])).tolist())


def _clean(value: float) -> float:
    """+0.0 for a zero (never -0.0)."""
    return value + 0.0
