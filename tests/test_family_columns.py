"""Columns filled from a family or from logits, in the document and its undoable steps
(no Qt): the handed values of issue 21, placement and its refusals, typed edits refused
until detached, the columns following their outcomes, and one step per slider gesture."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from klgui.core import DistributionError
from klgui.core.families import Binomial, Geometric, Normal, Poisson, Softmax, Uniform
from klgui.core.families.closed_form import GapKind
from klgui.model.document import Document
from klgui.model.edits import Edits, Step
from klgui.model.family_columns import AttachedColumnError, PlacedColumn

TEACHER, STUDENT = ("10", "20", "30"), ("5", "10", "15")


def merged_steps() -> tuple[list[Step], callable]:
    """A list that merges steps as the window's undo stack does."""
    steps: list[Step] = []

    def record(step: Step) -> None:
        if steps and steps[-1].merges(step):
            steps[-1].absorb(step)
            if steps[-1].obsolete:
                steps.pop()
            return
        steps.append(step)
    return steps, record


def binomial_doc(p=Binomial(10, 0.5), q=Binomial(10, 0.3)) -> Document:
    doc = Document()
    doc.fill_from_family("Q", q, create_outcomes=True)
    doc.set_family("P", p)
    return doc


def test_binomial_pair_table_equals_its_formula():
    doc = binomial_doc()
    assert doc.labels == [str(k) for k in range(11)]
    assert doc.probabilities("Q") == pytest.approx(stats.binom.pmf(range(11), 10, 0.3),
                                                  rel=1e-14)
    c = doc.result().comparison
    assert c.kl_pq == pytest.approx(0.871766935723889, rel=1e-14)
    figures = doc.family_figures()
    assert figures.closed_pq.kind is GapKind.EXACT
    assert figures.closed_pq.value == pytest.approx(c.kl_pq, rel=1e-13)
    assert figures.closed_qp.value == pytest.approx(c.kl_qp, rel=1e-13)
    assert isinstance(doc.typed_column("P"), PlacedColumn)


def test_binomial_with_smaller_n_is_infinite_one_way():
    doc = binomial_doc(Binomial(5, 0.5), Binomial(10, 0.5))
    c, figures = doc.result().comparison, doc.family_figures()
    assert figures.closed_pq.value == pytest.approx(1.35406860444439, rel=1e-13)
    assert c.kl_pq == pytest.approx(1.35406860444439, rel=1e-13)
    assert figures.closed_qp.value == math.inf and figures.closed_qp.kind is GapKind.INFINITE
    assert c.kl_qp == math.inf


def test_poisson_tail_folded_is_at_most_the_formula():
    doc = Document()
    doc.fill_from_family("P", Poisson(2, tail=12), create_outcomes=True)
    doc.set_family("Q", Poisson(3, tail=12))
    assert doc.labels[-1] == "≥ 12"
    pq = doc.family_figures().closed_pq
    assert pq.value == pytest.approx(0.189069783783671, rel=1e-14)
    assert pq.kind is GapKind.TAIL_FOLDED
    table = doc.result().comparison.kl_pq
    assert table <= pq.value and table == pytest.approx(pq.value, rel=1e-4)
    # the tail outcome holds P(X ≥ 12): scipy's survival function
    assert doc.probabilities("Q")[-1] == pytest.approx(stats.poisson.sf(11, 3), rel=1e-12)


def test_distillation_pair_at_two_temperatures():
    doc = Document(["a", "b", "c"], ["1", "1", "1"], ["1", "1", "1"])
    doc.set_family("P", Softmax(TEACHER, 1))
    doc.set_family("Q", Softmax(STUDENT, 1))
    d = doc.family_figures().distillation
    assert d.scaled_kl == pytest.approx(0.0064880326332, rel=1e-10)
    assert doc.result().comparison.kl_pq == pytest.approx(d.kl, rel=1e-12)
    assert d.high_temperature_limit == pytest.approx(25 / 3, rel=1e-14)
    doc.set_family("P", Softmax(TEACHER, 10))
    assert doc.family_figures().distillation is None  # temperatures differ
    assert "temperature" in doc.family_figures().note
    doc.set_family("Q", Softmax(STUDENT, 10))
    assert doc.family_figures().distillation.scaled_kl == pytest.approx(6.02688974996,
                                                                         rel=1e-10)


def test_no_formula_across_families_says_so():
    doc = binomial_doc()
    doc.set_family("Q", Uniform())
    assert doc.values("Q").tolist() == [1 / 11] * 11
    figures = doc.family_figures()
    assert figures.closed_pq is None and "different families" in figures.note
    doc.detach("P")
    assert doc.family_figures().empty


def test_a_family_that_cannot_be_placed_changes_nothing():
    doc = Document(["rain", "sun", "snow"], ["1", "2", "3"], ["3", "2", "1"])
    before = doc.snapshot()
    with pytest.raises(DistributionError, match=r"Q \(Binomial\(n = 10, p = 0.3\)\).*lacks"):
        doc.set_family("Q", Binomial(10, 0.3))
    with pytest.raises(DistributionError, match="logits"):
        doc.set_family("Q", Softmax(("1", "2")))
    assert doc.snapshot() == before and doc.family_of("Q") is None
    doc.set_family("Q", Binomial(2, 0.5))  # non-numeric labels: positions 0, 1, 2
    assert doc.values("Q") == pytest.approx([0.25, 0.5, 0.25], rel=1e-15)


def test_typed_edits_into_a_family_column_are_refused_until_detached():
    doc = binomial_doc()
    before = doc.snapshot()
    for edit in (lambda: doc.set_entry("Q", 0, "0.5"),
                 lambda: doc.paste(0, 1, [["1", "2"]]),
                 lambda: doc.set_column("P", ["1"] * 11),
                 lambda: doc.set_cells([(0, 2, "1")])):
        with pytest.raises(AttachedColumnError) as e:
            edit()
        assert "Detach it" in str(e.value)
    assert doc.snapshot() == before
    assert e.value.column == doc.column_id("Q") and e.value.source == Binomial(10, 0.3)
    texts = list(doc.texts("Q"))
    doc.detach("Q")
    assert doc.family_of("Q") is None and list(doc.texts("Q")) == texts
    assert not isinstance(doc.typed_column("Q"), PlacedColumn)
    assert doc.result().comparison.kl_pq == pytest.approx(0.871766935723889, rel=1e-14)
    doc.set_entry("Q", 0, "0.5")
    assert doc.texts("Q")[0] == "0.5"


def test_families_follow_their_outcomes():
    doc = binomial_doc()
    doc.set_label(10, "ten")  # no longer numbers: positions 0…10, the same places
    assert doc.probabilities("Q")[10] == pytest.approx(0.3 ** 10, rel=1e-14)
    doc.set_label(10, "10")
    doc.move_outcome(0, 10)  # numeric labels: the probability moves with its label
    assert doc.labels[10] == "0"
    assert doc.values("Q")[10] == pytest.approx(0.7 ** 10, rel=1e-14)


def test_removing_an_outcome_a_family_needs_is_refused():
    doc = binomial_doc()
    before = doc.snapshot()
    with pytest.raises(DistributionError, match="lacks"):
        doc.remove_outcomes(3)
    assert doc.snapshot() == before


def test_adding_outcomes_beside_a_family():
    doc = binomial_doc()
    doc.insert_outcomes(11)  # labelled 11, where the binomial gives 0
    assert doc.n == 12 and doc.labels[11] == "11" and doc.values("Q")[11] == 0.0
    assert doc.probabilities("Q")[:11] == pytest.approx(stats.binom.pmf(range(11), 10, .3))
    tailed = Document()
    tailed.fill_from_family("Q", Geometric(0.5, tail=4), create_outcomes=True)
    before = tailed.snapshot()
    with pytest.raises(DistributionError, match="'outcome 6' is not a number"):
        tailed.insert_outcomes(2)  # read by position, "≥ 4" would become 5
    assert tailed.snapshot() == before


def test_logits_follow_removed_and_moved_outcomes_and_refuse_new_ones():
    doc = Document(["a", "b", "c"], ["1", "1", "1"], ["1", "1", "1"])
    doc.set_family("Q", Softmax(("0", "1", "2"), 1))
    doc.move_outcome(2, 0)
    assert doc.family_of("Q").logits == ("2", "0", "1") and doc.labels[0] == "c"
    doc.remove_outcomes(0)
    assert doc.family_of("Q").logits == ("0", "1")
    e = math.e
    assert doc.probabilities("Q").tolist() == pytest.approx([1 / (1 + e), e / (1 + e)])
    with pytest.raises(DistributionError, match="no logit"):
        doc.insert_outcomes(0)


def test_normalize_entries_leaves_a_family_column():
    doc = Document(["0", "1", "2"], ["1", "1", "2"], ["1", "1", "1"])
    doc.set_family("Q", Binomial(2, 0.3))
    texts = list(doc.texts("Q"))
    doc.normalize_entries()
    assert doc.texts("P") == ["0.25", "0.25", "0.5"] and list(doc.texts("Q")) == texts
    assert doc.family_of("Q") == Binomial(2, 0.3)


def test_fill_with_new_outcomes_keeps_the_others_by_label():
    doc = Document(["0", "1", "cat"], ["5", "6", "7"], ["1", "1", "1"])
    doc.fill_from_family("Q", Binomial(3, 0.5), create_outcomes=True)
    assert doc.labels == ["0", "1", "2", "3"]
    assert doc.texts("P") == ["5", "6", "0", "0"]
    assert doc.values("Q") == pytest.approx([0.125, 0.375, 0.375, 0.125], rel=1e-15)


@pytest.mark.parametrize("labels", [["0.0", "1.0", "2.0"], ["0,0", "1,0", "2,0"],
                                    ["2", "1.0", "0e0"]])
def test_new_outcomes_keep_the_entries_of_the_same_numbers(labels):
    """A tester's table labelled 0.0, 1.0, 2.0 (as a spreadsheet writes counts), P = 5,
    3, 2: filling Q from Binomial(3, ½) with "Replace with 0…3" set P to 0, 0, 0, 0, the
    labels matched as text. 0.0 is the outcome 0."""
    doc = Document(labels, ["5", "3", "2"], ["1", "1", "1"])
    said = doc.replacement_said("Q", Binomial(3, 0.5))
    doc.fill_from_family("Q", Binomial(3, 0.5), create_outcomes=True)
    assert doc.labels == ["0", "1", "2", "3"]
    by_number = {float(x.replace(",", ".")): t for x, t in zip(labels, ["5", "3", "2"])}
    assert doc.texts("P") == [by_number[0.0], by_number[1.0], by_number[2.0], "0"]
    assert said.startswith("P keeps the entries of ") and "dropped" not in said
    assert said.endswith("the new outcome '3' gets 0 in P.")


def test_what_a_replacement_does_to_typed_entries_is_said_before_it():
    doc = Document(["a", "b", "c", "d"], ["1", "2", "3", "4"], ["1", "1", "1", "1"])
    said = doc.replacement_said("Q", Uniform(8))
    assert said == ("The 8 new outcomes '1', '2', '3' … '8' get 0 in P; P's entries of "
                    "'a', 'b', 'c' and 'd' ('1', '2', '3' and '4') are dropped.")
    assert doc.labels == ["a", "b", "c", "d"]  # said, not done
    tailed = Document(["0", "1", "2", "≥ 3"], ["1", "2", "3", "0"], ["1"] * 4)
    assert tailed.replacement_said("Q", Poisson(2, tail=5)) == \
        "The 3 new outcomes '3', '4' and '≥ 5' get 0 in P."  # P(≥ 3) was 0: nothing lost
    same = Document(["0", "1"], ["1", "2"], ["1", "1"])
    assert same.replacement_said("Q", Binomial(1, 0.5)) == ""
    assert binomial_doc().replacement_said("Q", Binomial(4, 0.5)) == ""  # no typed column


def test_entries_equal_to_zero_however_written_are_not_said_dropped():
    # _ZEROS compared spellings: 0% and 00 were said to be dropped weight
    doc = Document(["a", "b", "c", "d", "e", "f"], ["0%", "00", "0/7", "0e5", " 0,0 ", "1e-400"],
                   ["1"] * 6)
    said = doc.replacement_said("Q", Uniform(2))
    assert said == ("The 2 new outcomes '1' and '2' get 0 in P; P's entries of 'f' "
                    "('1e-400') are dropped.")  # 1e-400 is not 0, though float says so


def test_snapshot_carries_the_source_and_restores_it():
    doc = binomial_doc()
    snap = doc.snapshot()
    assert snap.reference.source == Binomial(10, 0.5)
    other = Document()
    other.restore(snap)
    assert other.family_of("Q") == Binomial(10, 0.3)
    assert other.values("Q").tobytes() == doc.values("Q").tobytes()
    assert other.snapshot() == snap


def test_a_slider_gesture_is_one_step_and_undoes():
    doc = binomial_doc()
    steps, record = merged_steps()
    edits = Edits(doc, record)
    start = doc.snapshot()
    for p in (0.31, 0.35, 0.4):
        edits.set_family("Q", {"name": "binomial", "n": 10, "p": p}, gesture="drag 1")
    assert len(steps) == 1 and doc.family_of("Q") == Binomial(10, 0.4)
    end = doc.snapshot()
    steps[0].undo()
    assert doc.snapshot() == start
    steps[0].redo()
    assert doc.snapshot() == end
    edits.set_family("Q", Binomial(10, 0.5), gesture="drag 2")
    edits.set_family("Q", Binomial(10, 0.4), gesture="drag 2")  # back where it began
    assert len(steps) == 1


def test_fill_detach_and_remove_are_single_steps():
    doc = Document(["a", "b", "c"], ["1", "2", "3"], ["1", "1", "1"])
    steps: list[Step] = []
    edits = Edits(doc, steps.append)
    start = doc.snapshot()
    edits.fill_from_family("Q", Softmax(("1", "2", "3"), 2))
    assert steps[-1].text == "Fill Q from softmax(logits / 2)"
    filled = doc.snapshot()
    edits.remove_outcomes([(1, 1)])
    assert doc.family_of("Q").logits == ("1", "3")
    edits.detach("Q")
    assert doc.family_of("Q") is None and len(steps) == 3
    for step in reversed(steps[1:]):
        step.undo()
    assert doc.snapshot() == filled
    steps[0].undo()
    assert doc.snapshot() == start


def test_normal_family_and_its_continuous_formula():
    doc = Document()
    doc.fill_from_family("P", Normal(0, 2), create_outcomes=True)
    doc.set_family("Q", Normal(0, 1))
    pq = doc.family_figures().closed_pq
    assert pq.value == pytest.approx(0.806852819440055, rel=1e-14)
    assert pq.kind is GapKind.DISCRETIZATION
    assert doc.result().comparison.kl_pq <= pq.value
    edges = np.concatenate(([-np.inf], np.arange(-8, 8) + 0.5, [np.inf]))
    assert doc.probabilities("P") == pytest.approx(np.diff(stats.norm.cdf(edges, 0, 2)),
                                                   rel=1e-12, abs=1e-300)


def test_new_outcomes_keep_the_column_ids():
    doc = Document()
    ids = doc.column_ids
    doc.fill_from_family("Q", Binomial(4, 0.5), create_outcomes=True)
    assert doc.column_ids == ids and doc.family_of(ids[1]) == Binomial(4, 0.5)


def test_several_families_at_once_change_all_or_nothing():
    doc = Document()
    doc.fill_from_family("Q", Poisson(3, tail=5), create_outcomes=True)
    doc.set_family("P", Poisson(2, tail=5))
    before = doc.snapshot()
    with pytest.raises(DistributionError, match="≥ 5"):  # P cannot follow a new tail
        doc.fill_from_families({"Q": Poisson(3, tail=7)}, create_outcomes=True)
    assert doc.snapshot() == before
    with pytest.raises(DistributionError):  # Q fits, P does not: neither changes
        doc.fill_from_families({"Q": Poisson(4, tail=5), "P": Poisson(2, tail=6)}, False)
    assert doc.snapshot() == before
    doc.fill_from_families({"Q": Poisson(3, tail=7), "P": Poisson(2, tail=7)}, True)
    assert doc.labels[-1] == "≥ 7" and doc.family_of("P") == Poisson(2, tail=7)


def test_a_paste_a_family_cannot_follow_adds_no_rows():
    doc = Document()
    doc.fill_from_family("Q", Geometric(0.5, tail=4), create_outcomes=True)
    before = doc.snapshot()
    with pytest.raises(DistributionError, match="≥ 4"):  # rows after "≥ 4": no tail last
        doc.paste(4, 1, [["1"], ["2"], ["3"]])
    assert doc.snapshot() == before
    binomial = binomial_doc()
    binomial.detach("P")
    binomial.paste(9, 0, [["9", "1"], ["10", "1"], ["11", "1"]])  # grows: Q gives it 0
    assert binomial.n == 12 and binomial.values("Q")[11] == 0.0
    assert binomial.texts("P")[11] == "1"


def test_a_new_outcome_in_a_table_of_counts_is_the_next_count_and_the_family_follows():
    doc = binomial_doc()
    doc.insert_outcomes(3)  # in the middle: its label is 11, not a word
    assert list(doc.labels) == ["0", "1", "2", "11", *map(str, range(3, 11))]
    expected = stats.binom.pmf([0, 1, 2, 11, *range(3, 11)], 10, 0.5)
    assert np.allclose(doc.probabilities("P"), expected, rtol=1e-13, atol=0)
    assert doc.probabilities("P")[3] == 0.0  # 11 is beyond n = 10
    doc.remove_outcomes(3)
    with pytest.raises(DistributionError, match="lacks"):
        doc.remove_outcomes(5)  # Binomial(10, ·) gives 5 mass: refused, nothing moves
    assert list(doc.labels) == list(map(str, range(11)))


def test_a_word_among_the_counts_is_refused_instead_of_moving_the_probabilities():
    doc = binomial_doc()
    before = doc.probabilities("P").copy()
    with pytest.raises(DistributionError, match="'extra' is not a number"):
        doc.insert_rows(3, ["extra"])  # by position, 3…10 would get P(4)…P(11)
    assert list(doc.labels) == list(map(str, range(11)))
    assert doc.probabilities("P").tolist() == before.tolist()
    doc.set_label(3, "three")  # by position 3 is still 3: nothing moves, so it may
    assert doc.probabilities("P").tolist() == before.tolist()
    with pytest.raises(DistributionError, match="'10' would get the probability of another"):
        doc.move_outcome(10, 0)  # read by position now: 10 first moves every count
    assert doc.probabilities("P").tolist() == before.tolist()


def test_the_refusal_names_the_label_the_columns_reading_stumbles_on_and_why():
    # every label reads with a decimal comma, but 1,000 may be a thousand as well as one
    doc = binomial_doc()
    with pytest.raises(DistributionError) as e:
        doc.insert_rows(3, ["1,000"])
    assert ("and '1,000' could be 1000 (a comma between thousands) or 1.000 (a decimal "
            "comma): read by position, '3' would get") in str(e.value)
    # each label is a number, but not with one decimal mark
    with pytest.raises(DistributionError) as e:
        doc.insert_rows(3, ["0.5", "0,5"])
    assert "and '0,5' has a decimal comma where '0.5' has a dot" in str(e.value)
    assert list(doc.labels) == list(map(str, range(11)))


def test_fill_refusal_says_what_the_fill_would_raise_and_changes_nothing():
    doc = binomial_doc()
    before, revision = doc.snapshot(), doc.revision
    why = doc.fill_refusal("Q", Poisson(2.0, tail=3), create_outcomes=True)
    assert why.startswith("P (Binomial(n = 10, p = 0.5)) cannot follow the new outcomes")
    with pytest.raises(DistributionError) as raised:
        doc.fill_from_family("Q", Poisson(2.0, tail=3), create_outcomes=True)
    assert str(raised.value) == why
    assert "≥" in doc.fill_refusal("Q", Poisson(2.0, tail=3), create_outcomes=False)
    assert doc.fill_refusal("Q", Binomial(10, 0.7), create_outcomes=False) == ""
    assert doc.snapshot() == before and doc.revision == revision


def test_a_tail_slider_moves_the_outcomes_and_every_column_folded_there():
    doc = Document()
    doc.fill_from_family("Q", Poisson(2.0, tail=5), create_outcomes=True)
    doc.set_family("P", Poisson(3.0, tail=5))
    steps, record = merged_steps()
    edits = Edits(doc, record)
    q = doc.focus_id
    for k in (6, 7):  # one drag of Q's K slider
        edits.move_family([q], Poisson(2.0, tail=k), gesture=("slider", 0))
    assert list(doc.labels) == [*map(str, range(7)), "≥ 7"]
    assert doc.family_of("P") == Poisson(3.0, tail=7)  # folded at the old K: it follows
    assert doc.probabilities("Q")[:7] == pytest.approx(stats.poisson.pmf(range(7), 2.0),
                                                       rel=1e-13)
    assert len(steps) == 1
    steps[0].undo()
    assert list(doc.labels) == [*map(str, range(5)), "≥ 5"]
    words = Document(["a", "b", "c"], ["1", "1", "1"], ["1", "1", "1"])
    words.set_family("Q", Binomial(2, 0.5))
    with pytest.raises(DistributionError):  # not its own outcomes: refused, not grown
        Edits(words, record).move_family([words.focus_id], Binomial(5, 0.5))
    assert list(words.labels) == ["a", "b", "c"]


def test_the_dropped_warning_comes_from_the_document_not_from_words_in_a_name():
    """Whether a replacement drops entries is the document's answer, not a search of
    the note for " are dropped": a column called "Counts are dropped" whose entries
    all stay made the window say "(Undo brings them back.)" (a reviewer's find)."""
    from klgui.model.document import Document, DistributionSpec
    doc = Document()
    doc.load_columns(["0", "1", "2", "3"],
                     [DistributionSpec("Counts are dropped", "reference", ("1", "2", "3", "4")),
                      DistributionSpec("Q", "model", ("1", "1", "1", "1"))], focus="Q")
    said = doc.replacement_said("Q", Binomial(3, 0.5))
    assert said == "" and not doc.replacement_drops("Q", Binomial(3, 0.5))
    assert doc.replacement_drops("Q", Binomial(1, 0.5))  # 2 and 3 go, with 3 and 4
    assert "are dropped" in doc.replacement_said("Q", Binomial(1, 0.5))
