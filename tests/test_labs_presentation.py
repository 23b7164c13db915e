"""The lab pages at a projector and on small screens (the tester's 1366×768 and
1024×768, presentation mode and 100%, the "two modes" example): nothing runs past the
page's right edge, no table column is cut, the conclusion and the plot are on the first
screen, and the plots' keys grow with the zoom as their axes do."""

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QBoxLayout, QScrollArea

from conftest import reflowed, seen_height
from klgui.io.presets import find_preset

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

WAIT = 60_000  # ms: a generous bound for a busy machine, not a speed test
LABS = ("sampling", "coding", "bayes", "fit")
#: (width, height, presenting): presentation mode zooms to 150%.
SCREENS = [(1366, 768, True), (1366, 768, False), (1024, 768, False)]


def _open(window, qtbot, lab: str, size, presenting: bool):
    with qtbot.waitSignal(window.sigRefreshed, timeout=WAIT):
        window.load_preset(find_preset("two-modes"))
        window.refresh()
    window.resize(*size)
    window.classroom.set_presenting(presenting)
    page = getattr(window, lab)
    if lab == "fit":
        with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
            window.show_page(page)
    else:
        window.show_page(page)
    reflowed(qtbot, window, 3)
    area = page.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    return page, area


def _past_the_edge(page, area, widgets) -> list[str]:
    """The widgets whose right edge lies beyond the page's visible width."""
    viewport = area.viewport()
    bad = []
    for name, widget in widgets.items():
        if widget.isVisibleTo(page):
            right = widget.mapTo(viewport, widget.rect().topRight()).x()
            if right >= viewport.width():
                bad.append(f"{name} ends at {right} in a view of {viewport.width()}")
    return bad


def _cut_columns(table) -> list[str]:
    """Columns narrower than their header or texts need, or ending beyond the table's
    visible width (cut, to be scrolled to)."""
    header = table.horizontalHeader()
    bad = []
    for c in range(header.count()):
        needed = max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
        x = header.sectionViewportPosition(c)
        if header.sectionSize(c) < needed or x + needed > table.viewport().width():
            bad.append(f"{table.model().headerData(c, header.orientation())!r}: "
                       f"{header.sectionSize(c)} px at {x} for {needed} px in "
                       f"{table.viewport().width()}")
    return bad


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}{'-F5' * s[2]}")
@pytest.mark.parametrize("lab", LABS)
def test_nothing_runs_past_the_right_edge(window, qtbot, lab, screen):
    page, area = _open(window, qtbot, lab, screen[:2], screen[2])
    assert area.horizontalScrollBar().maximum() == 0
    widgets = {"page": page}
    if lab in ("sampling", "coding", "bayes"):
        widgets.update(conclusion=page.conclusion, table=page.table)
    if lab == "coding":
        widgets.update(blocks=page.block_table)
    if lab == "bayes":
        widgets.update(observation=page.name, clear=page.clear_button,
                       undo=page.undo_button, add=page.add_button,
                       opposite=page.opposite_button)
        # the field shows the observation's name whole, each button its words
        name = page.name
        assert name.width() >= name.fontMetrics().horizontalAdvance(name.text()) + 8
        for button in (page.add_button, page.opposite_button, page.undo_button,
                       page.clear_button):
            assert button.width() >= button.sizeHint().width(), button.text()
    if lab == "fit":
        widgets.update(plot=page.plot, points=page.points, use=page.use)
    assert _past_the_edge(page, area, widgets) == []


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_every_estimator_column_shows_whole_at_100_percent(window, qtbot, size):
    page, _ = _open(window, qtbot, "sampling", size, False)
    assert _cut_columns(page.table) == []


def test_every_codeword_column_shows_whole_at_1366_by_768(window, qtbot):
    page, _ = _open(window, qtbot, "coding", (1366, 768), False)
    assert _cut_columns(page.table) == []
    assert _cut_columns(page.block_table) == []


def test_headers_wrap_to_their_longest_word():
    from klgui.ui.pages.labs.lab_table import wrapped

    assert wrapped("± 2 SE (nats)") == "± 2 SE\n(nats)"
    assert wrapped("SD of one sample (bits)") == "SD of one\nsample\n(bits)"
    assert wrapped("Huffman bits") == "Huffman\nbits"
    assert wrapped("P(wet grass | hypothesis)") == "P(wet grass\n| hypothesis)"
    assert wrapped("Bias E[k] − D (nats)") == "Bias E[k]\n− D (nats)"
    assert wrapped("n") == "n"



def _text_height(label) -> float:
    """The height of a pyqtgraph label's line of text, without its document's margins."""
    item = label.item
    return item.boundingRect().height() - 2 * item.document().documentMargin()


@pytest.mark.parametrize("presenting", [False, True])
def test_plot_keys_grow_with_the_zoom_as_the_axes_do(window, qtbot, presenting):
    # The oracle: the window's text, which the zoom scales (pyqtgraph drew the keys at
    # 9 pt whatever the zoom, and the sampling plots' numbers in a font of its own).
    fit, _ = _open(window, qtbot, "fit", (1366, 768), presenting)
    sampling, _ = _open(window, qtbot, "sampling", (1366, 768), presenting)
    plots = [(fit.plot, fit.plot.legend), (sampling.means_plot, sampling.means_plot.legend),
             (sampling.hist_plot, sampling.hist_plot.legend)]
    text = QFontMetrics(window.font()).height()  # the zoomed text of the window
    for plot, legend in plots:
        for side in ("left", "bottom"):
            ticks = plot.getPlotItem().getAxis(side).style["tickFont"]
            assert ticks is not None and QFontMetrics(ticks).height() == text
        assert legend.items
        for _, label in legend.items:
            assert _text_height(label) == pytest.approx(text, abs=1), label.text
    if presenting:
        assert window.classroom.zoom == 150


def test_the_first_screen_shows_the_conclusion_and_the_plot_when_presenting(window, qtbot):
    # 1366×768 in presentation mode leaves the pages a view about 220 px high: the
    # sampling plots stand beside the conclusion, the fit table beside its plot.
    page, _ = _open(window, qtbot, "sampling", (1366, 768), True)
    assert page.beside
    for widget in (page.conclusion, page.means_plot):
        assert seen_height(widget) == widget.height() > 0, widget.accessibleName()
    assert page.means_plot.height() >= page.means_plot.minimumHeight()
    fit, _ = _open(window, qtbot, "fit", (1366, 768), True)
    table = fit.points
    rows = table.model().rowCount()
    assert rows >= 3 and table.viewport().height() >= rows * table.rowHeight(0)
    # The outcome table keeps its columns (p and q whole), so the stationary points
    # stand below the plot here: the plot whole on the first screen, then the table's
    # header and its first row (D(P‖Q)'s global minimum); the rest scrolls into view.
    # Beside the plot, the whole table shows on the first screen.
    assert seen_height(fit.plot) == fit.plot.height() > 0
    if fit.middle.direction() == QBoxLayout.Direction.LeftToRight:
        assert seen_height(table) == table.height()
    else:
        assert seen_height(table) >= table.horizontalHeader().height() + table.rowHeight(0)
    # its first three columns (curve, kind, where) whole; the last scrolls into view
    header = table.horizontalHeader()
    assert header.sectionViewportPosition(3) <= table.viewport().width()
    assert sum(header.sectionSize(c) for c in range(3)) <= table.viewport().width()


def test_at_100_percent_the_sampling_plots_follow_the_conclusion(window, qtbot):
    page, _ = _open(window, qtbot, "sampling", (1366, 768), False)
    assert not page.beside  # a view tall enough: the plots below the words, full width
    assert seen_height(page.means_plot) == page.means_plot.height() > 0
    conclusion = page.conclusion.geometry()
    assert page.means_plot.geometry().top() > conclusion.bottom()
    assert page.table.geometry().top() > page.means_plot.geometry().bottom()


@pytest.mark.parametrize("lab", LABS)
def test_presenting_a_lab_already_shown_keeps_it_inside_the_page(window, qtbot, lab):
    # The page laid out at 100% first: the fit page chose from its own width, which
    # never fell below the table it had set, so at 150% it ran past the view.
    page, area = _open(window, qtbot, lab, (1366, 768), False)
    window.classroom.set_presenting(True)
    reflowed(qtbot, window, 3)
    assert area.horizontalScrollBar().maximum() == 0
    assert page.width() <= area.viewport().width()


@pytest.mark.parametrize("size, presenting, short", [((1366, 768), False, False),
                                                      ((1024, 768), True, True)])
def test_the_labs_tab_row_fits_without_scroll_arrows(window, qtbot, size, presenting, short):
    """At 1024×768 in presentation mode the labs' tabs ran behind scroll arrows
    ("Fit (forward vs revers…"): there they take their short words, the long ones in
    their tooltips; where the row fits, the long words."""
    _open(window, qtbot, "bayes", size, presenting)
    labs = window.labs
    assert labs.tabBar().sizeHint().width() <= labs.width()
    texts = [labs.tabText(i) for i in range(labs.count())]
    if short:
        assert texts == ["Sampling", "Coding", "Bayes", "Fi&t"]
        assert labs.tabToolTip(3) == "Fit (forward vs reverse)"
    else:
        assert texts == ["Sampling", "Coding", "Bayesian update", "Fi&t (forward vs reverse)"]
        assert labs.tabToolTip(3) == ""
    window.classroom.set_presenting(False)


def test_numbers_that_come_after_the_fit_widen_their_column(window, qtbot):
    """The sampling table is fitted before any draw; its "Running mean" header wraps to
    a narrow column, and the means that came with the draws were cut ('0.0894…')."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QStyle
    window.resize(1366, 768)  # the coin
    page = window.sampling
    window.show_page(page)
    reflowed(qtbot, window, 3)
    with qtbot.waitSignal(page.sigDrawn, timeout=WAIT):
        page.buttons[10000].click()
    table, model = page.table, page.table.model_
    header, metrics = table.horizontalHeader(), QFontMetricsF(table.font())
    margins = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                             None, table) + 1)  # the delegate's, as Qt
    last = model.columnCount() - 1  # stretched to the table's edge
    for column in range(last):
        for row in range(model.rowCount()):
            text = model.data(model.index(row, column)) or ""
            assert header.sectionSize(column) >= metrics.horizontalAdvance(text) + margins, \
                (row, column, text)


def test_the_running_means_log_axis_numbers_only_its_decades(window, qtbot):
    """Zoomed, the draws axis labelled 2…9 of each decade too and they ran together
    ('3·10¹4·10⁵·10⁶…'): a log axis numbers its decades only."""
    axis = window.sampling.means_plot.getAxis("bottom")
    values = [0.0, 0.30103, 0.69897, 1.0, 1.30103]  # 1, 2, 5, 10, 20 in log10
    strings = axis.tickStrings(values, 1.0, 1.0)
    assert strings[0] and strings[3]
    assert strings[1] == strings[2] == strings[4] == ""


@pytest.mark.parametrize("size, zoom", [((1024, 768), 100), ((1366, 768), 100),
                                        ((1366, 768), 150)])
def test_the_histogram_key_covers_no_bar(window, qtbot, size, zoom):
    """The draws/P key sat inside the histogram at its top right and covered the bars
    of outcomes 8 to 10 (the die and word examples): it stands above the plot area, in
    the plot, whole."""
    with qtbot.waitSignal(window.sigRefreshed, timeout=WAIT):
        window.load_preset(find_preset("word-frequencies"))
    window.resize(*size)
    window.classroom.set_zoom(zoom)
    page = window.sampling
    window.show_page(page)
    reflowed(qtbot, window, 3)
    page.draw(10_000)
    qtbot.waitUntil(lambda: page.draws == 10_000, timeout=WAIT)
    reflowed(qtbot, window, 3)
    item = page.hist_plot.getPlotItem()
    legend = page.hist_plot.legend
    box = legend.mapRectToScene(legend.boundingRect())
    area = item.vb.mapRectToScene(item.vb.boundingRect())
    assert box.bottom() <= area.top() + 1, (box, area)  # above the bars, not over them
    plot = item.mapRectToScene(item.boundingRect())
    assert plot.contains(box), (box, plot)  # whole, in the plot
    assert [name for _, label in legend.items for name in [label.text]] == ["draws", "P"]
    assert box.height() < 2.5 * QFontMetrics(window.font()).height()  # one row
