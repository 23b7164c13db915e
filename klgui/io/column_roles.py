"""Which column of a delimited file is what: the one import policy of the window and the
command line.

:func:`klgui.io.csv_import.read_delimited` turns a file into columns of text;
:func:`plan_import` decides their roles, and :func:`read_plan` reads the chosen columns.
The rules:

- A header names the columns. The reference is the column named like P today
  (``P``, ``p_weight``, ``truth``, ``observed``…, see :data:`~klgui.io.csv_import.P_NAMES`);
  the models are the remaining weight columns, each named by its header (a column
  named like Q, ``q_weight``, ``model``…, comes first and keeps the focus model's usual
  name). Our own exported table is recognised: its probability and contribution
  columns are not models, its ``<name> weight`` columns are.
- A headerless ``label,weight`` file is one distribution, ``label,p,q`` is P and Q as
  before; with 4 or more columns (a label and 3+ weights) nothing says which is the
  reference, so the window asks for a role per column and the command line needs
  ``--reference`` / ``--model``.
- A file whose reference is not named and that has two or more weight columns is not
  sure either (the window asks; the command line names the columns).
- Names must be unique: a repeated name is refused with a message naming it (nothing
  is renamed behind the person's back).

Nothing here touches a Document (io imports only core and io).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from klgui.io.csv_import import (P_NAMES, Q_NAMES, Columns, CsvImportError, DelimitedTable,
                                 named_column as _named, normal_name as _normal)
from klgui.io.exported_table import (derived_column_text, derived_columns, distribution_columns,
                                     exported_plan, with_reference)
from klgui.io.import_plan import (ASK_COLUMNS, ASK_ROLES, IGNORE, MODEL, ONE, REFERENCE, SURE,
                                  Imported, ImportPlan, PlannedColumn)

__all__ = ["named", "REFERENCE", "MODEL", "IGNORE", "SURE", "ASK_COLUMNS", "ASK_ROLES", "ONE",
           "PlannedColumn", "ImportPlan", "Imported", "plan_import", "plan_from_roles",
           "read_plan", "column_index"]


def column_index(table: DelimitedTable, wanted: str | int, option: str = "the column") -> int:
    """The 0-based index of a column given by its header name, by the name of a
    distribution of our exported table (its weights: "Model B" is the column "Model B
    weight", the reference its reference_name names is p_weight), by its 1-based number
    as text, or by a 0-based int.

    A name written as the file writes it comes first (a model's name before a header:
    a model called "p" is that model, not the column "p" of the reference's
    probabilities); then, in our exported table, "P" and "Q" in any case when no
    distribution is called so: the reference's and the focus model's weights (the
    aliases a session has); then any case, when only one column answers to it; then a
    number; last, "P" and "Q" in any other file whose roles are plain
    (:func:`plan_import` is sure of them, as the window is when it opens the file):
    its reference's and its focus model's columns.

    Raises
    ------
    CsvImportError
        No column answers to ``wanted`` (the message lists the columns), or several do
        but for case, or it is a derived column of our exported table (a distribution's
        probabilities, or contributions): not weights; the message says whose column it
        is and which to name instead.
    """
    j = _column_index(table, wanted, option)
    derived = None if isinstance(wanted, int) else derived_column_text(table, j, option)
    if derived is not None:
        raise CsvImportError(f"{table.source}: {option} {wanted!r} is {derived}.")
    return j


def _column_index(table: DelimitedTable, wanted: str | int, option: str) -> int:
    """:func:`column_index`, derived columns of our exported table included."""
    if isinstance(wanted, int):
        if 0 <= wanted < table.n_columns:
            return wanted
    else:
        text = wanted.strip()
        headers = [table.column_name(j) for j in range(table.n_columns)]
        ours = exported_plan(table)
        models = distribution_columns(ours)
        if text in models:
            return models[text]
        if ours is not None and text.casefold() in ("p", "q") and \
                all(n.casefold() != text.casefold() for n in models):
            # The roles, as for a session: the weights of the reference (the focus
            # model), not the table's columns p and q of their probabilities.
            return ours.reference.index if text.casefold() == "p" else ours.focus_column
        if text in headers:
            return headers.index(text)
        folded = text.casefold()
        found = {j: h for j, h in enumerate(headers) if h.casefold() == folded}
        found.update((j, n) for n, j in models.items() if n.casefold() == folded)
        if len(found) == 1:
            return next(iter(found))
        if found:
            *some, last = [repr(n) for n in found.values()]
            raise CsvImportError(f"{table.source}: {option} {wanted!r} could be "
                                 f"{', '.join(some)} or {last}; write the name as the file "
                                 "does.")
        if text.isdecimal() and 1 <= int(text) <= table.n_columns:
            return int(text) - 1
        if folded in ("p", "q"):
            plan = plan_import(table)  # the roles the window gives the columns
            if plan.sure and plan.reference is not None and plan.models:
                if folded == "p":
                    return plan.reference.index
                planned = [c.index for c in plan.models]
                return plan.focus_column if plan.focus_column in planned else planned[0]
    shown = [table.column_name(j) for j in range(min(table.n_columns, 8))]
    more = f", … ({table.n_columns:,} columns)" if table.n_columns > len(shown) else ""
    raise CsvImportError(f"{table.source}: {option} {wanted!r} is not a column; the columns "
                         f"are {', '.join(shown)}{more}.")


def plan_import(table: DelimitedTable, reference: str | int | None = None,
                models: Sequence[str | int] | None = None,
                focus: str | None = None) -> ImportPlan:
    """Decide which column is the label, the reference and the models.

    Parameters
    ----------
    table : DelimitedTable
        The file as read by :func:`~klgui.io.csv_import.read_delimited`.
    reference : str or int, optional
        The reference column, named by header, 1-based number (str) or 0-based index
        (int); given, it overrides the guess and the plan is sure.
    models : sequence of str or int, optional
        The model columns, likewise; without them (and with ``reference``) every other
        weight column is a model.
    focus : str, optional
        The name of the model to focus (checked by :func:`read_plan`).

    Raises
    ------
    CsvImportError
        A named column that is not in the file, or one column given two roles.
    """
    guess, _ = table.guess()
    if reference is not None or models:
        return _explicit(table, guess, reference, models or (), focus)
    if table.header is None:
        if table.n_columns == 2:
            return ImportPlan(0, PlannedColumn(1), (), ONE, focus)
        models_ = [PlannedColumn(2)] + [PlannedColumn(j, table.column_name(j))
                                        for j in range(3, table.n_columns)]
        return ImportPlan(0, PlannedColumn(1), tuple(models_),
                          SURE if table.n_columns == 3 else ASK_ROLES, focus)
    exported = exported_plan(table)
    if exported is not None:
        return exported if focus is None else _with_focus(exported, focus)
    names = [_normal(n) for n in table.header]
    p, q = _named(names, P_NAMES), _named(names, Q_NAMES)
    if p is not None and p == q:
        q = None
    label = guess.label
    others = [j for j in table.weight_columns() if j not in (label, p, q)]
    if p is not None:
        found = ([PlannedColumn(q)] if q is not None else []) + \
            [PlannedColumn(j, table.column_name(j)) for j in others]
        return ImportPlan(label, PlannedColumn(p), tuple(found),
                          ONE if not found else SURE, focus)
    weights = ([q] if q is not None else []) + others
    if len(weights) == 1:
        return ImportPlan(label, PlannedColumn(weights[0]), (), ONE, focus)
    if len(weights) == 2:
        return ImportPlan(label, PlannedColumn(guess.p), (PlannedColumn(guess.q),),
                          ASK_COLUMNS, focus)
    if not weights:  # nothing reads as weights: P and Q as guessed, refused when read
        return ImportPlan(label, _maybe(guess.p), _maybe_models(guess.q), ASK_COLUMNS, focus)
    first, *rest = weights
    return ImportPlan(label, PlannedColumn(first),
                      tuple(PlannedColumn(j, None if j == q else table.column_name(j))
                            for j in rest), ASK_ROLES, focus)


def plan_from_roles(table: DelimitedTable, label: int | None, roles: Sequence[str],
                    focus: str | None = None) -> ImportPlan:
    """The plan of a role per column (``roles[j]`` is REFERENCE, MODEL or IGNORE, as the
    window's roles dialog answers). Raises CsvImportError unless exactly one column is
    the reference and one or more are models."""
    ref = [j for j, r in enumerate(roles) if r == REFERENCE]
    mods = [j for j, r in enumerate(roles) if r == MODEL]
    if len(ref) != 1 or not mods:
        raise CsvImportError(f"{table.source}: choose one reference column and at least "
                             "one model column.")
    return _explicit(table, Columns(label, None, None), ref[0], mods, focus)


def read_plan(table: DelimitedTable, plan: ImportPlan, duplicates: str = "refuse", *,
              reference_name: str = "P", focus_name: str = "Q") -> Imported:
    """Read the planned columns: labels, and each distribution's entries as text.

    ``reference_name`` and ``focus_name`` are the usual names of columns planned without
    one (the document's, in the window). ``duplicates`` as for
    :meth:`~klgui.io.csv_import.DelimitedTable.outcomes`.

    Raises
    ------
    CsvImportError
        No model column, two columns with one name, a focus that is not a model, a
        reference or focus model of zeros only, or a bad cell (naming the file, the
        line and the column). Another model may be all zeros.
    DuplicateLabels
        Repeated labels with ``duplicates="refuse"``.
    """
    if plan.reference is None or not plan.models:
        raise CsvImportError(f"{table.source}: choose a reference column and a model column.")
    given = [c.name for c in (plan.reference, *plan.models) if c.name]
    names = [plan.reference.name or _usual(given, (reference_name, "P", "Reference"))]
    for m in plan.models:
        names.append(m.name or _usual(given + names, (focus_name, "Q", "Model Q")))
    for n in names:
        if names.count(n) > 1:
            raise CsvImportError(f"{table.source}: two columns are called {n!r}; names must "
                                 "differ (rename one in the file, or choose the columns).")
    focus = _default_focus(plan, names) if plan.focus is None else _focus(table, plan, names)
    titles = ["P" if plan.reference.name is None else names[0]] + \
        ["Q" if m.name is None else n for m, n in zip(plan.models, names[1:])]
    # A model other than the focus may be all zeros (one just added, in our exported
    # table): it cannot be compared, and the ranking says so. The reference and the
    # focus model, compared first, may not.
    zeros = [k for k in range(1, len(names)) if names[k] != focus]
    labels, texts = table.read_columns(
        plan.label, list(zip(plan.weight_indices, titles)), duplicates, zeros)
    roles = [REFERENCE] + [MODEL] * len(plan.models)
    read = [(n, r, t) for n, r, t in zip(names, roles, texts)]
    read.insert(min(plan.reference_place, len(plan.models)), read.pop(0))
    return Imported(labels, read, focus)


# -- helpers ----------------------------------------------------------------------------
def named(wanted: str, names: Sequence[str]) -> str:
    """The one of ``names`` that ``wanted`` means: itself, else the only one equal to it
    but for case (as a column is found by :func:`column_index`: ``--focus "model b"``
    means "Model B"), else, for ``p`` or ``q`` in any case, the alias "P" or "Q" (the
    reference, the focus model: a document's names for the roles when no column has
    that name); ``wanted`` unchanged when none or several are."""
    if wanted in names:
        return wanted
    folded = wanted.strip().casefold()
    found = [n for n in names if n.casefold() == folded]
    if not found and folded in ("p", "q"):
        return folded.upper()
    return found[0] if len(found) == 1 else wanted


def _focus(table: DelimitedTable, plan: ImportPlan, names: Sequence[str]) -> str:
    """The name of the model ``plan.focus`` means, ``names`` being the reference's and
    the models' (in the plan's order): a model's name (any case, as :func:`named`
    finds it), else a column the plan reads as a model (by header or 1-based number,
    as ``--model`` names it), else the alias "Q" (any case, when no model is called
    so): the model in focus by default (the file's own focus, our exported table's
    ``q_weight``, else the first), as a session's "Q" is its focus model
    (klgui.model.document.Document.column_id).

    Raises CsvImportError, one line, when ``plan.focus`` is the reference (its name,
    its column, or "P" when no model is called so), a derived column of our exported
    table (a model's probabilities: the message names the model), or none of the
    models."""
    wanted, models = plan.focus or "", list(names[1:])
    found = named(wanted, models)
    if found in models:
        return found
    if found == "Q":  # the role: the model in focus by default (the file's, or the first)
        return _default_focus(plan, names)
    try:
        j = _column_index(table, wanted, "--focus")
    except CsvImportError:
        j = None
    planned = [c.index for c in plan.models]
    if j is not None and j in planned:
        return models[planned.index(j)]
    derived = None if j is None else derived_column_text(table, j, "--focus")
    if derived is not None:  # "Model B q": that model's probabilities
        raise CsvImportError(f"{table.source}: --focus {wanted!r} is {derived}.")
    listed = ", ".join(models)
    if found == "P" or named(wanted, names[:1]) == names[0] or \
            (j is not None and plan.reference is not None and j == plan.reference.index):
        raise CsvImportError(f"{table.source}: the focus {wanted!r} is the reference "
                             f"({names[0]}); the focus is one of the models ({listed}).")
    raise CsvImportError(f"{table.source}: the focus {wanted!r} is not one of the models "
                         f"({listed}).")


def _default_focus(plan: ImportPlan, names: Sequence[str]) -> str:
    """The name of the model in focus when none is asked for: the one in the file's
    focus column (our exported table's), else the first; ``names`` as for
    :func:`_focus`."""
    planned = [c.index for c in plan.models]
    if plan.focus_column in planned:
        return names[1 + planned.index(plan.focus_column)]
    return names[1]


def _usual(taken: Sequence[str], usual: Sequence[str]) -> str:
    """The first of ``usual`` not ``taken`` by another column (named in the file, or
    named before), else the first numbered ("P 2", "P 3", …): a column the file does not
    name never takes the name of one it does (our exported table names neither the
    reference nor the focus model, and a further model may be called P)."""
    for name in usual:
        if name not in taken:
            return name
    k = 2
    while f"{usual[0]} {k}" in taken:
        k += 1
    return f"{usual[0]} {k}"


def _explicit(table: DelimitedTable, guess: Columns, reference, models, focus) -> ImportPlan:
    if reference is not None and not models:
        ours = with_reference(table, column_index(table, reference, "--reference"))
        if ours is not None:
            return replace(ours, focus=focus)
    chosen = [column_index(table, m, "--model") for m in models]
    if reference is not None:
        ref = column_index(table, reference, "--reference")
    else:
        free = [j for j in ([guess.p] if guess.p is not None else []) + table.weight_columns()
                if j not in chosen and j != guess.label]
        if not free:
            raise CsvImportError(f"{table.source}: no column is left for the reference; "
                                 "name it with --reference.")
        ref = free[0]
    if not chosen:
        skip = derived_columns(table)
        chosen = [j for j in table.weight_columns()
                  if j not in (ref, guess.label) and j not in skip]
    everything = [ref] + chosen
    for j in everything:
        if everything.count(j) > 1:
            raise CsvImportError(f"{table.source}: column {table.column_name(j)!r} is given "
                                 "two roles.")
    label = guess.label if guess.label not in everything else None

    exported = exported_plan(table)
    own = {} if exported is None else {c.index: c.name for c in
                                       (exported.reference, *exported.models)}

    def name(j: int, usual: Sequence[str], position: int) -> str | None:
        """A column named like P (Q) keeps the usual name, as does a headerless file's
        column in the usual place; a model's weights in our exported table, the model's
        name; any other is named by its header."""
        if j in own:
            return own[j]
        if table.header is None:
            return None if j == position else table.column_name(j)
        return None if _normal(table.header[j]) in usual else table.column_name(j)
    planned = tuple(PlannedColumn(j, name(j, Q_NAMES, 2)) for j in chosen)
    return ImportPlan(label, PlannedColumn(ref, name(ref, P_NAMES, 1)), planned, SURE, focus)


def _with_focus(plan: ImportPlan, focus: str) -> ImportPlan:
    return replace(plan, focus=focus)


def _maybe(j: int | None) -> PlannedColumn | None:
    return None if j is None else PlannedColumn(j)


def _maybe_models(j: int | None) -> tuple[PlannedColumn, ...]:
    return () if j is None else (PlannedColumn(j),)
