"""What a person types into a table cell."""

import pytest

from klgui.core import WeightParseError, parse_weight


@pytest.mark.parametrize("text, value", [
    ("0.8", 0.8), (".8", 0.8), ("4/5", 0.8), ("80%", 0.8), ("2e-3", 0.002),
    ("  0.8  ", 0.8), ("1/6", 1 / 6), ("12.5 %", 0.125), ("3", 3.0), ("0", 0.0),
    ("1 / 3", 1 / 3), ("+2", 2.0), ("5.", 5.0), ("1E3", 1000.0), ("7/2", 3.5),
    ("0.1/0.3", 1 / 3),
])
def test_accepted(text, value):
    assert parse_weight(text) == pytest.approx(value, rel=1e-16)


def test_fractions_are_correctly_rounded():
    assert parse_weight("1/3") == 1 / 3
    assert parse_weight("0.1/0.3") == float.fromhex("0x1.5555555555555p-2")  # 1/3, not 0.1/0.3 in floats


@pytest.mark.parametrize("text, words", [
    ("", "empty"), ("   ", "empty"), ("abc", "'abc' is not a number"), ("-0.2", "negative"),
    ("−0.2", "negative"), ("nan", "not a finite number"), ("inf", "not a finite number"),
    ("1/0", "divides by zero"), ("1e999", "too large"), ("0,8", "write decimals with a dot, e.g. 0.8"),
    ("1,000", "ambiguous: write 1000 for the whole number, or 1.000"), ("0.8.1", "not a number"), ("%", "not a number"),
    ("2/3/4", "not a number"), ("1e999/2", "too large"),
])
def test_refused_with_a_reason(text, words):
    with pytest.raises(WeightParseError, match=words):
        parse_weight(text)


def test_message_suggests_what_to_type():
    with pytest.raises(WeightParseError) as info:
        parse_weight("lots")
    assert "0.8, .8, 4/5, 80% or 2e-3" in str(info.value)


def test_the_refusal_says_what_is_wrong_as_a_phrase():
    with pytest.raises(WeightParseError) as info:
        parse_weight(" abc ")
    assert (info.value.text, info.value.problem) == ("abc", "is not a number")


@pytest.mark.parametrize("texts", [
    ["0.8", "0.2"], ["4/5", "20%"], [" 1 ", "+2", "3."], ["1e-300", "0", "5e300"],
])
def test_many_texts_parse_as_each_would(texts):
    from klgui.core.parsing import parse_weights
    assert parse_weights(texts).tolist() == [parse_weight(t) for t in texts]


@pytest.mark.parametrize("bad, problem", [
    ("nan", "not a finite"), ("inf", "not a finite"), ("-0", "negative"), ("1_000", "not a number"),
    ("-1", "negative"), ("abc", "not a number"), ("", "empty"),
])
def test_many_texts_refuse_what_one_text_refuses_and_say_where(bad, problem):
    """numpy's float conversion takes nan, -0 and 1_000; the list parser must not."""
    from klgui.core.parsing import parse_weights
    with pytest.raises(WeightParseError, match=problem) as info:
        parse_weights(["0.5", "1", bad, "2"])
    assert info.value.index == 2
