"""One undoable action (:class:`Step`), as klgui.model.edits records them. Qt-free."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

__all__ = ["Step"]


@dataclass(eq=False)
class Step:
    """One undoable action. ``text`` names it for the Edit menu ("Paste 12 cells");
    ``focus`` is the (row, field) to show after undoing or redoing it (field None:
    keep the column), ``undo_focus`` the one after undoing it when that differs.
    Steps with the same ``merge_key`` that follow each other become one (the keystrokes
    of one cell edit, the clicks of a spin box)."""

    text: str
    redo: Callable[[], None]
    undo: Callable[[], None]
    focus: tuple[int, int | None] | None = None
    merge_key: Hashable | None = None
    undo_focus: tuple[int, int | None] | None = None  # where undo leaves it, if not focus
    before: Any = None
    after: Any = None

    def merges(self, later: Step) -> bool:
        """Whether ``later`` continues this step (the same ``merge_key``)."""
        return self.merge_key is not None and later.merge_key == self.merge_key

    def absorb(self, later: Step) -> bool:
        """Become one step from this one's start to ``later``'s end, if they merge."""
        if not self.merges(later):
            return False
        self.redo, self.after = later.redo, later.after
        self.text, self.focus = later.text, later.focus
        return True

    @property
    def obsolete(self) -> bool:
        """A merged step that ended where it began (typed, then typed back) does nothing."""
        return self.merge_key is not None and self.before == self.after
