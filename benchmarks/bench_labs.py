"""The labs at 1e4 and 1e5 outcomes (issue 23's speed goals), printed as markdown tables.

    python benchmarks/bench_labs.py [--repeats 5] [--sizes 10000 100000]

On the offscreen platform, each lab page shown alone at 1366x768 with a random pair
(Dirichlet, seed 7):

- Sampling: "Draw 10,000" pressed and the page painted (the clock stops when
  ``QWidget.grab`` has rendered the whole page, plots included) at 1e5 outcomes. Median
  of ``--repeats``, each from a fresh Reset (untimed). Goal <= 100 ms.
- Huffman: ``huffman_code(q)`` for 1e5 outcomes (lengths and canonical codewords),
  median of ``--repeats``; the whole coding report (both codes, E_P[L], H, D) beside it.
  Goal <= 200 ms.
- The longest GUI gap per lab and size ("no lab blocks the window"), measured as the
  other GUI benchmarks do (bench_many.py): a 1 ms precise timer on the GUI thread notes
  when it fires, from just before ``show_pair`` until the page has shown the result and
  painted it (event-loop passes run until 60 ms pass without a paint of the page); the
  longest gap between two firings is the longest the window could not answer, to be
  held against a frame at 60 Hz (16.7 ms). It is split at the moment the worker thread
  hands its result over (noted on that thread as it emits): the gap while the worker
  computes (``show_pair`` itself included, given beside it; it paints nothing since
  the busy look waits ``BUSY_AFTER_MS``) and the gap from the result on (filling the
  tables, then painting the page once). Median and worst of ``--repeats`` runs, after
  one warm-up. "Result after": from ``show_pair`` until the worker has the result. Last,
  the CPU time of the GUI thread for the whole update
  (``time.thread_time``, the 1 ms timer's own ticks included), which a loaded machine
  inflates less than the gaps, and the most CPU time the GUI thread spent between two
  ticks: the longest gap as the GUI thread's own work, without the time it waited for
  a core or for the interpreter (which the worker holds while it computes).

The gaps are wall-clock times on a shared machine: alternate the code before and after
a change in the same minutes (``PYTHONPATH`` pointing at a copy of the old ``klgui``) and
compare ranges, not single runs. 30 Nov 2026 02:27-02:28 UTC, load 1.8-2.3 on 2 cores,
``--repeats 7``, three runs each alternated, before and after issue 23's "paint once"
work (ranges of the three medians, at 1e4 / 1e5 outcomes):

| Lab | whole update, before | after | most GUI CPU between ticks, before | after |
|---|---|---|---|---|
| Sampling | 15-20 / 12-17 ms | 15-31 / 14-15 ms | 12-15 / 10-14 ms | 13-14 / 11-14 ms |
| Coding | 29-35 / 32-64 ms | 22-32 / 21-36 ms | 26-29 / 31-38 ms | 15-20 / 19-25 ms |
| Bayes | 16-28 / 26-36 ms | 15-22 / 13-31 ms | 15-25 / 18-25 ms | 14-15 / 10-15 ms |

The 16.7 ms frame was met in 5 of 18 lab-size medians before, 8 of 18 after.
``show_pair`` alone took 4-47 ms before (it painted the page greyed), 1-7 ms after; GUI
CPU per update 33-91 ms before, 24-67 ms after. The wall-clock gaps follow the
machine's load more than the code: in busier minutes (load 2.5-6) the ranges overlap.
What is left: at 1e5 the coding and Bayes jobs hold the interpreter, so the GUI thread
waits for it at each call into Python while they compute (11-26 ms gaps here, after
as before); after the result, the hand-over (the tables filled, their columns
measured, the labels set; ~6-11 ms CPU) and the codewords table's paint (~8-20 ms CPU:
about half Qt's text layout, half the ~10 calls into the Python model per cell).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

FRAME_MS = 1000 / 60
SETTLED_MS = 60  # the page has painted when this long passes without a paint of it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()

    import numpy as np
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication([])
    from klgui.core.labs.coding import coding_report, huffman_code
    from klgui.ui.pages.labs import BayesPage, CodingPage, SamplingPage

    class Paints(QObject):
        """Counts paint events of the page under test and its children."""
        page: QWidget | None = None
        count = 0

        def eventFilter(self, obj, event) -> bool:
            if (event.type() == QEvent.Type.Paint and self.page is not None
                    and isinstance(obj, QWidget)
                    and (obj is self.page or self.page.isAncestorOf(obj))):
                self.count += 1
            return False

    paints = Paints()
    app.installEventFilter(paints)

    def pair(n: int):
        rng = np.random.default_rng(7)
        return (rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n)),
                [f"w{i}" for i in range(n)])

    def shown(cls):
        page = cls()
        page.resize(1366, 768)
        page.show()
        app.processEvents()
        return page

    def gaps(page, p, q, labels) -> tuple[float, float, float, float, float]:
        """(longest gap while computing, longest gap from the result on until painted,
        time to the result, CPU time of the GUI thread for the whole update, time in
        show_pair itself, most CPU time the GUI thread spent between two ticks), in ms."""
        ticks: list[float] = []
        cpu_ticks: list[float] = []  # the GUI thread's CPU time at each tick
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(1)
        timer.timeout.connect(lambda: (ticks.append(time.perf_counter()),
                                       cpu_ticks.append(time.thread_time())))
        marks = {"result": 0.0, "shown": 0.0}
        loop = QEventLoop()
        last = {"count": -1}

        def ready(*_) -> None:  # on the worker thread, as it hands the result over
            marks["result"] = time.perf_counter()

        def computed() -> None:
            marks["shown"] = time.perf_counter()
            if not marks["result"]:  # computed at once, on the GUI thread
                marks["result"] = marks["shown"]

        def settle() -> None:  # every SETTLED_MS after the result: quit once no paint came
            if marks["shown"] and paints.count == last["count"]:
                loop.quit()
            last["count"] = paints.count

        check = QTimer()
        check.setInterval(SETTLED_MS)
        check.timeout.connect(settle)
        page.sigComputed.connect(computed)
        page.worker.sigFinished.connect(ready, Qt.ConnectionType.DirectConnection)
        paints.page = page
        timer.start()
        check.start()
        cpu = time.thread_time()
        start = time.perf_counter()
        ticks.append(start)
        cpu_ticks.append(cpu)
        page.show_pair(p, q, labels, "nats", 6)
        returned = time.perf_counter()
        loop.exec()
        end = time.perf_counter()
        cpu = time.thread_time() - cpu
        ticks.append(end)
        cpu_ticks.append(time.thread_time())
        timer.stop()
        check.stop()
        page.sigComputed.disconnect(computed)
        page.worker.sigFinished.disconnect(ready)
        paints.page = None
        t, result = np.array(ticks), marks["result"]
        before = np.append(t[t <= result], result)  # the gap spanning the result is split
        after = np.concatenate([[result], t[t > result]])
        computing = float(np.diff(before).max()) * 1000 if before.size > 1 else 0.0
        shown_ = float(np.diff(after).max()) * 1000 if after.size > 1 else 0.0
        busiest = float(np.diff(cpu_ticks).max()) * 1000  # CPU between two ticks
        return (computing, shown_, (result - start) * 1000, cpu * 1000,
                (returned - start) * 1000, busiest)

    labs = (("Sampling", SamplingPage), ("Coding", CodingPage),
            ("Bayesian update", BayesPage))
    blocks = {}
    pages = {name: shown(cls) for name, cls in labs}
    for page in pages.values():
        page.hide()
    for n in args.sizes:
        p, q, labels = pair(n)
        for name, page in pages.items():
            page.show()
            app.processEvents()
            gaps(page, p, q, labels)  # warm up (imports, first layout)
            runs = [gaps(page, p, q, labels) for _ in range(args.repeats)]
            blocks[name, n] = runs
            page.hide()
            app.processEvents()

    p, q, labels = pair(100_000)
    sampling = pages["Sampling"]
    sampling.show()
    sampling.show_pair(p, q, labels, "nats", 6)
    loop = QEventLoop()
    sampling.sigComputed.connect(loop.quit)
    if sampling.busy:
        loop.exec()
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

    print(f"Load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print()
    print("| Measure | Result | Goal |")
    print("|---|---|---|")
    print(f"| 10,000 samples at 1e5 outcomes, drawn and painted | {draw_ms:.0f} ms | ≤ 100 ms |")
    print(f"| Huffman code for 1e5 outcomes | {huffman_ms:.0f} ms | ≤ 200 ms |")
    print(f"| Whole coding report at 1e5 (both codes, E_P[L], H, D) | {report_ms:.0f} ms | — |")
    print()
    print("| Lab, outcomes | Result after | Longest GUI gap: while computing | "
          "of which show_pair | after the result (tables, plots) "
          "| whole update | ≤ 16.7 ms frame | GUI-thread CPU per update "
          "| longest GUI-thread CPU between ticks |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (name, n), runs in blocks.items():
        computing = [r[0] for r in runs]
        after = [r[1] for r in runs]
        whole = [max(r[0], r[1]) for r in runs]
        total = statistics.median(r[2] for r in runs)
        med = statistics.median(whole)
        print(f"| {name}, {n:,} | {total:.0f} ms "
              f"| {statistics.median(computing):.0f} ms (worst {max(computing):.0f}) "
              f"| {statistics.median(r[4] for r in runs):.0f} ms "
              f"| {statistics.median(after):.0f} ms (worst {max(after):.0f}) "
              f"| {med:.0f} ms (worst {max(whole):.0f}) "
              f"| {'met' if med <= FRAME_MS else 'missed'} "
              f"| {statistics.median(r[3] for r in runs):.0f} ms "
              f"| {statistics.median(r[5] for r in runs):.0f} ms "
              f"(worst {max(r[5] for r in runs):.0f}) |")


if __name__ == "__main__":
    main()
