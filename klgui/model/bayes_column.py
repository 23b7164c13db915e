"""The Bayes lab's likelihood column, apart from the work that holds it: its default
(a coin's θ, or ½), whether an observation can happen, how a hypothesis is named in
messages and undo steps, and a likelihood read from what a person typed. Qt-free."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from klgui.core.errors import DistributionError, WeightParseError
from klgui.core.labs.posterior import EXACT_MAX, posterior_of
from klgui.core.numerics.doubles import shortest_fraction
from klgui.core.parsing import parse_exact, parse_weight, parse_weights

__all__ = ["COIN_CHECK_MAX", "DEFAULT_NAMES", "default_likelihood", "observable",
           "hypothesis_name", "read_likelihood", "typed_likelihoods"]

#: Hypotheses up to which an undo step's text reads every label to tell a coin's θ.
COIN_CHECK_MAX = 100_000
#: The observation's name for hypotheses named by a coin's θ (True), and for any others.
DEFAULT_NAMES = {True: "heads", False: "the evidence"}


def default_likelihood(labels: Sequence[str], n: int) -> tuple[np.ndarray, bool]:
    """A coin's θ when every hypothesis is named by a number in [0, 1] (hypothesis θ
    gives "heads" likelihood θ), and True; otherwise ½ for every hypothesis, and False.
    ``n`` is the number of hypotheses; the result has shape (n,)."""
    try:
        values = np.array([parse_weight(str(x)) for x in labels], dtype=float)
    except (WeightParseError, ValueError):
        return np.full(n, 0.5), False
    if values.size == n and np.all((values >= 0) & (values <= 1)):
        return values, True
    return np.full(n, 0.5), False


def observable(belief: np.ndarray, likelihood: np.ndarray, happened: bool = True) -> bool:
    """Whether an observation of likelihood column ``likelihood`` (or, ``happened=False``,
    its opposite, 1 − ℓ formed exactly) can happen under ``belief`` (both shape (n,)):
    its evidence Σ belief·ℓ as the core's Bayes rule has it
    (core.labs.posterior.posterior_of) is above 0. False for columns of unequal length."""
    belief = np.asarray(belief, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if belief.shape != likelihood.shape or belief.ndim != 1:
        return False
    return posterior_of(belief, likelihood, not happened)[1] > 0.0


def hypothesis_name(row: int, labels: Sequence[str]) -> str:
    """How an undo step names hypothesis ``row``: "θ=0.3" when the hypotheses are a
    coin's θ (every label a number in [0, 1]; beyond ``COIN_CHECK_MAX`` hypotheses only
    this one's label is read), else its label in quotes ('disease A'), else
    "hypothesis 4" (1-based)."""
    label = str(labels[row]) if 0 <= row < len(labels) and labels[row] else ""
    if not label:
        return f"hypothesis {row + 1}"
    every = labels if len(labels) <= COIN_CHECK_MAX else [label]
    try:
        thetas = parse_weights([str(x) for x in every])
    except (WeightParseError, ValueError):
        thetas = None
    coin = thetas is not None and bool(np.all(thetas <= 1.0))
    return f"θ={label}" if coin else f"'{label}'"


def read_likelihood(row: int, typed: str, size: int, label: str | None = None,
                    decimal_comma: bool = False, *, named: bool = True) -> float:
    """The likelihood ``typed`` for hypothesis ``row`` of ``size`` (``decimal_comma``:
    the person's locale writes 0,5; ``label`` names the hypothesis in messages;
    ``named=False``: the messages say "the likelihood", for a caller that names the
    hypothesis itself, as a paste does with the line).

    Raises
    ------
    WeightParseError
        The text is not a number.
    DistributionError
        The number is above 1, or above 0 but below the smallest double (it would
        be 0.0, ruling the hypothesis out unasked). The message names the
        hypothesis by ``label``, else by its 1-based number (unless ``named`` is
        False), and quotes the text.
    IndexError
        There is no hypothesis ``row``.
    """
    if not 0 <= row < size:
        raise IndexError(f"there is no hypothesis {row + 1} (the lab has {size})")
    value = parse_weight(typed, decimal_comma=decimal_comma)
    subject = ("the likelihood" if not named else
               f"Likelihood of '{label}'" if label else f"Likelihood of hypothesis {row + 1}")
    shown = typed.strip()
    if value > 1.0:
        if math.isfinite(value) and f"{value:g}" != shown:
            shown += f" ({value:g})"
        raise DistributionError(f"{subject} is {shown}; a likelihood lies "
                                "between 0 and 1.")
    if value == 0.0 and parse_exact(typed, decimal_comma=decimal_comma) != 0:
        raise DistributionError(
            f"{subject} is {shown}, below the smallest double (about "
            "5e-324): it would be 0 and rule the hypothesis out. Type 0 to rule it "
            "out, or a likelihood of at least 5e-324.")
    return value


def typed_likelihoods(texts: Sequence[str], values: Sequence[float] | np.ndarray
                      ) -> tuple[Fraction, ...] | None:
    """The likelihood column as typed, exactly, for the exact posterior
    (core.labs.posterior): one Fraction per hypothesis, a typed ``1/3`` the rational
    1/3 (the main table's exact weights read ``1/3`` so too), any other entry the
    shortest decimal of its double (``values``, shape (n,)), which is what it was
    typed as for entries of up to 15 significant digits. None when no entry's typed
    value differs from its double's shortest decimal (the core's own reading then), or
    beyond ``EXACT_MAX`` hypotheses (the exact path's limit).

    ``texts`` are as kept (a decimal comma where it was typed with one); a text is read
    as typed only when its value is the double it gave (within two ulps: ``1/3``
    read in doubles).
    """
    if len(texts) > EXACT_MAX or len(texts) != len(values):
        return None
    out, differs = [], False
    for text, value in zip(texts, np.asarray(values, dtype=float).tolist()):
        shortest = shortest_fraction(value)
        typed = _typed_value(str(text), value)
        if typed is not None and typed != shortest:
            differs = True
            out.append(typed)
        else:
            out.append(shortest)
    return tuple(out) if differs else None


def _typed_value(text: str, value: float) -> Fraction | None:
    """``text``'s exact value when it lies in [0, 1] and is ``value`` read in doubles
    (either decimal mark), else None."""
    for comma in (False, True):
        try:
            exact = parse_exact(text, decimal_comma=comma)
        except (WeightParseError, ValueError, ZeroDivisionError):
            continue
        if 0 <= exact <= 1 and abs(float(exact) - value) <= 2 * math.ulp(value):
            return exact
    return None
