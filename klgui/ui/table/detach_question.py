"""The one question asked before a column filled from a family or logits is changed by
hand (typing, pasting, Delete, dragging a bar): detach it into plain entries?"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from klgui.core.families import Family, Softmax
from klgui.ui.numbers import localize


def ask_detach(parent: QWidget, name: str, source: Family) -> bool:
    """Ask "Detach <name> into plain entries?"; True for Yes. The column's probabilities
    stay as they are; only their link to the family (and its sliders) goes."""
    origin = "its logits" if isinstance(source, Softmax) else "the family"
    answer = QMessageBox.question(
        parent, "Detach into plain entries?",
        f"Detach {name} into plain entries?\n\n{name} is {localize(source.describe())}: its "
        f"probabilities come from {origin}. Detached, they stay as they are and can be "
        "changed by hand; the sliders no longer move them. (Undo puts the family back.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
