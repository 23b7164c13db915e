"""How wide a table's column must be for the texts it shows: the rows on screen, the
width of their widest text and one cell margin. The outcome table's
:class:`~klgui.ui.table.column_widths.ColumnWidths` and the labs'
:class:`~klgui.ui.pages.labs.lab_table.LabTable` both fit their columns with these, so a
text is measured alike wherever it is shown."""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QStyle, QTableView

__all__ = ["MEASURED_ROWS", "ITALIC_OVERHANG", "rows_on_screen", "cell_margin", "text_width"]

#: The most rows measured at once (the rows on screen: a tall window at 50% shows ~100).
MEASURED_ROWS = 200
#: Pixels an italic text's last letter leans out past its advance (a p of a family).
ITALIC_OVERHANG = 2


def rows_on_screen(view: QTableView, limit: int = MEASURED_ROWS) -> range:
    """The rows ``view`` shows (at most ``limit`` of them, from the first shown)."""
    n = view.model().rowCount()
    first = max(view.rowAt(0), 0)
    last = view.rowAt(view.viewport().height() - 1)
    last = n - 1 if last < 0 else last
    return range(first, min(last + 1, first + limit, n))


def cell_margin(view: QTableView) -> int:
    """What a cell of ``view`` adds to its text's width, in pixels: the delegate's text
    margins and the grid line, as Qt's own fitting (``resizeColumnsToContents``) adds
    them."""
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return 2 * margin + (1 if view.showGrid() else 0)


def text_width(view: QTableView, texts: Iterable[str], font: QFont | None = None) -> int:
    """The width, in pixels, of a cell of ``view`` that shows the widest of ``texts``
    whole in ``font`` (else the view's): its width, :func:`cell_margin` and, in an italic
    font, :data:`ITALIC_OVERHANG`; 0 when every text is empty."""
    font = view.font() if font is None else font
    metrics = QFontMetricsF(font)
    widest = max((metrics.horizontalAdvance(t) for t in texts if t), default=0.0)
    if not widest:
        return 0
    return math.ceil(widest) + cell_margin(view) + (ITALIC_OVERHANG if font.italic() else 0)
