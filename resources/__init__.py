"""Data shipped with the app (icons, presets), installed as the package
``klgui.resources`` (see pyproject.toml); find files with klgui.paths."""
