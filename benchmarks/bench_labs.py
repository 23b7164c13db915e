"""The labs at 1e5 outcomes (issue 23's speed goals), printed as a markdown table.

    python benchmarks/bench_labs.py [--repeats 7]

On the offscreen platform, each lab page shown alone at 1366x768 with a random pair of
100,000 outcomes (Dirichlet, seed 7):

- Sampling: "Draw 10,000" pressed and the page painted (the clock stops when
  ``QWidget.grab`` has rendered the whole page, plots included). Median of ``--repeats``,
  each from a fresh Reset (untimed). Goal <= 100 ms.
- Huffman: ``huffman_code(q)`` for 1e5 outcomes (lengths and canonical codewords),
  median of ``--repeats``; the whole coding report (both codes, E_P[L], H, D) beside it.
  Goal <= 200 ms.
- Longest GUI-thread block while each lab computes its pair: a 5 ms timer on the GUI
  thread notes when it fires, from just before ``show_pair`` until the page's
  ``sigComputed`` (the result shown); the longest gap between two firings, less the
  5 ms, is the longest the window could not answer. Goal: no block (a few tens of ms at
  most, the filling of the tables included). The time to the result is given beside it,
  and the block when the same page computes on the GUI thread, for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import time

N = 100_000
TICK_MS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    import numpy as np
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from klgui.core.labs.coding import coding_report, huffman_code
    from klgui.ui.pages.labs import BayesPage, CodingPage, SamplingPage

    rng = np.random.default_rng(7)
    p, q = rng.dirichlet(np.ones(N)), rng.dirichlet(np.ones(N))
    labels = [f"w{i}" for i in range(N)]
    rows = []

    def shown(cls):
        page = cls()
        page.resize(1366, 768)
        page.show()
        app.processEvents()
        return page

    def compute(page) -> tuple[float, float]:
        """(longest GUI-thread block, time to the result), both in ms."""
        ticks = []
        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        loop = QEventLoop()
        page.sigComputed.connect(loop.quit)
        timer.start()
        start = time.perf_counter()
        ticks.append(start)
        page.show_pair(p, q, labels, "nats", 6)
        if page.busy:
            loop.exec()
        end = time.perf_counter()
        ticks.append(end)
        timer.stop()
        page.sigComputed.disconnect(loop.quit)
        gaps = np.diff(ticks) * 1000
        return max(float(gaps.max()) - TICK_MS, 0.0), (end - start) * 1000

    blocks, pages = {}, []
    for name, cls in (("Sampling", SamplingPage), ("Coding", CodingPage),
                      ("Bayesian update", BayesPage)):
        page = shown(cls)
        pages.append(page)  # kept: a page collected mid-run took pyqtgraph down with it
        compute(page)  # warm up (imports, first layout)
        runs = [compute(page) for _ in range(max(3, args.repeats // 2))]
        blocks[name] = (statistics.median(r[0] for r in runs), max(r[0] for r in runs),
                        statistics.median(r[1] for r in runs))
        page.hide()
    # For comparison: the same pages made to compute on the GUI thread (as before).
    from klgui.ui.pages.labs import lab_page
    threshold, lab_page.ASYNC_OUTCOMES = lab_page.ASYNC_OUTCOMES, 10**9
    on_gui = {}
    for name, page in zip(blocks, pages):
        page.show()
        on_gui[name] = statistics.median(compute(page)[0] for _ in range(3))
        page.hide()
    lab_page.ASYNC_OUTCOMES = threshold
    sampling = pages[0]
    sampling.show()
    app.processEvents()

    times = []
    for _ in range(args.repeats + 1):
        sampling.reset()
        app.processEvents()
        start = time.perf_counter()
        sampling.buttons[10_000].click()
        sampling.grab()
        times.append((time.perf_counter() - start) * 1000)
    draw_ms = statistics.median(times[1:])

    def timed(f) -> float:
        runs = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            f()
            runs.append((time.perf_counter() - start) * 1000)
        return statistics.median(runs)

    huffman_ms = timed(lambda: huffman_code(q))
    report_ms = timed(lambda: coding_report(p, q))

    rows.append(("10,000 samples at 1e5 outcomes, drawn and painted", f"{draw_ms:.0f} ms",
                 "≤ 100 ms"))
    rows.append(("Huffman code for 1e5 outcomes", f"{huffman_ms:.0f} ms", "≤ 200 ms"))
    rows.append(("Whole coding report at 1e5 (both codes, E_P[L], H, D)", f"{report_ms:.0f} ms",
                 "—"))
    for name, (median, worst, total) in blocks.items():
        rows.append((f"{name} lab computing 1e5: longest GUI-thread block "
                     f"(result after {total:.0f} ms)",
                     f"{median:.0f} ms (worst {worst:.0f} ms; {on_gui[name]:.0f} ms if "
                     "computed on the GUI thread)", "no block (tens of ms)"))
    print("| Measure | Result | Goal |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
