"""The File menu: sessions, CSV export (imports are klgui.ui.files.csv_imports'), chart
images, recent files, and the unsaved-changes guard. Reading and writing are
klgui.io's; this module asks for paths and answers, shows progress and messages, and
calls one Document method."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox
from shiboken6 import isValid

from klgui.core import Cancelled
from klgui.model.document import Snapshot
from klgui.model.snapshot import ChartView
from klgui.model.edits import Edits
from klgui.model.family_columns import closed_form_rows
from klgui.io.csv_export import further_models, save_summary, save_table
from klgui.io.session import SUFFIX, SessionError, load_session, save_session, session_notes

from klgui.ui.files.csv_imports import CSV_FILTER, CsvImports
from klgui.ui.files.progress import progress as _progress
from klgui.ui.chart.chart_image import IMAGE_FORMATS, save_chart_image
from klgui.ui.shell.look import icon
from klgui.ui.shell.settings import Settings
from klgui.ui.shell.undo import UndoStack

APP_NAME = "KL Divergence Explorer"
SESSION_FILTER = f"KL Divergence Explorer sessions (*{SUFFIX})"
OPEN_FILTER = f"Sessions and CSV files (*{SUFFIX} *.csv *.tsv *.txt);;{SESSION_FILTER};;" \
              f"{CSV_FILTER};;All files (*)"


class FileActions(CsvImports, QObject):
    """Owns the current file's path. The document has unsaved changes when the undo
    stack is away from the step it was at when last saved (or opened); the Bayes lab's
    work is the document's, its actions undo steps like any edit."""

    def __init__(self, window, edits: Edits, undo_stack: UndoStack, settings: Settings) -> None:
        super().__init__(window)
        self.window, self.edits, self.document = window, edits, edits.document
        self.undo_stack = undo_stack
        self.settings = settings
        self.path: Path | None = None
        undo_stack.cleanChanged.connect(self._clean_changed)
        self._make_actions()

    # -- state ---------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_clean(self, path: Path | None) -> None:
        self.path = path
        self.undo_stack.setClean()
        self.update_title()

    def start_afresh(self, path: Path | None) -> None:
        """After New or Open: a new document, with no steps to undo."""
        self.undo_stack.clear()
        self.mark_clean(path)

    def _clean_changed(self) -> None:
        if isValid(self.window):  # the stack clears itself as the window is destroyed
            self.update_title()

    def update_title(self) -> None:
        """Called by the window after each refresh, and here when the file changes."""
        name = self.path.name if self.path else self.document.name
        self.window.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.window.setWindowModified(self.modified)

    def maybe_discard(self) -> bool:
        """True when it is fine to replace the document: nothing unsaved, or the person
        saved it or chose to discard it."""
        if not self.modified:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes",
            f"“{self.path.name if self.path else self.document.name}” has changes that are "
            "not saved. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- actions -------------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(text: str, slot, keys=None, tip: str = "", icon_name: str = "") -> QAction:
            a = QAction(icon(icon_name) if icon_name else QIcon(), text, self.window)
            if keys is not None:
                a.setShortcut(keys)
            a.setStatusTip(tip)
            a.triggered.connect(lambda _=False: slot())
            return a

        K = QKeySequence.StandardKey
        self.new_action = action("&New", self.new, K.New, "Start again with two outcomes", "new")
        self.open_action = action("&Open…", self.open, K.Open,
                                  "Open a session or a CSV file of outcomes", "open")
        self.save_action = action("&Save", self.save, K.Save, "Save the session", "save")
        self.save_as_action = action("Save &As…", self.save_as, K.SaveAs,
                                     "Save the session under a new name")
        self.import_action = action("&Import CSV…", lambda: self.import_csv(), None,
                                    "Replace the table with the outcomes of a CSV file", "import")
        self.load_distribution_action = action(
            "&Load a distribution…", self.load_distribution, None,
            "Set the reference, a model or a new model from a CSV file, matching labels")
        self.export_table_action = action("Export &table CSV…", self.export_table, "Ctrl+E",
                                          "Write one row per outcome with its terms", "export")
        self.export_summary_action = action("Export s&ummary CSV…", self.export_summary,
                                            "Ctrl+Shift+E", "Write one row per figure")
        self.export_both_action = action("Export &both CSVs…", self.export_both, None,
                                         "Write the table and the summary side by side")
        self.export_chart_action = action("Export c&hart image…", self.export_chart, None,
                                          "Save the chart as PNG or SVG", "chart")
        self.export_lab_action = action("Export lab table &CSV…", self.export_lab, None,
                                        "Write the table of the lab shown (Labs tab)")
        for tabs in (getattr(self.window, "pages", None), getattr(self.window, "labs", None)):
            if tabs is not None:  # enabled while a lab is the page shown
                tabs.currentChanged.connect(lambda _: self._lab_shown())
        self._lab_shown()
        self.recent_menu = QMenu("Open &Recent", self.window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    def fill_menu(self, menu: QMenu) -> None:
        for a in (self.new_action, self.open_action):
            menu.addAction(a)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        for a in (self.save_action, self.save_as_action):
            menu.addAction(a)
        menu.addSeparator()
        for a in (self.import_action, self.load_distribution_action):
            menu.addAction(a)
        menu.addSeparator()
        for a in (self.export_table_action, self.export_summary_action,
                  self.export_both_action, self.export_chart_action, self.export_lab_action):
            menu.addAction(a)
        from klgui.ui.files.handout import add_handout_actions  # Qt's PDF writer, on use

        add_handout_actions(menu, self.window)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for i, path in enumerate(recent, start=1):
            a = self.recent_menu.addAction(f"&{i} {Path(path).name}")
            a.setStatusTip(path)
            a.triggered.connect(lambda _=False, p=path: self.open(p))
        if not recent:
            self.recent_menu.addAction("(no recent files)").setEnabled(False)
            return
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("&Clear menu")
        clear.setStatusTip("Forget the recent files (the files themselves stay)")
        clear.triggered.connect(lambda: self.settings.set("recent_files", []))

    # -- sessions ------------------------------------------------------------------
    def new(self) -> None:
        if not self.maybe_discard():
            return
        d = self.document
        self.document.restore(Snapshot.of_pair(  # no smoothing
            ("outcome 1", "outcome 2"), ("1", "1"), ("1", "1"), "Untitled", d.unit, True,
            d.digits))
        self.start_afresh(None)

    def open(self, path: str | Path | None = None) -> bool:
        """Open a session, or import a CSV file, after the unsaved-changes question."""
        if not self.maybe_discard():
            return False
        if path is None:
            path = self._ask_open_path("Open a session or CSV file", OPEN_FILTER)
            if path is None:
                return False
        path = Path(path)
        if not path.exists():
            self._refuse("Cannot open", f"{path.name} is no longer there ({path.parent}).")
            self.settings.forget_recent(path)
            return False
        if not _is_session(path):
            return self.import_csv(path, ask_first=False)
        try:
            snapshot = load_session(path)
            self.document.restore(snapshot)
        except (SessionError, ValueError) as e:
            self._refuse("Cannot open", str(e))
            return False
        self.start_afresh(path)
        self.settings.add_recent(path)
        self._status(" ".join([f"Opened {path.name}.", *session_notes(snapshot),
                               *self._show_view(snapshot.view)]))
        return True

    def _show_view(self, view: ChartView | None) -> tuple[str, ...]:
        """The chart as a session keeps it (none kept: as it was); what of the view
        could not be used, to say."""
        if view is None:
            return ()
        self.window.chart.set_view(view)
        return view.problems

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._save_to(self.path)

    def save_as(self) -> bool:
        suggested = self._folder() / f"{_safe_name(self.document.name)}{SUFFIX}"
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Save the session",
                                                str(suggested), SESSION_FILTER)
        if not chosen:
            return False
        path = Path(chosen)
        if not path.name.endswith(SUFFIX):
            path = path.with_name(path.name.removesuffix(".json") + SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        self.document.name = _stem(path)  # the session is called what its file is called
        try:
            save_session(path, replace(self.document.snapshot(), view=self.window.chart.view()))
        except OSError as e:
            self._refuse("Cannot save", f"{path.name} was not saved: {e.strerror or e}. "
                                        "The previous file, if any, is unchanged.")
            return False
        self.mark_clean(path)
        self.settings.add_recent(path)
        self._status(f"Saved {path.name}.")
        return True

    # -- exports -------------------------------------------------------------------
    def export_table(self) -> bool:
        return self._export("table", self._ask_save_path("Export the table", "table", ".csv"))

    def export_summary(self) -> bool:
        return self._export("summary", self._ask_save_path("Export the summary", "summary", ".csv"))

    def export_both(self) -> bool:
        """Ask for one name; write NAME-table.csv and NAME-summary.csv beside each other."""
        chosen = self._ask_save_path("Export the table and the summary (give one name)",
                                     "", ".csv")
        if chosen is None:
            return False
        stem = chosen.with_suffix("")
        paths = [stem.with_name(f"{stem.name}-{kind}.csv") for kind in ("table", "summary")]
        existing = [p.name for p in paths if p.exists() and p != chosen]
        if existing and QMessageBox.question(
                self.window, "Replace files?", f"{' and '.join(existing)} already "
                f"exist{'s' if len(existing) == 1 else ''} in {stem.parent}. Replace?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return False
        return self._export("table", paths[0]) and self._export("summary", paths[1])

    def _export(self, kind: str, path: Path | None) -> bool:
        if path is None:
            return False
        doc = self.document
        result = doc.result()
        if result.comparison is None:
            self._refuse("Nothing to export", f"The entries cannot be compared yet: {result.error}")
            return False
        if kind == "table":
            with _progress(self.window, "Exporting", f"Writing {path.name}…") as progress:
                try:
                    more = further_models(
                        doc.typed_column(doc.reference_id),
                        [(doc.name_of(i), doc.texts(i), doc.typed_column(i))
                         for i in doc.model_ids if i != doc.focus_id],
                        doc.unit, normalize=doc.auto_normalize, smoothing=doc.smoothing)
                    names = (doc.name_of(doc.reference_id), doc.name_of(doc.focus_id))
                    return self._write(path, f"the {kind}", lambda: save_table(
                        path, doc.labels, doc.texts(doc.reference_id), doc.texts(doc.focus_id),
                        result.comparison, progress, more, names, doc.role_places))
                except Cancelled:
                    self._status(f"Export cancelled; {path.name} was not written.")
                    return False
        names = (doc.name_of(doc.reference_id), doc.name_of(doc.focus_id))
        return self._write(path, f"the {kind}", lambda: save_summary(
            path, result.comparison, labels=doc.labels,
            source=self.path.name if self.path else doc.name,
            more_figures=closed_form_rows(doc.family_figures(), doc.unit), names=names))

    def export_chart(self) -> bool:
        filters = ";;".join(IMAGE_FORMATS.values())
        suggested = self._folder() / f"{_safe_name(self._name())}-chart.png"
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.window, "Export the chart", str(suggested), filters)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() not in IMAGE_FORMATS:
            path = path.with_suffix(".svg" if "svg" in chosen_filter.lower() else ".png")
        w = self.window
        if w.charts.currentWidget() is w.distributions:  # its key is inside the chart
            views, key = [w.distributions], ()
        else:
            views, key = w.chart.visible_views(), w.chart.key_entries()
        return self._write(path, "the chart", lambda: save_chart_image(
            path, views, self.document.name, key=key))

    def shown_lab(self):
        """The lab page shown (the Labs tab in front, and one lab in it), else None."""
        w = self.window
        pages, labs = getattr(w, "pages", None), getattr(w, "labs", None)
        if pages is None or labs is None or pages.currentWidget() is not labs:
            return None
        current = labs.currentWidget()
        for lab in (w.sampling, w.coding, w.bayes, w.fit):
            if current is lab or (current is not None and current.isAncestorOf(lab)):
                return lab
        return None

    def _lab_shown(self) -> None:
        self.export_lab_action.setEnabled(self.shown_lab() is not None)

    def export_lab(self) -> bool:
        """Write the shown lab's table (estimators, codewords, hypotheses or the fit
        lab's stationary points) as CSV."""
        lab = self.shown_lab()
        if lab is None:
            self._refuse("Nothing to export", "Show a lab (the Labs tab) to export its table.")
            return False
        kind = {self.window.sampling: "estimators", self.window.coding: "coding",
                self.window.bayes: "bayes", self.window.fit: "fit"}[lab]
        path = self._ask_save_path("Export the lab's table", kind, ".csv")
        if path is None:
            return False
        try:
            return self._write(path, f"the {kind} table", lambda: lab.export_csv(path))
        except ValueError as e:  # no pair, or still computing: nothing was written
            self._refuse("Nothing to export", str(e))
            return False

    def _write(self, path: Path, what: str, write) -> bool:
        """Run ``write`` (which writes ``path`` atomically) and say how it went."""
        try:
            write()
        except OSError as e:
            self._refuse("Cannot export", f"{path.name} was not written: {e.strerror or e}.")
            return False
        except ValueError as e:  # a label a CSV file cannot carry (csv_export.check_labels)
            self._refuse("Cannot export", f"{path.name} was not written. {e}")
            return False
        self.settings.set("last_folder", str(path.parent))
        self._status(f"Wrote {what} to {path}.")
        return True

    # -- helpers -------------------------------------------------------------------
    def _name(self) -> str:
        """What exports are named after: the session file, else the document's name."""
        return _stem(self.path) if self.path is not None else self.document.name

    def _folder(self) -> Path:
        if self.path is not None:
            return self.path.parent
        last = self.settings.get("last_folder")
        return Path(last) if last and Path(last).is_dir() else Path.home()

    def _ask_open_path(self, title: str, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self.window, title, str(self._folder()), filters)
        return Path(chosen) if chosen else None

    def _ask_save_path(self, title: str, kind: str, suffix: str) -> Path | None:
        name = _safe_name(self._name()) + (f"-{kind}" if kind else "") + suffix
        chosen, _ = QFileDialog.getSaveFileName(self.window, title, str(self._folder() / name),
                                                f"CSV files (*{suffix})")
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _refuse(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15000)


def _is_session(path: Path) -> bool:
    return path.name.endswith(SUFFIX) or path.suffix.lower() == ".json"


def _stem(path: Path) -> str:
    """``colors`` for colors.kld.json (or colors.json)."""
    return path.name.removesuffix(SUFFIX).removesuffix(".json")


def _safe_name(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_." else "-" for ch in name).strip(" .")
    return cleaned or "Untitled"
