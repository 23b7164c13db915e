"""View ▸ Theme: light, dark and high contrast apply at once to the whole window and to
its charts, are remembered, and exported images stay black on white."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from klgui.io.presets import find_preset
from klgui.ui.chart.chart_image import chart_image_bytes
from klgui.ui.shell.look import CONTRAST_CYAN, CONTRAST_YELLOW
from klgui.ui.shell.theme import THEMES, current_theme

Role = QPalette.ColorRole


@pytest.fixture
def themed(window, qtbot):
    """The window, given back to the system's look after the test."""
    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset("classifier"))  # negative and infinite terms
        window.refresh()
    window.chart.set_direction("both")
    yield window
    window.theme.set_theme("system", say=False)


def _background(plot) -> QColor:
    return plot.backgroundBrush().color()


def test_the_menu_offers_every_theme_and_system_is_the_default(themed):
    texts = [a.text() for a in themed.theme.menu.actions()]
    assert texts == ["&System", "&Light", "&Dark", "&High contrast"]
    assert themed.theme.actions["system"].isChecked() and current_theme() == "system"
    assert set(themed.theme.actions) == set(THEMES)


def test_dark_applies_to_the_window_and_the_charts_at_once(themed, qtbot):
    app = QApplication.instance()
    plot = themed.chart.plots["pq"]
    themed.theme.actions["dark"].trigger()
    assert app.palette().color(Role.Window) == QColor("#2b2b2b")
    assert themed.palette().color(Role.Base) == QColor("#1e1e1e")
    assert themed.table.palette().color(Role.Text) == QColor("#e8e8e8")
    assert _background(plot) == QColor("#1e1e1e")  # the chart follows, no restart
    assert plot.getPlotItem().getAxis("left").textPen().color() == QColor("#e8e8e8")
    assert _background(themed.smoothing.plot) == QColor("#1e1e1e")
    fit = themed.fit.plot  # the fit lab's plot too, and its axes and grid
    assert _background(fit) == QColor("#1e1e1e")
    assert fit.getPlotItem().getAxis("bottom").textPen().color() == QColor("#e8e8e8")
    assert fit.grid_lines.paper == QColor("#1e1e1e") and fit.grid_lines.ink == QColor("#e8e8e8")
    assert themed.statusBar().currentMessage() == "Theme: Dark."
    assert themed.settings.get("theme") == "dark" and themed.theme.actions["dark"].isChecked()
    themed.theme.actions["light"].trigger()
    assert app.style().name().lower() == "fusion"
    assert _background(plot).lightness() > 200
    assert app.palette().color(Role.Text).lightness() < 60


def test_high_contrast_is_white_on_black_with_yellow_and_cyan_outlines(themed):
    themed.theme.actions["contrast"].trigger()
    plot = themed.chart.plots["qp"]  # D(Q‖P) of the classifier: a negative term
    assert themed.palette().color(Role.Window) == QColor("black")
    assert themed.palette().color(Role.WindowText) == QColor("white")
    assert _background(plot) == QColor("black")
    series = plot.series[0]
    assert series.positive.opts["pen"].color() == QColor(CONTRAST_YELLOW)
    assert series.negative.opts["pen"].color() == QColor(CONTRAST_CYAN)
    assert series.positive.opts["pen"].widthF() >= 2
    # the colour-blind-safe scheme stays: stripes on negative terms, hatching on ∞
    assert series.negative.opts["brush"].style() == themed.chart.key_entries()[1].pattern
    assert series.infinite.opts["brush"].style() == themed.chart.key_entries()[2].pattern
    themed.theme.set_theme("dark")
    assert series.positive.opts["pen"].style() == Qt.PenStyle.NoPen  # outlines only there


def test_back_to_system_restores_the_palette_it_had(themed):
    app = QApplication.instance()
    before = QPalette(app.palette())
    themed.theme.set_theme("dark")
    themed.theme.set_theme("system")
    for role in (Role.Window, Role.Base, Role.Text, Role.Highlight):
        assert app.palette().color(role) == before.color(role)
    assert _background(themed.chart.plots["pq"]) == before.color(Role.Base)


@pytest.mark.parametrize("theme", ["dark", "contrast"])
def test_exported_images_stay_on_white(themed, qtbot, theme):
    themed.theme.set_theme(theme)
    dark = QColor(themed.palette().color(Role.Base)).rgb()
    for show in (lambda: themed.charts.setCurrentIndex(0),
                 lambda: themed.charts.setCurrentWidget(themed.distributions)):
        show()
        qtbot.wait(1)
        views = themed.chart.visible_views() if themed.charts.currentIndex() == 0 \
            else [themed.distributions]
        image = QImage.fromData(QByteArray(chart_image_bytes(views, ".png")))
        assert image.pixelColor(3, 3) == QColor("white")
        pixels = [image.pixel(x, y) for x in range(0, image.width(), 7)
                  for y in range(0, image.height(), 7)]
        white = sum(QColor(p).lightness() > 245 for p in pixels)
        assert white > 0.6 * len(pixels)
        if theme == "dark":
            background = sum(p == dark for p in pixels)  # the window's: only a text edge
            assert background < 0.01 * len(pixels)
        else:  # no high-contrast outlines in a picture for paper
            outlines = {QColor(CONTRAST_YELLOW).rgb(), QColor(CONTRAST_CYAN).rgb()}
            assert not outlines & set(pixels)
    plot = themed.chart.plots["pq"]
    assert _background(plot) == themed.palette().color(Role.Base)  # the window's again
    if theme == "contrast":
        assert plot.series[0].positive.opts["pen"].color() == QColor(CONTRAST_YELLOW)


def test_the_theme_is_remembered(themed, qtbot):
    from klgui.ui.shell.main_window import MainWindow

    themed.theme.set_theme("dark")
    again = MainWindow(remember_layout=False)
    qtbot.addWidget(again)
    assert again.theme.actions["dark"].isChecked() and current_theme() == "dark"


@pytest.mark.skipif(not all(shutil.which(t) for t in ("pdftoppm",)),
                    reason="poppler-utils not installed")
def test_a_handout_stays_on_white_in_high_contrast(themed, qtbot, tmp_path):
    from klgui.ui.files.handout import write_handout_pdf

    themed.theme.set_theme("contrast")
    path = tmp_path / "handout.pdf"
    write_handout_pdf(path, themed, "A4")
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    pixels = [image.pixel(x, y) for x in range(0, image.width(), 3)
              for y in range(0, image.height(), 3)]
    assert sum(QColor(p).lightness() > 245 for p in pixels) > 0.8 * len(pixels)
    assert QColor(CONTRAST_YELLOW).rgb() not in pixels
