"""The main window's menu bar: File (the file actions, Quit), Edit (undo and redo, the
table's clipboard and edit actions, the column actions), View (the chart's direction,
zoom and presentation mode, the theme), Examples and Help (What's This, About)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWhatsThis, QWidget

from klgui import __version__
from klgui.ui.chart.contribution_chart import DIRECTIONS
from klgui.ui.files.file_actions import APP_NAME
from klgui.ui.shell.look import icon
from klgui.ui.shell.presentation import Classroom
from klgui.ui.shell.theme import ThemeMenu

if TYPE_CHECKING:
    from klgui.ui.shell.main_window import MainWindow

__all__ = ["build_menus", "show_about"]


def build_menus(window: MainWindow) -> None:
    """Fill ``window``'s menu bar from its parts (files, undo stack, table, columns,
    chart, presets) and set the window's ``undo_action``, ``redo_action``,
    ``direction_actions`` (by direction key, "pq" checked), ``classroom`` (View ▸ Zoom,
    presentation mode) and ``theme``. The table's edit and column actions are added to
    the window too, so their shortcuts work wherever the focus is."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    window.files.fill_menu(file_menu)
    file_menu.addSeparator()
    quit_action = file_menu.addAction("&Quit")
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)

    edit_menu = bar.addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.undo_action.setIcon(icon("undo"))
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    # Ctrl+Y as well, unless the platform's Redo has it already: bound twice on one
    # action, Qt calls the key ambiguous and does nothing (Windows keys, offscreen)
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if QKeySequence("Ctrl+Y") not in redo_keys:
        redo_keys.append(QKeySequence("Ctrl+Y"))
    window.redo_action.setShortcuts(redo_keys)
    window.redo_action.setIcon(icon("redo"))
    for action in (window.undo_action, window.redo_action):
        edit_menu.addAction(action)
        action.triggered.connect(window.statusBar().clearMessage)  # it spoke of the step
    edit_menu.addSeparator()
    for action in window.table.clipboard_actions:
        edit_menu.addAction(action)  # their shortcuts belong to the table alone
    edit_menu.addSeparator()
    for action in window.table.actions_for_menu:
        edit_menu.addAction(action)
        window.addAction(action)  # shortcuts work wherever the focus is
    edit_menu.addSeparator()
    for action in window.columns.actions:
        edit_menu.addAction(action)
        window.addAction(action)

    view_menu = bar.addMenu("&View")
    group = QActionGroup(window)
    window.direction_actions: dict[str, QAction] = {}
    chart = window.chart
    for key, text in DIRECTIONS.items():
        action = view_menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(key == "pq")
        action.triggered.connect(lambda _=False, key=key: chart.set_direction(key))
        group.addAction(action)
        window.direction_actions[key] = action
    chart.direction.currentIndexChanged.connect(
        lambda *_: window.direction_actions[chart.direction.currentData()].setChecked(True))
    window.classroom = Classroom(window, view_menu)  # zoom, presentation mode, reflow
    window.theme = ThemeMenu(window, view_menu)  # system, light, dark, high contrast

    examples = bar.addMenu("E&xamples")
    for preset in window.presets:
        action = examples.addAction(preset.title)
        action.setStatusTip(preset.description)
        action.triggered.connect(lambda _=False, p=preset: window.load_preset(p))

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(QWhatsThis.createAction(window))  # Shift+F1, then click a figure
    help_menu.addAction("&About", partial(show_about, window))


def show_about(parent: QWidget) -> None:
    """The About box: the app's name and version, and what it computes."""
    QMessageBox.about(
        parent, f"About {APP_NAME}",
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Compare a distribution P (the truth) with a model Q: D(P‖Q), D(Q‖P), "
        "entropies, cross-entropies and symmetric measures, computed exactly.</p>")
