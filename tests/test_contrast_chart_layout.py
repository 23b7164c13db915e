"""High contrast at 200% keeps the chart whole, as the System theme does (the tester's
classifier at 1366×768 and 1024×768): the outcome names under the bars were cut in half,
because the row of the model in focus, moved above the chart's tabs, was measured at
100% (the theme's style sheet stops Qt from passing the zoomed font on to a moved
widget) and the chart got too little height for its plot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from conftest import seen_height, shown_window
from klgui.io.presets import find_preset
from klgui.ui.table.outcome_model import Q_ENTRY

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def themed(qtbot, request):
    w = shown_window(qtbot)
    w.theme.set_theme(request.param, say=False)
    yield w
    w.classroom.set_zoom(100)
    w.theme.set_theme("system", say=False)


def _turns(qtbot, n: int = 3) -> None:
    for _ in range(n):  # the event loop's next turns: the window reflows on its own
        qtbot.wait(1)


@pytest.mark.parametrize("themed", ["system", "contrast"], indirect=True)
@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_outcome_names_stay_whole_at_200_percent(themed, qtbot, size):
    window = themed
    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset("classifier"))
    window.resize(*size)
    _turns(qtbot)
    for zoom in (150, 200):  # as a person zooms in, step by step
        window.classroom.set_zoom(zoom)
        _turns(qtbot)
    with qtbot.waitSignal(window.sigRefreshed):
        model = window.table.model
        model.setData(model.index(0, Q_ENTRY), "0.6", Qt.ItemDataRole.EditRole)
    _turns(qtbot)
    chooser = window.focus_chooser
    assert chooser.isVisibleTo(window)
    assert chooser.font().pointSizeF() == pytest.approx(window.font().pointSizeF())
    for plot in window.chart.visible_views():
        assert seen_height(plot) == plot.height(), "the plot's foot is cut off"
        axis = plot.getPlotItem().getAxis("bottom")
        needed = QFontMetrics(axis.style["tickFont"]).height()
        assert axis.height() - 2 >= needed
        assert axis.mapRectToScene(axis.boundingRect()).bottom() <= plot.height() + 1
