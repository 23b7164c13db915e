"""The advice of a refused family (a probability below the smallest normal double) is
found without failing itself and works when typed as shown: the tester's Normal with μ
far from the outcomes (RecursionError, session 16), a subnormal σ (ZeroDivisionError),
a Geometric with a subnormal p (OverflowError), and advice rounded the wrong way (the
softmax's "at least 3.77" for a bound of 3.77104)."""

from __future__ import annotations

import json
import random
import re

import mpmath
import numpy as np
import pytest

from conftest import type_in_family_box
from klgui.cli import export_main
from klgui.core.errors import DistributionError
from klgui.core.families import (Binomial, Geometric, Normal, Poisson, Softmax,
                             family_from_spec)
from klgui.core.families.base import TINY, outcome_values
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

    doc = window.document
    window.edits.load(LABELS, ["1"] * 3, ["1"] * 3)
    window.columns.fill(doc.focus_id, Normal(0.0, 1.0), False)
    window.refresh()
    type_in_family_box(window, qtbot, "Q", "mean", "20000")
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


def _softmax_least_temperature(z: list[str]) -> mpmath.mpf:
    """The T where the least softmax probability of the logits equals TINY (mpmath)."""
    mpmath.mp.dps = 50
    zs = [mpmath.mpf(x) for x in z]
    log_tiny = mpmath.log(mpmath.mpf(TINY))

    def least(t):
        top = max(zs)
        return (min(zs) - top) / t - mpmath.log(mpmath.fsum(mpmath.exp((x - top) / t)
                                                             for x in zs))
    return mpmath.findroot(lambda t: least(t) - log_tiny, (mpmath.mpf(1), mpmath.mpf(10)),
                           solver="bisect")


def test_the_softmax_temperature_advised_is_rounded_up_and_works():
    """Logits (−2269.291, 402.098) at T = 1 said "at least 3.77", itself refused: the
    bound is 3.77104 (mpmath), so 3.78."""
    z = ["-2269.291", "402.098"]
    bound = _softmax_least_temperature(z)
    assert 3.771 < bound < 3.7711
    e = refusal(Softmax(z, 1.0), ["a", "b"])
    assert str(e).endswith("Use a temperature of at least 3.78 for these logits.")
    assert placed(Softmax(z, 3.78), ["a", "b"]).min() >= TINY
    refusal(Softmax(z, 3.771), ["a", "b"])
    e = refusal(Softmax(["-1e9", "1e9"], 1.0), ["a", "b"])  # 2e9 / 708: beyond 1e6
    assert "No temperature up to 1,000,000, the top of the temperature control" in str(e)


_NUMBER = r"(−?[0-9][0-9.,e+\-]*[0-9])"


def _advised(message: str, kind: str, family: dict) -> list[dict]:
    """The families the refusal's sentence advises, read from it."""
    def value(text: str) -> float:
        return float(text.replace("−", "-").replace(",", ""))
    out = []
    for pattern, keys in [(r"σ of at least " + _NUMBER + " works", ("sd",)),
                          (r"λ from " + _NUMBER + " to " + _NUMBER + " works",
                           ("lam", "lam")),
                          (r"s from " + _NUMBER + " to " + _NUMBER + " works", ("s", "s")),
                          (r"a tail K of at most " + _NUMBER, ("tail",)),
                          (r"temperature of at least " + _NUMBER, ("temperature",))]:
        m = re.search(pattern, message)
        if m:
            out += [dict(family, **{k: value(v)}) for k, v in zip(keys, m.groups())]
    m = re.search(r"p from " + _NUMBER + r" to (1 − )?" + _NUMBER + " works", message)
    if m:
        low, high = value(m.group(1)), value(m.group(3))
        out += [dict(family, p=low), dict(family, p=1.0 - high if m.group(2) else high)]
        if m.group(2):  # typed as the decimal 1 − high
            out.append(dict(family, p=float(1 - mpmath.mpf(m.group(3)))))
    return out


def test_every_family_advice_works_when_filled_as_shown():
    """A sweep of refusals (seeded): each value a refusal advises, filled as its
    sentence shows it, is taken."""
    rng = random.Random(16)
    checked = 0
    for _ in range(450):
        kind = rng.choice(["normal", "poisson", "geometric", "binomial", "zipf", "logits"])
        labels = None
        if kind == "normal":
            labels = [str(x) for x in sorted({round(rng.uniform(-50, 50), 1)
                                              for _ in range(rng.randint(2, 6))})]
            family = {"name": "normal", "mean": rng.uniform(-60, 60),
                      "sd": 10 ** rng.uniform(-2, 1)}
        elif kind == "poisson":
            family = {"name": "poisson", "lam": 10 ** rng.uniform(-30, 3.2),
                      "tail": rng.randint(1, 900)}
        elif kind == "geometric":
            family = {"name": "geometric", "p": 10 ** rng.uniform(-5, -0.01),
                      "tail": rng.randint(1, 3000)}
        elif kind == "binomial":
            p = 10 ** rng.uniform(-5, -0.3)
            family = {"name": "binomial", "n": rng.randint(50, 1100),
                      "p": p if rng.random() < 0.5 else 1.0 - p}
        elif kind == "zipf":
            family = {"name": "zipf", "s": rng.uniform(-600, 600), "n": rng.randint(2, 1000)}
        else:
            family = {"logits": [str(round(rng.uniform(-1, 1) * 10 ** rng.uniform(0, 4), 3))
                                 for _ in range(rng.randint(2, 6))],
                      "temperature": 10 ** rng.uniform(-3, 2)}
        made = family_from_spec(family)
        outcomes = outcome_values(labels) if labels else None
        try:
            made.probabilities(outcomes)
            continue
        except DistributionError as e:
            message = str(e)
        advised = _advised(message, kind, family)
        assert advised or "No p strictly between 0 and 1" in message, message
        for other in advised:
            family_from_spec(other).probabilities(outcomes)  # raises if refused
            checked += 1
    assert checked > 200


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_the_temperature_typed_as_advised_is_taken_in_the_window(window, qtbot):
    """gui_softmax_advice.py: T = 1 typed is refused with "at least 3.78"; 3.78 typed
    then is taken (3.77, the old advice, was refused again)."""
    from PySide6.QtCore import Qt

    doc = window.document
    window.edits.load(["a", "b"], ["1", "1"], ["1", "1"])
    window.columns.fill(doc.focus_id, Softmax(("-2269.291", "402.098"), 10.0), False)
    window.refresh()
    box = window.family_panel.controls["Q"][1].boxes["temperature"]
    for typed in ("1", "3.78"):
        box.setFocus()
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), typed)
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        window.refresh()
        if typed == "1":
            note = window.family_panel.note
            assert "Use a temperature of at least 3.78" in note.toolTip() + note.text()
            assert doc.family_of(doc.focus_id).temperature == 10.0
    assert doc.family_of(doc.focus_id).temperature == 3.78


@pytest.mark.parametrize("family, labels", [
    (Binomial(1023, 0.5), None), (Poisson(709.0, 11), None), (Geometric(1e-320, 1), None),
    (Softmax(["1e308", "-1e308"], 0.5), ["a", "b"])])
def test_the_limit_is_named_as_the_smallest_normal_double_not_1e_308(family, labels):
    """Binomial(1023, 0.5): P(0) = 2^-1023 = 1.11e-308 (by hand) is above 1e-308 and
    refused, since the cut is TINY = 2^-1022; "below 1e-308" was not true."""
    assert 1e-308 < 2.0 ** -1023 < TINY == 2.0 ** -1022
    message = str(refusal(family, labels or family.support_labels()))
    assert "1e-308" not in message
    assert "the smallest normal double, about 2.2e-308" in message
    assert float("2.2e-308") == pytest.approx(TINY, rel=0.02)


def test_the_quick_least_log_softmax_agrees_with_mpmath():
    """The search's quick least log-probability (np.sum for math.fsum) against mpmath,
    on logits with subnormal terms: Zipf(100) on 100,000 ranks and the tester's pair."""
    from klgui.core.families.special import least_log_softmax

    mpmath.mp.dps = 40
    for z, t in [(-100.0 * np.log(np.arange(1.0, 100001.0)), 1.0),
                 (np.array([-2269.291, 402.098]), 3.78)]:
        zs = [mpmath.mpf(float(x)) / t for x in z]
        top = max(zs)
        want = min(zs) - top - mpmath.log(mpmath.fsum(mpmath.exp(x - top) for x in zs))
        assert least_log_softmax(z, t) == pytest.approx(float(want), rel=1e-13)
