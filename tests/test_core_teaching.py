"""Worked solutions, explanations, inequality checks, non-negative terms and the effect
of smoothing: text and numbers produced without Qt."""

import math
import re
import sys

import mpmath as mp
import numpy as np
import pytest

from klgui.core import SCALAR_FIELDS, Smoothing, compare
from klgui.core.teaching.checks import inequality_checks
from klgui.core.teaching.meanings import MEANINGS, meaning
from klgui.core.teaching.smoothing_effect import SWEEP_POINTS, moved_text, sweep
from klgui.core.numerics.terms import nonnegative_terms, terms
from klgui.core.teaching.worked import SHOWN, worked_solution
from klgui.model.document import Document
from oracle import typed_compare

COIN = ([0.8, 0.2], [0.6, 0.4])
COIN_LABELS = ["heads", "tails"]


def lines(text):
    return [line.strip() for line in text.splitlines()]


# -- the worked solution ---------------------------------------------------------------
def test_coin_in_nats_is_the_textbook_line():
    text = worked_solution(compare(*COIN), "pq", "plain", 4, COIN_LABELS)
    got = lines(text)
    assert "D(P‖Q) = 0.8·ln(0.8/0.6) + 0.2·ln(0.2/0.4)" in got
    assert "= 0.2301 + (−0.1386)" in got  # 0.8 ln(4/3) = 0.230146, 0.2 ln(1/2) = -0.138629
    assert "= 0.09152 nats" in got  # 0.0915162218494
    assert "= −(0.8·ln(0.8) + 0.2·ln(0.2))" in got and "= 0.5004 nats" in got  # H(P)
    assert "= −(0.8·ln(0.6) + 0.2·ln(0.4))" in got and "= 0.5919 nats" in got  # H(P,Q)
    assert "0.5919 = 0.5004 + 0.09152 nats" in got  # the identity with numbers
    assert "Units" not in got  # no conversion needed in nats


def test_coin_in_bits_uses_log2_and_shows_the_conversion():
    text = worked_solution(compare(*COIN, "bits"), "pq", "plain", 4, COIN_LABELS)
    got = lines(text)
    assert "D(P‖Q) = 0.8·log₂(0.8/0.6) + 0.2·log₂(0.2/0.4)" in got
    assert "= 0.332 + (−0.2)" in got  # 0.8 log2(4/3) = 0.33203, 0.2 log2(1/2) = -0.2 exactly
    assert "= 0.132 bits" in got  # 0.132029999423
    assert any(line.startswith("1 nat = 1/ln 2 bits ≈ 1.443 bits") for line in got)
    assert "D(P‖Q) = 0.09152 nats·1.443 = 0.132 bits" in got


def test_coin_in_hartleys_uses_log10():
    text = worked_solution(compare(*COIN, "hartleys"), "pq", "plain", 4, COIN_LABELS)
    got = lines(text)
    assert "D(P‖Q) = 0.8·log₁₀(0.8/0.6) + 0.2·log₁₀(0.2/0.4)" in got
    assert "= 0.03974 hartleys" in got  # 0.0915162218494 / ln 10 = 0.0397453
    assert any(line.startswith("1 nat = 1/ln 10 hartleys ≈ 0.4343 hartleys") for line in got)


def test_the_other_direction_swaps_the_roles():
    text = worked_solution(compare(*COIN), "qp", "plain", 4, COIN_LABELS)
    got = lines(text)
    assert "D(Q‖P) = 0.6·ln(0.6/0.8) + 0.4·ln(0.4/0.2)" in got
    assert "= (−0.1726) + 0.2773" in got  # 0.6 ln(3/4) = -0.172609, 0.4 ln 2 = 0.277259
    assert "= 0.1046 nats" in got  # 0.10465
    assert "H(Q,P) = H(Q) + D(Q‖P)" in got


def test_classification_example_is_exact_and_explains_the_zero_terms():
    # one-hot truth against Model A: log2(1.25) bits exactly, not the epsilon version
    c = compare([1, 0, 0], [0.8, 0.1, 0.1], "bits")
    text = worked_solution(c, "pq", "plain", 12, ["cat", "dog", "bird"])
    got = lines(text)
    assert "D(P‖Q) = 1·log₂(1/0.8)" in got
    assert f"= {math.log2(1.25):.12g} bits" in got
    assert "0.321928094887" in text and "0.32192809488700" not in text
    assert "'dog' and 'bird' have p = 0 and add nothing" in text
    assert "0·log 0 = 0" in text
    c = compare([1, 0, 0], [0.4, 0.3, 0.3], "bits")
    assert f"= {math.log2(2.5):.12g} bits" in lines(worked_solution(c, "pq", "plain", 12))


@pytest.mark.parametrize("base, log, model, exact", [
    ("nats", "ln", [0.8, 0.1, 0.1], "0.223143551314"),  # ln 1.25
    ("bits", "log₂", [0.8, 0.1, 0.1], "0.321928094887"),  # log2 1.25
    ("hartleys", "log₁₀", [0.8, 0.1, 0.1], "0.0969100130081"),  # log10 1.25
    ("nats", "ln", [0.4, 0.3, 0.3], "0.916290731874"),  # ln 2.5
    ("bits", "log₂", [0.4, 0.3, 0.3], "1.32192809489"),  # log2 2.5
    ("hartleys", "log₁₀", [0.4, 0.3, 0.3], "0.397940008672"),  # log10 2.5
])
def test_classification_in_each_unit(base, log, model, exact):
    c = compare([1, 0, 0], model, base)
    got = lines(worked_solution(c, "pq", "plain", 12, ["cat", "dog", "bird"]))
    assert f"D(P‖Q) = 1·{log}(1/{model[0]})" in got
    assert f"= {exact} {base}" in got
    assert f"{exact} = 0 + {exact} {base}" in got  # H(P,Q) = H(P) + D with H(P) = 0


def test_an_infinite_result_is_explained_by_its_outcome():
    c = compare([0.5, 0.5, 0.0], [1.0, 0.0, 0.2])
    text = worked_solution(c, "pq", "plain", 6, ["a", "b", "c"])
    assert "'b' has p = 0.5 but q = 0, so its term 0.5·ln(0.5/0) = +∞" in text
    assert "Q says this outcome cannot happen while P says it does" in text
    assert "= ∞" in lines(text) and "∞ nats" not in text
    assert "H(P,Q) = ∞ because log 0 = −∞" in text
    # the other way round, 'c' is the culprit and 'b' (q = 0) adds nothing
    other = worked_solution(c, "qp", "plain", 6, ["a", "b", "c"])
    assert "'c' has q = 0.166667 but p = 0" in other
    assert "'b' has q = 0 and adds nothing" in other


def test_several_outcomes_get_one_line_each():
    c = compare(np.arange(1.0, 8.0), np.arange(7.0, 0.0, -1.0))
    text = worked_solution(c, "pq", "plain", 4, [f"w{i}" for i in range(7)])
    got = lines(text)
    assert "w0:  0.03571·ln(0.03571/0.25) = −0.0695" in got
    assert "w6:  0.25·ln(0.25/0.03571) = 0.4865" in got
    assert "D(P‖Q) = sum of the 7 terms = 0.6104 nats" in got


def test_a_long_table_shows_the_largest_terms_and_never_lies_about_the_total():
    rng = np.random.default_rng(5)
    p, q = rng.random(1000), rng.random(1000)
    c = compare(p, q)
    text = worked_solution(c, "pq", "plain", 17)
    assert f"the other {1000 - SHOWN} terms" in text
    rows = [line for line in lines(text) if re.match(r"(outcome \d+|the other \d+ terms):", line)]
    assert len(rows) == SHOWN + 1
    shown = [float(row.rsplit(" ", 1)[-1].replace("−", "-")) for row in rows]
    assert math.fsum(shown) == pytest.approx(c.kl_pq, rel=1e-13)
    # the shown terms are the largest in size
    sizes = np.sort(np.abs(c.contributions_pq))[::-1]
    assert sorted(map(abs, shown[:-1]), reverse=True) == pytest.approx(sizes[:SHOWN], rel=1e-15)
    assert f"sum of the 1,000 terms = {c.kl_pq:.17g} nats" in text


def test_cancelling_terms_are_called_out():
    c = compare([0.5 + 1e-9, 0.5 - 1e-9, 0.1, 0.2, 0.3], [0.5, 0.5, 0.1, 0.2, 0.3])
    assert "cancel almost completely" in worked_solution(c)


def test_smoothing_is_stated_in_the_solution():
    c = compare([1, 1], [1, 0], smoothing=Smoothing("additive", 0.5, "q"))
    assert "after smoothing (additive (Laplace) α = 0.5 on Q)" in worked_solution(c)


def _latex_problems(text):
    problems = []
    depth = 0
    for ch in re.sub(r"\\[{}$]", "", text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            problems.append("} before {")
    if depth:
        problems.append("unbalanced braces")
    if text.count(r"\left") != text.count(r"\right"):
        problems.append(r"\left without \right")
    if re.findall(r"\\begin\{(\w+)\}", text) != re.findall(r"\\end\{(\w+)\}", text):
        problems.append("begin/end mismatch")
    if len(re.findall(r"(?<!\\)\$", text)) % 2:
        problems.append("odd number of $")
    stray = {ch for ch in text if ord(ch) > 127}
    if stray:
        problems.append(f"unicode {sorted(stray)}")
    return problems


@pytest.mark.parametrize("case", [
    (COIN[0], COIN[1], "nats", COIN_LABELS),
    (COIN[0], COIN[1], "bits", COIN_LABELS),
    ([1, 0, 0], [0.8, 0.1, 0.1], "hartleys", ["cat", "dog", "bird"]),
    ([0.5, 0.5, 0], [1, 0, 0.2], "bits", ["a_1", "50% & more", "{x}^2 #$~\\"]),
    (list(range(1, 9)), list(range(8, 0, -1)), "nats", None),
    (list(np.linspace(1, 2, 300)), list(np.linspace(2, 1, 300)), "bits", None),
])
@pytest.mark.parametrize("direction", ["pq", "qp"])
def test_latex_is_well_formed_ascii(case, direction):
    p, q, base, labels = case
    text = worked_solution(compare(p, q, base), direction, "latex", 6, labels)
    assert _latex_problems(text) == []
    assert r"\frac{" in text and r"\begin{aligned}" in text


def test_latex_escapes_labels():
    c = compare([1, 1, 1, 1, 1], [1, 2, 3, 4, 5])
    labels = ["a_1", "50%", "x & y", "#1", "{z}"]
    text = worked_solution(c, "pq", "latex", 4, labels)
    for escaped in (r"a\_1", r"50\%", r"x \& y", r"\#1", r"\{z\}"):
        assert escaped in text


def test_html_escapes_labels_and_uses_subscripts():
    c = compare([1, 1, 1, 1, 1], [1, 2, 3, 4, 5], "bits")
    text = worked_solution(c, "pq", "html", 4, ["<b>", "b", "c", "d", "e"])
    assert "&lt;b&gt;" in text and "<b>:" not in text
    assert "log<sub>2</sub>" in text and "<table" in text


def test_small_numbers_are_written_as_powers_of_ten():
    c = compare([1, 1e-7], [1, 1])  # p = (0.9999999, 9.9999990e-08)
    assert "1×10^−7·ln(1×10^−7/0.5)" in worked_solution(c, "pq", "plain", 4)
    assert r"1 \times 10^{-7}" in worked_solution(c, "pq", "latex", 4)
    assert "1×10<sup>−7</sup>" in worked_solution(c, "pq", "html", 4)


def test_worked_solution_refuses_unknown_options():
    with pytest.raises(ValueError, match="direction"):
        worked_solution(compare(*COIN), "pp")
    with pytest.raises(ValueError, match="fmt"):
        worked_solution(compare(*COIN), "pq", "rtf")


# -- what each figure means ------------------------------------------------------------
def test_every_figure_has_a_meaning():
    assert set(MEANINGS) == set(SCALAR_FIELDS)
    assert "information lost" in meaning("kl_pq") and "not symmetric" in meaning("kl_pq")
    assert "1 bit = ln 2" in meaning("kl_pq", "bits")
    with pytest.raises(ValueError):
        meaning("kl")


# -- inequality checks -----------------------------------------------------------------
def test_checks_on_the_coin_hold_with_the_numbers():
    checks = {ch.statement: ch for ch in inequality_checks(compare(*COIN), 6)}
    assert all(ch.holds for ch in checks.values())
    assert checks["D(P‖Q) ≥ 0"].numbers == "0.0915162 nats ≥ 0"
    assert checks["H(P,Q) ≥ H(P)"].numbers == "0.591919 nats ≥ 0.500402 nats"
    assert checks["JS ≤ 1 bit"].numbers == "0.0241573 nats = 0.0348516 bits ≤ 1 bit"
    # TV = 0.2, sqrt(0.0915162/2) = 0.213911
    assert checks["TV ≤ √(D(P‖Q)/2), D in nats"].numbers == "0.2 ≤ √(0.0915162/2) = 0.213911"


def test_pinsker_uses_nats_whatever_the_unit():
    checks = inequality_checks(compare(*COIN, "bits"), 6)
    assert checks[-1].numbers == "0.2 ≤ √(0.0915162/2) = 0.213911"


def test_checks_name_the_equality_cases():
    disjoint = {ch.statement: ch for ch in inequality_checks(compare([1, 0], [0, 1], "bits"))}
    assert disjoint["JS ≤ 1 bit"].holds and "no outcome in common" in disjoint["JS ≤ 1 bit"].note
    assert disjoint["JS ≤ 1 bit"].numbers == "1 bit ≤ 1 bit"
    same = inequality_checks(compare([1, 2], [2, 4]))
    assert all(ch.holds for ch in same)
    assert "same distribution" in same[0].note
    close = {ch.statement: ch for ch in inequality_checks(compare([0.5 + 1e-9, 0.5 - 1e-9],
                                                                  [0.5, 0.5]))}
    assert close["H(P,Q) ≥ H(P)"].note.startswith("equal to machine precision")
    assert all(ch.holds for ch in close.values())


# -- non-negative terms ----------------------------------------------------------------
def test_nonnegative_terms_add_up_to_the_divergence_and_are_never_negative():
    rng = np.random.default_rng(3)
    p, q = rng.random(500), rng.random(500)
    p[:5] = 0
    c = compare(p, q, "bits")
    for direction, total in (("pq", c.kl_pq), ("qp", c.kl_qp)):
        t = terms(c, direction, "nonnegative")
        assert np.all(t >= 0)
        assert math.fsum(t) == pytest.approx(total, rel=1e-12)
    assert np.array_equal(terms(c, "pq"), c.contributions_pq)
    t = terms(c, "pq", "nonnegative")
    assert np.allclose(t[:5], c.q[:5] / math.log(2), rtol=1e-15)  # p = 0: the term is q


def test_nonnegative_terms_are_accurate_when_p_is_close_to_q():
    x = np.array([0.3, 0.5, 0.2, 0.25, 0.0, 0.4])
    y = np.array([0.3 + 1e-12, 0.5 - 3e-9, 0.2 * (1 + 0.09), 0.5, 0.1, 0.0])
    got = nonnegative_terms(x, y)
    with mp.workdps(50):
        for xi, yi, gi in zip(x, y, got):
            X, Y = mp.mpf(float(xi)), mp.mpf(float(yi))
            if Y == 0:
                assert gi == math.inf
                continue
            want = (X * mp.log(X / Y) if X > 0 else 0) - X + Y
            assert abs(gi - want) <= 1e-13 * abs(want)


# -- smoothing made visible -----------------------------------------------------------
def test_moved_text_says_how_far_the_answer_moved():
    assert moved_text(math.inf, 2.30259, "nats", 4) == "from ∞ to 2.303 nats"
    assert moved_text(0.1, 0.09, "nats", 4) == "from 0.1 to 0.09 nats (−10%)"
    assert moved_text(0.1, 0.1, "nats", 4) == "unchanged"
    assert moved_text(None, 0.5, "bits", 4) == "no value without smoothing; 0.5 bits with it"


def test_sweep_shows_d_falling_from_infinity_as_the_pseudo_count_grows():
    p, q = np.array([5.0, 3.0, 2.0]), np.array([6.0, 4.0, 0.0])
    s = sweep(p, q, Smoothing("additive", 0.5, "q"))
    assert 0.5 in s.amounts and s.amounts[0] == pytest.approx(0.5e-4)
    # small α: every bit more smoothing brings D(P‖Q) down from its log(1/α) growth
    assert np.all(np.diff(s.kl_pq[s.amounts < 0.1]) < 0)
    assert s.kl_pq[0] > 3 * s.kl_pq[-1]  # tiny α: D is large, growing like log(1/α)
    k = int(np.flatnonzero(s.amounts == 0.5)[0])
    assert s.kl_pq[k] == compare(p, q, smoothing=Smoothing("additive", 0.5, "q")).kl_pq


def test_sweep_keeps_a_floor_below_one_over_n():
    s = sweep(np.ones(10), np.r_[np.ones(9), 0.0], Smoothing("floor", 0.01))
    assert s.amounts.max() < 0.1 and np.all(np.isfinite(s.kl_pq))


def test_document_keeps_the_unsmoothed_result_beside_the_smoothed_one():
    d = Document(["a", "b", "c"], ["5", "3", "2"], ["6", "4", "0"])
    assert d.result().unsmoothed is None  # no smoothing: nothing extra computed
    d.set_smoothing(Smoothing("additive", 1.0))
    r = d.result()
    assert r.unsmoothed is not None and r.unsmoothed.kl_pq == math.inf
    assert r.comparison.kl_pq == typed_compare([6, 4, 3], [7, 5, 1]).kl_pq


def test_smoothing_from_typed_text():
    assert Smoothing.from_text("additive", " 1/2 ", "q") == Smoothing("additive", 0.5, "q")
    assert Smoothing.from_text("floor", "1e-6", n=3) == Smoothing("floor", 1e-6)
    with pytest.raises(ValueError, match="^α: 'lots' is not a number"):
        Smoothing.from_text("additive", "lots")
    with pytest.raises(ValueError, match="^ε must be above 0"):
        Smoothing.from_text("floor", "0")
    with pytest.raises(ValueError, match=r"^ε = 0.5 is too large: .*use a floor below 0.333333\.$"):
        Smoothing.from_text("floor", "0.5", n=3)
    # beyond the doubles: said as typed, a sentence (it read "…not inf The figures…")
    with pytest.raises(ValueError, match=r"^α = 1e400 is beyond the largest number a double "
                                         r"holds \(about 1\.8e308\)\.$"):
        Smoothing.from_text("additive", "1e400")
    # below the doubles: positive as typed, so not "0 would be no smoothing"
    for text in ("1e-400", " 1/1e400 "):
        said = f"α = {text.strip()} is below the smallest positive double (about 4.9e-324)."
        with pytest.raises(ValueError, match=f"^{re.escape(said)}$"):
            Smoothing.from_text("additive", text)
    with pytest.raises(ValueError, match=r"^ε must be above 0; 0 would be no smoothing\.$"):
        Smoothing.from_text("floor", "0e-400")


def test_a_floor_that_no_longer_fits_is_an_error_not_a_crash():
    d = Document(["a", "b"], ["1", "1"], ["1", "0"])
    d.set_smoothing(Smoothing("floor", 0.3))
    assert d.result().ok
    d.insert_outcomes(2, 2)  # four outcomes: 4 × 0.3 > 1
    r = d.result()
    assert not r.ok and "use a floor below 0.25" in str(r.error)


@pytest.mark.parametrize("amount", [1e308, 2e306, 1.7976931348623157e308])
def test_a_sweep_near_the_largest_double_stops_there(amount):
    """The grid goes 2 decades above the amount; beyond the largest double it would be
    inf, which no Smoothing accepts (the sweep raised ValueError)."""
    p, q = np.array([3.0, 0.0, 5.0]), np.array([1.0, 2.0, 0.0])
    s = sweep(p, q, Smoothing("additive", amount))
    assert np.all(np.isfinite(s.amounts)) and s.amounts.max() == sys.float_info.max
    assert amount in s.amounts.tolist() and s.amounts.size >= SWEEP_POINTS
    assert s.amounts.min() == pytest.approx(amount / 1e4, rel=1e-12)
    k = s.amounts.tolist().index(amount)
    assert s.kl_pq[k] == compare(p, q, smoothing=Smoothing("additive", amount)).kl_pq
    assert np.all(np.isfinite(s.kl_pq))


@pytest.mark.parametrize("method", ["additive", "floor"])
def test_a_sweep_at_the_smallest_double_keeps_its_points_above_zero(method):
    """4 decades below 5e-324 is 0 in doubles: the grid starts at 5e-324 instead, so
    the curve keeps its points (9 of 25 were left before)."""
    s = sweep(np.array([1.0, 0.0]), np.array([1.0, 1e-300]), Smoothing(method, 5e-324))
    assert s.amounts.min() == 5e-324 and (s.amounts > 0).all()
    assert s.amounts.max() == pytest.approx(5e-322, rel=0.02)  # 2 decades above
    assert s.amounts.size >= 15 and np.all(np.isfinite(s.kl_pq))


def test_a_sweep_around_a_floor_near_the_smallest_double_skips_amounts_that_are_zero():
    from klgui.core import Smoothing
    from klgui.core.teaching.smoothing_effect import sweep
    s = sweep(np.array([1.0, 0.0]), np.array([1.0, 1e-300]), Smoothing("floor", 1e-320))
    assert (s.amounts > 0).all() and 1e-320 in s.amounts.tolist()
