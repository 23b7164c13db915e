"""A delimited file as columns of text (:class:`DelimitedTable`): guessing which column
is the label, P and Q, and reading the chosen ones into entries, merging or refusing
repeated labels, with messages that name the file, the line and the column. Made by
:func:`klgui.io.csv_import.read_delimited`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from klgui.core import WeightParseError
from klgui.core.characters import (describe_odd_characters, first_label_control,
                                   label_refusal, quoted)
from klgui.core.formatting import probability_text
from klgui.core.parsing import ParsedTexts, parse_entries, parse_exact, parse_weights

from klgui.io.bulk import without_gc
from klgui.io.decimal_comma import CellFormatError, NumberFormat, canonical_numbers
from klgui.io.delimiters import _OTHER_DELIMITERS, DELIMITERS
from klgui.io.formula_guard import unescape_cells
from klgui.io.header_row import _SAMPLE_LINES, LABEL_NAMES, P_NAMES, Q_NAMES, _named, _normal
from klgui.io.text_file import CsvImportError

__all__ = ["DuplicateLabels", "Columns", "Outcomes", "DelimitedTable", "repeated_labels",
           "repeats_text"]


def repeated_labels(labels: Sequence[str]) -> dict[str, list[int]]:
    """Each label that is on several rows, with its (0-based) rows, in the order the
    labels first appear; a blank label names no outcome, so it is never a repeat.
    Empty when no label repeats."""
    if len(set(labels)) == len(labels):
        return {}
    rows: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        if label:
            rows.setdefault(label, []).append(i)
    return {label: at for label, at in rows.items() if len(at) > 1}


def repeats_text(groups: dict[str, list[int]]) -> str:
    """How a note names repeated labels (:func:`repeated_labels`, or
    :attr:`DuplicateLabels.groups`): "2 label(s) repeat, first 'the'"."""
    return f"{len(groups)} label(s) repeat, first {next(iter(groups))!r}"


class DuplicateLabels(CsvImportError):
    """The label column repeats labels; ``groups`` maps each repeated label to the lines
    it is on. Import again with ``duplicates="keep"`` or ``"merge"``."""

    def __init__(self, message: str, groups: dict[str, list[int]]) -> None:
        super().__init__(message, line=min(lines[1] for lines in groups.values()))
        self.groups = groups


@dataclass(frozen=True)
class Columns:
    """Which column (0-based) holds the labels (None: number the outcomes), P and Q."""

    label: int | None
    p: int | None
    q: int | None


@dataclass(frozen=True)
class Outcomes:
    """What an import gives the document: labels and entries as text."""

    labels: list[str]
    p: list[str]
    q: list[str]


@dataclass(frozen=True, eq=False)
class DelimitedTable:
    """A delimited file as columns of text, before the P and Q columns are chosen."""

    source: str
    delimiter: str
    number_format: NumberFormat  # decided once from every weight cell
    header: tuple[str, ...] | None
    columns: tuple[list[str], ...]
    lines: list[int]  # the file line each data row starts on
    #: decimal_comma.plain_kind of the columns that hold numbers, by index (when known).
    kinds: dict[int, str | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def decimal_comma(self) -> bool:
        return self.number_format.decimal == ","

    @property
    def n_rows(self) -> int:
        return len(self.lines)

    @property
    def n_columns(self) -> int:
        return len(self.columns)

    def column_name(self, j: int) -> str:
        """The header's name for column ``j``, or "column 3" (1-based)."""
        if self.header and self.header[j].strip():
            return self.header[j].strip()
        return f"column {j + 1}"

    def describe(self) -> str:
        """A short account of what was read and decided: "2,000 rows, 3 columns,
        semicolon-separated, decimal commas, dots between thousands, with a header"."""
        name = DELIMITERS.get(self.delimiter) or _OTHER_DELIMITERS.get(self.delimiter)
        parts = [f"{self.n_rows:,} rows", f"{self.n_columns} columns",
                 f"{name}-separated" if name else f"separated by {self.delimiter!r}"]
        parts += self.number_format.describe()
        parts.append("with a header" if self.header else "no header")
        return ", ".join(parts)

    # -- guessing ------------------------------------------------------------------
    def weight_columns(self) -> list[int]:
        """Columns whose first rows all read as weights."""
        return [j for j in range(self.n_columns) if self._looks_numeric(j)]

    def guess(self) -> tuple[Columns, bool]:
        """The likely roles of the columns, and whether the file says so plainly (named
        P and Q columns, or a headerless ``label,p,q`` or ``label,weight``). When it is
        not sure, ask the person. A file with one weight column has ``q`` None."""
        if self.header is None:
            if self.n_columns == 2:
                return Columns(0, 1, None), True
            return Columns(0, 1, 2), self.n_columns == 3
        numeric = self.weight_columns()
        names = [_normal(n) for n in self.header]
        p, q = _named(names, P_NAMES), _named(names, Q_NAMES)
        label = _named(names, LABEL_NAMES)
        if label is None and 0 not in numeric and 0 not in (p, q):
            label = 0
        weights = [j for j in numeric if j not in (label, p, q)]
        if p is not None and q is not None and p != q:
            return Columns(label, p, q), True
        if p is None and q is None and len(weights) == 1:
            return Columns(label, weights[0], None), True
        if (p is None) != (q is None) and not weights:
            return Columns(label, p if p is not None else q, None), True
        free = iter(weights)
        p = p if p is not None else next(free, None)
        q = q if q is not None else next(free, None)
        return Columns(label, p, q), False

    def _looks_numeric(self, j: int) -> bool:
        try:
            sample = canonical_numbers(self.columns[j][:_SAMPLE_LINES], self.number_format)
            parse_weights(sample)
        except (WeightParseError, CellFormatError):
            return False
        return bool(sample)

    # -- reading the chosen columns -------------------------------------------------
    def texts(self, j: int) -> list[str]:
        """Column ``j`` as the parser reads it: decimal dots, no thousands separators,
        look-alike characters replaced (see :mod:`klgui.io.decimal_comma`).

        Raises CsvImportError naming the line for a cell that does not fit the file's
        number format."""
        try:
            return canonical_numbers(self.columns[j], self.number_format,
                                     self.kinds.get(j, "?"))
        except CellFormatError as e:
            raise self._cell_error(j, e.index, e.problem, "") from None

    def labels(self, j: int | None) -> list[str]:
        """The labels in column ``j``, stripped; without a label column (``j`` None)
        "outcome 1", "outcome 2", …. A blank label stays blank, as the table keeps it
        (an outcome without a name; the charts number it) and as our exported table
        writes it. Raises CsvImportError naming the line of a label with a control
        character other than a tab or a line break (klgui.core.characters.label_control)."""
        if j is None:
            return [f"outcome {i + 1}" for i in range(self.n_rows)]
        labels = unescape_cells(map(str.strip, self.columns[j]))  # our exports' ' before =+-@
        found = first_label_control(labels)
        if found is not None:  # (a document refuses it too; here the line is known)
            i, what = found
            raise CsvImportError(label_refusal(
                f"{self.source}, line {self.lines[i]}", labels[i], what,
                column=self._column_title(j, "")), line=self.lines[i])
        return labels

    def outcomes(self, columns: Columns, duplicates: str = "refuse") -> Outcomes:
        """Labels, P and Q from the chosen columns.

        ``duplicates`` says what to do with a label that appears more than once:
        ``"refuse"`` (raise DuplicateLabels, so the window can ask), ``"keep"`` (separate
        outcomes) or ``"merge"`` (one outcome whose weights are the exact sums).
        """
        if columns.p is None or columns.q is None or columns.p == columns.q:
            raise CsvImportError(f"{self.source}: choose two different columns for P and Q.")
        labels, (p, q) = self.read_columns(columns.label, [(columns.p, "P"), (columns.q, "Q")],
                                           duplicates)
        return Outcomes(labels, p, q)

    def read_columns(self, label: int | None, weights: Sequence[tuple[int, str]],
                     duplicates: str = "refuse", zeros: Sequence[int] = ()
                     ) -> tuple[list[str], list[list[str]]]:
        """Labels and the entries of several weight columns, each given as (0-based
        index, name used in messages), in that order. ``duplicates`` as for
        :meth:`outcomes`; ``zeros`` the places in ``weights`` that may hold only zeros
        (a model that cannot be compared; any other such column is refused). Raises
        CsvImportError naming the line and the column of the first bad cell, or
        DuplicateLabels."""
        if len({j for j, _ in weights}) != len(weights):
            raise CsvImportError(f"{self.source}: choose a different column for each "
                                 "distribution.")
        with without_gc():
            labels = self.labels(label)
            texts = {f"{k}": self._weights(j, which, k in zeros)
                     for k, (j, which) in enumerate(weights)}
            labels, merged = self._resolve_duplicates(labels, texts, duplicates, allow_keep=True)
        return labels, [merged[f"{k}"] for k in range(len(weights))]

    def weights(self, label: int | None, weight: int, which: str,
                duplicates: str = "refuse") -> tuple[list[str], list[str]]:
        """Labels and entries of one distribution (to load into ``which``, P or Q).
        Labels must be unique to be matched with the table's, so ``duplicates`` is
        ``"refuse"`` or ``"merge"``. A blank label, which matches nothing by name,
        reads as "outcome N" (its row's number), as the table numbers new outcomes."""
        labels = self.labels(label)
        if "" in labels:
            labels = [t or f"outcome {i + 1}" for i, t in enumerate(labels)]
        texts = {which: self._weights(weight, which)}
        labels, merged = self._resolve_duplicates(labels, texts, duplicates, allow_keep=False)
        return labels, merged[which]

    def _weights(self, j: int, which: str, zeros: bool = False) -> ParsedTexts:
        """Column ``j``'s entries, read once: the texts with their values, which a
        document takes as they are; refused when every one is 0, unless ``zeros``."""
        try:
            texts = canonical_numbers(self.columns[j], self.number_format,
                                      self.kinds.get(j, "?"))
        except CellFormatError as e:
            raise self._cell_error(j, e.index, e.problem, which) from None
        try:
            texts = parse_entries(texts)
        except WeightParseError as e:
            raise self._cell_error(j, e.index or 0, e.problem, which) from None
        if not zeros and not texts.values.any() and not any(map(parse_exact, texts)):
            # (1e-400 is not 0)
            raise CsvImportError(
                f"{self.source}: every weight in column {self._column_title(j, which)} is 0; "
                f"{which} needs at least one positive weight.")
        return texts

    def _cell_error(self, j: int, i: int, problem: str, which: str) -> CsvImportError:
        """The one-line refusal of row ``i``'s cell in column ``j``: file, line, column,
        the cell (shortened) and the problem, and any invisible or look-alike character
        in it."""
        where = f"column {self._column_title(j, which)}"
        cell = self.columns[j][i]
        if problem == "is empty":
            message = f"{where} is empty"
        else:
            message = f"{quoted(cell)} in {where} {problem}"
            if odd := describe_odd_characters(cell):
                message += f" (it {odd})"
        return CsvImportError(f"{self.source}, line {self.lines[i]}: {message}.",
                              line=self.lines[i])

    def _column_title(self, j: int, which: str) -> str:
        name = self.column_name(j)
        if self.header and which and _normal(name) in (which.lower(), _normal(which),
                                                       f"{which.lower()}_weight"):
            return name
        role = f" ({which})" if which else ""
        return f"{quoted(name)}{role}" if self.header else f"{j + 1}{role}"

    def _resolve_duplicates(self, labels: list[str], texts: dict[str, list[str]],
                            duplicates: str, allow_keep: bool):
        allowed = ("refuse", "keep", "merge") if allow_keep else ("refuse", "merge")
        if duplicates not in allowed:
            raise ValueError(f"duplicates must be one of {allowed}, not {duplicates!r}")
        if len(set(labels)) == len(labels):
            return labels, texts
        groups = repeated_labels(labels)
        if duplicates == "keep" or not groups:
            return labels, texts
        if duplicates == "refuse":
            first, at = next(iter(groups.items()))
            lines = [str(self.lines[i]) for i in at]
            if len(lines) > 6:  # keep the message one short line
                lines = lines[:5] + [f"{len(lines) - 5:,} more"]
            more = len(groups) - 1
            raise DuplicateLabels(
                f"{self.source}: the label {quoted(first)} appears on lines "
                f"{', '.join(lines[:-1])} and {lines[-1]}"
                + (f", and {more} more label{'s' if more > 1 else ''} repeat" if more else "")
                + ". Keep them as separate outcomes, or merge each into one by adding its weights.",
                {label: [self.lines[i] for i in at] for label, at in groups.items()})
        rows: dict[str | int, list[int]] = {}  # (a blank label: an outcome of its own)
        for i, label in enumerate(labels):
            rows.setdefault(label or -1 - i, []).append(i)
        merged = {w: [_exact_sum([column[i] for i in at]) for at in rows.values()]
                  for w, column in texts.items()}
        return [labels[at[0]] for at in rows.values()], merged


def _exact_sum(texts: list[str]) -> str:
    if len(texts) == 1:
        return texts[0]
    return probability_text(sum((parse_exact(t) for t in texts), Fraction(0)))
