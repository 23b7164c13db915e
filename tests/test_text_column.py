"""TextColumn behaves as a list of str under every edit a document makes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from klgui.model.text_column import TextColumn

texts = st.text(max_size=6)  # any code points, empty texts included
operations = st.lists(st.tuples(st.sampled_from(["set", "insert", "delete", "move"]),
                                st.integers(0, 200), st.integers(0, 200),
                                st.lists(texts, max_size=80)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, max_size=30), operations)
def test_every_edit_matches_a_list(start, ops):
    column, model = TextColumn(start), list(start)
    for kind, a, b, new in ops:
        n = len(model)
        if kind == "set" and n and new:
            column[a % n] = new[0]
            model[a % n] = new[0]
        elif kind == "insert":
            column.insert_rows(a % (n + 1), new)  # > 64 texts are packed, fewer kept aside
            model[a % (n + 1):a % (n + 1)] = new
        elif kind == "delete" and n:
            first = a % n
            stop = first + b % (n - first + 1)
            column.delete_rows(first, stop)
            del model[first:stop]
        elif kind == "move" and n:
            column.move_row(a % n, b % n)
            model.insert(b % n, model.pop(a % n))
        assert column == model and len(column) == len(model)
    assert list(column) == model and column[1:4] == model[1:4] and column[::-1] == model[::-1]
    if model:
        assert column[-1] == model[-1]


def test_compares_like_a_list_and_not_like_a_string():
    column = TextColumn(["a", "b"])
    assert column == ["a", "b"] and ["a", "b"] == column and column == ("a", "b")
    assert column != ["a"] and column != "ab" and column != TextColumn(["a", "c"])
    assert "b" in column and column.index("b") == 1


def test_a_row_edited_again_and_again_keeps_one_slot():
    column = TextColumn(["x"] * 1000)
    for k in range(500):
        column[7] = str(k)
    column.delete_rows(0, 2)
    column[0] = "new"  # reuses nothing of row 7's slot: that row is still there
    assert column[5] == "499" and column[0] == "new" and len(column._extra) == 2


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, min_size=1, max_size=30), operations)
def test_a_copy_and_its_original_never_see_each_others_edits(start, ops):
    """Copies share their offsets until one writes (an undo step keeps a copy of every
    column): each must still behave as its own list."""
    column = TextColumn(start)
    copies = [(column.copy(), list(start))]
    model = list(start)
    for k, (kind, a, _, new) in enumerate(ops):
        target, expected = (column, model) if k % 2 else copies[-1]
        n = len(expected)
        if kind == "set" and n and new:
            target[a % n] = new[0]
            expected[a % n] = new[0]
        elif kind == "insert":
            target.insert_rows(a % (n + 1), new)
            expected[a % (n + 1):a % (n + 1)] = new
        if k % 3 == 0:
            copies.append((column.copy(), list(model)))
    assert column == model
    for copy, expected in copies:
        assert copy == expected


def test_offsets_take_four_bytes_a_row_and_packed_gives_the_joined_texts():
    column = TextColumn([f"{i / 7:.6g}" for i in range(1000)])
    assert column._start.dtype.itemsize == 4
    joined, lengths = column.packed()
    assert joined == "".join(column) and lengths.tolist() == [len(t) for t in column]
    column[3] = "0.5"
    assert column.packed() is None  # an edit: the rows are no longer the joined text
