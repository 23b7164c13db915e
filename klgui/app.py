"""Start-up: the QApplication, the command line, the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="klgui", description="KL Divergence Explorer: compare two discrete distributions.")
    parser.add_argument("--screenshot", metavar="PATH",
                        help="render the window to a PNG file and exit")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("KL Divergence Explorer")
    app.setOrganizationName("klgui")

    from klgui.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(720, 520)
    if args.screenshot:
        window.show()
        app.processEvents()
        ok = window.grab().save(args.screenshot)
        window.close()
        return 0 if ok else 1
    window.show()
    return app.exec()
