"""Matching one distribution read from a file to a table's outcomes, by label; and the
outcomes a family's replace the table's with, by label or by number."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from klgui.core.characters import quoted
from klgui.core.errors import WeightParseError
from klgui.core.families import Outcomes, outcome_values
from klgui.core.families.base import label_numbers
from klgui.core.parsing import parse_exact

__all__ = ["Matched", "match_by_label", "Replaced", "replaced_outcomes"]


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


@dataclass(frozen=True)
class Replaced:
    """The table's outcomes ``before`` replaced by ``after`` (a family's).

    Attributes
    ----------
    rows : tuple of (int or None), length len(after)
        For each new outcome the row of ``before`` that is the same outcome (its
        entries are kept), or None for a new one (its entries are 0).
    before, after : tuple of str
        The labels.
    """

    rows: tuple[int | None, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def added(self) -> list[str]:
        """The new outcomes' labels."""
        return [label for label, row in zip(self.after, self.rows) if row is None]

    @property
    def removed(self) -> list[int]:
        """The rows of ``before`` that no new outcome is."""
        kept = set(self.rows)
        return [i for i in range(len(self.before)) if i not in kept]

    @property
    def renamed(self) -> list[tuple[str, str]]:
        """(old, new) labels of the outcomes kept under another spelling (0.0 → 0)."""
        return [(self.before[row], label) for label, row in zip(self.after, self.rows)
                if row is not None and self.before[row] != label]

    def kept(self, texts: Sequence[str]) -> tuple[str, ...]:
        """A column's entries (``texts``, one per row of ``before``) on the new
        outcomes: the same outcome's entry, "0" for a new one."""
        return tuple("0" if row is None else texts[row] for row in self.rows)

    def said(self, columns: Sequence[tuple[str, Sequence[str]]],
             shown: Callable[[str], str] = str) -> str:
        """What the replacement does to the entries of ``columns`` ((name, texts) of the
        columns of typed entries, texts one per row of ``before``): the outcomes kept
        under another label, the new ones (0), the entries dropped with theirs (each
        quoted as ``shown`` writes it: the window's decimal mark). "" when there are no
        such columns or nothing of that. Labels and entries are quoted."""
        if not columns:
            return ""
        names = _listed([name for name, _ in columns], most=len(columns))
        parts = []
        if renamed := self.renamed:
            old = _listed([quoted(a) for a, _ in renamed])
            new = _listed([quoted(b) for _, b in renamed])
            parts.append(f"{names} keep{'s' if len(columns) == 1 else ''} the entries of "
                         f"{old}, now {new}")
        if added := self.added:
            what = ("the new outcome" if len(added) == 1
                    else f"the {len(added):,} new outcomes")
            parts.append(f"{what} {_listed([quoted(x) for x in added])} "
                         f"get{'s' if len(added) == 1 else ''} 0 in {names}")
        for name, texts in columns:
            if rows := self._dropped(texts):
                parts.append(f"{name}'s entries of "
                             f"{_listed([quoted(self.before[i]) for i in rows])} "
                             f"({_listed([quoted(shown(texts[i])) for i in rows])}) are dropped")
        if not parts:
            return ""
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."


    def drops(self, columns: Sequence[tuple[str, Sequence[str]]]) -> bool:
        """Whether the replacement drops an entry that holds weight in one of
        ``columns`` (as :meth:`said` says "… are dropped")."""
        return any(self._dropped(texts) for _, texts in columns)

    def _dropped(self, texts: Sequence[str]) -> list[int]:
        """The rows of ``before`` no new outcome is whose entry in ``texts`` holds
        weight."""
        return [i for i in self.removed if not _holds_no_weight(texts[i])]


#: The commonest entries that hold no weight, known without reading them.
_ZEROS = {"0", "0.0", ""}


def _holds_no_weight(text: str) -> bool:
    """Whether an entry holds no weight, so that dropping it loses nothing: empty, or
    a number equal to 0 however written (``0``, ``00``, ``0%``, ``0/7``, ``0e5``,
    ``0,0``; read exactly: ``1e-400`` is not 0). An entry the parser refuses holds
    something the person typed, so it is not."""
    text = text.strip()
    if text in _ZEROS:
        return True
    try:
        if float(text) != 0.0:  # the usual entry at once; float reads 1e-400 as 0
            return False
    except ValueError:
        pass
    try:
        return parse_exact(text) == 0
    except WeightParseError:
        return False


def _listed(items: list[str], most: int = 4) -> str:
    if len(items) > most:
        return f"{', '.join(items[:most - 1])} … {items[-1]}"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def replaced_outcomes(before: Sequence[str] | Outcomes, after: Sequence[str]) -> Replaced:
    """Which outcome of ``before`` (labels, or the Outcomes that read them) each outcome
    of ``after`` is: the one with the same label, else, when the labels of both read as
    numbers (core.families.outcome_values), the one with the same number (``0.0`` and
    ``0``, ``0,5`` and ``0.5`` are one outcome); a tail "≥ K" is only the same tail. The
    first of repeated labels or numbers is the one kept. (The new labels are read as
    numbers only where no label matched: a family's support, 10⁶ of them, is read
    once.)"""
    old = before if isinstance(before, Outcomes) else outcome_values(before)
    labels, after = old.labels, tuple(after)
    by_text: dict[str, int] = {}
    for i, label in enumerate(labels):
        by_text.setdefault(label, i)
    rows = [by_text.get(label) for label in after]
    missing = [j for j, row in enumerate(rows) if row is None and not _is_tail(after[j])]
    numbers = label_numbers([after[j] for j in missing]) if missing and old.numeric else None
    if numbers is not None:
        kept = set(rows)
        body = len(labels) - (old.tail is not None)
        by_number: dict[float, int] = {}
        for i, v in enumerate(old.values[:body].tolist()):
            if i not in kept:
                by_number.setdefault(v, i)
        for j, v in zip(missing, numbers.tolist()):
            rows[j] = by_number.pop(v, None)
    return Replaced(tuple(rows), labels, after)


def _is_tail(label: str) -> bool:
    return label.lstrip().startswith(("≥", ">="))
