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
