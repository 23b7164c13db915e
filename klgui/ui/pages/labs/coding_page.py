"""The coding lab: the Shannon and Huffman codes for Q, what they cost on data from P,
and block coding n = 1…8 (computed on the lab's worker thread for a large pair)."""

from __future__ import annotations

import math
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QGroupBox, QLabel, QVBoxLayout

from klgui.core.labs.coding import BlockRow, CodingReport
from klgui.core.teaching import labs_text as text
from klgui.core.formatting import full_precision
from klgui.io.lab_export import save_coding
from klgui.ui.numbers import count_text, figure_text, full_precision_text, localize
from klgui.ui.pages.labs.lab_jobs import CodingJob, CodingResult
from klgui.ui.pages.labs.lab_page import (HEADLINE_SCALE, LabPage, labeller, room_width,
                                          scaled_label)
from klgui.ui.pages.labs.lab_table import LabTable

CODE_HEADERS = ("Outcome", "p", "q", "−log₂ q", "Shannon", "Shannon bits", "Huffman",
                "Huffman bits")
BLOCK_HEADERS = ("n", "Blocks", "Bits per symbol", "H(P,Q) + 1/n", "In bounds")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class CodingPage(LabPage):
    """The codeword table (Shannon and Huffman codes for Q), E_P[L] with its brackets,
    and the bits per symbol of block codes."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.report: CodingReport | None = None
        self.blocks: list[BlockRow] = []
        self.conclusion = scaled_label(self, HEADLINE_SCALE, name="What to conclude")
        self.statements = QLabel(self)
        self.statements.setWordWrap(True)
        self.statements.setTextFormat(Qt.TextFormat.RichText)
        self.statements.setAccessibleName("The brackets")
        self.statements.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.why = QLabel(localize(text.WRONG_CODE_TEXT), self)
        self.why.setWordWrap(True)
        self.why.setAccessibleName("Why a code for the wrong distribution costs D")
        self.table = LabTable("Codewords", self)
        self.table.model_.wrap_headers = True  # "Huffman\nbits": the columns fit sooner
        self.block_table = LabTable("Block coding", self)
        self.block_note = QLabel(self)
        self.block_note.setWordWrap(True)
        self.block_note.setAccessibleName("What block coding shows")

        self.codes = codes = QGroupBox("Codes built for Q, used on data from P", self)
        codes_layout = QVBoxLayout(codes)
        codes_layout.addWidget(self.table)
        self.blocks_box = blocks = QGroupBox("Coding n symbols at a time (Shannon code for Qⁿ)",
                                             self)
        blocks_layout = QVBoxLayout(blocks)
        blocks_layout.addWidget(self.block_table)
        blocks_layout.addWidget(self.block_note)
        blocks_layout.addStretch(1)
        # side by side when both tables show every column, else one above the other
        self.tables = tables = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        tables.addWidget(codes, 3)
        tables.addWidget(blocks, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.nothing)
        layout.addWidget(self.conclusion)
        layout.addWidget(self.statements)
        layout.addLayout(tables, 1)
        layout.addWidget(self.why)
        self._content = [self.conclusion, self.statements, codes, blocks, self.why]
        self.set_content_visible(False)

    def set_content_visible(self, visible: bool) -> None:
        for widget in self._content:
            widget.setVisible(visible)

    def _arrange(self) -> None:
        """The two tables side by side when the page's room shows both whole (every
        column at its width); else one above the other, each as wide as the page."""
        def needs(box: QGroupBox, table) -> int:
            inner = box.layout().contentsMargins()
            outer = box.contentsMargins()
            return (table.needed_width() + inner.left() + inner.right() + outer.left()
                    + outer.right() + 2)
        margins = self.layout().contentsMargins()
        room = room_width(self) - margins.left() - margins.right()
        both = (needs(self.codes, self.table) + needs(self.blocks_box, self.block_table)
                + self.tables.spacing())
        direction = QBoxLayout.Direction.LeftToRight if both <= room else \
            QBoxLayout.Direction.TopToBottom
        if self.tables.direction() != direction:
            self.tables.setDirection(direction)
            # stacked, the codewords take the height and the blocks keep their rows
            self.tables.setStretch(0, 3 if direction == QBoxLayout.Direction.LeftToRight
                                   else 1)
            self.tables.setStretch(1, 2 if direction == QBoxLayout.Direction.LeftToRight
                                   else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def make_job(self, token: int) -> CodingJob:
        return CodingJob(token, self.p, self.q)

    def show_computed(self, result: CodingResult) -> None:
        self.report = r = result.report
        self.blocks = result.blocks
        digits = min(self.digits, 6)
        self.conclusion.setText(localize(text.coding_conclusion(r, min(digits, 4))))
        self.statements.setText(localize("<br>".join(
            escape(line) for line in text.coding_statements(r, digits, self.labels)),
            keep_quoted=True))
        self._set_code_table()
        self._set_block_table()
        self.block_note.setText(localize(text.block_text(self.blocks, r.cross_entropy, digits)))
        self._arrange()

    def _set_code_table(self) -> None:
        p, q, r, digits = self.p, self.q, self.report, self.digits
        codes = (r.shannon, r.huffman)

        def number(values):
            return (lambda i: figure_text(values[i], digits),
                    lambda i: full_precision_text(values[i]))

        def ideal(i):
            return "—" if q[i] == 0 else figure_text(-math.log2(q[i]) + 0.0, digits)

        def ideal_copy(i):
            return "inf" if q[i] == 0 else full_precision(-math.log2(q[i]) + 0.0)

        def word(code):
            return lambda i: code.codeword(i) or "(empty: 0 bits)"

        def word_copy(code):
            return lambda i: code.codeword(i)

        def length(code, missing):
            return lambda i: missing if code.lengths[i] < 0 else str(int(code.lengths[i]))

        label = labeller(self.labels)  # not self.label: no cycle through the page
        columns = [(CODE_HEADERS[0], label, label),
                   (CODE_HEADERS[1], *number(p)), (CODE_HEADERS[2], *number(q)),
                   (CODE_HEADERS[3], ideal, ideal_copy)]
        for k, code in enumerate(codes):
            columns.append((CODE_HEADERS[4 + 2 * k], word(code), word_copy(code)))
            columns.append((CODE_HEADERS[5 + 2 * k], length(code, "none"), length(code, "")))
        self.table.model_.set_table(columns, p.size, text_columns=(0, 4, 6))
        self.table.model_.tips = {
            3: "The ideal length of a codeword for an outcome of probability q.",
            4: "The Shannon code's codeword: canonical, from the lengths ⌈−log₂ q⌉.",
            5: "Its length ⌈−log₂ q⌉ in bits.",
            6: "The Huffman code's codeword: the shortest code on data from Q, not from P.",
            7: "Its length in bits."}

    def _set_block_table(self) -> None:
        rows, h = self.blocks, self.report.cross_entropy
        digits = self.digits
        outcomes = int((self.p > 0).sum())

        def bps(i):
            v = rows[i].bits_per_symbol
            return "too many" if v is None else figure_text(v, digits)

        def bps_copy(i):
            v = rows[i].bits_per_symbol
            return "" if v is None else full_precision_text(v)

        def ok(i):
            v = rows[i].bits_per_symbol
            if v is None:
                return "—"
            if math.isinf(v):
                return "uncodable"
            return "✓" if h <= v < h + 1 / rows[i].n else "✗"

        columns = [(BLOCK_HEADERS[0], lambda i: str(rows[i].n), lambda i: str(rows[i].n)),
                   (BLOCK_HEADERS[1], lambda i: _blocks_text(rows[i], outcomes),
                    lambda i: str(rows[i].blocks)),
                   (BLOCK_HEADERS[2], bps, bps_copy),
                   (BLOCK_HEADERS[3], lambda i: figure_text(h + 1 / rows[i].n, digits),
                    lambda i: full_precision_text(h + 1 / rows[i].n)),
                   (BLOCK_HEADERS[4], ok, ok)]
        self.block_table.model_.set_table(columns, len(rows), text_columns=(4,))
        self.block_table.fit_height(len(rows))

    def export_csv(self, path) -> None:
        """Write the codeword table (outcome, p, q, each code's length and codeword)."""
        if self.report is None or self.p is None:
            raise ValueError("The coding lab has no pair to export.")
        self.check_ready("coding lab")
        save_coding(path, self.p, self.q, self.report, self.labels)


def _blocks_text(row: BlockRow, outcomes: int) -> str:
    """kⁿ written out up to a million, as a power beyond (300⁸, not 26 digits)."""
    if row.blocks <= 10**6:
        return count_text(row.blocks)
    return f"{outcomes}{str(row.n).translate(_SUPERSCRIPTS)}"
