"""A column of texts (outcome labels, entries as typed) stored compactly.

A million Python strings cost about 60-70 bytes each, and a document holds three such
columns. Here the texts a column was built with live in one string, found by a start
and a length per row (12 bytes a row), so a million-outcome document keeps its labels
and entries in tens of megabytes instead of two hundred. Texts set later (a person's
edits) live in a small list beside it, one slot per row however often it is edited.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import numpy as np

__all__ = ["TextColumn"]

#: Inserting more texts than this at once packs them too (a paste that grows the table).
_PACK_FROM = 64


class TextColumn(Sequence[str]):
    """A sequence of str with the edits a document needs: set one, insert, delete and
    move rows. Compares equal to any sequence with the same texts."""

    __slots__ = ("_packed", "_start", "_length", "_extra", "_free", "_shared")

    def __init__(self, texts: Iterable[str] = (), *,
                 packed: tuple[str, np.ndarray] | None = None) -> None:
        """``packed``: the texts joined and each one's length, when known already."""
        self._pack(texts if isinstance(texts, (list, tuple)) else list(texts), packed)

    def _pack(self, texts: Sequence[str], packed: tuple[str, np.ndarray] | None) -> None:
        if packed is not None and len(packed[1]) == len(texts):
            self._packed, lengths = packed
        else:
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
            self._packed = "".join(texts)
        # A negative start -k-1 means "the k-th text of _extra"; lengths then unused.
        # Starts are int32 while the packed text is shorter than 2^31 characters.
        self._start = _offsets(np.cumsum(lengths) - lengths, len(self._packed))
        self._length = lengths.astype(np.int32)
        self._extra: list[str] = []
        self._free: list[int] = []  # slots of _extra nobody uses any more
        self._shared = False  # _start is shared with a copy: copy it before writing

    # -- reading ---------------------------------------------------------------------
    def packed(self) -> tuple[str, np.ndarray] | None:
        """The texts joined and each one's length, (n,) int32, when the column holds
        them in order (as built, before any edit), else None."""
        if self._extra or self._free:
            return None
        if self._start.size and (self._start[0] != 0 or (
                self._start[1:] != self._start[:-1] + self._length[:-1]).any()):
            return None
        return self._packed, self._length

    def __len__(self) -> int:
        return self._start.size

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            rows = range(*index.indices(len(self)))
            return self._texts(slice(rows.start, rows.stop) if rows.step == 1 else list(rows))
        start = int(self._start[index])  # numpy raises IndexError out of range
        if start < 0:
            return self._extra[-start - 1]
        return self._packed[start:start + int(self._length[index])]

    def __iter__(self) -> Iterator[str]:
        step = 65536
        for first in range(0, len(self), step):
            yield from self._texts(slice(first, first + step))

    def _texts(self, rows: slice | list[int]) -> list[str]:
        packed, extra = self._packed, self._extra
        starts, lengths = self._start[rows].tolist(), self._length[rows].tolist()
        return [packed[s:s + n] if s >= 0 else extra[-s - 1] for s, n in zip(starts, lengths)]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        shown = ", ".join(repr(t) for t in self[:5])
        return f"TextColumn([{shown}{', …' if len(self) > 5 else ''}], n={len(self)})"

    def copy(self) -> "TextColumn":
        """An independent copy (cheap: the packed text is shared, being immutable)."""
        new = TextColumn.__new__(TextColumn)
        new._packed, new._length = self._packed, self._length  # never changed in place
        new._start = self._start  # shared until either writes (an undo step keeps copies)
        new._shared = self._shared = True
        new._extra, new._free = list(self._extra), list(self._free)
        return new

    # -- editing ---------------------------------------------------------------------
    def __setitem__(self, index: int, text: str) -> None:
        start = int(self._start[index])
        if start < 0:  # the row already has its own slot: reuse it
            self._extra[-start - 1] = text
            return
        if self._shared:
            self._start, self._shared = self._start.copy(), False
        if self._free:
            slot = self._free.pop()
            self._extra[slot] = text
        else:
            slot = len(self._extra)
            self._extra.append(text)
        self._start[index] = -slot - 1

    def insert_rows(self, row: int, texts: Sequence[str]) -> None:
        """Insert ``texts`` before ``row`` (``row == len(self)`` appends)."""
        if not 0 <= row <= len(self):
            raise IndexError(f"row {row} is outside 0..{len(self)}")
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        if len(texts) > _PACK_FROM:
            starts = len(self._packed) + np.cumsum(lengths) - lengths
            self._packed += "".join(texts)
        else:
            starts = -np.arange(len(self._extra), len(self._extra) + len(texts)) - 1
            self._extra.extend(texts)
        self._start = np.insert(_offsets(self._start, len(self._packed)), row,
                                _offsets(starts, len(self._packed)))
        self._length = np.insert(self._length, row, lengths.astype(np.int32))

    def delete_rows(self, first: int, stop: int) -> None:
        """Remove rows ``first`` up to (not including) ``stop``."""
        gone = self._start[first:stop]
        slots = (-gone[gone < 0] - 1).tolist()
        for slot in slots:
            self._extra[slot] = ""  # the text goes; the slot is reused by the next edit
        self._free.extend(slots)
        self._start = np.delete(self._start, np.s_[first:stop])
        self._length = np.delete(self._length, np.s_[first:stop])

    def move_row(self, row: int, dest: int) -> None:
        """Move row ``row`` so that it ends up at index ``dest``."""
        for name in ("_start", "_length"):
            a = getattr(self, name)
            moved = a[row]
            setattr(self, name, np.insert(np.delete(a, row), dest, moved))


def _offsets(starts: np.ndarray, packed_length: int) -> np.ndarray:
    """``starts`` as int32 while every start into a packed text of ``packed_length``
    characters fits one (4 bytes a row instead of 8), else as int64."""
    wide = packed_length >= 2 ** 31 - 1
    return starts.astype(np.int64 if wide else np.int32, copy=False)
