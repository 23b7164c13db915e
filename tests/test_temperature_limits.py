"""A logits column's temperature is one the window's control can show: a file (or a
command-line export) with T = 1e300 is refused with one line, rather than opened with the
control at its 1,000,000 maximum while the model uses 1e300. Temperatures in range open
unchanged."""

import json
import math

import pytest

from klgui.cli import export_main
from klgui.core import DistributionError
from klgui.core.families import Softmax
from klgui.io.session import SessionError, parse_session


def _session(temperature) -> str:
    return json.dumps({
        "format": "klgui-session", "version": 2, "name": "t",
        "settings": {"unit": "nats", "auto_normalize": True, "digits": 6, "smoothing": None},
        "outcomes": {"labels": ["a", "b", "c"]},
        "distributions": [
            {"name": "Teacher", "role": "reference", "logits": ["10", "20", "30"],
             "temperature": 1},
            {"name": "Student", "role": "model", "logits": ["5", "10", "15"],
             "temperature": temperature}],
        "focus": "Student"})


@pytest.mark.parametrize("t", [1e300, 1e6 * (1 + 2**-52), 2e6, 0.0009, 0, -1])
def test_a_temperature_the_control_cannot_show_is_refused(t):
    with pytest.raises(DistributionError) as e:
        Softmax(("1", "2"), t)
    assert "'temperature' must lie between 0.001 and 1,000,000" in str(e.value)
    with pytest.raises(SessionError) as e:
        parse_session(_session(t), "lesson.kld.json")
    message = str(e.value)
    assert message.startswith("lesson.kld.json: distribution 2 ('Student'): 'temperature' "
                              "must lie between 0.001 and 1,000,000")
    assert "\n" not in message and len(message) < 200


@pytest.mark.parametrize("t, said", [(10**400, "beyond the double range"),
                                     (float("inf"), "must be finite, not inf")])
def test_no_number_at_all_is_refused_in_one_line(t, said):
    with pytest.raises(DistributionError, match="must lie between"):
        Softmax(("1", "2"), t)
    with pytest.raises(SessionError) as e:  # 10**400 crashed the reader (OverflowError)
        parse_session(_session(t), "lesson.kld.json")
    assert str(e.value).startswith("lesson.kld.json: distribution 2 ('Student'): "
                                   "'temperature' of the logits family")
    assert said in str(e.value)


def test_the_lowest_temperature_is_taken():
    assert Softmax(("0", "0.001"), 0.001).probabilities() == pytest.approx(
        [1 / (1 + math.e), math.e / (1 + math.e)], rel=1e-15)


@pytest.mark.parametrize("t", [0.5, 1, 2.5, 1000, 1e6])
def test_a_temperature_in_range_opens_unchanged(t):
    from klgui.core.families import TEMPERATURE_LIMITS  # here: the module is shared
    assert TEMPERATURE_LIMITS == (0.001, 1e6)
    snap = parse_session(_session(t))
    assert snap.focus_model.source == Softmax(("5", "10", "15"), float(t))
    assert snap.focus_model.source.temperature == t


def test_the_command_line_refuses_it_too(tmp_path, capsys):
    path = tmp_path / "hot.kld.json"
    path.write_text(_session(1e300), encoding="utf-8")
    assert export_main([str(path), "--table", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "'temperature' must lie between 0.001 and 1,000,000" in err
    assert not list(tmp_path.glob("out*"))
