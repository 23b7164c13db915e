"""The pages at a projector's sizes: 1366×768 at 150% lays out 911×512 logical pixels,
1024×768 at 150% 683×480 (less the frame and a taskbar); Qt lays out logical pixels,
so these sizes at scale 1 are the layouts those screens get. Every text is measured
against the room it is given."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle

from conftest import reflowed, load_example

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _ranking_texts_whole(page) -> list[str]:
    """Every value and title of the ranking that its column cuts."""
    table, header = page.table, page.table.horizontalHeader()
    cell = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                          table) + 1)  # the item delegate's margins
    label = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    cut = []
    for column in range(table.columnCount()):
        width = header.sectionSize(column)
        title = table.horizontalHeaderItem(column).text()
        need = max(header.fontMetrics().horizontalAdvance(line) for line in title.split("\n"))
        if need + label > width:
            cut.append(f"title {title!r}: {need} + {label} > {width}")
        for row in range(table.rowCount()):
            item = table.item(row, column)
            font = item.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else table.font())
            if metrics.horizontalAdvance(item.text()) + cell > width:
                cut.append(f"{item.text()!r} in {title!r} ({width} px)")
    return cut


@pytest.mark.parametrize("size, presenting", [((911, 512), False), ((1366, 768), True)])
def test_the_ranking_fits_its_page_without_sideways_scrolling(window, qtbot, size,
                                                              presenting):
    """1366×768 at 150%: the eight columns needed ~541 px of the page's ~448 and the
    table scrolled ~90 px sideways (presentation mode at 1366×768 too). The titles take
    their short words ("#" for Rank), the text steps down to the window's own size and
    the titles lose some padding: every column shows whole, no number is cut, and the
    text is never smaller than the rest of the window's."""
    load_example(window, qtbot, "classifier")
    window.resize(*size)
    window.classroom.set_presenting(presenting)
    window.show_page(window.ranking)
    reflowed(qtbot, window)
    page = window.ranking
    table, header = page.table, page.table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    assert _ranking_texts_whole(page) == []
    assert table.font().pointSizeF() >= window.font().pointSizeF() - 0.01
    assert header.font().pointSizeF() == table.font().pointSizeF()
    assert table.horizontalHeaderItem(0).text() == "#"
    assert table.horizontalHeaderItem(0).toolTip().startswith("Rank: 1 for the model")
    assert table.rowCount() == 2


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_the_ranking_keeps_its_large_text_where_it_fits(window, qtbot, size):
    """At 100% the table keeps 1.2 times the window's text (read from the back of a
    room) and Qt's padding; 1366×768 keeps its long titles too."""
    load_example(window, qtbot, "classifier")
    window.resize(*size)
    window.show_page(window.ranking)
    reflowed(qtbot, window)
    page = window.ranking
    assert page.table.font().pointSizeF() == pytest.approx(window.font().pointSizeF() * 1.2)
    assert page.font_step == 0 and not page.tight
    assert page.short_headers == (size == (1024, 768))
    assert _ranking_texts_whole(page) == []
    # narrower (1366×768 at 150%) and back: the large text comes back
    window.resize(911, 512)
    reflowed(qtbot, window)
    assert page.font_step > 0
    window.resize(*size)
    reflowed(qtbot, window)
    assert page.font_step == 0 and not page.tight
    assert page.table.font().pointSizeF() == pytest.approx(window.font().pointSizeF() * 1.2)


@pytest.mark.parametrize("theme", ["system", "contrast"])
@pytest.mark.parametrize("size, zoom", [((1366, 768), 100), ((1920, 1080), 150)])
def test_measuring_the_page_tabs_least_width_changes_nothing(window, qtbot, theme, size,
                                                             zoom):
    """The table's fit asked for the page tabs' least width by giving them their short
    names and the unit and digits a row of their own (the next fit set them back):
    measuring now leaves the tabs and the corner as they are, and says what applying
    them gives."""
    from klgui.ui.shell.presentation import SHORT_TABS
    window.theme.set_theme(theme, say=False)
    try:
        window.resize(*size)
        window.classroom.set_zoom(zoom)
        reflowed(qtbot, window)
        classroom, pages = window.classroom, window.pages
        corner = window.panel.settings_bar
        texts = [pages.tabText(i) for i in range(pages.count())]
        in_corner = pages.cornerWidget(Qt.Corner.TopRightCorner) is corner
        assert in_corner and "&Worked solution" in texts  # the long look, to be left
        least = classroom._right_needs(least=True)
        assert [pages.tabText(i) for i in range(pages.count())] == texts
        assert (pages.cornerWidget(Qt.Corner.TopRightCorner) is corner) == in_corner
        assert not classroom.settings_row.isVisibleTo(window)
        classroom._use_corner(False)  # what it measured, applied
        classroom._short_tabs(True)
        assert [pages.tabText(i) for i in range(pages.count())] == \
            [SHORT_TABS.get(t, t) for t in texts]
        assert least == pages.tabBar().sizeHint().width() + 8
    finally:
        window.theme.set_theme("system", say=False)
        window.classroom.set_zoom(100)


@pytest.mark.parametrize("preset", ["binomials", "distillation"])
def test_a_family_examples_outcome_table_shows_q_whole_at_911x512(window, qtbot, preset):
    """1366×768 at 150%: two binomials' entries (their probabilities, 0.000976563) left
    the table 14 px short and its q column was cut behind the sideways scroll bar. The
    page tabs take their short names and the right side gives up some of its half
    before the table scrolls: every column whole, the chart and the page tabs too."""
    from PySide6.QtCore import QPoint
    from klgui.ui.table.outcome_model import LABEL
    from klgui.ui.table.text_widths import cell_margin
    load_example(window, qtbot, preset)
    window.resize(911, 512)
    reflowed(qtbot, window)
    view = window.table.view
    header, model = view.horizontalHeader(), view.model()
    assert view.horizontalScrollBar().maximum() == 0
    assert header.length() <= view.viewport().width()
    rows = range(model.rowCount())
    for column in range(1, header.count()):  # each number column: its texts whole
        font = QFont(view.font())
        font.setItalic(column >= model.document.field_count or model.from_family(column))
        metrics = QFontMetrics(font)
        for text in model.shown_texts(column, rows):
            assert metrics.horizontalAdvance(text) + cell_margin(view) <= \
                header.sectionSize(column), (column, text)
    last = header.count() - 1  # q: inside the view, not under its edge
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= \
        view.viewport().width()
    assert header.sectionSize(LABEL) >= window.table.columns.label_minimum
    pages = window.pages  # the right side still shows every page tab, and the chart
    assert pages.tabBar().sizeHint().width() <= pages.width()
    assert window.chart.width() >= window.chart.minimumSizeHint().width()
    corner = window.chart.mapTo(window, QPoint(window.chart.width(), 0))
    assert corner.x() <= window.width()


def test_the_ranking_shows_both_models_at_683x480(window, qtbot):
    """1024×768 at 150% (683×480): the ranking showed one model's row at a time, the
    chart's squeezed plots holding 120 px. For a page that comes first in a window that
    short they go lower still (their title, bars and outcome names show): both rows
    show without scrolling the page, and the window does not scroll."""
    from PySide6.QtCore import QPoint
    load_example(window, qtbot, "classifier")
    window.resize(683, 480)
    window.show_page(window.ranking)
    reflowed(qtbot, window)
    table = window.ranking.table
    viewport = window.models.currentWidget().viewport()
    assert table.rowCount() == 2
    for row in range(table.rowCount()):
        top = table.viewport().mapTo(viewport, QPoint(0, table.rowViewportPosition(row))).y()
        assert 0 <= top and top + table.rowHeight(row) <= viewport.height(), row
    assert window.central_scroll.verticalScrollBar().maximum() == 0
    for plot in window.chart.visible_views():  # the plots whole, above the pages
        corner = plot.mapTo(window.chart.tabs, QPoint(plot.width(), plot.height()))
        assert corner.y() <= window.chart.tabs.height() + 2
        assert plot.height() >= plot.least_height(True, base=92) - 1


def test_the_rankings_bold_names_follow_the_zoom(window, qtbot):
    """The zoom gives the table its full size again, from which the fit steps down;
    the models' bold names and ∞ follow it (they kept the size they were filled at)."""
    load_example(window, qtbot, "classifier")
    window.resize(1366, 768)
    window.show_page(window.ranking)
    reflowed(qtbot, window)
    table = window.ranking.table
    for zoom in (150, 100):
        window.classroom.set_zoom(zoom)
        reflowed(qtbot, window)
        size = table.font().pointSizeF()
        assert size >= window.font().pointSizeF() - 0.01
        for row in range(table.rowCount()):
            assert table.item(row, 1).font().pointSizeF() == pytest.approx(size)
            assert table.item(row, 3).text() == "∞"
            assert table.item(row, 3).font().pointSizeF() == pytest.approx(size * 1.3)
    assert table.font().pointSizeF() == pytest.approx(window.font().pointSizeF() * 1.2)
