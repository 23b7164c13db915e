"""Underlined letters on every dialog button (Alt+D for Discard), as menus have.

Qt's standard buttons (Save, Discard, Cancel, Open…) carry no mnemonic on Linux. One
application-wide filter gives each standard button of a dialog shown without one the
first free letter of its words (letters the dialog's own buttons use are left to them),
so every dialog stays usable from the keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox

__all__ = ["install_button_mnemonics", "with_mnemonics"]


def with_mnemonics(texts: list[str]) -> list[str]:
    """``texts`` with an ``&`` before a letter of each that has none, each letter used
    once (first letters of words first, then any letter); a text with no free letter
    is left as it is."""
    taken = {t[t.index("&") + 1].lower() for t in texts
             if "&" in t and t.index("&") + 1 < len(t)}
    out = []
    for text in texts:
        if "&" in text:
            out.append(text)
            continue
        starts = [i for i, c in enumerate(text) if c.isalnum() and (i == 0 or text[i - 1] == " ")]
        others = [i for i, c in enumerate(text) if c.isalnum() and i not in starts]
        for i in starts + others:
            if text[i].lower() not in taken:
                taken.add(text[i].lower())
                text = text[:i] + "&" + text[i:]
                break
        out.append(text)
    return out


_NO_BUTTON = QDialogButtonBox.StandardButton.NoButton


class _ButtonMnemonics(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            for box in watched.findChildren(QDialogButtonBox):
                buttons: list[QAbstractButton] = box.buttons()
                # Qt's standard buttons only (Save, Discard, Cancel…): a button a dialog
                # named itself keeps its text, which the code may look for
                texts = with_mnemonics([b.text() for b in buttons])
                for button, text in zip(buttons, texts):
                    standard = box.standardButton(button) != _NO_BUTTON
                    if standard and text != button.text():
                        button.setText(text)
        return False


def install_button_mnemonics(app: QApplication) -> None:
    """Give dialog buttons mnemonics for the rest of the run (once per application)."""
    if getattr(app, "_klgui_mnemonics", None) is None:
        app._klgui_mnemonics = _ButtonMnemonics(app)
        app.installEventFilter(app._klgui_mnemonics)
