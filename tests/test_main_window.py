"""Drive the real window: type, refuse, add and remove, switch units, copy."""

import math

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication, QLineEdit

from klgui.core import compare
from klgui.core.formatting import format_figure, full_precision
from klgui.core.units import UNITS
from klgui.ui.table.outcome_model import P_ENTRY, P_NORM, Q_ENTRY, Q_NORM
from oracle import typed_compare


def shown(window, name: str) -> str:
    return window.panel.figures[name].text()


def expected(c, name: str, digits: int = 6) -> str:
    value = getattr(c, name)
    text = format_figure(value, digits)
    return text if math.isinf(value) else f"{text} {c.unit_of(name)}".rstrip()


def assert_panel_shows(window, c) -> None:
    for name in window.panel.figures:
        assert shown(window, name) == expected(c, name), name


def open_editor(window, qtbot, row: int, column: int) -> QLineEdit:
    window.table.edit_cell(row, column)
    editor = window.table.view.viewport().findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    return editor


def test_the_coin_is_shown_on_start(window):
    assert_panel_shows(window, typed_compare([0.8, 0.2], [0.6, 0.4]))
    assert window.windowTitle() == "Coin[*] — KL Divergence Explorer"  # [*]: Qt's unsaved mark
    assert not window.isWindowModified()
    assert not window.windowIcon().isNull()
    assert "Σ P = 1" in window.table.sums.text()


def test_typing_a_value_updates_every_figure_table_cell_and_bar(window, qtbot):
    editor = open_editor(window, qtbot, 0, Q_ENTRY)
    editor.selectAll()
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClicks(editor, "0.7")  # live: no Enter needed
    c = typed_compare([0.8, 0.2], [0.7, 0.4])
    assert_panel_shows(window, c)
    model = window.table.model
    assert model.index(0, Q_NORM).data() == format_figure(0.7 / 1.1, 6)
    bars = window.chart.plots["pq"].series[0]
    assert list(bars.positive.opts["height"]) == [max(t, 0) for t in c.contributions_pq]
    assert list(bars.negative.opts["height"]) == [min(t, 0) for t in c.contributions_pq]
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.document.texts("Q") == ["0.7", "0.4"]


def test_fractions_and_percentages_are_kept_as_typed(window, qtbot):
    model = window.table.model
    with qtbot.waitSignal(window.sigRefreshed):
        assert model.setData(model.index(0, P_ENTRY), "4/5")
        assert model.setData(model.index(1, P_ENTRY), "20%")
    assert model.index(0, P_ENTRY).data() == "4/5" and model.index(1, P_ENTRY).data() == "20%"
    assert_panel_shows(window, typed_compare([0.8, 0.2], [0.6, 0.4]))


def test_an_invalid_entry_is_refused_with_the_reason_and_the_old_value_kept(window, qtbot):
    editor = open_editor(window, qtbot, 1, Q_ENTRY)
    editor.selectAll()
    qtbot.keyClicks(editor, "abc")
    message = window.table.message
    assert message.isVisible()
    assert message.text().startswith("Row 2 ('tails'), Q: 'abc' is not a number.")
    assert "abc" in editor.toolTip()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # refused: the editor stays open
    assert editor.isVisible() and editor.text() == "abc"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.document.texts("Q") == ["0.6", "0.4"]
    assert window.table.model.index(1, Q_ENTRY).data() == "0.4"


def test_escape_undoes_a_live_preview(window, qtbot):
    editor = open_editor(window, qtbot, 0, P_ENTRY)
    editor.selectAll()
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClicks(editor, "0.5")
    assert window.document.texts("P")[0] == "0.5"
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.document.texts("P")[0] == "0.8"
    assert_panel_shows(window, typed_compare([0.8, 0.2], [0.6, 0.4]))


def test_pasted_or_programmatic_bad_text_is_refused_too(window, qtbot):
    model = window.table.model
    with qtbot.waitSignal(model.sigEntryRejected) as blocker:
        assert not model.setData(model.index(0, P_ENTRY), "-0.2")
    assert blocker.args[:2] == [0, "P"] and "negative" in blocker.args[2]
    assert window.document.texts("P") == ["0.8", "0.2"]
    assert "Row 1 ('heads'), P: '-0.2' is negative" in window.table.message.text()


def test_add_insert_remove_and_move_outcomes(window, qtbot):
    table = window.table
    table.view.setCurrentIndex(table.model.index(1, 0))
    with qtbot.waitSignal(window.sigRefreshed):
        table.add_action.trigger()
    assert window.document.labels == ["heads", "tails", "outcome 3"]
    assert table.model.rowCount() == 3 and table.view.currentIndex().row() == 2
    assert_panel_shows(window, compare([0.8, 0.2, 0], [0.6, 0.4, 0]))
    table.view.setCurrentIndex(table.model.index(0, 0))
    table.insert_action.trigger()
    assert window.document.labels == ["outcome 4", "heads", "tails", "outcome 3"]
    table.down_action.trigger()
    assert window.document.labels == ["heads", "outcome 4", "tails", "outcome 3"]
    table.view.selectAll()
    table.remove_action.trigger()  # all rows: refused
    assert window.document.n == 4 and "At least one outcome must remain" in table.message.text()
    table.view.clearSelection()
    table.view.setCurrentIndex(table.model.index(1, 0))
    table.remove_action.trigger()
    with qtbot.waitSignal(window.sigRefreshed):
        table.view.setCurrentIndex(table.model.index(2, 0))
        table.remove_action.trigger()
    assert window.document.labels == ["heads", "tails"]
    assert window.chart.plots["pq"].axis.labels == ["heads", "tails"]
    assert_panel_shows(window, typed_compare([0.8, 0.2], [0.6, 0.4]))


def test_remove_is_disabled_with_one_outcome_left(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed):
        window.table.remove_action.trigger()
    assert window.document.n == 1 and not window.table.remove_action.isEnabled()


@pytest.mark.parametrize("unit", list(UNITS))
def test_switching_units(window, qtbot, unit):
    panel = window.panel
    if unit != "nats":
        with qtbot.waitSignal(window.sigRefreshed):
            panel.unit.setCurrentIndex(panel.unit.findData(unit))
    c = compare([0.8, 0.2], [0.6, 0.4], unit)
    assert_panel_shows(window, c)
    assert shown(window, "total_variation") == "0.2"  # unitless
    assert "= 0.591919 = 0.500402 + 0.0915162 nats" not in panel.identity.text() or unit == "nats"


def test_digits_and_copying_full_precision(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed):
        window.panel.digits.setValue(3)
    c = typed_compare([0.8, 0.2], [0.6, 0.4])
    assert shown(window, "kl_pq") == "0.0915 nats"
    assert window.table.model.index(0, P_NORM).data() == "0.8"
    window.panel.figures["kl_pq"].copy_action.trigger()
    assert QGuiApplication.clipboard().text() == full_precision(c.kl_pq) == repr(c.kl_pq)


def test_the_identity_is_shown_with_the_numbers(window):
    assert window.panel.identity.text() == \
        "H(P,Q) = H(P) + D(P‖Q):\n0.591919 = 0.500402 + 0.0915162 nats"


def test_an_infinite_result_says_why_and_is_drawn_as_infinite(window, qtbot):
    model = window.table.model
    with qtbot.waitSignal(window.sigRefreshed):
        model.setData(model.index(1, Q_ENTRY), "0")
    assert shown(window, "kl_pq") == "∞" and shown(window, "kl_qp") != "∞"
    reason = window.panel.reason
    assert reason.isVisible()
    assert reason.text() == "D(P‖Q) = ∞ because Q gives 'tails' probability 0 where P gives 0.2."
    plot = window.chart.plots["pq"]
    inf_bars = plot.series[0].infinite.opts
    assert len(inf_bars["height"]) == 1 and inf_bars["x0"][0] < 1 < inf_bars["x0"][0] + inf_bars["width"][0]
    assert plot.infinity_label_count() == 1
    assert "∞" in plot.getPlotItem().titleLabel.text
    assert "= ∞" in window.chart._describe_term("pq", 1)


def test_normalization_off_flags_a_bad_sum_and_shows_no_figure(window, qtbot):
    model = window.table.model
    model.setData(model.index(0, P_ENTRY), "8")
    with qtbot.waitSignal(window.sigRefreshed):
        model.setData(model.index(1, P_ENTRY), "2")
    assert shown(window, "kl_pq") == expected(compare([8, 2], [0.6, 0.4]), "kl_pq")
    with qtbot.waitSignal(window.sigRefreshed):
        window.table.auto_normalize.click()
    assert not window.document.auto_normalize
    assert all(label.text() == "—" for label in window.panel.figures.values())
    assert "P sums to 10, not 1" in window.panel.reason.text()
    assert "not 1" in window.table.sums.text()
    assert model.index(0, P_NORM).data() == ""
    assert window.chart.plots["pq"].series[0].positive.opts["height"].size == 0  # no bars
    with qtbot.waitSignal(window.sigRefreshed):
        window.table.normalize_action.trigger()
    assert window.document.texts("P") == ["0.8", "0.2"]
    assert_panel_shows(window, typed_compare([0.8, 0.2], [0.6, 0.4]))
    assert "not 1" not in window.table.sums.text()


def test_many_edits_in_one_turn_cost_one_computation(window, qtbot, monkeypatch):
    calls = []
    import klgui.core.numerics.entries as entries
    for name in ("compare", "compare_precise"):
        real = getattr(entries, name)
        monkeypatch.setattr(entries, name,
                            lambda *a, _real=real, **k: calls.append(1) or _real(*a, **k))
    model = window.table.model
    with qtbot.waitSignal(window.sigRefreshed) as blocker:
        for i in range(1, 51):
            model.setData(model.index(i % 2, P_ENTRY), str(i))
    assert blocker.signal_triggered and len(calls) == 1


def test_hovering_a_bar_names_the_outcome(window, qtbot):
    plot = window.chart.plots["pq"]
    view = plot.getPlotItem().vb
    with qtbot.waitSignal(plot.sigHovered) as blocker:
        plot.scene().sigMouseMoved.emit(view.mapViewToScene(QPointF(1.1, 0.01)))
    assert blocker.args[0] == "'tails': p = 0.2, q = 0.4, p·log(p/q) = −0.138629 nats"
    assert window.chart.hover.text() == blocker.args[0] and plot.toolTip() == blocker.args[0]
    with qtbot.waitSignal(plot.sigHovered) as blocker:
        plot.scene().sigMouseMoved.emit(view.mapViewToScene(QPointF(7, 0.01)))
    assert blocker.args[0] == ""


def test_both_directions_and_the_distributions_view(window, qtbot):
    chart = window.chart
    assert chart.plots["pq"].isVisible() and not chart.plots["qp"].isVisible()
    window.direction_actions["both"].trigger()
    assert chart.plots["pq"].isVisible() and chart.plots["qp"].isVisible()
    chart.set_direction("qp")
    assert window.direction_actions["qp"].isChecked() and not chart.plots["pq"].isVisible()
    c = compare([0.8, 0.2], [0.6, 0.4])
    assert list(chart.plots["qp"].series[0].positive.opts["height"]) == \
        [max(t, 0) for t in c.contributions_qp]
    tab_bar = chart.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(1).center())
    assert chart.visible_views() == [chart.distributions]
    p_bars, q_bars = chart.distributions.series
    assert list(p_bars.positive.opts["height"]) == [0.8, 0.2]
    assert list(q_bars.positive.opts["height"]) == [0.6, 0.4]
    model = window.table.model
    with qtbot.waitSignal(window.sigRefreshed):
        model.setData(model.index(1, Q_ENTRY), "0.6")  # Q = [0.5, 0.5]: the page follows
    assert list(q_bars.positive.opts["height"]) == [0.5, 0.5]


def test_keyboard_shortcuts_for_outcomes(window, qtbot):
    view = window.table.view
    window.activateWindow()
    view.setFocus()
    view.setCurrentIndex(window.table.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.document.labels == ["outcome 3", "heads", "tails"]
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.document.labels == ["heads", "outcome 3", "tails"]
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)  # Ctrl+- zooms out
    assert window.document.labels == ["heads", "tails"]


def test_typing_on_a_selected_cell_replaces_it(window, qtbot):
    view = window.table.view
    view.setFocus()
    view.setCurrentIndex(window.table.model.index(1, P_ENTRY))
    with qtbot.waitSignal(window.sigRefreshed):
        qtbot.keyClicks(view, "3")  # no editor yet: typing opens one
    editor = view.viewport().findChild(QLineEdit)
    qtbot.keyClicks(editor, "0%")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.document.texts("P") == ["0.8", "30%"]


def test_leaving_a_cell_with_invalid_text_restores_the_entry(window, qtbot):
    editor = open_editor(window, qtbot, 0, P_ENTRY)
    editor.selectAll()
    qtbot.keyClicks(editor, "0.5")
    assert window.document.texts("P")[0] == "0.5"  # live preview
    qtbot.keyClicks(editor, "x")
    assert window.document.texts("P")[0] == "0.8"  # invalid text: the figures show the old entry
    window.table.delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    assert window.document.texts("P")[0] == "0.8"
    assert "'0.5x' was not used and the entry is back to '0.8'" in window.table.message.text()


def test_edits_update_the_chart_in_place(window, qtbot):
    plots = [*window.chart.plots.values(), window.chart.distributions]
    before = [list(p.getPlotItem().items) for p in plots]
    model = window.table.model
    for text in ("0.5", "0.3", "0", "0.9"):
        with qtbot.waitSignal(window.sigRefreshed):
            model.setData(model.index(1, Q_ENTRY), text)
    # the one ∞ label is created once, on first need, and then reused
    from pyqtgraph import TextItem
    after = [[i for i in p.getPlotItem().items if not isinstance(i, TextItem)] for p in plots]
    assert after == [[i for i in b if not isinstance(i, TextItem)] for b in before]
    assert sum(1 for i in plots[0].getPlotItem().items if isinstance(i, TextItem)) == 1


def test_a_column_width_set_by_hand_survives_edits(window, qtbot):
    view, model = window.table.view, window.table.model
    view.setColumnWidth(P_NORM, 211)
    with qtbot.waitSignal(window.sigRefreshed):
        model.setData(model.index(0, P_ENTRY), "0.7")
    assert view.columnWidth(P_NORM) == 211
    with qtbot.waitSignal(window.sigRefreshed):
        window.panel.digits.setValue(10)  # new precision: widths follow it
    assert view.columnWidth(P_NORM) != 211


@pytest.mark.parametrize("n, row", [(2, 0), (3000, 1500)])
def test_a_new_result_repaints_the_visible_p_and_q_cells(window, qtbot, n, row):
    """The view repaints only the visible part of a change (Qt would repaint everything
    for a large range); p and q of the rows on screen must still be drawn anew."""
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load([f"w{i}" for i in range(n)], ["1"] * n, ["1"] * n, name="rows")
    view, model = window.table.view, window.table.model
    view.scrollTo(model.index(row, 0), view.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: view.rowAt(0) == row)

    def column(col: int):  # what is on screen: no repaint is forced, unlike grab()
        QApplication.processEvents()
        rect = view.visualRect(model.index(row, col))
        top_left = view.viewport().mapTo(window, rect.topLeft())
        return QGuiApplication.primaryScreen().grabWindow(
            window.winId(), top_left.x(), top_left.y(), rect.width(), rect.height()).toImage()

    before = [column(c) for c in range(5)]
    with qtbot.waitSignal(window.sigRefreshed):  # an outcome off screen, or on it
        model.setData(model.index(n - 1, P_ENTRY), "5")
    after = [column(c) for c in range(5)]
    assert [a != b for a, b in zip(after, before)] == [False, False, False, True, False]
    assert model.data(model.index(row, P_NORM)) == format_figure(1 / (n + 4), 6)


def test_entries_that_cannot_be_compared_leave_a_reason_in_the_chart_not_a_scale(
        window, qtbot):
    import pyqtgraph as pg

    plot, model = window.chart.plots["pq"], window.table.model

    def shown_texts() -> list[str]:
        return [item.textItem.toPlainText() for item in plot.getPlotItem().items
                if isinstance(item, pg.TextItem) and item.isVisible()]

    for row in (0, 1):
        with qtbot.waitSignal(window.sigRefreshed):
            model.setData(model.index(row, Q_ENTRY), "0")
    reason = ("Nothing to draw: Q: every weight is zero; "
              "give at least one outcome a positive weight.")
    assert shown_texts() == [reason] and plot.accessibleDescription() == reason
    assert not plot.getPlotItem().getAxis("left").isVisible()  # no scale of zeros
    assert all(len(item.opts["height"]) == 0 for item in
               (plot.series[0].positive, plot.series[0].negative))
    assert plot.getPlotItem().getAxis("bottom").isVisible()  # the outcomes stay named
    with qtbot.waitSignal(window.sigRefreshed):
        model.setData(model.index(1, Q_ENTRY), "1")  # Q = [0, 1]: D(P‖Q) = ∞
    assert shown_texts() == ["∞"] and plot.getPlotItem().getAxis("left").isVisible()
    assert list(plot.series[0].infinite.opts["height"]) != []


@pytest.mark.parametrize("digits", [6, 10])
def test_p_and_q_of_tiny_probabilities_are_not_cut_off(window, qtbot, digits):
    n = 300
    weights = [f"{0.1 + i / 7:.6f}" for i in range(n)]  # p about 1e-5: shown as 3.41342e−05
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load([f"w{i}" for i in range(n)], weights, weights[::-1], name="tiny")
    if digits != window.document.digits:
        with qtbot.waitSignal(window.sigRefreshed):
            window.panel.digits.setValue(digits)
    assert window.table.model.index(0, P_NORM).data().count("e−0") == 1
    view = window.table.view
    for column in (P_NORM, Q_NORM):  # Qt's own measure of what the visible cells need
        assert view.columnWidth(column) >= view.sizeHintForColumn(column)
