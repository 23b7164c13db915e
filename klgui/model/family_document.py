"""The part of the Document that fills columns from a family or from logits
(model.family_columns): setting, filling with new outcomes, detaching, following the
outcomes when they change, and refusing typed edits. A mixin, so document.py stays
about columns of entries; it uses the Document's ``_columns``, ``labels``, ``_apply``,
``_col``, ``column_id``, ``name_of``, ``n``, ``_reference`` and ``_checked_columns``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from klgui.core.families import Outcomes, outcome_values
from klgui.core.numerics.entries import decimal_places_many
from klgui.model import family_columns as fc
from klgui.model.family_columns import AttachedColumnError, FamilyFigures, Source
from klgui.model.matching import replaced_outcomes
from klgui.model.snapshot import MODEL, REFERENCE, Change, DistributionSpec
from klgui.model.text_column import TextColumn

__all__ = ["FamilyDocument"]

Which = int | str


class FamilyDocument:
    """Family and logits columns of a Document (mixed into it)."""

    def _init_families(self) -> None:
        self._family_figures: tuple[int, FamilyFigures] = (-1, FamilyFigures())
        #: The labels read as the families read them, once per version of the labels.
        self._labels_version = 0
        self._outcomes: tuple[int, Outcomes | None] = (-1, None)

    def family_of(self, which: Which) -> Source | None:
        """The family or Softmax a column is filled from; None for typed entries."""
        return self._col(which).source

    def family_figures(self) -> FamilyFigures:
        """The closed forms (reference and focus model of one family) or the
        distillation figures (both logits) of the current revision, computed once."""
        revision, known = self._family_figures
        if revision != self.revision:
            known = fc.family_figures(self.family_of(self._reference),
                                       self.family_of(self._focus), self.n)
            self._family_figures = (self.revision, known)
        return known

    def set_family(self, which: Which, family: Source) -> None:
        """Fill a column from a family or logits placed on the current outcomes; it
        then follows its outcomes (a renamed, added or removed outcome places it again)
        and refuses typed edits (AttachedColumnError) until :meth:`detach`. Raises
        DistributionError (changing nothing) when the family cannot be placed here."""
        self.fill_from_families({which: family}, False)

    def fill_from_family(self, which: Which, family: Source, create_outcomes: bool) -> None:
        """:meth:`set_family`, or with ``create_outcomes`` first replace the outcomes by
        the ones the family needs (model.family_columns.support_labels): the other
        columns keep the entries of the labels they share with it (0 for the new ones),
        and those filled from a family are placed again. Raises DistributionError
        (changing nothing) when a family cannot be placed."""
        self.fill_from_families({which: family}, create_outcomes)

    def fill_from_families(self, families: Mapping[Which, Source],
                           create_outcomes: bool) -> None:
        """:meth:`fill_from_family` for several columns at once ({column: family}); with
        ``create_outcomes`` the outcomes are those of the first family (two Poisson
        columns moving to a new tail K together). Raises DistributionError, changing
        nothing, when a family cannot be placed."""
        planned = self._fill_plan(families, create_outcomes)
        if planned is not None:
            self._apply(*planned)

    def fill_refusal(self, which: Which, family: Source, create_outcomes: bool) -> str:
        """Why :meth:`fill_from_family` would refuse these arguments ("" when it would
        not), without changing anything: what a dialog asks before it offers OK."""
        try:
            self._fill_plan({which: family}, create_outcomes)
        except ValueError as e:  # DistributionError or a bad entry, as the fill raises
            return str(e)
        return ""

    def replacement_said(self, which: Which, family: Source,
                         shown: Callable[[str], str] = str) -> str:
        """What :meth:`fill_from_family` with ``create_outcomes`` would do to the entries
        of the other columns of typed entries (model.matching.Replaced.said, each entry
        as ``shown`` writes it): which outcomes keep them under a new label, which new
        ones get 0, which entries are dropped; "" when nothing of that. Say it before
        the fill: the labels are the table's."""
        replaced, typed = self._replacement(which, family)
        return replaced.said(typed, shown)

    def replacement_drops(self, which: Which, family: Source) -> bool:
        """Whether :meth:`fill_from_family` with ``create_outcomes`` would drop an
        entry that holds weight (what :meth:`replacement_said` says is dropped)."""
        replaced, typed = self._replacement(which, family)
        return replaced.drops(typed)

    def _replacement(self, which: Which, family: Source):
        """The outcomes replaced by ``family``'s, and the (name, texts) of the other
        columns of typed entries."""
        replaced = replaced_outcomes(self._current_outcomes(),
                                     fc.support_labels(family, self.n))
        target = self.column_id(which)
        return replaced, [(c.name, c.texts) for c in self._columns
                          if c.source is None and c.id != target]

    def _fill_plan(self, families: Mapping[Which, Source], create_outcomes: bool):
        """(Change, do) for :meth:`fill_from_families`, every check made, or None when
        nothing would change. Raises as it does."""
        given = {self.column_id(w): f for w, f in families.items()}
        if not create_outcomes:
            placed = {w: fc.filled(f, self._current_outcomes(), self.name_of(w))
                      for w, f in given.items() if f != self.family_of(w)}
            if not placed:
                return None

            def fill() -> None:
                for c in self._columns:
                    if c.id in placed:
                        c.fill(*placed[c.id], given[c.id])
            which = next(iter(placed)) if len(placed) == 1 else None
            return Change("entries", 0, self.n - 1, which), fill
        labels = fc.support_labels(next(iter(given.values())), self.n)
        replaced = replaced_outcomes(self._current_outcomes(), labels)
        specs = []
        for c in self._columns:
            role = REFERENCE if c.id == self._reference else MODEL
            source = given.get(c.id, c.source)
            if source is not None:
                if c.id not in given:  # already a family: it must follow the new outcomes
                    fc.check_follows(c.name, source, labels)
                specs.append(DistributionSpec(c.name, role, (), source))
                continue
            specs.append(DistributionSpec(c.name, role, replaced.kept(c.texts)))
        labels, columns = self._checked_columns(labels, specs)

        def do() -> None:  # the columns keep their ids: steps recorded before find them
            self.labels = TextColumn(labels)
            for c, spec, column in zip(self._columns, specs, columns):
                if spec.source is not None:  # (texts, values, places) placed
                    c.fill(*column, spec.source)
                else:  # the entries read (ParsedTexts)
                    c.fill(column, column.values, column.places, None)
        return Change("reset"), do

    def detach(self, which: Which) -> None:
        """Make a column filled from a family plain entries: its probabilities, as
        texts, become entries as typed (the figures stay)."""
        c = self._col(which)
        if c.source is None:
            return
        places = decimal_places_many(list(c.texts))  # now they are read as typed

        def do() -> None:
            c.source, c.places = None, places
        self._apply(Change("entries", 0, self.n - 1, c.id), do)

    def _current_outcomes(self) -> Outcomes:
        """The labels as the families read them (core.families.outcome_values), read
        once while they stand (a slider's every step places a family on them)."""
        version, known = self._outcomes
        if version != self._labels_version or known is None:
            known = outcome_values(self.labels)
            self._outcomes = (self._labels_version, known)
        return known

    def _check_typed(self, c) -> None:
        if c.source is not None:
            raise AttachedColumnError(c.id, c.name, c.source)

    def _refilled(self, change_labels: Callable[[list[str]], None],
                  softmax: Callable[[fc.Softmax], fc.Softmax] | None = None) -> dict:
        """The columns filled from a family, placed on the labels as ``change_labels``
        leaves them (logits changed by ``softmax``): {id: (texts, values, places,
        source)}. Raises DistributionError naming the column that cannot follow."""
        sourced = [c for c in self._columns if c.source is not None]
        if not sourced:
            return {}
        labels = list(self.labels)
        change_labels(labels)
        outcomes, were = outcome_values(labels), self._current_outcomes()
        out = {}
        for c in sourced:
            source = c.source
            if isinstance(source, fc.Softmax) and softmax is not None:
                source = softmax(source)
            moved = fc.moved_outcome(were, outcomes) if fc.reads_values(source) else None
            if moved is not None:  # read by position, an outcome would get another count
                raise fc.not_numbers(c.name, source, outcomes, moved)
            out[c.id] = (*fc.filled(source, outcomes, c.name), source)
        return out

    def _put_refilled(self, refilled: dict) -> None:
        for c in self._columns:
            if c.id in refilled:
                c.fill(*refilled[c.id])

    def _tell_refilled(self, refilled: dict) -> None:
        """After a change of rows: the columns that followed changed in every row."""
        if refilled:
            self._apply(Change("entries", 0, self.n - 1), lambda: None)
