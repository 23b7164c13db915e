"""Atomic writes: a save killed half-way leaves a temporary file that the next save of
that file removes; an error names the file meant, never our temporary file."""

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from klgui.cli import export_main
from klgui.model.document import Document
from klgui.io import atomic
from klgui.io.atomic import (atomic_writer, stale_temporaries, staged_files,
                             write_text_atomically)
from klgui.io.session import load_session, save_session

KILLED_MID_SAVE = """
import os, signal, sys
from klgui.io.atomic import atomic_writer
with atomic_writer(sys.argv[1]) as stream:
    stream.write("half a file")
    stream.flush()
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is POSIX")
def test_the_next_save_removes_what_a_killed_save_left(tmp_path):
    path = tmp_path / "lesson.kld.json"
    save_session(path, Document().snapshot())
    before = path.read_bytes()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent))
    done = subprocess.run([sys.executable, "-c", KILLED_MID_SAVE, str(path)], env=env,
                          timeout=120, check=False)
    assert done.returncode == -9
    left = [p for p in tmp_path.iterdir() if p != path]
    assert len(left) == 1 and left[0].name.startswith(".lesson.kld.json.")  # hidden, partial
    assert path.read_bytes() == before  # the file itself was never touched
    assert stale_temporaries(path) == left
    save_session(path, Document(["a", "b"], ["1", "2"], ["2", "1"]).snapshot())
    assert list(tmp_path.iterdir()) == [path]
    assert load_session(path).labels == ("a", "b")


def test_only_our_stale_temporaries_of_that_file_are_removed(tmp_path):
    path = tmp_path / "t.csv"
    ours_dead = tmp_path / f".t.csv.{os.getpid()}-abcdefgh.tmp"  # this process, not writing
    old_style = tmp_path / ".t.csv.k2j4h5g6.tmp"                 # an older version's name
    old_style_fresh = tmp_path / ".t.csv.zzzzzzzz.tmp"
    keep = [tmp_path / ".other.csv.1-abcdefgh.tmp", tmp_path / "t.csv.tmp",
            tmp_path / ".t.csv.notours.tmp", tmp_path / ".t.csv.1-abc.tmp", old_style_fresh]
    for p in (ours_dead, old_style, *keep):
        p.write_text("x", encoding="utf-8")
    hour_ago = time.time() - atomic.STALE_AFTER_S - 60
    os.utime(old_style, (hour_ago, hour_ago))
    with atomic_writer(path) as stream:  # a save in progress keeps its own temporary
        stream.write("new")
        writing = [p for p in tmp_path.iterdir() if p.name.startswith(f".t.csv.{os.getpid()}-")]
        assert len(writing) == 1 and writing[0] not in stale_temporaries(path)
    assert not ours_dead.exists() and not old_style.exists()
    assert all(p.exists() for p in keep)
    assert path.read_text(encoding="utf-8") == "new"


def test_a_failed_write_names_the_target_not_the_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as info:
        write_text_atomically(target, "x")
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FileNotFoundError) as info:
        write_text_atomically(tmp_path / "missing" / "out.csv", "x")
    assert info.value.filename == str(tmp_path / "missing" / "out.csv")


def test_the_command_line_names_the_file_it_cannot_write(tmp_path, capsys, monkeypatch):
    source = tmp_path / "in.csv"
    source.write_text("a,1,2\nb,3,4\n", encoding="utf-8")
    missing = tmp_path / "missing" / "t.csv"
    assert export_main([str(source), "--table", str(missing)]) == 2  # bad input, as others
    assert capsys.readouterr().err == f"cannot write {missing}: No such file or directory\n"

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(atomic.os, "fsync", full)
    assert export_main([str(source), "--summary", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert err == f"cannot write {tmp_path / 's.csv'}: No space left on device\n"
    assert ".tmp" not in err and sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_save_in_progress_is_never_stale_even_by_a_relative_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with atomic_writer("t.csv") as stream:
        stream.write("x")
        assert stale_temporaries("t.csv") == [] and stale_temporaries(tmp_path / "t.csv") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_staged_files_are_written_all_or_none_with_the_usual_permissions(tmp_path):
    old = tmp_path / "old.csv"
    old.write_text("old")
    old.chmod(0o640)
    with staged_files([tmp_path / "new.csv", old]) as (new_temp, old_temp):
        with atomic_writer(new_temp) as stream:
            stream.write("new")
        old_temp.write_text("replaced")
        assert not (tmp_path / "new.csv").exists() and old.read_text() == "old"
    assert (tmp_path / "new.csv").read_text() == "new" and old.read_text() == "replaced"
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's
    assert old.stat().st_mode & 0o777 == 0o640
    with pytest.raises(OSError) as info:
        with staged_files([tmp_path / "a.csv", old]) as (a, b):
            a.write_text("a")
            with atomic_writer(b) as stream:
                stream.write("b")
                raise OSError(errno.EIO, "Input/output error", str(b))
    assert info.value.filename == str(old)  # the target meant, not its temporary
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.csv", "old.csv"]
    assert old.read_text() == "replaced"
