"""Lab work survives the edits that do not change what it is about (the tester's report:
draws and Bayes steps were silently lost). Driven through the real window."""

import numpy as np
import pytest

from klgui.core.teaching import labs_text


def _sampling(window, qtbot):
    page = window.sampling
    window.show_page(page)
    qtbot.waitUntil(lambda: page.sampler is not None and not page.busy)
    return page


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
    assert "k2 = ½(ln r)²/ln 2" in [label.text for _, label in page.legend.items]


def test_a_run_goes_on_through_a_change_of_unit(window, qtbot, monkeypatch):
    page = _sampling(window, qtbot)
    page.run()
    qtbot.waitUntil(lambda: page.draws > 0)
    window.edits.set_unit("bits")
    _settled(window, page, qtbot)
    assert page.timer.isActive() and page.run_button.isChecked()
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
