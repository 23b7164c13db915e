"""The part of the Document that replaces or takes its whole state: loading outcomes and
columns (from a file, a preset, one distribution matched by label), restoring a saved
snapshot, and the cheap state that undo takes and puts back. A mixin, so document.py
stays about the state and its edits; it uses the Document's ``_columns``, ``labels``,
``n``, ``_col``, ``name_of``, ``_apply``, ``_next_id``, ``_reference``, ``_focus``,
``_typed`` and its settings (``name``, ``unit``, ``auto_normalize``, ``digits``,
``smoothing``).
"""

from __future__ import annotations

from collections.abc import Sequence

from klgui.core import Smoothing
from klgui.core.parsing import ParsedTexts
from klgui.core.units import check_unit
from klgui.model.bayes_work import BayesWork
from klgui.model.columns import (Column, State, check_digits, checked_columns, checked_focus,
                                 checked_specs, packed, pair_specs)
from klgui.model.matching import match_by_label
from klgui.model.snapshot import MODEL, REFERENCE, Change, DistributionSpec, Snapshot
from klgui.model.text_column import TextColumn

__all__ = ["WholeDocument"]

Which = int | str


class WholeDocument:
    """Loading, restoring, saving and putting back a Document's whole state (mixed into
    it)."""

    def snapshot(self) -> Snapshot:
        """The whole state, to save or to restore later."""
        return self.state().snapshot()

    def state(self) -> State:
        """Everything, cheaply copied (the value arrays are shared: edits replace them),
        to be put back later with :meth:`put_back` (undo)."""
        return State(self.labels.copy(), tuple(c.copy() for c in self._columns),
                     self._reference, self._focus, self.name, self.unit, self.auto_normalize,
                     self.digits, self.smoothing, self.bayes)

    def load(self, labels: Sequence[str], p: Sequence[str], q: Sequence[str],
             *, name: str = "Untitled") -> None:
        """Replace all outcomes and entries with one reference ``p`` and one model ``q``
        (settings stay; the columns keep the current reference's and focus model's
        names). Raises WeightParseError or ValueError, naming the row, and changes
        nothing, when the data are not usable."""
        specs = pair_specs(p, q, self.name_of(self._reference), self.name_of(self._focus))
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
        focus = self.name_of(self._focus)
        self.load_columns(out_labels, specs, focus=focus, name=self.name)
        return m.matched, len(m.added), m.zeroed

    def restore(self, snapshot: Snapshot) -> None:
        """Replace everything, settings included, with a saved state; the Bayes lab's
        work is the snapshot's (None: the lab starts afresh). Raises ValueError (naming
        the row or the setting) and changes nothing when it is not usable."""
        specs = checked_specs(snapshot.distributions)
        checked = checked_columns(snapshot.labels, specs, saved=True)
        focus = checked_focus(specs, snapshot.focus)
        unit = check_unit(snapshot.unit)
        check_digits(snapshot.digits)
        if snapshot.smoothing is not None and not isinstance(snapshot.smoothing, Smoothing):
            raise ValueError("smoothing must be a Smoothing or None")
        bayes = _bayes_work(snapshot)

        def do() -> None:
            self._set_all(checked, snapshot.name, focus, specs)
            self.unit, self.auto_normalize = unit, bool(snapshot.auto_normalize)
            self.digits, self.smoothing = int(snapshot.digits), snapshot.smoothing
            self.bayes = bayes
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
            self.bayes = state.bayes
        # Same rows and columns: the views keep their place; otherwise they start again.
        self._apply(Change("rows", 0, self.n - 1) if same_shape else Change("reset"), do)
        if same_shape:
            self._apply(Change("settings"), lambda: None)

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


def _bayes_work(snapshot: Snapshot) -> BayesWork | None:
    """The Bayes lab's work a snapshot holds, checked (ValueError naming the problem)."""
    lab = snapshot.bayes
    if lab is None:
        return None
    if len(lab.likelihoods) != len(snapshot.labels):
        raise ValueError(f"The Bayes lab has {len(lab.likelihoods)} likelihoods for "
                         f"{len(snapshot.labels)} outcomes; give one per outcome.")
    if any(len(step.likelihood) != len(snapshot.labels) for step in lab.steps):
        raise ValueError("A Bayes lab observation does not have one likelihood per outcome.")
    return BayesWork.from_lab(lab)
