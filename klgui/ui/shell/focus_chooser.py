"""The chooser of the model in focus: the pair every page shows is the reference and it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from klgui.model.document import Change, Document


class FocusChooser(QWidget):
    """A combo box of the models; choosing one makes it the focus. Kept in step with the
    document (its signals blocked while it follows, so there is no loop)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.label = QLabel("Model in fo&cus:", self)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName("Model in focus")
        self.combo.setToolTip("The model every page compares with the reference")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.combo.activated.connect(self._chosen)
        document.subscribe(self._changed)
        self.sync()

    def sync(self) -> None:
        doc = self.document
        self.combo.blockSignals(True)
        self.combo.clear()
        for which in doc.model_ids:
            self.combo.addItem(doc.name_of(which), which)
        self.combo.setCurrentIndex(max(self.combo.findData(doc.focus_id), 0))
        self.combo.blockSignals(False)
        self.setVisible(len(doc.model_ids) > 1)  # one model: nothing to choose

    def _changed(self, change: Change) -> None:
        if change.kind in ("columns", "reset", "focus", "rows"):
            self.sync()

    def _chosen(self, index: int) -> None:
        which = self.combo.itemData(index)
        if which is not None and which != self.document.focus_id:
            self.document.set_focus(which)
