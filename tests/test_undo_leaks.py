"""Merged undo steps are freed: the keystrokes of one cell edit become one step, and the
steps merged into it do not stay alive (PySide keeps a command that push() merged)."""

import gc

from PySide6.QtCore import Qt

from klgui.model.edits import Step
from klgui.ui.table.outcome_model import P_ENTRY
from klgui.ui.shell.undo import StepCommand

from test_undo_keyboard import go, settle, type_into


def live(window) -> tuple[int, int]:
    """The steps and commands alive that belong to ``window`` (a step's closures hold
    the window's document; a command holds the window's stack)."""
    gc.collect()
    doc, stack = window.document, window.undo_stack
    steps = commands = 0
    for o in gc.get_objects():
        if type(o) is Step and any(c.cell_contents is doc for c in o.undo.__closure__ or ()):
            steps += 1
        elif type(o) is StepCommand and o._stack is stack:
            commands += 1
    return steps, commands


def test_merged_keystrokes_leave_one_live_step_per_edit(window):
    edits = 300
    for session in range(edits):  # 300 cell edits of 10 keystrokes each
        for k in range(1, 11):
            window.edits.set_entry("P", session % 2, f"0.{session:03d}{k}", session=session)
    assert window.undo_stack.count() == 200  # the undo limit
    assert live(window) == (200, 200)
    assert window.undo_action.text().replace("&", "") == "Undo Set P of 'tails' to 0.29910"
    window.undo_stack.clear()
    assert live(window) == (0, 0)


def test_a_typed_value_is_one_step_and_typing_back_leaves_none(window, qtbot):
    view = go(window, 0, P_ENTRY)
    editor = type_into(qtbot, view, "0.654321")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window, qtbot)
    assert window.document.texts("P")[0] == "0.654321"
    assert window.undo_stack.count() == 1 and live(window) == (1, 1)
    assert window.undo_action.text().replace("&", "") == "Undo Set P of 'heads' to 0.654321"
    window.undo_stack.undo()
    assert window.document.texts("P")[0] == "0.8"
    window.undo_stack.redo()
    assert window.document.texts("P")[0] == "0.654321"

    view = go(window, 1, P_ENTRY)
    editor = type_into(qtbot, view, "0.25")  # 0.2 -> 0.25 -> ... -> back to 0.2
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window, qtbot)
    assert window.document.texts("P")[1] == "0.2"
    assert window.undo_stack.count() == 1  # typed back: no step at all
    assert live(window) == (1, 1)
