"""The fit lab's table of stationary points: filling it from a result (curve, kind, θ and
D, copied at full precision), the fit its selected row stands for, and where it stands,
beside the plot or below it. A mixin of :class:`~klgui.ui.pages.fit_page.FitPage`; it
uses the page's ``points``, ``rows``, ``result``, ``busy``, ``digits``, ``unit``,
``use``, ``plot``, ``middle``, ``upper``, ``lesson`` and ``lesson_area``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QBoxLayout

from klgui.ui.numbers import figure_text, full_precision_text
from klgui.ui.pages.fit_plot import DIRECTION_NAMES, SYMBOLS
from klgui.ui.pages.labs.lab_page import room_width

__all__ = ["FitPoints", "SHOWN_ROWS", "ANY_WIDTH", "BESIDE_COLUMNS", "LESSON_CHARS",
           "PLOT_SHARE"]

ANY_WIDTH = 16_777_215  # Qt's QWIDGETSIZE_MAX
#: The table stands beside the plot, scrolling sideways, while this many of its first
#: columns show whole (which curve, which kind of point, where); else below the plot.
BESIDE_COLUMNS = 3
#: Up to this many rows the table shows them all (more scroll).
SHOWN_ROWS = 5
#: Where the table stands below the plot, the text stands beside the plot, scrolling
#: inside itself, while it gets lines of this many average characters; else it follows
#: the table and the page scrolls. (At 1024×768 the page is given 540 × 403 px: plot,
#: table and text one above the other need 529, and the first screen ended with a line
#: and a half of the text, the second cut through its middle.)
LESSON_CHARS = 24
#: The shares of the plot and of the text beside it in their row.
PLOT_SHARE, LESSON_SHARE = 3, 2


class FitPoints:
    """The stationary points table of a FitPage (mixed into it)."""

    def selected_spec(self) -> dict | None:
        """The family object of the selected stationary point, or None."""
        row = self.points.currentIndex().row()
        if self.result is None or self.busy or not 0 <= row < len(self.rows):
            return None
        point = self.rows[row][1]
        return None if point is None else self.result.model.spec(point.theta)

    def select_point(self, row: int) -> None:
        """Make row ``row`` of the table the only one selected and the current one (the
        fit Use this fit takes): selectRow would extend the selection while a Ctrl or
        Shift key is held."""
        model = self.points.model_
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.points.selectionModel().setCurrentIndex(model.index(row, 0), flags)

    def _fill_points(self, rows, symbol: str, scale: float) -> None:
        chosen = self.points.currentIndex().row()
        self.rows = rows
        digits = self.digits

        def kind(i):
            s = rows[i][1]
            return f"∞ for every {symbol}" if s is None else s.kind

        def shown_kind(i):
            s = rows[i][1]
            return kind(i) if s is None else f"{SYMBOLS[s.kind][1]} {s.kind}"

        def theta(i, full=False):
            s = rows[i][1]
            return "" if s is None else full_precision_text(s.theta) if full \
                else figure_text(s.theta, 12)

        def value(i, full=False):
            direction, s = rows[i]
            v = math.inf if s is None else self.result.value_in(direction, s, self.unit)
            return full_precision_text(v) if full else figure_text(v, digits)

        def name(i):
            return DIRECTION_NAMES[rows[i][0]]

        columns = [("Curve", name, name), ("Stationary point", shown_kind, kind),
                   (symbol, theta, lambda i: theta(i, True)),
                   (f"D ({self.unit})", value, lambda i: value(i, True))]
        self.points.model_.set_table(columns, len(rows), text_columns=(0, 1))
        self.points.model_.tips = {2: "Full precision when copied (Ctrl+C) or exported."}
        self.points.fit_height(max(1, min(len(rows), SHOWN_ROWS)))
        if rows:
            self.select_point(chosen if 0 <= chosen < len(rows) else 0)
        self._selection_changed()
        self._arrange()

    def _selection_changed(self, *_) -> None:
        self.show_use_problem("")  # the reason was about the fit chosen before
        row = self.points.currentIndex().row()
        point = self.rows[row][1] if 0 <= row < len(self.rows) else None
        self.use.setEnabled(point is not None and not self.busy)
        self.plot.mark(None if point is None else point.theta)

    def key_height(self) -> int:
        """The height, in pixels, of the page's first screen: the family's controls,
        then the plot at its least height beside the whole table of stationary points,
        Use this fit and three lines of the text under it (or above them, where they
        stand one above the other, the text beside the plot where it has the room)."""
        layout = self.layout()
        margins = layout.contentsMargins()
        table = self.points
        rows = table.model().rowCount()
        shown = table.horizontalHeader().height() + 2 * table.frameWidth() + \
            rows * (table.rowHeight(0) if rows else 0)
        side = self.middle.itemAt(1).layout()  # under the table: Use this fit, the text
        shown += side.spacing() + self.use.sizeHint().height()
        plot = self.plot.minimumHeight()
        if self.lesson_up:
            plot = max(plot, self.lesson_area.minimumHeight())
        else:
            shown += side.spacing() + self.lesson_area.minimumHeight()
        beside = self.middle.direction() == QBoxLayout.Direction.LeftToRight
        top = layout.itemAt(0).layout().heightForWidth(room_width(self) - margins.left()
                                                       - margins.right())
        first = margins.top() + top + layout.spacing() + margins.bottom() + \
            (max(plot, shown) if beside else plot + self.middle.spacing() + shown)
        return max(first, self.minimumSizeHint().height())

    @property
    def lesson_up(self) -> bool:
        """Whether the text stands beside the plot (the table below them)."""
        return self.upper.indexOf(self.lesson_area) >= 0

    def _arrange(self) -> None:
        """Beside the plot, which keeps its least width: the table as wide as its
        columns when the room allows, else narrower, scrolling sideways inside itself,
        while the room shows its first ``BESIDE_COLUMNS`` columns (which curve, which
        kind of point, where);
        else the table below the plot, and the text beside the plot, scrolling inside
        itself, while its lines hold ``LESSON_CHARS`` characters, else below the table
        (the page scrolls, the text whole).
        The room is the width the page is given (its scroll area's), not its own: the
        page is never narrower than its least width, which the table beside set."""
        table = self.points
        frame = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        needed = table.fitted_width() + frame
        least = table.fitted_width(BESIDE_COLUMNS) + frame
        margins = self.layout().contentsMargins()
        room = (room_width(self) - margins.left() - margins.right() - self.middle.spacing()
                - self.plot.minimumWidth())
        beside = least <= room
        lesson_least = self.fontMetrics().averageCharWidth() * LESSON_CHARS
        self._place_lesson(not beside and lesson_least <= room)
        direction = QBoxLayout.Direction.LeftToRight if beside else \
            QBoxLayout.Direction.TopToBottom
        if self.middle.direction() != direction:
            self.middle.setDirection(direction)
        width = min(needed, room)
        if beside:
            table.setFixedWidth(width)
        else:
            table.setMinimumWidth(0)
            table.setMaximumWidth(ANY_WIDTH)
        if not beside:
            width = room_width(self) - margins.left() - margins.right()
        self.lesson_area.setMinimumWidth(lesson_least if self.lesson_up else 0)
        self.lesson_area.setMinimumHeight(
            self.fontMetrics().lineSpacing() * 3 if beside or self.lesson_up
            else self.lesson.heightForWidth(max(width, 100)) + 4)
        self._fit_use_problem()

    def _place_lesson(self, up: bool) -> None:
        """The text beside the plot (``up``) or under the table."""
        if up == self.lesson_up:
            return
        side = self.middle.itemAt(1).layout()
        (side if up else self.upper).removeWidget(self.lesson_area)
        if up:
            self.upper.addWidget(self.lesson_area, LESSON_SHARE)
        else:
            side.addWidget(self.lesson_area, 1)

    def _fit_use_problem(self) -> None:
        """The reason under Use this fit as tall as its lines at the table's width (a box
        beside the plot does not ask a wrapped label its height for its width)."""
        label = self.use_problem
        beside = self.middle.direction() == QBoxLayout.Direction.LeftToRight
        label.setMinimumHeight(label.heightForWidth(self.points.width())
                               if beside and label.text() else 0)
