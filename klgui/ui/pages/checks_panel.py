"""The classic inequalities, checked with the current numbers, each with a tick."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout

from klgui.core.teaching.checks import Check, inequality_checks
from klgui.core.teaching.explain import names_differ, pair_text
from klgui.model.document import Result

from klgui.ui.shell.look import GREEN, VERMILLION
from klgui.ui.numbers import localize
from klgui.ui.pages.result_page import ResultPage

class ChecksPanel(ResultPage):
    """One row per inequality: mark, name, statement, the numbers, and a note."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(12)
        self.rows: list[tuple[QLabel, ...]] = []
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(self.grid)
        layout.addStretch(1)

    def render_result(self, result: Result) -> None:
        c = result.comparison
        checks = [] if c is None else inequality_checks(c, self.digits)
        pair = (html.escape(pair_text(result.reference_name, result.model_name), quote=False)
                + ". " if names_differ(result.reference_name, result.model_name) else "")
        self.message.setText(
            pair + "These hold for every pair of distributions; here they are with your "
            "numbers." if c is not None else
            f"Nothing to check yet: {localize(str(result.error), keep_quoted=True)}")
        while len(self.rows) < len(checks):
            row = tuple(QLabel(self) for _ in range(4))
            for column, label in enumerate(row):
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setWordWrap(column == 3)  # the numbers wrap rather than run off the page
                self.grid.addWidget(label, len(self.rows), column)
            self.rows.append(row)
        for k, row in enumerate(self.rows):
            for label in row:
                label.setVisible(k < len(checks))
            if k < len(checks):
                self._fill(row, checks[k])

    @staticmethod
    def _fill(row: tuple[QLabel, ...], check: Check) -> None:
        mark, name, statement, numbers = row
        colour, sign, word = (GREEN, "✓", "holds") if check.holds else (VERMILLION, "✗", "fails")
        mark.setText(f"<span style='color:{colour}; font-weight:bold'>{sign} {word}</span>")
        name.setText(html.escape(check.name, quote=False))
        statement.setText(f"<b>{html.escape(check.statement, quote=False)}</b>")
        shown, said = localize(check.numbers), localize(check.note)
        note = f"<br><i>{html.escape(said, quote=False)}</i>" if said else ""
        numbers.setText(html.escape(shown, quote=False) + note)
        for label in row:
            label.setAccessibleName(f"{check.statement}: {word}")
        numbers.setAccessibleDescription(shown + (f" ({said})" if said else ""))
