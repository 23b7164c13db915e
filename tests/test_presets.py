"""The shipped examples: every one loads, and their figures are the known ones."""

import math

import pytest

from klgui.core import compare, parse_weight
from klgui.model.document import Document
from klgui.io.presets import find_preset, list_presets

SHIPPED = ["coin", "classifier", "die", "identical", "support-mismatch", "word-frequencies",
           "triangle", "binomials", "two-modes", "distillation"]
#: The first round's names stay usable (the command line's --preset).
KEYS = SHIPPED + ["classifier-a", "classifier-b"]


def test_every_preset_is_shipped_in_menu_order():
    assert [p.key for p in list_presets()] == SHIPPED


@pytest.mark.parametrize("key", KEYS)
def test_every_preset_loads_into_a_document(key):
    preset = find_preset(key)
    d = Document()
    d.restore(preset.snapshot("nats", 6))
    assert d.n == len(preset.labels) and d.result().ok and d.name == preset.title
    assert list(d.texts("P")) == list(preset.p) and list(d.texts("Q")) == list(preset.q)


def test_the_classifier_lesson_has_both_models_and_the_old_names_choose_the_focus():
    d = Document()
    d.restore(find_preset("classifier-b").snapshot("nats", 6))
    assert d.names() == ("P", "Model A", "Model B") and d.name_of("Q") == "Model B"
    d.restore(find_preset("classifier").snapshot("nats", 6))
    assert d.name_of("Q") == "Model A"


def test_the_triangle_example_breaks_the_triangle_inequality_for_kl():
    from klgui.core.numerics.many import divergence_matrix
    from klgui.core.numerics.triangle import triangle_check
    d = Document()
    d.restore(find_preset("triangle").snapshot("nats", 6))
    columns = [(d.name_of(c), d.typed_column(c)) for c in d.column_ids]
    check = triangle_check(divergence_matrix(columns, "nats"))
    assert check.broken
    # D(P‖Q) = ln 100 against D(P‖M) + D(M‖Q) = ln 2 + (0.5 ln 50 + 0.5 ln(0.5/0.99))
    assert math.log(100) > math.log(2) + 0.5 * math.log(50) + 0.5 * math.log(0.5 / 0.99)
    assert not triangle_check(divergence_matrix(columns, "nats", "js_distance")).broken


def figures(key: str, base: str = "nats"):
    preset = find_preset(key)
    return compare([parse_weight(t) for t in preset.p], [parse_weight(t) for t in preset.q], base)


def test_the_known_values():
    assert figures("coin").kl_pq == pytest.approx(0.0915162218494, abs=1e-13)
    assert figures("classifier-a", "bits").kl_pq == pytest.approx(math.log2(1.25), rel=1e-15)
    assert figures("classifier-b", "bits").kl_pq == pytest.approx(math.log2(2.5), rel=1e-15)
    die = figures("die")
    assert die.kl_pq == pytest.approx(5 / 6 * math.log(10 / 6) + 1 / 6 * math.log(1 / 3), rel=1e-14)
    assert figures("identical").kl_pq == 0.0 and figures("identical").js_divergence == 0.0
    mismatch = figures("support-mismatch")
    assert math.isinf(mismatch.kl_pq) and math.isfinite(mismatch.kl_qp)
    assert figures("word-frequencies").n >= 200


def test_an_unknown_preset_names_the_known_ones():
    with pytest.raises(KeyError, match="coin"):
        find_preset("nope")


def test_the_family_examples_open_as_families():
    from klgui.core.families import Binomial, Softmax
    d = Document()
    d.restore(find_preset("binomials").snapshot("nats", 6))
    assert d.family_of("P") == Binomial(10, 0.5) and d.family_of("Q") == Binomial(10, 0.3)
    assert d.result().comparison.kl_pq == pytest.approx(0.871766935723889, rel=1e-14)
    assert d.family_figures().closed_pq.value == pytest.approx(0.871766935723889, rel=1e-14)
    d.restore(find_preset("distillation").snapshot("nats", 6))
    assert d.family_of("Q") == Softmax(("5", "10", "15"), 1.0)
    assert d.family_figures().distillation.scaled_kl == pytest.approx(0.0064880326332,
                                                                      rel=1e-10)
