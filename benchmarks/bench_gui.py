"""The window at scale: edit-to-repaint latency, a 1e6-row import, start-up and memory.

    python benchmarks/bench_gui.py [--edits 15] [--startup-runs 9]

Everything runs on the offscreen platform with the real MainWindow (1280x720).

- Edit latency, for n = 10, 1e3, 1e5 and 1e6 outcomes: one entry is set through the
  table model (as the cell editor does), and the clock stops when the window, having
  shown the new figures (sigRefreshed), has finished painting them, chart included
  (the end of that repaint, not its start). Above 200,000
  outcomes the figures come from the background thread, so this includes the hop back.
  Median of ``--edits`` edits, after two untimed ones.
- Import: a 1e6-row CSV (labels and 6-digit probabilities) read through the window's
  own import until the figures are shown.
- Memory: resident size of the process holding the 1e6-outcome window after the import
  and the edits (the goal), and its peak during the run (the import's transient lists).
- Start-up: first frame of the app against a bare PySide6 + pyqtgraph window
  (bench_startup.py's measurement, alternating runs).

Each size runs in a fresh process, so one size's memory never counts against another.
Goals (issue 6): edit <= 16 ms up to 1e5 and <= 100 ms at 1e6; import <= 3 s; start-up
<= 1.5x bare; resident <= 400 MB at 1e6.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from settle import last_paint_end  # beside this file

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10, 1_000, 100_000, 1_000_000)


#: A throwaway home for the measured app's settings, autosaves and log.
HOME = tempfile.mkdtemp(prefix="klgui-bench-")


def write_csv(path: Path, n: int) -> None:
    import numpy as np
    rng = np.random.default_rng(7)
    p, q = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
    with open(path, "w", encoding="utf-8") as f:
        f.write("word,P,Q\n")
        f.writelines(f"w{i},{x:.6g},{y:.6g}\n" for i, (x, y) in enumerate(zip(p, q)))


def resident_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def child(n: int, edits: int) -> dict:
    """Build a window of n outcomes (by import), edit it, report as JSON."""
    import resource

    from PySide6.QtCore import QEvent, QEventLoop, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from klgui.ui.shell.main_window import MainWindow
    from klgui.ui.table.outcome_model import P_ENTRY

    window = MainWindow()
    window.resize(1280, 720)
    window.show()
    app.processEvents()

    def wait_refreshed() -> None:
        loop = QEventLoop()
        window.sigRefreshed.connect(loop.quit)
        loop.exec()
        window.sigRefreshed.disconnect(loop.quit)

    class Painted(QObject):
        """Counts the window's paints, and notes when the chart was last painted."""
        at, count = 0.0, 0

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
                if obj is chart:
                    self.at = time.perf_counter()
            return False
    painted = Painted()
    chart = window.chart.plots["pq"].viewport()
    app.installEventFilter(painted)

    def wait_painted(start: float) -> float:
        """When the window's repaint that drew the new figures ended: event-loop passes
        run until two in a row paint nothing (the repaint may come in the pass that
        showed the figures, which has then already ended)."""
        end = last_paint_end(app, lambda: painted.count)
        assert painted.at > start, "the chart was not repainted"
        return end

    out: dict = {"n": n}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.csv"
        write_csv(path, n)
        start = time.perf_counter()
        assert window.files.import_csv(path, ask_first=False)
        if window.busy:
            wait_refreshed()
        out["import_s"] = time.perf_counter() - start
    model = window.table.model
    index = model.index(n // 2, P_ENTRY)
    times = []
    for k in range(edits + 2):
        start = time.perf_counter()
        assert model.setData(index, f"{0.001 + k * 1e-4:.4f}")
        wait_refreshed()
        times.append(wait_painted(start) - start)
    assert window.document.known_result() is not None and not window.busy
    out["edit_ms"] = statistics.median(times[2:]) * 1000
    out["resident_mb"] = resident_mb()
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    window.files.maybe_discard = lambda: True
    window.close()
    return out


def run_child(n: int, edits: int) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": HOME, "XDG_DATA_HOME": HOME}  # not the user's settings
    done = subprocess.run([sys.executable, __file__, "--child", str(n), "--edits", str(edits)],
                          env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"n={n} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=15)
    parser.add_argument("--startup-runs", type=int, default=9)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.edits)))
        return

    rows = [run_child(n, args.edits) for n in SIZES]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_startup import median_first_frames
    b, a = median_first_frames(args.startup_runs)

    print(f"The window offscreen, 1280x720; edits: median of {args.edits}\n")
    print("| outcomes | edit → repaint | goal | resident after | peak |")
    print("|---:|---:|---:|---:|---:|")
    for r in rows:
        goal = "≤ 100 ms" if r["n"] > 100_000 else "≤ 16 ms"
        print(f"| {r['n']:,} | {r['edit_ms']:.1f} ms | {goal} | {r['resident_mb']:.0f} MB "
              f"| {r['peak_mb']:.0f} MB |")
    big = rows[-1]
    print("\n| measure | value | goal |\n|---|---:|---:|")
    print(f"| import {big['n']:,} rows to figures | {big['import_s']:.2f} s | ≤ 3 s |")
    print(f"| resident at {big['n']:,} outcomes | {big['resident_mb']:.0f} MB | ≤ 400 MB |")
    print(f"| start-up, first frame (bare window {b * 1000:.0f} ms) | {a * 1000:.0f} ms = "
          f"{a / b:.2f}× bare | ≤ 1.5× |")


if __name__ == "__main__":
    main()
