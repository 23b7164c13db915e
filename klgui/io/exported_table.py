"""Our own exported table read back (klgui.io.csv_export.table_rows writes it): its
columns ``outcome,p_weight,q_weight,p,q,contribution_pq,contribution_qp``, four per
further model, then ``reference_name,focus_name`` and ``reference_position,
focus_position`` when needed, as an :class:`~klgui.io.import_plan.ImportPlan`. The
derived columns (probabilities, contributions) are never distributions; a table edited
in a spreadsheet (a model's columns or some of the last four deleted, positions typed
over) still opens, with a note where the saved order cannot be used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from klgui.io.csv_export import (MODEL_SUFFIXES, NAME_COLUMNS, POSITION_COLUMNS, TABLE_HEADER,
                                 USUAL_NAMES)
from klgui.io.csv_import import CsvImportError, DelimitedTable
from klgui.io.formula_guard import unescape_cells
from klgui.io.import_plan import ImportPlan, PlannedColumn

__all__ = ["exported_plan", "with_reference", "derived_columns", "distribution_columns",
           "derived_column_text"]


def with_reference(table: DelimitedTable, ref: int) -> ImportPlan | None:
    """Our exported table's plan with the distribution whose weights are column ``ref``
    made the reference, as a session's ``--reference`` makes it
    (klgui.model.column_structure: the order kept, the old reference a model in its
    place, the focus kept unless it becomes the reference, then the old reference);
    None for another file, or a column that is not a distribution's weights."""
    plan = exported_plan(table)
    if plan is None:
        return None
    # A table of P and Q does not name them: they keep those names in their new roles.
    plan = replace(plan, reference=replace(plan.reference,
                                           name=plan.reference.name or USUAL_NAMES[0]),
                   models=tuple(replace(c, name=c.name or USUAL_NAMES[1])
                                for c in plan.models))
    order = list(plan.models)
    order.insert(plan.reference_place, plan.reference)
    at = [c.index for c in order]
    if ref not in at:
        return None
    place = at.index(ref)
    return replace(plan, reference=order[place], reference_place=place,
                   models=tuple(c for c in order if c.index != ref),
                   focus_column=plan.reference.index if ref == plan.focus_column
                   else plan.focus_column)


def derived_columns(table: DelimitedTable) -> set[int]:
    """The probability and contribution columns of our exported table."""
    plan = exported_plan(table)
    if plan is None:
        return set()
    return set(range(table.n_columns)) - {plan.label, *plan.weight_indices}


def derived_column_text(table: DelimitedTable, j: int, option: str = "name") -> str | None:
    """What column ``j`` of our exported table holds when it is derived from the
    distributions, not weights, and what to give ``option`` instead, for a message:
    ``"Model B's probability column, not weights; use --reference "Model B" (or its
    weight column, 'Model B weight')"``, ``"the column of the contributions to
    D(P‖Model B), not weights; name a distribution: P, Model A or Model B"``; None for
    a distribution's weights, the name and position columns, or another file."""
    plan = exported_plan(table)
    if plan is None or j not in derived_columns(table):
        return None
    names = {c.index: c.name or USUAL_NAMES[c.index != 1] for c in (plan.reference, *plan.models)}
    n, size = len(TABLE_HEADER), len(MODEL_SUFFIXES)
    # p_weight (1) and q_weight (2) hold the reference and the focus model; each further
    # model's four columns begin with its weights
    model, kind = (2, TABLE_HEADER[j]) if j < n else \
        (n + (j - n) // size * size, MODEL_SUFFIXES[(j - n) % size].strip())
    if model not in names:
        return None  # (the name and position columns at the end)
    if kind in ("p", "q"):
        of = 1 if kind == "p" and j < n else model
        return (f"{names[of]}'s probability column, not weights; use {option} "
                f"\"{names[of]}\" (or its weight column, {table.column_name(of)!r})")
    pair = (1, model) if kind == "contribution_pq" else (model, 1)
    *some, last = sorted(names.items())
    listed = ", ".join(name for _, name in some) + f" or {last[1]}"
    return (f"the column of the contributions to D({names[pair[0]]}‖{names[pair[1]]}), "
            f"not weights; name a distribution: {listed}")


def exported_plan(table: DelimitedTable) -> ImportPlan | None:
    """The plan of our own exported table (``outcome,p_weight,q_weight,p,q,…`` then four
    columns per further model, then ``reference_name,focus_name`` when the reference or
    the focus model is not called P or Q, then ``reference_position,focus_position``
    when the distributions were in another order than the table's), or None for any
    other file.

    A table edited in a spreadsheet is still ours: a further model's four columns
    deleted, or some of the last four columns: a name column that is left names its
    distribution, positions that are left but do not fit open the file in its own
    order with a note (:func:`_placed`). Raises CsvImportError for a name column that
    does not hold one name."""
    header = unescape_cells(h.strip() for h in table.header or ())  # "'=x weight": =x
    n, tail = len(TABLE_HEADER), (*NAME_COLUMNS, *POSITION_COLUMNS)
    at: dict[str, int] = {}
    while header and header[-1] in tail and header[-1] not in at:
        at[header[-1]] = len(header) - 1
        header = header[:-1]
    if header[:n] != list(TABLE_HEADER) or (len(header) - n) % len(MODEL_SUFFIXES):
        return None
    models = []
    for start in range(n, len(header), len(MODEL_SUFFIXES)):
        group = header[start:start + len(MODEL_SUFFIXES)]
        name = group[0].removesuffix(MODEL_SUFFIXES[0])
        if not name or group != [name + s for s in MODEL_SUFFIXES]:
            return None
        models.append(PlannedColumn(start, name.strip()))
    names = [_one_name(table, at[c]) if c in at else None for c in NAME_COLUMNS]
    plan = ImportPlan(0, PlannedColumn(1, names[0]), (PlannedColumn(2, names[1]), *models),
                      focus_column=2)
    if not any(c in at for c in POSITION_COLUMNS):
        return plan
    return _placed(table, plan, [_position_text(table, at[c]) if c in at else None
                                 for c in POSITION_COLUMNS])


def _placed(table: DelimitedTable, plan: ImportPlan,
            positions: Sequence[str | None]) -> ImportPlan:
    """``plan`` (the reference, the focus model, the others, as our table holds them)
    with its distributions in the places ``positions`` (the texts of the 1-based places
    of the reference and the focus model; None: the column was deleted) give them.

    Positions never decide a role (the ``p_weight`` and ``q_weight`` columns do), only
    the order, so no positions refuse the file: positions that do not fit the columns
    (a model's columns deleted in a spreadsheet, cells cleared or typed over, a column
    deleted) leave the distributions in the file's order, with a note in ``notes``
    saying why."""
    count = len(plan.models) + 1
    places = [int(t) if t is not None and t.isdecimal() else 0 for t in positions]
    if places[0] != places[1] and all(1 <= k <= count for k in places):
        return _in_places(plan, places)
    missing = [c for c, t in zip(POSITION_COLUMNS, positions) if t is None]
    if missing:
        why = f"column {missing[0]} is missing"
    else:
        held = ", ".join(t if t.isdecimal() else repr(t) for t in positions)
        why = (f"columns {', '.join(POSITION_COLUMNS)} hold {held}, not two different "
               f"places among the {count} distributions (1 to {count})")
    return replace(plan, notes=(
        f"{table.source}: the saved order could not be used: {why}; the distributions "
        "are in the file's order (the reference, the focus model, the others).",))


def _in_places(plan: ImportPlan, places: Sequence[int]) -> ImportPlan:
    """``plan`` with the reference and the focus model at the 1-based ``places`` (two
    different places among its distributions), the others in order around them."""
    focus, *others = plan.models
    order: list[PlannedColumn | None] = [None] * (len(plan.models) + 1)
    order[places[0] - 1] = plan.reference
    order[places[1] - 1] = focus
    rest = iter(others)
    order = [c if c is not None else next(rest) for c in order]
    return replace(plan, models=tuple(c for c in order if c is not plan.reference),
                   reference_place=places[0] - 1)


def _position_text(table: DelimitedTable, j: int) -> str:
    """The place a POSITION_COLUMNS column holds: its one non-blank text (on any row,
    as for names), else its texts joined ("" when blank), which :func:`_placed` tells
    as positions that do not fit."""
    found = {t.strip() for t in set(table.columns[j])} - {""}
    return found.pop() if len(found) == 1 else " ".join(sorted(found))


def _one_name(table: DelimitedTable, j: int) -> str:
    """The name a NAME_COLUMNS column of our table holds: its one non-blank cell (on
    the first row as written; anywhere once a spreadsheet has sorted the rows), or the
    same name on several rows."""
    found = {t.strip() for t in set(table.columns[j])} - {""}  # (set(): at C speed)
    if len(found) != 1:
        what = "no name" if not found else f"{len(found):,} different names"
        raise CsvImportError(f"{table.source}: column {table.column_name(j)!r} holds {what}; "
                             "it should hold the distribution's name once.")
    return unescape_cells(found)[0]


def distribution_columns(plan: ImportPlan | None) -> dict[str, int]:
    """The distributions of our exported table, given by its plan (:func:`exported_plan`),
    by name (the reference and the focus model when its name columns name them, and the
    further models): the index of each one's weights (empty for any other file)."""
    if plan is None:
        return {}
    named = [c for c in (plan.reference, *plan.models) if c.name]
    return {c.name: c.index for c in named}
