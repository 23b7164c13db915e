"""The distributions chart: grouped bars of every column, its key, and dragging bars
(issues 20 and 21), driven with real mouse and key events on the widget."""

from fractions import Fraction

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from klgui.core.errors import DistributionError
from klgui.core.numerics.reweight import reweighted, reweighted_probabilities
from klgui.core.parsing import parse_exact
from klgui.ui.chart.bar_plot import AGGREGATE_ABOVE
from klgui.ui.chart.column_key import FOCUS_PEN_WIDTH
from klgui.ui.chart.distributions_chart import DistributionsChart
from klgui.ui.chart.bar_drag import pixel_decimals, stepped

LABELS = ["cat", "dog", "bird"]
SEED = [("P", np.array([1.0, 0.0, 0.0])), ("Model A", np.array([0.8, 0.1, 0.1])),
        ("Model B", np.array([0.4, 0.3, 0.3]))]


@pytest.fixture
def chart(qtbot):
    w = DistributionsChart()
    qtbot.addWidget(w)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    w.show_columns(LABELS, SEED, "Model A")
    w.set_editable(["Model A", "Model B"])
    return w


class Recorder:
    def __init__(self, chart):
        self.events = []
        chart.barDragging.connect(lambda *a: self.events.append(("dragging", *a)))
        chart.barDragged.connect(lambda *a: self.events.append(("dragged", *a)))

    def kinds(self):
        return [e[0] for e in self.events]


def centre(chart, j, i):
    """The view x of the middle of column j's bar at outcome i."""
    k = len(chart.names)
    return i - 0.4 + (j + 0.5) * 0.8 / k


def pixel(chart, x, y) -> QPoint:
    """Viewport pixel of the view point (x, y)."""
    return chart.mapFromScene(chart.plot.vb.mapViewToScene(QPointF(x, y)))


def view_y(chart, p: QPoint) -> float:
    return chart.plot.vb.mapSceneToView(chart.mapToScene(p)).y()


def drag(chart, qtbot, start: QPoint, path):
    vp = chart.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for p in path:
        QTest.mouseMove(vp, p)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[-1])


def test_grouped_bars_heights_are_the_probabilities(chart):
    for name, p in SEED:
        assert chart.heights(name).tolist() == p.tolist()
    # grouped: per outcome, the columns side by side in order, inside the outcome's slot
    starts = [np.array(chart._items[j].hatch.opts["x0"]) for j in range(3)]
    for i in range(3):
        xs = [s[i] for s in starts]
        assert xs == sorted(xs) and i - 0.5 < xs[0] and xs[-1] < i + 0.5
    assert chart.plot.getAxis("left").labelText == "probability"
    assert [chart.axis.tickStrings([i], 1, 1)[0] for i in range(3)] == LABELS


def test_the_key_names_every_column_and_the_focus(chart):
    assert chart.key.texts() == ["P (reference)", "Model A (focus)", "Model B"]
    chart.show_columns(LABELS, SEED, "Model B")
    assert chart.key.texts() == ["P (reference)", "Model A", "Model B (focus)"]


def test_the_focus_model_is_outlined_thickly_and_drawn_on_top(chart):
    def widths():
        return [chart._items[j].hatch.opts["pen"].widthF() for j in range(3)]
    assert widths() == [1.0, FOCUS_PEN_WIDTH, 1.0]
    assert chart._items[1].hatch.zValue() > chart._items[2].hatch.zValue()
    chart.show_columns(LABELS, SEED, "Model B")
    assert widths() == [1.0, 1.0, FOCUS_PEN_WIDTH]


def test_colours_and_hatches_differ_for_every_column(chart):
    from klgui.ui.chart.column_key import column_style
    looks = [(column_style(j).colour, column_style(j).hatch) for j in range(43)]
    assert len(set(looks)) == 43 and looks[0][1] is None  # the reference is solid
    assert all(h is not None for _, h in looks[1:])


def test_dragging_a_bar_emits_changing_then_one_changed(chart, qtbot):
    rec = Recorder(chart)
    x = centre(chart, 1, 0)
    start = pixel(chart, x, 0.75)  # inside Model A's bar at 'cat' (0.8)
    path = [start + QPoint(0, d) for d in (10, 40, 90, 120)]
    drag(chart, qtbot, start, path)
    kinds = rec.kinds()
    assert kinds.count("dragged") == 1 and kinds[-1] == "dragged" and kinds[0] == "dragging"
    _, name, outcome, value = rec.events[-1]
    assert (name, outcome) == ("Model A", 0)
    # the bar moved by as much as the mouse did, to the plot's pixel resolution
    expected = 0.8 + view_y(chart, path[-1]) - view_y(chart, start)
    assert value == pytest.approx(expected, abs=chart.plot.vb.viewPixelSize()[1])
    assert value == round(value, 3) and 0.5 < value < 0.75
    assert rec.events[-2][1:] == rec.events[-1][1:]  # the last change is the end value
    # the preview keeps the others' proportions; the exact entries sum to one
    assert chart.heights("Model A") == pytest.approx(
        reweighted_probabilities(SEED[1][1], 0, value), rel=1e-15)
    entries = reweighted(["0.8", "0.1", "0.1"], 0, value)
    assert sum(map(parse_exact, entries)) == 1 and parse_exact(entries[0]) == Fraction(repr(value))
    assert chart.selection() == ("Model A", 0)


def test_a_drag_is_clamped_to_zero_and_one(chart, qtbot):
    rec = Recorder(chart)
    start = pixel(chart, centre(chart, 2, 1), 0.29)  # Model B at 'dog' (0.3)
    drag(chart, qtbot, start, [start + QPoint(0, -2000)])
    assert rec.events[-1] == ("dragged", "Model B", 1, 1.0)
    assert chart.heights("Model B").tolist() == [0.0, 1.0, 0.0]
    start = pixel(chart, centre(chart, 2, 1), 0.95)
    drag(chart, qtbot, start, [start + QPoint(0, 3000)])
    assert rec.events[-1] == ("dragged", "Model B", 1, 0.0)
    assert rec.kinds().count("dragged") == 2


def test_a_bar_of_zero_can_be_grabbed_just_above_its_top(chart, qtbot):
    chart.set_editable(["P", "Model A", "Model B"])
    rec = Recorder(chart)
    start = pixel(chart, centre(chart, 0, 2), 0.0) + QPoint(0, -4)  # P at 'bird' is 0
    drag(chart, qtbot, start, [start + QPoint(0, -100)])
    assert rec.events[-1][:3] == ("dragged", "P", 2) and rec.events[-1][3] > 0.1


def test_a_click_without_moving_selects_and_emits_nothing(chart, qtbot):
    rec = Recorder(chart)
    QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, pixel(chart, centre(chart, 2, 2), 0.1))
    assert rec.events == [] and chart.selection() == ("Model B", 2)


def test_columns_that_are_not_editable_do_not_drag(chart, qtbot):
    rec = Recorder(chart)
    start = pixel(chart, centre(chart, 0, 0), 0.9)  # P is not editable
    drag(chart, qtbot, start, [start + QPoint(0, 100)])
    assert rec.events == [] and chart.selection() is None
    assert chart.heights("P").tolist() == [1.0, 0.0, 0.0]
    chart.set_editable([])
    start = pixel(chart, centre(chart, 1, 0), 0.7)
    drag(chart, qtbot, start, [start + QPoint(0, 100)])
    assert rec.events == [] and chart.heights("Model A").tolist() == [0.8, 0.1, 0.1]
    # nor does pressing between the groups
    start = pixel(chart, 0.5, 0.05)
    chart.set_editable(["Model A", "Model B"])
    drag(chart, qtbot, start, [start + QPoint(0, -100)])
    assert rec.events == []


def key(chart, k, modifiers=Qt.KeyboardModifier.NoModifier, release=True):
    QTest.keyPress(chart, k, modifiers)
    if release:
        QTest.keyRelease(chart, k, modifiers)


def test_arrow_keys_step_the_selected_bar(chart, qtbot):
    rec = Recorder(chart)
    QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, pixel(chart, centre(chart, 1, 1), 0.05))
    assert chart.selection() == ("Model A", 1)
    key(chart, Qt.Key.Key_Up)
    assert rec.events == [("dragging", "Model A", 1, 0.11), ("dragged", "Model A", 1, 0.11)]
    key(chart, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert rec.events[2:] == [("dragging", "Model A", 1, 0.109), ("dragged", "Model A", 1, 0.109)]
    key(chart, Qt.Key.Key_Up)  # to the next multiple of the step: 0.11, not 0.119
    assert rec.events[-1] == ("dragged", "Model A", 1, 0.11)
    assert chart.heights("Model A")[1] == 0.11
    assert chart.heights("Model A")[0] / chart.heights("Model A")[2] == pytest.approx(8)


def test_holding_an_arrow_key_is_one_gesture(chart, qtbot):
    rec = Recorder(chart)
    chart.select("Model B", 0)  # 0.4
    QTest.keyPress(chart, Qt.Key.Key_Down)
    for _ in range(4):  # what the keyboard sends while the key is held: auto-repeat pairs
        for kind in (QEvent.Type.KeyRelease, QEvent.Type.KeyPress):
            QApplication.sendEvent(chart, QKeyEvent(kind, Qt.Key.Key_Down,
                                                    Qt.KeyboardModifier.NoModifier, "", True))
    assert rec.kinds() == ["dragging"] * 5
    QTest.keyRelease(chart, Qt.Key.Key_Down)
    assert rec.events[-1] == ("dragged", "Model B", 0, 0.35)
    assert [e[3] for e in rec.events[:5]] == [0.39, 0.38, 0.37, 0.36, 0.35]


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen activation
def test_leaving_the_chart_ends_a_key_gesture(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    chart, line = DistributionsChart(box), QLineEdit(box)
    layout = QVBoxLayout(box)
    layout.addWidget(chart)
    layout.addWidget(line)
    box.resize(800, 600)
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    chart.show_columns(LABELS, SEED, "Model A")
    chart.set_editable(["Model A"])
    rec = Recorder(chart)
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    chart.select("Model A", 2)
    key(chart, Qt.Key.Key_Up, release=False)
    assert rec.kinds() == ["dragging"]
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    assert rec.events[-1] == ("dragged", "Model A", 2, 0.11)


def test_keyboard_moves_the_selection_and_escape_clears_it(chart):
    chart.setFocus()
    key(chart, Qt.Key.Key_Right)  # nothing selected: the first editable column's first bar
    assert chart.selection() == ("Model A", 0)
    key(chart, Qt.Key.Key_Right)
    key(chart, Qt.Key.Key_PageDown)
    assert chart.selection() == ("Model B", 1)
    key(chart, Qt.Key.Key_Escape)
    assert chart.selection() is None
    with pytest.raises(DistributionError):
        chart.select("P", 0)  # not editable


def test_hovering_describes_every_column_at_an_outcome(chart):
    assert chart.describe(1) == "dog: P 0, Model A 0.1, Model B 0.3"


def test_bad_columns_are_refused_and_nothing_changes(chart):
    with pytest.raises(DistributionError, match="Model A has 2 probabilities for 3"):
        chart.show_columns(LABELS, [SEED[0], ("Model A", np.array([0.5, 0.5]))], None)
    with pytest.raises(DistributionError, match="named 'P'"):
        chart.show_columns(LABELS, [SEED[0], SEED[0]], None)
    assert chart.heights("Model A").tolist() == [0.8, 0.1, 0.1]


def test_a_hundred_thousand_outcomes_are_binned_and_items_are_reused(chart, qtbot):
    n = 100_000
    rng = np.random.default_rng(7)
    columns = []
    for j, name in enumerate(["P", "Model A", "Model B"]):
        w = rng.random(n)
        w[20_000 * (j + 1)] = 5_000.0  # one tall outcome per column must not vanish
        columns.append((name, w / w.sum()))
    before = len(chart.scene().items())
    chart.show_columns([f"x{i}" for i in range(n)], columns, "Model A")
    assert chart.binned and n > AGGREGATE_ABOVE
    for name, p in columns:
        heights = chart.heights(name)
        assert heights.size <= max(100, chart.width()) and heights.size < 5000
        assert heights.max() == p.max()
    columns[1] = ("Model A", np.flip(columns[1][1]))
    chart.show_columns([f"x{i}" for i in range(n)], columns, "Model B")
    assert len(chart.scene().items()) == before  # updated in place, nothing rebuilt
    # binned bars do not drag
    rec = Recorder(chart)
    start = pixel(chart, 40_000, 0.0) + QPoint(0, -3)
    drag(chart, qtbot, start, [start + QPoint(0, -100)])
    assert rec.events == []
    assert "Outcomes" in chart.describe(40_000)


def test_the_first_frame_has_room_for_the_outcome_names_and_the_key(chart):
    from PySide6.QtGui import QFontMetricsF
    text = QFontMetricsF(chart._tick_font).height()
    assert chart.axis.geometry().height() >= text
    assert chart.axis.geometry().bottom() <= chart.viewport().height()
    many = [("P", np.full(3, 1 / 3))] + [(f"Model number {j}", np.full(3, 1 / 3))
                                         for j in range(12)]
    chart.resize(700, 500)
    chart.show_columns(LABELS, many, "Model number 3")
    QApplication.processEvents()
    rows = chart.key.rows(chart.key.size().width())
    assert len(rows) > 1 and chart.key.geometry().height() >= len(rows) * text


@pytest.mark.parametrize("value, step, direction, want", [
    (1 / 3, 0.01, +1, 0.34), (0.34, 0.01, -1, 0.33), (0.1 + 0.2, 0.01, +1, 0.31),
    (0.30000000000000004, 0.01, -1, 0.29), (0.995, 0.01, +1, 1.0), (1.0, 0.01, +1, 1.0),
    (0.0, 0.01, -1, 0.0), (0.0004, 0.001, +1, 0.001), (0.11, 0.001, -1, 0.109),
])
def test_an_arrow_key_goes_to_the_next_multiple_of_its_step(value, step, direction, want):
    assert stepped(value, step, direction) == want


def test_a_drag_is_rounded_to_what_the_pixels_resolve():
    assert pixel_decimals(1.05 / 700) == 3  # a probability range on a 700-pixel plot
    assert pixel_decimals(0.2 / 700) == 4
    assert pixel_decimals(0.5) == 2 and pixel_decimals(1e-12) == 6
    assert pixel_decimals(0.0) == 3 and pixel_decimals(float("nan")) == 3


def test_only_changed_columns_are_binned_again(chart, monkeypatch):
    import klgui.ui.chart.distributions_chart as module
    binned = []
    real = module.bin_extremes
    monkeypatch.setattr(module, "bin_extremes", lambda p, m: binned.append(p.size) or real(p, m))
    frozen = []
    for name, p in SEED:
        p = p.copy()
        p.flags.writeable = False  # as the document's arrays are
        frozen.append((name, p))
    chart.show_columns(LABELS, frozen, "Model A")
    assert len(binned) == 3
    changed = np.array([0.2, 0.2, 0.6])
    chart.show_columns(LABELS, [frozen[0], ("Model A", changed), frozen[2]], "Model A")
    assert len(binned) == 4 and chart.heights("Model A").tolist() == [0.2, 0.2, 0.6]
    # an array that can be changed in place is drawn again every time
    changed[:] = [0.5, 0.25, 0.25]
    chart.show_columns(LABELS, [frozen[0], ("Model A", changed), frozen[2]], "Model A")
    assert chart.heights("Model A").tolist() == [0.5, 0.25, 0.25]


def test_outcome_names_that_do_not_fit_are_thinned_not_overlapped(chart):
    from PySide6.QtGui import QFontMetricsF
    labels = [f"category number {i}" for i in range(30)]
    chart.show_columns(labels, [("P", np.full(30, 1 / 30)), ("Model A", np.full(30, 1 / 30))],
                       "Model A")
    QApplication.processEvents()
    ticks = chart.axis._ticks[0]
    names = [name for _, name in ticks]
    assert names[:2] == ["cate…umber 0", "cate…umber 4"] and len(set(names)) == len(names)
    metrics = QFontMetricsF(chart._tick_font)
    gap_px = (ticks[1][0] - ticks[0][0]) * chart.axis.geometry().width() / 30
    assert gap_px > max(metrics.horizontalAdvance(n) for n in names)
    chart.show_columns(LABELS, SEED, "Model A")  # three short names: every one is shown
    assert [name for _, name in chart.axis._ticks[0]] == LABELS
