"""The table model, checked by Qt's own model tester through every kind of change."""

from PySide6.QtCore import Qt

from klgui.model.document import Document
from klgui.model.edits import Edits
from klgui.ui.table.outcome_model import LABEL, P_ENTRY, P_NORM, Q_ENTRY, OutcomeTableModel


def _model(doc: Document, steps: list | None = None) -> OutcomeTableModel:
    return OutcomeTableModel(Edits(doc, (steps if steps is not None else []).append))


def test_model_passes_qt_model_tester_through_structure_changes(qtmodeltester):
    doc = Document(["a", "b", "c"], ["1", "2", "3"], ["3", "2", "1"])
    model = _model(doc)
    qtmodeltester.check(model, force_py=False)
    doc.insert_outcomes(1, 2)
    doc.set_entry("P", 1, "5")
    doc.move_outcome(0, 4)
    doc.move_outcome(4, 1)
    doc.remove_outcomes(2, 2)
    doc.set_label(0, "first")
    before = doc.state()
    doc.normalize_entries()
    doc.put_back(before)  # same rows: the views keep their place
    doc.set_cells([(0, 0, "one"), (1, 2, "7")])
    doc.insert_rows(0, ["new"], ["1"], ["2"])
    doc.put_back(before)  # fewer rows: a reset
    doc.load(["x", "y"], ["1", "1"], ["1", "3"])
    doc.set_digits(3)
    assert model.rowCount() == 2 and model.index(1, P_NORM).data() == ""  # until shown
    model.show_result(doc.result())
    assert model.index(1, P_NORM).data() == "0.5"


def test_p_and_q_follow_the_shown_result_not_the_entries():
    doc = Document(["a", "b"], ["1", "1"], ["1", "3"])
    model = _model(doc)
    model.show_result(doc.result())
    changed = []
    model.dataChanged.connect(lambda a, b, roles: changed.append((a.column(), b.column())))
    doc.set_entry("P", 0, "3")  # the entry shows at once; p waits for its result
    assert model.index(0, P_ENTRY).data() == "3" and model.index(0, P_NORM).data() == "0.5"
    assert changed == [(P_ENTRY, P_ENTRY)]
    model.show_result(doc.result())
    # p moved, q did not: only p is repainted (tests/test_repaint.py has the rest)
    assert model.index(0, P_NORM).data() == "0.75" and changed[1:] == [(P_NORM, P_NORM)]
    doc.insert_outcomes(0)  # rows shifted: no stale p on the wrong row
    assert model.index(1, P_NORM).data() == ""
    assert "being computed" in model.index(1, P_NORM).data(Qt.ItemDataRole.ToolTipRole)


def test_only_labels_and_entries_are_editable():
    model = _model(Document())
    editable = [bool(model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable) for c in range(5)]
    assert editable == [True, True, True, False, False]
    assert not model.setData(model.index(0, P_NORM), "0.5")


def test_labels_are_renamed_through_the_model():
    doc = Document()
    changed, steps = [], []
    model = _model(doc, steps)
    model.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), a.column(), b.column())))
    assert model.setData(model.index(1, LABEL), "  tails up ")
    assert doc.labels == ["heads", "tails up"] and changed[0] == (1, LABEL, LABEL)
    assert [s.text for s in steps] == ["Rename 'tails' to 'tails up'"]
    steps[0].undo()
    assert doc.labels == ["heads", "tails"] and changed[-1] == (1, LABEL, LABEL)


def test_a_move_down_lands_where_the_view_expects():
    doc = Document(["a", "b", "c"], ["1", "2", "3"], ["1", "1", "1"])
    model = _model(doc)
    moves = []
    model.rowsMoved.connect(lambda parent, start, end, dest, row: moves.append((start, row)))
    doc.move_outcome(0, 1)
    assert moves == [(0, 2)] and [model.index(r, LABEL).data() for r in range(3)] == ["b", "a", "c"]
    assert model.index(1, Q_ENTRY).data() == "1" and model.index(1, P_ENTRY).data() == "1"


def test_tooltips_give_full_precision():
    doc = Document(["a", "b", "c"], ["1", "1", "1"], ["1", "1", "1"])
    model = _model(doc)
    model.show_result(doc.result())
    assert model.index(0, P_NORM).data(Qt.ItemDataRole.ToolTipRole) == f"p of 'a' = {1/3!r}"
    assert model.index(0, P_ENTRY).data(Qt.ItemDataRole.ToolTipRole) == "P for 'a': typed '1', weight 1.0"


def test_a_probability_below_the_doubles_range_is_copied_as_the_csv_writes_it():
    """Weights 1e400, 1e400, 1: the third p is 1/(2e400 + 1), shown as "< 2e−308" and
    copied as 5e-401 (the table CSV's text), not 0; a true zero is still 0."""
    from klgui.ui.table.outcome_model import Q_NORM
    doc = Document(["a", "b", "c"], ["1e400", "1e400", "1"], ["1", "0", "1"])
    model = _model(doc)
    model.show_result(doc.result())
    assert model.index(2, P_NORM).data() == "< 2e\u2212308"
    assert model.copy_text(2, P_NORM) == "5e-401"
    assert model.copy_text(0, P_NORM) == "0.5"
    assert model.copy_text(1, Q_NORM) == "0.0"
