"""Load P/Q from CSV matches one table row per label: a table that repeats a label the
file names is refused (naming the rows), never given the file's weight twice."""

import pytest

from klgui.model.document import Document


def test_a_table_repeating_a_label_the_file_names_is_refused_and_unchanged():
    d = Document(["a", "b", "a"], ["1", "1", "1"], ["1", "2", "3"])
    before = d.snapshot()
    with pytest.raises(ValueError, match=r"^the table has the label 'a' on rows 1 and 3; "
                                         r"rename them so each label is used once"):
        d.load_distribution("P", ["a", "b"], ["5", "7"])
    assert d.snapshot() == before


def test_a_repeated_label_the_file_does_not_name_is_counted_as_set_to_zero():
    d = Document(["a", "b", "c", "c"], ["1", "1", "1", "1"], ["1", "2", "3", "4"])
    assert d.load_distribution("P", ["a", "b", "d"], ["5", "7", "9"]) == (2, 1, 2)
    assert d.labels == ["a", "b", "c", "c", "d"]
    assert list(d.texts("P")) == ["5", "7", "0", "0", "9"]
    assert list(d.texts("Q")) == ["1", "2", "3", "4", "0"]


def test_the_window_refuses_with_the_file_and_rows_named(window, qtbot, dialogs, tmp_path):
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["heads", "tails", "heads"], ["1", "2", "3"], ["3", "2", "1"],
                          name="repeats")
    before = window.document.snapshot()
    steps = window.undo_stack.count()
    (tmp_path / "weights.csv").write_text("outcome,weight\nheads,5\ntails,7\n", "utf-8")
    assert not window.files.import_csv(tmp_path / "weights.csv", into="P")
    assert dialogs.warnings == [
        "Cannot load P from weights.csv: the table has the label 'heads' on rows 1 and 3; "
        "rename them so each label is used once, then load again."]
    assert window.document.snapshot() == before and window.undo_stack.count() == steps
