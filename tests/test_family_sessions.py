"""Family and logits columns in session files and the headless export (no Qt): saved as
the family, read back the same, bad objects refused naming the distribution and key, old
files opening unchanged, and the export's filled probabilities and closed-form rows."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import klgui
from klgui.core.families import Binomial, Poisson, Softmax
from klgui.io.session import SessionError, load_session, parse_session, save_session
from klgui.model.document import Document

DATA = Path(__file__).parent / "data"
LN2 = math.log(2)
#: The command runs the klgui under test, wherever the working folder is.
ENV = {**os.environ, "PYTHONPATH": str(Path(klgui.__file__).parents[1])}


def family_document() -> Document:
    """P = Binomial(10, 0.5), Q = Binomial(10, 0.3), and a logits model on 0…10."""
    doc = Document(name="families")
    doc.fill_from_family("Q", Binomial(10, 0.3), create_outcomes=True)
    doc.set_family("P", Binomial(10, 0.5))
    doc.add_model("Logits")
    doc.set_family("Logits", Softmax(tuple(str(k - 5) for k in range(11)), 2))
    return doc


def test_family_columns_are_saved_as_their_family_and_read_back(tmp_path):
    doc = family_document()
    path = tmp_path / "f.kld.json"
    save_session(path, doc.snapshot())
    data = json.loads(path.read_text(encoding="utf-8"))
    p, q, z = data["distributions"]
    assert p == {"name": "P", "role": "reference",
                 "family": {"name": "binomial", "n": 10, "p": 0.5}}
    assert q["family"] == {"name": "binomial", "n": 10, "p": 0.3} and "entries" not in q
    assert z["logits"] == [str(k - 5) for k in range(11)] and z["temperature"] == 2
    assert "entries" not in z and "family" not in z
    snap = load_session(path)
    assert snap == doc.snapshot()
    other = Document()
    other.restore(snap)
    assert other.family_of("Logits") == Softmax(tuple(str(k - 5) for k in range(11)), 2.0)
    assert other.result().comparison.kl_pq == doc.result().comparison.kl_pq


def test_a_poisson_keeps_its_tail():
    doc = Document()
    doc.fill_from_family("Q", Poisson(2, tail=7), create_outcomes=True)
    doc.set_family("P", Poisson(3, tail=7))
    from klgui.io.session import session_text
    data = json.loads(session_text(doc.snapshot()))
    assert data["distributions"][1]["family"] == {"name": "poisson", "lam": 2.0, "tail": 7}
    assert data["outcomes"]["labels"][-1] == "≥ 7"
    assert parse_session(session_text(doc.snapshot())) == doc.snapshot()


def session_with(item: dict, labels=("0", "1", "2")) -> str:
    return json.dumps({
        "format": "klgui-session", "version": 2, "name": "x",
        "settings": {"unit": "nats", "auto_normalize": True, "digits": 6, "smoothing": None},
        "outcomes": {"labels": list(labels)},
        "distributions": [{"name": "P", "role": "reference", "entries": ["1", "1", "1"]},
                          {"name": "Fam", "role": "model", **item}],
        "focus": "Fam"})


@pytest.mark.parametrize("item, words", [
    ({"family": {"name": "binomal", "n": 2, "p": 0.5}}, "'name' of a family"),
    ({"family": {"name": "binomial", "n": 2}}, "needs 'p'"),
    ({"family": {"name": "binomial", "n": 2, "p": "half"}}, "'p' of the binomial"),
    ({"family": {"name": "binomial", "n": 2, "p": 0.5, "q": 1}}, "no parameter 'q'"),
    ({"family": {"name": "binomial", "n": 5, "p": 0.5}}, "lacks"),
    ({"family": {"name": "poisson", "lam": 2, "tail": 2}}, "'≥ 2'"),
    ({"family": [1, 2]}, "'family' must be an object"),
    ({"logits": "1 2 3"}, "'logits' must be a list"),
    ({"logits": ["1", "x", "3"]}, "'logits' entry 2"),
    ({"logits": ["1", "2"]}, "2 logits were given for 3 outcomes"),
    ({"logits": ["1", "2", "3"], "temperature": -1}, "'temperature'"),
    ({"logits": ["1", "2", "3"], "entries": ["1", "1", "1"]}, "both 'entries' and 'logits'"),
    ({}, "no 'entries' (nor 'family' or 'logits')"),
])
def test_bad_family_objects_name_the_distribution_and_key(item, words):
    with pytest.raises(SessionError) as e:
        parse_session(session_with(item), "bad.kld.json")
    message = str(e.value)
    assert message.startswith("bad.kld.json: distribution 2 ('Fam')") and words in message


def test_good_family_objects_in_a_hand_written_file():
    snap = parse_session(session_with({"family": {"name": "binomial", "n": 2, "p": 0.5}}))
    assert snap.focus_model.source == Binomial(2, 0.5)
    assert [float(t) for t in snap.focus_model.entries] == pytest.approx([.25, .5, .25])
    snap = parse_session(session_with({"logits": [0, 0, "0"]}))  # numbers or texts; T = 1
    assert snap.focus_model.source == Softmax(("0", "0", "0"), 1.0)


@pytest.mark.parametrize("path", sorted((DATA / "sessions_v1").glob("*.kld.json"))
                         + sorted((DATA / "sessions_v2").glob("*.kld.json")),
                         ids=lambda p: p.name)
def test_older_files_still_open_with_typed_entries(path):
    snap = load_session(path)
    assert all(d.source is None for d in snap.distributions)
    doc = Document()
    doc.restore(snap)
    assert doc.snapshot() == snap


def test_the_version_2_file_without_families_reads_as_written():
    snap = load_session(DATA / "sessions_v2" / "three-models.kld.json")
    assert [d.name for d in snap.distributions] == ["Data", "Model A", "Model B"]
    assert snap.focus == "Model B" and snap.unit == "bits" and snap.digits == 5
    assert snap.models[0].entries == ("1/3", "1/3", "1/3")


# -- the headless export ----------------------------------------------------------------
def export(tmp_path, doc: Document, *args) -> tuple[list[list[str]], dict[str, list[str]]]:
    save_session(tmp_path / "s.kld.json", doc.snapshot())
    done = subprocess.run([sys.executable, "-m", "klgui", "export", "s.kld.json", "--table",
                           "t.csv", "--summary", "m.csv", *args], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, env=ENV)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    with open(tmp_path / "m.csv", newline="", encoding="utf-8") as f:
        summary = {row[0]: row[1:] for row in csv.reader(f)}
    return table, summary


def test_export_writes_the_filled_probabilities_and_the_closed_forms(tmp_path):
    doc = family_document()
    table, summary = export(tmp_path, doc)
    assert [row[0] for row in table[1:]] == [str(k) for k in range(11)]
    assert [float(row[1]) for row in table[1:]] == doc.values("P").tolist()
    assert [float(row[2]) for row in table[1:]] == doc.values("Q").tolist()
    z = table[0].index("Logits weight")
    assert [float(row[z]) for row in table[1:]] == doc.values("Logits").tolist()
    assert float(summary["kl_pq_closed_form"][0]) == pytest.approx(0.871766935723889,
                                                                    rel=1e-14)
    assert summary["kl_pq_closed_form"][1] == "nats"
    assert float(summary["kl_pq_closed_form"][0]) == pytest.approx(
        float(summary["kl_pq"][0]), rel=1e-13)
    assert float(summary["kl_qp_closed_form"][0]) == pytest.approx(float(summary["kl_qp"][0]),
                                                                    rel=1e-13)
    # the exported weights reproduce the result when read back as a CSV
    with open(tmp_path / "pq.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["outcome", "p", "q"]] + [r[:3] for r in table[1:]])
    done = subprocess.run([sys.executable, "-m", "klgui", "export", "pq.csv", "--summary",
                           "again.csv"], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120, env=ENV)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "again.csv", newline="", encoding="utf-8") as f:
        again = {row[0]: row[1:] for row in csv.reader(f)}
    assert float(again["kl_pq"][0]) == pytest.approx(float(summary["kl_pq"][0]), rel=1e-14)


def test_export_closed_forms_in_bits_and_infinite(tmp_path):
    doc = Document()
    doc.fill_from_family("Q", Binomial(10, 0.5), create_outcomes=True)
    doc.set_family("P", Binomial(5, 0.5))
    _, summary = export(tmp_path, doc, "--base", "bits")
    assert float(summary["kl_pq_closed_form"][0]) == pytest.approx(1.35406860444439 / LN2,
                                                                    rel=1e-13)
    assert summary["kl_pq_closed_form"][1] == "bits"
    assert summary["kl_qp_closed_form"][0] == "inf" and summary["kl_qp"][0] == "inf"


def test_no_closed_form_rows_when_none_applies(tmp_path):
    doc = family_document()
    doc.detach("P")
    _, summary = export(tmp_path, doc)
    assert "kl_pq_closed_form" not in summary and "kl_qp_closed_form" not in summary
    doc.set_focus("Logits")
    doc.set_family("P", Binomial(10, 0.5))
    _, summary = export(tmp_path, doc)  # a family against logits: no formula
    assert "kl_pq_closed_form" not in summary
