"""Handouts as PDF: A4 and Letter, the handout's figures and checks, and a worksheet whose
first page leaves the answers blank while its answer key gives them. The PDF is read
back with poppler (pdfinfo, pdftotext, pdftoppm) where installed."""

import shutil
import subprocess

import pytest

from klgui.io.presets import find_preset
from klgui.ui.files.handout import handout_document, write_handout_pdf

POPPLER = all(shutil.which(t) for t in ("pdfinfo", "pdftotext", "pdftoppm"))


def _show(window, qtbot, preset="support-mismatch"):
    with qtbot.waitSignal(window.sigRefreshed):
        window.load_preset(find_preset(preset))
        window.refresh()


def test_the_handout_holds_table_figures_worked_solution_and_checks(window, qtbot):
    _show(window, qtbot)
    text = handout_document(window).toPlainText()
    for part in ("Support mismatch", "Unit: nats", "snow", "0.0947747 nats", "Figures",
                 "Worked solution", "Gibbs' inequality", "Pinsker", "✓"):
        assert part in text, part
    sheet = handout_document(window, worksheet=True).toPlainText()
    key_start = sheet.index("Answer key")
    assert "0.0947747 nats" not in sheet[:key_start]  # blanks for the student
    assert "________________" in sheet[:key_start]
    assert "0.0947747 nats" in sheet[key_start:] and "Worked solution" in sheet[key_start:]


def test_nothing_to_compare_is_refused_with_the_reason(window, qtbot):
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b"], ["0", "0"], ["1", "1"], name="empty")
    with pytest.raises(ValueError, match="nothing to put on a handout"):
        handout_document(window)


@pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")
@pytest.mark.parametrize("page, points", [("A4", "595 x 842"), ("Letter", "612 x 792")])
def test_pdf_pages_and_paper(window, qtbot, tmp_path, page, points):
    _show(window, qtbot)
    path = tmp_path / f"handout-{page}.pdf"
    pages = write_handout_pdf(path, window, page)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert f"Pages:           {pages}" in info and 1 <= pages <= 2
    assert points in info
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "0.0947747 nats" in text and "Worked solution" in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True)
    from PySide6.QtGui import QImage

    image = QImage(str(next(tmp_path.glob("page*.png"))))
    blue = [(x, y) for x in range(image.width()) for y in range(image.height())
            if abs(image.pixelColor(x, y).red() - 0x00) < 40
            and abs(image.pixelColor(x, y).green() - 0x72) < 40
            and abs(image.pixelColor(x, y).blue() - 0xB2) < 40]
    assert len(blue) > 20  # the chart's blue bar is on the first page


@pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")
def test_the_worksheet_pdf_keeps_its_answers_for_the_key(window, qtbot, tmp_path):
    _show(window, qtbot)
    path = tmp_path / "worksheet.pdf"
    write_handout_pdf(path, window, "A4", worksheet=True)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    student, key = text.split("Answer key", 1)
    assert "0.0947747" not in student and "0.0947747" in key


def _print_action(window):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == "&Print handout…")


@pytest.fixture
def printed(monkeypatch, tmp_path):
    """File ▸ Print handout… without a dialog: the printer chosen writes a PDF file.
    Gives the list of (printer page size, file) the dialog was asked about."""
    from PySide6.QtPrintSupport import QPrinter

    from klgui.ui.files import handout

    asked = []

    def accept(printer, parent):
        path = tmp_path / f"printed-{len(asked)}.pdf"
        asked.append((printer.pageLayout().pageSize().id(), path))
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    monkeypatch.setattr(handout, "ask_printer", accept)
    return asked


@pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")
def test_print_handout_prints_the_pages_on_the_printer_chosen(window, qtbot, tmp_path, printed):
    from PySide6.QtGui import QImage, QPageSize

    _show(window, qtbot)
    _print_action(window).trigger()
    [(paper, path)] = printed
    assert paper == QPageSize.PageSizeId.A4  # the C locale's paper
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(info.split("Pages:")[1].split()[0])
    assert 1 <= pages <= 2 and "595 x 842" in info
    assert window.statusBar().currentMessage() == (
        f"Sent the handout to {path} ({pages} page{'s' if pages > 1 else ''}).")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for part in ("Support mismatch", "0.0947747 nats", "Worked solution", "Pinsker"):
        assert part in text, part
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "printed-page")], check=True)
    image = QImage(str(next(tmp_path.glob("printed-page*.png"))))
    assert image.width() == round(595 * 40 / 72)
    blue = sum(1 for x in range(image.width()) for y in range(image.height())
               if abs(image.pixelColor(x, y).red() - 0x00) < 40
               and abs(image.pixelColor(x, y).green() - 0x72) < 40
               and abs(image.pixelColor(x, y).blue() - 0xB2) < 40)
    assert blue > 20  # the chart is on the page, in its colours


def test_print_handout_cancelled_or_with_nothing_to_compare_prints_nothing(
        window, qtbot, tmp_path, monkeypatch):
    from klgui.ui.files import handout

    _show(window, qtbot)
    monkeypatch.setattr(handout, "ask_printer", lambda printer, parent: False)
    assert handout.print_handout(window) == 0
    assert list(tmp_path.glob("*.pdf")) == []
    with qtbot.waitSignal(window.sigRefreshed):
        window.edits.load(["a", "b"], ["0", "0"], ["1", "1"], name="empty")
    monkeypatch.setattr(handout, "ask_printer", lambda printer, parent: True)
    assert handout.print_handout(window) == 0
    assert window.statusBar().currentMessage().startswith(
        "Nothing was printed: nothing to put on a handout")
