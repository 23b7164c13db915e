"""The chart's view in a session (``"view"`` beside ``"settings"``): written, read
back, left out by older files, and read leniently: a part that cannot be used takes its
default and is named, and the rest of the file opens. No Qt here."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from klgui.io.session import load_session, parse_session, read_view, session_text
from klgui.model.document import Document
from klgui.model.snapshot import VIEW_CHOICES, ChartView

V1 = Path(__file__).parent / "data" / "sessions_v1"
LESSON = ChartView(direction="both", form="nonnegative", order="top", values=True, tab="all")


def lesson_text(view=LESSON) -> str:
    doc = Document(["sun", "rain"], ["4/5", "1/5"], ["1/2", "1/2"], name="weather")
    return session_text(replace(doc.snapshot(), view=view))


def test_the_view_is_written_beside_the_settings_and_read_back():
    text = lesson_text()
    data = json.loads(text)
    assert data["view"] == {"direction": "both", "form": "nonnegative", "order": "top",
                            "values": True, "tab": "all"}
    assert data["settings"]["unit"] == "nats"  # the settings are where they were
    read = parse_session(text, "weather.kld.json")
    assert read.view == LESSON and read.view.problems == ()
    assert read.labels == ("sun", "rain") and read.p == ("4/5", "1/5")


@pytest.mark.parametrize("key", list(VIEW_CHOICES))
def test_every_choice_of_every_part_survives_a_round_trip(key):
    for choice in VIEW_CHOICES[key]:
        view = replace(ChartView(), **{key: choice})
        assert getattr(parse_session(lesson_text(view)).view, key) == choice


def test_a_snapshot_without_a_view_writes_none_and_reads_none():
    text = session_text(Document().snapshot())
    assert "view" not in json.loads(text)
    assert parse_session(text).view is None


def test_a_version_1_file_opens_without_a_view():
    assert load_session(V1 / "coin.kld.json").view is None


def test_a_bad_value_is_named_and_the_rest_opens():
    data = json.loads(lesson_text())
    data["view"]["direction"] = "sideways"
    data["view"]["values"] = 1  # a number is not true or false
    snapshot = parse_session(json.dumps(data), "lesson.kld.json")
    view = snapshot.view
    assert (view.direction, view.values) == ("pq", False)  # their defaults
    assert (view.form, view.order, view.tab) == ("nonnegative", "top", "all")  # kept
    assert view.problems == (
        "lesson.kld.json: the view's 'direction' should be \"pq\" or \"qp\" or \"both\", "
        "not 'sideways'; it shows \"pq\".",
        "lesson.kld.json: the view's 'values' should be true or false, not 1; it shows "
        "false.")
    assert snapshot.labels == ("sun", "rain")  # the lesson itself opens


def test_an_unknown_key_and_a_view_that_is_no_object_are_named():
    data = json.loads(lesson_text())
    data["view"]["directon"] = "both"
    view = parse_session(json.dumps(data), "a.kld.json").view
    assert view == LESSON
    assert view.problems == ("a.kld.json: the view has no setting 'directon'; it was left "
                             "out (the settings are direction, form, order, tab, values).",)
    data["view"] = [1, 2]
    view = parse_session(json.dumps(data), "a.kld.json").view
    assert view == ChartView()
    assert view.problems == ("a.kld.json: 'view' should be an object, not a list of 2 items; "
                             "the chart opens in its usual view.",)


def test_a_view_of_many_wrong_keys_gets_a_short_message():
    view = read_view({f"k{i}": i for i in range(10_000)}, "x")
    assert view == ChartView() and len(view.problems) == 4
    assert view.problems[-1] == "x: and 9,997 more problems in the view."
