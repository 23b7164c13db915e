"""The texts of a column filled from a family: its probabilities, written only when read.

A family column's entries are its probabilities at full precision (core.families.placing.
probability_texts: ``repr`` of each double). Writing them all costs about a microsecond
each, 90 ms at 100,000 outcomes, and a slider's every step refills the column; yet the
table shows a screenful of them and only an export or a detach reads them all. So the
column keeps its doubles and writes a text when it is asked for one.

It reads like a :class:`~klgui.model.text_column.TextColumn`. Should anything edit it
(the document changes a family column's rows before placing the family again), it first
becomes an ordinary TextColumn of the same texts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from klgui.core.families.placing import probability_texts
from klgui.model.text_column import TextColumn

__all__ = ["DerivedTexts"]

_CHUNK = 65536


class DerivedTexts(Sequence[str]):
    """``probability_texts(values)``, each written when it is read.

    Parameters
    ----------
    values : ndarray, shape (n,), float64
        The column's probabilities; read-only (a document's arrays are never changed in
        place).
    """

    __slots__ = ("_values", "_written")

    def __init__(self, values: np.ndarray) -> None:
        self._values = values
        self._written: TextColumn | None = None  # after an edit: ordinary texts

    def __len__(self) -> int:
        return len(self._written) if self._written is not None else self._values.size

    def __getitem__(self, index):
        if self._written is not None:
            return self._written[index]
        if isinstance(index, slice):
            rows = range(*index.indices(len(self)))
            if rows.step == 1:
                return probability_texts(self._values[rows.start:rows.stop])
            return probability_texts(self._values[list(rows)])
        # numpy raises IndexError out of range, as a list would
        return probability_texts(np.atleast_1d(self._values[index]))[0]

    def __iter__(self) -> Iterator[str]:
        if self._written is not None:
            yield from self._written
            return
        for first in range(0, self._values.size, _CHUNK):
            yield from probability_texts(self._values[first:first + _CHUNK])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # like TextColumn

    def __repr__(self) -> str:
        return f"DerivedTexts({self[:5]!r}, n={len(self)})"

    def copy(self) -> DerivedTexts:
        """An independent copy (the doubles are shared: they never change)."""
        new = DerivedTexts(self._values)
        new._written = None if self._written is None else self._written.copy()
        return new

    # -- editing: as a TextColumn ------------------------------------------------------
    def _texts(self) -> TextColumn:
        if self._written is None:
            self._written = TextColumn(list(self))
        return self._written

    def __setitem__(self, index: int, text: str) -> None:
        self._texts()[index] = text

    def insert_rows(self, row: int, texts: Sequence[str]) -> None:
        self._texts().insert_rows(row, texts)

    def delete_rows(self, first: int, stop: int) -> None:
        self._texts().delete_rows(first, stop)

    def move_row(self, row: int, dest: int) -> None:
        self._texts().move_row(row, dest)
