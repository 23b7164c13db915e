"""Logits typed on one line (core.families.logits_text): with a decimal comma (de_DE) a
tester's "1,5 2,5" was split at the commas into the 4 logits 1, 5, 2, 5. Qt-free; the
dialog's side is in test_logits_locale_gui.py."""

from __future__ import annotations

import pytest

from klgui.core import DistributionError
from klgui.core.families import Softmax
from klgui.core.families.logits_text import logits_text, read_logits


@pytest.mark.parametrize("text, logits", [
    ("1,5 2,5", ("1.5", "2.5")), ("0,5 1,5 2,5 3,5", ("0.5", "1.5", "2.5", "3.5")),
    ("1,5;2", ("1.5", "2")), ("  1,5 ;  2  ", ("1.5", "2")), ("-1,25 \u22122,5e1", ("-1.25", "\u22122.5e1")),
    ("1,000", ("1.000",)), ("1.5 2", ("1.5", "2")), ("3", ("3",)),
])
def test_with_a_decimal_comma_logits_are_split_at_spaces_and_semicolons(text, logits):
    assert read_logits(text, decimal_comma=True) == logits
    assert Softmax(logits).values.tolist() == [
        float(t.replace("\u2212", "-")) for t in logits]


@pytest.mark.parametrize("text, entry, what", [
    ("1,2,3", 1, "separate the logits with spaces or semicolons"),
    ("1, 2", 1, "separate the logits with spaces or semicolons"),
    ("2 1,5,", 2, "separate the logits"), ("0 1.000", 2, "write 1000 for the whole number"),
])
def test_with_a_decimal_comma_a_text_that_reads_two_ways_is_refused(text, entry, what):
    with pytest.raises(DistributionError) as e:
        read_logits(text, decimal_comma=True)
    assert str(e.value).startswith(f"'logits' entry {entry} (") and what in str(e.value)
    assert e.value.index == entry - 1


def test_a_blank_text_has_no_logits():
    assert read_logits("  ", decimal_comma=True) == () == read_logits("")


def test_with_a_decimal_dot_commas_separate_logits_as_before():
    assert read_logits("1,5 2.5;3", decimal_comma=False) == ("1", "5", "2.5", "3")
    assert read_logits(" 5, 10 15 ") == ("5", "10", "15")


@pytest.mark.parametrize("logits", [("1.5", "-2.25", "3"), ("1e-3", "1.000")])
@pytest.mark.parametrize("comma", [True, False])
def test_logits_shown_read_back_alike(logits, comma):
    assert read_logits(logits_text(logits, comma), comma) == logits
