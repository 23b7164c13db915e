"""Nothing raised inside Qt's painting: documents whose terms are all subnormal are drawn
in every chart mode and exported as images, and an error in a paint override is logged
and draws nothing instead of killing the window."""

import logging

import numpy as np
import pytest

from klgui.ui.chart.bar_plot import MIN_Y_SPAN, BarPlot, y_range
from klgui.ui.chart.chart_image import chart_image_bytes
from klgui.ui.chart.contribution_chart import DIRECTIONS, FORMS

#: (P entries, Q entries) of the coin whose every chart term is 0 or a tiny subnormal.
SUBNORMAL_DOCUMENTS = [(("1", "1e-323"), ("1", "3e-323")),
                       (("1", "0"), ("1", "1e-323")),
                       (("1e-323", "1"), ("3e-323", "1"))]


def _set(window, qtbot, p, q):
    with qtbot.waitSignal(window.sigRefreshed):
        for row, (a, b) in enumerate(zip(p, q)):
            window.document.set_entry("P", row, a)
            window.document.set_entry("Q", row, b)


def _errors(caplog):
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("p, q", SUBNORMAL_DOCUMENTS)
def test_subnormal_terms_are_drawn_in_every_mode_without_an_error(window, qtbot, caplog, p, q):
    caplog.set_level(logging.ERROR, logger="klgui")
    _set(window, qtbot, p, q)
    chart = window.chart
    for form in FORMS:
        chart.form.setCurrentIndex(list(FORMS).index(form))
        for direction in DIRECTIONS:
            chart.set_direction(direction)
            for plot in chart.visible_views():
                qtbot.waitUntil(lambda: plot.height() > 0)  # laid out once shown
                assert not plot.grab().isNull()
                low, high = plot.getPlotItem().vb.viewRange()[1]
                assert np.isfinite([low, high]).all() and high - low >= MIN_Y_SPAN
                # the bars hold the exact terms, however small
                series = plot.series[0]
                drawn = np.where(series.positive.opts["height"] != 0,
                                 series.positive.opts["height"], series.negative.opts["height"])
                terms = chart._terms["pq" if plot is chart.plots["pq"] else "qp"]
                finite = np.isfinite(terms)
                assert np.array_equal(drawn[finite], terms[finite])
                assert series.infinite.opts["height"].size == np.count_nonzero(~finite)
            for suffix in (".png", ".svg"):
                assert chart_image_bytes(chart.visible_views(), suffix)
    chart.tabs.setCurrentWidget(chart.dist_page)
    assert chart.visible_views() == [chart.distributions]
    assert not chart.distributions.grab().isNull()
    for suffix in (".png", ".svg"):
        assert chart_image_bytes(chart.visible_views(), suffix)
    assert not window.grab().isNull()
    assert _errors(caplog) == []


def test_an_error_inside_a_paint_override_is_logged_once_and_draws_nothing(
        qtbot, caplog, monkeypatch):
    caplog.set_level(logging.ERROR, logger="klgui")
    plot = BarPlot()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show_values([np.array([0.5, -0.25])], ["a", "b"])

    def broken(self, rect):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(type(plot._zero), "levels", broken)
    # pyqtgraph's own boundingRect failing inside (as viewRect() did on a subnormal range)
    monkeypatch.setattr(type(plot.series[0].positive), "pixelPadding", lambda self: 1 / 0)
    plot.series[0].positive.prepareGeometryChange()
    for _ in range(3):
        assert not plot.grab().isNull()
    messages = [r.getMessage() for r in _errors(caplog)]
    assert "_ZeroLine.paint failed, so it drew nothing" in messages
    assert "SafeBarGraphItem.boundingRect failed, so it drew nothing" in messages
    assert len(messages) == len(set(messages))  # once each, not at every repaint


@pytest.mark.parametrize("low, high, shown", [
    (-1.5e-323, 0.0, (-MIN_Y_SPAN, 0.0)),
    (0.0, 5e-324, (0.0, MIN_Y_SPAN)),
    (0.0, 0.0, (0.0, MIN_Y_SPAN)),
    (-1e-310, 2e-310, (-1e-310, -1e-310 + MIN_Y_SPAN)),
    (-0.3, 0.2, (-0.3, 0.2)),
    (0.0, float("inf"), (0.0, 1.0)),
    (float("nan"), 1.0, (0.0, 1.0)),
])
def test_the_value_range_is_never_degenerate(low, high, shown):
    assert y_range(low, high) == shown


def test_every_item_the_chart_draws_is_guarded(window):
    chart = window.chart
    for plot in (*chart.plots.values(), chart.distributions):
        plot_item = plot.getPlotItem()
        items = [*plot_item.items, plot_item.getAxis("left"), plot_item.getAxis("bottom")]
        assert len(items) > 6
        for item in items:
            for name in ("paint", "boundingRect"):
                assert hasattr(getattr(type(item), name), "__wrapped__"), (item, name)
