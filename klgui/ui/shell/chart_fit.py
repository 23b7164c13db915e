"""The chart's side of the classroom's reflow (:mod:`klgui.ui.shell.presentation`):

- the chart's tabs stay whole: they take short names, then the model in focus leaves
  their corner for a row of its own above them (at 1024×768 and 200% the corner hid
  the tabs behind scroll arrows; a row costs height, the scarcer at 150%);
- the chart keeps a readable height: what its controls need at the width (they wrap)
  plus its plots' least height, and at least ``CHART_SHARE`` of the right side; where
  the pages cannot give that much, the plots ask for less (with the square root of the
  zoom) and both directions stand side by side, each with every outcome;
- the page shown keeps its first screen (or ``PAGE_LINES`` lines) up to ``PAGE_SHARE``
  of the height, the chart squeezed for it down to its squeezed least height, never
  cut: in an 800×500 window (the least size until the window learned to scroll) the
  pages had ~80 px, Figures its header only; below the layout's least height the
  window scrolls (``MainWindow.central_scroll``) rather than squeeze one part over
  another.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QWidget

__all__ = ["ChartFit", "CHART_SHARE", "PAGE_SHARE", "HOVER_LINE_BELOW", "SHORT_CHART_TABS"]

#: Chart tabs' short names, used when the long ones do not fit.
SHORT_CHART_TABS = {"Contributions": "Terms", "All distributions": "All"}
CHART_SHARE = 0.36  # the least part of the right side's height the chart keeps
#: The part of the right side's height the page shown keeps, if it needs that much for
#: its first screen (or :data:`PAGE_LINES` lines): where the window is too short for the
#: chart's least height and a page to read (1366×768 at 200%), the chart yields first.
PAGE_SHARE = 0.45
PAGE_LINES = 6  # lines of text, under the tabs, of a page that states no first screen
HOVER_LINE_BELOW = 150  # the zoom from which the hover line gives its room away
#: A squeezed plot's least height at 100% (with the square root of the zoom, as
#: squeezed) where the window is too short for the squeezed chart and the page: at
#: 1024×768 and 150% the ranking showed one model's row, and a family's Figures page
#: began below the fold. Its title, the bars and the outcomes' names still show.
SHORT_PLOT = 92


class ChartFit(QObject):
    """Keeps ``window``'s chart tabs whole and its plots readable (see the module)."""

    def __init__(self, window: QMainWindow, reflow: Callable[[], None]) -> None:
        """Adds the row for the model in focus above ``window``'s chart tabs; calls
        ``reflow`` when the chooser shows or hides (a second model came or went)."""
        super().__init__(window)
        self.window = window
        self._reflow = reflow
        self.short = False  # the squeezed plots at SHORT_PLOT (see keep_height)
        chart = window.chart
        self.chart_row = QWidget(chart)
        row = QHBoxLayout(self.chart_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.chart_row.hide()
        chart.layout().insertWidget(0, self.chart_row)
        tabs = chart.tabs
        self._long_chart_tabs = [tabs.tabText(i) for i in range(tabs.count())]
        self._moving_chooser = False
        self.window.focus_chooser.installEventFilter(self)
        # both directions need room for two plots, another tab another height: the
        # chart's least height is worked out again (both directions chosen after a zoom
        # left the second plot a strip cut by the chart's foot)
        chart.direction.currentIndexChanged.connect(lambda *_: reflow())
        tabs.currentChanged.connect(lambda *_: reflow())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window.focus_chooser and not self._moving_chooser and \
                event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self._reflow()
        return False

    def fit_tabs(self) -> None:
        """Every chart tab whole: the tabs take short names first, then the model in
        focus leaves their row for one of its own."""
        tabs, chooser = self.window.chart.tabs, self.window.focus_chooser
        self._moving_chooser = True  # its own show and hide ask for no other reflow
        try:
            self._chooser_in_corner(True)
            self._short_chart_tabs(False)
            # short names before a row of its own: height is the scarcer (at 1366×768
            # and 150% the row took the 28 px the ranking's second row needed)
            for step in (lambda: self._short_chart_tabs(True),
                         lambda: self._chooser_in_corner(False)):
                if self._chart_tabs_fit():
                    break
                step()
            in_row = tabs.cornerWidget(Qt.Corner.TopRightCorner) is not chooser
            self.chart_row.setVisible(in_row and not chooser.isHidden())
        finally:
            self._moving_chooser = False

    def _chart_tabs_fit(self) -> bool:
        tabs, chooser = self.window.chart.tabs, self.window.focus_chooser
        needed = tabs.tabBar().sizeHint().width() + 8
        if tabs.cornerWidget(Qt.Corner.TopRightCorner) is chooser and not chooser.isHidden():
            needed += chooser.sizeHint().width()
        return needed <= tabs.width()

    def _chooser_in_corner(self, corner: bool) -> None:
        tabs, chooser = self.window.chart.tabs, self.window.focus_chooser
        if (tabs.cornerWidget(Qt.Corner.TopRightCorner) is chooser) == corner:
            return
        hidden = chooser.isHidden()  # one model: nothing to choose, wherever it is
        if corner:
            self.chart_row.layout().removeWidget(chooser)
            tabs.setCornerWidget(chooser, Qt.Corner.TopRightCorner)
        else:
            tabs.setCornerWidget(None, Qt.Corner.TopRightCorner)
            self.chart_row.layout().addWidget(chooser)
        chooser.setHidden(hidden)

    def _short_chart_tabs(self, short: bool) -> None:
        tabs = self.window.chart.tabs
        for i in range(min(tabs.count(), len(self._long_chart_tabs))):
            text = self._long_chart_tabs[i]
            tabs.setTabText(i, SHORT_CHART_TABS.get(text, text) if short else text)

    def keep_height(self, presenting: bool, holder: QWidget, settings_row: QWidget,
                    page_needs: int = 0, zoom: int = 100, page_first: bool = False) -> None:
        """The chart gets what its controls need at this width (they wrap) plus its
        plots' least height, and at least ``CHART_SHARE`` of the height. Where that is
        more than the pages leave, the plots ask for less height (with the square root
        of the zoom), and both directions then stand side by side.

        ``page_needs``: the height the page shown needs without scrolling (its key
        figures), in pixels. What a presentation needs first: the chart at its least
        (not squeezed: its value axis keeps its title), then that page, then the
        chart's fuller height; where the page cannot fit whole even so, it scrolls.
        Where the window is too short for both (1024×768 at 200%), the page keeps
        its first screen (or ``PAGE_LINES`` lines) up to ``PAGE_SHARE`` of the height
        and the chart is squeezed for it, down to its squeezed least, never cut.
        ``page_first``: the page's first screen comes before the chart's axis title (a
        lab, whose conclusion and plot are the lesson while it shows): the chart may be
        squeezed for it.

        The line under the chart that reads out the bar under the mouse is shown only
        below ``HOVER_LINE_BELOW`` percent of ``zoom`` and with the plots not squeezed:
        empty, it took 28 px at 200%; there, the plots' own tooltips say it."""
        chart, right = self.window.chart, self.window.right
        sizes = right.sizes()
        total = sum(sizes)
        # the height the window shows, not what the least sizes of a taller window
        # made the scrolled content keep (it then never gave the room back)
        scroll = getattr(self.window, "central_scroll", None)
        if scroll is not None and scroll.widget() is not None:
            total = max(total + min(scroll.viewport().height() - scroll.widget().height(), 0),
                        0)
        pages = self.window.pages
        above = pages.tabBar().sizeHint().height() + right.handleWidth()
        if not settings_row.isHidden():  # the unit and digits, above the pages
            above += settings_row.sizeHint().height()
        # the pages keep their tabs and two lines, and 22%
        lines = pages.fontMetrics().lineSpacing()
        pages_least = above + 2 * lines
        shown = [p for p in chart.plots.values() if p.isVisibleTo(chart)]
        stages = [(False, False), (False, True)] + ([(True, True)] if len(shown) > 1 else [])
        # what the chart needs besides its plots; then the plots' least height at each
        # stage, worked out rather than tried (a larger least height resizes a widget
        # at once, and the layout would not take it back before the next paint)
        other = self._chart_needs()
        if chart.stack.isVisibleTo(chart):  # the contributions' tab
            # as _least_height counted it: its layout item's least height holds the
            # plots' least heights as now set (the splitter's own hint did not, and the
            # squeezed chart kept 17 px of the plots' fuller height at 150%)
            layout = chart.stack.parentWidget().layout()
            item = layout.itemAt(layout.indexOf(chart.stack))
            other -= item.minimumSize().height()
        hover = 0 if zoom >= HOVER_LINE_BELOW else \
            chart.hover.sizeHint().height() + chart.layout().spacing()

        def needs(side: bool, squeezed: bool) -> int:
            heights = [self._plot_least(p, squeezed) for p in shown]
            plots = max(heights, default=0) if side else \
                sum(heights) + chart.stack.handleWidth() * max(len(heights) - 1, 0)
            return other + plots + (0 if squeezed else hover)

        # what stands under the chart in its column (a family's sliders)
        panel = self.window.family_panel
        beside = 0 if panel.isHidden() else \
            _wrapped_height(panel) + self.window.chart_area.layout().spacing()
        self.short = False
        floor = needs(False, page_first) + beside  # the chart at its least (squeezed:
        # its plots without their axis titles, only for a page that comes first)
        # The page's first screen (or PAGE_LINES lines) up to PAGE_SHARE, the chart
        # squeezed for it but never cut: at 1366×768 and 200% the chart at its least
        # left Figures its header, Matrix its "Show:", a lab its first field.
        readable = above + (page_needs or PAGE_LINES * lines)
        squeezed_floor = min(needs(side, True) for side, _ in stages) + beside
        # too short for the squeezed chart and a page that comes first (the ranking's
        # rows at 1024×768 and 150%), or for the squeezed chart and the page's first
        # lines where lower plots give the page its first screen: the squeezed plots
        # go lower still (SHORT_PLOT); elsewhere they keep their squeezed least and
        # the window scrolls (1024×768 at 200%: the key figure below the chart)
        self.short = True
        short_floor = min(needs(side, True) for side, _ in stages) + beside
        self.short = bool(page_first and page_needs and above + page_needs > total - floor) \
            or (total - squeezed_floor < above + 2 * lines
                and total - short_floor >= min(readable, int(total * PAGE_SHARE)))
        if self.short:
            floor = needs(False, page_first) + beside
            squeezed_floor = short_floor
        pages_least = max(pages_least, min(readable, int(total * PAGE_SHARE),
                                           total - squeezed_floor))
        if total - squeezed_floor < above + 2 * lines:  # too short: the window scrolls
            # (1024×768 at 200%), and the page keeps its first lines below the chart
            pages_least = max(pages_least, min(readable, int(total * PAGE_SHARE)))
        if page_needs and above + page_needs <= total - floor:  # they can fit: they do
            pages_least = max(pages_least, above + page_needs)
        elif page_needs and page_first:  # as much of it as the squeezed chart leaves
            pages_least = max(pages_least, total - floor)
        # the sliders under the chart take their room from the chart, never over its
        # outcome names (at 1366×768 and 150% they covered them): the axis title goes
        # first, then the plots' height down to their squeezed least
        most = min(int(total * 0.78), total - pages_least) - beside
        holder.setMinimumHeight(pages_least)  # not the tallest page's least height
        for side, squeezed in stages:
            needed = needs(side, squeezed)
            if needed <= most:
                break
        self._arrange_plots(side, squeezed)
        chart.hover.setVisible(hover > 0 and not squeezed)
        share = 0.5 if presenting else CHART_SHARE  # on a projector, the chart first
        # never below its squeezed least: where the window is shorter than that and
        # the page's least (1024×768 at 200%), the window scrolls (its central_scroll)
        least = max(min(max(int(total * share), needed), most), needed)
        chart.setMinimumHeight(least)
        # the sliders' wrapped height counted (the column's own least size counts each
        # title as one line, and a squeezed column laid them over the outcome names)
        self.window.chart_area.setMinimumHeight(least + beside)
        if total > 0 and sizes[1] < pages_least:  # the page's key figures first
            right.setSizes([total - pages_least, pages_least])
        elif total > 0 and sizes[0] < least + beside:
            right.setSizes([least + beside, total - least - beside])

    def _chart_needs(self) -> int:
        chart = self.window.chart
        needed = _least_height(chart.tabs.currentWidget())
        needed += chart.tabs.tabBar().sizeHint().height() + 12
        if not self.chart_row.isHidden():  # the model in focus, above the tabs
            needed += self.chart_row.sizeHint().height() + chart.layout().spacing()
        return needed

    def _arrange_plots(self, side: bool, squeezed: bool) -> None:
        """The two directions' plots one above the other or ``side`` by side, each at
        least its (``squeezed``) least height."""
        chart = self.window.chart
        stack = chart.stack
        orientation = Qt.Orientation.Horizontal if side else Qt.Orientation.Vertical
        if stack.orientation() != orientation:
            stack.setOrientation(orientation)
            stack.setSizes([1, 1])  # shared evenly
            # one above the other, the outcomes line up; side by side, each plot shows
            # every outcome in its own width
            chart.line_up_plots()
            chart.reset_view()
            chart.plots["qp"].reset_view()
        for plot in chart.plots.values():
            least = self._plot_least(plot, squeezed)
            if plot.minimumHeight() != least:
                plot.setMinimumHeight(least)
                stack.updateGeometry()  # its layout item forgets the old least height
            # squeezed, the value axis is shorter than its title: the title goes (the
            # plot's own title says the unit) rather than reach over the plot's title
            axis = plot.getPlotItem().getAxis("left")
            if axis.labelText and axis.label.isVisible() == squeezed:
                axis.showLabel(not squeezed)


    def _plot_least(self, plot, squeezed: bool) -> int:
        """``plot``'s least height (see :func:`_least_height_of`), squeezed lower in a
        window too short for more (:attr:`short`)."""
        return _least_height_of(plot, squeezed, squeezed and self.short)


def _least_height_of(plot, squeezed: bool, short: bool = False) -> int:
    """``plot``'s least height with its value axis's title, as if shown (a squeezed
    plot hides it, and its least height would then forget it); ``short``: squeezed to
    :data:`SHORT_PLOT`."""
    label = plot.getPlotItem().getAxis("left").label
    hidden = not label.isVisible()
    if hidden:
        label.setVisible(True)
    try:
        if short:
            return plot.least_height(True, base=SHORT_PLOT)
        return plot.least_height(squeezed)
    finally:
        if hidden:
            label.setVisible(False)


def _wrapped_height(widget: QWidget) -> int:
    """The height ``widget`` needs at its width, its wrapped texts included (its least
    size hint counts one line each: a refused temperature's reason then overlapped the
    chart's plot at 1366×768)."""
    least = widget.minimumSizeHint().height()
    if widget.hasHeightForWidth():
        return max(least, widget.heightForWidth(max(widget.width(), 1)))
    return least


def _least_height(page: QWidget) -> int:
    """The least height ``page`` needs at its width: items that wrap (a flow of
    controls, a word-wrapped label) at the height they wrap to, the others (plots) at
    their minimum."""
    layout = page.layout()
    if layout is None:
        return page.minimumSizeHint().height()
    margins = layout.contentsMargins()
    width = max(page.width() - margins.left() - margins.right(), 1)
    shown = [layout.itemAt(i) for i in range(layout.count())]
    shown = [item for item in shown if not item.isEmpty()]
    total = sum(item.heightForWidth(width) if item.hasHeightForWidth()
                else item.minimumSize().height() for item in shown)
    return total + layout.spacing() * max(len(shown) - 1, 0) + margins.top() + margins.bottom()
