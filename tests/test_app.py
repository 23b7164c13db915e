"""Start-up paths of the app."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from klgui.core import compare

ROOT = Path(__file__).resolve().parents[1]


def test_window_shows_the_figures_of_the_example(qtbot):
    from klgui.ui.main_window import FIGURE_NAMES, MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    c = compare([0.8, 0.2], [0.6, 0.4])
    table = w.figures
    assert table.rowCount() == len(FIGURE_NAMES)
    first = table.item(0, 0).text(), table.item(0, 1).text()
    assert first == ("D(P‖Q)", f"{c.kl_pq:.6g} nats")
    by_name = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert by_name["Total variation"] == "0.2"  # no unit
    assert by_name["Jensen–Shannon distance"] == f"{c.js_distance:.6g}"
    assert not w.windowIcon().isNull()


@pytest.mark.parametrize("entry", [["main.py"], ["-m", "klgui"]])
def test_screenshot_from_the_command_line(tmp_path, entry):
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, *entry, "--screenshot", str(shot)], cwd=ROOT, env=env,
                   check=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
