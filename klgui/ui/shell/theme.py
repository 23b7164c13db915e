"""View ▸ Theme: the system's look, or light, dark or high contrast, chosen in the app.

A theme other than System sets Qt's Fusion style and a palette of its own on the whole
application; every widget, and every chart (they take their background, axes and text
from the palette: :mod:`klgui.ui.shell.look`), follows at once. High contrast is white
on black with yellow and cyan outlines; the data keep their colour-blind-safe colours
and their patterns (stripes, hatching). Exported images stay black on white
(:mod:`klgui.ui.chart.chart_image`). The choice is remembered.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QStyleFactory

from klgui.ui.shell.look import CONTRAST_CYAN, CONTRAST_YELLOW, THEME_PROPERTY
from klgui.ui.shell.status import announce

__all__ = ["THEMES", "apply_theme", "current_theme", "theme_palette", "ThemeMenu"]

#: The themes, by key (as remembered), with their menu text.
THEMES = {"system": "&System", "light": "&Light", "dark": "&Dark",
          "contrast": "&High contrast"}

_R = QPalette.ColorRole
_G = QPalette.ColorGroup
#: The system's own style and palette, kept the first time another theme is applied.
_system: tuple[str, QPalette] | None = None


def theme_palette(name: str) -> QPalette:
    """The palette of theme ``name`` ("light", "dark" or "contrast"). Raises KeyError
    for another name ("system" has no palette of its own)."""
    if name == "light":
        return QStyleFactory.create("Fusion").standardPalette()
    colours = {"dark": _DARK, "contrast": _CONTRAST}[name]
    palette = QPalette()
    for role, colour in colours["all"].items():
        palette.setColor(role, QColor(colour))
    for role, colour in colours["disabled"].items():
        palette.setColor(_G.Disabled, role, QColor(colour))
    return palette


_DARK = {
    "all": {_R.Window: "#2b2b2b", _R.WindowText: "#e8e8e8", _R.Base: "#1e1e1e",
            _R.AlternateBase: "#2a2a2a", _R.Text: "#e8e8e8", _R.Button: "#353535",
            _R.ButtonText: "#e8e8e8", _R.BrightText: "#ffffff", _R.Highlight: "#3d7fc4",
            _R.HighlightedText: "#ffffff", _R.Link: "#6cb4ff", _R.LinkVisited: "#b18cff",
            _R.ToolTipBase: "#2b2b2b", _R.ToolTipText: "#e8e8e8",
            _R.PlaceholderText: "#9a9a9a", _R.Light: "#505050", _R.Midlight: "#404040",
            _R.Mid: "#303030", _R.Dark: "#1a1a1a", _R.Shadow: "#000000"},
    "disabled": {_R.WindowText: "#7a7a7a", _R.Text: "#7a7a7a", _R.ButtonText: "#7a7a7a",
                 _R.Highlight: "#505050"},
}
_CONTRAST = {
    "all": {_R.Window: "#000000", _R.WindowText: "#ffffff", _R.Base: "#000000",
            _R.AlternateBase: "#1a1a1a", _R.Text: "#ffffff", _R.Button: "#000000",
            _R.ButtonText: "#ffffff", _R.BrightText: CONTRAST_YELLOW,
            _R.Highlight: CONTRAST_CYAN, _R.HighlightedText: "#000000",
            _R.Link: CONTRAST_YELLOW, _R.LinkVisited: CONTRAST_YELLOW,
            _R.ToolTipBase: "#000000", _R.ToolTipText: "#ffffff",
            _R.PlaceholderText: "#d0d0d0",
            # Fusion draws frames from these: outlines that show on black
            _R.Light: "#ffffff", _R.Midlight: CONTRAST_YELLOW, _R.Mid: "#c0c0c0",
            _R.Dark: "#ffffff", _R.Shadow: "#ffffff"},
    "disabled": {_R.WindowText: "#b0b0b0", _R.Text: "#b0b0b0", _R.ButtonText: "#b0b0b0",
                 _R.Highlight: "#606060"},
}
#: White arrows for the spin boxes' buttons (a style sheet takes an image's path).
#: Beside this module (package data), so a source tree finds its own.
_ARROWS = {k: (Path(__file__).parent / f"contrast-{k}.svg").as_posix() for k in ("up", "down")}
#: Outlines of the controls in high contrast: a yellow frame, cyan when focused.
_CONTRAST_SHEET = (
    f"QPushButton, QComboBox, QSpinBox, QDoubleSpinBox, QLineEdit {{"
    f" border: 2px solid {CONTRAST_YELLOW}; padding: 2px 4px; }}"
    f" QPushButton:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus,"
    f" QLineEdit:focus {{ border-color: {CONTRAST_CYAN}; }}"
    f" QTabBar::tab:selected {{ color: #000000; background: {CONTRAST_YELLOW}; }}"
    # Fusion draws a check box black on black: a yellow box, filled cyan when checked
    f" QCheckBox::indicator {{ width: 12px; height: 12px; border: 2px solid {CONTRAST_YELLOW};"
    f" background: #000000; }}"
    f" QCheckBox::indicator:checked {{ background: {CONTRAST_CYAN}; }}"
    # Fusion's slider is a dark outline on black: a white track, filled cyan up to a
    # yellow handle (cyan framed when focused)
    f" QSlider::groove:horizontal {{ height: 6px; background: #000000;"
    f" border: 2px solid #ffffff; border-radius: 4px; }}"
    f" QSlider::sub-page:horizontal {{ background: {CONTRAST_CYAN};"
    f" border: 2px solid #ffffff; border-radius: 4px; }}"
    f" QSlider::handle:horizontal {{ background: {CONTRAST_YELLOW}; border: 2px solid #ffffff;"
    f" width: 12px; margin: -6px 0; border-radius: 4px; }}"
    f" QSlider::handle:horizontal:focus {{ border-color: {CONTRAST_CYAN}; }}"
    f" QSlider:focus {{ border: 2px dotted {CONTRAST_CYAN}; }}"
    # the spin boxes' arrows were empty squares: white triangles in yellow boxes
    f" QSpinBox::up-button, QDoubleSpinBox::up-button, QSpinBox::down-button,"
    f" QDoubleSpinBox::down-button {{ width: 16px; background: #000000;"
    f" border-left: 2px solid {CONTRAST_YELLOW}; }}"
    f" QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{ width: 10px; height: 8px;"
    f" image: url({_ARROWS['up']}); }}"
    f" QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{ width: 10px; height: 8px;"
    f" image: url({_ARROWS['down']}); }}")


def current_theme() -> str:
    """The theme applied to the application ("system" before any was)."""
    app = QApplication.instance()
    name = app.property(THEME_PROPERTY) if app is not None else None
    return name if name in THEMES else "system"


def apply_theme(name: str) -> None:
    """Give the whole application theme ``name`` (one of :data:`THEMES`) at once.
    Raises KeyError for an unknown name."""
    global _system
    if name not in THEMES:
        raise KeyError(f"no theme {name!r}; the themes are {', '.join(THEMES)}")
    app = QApplication.instance()
    before = app.property(THEME_PROPERTY)
    if name == current_theme() and (before is not None or name == "system"):
        app.setProperty(THEME_PROPERTY, name)
        return  # already so (at start, the system's look is already there)
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    app.setProperty(THEME_PROPERTY, name)  # before the palette: the charts read it
    if name == "system":
        style, palette = _system
        app.setStyleSheet("")
        app.setStyle(style)
        app.setPalette(palette)
        _now(app)
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setStyleSheet("")  # a style sheet in place would keep the old palette's colours
    app.setPalette(theme_palette(name))
    if name == "contrast":
        app.setStyleSheet(_CONTRAST_SHEET)
    _now(app)


def _now(app: QApplication) -> None:
    """Deliver the palette change at once: after a change of style Qt posts it."""
    for kind in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
        app.sendPostedEvents(None, kind)


class ThemeMenu(QObject):
    """View ▸ Theme, one checkable action per theme; applies the remembered theme."""

    def __init__(self, window, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.menu = view_menu.addMenu("T&heme")
        group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for key, text in THEMES.items():
            action = self.menu.addAction(text)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, key=key: self.set_theme(key))
            group.addAction(action)
            self.actions[key] = action
        self.set_theme(window.settings.get("theme"), say=False)

    def set_theme(self, name: str, say: bool = True) -> None:
        """Apply theme ``name`` to the whole app and remember it."""
        apply_theme(name)
        self.actions[name].setChecked(True)
        if self.window.settings.get("theme") != name:
            self.window.settings.set("theme", name)
        if say:
            announce(self.window, f"Theme: {THEMES[name].replace('&', '')}.")
