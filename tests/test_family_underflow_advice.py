"""The advice of a refused family (a probability below the smallest normal double) is
found without failing itself and works when typed as shown: the tester's Normal with μ
far from the outcomes (RecursionError, session 16), a subnormal σ (ZeroDivisionError),
a Geometric with a subnormal p (OverflowError), and advice rounded the wrong way (the
softmax's "at least 3.77" for a bound of 3.77104)."""

from __future__ import annotations

import json

import mpmath
import pytest

from klgui.cli import export_main
from klgui.core.errors import DistributionError
from klgui.core.families import Geometric, Normal
from klgui.core.families.base import TINY
from klgui.core.families.placing import placed

LABELS = ["0", "1", "2"]


def refusal(family, labels) -> DistributionError:
    with pytest.raises(DistributionError) as e:
        placed(family, labels)
    return e.value


def _least_normal_sd(mean: float) -> mpmath.mpf:
    """The least σ with every bin of Normal(μ, σ) on 0, 1, 2 at least TINY (mpmath)."""
    mpmath.mp.dps = 50
    tiny = mpmath.mpf(TINY)

    def least(s):
        a = mpmath.ncdf((mpmath.mpf("0.5") - mean) / s)
        b = mpmath.ncdf((mpmath.mpf("1.5") - mean) / s)
        return min(a, b - a)
    lo, hi = mpmath.mpf(1), mpmath.mpf(mean)
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if least(mid) >= tiny else (mid, hi)
    return hi


def _up3(x: mpmath.mpf) -> float:
    """``x`` rounded up to 3 significant digits."""
    scale = mpmath.mpf(10) ** (int(mpmath.floor(mpmath.log10(x))) - 2)
    return float(mpmath.ceil(x / scale) * scale)


@pytest.mark.parametrize("mean, sd, advised", [(20000.0, 1.0, "535"),
                                               (884052.0, 8.7, "23,700")])
def test_a_normal_far_from_its_outcomes_is_refused_with_the_least_sd_that_works(
        mean, sd, advised):
    """Normal._works called probabilities() at the σ it advised, whose refusal called
    _works again: RecursionError. The bin of 1, (0.5, 1.5], needs more σ than the
    nearest-point bound (20000 − 0.5)/37.5 = 533.3: mpmath's least σ is 534.039 and
    23671.2, shown rounded up to 3 digits."""
    e = refusal(Normal(mean, sd), LABELS)
    assert f"With μ = {mean:g}, σ of at least {advised} works." in str(e)
    value = float(advised.replace(",", ""))
    assert value == _up3(_least_normal_sd(mean))
    assert placed(Normal(mean, value), LABELS).min() >= TINY
    refusal(Normal(mean, float(_least_normal_sd(mean)) * 0.999), LABELS)


def test_a_subnormal_sd_is_refused_not_divided_by_zero():
    e = refusal(Normal(1e-320, 5e-324), ["0", "1e-320"])
    assert "too small for the table's numbers" in str(e)
    for mean in (1e300, -1.7e308):
        assert "too small" in str(refusal(Normal(mean, 1.0), LABELS))


def test_a_session_with_such_a_normal_is_refused_by_export_in_one_line(tmp_path, capfd):
    session = {"format": "klgui-session", "version": 2, "name": "x",
               "settings": {"unit": "nats", "auto_normalize": True, "digits": 6,
                            "smoothing": None},
               "outcomes": {"labels": LABELS},
               "distributions": [
                   {"name": "P", "role": "reference", "entries": ["1", "1", "1"]},
                   {"name": "Q", "role": "model",
                    "family": {"name": "normal", "mean": 20000, "sd": 1}}],
               "focus": "Q"}
    path = tmp_path / "normal_mu20000.kld.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    assert export_main([str(path), "--summary", "-"]) == 2
    out, err = capfd.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "σ of at least 535 works." in err


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_mu_typed_far_away_is_refused_in_the_note_and_the_dialog(window, qtbot):
    """μ = 20000 typed in Q's box under the chart: the note says why and what works,
    nothing raised; the Fill dialog, kept on the table's outcomes, says it and
    disables OK."""
    from PySide6.QtCore import Qt

    doc = window.document
    window.edits.load(LABELS, ["1"] * 3, ["1"] * 3)
    window.columns.fill(doc.focus_id, Normal(0.0, 1.0), False)
    window.refresh()
    box = window.family_panel.controls["Q"][1].boxes["mean"]
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "20000")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    window.refresh()
    assert doc.family_of(doc.focus_id) == Normal(0.0, 1.0)
    note = window.family_panel.note
    assert note.text().startswith("Not changed: Q: Normal(μ = 20000, σ = 1) gives outcome 1")
    assert "σ of at least 535 works" in note.toolTip() + note.text()
    dialog = window.columns.family_dialog(doc.focus_id)
    dialog.choose("normal")
    dialog.set_value("sd", 1.0)
    dialog.set_value("mean", 20000.0)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.create.isChecked() and ok.isEnabled()  # its own outcomes 19996…20004
    dialog.create.click()
    assert not dialog.create.isChecked() and not ok.isEnabled()
    assert "σ of at least 535 works" in dialog.problem.text()


def _geometric_session(p: float) -> dict:
    return {"format": "klgui-session", "version": 2, "name": "x",
            "settings": {"unit": "nats", "auto_normalize": True, "digits": 6,
                         "smoothing": None},
            "outcomes": {"labels": ["0", "≥ 1"]},
            "distributions": [
                {"name": "P", "role": "reference",
                 "family": {"name": "geometric", "p": p, "tail": 1}},
                {"name": "Q", "role": "model",
                 "family": {"name": "geometric", "p": 0.5, "tail": 1}}],
            "focus": "Q"}


@pytest.mark.parametrize("p", [1e-320, 5e-324])
def test_a_geometric_with_a_subnormal_p_is_refused_saying_p_itself_is_too_small(
        p, tmp_path, capfd):
    """P(X = 0) = p below TINY whatever K (the advice took floor(∞): OverflowError
    out of export and out of opening the file in the window)."""
    e = refusal(Geometric(p, 1), ["0", "≥ 1"])
    assert f"with p = {p:g}, P(X = 0) = p is below" in str(e)
    assert "With K = 1, p from 2.23e-308 to" in str(e)  # TINY = 2.2250738…e-308
    assert placed(Geometric(2.23e-308, 1), ["0", "≥ 1"]).min() >= TINY
    path = tmp_path / "geosub.kld.json"
    path.write_text(json.dumps(_geometric_session(p)), encoding="utf-8")
    assert export_main([str(path), "--summary", "-"]) == 2
    out, err = capfd.readouterr()
    assert out == "" and err.count("\n") == 1 and "P(X = 0) = p is below" in err


def test_a_geometric_tail_advised_is_the_largest_that_works():
    """p = 0.5: (1/2)^K and (1/2)(1/2)^(K−1) are 2^-K, normal up to K = 1022 (by
    hand); a tiny p gives no tail advice beyond the largest K a family takes."""
    e = refusal(Geometric(0.5, 1030), Geometric(0.5, 1030).support_labels())
    assert "with p = 0.5, a tail K of at most 1,022." in str(e)
    least = placed(Geometric(0.5, 1022), Geometric(0.5, 1022).support_labels()).min()
    assert least >= TINY and least == pytest.approx(2.0 ** -1022, rel=1e-12)
    refusal(Geometric(0.5, 1023), Geometric(0.5, 1023).support_labels())


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_opening_the_subnormal_geometric_session_warns_and_keeps_the_document(
        window, dialogs, tmp_path):
    path = tmp_path / "geosub.kld.json"
    path.write_text(json.dumps(_geometric_session(1e-320)), encoding="utf-8")
    before = window.document.snapshot()
    assert not window.files.open(path)
    assert len(dialogs.warnings) == 1 and "P(X = 0) = p is below" in dialogs.warnings[0]
    assert window.document.snapshot() == before
