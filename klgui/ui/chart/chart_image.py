"""The chart as a picture: PNG (at twice the screen resolution) or SVG (vector).

pyqtgraph's own SVGExporter fails with this Qt (pyqtgraph issue #3485: Qt now writes
path coordinates without commas), so both formats are painted with Qt directly:
every visible plot, stacked top to bottom, then the colour key, onto a QImage or a
QSvgGenerator, always on white with black text (a dark window prints light).

Two things make the SVG the same picture as the PNG:

- the generator's resolution is the screen's (96 dpi), not its default 72: pyqtgraph
  draws axes from a cached QPicture, which Qt replays scaled by the ratio of the two
  resolutions (the axes and labels came out at 0.75 size, under the wrong bars);
- :func:`~klgui.ui.chart.svg_tidy.tidy_svg` maps the plot's scaled groups to pixels
  and draws hatch tiles without masks, so renderers without ``non-scaling-stroke``
  (librsvg < 2.58) or without masks (Qt's) draw what the window drew.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView

from klgui.io.atomic import write_bytes_atomically
from klgui.ui.chart.svg_tidy import tidy_svg

__all__ = ["IMAGE_FORMATS", "KeyEntry", "chart_image_bytes", "save_chart_image"]

IMAGE_FORMATS = {".png": "PNG image (*.png)", ".svg": "SVG vector image (*.svg)"}
_KEY_HEIGHT = 30  # pixels for the colour key under the plots
_PAD = 8


@dataclass(frozen=True)
class KeyEntry:
    """One item of the colour key: a swatch (``colour``, Qt brush ``pattern``) and text."""

    colour: str
    text: str
    pattern: Qt.BrushStyle = Qt.BrushStyle.SolidPattern


def chart_image_bytes(views: Sequence[QGraphicsView], suffix: str, scale: float = 2.0,
                      title: str = "", key: Sequence[KeyEntry] = ()) -> bytes:
    """The plots in ``views`` painted one under the other, then ``key`` in a row
    under them, as PNG (``scale`` device pixels a pixel) or SVG bytes.

    Raises
    ------
    ValueError
        ``suffix`` is neither ``.png`` nor ``.svg``.
    """
    suffix = suffix.lower()
    if suffix not in IMAGE_FORMATS:
        raise ValueError(f"cannot write a {suffix or 'nameless'} image; use .png or .svg")
    width = max(v.width() for v in views)
    key_height = _KEY_HEIGHT if key else 0
    size = QSize(width, sum(v.height() for v in views) + key_height)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".svg":
        device = QSvgGenerator()
        device.setOutputDevice(buffer)
        device.setSize(size)
        device.setViewBox(QRect(0, 0, size.width(), size.height()))
        device.setResolution(views[0].logicalDpiX())  # what the QPictures were made at
        device.setTitle(title)
    else:
        device = QImage(size * scale, QImage.Format.Format_ARGB32)
        device.setDevicePixelRatio(scale)
    painter = QPainter(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor("white"))
    y = 0
    for view in views:
        with _on_white(view):
            target = QRectF(0, y, view.width(), view.height())
            view.render(painter, target, view.viewport().rect())
        y += view.height()
    if key:
        _draw_key(painter, key, QRectF(0, y, width, key_height), views[0].font())
    painter.end()
    if suffix == ".png":
        device.save(buffer, "PNG")
    buffer.close()
    if suffix == ".svg":
        return tidy_svg(bytes(data.data()).decode("utf-8")).encode("utf-8")
    return bytes(data.data())


@contextmanager
def _on_white(view: QGraphicsView):
    """``view`` drawn in black on white while the block runs, if it knows how."""
    light = getattr(view, "use_print_colours", None)
    if light is None:
        yield
        return
    light(True)
    try:
        yield
    finally:
        light(False)


def _draw_key(painter: QPainter, key: Sequence[KeyEntry], box: QRectF, font: QFont) -> None:
    """The colour key, centred in one row: a swatch and its words per entry."""
    font = QFont(font)
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    metrics = QFontMetrics(font)
    swatch = 14
    widths = [swatch + 6 + metrics.horizontalAdvance(e.text) for e in key]
    x = box.left() + max((box.width() - sum(widths) - 18 * (len(key) - 1)) / 2, _PAD)
    mid = box.center().y()
    painter.setFont(font)
    for entry, w in zip(key, widths):
        rect = QRectF(x, mid - swatch / 2, swatch, swatch)
        painter.fillRect(rect, QColor("white"))
        painter.setPen(QPen(QColor(entry.colour), 1.5))
        painter.setBrush(QBrush(QColor(entry.colour), entry.pattern))
        painter.drawRect(rect)
        painter.setPen(QColor("black"))
        painter.drawText(QRectF(x + swatch + 6, box.top(), w, box.height()),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         entry.text)
        x += w + 18


def save_chart_image(path: str | Path, views: Sequence[QGraphicsView], title: str = "",
                     key: Sequence[KeyEntry] = ()) -> None:
    """Write the picture to ``path`` (its suffix picks the format), atomically."""
    path = Path(path)
    write_bytes_atomically(path, chart_image_bytes(views, path.suffix, title=title, key=key))
