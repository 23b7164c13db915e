"""The app's remembered preferences, over QSettings, with a table of defaults and checked
keys (a misspelt key is an error, not a silently new setting) and checked values (a
value the file garbles reads as the default, never as a crash)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from klgui.core.units import UNITS
from klgui.model.document import DEFAULT_DIGITS, DIGITS_RANGE

__all__ = ["Settings", "MAX_RECENT"]

MAX_RECENT = 8

#: Every setting: its default, and a check that its value is usable.
_DEFAULTS: dict[str, Any] = {
    "unit": "nats",                 # of a new document
    "digits": DEFAULT_DIGITS,       # significant digits of a new document
    "geometry": "",                 # the window's size and place (hex of saveGeometry)
    "window_state": "",             # maximized or not (hex of saveState)
    "main_splitter": [],            # table | chart and figures, in pixels
    "right_splitter": [],           # chart / figures, in pixels
    "recent_files": [],
    "last_folder": "",
    "zoom_percent": 100,            # the whole window's zoom (View ▸ Zoom In, Ctrl++)
    "presentation": False,          # presentation mode (View, F5)
    "theme": "system",              # View ▸ Theme: system, light, dark or contrast
}
_INT_LISTS = {"main_splitter", "right_splitter"}
_CHECKS: dict[str, Callable[[Any], bool]] = {
    "unit": lambda v: v in UNITS,
    "digits": lambda v: DIGITS_RANGE[0] <= v <= DIGITS_RANGE[1],
    "zoom_percent": lambda v: 50 <= v <= 300,
    "theme": lambda v: v in ("system", "light", "dark", "contrast"),  # theme.THEMES
    "main_splitter": lambda v: len(v) == 2 and all(x >= 0 for x in v),
    "right_splitter": lambda v: len(v) == 2 and all(x >= 0 for x in v),
}


class Settings:
    """Typed access to the settings file (INI format, in the user's config folder; tests
    move it with ``QSettings.setPath``)."""

    def __init__(self) -> None:
        self._store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                "klgui", "KL Divergence Explorer")

    @property
    def path(self) -> str:
        return self._store.fileName()

    def get(self, key: str) -> Any:
        """The stored value, or the default when there is none or it is not usable."""
        default = _check(key)
        try:
            value = _typed(self._store.value(key, default), default, key in _INT_LISTS)
        except (TypeError, ValueError):
            return default
        return value if _CHECKS.get(key, lambda v: True)(value) else default

    def set(self, key: str, value: Any) -> None:
        """Store a value; ValueError when it is not of the setting's kind or range."""
        default = _check(key)
        try:
            typed = _typed(value, default, key in _INT_LISTS)
        except (TypeError, ValueError):
            typed = None
        if typed is None or typed != value or not _CHECKS.get(key, lambda v: True)(typed):
            raise ValueError(f"{value!r} is not a valid value for the setting {key!r}")
        self._store.setValue(key, value)
        self._store.sync()

    def get_bytes(self, key: str) -> QByteArray:
        """A setting kept as hex text (window geometry and state)."""
        return QByteArray.fromHex(self.get(key).encode("ascii", "replace"))

    def set_bytes(self, key: str, data: QByteArray) -> None:
        self.set(key, bytes(data.toHex()).decode("ascii"))

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


def _typed(value: Any, default: Any, ints: bool = False) -> Any:
    """``value`` as the default's type (a list of ints when ``ints``). INI files give
    back text: "12", and a one-item list as a plain string."""
    if isinstance(default, bool):  # INI files give back "true" and "false"
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if isinstance(value, bool):
            return value
        raise ValueError(value)
    if isinstance(default, int):
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise ValueError(value)
        return int(value)
    if isinstance(default, list):
        if value in (None, ""):
            return []
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        return [int(v) for v in items] if ints else [str(v) for v in items]
    if not isinstance(value, str):
        raise TypeError(value)
    return value
