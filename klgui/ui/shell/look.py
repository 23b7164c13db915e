"""Colours and icons that follow the system's light or dark palette.

The data colours are Okabe–Ito's (told apart with every common colour-vision
deficiency), and meaning never rests on colour alone: negative terms and q are striped,
infinite terms hatched and marked ∞, and the key says it in words. Text, axes and
backgrounds take the palette's own colours, so a dark desktop gets a dark chart.
"""

from __future__ import annotations

from functools import cache

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QIcon, QPalette, QTextDocumentFragment
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QLineEdit, QSpinBox,
                               QWidget)

from klgui.paths import resource_path

#: Okabe–Ito colours.
BLUE, ORANGE, VERMILLION, GREEN = "#0072B2", "#E69F00", "#D55E00", "#009E73"
#: The pattern that tells a bar apart without its colour (negative terms, q).
STRIPES = Qt.BrushStyle.HorPattern

#: A message about a problem: a translucent vermillion tint reads on light and dark.
WARNING_STYLE = ("color: palette(text); background: rgba(213, 94, 0, 40); "
                 "border: 1px solid #D55E00; border-radius: 4px; padding: 4px;")

#: High contrast's outlines (View ▸ Theme): the bars' and the controls' edges.
CONTRAST_YELLOW, CONTRAST_CYAN = "#FFFF00", "#00FFFF"
#: The application property holding the theme's key (klgui.ui.shell.theme sets it).
THEME_PROPERTY = "klgui_theme"

PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


def ink(widget: QWidget) -> QColor:
    """The colour of text on ``widget``'s background."""
    return widget.palette().color(QPalette.ColorRole.Text)


def paper(widget: QWidget) -> QColor:
    """The background for data (a table's or a chart's)."""
    return widget.palette().color(QPalette.ColorRole.Base)


def high_contrast() -> bool:
    """Whether the high-contrast theme is on: charts outline their bars then."""
    app = QApplication.instance()
    return app is not None and app.property(THEME_PROPERTY) == "contrast"


def style_plot(plot: pg.PlotWidget, source: QWidget | None = None) -> QColor:
    """Background, axes and axis text of ``plot`` in the palette colours of ``source``
    (default: the plot); returns the ink, for the caller's own lines and titles."""
    source = source or plot
    colour = ink(source)
    plot.setBackground(paper(source))
    for name in ("left", "bottom"):
        axis = plot.getPlotItem().getAxis(name)
        axis.setTextPen(colour)
        axis.setPen(colour)
    return colour


@cache
def icon(name: str) -> QIcon:
    """An icon of resources/icons (SVG: sharp at any screen density)."""
    return QIcon(str(resource_path(f"icons/{name}.svg")))


def describe_controls(root: QWidget) -> None:
    """Give every control under ``root`` an accessible description from its tooltip
    (what a sighted person reads on hovering), where it has none of its own."""
    kinds = (QAbstractButton, QComboBox, QLineEdit, QSpinBox)
    for widget in root.findChildren(QWidget):
        if isinstance(widget, kinds) and not widget.accessibleDescription():
            tip = widget.toolTip()
            if tip:
                widget.setAccessibleDescription(QTextDocumentFragment.fromHtml(tip).toPlainText())
