"""The window's menu bar (klgui.ui.shell.menus): its menus in order, the examples, the
chart's directions kept in step with the chart, and Help ▸ About."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from conftest import shown_window
from klgui import __version__
from klgui.ui.files.file_actions import APP_NAME


def _menus(window):
    return {a.text(): a.menu() for a in window.menuBar().actions()}


def test_the_menus_in_order_with_their_examples(qtbot):
    window = shown_window(qtbot)
    menus = _menus(window)
    assert list(menus) == ["&File", "&Edit", "&View", "E&xamples", "&Help"]
    examples = [a.text() for a in menus["E&xamples"].actions()]
    assert examples == [preset.title for preset in window.presets] and examples
    edit = menus["&Edit"].actions()
    assert edit[:2] == [window.undo_action, window.redo_action]


def test_a_direction_chosen_in_the_menu_or_on_the_chart_is_checked_in_both(qtbot):
    window = shown_window(qtbot)
    actions = window.direction_actions
    assert [k for k, a in actions.items() if a.isChecked()] == ["pq"]
    actions["qp"].trigger()
    assert window.chart.direction.currentData() == "qp"
    index = window.chart.direction.findData("pq")
    window.chart.direction.setCurrentIndex(index)
    assert actions["pq"].isChecked() and not actions["qp"].isChecked()


def test_help_about_names_the_app_and_its_version(qtbot, monkeypatch):
    window = shown_window(qtbot)
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text:
                        shown.append((parent, title, text)))
    about = [a for a in _menus(window)["&Help"].actions() if a.text() == "&About"]
    about[0].trigger()
    assert shown == [(window, f"About {APP_NAME}", shown[0][2])]
    assert f"{APP_NAME} {__version__}" in shown[0][2]
