"""Time the families' maths: filling a column, and the fit lab's curves.

    python benchmarks/bench_families.py          # n = 1e3, 1e4, 1e5 (under a minute)

Goals (issue 21): the fit lab's curves (256 θ, both directions, every stationary point
refined) ≤ 200 ms at 1e3 outcomes, off the GUI thread; a slider step's refill of a
column well under the 16 ms (1e4) and 33 ms (1e5) budget of a whole step (refill,
compare, repaint). Medians of several runs; the machine's other load shows in them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from klgui.core import DistributionError, compare  # noqa: E402
from klgui.core.families import (Binomial, Geometric, Normal, Poisson, Softmax,  # noqa: E402
                                 Zipf, outcome_values)
from klgui.core.families.fit import fit_curves  # noqa: E402
from klgui.core.families.fit_models import fit_model  # noqa: E402


def median_ms(f, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return 1e3 * statistics.median(times)


def fill_table() -> None:
    print("Refill a column from its family (median ms), and refill + compare():")
    print(f"{'family':<12}{'n':>9}{'refill':>10}{'+compare':>10}")
    for n in (1_000, 10_000, 100_000):
        labels = [str(k) for k in range(n)]
        o = outcome_values(labels)
        ref = np.exp(Binomial(n - 1, 0.4).log_probabilities())
        specs = {"binomial": (Binomial(n - 1, 0.5), None),  # ½: doubles to n = 1,023
                 "poisson": (Poisson(n / 2, n - 1), outcome_values(
                     Poisson(n / 2, n - 1).support_labels())),
                 "geometric": (Geometric(20 / n, n - 1), outcome_values(
                     Geometric(20 / n, n - 1).support_labels())),
                 "zipf": (Zipf(1.1), o), "normal": (Normal(n / 2, n / 8), o),
                 "logits": (Softmax([str(x) for x in np.linspace(-30, 30, n)], 2.0), None)}
        for name, (spec, outcomes) in specs.items():
            try:
                spec.probabilities(outcomes)
            except DistributionError:  # Binomial n > 1022, Poisson λ > 708: no doubles
                print(f"{name:<12}{n:>9,}{'refused: probabilities below 2.2e-308':>40}")
                continue
            fill = median_ms(lambda: spec.probabilities(outcomes))
            both = median_ms(lambda: compare(ref, spec.probabilities(outcomes)))
            print(f"{name:<12}{n:>9,}{fill:>10.2f}{both:>10.2f}")


def fit_table() -> None:
    print("\nFit lab curves, 256 θ, both directions (median ms; goal ≤ 200 at 1e3):")
    print(f"{'family':<12}{'n':>9}{'ms':>10}{'points':>8}")
    for n in (100, 1_000):
        labels = [str(k) for k in range(n)]
        o = outcome_values(labels)
        p = 0.5 * np.exp(Binomial(n - 1, 0.2).log_probabilities()) + \
            0.5 * np.exp(Binomial(n - 1, 0.8).log_probabilities())
        for name, fixed in (("binomial", {}), ("poisson", {}), ("geometric", {}),
                            ("normal", {"sd": n / 30}), ("zipf", {})):
            model = fit_model(name, o, **fixed)
            ms = median_ms(lambda: fit_curves(p, model), repeat=5)
            r = fit_curves(p, model)
            points = len(r.forward.points) + len(r.reverse.points)
            print(f"{name:<12}{n:>9,}{ms:>10.1f}{points:>8}")


if __name__ == "__main__":
    fill_table()
    fit_table()
