"""Formatting, explanations, exact parsing and chart binning (all Qt-free)."""

from fractions import Fraction

import numpy as np
import pytest

from klgui.core import WeightParseError, compare
from klgui.core.numerics.binning import bin_extremes
from klgui.core.teaching.explain import infinite_reason
from klgui.core.formatting import format_figure, full_precision, probability_text
from klgui.core.parsing import parse_exact


@pytest.mark.parametrize("text, value", [
    ("0.1", Fraction(1, 10)), (".8", Fraction(4, 5)), ("4/5", Fraction(4, 5)),
    ("80%", Fraction(4, 5)), ("2e-3", Fraction(1, 500)), (" +3 ", Fraction(3)),
    ("1/6", Fraction(1, 6)), ("0.5/2", Fraction(1, 4)),
])
def test_parse_exact_is_the_decimal_value_not_the_float(text, value):
    assert parse_exact(text) == value


def test_parse_exact_refuses_what_parse_weight_refuses():
    with pytest.raises(WeightParseError, match="not a number"):
        parse_exact("abc")


@pytest.mark.parametrize("value, text", [
    (Fraction(1, 4), "0.25"), (Fraction(1, 6), "1/6"), (Fraction(2), "2"), (Fraction(0), "0"),
    (Fraction(1, 1024), "0.0009765625"), (Fraction(1, 3125), "0.00032"),
    (Fraction(5, 12), "5/12"),
])
def test_probability_text_is_what_a_person_would_type(value, text):
    assert probability_text(value) == text
    assert parse_exact(text) == value  # reads back exactly


def test_probability_text_falls_back_to_the_nearest_float():
    value = Fraction(1, 7919)  # denominator too large for a readable fraction
    assert probability_text(value) == repr(1 / 7919)
    assert parse_exact(probability_text(value)) != value  # honest: one rounding


def test_figures_format_with_a_real_minus_and_infinity():
    assert format_figure(0.0915162218494, 6) == "0.0915162"
    assert format_figure(-0.0131334, 3) == "−0.0131"
    assert format_figure(float("inf"), 6) == "∞"
    assert format_figure(0.0, 6) == "0"
    assert full_precision(0.1) == "0.1" and full_precision(float("inf")) == "inf"
    assert float(full_precision(1 / 3)) == 1 / 3


@pytest.mark.parametrize("value, digits, text", [
    (2.0 ** -10, 6, "0.000976563"),  # exactly 0.0009765625: Binomial(10, 0.5) at 0 and 10
    (2.0 ** -10 * (1 + 2 ** -52), 6, "0.000976563"),  # its p, a hair above: the same
    (0.15, 1, "0.2"), (0.35, 1, "0.4"),  # a hair below the tie as doubles
    (-0.125, 2, "−0.13"), (2.5, 1, "3"), (1500.0, 1, "2e+03"), (0.1234565, 6, "0.123457"),
    (0.1234564, 6, "0.123456"), (0.12345651, 6, "0.123457"), (0.117187, 6, "0.117187"),
])
def test_figures_round_a_written_tie_away_from_zero_as_spreadsheets_do(value, digits, text):
    """Decimal rounding of the number as written (its shortest text), halves away from
    zero: a family's entry 2⁻¹⁰ and its p, one ulp above, showed different last digits."""
    assert format_figure(value, digits) == text
    from decimal import ROUND_HALF_UP, Decimal
    written = Decimal(repr(abs(value)))
    exponent = written.adjusted() - digits + 1
    expected = written.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    assert float(text.replace("−", "-")) == float(expected.copy_sign(Decimal(value)))


def test_a_subnormal_figure_shows_only_the_digits_its_double_holds():
    """1e-320 beside 5 is p = 1.66667e-320 in truth; the nearest subnormal double is
    1.66648e-320 (its spacing is 5e-324): six digits would show wrong ones."""
    p = 1e-320 / 6.0 * 10.0  # the double division gives, as the kernel's does
    assert format_figure(p, 6) == "1.67e−320" and format_figure(-p, 6) == "−1.67e−320"
    assert format_figure(5e-324, 6) == "5e−324"
    assert format_figure(1e-310, 6) == "1e−310" and format_figure(2.5e-308, 6) == "2.5e−308"
    assert format_figure(2.2250738585072014e-308, 6) == "2.22507e−308"  # the least normal


def test_infinite_reason_names_the_outcome_and_the_probability():
    c = compare([0.8, 0.2], [1, 0])
    assert infinite_reason(c, "pq", ["heads", "tails"]) == \
        "Q gives 'tails' probability 0 where P gives 0.2."
    assert infinite_reason(c, "qp", ["heads", "tails"]) == ""
    c = compare([1, 1, 1, 1, 1, 5], [0, 0, 0, 0, 1, 1])
    assert infinite_reason(c, "pq") == ("Q gives probability 0 to outcome 1, outcome 2, outcome 3 "
                                        "and 1 more outcome where P gives a positive probability "
                                        "(0.1, 0.1, 0.1, …).")
    c = compare([1, 1, 2], [1, 0, 0])
    assert infinite_reason(c, "pq", ["a", "b", "c"]) == \
        "Q gives probability 0 to 'b' and 'c', where P gives 0.25 and 0.5."


def test_bins_keep_the_extremes_so_a_single_term_never_disappears():
    values = np.zeros(100_000)
    values[54_321] = 7.0
    values[99_999] = -2.0
    values[10] = np.inf
    bins = bin_extremes(values, 640)
    assert bins.count == 640 and bins.start[0] == 0 and bins.stop[-1] == 100_000
    k = bins.bin_of(54_321)
    assert bins.start[k] <= 54_321 < bins.stop[k] and bins.high[k] == 7.0
    assert bins.low[-1] == -2.0 and bins.infinite[bins.bin_of(10)] and bins.infinite.sum() == 1
    assert bins.high.max() == 7.0  # inf is flagged, not drawn as a finite height
    assert np.all(bins.stop - bins.start >= 156)


def test_bins_of_finite_values_hold_each_bins_largest_and_most_negative_value():
    values = np.random.default_rng(3).normal(size=10_007)
    values[:2000] = np.abs(values[:2000])  # bins with no negative value: low is 0
    bins = bin_extremes(values, 97)
    for k in range(bins.count):
        part = values[bins.start[k]:bins.stop[k]]
        assert bins.high[k] == max(part.max(), 0.0) and bins.low[k] == min(part.min(), 0.0)
    assert bins.low[0] == 0.0 and not bins.infinite.any()


def test_few_values_get_one_bin_each():
    bins = bin_extremes(np.array([0.2, -0.1, np.inf]), 640)
    assert bins.count == 3
    assert bins.high.tolist() == [0.2, 0.0, 0.0] and bins.low.tolist() == [0.0, -0.1, 0.0]
    assert bins.infinite.tolist() == [False, False, True]


def test_asymmetry_and_identity_sentences():
    from klgui.core.teaching.explain import asymmetry_text, identity_text

    coin = compare([0.8, 0.2], [0.6, 0.4])
    assert asymmetry_text(coin) == \
        "Asymmetry: D(P‖Q) − D(Q‖P) = −0.0131334 nats (D(Q‖P) is 1.14× D(P‖Q))"
    assert identity_text(coin) == "H(P,Q) = H(P) + D(P‖Q):\n0.591919 = 0.500402 + 0.0915162 nats"
    assert asymmetry_text(compare([1, 2], [1, 2])) == "P and Q are identical: every divergence is 0."
    assert asymmetry_text(compare([0.5, 0.5], [1, 0])) == \
        "Only one direction is finite: KL divergence is not symmetric."
    assert asymmetry_text(compare([1, 0], [0, 1])) == "Both directions are infinite."


def test_a_ratio_near_1_is_said_in_per_cent_not_as_1x():
    # A tester saw "(D(P‖Q) is 1× D(Q‖P))" for a ratio of 1.002: it read as equal.
    from klgui.core.teaching.explain import asymmetry_text
    c = compare([0.5, 0.3, 0.2], [0.49, 0.31, 0.2])
    a, b = c.kl_pq, c.kl_qp
    percent = (max(a, b) - min(a, b)) / min(a, b) * 100  # 0.43…%: hand check below
    assert 0.1 < percent < 1
    text = asymmetry_text(c)
    assert "1×" not in text
    assert text.endswith(f"is {percent:.2g}% larger than D(P‖Q))") or \
        text.endswith(f"is {percent:.2g}% larger than D(Q‖P))")


def test_a_large_asymmetry_ratio_is_written_as_a_whole_number():
    from klgui.model.document import Document
    from klgui.core.teaching.explain import asymmetry_text
    c = Document(["a", "b"], ["1", "1e-600"], ["1", "1e-3"]).result().comparison
    ratio = c.kl_qp / c.kl_pq
    assert 1000 <= ratio < 1e6
    assert f"D(Q‖P) is {ratio:.0f}× D(P‖Q)" in asymmetry_text(c, 6)
