"""An import reads every entry once: the file reader hands the document the texts with
their values (ParsedTexts), and decimal places are read in numpy passes. Both must give
exactly what reading each text on its own gives. No Qt here."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klgui.core import WeightParseError
from klgui.core.numerics.places import ODD, decimal_places, decimal_places_many
from klgui.core.parsing import ParsedTexts, parse_entries, parse_weight, parse_weights
from klgui.io.column_roles import plan_import, read_plan
from klgui.io.csv_import import parse_delimited
from klgui.model import columns as columns_module
from klgui.model.document import DistributionSpec, Document


def one_by_one(texts):
    return [decimal_places(t) for t in texts]


@pytest.mark.parametrize("texts", [
    ["0.8", "12.5%", "3", "2e-3", "1e5", "1/3", "0.1234567890123456", "1e-30", "½", "٣"],
    ["1.23456e-06", "2.5E+3", "7.", ".5", "+3", " 0.5 ", "1.234.567", "1e-22", "1e-23"],
    ["123456789012345", "1234567890123456", "0.000000000000001e-7", "1e+00005", "1e-00003",
     "5e-0000000000003", "1ee3", "1e", "e5", ".", "", "1e3.5", "1-3", "0,5", "1 000"],
    ["0.1"] * 3 + ["١٢٣", "0.25"],  # a non-ASCII text among ASCII ones
])
def test_many_texts_get_the_places_each_gets_alone(texts):
    assert decimal_places_many(texts).tolist() == one_by_one(texts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.eE+- %/½", max_size=14), max_size=40))
def test_decimal_places_many_matches_decimal_places_on_any_text(texts):
    assert decimal_places_many(texts).tolist() == one_by_one(texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e30, allow_nan=False), min_size=1,
                max_size=50), st.sampled_from(["{:.6g}", "{:.3e}", "{:.8f}", "{!r}"]))
def test_decimal_places_of_written_numbers(values, form):
    texts = [form.format(v) for v in values]
    assert decimal_places_many(texts).tolist() == one_by_one(texts)


def test_blocks_of_many_rows_are_read_alike():
    rng = np.random.default_rng(5)
    texts = [f"{x:.{k}g}" for x, k in zip(rng.random(100_000) ** 9, rng.integers(1, 17, 100_000))]
    places = decimal_places_many(texts)
    assert places.tolist() == one_by_one(texts)
    assert (places == ODD).any() and (places > 15).any()  # both kinds were met


def test_parsed_texts_are_a_list_that_keeps_its_values():
    texts = parse_entries(["0.5", "1/4", "25%", "2e-3"])
    assert texts == ["0.5", "1/4", "25%", "2e-3"] and isinstance(texts, list)
    assert texts.values.tolist() == [parse_weight(t) for t in texts]
    assert texts.places.tolist() == [1, ODD, 2, 3]
    assert not texts.values.flags.writeable and not texts.places.flags.writeable
    with pytest.raises(TypeError):
        texts[0] = "0.7"
    with pytest.raises(TypeError):
        texts.append("1")
    with pytest.raises(ValueError):
        ParsedTexts(["1", "2"], np.array([1.0]))


def test_parse_entries_refuses_as_parse_weights_does():
    with pytest.raises(WeightParseError) as e:
        parse_entries(["0.5", "-1", "2"])
    assert e.value.index == 1


CSV = ("word,P,Model A,Model B\n"
       "a,0.1,1/3,2.5e-3\n"
       "b,0.2,25%,0.5\n"
       "c,0.7,0.4166666,1e-400\n")


def test_an_import_hands_the_document_values_it_does_not_read_again(monkeypatch):
    table = parse_delimited(CSV, "t.csv")
    got = read_plan(table, plan_import(table))
    for _, _, entries in got.distributions:
        assert isinstance(entries, ParsedTexts)
        assert entries.values.tolist() == parse_weights(list(entries)).tolist()
    fresh = Document()
    fresh.load_columns(got.labels, [DistributionSpec(n, r, tuple(t))
                                    for n, r, t in got.distributions], focus=got.focus)

    doc = Document()

    def no_second_reading(texts):
        raise AssertionError("the document read the entries again")
    monkeypatch.setattr(columns_module, "parse_entries", no_second_reading)
    doc.load_columns(got.labels, [DistributionSpec(n, r, t) for n, r, t in got.distributions],
                     focus=got.focus)
    for which in doc.column_ids:
        assert doc.texts(which) == fresh.texts(which)
        assert doc.values(which).tolist() == fresh.values(which).tolist()
        assert doc.typed_column(which).places.tolist() == \
            fresh.typed_column(which).places.tolist()
    monkeypatch.undo()
    for name in doc.names()[1:]:
        doc.set_focus(name)
        fresh.set_focus(name)
        a, b = doc.result().comparison, fresh.result().comparison
        assert (a.kl_pq, a.kl_qp, a.entropy_q) == (b.kl_pq, b.kl_qp, b.entropy_q)
