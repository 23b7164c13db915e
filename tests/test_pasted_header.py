"""A pasted header line and the table's columns (klgui.io.pasted_header), and the
pasted text that is a header alone or has a quote that never closes
(klgui.io.pasted_text): where each pasted column goes, and what is refused."""

import pytest

from klgui.io.pasted_header import PastedHeaderError, header_fields, is_header_alone
from klgui.io.pasted_text import pasted_cells
from klgui.io.text_file import CsvImportError

CLASSIFIER = ("P", "Model A", "Model B")  # reference field 1, focus field 2


def test_a_header_naming_the_columns_in_another_order_places_each_column():
    fields = header_fields(["outcome", "Model B", "Model A", "P"], 1, CLASSIFIER, 1, 2)
    assert fields == [0, 3, 2, 1]


def test_names_are_found_but_for_case_and_p_q_are_the_aliases():
    assert header_fields(["label", "model b", "p"], 1, CLASSIFIER, 1, 2) == [0, 3, 1]
    # Q is the focus model (Model A here) when no column is called Q
    assert header_fields(["outcome", "Q", "P"], 1, CLASSIFIER, 1, 2) == [0, 2, 1]
    # in a table with columns P and Q, they are those columns
    assert header_fields(["outcome", "Q", "P"], 1, ("P", "Q"), 1, 2) == [0, 2, 1]


def test_a_header_pasted_into_an_entry_column_finds_the_label_column_by_its_name():
    assert header_fields(["Model B", "outcome", "P"], 0, CLASSIFIER, 1, 2) == [3, 0, 1]


def test_a_header_of_generic_words_fills_by_position():
    assert header_fields(["outcome", "weight", "count"], 1, CLASSIFIER, 1, 2) is None
    assert header_fields(["probability", "value"], 0, CLASSIFIER, 1, 2) is None


def test_a_header_naming_a_column_the_table_lacks_is_refused_naming_the_cell():
    with pytest.raises(PastedHeaderError) as e:
        header_fields(["outcome", "P", "Model C"], 1, CLASSIFIER, 1, 2)
    assert e.value.cell == 2
    message = str(e.value)
    assert "'Model C'" in message and "column 3 of the block" in message
    assert "(Outcome, P, Model A, Model B)" in message


def test_two_cells_naming_one_column_are_refused():
    with pytest.raises(PastedHeaderError, match="'P' and 'p' both name the column P"):
        header_fields(["outcome", "P", "p"], 1, CLASSIFIER, 1, 2)


@pytest.mark.parametrize("text", ["outcome,P,Model A,Model B\n",
                                  "outcome\tP\tModel A\tModel B\n",
                                  "outcome;P;Q\r\n"])
@pytest.mark.parametrize("first_entry", [0, 1])
def test_a_header_line_alone_is_refused_in_every_shape(text, first_entry):
    with pytest.raises(CsvImportError, match="only a header line: there are no values"):
        pasted_cells(text, first_entry, CLASSIFIER)


@pytest.mark.parametrize("cells", [["Smith", " J."], ["a", "b"], ["P"], ["x", "y"],
                                   ["key", "value"]])
def test_a_label_with_a_comma_or_words_that_name_nothing_are_no_header(cells):
    assert not is_header_alone([c.strip() for c in cells], 1, CLASSIFIER)
    assert pasted_cells(",".join(cells), 1, CLASSIFIER).rows  # pasted as before


def test_a_quote_that_never_closes_is_refused_naming_its_line():
    with pytest.raises(CsvImportError) as e:
        pasted_cells('a,"1,1\nb,1,1', 1, CLASSIFIER)
    assert e.value.line == 1
    assert "line 1: a quotation mark opens a field and never closes" in str(e.value)
    with pytest.raises(CsvImportError, match="line 2: a quotation mark"):
        pasted_cells('a,1,1\nb,"1,1\nc,1,1', 1, CLASSIFIER)


def test_a_quote_inside_a_field_or_a_closed_one_is_read_as_before():
    assert pasted_cells('5" screen,1,1\nb,1,1', 1).rows == [['5" screen', "1", "1"],
                                                             ["b", "1", "1"]]
    assert pasted_cells('"a, b",1,1\nc,1,1', 1).rows == [["a, b", "1", "1"], ["c", "1", "1"]]
