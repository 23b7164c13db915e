"""Observations in a row, "not" steps included, give correctly rounded beliefs: the
belief after k steps is prior·ℓ₁⋯ℓₖ normalized, computed exactly from the typed
decimals and rounded once (updating the previous step's rounded belief again added up
roundings: 0.059645852749301016 for 0.05964585274930102). Oracles: Fraction, mpmath."""

import csv
import json
import math
from dataclasses import replace
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from klgui.core.labs.bayes import Observation, binary_gains, update, update_steps
from klgui.core.labs.posterior import complement, posterior_of, posteriors_in_turn
from klgui.core.parsing import parse_weight
from klgui.io.lab_export import save_bayes
from klgui.io.session import parse_session, session_text
from klgui.model.snapshot import BayesLab, Snapshot

THETA = np.array([0.2, 0.5, 0.8])
TESTER = [Observation("heads", THETA), Observation("heads", THETA),
          Observation("not heads", THETA, True)]


def _exact(prior_texts, steps):
    """The exact belief after ``steps`` ((likelihood texts, complement) pairs) from the
    prior's typed texts, as Fractions."""
    joint = [Fraction(t) for t in prior_texts]
    for texts, comp in steps:
        joint = [j * (1 - Fraction(t) if comp else Fraction(t)) for j, t in zip(joint, texts)]
    total = sum(joint)
    return [j / total for j in joint]


def _mp(x: Fraction) -> float:
    with mpmath.workdps(50):
        return float(mpmath.mpf(x.numerator) / x.denominator)


def test_the_testers_not_step_is_correctly_rounded(tmp_path):
    prior = np.array([0.2, 0.5, 0.3])
    steps = update_steps(prior, TESTER)
    after = steps[-1].posterior.tolist()
    assert after == [0.05964585274930102, 0.5824790307548928, 0.35787511649580617]
    exact = _exact(["0.2", "0.5", "0.3"], [(["0.2", "0.5", "0.8"], False)] * 2
                   + [(["0.2", "0.5", "0.8"], True)])
    assert after == [_mp(x) for x in exact]  # mpmath, 50 digits, rounded to a double
    # the "not" step's likelihood is 1 − ℓ of the typed decimals: 0.2, not 0.19999999999999996
    assert steps[-1].update.likelihood.tolist() == [0.8, 0.5, 0.2]
    # the export's "after the steps" column
    path = tmp_path / "bayes.csv"
    save_bayes(path, steps[0].update, ["0.2", "0.5", "0.8"], steps)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [row[4] for row in rows[1:]] == ["0.05964585274930102", "0.5824790307548928",
                                            "0.35787511649580617"]


@pytest.mark.parametrize("prior_texts", [
    ["0.2", "0.5", "0.3"], ["0.1", "0.2", "0.3", "0.4"], ["1/3", "1/3", "1/3"],
    ["1/7", "2/7", "4/7"], ["0.05", "0.15", "0.8"], ["1/9"] * 9])
def test_random_rows_of_steps_against_fraction(prior_texts):
    """Several priors (1/3-style fractions too: a fraction's double is read as its
    shortest decimal, the value the core rounded the typed ratio to) and random rows of
    observations, "not" steps among them: every belief is correctly rounded."""
    rng = np.random.default_rng(len(prior_texts) * 31 + sum(map(len, prior_texts)))
    n = len(prior_texts)
    prior = np.array([parse_weight(t) for t in prior_texts])
    prior_dec = [repr(x) for x in prior.tolist()]  # what the doubles stand for
    for _ in range(20):
        k = int(rng.integers(1, 7))
        rows = []
        for _ in range(k):
            texts = [f"{x:.{rng.integers(1, 4)}f}" for x in rng.uniform(0.05, 1.0, n)]
            rows.append((texts, bool(rng.integers(0, 2))))
        obs = [Observation(f"o{i}", np.array([float(t) for t in texts]), comp)
               for i, (texts, comp) in enumerate(rows)]
        steps = update_steps(prior, obs)
        for j, step in enumerate(steps, start=1):
            exact = _exact(prior_dec, rows[:j])
            assert step.posterior.tolist() == [_mp(x) for x in exact]
        # the first step is the lab's one-observation update, bit for bit
        first = binary_gains(prior, obs[0].likelihood)
        one = first.did_not if obs[0].complement else first.happened
        assert steps[0].posterior.tolist() == one.posterior.tolist()
        assert steps[0].update.evidence == one.evidence


def test_each_steps_evidence_is_its_exact_probability_given_the_steps_before():
    prior = np.array([0.2, 0.5, 0.3])
    got = [e for _, e in posteriors_in_turn(prior, [(THETA, False), (THETA, False),
                                                     (THETA, True)])]
    # Σ π·ℓ₁ = 0.53, Σ π·ℓ₁ℓ₂ = 0.325, Σ π·ℓ₁ℓ₂(1 − ℓ₃) = 0.1073
    z = [Fraction(1), Fraction("0.53"), Fraction("0.325"), Fraction("0.1073")]
    assert got == [float(b / a) for a, b in zip(z, z[1:])]
    assert got[0] == posterior_of(prior, THETA)[1]


def test_an_impossible_step_is_refused_naming_it():
    from klgui.core.errors import DistributionError
    with pytest.raises(DistributionError, match=r"Observation 2 \('not sure'\)"):
        update_steps([0.5, 0.5], [("maybe", [1.0, 0.5]), ("not sure", [1.0, 1.0], True)])


def test_the_complement_is_one_minus_the_typed_decimal():
    assert complement(np.array([0.8, 0.7, 0.9, 0.0, 1.0, 0.123])).tolist() == [
        0.2, 0.3, 0.1, 1.0, 0.0, 0.877]
    big = np.full(300, 0.8)  # beyond EXACT_MAX: the doubles' 1.0 − ℓ
    assert complement(big)[0] == 1.0 - 0.8


def test_a_saved_not_step_writes_the_exact_complement_and_reads_back():
    """Old apps read a "not" step's "likelihoods": now 1 − ℓ rounded once (0.2), and the
    column it is the complement of beside it; a file that stored 0.19999999999999996
    (an earlier app) still opens, meaning what it says."""
    snap = Snapshot.of_pair(["0.2", "0.5", "0.8"], ["0.2", "0.5", "0.3"], ["1/3"] * 3)
    lab = BayesLab("heads", ("0.2", "0.5", "0.8"), tuple(TESTER))
    text = session_text(replace(snap, bayes=lab))
    step = json.loads(text)["labs"]["bayes"]["steps"][2]
    assert step == {"name": "not heads", "likelihoods": [0.8, 0.5, 0.2],
                    "complement_of": [0.2, 0.5, 0.8]}
    back = parse_session(text).bayes
    assert back == lab
    prior = np.array([0.2, 0.5, 0.3])
    assert update_steps(prior, back.steps)[-1].posterior.tolist() == [
        0.05964585274930102, 0.5824790307548928, 0.35787511649580617]
    old = json.loads(text)
    del old["labs"]["bayes"]["steps"][2]["complement_of"]
    old["labs"]["bayes"]["steps"][2]["likelihoods"] = [0.8, 0.5, 0.19999999999999996]
    read = parse_session(json.dumps(old)).bayes
    assert not read.steps[2].complement
    assert read.steps[2].likelihood == (0.8, 0.5, 0.19999999999999996)
    exact = _exact(["0.2", "0.5", "0.3"], [(["0.2", "0.5", "0.8"], False)] * 2
                   + [(["0.8", "0.5", "0.19999999999999996"], False)])
    assert update_steps(prior, read.steps)[-1].posterior.tolist() == [_mp(x) for x in exact]


def _d(a, b, unit):
    """D(a‖b) of exact weights (normalized here) with mpmath at 60 digits, as a double."""
    A, B = sum(a), sum(b)
    if any(x and not y for x, y in zip(a, b)):
        return math.inf
    with mpmath.workdps(60):
        def m(x):
            return mpmath.mpf(x.numerator) / x.denominator
        total = mpmath.fsum(m(x / A) * mpmath.log(m(x / A) / m(y / B))
                            for x, y in zip(a, b) if x)
        return float(total / {"bits": mpmath.log(2), "nats": 1}[unit])


@pytest.mark.parametrize("unit", ["bits", "nats"])
def test_every_gain_is_correctly_rounded_for_a_few_hypotheses(unit):
    """Up to PRECISE_MAX hypotheses each step's gain D(after‖before), its reverse and
    the gain so far D(now‖prior) are the doubles nearest the exact beliefs' divergences
    (they came from the rounded beliefs: 1 ulp off now and then)."""
    rng = np.random.default_rng(11)
    for prior_texts in (["0.2", "0.5", "0.3"], ["1/9"] * 9, ["0.1", "0.2", "0.3", "0.4"],
                        [f"{k}/496" for k in range(1, 32)]):
        prior = np.array([parse_weight(t) for t in prior_texts])
        n = prior.size
        for _ in range(6):
            rows = [(np.round(rng.uniform(0.05, 1.0, n), int(rng.integers(1, 4))),
                     bool(rng.integers(0, 2))) for _ in range(int(rng.integers(1, 5)))]
            steps = update_steps(prior, [Observation("o", r, c) for r, c in rows], unit)
            dec = [Fraction(repr(x)) for x in prior.tolist()]
            beliefs = [dec]
            for like, comp in rows:
                f = [Fraction(repr(x)) for x in like.tolist()]
                beliefs.append([w * (1 - g if comp else g) for w, g in zip(beliefs[-1], f)])
            for k, step in enumerate(steps, start=1):
                assert step.update.gain == _d(beliefs[k], beliefs[k - 1], unit)
                assert step.update.reverse == _d(beliefs[k - 1], beliefs[k], unit)
                assert step.total_gain == _d(beliefs[k], beliefs[0], unit)


def test_the_issues_figures_are_the_nearest_doubles():
    theta = np.arange(1, 10) / 10
    prior = np.full(9, 1 / 9)
    one = binary_gains(prior, theta).happened
    t = [Fraction(k, 10) for k in range(1, 10)]
    assert one.gain == _d(t, [Fraction(1)] * 9, "bits")
    assert one.gain == pytest.approx(0.21262995952, abs=1e-11)
    steps = update_steps(prior, [("h", theta), ("h", theta), Observation("t", theta, True)])
    assert steps[-1].total_gain == _d([x * x * (1 - x) for x in t], [Fraction(1)] * 9, "bits")
    assert steps[-1].total_gain == pytest.approx(0.231161093494, abs=1e-12)
    nats = update(prior, theta, "nats")
    assert nats.reverse == _d([Fraction(1)] * 9, t, "nats")
    assert nats.reverse == pytest.approx(0.187012636869, abs=1e-12)


def test_kl_precise_is_compare_precises_kl_alone():
    from klgui.core.errors import DistributionError
    from klgui.core.numerics.precise import compare_precise, kl_precise
    rng = np.random.default_rng(5)
    for _ in range(30):
        n = int(rng.integers(1, 12))
        a = [Fraction(int(x), 97) for x in rng.integers(0, 50, n)]
        b = [Fraction(int(x), 89) for x in rng.integers(0, 50, n)]
        a[0] += 1
        b[0] += 1
        for base in ("bits", "nats", "hartleys"):
            assert kl_precise(a, b, base) == compare_precise(a, b, base).kl_pq
    assert kl_precise([Fraction(1), Fraction(1)], [Fraction(1), Fraction(0)]) == math.inf
    assert math.copysign(1.0, kl_precise([Fraction(1)] * 2, [Fraction(3)] * 2)) == 1.0
    with pytest.raises(DistributionError):
        kl_precise([Fraction(0)], [Fraction(1)])
