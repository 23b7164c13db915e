"""What keeps a lab from blocking the window (issue 23): nothing is painted beside a
running job, a quick result paints the table once (the busy look only for a slow one),
the Computing line moves nothing, tables fit their columns without asking
Qt to measure every cell, the plots' grid is one cached item at the axes' ticks, and
the tables at many rows serve the core's numbers and still copy and export them."""

import csv
import math
import threading

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtWidgets import QApplication

from klgui.core.labs.coding import coding_report
from klgui.ui.pages.labs import BayesPage, CodingPage, SamplingPage
from klgui.ui.pages.labs import lab_jobs
from klgui.ui.pages.labs.grid_lines import GridLines
from klgui.ui.pages.labs.lab_table import LabTable, LabTableModel

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
WAIT_MS = 120_000
JOBS = {SamplingPage: lab_jobs.SamplingJob, CodingPage: lab_jobs.CodingJob,
        BayesPage: lab_jobs.BayesJob}


def _pair(n, seed):
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))


def _shown(qtbot, cls, size=(1366, 768)):
    page = cls()
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page


class _Paints(QObject):
    """Counts paint events of the tables and plots under ``root``: the widgets whose
    painting calls into Python (table cells, plot items). Plain labels and buttons paint
    in C++ alone and are not counted."""

    def __init__(self, root) -> None:
        super().__init__()
        self.heavy = root.findChildren(LabTable) + root.findChildren(pg.GraphicsView)
        self.count = 0

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and any(
                obj is w or w.isAncestorOf(obj) for w in self.heavy):
            self.count += 1
        return False


def _settle(qapp) -> None:
    for _ in range(5):
        qapp.processEvents()


def _gate(monkeypatch, cls):
    """Make ``cls``'s job wait for the returned event before it computes."""
    entered, gate = threading.Event(), threading.Event()
    job_class = JOBS[cls]
    real_run = job_class.run

    def gated(job, cancelled=None):
        entered.set()
        gate.wait(WAIT_MS / 1000)
        return real_run(job, cancelled)

    monkeypatch.setattr(job_class, "run", gated)
    return entered, gate


@pytest.mark.parametrize("cls", [SamplingPage, CodingPage, BayesPage])
def test_nothing_is_painted_beside_a_running_job(qtbot, qapp, monkeypatch, cls):
    page = _shown(qtbot, cls)
    p, q = _pair(3_000, 1)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(p, q, [], "nats", 6)  # a first result, so there is a page to grey
    if cls is SamplingPage:  # its histogram is drawn one event-loop turn after the result
        qtbot.waitUntil(lambda: len(page.hist_plot.p_bars.opts["height"]) == 60)
    _settle(qapp)
    entered, gate = _gate(monkeypatch, cls)
    paints = _Paints(page)
    qapp.installEventFilter(paints)
    page.busy_after_ms = 0  # the busy look at the event loop's next turn
    try:
        table_before = page.table.geometry()
        with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
            with qtbot.waitSignal(page.sigBusyShown, timeout=WAIT_MS):
                page.show_pair(q, p, [], "nats", 6)
                assert page.busy and not page.table.isEnabled()  # off at once
            assert entered.wait(WAIT_MS / 1000)
            _settle(qapp)
            # The page says it is computing and greys its words, but the tables and
            # plots keep their pixels: nothing of them paints while the job runs ...
            assert page.computing.isVisible() and not page.conclusion.isEnabled()
            assert paints.count == 0 and page.table.geometry() == table_before
            # ... nor for a newer pair while it runs (typing in the window).
            page.show_pair(p[::-1].copy(), q, [], "nats", 6)
            _settle(qapp)
            assert paints.count == 0 and page.busy
            gate.set()
        _settle(qapp)
        assert paints.count > 0 and page.table.isEnabled()  # the result painted
        assert page.conclusion.isEnabled()
        assert list(page.p) == list(p[::-1])  # the newest pair's
        assert page.table.geometry() == table_before and not page.computing.isVisible()
    finally:
        qapp.removeEventFilter(paints)
        gate.set()


class _TablePaints(QObject):
    """Whether ``table`` was enabled at each paint of its cells."""

    def __init__(self, table) -> None:
        super().__init__()
        self.table, self.enabled = table, []

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and obj is self.table.viewport():
            self.enabled.append(self.table.isEnabled())
        return False


@pytest.mark.parametrize("cls", [SamplingPage, CodingPage, BayesPage])
def test_a_quick_result_paints_the_table_once_never_greyed(qtbot, qapp, monkeypatch, cls):
    page = _shown(qtbot, cls)
    p, q = _pair(3_000, 1)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(p, q, [], "nats", 6)
    _settle(qapp)
    entered, gate = _gate(monkeypatch, cls)
    page.busy_after_ms = 10 * WAIT_MS  # the result always comes first
    shown = []
    page.sigBusyShown.connect(lambda: shown.append(True))
    paints = _TablePaints(page.table)
    qapp.installEventFilter(paints)
    try:
        with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
            page.show_pair(q, p, [], "nats", 6)
            assert entered.wait(WAIT_MS / 1000)
            _settle(qapp)
            assert page.busy and paints.enabled == []  # not painted greyed
            gate.set()
        _settle(qapp)
    finally:
        qapp.removeEventFilter(paints)
        gate.set()
    assert paints.enabled == [True]  # once, with the result
    assert shown == [] and not page.computing.isVisible() and not page.busy


@pytest.mark.parametrize("cls", [SamplingPage, CodingPage, BayesPage])
def test_columns_fit_as_qt_would_fit_them(qtbot, cls):
    page = _shown(qtbot, cls)
    labels = ["heads", "a much longer outcome name", "t"]
    page.show_pair(np.array([0.5, 0.3, 0.2]), np.array([0.25, 0.25, 0.5]), labels,
                   "bits", 6)
    tables = [page.table] + ([page.block_table] if cls is CodingPage else [])
    for table in tables:
        columns = table.model().columnCount()
        ours = [table.columnWidth(c) for c in range(columns)]
        table.resizeColumnsToContents()  # Qt's own measure, as the oracle
        theirs = [table.columnWidth(c) for c in range(columns)]
        assert ours[:-1] == theirs[:-1]  # the last one stretches to the table's edge
        assert min(ours) > 0


def test_sampling_plots_grid_follows_the_axes_ticks(qtbot):
    page = _shown(qtbot, SamplingPage)
    page.show_pair(np.array([0.5, 0.3, 0.2]), np.array([0.4, 0.4, 0.2]), list("abc"),
                   "nats", 6)
    page.draw(10_000)
    page.grab()  # painted once: the lines are made
    for plot in (page.means_plot, page.hist_plot):
        item = plot.getPlotItem()
        assert item.getAxis("left").grid is False and item.getAxis("bottom").grid is False
        grid = plot.grid_lines
        assert isinstance(grid, GridLines) and grid.getViewBox() is item.getViewBox()
        lines = [line for group in grid._lines.values() for line in group]
        vertical = sorted({line.x1() for line in lines if line.x1() == line.x2()})
        box = item.getViewBox()
        view = box.viewRect()
        axis = item.getAxis("bottom")
        if plot is page.hist_plot:  # three outcomes: ticks set by name
            expected = [0.0, 1.0, 2.0]
        else:  # the log axis' own ticks, every level
            levels = axis.tickValues(view.left(), view.right(), box.boundingRect().width())
            expected = sorted({v for _, values in levels for v in values})
        # The lines are kept in device pixels, on pixel centres.
        pixels = [box.mapViewToDevice(QPointF(v, view.center().y())).x() for v in expected]
        assert vertical == pytest.approx([math.floor(x) + 0.5 for x in pixels], abs=1.0)
        top = box.mapViewToDevice(QPointF(0, view.top())).y()
        bottom = box.mapViewToDevice(QPointF(0, view.bottom())).y()
        assert all(sorted((line.y1(), line.y2())) == pytest.approx(sorted((top, bottom)),
                                                                    abs=1.0)
                   for line in lines if line.x1() == line.x2())


def test_coding_table_at_1e4_rows_serves_the_core_and_exports_it(qtbot, tmp_path):
    n = 10_000
    p, q = _pair(n, 3)
    labels = [f"w{i}" for i in range(n)]
    page = _shown(qtbot, CodingPage)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(p, q, labels, "bits", 6)
    oracle = coding_report(p, q)
    model = page.table.model()
    assert model.rowCount() == n
    for row in (0, 4_321, n - 1):  # rows the view never showed, served on demand
        cells = [model.data(model.index(row, c)) for c in range(model.columnCount())]
        assert cells[0] == labels[row]
        assert cells[4] == oracle.shannon.codeword(row)
        assert cells[5] == str(int(oracle.shannon.lengths[row]))
        assert cells[6] == oracle.huffman.codeword(row)
        assert cells[7] == str(int(oracle.huffman.lengths[row]))
    page.table.selectRow(n - 1)
    page.table.copy_selection()
    copied = QApplication.clipboard().text().splitlines()[1].split("\t")
    assert copied[:3] == [labels[-1], repr(float(p[-1])), repr(float(q[-1]))]
    page.export_csv(tmp_path / "C.csv")
    with open(tmp_path / "C.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == n + 1
    header = rows[0]
    last = dict(zip(header, rows[-1]))
    assert last[header[0]] == labels[-1]
    assert float(last["p"]) == p[-1] and float(last["q"]) == q[-1]  # every digit
    assert sorted(int(r[header.index("shannon_length")]) for r in rows[1:]) == \
        sorted(int(v) for v in oracle.shannon.lengths)


@pytest.mark.parametrize("cls", [SamplingPage, CodingPage, BayesPage])
def test_lab_table_models_pass_qt_model_tester(qtbot, qtmodeltester, cls):
    page = _shown(qtbot, cls)
    page.show_pair(np.array([0.5, 0.3, 0.2]), np.array([0.25, 0.25, 0.5]),
                   ["0.1", "0.5", "0.9"], "bits", 6)
    # A model of its own over the page's columns (they hold values, not the page), so it
    # outlives the page, which qtbot deletes before the tester lets go of its model.
    shown = page.table.model()
    model = LabTableModel()
    model.set_table(shown.columns, shown.rows, text_columns=sorted(shown.text_columns))
    model.editable, model.tips = shown.editable, shown.tips
    qtmodeltester.check(model, force_py=True)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    aligned = [model.data(model.index(0, c), Qt.ItemDataRole.TextAlignmentRole)
               for c in range(model.columnCount())]
    assert aligned[0] is None and right in aligned  # labels left, numbers right
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None


def test_sampling_histogram_follows_a_new_pair_one_turn_later(qtbot):
    page = _shown(qtbot, SamplingPage)
    page.show_pair(np.array([0.5, 0.5]), np.array([0.4, 0.6]), ["a", "b"], "nats", 6)
    qtbot.waitUntil(lambda: list(page.hist_plot.p_bars.opts["height"]) == [0.5, 0.5])
    p = np.array([0.7, 0.2, 0.1])
    page.show_pair(p, np.array([0.2, 0.3, 0.5]), ["x", "y", "z"], "nats", 6)
    # The curves are drawn at once; the histogram in the next turn of the event loop.
    qtbot.waitUntil(lambda: list(page.hist_plot.p_bars.opts["height"]) == p.tolist())
    assert list(page.hist_plot.drawn_bars.opts["height"]) == [0.0, 0.0, 0.0]  # no draws yet
    page.buttons[100].click()  # a draw updates the histogram at once
    assert sum(page.hist_plot.drawn_bars.opts["height"]) == pytest.approx(1.0)


class _Passes(QObject):
    """For each table, the paint passes (UpdateRequests of the window) it was painted in."""

    def __init__(self, window, tables) -> None:
        super().__init__()
        self.window, self.passes = window, 0
        self.tables = {table.viewport(): [] for table in tables}

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.UpdateRequest and obj is self.window:
            self.passes += 1
        elif event.type() == QEvent.Type.Paint and obj in self.tables:
            self.tables[obj].append(self.passes)
        return False


def test_coding_result_paints_its_two_tables_in_separate_passes(qtbot, qapp, monkeypatch):
    page = _shown(qtbot, CodingPage)
    p, q = _pair(3_000, 1)
    with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
        page.show_pair(p, q, [], "nats", 6)
    _settle(qapp)
    entered, gate = _gate(monkeypatch, CodingPage)
    page.busy_after_ms = 10 * WAIT_MS
    passes = _Passes(page.window(), [page.table, page.block_table])
    qapp.installEventFilter(passes)
    try:
        with qtbot.waitSignal(page.sigComputed, timeout=WAIT_MS):
            page.show_pair(q, p, [], "nats", 6)
            assert entered.wait(WAIT_MS / 1000)
            gate.set()
        qtbot.waitUntil(lambda: page.block_table.isEnabled())
        _settle(qapp)
    finally:
        qapp.removeEventFilter(passes)
        gate.set()
    codewords = passes.tables[page.table.viewport()]
    blocks = passes.tables[page.block_table.viewport()]
    # Each table painted once, the block table in a later pass than the codewords: the
    # two together made the longest wait of a coding update.
    assert len(codewords) == 1 and len(blocks) == 1 and blocks[0] > codewords[0]
    model = page.block_table.model()
    assert model.data(model.index(0, 0)) == "1"  # n = 1, the new pair's table


@pytest.mark.parametrize("rows", [3, 10_000, 123_456])
def test_row_numbers_sized_as_qt_sizes_them(qtbot, rows):
    # Qt's own header, measuring the first and last hundred rows, is the oracle.
    from PySide6.QtWidgets import QHeaderView

    table = LabTable("rows")
    qtbot.addWidget(table)
    table.model_.set_table([("x", str, str)], rows)
    qt_header = QHeaderView(Qt.Orientation.Vertical)
    qtbot.addWidget(qt_header)
    qt_header.setModel(table.model_)
    assert table.verticalHeader().sizeHint() == qt_header.sizeHint()
    assert table.verticalHeader().sectionsClickable()


def test_row_numbers_follow_the_font(qtbot):
    table = LabTable("rows")
    qtbot.addWidget(table)
    table.model_.set_table([("x", str, str)], 10_000)
    before = table.verticalHeader().sizeHint()
    font = table.verticalHeader().font()
    font.setPointSizeF(font.pointSizeF() * 2)
    table.verticalHeader().setFont(font)
    assert table.verticalHeader().sizeHint().width() > before.width()


def test_replaced_columns_are_let_go_of_a_turn_later(qtbot):
    # Freeing a large result takes milliseconds: not during the hand-over of the next.
    import weakref

    class Result:
        texts = ("a", "b")

    model = LabTableModel()
    result = Result()
    model.set_table([("x", lambda i, r=result: r.texts[i], str)], 2)
    ref = weakref.ref(result)
    del result
    model.set_table([("x", str, str)], 2)  # the next result's columns
    assert ref() is not None  # the old result is still held ...
    qtbot.waitUntil(lambda: ref() is None)  # ... until the event loop turns
    assert model.data(model.index(1, 0)) == "1"
