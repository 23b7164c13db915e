"""The figures: both KL directions and their asymmetry, the symmetric measures, the
entropies and the identity H(P,Q) = H(P) + D(P‖Q), with unit and precision controls."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter
from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QSpinBox, QVBoxLayout, QWidget)

from klgui.core.teaching.explain import (asymmetry_text, identity_text, infinite_reason,
                                        pair_text)
from klgui.core.teaching.families_text import closed_form_text, distillation_text
from klgui.core.teaching.meanings import UNIT_MEANINGS, meaning
from klgui.core.units import UNITS, nats_per_unit
from klgui.model.document import DIGITS_RANGE, Result
from klgui.model.edits import Edits

from klgui.ui.numbers import figure_text, full_precision_text, guarded_labels, localize
from klgui.ui.shell.status import announce
from klgui.ui.table.outcome_table import warning_label

NAMES = {
    "kl_pq": "D(P‖Q)", "kl_qp": "D(Q‖P)", "entropy_p": "H(P)", "entropy_q": "H(Q)",
    "cross_entropy_pq": "H(P,Q)", "cross_entropy_qp": "H(Q,P)", "jeffreys": "Jeffreys",
    "js_divergence": "Jensen–Shannon divergence", "js_distance": "Jensen–Shannon distance",
    "total_variation": "Total variation", "hellinger": "Hellinger distance",
    "bhattacharyya": "Bhattacharyya distance",
}
SYMMETRIC = ("jeffreys", "js_divergence", "js_distance", "total_variation", "hellinger",
             "bhattacharyya")
ENTROPIES = ("entropy_p", "entropy_q", "cross_entropy_pq", "cross_entropy_qp")
#: The figures' layouts, widest first (ComparisonPanel.arrange).
ARRANGEMENTS = ("wide", "key first", "narrow")
CAPTIONS = {"kl_pq": "information lost when Q is used in place of P",
            "kl_qp": "information lost when P is used in place of Q"}


class FigureLabel(QLabel):
    """A figure shown at the chosen precision; copying it copies every digit. Both in
    the locale's form (``0,0915162`` in de_DE), so it pastes into a spreadsheet of the
    same locale as a number."""

    def __init__(self, name: str, parent=None) -> None:
        super().__init__("—", parent)
        self.name = name
        self.value: float | None = None
        self._widest = (None, 0)  # (font, width in pixels) of the widest text shown
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(NAMES.get(name, name))
        self.setWhatsThis(meaning(name))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # after the flags, which set a label's focus policy to NoFocus: Tab reaches it
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy_action = QAction(f"Copy {NAMES.get(name, name)} (full precision)", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy)
        self.addAction(self.copy_action)

    def show_value(self, value: float | None, unit: str, digits: int) -> None:
        self.value = value
        if value is None:
            self.setText("—")
            self.setToolTip("Not available until the entries can be compared.")
            return
        shown = figure_text(value, digits)
        self.setText(shown if math.isinf(value) else f"{shown} {unit}".rstrip())
        self.setToolTip(f"<p><b>{full_precision_text(value)} {unit}</b> (right-click or Ctrl+C "
                        f"to copy every digit)</p><p>{meaning(self.name, unit or None)}</p>")
        self.setAccessibleDescription(meaning(self.name, unit or None))

    def sizeHint(self) -> QSize:
        # One line of plain text, measured here: QLabel measures through a text document
        # that asks for a repaint of the label each time it measures a new text (a
        # second paint of every new number). Never narrower than the widest text shown
        # at this font, so a number that gets shorter does not move what is beside it.
        metrics = self.fontMetrics()
        font, widest = self._widest
        width = metrics.horizontalAdvance(self.text())
        if font != self.font():
            widest = 0
        if width > widest:
            widest = width
        self._widest = (self.font(), widest)
        margins = self.contentsMargins()
        extra = 2 * max(self.margin(), 0)
        return QSize(widest + margins.left() + margins.right() + extra,
                     metrics.height() + margins.top() + margins.bottom() + extra)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        # One line of plain text, drawn as QLabel draws plain text. QLabel itself lays a
        # changed text out again inside its paint event (through a text document here),
        # which asks for a second repaint of the label: each new number would be painted
        # twice.
        painter = QPainter(self)
        self.drawFrame(painter)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()),
                                  self.palette(), self.isEnabled(), self.text(),
                                  self.foregroundRole())

    def event(self, event) -> bool:
        # Ctrl+C is also the table's and the window's shortcut: an ambiguous shortcut
        # fires none, so a focused figure takes the key for itself
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(
                QKeySequence.StandardKey.Copy):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)

    def copy(self) -> None:
        """Put the full-precision value on the clipboard (nothing when there is none),
        and say so in the status bar."""
        name = NAMES.get(self.name, self.name)
        if self.value is None:
            announce(self, f"{name} has no value to copy yet.")
            return
        text = full_precision_text(self.value)
        QGuiApplication.clipboard().setText(text)
        announce(self, f"Copied {name} = {text} (every digit).")


class ComparisonPanel(QWidget):
    """Every figure of the current comparison, or why there is none."""

    def __init__(self, edits: Edits, parent=None) -> None:
        super().__init__(parent)
        self.document = edits.document
        self.figures: dict[str, FigureLabel] = {}

        self.unit = QComboBox(self)
        for unit in UNITS:
            self.unit.addItem(unit, unit)
        self.unit.setAccessibleName("Unit")
        self.unit.setToolTip("<p>" + "</p><p>".join(UNIT_MEANINGS.values()) + "</p>")
        self.unit.currentIndexChanged.connect(lambda *_: edits.set_unit(self.unit.currentData()))
        self.digits = QSpinBox(self)
        self.digits.setRange(*DIGITS_RANGE)
        self.digits.setAccessibleName("Significant digits")
        self.digits.setSuffix(" digits")
        self.digits.valueChanged.connect(edits.set_digits)
        # Unit and precision apply to every page; the window puts them beside its tabs.
        self.settings_bar = QWidget(self)
        controls = QHBoxLayout(self.settings_bar)
        controls.setContentsMargins(0, 0, 4, 0)
        controls.addWidget(QLabel("Unit:", self.settings_bar))
        controls.addWidget(self.unit)
        controls.addWidget(self.digits)

        self._headline = headline = QGridLayout()
        self._headline_cells: list[tuple[QWidget, QWidget, QWidget]] = []
        for column, name in enumerate(("kl_pq", "kl_qp")):
            title = QLabel(f"<b>{NAMES[name]}</b>", self)
            title.setToolTip(meaning(name))
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = self._figure(name)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            value.setFont(font)
            caption = QLabel(CAPTIONS[name], self)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setWordWrap(True)
            headline.addWidget(title, 0, column)
            headline.addWidget(value, 1, column)
            headline.addWidget(caption, 2, column)
            self._headline_cells.append((title, value, caption))
        self.asymmetry = QLabel(self)
        self.asymmetry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.asymmetry.setWordWrap(True)
        self.reason = warning_label(self, "Why there is no finite result")
        # a family pair's closed forms, or a teacher and student's distillation figures
        self.formula = QLabel(self)
        self.formula.setWordWrap(True)
        self.formula.setAccessibleName("From the formula")
        self.formula.setTextFormat(Qt.TextFormat.PlainText)
        self.formula.hide()
        self.smoothed = QLabel(self)
        self.smoothed.setWordWrap(True)
        self.smoothed.setAccessibleName("Smoothing in use")
        self.smoothed.hide()
        self.pair = QLabel(self)  # which distributions P and Q are, once they have names
        self.pair.setWordWrap(True)
        self.pair.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pair.setAccessibleName("The pair compared")
        self.pair.setTextFormat(Qt.TextFormat.PlainText)  # names are not markup
        self.pair.hide()

        self.identity = QLabel(self)
        self.identity.setWordWrap(True)
        self.identity.setAccessibleName("Cross-entropy identity")
        # plain text: a rich-text label lays its text out again while it paints, which
        # asks for a second repaint of it at every new number
        self.identity.setTextFormat(Qt.TextFormat.PlainText)

        self._symmetric = self._group("Symmetric measures", SYMMETRIC)
        self._entropies = self._group("Entropies and cross-entropies", ENTROPIES)
        self._group_margins = self._entropies.layout().contentsMargins()
        self._top = QGridLayout()  # the headline figures, and the entropies beside them
        self._rest = QGridLayout()  # the groups below the asymmetry
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pair)
        layout.addWidget(self.smoothed)
        layout.addLayout(self._top)
        layout.addWidget(self.asymmetry)
        layout.addWidget(self.formula)
        layout.addWidget(self.reason)
        layout.addLayout(self._rest)
        layout.addStretch(1)
        self.arrangement = ""
        self.arrange("wide")
        self.sync_settings()
        # the controls follow the document's settings when they change, not every result
        self.document.subscribe(lambda change: self.sync_settings()
                                if change.kind in ("settings", "reset") else None)

    def arrange(self, arrangement: str) -> None:
        """Lay the figures out as one of ``ARRANGEMENTS``, widest first:

        - ``"wide"``: both headline figures side by side, then the symmetric measures
          and the entropies side by side;
        - ``"key first"`` (a zoom): the key figures at the top of the page, both
          headline figures one under the other, each with its caption, and the
          entropies beside them, then the symmetric measures;
        - ``"narrow"``: one column, the entropies before the symmetric measures.

        Raises ValueError for another name."""
        if arrangement not in ARRANGEMENTS:
            raise ValueError(f"{arrangement!r} is not one of {ARRANGEMENTS}")
        if arrangement == self.arrangement:
            return
        self.arrangement = arrangement
        top, rest = self._top, self._rest
        for grid in (top, rest):
            for widget in [grid.itemAt(i).widget() for i in range(grid.count())]:
                grid.removeWidget(widget)
            for k in range(3):
                grid.setColumnStretch(k, 0)
        entropies = self._entropies.layout()
        entropies.removeWidget(self.identity)
        key_first = arrangement == "key first"
        top.setVerticalSpacing(-1)  # the style's
        if arrangement == "wide":
            for column, cells in enumerate(self._headline_cells):
                for row, widget in enumerate(cells):
                    top.addWidget(widget, row, column)
            rest.addWidget(self._symmetric, 0, 0)
            rest.addWidget(self._entropies, 0, 1)
            rest.setColumnStretch(0, 1)
            rest.setColumnStretch(1, 1)
        elif key_first:  # the figures left, each with what it means; the entropies right
            # (the captions below the asymmetry and the warnings sat far from their
            # figure, the one for D(P‖Q) under an ∞ warning box)
            for k, cells in enumerate(self._headline_cells):
                for row, widget in enumerate(cells):
                    top.addWidget(widget, 3 * k + row, 0)
            # at its own height, not stretched to the figures' column (key_height)
            top.addWidget(self._entropies, 0, 1, 6, 1, Qt.AlignmentFlag.AlignTop)
            top.setVerticalSpacing(2)  # each title on its figure: the two fit sooner
            m = self._group_margins  # the identity below: H(Q,P) ends the group
            entropies.setContentsMargins(m.left(), m.top(), m.right(), min(m.bottom(), 3))
            top.setColumnStretch(0, 1)
            top.setColumnStretch(1, 1)
            rest.addWidget(self.identity, 2, 0)
            rest.addWidget(self._symmetric, 3, 0)
        else:
            for k, cells in enumerate(self._headline_cells):
                for row, widget in enumerate(cells):
                    top.addWidget(widget, row + 3 * k, 0)
            rest.addWidget(self._entropies, 0, 0)
            rest.addWidget(self._symmetric, 1, 0)
        if arrangement != "key first":
            entropies.addWidget(self.identity, len(ENTROPIES), 0, 1, 2)
            entropies.setContentsMargins(self._group_margins)
        for grid in (top, rest, entropies):
            grid.invalidate()
        self.layout().invalidate()  # the outer layout caches its least size
        self.updateGeometry()

    def least_width(self, arrangement: str) -> int:
        """The least width of the page in ``arrangement``, in pixels (the arrangement
        shown stays)."""
        shown = self.arrangement
        self.arrange(arrangement)
        width = self.minimumSizeHint().width()
        self.arrange(shown)
        return width

    def key_height(self) -> int:
        """The height from the top of the page to the foot of the key figures, in
        pixels, as laid out at the page's width: both headline figures (the first with
        its caption, which stands between them) and the entropies (what a
        presentation needs without scrolling)."""
        layout = self.layout()
        layout.activate()
        # the first caption stands between the figures; the last may be scrolled to
        key = [cell for cells in self._headline_cells for cell in cells][:-1]
        key.append(self._entropies)  # its rows; the identity is in it or below it
        return max(widget.geometry().bottom() + 1 for widget in key) \
            + layout.contentsMargins().bottom()

    def _figure(self, name: str) -> FigureLabel:
        label = FigureLabel(name, self)
        self.figures[name] = label
        return label

    def _group(self, title: str, names: tuple[str, ...]) -> QGroupBox:
        box = QGroupBox(title, self)
        grid = QGridLayout(box)
        for row, name in enumerate(names):
            title = QLabel(NAMES[name], box)
            title.setToolTip(meaning(name))
            grid.addWidget(title, row, 0)
            grid.addWidget(self._figure(name), row, 1)
        grid.setColumnStretch(1, 1)
        return box

    def sync_settings(self) -> None:
        """Show the document's unit and digits without echoing them back."""
        with QSignalBlocker(self.unit), QSignalBlocker(self.digits):
            self.unit.setCurrentIndex(self.unit.findData(self.document.unit))
            self.digits.setValue(self.document.digits)

    def show_result(self, result: Result) -> None:
        c, digits = result.comparison, self.document.digits
        named = (result.reference_name, result.model_name) != ("P", "Q")
        self.pair.setVisible(named or len(self.document.model_ids) > 1)
        self.pair.setText(pair_text(result.reference_name, result.model_name))
        for name, label in self.figures.items():
            label.show_value(None if c is None else getattr(c, name),
                             "" if c is None else c.unit_of(name), digits)
        smoothing = None if c is None else c.smoothing
        self.smoothed.setVisible(smoothing is not None)
        if smoothing is not None:
            self.smoothed.setText(localize(f"Smoothed: {smoothing.describe()}. The Smoothing "
                                           "tab shows the figures without it."))
        if c is None:
            self.asymmetry.setText("")
            self.identity.setText("")
            self._show_reason(localize(str(result.error), keep_quoted=True))
        else:
            self.asymmetry.setText(localize(asymmetry_text(c, digits)))
            labels = guarded_labels(self.document.labels)
            reasons = [f"D({a}‖{b}) = ∞ because {localize(infinite_reason(c, key, labels))}"
                       for key, a, b in (("pq", "P", "Q"), ("qp", "Q", "P"))
                       if getattr(c, f"infinite_{key}")]
            self._show_reason("\n".join(reasons))
            self.identity.setText(localize(identity_text(c, digits)))
        try:  # last, and never left showing an older pair's formula
            self._show_formula(c, result.table_errors)
        except BaseException:
            self.formula.setText("")
            self.formula.setVisible(False)
            raise

    def _show_formula(self, c, table_errors: tuple[float, float] | None) -> None:
        """D from its formula beside the table's (reference and focus of one family), or
        the distillation figures (both logits), or why neither applies. ``table_errors``:
        the result's bounds on the table's D both ways (Result.table_errors, computed
        with it); nothing is computed here."""
        figures = self.document.family_figures()
        lines = []
        if c is not None and figures.closed_pq is not None:
            scale = nats_per_unit(c.base)
            digits = self.document.digits
            # what rounding the table's probabilities to doubles can move its D (0: unknown,
            # leaving the formula's own bound)
            errors = table_errors if table_errors is not None else (0.0, 0.0)
            for a, b, cf, table, error in (("P", "Q", figures.closed_pq, c.kl_pq, errors[0]),
                                           ("Q", "P", figures.closed_qp, c.kl_qp, errors[1])):
                text = closed_form_text(cf, table * scale, c.base, digits, (a, b), error)
                lines.append(f"D({a}‖{b}): {text}")
        elif c is not None and figures.distillation is not None:
            lines.append("Teacher P, student Q: "
                         + distillation_text(figures.distillation, c.base,
                                             self.document.digits))
        elif figures.note:
            lines.append(figures.note)
        text = "\n".join(lines)
        self.formula.setText(localize(text) if text else "")
        self.formula.setVisible(bool(text))

    def _show_reason(self, text: str) -> None:
        self.reason.setText(text)
        self.reason.setVisible(bool(text))
