"""One-parameter families for the fit lab: log q_θ over a column's outcomes, the mass
Q_θ puts outside them, and the score d log q_θ/dθ.

Which parameter is fitted (the others stay fixed):

=========  ======  ============================  ==================================
family     θ       fixed                         range of θ
=========  ======  ============================  ==================================
binomial   p       n                             (0, 1)
poisson    lam     the tail K of P's "≥ K"       (0, max(2·largest count, 10)]
geometric  p       the tail K of P's "≥ K"       (0, 1)
normal     mean    sd                            smallest … largest outcome ± 3·sd
zipf       s       N = the number of outcomes    [−3, 6]
=========  ======  ============================  ==================================

Without a "≥ K" outcome, Poisson and Geometric keep their whole infinite support: the
mass beyond the column's counts is Q's "outside" mass.

The base class is in :mod:`.fit_base`, the families over counts in :mod:`.fit_counts`,
the normal and Zipf in :mod:`.fit_finite`; :func:`fit_model` chooses and checks.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families.base import Outcomes
from klgui.core.families.counts import Binomial
from klgui.core.families.finite import Normal
from klgui.core.families.fit_base import FIT_PARAMETERS, FitModel
from klgui.core.families.fit_counts import _Binomial, _Geometric, _Poisson
from klgui.core.families.fit_finite import _Normal, _Zipf

__all__ = ["FitModel", "fit_model", "FIT_PARAMETERS"]


def fit_model(family: str, outcomes: Outcomes, **fixed: Any) -> FitModel:
    """The fit lab's model of ``family`` over ``outcomes`` (see the module's table).

    Parameters
    ----------
    family : {"binomial", "poisson", "geometric", "normal", "zipf"}
    outcomes : Outcomes
        The reference's outcomes (:func:`klgui.core.families.outcome_values`).
    **fixed
        ``n`` for binomial (default: the largest count), ``sd`` for normal (required).

    Raises
    ------
    DistributionError
        An unknown family, a bad fixed parameter (named), repeated outcome values.
    """
    if family not in FIT_PARAMETERS:
        raise DistributionError(f"The fit lab fits {', '.join(FIT_PARAMETERS)}, "
                                f"not {family!r}.")
    values = outcomes.values
    if np.unique(values).size != values.size:
        raise DistributionError("The fit lab needs distinct outcomes; the labels repeat a "
                                "number.")
    big = float(np.max(values)) if values.size else 1.0
    if family in ("binomial", "poisson", "geometric"):
        _check_counts(values, outcomes.tail, family)
    if family == "binomial":
        n = fixed.get("n")
        if n is None:
            n = max(1, int(math.floor(big)))
        Binomial(n, 0.5)  # checks n, naming it
        return _Binomial(family, outcomes, {"n": int(n)})
    if family == "poisson":
        top = outcomes.tail if outcomes.tail is not None else big
        return _Poisson(family, outcomes, {}, 0.0, max(2.0 * top, 10.0), (False, True))
    if family == "geometric":
        return _Geometric(family, outcomes, {})
    if family == "normal":
        sd = fixed.get("sd")
        if sd is None:
            raise DistributionError("'sd' of the normal family must be given: it stays "
                                    "fixed while the mean is fitted.")
        Normal(0.0, sd)  # checks sd, naming it
        lo, hi = float(np.min(values)), float(np.max(values))
        return _Normal(family, outcomes, {"sd": float(sd)}, lo - 3 * sd, hi + 3 * sd,
                       (True, True))
    return _Zipf(family, outcomes, {}, -3.0, 6.0, (True, True))


#: The largest count the fit lab's count families take: beyond 2^53, doubles no longer
#: tell neighbouring counts apart.
LARGEST_COUNT = 2.0 ** 53


def _check_counts(values: np.ndarray, tail: int | None, family: str) -> None:
    """Raise DistributionError, naming the outcome, when a count is beyond LARGEST_COUNT
    (a Binomial's n, a Poisson's λ range and the missing counts would follow it)."""
    big = values[np.isfinite(values) & (np.abs(values) > LARGEST_COUNT)]
    if tail is not None and tail > LARGEST_COUNT:
        big = np.append(big, float(tail))
    if big.size:
        raise DistributionError(
            f"The {family} family cannot be fitted to outcome {big.max():g}: counts above "
            f"2^53 (about 9.0e15) are beyond what doubles tell apart. Fit the normal or "
            f"Zipf family, or relabel the outcomes.")
