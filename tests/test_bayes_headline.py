"""The Bayes lab's headline says what is true now: before any step, what observing would
gain; after one step, that step's gain; after several, the information gained so far,
D(belief now‖prior) in bits, and the last step's gain (a tester saw "Observing 'heads'…"
and the first step's figure after heads, heads, not heads). Oracle: mpmath, 40 digits."""

import mpmath
import numpy as np
import pytest
from PySide6.QtCore import Qt

from klgui.core.labs.bayes import Observation, binary_gains, update_steps
from klgui.core.teaching import labs_text as text
from klgui.ui.pages.labs import BayesPage

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

THETA = np.arange(1, 10) / 10
UNIFORM = np.full(9, 1 / 9)
HHT = [Observation("heads", THETA), Observation("heads", THETA),
       Observation("not heads", THETA, True)]


def _gain_bits(after, before):
    """D(after‖before) in bits for unnormalized weights, with mpmath."""
    with mpmath.workdps(40):
        a = [mpmath.mpf(x) for x in after]
        b = [mpmath.mpf(x) for x in before]
        a = [x / mpmath.fsum(a) for x in a]
        b = [x / mpmath.fsum(b) for x in b]
        return float(mpmath.fsum(x * mpmath.log(x / y) for x, y in zip(a, b) if x)
                     / mpmath.log(2))


THETAS = [mpmath.mpf(k) / 10 for k in range(1, 10)]
ONE_HEAD = _gain_bits(THETAS, [1] * 9)
SO_FAR = _gain_bits([t * t * (1 - t) for t in THETAS], [1] * 9)
LAST = _gain_bits([t * t * (1 - t) for t in THETAS], [t * t for t in THETAS])


def test_the_oracle_gives_the_issues_figures():
    assert ONE_HEAD == pytest.approx(0.21262995952, abs=1e-11)
    assert SO_FAR == pytest.approx(0.231161093494, abs=1e-12)


def test_before_any_step_the_sentence_says_what_observing_would_gain():
    result = binary_gains(UNIFORM, THETA).happened
    line = text.bayes_conclusion("heads", result)
    assert line.startswith("Observing 'heads' would move the belief")
    assert f"{ONE_HEAD:.4g} bits" in line and "probability 0.5 beforehand" in line
    assert text.bayes_figure_label([]) == "Information gained"


def test_after_one_step_the_sentence_says_what_it_gained():
    steps = update_steps(UNIFORM, HHT[:1])
    line = text.bayes_conclusion("heads", binary_gains(UNIFORM, THETA).happened, 4, steps)
    assert line.startswith(f"Observing 'heads' gained D(posterior‖prior) = {ONE_HEAD:.4g} "
                           "bits")
    assert steps[-1].total_gain == pytest.approx(ONE_HEAD, rel=1e-14)


def test_after_several_steps_the_sentence_says_the_gain_so_far_and_the_last_steps():
    steps = update_steps(UNIFORM, HHT)
    line = text.bayes_conclusion("heads", binary_gains(UNIFORM, THETA).happened, 4, steps)
    assert line == (f"After 3 observations the belief has gained D(now‖prior) = "
                    f"{SO_FAR:.4g} bits of information over the prior; the last observation, "
                    f"'not heads', gained {LAST:.4g} bits. The table's last column is the "
                    "belief now.")
    assert steps[-1].total_gain == pytest.approx(SO_FAR, rel=1e-14)
    assert steps[-1].update.gain == pytest.approx(LAST, rel=1e-14)
    assert text.bayes_figure_label(steps) == "Information gained so far"
    # even when the observation cannot happen from the prior, the steps are what is true
    assert text.bayes_conclusion("heads", None, 4, steps) == line


def _coin_page(qtbot):
    """The Bayes page at 1366×768 on θ = 0.1 … 0.9 with a uniform prior."""
    page = BayesPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.show_pair(UNIFORM, UNIFORM, [f"{t:.1f}" for t in THETA], "nats", 6)
    return page


def test_the_page_headline_follows_the_steps(qtbot):
    page = _coin_page(qtbot)
    assert page.gain.text() == f"Information gained: {ONE_HEAD:.6g} bits"
    assert "would move" in page.conclusion.text()
    for button in (page.add_button, page.add_button, page.opposite_button):
        with qtbot.waitSignal(page.sigUpdated):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        if len(page.observations) == 1:
            assert page.gain.text() == f"Information gained so far: {ONE_HEAD:.6g} bits"
            assert page.conclusion.text().startswith("Observing 'heads' gained")
    assert page.gain.text() == f"Information gained so far: {SO_FAR:.6g} bits"
    assert f"'not heads', gained {LAST:.4g} bits" in page.conclusion.text()
    # above the fold at 1366×768: the headline and the sentence are on the first screen
    for label in (page.gain, page.conclusion):
        assert label.isVisible()
        assert label.mapTo(page, label.rect().bottomLeft()).y() <= 768
    # the table's last column is the belief now, the one before it says what it is
    model = page.table.model()
    last = model.columnCount() - 1
    header = Qt.Orientation.Horizontal
    assert model.headerData(last, header, Qt.ItemDataRole.DisplayRole).replace("\n", " ") \
        == "After the 3 steps"
    assert "alone" in model.headerData(last - 1, header,
                                       Qt.ItemDataRole.DisplayRole).replace("\n", " ")
    assert model.data(model.index(8, last)) == f"{page.steps[-1].posterior[8]:.6g}"


def test_after_steps_the_box_says_what_the_next_look_would_gain(qtbot):
    # The box said the prior's figures ("before looking") after three steps, which no
    # longer describe the next observation; it now works from the belief they reached.
    page = _coin_page(qtbot)
    assert page.before_box.title() == "Before looking"
    for button in (page.add_button, page.add_button, page.opposite_button):
        with qtbot.waitSignal(page.sigUpdated):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.before_box.title() == "Before the next look (from the belief after 3 steps)"
    now = [t * t * (1 - t) for t in THETAS]  # the belief after heads, heads, not heads
    heads = _gain_bits([b * t for b, t in zip(now, THETAS)], now)
    tails = _gain_bits([b * (1 - t) for b, t in zip(now, THETAS)], now)
    with mpmath.workdps(40):
        p_heads = float(mpmath.fsum(b * t for b, t in zip(now, THETAS)) / mpmath.fsum(now))
    import html
    lines = html.unescape(page.before.text()).split("<br>")
    assert lines[0].startswith(f"If 'heads' (probability {p_heads:.3g}): gain {heads:.4g} bits")
    assert lines[1].startswith(f"If not 'heads' (probability {1 - p_heads:.3g}): gain "
                               f"{tails:.4g} bits")
    expected = p_heads * heads + (1 - p_heads) * tails  # I(H; R) under the belief now
    assert lines[2].endswith(f"under the belief now = {expected:.4g} bits.")
    page.undo_last()  # (the page alone keeps its own steps)
    page.undo_last()
    page.undo_last()
    qtbot.waitUntil(lambda: page.before_box.title() == "Before looking")
