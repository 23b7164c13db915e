"""Shared test setup. Qt runs offscreen so the suite needs no display."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))  # for the `oracle` helper module

import pytest  # noqa: E402


@pytest.fixture
def window(qtbot):
    """The real main window, shown offscreen, with the coin example."""
    from klgui.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w
