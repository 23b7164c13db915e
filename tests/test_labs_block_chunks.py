"""Block coding enumerated in chunks (so a worker never holds the interpreter for long)
gives the same bits per symbol as every block summed exactly (no Qt)."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from klgui.core.labs import coding


def _exact_bits_per_symbol(p, q, n):
    """Σ over all kⁿ blocks of P(block)·⌈−log₂ Q(block)⌉, / n, in exact fractions."""
    total = Fraction(0)
    for block in itertools.product(range(len(p)), repeat=n):
        pb = math.prod((Fraction(p[i]) for i in block), start=Fraction(1))
        qb = math.prod((Fraction(q[i]) for i in block), start=Fraction(1))
        length = 0  # the least L with Q(block) ≥ 2^−L
        while qb < Fraction(1, 2 ** length):
            length += 1
        total += pb * length
    return total / n


@pytest.mark.parametrize("chunk", [1, 7, 4_096])
def test_chunked_enumeration_matches_every_block_summed_exactly(monkeypatch, chunk):
    monkeypatch.setattr(coding, "KINDS_PER_CHUNK", chunk)
    rng = np.random.default_rng(11)
    p, q = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
    rows = coding.block_coding(p, q, sizes=(1, 2, 3, 4))
    for row in rows:
        exact = _exact_bits_per_symbol(p.tolist(), q.tolist(), row.n)
        assert row.bits_per_symbol == pytest.approx(float(exact), rel=1e-15, abs=0)


def test_chunk_size_changes_no_bit(monkeypatch):
    rng = np.random.default_rng(12)
    p, q = rng.dirichlet(np.ones(40)), rng.dirichlet(np.ones(40))
    results = []
    for chunk in (3, 1_000, 10**6):
        monkeypatch.setattr(coding, "KINDS_PER_CHUNK", chunk)
        results.append([r.bits_per_symbol for r in coding.block_coding(p, q)])
    assert results[0] == results[1] == results[2]
    assert results[0][:3] != [None] * 3 and results[0][-1] is None  # 40⁸ kinds: too many


def test_issue_coin_values_unchanged():
    rows = coding.block_coding([0.8, 0.2], [0.6, 0.4])
    got = [r.bits_per_symbol for r in rows]
    assert got[:4] == pytest.approx([1.2, 1.18, 1.034666667, 0.9432], rel=1e-9)
    assert got[7] == pytest.approx(0.92330336, rel=1e-8)
