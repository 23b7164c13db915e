"""Several models at scale: edit latency, ranking and matrix times, memory, in one run.

    python benchmarks/bench_many.py                 # everything (a few minutes)
    python benchmarks/bench_many.py --quick         # 1e4 and 1e5 outcomes, few edits

Each part runs in a fresh process with the real MainWindow offscreen (1280x720); the
document is a reference P and ``--models`` models (random Dirichlet weights, 6 digits)
imported from a CSV through the window, as a person would.

(a) ``--n`` outcomes (1e5): the median time from setting one entry (through the table
    model, as the cell editor does) to the end of the event-loop pass that repainted
    the focus figures, table and charts, for an edit in the reference, in the focus
    model and in another model; then the same with the Models tab (ranking) shown, and
    the time until the ranking page shows the new ranking (sigManyShown). A 1 ms timer
    on the GUI thread notes the longest gap between its ticks while the ranking is
    computed: how long the window was blocked at worst.
(b) The matrix (reference and every model, D(row‖column)) at ``--n`` outcomes: from a
    cold pair cache until the Matrix page shows it, and after one edit in a model, with
    the number of pairs computed (PairCache.misses); also the same job run directly,
    without the window. And that an edit with neither page shown computes no pair.
(c) ``--big`` outcomes (1e6): resident memory after the import and after edits, the
    focus edit latency, and one ranking.
(d) One model: bench_gui.py's edit latency, import and resident memory, against the
    README's latest table (its "now" column), as a ratio.

Goals (issue 20): (a) edit <= 16 ms (median), ranking <= 100 ms, never blocked;
(b) matrix <= 500 ms, off the GUI thread, only while shown, an edit recomputes only the
pairs it touches; (c) resident <= 800 MB, focus edit <= 100 ms; (d) within 10%.
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
HOME = tempfile.mkdtemp(prefix="klgui-bench-")

#: bench_gui.py's figures in README.md's latest table ("now" column, 29 Nov 2026).
README_GUI = {"edit_ms": {10: 18.2, 1_000: 24.6, 100_000: 27.6, 1_000_000: 94.3},
              "import_s": 6.58, "resident_mb": 447.0}


def write_csv(path: Path, n: int, models: int) -> None:
    import numpy as np
    rng = np.random.default_rng(11)
    columns = [rng.dirichlet(np.ones(n)) for _ in range(models + 1)]
    names = ["P"] + [f"Model {k + 1}" for k in range(models)]
    with open(path, "w", encoding="utf-8") as f:
        f.write("word," + ",".join(names) + "\n")
        step = 50_000
        for lo in range(0, n, step):
            block = [c[lo:lo + step] for c in columns]
            f.writelines(f"w{lo + i}," + ",".join(f"{x:.6g}" for x in row) + "\n"
                         for i, row in enumerate(zip(*block)))


def resident_mb() -> float:
    try:
        import psutil
        return psutil.Process().memory_info().rss / 1e6
    except ImportError:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1e3
    return float("nan")


def peak_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def use_own_presets() -> None:
    """Read this tree's examples: an editable install may map klgui.resources to another
    checkout, whose examples this tree's code may not read."""
    own = ROOT / "resources" / "presets"
    if own.is_dir():
        from klgui.io.presets import list_presets
        from klgui.ui.shell import main_window
        main_window.list_presets = lambda: list_presets(own)


def part_gui(n: int, models: int, count: int) -> dict:
    """(d): bench_gui.py's own measurement of one size (its child, in this process)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_gui
    use_own_presets()
    return bench_gui.child(n, count)


class Harness:
    """A window of ``n`` outcomes and ``models`` models, and ways to time it."""

    def __init__(self, n: int, models: int) -> None:
        from PySide6.QtCore import QEvent, QObject, Qt, QTimer
        from PySide6.QtWidgets import QApplication, QWidget

        self.app = app = QApplication([])
        from klgui.ui.shell.main_window import MainWindow
        use_own_presets()

        self.window = window = MainWindow()
        window.resize(1280, 720)
        window.show()
        app.processEvents()
        self.n = n
        self.count = 0

        class Paints(QObject):
            """Counts paints, but not those of the ranking and matrix pages (which
            come with the ranking, not with the figures)."""
            count = 0

            def eventFilter(self, obj, event) -> bool:
                if (event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                        and not window.models.isAncestorOf(obj)):
                    self.count += 1
                return False
        self.paints = Paints()
        app.installEventFilter(self.paints)

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

        self.refreshed_at = self.many_at = 0.0
        window.sigRefreshed.connect(lambda: setattr(self, "refreshed_at", time.perf_counter()))
        window.sigManyShown.connect(lambda: setattr(self, "many_at", time.perf_counter()))

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "data.csv"
            write_csv(path, n, models)
            start = time.perf_counter()
            assert window.files.import_csv(path, ask_first=False)
            self.wait(lambda: not window.busy)
            self.import_s = time.perf_counter() - start
        doc = window.document
        assert len(doc.model_ids) == models, doc.names()
        self.other = next((c for c in doc.model_ids if c != doc.focus_id), None)

    # -- waiting -------------------------------------------------------------------
    def wait(self, done, limit: float = 300.0) -> None:
        """Run the event loop until ``done()`` (checked when the window shows something
        and every 20 ms), without polling: a busy loop would take the GIL from the
        worker threads it waits for."""
        from PySide6.QtCore import QEventLoop, QTimer
        if done():
            return
        loop, start = QEventLoop(), time.perf_counter()

        def check() -> None:
            if done():
                loop.quit()
            elif time.perf_counter() - start > limit:
                loop.quit()
        timer = QTimer()
        timer.setInterval(20)
        timer.timeout.connect(check)
        timer.start()
        w = self.window
        w.sigRefreshed.connect(check)
        w.sigManyShown.connect(check)
        loop.exec()
        timer.stop()
        w.sigRefreshed.disconnect(check)
        w.sigManyShown.disconnect(check)
        if not done():
            raise TimeoutError("the window did not get there")

    def wait_repaint(self) -> float:
        """When the event-loop pass that painted last ended (settle.last_paint_end)."""
        return last_paint_end(self.app, lambda: self.paints.count)

    # -- editing -------------------------------------------------------------------
    def edit(self, which: str | int, k: int) -> None:
        """Set an entry near the middle to a value it never had (every edit changes)."""
        self.count += 1
        doc = self.window.document
        column = doc.column_id(which)
        model = self.window.table.model
        index = model.index(self.n // 2 + k % 7, doc.field_of(column))
        assert model.setData(index, f"{0.001 + self.count * 1e-6:.6f}")

    def edits(self, which, count: int, ranking: bool = False) -> dict:
        """Median edit -> repaint (ms); with ``ranking`` also edit -> ranking shown and
        the longest GUI-thread gap while it was computed."""
        repaint, many, gaps = [], [], []
        for k in range(count + 2):
            self.refreshed_at = self.many_at = 0.0
            self.ticks.clear()
            if ranking:
                self.timer.start()
            start = time.perf_counter()
            self.edit(which, k)
            self.wait(lambda: self.refreshed_at > 0)
            repaint.append(self.wait_repaint() - start)
            if ranking:
                self.wait(lambda: self.many_at > 0 and self.window.results.many_current)
                many.append(self.many_at - start)
                t = [x for x in self.ticks if x >= self.refreshed_at] + [self.many_at]
                gaps.append(max((b - a for a, b in zip(t, t[1:])), default=0.0))
            self.timer.stop()
        out = {"repaint_ms": statistics.median(repaint[2:]) * 1e3}
        if ranking:
            out["ranking_ms"] = statistics.median(many[2:]) * 1e3
            out["ranking_max_ms"] = max(many[2:]) * 1e3
            out["gap_ms"] = max(gaps[2:]) * 1e3
        return out

    def show_and_wait(self, page, matrix: bool) -> dict:
        """Show ``page`` and time until the ranking (and matrix) is shown."""
        results = self.window.results
        self.many_at = 0.0
        self.ticks.clear()
        self.timer.start()
        misses = results._cache.misses
        start = time.perf_counter()
        self.window.show_page(page)
        self.wait(lambda: self.many_at > 0 and results.many_current
                  and (not matrix or results.many.matrix is not None))
        took = self.many_at - start
        t = self.ticks + [self.many_at]
        self.timer.stop()
        return {"ms": took * 1e3, "pairs": results._cache.misses - misses,
                "gap_ms": max((b - a for a, b in zip(t, t[1:])), default=0.0) * 1e3}

    def close(self) -> None:
        self.window.files.maybe_discard = lambda: True
        self.window.close()


def part_many(n: int, models: int, count: int) -> dict:
    """(a) and (b)."""
    from klgui.core.numerics.pair_cache import PairCache

    h = Harness(n, models)
    w, results = h.window, h.window.results
    out: dict = {"n": n, "models": models, "import_s": h.import_s}
    for name, which in (("reference", "P"), ("focus", "Q"), ("other", h.other)):
        out[f"figures_{name}"] = h.edits(which, count)
    # With neither page shown, an edit computes no pair.
    misses = results._cache.misses
    h.edits("Q", 1)
    h.wait(lambda: not results.many_worker.busy)
    out["pairs_while_hidden"] = results._cache.misses - misses
    out["ranking_cold"] = h.show_and_wait(w.ranking, matrix=False)
    for name, which in (("reference", "P"), ("focus", "Q"), ("other", h.other)):
        out[f"ranking_{name}"] = h.edits(which, count, ranking=True)
    results._cache.clear()
    out["matrix_cold"] = h.show_and_wait(w.matrix, matrix=True)
    misses = results._cache.misses
    h.many_at = 0.0
    start = time.perf_counter()
    h.edit(h.other, 99)
    h.wait(lambda: h.many_at > 0 and results.many_current and results.many.matrix is not None)
    out["matrix_edit"] = {"ms": (h.many_at - start) * 1e3,
                          "pairs": results._cache.misses - misses}
    # The same matrix job without the window (GUI thread, nothing else running).
    h.wait(lambda: not results.many_worker.busy)
    job = w.document.many_job("kl", PairCache())
    start = time.perf_counter()
    job.run()
    out["matrix_direct_ms"] = (time.perf_counter() - start) * 1e3
    h.close()
    return out


def part_big(n: int, models: int, count: int) -> dict:
    """(c)."""
    h = Harness(n, models)
    out: dict = {"n": n, "models": models, "import_s": h.import_s,
                 "resident_loaded_mb": resident_mb()}
    out["focus"] = h.edits("Q", count)
    out["reference"] = h.edits("P", max(1, count // 2))
    out["resident_edited_mb"] = resident_mb()
    out["ranking_cold"] = h.show_and_wait(h.window.ranking, matrix=False)
    out["resident_ranked_mb"] = resident_mb()
    out["peak_mb"] = peak_mb()
    h.close()
    return out


def run_child(part: str, n: int, models: int, count: int) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": HOME, "XDG_DATA_HOME": HOME}
    done = subprocess.run([sys.executable, __file__, "--child", part, "--n", str(n),
                           "--models", str(models), "--edits", str(count)],
                          env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{part} n={n} failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def yes(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(a: dict, c: dict | None, d: list[dict] | None, edits: int) -> None:
    k, n = a["models"], a["n"]
    print(f"The window offscreen, 1280x720; reference + {k} models; edits: median of "
          f"{edits} after two untimed ones\n")
    print(f"| {k} models × {n:,} outcomes | edit → repaint | edit → ranking shown "
          f"(median / worst) | longest GUI gap | goal |")
    print("|---|---:|---:|---:|---|")
    for name in ("reference", "focus", "other"):
        f, r = a[f"figures_{name}"], a[f"ranking_{name}"]
        print(f"| edit in the {name} model, Figures tab | {f['repaint_ms']:.1f} ms | – | – "
              f"| ≤ 16 ms: {yes(f['repaint_ms'] <= 16)} |".replace("the reference model",
                                                                  "the reference"))
        print(f"| edit in the {name} model, Models tab | {r['repaint_ms']:.1f} ms | "
              f"{r['ranking_ms']:.0f} / {r['ranking_max_ms']:.0f} ms | {r['gap_ms']:.0f} ms "
              f"| ≤ 16 ms, ≤ 100 ms: {yes(r['repaint_ms'] <= 16 and r['ranking_ms'] <= 100)} |"
              .replace("the reference model", "the reference"))
    rc = a["ranking_cold"]
    print(f"| Models tab opened (cold) | – | {rc['ms']:.0f} ms, {rc['pairs']} pairs "
          f"| {rc['gap_ms']:.0f} ms | |")
    mc, me = a["matrix_cold"], a["matrix_edit"]
    m = k + 1
    print(f"\n| {m}×{m} matrix, {n:,} outcomes | time to shown | pairs computed | goal |")
    print("|---|---:|---:|---|")
    print(f"| Matrix page opened, cold cache | {mc['ms']:.0f} ms (longest GUI gap "
          f"{mc['gap_ms']:.0f} ms) | {mc['pairs']} | ≤ 500 ms: {yes(mc['ms'] <= 500)} |")
    print(f"| after one edit in a model | {me['ms']:.0f} ms | {me['pairs']} "
          f"| only the {m - 1} pairs it is in: {yes(me['pairs'] <= m - 1)} |")
    print(f"| the same job run directly, cold | {a['matrix_direct_ms']:.0f} ms | "
          f"{m * (m - 1) // 2} | |")
    print(f"| an edit with neither page shown | – | {a['pairs_while_hidden']} "
          f"| 0: {yes(a['pairs_while_hidden'] == 0)} |")
    if c is not None:
        print(f"\n| {c['models']} models × {c['n']:,} outcomes | value | goal |")
        print("|---|---:|---|")
        print(f"| import to figures | {c['import_s']:.1f} s | |")
        print(f"| resident after import | {c['resident_loaded_mb']:.0f} MB | ≤ 800 MB: "
              f"{yes(c['resident_loaded_mb'] <= 800)} |")
        print(f"| focus edit → repaint | {c['focus']['repaint_ms']:.0f} ms | ≤ 100 ms: "
              f"{yes(c['focus']['repaint_ms'] <= 100)} |")
        print(f"| reference edit → repaint | {c['reference']['repaint_ms']:.0f} ms | |")
        print(f"| resident after the edits | {c['resident_edited_mb']:.0f} MB | ≤ 800 MB: "
              f"{yes(c['resident_edited_mb'] <= 800)} |")
        print(f"| Models tab opened: ranking shown | {c['ranking_cold']['ms']:.0f} ms | |")
        print(f"| resident after the ranking | {c['resident_ranked_mb']:.0f} MB | ≤ 800 MB: "
              f"{yes(c['resident_ranked_mb'] <= 800)} |")
        print(f"| peak (ru_maxrss) | {c['peak_mb']:.0f} MB | |")
    if d:
        print("\n| one model (bench_gui.py) | README | now | ratio | goal ≤ 1.10 |")
        print("|---|---:|---:|---:|---|")
        for r in d:
            was = README_GUI["edit_ms"].get(r["n"])
            if was:
                q = r["edit_ms"] / was
                print(f"| edit → repaint, {r['n']:,} outcomes | {was:.1f} ms | "
                      f"{r['edit_ms']:.1f} ms | {q:.2f} | {yes(q <= 1.10)} |")
        big = max(d, key=lambda r: r["n"])
        if big["n"] == 1_000_000:
            for key, name, unit in (("import_s", "import 1,000,000 rows", "s"),
                                    ("resident_mb", "resident at 1,000,000", "MB")):
                q = big[key] / README_GUI[key]
                print(f"| {name} | {README_GUI[key]:g} {unit} | {big[key]:.3g} {unit} | "
                      f"{q:.2f} | {yes(q <= 1.10)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="outcomes for (a), (b)")
    parser.add_argument("--big", type=int, default=1_000_000, help="outcomes for (c); 0: skip")
    parser.add_argument("--models", type=int, default=8)
    parser.add_argument("--edits", type=int, default=15)
    parser.add_argument("--one-model", default="10,1000,100000,1000000",
                        help="sizes for (d), comma-separated; empty: skip")
    parser.add_argument("--quick", action="store_true",
                        help="--n 10000 --big 100000 --edits 5 --one-model 1000")
    parser.add_argument("--keep", type=Path,
                        help="a JSON file keeping each part's figures: parts already in it "
                             "are not run again (delete it to measure afresh)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.n, args.big, args.edits, args.one_model = 10_000, 100_000, 5, "1000"
    if args.child is not None:
        part = {"many": part_many, "big": part_big, "gui": part_gui}[args.child]
        print(json.dumps(part(args.n, args.models, args.edits)))
        return
    kept = json.loads(args.keep.read_text()) if args.keep and args.keep.exists() else {}

    def measured(part: str, n: int, count: int) -> dict:
        key = f"{part} {n} {args.models} {count}"
        if key not in kept:
            kept[key] = run_child(part, n, args.models, count)
            if args.keep:
                args.keep.write_text(json.dumps(kept, indent=1))
        return kept[key]

    a = measured("many", args.n, args.edits)
    c = measured("big", args.big, max(3, args.edits // 3)) if args.big else None
    d = [measured("gui", int(s), args.edits) for s in args.one_model.split(",") if s]
    report(a, c, d, args.edits)


if __name__ == "__main__":
    main()
