"""The outcome table's column widths.

Each number column is as wide as its header and the texts it shows on screen need (the
entries as typed; p, q and a family's probabilities with the digits chosen, never wider
than the widest such figure, e.g. 8.88888e−888), so a table of several distributions
fits beside the chart at 1024×768 instead of hiding q behind its scroll bar. Columns grow
when a text needs more room (a new result, rows scrolled into view) and never shrink
then, so a slider's gesture does not make them twitch; they are fitted again, narrower if
they can be, when the columns, the digits or the zoom change. A width a person dragged is
kept until then. Where the table has no room for that (:attr:`ColumnWidths.compact`, set
by the window in presentation mode at 1024×768), the computed columns are as wide as
their texts alone, and q shows instead of scrolling sideways.

The label column ("Outcome") takes the room the other columns leave, as a stretched
column would, but never less than its header's word: Qt's stretch mode keeps a stretched
section at its old size when there is no room left to share out (a narrow, zoomed table
showed "Jutcome" or "utcon"), whatever the header's minimum section size says. So the
label column is a fixed section whose width is set here, after every resize of the view,
of another column, and after a font change (a zoom).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from klgui.ui.table.outcome_model import LABEL, OutcomeTableModel
from klgui.ui.table.text_widths import cell_margin, rows_on_screen, text_width

__all__ = ["ColumnWidths"]


class ColumnWidths(QObject):
    """Fits the number columns of ``view`` (over an :class:`OutcomeTableModel`) to their
    texts and keeps its label column stretched to the room left, never narrower than
    its header's text."""

    #: The widths the columns need changed: the table may be given more or less room.
    sigNeedChanged = Signal()

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self._busy = False  # the widths are being set here, not by a person
        self._dragged: set[int] = set()  # columns a person made wider or narrower
        #: per column, its title and the longest text (in characters) measured since it
        #: was last fitted: a text no longer than that is taken to fit (digits are of
        #: one width)
        self._measured: dict[int, tuple[str | None, int]] = {}
        self.label_minimum = 0
        #: the computed columns without their room for every digit of 0.0123457: only as
        #: wide as their texts on screen (see :meth:`set_compact`)
        self.compact = False
        self._label_needed: tuple = (None, 0)  # what label_needed measured, and for what
        self._grow_timer = QTimer(self, singleShot=True, interval=0)
        self._grow_timer.timeout.connect(lambda: self.fit(grow_only=True))
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Fixed)
        header.sectionResized.connect(self._section_resized)
        header.installEventFilter(self)  # its font changes after the table's on a zoom
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)  # shown again (F9): fit what could not be measured
        # Qt's own fitting (a double-click on a column's edge) measures the rows on screen
        # too, as this does, not the first thousand rows
        view.horizontalHeader().setResizeContentsPrecision(0)
        model: OutcomeTableModel = view.model()
        self.model = model
        for signal in (model.modelReset, model.columnsInserted, model.columnsRemoved):
            signal.connect(self.refit)
        model.headerDataChanged.connect(self._grow_soon)
        # at once: a new result's p and q are never shown cut, not even for one paint
        model.dataChanged.connect(lambda first, last, *_: self.fit(
            grow_only=True, columns=range(first.column(), last.column() + 1)))
        model.rowsInserted.connect(self._grow_soon)
        view.verticalScrollBar().valueChanged.connect(self._grow_soon)
        self.measure_label()

    def refit(self, *_) -> None:
        """Fit every number column again, narrower where it can be; widths dragged by
        hand are forgotten (new columns, digits or zoom)."""
        self._dragged.clear()
        self._measured.clear()
        self.fit()

    def _grow_soon(self, *_) -> None:
        self._grow_timer.start()  # once for the many signals of one change

    def fit(self, grow_only: bool = False, columns: range | None = None) -> None:
        """Each number column (of ``columns``, else all) as wide as its header and its
        texts on screen need (``grow_only``: only wider), the label column the room
        left."""
        header, view = self.view.horizontalHeader(), self.view
        if not view.isVisible():
            return  # which rows show is not known; fitted when shown
        changed = False
        for column in columns if columns is not None else range(1, header.count()):
            if column in self._dragged or not 0 < column < header.count():
                continue
            texts = self.texts(column)
            longest = max(map(len, texts), default=0)
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            seen_title, seen = self._measured.get(column, (None, -1))
            if grow_only and title == seen_title and longest <= seen:
                # no text on screen is longer than one measured for this width (a slider
                # step at 1e5 outcomes spent ~2.5 ms measuring the same widths again)
                continue
            self._measured[column] = (title, max(longest, seen) if grow_only else longest)
            width = max(self.needed(column, texts), header.minimumSectionSize())
            current = header.sectionSize(column)
            if width > current or (width < current and not grow_only):
                self._set(column, width)
                changed = True
        self.stretch_label()
        if changed:
            self.sigNeedChanged.emit()

    def set_compact(self, compact: bool) -> None:
        """Fit the computed columns to their texts alone (``compact``) or with room for
        every digit of a figure from 0.01 up (the default, which never twitches)."""
        compact = bool(compact)
        if compact != self.compact:
            self.compact = compact
            self.refit()

    def full_width(self) -> int:
        """The width of every column but the label's, in pixels, were they not
        :attr:`compact`."""
        header = self.view.horizontalHeader()
        return sum(max(header.sectionSize(c), self.needed(c, floor=True))
                   if self.compact and c not in self._dragged else header.sectionSize(c)
                   for c in range(header.count())
                   if c != LABEL and not header.isSectionHidden(c))

    def number_width(self, digits: int) -> int:
        """A column width that shows any probability with ``digits`` significant digits
        (e.g. 3.41342e−300) whole, with the cell's margins; more digits are in the
        cell's tooltip."""
        widest = "8." + "8" * (max(digits, 1) - 1) + "e−888"
        return text_width(self.view, [widest], self._cell_font(italic=True))  # a family's

    def texts(self, column: int) -> list[str]:
        """The texts ``column`` shows in the rows on screen."""
        return self.model.shown_texts(column, self.rows_on_screen())

    def needed(self, column: int, texts: list[str] | None = None,
               floor: bool | None = None) -> int:
        """The width ``column`` needs for its header and the texts of the rows on
        screen. A computed column (p, q, a family's) is at least as wide as a figure
        from 0.01 up with every digit (0.0123457: such changes never make it twitch;
        ``floor`` False, or None when :attr:`compact`: not) and at most
        :meth:`number_width`."""
        header, model = self.view.horizontalHeader(), self.model
        computed = column >= model.document.field_count or model.from_family(column)
        texts = list(self.texts(column) if texts is None else texts)
        digits = min(model.document.digits, 10)
        if floor is None:
            floor = not self.compact
        if computed and floor:
            texts.append("0.0" + "8" * digits)
        width = text_width(self.view, texts, self._cell_font(italic=computed))
        if computed:
            width = min(width, self.number_width(digits))
        return max(width, header.sectionSizeHint(column))

    def label_needed(self) -> int:
        """The width the label column needs: its header's word and the labels on screen.
        Measured again only when those labels, the font or the margins change: the
        window's layout asks for it several times a slider step."""
        labels = self.model.document.labels
        font = self.view.font()
        key = (tuple(labels[row] for row in self.rows_on_screen()), font.key(),
               cell_margin(self.view), self.label_minimum)
        if self._label_needed[0] != key:
            self._label_needed = (key, max(self.label_minimum, text_width(
                self.view, key[0], self._cell_font(italic=False))))
        return self._label_needed[1]

    def rows_on_screen(self) -> range:
        """The rows the view shows (at most :data:`~.text_widths.MEASURED_ROWS`)."""
        return rows_on_screen(self.view)

    def _cell_font(self, italic: bool) -> QFont:
        font = QFont(self.view.font())
        font.setItalic(italic)
        return font

    def measure_label(self) -> None:
        """How narrow the label column may be (its header's word with the header's
        margins), and the narrowest any column may be dragged (a short number)."""
        header = self.view.horizontalHeader()
        title = str(self.view.model().headerData(LABEL, Qt.Orientation.Horizontal))
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        self.label_minimum = header.fontMetrics().horizontalAdvance(title) + 2 * margin + 4
        header.setMinimumSectionSize(self.view.fontMetrics().horizontalAdvance("0.00000"))
        self.stretch_label()

    def others_width(self) -> int:
        """The width of every column but the label's, in pixels."""
        header = self.view.horizontalHeader()
        return sum(header.sectionSize(c) for c in range(header.count())
                   if c != LABEL and not header.isSectionHidden(c))

    def stretch_label(self, *_) -> None:
        """The label column as wide as the room the other columns leave in the view, and
        at least as wide as its header's word."""
        header = self.view.horizontalHeader()
        if header.count() <= LABEL:
            return
        width = max(self.label_minimum, self.view.viewport().width() - self.others_width())
        if header.sectionSize(LABEL) != width:
            self._set(LABEL, width)

    def _set(self, column: int, width: int) -> None:
        self._busy = True
        try:
            self.view.horizontalHeader().resizeSection(column, width)
        finally:
            self._busy = False

    def _section_resized(self, column: int, old: int, new: int) -> None:
        if column != LABEL and not self._busy:
            self._dragged.add(column)  # a person's width (or a test's): kept
            self.stretch_label()

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.view.viewport():
            self.stretch_label()
            if event.size().height() > event.oldSize().height():
                self._grow_soon()  # more rows on screen
        elif kind == QEvent.Type.FontChange and watched is self.view.horizontalHeader():
            self.measure_label()
            self.refit()
        elif kind == QEvent.Type.FontChange and watched is self.view:
            self.refit()
        elif kind == QEvent.Type.Show and watched is self.view:
            self.fit()
        return super().eventFilter(watched, event)
