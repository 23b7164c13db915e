"""Several models against one reference: ranking, matrix, pair cache, triangle check.

Oracle: mpmath at 50 digits on the exact rationals of the typed entries, and the hand
values of the issue (−ln 0.8, −ln 0.4). No Qt.
"""

from __future__ import annotations

import math
import random
import sys
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest

from klgui.core import Smoothing
from klgui.core.errors import DistributionError
from klgui.core.numerics.entries import TypedColumn, compare_typed, decimal_places_many
from klgui.core.numerics.many import DivergenceMatrix, divergence_matrix, rank_models
from klgui.core.numerics.pair_cache import PairCache, PairProblem
from klgui.core.numerics.precise import compare_precise, sum_float
from klgui.core.numerics.triangle import triangle_check
from klgui.core.teaching.triangle import KL_NOT_A_METRIC, metric_note, triangle_text


def col(texts, name):
    texts = [str(t) for t in texts]
    return TypedColumn(np.array([float(Fraction(t)) for t in texts]),
                       decimal_places_many(texts), {}, name)


P = col(["1", "0", "0"], "P")
A = col(["0.8", "0.1", "0.1"], "Model A")
B = col(["0.4", "0.3", "0.3"], "Model B")


def exact_kl(a: TypedColumn, b: TypedColumn) -> float:
    """D(a‖b) in nats from the exact rationals, 50 digits."""
    with mp.workdps(50):
        x, y = a.fractions(), b.fractions()
        sx, sy = sum(x), sum(y)
        total = mp.mpf(0)
        for xi, yi in zip(x, y):
            if xi == 0:
                continue
            if yi == 0:
                return math.inf
            p, q = xi / sx, yi / sy
            total += mp.mpf(p.numerator) / p.denominator * mp.log(
                mp.mpf((p / q).numerator) / (p / q).denominator)
        return float(total)


def exact_jsd(a: TypedColumn, b: TypedColumn) -> float:
    with mp.workdps(50):
        x, y = a.fractions(), b.fractions()
        p = [mp.mpf(v.numerator) / v.denominator / (mp.mpf(sum(x).numerator) / sum(x).denominator)
             for v in x]
        q = [mp.mpf(v.numerator) / v.denominator / (mp.mpf(sum(y).numerator) / sum(y).denominator)
             for v in y]
        m = [(s + t) / 2 for s, t in zip(p, q)]
        kl = lambda u: mp.fsum(ui * mp.log(ui / mi) for ui, mi in zip(u, m) if ui > 0)  # noqa
        return float(mp.sqrt((kl(p) + kl(q)) / 2))


# --- the seed's lesson ---------------------------------------------------------------

def test_seed_lesson_model_a_ranks_first():
    rows = rank_models(P, [("Model B", B), ("Model A", A)], "nats")
    assert [r.name for r in rows] == ["Model A", "Model B"]
    assert [r.rank for r in rows] == [1, 2]
    assert rows[0].figures.kl_pq == pytest.approx(-math.log(0.8), rel=1e-15)
    assert rows[1].figures.kl_pq == pytest.approx(-math.log(0.4), rel=1e-15)
    assert f"{rows[0].figures.kl_pq:.6f}" == "0.223144"
    assert f"{rows[1].figures.kl_pq:.6f}" == "0.916291"
    # Cross-entropy loss of a one-hot truth is the divergence (H(P) = 0): the classifier
    # lesson, lower cross-entropy is lower KL.
    for r in rows:
        assert r.figures.cross_entropy_pq == r.figures.kl_pq
        assert r.figures.kl_qp == math.inf and r.figures.infinite_pq == 0
        assert r.problem is None and r.reason == ""


def test_ranking_figures_are_those_of_compare_typed_and_the_oracle():
    models = [("Model A", A), ("Model B", B), ("U", col(["1", "1", "1"], "U"))]
    for row in rank_models(B, models, "bits"):
        c = compare_typed(B, dict(models)[row.name], "bits")
        for name in ("kl_pq", "kl_qp", "js_divergence", "js_distance", "total_variation",
                     "hellinger", "bhattacharyya", "cross_entropy_pq"):
            assert getattr(row.figures, name) == getattr(c, name), name
        q = dict(models)[row.name]
        assert row.figures.kl_pq == pytest.approx(exact_kl(B, q) / math.log(2), rel=1e-15,
                                                  abs=1e-300)


def test_large_columns_use_the_kernel_path_and_agree_with_the_oracle():
    rng = random.Random(20)
    n = 3000  # beyond the precise path
    texts = [[f"0.{rng.randrange(1, 1000):03d}" for _ in range(n)] for _ in range(3)]
    ref, m1, m2 = (col(t, name) for t, name in zip(texts, ["P", "M1", "M2"]))
    rows = rank_models(ref, [("M1", m1), ("M2", m2)], "nats")
    for row in rows:
        q = {"M1": m1, "M2": m2}[row.name]
        assert row.figures.kl_pq == compare_typed(ref, q, "nats").kl_pq
        assert row.figures.kl_pq == pytest.approx(exact_kl(ref, q), rel=1e-13)
    assert rows[0].figures.kl_pq <= rows[1].figures.kl_pq


# --- infinity, problems, ties --------------------------------------------------------

def test_infinite_and_cannot_compare_come_last_in_that_order_with_reasons():
    rules_out = col(["0", "0.5", "0.5"], "C")
    zero = col(["0", "0", "0"], "Z")
    rows = rank_models(P, [("Z", zero), ("C", rules_out), ("Model B", B), ("Model A", A)],
                       "nats", labels=["cat", "dog", "bird"])
    assert [r.name for r in rows] == ["Model A", "Model B", "C", "Z"]
    assert [r.rank for r in rows] == [1, 2, 3, None]
    c, z = rows[2], rows[3]
    assert c.figures.kl_pq == math.inf and c.figures.infinite_pq == 1
    assert c.reason == "C gives 'cat' probability 0 where P gives 1."
    assert c.note == c.reason and c.problem is None
    assert z.figures is None
    assert z.problem == "Z: every weight is zero; give at least one outcome a positive weight."


def test_reason_counts_outcomes_beyond_the_named_ones():
    ref = col(["1"] * 6, "P")
    model = col(["1", "0", "0", "0", "0", "0"], "Narrow")
    [row] = rank_models(ref, [("Narrow", model)], "nats")
    assert row.figures.infinite_pq == 5
    assert row.reason.startswith("Narrow gives probability 0 to outcome 2, outcome 3, "
                                 "outcome 4 and 2 more outcomes where P gives")


def test_problem_text_names_the_model_not_q():
    over = col(["0.5", "0.3", "0.3"], "Model B")
    rows = rank_models(A, [("Model B", over)], "nats", normalize=False,
                       reference_name="Truth")
    assert rows[0].problem.startswith("Model B sums to 1.1, not 1")
    bad_ref = rank_models(over, [("Model A", A)], "nats", normalize=False,
                          reference_name="Truth")
    assert bad_ref[0].problem.startswith("Truth sums to 1.1")


def test_ties_share_a_rank_and_keep_the_document_order():
    twin = col(["8", "1", "1"], "Twin")  # equal to Model A after normalization
    also = col(["0", "1", "1"], "Also")
    rows = rank_models(P, [("Model B", B), ("Twin", twin), ("C", col(["0", "1", "0"], "C")),
                           ("Model A", A), ("Also", also)], "nats")
    assert [(r.rank, r.name) for r in rows] == [(1, "Twin"), (1, "Model A"), (3, "Model B"),
                                                (4, "C"), (4, "Also")]


def test_no_models_gives_an_empty_ranking():
    assert rank_models(P, [], "nats") == []


# --- matrix --------------------------------------------------------------------------

def test_matrix_against_the_oracle_both_metrics():
    cols = [("P", P), ("Model A", A), ("Model B", B), ("U", col(["1", "2", "3"], "U"))]
    kl = divergence_matrix(cols, "nats")
    js = divergence_matrix(cols, "nats", "js_distance")
    for i, (_, a) in enumerate(cols):
        for j, (_, b) in enumerate(cols):
            want = exact_kl(a, b)
            if math.isinf(want):
                assert kl.values[i, j] == math.inf
            else:
                assert kl.values[i, j] == pytest.approx(want, rel=1e-15, abs=1e-300)
            assert js.values[i, j] == pytest.approx(exact_jsd(a, b), rel=1e-14, abs=1e-300)
    assert np.all(np.diag(kl.values) == 0) and np.all(np.diag(js.values) == 0)
    assert np.array_equal(js.values, js.values.T)
    assert kl.values[1, 0] == math.inf  # P rules out what Model A allows
    assert kl.value(0, 2) == pytest.approx(-math.log(0.4), rel=1e-15)
    assert kl.known.all() and kl.problems == {}


def test_matrix_asymmetry_convention():
    c = col(["0", "0.5", "0.5"], "C")
    m = divergence_matrix([("P", P), ("Model A", A), ("C", c)], "nats")
    asym = m.asymmetry()
    assert asym.values[0, 1] == -math.inf and asym.values[1, 0] == math.inf
    # D(P‖C) and D(C‖P) are both infinite: ∞ − ∞ is undefined, not NaN.
    assert not asym.defined[0, 2] and asym.values[0, 2] == 0.0
    # D(Model A‖C) is infinite (C rules out outcome 1), D(C‖Model A) is not.
    assert asym.values[1, 2] == math.inf and asym.values[2, 1] == -math.inf
    u = col(["1", "2", "3"], "U")
    finite = divergence_matrix([("Model A", A), ("U", u)], "nats").asymmetry()
    assert finite.values[0, 1] == pytest.approx(exact_kl(A, u) - exact_kl(u, A), rel=1e-13)
    assert np.array_equal(asym.values, -asym.values.T)
    assert not np.isnan(asym.values).any()
    js = divergence_matrix([("P", P), ("Model A", A), ("C", c)], "nats", "js_distance")
    assert np.all(js.asymmetry().values == 0) and js.asymmetry().defined.all()


def test_a_column_that_cannot_be_compared_holds_no_number():
    zero = col(["0", "0", "0"], "Z")
    m = divergence_matrix([("P", P), ("Z", zero), ("Model A", A)], "nats")
    assert not m.known[1].any() and not m.known[:, 1].any()
    assert m.known[np.ix_([0, 2], [0, 2])].all()
    assert m.value(1, 0) is None and m.value(1, 1) is None
    assert m.problem(0, 1) == "Z: every weight is zero; give at least one outcome a positive weight."
    assert m.problem(1, 1) == m.problem(0, 1)
    assert m.problem(0, 2) is None and m.value(0, 2) == pytest.approx(-math.log(0.8))
    assert not np.isnan(m.values).any()
    with pytest.raises(ValueError):
        m.values[0, 0] = 1.0  # read-only


def test_model_only_smoothing_is_computed_both_ways():
    s = Smoothing("additive", 1.0, "q")
    m = divergence_matrix([("P", P), ("Model A", A)], "nats", smoothing=s)
    assert m.values[0, 1] == compare_typed(P, A, "nats", smoothing=s).kl_pq
    assert m.values[1, 0] == compare_typed(A, P, "nats", smoothing=s).kl_pq
    assert m.values[1, 0] != compare_typed(P, A, "nats", smoothing=s).kl_qp


def test_no_negative_zero_anywhere():
    cols = [("P", P), ("Same", col(["2", "0", "0"], "Same")), ("Model A", A)]
    for metric in ("kl", "js_distance"):
        m = divergence_matrix(cols, "bits", metric)
        zeros = m.values[m.values == 0]
        assert not np.signbit(zeros).any()
        a = m.asymmetry().values
        assert not np.signbit(a[a == 0]).any()
    row = rank_models(P, [("Same", cols[1][1])], "nats")[0]
    assert row.figures.kl_pq == 0 and not math.copysign(1, row.figures.kl_pq) < 0


def test_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="metric"):
        divergence_matrix([("P", P)], "nats", "tv")


# --- the pair cache ------------------------------------------------------------------

def test_cache_recomputes_only_the_pairs_an_edit_touches():
    cache = PairCache()
    cols = [("P", P), ("Model A", A), ("Model B", B), ("U", col(["1", "1", "1"], "U"))]
    keys = [("p", 0), ("a", 0), ("b", 0), ("u", 0)]
    first = divergence_matrix(cols, "nats", cache=cache, keys=keys)
    assert (cache.misses, cache.hits) == (6, 0)
    again = divergence_matrix(cols, "nats", cache=cache, keys=keys)
    assert (cache.misses, cache.hits) == (6, 6)
    assert np.array_equal(first.values, again.values)
    edited = col(["0.7", "0.2", "0.1"], "Model B")
    cols[2] = ("Model B", edited)
    keys[2] = ("b", 1)  # a new revision
    m = divergence_matrix(cols, "nats", cache=cache, keys=keys)
    assert (cache.misses, cache.hits) == (9, 9)  # the 3 pairs with Model B
    assert m.values[0, 2] == pytest.approx(-math.log(0.7), rel=1e-15)
    # The ranking reads the pairs (reference, model) the matrix kept.
    rows = rank_models(P, cols[1:], "nats", cache=cache, keys=keys)
    assert (cache.misses, cache.hits) == (9, 12)
    assert [r.name for r in rows] == ["Model A", "Model B", "U"]
    assert rows[1].figures.kl_pq == m.values[0, 2]


def test_cache_settings_are_part_of_the_key_and_problems_are_cached():
    cache = PairCache()
    zero = col(["0", "0", "0"], "Z")
    rank_models(P, [("A", A), ("Z", zero)], "nats", cache=cache, keys=["p", "a", "z"])
    rank_models(P, [("A", A), ("Z", zero)], "bits", cache=cache, keys=["p", "a", "z"])
    assert (cache.misses, cache.hits) == (4, 0)
    rows = rank_models(P, [("A", A), ("Z", zero)], "bits", cache=cache, keys=["p", "a", "z"])
    assert (cache.misses, cache.hits) == (4, 2)
    assert rows[1].problem.startswith("Z: every weight is zero")
    assert isinstance(cache.lookup("p", "z", "bits", True, None), PairProblem)


def test_cache_is_bounded_and_forgets_a_column():
    cache = PairCache(max_pairs=2)
    cols = [("P", P), ("Model A", A), ("Model B", B)]
    divergence_matrix(cols, "nats", cache=cache, keys=["p", "a", "b"])
    assert len(cache) == 2
    assert cache.lookup("p", "a", "nats", True, None) is None  # the oldest went out
    assert cache.lookup("b", "p", "nats", True, None, either_way=True) is not None
    assert cache.forget("b") == 2 and len(cache) == 0
    with pytest.raises(ValueError):
        PairCache(0)


def test_cache_needs_one_key_per_column():
    with pytest.raises(ValueError, match="one key per column"):
        rank_models(P, [("A", A)], "nats", cache=PairCache(), keys=["p"])


# --- triangle inequality -------------------------------------------------------------

def test_kl_breaks_the_triangle_inequality_on_the_seed_example():
    m = divergence_matrix([("P", P), ("Model A", A), ("Model B", B)], "nats")
    check = triangle_check(m)
    assert check.broken and check.triples == 6
    assert check.worst == (0, 1, 2)
    # By hand: D(P‖B) = ln 2.5; D(P‖A) = ln 1.25; D(A‖B) = 0.8 ln 2 + 0.2 ln(1/3).
    d_ab = 0.8 * math.log(2) + 0.2 * math.log(1 / 3)
    assert check.d_ik == pytest.approx(math.log(2.5), rel=1e-15)
    assert check.d_ij == pytest.approx(math.log(1.25), rel=1e-15)
    assert check.d_jk == pytest.approx(d_ab, rel=1e-14)
    assert check.excess == pytest.approx(math.log(2.5) - math.log(1.25) - d_ab, rel=1e-13)
    text = triangle_text(check, m.names)
    assert text == ("The triangle inequality breaks for P, Model A, Model B: "
                    "D(P‖Model B) = 0.9163 nats is more than D(P‖Model A) + "
                    "D(Model A‖Model B) = 0.2231 + 0.3348 = 0.5579 nats, by 0.3584 nats.")
    assert metric_note("kl") == KL_NOT_A_METRIC and "not a metric" in KL_NOT_A_METRIC


def test_js_distance_never_breaks_it():
    rng = random.Random(7)
    for trial in range(40):
        cols = []
        for c in range(5):
            texts = [str(rng.choice([0, 0, 1, 2, 5, 9, 100])) for _ in range(4)]
            if all(t == "0" for t in texts):
                texts[0] = "1"
            cols.append((f"D{c}", col(texts, f"D{c}")))
        m = divergence_matrix(cols, "bits", "js_distance")
        check = triangle_check(m)
        assert not check.broken, (trial, check)
        assert check.triples == 60
    assert "holds for every triple" in triangle_text(check, m.names)


def _hand_matrix(values, metric="js_distance"):
    v = np.array(values, dtype=float)
    return DivergenceMatrix(tuple("XYZ"[: len(v)]), metric, "nats", v,
                            np.ones(v.shape, dtype=bool))


def test_an_excess_of_rounding_is_not_a_break():
    tight = math.nextafter(0.1 + 0.2, math.inf)  # one ulp above d(X,Y) + d(Y,Z)
    check = triangle_check(_hand_matrix([[0, 0.1, tight], [0.1, 0, 0.2],
                                         [tight, 0.2, 0]]))
    assert not check.broken and check.excess > 0 and check.worst == (0, 1, 2)
    clear = triangle_check(_hand_matrix([[0, 0.1, 0.31], [0.1, 0, 0.2], [0.31, 0.2, 0]]))
    assert clear.broken and clear.excess == pytest.approx(0.01)


def test_infinite_sides_and_small_matrices():
    c = col(["0", "0.5", "0.5"], "C")
    m = divergence_matrix([("P", P), ("C", c), ("D", col(["0", "1", "0"], "D"))], "nats")
    check = triangle_check(m)  # every finite triple, and ∞ ≤ ∞ elsewhere
    assert not np.isnan([check.excess or 0.0]).any()
    two = triangle_check(divergence_matrix([("P", P), ("A", A)], "nats"))
    assert two.triples == 0 and not two.broken and two.worst is None
    assert "needs three distributions" in triangle_text(two, ["P", "A"])


@pytest.mark.parametrize("n, step", [(3, "1e-6"), (3000, "1e-6"), (3000, "1e-9")])
def test_js_distance_along_a_line_is_nearly_additive_and_not_broken(n, step):
    """P, the midpoint M and R on one line: JSD(P,R) ≈ JSD(P,M) + JSD(M,R) to the last
    digits, the hardest case for rounding (3000 outcomes take the kernel path)."""
    rng = random.Random(n)
    base = [rng.randrange(1000, 9000) for _ in range(n)]
    delta = [rng.randrange(-1000, 1000) for _ in range(n)]
    cols = []
    for t, name in ((0, "P"), (Fraction(1, 2), "M"), (1, "R")):
        values = [b + t * Fraction(step) * d for b, d in zip(base, delta)]
        texts = [f"{v.numerator}/{v.denominator}" for v in values]
        cols.append((name, TypedColumn(np.array([float(v) for v in values]),
                                       decimal_places_many(texts), dict(enumerate(texts)),
                                       name)))
    check = triangle_check(divergence_matrix(cols, "nats", "js_distance"))
    assert not check.broken
    assert check.worst in ((0, 1, 2), (2, 1, 0))
    assert abs(check.excess) <= 1e-8 * check.d_ik


def test_the_sentence_counts_only_the_triples_that_could_be_compared():
    """A model that cannot be compared (its cells unknown) is left out of the check, and
    the sentence says so instead of claiming every triple of all the distributions."""
    v = np.array([[0, 0.1, 0.25, 0], [0.1, 0, 0.2, 0], [0.25, 0.2, 0, 0], [0, 0, 0, 0]],
                 dtype=float)
    known = np.ones(v.shape, dtype=bool)
    known[3, :] = known[:, 3] = False
    known[3, 3] = True
    check = triangle_check(DivergenceMatrix(tuple("WXYZ"), "js_distance", "nats", v, known))
    assert check.triples == 6 and not check.broken
    text = triangle_text(check, "WXYZ")
    assert text.startswith("The triangle inequality holds for every triple that can be "
                           "compared (6 of the 24 ordered triples of these 4 distributions);")
    whole = triangle_check(_hand_matrix(v[:3, :3]))
    assert "holds for every triple of these 3 distributions;" in triangle_text(whole, "XYZ")


# --- weights beyond the double range (1e400) ------------------------------------------

def typed(texts, name):
    """A column as the document types it: 1e400 is inf as a double, its text kept."""
    places = decimal_places_many(texts)
    return TypedColumn(np.array([float(t) for t in texts]), places,
                       {i: t for i, t in enumerate(texts) if places[i] < 0}, name)


HUGE = typed(["1e400", "1e400", "1"], "P")
ALPHA = typed(["0.5", "0.25", "0.25"], "Alpha")
BETA = typed(["1", "2", "3"], "Beta")


def test_a_reference_beyond_doubles_ranks_and_fills_the_matrix_exactly():
    """The tester's b.csv: every pair is computed (no OverflowError) and exact."""
    rows = rank_models(HUGE, [("Beta", BETA), ("Alpha", ALPHA)], "nats")
    assert [r.name for r in rows] == ["Alpha", "Beta"] and [r.rank for r in rows] == [1, 2]
    for r in rows:
        q = {"Alpha": ALPHA, "Beta": BETA}[r.name]
        assert r.problem is None
        assert r.figures.kl_pq == pytest.approx(exact_kl(HUGE, q), rel=1e-15)
        assert r.figures.kl_qp == pytest.approx(exact_kl(q, HUGE), rel=1e-15)
        assert r.figures.js_distance == pytest.approx(exact_jsd(HUGE, q), rel=1e-15)
    # hand values: P is (½, ½, 5e-401), so D(P‖Alpha) = ½ ln 2 and TV(P, Alpha) = ¼
    assert rows[0].figures.kl_pq == pytest.approx(0.5 * math.log(2), rel=1e-15)
    assert rows[0].figures.total_variation == 0.25
    m = divergence_matrix([("P", HUGE), ("Alpha", ALPHA), ("Beta", BETA)], "nats")
    for i, a in enumerate((HUGE, ALPHA, BETA)):
        for j, b in enumerate((HUGE, ALPHA, BETA)):
            assert m.values[i, j] == pytest.approx(exact_kl(a, b), rel=1e-15, abs=1e-300)


def test_a_pair_without_given_sums_says_the_sum_overflows_as_the_window_does():
    c = compare_typed(HUGE, ALPHA, "nats")  # the ranking's and matrix's call: no given_sums
    assert c.weight_sums == (HUGE.value_sum(), ALPHA.value_sum()) == (math.inf, 1.0)
    assert c.kl_pq == compare_typed(HUGE, ALPHA, "nats", given_sums=(math.inf, 1.0)).kl_pq
    with pytest.raises(DistributionError, match="P sums to inf"):
        compare_typed(HUGE, ALPHA, "nats", normalize=False)
    huge = [Fraction(10) ** 400, Fraction(1)]
    assert compare_precise(huge, [Fraction(1), Fraction(1)]).weight_sums == (math.inf, 2.0)
    assert sum_float(Fraction(10) ** 400) == math.inf
    assert sum_float(-Fraction(10) ** 400) == -math.inf
    # just above the largest double, still rounding down to it: no overflow
    assert sum_float(Fraction(sys.float_info.max) + 1) == sys.float_info.max
    assert sum_float(Fraction(3, 10)) == 0.3
