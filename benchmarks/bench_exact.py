"""How exact the window's figures are for typed decimals, and what exactness costs.

For random tables of typed decimals (up to 6 places) it measures, per size:

* the error of D(P‖Q), D(Q‖P), H(P) and H(P,Q) in units in the last place (ulps)
  against a 50-digit mpmath evaluation of the typed rationals;
* the time of one result (Document.job().run(): exact weights plus every figure), and
  the time of compare() on the doubles of the same entries, as before exact weights;
* the same errors on near-equal tables, where D is small and a few ulps per term show.

    python benchmarks/bench_exact.py [--trials 20]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

import mpmath as mp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from klgui.core import compare  # noqa: E402
from klgui.core.numerics.entries import TypedColumn  # noqa: E402
from klgui.core.numerics.precise import PRECISE_MAX  # noqa: E402
from klgui.core.numerics.refine import REFINE_MAX  # noqa: E402
from klgui.model.document import Document  # noqa: E402

FIGURES = ("kl_pq", "kl_qp", "entropy_p", "cross_entropy_pq")


def oracle(p_texts, q_texts):
    a = [Fraction(t) for t in p_texts]
    b = [Fraction(t) for t in q_texts]
    A, B = sum(a), sum(b)
    with mp.workdps(50):
        p = [mp.mpf(x.numerator) / x.denominator / (mp.mpf(A.numerator) / A.denominator)
             for x in a]
        q = [mp.mpf(y.numerator) / y.denominator / (mp.mpf(B.numerator) / B.denominator)
             for y in b]
        kl = mp.fsum(x * mp.log(x / y) for x, y in zip(p, q) if x > 0)
        klqp = (mp.inf if any(y > 0 and x == 0 for x, y in zip(p, q)) else
                mp.fsum(y * mp.log(y / x) for x, y in zip(p, q) if y > 0))
        hp = -mp.fsum(x * mp.log(x) for x in p if x > 0)
        return {"kl_pq": float(kl), "kl_qp": float(klqp), "entropy_p": float(hp),
                "cross_entropy_pq": float(hp + kl)}


def ulps(got: float, want: float) -> float:
    return 0.0 if got == want else abs(got - want) / math.ulp(want)


def table(n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    def entry() -> str:
        k = rng.randint(1, 6)
        return f"{rng.randint(1, 10 ** k) / 10 ** k:.{k}f}"
    return [entry() for _ in range(n)], [entry() for _ in range(n)]


def timed(f, repeat: int = 5) -> float:
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(1)
    print(f"fixed point up to {PRECISE_MAX} outcomes; kernel on exact weights with the KL "
          f"family in double-double up to {REFINE_MAX:,}; the kernel alone beyond\n")
    print("| outcomes | max ulps | share > 2 ulps | one result | compare() on doubles |")
    print("|---:|---:|---:|---:|---:|")
    for n in (2, 10, PRECISE_MAX, PRECISE_MAX + 1, 300, REFINE_MAX, REFINE_MAX + 1, 20_000):
        errors, run_times, plain_times = [], [], []
        trials = args.trials if n <= 300 else 3
        for _ in range(trials):
            p, q = table(n, rng)
            doc = Document([f"o{i}" for i in range(n)], p, q)
            job = doc.job()
            c = job.run().comparison
            want = oracle(p, q)
            errors += [ulps(getattr(c, name), want[name]) for name in FIGURES]
            run_times.append(timed(job.run))
            plain_times.append(timed(lambda: compare(job.p, job.q)))
        share = sum(e > 2 for e in errors) / len(errors)
        print(f"| {n:,} | {max(errors):.0f} | {share:.0%} | "
              f"{statistics.median(run_times) * 1e3:.2f} ms | "
              f"{statistics.median(plain_times) * 1e3:.2f} ms |")

    print("\nNear-equal tables (Q is P with some entries moved by one in the last place):\n")
    print("| outcomes | places | figures | max ulps | share > 2 ulps |")
    print("|---:|---:|---:|---:|---:|")
    for n, k in ((10, 1), (33, 1), (80, 3), (300, 2), (REFINE_MAX + 1, 2), (20_000, 3)):
        errors = []
        for _ in range(args.trials * 3 if n <= 300 else 3):
            p = [f"{rng.randint(1, 10 ** k) / 10 ** k:.{k}f}" for _ in range(n)]
            q = [f"{max(1, round(float(x) * 10 ** k) + rng.choice((-1, 0, 0, 1))) / 10 ** k:.{k}f}"
                 for x in p]
            c = Document([f"o{i}" for i in range(n)], p, q).result().comparison
            want = oracle(p, q)
            errors += [ulps(getattr(c, name), want[name]) for name in FIGURES
                       if math.isfinite(want[name]) and want[name]]
        share = sum(e > 2 for e in errors) / len(errors)
        print(f"| {n:,} | {k} | {len(errors)} | {max(errors):.0f} | {share:.1%} |")

    print("\n| outcomes | exact weights, one column | job of one result | compare() on doubles |")
    print("|---:|---:|---:|---:|")
    for n in (10 ** 5, 10 ** 6):
        p, q = table(n, rng)
        doc = Document([f"o{i}" for i in range(n)], p, q)
        job = doc.job()
        column = TypedColumn(job.p, job.places["P"], job.odd["P"])
        w = timed(column.weights, 3)
        r = timed(job.run, 3)
        c = timed(lambda: compare(job.p, job.q), 3)
        print(f"| {n:,} | {w * 1e3:.2f} ms | {r * 1e3:.1f} ms | {c * 1e3:.1f} ms |")


if __name__ == "__main__":
    main()
