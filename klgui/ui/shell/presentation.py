"""The classroom: a zoom for the whole window, presentation mode, full screen, a
hideable table, and a layout that reflows to the screen it is on.

- **Zoom** (View ▸ Zoom In / Out / Actual Size, Ctrl++ / Ctrl+- / Ctrl+0) scales every
  text of the window, the charts' included, and is remembered.
- **Presentation mode** (F5) draws lines and outlines twice as thick and zooms to at
  least 150%; leaving it brings back the zoom before it. **Full screen** is F11, and
  F9 hides or shows the table.
- **Reflow**: after each zoom and resize the window checks what fits. The unit and
  digits leave the tab row for a row of their own, the page tabs take their short names,
  and the table gives up width, in that order, until every tab shows whole (no scroll
  arrows); zoomed, the tabs shorten first so the table keeps every column; the figures
  go to one column when two would not fit; the chart keeps at least a third of the
  height.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QMainWindow, QMenu, QScrollArea, QStyle,
                               QTabBar, QTabWidget, QVBoxLayout, QWidget)

from klgui.ui.chart.bar_plot import BarPlot
from klgui.ui.pages.comparison_panel import ARRANGEMENTS
from klgui.ui.shell.chart_fit import ChartFit
from klgui.ui.shell.mnemonics import install_button_mnemonics
from klgui.ui.shell.status import announce

__all__ = ["Classroom", "ZOOM_STEPS", "PRESENTATION_ZOOM"]

ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
PRESENTATION_ZOOM = 150
#: Page tabs' short names, used when the long ones do not fit.
SHORT_TABS = {"&Worked solution": "&Worked", "&Smoothing": "&Smooth"}
#: The labs' tabs where their row would not fit (then behind scroll arrows).
SHORT_LAB_TABS = {"Bayesian update": "Bayes", "Fi&t (forward vs reverse)": "Fi&t"}
#: A right side shorter than this many lines is short: the ranking's table comes right
#: under its title, before the verdict (1366×768 at 150%: 456 px, ~30 lines at 100%).
SHORT_LINES = 36
TABLE_MIN = 140  # the narrowest the table is made, in pixels


class Classroom(QObject):
    """Adds the zoom, presentation and layout actions to ``view_menu`` and keeps
    ``window`` (the main window) laid out for its size and zoom."""

    def __init__(self, window: QMainWindow, view_menu: QMenu) -> None:
        super().__init__(window)
        install_button_mnemonics(QApplication.instance())
        self.window = w = window
        self.settings = w.settings
        self._base_size = w.font().pointSizeF()
        self._own_fonts: dict[QWidget, float] = {}  # widgets with their own size, at 100%
        # widgets that do not take their parent's font: a class font of the platform
        # (header views, menus) or a style sheet; the zoom sets theirs
        self._class_fonts: set[QWidget] = set()
        self._zoom_before = 100  # the zoom to return to when presentation mode ends
        self.zoom = self.settings.get("zoom_percent")
        self.presenting = False
        self._reflow_timer = QTimer(self, singleShot=True, interval=0)
        self._reflow_timer.timeout.connect(self.reflow)
        self._build_actions(view_menu)
        self._build_settings_row()
        self.chart_fit = ChartFit(w, self._reflow_timer.start)
        # the table's columns, fitted to their texts, want more or less room
        w.table.columns.sigNeedChanged.connect(self._reflow_timer.start)
        # the page shown, whose first screen the chart makes room for (_page_needs)
        for tabs in (w.pages, w.models, w.labs):
            tabs.currentChanged.connect(lambda *_: self._reflow_timer.start())
        w.fit.sigResultShown.connect(self._reflow_timer.start)  # its table's rows came
        # a refused change's note under the sliders came or went: the chart keeps its room
        w.family_panel.sigMessage.connect(self._reflow_timer.start)
        w.installEventFilter(self)
        # widgets made or moved after a zoom under a style sheet follow it (_follow)
        self._follow_timer = QTimer(self, singleShot=True, interval=0)
        self._follow_timer.timeout.connect(self._follow)
        self._apply_zoom()
        if self.settings.get("presentation"):
            self.set_presenting(True)

    # -- actions -------------------------------------------------------------------
    def _build_actions(self, menu: QMenu) -> None:
        menu.addSeparator()

        def action(text: str, keys, slot, checkable: bool = False) -> QAction:
            a = QAction(text, self.window)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setCheckable(checkable)
            (a.toggled if checkable else a.triggered).connect(slot)
            menu.addAction(a)
            self.window.addAction(a)  # the keys work wherever the focus is
            return a

        self.presentation_action = action("&Presentation mode", ["F5"], self.set_presenting,
                                          checkable=True)
        self.full_screen_action = action("&Full screen", ["F11"], self.set_full_screen,
                                         checkable=True)
        self.table_action = action("Show the &table", ["F9"], self.set_table_shown,
                                   checkable=True)
        self.table_action.setChecked(True)
        menu.addSeparator()
        self.zoom_in_action = action("Zoom &in", [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
                                     lambda: self.step_zoom(+1))
        self.zoom_out_action = action("Zoom &out", [QKeySequence.StandardKey.ZoomOut],
                                      lambda: self.step_zoom(-1))
        self.zoom_reset_action = action("&Actual size", ["Ctrl+0"], lambda: self.set_zoom(100))

    def _build_settings_row(self) -> None:
        """A row above the pages for the unit and digits when they leave the tab row."""
        w = self.window
        pages: QTabWidget = w.pages
        self.holder = holder = QWidget()  # the splitter takes it
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.settings_row = QWidget(holder)
        row = QHBoxLayout(self.settings_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.settings_row.hide()
        index = w.right.indexOf(pages)
        w.right.replaceWidget(index, holder)
        layout.addWidget(self.settings_row)
        layout.addWidget(pages, 1)
        pages.show()
        self._settings_before_pages()
        self._long_tabs = [pages.tabText(i) for i in range(pages.count())]
        labs = w.labs
        self._long_lab_tabs = [labs.tabText(i) for i in range(labs.count())]

    # -- zoom ----------------------------------------------------------------------
    def step_zoom(self, step: int) -> None:
        """The next zoom step up (``step`` > 0) or down."""
        steps = ZOOM_STEPS
        if step > 0:
            self.set_zoom(next((z for z in steps if z > self.zoom), steps[-1]))
        else:
            self.set_zoom(next((z for z in reversed(steps) if z < self.zoom), steps[0]))

    def set_zoom(self, percent: int) -> None:
        """Every text of the window at ``percent`` of its size (50 to 300); remembered."""
        percent = min(max(int(percent), ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        if percent == self.zoom:
            return
        self.zoom = percent
        self.settings.set("zoom_percent", percent)
        self._apply_zoom()
        announce(self.window, f"Zoom {percent}%.")

    def _apply_zoom(self) -> None:
        w, factor = self.window, self.zoom / 100
        for widget in w.findChildren(QWidget):  # sizes their own code chose, at 100%
            if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) and \
                    widget not in self._own_fonts and widget not in self._class_fonts \
                    and widget.window() is w:
                self._own_fonts[widget] = widget.font().pointSizeF() / self._applied_factor()
                widget.destroyed.connect(lambda *_, x=widget: self._own_fonts.pop(x, None))
        font = QFont(w.font())
        font.setPointSizeF(self._base_size * factor)
        w.setFont(font)
        w.menuBar().setFont(font)
        # Dialogs, message boxes, menus and tooltips are windows of their own, which a
        # window's font does not reach: the zoom is their class's application font.
        for kind in ("QDialog", "QMenu", "QToolTip"):
            QApplication.setFont(font, kind)
        for widget, size in self._own_fonts.items():
            own = QFont(widget.font())
            own.setPointSizeF(size * factor)
            widget.setFont(own)
        expected = font.pointSizeF()
        for widget in w.findChildren(QWidget):
            if widget in self._own_fonts or widget.window() is not w:
                continue
            if widget in self._class_fonts or abs(widget.font().pointSizeF() - expected) > 0.01:
                # it did not take the window's font (a platform font for its class, as
                # header views have, or a style sheet): give it its own, zoomed
                if widget not in self._class_fonts:
                    self._class_fonts.add(widget)
                    widget.destroyed.connect(lambda *_, x=widget: self._class_fonts.discard(x))
                scaled = QFont(widget.font())
                scaled.setPointSizeF(QApplication.font(widget).pointSizeF() * factor)
                widget.setFont(scaled)
        self._factor = factor
        self._style_plots()
        self._reflow_timer.start()

    def _applied_factor(self) -> float:
        return getattr(self, "_factor", 1.0)

    def _style_plots(self) -> None:
        factor, thick = self.zoom / 100, self.presenting
        for plot in self.window.findChildren(BarPlot):
            plot.set_look(factor, thick)
        smoothing = getattr(self.window, "smoothing", None)
        if smoothing is not None:
            font = QFont(self.window.font())
            for side in ("left", "bottom"):
                smoothing.plot.getPlotItem().getAxis(side).setStyle(tickFont=font)
            for curve in smoothing.curves.values():
                pen = curve.opts["pen"]
                pen.setWidthF(4 if thick else 2)
                curve.setPen(pen)

    # -- modes ---------------------------------------------------------------------
    def set_presenting(self, on: bool) -> None:
        """Presentation mode: thick lines and at least ``PRESENTATION_ZOOM``."""
        on = bool(on)
        if on == self.presenting:
            self.presentation_action.setChecked(on)
            return
        self.presenting = on
        self.presentation_action.setChecked(on)
        self.settings.set("presentation", on)
        if on:
            self._zoom_before = self.zoom
            if self.zoom < PRESENTATION_ZOOM:
                self.set_zoom(PRESENTATION_ZOOM)
        elif self.zoom == PRESENTATION_ZOOM and self._zoom_before < PRESENTATION_ZOOM:
            self.set_zoom(self._zoom_before)
        self._style_plots()
        self._reflow_timer.start()
        announce(self.window, "Presentation mode: F5 to leave, F11 for full screen, "
                              "Ctrl++ and Ctrl+- to zoom." if on else "Presentation mode off.")

    def set_full_screen(self, on: bool) -> None:
        if on:
            self.window.showFullScreen()
        else:
            self.window.showNormal()
        self.full_screen_action.setChecked(on)

    def set_table_shown(self, shown: bool) -> None:
        self.window.table.setVisible(shown)
        self.table_action.setChecked(shown)
        self._reflow_timer.start()

    # -- reflow --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind in (QEvent.Type.Resize, QEvent.Type.Show):
                self._reflow_timer.start()
            elif kind == QEvent.Type.LayoutRequest and self._applied_factor() != 1.0 \
                    and QApplication.instance().styleSheet():
                self._follow_timer.start()  # widgets were added or moved somewhere
        return False

    def _follow(self) -> None:
        """Give the zoom to the widgets made or moved after it. A style sheet (the high
        contrast theme's) stops Qt from passing a parent's font on to a child added
        or reparented once the parent is shown: it takes the application's font at
        100% (the family sliders, the unit and digits controls, the table buttons)."""
        w = self.window
        if self._applied_factor() == 1.0:
            return
        for widget in w.findChildren(QWidget):
            if widget in self._own_fonts or widget.window() is not w:
                continue
            if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) and \
                    widget not in self._class_fonts:
                continue  # a size its own code chose: the next zoom scales it
            unzoomed = QApplication.font(widget).pointSizeF()
            # still at 100% (a child of a widget with a size of its own keeps that size)
            if abs(widget.font().pointSizeF() - unzoomed) < 0.01:
                if widget not in self._class_fonts:
                    self._class_fonts.add(widget)
                    widget.destroyed.connect(lambda *_, x=widget: self._class_fonts.discard(x))
                scaled = QFont(widget.font())
                scaled.setPointSizeF(unzoomed * self._applied_factor())
                widget.setFont(scaled)

    def reflow(self) -> None:
        """Fit the layout to the window's size and zoom (see the module's notes)."""
        w = self.window
        if not w.isVisible():
            return
        self._fit_tabs(w.right.width())
        if QApplication.instance().styleSheet():
            self._follow()  # the unit and digits may have moved: sized before the table
        self._fit_table()
        # the tabs again: the table may have taken or given room
        self._fit_tabs(w.right.width())
        self.chart_fit.fit_tabs()
        if QApplication.instance().styleSheet():
            # the model in focus may have moved to its row above the chart's tabs: at
            # 100% there, the row was measured too short and the chart's plots cut
            self._follow()
        self._fit_figures()
        needs = self._page_needs()
        self.chart_fit.keep_height(self.presenting, self.holder, self.settings_row, needs,
                                   self.zoom, page_first=bool(needs) and
                                   self._page_first())
        self._fit_figures()  # their height changed: a scroll bar may have come or gone

    def _fit_tabs(self, width: int) -> None:
        """The unit and digits beside the page tabs, and their long names, where they
        fit ``width`` (the right side's); the labs' tabs likewise."""
        self._use_corner(True)
        self._short_tabs(False)
        for step in (lambda: self._use_corner(False), lambda: self._short_tabs(True)):
            if self._tabs_fit(width):
                break
            step()
        self._short_lab_tabs(width)

    def _fit_figures(self) -> None:
        """The figures in the widest arrangement the Figures page's width takes (from
        150%, the key figures first), less a vertical scroll bar when the page would
        scroll: one that came after the choice covered the right group's edge."""
        area, panel = self.window.pages.widget(0), self.window.panel
        viewport = area.viewport()
        bar = area.verticalScrollBar()
        extent = 0 if bar.isVisible() else \
            area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)
        width = viewport.width()
        # zoomed for a room, the key figures first: at the top, side by side
        order = ARRANGEMENTS if self.zoom < PRESENTATION_ZOOM else \
            ("key first", *(a for a in ARRANGEMENTS if a != "key first"))
        for arrangement in order:
            panel.arrange(arrangement)
            least = panel.minimumSizeHint()
            if least.width() > width:
                continue
            tall = panel.heightForWidth(width) if panel.hasHeightForWidth() \
                else least.height()
            if max(tall, least.height()) <= viewport.height() or \
                    least.width() <= width - extent:
                return
        panel.arrange(ARRANGEMENTS[-1])

    def _page_needs(self) -> int:
        """The height the page shown needs without scrolling, in pixels: the key
        figures on the Figures page, the matrix on the Matrix page, else 0."""
        w = self.window
        page = w.pages.currentWidget()
        if page is w.pages.widget(0):
            return w.panel.key_height()
        if page is w.models and w.models.currentWidget().isAncestorOf(w.ranking):
            area = w.models.currentWidget()  # every model's row, under the tabs
            w.ranking.set_table_first(
                w.right.height() < SHORT_LINES * w.pages.fontMetrics().lineSpacing())
            needs = w.ranking.key_height()
            return needs and w.models.tabBar().sizeHint().height() + needs \
                + area.height() - area.viewport().height()
        if page is w.models and w.models.currentWidget().isAncestorOf(w.matrix):
            area = w.models.currentWidget()  # the matrix in its scroll area, under tabs
            return w.models.tabBar().sizeHint().height() + w.matrix.key_height() \
                + area.height() - area.viewport().height()
        if page is w.labs:  # a lab's first screen (the sampling lab's words and plot)
            area = w.labs.currentWidget()
            lab = area.widget() if isinstance(area, QScrollArea) else None
            needs = lab.key_height() if hasattr(lab, "key_height") else 0
            return needs and w.labs.tabBar().sizeHint().height() + needs \
                + area.height() - area.viewport().height()
        return 0

    def _page_first(self) -> bool:
        """Whether the page shown comes before the chart's axis title: a lab (its
        conclusion and plot are the lesson while it shows) and the ranking (its rows
        are the page: at 1366×768 and 150% one showed at a time)."""
        w = self.window
        page = w.pages.currentWidget()
        return page is w.labs or (page is w.models and
                                  w.models.currentWidget().isAncestorOf(w.ranking))

    def _tabs_fit(self, width: int) -> bool:
        pages, corner = self.window.pages, self.window.panel.settings_bar
        needed = pages.tabBar().sizeHint().width()
        if pages.cornerWidget(Qt.Corner.TopRightCorner) is corner:
            needed += corner.sizeHint().width()
        return needed + 8 <= width

    def _use_corner(self, corner: bool) -> None:
        pages, bar = self.window.pages, self.window.panel.settings_bar
        in_corner = pages.cornerWidget(Qt.Corner.TopRightCorner) is bar
        if corner == in_corner:
            return
        if corner:
            self.settings_row.layout().removeWidget(bar)
            pages.setCornerWidget(bar, Qt.Corner.TopRightCorner)
            self.settings_row.hide()
        else:
            pages.setCornerWidget(None, Qt.Corner.TopRightCorner)
            self.settings_row.layout().addWidget(bar)
            self.settings_row.show()
        bar.show()
        self._settings_before_pages()

    def _settings_before_pages(self) -> None:
        """Tab reaches the unit and digits in reading order: in the row above the
        pages, before the page tabs; at the right of the tab row, after them."""
        pages = self.window.pages
        unit, digits = self.window.panel.unit, self.window.panel.digits
        if pages.isAncestorOf(unit):
            return  # the corner's place in the chain: after the tabs, as read
        before = pages.previousInFocusChain()
        if before is not unit and before is not digits:
            QWidget.setTabOrder(before, unit)
            QWidget.setTabOrder(unit, digits)
            QWidget.setTabOrder(digits, pages)

    def _short_lab_tabs(self, width: int) -> None:
        """The labs' tabs in their long words where the row fits ``width`` (the right
        column's), else short ("Fi&t")."""
        labs = self.window.labs
        for short in (False, True):
            _shorten(labs, self._long_lab_tabs, SHORT_LAB_TABS, short)
            if labs.tabBar().sizeHint().width() + 8 <= width:
                return

    def _short_tabs(self, short: bool) -> None:
        _shorten(self.window.pages, self._long_tabs, SHORT_TABS, short)

    def _fit_table(self) -> None:
        """The table as wide as its columns and its buttons' words need (its columns
        alone when the words do not fit), but never wider than half the window, nor so
        wide that the right side cannot show every page tab, the chart or the figures
        (zoomed: their key figures at the top where the table keeps its columns).
        Zoomed, before the table scrolls sideways the page tabs take their short names
        and then its computed columns fit their texts alone (compact)."""
        w = self.window
        if not w.table.isVisible():
            return
        # the room the splitter shares out (inside its margins): sizes given for its
        # outer width were scaled down, and the table lost the pixels its q column needed
        total = w.main_splitter.contentsRect().width()
        handle = w.main_splitter.handleWidth()
        # the figures' least width, with a scroll bar and margins (zoomed: below)
        panel = w.panel
        figures = panel.least_width("narrow") + 40
        key = panel.least_width("key first") + 40
        # the table up to half the width, at any zoom (a reference and three models at
        # 1024×768 show every column); zoomed, it gave up 60% to the chart and
        # figures, and p and q scrolled sideways at 150%
        chart = w.chart.minimumSizeHint().width() + 12
        others = max(figures, chart, int(total * 0.5))
        room = total - handle - max(self._right_needs(), others)
        zoomed = self.zoom >= PRESENTATION_ZOOM
        full = w.table.columns_width(full=True)
        if full > room:
            # before the table scrolls sideways the page tabs take their short names
            # and the unit and digits their own row (presentation mode at 1024×768 hid
            # q), and the right side gives up to a twentieth of the width past half (a
            # family's entries at 1366×768 and 150% cut q); zoomed, then the computed
            # columns fit their texts alone
            others = max(figures, chart, int(total * 0.45))
            room = total - handle - max(self._right_needs(least=True), others)
        w.table.columns.set_compact(zoomed and full > room)
        columns = w.table.columns_width()
        # zoomed, the key figures at the top where that leaves the table a third of the
        # width (or its columns); in presentation mode only where it leaves the table
        # every column (at 1024×768 q was hidden: the figures then go to one column)
        least_table = columns if self.presenting else min(columns, total // 3)
        if zoomed and total - handle - key >= least_table:
            room = min(room, total - handle - key)
        wanted = w.table.sizeHint().width()
        if wanted > room:  # the buttons' words do not fit: their icons, and the columns
            wanted = columns
        table = max(min(wanted, room), TABLE_MIN)
        if abs(w.main_splitter.sizes()[0] - table) > 2:
            w.main_splitter.setSizes([table, total - handle - table])

    def _right_needs(self, least: bool = False) -> int:
        """The width the page tabs need, with the unit and digits if beside them;
        ``least``: with their short names and the unit and digits in a row of their
        own. Only measures: the tabs and the corner stay as they are."""
        pages, corner = self.window.pages, self.window.panel.settings_bar
        if least:
            texts = [SHORT_TABS.get(text, text) for text in self._long_tabs]
            return tab_row_width(pages, texts) + 8
        needed = pages.tabBar().sizeHint().width() + 8
        if pages.cornerWidget(Qt.Corner.TopRightCorner) is corner:
            needed += corner.sizeHint().width()
        return needed


def tab_row_width(tabs: QTabWidget, texts: list[str]) -> int:
    """The width ``tabs``' row of tabs would want with ``texts`` for their texts, in
    pixels, measured on a tab bar of its own made like it (``tabs`` is left as it
    is)."""
    bar = tabs.tabBar()
    probe = QTabBar()  # never shown; the application's style and style sheet apply
    probe.ensurePolished()  # the style sheet first, then the font the zoom gave the row
    probe.setFont(bar.font())
    probe.setDocumentMode(bar.documentMode())
    probe.setDrawBase(bar.drawBase())
    probe.setExpanding(bar.expanding())
    probe.setElideMode(bar.elideMode())
    probe.setUsesScrollButtons(bar.usesScrollButtons())
    probe.setIconSize(bar.iconSize())
    probe.setShape(bar.shape())
    for text in texts:
        probe.addTab(text)
    try:
        return probe.sizeHint().width()
    finally:
        probe.deleteLater()


def _shorten(tabs: QTabWidget, long_texts: list[str], short_texts: dict[str, str],
             short: bool) -> None:
    """``tabs``' texts in their long words, or (``short``) the short ones where
    ``short_texts`` has them, the long words then in the tab's tooltip."""
    for i in range(min(tabs.count(), len(long_texts))):
        text = long_texts[i]
        shortened = short and text in short_texts
        tabs.setTabText(i, short_texts[text] if shortened else text)
        tabs.setTabToolTip(i, text.replace("&", "") if shortened else "")
