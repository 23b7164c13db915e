"""Labels read as numbers, with the decimal mark they show: ``0,5`` ``1,5`` ``2,5`` are
the numbers 0.5, 1.5, 2.5 (a tester in de_DE found them read as positions 0, 1, 2), and
every place that reads labels as numbers reads them so (core.families.label_numbers).
Qt-free; the window's side is in test_locale_labels_gui.py."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from klgui.core.errors import DistributionError
from klgui.core.families import Binomial, Normal, outcome_values
from klgui.core.families.base import label_numbers
from klgui.core.families.placing import placed


@pytest.mark.parametrize("labels, numbers", [
    (["0,5", "1,5", "2,5"], [0.5, 1.5, 2.5]),
    (["1", "1,5", "2"], [1.0, 1.5, 2.0]),  # whole numbers read alike both ways
    (["\u22121,25", ",5", "2,5e1"], [-1.25, 0.5, 25.0]),
    (["1,000", "0,5"], [1.0, 0.5]),  # 0,5 says the comma is decimal
    (["0.5", "1.5"], [0.5, 1.5]), (["10", "0", "5"], [10.0, 0.0, 5.0]),
    (["0.0", "1.0", "2.0"], [0.0, 1.0, 2.0]), ([" 3 ", "1e3"], [3.0, 1000.0]),
])
def test_labels_are_numbers_with_the_decimal_mark_they_show(labels, numbers):
    assert label_numbers(labels).tolist() == numbers


@pytest.mark.parametrize("labels", [
    ["0.5", "1,5"],  # two marks: no reading
    ["1,000", "2,500"],  # a thousand or one? nothing says
    ["a", "0,5"], ["1,5,5", "2"], ["0,5", "nan"], ["1 000", "2"], ["1.000,5", "2"],
])
def test_labels_that_are_not_all_numbers_one_way_are_not_numbers(labels):
    assert label_numbers(labels) is None
    assert not outcome_values(labels).numeric
    assert outcome_values(labels).values.tolist() == list(range(len(labels)))


def test_a_normal_is_binned_on_decimal_comma_outcomes():
    """The tester's Normal: bins halfway between 0,5 / 1,5 / 2,5, as between 0.5 …"""
    n = Normal(2.0, 3.0)
    cut = stats.norm(2, 3).cdf([1.0, 2.0])
    want = [cut[0], cut[1] - cut[0], 1 - cut[1]]
    assert placed(n, ["0,5", "1,5", "2,5"]) == pytest.approx(want, rel=1e-13)
    assert placed(n, ["0,5", "1,5", "2,5"]).tolist() == placed(n, ["0.5", "1.5", "2.5"]).tolist()


def test_a_tail_and_whole_numbers_with_a_comma_label():
    o = outcome_values(["0", "1,0", "≥ 2"])
    assert o.values.tolist() == [0.0, 1.0, 2.0] and o.tail == 2 and o.whole_numbers is None
    assert placed(Binomial(2, 0.3), ["2,0", "1,0", "0,0"]).tolist() == \
        pytest.approx(stats.binom.pmf([2, 1, 0], 2, 0.3), rel=1e-14)


def test_repeated_numbers_in_two_spellings_are_refused_by_a_normal():
    with pytest.raises(DistributionError, match="distinct"):
        placed(Normal(0.0, 1.0), ["1", "1,0", "2"])


def test_many_labels_and_a_word_among_them():
    labels = [str(k) for k in range(100_000)]
    assert np.array_equal(label_numbers(labels), np.arange(100_000, dtype=float))
    assert label_numbers(["x"] + labels) is None
