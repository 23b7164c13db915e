"""Whatever a session file holds, reading it gives a Snapshot or a SessionError whose one
line names the file: never RecursionError, Python's int-conversion ValueError or any
other exception. The command line exits 2 with that line; the window shows it."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klgui.cli import export_main
from klgui.model.document import Document
from klgui.io.session import SessionError, load_session, parse_session, session_text


V1 = Path(__file__).parent / "data" / "sessions_v1"


def good() -> dict:
    """A version-1 session, as the first round's app wrote it."""
    return json.loads((V1 / "coin.kld.json").read_text(encoding="utf-8"))


def good_v2() -> dict:
    return json.loads(session_text(Document().snapshot()))


def with_field(path: tuple, value, data: dict | None = None) -> str:
    data = good() if data is None else data
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    target[last] = value
    return json.dumps(data)


DEEP = ('{"format": "klgui-session", "version": 1, "settings": '
        + "[" * 100_000 + "]" * 100_000 + "}")
# json.dumps cannot write a 5,000-digit int (Python's int-conversion limit): spliced in
LONG_VERSION = json.dumps(good()).replace('"version": 1', '"version": ' + "9" * 5000)


@pytest.mark.parametrize("text, words", [
    (DEEP, "lesson.kld.json is not a session file: its values are nested too deeply to read."),
    (LONG_VERSION, "lesson.kld.json is not a session file: it holds a number of more than 4,300 digits."),
    (with_field(("version",), 10 ** 400),
     "lesson.kld.json was saved by a newer KL Divergence Explorer (session version a whole "
     "number of about 401 digits"),
    (with_field(("settings", "digits"), 10 ** 400),
     "lesson.kld.json: digits a whole number of about 401 digits is outside"),
    (with_field(("settings", "smoothing"), {"method": "additive", "amount": 10 ** 400}),
     "lesson.kld.json: the smoothing amount should be a finite number."),
    (with_field(("settings", "smoothing"), {"method": ["additive"], "amount": 1}),
     "lesson.kld.json: the smoothing method should be text, not a list of 1 items."),
    (with_field(("outcomes", "p"), ["1", [[[]]]]),
     "lesson.kld.json: 'p' item 2 should be text, not a list of 1 items."),
    (with_field(("settings",), "x" * 1000), "lesson.kld.json: 'settings' should be an object"),
])
def test_hostile_sessions_are_refused_with_one_line_naming_the_file(tmp_path, text, words):
    path = tmp_path / "lesson.kld.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SessionError) as info:
        load_session(path)
    message = str(info.value)
    assert message.startswith(words) and "\n" not in message and len(message) < 300


def test_a_session_with_a_byte_order_mark_opens(tmp_path):
    path = tmp_path / "bom.kld.json"
    path.write_bytes(b"\xef\xbb\xbf" + session_text(Document().snapshot()).encode("utf-8"))
    assert load_session(path) == Document().snapshot()


def test_a_folder_in_place_of_the_file_is_a_session_error(tmp_path):
    (tmp_path / "dir.kld.json").mkdir()
    with pytest.raises(SessionError, match=r"^dir\.kld\.json: cannot be read"):
        load_session(tmp_path / "dir.kld.json")


@pytest.mark.parametrize("text, words", [
    (DEEP, "deep.kld.json is not a session file: its values are nested too deeply"),
    (LONG_VERSION, "deep.kld.json is not a session file: it holds a number of more than 4,300"),
])
def test_the_command_line_exits_2_with_the_line(tmp_path, capsys, text, words):
    path = tmp_path / "deep.kld.json"
    path.write_text(text, encoding="utf-8")
    assert export_main([str(path), "--table", str(tmp_path / "t.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(words) and err.count("\n") == 1
    assert not (tmp_path / "t.csv").exists()


def test_the_command_line_reads_a_session_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.kld.json"
    path.write_bytes(b"\xef\xbb\xbf" + session_text(Document().snapshot()).encode("utf-8"))
    assert export_main([str(path), "--summary", str(tmp_path / "s.csv")]) == 0
    assert "kl_pq" in (tmp_path / "s.csv").read_text(encoding="utf-8")


def test_the_window_refuses_a_deep_session_with_a_warning_not_a_bug_report(window, dialogs,
                                                                          tmp_path):
    path = tmp_path / "deep.kld.json"
    path.write_text(DEEP, encoding="utf-8")
    before = window.document.snapshot()
    assert window.files.open(path) is False
    assert dialogs.warnings == [
        "deep.kld.json is not a session file: its values are nested too deeply to read."]
    assert window.document.snapshot() == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10 ** 600, max_value=10 ** 600)
    | st.floats() | st.text(max_size=60),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
FIELDS = [("format",), ("version",), ("app_version",), ("name",), ("settings",),
          ("settings", "unit"), ("settings", "auto_normalize"), ("settings", "digits"),
          ("settings", "smoothing"), ("outcomes",), ("outcomes", "labels"),
          ("outcomes", "p"), ("outcomes", "q")]


FIELDS_V2 = [("version",), ("focus",), ("outcomes", "labels"), ("distributions",),
             ("distributions", 0), ("distributions", 1), ("distributions", 0, "name"),
             ("distributions", 1, "name"), ("distributions", 0, "role"),
             ("distributions", 1, "role"), ("distributions", 0, "entries"),
             ("distributions", 1, "entries")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=json_values)
def test_any_value_in_any_field_gives_a_snapshot_or_a_session_error(field, value):
    try:
        parse_session(with_field(field, value), "x.kld.json")
    except SessionError as e:
        assert str(e).startswith("x.kld.json") and "\n" not in str(e)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS_V2), value=json_values)
def test_any_value_in_any_version_2_field_gives_a_snapshot_or_a_session_error(field, value):
    try:
        parse_session(with_field(field, value, good_v2()), "x.kld.json")
    except SessionError as e:
        assert str(e).startswith("x.kld.json") and "\n" not in str(e)


def test_a_label_with_half_a_character_is_refused_at_open_naming_the_item(tmp_path):
    from klgui.model.document import Document
    from klgui.io.session import SessionError, load_session, session_text
    path = tmp_path / "half.kld.json"
    text = session_text(Document(["a", "b"], ["1", "1"], ["1", "1"]).snapshot())
    path.write_text(text.replace('"b"', '"b' + chr(92) + 'ud800"'), encoding="utf-8")
    with pytest.raises(SessionError, match="'labels' item 2 holds half of a character"):
        load_session(path)
