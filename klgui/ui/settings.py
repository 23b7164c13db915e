"""The app's remembered preferences, over QSettings, with a table of defaults and checked
keys (a misspelt key is an error, not a silently new setting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

__all__ = ["Settings", "MAX_RECENT"]

MAX_RECENT = 8
_DEFAULTS: dict[str, Any] = {
    "recent_files": [],
    "last_folder": "",
}


class Settings:
    """Typed access to the settings file (INI format, in the user's config folder; tests
    move it with ``QSettings.setPath``)."""

    def __init__(self) -> None:
        self._store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                "klgui", "KL Divergence Explorer")

    def get(self, key: str) -> Any:
        default = _check(key)
        value = self._store.value(key, default)
        if isinstance(default, list):  # INI files give back one item as a plain string
            if value in (None, ""):
                return []
            return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        return type(default)(value)

    def set(self, key: str, value: Any) -> None:
        _check(key)
        self._store.setValue(key, value)
        self._store.sync()

    def recent_files(self) -> list[str]:
        return self.get("recent_files")

    def add_recent(self, path: str | Path) -> None:
        """Put ``path`` first in the recent files, and remember its folder."""
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self.recent_files() if p != path]
        self.set("recent_files", recent[:MAX_RECENT])
        self.set("last_folder", str(Path(path).parent))

    def forget_recent(self, path: str | Path) -> None:
        self.set("recent_files", [p for p in self.recent_files() if p != str(path)])


def _check(key: str) -> Any:
    if key not in _DEFAULTS:
        raise KeyError(f"unknown setting {key!r}; the settings are {', '.join(_DEFAULTS)}")
    return _DEFAULTS[key]
