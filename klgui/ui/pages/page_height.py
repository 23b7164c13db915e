"""How far down a page a widget of its layout begins: the part of a page's
``key_height`` that the ranking and the matrix share (each adds its table's own)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

__all__ = ["height_above"]


def height_above(page: QWidget, widget: QWidget) -> int:
    """The height in pixels from the top of ``page`` to the top of ``widget``, an item
    of its layout: the top margin and every shown item before it at the page's width
    (its height for that width where it has one), with the layout's spacing."""
    layout = page.layout()
    margins = layout.contentsMargins()
    width = max(page.width() - margins.left() - margins.right(), 1)
    height = margins.top()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.isEmpty():
            continue
        if item.widget() is widget:
            break
        height += (item.heightForWidth(width) if item.hasHeightForWidth()
                   else item.sizeHint().height()) + layout.spacing()
    return height
