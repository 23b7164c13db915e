"""One way to shorten a text that does not fit: by characters, or by pixels."""

from PySide6.QtGui import QFont, QFontMetrics

from klgui.ui.elide import elided, short_text


def test_short_text_keeps_a_fitting_text_and_cuts_a_long_one_to_the_limit():
    assert short_text("cat", 3) == "cat"
    assert short_text("category", 4) == "cat…"
    assert len(short_text("x" * 100, 60)) == 60


def test_elided_ends_in_an_ellipsis_within_the_width_and_keeps_a_text_that_fits(qapp):
    metrics = QFontMetrics(QFont())
    long = "Zipf-like word counts of two books " * 4
    width = metrics.horizontalAdvance(long) // 3
    short = elided(long, metrics, width)
    assert short.endswith("…") and long.startswith(short[:-1])
    assert metrics.horizontalAdvance(short) <= width
    assert elided("cat", metrics, 1000) == "cat"
