"""On a projector the key figures show without scrolling: at 1366×768 and 200%, and at
1024×768 and 150%, the Figures page shows D(P‖Q), D(Q‖P) and the four entropies whole
(at 200% on 1366×768 only the D(P‖Q) heading showed above the page's foot), the chart
keeps its plot whole, and the figures never reach under the page's scroll bar."""

import pytest
from PySide6.QtWidgets import QGroupBox

from conftest import reflowed, seen_height
from klgui.io.presets import find_preset
from klgui.ui.pages.comparison_panel import ENTROPIES

KEY = ("kl_pq", "kl_qp", *ENTROPIES)


def _shown(window, qtbot, preset, size, zoom):
    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset(preset))
        window.refresh()
    window.resize(*size)
    window.classroom.set_zoom(zoom)
    window.pages.setCurrentIndex(0)
    reflowed(qtbot, window)


def _hidden_figures(window) -> list[str]:
    """Key figures (and their titles' rows) not wholly shown on the page."""
    bad = []
    for name in KEY:
        label = window.panel.figures[name]
        if seen_height(label) < label.height() or not label.isVisible():
            bad.append(f"{label.accessibleName()}: {seen_height(label)} of {label.height()} px")
    return bad


@pytest.mark.parametrize("preset", ["coin", "support-mismatch"])
@pytest.mark.parametrize("size, zoom", [((1366, 768), 200), ((1024, 768), 150),
                                        ((1366, 768), 150), ((1280, 720), 150)])
def test_the_key_figures_show_without_scrolling(window, qtbot, size, zoom, preset):
    _shown(window, qtbot, preset, size, zoom)
    assert _hidden_figures(window) == []
    plot = window.chart.plots["pq"]  # the chart keeps a whole plot above them
    assert plot.height() >= plot.least_height(squeezed=True) - 1
    assert seen_height(plot) == plot.height()


def test_at_100_percent_the_figures_keep_their_wide_layout(window, qtbot):
    _shown(window, qtbot, "coin", (1366, 768), 100)
    assert window.panel.arrangement == "wide"
    assert window.chart.hover.isVisible()  # room for the line under the chart
    assert _hidden_figures(window) == []


@pytest.mark.parametrize("zoom", [150, 200])
def test_zoomed_the_hover_line_gives_its_room_to_the_figures(window, qtbot, zoom):
    """At 200% the empty line under the chart took 28 px; zoomed, the plots' own
    tooltips say what the line said, and the chart's tabs reach its foot."""
    _shown(window, qtbot, "coin", (1366, 768), zoom)
    chart = window.chart
    assert not chart.hover.isVisible()
    assert chart.tabs.geometry().bottom() == chart.rect().bottom()
    plot = window.chart.plots["pq"]
    plot.sigHovered.emit("heads: p = 0.8")
    assert plot.toolTip() == "heads: p = 0.8"


@pytest.mark.parametrize("zoom", [100, 110, 125, 150])
def test_the_figures_never_reach_under_the_scroll_bar(window, qtbot, zoom):
    """Q all zeros: the message line makes the page scroll at 1024×768."""
    _shown(window, qtbot, "coin", (1024, 768), zoom)
    window.edits.set_entry("Q", 0, "0")
    window.edits.set_entry("Q", 1, "0")
    window.refresh()
    reflowed(qtbot, window)
    area = window.pages.widget(0)
    assert window.panel.reason.isVisible()
    viewport = area.viewport()
    for box in window.panel.findChildren(QGroupBox):
        right = box.mapTo(viewport, box.rect().topRight()).x()
        assert right < viewport.width(), f"{box.title()} ends at {right} of {viewport.width()}"
    assert area.horizontalScrollBar().maximum() == 0


def test_a_three_by_three_matrix_shows_whole_at_150_percent(window, qtbot):
    """The matrix before its lesson: at 1366×768 and 150% the triangle check and the
    caption above it pushed the matrix under the page's foot. (At 1024×768 and 150%
    its first row shows; the rest still scrolls.)"""
    _shown(window, qtbot, "classifier", (1366, 768), 150)
    with qtbot.waitSignal(window.sigManyShown):
        window.show_page(window.matrix)
    reflowed(qtbot, window)
    table = window.matrix.table
    assert (table.rowCount(), table.columnCount()) == (3, 3)
    area = window.models.currentWidget()  # the page's scroll area
    last = table.visualRect(table.model().index(2, 2))  # the last row, whole on screen
    foot = table.viewport().mapTo(area.viewport(), last.bottomLeft()).y()
    top = table.horizontalHeader().mapTo(area.viewport(), table.rect().topLeft()).y()
    assert 0 <= top and foot < area.viewport().height(), (top, foot)
    assert window.matrix.triangle.isVisible()  # under it, a scroll away
