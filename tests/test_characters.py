"""Look-alike characters in number cells: rewritten when their meaning is plain, named
when the cell is still refused (klgui.core.characters, no Qt)."""

from __future__ import annotations

import pytest

from klgui.core.characters import describe_odd_characters, normalized_number_text


@pytest.mark.parametrize("text, expected", [
    ("\u2212" "5", "-5"),            # minus sign
    ("\u2012" "5", "-5"),            # figure dash
    ("\u2013" "5", "-5"),            # en dash
    ("\ufe63" "5", "-5"),            # small hyphen-minus
    ("\uff0d" "5", "-5"),            # full-width hyphen-minus
    ("1e\u22123", "1e-3"),           # inside an exponent (case 06a)
    ("1\u20443", "1/3"),             # fraction slash (case 07)
    ("1\u22153", "1/3"),             # division slash
    ("\uff10\uff0e\uff15", "0.5"),   # full-width digits and full stop
    ("\uff18\uff10\uff05", "80%"),   # full-width percent
    ("\uff0b\uff11", "+1"),          # full-width plus
    ("\u0660\u066b\u0662\u0665", "0.25"),  # Arabic-Indic digits, Arabic decimal separator
    ("\u06f3\u06f4", "34"),          # Extended Arabic-Indic
    ("\u0969\u096a", "34"),          # Devanagari
    ("\u0663\u066a", "3%"),          # Arabic percent sign
])
def test_look_alikes_become_ascii(text, expected):
    assert normalized_number_text(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("½", "1/2"), ("⅓", "1/3"), ("⅔", "2/3"), ("¼", "1/4"), ("¾", "3/4"), ("⅕", "1/5"),
    ("⅖", "2/5"), ("⅗", "3/5"), ("⅘", "4/5"), ("⅙", "1/6"), ("⅚", "5/6"), ("⅐", "1/7"),
    ("⅛", "1/8"), ("⅜", "3/8"), ("⅝", "5/8"), ("⅞", "7/8"), ("⅑", "1/9"), ("⅒", "1/10"),
    ("⅟4", "1/4"), ("⅟16", "1/16"),
])
def test_vulgar_fractions_are_exact(text, expected):
    assert normalized_number_text(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1½", "3/2"), ("12¾", "51/4"), ("0⅓", "1/3"), ("\u22121½", "-3/2"), ("+2⅞", "+23/8"),
    ("\u0661½", "3/2"),  # an Arabic-Indic digit before the fraction
])
def test_mixed_numbers_are_improper_fractions(text, expected):
    assert normalized_number_text(text) == expected


@pytest.mark.parametrize("text", ["2.5½", "½3", "1½e3", "½½", "1 ½"])
def test_a_vulgar_fraction_elsewhere_is_kept_to_be_refused(text):
    # rewriting these would give a number the person did not write (2.51/2, 1/23, ...)
    assert "/" not in normalized_number_text(text)
    assert describe_odd_characters(text) is not None


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\ufeff", "\u200b", "\u200c",
                                   "\u200d", "\u2060", "\u3000", " \t", "\u200e", "\n"])
def test_white_space_of_any_kind_is_stripped_at_the_ends(space):
    assert normalized_number_text(f"{space}0.25{space}") == "0.25"
    assert normalized_number_text(f"{space}\u22121{space}") == "-1"


def test_interior_spaces_are_kept():
    assert normalized_number_text("1\u00a0234,5") == "1\u00a0234,5"
    assert normalized_number_text("1\u202f234") == "1\u202f234"


def test_superscripts_are_not_read_as_digits():
    # NFKC would turn 10² into 102: a silent misread
    assert normalized_number_text("10²") == "10²"
    assert describe_odd_characters("10²") == "contains U+00B2, a superscript two"


@pytest.mark.parametrize("text", ["", "0.8", " 4/5 ", "80 %", "-1", "abc", "1,5", "\t2e-3\r\n",
                                  "1'234", "nan"])
def test_ascii_is_only_stripped(text):
    assert normalized_number_text(text) == text.strip()
    assert describe_odd_characters(text) is None


def test_normalizing_twice_changes_nothing():
    for text in ["1½", "\u2212⅟8", "\uff11\u2044\uff13", "\u00a01e\u22123\u202f", "2.5½"]:
        once = normalized_number_text(text)
        assert normalized_number_text(once) == once


@pytest.mark.parametrize("text, phrase", [
    ("1\u00a0234", "contains U+00A0, a no-break space"),
    ("1\u202f234", "contains U+202F, a narrow no-break space"),
    ("1\u2009234", "contains U+2009, a thin space"),
    ("1\u200b234", "contains U+200B, a zero-width space"),
    ("1\ufeff234", "contains U+FEFF, a byte-order mark"),
    ("1\u00ad234", "contains U+00AD, a soft hyphen"),
    ("0,5\u20ac", "contains U+20AC, a euro sign"),
    ("1\x0b2", "contains U+000B, a control character"),
    ("\u00e9", "contains U+00E9, a latin small letter e with acute"),
    ("5\u2014", "contains U+2014, an em dash"),
])
def test_odd_characters_are_named_by_code_point(text, phrase):
    described = describe_odd_characters(text)
    assert described == phrase
    assert "\\x" not in described and "\\u" not in described


@pytest.mark.parametrize("text", ["0.4\u00a0x", "x\u00a00.4", "abc\u00e9", "1\u200bkg"])
def test_an_odd_character_is_not_blamed_when_a_visible_one_is_wrong(text):
    """'0.4 x' (a no-break space before the x) was refused as "it contains U+00A0": the
    x is what no number holds."""
    assert describe_odd_characters(text) is None


def test_look_alikes_that_were_rewritten_are_not_blamed():
    # the cell reads as -5 (refused as negative); the minus sign is not the problem
    assert describe_odd_characters("\u22125") is None
    assert describe_odd_characters("\u00a00.5\u00a0") is None
    # the first odd character is named, after the rewritten ones
    assert describe_odd_characters("\u22121\u00a0000") == "contains U+00A0, a no-break space"
