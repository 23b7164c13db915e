"""The Bayes lab refuses a typed likelihood in the words the table uses for the same text
in the same locale (a tester's finding: in de_DE the lab said "or 1.000 with a comma
for decimals" for 1.000, where the table says "1,000", and hinted "such as 0.8" where
the table hints "0,8"). The oracle is the table of the same window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt

from conftest import shown_window
from klgui.ui.table.outcome_model import P_ENTRY

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
#: Texts each locale refuses: its ambiguous thousands, no number, a minus zero, …
TEXTS = {"de_DE": ["1.000", "abc", "-0", "1/0", "2,5,5", "1,5%%"],
         "en_US": ["1,000", "abc", "-0", "1/0", "2,5,5", "1.5%%"]}


def table_says(window, qtbot, text: str) -> str:
    """What the table says for ``text`` typed into P of the first row (its cell and
    row named before it)."""
    view = window.table.view
    index = view.model().index(0, P_ENTRY)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    said = window.table.message.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    label = window.document.labels[0]
    where = f"Row 1 ({label!r}), P: "
    assert said.startswith(where), (text, said)
    return said[len(where):]


@pytest.mark.parametrize("locale", ["de_DE", "en_US"])
def test_the_lab_refuses_a_likelihood_as_the_table_refuses_the_same_text(qtbot, in_locale,
                                                                         locale):
    in_locale(GERMAN if locale == "de_DE" else ENGLISH)
    window = shown_window(qtbot)
    window.edits.load(["heads", "tails"], ["1", "1"], ["1", "1"])
    table = {text: table_says(window, qtbot, text) for text in TEXTS[locale]}
    page = window.bayes
    window.show_page(page)
    qtbot.waitUntil(lambda: page.likelihood.size == 2 and not page.busy)
    for text in TEXTS[locale]:
        assert not page.set_likelihood(0, text)
        assert page.error.text() == table[text], text
    if locale == "de_DE":  # the tester's two cases, as the table has them
        assert table["1.000"].endswith("or 1,000 with a comma for decimals.")
        assert "such as 0,8" in table["abc"]


def test_the_headline_and_the_likelihoods_are_written_as_the_locale_writes(qtbot,
                                                                           in_locale):
    """A tester's find in de_DE: the headline read "Information gained so far: 1.58496
    bits" (the figure localized twice: the comma swapped back to a dot, a thousand and
    more to a German reader) and the likelihood column "0.5" beside "0,333333"."""
    in_locale(GERMAN)
    window = shown_window(qtbot)
    window.edits.load(["0", "0,5", "1"], ["1", "1", "1"], ["1", "1", "1"])
    page = window.bayes
    window.show_page(page)
    qtbot.waitUntil(lambda: page.likelihood.size == 3 and not page.busy)
    model = page.table.model_
    shown = [model.data(model.index(1, c)) for c in range(model.columnCount())]
    assert shown[:3] == ["0,5", "0,333333", "0,5"], shown
    for press in (page.add_button, page.add_button, page.opposite_button):
        with qtbot.waitSignal(window.sigRefreshed, timeout=10_000, raising=False):
            qtbot.mouseClick(press, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.busy)
    qtbot.waitUntil(lambda: len(page.steps) == 3)
    assert page.gain.text() == "Information gained so far: 1,58496 bits"  # log2 3
