"""SVG and PNG exports of the chart are the same picture: rasterized by Qt's own SVG
renderer and, where installed, by librsvg (an independent renderer), the SVG matches the
PNG within a tolerance for antialiasing and font hinting."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from klgui.io.presets import find_preset
from klgui.ui.chart.chart_image import chart_image_bytes
from klgui.ui.chart.svg_tidy import tidy_svg


def _show(window, qtbot, preset, direction="pq"):
    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset(preset))
        window.refresh()
    window.chart.set_direction(direction)
    qtbot.waitUntil(lambda: len(window.chart.visible_views()) == (2 if direction == "both"
                                                                  else 1))


def _qt_raster(svg: bytes, width: int, height: int) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg))
    assert renderer.isValid()
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def _difference(a: QImage, b: QImage) -> float:
    """The share of pixels that differ clearly once both images are shrunk 3× (which
    averages away font hinting and antialiasing), with a 1-pixel tolerance in position:
    each pixel of one must have a pixel of about its colour nearby in the other."""
    assert (a.width(), a.height()) == (b.width(), b.height())
    size = a.size() / 3
    smooth = Qt.TransformationMode.SmoothTransformation
    a = a.convertToFormat(QImage.Format.Format_RGB32).scaled(size, mode=smooth)
    b = b.convertToFormat(QImage.Format.Format_RGB32).scaled(size, mode=smooth)
    bad = total = 0
    for y in range(1, a.height() - 1):
        for x in range(1, a.width() - 1):
            total += 1
            c = a.pixelColor(x, y)
            near = [b.pixelColor(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
            if min(sum(abs(p - q) for p, q in zip(c.getRgb()[:3], n.getRgb()[:3]))
                   for n in near) > 120:
                bad += 1
    return bad / total


@pytest.mark.parametrize("preset, direction", [("support-mismatch", "pq"),
                                               ("die", "both")])
def test_svg_and_png_are_the_same_picture_in_qt(window, qtbot, preset, direction):
    _show(window, qtbot, preset, direction)
    views = window.chart.visible_views()
    key = window.chart.key_entries()
    png = QImage.fromData(chart_image_bytes(views, ".png", scale=1.0, key=key))
    svg = chart_image_bytes(views, ".svg", key=key)
    assert b"non-scaling-stroke" not in svg or b"matrix(1,0,0,1,0,0)" in svg
    drawn = _qt_raster(svg, png.width(), png.height())
    assert _difference(png, drawn) < 0.01
    # the hatched ∞ bar and the striped negative bars keep their colours in the SVG
    colours = {drawn.pixelColor(x, y).name() for x in range(0, drawn.width(), 3)
               for y in range(0, drawn.height(), 3)}
    assert "#0072b2" in colours and "#e69f00" in colours


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="librsvg not installed")
def test_svg_and_png_are_the_same_picture_in_librsvg(window, qtbot, tmp_path):
    _show(window, qtbot, "support-mismatch")
    views = window.chart.visible_views()
    key = window.chart.key_entries()
    png = QImage.fromData(chart_image_bytes(views, ".png", scale=1.0, key=key))
    (tmp_path / "chart.svg").write_bytes(chart_image_bytes(views, ".svg", key=key))
    subprocess.run(["rsvg-convert", "-b", "white", "-w", str(png.width()), "-h",
                    str(png.height()), str(tmp_path / "chart.svg"), "-o",
                    str(tmp_path / "rsvg.png")], check=True)
    drawn = QImage(str(tmp_path / "rsvg.png"))
    assert _difference(png, drawn) < 0.01
    assert drawn.pixelColor(5, 5).name() == "#ffffff"  # not the black of a 600-px stroke


def test_exports_are_on_white_even_in_a_dark_palette(window, qtbot):
    from PySide6.QtGui import QPalette

    dark = QPalette(window.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    window.chart.plots["pq"].setPalette(dark)
    qtbot.waitUntil(lambda: window.chart.plots["pq"].backgroundBrush().color().name()
                    == "#202020")
    views = window.chart.visible_views()
    png = QImage.fromData(chart_image_bytes(views, ".png", scale=1.0))
    corner = png.pixelColor(png.width() - 3, 3).name()
    assert corner == "#ffffff"
    # and the window goes back to its own colours
    assert window.chart.plots["pq"].backgroundBrush().color().name() == "#202020"


def test_tidy_maps_scaled_groups_to_pixels():
    svg = ('<svg><g fill="none" stroke="#000" transform="matrix(2,0,0,-10,5,100)">'
           '<polyline vector-effect="non-scaling-stroke" points="0,0 3,1 " />'
           '<rect vector-effect="non-scaling-stroke" x="1" y="0" width="2" height="3"/>'
           '<path vector-effect="non-scaling-stroke" d="M0,0 L1,1 Z"/></g>'
           '<g transform="matrix(2,0,0,2,0,0)"><text>kept</text></g></svg>')
    out = tidy_svg(svg)
    assert 'points="5,100 11,90 "' in out
    assert 'x="7" y="70" width="4" height="30"' in out
    assert 'd="M5,100 L7,90 Z"' in out
    assert 'matrix(2,0,0,2,0,0)"><text>kept' in out  # text is never moved
