"""The sampling lab's estimator table: one row per estimator (k1, k2, k3), its
definition, exact mean, spread and bias, and the running mean and ± 2 SE of the draws
so far, as :meth:`LabTableModel.set_table <klgui.ui.pages.labs.lab_table>` takes
columns: ``(header, shown text of row i, copied text of row i)``."""

from __future__ import annotations

from collections.abc import Callable

from klgui.core.labs.sampling import ESTIMATORS, Sampler
from klgui.core.teaching import labs_text as text
from klgui.core.units import nats_per_unit
from klgui.ui.numbers import figure_text, full_precision_text

__all__ = ["HEADERS", "UNDEFINED", "estimator_columns"]

#: The bias when D is infinite: the mean and D are both ∞ (shown "undefined (∞ − ∞)").
UNDEFINED = object()
HEADERS = ("Estimator", "Definition", "Exact mean", "SD of one sample", "Bias E[k] − D",
           "Running mean", "± 2 SE")

Cell = Callable[[int], str]


def estimator_columns(sampler: Sampler, unit: str,
                      digits: int) -> list[tuple[str, Cell, Cell]]:
    """The table's columns for ``sampler`` (its exact statistics and its draws, read
    when a cell is shown, so draws made later show without new columns), figures in
    ``unit`` with ``digits`` significant digits on screen and full precision copied.

    The cell functions hold ``sampler`` and plain values only, never a page: a column
    function referring to its page made a reference cycle (see lab_page.labeller)."""
    scale = nats_per_unit(unit)

    def exact(field):
        in_unit = getattr(sampler.stats, f"{field}_in")

        def value(i):  # the numbers the export writes (EstimatorStats.mean_in, ...)
            v = in_unit(ESTIMATORS[i], unit)
            return UNDEFINED if v is None else v
        return value

    def running(kind):
        def value(i):
            if sampler.n == 0 or (kind == 1 and sampler.n < 2):
                return None
            return sampler.current()[kind][i] / scale * (2 if kind else 1)
        return value

    def shown(get):
        def cell(i):
            v = get(i)
            if v is UNDEFINED:  # the bias when D = ∞: ∞ − ∞
                return "undefined (∞ − ∞)"
            return "—" if v is None else figure_text(v, digits)
        return cell

    def copied(get):
        def cell(i):
            v = get(i)
            return "" if v is None or v is UNDEFINED else full_precision_text(v)
        return cell

    definitions = [text.estimator_definitions(unit)[name] for name in ESTIMATORS]
    columns = [(HEADERS[0], ESTIMATORS.__getitem__, ESTIMATORS.__getitem__),
               (HEADERS[1], definitions.__getitem__, definitions.__getitem__)]
    getters = [exact("mean"), exact("sd"), exact("bias"), running(0), running(1)]
    for header, get in zip(HEADERS[2:], getters):
        columns.append((f"{header} ({unit})", shown(get), copied(get)))
    return columns
