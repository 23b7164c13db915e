"""The part of the Document that adds, removes and moves outcomes (rows): every column
gains, loses or moves the same entries, and the columns filled from a family follow their
outcomes. A mixin, so document.py stays about the state and its entries; it uses the
Document's ``_columns``, ``labels``, ``n``, ``column_id``, ``_apply``, ``_check_row`` and
the family columns' ``_current_outcomes``, ``_refilled``, ``_put_refilled`` and
``_tell_refilled``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from klgui.model import family_columns as fc
from klgui.model.columns import checked_columns, frozen
from klgui.model.snapshot import Change, DistributionSpec

__all__ = ["OutcomeRows"]

Which = int | str


class OutcomeRows:
    """Inserting, removing and moving the outcomes of a Document (mixed into it)."""

    def insert_outcomes(self, row: int, count: int = 1) -> None:
        """Insert ``count`` outcomes before ``row`` (``row == n`` appends). New outcomes
        have weight 0 in every distribution, so no figure changes until they are filled
        in."""
        if not 0 <= row <= self.n or count < 1:
            raise IndexError(f"cannot insert {count} outcome(s) at row {row}")
        self.insert_rows(row, self._fresh_labels(count))

    def insert_rows(self, row: int, labels: Sequence[str], p: Sequence[str] | None = None,
                    q: Sequence[str] | None = None, *,
                    entries: Mapping[Which, Sequence[str]] | None = None) -> None:
        """Insert outcomes with these labels before ``row``; their entries come from
        ``entries`` (by column) or ``p`` and ``q`` (the reference and the focus model);
        a column not given gets 0. Raises WeightParseError or ValueError (changing
        nothing) when an entry or a label is not usable (a label with a control
        character: columns.checked_label)."""
        if not 0 <= row <= self.n:
            raise IndexError(f"cannot insert outcomes at row {row}")
        given = {self.column_id(k): v for k, v in (entries or {}).items()}
        for id, texts in ((self._reference, p), (self._focus, q)):
            if texts is not None:
                given[id] = texts
        labels = [str(x).strip() for x in labels]
        specs = [DistributionSpec(c.name, "", tuple(str(t) for t in
                                                    given.get(c.id, ["0"] * len(labels))))
                 for c in self._columns]
        checked = checked_columns(labels, specs)
        labels = checked[0]  # (line breaks made LF)
        for c in self._columns:
            if isinstance(c.source, fc.Softmax):
                raise fc.softmax_refused(c.name, c.source)
        refilled = self._refilled(lambda new: new.__setitem__(slice(row, row), labels))

        def do() -> None:
            self.labels.insert_rows(row, labels)
            for c, parsed in zip(self._columns, checked[1]):
                c.texts.insert_rows(row, parsed)
                c.values = frozen(np.insert(c.values, row, parsed.values))
                c.places = np.insert(c.places, row, parsed.places)
            self._put_refilled(refilled)
        self._apply(Change("insert", row, row + len(labels) - 1), do)
        self._tell_refilled(refilled)

    def remove_outcomes(self, first: int, count: int = 1) -> None:
        """Remove outcomes ``first .. first + count - 1``; at least one must remain."""
        if count < 1 or first < 0 or first + count > self.n:
            raise IndexError(f"no outcomes {first + 1}..{first + count} to remove")
        if count >= self.n:
            raise ValueError("At least one outcome must remain.")
        end = first + count
        refilled = self._refilled(lambda labels: labels.__delitem__(slice(first, end)),
                                  lambda s: fc.softmax_removed(s, first, end))

        def do() -> None:
            self.labels.delete_rows(first, end)
            for c in self._columns:
                c.texts.delete_rows(first, end)
                c.values = frozen(np.delete(c.values, np.s_[first:end]))
                c.places = np.delete(c.places, np.s_[first:end])
            self._put_refilled(refilled)
        self._apply(Change("remove", first, end - 1), do)
        self._tell_refilled(refilled)

    def move_outcome(self, row: int, dest: int) -> None:
        """Move outcome ``row`` so that it ends up at index ``dest``."""
        self._check_row(row)
        self._check_row(dest)
        if row == dest:
            return
        qt_dest = dest + 1 if dest > row else dest  # "before which row", as Qt counts
        refilled = self._refilled(lambda labels: labels.insert(dest, labels.pop(row)),
                                  lambda s: fc.softmax_moved(s, row, dest))

        def do() -> None:
            self.labels.move_row(row, dest)
            for c in self._columns:
                c.texts.move_row(row, dest)
                c.values = frozen(np.insert(np.delete(c.values, row), dest, c.values[row]))
                c.places = np.insert(np.delete(c.places, row), dest, c.places[row])
            self._put_refilled(refilled)
        self._apply(Change("move", row, row, dest=qt_dest), do)
        self._tell_refilled(refilled)

    def _fresh_labels(self, count: int) -> list[str]:
        """Labels for new outcomes: the next whole numbers when every label is a whole
        number (0…10 gets 11; a family column keeps reading the outcomes as numbers),
        else "outcome N"."""
        taken = set(self.labels)
        # (labels read as numbers up to 100,000 outcomes: beyond, an Add would wait for it)
        numbers = self._current_outcomes().whole_numbers if self.n <= 100_000 else None
        if numbers:
            top = max(numbers)
            return [str(top + i) for i in range(1, count + 1)]
        out, k = [], self.n
        while len(out) < count:
            k += 1
            label = f"outcome {k}"
            if label not in taken:
                out.append(label)
        return out
