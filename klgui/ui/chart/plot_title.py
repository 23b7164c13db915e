"""The title of a :class:`~klgui.ui.chart.bar_plot.BarPlot`, fitted to its width: 12 pt
times the zoom, smaller when it would not fit (a pyqtgraph title does not wrap), or its
short form when even 8 pt is too wide. A mixin of BarPlot; it uses the plot's ``_zoom``,
``_ink``, ``_title``, ``_short``, ``_shown`` and pyqtgraph's ``setTitle``.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QTextDocumentFragment

__all__ = ["FittedTitle"]


class FittedTitle:
    """A BarPlot's title, fitted to the plot's width (mixed into it)."""

    def _fitted_title_pt(self, html: str) -> float:
        """12 pt times the zoom, or smaller so the title fits the plot's width (a
        pyqtgraph title does not wrap: it would be cut off)."""
        size = 12 * self._zoom
        if not html or self.width() < 50:
            return size
        font = QFont(self.font())
        font.setPointSizeF(size)
        font.setBold(True)  # the value is bold: measure as if all were
        text = QTextDocumentFragment.fromHtml(html).toPlainText()
        width = QFontMetrics(font).horizontalAdvance(text)
        # the title is centred over the bars' view: room for the plot's width less the
        # value axis and the margins of the text item that draws it (not the view's
        # width: a title too wide for the plot widens the view beyond the plot)
        axis = self.getPlotItem().getAxis("left")
        room = self.width() - axis.width() - 24
        return size if width <= room else max(round(size * room / width, 1), 8.0)

    def set_title(self, html: str, size: str | None = None, short: str | None = None) -> None:
        """A title in the palette's text colour (kept when the palette changes), at
        12 pt times the zoom unless ``size`` says otherwise; ``short``, if given, takes
        its place where the title would not fit even at 8 pt (a narrow plot)."""
        if short is not None or self._short[0] != html:
            self._short = (html, short)
        shown, size = self._title_choice(html, size)
        if (html, size) == self._title and shown == self._shown:
            return  # laying out rich text again costs more than the rest of an update
        self._title, self._shown = (html, size), shown
        self.setTitle(shown or None, color=self._ink.name(), size=size)  # None: no title row

    def _title_choice(self, html: str, size: str | None = None) -> tuple[str, str]:
        """The title to show (``html`` or its short form) and its size."""
        shown, short = html, self._short[1] if self._short[0] == html else None
        if short and size is None and self._fitted_title_pt(html) <= 8.0 \
                and self._fitted_title_pt(short) > 8.0:
            shown = short
        return shown, size or f"{self._fitted_title_pt(shown):g}pt"

    def _refit_title(self) -> None:
        if getattr(self, "_title", None) is not None and self._title[0]:
            html, size = self._title
            if self._title_choice(html) != (self._shown, size):
                self._title = None
                self.set_title(html)
