"""The shipped examples: every one loads, and their figures are the known ones."""

import math

import pytest

from klgui.core import compare, parse_weight
from klgui.model.document import Document
from klgui.io.presets import find_preset, list_presets

KEYS = ["coin", "classifier-a", "classifier-b", "die", "identical", "support-mismatch",
        "word-frequencies"]


def test_every_preset_is_shipped_in_menu_order():
    assert [p.key for p in list_presets()] == KEYS


@pytest.mark.parametrize("key", KEYS)
def test_every_preset_loads_into_a_document(key):
    preset = find_preset(key)
    d = Document()
    d.load(preset.labels, preset.p, preset.q, name=preset.title)
    assert d.n == len(preset.labels) and d.result().ok and d.name == preset.title


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
