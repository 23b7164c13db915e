"""Files of several models through the real window: opening a CSV with several weight
columns creates every model, "Load a distribution…" loads into the reference, a model or
a new model as one undo step, the roles dialog for a headerless file of 4+ columns, and
the exported table of several models read back. Modal dialogs are answered by the
`dialogs` fixture (conftest.py) or monkeypatched as the import tests do."""

import csv
import math

import pytest

from klgui.io.column_roles import IGNORE, MODEL, REFERENCE, plan_from_roles
from klgui.io.csv_export import TABLE_HEADER
from klgui.io.csv_import import parse_delimited
from klgui.ui.files import import_dialogs

SEED = "outcome,P,Model A,Model B\ncat,1,0.8,0.4\ndog,0,0.1,0.3\nbird,0,0.1,0.3\n"


def refreshed(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed, timeout=5000):
        pass


def columns(doc):
    return [(doc.name_of(i), doc.role_of(i), list(doc.texts(i))) for i in doc.column_ids]


@pytest.fixture
def seed_file(tmp_path):
    path = tmp_path / "seed.csv"
    path.write_text(SEED, "utf-8")
    return path


def test_opening_a_file_of_several_models_creates_them_all_in_one_step(
        window, qtbot, dialogs, seed_file):
    doc = window.document
    before, steps = doc.snapshot(), window.undo_stack.count()
    dialogs.open_paths.append(seed_file)
    window.files.open_action.trigger()
    refreshed(window, qtbot)
    assert doc.labels == ["cat", "dog", "bird"]
    assert columns(doc) == [("P", "reference", ["1", "0", "0"]),
                            ("Model A", "model", ["0.8", "0.1", "0.1"]),
                            ("Model B", "model", ["0.4", "0.3", "0.3"])]
    assert doc.name_of("Q") == "Model A"
    assert doc.result().comparison.kl_pq == pytest.approx(-math.log(0.8), rel=1e-15)
    assert "3 outcomes and 2 models" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert doc.snapshot() == before


def test_a_distribution_loads_into_a_new_model_as_one_step(window, qtbot, dialogs,
                                                           monkeypatch, tmp_path):
    doc = window.document  # heads, tails; P 0.8 0.2; Q 0.6 0.4
    (tmp_path / "Fair coin.csv").write_text("outcome,weight\ntails,1\nheads,1\n", "utf-8")
    offered = []

    def target(parent, source, choices):
        offered.append([text for text, _ in choices])
        return import_dialogs.NEW_MODEL
    monkeypatch.setattr(import_dialogs, "ask_target", target)
    dialogs.open_paths.append(tmp_path / "Fair coin.csv")
    before, steps = doc.snapshot(), window.undo_stack.count()
    window.files.load_distribution_action.trigger()
    refreshed(window, qtbot)
    assert offered == [["P (the reference)", "Q", "A new model"]]
    assert columns(doc)[-1] == ("Fair coin", "model", ["1", "1"])
    assert doc.name_of("Q") == "Q" and list(doc.texts("P")) == ["0.8", "0.2"]
    assert "Loaded Fair coin from Fair coin.csv: 2 outcomes matched by label" in \
        window.statusBar().currentMessage()
    assert window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert doc.snapshot() == before


def test_a_distribution_loads_into_a_chosen_model_by_label(window, qtbot, monkeypatch,
                                                           seed_file, tmp_path):
    assert window.files.import_csv(seed_file, ask_first=False)
    doc = window.document
    b = doc.column_id("Model B")
    (tmp_path / "b.csv").write_text("outcome,weight\nbird,5\ncat,3\nfish,2\n", "utf-8")
    monkeypatch.setattr(import_dialogs, "ask_target", lambda parent, source, choices: b)
    assert window.files.load_distribution(tmp_path / "b.csv")
    refreshed(window, qtbot)
    assert doc.labels == ["cat", "dog", "bird", "fish"]
    assert columns(doc) == [("P", "reference", ["1", "0", "0", "0"]),
                            ("Model A", "model", ["0.8", "0.1", "0.1", "0"]),
                            ("Model B", "model", ["3", "0", "5", "2"])]
    message = window.statusBar().currentMessage()
    assert "Loaded Model B from b.csv: 2 outcomes matched by label" in message
    assert "1 added (the other columns are 0 there)" in message


def test_a_new_model_that_cannot_be_loaded_leaves_no_column_and_no_step(
        window, qtbot, dialogs, monkeypatch, tmp_path):
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["heads", "tails", "heads"], ["1", "2", "3"], ["3", "2", "1"])
    doc = window.document
    before, steps = doc.snapshot(), window.undo_stack.count()
    (tmp_path / "w.csv").write_text("outcome,weight\nheads,5\ntails,7\n", "utf-8")
    assert not window.files.import_csv(tmp_path / "w.csv", into=import_dialogs.NEW_MODEL)
    assert dialogs.warnings and dialogs.warnings[0].startswith(
        "Cannot load a new model from w.csv: the table has the label 'heads' on rows 1 and 3")
    assert doc.snapshot() == before and window.undo_stack.count() == steps


def test_a_headerless_file_of_four_columns_asks_a_role_for_each(window, qtbot, monkeypatch,
                                                                 tmp_path):
    (tmp_path / "four.csv").write_text("cat,0.8,1,0.4\ndog,0.1,0,0.3\nbird,0.1,0,0.3\n")
    asked = []

    def roles(parent, table, guess):
        asked.append((guess.reference.index, [m.index for m in guess.models]))
        return plan_from_roles(table, 0, [IGNORE, MODEL, REFERENCE, MODEL])
    monkeypatch.setattr(import_dialogs, "choose_roles", roles)
    assert window.files.import_csv(tmp_path / "four.csv", ask_first=False)
    refreshed(window, qtbot)
    assert asked == [(1, [2, 3])]
    assert columns(window.document) == [
        ("column 3", "reference", ["1", "0", "0"]), ("column 2", "model", ["0.8", "0.1", "0.1"]),
        ("column 4", "model", ["0.4", "0.3", "0.3"])]
    assert window.document.result().comparison.kl_pq == pytest.approx(-math.log(0.8))


def test_cancelling_the_roles_dialog_changes_nothing(window, monkeypatch, tmp_path):
    (tmp_path / "four.csv").write_text("cat,0.8,1,0.4\ndog,0.1,0,0.3\n")
    monkeypatch.setattr(import_dialogs, "choose_roles", lambda parent, table, guess: None)
    before = window.document.snapshot()
    assert not window.files.import_csv(tmp_path / "four.csv", ask_first=False)
    assert window.document.snapshot() == before


def test_the_roles_dialog_needs_one_reference_and_a_model(qtbot):
    table = parse_delimited("cat,0.8,1,0.4\ndog,0.1,0,0.3\n", "four.csv")
    from klgui.io.column_roles import plan_import
    dialog = import_dialogs.RolesDialog(table, plan_import(table))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.roles == ["label", REFERENCE, MODEL, MODEL] and ok.isEnabled()
    dialog.combos[2].setCurrentIndex(dialog.combos[2].findData(REFERENCE))
    assert not ok.isEnabled() and "exactly one reference" in dialog.problem.text()
    dialog.combos[1].setCurrentIndex(dialog.combos[1].findData(IGNORE))
    dialog.combos[3].setCurrentIndex(dialog.combos[3].findData(IGNORE))
    assert not ok.isEnabled() and "at least one model" in dialog.problem.text()
    dialog.combos[1].setCurrentIndex(dialog.combos[1].findData(MODEL))
    assert ok.isEnabled()
    plan = dialog.plan
    assert plan.label == 0 and plan.reference.index == 2 and [m.index for m in plan.models] == [1]


def test_the_target_dialog_offers_every_column_and_a_new_model(qtbot):
    dialog = import_dialogs.TargetDialog("w.csv", [("P (the reference)", "P"), ("Model A", 3),
                                                   ("A new model", import_dialogs.NEW_MODEL)])
    qtbot.addWidget(dialog)
    assert dialog.answer == "P" and dialog.target.count() == 3
    dialog.target.setCurrentIndex(1)
    assert dialog.answer == 3


def test_the_exported_table_of_several_models_opens_as_the_same_columns(
        window, qtbot, dialogs, seed_file, tmp_path):
    assert window.files.import_csv(seed_file, ask_first=False)
    refreshed(window, qtbot)
    doc = window.document
    doc_columns, labels = columns(doc), list(doc.labels)
    dialogs.save_paths.append(tmp_path / "out.csv")
    assert window.files.export_table()
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [*TABLE_HEADER, "Model B weight", "Model B q", "Model B contribution_pq",
                       "Model B contribution_qp", "reference_name", "focus_name"]
    assert rows[1][-2:] == ["P", "Model A"]  # (the focus is not called Q: its name)
    assert float(rows[1][9]) == pytest.approx(-math.log(0.4), rel=1e-15)  # P(cat) ln(1/0.4)
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["x", "y"], ["1", "1"], ["1", "2"])  # names stay P, Model A
    assert window.files.import_csv(tmp_path / "out.csv", ask_first=False)
    refreshed(window, qtbot)
    assert columns(doc) == doc_columns and doc.labels == labels


def test_a_table_whose_saved_order_no_longer_fits_opens_with_a_note(window, qtbot, tmp_path):
    """A model's four columns deleted in a spreadsheet: the reference at 2 and the focus
    at 4 no longer fit 3 distributions; the window opens the file in its own order,
    focus kept (q_weight, named by focus_name), and the status bar says why."""
    header = [*TABLE_HEADER, "Model A weight", "Model A q", "Model A contribution_pq",
              "Model A contribution_qp", "reference_name", "focus_name",
              "reference_position", "focus_position"]
    body = [["cat", "5", ".5", "", "", "", "", "0.8", "", "", "", "Data", "Model B", "2", "4"],
            ["dog", "3", ".3", "", "", "", "", "0.2", "", "", "", "", "", "", ""]]
    with open(tmp_path / "noC.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *body])
    assert window.files.import_csv(tmp_path / "noC.csv", ask_first=False)
    refreshed(window, qtbot)
    doc = window.document
    assert columns(doc) == [("Data", "reference", ["5", "3"]),
                            ("Model B", "model", [".5", ".3"]),
                            ("Model A", "model", ["0.8", "0.2"])]
    assert doc.name_of(doc.focus_id) == "Model B"
    assert window.statusBar().currentMessage().endswith(
        " Note: noC.csv: the saved order could not be used: columns reference_position, "
        "focus_position hold 2, 4, not two different places among the 3 distributions "
        "(1 to 3); the distributions are in the file's order (the reference, the focus "
        "model, the others).")
