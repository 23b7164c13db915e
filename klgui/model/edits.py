"""Every change a person makes to a document, as a step that can be undone and redone.

Qt-free. :class:`Edits` makes a change on the document first (so a refused change
raises and records nothing), then hands a :class:`Step` to ``record``: the window's
undo stack, or a list in tests. A step's ``undo`` puts back exactly what was there
(entries as typed, labels, settings); its ``redo`` makes the change again. Steps are
only ever undone and redone in stack order, so each finds the document as it left it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import TypeVar

from klgui.core import DistributionError, Smoothing
from klgui.core.families import Family, Softmax, family_from_dict
from klgui.core.numerics.reweight import reweighted
from klgui.core.teaching.explain import outcome_name
from klgui.model.bayes_edits import BayesEdits
from klgui.model.document import Document
from klgui.model.step import Step

__all__ = ["Step", "Edits"]

T = TypeVar("T")


class Edits(BayesEdits):
    """The one way the window changes a document: each method changes it and records
    the step, or raises (ValueError, IndexError) and records nothing. The Bayes lab's
    actions are model.bayes_edits'."""

    def __init__(self, document: Document, record: Callable[[Step], None]) -> None:
        self.document = document
        self._record = record

    # -- cells -----------------------------------------------------------------------
    def set_entry(self, which: int | str, row: int, text: str,
                  session: Hashable = None) -> None:
        """Set an entry as typed (``which``: a column id, or "P"/"Q" for the reference
        and the focus model). Edits in one editing ``session`` (one open cell editor)
        merge into one step, which refers to the column by id: adding or removing other
        columns later does not move it."""
        doc = self.document
        which = doc.column_id(which)
        old = doc.texts(which)[row] if 0 <= row < doc.n else None
        doc.set_entry(which, row, text)
        if old == text:
            return
        self._record(Step(
            f"Set {doc.name_of(which)} of {outcome_name(row, doc.labels)} to {text.strip()}",
            redo=lambda: doc.set_entry(which, row, text),
            undo=lambda: doc.set_entry(which, row, old),
            focus=(row, doc.field_of(which)),
            merge_key=None if session is None else ("entry", which, row, session),
            before=old, after=text))

    def set_label(self, row: int, text: str) -> None:
        doc = self.document
        old = doc.labels[row] if 0 <= row < doc.n else None
        doc.set_label(row, text)
        new = doc.labels[row]
        if old == new:
            return
        self._record(Step(f"Rename {outcome_name(0, [old]) if old else f'outcome {row + 1}'} "
                          f"to '{new}'",
                          redo=lambda: doc.set_label(row, new),
                          undo=lambda: doc.set_label(row, old), focus=(row, 0)))

    def paste(self, row: int, field: int, block: Sequence[Sequence[str]],
              lines: Sequence[int] = (), fields: Sequence[int] | None = None) -> None:
        """Paste a block (see Document.paste, and its ``lines`` for messages, ``fields``
        for a block whose columns go where its header names them), rows added at the
        end included; one undo step."""
        doc = self.document
        n0, block = doc.n, [list(r) for r in block]
        at = list(fields) if fields is not None else None
        width = max((len(r) for r in block), default=0)
        targets = at[:width] if at is not None else range(field, field + width)
        old = [(row + i, f, self._cell(row + i, f))
               for i, r in enumerate(block) if 0 <= row + i < n0
               for f in targets[:len(r)] if 0 <= f < doc.field_count]
        doc.paste(row, field, block, lines, at)
        added = doc.n - n0

        def undo() -> None:
            if added:
                doc.remove_outcomes(n0, added)
            doc.set_cells(old)
        cells = sum(len(r) for r in block)
        self._record(Step(f"Paste {_count(cells, 'cell')}",
                          redo=lambda: doc.paste(row, field, block, (), at), undo=undo,
                          focus=(row, min(targets, default=field))))

    def clear(self, cells: Sequence[tuple[int, int]]) -> int:
        """Set the entries among ``cells`` ((row, field) pairs) to 0; labels are kept
        (an outcome needs a name). Returns how many entries changed."""
        doc = self.document
        fields = [(r, f) for r, f in cells
                  if 1 <= f < doc.field_count and self._cell(r, f) != "0"]
        if not fields:
            return 0
        old = [(r, f, self._cell(r, f)) for r, f in fields]
        new = [(r, f, "0") for r, f in fields]
        doc.set_cells(new)
        self._record(Step(f"Clear {_count(len(new), 'entry', 'entries')}",
                          redo=lambda: doc.set_cells(new), undo=lambda: doc.set_cells(old),
                          focus=fields[0]))
        return len(new)

    # -- outcomes --------------------------------------------------------------------
    def insert_outcomes(self, row: int, count: int = 1, text: str = "Insert outcome") -> None:
        doc = self.document
        doc.insert_outcomes(row, count)
        labels = doc.labels[row:row + count]
        self._record(Step(text, redo=lambda: doc.insert_rows(row, labels),
                          undo=lambda: doc.remove_outcomes(row, count), focus=(row, 0)))

    def remove_outcomes(self, runs: Sequence[tuple[int, int]]) -> None:
        """Remove runs of consecutive outcomes, given as (first, count) in ascending
        order, as one step."""
        doc = self.document
        if sum(count for _, count in runs) >= doc.n:
            raise ValueError("At least one outcome must remain.")
        if any(doc.family_of(c) is not None for c in doc.column_ids):
            # Columns filled from a family follow their outcomes (logits are removed
            # with theirs): undo puts the whole state back.
            removed = [doc.labels[first] for first, _ in runs]
            name = f"'{removed[0]}'" if sum(c for _, c in runs) == 1 else \
                _count(sum(c for _, c in runs), "outcome")

            def remove_all() -> None:
                for first, count in reversed(runs):
                    doc.remove_outcomes(first, count)
            self.replace(f"Remove {name}", remove_all)
            return
        kept = [(first, doc.labels[first:first + count],
                 {c: doc.texts(c)[first:first + count] for c in doc.column_ids})
                for first, count in runs]

        def redo() -> None:
            for first, count in reversed(runs):
                doc.remove_outcomes(first, count)

        def undo() -> None:
            for first, labels, entries in kept:
                doc.insert_rows(first, labels, entries=entries)
        redo()
        removed = [label for _, labels, _ in kept for label in labels]
        name = f"'{removed[0]}'" if len(removed) == 1 else _count(len(removed), "outcome")
        self._record(Step(f"Remove {name}", redo=redo, undo=undo, focus=(runs[0][0], None)))

    def move_outcome(self, row: int, dest: int) -> None:
        doc = self.document
        doc.move_outcome(row, dest)
        if row == dest:
            return
        where = "up" if dest < row else "down"
        self._record(Step(f"Move {outcome_name(dest, doc.labels)} {where}",
                          redo=lambda: doc.move_outcome(row, dest),
                          undo=lambda: doc.move_outcome(dest, row), focus=(dest, None),
                          undo_focus=(row, None)))

    # -- whole document --------------------------------------------------------------
    def replace(self, text: str, change: Callable[[], T]) -> T:
        """Run ``change`` (any document method, e.g. a load) as one step that undoes
        by putting the whole earlier state back; returns what ``change`` returns."""
        doc = self.document
        before, revision = doc.state(), doc.revision
        out = change()
        if doc.revision != revision:
            after = doc.state()
            self._record(Step(text, redo=lambda: doc.put_back(after),
                              undo=lambda: doc.put_back(before)))
        return out

    def load(self, labels: Sequence[str], p: Sequence[str], q: Sequence[str], *,
             name: str = "Untitled", text: str = "Load outcomes") -> None:
        """Replace every outcome (Document.load) as one step named ``text``."""
        self.replace(text, lambda: self.document.load(labels, p, q, name=name))

    def normalize_entries(self) -> None:
        self.replace("Normalize entries", self.document.normalize_entries)

    def set_column(self, which: int | str, texts: Sequence[str], text: str,
                   gesture: Hashable = None) -> None:
        """Replace a column's entries as one step named ``text``; the changes of one
        ``gesture`` (a drag, a slider) merge into one step."""
        doc = self.document
        which = doc.column_id(which)
        old, new = list(doc.texts(which)), [str(t) for t in texts]
        doc.set_column(which, new)
        if old == new:
            return
        self._record(Step(text, redo=lambda: doc.set_column(which, new),
                          undo=lambda: doc.set_column(which, old), focus=(0, None),
                          merge_key=None if gesture is None else ("column", which, gesture),
                          before=old, after=new))

    def set_probability(self, which: int | str, outcome: int, probability: float,
                        gesture: Hashable = None) -> None:
        """Give ``outcome`` of a column ``probability``, the other outcomes keeping their
        proportions (core.numerics.reweight): the entries become exact probabilities.
        The changes of one ``gesture`` (a drag) merge into one step. Raises ValueError
        (changing nothing) when the column cannot be reweighted."""
        doc = self.document
        which = doc.column_id(which)
        texts = reweighted(list(doc.texts(which)), outcome, probability)
        label = doc.labels[outcome] or f"outcome {outcome + 1}"
        self.set_column(which, texts, f"Drag {doc.name_of(which)} of {label}", gesture)

    # -- families and logits -------------------------------------------------------
    def set_family(self, which: int | str, family: Family | dict, gesture: Hashable = None,
                   text: str | None = None, create_outcomes: bool = False) -> None:
        """Fill a column from a family or logits (Document.set_family, or with
        ``create_outcomes`` Document.fill_from_family; ``family`` may be a session's
        family object, as the sliders send it) as one step; the changes of one
        ``gesture`` (a slider's drag) merge into one step. Raises DistributionError
        (changing nothing) when it cannot be placed."""
        self.set_families({which: family}, gesture, text, create_outcomes)

    def set_families(self, families: dict, gesture: Hashable = None, text: str | None = None,
                     create_outcomes: bool = False) -> None:
        """:meth:`set_family` for several columns at once ({column: family}), one step
        (one temperature for a teacher and its student; one tail K for two Poisson
        columns). If one column refuses, nothing changes."""
        doc = self.document
        new = {doc.column_id(w): _family(f) for w, f in families.items()}
        old = {w: doc.family_of(w) for w in new}
        if new == old:
            return
        before, revision = doc.state(), doc.revision
        doc.fill_from_families(new, create_outcomes)  # all or nothing
        if doc.revision == revision:
            return
        after = doc.state()
        name = " and ".join(doc.name_of(w) for w in new)
        shown = next(iter(new.values())).describe()
        self._record(Step(text or f"Set {name} to {shown}",
                          redo=lambda: doc.put_back(after), undo=lambda: doc.put_back(before),
                          merge_key=None if gesture is None
                          else ("family", tuple(new), gesture),
                          before=old, after=new))

    def move_family(self, ids: Sequence[int], family: Family, gesture: Hashable = None
                    ) -> None:
        """A family slider's step: columns ``ids`` (a teacher and its student share one
        temperature, each keeping its logits) become ``family``, one step per
        ``gesture``. When the family no longer fits the outcomes and the table holds
        exactly its own (0…n, or 0…K−1 and "≥ K"), the outcomes follow its n or K, and
        other columns folded at the old K move to the new one with it. Raises
        DistributionError (changing nothing) when neither works."""
        doc = self.document
        changes = {}
        for which in ids:
            old = doc.family_of(which)
            changes[which] = (Softmax(old.logits, family.temperature)
                              if isinstance(old, Softmax) else family)
        try:
            self.set_families(changes, gesture)
            return
        except DistributionError:
            old = doc.family_of(ids[0])
            if len(ids) != 1 or old is None or \
                    tuple(doc.labels) != tuple(old.support_labels(doc.n)):
                raise
        tail = getattr(family, "tail", None)
        if tail is not None and tail != old.tail:
            for which in doc.column_ids:
                other = doc.family_of(which)
                if which not in changes and getattr(other, "tail", None) == old.tail:
                    changes[which] = replace(other, tail=tail)
        self.set_families(changes, gesture, create_outcomes=True)

    def fill_from_family(self, which: int | str, family: Family | dict,
                         create_outcomes: bool = False) -> None:
        """Document.fill_from_family as one step."""
        doc = self.document
        family = _family(family)
        self.replace(f"Fill {doc.name_of(which)} from {family.describe()}",
                     lambda: doc.fill_from_family(which, family, create_outcomes))

    def detach(self, which: int | str) -> None:
        """Document.detach as one step: the column becomes plain entries."""
        doc = self.document
        self.replace(f"Detach {doc.name_of(which)} into plain entries",
                     lambda: doc.detach(which))

    # -- distribution columns ----------------------------------------------------------
    # Each is one step that puts the whole state back: columns keep their ids, so steps
    # recorded before (which name columns by id) still find theirs.
    def add_model(self, name: str | None = None, entries=None, focus: bool = False) -> int:
        """Add a model column (Document.add_model) as one step; returns its id.
        ``focus``: the new model becomes the focus in the same step (so a redo brings
        the focus back with it)."""
        doc = self.document

        def change() -> int:
            which = doc.add_model(name, entries)
            if focus:
                doc.set_focus(which)
            return which
        return self.replace("Add model", change)

    def remove_column(self, which: int | str) -> None:
        doc = self.document
        name = doc.name_of(which)
        self.replace(f"Remove model “{name}”", lambda: doc.remove_column(which))

    def rename_column(self, which: int | str, name: str) -> None:
        doc = self.document
        old = doc.name_of(which)
        self.replace(f"Rename “{old}” to “{name.strip()}”",
                     lambda: doc.rename_column(which, name))

    def move_column(self, which: int | str, place: int) -> None:
        doc = self.document
        self.replace(f"Move “{doc.name_of(which)}”", lambda: doc.move_column(which, place))

    def make_reference(self, which: int | str) -> None:
        doc = self.document
        self.replace(f"Make “{doc.name_of(which)}” the reference",
                     lambda: doc.make_reference(which))

    # -- settings --------------------------------------------------------------------
    def set_unit(self, unit: str) -> None:
        doc, old = self.document, self.document.unit
        doc.set_unit(unit)
        if doc.unit != old:
            new = doc.unit
            self._record(Step(f"Show figures in {new}", redo=lambda: doc.set_unit(new),
                              undo=lambda: doc.set_unit(old)))

    def set_auto_normalize(self, on: bool) -> None:
        doc, old = self.document, self.document.auto_normalize
        doc.set_auto_normalize(on)
        if doc.auto_normalize != old:
            new = doc.auto_normalize
            self._record(Step(f"Turn auto-normalize {'on' if new else 'off'}",
                              redo=lambda: doc.set_auto_normalize(new),
                              undo=lambda: doc.set_auto_normalize(old)))

    def set_digits(self, digits: int) -> None:
        doc, old = self.document, self.document.digits
        doc.set_digits(digits)
        if doc.digits != old:
            self._record(Step(f"Show {digits} significant digits",
                              redo=lambda: doc.set_digits(digits),
                              undo=lambda: doc.set_digits(old),
                              merge_key=("digits",), before=old, after=digits))

    def set_smoothing(self, smoothing: Smoothing | None, session: int | None = None) -> None:
        """Smooth the focus pair (None: off). The changes of one typing ``session`` of
        the amount are one undo step (typed back to the start: none); without one,
        consecutive changes merge as before."""
        doc, old = self.document, self.document.smoothing
        doc.set_smoothing(smoothing)
        if smoothing != old:
            text = "Turn smoothing off" if smoothing is None else \
                f"Smooth: {smoothing.describe()}"
            self._record(Step(text, redo=lambda: doc.set_smoothing(smoothing),
                              undo=lambda: doc.set_smoothing(old),
                              merge_key=("smoothing", session), before=old,
                              after=smoothing))

    # -- helpers ---------------------------------------------------------------------
    def _cell(self, row: int, field: int) -> str:
        doc = self.document
        return doc.labels[row] if field == 0 else doc.texts(doc.which_of(field))[row]


def _family(family: Family | dict) -> Family:
    """A Family from a Family or a session's family object (a logits column's too)."""
    if isinstance(family, Family):
        return family
    if isinstance(family, dict) and "logits" in family:
        return Softmax.from_dict(family)
    return family_from_dict(family)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
