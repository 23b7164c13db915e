"""Numbers in the system's locale: where it writes decimal commas (de_DE, fr_FR) the
window shows 0,0915162; files and exports keep their own rules; in the C and English
locales nothing changes. The locale is set with QLocale.setDefault, as the system's
would be, and put back after each test."""

import csv
import math

import pytest
from PySide6.QtCore import QLocale, QPointF
from PySide6.QtGui import QGuiApplication

from klgui.core import compare
from klgui.core.formatting import format_figure, full_precision
from klgui.io.presets import find_preset
from klgui.ui.numbers import (count_text, figure_text, full_precision_text,
                              guarded_labels, locale_uses_decimal_comma, localize)
from klgui.ui.table.outcome_model import P_ENTRY, P_NORM, Q_NORM
from oracle import oracle
from conftest import shown_window

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
SWISS = QLocale(QLocale.Language.German, QLocale.Country.Switzerland)


@pytest.fixture
def german_window(in_locale, qtbot):
    in_locale(GERMAN)
    return shown_window(qtbot)


def refreshed(window, qtbot):
    if window.busy or window.results._timer.isActive():
        with qtbot.waitSignal(window.sigRefreshed, timeout=5000):
            pass


def german(value: float, digits: int = 6) -> str:
    """The oracle's way of writing a figure in de_DE: Python's %g, then the German
    decimal comma and the typographic minus."""
    if math.isinf(value):
        return "∞"
    return f"{value:.{digits}g}".replace(".", ",").replace("-", "−") if value else "0"


# -- the module ----------------------------------------------------------------------
@pytest.mark.parametrize("locale, comma", [(GERMAN, True), (FRENCH, True), (ENGLISH, False),
                                           (QLocale.c(), False), (SWISS, False)])
def test_which_locales_write_a_decimal_comma(in_locale, locale, comma):
    in_locale(locale)
    assert locale_uses_decimal_comma() is comma


def test_figures_in_german_keep_the_minus_infinity_and_exponent(in_locale):
    in_locale(GERMAN)
    assert figure_text(0.0915162218494357, 6) == "0,0915162"
    assert figure_text(-0.13862943611198905, 6) == "−0,138629"
    assert figure_text(3.41342e-6, 6) == "3,41342e−06"
    assert figure_text(math.inf, 6) == "∞" and figure_text(0.0, 6) == "0"
    assert figure_text(-0.0, 6) == "0"
    assert figure_text(123456.0, 6) == "123456"  # a figure is never grouped
    assert full_precision_text(0.09151622184943572) == "0,09151622184943572"
    assert full_precision_text(math.inf) == "inf"


@pytest.mark.parametrize("locale, count", [(GERMAN, "1.234.567"), (FRENCH, "1\u202f234\u202f567"),
                                           (ENGLISH, "1,234,567"), (QLocale.c(), "1,234,567"),
                                           (SWISS, "1'234'567")])
def test_counts_are_grouped_as_the_locale_groups_them(in_locale, locale, count):
    in_locale(locale)
    assert count_text(1234567) == count and count_text(999) == "999"
    assert count == localize("1,234,567") or locale is QLocale.c()


def test_sentences_change_only_their_numbers_and_quotes_can_be_kept(in_locale):
    in_locale(GERMAN)
    text = "P sums to 0.999997, not 1; 1,234 outcomes (H(P,Q) ≥ 0.5)."
    assert localize(text) == "P sums to 0,999997, not 1; 1.234 outcomes (H(P,Q) ≥ 0,5)."
    error = "P, outcome 3 ('v1.5'): '1,000.5' is not a number; 0.5 is."
    assert localize(error, keep_quoted=True) == \
        "P, outcome 3 ('v1.5'): '1,000.5' is not a number; 0,5 is."
    assert localize(r"0.8 \cdot \ln\left(\frac{0.8}{0.6}\right)", latex=True) == \
        r"0{,}8 \cdot \ln\left(\frac{0{,}8}{0{,}6}\right)"


def test_guarded_labels_come_back_exactly_and_copy_nothing(in_locale):
    in_locale(GERMAN)
    labels = ["1.5", "a,b", "3"] * 400_000
    view = guarded_labels(labels)
    assert len(view) == len(labels)
    text = f"'{view[0]}' and {view[1]}: 0.25 and 1,200"
    assert localize(text) == "'1.5' and a,b: 0,25 and 1.200"
    assert [localize(x) for x in view[:3]] == ["1.5", "a,b", "3"]


@pytest.mark.parametrize("locale", [ENGLISH, QLocale.c()])
def test_in_english_and_c_nothing_changes(in_locale, locale):
    in_locale(locale)
    c = compare([0.8, 0.2], [0.6, 0.4])
    for value in (c.kl_pq, -c.contributions_pq[1], math.inf, 3.41342e-6, 0.0):
        assert figure_text(value, 6) == format_figure(value, 6)
        assert full_precision_text(value) == full_precision(value)
    labels = ["1.5", "a,b"]
    assert guarded_labels(labels) is labels
    text = "x 0.5, 1,234 'a.b'"
    assert localize(text) == localize(text, latex=True) == text


# -- the window in German --------------------------------------------------------------
def test_the_coins_figures_read_in_german(german_window):
    w = german_window
    want = oracle([0.8, 0.2], [0.6, 0.4])
    assert w.panel.figures["kl_pq"].text() == "0,0915162 nats"
    for name, label in w.panel.figures.items():
        unit = "" if name in ("total_variation", "hellinger") else \
            " √nats" if name == "js_distance" else " nats"
        assert label.text() == german(want[name]) + unit, name
    assert w.panel.identity.text() == (
        f"H(P,Q) = H(P) + D(P‖Q):\n{german(want['cross_entropy_pq'])} = "
        f"{german(want['entropy_p'])} + 0,0915162 nats")
    assert w.panel.asymmetry.text().startswith("Asymmetry: D(P‖Q) − D(Q‖P) = −0,013")
    assert "0,09151622184943568" in w.panel.figures["kl_pq"].toolTip()


def test_the_table_shows_p_q_and_the_entries_in_german(german_window, qtbot):
    """Entries keep their digits and show the locale's decimal mark, as p and q do (the
    document keeps the coin's 0.8: test_paste_gui checks that one column never mixes)."""
    w = german_window
    model = w.table.model
    assert [model.index(r, c).data() for r in (0, 1) for c in (P_ENTRY, P_NORM, Q_NORM)] == \
        ["0,8", "0,8", "0,6", "0,2", "0,2", "0,4"]
    assert w.document.texts("P") == ["0.8", "0.2"]
    w.edits.set_entry("P", 0, "3/5")  # a fraction stays a fraction
    refreshed(w, qtbot)
    assert model.index(0, P_ENTRY).data() == "3/5"
    assert model.index(0, P_NORM).data() == "0,75"
    assert "Σ P = 0,8" in w.table.sums.text()


def test_a_copied_figure_pastes_into_a_german_spreadsheet(german_window):
    w = german_window
    w.panel.figures["kl_pq"].copy()
    assert QGuiApplication.clipboard().text() == "0,09151622184943568"
    model = w.table.model
    assert model.copy_text(0, P_NORM) == "0,8" and model.copy_text(0, P_ENTRY) == "0,8"


def test_the_worked_solution_and_checks_in_german(german_window):
    w = german_window
    want = oracle([0.8, 0.2], [0.6, 0.4])
    w.worked.update_now()
    plain = w.worked.text("plain")
    assert "0,8·ln(0,8/0,6) + 0,2·ln(0,2/0,4)" in plain
    assert "0,230146 + (−0,138629)" in plain and "0,0915162 nats" in plain
    assert "0.8" not in plain
    latex = w.worked.text("latex")
    assert r"\frac{0{,}8}{0{,}6}" in latex and "0.8" not in latex
    assert "0,0915162" in w.worked.view.toPlainText()
    w.checks.update_now()
    shown = [row[3].text() for row in w.checks.rows if row[3].isVisibleTo(w.checks)]
    assert shown[0] == "0,0915162 nats ≥ 0"
    bound = german(math.sqrt(0.0915162218494357 / 2))
    assert shown[4] == f"0,2 ≤ √(0,0915162/2) = {bound}"
    js = want["js_divergence"]
    assert shown[3] == f"{german(js)} nats = {german(js / math.log(2))} bits ≤ 1 bit"


def test_labels_with_dots_and_commas_stay_as_typed(german_window, qtbot):
    w = german_window
    w.load_preset(find_preset("support-mismatch"))
    w.edits.set_label(3, "v1.5,2")
    refreshed(w, qtbot)
    assert w.panel.reason.text() == \
        "D(P‖Q) = ∞ because Q gives 'v1.5,2' probability 0 where P gives 0,05."
    w.load_preset(find_preset("die"))
    w.edits.set_label(0, "1.25")
    w.edits.set_label(1, "2,5")
    refreshed(w, qtbot)
    w.worked.update_now()
    lines = w.worked.text("plain").splitlines()
    assert "  1.25:  0,166667·ln(0,166667/0,1) = 0,0851376" in lines
    assert "  2,5:   0,166667·ln(0,166667/0,1) = 0,0851376" in lines  # still aligned
    assert r"\text{1.25:} & \quad 0{,}166667" in w.worked.text("latex")


def test_the_hover_line_and_chart_title_in_german(german_window, qtbot):
    w = german_window
    plot = w.chart.plots["pq"]
    with qtbot.waitSignal(plot.sigHovered) as blocker:
        plot.scene().sigMouseMoved.emit(plot.getPlotItem().vb.mapViewToScene(QPointF(1.1, 0.01)))
    assert blocker.args[0] == "'tails': p = 0,2, q = 0,4, p·log(p/q) = −0,138629 nats"
    assert "0,0915162 nats" in plot.getPlotItem().titleLabel.text
    assert plot.getAxis("left").tickStrings([-0.1, 0.2], 1, 0.1) == ["-0,1", "0,2"]


def test_the_smoothing_page_shows_and_reads_decimal_commas(german_window, qtbot):
    w = german_window
    w.show_page(w.smoothing)
    panel = w.smoothing
    panel.method.setCurrentIndex(panel.method.findData("floor"))
    refreshed(w, qtbot)
    assert panel.amount.text() == "1e-06"
    panel.amount.selectAll()
    qtbot.keyClicks(panel.amount, "0,05")
    refreshed(w, qtbot)
    assert w.document.smoothing.amount == 0.05 and panel.error.isHidden()
    kl = compare([0.8, 0.2], [0.6, 0.4], smoothing=w.document.smoothing).kl_pq
    assert panel.cells["kl_pq"][0].text() == "0,0915162 nats"
    assert panel.cells["kl_pq"][1].text() == german(kl) + " nats"
    assert "0,05" in w.panel.smoothed.text()
    ticks = panel.plot.getAxis("left").tickStrings([0.05, 0.1], 1, 0.05)
    assert ticks == ["0,05", "0,10"]
    # no SI scale after the unit: small values are written out ("0,0004"), as ticks
    assert "(x" not in panel.plot.getAxis("left").labelString()
    assert panel.plot.getAxis("left").tickStrings([0.0002, 0.0004], 1, 0.0002) == [
        "0,0002", "0,0004"]


def test_an_error_shows_german_numbers_and_quotes_as_typed(german_window, qtbot):
    w = german_window
    w.table.auto_normalize.click()
    w.edits.set_entry("P", 0, "0.7")
    refreshed(w, qtbot)
    assert w.panel.reason.text().startswith("P sums to 0,9, not 1")


def test_exports_keep_their_own_rules_in_german(german_window, qtbot, dialogs, tmp_path):
    w = german_window
    dialogs.save_paths.append(tmp_path / "coin-table.csv")
    assert w.files.export_table()
    rows = list(csv.reader((tmp_path / "coin-table.csv").open(encoding="utf-8")))
    assert rows[1][:5] == ["heads", "0.8", "0.6", "0.8", "0.6"]
    dialogs.save_paths.append(tmp_path / "coin.kld.json")
    assert w.files.save_as()
    assert '"0.8"' in (tmp_path / "coin.kld.json").read_text("utf-8")


def test_the_status_line_counts_in_german(german_window, qtbot, dialogs, tmp_path):
    w = german_window
    path = tmp_path / "v1.2-counts.csv"  # a name with digits keeps them as they are
    path.write_text("outcome,P,Q\n" + "".join(f"o{i},{i + 1},{i + 2}\n" for i in range(1500)),
                    encoding="utf-8")
    dialogs.open_paths.append(path)
    w.files.import_action.trigger()
    refreshed(w, qtbot)
    assert w.statusBar().currentMessage() == (
        "Imported 1.500 outcomes from v1.2-counts.csv (1.500 rows, 3 columns, "
        "comma-separated, with a header).")
