"""What a person types into a table cell."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    ("1/0", "divides by zero"), ("1e99999", "far outside the range"),
    ("1,000", "ambiguous: write 1000 for the whole number, or 1.000"), ("0.8.1", "not a number"), ("%", "not a number"),
    ("2/3/4", "not a number"), ("1e100000000/1", "exponents from −9999 to 9999"),
    ("1" * 1001, "1,001 digits"), ("0,8,1", "not a number"), ("1,5.2", "not a number"),
])
def test_refused_with_a_reason(text, words):
    with pytest.raises(WeightParseError, match=words):
        parse_weight(text)


_ACCOUNTING = ("'-' is not a number (a spreadsheet's accounting format shows 0 as '-'); write "
               "a weight of zero as 0.")
_DASHES = "is not a number (dashes mark an empty or zero cell in accounting formats and " \
    "reports); write a weight of zero as 0."
_FORMULA = ("is not a number but a spreadsheet's error value: the spreadsheet's formula for "
            "that cell failed; fix the formula or write the number.")


@pytest.mark.parametrize("text, message", [
    ("-", _ACCOUNTING), (" - ", _ACCOUNTING),  # it said: has a minus sign
    ("--", f"'--' {_DASHES}"), ("- -", f"'- -' {_DASHES}"),  # they said: is negative
    ("\u2013\u2013", f"'\u2013\u2013' {_DASHES}"), ("---", f"'---' {_DASHES}"),
    ("#DIV/0!", f"'#DIV/0!' {_FORMULA}"), ("#N/A", f"'#N/A' {_FORMULA}"),
    ("#VALUE!", f"'#VALUE!' {_FORMULA}"), ("#NAME?", f"'#NAME?' {_FORMULA}"),
    ("Err:502", f"'Err:502' {_FORMULA}"),  # LibreOffice's
])
def test_a_spreadsheets_zero_dash_and_error_values_are_refused_saying_what_they_are(
        text, message):
    with pytest.raises(WeightParseError) as info:
        parse_weight(text)
    assert str(info.value) == message


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
    ("nan", "not a finite"), ("inf", "not a finite"), ("-0", "minus sign"), ("1_000", "not a number"),
    ("-1", "negative"), ("abc", "not a number"), ("", "empty"),
])
def test_many_texts_refuse_what_one_text_refuses_and_say_where(bad, problem):
    """numpy's float conversion takes nan, -0 and 1_000; the list parser must not."""
    from klgui.core.parsing import parse_weights
    with pytest.raises(WeightParseError, match=problem) as info:
        parse_weights(["0.5", "1", bad, "2"])
    assert info.value.index == 2


@pytest.mark.parametrize("text, exact", [
    ("0,8", "4/5"), ("1,5", "3/2"), ("0,800", "4/5"), (",25", "1/4"), ("12,5 %", "1/8"),
    ("1,5e3", "1500"), ("½", "1/2"), ("1½", "3/2"), ("1⁄3", "1/3"), ("1∕4", "1/4"),
    ("１２", "12"), ("٣", "3"), ("1e−3", "1/1000"), ("\u00a00.5\u202f", "1/2"),
])
def test_decimal_commas_and_look_alikes_with_one_reading_are_read(text, exact):
    from fractions import Fraction

    from klgui.core.parsing import parse_exact
    assert parse_exact(text) == Fraction(exact)
    assert parse_weight(text) == float(Fraction(exact))


@pytest.mark.parametrize("text", ["−0.2", "–1", "－3", "-1e-3"])
def test_a_leading_minus_of_any_kind_is_a_negative_weight(text):
    with pytest.raises(WeightParseError, match="negative"):
        parse_weight(text)


def test_a_refused_cell_names_an_invisible_character_by_code_point_not_as_an_escape():
    with pytest.raises(WeightParseError) as info:
        parse_weight("12\u00a034")
    message = str(info.value)
    assert "U+00A0, a no-break space" in message
    assert "\\x" not in message and "\u00a0" not in message


def test_a_refused_cell_with_a_visible_mistake_does_not_blame_an_invisible_character():
    with pytest.raises(WeightParseError) as info:
        parse_weight("0.4\u00a0x")
    assert str(info.value).startswith("'0.4 x' is not a number. Type a number")


@pytest.mark.parametrize("text", ["abc", "", "1/0", "nan"])
def test_the_hint_shows_the_locales_decimal_mark(text):
    """In a decimal-comma locale it said "such as 0.8, .8"."""
    with pytest.raises(WeightParseError) as info:
        parse_weight(text, decimal_comma=True)
    assert str(info.value).endswith(" Type a number ≥ 0 such as 0,8, 4/5, 80% or 2e-3.")
    with pytest.raises(WeightParseError) as info:
        parse_weight(text)
    assert str(info.value).endswith(" Type a number ≥ 0 such as 0.8, .8, 4/5, 80% or 2e-3.")


def test_a_long_refused_cell_is_quoted_in_part_on_one_line():
    with pytest.raises(WeightParseError) as info:
        parse_weight("x" * 5000)
    assert len(str(info.value)) < 200 and "\n" not in str(info.value)


def test_weights_beyond_the_double_range_are_read_not_refused():
    from fractions import Fraction

    from klgui.core.parsing import parse_exact
    assert parse_weight("1e400") == float("inf") and parse_exact("1e400") == 10 ** 400
    assert parse_weight("1e-349") == 0.0 and parse_exact("1e-349") == Fraction(1, 10 ** 349)


def test_in_a_decimal_comma_locale_a_comma_is_the_decimal_mark():
    from klgui.core.parsing import canonical_entry
    assert parse_weight("1,000", decimal_comma=True) == 1.0
    assert canonical_entry("1,000", decimal_comma=True) == "1.000"  # shown as 1,000
    assert canonical_entry("0,8", decimal_comma=True) == "0,8"  # one reading anywhere
    assert canonical_entry("0.25", decimal_comma=True) == "0.25"
    with pytest.raises(WeightParseError, match="ambiguous: write 1000 for the whole number"):
        parse_weight("1.000", decimal_comma=True)


@pytest.mark.parametrize("text, exact", [
    ("1.000,5", "2001/2"), ("1,000.5", "2001/2"), ("1.000.000", "1000000"),
    ("1,000,000", "1000000"), ("1 234,5", "2469/2"), ("1\u00a0234", "1234"),
    ("1\u202f234,25", "4937/4"), ("1'234.5", "2469/2"), ("1.000,50%", "2001/200"),
])
def test_thousands_grouped_in_strict_threes_are_read_when_there_is_one_reading(text, exact):
    from fractions import Fraction

    from klgui.core.parsing import parse_exact
    assert parse_exact(text) == Fraction(exact)


@pytest.mark.parametrize("text", ["1,000,5", "12 34", "1.00.000", "1,0000.5"])
def test_groups_that_are_not_strict_threes_are_refused(text):
    with pytest.raises(WeightParseError):
        parse_weight(text)


@pytest.mark.parametrize("text", ["-0", "−0.0", "-.0"])
def test_a_minus_zero_is_refused_with_what_to_write(text):
    with pytest.raises(WeightParseError, match="has a minus sign; write a weight of zero as 0"):
        parse_weight(text)


@pytest.mark.parametrize("typed, kept", [
    ("1,000", "1.000"), ("2,500", "2.500"), ("2,250", "2.250"), ("1,234", "1.234"),
    ("1,000e3", "1.000e3"), ("1,234%", "1.234%"), ("1,000/3", "1.000/3"),
    ("\uff11,\uff10\uff10\uff10", "1.000"), ("+1,000", "1.000"),
    ("0,5", "0,5"), ("0,50", "0,50"), ("1.000,5", "1.000,5"),
])
def test_an_entry_read_only_in_a_decimal_comma_locale_keeps_every_digit_with_a_dot(
        typed, kept):
    """The document's entries are dot-decimal; one only a decimal-comma locale reads is
    kept with a dot and every digit typed (a tester found 1,000 kept as 1 and 2,500 as
    2.5 in de_DE, while 0,50 was kept as typed), and shows as typed there."""
    from klgui.core.parsing import canonical_entry, parse_exact, shown_entry
    assert canonical_entry(typed, decimal_comma=True) == kept
    assert parse_exact(kept) == parse_exact(typed, decimal_comma=True)
    if typed.isascii() and not typed.startswith("+"):
        assert shown_entry(kept, decimal_comma=True) == typed


# -- an entry as a locale shows it ---------------------------------------------------------
@pytest.mark.parametrize("kept, comma, dot", [
    ("0.8", "0,8", "0.8"), ("0,8", "0,8", "0.8"), ("1.000", "1,000", "1.000"),
    ("1,000.5", "1.000,5", "1,000.5"), ("1.000,5", "1.000,5", "1,000.5"),
    ("1.000.000", "1.000.000", "1,000,000"), ("2.5e-3", "2,5e-3", "2.5e-3"),
    ("12.5 %", "12,5 %", "12.5 %"), ("4/5", "4/5", "4/5"), ("3", "3", "3"),
    ("1/2.5", "1/2.5", "1/2.5"),  # no decimal comma in a fraction: left as it is
])
def test_an_entry_shows_the_locales_decimal_mark_and_keeps_its_digits(kept, comma, dot):
    from klgui.core.parsing import canonical_entry, parse_exact, shown_entry
    assert shown_entry(kept, decimal_comma=True) == comma
    assert shown_entry(kept, decimal_comma=False) == dot
    for shown, decimal_comma in ((comma, True), (dot, False)):  # typed back, the same
        assert parse_exact(canonical_entry(shown, decimal_comma=decimal_comma)) == \
            parse_exact(kept)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("0123456789.,e%/ ")), min_size=1, max_size=12),
       st.booleans())
def test_a_shown_entry_reads_as_the_kept_one_in_its_locale(kept, decimal_comma):
    from klgui.core.parsing import parse_exact, shown_entry
    try:
        value = parse_exact(kept)
    except WeightParseError:
        return
    assert parse_exact(shown_entry(kept, decimal_comma=decimal_comma),
                       decimal_comma=decimal_comma) == value
