"""The labs' computations as jobs for klgui.ui.result_worker.ResultWorker: Qt-free, each
holds the arrays it needs (never changed after it is made) and a ``token``, the number
the page gave it, so the page can tell its newest job's result from a stale one.

``run`` returns the result, or the DistributionError that says why the pair cannot be
shown (returned, not raised: the worker reports raised exceptions as bugs). Between
steps a job stops (raises Cancelled) when a newer one is waiting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from klgui.core import Cancelled
from klgui.core.errors import DistributionError
from klgui.core.labs.bayes import (BinaryGains, Observation, Step, binary_gains,
                                   likelihood_column, update_steps)
from klgui.core.labs.coding import BlockRow, CodingReport, block_coding, coding_report
from klgui.core.labs.common import probabilities
from klgui.core.labs.sampling import Sampler
from klgui.model.bayes_work import default_likelihood, observable
from klgui.model.typed_prior import TypedPrior

Check = Callable[[], bool] | None


def _stop_if(cancelled: Check) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()


@dataclass(frozen=True)
class SamplingJob:
    """A :class:`Sampler` for P and Q (its exact statistics are the costly part: finite
    sums over every outcome)."""

    token: int
    p: np.ndarray
    q: np.ndarray
    seed: int
    divergence: float | None = None  # D(P‖Q) in ``unit`` from the exact core
    unit: str = "nats"

    def run(self, cancelled: Check = None) -> Sampler | DistributionError:
        try:
            return Sampler(self.p, self.q, seed=self.seed, divergence=self.divergence,
                           unit=self.unit)
        except DistributionError as e:
            return e


@dataclass(frozen=True)
class CodingResult:
    report: CodingReport
    blocks: list[BlockRow]


@dataclass(frozen=True)
class CodingJob:
    """The Shannon and Huffman codes for Q on data from P, and block coding n = 1…8."""

    token: int
    p: np.ndarray
    q: np.ndarray

    def run(self, cancelled: Check = None) -> CodingResult | DistributionError:
        try:
            report = coding_report(self.p, self.q)
            _stop_if(cancelled)
            return CodingResult(report, block_coding(self.p, self.q))
        except DistributionError as e:
            return e


@dataclass(frozen=True)
class BayesResult:
    """What the Bayes page shows. ``likelihood`` is the default column (a coin's θ, or
    ½) when the job was asked to make one, else None; ``coin`` says which, and
    ``likelihood_texts`` are its values as the table shows them. ``gains`` is
    None when the observation cannot happen (``problem`` says why), ``steps`` holds the
    observations in a row (empty with a ``problem`` when one cannot happen).
    ``possible`` says whether the observation, and its opposite, can be observed next
    (model.bayes_work.observable, under the belief after the steps or the prior);
    ``next_gains`` is what the next observation would gain from the belief after the
    steps (None without steps: ``gains`` is that, from the prior)."""

    gains: BinaryGains | None
    steps: list[Step]
    problem: str = ""
    likelihood: np.ndarray | None = None
    coin: bool = False
    likelihood_texts: list[str] = field(default_factory=list)  # as shown, when made
    possible: tuple[bool, bool] = (False, False)
    next_gains: BinaryGains | None = None


@dataclass(frozen=True)
class BayesJob:
    """The update of the prior P by one observation (each result's gain and the expected
    gain) and by the observations in a row. With ``likelihood`` None the job first makes
    the default column for the hypotheses' labels (:func:`default_likelihood`) and the
    row of observations is taken as empty."""

    token: int
    prior: np.ndarray
    labels: Sequence[str]
    unit: str
    likelihood: np.ndarray | None
    observations: tuple[Observation, ...] = field(default=())
    #: The likelihoods as typed, exactly (BayesWork.typed_likelihood), or None.
    exact: tuple | None = None
    #: The reference as typed, whose doubles ``prior`` holds (Result.prior), or None:
    #: the prior's shortest decimals. Its Fractions are worked out here, off the GUI
    #: thread.
    typed_prior: TypedPrior | None = None

    def run(self, cancelled: Check = None) -> BayesResult | DistributionError:
        try:
            probabilities(self.prior, "P (the prior)", self.labels)
        except DistributionError as e:
            return e
        prior_exact = None if self.typed_prior is None else self.typed_prior.fractions
        made, coin, texts, observations = None, False, [], self.observations
        like, exact = self.likelihood, self.exact
        if like is None:
            made, coin = default_likelihood(self.labels, self.prior.size)
            texts = [f"{v:g}" for v in made.tolist()]
            like, observations, exact = made, (), None
            _stop_if(cancelled)
        problem = ""
        try:
            gains = binary_gains(self.prior, like, self.unit, self.labels, exact=exact,
                                 prior_exact=prior_exact)
        except DistributionError as e:
            gains, problem = None, str(e)
        _stop_if(cancelled)
        try:
            steps = update_steps(self.prior, list(observations), self.unit, self.labels,
                                 cancelled=cancelled, prior_exact=prior_exact)
        except DistributionError as e:
            steps, problem = [], problem or str(e)
        _stop_if(cancelled)
        belief = steps[-1].posterior if steps else self.prior  # steps failed: the prior
        try:
            column = likelihood_column(like, self.labels)
            possible = (observable(belief, column, True), observable(belief, column, False))
        except DistributionError:  # a column that is no likelihood: nothing to observe
            possible = (False, False)
        next_gains = None
        if steps and gains is not None:
            _stop_if(cancelled)
            try:
                next_gains = binary_gains(belief, like, self.unit, self.labels, exact=exact)
            except DistributionError:
                pass  # the box then says nothing about a next look
        return BayesResult(gains, steps, problem, made, coin, texts, possible, next_gains)
