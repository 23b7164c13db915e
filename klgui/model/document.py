"""The state a person edits, without Qt: outcomes, the distributions' entries exactly as
typed (one reference and any number of models, each a column with a stable id and a
name), which model is in focus, and the settings that shape the result.

Every change goes through one method, which tells the listeners before and after (a
table model needs both to keep a view in step) and bumps ``revision``. The comparison
of the reference with the focus model is computed lazily, at most once per revision,
however many widgets ask for it.

Columns are named by id (an int that never changes while the column exists) or by the
aliases ``"P"`` (the reference) and ``"Q"`` (the focus model): the pair every page of
the first round showed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np

from klgui.core import Smoothing, parse_weight
from klgui.core.formatting import probability_text
from klgui.core.numerics.entries import decimal_places
from klgui.core.parsing import ParsedTexts, parse_exact
from klgui.core.units import check_unit
from klgui.model.columns import (MAX_NAME, Column, State, check_digits, checked_columns,
                                 checked_focus, checked_specs, frozen, packed, pair_specs,
                                 parsed_entries)
from klgui.model.cell_blocks import CellBlocks
from klgui.model.column_structure import ColumnStructure
from klgui.model.document_results import DocumentResults
from klgui.model.family_document import FamilyDocument
from klgui.model.matching import match_by_label
from klgui.model.outcome_rows import OutcomeRows
from klgui.model.results import Result, ResultJob
from klgui.model.snapshot import (DEFAULT_DIGITS, DIGITS_RANGE, MODEL, REFERENCE, Change,
                                  DistributionSpec, Snapshot)
from klgui.model.text_column import TextColumn

__all__ = ["Document", "Change", "Result", "ResultJob", "Snapshot", "State",
           "DistributionSpec", "DEFAULT_DIGITS", "DIGITS_RANGE", "MAX_NAME"]

Which = int | str


Listener = Callable[[Change], None]


class Document(DocumentResults, OutcomeRows, CellBlocks, ColumnStructure, FamilyDocument):
    """Outcome labels, distribution columns (entries as typed with their values, or
    filled from a family: model.family_document), the focus, and settings."""

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

    def column_id(self, which: Which) -> int:
        """The id of a column given by id, alias ("P": the reference, "Q": the focus
        model) or name. Raises ValueError when there is no such column."""
        if which == "P":
            return self._reference
        if which == "Q":
            return self._focus
        if isinstance(which, int) and not isinstance(which, bool):
            if any(c.id == which for c in self._columns):
                return which
            raise ValueError(f"there is no distribution column with id {which}")
        for c in self._columns:
            if c.name == which:
                return c.id
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

    def snapshot(self) -> Snapshot:
        """The whole state, to save or to restore later."""
        return self.state().snapshot()

    def state(self) -> State:
        """Everything, cheaply copied (the value arrays are shared: edits replace them),
        to be put back later with :meth:`put_back` (undo)."""
        return State(self.labels.copy(), tuple(c.copy() for c in self._columns),
                     self._reference, self._focus, self.name, self.unit, self.auto_normalize,
                     self.digits, self.smoothing)

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
        self._check_row(row)
        text = text.strip()
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

    # -- whole documents --------------------------------------------------------------
    def load(self, labels: Sequence[str], p: Sequence[str], q: Sequence[str],
             *, name: str = "Untitled") -> None:
        """Replace all outcomes and entries with one reference ``p`` and one model ``q``
        (settings stay; the columns keep the current reference's and focus model's
        names). Raises WeightParseError or ValueError, naming the row, and changes
        nothing, when the data are not usable."""
        specs = pair_specs(p, q, self.name_of("P"), self.name_of("Q"))
        self.load_columns(labels, specs, name=name)

    def load_columns(self, labels: Sequence[str], distributions: Sequence[DistributionSpec],
                     *, focus: str | None = None, name: str = "Untitled") -> None:
        """Replace all outcomes and columns (settings stay). ``distributions`` need
        unique names and exactly one reference (role "reference"); ``focus`` names a
        model (default: the first). Raises ValueError and changes nothing when the data
        are not usable."""
        specs = checked_specs(distributions)
        checked = checked_columns(labels, specs)
        focus = checked_focus(specs, focus)
        self._apply(Change("reset"), lambda: self._set_all(checked, name, focus, specs))

    def load_distribution(self, which: Which, labels: Sequence[str],
                          texts: Sequence[str]) -> tuple[int, int, int]:
        """Set one column from one distribution's (unique) labels and entries, matched
        to the outcomes by label: outcomes it does not name get 0, its new labels are
        added with 0 in the other columns. When no label matches, its outcomes replace
        the table (the other columns are then 0 everywhere, to be loaded next).

        Returns how many outcomes were matched, added, and set to 0. Raises ValueError
        (changing nothing) for bad entries or repeated labels, in the file or among the
        table's outcomes that the file names (which of them would get the weight?).
        """
        target = self._col(which)
        m = match_by_label(list(self.labels), labels, texts, target.name)
        out_labels = list(m.added) if m.replace else list(self.labels) + m.added
        specs = []
        for c in self._columns:
            role = REFERENCE if c.id == self._reference else MODEL
            if c.id == target.id:
                entries = m.entries
            elif m.replace:
                entries = ["0"] * len(out_labels)
            elif m.added:
                entries = list(c.texts) + ["0"] * len(m.added)
            else:  # as they are: not read again
                entries = ParsedTexts(c.texts, c.values, c.places)
            source = None if c.id == target.id else c.source
            specs.append(DistributionSpec(c.name, role, entries, source))
        focus = self.name_of("Q")
        self.load_columns(out_labels, specs, focus=focus, name=self.name)
        return m.matched, len(m.added), m.zeroed

    def restore(self, snapshot: Snapshot) -> None:
        """Replace everything, settings included, with a saved state. Raises ValueError
        (naming the row or the setting) and changes nothing when it is not usable."""
        specs = checked_specs(snapshot.distributions)
        checked = checked_columns(snapshot.labels, specs)
        focus = checked_focus(specs, snapshot.focus)
        unit = check_unit(snapshot.unit)
        check_digits(snapshot.digits)
        if snapshot.smoothing is not None and not isinstance(snapshot.smoothing, Smoothing):
            raise ValueError("smoothing must be a Smoothing or None")

        def do() -> None:
            self._set_all(checked, snapshot.name, focus, specs)
            self.unit, self.auto_normalize = unit, bool(snapshot.auto_normalize)
            self.digits, self.smoothing = int(snapshot.digits), snapshot.smoothing
        self._apply(Change("reset"), do)

    def put_back(self, state: State) -> None:
        """Make the document exactly as it was when ``state`` was taken (undo)."""
        same_shape = (len(state.labels) == self.n
                      and [(c.id, c.name) for c in state.columns]
                      == [(c.id, c.name) for c in self._columns]
                      and state.reference == self._reference)

        def do() -> None:
            self.labels = state.labels.copy()
            self._columns = [c.copy() for c in state.columns]
            self._reference, self._focus = state.reference, state.focus
            self._next_id = max(self._next_id, 1 + max(c.id for c in self._columns))
            self.name = state.name
            self.unit, self.auto_normalize = state.unit, state.auto_normalize
            self.digits, self.smoothing = state.digits, state.smoothing
        # Same rows and columns: the views keep their place; otherwise they start again.
        self._apply(Change("rows", 0, self.n - 1) if same_shape else Change("reset"), do)
        if same_shape:
            self._apply(Change("settings"), lambda: None)

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
        for listener in self._after:
            listener(change)

    def _col(self, which: Which) -> Column:
        id = self.column_id(which)
        return next(c for c in self._columns if c.id == id)

    def _set_all(self, checked, name: str, focus: str,
                 specs: Sequence[DistributionSpec]) -> None:
        labels, columns = checked
        self.name = name
        #: The outcome labels (a sequence of str; change them through the methods).
        self.labels = TextColumn(labels)
        self._columns = []
        for spec, column in zip(specs, columns):
            parts = column if spec.source is not None else packed(column)
            self._columns.append(Column(self._next_id, spec.name, *parts, spec.source))
            if spec.role == REFERENCE:
                self._reference = self._next_id
            if spec.name == focus:
                self._focus = self._next_id
            self._next_id += 1
        self._typed = {}

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
