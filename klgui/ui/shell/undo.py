"""Undo and redo: the window's QUndoStack, one QUndoCommand per klgui.model.edits.Step."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from klgui.model.edits import Step

__all__ = ["UndoStack", "StepCommand", "UNDO_LIMIT"]

#: Steps kept. A step holds only what it changed, except loads and "Normalize entries",
#: which keep two copies of the document's columns (tens of MB at a million outcomes).
UNDO_LIMIT = 200


class StepCommand(QUndoCommand):
    """A step already made when pushed: the stack's first call of redo() does nothing."""

    MERGES = 1  # the id of steps that may merge (Step.merge_key says which)

    def __init__(self, step: Step, stack: UndoStack) -> None:
        super().__init__(step.text)
        self.step, self._stack = step, stack
        self._made = True

    def id(self) -> int:
        return self.MERGES if self.step.merge_key is not None else -1

    def redo(self) -> None:
        if self._made:
            self._made = False
            return
        self.step.redo()
        self._stack.went_to(self.step.focus)

    def undo(self) -> None:
        self.step.undo()
        self._stack.went_to(self.step.undo_focus or self.step.focus)

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Only for a merge that ends where it began (see UndoStack.record): the stack
        then deletes both commands."""
        if not isinstance(other, StepCommand) or not self.step.absorb(other.step):
            return False
        self.setText(self.step.text)
        self.setObsolete(self.step.obsolete)  # typed, then typed back: no step at all
        other.step = other._stack = None  # PySide keeps the deleted wrapper: free its step
        return True


class UndoStack(QUndoStack):
    """Records the window's steps; says where each undo or redo happened."""

    #: After an undo or redo: the row and field it touched (field -1: any column).
    sigWentTo = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setUndoLimit(UNDO_LIMIT)

    def record(self, step: Step) -> None:
        """Keep a step that has just been made (klgui.model.edits.Edits calls this).

        A step that continues the last one (a keystroke in the same cell editor) is
        merged here, as QUndoStack.push would merge it, but without pushing a command:
        PySide 6 keeps every command that push() merges and deletes alive, with its step,
        for as long as the stack lives (300 edits of 10 keystrokes kept 2,700). Only a
        merge that ends where it began, which removes the step, is left to push()."""
        i = self.index()
        top = self.command(i - 1) if i > 0 else None
        if (isinstance(top, StepCommand) and i == self.count() and i != self.cleanIndex()
                and top.step.merges(step) and top.step.before != step.after):
            top.step.absorb(step)
            top.setText(top.step.text)
            self.undoTextChanged.emit(top.actionText())  # what push() says after a merge
            return
        self.push(StepCommand(step, self))

    def went_to(self, focus: tuple[int, int | None] | None) -> None:
        if focus is not None:
            row, field = focus
            self.sigWentTo.emit(row, -1 if field is None else field)
