"""The Qt-free document: entries as typed, structure edits, settings, one computation
per change. No QApplication is needed here."""

import math

import numpy as np
import pytest

from klgui.core import WeightParseError
from klgui.model.document import Document
from oracle import typed_compare


def coin() -> Document:
    return Document(["heads", "tails"], ["0.8", "0.2"], ["0.6", "0.4"])


def test_entries_keep_the_typed_text_and_the_maths_uses_the_value():
    d = coin()
    d.set_entry("P", 0, "4/5")
    d.set_entry("Q", 1, "40%")
    assert d.texts("P") == ["4/5", "0.2"] and d.texts("Q") == ["0.6", "40%"]
    assert d.values("Q").tolist() == [0.6, 0.4]
    assert d.result().comparison.kl_pq == typed_compare([0.8, 0.2], [0.6, 0.4]).kl_pq


@pytest.mark.parametrize("text", ["abc", "-0.2", "", "nan", "1/0", "1,000"])
def test_an_invalid_entry_changes_nothing(text):
    d = coin()
    events = []
    d.subscribe(events.append)
    before = d.revision
    with pytest.raises(WeightParseError):
        d.set_entry("P", 0, text)
    assert d.texts("P") == ["0.8", "0.2"] and d.values("P").tolist() == [0.8, 0.2]
    assert d.revision == before and events == []


def test_insert_remove_and_move_keep_rows_together():
    d = Document(["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"])
    d.insert_outcomes(1, 2)
    assert d.labels == ["a", "outcome 4", "outcome 5", "b", "c"]
    assert d.texts("P") == ["1", "0", "0", "2", "3"] and d.values("Q").tolist() == [4, 0, 0, 5, 6]
    d.remove_outcomes(1, 2)
    d.move_outcome(0, 2)
    assert d.labels == ["b", "c", "a"]
    assert d.texts("P") == ["2", "3", "1"] and d.values("Q").tolist() == [5, 6, 4]
    d.move_outcome(2, 0)
    assert d.labels == ["a", "b", "c"] and d.values("P").tolist() == [1, 2, 3]


def test_new_outcomes_have_zero_weight_so_no_figure_moves():
    d = coin()
    before = d.result().comparison
    d.insert_outcomes(2)
    after = d.result().comparison
    assert after.n == 3 and after.kl_pq == before.kl_pq and after.js_divergence == before.js_divergence


def test_at_least_one_outcome_remains():
    d = Document(["only"], ["1"], ["1"])
    with pytest.raises(ValueError, match="At least one outcome must remain"):
        d.remove_outcomes(0)
    assert d.n == 1


def test_normalize_entries_writes_exact_probabilities_and_keeps_the_figures():
    d = Document(["a", "b", "c"], ["1", "1", "2"], ["0.1", "0.2", "30%"])
    before = d.result().comparison
    d.normalize_entries()
    assert d.texts("P") == ["0.25", "0.25", "0.5"]
    assert d.texts("Q") == ["1/6", "1/3", "0.5"]
    after = d.result().comparison
    assert after.kl_pq == pytest.approx(before.kl_pq, rel=1e-15)
    assert after.kl_qp == pytest.approx(before.kl_qp, rel=1e-15)


def test_normalize_entries_leaves_a_zero_distribution_alone():
    d = Document(["a", "b"], ["0", "0"], ["1", "3"])
    d.normalize_entries()
    assert d.texts("P") == ["0", "0"] and d.texts("Q") == ["0.25", "0.75"]


def test_without_auto_normalization_a_bad_sum_is_an_error_not_a_figure():
    d = Document(["a", "b"], ["8", "2"], ["0.6", "0.4"])
    assert d.result().ok
    d.set_auto_normalize(False)
    r = d.result()
    assert not r.ok and r.error.distribution == "P" and "sums to 10" in str(r.error)
    assert r.p_sum == 10 and r.q_sum == 1
    d.normalize_entries()
    assert d.result().ok and d.result().comparison.kl_pq == typed_compare([0.8, 0.2], [0.6, 0.4]).kl_pq


def test_the_comparison_is_computed_once_per_revision(monkeypatch):
    calls = []
    import klgui.core.numerics.entries as entries
    for name in ("compare", "compare_precise"):
        real = getattr(entries, name)
        monkeypatch.setattr(entries, name,
                            lambda *a, _real=real, **k: calls.append(1) or _real(*a, **k))
    d = coin()
    for _ in range(5):
        d.result()
    assert len(calls) == 1
    for text in ("0.1", "0.2", "0.3"):
        d.set_entry("P", 0, text)
    d.result(), d.result()
    assert len(calls) == 2


def test_listeners_hear_before_and_after_with_the_rows():
    d = coin()
    seen = []
    d.subscribe(lambda c: seen.append(("after", c.kind, c.first, c.last)),
                lambda c: seen.append(("before", c.kind, c.first, c.last)))
    d.insert_outcomes(1)
    d.set_entry("Q", 2, "1")
    assert seen == [("before", "insert", 1, 1), ("after", "insert", 1, 1),
                    ("before", "entries", 2, 2), ("after", "entries", 2, 2)]
    d.set_entry("Q", 2, "1")  # same text: no change
    assert len(seen) == 4


def test_load_refuses_bad_data_and_keeps_the_document():
    d = coin()
    with pytest.raises(WeightParseError, match="Q, outcome 2: 'x' is not a number"):
        d.load(["a", "b"], ["1", "2"], ["3", "x"])
    with pytest.raises(ValueError, match="2 labels, 2 P entries and 3 Q entries"):
        d.load(["a", "b"], ["1", "2"], ["3", "4", "5"])
    assert d.labels == ["heads", "tails"] and d.texts("Q") == ["0.6", "0.4"]


def test_settings_are_checked():
    d = coin()
    d.set_unit("bits")
    assert d.result().comparison.base == "bits"
    with pytest.raises(ValueError):
        d.set_unit("furlongs")
    with pytest.raises(ValueError):
        d.set_digits(0)
    assert d.unit == "bits"


def test_large_documents_edit_in_place_correctly():
    n = 10_000
    d = Document([f"w{i}" for i in range(n)], ["1"] * n, ["1"] * n)
    d.set_entry("P", 4321, "3")
    expected = np.ones(n)
    expected[4321] = 3
    assert np.array_equal(d.values("P"), expected)
    assert d.result().comparison.kl_pq == typed_compare(expected, np.ones(n)).kl_pq
    assert not d.values("P").flags.writeable


def test_a_snapshot_restores_entries_as_typed_and_every_setting():
    from klgui.core import Smoothing
    d = coin()
    d.set_entry("P", 0, "4/5")
    d.set_unit("bits")
    d.set_digits(9)
    d.set_auto_normalize(False)
    d.set_smoothing(Smoothing("additive", 0.5))
    saved = d.snapshot()
    other = Document(["x"], ["1"], ["1"])
    events = []
    other.subscribe(events.append)
    other.restore(saved)
    assert other.snapshot() == saved and [e.kind for e in events] == ["reset"]
    assert other.result().comparison.smoothing == Smoothing("additive", 0.5)
    assert other.result().comparison.kl_pq == d.result().comparison.kl_pq


@pytest.mark.parametrize("change, words", [
    (dict(unit="furlongs"), "furlongs"), (dict(digits=40), "digits"),
    (dict(p=("0.5", "x")), "P, outcome 2"), (dict(labels=("a",)), "labels"),
    (dict(focus="P"), "The focus 'P' is not one of the models"),
])
def test_restoring_a_bad_snapshot_changes_nothing(change, words):
    import dataclasses
    d = coin()
    before = d.snapshot()
    if "p" in change:
        p = dataclasses.replace(before.distributions[0], entries=change.pop("p"))
        change["distributions"] = (p,) + before.distributions[1:]
    bad = dataclasses.replace(before, **change)
    with pytest.raises(ValueError, match=words):
        d.restore(bad)
    assert d.snapshot() == before


def test_smoothing_is_a_setting_the_result_uses():
    from klgui.core import Smoothing
    d = Document(["a", "b"], ["1", "1"], ["1", "0"])
    assert d.result().comparison.kl_pq == np.inf
    d.set_smoothing(Smoothing("additive", 1.0))
    assert d.result().comparison.kl_pq == typed_compare([2, 2], [2, 1]).kl_pq


def test_a_pasted_block_writes_labels_and_entries_and_grows_the_table():
    d = coin()
    events = []
    d.subscribe(events.append)
    d.paste(1, 0, [["tails", "1/5", "0.4"], ["edge", "0", "2%"], ["spare", "0.1", "0"]])
    assert d.labels == ["heads", "tails", "edge", "spare"]
    assert d.texts("P") == ["0.8", "1/5", "0", "0.1"] and d.texts("Q") == ["0.6", "0.4", "2%", "0"]
    assert d.values("Q").tolist() == [0.6, 0.4, 0.02, 0.0]
    assert [(e.kind, e.first, e.last) for e in events] == [("insert", 2, 3), ("rows", 1, 3)]


def test_a_block_from_the_q_column_fills_q_only():
    d = coin()
    d.paste(0, 2, [["1"], ["3"]])
    assert d.texts("Q") == ["1", "3"] and d.texts("P") == ["0.8", "0.2"]


@pytest.mark.parametrize("row, field, block, words", [
    (0, 1, [["0.5", "x"]], "Line 1 of the block, Q: 'x' is not a number"),
    (0, 1, [["0.5", "0.5"], ["-1"]], "Line 2 of the block, P: '-1' is negative"),
    (0, 2, [["0.5", "0.5"]], "2 columns wide, but from Q on there is only 1"),
    (0, 0, [[]], "nothing to paste"),
    (0, 0, [["a", "", "0.6"]], "^Line 1 of the block, P: the cell is empty. Type"),
])
def test_a_bad_block_changes_nothing(row, field, block, words):
    d = coin()
    before = d.snapshot()
    with pytest.raises(ValueError, match=words):
        d.paste(row, field, block)
    assert d.snapshot() == before and d.revision == 0


def test_cells_set_at_once_name_an_empty_one_in_one_sentence():
    d = coin()
    with pytest.raises(ValueError, match=r"^Q, outcome 2 \('tails'\): the cell is empty\. Type"):
        d.set_cells([(0, 1, "0.5"), (1, 2, " ")])
    assert d.texts("P") == ["0.8", "0.2"]


def test_one_distribution_loads_by_label_into_the_table():
    d = Document(["the", "of", "and"], ["1", "2", "3"], ["4", "5", "6"])
    counts = d.load_distribution("Q", ["and", "the", "cat"], ["30", "10", "7"])
    assert counts == (2, 1, 1)  # matched the, and; added cat; 'of' is not in the file
    assert d.labels == ["the", "of", "and", "cat"]
    assert d.texts("Q") == ["10", "0", "30", "7"] and d.texts("P") == ["1", "2", "3", "0"]


def test_one_distribution_with_no_shared_label_replaces_the_table():
    d = coin()
    assert d.load_distribution("P", ["x", "y"], ["1", "2"]) == (0, 2, 0)
    assert d.labels == ["x", "y"] and d.texts("P") == ["1", "2"] and d.texts("Q") == ["0", "0"]
    assert d.result().error is not None and "Q" in str(d.result().error)


def test_one_distribution_with_bad_entries_changes_nothing():
    d = coin()
    with pytest.raises(ValueError, match="P, outcome 2"):
        d.load_distribution("P", ["heads", "tails"], ["1", "x"])
    with pytest.raises(ValueError, match="repeat"):
        d.load_distribution("P", ["heads", "heads"], ["1", "2"])
    assert d.revision == 0


def test_weights_near_the_float_limit_compare_and_report_an_infinite_sum():
    # Summing them once raised OverflowError in the exact sum (math.ldexp).
    d = Document(["a", "b"], ["1e308", "1e308"], ["1", "3"])
    r = d.result()
    assert r.ok and r.p_sum == math.inf and r.q_sum == 4
    assert r.comparison.kl_pq == pytest.approx(typed_compare([0.5, 0.5], [0.25, 0.75]).kl_pq, rel=1e-15)


def test_additive_smoothing_makes_an_all_zero_model_comparable():
    """Laplace's rule on counts that are all zero gives the uniform distribution; the
    unsmoothed comparison has no value and says so (Result.unsmoothed is None)."""
    from fractions import Fraction

    from klgui.core import Smoothing
    d = Document(["a", "b"], ["1", "3"], ["0", "0"])
    assert not d.result().ok
    d.set_smoothing(Smoothing("additive", 1.0))
    r = d.result()
    assert r.ok and r.unsmoothed is None
    p, q = [Fraction(2, 6), Fraction(4, 6)], [Fraction(1, 2), Fraction(1, 2)]
    want = sum(float(x) * math.log(x / y) for x, y in zip(p, q))
    assert r.comparison.kl_pq == pytest.approx(want, rel=1e-14)


def test_an_edit_reuses_the_exact_weights_of_the_distribution_it_did_not_touch():
    d = Document(["a", "b"], ["1/3", "2/3"], ["0.25", "0.75"])
    before = d.job().columns
    d.set_entry("P", 0, "1/4")
    after = d.job().columns
    assert after["Q"] is before["Q"] and after["P"] is not before["P"]
    assert after["P"].weights().tolist() == [3.0, 8.0]  # 1/4 : 2/3 over 12


# -- several models -------------------------------------------------------------------
def seed_document():
    from klgui.model.snapshot import DistributionSpec
    d = Document()
    d.load_columns(["cat", "dog", "bird"], [
        DistributionSpec("P", "reference", ("1", "0", "0")),
        DistributionSpec("Model A", "model", ("0.8", "0.1", "0.1")),
        DistributionSpec("Model B", "model", ("0.4", "0.3", "0.3"))], focus="Model B")
    return d


def test_columns_have_stable_ids_and_the_aliases_follow_the_roles():
    d = seed_document()
    ids = d.column_ids
    assert d.name_of("P") == "P" and d.name_of("Q") == "Model B"
    c = d.add_model("Model C", ["1", "1", "1"], at=1)
    assert d.column_ids == (ids[0], c, ids[1], ids[2]) and d.field_of(c) == 2
    d.remove_column(ids[1])
    assert d.column_ids == (ids[0], c, ids[2]) and d.texts(ids[2])[0] == "0.4"
    d.make_reference(ids[2])
    assert d.name_of(d.reference_id) == "Model B" and d.name_of(d.focus_id) == "P"
    # "P" names the column called P (the old reference, now the focus), not the role;
    # no column is called Q, so "Q" is the focus model's alias.
    assert d.column_id("P") == ids[0] == d.column_id("Q") == d.focus_id


@pytest.mark.parametrize("bad, words", [
    ("", "needs a name"), ("Model A", "already a distribution called 'Model A'"),
    ("x" * 81, "at most 80 characters"), ("two\nlines", "line break"),
])
def test_a_bad_name_is_refused_and_nothing_changes(bad, words):
    d = seed_document()
    before = d.snapshot()
    with pytest.raises(ValueError, match=words):
        d.rename_column("Model B", bad)
    assert d.snapshot() == before


def test_the_reference_and_the_last_model_cannot_be_removed():
    d = seed_document()
    with pytest.raises(ValueError, match="is the reference"):
        d.remove_column("P")
    d.remove_column("Model A")
    with pytest.raises(ValueError, match="At least one model must remain"):
        d.remove_column("Model B")


def test_removing_the_focus_moves_it_to_another_model():
    d = seed_document()
    d.remove_column("Model B")
    assert d.name_of("Q") == "Model A"


def test_a_renamed_column_keeps_the_known_result():
    d = seed_document()
    r = d.result()
    d.rename_column("Model A", "A")  # out of the pair: the very same result
    assert d.known_result() is r
    d.rename_column("Model B", "B")  # the focus: the same figures under its new name
    known = d.known_result()
    assert known.comparison is r.comparison and known.model_name == "B"


def test_renaming_a_column_of_a_failed_pair_names_it_in_the_error():
    d = seed_document()
    d.set_column("Model B", ["0", "0", "0"])
    assert "Model B" in str(d.result().error)
    d.rename_column("Model B", "B")
    assert "B:" in str(d.result().error) and "Model B" not in str(d.result().error)


def test_paste_across_columns_names_the_column_of_a_bad_cell():
    from klgui.core import WeightParseError
    d = seed_document()
    with pytest.raises(WeightParseError, match="Line 2 of the block, Model B"):
        d.paste(0, 2, [["1", "1"], ["1", "x"]])


def test_the_ranking_reuses_the_focus_pair_the_window_already_computed():
    from klgui.core.numerics.pair_cache import PairCache
    d = seed_document()
    cache = PairCache()
    d.many_job(None, cache).run()
    d.set_entry("Model B", 0, "0.5")
    focus = d.result().comparison  # the window computes the focus pair first
    misses = cache.misses
    rows = d.many_job(None, cache).run().ranking
    assert cache.misses == misses  # Model A's pair is cached, Model B's came with the job
    b = next(r for r in rows if r.name == "Model B")
    assert b.figures.kl_pq == focus.kl_pq and b.figures.kl_qp == focus.kl_qp


@pytest.mark.parametrize("entries, normalize, message", [
    (("0", "0", "0"), True,
     "Model B: every weight is zero; give at least one outcome a positive weight."),
    (("0.5", "0.2", "0.1"), False,
     "Model B sums to 0.8, not 1; fix the weights or turn normalization on."),
])
def test_a_focus_models_problem_is_told_in_its_own_name(entries, normalize, message):
    from klgui.model.snapshot import DistributionSpec
    d = Document()
    d.set_auto_normalize(normalize)
    d.load_columns(["cat", "dog", "bird"], [
        DistributionSpec("P", "reference", ("1", "0", "0")),
        DistributionSpec("Model A", "model", ("0.8", "0.1", "0.1")),
        DistributionSpec("Model B", "model", entries)], focus="Model B")
    r = d.result()
    assert not r.ok
    assert str(r.error) == message
    assert r.error.distribution == "Q"  # the page still knows which side is to blame


def test_a_refused_cell_is_named_by_its_row_and_its_label():
    d = coin()
    before = d.texts("Q")
    with pytest.raises(WeightParseError,
                       match=r"^Q, outcome 2 \('tails'\): 'x' is not a number"):
        d.set_cells([(0, 2, "0.5"), (1, 2, "x")])
    assert d.texts("Q") == before  # nothing changed
    d.set_label(1, "")
    with pytest.raises(WeightParseError, match=r"^Q, outcome 2: 'x' is not a number"):
        d.set_cells([(1, 2, "x")])


# -- a name means its column; "P" and "Q" are aliases only when no column has the name ----
def named_p():
    """Reference "Reference"; models "P" (out of focus) and "Model A" (the focus): what
    an import makes of a file whose further model is called P."""
    from klgui.model.document import DistributionSpec
    d = Document()
    d.load_columns(["a", "b"], [DistributionSpec("Reference", "reference", ("0.5", "0.5")),
                                DistributionSpec("P", "model", ("0.9", "0.1")),
                                DistributionSpec("Model A", "model", ("0.25", "0.75"))],
                   focus="Model A")
    return d


def test_a_model_called_p_is_that_model_and_q_still_means_the_focus():
    d = named_p()
    reference, p_model, model_a = d.column_ids
    assert d.column_id("P") == p_model and list(d.texts("P")) == ["0.9", "0.1"]
    assert d.column_id("Q") == model_a == d.focus_id  # no column is called Q: the alias
    assert d.role_of("P") == "model"
    # The figures are still the reference against the focus model: ln 2 - (ln 4 + ln 4/3)/2
    c = d.result().comparison
    assert c.kl_pq == pytest.approx(0.5 * math.log(2) + 0.5 * math.log(2 / 3), rel=1e-15)
    assert d.result().reference_name == "Reference" and d.result().model_name == "Model A"
    # Edits by role go to the roles, not to the column called P.
    d.insert_rows(2, ["c"], p=["1"], q=["2"])
    assert [list(d.texts(i)) for i in d.column_ids] == [["0.5", "0.5", "1"],
                                                        ["0.9", "0.1", "0"],
                                                        ["0.25", "0.75", "2"]]
    d.load(["x", "y"], ["1", "3"], ["3", "1"])
    assert d.names() == ("Reference", "Model A") and d.name_of(d.focus_id) == "Model A"
    # A column called Q is Q; the focus moves by name.
    d = named_p()
    d.rename_column("Model A", "Q")
    d.set_focus("P")
    assert d.name_of(d.focus_id) == "P" and d.column_id("Q") != d.focus_id
    d.make_reference("P")
    assert d.name_of(d.reference_id) == "P" and d.name_of(d.focus_id) == "Reference"


def test_names_that_differ_only_in_case_are_refused_where_they_are_given():
    d = named_p()
    with pytest.raises(ValueError) as info:
        d.rename_column("P", "model a")
    assert str(info.value) == ("There is already a distribution called 'Model A'; 'model a' "
                               "differs from it only in case, and a spreadsheet would take "
                               "one for the other. Choose another name.")
    with pytest.raises(ValueError, match="'Reference'; 'REFERENCE' differs"):
        d.add_model("REFERENCE")
    assert d.names() == ("Reference", "P", "Model A")
    d.rename_column("Model A", "MODEL A")  # its own name in another case: fine
    d.rename_column("P", "p")
    assert d.names() == ("Reference", "p", "MODEL A")
    # A fresh name is not the twin of one in use; files and sessions may hold twins.
    d.rename_column("MODEL A", "model b")
    assert d.name_of(d.add_model()) == "Model A"
    from klgui.model.document import DistributionSpec
    twins = Document()
    twins.load_columns(["a"], [DistributionSpec("Model A", "reference", ("1",)),
                               DistributionSpec("model a", "model", ("1",))])
    twins.restore(twins.snapshot())
    assert twins.names() == ("Model A", "model a")


def test_an_empty_entry_is_said_in_one_sentence():
    with pytest.raises(WeightParseError, match=r"^P, outcome 1: the cell is empty\. "):
        Document(["a", "b"], ["", "1"], ["1", "1"])


def test_a_change_says_whether_it_keeps_the_data():
    """A unit, digits or focus change leaves labels and entries as they were (what the
    status bar's description of an example relies on); an edit does not."""
    d = coin()
    changes = []
    d.subscribe(changes.append)
    d.set_unit("bits")
    d.set_digits(3)
    d.set_entry("P", 0, "0.7")
    d.set_label(1, "T")
    assert [(c.kind, c.keeps_data) for c in changes] == [
        ("settings", True), ("settings", True), ("entries", False), ("labels", False)]


def test_the_change_says_whether_the_known_result_holds():
    """Change.keeps_result, set by the document: a label, the digits or a model out of
    focus keep the known result (so nothing computes it again); the focus model's
    entries do not, nor does anything while no result is known."""
    d = seed_document()
    seen = []
    d.subscribe(seen.append)
    r = d.result()
    d.set_label(0, "cat!")
    d.set_digits(d.digits + 1)
    d.set_entry("Model A", 0, "5")
    assert [(c.kind, c.keeps_result) for c in seen] == [
        ("labels", True), ("settings", True), ("entries", True)]
    assert d.known_result() is r and not any(c.keeps_figures for c in seen)
    d.set_entry("Q", 0, "5")
    d.set_label(1, "dog!")  # no result known to keep
    assert [c.keeps_result for c in seen[3:]] == [False, False]
    assert d.known_result() is None
