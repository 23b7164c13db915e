"""The chart and window at scale, and a soak of edits. No timing is asserted."""

import random

import numpy as np
import pytest

from klgui.core import compare
from klgui.ui.chart.bar_plot import AGGREGATE_ABOVE
from klgui.ui.table.outcome_model import P_ENTRY, Q_ENTRY


def test_every_preset_loads_from_the_examples_menu(window, qtbot):
    from klgui.core import parse_weight
    from PySide6.QtWidgets import QMenu

    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "E&xamples")
    for action, preset in zip(menu.actions(), window.presets, strict=True):
        assert action.text() == preset.title
        with qtbot.waitSignal(window.sigRefreshed):
            action.trigger()
        c = compare([parse_weight(t) for t in preset.p], [parse_weight(t) for t in preset.q])
        for name in ("kl_pq", "kl_qp", "js_divergence", "hellinger"):
            value = window.panel.figures[name].value
            assert value == pytest.approx(getattr(c, name), rel=1e-14), (preset.key, name)
        assert window.windowTitle().startswith(preset.title)
        assert window.statusBar().currentMessage() == preset.description


def test_a_large_table_is_drawn_binned_and_keeps_its_extremes(window, qtbot):
    n = 100_000
    p = ["1"] * n
    q = ["1"] * n
    p[54_321] = "5000"
    q[77_777] = "0"
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load([f"w{i}" for i in range(n)], p, q, name="big")
    plot = window.chart.plots["pq"]
    series = plot.series[0]
    bars = len(series.positive.opts["height"])
    assert AGGREGATE_ABOVE < n and bars <= max(100, plot.width()) and bars < 5000
    c = window.document.result().comparison
    assert series.positive.opts["height"].max() == c.contributions_pq[np.isfinite(c.contributions_pq)].max()
    assert len(series.infinite.opts["height"]) == 1 and plot.infinity_label_count() == 1
    k = plot.bins.bin_of(77_777)
    assert plot.bins.infinite[k]
    assert "∞ ('w77777')" in window.chart._describe_term("pq", 77_777)
    # an edit far down the table still reaches the figures
    with qtbot.waitSignal(window.sigRefreshed):
        window.table.model.setData(window.table.model.index(77_777, Q_ENTRY), "1")
    assert window.panel.figures["kl_pq"].value == compare(
        window.document.values("P"), window.document.values("Q")).kl_pq


def test_renaming_an_outcome_the_axis_names_redraws_the_axis(window, qtbot):
    from PySide6.QtGui import QPainter

    n = 50  # more than the axis names one by one: it names those at its ticks
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load([f"w{i}" for i in range(n)], ["1"] * n, ["2"] * n, name="fifty")
    plot = window.chart.plots["pq"]

    def names() -> list[str]:
        image = plot.grab().toImage()
        painter = QPainter(image)  # any painter: text sizes come from its font
        drawn = [text for *_, text in plot.axis.generateDrawSpecs(painter)[2] if text]
        painter.end()
        return drawn

    shown = int(names()[1][1:])  # a major tick's outcome: its name is always drawn
    with qtbot.waitSignal(window.sigRefreshed):
        window.table.model.setData(window.table.model.index(shown, P_ENTRY), "3")
    before = plot.grab().toImage()
    with qtbot.waitSignal(window.sigRefreshed):  # as wide as before: nothing is resized
        window.table.model.setData(window.table.model.index(shown, 0), f"r{shown}")
    assert plot.grab().toImage() != before  # drawn again, not the cached axis
    assert f"r{shown}" in names()


@pytest.mark.slow
def test_soak_thousands_of_edits_with_the_chart_visible(window, qtbot):
    rng = random.Random(1)
    model = window.table.model
    window.chart.set_direction("both")
    texts = ["0", "1", "0.5", "1/3", "25%", "abc", "-1", "2e-3", "7"]
    for step in range(3000):
        kind = rng.random()
        if kind < 0.03 and window.document.n < 30:
            window.table.add_action.trigger()
        elif kind < 0.05 and window.document.n > 1:
            window.table.view.setCurrentIndex(model.index(rng.randrange(window.document.n), 0))
            window.table.remove_action.trigger()
        else:
            row = rng.randrange(window.document.n)
            model.setData(model.index(row, rng.choice([P_ENTRY, Q_ENTRY])), rng.choice(texts))
        if step % 20 == 0:
            window.refresh()
            window.repaint()
    window.refresh()
    result = window.document.result()
    figures = window.panel.figures
    if result.ok:
        assert figures["jeffreys"].value == compare(window.document.values("P"),
                                                    window.document.values("Q")).jeffreys
    else:
        assert all(f.text() == "—" for f in figures.values())
