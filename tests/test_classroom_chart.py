"""The chart for a classroom: unit on the value axis, ∞ bars and their marks, bar
order and top N, values on bars, zoom and its reset."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from klgui.ui.chart.bar_order import arrange
from klgui.ui.chart.bar_plot import BarPlot


@pytest.fixture
def plot(qtbot):
    p = BarPlot()
    qtbot.addWidget(p)
    p.resize(800, 400)
    p.show()
    qtbot.waitExposed(p)
    return p


def _top_of_infinite_bars(plot):
    return plot.series[0].infinite.opts["height"]


def test_the_value_axis_names_the_term_and_its_unit(window, qtbot):
    window.panel.unit.setCurrentIndex(window.panel.unit.findData("bits"))
    qtbot.waitUntil(lambda: window.document.result().comparison.base == "bits")
    window.refresh()
    axis = window.chart.plots["pq"].getPlotItem().getAxis("left")
    assert axis.labelText == "term (bits)"
    assert not axis.autoSIPrefix  # no "(x0.001)" after the unit
    window.chart.tabs.setCurrentWidget(window.chart.dist_page)
    assert window.chart.distributions.getPlotItem().getAxis("left").labelText == "probability"


@pytest.mark.parametrize("values", [
    [0.5, -0.25, math.inf],       # positive and negative beside ∞
    [-0.9, -0.2, math.inf, 0.0],  # only negative finite terms (signed mode)
    [0.0, math.inf],              # nothing finite but zero
])
def test_an_infinite_bar_is_taller_than_every_finite_bar(plot, values):
    plot.show_values([np.array(values)], [str(i) for i in range(len(values))])
    height = float(_top_of_infinite_bars(plot)[0])
    finite = [abs(v) for v in values if math.isfinite(v)]
    assert height > max(finite)
    low, high = plot.getPlotItem().vb.viewRange()[1]
    assert high > height  # its ∞ mark has room above it


def test_a_million_outcomes_with_many_infinities_get_few_counted_marks(plot):
    n = 1_000_000
    values = np.full(n, 1e-7)
    infinite = np.arange(0, n, 97)  # 10,310 infinite terms spread over every bin
    values[infinite] = math.inf
    plot.show_values([values], [])
    counts = plot.infinity_counts
    assert 1 <= plot.infinity_label_count() == len(counts) <= 40
    assert sum(counts) == infinite.size  # every infinite term is counted, once
    texts = [t.textItem.toPlainText() for t in plot._infinity_labels if t.isVisible()]
    assert all(t.startswith("∞ ×") for t in texts)
    assert "10,310" not in texts  # spread out: several marks, not one blob
    assert plot.series[0].infinite.opts["pen"].style() == Qt.PenStyle.NoPen  # no outline: no orange wall


def test_a_few_infinite_terms_get_one_plain_mark_each(plot):
    plot.show_values([np.array([0.1, math.inf, 0.2, 0.3, math.inf])], list("abcde"))
    assert plot.infinity_counts == [1, 1]
    assert [t.textItem.toPlainText() for t in plot._infinity_labels if t.isVisible()] == [
        "∞", "∞"]


def test_sorted_and_top_n_orders():
    values = np.array([0.1, -0.4, math.inf, 0.05, 0.2, 0.0])
    labels = list("abcdef")
    size = arrange(values, labels, "size")
    assert list(size.labels) == ["c", "b", "e", "a", "d", "f"]
    assert list(size.values) == [math.inf, -0.4, 0.2, 0.1, 0.05, 0.0]
    top = arrange(values, labels, "top", top=2)
    assert list(top.labels) == ["c", "b", "other 4"]
    assert top.rest == 4
    assert top.values[-1] == pytest.approx(0.2 + 0.1 + 0.05 + 0.0, rel=1e-15)
    assert arrange(values[[1, 0, 3]], list("xyz"), "top", top=1).values[-1] == pytest.approx(
        0.15, rel=1e-15)
    with_inf_rest = arrange(np.array([0.3, math.inf, 0.1]), list("xyz"), "top", top=1)
    assert list(with_inf_rest.labels) == ["y", "other 2"]
    assert with_inf_rest.values[-1] == pytest.approx(0.4)
    assert math.isinf(arrange(np.array([0.3, 0.2, math.inf]), list("xyz"), "top",
                              top=1).values[-1]) is False  # inf is shown, not summed
    with pytest.raises(ValueError, match="no bar order"):
        arrange(values, labels, "random")


def test_top_ten_of_three_hundred_words_in_the_window(window, qtbot):
    from klgui.io.presets import find_preset

    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset("word-frequencies"))
        window.refresh()
    window.chart.order.setCurrentIndex(window.chart.order.findData("top"))
    plot = window.chart.plots["pq"]
    c = window.document.result().comparison
    assert plot.n == 11
    bars = plot.series[0].positive.opts["height"] + plot.series[0].negative.opts["height"]
    largest = np.sort(np.abs(c.contributions_pq))[::-1][:10]
    assert list(np.abs(bars[:10])) == list(largest)  # the ten largest terms, largest first
    # the rest bar holds the sum of the other 290 terms, and the hover says so
    shown = window.chart._arranged["pq"]
    assert shown.rest == c.n - 10
    assert math.fsum(c.contributions_pq) == pytest.approx(
        math.fsum(shown.values), rel=1e-12)
    assert "The other 290 outcomes" in window.chart._describe_term("pq", 10)
    first = int(shown.order[0])
    assert window.chart._describe_term("pq", 0).startswith(f"'{window.document.labels[first]}'")


def test_values_written_on_bars(window, qtbot):
    window.chart.values_shown.setChecked(True)
    plot = window.chart.plots["pq"]
    c = window.document.result().comparison
    texts = sorted(t.textItem.toPlainText() for t in plot._value_labels if t.isVisible())
    expected = sorted(f"{v:.3g}".replace("-", "−") for v in c.contributions_pq)
    assert texts == expected
    window.chart.values_shown.setChecked(False)
    assert not any(t.isVisible() for t in plot._value_labels)


def test_zoom_survives_an_edit_and_reset_shows_everything(window, qtbot):
    from klgui.ui.table.outcome_model import P_ENTRY

    plot = window.chart.plots["pq"]
    n = window.document.n
    vb = plot.getPlotItem().vb
    vb.scaleBy(x=0.5)  # as the mouse wheel does
    vb.sigRangeChangedManually.emit(vb.state["mouseEnabled"])
    zoomed = vb.viewRange()[0]
    with qtbot.waitSignal(window.sigRefreshed):
        window.table.model.setData(window.table.model.index(0, P_ENTRY), "3")
    assert vb.viewRange()[0] == pytest.approx(zoomed)
    window.chart.reset_zoom.click()
    low, high = vb.viewRange()[0]
    assert low < -0.5 and high > n - 0.5 and not plot.zoomed
