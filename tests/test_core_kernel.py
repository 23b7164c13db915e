"""The kernel's blocks and batches: where the outcomes are cut must not show.

compare() works through the outcomes in blocks and hands the close ones (|v| < 0.1) to
a later batch. Small block and batch sizes here make every boundary fall inside the
data: close, far, equal, zero and one-sided outcomes on either side of it.
"""

import math

import mpmath as mp
import numpy as np
import pytest

from klgui.core import compare
from klgui.core.numerics import kernel
from oracle import oracle, relative_error

BARS = {"kl_pq": 1e-13, "kl_qp": 1e-13, "jeffreys": 1e-13, "entropy_p": 1e-13,
        "entropy_q": 1e-13, "cross_entropy_pq": 1e-13, "cross_entropy_qp": 1e-13,
        "js_divergence": 1e-10, "total_variation": 1e-12, "hellinger": 1e-12,
        "bhattacharyya": 1e-12}


def _mixed(n: int, seed: int, zeros: bool) -> tuple[np.ndarray, np.ndarray]:
    """Weights whose outcomes are far, close at every scale up to the series' edge
    (|v| up to 0.099), equal, and (optionally) zero on one or both sides."""
    rng = np.random.default_rng(seed)
    p = rng.random(n)
    if zeros:
        p[::17] = 0.0
    kind = rng.integers(0, 3, n)  # 0 far, 1 close, 2 equal
    v = rng.choice([1e-12, 1e-6, 1e-3, 0.03, 0.099], n) * rng.choice([-1, 1], n)
    q = p * (1 - v) / (1 + v)
    q[kind == 2] = p[kind == 2]
    far = np.flatnonzero(kind == 0)
    q[far] = rng.permutation(p[far])
    if zeros:
        q[far[::7]] = 0.0
    # Give the far outcomes the mass the others gained or lost, so that Q sums as P
    # does and the close ones stay as close after normalization.
    others = np.ones(n, dtype=bool)
    others[far] = False
    q[far] *= (p.sum() - q[others].sum()) / q[far].sum()
    return p * 1000, q * 7  # different totals: exact normalization matters


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(kernel, "BLOCK", 64)
    monkeypatch.setattr(kernel, "FLUSH", 40)


@pytest.mark.parametrize("zeros", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_small_blocks_and_batches_match_mpmath(small_blocks, seed, zeros):
    a, b = _mixed(700, seed, zeros)
    got, want = compare(a, b), oracle(a, b)
    for figure, bar in BARS.items():
        err = relative_error(getattr(got, figure), want[figure])
        assert err <= bar, f"{figure}: rel {err:.1e}"


@pytest.mark.parametrize("zeros", [False, True])
def test_block_size_does_not_change_the_result(monkeypatch, zeros):
    a, b = _mixed(3000, 5, zeros)
    whole = compare(a, b)
    monkeypatch.setattr(kernel, "BLOCK", 100)
    monkeypatch.setattr(kernel, "FLUSH", 7)
    cut = compare(a, b)
    assert np.array_equal(cut.p, whole.p) and np.array_equal(cut.q, whole.q)
    assert np.array_equal(cut.contributions_pq, whole.contributions_pq)
    assert np.array_equal(cut.contributions_qp, whole.contributions_qp)
    assert cut.infinite_pq == whole.infinite_pq and cut.infinite_qp == whole.infinite_qp
    for figure in BARS:
        assert getattr(cut, figure) == pytest.approx(getattr(whole, figure), rel=1e-14)


def test_contributions_of_close_and_far_outcomes_against_mpmath(small_blocks):
    a, b = _mixed(300, 9, zeros=True)
    got = compare(a, b)
    with mp.workdps(60):
        A, B = mp.fsum(map(mp.mpf, a)), mp.fsum(map(mp.mpf, b))
        for i, (x, y) in enumerate(zip(a, b)):
            p, q = mp.mpf(x) / A, mp.mpf(y) / B
            want_pq = 0.0 if p == 0 else (math.inf if q == 0 else float(p * mp.log(p / q)))
            want_qp = 0.0 if q == 0 else (math.inf if p == 0 else float(q * mp.log(q / p)))
            if math.isinf(want_pq):
                assert i in got.infinite_pq
            else:
                assert relative_error(got.contributions_pq[i], want_pq) < 1e-13, i
            if math.isinf(want_qp):
                assert i in got.infinite_qp
            else:
                assert relative_error(got.contributions_qp[i], want_qp) < 1e-13, i


def test_one_outcome_and_exactly_one_block(monkeypatch):
    assert compare([1.0], [3.0]).kl_pq == 0.0
    monkeypatch.setattr(kernel, "BLOCK", 4)
    c = compare([0.8, 0.1, 0.05, 0.05], [0.6, 0.2, 0.1, 0.1])
    want = 0.8 * math.log(0.8 / 0.6) + 0.1 * math.log(0.5) + 2 * 0.05 * math.log(0.5)
    assert c.kl_pq == pytest.approx(want, rel=1e-15)


def test_the_mixed_data_has_every_kind_of_outcome():
    a, b = _mixed(700, 0, zeros=True)
    p, q = a / a.sum(), b / b.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.abs(p - q) / (p + q)
    for low, high in ((0, 1e-11), (1e-7, 1e-5), (0.02, 0.04), (0.09, 0.1), (0.2, 1.0)):
        assert ((v >= low) & (v < high)).any(), (low, high)
    assert (p == 0).any() and ((q == 0) & (p > 0)).any() and ((p == 0) & (q == 0)).any()


def test_weights_too_large_to_sum_directly_are_scaled_first():
    a, b = [1e305, 5e304, 1.0], [1.0, 2.0, 3.0]
    got, want = compare(a, b), oracle(a, b)
    for figure, bar in BARS.items():
        assert relative_error(getattr(got, figure), want[figure]) <= bar, figure
    from klgui.core.numerics.exact import dd_sum
    assert dd_sum([1e305, 1e305]) == (2e305, 0.0)
    assert dd_sum([1e308, 1e308]) == (math.inf, 0.0)  # the true sum overflows
    assert dd_sum([]) == (0.0, 0.0)


def test_scratch_buffers_are_kept_per_thread_and_never_shared():
    from klgui.core.numerics.scratch import borrowed
    with borrowed((5,)) as first:
        with borrowed((5,)) as nested:  # while one is out, another is made
            assert nested is not first
    with borrowed((5,)) as again:
        assert again is first or again is nested


def test_comparisons_on_two_threads_at_once_do_not_disturb_each_other():
    from concurrent.futures import ThreadPoolExecutor
    cases = [_mixed(5000, seed, zeros=bool(seed % 2)) for seed in range(6)]
    alone = [compare(a, b) for a, b in cases]
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(lambda ab: compare(*ab), cases * 3))
    for i, c in enumerate(together):
        want = alone[i % len(cases)]
        assert np.array_equal(c.contributions_pq, want.contributions_pq)
        assert (c.kl_pq, c.js_divergence, c.entropy_q) == (want.kl_pq, want.js_divergence,
                                                           want.entropy_q)
