"""The Fill from family dialog fits the screen at 200% zoom (1024×768, the tester's
case): its texts wrap, and no line of it is wider than the screen. It was 1,262 px wide
at 200%: the Replace check box wrote its whole sentence on one line."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from conftest import shown_window
from klgui.ui.table.family_dialog import TITLES

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(params=["system", "contrast"])
def zoomed(qtbot, request):
    w = shown_window(qtbot)
    w.theme.set_theme(request.param, say=False)
    w.resize(1024, 768)
    w.classroom.set_zoom(200)
    yield w
    w.classroom.set_zoom(100)
    w.theme.set_theme("system", say=False)


def _cut_texts(dialog) -> list[str]:
    """Labels and buttons narrower than their text needs (a label that wraps needs
    only its longest word)."""
    bad = []
    for label in dialog.findChildren(QLabel):
        if not label.isVisibleTo(dialog) or not label.text():
            continue
        metrics = label.fontMetrics()
        words = label.text().split() if label.wordWrap() else [label.text()]
        needed = max(metrics.horizontalAdvance(w) for w in words)
        if label.contentsRect().width() < needed:
            bad.append(label.text())
        elif label.wordWrap() and label.height() < label.heightForWidth(label.width()):
            bad.append(f"{label.text()} (too short for its lines)")
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisibleTo(dialog) and button.width() < button.sizeHint().width():
            bad.append(button.text())
    return bad


@pytest.mark.parametrize("family", list(TITLES))
def test_the_fill_dialog_fits_the_screen_at_200_percent(zoomed, qtbot, family):
    dialog = zoomed.columns.family_dialog(zoomed.document.focus_id)
    qtbot.addWidget(dialog)
    dialog.choose(family)
    if family == "poisson":
        dialog.set_value("lam", 3.0)  # replacing the coin's outcomes with 0…10 and ≥ 11
        assert dialog.create.isChecked() and "0…10 and ≥ 11" in dialog.create.text()
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.adjustSize()  # as large as it likes, the screen allowing
    qtbot.wait(1)
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= min(screen.width(), zoomed.width())
    assert dialog.frameGeometry().height() <= screen.height()
    assert _cut_texts(dialog) == []
    assert dialog.font().pointSizeF() == pytest.approx(zoomed.font().pointSizeF())


@pytest.mark.parametrize("family", list(TITLES))
def test_the_fill_dialog_is_as_tall_as_the_family_shown(zoomed, qtbot, family):
    """No empty band under a family of few parameters: the dialog was as tall as its
    tallest family's page (a stacked widget's height), whichever family was chosen."""
    dialog = zoomed.columns.family_dialog(zoomed.document.focus_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for first in ("logits", family):  # the tallest page first: the dialog shrinks after
        dialog.choose(first)
        qtbot.wait(1)
    page = dialog.page
    assert page.isVisible() and page.height() >= page.minimumSizeHint().height()
    last = max(page.findChildren(QWidget), key=lambda c: c.geometry().bottom()
               if c.isVisibleTo(page) else -1)
    bottom = last.mapTo(dialog, last.rect().bottomLeft()).y()
    top = dialog.create.mapTo(dialog, dialog.create.rect().topLeft()).y()
    spacing = dialog.layout().spacing() + page.layout().contentsMargins().bottom()
    assert top - bottom <= spacing + 2, f"{top - bottom} px between the page and Replace"
