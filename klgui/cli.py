"""``python -m klgui export``: the two result CSVs from a CSV or a session file, without
a window (and without importing Qt), for scripting answer keys."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from klgui.core import UNITS
from klgui.model.document import Document
from klgui.io.csv_export import save_summary, save_table
from klgui.io.csv_import import Columns, CsvImportError, DuplicateLabels, read_delimited
from klgui.io.session import SUFFIX, SessionError, load_session

__all__ = ["export_main", "document_from_file"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m klgui export",
        description="Write the per-outcome table and the summary of a comparison as CSV "
                    "files, from a CSV file (label,P,Q) or a saved session.")
    parser.add_argument("input", metavar="INPUT", help="a CSV file or a session (.kld.json)")
    parser.add_argument("--table", metavar="TABLE.csv", help="write the per-outcome table here")
    parser.add_argument("--summary", metavar="SUMMARY.csv", help="write the summary here")
    parser.add_argument("--base", choices=list(UNITS),
                        help="unit of the figures (default: nats, or the session's unit)")
    parser.add_argument("--p", metavar="COLUMN", help="the CSV column holding P (name or number)")
    parser.add_argument("--q", metavar="COLUMN", help="the CSV column holding Q (name or number)")
    parser.add_argument("--merge-duplicates", action="store_true",
                        help="add up the weights of repeated labels (default: keep them apart)")
    return parser


def export_main(argv: Sequence[str]) -> int:
    """Run the export; 0 on success, 2 with one line on stderr when the input is bad, 1
    when an output cannot be written."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not (args.table or args.summary):
        parser.error("give --table, --summary or both")
    try:
        doc, notes = document_from_file(Path(args.input), p=args.p, q=args.q,
                                        merge_duplicates=args.merge_duplicates)
    except (CsvImportError, SessionError) as e:
        print(e, file=sys.stderr)
        return 2
    for note in notes:
        print(note, file=sys.stderr)
    if args.base:
        doc.set_unit(args.base)
    result = doc.result()
    if result.comparison is None:
        print(f"{Path(args.input).name}: {result.error}", file=sys.stderr)
        return 2
    try:
        if args.table:
            save_table(args.table, doc.labels, doc.texts("P"), doc.texts("Q"), result.comparison)
        if args.summary:
            save_summary(args.summary, result.comparison, labels=doc.labels,
                         source=Path(args.input).name)
    except OSError as e:
        print(f"cannot write {e.filename or 'the output'}: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0


def document_from_file(path: Path, *, p: str | None = None, q: str | None = None,
                       merge_duplicates: bool = False) -> tuple[Document, list[str]]:
    """A Document holding a session or a CSV file's outcomes, and notes worth telling.

    Raises CsvImportError or SessionError with the message the window shows.
    """
    if path.name.endswith(SUFFIX) or path.suffix.lower() == ".json":
        doc = Document()
        snapshot = load_session(path)
        try:
            doc.restore(snapshot)
        except ValueError as e:  # entries the session reader let through but cannot be used
            raise SessionError(f"{path.name}: {e}") from None
        return doc, []
    table = read_delimited(path)
    columns, sure = table.guess()
    if p is not None or q is not None:
        columns = Columns(columns.label, _column(table, p, "--p") if p else columns.p,
                          _column(table, q, "--q") if q else columns.q)
        sure = True
    shown = [table.column_name(j) for j in range(min(table.n_columns, 8))]
    names = ", ".join(shown) + (f", … ({table.n_columns:,} columns)"
                                if table.n_columns > len(shown) else "")
    if columns.q is None:
        raise CsvImportError(f"{path.name} has one weight column ({names}); the export needs "
                             "a P column and a Q column.")
    if not sure:
        raise CsvImportError(f"{path.name}: cannot tell which columns are P and Q ({names}); "
                             "name them with --p and --q.")
    notes = []
    try:
        outcomes = table.outcomes(columns, "merge" if merge_duplicates else "refuse")
    except DuplicateLabels as e:
        outcomes = table.outcomes(columns, "keep")
        notes.append(f"note: {len(e.groups)} label(s) repeat, first {next(iter(e.groups))!r} "
                     "(kept as separate outcomes; --merge-duplicates adds them up).")
    doc = Document(outcomes.labels, outcomes.p, outcomes.q, name=path.stem)
    return doc, notes


def _column(table, wanted: str, option: str) -> int:
    names = [table.column_name(j).lower() for j in range(table.n_columns)]
    if wanted.lower() in names:
        return names.index(wanted.lower())
    if wanted.isdigit() and 1 <= int(wanted) <= table.n_columns:
        return int(wanted) - 1
    raise CsvImportError(f"{table.source}: {option} {wanted!r} is not a column; the columns "
                         f"are {', '.join(table.column_name(j) for j in range(table.n_columns))}.")
