"""Every version-1 session (files the first round's app wrote, in tests/data/sessions_v1)
opens unchanged: its P becomes the reference "P" and its Q the model "Q", in focus, with
the same entries, settings and figures. No Qt here."""

import json
from pathlib import Path

import pytest

from klgui.io.session import load_session, parse_session, session_text, upgrade_v1
from klgui.model.document import Document
import mpmath as mp

from klgui.core.parsing import parse_exact

LOG = {"nats": 1, "bits": 2, "hartleys": 10}


def exact_kl(p, q, unit):
    """D(P‖Q) of the typed rationals, in 60 digits (mpmath)."""
    a, b = [parse_exact(t) for t in p], [parse_exact(t) for t in q]
    with mp.workdps(60):
        A, B = sum(a), sum(b)
        if any(x > 0 and y == 0 for x, y in zip(a, b)):
            return mp.inf
        terms = [mp.mpf(x.numerator) / x.denominator / (mp.mpf(A.numerator) / A.denominator)
                 * mp.log((mp.mpf(x.numerator) / x.denominator / A)
                          / (mp.mpf(y.numerator) / y.denominator / B))
                 for x, y in zip(a, b) if x > 0]
        total = mp.fsum(terms)
        return float(total / mp.log(LOG[unit])) if unit != "nats" else float(total)

V1 = sorted((Path(__file__).parent / "data" / "sessions_v1").glob("*.kld.json"))


def test_there_are_version_1_files_to_check():
    assert len(V1) >= 8


@pytest.mark.parametrize("path", V1, ids=lambda p: p.name)
def test_a_version_1_file_opens_with_the_same_entries_settings_and_figures(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    snapshot = load_session(path)
    assert snapshot.labels == tuple(data["outcomes"]["labels"])
    assert [(d.name, d.role) for d in snapshot.distributions] == [("P", "reference"),
                                                                   ("Q", "model")]
    assert snapshot.p == tuple(data["outcomes"]["p"])
    assert snapshot.q == tuple(data["outcomes"]["q"])
    assert snapshot.focus == "Q"
    settings = data["settings"]
    assert (snapshot.unit, snapshot.digits, snapshot.auto_normalize) == (
        settings["unit"], settings["digits"], settings["auto_normalize"])
    assert (snapshot.smoothing is None) == (settings["smoothing"] is None)
    doc = Document()
    doc.restore(snapshot)
    c = doc.result().comparison
    if snapshot.smoothing is None and c is not None:
        assert c.kl_pq == pytest.approx(exact_kl(snapshot.p, snapshot.q, snapshot.unit),
                                        rel=1e-15, abs=1e-300)
        assert c.kl_qp == pytest.approx(exact_kl(snapshot.q, snapshot.p, snapshot.unit),
                                        rel=1e-15, abs=1e-300)
    # ...and saved again it is a version-2 file that reads back to the same state
    again = parse_session(session_text(doc.snapshot()))
    assert again == snapshot


def test_the_upgrade_is_its_own_function_and_keeps_the_other_fields():
    data = json.loads(V1[0].read_text(encoding="utf-8"))
    up = upgrade_v1(data)
    assert up["version"] == 2 and up["settings"] == data["settings"]
    assert up["name"] == data["name"] and up["format"] == data["format"]
    assert up["outcomes"] == {"labels": data["outcomes"]["labels"]}
    assert [d["entries"] for d in up["distributions"]] == [data["outcomes"]["p"],
                                                           data["outcomes"]["q"]]
    assert data["outcomes"].get("p") is not None  # the input is not changed
