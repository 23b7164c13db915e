"""The family spin boxes take what a person types, one key at a time (digits, the
locale's decimal mark, a sign, an exponent), or refuse it with the family's reason:
never another number in silence (a tester's findings: Poisson λ typed ``1e7`` became 17,
Normal σ ``-1`` became 1, μ ``2e9`` became 29, λ ``0`` put the old value back without a
word, and in de_DE ``1.5`` typed into p was reported as "not 15.0")."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QLocale, Qt

from klgui.core import parse_weight
from klgui.ui.chart.family_controls import FamilyControls
from klgui.ui.chart.typed_boxes import read_typed

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def typed_into(qtbot, spec, key, text):
    """Type ``text`` key by key into the box of ``key`` and press Return: (the family
    after, what the controls said, the box's text)."""
    w = FamilyControls(spec)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    said = []
    w.sigRefused.connect(said.append)
    box = w.boxes[key]
    box.setFocus()
    box.selectAll()
    for ch in text:
        qtbot.keyClick(box, ch)
    assert box.text() == text  # every key typed stays, as typed
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.lineEdit().text() == box.textFromValue(box.value()))
    return w.family.to_dict(), said, box


POISSON = {"name": "poisson", "lam": 3.0, "tail": 10}
NORMAL = {"name": "normal", "mean": 5.0, "sd": 2.0}
BINOMIAL = {"name": "binomial", "n": 10, "p": 0.3}
GEOMETRIC = {"name": "geometric", "p": 0.3, "tail": 10}


@pytest.mark.parametrize("spec, key, text, value", [
    (POISSON, "lam", "1e5", 100000.0), (POISSON, "lam", "2.5e-3", 0.0025),
    (NORMAL, "mean", "-2e3", -2000.0), (NORMAL, "mean", "-7", -7.0),
    (NORMAL, "sd", "1E-2", 0.01), (BINOMIAL, "n", "2e1", 20),
    (GEOMETRIC, "p", "+0.25", 0.25),
])
def test_an_exponent_and_a_sign_are_taken(qtbot, in_locale, spec, key, text, value):
    in_locale(ENGLISH)
    family, said, box = typed_into(qtbot, spec, key, text)
    assert family[key] == value and box.value() == value and said == []


@pytest.mark.parametrize("spec, key, text, message", [
    (POISSON, "lam", "1e7",
     "λ of the Poisson family must be above 0 and at most 1,000,000, not '1e7'."),
    (POISSON, "lam", "0",
     "λ of the Poisson family must be above 0 and at most 1,000,000, not '0'."),
    (NORMAL, "sd", "-1", "σ of the Normal family must be above 0, not '-1'."),
    (NORMAL, "sd", "0", "σ of the Normal family must be above 0, not '0'."),
    (NORMAL, "mean", "2e9",
     "μ = '2e9' is above what its box takes; the largest is 1,000,000,000."),
    (GEOMETRIC, "p", "0", "p of the Geometric family must be above 0 and at most 1, not '0'."),
    (BINOMIAL, "n", "2.5",
     "n of the Binomial family must be a whole number from 1 to 10,000,000, not '2.5'."),
    (NORMAL, "sd", "0.00015", "σ = '0.00015' has more decimals than its box shows (4)."),
    (NORMAL, "sd", "1e", "σ: '1e' is not a number."),
])
def test_what_the_box_cannot_take_is_refused_with_the_reason(qtbot, in_locale, spec, key,
                                                             text, message):
    in_locale(ENGLISH)
    family, said, box = typed_into(qtbot, spec, key, text)
    assert said == [message]
    assert family == family_from(spec) and box.value() == family[key]  # nothing changed


def family_from(spec):
    from klgui.core.families import family_from_spec
    return family_from_spec(spec).to_dict()


@pytest.mark.parametrize("spec, key, text, value", [
    (BINOMIAL, "p", "0,5", 0.5), (BINOMIAL, "p", "0.5", 0.5),  # as the table reads them
    (POISSON, "lam", "2,5e1", 25.0), (POISSON, "lam", "1.000.000", 1e6),
    (NORMAL, "mean", "-1,25", -1.25),
])
def test_in_german_the_box_reads_as_the_table_does(qtbot, in_locale, spec, key, text, value):
    in_locale(GERMAN)
    assert parse_weight(text.lstrip("-"), decimal_comma=True) == abs(value)
    family, said, box = typed_into(qtbot, spec, key, text)
    assert family[key] == value and said == []


@pytest.mark.parametrize("spec, key, text, message", [
    (BINOMIAL, "p", "1.5", "p of the Binomial family must be from 0 to 1, not '1.5'."),
    (POISSON, "lam", "2000000",
     "λ of the Poisson family must be above 0 and at most 1.000.000, not '2000000'."),
    (NORMAL, "sd", "1,5e-5", "σ = '1,5e-5' is below what its box takes; the smallest is "
                             "0,0001."),
    (POISSON, "lam", "1.000", "λ: '1.000' is ambiguous: write 1000 for the whole number, "
                              "or 1,000 with a comma for decimals."),
])
def test_in_german_a_refusal_names_the_text_as_typed_and_the_range_in_german(
        qtbot, in_locale, spec, key, text, message):
    """"'lam' of the poisson family must be … at most 1,000,000, not 2000000.0" in
    de_DE, and "not 15.0" for 1.5 typed into p."""
    in_locale(GERMAN)
    family, said, _ = typed_into(qtbot, spec, key, text)
    assert said == [message] and family == family_from(spec)


@pytest.mark.parametrize("text, comma, value", [
    ("1e7", False, 1e7), ("-1", False, -1.0), ("\u22122,5", True, -2.5), ("-0", False, 0.0),
    ("+3", False, 3.0), (" 2.5E-3 ", False, 0.0025), ("1,5", True, 1.5),
])
def test_read_typed_is_the_tables_reading_with_a_sign(text, comma, value):
    got, problem = read_typed(text, comma)
    assert got == value and problem == "" and math.copysign(1.0, got) == math.copysign(1, value)


@pytest.mark.parametrize("text, comma, problem", [
    ("1e", False, "is not a number"), ("--1", False, "is not a number"),
    ("", False, "is empty"), ("1,000", False, "is ambiguous"), ("1.000", True, "is ambiguous"),
])
def test_read_typed_gives_the_parsers_problem(text, comma, problem):
    got, said = read_typed(text, comma)
    assert got is None and said.startswith(problem)
