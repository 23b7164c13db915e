"""What the window shows after a load (an example, File ▸ New, Open, a CSV import):
the loaded document's own settings, and no text left over from the one before. Driven
through the real window; dialogs are answered by the `dialogs` fixture (conftest.py)."""

import json
import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QFileDialog

from klgui.core import Smoothing, parse_weight
from klgui.core.teaching.smoothing_effect import suggested_amount
from klgui.io.presets import PresetError, find_preset, list_presets
from klgui.ui.table.outcome_model import P_NORM, Q_NORM
from oracle import oracle

DATA = Path(__file__).parent / "data" / "csv"
PRESETS = Path(__file__).parents[1] / "resources" / "presets"
COIN_D = 0.0915162218494357  # 0.8 ln(0.8/0.6) + 0.2 ln(0.2/0.4)


def refreshed(window, qtbot):
    if window.busy or window.results._timer.isActive():
        with qtbot.waitSignal(window.sigRefreshed, timeout=5000):
            pass


def p_and_q_cells(window):
    model = window.table.model
    return [(model.index(r, P_NORM).data(), model.index(r, Q_NORM).data())
            for r in range(model.rowCount())]


def smooth_with_the_panel(window, qtbot):
    """Choose additive smoothing on the Smoothing page, as a person would."""
    panel = window.smoothing
    panel.method.setCurrentIndex(panel.method.findData("additive"))
    refreshed(window, qtbot)
    # α starts at 1 (Laplace) for counts and small for probabilities
    doc = window.document
    amount, _ = suggested_amount("additive", doc.values("P"), doc.values("Q"))
    assert window.document.smoothing == Smoothing("additive", amount)
    return window.document.smoothing


def title(window):
    return window.chart.plots["pq"].getPlotItem().titleLabel.text


def hover_first_bar(window, qtbot):
    plot = window.chart.plots["pq"]
    with qtbot.waitSignal(plot.sigHovered):
        plot.scene().sigMouseMoved.emit(plot.getPlotItem().vb.mapViewToScene(QPointF(0.1, 0.01)))
    assert window.chart.hover.text().strip()


# -- examples open with their own settings ---------------------------------------------
def test_an_example_after_smoothing_opens_unsmoothed_and_undo_brings_the_smoothing_back(
        window, qtbot):
    window.load_preset(find_preset("die"))
    refreshed(window, qtbot)
    smoothing = smooth_with_the_panel(window, qtbot)
    assert "(smoothed)" in title(window)
    assert window.load_preset(find_preset("coin"))
    refreshed(window, qtbot)
    doc = window.document
    assert doc.smoothing is None and doc.auto_normalize
    assert window.panel.figures["kl_pq"].value == pytest.approx(COIN_D, rel=1e-15)
    assert window.panel.figures["kl_pq"].text() == "0.0915162 nats"
    assert p_and_q_cells(window) == [("0.8", "0.6"), ("0.2", "0.4")]  # beside 0.8 / 0.2
    assert "(smoothed)" not in title(window)
    assert window.panel.smoothed.isHidden()
    assert window.smoothing.method.currentData() is None

    window.undo_action.trigger()  # one step: the die, smoothed, comes back
    refreshed(window, qtbot)
    assert doc.labels == ["1", "2", "3", "4", "5", "6"]
    assert doc.smoothing == smoothing
    assert window.smoothing.method.currentData() == "additive"
    assert "(smoothed)" in title(window)
    window.redo_action.trigger()
    refreshed(window, qtbot)
    assert doc.labels == ["heads", "tails"] and doc.smoothing is None


def test_word_frequencies_open_normalized_after_auto_normalize_was_turned_off(window, qtbot):
    window.table.auto_normalize.click()
    refreshed(window, qtbot)
    assert not window.document.auto_normalize
    window.load_preset(find_preset("word-frequencies"))
    refreshed(window, qtbot)
    assert window.document.auto_normalize and window.table.auto_normalize.isChecked()
    preset = find_preset("word-frequencies")
    want = oracle([parse_weight(t) for t in preset.p], [parse_weight(t) for t in preset.q])
    assert window.panel.figures["kl_pq"].value == pytest.approx(want["kl_pq"], rel=1e-13)
    assert window.panel.reason.isHidden()  # not "P sums to 999997"
    window.undo_action.trigger()
    refreshed(window, qtbot)
    assert not window.document.auto_normalize and window.document.labels == ["heads", "tails"]


def test_an_example_keeps_the_persons_unit_and_digits(window, qtbot):
    window.panel.unit.setCurrentIndex(window.panel.unit.findData("bits"))
    window.panel.digits.setValue(4)
    window.load_preset(find_preset("classifier-b"))
    refreshed(window, qtbot)
    assert (window.document.unit, window.document.digits) == ("bits", 4)
    assert window.panel.figures["kl_pq"].text() == f"{math.log2(2.5):.4g} bits"


def test_a_preset_may_carry_its_own_settings(window, qtbot, tmp_path):
    coin = json.loads((PRESETS / "coin.json").read_text("utf-8"))
    coin["settings"] = {"unit": "hartleys", "digits": 3, "auto_normalize": False,
                        "smoothing": {"method": "floor", "amount": 0.01, "apply_to": "q"}}
    (tmp_path / "lesson.json").write_text(json.dumps(coin), "utf-8")
    preset = find_preset("lesson", tmp_path)
    window.load_preset(preset)
    refreshed(window, qtbot)
    doc = window.document
    assert (doc.unit, doc.digits, doc.auto_normalize) == ("hartleys", 3, False)
    assert doc.smoothing == Smoothing("floor", 0.01, "q")
    assert window.panel.unit.currentData() == "hartleys" and window.panel.digits.value() == 3
    assert not window.table.auto_normalize.isChecked()
    assert window.smoothing.method.currentData() == "floor"
    # the preferences for new documents are the person's, not the example's
    assert window.settings.get("unit") == "nats" and window.settings.get("digits") == 6


@pytest.mark.parametrize("settings, words", [
    ({"unit": "furlongs"}, "lesson.json: the unit 'furlongs'"),
    ({"digits": 0}, "lesson.json: digits should be a whole number from 1 to 17, not 0"),
    ({"auto_normalize": "yes"}, "lesson.json: 'auto_normalize' should be true or false"),
    ({"smoothing": {"method": "additive"}}, "lesson.json: 'smoothing' should be null or"),
    ({"smoothing": {"method": "magic", "amount": 1}}, "lesson.json: unknown smoothing method"),
    ({"colour": "red"}, "lesson.json: unknown setting 'colour'"),
    ([], "lesson.json: 'settings' should be an object"),
])
def test_a_bad_preset_setting_is_named(tmp_path, settings, words):
    data = {"title": "Lesson", "labels": ["a"], "p": ["1"], "q": ["1"], "settings": settings}
    (tmp_path / "lesson.json").write_text(json.dumps(data), "utf-8")
    with pytest.raises(PresetError) as error:
        list_presets(tmp_path)
    assert str(error.value).startswith(words)


def test_the_shipped_presets_open_normalized_and_unsmoothed():
    for preset in list_presets():
        snapshot = preset.snapshot("bits", 9)
        assert snapshot.auto_normalize and snapshot.smoothing is None
        assert (snapshot.unit, snapshot.digits, snapshot.name) == ("bits", 9, preset.title)


def test_file_new_opens_normalized_and_unsmoothed_with_the_persons_unit(window, qtbot):
    window.panel.unit.setCurrentIndex(window.panel.unit.findData("hartleys"))
    window.table.auto_normalize.click()
    smooth_with_the_panel(window, qtbot)
    window.files.new_action.trigger()  # the dialogs fixture discards the changes
    refreshed(window, qtbot)
    doc = window.document
    assert doc.auto_normalize and doc.smoothing is None and doc.unit == "hartleys"
    assert window.table.auto_normalize.isChecked()
    assert window.smoothing.method.currentData() is None
    assert window.panel.figures["kl_pq"].text() == "0 hartleys"


# -- no stale text --------------------------------------------------------------------
def test_no_status_line_or_hover_line_outlives_the_document_it_spoke_of(
        window, qtbot, dialogs):
    hover_first_bar(window, qtbot)
    dialogs.open_paths.append(DATA / "semicolon_decimal_comma.csv")
    window.files.import_action.trigger()
    refreshed(window, qtbot)
    assert "semicolon-separated" in window.statusBar().currentMessage()
    assert not window.chart.hover.text().strip()  # not the coin's 'heads'
    hover_first_bar(window, qtbot)

    window.load_preset(find_preset("die"))
    refreshed(window, qtbot)
    assert window.statusBar().currentMessage() == find_preset("die").description
    assert not window.chart.hover.text().strip()
    assert window.chart.plots["pq"].toolTip() == ""

    window.files.new_action.trigger()
    refreshed(window, qtbot)
    assert window.statusBar().currentMessage() == ""  # not the die's description

    window.load_preset(find_preset("coin"))
    window.undo_action.trigger()  # back to New's document: the coin's words go
    assert window.statusBar().currentMessage() == ""


def test_opening_a_session_clears_the_last_documents_status_and_hover(
        window, qtbot, dialogs, tmp_path):
    dialogs.save_paths.append(tmp_path / "first.kld.json")
    assert window.files.save_as()
    window.load_preset(find_preset("support-mismatch"))
    refreshed(window, qtbot)
    hover_first_bar(window, qtbot)
    dialogs.open_paths.append(tmp_path / "first.kld.json")
    window.files.open_action.trigger()
    refreshed(window, qtbot)
    assert window.statusBar().currentMessage() == "Opened first.kld.json."
    assert not window.chart.hover.text().strip()


def test_saving_names_the_session_after_its_file_and_exports_follow(
        window, qtbot, dialogs, tmp_path, monkeypatch):
    window.files.new_action.trigger()
    assert window.document.name == "Untitled"
    dialogs.save_paths.append(tmp_path / "colors.kld.json")
    window.files.save_action.trigger()
    saved = json.loads((tmp_path / "colors.kld.json").read_text("utf-8"))
    assert saved["name"] == "colors" and window.document.name == "colors"

    suggested = []

    def save_dialog(parent, title, path, filters, *args):
        suggested.append(Path(path).name)
        return "", ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.files.export_table_action.trigger()
    window.files.export_summary_action.trigger()
    window.files.export_chart_action.trigger()
    window.edits.set_entry("P", 0, "3")  # an edit, then undo, keeps the file's name
    window.undo_action.trigger()
    window.files.export_table_action.trigger()
    assert suggested == ["colors-table.csv", "colors-summary.csv", "colors-chart.png",
                         "colors-table.csv"]
