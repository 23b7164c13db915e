"""A family slider's step in the real window: refill the column, compare, repaint.

    python benchmarks/bench_slider.py               # 1e4 and 1e5 outcomes
    python benchmarks/bench_slider.py --n 10000     # one size

The window (offscreen, 1280x720) holds outcomes 0…n−1, the reference P a discretized
Normal(n/2, n/8) and the model in focus Q a Normal(n/2, n/6), each a family column with
its sliders under the chart. One step is what dragging Q's μ slider by one position
does: FamilyControls' ``specChanging`` with the new μ, through Edits.set_families (one
gesture) and the document, to the end of the event-loop pass that repainted the
figures, the table and the chart. Median of ``--steps`` steps, each in a fresh process
per size.

Goal (issue 21): a slider step ≤ 16 ms (median) at 1e4 outcomes and ≤ 33 ms at 1e5.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from settle import last_paint_end  # beside this file

ROOT = Path(__file__).resolve().parents[1]
GOALS = {10_000: 16.0, 100_000: 33.0}


def measure(n: int, steps: int) -> dict:
    """Median and worst step (ms) at ``n`` outcomes, and where one step's time goes."""
    import os
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="klgui-bench-")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from klgui.core.families import Normal
    from klgui.model.snapshot import DistributionSpec
    from klgui.ui.shell.main_window import MainWindow

    app = QApplication([])
    window = MainWindow()
    window.resize(1280, 720)
    window.show()
    doc = window.document
    labels = [str(k) for k in range(n)]
    doc.load_columns(labels, [DistributionSpec("P", "reference", ("1",) * n),
                              DistributionSpec("Q", "model", ("1",) * n)])
    window.edits.set_family("P", Normal(n / 2, n / 8))
    window.edits.set_family("Q", Normal(n / 2, n / 6))
    app.processEvents()
    _, controls = window.family_panel.controls["Q"]

    class Paints(QObject):
        count = 0

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                self.count += 1
            return False
    paints = Paints()
    app.installEventFilter(paints)

    def repainted() -> float:
        """When the last event-loop pass that painted ended (settle.last_paint_end)."""
        return last_paint_end(app, lambda: paints.count)

    times = []
    for k in range(steps + 2):
        spec = {"name": "normal", "mean": n / 2 + (k + 1) * n / 1000, "sd": n / 6}
        start = time.perf_counter()
        controls.specChanging.emit(spec)
        times.append(repainted() - start)
        assert doc.family_of("Q").mean == spec["mean"]
    controls.specChanged.emit(spec)
    app.processEvents()
    assert window.undo_stack.undoText().startswith("Set Q to Normal"), "one gesture, one step"
    ms = [t * 1e3 for t in times[2:]]
    return {"n": n, "median_ms": statistics.median(ms), "worst_ms": max(ms)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, action="append", help="outcomes (repeatable)")
    parser.add_argument("--steps", type=int, default=15)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.steps)))
        return
    rows = []
    for n in args.n or list(GOALS):
        out = subprocess.run([sys.executable, __file__, "--child", str(n), "--steps",
                              str(args.steps)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print("| outcomes | slider step, median | worst | goal |")
    print("|---:|---:|---:|---|")
    for r in rows:
        goal = GOALS.get(r["n"])
        verdict = "" if goal is None else \
            f"≤ {goal:g} ms: {'met' if r['median_ms'] <= goal else '**missed**'}"
        print(f"| {r['n']:,} | {r['median_ms']:.1f} ms | {r['worst_ms']:.1f} ms | {verdict} |")


if __name__ == "__main__":
    main()
