"""The File menu and the clipboard, driven through the real window. Modal dialogs are
answered by the `dialogs` fixture (conftest.py)."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QMessageBox

from klgui.core import compare
from klgui.io.csv_import import Columns
from klgui.io.session import session_text
from klgui.model.document import DistributionSpec
from klgui.ui.files import import_dialogs
from klgui.ui.table.outcome_model import LABEL, P_ENTRY, P_NORM, Q_ENTRY
from oracle import typed_compare

DATA = Path(__file__).parent / "data" / "csv"
Button = QMessageBox.StandardButton


def refreshed(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed, timeout=5000):
        pass


def edit(window, qtbot, row=0, which="P", text="0.7"):
    window.edits.set_entry(which, row, text)
    refreshed(window, qtbot)


# -- sessions and the unsaved mark ------------------------------------------------------
def test_save_marks_clean_and_an_edit_marks_unsaved(window, qtbot, dialogs, tmp_path):
    edit(window, qtbot)
    assert window.isWindowModified()
    dialogs.save_paths.append(tmp_path / "lesson")  # the suffix is added
    window.files.save_action.trigger()
    path = tmp_path / "lesson.kld.json"
    assert path.exists() and not window.isWindowModified()
    assert window.windowTitle() == "lesson.kld.json[*] — KL Divergence Explorer"
    assert json.loads(path.read_text("utf-8"))["distributions"][0]["entries"] == ["0.7", "0.2"]
    assert window.files.settings.recent_files() == [str(path.resolve())]
    edit(window, qtbot, text="0.6")
    assert window.isWindowModified()
    window.files.save_action.trigger()  # saves in place, no dialog this time
    assert not window.isWindowModified() and dialogs.save_paths == []


def test_open_restores_entries_and_settings(window, qtbot, dialogs, tmp_path):
    window.edits.set_unit("bits")
    window.edits.set_entry("Q", 1, "2/5")
    dialogs.save_paths.append(tmp_path / "a.kld.json")
    assert window.files.save_as()
    saved = window.document.snapshot()  # named "a" now, after its file
    window.files.new()
    assert window.document.labels == ["outcome 1", "outcome 2"]
    dialogs.open_paths.append(tmp_path / "a.kld.json")
    window.files.open_action.trigger()
    refreshed(window, qtbot)
    assert window.document.snapshot() == saved
    assert window.panel.figures["kl_pq"].text().endswith("bits")
    assert window.chart.plots["pq"].plotItem.titleLabel.text.count("bits") == 1


def test_quitting_with_unsaved_edits_asks_and_cancel_keeps_the_window(window, qtbot, dialogs):
    edit(window, qtbot)
    dialogs.answers.append(Button.Cancel)
    assert not window.close()
    assert window.isVisible() and len(dialogs.asked) == 1 and "not saved" in dialogs.asked[0]
    dialogs.answers.append(Button.Discard)
    assert window.close()


def test_quitting_with_nothing_unsaved_does_not_ask(window, dialogs):
    assert window.close() and dialogs.asked == []


def test_save_when_asked_on_quit_writes_the_file(window, qtbot, dialogs, tmp_path):
    edit(window, qtbot)
    dialogs.answers.append(Button.Save)
    dialogs.save_paths.append(tmp_path / "kept.kld.json")
    assert window.close()
    assert json.loads((tmp_path / "kept.kld.json").read_text("utf-8"))["distributions"][0]["entries"][0] == "0.7"


def test_an_example_asks_before_discarding_edits(window, qtbot, dialogs):
    edit(window, qtbot)
    dialogs.answers.append(Button.Cancel)
    assert not window.load_preset(window.presets[1])
    assert window.document.texts("P")[0] == "0.7"


def test_a_session_from_a_newer_version_is_refused_and_nothing_changes(window, dialogs, tmp_path):
    data = json.loads(session_text(window.document.snapshot()))
    data.update(version=7, outcomes={"labels": ["x"], "p": ["1"], "q": ["1"]})
    (tmp_path / "future.kld.json").write_text(json.dumps(data), "utf-8")
    before = window.document.snapshot()
    assert not window.files.open(tmp_path / "future.kld.json")
    assert "saved by a newer KL Divergence Explorer" in dialogs.warnings[0]
    assert window.document.snapshot() == before


def test_a_failed_save_says_so_and_keeps_the_unsaved_mark(window, qtbot, dialogs, tmp_path):
    edit(window, qtbot)
    dialogs.save_paths.append(tmp_path / "no such folder" / "x.kld.json")
    assert not window.files.save()
    assert "was not saved" in dialogs.warnings[0] and window.isWindowModified()


def test_recent_files_open_from_the_menu(window, qtbot, dialogs, tmp_path):
    dialogs.save_paths.append(tmp_path / "r.kld.json")
    window.files.save()
    window.files.new()
    window.files.recent_menu.aboutToShow.emit()
    actions = window.files.recent_menu.actions()
    assert [a.text() for a in actions] == ["&1 r.kld.json", "", "&Clear menu"]
    actions[0].trigger()
    assert window.document.labels == ["heads", "tails"] and window.files.path.name == "r.kld.json"


# -- CSV import --------------------------------------------------------------------------
def test_import_replaces_the_table_and_marks_it_unsaved(window, qtbot, dialogs):
    dialogs.open_paths.append(DATA / "semicolon_decimal_comma.csv")
    window.files.import_action.trigger()
    refreshed(window, qtbot)
    assert window.document.labels == ["Kopf", "Zahl"] and window.document.texts("P") == ["0.8", "0.2"]
    assert window.isWindowModified() and "semicolon-separated" in window.statusBar().currentMessage()
    assert window.panel.figures["kl_pq"].text().startswith("0.0915162")


@pytest.mark.parametrize("name, words", [
    ("not_a_number.csv", "not_a_number.csv, line 7: 'abc' in column Q is not a number."),
    ("binary.png", "binary.png is not a text file"),
    ("ragged.csv", "ragged.csv, line 3: 2 values"),
    ("zero_sum.csv", "zero_sum.csv: every weight in column Q is 0"),
])
def test_a_bad_file_gets_one_message_and_the_table_stays(window, qtbot, dialogs, name, words):
    edit(window, qtbot, text="3")
    before, revision = window.document.snapshot(), window.document.revision
    assert not window.files.import_csv(DATA / name, ask_first=False)
    assert len(dialogs.warnings) == 1 and dialogs.warnings[0].startswith(words)
    assert window.document.snapshot() == before and window.document.revision == revision


def test_ambiguous_columns_are_asked(window, qtbot, monkeypatch):
    asked = []

    def choose(parent, table, guess, single=None):
        asked.append((guess, single))
        return Columns(0, 2, 1)
    monkeypatch.setattr(import_dialogs, "choose_columns", choose)
    assert window.files.import_csv(DATA / "ambiguous_columns.csv")
    assert asked == [(Columns(0, 1, 2), None)]
    assert window.document.texts("P") == ["100", "95", "60"]


def test_the_column_dialog_refuses_the_same_column_twice(qtbot):
    from klgui.io.csv_import import read_delimited
    table = read_delimited(DATA / "ambiguous_columns.csv")
    dialog = import_dialogs.ColumnDialog(table, Columns(0, 1, 2))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled() and dialog.columns == Columns(0, 1, 2)
    dialog.q.setCurrentIndex(1)
    assert not ok.isEnabled() and "different columns" in dialog.problem.text()


def test_repeated_labels_are_merged_on_request(window, monkeypatch):
    monkeypatch.setattr(import_dialogs, "ask_duplicates", lambda parent, e, can_keep: "merge")
    assert window.files.import_csv(DATA / "duplicate_labels.csv")
    assert window.document.labels == ["the", "of", "and"] and window.document.texts("Q")[0] == "7/3"


def test_cancelling_the_repeated_labels_question_changes_nothing(window, monkeypatch):
    monkeypatch.setattr(import_dialogs, "ask_duplicates", lambda parent, e, can_keep: None)
    before = window.document.snapshot()
    assert not window.files.import_csv(DATA / "duplicate_labels.csv")
    assert window.document.snapshot() == before


def test_load_q_from_a_two_column_file_matches_labels(window, tmp_path):
    (tmp_path / "model.csv").write_text("outcome,weight\ntails,3\nheads,1\n", "utf-8")
    assert window.files.import_csv(tmp_path / "model.csv", into="Q")
    assert window.document.labels == ["heads", "tails"]
    assert window.document.texts("Q") == ["1", "3"] and window.document.texts("P") == ["0.8", "0.2"]
    assert "2 outcomes matched by label" in window.statusBar().currentMessage()


def test_a_two_column_file_opened_asks_p_or_q(window, monkeypatch):
    monkeypatch.setattr(import_dialogs, "ask_which_distribution", lambda parent, table: "P")
    assert window.files.import_csv(DATA / "two_columns.csv")
    assert window.document.labels == ["the", "of", "and"]
    assert window.document.texts("P") == ["120", "80", "70"] and window.document.texts("Q") == ["0"] * 3


def test_cancel_during_a_long_import_leaves_the_tables(window, tmp_path, monkeypatch):
    path = tmp_path / "long.csv"
    path.write_text("outcome,P,Q\n" + "".join(f"o{i},1,1\n" for i in range(120_000)), "utf-8")
    from PySide6.QtWidgets import QProgressDialog
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    before = window.document.snapshot()
    assert not window.files.import_csv(path)
    assert window.document.snapshot() == before
    assert "cancelled; nothing changed" in window.statusBar().currentMessage()


def test_a_million_row_file_imports_and_is_drawn(window, qtbot, tmp_path):
    path = tmp_path / "million.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("outcome,P,Q\n")
        f.writelines(f"w{i},{1 + i % 3},{0 if i == 777_777 else 1 + i % 5}\n" for i in range(1_000_000))
    assert window.files.import_csv(path)
    refreshed(window, qtbot)
    assert window.document.n == 1_000_000
    assert window.panel.figures["kl_pq"].text() == "∞"  # one zero in Q among a million
    assert window.chart.plots["pq"].infinity_label_count() >= 1


# -- CSV export and chart images --------------------------------------------------------
def test_export_both_writes_two_files_that_reproduce_the_result(window, dialogs, tmp_path):
    dialogs.save_paths.append(tmp_path / "coin.csv")
    window.files.export_both_action.trigger()
    table = list(csv.reader(open(tmp_path / "coin-table.csv", encoding="utf-8", newline="")))
    summary = {r[0]: r[1] for r in csv.reader(open(tmp_path / "coin-summary.csv", encoding="utf-8"))}
    c = typed_compare([0.8, 0.2], [0.6, 0.4])
    assert table[1][:3] == ["heads", "0.8", "0.6"] and float(table[1][5]) == c.contributions_pq[0]
    assert float(summary["kl_pq"]) == c.kl_pq and summary["source"] == "Coin"


def test_export_asks_before_replacing_the_second_file(window, dialogs, tmp_path):
    (tmp_path / "x-summary.csv").write_text("precious")
    dialogs.save_paths.append(tmp_path / "x.csv")
    dialogs.answers.append(Button.No)
    assert not window.files.export_both()
    assert "x-summary.csv already exists" in dialogs.asked[0]
    assert (tmp_path / "x-summary.csv").read_text() == "precious"


def test_nothing_to_export_when_the_entries_cannot_be_compared(window, qtbot, dialogs, tmp_path):
    window.edits.set_auto_normalize(False)
    window.edits.set_entry("P", 0, "3")
    dialogs.save_paths.append(tmp_path / "t.csv")
    assert not window.files.export_table()
    assert dialogs.warnings[0].startswith("The entries cannot be compared yet: P sums to")
    assert not (tmp_path / "t.csv").exists()


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_the_chart_exports_as_an_image_that_reads_back(window, qtbot, dialogs, tmp_path, suffix):
    window.chart.set_direction("both")
    qtbot.waitUntil(lambda: len(window.chart.visible_views()) == 2)
    dialogs.save_paths.append(tmp_path / f"chart{suffix}")
    assert window.files.export_chart()
    path = tmp_path / f"chart{suffix}"
    if suffix == ".png":
        image = QImage(str(path))
        views = window.chart.visible_views()
        assert len(views) == 2
        assert image.width() == 2 * max(v.width() for v in views)
        key_row = 30  # the colour key under the plots
        assert image.height() == 2 * (sum(v.height() for v in views) + key_row)
        colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert "#0072b2" in colours and "#e69f00" in colours  # the blue and orange bars
    else:
        texts = [e.text for e in ET.parse(path).iter() if e.tag.endswith("text") and e.text]
        joined = " ".join(t.strip() for t in texts)
        assert "0.0915162 nats" in joined and "0.10465 nats" in joined and "heads" in joined
        assert "term (nats)" in joined and "infinite term (∞)" in joined  # unit and key


# -- clipboard ---------------------------------------------------------------------------
def select(window, top, left, bottom, right):
    model, view = window.table.model, window.table.view
    view.setCurrentIndex(model.index(top, left))
    view.selectionModel().select(QItemSelection(model.index(top, left), model.index(bottom, right)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_copy_puts_a_tab_separated_block_with_full_precision(window, qtbot):
    window.edits.set_entry("Q", 0, "2/3")
    refreshed(window, qtbot)
    select(window, 0, LABEL, 1, P_NORM)
    window.table.view.setFocus()
    qtbot.keyClick(window.table.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    c = window.document.result().comparison
    assert QGuiApplication.clipboard().text() == (
        f"heads\t0.8\t2/3\t{float(c.p[0])!r}\ntails\t0.2\t0.4\t{float(c.p[1])!r}\n")


def test_copied_labels_that_look_like_formulas_are_guarded_and_paste_back_exactly(
        window, qtbot):
    window.edits.set_label(0, '=HYPERLINK("http://x")')
    window.edits.set_label(1, "-1..0")
    select(window, 0, LABEL, 1, P_ENTRY)
    window.table.view.setFocus()
    qtbot.keyClick(window.table.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    cells = list(csv.reader(io.StringIO(QGuiApplication.clipboard().text()),
                            dialect="excel-tab"))
    assert cells == [["'=HYPERLINK(\"http://x\")", "0.8"], ["'-1..0", "0.2"]]
    window.edits.set_label(0, "a")
    window.edits.set_label(1, "b")
    select(window, 0, LABEL, 0, LABEL)
    qtbot.keyClick(window.table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert list(window.document.labels) == ['=HYPERLINK("http://x")', "-1..0"]


def test_paste_from_a_spreadsheet_grows_the_table(window, qtbot):
    QGuiApplication.clipboard().setText("sun\t0,5\t0,25\nrain\t0,3\t0,25\nsnow\t0,2\t0,5\r\n")
    select(window, 0, LABEL, 0, LABEL)
    window.table.view.setFocus()
    qtbot.keyClick(window.table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    refreshed(window, qtbot)
    doc = window.document
    assert doc.labels == ["sun", "rain", "snow"]
    assert doc.texts("P") == ["0.5", "0.3", "0.2"] and doc.texts("Q") == ["0.25", "0.25", "0.5"]
    assert window.panel.figures["kl_pq"].text() == window.panel.figures["kl_pq"].text()
    assert float(window.panel.figures["kl_pq"].text().split()[0]) == pytest.approx(
        compare([0.5, 0.3, 0.2], [0.25, 0.25, 0.5]).kl_pq, rel=1e-5)
    assert len(window.table.view.selectionModel().selectedIndexes()) == 9


def test_a_bad_paste_names_the_cell_and_changes_nothing(window, qtbot):
    QGuiApplication.clipboard().setText("0.5\n0.3\nlots\n")
    select(window, 0, Q_ENTRY, 0, Q_ENTRY)
    before = window.document.snapshot()
    window.table.paste_action.trigger()
    assert window.document.snapshot() == before
    assert window.table.message.isVisibleTo(window) and window.table.message.text() == (
        "Nothing was pasted. Line 3 of the block, Q: 'lots' is not a number. "
        "Type a number ≥ 0 such as 0.8, .8, 4/5, 80% or 2e-3.")


def test_ctrl_c_on_a_figure_still_copies_the_figure(window, qtbot):
    figure = window.panel.figures["kl_pq"]
    figure.setFocus()
    qtbot.keyClick(figure, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == repr(typed_compare([0.8, 0.2], [0.6, 0.4]).kl_pq)


def test_paste_into_p_only_keeps_labels(window):
    QGuiApplication.clipboard().setText("1\n3\n")
    select(window, 0, P_ENTRY, 0, P_ENTRY)
    window.table.paste()
    assert window.document.texts("P") == ["1", "3"] and window.document.labels == ["heads", "tails"]


def test_a_pasted_block_with_blank_columns_on_the_right_pastes_its_cells(window, qtbot):
    """Excel copies the blank columns a selection took in as empty cells."""
    QGuiApplication.clipboard().setText("a\t1\t1\t\t\nb\t2\t1\t\t\n")
    select(window, 0, LABEL, 0, LABEL)
    window.table.view.setFocus()
    qtbot.keyClick(window.table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert list(window.document.labels) == ["a", "b"]
    assert list(window.document.texts("P")) == ["1", "2"]


def test_a_bad_cell_beyond_the_tables_columns_is_named_by_its_column_in_the_block(
        window, qtbot):
    """Found by the soak: the message looked up a field the table does not have."""
    QGuiApplication.clipboard().setText("a\t1\t1\t1,2345,6\n")
    select(window, 0, LABEL, 0, LABEL)
    window.table.view.setFocus()
    qtbot.keyClick(window.table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.table.message.text().startswith(
        "Nothing was pasted. Line 1 of the block, column 4: '1,2345,6'")
    assert list(window.document.labels) == ["heads", "tails"]


def test_a_session_with_repeated_labels_opens_with_a_note(window, tmp_path):
    """The CSV import says when labels repeat (the window asks; the command line notes
    it); a session holding them opened without a word. It says so now, in the status
    bar, as the command line does; blank labels are no repeats."""
    window.document.load_columns(["the", "of", "the", "", ""], [
        DistributionSpec("P", "reference", ("1", "2", "3", "4", "5")),
        DistributionSpec("Q", "model", ("1",) * 5)])
    (tmp_path / "s.kld.json").write_text(session_text(window.document.snapshot()), "utf-8")
    assert window.files.open(tmp_path / "s.kld.json")
    assert window.statusBar().currentMessage() == (
        "Opened s.kld.json. 1 label(s) repeat, first 'the' (separate outcomes, as the "
        "session holds them).")
    assert list(window.document.labels) == ["the", "of", "the", "", ""]
