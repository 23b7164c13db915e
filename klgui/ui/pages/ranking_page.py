"""The ranking: every model against the reference, best first, with a bar of D(P‖Qᵢ).

Standalone: the window hands it rows (:func:`klgui.core.numerics.many.rank_models`)
with :meth:`RankingPage.show_ranking`; clicking a model asks for it to become the focus
(:attr:`RankingPage.focusRequested`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QStyle, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from klgui.core.formatting import format_figure
from klgui.core.numerics.many import RankRow
from klgui.ui.numbers import figure_text, full_precision_text, localize
from klgui.ui.pages.page_height import height_above
from klgui.ui.pages.rank_bars import BAR_ROLE, BarDelegate
from klgui.ui.shell.look import WARNING_STYLE

__all__ = ["RankingPage", "COLUMNS", "BAR_COLUMN", "BAR_ROLE"]

#: Column titles (the unit is added to the divergences', on a line of its own).
COLUMNS = ("Rank", "Model", "D(P‖Q)", "D(Q‖P)", "JS divergence", "Total\nvariation",
           "Hellinger", "H(P,Q)")
_IN_UNIT = {2, 3, 4, 7}
#: Shorter titles where the page is narrow (1024×768): the tooltips say them in full.
SHORT_COLUMNS = {"Rank": "#", "JS divergence": "JS div.", "Total\nvariation": "Total\nvar."}
#: The table's text sizes, as fractions of its full one (1.2 times the window's: read
#: from the back of a room), tried in turn where even the short titles do not fit (1366×768
#: at 150% scrolled ~90 px sideways); the last is the window's own size, never smaller.
FONT_STEPS = (1.0, 1.1 / 1.2, 1.0 / 1.2)
#: The table's full text size, as a multiple of the page's.
FULL_FONT = 1.2
#: What each column's header means, in full (its tooltip; the unit is added).
_MEANINGS = ("Rank: 1 for the model that loses least information about P",
             "The model Q", "D(P‖Q): the KL divergence, information lost when Q is used "
             "in place of P", "D(Q‖P): the KL divergence the other way round",
             "Jensen–Shannon divergence of P and Q", "Total variation distance of P and Q",
             "Hellinger distance of P and Q", "H(P,Q): the cross-entropy of Q relative to P")
_FIGURES = (None, None, "kl_pq", "kl_qp", "js_divergence", "total_variation", "hellinger",
            "cross_entropy_pq")
BAR_COLUMN = 2


class RankingPage(QWidget):
    """A table of the models, best first (smallest D(P‖Q)), with the reasons for ∞ and
    for models that cannot be compared underneath. Emits :attr:`focusRequested` with a
    model's name when its row is clicked (or activated with the keyboard)."""

    focusRequested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[RankRow] = []
        self._unit = ""
        self.short_headers = False  # SHORT_COLUMNS' titles shown (see _fit_bars)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Ranking")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Models ranked by D(P‖Q)")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        font = self.table.font()
        font.setPointSizeF(font.pointSizeF() * FULL_FONT)  # read from the back of a room
        self.table.setFont(font)
        self.table.horizontalHeader().setFont(font)
        self.font_step = 0  # the FONT_STEPS one shown (see _fit_bars)
        self.tight = False  # less padding round the titles (see _fit_bars)
        self._full_size = font.pointSizeF()  # the zoom may change it (see eventFilter)
        self._own_change = False  # the font is being set here, not by the zoom
        self._fitting = False
        self._refit = QTimer(self, singleShot=True, interval=0)
        self._refit.timeout.connect(lambda: self._fit_bars() if self.rows else None)
        self.bars = BarDelegate(self.table)
        self.table.setItemDelegateForColumn(BAR_COLUMN, self.bars)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # D(P‖Q) is what the page is about: its bars take the room the other columns
        # leave (at least room for its numbers and a short bar), so that every column
        # shows without sideways scrolling (see _fit_bars); the headers wrap (the unit
        # on a line of its own) to keep the number columns as narrow as their numbers
        header.setSectionResizeMode(BAR_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.viewport().installEventFilter(self)
        self.table.installEventFilter(self)  # a zoom's new font: the fit starts again
        self.table_first = False  # a short window's order (see set_table_first)
        self._set_row_height()
        self.table.cellClicked.connect(self._clicked)
        self.table.cellActivated.connect(self._clicked)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName("Best model")
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.verdict.setFont(font)
        self.hint = QLabel("Click a model to make it the focus: every other page then "
                           "shows the reference against it.", self)
        self.hint.setWordWrap(True)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(WARNING_STYLE)
        self.notes.setAccessibleName("Why some models have no finite divergence")
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.verdict)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        layout.addWidget(self.notes)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def show_nothing(self, message: str) -> None:
        """No ranking: say why (no model yet, the reference cannot be used, ...)."""
        self.rows = []
        self.table.setRowCount(0)
        self.table.hide()
        self.notes.hide()
        self.hint.hide()
        self.verdict.hide()
        self.title.setText("Ranking")
        self.message.setText(message)
        self.message.show()

    def show_ranking(self, rows: Sequence[RankRow], unit: str, digits: int,
                     reference: str = "P") -> None:
        """Show ``rows`` (best first) with figures in ``unit`` to ``digits`` significant
        digits; ``reference`` names P in the title."""
        self.rows = list(rows)
        self.message.hide()
        self.table.show()
        self.hint.show()
        count = len(self.rows)
        self.title.setText(f"{count} model{'s' if count != 1 else ''} against {reference}, "
                           "best first: the smallest D(P‖Q) loses least information")
        if self.table_first:
            self.setToolTip(self.title.text())
        self._unit = unit
        self._set_headers(self.short_headers)
        finite = [r.figures.kl_pq for r in self.rows
                  if r.figures is not None and math.isfinite(r.figures.kl_pq)]
        longest = max(finite, default=0.0)
        # Qt fits a ResizeToContents column again at every setItem (its 64 items cost
        # 18–28 ms a ranking): the columns are held Fixed while filled, fitted once after
        header = self.table.horizontalHeader()
        fitted = [c for c in range(self.table.columnCount()) if c != BAR_COLUMN
                  and header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents]
        for column in fitted:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        try:
            self.table.setRowCount(count)
            notes = self._fill_rows(unit, digits, longest, reference)
        finally:
            for column in fitted:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.verdict.setText(localize(self._verdict(reference, unit, digits)))
        self.verdict.setVisible(bool(self.verdict.text()))
        self.notes.setText("<br>".join(notes))
        self.notes.setVisible(bool(notes))
        self._measure_values()
        self._fit_bars()
        self._fit_height()

    def _fill_rows(self, unit: str, digits: int, longest: float, reference: str
                   ) -> list[str]:
        """Every row of the table filled; the notes under it (rich text), one for each
        model that cannot be compared or whose D(P‖Q) is ∞."""
        notes = []
        for i, row in enumerate(self.rows):
            self._fill(i, row, unit, digits, longest)
            if row.problem:
                problem = localize(row.problem, keep_quoted=True)
                if problem.startswith(row.name + ":"):
                    problem = problem[len(row.name) + 1:].lstrip()
                notes.append(f"<b>{escape(row.name, quote=False)} cannot be compared</b>: "
                             f"{escape(problem, quote=False)}")
            elif row.reason:
                pair = escape(f"D({reference}‖{row.name}) = ∞", quote=False)
                reason = escape(localize(row.reason, keep_quoted=True), quote=False)
                notes.append(f"<b>{pair}</b>: {reason}")
        return notes

    def _set_headers(self, short: bool) -> None:
        """The columns' titles, the unit on a line of their own; ``short``: the
        :data:`SHORT_COLUMNS` ones (the tooltips keep the full words)."""
        self.short_headers = short
        unit = self._unit
        titles = [SHORT_COLUMNS.get(c, c) if short else c for c in COLUMNS]
        self.table.setHorizontalHeaderLabels(
            [f"{c}\n({unit})" if i in _IN_UNIT else c for i, c in enumerate(titles)])
        for i, meaning in enumerate(_MEANINGS):
            self.table.horizontalHeaderItem(i).setToolTip(
                f"{meaning}, in {unit}" if i in _IN_UNIT else meaning)

    def _measure_values(self) -> None:
        """The room the bar delegate keeps for the widest D(P‖Q) value, in its font."""
        self.bars.text_width = max(
            (QFontMetrics(self._font_of(self.table.item(i, BAR_COLUMN)))
             .horizontalAdvance(self.table.item(i, BAR_COLUMN).text())
             for i in range(self.table.rowCount())), default=0) + 4

    def _font_of(self, item: QTableWidgetItem) -> QFont:
        """The font ``item`` is drawn in: its own, else the table's."""
        own = item.data(Qt.ItemDataRole.FontRole)
        return own if isinstance(own, QFont) else self.table.font()

    def bar_least_width(self, bar: bool = True) -> int:
        """The narrowest the D(P‖Q) column may be, pixels: its widest value and (``bar``)
        a short bar as long as four digits and the gap after it, in the delegate's
        padding."""
        if not bar:
            return self.bars.text_width + 6 + 6
        digits = self.table.fontMetrics().horizontalAdvance("0000")
        return self.bars.text_width + digits + 6 + 8 + 6

    def _others_width(self) -> int:
        header = self.table.horizontalHeader()
        if self.tight:  # set by _set_tight (Qt keeps them to its least section size)
            return sum(header.sectionSize(c) for c in range(header.count())
                       if c != BAR_COLUMN)
        return sum(self._column_width(c) for c in range(header.count()) if c != BAR_COLUMN)

    def _column_width(self, column: int) -> int:
        """What a column other than D(P‖Q) needs: its widest value and its title, the
        title with Qt's padding, or (:attr:`tight`) only the header's margins."""
        table, header = self.table, self.table.horizontalHeader()
        if not self.tight:
            return max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        return max(table.sizeHintForColumn(column), self.title_width(column))

    def title_width(self, column: int) -> int:
        """The width a column's title needs, in pixels: its longest line and the
        header's label margins (Qt's size hint adds a few pixels more)."""
        header = self.table.horizontalHeader()
        item = self.table.horizontalHeaderItem(column)
        metrics = header.fontMetrics()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        return max(metrics.horizontalAdvance(line) for line in item.text().split("\n")) \
            + 2 * margin + 2

    def _set_tight(self, tight: bool) -> None:
        """The columns other than D(P‖Q) fitted by Qt to their contents, or (``tight``)
        set here to :meth:`_column_width`, with less padding round their titles."""
        self.tight = tight
        header = self.table.horizontalHeader()
        # Qt's least section size (26 px at 100%) held "#" wider than its title
        header.setMinimumSectionSize(min(self.title_width(c) for c in range(header.count()))
                                     if tight else -1)
        mode = QHeaderView.ResizeMode.Fixed if tight \
            else QHeaderView.ResizeMode.ResizeToContents
        for column in range(self.table.columnCount()):
            if column != BAR_COLUMN:
                header.setSectionResizeMode(column, mode)
                if tight:
                    header.resizeSection(column, self._column_width(column))

    def _fit_bars(self) -> None:
        """The D(P‖Q) column as wide as the room the other columns (fitted to their
        headers and values) leave, and at least :meth:`bar_least_width`. Where the
        page is too narrow for every column (1024×768 scrolled ~60 px sideways), the
        bar yields first (the value stays), then the long titles take their short
        words (:data:`SHORT_COLUMNS`), then the text steps down towards the window's
        own size (:data:`FONT_STEPS`; 1366×768 at 150% scrolled ~90 px), then the
        titles keep only the header's margins (:attr:`tight`); no number is ever cut."""
        self._fitting = True
        try:
            table, header = self.table, self.table.horizontalHeader()
            room = table.viewport().width()
            last = len(FONT_STEPS) - 1
            looks = [(False, 0, False)] + [(True, step, False) for step in range(last + 1)] \
                + [(True, last, True)]
            for short, step, tight in looks:  # the first that fits, else the last
                self._set_look(short, step)
                if tight or self.tight:
                    self._set_tight(tight)
                others = self._others_width()
                if others + self.bar_least_width(bar=False) <= room:
                    break
            least = self.bar_least_width(bar=others + self.bar_least_width() <= room)
            width = max(least, room - others)
            if header.sectionSize(BAR_COLUMN) != width:
                header.resizeSection(BAR_COLUMN, width)
        finally:
            self._fitting = False
        self._fit_height()

    def _set_look(self, short: bool, step: int) -> None:
        """The titles (``short``: :data:`SHORT_COLUMNS`) and the text size
        (:data:`FONT_STEPS` [``step``]) of the table, where they differ from those shown."""
        if short != self.short_headers:
            self._set_headers(short)
        size = self._full_size * FONT_STEPS[step]
        table, header = self.table, self.table.horizontalHeader()
        if step == self.font_step and table.font().pointSizeF() == size \
                and header.font().pointSizeF() == size:
            return
        self.font_step = step
        font = QFont(table.font())
        font.setPointSizeF(size)
        self._own_change = True
        try:
            table.setFont(font)
            header.setFont(font)
        finally:
            self._own_change = False
        self._set_row_height()
        for i in range(table.rowCount()):  # the bold names and ∞ follow the new size
            for column in range(table.columnCount()):
                item = table.item(i, column)
                if item is not None and item.data(Qt.ItemDataRole.FontRole) is not None:
                    item.setFont(self._item_font(item.text()))
        self._measure_values()

    def _item_font(self, text: str) -> QFont:
        """A model's name and ∞: bold (∞ larger: the sign is small in most fonts)."""
        font = QFont(self.table.font())
        font.setBold(True)
        if text == "∞":
            font.setPointSizeF(font.pointSizeF() * 1.3)
        return font

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.table.viewport() and self.rows:
            if self._fitting:  # a new font came with a scroll bar: fit once more after
                self._refit.start()
            else:
                self._fit_bars()
        elif kind == QEvent.Type.FontChange and watched is self.table \
                and not self._own_change:
            # the zoom gave the table a new size: its full one, from which the fit
            # steps down again
            self._full_size = self.table.font().pointSizeF()
            self.font_step = -1  # unknown: the next fit sets the font and the items' again
            if self.rows:
                self._refit.start()
        return super().eventFilter(watched, event)

    def _fit_height(self) -> None:
        """As tall as its rows (no empty grid below them), up to what the page has."""
        table = self.table
        rows = sum(table.rowHeight(i) for i in range(table.rowCount()))
        height = table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()
        # room for a sideways scroll bar only where the columns are wider than the
        # view (it left an empty strip under the rows at 1366×768)
        if table.horizontalHeader().length() > table.viewport().width():
            height += table.horizontalScrollBar().sizeHint().height()
        table.setMaximumHeight(height + 2)
        table.setMinimumHeight(min(height + 2, 6 * table.verticalHeader().defaultSectionSize()))

    def set_table_first(self, first: bool) -> None:
        """``first`` (a short window: at 1366×768 and 150% the page showed its title
        and verdict and one row at a time): the table at the top, its rows lower, the
        verdict under it and the title in the page's tooltip (the Rank column says
        "best first"); else the title, the verdict and the table."""
        layout = self.layout()
        if self.table_first == first:
            return
        self.table_first = first
        self.title.setVisible(not first)
        self.setToolTip(self.title.text() if first else "")
        layout.removeWidget(self.verdict)
        layout.insertWidget(layout.indexOf(self.table) + (1 if first else 0), self.verdict)
        self._set_row_height()
        self._fit_height()

    def _set_row_height(self) -> None:
        """Rows 2.2 lines tall (read from the back of a room), 1.7 in a short window."""
        factor = 1.7 if self.table_first else 2.2
        self.table.verticalHeader().setDefaultSectionSize(
            int(self.table.fontMetrics().height() * factor))

    def key_height(self) -> int:
        """The height from the top of the page to the foot of the table (every model's
        row), at the page's width, in pixels: what the window gives the page before the
        chart's axis title (at 1366×768 and 150% one row showed at a time). 0 without a
        ranking (the page's first lines are then enough)."""
        if not self.rows or self.table.isHidden():
            return 0
        return height_above(self, self.table) + self.table.maximumHeight()  # (_fit_height)

    def _verdict(self, reference: str, unit: str, digits: int) -> str:
        """The lesson in one sentence: which model fits the reference best."""
        best = [r for r in self.rows if r.rank == 1 and r.figures is not None
                and math.isfinite(r.figures.kl_pq)]
        if not best:
            return ""
        value = f"{format_figure(best[0].figures.kl_pq, digits)} {unit}"
        if len(best) > 1:
            names = ", ".join(r.name for r in best[:-1]) + " and " + best[-1].name
            return (f"{names} fit {reference} equally well: D({reference}‖Q) = {value} "
                    "for each.")
        who = best[0].name
        return (f"{who} fits {reference} best: D({reference}‖{who}) = {value} is the "
                "least information lost.")

    def _fill(self, i: int, row: RankRow, unit: str, digits: int, longest: float) -> None:
        f = row.figures
        tip = row.note
        for column, name in enumerate(_FIGURES):
            if column == 0:
                text = "—" if row.rank is None else str(row.rank)
            elif column == 1:
                text = row.name
            elif f is None:
                text = "cannot be compared" if column == BAR_COLUMN else "—"
            else:
                text = figure_text(getattr(f, name), digits)
            item = QTableWidgetItem(text)
            align = Qt.AlignmentFlag.AlignRight if column in (0,) or column > BAR_COLUMN \
                else Qt.AlignmentFlag.AlignLeft
            item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            if column == 1 or text == "∞":
                item.setFont(self._item_font(text))
            if f is not None and name is not None:
                value = getattr(f, name)
                shown_unit = unit if column in _IN_UNIT else ""
                item.setToolTip(f"{full_precision_text(value)} {shown_unit}".rstrip()
                                + (f"\n{localize(tip, keep_quoted=True)}" if tip else ""))
            elif tip:
                item.setToolTip(localize(tip, keep_quoted=True))
            if column == BAR_COLUMN:
                if f is None:
                    item.setData(BAR_ROLE, None)
                elif math.isinf(f.kl_pq):
                    item.setData(BAR_ROLE, "inf")
                else:
                    item.setData(BAR_ROLE, f.kl_pq / longest if longest > 0 else 0.0)
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             f"D(P‖{row.name}) = {text}")
            self.table.setItem(i, column, item)

    def _clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.rows):
            self.focusRequested.emit(self.rows[row].name)
