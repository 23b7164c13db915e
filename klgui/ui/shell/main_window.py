"""The main window: outcome table on the left, chart and figures on the right."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QFrame, QMainWindow, QScrollArea, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from klgui.core import DistributionError
from klgui.core.families import family_from_dict
from klgui.model.document import Change, Document, Result
from klgui.model.edits import Edits
from klgui.io.presets import Preset, list_presets
from klgui.paths import resource_path

from klgui.ui.pages.checks_panel import ChecksPanel
from klgui.ui.pages.comparison_panel import ComparisonPanel
from klgui.ui.chart.contribution_chart import ContributionChart
from klgui.ui.files.file_actions import FileActions
from klgui.ui.shell.look import describe_controls
from klgui.ui.shell.menus import build_menus
from klgui.ui.numbers import count_text, localize
from klgui.ui.table.outcome_table import OutcomeTable
from klgui.ui.table.column_menu import ColumnActions
from klgui.ui.chart.distributions_chart import DistributionsChart
from klgui.ui.chart.family_panel import FamilyPanel
from klgui.ui.table.detach_question import ask_detach
from klgui.ui.pages.ranking_page import RankingPage
from klgui.ui.pages.matrix_page import MatrixPage
from klgui.ui.pages.labs.sampling_page import SamplingPage
from klgui.ui.pages.labs.coding_page import CodingPage
from klgui.ui.pages.labs.bayes_page import BayesPage
from klgui.ui.pages.fit_page import FitPage
from klgui.ui.shell.focus_chooser import FocusChooser
from klgui.ui.shell.results import Results
from klgui.ui.shell.settings import Settings
from klgui.ui.shell.status import BusyIndicator, DataDescription, ElidingStatusBar
from klgui.ui.pages.smoothing_panel import SmoothingPanel
from klgui.ui.shell.undo import UndoStack
from klgui.ui.pages.worked_panel import WorkedSolutionPanel


#: The window's least size, logical pixels: it fits a 1024×768 or 1366×768 screen at
#: 200% (683×384 less the frame and a taskbar); 800×500 was wider than 1024×768 at 150%.
#: Below what the layout needs (about 680×470) the window scrolls (``central_scroll``).
LEAST_SIZE = (640, 320)


class MainWindow(QMainWindow):
    """The table, the charts and the pages, each subscribed to the document's results
    (:class:`~klgui.ui.shell.results.Results`), which come once per event-loop turn
    however many changes arrived in it; the window shows when it is busy."""

    #: Emitted after the panel, chart and sums show the document's latest revision.
    sigRefreshed = Signal()
    #: Emitted after the ranking and matrix pages show a new ranking (and matrix).
    sigManyShown = Signal()
    #: A computation shorter than this never shows the busy indicator (no flicker).
    BUSY_AFTER_MS = 150

    def __init__(self, document: Document | None = None, *, remember_layout: bool = True) -> None:
        """``remember_layout``: start with the splitters as last left, and keep the
        window's layout on closing (off for screenshots, which must not depend on it)."""
        super().__init__()
        self.remember_layout = remember_layout
        self.settings = settings = Settings()
        if document is None:  # a new document takes the remembered unit and digits
            document = Document(name="Coin", unit=settings.get("unit"),
                                digits=settings.get("digits"))
        self.document = document
        self.undo_stack = UndoStack(self)
        self.edits = Edits(document, self.undo_stack.record)
        self.setWindowIcon(QIcon(str(resource_path("icon.svg"))))
        self.setMinimumSize(*LEAST_SIZE)
        self.setStatusBar(ElidingStatusBar(self))  # a long example's description ends in …

        self.table = OutcomeTable(self.edits, self)
        self.chart = ContributionChart(self)
        self.distributions = DistributionsChart(self)
        self.distributions.setAccessibleName("Distributions chart")
        self.panel = ComparisonPanel(self.edits, self)
        self.worked = WorkedSolutionPanel(self)
        self.checks = ChecksPanel(self)
        self.smoothing = SmoothingPanel(self.edits, self)
        self.ranking = RankingPage(self)
        self.matrix = MatrixPage(self)
        self.sampling, self.coding = SamplingPage(self), CodingPage(self)
        self.bayes = BayesPage(self, self.edits)  # the document holds its work
        self.fit = FitPage(self)
        self.labs = labs = QTabWidget(self)
        labs.setDocumentMode(True)
        labs.setAccessibleName("Labs")
        labs.addTab(_scrolled(self.sampling, "Sampling lab"), "Sampling")
        labs.addTab(_scrolled(self.coding, "Coding lab"), "Coding")
        labs.addTab(_scrolled(self.bayes, "Bayesian update lab"), "Bayesian update")
        labs.addTab(_scrolled(self.fit, "Fit lab"), "Fi&t (forward vs reverse)")
        self.models = models = QTabWidget(self)  # every model at once
        models.setDocumentMode(True)
        models.setAccessibleName("Models")
        models.addTab(_scrolled(self.ranking, "Ranking"), "&Ranking")
        models.addTab(_scrolled(self.matrix, "Matrix"), "&Matrix")
        self.pages = pages = QTabWidget(self)
        pages.setDocumentMode(True)
        pages.setAccessibleName("Result pages")
        pages.addTab(_scrolled(self.panel, "Figures"), "Fi&gures")
        pages.addTab(models, "M&odels")
        pages.addTab(self.worked, "&Worked solution")
        pages.addTab(_scrolled(self.checks, "Checks"), "Chec&ks")
        pages.addTab(_scrolled(self.smoothing, "Smoothing"), "&Smoothing")
        pages.addTab(labs, "&Labs")
        pages.setCornerWidget(self.panel.settings_bar, Qt.Corner.TopRightCorner)
        # one row of chart tabs: the focus pair's terms, its P and Q, and every column
        self.charts = charts = self.chart.tabs
        charts.addTab(self.distributions, "All distributions")
        self.focus_chooser = FocusChooser(document, self)
        charts.setCornerWidget(self.focus_chooser, Qt.Corner.TopRightCorner)
        # the family sliders of the reference and the focus model, under the chart
        self.family_panel = FamilyPanel(self.edits, self)
        self.chart_area = chart_area = QWidget(self)
        chart_column = QVBoxLayout(chart_area)
        chart_column.setContentsMargins(0, 0, 0, 0)
        chart_column.setSpacing(2)
        chart_column.addWidget(self.chart, 1)
        chart_column.addWidget(self.family_panel)
        self.right = right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(chart_area)
        right.addWidget(pages)
        right.setStretchFactor(0, 1)
        right.setChildrenCollapsible(False)
        self.main_splitter = main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(self.table)
        main.addWidget(right)
        main.setStretchFactor(0, 2)
        main.setStretchFactor(1, 3)
        main.setChildrenCollapsible(False)
        main.setContentsMargins(6, 6, 6, 0)
        # shorter than what the layout needs at its least (1024×768 at 200%: 683×384),
        # the window scrolls rather than squeeze one part over another
        self.central_scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(main)
        self.setCentralWidget(scroll)

        self.presets = list_presets()
        self.description = DataDescription(self, document)  # an example's, while true
        self.files = FileActions(self, self.edits, self.undo_stack, settings)
        self.columns = ColumnActions(self.edits, self.table, self)
        self.columns.sigMessage.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._refusal = ""  # the family panel's refusal shown in the status bar
        self.family_panel.sigMessage.connect(self._family_message)
        self.undo_stack.sigWentTo.connect(self.table.go_to)
        self._remember_preferences()
        build_menus(self)
        describe_controls(self)
        self.results = Results(document, self)
        self.results.sigPair.connect(self._show)
        self.results.sigPair.connect(self._show_fit)  # computed only while its page shows
        self.fit.fitChosen.connect(self.use_fit)
        self.results.sigMany.connect(self._show_many)
        self.results.sigBusy.connect(self._busy_changed)
        self.results.sigFailed.connect(self._failed)
        self.smoothing.sweep_worker.sigFailed.connect(self._failed)
        for lab in (self.sampling, self.coding, self.bayes):
            lab.worker.sigFailed.connect(self._failed)
        self.busy_indicator = BusyIndicator(
            self.statusBar(), lambda: f"Computing {count_text(self.document.n)} outcomes…",
            self.BUSY_AFTER_MS)
        self._drag_gesture = 0
        self._charted: tuple | None = None  # (result, labels version, digits) drawn
        self.distributions.barDragging.connect(lambda *a: self._dragged(*a, done=False))
        self.distributions.barDragged.connect(lambda *a: self._dragged(*a, done=True))
        self.ranking.focusRequested.connect(self._focus_named)
        self.matrix.metricChanged.connect(lambda _: self._want_many())
        pages.currentChanged.connect(lambda _: self._want_many())
        models.currentChanged.connect(lambda _: self._want_many())
        charts.currentChanged.connect(
            lambda _: self._show_columns() if charts.currentWidget() is self.distributions
            else None)
        self.document.subscribe(self._changed)
        self.results.refresh()

    def show_page(self, page: QWidget) -> None:
        """Bring the tab holding ``page`` (a page, or a lab inside the Labs tab) to the
        front."""
        for tabs in (self.pages, self.models, self.labs, self.charts):
            for k in range(tabs.count()):
                tab = tabs.widget(k)
                if tab is page or tab.isAncestorOf(page):
                    tabs.setCurrentIndex(k)

    # -- results (kept for the callers of the first round: window.refresh, .busy) -----
    def refresh(self) -> None:
        """Show the document's current result everywhere now (see Results.refresh)."""
        self.results.refresh()

    @property
    def busy(self) -> bool:
        """True while the figures shown are not yet those of the current entries."""
        return self.results.busy

    def _changed(self, change: Change) -> None:
        if change.kind == "reset":  # another document: what was said of the last one goes
            self.statusBar().clearMessage()
            self.chart.clear_hover()

    def load_preset(self, preset: Preset) -> bool:
        """Show an example, after the unsaved-changes question; the example is a new,
        unsaved document."""
        if not self.files.maybe_discard():
            return False
        doc = self.document  # the example's own settings; the person's unit and digits
        self.edits.replace(f"Load example “{preset.title}”",
                           lambda: doc.restore(preset.snapshot(doc.unit, doc.digits)))
        self.files.mark_clean(None)
        self.description.show(preset.description)
        return True

    def _remember_preferences(self) -> None:
        """The unit and digits a person chooses become the default for new documents
        (the controls are silent while they show a document's own settings).
        Normalization and smoothing are not remembered: New and every example open with
        their own (normalization on, smoothing off, unless the example says otherwise)."""
        settings = self.settings
        self.panel.unit.currentIndexChanged.connect(
            lambda *_: settings.set("unit", self.panel.unit.currentData()))
        self.panel.digits.valueChanged.connect(lambda value: settings.set("digits", value))

    def restore_geometry(self) -> bool:
        """Size and place the window as it was last closed; False when nothing is saved."""
        geometry = self.settings.get_bytes("geometry")
        if not self.remember_layout or geometry.isEmpty() or not self.restoreGeometry(geometry):
            return False
        self.restoreState(self.settings.get_bytes("window_state"))
        return True

    def _save_geometry(self) -> None:
        self.settings.set_bytes("geometry", self.saveGeometry())
        self.settings.set_bytes("window_state", self.saveState())
        self.settings.set("main_splitter", self.main_splitter.sizes())
        self.settings.set("right_splitter", self.right.sizes())

    def closeEvent(self, event) -> None:
        if self.files.maybe_discard():
            if self.remember_layout:
                self._save_geometry()
            self.results.stop()
            self.smoothing.sweep_worker.stop()
            for lab in (self.sampling, self.coding, self.bayes):
                lab.worker.stop()
            self.fit.stop()
            event.accept()
        else:
            event.ignore()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_sized", False):  # first show: the splitters as last left,
            self._sized = True                  # or the figures get what they need
            main, right = self.settings.get("main_splitter"), self.settings.get("right_splitter")
            if self.remember_layout and main and right and all(main) and all(right):
                self.main_splitter.setSizes(main)
                self.right.setSizes(right)
                return
            panel = (self.panel.sizeHint().height() + self.panel.reason.sizeHint().height()
                     + self.pages.tabBar().sizeHint().height() + 12)
            total = self.right.height()  # the chart keeps at least 45%; the figures scroll
            panel = min(panel, int(total * 0.55))
            self.right.setSizes([total - panel, panel])
            width = self.main_splitter.width()
            table = min(self.table.sizeHint().width(), int(width * 0.45))
            self.main_splitter.setSizes([table, width - table])

    # -- redrawing -----------------------------------------------------------------
    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self.busy_indicator.start_waiting()
            self.files.update_title()
        else:
            self.busy_indicator.hide()

    def _failed(self, error: BaseException) -> None:
        self.busy_indicator.hide()
        raise error  # on the GUI thread, where it is reported like any error in a slot

    def _family_message(self, text: str) -> None:
        """The family panel's refusal in the status bar; "" (it no longer holds) clears
        it only while the bar still shows it, as DataDescription does."""
        bar = self.statusBar()
        if text:
            self._refusal = text
            bar.showMessage(text, 8000)
            return
        if self._refusal and bar.currentMessage() == self._refusal:
            bar.clearMessage()
        self._refusal = ""

    def _show(self, result: Result) -> None:
        """Every view shows ``result``. Each part is shown even when one before it
        raises (a bug in one page must not leave the others showing the previous
        pair); the first error is raised after all of them, to be reported."""
        doc = self.document
        failed: list[BaseException] = []

        def part(show: Callable[[], object]) -> None:
            try:
                show()
            except Exception as e:  # noqa: BLE001 - raised again below
                failed.append(e)

        part(lambda: self.table.show_result(result))
        part(lambda: self.panel.show_result(result))
        for page in (self.worked, self.checks, self.smoothing):
            part(lambda page=page: page.show_result(result, doc.labels, doc.digits))
        if self.charts.currentWidget() is self.distributions:
            part(self._show_columns)  # else when its tab is chosen: no work when hidden
        c = result.comparison
        for lab in (self.sampling, self.coding, self.bayes):
            if c is None:
                part(lambda lab=lab: lab.show_nothing(str(result.error)))
            elif lab is self.bayes:  # its exact posterior reads the prior as typed
                part(lambda lab=lab: lab.show_pair(c.p, c.q, doc.labels, c.base, doc.digits,
                                                   c.kl_pq, typed_prior=result.prior))
            else:
                part(lambda lab=lab: lab.show_pair(c.p, c.q, doc.labels, c.base, doc.digits,
                                                   c.kl_pq))
        drawn = (result, doc.labels_version, doc.digits)
        if self._charted is None or drawn[0] is not self._charted[0] \
                or drawn[1:] != self._charted[1:]:
            # an edit in a model out of focus keeps the pair's result: nothing to redraw.
            # Last: the chart hands its scene to the view at once (BarPlot.flush), which
            # paints what changed so far; the figures above are then in the same paint.
            self._charted = None  # drawn only once the chart has shown it

            def chart() -> None:
                self.chart.show_result(result, doc.labels, doc.digits)
                self._charted = drawn
            part(chart)
        part(self._want_many)
        part(self.files.update_title)
        self.sigRefreshed.emit()
        if failed:
            for later in failed[1:]:  # reported too, each with its own traceback
                sys.excepthook(type(later), later, later.__traceback__)
            raise failed[0]

    def _show_columns(self) -> None:
        doc = self.document
        columns = [(doc.name_of(c), doc.probabilities(c)) for c in doc.column_ids]
        self.distributions.show_columns(doc.labels, columns, doc.name_of(doc.focus_id))
        self.distributions.set_editable(doc.names())

    def _want_many(self) -> None:
        """The ranking while its page shows; the matrix while its page shows."""
        shown = self.pages.currentWidget() is self.models
        page = self.models.currentWidget() if shown else None
        metric = self.matrix.metric_choice.currentData()
        matrix_shown = page is not None and page.isAncestorOf(self.matrix)
        self.results.want_matrix(metric if matrix_shown else None)
        self.results.want_ranking(shown)
        if self.results.many_current:
            self._show_many(self.results.many)

    def _show_many(self, many) -> None:
        doc = self.document
        self.ranking.show_ranking(many.ranking, many.unit, doc.digits, many.reference_name)
        if many.matrix is not None:
            self.matrix.show_matrix(many.matrix, many.unit, doc.digits)
        self.sigManyShown.emit()

    def _focus_named(self, name: str) -> None:
        try:
            self.document.set_focus(self.document.column_id(name))
        except ValueError as e:
            self.statusBar().showMessage(str(e), 8000)

    def _dragged(self, name: str, outcome: int, probability: float, done: bool) -> None:
        """A bar of the distributions chart was dragged: the column's entries become
        exact probabilities with that outcome at ``probability`` and the others in their
        proportions. The figures follow during the drag (up to 2,000 outcomes; beyond,
        at the release); one drag is one undo step."""
        doc = self.document
        if not done and doc.n > 2_000:
            return
        which = doc.column_id(name)
        source = doc.family_of(which)
        if source is not None:  # a family column: ask at the release, change nothing before
            if not done:
                return
            if not ask_detach(self, name, source):
                self._show_columns()  # the chart's preview goes
                return
            self.edits.detach(which)
        try:
            self.edits.set_probability(name, outcome, probability,
                                       gesture=("drag", self._drag_gesture))
        except (ValueError, ArithmeticError) as e:
            self.statusBar().showMessage(f"Not changed: {e}", 8000)
            return
        if done:
            self._drag_gesture += 1

    def _show_fit(self, result: Result) -> None:
        """The fit lab needs only the reference: when the pair cannot be compared because
        of the model (a new model of zeros, say), it still fits P (as typed, scaled)."""
        doc = self.document
        error = result.error
        if result.comparison is None and error is not None and error.distribution == "Q":
            self.fit.show_reference(doc.probabilities(doc.reference_id), doc.labels, doc.unit,
                                    doc.digits, result.model_name)
        else:
            self.fit.show_result(result, doc.labels, doc.digits, doc.typed_column("P"))

    def use_fit(self, spec: dict) -> bool:
        """Set the focus model to the family ``spec`` (a session family object, the fit
        lab's choice) as one undo step: it becomes a family column, its sliders under
        the chart. False, with the reason on the fit lab beside its button and in the
        status bar, when the family does not fit the outcomes."""
        doc = self.document
        try:
            family = family_from_dict(spec)
            self.edits.set_family(doc.focus_id, family, text=f"Use fit {family.describe()} "
                                  f"for {doc.name_of(doc.focus_id)}")
        except DistributionError as e:
            said = f"Not changed: {localize(str(e), keep_quoted=True)}"
            self.fit.show_use_problem(said)
            self.statusBar().showMessage(said, 8000)
            return False
        self.fit.show_use_problem("")
        # (says so in the status bar too, where it replaces an earlier refusal)
        self.statusBar().showMessage(f"{doc.name_of(doc.focus_id)} is now "
                                     f"{localize(family.describe())} (one undo step).", 8000)
        return True


def _scrolled(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a frameless scroll area: never clipped, even at 200% font size."""
    area = QScrollArea(widget.parentWidget())
    area.setAccessibleName(name)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
