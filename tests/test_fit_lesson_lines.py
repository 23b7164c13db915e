"""The fit lab's text at 1024×768, 100%, de_DE (a tester's screenshot): the first screen
showed a line and a half of it, the second line cut through its middle, so "0,22293"
read as "0.22293". The text now stands beside the plot where the table stands below,
on the first screen, and shows whole lines only, however it is scrolled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractSlider, QScrollArea

from conftest import seen_height, shown_window
from klgui.io.presets import find_preset

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
WAIT = 60_000  # ms: a generous bound for a busy machine, not a speed test
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def text_lines(label) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of each line of a rich-text label, laid out by a
    QTextDocument of its text, font and width (the oracle: QLabel lays out with one)."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    assert doc.size().height() == pytest.approx(label.heightForWidth(label.width()), abs=1)
    out, block = [], doc.begin()
    while block.isValid():
        top = doc.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            text = block.text()[line.textStart():line.textStart() + line.textLength()]
            out.append((top + line.y(), top + line.y() + line.height(), text))
        block = block.next()
    return out


def shown_lines(page) -> tuple[list[str], list[str]]:
    """The lines of the fit lab's text its scroll area shows whole, and those it cuts."""
    area = page.lesson_area
    offset, height = area.verticalScrollBar().value(), area.viewport().height()
    whole, cut = [], []
    for top, bottom, text in text_lines(page.lesson):
        top, bottom = top - offset, bottom - offset
        if top >= 0 and bottom <= height:
            whole.append(text)
        elif bottom > 0 and top < height:
            cut.append(text)
    return whole, cut


@pytest.fixture(params=[(1024, 768)])
def german_fit(in_locale, qtbot, request):
    in_locale(GERMAN)
    window = shown_window(qtbot)
    with qtbot.waitSignal(window.sigRefreshed, timeout=WAIT):
        window.load_preset(find_preset("two-modes"))
        window.refresh()
    window.resize(*request.param)
    page = window.fit
    with qtbot.waitSignal(page.sigResultShown, timeout=WAIT):
        window.show_page(page)
    for _ in range(3):  # the reflow, then the page's arrangement for its room
        window.classroom.reflow()
        qtbot.wait(1)
    return window, page


def test_the_lesson_is_on_the_first_screen_in_whole_lines(german_fit):
    window, page = german_fit
    area = page.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea) and area.viewport().height() < 420  # the room
    assert area.verticalScrollBar().maximum() == 0  # the page needs no scrolling
    viewport = page.lesson_area.viewport()
    assert seen_height(viewport) == viewport.height() > 0
    whole, cut = shown_lines(page)
    assert cut == []
    shown = " ".join(whole)
    assert len(whole) >= 8 and "0,22293" in shown and "0,77707" in shown
    assert "0.22293" not in page.lesson.text()


@pytest.mark.parametrize("german_fit", [(1024, 768), (1366, 768)], indirect=True)
def test_the_lesson_scrolls_by_whole_lines(german_fit):
    _, page = german_fit
    bar = page.lesson_area.verticalScrollBar()
    assert bar.maximum() > 0  # more text than room: it scrolls inside itself
    seen = []
    while bar.value() < bar.maximum():
        for action in (QAbstractSlider.SliderAction.SliderSingleStepAdd,
                       QAbstractSlider.SliderAction.SliderPageStepAdd):
            bar.triggerAction(action)
            whole, cut = shown_lines(page)
            assert cut == [], bar.value()
            seen += whole
    assert any("Binomial(n, p)" in text for text in seen)  # the family's note, last
