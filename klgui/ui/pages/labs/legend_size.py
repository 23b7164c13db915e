"""A plot key's words at the size of the window's text: pyqtgraph draws a legend's
labels at a size of its own (9 pt), so View ▸ Zoom and presentation mode, which reach
the axes through the plot's font, left the keys small on a projector."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont

__all__ = ["size_legend", "follow_font"]


def follow_font(plot: pg.PlotWidget, legend: pg.LegendItem) -> None:
    """``plot``'s axes (numbers and names) and ``legend``'s words in ``plot``'s font,
    as View ▸ Zoom set it: pyqtgraph draws them in fonts of its own."""
    font = plot.font()
    for side in ("left", "bottom"):
        axis = plot.getPlotItem().getAxis(side)
        axis.setStyle(tickFont=font)
        axis.label.setFont(font)
    size_legend(legend, font)


def size_legend(legend: pg.LegendItem, font: QFont) -> None:
    """``legend``'s words at ``font``'s point size, as the axes' (View ▸ Zoom reaches
    them): pyqtgraph draws a legend's labels at a size of its own, 9 pt by default."""
    size = f"{font.pointSizeF():g}pt"
    if legend.labelTextSize() == size:
        return
    legend.setLabelTextSize(size)
    for _, label in legend.items:  # setLabelTextSize alone does not redraw them
        label.setText(label.text)
    legend.updateSize()
