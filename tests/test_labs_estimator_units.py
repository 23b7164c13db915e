"""The estimators' definitions say what is computed in each unit (no Qt): in bits k2 is
½(ln r)²/ln 2, not ½(log₂ r)² (the tester checked 0.346574 bits by hand against 0.5)."""

import csv
import math

import pytest

from klgui.core.labs.sampling import estimator_stats, per_outcome
from klgui.core.teaching.labs_text import estimator_definitions, sampling_statements
from klgui.core.units import in_unit
from klgui.io.lab_export import save_estimators

# r = q/p = 2^±1 at both outcomes: ½(log₂ r)² would be 0.5 bits at each.
P, Q = [2 / 3, 1 / 3], [1 / 3, 2 / 3]


def test_definitions_in_each_unit():
    assert estimator_definitions("nats") == {"k1": "−log r", "k2": "½(log r)²",
                                             "k3": "(r − 1) − log r"}
    assert estimator_definitions("bits") == {"k1": "−log₂ r", "k2": "½(ln r)²/ln 2",
                                             "k3": "((r − 1) − ln r)/ln 2"}
    assert estimator_definitions("hartleys")["k2"] == "½(ln r)²/ln 10"


@pytest.mark.parametrize("unit, per", [("bits", math.log(2)), ("hartleys", math.log(10))])
def test_the_values_are_what_the_definitions_say(unit, per):
    stats = estimator_stats(P, Q)
    k2_by_hand = 0.5 * math.log(2) ** 2 / per  # ½(ln r)²/ln b at r = 2^±1, both outcomes
    assert in_unit(stats.mean["k2"], unit) == pytest.approx(k2_by_hand, rel=1e-15)
    assert k2_by_hand != pytest.approx(0.5)  # not ½(log₂ r)²
    values = per_outcome(P, Q)
    for x, (p, q) in enumerate(zip(P, Q)):  # k1 and k3 by their definitions
        r = q / p
        assert in_unit(values[0, x], unit) == pytest.approx(-math.log(r) / per, rel=1e-14)
        assert in_unit(values[2, x], unit) == pytest.approx(((r - 1) - math.log(r)) / per,
                                                            rel=1e-13)


def test_the_statements_and_the_export_name_the_bits_definition(tmp_path):
    stats = estimator_stats(P, Q)
    said = " ".join(sampling_statements(stats, "bits"))
    assert "k2 = ½(ln r)²/ln 2 estimates" in said and "½(log r)²" not in said
    assert "k3 = ((r − 1) − ln r)/ln 2" in said
    path = tmp_path / "e.csv"
    save_estimators(path, stats, "bits")
    with open(path, encoding="utf-8", newline="") as f:
        rows = {row[0]: row for row in csv.reader(f)}
    assert rows["k2"][1] == "½(ln r)²/ln 2"
    assert float(rows["k2"][2]) == pytest.approx(math.log(2) / 2, rel=1e-14)
