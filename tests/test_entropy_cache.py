"""A column's entropy is computed once and shared by every pair it is in (a ranking's
reference, a matrix's columns): the figures must be the very doubles that computing it
again gives, and an edit must never reuse an old column's value. No Qt here."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from klgui.core.numerics.divergence import _rescaled
from klgui.core.numerics.entries import TypedColumn, compare_typed
from klgui.core.numerics.kernel import BLOCK, Kernel, entropy_nats
from klgui.core.numerics.places import decimal_places_many
from klgui.core.numerics.refine import REFINE_MAX
from klgui.core.numerics.validation import checked_weights
from klgui.model.document import Document

N = REFINE_MAX + BLOCK + 123  # beyond the refined range, over more than one block


def column(values, name="P") -> TypedColumn:
    """A column typed as 6-digit decimals (its exact weights: integers)."""
    texts = [f"{v:.6g}" for v in values]
    places = decimal_places_many(texts)
    return TypedColumn(np.array([float(t) for t in texts]), places,
                       {i: texts[i] for i in np.flatnonzero(places < 0).tolist()}, name)


def kinds(rng):
    plain = rng.random(N)
    zeros = plain.copy()
    zeros[::7] = 0.0
    major = rng.random(N) * 1e-9
    major[N // 2] = 1.0  # one outcome above 1/2: its log comes from the exact 1 - p
    tiny = plain * 1e-200
    tiny[3] = 1.0
    return {"plain": plain, "zeros": zeros, "major": major, "tiny": tiny}


@pytest.mark.parametrize("kind", ["plain", "zeros", "major", "tiny"])
@pytest.mark.parametrize("partner", ["plain", "zeros"])
def test_entropy_nats_is_the_kernels_own_double(kind, partner):
    rng = np.random.default_rng(7)
    columns = kinds(rng)
    a = _rescaled(checked_weights(columns[kind], "P"))
    b = _rescaled(checked_weights(columns[partner], "Q"))
    sums = Kernel(a, b).run()
    assert entropy_nats(a) == sums["entropy_p"]
    assert entropy_nats(b) == sums["entropy_q"]
    x = columns[kind][columns[kind] > 0]  # and it is the entropy (an independent sum)
    p = x / math.fsum(x)
    assert entropy_nats(a) == pytest.approx(-math.fsum(p * np.log(p)), rel=1e-12)


def scalars(c):
    return {f.name: getattr(c, f.name) for f in dataclasses.fields(c)
            if isinstance(getattr(c, f.name), float)}


@pytest.mark.parametrize("kind", ["plain", "zeros", "major"])
def test_a_kept_entropy_gives_the_same_figures_as_computing_it_again(kind):
    rng = np.random.default_rng(11)
    columns = kinds(rng)
    reference = column(columns[kind])
    models = [column(rng.random(N), "A"), column(columns["zeros"] + 0.5, "B")]
    assert reference.known_entropy() is None
    first = compare_typed(reference, models[0])
    assert reference.known_entropy() == first.entropy_p  # kept by the first pair
    for model in models:
        fresh = compare_typed(column(columns[kind]), column(model.values, model.name))
        assert scalars(compare_typed(reference, model)) == scalars(fresh)
        assert scalars(compare_typed(model, reference)) == scalars(
            compare_typed(column(model.values, model.name), column(columns[kind])))


def test_smoothing_does_not_use_or_keep_the_unsmoothed_entropy():
    from klgui.core import Smoothing
    rng = np.random.default_rng(3)
    p, q = column(rng.random(N)), column(kinds(rng)["zeros"], "Q")
    smoothing = Smoothing("additive", 0.5)
    smoothed = compare_typed(p, q, smoothing=smoothing)
    assert p.known_entropy() is None
    compare_typed(p, q)  # keeps the unsmoothed entropy
    assert scalars(compare_typed(p, q, smoothing=smoothing)) == scalars(smoothed)


def test_an_edit_never_reuses_the_old_columns_entropy():
    rng = np.random.default_rng(5)
    texts = [f"{x:.6g}" for x in rng.random(N)]
    others = [f"{x:.6g}" for x in rng.random(N)]
    labels = [f"o{i}" for i in range(N)]
    doc = Document(labels, texts, others)
    before = doc.result().comparison.entropy_p
    assert doc.typed_column("P").known_entropy() is not None
    doc.set_entry("P", 0, "7")
    assert doc.typed_column("P").known_entropy() is None
    edited = doc.result().comparison
    texts[0] = "7"
    fresh = Document(labels, texts, others).result().comparison
    assert edited.entropy_p != before
    assert scalars(edited) == scalars(fresh)


def test_a_prepared_column_is_not_checked_again_and_gives_the_same_figures(monkeypatch):
    from klgui.core.numerics import divergence
    rng = np.random.default_rng(9)
    p, q, r = rng.random(N), rng.random(N), kinds(rng)["zeros"]
    first, (prepared_p, _) = divergence.compare_prepared(p, q)
    assert prepared_p.weights.values is p and prepared_p.entropy == pytest.approx(
        first.entropy_p, rel=1e-15)
    checked = []
    real = divergence.checked_weights
    monkeypatch.setattr(divergence, "checked_weights",
                        lambda values, *a, **k: checked.append(values) or real(values, *a, **k))
    again, _ = divergence.compare_prepared(p, r, prepared=(prepared_p, None))
    assert [c is r for c in checked] == [True]  # only the new column was checked
    assert scalars(again) == scalars(divergence.compare(p, r))
    # Prepared for other values (a copy): not used.
    checked.clear()
    divergence.compare_prepared(p.copy(), r, prepared=(prepared_p, None))
    assert len(checked) == 2
    # With smoothing nothing is prepared or reused.
    from klgui.core import Smoothing
    smoothed, kept = divergence.compare_prepared(p, r, smoothing=Smoothing("additive", 1.0),
                                                 prepared=(prepared_p, None))
    assert kept == (None, None)
    assert scalars(smoothed) == scalars(divergence.compare(p, r,
                                                           smoothing=Smoothing("additive", 1.0)))
