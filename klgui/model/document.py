"""The state a person edits, without Qt: outcomes, the distributions' entries exactly as
typed (one reference and any number of models, each a column with a stable id and a
name), which model is in focus, and the settings that shape the result.

Every change goes through one method, which tells the listeners before and after (a
table model needs both to keep a view in step) and bumps ``revision``. The comparison
of the reference with the focus model is computed lazily, at most once per revision,
however many widgets ask for it.

Columns are named by id (an int that never changes while the column exists), by name,
or by the aliases ``"P"`` (the reference) and ``"Q"`` (the focus model), the pair every
page of the first round showed, when no column is called that (see
:meth:`Document.column_id`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from fractions import Fraction

import numpy as np

from klgui.core import Smoothing, parse_weight
from klgui.core.formatting import probability_text
from klgui.core.numerics.entries import decimal_places
from klgui.core.parsing import parse_exact
from klgui.core.units import check_unit
from klgui.model.bayes_work import BayesWork
from klgui.model.columns import (MAX_NAME, Column, State, check_digits, checked_columns,
                                 checked_label, frozen, packed, pair_specs, parsed_entries)
from klgui.model.cell_blocks import CellBlocks
from klgui.model.column_structure import ColumnStructure
from klgui.model.document_results import DocumentResults
from klgui.model.family_document import FamilyDocument
from klgui.model.outcome_rows import OutcomeRows
from klgui.model.results import Result, ResultJob
from klgui.model.snapshot import (DEFAULT_DIGITS, DIGITS_RANGE, MODEL, REFERENCE, Change,
                                  DistributionSpec, Snapshot)
from klgui.model.text_column import TextColumn
from klgui.model.whole_document import WholeDocument

__all__ = ["Document", "Change", "Result", "ResultJob", "Snapshot", "State",
           "DistributionSpec", "DEFAULT_DIGITS", "DIGITS_RANGE", "MAX_NAME"]

Which = int | str


Listener = Callable[[Change], None]


class Document(DocumentResults, OutcomeRows, CellBlocks, ColumnStructure, WholeDocument,
               FamilyDocument):
    """Outcome labels, distribution columns (entries as typed with their values, or
    filled from a family: model.family_document), the focus, and settings.

    Here: reading, single edits, settings and the one way every change goes. The rest
    is mixed in: results (model.document_results), outcomes added, removed and moved
    (model.outcome_rows), blocks of cells (model.cell_blocks), columns as a whole
    (model.column_structure), loading, snapshots and undo states
    (model.whole_document)."""

    def __init__(self, labels: Sequence[str] = ("heads", "tails"),
                 p: Sequence[str] = ("0.8", "0.2"), q: Sequence[str] = ("0.6", "0.4"),
                 *, name: str = "Untitled", unit: str = "nats", auto_normalize: bool = True,
                 digits: int = DEFAULT_DIGITS) -> None:
        self._before: list[Listener] = []
        self._after: list[Listener] = []
        check_digits(digits)
        self.unit = check_unit(unit)
        self.auto_normalize = bool(auto_normalize)
        self.digits = digits
        self.smoothing: Smoothing | None = None
        #: The Bayes lab's work (None: the lab has not been used; model.bayes_work).
        self.bayes: BayesWork | None = None
        self.revision = 0
        self._next_id = 0
        self._init_results()
        self._init_families()
        specs = pair_specs(p, q)
        self._set_all(checked_columns(labels, specs), name, "Q", specs)

    # -- reading -------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.labels)

    @property
    def column_ids(self) -> tuple[int, ...]:
        """The distribution columns' ids, in the order they are shown."""
        return tuple(c.id for c in self._columns)

    @property
    def reference_id(self) -> int:
        return self._reference

    @property
    def focus_id(self) -> int:
        return self._focus

    @property
    def model_ids(self) -> tuple[int, ...]:
        return tuple(c.id for c in self._columns if c.id != self._reference)

    @property
    def role_places(self) -> tuple[int, int]:
        """The 1-based places of the reference and the focus model among the columns,
        as shown (an exported table's ``positions``: importing it puts them back)."""
        ids = self.column_ids
        return ids.index(self._reference) + 1, ids.index(self._focus) + 1

    def column_id(self, which: Which) -> int:
        """The id of a column given by id or by name (exactly, case included). The
        aliases "P" (the reference) and "Q" (the focus model) apply only when no column
        has that name: a model called "P" is that model, whoever the reference is. Code
        that means a role passes :attr:`reference_id` or :attr:`focus_id`. Raises
        ValueError when there is no such column."""
        if isinstance(which, int) and not isinstance(which, bool):
            if any(c.id == which for c in self._columns):
                return which
            raise ValueError(f"there is no distribution column with id {which}")
        for c in self._columns:
            if c.name == which:
                return c.id
        if which == "P":
            return self._reference
        if which == "Q":
            return self._focus
        raise ValueError(f"there is no distribution called {which!r}")

    def name_of(self, which: Which) -> str:
        return self._col(which).name

    def role_of(self, which: Which) -> str:
        return REFERENCE if self.column_id(which) == self._reference else MODEL

    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self._columns)

    def field_of(self, which: Which) -> int:
        """The field (table column) of a distribution: 1 + its place in the order."""
        return 1 + self.column_ids.index(self.column_id(which))

    def which_of(self, field: int) -> int:
        """The column id at ``field`` (1-based after the label)."""
        if not 1 <= field <= len(self._columns):
            raise IndexError(f"there is no field {field}")
        return self._columns[field - 1].id

    @property
    def field_count(self) -> int:
        """The label and one field per distribution column."""
        return 1 + len(self._columns)

    def texts(self, which: Which) -> TextColumn:
        """A column's entries exactly as typed (a sequence of str; do not modify)."""
        return self._col(which).texts

    def values(self, which: Which) -> np.ndarray:
        """A column's entries as numbers (read-only; an edit replaces the array)."""
        return self._col(which).values

    @property
    def labels_version(self) -> int:
        """A number that changes whenever the outcomes' labels (or rows) may have."""
        return self._labels_version

    # -- listening -----------------------------------------------------------------
    def subscribe(self, after: Listener, before: Listener | None = None) -> None:
        """Call ``before(change)`` ahead of every change and ``after(change)`` once it
        is done."""
        if before is not None:
            self._before.append(before)
        self._after.append(after)

    # -- editing entries and labels --------------------------------------------------
    def set_entry(self, which: Which, row: int, text: str) -> None:
        """Set one entry from what was typed.

        Raises WeightParseError (and changes nothing) when the text is not a weight.
        """
        c = self._col(which)
        self._check_row(row)
        value = parse_weight(text)
        if c.texts[row] == text:
            return
        self._check_typed(c)
        self._apply(Change("entries", row, row, c.id), lambda: self._put(c, row, text, value))

    def set_label(self, row: int, text: str) -> None:
        """Rename one outcome. Raises ValueError (changing nothing) when the label holds
        a control character other than a tab or a line break (columns.checked_label)."""
        self._check_row(row)
        text = checked_label(text, row)
        if self.labels[row] == text:
            return
        refilled = self._refilled(lambda labels: labels.__setitem__(row, text))

        def do() -> None:
            self.labels[row] = text
            self._put_refilled(refilled)
        if refilled:  # the families follow their outcomes
            self._apply(Change("rows", 0, self.n - 1), do)
        else:
            self._apply(Change("labels", row, row), do, same_result=True)

    def set_column(self, which: Which, texts: Sequence[str]) -> None:
        """Replace every entry of one column (a drag of its bars, a fit). Raises
        WeightParseError or ValueError (changing nothing) when an entry is not usable."""
        c = self._col(which)
        texts = [str(t) for t in texts]
        if len(texts) != self.n:
            raise ValueError(f"{c.name} needs {self.n} entries, not {len(texts)}")
        if list(c.texts) == texts:
            return
        self._check_typed(c)
        parsed = parsed_entries(texts, c.name)

        def do() -> None:
            c.texts, c.values, c.places = packed(parsed)
        self._apply(Change("entries", 0, self.n - 1, c.id), do)

    def normalize_entries(self) -> None:
        """Rewrite every entry as its exact probability (counts 1, 1, 2 become 0.25,
        0.25, 0.5), so the figures do not change. Distributions that sum to 0 are
        left alone."""
        new = {}
        for c in self._columns:
            if c.source is not None:  # already probabilities, and not typed
                continue
            exact = [parse_exact(t) for t in c.texts]
            total = sum(exact, Fraction(0))
            if total == 0:
                continue
            new[c.id] = [probability_text(x / total) for x in exact]
        if not new:
            return

        def do() -> None:
            for c in self._columns:
                if c.id in new:
                    c.texts, c.values, c.places = packed(parsed_entries(new[c.id], c.name))
        which = next(iter(new)) if len(new) == 1 else None
        self._apply(Change("entries", 0, self.n - 1, which), do)

    # -- columns (added, removed, renamed, moved: model.column_structure) -------------
    @staticmethod
    def _checked_columns(labels, specs):
        return checked_columns(labels, specs)

    # -- settings ----------------------------------------------------------------------
    def set_smoothing(self, smoothing: Smoothing | None) -> None:
        if smoothing is not None and not isinstance(smoothing, Smoothing):
            raise ValueError("smoothing must be a Smoothing or None")
        if smoothing != self.smoothing:
            self._apply(Change("settings"), lambda: setattr(self, "smoothing", smoothing))

    def set_unit(self, unit: str) -> None:
        unit = check_unit(unit)
        if unit != self.unit:
            self._apply(Change("settings"), lambda: setattr(self, "unit", unit))

    def set_auto_normalize(self, on: bool) -> None:
        if bool(on) != self.auto_normalize:
            self._apply(Change("settings"), lambda: setattr(self, "auto_normalize", bool(on)))

    def set_digits(self, digits: int) -> None:
        check_digits(digits)
        if digits != self.digits:
            self._apply(Change("settings"), lambda: setattr(self, "digits", int(digits)),
                        same_result=True)

    # -- the Bayes lab -------------------------------------------------------------------
    def set_bayes(self, work: BayesWork | None) -> None:
        """Make ``work`` the Bayes lab's work (a change of kind "lab": the comparison
        stays as it is). The work may be for another number of outcomes than the
        document has now (the lab then shows BayesWork.following)."""
        if work is not None and not isinstance(work, BayesWork):
            raise ValueError("the Bayes lab's work must be a BayesWork or None")
        if work is self.bayes:
            return
        self._apply(Change("lab"), lambda: setattr(self, "bayes", work), same_result=True)

    # -- internals -----------------------------------------------------------------
    def _apply(self, change: Change, do: Callable[[], None], same_result: bool = False) -> None:
        """Make a change and tell the listeners. ``same_result``: the change cannot
        alter the comparison (a label, the digits shown), so a known result stays."""
        if change.kind == "entries" and change.which is not None and \
                change.which not in (self._reference, self._focus):
            same_result = True  # a model out of focus: the focus pair is the same
        for listener in self._before:
            listener(change)
        kept = same_result and self.known_result() is not None
        do()
        self.revision += 1
        if change.kind in _LABEL_CHANGES:
            self._labels_version += 1
        if kept:
            self._result_revision = self.revision
            change = replace(change, keeps_result=True)
        for listener in self._after:
            listener(change)

    def _col(self, which: Which) -> Column:
        id = self.column_id(which)
        return next(c for c in self._columns if c.id == id)

    def _put(self, c: Column, row: int, text: str, value: float) -> None:
        c.texts[row] = text
        # A fresh array, never an edit in place: a result job on another thread may
        # still be reading the old one (copying 1e6 values takes about a millisecond).
        v = c.values.copy()
        v[row] = value
        c.values = frozen(v)
        places = c.places.copy()
        places[row] = decimal_places(text)
        c.places = places

    def _check_row(self, row: int) -> None:
        if not 0 <= row < self.n:
            raise IndexError(f"there is no outcome {row + 1} (the table has {self.n})")


#: The changes that may rename, add, remove or move outcomes.
_LABEL_CHANGES = frozenset({"labels", "rows", "insert", "remove", "move", "reset"})
