"""The part of the Document that writes blocks of cells at once: a pasted block (which
may add outcomes at the end) and any set of ``(row, field, text)`` cells, each checked
whole before anything changes, as one change. A mixin, so document.py stays about the
state and its single edits; it uses the Document's ``_columns``, ``labels``, ``n``,
``field_count``, ``_apply``, ``_check_row``, ``insert_outcomes``, ``_fresh_labels`` and
the family columns' ``_check_typed``, ``_refilled`` and ``_put_refilled``.
"""

from __future__ import annotations

from collections.abc import Sequence

from klgui.core import WeightParseError, parse_weight
from klgui.core.numerics.entries import decimal_places
from klgui.core.errors import describe_outcome, more_lines
from klgui.model.columns import checked_label, frozen, in_sentence
from klgui.model.snapshot import Change

__all__ = ["CellBlocks"]


class CellBlocks:
    """Pasting blocks and setting many cells of a Document (mixed into it)."""

    def paste(self, row: int, field: int, block: Sequence[Sequence[str]],
              lines: Sequence[int] = (), fields: Sequence[int] | None = None) -> None:
        """Write a block of texts with its top-left cell at ``row`` and ``field`` (0:
        the label; 1…: the columns in order), adding outcomes at the end when the block
        reaches past the last row. ``fields``, when given: the field of each of the
        block's columns instead (distinct, in any order; ``field`` is then unused), as a
        pasted header line that names the columns places them.

        Raises WeightParseError or ValueError naming the block's line and column (the
        outcome and the character for a label with a control character), and changes
        nothing, when any text in it is not usable. ``lines``: the line of the pasted
        text each row of ``block`` came from, for those messages (default 1, 2, …).
        """
        self._check_row(row)
        rows = [list(r) for r in block]
        width = max((len(r) for r in rows), default=0)
        if not rows or width == 0:
            raise ValueError("There is nothing to paste.")
        count = self.field_count
        if fields is None and field + width > count:
            left = count - field
            raise ValueError(
                f"The block is {width} columns wide, but from {self._field_name(field)} on "
                f"there {'is' if left == 1 else 'are'} only {left}: "
                f"{', '.join(self._field_name(f) for f in range(field, count))}.")
        if fields is None:
            fields = range(field, field + width)
        elif len(fields) < width or len(set(fields)) < len(fields) or \
                not all(0 <= f < count for f in fields):
            raise ValueError(f"The block's {width} columns need {width} different columns "
                             f"of the table, not {list(fields)}.")
        for f in fields[:width]:
            if f:
                self._check_typed(self._columns[f - 1])
        cells = [(row + i, fields[j], text) for i, r in enumerate(rows)
                 for j, text in enumerate(r)]
        def line_of(i: int) -> int:
            return lines[i] if i < len(lines) else i + 1
        try:
            checked = self._checked_cells(cells)
        except WeightParseError as e:
            i, f = cells[e.index][0] - row, cells[e.index][1]
            others = [line_of(k - row) for k in _rows_with_problems(cells) if k - row != i]
            raise WeightParseError(f"Line {line_of(i)} of the block, "
                                   f"{self._field_name(f, True)}: {in_sentence(e)}"
                                   f"{more_lines(others)}", text=e.text, problem=e.problem,
                                   index=i) from None
        except ValueError as e:  # a label with a control character: the outcome is named
            first = next(iter(_rows_with_problems(cells)), row)
            others = [line_of(k - row) for k in _rows_with_problems(cells) if k != first]
            raise ValueError(f"{e}{more_lines(others)}") from None
        extra = row + len(rows) - self.n
        names = [(r, text) for r, f, text, _ in checked if f == 0]
        if extra > 0 or names:  # families that cannot follow refuse before rows are added
            fresh = self._fresh_labels(extra) if extra > 0 else []

            def final(labels: list[str]) -> None:
                labels.extend(fresh)
                for r, text in names:
                    labels[r] = text
            self._refilled(final)
        if extra > 0:
            self.insert_outcomes(self.n, extra)
        self._write_cells(checked)

    def set_cells(self, cells: Sequence[tuple[int, int, str]]) -> None:
        """Set several cells at once: ``(row, field, text)``, field 0 the label and 1…
        the columns in order. Raises WeightParseError (naming the outcome), ValueError
        (a label with a control character: the outcome and the character) or
        IndexError, and changes nothing, when any of them is not usable."""
        for row, field, _ in cells:
            self._check_row(row)
            if not 0 <= field < self.field_count:
                raise IndexError(f"there is no field {field}")
        for f in {f for _, f, _ in cells if f}:
            self._check_typed(self._columns[f - 1])
        try:
            checked = self._checked_cells(cells)
        except WeightParseError as e:
            row, field = cells[e.index][:2]
            raise WeightParseError(f"{self._field_name(field, True)}, "
                                   f"{describe_outcome(row, self.labels[row])}: {in_sentence(e)}",
                                   text=e.text, problem=e.problem, index=e.index) from None
        self._write_cells(checked)

    def _field_name(self, field: int, bare: bool = False) -> str:
        if field == 0:
            return "label" if bare else "the label"
        return self._columns[field - 1].name

    @staticmethod
    def _checked_cells(cells) -> list[tuple[int, int, str, float]]:
        """The cells with their weights; WeightParseError with ``index`` of the bad cell."""
        out = []
        for k, (row, field, text) in enumerate(cells):
            if field == 0:
                out.append((row, 0, checked_label(text, row), 0.0))
                continue
            try:
                out.append((row, field, text, parse_weight(text)))
            except WeightParseError as e:
                raise WeightParseError(str(e), text=e.text, problem=e.problem, index=k) from None
        return out

    def _write_cells(self, cells: list[tuple[int, int, str, float]]) -> None:
        if not cells:
            return
        touched = {f for _, f, _, _ in cells if f}
        names = [(row, text) for row, field, text, _ in cells if field == 0]

        def renamed(labels: list[str]) -> None:
            for row, text in names:
                labels[row] = text
        refilled = self._refilled(renamed) if names else {}

        def do() -> None:
            for f in touched:
                c = self._columns[f - 1]
                c.values, c.places = c.values.copy(), c.places.copy()
            for row, field, text, value in cells:
                if field == 0:
                    self.labels[row] = text
                else:
                    c = self._columns[field - 1]
                    c.texts[row] = text
                    c.values[row] = value
                    c.places[row] = decimal_places(text)
            for f in touched:
                frozen(self._columns[f - 1].values)
            self._put_refilled(refilled)
        rows = [c[0] for c in cells]
        self._apply(Change("rows", 0, self.n - 1) if refilled else
                    Change("rows", min(rows), max(rows)), do)


def _rows_with_problems(cells: Sequence[tuple[int, int, str]]) -> list[int]:
    """The rows (in order, each once) of ``(row, field, text)`` cells that are not
    usable: a weight the parser refuses, a label with a control character. For a
    refusal's count of the other lines with problems (the paste stops at the first)."""
    bad: dict[int, None] = {}
    for row, field, text in cells:
        if row in bad:
            continue
        try:
            if field == 0:
                checked_label(text, row)
            else:
                parse_weight(text)
        except ValueError:  # (WeightParseError is a ValueError)
            bad[row] = None
    return list(bad)
