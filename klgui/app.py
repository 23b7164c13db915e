"""Start-up: the QApplication, the command line, the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


DEFAULT_SIZE = (1280, 720)
#: Qt's own command-line options (QApplication and QGuiApplication), handed to Qt
#: untouched: those that take a value, and those that do not.
QT_OPTIONS_WITH_VALUE = frozenset({
    "style", "stylesheet", "platform", "platformpluginpath", "platformtheme", "plugin",
    "qwindowgeometry", "geometry", "qwindowtitle", "title", "qwindowicon", "icon",
    "session", "display", "name", "fontengine"})
QT_FLAGS = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync"})


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``argv`` split into the app's own arguments and Qt's (``-style fusion``,
    ``--platform=offscreen``, ``-reverse``), each in its order."""
    ours: list[str] = []
    qt: list[str] = []
    args = iter(argv)
    for arg in args:
        name = arg.lstrip("-").split("=", 1)[0]
        if arg.startswith("-") and arg != "-":
            if name in QT_OPTIONS_WITH_VALUE:
                qt.append(arg)
                if "=" not in arg:
                    value = next(args, None)
                    if value is not None:
                        qt.append(value)
                continue
            if name in QT_FLAGS:
                qt.append(arg)
                continue
        ours.append(arg)
    return ours, qt


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="klgui",
        description="KL Divergence Explorer: compare discrete distributions, a reference "
                    "and its models.",
        epilog="Without a window: klgui export INPUT --table TABLE.csv --summary SUMMARY.csv "
               "(see klgui export --help).")
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="a session (.kld.json) or CSV file to open")
    from klgui.io.presets import ALIASES, list_presets
    examples = ", ".join([p.key for p in list_presets()] + list(ALIASES))
    parser.add_argument("--preset", metavar="NAME",
                        help=f"start with an example ({examples})")
    parser.add_argument("--screenshot", metavar="PATH",
                        help="render the window to a PNG file and exit")
    parser.add_argument("--size", metavar="WxH", type=_size,
                        help="window size in pixels (default: as last closed, or 1280x720)")
    return parser.parse_args(argv)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 1280x720") from None
    return w, h


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:  # headless: no Qt import at all
        from klgui.cli import export_main
        return export_main(argv[1:])
    argv, qt_options = split_qt_options(argv)
    args = parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1] + qt_options)
    app.setApplicationName("KL Divergence Explorer")
    app.setOrganizationName("klgui")

    from klgui.io.presets import find_preset
    from klgui.ui.shell.main_window import MainWindow

    try:
        preset = find_preset(args.preset) if args.preset and not args.file else None
    except KeyError as e:
        print(f"klgui: {e.args[0]}", file=sys.stderr)
        return 2
    window = MainWindow(remember_layout=not args.screenshot)
    if args.screenshot:  # a picture of the window: no autosave, no questions
        return _screenshot(app, window, args, preset)
    _open(window, None, preset)
    _size_and_show(window, args)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: _start(app, window, args.file))
    return app.exec()


def _start(app, window, file: str | None = None) -> None:
    """Once the window is shown: report errors, autosave, offer back the work a crash
    left, then open the file the command line names (which may ask questions)."""
    from klgui.ui.shell.autosave import Autosave, offer_restore
    from klgui.ui.shell.crash_reporter import CrashReporter, data_folder

    folder = data_folder()
    CrashReporter(folder, app).install()
    autosave = Autosave(window, folder)
    app.aboutToQuit.connect(autosave.finish)
    offer_restore(window, folder)  # after a crash: the work it kept, if wanted
    if file:
        window.files.open(file)  # asks first if restored work is unsaved


def _open(window, file: str | None, preset) -> None:
    """Open the file or example named on the command line."""
    if file:
        window.files.open(file)
    elif preset is not None:
        window.load_preset(preset)
        window.refresh()


def _size_and_show(window, args: argparse.Namespace) -> None:
    if args.size or not window.restore_geometry():
        window.resize(*(args.size or DEFAULT_SIZE))
    window.show()


def _screenshot(app, window, args: argparse.Namespace, preset) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    refused: list[str] = []

    def refuse_dialog() -> None:  # nobody is there to answer: say what it said, and fail
        dialog = app.activeModalWidget()
        if dialog is not None and not isinstance(dialog, QProgressDialog):  # progress: wait
            refused.append(dialog.text() if isinstance(dialog, QMessageBox)
                           else f"it would ask a question ({dialog.windowTitle()})")
            dialog.reject()

    watch = QTimer(interval=50, timeout=refuse_dialog)
    watch.start()
    _open(window, args.file, preset)
    watch.stop()
    if refused:
        print(f"klgui: {args.file or 'the file'} was not shown: {refused[0]}", file=sys.stderr)
        window.files.mark_clean(window.files.path)
        window.close()
        return 2
    if window.busy:  # a large document's figures come from the worker thread
        from PySide6.QtCore import QEventLoop

        loop = QEventLoop()
        window.sigRefreshed.connect(loop.quit)
        window.results.sigFailed.connect(loop.quit)
        loop.exec()
    _size_and_show(window, args)
    for _ in range(3):  # axes resize to their tick labels on the next paint
        app.processEvents()
    ok = window.grab().save(args.screenshot)
    window.files.mark_clean(window.files.path)  # nothing to ask about on closing
    window.close()
    return 0 if ok else 1
