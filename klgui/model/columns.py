"""A document's columns, its whole state for undo, and the checks of what a document
is given (names, roles, labels and entries), each raising ValueError or
WeightParseError that names the place and changes nothing. Qt-free; used by
:class:`klgui.model.document.Document`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from klgui.core import Smoothing, WeightParseError
from klgui.core.characters import (control_character, first_label_control, label_control,
                                   label_refusal, label_text, quoted)
from klgui.core.parsing import ParsedTexts, parse_entries
from klgui.model import family_columns as fc
from klgui.model.bayes_work import BayesWork
from klgui.model.derived_texts import DerivedTexts
from klgui.model.family_columns import Source
from klgui.model.snapshot import (DIGITS_RANGE, MODEL, REFERENCE, DistributionSpec,
                                  Snapshot)
from klgui.model.text_column import TextColumn

#: The longest name a column may have.
MAX_NAME = 80


class Column:
    """One distribution column: entries as typed, their values and decimal places, and
    the family or logits they come from (``source``; None for typed entries)."""

    __slots__ = ("id", "name", "texts", "values", "places", "source")

    def __init__(self, id: int, name: str, texts: TextColumn, values: np.ndarray,
                 places: np.ndarray, source: Source | None = None) -> None:
        self.id, self.name, self.texts = id, name, texts
        self.values, self.places = frozen(values), places
        self.source = source

    def copy(self) -> Column:
        return Column(self.id, self.name, self.texts.copy(), self.values, self.places,
                       self.source)

    def fill(self, texts: Sequence[str], values: np.ndarray, places: np.ndarray,
             source: Source | None) -> None:
        if not isinstance(texts, DerivedTexts):  # a family's texts are written when read
            texts = TextColumn(texts)
        self.texts, self.values, self.places = texts, frozen(values), places
        self.source = source


@dataclass(frozen=True, eq=False)
class State:
    """A document's whole state, for undo (see Document.state and Document.put_back).
    Unlike a Snapshot it keeps the parsed values, so putting it back parses nothing."""

    labels: TextColumn
    columns: tuple[Column, ...]
    reference: int
    focus: int
    name: str
    unit: str
    auto_normalize: bool
    digits: int
    smoothing: Smoothing | None
    #: The Bayes lab's work; None before the lab is used.
    bayes: BayesWork | None = None

    def _column(self, id: int) -> Column:
        return next(c for c in self.columns if c.id == id)

    @property
    def p(self) -> TextColumn:
        """The reference's entries."""
        return self._column(self.reference).texts

    @property
    def q(self) -> TextColumn:
        """The focus model's entries."""
        return self._column(self.focus).texts

    def snapshot(self) -> Snapshot:
        specs = tuple(DistributionSpec(c.name, REFERENCE if c.id == self.reference else MODEL,
                                       tuple(c.texts), c.source) for c in self.columns)
        bayes = None if self.bayes is None else self.bayes.following(self.labels).to_lab()
        return Snapshot(tuple(self.labels), specs, self._column(self.focus).name, self.name,
                        self.unit, self.auto_normalize, self.digits, self.smoothing,
                        bayes=bayes)


def check_digits(digits: int) -> None:
    lo, hi = DIGITS_RANGE
    if not (isinstance(digits, int) and lo <= digits <= hi):
        raise ValueError(f"digits must be a whole number between {lo} and {hi}, not {digits!r}")


def pair_specs(p, q, p_name: str = "P", q_name: str = "Q") -> list[DistributionSpec]:
    return [DistributionSpec(p_name, REFERENCE, tuple(str(t) for t in p)),
            DistributionSpec(q_name, MODEL, tuple(str(t) for t in q))]


def checked_specs(distributions: Sequence[DistributionSpec]) -> list[DistributionSpec]:
    """Names unique and non-empty, exactly one reference, at least one model."""
    specs = list(distributions)
    names = [str(d.name).strip() for d in specs]
    if any(not n for n in names):
        raise ValueError("Every distribution needs a name.")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"Two distributions are called {repeated[0]!r}; names must differ.")
    references = [d for d in specs if d.role == REFERENCE]
    if len(references) != 1:
        raise ValueError(f"Exactly one distribution must be the reference, not "
                         f"{len(references)}.")
    if len(specs) < 2:
        raise ValueError("There must be a reference and at least one model.")
    for n in names:
        check_name(n)
    bad = [d.role for d in specs if d.role not in (REFERENCE, MODEL)]
    if bad:
        raise ValueError(f"A distribution's role is 'reference' or 'model', not {bad[0]!r}.")
    return [DistributionSpec(n, d.role, d.entries if isinstance(d.entries, ParsedTexts)
                             else tuple(map(str, d.entries)), d.source)
            for n, d in zip(names, specs)]


def check_name(name: str) -> None:
    """A name fits on a header and a line: at most MAX_NAME characters, no line breaks
    or other control characters (C0, DEL or C1:
    :func:`klgui.core.characters.control_character`). Raises ValueError naming it."""
    if len(name) > MAX_NAME:
        raise ValueError(f"A distribution's name has at most {MAX_NAME} characters; "
                         f"{name[:20]!r}… has {len(name)}.")
    found = control_character(name)
    if found is not None:
        raise ValueError(f"A distribution's name cannot hold a line break or another "
                         f"control character: {quoted(name)} holds {found}.")


def checked_label(text: str, row: int) -> str:
    """Outcome ``row``'s label as kept (:func:`klgui.core.characters.label_text`:
    stripped, line breaks LF). Raises ValueError naming the outcome and the character
    when it holds a control character other than a tab or a line break: such a label
    would make the exported CSV unreadable (a NUL reads as binary data)."""
    text = label_text(str(text))
    found = label_control(text)
    if found is not None:
        _refuse_label(row, text, found)
    return text


def checked_labels(labels) -> list[str]:
    """Every label as :func:`checked_label` keeps it, or ValueError for the first that
    holds a control character."""
    labels = list(map(str.strip, map(str, labels)))
    if any("\r" in t for t in labels):
        labels = list(map(label_text, labels))
    found = first_label_control(labels)
    if found is not None:
        _refuse_label(found[0], labels[found[0]], found[1])
    return labels


def _refuse_label(row: int, text: str, found: str) -> None:
    raise ValueError(label_refusal(f"Outcome {row + 1}", text, found,
                                   why="an exported CSV file could not be read back"))


def checked_focus(specs: Sequence[DistributionSpec], focus: str | None) -> str:
    models = [d.name for d in specs if d.role == MODEL]
    if focus is None:
        return models[0]
    if focus not in models:
        raise ValueError(f"The focus {focus!r} is not one of the models "
                         f"({', '.join(models)}).")
    return focus


def checked_columns(labels, specs: Sequence[DistributionSpec], *, saved: bool = False):
    """Labels, and each column's entries with their values (ParsedTexts), or an error
    naming the first bad entry, or the first label with a control character
    (:func:`checked_labels`). ``saved``: the labels of a saved session, kept exactly as
    they were saved (a session written before labels were checked still opens; its CSV
    export names such a label instead, see klgui.io.csv_export)."""
    labels = list(map(str.strip, map(str, labels))) if saved else checked_labels(labels)
    if not labels:
        raise ValueError("There are no outcomes; give at least one.")
    if any(len(d.entries) != len(labels) for d in specs if d.source is None):
        if [d.name for d in specs] == ["P", "Q"]:
            raise ValueError(f"{len(labels)} labels, {len(specs[0].entries)} P entries and "
                             f"{len(specs[1].entries)} Q entries: every outcome needs a label "
                             "and both entries.")
        counts = ", ".join(f"{len(d.entries)} {d.name} entries" for d in specs)
        raise ValueError(f"{len(labels)} labels and {counts}: every outcome needs a label "
                         "and an entry in every distribution.")
    # a column with a source: (texts, values, places) placed on the labels; else the
    # entries read (ParsedTexts)
    columns = [fc.filled(d.source, labels, d.name) if d.source is not None
               else parsed_entries(d.entries, d.name) for d in specs]
    return labels, columns


def parsed_entries(texts: Sequence[str], which: str) -> ParsedTexts:
    """The entries with their values and decimal places: as given when they have been
    read already (an import reads each entry once), else read now."""
    if isinstance(texts, ParsedTexts):
        return texts
    try:
        return parse_entries(texts)
    except WeightParseError as e:
        raise WeightParseError(f"{which}, outcome {e.index + 1}: {in_sentence(e)}",
                               text=e.text, problem=e.problem, index=e.index) from None


def in_sentence(error: Exception) -> str:
    """The message of ``error`` to follow "…, P: " in one sentence: "The cell is empty"
    becomes "the cell is empty"."""
    message = str(error)
    return message[0].lower() + message[1:] if message.startswith("The ") else message


def packed(parsed: ParsedTexts) -> tuple[TextColumn, np.ndarray, np.ndarray]:
    """A column's texts packed, its values and its decimal places (read from the packed
    text, which saves joining a million texts twice)."""
    texts = TextColumn(parsed, packed=parsed.packed)
    return texts, parsed.values, parsed.read_places(*(texts.packed() or (None, None)))


def frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a
