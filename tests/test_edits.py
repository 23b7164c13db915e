"""Undoable steps without Qt: every kind of action undoes to exactly the state before it
(entries as typed, labels, settings, values) and redoes to exactly the state after."""

import numpy as np
import pytest
from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from klgui.core import Smoothing, WeightParseError, compare
from klgui.model.document import Document
from klgui.model.edits import Edits, Step


def state_of(doc: Document) -> tuple:
    """Everything a person could see or save, values bit for bit."""
    return (doc.snapshot(), doc.values("P").tobytes(), doc.values("Q").tobytes())


def fresh() -> tuple[Document, Edits, list[Step]]:
    doc = Document(["rain", "sun", "snow"], ["1/2", "30%", "0.2"], ["1", "1", "2"],
                   name="weather")
    steps: list[Step] = []
    return doc, Edits(doc, steps.append), steps


ACTIONS = {
    "entry": lambda e: e.set_entry("Q", 2, " 2e-1 "),
    "label": lambda e: e.set_label(1, "  sunny "),
    "paste within": lambda e: e.paste(0, 1, [["3", "4"], ["5"]]),
    "paste that grows": lambda e: e.paste(2, 0, [["hail", "1", "1"], ["fog", "2/3", "0"]]),
    "clear": lambda e: e.clear([(0, 1), (1, 2), (2, 0)]),
    "add": lambda e: e.insert_outcomes(3, text="Add outcome"),
    "insert two": lambda e: e.insert_outcomes(1, 2),
    "remove runs": lambda e: e.remove_outcomes([(0, 1), (2, 1)]),
    "move down": lambda e: e.move_outcome(0, 2),
    "move up": lambda e: e.move_outcome(2, 1),
    "normalize": lambda e: e.normalize_entries(),
    "import": lambda e: e.load(["a", "b"], ["1", "0"], ["0.5", "0.5"], name="file",
                               text="Import file.csv"),
    "load P": lambda e: e.replace("Load P from p.csv", lambda: e.document.load_distribution(
        "P", ["sun", "fog"], ["4", "1"])),
    "unit": lambda e: e.set_unit("bits"),
    "auto-normalize": lambda e: e.set_auto_normalize(False),
    "digits": lambda e: e.set_digits(9),
    "smoothing": lambda e: e.set_smoothing(Smoothing("additive", 0.5)),
}


@pytest.mark.parametrize("action", ACTIONS.values(), ids=ACTIONS.keys())
def test_every_action_undoes_and_redoes_exactly(action):
    doc, edits, steps = fresh()
    doc.set_entry("P", 1, "0.3")  # an edited cell (kept outside the packed column)
    before = state_of(doc)
    action(edits)
    after = state_of(doc)
    assert after != before and len(steps) == 1 and steps[0].text
    steps[0].undo()
    assert state_of(doc) == before
    steps[0].redo()
    assert state_of(doc) == after
    steps[0].undo()
    assert state_of(doc) == before


def test_step_names_say_what_was_done():
    doc, edits, steps = fresh()
    edits.paste(0, 1, [["1", "2"], ["3", "4"], ["5", "6"], ["7", "8"], ["9", "1"], ["2", "3"]])
    edits.remove_outcomes([(1, 1)])
    edits.remove_outcomes([(0, 2)])
    edits.set_entry("P", 0, "4")
    edits.move_outcome(0, 1)
    assert [s.text for s in steps] == ["Paste 12 cells", "Remove 'sun'", "Remove 2 outcomes",
                                       "Set P of 'outcome 4' to 4", "Move 'outcome 4' down"]


def test_a_refused_action_changes_nothing_and_records_nothing():
    doc, edits, steps = fresh()
    before = state_of(doc)
    with pytest.raises(WeightParseError, match="Line 2 of the block, Q"):
        edits.paste(0, 1, [["1", "2"], ["3", "x"], ["4", "5"], ["6", "7"]])
    with pytest.raises(ValueError, match="At least one outcome must remain"):
        edits.remove_outcomes([(0, 1), (1, 2)])
    with pytest.raises(WeightParseError):
        edits.set_entry("P", 0, "-1")
    with pytest.raises(IndexError):
        edits.set_label(7, "x")
    assert state_of(doc) == before and steps == []


def test_no_step_for_an_action_that_changes_nothing():
    doc, edits, steps = fresh()
    edits.set_entry("P", 0, "1/2")
    edits.set_label(0, " rain ")
    edits.set_unit("nats")
    edits.clear([(0, 0)])  # labels are not cleared
    edits.move_outcome(1, 1)
    assert steps == []


def test_edits_in_one_session_merge_and_typing_back_leaves_no_step():
    doc, edits, steps = fresh()
    for text in ("0", "0.", "0.7"):
        edits.set_entry("P", 0, text, session=1)
    assert len(steps) == 3 and steps[0].absorb(steps[1]) and steps[0].absorb(steps[2])
    assert steps[0].text == "Set P of 'rain' to 0.7" and not steps[0].obsolete
    steps[0].undo()
    assert doc.texts("P")[0] == "1/2"
    merged = steps[0]
    steps.clear()
    edits.set_entry("P", 0, "0.9", session=2)
    edits.set_entry("P", 0, "1/2", session=2)  # Escape puts the entry back
    assert steps[0].absorb(steps[1]) and steps[0].obsolete
    assert not merged.absorb(steps[0])  # another session: two steps
    edits.set_entry("P", 0, "0.1")
    edits.set_entry("P", 0, "0.2")
    assert not steps[-2].absorb(steps[-1])  # no session: each edit is its own step


class UndoMachine(RuleBasedStateMachine):
    """Random edits, undos and redos: every undo finds the state the step began from,
    every redo the state it ended in, and the figures equal compare() of the entries."""

    def __init__(self):
        super().__init__()
        self.doc, self.edits, self.steps = fresh()
        self.done: list[tuple[Step, tuple, tuple]] = []  # step, state before, after
        self.undone: list[tuple[Step, tuple, tuple]] = []

    def _do(self, action) -> None:
        before, count = state_of(self.doc), len(self.steps)
        try:
            action()
        except (ValueError, IndexError):
            assert state_of(self.doc) == before and len(self.steps) == count
            return
        if len(self.steps) > count:
            self.done.append((self.steps[-1], before, state_of(self.doc)))
            self.undone.clear()

    @rule(which=st.sampled_from("PQ"), row=st.integers(0, 5),
          text=st.sampled_from(["0", "1", "0.25", "3/4", "40%", "x", "2e-3"]))
    def entry(self, which, row, text):
        self._do(lambda: self.edits.set_entry(which, row, text))

    @rule(row=st.integers(0, 5), text=st.sampled_from(["a", "b", " c ", ""]))
    def label(self, row, text):
        self._do(lambda: self.edits.set_label(row, text))

    @rule(row=st.integers(0, 4), field=st.integers(0, 2),
          block=st.lists(st.lists(st.sampled_from(["1", "2", "0", "z", "1/3"]), min_size=1,
                                  max_size=3), min_size=1, max_size=3))
    def paste(self, row, field, block):
        self._do(lambda: self.edits.paste(row, field, block))

    @rule(row=st.integers(0, 6), count=st.integers(1, 2))
    def insert(self, row, count):
        self._do(lambda: self.edits.insert_outcomes(row, count))

    @rule(first=st.integers(0, 5), count=st.integers(1, 2))
    def remove(self, first, count):
        self._do(lambda: self.edits.remove_outcomes([(first, count)]))

    @rule(row=st.integers(0, 5), dest=st.integers(0, 5))
    def move(self, row, dest):
        self._do(lambda: self.edits.move_outcome(row, dest))

    @rule()
    def normalize(self):
        self._do(self.edits.normalize_entries)

    @rule(unit=st.sampled_from(["nats", "bits"]), on=st.booleans())
    def settings(self, unit, on):
        self._do(lambda: self.edits.set_unit(unit))
        self._do(lambda: self.edits.set_auto_normalize(on))

    @precondition(lambda self: self.done)
    @rule()
    def undo(self):
        step, before, after = self.done.pop()
        assert state_of(self.doc) == after
        step.undo()
        assert state_of(self.doc) == before
        self.undone.append((step, before, after))

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self):
        step, before, after = self.undone.pop()
        step.redo()
        assert state_of(self.doc) == after
        self.done.append((step, before, after))

    @invariant()
    def figures_match_the_entries(self):
        doc = self.doc
        result = doc.result()
        try:
            expected = compare(doc.values("P"), doc.values("Q"), doc.unit,
                               normalize=doc.auto_normalize)
        except ValueError:
            assert result.comparison is None
            return
        assert result.comparison is not None
        # The document compares the entries as typed; the kernel here their doubles.
        assert np.allclose(result.comparison.p, expected.p, rtol=1e-15, atol=0)
        assert result.comparison.kl_pq == pytest.approx(expected.kl_pq, rel=1e-13)


TestUndoMachine = UndoMachine.TestCase
TestUndoMachine.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
