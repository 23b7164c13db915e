"""D(A‖B) from a formula when both distributions are of one family, and why the value in
the table may differ from it.

Formulas (nats):

* Bernoulli: ``b(p‖q) = p log(p/q) + (1−p) log((1−p)/(1−q))``.
* Binomial, one n: ``n·b(p‖q)``. Different n: the finite sum over 0…n_P (exact);
  ``∞`` when n_P > n_Q (P reaches counts Q cannot).
* Poisson: ``λ_P log(λ_P/λ_Q) − λ_P + λ_Q``.
* Geometric (failures before the first success): ``b(p‖q) / p``.
* Uniform on N_P and N_Q outcomes: ``log(N_Q/N_P)``, ``∞`` when N_P > N_Q.
* Zipf: the finite sum over ranks (exact).
* Normal (continuous): ``log(σ_Q/σ_P) + (σ_P² + (μ_P − μ_Q)²)/(2σ_Q²) − 1/2``
  (Cover and Thomas, *Elements of Information Theory*, §8).

The one-line formulas and the Binomial sums for different n are evaluated in
60-digit decimal arithmetic from the parameters' exact values (a double converts to a
Decimal exactly), each log(x/y) as log1p((x − y)/y) with x − y formed from the exact
values (not from a rounded x/y or 1 − p), so terms that cancel when the parameters are
nearly equal (Bernoulli's two logarithms, Poisson's λ_P log(λ_P/λ_Q) against λ_P − λ_Q)
lose at most about 17 of the 60 digits: the double returned is the correctly rounded D.
(A Binomial sum for different n runs over the counts whose terms matter, when there
are at most 1000 of them; wider ones, from n_A of about 5000, sum in doubles from the
log-probabilities, within a relative 2e-14 in tests.) Zipf's sum writes log(b_k/a_k)
from s_B − s_A with expm1 and log1p.
:attr:`ClosedForm.error` bounds every value's rounding.

Folding a tail into "≥ K" or putting a Normal into bins is a deterministic coarsening,
so the table's D can only be lower (the data-processing inequality).
"""

from __future__ import annotations

import decimal
import math
from dataclasses import dataclass
from enum import Enum

import numpy as np

from klgui.core.families.base import TINY, Family
from klgui.core.families.counts import Binomial, Geometric, Poisson, binomial_log_pmf
from klgui.core.families.finite import Normal, Uniform, Zipf, zipf_log_pmf
from klgui.core.families.exact_decimal import (CTX, DECIMAL_COUNTS, ONE, UNIT_ROUNDOFF,
                                               bernoulli_decimal, binomial_decimal, clean,
                                               counts_window, as_decimal, rounding_error,
                                               to_double, ulp_error, xlog)
from klgui.core.families.special import bd0_array, h_exp_array

__all__ = ["ClosedForm", "GapKind", "closed_form_kl", "bernoulli_kl", "bd0_sum",
           "rounding_error", "UNIT_ROUNDOFF"]


class GapKind(str, Enum):
    """Why the table's D may differ from the formula's."""

    #: The table holds the family exactly: the two agree to rounding.
    EXACT = "exact"
    #: Poisson or Geometric folded at "≥ K": the table's D is at most the formula's.
    TAIL_FOLDED = "tail folded"
    #: A Normal put into bins: the table's D is at most the continuous formula's.
    DISCRETIZATION = "discretization"
    #: The formula says ∞: A gives mass where B gives none (so does the table).
    INFINITE = "infinite in one direction"


@dataclass(frozen=True)
class ClosedForm:
    """D(A‖B) from a formula.

    Attributes
    ----------
    value : float
        In nats; ``inf`` when infinite; never negative or -0.0.
    kind : GapKind
        How the table's value relates to it.
    reason : str
        One sentence for a person: which formula, and why the table may differ.
    error : float
        A bound on ``|value − D|`` in nats from rounding (D the exact divergence of the
        families with these double parameters): an ulp for the one-line formulas,
        :func:`rounding_error` of the terms for the sums; 0 when ``value`` is ∞.
    """

    value: float
    kind: GapKind
    reason: str
    error: float = 0.0


def bernoulli_kl(p: float, q: float) -> float:
    """D(Bernoulli(p)‖Bernoulli(q)) in nats, ``inf`` where q rules out what p allows.

    Correctly rounded for p and q as doubles, however close: evaluated in 60-digit
    decimals from their exact values."""
    return to_double(bernoulli_decimal(p, q))


def closed_form_kl(a: Family, b: Family, n_outcomes: int | None = None) -> ClosedForm | None:
    """D(A‖B) from its formula when A and B are of one family, else None.

    Parameters
    ----------
    a, b : Family
        The reference and the model.
    n_outcomes : int, optional
        The column's number of outcomes: Uniform and Zipf without their own ``n`` use it.

    Returns
    -------
    ClosedForm or None
        None when the families differ or no formula applies (logits; Uniform or Zipf
        whose N is unknown).
    """
    if type(a) is not type(b):
        return None
    if isinstance(a, Binomial):
        return _binomial(a, b)
    if isinstance(a, Poisson):
        la, lb = as_decimal(a.lam), as_decimal(b.lam)  # both > 0
        gap = CTX.subtract(la, lb)
        v = to_double(CTX.subtract(xlog(la, lb, gap), gap))
        return ClosedForm(v, GapKind.TAIL_FOLDED, _folded("Poisson", a, b), ulp_error(v))
    if isinstance(a, Geometric):
        bern = bernoulli_decimal(a.p, b.p)
        v = to_double(None if bern is None else CTX.divide(bern, as_decimal(a.p)))
        if math.isinf(v):
            return ClosedForm(v, GapKind.INFINITE, "B = Geometric(1) puts all its mass on 0, "
                              "where A also reaches higher counts: D is ∞ in this direction.")
        return ClosedForm(v, GapKind.TAIL_FOLDED, _folded("Geometric", a, b), ulp_error(v))
    if isinstance(a, Uniform):
        return _uniform(a, b, n_outcomes)
    if isinstance(a, Zipf):
        return _zipf(a, b, n_outcomes)
    if isinstance(a, Normal):
        # (r − 1 − log r)/2 + z²/2 with r = (σ_P/σ_Q)², z = (μ_P − μ_Q)/σ_Q, in decimals
        # (their exponents reach ±10⁶: σ or μ far apart give a huge D, ∞ as a double)
        r = CTX.power(CTX.divide(as_decimal(a.sd), as_decimal(b.sd)), 2)
        z = CTX.divide(CTX.subtract(as_decimal(a.mean), as_decimal(b.mean)),
                       as_decimal(b.sd))
        d = CTX.add(CTX.subtract(CTX.subtract(r, ONE), CTX.ln(r)), CTX.multiply(z, z))
        v = to_double(CTX.divide(d, 2))
        return ClosedForm(v, GapKind.DISCRETIZATION,
                          "The formula is for the continuous Normals; the table holds their "
                          "masses in bins, a coarsening, so its D is at most the formula's.",
                          ulp_error(v))
    return None


def _folded(family: str, a: Family, b: Family) -> str:
    return (f"The formula sums over every count; the table folds counts from "
            f"{a.tail} (A) and {b.tail} (B) into one outcome, a coarsening, so its D is at "
            f"most the formula's." if a.tail != b.tail else
            f"The formula sums over every count; the table folds counts from {a.tail} up "
            f"into '≥ {a.tail}', a coarsening, so its D is at most the formula's.")


def _binomial(a: Binomial, b: Binomial) -> ClosedForm:
    if a.n == b.n:
        bern = bernoulli_decimal(a.p, b.p)
        v = to_double(None if bern is None else CTX.multiply(bern, a.n))
        if math.isinf(v):
            return ClosedForm(v, GapKind.INFINITE, "B gives probability 0 to counts A "
                              "reaches (its p is 0 or 1).")
        return ClosedForm(v, GapKind.EXACT,
                          "n·[p log(p/q) + (1−p) log((1−p)/(1−q))]: the table holds these "
                          "binomials exactly, so the two agree to rounding.", ulp_error(v))
    reach = 0 if a.p == 0.0 else a.n  # A's largest count (a point mass at 0 when p = 0)
    if reach > b.n:
        return ClosedForm(math.inf, GapKind.INFINITE,
                          f"A reaches counts up to {reach}, B at most {b.n}: B gives them "
                          f"probability 0, so D is ∞ in this direction.")
    reason = (f"The sum over A's counts 0…{a.n} (B also reaches {_counts(a.n + 1, b.n)}): "
              f"exact, and the table holds it." if b.n > a.n else
              f"The sum over B's counts 0…{b.n} (A reaches only 0): exact, and the table "
              f"holds it.")
    if a.n <= DECIMAL_COUNTS:
        v = to_double(binomial_decimal(a, b))
        if math.isinf(v):
            return ClosedForm(math.inf, GapKind.INFINITE, "B gives probability 0 to counts "
                              "A reaches (its p is 0 or 1).")
        return ClosedForm(v, GapKind.EXACT, reason, ulp_error(v))
    k = np.arange(a.n + 1)
    log_a = binomial_log_pmf(k, a.n, a.p)
    log_b = np.full(k.size, -np.inf)
    inside = k <= b.n  # B's counts stop at n_B: beyond, its probability is 0
    log_b[inside] = binomial_log_pmf(k[inside], b.n, b.p)
    # Σ_(k≤n_A) bd0(a, b) = D − 1 + Σ_(k≤n_A) b = D − (B's mass above n_A)
    above = math.fsum(np.exp(binomial_log_pmf(np.arange(a.n + 1, b.n + 1), b.n, b.p)))
    v = bd0_sum(log_a, log_b)
    if math.isinf(v):
        return ClosedForm(math.inf, GapKind.INFINITE, "B gives probability 0 to counts A "
                          "reaches (its p is 0 or 1).")
    v = clean(v + above)
    window = counts_window(a, b, log_a, v)
    if window is not None:  # the same sum in decimals over the counts that matter
        exact = to_double(binomial_decimal(a, b, *window))
        return ClosedForm(exact, GapKind.EXACT, reason, ulp_error(exact))
    return ClosedForm(v, GapKind.EXACT, reason,
                      rounding_error(np.exp(log_a), np.exp(log_b), v, (log_a, log_b)))


def _counts(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}…{last}"


def bd0_sum(log_a: np.ndarray, log_b: np.ndarray) -> float:
    """Σ_k bd0(a_k, b_k) = Σ_k [a_k log(a_k/b_k) − a_k + b_k] (nats) from the logarithms
    of a and b (``-inf`` for a true 0), so a probability below the smallest normal
    double (written as 0 or with few bits) still counts as the positive number it is:
    where both are normal doubles, Loader's bd0 (no cancellation near a = b); elsewhere
    ``a·(log a − log b) − a + b`` from the logarithms. ``inf`` where some b is 0 in
    truth (``-inf``) and its a is not."""
    log_a, log_b = np.asarray(log_a, dtype=np.float64), np.asarray(log_b, dtype=np.float64)
    if np.any((log_a > -np.inf) & (log_b == -np.inf)):
        return math.inf
    a, b = np.exp(log_a), np.exp(log_b)
    normal = (a >= TINY) & (b >= TINY)
    t = np.empty(a.shape)
    t[normal] = bd0_array(a[normal], b[normal])
    rest = ~normal
    ar, br = a[rest], b[rest]
    with np.errstate(invalid="ignore"):  # −inf − (−inf) where both are 0: a = 0 there
        gap = log_a[rest] - log_b[rest]
    t[rest] = np.where(ar > 0.0, ar * np.where(ar > 0.0, gap, 0.0) - ar, 0.0) + br
    return math.fsum(t.tolist())


def _count(f: Uniform | Zipf, n_outcomes: int | None) -> int | None:
    return f.n if f.n is not None else n_outcomes


def _uniform(a: Uniform, b: Uniform, n_outcomes: int | None) -> ClosedForm | None:
    na, nb = _count(a, n_outcomes), _count(b, n_outcomes)
    if na is None or nb is None:
        return None
    if na > nb:
        return ClosedForm(math.inf, GapKind.INFINITE,
                          f"A spreads over {na} outcomes, B over only {nb}: B gives the "
                          f"others probability 0, so D is ∞ in this direction.")
    v = to_double(CTX.ln(CTX.divide(decimal.Decimal(nb), decimal.Decimal(na))))
    return ClosedForm(v, GapKind.EXACT, f"log(N_B/N_A) = log({nb}/{na}): exact.",
                      ulp_error(v))


def _zipf(a: Zipf, b: Zipf, n_outcomes: int | None) -> ClosedForm | None:
    na, nb = _count(a, n_outcomes), _count(b, n_outcomes)
    if na is None or nb is None:
        return None
    if na > nb:
        return ClosedForm(math.inf, GapKind.INFINITE,
                          f"A ranks {na} outcomes, B only {nb}: D is ∞ in this direction.")
    log_a, log_b = zipf_log_pmf(a.s, na), zipf_log_pmf(b.s, nb)
    above = math.fsum(np.exp(log_b[na:]).tolist())  # B's mass on ranks A does not reach
    pa = np.exp(log_a)
    log_k = np.log(np.arange(1, na + 1, dtype=np.float64))
    delta = b.s - a.s  # exact (Sterbenz) when s_A and s_B are close
    if abs(delta) * log_k[-1] < 4.0 and above < 0.5:
        # log(b_k/a_k) = −δ log k − log(Z_B/Z_A) with Z = Σ k^(−s) over each one's ranks,
        # and Z_B (1 − above)/Z_A = E_A[k^(−δ)]: both parts accurate (expm1, log1p)
        # however close s_A and s_B are, where log b_k − log a_k loses them
        if na < nb:  # B's tail again from powers (within an ulp each), not from logs
            k = np.arange(1, nb + 1, dtype=np.float64)
            weight = np.power(k, -b.s) if b.s >= 0.0 else np.power(k / nb, -b.s)
            above = float(np.sum(weight[na:]) / np.sum(weight))
        # (divided by Σ a_k as rounded, so its rounding does not shift the ratio); the
        # terms of each sum share a sign: numpy's pairwise sums keep them to a few ulps
        log_ratio = (math.log1p(float(np.sum(pa * np.expm1(-delta * log_k)))
                                / float(np.sum(pa))) - math.log1p(-above))
        v = float(np.sum(pa * h_exp_array(-delta * log_k - log_ratio)))
    else:
        v = bd0_sum(log_a, log_b[:na])
    v = clean(v + above)
    full, log_full = np.zeros(nb), np.full(nb, -np.inf)
    full[:na], log_full[:na] = pa, log_a
    return ClosedForm(v, GapKind.EXACT,
                      "log(H_B/H_A) + (s_B − s_A)·E_A[log k] over ranks 1…N: exact.",
                      rounding_error(full, np.exp(log_b), v, (log_full, log_b)))
