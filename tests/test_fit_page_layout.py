"""The fit lab page's drawing: the table beside the plot keeps its width from one
result to the next, every column whole; the grid's opaque lines are ink at their
opacity over the paper."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor
from scipy import stats

from klgui.ui.pages.fit_page import FitPage
from klgui.ui.pages.labs.grid_lines import GridLines

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LABELS = [str(k) for k in range(11)]
K = np.arange(11)
BIMODAL = 0.5 * stats.binom.pmf(K, 10, 0.2) + 0.5 * stats.binom.pmf(K, 10, 0.8)
WAIT = 60_000  # ms: a generous bound for a busy machine, not a speed test


@pytest.fixture
def page(qtbot):
    w = FitPage()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.stop()


def test_table_and_plot_keep_their_widths_across_results(page, qtbot):
    """The table was sized from its header's length, which counts the last column
    stretched to the view: each result widened it by a scroll bar (14 px) and the
    plot shrank as much, and the plot was repainted three times a result."""
    widths = []
    for k in range(4):
        with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
            page.show_reference(BIMODAL * (1 + 0.01 * k), LABELS, "nats", 6)
        qtbot.wait(50)  # the layout settles
        widths.append((page.points.width(), page.plot.width()))
    assert len(set(widths)) == 1
    table = page.points
    header = table.horizontalHeader()
    columns = [header.sectionSize(c) for c in range(header.count())]
    needed = [max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
              for c in range(header.count())]
    assert all(have >= want for have, want in zip(columns, needed))
    assert table.fitted_width() == sum(table._fitted) >= sum(needed[:-1])


def test_grid_line_colour_is_ink_over_paper(page):
    grid = page.plot.grid_lines
    assert isinstance(grid, GridLines)
    grid.set_ink(QColor(0, 0, 0), QColor(255, 255, 255))
    assert grid._colour(64).getRgb() == (191, 191, 191, 255)  # 255·(1 − 64/255)
    grid.set_ink(QColor(200, 100, 0), QColor(0, 0, 100))
    assert grid._colour(255).getRgb() == (200, 100, 0, 255)
    assert grid._colour(0).getRgb() == (0, 0, 100, 255)
    grid.set_ink(QColor(200, 100, 0))  # no paper: translucent ink
    assert grid._colour(32).getRgb() == (200, 100, 0, 32)
