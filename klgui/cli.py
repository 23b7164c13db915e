"""``python -m klgui export``: the result CSVs from a CSV or a session file, without a
window (and without importing Qt), for scripting answer keys.

Which CSV column is what is decided by :func:`klgui.io.column_roles.plan_import`, the
policy the window uses too; ``--reference`` and ``--model`` (``--p`` and ``--q`` are
their old names) override it. Every figure is computed before any file is written, so
bad input writes nothing; the files are written all or none, and an output given as
``-`` goes to standard output once they are.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from klgui.core import UNITS, DistributionError
from klgui.core.numerics.many import METRICS, divergence_matrix, rank_models
from klgui.io.atomic import staged_files
from klgui.io.column_roles import ASK_COLUMNS, ASK_ROLES, ONE, named, plan_import, read_plan
from klgui.io.csv_export import further_models, save_summary, save_table
from klgui.io.csv_import import CsvImportError, DuplicateLabels, read_delimited
from klgui.io.delimited_table import repeated_labels, repeats_text
from klgui.io.lab_export import add_lab_arguments, write_lab_exports
from klgui.io.many_export import write_matrix_csv, write_ranking_csv
from klgui.io.session import SUFFIX, SessionError, load_session, session_notes
from klgui.model.document import DistributionSpec, Document
from klgui.model.family_columns import closed_form_rows

__all__ = ["export_main", "document_from_file"]

_OUTPUTS = ("table", "summary", "ranking", "matrix", "estimators", "coding")
#: An output written to standard output instead of a file.
STDOUT = "-"


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
                             "session or a table this command exported, the distribution to "
                             "make the reference (the focus stays, or the old reference "
                             "takes it)")
    parser.add_argument("--model", metavar="COLUMN", action="append",
                        help="a CSV column holding a model (name or number; repeatable; "
                             "default: every other weight column)")
    parser.add_argument("--p", metavar="COLUMN", help="the same as --reference")
    parser.add_argument("--q", metavar="COLUMN", help="the same as --model (the first model)")
    parser.add_argument("--focus", metavar="NAME",
                        help="the model the table, summary and lab files compare with the "
                             "reference: a name, or a CSV column as --model takes it "
                             "(default: the file's focus, a session's or an exported "
                             "table's, else the first model; \"Q\" is that model unless "
                             "one is called Q)")
    parser.add_argument("--merge-duplicates", action="store_true",
                        help="add up the weights of repeated labels of a CSV file (default: "
                             "keep them apart; a session's outcomes stay as it holds them)")
    add_lab_arguments(parser)
    return parser


def export_main(argv: Sequence[str]) -> int:
    """Run the export; 0 on success, 2 with one line on stderr when the input is bad or
    an output cannot be written (a folder that does not exist, a full disk): then
    nothing is written. An output given as ``-`` goes to standard output."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not any(getattr(args, name) for name in _OUTPUTS):
        parser.error("give --table, --summary, --ranking, --matrix, --estimators or --coding")
    places = _places(parser, args)
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
    for note in notes:
        print(note, file=sys.stderr)
    figures = _figures(doc, args)  # everything computed before anything is written
    try:
        _write(places, args, doc, figures)
    except OSError as e:
        print(f"cannot write {e.filename or 'the output'}: {e.strerror or e}", file=sys.stderr)
        return 2
    except (DistributionError, ValueError) as e:
        # (the comparison above has checked P and Q: a lab's figures, or a label a CSV
        # file cannot carry, from a session saved before labels were checked)
        print(f"{Path(args.input).name}: {e}", file=sys.stderr)
        return 2
    return 0


def _places(parser: argparse.ArgumentParser, args: argparse.Namespace) -> dict[str, str]:
    """The outputs asked for, by option name: a path, or ``-`` for standard output.
    Two outputs in one place are refused (argparse's usage error, status 2)."""
    places = {name: getattr(args, name) for name in _OUTPUTS if getattr(args, name)}
    seen: dict[str, str] = {}
    for name, path in places.items():
        key = path if path == STDOUT else os.path.realpath(path)
        if key in seen:
            where = "to standard output" if path == STDOUT else places[seen[key]]
            parser.error(f"--{seen[key]} and --{name} both write {where}")
        seen[key] = name
    return places


def _write(places: dict[str, str], args: argparse.Namespace, doc: Document,
           figures: dict) -> None:
    """Write the outputs: the files all or none (:func:`klgui.io.atomic.staged_files`:
    a folder that does not exist fails before anything is written), then the one for
    standard output. Raises OSError naming the file, DistributionError (from a lab)."""
    c, name = doc.result().comparison, Path(args.input).name
    files = {k: path for k, path in places.items() if path != STDOUT}
    with tempfile.TemporaryDirectory(prefix="klgui-export-") as spare:
        out = Path(spare) / "stdout.csv"
        with staged_files(list(files.values())) as staged:
            at = dict(zip(files, staged))
            at.update((k, out) for k, path in places.items() if path == STDOUT)
            if "table" in at:
                save_table(at["table"], doc.labels, doc.texts(doc.reference_id),
                           doc.texts(doc.focus_id), c, more=figures["more"],
                           names=(doc.name_of(doc.reference_id), doc.name_of(doc.focus_id)),
                           positions=doc.role_places)
            if "summary" in at:
                save_summary(at["summary"], c, labels=doc.labels, source=name,
                             names=(doc.name_of(doc.reference_id), doc.name_of(doc.focus_id)),
                             more_figures=closed_form_rows(doc.family_figures(), doc.unit))
            if "ranking" in at:
                write_ranking_csv(at["ranking"], figures["ranking"], doc.unit)
            if "matrix" in at:
                write_matrix_csv(at["matrix"], figures["matrix"])
            labs = argparse.Namespace(**{**vars(args), "estimators": at.get("estimators"),
                                         "coding": at.get("coding")})
            write_lab_exports(labs, c.p, c.q, doc.labels, c.base, c.kl_pq)
        if out.exists():
            _to_stdout(out)


def _to_stdout(path: Path) -> None:
    """Copy ``path`` to standard output as it is (the csv module's CRLF line ends).
    Raises BrokenPipeError naming standard output when its reader has gone (``| head``),
    after pointing standard output at the null device, so Python's exit is quiet."""
    try:
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        if binary is not None:
            binary.write(path.read_bytes())
            binary.flush()
        else:
            sys.stdout.write(path.read_text("utf-8"))
            sys.stdout.flush()
    except BrokenPipeError as e:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        e.filename = "standard output"
        raise


def _figures(doc: Document, args: argparse.Namespace) -> dict:
    """The further models' comparisons (for the table), the ranking and the matrix, as
    the options ask for them."""
    common = {"normalize": doc.auto_normalize, "smoothing": doc.smoothing}
    out: dict = {"more": [], "ranking": None, "matrix": None}
    others = [i for i in doc.model_ids if i != doc.focus_id]
    if args.table and others:
        out["more"] = further_models(
            doc.typed_column(doc.reference_id),
            [(doc.name_of(i), doc.texts(i), doc.typed_column(i)) for i in others],
            doc.unit, **common)
    if args.ranking:
        out["ranking"] = rank_models(
            doc.typed_column(doc.reference_id), [(doc.name_of(i), doc.typed_column(i))
                                    for i in doc.model_ids],
            doc.unit, labels=doc.labels, reference_name=doc.name_of(doc.reference_id), **common)
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
        return _session_document(path, reference, models, focus, merge_duplicates)
    table = read_delimited(path)
    plan = plan_import(table, reference, models or None, focus)
    names = _candidates(table, plan)
    if plan.ask == ONE:
        raise CsvImportError(f"{path.name} has one weight column ({names}); the export needs "
                             "a P column and a Q column.")
    if plan.ask == ASK_COLUMNS:
        raise CsvImportError(f"{path.name}: cannot tell which column is the reference (P) "
                             f"and which the model (Q) ({names}); name them with "
                             "--reference and --model.")
    if plan.ask == ASK_ROLES:
        raise CsvImportError(f"{path.name}: cannot tell which column is the reference "
                             f"({names}); name it with --reference and the models with "
                             "--model.")
    notes = [f"note: {note}" for note in plan.notes]
    try:
        got = read_plan(table, plan, "merge" if merge_duplicates else "refuse")
    except DuplicateLabels as e:
        got = read_plan(table, plan, "keep")
        notes.append(f"note: {repeats_text(e.groups)} (kept as separate outcomes; "
                     "--merge-duplicates adds them up).")
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
                      focus: str | None, merge: bool) -> tuple[Document, list[str]]:
    """The session's document, with ``reference`` and ``focus`` chosen by name (as
    Document.column_id takes names: "P" and "Q" the roles), and its notes. A session's
    repeated labels are its own outcomes (the window keeps them apart too), so
    ``merge`` (--merge-duplicates) does not add them up; the note says so."""
    if models:
        raise SessionError(f"{path.name}: --model chooses CSV columns; a session's models "
                           "are its own (use --focus or --reference).")
    doc = Document()
    snapshot = load_session(path)
    try:
        doc.restore(snapshot)
        names = [doc.name_of(i) for i in doc.column_ids]
        if reference is not None:
            doc.make_reference(named(reference, names))
        if focus is not None:
            doc.set_focus(named(focus, names))
    except ValueError as e:  # entries the session reader let through, or a name not there
        raise SessionError(f"{path.name}: {e}") from None
    notes = [f"note: {note}" for note in session_notes(snapshot)]
    if merge and repeated_labels(doc.labels):
        notes.append("note: --merge-duplicates adds up repeated labels of a CSV file only; a "
                     "session's outcomes are its own, exported as it holds them.")
    return doc, notes
