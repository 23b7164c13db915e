"""After Fill from family at 1024×768 and 200% (Poisson, replacing the coin's outcomes
with 0…10 and ≥ 11, so P has no weight left) the empty chart's outcome axis names the
table's outcomes: the first and the last always, none overlapping (it read "1 … 10":
pyqtgraph dropped both ends, which reached past the axis), and its message follows the
zoom."""

import pytest
from PySide6.QtGui import QImage, QPainter

from klgui.core.families import Poisson


def _drawn_names(axis):
    """The outcome names the axis draws, with their rectangles, left to right."""
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return sorted(((rect, text) for rect, _, text in specs[2]), key=lambda s: s[0].left())


@pytest.mark.parametrize("tab", [0, 1])  # the terms, and P and Q
def test_the_empty_chart_names_the_first_and_last_outcomes(window, qtbot, tab):
    window.resize(1024, 768)
    window.classroom.set_zoom(200)
    window.charts.setCurrentIndex(tab)
    with qtbot.waitSignal(window.sigRefreshed):
        assert window.columns.fill(window.document.focus_id, Poisson(3.0), True)
    window.classroom.reflow()
    qtbot.wait(1)
    labels = list(window.document.labels)
    assert labels[0] == "0" and labels[-1] == "≥ 11"
    assert window.document.result().comparison is None  # P has no weight: nothing drawn
    plot = window.chart.visible_views()[0]
    axis = plot.getPlotItem().getAxis("bottom")
    names = _drawn_names(axis)
    texts = [text for _, text in names]
    assert texts[0] == "0" and texts[-1] == "≥ 11", texts
    assert all(text in labels for text in texts)
    assert [labels.index(t) for t in texts] == sorted(labels.index(t) for t in texts)
    for (left, _), (right, _) in zip(names, names[1:]):
        assert left.right() < right.left(), f"{texts} overlap"
    for rect, text in names:  # inside the plot, not cut at its edges
        box = axis.mapRectToScene(rect)
        assert box.left() >= 0 and box.right() <= plot.width(), text
    message = plot._message
    assert message.isVisible() and "every weight is zero" in message.toPlainText()
    assert "font-size:22pt" in message.toHtml().replace(" ", "")
