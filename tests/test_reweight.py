"""Setting one outcome's probability while the others keep their proportions (issue 21's
dragging bars), checked against Fraction arithmetic written out here. No Qt needed."""

import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klgui.core.errors import DistributionError, WeightParseError
from klgui.core.numerics.reweight import (MAX_TEXT_DENOMINATOR, exact_probability, exact_text,
                                          reweighted, reweighted_fractions,
                                          reweighted_probabilities)
from klgui.core.parsing import parse_exact


def oracle(weights, i, x):
    """p'_j = w_j (1 - x) / sum_{k != i} w_k, p'_i = x, by hand with Fractions."""
    weights = [F(w) for w in weights]
    others = sum(w for j, w in enumerate(weights) if j != i)
    return [F(x) if j == i else w * (1 - F(x)) / others for j, w in enumerate(weights)]


def read(texts):
    return [parse_exact(t) for t in texts]


def test_the_seeds_one_hot_truth_dragged_down_shares_the_rest_evenly():
    # P = [1, 0, 0]: the others weigh nothing, so 0.2 is split between them
    assert reweighted(["1", "0", "0"], 0, 0.8) == ["0.8", "0.1", "0.1"]


def test_model_a_keeps_its_proportions_when_one_bar_moves():
    new = reweighted(["0.8", "0.1", "0.1"], 1, "0.3")
    assert read(new) == oracle(["0.8", "0.1", "0.1"], 1, F(3, 10))
    assert new == ["28/45", "0.3", "7/90"]  # 0.8·0.7/0.9 and 0.1·0.7/0.9, exactly
    assert sum(read(new)) == 1


def test_counts_become_probabilities_and_percent_is_read_exactly():
    new = reweighted(["1", "1", "2"], 2, "25%")
    assert new == ["0.375", "0.375", "0.25"]


def test_typed_forms_are_read_exactly():
    entries = ["4/5", "10%", ".1", "2e-1"]  # weights 0.8, 0.1, 0.1, 0.2 (sum 1.2)
    new = reweighted(entries, 0, "1/2")
    assert read(new) == oracle([F(4, 5), F(1, 10), F(1, 10), F(1, 5)], 0, F(1, 2))
    assert new == ["0.5", "0.125", "0.125", "0.25"]


def test_a_float_from_the_chart_is_read_as_its_shortest_decimal():
    # 0.1 is 1/10 here, not 0.1000000000000000055511151231257827
    assert exact_probability(0.1) == F(1, 10)
    assert reweighted(["1", "1"], 0, 0.1) == ["0.1", "0.9"]
    assert exact_probability(np.float64(0.237)) == F(237, 1000)
    assert exact_probability(1) == 1


def test_x_equal_to_one_empties_every_other_outcome():
    assert reweighted(["2", "3", "5"], 1, 1.0) == ["0", "1", "0"]


def test_x_equal_to_zero_renormalizes_the_others():
    assert reweighted(["2", "3", "5"], 2, 0.0) == ["0.4", "0.6", "0"]


def test_others_all_zero_share_the_rest_evenly_whatever_the_outcome_weighs():
    assert reweighted(["0", "5", "0", "0"], 1, "0.4") == ["0.2", "0.4", "0.2", "0.2"]
    assert reweighted(["0", "5", "0", "0"], 1, 1) == ["0", "1", "0", "0"]
    assert reweighted(["0", "0", "0"], 2, "0.5") == ["0.25", "0.25", "0.5"]  # sums to 0


def test_one_outcome_can_only_have_probability_one():
    assert reweighted(["7"], 0, 0.3) == ["1"]
    assert reweighted_fractions([F(0)], 0, F(0)) == [F(1)]
    assert reweighted_probabilities(np.array([0.5]), 0, 0.2).tolist() == [1.0]


def test_a_denominator_beyond_a_thousand_is_still_written_exactly():
    new = reweighted(["1", "1", "1", "1"], 0, 0.237)  # 0.763 / 3 for each other outcome
    assert new == ["0.237", "763/3000", "763/3000", "763/3000"]
    assert sum(read(new)) == 1


def test_only_a_huge_denominator_falls_back_to_the_nearest_double():
    big = F(1, 999_983) * F(1, 9_999_991)  # denominator ~1e13, beyond the text limit
    assert big.denominator > MAX_TEXT_DENOMINATOR
    text = exact_text(big)
    assert "/" not in text and float(text) == float(big)
    assert exact_text(F(1, 999_983)) == "1/999983"  # within the limit: exact
    assert exact_text(F(1, 4)) == "0.25" and exact_text(F(1, 6)) == "1/6"
    assert exact_text(F(1, 2**12)) == "0.000244140625"  # 12 decimals: written out
    assert exact_text(F(1, 2**13)) == "1/8192"  # 13 decimals: too long, a fraction
    assert exact_text(F(3, 5**12)) == "0.000000012288"


def test_decimal_comma_entries():
    assert reweighted(["0,5", "0,5"], 0, "0,2", decimal_comma=True) == ["0.2", "0.8"]


@pytest.mark.parametrize("entries, i, x, problem", [
    (["1", "abc"], 0, 0.5, WeightParseError),
    (["1", "-1"], 0, 0.5, WeightParseError),
    (["1", "1"], 2, 0.5, DistributionError),
    (["1", "1"], -1, 0.5, DistributionError),
    (["1", "1"], 0, 1.2, DistributionError),
    (["1", "1"], 0, -0.1, DistributionError),
    (["1", "1"], 0, math.nan, DistributionError),
    (["1", "1"], 0, math.inf, DistributionError),
    (["1", "1"], 0, "12/10", DistributionError),
    (["1", "1"], 0, "half", DistributionError),
    (["1", "1"], 0, None, DistributionError),
    ([], 0, 0.5, DistributionError),
])
def test_bad_input_is_refused_with_the_projects_errors(entries, i, x, problem):
    with pytest.raises(problem) as e:
        reweighted(entries, i, x, labels=["heads", "tails"])
    if problem is WeightParseError:
        assert e.value.index == 1
    elif entries and 0 <= i < 2:
        assert "outcome 1 ('heads')" in str(e.value)


def test_the_error_names_the_outcome_out_of_range():
    with pytest.raises(DistributionError, match="no outcome 3: the distribution has 2"):
        reweighted(["1", "1"], 2, 0.5)


weights = st.lists(st.fractions(min_value=0, max_value=50, max_denominator=40),
                   min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(weights, st.data(), st.integers(0, 1000))
def test_exact_rule_against_the_fraction_oracle(ws, data, thousandths):
    i = data.draw(st.integers(0, len(ws) - 1))
    x = F(thousandths, 1000)
    got = reweighted_fractions(ws, i, x)
    assert sum(got) == 1 and all(p >= 0 for p in got)
    others = [w for j, w in enumerate(ws) if j != i]
    if len(ws) == 1:
        assert got == [1]
    elif sum(others) == 0:
        assert got[i] == x and all(p == (1 - x) / (len(ws) - 1) for j, p in enumerate(got)
                                   if j != i)
    else:
        assert got == oracle(ws, i, x)
        # proportions kept: p'_j w_k == p'_k w_j for every pair of other outcomes
        for j in range(len(ws)):
            for k in range(len(ws)):
                if i not in (j, k):
                    assert got[j] * ws[k] == got[k] * ws[j]
    texts = reweighted([f"{w.numerator}/{w.denominator}" for w in ws], i, x)
    for text, p in zip(read(texts), got):  # exact unless the denominator is huge
        if p.denominator <= MAX_TEXT_DENOMINATOR:
            assert text == p
        else:
            assert float(text) == float(p)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0, 1e3), min_size=2, max_size=30), st.data(), st.floats(0, 1))
def test_float_twin_follows_the_exact_rule(ws, data, x):
    i = data.draw(st.integers(0, len(ws) - 1))
    p = np.array(ws)
    got = reweighted_probabilities(p, i, x)
    want = reweighted_fractions([F(w) for w in ws], i, F(x))
    assert got[i] == x
    for g, w in zip(got, want):
        assert g == pytest.approx(float(w), rel=4e-16 * len(ws), abs=2e-323)  # subnormals
    assert p.tolist() == ws  # the input is not changed


def test_float_twin_keeps_small_neighbours_of_a_bar_near_one():
    p = np.array([1 - 1e-12, 3e-13, 7e-13])
    got = reweighted_probabilities(p, 0, 0.5)
    assert got[1] / got[2] == pytest.approx(3 / 7, rel=1e-15)
    assert got.sum() == pytest.approx(1, rel=1e-15)


def test_float_twin_clamps_and_refuses():
    assert reweighted_probabilities(np.array([0.5, 0.5]), 0, 1.5).tolist() == [1.0, 0.0]
    assert reweighted_probabilities(np.array([0.5, 0.5]), 0, -1).tolist() == [0.0, 1.0]
    for bad in (np.array([0.5, -0.5]), np.array([np.nan, 1.0]), np.array([np.inf, 1.0])):
        with pytest.raises(DistributionError):
            reweighted_probabilities(bad, 0, 0.5)
    with pytest.raises(DistributionError):
        reweighted_probabilities(np.array([0.5, 0.5]), 0, math.nan)
    with pytest.raises(DistributionError):
        reweighted_probabilities(np.array([0.5, 0.5]), 5, 0.5)
    big = np.array([1e308, 1e308, 1e308])
    assert reweighted_probabilities(big, 0, 0.5).tolist() == [0.5, 0.25, 0.25]
