"""What a family parameter may be, said with the name a control shows (λ, σ, K, T) and
the text as typed (klgui.core.families.parameters, no Qt). The oracle for which values
are refused is each family's own check (family_from_spec)."""

from __future__ import annotations

import math

import pytest

from klgui.core import DistributionError
from klgui.core.families import (PARAMETER_RANGES, family_from_spec, parameter_problem,
                                 parameter_rule)

SPECS = {"binomial": {"name": "binomial", "n": 10, "p": 0.3},
         "poisson": {"name": "poisson", "lam": 2.0, "tail": 10},
         "geometric": {"name": "geometric", "p": 0.5, "tail": 10},
         "uniform": {"name": "uniform", "n": 3},
         "zipf": {"name": "zipf", "s": 1.0, "n": 3},
         "normal": {"name": "normal", "mean": 0.0, "sd": 1.0},
         "logits": {"logits": ["1", "2"], "temperature": 1.0}}


@pytest.mark.parametrize("family, key, value, typed, message", [
    ("poisson", "lam", 2e6, "2000000",
     "λ of the Poisson family must be above 0 and at most 1,000,000, not '2000000'."),
    ("poisson", "lam", 1e7, "1e7",
     "λ of the Poisson family must be above 0 and at most 1,000,000, not '1e7'."),
    ("poisson", "lam", 0.0, None,
     "λ of the Poisson family must be above 0 and at most 1,000,000, not 0."),
    ("normal", "sd", -1.0, "-1", "σ of the Normal family must be above 0, not '-1'."),
    ("normal", "mean", math.inf, "1e400", "μ of the Normal family must be a finite number, "
                                          "not '1e400'."),
    ("geometric", "p", 0.0, "0",
     "p of the Geometric family must be above 0 and at most 1, not '0'."),
    ("binomial", "p", 1.5, " 1.5 ", "p of the Binomial family must be from 0 to 1, not '1.5'."),
    ("binomial", "n", 2.5, None,
     "n of the Binomial family must be a whole number from 1 to 10,000,000, not 2.5."),
    ("poisson", "tail", 20000001, None,
     "K of the Poisson family must be a whole number from 1 to 10,000,000, not 20,000,001."),
    ("zipf", "s", -1001.0, None, "s of the Zipf family must be from −1,000 to 1,000, not "
                                 "−1,001."),
    ("logits", "temperature", 0.0001, None,
     "The temperature T must be from 0.001 to 1,000,000, not 0.0001."),
])
def test_a_refused_value_is_said_with_the_shown_name_and_as_typed(family, key, value, typed,
                                                                  message):
    """The controls said "'lam' of the poisson family … not 2000000.0": the session key,
    and the number as Python writes it rather than as it was typed."""
    assert parameter_problem(family, key, value, typed) == message


@pytest.mark.parametrize("family, key", sorted(PARAMETER_RANGES))
def test_the_sentence_refuses_exactly_what_the_family_refuses(family, key):
    """For values at, just inside and just beyond every end of each range (and odd ones),
    parameter_problem says nothing exactly when the family itself takes the value."""
    low, high, _ = PARAMETER_RANGES[(family, key)]
    values = {0.0, -1.0, 0.5, 1.0, 1.5, 2.0, 1e6, 2e6, 1e9, -1e9, math.inf, -math.inf}
    for end in (low, high):
        if math.isfinite(end):
            values |= {end, math.nextafter(end, math.inf), math.nextafter(end, -math.inf),
                       end + 1, end - 1}
    for value in sorted(values):
        whole = math.isfinite(value) and value == int(value)
        spec = {**SPECS[family], key: int(value) if whole and key in ("n", "tail") else value}
        try:
            family_from_spec(spec)
            taken = True
        except (DistributionError, OverflowError):
            taken = False
        said = parameter_problem(family, key, value)
        assert (said == "") == taken, (family, key, value, said)
        if said:
            assert said.startswith(parameter_rule(family, key))


def test_a_value_beyond_a_controls_own_ends_is_refused_as_beyond_its_box():
    """λ = 1e-5 is a Poisson λ, but a box of 4 decimals starts at 0.0001: it says so
    rather than taking another value."""
    limits = (0.0001, 1e6)
    assert parameter_problem("poisson", "lam", 1e-5, "1e-5", limits) == (
        "λ = '1e-5' is below what its box takes; the smallest is 0.0001.")
    assert parameter_problem("normal", "mean", 2e9, "2e9", (-1e9, 1e9)) == (
        "μ = '2e9' is above what its box takes; the largest is 1,000,000,000.")
    assert parameter_problem("poisson", "lam", 0.5, "0.5", limits) == ""
