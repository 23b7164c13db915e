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

A likelihood typed as a ratio (``1/3``) has no shortest decimal that is its value:
the callers then pass the likelihoods as typed (``exact``: one Fraction per hypothesis,
:func:`klgui.core.parsing.parse_exact`), and the exact path uses those rationals (1/3,
and 1 − 1/3 = 2/3 for the "did not happen" result) instead of the doubles' shortest
decimals (0.3333333333333333), as the main table's exact weights keep a typed 1/3.
The prior likewise (``prior_exact``: the reference column as typed, normalized, one
Fraction per hypothesis summing to 1): a reference typed as the weights 1, 2, 3 is the
prior 1/6, 1/3, 1/2, not the shortest decimals of its doubles (0.16666666666666666, …);
:func:`typed_prior` checks it and says when the doubles' shortest decimals are it
already (then the decimals' faster integer path serves).

Beyond ``EXACT_MAX`` hypotheses (the integers cost about 12 µs a hypothesis; the lab
updates five times per change) the doubles themselves are used, with error-free
transformations: each product π·ℓ is held exactly as a pair of doubles (Dekker's
two-product), their total m exactly (an integer over a power of two,
:mod:`klgui.core.numerics.binade_sum`) and then as a double-double, and each quotient
is formed in double-double (about 106 bits) before its one rounding: correctly rounded
for the doubles given but for quotients within about 2⁻¹⁰⁰ of a tie.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.numerics.binade_sum import as_double_double, exact_sum
from klgui.core.numerics.doubles import shortest_decimal, shortest_fraction
from klgui.core.numerics.exact import dd_ratio, two_product

__all__ = ["EXACT_MAX", "posterior_of", "posteriors_in_turn", "complement",
           "exact_beliefs", "exact_prior", "exact_step", "typed_column", "typed_prior"]

#: Hypotheses up to which the posterior is computed in rationals from shortest decimals.
EXACT_MAX = 256


#: The likelihoods as typed, exactly: one Fraction per hypothesis, or None (the
#: doubles' shortest decimals).
Exact = Sequence[Fraction] | None


def typed_column(exact: Sequence[Fraction] | None, n: int) -> list[Fraction] | None:
    """The likelihoods as typed (``exact``), checked: n Fractions in [0, 1]; None stays
    None.

    Raises
    ------
    DistributionError
        Another number of values, or one outside [0, 1].
    """
    if exact is None:
        return None
    out = [Fraction(f) for f in exact]
    if len(out) != n or not all(0 <= f <= 1 for f in out):
        raise DistributionError(f"The typed likelihoods: give {n}, each in [0, 1].")
    return out


def typed_prior(exact: Sequence[Fraction] | None, prior: np.ndarray
                ) -> list[Fraction] | None:
    """The prior as typed (``exact``: n Fractions, the reference column's exact values
    normalized), checked against its doubles ``prior`` (shape (n,)), for the exact
    path; None when ``exact`` is None, beyond ``EXACT_MAX`` hypotheses (the exact path's
    limit), or when every value is its double's shortest decimal already (0.2, 0.5,
    0.3 typed: the decimals' own path gives the same figures, faster).

    Raises
    ------
    DistributionError
        Another number of values, one below 0, a total other than exactly 1, or a value
        whose double is not the prior's (within 1e-9 relative: the figures' doubles of
        another column or smoothing than the one given).
    """
    if exact is None or prior.size > EXACT_MAX:
        return None
    out = [f if isinstance(f, Fraction) else Fraction(f) for f in exact]
    common = math.lcm(*(f.denominator for f in out))  # summed as integers: no gcd each
    if len(out) != prior.size or any(f < 0 for f in out) or \
            sum(f.numerator * (common // f.denominator) for f in out) != common:
        raise DistributionError(f"The prior as typed: give {prior.size} exact "
                                "probabilities, each at least 0, adding up to 1.")
    same = True
    for i, (f, p) in enumerate(zip(out, prior.tolist())):
        near = float(f)
        if abs(near - p) > 1e-9 * max(near, p):
            raise DistributionError(f"The prior as typed gives hypothesis {i + 1} the "
                                    f"probability {near!r}, not the prior's {p!r}.", index=i)
        same = same and f == shortest_fraction(p)
    return None if same else out


def posterior_of(prior: np.ndarray, likelihood: np.ndarray, complement: bool = False,
                 exact: Exact = None, prior_exact: Exact = None) -> tuple[np.ndarray, float]:
    """The posterior π·ℓ/m and the evidence m = Σ π·ℓ, each correctly rounded.

    Parameters
    ----------
    prior : ndarray of float, shape (n,)
        The prior probabilities (checked, summing to 1).
    likelihood : ndarray of float, shape (n,)
        P(observation | h), each in [0, 1]; with ``complement`` the likelihood used is
        1 − ℓ, formed exactly.
    exact : sequence of Fraction, length n, optional
        The likelihoods as typed (1/3 for a typed ``1/3``), used in place of the
        doubles' shortest decimals up to ``EXACT_MAX`` hypotheses.
    prior_exact : sequence of Fraction, length n, optional
        The prior as typed, summing to 1 (checked by :func:`typed_prior`), used in
        place of the prior's shortest decimals up to ``EXACT_MAX`` hypotheses.

    Returns
    -------
    posterior : ndarray, shape (n,)
        Read-only; all 0 when m = 0 (the caller refuses that case).
    evidence : float
    """
    if prior.size <= EXACT_MAX:
        return posteriors_in_turn(prior, [(likelihood, complement, exact)], prior_exact)[0]
    return _error_free(prior, _complement(likelihood) if complement else likelihood)


def complement(likelihood: Sequence[float] | np.ndarray, exact: Exact = None) -> np.ndarray:
    """1 − ℓ for each likelihood, as the posterior uses it, correctly rounded.

    Up to ``EXACT_MAX`` values each ℓ is read as its shortest decimal (as
    :func:`posterior_of` does), so 1 − 0.8 is 0.2, not 0.19999999999999996, or as typed
    (``exact``, one Fraction each: 1 − 1/3 is the double nearest 2/3); beyond, the
    doubles' 1.0 − ℓ (exact for ℓ ≥ ½, rounded once below). Shape (n,), read-only.
    """
    like = np.asarray(likelihood, dtype=float)
    if like.size > EXACT_MAX:
        out = _complement(like)
    elif exact is not None:
        out = np.array([float(1 - f) for f in exact], dtype=float)
    else:
        out = np.zeros(like.size)
        for i, b in enumerate(like.tolist()):
            m, e = _decimal(b, True)
            out[i] = m / 10 ** -e
    out = out + 0.0
    out.flags.writeable = False
    return out


def posteriors_in_turn(prior: np.ndarray, steps: Sequence[tuple], prior_exact: Exact = None
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
    steps : sequence of (likelihood, complement) or (likelihood, complement, exact)
        Each likelihood of shape (n,), values in [0, 1] (checked by the caller);
        ``exact``: the likelihoods as typed, n Fractions, or None (see
        :func:`posterior_of`).
    prior_exact : sequence of Fraction, length n, optional
        The prior as typed (see :func:`posterior_of`); the exact path then starts from
        it instead of the prior's shortest decimals.

    Returns
    -------
    list of (posterior, evidence)
        For each step, the belief after it (read-only, shape (n,); all 0 once an
        observation has probability 0) and the probability the observation had given
        the steps before it, Σ belief·ℓ (the first step's as :func:`posterior_of`).
    """
    steps = [(s[0], s[1], s[2] if len(s) > 2 else None) for s in steps]
    if prior.size > EXACT_MAX:
        out, belief = [], prior
        for like, comp, _ in steps:
            belief, evidence = posterior_of(belief, like, comp)
            out.append((belief, evidence))
        return out
    if prior_exact is not None or any(ex is not None for _, _, ex in steps):
        return _rational_turns(prior, steps, prior_exact)
    pairs = [shortest_decimal(a) for a in prior.tolist()]
    mantissas = [m for m, _ in pairs]
    exponents = [e for _, e in pairs]
    before = (1, 0)  # the sum of the joint weights before the step, s·10^t
    out = []
    for like, comp, _ in steps:
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


def exact_beliefs(prior: np.ndarray, steps: Sequence[tuple], prior_exact: Exact = None
                  ) -> list[list[Fraction]]:
    """The beliefs :func:`posteriors_in_turn` rounds, exactly, unnormalized: the prior's
    shortest decimals (or the prior as typed, ``prior_exact``), then π·ℓ₁, π·ℓ₁ℓ₂, … (a
    step with ``complement`` using 1 − ℓ of the decimals, or of the likelihoods as
    typed: steps as :func:`posteriors_in_turn` takes them). Length ``len(steps) + 1``,
    each of n Fractions. For the lab's correctly rounded gains (a few hypotheses: the
    rationals grow with each step)."""
    out = [exact_prior(prior, prior_exact)]
    for step in steps:
        out.append(exact_step(out[-1], *step))
    return out


def exact_step(belief: Sequence[Fraction], likelihood: Sequence[float] | np.ndarray,
               complement: bool = False, exact: Exact = None) -> list[Fraction]:
    """One step of :func:`exact_beliefs`: each exact ``belief`` (n Fractions, unnormalized)
    times the shortest decimal of its likelihood (shape (n,)), or its value as typed
    (``exact``, n Fractions), or with ``complement`` 1 − that. A list of n Fractions."""
    return [w * f for w, f in zip(belief, _factors(likelihood, complement, exact))]


def _factors(likelihood, complement: bool, exact: Exact) -> list[Fraction]:
    """The exact factors of one step: ℓ as typed (``exact``) or as its shortest decimal,
    or 1 − that with ``complement``."""
    return [Fraction(m, d) for m, d in _factor_pairs(likelihood, complement, exact)]


def _factor_pairs(likelihood, complement: bool, exact: Exact) -> list[tuple[int, int]]:
    """:func:`_factors` as (numerator, denominator) pairs of integers, not reduced (a
    decimal m·10^e is (m, 10^−e)): no gcd for each."""
    if exact is not None:
        pairs = [(f.numerator, f.denominator) for f in map(Fraction, exact)]
        return [(d - m, d) for m, d in pairs] if complement else pairs
    out = []
    for b in np.asarray(likelihood, dtype=float).tolist():
        m, e = _decimal(b, complement)
        out.append((m, 10 ** -e))
    return out


def exact_prior(prior: np.ndarray, prior_exact: Exact = None) -> list[Fraction]:
    """The prior the exact path starts from: ``prior_exact`` (as typed, n Fractions)
    when given, else each double's shortest decimal (0.2 is 1/5)."""
    if prior_exact is not None:
        return [Fraction(f) for f in prior_exact]
    return [shortest_fraction(a) for a in prior.tolist()]


def _rational_turns(prior: np.ndarray, steps: list[tuple], prior_exact: Exact = None
                    ) -> list[tuple[np.ndarray, float]]:
    """:func:`posteriors_in_turn` for steps with likelihoods as typed or a prior as
    typed: each belief and evidence an exact ratio rounded once. The rationals are held
    as integers over one common denominator (the prior's, times each step's), so a step
    is n integer products and one integer sum, and each quotient one ``int / int``
    (correctly rounded in Python): Fractions' gcd at every product and sum took about
    three times as long at 256 hypotheses."""
    if prior_exact is not None:
        start = [(f.numerator, f.denominator) for f in map(Fraction, prior_exact)]
    else:  # the shortest decimals m·10^e as (m, 10^−e), not reduced: no gcd for each
        start = [(m, 10 ** -e) if e < 0 else (m * 10 ** e, 1)
                 for m, e in map(shortest_decimal, prior.tolist())]
    scale, units = _over_common(start)
    joint = [m * u for (m, _), u in zip(start, units)]
    before = scale  # the total before the step, in the current units (the prior: 1)
    out = []
    for like, comp, ex in steps:
        pairs = _factor_pairs(like, comp, ex)
        common, units = _over_common(pairs)
        joint = [j * m * u if j and m else 0 for j, (m, _), u in zip(joint, pairs, units)]
        before *= common  # the same total in the new units
        total = sum(joint)
        posterior = np.zeros(prior.size)
        if total:
            posterior[:] = [j / total if j else 0.0 for j in joint]
        posterior.flags.writeable = False
        out.append((posterior, total / before if total and before else 0.0))
        before = total
    return out


def _over_common(pairs: list[tuple[int, int]]) -> tuple[int, list[int]]:
    """The least common denominator of ``pairs`` (numerator, denominator) and, for each,
    what its numerator is multiplied by over it: one division per distinct denominator
    (decimals have a few, the powers of ten)."""
    denominators = {d for _, d in pairs}
    common = math.lcm(*denominators)
    per = {d: common // d for d in denominators}
    return common, [per[d] for _, d in pairs]


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
