"""Autosave and the crash reporter under a full disk, a log that cannot be opened, and a
crash soon after restoring work: one non-modal notice, never a bug dialog, never lost
work, and a reporter that never raises."""

import errno
import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

import klgui.ui.shell.autosave as autosave_module
from klgui.io.session import load_session, save_session
from klgui.ui.shell.autosave import Autosave, offer_restore
from klgui.ui.shell.crash_reporter import LOG_NAME, CrashReporter

from test_crash_safety import reporter, shown_boxes  # noqa: F401 -- fixtures

#: The offscreen platform's own remark when a top-level dialog (the notice) is shown.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
NOTICE = "Autosave failed: the disk is full; your work is not being backed up."


def _full_disk(path, snapshot):
    raise OSError(errno.ENOSPC, "No space left on device", str(path))


def _notices():
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible() and w.text() == NOTICE]


def _edit_and_autosave(window, qtbot, autosave, signal, text):
    window.edits.set_entry("P", 0, text)
    with qtbot.waitSignal(signal):
        autosave.save_now()


def test_a_full_disk_gives_one_non_modal_notice_until_autosave_works_again(
        window, qtbot, tmp_path, monkeypatch, reporter, shown_boxes):  # noqa: F811
    autosave = Autosave(window, tmp_path)
    monkeypatch.setattr(autosave_module, "save_session", _full_disk)
    for text in ("0.5", "0.6", "0.7"):  # three ticks of a failing autosave
        _edit_and_autosave(window, qtbot, autosave, autosave.sigFailed, text)
    assert len(_notices()) == 1
    notice = _notices()[0]
    assert not notice.isModal() and QApplication.activeModalWidget() is None
    assert shown_boxes == []  # no "bug" dialog
    assert not autosave.path.exists()

    monkeypatch.setattr(autosave_module, "save_session", save_session)
    with qtbot.waitSignal(autosave.sigWritten):
        autosave.save_now()  # the same revision is tried again after a failure
    assert _notices() == [] and load_session(autosave.path).p[0] == "0.7"

    monkeypatch.setattr(autosave_module, "save_session", _full_disk)
    _edit_and_autosave(window, qtbot, autosave, autosave.sigFailed, "0.8")
    assert len(_notices()) == 1  # failing again after working: said again
    assert shown_boxes == []
    monkeypatch.setattr(autosave_module, "save_session", save_session)
    autosave.finish()


def test_restored_work_keeps_its_file_until_the_new_copy_is_on_disk(
        window, qtbot, dialogs, tmp_path, monkeypatch):
    window.edits.load(["a", "b"], ["1", "2"], ["3", "4"], name="lesson")
    orphan = tmp_path / "autosave-1.kld.json"
    save_session(orphan, window.document.snapshot())
    window.edits.load(["x", "y"], ["1", "1"], ["1", "1"], name="other")
    window.files.mark_clean(None)
    autosave = Autosave(window, tmp_path)
    go = threading.Event()

    def slow_write(path, snapshot):  # the copy takes a while to reach the disk
        go.wait()
        save_session(path, snapshot)
    monkeypatch.setattr(autosave_module, "save_session", slow_write)
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    assert offer_restore(window, tmp_path)
    assert list(window.document.labels) == ["a", "b"]
    assert orphan.exists() and not autosave.path.exists()  # a crash now would lose nothing
    with qtbot.waitSignal(autosave.sigWritten):
        go.set()
    assert not orphan.exists() and load_session(autosave.path).labels == ("a", "b")
    autosave.finish()


def test_restored_work_survives_a_failing_autosave(window, qtbot, dialogs, tmp_path,
                                                   monkeypatch):
    orphan = tmp_path / "autosave-1.kld.json"
    save_session(orphan, window.document.snapshot())
    autosave = Autosave(window, tmp_path)
    monkeypatch.setattr(autosave_module, "save_session", _full_disk)
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    with qtbot.waitSignal(autosave.sigFailed):
        assert offer_restore(window, tmp_path)
    assert orphan.exists() and len(_notices()) == 1
    monkeypatch.setattr(autosave_module, "save_session", save_session)
    with qtbot.waitSignal(autosave.sigWritten):
        autosave.save_now()
    assert not orphan.exists() and autosave.path.exists() and _notices() == []
    autosave.finish()


@pytest.mark.qt_no_exception_capture
def test_the_crash_reporter_survives_a_full_disk(qtbot, tmp_path, monkeypatch,
                                                 shown_boxes, capsys):  # noqa: F811
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    r = CrashReporter(tmp_path)
    r.install()
    try:
        def full(*args):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(r._handler.stream, "write", full)
        monkeypatch.setattr(r._handler.stream, "flush", full)
        r.report(ZeroDivisionError, ZeroDivisionError("a bug"), None)  # must not raise
        assert len(shown_boxes) == 1
        text, informative, details = shown_boxes[0]
        assert "ZeroDivisionError: a bug" in text and "ZeroDivisionError" in details
        assert "could not be written" in informative and "No space left on device" in informative
        monkeypatch.setattr(sys, "stderr", None)  # pythonw: no stderr at all
        r.report(ValueError, ValueError("another"), None)
        assert len(shown_boxes) == 2
    finally:
        monkeypatch.undo()
        r.uninstall()


@pytest.mark.qt_no_exception_capture
def test_a_log_that_cannot_be_opened_costs_only_the_log(window, dialogs, monkeypatch,
                                                        shown_boxes):  # noqa: F811
    from klgui.app import _start
    from klgui.ui.shell.crash_reporter import data_folder

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    (data_folder() / LOG_NAME).mkdir()  # a folder where the log file should be
    _start(QApplication.instance(), window)
    reporter_ = sys.excepthook.__self__
    try:
        assert isinstance(reporter_, CrashReporter) and reporter_.log_problem
        autosave = window.findChild(Autosave)
        assert autosave is not None and autosave.timer.isActive()
        reporter_.report(RuntimeError, RuntimeError("a bug"), None)
        assert "could not be written" in shown_boxes[0][1]
    finally:
        reporter_.uninstall()
        window.findChild(Autosave).finish()
