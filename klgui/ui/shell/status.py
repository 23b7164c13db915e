"""Saying in the window's status bar what just happened (a copy, a zoom), and what the
data on screen are (an example's description) for as long as that is true; a message
longer than the bar ends in "…", whole in the bar's tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QLabel, QMainWindow, QProgressBar, QStatusBar, QStyle,
                               QStyleOption, QWidget)

from klgui.model.document import Change, Document
from klgui.ui.elide import elided

__all__ = ["announce", "DataDescription", "ElidingStatusBar", "BusyIndicator",
           "SHOWN_FOR_MS"]

#: How long a confirmation stays, in milliseconds.
SHOWN_FOR_MS = 5000


def announce(widget: QWidget, text: str) -> None:
    """Show ``text`` in the status bar of ``widget``'s main window, if it has one."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, SHOWN_FOR_MS)


class ElidingStatusBar(QStatusBar):
    """A status bar whose message, when longer than the room it has, is cut with "…"
    (QStatusBar cuts it mid-word without a sign) and shown whole in the bar's tooltip.
    :meth:`currentMessage` stays the whole message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self.messageChanged.connect(self._tip)

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        super().addPermanentWidget(widget, stretch)
        self._permanent.append(widget)
        widget.installEventFilter(self)  # shown or hidden: the message's room changes

    def message_rect(self) -> QRect:
        """Where the message is drawn: QStatusBar's own rectangle (6 px in, left of the
        size grip and of the first permanent widget shown)."""
        right = self.width() - 12
        grip = next((w for w in self.children() if w.metaObject().className() == "QSizeGrip"
                     and w.isVisible()), None)
        if grip is not None:
            right = grip.x()
        shown = [w.x() - 2 for w in self._permanent if w.isVisible()]
        if shown:
            right = min(right, min(shown))
        return QRect(6, 0, right - 6, self.height())

    def shown_text(self) -> str:
        """The message as drawn: whole if it fits, else cut with "…"."""
        return elided(self.currentMessage(), self.fontMetrics(), self.message_rect().width())

    def _tip(self, *_) -> None:
        message = self.currentMessage()
        self.setToolTip(message if message and self.shown_text() != message else "")

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._tip()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._tip()

    def paintEvent(self, event) -> None:
        """As QStatusBar paints: its panel, the frames of the permanent widgets shown,
        then the message, elided to its room."""
        message = self.currentMessage()
        if not message:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        style = self.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for widget in self._permanent:
            if widget.isVisible():
                frame = QStyleOption()
                frame.rect = widget.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame,
                                    painter, widget)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.message_rect(), int(Qt.AlignmentFlag.AlignLeading
                                                  | Qt.AlignmentFlag.AlignVCenter
                                                  | Qt.TextFlag.TextSingleLine),
                         self.shown_text())


class DataDescription:
    """A description of the data shown (an example's: "A biased coin (P) and a model
    of it (Q).") in ``window``'s status bar while it is true: until the data change (an
    edit, a paste, an import, a Fill from family, New, another example). A unit, digits
    or focus change keeps it; a message shown over it since is left alone."""

    def __init__(self, window: QMainWindow, document: Document) -> None:
        self._window = window
        self._text = ""
        document.subscribe(self._changed)

    @property
    def text(self) -> str:
        """The description in force ("" when there is none)."""
        return self._text

    def show(self, text: str) -> None:
        """Show ``text`` until the data change (call it after the change that loads
        the data it describes)."""
        self._text = text
        self._window.statusBar().showMessage(text)

    def _changed(self, change: Change) -> None:
        if not self._text or change.keeps_data:
            return
        bar = self._window.statusBar()
        if bar.currentMessage() == self._text:
            bar.clearMessage()
        self._text = ""


class BusyIndicator(QObject):
    """The status bar's busy look: "Computing n outcomes…" (``describe()``'s text) and
    a bar that moves with no known end, shown only when work started with
    :meth:`start_waiting` has not ended (:meth:`hide`) ``after_ms`` later: a short
    computation never flickers."""

    def __init__(self, status: QStatusBar, describe: Callable[[], str],
                 after_ms: int) -> None:
        super().__init__(status)
        self.describe = describe
        self.label = QLabel(status)
        self.label.setAccessibleName("Busy")
        self.bar = QProgressBar(status)
        self.bar.setRange(0, 0)  # no known end: the bar moves to show work going on
        self.bar.setMaximumWidth(status.window().fontMetrics().horizontalAdvance("0" * 12))
        self.bar.setAccessibleName("Computing")
        for widget in (self.label, self.bar):
            status.addPermanentWidget(widget)
            widget.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(after_ms)
        self.timer.timeout.connect(self.show)

    def start_waiting(self) -> None:
        """Work began: show the busy look ``after_ms`` from now unless it is ended (or
        already shown) by then."""
        if not self.timer.isActive() and not self.bar.isVisible():
            self.timer.start()

    def show(self) -> None:
        self.label.setText(self.describe())
        self.label.show()
        self.bar.show()

    def hide(self) -> None:
        self.timer.stop()
        self.label.hide()
        self.bar.hide()
