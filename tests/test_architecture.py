"""The computation core, the document and the file layer never import Qt."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "klgui"
QT = {"PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6"}


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("layer", ["core", "io", "document.py", "cli.py"])
def test_layer_imports_no_qt(layer):
    path = ROOT / layer
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    assert files and all(f.exists() for f in files), f"klgui/{layer} has no modules"
    offenders = [f"{f.name}: {m}" for f in files for m in _imports(f) if m.split(".")[0] in QT]
    assert offenders == []


def test_core_imports_without_qt_loaded():
    import subprocess
    import sys
    code = ("import sys, klgui.core, klgui.io, klgui.io.presets, klgui.io.csv_import, klgui.io.csv_export, klgui.io.session, klgui.document, klgui.cli; "
            "bad = [m for m in sys.modules if m.split('.')[0] in {'PySide6','pyqtgraph','scipy','mpmath'}]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)
