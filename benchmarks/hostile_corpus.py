"""The hostile-input corpus (issue 19): files made to break a reader, run through the
command line and through the window, each in a process of its own with a time limit and
a memory limit.

    python benchmarks/hostile_corpus.py            # everything (about 5 minutes)
    python benchmarks/hostile_corpus.py --quick    # without the big and slow inputs
    python benchmarks/hostile_corpus.py --only fifo,nested --keep DIR

The corpus is written into a temporary folder (``--keep DIR`` to keep it), never into
the repository. Each input goes through

(a) the command line, ``python -m klgui export FILE --table T --summary S``, with a
    timeout (``--timeout``, 20 s) and an address-space limit (``--memory``, 3 GiB,
    RLIMIT_AS). Fine: exit 0 (and, then, both outputs readable as CSV, no NaN in the
    summary) or exit 2 with one line on stderr of at most 300 characters (plus the file
    name's length). A failure: any other exit status or a signal, a traceback or a
    MemoryError on stderr, a timeout, a message of several lines or too long.
(b) the window, in a child process (offscreen): File ▸ Open with the file dialog
    answering the path, message boxes recording their text instead of waiting, the
    import questions answered with their default button, the column dialog accepted.
    The child waits until the window shows the figures of what it opened and paints the
    window once. A failure: a report reaching the crash reporter (an exception in a
    slot; its "unexpected error" dialog is replaced by a counter), an exception, a
    signal (segfault), a timeout, a MemoryError.

Prints a table (input, size, command line, window, seconds, peak resident memory of
each process) and exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MESSAGE_LIMIT = 300
GIB = 1 << 30


# -- the corpus ----------------------------------------------------------------------
@dataclass
class Case:
    name: str           # the file name in the corpus folder
    make: Callable[[Path], None]
    big: bool = False   # skipped by --quick (size or time)
    what: str = ""


def _text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_text(content, encoding=encoding, newline="")


def _bytes(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def _json(data, **kwargs) -> Callable[[Path], None]:
    return lambda path: path.write_text(json.dumps(data, ensure_ascii=False, **kwargs),
                                        encoding="utf-8")


def session(**changes) -> dict:
    """A good session, with some fields replaced (a value of ... deletes the field)."""
    data = {"format": "klgui-session", "version": 1, "app_version": "1.0",
            "saved": "2026-11-29T12:00:00+00:00", "name": "coin",
            "settings": {"unit": "nats", "auto_normalize": True, "digits": 6,
                         "smoothing": None},
            "outcomes": {"labels": ["heads", "tails"], "p": ["0.8", "0.2"], "q": ["0.6", "0.4"]}}
    for key, value in changes.items():
        where, _, field = key.rpartition("__")
        target = data[where] if where else data
        if value is ...:
            target.pop(field, None)
        else:
            target[field] = value
    return data


def _streamed(first: str, repeat: str, times: int, last: str = "") -> Callable[[Path], None]:
    """A big file written in chunks (never all in memory)."""
    def make(path: Path) -> None:
        with open(path, "w", encoding="ascii", newline="") as f:
            f.write(first)
            chunk = repeat * 100_000
            for _ in range(times // 100_000):
                f.write(chunk)
            f.write(repeat * (times % 100_000))
            f.write(last)
    return make


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as f:
            f.truncate(size)
    return make


def _symlink(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.mkdir()


def _garbage(n: int, seed: int) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(random.Random(seed).randbytes(n))


def _nested(depth: int) -> str:
    head = '{"format": "klgui-session", "version": 1, "settings": '
    return head + "[" * depth + "]" * depth + "}"


COIN = "outcome,P,Q\nheads,0.8,0.6\ntails,0.2,0.4\n"
SMOOTHED = json.dumps(session(settings__smoothing={"method": "additive", "amount": 1,
                                                   "apply_to": "both"}))


def corpus() -> list[Case]:
    c = [
        # numbers that are expensive or impossible to read
        Case("huge-exponent-fraction.csv", _text("outcome,P,Q\na,1e100000000/1,1\nb,1,1\n"),
             what="a 1e100000000/1 cell"),
        Case("big-exponent-fraction.csv", _text("outcome,P,Q\na,1e10000000/1,1\nb,1,1\n"),
             what="1e10000000/1 in a CSV"),
        Case("tiny-exponent.csv", _text("outcome,P,Q\na,1e-10000000,1\nb,1,1\n")),
        Case("tiny-exponent-fraction.csv", _text("outcome,P,Q\na,1/1e10000000,1\nb,1,1\n")),
        Case("huge-exponent.csv", _text("outcome,P,Q\na,1e100000000,1\nb,1,1\n")),
        Case("percent-huge-exponent.csv", _text("outcome,P,Q\na,1e100000000%,1\nb,1,1\n")),
        Case("5000-digit-integer.csv", _text(f"outcome,P,Q\na,{'7' * 5000},1\nb,1,1\n")),
        Case("5000-digit-denominator.csv", _text(f"outcome,P,Q\na,1/{'7' * 5000},1\nb,1,1\n")),
        Case("200000-digit-decimal.csv", _text(f"outcome,P,Q\na,0.{'1' * 200_000},1\nb,1,1\n")),
        Case("subnormal-pair.csv", _text("outcome,P,Q\na,1,1\nb,1e-323,3e-323\n"),
             what="the chart's segfault"),
        Case("below-double-range.csv", _text("outcome,P,Q\na,0.5,1\nb,0.5,1e-349\n")),
        Case("all-below-double-range.csv", _text("outcome,P,Q\na,0.5,1e-349\nb,0.5,3e-349\n")),
        Case("overflowing-sum.csv", _text("outcome,P,Q\na,1e308,1\nb,1e308,1\nc,1e308,1\n")),
        Case("bad-values.csv", _text("outcome,P,Q\na,nan,1\nb,inf,1\nc,-0,1\nd,-1,1\n")),
        Case("all-zero.csv", _text("outcome,P,Q\na,0,1\nb,0,1\n")),
        # shapes
        Case("25-million-fields.csv", _streamed("", "1,", 25_000_000, "1\n"), big=True,
             what="one line of 25 million fields (~50 MB)"),
        Case("1000001-columns.csv",
             _streamed("", "1,", 1_000_000, "1\n" + "1," * 1_000_000 + "1\n"), big=True,
             what="2 lines x 1,000,001 columns"),
        Case("10-MB-one-field.csv", _streamed("outcome,P,Q\n", "x", 10_000_000, ",1,1\n"),
             big=True),
        Case("sparse-1GiB.csv", _sparse(GIB), big=True, what="1 GiB of NULs (truncate)"),
        Case("zero.csv", _symlink("/dev/zero"), big=True, what="a symlink to /dev/zero"),
        Case("urandom.csv", _symlink("/dev/urandom"), big=True, what="a symlink to /dev/urandom"),
        Case("x.csv", _fifo, what="a FIFO (nobody writes)"),
        Case("directory.csv", _directory, what="a directory named .csv"),
        Case("dangling.csv", _symlink("/nonexistent/klgui/nothing.csv")),
        Case("null-device.csv", _symlink("/dev/null")),
        Case("garbage.csv", _garbage(65536, 1), what="64 KB of random bytes"),
        Case("garbage-small.csv", _garbage(300, 2)),
        Case("nuls.csv", _bytes(b"\x00" * 4096)),
        Case("nul-in-cell.csv", _bytes(b"outcome,P,Q\na,0.5\x00,0.5\nb,0.5,0.5\n")),
        Case("nul-in-label.csv", _bytes(b"outcome,P,Q\na\x00b,0.5,0.5\nb,0.5,0.5\n")),
        Case("utf16le-no-bom.csv", _text(COIN, "utf-16-le")),
        Case("utf16be-no-bom.csv", _text(COIN, "utf-16-be")),
        Case("utf16-bom.csv", _text(COIN, "utf-16")),
        Case("utf32.csv", _text(COIN, "utf-32")),
        Case("latin1.csv",
             _bytes("outcome,P,Q\nMüller,0.5,0.5\nGroß,0.5,0.5\n".encode("latin-1"))),
        Case("empty.csv", _text("")),
        Case("bom-only.csv", _text("\ufeff")),
        Case("header-only.csv", _text("outcome,P,Q\n")),
        Case("one-cell.csv", _text("1")),
        Case("blank-lines-10000.csv", _text("\n" * 10_000 + COIN)),
        Case("only-blank-lines.csv", _text("\n" * 10_000)),
        Case("whitespace-lines.csv", _text(" \t \n" * 5000 + COIN)),
        Case("quote-left-open.csv", _text('outcome,P,Q\n"heads,0.8,0.6\ntails,0.2,0.4\n')),
        Case("quote-in-number.csv", _text('outcome,P,Q\nheads,"0.8,0.6\ntails,0.2,0.4"\n')),
        Case("200000-char-label.csv", _text(f"outcome,P,Q\n{'L' * 200_000},0.8,0.6\nb,0.2,0.4\n")),
        Case("200000-char-bad-cell.csv", _text(f"outcome,P,Q\na,{'x' * 200_000},0.6\nb,0.2,0.4\n")),
        Case("formula-labels.csv", _text('outcome,P,Q\n"=HYPERLINK(""x"")",0.5,0.5\n'
                                         '@SUM(A1),0.3,0.2\n+cmd|calc,0.1,0.2\n-2+3,0.1,0.1\n')),
        Case("terminal-escapes.csv", _text("outcome,P,Q\n\x1b[31mred\x1b[0m,0.5,x\x1b[2J\n")),
        Case("control-chars.csv", _text("outcome,P,Q\na\x07\x08\x0b,0.5,0.5\nb\x0c,0.5,0.5\n")),
        Case("lone-surrogate-escape.csv",
             _bytes(b"outcome,P,Q\n\xed\xa0\x80,0.5,0.5\nb,0.5,0.5\n")),
        Case("ragged-rows.csv", _text("outcome,P,Q\na,0.5\nb,0.2,0.3,0.4,0.5\nc\n")),
        Case("mixed-delimiters.csv", _text("outcome;P,Q\na;0,5,0.5\nb\t0.5;0,5\n")),
        Case("cr-only.csv", _text(COIN.replace("\n", "\r"))),
        Case("sep-line.csv", _text("sep=|\noutcome|P|Q\na|0.5|0.5\n")),
        Case("duplicate-labels.csv", _text("outcome,P,Q\n" + "a,1,1\n" * 20_000)),
        Case("one-column.csv", _text("outcome\na\nb\n")),
        Case("no-weight-columns.csv", _text("outcome,name\na,b\nc,d\n")),
        Case("100000-rows-of-commas.csv", _text(",,,\n" * 100_000)),
        Case("name\nwith newline.csv", _text(COIN), what="a file name with a line break"),
        Case("n" * 200 + ".csv", _text("outcome,P,Q\na,x,1\n"), what="a 204-char file name"),
        Case("million-rows.csv", _streamed("outcome,P,Q\n", "a,1,2\n", 1_000_000), big=True),
        # sessions
        Case("nested-100000.kld.json", _text(_nested(100_000)), what="100,000 levels deep"),
        Case("nested-objects.kld.json", _text('{"a":' * 100_000 + "1" + "}" * 100_000)),
        Case("version-5000-digits.kld.json",
             _text(json.dumps(session()).replace('"version": 1', '"version": ' + "9" * 5000))),
        Case("digits-5000-digits.kld.json",
             _text(json.dumps(session()).replace('"digits": 6', '"digits": ' + "9" * 5000))),
        Case("utf8-bom.kld.json",
             lambda p: p.write_text("\ufeff" + json.dumps(session()), encoding="utf-8")),
        Case("list.kld.json", _text("[1, 2, 3]")),
        Case("string.kld.json", _text('"klgui-session"')),
        Case("null.kld.json", _text("null")),
        Case("truncated.kld.json", _text(json.dumps(session(), indent=1)[:150])),
        Case("empty.kld.json", _text("")),
        Case("csv-inside.kld.json", _text(COIN)),
        Case("nan-literals.kld.json", _text(json.dumps(session())
                                            .replace('"digits": 6', '"digits": NaN'))),
        Case("smoothing-nan.kld.json", _text(SMOOTHED.replace('"amount": 1', '"amount": NaN'))),
        Case("smoothing-1e400.kld.json",
             _text(SMOOTHED.replace('"amount": 1', '"amount": 1e400'))),
        Case("floor-too-big.kld.json", _json(session(settings__smoothing={
            "method": "floor", "amount": 0.9, "apply_to": "both"}))),
        Case("duplicate-keys.kld.json",
             _text('{"format": "klgui-session", "version": 1, "version": "x"}')),
        Case("lone-surrogate-label.kld.json", _text(json.dumps(session(
            outcomes__labels=["\ud800", "tails"]), ensure_ascii=True))),
        Case("fraction-hang-entry.kld.json", _json(session(outcomes__p=["1e100000000/1", "1"]))),
        Case("huge-entry.kld.json", _json(session(outcomes__p=["9" * 5000, "1"]))),
        Case("subnormal-pair.kld.json", _json(session(outcomes__p=["1", "1e-323"],
                                                      outcomes__q=["1", "3e-323"]))),
        Case("lengths-differ.kld.json", _json(session(outcomes__p=["1"]))),
        Case("no-outcomes.kld.json",
             _json(session(outcomes__labels=[], outcomes__p=[], outcomes__q=[]))),
        Case("unit-nan.kld.json", _json(session(settings__unit="nan"))),
        Case("million-outcomes.kld.json", lambda p: p.write_text(json.dumps(session(
            outcomes__labels=[str(i) for i in range(1_000_000)], outcomes__p=["1"] * 1_000_000,
            outcomes__q=["2"] * 1_000_000))), big=True),
        Case("plain.json", _text(COIN), what="a CSV named .json"),
    ]
    # wrong types in every field of a session
    kinds = {"null": None, "list": [1], "number": 1.5, "text": "x", "bool": True, "object": {}}
    fields = ["format", "version", "name", "settings", "outcomes", "settings__unit",
              "settings__auto_normalize", "settings__digits", "settings__smoothing",
              "outcomes__labels", "outcomes__p", "outcomes__q"]
    for field in fields:
        for kind, value in kinds.items():
            c.append(Case(f"type-{field.replace('__', '.')}-{kind}.kld.json",
                          _json(session(**{field: value}))))
        c.append(Case(f"missing-{field.replace('__', '.')}.kld.json",
                      _json(session(**{field: ...}))))
    for field in ("method", "amount", "apply_to"):
        for kind, value in kinds.items():
            good = {"method": "additive", "amount": 1, "apply_to": "both", field: value}
            c.append(Case(f"type-smoothing.{field}-{kind}.kld.json",
                          _json(session(settings__smoothing=good))))
    for field in ("labels", "p", "q"):
        for kind, value in kinds.items():
            if kind != "text":
                items = {"labels": ["a", "b"], "p": ["1", "1"], "q": ["1", "1"]}[field]
                c.append(Case(f"type-{field}-item-{kind}.kld.json",
                              _json(session(**{f"outcomes__{field}": [items[0], value]}))))
    return c


# -- running one input ---------------------------------------------------------------
@dataclass
class Run:
    status: str          # "ok" or "FAIL"
    detail: str
    seconds: float
    peak_mb: float


def _limit(memory: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.setsid()  # its own process group: a timeout kills whatever it started
    return apply


def run_limited(cmd: list[str], timeout: float, memory: int, env: dict, cwd: Path,
                out_dir: Path) -> tuple[int | None, str, str, float, float, bool]:
    """(exit status or None, stdout, stderr, seconds, peak resident MB, timed out)."""
    out, err = out_dir / "stdout.txt", out_dir / "stderr.txt"
    started = time.perf_counter()
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.Popen(cmd, stdout=o, stderr=e, stdin=subprocess.DEVNULL, env=env,
                                cwd=cwd, preexec_fn=_limit(memory))
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    return (proc.returncode, out.read_text(errors="replace"), err.read_text(errors="replace"),
            seconds, usage.ru_maxrss / 1024, timed_out.is_set())


def _first_line(text: str, width: int = 70) -> str:
    line = next((x for x in text.splitlines() if x.strip()), "")
    return line if len(line) <= width else line[:width - 1] + "…"


def through_cli(path: Path, work: Path, timeout: float, memory: int) -> Run:
    table, summary = work / "table.csv", work / "summary.csv"
    for p in (table, summary):
        p.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    rc, _, err, seconds, peak, timed_out = run_limited(
        [sys.executable, "-m", "klgui", "export", str(path), "--table", str(table),
         "--summary", str(summary)], timeout, memory, env, ROOT, work)
    lines = [x for x in err.splitlines() if x.strip()]
    limit = MESSAGE_LIMIT + len(path.name)
    if timed_out:
        return Run("FAIL", f"timeout ({timeout:.0f} s)", seconds, peak)
    if "Traceback" in err or "MemoryError" in err:
        last = next((x for x in reversed(lines) if x.strip()), "")
        return Run("FAIL", f"traceback, exit {rc}: {_first_line(last, 110)}", seconds, peak)
    if rc not in (0, 2):
        return Run("FAIL", f"exit {rc}: {_first_line(err)}", seconds, peak)
    if rc == 2 and len(lines) != 1:
        return Run("FAIL", f"exit 2 with {len(lines)} lines on stderr: {_first_line(err)}",
                   seconds, peak)
    if any(len(x) > limit for x in lines):
        return Run("FAIL", f"exit {rc}, a message of {max(map(len, lines)):,} characters: "
                           f"{_first_line(err)}", seconds, peak)
    if rc == 0:
        problem = _check_outputs(table, summary)
        if problem:
            return Run("FAIL", f"exit 0 but {problem}", seconds, peak)
        return Run("ok", "exit 0" + (f" ({_first_line(err, 50)})" if lines else ""), seconds, peak)
    return Run("ok", f"exit 2: {_first_line(err)}", seconds, peak)


def _check_outputs(table: Path, summary: Path) -> str:
    """Both outputs exist, read as CSV, and the summary has no NaN."""
    csv.field_size_limit(sys.maxsize)  # a 200,000-character label is a fair cell
    try:
        with table.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        with summary.open(encoding="utf-8", newline="") as f:
            figures = [r for r in csv.reader(f) if len(r) > 1]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        return f"an output cannot be read back ({type(e).__name__}: {e})"
    if len(rows) < 2:
        return "the table has no outcome"
    for name, value, *_ in figures:
        if value.strip().lower() == "nan":
            return f"the summary says {name} = nan"
    return ""


def through_window(path: Path, work: Path, timeout: float, memory: int) -> Run:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               XDG_DATA_HOME=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"),
               PYTHONFAULTHANDLER="1")
    result = work / "window.json"
    result.unlink(missing_ok=True)
    rc, _, err, seconds, peak, timed_out = run_limited(
        [sys.executable, str(Path(__file__).resolve()), "--window-child", str(path),
         "--result", str(result)], timeout, memory, env, ROOT, work)
    if timed_out:
        return Run("FAIL", f"timeout ({timeout:.0f} s)", seconds, peak)
    if rc is not None and rc < 0:
        where = ""
        for line in err.splitlines():
            if line.strip().startswith("File ") and "klgui" in line or "pyqtgraph" in line:
                where = line.strip().split("/")[-1]
                break
        return Run("FAIL", f"{signal.Signals(-rc).name} {where}", seconds, peak)
    if not result.exists():
        last = [x for x in err.splitlines() if x.strip()][-1:] or [""]
        return Run("FAIL", f"exit {rc}, no result: {_first_line(last[0], 110)}", seconds, peak)
    got = json.loads(result.read_text())
    if rc != 0:
        return Run("FAIL", f"exit {rc} after opening: {_first_line(err, 100)}", seconds, peak)
    if got["bugs"]:
        return Run("FAIL", f"crash reporter: {_first_line(got['bugs'][0], 110)}", seconds, peak)
    if not got["shown"]:
        return Run("FAIL", "the figures of the document were never shown", seconds, peak)
    if got["messages"]:
        text = got["messages"][0]
        size = f" [{len(text):,} chars]" if len(text) > MESSAGE_LIMIT + len(path.name) else ""
        return Run("ok", f"message{size}: {_first_line(text, 60)}", seconds, peak)
    return Run("ok", f"opened, {got['n']:,} outcomes", seconds, peak)


def window_child(path: str, result: str) -> int:
    """Open ``path`` through File ▸ Open in a real window; write what happened."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

    app = QApplication([sys.argv[0]])
    app.setApplicationName("KL Divergence Explorer")
    app.setOrganizationName("klgui")
    from klgui.ui.files import import_dialogs
    from klgui.ui.shell.crash_reporter import CrashReporter
    from klgui.ui.shell.main_window import MainWindow

    messages: list[str] = []
    bugs: list[str] = []
    B = QMessageBox.StandardButton

    def record(parent, title, text, *args, **kwargs):
        messages.append(str(text))
        return B.Ok

    def box_exec(box):
        messages.append(box.text())
        button = box.defaultButton() or (box.buttons() or [None])[0]
        if button is not None:
            button.click()
        return 0

    def dialog_exec(dialog):
        from PySide6.QtWidgets import QDialogButtonBox
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        return QDialog.DialogCode.Accepted if ok.isEnabled() else QDialog.DialogCode.Rejected

    QMessageBox.warning = QMessageBox.information = QMessageBox.critical = record
    QMessageBox.question = lambda *a, **k: B.Discard
    QMessageBox.exec = box_exec
    import_dialogs.ColumnDialog.exec = dialog_exec
    QFileDialog.getOpenFileName = lambda *a, **k: (path, "")
    QFileDialog.getSaveFileName = lambda *a, **k: ("", "")

    window = MainWindow()
    window.resize(1280, 720)
    window.show()
    reporter = CrashReporter(None, app)  # the data folder under XDG_DATA_HOME, created
    reporter._show = lambda error, details: bugs.append(
        f"{type(error).__name__}: {error} | {details.strip().splitlines()[-3:]}")
    reporter.install()
    app.processEvents()
    window.files.open_action.trigger()
    shown = False
    for _ in range(100):  # until the figures of what was opened are shown
        app.processEvents()
        if not window.busy and not window.results._timer.isActive():
            shown = True
            break
        loop = QEventLoop()
        window.sigRefreshed.connect(loop.quit)
        window.results.worker.sigFailed.connect(loop.quit)
        QTimer.singleShot(1000, loop.quit)
        loop.exec()
    window.repaint()  # a crash in painting happens here, not after the report
    app.processEvents()
    Path(result).write_text(json.dumps({
        "messages": messages, "bugs": bugs, "shown": shown, "n": window.document.n}))
    window.files.mark_clean(None)
    window.close()
    reporter.uninstall()
    return 0


# -- the table -------------------------------------------------------------------------
def _size(path: Path) -> str:
    try:
        if path.is_symlink():
            return "symlink"
        if path.is_dir():
            return "dir"
        st = path.stat()
    except OSError:
        return "?"
    if not path.is_file():
        return "fifo"
    for unit, scale in (("GiB", GIB), ("MB", 1e6), ("KB", 1e3)):
        if st.st_size >= scale:
            return f"{st.st_size / scale:.1f} {unit}"
    return f"{st.st_size} B"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the big and slow inputs")
    parser.add_argument("--only", help="comma-separated parts of input names to run")
    parser.add_argument("--keep", help="write the corpus into this folder and keep it")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per process")
    parser.add_argument("--memory", type=float, default=3.0,
                        help="GiB of address space per process")
    parser.add_argument("--no-window", action="store_true", help="the command line only")
    parser.add_argument("--no-cli", action="store_true", help="the window only")
    parser.add_argument("--window-child", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.window_child:
        return window_child(args.window_child, args.result)

    cases = [c for c in corpus() if not (args.quick and c.big)]
    if args.only:
        wanted = args.only.split(",")
        cases = [c for c in cases if any(w in c.name for w in wanted)]
    memory = int(args.memory * GIB)
    tmp = None
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="klgui-corpus-")
        folder = Path(tmp.name)
    inputs, work = folder / "inputs", folder / "work"
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir()
    work.mkdir(exist_ok=True)
    print(f"{len(cases)} inputs in {inputs}{'' if args.keep else ' (deleted afterwards)'}; "
          f"timeout {args.timeout:.0f} s, address space {args.memory:g} GiB per process\n")
    print("| input | size | command line | s | MB | window | s | MB |")
    print("|---|---:|---|---:|---:|---|---:|---:|")
    failed = 0
    started = time.perf_counter()
    try:
        for case in cases:
            path = inputs / case.name
            case.make(path)
            size = _size(path)
            cli = None if args.no_cli else through_cli(path, work, args.timeout, memory)
            win = None if args.no_window else through_window(path, work, args.timeout, memory)
            failed += sum(r is not None and r.status == "FAIL" for r in (cli, win))

            def cell(r: Run | None) -> str:
                if r is None:
                    return "– | – | –"
                detail = r.detail.replace("|", "¦").replace("\n", " ")
                mark = "**FAIL** " if r.status == "FAIL" else ""
                return f"{mark}{detail} | {r.seconds:.1f} | {r.peak_mb:.0f}"
            shown = repr(case.name)[1:-1]
            print(f"| {shown[:48]} | {size} | {cell(cli)} | {cell(win)} |", flush=True)
            if path.is_file() and not path.is_symlink() and path.stat().st_size > 10_000_000:
                path.unlink()  # do not keep big files longer than needed
    finally:
        if tmp is not None:
            tmp.cleanup()
    runs = len(cases) * ((not args.no_cli) + (not args.no_window))
    print(f"\n{len(cases)} inputs, {runs} runs, {failed} failed, "
          f"{time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
