"""Session files and the headless export command. No Qt here."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from klgui.core import Smoothing
from klgui.model.document import Document
from klgui.io.session import SessionError, load_session, parse_session, save_session, session_text
from oracle import typed_compare

DATA = Path(__file__).parent / "data" / "csv"


def rich_document() -> Document:
    d = Document(["sun", "rain, heavy", "snöw"], ["4/5", "15%", "1"], ["0.6", "0.3", "0"])
    d.set_unit("hartleys")
    d.set_digits(11)
    d.set_auto_normalize(True)
    d.set_smoothing(Smoothing("floor", 1e-3, "q"))
    return d


def test_a_session_round_trip_keeps_everything(tmp_path):
    d = rich_document()
    path = tmp_path / "lesson.kld.json"
    save_session(path, d.snapshot())
    restored = Document()
    restored.restore(load_session(path))
    assert restored.snapshot() == d.snapshot()
    assert restored.result().comparison.figures() == d.result().comparison.figures()


def test_a_session_is_readable_json_with_a_version(tmp_path):
    data = json.loads(session_text(rich_document().snapshot()))
    assert (data["format"], data["version"]) == ("klgui-session", 2)
    assert data["outcomes"] == {"labels": ["sun", "rain, heavy", "snöw"]}
    assert data["distributions"] == [
        {"name": "P", "role": "reference", "entries": ["4/5", "15%", "1"]},
        {"name": "Q", "role": "model", "entries": ["0.6", "0.3", "0"]}]
    assert data["focus"] == "Q"
    assert data["settings"]["smoothing"] == {"method": "floor", "amount": 0.001, "apply_to": "q"}


V1 = Path(__file__).parent / "data" / "sessions_v1"


def good():
    """A version-1 file, as the first round's app wrote it."""
    return json.loads((V1 / "coin.kld.json").read_text(encoding="utf-8"))


def good_v2():
    return json.loads(session_text(Document().snapshot()))


def edited_v2(change):
    data = good_v2()
    change(data)
    return json.dumps(data)


def edited(change):
    data = good()
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize("text, words", [
    (edited(lambda d: d.update(version=3, app_version="9.0")),
     "was saved by a newer KL Divergence Explorer (session version 3, from app 9.0)"),
    ("{not json", "is not a session file: line 1"),
    ('{"format": "something-else"}', "is not a KL Divergence Explorer session file"),
    (edited(lambda d: d.update(version="1")), "version '1' is not valid"),
    (edited(lambda d: d["outcomes"].pop("q")), "has no 'q'"),
    (edited(lambda d: d["outcomes"].update(p=["0.5", 3])), "'p' item 2 should be text"),
    (edited(lambda d: d["outcomes"].update(p=["0.5", "x"])), "P, outcome 2 ('tails'): 'x' is not a number"),
    (edited(lambda d: d["outcomes"].update(labels=["a"])), "1 labels, 2 P entries and 2 Q entries"),
    (edited(lambda d: d["settings"].update(unit="furlongs")), "the unit 'furlongs' is not one of"),
    (edited(lambda d: d["settings"].update(digits=True)), "'digits' should be a whole number"),
    (edited(lambda d: d["settings"].update(smoothing={"method": "magic", "amount": 1})),
     "unknown smoothing method 'magic'"),
    (edited_v2(lambda d: d["distributions"][1].update(name="P")),
     "two distributions are called 'P'; names must differ"),
    (edited_v2(lambda d: d["distributions"][1].update(role="reference")),
     "exactly one distribution must be the reference, not 2"),
    (edited_v2(lambda d: d["distributions"][1].update(role="truth")),
     "distribution 2 ('Q'): the role should be 'reference' or 'model', not 'truth'"),
    (edited_v2(lambda d: d["distributions"][1].update(entries=["1"])),
     "distribution 2 ('Q') has 1 entries for 2 outcomes"),
    (edited_v2(lambda d: d["distributions"][1].update(entries=["1", "-2"])),
     "Q, outcome 2 ('tails'): "),
    (edited_v2(lambda d: d["distributions"][1].pop("entries")), "distribution 2 ('Q') has no 'entries'"),
    (edited_v2(lambda d: d.update(focus="P")), "the focus 'P' is not one of the models (Q)"),
    (edited_v2(lambda d: d.update(distributions=d["distributions"][:1])),
     "the session needs a reference and at least one model"),
    (edited_v2(lambda d: d.update(distributions="P")), "'distributions' should be a list"),
])
def test_bad_or_newer_sessions_are_refused_whole(text, words):
    with pytest.raises(SessionError, match=words.replace("(", r"\(").replace(")", r"\)")) as info:
        parse_session(text, "lesson.kld.json")
    assert str(info.value).startswith("lesson.kld.json")


def test_a_failed_session_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "lesson.kld.json"
    save_session(path, Document().snapshot())
    before = path.read_bytes()
    import klgui.io.session as session
    monkeypatch.setattr(session, "session_text", lambda s: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(OSError):
        save_session(path, rich_document().snapshot())
    assert path.read_bytes() == before and len(list(tmp_path.iterdir())) == 1


# -- the headless command -------------------------------------------------------------
def run_export(*args, cwd):
    return subprocess.run([sys.executable, "-m", "klgui", "export", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_headless_export_writes_both_files_from_a_csv(tmp_path):
    done = run_export(DATA / "headerless.csv", "--table", "t.csv", "--summary", "s.csv",
                      "--base", "bits", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    with open(tmp_path / "s.csv", newline="", encoding="utf-8") as f:
        summary = {row[0]: row[1:] for row in csv.reader(f)}
    assert float(summary["kl_pq"][0]) == typed_compare([5, 3, 2], [3, 3, 4], "bits").kl_pq
    assert summary["kl_pq"][1] == "bits" and summary["source"][0] == "headerless.csv"
    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as f:
        assert [row[0] for row in csv.reader(f)] == ["outcome", "sun", "rain", "snow"]


def test_headless_export_reads_a_session_with_its_settings(tmp_path):
    save_session(tmp_path / "lesson.kld.json", rich_document().snapshot())
    done = run_export("lesson.kld.json", "--summary", "s.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {r[0]: r[1:] for r in csv.reader(open(tmp_path / "s.csv", encoding="utf-8"))}
    assert rows["unit"][0] == "hartleys" and rows["smoothing"][0] == "floor"
    assert float(rows["kl_pq"][0]) == rich_document().result().comparison.kl_pq


@pytest.mark.parametrize("name, message", [
    ("not_a_number.csv", "not_a_number.csv, line 7: 'abc' in column Q is not a number.\n"),
    ("empty.csv", "empty.csv is empty: there are no outcomes in it.\n"),
    ("ambiguous_columns.csv", "ambiguous_columns.csv: cannot tell which column is the "
                              "reference (P) and which the model (Q) (book1, book2); name "
                              "them with --reference and --model.\n"),
])
def test_headless_export_refuses_bad_input_with_one_line_and_no_traceback(tmp_path, name, message):
    done = run_export(DATA / name, "--table", "t.csv", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr == message
    assert not (tmp_path / "t.csv").exists()


def test_headless_export_takes_named_columns_and_does_not_import_qt(tmp_path):
    probe = ("import sys; from klgui.app import main; rc = main(['export', sys.argv[1], "
             "'--table', 't.csv', '--p', 'book2', '--q', 'book1']); "
             "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'; "
             "sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", probe, str(DATA / "ambiguous_columns.csv")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(open(tmp_path / "t.csv", encoding="utf-8")))
    assert [r[1] for r in rows] == ["p_weight", "100", "95", "60"]


def test_a_wide_file_whose_columns_cannot_be_told_apart_gets_a_short_message(tmp_path):
    path = tmp_path / "wide.csv"
    names = [f"column{j}" for j in range(500)]
    path.write_text(",".join(names) + "\n" + ",".join(["1"] * 500) + "\n", encoding="utf-8")
    done = run_export(path, "--table", "t.csv", cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr) < 300 and "(500 columns)" in done.stderr


def test_a_session_with_repeated_labels_is_noted_as_a_csv_file_is(tmp_path, capsys):
    """`export` notes the repeated labels of a CSV file on standard error; it said
    nothing of a session holding them. Both are noted now, alike; blank labels (no
    names) are never repeats."""
    from klgui.cli import document_from_file, export_main
    from klgui.io.session import save_session
    from klgui.model.document import Document, DistributionSpec
    doc = Document()
    doc.load_columns(["the", "of", "the", "and", "and", "", ""], [
        DistributionSpec("P", "reference", ("1",) * 7),
        DistributionSpec("Q", "model", ("2",) * 7)])
    save_session(tmp_path / "s.kld.json", doc.snapshot())
    _, notes = document_from_file(tmp_path / "s.kld.json")
    assert notes == ["note: 2 label(s) repeat, first 'the' (separate outcomes, as the "
                     "session holds them)."]
    assert export_main([str(tmp_path / "s.kld.json"), "--summary", "-"]) == 0
    assert capsys.readouterr().err == notes[0] + "\n"
    (tmp_path / "d.csv").write_text("outcome,P,Q\nthe,1,2\nof,1,2\nthe,1,2\n", "utf-8")
    _, notes = document_from_file(tmp_path / "d.csv")
    assert notes == ["note: 1 label(s) repeat, first 'the' (kept as separate outcomes; "
                     "--merge-duplicates adds them up)."]
    doc.load_columns(["a", "", ""], [DistributionSpec("P", "reference", ("1",) * 3),
                                     DistributionSpec("Q", "model", ("2",) * 3)])
    save_session(tmp_path / "b.kld.json", doc.snapshot())
    assert document_from_file(tmp_path / "b.kld.json")[1] == []


def test_a_sessions_labels_open_as_the_table_keeps_them_and_say_so(tmp_path, capsys):
    """Labels with blanks at either end (a hand-edited session: the app saves them
    stripped) open stripped, as the table keeps every label: " " is a blank label and
    " a" is "a", which then repeats. Both are said, and --merge-duplicates says it does
    not merge a session's own outcomes (the window keeps them apart too)."""
    import json

    from klgui.cli import document_from_file, export_main
    (tmp_path / "s.kld.json").write_text(json.dumps({
        "format": "klgui-session", "version": 2, "name": "s",
        "settings": {"unit": "nats", "auto_normalize": True, "digits": 6, "smoothing": None},
        "outcomes": {"labels": ["a", " a", " ", "", "b "]},
        "distributions": [{"name": "P", "role": "reference", "entries": ["1"] * 5},
                          {"name": "Q", "role": "model", "entries": ["2"] * 5}],
        "focus": "Q"}), "utf-8")
    doc, notes = document_from_file(tmp_path / "s.kld.json")
    assert list(doc.labels) == ["a", "a", "", "", "b"]
    assert notes == ["note: 3 label(s) had blanks at either end, taken off as the table "
                     "keeps labels: first ' a', now 'a'.",
                     "note: 1 label(s) repeat, first 'a' (separate outcomes, as the session "
                     "holds them)."]
    assert export_main([str(tmp_path / "s.kld.json"), "--table", str(tmp_path / "t.csv"),
                        "--merge-duplicates"]) == 0
    assert capsys.readouterr().err.splitlines() == notes + [
        "note: --merge-duplicates adds up repeated labels of a CSV file only; a session's "
        "outcomes are its own, exported as it holds them."]
    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as f:
        assert [r[0] for r in csv.reader(f)] == ["outcome", "a", "a", "", "", "b"]
