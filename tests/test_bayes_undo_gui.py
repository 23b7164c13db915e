"""The Bayes lab's actions are the document's undo steps: driven through the real window
(its table, its buttons, the Edit menu's Undo and Redo, Save, Open and the autosave)."""

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from klgui.io.session import load_session
from klgui.ui.shell.autosave import Autosave, offer_restore

THETA = [f"{t / 10:.1f}" for t in range(1, 10)]
ONE_HEAD = 0.21262995952  # D(posterior‖prior) in bits, θ = 0.1 … 0.9, uniform prior
HEADS_HEADS_TAILS = 0.231161093494


def _cell(page, row, column):
    model = page.table.model()
    return model.data(model.index(row, column))


def _type(page, row, typed):
    model = page.table.model_
    assert model.setData(model.index(row, 2), typed)


def _coin_lab(window, qtbot, dialogs, tmp_path):
    """Hypotheses θ = 0.1 … 0.9, uniform prior, saved (clean), the Bayes lab shown."""
    window.edits.load(THETA, ["1"] * 9, ["1"] * 9)
    page = window.bayes
    window.show_page(page)
    qtbot.waitUntil(lambda: not window.results.busy)
    qtbot.waitUntil(lambda: page.likelihood.size == 9 and not page.busy)
    dialogs.save_paths.append(tmp_path / "coin.kld.json")
    assert window.files.save_as()
    assert not window.isWindowModified()
    return page


def _shown(page):
    """What the page shows of its work: the steps' lines, the likelihoods, the name."""
    lines = [page.step_list.item(i).text() for i in range(page.step_list.count())]
    return lines, [_cell(page, i, 2) for i in range(page.p.size)], page.name.text()


def test_window_undo_and_redo_take_observations_back_and_bring_them_again(
        window, qtbot, dialogs, tmp_path):
    page = _coin_lab(window, qtbot, dialogs, tmp_path)
    empty = _shown(page)
    page.add_button.click()
    assert page.steps[-1].total_gain == pytest.approx(ONE_HEAD, rel=1e-10)
    assert window.isWindowModified() and window.undo_action.text() == "&Undo Observe heads"
    one = _shown(page)
    page.add_button.click()
    page.opposite_button.click()
    assert page.steps[-1].total_gain == pytest.approx(HEADS_HEADS_TAILS, rel=1e-10)
    assert window.undo_stack.undoText() == "Observe not heads"
    three = _shown(page)
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert _shown(page) == one and len(page.steps) == 1
    assert page.steps[-1].total_gain == pytest.approx(ONE_HEAD, rel=1e-10)
    window.undo_action.trigger()
    assert _shown(page) == empty and page.observations == []
    assert not window.isWindowModified()  # back at the saved state
    assert not page.undo_button.isEnabled() and not page.clear_button.isEnabled()
    for _ in range(3):
        window.redo_action.trigger()
    assert _shown(page) == three and window.isWindowModified()
    assert page.steps[-1].total_gain == pytest.approx(HEADS_HEADS_TAILS, rel=1e-10)


def test_a_likelihood_and_the_name_undo_with_their_figures(window, qtbot, dialogs, tmp_path):
    page = _coin_lab(window, qtbot, dialogs, tmp_path)
    before = (page.result.posterior.tolist(), page.gain.text(), _shown(page))
    _type(page, 2, "0.25")
    assert window.undo_stack.undoText() == "Set likelihood of θ=0.3 to 0.25"
    assert _cell(page, 2, 2) == "0.25" and page.likelihood[2] == 0.25
    assert page.result.posterior.tolist() != before[0]
    assert window.isWindowModified()
    page.name.setText("thumb tack up")
    assert window.undo_stack.undoText() == "Call the observation 'thumb tack up'"
    assert page.add_button.text() == "Observed: thumb tack up"
    window.undo_action.trigger()
    assert page.name.text() == "heads" and page.add_button.text() == "Observed: heads"
    window.undo_action.trigger()
    assert (page.result.posterior.tolist(), page.gain.text(), _shown(page)) == before
    assert not window.isWindowModified()
    # a likelihood refused is no step: the message shows, the stack stays
    stack = (window.undo_stack.count(), window.undo_stack.index())
    _type(page, 0, "150%")
    assert page.error.isVisible() and "between 0 and 1" in page.error.text()
    assert (window.undo_stack.count(), window.undo_stack.index()) == stack


def test_the_pages_own_undo_last_and_clear_are_steps_too(window, qtbot, dialogs, tmp_path):
    page = _coin_lab(window, qtbot, dialogs, tmp_path)
    for _ in range(2):
        page.add_button.click()
    page.undo_button.click()
    assert window.undo_stack.undoText() == "Take back heads" and len(page.observations) == 1
    page.clear_button.click()
    assert window.undo_stack.undoText() == "Clear the observations" and page.observations == []
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert len(page.observations) == 2 and page.step_list.count() == 2


def test_an_impossible_observation_is_no_step(window, qtbot, dialogs, tmp_path):
    page = _coin_lab(window, qtbot, dialogs, tmp_path)
    page.set_likelihoods([0.0] * 9)
    count = window.undo_stack.count()
    assert not page.add_button.isEnabled()
    assert page.add_observation(True) is False
    assert "'heads' cannot have been observed" in page.error.text()
    assert window.undo_stack.count() == count and page.observations == []


def test_save_and_open_bring_back_the_same_steps(window, qtbot, dialogs, tmp_path):
    page = _coin_lab(window, qtbot, dialogs, tmp_path)
    _type(page, 0, "1/3")
    page.add_button.click()
    page.add_button.click()
    page.opposite_button.click()
    shown, gain = _shown(page), page.steps[-1].total_gain
    assert window.files.save()
    assert not window.isWindowModified()
    saved = json.loads((tmp_path / "coin.kld.json").read_text("utf-8"))["labs"]["bayes"]
    assert saved["likelihoods"][0] == "1/3" and len(saved["steps"]) == 3
    page.clear_steps()
    window.edits.load(["a", "b"], ["1", "1"], ["1", "1"])  # another pair, another size
    qtbot.waitUntil(lambda: not window.results.busy and page.likelihood.size == 2)
    assert window.files.open(tmp_path / "coin.kld.json")
    qtbot.waitUntil(lambda: not window.results.busy)
    qtbot.waitUntil(lambda: not page.busy and len(page.observations) == 3)
    assert _shown(page) == shown and page.steps[-1].total_gain == gain
    assert not window.isWindowModified() and not window.undo_action.isEnabled()
    window.undo_action.trigger()  # nothing to undo after Open
    assert _shown(page) == shown


def test_outcomes_added_and_taken_away_give_the_work_back(window, qtbot, dialogs, tmp_path):
    page = _coin_lab(window, qtbot, dialogs, tmp_path)
    page.name.setText("positive")
    page.add_button.click()
    work = _shown(page)
    window.edits.insert_outcomes(9)
    qtbot.waitUntil(lambda: not window.results.busy and page.likelihood.size == 10)
    assert page.observations == [] and page.name.text() == "positive"  # a fresh column
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: not window.results.busy and page.likelihood.size == 9)
    assert _shown(page) == work  # the work as it was, not a fresh column


def test_the_autosave_follows_the_lab_and_a_restore_is_one_undo_step(
        window, qtbot, dialogs, tmp_path):
    page = _coin_lab(window, qtbot, dialogs, tmp_path)
    (tmp_path / "autosave").mkdir()
    autosave = Autosave(window, tmp_path / "autosave")
    autosave.save_now()
    assert not autosave.path.exists()  # nothing unsaved
    page.add_button.click()
    with qtbot.waitSignal(autosave.sigWritten):
        autosave.save_now()
    assert len(load_session(autosave.path).bayes.steps) == 1
    page.opposite_button.click()  # a lab action alone is a new revision to write
    with qtbot.waitSignal(autosave.sigWritten):
        autosave.save_now()
    lab = load_session(autosave.path).bayes
    assert [s.name for s in lab.steps] == ["heads", "not heads"]
    orphan = tmp_path / "autosave" / "autosave-1.kld.json"  # as a crashed app leaves it
    orphan.write_bytes(autosave.path.read_bytes())
    autosave.finish()
    page.clear_steps()
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    assert offer_restore(window, tmp_path / "autosave")
    qtbot.waitUntil(lambda: not window.results.busy)
    qtbot.waitUntil(lambda: not page.busy and len(page.observations) == 2)
    assert page.steps[-1].total_gain == pytest.approx(
        update_gain_after_heads_then_tails(), rel=1e-12)
    assert window.undo_stack.undoText() == "Restore unsaved work"
    window.undo_action.trigger()  # the work as it was before the restore
    qtbot.waitUntil(lambda: not window.results.busy and not page.busy)
    assert page.observations == []


def update_gain_after_heads_then_tails():
    """D(posterior‖prior) in bits after heads then tails, θ = 0.1 … 0.9 uniform: the
    posterior is ∝ θ(1 − θ), by hand with mpmath."""
    import mpmath as mp
    with mp.workdps(40):
        theta = [mp.mpf(t) / 10 for t in range(1, 10)]
        joint = [t * (1 - t) for t in theta]
        post = [j / mp.fsum(joint) for j in joint]
        return float(mp.fsum(p * mp.log(9 * p) for p in post) / mp.log(2))


def test_a_lab_action_leaves_the_pair_shown_as_it_is(window, qtbot, dialogs, tmp_path):
    """A new revision, but the comparison is the same: the window is not busy and the
    pages are not shown the pair again."""
    from PySide6.QtWidgets import QApplication

    page = _coin_lab(window, qtbot, dialogs, tmp_path)
    announced = []
    window.results.sigPair.connect(announced.append)
    revision = window.document.revision
    page.add_button.click()
    assert window.document.revision == revision + 1 and not window.busy
    window.undo_action.trigger()
    QApplication.processEvents()
    assert announced == [] and not window.busy and page.observations == []
