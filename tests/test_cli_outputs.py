"""Where the headless export writes: ``-`` is standard output (as for many tools), and
an output that cannot be written is bad input like any other: exit status 2, one line
naming the path and the problem, and no file written, not even the outputs that could
have been. No Qt."""

import csv
import errno
import io
import os

import pytest

from klgui.cli import export_main
from klgui.io import atomic
from klgui.io.csv_export import TABLE_HEADER

SEED = "outcome,P,Model A,Model B\ncat,1,0.8,0.4\ndog,0,0.1,0.3\nbird,0,0.1,0.3\n"


@pytest.fixture
def seed(tmp_path, monkeypatch):
    (tmp_path / "seed.csv").write_text(SEED, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_dash_writes_that_output_to_standard_output(seed, capfd):
    assert export_main(["seed.csv", "--ranking", "-", "--table", "t.csv"]) == 0
    out, err = capfd.readouterr()
    assert err == "" and files(seed) == ["seed.csv", "t.csv"]  # no file called "-"
    assert export_main(["seed.csv", "--ranking", "r.csv"]) == 0
    assert out == (seed / "r.csv").read_bytes().decode("utf-8")  # the very text, CRLF ends
    ranking = list(csv.reader(io.StringIO(out, newline="")))
    assert [r[1] for r in ranking[1:]] == ["Model A", "Model B"]


@pytest.mark.parametrize("option", ["--table", "--summary", "--matrix", "--estimators",
                                    "--coding"])
def test_every_output_can_go_to_standard_output(seed, capfd, option):
    assert export_main(["seed.csv", option, "-"]) == 0
    out, err = capfd.readouterr()
    assert err == "" and files(seed) == ["seed.csv"] and out.count("\n") >= 4
    if option == "--table":
        assert out.splitlines()[0] == ",".join(TABLE_HEADER) + ",Model B weight,Model B q," \
            "Model B contribution_pq,Model B contribution_qp,reference_name,focus_name"
        assert out.splitlines()[1].endswith(",P,Model A")  # (the focus is not called Q)


@pytest.mark.parametrize("args, words", [
    (["--table", "-", "--summary", "-"], "--table and --summary both write to standard output"),
    (["--table", "t.csv", "--summary", "./t.csv"], "--table and --summary both write t.csv"),
])
def test_two_outputs_in_one_place_are_refused(seed, capfd, args, words):
    with pytest.raises(SystemExit) as info:
        export_main(["seed.csv", *args])
    assert info.value.code == 2 and words in capfd.readouterr().err
    assert files(seed) == ["seed.csv"]


def test_a_folder_that_does_not_exist_is_bad_input_and_nothing_is_written(seed, capfd):
    (seed / "t.csv").write_text("the old table", "utf-8")
    missing = seed / "missing" / "s.csv"
    assert export_main(["seed.csv", "--table", "t.csv", "--ranking", "r.csv",
                        "--summary", str(missing)]) == 2
    assert capfd.readouterr() == ("", f"cannot write {missing}: No such file or directory\n")
    assert files(seed) == ["seed.csv", "t.csv"] and (seed / "t.csv").read_text() == "the old table"


def test_a_folder_as_the_output_is_refused(seed, capfd):
    (seed / "out").mkdir()
    assert export_main(["seed.csv", "--table", "t.csv", "--matrix", "out"]) == 2
    assert capfd.readouterr().err == "cannot write out: Is a directory\n"
    assert files(seed) == ["out", "seed.csv"] and files(seed / "out") == []


def test_a_disk_full_half_way_writes_nothing_and_leaves_no_temporary(seed, capfd,
                                                                      monkeypatch):
    written = []
    real = os.fsync

    def full_on_the_second(fd):
        written.append(fd)
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)
    monkeypatch.setattr(atomic.os, "fsync", full_on_the_second)
    assert export_main(["seed.csv", "--table", "t.csv", "--summary", "s.csv",
                        "--ranking", "-"]) == 2
    out, err = capfd.readouterr()
    assert out == "" and err.count("\n") == 1 and err.endswith(": No space left on device\n")
    assert err in ("cannot write t.csv: No space left on device\n",
                   "cannot write s.csv: No space left on device\n")
    assert files(seed) == ["seed.csv"]


def test_a_reader_that_goes_away_is_told_in_one_line(seed, capsys, monkeypatch):
    class Gone(io.BytesIO):
        def write(self, data):
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    class Stdout(io.StringIO):
        buffer = Gone()
    monkeypatch.setattr("sys.stdout", Stdout())
    assert export_main(["seed.csv", "--table", "t.csv", "--ranking", "-"]) == 2
    assert capsys.readouterr().err == "cannot write standard output: Broken pipe\n"
    assert files(seed) == ["seed.csv", "t.csv"]  # the files were written before
