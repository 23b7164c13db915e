"""The sampling lab's screen numbers without Qt (klgui.core.labs.sampling_view): a run's
goal and steps, the draws a running-mean curve shows, the histogram's shared bars. The
expected values are worked by hand."""

import numpy as np
import pytest

from klgui.core.labs.sampling_view import curve_picks, histogram_bars, run_goal, run_step


@pytest.mark.parametrize("drawn, target, most, goal", [
    (0, 100_000, 1_000_000, 100_000),       # a first run: the target
    (99_999, 100_000, 1_000_000, 100_000),
    (100_000, 100_000, 1_000_000, 1_000_000),  # past the target: ten times as many
    (20_000, 3_000, 1_000_000, 200_000),
    (200_000, 100_000, 1_000_000, 1_000_000),  # never past the sampler's room
    (1_000_000, 100_000, 1_000_000, 1_000_000),
])
def test_run_goal(drawn, target, most, goal):
    assert run_goal(drawn, target, most) == goal


@pytest.mark.parametrize("drawn, goal, step", [
    (0, 100, 1),    # at least one
    (7, 100, 1),    # 7 // 8 = 0
    (80, 100, 10),  # an eighth more
    (95, 100, 5),   # not past the goal
    (100, 100, 0),  # reached
])
def test_run_step(drawn, goal, step):
    assert run_step(drawn, goal) == step


def test_a_run_of_steps_reaches_its_goal_exactly():
    drawn, goal, ticks = 0, run_goal(0, 3_000, 1_000_000), 0
    while (step := run_step(drawn, goal)) > 0:
        drawn += step
        ticks += 1
    assert drawn == 3_000 and ticks < 100  # geometric growth, not 3,000 ticks


def test_curve_picks_are_log_spaced_draws_without_repeats():
    # geomspace(2, 10, 5) = 2, 2.99, 4.47, 6.69, 10 → whole 2, 2, 4, 6, 10 → unique − 1
    assert curve_picks(10, 5).tolist() == [1, 3, 5, 9]
    assert curve_picks(2, 600).tolist() == [1]  # two draws: the second's running mean
    picks = curve_picks(1_000_000, 600)
    assert picks[0] == 1 and picks[-1] == 999_999 and len(picks) <= 600
    assert np.all(np.diff(picks) > 0) and picks.dtype == np.int64


def test_histogram_bars_each_outcome_its_own_bar_up_to_the_most():
    shares = np.array([0.5, 0.25, 0.25])
    p = np.array([0.2, 0.3, 0.5])
    bars = histogram_bars(shares, p, 3)
    assert bars.shares.tolist() == [0.5, 0.25, 0.25] and bars.p.tolist() == [0.2, 0.3, 0.5]
    assert bars.per == 1


def test_histogram_bars_share_bars_beyond_the_most():
    # 5 outcomes in 2 bars: edges linspace(0, 5, 3) = 0, 2.5, 5 → 0, 2, 5: outcomes
    # 0-1 and 2-4; the axis names the larger bar (ceil(5 / 2) = 3 outcomes)
    shares = np.array([0.125, 0.125, 0.25, 0.25, 0.25])
    p = np.array([0.25, 0.25, 0.125, 0.125, 0.25])
    bars = histogram_bars(shares, p, 2)
    assert bars.shares.tolist() == [0.25, 0.75] and bars.p.tolist() == [0.5, 0.5]
    assert bars.per == 3
    many = histogram_bars(np.full(1000, 0.001), np.full(1000, 0.001), 60)
    assert many.shares.size == 60 and many.per == 17  # ceil(1000 / 60)
    assert many.p.sum() == pytest.approx(1.0)
