"""The soak: thousands of random actions on the real window, every figure checked after
each one against an independent 50-digit evaluation of the entries (issue 19).

    python benchmarks/soak.py --actions 20000 --seed 1
    python benchmarks/soak.py --quick             # about 300 actions
    python benchmarks/soak.py --actions 150 --seed 19 --prologue   # the suite's soak

``--prologue`` begins with 12 scripted actions, one of each kind the random mix found
wrong on 29 Nov 2026 (the subnormal pair in a fresh window, an entry below the double
range, a probability that underflows when normalized, additive smoothing of an all-zero
P, Ctrl+Y), so that a short soak meets each of them.

A parent process runs the soak in a child (offscreen, settings and data folders in a
temporary directory) and watches it: the child writes each action to a log file before
doing it, flushing each line, so when the child dies (a segfault) or stops moving (a
hang, no new line for ``--hang-timeout`` seconds) the parent names the last action, and
starts a fresh child to go on with the remaining actions (``--stop-at-crash`` to stop
instead). Each restart counts as one crash.

What the child does, in random order with a seeded generator: typing entries and labels
through the table's cell editor as a person does (F2 or type-over, then Enter, Escape or
Tab), valid and hostile texts (``1e-323``, ``1e400``, ``-0``, ``nan``, ``٣``, ``½``,
``1,5``, 10,000-character strings, ...); adding, inserting, removing and moving outcomes;
pasting tab-separated blocks through the clipboard and the table's paste action (Ctrl+V
or the menu); Delete; copy; undo/redo bursts (the actions and Ctrl+Z / Ctrl+Shift+Z /
Ctrl+Y); examples from the Examples menu; saving and reopening sessions and importing
generated CSV files (the file dialogs answer with paths in the temporary directory, the
unsaved-changes question with Save, Discard or Cancel at random, the import dialogs
with their default or Cancel); exporting the summary; every chart mode (direction, signed
or non-negative terms, the P and Q tab), the result pages, unit and digits,
auto-normalize and *Normalize entries*, smoothing (additive or floor, on P and Q or Q
only, with typed amounts good and bad), New, window sizes; and the subnormal pair
``P = 1, 1e-323; Q = 1, 3e-323`` that crashed the chart.

The window computes off its thread from 100 outcomes here (the app's threshold is
200,000), so the worker thread and its hand-back are soaked with documents the oracle
can afford.

After every action the child processes events until the window shows the result of the
document's current revision (waiting on ``sigRefreshed`` when the worker computes),
then compares D(P‖Q), D(Q‖P), H(P), H(Q), total variation and Hellinger shown on the
Figures page, and the normalized p and q of the result the window holds, with
``exact_figures.expected`` (mpmath, 50 digits, from the entries as typed; relative 1e-12
or absolute 1e-15; ∞ where due; no figure where none is due). Smoothing is applied the
documented way in the oracle too. A check is *unchecked* (counted, not failed) when an
entry is text the oracle's grammar does not read, or a sum sits at the edge of the
normalization tolerance.

Crashes are exceptions that reach the app's crash reporter (installed as in the app;
its dialog replaced by a counter) and child processes that die or hang.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PAGE = os.sysconf("SC_PAGE_SIZE")
RSS_EVERY = 100  # in the log; the summary prints every 1,000th
PROLOGUE_STEPS = 12  # len(Soak.prologue()), checked in Soak.run
MAX_ROWS = 400  # beyond this the soak shrinks the document (the oracle's cost)


def rss_mb() -> float:
    """Current resident set size of this process, in MB (/proc/self/statm)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 1e6


# -- what a person might type ----------------------------------------------------
HOSTILE_ENTRIES = [
    "1e-323", "3e-323", "5e-324", "1e-310", "2.2250738585072014e-308", "1e308",
    "1.7976931348623157e308", "1e400", "1e-400", "1e-349", "-0", "+0", "-0.0", "nan",
    "NaN", "inf", "-inf", "∞", "٣", "١٢", "½", "¼", "1⁄3", "1e−3", "１", "1,5", "1,000",
    "0,25", "-1", "−2", "1/0", "0/0", "1e400/1e399", "1e5000/1", "1/1e5000", "3/1e-320",
    "abc", "", " ", "1 000", "1_000", "0x10", "1e", "e5", ".", "%", "50 %", "150%",
    "\u200b1", "1\u00a0000", "=1+1", "'0.5", "0." + "3" * 300, "1" + "0" * 300,
    "1" + "0" * 310, "0" * 10_000 + "1", "9" * 10_000, "x" * 10_000, "1/" + "7" * 400,
    "2e-3", "+3", " 7 ", ".5", "5.", "00", "0.0",
]
LABELS = ["heads", "tails", "", "  ", "=HYPERLINK(\"x\")", "@SUM(A1)", "+1", "-1",
          "a\"b", "🎲", "مرحبا", "x" * 300, "outcome 1", "outcome 2", "ñandú", "\u202etxt",
          "tab\there", "0.5", "heads"]


def ordinary_entry(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return f"{rng.random():.{rng.randint(1, 17)}g}"
    if kind < 0.55:
        return str(rng.randint(0, 1000))
    if kind < 0.65:
        return f"{rng.randint(0, 20)}/{rng.randint(1, 20)}"
    if kind < 0.75:
        return f"{rng.uniform(0, 100):.{rng.randint(0, 4)}f}%"
    if kind < 0.85:
        return f"{rng.uniform(1, 9):.3g}e{rng.randint(-30, 30)}"
    if kind < 0.92:
        return "0"
    return rng.choice(["0.8", "0.2", "0.6", "0.4", "1/3", "2/3", "0.5"])


def entry_text(rng: random.Random) -> str:
    return rng.choice(HOSTILE_ENTRIES) if rng.random() < 0.3 else ordinary_entry(rng)


def label_text(rng: random.Random) -> str:
    return rng.choice(LABELS) if rng.random() < 0.5 else f"o{rng.randint(1, 9999)}"


# -- the child: the window and its checks -----------------------------------------
class Soak:
    def __init__(self, seed: int, workdir: Path, log, first: int) -> None:
        sys.path.insert(0, str(ROOT))
        sys.path.insert(0, str(HERE))
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.app.setApplicationName("KL Divergence Explorer")
        self.app.setOrganizationName("klgui")
        self.rng = random.Random(seed)
        self.workdir = workdir
        self.log = log
        self.index = first
        self.saved: list[Path] = []
        self.csvs: list[Path] = []
        self.files = 0
        self.messages: list[str] = []  # warnings the window showed

        def on_qt_message(kind, context, message) -> None:
            if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
                self.event("QTWARN", message[:200])
        qInstallMessageHandler(on_qt_message)
        self._patch_dialogs()
        self._build_window()

    # -- set-up --------------------------------------------------------------------
    def _patch_dialogs(self) -> None:
        from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

        from klgui.ui.files import import_dialogs

        rng, B = self.rng, QMessageBox.StandardButton
        soak = self

        def question(parent, title, text, *args, **kwargs):
            if "Replace" in title:
                return rng.choice([B.Yes, B.No])
            if "Detach" in title:  # typing into a column filled from a family
                return rng.choices([B.Yes, B.No], [4, 1])[0]
            return rng.choices([B.Discard, B.Save, B.Cancel], [6, 2, 1])[0]

        def warning(parent, title, text, *args, **kwargs):
            soak.messages.append(text)
            return B.Ok

        def save_path(*args, **kwargs):
            if soak.next_save is not None:
                return (str(soak.next_save), "")
            soak.files += 1
            return (str(soak.workdir / f"saved-{soak.files}.kld.json"), "")

        def open_path(*args, **kwargs):
            return (str(soak.next_open), "") if soak.next_open else ("", "")

        def box_exec(box):  # the import questions: a button at random, sometimes Cancel
            buttons = box.buttons()
            if buttons:
                rng.choice(buttons).click()
            return 0

        def dialog_exec(dialog):
            from PySide6.QtWidgets import QDialogButtonBox
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            if ok.isEnabled() and rng.random() < 0.85:
                return QDialog.DialogCode.Accepted
            return QDialog.DialogCode.Rejected

        QMessageBox.question = question
        QMessageBox.warning = warning
        QMessageBox.information = warning
        QMessageBox.critical = warning
        QMessageBox.exec = box_exec
        QFileDialog.getSaveFileName = save_path
        QFileDialog.getOpenFileName = open_path
        def target_exec(dialog):  # reference, a model or a new model, sometimes Cancel
            dialog.target.setCurrentIndex(rng.randrange(dialog.target.count()))
            return QDialog.DialogCode.Accepted if rng.random() < 0.85 else \
                QDialog.DialogCode.Rejected

        import_dialogs.ColumnDialog.exec = dialog_exec
        import_dialogs.RolesDialog.exec = dialog_exec
        import_dialogs.TargetDialog.exec = target_exec
        self.next_open: Path | None = None
        self.next_save: Path | None = None

    def _build_window(self) -> None:
        from klgui.ui.shell.crash_reporter import CrashReporter
        from klgui.ui.shell.main_window import MainWindow

        self.window = w = MainWindow()
        # soak the worker thread with documents the oracle can afford
        w.results.off_thread_from = 100
        w.resize(1280, 720)
        w.show()
        w.activateWindow()
        self.reporter = CrashReporter(self.workdir, self.app)

        def bug(error, details) -> None:
            frames = [x.strip() for x in details.splitlines() if x.strip().startswith("File ")]
            where = frames[-1][:200] if frames else ""
            self.event("CRASH", f"{type(error).__name__}: {str(error)[:300]} | {where}")
            self.log.write(details)
        self.reporter._show = bug
        self.reporter.install()
        self.action = "start"
        self.settle()

    def event(self, kind: str, text: str) -> None:
        """One line of the log: kind, action number, text (tab-separated), flushed at
        once so that it survives a crash. The parent counts everything from the log."""
        text = text.replace("\n", " ")
        self.log.write(f"{kind}\t{self.index}\t{text}\n")
        self.log.flush()

    # -- waiting ---------------------------------------------------------------------
    def settle(self) -> bool:
        """Process events until the window shows the document's current revision;
        when the worker computes, wait for its signal (bounded)."""
        from PySide6.QtCore import QEventLoop, QTimer

        w = self.window
        for _ in range(200):
            self.app.processEvents()
            if not w.results._timer.isActive() and not w.busy:
                return True
            if w.results.worker.busy:
                loop = QEventLoop()
                w.sigRefreshed.connect(loop.quit)
                w.results.worker.sigFinished.connect(loop.quit)
                w.results.worker.sigFailed.connect(loop.quit)
                QTimer.singleShot(60_000, loop.quit)  # a guard, not a pace: a hang ends here
                loop.exec()
                worker = w.results.worker
                for sig in (w.sigRefreshed, worker.sigFinished, worker.sigFailed):
                    sig.disconnect(loop.quit)
        return False

    # -- checking --------------------------------------------------------------------
    def check(self) -> None:
        from exact_figures import FIGURES, expected

        w = self.window
        doc = w.document
        if not self.settle():
            self.event("NOTSHOWN", "")
            self.mismatch("the window never showed the current revision "
                          f"(shown {w._shown_revision}, document {doc.revision})")
            return
        for _ in range(2):  # paint now (twice: the first paint may ask for another, with
            w.repaint()     # the axes resized), so a crash in painting is blamed on this
            self.app.processEvents()  # action and not on the next one
        result = doc.known_result()
        if result is None or w.chart._result is not result:
            self.mismatch("the chart does not show the current result")
            return
        s = doc.smoothing
        smoothing = None if s is None else (s.method, s.amount, s.apply_to)
        p_texts, q_texts = list(doc.texts("P")), list(doc.texts("Q"))
        try:
            want = expected(p_texts, q_texts, doc.unit, doc.auto_normalize, smoothing)
        except ValueError as e:
            self.mismatch(f"the document holds what is not a weight: {e}")
            return
        if isinstance(want, str):
            self.event("UNCHECKED", want.split(":")[0])
            return
        self.event("CHECKED", "")
        shown = {name: w.panel.figures[name].value for name in FIGURES}
        problem = self._compare(result, shown, want)
        if problem is None:
            return
        # Would the doubles nearest the entries explain it (1e-323 read as 9.88e-324)?
        as_doubles = expected(p_texts, q_texts, doc.unit, doc.auto_normalize, smoothing,
                              doubles=True)
        if isinstance(as_doubles, str) or self._compare(result, shown, as_doubles) is not None:
            self.mismatch(problem)
        else:
            self.mismatch(problem, doubles_explain=True)

    @staticmethod
    def _compare(result, shown: dict, want) -> str | None:
        """What differs between the window and ``want``, or None."""
        from exact_figures import FIGURES, close, close_probability

        c = result.comparison
        if want.error is not None:
            if c is not None or any(v is not None for v in shown.values()):
                return (f"no figure is due ({want.error}) but the window shows "
                        f"D(P‖Q) = {shown['kl_pq']!r}")
            return None
        if c is None:
            return (f"figures are due (D(P‖Q) = {want.figures['kl_pq']!r}) but the "
                    f"window shows none: {result.error}")
        bad = [f"{name}: shown {shown[name]!r}, due {want.figures[name]!r}"
               for name in FIGURES if not close(shown[name], want.figures[name])]
        for which, got, due in (("p", c.p, want.p), ("q", c.q, want.q)):
            if len(got) != len(due):
                bad.append(f"{which} has {len(got)} outcomes, the document {len(due)}")
                continue
            wrong = [i for i in range(len(due)) if not close_probability(float(got[i]), due[i])]
            if wrong:
                i = wrong[0]
                bad.append(f"{which}[{i}] = {float(got[i])!r}, due {float(due[i])!r} "
                           f"({len(wrong)} outcomes off)")
        return "; ".join(bad) if bad else None

    def mismatch(self, what: str, doubles_explain: bool = False) -> None:
        """Count a mismatch. ``doubles_explain``: the figures are right for the doubles
        nearest the entries, wrong for the entries' values (an entry below the double
        range, or a subnormal that rounds)."""
        doc = self.window.document
        entries = ", ".join(f"{doc.texts('P')[i][:12]}|{doc.texts('Q')[i][:12]}"
                            for i in range(min(doc.n, 4)))
        state = (f"n={doc.n}, {doc.unit}, normalize={doc.auto_normalize}, "
                 f"smoothing={doc.smoothing}, entries {entries}{' …' if doc.n > 4 else ''}")
        kind = "MISMATCH-DOUBLES" if doubles_explain else "MISMATCH"
        self.event(kind, f"{what}\t[{state}]")

    # -- running ---------------------------------------------------------------------
    def run(self, count: int, prologue_from: int = -1) -> None:
        """``count`` actions: the scripted ones of :meth:`prologue` from step
        ``prologue_from`` on (none if -1), then random ones."""
        actions = [(22, self.type_entry), (7, self.rename), (10, self.rows),
                   (8, self.paste), (5, self.delete), (12, self.undo_redo), (4, self.example),
                   (3, self.save), (3, self.open_session), (5, self.import_csv),
                   (6, self.chart_mode), (5, self.unit_digits), (5, self.smoothing),
                   (3, self.normalize), (1, self.new), (3, self.page_or_size),
                   (3, self.subnormal_pair), (2, self.export_summary)]
        weights = [a[0] for a in actions]
        self.event("START", f"{rss_mb():.1f}")
        scripted = self.prologue()
        assert len(scripted) == PROLOGUE_STEPS, "PROLOGUE_STEPS says how many there are"
        scripted = scripted[prologue_from:] if prologue_from >= 0 else []
        for k in range(count):
            self.index += 1
            if k < len(scripted):
                act = scripted[k]
            elif self.window.document.n > MAX_ROWS:
                act = self.shrink
            else:
                act = self.rng.choices(actions, weights)[0][1]
            step = act()
            self.action = step[0]
            self.event("ACTION", self.action)
            try:
                step[1]()
            except Exception as e:  # raised into the soak's own code, not through a slot
                self.event("DRIVER", f"{type(e).__name__}: {str(e)[:300]}")
                self.log.write(traceback.format_exc())
            self.check()
            if self.index % RSS_EVERY == 0:
                self.event("RSS", f"{rss_mb():.1f}")
        self.event("RSS", f"{rss_mb():.1f}")
        self.event("END", "")

    # -- helpers ---------------------------------------------------------------------
    @property
    def view(self):
        return self.window.table.view

    def cell(self, row: int, col: int):
        return self.window.table.model.index(row, col)

    def current(self, row: int, col: int) -> None:
        from PySide6.QtCore import QItemSelectionModel
        self.view.setFocus()
        self.view.selectionModel().setCurrentIndex(
            self.cell(row, col), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def key(self, widget, key, mods=None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        QTest.keyClick(widget, key, mods or Qt.KeyboardModifier.NoModifier)

    def type_text(self, widget, text: str) -> None:
        """Key presses with the text of each character, as a keyboard sends them
        (QTest.keyClicks aborts on characters outside Latin-1: an ASSERT in qasciikey)."""
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication
        for ch in text:
            if ch.isascii() and ch.isprintable():
                QTest.keyClicks(widget, ch)
                continue
            target = QApplication.focusWidget() if widget is self.view else widget
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target or widget, QKeyEvent(
                    kind, 0, Qt.KeyboardModifier.NoModifier, ch))

    def random_row(self) -> int:
        return self.rng.randrange(self.window.document.n)

    # -- actions: each returns (description, what to do) ----------------------------
    def prologue(self) -> list:
        """Scripted actions, each of a kind the random mix found wrong on the code of
        29 Nov 2026, so a short soak meets every one. After a child dies the next one
        goes on with the step after the one that killed it (``run(prologue_from=)``)."""
        from PySide6.QtCore import Qt
        C = Qt.KeyboardModifier.ControlModifier

        def example(title: str):
            def step():
                menu = next(a.menu() for a in self.window.menuBar().actions()
                            if a.text() == "E&xamples")
                action = next(a for a in menu.actions() if title in a.text().lower())
                return f"Examples ▸ {action.text()} (scripted)", action.trigger
            return step

        def edit(row: int, col: int, text: str):
            return lambda: self._edit(row, col, text, "F2", "Enter")

        def smoothing(method: int, amount: str):
            def step():
                sp = self.window.smoothing

                def do() -> None:
                    sp.method.setCurrentIndex(method)
                    sp.target.setCurrentIndex(0)
                    if method:
                        sp.amount.selectAll()
                        self.key(sp.amount, Qt.Key.Key_Backspace)
                        self.type_text(sp.amount, amount)
                return f"smoothing method {method}, amount {amount!r} (scripted)", do
            return step

        def keys(*sequence):
            def step():
                def do() -> None:
                    self.view.setFocus()
                    for key, mods in sequence:
                        self.key(self.view, key, mods)
                names = " ".join("Ctrl+" + chr(k) for k, _ in sequence)
                return f"keys {names} (scripted)", do
            return step

        return [self.subnormal_import,        # in a fresh window: kills it every time
                example("coin"),
                edit(1, 2, "1e-349"),          # a weight below the double range
                edit(1, 2, "1e-300"),
                edit(0, 2, "1e300"),           # q = 1e-600 after normalizing: not 0
                example("coin"),
                smoothing(1, "1"),             # additive smoothing on P and Q ...
                edit(0, 1, "0"), edit(1, 1, "0"),  # ... makes P = 0, 0 comparable
                smoothing(0, ""),
                keys((Qt.Key.Key_Z, C), (Qt.Key.Key_Z, C), (Qt.Key.Key_Y, C)),  # redo
                self.subnormal_paste]

    def subnormal_import(self):
        self.files += 1
        path = self.workdir / f"subnormal-{self.files}.csv"
        path.write_text("outcome,P,Q\na,1,1\nb,1e-323,3e-323\n")
        self.csvs.append(path)

        def do() -> None:
            self.next_open = path
            self.window.files.import_action.trigger()
            self.next_open = None
        return f"import P = 1, 1e-323; Q = 1, 3e-323 ({path.name})", do

    def subnormal_paste(self):
        from PySide6.QtWidgets import QApplication

        def do() -> None:
            QApplication.clipboard().setText("a\t1\t1\nb\t1e-323\t3e-323\n")
            self.current(0, 0)
            self.window.table.paste_action.trigger()
        return "paste P = 1, 1e-323; Q = 1, 3e-323 at row 1", do

    def _edit(self, row: int, col: int, text: str, how: str, finish: str):
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QLineEdit

        def do() -> None:
            if row >= self.window.document.n:
                return
            self.current(row, col)
            if how == "type-over" and text:
                self.type_text(self.view, text[0])
                rest = text[1:]
            else:
                self.key(self.view, Qt.Key.Key_F2)
                rest = text
            editor = QApplication.focusWidget()
            which = self.window.document.which_of(col) if col else None
            if not isinstance(editor, QLineEdit) and which is not None and \
                    self.window.document.family_of(which) is not None:
                return  # asked to detach a family column, and answered No
            if not isinstance(editor, QLineEdit):
                raise RuntimeError(f"no cell editor opened ({type(editor).__name__})")
            if how != "type-over":
                editor.selectAll()
                if not text:
                    self.key(editor, Qt.Key.Key_Backspace)
            if len(rest) <= 40:
                self.type_text(editor, rest)
            else:
                editor.insert(rest)  # emits textEdited, as a paste into the editor would
            key = {"Enter": Qt.Key.Key_Return, "Escape": Qt.Key.Key_Escape,
                   "Tab": Qt.Key.Key_Tab}[finish]
            self.key(editor, key)
            self.app.processEvents()  # the editor commits on the next turn
        shown = text if len(text) <= 30 else f"{text[:20]}…({len(text)} chars)"
        return f"type {shown!r} into ({row + 1}, {['label', 'P', 'Q'][col]}) by {how}, {finish}", do

    def type_entry(self):
        rng = self.rng
        return self._edit(self.random_row(), rng.choice([1, 2]), entry_text(rng),
                          rng.choice(["F2", "F2", "type-over"]),
                          rng.choices(["Enter", "Escape", "Tab"], [6, 2, 2])[0])

    def rename(self):
        rng = self.rng
        text = label_text(rng).replace("\t", " ")
        return self._edit(self.random_row(), 0, text, rng.choice(["F2", "type-over"]),
                          rng.choice(["Enter", "Enter", "Escape"]))

    def rows(self):
        from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
        rng, t = self.rng, self.window.table
        kind = rng.choice(["add", "insert", "remove", "remove-many", "up", "down", "Ctrl++",
                           "Alt+Up", "Alt+Down"])
        row = self.random_row()

        def do() -> None:
            self.current(row, rng.randrange(5))
            n = self.window.document.n
            if kind == "add":
                t.add_action.trigger()
            elif kind == "insert":
                t.insert_action.trigger()
            elif kind == "remove":
                t.remove_action.trigger()
            elif kind == "remove-many":
                last = min(n - 1, row + rng.randint(0, 20))
                sel = QItemSelection(self.cell(row, 0), self.cell(last, 4))
                self.view.selectionModel().select(
                    sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                t.remove_action.trigger()
            elif kind == "up":
                t.up_action.trigger()
            elif kind == "down":
                t.down_action.trigger()
            elif kind == "Ctrl++":
                self.key(self.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
            else:
                self.key(self.view, Qt.Key.Key_Up if kind == "Alt+Up" else Qt.Key.Key_Down,
                         Qt.KeyboardModifier.AltModifier)
        return f"{kind} at row {row + 1}", do

    def shrink(self):
        def do() -> None:
            from PySide6.QtCore import QItemSelection, QItemSelectionModel
            n = self.window.document.n
            sel = QItemSelection(self.cell(20, 0), self.cell(n - 1, 4))
            self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.window.table.remove_action.trigger()
        return "remove rows 21.. (document above the soak's size)", do

    def _block(self) -> tuple[int, list[list[str]]]:
        rng = self.rng
        col = rng.choices([0, 1, 2, 3], [3, 4, 2, 1])[0]
        height = rng.randint(1, 12)
        width = rng.randint(1, 3)
        comma = rng.random() < 0.15
        block = []
        for _ in range(height):
            row = []
            for j in range(width):
                if col + j == 0:
                    row.append(label_text(rng))
                else:
                    text = (ordinary_entry(rng) if rng.random() < 0.92
                            else rng.choice(HOSTILE_ENTRIES))
                    row.append(text.replace(".", ",") if comma else text)
            block.append(row)
        return col, block

    def paste(self):
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication
        rng = self.rng
        col, block = self._block()
        row = self.random_row()
        out = io.StringIO()
        csv.writer(out, dialect="excel-tab",
                   lineterminator=rng.choice(["\n", "\r\n"])).writerows(block)
        text = out.getvalue()
        how = rng.choice(["Ctrl+V", "action"])

        def do() -> None:
            QApplication.clipboard().setText(text)
            self.current(row, col)
            if how == "Ctrl+V":
                self.key(self.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
            else:
                self.window.table.paste_action.trigger()
        size = f"{len(block)}x{max(map(len, block))}"
        return f"paste {size} at ({row + 1}, {col}) by {how}: {text[:60]!r}", do

    def delete(self):
        from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
        rng = self.rng
        row = self.random_row()
        last = min(self.window.document.n - 1, row + rng.randint(0, 5))
        c0 = rng.randrange(5)
        c1 = rng.randrange(c0, 5)
        copy_too = rng.random() < 0.3

        def do() -> None:
            self.current(row, c0)
            sel = QItemSelection(self.cell(row, c0), self.cell(last, c1))
            self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if copy_too:
                self.key(self.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
            self.key(self.view, Qt.Key.Key_Delete)
        copied = "copy, " if copy_too else ""
        return f"{copied}Delete rows {row + 1}-{last + 1} columns {c0}-{c1}", do

    def undo_redo(self):
        from PySide6.QtCore import Qt
        rng, w = self.rng, self.window
        steps = [rng.choice(["undo", "undo", "redo", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y"])
                 for _ in range(rng.randint(1, 25))]
        C, S = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier

        def do() -> None:
            self.view.setFocus()
            for s in steps:
                if s == "undo":
                    w.undo_action.trigger()
                elif s == "redo":
                    w.redo_action.trigger()
                elif s == "Ctrl+Z":
                    self.key(self.view, Qt.Key.Key_Z, C)
                elif s == "Ctrl+Shift+Z":
                    self.key(self.view, Qt.Key.Key_Z, C | S)
                else:
                    self.key(self.view, Qt.Key.Key_Y, C)
                if rng.random() < 0.3:
                    self.app.processEvents()
        return f"undo/redo burst of {len(steps)}: {' '.join(steps)}", do

    def example(self):
        menu = next(a.menu() for a in self.window.menuBar().actions() if a.text() == "E&xamples")
        action = self.rng.choice(menu.actions())
        return f"Examples ▸ {action.text()}", action.trigger

    def save(self):
        files = self.window.files
        as_new = files.path is None or self.rng.random() < 0.5

        def do() -> None:
            (files.save_as_action if as_new else files.save_action).trigger()
            if files.path is not None and files.path not in self.saved:
                self.saved.append(files.path)
            if files.path is not None and not files.modified:
                self._check_session(files.path)
        return ("Save As" if as_new else "Save"), do

    def _check_session(self, path: Path) -> None:
        """The session file says what the document holds (read with json, not klgui)."""
        doc = self.window.document
        data = json.loads(path.read_text(encoding="utf-8"))
        out = data["outcomes"]
        saved = {d["name"]: d["entries"] for d in data["distributions"]}
        held = {doc.name_of(c): list(doc.texts(c)) for c in doc.column_ids}
        if (out["labels"] != list(doc.labels) or saved != held
                or data["focus"] != doc.name_of("Q") or data["settings"]["unit"] != doc.unit):
            self.mismatch(f"{path.name} does not hold the document's entries")

    def open_session(self):
        rng = self.rng
        choices = self.saved + self.csvs
        path = rng.choice(choices) if choices else None

        def do() -> None:
            self.next_open = path
            self.window.files.open_action.trigger()
            self.next_open = None
            files = self.window.files
            if path is not None and files.path == path and not files.modified:
                self._check_session(path)
        return f"Open {path.name if path else '(cancelled)'}", do

    def import_csv(self):
        rng = self.rng
        path = self._write_csv()
        how = rng.choices(["Import", "Load a distribution", "Open"], [5, 2, 2])[0]
        files = self.window.files
        action = {"Import": files.import_action,
                  "Load a distribution": files.load_distribution_action,
                  "Open": files.open_action}[how]

        def do() -> None:
            self.next_open = path
            action.trigger()
            self.next_open = None
        return f"{how} {path.name} ({path.stat().st_size} bytes)", do

    def _write_csv(self) -> Path:
        rng = self.rng
        self.files += 1
        n = rng.choice([1, 2, 3, 5, 10, 40, rng.randint(100, 250)])
        sep = rng.choice([",", ";", "\t"])
        comma_decimals = sep == ";" and rng.random() < 0.5
        header = rng.choice([["outcome", "P", "Q"], ["label", "p", "q"], None, ["a", "b", "c"],
                             ["outcome", "P"], ["word", "data", "model"]])
        width = len(header) if header else rng.choice([2, 3])
        lines = [header] if header else []
        for i in range(n):
            label = label_text(rng) if rng.random() < 0.3 else f"w{i}"
            if rng.random() < 0.05:
                label = "w0"  # a repeated label
            values = [ordinary_entry(rng) if rng.random() < 0.95 else rng.choice(HOSTILE_ENTRIES)
                      for _ in range(width - 1)]
            if comma_decimals:
                values = [v.replace(".", ",") for v in values]
            lines.append([label, *values])
        out = io.StringIO()
        csv.writer(out, delimiter=sep, lineterminator=rng.choice(["\n", "\r\n"])).writerows(lines)
        text = out.getvalue()
        if rng.random() < 0.1:
            text = "\ufeff" + text
        if rng.random() < 0.1:
            text += "\n\n\n"
        path = self.workdir / f"import-{self.files}.csv"
        path.write_text(text, encoding="utf-8")
        self.csvs.append(path)
        if len(self.csvs) > 30:
            self.csvs.pop(0).unlink(missing_ok=True)
        return path

    def chart_mode(self):
        rng, chart = self.rng, self.window.chart
        kind = rng.choice(["direction", "direction-menu", "form", "tab"])
        value = rng.randrange(3 if kind.startswith("direction") else 2)

        def do() -> None:
            if kind == "direction":
                chart.direction.setCurrentIndex(value)
            elif kind == "direction-menu":
                list(self.window.direction_actions.values())[value].trigger()
            elif kind == "form":
                chart.form.setCurrentIndex(value)
            else:
                chart.tabs.setCurrentIndex(value)
        return f"chart {kind} → {value}", do

    def unit_digits(self):
        rng, panel = self.rng, self.window.panel
        if rng.random() < 0.5:
            unit = rng.randrange(panel.unit.count())
            return f"unit → {panel.unit.itemText(unit)}", lambda: panel.unit.setCurrentIndex(unit)
        digits = rng.randint(1, 17)
        return f"digits → {digits}", lambda: panel.digits.setValue(digits)

    def smoothing(self):
        from PySide6.QtCore import Qt
        rng, sp = self.rng, self.window.smoothing
        method = rng.choices([0, 1, 2], [4, 3, 2])[0]
        amount = rng.choice(["1", "0.5", "1e-6", "1e-300", "1/100", "abc", "0", "-1", "1e400",
                             "2", "1e-3", "0.01", ""]) if rng.random() < 0.6 else None
        target = rng.randrange(2)

        def do() -> None:
            if rng.random() < 0.5:
                self.window.show_page(self.window.smoothing)
            sp.method.setCurrentIndex(method)
            sp.target.setCurrentIndex(target)
            if amount is not None and sp.amount.isEnabled():
                sp.amount.setFocus()
                sp.amount.selectAll()
                self.key(sp.amount, Qt.Key.Key_Backspace)
                self.type_text(sp.amount, amount)
        return f"smoothing method {method}, target {target}, amount {amount!r}", do

    def normalize(self):
        t = self.window.table
        if self.rng.random() < 0.5:
            return "toggle auto-normalize", t.auto_normalize.click
        return "Normalize entries", t.normalize_action.trigger

    def new(self):
        return "New", self.window.files.new_action.trigger

    def page_or_size(self):
        rng, w = self.rng, self.window
        if rng.random() < 0.7:
            page = rng.randrange(w.pages.count())
            return f"page {page}", lambda: w.pages.setCurrentIndex(page)
        size = rng.choice([(800, 500), (1280, 720), (1600, 1000), (1000, 600)])
        return f"window size {size}", lambda: w.resize(*size)

    def subnormal_pair(self):
        rng = self.rng
        how = rng.choice(["paste", "import", "type"])
        if how == "import":
            return self.subnormal_import()
        if how == "paste":
            return self.subnormal_paste()
        row = self.random_row()
        col = rng.choice([1, 2])
        return self._edit(row, col, rng.choice(["1e-323", "3e-323", "5e-324"]), "F2", "Enter")

    def export_summary(self):
        files, panel = self.window.files, self.window.panel

        def do() -> None:
            self.files += 1
            path = self.next_save = self.workdir / f"summary-{self.files}.csv"
            files.export_summary_action.trigger()
            self.next_save = None
            if path.exists():  # read back with csv, not klgui: the file says what is shown
                with path.open(encoding="utf-8", newline="") as f:
                    rows = {r[0]: r[1] for r in csv.reader(f) if len(r) > 1}
                value = panel.figures["kl_pq"].value
                if value is not None and ("kl_pq" not in rows or float(rows["kl_pq"]) != value):
                    self.mismatch(f"the summary says kl_pq = {rows.get('kl_pq')!r}, the "
                                  f"window {value!r}")
                path.unlink()
        return "Export summary CSV", do


def child_main(args) -> int:
    workdir = Path(args.workdir)
    with open(args.log, "a", encoding="utf-8") as log:
        soak = Soak(args.seed, workdir, log, args.first)
        soak.run(args.actions, args.prologue_from)
        soak.window.files.mark_clean(None)  # nothing to ask on closing
        soak.window.close()
        soak.reporter.uninstall()
    return 0


# -- the parent: runs children, names the last action of one that died -----------
def run_child(actions: int, seed: int, first: int, workdir: Path, hang_timeout: float,
              log_path: Path, prologue_from: int = -1) -> dict:
    """Run one child for ``actions`` actions numbered from ``first + 1``; how it ended."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_DATA_HOME=str(workdir / "data"), XDG_CONFIG_HOME=str(workdir / "config"),
               PYTHONFAULTHANDLER="1")
    err_path = workdir / f"child-{first}.stderr"
    with open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", "--actions", str(actions),
             "--seed", str(seed), "--first", str(first), "--workdir", str(workdir),
             "--log", str(log_path), "--prologue-from", str(prologue_from)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        size, moved, hung = -1, time.monotonic(), False
        while True:
            try:
                proc.wait(timeout=1.0)
                break
            except subprocess.TimeoutExpired:
                now = log_path.stat().st_size if log_path.exists() else 0
                if now != size:
                    size, moved = now, time.monotonic()
                elif time.monotonic() - moved > hang_timeout:
                    hung = True
                    proc.kill()
                    proc.wait()
                    break
    events = [e for e in read_log(log_path) if e[1] > first]
    actions_seen = [(i, text) for kind, i, text in events if kind == "ACTION"]
    ended = any(kind == "END" for kind, i, _ in events)
    if ended and proc.returncode == 0:
        return {"died": None, "done": actions}
    what = "hang" if hung else f"exit {proc.returncode}"
    if proc.returncode is not None and proc.returncode < 0:
        what = f"killed by {signal.Signals(-proc.returncode).name}"
    stderr = err_path.read_text(errors="replace").strip().splitlines()
    where = [x.strip() for x in stderr if x.strip().startswith("File ")][:2]
    return {"died": {"what": what, "last": actions_seen[-3:], "where": where},
            "done": max(len(actions_seen), 1)}


def read_log(log_path: Path) -> list[tuple[str, int, str]]:
    """The events of the log: (kind, action number, text). Tracebacks in between (lines
    without a known kind) are skipped."""
    out = []
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3 and parts[0].isupper() and parts[1].isdigit():
            out.append((parts[0], int(parts[1]), parts[2]))
    return out


def run_soak(actions: int, seed: int, workdir: Path, hang_timeout: float = 120.0,
             keep_going: bool = True, prologue: bool = False) -> dict:
    """Run ``actions`` actions in child processes (a fresh one after each death); a
    summary of the log."""
    log_path = workdir / "soak.log"
    log_path.unlink(missing_ok=True)
    # Settings start fresh (the remembered splitter sizes decide whether the subnormal
    # pair crashes the chart), then persist from child to child as across restarts.
    shutil.rmtree(workdir / "config", ignore_errors=True)
    started = time.perf_counter()
    deaths, done, attempt = [], 0, 0
    while done < actions:
        got = run_child(actions - done, seed + 1000 * attempt, done, workdir, hang_timeout,
                        log_path, done if prologue and done < PROLOGUE_STEPS else -1)
        attempt += 1
        done += got["done"]
        if got["died"] is not None:
            deaths.append(got["died"])
            if not keep_going:
                break
    summary = summarize(read_log(log_path), deaths)
    summary["seconds"] = time.perf_counter() - started
    summary["log"] = str(log_path)
    return summary


def summarize(events: list[tuple[str, int, str]], deaths: list[dict]) -> dict:
    """Counts and examples from the log's events."""
    count = {k: 0 for k in ("ACTION", "CHECKED", "UNCHECKED", "CRASH", "MISMATCH",
                            "MISMATCH-DOUBLES", "QTWARN", "DRIVER", "NOTSHOWN")}
    action_of: dict[int, str] = {}
    unchecked: dict[str, int] = {}
    warnings: dict[str, list[int]] = {}
    examples: dict[str, list[str]] = {"crashes": [], "mismatches": [], "driver_errors": []}
    last_what = None
    rss: list[list[tuple[int, float]]] = []
    for kind, i, text in events:
        if kind in count:
            count[kind] += 1
        if kind == "ACTION":
            action_of[i] = text
        elif kind == "UNCHECKED":
            unchecked[text] = unchecked.get(text, 0) + 1
        elif kind == "QTWARN":
            warnings.setdefault(text, []).append(i)
        elif kind in ("MISMATCH", "MISMATCH-DOUBLES"):
            what, _, state = text.partition("\t")
            if what != last_what:  # the same wrong figure after the next actions: once
                tag = " [right for the doubles nearest the entries]" if kind != "MISMATCH" else ""
                examples["mismatches"].append(f"#{i} {action_of.get(i, '?')}{tag}: {what} {state}")
            last_what = what
        elif kind == "CRASH":
            examples["crashes"].append(f"#{i} {action_of.get(i, '?')}: {text}")
        elif kind == "DRIVER":
            examples["driver_errors"].append(f"#{i} {action_of.get(i, '?')}: {text}")
        elif kind == "START":
            rss.append([(i, float(text))])
        elif kind == "RSS" and rss:
            rss[-1].append((i, float(text)))
    totals = {"actions": count["ACTION"], "checked": count["CHECKED"],
              "unchecked": count["UNCHECKED"], "crashes": count["CRASH"] + len(deaths),
              "mismatches": count["MISMATCH"] + count["MISMATCH-DOUBLES"],
              "doubles_explain": count["MISMATCH-DOUBLES"], "qt_warnings": count["QTWARN"],
              "driver_errors": count["DRIVER"], "not_shown": count["NOTSHOWN"]}
    warning_lines = [f"{len(at)}x {text!r}, first at #{at[0]} ({action_of.get(at[0], '?')})"
                     for text, at in warnings.items()]
    return {"totals": totals, "deaths": deaths, "examples": examples,
            "unchecked_why": unchecked, "qt_warnings": warning_lines, "rss": rss}


def print_summary(summary: dict, actions: int, seed: int) -> None:
    t = summary["totals"]
    runs = summary["rss"]
    longest = max(runs, key=lambda r: r[-1][0] - r[0][0]) if runs else []
    start = runs[0][0][1] if runs else float("nan")
    end = runs[-1][-1][1] if runs else float("nan")
    growth = longest[-1][1] - longest[0][1] if longest else float("nan")
    print(f"\nSoak: {actions:,} actions asked, seed {seed}, {len(runs)} child process(es)\n")
    print("| actions | checked | unchecked | crashes | mismatches | (right for doubles) "
          "| Qt warnings | RSS start | RSS end | growth | seconds |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {t['actions']:,} | {t['checked']:,} | {t['unchecked']:,} | {t['crashes']} | "
          f"{t['mismatches']} | {t['doubles_explain']} | {t['qt_warnings']} | {start:.0f} MB | "
          f"{end:.0f} MB | {growth:+.0f} MB | {summary['seconds']:.0f} |")
    print("\ncrashes: reports reaching the crash reporter plus child processes that died or "
          "hung.\n(right for doubles): mismatches where the window's figures are those of the "
          "doubles nearest\nthe entries (1e-323 read as 9.88e-324, 1e-349 as 0).\nRSS start: "
          "the first child after building the window; end: the last child at its end;\n"
          "growth: within the longest-lived child "
          f"({longest[-1][0] - longest[0][0] if longest else 0:,} actions).")
    if len(runs) > 5:
        print(f"RSS of the 5 longest-lived of {len(runs)} children:")
    for run in sorted(runs, key=lambda r: r[0][0] - r[-1][0])[:5]:
        shown = [(a, m) for k, (a, m) in enumerate(run)
                 if k in (0, len(run) - 1) or a % 1000 == 0]
        print("RSS by action: " + ", ".join(f"{a:,}: {m:.0f} MB" for a, m in shown))
    print(f"Checks that never saw the current revision: {t['not_shown']}; soak driver "
          f"errors: {t['driver_errors']}")
    if summary["unchecked_why"]:
        print("Unchecked: " + ", ".join(f"{k} ({v})" for k, v in summary["unchecked_why"].items()))
    for d in summary["deaths"]:
        print(f"\nCHILD DIED ({d['what']}); its last actions:")
        for number, text in d["last"]:
            print(f"    #{number} {text}")
        for line in d["where"]:
            print(f"    at {line}")
    for key in ("crashes", "mismatches", "driver_errors"):
        items = summary["examples"][key]
        if items:
            print(f"\n{key.capitalize().replace('_', ' ')} ({len(items)} distinct, first 20):")
            for line in items[:20]:
                print(f"  {line[:500]}")
    if summary["qt_warnings"]:
        print("\nQt warnings:")
        for line in summary["qt_warnings"][:10]:
            print(f"  {line[:300]}")
    print(f"\nLog: {summary['log']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="about 300 actions")
    parser.add_argument("--hang-timeout", type=float, default=120.0,
                        help="seconds without a new action before the child counts as hung")
    parser.add_argument("--stop-at-crash", action="store_true",
                        help="stop when a child dies instead of going on in a fresh one")
    parser.add_argument("--workdir",
                        help="keep files and the log here (default: a temporary folder)")
    parser.add_argument("--prologue", action="store_true",
                        help="begin with scripted actions of each kind found wrong before")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prologue-from", type=int, default=-1, help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)
    actions = 300 if args.quick else args.actions
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        summary = run_soak(actions, args.seed, workdir, args.hang_timeout,
                           not args.stop_at_crash, args.prologue)
    else:
        with tempfile.TemporaryDirectory(prefix="klgui-soak-") as tmp:
            summary = run_soak(actions, args.seed, Path(tmp), args.hang_timeout,
                               not args.stop_at_crash, args.prologue)
            summary["log"] += " (deleted; use --workdir to keep it)"
    print_summary(summary, actions, args.seed)
    t = summary["totals"]
    return 0 if t["crashes"] == 0 and t["mismatches"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
