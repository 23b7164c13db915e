"""Set one outcome of a distribution to a probability; the others keep their proportions.

This is the arithmetic behind dragging a bar of the distributions chart (issue 21): the
person sets outcome ``i`` to probability ``x``, and every other outcome ``j`` becomes

    p'_j = w_j · (1 − x) / Σ_{k≠i} w_k,        p'_i = x,

where ``w`` are the entries as typed (weights, not necessarily summing to one). The
ratios between the other outcomes are unchanged and the column sums to one.

Edge cases, each a rule rather than an error:

- ``x = 1``: every other outcome becomes 0.
- ``x = 0``: the outcome becomes 0 and the others are the rest renormalized.
- The other outcomes have no weight at all (``Σ_{k≠i} w_k = 0``, e.g. a one-hot column
  whose hot bar is dragged down) and ``x < 1``: there are no proportions to keep, so
  the remaining ``1 − x`` is shared evenly among them (P = [1, 0, 0] dragged to 0.8
  gives [0.8, 0.1, 0.1]).
- One outcome only: its probability can only be 1, whatever ``x`` is.

:func:`reweighted` works on entries as typed with exact rational arithmetic and writes
the results as exact probability texts (what "Normalize entries" writes);
:func:`reweighted_probabilities` is its float twin for live previews during a drag.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from klgui.core.errors import DistributionError, WeightParseError, describe_outcome
from klgui.core.numerics.doubles import shortest_fraction
from klgui.core.formatting import _MAX_DECIMALS, _MAX_DENOMINATOR, probability_text
from klgui.core.parsing import parse_exact

__all__ = ["reweighted", "reweighted_fractions", "reweighted_probabilities", "exact_text",
           "exact_probability", "MAX_TEXT_DENOMINATOR"]

#: Largest denominator written as a fraction when no shorter exact text exists
#: (``763/3000``). Beyond it, the text is the nearest double (see :func:`exact_text`).
MAX_TEXT_DENOMINATOR = 10**12


def exact_probability(probability: str | Fraction | float, outcome: int = 0,
                      label: str | None = None, *, decimal_comma: bool = False) -> Fraction:
    """``probability`` as an exact fraction in [0, 1].

    Parameters
    ----------
    probability : str, Fraction or float
        A text is read as a typed entry (``"0.8"``, ``"4/5"``, ``"80%"``: see
        :func:`klgui.core.parsing.parse_exact`). A float is read as its shortest decimal
        text (``0.1`` is 1/10, not the double nearest to it), which is what the chart's
        drags and arrow keys emit.
    outcome, label : int, str or None
        The outcome being set (0-based), named in error messages.
    decimal_comma : bool
        A text was typed with a decimal comma (``0,8``).

    Raises
    ------
    DistributionError
        When the value is not a number in [0, 1] (NaN, infinite, negative, above 1, or a
        text that is not a number), naming the outcome.
    """
    where = describe_outcome(outcome, label)
    try:
        if isinstance(probability, Fraction):
            value = probability
        elif isinstance(probability, str):
            value = parse_exact(probability, decimal_comma=decimal_comma)
        elif isinstance(probability, (float, int, np.floating, np.integer)):
            if not math.isfinite(float(probability)):
                raise DistributionError(
                    f"{where}: a probability must be a number from 0 to 1, not {probability}",
                    index=outcome)
            value = shortest_fraction(probability)
        else:
            raise DistributionError(
                f"{where}: a probability must be a number, not {type(probability).__name__}",
                index=outcome)
    except WeightParseError as e:
        raise DistributionError(f"{where}: {e}", index=outcome) from None
    if not 0 <= value <= 1:
        raise DistributionError(
            f"{where}: a probability must be from 0 to 1; {probability} is "
            f"{'below 0' if value < 0 else 'above 1'}", index=outcome)
    return value


def reweighted_fractions(weights: Sequence[Fraction], outcome: int,
                         probability: Fraction) -> list[Fraction]:
    """The exact probabilities after setting ``outcome`` to ``probability``.

    Parameters
    ----------
    weights : sequence of Fraction, length n ≥ 1
        Non-negative weights (any total, 0 included).
    outcome : int
        0-based index of the outcome to set.
    probability : Fraction
        Its new probability, in [0, 1].

    Returns
    -------
    list of Fraction, length n
        Non-negative, summing to exactly 1, with ``result[outcome] == probability``
        (except with one outcome, whose probability is 1) and the others in the
        proportions of ``weights`` (shared evenly when they all weigh 0). See the module
        notes for the rule.

    Raises
    ------
    DistributionError
        When ``outcome`` is not an outcome, ``weights`` is empty, or a weight is
        negative, or ``probability`` is outside [0, 1].
    """
    n = len(weights)
    if n == 0:
        raise DistributionError("There are no outcomes to set a probability for.")
    if not 0 <= outcome < n:
        raise DistributionError(
            f"There is no {describe_outcome(outcome)}: the distribution has {n} outcomes.",
            index=outcome)
    if not 0 <= probability <= 1:
        raise DistributionError(f"{describe_outcome(outcome)}: a probability must be from "
                                f"0 to 1, not {probability}", index=outcome)
    for j, w in enumerate(weights):
        if w < 0:
            raise DistributionError(f"{describe_outcome(j)}: the weight {w} is negative",
                                    index=j)
    if n == 1:
        return [Fraction(1)]
    rest = Fraction(1) - probability
    others = sum((w for j, w in enumerate(weights) if j != outcome), Fraction(0))
    if others == 0:
        share = rest / (n - 1)
        out = [share] * n
    else:
        scale = rest / others
        out = [w * scale for w in weights]
    out[outcome] = probability
    return out


def exact_text(value: Fraction) -> str:
    """A text that reads back (with :func:`~klgui.core.parsing.parse_exact`) as exactly
    ``value`` when one is short enough: :func:`~klgui.core.formatting.probability_text`'s
    (``0.25``, ``1/6``), else ``num/den`` with a denominator up to
    ``MAX_TEXT_DENOMINATOR`` (``763/3000``). Beyond that, the shortest text of the nearest
    double: the only case that is not exact (relative error below 1.2e-16)."""
    if _written_exactly(value):
        return probability_text(value)
    if value.denominator <= MAX_TEXT_DENOMINATOR:
        return f"{value.numerator}/{value.denominator}"
    return probability_text(value)


def _written_exactly(value: Fraction) -> bool:
    """Whether probability_text writes ``value`` exactly: as a fraction with a small
    denominator or a short terminating decimal (the tests read every text back)."""
    den = value.denominator
    if den <= _MAX_DENOMINATOR:
        return True
    twos = (den & -den).bit_length() - 1
    rest = den >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    return rest == 1 and max(twos, fives) <= _MAX_DECIMALS


def reweighted(entries: Sequence[str], outcome: int, probability: str | Fraction | float, *,
               decimal_comma: bool = False, labels: Sequence[str] | None = None) -> list[str]:
    """Entries as typed → the column's new entries after setting one outcome.

    Parameters
    ----------
    entries : sequence of str, length n ≥ 1
        The column's entries as typed (``"1"``, ``"0.8"``, ``"4/5"``, ``"80%"``, ...),
        read exactly with :func:`klgui.core.parsing.parse_exact`.
    outcome : int
        0-based index of the outcome to set.
    probability : str, Fraction or float
        Its new probability in [0, 1] (see :func:`exact_probability`; a float is read as
        its shortest decimal, so the chart's 0.237 is 237/1000).
    decimal_comma : bool
        The entries (and a text ``probability``) were typed with a decimal comma.
    labels : sequence of str, optional
        Outcome labels, to name the outcome in error messages.

    Returns
    -------
    list of str, length n
        Every entry rewritten as its exact probability (:func:`exact_text`): the
        probabilities of :func:`reweighted_fractions`, so they sum to exactly 1, the
        other outcomes keep their proportions, and no entry is left as a raw weight.

    Raises
    ------
    WeightParseError
        When an entry is not a weight; its ``index`` is the entry's position.
    DistributionError
        When ``outcome`` or ``probability`` is not usable (see
        :func:`reweighted_fractions`).
    """
    label = labels[outcome] if labels is not None and 0 <= outcome < len(labels) else None
    value = exact_probability(probability, outcome, label, decimal_comma=decimal_comma)
    weights = []
    for j, text in enumerate(entries):
        try:
            weights.append(parse_exact(text, decimal_comma=decimal_comma))
        except WeightParseError as e:
            e.index = j
            raise
    return [exact_text(p) for p in reweighted_fractions(weights, outcome, value)]


def reweighted_probabilities(probabilities: np.ndarray, outcome: int,
                             probability: float) -> np.ndarray:
    """The float twin of :func:`reweighted_fractions`, for previews while dragging.

    Parameters
    ----------
    probabilities : (n,) float64 array, n ≥ 1
        Non-negative weights (usually probabilities; any total).
    outcome : int
        0-based index of the outcome to set.
    probability : float
        Its new probability, clamped to [0, 1] (NaN is refused).

    Returns
    -------
    (n,) float64 array
        A new array, same rule as :func:`reweighted_fractions`; it sums to 1 up to
        rounding (a few ulps). The sum of the others is formed directly, never as
        ``1 − p_i``, so a bar near 1 keeps its neighbours' proportions.

    Raises
    ------
    DistributionError
        When ``outcome`` is not an outcome, ``probability`` is NaN, or a weight is
        negative or not finite.
    """
    p = np.array(probabilities, dtype=np.float64).reshape(-1)
    n = p.size
    if not 0 <= outcome < n:
        raise DistributionError(
            f"There is no {describe_outcome(outcome)}: the distribution has {n} outcomes.",
            index=outcome)
    if math.isnan(probability):
        raise DistributionError(f"{describe_outcome(outcome)}: the probability is not a number",
                                index=outcome)
    bad = np.flatnonzero(~(np.isfinite(p) & (p >= 0)))
    if bad.size:
        j = int(bad[0])
        raise DistributionError(f"{describe_outcome(j)}: the weight {p[j]} is not a finite "
                                "number ≥ 0", index=j)
    if n == 1:
        return np.ones(1)
    x = min(max(float(probability), 0.0), 1.0)
    p[outcome] = 0.0
    top = float(p.max())
    if top > 1e300:  # weights near the double limit: scale them so their sum is finite
        p /= top
    others = float(np.add.reduce(p))
    if others > 0:
        p /= others  # then scale: (1 - x) / others may overflow when others is subnormal
        p *= 1.0 - x
    else:
        p[:] = (1.0 - x) / (n - 1)
    p[outcome] = x
    return p
