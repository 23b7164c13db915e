"""A teacher's laptop at a projector at 150% or 200%: 1366×768 at 150% lays out 911×512
logical pixels, 1024×768 at 150% 683×512 (683×480 less the frame and a taskbar), either
at 200% 683×384. Qt lays out logical pixels, so these sizes at scale 1 are the layouts
those screens get (QT_SCALE_FACTOR only multiplies the pixels drawn). The window fits
them, nothing is drawn over anything else, and the ranking shows every model's row."""

import pytest
from PySide6.QtCore import QPoint, QRect

from klgui.core.families import Binomial
from klgui.ui.shell.main_window import LEAST_SIZE
from conftest import reflowed, load_example

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

AT_150 = [(911, 512), (683, 480)]


def _in(widget, ancestor) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _overlaps(window) -> list[str]:
    """Parts of the right side drawn over one another: the chart, the sliders under it
    (and the chart's outcome names), the pages."""
    bad = []
    area, chart, panel = window.chart_area, window.chart, window.family_panel
    right = window.right
    chart_box = _in(chart, right)
    pages_box = _in(window.pages, right)
    if chart_box.bottom() >= pages_box.top():
        bad.append(f"the chart {chart_box} reaches the pages {pages_box}")
    if panel.isVisible():
        panel_box = _in(panel, right)
        if panel_box.top() <= chart_box.bottom():
            bad.append(f"the sliders {panel_box} over the chart {chart_box}")
        if panel_box.bottom() >= pages_box.top():
            bad.append(f"the sliders {panel_box} over the pages {pages_box}")
        for role, box in panel._boxes.items():  # every title and slider inside it
            for child in box.findChildren(type(box)) + [box]:
                if child.isVisible() and _in(child, panel).bottom() > panel.height():
                    bad.append(f"{role}'s sliders end below the panel")
        plot = chart.plots["pq"]
        axis = plot.getPlotItem().getAxis("bottom")
        names = axis.mapRectToScene(axis.boundingRect())
        if plot.mapTo(area, QPoint(0, 0)).y() + names.bottom() > panel.geometry().top() + 1:
            bad.append("the sliders over the outcome names")
    for plot in chart.visible_views():
        corner = plot.mapTo(chart.tabs, QPoint(plot.width(), plot.height()))
        if corner.y() > chart.tabs.height() + 2:
            bad.append(f"{plot.accessibleName()} cut by the chart's foot")
    return bad


def test_the_least_window_fits_1024x768_at_150_and_200_percent(window, qtbot):
    """The least size was 800×500: wider than 1024×768 at 150% (683×512) and taller
    than either screen at 200% (683×384). Below what the layout needs the window
    scrolls, never draws one part over another."""
    assert LEAST_SIZE[0] <= 683 - 16 and LEAST_SIZE[1] <= 384 - 40  # frame, taskbar
    assert window.minimumSize().toTuple() == LEAST_SIZE
    load_example(window, qtbot, "binomials")
    window.resize(683, 384)
    reflowed(qtbot, window)
    assert window.size().toTuple() == (683, 384)
    assert _overlaps(window) == []
    scroll = window.central_scroll
    assert scroll.verticalScrollBar().maximum() > 0  # what does not fit is reached


@pytest.mark.parametrize("size", AT_150)
@pytest.mark.parametrize("preset", ["binomials", "distillation", "classifier"])
def test_nothing_is_drawn_over_anything_else_at_150_percent(window, qtbot, size, preset):
    """1366×768 at 150%: the family sliders covered the chart's outcome names (binomials,
    distillation). The axis title yields first, then the plots' height; the window
    scrolls only where even that is too much (1024×768 with the binomials' sliders)."""
    load_example(window, qtbot, preset)
    window.resize(*size)
    reflowed(qtbot, window)
    assert window.size().toTuple() == size
    assert _overlaps(window) == []
    if size == (911, 512) or preset == "classifier":
        assert window.central_scroll.verticalScrollBar().maximum() == 0


@pytest.mark.parametrize("size", [(911, 512)])
def test_the_ranking_shows_every_model_at_150_percent(window, qtbot, size):
    """At 1366×768 and 150% the ranking showed its title, its verdict and one row at a
    time. In a short window the table comes first and the page before the chart's axis
    title: both models' rows show without scrolling the page or the table."""
    load_example(window, qtbot, "classifier")
    window.resize(*size)
    window.show_page(window.ranking)
    reflowed(qtbot, window)
    ranking, table = window.ranking, window.ranking.table
    assert ranking.table_first and ranking.verdict.isVisible()
    assert "2 models against P" in ranking.toolTip()
    area = window.models.currentWidget()
    viewport = area.viewport()
    assert table.verticalScrollBar().maximum() == 0
    assert table.rowCount() == 2
    for row in range(table.rowCount()):
        top = table.viewport().mapTo(viewport, QPoint(0, table.rowViewportPosition(row))).y()
        assert 0 <= top and top + table.rowHeight(row) <= viewport.height(), row
    assert _overlaps(window) == []
    assert window.central_scroll.verticalScrollBar().maximum() == 0


def test_the_ranking_keeps_its_order_in_a_tall_window(window, qtbot):
    """1366×768 at 100% as before: the title, the verdict, then the table."""
    load_example(window, qtbot, "classifier")
    window.resize(1366, 768)
    window.show_page(window.ranking)
    reflowed(qtbot, window)
    ranking = window.ranking
    assert not ranking.table_first and ranking.title.isVisible()
    assert ranking.title.y() < ranking.verdict.y() < ranking.table.y()


def test_a_family_at_911x512_keeps_the_chart_and_its_sliders_apart(window, qtbot):
    """Two binomials, the sliders' titles on two lines each at 911 px."""
    window.document.fill_from_family("P", Binomial(10, 0.5), create_outcomes=True)
    window.document.set_family("Q", Binomial(10, 0.3))
    qtbot.waitUntil(lambda: len(window.family_panel.controls) == 2)
    window.resize(911, 512)
    reflowed(qtbot, window)
    assert window.family_panel.isVisible()
    assert _overlaps(window) == []


@pytest.mark.parametrize("size", AT_150)
@pytest.mark.parametrize("lab", ["sampling", "coding", "bayes"])
def test_a_lab_page_needs_no_sideways_scrolling_at_150_percent(window, qtbot, size, lab):
    """1366×768 at 150% (911×512), the classifier: the sampling lab's two plots stood
    side by side at their least width (240 px each), so the page needed 504 px in a
    468 px view; a sideways scroll bar came and the conclusion, wrapped to the page's
    width, was cut at the view's right edge ("…k3 converges t|o"). Below the words the
    plots stand one above the other where the view is narrower than both."""
    load_example(window, qtbot, "classifier")
    window.resize(*size)
    page = getattr(window, lab)
    window.show_page(page)
    reflowed(qtbot, window)
    qtbot.waitUntil(lambda: not page.busy)
    area = window.labs.currentWidget()
    assert area.widget() is page
    qtbot.wait(1)
    view = area.viewport().width()
    assert page.minimumSizeHint().width() <= view
    assert not area.horizontalScrollBar().isVisible()
    if lab == "sampling":
        conclusion = page.conclusion
        assert conclusion.isVisible() and conclusion.text()
        right = conclusion.mapTo(area.viewport(), conclusion.rect().topRight()).x()
        assert right < view  # every word of the headline shows
        assert page.means_plot.isVisible() and page.hist_plot.isVisible()
