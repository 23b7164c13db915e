"""Family sliders and spin boxes driven with qtbot: live changes while dragging, one
change per gesture, the two controls in step, bad values refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from klgui.core import DistributionError
from klgui.ui.chart.family_controls import STEPS, FamilyControls

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def controls(qtbot):
    w = FamilyControls({"name": "binomial", "n": 10, "p": 0.3})
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _record(w):
    changing, changed = [], []
    w.specChanging.connect(changing.append)
    w.specChanged.connect(changed.append)
    return changing, changed


def test_drag_emits_changing_then_one_changed(controls):
    changing, changed = _record(controls)
    s = controls.sliders["p"]
    s.setSliderDown(True)
    for i in (400, 450, 500):
        s.setSliderPosition(i)
    s.setSliderDown(False)  # the release
    assert [d["p"] for d in changing] == [0.4, 0.45, 0.5]
    assert changed == [{"name": "binomial", "n": 10, "p": 0.5}]
    assert controls.boxes["p"].value() == 0.5
    assert "p = 0.5" in controls.title.text()


def test_real_mouse_drag_on_the_slider(controls, qtbot):
    changing, changed = _record(controls)
    s = controls.sliders["p"]
    handle = s.rect().center()
    handle.setX(int(s.width() * 0.3))
    qtbot.mousePress(s, Qt.MouseButton.LeftButton, pos=handle)
    for x in (0.4, 0.5, 0.6):
        handle.setX(int(s.width() * x))
        qtbot.mouseMove(s, handle)
    qtbot.mouseRelease(s, Qt.MouseButton.LeftButton, pos=handle)
    assert len(changed) == 1 and changing
    assert changed[0]["p"] == controls.spec()["p"] and changed[0]["p"] > 0.4


def test_keyboard_step_is_one_change_each(controls, qtbot):
    changing, changed = _record(controls)
    s = controls.sliders["p"]
    s.setFocus()
    qtbot.keyClick(s, Qt.Key.Key_Right)
    qtbot.keyClick(s, Qt.Key.Key_PageUp)
    assert changing == []
    assert [d["p"] for d in changed] == [0.301, 0.351]


def test_spin_box_edit_moves_the_slider_without_echo(controls, qtbot):
    changing, changed = _record(controls)
    box = controls.boxes["n"]
    box.setValue(20)
    assert changed == [{"name": "binomial", "n": 20, "p": 0.3}] and changing == []
    assert controls.sliders["n"].value() == 20  # a whole number's positions are values


def test_set_spec_pushes_back_silently(controls):
    changing, changed = _record(controls)
    controls.set_spec({"name": "binomial", "n": 12, "p": 0.25})
    assert changing == changed == []
    assert controls.boxes["p"].value() == 0.25 and controls.boxes["n"].value() == 12
    with pytest.raises(DistributionError, match="binomial"):
        controls.set_spec({"name": "poisson", "lam": 2})


def test_log_slider_for_poisson_and_geometric_edges(qtbot):
    w = FamilyControls({"name": "geometric", "p": 0.5, "tail": 12})
    qtbot.addWidget(w)
    changing, changed = _record(w)
    w.sliders["p"].setValue(STEPS)  # p = 1: a point mass, allowed
    assert changed[-1] == {"name": "geometric", "p": 1.0, "tail": 12}
    w.sliders["p"].setValue(0)  # the slider's low end is p = 0.001, never 0
    assert changed[-1]["p"] == pytest.approx(0.001)


def test_logits_temperature_control(qtbot):
    w = FamilyControls({"logits": ["10", "20", "30"], "temperature": 2})
    qtbot.addWidget(w)
    changing, changed = _record(w)
    w.boxes["temperature"].setValue(10.0)
    assert changed == [{"logits": ["10", "20", "30"], "temperature": 10.0}]


def test_bad_spec_is_refused_with_its_key(qtbot):
    with pytest.raises(DistributionError, match="'p'"):
        FamilyControls({"name": "binomial", "n": 10, "p": 2})


# -- the boxes take the families' ranges, and say when a typed value is outside ----------
@pytest.mark.parametrize("spec", [
    {"name": "binomial", "n": 10, "p": 0.3}, {"name": "poisson", "lam": 2.0},
    {"name": "geometric", "p": 0.5}, {"name": "zipf", "s": 1.0},
    {"name": "normal", "mean": 0.0, "sd": 1.0}, {"logits": ["1", "2"], "temperature": 1.0},
])
def test_each_box_takes_what_its_family_takes_and_no_more(qtbot, spec):
    """Each box's ends are values the family takes, and just beyond a closed end of the
    family's range (λ ≤ 1e6, n ≤ 10,000,000, |s| ≤ 1000, T from 0.001 to 1e6) the
    family refuses: the control and the core agree."""
    import math
    from klgui.core.families import PARAMETER_RANGES
    from klgui.core.families import family_from_spec as _read
    w = FamilyControls(spec)
    qtbot.addWidget(w)
    family = w.family
    for k in w.knobs:
        box = w.boxes[k.key]
        low, high, open_low = PARAMETER_RANGES[(family.name, k.key)]
        for end in (box.minimum(), box.maximum()):
            _read({**family.to_dict(), k.key: end})  # taken
        if math.isfinite(high):
            assert box.maximum() == high
            beyond = high + 1 if k.whole else math.nextafter(high, math.inf)
            with pytest.raises(DistributionError):
                _read({**family.to_dict(), k.key: beyond})
        if not open_low and math.isfinite(low):
            assert box.minimum() == low


@pytest.mark.parametrize("spec, key, typed, message", [
    ({"name": "poisson", "lam": 2.0}, "lam", "2000000",
     "λ of the Poisson family must be above 0 and at most 1,000,000, not '2000000'."),
    ({"name": "binomial", "n": 10, "p": 0.3}, "n", "20000000",
     "n of the Binomial family must be a whole number from 1 to 10,000,000, not '20000000'."),
    ({"name": "zipf", "s": 1.0}, "s", "2000",
     "s of the Zipf family must be from −1,000 to 1,000, not '2000'."),
    ({"logits": ["1", "2"], "temperature": 1.0}, "temperature", "2000000",
     "The temperature T must be from 0.001 to 1,000,000, not '2000000'."),
])
def test_a_value_typed_beyond_the_range_is_refused_with_the_familys_reason(
        qtbot, spec, key, typed, message):
    """Typing λ = 2000000 stopped at 200000 without a word (Qt refuses the keystroke);
    the text now stays as typed and, entered, is refused with the family's reason (the
    parameter's shown name, the text as typed), and nothing changes."""
    w = FamilyControls(spec)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    refused, changed = [], []
    w.sigRefused.connect(refused.append)
    w.specChanged.connect(changed.append)
    box = w.boxes[key]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, typed)
    assert box.text() == typed and refused == []  # kept as typed until it is entered
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert refused == [message]
    qtbot.waitUntil(lambda: box.lineEdit().text() == box.textFromValue(box.value()))
    assert w.family.to_dict() == _read_spec(spec) and changed == []
    assert box.value() == _read_spec(spec)[key]


def _read_spec(spec):
    from klgui.core.families import family_from_spec as _read
    return _read(spec).to_dict()


def test_the_knobs_and_the_fill_dialog_name_parameters_as_the_core_does(qtbot):
    """One place names the parameters (core's parameter_name: λ for lam); the sliders'
    labels and both fallback refusals (a value with nothing else to say) use it."""
    from klgui.core.families import Poisson
    from klgui.ui.chart.family_controls import KNOBS
    from klgui.ui.table.family_dialog import FamilyDialog

    want = {"n": "n", "p": "p", "lam": "λ", "tail": "K", "s": "s", "mean": "μ",
            "sd": "σ", "temperature": "T"}  # the names the window has always shown
    assert {k.key: k.label for knobs in KNOBS.values() for k in knobs} == want
    w = FamilyControls(Poisson(2.0))
    qtbot.addWidget(w)
    lam = next(k for k in KNOBS["poisson"] if k.key == "lam")
    assert w._refusal(lam, 2.0, "2") == "λ = 2 is not taken."
    dialog = FamilyDialog("Q", ["0", "1", "2"])
    qtbot.addWidget(dialog)
    dialog.choose("poisson")
    box = dialog.boxes["poisson"]["lam"]
    assert dialog._refusal(box, "lam", (2.0, "2", "")) == "λ = 2 is not taken."
