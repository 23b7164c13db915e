"""The texts a :class:`~klgui.ui.chart.bar_plot.BarPlot` writes on its bars: one ∞ mark
per group of infinite bars (with how many infinite terms it stands for), and each finite
bar's value at its end. A mixin of BarPlot; it uses the plot's ``n``, ``addItem``,
``_ink``, ``value_text``, ``_infinity_font``, ``_value_font``, ``_infinity_labels`` and
``_value_labels``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

from klgui.ui.chart.safe_drawing import safely_drawn
from klgui.ui.numbers import count_text
from klgui.ui.shell.look import VERMILLION

__all__ = ["BarLabels", "MAX_INFINITY_LABELS"]

MAX_INFINITY_LABELS = 40
_INFINITY_MARK_GAP_PX = 70  # ∞ marks closer than this merge into one with a count
_Text = safely_drawn(pg.TextItem)


class BarLabels:
    """The ∞ marks and the values written on the bars of a BarPlot (mixed into it)."""

    def infinity_label_count(self) -> int:
        return sum(1 for t in self._infinity_labels if t.isVisible())

    def _label_infinities(self, centres: np.ndarray, counts: np.ndarray, cap: float,
                          pixels: float = 1.0) -> None:
        """One ∞ mark per group of infinite bars closer than a mark's width, saying how
        many infinite terms it stands for ("∞ ×1,234"); at most ``MAX_INFINITY_LABELS``."""
        groups: list[list[float]] = []  # [first centre, sum of centres, bars, outcomes]
        widest = f"∞ ×{count_text(int(counts.sum()))}" if counts.size else "∞"
        gap_px = max(_INFINITY_MARK_GAP_PX,
                     QFontMetrics(self._infinity_font()).horizontalAdvance(widest) + 16)
        gap = max(gap_px / max(pixels, 1e-9), self.n / MAX_INFINITY_LABELS)
        for x, k in zip(centres.tolist(), counts.tolist()):
            if groups and x - groups[-1][0] < gap:
                g = groups[-1]
                g[1] += x
                g[2] += 1
                g[3] += k
            else:
                groups.append([x, x, 1, k])
        self.infinity_counts = [int(g[3]) for g in groups]
        while len(self._infinity_labels) < len(groups):
            text = _Text("∞", color=VERMILLION, anchor=(0.5, 1.0))
            text.setFont(self._infinity_font())
            self.addItem(text)
            self._infinity_labels.append(text)
        for i, label in enumerate(self._infinity_labels):
            label.setVisible(i < len(groups))
            if i < len(groups):
                first, total, bars, outcomes = groups[i]
                label.setText("∞" if outcomes == 1 else f"∞ ×{count_text(int(outcomes))}")
                label.setPos(total / bars, cap)

    def _label_values(self, xs: np.ndarray, values: np.ndarray) -> None:
        """Each finite bar's value written at its end (above, or below if negative)."""
        while len(self._value_labels) < xs.size:
            text = _Text("", color=self._ink)
            text.setFont(self._value_font())
            self.addItem(text)
            self._value_labels.append(text)
        for i, label in enumerate(self._value_labels):
            label.setVisible(i < xs.size)
            if i < xs.size:
                v = float(values[i])
                label.setColor(self._ink)
                label.setText(self.value_text(v) if self.value_text else "")
                label.setAnchor((0.5, 0.0) if v < 0 else (0.5, 1.0))
                label.setPos(float(xs[i]), v)
