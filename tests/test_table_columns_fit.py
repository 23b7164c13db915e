"""The outcome table at a projector's 1024×768: every column, q the last, shows whole
beside the chart with one model and with three (the number columns are as wide as their
texts, not as the widest figure possible), and a column grows when a text needs it."""

import pytest
from PySide6.QtGui import QFontMetrics

from klgui.io.presets import find_preset
from conftest import reflowed


def _load(window, qtbot, example: str) -> None:
    with qtbot.waitSignal(window.sigRefreshed):
        if example == "three models":  # a reference and three models
            window.load_preset(find_preset("classifier"))
            window.edits.add_model("Model C", ["0.5", "0.25", "0.25"])
        else:
            window.load_preset(find_preset(example))
        window.refresh()


def _cut_cells(view) -> list[str]:
    """Cells on screen (and headers) whose text is wider than their column's room."""
    model, header = view.model(), view.horizontalHeader()
    bad = []
    for column in range(model.columnCount()):
        title = model.headerData(column, header.orientation())
        if header.sectionSize(column) < QFontMetrics(header.font()).horizontalAdvance(title):
            bad.append(f"header {title!r}")
        for row in range(model.rowCount()):
            if view.rowViewportPosition(row) > view.viewport().height():
                break
            text = model.data(model.index(row, column))
            font = model.data(model.index(row, column), 6) or view.font()  # 6: FontRole
            font.setPointSizeF(view.font().pointSizeF())
            if text and view.columnWidth(column) - 4 < QFontMetrics(font).horizontalAdvance(text):
                bad.append(f"{title!r} row {row + 1}: {text!r} in {view.columnWidth(column)} px")
    return bad


@pytest.mark.parametrize("example", ["support-mismatch", "three models", "binomials",
                                     "word-frequencies"])  # the last with a vertical scroll bar
def test_the_q_column_shows_whole_at_1024x768(window, qtbot, example):
    _load(window, qtbot, example)
    window.resize(1024, 768)
    window.classroom.set_zoom(100)
    reflowed(qtbot, window)
    view, model = window.table.view, window.table.model
    q = model.q_column
    assert q == model.columnCount() - 1
    assert view.horizontalScrollBar().maximum() == 0  # nothing hides behind a scroll bar
    assert view.columnViewportPosition(q) + view.columnWidth(q) <= view.viewport().width()
    assert _cut_cells(view) == []
    # the chart keeps its share: the table did not take the room from the right side
    assert window.main_splitter.sizes()[1] >= 0.5 * window.main_splitter.width()


def test_a_column_grows_for_a_longer_text_and_fits_again_with_new_digits(window, qtbot):
    _load(window, qtbot, "support-mismatch")
    window.resize(1024, 768)
    reflowed(qtbot, window)
    view, model = window.table.view, window.table.model
    q, entry = model.q_column, model.entry_column("Q")
    narrow = view.columnWidth(q)
    with qtbot.waitSignal(window.sigRefreshed):
        model.setData(model.index(0, entry), "0.001")
    # q is now 0.001 / (0.001 + 0.3 + 0.1 + 0), shown with six digits: wider at once
    assert model.data(model.index(0, q)) == f"{0.001 / 0.401:.6g}" == "0.00249377"
    assert _cut_cells(view) == []
    grown = view.columnWidth(q)
    assert grown > narrow
    for text in ("0.6", "0.05"):  # no twitching while values change: kept
        with qtbot.waitSignal(window.sigRefreshed):
            model.setData(model.index(0, entry), text)
        reflowed(qtbot, window)
        assert view.columnWidth(q) == grown
    with qtbot.waitSignal(window.sigRefreshed):
        window.panel.digits.setValue(3)  # fitted again, to what three digits need
    reflowed(qtbot, window)
    assert view.columnWidth(q) < narrow
    assert _cut_cells(view) == []
