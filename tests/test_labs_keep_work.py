"""Lab work survives the edits that do not change what it is about (the tester's report:
draws and Bayes steps were silently lost). Driven through the real window."""

import html
import json
import math

import numpy as np
import pytest

from klgui.core.labs.bayes import Observation
from klgui.core.teaching import labs_text


def _shown(window, qtbot, page, ready):
    """``page`` shown, once it is not busy and ``ready(page)``."""
    window.show_page(page)
    qtbot.waitUntil(lambda: ready(page) and not page.busy)
    return page


def _sampling(window, qtbot):
    return _shown(window, qtbot, window.sampling, lambda page: page.sampler is not None)


def _settled(window, page, qtbot):
    """The window has shown the current revision, and the page has drawn it."""
    qtbot.waitUntil(lambda: not window.results.busy)
    qtbot.waitUntil(lambda: not page.busy and not page._stale)


def _draw_100(page, qtbot):
    page.buttons[100].click()
    assert page.draws == 100
    return page.sampler.counts.copy(), page.sampler.current()[0].copy()


EDITS_THAT_KEEP_THE_PAIR = {
    "unit": lambda w: w.edits.set_unit("bits"),
    "digits": lambda w: w.edits.set_digits(3),
    "add a model": lambda w: w.edits.add_model("Model B", ["0.3", "0.7"]),
    "type in a model out of focus": lambda w: (
        w.edits.add_model("Model B", ["0.3", "0.7"]),
        w.edits.set_entry(w.document.column_ids[-1], 0, "0.1"),
        w.edits.set_entry(w.document.column_ids[-1], 1, "0.9")),
    "rename an outcome": lambda w: w.edits.set_label(0, "H"),
    "retype 0.8 as 4/5": lambda w: w.edits.set_entry("P", 0, "4/5"),
    "auto-normalize off and on": lambda w: (w.edits.set_auto_normalize(False),
                                            w.edits.set_auto_normalize(True)),
}


@pytest.mark.parametrize("edit", EDITS_THAT_KEEP_THE_PAIR)
def test_draws_stay_through_edits_that_keep_the_pair(window, qtbot, edit):
    page = _sampling(window, qtbot)
    p, q = page.p.copy(), page.q.copy()
    counts, means = _draw_100(page, qtbot)
    EDITS_THAT_KEEP_THE_PAIR[edit](window)
    _settled(window, page, qtbot)
    assert np.array_equal(page.p, p) and np.array_equal(page.q, q)  # the same pair
    assert page.draws == 100
    assert np.array_equal(page.sampler.counts, counts)
    assert "No draws yet" not in page.progress.text()
    assert page.progress.text().startswith("After 100 draws")
    window.undo_stack.undo()  # and back: still the same draws
    _settled(window, page, qtbot)
    assert page.draws == 100 and np.array_equal(page.sampler.current()[0], means)


def test_draws_are_shown_again_in_the_new_unit(window, qtbot):
    page = _sampling(window, qtbot)
    _, means = _draw_100(page, qtbot)
    window.edits.set_unit("bits")
    _settled(window, page, qtbot)
    k1_bits = means[0] / np.log(2)
    assert f"k1 {k1_bits:.4g}" in page.progress.text() and "bits" in page.progress.text()
    model = page.table.model_
    headers = [model.columns[c][0] for c in range(len(model.columns))]
    running = headers.index("Running mean (bits)")
    assert float(model.columns[running][2](0)) == pytest.approx(k1_bits, rel=1e-15)
    assert model.columns[1][1](1) == "½(ln r)²/ln 2"  # what is computed in bits
    assert "k2 = ½(ln r)²/ln 2" in [label.text for _, label in page.means_plot.legend.items]


def test_a_run_goes_on_through_a_change_of_unit(window, qtbot, monkeypatch):
    page = _sampling(window, qtbot)
    page.run()
    qtbot.waitUntil(lambda: page.draws > 0)
    window.edits.set_unit("bits")
    _settled(window, page, qtbot)
    assert page.animation.timer.isActive() and page.run_button.isChecked()
    page.stop()


def test_draws_go_when_p_or_q_really_changes_and_the_page_says_why(window, qtbot):
    page = _sampling(window, qtbot)
    _draw_100(page, qtbot)
    window.edits.set_entry("Q", 0, "0.7")
    window.edits.set_entry("Q", 1, "0.3")
    _settled(window, page, qtbot)
    assert page.draws == 0
    assert page.progress.text().startswith(labs_text.SAMPLING_PAIR_CHANGED)
    page.buttons[1].click()  # new draws: the reason goes
    assert labs_text.SAMPLING_PAIR_CHANGED not in page.progress.text()


def test_an_undo_of_a_change_of_q_brings_the_draws_back(window, qtbot):
    page = _sampling(window, qtbot)
    counts, means = _draw_100(page, qtbot)
    window.edits.set_entry("Q", 0, "0.7")
    window.edits.set_entry("Q", 1, "0.3")
    _settled(window, page, qtbot)
    assert page.draws == 0
    page.buttons[1].click()  # one draw of the new pair
    for _ in range(2):  # each undo shown: the pair in between is drawn too
        window.undo_stack.undo()
        _settled(window, page, qtbot)
    assert page.draws == 100 and np.array_equal(page.sampler.counts, counts)
    assert np.array_equal(page.sampler.current()[0], means)
    assert page.progress.text().startswith("After 100 draws")
    for _ in range(2):
        window.undo_stack.redo()
        _settled(window, page, qtbot)
    assert page.draws == 1  # and the redo brings back the one draw of the new pair


# -- Bayes: an observation no hypothesis allows ----------------------------------------
def _bayes(window, qtbot):
    return _shown(window, qtbot, window.bayes, lambda page: page.result is not None)


def _type_likelihood(page, row, typed):
    model = page.table.model_
    assert model.setData(model.index(row, 2), typed)


def test_bayes_every_likelihood_zero_records_only_what_can_happen(window, qtbot):
    page = _bayes(window, qtbot)  # the coin example: prior (0.8, 0.2), "the evidence"
    page.name.setText("heads")
    _type_likelihood(page, 0, "0.5")
    _type_likelihood(page, 1, "0.25")
    page.add_button.click()
    page.add_button.click()
    assert [page.step_list.item(i).text()[:8] for i in range(2)] == ["1. heads", "2. heads"]
    _type_likelihood(page, 0, "0")
    _type_likelihood(page, 1, "0")
    # 'heads' now has probability 0 under every hypothesis: it cannot be observed.
    assert not page.add_button.isEnabled() and page.opposite_button.isEnabled()
    assert page.add_observation(True) is False  # refused, and said
    assert "'heads' cannot have been observed" in page.error.text()
    assert "Nothing was recorded" in page.error.text() and page.error.isVisible()
    assert page.step_list.count() == 2 and len(page.observations) == 2
    # Its opposite is certain: recorded, with 0 bits gained.
    page.opposite_button.click()
    assert page.step_list.count() == 3
    assert page.step_list.item(2).text().startswith("3. not heads: gained 0 bits")
    assert np.array_equal(page.steps[-1].posterior, page.steps[-2].posterior)
    assert not page.error.isVisible()
    # The headline says what is true now: the last step gained nothing; the box of
    # the next look says why (and is not blank).
    assert "the last observation, 'not heads', gained 0 bits" in page.conclusion.text()
    assert page.gain.text().startswith("Information gained so far: ")
    assert page.before_box.title() == "Before the next look (from the belief after 3 steps)"
    before = html.unescape(page.before.text())
    assert "'heads' cannot happen under the belief now (probability 0)." in before
    assert "If not 'heads' (probability 1): gain 0 bits" in before
    assert "Expected gain of the next look = mutual information between hypothesis and " \
           "result under the belief now = 0 bits" in before


# -- Bayes: the lab's work is saved with the session -------------------------------------
THREE = (["disease A", "disease B", "healthy"], ["0.1", "0.2", "0.7"], ["1/3", "1/3", "1/3"])


def _positive_test(window, qtbot):
    """THREE, the Bayes lab shown with the observation "positive test" and its
    likelihoods 0.9, 0.2, 0.05 typed in."""
    window.edits.load(*THREE)
    page = _bayes(window, qtbot)
    qtbot.waitUntil(lambda: page.likelihood.size == 3 and not page.busy)
    page.name.setText("positive test")
    for row, typed in enumerate(["0.9", "0.2", "0.05"]):
        _type_likelihood(page, row, typed)
    return page


@pytest.mark.parametrize("other_size", [False, True])
def test_bayes_work_is_saved_and_comes_back(window, qtbot, dialogs, tmp_path, other_size):
    page = _positive_test(window, qtbot)
    page.add_button.click()
    steps = [page.step_list.item(i).text() for i in range(page.step_list.count())]
    assert steps[0].startswith("1. positive test: gained")
    path = tmp_path / "lesson.kld.json"
    dialogs.save_paths.append(path)
    assert window.files.save_as()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == 2
    assert saved["labs"]["bayes"] == {
        "observation": "positive test", "likelihoods": ["0.9", "0.2", "0.05"],
        "steps": [{"name": "positive test", "likelihoods": [0.9, 0.2, 0.05]}]}
    # The lab moves on, then the file is opened again: the lab is as it was saved.
    page.clear_steps()
    page.name.setText("cough")
    _type_likelihood(page, 0, "0.5")
    if other_size:  # the lab shows a pair of another size when the file is opened
        window.edits.load(["a", "b"], ["0.5", "0.5"], ["0.3", "0.7"])
        qtbot.waitUntil(lambda: not window.results.busy)
        qtbot.waitUntil(lambda: page.likelihood.size == 2 and not page.busy)
    assert window.files.open(path)
    qtbot.waitUntil(lambda: not window.results.busy)
    qtbot.waitUntil(lambda: not page.busy and bool(page.observations))
    assert page.name.text() == "positive test"
    assert page.likelihood_texts == ["0.9", "0.2", "0.05"]
    assert page.likelihood.tolist() == [0.9, 0.2, 0.05]
    assert [page.step_list.item(i).text() for i in range(page.step_list.count())] == steps
    # the posterior after one positive test, by hand: prior·likelihood / evidence
    joint = np.array([0.1 * 0.9, 0.2 * 0.2, 0.7 * 0.05])
    assert page.steps[0].posterior == pytest.approx(joint / joint.sum(), rel=1e-15)


def test_a_not_step_is_the_before_looking_result_also_after_reopening(
        window, qtbot, dialogs, tmp_path):
    """The tester's coin: hypotheses 0.1/0.7/0.9, P = 1, 1, 1, likelihoods 0.1/0.7/0.9,
    Observed: not heads. The step formed 1 − ℓ in doubles (0.30000000000000004) and read
    0.2307692307692308, 0.0769230769230769; it is the exact complement, as Before looking
    has it, and so it stays when the session is saved and opened again."""
    import mpmath as mp
    window.edits.load(["0.1", "0.7", "0.9"], ["1", "1", "1"], ["1", "1", "1"])
    page = _bayes(window, qtbot)
    qtbot.waitUntil(lambda: page.likelihood.size == 3 and not page.busy)
    for row, typed in enumerate(["0.1", "0.7", "0.9"]):
        _type_likelihood(page, row, typed)
    page.opposite_button.click()
    qtbot.waitUntil(lambda: not page.busy and len(page.steps) == 1)
    did_not = page.gains.did_not  # the "Before looking" part's did-not result
    step = page.steps[0]
    assert step.name == "not heads"
    assert step.posterior.tolist() == did_not.posterior.tolist() == [
        0.6923076923076923, 0.23076923076923078, 0.07692307692307693]
    assert step.update.gain == did_not.gain and step.total_gain == did_not.gain
    with mp.workdps(50):  # the typed numbers: prior 1/3 each, 1 − ℓ = 9/10, 3/10, 1/10
        joint = [mp.mpf(9), mp.mpf(3), mp.mpf(1)]
        after = [j / mp.fsum(joint) for j in joint]
        gain = float(mp.fsum(x * mp.log(3 * x) for x in after) / mp.log(2))
        assert step.posterior.tolist() == [float(x) for x in after]
    assert abs(step.update.gain - gain) <= math.ulp(gain)
    shown = [page.step_list.item(i).text() for i in range(page.step_list.count())]
    path = tmp_path / "coin.kld.json"
    dialogs.save_paths.append(path)
    assert window.files.save_as()
    page.clear_steps()
    assert window.files.open(path)
    qtbot.waitUntil(lambda: not window.results.busy)
    qtbot.waitUntil(lambda: not page.busy and len(page.steps) == 1)
    again = page.steps[0]
    assert again.posterior.tolist() == step.posterior.tolist()
    assert (again.update.gain, again.total_gain) == (step.update.gain, step.total_gain)
    assert [page.step_list.item(i).text() for i in range(page.step_list.count())] == shown


def test_a_bad_bayes_lab_in_a_file_is_refused_and_the_lab_stays(window, qtbot, dialogs,
                                                                tmp_path):
    page = _bayes(window, qtbot)  # the coin example: 2 outcomes
    path = tmp_path / "bad.kld.json"
    dialogs.save_paths.append(path)
    assert window.files.save_as()
    before = (page.name.text(), list(page.likelihood_texts), window.document.snapshot())
    data = json.loads(path.read_text(encoding="utf-8"))
    data["labs"] = {"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2", "0.05"]}}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not window.files.open(path)
    assert dialogs.warnings == [f"{path.name}: 'labs.bayes.likelihoods' has 3 likelihoods "
                                "for 2 outcomes; give one per outcome."]
    assert (page.name.text(), page.likelihood_texts, window.document.snapshot()) == before


def test_bayes_work_goes_with_the_autosave_and_comes_back_after_a_crash(
        window, qtbot, dialogs, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from klgui.io.session import load_session
    from klgui.ui.shell.autosave import Autosave, offer_restore

    page = _positive_test(window, qtbot)
    page.opposite_button.click()
    autosave = Autosave(window, tmp_path)
    with qtbot.waitSignal(autosave.sigWritten):
        autosave.save_now()
    lab = load_session(autosave.path).bayes
    assert lab.observation == "positive test" and lab.likelihoods == ("0.9", "0.2", "0.05")
    # the column the step is the complement of (1 − ℓ formed exactly by the update)
    assert lab.steps == (Observation("not positive test", (0.9, 0.2, 0.05), True),)
    orphan = tmp_path / "autosave-1.kld.json"  # as a crashed app leaves it
    orphan.write_bytes(autosave.path.read_bytes())
    autosave.finish()
    page.clear_steps()
    page.name.setText("cough")
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    assert offer_restore(window, tmp_path)
    qtbot.waitUntil(lambda: not window.results.busy)
    qtbot.waitUntil(lambda: not page.busy and bool(page.observations))
    assert page.name.text() == "positive test"
    assert page.step_list.item(0).text().startswith("1. not positive test: gained")


def test_a_change_of_the_bayes_lab_alone_is_an_unsaved_change(window, qtbot, dialogs,
                                                             tmp_path):
    """The lab's work is the document's: typing a likelihood or observing marks the
    window modified (and gives the autosave a new revision to write); a save makes it
    clean; the lab's own recomputing after an edit of P does not."""
    window.edits.load(*THREE)
    page = _bayes(window, qtbot)
    qtbot.waitUntil(lambda: page.likelihood.size == 3 and not page.busy)
    path = tmp_path / "lesson.kld.json"
    dialogs.save_paths.append(path)
    assert window.files.save_as()
    assert not window.files.modified and not window.isWindowModified()
    _type_likelihood(page, 0, "0.9")
    assert window.files.modified and window.isWindowModified()
    assert window.files.save()
    assert not window.isWindowModified()
    page.add_button.click()
    assert window.isWindowModified()
    window.files.save()
    window.edits.set_entry("P", 0, "0.15")  # an edit: modified by the undo stack
    assert window.isWindowModified()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not window.results.busy and not page.busy)
    assert not window.isWindowModified()  # the lab followed P and back: no change of its own
    autosave_key = window.document.revision
    page.name.setText("positive test")
    assert window.document.revision != autosave_key
