"""Presentation mode and layouts that survive real screens: at 1024×768, 1280×720 and
1366×768, at 100%, 150% and 200% zoom, every page tab shows whole (no scroll arrows),
no figure is cut off, no chart control is squeezed below its text, and the chart keeps
a readable height."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics, QKeySequence
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QStyle, QTabBar,
                               QToolButton)

from klgui.io.presets import find_preset
from klgui.ui.shell.presentation import PRESENTATION_ZOOM


def _settle(qtbot, window):
    """Reflow, let the layouts take the sizes it set, and reflow again: the layouts'
    posted requests handled (events, not time: no wait), then reflow fits to them."""
    window.classroom.reflow()
    QApplication.processEvents()
    window.classroom.reflow()


def _tabs_whole(bar: QTabBar) -> list[str]:
    """The tabs of ``bar`` that are cut, elided or behind scroll arrows."""
    bad = []
    arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
    if arrows:
        bad.append("scroll arrows shown")
    for i in range(bar.count()):
        rect = bar.tabRect(i)
        if not bar.rect().contains(rect) or rect.width() < bar.tabSizeHint(i).width() - 1:
            bad.append(bar.tabText(i))
    return bad


def _cut_figures(window) -> list[str]:
    """Figures whose text does not fit their label, or that sit beyond the visible
    width of their page (a sideways scroll)."""
    area = window.pages.widget(0)
    viewport = area.viewport()
    bad = []
    if area.horizontalScrollBar().maximum() > 0:
        bad.append("the figures scroll sideways")
    for name, label in window.panel.figures.items():
        needed = label.fontMetrics().horizontalAdvance(label.text())
        right = label.mapTo(viewport, label.rect().topRight()).x()
        if label.width() < needed or right > viewport.width():
            bad.append(f"{name}: {label.text()!r}")
    return bad


def _squeezed_controls(window) -> list[str]:
    bad = []
    for control in window.chart.findChildren(QComboBox) + window.chart.findChildren(
            QAbstractButton):
        if control.isVisibleTo(window) and control.width() < control.minimumSizeHint().width():
            bad.append(control.accessibleName() or control.text())
    return bad


def _chart_cut(window) -> list[str]:
    """Parts of the chart beyond the window's right edge, titles wider than their plot,
    outcome names cut below."""
    bad = []
    chart = window.chart
    right = chart.mapTo(window, QPoint(chart.width(), 0)).x()
    if right > window.width():
        bad.append(f"the chart ends at {right} px, beyond the window's {window.width()}")
    for plot in chart.visible_views():
        corner = plot.mapTo(chart.tabs, QPoint(plot.width(), plot.height()))
        if corner.y() > chart.tabs.height() + 2 or corner.x() > chart.tabs.width() + 2:
            bad.append(f"{plot.accessibleName()} is cut: it ends at {corner.toTuple()} in "
                       f"tabs of {chart.tabs.size().toTuple()}")
        if plot.height() < 120 * (window.classroom.zoom / 100) ** 0.5 - 1:
            bad.append(f"{plot.accessibleName()} is a strip of {plot.height()} px")
        item = plot.getPlotItem()
        title = item.titleLabel.item
        box = title.mapRectToScene(title.boundingRect())
        if item.titleLabel.isVisible() and (box.left() < -1 or box.right() > plot.width() + 1):
            bad.append(f"title {title.toPlainText()!r} is {box.width():.0f} px in "
                       f"{plot.width()} px")
        axis = item.getAxis("bottom")
        needed = QFontMetrics(axis.style["tickFont"]).height()
        if axis.height() - 2 < needed:
            bad.append(f"outcome names {needed} px high in an axis of {axis.height():.0f} px")
    return bad


def _load(window, qtbot, models: str) -> None:
    with qtbot.waitSignal(window.sigRefreshed):
        if models == "one model":
            window.load_preset(find_preset("support-mismatch"))  # the longest figure texts
        else:  # a reference and three models: the focus chooser, the Models pages
            window.load_preset(find_preset("classifier"))
            window.edits.add_model("Model C", ["0.5", "0.25", "0.25"])
        window.refresh()


SIZES = [(1024, 768), (1280, 720), (1366, 768)]


@pytest.mark.parametrize("models", ["one model", "three models"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("zoom", [100, 150, 200])
def test_the_layout_reflows_at_every_screen_and_zoom(window, qtbot, size, zoom, models):
    _load(window, qtbot, models)
    window.resize(*size)
    window.classroom.set_zoom(zoom)
    _settle(qtbot, window)
    assert window.focus_chooser.isVisibleTo(window) == (models == "three models")
    assert _chart_cut(window) == []
    assert window.font().pointSizeF() == pytest.approx(window.classroom._base_size * zoom / 100)
    assert _tabs_whole(window.pages.tabBar()) == []
    assert _tabs_whole(window.chart.tabs.tabBar()) == []
    assert _cut_figures(window) == []
    assert _squeezed_controls(window) == []
    table = window.table  # the check box and the column sums are never cut off
    for widget in (table.auto_normalize, table.sums):
        assert widget.width() >= widget.sizeHint().width(), widget.accessibleName()
    plot = window.chart.plots["pq"]
    assert plot.height() >= 120 * (zoom / 100) ** 0.5 - 1  # the bars never shrink to a strip
    bottom = plot.mapTo(window.chart.tabs, plot.rect().bottomLeft()).y()
    assert bottom <= window.chart.tabs.height()  # not cut off below
    header = window.table.view.horizontalHeader()
    assert header.font().pointSizeF() == pytest.approx(window.font().pointSizeF(), rel=0.05)
    # the label column keeps its header whole at every zoom, with the header's margins
    # (Qt's stretch mode left it at its 100% width, "utcon" at 200%, when no room was left)
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    assert header.sectionSize(0) >= header.fontMetrics().horizontalAdvance("Outcome") + 2 * margin


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("zoom", [100, 150, 200])
def test_three_models_keep_their_pages_and_charts_whole(window, qtbot, size, zoom):
    _load(window, qtbot, "three models")
    window.resize(*size)
    window.classroom.set_zoom(zoom)
    window.pages.setCurrentWidget(window.models)
    window.charts.setCurrentWidget(window.distributions)
    _settle(qtbot, window)
    assert _tabs_whole(window.pages.tabBar()) == []
    assert _tabs_whole(window.chart.tabs.tabBar()) == []
    assert _tabs_whole(window.models.tabBar()) == []
    chart = window.distributions
    assert chart.height() >= 120 * (zoom / 100) ** 0.5 - 1
    right = chart.mapTo(window, QPoint(chart.width(), 0)).x()
    assert right <= window.width()
    assert chart.names == ["P", "Model A", "Model B", "Model C"]
    key = chart.key
    assert key.mapRectToScene(key.boundingRect()).right() <= chart.width() + 1
    for page in (window.ranking, window.matrix):
        window.show_page(page)
        _settle(qtbot, window)
        area = window.models.currentWidget()
        assert area.horizontalScrollBar().maximum() == 0, page.accessibleName()
    window.pages.setCurrentIndex(0)
    _settle(qtbot, window)
    assert _cut_figures(window) == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("zoom", [100, 150, 200])
def test_both_directions_fit_one_above_the_other_or_side_by_side(window, qtbot, size, zoom):
    _load(window, qtbot, "three models")
    window.chart.set_direction("both")
    window.resize(*size)
    window.classroom.set_zoom(zoom)
    _settle(qtbot, window)
    assert len(window.chart.visible_views()) == 2
    assert _chart_cut(window) == []
    assert _tabs_whole(window.chart.tabs.tabBar()) == []
    stack = window.chart.stack
    if stack.orientation() == Qt.Orientation.Horizontal:  # side by side: each whole
        assert zoom >= 150  # only where, one above the other, they would be cut
        for plot in window.chart.visible_views():
            low, high = plot.getPlotItem().vb.viewRange()[0]
            assert low <= 0 and high >= 2  # every outcome, not the other plot's range
    window.classroom.set_zoom(100)
    _settle(qtbot, window)
    assert stack.orientation() == Qt.Orientation.Vertical  # back when there is room


def test_zoom_keys_and_the_zoom_is_remembered(window, qtbot):
    classroom = window.classroom
    classroom.set_zoom(100)
    window.activateWindow()
    for key in (QKeySequence.StandardKey.ZoomIn, "Ctrl+="):
        sequence = QKeySequence(key)
        action = next(a for a in window.actions() if sequence in a.shortcuts())
        assert action is classroom.zoom_in_action
    classroom.zoom_in_action.trigger()
    assert classroom.zoom == 110
    assert window.statusBar().currentMessage() == "Zoom 110%."
    classroom.zoom_out_action.trigger()
    classroom.zoom_out_action.trigger()
    assert classroom.zoom == 90
    assert window.settings.get("zoom_percent") == 90
    from klgui.ui.shell.main_window import MainWindow

    again = MainWindow(remember_layout=False)
    qtbot.addWidget(again)
    assert again.classroom.zoom == 90
    assert again.font().pointSizeF() == pytest.approx(again.classroom._base_size * 0.9)
    classroom.zoom_reset_action.trigger()
    assert classroom.zoom == 100


def test_add_and_remove_moved_off_the_zoom_keys(window):
    add = window.table.add_action.shortcuts()
    assert QKeySequence("Ctrl+Alt+=") in add and QKeySequence("Ctrl++") not in add
    assert window.table.remove_action.shortcuts() == [QKeySequence("Ctrl+Alt+-")]


def test_presentation_mode_thickens_lines_and_zooms(window, qtbot):
    classroom = window.classroom
    classroom.set_zoom(100)
    plot = window.chart.plots["pq"]
    assert plot._zero.pen.widthF() == 1
    classroom.presentation_action.trigger()
    assert classroom.presenting and classroom.zoom == PRESENTATION_ZOOM
    assert plot._zero.pen.widthF() == 2
    assert window.smoothing.curves["pq"].opts["pen"].widthF() == 4
    assert plot.getPlotItem().getAxis("left").pen().widthF() == 2
    _settle(qtbot, window)
    assert _tabs_whole(window.pages.tabBar()) == []
    classroom.presentation_action.trigger()
    assert not classroom.presenting and classroom.zoom == 100
    assert plot._zero.pen.widthF() == 1


def test_the_table_hides_and_the_right_side_takes_the_room(window, qtbot):
    classroom = window.classroom
    width = window.right.width()
    classroom.table_action.trigger()
    assert not window.table.isVisible()
    qtbot.waitUntil(lambda: window.right.width() > width)
    classroom.table_action.trigger()
    assert window.table.isVisible()


def test_full_screen_toggles(window, qtbot):
    window.classroom.full_screen_action.trigger()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    window.classroom.full_screen_action.trigger()
    assert not window.windowState() & Qt.WindowState.WindowFullScreen


def test_dialogs_and_message_boxes_take_the_zoom(window, qtbot):
    from PySide6.QtWidgets import QDialog, QMenu, QMessageBox
    window.classroom.set_zoom(150)
    expected = window.font().pointSizeF()
    box = QMessageBox(QMessageBox.Icon.Question, "Detach?", "Detach Q?",
                      QMessageBox.StandardButton.Yes, window)
    dialog, menu = QDialog(window), QMenu(window)
    for widget in (box, dialog, menu):
        qtbot.addWidget(widget)
        widget.ensurePolished()  # as showing it does
        assert widget.font().pointSizeF() == pytest.approx(expected)
    assert expected == pytest.approx(window.classroom._base_size * 1.5)
    window.classroom.set_zoom(100)
    later = QDialog(window)
    qtbot.addWidget(later)
    later.ensurePolished()
    assert later.font().pointSizeF() == pytest.approx(window.classroom._base_size)


@pytest.mark.parametrize("page", ["figures", "bayes"])
def test_a_page_is_usable_in_the_least_window(window, qtbot, page):
    """1366×768 at 200% (QT_SCALE_FACTOR=2; 1024×768 too) lays out 683×384 logical
    pixels; the window fits them (its least size was 800×500) and scrolls what the
    layout's least height does not fit.
    There the chart at its least left the pages ~80 px: Figures showed its header, the
    Bayes lab its field. The chart yields down to its squeezed least height, never cut,
    and the page's first lines show: the key figure, the lab's observation buttons."""
    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset("classifier"))
    window.resize(683, 384)
    shown = {"figures": window.panel.figures["kl_pq"], "bayes": window.bayes.add_button}[page]
    window.show_page(shown.parentWidget())
    _settle(qtbot, window)
    assert window.size().toTuple() == (683, 384)  # the window fits; its content scrolls
    assert _chart_cut(window) == []
    area = window.pages.widget(0) if page == "figures" else window.labs.currentWidget()
    viewport = area.viewport()
    top = shown.mapTo(viewport, QPoint(0, 0)).y()
    assert shown.isVisible() and 0 <= top and top + shown.height() <= viewport.height()


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_presentation_shows_every_column_of_the_table(window, qtbot, size):
    """Presentation mode at 1024×768 gave the table 377 px and hid q behind a sideways
    scroll bar while the right side had room: the page tabs take their short names and
    the computed columns fit their texts alone before the table scrolls."""
    _load(window, qtbot, "one model")
    window.resize(*size)
    window.classroom.set_presenting(True)
    _settle(qtbot, window)
    view = window.table.view
    header = view.horizontalHeader()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) \
        <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    for column in range(1, header.count()):  # each number whole in its column
        texts = window.table.columns.texts(column)
        assert header.sectionSize(column) >= window.table.columns.needed(column, texts)
    assert _tabs_whole(window.pages.tabBar()) == []
    assert _cut_figures(window) == []
    assert window.table.columns.compact == (size == (1024, 768))
    window.classroom.set_presenting(False)
    _settle(qtbot, window)
    assert not window.table.columns.compact  # back to columns that never twitch


ENTRIES = {"finite": ["0.5", "0.5"], "one way": ["1", "0"], "both ways": ["0", "1"],
           "error": ["0", "0"]}  # Q sums to 0: no comparison


@pytest.mark.parametrize("arrangement", ["wide", "key first", "narrow"])
@pytest.mark.parametrize("state", list(ENTRIES))
def test_each_caption_stays_under_its_figure(window, qtbot, arrangement, state):
    """In presentation mode D(P‖Q)'s caption sat under the ∞ warning box, far from its
    number at the top: in every arrangement and state it is right under its figure."""
    p = ["1", "0"] if state == "both ways" else ["0.5", "0.5"]
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b"], p, ENTRIES[state])
    window.resize(1024, 768)
    window.classroom.set_presenting(True)
    _settle(qtbot, window)
    panel = window.panel
    panel.arrange(arrangement)
    panel.layout().activate()
    assert panel.reason.isVisibleTo(panel) == (state != "finite")
    for title, value, caption in panel._headline_cells:
        assert caption.isVisibleTo(panel) and caption.text().startswith("information lost")
        gap = caption.geometry().top() - value.geometry().bottom()
        assert 0 < gap <= 12, (title.text(), gap)
        assert caption.geometry().bottom() < panel.asymmetry.geometry().top()
        assert abs(caption.geometry().center().x() - value.geometry().center().x()) <= 2
    # what a presentation keeps on its first screen: both figures, the first caption
    assert panel.key_height() >= panel._headline_cells[1][1].geometry().bottom()
