"""One decimal comma for weights (klgui.core.parsing), outcome labels
(klgui.core.families.base.label_number) and logits (klgui.core.families.logits_text):
the same texts read as the same numbers, or are refused by all three. A reviewer found
the label ``1,`` read as 1 where the weight and the logit ``1,`` were refused."""

from __future__ import annotations

import pytest

from klgui.core.errors import DistributionError, WeightParseError
from klgui.core.families.base import label_number, label_numbers
from klgui.core.families.logits_text import read_logits
from klgui.core.parsing import comma_may_group, parse_exact


@pytest.mark.parametrize("text, value", [
    ("0,5", 0.5), (",5", 0.5), ("12,25", 12.25), ("2,5e-3", 0.0025), ("3", 3.0),
    ("1,000", 1.0),  # where decimals have a comma, a comma is the decimal mark
])
def test_a_decimal_comma_reads_alike_as_weight_label_and_logit(text, value):
    assert float(parse_exact(text, decimal_comma=True)) == value
    assert label_number(text, decimal_comma=True) == value
    assert float(read_logits(text, decimal_comma=True)[0]) == value


@pytest.mark.parametrize("text", ["1,", "1,2,3", "1,,5", ",", "1,5,"])
def test_a_comma_that_is_not_one_decimal_comma_is_refused_by_all_three(text):
    # ``1,``: no locale writes 1 so, and in ``1, 2`` the comma separates two logits
    with pytest.raises(WeightParseError):
        parse_exact(text, decimal_comma=True)
    assert label_number(text, decimal_comma=True) is None
    with pytest.raises(DistributionError, match="reads two ways with a decimal comma"):
        read_logits(text, decimal_comma=True)


def test_a_label_1_comma_is_no_number_so_the_column_is_read_by_position():
    assert label_numbers(["1,", "2"]) is None
    assert label_numbers(["1,5", "2"]).tolist() == [1.5, 2.0]


@pytest.mark.parametrize("text", ["1.000", "999.000"])
def test_dots_between_thousands_read_two_ways_where_decimals_have_a_comma(text):
    with pytest.raises(WeightParseError, match="is ambiguous"):
        parse_exact(text, decimal_comma=True)
    with pytest.raises(DistributionError, match="reads two ways"):
        read_logits(text, decimal_comma=True)
    assert parse_exact(text, decimal_comma=False) == float(text)  # a decimal dot there


@pytest.mark.parametrize("text, may", [
    ("1,000", True), ("\u22122,500", True), ("-2,500", True), ("12,345e3", True),
    ("1,000%", True), ("1234,567", True), ("0,500", False), ("00,500", False),
    ("1,5", False), ("1,0000", False), ("1,00", False), ("1,", False), ("abc", False),
])
def test_a_comma_with_three_digits_after_a_whole_part_may_separate_thousands(text, may):
    assert comma_may_group(text) is may


@pytest.mark.parametrize("texts, read", [
    (["1,000", "2,500"], None),  # weights in a dot locale refuse each as ambiguous
    (["1234,567"], None),
    (["1,000", "0,5"], [1.0, 0.5]),  # 0,5 says the comma is decimal
    (["0,500", "1"], [0.5, 1.0]),
])
def test_labels_and_weights_share_the_thousands_doubt(texts, read):
    got = label_numbers(texts)
    assert (got if got is None else got.tolist()) == read
    for t in texts:
        if comma_may_group(t):
            with pytest.raises(WeightParseError, match="is ambiguous"):
                parse_exact(t)
