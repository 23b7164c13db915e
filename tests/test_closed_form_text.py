"""The Figures page's sentence beside a closed form says whether the formula and the
table agree, and only when they do: ∞ against a finite value never agrees (the tester
saw "Formula: 174.353 nats; table: ∞. They agree"), and no NaN is ever printed."""

from __future__ import annotations

import math

import pytest

from klgui.core.families import Binomial, Normal, Poisson
from klgui.core.families.closed_form import ClosedForm, GapKind, closed_form_kl
from klgui.core.teaching.families_text import closed_form_text

BIN_PQ = 174.35338714477783  # 2000·b(0.5‖0.3), the value (by hand)


def test_an_exact_formula_against_an_infinite_table_does_not_agree():
    cf = closed_form_kl(Binomial(2000, 0.5), Binomial(2000, 0.3))
    assert cf.kind is GapKind.EXACT and cf.value == pytest.approx(BIN_PQ, rel=1e-13)
    text = closed_form_text(cf, math.inf, names=("P", "Q"))
    assert text.startswith("Formula: 174.353 nats; table: ∞. They do not agree: the table "
                           "is ∞ and the formula finite.")
    assert "They agree" not in text and "agree to" not in text


def test_a_folded_formula_against_an_infinite_table_does_not_agree():
    """Poisson(3) against Poisson(800) folded at 11: the old table said ∞ and the page
    "They agree to the digits shown"."""
    cf = closed_form_kl(Poisson(3.0, 11), Poisson(800.0, 11))
    text = closed_form_text(cf, math.inf, names=("P", "Q"))
    assert "They do not agree: the table is ∞ and the formula finite." in text
    assert "digits shown" not in text


def test_an_infinite_formula_against_a_finite_table_does_not_agree():
    cf = ClosedForm(math.inf, GapKind.DISCRETIZATION, "The formula is for the continuous "
                    "Normals.")
    text = closed_form_text(cf, 12.5)
    assert "They do not agree: the formula is ∞ and the table finite." in text
    assert "lower by" not in text


def test_both_infinite_say_so():
    cf = closed_form_kl(Binomial(10, 0.5), Binomial(5, 0.5))
    assert closed_form_text(cf, math.inf, names=("P", "Q")).startswith(
        "Formula: ∞; table: ∞. Both are ∞. P reaches counts up to 10, Q at most 5")


def test_exact_forms_agree_only_to_the_digits_shown():
    cf = closed_form_kl(Binomial(10, 0.5), Binomial(10, 0.3))
    assert "They agree:" in closed_form_text(cf, cf.value * (1 + 1e-12))
    text = closed_form_text(cf, cf.value + 0.01)
    assert "They differ by 0.01 nats, more than rounding" in text
    assert "agree" not in text


def test_a_coarsened_table_is_lower_or_agrees_and_a_higher_one_is_named():
    cf = closed_form_kl(Normal(0, 2), Normal(0, 1))  # 0.806853 nats (Cover & Thomas)
    assert "The table is lower by 0.1 nats." in closed_form_text(cf, cf.value - 0.1)
    assert "They agree to the digits shown." in closed_form_text(cf, cf.value - 1e-9)
    text = closed_form_text(cf, cf.value + 0.1)
    assert "The table is higher by 0.1 nats, which the coarsening alone cannot explain" \
        in text and "agree" not in text


def test_no_nan_is_ever_printed():
    cf = ClosedForm(math.nan, GapKind.EXACT, "A broken formula.")
    text = closed_form_text(cf, 1.0)
    assert "nan" not in text.lower() and "agree" not in text.split("not a number")[0]
    assert "They cannot be compared" in text
