"""The coding lab's Shannon lengths are those of the distribution the model's doubles
stand for, each read as its shortest decimal: Q = (1e-300, 1) is stored as (1e-300, 1.0),
which adds up to 1 + 1e-300, and its second outcome's exact probability 1/(1 + 1e-300)
is below 1 (length 1, not 0); the die's Q (0.1 five times, 0.5) adds up to just over 1
as doubles but to 1 as decimals, so 0.5 keeps length 1. Oracle: exact fractions."""

import csv
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from klgui.cli import export_main
from klgui.core.labs.coding import (block_coding, coding_report,
                                    shannon_code, shannon_lengths)


def _least_length(q: Fraction) -> int:
    """The least L with q ≥ 2^−L, by counting."""
    length = 0
    while q < Fraction(1, 2 ** length):
        length += 1
    return length


def _oracle(q):
    """Lengths of the decimals (as typed) over their sum."""
    d = [Fraction(repr(float(x))) for x in q]
    total = sum(d)
    return [_least_length(x / total) if x > 0 else -1 for x in d]


def test_a_model_whose_doubles_add_up_to_more_than_one_is_coded():
    # before: lengths 997 and 0, refused as breaking Kraft's inequality
    report = coding_report([0.5, 0.5], [1e-300, 1.0])
    assert report.shannon.lengths.tolist() == [997, 1] == _oracle([1e-300, 1.0])
    assert report.length_shannon == 499.0  # ½·997 + ½·1
    assert report.shannon.codeword(1) == "0"
    assert report.huffman.lengths.tolist() == [1, 1]


@pytest.mark.parametrize("q", [
    [0.5, 0.5, 2.0 ** -60],                  # total 1 + 2^-60: the halves need 2 bits
    [0.25, 0.25, 0.5, 2.0 ** -70, 2.0 ** -70],
    [0.125, 0.5, 0.25, 0.125],               # exactly 1: unchanged
    [0.1] * 10,                              # 0.9999999999999999
    [1 - 2.0 ** -53, 2.0 ** -53, 2.0 ** -80],
])
def test_lengths_are_those_of_q_over_its_exact_total(q):
    lengths = shannon_lengths(np.array(q), normalized=True)
    assert lengths.tolist() == _oracle(q)
    assert sum(Fraction(1, 2 ** int(n)) for n in lengths) <= 1  # Kraft
    assert shannon_code(q).lengths.tolist() == _oracle(q)


def test_the_die_keeps_its_one_bit_codeword():
    """A tester's find: the die's Q, 0.1 five times and 0.5, adds up to just over 1 as
    doubles, and normalizing the doubles gave 0.5 two bits; as typed it is ½: one bit,
    E_P[L] = (5·4 + 1)/6 = 3.5 bits."""
    q = [0.1] * 5 + [0.5]
    assert math.fsum(q) == 1.0 and sum(Fraction(x) for x in q) > 1  # the doubles' sum
    report = coding_report([1 / 6] * 6, q)
    assert report.shannon.lengths.tolist() == [4, 4, 4, 4, 4, 1]
    assert report.length_shannon == pytest.approx(3.5, rel=1e-15)
    blocks = block_coding([1 / 6] * 6, q, sizes=(1, 2))
    assert blocks[0].bits_per_symbol == pytest.approx(3.5, rel=1e-15)


def test_block_coding_codes_blocks_of_the_normalized_model():
    rows = block_coding([0.5, 0.5], [1e-300, 1.0], sizes=(1, 2, 3))
    p, q = [Fraction(1, 2)] * 2, [Fraction(1e-300), Fraction(1)]
    total = sum(q)
    for row in rows:
        exact = Fraction(0)
        for block in itertools.product(range(2), repeat=row.n):
            qb = math.prod((q[i] / total for i in block), start=Fraction(1))
            exact += math.prod((p[i] for i in block), start=Fraction(1)) * _least_length(qb)
        assert row.bits_per_symbol == float(exact / row.n)
    assert rows[1].bits_per_symbol == 498.625  # (1994/4 + 997/2 + 1/4) / 2


def test_export_with_coding_writes_every_file(tmp_path):
    src = tmp_path / "tiny.csv"
    src.write_text("outcome,P,Q\na,1,1e-300\nb,1,1\n", encoding="utf-8")
    coding, summary = tmp_path / "C.csv", tmp_path / "S.csv"
    assert export_main([str(src), "--coding", str(coding),
                     "--summary", str(summary)]) == 0
    with open(coding, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[3] for r in rows[1:]] == ["997", "1"]
    assert summary.exists()
