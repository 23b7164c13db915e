"""Every key the README promises is bound once in the window: no key is held by two
window-wide shortcuts (Qt then calls it ambiguous and does nothing), and Ctrl+Y redoes."""

import re
from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget

from klgui.ui.table.outcome_model import P_ENTRY

README = Path(__file__).parent.parent / "README.md"
KEY = re.compile(r"(?:(?:Ctrl|Alt|Shift)\+)+(?:F\d{1,2}|Up|Down|Enter|Tab|[A-Z](?![a-z])|\+|-)"
                 r"|\bF\d{1,2}\b")
#: Keys the table handles itself (tested in test_undo_keyboard.py), not shortcuts.
TABLE_KEYS = {"F2", "Shift+Enter", "Ctrl+Tab"}
WINDOW = "the window"


def _portable(key) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def promised_keys() -> set[str]:
    text = README.read_text(encoding="utf-8").split("## Quick start")[0]
    return {_portable(k) for k in KEY.findall(text)}


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return f"Alt+{found.group(1).upper()}" if found else None


def bindings(window) -> dict[str, list[tuple[str, str]]]:
    """key -> [(scope, what)], scope being WINDOW for window-wide shortcuts (actions
    and mnemonics) or the name of the one widget a widget shortcut belongs to."""
    found = defaultdict(list)
    for action in window.findChildren(QAction):
        widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
        if not widgets:
            continue  # an action on no widget has no live shortcut
        for key in action.shortcuts():
            if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
                for w in widgets:
                    found[_portable(key)].append((f"{type(w).__name__}@{id(w)}", action.text()))
            else:
                found[_portable(key)].append((WINDOW, action.text()))
    for menu in window.menuBar().actions():
        if (key := _mnemonic(menu.text())) is not None:
            found[key].append((WINDOW, f"menu {menu.text()}"))
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.isTabVisible(i) and (key := _mnemonic(bar.tabText(i))) is not None:
                found[key].append((WINDOW, f"tab {bar.tabText(i)}"))
    for button in window.findChildren(QAbstractButton):
        if (key := _mnemonic(button.text())) is not None and button.window() is window:
            found[key].append((WINDOW, f"button {button.text()}"))
    for label in window.findChildren(QLabel):
        if label.buddy() is not None and (key := _mnemonic(label.text())) is not None:
            found[key].append((WINDOW, f"label {label.text()}"))
    return found


def test_no_key_is_bound_twice_where_it_would_be_ambiguous(window):
    for key, places in bindings(window).items():
        scopes = [scope for scope, _ in places]
        assert len(scopes) == len(set(scopes)), (key, places)
        assert WINDOW not in scopes or len(scopes) == 1, (key, places)


def test_every_key_the_readme_promises_is_bound_exactly_once(window):
    promised = promised_keys()
    assert {"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", "Ctrl++", "Ctrl+-", "Alt+Up", "Alt+G",
            "Shift+F1", "F2"} <= promised  # the README's keys are all read
    found = bindings(window)
    for key in sorted(promised - TABLE_KEYS):
        places = found.get(key, [])
        assert places, f"{key} is promised in README.md but bound nowhere"
        assert len({scope for scope, _ in places}) == len(places), (key, places)
    for key in TABLE_KEYS:
        assert key not in found, (key, found[key])  # left to the table


def test_ctrl_y_and_ctrl_shift_z_redo(window, qtbot):
    model = window.table.model
    before = window.document.texts("P")[0]
    for redo in ([Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier],
                 [Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                  | Qt.KeyboardModifier.ShiftModifier]):
        with qtbot.waitSignal(window.sigRefreshed):
            model.setData(model.index(0, P_ENTRY), "0.3")
        window.table.view.setFocus()
        qtbot.keyClick(window.table.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert window.document.texts("P")[0] == before
        qtbot.keyClick(window.table.view, *redo)
        assert window.document.texts("P")[0] == "0.3"
        window.undo_stack.undo()
