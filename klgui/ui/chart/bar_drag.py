"""Dragging the bars of the distributions chart, with the mouse or the arrow keys.

The top of a bar of an *editable* column can be dragged up or down:
``barDragging(column, outcome, probability)`` is emitted at each change while the mouse
moves and ``barDragged`` once when the button is released (pyqtgraph's
``sigValueChanging`` / ``sigValueChanged`` habit: one gesture, one undo step). The bar
moves by as much as the mouse does, from wherever in the bar it was grabbed (or up to
``GRAB_PX`` pixels above its top, so a bar of 0 can be grabbed); the value is clamped to
[0, 1] and rounded to what the plot's pixels resolve (0.237, not 0.23712846), so the
float emitted reads as the decimal a person would type. The value range holds still
during a drag and follows the new heights after it.

Keyboard: clicking a bar selects it; Up/Down change the selected bar by ``STEP`` (with
Shift ``FINE_STEP``) to the next multiple of the step; Left/Right select the
neighbouring outcome, Page Up/Page Down the same outcome of another editable column
(with nothing selected, either arrow selects the first editable column's first bar),
and Escape clears the selection. A key gesture emits ``barDragging`` at every press
(auto-repeat included) and ``barDragged`` when the arrow key is released: holding the
key down is one gesture, each tap is one. Should the chart lose the keyboard focus
first (or a click or another key end it), the gesture ends then.

A gesture emits ``barDragged`` only if it emitted a ``barDragging``: a click that does
not move the bar only selects it. The chart previews a change itself (the other
outcomes keep their proportions, :func:`klgui.core.numerics.reweight.
reweighted_probabilities`); the owner's next ``show_columns`` replaces the preview.
Binned bars (too many outcomes for one bar each) cannot be dragged or selected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import Qt

from klgui.core.numerics.reweight import reweighted_probabilities

__all__ = ["BarDragging", "STEP", "FINE_STEP", "GRAB_PX", "stepped", "pixel_decimals"]

STEP, FINE_STEP = 0.01, 0.001  # arrow keys, and with Shift
GRAB_PX = 8  # a bar's top can be grabbed this many pixels above it (a bar of 0 too)


@dataclass
class Gesture:
    """A drag or a run of arrow-key presses on one bar."""

    kind: str  # "mouse" or "key"
    column: str
    outcome: int
    value: float  # the probability last emitted (or the starting one)
    offset: float = 0.0  # mouse: where in the bar it was grabbed, above its top
    emitted: bool = False


def stepped(value: float, step: float, direction: int) -> float:
    """The next multiple of ``step`` above (``direction`` > 0) or below ``value``,
    within [0, 1], rounded to the step's decimals (0.3333 up by 0.01 is 0.34)."""
    units = value / step
    target = math.floor(units + 1e-9) + 1 if direction > 0 else math.ceil(units - 1e-9) - 1
    places = max(0, -math.floor(math.log10(step) + 1e-12))
    return round(min(max(target * step, 0.0), 1.0), places)


def pixel_decimals(per_pixel: float) -> int:
    """Decimals that resolve a value range of ``per_pixel`` per pixel (2 to 6)."""
    if not per_pixel > 0 or not math.isfinite(per_pixel):
        return 3
    return min(max(math.ceil(-math.log10(per_pixel)), 2), 6)


class BarDragging:
    """Mouse and keyboard handling of :class:`~klgui.ui.chart.distributions_chart.
    DistributionsChart` (a mixin: it uses the chart's columns, its ``_bar_at`` hit test,
    ``_redraw``, ``_draw_marker`` and its ``barDragging`` / ``barDragged`` signals)."""

    def _view_y(self, widget_pos) -> float:
        return self.plot.vb.mapSceneToView(self.mapToScene(widget_pos.toPoint())).y()

    def mousePressEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(ev)
            return
        self._finish_gesture()
        hit = self._bar_at(self.mapToScene(ev.position().toPoint()))
        if hit is None or self._names[hit[0]] not in self._editable:
            self._selection = None
            self._draw_marker()
            super().mousePressEvent(ev)
            ev.accept()  # the click was handled: it cleared the selection
            return
        j, i = hit
        name, value = self._names[j], float(self._values[j][i])
        self._selection = (name, i)
        self._draw_marker()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._gesture = Gesture("mouse", name, i, value,
                                offset=self._view_y(ev.position()) - value)
        ev.accept()

    def mouseMoveEvent(self, ev) -> None:
        g = self._gesture
        if g is None or g.kind != "mouse":
            super().mouseMoveEvent(ev)
            return
        raw = min(max(self._view_y(ev.position()) - g.offset, 0.0), 1.0)
        self._change(g, round(raw, self._decimals()))
        ev.accept()

    def mouseReleaseEvent(self, ev) -> None:
        g = self._gesture
        if g is None or g.kind != "mouse" or ev.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(ev)
            ev.accept()
            return
        self._finish_gesture()
        ev.accept()

    def _decimals(self) -> int:
        """Decimals that the plot's pixels resolve: a drag's values are rounded to them."""
        return pixel_decimals(float(self.plot.vb.viewPixelSize()[1]))

    # -- the keyboard ----------------------------------------------------------------
    def keyPressEvent(self, ev) -> None:
        key = ev.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._selection is not None:
            self._step(+1 if key == Qt.Key.Key_Up else -1,
                       bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._move_selection(0, -1 if key == Qt.Key.Key_Left else +1)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._move_selection(-1 if key == Qt.Key.Key_PageUp else +1, 0)
        elif key == Qt.Key.Key_Escape and self._selection is not None:
            self._finish_gesture()
            self._selection = None
            self._draw_marker()
        else:
            super().keyPressEvent(ev)
            return
        ev.accept()

    def keyReleaseEvent(self, ev) -> None:
        g = self._gesture
        if (ev.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not ev.isAutoRepeat()
                and g is not None and g.kind == "key"):
            self._finish_gesture()
            ev.accept()
            return
        super().keyReleaseEvent(ev)

    def focusOutEvent(self, ev) -> None:
        self._finish_gesture()
        super().focusOutEvent(ev)

    def _step(self, direction: int, fine: bool) -> None:
        name, i = self._selection
        if not self._selectable(name, i):
            return
        g = self._gesture
        if g is not None and g.kind == "mouse":
            return  # the mouse has the bar
        if g is None:
            j = self._names.index(name)
            g = self._gesture = Gesture("key", name, i, float(self._values[j][i]))
        self._change(g, stepped(g.value, FINE_STEP if fine else STEP, direction))

    def _move_selection(self, column_step: int, outcome_step: int) -> None:
        editable = [name for name in self._names if name in self._editable]
        if not editable or self.binned or not self._labels:
            return
        self._finish_gesture()
        if self._selection is None or self._selection[0] not in editable:
            self._selection = (editable[0], 0)
        else:
            name, i = self._selection
            c = (editable.index(name) + column_step) % len(editable)
            self._selection = (editable[c], min(max(i + outcome_step, 0),
                                                 len(self._labels) - 1))
        self._draw_marker()

    # -- gestures --------------------------------------------------------------------
    def _change(self, g: Gesture, value: float) -> None:
        """Move the gesture's bar to ``value``, preview it, and tell the owner."""
        if value == g.value:
            return
        g.value, g.emitted = value, True
        j = self._names.index(g.column)
        self._values[j] = reweighted_probabilities(self._values[j], g.outcome, value)
        self._redraw()
        self.barDragging.emit(g.column, g.outcome, value)

    def _finish_gesture(self) -> None:
        """End the gesture under way, if any: one barDragged if it changed anything."""
        g, self._gesture = self._gesture, None
        if g is None:
            return
        if g.kind == "mouse":
            self._redraw()  # the value range follows the new heights
        if g.emitted:
            self.barDragged.emit(g.column, g.outcome, g.value)
