"""How each distribution column looks on a chart, and the key that names them.

Colour never carries meaning alone: the reference is solid, every model has its own
hatch over a light tint of its colour, and the key shows the same swatches with the
columns' names. Colours are Okabe–Ito's (told apart with every common colour-vision
deficiency); after six models they repeat, with a different hatch, so that every
(colour, hatch) pair stays unique for 42 models.

The key is a graphics item in the chart's own scene, so an exported picture of the chart
carries it. It wraps its entries into as many rows as the chart's width needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QSizePolicy

from klgui.ui.chart.safe_drawing import _drawn_safely, _nothing
from klgui.ui.shell.look import BLUE, GREEN, ORANGE, VERMILLION

#: Okabe–Ito's reddish purple, sky blue and yellow (the others are in look.py).
PURPLE, SKY, YELLOW = "#CC79A7", "#56B4E9", "#F0E442"
REFERENCE_COLOUR = BLUE
MODEL_COLOURS = (ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW)
#: One hatch per model; the first is the horizontal stripes the app has always used for q.
MODEL_HATCHES = (Qt.BrushStyle.HorPattern, Qt.BrushStyle.FDiagPattern,
                 Qt.BrushStyle.VerPattern, Qt.BrushStyle.BDiagPattern,
                 Qt.BrushStyle.CrossPattern, Qt.BrushStyle.DiagCrossPattern,
                 Qt.BrushStyle.Dense5Pattern)
_TINT_ALPHA = 80  # the tint under a hatch: light enough for the hatch lines to show
FOCUS_PEN_WIDTH = 3.0


@dataclass(frozen=True)
class ColumnStyle:
    """The look of one column's bars: a ``tint`` fill under a ``hatch`` fill (no hatch
    for the solid reference), and an ``outline`` pen."""

    colour: str
    hatch: Qt.BrushStyle | None
    describe: str  #: the look in words ("solid blue", "orange, horizontal stripes")

    @property
    def tint(self) -> QBrush:
        if self.hatch is None:
            return QBrush(QColor(self.colour))
        tint = QColor(self.colour)
        tint.setAlpha(_TINT_ALPHA)
        return QBrush(tint)

    def pattern(self, ink: QColor) -> QBrush:
        """The hatch, in the colour a shade towards the text colour ``ink`` (darker on a
        light background, lighter on a dark one), so its lines stand out of the tint."""
        if self.hatch is None:
            return QBrush(Qt.BrushStyle.NoBrush)
        return QBrush(_towards(self.colour, ink, 115), self.hatch)

    def outline(self, focus: bool, ink: QColor) -> QPen:
        """The bars' edge: the colour a shade towards ``ink`` (so yellow shows on white),
        or for the focus model a thick line in the text colour ``ink``."""
        pen = QPen(ink if focus else _towards(self.colour, ink, 140))
        pen.setWidthF(FOCUS_PEN_WIDTH if focus else 1.0)
        pen.setCosmetic(True)
        return pen


def _towards(colour: str, ink: QColor, factor: int) -> QColor:
    """``colour`` darker by ``factor`` percent on a light background (dark ``ink``),
    lighter on a dark one."""
    c = QColor(colour)
    return c.lighter(factor) if ink.lightness() > 128 else c.darker(factor)


_COLOUR_NAMES = {BLUE: "blue", ORANGE: "orange", GREEN: "green", PURPLE: "purple",
                 SKY: "sky blue", VERMILLION: "vermillion", YELLOW: "yellow"}
_HATCH_NAMES = {Qt.BrushStyle.HorPattern: "horizontal stripes",
                Qt.BrushStyle.FDiagPattern: "diagonal stripes (╲)",
                Qt.BrushStyle.VerPattern: "vertical stripes",
                Qt.BrushStyle.BDiagPattern: "diagonal stripes (╱)",
                Qt.BrushStyle.CrossPattern: "grid",
                Qt.BrushStyle.DiagCrossPattern: "diagonal grid",
                Qt.BrushStyle.Dense5Pattern: "dots"}


def column_style(index: int) -> ColumnStyle:
    """The look of the column at ``index`` (0 is the reference: solid blue)."""
    if index == 0:
        return ColumnStyle(REFERENCE_COLOUR, None, "solid blue")
    m = index - 1
    colour = MODEL_COLOURS[m % len(MODEL_COLOURS)]
    hatch = MODEL_HATCHES[m % len(MODEL_HATCHES)]
    return ColumnStyle(colour, hatch, f"{_COLOUR_NAMES[colour]}, {_HATCH_NAMES[hatch]}")


@dataclass(frozen=True)
class KeyEntry:
    name: str
    style: ColumnStyle
    role: str  #: "reference", "focus" or "" (another model)
    plain: bool = False  #: drawn as the chart draws bars too narrow for a hatch

    @property
    def text(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


_SWATCH = QSizeF(30.0, 18.0)
_GAP, _SPACING, _ROW_GAP, _MARGIN = 6.0, 22.0, 4.0, 4.0


class ColumnKey(pg.GraphicsWidget):
    """A row (or rows) of swatches with the columns' names, above the plot."""

    def __init__(self, font: QFont) -> None:
        super().__init__()
        self.entries: list[KeyEntry] = []
        self._font = QFont(font)
        self._bold = QFont(font)
        self._bold.setBold(True)
        self._ink = QColor(0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fit(400.0)

    def set_entries(self, entries: Sequence[KeyEntry]) -> None:
        entries = list(entries)
        if entries == self.entries:
            return
        self.entries = entries
        self._fit(self.size().width())
        self.update()

    def set_ink(self, ink: QColor) -> None:
        self._ink = QColor(ink)
        self.update()

    def texts(self) -> list[str]:
        """What the key says, entry by entry ("P (reference)", "Model A (focus)")."""
        return [e.text for e in self.entries]

    # -- layout --------------------------------------------------------------------
    def _entry_width(self, entry: KeyEntry) -> float:
        font = self._bold if entry.role == "focus" else self._font
        return _SWATCH.width() + _GAP + QFontMetricsF(font).horizontalAdvance(entry.text)

    def _row_height(self) -> float:
        return max(_SWATCH.height(), QFontMetricsF(self._bold).height())

    def rows(self, width: float) -> list[list[int]]:
        """The entries (by index) on each row when the key is ``width`` pixels wide."""
        rows: list[list[int]] = [[]]
        used = 0.0
        for i, entry in enumerate(self.entries):
            w = self._entry_width(entry)
            if rows[-1] and used + _SPACING + w > width - 2 * _MARGIN:
                rows.append([])
                used = 0.0
            used += (_SPACING if rows[-1] else 0.0) + w
            rows[-1].append(i)
        return rows

    def _fit(self, width: float) -> None:
        count = len(self.rows(width)) if self.entries else 0
        height = 2 * _MARGIN + count * self._row_height() + max(count - 1, 0) * _ROW_GAP
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)
            self.setPreferredHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit(event.newSize().width())

    # -- drawing -------------------------------------------------------------------
    @_drawn_safely(_nothing)
    def paint(self, p, *args) -> None:
        width = self.size().width()
        row_h = self._row_height()
        y = _MARGIN
        for row in self.rows(width):
            total = sum(self._entry_width(self.entries[i]) for i in row)
            total += _SPACING * (len(row) - 1)
            x = max((width - total) / 2, _MARGIN)  # each row centred
            for i in row:
                x = self._paint_entry(p, self.entries[i], x, y, row_h) + _SPACING
            y += row_h + _ROW_GAP

    def _paint_entry(self, p, entry: KeyEntry, x: float, y: float, row_h: float) -> float:
        swatch = QRectF(QPointF(x, y + (row_h - _SWATCH.height()) / 2), _SWATCH)
        focus = entry.role == "focus"
        p.setPen(Qt.PenStyle.NoPen)
        if entry.plain:
            p.setBrush(QColor(entry.style.colour))
            p.drawRect(swatch)
        else:
            p.setBrush(entry.style.tint)
            p.drawRect(swatch)
            p.setBrush(entry.style.pattern(self._ink))
            p.setPen(entry.style.outline(focus, self._ink))
            p.drawRect(swatch)
        font = self._bold if focus else self._font
        p.setFont(font)
        p.setPen(self._ink)
        text_x = swatch.right() + _GAP
        text_w = QFontMetricsF(font).horizontalAdvance(entry.text) + 2
        p.drawText(QRectF(text_x, y, text_w, row_h),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), entry.text)
        return text_x + text_w - 2

    @_drawn_safely(QRectF)
    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.size().width(), self.size().height())
