"""The Bayes lab: the outcomes are hypotheses, P is the prior, a likelihood column says
how likely a named observation is under each; the page shows the posterior, the
information gained in bits, each result's gain and the expected gain, and a row of
observations updated step by step. A large set of hypotheses is updated on the lab's
worker thread.

The lab's work (the observation's name, the likelihood column, the observations) is the
document's (Document.bayes, model.bayes_work): the page shows it and sends each action
as one undo step (model.bayes_edits), so the window's Undo, the unsaved-changes mark,
sessions and the autosave cover it like any edit."""

from __future__ import annotations

import weakref
from html import escape

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QBoxLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QPushButton, QVBoxLayout, QWidget)
from shiboken6 import isValid

from klgui.core.errors import DistributionError, WeightParseError
from klgui.core.labs.bayes import BinaryGains, Observation, Step, Update
from klgui.core.teaching import labs_text as text
from klgui.io.lab_export import save_bayes
from klgui.io.paste_plan import NOTHING_PASTED, column_pasted
from klgui.io.pasted_text import pasted_column
from klgui.model.bayes_work import DEFAULT_NAMES, BayesWork, default_likelihood
from klgui.model.document import Change, Document
from klgui.model.edits import Edits
from klgui.model.typed_prior import TypedPrior
from klgui.ui.flow_layout import FlowLayout
from klgui.ui.numbers import (entry_text, figure_text, full_precision_text,
                              locale_uses_decimal_comma, localize, message_text,
                              pasted_message)
from klgui.ui.pages.labs.lab_jobs import BayesJob, BayesResult
from klgui.ui.pages.labs.lab_page import (FIGURE_SCALE, HEADLINE_SCALE, LabPage, labeller,
                                          room_width, scaled_label)
from klgui.ui.pages.labs.lab_table import LabTable
from klgui.ui.table.outcome_table import warning_label

UNIT = "bits"  # information gained is told in bits, whatever the window's unit
LIKELIHOOD = 2  # the editable column
__all__ = ["BayesPage", "DEFAULT_NAMES", "UNIT"]


class BayesPage(LabPage):
    """Prior (P), an editable likelihood column and an observation name; the posterior,
    the gain, and Add / Add the opposite / Undo last / Clear for observations in a row.
    A view of the document's Bayes work (:attr:`work`): every action is an undo step."""

    #: The page recomputed (after an edit, a step or a new pair).
    sigUpdated = Signal()

    def __init__(self, parent=None, edits: Edits | None = None) -> None:
        """``edits``: the window's, whose document holds the lab's work and whose undo
        stack records its steps; without it (a page on its own) a document of its own,
        its steps recorded nowhere."""
        super().__init__(parent)
        if edits is None:
            edits = Edits(Document(), _forget)
        self.edits, self.document = edits, edits.document
        self._fresh: BayesWork | None = None  # the column made for the hypotheses shown
        self._computing: BayesWork | None = None  # the work of the job made last
        self._figures_of: BayesWork | None = None  # the work of the figures shown
        self._name_session = 0
        #: The prior as typed (the shown pair's reference, exactly), or None: the
        #: prior's doubles read as their shortest decimals (show_pair).
        self.typed_prior: TypedPrior | None = None
        self.result: Update | None = None
        self._problem = ""
        self.gains: BinaryGains | None = None
        self.next_gains: BinaryGains | None = None  # from the belief after the steps
        self.steps: list[Step] = []
        self._possible = (False, False)  # the observation, its opposite: can happen next
        # Weakly: the document may outlive the page (a page dropped is deleted).
        self.document.subscribe(_weakly(self._document_changed))

        self.observation = QWidget(self)  # the label and its field, kept together
        self.name = QLineEdit("heads", self.observation)
        self.name.setAccessibleName("Observation")
        self.name.setToolTip("What you observe, for instance 'heads'. Its likelihood column "
                             "says how probable it is under each hypothesis.")
        self.name.setMaximumWidth(220)
        # Bound methods, not lambdas holding the page: a lambda lives as long as its sender
        # (a child of the page), so a dropped page was never deleted.
        self.name.textChanged.connect(self._renamed)
        self.name.editingFinished.connect(self._name_edited)
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
        self.table.sigPasted.connect(self.paste_likelihoods)
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

        self.before_box = before_box = QGroupBox(text.before_look_title(0), self)
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

    def show_pair(self, p: np.ndarray, q: np.ndarray, labels, unit: str, digits: int,
                  divergence: float | None = None, *,
                  typed_prior: TypedPrior | None = None) -> None:
        """LabPage.show_pair, and ``typed_prior``: the reference as typed whose
        doubles ``p`` holds (the shown Result's ``prior``), for the exact posterior;
        None reads ``p`` as its shortest decimals."""
        self.typed_prior = typed_prior
        super().show_pair(p, q, labels, unit, digits, divergence)

    def show_nothing(self, message: str) -> None:
        self.typed_prior = None
        super().show_nothing(message)

    def make_job(self, token: int) -> BayesJob:
        work = self.work
        self._computing = work
        if work is None:  # the job makes the fresh column for these hypotheses
            return BayesJob(token, self.p, self.labels, UNIT, None, (),
                            typed_prior=self.typed_prior)
        return BayesJob(token, self.p, self.labels, UNIT, work.likelihood, work.observations,
                        work.typed_likelihood, self.typed_prior)

    def show_computed(self, result: BayesResult) -> None:
        if result.likelihood is not None:  # the column made for hypotheses the work does not fit
            kept = self.document.bayes
            self._fresh = BayesWork.fresh(result.likelihood, result.coin,
                                          None if kept is None else kept.observation,
                                          result.likelihood_texts)
            self._computing = self._fresh
        self._figures_of = self._computing
        self.gains, self.steps = result.gains, result.steps
        self.next_gains = result.next_gains
        self._possible = result.possible
        self.result = None if self.gains is None else self.gains.happened
        self._problem = result.problem
        self._show()

    # -- the work shown --------------------------------------------------------------
    @property
    def work(self) -> BayesWork | None:
        """The work shown: the document's when it is for the hypotheses shown, else the
        fresh column made for them (BayesWork.following; None until it is made)."""
        if self.p is None:
            return None
        n = self.p.size
        kept = self.document.bayes
        if kept is not None and kept.fits(n):
            return kept
        if self._fresh is not None and self._fresh.fits(n):
            return self._fresh
        return None

    @property
    def likelihood(self) -> np.ndarray:
        """The likelihood column shown (read-only; empty before there is one)."""
        work = self.work
        return np.zeros(0) if work is None else work.likelihood

    @property
    def likelihood_texts(self) -> list[str]:
        """The likelihood column as typed."""
        work = self.work
        return [] if work is None else list(work.texts)

    @property
    def observations(self) -> list[Observation]:
        """The observations recorded in a row."""
        work = self.work
        return [] if work is None else list(work.observations)

    def _base(self) -> BayesWork | None:
        """The work an action changes: the one shown, or (not computed yet) the fresh
        column for the hypotheses shown; None without hypotheses."""
        work = self.work
        if work is None and self.p is not None:
            kept = self.document.bayes
            work = self._fresh = BayesWork.default(self.labels, None if kept is None
                                                   else kept.observation)
        return work

    def _document_changed(self, change: Change) -> None:
        """The document's work changed (an action, undo or redo): show it. Other
        changes reach the page as a new pair (show_pair), which reads the work."""
        if change.kind == "reset":
            self._fresh = None  # another document: a fresh column is made for its labels
        if change.kind != "lab" or self.p is None:
            return
        work = self.work
        if work is not None and work.same_figures(self._figures_of) and not self.busy:
            self._figures_of = work  # only the name: the words change, not the figures
            self._show()
        else:
            self._refresh()

    # -- editing ---------------------------------------------------------------------
    def set_likelihood(self, row: int, typed: str) -> bool:
        """Set P(observation | hypothesis ``row``) from text, one undo step; False (and
        the reason shown) when it is not a number in [0, 1]."""
        work = self._base()
        if work is None:
            return False
        try:
            self.edits.set_likelihood(work, row, typed, self.labels,
                                      decimal_comma=locale_uses_decimal_comma())
        except (WeightParseError, DistributionError, IndexError) as e:
            self._show_error(message_text(e))  # as the table says it for the same text
            return False
        self._show_error(localize(self._problem, keep_quoted=True))
        return True

    def paste_likelihoods(self, row: int, column: int, text: str) -> bool:
        """Paste a column of likelihoods (``text``, the clipboard's) from hypothesis
        ``row`` on, read as the outcome table's paste reads numbers (the block's number
        format, the locale's decimal comma), one undo step; False, nothing changed and
        the reason shown (naming the pasted line), when it cannot be pasted."""
        work = self._base()
        if work is None:
            return False
        if column != LIKELIHOOD:
            self._show_error("Nothing was pasted: paste into the likelihood column (the "
                             "prior is the table's P, the posterior is computed).")
            return False
        try:
            pasted = pasted_column(text, locale_uses_decimal_comma(), "likelihoods")
            self.edits.paste_likelihoods(work, row, pasted.texts, self.labels, pasted.lines)
        except (ValueError, IndexError) as e:  # (DistributionError is a ValueError)
            self._show_error(f"{NOTHING_PASTED} {pasted_message(e)}")
            return False
        self._show_error(localize(self._problem, keep_quoted=True) if pasted.header is None
                         else column_pasted(len(pasted.texts), "likelihoods", pasted.header))
        return True

    def set_likelihoods(self, values) -> None:
        """Set the whole likelihood column (values in [0, 1], one per hypothesis), one
        undo step. Raises DistributionError for another number of values."""
        work = self._base()
        if work is None:
            raise DistributionError("Give one likelihood per hypothesis.")
        self.edits.set_likelihoods(work, values)

    def add_observation(self, happened: bool = True) -> bool:
        """Record that the observation happened (or, ``happened=False``, did not) and
        update the belief by it, one undo step. An observation every hypothesis still
        believed gives likelihood 0 cannot have happened: it is not recorded (False;
        the page says why), so the row of observations stays as it was."""
        work = self._base()
        if work is None:
            return False
        known = self._figures_of is work and not self.busy  # the job asked the core
        try:
            self.edits.observe(work, self.p, happened, labels=self.labels,
                               possible=self._possible[not happened] if known else None)
        except DistributionError as e:
            self._show_error(localize(str(e), keep_quoted=True))
            return False
        return True

    def _observed(self) -> None:
        self.add_observation(True)

    def _observed_not(self) -> None:
        self.add_observation(False)

    def undo_last(self) -> None:
        """Take the last observation back (one undo step of its own)."""
        work = self.work
        if work is not None:
            self.edits.remove_last_observation(work)

    def clear_steps(self) -> None:
        """No observations (one undo step)."""
        work = self.work
        if work is not None:
            self.edits.clear_observations(work)

    def _renamed(self, text: str) -> None:
        """The person typed the observation's name: one undo step per editing."""
        work = self._base()
        if work is None:
            self._set_button_texts()
            return
        self.edits.name_observation(work, text, session=self._name_session)

    def _name_edited(self) -> None:
        self._name_session += 1  # the next typing is a step of its own

    # -- showing ---------------------------------------------------------------------
    def _name(self) -> str:
        work = self.work
        return (self.name.text().strip() or "the observation") if work is None else work.name

    def _sync_name(self) -> None:
        """The field shows the work's name (silently: it is not the person typing)."""
        work = self.work
        if work is not None and self.name.text() != work.observation:
            self.name.blockSignals(True)
            self.name.setText(work.observation)
            self.name.blockSignals(False)

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

    def _show(self) -> None:
        self._sync_name()
        self._set_button_texts()
        name = self._name()
        # The headline is what is true now: after steps, the information gained so far
        # D(belief now‖prior) and the last step's gain; before them, the observation's.
        gain = (self.steps[-1].total_gain if self.steps else
                None if self.result is None else self.result.gain)
        label = text.bayes_figure_label(self.steps)
        self.gain.setText(f"{label}: —" if gain is None else
                          f"{localize(label)}: {figure_text(gain, self.digits)} bits")
        self.conclusion.setText(localize(text.bayes_conclusion(
            name, self.result, min(self.digits, 4), self.steps), keep_quoted=True))
        # Before looking (after steps: before the next look, from the belief now): each
        # result's gain, also when one of them cannot happen (its opposite is then
        # certain and gains 0 bits).
        after = len(self.steps) if self.next_gains is not None else 0
        gains = self.next_gains if after else self.gains
        self.before_box.setTitle(text.before_look_title(after))
        self.before.setText("" if gains is None else localize("<br>".join(
            escape(line) for line in text.bayes_statements(name, gains, min(self.digits, 4),
                                                           after)),
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
        for button, possible in zip((self.add_button, self.opposite_button), self._possible):
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
                   (f"P({name} | hypothesis)", lambda i: entry_text(texts[i]),
                    lambda i: full_precision_text(likelihood[i])),
                   (f"From the prior by {name} alone" if steps else
                    f"Posterior after {name}", *posterior),
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



def _forget(step) -> None:
    """Records nothing (a page without the window's undo stack)."""


def _weakly(method):
    """``method`` called while its page exists (a listener that does not keep it)."""
    ref = weakref.WeakMethod(method)

    def call(change: Change) -> None:
        bound = ref()
        if bound is not None and isValid(bound.__self__):
            bound(change)
    return call


_default_likelihood = default_likelihood  # where it was before the jobs
