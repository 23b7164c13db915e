"""Issue 19's instruments, short enough for the suite: 150 random actions on the real
window with every figure checked, and the cheap hostile inputs through the command line.

Both run the app in child processes (benchmarks/soak.py, benchmarks/hostile_corpus.py):
a segfault in the chart or a reader that never returns must fail one test, not end the
suite. The time limit on each child is a guard against a hang (20 s for a command that
takes 0.3 s), not a measure of speed.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import exact_figures  # noqa: E402
import hostile_corpus  # noqa: E402
import soak  # noqa: E402

SOAK_ACTIONS = 150
SOAK_SEED = 19


# -- the oracle itself, against the right answers of shared/cases (800-digit values) --
@pytest.mark.parametrize("p, q, kl_pq", [
    (["0.8", "0.2"], ["0.6", "0.4"], 0.0915162218494357),                 # the coin
    (["0.5", "0.5"], ["1", "1e-349"], 401.10795154690103),                # 13a
    (["0.5", "0.5"], ["1e-349", "3e-349"], 0.14384103622589046),          # 13b
    (["1⁄3", "2⁄3"], ["½", "½"], 0.056633012265132491),                   # 07
    (["1e−3", "0.999"], ["2e−3", "0.998"], 0.000307353654192509),         # 06a
])
def test_oracle_gives_the_right_answers(p, q, kl_pq):
    got = exact_figures.expected(p, q, "nats", True, None)
    assert exact_figures.close(got.figures["kl_pq"], kl_pq)


def test_oracle_reads_entries_by_their_value_and_refuses_what_no_document_may_hold():
    read, mp = exact_figures.read_entry, exact_figures.mp
    with mp.workdps(exact_figures.DPS):
        assert read("1e-323") == ("value", mp.mpf("1e-323"))
        assert read("1e-349") == ("value", mp.mpf("1e-349"))
        assert read("25%")[1] == mp.mpf("0.25")
        assert read("٣") == ("value", 3)
    assert read("-0") == ("value", 0)
    for text in ("nan", "-1", "1/0", "inf"):
        assert read(text)[0] == "invalid", text
    assert read("1,5")[0] == "unknown"
    with pytest.raises(ValueError, match="invalid entry"):
        exact_figures.expected(["1", "nan"], ["1", "1"], "nats", True, None)
    # an infinite divergence where Q gives 0 to an outcome P allows, and nothing else
    got = exact_figures.expected(["1", "1"], ["1", "0"], "bits", True, None)
    assert math.isinf(got.figures["kl_pq"]) and got.figures["kl_qp"] == 1.0


def test_oracle_names_the_doubles_the_entries_round_to():
    exact = exact_figures.expected(["1", "1"], ["1", "1e-323"], "nats", True, None)
    doubles = exact_figures.expected(["1", "1"], ["1", "1e-323"], "nats", True, None,
                                     doubles=True)
    assert not exact_figures.close(exact.figures["kl_pq"], doubles.figures["kl_pq"])
    zero = exact_figures.expected(["1", "1"], ["1", "1e-349"], "nats", True, None, doubles=True)
    assert math.isinf(zero.figures["kl_pq"])


# -- the soak ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def soaked(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("soak")
    return soak.run_soak(SOAK_ACTIONS, SOAK_SEED, workdir, hang_timeout=60.0, prologue=True)


def _actions(summary: dict) -> list[str]:
    return [text for kind, _, text in soak.read_log(Path(summary["log"])) if kind == "ACTION"]


@pytest.mark.qt  # the soak drives the window in a child process
def test_soak_covers_the_actions_issue_19_names(soaked):
    """The 150 actions (12 scripted, each of a kind found wrong on 29 Nov 2026, then
    random ones of seed 19) include every kind the issue names."""
    actions = " ".join(_actions(soaked))
    for kind in ("type ", "paste ", "Delete ", "undo/redo burst", "Examples ▸", "Save",
                 "Open ", "Import ", "chart ", "unit → ", "digits → ", "smoothing method",
                 "1e-323", "label)"):
        assert kind in actions, kind
    assert soaked["totals"]["actions"] == SOAK_ACTIONS


@pytest.mark.qt  # the soak drives the window in a child process
def test_soak_no_child_dies_or_hangs(soaked):
    assert soaked["deaths"] == [], "\n".join(
        f"{d['what']} after {d['last']} at {d['where']}" for d in soaked["deaths"])


@pytest.mark.qt  # the soak drives the window in a child process
def test_soak_no_exception_reaches_the_crash_reporter(soaked):
    reported = soaked["totals"]["crashes"] - len(soaked["deaths"])
    assert reported == 0, "\n".join(soaked["examples"]["crashes"])


@pytest.mark.qt  # the soak drives the window in a child process
def test_soak_every_figure_matches_the_oracle(soaked):
    t = soaked["totals"]
    assert t["checked"] >= SOAK_ACTIONS * 0.8, soaked["unchecked_why"]
    assert t["not_shown"] == 0
    assert t["mismatches"] == 0, "\n".join(soaked["examples"]["mismatches"])


@pytest.mark.qt  # the soak drives the window in a child process
def test_soak_no_qt_warnings_and_no_driver_errors(soaked):
    """The suite fails on Qt warnings (qt_log_level_fail); the soak's child must too.
    A driver error means the soak could not do what it meant to: fix the soak."""
    t = soaked["totals"]
    assert t["driver_errors"] == 0, "\n".join(soaked["examples"]["driver_errors"])
    assert t["qt_warnings"] == 0, "\n".join(soaked["qt_warnings"])


# -- the hostile inputs through the command line ------------------------------------
# The wrong-type sessions come in six kinds per field; three of them keep the suite short.
def _kind(case) -> str:
    return case.name.rsplit("-", 1)[1].split(".")[0]


CHEAP = [c for c in hostile_corpus.corpus() if not c.big and not (
    c.name.startswith("type-") and _kind(c) in ("list", "number", "text"))]


@pytest.mark.parametrize("case", CHEAP, ids=[repr(c.name)[1:-1][:60] for c in CHEAP])
def test_hostile_input_through_the_command_line(case, tmp_path):
    inputs, work = tmp_path / "in", tmp_path / "work"
    inputs.mkdir()
    work.mkdir()
    path = inputs / case.name
    case.make(path)
    run = hostile_corpus.through_cli(path, work, timeout=20.0, memory=3 * hostile_corpus.GIB)
    assert run.status == "ok", run.detail
