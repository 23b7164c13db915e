"""The Bayes lab's posterior is correctly rounded: from the typed decimals up to
EXACT_MAX hypotheses (0.2·0.7/0.5 = 0.28), from the doubles with error-free
transformations beyond (checked against Fraction)."""

import csv
import math
from fractions import Fraction

import mpmath
import numpy as np

from klgui.core.labs import posterior as post
from klgui.core.labs.bayes import Observation, binary_gains, update, update_steps
from klgui.io.lab_export import save_bayes


def test_the_testers_posterior_is_the_exact_one(tmp_path):
    u = update([0.2] * 5, [0.1, 0.3, 0.5, 0.7, 0.9])
    assert u.posterior.tolist() == [0.04, 0.12, 0.2, 0.28, 0.36]
    assert u.evidence == 0.5
    path = tmp_path / "bayes.csv"
    save_bayes(path, u, ["0.1", "0.3", "0.5", "0.7", "0.9"])
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [row[3] for row in rows[1:]] == ["0.04", "0.12", "0.2", "0.28", "0.36"]


def test_the_complement_is_formed_exactly():
    gains = binary_gains([0.2] * 5, [0.1, 0.3, 0.5, 0.7, 0.9])
    # 1 − ℓ = 0.9, 0.7, 0.5, 0.3, 0.1 over 2.5: 0.36, 0.28, 0.2, 0.12, 0.04
    assert gains.did_not.posterior.tolist() == [0.36, 0.28, 0.2, 0.12, 0.04]


def test_random_decimals_against_fraction():
    rng = np.random.default_rng(2)
    checked = 0
    for _ in range(400):
        n = int(rng.integers(1, 30))
        prior_texts = [f"{x:.{rng.integers(1, 3)}f}" for x in rng.random(n)]
        prior_texts[0] = f"{1 - sum(Fraction(t) for t in prior_texts[1:]) % 1}"
        prior_texts[0] = str(float(Fraction(prior_texts[0])))
        like_texts = [f"{x:.{rng.integers(1, 4)}f}" for x in rng.random(n)]
        prior_exact = [Fraction(t) for t in prior_texts]
        total = sum(prior_exact)
        if total == 0:
            continue
        prior_exact = [x / total for x in prior_exact]
        prior = np.array([float(x) for x in prior_exact])
        if not all(Fraction(repr(float(x))) == x for x in prior_exact):
            continue  # a ratio no short decimal writes: the doubles' decimals are used
        like = np.array([float(t) for t in like_texts])
        joint = [a * Fraction(t) for a, t in zip(prior_exact, like_texts)]
        m = sum(joint)
        if m == 0:
            continue
        got, evidence = post.posterior_of(prior, like)
        assert got.tolist() == [float(j / m) for j in joint]
        assert evidence == float(m)
        checked += 1
    assert checked >= 40


def test_the_error_free_path_is_correctly_rounded_for_the_doubles(monkeypatch):
    monkeypatch.setattr(post, "EXACT_MAX", 0)  # every size takes the error-free path
    rng = np.random.default_rng(9)
    for _ in range(100):
        n = int(rng.integers(1, 200))
        prior = rng.dirichlet(np.ones(n) * rng.choice([0.1, 1.0, 10.0]))
        like = rng.random(n) ** rng.choice([1, 5])
        joint = [Fraction(a) * Fraction(b) for a, b in zip(prior.tolist(), like.tolist())]
        m = sum(joint)
        got, evidence = post.posterior_of(prior, like)
        assert got.tolist() == [float(j / m) for j in joint]
        assert evidence == float(m)
    got, _ = post.posterior_of(np.array([0.5, 0.5]), np.array([0.0, 0.3]))
    assert got.tolist() == [0.0, 1.0]


def test_the_result_probability_is_the_updates_evidence():
    gains = binary_gains([0.5, 0.5], [0.1, 0.7])
    assert gains.probability == gains.happened.evidence == 0.4
    assert gains.did_not.evidence == 0.6


def test_exact_sums_of_doubles():
    from klgui.core.numerics.binade_sum import as_double_double, binade_sum, exact_sum
    rng = np.random.default_rng(0)
    for _ in range(200):
        v = rng.standard_normal(50) * 10.0 ** rng.integers(-300, 300, 50)
        c = rng.integers(0, 1000, 50)
        total, shift = binade_sum(v, c)
        exact = sum(int(k) * Fraction(x) for k, x in zip(c, v.tolist()))
        assert Fraction(total) * Fraction(2) ** shift == exact
        hi, lo = as_double_double(*exact_sum(np.repeat(v, c)))
        assert hi == float(exact) and lo == float(exact - Fraction(hi))
    assert as_double_double(*exact_sum(np.array([1e308, 1e308]))) == (np.inf, 0.0)
    assert exact_sum(np.array([])) == (0, 0)


def _exact_not(prior, like):
    """The posterior after 'not' and its gain D(posterior‖prior) in bits, for exact
    fractions ``prior`` (the typed weights normalized) and ``like``: mpmath, 50 digits."""
    import mpmath as mp
    with mp.workdps(50):
        joint = [a * (1 - b) for a, b in zip(prior, like)]  # exact
        after = [j / sum(joint) for j in joint]
        f = lambda x: mp.mpf(x.numerator) / x.denominator  # noqa: E731
        gain = mp.fsum(f(x) * mp.log(f(x / y)) for x, y in zip(after, prior) if x) / mp.log(2)
        return [float(x) for x in after], float(gain)


def test_a_not_step_is_the_did_not_result_bit_for_bit():
    """The tester's lab: hypotheses 0.1/0.7/0.9, a flat prior, likelihoods 0.1/0.7/0.9,
    Observed: not heads. In doubles, 1 − 0.7 is 0.30000000000000004 and the step read
    0.2307692307692308, 0.0769230769230769; the exact complement gives the Before
    looking figures."""
    prior, like = np.full(3, 1 / 3), np.array([0.1, 0.7, 0.9])
    did_not = binary_gains(prior, like).did_not
    [step] = update_steps(prior, [Observation("not heads", like, True)])
    assert step.posterior.tolist() == did_not.posterior.tolist() == [
        0.6923076923076923, 0.23076923076923078, 0.07692307692307693]
    assert step.update.gain == did_not.gain and step.total_gain == did_not.gain
    after, gain = _exact_not([Fraction(1, 3)] * 3, [Fraction(1, 10), Fraction(7, 10),
                                                    Fraction(9, 10)])
    assert step.posterior.tolist() == after  # correctly rounded
    assert gain == 0.4448468222065471  # the nearest double; the step's is within 1 ulp
    assert abs(step.update.gain - gain) <= math.ulp(gain)
    # a second 'not' is the exact prior·(1 − ℓ)² rounded once (the belief reached,
    # rounded, updated again read 0.0989010989010989 for 9/91)
    _, second = update_steps(prior, [Observation("not heads", like, True)] * 2)
    assert second.posterior.tolist() == [float(Fraction(k, 91)) for k in (81, 9, 1)]
    assert second.update.prior.tolist() == step.posterior.tolist()
    assert second.update.likelihood.tolist() == [0.9, 0.3, 0.1]  # 1 − ℓ, shown rounded once
    with mpmath.workdps(40):
        a = [mpmath.mpf(k) / 91 for k in (81, 9, 1)]
        b = [mpmath.mpf(k) / 13 for k in (9, 3, 1)]
        exact = float(mpmath.fsum(x * mpmath.log(x / y) for x, y in zip(a, b)) / mpmath.log(2))
    assert math.isclose(second.update.gain, exact, rel_tol=1e-14)
    # a (name, likelihood) pair is still an observation that happened
    [yes] = update_steps(prior, [("heads", like)])
    assert yes.posterior.tolist() == binary_gains(prior, like).happened.posterior.tolist()
