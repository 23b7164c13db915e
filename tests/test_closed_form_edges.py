"""Closed forms at the edges of every family's parameters: never NaN, never an error
or a warning, never negative or -0.0, and the degenerate cases against mpmath (the
tester's closed_sweep.py and closed_crash2.py)."""

from __future__ import annotations

import itertools
import math
import warnings

import mpmath
import pytest

from klgui.core.families import Binomial, Geometric, Normal, Poisson, Uniform, Zipf
from klgui.core.families.closed_form import GapKind, closed_form_kl

N_OUTCOMES = 41
EDGES = {
    "binomial": [Binomial(n, p) for n in (1, 3, 10, 40, 1000)
                 for p in (0.0, 1.0, 0.5, 1e-300, 5e-324, 1.0 - 2.0 ** -53)],
    "poisson": [Poisson(lam, 20) for lam in (5e-324, 1e-300, 1e-4, 3.0, 708.0, 1e6)],
    "geometric": [Geometric(p, 20) for p in (5e-324, 1e-4, 0.5, 1.0 - 2.0 ** -53, 1.0)],
    "uniform": [Uniform(n) for n in (None, 1, 5, N_OUTCOMES)],
    "zipf": [Zipf(s, n) for s in (-1000.0, -1.0, 0.0, 1.0, 460.0, 1000.0)
             for n in (None, 1, 5)],
    "normal": [Normal(mean, sd) for mean in (0.0, 1e308, -1e308)
               for sd in (5e-324, 1e-300, 1.0, 1e300, 1.7e308)],
}


@pytest.mark.parametrize("family", sorted(EDGES))
def test_closed_forms_at_the_edges_are_numbers_never_nan_or_negative(family):
    for a, b in itertools.product(EDGES[family], repeat=2):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an overflow or 0·∞ on the way is a bug too
            cf = closed_form_kl(a, b, N_OUTCOMES)
        assert cf is not None, (a, b)
        assert not math.isnan(cf.value), (a, b, cf)
        assert cf.value >= 0.0 and math.copysign(1.0, cf.value) == 1.0, (a, b, cf)
        assert (cf.kind is GapKind.INFINITE) == math.isinf(cf.value) or \
            cf.kind is GapKind.DISCRETIZATION, (a, b, cf)
        if a == b:
            assert cf.value == 0.0, (a, b, cf)


def _binomial_pmf(n, p):
    return [mpmath.binomial(n, k) * mpmath.mpf(p) ** k * (1 - mpmath.mpf(p)) ** (n - k)
            for k in range(n + 1)]


def _kl(a, b):
    if len(b) < len(a):
        b = b + [mpmath.mpf(0)] * (len(a) - len(b))
    total = mpmath.mpf(0)
    for x, y in zip(a, b):
        if x > 0:
            if y == 0:
                return mpmath.inf
            total += x * mpmath.log(x / y)
    return total


@pytest.mark.parametrize("n", [12, 30, 1000])
def test_binomial_point_mass_at_zero_against_a_wider_binomial(n):
    """Q = Bin(n, 0) is a point mass at 0: D(Q‖P) = −log P(0) = ln 1024 for
    P = Bin(10, 0.5) (n = 30 raised an IndexError, n = 12 gave NaN)."""
    p, q = Binomial(10, 0.5), Binomial(n, 0.0)
    got = closed_form_kl(q, p, 11)
    assert got.kind is GapKind.EXACT
    assert got.value == pytest.approx(float(mpmath.log(1024)), rel=1e-15)
    # the other way: P reaches 1…10, which the point mass rules out
    back = closed_form_kl(p, q, 11)
    assert back.value == math.inf and back.kind is GapKind.INFINITE


@pytest.mark.parametrize("a, b", [
    (Binomial(3, 0.0), Binomial(10, 0.3)), (Binomial(10, 1.0), Binomial(12, 0.5)),
    (Binomial(12, 0.0), Binomial(5, 0.3)), (Binomial(5, 0.3), Binomial(12, 0.0)),
    (Binomial(5, 0.3), Binomial(12, 1.0)), (Binomial(4, 1.0), Binomial(4, 1.0)),
    (Binomial(7, 0.2), Binomial(9, 1e-300)), (Binomial(40, 1e-300), Binomial(3, 0.5)),
])
def test_degenerate_binomials_against_mpmath(a, b):
    mpmath.mp.dps = 60
    want = _kl(_binomial_pmf(a.n, a.p), _binomial_pmf(b.n, b.p))
    got = closed_form_kl(a, b).value
    if want == mpmath.inf:
        assert got == math.inf
    else:
        assert got == pytest.approx(float(want), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("s, want", [(460, "276.833620456"), (500, "301.030505582"),
                                     (1000, "603.491569655")])
def test_zipf_closed_form_where_the_model_underflows(s, want):
    """D(Zipf(1)‖Zipf(s)) on 5 outcomes: q below 1e-308 (s ≥ 500: 0 as a double, so
    the sum said ∞; s = 460: a subnormal, 276.833996) is taken from its logarithm."""
    mpmath.mp.dps = 40
    a = [1 / mpmath.mpf(k) for k in range(1, 6)]
    b = [mpmath.mpf(k) ** -s for k in range(1, 6)]
    a, b = [x / sum(a) for x in a], [x / sum(b) for x in b]
    assert mpmath.nstr(_kl(a, b), 12) == want  # the values
    got = closed_form_kl(Zipf(1.0), Zipf(float(s)), 5)
    assert got.value == pytest.approx(float(_kl(a, b)), rel=1e-13)


def test_normal_closed_form_with_far_apart_parameters():
    """σ or μ far apart overflow to ∞ (formerly an OverflowError or a 0/0)."""
    assert closed_form_kl(Normal(0, 1e300), Normal(0, 1e-300)).value == math.inf
    assert closed_form_kl(Normal(1e308, 1), Normal(-1e308, 1)).value == math.inf
    # σ_P/σ_Q = 1e-300: (r − 1 − log r)/2 with r = 1e-600 is (600 ln 10 − 1)/2 (by hand)
    got = closed_form_kl(Normal(0, 1e-300), Normal(0, 1.0)).value
    assert got == pytest.approx(300 * math.log(10) - 0.5, rel=1e-14)


def test_export_summary_of_a_point_mass_binomial_session(tmp_path, capfd):
    """`export --summary` of P = Bin(10, 0.5), Q = Bin(30, 0) (closed_cli.py): the
    closed-form rows, not a traceback."""
    import json

    from klgui.cli import export_main
    session = {"format": "klgui-session", "version": 2, "name": "t",
               "settings": {"unit": "nats", "auto_normalize": True, "digits": 6,
                            "smoothing": None},
               "outcomes": {"labels": [str(i) for i in range(11)]},
               "distributions": [
                   {"name": "P", "role": "reference",
                    "family": {"name": "binomial", "n": 10, "p": 0.5}},
                   {"name": "Q", "role": "model",
                    "family": {"name": "binomial", "n": 30, "p": 0}}],
               "focus": "Q"}
    path = tmp_path / "p0.kld.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    assert export_main([str(path), "--summary", "-"]) == 0
    rows = dict(line.split(",")[:2] for line in capfd.readouterr().out.splitlines()[1:])
    assert rows["kl_pq_closed_form"] == "inf"
    assert float(rows["kl_qp_closed_form"]) == pytest.approx(10 * math.log(2), rel=1e-15)
