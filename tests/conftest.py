"""Shared test setup. Qt runs offscreen so the suite needs no display.

The suite also runs without PySide6 and pyqtgraph installed (the second stage of
.ci/run): the core, model, io and command-line tests then run, and the test files that
need Qt are not collected. Which files those are is decided from their source alone
(:func:`needs_qt`), so a Qt-free file that imports Qt after all fails to import there;
a test of a Qt-free file that needs Qt in a child process is marked ``qt``.
"""

import ast
import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))  # for the `oracle` helper module

import pytest  # noqa: E402

#: Whether the Qt binding, the charts and pytest-qt are installed (the full suite).
HAVE_QT = all(importlib.util.find_spec(m) is not None
              for m in ("PySide6", "pyqtgraph", "pytestqt"))

#: Imports that make a test file need Qt: the binding, the charts, the window.
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6", "pytestqt", "klgui.ui", "klgui.app",
              "klgui.__main__")

#: Fixtures that make a test need Qt: pytest-qt's, and this file's Qt ones.
QT_FIXTURES = {"qtbot", "qapp", "qapp_args", "qapp_cls", "window", "in_locale", "dialogs"}


def _is_qt_module(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in QT_MODULES)


def needs_qt(path: Path) -> bool:
    """Whether the test file at ``path`` needs Qt, read from its source without importing
    it: it imports a Qt module (anywhere, also inside a function) or this conftest's
    ``shown_window``, or one of its functions takes a Qt fixture (``qtbot``, ``window``…;
    a fixture of its own that does, like ``german_window``, is caught the same way)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(_is_qt_module(a.name) for a in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if _is_qt_module(node.module) or (
                    node.module == "klgui" and any(a.name in ("ui", "app", "__main__")
                                                   for a in node.names)):
                return True
            if node.module == "conftest" and any(a.name == "shown_window" for a in node.names):
                return True
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            if any(a.arg in QT_FIXTURES for a in args):
                return True
    return False


if not HAVE_QT:
    #: Without Qt, the test files that need it are not collected (see needs_qt).
    #: (A file named on the command line is still collected, and fails to import.)
    collect_ignore = sorted(p.name for p in Path(__file__).parent.glob("test_*.py")
                            if needs_qt(p))

    def pytest_addoption(parser):
        # pytest-qt's settings in pyproject.toml, known without pytest-qt too, so that
        # --strict-config accepts them.
        parser.addini("qt_api", "Qt binding (pytest-qt; unused without Qt)")
        parser.addini("qt_log_level_fail", "Qt log level that fails (pytest-qt; unused)")

    def pytest_configure(config):
        config.addinivalue_line("markers", "qt_log_ignore: pytest-qt's (unused without Qt)")

    def pytest_collection_modifyitems(config, items):
        # Tests marked `qt` in a Qt-free file (the soak runs the window in a child
        # process) are left out too, as deselected, so the count of tests run is honest.
        qt = [item for item in items if item.get_closest_marker("qt")]
        if qt:
            config.hook.pytest_deselected(items=qt)
            items[:] = [item for item in items if not item.get_closest_marker("qt")]

    def pytest_report_header(config):
        return (f"no Qt: PySide6, pyqtgraph or pytest-qt is not installed; "
                f"{len(collect_ignore)} test files that need Qt are not collected")


def shown_window(qtbot):
    """The real main window, shown offscreen at 1280×720, with the coin example."""
    from klgui.ui.shell.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def type_in_family_box(window, qtbot, role: str, key: str, text: str) -> None:
    """Type ``text`` into the spin box of parameter ``key`` under the chart (``role``:
    "P" or "Q"), press Enter, and let the window refresh."""
    from PySide6.QtCore import Qt

    box = window.family_panel.controls[role][1].boxes[key]
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    window.refresh()


def reflowed(qtbot, window, passes: int = 2) -> None:
    """The window's classroom reflow, then one pass of the event loop (the layouts
    apply the new sizes), ``passes`` times."""
    for _ in range(passes):
        window.classroom.reflow()
        qtbot.wait(1)


def load_example(window, qtbot, preset: str) -> None:
    """Load the example ``preset`` and wait for its figures."""
    from klgui.io.presets import find_preset

    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset(preset))
    window.refresh()


if HAVE_QT:
    @pytest.fixture
    def window(qtbot):
        """The real main window, shown offscreen, with the coin example."""
        return shown_window(qtbot)

    @pytest.fixture
    def binomials(qtbot):
        """The window with P = Binomial(10, 0.5) and Q = Binomial(10, 0.3) (the
        example's), history cleared."""
        from klgui.core.families import Binomial

        w = shown_window(qtbot)
        w.document.fill_from_family("Q", Binomial(10, 0.3), create_outcomes=True)
        w.document.set_family("P", Binomial(10, 0.5))
        w.undo_stack.clear()
        w.refresh()
        return w

    @pytest.fixture
    def in_locale():
        """Call with a QLocale to make it the default; the one before comes back after."""
        from PySide6.QtCore import QLocale

        before = QLocale()
        yield QLocale.setDefault
        QLocale.setDefault(before)


class Dialogs:
    """Stand-ins for the modal dialogs, which would wait for a person forever.

    Tests set ``answers`` (what QMessageBox.question returns, in order; Discard when
    none are left), ``open_paths`` and ``save_paths`` (what the file dialogs return,
    "" meaning Cancel), and read ``asked`` and ``warnings`` to see what was shown.
    """

    def __init__(self):
        self.answers, self.open_paths, self.save_paths = [], [], []
        self.asked, self.warnings = [], []

    def question(self, parent, title, text, *args, **kwargs):
        from PySide6.QtWidgets import QMessageBox
        self.asked.append(text)
        return self.answers.pop(0) if self.answers else QMessageBox.StandardButton.Discard

    def warning(self, parent, title, text, *args, **kwargs):
        from PySide6.QtWidgets import QMessageBox
        self.warnings.append(text)
        return QMessageBox.StandardButton.Ok

    def open_path(self, *args, **kwargs):
        return (str(self.open_paths.pop(0)) if self.open_paths else "", "")

    def save_path(self, *args, **kwargs):
        return (str(self.save_paths.pop(0)) if self.save_paths else "", "")



def type_into(window, qtbot, row: int, column: int, text: str) -> None:
    """Type ``text`` into the table's cell as a person does: open its editor, select
    what is there, type, press Enter."""
    from PySide6.QtCore import Qt
    view = window.table.view
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def paste_into(window, qtbot, text: str, row: int = 0, column: int | None = None) -> None:
    """Put ``text`` on the clipboard, click the table's cell (``column`` None: the
    label's) and press Ctrl+V, as a person does."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
    from PySide6.QtGui import QGuiApplication

    from klgui.ui.table.outcome_model import LABEL

    QGuiApplication.clipboard().setText(text)
    view = window.table.view
    index = window.table.model.index(row, LABEL if column is None else column)
    view.setCurrentIndex(index)
    view.selectionModel().select(QItemSelection(index, index),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def seen_height(widget) -> int:
    """How much of ``widget``'s height its parents show (each clips it to its rect)."""
    seen = widget.rect()
    parent = widget.parentWidget()
    while parent is not None:
        offset = widget.mapTo(parent, widget.rect().topLeft()) - widget.rect().topLeft()
        seen = seen.intersected(parent.rect().translated(-offset))
        parent = parent.parentWidget()
    return max(seen.height(), 0)


@pytest.fixture(autouse=True)
def data_home(monkeypatch, tmp_path_factory):
    """Every test: the app's data folder (log, autosaves) in a fresh temporary folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))


if HAVE_QT:
    @pytest.fixture(autouse=True)
    def c_locale_numbers():
        """Every test starts with numbers written as in the C locale (0.5), whatever the
        machine's locale; tests of another locale set it themselves (test_locale_numbers)."""
        from PySide6.QtCore import QLocale

        QLocale.setDefault(QLocale.c())

    @pytest.fixture(autouse=True)
    def dialogs(monkeypatch, tmp_path_factory):
        """Every test: modal dialogs answered by a Dialogs object, and the settings file in
        a fresh temporary folder."""
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        d = Dialogs()
        monkeypatch.setattr(QMessageBox, "question", d.question)
        monkeypatch.setattr(QMessageBox, "warning", d.warning)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", d.open_path)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", d.save_path)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          str(tmp_path_factory.mktemp("settings")))
        return d
