"""The chart as a picture: PNG (at twice the screen resolution) or SVG (vector).

pyqtgraph's own SVGExporter fails with this Qt (pyqtgraph issue #3485: Qt now writes
path coordinates without commas), so both formats are painted with Qt directly:
every visible plot, stacked top to bottom, onto a QImage or a QSvgGenerator.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView

from klgui.io.atomic import write_bytes_atomically

__all__ = ["IMAGE_FORMATS", "chart_image_bytes", "save_chart_image"]

IMAGE_FORMATS = {".png": "PNG image (*.png)", ".svg": "SVG vector image (*.svg)"}


def chart_image_bytes(views: Sequence[QGraphicsView], suffix: str, scale: float = 2.0,
                      title: str = "") -> bytes:
    """The plots in ``views`` painted one under the other, as PNG or SVG bytes."""
    suffix = suffix.lower()
    if suffix not in IMAGE_FORMATS:
        raise ValueError(f"cannot write a {suffix or 'nameless'} image; use .png or .svg")
    width = max(v.width() for v in views)
    size = QSize(width, sum(v.height() for v in views))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".svg":
        device = QSvgGenerator()
        device.setOutputDevice(buffer)
        device.setSize(size)
        device.setViewBox(QRect(0, 0, size.width(), size.height()))
        device.setTitle(title)
    else:
        device = QImage(size * scale, QImage.Format.Format_ARGB32)
        device.setDevicePixelRatio(scale)
        device.fill(QColor("white"))
    painter = QPainter(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    y = 0
    for view in views:
        target = QRectF(0, y, view.width(), view.height())
        view.render(painter, target, view.viewport().rect())
        y += view.height()
    painter.end()
    if suffix == ".png":
        device.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def save_chart_image(path: str | Path, views: Sequence[QGraphicsView], title: str = "") -> None:
    """Write the picture to ``path`` (its suffix picks the format), atomically."""
    path = Path(path)
    write_bytes_atomically(path, chart_image_bytes(views, path.suffix, title=title))
