"""``python -m klgui export``: the result CSVs from a CSV or a session file, without a
window (and without importing Qt), for scripting answer keys.

Which CSV column is what is decided by :func:`klgui.io.column_roles.plan_import`, the
policy the window uses too; ``--reference`` and ``--model`` (``--p`` and ``--q`` are
their old names) override it. Every figure is computed before any file is written, so
bad input writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from klgui.core import UNITS, DistributionError
from klgui.core.numerics.many import METRICS, divergence_matrix, rank_models
from klgui.io.column_roles import (ASK_COLUMNS, ASK_ROLES, ONE, plan_import, read_plan)
from klgui.io.csv_export import further_models, save_summary, save_table
from klgui.io.csv_import import CsvImportError, DuplicateLabels, read_delimited
from klgui.io.lab_export import add_lab_arguments, write_lab_exports
from klgui.io.many_export import write_matrix_csv, write_ranking_csv
from klgui.io.session import SUFFIX, SessionError, load_session
from klgui.model.document import DistributionSpec, Document
from klgui.model.family_columns import closed_form_rows

__all__ = ["export_main", "document_from_file"]

_OUTPUTS = ("table", "summary", "ranking", "matrix", "estimators", "coding")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m klgui export",
        description="Write the per-outcome table, the summary, the ranking of the models "
                    "and the divergence matrix as CSV files, from a CSV file (label, a "
                    "reference and one or more models) or a saved session.")
    parser.add_argument("input", metavar="INPUT", help="a CSV file or a session (.kld.json)")
    parser.add_argument("--table", metavar="TABLE.csv", help="write the per-outcome table here")
    parser.add_argument("--summary", metavar="SUMMARY.csv", help="write the summary here")
    parser.add_argument("--ranking", metavar="R.csv",
                        help="write every model against the reference, best first, here")
    parser.add_argument("--matrix", metavar="M.csv",
                        help="write the k×k matrix of D(row‖column) here")
    parser.add_argument("--matrix-metric", choices=METRICS, default="kl",
                        help="what the matrix holds (default kl; js_distance is a metric)")
    parser.add_argument("--base", choices=list(UNITS),
                        help="unit of the figures (default: nats, or the session's unit)")
    parser.add_argument("--reference", metavar="COLUMN",
                        help="the CSV column holding the reference P (name or number); in a "
                             "session, the distribution to make the reference")
    parser.add_argument("--model", metavar="COLUMN", action="append",
                        help="a CSV column holding a model (name or number; repeatable; "
                             "default: every other weight column)")
    parser.add_argument("--p", metavar="COLUMN", help="the same as --reference")
    parser.add_argument("--q", metavar="COLUMN", help="the same as --model (the first model)")
    parser.add_argument("--focus", metavar="NAME",
                        help="the model the table, summary and lab files compare with the "
                             "reference (default: the first, or the session's focus)")
    parser.add_argument("--merge-duplicates", action="store_true",
                        help="add up the weights of repeated labels (default: keep them apart)")
    add_lab_arguments(parser)
    return parser


def export_main(argv: Sequence[str]) -> int:
    """Run the export; 0 on success, 2 with one line on stderr when the input is bad
    (nothing written), 1 when an output cannot be written."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not any(getattr(args, name) for name in _OUTPUTS):
        parser.error("give --table, --summary, --ranking, --matrix, --estimators or --coding")
    if args.p and args.reference and args.p != args.reference:
        parser.error("--p is another name for --reference: give one of them")
    models = ([args.q] if args.q else []) + (args.model or [])
    try:
        doc, notes = document_from_file(Path(args.input), reference=args.reference or args.p,
                                        models=models or None, focus=args.focus,
                                        merge_duplicates=args.merge_duplicates)
    except (CsvImportError, SessionError) as e:
        print(e, file=sys.stderr)
        return 2
    if args.base:
        doc.set_unit(args.base)
    result = doc.result()
    if result.comparison is None:
        print(f"{Path(args.input).name}: {result.error}", file=sys.stderr)
        return 2
    c, name = result.comparison, Path(args.input).name
    for note in notes:
        print(note, file=sys.stderr)
    figures = _figures(doc, args)  # everything computed before anything is written
    try:
        if args.table:
            save_table(args.table, doc.labels, doc.texts("P"), doc.texts("Q"), c,
                       more=figures["more"])
        if args.summary:
            save_summary(args.summary, c, labels=doc.labels, source=name,
                         more_figures=closed_form_rows(doc.family_figures(), doc.unit))
        if args.ranking:
            write_ranking_csv(args.ranking, figures["ranking"], doc.unit)
        if args.matrix:
            write_matrix_csv(args.matrix, figures["matrix"])
        write_lab_exports(args, c.p, c.q, doc.labels, doc.unit)
    except OSError as e:
        print(f"cannot write {e.filename or 'the output'}: {e.strerror or e}", file=sys.stderr)
        return 1
    except DistributionError as e:  # (the comparison above has already checked P and Q)
        print(f"{name}: {e}", file=sys.stderr)
        return 2
    return 0


def _figures(doc: Document, args: argparse.Namespace) -> dict:
    """The further models' comparisons (for the table), the ranking and the matrix, as
    the options ask for them."""
    common = {"normalize": doc.auto_normalize, "smoothing": doc.smoothing}
    out: dict = {"more": [], "ranking": None, "matrix": None}
    others = [i for i in doc.model_ids if i != doc.focus_id]
    if args.table and others:
        out["more"] = further_models(
            doc.typed_column("P"),
            [(doc.name_of(i), doc.texts(i), doc.typed_column(i)) for i in others],
            doc.unit, **common)
    if args.ranking:
        out["ranking"] = rank_models(
            doc.typed_column("P"), [(doc.name_of(i), doc.typed_column(i))
                                    for i in doc.model_ids],
            doc.unit, labels=doc.labels, reference_name=doc.name_of("P"), **common)
    if args.matrix:
        out["matrix"] = divergence_matrix(
            [(doc.name_of(i), doc.typed_column(i)) for i in doc.column_ids], doc.unit,
            args.matrix_metric, **common)
    return out


def document_from_file(path: Path, *, reference: str | None = None,
                       models: Sequence[str] | None = None, focus: str | None = None,
                       merge_duplicates: bool = False, p: str | None = None,
                       q: str | None = None) -> tuple[Document, list[str]]:
    """A Document holding a session or a CSV file's outcomes, and notes worth telling.

    ``reference`` and ``models`` name CSV columns (by header or 1-based number; ``p``
    and ``q`` are their old names); for a session, ``reference`` names the distribution
    to make the reference and ``models`` are refused. ``focus`` names the model in
    focus.

    Raises CsvImportError or SessionError with the message the window shows.
    """
    reference = reference or p
    models = ([q] if q else []) + list(models or [])
    if path.name.endswith(SUFFIX) or path.suffix.lower() == ".json":
        return _session_document(path, reference, models, focus), []
    table = read_delimited(path)
    plan = plan_import(table, reference, models or None, focus)
    names = _candidates(table, plan)
    if plan.ask == ONE:
        raise CsvImportError(f"{path.name} has one weight column ({names}); the export needs "
                             "a P column and a Q column.")
    if plan.ask == ASK_COLUMNS:
        raise CsvImportError(f"{path.name}: cannot tell which columns are P and Q ({names}); "
                             "name them with --p and --q.")
    if plan.ask == ASK_ROLES:
        raise CsvImportError(f"{path.name}: cannot tell which column is the reference "
                             f"({names}); name it with --reference and the models with "
                             "--model.")
    notes = []
    try:
        got = read_plan(table, plan, "merge" if merge_duplicates else "refuse")
    except DuplicateLabels as e:
        got = read_plan(table, plan, "keep")
        notes.append(f"note: {len(e.groups)} label(s) repeat, first {next(iter(e.groups))!r} "
                     "(kept as separate outcomes; --merge-duplicates adds them up).")
    doc = Document()
    specs = [DistributionSpec(n, role, texts) for n, role, texts in got.distributions]
    try:
        doc.load_columns(got.labels, specs, focus=got.focus, name=path.stem)
    except ValueError as e:
        raise CsvImportError(f"{path.name}: {e}") from None
    return doc, notes


def _candidates(table, plan) -> str:
    """The columns that could hold weights, for a message: every column but the labels
    (those that read as weights, when some do), the first eight and how many."""
    others = [j for j in range(table.n_columns) if j != plan.label]
    weights = [j for j in table.weight_columns() if j != plan.label]
    columns = weights or others
    shown = [table.column_name(j) for j in columns[:8]]
    return ", ".join(shown) + (f", … ({len(columns):,} columns)"
                               if len(columns) > len(shown) else "")


def _session_document(path: Path, reference: str | None, models: Sequence[str],
                      focus: str | None) -> Document:
    if models:
        raise SessionError(f"{path.name}: --model chooses CSV columns; a session's models "
                           "are its own (use --focus or --reference).")
    doc = Document()
    snapshot = load_session(path)
    try:
        doc.restore(snapshot)
        if reference is not None:
            doc.make_reference(reference)
        if focus is not None:
            doc.set_focus(focus)
    except ValueError as e:  # entries the session reader let through, or a name not there
        raise SessionError(f"{path.name}: {e}") from None
    return doc
