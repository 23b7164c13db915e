"""The state a person edits, without Qt: outcomes, the P and Q entries exactly as typed,
and the settings that shape the result.

Every change goes through one method, which tells the listeners before and after (a
table model needs both to keep a view in step) and bumps ``revision``. The comparison
is computed lazily, at most once per revision, however many widgets ask for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from klgui.core import Comparison, DistributionError, Smoothing, WeightParseError, parse_weight
from klgui.core.numerics.entries import (ODD, TypedColumn, compare_typed, decimal_places,
                                decimal_places_many)
from klgui.core.numerics.exact import dd_sum, rounded
from klgui.core.formatting import probability_text
from klgui.core.parsing import parse_exact, parse_weights
from klgui.core.units import check_unit
from klgui.model.text_column import TextColumn

__all__ = ["Document", "Change", "Result", "ResultJob", "Snapshot", "State", "DISTRIBUTIONS",
           "FIELDS"]

DISTRIBUTIONS = ("P", "Q")
#: What a row holds, in table order: its label and its two entries.
FIELDS = ("label", "P", "Q")
#: Significant digits shown when nothing else was chosen, and the range allowed.
DEFAULT_DIGITS = 6
DIGITS_RANGE = (1, 17)


@dataclass(frozen=True)
class Change:
    """What changed. ``kind`` is one of:

    - ``"entries"``: entries of rows ``first..last`` in ``which`` ("P", "Q", or None
      for both);
    - ``"labels"``: labels of rows ``first..last``;
    - ``"rows"``: labels and entries of rows ``first..last`` (a paste);
    - ``"insert"`` / ``"remove"``: rows ``first..last`` (as numbered before removal);
    - ``"move"``: row ``first`` moved to just before row ``dest`` (as numbered before);
    - ``"reset"``: everything may differ (a new document was loaded);
    - ``"settings"``: unit, normalization, smoothing or digits.
    """

    kind: str
    first: int = 0
    last: int = 0
    which: str | None = None
    dest: int = 0


@dataclass(frozen=True, eq=False)
class Result:
    """The comparison of the current entries, or why there is none."""

    comparison: Comparison | None
    error: DistributionError | None
    p_sum: float
    q_sum: float
    #: With smoothing on: the same entries compared without it (None when that
    #: fails, e.g. Q all zero, which only smoothing makes comparable).
    unsmoothed: Comparison | None = None

    @property
    def ok(self) -> bool:
        return self.comparison is not None


@dataclass(frozen=True, eq=False)
class ResultJob:
    """Everything one revision's result depends on. The arrays are never changed
    afterwards (edits replace them), so a job can run on another thread while the
    person keeps typing."""

    revision: int
    p: np.ndarray
    q: np.ndarray
    unit: str
    normalize: bool
    smoothing: Smoothing | None
    #: The entries as core.entries reads them (their exact weights computed once).
    columns: dict[str, TypedColumn]

    @property
    def places(self) -> dict[str, np.ndarray]:
        """Decimal places of each entry (core.entries.decimal_places)."""
        return {w: c.places for w, c in self.columns.items()}

    @property
    def odd(self) -> dict[str, Mapping[int, str]]:
        """The texts of the entries that are not short decimals, by index."""
        return {w: c.odd for w, c in self.columns.items()}

    def run(self, cancelled: Callable[[], bool] | None = None) -> Result:
        """Compare the captured entries, exactly as typed (core.entries). Raises
        core.Cancelled when ``cancelled`` returns True part-way (see compare)."""
        sums = _sum(self.p), _sum(self.q)
        columns = self.columns["P"], self.columns["Q"]
        try:
            c = compare_typed(*columns, self.unit, normalize=self.normalize,
                              smoothing=self.smoothing, cancelled=cancelled, given_sums=sums)
        except DistributionError as e:
            return Result(None, e, *sums)
        raw = None
        if self.smoothing is not None:
            try:
                raw = compare_typed(*columns, self.unit, normalize=self.normalize,
                                    cancelled=cancelled, given_sums=sums)
            except DistributionError:
                pass  # the panel says there is no value without smoothing
        return Result(c, None, *sums, unsmoothed=raw)


@dataclass(frozen=True)
class Snapshot:
    """Everything a session file keeps: the outcomes, the entries as typed, and the
    settings."""

    labels: tuple[str, ...]
    p: tuple[str, ...]
    q: tuple[str, ...]
    name: str = "Untitled"
    unit: str = "nats"
    auto_normalize: bool = True
    digits: int = DEFAULT_DIGITS
    smoothing: Smoothing | None = None


@dataclass(frozen=True, eq=False)
class State:
    """A document's whole state, for undo (see Document.state and Document.put_back).
    Unlike a Snapshot it keeps the parsed values, so putting it back parses nothing."""

    labels: TextColumn
    p: TextColumn
    q: TextColumn
    values: dict[str, np.ndarray]
    name: str
    unit: str
    auto_normalize: bool
    digits: int
    smoothing: Smoothing | None
    places: dict[str, np.ndarray] | None = None


Listener = Callable[[Change], None]


class Document:
    """Outcome labels, P and Q entries as typed with their values, and settings."""

    def __init__(self, labels: Sequence[str] = ("heads", "tails"),
                 p: Sequence[str] = ("0.8", "0.2"), q: Sequence[str] = ("0.6", "0.4"),
                 *, name: str = "Untitled", unit: str = "nats", auto_normalize: bool = True,
                 digits: int = DEFAULT_DIGITS) -> None:
        self._before: list[Listener] = []
        self._after: list[Listener] = []
        _check_digits(digits)
        self.unit = check_unit(unit)
        self.auto_normalize = bool(auto_normalize)
        self.digits = digits
        self.smoothing: Smoothing | None = None
        self.revision = 0
        self._result: Result | None = None
        self._result_revision = -1
        #: The last columns handed to a job, reused while their entries stand.
        self._columns: dict[str, TypedColumn] = {}
        self._set_all(*_checked_columns(labels, p, q), name)

    # -- reading -------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.labels)

    def texts(self, which: str) -> TextColumn:
        """The entries of P or Q exactly as typed (a sequence of str; do not modify)."""
        return self._texts[_check_which(which)]

    def values(self, which: str) -> np.ndarray:
        """The entries of P or Q as numbers (read-only; an edit replaces the array)."""
        return self._values[_check_which(which)]

    def snapshot(self) -> Snapshot:
        """The whole state, to save or to restore later."""
        return Snapshot(tuple(self.labels), tuple(self._texts["P"]), tuple(self._texts["Q"]),
                        self.name, self.unit, self.auto_normalize, self.digits, self.smoothing)

    def state(self) -> State:
        """Everything, cheaply copied (the value arrays are shared: edits replace them),
        to be put back later with :meth:`put_back` (undo)."""
        return State(self.labels.copy(), self._texts["P"].copy(), self._texts["Q"].copy(),
                     dict(self._values), self.name, self.unit, self.auto_normalize,
                     self.digits, self.smoothing, dict(self._places))

    def result(self) -> Result:
        """The comparison of the current entries, computed once per revision."""
        known = self.known_result()
        if known is None:
            job = self.job()
            known = job.run()
            self.accept(job, known)
        return known

    def known_result(self) -> Result | None:
        """The current revision's result if it has been computed, else None."""
        return self._result if self._result_revision == self.revision else None

    def job(self) -> ResultJob:
        """What computing the current result takes, to run elsewhere (another thread)
        and hand back with :meth:`accept`."""
        columns = {}
        for w in DISTRIBUTIONS:
            known = self._columns.get(w)
            if known is None or not (known.values is self._values[w]
                                     and known.places is self._places[w]):
                odd = {i: self._texts[w][i]
                       for i in np.flatnonzero(self._places[w] == ODD).tolist()}
                known = TypedColumn(self._values[w], self._places[w], odd, w)
            columns[w] = known
        self._columns = columns
        return ResultJob(self.revision, self._values["P"], self._values["Q"], self.unit,
                         self.auto_normalize, self.smoothing, columns)

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

    # -- editing -------------------------------------------------------------------
    def set_entry(self, which: str, row: int, text: str) -> None:
        """Set one entry from what was typed.

        Raises WeightParseError (and changes nothing) when the text is not a weight.
        """
        which = _check_which(which)
        self._check_row(row)
        value = parse_weight(text)
        if self._texts[which][row] == text:
            return
        self._apply(Change("entries", row, row, which), lambda: self._put(which, row, text, value))

    def set_label(self, row: int, text: str) -> None:
        self._check_row(row)
        text = text.strip()
        if self.labels[row] == text:
            return
        self._apply(Change("labels", row, row), lambda: self.labels.__setitem__(row, text),
                    same_result=True)

    def insert_outcomes(self, row: int, count: int = 1) -> None:
        """Insert ``count`` outcomes before ``row`` (``row == n`` appends). New outcomes
        have weight 0 in both P and Q, so no figure changes until they are filled in."""
        if not 0 <= row <= self.n or count < 1:
            raise IndexError(f"cannot insert {count} outcome(s) at row {row}")
        self.insert_rows(row, self._fresh_labels(count), ["0"] * count, ["0"] * count)

    def insert_rows(self, row: int, labels: Sequence[str], p: Sequence[str],
                    q: Sequence[str]) -> None:
        """Insert outcomes with these labels and entries before ``row``. Raises
        WeightParseError or ValueError (changing nothing) when an entry is not usable."""
        if not 0 <= row <= self.n:
            raise IndexError(f"cannot insert outcomes at row {row}")
        labels, p, q, values = _checked_columns(labels, p, q)

        def do() -> None:
            self.labels.insert_rows(row, labels)
            for w, texts in (("P", p), ("Q", q)):
                self._texts[w].insert_rows(row, texts)
                self._values[w] = _frozen(np.insert(self._values[w], row, values[w]))
                self._places[w] = np.insert(self._places[w], row, decimal_places_many(texts))
        self._apply(Change("insert", row, row + len(labels) - 1), do)

    def remove_outcomes(self, first: int, count: int = 1) -> None:
        """Remove outcomes ``first .. first + count - 1``; at least one must remain."""
        if count < 1 or first < 0 or first + count > self.n:
            raise IndexError(f"no outcomes {first + 1}..{first + count} to remove")
        if count >= self.n:
            raise ValueError("At least one outcome must remain.")
        end = first + count

        def do() -> None:
            self.labels.delete_rows(first, end)
            for w in DISTRIBUTIONS:
                self._texts[w].delete_rows(first, end)
                self._values[w] = _frozen(np.delete(self._values[w], np.s_[first:end]))
                self._places[w] = np.delete(self._places[w], np.s_[first:end])
        self._apply(Change("remove", first, end - 1), do)

    def move_outcome(self, row: int, dest: int) -> None:
        """Move outcome ``row`` so that it ends up at index ``dest``."""
        self._check_row(row)
        self._check_row(dest)
        if row == dest:
            return
        qt_dest = dest + 1 if dest > row else dest  # "before which row", as Qt counts

        def do() -> None:
            self.labels.move_row(row, dest)
            for w in DISTRIBUTIONS:
                self._texts[w].move_row(row, dest)
                for column in (self._values, self._places):
                    v = column[w]
                    column[w] = _frozen(np.insert(np.delete(v, row), dest, v[row]))
        self._apply(Change("move", row, row, dest=qt_dest), do)

    def normalize_entries(self) -> None:
        """Rewrite every entry as its exact probability (counts 1, 1, 2 become 0.25,
        0.25, 0.5), so the figures do not change. Distributions that sum to 0 are
        left alone."""
        new = {}
        for w in DISTRIBUTIONS:
            exact = [parse_exact(t) for t in self._texts[w]]
            total = sum(exact, Fraction(0))
            if total == 0:
                continue
            new[w] = [probability_text(x / total) for x in exact]
        if not new:
            return

        def do() -> None:
            for w, texts in new.items():
                self._texts[w] = TextColumn(texts)
                self._values[w] = _frozen(_parsed(texts, w))
                self._places[w] = decimal_places_many(texts)
        which = next(iter(new)) if len(new) == 1 else None
        self._apply(Change("entries", 0, self.n - 1, which), do)

    def load(self, labels: Sequence[str], p: Sequence[str], q: Sequence[str],
             *, name: str = "Untitled") -> None:
        """Replace all outcomes and entries (settings stay). Raises WeightParseError or
        ValueError, naming the row, and changes nothing, when the data are not usable."""
        checked = _checked_columns(labels, p, q)
        self._apply(Change("reset"), lambda: self._set_all(*checked, name))

    def load_distribution(self, which: str, labels: Sequence[str],
                          texts: Sequence[str]) -> tuple[int, int, int]:
        """Set P or Q from one distribution's (unique) labels and entries, matched to the
        outcomes by label: outcomes it does not name get 0, its new labels are added
        with 0 in the other distribution. When no label matches, its outcomes replace the
        table (the other distribution is then 0 everywhere, to be loaded next).

        Returns how many outcomes were matched, added, and set to 0. Raises ValueError
        (changing nothing) for bad entries or repeated labels, in the file or among the
        table's outcomes that the file names (which of them would get the weight?).
        """
        which = _check_which(which)
        other = "Q" if which == "P" else "P"
        new_labels, new_texts = [str(x).strip() for x in labels], [str(t) for t in texts]
        if len(new_labels) != len(new_texts):
            raise ValueError(f"{len(new_labels)} labels but {len(new_texts)} {which} entries")
        if len(set(new_labels)) != len(new_labels):
            raise ValueError(f"the labels for {which} repeat; merge them first")
        given = dict(zip(new_labels, new_texts))
        if not given.keys() & set(self.labels):
            columns = {which: new_texts, other: ["0"] * len(new_labels)}
            self.load(new_labels, columns["P"], columns["Q"], name=self.name)
            return 0, len(new_labels), 0
        out_labels = list(self.labels)
        rows: dict[str, list[int]] = {}
        for i, label in enumerate(out_labels):
            if label in given:
                rows.setdefault(label, []).append(i)
        for label, at in rows.items():
            if len(at) > 1:  # which row would get the weight? Refuse, naming them
                shown = [str(i + 1) for i in at[:5]] + (["…"] if len(at) > 5 else [])
                raise ValueError(f"the table has the label {label!r} on rows "
                                 f"{', '.join(shown[:-1])} and {shown[-1]}; rename them so "
                                 "each label is used once, then load again")
        mine = [given.get(label, "0") for label in out_labels]
        theirs = list(self._texts[other])
        known = set(out_labels)
        added = [label for label in new_labels if label not in known]
        out_labels += added
        mine += [given[label] for label in added]
        theirs += ["0"] * len(added)
        matched = len(given) - len(added)
        columns = {which: mine, other: theirs}
        self.load(out_labels, columns["P"], columns["Q"], name=self.name)
        return matched, len(added), self.n - len(added) - matched

    def restore(self, snapshot: Snapshot) -> None:
        """Replace everything, settings included, with a saved state. Raises ValueError
        (naming the row or the setting) and changes nothing when it is not usable."""
        checked = _checked_columns(snapshot.labels, snapshot.p, snapshot.q)
        unit = check_unit(snapshot.unit)
        _check_digits(snapshot.digits)
        if snapshot.smoothing is not None and not isinstance(snapshot.smoothing, Smoothing):
            raise ValueError("smoothing must be a Smoothing or None")

        def do() -> None:
            self._set_all(*checked, snapshot.name)
            self.unit, self.auto_normalize = unit, bool(snapshot.auto_normalize)
            self.digits, self.smoothing = int(snapshot.digits), snapshot.smoothing
        self._apply(Change("reset"), do)

    def paste(self, row: int, field: int, block: Sequence[Sequence[str]]) -> None:
        """Write a block of texts with its top-left cell at ``row`` and ``FIELDS[field]``,
        adding outcomes at the end when the block reaches past the last row.

        Raises WeightParseError or ValueError naming the block's line and column, and
        changes nothing, when any text in it is not usable.
        """
        self._check_row(row)
        rows = [list(r) for r in block]
        width = max((len(r) for r in rows), default=0)
        if not rows or width == 0:
            raise ValueError("There is nothing to paste.")
        if field + width > len(FIELDS):
            raise ValueError(
                f"The block is {width} columns wide, but from {_field_name(field)} on there "
                f"{'is' if field == 2 else 'are'} only {len(FIELDS) - field}: "
                f"{', '.join(_field_name(f) for f in range(field, len(FIELDS)))}.")
        cells = [(row + i, field + j, text) for i, r in enumerate(rows) for j, text in enumerate(r)]
        try:
            checked = self._checked_cells(cells)
        except WeightParseError as e:
            i, f = cells[e.index][0] - row, cells[e.index][1]
            raise WeightParseError(f"Line {i + 1} of the block, {FIELDS[f]}: {e}",
                                   text=e.text, problem=e.problem, index=i) from None
        extra = row + len(rows) - self.n
        if extra > 0:
            self.insert_outcomes(self.n, extra)
        self._write_cells(checked)

    def set_cells(self, cells: Sequence[tuple[int, int, str]]) -> None:
        """Set several cells at once: ``(row, field, text)`` with ``FIELDS[field]``. Raises
        WeightParseError (naming the outcome) or IndexError, and changes nothing, when
        any of them is not usable."""
        for row, field, _ in cells:
            self._check_row(row)
            if not 0 <= field < len(FIELDS):
                raise IndexError(f"there is no field {field}")
        try:
            checked = self._checked_cells(cells)
        except WeightParseError as e:
            row, field = cells[e.index][:2]
            raise WeightParseError(f"{FIELDS[field]}, outcome {row + 1}: {e}", text=e.text,
                                   problem=e.problem, index=e.index) from None
        self._write_cells(checked)

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

        def do() -> None:
            for w in DISTRIBUTIONS:
                self._values[w] = self._values[w].copy()
                self._places[w] = self._places[w].copy()
            for row, field, text, value in cells:
                if field == 0:
                    self.labels[row] = text
                else:
                    self._texts[FIELDS[field]][row] = text
                    self._values[FIELDS[field]][row] = value
                    self._places[FIELDS[field]][row] = decimal_places(text)
            for w in DISTRIBUTIONS:
                _frozen(self._values[w])
        rows = [c[0] for c in cells]
        self._apply(Change("rows", min(rows), max(rows)), do)

    def put_back(self, state: State) -> None:
        """Make the document exactly as it was when ``state`` was taken (undo)."""
        same_rows = len(state.labels) == self.n

        def do() -> None:
            self.labels = state.labels.copy()
            self._texts = {"P": state.p.copy(), "Q": state.q.copy()}
            self._values = dict(state.values)
            self._places = (dict(state.places) if state.places is not None else
                            {w: decimal_places_many(self._texts[w]) for w in DISTRIBUTIONS})
            self.name = state.name
            self.unit, self.auto_normalize = state.unit, state.auto_normalize
            self.digits, self.smoothing = state.digits, state.smoothing
        # Same rows: the views keep their place; otherwise they start again.
        self._apply(Change("rows", 0, self.n - 1) if same_rows else Change("reset"), do)
        if same_rows:
            self._apply(Change("settings"), lambda: None)

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
        _check_digits(digits)
        if digits != self.digits:
            self._apply(Change("settings"), lambda: setattr(self, "digits", int(digits)),
                        same_result=True)

    # -- internals -----------------------------------------------------------------
    def _apply(self, change: Change, do: Callable[[], None], same_result: bool = False) -> None:
        """Make a change and tell the listeners. ``same_result``: the change cannot
        alter the comparison (a label, the digits shown), so a known result stays."""
        for listener in self._before:
            listener(change)
        kept = same_result and self.known_result() is not None
        do()
        self.revision += 1
        if kept:
            self._result_revision = self.revision
        for listener in self._after:
            listener(change)

    def _set_all(self, labels: list[str], p: list[str], q: list[str],
                 values: dict[str, np.ndarray], name: str) -> None:
        self.name = name
        #: The outcome labels (a sequence of str; change them through the methods).
        self.labels = TextColumn(labels)
        self._texts = {"P": TextColumn(p), "Q": TextColumn(q)}
        self._values = {w: _frozen(values[w]) for w in DISTRIBUTIONS}
        #: Decimal places of each entry (core.entries), for the exact weights.
        self._places = {"P": decimal_places_many(p), "Q": decimal_places_many(q)}

    def _put(self, which: str, row: int, text: str, value: float) -> None:
        self._texts[which][row] = text
        # A fresh array, never an edit in place: a result job on another thread may
        # still be reading the old one (copying 1e6 values takes about a millisecond).
        v = self._values[which].copy()
        v[row] = value
        self._values[which] = _frozen(v)
        places = self._places[which].copy()
        places[row] = decimal_places(text)
        self._places[which] = places

    def _check_row(self, row: int) -> None:
        if not 0 <= row < self.n:
            raise IndexError(f"there is no outcome {row + 1} (the table has {self.n})")

    def _fresh_labels(self, count: int) -> list[str]:
        taken = set(self.labels)
        out, k = [], self.n
        while len(out) < count:
            k += 1
            label = f"outcome {k}"
            if label not in taken:
                out.append(label)
        return out


def _check_digits(digits: int) -> None:
    lo, hi = DIGITS_RANGE
    if not (isinstance(digits, int) and lo <= digits <= hi):
        raise ValueError(f"digits must be a whole number between {lo} and {hi}, not {digits!r}")


def _field_name(field: int) -> str:
    return "the label" if field == 0 else FIELDS[field]


def _check_which(which: str) -> str:
    if which not in DISTRIBUTIONS:
        raise ValueError(f"which must be 'P' or 'Q', not {which!r}")
    return which


def _checked_columns(labels, p, q) -> tuple[list[str], list[str], list[str], dict]:
    """Labels, entries and their values, or an error naming the first bad entry."""
    labels, p, q = [str(x).strip() for x in labels], [str(t) for t in p], [str(t) for t in q]
    if not labels:
        raise ValueError("There are no outcomes; give at least one.")
    if not len(labels) == len(p) == len(q):
        raise ValueError(f"{len(labels)} labels, {len(p)} P entries and {len(q)} Q entries: "
                         "every outcome needs a label and both entries.")
    return labels, p, q, {"P": _parsed(p, "P"), "Q": _parsed(q, "Q")}


def _parsed(texts: list[str], which: str) -> np.ndarray:
    try:
        return parse_weights(texts)
    except WeightParseError as e:
        raise WeightParseError(f"{which}, outcome {e.index + 1}: {e}", text=e.text,
                               problem=e.problem, index=e.index) from None


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _sum(x: np.ndarray) -> float:
    """The sum of entries' values; inf when an entry is beyond the double range (1e400),
    where dd_sum says NaN."""
    total = rounded(dd_sum(x))
    return math.inf if math.isnan(total) else total
