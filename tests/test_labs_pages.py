"""The three lab pages, driven through their real buttons and tables with qtbot."""

import csv
import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from klgui.core.labs.sampling import Sampler
from klgui.ui.pages.labs import BayesPage, CodingPage, SamplingPage
from klgui.ui.pages.labs import sampling_run

# Showing a page as a top-level window offscreen makes Qt say this; nothing is wrong.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

COIN = (np.array([0.8, 0.2]), np.array([0.6, 0.4]), ["heads", "tails"])
THETA = np.arange(1, 10) / 10


def _page(qtbot, cls, p, q, labels, unit="nats", digits=6):
    page = cls()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.show_pair(p, q, labels, unit, digits)
    return page


def _cell(table, row, column):
    model = table.model()
    return model.data(model.index(row, column))


def _click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


# -- sampling ------------------------------------------------------------------------
def test_sampling_buttons_draw_and_table_follows(qtbot):
    page = _page(qtbot, SamplingPage, *COIN)
    assert _cell(page.table, 0, 3) == "0.392332"  # SD of k1, exact
    assert _cell(page.table, 1, 2) == "0.0811497"  # E[k2]
    assert _cell(page.table, 0, 5) == "—"
    with qtbot.waitSignal(page.sigDrawn) as drawn:
        _click(qtbot, page.buttons[1])
    assert drawn.args == [1]
    _click(qtbot, page.buttons[100])
    _click(qtbot, page.buttons[10_000])
    assert page.draws == 10_101
    reference = Sampler(*COIN[:2], seed=0)
    reference.draw(10_101)
    means, ses = reference.current()
    assert _cell(page.table, 0, 5) == f"{means[0]:.6g}"
    assert _cell(page.table, 2, 6) == f"{2 * ses[2]:.6g}"
    assert "After 10,101 draws" in page.progress.text()
    assert "k3 gets there with a smaller spread" in page.conclusion.text()
    x, y = page.means_plot.curves["k1"].getData()
    assert len(x) > 100 and y[-1] == pytest.approx(means[0], rel=1e-12)
    assert page.means_plot.isVisible()


def test_sampling_seed_and_reset(qtbot):
    page = _page(qtbot, SamplingPage, *COIN)
    _click(qtbot, page.buttons[100])
    first = page.sampler.trace().mean.copy()
    _click(qtbot, page.reset_button)
    assert page.draws == 0 and "No draws yet" in page.progress.text()
    _click(qtbot, page.buttons[100])
    assert np.array_equal(page.sampler.trace().mean, first)  # same seed, same draws
    page.seed.setValue(5)
    assert page.draws == 0
    _click(qtbot, page.buttons[100])
    assert not np.array_equal(page.sampler.trace().mean, first)


def test_sampling_run_animates_until_its_target(qtbot, monkeypatch):
    monkeypatch.setattr(sampling_run, "RUN_TARGET", 3000)
    page = _page(qtbot, SamplingPage, *COIN)
    counts = []
    page.sigDrawn.connect(counts.append)
    with qtbot.waitSignal(page.sigRunFinished, timeout=60_000):
        _click(qtbot, page.run_button)
        assert page.run_button.text() == "Stop"
    assert page.draws == 3000 and page.run_button.text() == "Run"
    assert len(counts) > 10 and counts == sorted(counts)  # many frames, growing


def test_sampling_stop_ends_a_run(qtbot):
    page = _page(qtbot, SamplingPage, *COIN)
    with qtbot.waitSignal(page.sigDrawn):
        _click(qtbot, page.run_button)
    with qtbot.waitSignal(page.sigRunFinished):
        _click(qtbot, page.run_button)
    assert not page.animation.timer.isActive() and page.draws < sampling_run.RUN_TARGET


def test_sampling_infinite_divergence_shows_words_not_a_curve(qtbot):
    page = _page(qtbot, SamplingPage, np.array([0.5, 0.3, 0.2]), np.array([0.5, 0.5, 0.0]),
                 ["rain", "sun", "snow"])
    _click(qtbot, page.buttons[100])
    assert not page.means_plot.isVisible() and page.infinite.isVisible()
    assert "no finite mean" in page.infinite.text() and "'snow'" in page.infinite.text()
    assert _cell(page.table, 0, 2) == "∞" and _cell(page.table, 0, 5) == "∞"
    # the bias E[k] − D is ∞ − ∞, no number: said so, never shown as 0 ("unbiased")
    assert all(_cell(page.table, row, 4) == "undefined (∞ − ∞)" for row in range(3))
    assert page.hist_plot.isVisible()


def test_sampling_biased_k3_in_bits(qtbot):
    page = _page(qtbot, SamplingPage, np.array([0.5, 0.5, 0.0]), np.array([0.4, 0.4, 0.2]),
                 ["a", "b", "c"], unit="bits")
    assert _cell(page.table, 2, 4) == f"{-0.2 / math.log(2):.6g}".replace("-", "−")
    assert "Q(outside supp P)/ln 2" in page.statements.text()


def test_sampling_copy_and_export(qtbot, tmp_path):
    page = _page(qtbot, SamplingPage, *COIN)
    _click(qtbot, page.buttons[100])
    page.windowHandle().requestActivate()  # Ctrl+C is the copy action's shortcut, which
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)  # an active window has
    page.table.setFocus()
    page.table.selectAll()
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].startswith("Estimator\tDefinition\tExact mean (nats)")
    assert lines[1].split("\t")[3] == repr(page.sampler.stats.sd["k1"])
    page.export_csv(tmp_path / "E.csv")
    rows = _read(tmp_path / "E.csv")
    assert rows[1][0] == "k1" and rows[1][6] == "100" and rows[1][7] == "0"


def test_sampling_nothing_to_show(qtbot):
    page = _page(qtbot, SamplingPage, *COIN)
    page.show_nothing("P has no positive weight.")
    assert page.nothing.isVisible() and "no positive weight" in page.nothing.text()
    assert not page.buttons[1].isEnabled() and not page.table.isVisible()
    page.show_pair(*COIN, "nats", 6)
    assert page.buttons[1].isEnabled() and not page.nothing.isVisible()


def test_sampling_hidden_page_waits(qtbot):
    page = SamplingPage()
    qtbot.addWidget(page)
    page.show_pair(*COIN, "nats", 6)
    assert page.sampler is None  # not drawn while hidden
    page.update_now()
    assert page.sampler is not None


# -- coding --------------------------------------------------------------------------
DYADIC = (np.array([0.5, 0.25, 0.125, 0.125]), np.array([0.125, 0.5, 0.25, 0.125]),
          ["a", "b", "c", "d"])


def test_coding_table_and_brackets(qtbot):
    page = _page(qtbot, CodingPage, *DYADIC)
    assert [_cell(page.table, i, 5) for i in range(4)] == ["3", "1", "2", "3"]
    assert [_cell(page.table, i, 4) for i in range(4)] == ["110", "0", "10", "111"]
    assert _cell(page.table, 0, 3) == "3"  # −log₂ q
    assert "2.375" in page.statements.text() and "✓" in page.statements.text()
    assert "0.625 bits is the price" in page.conclusion.text()
    assert _cell(page.block_table, 0, 2) == "2.375"


def test_coding_block_table_coin(qtbot):
    page = _page(qtbot, CodingPage, *COIN)
    shown = [_cell(page.block_table, i, 2) for i in range(8)]
    assert shown[:4] == ["1.2", "1.18", "1.03467", "0.9432"] and shown[7] == "0.923303"
    assert {_cell(page.block_table, i, 4) for i in range(8)} == {"✓"}


def test_coding_uncodable(qtbot):
    page = _page(qtbot, CodingPage, np.array([0.5, 0.3, 0.2]), np.array([0.5, 0.5, 0.0]),
                 ["rain", "sun", "snow"])
    assert _cell(page.table, 2, 4) == "—" and _cell(page.table, 2, 5) == "none"
    assert "cannot be coded" in page.conclusion.text()
    assert _cell(page.block_table, 0, 4) == "uncodable"


def test_coding_copy_and_export(qtbot, tmp_path):
    page = _page(qtbot, CodingPage, *DYADIC)
    page.table.selectRow(0)
    page.table.copy_action.trigger()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:3] == ["Outcome", "p", "q"]
    assert lines[1].split("\t")[:5] == ["a", "0.5", "0.125", "3.0", "110"]
    page.export_csv(tmp_path / "C.csv")
    assert _read(tmp_path / "C.csv")[1][:5] == ["a", "0.5", "0.125", "3", "110"]


# -- Bayes ---------------------------------------------------------------------------
def _coin_prior(qtbot):
    return _page(qtbot, BayesPage, np.full(9, 1 / 9), np.full(9, 1 / 9),
                 [f"{t:.1f}" for t in THETA])


def test_bayes_one_observation(qtbot):
    page = _coin_prior(qtbot)
    assert page.name.text() == "heads"  # hypotheses named by θ: a coin
    assert _cell(page.table, 8, 2) == "0.9"
    assert page.gain.text() == "Information gained: 0.21263 bits"
    assert _cell(page.table, 8, 3) == "0.2"  # 0.9 / 4.5
    assert "mutual information" in page.before.text()
    assert page.gains.expected == pytest.approx(0.21262995952, rel=1e-10)


def test_bayes_steps_add_undo_clear(qtbot):
    page = _coin_prior(qtbot)
    with qtbot.waitSignal(page.sigUpdated):
        _click(qtbot, page.add_button)
    _click(qtbot, page.add_button)
    _click(qtbot, page.opposite_button)
    assert page.step_list.count() == 3
    assert page.step_list.item(2).text().startswith("3. not heads")
    assert page.steps[-1].total_gain == pytest.approx(0.231161093494, rel=1e-10)
    assert "0.2312 bits" in page.step_list.item(2).text()
    assert _cell(page.table, 0, 4) == f"{page.steps[-1].posterior[0]:.6g}"
    _click(qtbot, page.undo_button)
    assert page.step_list.count() == 2 and len(page.observations) == 2
    _click(qtbot, page.clear_button)
    assert page.observations == [] and not page.undo_button.isEnabled()
    assert "None yet" in page.step_list.item(0).text()


def test_bayes_edit_likelihood_through_the_table(qtbot):
    page = _coin_prior(qtbot)
    model = page.table.model()
    index = model.index(0, 2)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    model.setData(index, "150%")
    assert page.error.isVisible() and "between 0 and 1" in page.error.text()
    assert page.likelihood[0] == 0.1
    model.setData(index, "1/2")
    assert page.likelihood[0] == 0.5 and _cell(page.table, 0, 2) == "1/2"
    page.set_likelihoods(np.zeros(9))
    assert "cannot happen" in page.conclusion.text() and page.result is None


def test_bayes_observation_name_and_flat_likelihood(qtbot):
    page = _page(qtbot, BayesPage, np.array([0.5, 0.3, 0.2]), np.array([0.5, 0.5, 0.0]),
                 ["rain", "sun", "snow"])
    assert page.name.text() == "the evidence"
    assert "changes nothing" in page.conclusion.text()
    page.name.setText("wet grass")
    assert page.add_button.text() == "Observed: wet grass"
    assert model_header(page, 2) == "P(wet grass | hypothesis)"
    page.set_likelihoods([0.9, 0.1, 0.2])
    assert page.result.gain > 0


def model_header(page, column):
    """The header as read: its wrapped lines (LabTableModel.wrap_headers) joined."""
    return page.table.model().headerData(column, Qt.Orientation.Horizontal).replace("\n", " ")


def test_bayes_export(qtbot, tmp_path):
    page = _coin_prior(qtbot)
    _click(qtbot, page.add_button)
    page.export_csv(tmp_path / "H.csv")
    rows = _read(tmp_path / "H.csv")
    assert rows[0][:4] == ["hypothesis", "prior", "likelihood", "posterior"]
    assert rows[9][0] == "0.9" and float(rows[9][3]) == pytest.approx(0.2, rel=1e-15)


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_pages_render_at_projector_sizes(qtbot, size):
    for cls, pair in ((SamplingPage, COIN), (CodingPage, DYADIC),
                      (BayesPage, (np.full(9, 1 / 9), np.full(9, 1 / 9),
                                   [f"{t:.1f}" for t in THETA]))):
        page = _page(qtbot, cls, *pair)
        page.resize(*size)
        image = page.grab().toImage()
        assert (image.width(), image.height()) == size
        assert page.conclusion.isVisible() and page.conclusion.text()


@pytest.mark.parametrize("cls", [SamplingPage, CodingPage, BayesPage])
def test_bad_pair_is_said_not_raised(qtbot, cls):
    page = _page(qtbot, cls, np.array([0.5, 0.7]), np.array([0.5, 0.5]), ["a", "b"])
    assert page.nothing.isVisible() and "sums to 1.2" in page.nothing.text()
    page.show_pair(np.array([1.0]), np.array([1.0]), ["sure"], "nats", 6)
    assert not page.nothing.isVisible() and page.conclusion.text()


def test_certain_outcome_needs_no_bits(qtbot):
    page = _page(qtbot, CodingPage, np.array([1.0, 0.0]), np.array([1.0, 0.0]), ["x", "y"])
    assert _cell(page.table, 0, 4) == "(empty: 0 bits)" and _cell(page.table, 0, 5) == "0"
    assert page.report.length_shannon == 0.0 and page.report.length_huffman == 0.0


def test_ctrl_v_in_a_lab_table_asks_once_and_only_with_an_editable_column(qtbot):
    """Ctrl+V is the paste action's shortcut (keyPressEvent never saw it): one
    sigPasted per key, none when the table has nowhere to paste."""
    from klgui.ui.pages.labs.lab_table import LabTable

    table = LabTable("lab")
    qtbot.addWidget(table)
    texts = ["a", "b"].__getitem__
    table.model_.set_table([("Outcome", texts, texts), ("P", "0.5".format, "0.5".format)], 2)
    table.show()
    table.windowHandle().requestActivate()  # the keys are the actions' shortcuts, which
    qtbot.waitUntil(lambda: QApplication.activeWindow() is table)  # an active window has
    asked = []
    table.sigPasted.connect(lambda *a: asked.append(a))
    QApplication.clipboard().setText("0.9\n0.1")
    table.setCurrentIndex(table.model().index(1, 1))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert asked == []  # nothing editable
    table.model_.editable = 1
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert asked == [(1, 1, "0.9\n0.1")]
