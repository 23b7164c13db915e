"""Closed forms to a few ulps against mpmath (50 digits, from the parameters' exact
double values), nearly equal parameters included, and the Figures page's sentence for
the tester's three sessions (bin_near, pois_near, bin_999): a correct table is no longer
said to "differ" or to be higher than "the coarsening alone" explains."""

from __future__ import annotations

import json
import math

import mpmath as mp
import pytest

from klgui.core.families import Binomial, Geometric, Normal, Poisson, Uniform, Zipf
from klgui.core.families.closed_form import bernoulli_kl, closed_form_kl, rounding_error
from klgui.core.teaching.families_text import closed_form_text
from klgui.io.session import parse_session
from klgui.model.document import Document

# 80 digits (set where used: other test modules set mpmath's global precision), and the
# complements written with log1p: at 50, 1 − p for p = 1e−300 is 1 and the oracle
# itself loses every digit of the nearly equal cases
DPS = 80
REL = 1e-15  # about 4.5 ulps
ONE_UP = math.nextafter(0.3, 1.0)


def _m(x: float) -> mp.mpf:
    return mp.mpf(x)  # exact: a double's value, not its decimal spelling


def _xlog(x: mp.mpf, y: mp.mpf) -> mp.mpf:
    if x == 0:
        return mp.mpf(0)
    return mp.inf if y == 0 else x * mp.log(x / y)


def _xlog1p(x: mp.mpf, y: mp.mpf, gap: mp.mpf) -> mp.mpf:
    """x log(x/y) with x − y = gap given exactly (log1p only near x = y: for x far
    below y, gap/y rounds to −1 at any precision)."""
    if x == 0:
        return mp.mpf(0)
    if y == 0:
        return mp.inf
    return x * (mp.log(x / y) if 2 * abs(gap) > y else mp.log1p(gap / y))


def _bernoulli(p: float, q: float) -> mp.mpf:
    gap = _m(p) - _m(q)  # exact: two doubles' difference fits in 265 bits here
    return _xlog1p(_m(p), _m(q), gap) + _xlog1p(1 - _m(p), 1 - _m(q), -gap)


def _binomial(a: Binomial, b: Binomial) -> mp.mpf:
    p, q = _m(a.p), _m(b.p)
    total = mp.mpf(0)
    for k in range(a.n + 1):
        x = mp.binomial(a.n, k) * p ** k * (1 - p) ** (a.n - k)
        y = mp.binomial(b.n, k) * q ** k * (1 - q) ** (b.n - k) if k <= b.n else 0
        total += _xlog(x, y)
    return total


def _zipf(a: Zipf, b: Zipf) -> mp.mpf:
    za = mp.fsum(mp.mpf(k) ** -_m(a.s) for k in range(1, a.n + 1))
    zb = mp.fsum(mp.mpf(k) ** -_m(b.s) for k in range(1, b.n + 1))
    return mp.fsum(_xlog(mp.mpf(k) ** -_m(a.s) / za, mp.mpf(k) ** -_m(b.s) / zb)
                   for k in range(1, a.n + 1))


def _truth(a, b) -> mp.mpf:
    with mp.workdps(DPS):
        return +_exact(a, b)


def _exact(a, b) -> mp.mpf:
    if isinstance(a, Binomial):
        return _m(a.n) * _bernoulli(a.p, b.p) if a.n == b.n else _binomial(a, b)
    if isinstance(a, Poisson):
        x, y = _m(a.lam), _m(b.lam)
        return _xlog1p(x, y, x - y) - (x - y)
    if isinstance(a, Geometric):
        return _bernoulli(a.p, b.p) / _m(a.p)
    if isinstance(a, Normal):
        sp, sq = _m(a.sd), _m(b.sd)
        return mp.log(sq / sp) + (sp ** 2 + (_m(a.mean) - _m(b.mean)) ** 2) / (2 * sq ** 2) \
            - mp.mpf(1) / 2
    if a.n > b.n:  # Uniform or Zipf: B gives A's last outcomes probability 0
        return mp.inf
    if isinstance(a, Uniform):
        return mp.log(mp.mpf(b.n) / a.n)
    return _zipf(a, b)


def _near(x: float) -> list[float]:
    """x and parameters nearly equal to it: the next double, a relative 1e-12, 1e-9."""
    return [x, math.nextafter(x, math.inf), x * (1 + 1e-12), x * (1 - 1e-9), x * 1.5]


def _pairs():
    for p in (0.3, 0.5, 1e-9, 0.999, 0.9999999, 1e-300):
        for q in _near(p):
            if q < 1.0:
                for n in (1, 10, 1000):
                    yield Binomial(n, p), Binomial(n, q)
                yield Geometric(p, 20), Geometric(q, 20)
    for n_a, p, n_b, q in ((10, 0.5, 12, 0.999), (30, 1e-9, 40, 1e-9), (7, 0.3, 9, 0.3),
                           (14, 0.3, 27, 0.001), (21, 0.5, 37, 0.3), (9, 0.5, 22, 0.7),
                           (40, 0.3, 41, 0.3 * (1 + 1e-12)), (3, 1.0, 5, 0.5),
                           # n_A above 400: the decimal sum over the counts that matter
                           (401, 0.3, 402, 0.3), (1000, 0.5, 1010, 0.5),
                           (1000, 0.3, 3000, 0.1), (500, 1e-9, 600, 1e-9)):
        yield Binomial(n_a, p), Binomial(n_b, q)
    # parameters far apart (a reviewer found gap/y rounding to −1 below 10⁻⁶⁰: D = 0)
    for small, big in ((1e-70, 0.5), (1e-300, 0.5), (1e-61, 0.25)):
        yield Binomial(1, small), Binomial(1, big)
        yield Binomial(10, small), Binomial(10, big)
        yield Geometric(big, 20), Geometric(small, 20)
    yield Poisson(1e-70, 2), Poisson(2.0, 2)
    yield Poisson(1e-300, 5), Poisson(30.0, 5)
    for lam in (3.0, 1e-30, 1e-4, 708.0, 6e5):
        for mu in _near(lam):
            yield Poisson(lam, 20), Poisson(mu, 20)
    for mean, sd in ((0.0, 1.0), (5.0, 1e-3), (-2.0, 1e5)):
        for sd2 in _near(sd):
            for mean2 in (mean, mean + 1e-8, math.nextafter(mean, math.inf)):
                yield Normal(mean, sd), Normal(mean2, sd2)
    for n_a, n_b in ((5, 5), (9_999_999, 10_000_000), (1, 3)):
        yield Uniform(n_a), Uniform(n_b)
    for s in (1.1, 2.5, -1.0, 0.3):
        for t in _near(s) + [s + 0.5, s - 0.05]:
            for n_a, n_b in ((26, 26), (24, 33)):
                yield Zipf(s, n_a), Zipf(t, n_b)


PAIRS = list(_pairs())


@pytest.mark.parametrize("a, b", PAIRS + [(b, a) for a, b in PAIRS],
                         ids=lambda f: f.describe())
@mp.workdps(DPS)  # the comparisons too
def test_the_closed_form_is_within_a_few_ulps_of_mpmath(a, b):
    cf = closed_form_kl(a, b)
    truth = _truth(a, b)
    if truth == mp.inf:  # the reverse of a Binomial pair whose n_A < n_B
        assert cf.value == math.inf, (a, b, cf)
        return
    assert math.isfinite(cf.value), (a, b, cf)
    err = abs(mp.mpf(cf.value) - truth)
    # relative to D, or the smallest subnormals' spacing for a D underflowing doubles
    assert err <= REL * truth + mp.mpf(5e-324) * 2, (a, b, cf.value, mp.nstr(truth, 20))
    assert err <= cf.error, (a, b, cf.value, cf.error)  # the stated bound holds


def test_nearly_equal_bernoulli_and_poisson_keep_their_digits():
    """The tester's values, from the doubles 0.3 and 0.300000000003 (the decimals as typed
    give 2.1428571e−22: the doubles' own rounding, not the formula's, moves the 6th
    digit) and Poisson 3 against 3.000000000003 (1.4998226e−24 both ways)."""
    q = 0.300000000003
    assert 10 * bernoulli_kl(0.3, q) == pytest.approx(2.1428416371496964e-22, rel=REL)
    assert 10 * bernoulli_kl(q, 0.3) == pytest.approx(2.142841637153778e-22, rel=REL)
    assert bernoulli_kl(0.3, ONE_UP) > 0.0  # adjacent doubles: about 7e−33, not 0
    for a, b in ((3.0, 3.000000000003), (3.000000000003, 3.0)):
        assert closed_form_kl(Poisson(a, 60), Poisson(b, 60)).value == \
            pytest.approx(1.4998226177805e-24, rel=1e-12)


def _session(family: str, a: dict, b: dict, labels: list[str], digits: int) -> Document:
    data = {"format": "klgui-session", "version": 2, "name": "x",
            "settings": {"unit": "nats", "auto_normalize": True, "digits": digits,
                         "smoothing": None},
            "outcomes": {"labels": labels},
            "distributions": [
                {"name": "P", "role": "reference", "family": {"name": family, **a}},
                {"name": "Q", "role": "model", "family": {"name": family, **b}}],
            "focus": "Q"}
    doc = Document()
    doc.restore(parse_session(json.dumps(data)))
    return doc


def _texts(doc: Document) -> list[str]:
    """The Figures page's two sentences, as comparison_panel makes them from the
    result's bounds (which are rounding_error of the compared columns)."""
    result, figures = doc.result(), doc.family_figures()
    c = result.comparison
    assert result.table_errors == (rounding_error(c.p, c.q, c.kl_pq),
                                   rounding_error(c.q, c.p, c.kl_qp))
    return [closed_form_text(cf, table, "nats", doc.digits, names, error)
            for names, cf, table, error in (
                (("P", "Q"), figures.closed_pq, c.kl_pq, result.table_errors[0]),
                (("Q", "P"), figures.closed_qp, c.kl_qp, result.table_errors[1]))]


@pytest.mark.parametrize("family, a, b, labels, digits", [
    ("binomial", {"n": 10, "p": 0.3}, {"n": 10, "p": 0.300000000003},
     [str(k) for k in range(11)], 6),
    ("poisson", {"lam": 3, "tail": 60}, {"lam": 3.000000000003, "tail": 60},
     [str(k) for k in range(60)] + ["≥ 60"], 6),
    ("binomial", {"n": 10, "p": 0.5}, {"n": 12, "p": 0.999},
     [str(k) for k in range(13)], 15),
], ids=["bin_near", "pois_near", "bin_999"])
def test_the_testers_sessions_no_longer_blame_a_correct_table(family, a, b, labels, digits):
    doc = _session(family, a, b, labels, digits)
    for text in _texts(doc):
        assert "differ" not in text and "cannot explain" not in text, text
        assert "more than rounding" not in text, text
        assert "They agree" in text or "Both are ∞" in text \
            or "only rounding separates them" in text, text


def test_bin_near_prints_apart_and_says_only_rounding_separates_them():
    """6 digits: 2.14284e−22 (the formula, from the doubles) against the table's 2.14286e−22;
    they print apart, so they are not said to agree, and the gap is within the bounds."""
    doc = _session("binomial", {"n": 10, "p": 0.3}, {"n": 10, "p": 0.300000000003},
                   [str(k) for k in range(11)], 6)
    for text in _texts(doc):
        assert text.startswith("Formula: 2.14284e−22 nats; table: 2.14286e−22 nats. They are "
                               "1.5e−27 nats apart, within the "), text
        assert text.endswith("that rounding the formula and the table's probabilities to "
                             "doubles can make: only rounding separates them."), text
        assert "agree" not in text


def test_bin_999_prints_the_tables_digits():
    """mpmath: 40.215881388444861; the formula printed 40.2158813884447 before."""
    doc = _session("binomial", {"n": 10, "p": 0.5}, {"n": 12, "p": 0.999},
                   [str(k) for k in range(13)], 15)
    assert _texts(doc)[0].startswith("Formula: 40.2158813884449 nats; table: "
                                     "40.2158813884449 nats. They agree:")


def test_a_gap_beyond_both_bounds_is_still_named():
    """The tolerance is the bounds, not a blanket: 1e−20 relative passes, 1e−12 does not."""
    cf = closed_form_kl(Binomial(10, 0.3), Binomial(10, 0.300000000003))
    text = closed_form_text(cf, cf.value * (1 + 4e-6), "nats", 6, table_error=cf.value * 1e-5)
    assert "2.14284e−22 nats; table: 2.14285e−22 nats. They are 8.6e−28 nats apart, " \
           "within the 2.1e−27 nats" in text
    text = closed_form_text(cf, cf.value * (1 + 1e-4), "nats", 6, table_error=cf.value * 1e-5)
    assert "They differ by 2.1e−26 nats, more than rounding (at most 2.1e−27 nats)" in text
    folded = closed_form_kl(Poisson(3.0, 60), Poisson(3.000000000003, 60))
    text = closed_form_text(folded, folded.value * 1.001, table_error=folded.value * 1e-5)
    assert "which the coarsening alone cannot explain" in text


@mp.workdps(DPS)
def test_rounding_error_is_first_order_in_the_probabilities_rounding():
    """A table of two outcomes (a, 1 − a) against (b, 1 − b): moving each probability by
    its bound's relative share moves D by no more than the bound (checked in mpmath)."""
    a, b = [0.3, 0.7], [0.30000000001, 0.69999999999]
    d = float(_bernoulli(0.3, 0.30000000001))
    bound = rounding_error(a, b, d)
    eps, worst = 8 * 2.0 ** -53, mp.mpf(0)
    for sa in (-1, 1):
        for sb in (-1, 1):
            pa = [_m(x) * (1 + sa * eps * (1 + abs(math.log(x)))) for x in a]
            pb = [_m(x) * (1 - sb * eps * (1 + abs(math.log(x)))) for x in b]
            pa, pb = [x / sum(pa) for x in pa], [x / sum(pb) for x in pb]
            moved = sum(_xlog(x, y) for x, y in zip(pa, pb))
            assert abs(moved - d) <= bound
            worst = max(worst, abs(moved - d))
    assert bound <= 4 * worst  # and not a blanket many times the real effect


def test_no_bound_where_d_is_infinite():
    assert rounding_error([0.5, 0.5], [1.0, 0.0], math.inf) == 0.0
    assert rounding_error([0.5, 0.5], [1.0, 0.0], 3.0) == 0.0


def test_a_wide_binomial_sum_stays_within_its_stated_bound():
    """Bin(20000, ½) against Bin(20001, ½): too many counts for the decimal sum, so the
    doubles' sum, off by less than its error bound. mpmath: D = log 2 + E_A[log(1 −
    k/20001)] (the decomposition of _binomial_dec), over the counts within 41σ (the rest below e^-800)."""
    cf = closed_form_kl(Binomial(20000, 0.5), Binomial(20001, 0.5))
    with mp.workdps(40):
        total = mp.log(2)
        for k in range(10000 - 2900, 10000 + 2900):
            total += mp.binomial(20000, k) / mp.mpf(2) ** 20000 * mp.log1p(-mp.mpf(k) / 20001)
        err = abs(mp.mpf(cf.value) - total)
        assert err <= cf.error and err <= 1e-12 * total, (cf.value, mp.nstr(total, 20))
        assert cf.error <= 1e-11 * total  # a bound, but not a blanket
