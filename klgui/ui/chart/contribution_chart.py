"""The chart side of the window: per-outcome terms of D(P‖Q) and D(Q‖P), and P and Q."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QLabel, QPushButton,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from klgui.core import Comparison
from klgui.core.teaching.explain import outcome_name
from klgui.core.numerics.terms import terms
from klgui.model.document import Result
from klgui.model.snapshot import VIEW_CHOICES, ChartView

from klgui.ui.chart.bar_order import ORDERS, Arrangement, arrange
from klgui.ui.chart.bar_plot import SOLID_BLUE, STRIPED_ORANGE, BarPlot
from klgui.ui.chart.chart_image import KeyEntry
from klgui.ui.flow_layout import FlowLayout
from klgui.ui.shell.look import BLUE, ORANGE, STRIPES, VERMILLION
from klgui.ui.numbers import count_text, figure_text

DIRECTIONS = {"pq": "D(P‖Q) terms", "qp": "D(Q‖P) terms", "both": "Both directions"}
FORMS = {"signed": "Signed terms", "nonnegative": "Non-negative terms"}
#: How one term is written, by form and direction.
TERM = {("signed", "pq"): "p·log(p/q)", ("signed", "qp"): "q·log(q/p)",
        ("nonnegative", "pq"): "(p·log(p/q) − p + q)",
        ("nonnegative", "qp"): "(q·log(q/p) − q + p)"}
FORM_HELP = (
    "<p><b>Signed terms</b> p·log(p/q) are what the definition adds up; an outcome Q makes "
    "more likely than P gives a negative term.</p><p><b>Non-negative terms</b> "
    "p·log(p/q) − p + q add up to the same D, because P and Q both sum to 1, and none of "
    "them is ever negative: Gibbs' inequality D ≥ 0, outcome by outcome.</p>")


def _swatch(colour: str, text: str, hatched: bool = False, striped: bool = False) -> str:
    mark = "▨" if hatched else "▤" if striped else "■"
    text = text.replace(" ", "&nbsp;")  # a key wraps between its items, not inside one
    return f"<span style='color:{colour}; font-size:large'>{mark}</span>&nbsp;{text}"


def _bare(term: str) -> str:
    """A term without the brackets it needs after Σ."""
    return term[1:-1] if term.startswith("(") else term


class ContributionChart(QWidget):
    """Tabs: the contributions (one direction or both, stacked on one outcome axis)
    and the two distributions as grouped bars. Hovering tells what is under the mouse."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.direction = QComboBox(self)
        for key, text in DIRECTIONS.items():
            self.direction.addItem(text, key)
        self.direction.setAccessibleName("Chart direction")
        self.direction.setToolTip("Which divergence's per-outcome terms to draw")
        self.direction.currentIndexChanged.connect(lambda *_: self._redraw())
        self.form = QComboBox(self)
        for key, text in FORMS.items():
            self.form.addItem(text, key)
        self.form.setAccessibleName("Term form")
        self.form.setToolTip(FORM_HELP)
        self.form.currentIndexChanged.connect(lambda *_: self._redraw())
        self.order = QComboBox(self)
        for key, text in ORDERS.items():
            self.order.addItem(text, key)
        self.order.setAccessibleName("Bar order")
        self.order.setToolTip("Outcomes in table order, sorted by the size of their term, "
                              "or only the largest terms with the rest added into one bar")
        self.order.currentIndexChanged.connect(lambda *_: self._redraw())
        self.values_shown = QCheckBox("Val&ues", self)
        self.values_shown.setToolTip("Write each term on its bar (up to 30 bars)")
        self.values_shown.toggled.connect(lambda *_: self._redraw())
        self.reset_zoom = QPushButton("Reset &zoom", self)
        self.reset_zoom.setToolTip("Show every outcome again. Zoom with the mouse wheel "
                                   "over the chart, pan by dragging.")
        self.reset_zoom.clicked.connect(self.reset_view)
        self.plots = {"pq": BarPlot(), "qp": BarPlot()}
        self.distributions = BarPlot(((SOLID_BLUE, SOLID_BLUE),
                                      (STRIPED_ORANGE, STRIPED_ORANGE)))
        self.hover = QLabel(" ", self)
        self.hover.setAccessibleName("Bar under the mouse")
        self.hover.setWordWrap(True)

        self.stack = stack = QSplitter(Qt.Orientation.Vertical, self)
        stack.addWidget(self.plots["pq"])
        stack.addWidget(self.plots["qp"])
        stack.setChildrenCollapsible(False)
        terms_page = QWidget(self)
        terms_layout = QVBoxLayout(terms_page)
        header = FlowLayout()  # wraps onto a second line when narrow or zoomed
        header.addWidget(self.direction)
        header.addWidget(self.form)
        header.addWidget(self.order)
        header.addWidget(self.values_shown)
        header.addWidget(self.reset_zoom)
        self.key = QLabel(self)
        self.key.setAccessibleName("Colour key")
        self.key.setWordWrap(True)  # at large font sizes the key takes more lines
        header.addWidget(self.key)  # beside the controls when there is room, else below
        terms_layout.addLayout(header)
        terms_layout.addWidget(stack, 1)
        self.dist_page = dist_page = QWidget(self)
        dist_layout = QVBoxLayout(dist_page)
        dist_layout.addWidget(QLabel(" &nbsp; ".join([
            _swatch(BLUE, "p (truth)"), _swatch(ORANGE, "q (model)", striped=True)]), self))
        dist_layout.addWidget(self.distributions, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Chart tabs")
        for key, plot in self.plots.items():
            plot.setAccessibleName(f"Chart of the {DIRECTIONS[key]}")
        self.distributions.setAccessibleName("Chart of P and Q")
        self.tabs.addTab(terms_page, "Contributions")
        self.tabs.addTab(dist_page, "P and Q")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hover)
        self.tabs.currentChanged.connect(lambda *_: self._redraw())

        for key, plot in self.plots.items():
            plot.describe = lambda i, key=key: self._describe_term(key, i)
            plot.sigHovered.connect(self._show_hover)
        self.distributions.describe = self._describe_probabilities
        self.distributions.sigHovered.connect(self._show_hover)
        self._result: Result | None = None
        self._terms: dict[str, np.ndarray] = {}  # what each shown plot draws
        self._arranged: dict[str, Arrangement] = {}  # and in which order
        self._labels: Sequence[str] = ()
        self._unit, self._digits = "nats", 6

    def visible_views(self) -> list[BarPlot]:
        """The plots a person sees now, top to bottom (for exporting an image)."""
        if self.tabs.currentWidget() is self.dist_page:
            return [self.distributions]
        return [plot for plot in self.plots.values() if plot.isVisibleTo(self)]

    def reset_view(self) -> None:
        """Undo any zoom or pan of the plots."""
        shown = self.plots["pq"] if self.plots["pq"].isVisibleTo(self) else self.plots["qp"]
        for plot in (self.plots["pq"], self.plots["qp"], self.distributions):
            plot.zoomed = False
        shown.reset_view()  # the other direction follows: their outcome axes are linked
        self.distributions.reset_view()

    def key_entries(self) -> list[KeyEntry]:
        """The colour key of what is shown, for an exported image."""
        if self.tabs.currentWidget() is self.dist_page:
            return [KeyEntry(BLUE, "p (truth)"), KeyEntry(ORANGE, "q (model)", STRIPES)]
        entries = [KeyEntry(BLUE, "positive term"),
                   KeyEntry(ORANGE, "negative term (below 0)", STRIPES)]
        if self.form.currentData() == "nonnegative":
            entries = [KeyEntry(BLUE, "term (never negative)")]
        return [*entries, KeyEntry(VERMILLION, "infinite term (∞)", Qt.BrushStyle.BDiagPattern)]

    def line_up_plots(self) -> None:
        """Both directions one above the other: the same outcomes in both plots, each
        at the same x (:meth:`BarPlot.line_up`). Side by side, or one direction alone,
        each plot shows every outcome in its own width."""
        stacked = self.stack.orientation() == Qt.Orientation.Vertical
        both = self.direction.currentData() == "both"
        self.plots["pq"].line_up(self.plots["qp"] if both and stacked else None)

    def set_direction(self, key: str) -> None:
        self.direction.setCurrentIndex(list(DIRECTIONS).index(key))

    def view(self) -> ChartView:
        """What the chart shows now (its direction, term form, bar order, values on
        bars and tab), to keep in a session."""
        tabs = VIEW_CHOICES["tab"]
        return ChartView(self.direction.currentData(), self.form.currentData(),
                         self.order.currentData(), self.values_shown.isChecked(),
                         tabs[min(max(self.tabs.currentIndex(), 0), len(tabs) - 1)])

    def set_view(self, view: ChartView) -> None:
        """Show ``view`` (a session's): the controls and the View menu follow. A key
        this chart does not offer is left as it is."""
        for combo, key in ((self.direction, view.direction), (self.form, view.form),
                           (self.order, view.order)):
            index = combo.findData(key)
            if index >= 0:
                combo.setCurrentIndex(index)
        self.values_shown.setChecked(bool(view.values))
        tab = VIEW_CHOICES["tab"].index(view.tab) if view.tab in VIEW_CHOICES["tab"] else -1
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

    def show_result(self, result: Result, labels: Sequence[str], digits: int) -> None:
        """Draw the latest result in place (no plot items are created)."""
        self._result, self._labels, self._digits = result, labels, digits
        self._redraw()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        c = self._result.comparison if self._result else None
        if c is not None and c.n > 2000:  # bins follow the pixels available
            self._redraw()

    # -- drawing -------------------------------------------------------------------
    def _redraw(self) -> None:
        if self._result is None:
            return
        key = self.direction.currentData()
        both_before = self.plots["pq"].isVisibleTo(self) and self.plots["qp"].isVisibleTo(self)
        self.plots["pq"].setVisible(key in ("pq", "both"))
        self.plots["qp"].setVisible(key in ("qp", "both"))
        if key == "both" and not both_before:  # share the height evenly
            half = max(self.stack.height() // 2, 1)
            self.stack.setSizes([half, half])
        self.line_up_plots()
        form = self.form.currentData()
        swatches = [_swatch(BLUE, "positive term"),
                    _swatch(ORANGE, "negative term (below 0)", striped=True)]
        if form == "nonnegative":
            swatches = [_swatch(BLUE, "term (never negative)")]
        self.key.setText(" &nbsp; ".join(
            [*swatches, _swatch(VERMILLION, "infinite term (∞)", hatched=True)]))
        c = self._result.comparison
        if c is None:
            error = self._result.error
            text = f"Nothing to draw: {error}" if error is not None else "Nothing to draw."
            for plot in (*self.plots.values(), self.distributions):
                plot.show_message(text, self._labels)
                plot.setAccessibleDescription(text)
            return
        self._terms, self._arranged = {}, {}
        unit = f"({c.base})"
        for plot in self.plots.values():
            plot.value_text = self._bar_text if self.values_shown.isChecked() else None
        self.distributions.value_text = self.plots["pq"].value_text
        if self.tabs.currentWidget() is self.dist_page:
            self._draw_distributions(c)
            return
        for direction, plot in self.plots.items():
            if key not in (direction, "both"):
                continue  # drawn when its direction is chosen
            total = c.kl_pq if direction == "pq" else c.kl_qp
            self._terms[direction] = terms(c, direction, form)
            shown = arrange(self._terms[direction], self._labels, self.order.currentData())
            self._arranged[direction] = shown
            plot.set_value_label(f"term {unit}")
            plot.show_values([shown.values], shown.labels)
            name = "D(P‖Q)" if direction == "pq" else "D(Q‖P)"
            value = figure_text(total, self._digits)
            value += "" if math.isinf(total) else f" {c.base}"
            smoothed = " (smoothed)" if c.smoothing is not None else ""
            plot.set_title(f"{name} = Σ {TERM[form, direction]} = <b>{value}</b>{smoothed}",
                           short=f"{name} = <b>{value}</b>{smoothed}")
            plot.setAccessibleDescription(self._summary(c, self._terms[direction], name, value))
            plot.flush()

    def _draw_distributions(self, c: Comparison) -> None:
        """The P and Q page, drawn only while it is shown (an edit at 1e5 outcomes
        would otherwise bin two more arrays for a hidden page)."""
        self.distributions.set_value_label("probability")
        self.distributions.show_values([c.p, c.q], self._labels)
        self.distributions.set_title("P (truth) and Q (model)")
        top = int(np.argmax(np.abs(c.p - c.q)))
        self.distributions.setAccessibleDescription(
            f"Bars of p and q for {c.n:,} outcomes. They differ most at "
            f"{outcome_name(top, self._labels)}: p = {self._fmt(c.p[top])}, "
            f"q = {self._fmt(c.q[top])}.")

    def _summary(self, c: Comparison, values: np.ndarray, name: str, total: str) -> str:
        """What the bars show, in words (for a screen reader)."""
        finite = np.where(np.isinf(values), -np.inf, values)
        top = int(np.argmax(finite))
        parts = [f"Bars of the {c.n:,} terms of {name} = {total}."]
        if np.isfinite(finite[top]):
            parts.append(f"Largest finite term: {outcome_name(top, self._labels)}, "
                         f"{self._fmt(finite[top])}.")
        negative = int(np.count_nonzero(values < 0))
        if negative:
            parts.append(f"{negative:,} negative term{'s' if negative > 1 else ''} (striped).")
        infinite = np.flatnonzero(np.isinf(values))
        if infinite.size:
            names = ", ".join(outcome_name(int(i), self._labels) for i in infinite[:5])
            parts.append(f"Infinite at {names}{' and more' if infinite.size > 5 else ''} "
                         "(hatched, marked ∞).")
        return " ".join(parts)

    # -- hovering ------------------------------------------------------------------
    def clear_hover(self) -> None:
        """Forget the bar last hovered (another document is shown)."""
        self.hover.setText(" ")
        for plot in (*self.plots.values(), self.distributions):
            plot.setToolTip("")

    def _show_hover(self, text: str) -> None:
        self.hover.setText(text or " ")
        plot = self.sender()
        if isinstance(plot, BarPlot):
            plot.setToolTip(text)  # shown when the mouse rests on the bar

    def _describe_term(self, direction: str, i: int) -> str:
        c = self._comparison()
        if c is None:
            return ""
        form = self.form.currentData()
        values = self._terms.get(direction)
        if values is None:
            return ""
        shown = self._arranged.get(direction)
        if shown is not None and shown.order is not None:
            if i >= shown.order.size:
                return (f"The other {count_text(shown.rest)} outcomes: their terms add up "
                        f"to {self._fmt(shown.values[i])} {c.base}")
            i = int(shown.order[i])
        bins = self.plots[direction].bins
        if bins is not None and bins.count < c.n and (shown is None or shown.order is None):
            k = bins.bin_of(i)
            return self._describe_bin(c, values, int(bins.start[k]), int(bins.stop[k]))
        return (f"{outcome_name(i, self._labels)}: p = {self._fmt(c.p[i])}, "
                f"q = {self._fmt(c.q[i])}, {_bare(TERM[form, direction])} = "
                f"{self._fmt(values[i])} {c.base}")

    def _describe_bin(self, c: Comparison, values: np.ndarray, start: int, stop: int) -> str:
        part = values[start:stop]
        top, low = start + int(np.argmax(part)), start + int(np.argmin(part))
        text = (f"Outcomes {count_text(start + 1)}–{count_text(stop)}: largest term "
                f"{self._fmt(values[top])} "
                f"({outcome_name(top, self._labels)})")
        if values[low] < 0:
            text += f", most negative {self._fmt(values[low])} ({outcome_name(low, self._labels)})"
        return text + f" {c.base}"

    def _describe_probabilities(self, i: int) -> str:
        c = self._comparison()
        if c is None:
            return ""
        bins = self.distributions.bins
        if bins is not None and bins.count < c.n:
            k = bins.bin_of(i)
            start, stop = int(bins.start[k]), int(bins.stop[k])
            return (f"Outcomes {count_text(start + 1)}–{count_text(stop)}: largest p = "
                    f"{self._fmt(c.p[start:stop].max())}, "
                    f"largest q = {self._fmt(c.q[start:stop].max())}")
        return f"{outcome_name(i, self._labels)}: p = {self._fmt(c.p[i])}, q = {self._fmt(c.q[i])}"

    def _comparison(self) -> Comparison | None:
        return self._result.comparison if self._result is not None else None

    def _bar_text(self, value: float) -> str:
        """A value written on its bar: three significant digits, to stay inside it."""
        return figure_text(value, min(self._digits, 3))

    def _fmt(self, value: float) -> str:
        return figure_text(value, self._digits)
