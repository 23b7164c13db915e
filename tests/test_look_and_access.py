"""Accessibility and look: names and descriptions for assistive technology, meaning not
carried by colour alone, the system's light or dark palette, 200% fonts, sharp icons."""

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QLineEdit, QSpinBox,
                               QWidget)

from klgui.io.presets import find_preset
from klgui.paths import resource_path
from klgui.ui.shell.look import STRIPES, icon
from klgui.ui.shell.main_window import MainWindow

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QSpinBox)


def _ours(widget: QWidget) -> bool:
    """Not a piece Qt builds inside another control (a spin box's line edit, a combo
    box's popup, a scroll bar)."""
    w = widget
    while w is not None:
        if w.objectName().startswith("qt_") or type(w).__name__ in ("QComboBoxPrivateContainer",):
            return False
        w = w.parentWidget()
    return not isinstance(widget.parentWidget(), (QComboBox, QSpinBox))


def test_every_control_and_chart_has_a_name_and_the_charts_say_what_they_show(window, qtbot):
    window.load_preset(find_preset("support-mismatch"))
    window.refresh()
    for page in range(window.pages.count()):  # every page built and shown once
        window.pages.setCurrentIndex(page)
    window.chart.set_direction("both")
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not _ours(widget):
            continue
        if isinstance(widget, CONTROLS):
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text.replace("&", "").strip()):
                unnamed.append(widget)
            if widget.toolTip() and not widget.accessibleDescription():
                unnamed.append(widget)
        if isinstance(widget, pg.PlotWidget) and not widget.accessibleName():
            unnamed.append(widget)
    assert unnamed == []
    pq = window.chart.plots["pq"].accessibleDescription()
    assert "Bars of the 4 terms of D(P‖Q) = ∞." in pq
    assert "Infinite at 'snow' (hatched, marked ∞)" in pq and "negative terms (striped)" in pq
    window.chart.tabs.setCurrentWidget(window.chart.dist_page)
    assert "differ most at 'rain'" in window.chart.distributions.accessibleDescription()


def test_negative_terms_and_q_differ_by_pattern_not_only_colour(window):
    series = window.chart.plots["pq"].series[0]
    assert series.positive.opts["brush"] != series.negative.opts["brush"]
    assert pg.mkBrush(series.negative.opts["brush"]).style() == STRIPES
    assert pg.mkBrush(series.positive.opts["brush"]).style() == Qt.BrushStyle.SolidPattern
    p_bars, q_bars = window.chart.distributions.series
    assert pg.mkBrush(q_bars.positive.opts["brush"]).style() == STRIPES
    assert "▤" in window.chart.key.text() and "negative" in window.chart.key.text()


@pytest.fixture
def dark(qapp):
    old = qapp.palette()
    palette = QPalette(old)
    for role, colour in [(QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#eeeeee"),
                         (QPalette.ColorRole.Window, "#2b2b2b"),
                         (QPalette.ColorRole.WindowText, "#eeeeee")]:
        palette.setColor(role, QColor(colour))
    qapp.setPalette(palette)
    yield palette
    qapp.setPalette(old)


def test_the_charts_follow_a_dark_palette_and_back(window, dark, qapp, qtbot):
    plot = window.chart.plots["pq"]
    qtbot.waitUntil(lambda: plot.backgroundBrush().color() == QColor("#1e1e1e"))
    axis = plot.getPlotItem().getAxis("left")
    assert axis.textPen().color() == QColor("#eeeeee")
    assert QColor(plot.getPlotItem().titleLabel.opts["color"]) == QColor("#eeeeee")
    sweep = window.smoothing.plot
    assert sweep.backgroundBrush().color() == QColor("#1e1e1e")
    qapp.setPalette(QApplication.style().standardPalette())  # told in posted events
    light = qapp.palette().color(QPalette.ColorRole.Base)
    qtbot.waitUntil(lambda: plot.backgroundBrush().color() == light)
    assert light != QColor("#1e1e1e")


def test_at_200_percent_font_nothing_is_lost(qtbot, qapp):
    font = qapp.font()
    big = qapp.font()
    big.setPointSizeF(font.pointSizeF() * 2)
    qapp.setFont(big)
    try:
        w = MainWindow(remember_layout=False)
        qtbot.addWidget(w)
        w.resize(1280, 900)
        w.show()
        qtbot.waitExposed(w)
        w.load_preset(find_preset("support-mismatch"))
        w.refresh()
        key = w.chart.key  # the whole key shows, on as many lines as it needs
        qtbot.waitUntil(lambda: key.height() >= key.heightForWidth(key.width()))
        assert "infinite" in key.text()
        buttons = w.table.buttons  # no room for their words: icons, words on hover
        assert all(b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly for b in buttons)
        assert all(b.toolTip() and not b.icon().isNull() for b in buttons)
        chart_height = w.chart.height()
        assert chart_height >= 0.4 * w.right.height()  # the figures scroll; the chart stays
    finally:
        qapp.setFont(font)


@pytest.mark.parametrize("name", sorted(p.stem for p in resource_path("icons").glob("*.svg")))
def test_icons_are_sharp_at_double_density(qapp, name):
    pixmap = icon(name).pixmap(QSize(24, 24), 2.0)
    assert not pixmap.isNull() and pixmap.width() == 48  # drawn for the screen, not scaled up
    image = pixmap.toImage()
    assert any(image.pixelColor(x, y).alpha() > 0 for x in range(48) for y in range(48))


def test_ctrl_tab_leaves_the_table_for_the_controls_in_reading_order(window, qtbot):
    view = window.table.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.table.auto_normalize
    order, widget = [], window.table.auto_normalize
    for _ in range(2000):
        tabbable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if widget.isVisible() and widget.isEnabled() and tabbable:
            order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is view:
            break
    wanted = [window.table.auto_normalize, window.table.buttons[0], window.chart.direction,
              window.panel.unit, window.panel.digits, window.pages]
    if window.pages.isAncestorOf(window.panel.unit):  # at the right of the page tabs
        wanted = wanted[:3] + [window.pages, window.panel.unit, window.panel.digits]
    assert [order.index(w) for w in wanted] == sorted(order.index(w) for w in wanted)
