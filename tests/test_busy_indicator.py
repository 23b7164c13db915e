"""The status bar's busy look (klgui.ui.shell.status.BusyIndicator): shown only when
work outlasts its delay, with the text of the moment; a quick computation never shows
it (no flicker)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from klgui.ui.shell.status import BusyIndicator, ElidingStatusBar

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _indicator(qtbot, texts):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setStatusBar(ElidingStatusBar(window))
    indicator = BusyIndicator(window.statusBar(), lambda: texts[-1], 150)
    window.show()
    qtbot.waitExposed(window)
    return window, indicator  # the window held: it owns the indicator


def test_work_that_ends_before_the_delay_never_shows(qtbot):
    _window, indicator = _indicator(qtbot, ["Computing 2 outcomes…"])
    assert not indicator.label.isVisible() and not indicator.bar.isVisible()
    indicator.start_waiting()
    assert indicator.timer.isActive() and indicator.timer.interval() == 150
    assert not indicator.bar.isVisible()
    indicator.hide()  # the result came first
    assert not indicator.timer.isActive() and not indicator.bar.isVisible()


def test_work_that_outlasts_the_delay_shows_the_text_of_that_moment(qtbot):
    texts = ["Computing 2 outcomes…"]
    _window, indicator = _indicator(qtbot, texts)
    indicator.start_waiting()
    texts.append("Computing 100,000 outcomes…")  # the document grew meanwhile
    indicator.timer.timeout.emit()  # the delay is over
    assert indicator.label.isVisible() and indicator.bar.isVisible()
    assert indicator.label.text() == "Computing 100,000 outcomes…"
    indicator.timer.stop()
    indicator.start_waiting()  # more work while shown: no second wait, it stays
    assert not indicator.timer.isActive() and indicator.bar.isVisible()
    indicator.hide()
    assert not indicator.label.isVisible() and not indicator.bar.isVisible()
