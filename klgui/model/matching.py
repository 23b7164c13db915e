"""Matching one distribution read from a file to a table's outcomes, by label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Matched", "match_by_label"]


@dataclass(frozen=True)
class Matched:
    """Where a distribution's entries go: ``entries`` for every outcome of the table
    (outcomes it does not name get "0") followed by ``added`` new outcomes, and how many
    were matched, added and set to 0. ``replace`` is True when no label matched: its
    outcomes then replace the table's."""

    entries: list[str]
    added: list[str]
    matched: int
    zeroed: int
    replace: bool = False


def match_by_label(table_labels: Sequence[str], labels: Sequence[str], texts: Sequence[str],
                   name: str) -> Matched:
    """Match ``labels`` with their entries ``texts`` (one distribution, called ``name``
    in messages) to ``table_labels``.

    Raises ValueError when the counts differ, when the labels repeat, or when a label
    the file names is on several rows of the table (which of them would get the weight?).
    """
    new_labels, new_texts = [str(x).strip() for x in labels], [str(t) for t in texts]
    if len(new_labels) != len(new_texts):
        raise ValueError(f"{len(new_labels)} labels but {len(new_texts)} {name} entries")
    if len(set(new_labels)) != len(new_labels):
        raise ValueError(f"the labels for {name} repeat; merge them first")
    given = dict(zip(new_labels, new_texts))
    if not given.keys() & set(table_labels):
        return Matched(new_texts, new_labels, 0, 0, replace=True)
    rows: dict[str, list[int]] = {}
    for i, label in enumerate(table_labels):
        if label in given:
            rows.setdefault(label, []).append(i)
    for label, at in rows.items():
        if len(at) > 1:
            shown = [str(i + 1) for i in at[:5]] + (["…"] if len(at) > 5 else [])
            raise ValueError(f"the table has the label {label!r} on rows "
                             f"{', '.join(shown[:-1])} and {shown[-1]}; rename them so "
                             "each label is used once, then load again")
    known = set(table_labels)
    added = [label for label in new_labels if label not in known]
    entries = [given.get(label, "0") for label in table_labels] + [given[a] for a in added]
    matched = len(given) - len(added)
    return Matched(entries, added, matched, len(table_labels) - matched)
