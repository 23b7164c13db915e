"""The part of the Document that changes its columns as a whole: adding a model,
removing, renaming and moving a column, choosing the reference and the focus model.
A mixin, so document.py stays about the state and its entries; it uses the Document's
``_columns``, ``_col``, ``column_id``, ``name_of``, ``names``, ``n``, ``_apply``,
``_next_id``, ``_reference``, ``_focus`` and ``_typed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from klgui.model.columns import Column, check_name, packed, parsed_entries
from klgui.model.snapshot import Change

__all__ = ["ColumnStructure"]

Which = int | str


class ColumnStructure:
    """Adding, removing, renaming and moving the columns of a Document, and its reference
    and focus (mixed into it)."""

    def add_model(self, name: str | None = None, entries: Sequence[str] | None = None,
                  at: int | None = None, *, id: int | None = None) -> int:
        """Add a model column (named ``name``, or "Model A", "Model B"… when None) at
        place ``at`` of the order (default: the end), with ``entries`` (default: 0
        everywhere). Returns its id (``id`` reuses a known one, for redo). Raises
        ValueError (changing nothing) for a name in use (or one that differs from a name
        in use only in case: see :meth:`rename_column`) or bad entries."""
        name = self._fresh_name() if name is None else self._checked_name(name)
        texts = [str(t) for t in (entries if entries is not None else ["0"] * self.n)]
        if len(texts) != self.n:
            raise ValueError(f"{name} has {len(texts)} entries for {self.n} outcomes")
        parsed = parsed_entries(texts, name)
        at = len(self._columns) if at is None else at
        if not 0 <= at <= len(self._columns):
            raise IndexError(f"cannot add a column at place {at + 1}")
        if id is None or any(c.id == id for c in self._columns):
            id = self._next_id
        self._next_id = max(self._next_id, id + 1)
        column = Column(id, name, *packed(parsed))
        self._apply(Change("columns"), lambda: self._columns.insert(at, column))
        return id

    def remove_column(self, which: Which) -> None:
        """Remove a model column. The reference cannot be removed, and one model must
        remain (ValueError). When the focus model goes, the focus moves to a neighbour."""
        c = self._col(which)
        if c.id == self._reference:
            raise ValueError(f"{c.name} is the reference and cannot be removed; make "
                             "another column the reference first.")
        if len(self._columns) <= 2:
            raise ValueError("At least one model must remain.")

        def do() -> None:
            i = self._columns.index(c)
            self._columns.remove(c)
            if self._focus == c.id:
                models = [m for m in self._columns if m.id != self._reference]
                self._focus = models[min(max(i - 1, 0), len(models) - 1)].id \
                    if i > 0 else models[0].id
            self._typed.pop(c.id, None)
        self._apply(Change("columns"), do)

    def rename_column(self, which: Which, name: str) -> None:
        """Rename a column. Raises ValueError for an empty, too long or used name, and
        for one that differs from another column's name only in case ("model a" beside
        "Model A"): a spreadsheet's lookups ignore case, so the exported table's
        "model a weight" and "Model A weight" would be taken for each other. (A file or
        a session that holds such names still opens: they are refused only here and in
        :meth:`add_model`.) A column may change the case of its own name."""
        c = self._col(which)
        name = name.strip()
        if name == c.name:
            return
        name = self._checked_name(name, c.id)
        known = self.known_result()
        in_pair = c.id in (self._reference, self._focus)

        def do() -> None:
            c.name = name
            if in_pair and known is not None:  # the pages name the pair from the result
                self._result = replace(known, reference_name=self.name_of(self._reference),
                                       model_name=self.name_of(self._focus))
        # An error's text names the columns (ResultJob._named): computed again.
        self._apply(Change("columns"), do,
                    same_result=not in_pair or (known is not None and known.ok))

    def move_column(self, which: Which, place: int) -> None:
        """Move a column to place ``place`` (0-based) of the order."""
        c = self._col(which)
        if not 0 <= place < len(self._columns):
            raise IndexError(f"there is no place {place + 1} among the columns")
        if self._columns.index(c) == place:
            return

        def do() -> None:
            self._columns.remove(c)
            self._columns.insert(place, c)
        self._apply(Change("columns"), do, same_result=True)

    def make_reference(self, which: Which) -> None:
        """Make a column the reference; the old reference becomes a model (and the focus
        when the new reference was the focus)."""
        new = self.column_id(which)
        if new == self._reference:
            return
        old = self._reference

        def do() -> None:
            self._reference = new
            if self._focus == new:
                self._focus = old
        self._apply(Change("columns"), do)

    def set_focus(self, which: Which) -> None:
        """Make a model the focus: the pair every page shows is the reference and it."""
        new = self.column_id(which)
        if new == self._reference:
            raise ValueError(f"{self.name_of(new)} is the reference; the focus is a model")
        if new != self._focus:
            self._apply(Change("focus", which=new), lambda: setattr(self, "_focus", new))

    def _checked_name(self, name: str, own: int | None = None) -> str:
        """``name`` stripped, or ValueError; ``own``: the id of the column renamed."""
        name = str(name).strip()
        if not name:
            raise ValueError("A distribution needs a name.")
        check_name(name)  # its length and characters
        if name in self.names():
            raise ValueError(f"There is already a distribution called {name!r}.")
        folded = name.casefold()
        twin = next((c.name for c in self._columns
                     if c.id != own and c.name.casefold() == folded), None)
        if twin is not None:
            raise ValueError(f"There is already a distribution called {twin!r}; {name!r} "
                             "differs from it only in case, and a spreadsheet would take "
                             "one for the other. Choose another name.")
        return name

    def _fresh_name(self) -> str:
        taken = {n.casefold() for n in self.names()}
        for k in range(1, 10_000):
            name = f"Model {chr(64 + k)}" if k <= 26 else f"Model {k}"
            if name.casefold() not in taken:
                return name
        raise ValueError("too many models")
