"""The sampling lab's Run: its checkable button draws more and more on a timer, about
an eighth more each tick (:func:`~klgui.core.labs.sampling_view.run_step`), until the
run's goal (:func:`~klgui.core.labs.sampling_view.run_goal`); pressed again, it stops.

The run asks its page for draws with :attr:`SamplingRun.sigDraw` and reads the count
from the sampler it is given, never from the page: it holds no reference to the page
(a lab page in a reference cycle crashed Qt as the garbage collector took it)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from klgui.core.labs.sampling import MAX_DRAWS, Sampler
from klgui.core.labs.sampling_view import run_goal, run_step

__all__ = ["RUN_TARGET", "RUN_INTERVAL_MS", "SamplingRun"]

#: A run draws until this many draws in all (or ten times as many as are drawn).
RUN_TARGET = 100_000
#: Timer interval of a run, ms; each tick draws about an eighth more.
RUN_INTERVAL_MS = 30


class SamplingRun(QObject):
    """The animated run of ``button`` (checkable: checked while it runs, "Stop" then)
    over :attr:`sampler` (None: there is nothing to draw from, and a run ends at once).
    """

    #: Draw this many more (the page's ``draw``).
    sigDraw = Signal(int)
    #: A run reached its goal, was stopped, or could not start.
    sigFinished = Signal()

    def __init__(self, button: QPushButton) -> None:
        super().__init__(button)
        self.button = button
        self.sampler: Sampler | None = None
        self.goal = 0
        self.timer = QTimer(self)
        self.timer.setInterval(RUN_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        button.setCheckable(True)
        button.setToolTip(f"Draw more and more (up to {RUN_TARGET:,} draws), "
                          "animated; press again to stop.")
        button.toggled.connect(self._toggled)

    def start(self) -> None:
        """Start the run (as pressing the button does)."""
        self.button.setChecked(True)

    def stop(self) -> None:
        self.button.setChecked(False)

    def _toggled(self, on: bool) -> None:
        self.button.setText("Stop" if on else "Run")
        if not on:
            if self.timer.isActive():
                self.timer.stop()
                self.sigFinished.emit()
            return
        if self.sampler is None or self.sampler.n >= MAX_DRAWS:
            self.button.setChecked(False)
            self.sigFinished.emit()
            return
        self.goal = run_goal(self.sampler.n, RUN_TARGET, MAX_DRAWS)
        self.timer.start()

    def _tick(self) -> None:
        n = self.sampler.n if self.sampler is not None else self.goal
        step = run_step(n, self.goal)
        if step > 0:
            self.sigDraw.emit(step)
        if self.sampler is None or self.sampler.n >= self.goal:
            self.stop()
