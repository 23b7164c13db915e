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
