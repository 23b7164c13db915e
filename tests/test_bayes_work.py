"""The Bayes lab's work as part of the document (model.bayes_work, model.bayes_edits):
its operations, undo steps, revision, snapshots and sessions. No Qt needed."""

import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest

from klgui.core.errors import DistributionError, WeightParseError
from klgui.core.labs.bayes import Observation, binary_gains, update_steps
from klgui.io.session import load_session, parse_session, session_text
from klgui.model.bayes_work import BayesWork, default_likelihood, hypothesis_name
from klgui.model.document import Document
from klgui.model.edits import Edits
from klgui.model.snapshot import BayesLab

DATA = Path(__file__).parent / "data"
THETA = [f"{t / 10:.1f}" for t in range(1, 10)]
PRIOR = np.full(9, 1 / 9)


def _coin_document():
    """Hypotheses θ = 0.1 … 0.9 with a uniform prior, and its Edits recording to a list."""
    doc = Document(THETA, ["1"] * 9, ["1"] * 9)
    steps = []
    return doc, Edits(doc, steps.append), steps


def _gain_bits(prior, posterior):
    """D(posterior‖prior) in bits, with mpmath at 50 digits (the oracle)."""
    with mp.workdps(50):
        return float(mp.fsum(mp.mpf(a) * mp.log(mp.mpf(a) / mp.mpf(b))
                             for a, b in zip(posterior, prior) if a) / mp.log(2))


def _exact_posterior(prior, likelihoods):
    """The posterior in fractions after each likelihood column in turn."""
    belief = [Fraction(p) for p in prior]
    for like in likelihoods:
        joint = [b * Fraction(x) for b, x in zip(belief, like)]
        belief = [j / sum(joint) for j in joint]
    return belief


# -- the work itself -------------------------------------------------------------------
def test_a_coin_starts_with_theta_and_heads_other_hypotheses_with_a_half():
    work = BayesWork.default(THETA)
    assert work.observation == "heads" and work.texts == tuple(THETA)
    assert work.likelihood.tolist() == [t / 10 for t in range(1, 10)]
    other = BayesWork.default(["rain", "sun", "snow"])
    assert other.observation == "the evidence" and other.texts == ("0.5",) * 3
    assert default_likelihood(["a", "b"], 2)[1] is False


def test_the_issues_checks_one_head_then_heads_heads_tails():
    work = BayesWork.default(THETA)
    once = work.observed(PRIOR)
    (name, like, complement, _), = once.observations
    assert (name, like.tolist(), complement) == ("heads", work.likelihood.tolist(), False)
    step = update_steps(PRIOR, once.observations)[-1]
    assert step.total_gain == pytest.approx(0.21262995952, rel=1e-10)
    exact = _exact_posterior([Fraction(1, 9)] * 9, [[Fraction(t, 10) for t in range(1, 10)]])
    assert step.total_gain == pytest.approx(_gain_bits([1 / 9] * 9, exact), rel=1e-13)
    three = once.observed(PRIOR).observed(PRIOR, happened=False)
    assert [o.name for o in three.observations] == ["heads", "heads", "not heads"]
    assert [o.complement for o in three.observations] == [False, False, True]
    steps = update_steps(PRIOR, three.observations)
    assert steps[-1].total_gain == pytest.approx(0.231161093494, rel=1e-10)
    heads = [Fraction(t, 10) for t in range(1, 10)]
    exact = _exact_posterior([Fraction(1, 9)] * 9, [heads, heads, [1 - h for h in heads]])
    assert steps[-1].total_gain == pytest.approx(_gain_bits([1 / 9] * 9, exact), rel=1e-13)
    assert work.observations == ()  # each operation gives a new work


def test_a_likelihood_from_text_and_its_messages():
    work = BayesWork.default(THETA)
    half = work.with_likelihood(0, " 1/2 ")
    assert half.texts[0] == "1/2" and half.likelihood[0] == 0.5 and work.likelihood[0] == 0.1
    assert work.with_likelihood(1, "0,25", decimal_comma=True).likelihood[1] == 0.25
    with pytest.raises(DistributionError, match=r"^Likelihood of '0\.1' is 150% \(1\.5\); a "
                                                r"likelihood lies between 0 and 1\.$"):
        work.with_likelihood(0, "150%", "0.1")
    with pytest.raises(DistributionError, match="^Likelihood of hypothesis 3 is 2; "):
        work.with_likelihood(2, "2")  # no label: its 1-based number, not quoted as one
    with pytest.raises(DistributionError, match="^Likelihood of '0' is 1e400; "):
        work.with_likelihood(0, " 1e400", "0")  # as typed, not inf
    with pytest.raises(DistributionError, match="^Likelihood of hypothesis 1 is 1e-400, below "
                                                "the smallest double.*rule the hypothesis out"):
        work.with_likelihood(0, "1e-400")  # not a silent 0
    assert work.with_likelihood(0, "0e-400").likelihood[0] == 0.0  # a zero typed is one
    assert work.with_likelihood(0, "5e-324").likelihood[0] == 5e-324
    with pytest.raises(WeightParseError):
        work.with_likelihood(0, "lots")
    with pytest.raises(IndexError):
        work.with_likelihood(9, "0.5")
    assert work.with_likelihood(0, "0.1") is work  # nothing changed: the same work
    with pytest.raises(DistributionError, match="one likelihood per hypothesis"):
        work.with_likelihoods([0.5, 0.5])
    assert work.with_likelihoods(np.zeros(9)).texts == ("0",) * 9


def test_an_observation_that_cannot_have_happened_is_refused_by_the_core():
    work = BayesWork("heads", ("1", "0"), [1.0, 0.0])
    prior = np.array([0.5, 0.5])
    after = work.observed(prior)  # the belief is now (1, 0): "not heads" is impossible
    with pytest.raises(DistributionError) as e:
        after.observed(prior, happened=False)
    assert str(e.value) == ("'not heads' cannot have been observed: every hypothesis the "
                            "belief after the 1 observation allows gives it likelihood 0 "
                            "(probability 0). Nothing was recorded.")
    assert after.observed(prior).observations[-1].name == "heads"  # heads is still possible
    zero = BayesWork("heads", ("0", "0"), [0.0, 0.0])
    with pytest.raises(DistributionError, match="'heads' cannot have been observed: every "
                                                "hypothesis the prior allows"):
        zero.observed(prior)
    # a hypothesis the prior rules out does not make it possible
    with pytest.raises(DistributionError):
        BayesWork("x", ("1", "0"), [1.0, 0.0]).observed(np.array([0.0, 1.0]))
    # the chance as the core's update has it: tiny but not 0 is possible
    tiny = BayesWork("x", ("1e-300", "0"), [1e-300, 0.0])
    assert len(tiny.observed(np.array([1e-20, 1 - 1e-20])).observations) == 1


def test_removing_and_clearing_observations():
    work = BayesWork.default(THETA).observed(PRIOR).observed(PRIOR, False)
    assert [o.name for o in work.without_last().observations] == ["heads"]
    assert work.cleared().observations == () and work.cleared().texts == work.texts
    empty = work.cleared()
    assert empty.without_last() is empty and empty.cleared() is empty


def test_the_work_follows_the_number_of_outcomes_keeping_its_name():
    work = BayesWork.default(THETA).with_likelihood(0, "0.3").observed(PRIOR)
    renamed = [f"h{i}" for i in range(9)]
    assert work.following(renamed) is work  # the same number: kept, values and steps
    fresh = work.following(["0.2", "0.8"])
    assert fresh.texts == ("0.2", "0.8") and fresh.observations == ()
    assert fresh.observation == "heads"
    assert work.following(["a", "b"]).observation == "the evidence"  # a default name follows
    custom = work.named("positive test").following(["a", "b", "c"])
    assert custom.observation == "positive test" and custom.texts == ("0.5",) * 3


def test_to_a_session_and_back():
    work = (BayesWork.default(THETA).named("positive test")
            .with_likelihood(0, "1,000", decimal_comma=True).with_likelihood(1, "1/5")
            .observed(PRIOR).observed(PRIOR, False))
    lab = work.to_lab()
    # "1,000" typed with a decimal comma is 1; a file reads it otherwise: written as 1.0
    assert lab.likelihoods[:2] == ("1.0", "1/5")
    assert lab.steps[1] == Observation("not positive test", tuple(work.likelihood.tolist()),
                                       True)
    back = BayesWork.from_lab(lab)
    assert back.observation == "positive test" and back.texts[0] == "1.0"
    assert back.same_figures(work.with_likelihood(0, "1.0"))


def test_hypotheses_are_named_for_the_undo_steps():
    assert hypothesis_name(2, THETA) == "θ=0.3"
    assert hypothesis_name(0, ["disease A"]) == "'disease A'"
    assert hypothesis_name(1, ["a", ""]) == "hypothesis 2"
    assert hypothesis_name(0, ["1", "2", "3"]) == "'1'"  # a die's faces are no θ
    assert hypothesis_name(1, ["0", "1/2", "1"]) == "θ=1/2"


# -- the document holds it ---------------------------------------------------------------
def test_each_action_is_one_undo_step_and_a_revision():
    doc, edits, steps = _coin_document()
    result = doc.result()
    changes = []
    doc.subscribe(lambda change: changes.append(change.kind))
    revision = doc.revision
    edits.set_likelihood(BayesWork.default(doc.labels), 2, "0.25", doc.labels)
    edits.observe(doc.bayes, PRIOR)
    edits.observe(doc.bayes, PRIOR, happened=False)
    edits.remove_last_observation(doc.bayes)
    edits.clear_observations(doc.bayes)
    assert [s.text for s in steps] == ["Set likelihood of θ=0.3 to 0.25", "Observe heads",
                                       "Observe not heads", "Take back not heads",
                                       "Clear the observations"]
    assert changes == ["lab"] * 5 and doc.revision == revision + 5
    assert doc.result() is result  # the comparison is not computed again
    for step in reversed(steps):
        step.undo()
    assert doc.bayes is None  # as before the lab was used
    for step in steps[:3]:
        step.redo()
    assert [o.name for o in doc.bayes.observations] == ["heads", "not heads"]
    assert doc.bayes.texts[2] == "0.25"


def test_a_likelihood_step_keeps_one_entry_not_two_copies_of_the_column():
    # Each step kept the work before and after it: two columns (16 MB at a million
    # hypotheses) for every typed likelihood, up to the stack's 200 steps.
    import inspect
    doc, edits, steps = _coin_document()
    edits.set_likelihood(BayesWork.default(doc.labels), 2, "0.25", doc.labels)  # (fresh)
    edits.observe(doc.bayes, PRIOR)
    edits.set_likelihood(doc.bayes, 4, "0.75", doc.labels)
    edits.set_likelihood(doc.bayes, 4, "3/4", doc.labels)  # same value, other text
    typed = steps[2:]
    for step in typed:
        for call in (step.undo, step.redo):
            kept = inspect.getclosurevars(call).nonlocals.values()
            assert not any(isinstance(v, (BayesWork, np.ndarray)) for v in kept)
    assert doc.bayes.texts[4] == "3/4" and doc.bayes.likelihood[4] == 0.75
    typed[1].undo()
    assert doc.bayes.texts[4] == "0.75"
    typed[0].undo()
    assert doc.bayes.texts[4] == "0.5" and doc.bayes.likelihood[4] == 0.5
    assert [o.name for o in doc.bayes.observations] == ["heads"]  # kept by both steps
    typed[0].redo()
    typed[1].redo()
    assert doc.bayes.texts[4] == "3/4" and doc.bayes.likelihood[4] == 0.75


def test_refused_and_empty_actions_record_nothing():
    doc, edits, steps = _coin_document()
    work = BayesWork.default(doc.labels)
    with pytest.raises(DistributionError):
        edits.set_likelihood(work, 0, "150%", doc.labels)
    with pytest.raises(DistributionError):
        edits.observe(work.with_likelihoods(np.zeros(9)), PRIOR)
    edits.set_likelihood(work, 0, "0.1", doc.labels)  # as it was
    edits.clear_observations(work)
    edits.remove_last_observation(work)
    assert steps == [] and doc.bayes is None and doc.revision == 0


def test_typing_the_name_is_one_step_per_editing():
    doc, edits, steps = _coin_document()
    records = []

    def record(step):  # as the window's stack does: a step continuing the last merges
        if records and records[-1].merges(step):
            records[-1].absorb(step)
        else:
            records.append(step)
    edits = Edits(doc, record)
    for typed in ("c", "co", "coin"):
        edits.name_observation(doc.bayes or BayesWork.default(doc.labels), typed, session=1)
    edits.name_observation(doc.bayes, "coin toss", session=2)
    assert [s.text for s in records] == ["Call the observation 'coin'",
                                         "Call the observation 'coin toss'"]
    records[1].undo()
    records[0].undo()
    assert doc.bayes is None


def test_snapshots_states_and_restore_carry_the_work():
    doc, edits, _ = _coin_document()
    edits.observe(BayesWork.default(doc.labels), PRIOR)
    snap = doc.snapshot()
    assert snap.bayes == BayesLab("heads", tuple(THETA),
                                  (Observation("heads", tuple(float(t) for t in THETA)),))
    state = doc.state()
    edits.clear_observations(doc.bayes)
    doc.put_back(state)
    assert len(doc.bayes.observations) == 1
    other = Document()
    other.restore(snap)
    assert other.bayes == doc.bayes
    other.restore(Document().snapshot())  # a file without the lab: the lab starts afresh
    assert other.bayes is None
    # outcomes added: the work is kept for undo, a snapshot holds the fresh column
    doc.insert_outcomes(9)
    assert doc.bayes.size == 9 and doc.snapshot().bayes.steps == ()
    assert len(doc.snapshot().bayes.likelihoods) == 10
    before = other.snapshot()
    with pytest.raises(ValueError, match="3 likelihoods for 2 outcomes"):
        other.restore(replace(Document().snapshot(), bayes=BayesLab("x", ("1", "0", "0"))))
    assert other.snapshot() == before and other.bayes is None


def test_a_session_with_the_work_round_trips_through_the_document(tmp_path):
    doc, edits, _ = _coin_document()
    edits.set_likelihood(BayesWork.default(doc.labels), 0, "1/3", doc.labels)
    edits.observe(doc.bayes, PRIOR)
    edits.observe(doc.bayes, PRIOR, happened=False)
    text = session_text(doc.snapshot())
    again = Document()
    again.restore(parse_session(text))
    assert again.bayes == doc.bayes
    # the saved step, bit for bit, with its 1/3 read as typed as the lab reads it
    gains = binary_gains(PRIOR, doc.bayes.likelihood, exact=doc.bayes.typed_likelihood)
    assert doc.bayes.typed_likelihood[0] == Fraction(1, 3)
    steps = update_steps(PRIOR, again.bayes.observations)
    assert steps[0].update.gain == gains.happened.gain
    data = json.loads(text)
    assert data["labs"]["bayes"]["likelihoods"][0] == "1/3"


@pytest.mark.parametrize("path", sorted((DATA / "sessions_v1").glob("*.kld.json"))
                         + sorted((DATA / "sessions_v2").glob("*.kld.json")),
                         ids=lambda p: p.name)
def test_older_files_open_as_before_without_a_lab(path):
    doc = Document()
    doc.restore(load_session(path))
    assert doc.bayes is None and "labs" not in json.loads(session_text(doc.snapshot()))


def test_a_file_with_the_lab_opens_with_it(tmp_path):
    data = json.loads((DATA / "sessions_v2" / "three-models.kld.json").read_text("utf-8"))
    n = len(data["outcomes"]["labels"])
    data["labs"] = {"bayes": {"observation": "x", "likelihoods": ["0.5"] * n,
                              "steps": [{"name": "not x", "likelihoods": [0.5] * n,
                                         "complement_of": [0.5] * n}]}}
    doc = Document()
    doc.restore(parse_session(json.dumps(data)))
    assert doc.bayes.observation == "x" and doc.bayes.observations[0].complement
    assert json.loads(session_text(doc.snapshot()))["labs"] == data["labs"]
