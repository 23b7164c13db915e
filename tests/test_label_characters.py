"""Labels and the files they go into: a control character in a label (a NUL made the
exported table CSV read as "not a text file") is refused where it comes in, typed,
pasted, inserted or imported, with a message naming the outcome and the character, and
nothing changes; tabs and line breaks are kept and come back through the table CSV, the
clipboard's tab-separated text and a session. A session saved before labels were
checked still opens as it was saved, and its CSV export names the label instead of
writing a file the app cannot read. No Qt.
"""

import csv
import json
import re

import pytest

from klgui.cli import document_from_file, export_main
from klgui.core.characters import label_control, label_text
from klgui.io.csv_export import save_table
from klgui.io.csv_import import CsvImportError, read_delimited
from klgui.io.session import load_session, save_session
from klgui.io.tsv import entry_block, from_tsv, to_tsv
from klgui.model.document import Document, DistributionSpec

NUL_MESSAGE = ("Outcome 2: the label 'b\ufffdc' holds U+0000 (NUL), a control character; a "
               "label may hold tabs and line breaks but no other control character (an "
               "exported CSV file could not be read back).")
#: Labels a spreadsheet cell may hold: a tab, line breaks, quotes, commas.
KEPT = ["a\tb", "two\nlines", 'say "hi", then\n\tgo', "plain"]


def three():
    doc = Document()
    doc.load_columns(["a", "b", "c"], [DistributionSpec("P", "reference", ("1", "2", "1")),
                                       DistributionSpec("Q", "model", ("1", "1", "1"))])
    return doc


@pytest.mark.parametrize("char, named", [
    ("\x00", "U+0000 (NUL)"), ("\x1b", "U+001B (ESC)"), ("\x0b", "U+000B (VT)"),
    ("\x7f", "U+007F (DEL)"), ("\x85", "U+0085 (a C1 control)"), ("\x08", "U+0008 (BS)")])
def test_a_typed_label_with_a_control_character_is_refused_naming_it(char, named):
    doc = three()
    revision = doc.revision
    with pytest.raises(ValueError) as info:
        doc.set_label(1, f"b{char}c")
    assert str(info.value).startswith("Outcome 2: the label 'b")  # (shown as a space or �)
    assert f"c' holds {named}, a control character;" in str(info.value)
    assert list(doc.labels) == ["a", "b", "c"] and doc.revision == revision


def test_the_message_for_a_nul_reads_whole():
    with pytest.raises(ValueError) as info:
        three().set_label(1, "b\x00c")
    assert str(info.value) == NUL_MESSAGE


def test_a_pasted_or_inserted_or_loaded_label_with_a_control_character_changes_nothing():
    doc = three()
    before = (list(doc.labels), doc.revision)
    with pytest.raises(ValueError, match=r"^Outcome 4: the label 'x\ufffd' holds U\+0000 "):
        doc.paste(2, 0, [["c", "1", "1"], ["x\x00", "1", "1"]])  # would add outcome 4
    with pytest.raises(ValueError, match=r"^Outcome 1: the label 'y\ufffd' holds U\+0007 "):
        doc.set_cells([(0, 0, "y\x07"), (1, 1, "3")])
    with pytest.raises(ValueError, match=r"^Outcome 2: .* U\+001F \(US\)"):
        doc.insert_rows(1, ["new", "z\x1fw"])
    with pytest.raises(ValueError, match=r"^Outcome 3: .* U\+0000 \(NUL\)"):
        doc.load_columns(["a", "b", "\x00"], [DistributionSpec("P", "reference", ("1",) * 3),
                                              DistributionSpec("Q", "model", ("1",) * 3)])
    assert (list(doc.labels), doc.revision) == before
    assert list(doc.texts("P")) == ["1", "2", "1"]


def test_line_breaks_are_kept_as_line_feeds_and_tabs_as_they_are():
    doc = three()
    doc.set_label(0, "one\r\ntwo\rthree\tfour ")
    doc.paste(1, 0, [[" x\r\ny "]])
    doc.insert_rows(3, ["p\rq"])
    assert list(doc.labels) == ["one\ntwo\nthree\tfour", "x\ny", "c", "p\nq"]
    assert label_text(" a\r\n") == "a" and label_control("a\tb\nc") is None


def test_an_imported_label_with_a_control_character_is_refused_with_its_line(tmp_path):
    path = tmp_path / "esc.csv"
    rows = "".join(f"row {i},1,1\n" for i in range(200))  # (a few controls: still text)
    path.write_text(f"label,p,q\n{rows}\"two\nlines\",1,1\nbell\x07,1,1\n", encoding="utf-8")
    with pytest.raises(CsvImportError) as info:
        document_from_file(path)
    assert str(info.value) == (
        "esc.csv, line 204: the label 'bell\ufffd' in column 'label' holds U+0007 (BEL), a "
        "control character; a label may hold tabs and line breaks but no other control "
        "character.")


def test_tabs_and_line_breaks_in_labels_come_back_through_the_table_csv(tmp_path):
    doc = Document()
    doc.load_columns(KEPT, [DistributionSpec("P", "reference", ("1", "2", "3", "4")),
                            DistributionSpec("Q", "model", ("4", "3", "2", "1"))])
    save_session(tmp_path / "s.kld.json", doc.snapshot())
    assert export_main([str(tmp_path / "s.kld.json"), "--table", str(tmp_path / "t.csv")]) == 0
    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert [r[0] for r in rows[1:]] == KEPT  # any CSV reader: quoted cells
    back, _ = document_from_file(tmp_path / "t.csv")  # our own import
    assert list(back.labels) == KEPT
    assert [list(back.texts(i)) for i in back.column_ids] == [["1", "2", "3", "4"],
                                                             ["4", "3", "2", "1"]]


def test_tabs_and_line_breaks_in_labels_come_back_through_the_clipboard():
    rows = [[label, "0.25"] for label in KEPT]
    text = to_tsv(rows)
    assert from_tsv(text) == rows
    # a Windows clipboard's CRLF, inside quoted cells too, reads as the import reads it
    assert from_tsv(text.replace("\n", "\r\n")) == rows
    doc = Document()
    doc.load_columns(["a"] * 0 + [f"o{i}" for i in range(4)],
                     [DistributionSpec("P", "reference", ("1",) * 4),
                      DistributionSpec("Q", "model", ("1",) * 4)])
    doc.paste(0, 0, entry_block(from_tsv(text.replace("\n", "\r\n")), 1).rows)
    assert list(doc.labels) == KEPT  # a Windows clipboard's CRLF: line feeds again


def test_a_session_keeps_labels_with_tabs_and_line_breaks(tmp_path):
    doc = Document()
    doc.load_columns(KEPT, [DistributionSpec("P", "reference", ("1",) * 4),
                            DistributionSpec("Q", "model", ("1",) * 4)])
    save_session(tmp_path / "s.kld.json", doc.snapshot())
    again = Document()
    again.restore(load_session(tmp_path / "s.kld.json"))
    assert list(again.labels) == KEPT
    assert again.snapshot() == doc.snapshot()


def test_an_old_session_with_a_nul_label_opens_as_saved_and_its_csv_export_is_refused(
        tmp_path, capsys):
    """Saved before labels were checked: it still opens (and saves again) exactly, but
    the table CSV, which it would make unreadable, is not written."""
    doc = three()
    save_session(tmp_path / "old.kld.json", doc.snapshot())
    data = json.loads((tmp_path / "old.kld.json").read_text("utf-8"))
    data["outcomes"]["labels"][1] = "b\x00c"
    (tmp_path / "old.kld.json").write_text(json.dumps(data), encoding="utf-8")
    old = Document()
    old.restore(load_session(tmp_path / "old.kld.json"))
    assert list(old.labels) == ["a", "b\x00c", "c"]
    save_session(tmp_path / "again.kld.json", old.snapshot())
    assert load_session(tmp_path / "again.kld.json").labels == ("a", "b\x00c", "c")

    (tmp_path / "t.csv").write_text("kept", encoding="utf-8")
    assert export_main([str(tmp_path / "old.kld.json"), "--table",
                        str(tmp_path / "t.csv")]) == 2
    assert capsys.readouterr().err == (
        "old.kld.json: Outcome 2: the label 'b\ufffdc' holds U+0000 (NUL), a control "
        "character, which a CSV file cannot carry; rename the outcome and export again.\n")
    assert (tmp_path / "t.csv").read_text("utf-8") == "kept"
    assert export_main([str(tmp_path / "old.kld.json"), "--coding",
                        str(tmp_path / "c.csv")]) == 2  # every file that writes labels
    assert "Outcome 2: the label 'b\ufffdc' holds U+0000" in capsys.readouterr().err
    assert not (tmp_path / "c.csv").exists()
    with pytest.raises(ValueError, match="Outcome 2: .* U\\+0000"):
        save_table(tmp_path / "t.csv", old.labels, old.texts("P"), old.texts("Q"),
                   old.result().comparison)
    assert (tmp_path / "t.csv").read_text("utf-8") == "kept"
    old.set_label(1, "b")  # renamed, it exports and reads back
    save_table(tmp_path / "t.csv", old.labels, old.texts("P"), old.texts("Q"),
               old.result().comparison)
    assert list(read_delimited(tmp_path / "t.csv").labels(0)) == ["a", "b", "c"]


@pytest.mark.parametrize("char, shown, named", [
    ("\x85", " ", "U+0085 (a C1 control)"),  # NEL, white space to str.isspace()
    ("\x9f", "\ufffd", "U+009F (a C1 control)"), ("\x80", "\ufffd", "U+0080 (a C1 control)"),
    ("\n", " ", "U+000A (LF)"), ("\t", " ", "U+0009 (HT)"), ("\x7f", "\ufffd", "U+007F (DEL)")])
def test_a_name_with_a_control_character_c1_too_is_refused_naming_it(char, shown, named):
    doc = three()
    revision = doc.revision
    with pytest.raises(ValueError) as info:
        doc.rename_column("Q", f"Model{char}B")
    assert str(info.value) == ("A distribution's name cannot hold a line break or another "
                               f"control character: 'Model{shown}B' holds {named}, a control "
                               "character.")
    assert doc.names() == ("P", "Q") and doc.revision == revision
    with pytest.raises(ValueError, match=re.escape(f"holds {named}, a control")):
        doc.load_columns(["a"], [DistributionSpec("P", "reference", ("1",)),
                                 DistributionSpec(f"M{char}x", "model", ("1",))])


def test_a_name_with_characters_that_only_look_odd_is_kept():
    doc = three()
    doc.rename_column("Q", "Modèle\u00a0B – ½")
    assert doc.names() == ("P", "Modèle\u00a0B – ½")


# -- blank labels ------------------------------------------------------------------------
def test_a_blank_label_comes_back_blank_through_the_table_csv_and_the_session(tmp_path):
    """The table takes a blank label (an outcome without a name, which the charts
    number); the exported table writes it blank, and the import read it back as
    "outcome 2". It comes back blank now, as the session keeps it; several blank
    labels are not repeats of one another (no note, nothing to merge)."""
    doc = Document()
    doc.load_columns(["a", "b", "c", ""], [DistributionSpec("P", "reference",
                                                            ("1", "2", "1", "4")),
                                           DistributionSpec("Q", "model", ("1",) * 4)])
    doc.set_label(1, " ")  # typed: a blank, kept as no label
    assert list(doc.labels) == ["a", "", "c", ""]
    save_session(tmp_path / "s.kld.json", doc.snapshot())
    opened, notes = document_from_file(tmp_path / "s.kld.json")
    assert list(opened.labels) == ["a", "", "c", ""] and notes == []
    assert export_main([str(tmp_path / "s.kld.json"), "--table", str(tmp_path / "t.csv")]) == 0
    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as f:
        assert [r[0] for r in csv.reader(f)][1:] == ["a", "", "c", ""]
    back, notes = document_from_file(tmp_path / "t.csv")
    assert list(back.labels) == ["a", "", "c", ""] and notes == []
    assert back.snapshot().distributions == doc.snapshot().distributions
    # Merging repeated labels adds up named outcomes only: the blank ones stay apart.
    (tmp_path / "m.csv").write_text("outcome,P,Q\na,1,1\n,2,1\na,1,3\n,4,1\n", "utf-8")
    merged, _ = document_from_file(tmp_path / "m.csv", merge_duplicates=True)
    assert list(merged.labels) == ["a", "", ""]
    assert [list(merged.texts(i)) for i in merged.column_ids] == [["2", "2", "4"],
                                                                 ["4", "1", "1"]]


def test_a_blank_label_of_one_distribution_loaded_by_label_is_numbered(tmp_path):
    """Loading one distribution matches its outcomes to the table's by name: a blank
    label, which names nothing, reads as its row's "outcome N"."""
    (tmp_path / "one.csv").write_text("outcome,weight\na,1\n,2\n,3\n", "utf-8")
    table = read_delimited(tmp_path / "one.csv")
    assert table.weights(0, 1, "Q") == (["a", "outcome 2", "outcome 3"], ["1", "2", "3"])
