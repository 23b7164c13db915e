"""A Bayes lab step keeps the likelihoods it was recorded by, as typed (a typed 1/3 the
rational 1/3), through a session file: the file writes them beside the step's numbers
(``"typed"``) and the reader reads them back, so the beliefs and gains are the same bits
after opening as before saving, whatever the column holds by then. A step by decimals
keeps its decimal reading even when the column is later typed as 1/3, and files saved
before ``"typed"`` existed open, each step read by its numbers' shortest decimals.
Oracle: Fraction arithmetic on the hand-written rationals, rounded once by float()."""

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from klgui.core.labs.bayes import Observation, update_steps
from klgui.io.session import SessionError, load_session, parse_session, save_session
from klgui.model.bayes_work import BayesWork
from klgui.model.document import Document
from klgui.model.edits import Edits

OLD = Path(__file__).parent / "data" / "sessions_labs"
PRIOR = np.array([0.2, 0.3, 0.5])
PRIOR_EXACT = (F(1, 5), F(3, 10), F(1, 2))
THIRDS = (F(1, 3), F(1, 7), F(1, 2))  # the column 1/3, 1/7, 0.5 as typed


def _document(column):
    """A document of three outcomes whose lab has ``column`` typed, observed, then not
    observed."""
    doc = Document(["a", "b", "c"], ["0.2", "0.3", "0.5"], ["1"] * 3)
    edits = Edits(doc, lambda step: None)
    edits.paste_likelihoods(BayesWork.default(doc.labels), 0, column, doc.labels)
    edits.observe(doc.bayes, PRIOR)
    edits.observe(doc.bayes, PRIOR, happened=False)
    return doc, edits


def _figures(work):
    return [(s.posterior.tolist(), s.update.gain, s.total_gain)
            for s in update_steps(PRIOR, work.observations)]


def _beliefs(factors):
    """The beliefs after observing then not observing ``factors``, exactly, rounded once."""
    after_yes = [p * f for p, f in zip(PRIOR_EXACT, factors)]
    after_no = [a * (1 - f) for a, f in zip(after_yes, factors)]
    return [[float(x / sum(joint)) for x in joint] for joint in (after_yes, after_no)]


def _reopened(doc, tmp_path):
    path = tmp_path / "lab.kld.json"
    save_session(path, doc.snapshot())
    again = Document()
    again.restore(load_session(path))
    return again, json.loads(path.read_text("utf-8"))


def test_the_reviewers_steps_read_as_typed_after_the_column_changed(tmp_path):
    doc, edits = _document(["1/3", "1/7", "0.5"])
    edits.set_likelihood(doc.bayes, 0, "0.9", doc.labels)  # the column moves on
    before = _figures(doc.bayes)
    assert [s[0] for s in before] == _beliefs(THIRDS)
    assert before[0][0][0] == 0.18543046357615894  # the reviewer's belief
    again, data = _reopened(doc, tmp_path)
    assert [o.exact for o in again.bayes.observations] == [THIRDS, THIRDS]
    assert _figures(again.bayes) == before  # beliefs and gains, bit for bit
    assert again.bayes == doc.bayes and again.bayes.texts == ("0.9", "1/7", "0.5")
    steps = data["labs"]["bayes"]["steps"]
    assert [s["typed"] for s in steps] == [["1/3", "1/7", None]] * 2  # 0.5 is its number
    assert steps[1]["complement_of"] == [1 / 3, 1 / 7, 0.5]


def test_a_step_by_typed_decimals_keeps_its_decimal_reading(tmp_path):
    doc, edits = _document(["0.3333333333333333", "1/10", "0.5"])  # 1/10 is its 0.1
    assert [o.exact for o in doc.bayes.observations] == [None, None]
    edits.set_likelihood(doc.bayes, 0, "1/3", doc.labels)  # the same double, typed as 1/3
    assert doc.bayes.likelihood.tolist() == doc.bayes.observations[0].likelihood.tolist()
    before = _figures(doc.bayes)
    decimals = (F(3333333333333333, 10 ** 16), F(1, 10), F(1, 2))
    assert [s[0] for s in before] == _beliefs(decimals)
    assert _beliefs(decimals) != _beliefs((F(1, 3), F(1, 10), F(1, 2)))  # 1/3 would differ
    again, data = _reopened(doc, tmp_path)
    assert [o.exact for o in again.bayes.observations] == [None, None]
    assert _figures(again.bayes) == before
    assert all("typed" not in s for s in data["labs"]["bayes"]["steps"])


@pytest.mark.parametrize("name", ["thirds-before-typed-steps", "thirds-column-unchanged"])
def test_a_file_saved_before_typed_steps_opens_by_the_steps_decimals(name, tmp_path):
    """Saved by the app before ``"typed"`` (the steps by 1/3, 1/7, 0.5 typed; in one the
    column was then edited to 0.9): each step reads as its numbers' shortest decimals,
    as before the lab read typed ratios exactly, and is written back as it was."""
    path = OLD / f"{name}.kld.json"
    doc = Document()
    doc.restore(load_session(path))
    steps = doc.bayes.observations
    assert [(o.name, o.complement, o.exact) for o in steps] == \
        [("the evidence", False, None), ("not the evidence", True, None)]
    decimals = (F(3333333333333333, 10 ** 16), F(14285714285714285, 10 ** 17), F(1, 2))
    assert [s[0] for s in _figures(doc.bayes)] == _beliefs(decimals)
    again, data = _reopened(doc, tmp_path)
    old = json.loads(path.read_text("utf-8"))
    assert data["labs"] == old["labs"]
    assert _figures(again.bayes) == _figures(doc.bayes)


def _with_typed(typed):
    text = (OLD / "thirds-column-unchanged.kld.json").read_text("utf-8")
    data = json.loads(text)
    data["labs"]["bayes"]["steps"][1]["typed"] = typed
    return json.dumps(data)


def test_typed_texts_read_exactly_the_not_step_by_its_column():
    lab = parse_session(_with_typed(["1/3", "1/7", None])).bayes
    assert lab.steps[0].exact is None and lab.steps[1] == \
        Observation("not the evidence", (1 / 3, 1 / 7, 0.5), True, THIRDS)
    assert parse_session(_with_typed([None, None, None])).bayes.steps[1].exact is None


@pytest.mark.parametrize("typed, says", [
    ("1/3", "should be a list"),
    (["1/3", "1/7"], "has 2 likelihoods for 3 outcomes"),
    (["1/3", 7, None], "item 2 should be text (a number as typed) or null, not 7"),
    (["1/3", "seven", None], "item 2:"),
    (["1/4", "1/7", None], "item 1 is '1/4', which is not the step's likelihood 0.333"),
    (["4/3", "1/7", None], "item 1 is '4/3'; a likelihood lies between 0 and 1"),
])
def test_typed_texts_that_cannot_be_used_refuse_the_file_naming_the_key(typed, says):
    with pytest.raises(SessionError) as e:
        parse_session(_with_typed(typed))
    assert "'labs.bayes.steps[2].typed'" in str(e.value) and says in str(e.value)
