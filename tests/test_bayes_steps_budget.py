"""Observations in a row: the gains are exact while the exact beliefs stay small (a
budget of EXACT_GAIN_BITS), then computed from the correctly rounded beliefs; the
job's check stops the work between steps; belief_after is update_steps' last belief
without the gains. Oracle: mpmath at 80 digits on the exact beliefs (Fractions)."""

import math

import mpmath
import numpy as np
import pytest

from klgui.core import Cancelled
from klgui.core.errors import DistributionError
from klgui.core.labs.bayes import Observation, belief_after, update_steps
from klgui.core.numerics.doubles import shortest_fraction
from klgui.model.bayes_work import BayesWork

COIN = np.linspace(0.0, 1.0, 11).round(1)


def _exact(prior, observations):
    """The exact belief before any step and after each, normalized, as Fractions."""
    joint = [shortest_fraction(a) for a in prior.tolist()]
    out = [joint]
    for _, like, comp, *_ in observations:
        f = [shortest_fraction(b) for b in np.asarray(like).tolist()]
        joint = [j * (1 - x if comp else x) for j, x in zip(joint, f)]
        out.append(joint)
    return [[j / sum(b) for j in b] for b in out]


def _kl_bits(p, q) -> float:
    with mpmath.workdps(80):
        total = mpmath.mpf(0)
        for a, b in zip(p, q):
            if a and not b:
                return math.inf
            if a:
                pa = mpmath.mpf(a.numerator) / a.denominator
                qb = mpmath.mpf(b.numerator) / b.denominator
                total += pa * mpmath.log(pa / qb, 2)
        return float(total)


def test_a_coin_of_300_steps_stays_exact():
    prior = np.full(11, 1 / 11)
    obs = [Observation("not heads" if i % 3 == 2 else "heads", COIN, i % 3 == 2)
           for i in range(300)]
    steps = update_steps(prior, obs)
    exact = _exact(prior, obs)
    for k in (1, 100, 200, 300):
        assert steps[k - 1].update.gain == _kl_bits(exact[k], exact[k - 1])
        assert steps[k - 1].update.reverse == _kl_bits(exact[k - 1], exact[k])
        assert steps[k - 1].total_gain == _kl_bits(exact[k], exact[0])


def test_full_precision_likelihoods_leave_exactness_and_stay_close():
    rng = np.random.default_rng(11)
    prior = np.full(32, 1 / 32)
    obs = [Observation(f"o{i}", rng.random(32), bool(i % 2)) for i in range(60)]
    steps = update_steps(prior, obs)
    exact = _exact(prior, obs)
    # early steps: exact
    assert steps[4].update.gain == _kl_bits(exact[5], exact[4])
    assert steps[4].total_gain == _kl_bits(exact[5], exact[0])
    # the last ones: past the budget (3e6 bits), from the rounded beliefs, close
    for k in (59, 60):
        for got, want in ((steps[k - 1].update.gain, _kl_bits(exact[k], exact[k - 1])),
                          (steps[k - 1].total_gain, _kl_bits(exact[k], exact[0]))):
            assert got >= 0.0
            assert abs(got - want) <= 1e-12 * want + 1e-300


def test_the_check_is_asked_before_each_step_and_stops_the_work():
    prior = np.full(11, 1 / 11)
    obs = [Observation("heads", COIN)] * 6
    asked = []
    update_steps(prior, obs, cancelled=lambda: asked.append(1) or False)
    assert len(asked) == 6
    asked.clear()
    with pytest.raises(Cancelled):
        update_steps(prior, obs, cancelled=lambda: asked.append(1) or len(asked) == 3)
    assert len(asked) == 3


def test_belief_after_is_the_last_posterior_bit_for_bit():
    rng = np.random.default_rng(5)
    for n in (3, 32, 40):
        prior = rng.random(n)
        prior /= prior.sum()
        obs = [Observation(f"o{i}", rng.random(n).round(3), bool(i % 2)) for i in range(8)]
        want = update_steps(prior, obs)[-1].posterior
        got = belief_after(prior, obs)
        assert got.tobytes() == want.tobytes()
        work = BayesWork("o", tuple("x" * n), obs[0].likelihood, tuple(obs))
        assert work.belief(prior).tobytes() == want.tobytes()


def test_belief_after_refuses_an_impossible_step_as_update_steps_does():
    prior = np.array([0.5, 0.5, 0.0])
    obs = [Observation("heads", [0.5, 0.5, 1.0]), Observation("odd", [0.0, 0.0, 1.0])]
    with pytest.raises(DistributionError, match=r"Observation 2 \('odd'\)") as e1:
        belief_after(prior, obs)
    with pytest.raises(DistributionError) as e2:
        update_steps(prior, obs)
    assert str(e1.value) == str(e2.value)
    assert BayesWork("e", ("a", "b", "c"), [0.5, 0.5, 1.0], tuple(obs)).belief(prior) is prior
    assert belief_after(prior, []).tolist() == [0.5, 0.5, 0.0]
    assert math.isfinite(belief_after(prior, obs[:1])[0])


def test_a_negative_zero_likelihood_is_zero():
    from klgui.core.labs.bayes import likelihood_column, update
    got = update([0.5, 0.5], [-0.0, 1.0]).likelihood
    assert got.tolist() == [0.0, 1.0] and not np.signbit(got).any()
    assert not np.signbit(likelihood_column([-0.0, 0.5])).any()
