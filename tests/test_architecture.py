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


@pytest.mark.parametrize("layer", ["core", "io", "model", "cli.py"])
def test_layer_imports_no_qt(layer):
    path = ROOT / layer
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    assert files and all(f.exists() for f in files), f"klgui/{layer} has no modules"
    offenders = [f"{f.name}: {m}" for f in files for m in _imports(f) if m.split(".")[0] in QT]
    assert offenders == []


def test_core_imports_without_qt_loaded():
    import subprocess
    import sys
    code = ("import sys, klgui.core, klgui.io, klgui.io.presets, klgui.io.csv_import, klgui.io.csv_export, klgui.io.session, klgui.model.document, klgui.cli; "
            "bad = [m for m in sys.modules if m.split('.')[0] in {'PySide6','pyqtgraph','scipy','mpmath'}]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


#: Which parts of klgui each part may import: dependencies point down (ui → model →
#: core; io → core; cli → io, model). ``klgui`` is the package's own __init__ (the
#: version), ``paths`` the app's folders. io reads sessions and presets into the model's
#: plain snapshot types (``model.snapshot``, the model's leaf) and nothing else of it.
#: pyproject.toml's [tool.importlinter] contracts say the same, indirect imports
#: included; `lint-imports` checks them in .ci/run.
ALLOWED = {
    "core": {"core"},
    "model": {"core", "model"},
    "io": {"core", "io", "klgui", "paths", "model.snapshot"},
    "cli": {"core", "io", "model"},
    "ui": {"core", "model", "io", "klgui", "paths", "ui"},
    "app": {"cli", "io", "ui", "core", "klgui", "paths"},
    "paths": set(),
    "__main__": {"app"},
    "__init__": set(),
}


def _part(path: Path) -> str:
    first = path.relative_to(ROOT).parts[0]
    return first[:-3] if first.endswith(".py") else first


def _klgui_imports(path: Path, part: str):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            if part in ("core", "io", "ui", "model"):
                yield part
            continue
        names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                 [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
        for name in names:
            if name == "klgui" or name.startswith("klgui."):
                yield name.partition(".")[2] or "klgui"  # "model.snapshot", "core.units"


def _allowed(target: str, allowed: set) -> bool:
    """Whether ``target`` ("model.snapshot") is one of ``allowed`` or inside one."""
    return any(target == a or target.startswith(a + ".") for a in allowed)


def test_dependencies_point_down():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        part = _part(path)
        assert part in ALLOWED, f"klgui/{part} is not in the layer table"
        offenders += [f"{path.relative_to(ROOT)} imports klgui.{target}"
                      for target in set(_klgui_imports(path, part))
                      if not _allowed(target, ALLOWED[part])]
    assert offenders == []


def test_io_may_import_only_the_models_snapshot_types():
    """The narrowing is real: the table refuses io importing the document."""
    assert _allowed("model.snapshot", ALLOWED["io"])
    assert not _allowed("model.document", ALLOWED["io"])
    assert not _allowed("model", ALLOWED["io"])
    assert _allowed("model.document", ALLOWED["cli"])


def test_every_package_is_installed():
    """pyproject.toml lists the packages a wheel holds; one left out installs an app that
    fails to import it (klgui.core.labs was, and `python -m klgui export` failed)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        from pip._vendor import tomli as tomllib
    with open(ROOT.parent / "pyproject.toml", "rb") as f:
        listed = set(tomllib.load(f)["tool"]["setuptools"]["packages"])
    packages = {".".join(init.parent.relative_to(ROOT.parent).parts)
                for init in ROOT.rglob("__init__.py")}
    assert packages - listed == set()


#: Runs import-linter's own check in a fresh interpreter from the repository's root
#: (where pyproject.toml is; `klgui` is imported from there, as `lint-imports` does).
_LINT = ("import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))")


def _lint_imports(config: Path):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-c", _LINT, str(config)], cwd=ROOT.parent,
                          capture_output=True, text=True)


def test_import_linter_contracts_are_kept():
    """pyproject.toml's [tool.importlinter] contracts, as CI checks them: the table above
    is this file's own rule, while import-linter follows indirect imports and its layers
    contracts are exhaustive (a new module directly in klgui or klgui.model that no
    layer names breaks them), so a module could pass the tests above and fail CI."""
    pytest.importorskip("importlinter")  # .ci/no_qt's environment leaves linters out
    run = _lint_imports(ROOT.parent / "pyproject.toml")
    assert run.returncode == 0, run.stdout + run.stderr


def test_import_linter_check_reports_a_broken_contract(tmp_path):
    """The check above can fail: a contract the code breaks (ui imports Qt) is refused,
    with the import that breaks it in the output."""
    pytest.importorskip("importlinter")
    config = tmp_path / "contracts.toml"
    config.write_text('[tool.importlinter]\nroot_package = "klgui"\n'
                      'include_external_packages = true\n\n'
                      '[[tool.importlinter.contracts]]\nname = "ui without Qt"\n'
                      'type = "forbidden"\nsource_modules = ["klgui.ui"]\n'
                      'forbidden_modules = ["PySide6"]\n', encoding="utf-8")
    run = _lint_imports(config)
    assert run.returncode == 1
    assert "ui without Qt BROKEN" in run.stdout and "-> PySide6" in run.stdout
