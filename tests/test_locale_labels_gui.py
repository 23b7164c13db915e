"""Numeric labels with a decimal comma in the window (de_DE), driven with qtbot: a
tester's labels 0,5 / 1,5 / 2,5 were read as positions 0, 1, 2, so the fit lab's Normal
μ said "smallest at μ = 1" (right: 1,5) and a Normal column was binned on 0, 1, 2."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialog
from scipy import stats

from conftest import shown_window
from klgui.core.families import Normal
from klgui.ui.table.family_dialog import FamilyDialog

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
WAIT = 60_000  # ms: a generous bound for a busy machine, not a speed test
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def german(in_locale, qtbot):
    in_locale(GERMAN)
    w = shown_window(qtbot)
    w.edits.load(["0,5", "1,5", "2,5"], ["1", "2", "1"], ["1", "1", "1"])
    return w


def test_the_fit_labs_normal_finds_mu_at_the_middle_decimal_comma_label(german, qtbot):
    fit = german.fit
    german.show_page(fit)
    with qtbot.waitSignal(fit.sigResultShown, timeout=WAIT,
                          check_params_cb=lambda r: r is not None
                          and r.model.family == "normal"):
        fit.family.setCurrentIndex(fit.family.findData("normal"))
    # P = 1, 2, 1 on 0,5 / 1,5 / 2,5 is symmetric about 1,5: both minima are there
    for curve in (fit.result.forward, fit.result.reverse):
        assert [p.theta for p in curve.points] == [pytest.approx(1.5, abs=1e-9)]
    assert fit.lesson.text().count("μ = 1,5") == 2


def test_a_normal_column_is_binned_between_decimal_comma_labels(german, monkeypatch):
    doc = german.document

    def accepted(self):
        self.choose("normal")
        self.set_value("mean", 1.5)
        self.set_value("sd", 1.0)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(FamilyDialog, "exec", accepted)
    german.table.view.setCurrentIndex(german.table.model.index(0, doc.field_of(doc.focus_id)))
    assert german.columns.fill_from_family()
    assert doc.family_of(doc.focus_id) == Normal(1.5, 1.0) and doc.labels == ["0,5", "1,5", "2,5"]
    cut = stats.norm(1.5, 1.0).cdf([1.0, 2.0])  # halfway between the outcomes
    assert doc.probabilities(doc.focus_id) == pytest.approx(
        [cut[0], cut[1] - cut[0], 1 - cut[1]], rel=1e-13)
