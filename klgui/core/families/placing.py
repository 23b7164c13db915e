"""A family placed on a table's outcomes, and its probabilities as the table's texts.

One place for what a document (filling a column) and a session reader (checking a saved
family column) both do, so a column's texts are the same whichever wrote them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from klgui.core.families.base import Family, Outcomes, outcome_values

__all__ = ["placed", "probability_texts"]


def placed(source: Family, labels: Sequence[str] | Outcomes) -> np.ndarray:
    """The probabilities ``source`` (a family or a Softmax) gives the outcomes named by
    ``labels`` (core.families.outcome_values reads them; or those Outcomes, read once
    for many placements).

    Returns
    -------
    ndarray, shape (len(labels),), float64, read-only
        Non-negative (never -0.0), summing to 1 up to rounding.

    Raises
    ------
    DistributionError
        The family cannot be placed on these outcomes (see Family.probabilities).
    """
    outcomes = labels if isinstance(labels, Outcomes) else outcome_values(labels)
    probs = np.asarray(source.probabilities(outcomes), dtype=np.float64)
    probs = np.where(probs > 0.0, probs, 0.0)
    probs.flags.writeable = False
    return probs


def probability_texts(probabilities: np.ndarray) -> list[str]:
    """Each probability as the shortest text that reads back to the same double
    (``0.24609375``, ``1.2e-05``); exact zeros as ``0``."""
    return [repr(v) if v else "0" for v in probabilities.tolist()]
