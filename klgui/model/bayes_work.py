"""The Bayes lab's work as a value of the document: the observation's name, the likelihood
column (as typed and as doubles) and the observations recorded in a row. Qt-free.

A :class:`BayesWork` never changes: each operation returns a new one (or raises, naming
the problem, and nothing changes), so an undo step keeps the work before and after it.
The lab's figures are not part of the work: they are computed from it and the prior
(core.labs.bayes).

The work is for a number of hypotheses (its column's length). When the document's
outcomes become a different number, the work kept no longer fits: the lab shows a fresh
column for the new hypotheses (:meth:`BayesWork.following`), made as
:func:`default_likelihood` says, with no observations and the observation's name kept
(a default name follows the new hypotheses). A same number of outcomes renamed keeps
the work. The fresh column is not written into the document until the person acts on
it, so undoing the change of outcomes brings the work back as it was.

The column's default, naming and reading of a typed likelihood are in
:mod:`klgui.model.bayes_column`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np

from klgui.core.errors import DistributionError, WeightParseError
from klgui.core.labs.bayes import Observation, belief_after
from klgui.core.parsing import parse_weight
from klgui.core.teaching import labs_text
from klgui.model.bayes_column import (DEFAULT_NAMES, default_likelihood, hypothesis_name,
                                      observable, read_likelihood, typed_likelihoods)
from klgui.model.snapshot import BayesLab

# default_likelihood, hypothesis_name and observable live in bayes_column; they are
# named here too, where the lab and its edits have always found them.
__all__ = ["BayesWork", "DEFAULT_NAMES", "default_likelihood", "hypothesis_name",
           "observable"]


def _frozen(values) -> np.ndarray:
    """``values`` as a read-only float64 array (itself when it is one already)."""
    if isinstance(values, np.ndarray) and values.dtype == np.float64 \
            and not values.flags.writeable:
        return values
    out = np.array(values, dtype=float)
    out.flags.writeable = False
    return out


@dataclass(frozen=True, eq=False)
class BayesWork:
    """The Bayes lab's work.

    Attributes
    ----------
    observation : str
        The observation's name as typed ("heads"; :attr:`name` is what the lab says).
    texts : tuple of str, length n
        The likelihood column as typed, one per hypothesis.
    likelihood : ndarray, shape (n,)
        The same column as doubles (read-only), each in [0, 1] when typed in the lab.
    observations : tuple of Observation
        The observations recorded in a row, each with its likelihood column (read-only
        array, shape (n,)) and whether it is the complement 1 − ℓ.
    """

    observation: str
    texts: tuple[str, ...]
    likelihood: np.ndarray
    observations: tuple[Observation, ...] = ()

    def __post_init__(self) -> None:
        like = _frozen(self.likelihood)
        if like.ndim != 1 or like.size != len(self.texts):
            raise ValueError(f"{like.size} likelihoods for {len(self.texts)} texts")
        object.__setattr__(self, "likelihood", like)
        if not isinstance(self.texts, tuple):
            object.__setattr__(self, "texts", tuple(str(t) for t in self.texts))
        steps = []
        for step in self.observations:
            name, values, complement, exact = Observation(*step)
            like = _frozen(values)
            steps.append(step if isinstance(step, Observation) and like is values
                         and isinstance(complement, bool) else
                         Observation(str(name), like, bool(complement),
                                     None if exact is None else tuple(exact)))
        object.__setattr__(self, "observations", tuple(steps))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BayesWork):
            return NotImplemented
        return self.observation == other.observation and self.same_figures(other)

    __hash__ = None  # a value compared by content, holding arrays

    # -- made ------------------------------------------------------------------------
    @classmethod
    def fresh(cls, likelihood, coin: bool, name: str | None = None,
              texts: Sequence[str] | None = None) -> BayesWork:
        """A new column (``likelihood``, shape (n,); ``texts`` as shown, by default
        each value's ``%g``) with no observations. ``name`` is kept unless it is None or
        one of the default names: then it is the default for a coin's θ (``coin``) or
        for other hypotheses."""
        like = _frozen(likelihood)
        if name is None or name in DEFAULT_NAMES.values():
            name = DEFAULT_NAMES[bool(coin)]
        if texts is None:
            texts = [f"{v:g}" for v in like.tolist()]
        return cls(name, tuple(texts), like)

    @classmethod
    def default(cls, labels: Sequence[str], name: str | None = None) -> BayesWork:
        """The fresh work for hypotheses called ``labels`` (:func:`default_likelihood`)."""
        like, coin = default_likelihood(labels, len(labels))
        return cls.fresh(like, coin, name)

    @classmethod
    def from_lab(cls, lab: BayesLab) -> BayesWork:
        """The work a session saved (its likelihoods read as the file's numbers, a
        decimal dot; each step read as it was recorded: by its likelihoods as typed when
        the file keeps them, else by its doubles' shortest decimals). Raises
        WeightParseError for a likelihood that is not a number."""
        like = [parse_weight(t) for t in lab.likelihoods]
        return cls(lab.observation, tuple(lab.likelihoods), like, tuple(lab.steps))

    def to_lab(self) -> BayesLab:
        """The work as a session keeps it: each likelihood as typed when the file's
        reading (a decimal dot) gives the same double ("0,9" typed in a decimal-comma
        locale does not: it is written as 0.9), else the double's shortest decimal; each
        step with its likelihoods as typed, exactly (:attr:`Observation.exact`)."""
        texts = []
        for typed, value in zip(self.texts, self.likelihood.tolist()):
            try:
                same = parse_weight(typed) == value
            except WeightParseError:
                same = False
            texts.append(typed if same else repr(value))
        steps = tuple(Observation(name, tuple(like.tolist()), complement, exact)
                      for name, like, complement, exact in self.observations)
        return BayesLab(self.observation, tuple(texts), steps)

    # -- reading ---------------------------------------------------------------------
    @property
    def size(self) -> int:
        """The number of hypotheses the work is for."""
        return len(self.texts)

    @property
    def name(self) -> str:
        """The observation's name as the lab says it ("the observation" when blank)."""
        return self.observation.strip() or "the observation"

    @cached_property
    def typed_likelihood(self) -> tuple[Fraction, ...] | None:
        """The column as typed, exactly (a typed ``1/3`` the rational 1/3), for the
        exact posterior; None when the doubles' shortest decimals are the typed values
        (:func:`klgui.model.bayes_column.typed_likelihoods`)."""
        return typed_likelihoods(self.texts, self.likelihood)

    def fits(self, n: int) -> bool:
        return self.size == n

    def following(self, labels: Sequence[str]) -> BayesWork:
        """This work if it is for ``len(labels)`` hypotheses, else the fresh work for
        them (the name kept, see :meth:`fresh`)."""
        return self if self.fits(len(labels)) else BayesWork.default(labels, self.observation)

    def belief(self, prior: np.ndarray, labels: Sequence[str] | None = None) -> np.ndarray:
        """The belief the next observation updates: ``prior`` (shape (n,)) updated by
        the observations in turn (core.labs.bayes.belief_after: update_steps' last
        posterior, without its gains), or the prior itself when there are none or they
        cannot be followed (the lab says why)."""
        if not self.observations:
            return prior
        try:
            return belief_after(prior, self.observations, labels)
        except DistributionError:
            return prior

    def can_observe(self, belief: np.ndarray, happened: bool = True) -> bool:
        """Whether the observation (``happened``) or its opposite has a probability
        above 0 under ``belief`` (shape (n,)): :func:`observable`."""
        return observable(belief, self.likelihood, happened)

    # -- operations (each returns a new work) ----------------------------------------
    def with_likelihood(self, row: int, typed: str, label: str | None = None, *,
                        decimal_comma: bool = False) -> BayesWork:
        """P(observation | hypothesis ``row``) from text (``decimal_comma``: the
        person's locale writes 0,5). ``label`` names the hypothesis in messages.

        Raises
        ------
        WeightParseError, DistributionError, IndexError
            As :func:`klgui.model.bayes_column.read_likelihood`: not a number, above 1,
            below the smallest double but not 0, or no hypothesis ``row``.
        """
        return self.with_entry(row, typed.strip(),
                               self.read_likelihood(row, typed, label, decimal_comma))

    def read_likelihood(self, row: int, typed: str, label: str | None = None,
                        decimal_comma: bool = False, *, named: bool = True) -> float:
        """The likelihood ``typed`` for hypothesis ``row`` (see :meth:`with_likelihood`,
        whose errors it raises; ``named=False``: their messages leave the hypothesis
        for the caller to name), the work unchanged."""
        return read_likelihood(row, typed, self.size, label, decimal_comma, named=named)

    def with_entry(self, row: int, text: str, value: float) -> BayesWork:
        """Hypothesis ``row``'s likelihood set to ``text`` (as kept) and ``value``, both
        already checked (:meth:`with_likelihood` reads them; an undo step puts back the
        earlier ones); itself when they are those it holds."""
        if self.texts[row] == text and self.likelihood[row] == value:
            return self
        like = self.likelihood.copy()
        like[row] = value
        texts = list(self.texts)
        texts[row] = text
        return BayesWork(self.observation, tuple(texts), like, self.observations)

    def with_entries(self, row: int, texts: Sequence[str], values) -> BayesWork:
        """Hypotheses ``row``, ``row + 1``… given the likelihoods ``texts`` (as kept) and
        ``values`` (shape (len(texts),)), already checked (:meth:`read_likelihood`; a
        pasted column, and its undo step); itself when they are those it holds."""
        end = row + len(texts)
        if not 0 <= row <= end <= self.size or len(values) != len(texts):
            raise IndexError(f"hypotheses {row + 1} to {end} are not all in the lab "
                             f"(it has {self.size})")
        values = np.asarray(values, dtype=float)
        if tuple(self.texts[row:end]) == tuple(texts) and \
                np.array_equal(self.likelihood[row:end], values):
            return self
        like = self.likelihood.copy()
        like[row:end] = values
        return BayesWork(self.observation, self.texts[:row] + tuple(texts) + self.texts[end:],
                         like, self.observations)

    def with_likelihoods(self, values) -> BayesWork:
        """The whole column (one value per hypothesis; what they are is checked when
        the lab updates by them). Raises DistributionError for another length."""
        like = np.array(values, dtype=float)
        if like.ndim != 1 or like.size != self.size:
            raise DistributionError("Give one likelihood per hypothesis.")
        return BayesWork(self.observation, tuple(f"{v:g}" for v in like.tolist()), like,
                         self.observations)

    def named(self, observation: str) -> BayesWork:
        """The observation called ``observation`` (as typed)."""
        if observation == self.observation:
            return self
        return BayesWork(observation, self.texts, self.likelihood, self.observations)

    def observed(self, prior: np.ndarray, happened: bool = True,
                 belief: np.ndarray | None = None, labels: Sequence[str] | None = None,
                 *, possible: bool | None = None) -> BayesWork:
        """Record that the observation happened (or, ``happened=False``, did not: its
        likelihood is 1 − ℓ). ``belief`` is the belief it updates, if known (else from
        ``prior`` and the observations, :meth:`belief`); ``possible`` whether it can
        have happened, if the caller asked :func:`observable` already (the lab's job
        does, off the GUI thread: a million hypotheses take about half a second).

        Raises
        ------
        DistributionError
            The observation cannot have happened: every hypothesis the belief allows
            gives it likelihood 0 (the message says so and that nothing was recorded).
        """
        prior = np.asarray(prior, dtype=float)
        if prior.size != self.size:
            raise DistributionError(f"{self.size} likelihoods for {prior.size} hypotheses; "
                                    "give one per hypothesis.")
        said = self.name if happened else f"not {self.name}"
        if possible is None:
            possible = self.can_observe(self.belief(prior, labels) if belief is None
                                        else belief, happened)
        if not possible:
            raise DistributionError(labs_text.impossible_observation(said,
                                                                     len(self.observations)))
        step = Observation(said, self.likelihood, not happened, self.typed_likelihood)
        return BayesWork(self.observation, self.texts, self.likelihood,
                         self.observations + (step,))

    def without_last(self) -> BayesWork:
        """The last observation taken back (the same work when there is none)."""
        if not self.observations:
            return self
        return BayesWork(self.observation, self.texts, self.likelihood, self.observations[:-1])

    def cleared(self) -> BayesWork:
        """No observations (the same work when there are none)."""
        if not self.observations:
            return self
        return BayesWork(self.observation, self.texts, self.likelihood)

    def same_figures(self, other: BayesWork | None) -> bool:
        """Whether ``other`` updates the same way (the same column and observations;
        the name, which is in the words only, may differ)."""
        if other is None:
            return False
        if self.likelihood is other.likelihood and self.texts is other.texts and \
                all(a is b for a, b in zip(self.observations, other.observations)) and \
                len(self.observations) == len(other.observations):
            return True
        return (self.texts == other.texts
                and self.likelihood.tolist() == other.likelihood.tolist()
                and _steps(self.observations) == _steps(other.observations))


def _steps(observations: Sequence[Observation]) -> list:
    return [(name, like.tolist(), complement, exact)
            for name, like, complement, exact in observations]
