"""The window after a family change that used to break the refresh: a Binomial with
p = 0 and another n than the reference (its closed form was NaN, then an IndexError
stopped the refresh halfway, leaving stale figures), and any view that raises: the
others still show the new result."""

from __future__ import annotations

import math

import pytest

from conftest import type_in_family_box
from klgui.core.families import Binomial

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _line(window, start: str) -> str:
    return next(x for x in window.panel.formula.text().splitlines() if x.startswith(start))


def test_a_point_mass_binomial_of_another_n_shows_its_closed_form(binomials, qtbot):
    """Q's p = 0, then n = 12 and n = 30 (the tester's gui_binom_p0.py): Q is a point
    mass at 0, D(Q‖P) = −log P(0) = ln 1024 (not 'nan nats', not an IndexError)."""
    w = binomials
    for n in ("12", "30"):
        if n == "12":
            type_in_family_box(w, qtbot, "Q", "p", "0")
        type_in_family_box(w, qtbot, "Q", "n", n)
        assert w.document.family_of("Q") == Binomial(int(n), 0.0)
        qp = _line(w, "D(Q‖P)")
        assert "nan" not in w.panel.formula.text()
        assert qp.startswith("D(Q‖P): Formula: 6.93147 nats; table: 6.93147 nats.")
        assert w.document.result().comparison.kl_qp == pytest.approx(math.log(1024),
                                                                       rel=1e-15)
        assert _line(w, "D(P‖Q)").startswith("D(P‖Q): Formula: ∞; table: ∞.")


def test_the_next_edit_after_a_point_mass_updates_every_figure(binomials, qtbot):
    """Q: p = 0, n = 30, then P: p = 0.3 (gui_binom_p0_stale.py): the formula line, the
    headline figure and the ∞ reason follow: D(Q‖P) = −10 ln 0.7."""
    w = binomials
    type_in_family_box(w, qtbot, "Q", "p", "0")
    type_in_family_box(w, qtbot, "Q", "n", "30")
    type_in_family_box(w, qtbot, "P", "p", "0.3")
    want = -10 * math.log(0.7)  # 3.56675 (by hand)
    assert w.document.result().comparison.kl_qp == pytest.approx(want, rel=1e-14)
    assert _line(w, "D(Q‖P)").startswith("D(Q‖P): Formula: 3.56675 nats; table: 3.56675 nats.")
    assert w.panel.figures["kl_qp"].text().startswith("3.56675")
    assert "D(P‖Q) = ∞ because" in w.panel.reason.text()


def test_a_view_that_raises_leaves_the_others_showing_the_new_result(binomials,
                                                                     monkeypatch):
    """One part of the refresh raising (here the Figures page) does not stop the
    table, the chart and the other pages from taking the new result; the error is
    raised after them, to be reported."""
    w = binomials
    w.document.set_family("Q", Binomial(10, 0.2))
    w.refresh()
    result = w.document.result()
    w.table.model._shown, w._charted = None, None  # as before the new result came

    def broken(result):
        raise RuntimeError("a bug in the Figures page")
    monkeypatch.setattr(w.panel, "show_result", broken)
    with pytest.raises(RuntimeError, match="a bug in the Figures page"):
        w._show(result)
    assert w.table.model._shown is result
    assert w._charted[0] is result


def test_the_formula_line_never_shows_an_older_pair_when_it_fails(binomials, monkeypatch):
    w = binomials
    assert w.panel.formula.isVisibleTo(w.panel) and w.panel.formula.text()

    w.document.set_family("Q", Binomial(10, 0.2))
    w.refresh()
    w.panel.figures["kl_pq"].setText("old")

    def broken():
        raise RuntimeError("no figures")
    monkeypatch.setattr(w.document, "family_figures", broken)
    with pytest.raises(RuntimeError, match="no figures"):
        w.panel.show_result(w.document.result())
    assert not w.panel.formula.text() and not w.panel.formula.isVisibleTo(w.panel)
    want = 10 * (0.5 * math.log(0.5 / 0.2) + 0.5 * math.log(0.5 / 0.8))  # by hand
    assert w.panel.figures["kl_pq"].text().startswith(f"{want:.5f}"[:5])


def test_a_chart_that_raised_once_is_drawn_at_the_next_show(binomials, monkeypatch):
    """The chart raising once leaves it not marked as drawn: the next show of the same
    result (an edit in a model out of focus keeps the pair's result) draws it (a
    reviewer found it stayed on the previous pair)."""
    w = binomials
    w.document.set_family("Q", Binomial(10, 0.2))
    w.refresh()
    result = w.document.result()
    w._charted = None
    drawn, real = [], w.chart.show_result

    def once(*args):
        monkeypatch.setattr(w.chart, "show_result",
                            lambda *a: (drawn.append(a[0]), real(*a)))
        raise RuntimeError("a chart bug, once")
    monkeypatch.setattr(w.chart, "show_result", once)
    with pytest.raises(RuntimeError, match="a chart bug, once"):
        w._show(result)
    assert w._charted is None
    w._show(result)
    assert drawn == [result] and w._charted[0] is result


def test_every_part_that_raises_is_reported(binomials, monkeypatch):
    """Two broken views: the first error is raised, the second goes to sys.excepthook
    with its own traceback (only the first used to be reported)."""
    import sys
    w = binomials
    result = w.document.result()
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, e, tb: hooked.append((e, tb)))

    def broken(name):
        def show(*args):
            raise RuntimeError(name)
        return show
    monkeypatch.setattr(w.panel, "show_result", broken("the Figures page"))
    monkeypatch.setattr(w.worked, "show_result", broken("the worked solution"))
    with pytest.raises(RuntimeError, match="the Figures page"):
        w._show(result)
    assert [str(e) for e, _ in hooked] == ["the worked solution"]
    assert hooked[0][1] is not None
    assert w.table.model._shown is result
