"""Time compare() against the same figures computed with scipy, in one run.

    python benchmarks/bench_core.py            # n = 10 ... 1e7 (about a minute)
    python benchmarks/bench_core.py --quick    # n up to 1e5

For every n the three contenders run alternately (so machine noise hits all of them
alike) and the medians are compared:

* klgui    - klgui.core.compare(p, q): every figure the app shows;
* scipy    - the same figures from scipy.stats.entropy, scipy.special.rel_entr and
             scipy.spatial.distance.jensenshannon (plus numpy for TV, Hellinger and
             Bhattacharyya), as a script would compute them;
* floor    - two np.log passes over the inputs: a lower bound for any exact method.

Goals (issue 2): klgui at least 3x faster than scipy at every n, and within 10x of the
floor for n >= 1e5.

A second table times compare() at 1e5 outcomes on three kinds of data against the same
floor: the random pairs above (about 18% of outcomes close, |p - q| < 0.1 (p + q)),
pairs with no close outcome, and pairs where every outcome is close (P near Q). Close
outcomes take the error-free path, so this shows what the exact arithmetic costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from klgui.core import compare  # noqa: E402


def scipy_figures(p: np.ndarray, q: np.ndarray) -> dict[str, object]:
    from scipy.spatial.distance import jensenshannon
    from scipy.special import rel_entr
    from scipy.stats import entropy

    p = p / p.sum()
    q = q / q.sum()
    h_p, h_q = entropy(p), entropy(q)
    kl_pq, kl_qp = entropy(p, q), entropy(q, p)
    js_distance = jensenshannon(p, q)
    return {
        "contributions_pq": rel_entr(p, q), "contributions_qp": rel_entr(q, p),
        "kl_pq": kl_pq, "kl_qp": kl_qp, "entropy_p": h_p, "entropy_q": h_q,
        "cross_entropy_pq": h_p + kl_pq, "cross_entropy_qp": h_q + kl_qp,
        "jeffreys": kl_pq + kl_qp, "js_distance": js_distance, "js": js_distance ** 2,
        "tv": 0.5 * np.abs(p - q).sum(),
        "hellinger": np.sqrt(0.5 * ((np.sqrt(p) - np.sqrt(q)) ** 2).sum()),
        "bhattacharyya": -np.log(np.sqrt(p * q).sum()),
    }


def floor(p: np.ndarray, q: np.ndarray) -> None:
    np.log(p)
    np.log(q)


def median_times(funcs: dict, p: np.ndarray, q: np.ndarray, budget: float) -> dict[str, float]:
    """Alternate the contenders until ``budget`` seconds are spent; median per call."""
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for f in funcs.values():  # warm-up (imports, caches)
        f(p, q)
    t_end = time.perf_counter() + budget
    rounds = 0
    while rounds < 5 or (time.perf_counter() < t_end and rounds < 2000):
        for name, f in funcs.items():
            reps = max(1, int(2e4 // p.size))
            t0 = time.perf_counter()
            for _ in range(reps):
                f(p, q)
            samples[name].append((time.perf_counter() - t0) / reps)
        rounds += 1
    return {name: statistics.median(ts) for name, ts in samples.items()}


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n up to 1e5 only")
    args = parser.parse_args()
    sizes = [10, 10**3, 10**5] if args.quick else [10, 10**3, 10**5, 10**6, 10**7]
    rng = np.random.default_rng(20261121)
    funcs = {"klgui": lambda p, q: compare(p, q), "scipy": scipy_figures, "floor": floor}

    print("| n | klgui compare() | scipy | floor (2× np.log) | scipy / klgui | klgui / floor |")
    print("|---:|---:|---:|---:|---:|---:|")
    ok = True
    for n in sizes:
        p, q = rng.random(n) + 0.01, rng.random(n) + 0.01
        t = median_times(funcs, p, q, budget=3.0 if n < 10**7 else 8.0)
        speedup, over_floor = t["scipy"] / t["klgui"], t["klgui"] / t["floor"]
        ok &= speedup >= 3 and (n < 10**5 or over_floor <= 10)
        print(f"| {n:.0e} | {fmt(t['klgui'])} | {fmt(t['scipy'])} | {fmt(t['floor'])} "
              f"| {speedup:.1f}× | {over_floor:.1f}× |", flush=True)
    print(f"\nGoals (≥3× faster than scipy; ≤10× the floor from 1e5): {'met' if ok else 'NOT met'}")

    n = 10**5
    p = rng.random(n) + 0.01
    kinds = {"random pairs (as above)": rng.random(n) + 0.01,
             "no outcome close": p * rng.choice([0.5, 2.0], n),
             "every outcome close (P near Q)": p * (1 + rng.uniform(-0.15, 0.15, n))}
    print("\n| data, n = 1e5 | close outcomes | klgui compare() | floor | klgui / floor |")
    print("|---|---:|---:|---:|---:|")
    for kind, q in kinds.items():
        v = np.abs(p - q) / (p + q)
        t = median_times({"klgui": funcs["klgui"], "floor": floor}, p, q, budget=3.0)
        print(f"| {kind} | {np.mean(v < 0.1):.0%} | {fmt(t['klgui'])} | {fmt(t['floor'])} "
              f"| {t['klgui'] / t['floor']:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
