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

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

import numpy as np

from klgui.core import Smoothing, WeightParseError, parse_weight
from klgui.core.formatting import probability_text
from klgui.core.numerics.pair_cache import pair_figures
from klgui.core.numerics.entries import ODD, TypedColumn, decimal_places
from klgui.core.parsing import ParsedTexts, parse_exact
from klgui.core.units import check_unit
from klgui.model import family_columns as fc
from klgui.model.family_columns import PlacedColumn
from klgui.model.columns import (MAX_NAME, Column, State, check_digits, check_name,
                                 checked_columns, checked_focus, checked_specs, frozen,
                                 packed, pair_specs, parsed_entries)
from klgui.model.family_document import FamilyDocument
from klgui.model.many_results import ManyJob
from klgui.model.matching import match_by_label
from klgui.model.results import Result, ResultJob, column_sum
from klgui.model.snapshot import (DEFAULT_DIGITS, DIGITS_RANGE, MODEL, REFERENCE, Change,
                                  DistributionSpec, Snapshot)
from klgui.model.text_column import TextColumn

__all__ = ["Document", "Change", "Result", "ResultJob", "Snapshot", "State",
           "DistributionSpec", "DEFAULT_DIGITS", "DIGITS_RANGE", "MAX_NAME"]

Which = int | str


Listener = Callable[[Change], None]


class Document(FamilyDocument):
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
        self._result: Result | None = None
        self._result_revision = -1
        self._next_id = 0
        #: The last columns handed to a job, by id, reused while their entries stand,
        #: with the key that names that version of the entries (for the pair cache).
        self._typed: dict[int, TypedColumn] = {}
        self._typed_keys: dict[int, tuple[int, int]] = {}
        self._versions = 0
        self._scaled: dict[int, tuple[np.ndarray, np.ndarray]] = {}
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

    def typed_column(self, which: Which) -> TypedColumn:
        """A column as core.entries reads it (exact weights computed once, kept while
        its entries stand)."""
        c = self._col(which)
        known = self._typed.get(c.id)
        if known is None or not (known.values is c.values and known.places is c.places
                                 and isinstance(known, PlacedColumn) == (c.source is not None)):
            if c.source is not None:  # the family's doubles are the weights
                known = PlacedColumn(c.values, c.places, {}, c.name)
            else:
                odd = {i: c.texts[i] for i in np.flatnonzero(c.places == ODD).tolist()}
                previous, known = known, TypedColumn(c.values, c.places, odd, c.name)
                if previous is not None:  # its sums and weights, redone where edited
                    known.follow(previous)
            self._typed[c.id] = known
            self._versions += 1
            self._typed_keys[c.id] = (c.id, self._versions)
        return known

    def probabilities(self, which: Which) -> np.ndarray:
        """A column's entries scaled to sum to 1, as doubles, for drawing (read-only;
        the same array while the entries stand). All zeros when they sum to 0; the
        figures come from the exact entries, not from these."""
        c = self._col(which)
        known = self._scaled.get(c.id)
        if known is not None and known[0] is c.values:
            return known[1]
        total = column_sum(c.values)
        if total > 0 and math.isfinite(total):
            scaled = c.values / total
        elif math.isinf(total):  # weights beyond doubles: scale by the largest first
            big = float(np.max(c.values))
            scaled = (c.values / big) / column_sum(c.values / big) if big > 0 else c.values * 0
        else:
            scaled = np.zeros_like(c.values)
        scaled = frozen(np.nan_to_num(scaled, nan=0.0, posinf=0.0))
        self._scaled[c.id] = (c.values, scaled)
        return scaled

    def column_key(self, which: Which) -> tuple[int, int]:
        """A key that names this version of a column's entries: it changes whenever
        they do (for caches of pairs)."""
        self.typed_column(which)
        return self._typed_keys[self.column_id(which)]

    def many_job(self, metric: str | None = None, cache=None) -> ManyJob:
        """What the ranking (every model against the reference) and, with ``metric``
        ("kl" or "js_distance"), the matrix of the current revision take, to run
        elsewhere with ``cache`` (a core.numerics.pair_cache.PairCache)."""
        columns = tuple((c.name, self.column_key(c.id), self.typed_column(c.id))
                        for c in self._columns)
        known = self.known_result()
        if known is not None and known.comparison is not None:
            known = (self.column_key("P"), self.column_key("Q"),
                     pair_figures(known.comparison))
        else:
            known = None
        return ManyJob(self.revision, columns, self.column_ids.index(self._reference),
                       self.unit, self.auto_normalize, self.smoothing, metric,
                       tuple(self.labels) if self.n <= 10_000 else None, cache, known)

    def snapshot(self) -> Snapshot:
        """The whole state, to save or to restore later."""
        return self.state().snapshot()

    def state(self) -> State:
        """Everything, cheaply copied (the value arrays are shared: edits replace them),
        to be put back later with :meth:`put_back` (undo)."""
        return State(self.labels.copy(), tuple(c.copy() for c in self._columns),
                     self._reference, self._focus, self.name, self.unit, self.auto_normalize,
                     self.digits, self.smoothing)

    def result(self) -> Result:
        """The comparison of the reference with the focus model, computed once per
        revision."""
        known = self.known_result()
        if known is None:
            job = self.job()
            known = job.run()
            self.accept(job, known)
        return known

    @property
    def labels_version(self) -> int:
        """A number that changes whenever the outcomes' labels (or rows) may have."""
        return self._labels_version

    def known_result(self) -> Result | None:
        """The current revision's result if it has been computed, else None."""
        return self._result if self._result_revision == self.revision else None

    def job(self) -> ResultJob:
        """What computing the current result takes, to run elsewhere (another thread)
        and hand back with :meth:`accept`."""
        live = {c.id for c in self._columns}
        self._typed = {k: v for k, v in self._typed.items() if k in live}
        p, q = self.typed_column("P"), self.typed_column("Q")
        return ResultJob(self.revision, p.values, q.values, self.unit, self.auto_normalize,
                         self.smoothing, {"P": p, "Q": q}, self.name_of("P"),
                         self.name_of("Q"))

    def accept(self, job: ResultJob, result: Result) -> bool:
        """Keep ``result`` as the current one if ``job`` is of the current revision;
        False (and nothing kept) when the document has changed since."""
        if job.revision != self.revision:
            return False
        self._result, self._result_revision = result, job.revision
        return True

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
        nothing) when an entry is not usable."""
        if not 0 <= row <= self.n:
            raise IndexError(f"cannot insert outcomes at row {row}")
        given = {self.column_id(k): v for k, v in (entries or {}).items()}
        for alias, texts in (("P", p), ("Q", q)):
            if texts is not None:
                given[self.column_id(alias)] = texts
        labels = [str(x).strip() for x in labels]
        specs = [DistributionSpec(c.name, "", tuple(str(t) for t in
                                                    given.get(c.id, ["0"] * len(labels))))
                 for c in self._columns]
        checked = checked_columns(labels, specs)
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

    # -- blocks of cells ------------------------------------------------------------
    def paste(self, row: int, field: int, block: Sequence[Sequence[str]]) -> None:
        """Write a block of texts with its top-left cell at ``row`` and ``field`` (0:
        the label; 1…: the columns in order), adding outcomes at the end when the block
        reaches past the last row.

        Raises WeightParseError or ValueError naming the block's line and column, and
        changes nothing, when any text in it is not usable.
        """
        self._check_row(row)
        rows = [list(r) for r in block]
        width = max((len(r) for r in rows), default=0)
        if not rows or width == 0:
            raise ValueError("There is nothing to paste.")
        fields = self.field_count
        if field + width > fields:
            left = fields - field
            raise ValueError(
                f"The block is {width} columns wide, but from {self._field_name(field)} on "
                f"there {'is' if left == 1 else 'are'} only {left}: "
                f"{', '.join(self._field_name(f) for f in range(field, fields))}.")
        for f in range(max(field, 1), field + width):
            self._check_typed(self._columns[f - 1])
        cells = [(row + i, field + j, text) for i, r in enumerate(rows) for j, text in enumerate(r)]
        try:
            checked = self._checked_cells(cells)
        except WeightParseError as e:
            i, f = cells[e.index][0] - row, cells[e.index][1]
            raise WeightParseError(f"Line {i + 1} of the block, {self._field_name(f, True)}: "
                                   f"{e}", text=e.text, problem=e.problem, index=i) from None
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
        the columns in order. Raises WeightParseError (naming the outcome) or
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
            raise WeightParseError(f"{self._field_name(field, True)}, outcome {row + 1}: {e}",
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
                out.append((row, 0, text.strip(), 0.0))
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

    # -- columns -----------------------------------------------------------------------
    def add_model(self, name: str | None = None, entries: Sequence[str] | None = None,
                  at: int | None = None, *, id: int | None = None) -> int:
        """Add a model column (named ``name``, or "Model A", "Model B"… when None) at
        place ``at`` of the order (default: the end), with ``entries`` (default: 0
        everywhere). Returns its id (``id`` reuses a known one, for redo). Raises
        ValueError (changing nothing) for a name in use or bad entries."""
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
        """Rename a column. Raises ValueError for an empty, too long or used name."""
        c = self._col(which)
        name = name.strip()
        if name == c.name:
            return
        name = self._checked_name(name)
        self._apply(Change("columns"), lambda: setattr(c, "name", name), same_result=True)

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

    def _checked_name(self, name: str) -> str:
        name = str(name).strip()
        if not name:
            raise ValueError("A distribution needs a name.")
        if len(name) > MAX_NAME:
            raise ValueError(f"A name has at most {MAX_NAME} characters; this one has "
                             f"{len(name)}.")
        if name in self.names():
            raise ValueError(f"There is already a distribution called {name!r}.")
        check_name(name)
        return name

    def _fresh_name(self) -> str:
        taken = set(self.names())
        for k in range(1, 10_000):
            name = f"Model {chr(64 + k)}" if k <= 26 else f"Model {k}"
            if name not in taken:
                return name
        raise ValueError("too many models")

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


#: The changes that may rename, add, remove or move outcomes.
_LABEL_CHANGES = frozenset({"labels", "rows", "insert", "remove", "move", "reset"})
