"""The main window. For now it shows the figures of one example comparison; the
editable tables and the chart arrive with the main-window issue."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHeaderView, QMainWindow, QTableWidget, QTableWidgetItem

from klgui import __version__
from klgui.core import Comparison, compare
from klgui.paths import resource_path

FIGURE_NAMES = {
    "kl_pq": "D(P‖Q)", "kl_qp": "D(Q‖P)", "entropy_p": "H(P)", "entropy_q": "H(Q)",
    "cross_entropy_pq": "H(P,Q)", "cross_entropy_qp": "H(Q,P)", "jeffreys": "Jeffreys",
    "js_divergence": "Jensen–Shannon divergence", "js_distance": "Jensen–Shannon distance",
    "total_variation": "Total variation", "hellinger": "Hellinger distance",
    "bhattacharyya": "Bhattacharyya distance",
}


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(f"KL Divergence Explorer {__version__}")
        self.setWindowIcon(QIcon(str(resource_path("icon.svg"))))
        self.setMinimumSize(480, 360)
        self.figures = QTableWidget(0, 2, self)
        self.figures.setHorizontalHeaderLabels(["Measure", "Value"])
        self.figures.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.figures.verticalHeader().hide()
        self.figures.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setCentralWidget(self.figures)
        self.show_comparison(compare([0.8, 0.2], [0.6, 0.4]))
        self.statusBar().showMessage("Example: a coin. P = [0.8, 0.2], Q = [0.6, 0.4]")

    def show_comparison(self, c: Comparison) -> None:
        """Fill the figure table from ``c``."""
        rows = c.figures()
        self.figures.setRowCount(len(rows))
        for row, (name, value) in enumerate(rows.items()):
            unit = c.unit_of(name)
            self.figures.setItem(row, 0, QTableWidgetItem(FIGURE_NAMES[name]))
            self.figures.setItem(row, 1, QTableWidgetItem(f"{value:.6g} {unit}".rstrip()))
