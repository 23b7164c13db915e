"""The worked solution, as a teacher would write it, copyable as text and as LaTeX."""

from __future__ import annotations

import html

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout

from klgui.core.teaching.explain import names_differ, pair_text
from klgui.core.teaching.worked import worked_solution
from klgui.model.document import Result

from klgui.ui.numbers import guarded_labels, localize
from klgui.ui.pages.result_page import ResultPage
from klgui.ui.shell.status import announce

DIRECTIONS = {"pq": "D(P‖Q): Q used in place of P", "qp": "D(Q‖P): P used in place of Q"}


class WorkedSolutionPanel(ResultPage):
    """Direction chooser, the solution in rich text, and two copy buttons."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.direction = QComboBox(self)
        for key, text in DIRECTIONS.items():
            self.direction.addItem(text, key)
        self.direction.setAccessibleName("Worked solution for")
        self.direction.currentIndexChanged.connect(lambda *_: self.update_now())
        self.copy_text_button = QPushButton("Copy as text", self)
        self.copy_text_button.setToolTip("Copy the solution as plain text (and as rich text "
                                         "for word processors)")
        self.copy_text_button.clicked.connect(self.copy_text)
        self.copy_latex_button = QPushButton("Copy as LaTeX", self)
        self.copy_latex_button.setToolTip("Copy the solution as LaTeX for slides and exam "
                                          "sheets (needs the amsmath and amssymb packages)")
        self.copy_latex_button.clicked.connect(self.copy_latex)
        self.view = QTextBrowser(self)
        self.view.setAccessibleName("Worked solution")
        self.view.setOpenLinks(False)
        header = QHBoxLayout()
        header.addWidget(self.direction)
        header.addStretch(1)
        header.addWidget(self.copy_text_button)
        header.addWidget(self.copy_latex_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)

    def text(self, fmt: str) -> str:
        """The current solution as "plain", "html" or "latex" ("" when there is none),
        its numbers in the locale's form (in LaTeX a decimal comma is ``{,}``)."""
        c = self.result.comparison if self.result is not None else None
        if c is None:
            return ""
        text = worked_solution(c, self.direction.currentData(), fmt, self.digits,
                               guarded_labels(self.labels))
        r = self.result
        if names_differ(r.reference_name, r.model_name):  # say which models P and Q are
            pair = pair_text(r.reference_name, r.model_name)
            text = {"plain": f"{pair}\n\n", "latex": f"% {pair}\n",
                    "html": f"<p><i>{html.escape(pair, quote=False)}</i></p>"}[fmt] + text
        return localize(text, latex=fmt == "latex")

    def render_result(self, result: Result) -> None:
        ok = result.comparison is not None
        self.copy_text_button.setEnabled(ok)
        self.copy_latex_button.setEnabled(ok)
        if not ok:
            error = localize(str(result.error), keep_quoted=True)
            self.view.setHtml(f"<p>Nothing to work out yet: {html.escape(error, quote=False)}</p>")
            return
        scroll = self.view.verticalScrollBar().value()
        self.view.setHtml(self.text("html"))
        self.view.verticalScrollBar().setValue(scroll)  # a live edit keeps the place

    def copy_text(self) -> None:
        data = QMimeData()
        data.setText(self.text("plain"))
        data.setHtml(self.text("html"))
        QGuiApplication.clipboard().setMimeData(data)
        announce(self, "Copied the worked solution as text (plain, and rich text for "
                       "word processors).")

    def copy_latex(self) -> None:
        QGuiApplication.clipboard().setText(self.text("latex"))
        announce(self, "Copied the worked solution as LaTeX (needs amsmath and amssymb).")
