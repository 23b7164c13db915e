"""The plan of an import: which column of a delimited file is the label, the reference
and each model (:mod:`klgui.io.column_roles` decides it; :mod:`klgui.io.exported_table`
for our own exported table), and what reading it gives. Plain data, no file access."""

from __future__ import annotations

from dataclasses import dataclass

from klgui.io.csv_import import Columns

__all__ = ["REFERENCE", "MODEL", "IGNORE", "SURE", "ASK_COLUMNS", "ASK_ROLES", "ONE",
           "PlannedColumn", "ImportPlan", "Imported"]

REFERENCE, MODEL, IGNORE = "reference", "model", "ignore"
#: What the plan cannot tell by itself: nothing, P and Q among two weight columns (the
#: column dialog), a role for each of three or more weight columns (the roles dialog),
#: or where one distribution goes.
SURE, ASK_COLUMNS, ASK_ROLES, ONE = "", "columns", "roles", "one"


@dataclass(frozen=True)
class PlannedColumn:
    """One weight column to read: its 0-based index in the file, and its name (None:
    the role's usual name, the document's reference or focus model name)."""

    index: int
    name: str | None = None


@dataclass(frozen=True)
class ImportPlan:
    """The roles of a file's columns.

    Attributes
    ----------
    label : int or None
        The label column (None: number the outcomes).
    reference : PlannedColumn or None
        The reference (P); for a file of one distribution, its weights.
    models : tuple of PlannedColumn
        The models in the file's order; empty for one distribution.
    ask : str
        ``""`` when the file says plainly what is what; ``"columns"`` (which two of
        two weight columns are P and Q), ``"roles"`` (a role for each of three or more),
        ``"one"`` (one distribution: into which column?).
    focus : str or None
        The name of the model to focus (None: the first).
    reference_place : int
        Where the reference goes among the distributions read (0: first, before the
        models); our exported table says so in its ``reference_position`` column.
    focus_column : int or None
        The 0-based column of the model the file itself focuses (our exported table's
        ``q_weight``), which ``focus`` None, or the alias "Q", means; None: the first
        model.
    notes : tuple of str
        What the plan could not use, worth telling (the window's status bar, the
        command line's stderr): positions that no longer fit the columns.
    """

    label: int | None
    reference: PlannedColumn | None
    models: tuple[PlannedColumn, ...] = ()
    ask: str = SURE
    focus: str | None = None
    reference_place: int = 0
    focus_column: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def sure(self) -> bool:
        return self.ask == SURE

    @property
    def columns(self) -> Columns:
        """The label, reference and first model as the P/Q column dialog shows them."""
        return Columns(self.label, self.reference.index if self.reference else None,
                       self.models[0].index if self.models else None)

    @property
    def weight_indices(self) -> list[int]:
        return [c.index for c in ((self.reference,) if self.reference else ()) + self.models]


@dataclass(frozen=True)
class Imported:
    """What a plan reads: labels, then each distribution as (name, role, entries) in
    the order the columns go in the window (the plan's: the reference first unless the
    file places it elsewhere), and the name of the focus model."""

    labels: list[str]
    distributions: list[tuple[str, str, list[str]]]
    focus: str

    @property
    def p(self) -> list[str]:
        return next(d[2] for d in self.distributions if d[1] == REFERENCE)

    @property
    def q(self) -> list[str]:
        return next(d[2] for d in self.distributions if d[0] == self.focus)
