"""The File menu's CSV imports: a whole file (the reference and every model it holds)
or one distribution into the reference, a model or a new model. Which column is what is
klgui.io.column_roles' policy (the command line's too); this module asks what the file
cannot say, and makes each import one undo step."""

from __future__ import annotations

from pathlib import Path

from klgui.io.column_roles import (ASK_COLUMNS, ASK_ROLES, ONE, ImportPlan, PlannedColumn,
                                   plan_import, read_plan)
from klgui.io.bulk import give_back_memory
from klgui.io.csv_import import (Columns, CsvImportError, DelimitedTable, DuplicateLabels,
                                 ImportCancelled, read_delimited)
from klgui.model.document import DistributionSpec
from klgui.ui.files import import_dialogs as dialogs
from klgui.ui.files.progress import busy as _busy, progress as _progress
from klgui.ui.numbers import count_text, localize

__all__ = ["CsvImports", "CSV_FILTER"]

CSV_FILTER = "CSV files (*.csv *.tsv *.txt)"


class CsvImports:
    """The import half of FileActions (which provides ``window``, ``edits``,
    ``document``, ``settings``, ``maybe_discard``, ``update_title``, ``_ask_open_path``,
    ``_refuse`` and ``_status``)."""

    # -- CSV import ----------------------------------------------------------------
    def load_distribution(self, path: str | Path | None = None) -> bool:
        """"Load a distribution…": ask for a file, then for the column it goes into (the
        reference, a model, or a new model); one undo step."""
        if path is None:
            path = self._ask_open_path("Load a distribution from CSV",
                                       f"{CSV_FILTER};;All files (*)")
            if path is None:
                return False
        doc = self.document
        choices = [(f"{doc.name_of(doc.reference_id)} (the reference)", "P")]
        choices += [(doc.name_of(i), i) for i in doc.model_ids]
        choices.append(("A new model", dialogs.NEW_MODEL))
        into = dialogs.ask_target(self.window, Path(path).name, choices)
        if into is None:
            return False
        return self.import_csv(path, into=into)

    def import_csv(self, path: str | Path | None = None, into: str | int | None = None,
                   ask_first: bool = True) -> bool:
        """Replace the table with a CSV file's outcomes (``into`` None: the reference and
        every model the file holds), or set one distribution from it (``into`` "P", "Q",
        a column id, or ``import_dialogs.NEW_MODEL``). Nothing changes unless the whole
        file is good."""
        if into is None and ask_first and not self.maybe_discard():
            return False
        if path is None:
            title = ("Import outcomes from CSV" if into is None
                     else f"Load {self._title(into)} from CSV")
            path = self._ask_open_path(title, f"{CSV_FILTER};;All files (*)")
            if path is None:
                return False
        path = Path(path)
        table = None
        try:
            table = self._read_with_progress(path)
            if table is None:
                return False
            done = self._load_table(table, into)
        except (CsvImportError, ValueError) as e:
            self._refuse("Cannot import", str(e))
            return False
        finally:
            if table is not None and table.n_rows * table.n_columns >= 100_000:
                table = None  # millions of cells: freed now, and their memory given back
                give_back_memory()
        if done and into is None:  # a distribution loaded into a column: not a file to reopen
            self.settings.add_recent(path)
        return done

    def _read_with_progress(self, path: Path) -> DelimitedTable | None:
        with _progress(self.window, "Importing", f"Reading {path.name}…") as progress:
            try:
                return read_delimited(path, progress)
            except ImportCancelled:
                self._status(f"Import of {path.name} cancelled; nothing changed.")
                return None

    def _load_table(self, table: DelimitedTable, into: str | int | None) -> bool:
        plan = plan_import(table)  # the command line's policy too
        if into is None and plan.ask == ONE:
            into = dialogs.ask_which_distribution(self.window, table)
            if into is None:
                return False
        if into is not None:
            return self._load_one(table, plan, into)
        if plan.ask == ASK_COLUMNS:
            columns = dialogs.choose_columns(self.window, table, plan.columns)
            if columns is None:
                return False
            plan = ImportPlan(columns.label, PlannedColumn(columns.p),
                              (PlannedColumn(columns.q),))
        elif plan.ask == ASK_ROLES:
            plan = dialogs.choose_roles(self.window, table, plan)
            if plan is None:
                return False
        doc = self.document
        duplicates = "refuse"
        while True:
            try:
                with _busy():
                    got = read_plan(table, plan, duplicates,
                                    reference_name=doc.name_of(doc.reference_id),
                                    focus_name=doc.name_of(doc.focus_id))
                break
            except DuplicateLabels as e:
                duplicates = dialogs.ask_duplicates(self.window, e, can_keep=True)
                if duplicates is None:
                    return False
        name = Path(table.source).stem
        specs = [DistributionSpec(n, role, t) for n, role, t in got.distributions]
        with _busy():
            self.edits.replace(f"Import {Path(table.source).name}", lambda: doc.load_columns(
                got.labels, specs, focus=got.focus, name=name))
        self.path = None  # imported data is not saved as a session yet
        self.update_title()
        models = len(specs) - 1
        what = "" if models == 1 else f" and {models} models"
        self._status(f"Imported {count_text(len(got.labels))} outcomes{what} from "
                     f"{table.source} ({localize(table.describe())})."
                     + "".join(f" Note: {note}" for note in plan.notes))
        return True

    def _title(self, into: str | int) -> str:
        """How messages name a target: "P", "Q", a column's name, or "a new model"."""
        if into in ("P", "Q"):
            return str(into)
        return "a new model" if into == dialogs.NEW_MODEL else self.document.name_of(into)

    def _column(self, into: str | int) -> int:
        """The id of the column ``into`` names: "P" the reference and "Q" the focus model
        (the roles of the one-column dialog, whatever the columns are called), else a
        column id."""
        doc = self.document
        return {"P": doc.reference_id, "Q": doc.focus_id}.get(into, into)

    def _weight_column(self, plan: ImportPlan, into: str | int) -> tuple[int | None, bool]:
        """The file's column to load into ``into``, and whether the file says so plainly."""
        if plan.ask == ONE or plan.reference is None:
            return (plan.reference.index if plan.reference else None), plan.ask == ONE
        doc = self.document
        if into == "P" or (isinstance(into, int) and into == doc.reference_id):
            return plan.reference.index, plan.sure
        if not plan.models:
            return None, False
        if into != dialogs.NEW_MODEL:
            named = doc.name_of(self._column(into))
            for m in plan.models:
                if m.name == named:
                    return m.index, plan.sure
        return plan.models[0].index, plan.sure and len(plan.models) == 1

    def _load_one(self, table: DelimitedTable, plan: ImportPlan, into: str | int) -> bool:
        title = self._title(into)
        weight, sure = self._weight_column(plan, into)
        label = plan.label
        if not sure or weight is None:
            chosen = dialogs.choose_columns(self.window, table, Columns(label, weight, None),
                                            single=title)
            if chosen is None:
                return False
            label, weight = chosen.label, chosen.p
        try:
            labels, texts = table.weights(label, weight, title)
        except DuplicateLabels as e:
            if dialogs.ask_duplicates(self.window, e, can_keep=False) != "merge":
                return False
            labels, texts = table.weights(label, weight, title, "merge")
        name = Path(table.source).name
        doc = self.document
        if into == dialogs.NEW_MODEL:
            stem = Path(table.source).stem.strip()
            taken = {n.casefold() for n in doc.names()}  # (add_model refuses a case twin)
            model = stem if stem and stem.casefold() not in taken and len(stem) <= 80 else None

            def change():
                before = doc.state()
                new = doc.add_model(model)
                try:
                    return doc.load_distribution(new, labels, texts)
                except ValueError:
                    doc.put_back(before)
                    raise
            step = f"Load a new model from {name}"
        else:
            target = self._column(into)  # (before the change: "Q" is the focus now)

            def change():
                return doc.load_distribution(target, labels, texts)
            step = f"Load {title} from {name}"
        try:
            with _busy():
                matched, added, zeroed = self.edits.replace(step, change)
        except ValueError as e:  # e.g. the table repeats a label the file names
            raise ValueError(f"Cannot load {title} from {name}: {e}.") from None
        if into == dialogs.NEW_MODEL:
            title = doc.name_of(doc.model_ids[-1])
        if len(doc.column_ids) == 2:
            other = "Q" if into == "P" else "P" if into == "Q" else next(
                doc.name_of(i) for i in doc.column_ids if doc.name_of(i) != title)
            other, them = f"{other} is", "it"
        else:
            other, them = "the other columns are", "them"
        if not matched:  # no shared label: the file's outcomes replaced the table
            self._status(f"Loaded {title} from {table.source}: its {count_text(added)} "
                         f"outcomes share no label with the table, so they replace it; "
                         f"{other} 0 until you load or type {them}.")
            return True
        parts = [f"Loaded {title} from {table.source}: {count_text(matched)} outcomes matched "
                 "by label"]
        if added:
            parts.append(f"{count_text(added)} added ({other} 0 there)")
        if zeroed:
            parts.append(f"{count_text(zeroed)} not in the file ({title} set to 0)")
        self._status(", ".join(parts) + ".")
        return True

