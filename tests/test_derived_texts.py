"""A family column's texts are written when read, and read as a TextColumn's would."""

import pytest

from klgui.core.families import Poisson, outcome_values
from klgui.core.families.placing import placed, probability_texts
from klgui.model.derived_texts import DerivedTexts
from klgui.model.text_column import TextColumn


@pytest.fixture
def values():
    labels = [str(k) for k in range(40)] + ["≥ 40"]
    return placed(Poisson(3.0, tail=40), outcome_values(labels))


def test_every_way_of_reading_gives_the_full_precision_texts(values):
    texts, expected = DerivedTexts(values), probability_texts(values)
    assert len(texts) == len(expected) == 41
    assert list(texts) == expected and texts == expected
    assert [texts[i] for i in range(41)] == expected
    assert texts[-1] == expected[-1] and texts[3:9] == expected[3:9]
    assert texts[::7] == expected[::7]
    assert float(texts[3]) == values[3]  # reads back to the same double
    assert texts[40] == expected[40] != "0"  # a far tail is tiny, not zero
    with pytest.raises(IndexError):
        texts[41]


def test_an_edit_makes_it_ordinary_texts_and_copies_stay_apart(values):
    texts = DerivedTexts(values)
    before = texts.copy()
    texts.insert_rows(1, ["a", "b"])
    texts[0] = "x"
    texts.move_row(0, 3)
    texts.delete_rows(5, 6)
    ordinary = TextColumn(probability_texts(values))
    ordinary.insert_rows(1, ["a", "b"])
    ordinary[0] = "x"
    ordinary.move_row(0, 3)
    ordinary.delete_rows(5, 6)
    assert list(texts) == list(ordinary) and len(texts) == len(ordinary)
    assert list(before) == probability_texts(values)  # the copy did not change
    again = texts.copy()
    texts[0] = "y"
    assert again[0] != "y"
