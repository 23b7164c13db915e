"""CSV import and export at scale: a file of N rows read into a Document, and the two
result files written.

    python benchmarks/bench_io.py [--rows 1000000] [--runs 3]

Phases, each the median of the runs: reading and splitting the file
(read_delimited), parsing the chosen columns (outcomes), loading them into a Document
with the first comparison, and writing the table and summary CSVs. Goal (issue 4):
a 1e6-row file loads "within a few seconds"; issue 6 asks for 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from klgui.model.document import Document
from klgui.io.csv_export import save_summary, save_table
from klgui.io.csv_import import read_delimited


def write_file(path: Path, rows: int, decimal_comma: bool) -> None:
    sep, dot = (";", ",") if decimal_comma else (",", ".")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"outcome{sep}P{sep}Q\n")
        f.writelines(f"word {i}{sep}{i % 97 + 1}{dot}5{sep}{i % 89 + 1}{dot}25\n"
                     for i in range(rows))


def measure(path: Path, out: Path) -> dict[str, float]:
    times = {}
    t0 = time.perf_counter()
    table = read_delimited(path)
    t1 = time.perf_counter()
    got = table.outcomes(table.guess()[0])
    t2 = time.perf_counter()
    doc = Document(got.labels, got.p, got.q)
    c = doc.result().comparison
    t3 = time.perf_counter()
    save_table(out / "t.csv", doc.labels, doc.texts("P"), doc.texts("Q"), c)
    save_summary(out / "s.csv", c, labels=doc.labels)
    t4 = time.perf_counter()
    times.update(read=t1 - t0, parse=t2 - t1, load=t3 - t2, export=t4 - t3, total_import=t3 - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{args.rows:,} rows, median of {args.runs} runs (seconds)\n")
    print("| file | read | parse | load + compare | import total | export both CSVs |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for decimal_comma in (False, True):
            path = folder / "in.csv"
            write_file(path, args.rows, decimal_comma)
            runs = [measure(path, folder) for _ in range(args.runs)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            kind = "semicolon, decimal commas" if decimal_comma else "comma, decimal dots"
            print(f"| {kind} | {med['read']:.2f} | {med['parse']:.2f} | {med['load']:.2f} "
                  f"| **{med['total_import']:.2f}** | {med['export']:.2f} |")


if __name__ == "__main__":
    main()
