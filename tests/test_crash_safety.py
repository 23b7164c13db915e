"""Errors nobody expected reach a dialog and a log and the app survives; unsaved work
is autosaved and offered back after a crash."""

import os
import subprocess
import sys
import threading

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from klgui.io.session import load_session, save_session
from klgui.ui.shell.autosave import Autosave, offer_restore, orphans
from klgui.ui.shell.crash_reporter import CrashReporter
from klgui.ui.shell.main_window import MainWindow

from test_edits import state_of
from oracle import typed_compare


@pytest.fixture
def shown_boxes(monkeypatch):
    """QMessageBox.exec answered at once; the boxes' texts are kept."""
    boxes = []

    def exec_(box):
        boxes.append((box.text(), box.informativeText(), box.detailedText()))
        return QMessageBox.StandardButton.Ok
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return boxes


@pytest.fixture
def reporter(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    r = CrashReporter(tmp_path)
    r.install()
    yield r
    r.uninstall()


def _boom() -> None:
    raise ZeroDivisionError("a bug in a slot")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_shown_and_logged_and_the_app_keeps_running(
        window, qtbot, reporter, shown_boxes, capsys):
    action = QAction("Break", window)
    action.triggered.connect(_boom)
    action.trigger()
    assert len(shown_boxes) == 1
    text, info, details = shown_boxes[0]
    assert text == "Something went wrong: ZeroDivisionError: a bug in a slot"
    assert str(reporter.log_path) in info
    assert "in _boom" in details and "ZeroDivisionError" in details
    log = reporter.log_path.read_text("utf-8")
    assert "Uncaught exception" in log and "in _boom" in log
    assert "ZeroDivisionError" in capsys.readouterr().err  # and on stderr, as before

    with qtbot.waitSignal(window.sigRefreshed):  # the window still works
        window.edits.set_entry("P", 0, "0.5")
    assert window.panel.figures["kl_pq"].value == typed_compare([0.5, 0.2], [0.6, 0.4]).kl_pq


@pytest.mark.qt_no_exception_capture
def test_an_error_on_another_thread_reaches_the_dialog(qtbot, reporter, shown_boxes):
    thread = threading.Thread(target=_boom)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown_boxes) == 1)
    assert "a bug in a slot" in shown_boxes[0][0]


# -- autosave --------------------------------------------------------------------------
def test_unsaved_work_is_autosaved_and_removed_once_saved(window, dialogs, tmp_path):
    autosave = Autosave(window, tmp_path)
    assert autosave.timer.isActive() and autosave.timer.interval() == 5000
    autosave.save_now()
    autosave.wait()
    assert not autosave.path.exists()  # nothing unsaved, nothing written
    window.edits.set_entry("Q", 0, "1/2")
    autosave.save_now()
    autosave.wait()
    assert load_session(autosave.path) == window.document.snapshot()
    dialogs.save_paths.append(tmp_path / "kept.kld.json")
    window.files.save_action.trigger()
    autosave.save_now()
    assert not autosave.path.exists()
    window.edits.set_label(0, "H")
    autosave.save_now()
    autosave.finish()  # a clean exit
    assert not autosave.path.exists() and list(tmp_path.glob("autosave-*")) == []


def test_the_autosave_of_a_running_app_is_not_offered(window, tmp_path):
    autosave = Autosave(window, tmp_path)
    window.edits.set_entry("Q", 0, "1/2")
    autosave.save_now()
    autosave.wait()
    assert autosave.path.exists() and orphans(tmp_path) == []
    autosave.finish()


def test_after_a_crash_the_next_start_restores_the_work(window, qtbot, dialogs, tmp_path):
    window.edits.load(["a", "b", "c"], ["1", "2/3", "40%"], ["1", "1", "1"], name="lesson")
    window.edits.set_unit("bits")
    expected = state_of(window.document)
    # The crashed app: its autosave is on disk and its lock names a process now gone.
    path = tmp_path / f"autosave-{os.getpid() + 100000}.kld.json"
    save_session(path, window.document.snapshot())
    crash = ("import os, sys; from PySide6.QtCore import QLockFile;"
             "lock = QLockFile(sys.argv[1]); lock.tryLock(0); os._exit(1)")
    subprocess.run([sys.executable, "-c", crash, str(path) + ".lock"], check=False, timeout=60)
    assert (tmp_path / (path.name + ".lock")).exists()
    assert orphans(tmp_path) == [path]
    assert not (tmp_path / (path.name + ".lock")).exists()  # the dead app's lock is gone

    fresh = MainWindow(remember_layout=False)
    qtbot.addWidget(fresh)
    autosave = Autosave(fresh, tmp_path)
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    with qtbot.waitSignal(autosave.sigWritten):  # the restored work's own copy
        assert offer_restore(fresh, tmp_path)
    asked = dialogs.asked[-1]
    assert "did not close properly" in asked and "“lesson” (3 outcomes)" in asked
    assert state_of(fresh.document) == expected
    assert fresh.isWindowModified()  # restored work is not saved yet
    assert fresh.undo_action.text().replace("&", "") == "Undo Restore unsaved work"
    assert orphans(tmp_path) == [] and not path.exists()
    assert state_of_session(autosave.path) == expected
    autosave.finish()


def test_an_autosave_a_version_1_app_left_is_offered_back_and_opens(window, qtbot, dialogs,
                                                                   tmp_path):
    from pathlib import Path
    v1 = Path(__file__).parent / "data" / "sessions_v1" / "rich.kld.json"
    path = tmp_path / f"autosave-{os.getpid() + 100001}.kld.json"
    path.write_bytes(v1.read_bytes())
    fresh = MainWindow(remember_layout=False)
    qtbot.addWidget(fresh)
    autosave = Autosave(fresh, tmp_path)
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    with qtbot.waitSignal(autosave.sigWritten):
        assert offer_restore(fresh, tmp_path)
    doc = fresh.document
    assert list(doc.texts("P")) == ["4/5", "15%", "1"] and list(doc.texts("Q")) == ["0.6", "0.3", "0"]
    assert doc.unit == "hartleys" and doc.digits == 11 and doc.smoothing is not None
    autosave.finish()


def state_of_session(path):
    from klgui.model.document import Document
    d = Document()
    d.restore(load_session(path))
    return state_of(d)


def test_restored_work_tells_its_repeated_labels_as_opening_the_session_does(
        window, dialogs, tmp_path):
    """Opening a session that repeats labels says so in the status bar; restoring the
    same session from an autosave said nothing."""
    from klgui.io.session import session_text
    from klgui.model.document import DistributionSpec
    window.document.load_columns(["the", "of", "the", "", ""], [
        DistributionSpec("P", "reference", ("1", "2", "3", "4", "5")),
        DistributionSpec("Q", "model", ("1",) * 5)])
    text = session_text(window.document.snapshot())
    (tmp_path / "s.kld.json").write_text(text, "utf-8")
    assert window.files.open(tmp_path / "s.kld.json")
    note = ("1 label(s) repeat, first 'the' (separate outcomes, as the session holds "
            "them).")
    assert window.statusBar().currentMessage() == f"Opened s.kld.json. {note}"
    window.statusBar().clearMessage()
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "autosave-1.kld.json").write_text(text, "utf-8")
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    assert offer_restore(window, folder)
    assert window.statusBar().currentMessage().startswith("Restored the unsaved work from ")
    assert window.statusBar().currentMessage().endswith(f". {note}")
    assert list(window.document.labels) == ["the", "of", "the", "", ""]


def test_declined_work_is_deleted_and_unreadable_work_is_kept_aside(window, dialogs, tmp_path):
    path = tmp_path / "autosave-1.kld.json"
    save_session(path, window.document.snapshot())
    dialogs.answers.append(QMessageBox.StandardButton.Discard)
    assert not offer_restore(window, tmp_path)
    assert not path.exists() and window.undo_stack.count() == 0
    path.write_text("{not json", encoding="utf-8")
    assert not offer_restore(window, tmp_path)
    assert "cannot be read" in dialogs.warnings[-1]
    assert (tmp_path / "autosave-1.kld.json.unreadable").exists() and orphans(tmp_path) == []


@pytest.mark.qt_no_exception_capture
def test_the_app_starts_its_safety_nets_and_offers_the_orphan(window, dialogs, monkeypatch,
                                                             tmp_path):
    from PySide6.QtWidgets import QApplication

    from klgui.app import _start
    from klgui.ui.shell.crash_reporter import data_folder

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    orphan = data_folder() / "autosave-1.kld.json"
    save_session(orphan, window.document.snapshot())
    dialogs.answers.append(QMessageBox.StandardButton.Discard)
    csv = tmp_path / "three.csv"
    csv.write_text("a,1,2\nb,3,4\nc,5,6\n", encoding="utf-8")
    _start(QApplication.instance(), window, str(csv))
    assert "did not close properly" in dialogs.asked[0] and not orphan.exists()
    assert isinstance(sys.excepthook.__self__, CrashReporter)
    assert window.document.labels == ["a", "b", "c"]  # then the file named on the command line
    autosave = window.findChild(Autosave)
    assert autosave is not None and autosave.timer.isActive()
    sys.excepthook.__self__.uninstall()
    autosave.finish()
