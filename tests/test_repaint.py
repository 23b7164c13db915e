"""An edit repaints what changed, once: the table's changed p and q cells only, each
figure once, the figures and the chart in the same pass as the edited cell."""

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from klgui.model.document import Document
from klgui.model.edits import Edits
from klgui.ui.pages.comparison_panel import FigureLabel
from klgui.ui.shell.results import PostedCall
from klgui.ui.table.outcome_model import OutcomeTableModel


def _three_columns() -> tuple[Document, OutcomeTableModel, list]:
    """P, Q (the focus) and Model B over three outcomes, the result shown; ``emitted``
    collects every dataChanged as (first row, last row, first column, last column)."""
    doc = Document(["a", "b", "c"], ["1", "2", "3"], ["3", "2", "1"])
    doc.add_model("Model B", ["1", "1", "1"])
    model = OutcomeTableModel(Edits(doc, [].append))
    model.show_result(doc.result())
    emitted = []
    model.dataChanged.connect(lambda a, b, roles: emitted.append(
        (a.row(), b.row(), a.column(), b.column())))
    return doc, model, emitted


def test_an_edit_out_of_focus_repaints_its_cell_and_no_p_or_q():
    doc, model, emitted = _three_columns()
    b = doc.column_id("Model B")
    doc.set_entry(b, 1, "7")
    model.show_result(doc.result())
    col = model.entry_column(b)
    assert emitted == [(1, 1, col, col)]


def test_an_edit_in_the_focus_model_repaints_q_not_p():
    doc, model, emitted = _three_columns()
    doc.set_entry("Q", 0, "1")  # q = (1, 2, 1)/4 against (3, 2, 1)/6: every q moves
    model.show_result(doc.result())
    q_entry = model.entry_column("Q")
    assert emitted == [(0, 0, q_entry, q_entry), (0, 2, model.q_column, model.q_column)]
    assert model.index(0, model.q_column).data() == "0.25"


def test_an_entry_typed_again_with_its_value_repaints_its_own_p_only():
    doc, model, emitted = _three_columns()
    doc.set_entry("P", 2, "3.0")  # the same weight: no probability moves
    model.show_result(doc.result())
    p_entry = model.entry_column("P")
    assert emitted == [(2, 2, p_entry, p_entry), (2, 2, model.p_column, model.p_column)]


def test_a_positive_entry_below_the_doubles_repaints_its_p_though_p_stays_0():
    doc = Document(["a", "b"], ["1", "0"], ["1", "1"])
    model = OutcomeTableModel(Edits(doc, [].append))
    model.show_result(doc.result())
    assert model.index(1, model.p_column).data() == "0"
    emitted = []
    model.dataChanged.connect(lambda a, b, roles: emitted.append(
        (a.row(), b.row(), a.column(), b.column())))
    doc.set_entry("P", 1, "1e-400")
    model.show_result(doc.result())
    assert (1, 1, model.p_column, model.p_column) in emitted
    assert model.index(1, model.p_column).data().startswith("< ")


def test_new_digits_repaint_every_number():
    doc, model, emitted = _three_columns()
    doc.set_digits(3)
    model.show_result(doc.result())
    assert emitted == [(0, 2, 1, model.q_column)]
    assert model.index(0, model.p_column).data() == "0.167"


class _Paints(QObject):
    """Counts the paint events of one widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget, self.count = widget, 0
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.widget and event.type() == QEvent.Type.Paint:
            self.count += 1
        return False

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # a bare top-level
def test_a_figure_is_painted_once_per_new_number_and_keeps_its_width(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    label = FigureLabel("kl_pq", page)
    QVBoxLayout(page).addWidget(label)
    page.show()
    qtbot.waitExposed(page)
    label.show_value(0.0915162, "nats", 6)
    _settle()
    wide = label.sizeHint()
    paints = _Paints(label)
    label.show_value(0.5, "nats", 6)  # a shorter number
    _settle()
    paints.remove()
    assert label.text() == "0.5 nats"
    assert paints.count == 1
    assert label.sizeHint() == wide  # what is beside it does not move
    label.show_value(123456.789, "nats", 9)
    assert label.sizeHint().width() > wide.width()  # a wider number still fits


def test_an_edit_paints_the_figures_table_and_chart_once(window, qtbot):
    _settle()
    figure = window.panel.figures["kl_pq"]
    watched = [figure, window.table.view.viewport(), window.chart.plots["pq"].viewport()]
    paints = [_Paints(w) for w in watched]
    before = figure.text()
    model = window.table.model
    assert model.setData(model.index(0, model.entry_column("Q")), "0.3")
    QApplication.processEvents()  # one pass: the figures are shown and painted in it
    counts = [p.count for p in paints]
    _settle()
    for p in paints:
        p.remove()
    assert figure.text() != before
    assert counts == [1, 1, 1]
    assert [p.count for p in paints] == [1, 1, 1]  # and nothing painted again after


def test_a_posted_call_runs_once_however_often_it_is_started(qtbot):
    calls = []
    call = PostedCall(lambda: calls.append(1))
    call.start()
    call.start()
    assert call.isActive()
    _settle()
    assert calls == [1] and not call.isActive()
    call.start()
    call.stop()
    _settle()
    assert calls == [1]


def test_an_edit_out_of_focus_keeps_the_pairs_result():
    doc, _, _ = _three_columns()
    shown = doc.result()
    doc.set_entry("Model B", 0, "5")
    assert doc.known_result() is shown  # not computed again
    doc.set_entry("Q", 0, "5")
    assert doc.known_result() is None


def test_a_label_rename_shows_the_known_result_again_and_computes_nothing(window, qtbot):
    """A renamed outcome keeps the pair's result (Change.keeps_result): it is shown
    again under the new label, never computed (no job, on or off the GUI thread)."""
    results, doc = window.results, window.document
    results.off_thread_from = 1  # any computing would be a job on the worker
    jobs, shown = [], []
    submit = results.worker.submit
    results.worker.submit = lambda job: jobs.append(job) or submit(job)
    results.sigPair.connect(shown.append)
    known = doc.result()
    with qtbot.waitSignal(results.sigPair):
        window.edits.set_label(0, "Heads!")
    assert jobs == [] and shown == [known] and shown[0] is doc.known_result()
    assert results.shown_revision == doc.revision
    with qtbot.waitSignal(results.sigPair):
        window.edits.set_entry("Q", 0, "3")  # the focus model: computed, on the worker
    assert len(jobs) == 1


def test_an_edit_out_of_focus_leaves_the_chart_and_figures_unpainted(window, qtbot):
    window.edits.add_model("Model B", ["1", "1"])
    _settle()
    watched = [window.panel.figures["kl_pq"], window.chart.plots["pq"].viewport()]
    paints = [_Paints(w) for w in watched]
    model = window.table.model
    with qtbot.waitSignal(window.sigRefreshed):
        assert model.setData(model.index(0, model.entry_column("Model B")), "7")
    _settle()
    for p in paints:
        p.remove()
    assert window.document.texts("Model B")[0] == "7"
    assert [p.count for p in paints] == [0, 0]
