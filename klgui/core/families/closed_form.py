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


#: u = 2⁻⁵³, the unit roundoff of a double.
UNIT_ROUNDOFF = 2.0 ** -53
#: 60 digits: cancellation of nearly equal parameters costs at most about 17
#: (|terms| / D ≲ 1/v with v ≥ 2⁻⁵³ the parameters' relative gap), leaving 40 or more.
_CTX = decimal.Context(prec=60, Emax=10**6, Emin=-10**6, traps=[])
_ZERO, _ONE = decimal.Decimal(0), decimal.Decimal(1)


def _dec(x: float) -> decimal.Decimal:
    return decimal.Decimal(x)  # exact: every double is a finite decimal


def _ln1p(x: decimal.Decimal) -> decimal.Decimal:
    """log(1 + x) for x > −1 to 60 digits relative: the series below 10⁻¹² (where
    1 + x would keep too few of x's digits), else log of 1 + x (then its rounding is
    10⁻⁶⁰ absolute against a logarithm of 10⁻¹² or more)."""
    if abs(x) >= decimal.Decimal("1e-12"):
        return _CTX.ln(_CTX.add(_ONE, x))
    total, power, j = _ZERO, x, 1
    while power != 0 and abs(power) > abs(x) * decimal.Decimal("1e-64"):
        total = _CTX.add(total, _CTX.divide(power, j) if j % 2 else
                         _CTX.minus(_CTX.divide(power, j)))
        power, j = _CTX.multiply(power, x), j + 1
    return total


def _xlog(x: decimal.Decimal, y: decimal.Decimal,
          gap: decimal.Decimal) -> decimal.Decimal | None:
    """x·log(x/y) = x·log1p(gap/y) with gap = x − y formed exactly by the caller, so
    x/y near 1 keeps every digit of the gap; 0·log(0/y) = 0; None for x > 0 = y (∞)."""
    if x == 0:
        return _ZERO
    if y == 0:
        return None
    return _CTX.multiply(x, _ln1p(_CTX.divide(gap, y)))


def _bernoulli_dec(p: float, q: float) -> decimal.Decimal | None:
    """b(p‖q) to about 40 digits, None for ∞. p − q is formed from the exact values
    (correctly rounded to 60 digits); 1 − p and 1 − q only multiply or divide, so their
    rounding (10⁻⁶⁰ relative) stays 10⁻⁶⁰ of the result."""
    dp, dq = _dec(p), _dec(q)
    gap = _CTX.subtract(dp, dq)
    first = _xlog(dp, dq, gap)
    second = _xlog(_CTX.subtract(_ONE, dp), _CTX.subtract(_ONE, dq), _CTX.minus(gap))
    if first is None or second is None:
        return None
    return _CTX.add(first, second)


def _double(d: decimal.Decimal | None) -> float:
    """The double nearest d (``inf`` for None or beyond the range), never −0.0."""
    if d is None:
        return math.inf
    return _clean(float(d))  # float(Decimal) rounds correctly (through its string)


def _ulp_error(v: float) -> float:
    """The bound for a correctly rounded value: half an ulp, said as u·|v| plus the
    subnormal spacing; 0 for ∞."""
    return 0.0 if math.isinf(v) else UNIT_ROUNDOFF * v + 5e-324


def bernoulli_kl(p: float, q: float) -> float:
    """D(Bernoulli(p)‖Bernoulli(q)) in nats, ``inf`` where q rules out what p allows.

    Correctly rounded for p and q as doubles, however close: evaluated in 60-digit
    decimals from their exact values."""
    return _double(_bernoulli_dec(p, q))


def _clean(x: float) -> float:
    return 0.0 if x <= 0.0 else x


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
        la, lb = _dec(a.lam), _dec(b.lam)  # both > 0
        gap = _CTX.subtract(la, lb)
        v = _double(_CTX.subtract(_xlog(la, lb, gap), gap))
        return ClosedForm(v, GapKind.TAIL_FOLDED, _folded("Poisson", a, b), _ulp_error(v))
    if isinstance(a, Geometric):
        bern = _bernoulli_dec(a.p, b.p)
        v = _double(None if bern is None else _CTX.divide(bern, _dec(a.p)))
        if math.isinf(v):
            return ClosedForm(v, GapKind.INFINITE, "B = Geometric(1) puts all its mass on 0, "
                              "where A also reaches higher counts: D is ∞ in this direction.")
        return ClosedForm(v, GapKind.TAIL_FOLDED, _folded("Geometric", a, b), _ulp_error(v))
    if isinstance(a, Uniform):
        return _uniform(a, b, n_outcomes)
    if isinstance(a, Zipf):
        return _zipf(a, b, n_outcomes)
    if isinstance(a, Normal):
        # (r − 1 − log r)/2 + z²/2 with r = (σ_P/σ_Q)², z = (μ_P − μ_Q)/σ_Q, in decimals
        # (their exponents reach ±10⁶: σ or μ far apart give a huge D, ∞ as a double)
        r = _CTX.power(_CTX.divide(_dec(a.sd), _dec(b.sd)), 2)
        z = _CTX.divide(_CTX.subtract(_dec(a.mean), _dec(b.mean)), _dec(b.sd))
        d = _CTX.add(_CTX.subtract(_CTX.subtract(r, _ONE), _CTX.ln(r)), _CTX.multiply(z, z))
        v = _double(_CTX.divide(d, 2))
        return ClosedForm(v, GapKind.DISCRETIZATION,
                          "The formula is for the continuous Normals; the table holds their "
                          "masses in bins, a coarsening, so its D is at most the formula's.",
                          _ulp_error(v))
    return None


def _folded(family: str, a: Family, b: Family) -> str:
    return (f"The formula sums over every count; the table folds counts from "
            f"{a.tail} (A) and {b.tail} (B) into one outcome, a coarsening, so its D is at "
            f"most the formula's." if a.tail != b.tail else
            f"The formula sums over every count; the table folds counts from {a.tail} up "
            f"into '≥ {a.tail}', a coarsening, so its D is at most the formula's.")


def _binomial(a: Binomial, b: Binomial) -> ClosedForm:
    if a.n == b.n:
        bern = _bernoulli_dec(a.p, b.p)
        v = _double(None if bern is None else _CTX.multiply(bern, a.n))
        if math.isinf(v):
            return ClosedForm(v, GapKind.INFINITE, "B gives probability 0 to counts A "
                              "reaches (its p is 0 or 1).")
        return ClosedForm(v, GapKind.EXACT,
                          "n·[p log(p/q) + (1−p) log((1−p)/(1−q))]: the table holds these "
                          "binomials exactly, so the two agree to rounding.", _ulp_error(v))
    reach = 0 if a.p == 0.0 else a.n  # A's largest count (a point mass at 0 when p = 0)
    if reach > b.n:
        return ClosedForm(math.inf, GapKind.INFINITE,
                          f"A reaches counts up to {reach}, B at most {b.n}: B gives them "
                          f"probability 0, so D is ∞ in this direction.")
    reason = (f"The sum over A's counts 0…{a.n} (B also reaches {_counts(a.n + 1, b.n)}): "
              f"exact, and the table holds it." if b.n > a.n else
              f"The sum over B's counts 0…{b.n} (A reaches only 0): exact, and the table "
              f"holds it.")
    if a.n <= _DECIMAL_COUNTS:
        v = _double(_binomial_dec(a, b))
        if math.isinf(v):
            return ClosedForm(math.inf, GapKind.INFINITE, "B gives probability 0 to counts "
                              "A reaches (its p is 0 or 1).")
        return ClosedForm(v, GapKind.EXACT, reason, _ulp_error(v))
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
    v = _clean(v + above)
    window = _window(a, b, log_a, v)
    if window is not None:  # the same sum in decimals over the counts that matter
        exact = _double(_binomial_dec(a, b, *window))
        return ClosedForm(exact, GapKind.EXACT, reason, _ulp_error(exact))
    return ClosedForm(v, GapKind.EXACT, reason,
                      rounding_error(np.exp(log_a), np.exp(log_b), v, (log_a, log_b)))


#: Decimal sums over at most this many counts (about 60 µs each), for n_A up to
#: _WINDOW_COUNTS (C(n_A, k) as an exact integer: 30,000 digits at most).
_WINDOW_TERMS, _WINDOW_COUNTS = 1000, 100_000


def _window(a: Binomial, b: Binomial, log_a: np.ndarray, v: float) -> tuple[int, int] | None:
    """The counts lo…hi whose terms a_k log R_k of :func:`_binomial_dec` can move D by
    more than e⁻¹⁰⁰/(n_A + 1) of it (estimated from the doubles: D ≈ v, a_k from
    log_a, log R_k as a cumulative sum of log1p), or None when the window is too wide or
    the estimate is no guide (v = 0 or ∞, p_A = 0 or 1)."""
    if not (0.0 < v < math.inf and 0.0 < a.p < 1.0 and a.n <= _WINDOW_COUNTS):
        return None
    j = np.arange(a.n, dtype=np.float64)
    log_r = np.concatenate(([0.0], np.cumsum(np.log1p(-(b.n - a.n) / (b.n - j)))))
    keep = np.flatnonzero(log_a + np.log1p(np.abs(log_r))
                          >= math.log(v) - 100.0 - math.log(a.n + 1.0))
    if keep.size == 0 or keep[-1] - keep[0] + 1 > _WINDOW_TERMS:
        return None
    return int(keep[0]), int(keep[-1])


#: Binomials with different n and n_A up to this: the sum in decimals over every count
#: (n_A logarithms, about 40 µs each); beyond, over the counts :func:`_window` finds.
_DECIMAL_COUNTS = 400


def _power(x: decimal.Decimal, k: int) -> decimal.Decimal:
    return _ONE if k == 0 else _CTX.power(x, k)


def _binomial_dec(a: Binomial, b: Binomial, lo: int = 0,
                  hi: int | None = None) -> decimal.Decimal | None:
    """D(Bin(n_A, p_A)‖Bin(n_B, p_B)) for n_A < n_B to about 40 digits, None for ∞.

    With R_k = C(n_A, k)/C(n_B, k), log(a_k/b_k) = log R_k + k log(p_A(1−p_B)/(p_B(1−p_A)))
    + n_A log(1−p_A) − n_B log(1−p_B), and E_A[k] = n_A p_A, so
    D = n_A·b(p_A‖p_B) − (n_B − n_A) log(1 − p_B) + Σ_k a_k log R_k:
    two non-negative terms and a non-positive sum (they cancel by at most about 2n_B,
    a few of the 60 digits). The sum runs over the counts lo…hi (all by default: the
    others' terms are left out), a_k and R_k from their values at lo by their ratios."""
    pa, pb = _dec(a.p), _dec(b.p)
    bern = _bernoulli_dec(a.p, b.p)
    if bern is None or pb == 1:  # B's mass sits at n_B > n_A (or A's where B has none)
        return None
    if a.p in (0.0, 1.0):  # a point mass at 0 or n_A: one term
        lo = hi = 0 if a.p == 0.0 else a.n
    hi = a.n if hi is None else hi
    qa = _CTX.subtract(_ONE, pa)
    total = _CTX.subtract(_CTX.multiply(bern, a.n),
                          _CTX.multiply(b.n - a.n, _ln1p(_CTX.minus(pb))))
    mass = _CTX.multiply(_CTX.multiply(math.comb(a.n, lo), _power(pa, lo)),
                         _power(qa, a.n - lo))
    ratio = _CTX.divide(decimal.Decimal(math.comb(a.n, lo)),
                        decimal.Decimal(math.comb(b.n, lo)))
    step = _CTX.divide(pa, qa) if hi > lo else _ONE  # qa > 0 here: 0 < p_A < 1
    for k in range(lo, hi + 1):
        if k > 0 and mass != 0:
            total = _CTX.add(total, _CTX.multiply(mass, _CTX.ln(ratio)))
        mass = _CTX.multiply(mass, _CTX.multiply(step, _CTX.divide(a.n - k, k + 1)))
        ratio = _CTX.multiply(ratio, _CTX.divide(a.n - k, b.n - k))
    return total


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
    v = _double(_CTX.ln(_CTX.divide(decimal.Decimal(nb), decimal.Decimal(na))))
    return ClosedForm(v, GapKind.EXACT, f"log(N_B/N_A) = log({nb}/{na}): exact.",
                      _ulp_error(v))


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
    v = _clean(v + above)
    full, log_full = np.zeros(nb), np.full(nb, -np.inf)
    full[:na], log_full[:na] = pa, log_a
    return ClosedForm(v, GapKind.EXACT,
                      "log(H_B/H_A) + (s_B − s_A)·E_A[log k] over ranks 1…N: exact.",
                      rounding_error(full, np.exp(log_b), v, (log_full, log_b)))


#: Relative error, per unit of (1 + |log x|), of a family's probability x made as
#: exp(log x): the logarithm's absolute error (a few ulps of its largest part) becomes
#: x's relative error. Eight ulps: Loader's terms (stirlerr, bd0, ½log) each within 2.
_PER_LOG = 8.0 * UNIT_ROUNDOFF


def rounding_error(a: np.ndarray, b: np.ndarray, d: float,
                   logs: tuple[np.ndarray, np.ndarray] | None = None) -> float:
    """A bound (nats) on how much D(a‖b) = Σ a log(a/b) moves when each a_k and b_k is
    off by a relative ε_k = 8u(1 + |log x_k|) (x_k = a_k or b_k, u = 2⁻⁵³), as a family's
    probabilities made from their logarithms are, plus 4u·D for summing the terms.

    To first order, with both renormalized, ΔD = Σ a_k α_k (log(a_k/b_k) − D) −
    Σ (a_k − b_k) β_k for relative errors α_k of a_k and β_k of b_k, so the bound is
    Σ ε^a_k a_k |log(a_k/b_k) − D| + Σ ε^b_k |a_k − b_k| + 4uD. Outcomes where a is 0 only
    count through b; where b is 0 and a is not, D is ∞ and the bound 0.

    Parameters
    ----------
    a, b : ndarray
        Probabilities (1-D, same length, non-negative).
    d : float
        D(a‖b) in nats.
    logs : (ndarray, ndarray), optional
        log a and log b when known (``-inf`` for a true 0): a probability below the
        doubles' range then still counts as the positive number it is.
    """
    if not math.isfinite(d):
        return 0.0
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if logs is None:
        with np.errstate(divide="ignore"):
            la, lb = np.log(a), np.log(b)
    else:
        la, lb = (np.asarray(x, dtype=np.float64) for x in logs)
    if np.any((la > -np.inf) & (lb == -np.inf)):
        return 0.0
    with np.errstate(invalid="ignore"):
        first = np.where(la > -np.inf,
                         (1.0 + np.abs(la)) * a * np.abs(np.where(la > -np.inf, la - lb, 0.0)
                                                         - d), 0.0)
    second = (1.0 + np.where(lb > -np.inf, np.abs(lb), 0.0)) * np.abs(a - b)
    # a bound, not a figure: numpy's pairwise sums (within a relative 1e-13) are enough
    return float(_PER_LOG * (1.0 + 1e-12) * (np.sum(first) + np.sum(second))
                 + 4.0 * UNIT_ROUNDOFF * d)
