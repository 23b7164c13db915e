"""Questions an import may have to ask: which columns are P and Q, a role for each
column of a file with several weight columns, which column one distribution goes into,
and what to do with repeated labels. Each dialog validates and exposes its answer as a
property, and is deleted once answered (a hundred imports must not leave a hundred
hidden dialogs). What the file says plainly is decided by klgui.io.column_roles, the
same policy as the command line's."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QMessageBox, QScrollArea, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from klgui.io.column_roles import IGNORE, MODEL, REFERENCE, ImportPlan, plan_from_roles
from klgui.io.csv_import import Columns, CsvImportError, DelimitedTable, DuplicateLabels

from klgui.ui.elide import short_text
from klgui.ui.shell.look import VERMILLION

PREVIEW_ROWS = 6
#: The preview shows at most this many columns (a file may have a thousand).
PREVIEW_COLUMNS = 30
#: Column names are cut to this many characters in the preview and the choices.
NAME_CHARS = 60


def _short(name: str) -> str:
    """A column's name on one line, at most :data:`NAME_CHARS` characters."""
    return short_text(" ".join(name.split()), NAME_CHARS)


def _problem_and_buttons(dialog: QDialog) -> tuple[QLabel, QDialogButtonBox]:
    """A dialog's line for what is wrong with the choice, and its OK and Cancel."""
    problem = QLabel(dialog)
    problem.setStyleSheet(f"color: {VERMILLION}")
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return problem, buttons


class ColumnDialog(QDialog):
    """Shows the first rows of a file and asks which column holds the labels, P and Q
    (or, for one distribution, its weights)."""

    def __init__(self, table: DelimitedTable, guess: Columns, single: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.single = single
        self.setWindowTitle(f"Choose the columns of {table.source}")
        names = [_short(table.column_name(j)) for j in range(table.n_columns)]
        intro = QLabel(f"<b>{table.source}</b>: {table.describe()}.<br>"
                       + ("Which column holds the labels, and which the weights to load "
                          f"into {single}?" if single else
                          "Which column holds the labels, which P (the truth) and which "
                          "Q (the model)?"), self)
        intro.setWordWrap(True)
        preview, shown, wide = _preview(table, self)

        self.label = QComboBox(self)
        self.label.addItem("(none: number the outcomes)", None)
        self.p, self.q = QComboBox(self), QComboBox(self)
        for j, name in enumerate(names):
            self.label.addItem(name, j)
            self.p.addItem(name, j)
            self.q.addItem(name, j)
        self.label.setCurrentIndex(self.label.findData(guess.label))
        self.p.setCurrentIndex(max(self.p.findData(guess.p), 0))
        self.q.setCurrentIndex(max(self.q.findData(guess.q), 0))
        form = QFormLayout()
        form.addRow("Labels:", self.label)
        form.addRow(f"{single} weights:" if single else "P (truth):", self.p)
        if single:
            self.q.hide()
        else:
            form.addRow("Q (model):", self.q)
        self.problem, self.buttons = _problem_and_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(preview)
        _say_more(table, shown, layout, self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for combo in (self.label, self.p, self.q):
            combo.currentIndexChanged.connect(self._check)
        self._check()
        self.resize(min(max(wide, 480), 900), self.sizeHint().height())

    @property
    def columns(self) -> Columns:
        return Columns(self.label.currentData(), self.p.currentData(),
                       None if self.single else self.q.currentData())

    def _check(self) -> None:
        c = self.columns
        chosen = [c.p] if self.single else [c.p, c.q]
        problem = ""
        if len(set(chosen)) < len(chosen):
            problem = "P and Q must be different columns."
        elif c.label is not None and c.label in chosen:
            problem = "The label column cannot also hold weights."
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


#: The roles a column can have in the roles dialog, as shown and as answered.
ROLE_CHOICES = (("Labels", "label"), ("Reference (P, the truth)", REFERENCE),
                ("Model", MODEL), ("Ignore", IGNORE))


class RolesDialog(QDialog):
    """Shows the first rows of a file with several weight columns and asks the role of
    each column: the labels, the reference, a model, or ignored. OK needs exactly one
    reference, at least one model and at most one label column."""

    def __init__(self, table: DelimitedTable, guess: ImportPlan,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.setWindowTitle(f"Choose the roles of the columns of {table.source}")
        intro = QLabel(f"<b>{table.source}</b>: {table.describe()}.<br>Which column holds "
                       "the labels, which the reference (the truth) and which the models? "
                       "Each model is named after its column.", self)
        intro.setWordWrap(True)
        preview, shown, wide = _preview(table, self)
        roles = {guess.label: "label"} if guess.label is not None else {}
        if guess.reference is not None:
            roles[guess.reference.index] = REFERENCE
        roles.update({m.index: MODEL for m in guess.models})
        self.combos: list[QComboBox] = []
        form = QFormLayout()
        for j in range(table.n_columns):
            combo = QComboBox(self)
            for text, role in ROLE_CHOICES:
                combo.addItem(text, role)
            combo.setCurrentIndex(combo.findData(roles.get(j, IGNORE)))
            combo.setAccessibleName(f"Role of {_short(table.column_name(j))}")
            combo.currentIndexChanged.connect(self._check)
            form.addRow(f"{_short(table.column_name(j))}:", combo)
            self.combos.append(combo)
        holder = QWidget(self)
        holder.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        self.problem, self.buttons = _problem_and_buttons(self)
        layout = QVBoxLayout(self)
        for w in (intro, preview):
            layout.addWidget(w)
        _say_more(table, shown, layout, self)
        for w in (scroll, self.problem, self.buttons):
            layout.addWidget(w)
        self._check()
        self.resize(min(max(wide, 480), 900), min(self.sizeHint().height(), 700))

    @property
    def roles(self) -> list[str]:
        return [c.currentData() for c in self.combos]

    @property
    def plan(self) -> ImportPlan:
        """The answer as an import plan (raises CsvImportError while it is not whole)."""
        roles = self.roles
        labels = [j for j, r in enumerate(roles) if r == "label"]
        return plan_from_roles(self.table, labels[0] if labels else None,
                               [IGNORE if r == "label" else r for r in roles])

    def _check(self) -> None:
        roles = self.roles
        problem = ""
        if roles.count("label") > 1:
            problem = "Only one column can hold the labels."
        elif roles.count(REFERENCE) != 1:
            problem = "Choose exactly one reference column."
        elif MODEL not in roles:
            problem = "Choose at least one model column."
        else:
            try:
                self.plan
            except CsvImportError as e:
                problem = str(e)
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


def choose_roles(parent: QWidget, table: DelimitedTable, guess: ImportPlan) -> ImportPlan | None:
    """Ask the role of each column; the plan, or None when the person cancels."""
    dialog = RolesDialog(table, guess, parent)
    try:
        return dialog.plan if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


#: The answer of ask_target for "a new model".
NEW_MODEL = "new"


class TargetDialog(QDialog):
    """Asks which column one distribution is loaded into: the reference, a model, or a
    new model. ``choices`` are (text, answer) pairs."""

    def __init__(self, source: str, choices: list[tuple[str, object]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Load a distribution")
        intro = QLabel(f"Load the weights of <b>{source}</b> into which column? Outcomes "
                       "are matched by label.", self)
        intro.setWordWrap(True)
        self.target = QComboBox(self)
        self.target.setAccessibleName("Load into")
        for text, answer in choices:
            self.target.addItem(text, answer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Load into:", self.target)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @property
    def answer(self):
        return self.target.currentData()


def ask_target(parent: QWidget, source: str, choices: list[tuple[str, object]]):
    """The answer of the chosen target, or None when the person cancels."""
    dialog = TargetDialog(source, choices, parent)
    try:
        return dialog.answer if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_duplicates(parent: QWidget, error: DuplicateLabels, can_keep: bool) -> str | None:
    """"keep", "merge", or None (cancel) for a file whose labels repeat."""
    box = QMessageBox(QMessageBox.Icon.Question, "Repeated labels", str(error),
                      QMessageBox.StandardButton.Cancel, parent)
    merge = box.addButton("Merge (add up their weights)", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep them apart", QMessageBox.ButtonRole.AcceptRole) if can_keep else None
    box.setDefaultButton(merge)
    clicked = _asked(box)
    return "merge" if clicked is merge else "keep" if keep is not None and clicked is keep else None


def ask_which_distribution(parent: QWidget, table: DelimitedTable) -> str | None:
    """"P", "Q" or None for a file with one weight column."""
    box = QMessageBox(QMessageBox.Icon.Question, "One distribution",
                      f"{table.source} has one column of weights ({table.describe()}). "
                      "Load it into P (the truth) or Q (the model)? Outcomes are matched "
                      "by label.", QMessageBox.StandardButton.Cancel, parent)
    p = box.addButton("Load into P", QMessageBox.ButtonRole.AcceptRole)
    q = box.addButton("Load into Q", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(p)
    clicked = _asked(box)
    return "P" if clicked is p else "Q" if clicked is q else None


def choose_columns(parent: QWidget, table: DelimitedTable, guess: Columns,
                   single: str | None = None) -> Columns | None:
    """Ask which columns to use; None when the person cancels."""
    dialog = ColumnDialog(table, guess, single, parent)
    try:
        return dialog.columns if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def _preview(table: DelimitedTable, parent: QWidget) -> tuple[QTableWidget, int, int]:
    """The first rows and columns of ``table``; how many columns it shows, and how wide
    it wants to be."""
    names = [_short(table.column_name(j)) for j in range(table.n_columns)]
    shown = min(PREVIEW_COLUMNS, table.n_columns)
    preview = QTableWidget(min(PREVIEW_ROWS, table.n_rows), shown, parent)
    preview.setHorizontalHeaderLabels(names[:shown])
    preview.setVerticalHeaderLabels([str(line) for line in table.lines[:PREVIEW_ROWS]])
    for j in range(shown):
        for i in range(preview.rowCount()):
            preview.setItem(i, j, QTableWidgetItem(_short(table.columns[j][i])))
    preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    preview.resizeColumnsToContents()
    preview.horizontalHeader().setStretchLastSection(True)
    wide = sum(preview.columnWidth(j) for j in range(shown)) + 60
    preview.setAccessibleName("First rows of the file")
    return preview, shown, wide


def _say_more(table: DelimitedTable, shown: int, layout: QVBoxLayout, parent: QWidget) -> None:
    if shown < table.n_columns:
        more = QLabel(f"The preview shows the first {shown} of {table.n_columns:,} "
                      "columns; all of them can be chosen below.", parent)
        more.setWordWrap(True)
        layout.addWidget(more)


def _asked(box: QMessageBox):
    """Show ``box`` until answered; the button clicked (None for Escape). The box is
    deleted afterwards."""
    try:
        box.exec()
        return box.clickedButton()
    finally:
        box.deleteLater()
