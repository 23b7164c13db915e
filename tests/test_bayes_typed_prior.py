"""The Bayes lab's exact posterior starts from the prior as typed: a reference typed as
the weights 1, 2, 3 is the prior 1/6, 1/3, 1/2, not the shortest decimals of its
doubles (0.16666666666666666, 0.3333333333333333, 0.5), as the figures read the typed
entries exactly (core.numerics.entries). Oracle: mpmath at 60 digits on the
hand-written rationals, each figure rounded once to the nearest double."""

from fractions import Fraction as F

import mpmath
import numpy as np
import pytest

from klgui.core.errors import DistributionError
from klgui.core.labs.bayes import Observation, binary_gains, update_steps
from klgui.core.labs.posterior import typed_prior
from klgui.core.smoothing import Smoothing
from klgui.io.session import parse_session, session_text
from klgui.model.bayes_work import BayesWork
from klgui.model.document import Document
from klgui.model.edits import Edits
from klgui.ui.pages.labs.lab_jobs import BayesJob

LABELS = ["h1", "h2", "h3"]
WEIGHTS = ["1", "2", "3"]
TYPED = (F(1, 6), F(1, 3), F(1, 2))
LIKE = np.array([0.5, 0.25, 0.125])
FACTORS = [F(1, 2), F(1, 4), F(1, 8)]
OBSERVED = [Observation("heads", LIKE), Observation("not heads", LIKE, True)]


def _mp(x: F) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator


def _oracle(prior=TYPED, steps=((FACTORS, False), (FACTORS, True))):
    """After each step ((factors, complement)): the belief, the evidence, the step's
    gain D(after‖before) and the gain so far D(after‖prior) in bits, each the double
    nearest the 60-digit value."""
    def kl(a, b):
        return mpmath.fsum(x * mpmath.log(x / y, 2) for x, y in zip(a, b) if x)

    with mpmath.workdps(60):
        origin = [_mp(f) for f in prior]
        before, out = list(origin), []
        for factors, comp in steps:
            joint = [b * _mp(1 - f if comp else f) for b, f in zip(before, factors)]
            evidence = mpmath.fsum(joint)
            after = [j / evidence for j in joint]
            out.append(([float(a) for a in after], float(evidence), float(kl(after, before)),
                        float(kl(after, origin))))
            before = after
        return out


def _figures(steps):
    return [(s.posterior.tolist(), s.update.evidence, s.update.gain, s.total_gain)
            for s in steps]


PRIOR = np.array([float(f) for f in TYPED])  # the figures' doubles of the prior


def test_the_core_updates_the_prior_as_typed():
    want = _oracle()
    assert _figures(update_steps(PRIOR, OBSERVED, "bits", prior_exact=TYPED)) == want
    # the doubles' shortest decimals give other last digits (the lab before)
    assert _figures(update_steps(PRIOR, OBSERVED, "bits")) != want
    gains = binary_gains(PRIOR, LIKE, "bits", prior_exact=TYPED)
    yes, = _oracle(steps=[(FACTORS, False)])
    no, = _oracle(steps=[(FACTORS, True)])
    assert (gains.happened.posterior.tolist(), gains.happened.evidence,
            gains.happened.gain) == yes[:3]
    assert (gains.did_not.posterior.tolist(), gains.did_not.evidence,
            gains.did_not.gain) == no[:3]


def test_the_prior_as_typed_is_checked_and_a_decimal_prior_keeps_its_path():
    assert typed_prior(TYPED, PRIOR) == list(TYPED)
    assert typed_prior((F(1, 5), F(1, 2), F(3, 10)), np.array([0.2, 0.5, 0.3])) is None
    assert typed_prior(None, PRIOR) is None
    for bad in [TYPED[:2], (F(1, 6), F(1, 3), F(1, 3)), (F(1, 3), F(1, 6), F(1, 2)),
                (F(-1, 6), F(2, 3), F(1, 2))]:
        with pytest.raises(DistributionError, match="prior as typed"):
            typed_prior(bad, PRIOR)


def _document(*, smoothing=None) -> Document:
    doc = Document(LABELS, WEIGHTS, ["1", "1", "1"])
    doc.smoothing = smoothing
    return doc


def test_the_document_offers_the_reference_as_typed_with_its_doubles():
    doc = _document()
    result = doc.result()
    assert doc.typed_prior().fractions == result.prior.fractions == TYPED
    assert result.comparison.p.tolist() == PRIOR.tolist()
    # a reference of plain decimals summing to 1 keeps the decimals' path
    decimals = Document(LABELS, ["0.2", "0.5", "0.3"], ["1", "1", "1"]).result()
    assert typed_prior(decimals.prior.fractions, decimals.comparison.p) is None


@pytest.mark.parametrize("smoothing, want", [
    (Smoothing("additive", 1.0), (F(2, 9), F(3, 9), F(4, 9))),
    (Smoothing("additive", 1.0, "q"), TYPED),
    (Smoothing("floor", 0.25), (F(1, 4) / F(13, 12), F(1, 3) / F(13, 12),
                                F(1, 2) / F(13, 12))),
])
def test_with_smoothing_the_prior_is_p_as_the_figures_smooth_it(smoothing, want):
    doc = _document(smoothing=smoothing)
    result = doc.result()
    assert result.prior.fractions == want
    assert result.comparison.p.tolist() == [float(f) for f in want]  # what the lab shows


def _job(doc: Document, observations=tuple(OBSERVED), like=LIKE) -> BayesJob:
    result = doc.result()
    return BayesJob(1, result.comparison.p, doc.labels, "bits", like, observations,
                    None, result.prior)


def test_the_labs_job_reads_the_prior_as_typed_and_a_session_keeps_it():
    doc = _document()
    want = _oracle()
    done = _job(doc).run()
    assert _figures(done.steps) == want
    yes, = _oracle(steps=[(FACTORS, False)])
    assert done.gains.happened.posterior.tolist() == yes[0]
    # the lab's work recorded in the document, saved and opened again: the same typed
    # prior, the same figures
    edits = Edits(doc, lambda step: None)
    edits.paste_likelihoods(BayesWork.default(doc.labels), 0, ["0.5", "0.25", "0.125"],
                            doc.labels)
    prior = doc.result().comparison.p
    edits.observe(doc.bayes, prior, True)
    edits.observe(doc.bayes, prior, False)
    again = Document()
    again.restore(parse_session(session_text(doc.snapshot())))
    assert again.typed_prior().fractions == TYPED
    work = again.bayes
    assert _figures(_job(again, work.observations, work.likelihood).run().steps) == want


def test_the_window_updates_the_prior_typed_in_its_table(window, qtbot):
    from conftest import type_into

    from klgui.ui.table.outcome_model import P_ENTRY

    window.edits.load(LABELS, ["1", "1", "1"], ["1", "1", "1"])
    for row, typed in enumerate(WEIGHTS):
        type_into(window, qtbot, row, P_ENTRY, typed)
        if window.busy or window.results._timer.isActive():  # the figures follow
            with qtbot.waitSignal(window.sigRefreshed, timeout=5000):
                pass
    qtbot.waitUntil(lambda: not window.results.busy
                    and list(window.document.texts("P")) == WEIGHTS)
    page = window.bayes
    window.show_page(page)
    qtbot.waitUntil(lambda: page.likelihood.size == 3 and not page.busy)
    for row, typed in enumerate(["0.5", "0.25", "0.125"]):
        assert page.set_likelihood(row, typed)
    qtbot.waitUntil(lambda: page.likelihood.tolist() == LIKE.tolist() and not page.busy)
    assert page.p.tolist() == PRIOR.tolist()
    yes, no = _oracle(steps=[(FACTORS, False)])[0], _oracle(steps=[(FACTORS, True)])[0]
    assert (page.result.posterior.tolist(), page.result.evidence, page.result.gain) == yes[:3]
    assert page.gains.did_not.posterior.tolist() == no[0]
    page.add_button.click()
    qtbot.waitUntil(lambda: len(page.steps) == 1 and not page.busy)
    page.opposite_button.click()
    qtbot.waitUntil(lambda: len(page.steps) == 2 and not page.busy)
    assert _figures(page.steps) == _oracle()


def test_many_steps_from_a_typed_prior_are_each_rounded_once_from_the_exact_ratios():
    """Weights with a zero, likelihoods typed as ratios and decimals, a zero and a one,
    six steps: each belief and evidence is the double nearest the exact ratio
    (Fractions, written out plainly here)."""
    from klgui.core.labs.posterior import posteriors_in_turn

    weights = [F(0), F(7), F(1, 3), F(5, 2), F(11)]
    prior_exact = [w / sum(weights) for w in weights]
    prior = np.array([float(f) for f in prior_exact])
    typed = (F(1, 3), F(0), F(1), F(2, 7), F(9, 10))
    decimals = np.array([0.3, 0.125, 0.0, 1.0, 0.7])
    steps = [(np.array([float(f) for f in typed]), False, typed), (decimals, False, None),
             (np.array([float(f) for f in typed]), True, typed), (decimals, True, None),
             (decimals, False, None), (np.array([float(f) for f in typed]), False, typed)]
    joint, want = list(prior_exact), []
    for like, comp, ex in steps:
        factors = ex if ex is not None else [F(repr(x)) for x in like.tolist()]
        factors = [1 - f if comp else f for f in factors]
        before = sum(joint)
        joint = [j * f for j, f in zip(joint, factors)]
        total = sum(joint)
        want.append(([float(j / total) for j in joint], float(total / before)))
    got = posteriors_in_turn(prior, steps, typed_prior(prior_exact, prior))
    assert [(p.tolist(), e) for p, e in got] == want
