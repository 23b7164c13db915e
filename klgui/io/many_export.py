"""The files of several models: the ranking against the reference, and the matrix.

As in :mod:`klgui.io.csv_export`: numbers at full precision (they read back bit for
bit; an exact zero as ``0``), infinity as ``inf``; UTF-8 with the csv module's quoting;
text cells (names, problems) that a spreadsheet would run as a formula get a leading
``'`` (:mod:`klgui.io.formula_guard`); the file is written atomically, so a failure
leaves what ``path`` held.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence

from klgui.core.formatting import full_precision
from klgui.core.numerics.many import DivergenceMatrix, RankRow
from klgui.io.atomic import atomic_writer
from klgui.io.formula_guard import escape_cell

__all__ = ["RANKING_HEADER", "RANKING_FIGURES", "ranking_rows", "matrix_rows",
           "write_ranking_csv", "write_matrix_csv"]

#: The figures of a ranking row, in the file's order (after rank and model).
RANKING_FIGURES = ("kl_pq", "kl_qp", "js_divergence", "js_distance", "total_variation",
                   "hellinger", "bhattacharyya", "cross_entropy_pq")
RANKING_HEADER = ("rank", "model", *RANKING_FIGURES, "infinite_pq_outcomes", "problem")


def _number(x: float) -> str:
    return "0" if x == 0.0 else full_precision(x)


def ranking_rows(rows: Sequence[RankRow], unit: str) -> Iterator[list[str]]:
    """The ranking file's rows, header first, one per model in rank order.

    ``kl_pq`` is D(reference‖model) in ``unit``, ``infinite_pq_outcomes`` how many
    outcomes the model gives probability 0 where the reference does not. A model that
    cannot be compared has an empty rank and empty figures, and its reason in
    ``problem``; an infinite divergence's reason is not a problem (``problem`` empty).

    Raises
    ------
    ValueError
        A row's figures are in another unit than ``unit``.
    """
    yield list(RANKING_HEADER)
    for row in rows:
        f = row.figures
        if f is None:
            yield ["", escape_cell(row.name), *[""] * (len(RANKING_FIGURES) + 1),
                   escape_cell(row.problem or "")]
            continue
        if f.base != unit:
            raise ValueError(f"the ranking's figures are in {f.base}, not {unit}")
        yield ["" if row.rank is None else str(row.rank), escape_cell(row.name),
               *(_number(getattr(f, name)) for name in RANKING_FIGURES),
               str(f.infinite_pq), escape_cell(row.problem or "")]


def matrix_rows(matrix: DivergenceMatrix) -> Iterator[list[str]]:
    """The matrix file's rows: header ``distribution,<name₁>,…,<nameₖ>``, then one row
    per distribution, its name first; cell (i, j) is D(i‖j) (or the JS distance),
    ``inf`` where infinite, ``0`` on the diagonal, empty where the pair cannot be
    compared."""
    names = [escape_cell(n) for n in matrix.names]
    yield ["distribution", *names]
    for i, name in enumerate(names):
        cells = [name]
        for j in range(matrix.k):
            v = matrix.value(i, j)
            cells.append("" if v is None else _number(v))
        yield cells


def write_ranking_csv(path: str | os.PathLike, rows: Sequence[RankRow], unit: str) -> None:
    """Write the ranking (:func:`ranking_rows`) to ``path`` atomically.

    Raises ValueError before writing anything when a row's unit is not ``unit``;
    OSError as the file system does."""
    lines = list(ranking_rows(rows, unit))
    with atomic_writer(path, newline="") as stream:
        csv.writer(stream).writerows(lines)


def write_matrix_csv(path: str | os.PathLike, matrix: DivergenceMatrix) -> None:
    """Write the matrix (:func:`matrix_rows`) to ``path`` atomically."""
    with atomic_writer(path, newline="") as stream:
        csv.writer(stream).writerows(matrix_rows(matrix))
