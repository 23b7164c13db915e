"""Start-up to first frame: the app against a bare PySide6 + pyqtgraph window.

    python benchmarks/bench_startup.py [--runs 15]

Each run is a fresh process on the offscreen platform; the time is from spawning it
to the moment its main window receives its first paint event (the child then exits
at once, so teardown is not counted). The two kinds run alternately so machine noise
hits both alike, and the medians are compared. Goal (issue 3): the app within 1.5x
of the bare window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Exit at the first paint inside a main window; shared by both children.
_HOOK = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
app = QApplication(sys.argv[:1])
class FirstFrame(QObject):
    def eventFilter(self, obj, event):
        if (event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                and isinstance(obj.window(), QMainWindow)):
            print("frame", flush=True)
            os._exit(0)
        return False
hook = FirstFrame()
app.installEventFilter(hook)
"""

BARE = _HOOK + """
import pyqtgraph as pg
window = QMainWindow()
window.setCentralWidget(pg.PlotWidget())
window.resize(1280, 720)
window.show()
app.exec()
"""

APP = _HOOK + """
from klgui.app import main
main([])
"""


#: A throwaway home for the measured app's settings, autosaves and log.
HOME = tempfile.mkdtemp(prefix="klgui-bench-")


def first_frame_seconds(code: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": HOME, "XDG_DATA_HOME": HOME}  # not the user's settings
    # Bytecode as an installed app has it (pip compiles it on install; the warm-up run
    # writes it here). Where writing it is turned off (PYTHONDONTWRITEBYTECODE=1, as on
    # the machine of the README's figures), every run would compile the app's sixty
    # modules again, about 70 ms that no installed copy spends.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60)
    elapsed = time.perf_counter() - start
    if "frame" not in out.stdout:
        raise RuntimeError(f"no first frame: {out.stderr[-500:]}")
    return elapsed


def median_first_frames(runs: int) -> tuple[float, float]:
    """Median first-frame seconds of the bare window and of the app, alternating."""
    first_frame_seconds(BARE), first_frame_seconds(APP)  # warm the file cache, bytecode
    bare, app = [], []
    for _ in range(runs):
        bare.append(first_frame_seconds(BARE))
        app.append(first_frame_seconds(APP))
    return statistics.median(bare), statistics.median(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    b, a = median_first_frames(args.runs)
    print(f"Start-up to first frame, offscreen, median of {args.runs} alternating runs\n")
    print("| window | first frame | vs bare |")
    print("|---|---:|---:|")
    print(f"| bare PySide6 + pyqtgraph | {b * 1000:.0f} ms | 1.00× |")
    print(f"| KL Divergence Explorer | {a * 1000:.0f} ms | {a / b:.2f}× |")
    print(f"\nGoal: ≤ 1.5× the bare window — {'met' if a / b <= 1.5 else 'NOT met'}.")


if __name__ == "__main__":
    main()
