"""The table's rounding bound beside a closed form is computed with the result (the
document's job: once per revision, on the worker's thread for a large document), only
when a closed form applies, and the Figures panel only formats it: its show_result calls
no rounding_error (it took 21 of 26 ms per refresh on 100,000 Zipf outcomes)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from klgui.core.families import Binomial, Uniform, Zipf
from klgui.core.families import closed_form, exact_decimal
from klgui.core.families.closed_form import rounding_error
from klgui.model import family_columns
from klgui.model.document import Document
from klgui.model.edits import Edits


def _families(p, q) -> Document:
    doc = Document()
    doc.fill_from_family("Q", q, create_outcomes=True)
    doc.set_family("P", p)
    return doc


def _counting(monkeypatch) -> list[int]:
    """Count rounding_error calls wherever it is bound (core and model namespaces)."""
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return rounding_error(*args, **kwargs)
    for module in (exact_decimal, closed_form, family_columns):
        monkeypatch.setattr(module, "rounding_error", counted)
    return calls


def test_the_result_carries_the_bounds_rounding_error_gives():
    """The same doubles as rounding_error of the compared columns, both directions
    (independent call: it takes its own logarithms)."""
    doc = _families(Zipf(1.1, 2000), Zipf(1.3, 2000))
    job = doc.job()
    assert job.closed_form
    result = job.run()
    c = result.comparison
    assert result.table_errors == (rounding_error(c.p, c.q, c.kl_pq),
                                   rounding_error(c.q, c.p, c.kl_qp))
    assert all(e > 0 for e in result.table_errors)


def test_bits_scale_to_nats_as_the_panel_did():
    doc = _families(Binomial(10, 0.3), Binomial(10, 0.4))
    doc.set_unit("bits")
    c = doc.result().comparison
    scale = math.log(2)  # nats per bit
    assert doc.result().table_errors == (rounding_error(c.p, c.q, c.kl_pq * scale),
                                         rounding_error(c.q, c.p, c.kl_qp * scale))


@pytest.mark.parametrize("p, q", [(Uniform(), Zipf(1.2)), (None, None)],
                         ids=["two_families", "typed"])
def test_no_bound_and_no_cost_without_a_closed_form(monkeypatch, p, q):
    doc = Document()
    if p is not None:
        doc = _families(p, q)
    calls = _counting(monkeypatch)
    job = doc.job()
    assert not job.closed_form
    result = job.run()
    assert result.ok and result.table_errors is None
    assert calls == []


def test_the_panel_formats_the_bound_without_computing_it(qapp, monkeypatch):
    from klgui.ui.pages import comparison_panel
    from klgui.ui.pages.comparison_panel import ComparisonPanel
    # bin_near of test_closed_form_accuracy: only the table's bound explains the gap
    doc = _families(Binomial(10, 0.3), Binomial(10, 0.300000000003))
    panel = ComparisonPanel(Edits(doc, lambda step: None))
    result = doc.result()
    calls = _counting(monkeypatch)
    monkeypatch.setattr(comparison_panel, "rounding_error", _raise, raising=False)
    panel.show_result(result)
    assert calls == []
    text = panel.formula.text()
    assert text.count("only rounding separates them") == 2, text
    # the bound shown is the result's: without it the same gap is "more than rounding"
    panel.show_result(replace(result, table_errors=None))
    assert "only rounding separates them" not in panel.formula.text()
    assert "more than rounding" in panel.formula.text()
    panel.deleteLater()


def _raise(*args, **kwargs):
    raise AssertionError("the panel computed a rounding bound")


def test_the_bound_summed_in_blocks_is_the_formulas():
    """rounding_error works in blocks of 32,768 outcomes; over three blocks it is still
    8u(1+1e-12)·(Σ (1+|log a|) a |log(a/b) − D| + Σ (1+|log b|) |a − b|) + 4uD, here
    summed term by term with math.fsum; a b of 0 where a is not, in the last block
    only, still gives 0 (D is ∞)."""
    import numpy as np
    n = 70_000
    k = np.arange(1, n + 1, dtype=np.float64)
    a, b = k ** -1.1 / np.sum(k ** -1.1), k ** -1.3 / np.sum(k ** -1.3)
    d = math.fsum((a * np.log(a / b)).tolist())
    u = 2.0 ** -53
    terms = [(1 + abs(math.log(x))) * x * abs(math.log(x) - math.log(y) - d)
             + (1 + abs(math.log(y))) * abs(x - y) for x, y in zip(a.tolist(), b.tolist())]
    expected = 8 * u * (1 + 1e-12) * math.fsum(terms) + 4 * u * d
    assert rounding_error(a, b, d) == pytest.approx(expected, rel=1e-13)
    b0 = b.copy()
    b0[-1] = 0.0
    assert rounding_error(a, b0, d) == 0.0
