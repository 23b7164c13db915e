"""Both directions, one plot above the other, drawn whole: each plot shows every
outcome (none scrolled out of view by the other plot's value axis), the two plots line
their outcomes up pixel by pixel, and they share the chart's height."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from conftest import seen_height
from klgui.io.presets import find_preset
from klgui.ui.shell.look import BLUE, ORANGE


def _settle(qtbot, window):
    window.classroom.reflow()
    qtbot.wait(1)  # one pass of the event loop: the layouts apply the new sizes
    window.classroom.reflow()
    qtbot.wait(1)


def _open(window, qtbot, preset: str, size=(1366, 768), zoom=100, presenting=False):
    """``preset`` at ``size``, zoomed or in presentation mode."""
    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset(preset))
        window.refresh()
    window.resize(*size)
    if presenting:
        window.classroom.presentation_action.trigger()
    else:
        window.classroom.set_zoom(zoom)


def _show_both(window, qtbot, preset: str, size=(1366, 768), zoom=100, presenting=False):
    _open(window, qtbot, preset, size, zoom, presenting)
    window.chart.set_direction("both")
    _settle(qtbot, window)


def _outcome_x(plot, x: float) -> float:
    """Where outcome ``x`` is drawn, in the chart's pixels."""
    vb = plot.getPlotItem().vb
    scene = vb.mapViewToScene(QPointF(x, 0))
    return plot.mapTo(plot.window(), plot.mapFromScene(scene)).x()


def _coloured_pixels(plot, x: float, low: float, high: float, colour: str) -> int:
    """How many pixels of ``colour`` the plot shows in the column of outcome ``x``,
    between values ``low`` and ``high``."""
    image = plot.grab().toImage()
    vb = plot.getPlotItem().vb
    a = plot.mapFromScene(vb.mapViewToScene(QPointF(x - 0.3, high)))
    b = plot.mapFromScene(vb.mapViewToScene(QPointF(x + 0.3, low)))
    ratio = image.devicePixelRatio()
    want = QColor(colour)
    count = 0
    for px in range(int(a.x() * ratio), int(b.x() * ratio) + 1):
        for py in range(int(a.y() * ratio), int(b.y() * ratio) + 1):
            if 0 <= px < image.width() and 0 <= py < image.height() \
                    and image.pixelColor(px, py) == want:
                count += 1
    return count


@pytest.mark.parametrize("presenting", [False, True], ids=["100%", "presenting"])
@pytest.mark.parametrize("preset", ["word-frequencies", "die", "coin"])
def test_both_directions_show_every_outcome_lined_up(window, qtbot, preset, presenting):
    _show_both(window, qtbot, preset, presenting=presenting)
    chart = window.chart
    assert chart.stack.orientation() == Qt.Orientation.Vertical
    n = window.document.n
    for key, plot in chart.plots.items():
        assert plot.isVisible() and not plot.zoomed
        low, high = plot.getPlotItem().vb.viewRange()[0]
        # the first and the last outcome in view (the word-frequencies example lost its
        # first nine, "the" with them: pq's range started at 5.4)
        assert low <= -0.5 and high >= n - 0.5, (key, low, high)
    pq, qp = chart.plots["pq"], chart.plots["qp"]
    for x in (0, n - 1):  # the same outcome at the same place in both plots
        assert _outcome_x(pq, x) == pytest.approx(_outcome_x(qp, x), abs=1.0)


def test_the_largest_word_terms_are_drawn_in_both_directions(window, qtbot):
    """The word-frequencies example's "the": −0.056 nats in D(P‖Q) (a striped orange
    bar below 0), +0.079 in D(Q‖P) (a blue bar above 0); both plots showed only their
    axes."""
    _show_both(window, qtbot, "word-frequencies")
    c = window.document.result().comparison
    assert c.contributions_pq[0] == pytest.approx(-0.0559, abs=1e-4)
    assert c.contributions_qp[0] == pytest.approx(0.0794, abs=1e-4)
    pq, qp = window.chart.plots["pq"], window.chart.plots["qp"]
    assert _coloured_pixels(pq, 0, c.contributions_pq[0], 0.0, ORANGE) > 0
    assert _coloured_pixels(qp, 0, 0.0, c.contributions_qp[0], BLUE) > 0


def _cut_plots(window) -> list[str]:
    """Plots shown only in part (below the chart's tabs), or squeezed to a strip."""
    bad = []
    least = 120 * (window.classroom.zoom / 100) ** 0.5 - 1
    for plot in window.chart.visible_views():
        seen = seen_height(plot)
        if seen < plot.height() or seen < least:
            bad.append(f"{plot.accessibleName()}: {seen} px seen of {plot.height()}")
    return bad


@pytest.mark.parametrize("preset, size, zoom, presenting", [
    ("coin", (1366, 768), 150, False), ("word-frequencies", (1366, 768), 100, True),
    ("coin", (1024, 768), 200, False)], ids=["coin-150", "words-presenting", "coin-200"])
def test_choosing_both_directions_later_makes_room_for_both(window, qtbot, preset, size,
                                                             zoom, presenting):
    """Zoomed first, both directions chosen after (View ▸ Both directions): the D(Q‖P)
    plot was a strip of a few pixels under the D(P‖Q) plot, cut by the chart's foot."""
    _open(window, qtbot, preset, size, zoom, presenting)
    _settle(qtbot, window)
    window.direction_actions["both"].trigger()
    for _ in range(3):  # the event loop's turns that follow, no reflow asked by the test
        qtbot.wait(1)
    assert len(window.chart.visible_views()) == 2
    assert _cut_plots(window) == []
    window.direction_actions["pq"].trigger()
    for _ in range(3):
        qtbot.wait(1)
    assert window.chart.stack.orientation() == Qt.Orientation.Vertical
    assert _cut_plots(window) == []


def test_a_zoom_of_either_plot_holds_for_both_through_an_edit(window, qtbot):
    from klgui.ui.table.outcome_model import P_ENTRY

    _show_both(window, qtbot, "word-frequencies")
    pq, qp = window.chart.plots["pq"], window.chart.plots["qp"]
    vb = qp.getPlotItem().vb
    vb.setXRange(10, 40, padding=0)  # as the mouse wheel over the lower plot does
    vb.sigRangeChangedManually.emit(vb.state["mouseEnabled"])
    assert pq.getPlotItem().vb.viewRange()[0] == pytest.approx([10, 40])
    with qtbot.waitSignal(window.sigRefreshed):
        model = window.table.model
        model.setData(model.index(20, P_ENTRY), "9000", Qt.ItemDataRole.EditRole)
    for plot in (pq, qp):  # the edit kept the view of both
        assert plot.getPlotItem().vb.viewRange()[0] == pytest.approx([10, 40])
    window.chart.reset_zoom.click()
    n = window.document.n
    for plot in (pq, qp):
        low, high = plot.getPlotItem().vb.viewRange()[0]
        assert low <= -0.5 and high >= n - 0.5 and not plot.zoomed
