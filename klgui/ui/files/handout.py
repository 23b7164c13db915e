"""Handouts: the table, the chart, the figures, the worked solution and the checks on
one or two pages, as a PDF (A4 or Letter) or on a printer; and a worksheet that leaves
the answers blank, with the answer key on a page of its own.

The page is a QTextDocument (HTML with the chart as an image at 2× resolution), so
text stays text in the PDF and the same document goes to a printer.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

from PySide6.QtCore import QByteArray, QLocale, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMenu

from klgui.core.teaching.checks import inequality_checks
from klgui.ui.chart.chart_image import chart_image_bytes
from klgui.ui.numbers import entry_text, figure_text, localize
from klgui.ui.pages.comparison_panel import ENTROPIES, NAMES, SYMMETRIC
from klgui.ui.shell.status import announce

__all__ = ["PAGE_SIZES", "handout_document", "write_handout_pdf", "print_handout",
           "ask_printer", "add_handout_actions"]

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MAX_ROWS = 24  # table rows on a handout; more are summarized
_BLANK = "<span style='color:#888'>________________</span>"
_CHART = QUrl("klgui://chart.png")


def default_page_size() -> str:
    """Letter where the locale uses it (the US, Canada, …), else A4."""
    return "Letter" if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem \
        else "A4"


def handout_document(window, worksheet: bool = False, width_pt: float = 500) -> QTextDocument:
    """The handout of ``window``'s current comparison as a QTextDocument laid out for a
    text width of ``width_pt`` points. With ``worksheet`` the figures and checks are
    blank and an answer key (figures, worked solution, checks) follows on a new page.

    Raises
    ------
    ValueError
        Nothing to compare yet (the document's entries cannot be compared).
    """
    result = window.document.result()
    c = result.comparison
    if c is None:
        raise ValueError(f"nothing to put on a handout: {result.error}")
    doc = window.document
    chart = QImage.fromData(QByteArray(chart_image_bytes(
        window.chart.visible_views(), ".png", key=window.chart.key_entries())))
    text = QTextDocument()
    text.addResource(QTextDocument.ResourceType.ImageResource, _CHART, chart)
    text.setTextWidth(width_pt)
    image_width = min(width_pt, chart.width() / 2)
    picture = f"<p><img src='{_CHART.toString()}' width='{image_width:.0f}'></p>"
    parts = [f"<h2>{html.escape(doc.name)}{' — worksheet' if worksheet else ''}</h2>",
             f"<p>{html.escape(_settings_line(doc, c))}</p>", _table_html(doc, c),
             "" if worksheet else picture,  # its title and bars would give answers away
             _figures_html(c, doc.digits, blank=worksheet),
             _checks_html(c, doc.digits, blank=worksheet)]
    if worksheet:
        parts.append("<p>Work out D(P‖Q) and D(Q‖P) from the table. Write each answer "
                     "with its unit.</p>")
        parts.append("<h2 style='page-break-before: always'>Answer key</h2>")
        parts.append(picture)
        parts.append(_figures_html(c, doc.digits, blank=False))
    parts.append("<h3>Worked solution</h3>" + window.worked.text("html"))
    if worksheet:
        parts.append(_checks_html(c, doc.digits, blank=False))
    text.setHtml(localize("".join(parts), keep_quoted=True))
    return text


def _settings_line(doc, c) -> str:
    smoothing = c.smoothing.describe() if c.smoothing is not None else "no smoothing"
    normalized = "normalized to sum to 1" if doc.auto_normalize else "as entered"
    return (f"{c.n:,} outcomes; P is the truth, Q the model. Unit: {c.base}; "
            f"{doc.digits} significant digits; entries {normalized}; {smoothing}.")


def _table_html(doc, c) -> str:
    shown = min(c.n, MAX_ROWS)
    labels = doc.labels
    p_text, q_text = (_entries(doc, i, shown) for i in (doc.reference_id, doc.focus_id))
    heads = [html.escape(f"{w} entry" + (f": {doc.family_of(i).describe()}"
                                         if doc.family_of(i) is not None else ""))
             for w, i in (("P", doc.reference_id), ("Q", doc.focus_id))]
    rows = [f"<tr><th>Outcome</th><th>{heads[0]}</th><th>{heads[1]}</th><th>p</th>"
            "<th>q</th></tr>"]
    for i in range(shown):
        cells = [labels[i] or str(i + 1), p_text[i], q_text[i],
                 figure_text(c.p[i], doc.digits), figure_text(c.q[i], doc.digits)]
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in cells)
                    + "</tr>")
    more = f"<p>… and {c.n - shown:,} more outcomes.</p>" if c.n > shown else ""
    return ("<table border='1' cellspacing='0' cellpadding='3'>" + "".join(rows)
            + "</table>" + more)


def _entries(doc, which: int, shown: int) -> list[str]:
    """The first ``shown`` entries as typed, with the locale's decimal mark (as the
    table shows them); a family's probabilities at the digits shown (their texts carry
    every digit)."""
    if doc.family_of(which) is None:
        return [entry_text(t) for t in doc.texts(which)[:shown]]
    return [figure_text(v, doc.digits) for v in doc.values(which)[:shown].tolist()]


def _figures_html(c, digits: int, blank: bool) -> str:
    names = ("kl_pq", "kl_qp", *SYMMETRIC, *ENTROPIES)
    rows = []
    for name in names:
        value = getattr(c, name)
        unit = c.unit_of(name)
        shown = figure_text(value, digits)
        if not math.isinf(value) and unit:
            shown += f" {unit}"
        rows.append(f"<tr><td>{html.escape(NAMES[name])}</td>"
                    f"<td>{_BLANK if blank else html.escape(shown)}</td></tr>")
    return "<h3>Figures</h3><table cellpadding='2'>" + "".join(rows) + "</table>"


def _checks_html(c, digits: int, blank: bool) -> str:
    items = []
    for check in inequality_checks(c, digits):
        numbers = _BLANK if blank else html.escape(check.numbers)
        mark = "" if blank else (" ✓" if check.holds else " ✗")
        items.append(f"<li>{html.escape(check.name)}: {html.escape(check.statement)} — "
                     f"{numbers}{mark}</li>")
    return "<h3>Checks</h3><ul>" + "".join(items) + "</ul>"


def write_handout_pdf(path: str | Path, window, page: str = "A4",
                      worksheet: bool = False) -> int:
    """Write the handout (see :func:`handout_document`) to ``path`` as a PDF on
    ``page`` ("A4" or "Letter") paper with 15 mm margins; returns its page count."""
    if page not in PAGE_SIZES:
        raise ValueError(f"no page size {page!r}; use A4 or Letter")
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES[page]),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    writer.setTitle(window.document.name)
    text = handout_document(window, worksheet)
    area = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    text.setPageSize(QSizeF(area.width(), area.height()))
    text.print_(writer)
    return text.pageCount()


def ask_printer(printer, parent) -> bool:
    """Qt's print dialog for ``printer`` (a QPrinter): True when the person chose Print.
    Tests replace this function to print without a dialog."""
    from PySide6.QtPrintSupport import QPrintDialog

    return bool(QPrintDialog(printer, parent).exec())


def print_handout(window) -> int:
    """File ▸ Print handout…: the handout on the locale's paper, on the printer chosen
    in the print dialog (:func:`ask_printer`), laid out to that printer's page. Returns
    the pages printed (0: cancelled, or nothing to compare, which the status bar says)."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE_SIZES[default_page_size()]))
    printer.setDocName(window.document.name)
    if not ask_printer(printer, window):
        return 0
    try:
        text = handout_document(window)
    except ValueError as e:
        announce(window, f"Nothing was printed: {e}")
        return 0
    area = printer.pageLayout().paintRect(QPageLayout.Unit.Point)
    text.setPageSize(QSizeF(area.width(), area.height()))
    text.print_(printer)
    pages = text.pageCount()
    announce(window, f"Sent the handout to {printer.printerName() or printer.outputFileName()}"
                     f" ({pages} page{'s' if pages != 1 else ''}).")
    return pages


def add_handout_actions(menu: QMenu, window) -> None:
    """File ▸ Export handout PDF…, Export worksheet PDF… and Print handout…."""
    def export(worksheet: bool) -> None:
        kind = "worksheet" if worksheet else "handout"
        suggested = f"{window.document.name}-{kind}.pdf"
        path, chosen = QFileDialog.getSaveFileName(
            window, f"Export the {kind}", suggested, "PDF, A4 (*.pdf);;PDF, Letter (*.pdf)",
            "PDF, Letter (*.pdf)" if default_page_size() == "Letter" else "PDF, A4 (*.pdf)")
        if not path:
            return
        page = "Letter" if "Letter" in chosen else "A4"
        try:
            pages = write_handout_pdf(path, window, page, worksheet)
        except (OSError, ValueError) as e:
            announce(window, f"The {kind} was not written: {e}")
            return
        announce(window, f"Wrote the {kind} to {Path(path).name} ({pages} page"
                         f"{'s' if pages != 1 else ''}, {page}).")

    menu.addSeparator()
    for text, slot in (("Export han&dout PDF…", lambda: export(False)),
                       ("Export wor&ksheet PDF…", lambda: export(True)),
                       ("&Print handout…", lambda: print_handout(window))):
        action = menu.addAction(text)
        action.triggered.connect(slot)
