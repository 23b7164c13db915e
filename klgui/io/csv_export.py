"""The two result files: one row per outcome, and one row per figure.

Numbers are written at full precision (they read back bit for bit), infinity as
``inf``; files are UTF-8 with the csv module's quoting, so labels with commas, quotes,
line breaks and any letters survive a spreadsheet and ``csv``/``pandas.read_csv``.
Text cells (labels, the source, the outcome lists) that a spreadsheet would run as a
formula are written with a leading ``'`` (see :mod:`klgui.io.formula_guard`); our
import takes it off again.
"""

from __future__ import annotations

import csv
import datetime
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from klgui import __version__
from klgui.core import SCALAR_FIELDS, Cancelled, Comparison, DistributionError, Smoothing
from klgui.core.numerics.entries import TypedColumn, compare_typed
from klgui.core.characters import first_label_control, label_refusal
from klgui.core.formatting import full_precision
from klgui.core.numerics.below_doubles import decimal_text, positive_below_doubles
from klgui.core.parsing import is_plain_number, parse_weights, shown_entry

from klgui.io.atomic import atomic_writer
from klgui.io.bulk import without_gc
from klgui.io.formula_guard import escape_cell

__all__ = ["TABLE_HEADER", "MODEL_SUFFIXES", "NAME_COLUMNS", "POSITION_COLUMNS", "USUAL_NAMES",
           "TABLE_POSITIONS", "SUMMARY_HEADER",
           "write_table", "write_summary",
           "save_table", "save_summary", "table_rows", "summary_rows", "further_models",
           "check_labels"]

TABLE_HEADER = ("outcome", "p_weight", "q_weight", "p", "q", "contribution_pq", "contribution_qp")
SUMMARY_HEADER = ("metric", "value", "unit")
#: The four columns of each further model, after its name: "Model B weight", …
MODEL_SUFFIXES = (" weight", " q", " contribution_pq", " contribution_qp")
#: The two columns that end a table whose reference or focus model is not called P or
#: Q: their names, on the first row (the first seven columns do not name them).
NAME_COLUMNS = ("reference_name", "focus_name")
#: The names a table without NAME_COLUMNS gives the reference and the focus model.
USUAL_NAMES = ("P", "Q")
#: The two columns after NAME_COLUMNS of a table whose distributions were not in the
#: table's order (the reference, the focus model, the others): the 1-based places of the
#: reference and the focus model among all the distributions, on the first row.
POSITION_COLUMNS = ("reference_position", "focus_position")
#: The places of the reference and the focus model in the table's own order.
TABLE_POSITIONS = (1, 2)
#: Rows written between two progress reports.
_PROGRESS_EVERY = 50_000


def table_rows(labels: Sequence[str], p_texts: Sequence[str], q_texts: Sequence[str],
               comparison: Comparison,
               more: Sequence[tuple[str, Sequence[str], Comparison | None]] = (),
               names: tuple[str, str] = USUAL_NAMES,
               positions: tuple[int, int] = TABLE_POSITIONS) -> Iterator[list[str]]:
    """The per-outcome rows, header first.

    The weights are the entries: a plain decimal as it was typed (``0.10`` stays
    ``0.10``), anything a spreadsheet might misread (``4/5`` looks like a date) as its
    value at full precision. Labels that begin like a formula get a leading ``'``.

    ``comparison`` is the reference (P) against the focus model (Q): the first seven
    columns, :data:`TABLE_HEADER`. Each of ``more`` (name, entries, the reference
    against that model) adds four columns named after it: ``<name> weight``,
    ``<name> q`` (its probabilities), ``<name> contribution_pq`` and
    ``<name> contribution_qp`` (the terms of D(P‖model) and D(model‖P)); a model
    whose comparison is None (it cannot be compared) has its weights and empty
    figures.

    ``names`` are the reference's and the focus model's names. Unless they are P and Q
    (:data:`USUAL_NAMES`), two columns end the table, :data:`NAME_COLUMNS`
    (``reference_name``, ``focus_name``), with the names on the first row and blank
    below, so that importing the file names them again; a table of P and Q is exactly
    what it always was.

    ``positions`` are the 1-based places of the reference and the focus model among all
    the distributions as the document orders them (``more`` holds the others in that
    order). Unless they are the table's own order, :data:`TABLE_POSITIONS` (1, 2), the
    table ends with NAME_COLUMNS and :data:`POSITION_COLUMNS` (``reference_position``,
    ``focus_position``), on the first row, so that importing the file puts every
    distribution back in its place.

    Raises ValueError when a further model's entries or comparison do not have one
    value per outcome, when ``positions`` are not two different places among the
    distributions, or when a label holds a control character (:func:`check_labels`).
    """
    check_labels(labels)
    positions = tuple(positions)
    if positions[0] == positions[1] or not all(1 <= k <= len(more) + 2 for k in positions):
        raise ValueError(f"positions {positions} are not two places among "
                         f"{len(more) + 2} distributions")
    header = list(TABLE_HEADER)
    p_texts, q_texts = list(p_texts), list(q_texts)  # (read once: weights, tiny values)
    weights = [_weight_texts(texts) for texts in (p_texts, q_texts)]
    columns = [comparison.p, comparison.q, comparison.contributions_pq,
               comparison.contributions_qp]
    extra = []
    for name, texts, c in more:
        if len(texts) != comparison.n or (c is not None and c.n != comparison.n):
            raise ValueError(f"{name} has {len(texts)} entries for {comparison.n} outcomes")
        header += [escape_cell(name + suffix) for suffix in MODEL_SUFFIXES]
        texts = list(texts)
        extra.append(_weight_texts(texts))
        if c is None:  # a model that cannot be compared: its entries, no figures
            extra += [[""] * comparison.n] * 3
        else:
            extra += [c.q.tolist(), c.contributions_pq.tolist(), c.contributions_qp.tolist()]
    placed = positions != TABLE_POSITIONS
    named = tuple(names) != USUAL_NAMES or placed
    if named:
        header += list(NAME_COLUMNS)
    if placed:
        header += list(POSITION_COLUMNS)
    yield header
    # Floats as they are: the csv module writes repr(x) (every digit; inf as "inf") in C;
    # a positive probability below the doubles' range in decimal ("5e-401", not 0.0).
    numbers = [column.tolist() for column in columns]
    smoothing = comparison.smoothing
    for k, (texts, name) in enumerate(((p_texts, "P"), (q_texts, "Q"))):
        _tiny_in_decimal(numbers[k], texts, columns[k], smoothing, name)
    for m, (_, texts, c) in enumerate(more):
        if c is not None:
            _tiny_in_decimal(extra[4 * m + 1], list(texts), c.q, c.smoothing, "Q")
    if named:  # (the names on the first row only: a million rows stay their size)
        extra += [itertools.chain([escape_cell(name)], itertools.repeat("", comparison.n - 1))
                  for name in names]
    if placed:
        extra += [itertools.chain([str(k)], itertools.repeat("", comparison.n - 1))
                  for k in positions]
    yield from map(list, zip(map(escape_cell, labels), *weights, *numbers, *extra))


def summary_rows(comparison: Comparison, *, labels: Sequence[str] | None = None,
                 now: datetime.datetime | None = None, source: str = "",
                 more_figures: Sequence[tuple[str, float]] = (),
                 names: tuple[str, str] = USUAL_NAMES) -> Iterator[list[str]]:
    """The figures, one row each and named as the Comparison names them, then
    ``more_figures`` (name, value in the comparison's unit: the closed forms of
    model.family_columns.closed_form_rows), then what it takes to reproduce them.
    ``names`` (the reference's and the focus model's) add the rows ``reference_name``
    and ``focus_name`` after ``outcomes`` unless they are P and Q, as the table adds
    its two columns: whose D(P‖Q) ``kl_pq`` is.
    ``infinite_*_outcomes`` name the outcomes that make a divergence infinite (labels,
    or 1-based numbers), separated by "; ". Text that begins like a formula
    (``source``, the outcome lists) gets a leading ``'``."""
    c = comparison
    yield list(SUMMARY_HEADER)
    for name in SCALAR_FIELDS:
        yield [name, full_precision(getattr(c, name)), c.unit_of(name)]
    for name, value in more_figures:
        yield [name, full_precision(value), c.base]
    s = c.smoothing
    now = now or datetime.datetime.now().astimezone()
    yield ["outcomes", str(c.n), ""]
    if tuple(names) != USUAL_NAMES:
        yield from ([key, escape_cell(name), ""] for key, name in zip(NAME_COLUMNS, names))
    yield ["infinite_pq_outcomes", _names(c.infinite_pq, labels), ""]
    yield ["infinite_qp_outcomes", _names(c.infinite_qp, labels), ""]
    yield ["unit", c.base, ""]
    yield ["normalization", "on" if c.normalized else "off", ""]
    yield ["smoothing", "none" if s is None else s.method, ""]
    yield ["smoothing_amount", "" if s is None else full_precision(s.amount), ""]
    yield ["smoothing_applies_to", "" if s is None else s.apply_to, ""]
    if source:
        yield ["source", escape_cell(source), ""]
    yield ["app_version", __version__, ""]
    yield ["created", now.isoformat(timespec="seconds"), ""]


def write_table(stream: TextIO, labels: Sequence[str], p_texts: Sequence[str],
                q_texts: Sequence[str], comparison: Comparison,
                progress: Callable[[float], bool] | None = None,
                more: Sequence[tuple[str, Sequence[str], Comparison | None]] = (),
                names: tuple[str, str] = USUAL_NAMES,
                positions: tuple[int, int] = TABLE_POSITIONS) -> None:
    """Write the table (:func:`table_rows`, with ``more`` models, the ``names`` and the
    ``positions`` of the reference and the focus model); ``progress`` is told
    the fraction written every 50,000 rows and stops the writing (core.Cancelled) by
    returning False."""
    n = comparison.n
    with without_gc():
        writer = csv.writer(stream)
        rows = table_rows(labels, p_texts, q_texts, comparison, more, names, positions)
        for done in itertools.count(0, _PROGRESS_EVERY):
            chunk = list(itertools.islice(rows, _PROGRESS_EVERY))
            if not chunk:
                break
            writer.writerows(chunk)
            if progress is not None and not progress(min((done + len(chunk)) / (n + 1), 1.0)):
                raise Cancelled()


def write_summary(stream: TextIO, comparison: Comparison, **kwargs) -> None:
    csv.writer(stream).writerows(summary_rows(comparison, **kwargs))


def save_table(path, labels: Sequence[str], p_texts: Sequence[str], q_texts: Sequence[str],
               comparison: Comparison, progress: Callable[[float], bool] | None = None,
               more: Sequence[tuple[str, Sequence[str], Comparison | None]] = (),
               names: tuple[str, str] = USUAL_NAMES,
               positions: tuple[int, int] = TABLE_POSITIONS) -> None:
    """Write the per-outcome table (:func:`table_rows`) to ``path`` atomically: when
    cancelled through ``progress``, or failing, ``path`` keeps what it held."""
    with atomic_writer(path, newline="") as stream:
        write_table(stream, labels, p_texts, q_texts, comparison, progress, more, names,
                    positions)


def save_summary(path, comparison: Comparison, **kwargs) -> None:
    """Write the summary to ``path`` atomically."""
    with atomic_writer(path, newline="") as stream:
        write_summary(stream, comparison, **kwargs)


def further_models(reference: TypedColumn,
                   models: Sequence[tuple[str, Sequence[str], TypedColumn]], unit: str, *,
                   normalize: bool = True, smoothing: Smoothing | None = None
                   ) -> list[tuple[str, Sequence[str], Comparison | None]]:
    """The ``more`` of :func:`table_rows`: each model (name, entries, column) compared
    with the reference as the focus pair is (core.entries.compare_typed, same unit,
    normalization and smoothing), its comparison None when it cannot be compared (all
    zeros, say)."""
    out = []
    for name, texts, column in models:
        try:
            c = compare_typed(reference, column, unit, normalize=normalize, smoothing=smoothing)
        except DistributionError:
            c = None
        out.append((name, texts, c))
    return out


def check_labels(labels: Sequence[str], rows: Sequence[int] | None = None) -> None:
    """Refuse, before anything is written, labels a CSV file cannot carry back: a
    control character other than a tab or a line break (a NUL makes the file read as
    binary data). The document refuses such labels where they are typed, pasted or
    imported; a session saved before it did may still hold one. ``rows``: only these
    (0-based) outcomes' labels. Raises ValueError naming the outcome and the
    character."""
    found = first_label_control(labels if rows is None else [labels[i] for i in rows])
    if found is not None:
        i, what = found
        i = i if rows is None else rows[i]
        raise ValueError(label_refusal(
            f"Outcome {i + 1}", labels[i], what,
            instead="which a CSV file cannot carry; rename the outcome and export again"))


def _tiny_in_decimal(out: list, texts: Sequence[str], probabilities, smoothing, name: str
                     ) -> None:
    """Write into ``out`` (a column's probabilities as floats) each probability that is
    positive though 0.0 as a double, in decimal with its exponent."""
    for i, x in positive_below_doubles(texts, probabilities, smoothing, name).items():
        out[i] = decimal_text(x)


def _weight_texts(texts: Sequence[str]) -> list[str]:
    """Plain decimals as typed; a decimal typed with a comma (``0,8``, kept so where the
    locale writes decimals with a comma) with a dot and every digit; anything else as
    its value at full precision."""
    out = [t.strip() for t in texts]
    other = [i for i, ok in enumerate(map(is_plain_number, out)) if not ok]
    if other:
        dotted = [shown_entry(out[i]) if "," in out[i] else "" for i in other]
        done = {k for k, t in enumerate(dotted) if t and is_plain_number(t)}
        for k in done:
            out[other[k]] = dotted[k]
        other = [i for k, i in enumerate(other) if k not in done]
    for i, value in zip(other, parse_weights([out[i] for i in other]).tolist()):
        out[i] = repr(value)  # only these need parsing: plain numbers go as typed
    return out


def _names(indices: Sequence[int], labels: Sequence[str] | None) -> str:
    if labels:
        check_labels(labels, indices)  # (the outcomes named here)
    return escape_cell("; ".join(labels[i] if labels and labels[i] else str(i + 1)
                                 for i in indices))
