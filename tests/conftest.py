"""Shared test setup. Qt runs offscreen so the suite needs no display."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))  # for the `oracle` helper module

import pytest  # noqa: E402


def shown_window(qtbot):
    """The real main window, shown offscreen at 1280×720, with the coin example."""
    from klgui.ui.shell.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot):
    """The real main window, shown offscreen, with the coin example."""
    return shown_window(qtbot)


@pytest.fixture
def in_locale():
    """Call with a QLocale to make it the default; the one before comes back after."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    yield QLocale.setDefault
    QLocale.setDefault(before)


class Dialogs:
    """Stand-ins for the modal dialogs, which would wait for a person forever.

    Tests set ``answers`` (what QMessageBox.question returns, in order; Discard when
    none are left), ``open_paths`` and ``save_paths`` (what the file dialogs return,
    "" meaning Cancel), and read ``asked`` and ``warnings`` to see what was shown.
    """

    def __init__(self):
        self.answers, self.open_paths, self.save_paths = [], [], []
        self.asked, self.warnings = [], []

    def question(self, parent, title, text, *args, **kwargs):
        from PySide6.QtWidgets import QMessageBox
        self.asked.append(text)
        return self.answers.pop(0) if self.answers else QMessageBox.StandardButton.Discard

    def warning(self, parent, title, text, *args, **kwargs):
        from PySide6.QtWidgets import QMessageBox
        self.warnings.append(text)
        return QMessageBox.StandardButton.Ok

    def open_path(self, *args, **kwargs):
        return (str(self.open_paths.pop(0)) if self.open_paths else "", "")

    def save_path(self, *args, **kwargs):
        return (str(self.save_paths.pop(0)) if self.save_paths else "", "")


@pytest.fixture(autouse=True)
def c_locale_numbers():
    """Every test starts with numbers written as in the C locale (0.5), whatever the
    machine's locale; tests of another locale set it themselves (test_locale_numbers)."""
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale.c())


@pytest.fixture(autouse=True)
def dialogs(monkeypatch, tmp_path_factory):
    """Every test: modal dialogs answered by a Dialogs object, and the settings file and
    the app's data folder (log, autosaves) in fresh temporary folders."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    d = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", d.question)
    monkeypatch.setattr(QMessageBox, "warning", d.warning)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", d.open_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", d.save_path)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("settings")))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    return d
