"""Start-up: the QApplication, the command line, the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


DEFAULT_SIZE = (1280, 720)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="klgui", description="KL Divergence Explorer: compare two discrete distributions.",
        epilog="Without a window: klgui export INPUT --table TABLE.csv --summary SUMMARY.csv "
               "(see klgui export --help).")
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="a session (.kld.json) or CSV file to open")
    parser.add_argument("--preset", metavar="NAME",
                        help="start with an example (coin, classifier-a, classifier-b, die, "
                             "identical, support-mismatch, word-frequencies)")
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
    args = parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("KL Divergence Explorer")
    app.setOrganizationName("klgui")

    from klgui.io.presets import find_preset
    from klgui.ui.main_window import MainWindow

    window = MainWindow(remember_layout=not args.screenshot)
    if args.file:
        window.files.open(args.file)
    elif args.preset:
        try:
            window.load_preset(find_preset(args.preset))
        except KeyError as e:
            print(f"klgui: {e.args[0]}", file=sys.stderr)
            return 2
        window.refresh()
    if args.size or not window.restore_geometry():
        window.resize(*(args.size or DEFAULT_SIZE))
    window.show()
    if args.screenshot:
        for _ in range(3):  # axes resize to their tick labels on the next paint
            app.processEvents()
        ok = window.grab().save(args.screenshot)
        window.close()
        return 0 if ok else 1
    return app.exec()
