"""Bayes' rule π'(h) = π(h)·ℓ(h) / Σ π·ℓ, each posterior probability correctly rounded.

Prior and likelihoods reach the lab as doubles, read from what a person typed: 0.2 and
0.7 are the doubles nearest to 1/5 and 7/10. Multiplying and dividing those doubles
gives 0.27999999999999997 where the typed numbers give 0.28 exactly.

Up to ``EXACT_MAX`` hypotheses each double is read as the shortest decimal that rounds
to it (``repr``: the decimal typed, for entries of up to 15 significant digits, and for
a probability the core rounded from a typed ratio, the shortest decimal of that
probability) and the posterior is computed exactly in rationals and rounded once:
each product is an integer times a power of ten, all are brought to one power, and
each quotient is one ``int / int`` (correctly rounded in Python). A likelihood's
complement 1 − ℓ (the "did not happen" result) is formed exactly too.

Beyond ``EXACT_MAX`` hypotheses (the integers cost about 12 µs a hypothesis; the lab
updates five times per change) the doubles themselves are used, with error-free
transformations: each product π·ℓ is held exactly as a pair of doubles (Dekker's
two-product), their total m exactly (an integer over a power of two,
:mod:`klgui.core.numerics.binade_sum`) and then as a double-double, and each quotient
is formed in double-double (about 106 bits) before its one rounding: correctly rounded
for the doubles given but for quotients within about 2⁻¹⁰⁰ of a tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from klgui.core.numerics.binade_sum import as_double_double, exact_sum
from klgui.core.numerics.doubles import shortest_decimal, shortest_fraction
from klgui.core.numerics.exact import dd_ratio, two_product

__all__ = ["EXACT_MAX", "posterior_of", "posteriors_in_turn", "complement",
           "exact_beliefs", "exact_step"]

#: Hypotheses up to which the posterior is computed in rationals from shortest decimals.
EXACT_MAX = 256


def posterior_of(prior: np.ndarray, likelihood: np.ndarray, complement: bool = False
                 ) -> tuple[np.ndarray, float]:
    """The posterior π·ℓ/m and the evidence m = Σ π·ℓ, each correctly rounded.

    Parameters
    ----------
    prior : ndarray of float, shape (n,)
        The prior probabilities (checked, summing to 1).
    likelihood : ndarray of float, shape (n,)
        P(observation | h), each in [0, 1]; with ``complement`` the likelihood used is
        1 − ℓ, formed exactly.

    Returns
    -------
    posterior : ndarray, shape (n,)
        Read-only; all 0 when m = 0 (the caller refuses that case).
    evidence : float
    """
    if prior.size <= EXACT_MAX:
        return posteriors_in_turn(prior, [(likelihood, complement)])[0]
    return _error_free(prior, _complement(likelihood) if complement else likelihood)


def complement(likelihood: Sequence[float] | np.ndarray) -> np.ndarray:
    """1 − ℓ for each likelihood, as the posterior uses it, correctly rounded.

    Up to ``EXACT_MAX`` values each ℓ is read as its shortest decimal (as
    :func:`posterior_of` does), so 1 − 0.8 is 0.2, not 0.19999999999999996; beyond, the
    doubles' 1.0 − ℓ (exact for ℓ ≥ ½, rounded once below). Shape (n,), read-only.
    """
    like = np.asarray(likelihood, dtype=float)
    if like.size > EXACT_MAX:
        out = _complement(like)
    else:
        out = np.zeros(like.size)
        for i, b in enumerate(like.tolist()):
            m, e = _decimal(b, True)
            out[i] = m / 10 ** -e
    out = out + 0.0
    out.flags.writeable = False
    return out


def posteriors_in_turn(prior: np.ndarray, steps: Sequence[tuple[np.ndarray, bool]]
                       ) -> list[tuple[np.ndarray, float]]:
    """The belief after each of several observations in a row, each correctly rounded.

    Up to ``EXACT_MAX`` hypotheses the belief after k steps is π·ℓ₁⋯ℓₖ / Σ π·ℓ₁⋯ℓₖ
    computed from the prior and every likelihood so far in rationals (shortest decimals,
    a step with ``complement`` using 1 − ℓ exactly) and rounded once: not the
    previous step's rounded belief updated again, whose rounding errors add up (heads,
    heads, not heads from 0.2/0.5/0.3 gave 0.059645852749301016 for
    0.05964585274930102). Beyond, each step updates the one before (:func:`posterior_of`).

    Parameters
    ----------
    prior : ndarray of float, shape (n,)
        Checked, summing to 1.
    steps : sequence of (likelihood, complement)
        Each likelihood of shape (n,), values in [0, 1] (checked by the caller).

    Returns
    -------
    list of (posterior, evidence)
        For each step, the belief after it (read-only, shape (n,); all 0 once an
        observation has probability 0) and the probability the observation had given
        the steps before it, Σ belief·ℓ (the first step's as :func:`posterior_of`).
    """
    if prior.size > EXACT_MAX:
        out, belief = [], prior
        for like, comp in steps:
            belief, evidence = posterior_of(belief, like, comp)
            out.append((belief, evidence))
        return out
    pairs = [shortest_decimal(a) for a in prior.tolist()]
    mantissas = [m for m, _ in pairs]
    exponents = [e for _, e in pairs]
    before = (1, 0)  # the sum of the joint weights before the step, s·10^t
    out = []
    for like, comp in steps:
        for i, b in enumerate(np.asarray(like, dtype=float).tolist()):
            mb, eb = _decimal(b, comp)
            mantissas[i] *= mb
            exponents[i] += eb
        alive = [e for m, e in zip(mantissas, exponents) if m]
        least = min(alive) if alive else 0
        joint = [m * 10 ** (e - least) if m else 0 for m, e in zip(mantissas, exponents)]
        total = sum(joint)
        posterior = np.zeros(prior.size)
        if total:
            posterior[:] = [j / total if j else 0.0 for j in joint]
        posterior.flags.writeable = False
        out.append((posterior, _ratio(total, least, *before)))
        before = (total, least)
    return out


def exact_beliefs(prior: np.ndarray, steps: Sequence[tuple[np.ndarray, bool]]
                  ) -> list[list[Fraction]]:
    """The beliefs :func:`posteriors_in_turn` rounds, exactly, unnormalized: the prior's
    shortest decimals, then π·ℓ₁, π·ℓ₁ℓ₂, … (a step with ``complement`` using 1 − ℓ of
    the decimals). Length ``len(steps) + 1``, each of n Fractions. For the lab's
    correctly rounded gains (a few hypotheses: the rationals grow with each step)."""
    out = [[shortest_fraction(a) for a in prior.tolist()]]
    for like, comp in steps:
        out.append(exact_step(out[-1], like, comp))
    return out


def exact_step(belief: Sequence[Fraction], likelihood: Sequence[float] | np.ndarray,
               complement: bool = False) -> list[Fraction]:
    """One step of :func:`exact_beliefs`: each exact ``belief`` (n Fractions, unnormalized)
    times the shortest decimal of its likelihood (shape (n,)), or with ``complement``
    1 − that decimal. A list of n Fractions."""
    factors = []
    for b in np.asarray(likelihood, dtype=float).tolist():
        m, e = _decimal(b, complement)
        factors.append(Fraction(m, 10 ** -e))
    return [w * f for w, f in zip(belief, factors)]


def _decimal(x: float, complement: bool = False) -> tuple[int, int]:
    """The shortest decimal m·10^e of a likelihood ``x`` in [0, 1] as (m, e), e ≤ −1
    (0.0 is (0, −1), 1.0 is (10, −1)); with ``complement`` 1 − m·10^e at the same e."""
    m, e = shortest_decimal(x)
    if e > -1:  # not met for 0 ≤ x ≤ 1 (shortest_decimal writes 0 and 1 over 10)
        m, e = m * 10 ** (e + 1), -1
    return (10 ** -e - m if complement else m), e


def _ratio(s: int, t: int, u: int, v: int) -> float:
    """(s·10^t) / (u·10^v), correctly rounded (0.0 when s is 0, u > 0)."""
    if not s or not u:
        return 0.0
    d = t - v
    return (s * 10 ** d) / u if d >= 0 else s / (u * 10 ** -d)


def _complement(like: np.ndarray) -> np.ndarray:
    """1 − ℓ rounded once: exact for ℓ ≥ 1/2 (Sterbenz), and 1 − ℓ for ℓ < 1/2 is
    a double's subtraction, rounded once."""
    return 1.0 - like


def _error_free(prior: np.ndarray, like: np.ndarray) -> tuple[np.ndarray, float]:
    high, low = two_product(prior, like)  # π·ℓ = high + low exactly (above 2^-969)
    total, rest = as_double_double(*exact_sum(np.concatenate([high, low])))
    out = np.zeros(prior.size)
    if total > 0.0:
        q, q_low = dd_ratio((high, low), (total, rest))
        out = np.where(high == 0.0, 0.0, q + q_low) + 0.0
    out.flags.writeable = False
    return out, total
