"""The Bayes lab's work in a session file (``"labs": {"bayes": ...}``), read and written
without Qt: an optional key, so every older file opens as before, and a value that
cannot be used refuses the file with one line naming the key."""

import json
from pathlib import Path

import numpy as np
import pytest

from klgui.core.labs.bayes import Observation, binary_gains, update_steps
from klgui.io.session import SessionError, load_session, parse_session, session_text
from klgui.model.snapshot import BayesLab, Snapshot

DATA = Path(__file__).parent / "data"
THREE = Snapshot.of_pair(["A", "B", "healthy"], ["0.1", "0.2", "0.7"], ["1/3"] * 3)
LAB = BayesLab("positive test", ("0.9", "1/5", "5%"),
               (("positive test", (0.9, 0.2, 0.05)), ("not positive test", (0.1, 0.8, 0.95))))


def _with(labs) -> str:
    data = json.loads(session_text(THREE))
    data["labs"] = labs
    return json.dumps(data)


def test_the_lab_round_trips_as_typed():
    from dataclasses import replace
    text = session_text(replace(THREE, bayes=LAB))
    data = json.loads(text)
    assert data["version"] == 2
    assert data["labs"]["bayes"]["likelihoods"] == ["0.9", "1/5", "5%"]  # as typed
    assert data["labs"]["bayes"]["steps"][1] == {"name": "not positive test",
                                                 "likelihoods": [0.1, 0.8, 0.95]}
    back = parse_session(text)
    assert back.bayes == LAB and back == THREE


def test_a_step_that_did_not_happen_keeps_its_column_and_reads_back_identical():
    """A "not" step is the complement 1 − ℓ of its column, formed exactly: the file keeps
    that column (1.0 − 0.7 in doubles is 0.30000000000000004, which is not the
    complement of 0.7 the lab uses), and 1 − ℓ rounded once as its likelihoods (what
    earlier versions of the app read)."""
    from dataclasses import replace
    lab = BayesLab("heads", ("0.1", "0.7", "0.9"),
                   (Observation("not heads", (0.1, 0.7, 0.9), True),
                    Observation("heads", (0.1, 0.7, 0.9))))
    text = session_text(replace(THREE, bayes=lab))
    steps = json.loads(text)["labs"]["bayes"]["steps"]
    assert steps == [{"name": "not heads", "likelihoods": [0.9, 0.3,
                                                           0.1],
                      "complement_of": [0.1, 0.7, 0.9]},
                     {"name": "heads", "likelihoods": [0.1, 0.7, 0.9]}]
    back = parse_session(text).bayes
    assert back == lab and back.steps[0].complement and not back.steps[1].complement
    prior = np.full(3, 1 / 3)
    assert [s.posterior.tolist() for s in update_steps(prior, back.steps)] == \
        [s.posterior.tolist() for s in update_steps(prior, lab.steps)]
    assert update_steps(prior, back.steps)[0].posterior.tolist() == \
        binary_gains(prior, [0.1, 0.7, 0.9]).did_not.posterior.tolist()


def test_a_not_step_written_before_complement_of_opens_as_it_was():
    """Files written earlier hold a "not" step as 1 − ℓ in doubles only: it opens, those
    numbers its likelihoods, as that app used them."""
    old = {"bayes": {"observation": "heads", "likelihoods": ["0.1", "0.7", "0.9"],
                     "steps": [{"name": "not heads",
                                "likelihoods": [0.9, 0.30000000000000004,
                                                0.09999999999999998]}]}}
    lab = parse_session(_with(old)).bayes
    assert lab.steps == (Observation("not heads", (0.9, 0.30000000000000004,
                                                   0.09999999999999998), False),)


def test_a_session_without_the_lab_has_no_key_and_opens_without_one():
    text = session_text(THREE)
    assert "labs" not in json.loads(text)
    assert parse_session(text).bayes is None


@pytest.mark.parametrize("path", sorted((DATA / "sessions_v1").glob("*.json"))
                         + sorted((DATA / "sessions_v2").glob("*.json")), ids=lambda p: p.name)
def test_every_stored_file_opens_as_before(path):
    try:
        snapshot = load_session(path)
    except SessionError:
        return  # a file kept to be refused: refused as before (its own tests say how)
    assert snapshot.bayes is None


def test_labs_it_does_not_know_are_left_out():
    assert parse_session(_with({"sampling": {"seed": 3}})).bayes is None
    lab = parse_session(_with({"bayes": {"observation": "x", "likelihoods": ["1", "0", "0"]},
                               "later": []})).bayes
    assert lab == BayesLab("x", ("1", "0", "0"), ())


@pytest.mark.parametrize("labs, message", [
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2"]}},
     "'labs.bayes.likelihoods' has 2 likelihoods for 3 outcomes; give one per outcome."),
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2", "0.05"],
                "steps": [{"name": "x", "likelihoods": [0.9, 0.2, 0.05, 1]}]}},
     "'labs.bayes.steps[1].likelihoods' has 4 likelihoods for 3 outcomes; give one per "
     "outcome."),
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "1.5", "0.05"]}},
     "'labs.bayes.likelihoods' item 2 is 1.5; a likelihood lies between 0 and 1."),
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2", 0.05]}},
     "'labs.bayes.likelihoods' item 3 should be text (a number as typed), not 0.05."),
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2", "0.05"],
                "steps": [{"name": "x", "likelihoods": [0.9, True, 0.05]}]}},
     "'labs.bayes.steps[1].likelihoods' item 2 should be a number, not true."),
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2", "0.05"],
                "steps": [{"name": "x", "likelihoods": [0.9, 10 ** 400, 0.05]}]}},
     "'labs.bayes.steps[1].likelihoods' item 2 is a whole number of about 401 digits; a "
     "likelihood lies between 0 and 1."),
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2", "0.05"],
                "steps": [{"name": "not x", "likelihoods": [0.1, 0.8, 0.95],
                           "complement_of": [0.9, 0.2]}]}},
     "'labs.bayes.steps[1].complement_of' has 2 likelihoods for 3 outcomes; give one per "
     "outcome."),
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2", "0.05"],
                "steps": [{"name": "not x", "likelihoods": [0.1, 0.8, 0.95],
                           "complement_of": [0.9, -0.2, 0.05]}]}},
     "'labs.bayes.steps[1].complement_of' item 2 is -0.2; a likelihood lies between 0 and "
     "1."),
    ({"bayes": {"observation": "x", "likelihoods": ["0.9", "0.2", "0.05"],
                "steps": [{"name": "not x", "likelihoods": [0.1, 0.8, 0.95],
                           "complement_of": "0.9"}]}},
     "'labs.bayes.steps[1].complement_of' should be a list, not '0.9'."),
    ({"bayes": {"likelihoods": ["0.9", "0.2", "0.05"]}},
     "'labs.bayes.observation' should be text, not null."),
    ({"bayes": {"observation": "x"}},
     "'labs.bayes.likelihoods' should be a list of texts, not null."),
    ({"bayes": []}, "'labs.bayes' should be an object, not a list of 0 items."),
    ([], "'labs' should be an object, not a list of 0 items."),
])
def test_a_lab_that_cannot_be_used_refuses_the_file_naming_the_key(labs, message):
    with pytest.raises(SessionError) as e:
        parse_session(_with(labs), "lesson.kld.json")
    assert str(e.value) == f"lesson.kld.json: {message}"
