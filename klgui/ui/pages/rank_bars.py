"""The ranking's D(P‖Qᵢ) column: each model's divergence as a horizontal bar beside its
value (:class:`BarDelegate`), ∞ as a hatched full bar."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from klgui.ui.pages.heat_colours import paint_hatched
from klgui.ui.shell.look import BLUE, VERMILLION, ink

__all__ = ["BarDelegate", "BAR_ROLE"]

#: Item data: the bar's length as a fraction of the longest finite one, "inf", or None.
BAR_ROLE = Qt.ItemDataRole.UserRole + 1


class BarDelegate(QStyledItemDelegate):
    """D(P‖Qᵢ) as a horizontal bar with its value beside it; ∞ a hatched full bar.
    ``text_width`` (pixels) is kept free on the right for the widest value."""

    text_width = 0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        length = index.data(BAR_ROLE)
        rect = QRectF(opt.rect).adjusted(6, 6, -6, -6)
        metrics = opt.fontMetrics
        room = max(self.text_width, metrics.horizontalAdvance("0" * 10))
        bar = QRectF(rect.left(), rect.top(), max(rect.width() - room - 8, 0), rect.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pen = opt.palette.highlightedText().color() if selected else ink(widget)
        if bar.width() <= 0:
            pass  # a narrow page: the value alone (a 2 px stub ran into it)
        elif length == "inf":
            paint_hatched(painter, bar, QColor(VERMILLION).lighter(160), QColor(VERMILLION))
            painter.setPen(QColor(VERMILLION))
            painter.drawRect(bar)
        elif isinstance(length, float) and length > 0:
            filled = QRectF(bar.left(), bar.top(), max(bar.width() * length, 2.0), bar.height())
            painter.fillRect(filled, QColor(BLUE))
        painter.setPen(pen)
        font = QFont(opt.font)
        if length == "inf":
            font.setBold(True)
        painter.setFont(font)
        # no room for a bar (a narrow page): the value alone, from the cell's padding
        left = bar.right() + 8 if bar.width() > 0 else rect.left()
        text_rect = QRectF(left, rect.top(), rect.right() - left, rect.height())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         text)
        painter.restore()
