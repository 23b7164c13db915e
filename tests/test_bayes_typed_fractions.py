"""A likelihood typed as a ratio (1/3) is read by the Bayes lab's exact posterior as
the rational it is, not as the shortest decimal of its double (0.3333333333333333),
the "not" step's 1 − ℓ included (2/3), as the main table's exact weights keep a typed
1/3. Oracle: mpmath at 60 digits on the hand-written rationals, rounded once."""

from fractions import Fraction as F

import mpmath
import numpy as np

from klgui.core.labs.bayes import Observation, binary_gains, update, update_steps
from klgui.io.session import parse_session, session_text
from klgui.model.bayes_column import typed_likelihoods
from klgui.model.bayes_work import BayesWork
from klgui.model.document import Document
from klgui.model.edits import Edits

PRIOR = np.array([0.1, 0.6, 0.3])  # 1/10, 6/10, 3/10 as typed
TYPED = ["1/3", "1/2", "2/3"]
EXACT = (F(1, 3), F(1, 2), F(2, 3))
LIKE = np.array([1 / 3, 0.5, 2 / 3])
PRIOR_EXACT = [F(1, 10), F(6, 10), F(3, 10)]


def _mp(x: F) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator


def _oracle(steps):
    """The beliefs after each of ``steps`` ((factors, complement) pairs) and each step's
    gain D(after‖before) and the gain so far D(after‖prior) in bits, as doubles rounded
    once from 60 digits."""
    with mpmath.workdps(60):
        joint, before, out = list(PRIOR_EXACT), list(PRIOR_EXACT), []
        for factors, comp in steps:
            joint = [j * ((1 - f) if comp else f) for j, f in zip(joint, factors)]
            total = sum(joint)
            after = [j / total for j in joint]
            norm = sum(before)
            before_n = [b / norm for b in before]

            def kl(q, p):
                return mpmath.fsum(_mp(a) * mpmath.log(_mp(a) / _mp(b), 2)
                                   for a, b in zip(q, p) if a)
            out.append(([float(_mp(a)) for a in after], float(kl(after, before_n)),
                        float(kl(after, PRIOR_EXACT))))
            before = joint
        return out


def test_the_posterior_and_the_gain_of_a_typed_third_are_correctly_rounded():
    (posterior, gain, _), = _oracle([(EXACT, False)])
    u = update(PRIOR, LIKE, "bits", exact=EXACT)
    assert u.posterior.tolist() == posterior
    assert u.gain == gain
    old = update(PRIOR, LIKE, "bits")  # 0.3333333333333333 read as a decimal
    assert (old.posterior.tolist(), old.gain) != (posterior, gain)


def test_the_not_step_uses_one_minus_the_typed_value():
    (posterior, gain, _), = _oracle([(EXACT, True)])
    u = update(PRIOR, LIKE, "bits", complement=True, exact=EXACT)
    assert u.posterior.tolist() == posterior and u.gain == gain
    assert u.likelihood.tolist() == [2 / 3, 0.5, 1 / 3]
    old = update(PRIOR, LIKE, "bits", complement=True)
    assert (old.posterior.tolist(), old.gain) != (posterior, gain)
    both = binary_gains(PRIOR, LIKE, "bits", exact=EXACT)
    assert both.did_not.gain == gain and both.did_not.posterior.tolist() == posterior


def test_the_lab_reads_what_was_typed_and_its_steps_follow_it():
    doc = Document(["0.2", "0.5", "0.8"], ["0.1", "0.6", "0.3"], ["1"] * 3)
    edits = Edits(doc, lambda step: None)
    edits.paste_likelihoods(BayesWork.default(doc.labels), 0, TYPED, doc.labels)
    work = doc.bayes
    assert work.typed_likelihood == EXACT
    prior = PRIOR
    edits.observe(work, prior, True)
    edits.observe(doc.bayes, prior, False)
    steps = update_steps(prior, doc.bayes.observations, "bits")
    want = _oracle([(EXACT, False), (EXACT, True)])
    assert [(s.posterior.tolist(), s.update.gain, s.total_gain) for s in steps] == want
    # saved and opened again, the steps are read as typed still
    again = Document()
    again.restore(parse_session(session_text(doc.snapshot())))
    assert again.bayes == doc.bayes
    steps = update_steps(prior, again.bayes.observations, "bits")
    assert [(s.posterior.tolist(), s.update.gain, s.total_gain) for s in steps] == want
    # a column typed as decimals keeps the core's own reading
    edits.paste_likelihoods(doc.bayes, 0, ["0.2", "0,5", "80%"], doc.labels)
    assert doc.bayes.typed_likelihood is None


def test_typed_texts_are_read_exactly_only_when_they_are_the_double():
    values = [1 / 3, 0.25, 0.3]
    assert typed_likelihoods(["1/3", "1/4", "0,3"], values) == (F(1, 3), F(1, 4), F(3, 10))
    assert typed_likelihoods(["1/4", "1/4", "0.3"], values) is None  # 1/4 is not 1/3
    assert typed_likelihoods(["0.25", "0.25", "0.3"], [0.25, 0.25, 0.3]) is None
    old_steps = [Observation("heads", LIKE)]
    assert update_steps(PRIOR, old_steps)[0].update.gain != _oracle([(EXACT, False)])[0][1]


def test_the_labs_page_updates_by_the_typed_thirds(window, qtbot):
    from test_bayes_paste import _ctrl_v
    window.edits.load(["0.2", "0.5", "0.8"], ["0.1", "0.6", "0.3"], ["1"] * 3)
    page = window.bayes
    window.show_page(page)
    qtbot.waitUntil(lambda: page.likelihood.size == 3 and not page.busy)
    _ctrl_v(page, qtbot, "1/3\n1/2\n2/3")
    qtbot.waitUntil(lambda: page.likelihood_texts == TYPED and not page.busy)
    (posterior, gain, _), = _oracle([(EXACT, False)])
    assert page.result.posterior.tolist() == posterior and page.result.gain == gain
    (posterior, gain, _), = _oracle([(EXACT, True)])
    assert page.gains.did_not.posterior.tolist() == posterior
    assert page.gains.did_not.gain == gain
