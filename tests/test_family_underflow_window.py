"""In the window, a family whose probabilities would fall below 1e-308 is refused where
it is asked for: the spin box under the chart (the tester's Poisson λ = 800), the Fill
dialog, and opening a session; the previous state stays and the reason is shown."""

from __future__ import annotations

import json

import pytest

from conftest import type_in_family_box
from klgui.core.families import Binomial, Poisson

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_a_typed_lambda_whose_count_0_underflows_is_refused(window, qtbot):
    """Both columns Poisson(3) folded at 11; λ = 800 typed in Q's box: P(X = 0) =
    e^-800 = 10^-347.4 would be written as 0 (D = ∞ where Poisson(3)‖Poisson(800) is
    780.025 nats): refused, Q stays Poisson(3), the note says why."""
    doc = window.document
    window.columns.fill(doc.reference_id, Poisson(3.0), True)
    window.columns.fill(doc.focus_id, Poisson(3.0), False)
    window.refresh()
    type_in_family_box(window, qtbot, "Q", "lam", "800")
    assert doc.family_of(doc.focus_id) == Poisson(3.0, 11)
    note = window.family_panel.note
    assert note.isVisibleTo(window.family_panel)
    assert note.text().startswith("Not changed: Q: Poisson(λ = 800, K = 11) gives outcome 1 "
                                  "('0') a probability of about 10^-347")
    assert "λ from 5.28e-28 to 708 works" in note.toolTip() + note.text()
    assert window.family_panel.controls["Q"][1].boxes["lam"].value() == 3.0
    assert doc.result().comparison.kl_qp == 0.0


def test_the_fill_dialog_refuses_a_binomial_of_2000(window):
    dialog = window.columns.family_dialog(window.document.focus_id)
    dialog.choose("binomial")
    dialog.set_value("n", 2000)
    dialog.set_value("p", 0.5)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.create.isChecked() and not ok.isEnabled()
    assert "gives outcome 1 ('0') a probability of about 10^-602" in dialog.problem.text()
    dialog.set_value("n", 1000)
    assert ok.isEnabled() and not dialog.problem.text()


def test_opening_a_session_of_such_binomials_refuses_and_keeps_the_document(window,
                                                                           dialogs,
                                                                           tmp_path):
    doc = window.document
    before = doc.snapshot()
    session = {"format": "klgui-session", "version": 2, "name": "t",
               "settings": {"unit": "nats", "auto_normalize": True, "digits": 6,
                            "smoothing": None},
               "outcomes": {"labels": [str(i) for i in range(2001)]},
               "distributions": [
                   {"name": "P", "role": "reference", "family": Binomial(2000, 0.5).to_dict()},
                   {"name": "Q", "role": "model", "family": Binomial(2000, 0.3).to_dict()}],
               "focus": "Q"}
    path = tmp_path / "bin2000.kld.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    assert not window.files.open(path)
    assert len(dialogs.warnings) == 1
    assert "Binomial(n = 2000, p = 0.5) gives outcome 1 ('0') a probability of about " \
           "10^-602" in dialogs.warnings[0]
    assert doc.snapshot() == before
