"""After a one-cell edit the focus pair is worked out again from what the edited column
kept from its last version (core.numerics.column_cache): its value sum, exact weights and
weight survey redone only where the entries changed, and total variation summing whole
weights block by block. Every figure, array and sum must be the very double that the full
computation gives (issue 20, "Speed and memory"): here the full computation is compare()
on freshly computed exact weights, with the checks and sums of validation and exact, as
before any of this was kept. No Qt."""

from __future__ import annotations

import dataclasses
import gc
import math
import weakref

import numpy as np
import pytest

from klgui.core import Smoothing, compare
from klgui.core.numerics.column_cache import INTEGRAL_MAX, block_survey, column_sum
from klgui.core.numerics.divergence import _subset_sum
from klgui.core.numerics.entries import TypedColumn, compare_typed, exact_weight_parts
from klgui.core.numerics.exact import SURVEY_BLOCK, dd_sum
from klgui.core.numerics.kernel import BLOCK
from klgui.core.numerics.places import decimal_places_many
from klgui.core.numerics.refine import REFINE_MAX
from klgui.core.numerics.validation import checked_weights
from klgui.model.document import Document

N = REFINE_MAX + BLOCK + 123  # the kernel's path, over more than one block


def texts(kind: str, n: int, rng) -> list[str]:
    if kind == "dirichlet":  # bench_many's columns: 6 significant digits
        return [f"{x:.6g}" for x in rng.dirichlet(np.ones(n))]
    if kind == "zeros":  # zeros where the other column is positive: D is infinite
        x = rng.random(n)
        x[rng.random(n) < 0.25] = 0.0
        return [f"{v:.4g}" if v else "0" for v in x]
    if kind == "counts":
        return [str(int(v)) for v in rng.integers(0, 1000, n)]
    if kind == "tiny":  # weights 1e300 times below the rest (not integers over 10^k)
        out = [f"{v:.5g}" for v in rng.random(n)]
        for i in rng.choice(n, 40, replace=False).tolist():
            out[i] = "1e-300"
        out[7] = "4.5e-305"
        return out
    if kind == "fractions":
        out = [f"{v:.3f}" for v in rng.random(n)]
        for i in rng.choice(n, 20, replace=False).tolist():
            out[i] = "1/3"
        return out
    raise ValueError(kind)


#: Edits that keep the common denominator and edits that change it (more places, a
#: percentage), and zeros.
EDITS = ["0", "0.5", "0.001234", "7", "0.123456789012", "0.25", "33", "0", "0.000001",
         "12.5%", "0.3", "1e-5", "0.30000"]
#: Edits after which the column's weights are computed one by one, as fractions (slow):
#: a weight that no longer fits below 2^53 over the denominator, a fraction, 16 digits,
#: a weight 1e300 times below the rest.
ODD_EDITS = ["2e15", "1/7", "9007199254740993", "1e-300"]


def bits(x: float) -> str:
    return float.hex(x)  # tells -0.0 from 0.0


def assert_identical(got, want) -> None:
    """Every field of two Comparisons the same, bit for bit."""
    for f in dataclasses.fields(want):
        a, b = getattr(got, f.name), getattr(want, f.name)
        if isinstance(b, np.ndarray):
            assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), f.name
        elif isinstance(b, float):
            assert bits(a) == bits(b), (f.name, a, b)
        elif isinstance(b, tuple) and b and isinstance(b[0], float):
            assert [bits(x) for x in a] == [bits(x) for x in b], f.name
        else:
            assert a == b, f.name


_WEIGHTS: dict[tuple[int, int], tuple] = {}


def exact_weights_of(column: TypedColumn) -> np.ndarray:
    """exact_weight_parts of a column's arrays, computed afresh once per pair of arrays
    (a document keeps the arrays of a column its edit did not touch)."""
    key = id(column.values), id(column.places)
    known = _WEIGHTS.get(key)
    if known is None or known[0] is not column.values or known[1] is not column.places:
        weights = exact_weight_parts(column.values, column.places, column.odd, "P").high
        known = _WEIGHTS[key] = (column.values, column.places, weights)
    return known[2]


def full_computation(doc: Document, smoothing: Smoothing | None = None):
    """The focus pair computed from scratch: fresh exact weights, fresh checks and sums."""
    job = doc.job()
    p, q = job.columns["P"], job.columns["Q"]
    sums = column_sum(p.values), column_sum(q.values)
    if smoothing is not None:  # unchanged paths; fresh columns keep nothing
        fresh = [TypedColumn(c.values, c.places, dict(c.odd), c.name) for c in (p, q)]
        return compare_typed(*fresh, doc.unit, normalize=doc.auto_normalize,
                             smoothing=smoothing, given_sums=sums), sums
    return compare(exact_weights_of(p), exact_weights_of(q), doc.unit,
                   normalize=doc.auto_normalize, given_sums=sums), sums


def check(doc: Document, smoothing: Smoothing | None = None) -> None:
    result = doc.result()
    try:
        want, sums = full_computation(doc, smoothing)
    except Exception as e:  # noqa: BLE001 - then the document must say the same
        assert not result.ok and type(result.error) is type(e) and str(result.error) == str(e)
        return
    assert result.ok, result.error
    assert (bits(result.p_sum), bits(result.q_sum)) == tuple(bits(s) for s in sums)
    assert_identical(result.comparison, want)
    c = result.comparison
    for name in ("kl_pq", "kl_qp", "js_divergence", "total_variation", "hellinger"):
        value = getattr(c, name)
        assert value >= 0.0 and not math.isnan(value) and bits(value) != "-0x0.0p+0", name


@pytest.mark.parametrize("kind_p, kind_q, edits", [
    ("dirichlet", "dirichlet", EDITS + ODD_EDITS), ("dirichlet", "zeros", EDITS),
    ("zeros", "counts", EDITS), ("tiny", "dirichlet", EDITS[:6]),
    ("counts", "fractions", EDITS[:6])])
def test_every_figure_after_edits_is_that_of_the_full_computation(kind_p, kind_q, edits):
    rng = np.random.default_rng(sum(map(ord, kind_p + kind_q)))
    doc = Document([f"o{i}" for i in range(N)], texts(kind_p, N, rng), texts(kind_q, N, rng))
    check(doc)
    for row in (0, SURVEY_BLOCK - 1, SURVEY_BLOCK, N - 1):  # the blocks' edges
        doc.set_entry("Q", row, "0.0042")
        check(doc)
    for k, text in enumerate(edits):
        row = int(rng.integers(N))
        doc.set_entry("PQ"[k % 2], row, text)
        if k % 4 != 3:  # and sometimes two edits before the next result
            check(doc)


def test_ties_and_an_entry_made_equal_to_the_reference_are_exact():
    rng = np.random.default_rng(5)
    p = texts("dirichlet", N, rng)
    doc = Document([f"o{i}" for i in range(N)], p, list(p))
    check(doc)
    assert doc.result().comparison.kl_pq == 0.0
    for row in rng.integers(N, size=6).tolist():
        doc.set_entry("Q", row, "0.5")
        check(doc)
        doc.set_entry("Q", row, p[row])  # back to equal: every figure exactly 0 again
        check(doc)
    c = doc.result().comparison
    assert c.kl_pq == c.total_variation == c.hellinger == 0.0


def test_a_model_that_rules_out_an_outcome_and_back():
    rng = np.random.default_rng(8)
    doc = Document([f"o{i}" for i in range(N)], texts("dirichlet", N, rng),
                   texts("dirichlet", N, rng))
    doc.set_entry("Q", 100, "0")
    check(doc)
    assert doc.result().comparison.kl_pq == math.inf
    assert doc.result().comparison.infinite_pq == (100,)
    doc.set_entry("Q", 100, "0.00002")
    check(doc)
    assert math.isfinite(doc.result().comparison.kl_pq)


@pytest.mark.parametrize("setting", ["additive", "floor", "unnormalized", "bits"])
def test_settings_that_take_other_paths_after_edits(setting):
    rng = np.random.default_rng(3)
    doc = Document([f"o{i}" for i in range(N)], texts("zeros", N, rng), texts("zeros", N, rng))
    smoothing = None
    if setting in ("additive", "floor"):
        smoothing = Smoothing(setting, 0.5 if setting == "additive" else 1e-6)
        doc.set_smoothing(smoothing)
    elif setting == "unnormalized":
        doc.set_auto_normalize(False)
    else:
        doc.set_unit("bits")
    check(doc, smoothing)
    for k, text in enumerate(EDITS[:6]):
        doc.set_entry("PQ"[k % 2], int(rng.integers(N)), text)
        check(doc, smoothing)


def test_a_column_kept_from_an_older_version_and_its_sums():
    """A version that was never computed passes on what the one before it kept."""
    rng = np.random.default_rng(4)
    values = texts("dirichlet", N, rng)
    places = decimal_places_many(values)
    first = TypedColumn(np.array([float(t) for t in values]), places, {}, "Q")
    first.value_sum(), first.checked()
    versions = [first]
    for row, text in ((3, "0.25"), (SURVEY_BLOCK + 9, "0.000125"), (N - 2, "0")):
        values[row] = text
        places = decimal_places_many(values)
        column = TypedColumn(np.array([float(t) for t in values]), places, {}, "Q")
        column.follow(versions[-1])
        versions.append(column)
    last = versions[-1]  # the two versions before it computed nothing
    assert last.value_sum() == column_sum(last.values)
    fresh = exact_weight_parts(last.values, last.places, {}, "Q")
    assert last.weights().tobytes() == fresh.high.tobytes()
    assert last.weight_parts().scale == fresh.scale
    w, want = last.checked().weights, checked_weights(fresh.high, "Q")
    assert (w.low, w.high, w.total) == (want.low, want.high, want.total)


def test_a_column_does_not_keep_its_predecessor_alive():
    rng = np.random.default_rng(6)
    values = np.array([float(t) for t in texts("dirichlet", N, rng)])
    places = decimal_places_many([f"{v:.6g}" for v in values])
    old = TypedColumn(values, places, {}, "Q")
    old.value_sum(), old.checked()
    new_values = values.copy()
    new_values[5] = 0.5
    new = TypedColumn(new_values, places, {}, "Q")
    new.follow(old)
    gone = weakref.ref(old)
    del old
    gc.collect()
    assert gone() is None
    new.value_sum(), new.checked()  # and once used, the old arrays are let go
    assert "_base" not in new.__dict__ and "_weight_rows" not in new.__dict__


def whole_numbers(rng, n, per_block_total):
    """Whole numbers (below 2^53 each) whose every block of SURVEY_BLOCK sums to
    between 99% and 100% of ``per_block_total``, with a few zeros."""
    each = per_block_total / min(SURVEY_BLOCK, n)
    w = np.floor(each * (1.0 - 0.01 * rng.random(n)))
    w[rng.choice(n, min(5, n // 3), replace=False)] = 0.0
    return w


@pytest.mark.parametrize("per_block_total", [1e6, 2.0 ** 40, 0.99 * INTEGRAL_MAX])
def test_a_sum_of_selected_whole_weights_is_dd_sums_own(per_block_total):
    """The identity total variation relies on: whole numbers whose blocks sum below
    2^53 give dd_sum(w[where]) exactly, summed block by block in place."""
    rng = np.random.default_rng(int(math.log2(per_block_total)))
    for n in (1, 17, SURVEY_BLOCK, 3 * SURVEY_BLOCK + 11):
        w = whole_numbers(rng, n, per_block_total)
        blocks = block_survey(w, integral=True)
        assert blocks.exactly_summable()
        for share in (0.0, 0.01, 0.5, 1.0):
            where = rng.random(n) < share
            got, want = _subset_sum(w, where, True), dd_sum(w[where])
            assert (bits(got[0]), bits(got[1])) == (bits(want[0]), bits(want[1]))


def test_weights_that_are_not_exactly_summable_are_not_taken_for_it():
    rng = np.random.default_rng(2)
    w = whole_numbers(rng, 2 * SURVEY_BLOCK, 1e6)
    w[SURVEY_BLOCK + 1] = 2.0 ** 53 - 2.0  # this block now sums beyond 2^53
    assert not block_survey(w, integral=True).exactly_summable()
    w[SURVEY_BLOCK + 1] = 2.5  # not a whole number
    assert not block_survey(w, integral=True).exactly_summable()
    assert block_survey(np.array([1.0, -1.0])) is None  # refused, as surveyed() gives no sum
