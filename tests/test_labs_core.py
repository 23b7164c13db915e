"""The labs' core (no Qt): the issue's values, and mpmath / exact-fraction oracles."""

import heapq
import itertools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest

from klgui.core.errors import DistributionError
from klgui.core.labs.bayes import (binary_gains, expected_gain, likelihood_column, update,
                                   update_steps)
from klgui.core.labs.coding import (MAX_BLOCK_TYPES, block_coding, canonical_codes,
                                    coding_report, huffman_lengths, shannon_lengths)
from klgui.core.labs.sampling import MAX_DRAWS, Sampler, estimator_stats, per_outcome
from klgui.core.teaching import labs_text as text

COIN_P, COIN_Q = [0.8, 0.2], [0.6, 0.4]
THETA = np.arange(1, 10) / 10
UNIFORM9 = np.full(9, 1 / 9)


# -- sampling ------------------------------------------------------------------------
def test_sampling_issue_values():
    s = estimator_stats(COIN_P, COIN_Q)
    assert s.sd["k1"] == pytest.approx(0.39233170120469, rel=1e-13)
    assert s.sd["k3"] == pytest.approx(0.10766829879531, rel=1e-13)
    assert s.mean["k2"] == pytest.approx(0.0811496913158808, rel=1e-14)
    t = estimator_stats([0.5, 0.5, 0], [0.4, 0.4, 0.2])
    assert t.mean["k3"] == pytest.approx(0.0231435513142098, rel=1e-13)
    assert t.divergence == pytest.approx(0.22314355131421, rel=1e-13)
    assert t.q_outside == 0.2
    assert t.bias("k3") == -0.2 and s.bias("k3") == 0.0  # the identity, not a difference
    assert t.bias("k1") == 0.0
    infinite = estimator_stats([0.5, 0.5], [1.0, 0.0])
    assert all(infinite.bias(k) is None for k in ("k1", "k2", "k3"))  # ∞ − ∞: no number
    assert t.sd["k1"] == 0.0  # r is 0.8 at both drawn outcomes


def _mp_stats(p, q):
    with mp.workdps(50):
        rows = [(mp.mpf(a), mp.log(mp.mpf(b) / mp.mpf(a)), mp.mpf(b) / mp.mpf(a))
                for a, b in zip(p, q) if a > 0]
        ks = [[-lr, lr * lr / 2, (r - 1) - lr] for _, lr, r in rows]
        out = {}
        for j, name in enumerate(("k1", "k2", "k3")):
            mean = mp.fsum(w * k[j] for (w, _, _), k in zip(rows, ks))
            var = mp.fsum(w * (k[j] - mean) ** 2 for (w, _, _), k in zip(rows, ks))
            out[name] = (float(mean), float(mp.sqrt(var)))
        return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sampling_against_mpmath(seed):
    rng = np.random.default_rng(seed)
    p = rng.random(12) ** 3
    p[[2, 7]] = 0
    q = rng.random(12)
    q[5] = 1e-9
    p, q = p / p.sum(), q / q.sum()
    s, o = estimator_stats(p, q), _mp_stats(p, q)
    for name in ("k1", "k2", "k3"):
        assert s.mean[name] == pytest.approx(o[name][0], rel=1e-12)
        assert s.sd[name] == pytest.approx(o[name][1], rel=1e-10)
    assert s.mean["k3"] == pytest.approx(s.divergence - s.q_outside, rel=1e-12)


def test_k3_accurate_when_q_is_close_to_p():
    p = np.array([0.5, 0.5])
    q = np.array([0.5 + 1e-9, 0.5 - 1e-9])
    values = per_outcome(p, q)
    with mp.workdps(50):
        r = mp.mpf(q[0]) / mp.mpf(p[0])
        exact = float((r - 1) - mp.log(r))
    assert values[2, 0] == pytest.approx(exact, rel=1e-9)  # u − log1p(u) would be noise
    assert (values[2] >= 0).all()


def test_infinite_divergence_stats_and_words():
    s = estimator_stats([0.5, 0.3, 0.2], [0.5, 0.5, 0.0])
    assert not s.finite and s.infinite == (2,) and s.p_infinite == 0.2
    assert all(math.isinf(v) for v in (*s.mean.values(), *s.sd.values()))
    words = text.sampling_infinite_text(s, ["a", "b", "c"])
    assert "'c'" in words and "no finite mean" in words and "5 draws" in words
    assert text.sampling_statements(s, "nats") == [text.sampling_infinite_text(s)]


def test_sampler_reproducible_and_split_invariant():
    a, b = Sampler(COIN_P, COIN_Q, seed=7), Sampler(COIN_P, COIN_Q, seed=7)
    xa = np.concatenate([a.draw(1) for _ in range(150)] + [a.draw(70_000)])
    xb = b.draw(70_150)
    assert np.array_equal(xa, xb)
    assert np.allclose(a.trace().mean, b.trace().mean, rtol=1e-12, atol=1e-15)
    gen = np.random.Generator(np.random.PCG64(7))
    assert np.array_equal(xb, (gen.random(70_150) >= 0.8).astype(int))
    a.reset()
    assert a.n == 0 and np.array_equal(a.draw(150), xb[:150])
    assert not np.array_equal(Sampler(COIN_P, COIN_Q, seed=8).draw(150), xb[:150])


def test_sampler_running_means_match_direct_computation():
    s = Sampler([0.5, 0.25, 0.25, 0.0], [0.25, 0.25, 0.25, 0.25], seed=3)
    x = s.draw(5000)
    k = per_outcome(s.p, s.q)[:, x]
    trace = s.trace()
    for j in range(3):
        for n in (1, 2, 17, 5000):
            assert trace.mean[j, n - 1] == pytest.approx(k[j, :n].mean(), rel=1e-12, abs=1e-15)
        assert trace.se[j, 4999] == pytest.approx(k[j].std(ddof=1) / math.sqrt(5000), rel=1e-9)
        assert math.isinf(trace.se[j, 0])
    assert 3 not in x  # P rules it out
    assert s.frequencies().sum() == pytest.approx(1.0)
    # The ±2 SE band of 5,000 draws holds the exact mean (fixed seed: deterministic)
    mean, se = s.current()
    for j, name in enumerate(("k1", "k2", "k3")):
        assert abs(mean[j] - s.stats.mean[name]) < 2 * se[j]


def test_sampler_infinite_mean_after_first_impossible_draw():
    s = Sampler([0.9, 0.1], [1.0, 0.0], seed=0)
    x = s.draw(200)
    first = int(np.argmax(x == 1)) + 1
    assert s.first_infinite == first
    trace = s.trace()
    assert np.isfinite(trace.mean[:, :first - 1]).all()
    assert np.isinf(trace.mean[:, first - 1:]).all() and not np.isnan(trace.se).any()
    assert "∞" in text.sampling_progress(s.n, *s.current(), s.stats, "nats",
                                         first_infinite=s.first_infinite)


def test_sampler_refuses_bad_requests():
    with pytest.raises(DistributionError, match="seed"):
        Sampler(COIN_P, COIN_Q, seed=-1)
    s = Sampler(COIN_P, COIN_Q)
    with pytest.raises(DistributionError, match="cannot draw"):
        s.draw(-1)
    with pytest.raises(DistributionError, match="at most"):
        s.draw(MAX_DRAWS + 1)
    with pytest.raises(DistributionError, match="sums to"):
        estimator_stats([0.5, 0.2], COIN_Q)
    with pytest.raises(DistributionError, match="outcomes"):
        estimator_stats([0.5, 0.5], [1 / 3] * 3)


def test_sampling_text_names_the_bias():
    s = estimator_stats([0.5, 0.5, 0], [0.4, 0.4, 0.2])
    joined = " ".join(text.sampling_statements(s, "nats"))
    assert "biased" in joined and "0.02314" in joined and "0.2231" in joined
    assert "instead" in text.sampling_conclusion(s, "nats")
    coin = estimator_stats(COIN_P, COIN_Q)
    statement = " ".join(text.sampling_statements(coin, "bits"))
    assert f"{0.0811496913158808 / math.log(2):.4g} bits" in statement  # E[k2] in bits
    assert "unbiased because" in statement


# -- coding --------------------------------------------------------------------------
def test_coding_issue_values():
    r = coding_report([0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.25, 0.125])
    assert r.shannon.lengths.tolist() == [3, 1, 2, 3]
    assert r.length_shannon == 2.375 and r.entropy_p == 1.75
    assert r.divergence == pytest.approx(0.625, rel=1e-15)
    assert [r.shannon.codeword(i) for i in range(4)] == ["110", "0", "10", "111"]
    assert all(r.brackets().values())


def test_block_coding_issue_values():
    rows = block_coding([0.8, 0.2], [0.6, 0.4])
    got = [row.bits_per_symbol for row in rows]
    for n, want in zip((1, 2, 3, 4), (1.2, 1.18, 1.034666667, 0.9432)):
        assert got[n - 1] == pytest.approx(want, rel=1e-9)
    assert got[7] == pytest.approx(0.92330336, rel=1e-9)
    h = coding_report([0.8, 0.2], [0.6, 0.4]).cross_entropy
    assert h == pytest.approx(0.853958094310437, rel=1e-14)
    for row in rows:
        assert h <= row.bits_per_symbol < h + 1 / row.n
        assert row.blocks == 2 ** row.n and row.kinds == row.n + 1


def test_block_coding_against_brute_force_fractions():
    p = [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]
    q = [Fraction(1, 4), Fraction(1, 4), Fraction(1, 2)]
    rows = block_coding([float(x) for x in p], [float(x) for x in q], sizes=(1, 2, 3, 4))
    fq = [Fraction(float(x)) for x in q]  # the floats the code is built for
    for row in rows:
        total = Fraction(0)
        for block in itertools.product(range(3), repeat=row.n):
            qb = math.prod(fq[i] for i in block)
            length = 0
            while Fraction(1, 2 ** length) > qb:
                length += 1  # smallest L with 2^−L ≤ q: ⌈−log₂ q⌉, exactly
            total += math.prod(p[i] for i in block) * length
        assert row.bits_per_symbol == pytest.approx(float(total / row.n), rel=1e-14)


def test_block_coding_says_when_too_many():
    rows = block_coding(np.full(20, 0.05), np.full(20, 0.05))
    assert rows[0].enumerated and not rows[7].enumerated
    assert rows[7].kinds == math.comb(27, 8) > MAX_BLOCK_TYPES
    assert rows[7].blocks == 20 ** 8
    assert "too many kinds of block" in text.block_text(rows, 4.32)


def test_shannon_lengths_exact_at_powers_of_two():
    q = np.array([0.125, 0.5, 1.0, 0.25 + 2 ** -60, 0.25 - 2 ** -55, 2 ** -1074, 0.0, 0.6])
    want = [3, 1, 0, 2, 3, 1074, -1, 1]
    assert shannon_lengths(q).tolist() == want
    for value, length in zip(q[:6], want):
        assert Fraction(1, 2 ** length) <= Fraction(value) < Fraction(2, 2 ** length)


def _heap_huffman_cost(q):
    heap = [(x, i) for i, x in enumerate(q) if x > 0]
    heapq.heapify(heap)
    cost, counter = 0.0, len(q)
    while len(heap) > 1:
        a, b = heapq.heappop(heap), heapq.heappop(heap)
        cost += a[0] + b[0]
        counter += 1
        heapq.heappush(heap, (a[0] + b[0], counter))
    return cost  # the sum of internal nodes' weights is E_Q[L]


@pytest.mark.parametrize("seed", range(5))
def test_huffman_optimal_prefix_and_deterministic(seed):
    rng = np.random.default_rng(seed)
    q = rng.random(40) ** 4
    q[[3, 9]] = 0
    q /= q.sum()
    lengths = huffman_lengths(q)
    assert lengths[3] == lengths[9] == -1
    used = lengths >= 0
    assert float(np.sum(q[used] * lengths[used])) == pytest.approx(_heap_huffman_cost(q),
                                                                   rel=1e-12)
    assert sum(Fraction(1, 2 ** int(n)) for n in lengths[used]) == 1  # a full tree
    codes = canonical_codes(lengths)
    words = [format(c, f"0{n}b") for c, n in zip(codes, lengths) if c is not None]
    assert not any(a != b and b.startswith(a) for a in words for b in words)
    assert np.array_equal(huffman_lengths(q), lengths)


def test_huffman_ties_break_by_outcome():
    assert huffman_lengths([0.25] * 4).tolist() == [2, 2, 2, 2]
    # A leaf goes before an internal node of equal weight (the minimum-variance choice):
    # {.2, .2} → .4, then leaf .2 + leaf .4 (not the new node), then .4 + .6.
    assert huffman_lengths([0.4, 0.2, 0.2, 0.2]).tolist() == [2, 2, 2, 2]
    assert huffman_lengths([0.2, 0.2, 0.2, 0.4]).tolist() == [2, 2, 2, 2]
    assert huffman_lengths([1.0, 0.0]).tolist() == [0, -1]


def test_uncodable_outcome_is_infinite():
    r = coding_report([0.5, 0.5, 0.0], [0.5, 0.0, 0.5])
    assert r.uncodable == (1,) and math.isinf(r.length_shannon) and math.isinf(r.divergence)
    assert r.shannon.codeword(1) == "—"
    assert math.isinf(block_coding([0.5, 0.5], [1.0, 0.0])[0].bits_per_symbol)
    assert "D(P‖Q) = ∞" in text.coding_conclusion(r)
    # A q = 0 that P never emits costs nothing
    ok = coding_report([0.5, 0.5, 0.0], [0.5, 0.5, 0.0])
    assert ok.length_shannon == 1.0 and ok.uncodable == ()


def test_kraft_violation_refused():
    with pytest.raises(DistributionError, match="Kraft"):
        canonical_codes(np.array([1, 1, 1]))


def test_coding_text():
    r = coding_report([0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.25, 0.125])
    joined = " ".join(text.coding_statements(r))
    assert "2.375" in joined and "1.75" in joined and "0.625" in joined
    assert "0.625 bits is the price" in text.coding_conclusion(r)


# -- Bayes ---------------------------------------------------------------------------
def test_bayes_issue_values():
    one = update(UNIFORM9, THETA)
    assert one.gain == pytest.approx(0.21262995952, rel=1e-10)
    assert update(UNIFORM9, THETA, "nats").reverse == pytest.approx(0.187012636869, rel=1e-10)
    steps = update_steps(UNIFORM9, [("heads", THETA), ("heads", THETA), ("tails", 1 - THETA)])
    assert steps[-1].total_gain == pytest.approx(0.231161093494, rel=1e-10)
    assert steps[0].update.gain == steps[0].total_gain


def test_bayes_against_mpmath():
    prior = np.array([0.1, 0.2, 0.3, 0.4])
    like = np.array([0.9, 0.05, 0.5, 0.0])
    with mp.workdps(40):
        joint = [mp.mpf(a) * mp.mpf(b) for a, b in zip(prior, like)]
        m = mp.fsum(joint)
        post = [j / m for j in joint]
        gain = mp.fsum(x * mp.log(x / mp.mpf(a), 2) for x, a in zip(post, prior) if x > 0)
        no = [mp.mpf(a) * (1 - mp.mpf(b)) for a, b in zip(prior, like)]
        mn = mp.fsum(no)
        gain_no = mp.fsum((x / mn) * mp.log((x / mn) / mp.mpf(a), 2)
                          for x, a in zip(no, prior) if x > 0)
        info = float(m * gain + mn * gain_no)
    u = update(prior, like)
    assert u.gain == pytest.approx(float(gain), rel=1e-13)
    assert math.isinf(u.reverse) and u.evidence == pytest.approx(float(m), rel=1e-15)
    b = binary_gains(prior, like)
    assert b.expected == pytest.approx(info, rel=1e-12)
    assert expected_gain(prior, [like, 1 - like]) == pytest.approx(info, rel=1e-12)
    # mutual information from the joint table, as I = H(R) − H(R | H)
    with mp.workdps(40):
        h_r = -sum(x * mp.log(x, 2) for x in (m, mn))
        h_r_given = -mp.fsum(mp.mpf(a) * (mp.mpf(c) * mp.log(mp.mpf(c), 2) if c > 0 else 0)
                             for a, v in zip(prior, like) for c in (v, 1 - v))
    assert b.expected == pytest.approx(float(h_r - h_r_given), rel=1e-12)


def test_bayes_uninformative_and_impossible():
    flat = update(UNIFORM9, np.full(9, 0.3))
    assert flat.gain == 0.0 and flat.reverse == 0.0
    with pytest.raises(DistributionError, match="probability 0 under every hypothesis"):
        update([0.5, 0.5, 0.0], [0.0, 0.0, 1.0])
    with pytest.raises(DistributionError, match="'b'.*between 0 and 1"):
        likelihood_column([0.5, 1.5], ["a", "b"])
    with pytest.raises(DistributionError, match="Observation 2"):
        update_steps([0.5, 0.5], [("x", [1.0, 0.0]), ("y", [0.0, 1.0])])
    b = binary_gains([0.5, 0.5], [1.0, 1.0])
    assert b.did_not is None and b.expected == 0.0
    with pytest.raises(DistributionError, match="add up"):
        expected_gain([0.5, 0.5], [[0.5, 0.5], [0.6, 0.5]])


def test_bayes_text():
    b = binary_gains(UNIFORM9, THETA)
    lines = text.bayes_statements("heads", b)
    assert "0.2126 bits" in lines[0] and "not 'heads'" in lines[1]
    assert "mutual information" in lines[2]
    assert "0.2126 bits" in text.bayes_conclusion("heads", b.happened)
    steps = update_steps(UNIFORM9, [("heads", THETA), ("tails", 1 - THETA)])
    assert text.steps_text(steps)[0].startswith("1. heads: gained 0.2126 bits")
