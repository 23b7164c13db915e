"""The figures are those of the numbers as typed (issue: 'exact as typed'), and weights
at the edges of the double range (the handed cases 10-14)."""

from __future__ import annotations

import csv
import math
from fractions import Fraction
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klgui.core.numerics.entries import decimal_places, decimal_places_many, exact_weights
from klgui.core.parsing import parse_exact
from klgui.core.numerics.precise import PRECISE_MAX
from klgui.model.document import Document
from conftest import type_into

CASES = Path(__file__).parent / "data" / "cases"


def figures(p, q, unit="nats", labels=None):
    labels = labels or [f"o{i}" for i in range(len(p))]
    result = Document(labels, p, q, unit=unit).result()
    assert result.ok, result.error
    return result.comparison


def exact_oracle(p_texts, q_texts, unit="nats", digits=50):
    """Every figure from the typed rationals, in ``digits`` digits (mpmath)."""
    a = [parse_exact(t) for t in p_texts]
    b = [parse_exact(t) for t in q_texts]
    A, B = sum(a), sum(b)
    with mp.workdps(digits):
        def f(x):
            return mp.mpf(x.numerator) / x.denominator
        p = [f(x / A) for x in a]
        q = [f(y / B) for y in b]
        u = {"nats": 1, "bits": mp.log(2), "hartleys": mp.log(10)}[unit]

        def kl(x, y):
            if any(xi > 0 and yi == 0 for xi, yi in zip(x, y)):
                return mp.inf
            return mp.fsum(xi * mp.log(xi / yi) for xi, yi in zip(x, y) if xi > 0) / u

        def ent(x):
            return -mp.fsum(xi * mp.log(xi) for xi in x if xi > 0) / u
        out = {"kl_pq": kl(p, q), "kl_qp": kl(q, p), "entropy_p": ent(p), "entropy_q": ent(q)}
        out["cross_entropy_pq"] = out["entropy_p"] + out["kl_pq"]
        out["cross_entropy_qp"] = out["entropy_q"] + out["kl_qp"]
        out["jeffreys"] = out["kl_pq"] + out["kl_qp"]
        terms = [xi * mp.log(xi / yi) / u if xi > 0 and yi > 0 else 0 for xi, yi in zip(p, q)]
        return ({k: float(v) for k, v in out.items()}, [float(t) for t in terms],
                [x / A for x in a], [y / B for y in b])


def ulps(got: float, want: float) -> float:
    if got == want:
        return 0.0
    return abs(got - want) / math.ulp(want) if want else math.inf


# -- the issue's own examples ------------------------------------------------------------

def test_the_coins_total_variation_is_written_0_2_and_its_tails_term_in_bits_is_minus_0_2():
    c = figures(["0.8", "0.2"], ["0.6", "0.4"], unit="bits")
    assert c.total_variation == 0.2
    assert c.contributions_pq[1] == -0.2
    assert repr(c.total_variation) == "0.2"


def test_an_outcome_where_p_equals_q_has_a_term_of_exactly_zero():
    c = figures(["0.6", "0.3", "0.1"], ["0.5", "0.3", "0.2"])
    assert c.contributions_pq[1] == 0.0 and c.contributions_qp[1] == 0.0
    assert not np.signbit(c.contributions_qp).any() or c.contributions_qp[2] > 0


def test_counts_and_decimals_of_the_same_distribution_give_exactly_zero():
    c = figures(["3", "3", "4"], ["0.3", "0.3", "0.4"])
    for name in ("kl_pq", "kl_qp", "js_divergence", "total_variation", "hellinger",
                 "jeffreys", "bhattacharyya"):
        assert getattr(c, name) == 0.0, name
    assert not np.signbit(np.concatenate([c.contributions_pq, c.contributions_qp])).any()


@pytest.mark.parametrize("n", [3, PRECISE_MAX + 5, 5000])
def test_no_negative_zero_anywhere_at_any_size(n):
    p = ["0.25"] * n
    c = figures(p, p)
    for array in (c.contributions_pq, c.contributions_qp, c.p, c.q):
        assert not np.signbit(array).any()
    for value in c.figures().values():
        assert not math.copysign(1.0, value) < 0


@pytest.mark.parametrize("n", [40, 3000])
def test_equal_after_normalization_is_exactly_zero_beyond_the_precise_size(n):
    counts = [str(1 + i % 7) for i in range(n)]
    decimals = [str(Fraction(int(c), sum(int(x) for x in counts)).limit_denominator(10**9))
                for c in counts]
    c = figures(counts, decimals)
    assert c.kl_pq == 0.0 and c.total_variation == 0.0 and c.js_divergence == 0.0
    assert c.hellinger == 0.0 and not c.contributions_pq.any()


# -- the property: random decimals and fractions as text -----------------------------------

decimal_text = st.builds(lambda n, k: f"{n // 10 ** k}.{n % 10 ** k:0{k}d}" if k else str(n),
                         st.integers(0, 10 ** 6), st.integers(0, 6))
fraction_text = st.builds(lambda n, d: f"{n}/{d}", st.integers(0, 999), st.integers(1, 999))
percent_text = st.builds(lambda n: f"{n / 10:g}%", st.integers(0, 1000))
entry = st.one_of(decimal_text, decimal_text, fraction_text, percent_text)


@st.composite
def typed_pair(draw, max_n=PRECISE_MAX):
    n = draw(st.integers(1, max_n))
    p = draw(st.lists(entry, min_size=n, max_size=n))
    q = draw(st.lists(entry, min_size=n, max_size=n))
    if not any(parse_exact(t) for t in p) or not any(parse_exact(t) for t in q):
        p[0] = q[0] = "1"
    return p, q


@settings(max_examples=150, deadline=None)
@given(typed_pair(), st.sampled_from(["nats", "bits"]))
def test_figures_are_correctly_rounded_for_the_typed_rationals(pair, unit):
    p, q = pair
    c = figures(p, q, unit)
    want, terms, exact_p, exact_q = exact_oracle(p, q, unit)
    for name, value in want.items():
        assert ulps(getattr(c, name), value) <= 2, (name, getattr(c, name), value)
    assert c.total_variation == float(sum(abs(x - y) for x, y in zip(exact_p, exact_q)) / 2)
    assert c.p.tolist() == [float(x) for x in exact_p]
    assert c.q.tolist() == [float(y) for y in exact_q]
    for got, term in zip(c.contributions_pq.tolist(), terms):
        if math.isfinite(got):
            assert ulps(got, term) <= 2


@st.composite
def near_pair(draw, min_n=PRECISE_MAX + 1, max_n=120):
    """Q is P with some entries moved by one in their last place: D is small, and
    rounding errors of a few ulps per term would show."""
    n = draw(st.integers(min_n, max_n))
    k = draw(st.integers(1, 3))
    counts = draw(st.lists(st.integers(1, 10 ** k), min_size=n, max_size=n))
    moves = draw(st.lists(st.sampled_from([-1, 0, 0, 1]), min_size=n, max_size=n))

    def text(c):
        return f"{c // 10 ** k}.{c % 10 ** k:0{k}d}"
    return [text(c) for c in counts], [text(max(1, c + m)) for c, m in zip(counts, moves)]


@settings(max_examples=40, deadline=None)
@given(st.one_of(typed_pair(max_n=200), near_pair()), st.sampled_from(["nats", "bits"]))
def test_larger_tables_are_correctly_rounded_too(pair, unit):
    """Beyond PRECISE_MAX outcomes the kernel runs on the exact weights and the KL
    family is redone in double-double (core.refine)."""
    p, q = pair
    c = figures(p, q, unit)
    want, terms, exact_p, exact_q = exact_oracle(p, q, unit)
    for name, value in want.items():
        assert ulps(getattr(c, name), value) <= 2, (name, getattr(c, name), value)
    assert c.total_variation == pytest.approx(
        float(sum(abs(x - y) for x, y in zip(exact_p, exact_q)) / 2), rel=2.3e-16, abs=0)
    for got, term in zip(c.contributions_pq.tolist(), terms):
        if math.isfinite(got):
            assert ulps(got, term) <= 2


@settings(max_examples=60, deadline=None)
@given(typed_pair(), st.sampled_from(["nats", "bits", "hartleys"]))
def test_the_double_double_path_agrees_with_the_fixed_point_one(pair, unit):
    """core.refine and core.precise are independent: on small tables, zeros and
    infinities included, they give the same doubles."""
    from klgui.core.numerics.entries import TypedColumn
    from klgui.core.numerics.precise import compare_precise
    from klgui.core.numerics.refine import kl_family, unit_size
    p, q = pair
    job = Document([f"o{i}" for i in range(len(p))], p, q).job()
    a, a_low, _ = TypedColumn(job.p, job.places["P"], job.odd["P"]).weight_parts()
    b, b_low, _ = TypedColumn(job.q, job.places["Q"], job.odd["Q"]).weight_parts()
    refined = kl_family(a, b, unit_size(unit), a_low, b_low)
    precise = compare_precise([parse_exact(t) for t in p], [parse_exact(t) for t in q], unit)
    for name, value in refined.items():
        want = getattr(precise, name)
        if isinstance(value, np.ndarray):
            assert all(ulps(x, y) <= 1 for x, y in zip(value.tolist(), want.tolist())
                       if math.isfinite(y)), name
            assert (np.isinf(value) == np.isinf(want)).all(), name
        else:
            assert ulps(value, want) <= 1 or (math.isinf(value) and math.isinf(want)), name


# -- weights at the edges (handed cases) ------------------------------------------------------

def read_case(name):
    with open(CASES / name, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


@pytest.mark.parametrize("name, figure, want", [
    ("10a-bhattacharyya-near-disjoint-1e17.csv", "bhattacharyya", 39.143946580898777),
    ("10b-bhattacharyya-near-disjoint-1e6.csv", "bhattacharyya", 13.815511557963774),
    ("12-near-certain-entropy.csv", "entropy_p", 9.0337544376738898e-24),
    ("13a-weight-below-double-range.csv", "kl_pq", 401.10795154690103),
    ("13b-all-weights-below-double-range.csv", "kl_pq", 0.14384103622589046),
])
def test_handed_cases_at_the_edges_of_the_double_range(name, figure, want):
    labels, p, q = read_case(name)
    c = figures(p, q, labels=labels)
    assert ulps(getattr(c, figure), want) <= 2


def test_columns_on_far_apart_scales_give_the_figures_of_rescaled_ones():
    labels, p, q = read_case("14-scales-far-apart.csv")
    far = figures(p, q, labels=labels)
    near = figures(["2", "3"], ["2", "3"])
    assert far.figures() == near.figures()
    assert far.kl_pq == 0.0 and far.total_variation == 0.0


def test_identical_distributions_have_no_negative_zero_term():
    labels, p, q = read_case("11-identical-negative-zero.csv")
    c = figures(p, q, labels=labels, unit="bits")
    assert not np.signbit(np.concatenate([c.contributions_pq, c.contributions_qp])).any()


def test_a_weight_more_than_the_double_range_below_its_column_is_refused_in_a_big_table():
    n = 6000
    p = ["1"] * n
    q = ["1"] * (n - 1) + ["1e-700"]
    result = Document([f"o{i}" for i in range(n)], p, q).result()
    assert not result.ok
    assert f"Q, outcome {n}" in str(result.error) and "1e308" in str(result.error)


def test_a_tiny_column_is_not_all_zero_and_a_huge_one_does_not_overflow():
    c = figures(["1e-400", "3e-400"], ["1e400", "3e400"])
    assert c.kl_pq == 0.0 and c.p.tolist() == [0.25, 0.75]


def test_huge_weights_with_a_floor_keep_their_proportions():
    from klgui.core import Smoothing
    doc = Document(["a", "b"], ["1.7e308", "1e308"], ["1", "1"])
    doc.set_smoothing(Smoothing("floor", 1e-6))
    c = doc.result().comparison
    assert c.p[0] == pytest.approx(1.7 / 2.7, rel=1e-12)


# -- the exact weights themselves ---------------------------------------------------------

@pytest.mark.parametrize("text, places", [
    ("0.8", 1), ("12.5%", 3), ("3", 0), ("2e-3", 3), ("1e5", 0), ("1/3", -1),
    ("0.1234567890123456", -1), ("1e-30", -1), ("½", -1), ("٣", -1),
])
def test_decimal_places(text, places):
    assert decimal_places(text) == places


def test_decimal_places_of_many_plain_texts_give_the_exact_values():
    from klgui.core.numerics.entries import exact_values
    texts = ["0.8", "12", " 0.5 ", "0.000001", "1234567890.12345678", "+3", "7."]
    places = decimal_places_many(texts)
    odd = {i: t for i, t in enumerate(texts) if places[i] < 0}
    values = np.array([float(t) for t in texts])
    assert exact_values(values, places, odd) == [parse_exact(t) for t in texts]


def test_exact_weights_are_integers_proportional_to_the_typed_values():
    texts = ["0.8", "1/3", "25%"]
    places = decimal_places_many(texts)
    odd = {i: t for i, t in enumerate(texts) if places[i] < 0}
    values = np.array([0.8, 1 / 3, 0.25])
    w = exact_weights(values, places, odd)
    assert w.tolist() == [240.0, 100.0, 75.0]  # 4/5 : 1/3 : 1/4 over 300


# -- typing in a locale that writes decimals with a comma ---------------------------------


def test_a_decimal_comma_typed_in_a_cell_is_read_anywhere_when_it_has_one_reading(window, qtbot):
    from klgui.ui.table.outcome_model import P_ENTRY
    type_into(window, qtbot, 0, P_ENTRY, "0,7")
    assert window.document.texts("P")[0] == "0,7"
    assert window.document.values("P")[0] == 0.7


def test_in_a_decimal_comma_locale_1_000_typed_is_one(in_locale, qtbot):
    from conftest import shown_window
    from PySide6.QtCore import QLocale

    from klgui.ui.table.outcome_model import P_ENTRY
    in_locale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    window = shown_window(qtbot)
    type_into(window, qtbot, 0, P_ENTRY, "1,000")
    assert window.document.values("P")[0] == 1.0
    assert window.document.texts("P")[0] == "1.000"  # every digit typed, dot-decimal


def test_in_a_decimal_comma_locale_typed_entries_keep_every_digit(in_locale, qtbot):
    """A tester in de_DE typed 1,000 and 2,500: they were kept as 1 and 2.5 (shown 1 and
    2,5) while 0,50 was kept as typed. Each keeps its value and its digits."""
    from conftest import shown_window
    from PySide6.QtCore import QLocale

    from klgui.ui.table.outcome_model import P_ENTRY, Q_ENTRY
    in_locale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    window = shown_window(qtbot)
    doc, model = window.document, window.table.model
    view = window.table.view
    for row, column, text in ((0, P_ENTRY, "1,000"), (1, P_ENTRY, "0,50"),
                              (0, Q_ENTRY, "2,500")):
        type_into(window, qtbot, row, column, text)
        index = view.model().index(row, column)
        qtbot.waitUntil(lambda index=index: view.indexWidget(index) is None)
    assert [model.index(r, c).data() for r, c in ((0, P_ENTRY), (1, P_ENTRY), (0, Q_ENTRY))] \
        == ["1,000", "0,50", "2,500"]
    assert list(doc.values(doc.reference_id)) == [1.0, 0.5]
    assert doc.values(doc.focus_id)[0] == 2.5
    assert [parse_exact(t) for t in doc.texts(doc.reference_id)] == [1, Fraction(1, 2)]
    assert doc.texts(doc.reference_id)[0].count("0") == 3  # the three decimals typed
    assert doc.texts(doc.focus_id)[0] == "2.500"


@pytest.mark.parametrize("gap", ["1e-12", "1e-30", "1e-80"])
def test_a_divergence_between_nearly_equal_typed_distributions_keeps_every_digit(gap):
    p = ["1", "1"]
    q = [_plus_one(gap), "1"]
    c = figures(p, q)
    want, *_ = exact_oracle(p, q, digits=300)
    for name in ("kl_pq", "kl_qp", "js_divergence", "hellinger", "bhattacharyya"):
        if name in want:
            assert ulps(getattr(c, name), want[name]) <= 2, name
    assert c.kl_pq > 0


def _plus_one(gap: str) -> str:
    """'1.000…01' with the 1 at the place of ``gap`` (1e-12 → 1.000000000001)."""
    places = int(gap.split("e-")[1])
    return "1." + "0" * (places - 1) + "1"


def test_a_floor_on_weights_whose_sum_overflows_keeps_their_proportions_in_compare():
    import warnings

    from klgui.core import Smoothing, compare
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = compare(np.array([1.7e308, 1e308]), np.array([1.0, 1.0]),
                    smoothing=Smoothing("floor", 1e-6))
    assert c.p[0] == pytest.approx(1.7 / 2.7, rel=1e-12)


def test_huge_weights_with_normalization_off_say_the_sum_is_not_one_without_warnings():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = Document(["a", "b"], ["1.7e308", "1e308"], ["1", "1"],
                          auto_normalize=False).result()
    assert not result.ok and "not 1" in str(result.error)


def test_the_table_says_a_probability_below_the_double_range_is_not_zero(window, qtbot):
    from PySide6.QtCore import Qt

    from klgui.ui.table.outcome_model import Q_NORM
    labels, p, q = read_case("13a-weight-below-double-range.csv")
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(labels, p, q, name="13a")
    model = window.table.model
    assert model.index(1, Q_NORM).data() == "< 2e−308"
    assert "above 0" in model.index(1, Q_NORM).data(Qt.ItemDataRole.ToolTipRole)
    assert window.panel.figures["kl_pq"].value == 401.10795154690103


def test_total_variation_keeps_its_accuracy_when_weights_differ_only_below_1e_290():
    """One weight of 1 beside 200 weights of ~1e-290 that carry every difference: the
    large outcome's p − q is below the resolution of the sums, and its sign matters."""
    from oracle import oracle

    from klgui.core import compare
    rng = np.random.default_rng(3)
    for seed in range(3):
        a = np.concatenate([[1.0], rng.uniform(1, 2, 200) * 1e-290])
        b = np.concatenate([[1.0], rng.uniform(1, 2, 200) * 1e-290])
        want = oracle(a, b, digits=700)["total_variation"]
        assert compare(a, b).total_variation == pytest.approx(want, rel=1e-14), seed


def test_look_alike_digits_are_exported_as_numbers_a_spreadsheet_reads():
    import io

    from klgui.io.csv_export import write_table
    doc = Document(["a", "b", "c"], ["٣", "１２", "½"], ["1", "1", "1"])
    out = io.StringIO()
    write_table(out, list(doc.labels), list(doc.texts("P")), list(doc.texts("Q")),
                doc.result().comparison)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [r[1] for r in rows[1:]] == ["3.0", "12.0", "0.5"]


# -- found by trying to break it: numbers that numpy reads but our bounds refuse ---------

@pytest.mark.parametrize("cell, problem", [
    ("1e-100000000", "exponents from −9999 to 9999"), ("1e-10000", "exponents from"),
    ("0." + "0" * 2000 + "1", "digits; at most 1,000"),
])
def test_a_file_entry_beyond_the_bounds_is_refused_at_import_naming_the_cell(
        tmp_path, capsys, cell, problem):
    from klgui.cli import export_main
    path = tmp_path / "tiny.csv"
    path.write_text(f"outcome,P,Q\na,{cell},1\nb,1,1\n", encoding="utf-8")
    assert export_main([str(path), "--summary", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tiny.csv, line 2" in err and problem in err
    assert not (tmp_path / "s.csv").exists()


def test_a_csv_column_whose_every_weight_is_below_the_double_range_imports(tmp_path):
    from klgui.cli import export_main
    summary = tmp_path / "s.csv"
    assert export_main([str(CASES / "13b-all-weights-below-double-range.csv"),
                        "--summary", str(summary)]) == 0
    rows = {r[0]: r[1] for r in csv.reader(open(summary, encoding="utf-8"))}
    assert float(rows["kl_pq"]) == 0.14384103622589046


def test_weights_spanning_thousands_of_decades_are_refused_quickly_not_computed_for_minutes():
    """A hundred weights from 1 to 1e-8910: the exact path would take minutes."""
    result = Document([f"o{i}" for i in range(100)], [f"1e-{90 * i}" for i in range(100)],
                      ["1"] * 100).result()
    assert not result.ok and "1e308" in str(result.error)


@pytest.mark.parametrize("p, q, smoothing, figure, want", [
    # found by the soak: smoothing beside weights that doubles cannot hold
    (["3e-323", "0.2"], ["0.6", "0.4"], ("additive", 1.0, "q"), "kl_qp", None),
    (["1", "1e-323"], ["1", "3e-323"], ("floor", 1e-6, "both"), "kl_pq", 0.0),
    (["1", "1"], ["1e-400", "1"], ("additive", 1.0, "both"), "kl_pq", None),
])
def test_smoothing_applies_to_the_typed_values_exactly(p, q, smoothing, figure, want):
    from klgui.core import Smoothing
    method, amount, target = smoothing
    doc = Document(["a", "b"], p, q)
    doc.set_smoothing(Smoothing(method, amount, target))
    result = doc.result()
    assert result.ok, result.error
    a = [parse_exact(t) for t in p]
    b = [parse_exact(t) for t in q]
    alpha = Fraction(amount)
    if method == "additive":
        a = [x + alpha for x in a] if target == "both" else a
        b = [y + alpha for y in b]
    else:
        a = [max(x / sum(a), alpha) for x in a]
        b = [max(y / sum(b), alpha) for y in b]
    exact, *_ = exact_oracle([str(x) for x in a], [str(y) for y in b])
    assert ulps(getattr(result.comparison, figure), exact[figure]) <= 2
    if want is not None:
        assert getattr(result.comparison, figure) == want


def test_a_table_of_many_fractions_beside_a_weight_beyond_doubles_is_exact():
    """Found by the soak: the fixed-point path summed fractions whose denominators all
    differed, and a few hundred outcomes took minutes in the window's worker."""
    import random
    rng = random.Random(3)
    n = 150
    p = [f"{rng.randint(1, 999)}/{rng.randint(1, 999)}" for _ in range(n)]
    q = [f"{rng.randint(1, 999)}/{rng.randint(1, 999)}" for _ in range(n)]
    q[3] = "1e-340"
    c = figures(p, q)
    want, *_ = exact_oracle(p, q, digits=400)
    for name in ("kl_pq", "kl_qp", "entropy_p", "entropy_q"):
        assert ulps(getattr(c, name), want[name]) <= 2, name


def test_without_normalization_a_weight_beyond_the_double_range_is_not_a_sum_of_one():
    """Found by the soak: 1e400 made the sum NaN, and NaN passed the check."""
    result = Document(["a", "b"], ["1", "1e-323"], ["1e400", "3e-323"],
                      auto_normalize=False).result()
    assert not result.ok and "Q sums to inf, not 1" in str(result.error)
