"""What every family shares: outcomes read as numbers, the tail outcome, checked parameters.

A family is a frozen spec (its name and parameters, nothing else); its probabilities are
computed on demand for a column's outcomes. Outcomes are the numeric labels when every
label is a number, else the positions 0, 1, 2, … (``outcome_values``). A family with
infinite support keeps a tail ``K``: outcomes 0…K−1 and a last outcome labelled "≥ K"
holding P(X ≥ K), so no mass is lost.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, TypeVar

import numpy as np

from klgui.core.errors import DistributionError, describe_outcome
from klgui.core.parsing import COMMA_NUMBER, comma_may_group

__all__ = ["Family", "Outcomes", "outcome_values", "label_numbers", "label_number",
           "labels_unread", "tail_label",
           "number", "integer", "TINY", "LOG_TINY", "TINY_SAID"]

#: Parameters as people write them.
SYMBOLS = {"lam": "λ", "mean": "μ", "sd": "σ", "tail": "K", "temperature": "T"}
T = TypeVar("T")
#: The smallest normal double (``sys.float_info.min``): a probability below it would be
#: written as 0 (a false ∞ in a divergence) or as a subnormal with fewer bits.
TINY = 2.2250738585072014e-308
#: Its logarithm, about −708.4.
LOG_TINY = math.log(TINY)
#: How a refusal names TINY: the claim "below TINY" is exact, the number rounded (a
#: probability of 1.1e-308 is refused too, so "below 1e-308" would not be true).
TINY_SAID = "the smallest normal double, about 2.2e-308"
_TAIL = re.compile(r"^\s*(?:≥|>=)\s*(\d+)\s*$")


def tail_label(k: int) -> str:
    """The label of the outcome that holds P(X ≥ k): ``"≥ k"``."""
    return f"≥ {k}"


@dataclass(frozen=True)
class Outcomes:
    """Outcomes as the families read them.

    Attributes
    ----------
    values : ndarray, shape (n,)
        Each outcome's number; the tail outcome's value is ``tail``.
    labels : tuple of str
        The labels, as the table shows them.
    tail : int or None
        ``K`` when the last outcome is "≥ K".
    numeric : bool
        False when the labels were not numbers and ``values`` are positions.
    """

    values: np.ndarray
    labels: tuple[str, ...]
    tail: int | None = None
    numeric: bool = True

    @property
    def size(self) -> int:
        return int(self.values.size)

    @property
    def whole_numbers(self) -> list[int] | None:
        """The outcomes' numbers when every label is a whole number (``0``, ``12``,
        ``−3``; no "≥ K"), else None."""
        if not self.numeric or self.tail is not None or \
                not np.array_equal(self.values, np.round(self.values)):
            return None
        return [int(v) for v in self.values.tolist()]

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, worked out once for these outcomes (they never change; a slider
        moves a family over the same outcomes at every step, so their sorting and a
        Normal's bin edges are not redone each time). Two threads asking at once may
        each make it; either result is the same."""
        known = self.__dict__.get("_memo")
        if known is None:
            known = {}
            object.__setattr__(self, "_memo", known)
        if key not in known:
            made = make()
            for a in made if isinstance(made, tuple) else (made,):
                if isinstance(a, np.ndarray):
                    a.flags.writeable = False  # shared by every later caller
            known[key] = made
        return known[key]

    def sorted(self) -> tuple[np.ndarray, np.ndarray]:
        """``(order, values[order])``: the outcomes in increasing order (stable)."""
        def make() -> tuple[np.ndarray, np.ndarray]:
            order = np.argsort(self.values, kind="stable")
            return order, self.values[order]
        return self.memo("sorted", make)

    @property
    def distinct(self) -> bool:
        """No two outcomes have the same value."""
        def make() -> bool:
            v = self.sorted()[1]
            return bool((v[1:] != v[:-1]).all())
        return self.memo("distinct", make)


def label_number(label: str, decimal_comma: bool = False) -> float | None:
    """One label's number: a finite ``float()`` reading of it (U+2212 minus allowed), or
    with ``decimal_comma`` the label read with a comma as its decimal mark (``0,5`` is
    0.5; a label without a comma reads alike both ways; ``1,`` is none, as a weight or
    a logit so written is none: klgui.core.parsing.COMMA_NUMBER); None when it is not
    one."""
    text = label.strip().replace("\u2212", "-")
    if decimal_comma:
        if not COMMA_NUMBER.match(text):
            return None
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def label_numbers(labels: Sequence[str]) -> np.ndarray | None:
    """The labels' numbers, read with the decimal mark they show, or None.

    The one reading of labels as numbers (families, the fit lab, new outcomes' labels,
    matching outcomes when a family replaces them). Every label a dot number
    (``0.5``, ``1e3``, ``3``): those. Otherwise, every label a decimal-comma number and
    at least one comma not a thousands separator as well (``0,5``, ``2,25``; labels
    ``1,000`` and ``2,500`` alone could be thousands): those. Otherwise None.

    Parameters
    ----------
    labels : sequence of str, length n

    Returns
    -------
    ndarray, shape (n,), float64, or None
    """
    texts = labels if isinstance(labels, tuple) else tuple(str(x) for x in labels)
    if texts and label_number(texts[0]) is not None:
        try:  # the common case at once: every label a dot number (numpy reads as float())
            values = np.array(texts, dtype=np.float64)
            if np.isfinite(values).all():
                return values
        except ValueError:
            pass
    for decimal_comma in (False, True):
        values = []
        for text in texts:  # (stops at the first label that is not a number)
            if (v := label_number(text, decimal_comma)) is None:
                break
            values.append(v)
        else:
            break
    else:
        return None
    if not decimal_comma:
        return np.array(values, dtype=np.float64)
    if all(comma_may_group(t) for t in texts if "," in t):
        return None  # 1,000 and 2,500: a thousand or one? Nothing says which
    return np.array(values, dtype=np.float64)


def labels_unread(labels: Sequence[str]) -> tuple[str, str] | None:
    """Why :func:`outcome_values` reads ``labels`` by position, not as numbers: the
    label that the column's one reading (:func:`label_numbers`, after a last label
    "≥ K") stumbles on and what is wrong with it; None when they are read as numbers.

    Returns
    -------
    (str, str) or None
        The label as given and the rest of a sentence about it: ``"is not a number"``
        (``three``); ``"could be 1000 (a comma between thousands) or 1.000 (a decimal
        comma)"`` when every label reads with a decimal comma but each comma may as well
        separate thousands (``1,000``); or that it has a decimal comma where another
        label has a dot (``0,5`` beside ``0.25``).
    """
    texts = tuple(str(x) for x in labels)
    body = texts[:-1] if texts and _TAIL.match(texts[-1]) else texts
    if not body or label_numbers(body) is not None:
        return None
    for t in body:
        if label_number(t) is None and label_number(t, True) is None:
            return t, "is not a number"
    dot = next(t for t in body if label_number(t) is None)  # reads with a decimal comma
    other = next((t for t in body if label_number(t, True) is None), None)
    if other is None:  # every comma may separate thousands
        grouped = next(t for t in body if "," in t)
        plain = grouped.strip().replace("\u2212", "-")
        return grouped, (f"could be {plain.replace(',', '')} (a comma between thousands) "
                         f"or {plain.replace(',', '.')} (a decimal comma)")
    return dot, (f"has a decimal comma where {other!r} has a dot (a column's labels are "
                 "read with one decimal mark)")


def outcome_values(labels: Sequence[str]) -> Outcomes:
    """Read a column's labels as the families do.

    Every label a finite number, read with the decimal mark the labels show
    (:func:`label_numbers`: ``0.5`` or ``0,5``), with an optional last label "≥ K" (or
    ">= K"): those numbers. Otherwise the positions 0, 1, 2, ….
    """
    labels = tuple(str(x) for x in labels)
    if not labels:
        raise DistributionError("A family needs at least one outcome.")
    tail = None
    body = labels
    m = _TAIL.match(labels[-1])
    if m:
        tail, body = int(m.group(1)), labels[:-1]
    values = label_numbers(body)
    if values is None:
        return Outcomes(np.arange(len(labels), dtype=np.float64), labels, None, False)
    if tail is not None:
        values = np.append(values, float(tail))
    return Outcomes(values, labels, tail, True)


def number(d: Mapping[str, Any], key: str, family: str) -> float:
    """``d[key]`` as a finite float, or a DistributionError naming the key."""
    if key not in d:
        raise DistributionError(f"The {family} family needs '{key}'.")
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise DistributionError(f"'{key}' of the {family} family must be a number, "
                                f"not {v!r}.")
    try:
        v = float(v)
    except OverflowError:  # a whole number of hundreds of digits: beyond any double
        raise DistributionError(f"'{key}' of the {family} family must be finite, not a "
                                "whole number beyond the double range.") from None
    if not math.isfinite(v):
        raise DistributionError(f"'{key}' of the {family} family must be finite, not {v}.")
    return v


def integer(d: Mapping[str, Any], key: str, family: str) -> int:
    """``d[key]`` as an int (``10`` or ``10.0``), or a DistributionError naming the key."""
    v = number(d, key, family)
    if v != int(v):
        raise DistributionError(f"'{key}' of the {family} family must be a whole number, "
                                f"not {v:g}.")
    return int(v)


class Family(ABC):
    """A parametric distribution over a column's outcomes (frozen dataclass subclasses).

    Subclasses define ``name``, ``parameters`` (the session keys, in order), checks in
    ``__post_init__`` raising DistributionError (a ValueError) that names the parameter,
    ``support`` and ``probabilities``.
    """

    name: ClassVar[str]
    parameters: ClassVar[tuple[str, ...]]
    #: Parameters that may be left out of a session (their default is used).
    optional: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def support(self, n_outcomes: int | None = None) -> Outcomes:
        """The outcomes this family needs (for Uniform and Zipf, ``n_outcomes`` of them)."""

    def support_labels(self, n_outcomes: int | None = None) -> tuple[str, ...]:
        """The labels of :meth:`support`."""
        return self.support(n_outcomes).labels

    def probabilities(self, outcomes: Outcomes | None = None) -> np.ndarray:
        """Probabilities of ``outcomes`` (default: :meth:`support`), float64, summing to 1.

        Every probability the family gives an outcome is positive in truth (but for a
        point mass: Binomial with p = 0 or 1, Geometric with p = 1), so one below the
        smallest normal double (:data:`TINY`, about 2.2e-308), which the table would
        hold as 0 (a false ∞ in a divergence) or as a subnormal with few bits, is
        refused. Outcomes the family does not use (beyond n, outside the support) get
        an exact 0.

        Raises
        ------
        DistributionError
            The outcomes lack some outcome the family gives mass, or repeat one; or
            some probability is below TINY: the message names the outcome, its size
            and, where it is easy to say, the parameters that work (``index`` is the
            outcome's position when the column has it).
        """
        own, placed = self._masses(outcomes)
        if not self._normal(own):
            raise self._too_small(own, outcomes)
        return placed

    def _normal(self, own: np.ndarray) -> bool:
        """Whether the family's own probabilities ``own`` are all taken (none below
        TINY, or a point mass's true zeros)."""
        return not own.size or self.point_mass or bool(own.min() >= TINY)

    def _accepts(self, outcomes: Outcomes | None, **changes: Any) -> bool:
        """Whether :meth:`probabilities` of this family with ``changes`` (parameters by
        their session keys) would take them, without raising or asking for advice:
        the test a value advised in a refusal passes before it is shown."""
        try:
            other = replace(self, **changes)  # type: ignore[type-var]
            return other._normal(other._masses(outcomes)[0])
        except DistributionError:
            return False

    @abstractmethod
    def _masses(self, outcomes: Outcomes | None) -> tuple[np.ndarray, np.ndarray]:
        """``(own, placed)``: the probabilities of the family's own outcomes (each
        positive in truth unless :attr:`point_mass`), and the same placed on
        ``outcomes`` (``own`` itself when ``outcomes`` is None). Raises
        DistributionError when they cannot be placed."""

    @property
    def point_mass(self) -> bool:
        """True when all the mass is on one outcome, so the others' zeros are true."""
        return False

    def _own_outcome(self, i: int, outcomes: Outcomes | None) -> tuple[int | None, str | None]:
        """Where the family's own outcome ``i`` is: its position in ``outcomes`` (None
        when they lack it) and its label."""
        if outcomes is None:
            return i, None
        return i, outcomes.labels[i]

    def _log_own(self, i: int, outcomes: Outcomes | None) -> float | None:
        """log of the probability of own outcome ``i`` when the family can say it
        without underflow (None: only the double's own logarithm is known)."""
        return None

    def _works(self, outcomes: Outcomes | None) -> str:
        """The parameters that keep every probability a normal double, as a sentence,
        where that is easy to say ("" otherwise)."""
        return ""

    def _subject(self) -> str:
        """What gives the probability, at the head of a refusal."""
        return self.describe()

    def _too_small(self, own: np.ndarray, outcomes: Outcomes | None) -> DistributionError:
        """The refusal of a probability below TINY, naming its outcome and size."""
        i = int(np.argmin(own))
        index, label = self._own_outcome(i, outcomes)
        log_p = self._log_own(i, outcomes)
        if log_p is None and own[i] > 0.0:
            log_p = math.log(float(own[i]))  # a subnormal: its size, to a few bits
        power = log_p / math.log(10.0) if log_p is not None else -math.inf
        about = (f"of about 10^{power:.0f}, too small for the table's numbers (below "
                 f"{TINY_SAID})") if math.isfinite(power) else \
            f"too small for the table's numbers (far below {TINY_SAID})"
        where = describe_outcome(index, label) if index is not None else \
            f"the outcome {label!r}"
        advice = self._works(outcomes)
        return DistributionError(
            f"{self._subject()} gives {where} a probability {about}: written as 0, or "
            f"with too few digits, it would make a divergence ∞, or inexact, that is not."
            + (f" {advice}" if advice else ""), index=index)

    def describe(self) -> str:
        """The spec as a person reads it: ``Binomial(n = 10, p = 0.3)``, ``Poisson(λ = 2,
        K = 9)``."""
        parts = [f"{SYMBOLS.get(k, k)} = {_short(getattr(self, k))}" for k in self.parameters
                 if getattr(self, k) is not None]
        return f"{self.name.capitalize()}({', '.join(parts)})"

    def to_dict(self) -> dict[str, Any]:
        """The session's ``"family"`` object: ``{"name": "binomial", "n": 10, "p": 0.3}``."""
        d: dict[str, Any] = {"name": self.name}
        for k in self.parameters:
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Family:
        """Read :meth:`to_dict`'s object; DistributionError naming a bad or unknown key."""
        if not isinstance(d, Mapping):
            raise DistributionError(f"A {cls.name} family must be an object, not {d!r}.")
        unknown = [k for k in d if k != "name" and k not in cls.parameters]
        if unknown:
            raise DistributionError(f"The {cls.name} family has no parameter "
                                    f"'{unknown[0]}' (it takes "
                                    f"{', '.join(cls.parameters) or 'none'}).")
        return cls._read(d)

    @classmethod
    @abstractmethod
    def _read(cls, d: Mapping[str, Any]) -> Family:
        ...


def _short(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def check_distinct(outcomes: Outcomes, family: str) -> None:
    """Refuse repeated outcome values (a family's mass would be counted twice)."""
    if not outcomes.distinct:
        raise DistributionError(f"The {family} family needs distinct outcomes; "
                                f"the labels repeat a number.")
