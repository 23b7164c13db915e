"""The labs' tables as CSV: estimators (E.csv), codes (C.csv), blocks, Bayes updates and
the fit lab's stationary points.

Written as the other exports are (:mod:`klgui.io.csv_export`): UTF-8, the csv module's
quoting, numbers at full precision (``inf`` for infinity), labels guarded against
spreadsheet formulas (:mod:`klgui.io.formula_guard`), and files replaced in one step
(:mod:`klgui.io.atomic`). Codewords are written as their 0s and 1s; a spreadsheet reads
``0110`` as the number 110, so read that column as text (its length column says how
many bits it has). An outcome without a codeword has empty codeword and length cells.

The command line (``python -m klgui export``) adds ``--estimators E.csv --coding C.csv
--samples N --seed S`` with :func:`add_lab_arguments` and writes them with
:func:`write_lab_exports`.
"""

from __future__ import annotations

import argparse
import csv
import os
from collections.abc import Iterator, Sequence

import numpy as np

from klgui.core.families.fit import FORWARD, FitResult
from klgui.core.formatting import full_precision
from klgui.core.labs.bayes import Step, Update
from klgui.core.labs.coding import BlockRow, CodingReport, coding_report
from klgui.core.labs.sampling import ESTIMATORS, MAX_DRAWS, EstimatorStats, Sampler
from klgui.core.teaching.labs_text import estimator_definitions
from klgui.core.units import in_unit
from klgui.core.units import check_unit
from klgui.io.atomic import atomic_writer
from klgui.io.csv_export import check_labels
from klgui.io.formula_guard import escape_cell

__all__ = ["ESTIMATOR_HEADER", "CODING_HEADER", "BLOCK_HEADER", "BAYES_HEADER", "FIT_HEADER",
           "SampleSummary", "estimator_rows", "coding_rows", "block_rows", "bayes_rows",
           "fit_rows", "save_estimators", "save_coding", "save_blocks", "save_bayes",
           "save_fit", "save_rows",
           "add_lab_arguments", "write_lab_exports"]

ESTIMATOR_HEADER = ("estimator", "definition", "exact_mean", "exact_sd", "bias",
                    "kl_pq", "samples", "seed", "sample_mean", "standard_error", "unit")
CODING_HEADER = ("outcome", "p", "q", "shannon_length", "shannon_codeword",
                 "huffman_length", "huffman_codeword")
BLOCK_HEADER = ("n", "blocks", "kinds_enumerated", "bits_per_symbol", "cross_entropy",
                "upper_bound")
BAYES_HEADER = ("hypothesis", "prior", "likelihood", "posterior", "after_steps")
FIT_HEADER = ("direction", "divergence", "kind", "family", "parameter", "theta", "value",
              "unit")


class SampleSummary:
    """What a run of the sampler found: ``n`` draws with ``seed``, and each estimator's
    sample mean and standard error in nats (shape (3,), in ESTIMATORS order)."""

    def __init__(self, n: int, seed: int, means: Sequence[float], ses: Sequence[float]):
        self.n, self.seed = int(n), int(seed)
        self.means, self.ses = [float(x) for x in means], [float(x) for x in ses]

    @classmethod
    def of(cls, sampler: Sampler) -> SampleSummary:
        return cls(sampler.n, sampler.seed, *sampler.current())


def _number(x: float) -> str:
    return full_precision(float(x))


def estimator_rows(stats: EstimatorStats, unit: str = "nats",
                   sample: SampleSummary | None = None) -> Iterator[list[str]]:
    """Header, then one row per estimator in ``unit``. ``bias`` is E[k] − D(P‖Q), empty
    when D is infinite (both are ∞, and ∞ − ∞ is no number). The sample cells are empty
    without draws. The exact cells are those of :meth:`EstimatorStats.mean_in` and its
    kin, the numbers the window's table shows (``kl_pq`` and k1's mean the core's D)."""
    check_unit(unit)
    yield list(ESTIMATOR_HEADER)
    for j, name in enumerate(ESTIMATORS):
        drawn = sample is not None and sample.n > 0
        bias = stats.bias_in(name, unit)
        yield [name, estimator_definitions(unit)[name], _number(stats.mean_in(name, unit)),
               _number(stats.sd_in(name, unit)),
               "" if bias is None else _number(bias),
               _number(stats.divergence_in(unit)),
               str(sample.n) if sample else "0", str(sample.seed) if sample else "",
               _number(in_unit(sample.means[j], unit)) if drawn else "",
               _number(in_unit(sample.ses[j], unit)) if drawn else "", unit]


def coding_rows(p: np.ndarray, q: np.ndarray, report: CodingReport,
                labels: Sequence[str] | None = None) -> Iterator[list[str]]:
    """Header, then one row per outcome: p, q, and each code's length and codeword.
    Raises ValueError for a label a CSV file cannot carry (csv_export.check_labels)."""
    if labels is not None:
        check_labels(labels)
    yield list(CODING_HEADER)
    codes = (report.shannon, report.huffman)
    for i in range(len(p)):
        label = labels[i] if labels is not None and i < len(labels) else str(i + 1)
        row = [escape_cell(str(label)), _number(p[i]), _number(q[i])]
        for code in codes:
            length = int(code.lengths[i])
            row += ["", ""] if length < 0 else [str(length), _full_codeword(code, i)]
        yield row


def _full_codeword(code, i: int) -> str:
    length = int(code.lengths[i])
    return format(code.codes[i], f"0{length}b") if length else ""


def block_rows(rows: Sequence[BlockRow], cross_entropy: float) -> Iterator[list[str]]:
    """Header, then one row per block size (bits per symbol empty when not enumerated)."""
    yield list(BLOCK_HEADER)
    for row in rows:
        yield [str(row.n), str(row.blocks), str(row.kinds) if row.enumerated else "",
               "" if row.bits_per_symbol is None else _number(row.bits_per_symbol),
               _number(cross_entropy), _number(cross_entropy + 1.0 / row.n)]


def bayes_rows(result: Update, labels: Sequence[str] | None = None,
               steps: Sequence[Step] = ()) -> Iterator[list[str]]:
    """Header, then one row per hypothesis: prior, likelihood, posterior after this
    observation, and the belief after the steps (empty without steps). Raises
    ValueError for a label a CSV file cannot carry (csv_export.check_labels)."""
    if labels is not None:
        check_labels(labels)
    yield list(BAYES_HEADER)
    after = steps[-1].posterior if steps else None
    for i in range(result.prior.size):
        label = labels[i] if labels is not None and i < len(labels) else str(i + 1)
        yield [escape_cell(str(label)), _number(result.prior[i]),
               _number(result.likelihood[i]), _number(result.posterior[i]),
               "" if after is None else _number(after[i])]


def fit_rows(result: FitResult, unit: str = "nats") -> Iterator[list[str]]:
    """Header, then one row per stationary point of D(P‖Q_θ) (``direction`` forward),
    then of D(Q_θ‖P) (reverse): its kind (global minimum, local minimum, local maximum),
    the family with its fixed parameters (``Binomial(n = 10, p)``), the parameter's
    name, θ and D in ``unit``. A curve that is ∞ for every θ has one row of kind
    ``infinite for every theta``, with an empty θ and value ``inf``."""
    check_unit(unit)
    yield list(FIT_HEADER)
    model = result.model
    for curve in (result.forward, result.reverse):
        name = "D(P‖Q)" if curve.direction == FORWARD else "D(Q‖P)"
        head = [curve.direction, name]
        tail = [model.describe(), model.parameter]
        for s in curve.points:
            yield head + [s.kind] + tail + [
                _number(s.theta), _number(result.value_in(curve.direction, s, unit)), unit]
        if curve.infinite_reason:
            yield head + ["infinite for every theta"] + tail + ["", "inf", unit]


def save_rows(path: str | os.PathLike, rows) -> None:
    """Write ``rows`` (lists of text) to ``path`` as CSV, atomically."""
    with atomic_writer(path, newline="") as stream:
        csv.writer(stream).writerows(rows)


def save_estimators(path, stats: EstimatorStats, unit: str = "nats",
                    sample: SampleSummary | None = None) -> None:
    save_rows(path, estimator_rows(stats, unit, sample))


def save_coding(path, p: np.ndarray, q: np.ndarray, report: CodingReport,
                labels: Sequence[str] | None = None) -> None:
    save_rows(path, coding_rows(p, q, report, labels))


def save_blocks(path, rows: Sequence[BlockRow], cross_entropy: float) -> None:
    save_rows(path, block_rows(rows, cross_entropy))


def save_fit(path, result: FitResult, unit: str = "nats") -> None:
    save_rows(path, fit_rows(result, unit))


def save_bayes(path, result: Update, labels: Sequence[str] | None = None,
               steps: Sequence[Step] = ()) -> None:
    save_rows(path, bayes_rows(result, labels, steps))


# -- the command line ------------------------------------------------------------------
def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_DRAWS:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and {MAX_DRAWS:,}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"the seed must be ≥ 0, not {value}")
    return value


def add_lab_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--estimators E.csv --coding C.csv --samples N --seed S`` to ``parser``."""
    group = parser.add_argument_group("labs")
    group.add_argument("--estimators", metavar="E.csv",
                       help="write the k1/k2/k3 estimators of D(P‖Q) (exact means, spreads "
                            "and, with --samples, a seeded sample's means) here")
    group.add_argument("--coding", metavar="C.csv",
                       help="write the Shannon and Huffman codes for Q (lengths, codewords) here")
    group.add_argument("--samples", metavar="N", type=_count, default=0,
                       help=f"draws from P for --estimators (0 to {MAX_DRAWS:,}; default 0)")
    group.add_argument("--seed", metavar="S", type=_seed, default=0,
                       help="seed of the draws (default 0): the same seed, the same draws")


def write_lab_exports(args: argparse.Namespace, p: Sequence[float] | np.ndarray,
                      q: Sequence[float] | np.ndarray, labels: Sequence[str] | None,
                      unit: str, divergence: float | None = None) -> list[str]:
    """Write the files ``args`` asks for (``args.estimators``, ``args.coding``) from the
    normalized P and Q; return the paths written. Estimators are in ``unit``; code
    lengths are in bits. ``divergence`` is D(P‖Q) in ``unit`` from the exact core (the
    summary's ``kl_pq``), the estimators' D and E[k1] (see
    :func:`~klgui.core.labs.sampling.estimator_stats`).

    Raises
    ------
    DistributionError
        P or Q is not a probability vector.
    OSError
        A file cannot be written (its ``filename`` names it).
    """
    written = []
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if getattr(args, "estimators", None):
        sampler = Sampler(p, q, seed=getattr(args, "seed", 0) or 0, divergence=divergence,
                          unit=unit)
        n = getattr(args, "samples", 0) or 0
        sampler.draw(n)
        save_estimators(args.estimators, sampler.stats, unit,
                        SampleSummary.of(sampler) if n else None)
        written.append(str(args.estimators))
    if getattr(args, "coding", None):
        save_coding(args.coding, p, q, coding_report(p, q), labels)
        written.append(str(args.coding))
    return written

