"""Fill a column from a family: the family, its parameters (the tail K where it has
one), and whether to replace the outcomes with the ones it needs. The dialog checks the
family and whether it fits the table's outcomes as its values change; the window's slot
calls one model method with :attr:`FamilyDialog.family` and
:attr:`FamilyDialog.create_outcomes` (MNELAB's habit)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (QAbstractSpinBox, QCheckBox, QComboBox, QDialog,
                               QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QStyle, QVBoxLayout, QWidget)

from klgui.core import DistributionError
from klgui.core.families import (Binomial, Family, Geometric, Normal, Poisson, Softmax,
                                 Uniform, Zipf)
from klgui.core.families import outcome_values, parameter_name
from klgui.core.families.logits_text import logits_text, read_logits
from klgui.model.family_columns import support_labels
from klgui.core.teaching.families_text import FAMILY_NOTES
from klgui.ui.chart.family_controls import box_limits
from klgui.ui.chart.typed_boxes import CheckedDoubleSpinBox, CheckedSpinBox, refusal_text
from klgui.ui.elide import short_text
from klgui.ui.shell.look import WARNING_STYLE
from klgui.ui.numbers import entry_text, localize, locale_uses_decimal_comma
from klgui.ui.table.outcome_table import warning_label

TITLES = {"binomial": "Binomial(n, p)", "poisson": "Poisson(λ)", "geometric": "Geometric(p)",
          "uniform": "Uniform", "zipf": "Zipf(s)", "normal": "Normal(μ, σ) in bins",
          "logits": "Softmax of logits, temperature T"}
CREATE_NOTE = "Other columns keep the entries of the labels they share."


def _spin(low: float, high: float, value: float, decimals: int | None = None,
          special: str = "") -> QAbstractSpinBox:
    """A spin box from ``low`` to ``high`` (whole numbers when ``decimals`` is None)
    that says when what is typed is not a number it takes (``sigNotTaken``)."""
    box = CheckedSpinBox() if decimals is None else CheckedDoubleSpinBox()
    if decimals is not None:
        box.setDecimals(decimals)
    box.setRange(low, high)
    box.setValue(value)
    if special:
        box.setSpecialValueText(special)  # shown at the lowest value: "automatic"
    return box


class ReplacementNote(NamedTuple):
    """What replacing the outcomes does to the other columns' entries, as the window
    writes it (``text``, "" for nothing to say), and whether it drops an entry that
    holds weight (``drops``: said in the warning style, and that Undo brings it back)."""

    text: str = ""
    drops: bool = False


def replacement_note(document, which: int, family: Family) -> ReplacementNote:
    """What replacing the outcomes with ``family``'s does to the entries of the other
    typed columns of ``document`` (Document.replacement_said and replacement_drops), as
    the window writes it: entries with the locale's decimal mark, numbers outside quotes
    localized."""
    try:
        said = document.replacement_said(which, family, entry_text)
        drops = document.replacement_drops(which, family)
    except ValueError:  # a family that cannot be placed: the fill says why
        return ReplacementNote()
    return ReplacementNote(localize(said, keep_quoted=True), drops)


class FamilyDialog(QDialog):
    """Choose a family and its parameters for column ``name`` of a table with these
    outcome ``labels``; ``current`` (the column's family, if any) is where it starts.
    ``refusal(family, create_outcomes)`` says why the document would refuse that fill
    ("" when it would take it; Document.fill_refusal, which makes the fill's own checks
    without changing anything): OK is enabled only when it is "", else the dialog says
    why. Without it every fill is offered. ``replacing(family)`` says what replacing the
    outcomes would do to the other columns' entries (:func:`replacement_note`): shown
    under the check box while it is ticked, before anything happens."""

    def __init__(self, name: str, labels: Sequence[str], current: Family | None = None,
                 parent: QWidget | None = None,
                 refusal: Callable[[Family, bool], str] | None = None,
                 replacing: Callable[[Family], ReplacementNote] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Fill {name} from a family")
        self.labels = list(labels)
        self.refusal = refusal or (lambda family, create: "")
        #: What replacing the outcomes with a family's would do to the other columns'
        #: entries (replacement_note), shown under the check box before OK; an
        #: empty note: the general note.
        self.replacing = replacing or (lambda family: ReplacementNote())
        n = len(self.labels)
        try:
            numbers = outcome_values(self.labels).whole_numbers
        except DistributionError:
            numbers = None
        top = max(numbers) if numbers and min(numbers) >= 0 else max(n - 1, 1)
        self.choice = QComboBox(self)
        self.choice.setAccessibleName("Family")
        # one page of parameters per family, only the chosen one shown: the dialog fits
        # it (a QStackedWidget is as tall as its tallest page at any width, even with
        # the other pages' size policies Ignored, which left an empty band under a
        # family of one parameter)
        self.pages = QWidget(self)
        pages = QVBoxLayout(self.pages)
        pages.setContentsMargins(0, 0, 0, 0)
        # the families' own ranges (as the sliders' boxes take them); 0 is "automatic"
        whole = box_limits("poisson", "tail")[1]
        self.boxes: dict[str, dict[str, QWidget]] = {
            "binomial": {"n": _spin(*box_limits("binomial", "n"), max(top, 1)),
                         "p": _spin(*box_limits("binomial", "p", 6), 0.5, 6)},
            "poisson": {"lam": _spin(*box_limits("poisson", "lam"), 2, 4),
                        "tail": _spin(0, whole, 0, special="automatic")},
            "geometric": {"p": _spin(*box_limits("geometric", "p"), 0.5, 4),
                          "tail": _spin(0, whole, 0, special="automatic")},
            "uniform": {"n": _spin(0, whole, 0, special="every outcome")},
            "zipf": {"s": _spin(*box_limits("zipf", "s"), 1, 4),
                     "n": _spin(0, whole, 0, special="every outcome")},
            "normal": {"mean": _spin(*box_limits("normal", "mean"), 0, 4),
                       "sd": _spin(*box_limits("normal", "sd"), 1, 4)},
            "logits": {"logits": QLineEdit(" ".join(["0"] * n) if n <= 1000 else ""),
                       "temperature": _spin(*box_limits("logits", "temperature"), 1, 4)},
        }
        names = {"n": "n", "p": "p", "lam": "λ", "tail": "tail K (last outcome ≥ K)",
                 "s": "s", "mean": "μ", "sd": "σ", "logits": "logits z",
                 "temperature": "temperature T"}
        for key, boxes in self.boxes.items():
            page = QWidget(self.pages)
            form = QFormLayout(page)
            note = QLabel(FAMILY_NOTES[key], page)
            note.setWordWrap(True)
            form.addRow(note)
            for param, box in boxes.items():
                box.setParent(page)
                box.setAccessibleName(names[param])
                form.addRow(f"{names[param]}:", box)
                signal = box.textChanged if isinstance(box, QLineEdit) else box.valueChanged
                signal.connect(self._check)
                if not isinstance(box, QLineEdit):  # text the box cannot take: say why
                    box.lineEdit().textEdited.connect(lambda _, b=box: self._edited(b))
                    box.sigNotTaken.connect(lambda v, typed, why, b=box, p=param:
                                            self._not_taken(b, p, (v, typed, why)))
            pages.addWidget(page)
            self.choice.addItem(TITLES[key], key)
        logits = self.boxes["logits"]["logits"]
        logits.setToolTip("Logits separated by spaces or semicolons: 1,5 2,5" if
                          locale_uses_decimal_comma() else
                          "Logits separated by spaces, commas or semicolons: 1.5 2.5")
        self.create = QCheckBox(self)
        self.create.setAccessibleName("Replace the outcomes")
        # what replacing does to the other columns, under the check box's text and
        # wrapped (a check box's own text never wraps: the whole sentence on its line
        # made the dialog 1,262 px wide at 200%)
        self.create_note = QLabel(CREATE_NOTE, self)
        self.create_note.setWordWrap(True)
        self.create.setAccessibleDescription(CREATE_NOTE)
        self.problem = warning_label(self, "Family problem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Family:", self.choice)
        layout.addLayout(form)
        layout.addWidget(self.pages)
        layout.addWidget(self.create)
        layout.addWidget(self.create_note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.choice.currentIndexChanged.connect(self._chosen)
        self._user_create = False  # the person's choice stands until another family
        self._said_untaken = False  # the problem shown is a text a box does not take
        self.create.clicked.connect(self._create_clicked)
        if current is not None:
            self._show(current)
        self._chosen()
        if parent is not None:
            self._zoomed(parent.window().font())
        self._indent_note()

    def _indent_note(self) -> None:
        """The note under the check box starts where the check box's text does."""
        style = self.create.style()
        indent = (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self.create)
                  + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None,
                                      self.create))
        self.create_note.setContentsMargins(indent, 0, 0, 0)

    def _zoomed(self, font) -> None:
        """Take the window's font (View ▸ Zoom): a dialog is a window, which takes no
        parent's font, and under the high contrast style sheet a widget made before
        it was placed keeps the application's font; so each gets it, save those with
        a font of their own."""
        self.setFont(font)
        for widget in self.findChildren(QWidget):
            if not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
                widget.setFont(font)

    # -- the result ------------------------------------------------------------------
    @property
    def family(self) -> Family | None:
        """The family as the controls say, or None when they say nothing valid."""
        try:
            return self._read()
        except DistributionError:
            return None

    @property
    def create_outcomes(self) -> bool:
        """Whether the table's outcomes are to be replaced with the family's."""
        return self.create.isEnabled() and self.create.isChecked()

    def set_value(self, key: str, value) -> None:
        """Set one parameter's control (``key`` as in a session: "p", "lam", "logits")."""
        box = self.boxes[self.choice.currentData()][key]
        if isinstance(box, QLineEdit):
            box.setText(value if isinstance(value, str) else " ".join(map(str, value)))
        else:
            box.setValue(value)

    def choose(self, family: str) -> None:
        self.choice.setCurrentIndex(self.choice.findData(family))

    # -- inside ----------------------------------------------------------------------
    def _show(self, family: Family) -> None:
        self.choose(family.name)
        for key, box in self.boxes[family.name].items():
            v = getattr(family, key)
            if isinstance(box, QLineEdit):
                box.setText(logits_text(v, locale_uses_decimal_comma()))
            elif v is not None:
                box.setValue(v)

    def _read(self) -> Family:
        key = self.choice.currentData()
        v = {k: (b.text() if isinstance(b, QLineEdit) else b.value())
             for k, b in self.boxes[key].items()}
        optional = {k: (int(v[k]) or None) for k in ("tail", "n") if k in v}
        if key == "binomial":
            return Binomial(int(v["n"]), float(v["p"]))
        if key == "poisson":
            return Poisson(float(v["lam"]), optional["tail"])
        if key == "geometric":
            return Geometric(float(v["p"]), optional["tail"])
        if key == "uniform":
            return Uniform(optional["n"])
        if key == "zipf":
            return Zipf(float(v["s"]), optional["n"])
        if key == "normal":
            return Normal(float(v["mean"]), float(v["sd"]))
        texts = read_logits(v["logits"], locale_uses_decimal_comma())
        return Softmax(texts, float(v["temperature"]))

    def _create_clicked(self) -> None:
        self._user_create = True
        self._check()

    @property
    def page(self) -> QWidget:
        """The parameters' page of the family chosen (the only one shown)."""
        return self.pages.layout().itemAt(self.choice.currentIndex()).widget()

    def _chosen(self) -> None:
        index = self.choice.currentIndex()
        layout = self.pages.layout()
        for i in range(layout.count()):
            layout.itemAt(i).widget().setVisible(i == index)
        self._user_create = False
        self._check()
        self.pages.layout().activate()  # the page's hiding and showing, taken in first
        self.layout().activate()
        self.adjustSize()  # as tall as the page shown

    def _edited(self, box: QAbstractSpinBox) -> None:
        """A key typed into a spin box: check here only for what valueChanged does not
        report (a text the box does not take, or the end of one), so that a key is
        checked once (each check lists the family's outcomes: n = 10⁶ of them)."""
        if self._said_untaken or box.untaken() is not None:
            self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        untaken = self._untaken()
        self._said_untaken = bool(untaken)
        if untaken:  # a typed text no box takes: never another value instead
            self._say(untaken)
            ok.setEnabled(False)
            return
        try:
            family = self._read()
        except DistributionError as e:
            self._say(str(e))
            ok.setEnabled(False)
            return
        # the labels the document would create: the same function it calls
        support = support_labels(family, len(self.labels))
        ends = [short_text(support[i], 16) for i in (0, -2, -1)] if len(support) > 2 \
            else [short_text(label, 16) for label in support]  # only the labels shown
        shown = (f"{ends[0]}…{ends[-1]}" if len(support) <= 2 or support[-1][0] != "≥"
                 else f"{ends[0]}…{ends[-2]} and {ends[-1]}")
        self.create.setText(f"Replace the outcomes with {shown} ({len(support):,})")
        why_here = self.refusal(family, False)
        if not self._user_create:
            with QSignalBlocker(self.create):
                self.create.setChecked(bool(why_here))
        if self.create.isChecked():
            why_new = self.refusal(family, True)
            if why_new:
                self._say(f"Replacing the outcomes with {shown} would not work: {why_new}")
                ok.setEnabled(False)
                return
        elif why_here:
            self._say(f"It does not fit the table's outcomes: {why_here}")
            ok.setEnabled(False)
            return
        self._say("")
        ok.setEnabled(True)
        self._tell(self.replacing(family) if self.create.isChecked()
                   else ReplacementNote())

    def _tell(self, note: ReplacementNote) -> None:
        """Under the check box: what replacing the outcomes does to the other columns'
        entries (``note``), or the general note."""
        text = note.text or CREATE_NOTE
        if self.create_note.text() != text:
            self.create_note.setText(text)
            self.create.setAccessibleDescription(text)
            # entries dropped: in the warning style, to be read before OK
            self.create_note.setStyleSheet(WARNING_STYLE if note.drops else "")

    def _untaken(self) -> str:
        """Why the text typed into a box of the family shown is not a value it takes
        (the parameter's shown name, the text as typed, the family's range in the
        locale's form); "" when every box takes its text."""
        for param, box in self.boxes[self.choice.currentData()].items():
            refused = None if isinstance(box, QLineEdit) else box.untaken()
            if refused is not None:
                return self._refusal(box, param, refused)
        return ""

    def _refusal(self, box: QAbstractSpinBox, param: str,
                 refused: tuple[float, str, str]) -> str:
        value, typed, problem = refused
        decimals = box.decimals() if isinstance(box, CheckedDoubleSpinBox) else None
        said = refusal_text(self.choice.currentData(), param, value, typed, problem,
                            (box.minimum(), box.maximum()), decimals=decimals) or (
                                f"{parameter_name(param)} = {typed} is not taken.")
        special = box.specialValueText()
        if special and not value > box.maximum():  # below the range, or no number
            # the family's range starts at 1: the box's 0 is its own "automatic"
            said = f"{said.rstrip('.')}; {box.minimum()} means {special}."
        return said

    def _not_taken(self, box: QAbstractSpinBox, param: str,
                   refused: tuple[float, str, str]) -> None:
        """Text entered that a box cannot take: once Qt has put the box's value back,
        say what was not taken (OK then takes the values shown)."""
        said = self._refusal(box, param, refused)

        def after() -> None:
            self._check()
            if not self.problem.isVisible():
                self._say(f"Not taken: {said}")
        QTimer.singleShot(0, self, after)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

