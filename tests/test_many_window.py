"""Several models against one truth, in the real window: the seed's classifier lesson in
one view, the focus, the column actions and their undo, paste across columns, the
matrix and its triangle check, the distributions chart's drag. Figures are checked
against hand values (−ln 0.8, −ln 0.4) and mpmath."""

import math

import mpmath as mp
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from klgui.model.snapshot import DistributionSpec
from klgui.ui.table.outcome_model import LABEL

SEED = [DistributionSpec("P", "reference", ("1", "0", "0")),
        DistributionSpec("Model A", "model", ("0.8", "0.1", "0.1")),
        DistributionSpec("Model B", "model", ("0.4", "0.3", "0.3"))]


@pytest.fixture
def lesson(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.replace("Load the lesson", lambda: window.document.load_columns(
            ["cat", "dog", "bird"], SEED, name="Classifier"))
    return window


def show_models(window, qtbot, page):
    """Show a page of the Models tab and wait until it shows the current revision."""
    window.show_page(page)
    wanted_matrix = page is window.matrix
    qtbot.waitUntil(lambda: window.results.many_current and (
        window.results.many.matrix is not None or not wanted_matrix), timeout=20_000)


def test_the_classifier_lesson_is_one_view(lesson, qtbot):
    w = lesson
    show_models(w, qtbot, w.ranking)
    t = w.ranking.table
    assert [t.item(r, 1).text() for r in range(2)] == ["Model A", "Model B"]
    assert [t.item(r, 2).text() for r in range(2)] == ["0.223144", "0.916291"]
    rows = w.results.many.ranking
    assert rows[0].figures.kl_pq == pytest.approx(-math.log(0.8), rel=1e-15)
    assert rows[1].figures.kl_pq == pytest.approx(-math.log(0.4), rel=1e-15)
    # cross-entropy H(P, Qi) = D(P‖Qi) when P is one-hot: the classifier's loss
    assert rows[0].figures.cross_entropy_pq == pytest.approx(-math.log(0.8), rel=1e-15)


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_every_ranking_column_shows_at_1366_by_768(lesson, qtbot, unit):
    """At 1366×768 (a projector; at 150% too, which lays out the same logical pixels)
    the last columns needed sideways scrolling: the headers wrap their unit onto a line
    of their own, say their full meaning in a tooltip, and D(P‖Q)'s bars take the room
    left, so every column shows and no number is cut."""
    w = lesson
    w.edits.set_unit(unit)
    w.resize(1366, 768)
    show_models(w, qtbot, w.ranking)
    t, header = w.ranking.table, w.ranking.table.horizontalHeader()
    qtbot.waitUntil(lambda: t.viewport().width() > 0 and header.length() > 0)
    assert t.horizontalScrollBar().maximum() == 0
    assert header.length() <= t.viewport().width()
    for c in range(t.columnCount()):  # each as wide as its widest value and its header
        assert header.sectionSize(c) >= max(t.sizeHintForColumn(c), header.sectionSizeHint(c))
    assert t.horizontalHeaderItem(2).text() == f"D(P‖Q)\n({unit})"
    assert t.horizontalHeaderItem(4).toolTip() == \
        f"Jensen–Shannon divergence of P and Q, in {unit}"
    bars = header.sectionSize(2)
    w.resize(1600, 768)  # a wider window: the bars take the room
    qtbot.waitUntil(lambda: header.sectionSize(2) > bars)
    assert header.length() == t.viewport().width()


def test_clicking_a_model_in_the_ranking_focuses_every_page_on_it(lesson, qtbot):
    w = lesson
    show_models(w, qtbot, w.ranking)
    assert w.document.name_of("Q") == "Model A"
    t = w.ranking.table
    with qtbot.waitSignal(w.sigRefreshed):
        t.cellClicked.emit(1, 1)  # Model B's row
    assert w.document.name_of("Q") == "Model B"
    assert w.panel.figures["kl_pq"].value == pytest.approx(-math.log(0.4), rel=1e-15)
    assert "Q = Model B" in w.panel.pair.text()
    assert w.focus_chooser.combo.currentText() == "Model B"
    model = w.table.model
    assert model.headerData(model.q_column, Qt.Orientation.Horizontal) == "q"
    assert "Model B" in model.headerData(model.q_column, Qt.Orientation.Horizontal,
                                         Qt.ItemDataRole.ToolTipRole)


def test_the_focus_chooser_sets_the_focus(lesson, qtbot):
    w = lesson
    combo = w.focus_chooser.combo
    assert w.focus_chooser.isVisible() and combo.count() == 2
    with qtbot.waitSignal(w.sigRefreshed):
        combo.activated.emit(combo.findText("Model B"))
    assert w.document.name_of("Q") == "Model B"
    assert w.table.model.index(0, w.table.model.q_column).data() == "0.4"


def test_add_rename_remove_and_undo_across_column_changes(lesson, qtbot, monkeypatch):
    w = lesson
    doc, stack = w.document, w.undo_stack
    model = w.table.model
    # an edit in Model B, then columns change around it
    b = doc.column_id("Model B")
    assert model.setData(model.index(0, model.entry_column(b)), "0.5")
    added = w.columns.add_model()
    assert doc.names() == ("P", "Model A", "Model B", "Model C")
    assert list(doc.texts(added)) == ["0", "0", "0"] and doc.focus_id == added
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Model C"
    monkeypatch.setattr("klgui.ui.table.column_menu.QInputDialog.getText",
                        lambda *a, **k: ("Uniform", True))
    w.columns._target = added
    w.columns.rename()
    w.columns._target = None
    assert doc.name_of(added) == "Uniform"
    w.columns._target = doc.column_id("Model A")
    w.columns.remove()
    w.columns._target = None
    assert doc.names() == ("P", "Model B", "Uniform")
    # undo: the removal, the rename, the addition, then Model B's entry, by id
    for expected in (("P", "Model A", "Model B", "Uniform"), ("P", "Model A", "Model B", "Model C"),
                     ("P", "Model A", "Model B")):
        stack.undo()
        assert doc.names() == expected
    assert doc.texts(b)[0] == "0.5"
    stack.undo()
    assert doc.texts(b)[0] == "0.4"
    for _ in range(4):
        stack.redo()
    assert doc.names() == ("P", "Model B", "Uniform") and doc.texts(b)[0] == "0.5"


def test_renaming_the_pair_renames_it_on_every_page_at_once(lesson, qtbot, monkeypatch):
    # A tester saw "Q = Model A" on the Figures page and the worked solution after
    # renaming Model A, until the next edit: the kept result carried the old names.
    w = lesson
    r = w.document.result()
    with qtbot.waitSignal(w.sigRefreshed):
        w.columns.rename_to(w.document.column_id("Model A"), "Student")
    with qtbot.waitSignal(w.sigRefreshed):
        w.columns.rename_to(w.document.reference_id, "Truth")
    assert "Student" in w.panel.pair.text() and "Truth" in w.panel.pair.text()
    assert "Model A" not in w.panel.pair.text()
    known = w.document.known_result()
    assert known.comparison is r.comparison  # renamed, not computed again
    assert (known.reference_name, known.model_name) == ("Truth", "Student")
    w.undo_stack.undo()
    w.undo_stack.undo()
    assert w.document.result().model_name == "Model A"


def test_redo_of_add_model_brings_its_focus_back(lesson, qtbot):
    w = lesson
    added = w.columns.add_model()
    assert w.document.focus_id == added
    w.undo_stack.undo()
    assert w.document.name_of("Q") == "Model A"
    w.undo_stack.redo()
    assert w.document.focus_id == added  # the figures show P against the new model


def test_the_reference_cannot_be_removed_and_the_window_says_why(lesson, qtbot):
    w = lesson
    w.columns._target = w.document.reference_id
    w.columns.remove()
    w.columns._target = None
    assert "is the reference and cannot be removed" in w.statusBar().currentMessage()
    assert w.document.names() == ("P", "Model A", "Model B")


def test_make_reference_swaps_the_roles_and_the_figures_follow(lesson, qtbot):
    w = lesson
    w.columns._target = w.document.column_id("Model B")
    with qtbot.waitSignal(w.sigRefreshed):
        w.columns.make_reference()
    w.columns._target = None
    doc = w.document
    assert doc.name_of(doc.reference_id) == "Model B"
    assert doc.name_of(doc.focus_id) == "Model A"
    assert doc.role_of("P") == "model"  # the name P means the column called P, a model now
    # D(B‖A) by hand: 0.4 ln(0.4/0.8) + 0.3 ln 3 + 0.3 ln 3
    expected = 0.4 * math.log(0.5) + 0.6 * math.log(3)
    assert w.panel.figures["kl_pq"].value == pytest.approx(expected, rel=1e-14)
    w.undo_stack.undo()
    assert doc.name_of(doc.reference_id) == "P"


def test_paste_across_three_columns_is_one_step(lesson, qtbot):
    w = lesson
    view, model = w.table.view, w.table.model
    view.setCurrentIndex(model.index(0, LABEL))
    QApplication.clipboard().setText("x\t1\t1\t2\ny\t1\t2\t1\nz\t2\t1\t1\n")
    before = w.undo_stack.count()
    with qtbot.waitSignal(w.sigRefreshed):
        w.table.paste()
    doc = w.document
    assert list(doc.labels) == ["x", "y", "z"]
    assert [list(doc.texts(n)) for n in ("P", "Model A", "Model B")] == [
        ["1", "1", "2"], ["1", "2", "1"], ["2", "1", "1"]]
    assert w.undo_stack.count() == before + 1
    w.undo_stack.undo()
    assert list(doc.texts("Model B")) == ["0.4", "0.3", "0.3"]


def test_the_matrix_and_its_triangle_check(lesson, qtbot):
    w = lesson
    show_models(w, qtbot, w.matrix)
    m = w.results.many.matrix
    assert m.names == ("P", "Model A", "Model B")
    assert m.values[0, 1] == pytest.approx(-math.log(0.8), rel=1e-15)
    assert m.values[1, 0] == math.inf and m.values[0, 0] == 0.0
    with mp.workdps(40):  # D(A‖B) exactly
        a = [mp.mpf(8) / 10, mp.mpf(1) / 10, mp.mpf(1) / 10]
        b = [mp.mpf(4) / 10, mp.mpf(3) / 10, mp.mpf(3) / 10]
        d_ab = float(mp.fsum(x * mp.log(x / y) for x, y in zip(a, b)))
    assert m.values[1, 2] == pytest.approx(d_ab, rel=1e-15)
    text = w.matrix.triangle.text()
    assert "triangle" in text.lower()
    # KL breaks it here: D(P‖B) > D(P‖A) + D(A‖B)
    assert -math.log(0.4) > -math.log(0.8) + d_ab
    with qtbot.waitSignal(w.sigManyShown, timeout=20_000):
        w.matrix.metric_choice.setCurrentIndex(w.matrix.metric_choice.findData("js_distance"))
    assert w.results.many.matrix.metric == "js_distance"


def test_dragging_a_bar_is_one_undo_step_and_the_figures_follow(lesson, qtbot):
    w = lesson
    w.show_page(w.distributions)
    before = w.undo_stack.count()
    chart = w.distributions
    with qtbot.waitSignal(w.sigRefreshed):
        chart.barDragging.emit("Model B", 0, 0.5)
    assert w.document.texts("Model B")[0] == "0.5"
    with qtbot.waitSignal(w.sigRefreshed):
        chart.barDragging.emit("Model B", 0, 0.6)
    with qtbot.waitSignal(w.sigRefreshed):
        chart.barDragged.emit("Model B", 0, 0.7)
    doc = w.document
    texts = list(doc.texts("Model B"))
    assert texts[0] == "0.7" and sum(doc.probabilities("Model B")) == pytest.approx(1)
    # the others keep their proportions: 0.3 : 0.3
    assert texts[1] == texts[2]
    assert w.undo_stack.count() == before + 1
    w.undo_stack.undo()
    assert list(doc.texts("Model B")) == ["0.4", "0.3", "0.3"]


def test_the_labs_show_the_focus_pair(lesson, qtbot):
    w = lesson
    w.show_page(w.coding)
    w.coding.update_now()
    assert list(w.coding.q) == pytest.approx([0.8, 0.1, 0.1])
    with qtbot.waitSignal(w.sigRefreshed):
        w.document.set_focus(w.document.column_id("Model B"))
    assert list(w.coding.q) == pytest.approx([0.4, 0.3, 0.3])


def test_every_page_names_the_pair_once_the_models_have_names(lesson, qtbot):
    w = lesson
    for page in (w.checks, w.worked):
        w.show_page(page)
        page.update_now()
    assert "Q = Model A (the model in focus)" in w.checks.message.text()
    assert "Q = Model A (the model in focus)" in w.worked.text("plain")
    assert w.worked.text("latex").startswith("% P = the reference, Q = Model A")
    assert "Q = Model A" in w.panel.pair.text() and not w.panel.pair.isHidden()


def test_the_chart_export_writes_the_all_distributions_chart_when_it_shows(lesson, qtbot,
                                                                           dialogs, tmp_path):
    import xml.etree.ElementTree as ET
    w = lesson
    w.show_page(w.distributions)
    qtbot.waitUntil(lambda: w.distributions.names == ["P", "Model A", "Model B"])
    dialogs.save_paths.append(tmp_path / "all.svg")
    assert w.files.export_chart()
    texts = " ".join(e.text.strip() for e in ET.parse(tmp_path / "all.svg").iter()
                     if e.tag.endswith("text") and e.text)
    assert "Model B" in texts and "probability" in texts and "term (nats)" not in texts


def test_a_reference_beyond_doubles_fills_the_ranking_matrix_and_exported_table(
        window, qtbot, dialogs, tmp_path):
    """The tester's b.csv in the window: weights of 1e400 are exact entries, so every
    page of the Models tab and File ▸ Export table give the figures (no OverflowError)."""
    huge = [DistributionSpec("truth", "reference", ("1e400", "1e400", "1")),
            DistributionSpec("Alpha", "model", ("0.5", "0.25", "0.25")),
            DistributionSpec("Beta", "model", ("1", "2", "3"))]
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.replace("Load b.csv", lambda: window.document.load_columns(
            ["x", "y", "w"], huge, name="b"))
    with mp.workdps(50):
        dists = [[mp.mpf(t) for t in s.entries] for s in huge]
        dists = [[x / mp.fsum(d) for x in d] for d in dists]
        kl = [[float(mp.fsum(x * mp.log(x / y) for x, y in zip(a, b))) for b in dists]
              for a in dists]
    show_models(window, qtbot, window.ranking)
    rows = window.results.many.ranking
    assert [r.name for r in rows] == ["Alpha", "Beta"] and all(r.problem is None for r in rows)
    assert [r.figures.kl_pq for r in rows] == pytest.approx([kl[0][1], kl[0][2]], rel=1e-15)
    assert [window.ranking.table.item(r, 2).text() for r in range(2)] == \
        [f"{kl[0][1]:.6f}", f"{kl[0][2]:.6f}"]
    show_models(window, qtbot, window.matrix)
    m = window.results.many.matrix
    assert m.values.ravel().tolist() == pytest.approx(sum(kl, []), rel=1e-15, abs=1e-300)
    dialogs.save_paths.append(tmp_path / "t.csv")
    assert window.files.export_table()
    table = (tmp_path / "t.csv").read_text("utf-8").splitlines()
    assert table[0].split(",")[7:11] == ["Beta weight", "Beta q", "Beta contribution_pq",
                                         "Beta contribution_qp"]
    assert float(table[1].split(",")[9]) == pytest.approx(
        0.5 * math.log(0.5 / (1 / 6)), rel=1e-15)  # p(x) ln(p(x)/Beta(x)), by hand


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_the_ranking_shows_every_column_with_no_empty_strip(lesson, qtbot, size):
    """At 1366×768 the table kept an empty strip under its rows for a sideways scroll
    bar that did not show; at 1024×768 it scrolled ~60 px sideways. The bars yield
    first, then "JS divergence" and "Total variation" take short titles (whole in their
    tooltips): every column shows, no number is cut, and the table ends at its rows."""
    w = lesson
    w.resize(*size)
    show_models(w, qtbot, w.ranking)
    page = w.ranking
    t, header = page.table, page.table.horizontalHeader()
    qtbot.waitUntil(lambda: t.viewport().width() > 0 and header.length() > 0)
    w.classroom.reflow()
    qtbot.waitUntil(lambda: header.length() <= t.viewport().width()
                    and not t.horizontalScrollBar().isVisible())  # the layouts took it
    for c in range(t.columnCount()):  # each as wide as its widest value and its header
        assert header.sectionSize(c) >= max(t.sizeHintForColumn(c), header.sectionSizeHint(c))
    assert header.sectionSize(2) >= page.bar_least_width(bar=False)  # D(P‖Q) whole
    rows = sum(t.rowHeight(r) for r in range(t.rowCount()))
    below = t.height() - (header.height() + rows + 2 * t.frameWidth())
    assert 0 <= below <= 2  # no strip for a scroll bar that is not there
    short = size == (1024, 768)
    assert page.short_headers == short
    titles = [t.horizontalHeaderItem(c).text() for c in (4, 5)]
    assert titles == (["JS div.\n(nats)", "Total\nvar."] if short
                      else ["JS divergence\n(nats)", "Total\nvariation"])
    assert t.horizontalHeaderItem(4).toolTip() == \
        "Jensen–Shannon divergence of P and Q, in nats"
    assert t.horizontalHeaderItem(5).toolTip() == "Total variation distance of P and Q"
    if short:  # room again: the long titles come back
        w.resize(1366, 768)
        qtbot.waitUntil(lambda: not page.short_headers)
