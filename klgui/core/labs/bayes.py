"""Prior against posterior: the information an observation gains, in bits.

The outcomes are hypotheses h, the reference column is the prior π(h), and a likelihood
column gives ℓ(h) = P(observation | h) for one named observation (each in [0, 1]; the
column need not sum to 1: a coin's "heads" has likelihood θ under hypothesis θ).
Bayes' rule gives the posterior π'(h) = π(h)·ℓ(h)/m with m = Σ π·ℓ, the probability of
the observation before it is made.

The information gained is D(π'‖π) (Lindley, "On a measure of the information provided
by an experiment", 1956): how far the observation moved belief, in bits. Before
observing, the expected gain over the possible results r is Σ_r m_r·D(π'_r‖π), the
mutual information I(H; R) between hypothesis and result (Cover & Thomas, §2.4). For a
binary observation the results are "it happened" (likelihood ℓ) and "it did not"
(1 − ℓ). Observations in a row update one after another: each step's gain is
D(after‖before), and D(now‖prior) is the gain so far (step gains need not add up to it).
The belief after several steps is the prior times every likelihood so far, rounded once
(:func:`klgui.core.labs.posterior.posteriors_in_turn`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from klgui.core.errors import Cancelled, DistributionError, describe_outcome
from klgui.core.labs.common import probabilities
from klgui.core.labs.posterior import complement as complement_of
from klgui.core.labs.posterior import (exact_beliefs, exact_prior, exact_step, posterior_of,
                                       posteriors_in_turn, typed_column, typed_prior)
from klgui.core.numerics.divergence import compare
from klgui.core.numerics.precise import PRECISE_MAX, kl_precise

__all__ = ["Update", "update", "likelihood_column", "BinaryGains", "binary_gains",
           "expected_gain", "Step", "Observation", "update_steps", "belief_after",
           "EXACT_GAIN_BITS"]

#: Bits of exact beliefs (numerators and denominators, summed over the steps) up to
#: which :func:`update_steps` computes the gains exactly: about 0.3 s of exact work
#: at most, the slowest step about 25 ms.
EXACT_GAIN_BITS = 3_000_000


def likelihood_column(values: Sequence[float] | np.ndarray,
                      labels: Sequence[str] | None = None) -> np.ndarray:
    """``values`` checked as likelihoods: finite, each in [0, 1], not all 0.

    Raises
    ------
    DistributionError
        Naming the first hypothesis whose likelihood is outside [0, 1] or not a number.
    """
    try:
        like = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise DistributionError("Likelihoods must be numbers in [0, 1].") from None
    if like.ndim != 1 or like.size == 0:
        raise DistributionError("Likelihoods: give one value per hypothesis.")
    bad = ~((like >= 0.0) & (like <= 1.0))
    if bad.any():
        i = int(np.argmax(bad))
        label = None if labels is None or i >= len(labels) else str(labels[i])
        raise DistributionError(
            f"Likelihood of {describe_outcome(i, label)} is {like[i]:g}; a likelihood "
            "P(observation | hypothesis) lies between 0 and 1.", index=i)
    like = like + 0.0  # -0.0 typed is 0.0: never a -0.0 shown
    like.flags.writeable = False
    return like


@dataclass(frozen=True, eq=False)
class Update:
    """One observation's effect on the belief.

    Attributes
    ----------
    prior, likelihood, posterior : ndarray, shape (n,)
    evidence : float
        m = Σ prior·likelihood: the probability the observation had beforehand.
    gain : float
        D(posterior‖prior) in ``unit``: the information gained (finite, ≥ 0).
    reverse : float
        D(prior‖posterior) in ``unit``; ``inf`` when the observation rules out a
        hypothesis the prior allowed.

    Up to ``PRECISE_MAX`` (32) hypotheses both divergences are correctly rounded, from
    the exact beliefs (:func:`klgui.core.numerics.precise.kl_precise`, about 1 ms);
    beyond, from the rounded posterior (within an ulp or so: the exact way costs 15–40
    ms a divergence at 256 hypotheses, three a step). In a row of observations, only
    while the exact beliefs stay within :func:`update_steps`' budget.
    unit : str
    """

    prior: np.ndarray
    likelihood: np.ndarray
    posterior: np.ndarray
    evidence: float
    gain: float
    reverse: float
    unit: str


def update(prior: Sequence[float] | np.ndarray, likelihood: Sequence[float] | np.ndarray,
           unit: str = "bits", labels: Sequence[str] | None = None, *,
           complement: bool = False, exact: Sequence[Fraction] | None = None,
           prior_exact: Sequence[Fraction] | None = None) -> Update:
    """Bayes' rule for one observation and the information it gains.

    The posterior and the evidence are correctly rounded
    (:func:`~klgui.core.labs.posterior.posterior_of`): 0.2·0.7/0.5 is 0.28, not
    0.27999999999999997. With ``complement`` the observation is the one that did not
    happen: its likelihood is 1 − ``likelihood``, formed exactly.

    Parameters
    ----------
    prior : sequence of float, shape (n,)
        Probabilities of the hypotheses (summing to 1).
    likelihood : sequence of float, shape (n,)
        P(observation | hypothesis), each in [0, 1].
    unit : {"bits", "nats", "hartleys"}
    labels : sequence of str, optional
        Hypothesis names for messages.
    exact : sequence of Fraction, shape (n,), optional
        The likelihoods as typed (1/3 for ``1/3``, :func:`klgui.core.parsing.
        parse_exact`; each the exact value of ``likelihood``'s double's source): the
        exact path uses them instead of the doubles' shortest decimals
        (:mod:`klgui.core.labs.posterior`).
    prior_exact : sequence of Fraction, shape (n,), optional
        The prior as typed (the reference column's exact values normalized: 1/6, 1/3,
        1/2 for the weights 1, 2, 3; ``prior`` holds their doubles): the exact path
        starts from it instead of the prior's shortest decimals
        (:func:`~klgui.core.labs.posterior.typed_prior` checks it).

    Raises
    ------
    DistributionError
        A bad prior or likelihood, unequal lengths, a ``prior_exact`` that is not the
        prior's, or an observation that every hypothesis the prior allows calls
        impossible (m = 0: nothing to update on).
    """
    prior = probabilities(prior, "Prior", labels)
    like = _column(likelihood, prior.size, labels)
    exact = typed_column(exact, like.size)
    prior_exact = typed_prior(prior_exact, prior)
    posterior, evidence = posterior_of(prior, like, complement, exact, prior_exact)
    beliefs = (exact_beliefs(prior, [(like, complement, exact)], prior_exact)
               if prior.size <= PRECISE_MAX else None)
    return _made(prior, like, complement, posterior, evidence, unit, beliefs, exact)



def _column(likelihood, n: int, labels: Sequence[str] | None) -> np.ndarray:
    like = likelihood_column(likelihood, labels)
    if like.size != n:
        raise DistributionError(f"{like.size} likelihoods for {n} hypotheses; "
                                "give one per hypothesis.")
    return like


def _made(prior: np.ndarray, like: np.ndarray, complement: bool, posterior: np.ndarray,
          evidence: float, unit: str, exact: Sequence[Sequence[Fraction]] | None = None,
          typed: Sequence[Fraction] | None = None) -> Update:
    """The Update from ``prior`` to ``posterior`` (computed by the caller); with
    ``complement`` its likelihood is 1 − ℓ correctly rounded (0.2 for ℓ = 0.8; of the
    likelihoods as ``typed`` when given). With ``exact`` (the beliefs before and after,
    exactly: posterior.exact_beliefs) both divergences are correctly rounded
    (precise.kl_precise); else from the doubles."""
    if not posterior.any():
        raise DistributionError("The observation has probability 0 under every hypothesis "
                                "the prior allows: there is nothing to update on.")
    if exact is not None:
        before, after = exact[-2], exact[-1]
        gain, reverse = kl_precise(after, before, unit), kl_precise(before, after, unit)
    else:
        c = compare(posterior, prior, unit)
        gain, reverse = c.kl_pq, c.kl_qp
    return Update(prior, complement_of(like, typed) if complement else like, posterior,
                  evidence, gain, reverse, unit)


def expected_gain(prior: Sequence[float] | np.ndarray,
                  likelihoods: Sequence[Sequence[float]] | np.ndarray,
                  unit: str = "bits") -> float:
    """The expected information gain of an observation with several results: Σ_r m_r ·
    D(posterior_r‖prior), which is the mutual information I(H; R).

    Parameters
    ----------
    prior : shape (n,)
    likelihoods : shape (results, n)
        P(result r | hypothesis h); each column (hypothesis) sums to 1.

    Raises
    ------
    DistributionError
        A column does not sum to 1 (within 1e-9), or a value outside [0, 1].
    """
    prior = probabilities(prior, "Prior")
    table = np.asarray(likelihoods, dtype=float)
    if table.ndim != 2 or table.shape[1] != prior.size:
        raise DistributionError(f"Likelihoods: give a row per result and {prior.size} "
                                "values (one per hypothesis) in each.")
    for row in table:
        likelihood_column(row)
    sums = table.sum(axis=0)
    if np.any(np.abs(sums - 1.0) > 1e-9):
        i = int(np.argmax(np.abs(sums - 1.0)))
        raise DistributionError(f"The results' likelihoods for {describe_outcome(i)} add up "
                                f"to {sums[i]:.10g}, not 1: one of the results must happen.")
    total = []
    for row in table:
        joint = prior * row
        m = math.fsum(joint.tolist())
        if m > 0.0:
            total.append(m * update(prior, row, unit).gain)
    return math.fsum(total)


@dataclass(frozen=True, eq=False)
class BinaryGains:
    """A yes/no observation before it is made.

    Attributes
    ----------
    happened, did_not : Update or None
        The update for each result; None for a result with probability 0.
    probability : float
        P(it happens) = Σ prior·likelihood.
    expected : float
        The expected gain P·gain(yes) + (1 − P)·gain(no) = I(H; R), in ``unit``.
    """

    happened: Update | None
    did_not: Update | None
    probability: float
    expected: float


def binary_gains(prior: Sequence[float] | np.ndarray, likelihood: Sequence[float] | np.ndarray,
                 unit: str = "bits", labels: Sequence[str] | None = None, *,
                 exact: Sequence[Fraction] | None = None,
                 prior_exact: Sequence[Fraction] | None = None) -> BinaryGains:
    """Each result's gain and the expected gain of a yes/no observation (``exact``: the
    likelihoods as typed, ``prior_exact`` the prior as typed, as :func:`update` takes
    them).

    Raises
    ------
    DistributionError
        As :func:`update` for a bad prior or likelihood.
    """
    prior = probabilities(prior, "Prior", labels)
    like = likelihood_column(likelihood, labels)
    if like.size != prior.size:
        raise DistributionError(f"{like.size} likelihoods for {prior.size} hypotheses; "
                                "give one per hypothesis.")
    allowed = prior > 0.0  # a result can happen when a hypothesis the prior allows lets it
    yes = (update(prior, like, unit, labels, exact=exact, prior_exact=prior_exact)
           if (allowed & (like > 0.0)).any() else None)
    no = (update(prior, like, unit, labels, complement=True, exact=exact,
                 prior_exact=prior_exact)
          if (allowed & (like < 1.0)).any() else None)
    # each result's probability as its update has it (correctly rounded), one number
    yes_p = yes.evidence if yes else 0.0
    no_p = no.evidence if no else 0.0
    expected = math.fsum([yes_p * yes.gain if yes else 0.0, no_p * no.gain if no else 0.0])
    return BinaryGains(yes, no, min(max(yes_p, 0.0), 1.0), expected + 0.0)


@dataclass(frozen=True, eq=False)
class Step:
    """One observation in a row.

    Attributes
    ----------
    name : str
        What was observed ("heads").
    update : Update
        From the belief before this step to the one after it; ``update.gain`` is this
        step's gain.
    total_gain : float
        D(belief after this step‖the original prior), in the same unit (correctly
        rounded as the step's gain is: see :func:`update_steps`).
    """

    name: str
    update: Update
    total_gain: float

    @property
    def posterior(self) -> np.ndarray:
        return self.update.posterior


class Observation(NamedTuple):
    """One observation recorded in a row.

    Attributes
    ----------
    name : str
        What was observed ("heads", "not heads").
    likelihood : sequence of float, shape (n,)
        The likelihood column ℓ, each in [0, 1].
    complement : bool
        The observation is that ℓ's event did not happen: its likelihood is 1 − ℓ,
        formed exactly as :func:`update` does with ``complement`` (so the step is the
        "did not" result of :func:`binary_gains`, bit for bit; 1.0 − 0.7 in doubles is
        0.30000000000000004).
    exact : tuple of Fraction, length n, or None
        The likelihoods as typed (1/3 for ``1/3``), for the exact path; None: the
        doubles' shortest decimals.
    """

    name: str
    likelihood: Sequence[float] | np.ndarray
    complement: bool = False
    exact: tuple[Fraction, ...] | None = None


def update_steps(prior: Sequence[float] | np.ndarray,
                 observations: Sequence[Observation | tuple[str, Sequence[float] | np.ndarray]],
                 unit: str = "bits", labels: Sequence[str] | None = None, *,
                 cancelled: Callable[[], bool] | None = None,
                 prior_exact: Sequence[Fraction] | None = None) -> list[Step]:
    """Update ``prior`` by each observation in turn: an :class:`Observation`, or a
    (name, likelihood) pair (an observation that happened).

    Each belief is correctly rounded (:func:`~klgui.core.labs.posterior.posteriors_in_turn`).
    Each step's gain and reverse divergence and the gain so far are correctly rounded,
    from the exact beliefs (:func:`~klgui.core.numerics.precise.kl_precise`), up to
    ``PRECISE_MAX`` hypotheses and while the exact beliefs read so far hold at most
    ``EXACT_GAIN_BITS`` bits in all (the numerators' and denominators' bit lengths of
    each step's belief, summed over the steps): the exact numbers grow with each step,
    and with full-precision likelihoods (0.123456789…) 200 steps took 20 s. From the
    step that would pass the budget on, they are computed from the correctly rounded
    beliefs (within an ulp or so), as beyond ``PRECISE_MAX`` hypotheses. A coin's 11
    hypotheses and 300 steps, or 32 hypotheses with 3-digit likelihoods and 100 steps,
    stay within the budget.

    Parameters
    ----------
    prior : sequence of float, shape (n,)
    observations : sequence of Observation or (name, likelihood)
        Each likelihood of shape (n,), values in [0, 1].
    unit : {"bits", "nats", "hartleys"}
    labels : sequence of str, optional
        Hypothesis names for messages.
    cancelled : callable returning bool, optional
        Asked before each step; when it returns True the work stops.
    prior_exact : sequence of Fraction, shape (n,), optional
        The prior as typed, as :func:`update` takes it: the exact beliefs start from it.

    Raises
    ------
    DistributionError
        A bad likelihood, a ``prior_exact`` that is not the prior's, or an observation
        impossible under the belief reached before it (the message names the step).
    klgui.core.Cancelled
        ``cancelled`` returned True.
    """
    prior, names, columns = _checked(prior, observations, labels)
    prior_exact = typed_prior(prior_exact, prior)
    origin = exact_prior(prior, prior_exact) if prior.size <= PRECISE_MAX else None
    exact = origin
    spent = 0
    belief, steps = prior, []
    for number, (name, (like, complement, typed), (posterior, evidence)) in enumerate(
            zip(names, columns, posteriors_in_turn(prior, columns, prior_exact)), start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        pair = None
        if exact is not None:
            after = exact_step(exact, like, complement, typed)
            spent += _bits(after)
            if spent <= EXACT_GAIN_BITS:
                pair, exact = (exact, after), after
            else:
                exact = None  # from here on, from the rounded beliefs
        try:
            step = _made(belief, like, complement, posterior, evidence, unit, pair, typed)
        except DistributionError as e:
            raise DistributionError(f"Observation {number} ({name!r}): {e}") from None
        total = (compare(posterior, prior, unit).kl_pq if pair is None else
                 kl_precise(pair[1], origin, unit))
        steps.append(Step(name, step, total))
        belief = posterior
    return steps


def belief_after(prior: Sequence[float] | np.ndarray,
                 observations: Sequence[Observation | tuple[str, Sequence[float] | np.ndarray]],
                 labels: Sequence[str] | None = None, *,
                 prior_exact: Sequence[Fraction] | None = None) -> np.ndarray:
    """The belief after the observations in turn, as :func:`update_steps`' last
    posterior (shape (n,), read-only; ``prior`` itself, checked, when there are none),
    without the gains (``prior_exact``: the prior as typed, as there).

    Raises
    ------
    DistributionError
        As :func:`update_steps`.
    """
    prior, names, columns = _checked(prior, observations, labels)
    if not columns:
        return prior
    beliefs = posteriors_in_turn(prior, columns, typed_prior(prior_exact, prior))
    for number, (name, (posterior, _)) in enumerate(zip(names, beliefs), start=1):
        if not posterior.any():
            raise DistributionError(f"Observation {number} ({name!r}): The observation has "
                                    "probability 0 under every hypothesis the prior allows: "
                                    "there is nothing to update on.")
    return beliefs[-1][0]


def _checked(prior, observations, labels):
    """The prior checked, the observations' names and their (column, complement, typed)
    triples checked (the message names the step)."""
    prior = probabilities(prior, "Prior", labels)
    observed = [Observation(*o) for o in observations]
    columns = []
    for number, (name, likelihood, complement, typed) in enumerate(observed, start=1):
        try:
            columns.append((_column(likelihood, prior.size, labels), bool(complement),
                            typed_column(typed, prior.size)))
        except DistributionError as e:
            raise DistributionError(f"Observation {number} ({name!r}): {e}") from None
    return prior, [o.name for o in observed], columns


def _bits(belief: Sequence[Fraction]) -> int:
    """The size of an exact belief: its numerators' and denominators' bit lengths."""
    return sum(f.numerator.bit_length() + f.denominator.bit_length() for f in belief)
