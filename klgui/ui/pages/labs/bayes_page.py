"""The Bayes lab: the outcomes are hypotheses, P is the prior, a likelihood column says
how likely a named observation is under each; the page shows the posterior, the
information gained in bits, each result's gain and the expected gain, and a row of
observations updated step by step. A large set of hypotheses is updated on the lab's
worker thread."""

from __future__ import annotations

import math
from html import escape

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QBoxLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QPushButton, QVBoxLayout, QWidget)

from klgui.core.errors import DistributionError, WeightParseError
from klgui.core.labs.bayes import BinaryGains, Observation, Step, Update
from klgui.core.parsing import parse_weight
from klgui.core.teaching import labs_text as text
from klgui.io.lab_export import save_bayes
from klgui.model.snapshot import BayesLab
from klgui.ui.flow_layout import FlowLayout
from klgui.ui.numbers import (figure_text, full_precision_text, locale_uses_decimal_comma,
                              localize)
from klgui.ui.pages.labs.lab_jobs import BayesJob, BayesResult, default_likelihood
from klgui.ui.pages.labs.lab_page import (FIGURE_SCALE, HEADLINE_SCALE, LabPage, labeller,
                                          room_width, scaled_label)
from klgui.ui.pages.labs.lab_table import LabTable
from klgui.ui.table.outcome_table import warning_label

UNIT = "bits"  # information gained is told in bits, whatever the window's unit
LIKELIHOOD = 2  # the editable column
#: The observation's name for hypotheses named by a coin's θ, and for any others.
DEFAULT_NAMES = {True: "heads", False: "the evidence"}


class BayesPage(LabPage):
    """Prior (P), an editable likelihood column and an observation name; the posterior,
    the gain, and Add / Add the opposite / Undo last / Clear for observations in a row."""

    #: The page recomputed (after an edit, a step or a new pair).
    sigUpdated = Signal()
    #: The person changed the lab's work (a likelihood, the observation's name, the
    #: observations): the session it is saved with has unsaved changes.
    sigEdited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.likelihood = np.zeros(0)
        self.likelihood_texts: list[str] = []
        self.observations: list[Observation] = []
        self.result: Update | None = None
        self._problem = ""
        self.gains: BinaryGains | None = None
        self.steps: list[Step] = []
        self._restored: BayesLab | None = None  # a session's work, for its pair to come

        self.observation = QWidget(self)  # the label and its field, kept together
        self.name = QLineEdit("heads", self.observation)
        self.name.setAccessibleName("Observation")
        self.name.setToolTip("What you observe, for instance 'heads'. Its likelihood column "
                             "says how probable it is under each hypothesis.")
        self.name.setMaximumWidth(220)
        # Bound methods, not lambdas holding the page: a lambda lives as long as its sender
        # (a child of the page), so a dropped page was never deleted.
        self.name.textChanged.connect(self._renamed)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self._observed)
        self.opposite_button = QPushButton(self)
        self.opposite_button.clicked.connect(self._observed_not)
        self.undo_button = QPushButton("Undo last", self)
        self.undo_button.clicked.connect(self.undo_last)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.clicked.connect(self.clear_steps)
        # The label and its field stay together; the buttons wrap onto a further line
        # where the width runs out (at 150% the row ran past the page's right edge,
        # the field squeezed to "ence" and Clear beyond it).
        pair = QHBoxLayout(self.observation)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(QLabel("Observation:", self.observation))
        pair.addWidget(self.name)
        controls = FlowLayout()
        controls.addWidget(self.observation)
        for button in (self.add_button, self.opposite_button, self.undo_button,
                       self.clear_button):
            controls.addWidget(button)

        self.conclusion = scaled_label(self, HEADLINE_SCALE, name="What to conclude")
        self.gain = scaled_label(self, FIGURE_SCALE, name="Information gained")
        self.error = warning_label(self, "Likelihood problem")
        self.table = LabTable("Hypotheses", self)
        self.table.model_.editable = LIKELIHOOD
        self.table.model_.wrap_headers = True  # "P(heads |\nhypothesis)": narrower columns
        self.table.model_.tips = {LIKELIHOOD: (
            "P(observation | hypothesis), between 0 and 1; the column need not sum to 1. "
            "Type a decimal, a fraction such as 1/3 or a percentage.")}
        self.table.model_.sigEdited.connect(self.set_likelihood)
        self.before = QLabel(self)
        self.before.setWordWrap(True)
        self.before.setTextFormat(Qt.TextFormat.RichText)
        self.before.setAccessibleName("Each result's gain and the expected gain")
        self.step_list = QListWidget(self)
        self.step_list.setAccessibleName("Observations step by step")
        self.step_list.setWordWrap(True)  # a long step wraps rather than scrolls sideways
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.meaning = QLabel(localize(text.INFORMATION_GAINED_TEXT), self)
        self.meaning.setWordWrap(True)

        before_box = QGroupBox("Before looking", self)
        QVBoxLayout(before_box).addWidget(self.before)
        steps_box = QGroupBox("Observations in a row (each step's gain)", self)
        QVBoxLayout(steps_box).addWidget(self.step_list)
        self.side = side = QVBoxLayout()
        side.addWidget(before_box)
        side.addWidget(steps_box, 1)
        # the hypotheses beside the gains when the room shows every column, else above
        self.middle = middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        middle.addWidget(self.table, 3)
        middle.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.nothing)
        layout.addWidget(self.gain)
        layout.addWidget(self.conclusion)
        layout.addWidget(self.error)
        layout.addLayout(middle, 1)
        layout.addWidget(self.meaning)
        self._content = [self.gain, self.conclusion, self.table, before_box, steps_box,
                         self.meaning]
        self._buttons = [self.add_button, self.opposite_button, self.undo_button,
                         self.clear_button]
        self._set_button_texts()
        self.set_content_visible(False)

    # -- LabPage ---------------------------------------------------------------------
    def set_content_visible(self, visible: bool) -> None:
        for widget in self._content:
            widget.setVisible(visible)
        for button in self._buttons:
            button.setEnabled(visible)
        if not visible:
            self.error.hide()

    def _arrange(self) -> None:
        """The table beside the gains when the page's room shows all its columns and
        the gains' least width; else the gains below it, the table as wide as the page
        and tall enough for eight rows (it scrolls beyond)."""
        margins = self.layout().contentsMargins()
        room = room_width(self) - margins.left() - margins.right()
        table = self.table
        wide = table.needed_width() + self.middle.spacing() + \
            self.side.minimumSize().width() <= room
        direction = QBoxLayout.Direction.LeftToRight if wide else \
            QBoxLayout.Direction.TopToBottom
        if self.middle.direction() != direction:
            self.middle.setDirection(direction)
        rows = min(max(table.model_.rows, 1), 8)
        table.setMinimumHeight(0 if wide else
                               table.horizontalHeader().sizeHint().height()
                               + rows * table.verticalHeader().defaultSectionSize()
                               + 2 * table.frameWidth()
                               + table.horizontalScrollBar().sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def make_job(self, token: int) -> BayesJob:
        self._apply_restored()
        fresh = self.likelihood.size != self.p.size  # new hypotheses: start afresh
        return BayesJob(token, self.p, self.labels, UNIT, None if fresh else self.likelihood,
                        tuple(self.observations))

    def show_computed(self, result: BayesResult) -> None:
        if result.likelihood is not None:
            self.likelihood = result.likelihood
            self.likelihood_texts = result.likelihood_texts
            self.observations = []
            if self.name.text() in DEFAULT_NAMES.values():
                self.name.blockSignals(True)  # the name changes the words, not the figures
                self.name.setText(DEFAULT_NAMES[result.coin])
                self.name.blockSignals(False)
        self.gains, self.steps = result.gains, result.steps
        self.result = None if self.gains is None else self.gains.happened
        self._problem = result.problem
        self._show()

    # -- sessions --------------------------------------------------------------------
    def lab_state(self) -> BayesLab | None:
        """The work to save with a session: the observation's name, the likelihood
        column as typed (in the file's format: a decimal dot) and the observations; None
        before the lab has a column for the pair shown."""
        if self._restored is not None:  # opened, its pair not shown yet: as it was read
            return self._restored
        if self.p is None or self.likelihood.size != self.p.size:
            return None
        texts = []
        for typed, value in zip(self.likelihood_texts, self.likelihood.tolist()):
            try:
                same = parse_weight(typed) == value  # "0,9" in a decimal-comma locale: no
            except WeightParseError:
                same = False
            texts.append(typed if same else repr(value))
        steps = tuple(Observation(name, tuple(like.tolist()), complement)
                      for name, like, complement in self.observations)
        return BayesLab(self.name.text(), tuple(texts), steps)

    def restore_lab(self, lab: BayesLab) -> None:
        """Take up a session's work. Its likelihoods are one per outcome of the session
        opened: they are used from the first pair of that many outcomes on (the window
        shows the new document's pair after this call)."""
        self._restored = lab
        if self._apply_restored():
            self._stale = True
            if self.isVisible():
                self.update_now()

    def _apply_restored(self) -> bool:
        """Use the work restored, if the pair shown has as many outcomes as it."""
        lab = self._restored
        if lab is None or self.p is None or self.p.size != len(lab.likelihoods):
            return False
        self._restored = None
        self.likelihood = np.array([parse_weight(t) for t in lab.likelihoods], dtype=float)
        self.likelihood_texts = list(lab.likelihoods)
        self.observations = [Observation(name, np.array(like, dtype=float), complement)
                             for name, like, complement in lab.steps]
        self.name.blockSignals(True)  # the figures follow in the job that uses them
        self.name.setText(lab.observation)
        self.name.blockSignals(False)
        self._set_button_texts()
        return True

    # -- editing ---------------------------------------------------------------------
    def set_likelihood(self, row: int, typed: str) -> bool:
        """Set P(observation | hypothesis ``row``) from text; False (and the reason shown)
        when it is not a number in [0, 1]."""
        try:
            value = parse_weight(typed, decimal_comma=locale_uses_decimal_comma())
            if value > 1.0:
                raise DistributionError(f"Likelihood of '{self.label(row)}' is {value:g}; a "
                                        "likelihood lies between 0 and 1.")
        except (WeightParseError, DistributionError) as e:
            self._show_error(localize(str(e), keep_quoted=True))
            return False
        self.likelihood = self.likelihood.copy()
        self.likelihood[row] = value
        self.likelihood_texts[row] = typed.strip()
        self._refresh()
        self.sigEdited.emit()
        return True

    def set_likelihoods(self, values) -> None:
        """Set the whole likelihood column (values in [0, 1], one per hypothesis)."""
        values = np.array(values, dtype=float)
        if self.p is None or values.size != self.p.size:
            raise DistributionError("Give one likelihood per hypothesis.")
        self.likelihood = values
        self.likelihood_texts = [f"{v:g}" for v in values.tolist()]
        self._refresh()
        self.sigEdited.emit()

    def add_observation(self, happened: bool = True) -> bool:
        """Record that the observation happened (or, ``happened=False``, did not) and
        update the belief by it. An observation every hypothesis still believed gives
        likelihood 0 cannot have happened: it is not recorded (False; the page says
        why), so the row of observations stays as it was."""
        if self.p is None:
            return False
        name = self._name()
        like = self.likelihood.copy()  # "not": 1 − ℓ, formed exactly by the update
        said = name if happened else f"not {name}"
        if self._chance(like if happened else 1.0 - like) == 0.0:  # only whether it is 0
            self._show_error(localize(text.impossible_observation(said, len(self.observations)),
                                      keep_quoted=True))
            return False
        self.observations.append(Observation(said, like, not happened))
        self._refresh()
        self.sigEdited.emit()
        return True

    def _belief(self) -> np.ndarray:
        """The belief the next observation updates: after the steps shown, or the prior."""
        if self.steps and len(self.steps) == len(self.observations):
            return self.steps[-1].posterior
        return self.p

    def _chance(self, like: np.ndarray) -> float:
        """The probability of an observation of likelihood ``like`` under the belief now
        (exactly 0 when every hypothesis it leaves possible gives it likelihood 0)."""
        belief = self._belief()
        if like.size != belief.size:
            return 1.0  # the job will say what is wrong with the column
        return math.fsum((belief * like).tolist())

    def _observed(self) -> None:
        self.add_observation(True)

    def _observed_not(self) -> None:
        self.add_observation(False)

    def undo_last(self) -> None:
        if self.observations:
            self.observations.pop()
            self._refresh()
            self.sigEdited.emit()

    def clear_steps(self) -> None:
        had = bool(self.observations)
        self.observations = []
        self._refresh()
        if had:
            self.sigEdited.emit()

    # -- showing ---------------------------------------------------------------------
    def _name(self) -> str:
        return self.name.text().strip() or "the observation"

    def _set_button_texts(self) -> None:
        name = self._name()
        self.add_button.setText(f"Observed: {name}")
        self.add_button.setToolTip(f"Add '{name}' to the observations in a row.")
        self.opposite_button.setText(f"Observed: not {name}")
        self.opposite_button.setToolTip(f"Add 'not {name}' (likelihood 1 − the column).")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _refresh(self) -> None:
        """Update by the likelihood column and the observations (again)."""
        self._set_button_texts()
        if self.p is not None:
            self.compute()

    def _renamed(self) -> None:
        """The observation's name is in the words only: show them again."""
        self._set_button_texts()
        if self.p is not None and not self.busy and self.likelihood.size == self.p.size:
            self._show()
        self.sigEdited.emit()

    def _show(self) -> None:
        self._set_button_texts()
        name = self._name()
        if self.result is None:
            self.gain.setText("Information gained: —")
            self.conclusion.setText(localize(text.bayes_impossible(name), keep_quoted=True))
        else:
            self.gain.setText(localize(f"Information gained: "
                                       f"{figure_text(self.result.gain, self.digits)} bits"))
            self.conclusion.setText(localize(text.bayes_conclusion(name, self.result,
                                                                   min(self.digits, 4)),
                                             keep_quoted=True))
        # Before looking: each result's gain, also when one of them cannot happen (its
        # opposite is then certain and gains 0 bits).
        self.before.setText("" if self.gains is None else localize("<br>".join(
            escape(line) for line in text.bayes_statements(name, self.gains,
                                                           min(self.digits, 4))),
            keep_quoted=True))
        self._show_error(localize(self._problem, keep_quoted=True))
        if not self.observations:
            lines = ["None yet: press 'Observed' to add one."]
        else:
            lines = [localize(line, keep_quoted=True)
                     for line in text.steps_text(self.steps, min(self.digits, 4))]
        shown = [self.step_list.item(i).text() for i in range(self.step_list.count())]
        if lines != shown:  # refilling the same lines laid the list out and repainted it
            self.step_list.clear()
            self.step_list.addItems(lines)
        self.undo_button.setEnabled(bool(self.observations))
        for button, like in ((self.add_button, self.likelihood),
                             (self.opposite_button, 1.0 - self.likelihood)):
            possible = self._chance(like) > 0.0
            button.setEnabled(possible)
            if not possible:
                button.setToolTip(localize(text.impossible_observation(
                    button.text().removeprefix("Observed: "), len(self.observations)),
                    keep_quoted=True))
        self.clear_button.setEnabled(bool(self.observations))
        self._set_table()
        self._arrange()
        self.sigUpdated.emit()

    def _set_table(self) -> None:
        digits, name = self.digits, self._name()

        def number(get):
            def shown(i):
                v = get()
                return "—" if v is None else figure_text(v[i], digits)

            def copied(i):
                v = get()
                return "" if v is None else full_precision_text(v[i])
            return shown, copied

        # The columns hold the values, not the page (a cycle through the page crashed
        # Qt when a page was garbage-collected); the table is rebuilt at each update.
        result, steps, p = self.result, self.steps, self.p
        texts, likelihood, label = self.likelihood_texts, self.likelihood, labeller(self.labels)
        posterior = number(lambda: None if result is None else result.posterior)
        after = number(lambda: steps[-1].posterior if steps else None)
        columns = [("Hypothesis", label, label),
                   ("Prior (P)", *number(lambda: p)),
                   (f"P({name} | hypothesis)", lambda i: texts[i],
                    lambda i: full_precision_text(likelihood[i])),
                   (f"Posterior after {name}", *posterior),
                   (f"After the {len(steps)} step{'s' if len(steps) != 1 else ''}"
                    if steps else "After the steps", *after)]
        model = self.table.model_
        if model.rows == self.p.size and len(model.columns) == len(columns):
            same_headers = [c[0] for c in model.columns] == [c[0] for c in columns]
            model.columns = columns
            if not same_headers:  # else the header's resizing repainted the table again
                model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(columns) - 1)
            self.table.refresh()
        else:
            model.set_table(columns, self.p.size)

    def export_csv(self, path) -> None:
        """Write the hypotheses table (prior, likelihood, posterior, after the steps)."""
        if self.result is None:
            raise ValueError("The Bayes lab has no update to export.")
        self.check_ready("Bayes lab")
        save_bayes(path, self.result, self.labels, self.steps)


_default_likelihood = default_likelihood  # where it was before the jobs
