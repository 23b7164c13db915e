"""An example's description stays in the status bar only while it is true: replacing
the data (a paste, an import, a Fill from family, New, an edit) takes it away; a change
of unit, digits or focus keeps it, and a message shown over it since is left alone."""

import pytest
from PySide6.QtGui import QGuiApplication

from klgui.core.families import Poisson
from klgui.io.presets import find_preset

COIN = "A biased coin (P) and a model of it (Q)."


@pytest.fixture
def example(window, qtbot):
    """The window showing the coin example, its description in the status bar."""
    assert window.load_preset(find_preset("coin"))
    assert window.statusBar().currentMessage() == COIN == find_preset("coin").description
    return window


def _paste(w):
    QGuiApplication.clipboard().setText("a\t1\t2\nb\t3\t4\n")
    w.table.view.setCurrentIndex(w.table.model.index(0, 0))
    w.table.paste()
    assert list(w.document.labels) == ["a", "b"]


def _import(w, tmp_path):
    path = tmp_path / "die.csv"
    path.write_text("outcome,P,Q\n1,1,2\n2,1,1\n", encoding="utf-8")
    assert w.files.import_csv(path, ask_first=False)


REPLACEMENTS = {
    "paste": lambda w, tmp: _paste(w),
    "import": _import,
    "fill": lambda w, tmp: w.columns.fill(w.document.focus_id, Poisson(3.0), True),
    "new": lambda w, tmp: w.files.new(),
    "edit": lambda w, tmp: w.edits.set_entry("P", 0, "0.7"),
    "another example": lambda w, tmp: w.load_preset(find_preset("die")),
}


@pytest.mark.parametrize("how", list(REPLACEMENTS))
def test_the_description_goes_when_the_data_are_replaced(example, tmp_path, how):
    REPLACEMENTS[how](example, tmp_path)
    shown = example.statusBar().currentMessage()
    assert COIN not in shown
    if how == "another example":  # the new data's own description
        assert shown == find_preset("die").description == example.description.text
    else:
        assert example.description.text == ""


def test_the_description_stays_while_the_data_stay(example):
    example.panel.unit.setCurrentIndex(example.panel.unit.findData("bits"))
    example.panel.digits.setValue(4)
    assert example.document.unit == "bits" and example.document.digits == 4
    assert example.statusBar().currentMessage() == COIN


def test_a_message_shown_over_the_description_is_left_alone(example):
    example.statusBar().showMessage("Copied D(P‖Q).")
    example.edits.set_entry("P", 0, "0.7")
    assert example.statusBar().currentMessage() == "Copied D(P‖Q)."


def test_a_long_description_ends_in_an_ellipsis_and_is_whole_in_the_tooltip(window, qtbot):
    """At 1024×768 the two-modes example's description (320 characters) was cut
    mid-word without a sign: it ends in "…" within the bar, whole in the bar's tooltip
    (and as the message, for whatever reads it)."""
    window.resize(1024, 768)
    preset = find_preset("two-modes")
    assert window.load_preset(preset)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.width() <= 1024)
    shown = bar.shown_text()
    assert bar.currentMessage() == preset.description
    assert shown.endswith("…") and preset.description.startswith(shown[:-1])
    assert 0 < bar.fontMetrics().horizontalAdvance(shown) <= bar.message_rect().width()
    assert bar.message_rect().right() < bar.width()
    assert bar.toolTip() == preset.description
    assert window.load_preset(find_preset("coin"))  # fits: whole, and no tooltip
    assert bar.shown_text() == COIN and bar.toolTip() == ""
